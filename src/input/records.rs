//! The records of a CSV text, each with the line it starts on.
//!
//! Nearly every line inspectors save holds one record and no quote, so a
//! line without a `"` (or a stray carriage return) is split on the
//! delimiter here, which is all CSV syntax means for such a line; every
//! other record is parsed by [`csv_core`], the csv crate's own parser. The
//! records are the ones `csv::Reader` (flexible, no comments, `"` quotes,
//! doubled to escape) gives for the same bytes — a property test holds the
//! two to it — at a fraction of the cost, where the parser steps through a
//! state machine byte by byte:
//! - quotes are searched for with `memchr`'s vectorised search, once per
//!   buffer of text rather than once per line;
//! - line feeds and delimiters are found together, eight bytes at a time;
//! - the bytes a line has in common with the line before (the round, date,
//!   district and point that rows of one visit repeat) are compared eight
//!   at a time, and their delimiters are not looked for again.

use std::io::{self, Read};

/// Bytes read from the source at a time.
const BLOCK: usize = 256 * 1024;

/// One record, borrowed: its fields, and the line it starts on.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a> {
    /// The fields, one byte apart: a line as written, when it needs no
    /// unquoting.
    bytes: &'a [u8],
    /// Where each field ends in `bytes`.
    ends: &'a [usize],
    line: u64,
    /// The line the record ends on.
    last: u64,
    /// The delimiter, when the record is a line without quotes split on
    /// it: then the fields end exactly where it occurs in `bytes`, so two
    /// runs of such fields with the same bytes have the same ends.
    delimited_by: Option<u8>,
    /// Set when a quoted field of the record does not close (see
    /// [`Unclosed`]); the fields are then those of its first line alone.
    unclosed: Option<Unclosed>,
    /// The fields (as bits `1 << Field as u16`) whose cell holds a formula
    /// error (`#N/A`) in a workbook; always 0 for CSV text.
    cell_errors: u16,
}

/// A record whose quoted field does not close where CSV would have it: the
/// record is cut back to its first line, which is read as a record of its
/// own, and reading goes on at the next line (so that one stray quote
/// costs one row, not the rest of the file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unclosed {
    /// The text ends inside the quoted field.
    AtEnd,
    /// The quoted field runs over more than [`MAX_LINES`] lines.
    TooManyLines,
}

/// The most lines one record may span (a note with line breaks spans a few;
/// a quote that never closes, the rest of the file).
pub const MAX_LINES: u64 = 1000;

impl<'a> Fields<'a> {
    /// The number of fields.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, if the record has it.
    #[inline]
    #[must_use]
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] + 1,
        };
        self.bytes.get(start..end)
    }

    /// Fields `lo..=hi` as one span of bytes (the byte between two fields
    /// included) and their ends, counted from the span's start.
    #[inline]
    #[must_use]
    pub fn span(&self, lo: usize, hi: usize) -> Option<(&'a [u8], impl Iterator<Item = usize>)> {
        let start = match lo {
            0 => 0,
            _ => *self.ends.get(lo - 1)? + 1,
        };
        let ends = self.ends.get(lo..=hi)?;
        let bytes = self.bytes.get(start..*ends.last()?)?;
        Some((bytes, ends.iter().map(move |e| e - start)))
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let me = *self;
        (0..self.len()).filter_map(move |i| me.get(i))
    }

    /// The line the record starts on, counting from 1 at the start of the
    /// text it was read from.
    #[must_use]
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The line the record ends on (past [`line`](Self::line) when a
    /// quoted field holds line breaks).
    #[must_use]
    pub fn last_line(&self) -> u64 {
        self.last
    }

    /// Whether a quoted field of the record does not close (see
    /// [`Unclosed`]).
    #[must_use]
    pub fn unclosed(&self) -> Option<Unclosed> {
        self.unclosed
    }

    /// The delimiter, when the fields are a line split on it (see the
    /// field's documentation).
    #[must_use]
    pub fn delimited_by(&self) -> Option<u8> {
        self.delimited_by
    }

    /// The fields whose workbook cell holds a formula error, as bits
    /// `1 << Field as u16`.
    #[must_use]
    pub fn cell_errors(&self) -> u16 {
        self.cell_errors
    }

    /// The record of a workbook row on `line`: its fields one byte apart in
    /// `bytes`, each ending where `ends` says (counted from the start of
    /// `bytes`), and the fields whose cell holds a formula error.
    #[must_use]
    pub fn of_cells(bytes: &'a [u8], ends: &'a [usize], line: u64, cell_errors: u16) -> Self {
        Self {
            bytes,
            ends,
            line,
            last: line,
            delimited_by: None,
            unclosed: None,
            cell_errors,
        }
    }
}

/// One record, owned (see [`Fields`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    line: u64,
    last: u64,
    delimited_by: Option<u8>,
    unclosed: Option<Unclosed>,
    cell_errors: u16,
}

impl Record {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    #[must_use]
    pub fn fields(&self) -> Fields<'_> {
        Fields {
            bytes: &self.bytes,
            ends: &self.ends,
            line: self.line,
            last: self.last,
            delimited_by: self.delimited_by,
            unclosed: self.unclosed,
            cell_errors: self.cell_errors,
        }
    }

    /// A record of these fields (for tests and tools).
    #[must_use]
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = &'a [u8]>, line: u64) -> Self {
        let mut rec = Self {
            line,
            last: line,
            ..Self::default()
        };
        for f in fields {
            rec.push(f);
        }
        rec
    }

    /// Make this record a copy of `f` (reusing its buffers).
    pub fn set(&mut self, f: Fields<'_>) {
        self.bytes.clear();
        self.bytes.extend_from_slice(f.bytes);
        self.ends.clear();
        self.ends.extend_from_slice(f.ends);
        self.line = f.line;
        self.last = f.last;
        self.delimited_by = f.delimited_by;
        self.unclosed = f.unclosed;
        self.cell_errors = f.cell_errors;
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.delimited_by = None;
        self.unclosed = None;
        self.cell_errors = 0;
    }

    fn push(&mut self, field: &[u8]) {
        if !self.ends.is_empty() {
            self.bytes.push(0);
        }
        self.bytes.extend_from_slice(field);
        self.ends.push(self.bytes.len());
    }
}

/// A reader of records: see the [module documentation](self).
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent flags of the reading, not a state in disguise"
)]
pub struct Records<R> {
    inner: R,
    buf: Vec<u8>,
    /// The unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    /// The line `buf[start]` is on, counting from 1 (see [`line_breaks`]).
    line: u64,
    /// The byte before `buf[start]` was a carriage return (so a line feed
    /// at `buf[start]` ends no new line).
    after_cr: bool,
    /// Nothing read yet: a UTF-8 byte order mark is skipped.
    fresh: bool,
    delimiter: u8,
    /// Lines may be split on the delimiter here (it is not a byte CSV
    /// gives another meaning).
    split: bool,
    parser: csv_core::Reader,
    /// The parser's output: field bytes and field ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The field ends of the line handed out last.
    line_ends: Vec<usize>,
    /// That line, where it still is in `buf`: its start and length. The
    /// next line is compared with it, and the delimiters of the bytes the
    /// two have in common are not looked for again.
    prev: Option<(usize, usize)>,
    /// Where the next quote or stray carriage return is (see [`Odd`]);
    /// `None` when not looked for since `buf` last moved.
    odd: Option<Odd>,
    /// The record the parser read last, its fields one byte apart.
    parsed: Record,
}

/// The first byte of `buf[from..to]` that a line split on delimiters cannot
/// hold: a quote, or a carriage return not followed by a line feed. At
/// `to` when there is none.
#[derive(Clone, Copy, Debug)]
struct Odd {
    from: usize,
    to: usize,
    at: usize,
}

impl<R: Read> Records<R> {
    /// Records of `inner`, which starts a text (where a byte order mark is
    /// skipped) when `at_start`.
    pub fn new(inner: R, delimiter: u8, at_start: bool) -> Self {
        let mut parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // The parser strips a byte order mark from the first bytes it is
        // given, which here are not the text's first bytes (that mark is
        // skipped in `fill`).
        restart(&mut parser);
        Self {
            inner,
            buf: vec![0; BLOCK],
            start: 0,
            end: 0,
            eof: false,
            line: 1,
            after_cr: false,
            fresh: at_start,
            delimiter,
            split: !matches!(delimiter, b'\n' | b'\r' | b'"'),
            parser,
            out: vec![0; 1024],
            ends: vec![0; 64],
            line_ends: Vec::new(),
            prev: None,
            odd: None,
            parsed: Record::new(),
        }
    }

    /// Read the next record into `rec`. False at the end of the text.
    ///
    /// # Errors
    /// An error reading the source.
    pub fn read(&mut self, rec: &mut Record) -> io::Result<bool> {
        Ok(match self.record()? {
            Some(f) => {
                rec.set(f);
                true
            }
            None => false,
        })
    }

    /// The next record, borrowed until the next call; empty lines are
    /// skipped, as by `csv::Reader`. `None` at the end of the text.
    ///
    /// # Errors
    /// An error reading the source.
    pub fn record(&mut self) -> io::Result<Option<Fields<'_>>> {
        if !self.split {
            return self.parse();
        }
        loop {
            let s = self.start;
            // The bytes this line has in common with the previous one hold
            // the same delimiters, and no line break, quote or stray CR.
            let same = match self.prev {
                Some((p, len)) => common_prefix(&self.buf[s..self.end], &self.buf[p..p + len]),
                None => 0,
            };
            let kept = self.line_ends.iter().take_while(|&&e| e < same).count();
            self.line_ends.truncate(kept);
            // A line is split only up to the next quote or stray CR: a
            // line that holds one is parsed.
            let odd = self.next_odd(s);
            let Some(nl) = split(self.delimiter, &self.buf[s..odd], same, &mut self.line_ends)
            else {
                self.prev = None;
                if odd < self.end {
                    return self.parse();
                }
                if !self.eof {
                    self.fill()?;
                    continue;
                }
                if s == self.end {
                    return Ok(None);
                }
                // The last line, without a line break.
                return self.parse();
            };
            let nl = s + nl;
            // A CRLF line end is a line end.
            let len = match self.buf[s..nl] {
                [.., b'\r'] => nl - 1 - s,
                _ => nl - s,
            };
            if len == 0 {
                self.prev = None;
                self.start = nl + 1;
                // The LF of a CRLF whose CR ended the record before.
                self.line += u64::from(!(self.after_cr && nl == s));
                self.after_cr = false;
                continue;
            }
            // A line without quotes: its fields are what lies between
            // delimiters, and the line is the record's bytes as they are.
            self.line_ends.push(len);
            self.prev = Some((s, len));
            self.start = nl + 1;
            self.line += 1;
            self.after_cr = false;
            return Ok(Some(Fields {
                bytes: &self.buf[s..s + len],
                ends: &self.line_ends,
                line: self.line - 1,
                last: self.line - 1,
                delimited_by: Some(self.delimiter),
                unclosed: None,
                cell_errors: 0,
            }));
        }
    }

    /// Where the first quote or carriage return other than one ending a
    /// line (CRLF) at or after `s` is; `end` when there is none. The search
    /// runs on to the end of the buffer, so that a text without quotes is
    /// searched once per buffer, not once per line.
    fn next_odd(&mut self, s: usize) -> usize {
        let known = self
            .odd
            .filter(|o| o.from <= s && s <= o.at && o.to == self.end);
        if let Some(o) = known {
            return o.at;
        }
        let mut i = s;
        let at = loop {
            match memchr::memchr2(b'"', b'\r', &self.buf[i..self.end]) {
                None => break self.end,
                Some(k)
                    if self.buf[i + k] == b'\r'
                        && i + k + 1 < self.end
                        && self.buf[i + k + 1] == b'\n' =>
                {
                    i += k + 1;
                }
                Some(k) => break i + k,
            }
        };
        self.odd = Some(Odd {
            from: s,
            to: self.end,
            at,
        });
        at
    }

    /// Move the unread bytes to the front of the buffer (growing it when
    /// they fill it) and read more after them.
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        self.prev = None;
        self.odd = None;
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            break;
        }
        // A UTF-8 byte order mark at the start is not text (as for the
        // csv crate).
        if self.fresh && (self.end >= 3 || self.eof) {
            self.fresh = false;
            if self.buf[..self.end].starts_with(b"\xef\xbb\xbf") {
                self.start = 3;
            }
        }
        Ok(())
    }

    /// Parse one record from the unread bytes with the csv crate's parser,
    /// reading more until it ends: quoted fields may hold line breaks. A
    /// quoted field that does not close (see [`Unclosed`]) is cut back to
    /// its first line.
    fn parse(&mut self) -> io::Result<Option<Fields<'_>>> {
        use csv_core::ReadRecordResult as R;
        // Empty lines before the record (the parser would skip them): the
        // record starts on the line after them.
        loop {
            while let Some(&b) = self.buf[self.start..self.end].first()
                && matches!(b, b'\n' | b'\r')
            {
                self.line += line_breaks(&[b], &mut self.after_cr);
                self.start += 1;
            }
            if self.start < self.end || self.eof {
                break;
            }
            self.fill()?;
        }
        // Lines are counted here, not by the parser, which counts only LF.
        let (mut line, mut cr) = (self.line, self.after_cr);
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        let last = loop {
            let input = &self.buf[self.start + nin..self.end];
            if input.is_empty() && !self.eof {
                // `fill` keeps `buf[start..]` in place relative to `start`.
                self.fill()?;
                continue;
            }
            let at_end = input.is_empty();
            let (res, i, o, e) =
                self.parser
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            line += line_breaks(&input[..i], &mut cr);
            nin += i;
            nout += o;
            nend += e;
            match res {
                R::Record => {
                    let raw = &self.buf[self.start..self.start + nin];
                    if at_end && ends_quoted(raw, self.delimiter) {
                        return Ok(Some(self.cut_back(Unclosed::AtEnd)));
                    }
                    // The line break that ends the record is not in it.
                    let last = line - u64::from(matches!(raw.last(), Some(b'\n' | b'\r')));
                    if last - self.line >= MAX_LINES {
                        return Ok(Some(self.cut_back(Unclosed::TooManyLines)));
                    }
                    break last;
                }
                // Called with no input at the end of the text, the parser
                // ends the last record or says there is none.
                R::End | R::InputEmpty if at_end => {
                    self.start += nin;
                    (self.line, self.after_cr) = (line, cr);
                    return Ok(None);
                }
                // Not ended yet: every line break so far is inside it.
                _ if line - self.line >= MAX_LINES => {
                    return Ok(Some(self.cut_back(Unclosed::TooManyLines)));
                }
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::InputEmpty | R::End => {}
            }
        };
        self.take_parsed(nend);
        self.parsed.line = self.line;
        self.parsed.last = last;
        self.start += nin;
        (self.line, self.after_cr) = (line, cr);
        Ok(Some(self.parsed.fields()))
    }

    /// The parser's output, `nend` fields, as the parsed record.
    fn take_parsed(&mut self, nend: usize) {
        self.parsed.clear();
        let mut from = 0;
        for &end in &self.ends[..nend] {
            self.parsed.push(&self.out[from..end]);
            from = end;
        }
    }

    /// The record at `start` has a quoted field that does not close: read
    /// its first line as a record of its own, marked `unclosed`, and go on
    /// at the next line.
    fn cut_back(&mut self, unclosed: Unclosed) -> Fields<'_> {
        use csv_core::ReadRecordResult as R;
        // The record starts after the line breaks the parser skipped.
        let mut s = self.start;
        while let Some(&b) = self.buf[..self.end].get(s)
            && matches!(b, b'\n' | b'\r')
        {
            self.line += line_breaks(&[b], &mut self.after_cr);
            s += 1;
        }
        let nl = memchr::memchr2(b'\n', b'\r', &self.buf[s..self.end]).map(|k| s + k);
        let first = &self.buf[s..nl.unwrap_or(self.end)];
        restart(&mut self.parser);
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        loop {
            // Once `first` is all read, no input: the end of the text.
            let (res, i, o, e) = self.parser.read_record(
                &first[nin..],
                &mut self.out[nout..],
                &mut self.ends[nend..],
            );
            nin += i;
            nout += o;
            nend += e;
            match res {
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::InputEmpty => {}
                R::Record | R::End => break,
            }
        }
        restart(&mut self.parser);
        self.take_parsed(nend);
        self.parsed.line = self.line;
        self.parsed.last = self.line;
        self.parsed.unclosed = Some(unclosed);
        self.start = nl.map_or(self.end, |n| n + 1);
        self.line += 1;
        self.after_cr = nl.is_some_and(|n| self.buf[n] == b'\r');
        self.odd = None;
        self.prev = None;
        self.parsed.fields()
    }
}

/// The lines `bytes` ends, as an editor counts them: LF, CRLF and a lone CR
/// (old Mac files) each end one. `cr` says whether the byte before `bytes`
/// was a CR (an LF first in `bytes` then ends no new line), and is set to
/// whether the last byte of `bytes` is one.
fn line_breaks(bytes: &[u8], cr: &mut bool) -> u64 {
    let mut n = 0;
    for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
        let after_cr = if i == 0 { *cr } else { bytes[i - 1] == b'\r' };
        n += u64::from(bytes[i] == b'\r' || !after_cr);
    }
    if let Some(&b) = bytes.last() {
        *cr = b == b'\r';
    }
    n
}

/// Make `parser` new, except that it has read something (so that it does
/// not take the next bytes for the start of a text, where it would strip a
/// byte order mark): an empty line, which it skips.
fn restart(parser: &mut csv_core::Reader) {
    parser.reset();
    parser.read_record(b"\n", &mut [0], &mut [0]);
}

/// Whether `raw`, the bytes of one record that the end of the text ended,
/// ends inside a quoted field: CSV's quoting (as `csv_core` reads it) run
/// over the bytes. A quote opens a field only at its start; inside, two
/// quotes are one, and one quote closes it.
fn ends_quoted(raw: &[u8], delimiter: u8) -> bool {
    #[derive(Clone, Copy)]
    enum State {
        Start,
        Unquoted,
        Quoted,
        /// A quote in a quoted field: its end, or the first of two.
        QuoteInQuoted,
    }
    let mut state = State::Start;
    for &b in raw {
        state = match state {
            // A quote opening a field, or the second of two in one.
            State::Start | State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::Start if b == delimiter || b == b'\n' || b == b'\r' => State::Start,
            State::Quoted => match b {
                b'"' => State::QuoteInQuoted,
                _ => State::Quoted,
            },
            State::Unquoted | State::QuoteInQuoted
                if b == delimiter || b == b'\n' || b == b'\r' =>
            {
                State::Start
            }
            State::Start | State::Unquoted | State::QuoteInQuoted => State::Unquoted,
        };
    }
    matches!(state, State::Quoted)
}

/// How many leading bytes `a` and `b` have in common (eight compared at a
/// time).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let (wa, _) = a.as_chunks::<8>();
    let (wb, _) = b.as_chunks::<8>();
    let mut n = 0;
    for (x, y) in wa.iter().zip(wb) {
        let diff = u64::from_le_bytes(*x) ^ u64::from_le_bytes(*y);
        if diff != 0 {
            return n + diff.trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Find the first line feed in `bytes[from..]` and push the positions of
/// byte `d` before it to `out`. `None` (with every `d` pushed) when there
/// is no line feed.
///
/// Eight bytes are looked at a time: the bytes of a word equal to `d` or
/// to `\n` are found with a few integer operations each, without a branch
/// per byte.
fn split(d: u8, bytes: &[u8], from: usize, out: &mut Vec<usize>) -> Option<usize> {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The top bit of each zero byte of `x`, and no other bit: adding 0x7f
    // to the low seven bits of a byte cannot carry into the next.
    let zeros = |x: u64| !(((x & LOW7) + LOW7) | x | LOW7);
    let splat_d = u64::from_ne_bytes([d; 8]);
    let splat_nl = u64::from_ne_bytes([b'\n'; 8]);
    let rest = bytes.get(from..).unwrap_or_default();
    let (words, tail) = rest.as_chunks::<8>();
    for (k, w) in words.iter().enumerate() {
        let w = u64::from_le_bytes(*w);
        let base = from + k * 8;
        let nl = zeros(w ^ splat_nl);
        let mut hits = zeros(w ^ splat_d);
        if nl != 0 {
            // Only the delimiters before the line feed.
            hits &= nl.wrapping_sub(1) & !nl;
        }
        while hits != 0 {
            out.push(base + hits.trailing_zeros() as usize / 8);
            hits &= hits - 1;
        }
        if nl != 0 {
            return Some(base + nl.trailing_zeros() as usize / 8);
        }
    }
    let base = from + words.len() * 8;
    for (i, &b) in tail.iter().enumerate() {
        if b == b'\n' {
            return Some(base + i);
        }
        if b == d {
            out.push(base + i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The records and their lines, as this reader and as `csv::Reader`
    /// give them.
    type Fields = Vec<Vec<u8>>;

    fn both(text: &[u8], delimiter: u8) -> (Vec<(u64, Fields)>, Vec<Fields>) {
        let (ours, theirs) = with_unclosed(text, delimiter);
        let ours = ours.into_iter().map(|(l, f, _)| (l, f)).collect();
        (ours, theirs)
    }

    /// [`both`], each of this reader's records with whether its quote is
    /// unclosed.
    #[allow(clippy::type_complexity, reason = "a test's plain tuples")]
    fn with_unclosed(
        text: &[u8],
        delimiter: u8,
    ) -> (Vec<(u64, Fields, Option<Unclosed>)>, Vec<Fields>) {
        let mut ours = Vec::new();
        let mut r = Records::new(text, delimiter, true);
        while let Some(rec) = r.record().unwrap() {
            ours.push((
                rec.line(),
                rec.iter().map(<[u8]>::to_vec).collect(),
                rec.unclosed(),
            ));
        }
        let theirs = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text)
            .byte_records()
            .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect();
        (ours, theirs)
    }

    fn fields(ours: &[(u64, Fields)]) -> Vec<Fields> {
        ours.iter().map(|(_, f)| f.clone()).collect()
    }

    /// One record read plainly, byte by byte, from `text[i..]` (at a
    /// record's start): its fields, where it ends, and whether the end of
    /// the text ended it inside a quoted field.
    fn plain_record(text: &[u8], mut i: usize, d: u8) -> (Fields, usize, bool) {
        #[derive(PartialEq)]
        enum S {
            Start,
            Unquoted,
            Quoted,
            QuoteInQuoted,
        }
        let (mut fields, mut f, mut s) = (Vec::new(), Vec::new(), S::Start);
        while let Some(&b) = text.get(i) {
            i += 1;
            let term = b == b'\n' || b == b'\r';
            match s {
                S::Quoted if b == b'"' => s = S::QuoteInQuoted,
                S::Quoted => f.push(b),
                S::Start if b == b'"' => s = S::Quoted,
                S::QuoteInQuoted if b == b'"' => {
                    f.push(b);
                    s = S::Quoted;
                }
                _ if b == d => {
                    fields.push(std::mem::take(&mut f));
                    s = S::Start;
                }
                _ if term => {
                    fields.push(f);
                    return (fields, i, false);
                }
                _ => {
                    f.push(b);
                    s = S::Unquoted;
                }
            }
        }
        fields.push(f);
        (fields, i, s == S::Quoted)
    }

    /// The records of `text` read plainly: blank lines skipped; a record
    /// whose quoted field the end of the text ends is cut back to its first
    /// line, and reading goes on at the next.
    fn plain(text: &[u8], d: u8) -> Vec<(Fields, bool)> {
        let text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if matches!(text[i], b'\n' | b'\r') {
                i += 1;
                continue;
            }
            let (fields, end, unclosed) = plain_record(text, i, d);
            if unclosed {
                // Its first line: a lone CR ends a line too.
                let nl = text[i..]
                    .iter()
                    .position(|&b| matches!(b, b'\n' | b'\r'))
                    .map(|k| i + k);
                let first = &text[i..nl.unwrap_or(text.len())];
                out.push((plain_record(first, 0, d).0, true));
                i = nl.map_or(text.len(), |n| n + 1);
            } else {
                out.push((fields, false));
                i = end;
            }
        }
        out
    }

    /// This reader's records agree with the plain reading and, when no
    /// quote is left open, with the csv crate's.
    fn check_unclosed(text: &[u8], d: u8) -> Result<(), TestCaseError> {
        let (ours, theirs) = with_unclosed(text, d);
        let ours: Vec<(Fields, bool)> =
            ours.into_iter().map(|(_, f, u)| (f, u.is_some())).collect();
        if ours.iter().all(|r| !r.1) {
            let ours: Vec<Fields> = ours.iter().map(|r| r.0.clone()).collect();
            prop_assert_eq!(ours, theirs);
        } else {
            prop_assert_eq!(ours, plain(text, d));
        }
        Ok(())
    }

    #[test]
    fn unclosed_quotes_cut_back_to_their_line() {
        let text = "h1,h2\r\nd,\"e\"\"f\nq\"\r\n\r\r\na,\"x\r\nb,c\r\n";
        let (ours, _) = with_unclosed(text.as_bytes(), b',');
        let got: Vec<(u64, Vec<String>, Option<Unclosed>)> = ours
            .into_iter()
            .map(|(l, f, u)| {
                let f = f.iter().map(|c| String::from_utf8_lossy(c).into_owned());
                (l, f.collect(), u)
            })
            .collect();
        let row = |l, f: &[&str], u| (l, f.iter().map(ToString::to_string).collect(), u);
        assert_eq!(
            got,
            vec![
                row(1, &["h1", "h2"], None),
                row(2, &["d", "e\"f\nq"], None),
                // `\r\r\n`: a lone CR ends line 4, the CRLF line 5.
                row(6, &["a", "x"], Some(Unclosed::AtEnd)),
                row(7, &["b", "c"], None),
            ]
        );
        // A quoted field over more than `MAX_LINES` lines.
        let mut text = String::from("a,\"x\n");
        for _ in 0..MAX_LINES {
            text.push_str("b\n");
        }
        text.push_str("\"\n");
        let (ours, _) = with_unclosed(text.as_bytes(), b',');
        assert_eq!(ours[0].2, Some(Unclosed::TooManyLines));
        assert_eq!(ours[1], (2, vec![b"b".to_vec()], None));
        // Exactly `MAX_LINES` lines, across refills of the buffer.
        let mut text = String::from("a,\"x\n");
        for _ in 2..MAX_LINES {
            text.push_str(&"b".repeat(BLOCK / 200));
            text.push('\n');
        }
        text.push_str("\"\r\nc\n");
        let (ours, _) = with_unclosed(text.as_bytes(), b',');
        assert_eq!(ours.len(), 2);
        assert_eq!(ours[0].2, None);
        assert_eq!(ours[1], (MAX_LINES + 1, vec![b"c".to_vec()], None));
    }

    #[test]
    fn same_records_as_the_csv_crate_with_lines() {
        let text = b"\xef\xbb\xbfa,b\n\n1,\"x\ny\",3\n\"q\"\"\",,\r\nlast";
        let (ours, theirs) = both(text, b',');
        assert_eq!(fields(&ours), theirs);
        let lines: Vec<u64> = ours.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 3, 5, 6]);
    }

    /// `split` as a plain scan would do it: the delimiters before the
    /// first line feed at or after `from`, and that line feed.
    fn naive_split(d: u8, bytes: &[u8], from: usize) -> (Vec<usize>, Option<usize>) {
        let nl = (from..bytes.len()).find(|&i| bytes[i] == b'\n');
        let stop = nl.unwrap_or(bytes.len());
        ((from..stop).filter(|&i| bytes[i] == d).collect(), nl)
    }

    proptest! {
        #[test]
        fn split_at_any_byte(
            bytes in proptest::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    prop::sample::select(vec![
                        b',', b',', b'\n', 0x00, 0x0a, 0x0b, 0x7f, 0x80, 0x8a, 0xac, 0xff, b'+', b'-',
                    ]),
                ],
                0..200,
            ),
            d in prop_oneof![Just(b','), any::<u8>()],
            from in 0..200usize,
        ) {
            let from = from.min(bytes.len());
            let mut got = Vec::new();
            let nl = split(d, &bytes, from, &mut got);
            prop_assert_eq!((got, nl), naive_split(d, &bytes, from));
        }

        #[test]
        fn common_prefix_of_any_bytes(
            a in proptest::collection::vec(0u8..3, 0..40),
            b in proptest::collection::vec(0u8..3, 0..40),
        ) {
            let want = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            prop_assert_eq!(common_prefix(&a, &b), want);
        }
    }

    #[test]
    fn split_at_a_line_feed() {
        for (bytes, from) in [
            (&b""[..], 0),
            (b",", 0),
            (b"a,b\nc,d", 0),
            (b"a,b\nc,d", 2),
            (b"a,b\nc,d", 4),
            (b",,,,,,,,\n,,,,,,,,,,", 0),
            (b"\x80,\xff,\x7f,,abcdefghij,k\x2c\n", 3),
            (b"0123456\n,", 0),
            (b"01234567\n,", 0),
        ] {
            let mut got = Vec::new();
            let nl = split(b',', bytes, from, &mut got);
            assert_eq!(
                (got, nl),
                naive_split(b',', bytes, from),
                "{bytes:?} from {from}"
            );
        }
    }

    /// Lines that share leading bytes with the line before, across the
    /// buffer's refills, with CRLF, quoted and empty lines between them.
    #[test]
    fn lines_sharing_leading_bytes() {
        let mut text = String::from("\u{feff}区,点,标准,结果\r\n");
        let mut lines = vec![1];
        let mut line = 2;
        for i in 0..40_000 {
            let point = i / 7;
            let row = match i % 11 {
                0 => format!("梁园区,\"点{point}\",A{i},合格\r\n"),
                1 => format!("梁园区,点{point},A{i},合格\n"),
                2 => format!("梁园区,点{point},,\n\n"),
                3 => format!("梁园区,点{point},A{i}\r\n\r\n"),
                _ => format!("梁园区,点{point},A{i},不合格\n"),
            };
            text.push_str(&row);
            lines.push(line);
            line += if matches!(i % 11, 2 | 3) { 2 } else { 1 };
        }
        let (ours, theirs) = both(text.as_bytes(), b',');
        assert_eq!(fields(&ours), theirs);
        assert_eq!(ours.iter().map(|(l, _)| *l).collect::<Vec<_>>(), lines);
    }

    #[test]
    fn records_longer_than_the_buffer() {
        let long = "x".repeat(3 * BLOCK);
        let text = format!("a;b\n\"{long}\n{long}\";{long}\nc;d\n");
        let (ours, theirs) = both(text.as_bytes(), b';');
        assert_eq!(fields(&ours), theirs);
        let lines: Vec<u64> = ours.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 2, 4]);
    }

    proptest! {
        /// Any text, with any mix of quotes, delimiters and line breaks,
        /// gives the records the csv crate gives.
        #[test]
        fn same_records_as_the_csv_crate(
            pieces in proptest::collection::vec(
                prop::sample::select(vec![
                    &b"a"[..], b"bc", b",", b";", b"\"", b"\"\"", b"\n", b"\r", b"\r\n", b" ",
                    "中".as_bytes(), b"\xef\xbb\xbf", b"\xff",
                ]),
                0..60,
            ),
            semicolon in any::<bool>(),
        ) {
            let text = pieces.concat();
            let delimiter = if semicolon { b';' } else { b',' };
            check_unclosed(&text, delimiter)?;
        }

        /// Lines made of a few cells, so that lines often share leading
        /// bytes with the line before, give the csv crate's records.
        #[test]
        fn lines_of_few_cells_as_the_csv_crate(
            lines in proptest::collection::vec(
                (
                    proptest::collection::vec(
                        prop::sample::select(vec!["a", "bc", "中", "\"q\"", "\"x,\ny\"", "", " ", "\r"]),
                        0..8,
                    ),
                    prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]),
                ),
                0..40,
            ),
        ) {
            let text: String = lines
                .iter()
                .map(|(cells, end)| cells.join(",") + end)
                .collect();
            check_unclosed(text.as_bytes(), b',')?;
        }

        /// Lines with stray quotes anywhere: the records are those read
        /// plainly, an unclosed quote costing one line.
        #[test]
        fn unclosed_quotes_as_read_plainly(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    prop::sample::select(vec!["a", "\"", "\"\"", "\"q\"", "x\"y", "", "\"m\nn\"", "\r"]),
                    0..6,
                ),
                0..20,
            ),
        ) {
            let text: String = lines.iter().map(|cells| cells.join(",") + "\n").collect();
            let (ours, _) = with_unclosed(text.as_bytes(), b',');
            let ours: Vec<(Fields, bool)> =
                ours.into_iter().map(|(_, f, u)| (f, u.is_some())).collect();
            prop_assert_eq!(ours, plain(text.as_bytes(), b','));
        }
    }
}
