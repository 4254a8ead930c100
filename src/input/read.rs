//! The streaming driver: files → records → observations → sinks.
//!
//! With several inputs, each thread reads, checks and scores whole files;
//! one large input is cut into byte ranges that the threads read at once
//! (see [`chunks`](super::chunks)); otherwise one thread reads records into
//! batches and the others (started as batches come) check and score them.
//! Every thread feeds its own sink; the sinks merge at the end, so the
//! result does not depend on the thread count, which is at most
//! [`max_threads`]. Memory does not grow with the data except for the keys
//! kept to find the same observation imported twice (4 bytes a row and 16
//! a visit, see `Keys`): they are split by visit into one part per thread
//! (up to one per core), each part looked at on its own thread, and the
//! rare duplicates found are then located by a second pass.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use encoding_rs::Encoding;

use super::columns::{Columns, Field};
use super::records::{Fields, MAX_LINES, Record, Records, Unclosed};
use super::rejects::Rejects;
use super::row::{self, PointTypeNote, RowError};
use super::source::{self, HeaderSearch, RecordSource, SheetRecords, Step, Unit};
use super::{Checker, Loc, Obs, Sink, decode};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::Msg;
use crate::standard::Entry;

/// How many diagnostics are kept (the first ones by position); the rest
/// are only counted.
pub const SHOWN: usize = 50;
const BATCH: usize = 4096;

/// An input file (or standard input, already spooled to a file).
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    /// As the user wrote it (`-` for standard input).
    pub display: String,
}

#[derive(Clone, Copy, Debug)]
pub struct ReadOptions<'a> {
    /// Worker threads; 1 reads and scores on the calling thread. At most
    /// [`max_threads`] are started, and no more than the work needs.
    pub threads: usize,
    pub encoding: Option<&'static Encoding>,
    pub delimiter: Option<u8>,
    /// Keep every rejected row (for `--rejects`).
    pub keep_rejects: bool,
    /// Compute each input's SHA-256 (only JSON reports show it).
    pub sha256: bool,
    /// With several threads, one input at least twice this size is read in
    /// byte ranges of about this size at once; 0 means [`CHUNK`].
    pub chunk_bytes: u64,
    /// `--sheet NAME`: the one sheet read of each workbook.
    pub sheet: Option<&'a str>,
    /// `--header-row N`: the header is on row N (1-based), not looked for.
    pub header_row: Option<u64>,
}

/// The default size of the byte ranges one large input is cut into.
pub const CHUNK: u64 = 32 << 20;

/// Worker threads allowed per core. Threads beyond the cores only take
/// turns on them, and each keeps a state of its own that is merged at the
/// end, so a few more than the cores is the most that can help.
pub const THREADS_PER_CORE: usize = 4;

/// The cores this process may run on (1 if unknown).
#[must_use]
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// The most worker threads a read uses: [`THREADS_PER_CORE`] per core.
#[must_use]
pub fn max_threads() -> usize {
    cores().saturating_mul(THREADS_PER_CORE)
}

/// The worker threads for `-j N`: every core when `N` is absent or 0, and
/// at most [`max_threads`]. The second value is true when `N` was lowered
/// to that limit.
#[must_use]
pub fn thread_count(asked: Option<usize>) -> (usize, bool) {
    match asked {
        None | Some(0) => (cores(), false),
        Some(n) => {
            let max = max_threads();
            (n.min(max), n > max)
        }
    }
}

/// What was read from one input.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct InputInfo {
    pub path: String,
    pub encoding: String,
    pub rows: u64,
    /// Computed for JSON reports only; `null` otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
}

/// Row counts over all inputs.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct RowCounts {
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
}

/// Everything a read produced.
pub struct ReadResult<S> {
    pub sink: S,
    pub inputs: Vec<InputInfo>,
    /// The first [`SHOWN`] diagnostics by position, then notes and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// How many error diagnostics there were in all.
    pub errors: u64,
    /// The rejected rows, when asked for (`keep_rejects`).
    pub rejected: Rejects,
    pub rows: RowCounts,
    /// The header cells of each input, to write rejected rows back (only
    /// with `keep_rejects`).
    pub headers: Vec<Vec<String>>,
    /// The inputs as read, one per CSV file and one per sheet read
    /// (`file[sheet]`): what the file index of a rejected row, `inputs` and
    /// `headers` refer to.
    pub sources: Vec<Source>,
}

#[derive(Clone)]
struct FileCtx {
    idx: usize,
    display: String,
    columns: Columns,
    transcoded: bool,
    line_offset: u64,
    /// Set when the header lacks a needed column: every row is rejected.
    fatal: Option<Msg>,
    /// For a sheet, its column of the records' first field: diagnostics
    /// then name cells (`C17`).
    first_col: Option<u32>,
}

type Batch = (Arc<FileCtx>, Vec<Record>);

/// What one thread of the several-files path hands back: its worker, and
/// per file its index, diagnostics, input info and header.
type PerThread<S> = (
    Worker<S>,
    Vec<(usize, Vec<Diagnostic>, Vec<InputInfo>, Vec<String>)>,
);

/// What a thread reading byte ranges hands back: its worker, the read
/// errors it met, and whether a quoted field did not close in a range.
type RangeWorker<S> = (Worker<S>, Vec<Diagnostic>, bool);

/// Per-worker state, merged at the end.
struct Worker<S> {
    sink: S,
    keep_rejects: bool,
    diags: Vec<(usize, u64, usize, Diagnostic)>,
    errors: u64,
    rejected: Rejects,
    /// This worker's row keys, split by visit into parts (one per thread,
    /// up to one per core: see [`Keys`]).
    keys: Vec<Keys>,
    /// Per part, the pieces of every worker merged into this one.
    parts: Vec<Vec<Keys>>,
    used: u64,
    read: Vec<u64>,
    notes: HashMap<PointTypeNote, (usize, u64, u64)>,
    scratch: Vec<RowError>,
    memo: row::Memo,
}

impl<S: Sink> Worker<S> {
    /// A worker whose keys go to `parts` parts. Every worker of a read has
    /// the same number of parts, so memory grows with workers × parts: see
    /// [`read`].
    fn new(sink: S, files: usize, opts: ReadOptions<'_>, parts: usize) -> Self {
        let parts = parts.max(1);
        Self {
            sink,
            keep_rejects: opts.keep_rejects,
            diags: Vec::new(),
            errors: 0,
            rejected: Rejects::default(),
            keys: (0..parts).map(|_| Keys::default()).collect(),
            parts: (0..parts).map(|_| Vec::new()).collect(),
            used: 0,
            read: vec![0; files],
            notes: HashMap::new(),
            scratch: Vec::new(),
            memo: row::Memo::default(),
        }
    }

    fn diag(&mut self, file: &FileCtx, line: u64, column: Option<usize>, msg: Msg) {
        self.errors += 1;
        let col_name = column.and_then(|c| file.columns.names.get(c).cloned());
        let pos = match (file.first_col, column) {
            (Some(first), Some(c)) => Pos::Cell {
                row: line,
                col: first.saturating_add(u32::try_from(c).unwrap_or(u32::MAX)),
                column: col_name,
            },
            _ => Pos::Row {
                line,
                column: col_name,
            },
        };
        let d = Diagnostic::new(Severity::Error, Some(file.display.clone()), pos, msg);
        self.diags.push((file.idx, line, column.unwrap_or(0), d));
        if self.diags.len() >= 4 * SHOWN {
            self.trim();
        }
    }

    /// Done reading: this worker's keys become pieces of the parts.
    fn finish(mut self) -> Self {
        for (part, k) in self.parts.iter_mut().zip(std::mem::take(&mut self.keys)) {
            part.push(k);
        }
        self
    }

    /// Score a valid row and keep its key. (The fields it takes, not `self`:
    /// the row borrows the memo.)
    fn take(
        keys: &mut [Keys],
        parts: &mut [Vec<Keys>],
        sink: &mut S,
        ck: &Checker<'_>,
        obs: &Obs<'_>,
    ) {
        Self::key(keys, parts, obs.visit, target_index(ck, obs.target));
        sink.observe(obs);
    }

    /// Keep a row's key in its part: the visit scaled to `0..parts`, so
    /// that the parts split the visits.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "the product shifted down is below the number of parts"
    )]
    fn key(keys: &mut [Keys], parts: &mut [Vec<Keys>], visit: u64, target: usize) {
        let part = ((u128::from(visit) * keys.len() as u128) >> 64) as usize;
        if !keys[part].push(visit, target) {
            // Full: a new piece.
            parts[part].push(std::mem::take(&mut keys[part]));
            keys[part].push(visit, target);
        }
    }

    fn trim(&mut self) {
        self.diags.sort_by_key(|(f, l, c, _)| (*f, *l, *c));
        self.diags.truncate(SHOWN);
    }

    fn batch(&mut self, ck: &Checker<'_>, file: &FileCtx, records: &[Record]) {
        for rec in records {
            self.row(ck, file, rec.fields());
        }
    }

    /// Check and score one record of `file`.
    fn row(&mut self, ck: &Checker<'_>, file: &FileCtx, rec: Fields<'_>) {
        self.memo.enter(file.idx, &file.columns);
        if let Some(unclosed) = rec.unclosed() {
            self.read[file.idx] += 1;
            let line = rec.line() + file.line_offset;
            let msg = unclosed_msg(unclosed);
            if self.keep_rejects {
                self.reject(file, line, rec, &[&msg]);
            }
            self.diag(file, line, None, msg);
            return;
        }
        if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            return;
        }
        self.read[file.idx] += 1;
        let line = rec.line() + file.line_offset;
        if let Some(msg) = &file.fatal {
            if self.keep_rejects {
                self.reject(file, line, rec, &[msg]);
            }
            return;
        }
        if rec.cell_errors() != 0 {
            self.cell_errors(ck, file, line, rec);
            return;
        }
        let loc = Loc {
            input: file.idx,
            line,
        };
        if let Some(obs) = &row::quick(
            &rec,
            &file.columns,
            ck,
            file.transcoded,
            &mut self.memo,
            &mut self.scratch,
            loc,
        ) {
            self.used += 1;
            Self::take(&mut self.keys, &mut self.parts, &mut self.sink, ck, obs);
            return;
        }
        let mut errors = std::mem::take(&mut self.scratch);
        errors.clear();
        let mut note = None;
        let used = if let Some(obs) = &row::parse(
            &rec,
            &file.columns,
            ck,
            file.transcoded,
            &mut self.memo,
            &mut errors,
            &mut note,
            loc,
        ) {
            self.used += 1;
            Self::take(&mut self.keys, &mut self.parts, &mut self.sink, ck, obs);
            true
        } else {
            false
        };
        if used {
            if let Some(n) = note {
                self.notes
                    .entry(n)
                    .and_modify(|e| {
                        if (file.idx, line) < (e.0, e.1) {
                            (e.0, e.1) = (file.idx, line);
                        }
                        e.2 += 1;
                    })
                    .or_insert((file.idx, line, 1));
            }
        } else {
            field_count_hint(file, line, rec, &mut errors);
            self.refuse(file, line, rec, &mut errors);
        }
        self.scratch = errors;
    }

    /// Reject a row for `errors` (which are drained).
    fn refuse(&mut self, file: &FileCtx, line: u64, rec: Fields<'_>, errors: &mut Vec<RowError>) {
        if self.keep_rejects {
            let reasons: Vec<&Msg> = errors.iter().map(|e| &e.msg).collect();
            self.reject(file, line, rec, &reasons);
        }
        for e in errors.drain(..) {
            self.diag(file, line, e.column, e.msg);
        }
    }

    /// A workbook row with a formula error (`#N/A`) in a column that is
    /// read: rejected, the error located at its cell, with every other
    /// problem of the row.
    #[cold]
    fn cell_errors(&mut self, ck: &Checker<'_>, file: &FileCtx, line: u64, rec: Fields<'_>) {
        let bad: Vec<usize> = Field::ALL
            .iter()
            .filter(|&&f| rec.cell_errors() & (1 << f as u16) != 0)
            .filter_map(|&f| file.columns.get(f))
            .collect();
        let mut errors = std::mem::take(&mut self.scratch);
        errors.clear();
        let mut note = None;
        let _ = row::parse(
            &rec,
            &file.columns,
            ck,
            file.transcoded,
            &mut self.memo,
            &mut errors,
            &mut note,
            Loc {
                input: file.idx,
                line,
            },
        );
        errors.retain(|e| e.column.is_none_or(|c| !bad.contains(&c)));
        errors.extend(bad.iter().map(|&c| RowError {
            column: Some(c),
            msg: Msg::CellError {
                value: String::from_utf8_lossy(rec.get(c).unwrap_or_default()).into_owned(),
            },
        }));
        errors.sort_by_key(|e| e.column);
        self.refuse(file, line, rec, &mut errors);
        self.scratch = errors;
    }

    fn reject(&mut self, file: &FileCtx, line: u64, rec: Fields<'_>, reasons: &[&Msg]) {
        self.rejected
            .push(file.idx, line, rec, file.columns.names.len(), reasons);
    }

    fn merge(&mut self, mut o: Self) {
        self.sink.merge(o.sink);
        self.diags.append(&mut o.diags);
        self.trim();
        self.errors += o.errors;
        self.rejected.absorb(o.rejected);
        for (mine, theirs) in self.parts.iter_mut().zip(o.parts) {
            mine.extend(theirs);
        }
        self.used += o.used;
        for (a, b) in self.read.iter_mut().zip(&o.read) {
            *a += b;
        }
        for (k, v) in o.notes {
            self.notes
                .entry(k)
                .and_modify(|e| {
                    if (v.0, v.1) < (e.0, e.1) {
                        (e.0, e.1) = (v.0, v.1);
                    }
                    e.2 += v.2;
                })
                .or_insert(v);
        }
    }
}

/// A row with another field count than the header's says why when it can
/// tell: its bytes are not text (in a file read as UTF-8), or it runs over
/// several lines (a quote that does not close where meant).
fn field_count_hint(file: &FileCtx, line: u64, rec: Fields<'_>, errors: &mut [RowError]) {
    for e in errors {
        let Msg::FieldCount { found, expected } = e.msg else {
            continue;
        };
        if !file.transcoded && rec.iter().any(|f| std::str::from_utf8(f).is_err()) {
            e.msg = Msg::Undecodable;
        } else if rec.last_line() > rec.line() {
            e.msg = Msg::FieldCountOverLines {
                found,
                expected,
                first: line,
                last: rec.last_line() + file.line_offset,
            };
        }
    }
}

/// What is wrong with a record whose quoted field does not close.
fn unclosed_msg(unclosed: Unclosed) -> Msg {
    match unclosed {
        Unclosed::AtEnd => Msg::UnclosedQuote,
        Unclosed::TooManyLines => Msg::QuoteTooLong { lines: MAX_LINES },
    }
}

/// The identity of an observation (round, district, point, criterion,
/// date) as a fast 64-bit hash (`seed` 0) or an independent `SipHash`
/// (`seed` 1); the two together identify it.
fn key_hash(ck: &Checker<'_>, obs: &Obs<'_>, seed: u8) -> u64 {
    if seed == 0 {
        row_key(obs.visit, target_index(ck, obs.target))
    } else {
        key_into(ck, obs, DefaultHasher::new())
    }
}

/// A row's target as one number: criteria, then penalties, then groups.
fn target_index(ck: &Checker<'_>, target: Entry) -> usize {
    let st = ck.standard;
    match target {
        Entry::Criterion(c) => c,
        Entry::Penalty(p) => st.criteria.len() + p,
        Entry::Group(g) => st.criteria.len() + st.penalties.len() + g,
    }
}

/// The identity of an observation as one 64-bit hash: its visit's hash
/// (kept from row to row) with its target.
fn row_key(visit: u64, target: usize) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u64(visit);
    h.write_usize(target);
    h.finish()
}

fn key_into<H: Hasher>(ck: &Checker<'_>, obs: &Obs<'_>, mut h: H) -> u64 {
    let id = match obs.target {
        Entry::Criterion(c) => ck.standard.criteria[c].id.as_str(),
        Entry::Penalty(p) => ck.standard.penalties[p].id.as_str(),
        Entry::Group(g) => ck.standard.groups[g].id.as_str(),
    };
    obs.round.hash(&mut h);
    obs.district.hash(&mut h);
    obs.point.unwrap_or("").hash(&mut h);
    id.hash(&mut h);
    obs.date.unwrap_or(0).hash(&mut h);
    h.finish()
}

/// Read every source into sinks made by `new_sink`, merged into one.
///
/// # Errors
/// I/O errors while reading (a file that cannot be opened is reported as
/// a diagnostic instead).
pub fn read<S, F>(
    sources: &[Source],
    ck: &Checker<'_>,
    opts: ReadOptions<'_>,
    new_sink: F,
) -> anyhow::Result<ReadResult<S>>
where
    S: Sink,
    F: Fn() -> S + Sync,
{
    let mut file_diags: Vec<Diagnostic> = Vec::new();
    let units = plan(sources, opts, &mut file_diags);
    let sources = &units[..];
    let n = sources.len();
    crate::progress::READ.begin(n);
    crate::progress::test_slow_read();
    let mut infos: Vec<InputInfo> = Vec::with_capacity(n);
    let mut headers: Vec<Vec<String>> = vec![Vec::new(); n];
    let threads = opts.threads.clamp(1, max_threads());
    let opts = ReadOptions { threads, ..opts };
    let parts = key_parts(threads);

    let mut total = if threads == 1 {
        let mut w = Worker::new(new_sink(), n, opts, parts);
        produce(
            sources,
            0..n,
            opts,
            &mut file_diags,
            &mut infos,
            &mut headers,
            |file, rec| w.row(ck, file, rec),
        )?;
        w.finish()
    } else if let Some(w) = read_chunked(
        sources,
        ck,
        opts,
        &new_sink,
        &mut file_diags,
        &mut infos,
        &mut headers,
    )? {
        w
    } else if n > 1 {
        // Several files: each thread reads and scores whole files.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let per_file = std::thread::scope(|scope| -> anyhow::Result<Vec<PerThread<S>>> {
            let handles: Vec<_> = (0..threads.min(n))
                .map(|_| {
                    let (next, new_sink) = (&next, &new_sink);
                    scope.spawn(move || -> anyhow::Result<PerThread<S>> {
                        let mut w = Worker::new(new_sink(), n, opts, parts);
                        let mut files = Vec::new();
                        let mut headers = vec![Vec::new(); n];
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if i >= n {
                                break;
                            }
                            let (mut diags, mut info) = (Vec::new(), Vec::new());
                            produce(
                                sources,
                                i..i + 1,
                                opts,
                                &mut diags,
                                &mut info,
                                &mut headers,
                                |file, rec| w.row(ck, file, rec),
                            )?;
                            files.push((i, diags, info, std::mem::take(&mut headers[i])));
                        }
                        Ok((w.finish(), files))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .map_err(|_| anyhow::anyhow!("a worker thread panicked"))?
                })
                .collect()
        })?;
        let mut files = Vec::with_capacity(n);
        let mut workers = Vec::new();
        for (w, f) in per_file {
            workers.push(w);
            files.extend(f);
        }
        files.sort_by_key(|f| f.0);
        for (i, diags, info, header) in files {
            file_diags.extend(diags);
            infos.extend(info);
            headers[i] = header;
        }
        merged(workers).unwrap_or_else(|| Worker::new(new_sink(), n, opts, parts).finish())
    } else {
        std::thread::scope(|scope| -> anyhow::Result<Worker<S>> {
            let (tx, rx) = sync_channel::<Batch>(threads * 2);
            let (back_tx, back_rx) = std::sync::mpsc::channel::<Vec<Record>>();
            let rx = Arc::new(Mutex::new(rx));
            let mut handles = Vec::new();
            // A worker is started with each batch sent until there are
            // `threads`: a small input starts one.
            let hand_over = |batch: Option<Batch>, handles: &mut Vec<_>| {
                if batch.as_ref().is_some_and(|b| !b.1.is_empty()) && handles.len() < threads {
                    let rx = Arc::clone(&rx);
                    let back = back_tx.clone();
                    let new_sink = &new_sink;
                    handles.push(scope.spawn(move || {
                        let mut w = Worker::new(new_sink(), n, opts, parts);
                        while let Some((file, recs)) = next(&rx) {
                            w.batch(ck, &file, &recs);
                            let _ = back.send(recs);
                        }
                        w.finish()
                    }));
                }
                send(&tx, &back_rx, batch)
            };
            // Records are copied into batches, which come back from the
            // workers to be filled again: buffers are allocated once.
            let mut batch: Option<(Arc<FileCtx>, Vec<Record>)> = None;
            let mut pool: Vec<Record> = Vec::new();
            let result = produce(
                sources,
                0..n,
                opts,
                &mut file_diags,
                &mut infos,
                &mut headers,
                |file, rec| {
                    if batch.as_ref().is_some_and(|(f, _)| !Arc::ptr_eq(f, file)) {
                        pool = hand_over(batch.take(), &mut handles);
                    }
                    let (_, recs) =
                        batch.get_or_insert_with(|| (Arc::clone(file), Vec::with_capacity(BATCH)));
                    let mut r = pool.pop().unwrap_or_default();
                    r.set(rec);
                    recs.push(r);
                    if recs.len() == BATCH {
                        pool = hand_over(batch.take(), &mut handles);
                    }
                },
            );
            hand_over(batch.take(), &mut handles);
            drop(tx);
            let workers = handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .map_err(|_| anyhow::anyhow!("a worker thread panicked"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            result?;
            Ok(merged(workers).unwrap_or_else(|| Worker::new(new_sink(), n, opts, parts).finish()))
        })?
    };
    for (info, read) in infos.iter_mut().zip(&total.read) {
        info.rows = *read;
    }
    find_duplicates(sources, ck, opts, &mut total)?;
    total.rejected.finish()?;
    total.trim();
    let mut diagnostics: Vec<Diagnostic> = file_diags;
    let file_errors = diagnostics.iter().filter(|d| d.is_error()).count() as u64;
    diagnostics.extend(total.diags.into_iter().map(|(.., d)| d));
    let mut notes: Vec<_> = total.notes.into_iter().collect();
    notes.sort_by_key(|(k, v)| (v.0, v.1, k.clone()));
    for (k, (file, line, rows)) in notes {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            Some(sources[file].display.clone()),
            Pos::Row {
                line,
                column: Some(Field::PointType.display()),
            },
            Msg::PointTypeMismatch {
                point_type: k.point_type,
                id: ck.standard.criteria[k.criterion].id.clone(),
                rows,
            },
        ));
    }
    let read: u64 = infos.iter().map(|i| i.rows).sum();
    Ok(ReadResult {
        sink: total.sink,
        inputs: infos,
        diagnostics,
        errors: total.errors + file_errors,
        rejected: total.rejected,
        rows: RowCounts {
            read,
            used: total.used,
            rejected: read - total.used,
        },
        headers,
        sources: units
            .iter()
            .map(|u| Source {
                path: u.path.clone(),
                display: u.display.clone(),
            })
            .collect(),
    })
}

/// One source's units, and what was said while planning them.
type Planned = (Vec<Unit>, Vec<Diagnostic>);

/// The units the sources give: a CSV file is one, a workbook one per sheet
/// read (see [`source::plan`]), in the sources' order, then the sheets'.
/// Workbooks are read (unzipped and parsed, the slow part) on the read's
/// threads when there are several.
fn plan(sources: &[Source], opts: ReadOptions<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Unit> {
    let plan = source::Plan {
        sheet: opts.sheet,
        header_row: opts.header_row,
        sha256: opts.sha256,
    };
    let one = |s: &Source| {
        let mut d = Vec::new();
        let units = source::plan(&s.display, &s.path, plan, &mut d);
        (units, d)
    };
    let books = sources
        .iter()
        .filter(|s| source::is_workbook(std::path::Path::new(&s.display)))
        .count();
    let planned: Vec<Planned> = if opts.threads < 2 || books < 2 {
        sources.iter().map(one).collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut done: Vec<(usize, Planned)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..opts.threads.min(books))
                .map(|_| {
                    let (next, one) = (&next, &one);
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(s) = sources.get(i) else { break };
                            out.push((i, one(s)));
                        }
                        out
                    })
                })
                .collect();
            handles
                .into_iter()
                // A thread that panicked has planned nothing: its sources
                // are planned again below.
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        done.sort_by_key(|d| d.0);
        let mut done = done.into_iter().peekable();
        sources
            .iter()
            .enumerate()
            .map(|(i, s)| match done.next_if(|d| d.0 == i) {
                Some((_, p)) => p,
                None => one(s),
            })
            .collect()
    };
    let mut units = Vec::with_capacity(sources.len());
    for (u, d) in planned {
        units.extend(u);
        diags.extend(d);
    }
    units
}

/// One large input on several threads: cut it into byte ranges (see
/// [`chunks`](super::chunks)) and let each thread read, check and score whole
/// ranges. `None` when this does not apply (several inputs, one thread, a
/// small file, or an encoding whose bytes cannot be cut blindly).
fn read_chunked<S, F>(
    sources: &[Unit],
    ck: &Checker<'_>,
    opts: ReadOptions<'_>,
    new_sink: &F,
    file_diags: &mut Vec<Diagnostic>,
    infos: &mut Vec<InputInfo>,
    headers: &mut [Vec<String>],
) -> anyhow::Result<Option<Worker<S>>>
where
    S: Sink,
    F: Fn() -> S + Sync,
{
    let size = if opts.chunk_bytes == 0 {
        CHUNK
    } else {
        opts.chunk_bytes
    };
    // CSV text only: a sheet is in memory already.
    let [src] = sources else { return Ok(None) };
    if src.sheet.is_some() {
        return Ok(None);
    }
    let len = std::fs::metadata(&src.path).map_or(0, |m| m.len());
    if opts.threads < 2 || len < 2 * size {
        return Ok(None);
    }
    let parts = key_parts(opts.threads);
    // No more threads than ranges.
    let threads = usize::try_from(len.div_ceil(size)).map_or(opts.threads, |r| opts.threads.min(r));
    let (mut diags, mut hdrs) = (Vec::new(), vec![Vec::new()]);
    let Some((RecordSource::Csv { opened, records }, file, first)) =
        prepare(sources, 0, opts, &mut diags, &mut hdrs)?
    else {
        return Ok(None);
    };
    drop(records);
    // The ranges are planned from the file's first record on: rows above
    // the header are read in one piece.
    if !first {
        return Ok(None);
    }
    let bom = match opened.encoding {
        "UTF-8 (BOM)" => 3,
        "UTF-8" | "GB18030" => 0,
        _ => return Ok(None),
    };
    let gb18030 = opened.encoding == "GB18030";
    let delimiter = opened.delimiter;
    // The planner looks at raw bytes for the delimiter: in GB18030 the
    // bytes of a multi-byte character include the digits and 0x40 on.
    if gb18030 && (delimiter.is_ascii_digit() || delimiter >= 0x40) {
        return Ok(None);
    }
    // One thread plans the ranges while the others read those planned.
    let (tx, rx) = std::sync::mpsc::channel::<super::chunks::Chunk>();
    let rx = Mutex::new(rx);
    let skipped = opened.skipped_lines;
    let (sha256, workers) = std::thread::scope(
        |scope| -> anyhow::Result<(Option<String>, Vec<RangeWorker<S>>)> {
            let planner = scope.spawn(move || {
                super::chunks::plan_with(
                    &src.path,
                    bom,
                    skipped,
                    delimiter,
                    size,
                    opts.sha256,
                    |c| {
                        let _ = tx.send(c);
                    },
                )
            });
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let (rx, file) = (&rx, &file);
                    scope.spawn(move || -> anyhow::Result<RangeWorker<S>> {
                        let mut w = Worker::new(new_sink(), 1, opts, parts);
                        let (mut errs, mut unclosed) = (Vec::new(), false);
                        while let Some(chunk) = next(rx) {
                            let mut raw = std::fs::File::open(&src.path)?;
                            std::io::Seek::seek(&mut raw, std::io::SeekFrom::Start(chunk.start))?;
                            let raw = crate::progress::Counted(raw.take(chunk.end - chunk.start));
                            let text: Box<dyn Read + Send> = if gb18030 {
                                Box::new(
                                    encoding_rs_io::DecodeReaderBytesBuilder::new()
                                        .encoding(Some(encoding_rs::GB18030))
                                        .bom_sniffing(false)
                                        .build(raw),
                                )
                            } else {
                                Box::new(raw)
                            };
                            let mut rdr = Records::new(text, delimiter, false);
                            let ctx = FileCtx {
                                line_offset: chunk.first_line - 1,
                                ..FileCtx::clone(file)
                            };
                            while let Some(rec) = next_record(&mut rdr, &src.display, &mut errs) {
                                unclosed |= rec.unclosed().is_some();
                                w.row(ck, &ctx, rec);
                            }
                        }
                        Ok((w.finish(), errs, unclosed))
                    })
                })
                .collect();
            let sha256 = planner
                .join()
                .map_err(|_| anyhow::anyhow!("the planning thread panicked"))??;
            let workers = handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .map_err(|_| anyhow::anyhow!("a worker thread panicked"))?
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            Ok((sha256, workers))
        },
    )?;
    // A file that cannot be cut by its quotes and line feeds alone (see
    // `plan_with`), or a quoted field that runs over too many lines (read
    // back as its first line, after which reading goes on in a place that
    // depends on where the range ends): read the file again in one piece.
    let Some(sha256) = sha256 else {
        return Ok(None);
    };
    if workers.iter().any(|w| w.2) {
        return Ok(None);
    }
    file_diags.extend(diags);
    headers[0] = std::mem::take(&mut hdrs[0]);
    let mut kept = Vec::with_capacity(workers.len());
    for (w, errs, _) in workers {
        file_diags.extend(errs);
        kept.push(w);
    }
    infos.push(InputInfo {
        path: src.display.clone(),
        encoding: opened.encoding.to_string(),
        rows: 0,
        sha256,
    });
    crate::progress::READ.file_done();
    Ok(Some(merged(kept).unwrap_or_else(|| {
        Worker::new(new_sink(), 1, opts, parts).finish()
    })))
}

/// How many parts each worker splits its keys into, with `threads` workers.
/// Workers × parts pieces are kept in all: workers are at most
/// [`max_threads`] (and started only as the work needs them), and parts at
/// most one per core, since each part is looked at on a thread of its own
/// and more parts than cores would not be faster.
fn key_parts(threads: usize) -> usize {
    threads.min(cores())
}

/// The workers merged into the first; `None` when there are none.
fn merged<S: Sink>(workers: Vec<Worker<S>>) -> Option<Worker<S>> {
    let mut workers = workers.into_iter();
    let mut first = workers.next()?;
    for w in workers {
        first.merge(w);
    }
    Some(first)
}

/// The next item from a shared receiver (its lock held only while taking
/// the item, not while the caller works on it).
fn next<T>(rx: &Mutex<Receiver<T>>) -> Option<T> {
    rx.lock().ok()?.recv().ok()
}

/// Hand a batch to the workers; an emptied one comes back, if any has.
fn send(tx: &SyncSender<Batch>, back: &Receiver<Vec<Record>>, batch: Option<Batch>) -> Vec<Record> {
    if let Some(b) = batch
        && !b.1.is_empty()
    {
        let _ = tx.send(b);
    }
    let mut recs = back.try_recv().unwrap_or_default();
    recs.clear();
    recs
}

/// Open each source in turn and hand each of its records to `row`.
fn produce(
    sources: &[Unit],
    indices: std::ops::Range<usize>,
    opts: ReadOptions<'_>,
    file_diags: &mut Vec<Diagnostic>,
    infos: &mut Vec<InputInfo>,
    headers: &mut [Vec<String>],
    mut row: impl FnMut(&Arc<FileCtx>, Fields<'_>),
) -> anyhow::Result<()> {
    for idx in indices {
        let src = &sources[idx];
        let mut info = InputInfo {
            path: src.display.clone(),
            encoding: String::new(),
            rows: 0,
            sha256: String::new(),
        };
        let Some((mut records, file, _)) = prepare(sources, idx, opts, file_diags, headers)? else {
            infos.push(info);
            continue;
        };
        info.encoding = records.encoding().to_string();
        // One loop per kind of source: the CSV loop is the one it was.
        match &mut records {
            RecordSource::Csv { records: rdr, .. } => {
                while let Some(rec) = next_record(rdr, &src.display, file_diags) {
                    row(&file, rec);
                }
            }
            RecordSource::Sheet(sheet) => {
                while let Some(rec) = sheet.next_record() {
                    row(&file, rec);
                }
            }
        }
        info.sha256 = records.sha256();
        infos.push(info);
        crate::progress::READ.file_done();
    }
    Ok(())
}

/// An input opened, its header read and checked, and whether the header is
/// its first record.
type Prepared = (RecordSource, Arc<FileCtx>, bool);

/// Open a source and check its header; header problems become diagnostics.
/// `None` when the file cannot be read as a table at all.
fn prepare(
    sources: &[Unit],
    idx: usize,
    opts: ReadOptions<'_>,
    file_diags: &mut Vec<Diagnostic>,
    headers: &mut [Vec<String>],
) -> anyhow::Result<Option<Prepared>> {
    let src = &sources[idx];
    let Some((records, mut header)) = open_source(src, opts, file_diags)? else {
        return Ok(None);
    };
    let columns = std::mem::take(&mut header.columns);
    // Only the rejected rows are written under the headers.
    if opts.keep_rejects {
        headers[idx].clone_from(&columns.names);
    }
    let missing = columns.missing();
    let mut header_errors: Vec<Msg> = Vec::new();
    if !missing.is_empty() {
        header_errors.push(Msg::MissingColumns {
            columns: missing
                .iter()
                .map(|f| format!("{} [{}]", f.display(), f.aliases().join(", ")))
                .collect(),
        });
    }
    // Two columns for one field: which one holds the data is a guess,
    // and a wrong guess would be a wrong score.
    for &(field, first, second) in &columns.repeated {
        header_errors.push(Msg::RepeatedColumn {
            column: field.display(),
            first: first + 1,
            second: second + 1,
        });
    }
    let fatal = header_errors.first().cloned();
    // A header whose quote does not close is read as its first line.
    if let Some(unclosed) = header.unclosed {
        header_errors.push(unclosed_msg(unclosed));
    }
    let at_header = |sev, msg| {
        Diagnostic::new(
            sev,
            Some(src.display.clone()),
            Pos::Row {
                line: header.line,
                column: None,
            },
            msg,
        )
    };
    if header.above > 0 {
        file_diags.push(at_header(
            Severity::Note,
            Msg::SkippedAboveHeader { rows: header.above },
        ));
    }
    for m in header_errors {
        file_diags.push(at_header(Severity::Error, m));
    }
    if !columns.unknown.is_empty() {
        file_diags.push(at_header(
            Severity::Note,
            Msg::UnknownColumns {
                columns: columns.unknown.clone(),
            },
        ));
    }
    let (transcoded, line_offset, first_col) = match &records {
        RecordSource::Csv { opened, .. } => (
            opened.encoding != "UTF-8" && opened.encoding != "UTF-8 (BOM)",
            opened.skipped_lines,
            None,
        ),
        // A sheet's records carry their row numbers.
        RecordSource::Sheet(sheet) => (false, 0, Some(sheet.first_column())),
    };
    let file = Arc::new(FileCtx {
        idx,
        display: src.display.clone(),
        columns,
        transcoded,
        line_offset,
        fatal,
        first_col,
    });
    Ok(Some((records, file, header.first)))
}

/// A read error of a whole input.
fn io_error(display: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::file_error(
        display,
        Msg::Io {
            detail: e.to_string(),
        },
    )
}

/// The next record; `None` at the end, or on a read error (reported in
/// `diags`).
fn next_record<'r, R: Read>(
    rdr: &'r mut Records<R>,
    display: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Fields<'r>> {
    match rdr.record() {
        Ok(rec) => rec,
        Err(e) => {
            diags.push(io_error(display, &e));
            None
        }
    }
}

/// A source's header: its columns, its line, the rows above it that are
/// not blank, whether it is the first record, and whether a quote in it
/// does not close.
struct Header {
    columns: Columns,
    line: u64,
    above: u64,
    first: bool,
    unclosed: Option<Unclosed>,
}

/// Open a source and find its header; problems become diagnostics.
fn open_source(
    src: &Unit,
    opts: ReadOptions<'_>,
    file_diags: &mut Vec<Diagnostic>,
) -> anyhow::Result<Option<(RecordSource, Header)>> {
    let Some(sheet) = &src.sheet else {
        return open_csv(src, opts, file_diags);
    };
    let (records, cells) = SheetRecords::open(Arc::clone(sheet));
    let header = Header {
        columns: Columns::from_header(cells.iter().map(String::as_str)),
        line: records.header_line(),
        above: records.above(),
        first: records.above() == 0,
        unclosed: None,
    };
    Ok(Some((RecordSource::Sheet(records), header)))
}

/// Open a CSV source and find its header: the first of its first rows
/// that names the required columns, the row `--header-row` names, or else
/// its first row (whose missing columns are then reported).
fn open_csv(
    src: &Unit,
    opts: ReadOptions<'_>,
    file_diags: &mut Vec<Diagnostic>,
) -> anyhow::Result<Option<(RecordSource, Header)>> {
    let Some((opened, mut rdr)) = open_text(src, opts, file_diags)? else {
        return Ok(None);
    };
    let skipped = opened.skipped_lines;
    let mut search = HeaderSearch::new(opts.header_row);
    let mut first = true;
    loop {
        // The header is read where it lies in the reader's buffer, not
        // copied: a header line may be hundreds of megabytes.
        let rec = match rdr.record() {
            Ok(Some(rec)) => rec,
            Ok(None) => break,
            Err(e) => {
                file_diags.push(io_error(&src.display, &e));
                return Ok(None);
            }
        };
        let line = rec.line() + skipped;
        let unclosed = rec.unclosed();
        let cells: Vec<_> = rec.iter().map(String::from_utf8_lossy).collect();
        match search.offer(line, cells.iter().map(AsRef::as_ref)) {
            Step::Header(columns) => {
                drop(cells);
                let header = Header {
                    columns: *columns,
                    line,
                    above: search.above,
                    first,
                    unclosed,
                };
                let records = RecordSource::Csv {
                    opened,
                    records: rdr,
                };
                return Ok(Some((records, header)));
            }
            Step::Next => first = false,
            Step::NotFound => break,
        }
    }
    if let Some(row) = opts.header_row
        && !first
    {
        file_diags.push(Diagnostic::file_error(
            src.display.clone(),
            Msg::NoHeaderRow { row },
        ));
        return Ok(None);
    }
    // No header in the first rows: the first row is the header, as it
    // always was (its missing columns are reported). Read from the start.
    drop(rdr);
    let Some((opened, mut rdr)) = open_text(src, opts, file_diags)? else {
        return Ok(None);
    };
    let header = match rdr.record() {
        Ok(Some(header)) => header,
        Ok(None) => {
            file_diags.push(Diagnostic::file_error(src.display.clone(), Msg::EmptyFile));
            return Ok(None);
        }
        Err(e) => {
            file_diags.push(io_error(&src.display, &e));
            return Ok(None);
        }
    };
    let cells: Vec<_> = header.iter().map(String::from_utf8_lossy).collect();
    let columns = Columns::from_header(cells.iter().map(AsRef::as_ref));
    let header = Header {
        columns,
        line: header.line() + opened.skipped_lines,
        above: 0,
        first: true,
        unclosed: header.unclosed(),
    };
    drop(cells);
    Ok(Some((
        RecordSource::Csv {
            opened,
            records: rdr,
        },
        header,
    )))
}

/// A CSV source's text, decoded, and its records (none read yet).
type Text = (decode::Opened, Records<Box<dyn Read + Send>>);

/// A CSV source's text: decoded, its records not read yet.
fn open_text(
    src: &Unit,
    opts: ReadOptions<'_>,
    file_diags: &mut Vec<Diagnostic>,
) -> anyhow::Result<Option<Text>> {
    let file = match std::fs::File::open(&src.path) {
        Ok(f) => f,
        Err(e) => {
            let msg = if e.kind() == std::io::ErrorKind::NotFound {
                Msg::NotFound
            } else {
                Msg::Io {
                    detail: e.to_string(),
                }
            };
            file_diags.push(Diagnostic::file_error(src.display.clone(), msg));
            return Ok(None);
        }
    };
    let file = Box::new(crate::progress::Counted(file));
    let mut opened = decode::open(file, opts.encoding, opts.delimiter, opts.sha256)?;
    if opened.empty {
        file_diags.push(Diagnostic::file_error(src.display.clone(), Msg::EmptyFile));
        return Ok(None);
    }
    let reader = std::mem::replace(&mut opened.reader, Box::new(std::io::empty()));
    let rdr = Records::new(reader, opened.delimiter, true);
    Ok(Some((opened, rdr)))
}

/// Sort the hashes; if any repeats, read the inputs again, in file and
/// line order, to locate those rows, confirm with a second hash that they are
/// the same observation, and reject every occurrence after the first.
fn find_duplicates<S: Sink>(
    sources: &[Unit],
    ck: &Checker<'_>,
    opts: ReadOptions<'_>,
    total: &mut Worker<S>,
) -> anyhow::Result<()> {
    let repeated = repeats(std::mem::take(&mut total.parts))?;
    if repeated.is_empty() {
        return Ok(());
    }
    let mut first_seen: HashMap<(u64, u64), (usize, u64)> = HashMap::new();
    let (mut ignored, mut infos) = (Vec::new(), Vec::new());
    let mut headers = vec![Vec::new(); sources.len()];
    let mut errors = Vec::new();
    let mut memo = row::Memo::default();
    produce(
        sources,
        0..sources.len(),
        opts,
        &mut ignored,
        &mut infos,
        &mut headers,
        |file, rec| {
            memo.enter(file.idx, &file.columns);
            if file.fatal.is_some() {
                return;
            }
            errors.clear();
            let mut note = None;
            let line = rec.line() + file.line_offset;
            let Some(obs) = row::parse(
                &rec,
                &file.columns,
                ck,
                file.transcoded,
                &mut memo,
                &mut errors,
                &mut note,
                Loc {
                    input: file.idx,
                    line,
                },
            ) else {
                return;
            };
            let h = key_hash(ck, &obs, 0);
            if !repeated.contains(&h) {
                return;
            }
            let (f, l) = *first_seen
                .entry((h, key_hash(ck, &obs, 1)))
                .or_insert((file.idx, line));
            if (f, l) == (file.idx, line) {
                return;
            }
            let msg = Msg::Duplicate {
                first: format!("{}:{l}", sources[f].display),
            };
            total.sink.retract(&obs);
            total.used -= 1;
            if total.keep_rejects {
                total.reject(file, line, rec, &[&msg]);
            }
            total.diag(file, line, file.columns.get(Field::Criterion), msg);
        },
    )?;
    Ok(())
}

/// The keys of the rows one worker saw, in one part: consecutive rows of
/// one visit (round, district, point and date) share one run, so a key
/// takes 4 bytes a row and 16 a visit. Two rows are the same observation
/// when they have the same visit and the same target.
#[derive(Debug, Default)]
struct Keys {
    /// Per run: the visit, where its targets start and how many there are,
    /// as one number (visit << 64 | start << 32 | count), which sorts by
    /// visit as a plain integer does.
    runs: Vec<u128>,
    targets: Vec<u32>,
    /// Rows seen twice within one short run, found as they came.
    dups: Vec<u64>,
    /// The last run's targets below 128, as bits.
    last: u128,
}

/// Runs up to this long are checked for repeats as rows come; longer ones
/// at the end.
const SHORT_RUN: u32 = 64;

impl Keys {
    /// Add a row; false (and nothing added) when the piece is full.
    fn push(&mut self, visit: u64, target: usize) -> bool {
        let (Ok(at), Ok(target)) = (u32::try_from(self.targets.len()), u32::try_from(target))
        else {
            return false;
        };
        match self.runs.last_mut() {
            // The last run's targets end the list: this one follows them.
            Some(r) if run_visit(*r) == visit && run_span(*r).1 < u32::MAX => {
                let (start, len) = run_span(*r);
                *r += 1;
                let seen = if target < 128 {
                    let bit = 1u128 << target;
                    let seen = self.last & bit != 0;
                    self.last |= bit;
                    seen
                } else {
                    len <= SHORT_RUN
                        && self
                            .targets
                            .get(start as usize..)
                            .is_some_and(|seen| seen.contains(&target))
                };
                if seen && len <= SHORT_RUN {
                    self.dups.push(row_key(visit, target as usize));
                }
            }
            _ => {
                self.runs
                    .push(u128::from(visit) << 64 | u128::from(at) << 32 | 1);
                self.last = if target < 128 { 1u128 << target } else { 0 };
            }
        }
        self.targets.push(target);
        true
    }

    fn targets(&self, run: usize) -> &[u32] {
        self.runs
            .get(run)
            .and_then(|&r| {
                let (start, len) = run_span(r);
                self.targets
                    .get(start as usize..start as usize + len as usize)
            })
            .unwrap_or(&[])
    }
}

#[allow(
    clippy::cast_possible_truncation,
    reason = "a run packs a u64 and two u32s"
)]
fn run_visit(run: u128) -> u64 {
    (run >> 64) as u64
}

#[allow(
    clippy::cast_possible_truncation,
    reason = "a run packs a u64 and two u32s"
)]
fn run_span(run: u128) -> (u32, u32) {
    ((run >> 32) as u32, run as u32)
}

/// The keys (see [`row_key`]) of the observations seen more than once. The
/// keys come in parts that split the visits (see [`Worker::key`]), so an
/// observation repeats only within its part: each part is looked at on a
/// thread of its own, its runs sorted by visit and the targets of each
/// visit compared.
///
/// # Errors
/// A thread that panicked.
fn repeats(mut parts: Vec<Vec<Keys>>) -> anyhow::Result<HashSet<u64>> {
    // One part (one thread asked for): no thread to start.
    if parts.len() == 1 {
        return Ok(part_repeats(parts.pop().unwrap_or_default())
            .into_iter()
            .collect());
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|pieces| scope.spawn(move || part_repeats(pieces)))
            .collect();
        let mut out = HashSet::new();
        for h in handles {
            out.extend(
                h.join()
                    .map_err(|_| anyhow::anyhow!("a worker thread panicked"))?,
            );
        }
        Ok(out)
    })
}

/// [`repeats`] in one part.
fn part_repeats(mut pieces: Vec<Keys>) -> Vec<u64> {
    for p in &mut pieces {
        p.runs.sort_unstable();
    }
    let mut at = vec![0usize; pieces.len()];
    let mut out: Vec<u64> = pieces.iter().flat_map(|p| p.dups.iter().copied()).collect();
    let (mut group, mut from) = (Vec::new(), Vec::new());
    // Visit by visit, in order, across the pieces. A visit in one short
    // run has been checked already; only the others' targets are gathered
    // (from all over memory: the rarer, the better).
    while let Some(visit) = pieces
        .iter()
        .zip(&at)
        .filter_map(|(p, &i)| p.runs.get(i).map(|&r| run_visit(r)))
        .min()
    {
        let (mut runs, mut long) = (0, false);
        from.clone_from(&at);
        for (p, i) in pieces.iter().zip(at.iter_mut()) {
            while let Some(&r) = p.runs.get(*i)
                && run_visit(r) == visit
            {
                runs += 1;
                long |= run_span(r).1 > SHORT_RUN;
                *i += 1;
            }
        }
        if runs < 2 && !long {
            continue;
        }
        group.clear();
        for ((p, &a), &b) in pieces.iter().zip(&from).zip(&at) {
            for i in a..b {
                group.extend_from_slice(p.targets(i));
            }
        }
        if group.len() > 1 {
            group.sort_unstable();
            out.extend(
                group
                    .windows(2)
                    .filter(|w| w[0] == w[1])
                    .map(|w| row_key(visit, w[0] as usize)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeats_within_and_across_pieces() {
        use super::{Keys, repeats, row_key};
        let keys = |rows: &[(u64, usize)]| {
            let mut k = Keys::default();
            for &(v, t) in rows {
                assert!(k.push(v, t));
            }
            k
        };
        let parts = vec![
            vec![
                // Visit 9 twice in one piece (target 1 twice), visit 3 in
                // two runs of one piece, visit 5 in two pieces.
                keys(&[(9, 1), (9, 2), (3, 4), (9, 1), (3, 4), (5, 7)]),
                keys(&[(5, 6), (5, 7), (u64::MAX, 0)]),
                keys(&[]),
            ],
            vec![
                keys(&[(2, 1), (2, 2), (2, 1), (2, 1)]),
                // Targets past 128 (no bits for them).
                keys(&[(6, 200), (6, 127), (6, 300), (6, 200), (6, 127)]),
                // A run too long to be checked as it comes.
                keys(&(0..70).chain([5, 70]).map(|t| (8, t)).collect::<Vec<_>>()),
            ],
        ];
        let mut got: Vec<u64> = repeats(parts)
            .expect("no thread panics")
            .into_iter()
            .collect();
        got.sort_unstable();
        let mut want = vec![
            row_key(9, 1),
            row_key(3, 4),
            row_key(5, 7),
            row_key(2, 1),
            row_key(8, 5),
            row_key(6, 200),
            row_key(6, 127),
        ];
        want.sort_unstable();
        assert_eq!(got, want);
    }
}
