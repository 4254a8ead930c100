//! `ceping score`: read inspection results and report the scores.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{exit, load_standard, report_counted, report_diagnostics};
use crate::cli::ScoreArgs;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::Msg;
use crate::input::source::INPUT_EXTENSIONS;
use crate::input::{self, Checker, Context, ReadOptions, Source};
use crate::output::{self, Output};
use crate::paths;
use crate::render::{self, Style, sheets};
use crate::report::coverage::Seen;
use crate::report::score::{Meta, ScoreReport};
use crate::score::Tally;

pub fn run(args: &ScoreArgs, style: Style) -> anyhow::Result<ExitCode> {
    let style = Style {
        csv_encoding: args.out.output_encoding,
        ..style
    };
    let lang = style.lang;
    let invalid = |d: Diagnostic| {
        report_diagnostics(&[d], lang);
        Ok(ExitCode::from(exit::INVALID))
    };
    let out = Output::open(args.out.output.as_deref(), lang)?;
    let rejects_out = match &args.rejects {
        Some(p) => Some(Output::open(Some(p), lang)?),
        None => None,
    };
    let project = match crate::project::load(args.config.as_deref()) {
        Ok(p) => p.unwrap_or_default(),
        Err(d) => {
            report_diagnostics(&d, lang);
            return Ok(ExitCode::from(exit::INVALID));
        }
    };
    let Some(std_path) = args.standard.clone().or_else(|| project.standard.clone()) else {
        return invalid(Diagnostic::error(Msg::NoStandard));
    };
    let encoding = match args.encoding.as_deref() {
        None => None,
        Some(l) => match input::decode::encoding_for_label(l) {
            Some(e) => Some(e),
            None => return invalid(Diagnostic::error(Msg::BadEncoding { label: l.into() })),
        },
    };
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some("tab" | "\\t" | "\t") => Some(b'\t'),
        Some(d) if d.len() == 1 && matches!(d, "," | ";" | "|") => Some(d.as_bytes()[0]),
        Some(d) => return invalid(Diagnostic::error(Msg::BadDelimiter { value: d.into() })),
    };
    let (inputs, input_diags) = resolve_inputs(args, &project.inputs);

    // No output may overwrite what the run reads, nor another output.
    let mut reads = super::standard_files(&std_path);
    let config = args.config.clone().or_else(|| {
        let found = Path::new(crate::project::FILE);
        found.is_file().then(|| found.to_path_buf())
    });
    reads.extend(config.map(|c| (c.display().to_string(), c)));
    reads.extend(
        inputs
            .iter()
            .filter(|i| !i.stdin)
            .map(|i| (i.display.clone(), i.path.clone())),
    );
    let mut outputs: Vec<(&str, &Output)> = rejects_out.iter().map(|r| ("--rejects", r)).collect();
    outputs.push(("-o", &out));
    if let Some(code) = super::refuse_overwrite(&outputs, &reads, lang) {
        return Ok(code);
    }
    if let Some(code) = super::refuse_unknown_format(&args.out, lang) {
        return Ok(code);
    }
    if let Some(code) = super::refuse_binary_on_terminal(&args.out, &out, lang) {
        return Ok(code);
    }

    let st = match load_standard(&std_path, lang) {
        Ok((st, _)) => st,
        Err(code) => return Ok(code),
    };
    if let Some(code) = report_diagnostics(&input_diags, lang) {
        return Ok(code);
    }
    let (sources, _spools) = match open_inputs(&inputs) {
        Ok(opened) => opened,
        Err(diags) => {
            return Ok(report_diagnostics(&diags, lang).unwrap_or(ExitCode::from(exit::IO)));
        }
    };
    let context: Context = project.context.clone();
    let checker = Checker {
        standard: &st,
        context: &context,
    };
    let (threads, capped) = input::read::thread_count(args.threads);
    if capped {
        output::eprint_lines([format!(
            "ceping: {}",
            Msg::ThreadsCapped {
                asked: args.threads.unwrap_or(0),
                threads,
                per_core: input::read::THREADS_PER_CORE,
            }
            .text(lang)
        )]);
    }
    let opts = ReadOptions {
        threads,
        encoding,
        delimiter,
        keep_rejects: args.rejects.is_some(),
        sha256: args.out.format() == crate::render::Format::Json,
        chunk_bytes: 0,
        sheet: args.sheet.as_deref(),
        header_row: args.header_row,
    };
    let result = input::read(&sources, &checker, opts, || Tally::new(&st))?;

    // Diagnostics: errors fail the run unless --skip-invalid.
    let skip = args.skip_invalid;
    let mut diags: Vec<Diagnostic> = result
        .diagnostics
        .iter()
        .cloned()
        // An input the OS would not read is never skipped.
        .map(|d| {
            if skip && !paths::is_io(&d) {
                d.as_warning()
            } else {
                d
            }
        })
        .collect();
    let shown_errors = result.diagnostics.iter().filter(|d| d.is_error()).count() as u64;
    let io_errors = diags.iter().any(paths::is_io);
    if result.errors > shown_errors {
        diags.push(Diagnostic::new(
            if skip {
                Severity::Warning
            } else {
                Severity::Error
            },
            None,
            Pos::File,
            Msg::MoreErrors {
                more: result.errors - shown_errors,
            },
        ));
    }
    if skip && !io_errors {
        let mut lines: Vec<String> = diags.iter().map(|d| d.render(lang)).collect();
        if result.rows.rejected > 0 {
            lines.push(format!(
                "ceping: {}",
                Msg::RowsSummary {
                    read: result.rows.read,
                    used: result.rows.used,
                    rejected: result.rows.rejected,
                }
                .text(lang)
            ));
        }
        output::eprint_lines(lines);
    } else if let Some(code) = report_counted(&diags, (!skip).then_some(result.errors), lang) {
        return Ok(code);
    }
    if result.rows.used == 0 {
        return invalid(Diagnostic::error(Msg::NoRows));
    }

    // Rounds.
    let tally = result.sink;
    let rounds = tally.rounds();
    let shown_round = |r: &str| {
        if r.is_empty() {
            lang.pick("（无批次）", "(none)").to_string()
        } else {
            r.to_string()
        }
    };
    let listed = || rounds.iter().map(|r| shown_round(r)).collect::<Vec<_>>();
    let (round, pooled): (Option<String>, Vec<String>) = match args.round.as_deref() {
        None if rounds.len() > 1 => {
            return invalid(Diagnostic::error(Msg::SeveralRounds { rounds: listed() }));
        }
        None | Some("all") => (
            if rounds.len() == 1 && !rounds[0].is_empty() {
                Some(rounds[0].clone())
            } else if args.round.is_some() {
                Some("all".into())
            } else {
                None
            },
            rounds.clone(),
        ),
        Some("latest") => {
            let last = rounds.last().cloned().unwrap_or_default();
            (Some(last.clone()), vec![last])
        }
        Some(r) => {
            let mut r = input::text::normalize(r).into_owned();
            // The rows without a round, by the name messages give them.
            if ["（无批次）", "(none)"]
                .iter()
                .any(|n| input::text::normalize(n) == r)
            {
                r.clear();
            }
            if !rounds.contains(&r) {
                return invalid(Diagnostic::error(Msg::UnknownRound {
                    round: r,
                    rounds: listed(),
                }));
            }
            (Some(r.clone()), vec![r])
        }
    };
    let tally = tally.pooled(&pooled);
    let mut report = ScoreReport::build(
        &tally,
        Meta {
            city: args.city.clone().or(project.city.clone()),
            bands: project.bands,
            target: project.target,
            figure: project.city_figure,
            threads,
            round: round.filter(|r| !r.is_empty()),
            rounds: pooled.into_iter().filter(|r| !r.is_empty()).collect(),
            inputs: result.inputs,
            rows: result.rows,
            standard: &st,
        },
    );
    let seen = Seen {
        point_types: tally.point_types_by_district(),
        // Counted rows per criterion, as the report's criteria view has them.
        criteria_counted: report
            .criteria
            .iter()
            .map(|c| c.stats.observations)
            .collect(),
    };
    report.add_coverage(&st, &context.districts, &seen);
    let warnings = report.coverage_warnings();
    output::eprint_lines(warnings.into_iter().map(|msg| {
        let d = Diagnostic::new(Severity::Warning, None, Pos::File, msg);
        format!("ceping: {}", d.render(lang))
    }));
    // A workbook holds every view; the text formats show the one asked for.
    let sheets = if args.out.format() == crate::render::Format::Xlsx {
        sheets::workbook(&report, lang)
    } else {
        sheets::score(&report, args.by, args.level, lang)
    };
    let bytes = render::render(&report, &sheets, args.out.format(), style)?;
    // Only a run that reports leaves its rejected rows behind.
    if let Some(r) = rejects_out {
        write_rejects(r, &result.rejected, &result.headers, &result.sources, style)?;
    }
    out.commit(&bytes, lang)?;

    // Gates: every one that fails is named.
    let mut failed = Vec::new();
    if let (Some(gate), Some(score)) = (args.fail_below, report.city.score)
        && score < gate
    {
        failed.push(Msg::BelowGate {
            score: score.to_string(),
            gate: gate.to_string(),
        });
    }
    if args.require_complete {
        failed.extend(report.coverage.incomplete());
    }
    if failed.is_empty() {
        return Ok(ExitCode::from(exit::OK));
    }
    output::eprint_lines(failed.iter().map(|m| format!("ceping: {}", m.text(lang))));
    Ok(ExitCode::from(exit::GATE))
}

/// An input as named: a file (found by the walk), or standard input.
struct Input {
    path: PathBuf,
    /// As the user wrote it (`-` for standard input).
    display: String,
    stdin: bool,
}

/// Expand the inputs: files as given, directories to their input files
/// (`*.csv`, `*.xlsx`, ...),
/// the globs of ceping.toml (see [`crate::paths`]); `-` at most once.
/// Nothing is opened yet.
fn resolve_inputs(args: &ScoreArgs, config_inputs: &[String]) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut found = paths::Found::default();
    let mut inputs = Vec::new();
    let add = |found: &mut paths::Found, inputs: &mut Vec<Input>| {
        inputs.extend(found.files.drain(..).map(|f| Input {
            display: f.display().to_string(),
            path: f,
            stdin: false,
        }));
    };
    if args.inputs.is_empty() {
        for pattern in config_inputs {
            if !paths::glob(pattern, &INPUT_EXTENSIONS, &mut found) {
                found
                    .diagnostics
                    .push(Diagnostic::file_error(pattern.clone(), Msg::NoMatch));
            }
            add(&mut found, &mut inputs);
        }
        if config_inputs.is_empty() {
            found.diagnostics.push(Diagnostic::error(Msg::NoInputs));
        }
    }
    let stdin = args.inputs.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin > 1 {
        found
            .diagnostics
            .push(Diagnostic::error(Msg::StdinTwice { times: stdin }));
    }
    for p in &args.inputs {
        if p.as_os_str() == "-" {
            inputs.push(Input {
                path: p.clone(),
                display: "-".into(),
                stdin: true,
            });
            continue;
        }
        let errors = |f: &paths::Found| f.diagnostics.iter().filter(|d| d.is_error()).count();
        let before = (found.files.len(), errors(&found));
        paths::expand(p, &INPUT_EXTENSIONS, &mut found);
        if p.is_dir() && (found.files.len(), errors(&found)) == before {
            found
                .diagnostics
                .push(Diagnostic::file_error(p.display().to_string(), Msg::NoCsv));
        }
        add(&mut found, &mut inputs);
    }
    (inputs, found.diagnostics)
}

/// Open the inputs before reading: a file the OS will not let us read is an
/// error here (exit 3), and a stream — standard input, a FIFO, a device,
/// `<(command)` — is spooled, as the reader opens its sources by path and
/// more than once. The spools must be kept until the reading is done.
fn open_inputs(inputs: &[Input]) -> Result<(Vec<Source>, Vec<Spool>), Vec<Diagnostic>> {
    let mut sources = Vec::with_capacity(inputs.len());
    let mut spools = Vec::new();
    let mut diags = Vec::new();
    for input in inputs {
        let opened = if input.stdin {
            Spool::stdin().map(Some)
        } else {
            std::fs::File::open(&input.path).and_then(|f| {
                if f.metadata()?.is_file() {
                    Ok(None)
                } else {
                    Spool::copy(f).map(Some)
                }
            })
        };
        match opened {
            Ok(spool) => {
                let path = spool.as_ref().map_or(&input.path, |s| &s.path).clone();
                sources.push(Source {
                    path,
                    display: input.display.clone(),
                });
                spools.extend(spool);
            }
            Err(e) => diags.push(Diagnostic::file_error(
                input.display.clone(),
                paths::io_msg(&e),
            )),
        }
    }
    if diags.is_empty() {
        Ok((sources, spools))
    } else {
        Err(diags)
    }
}

/// A stream's bytes in a file the reader can open by path as often as it
/// needs. Nothing of it outlives the process, however the process ends: on
/// Linux the file has no name and is opened through `/proc/self/fd`;
/// elsewhere it is a named temporary file, removed on exit and on a signal.
struct Spool {
    path: PathBuf,
    /// Held open: the file without a name (or the regular file on
    /// standard input) that `path` opens again.
    _anonymous: Option<std::fs::File>,
    _named: Option<output::TempFile>,
}

impl Spool {
    /// Standard input: used in place when it is a regular file at its
    /// start (`< data.csv`, Linux), else copied.
    fn stdin() -> std::io::Result<Self> {
        #[cfg(target_os = "linux")]
        {
            use std::io::Seek as _;
            use std::os::fd::AsFd as _;
            let mut file = std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
            if file.metadata()?.is_file()
                && file.stream_position()? == 0
                && let Some(path) = Self::proc_path(&file)
            {
                return Ok(Self {
                    path,
                    _anonymous: Some(file),
                    _named: None,
                });
            }
            Self::copy(file)
        }
        #[cfg(not(target_os = "linux"))]
        Self::copy(std::io::stdin().lock())
    }

    /// Copy a stream to the end.
    fn copy(mut from: impl std::io::Read) -> std::io::Result<Self> {
        #[cfg(target_os = "linux")]
        if Path::new("/proc/self/fd").is_dir() {
            let mut file = tempfile::tempfile()?;
            if let Some(path) = Self::proc_path(&file) {
                std::io::copy(&mut from, &mut file)?;
                return Ok(Self {
                    path,
                    _anonymous: Some(file),
                    _named: None,
                });
            }
        }
        let mut file = tempfile::NamedTempFile::new()?;
        std::io::copy(&mut from, &mut file)?;
        let file = output::TempFile::new(file);
        Ok(Self {
            path: file.path().to_path_buf(),
            _anonymous: None,
            _named: Some(file),
        })
    }

    /// The path through which an open file can be opened again (Linux).
    #[cfg(target_os = "linux")]
    fn proc_path(file: &std::fs::File) -> Option<PathBuf> {
        use std::os::fd::AsRawFd as _;
        let path = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
        path.exists().then_some(path)
    }
}

/// The rejected rows as CSV for Excel: the inputs' columns (the first
/// input's, then any other name another input has), then file, line and
/// reason. Each cell goes under its own column's name, so that inputs with
/// their columns in another order, and rows with too few or too many
/// fields, keep file, line and reason under their headings. Written a row
/// at a time, as they come back from their spool.
fn write_rejects(
    out: Output,
    rejected: &input::Rejects,
    headers: &[Vec<String>],
    sources: &[Source],
    style: Style,
) -> anyhow::Result<()> {
    let lang = style.lang;
    // Where each input's columns go; a name repeated in one header takes
    // as many columns.
    let mut header: Vec<String> = Vec::new();
    let mut place: Vec<Vec<usize>> = Vec::with_capacity(headers.len());
    for h in headers {
        let mut taken = vec![false; header.len()];
        let mut p = Vec::with_capacity(h.len());
        for name in h {
            let found = (0..header.len()).find(|&j| !taken[j] && header[j] == *name);
            let j = found.unwrap_or_else(|| {
                header.push(name.clone());
                taken.push(false);
                header.len() - 1
            });
            taken[j] = true;
            p.push(j);
        }
        place.push(p);
    }
    // Fields beyond a row's header get unnamed columns of their own.
    let extra = rejected.extra();
    let width = header.len() + extra;
    header.resize(width, String::new());
    header.extend([
        lang.pick("文件", "file").to_string(),
        lang.pick("行号", "line").to_string(),
        lang.pick("原因", "reason").to_string(),
    ]);
    out.commit_with(lang, |out| {
        let out = crate::render::Encoded::new(out, style.csv_encoding)?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(&header)?;
        let mut rec = Vec::with_capacity(width + 3);
        rejected.for_each(lang, |r| {
            let p = &place[r.file];
            rec.clear();
            rec.resize(width, String::new());
            for (i, field) in r.fields.into_iter().enumerate() {
                let j = p.get(i).copied().unwrap_or(width - extra + i - p.len());
                // As a spreadsheet should show it: a formula-like cell as
                // text (see `render::inert`).
                rec[j] = match crate::render::inert(&field) {
                    std::borrow::Cow::Borrowed(_) => field,
                    std::borrow::Cow::Owned(text) => text,
                };
            }
            rec.push(sources[r.file].display.clone());
            rec.push(r.line.to_string());
            rec.push(r.reason);
            Ok(w.write_record(&rec)?)
        })?;
        w.flush()
    })
}
