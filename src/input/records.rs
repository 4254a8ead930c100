//! The records of a CSV text, each with the line it starts on.
//!
//! Nearly every line inspectors save holds one record and no quote, so a
//! line without a `"` (or a stray carriage return) is split on the
//! delimiter here, which is all CSV syntax means for such a line; every
//! other record is parsed by [`csv_core`], the csv crate's own parser. The
//! records are the ones `csv::Reader` (flexible, no comments, `"` quotes,
//! doubled to escape) gives for the same bytes — a property test holds the
//! two to it — at a fraction of the cost: line breaks and quotes are found
//! with `memchr`'s vectorised search and delimiters eight bytes at a time,
//! where the parser steps through a state machine byte by byte.

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
}

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
}

/// One record, owned (see [`Fields`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    line: u64,
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
        }
    }

    /// A record of these fields (for tests and tools).
    #[must_use]
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = &'a [u8]>, line: u64) -> Self {
        let mut rec = Self {
            line,
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
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
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
pub struct Records<R> {
    inner: R,
    buf: Vec<u8>,
    /// The unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    /// The line `buf[start]` is on (counting `\n`, from 1).
    line: u64,
    /// Nothing read yet: a UTF-8 byte order mark is skipped.
    fresh: bool,
    delimiter: u8,
    parser: csv_core::Reader,
    /// The parser's output: field bytes and field ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The field ends of the line handed out last.
    line_ends: Vec<usize>,
    /// The record the parser read last, its fields one byte apart.
    parsed: Record,
}

impl<R: Read> Records<R> {
    /// Records of `inner`, which starts a text (where a byte order mark is
    /// skipped) when `at_start`.
    pub fn new(inner: R, delimiter: u8, at_start: bool) -> Self {
        let mut parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // The parser strips a byte order mark from the first bytes it is
        // given, which here are not the text's first bytes (that mark is
        // skipped in `fill`): give it an empty line first, which it skips.
        parser.read_record(b"\n", &mut [0], &mut [0]);
        Self {
            inner,
            buf: vec![0; BLOCK],
            start: 0,
            end: 0,
            eof: false,
            line: 1,
            fresh: at_start,
            delimiter,
            parser,
            out: vec![0; 1024],
            ends: vec![0; 64],
            line_ends: Vec::new(),
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
        loop {
            let Some(nl) = self.next_newline()? else {
                if self.start == self.end {
                    return Ok(None);
                }
                // The last line, without a line break.
                return self.parse();
            };
            let line = &self.buf[self.start..nl];
            if line.iter().all(|&b| b == b'\r') {
                self.start = nl + 1;
                self.line += 1;
                continue;
            }
            // A CRLF line end is a line end; any other `\r` ends a record.
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if memchr::memchr2(b'"', b'\r', line).is_some() {
                return self.parse();
            }
            // A line without quotes: its fields are what lies between
            // delimiters, and the line is the record's bytes as they are.
            if self.line_ends.len() <= line.len() {
                self.line_ends.resize(line.len() + 1, 0);
            }
            let n = positions(self.delimiter, line, &mut self.line_ends);
            self.line_ends[n] = line.len();
            let fields = Fields {
                bytes: &self.buf[self.start..self.start + line.len()],
                ends: &self.line_ends[..=n],
                line: self.line,
            };
            self.start = nl + 1;
            self.line += 1;
            return Ok(Some(fields));
        }
    }

    /// The index of the next `\n` in the buffer, reading more as needed;
    /// `None` at the end of the text (the unread bytes, if any, are its
    /// last line).
    fn next_newline(&mut self) -> io::Result<Option<usize>> {
        // How far from `start` the search has got.
        let mut searched = 0;
        loop {
            let from = self.start + searched;
            if let Some(i) = memchr::memchr(b'\n', &self.buf[from..self.end]) {
                return Ok(Some(from + i));
            }
            if self.eof {
                return Ok(None);
            }
            searched = self.end - self.start;
            self.fill()?;
        }
    }

    /// Move the unread bytes to the front of the buffer (growing it when
    /// they fill it) and read more after them.
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
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
    /// reading more until it ends: quoted fields may hold line breaks.
    fn parse(&mut self) -> io::Result<Option<Fields<'_>>> {
        use csv_core::ReadRecordResult as R;
        self.parser.set_line(self.line);
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        loop {
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
            nin += i;
            nout += o;
            nend += e;
            match res {
                R::Record => break,
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::InputEmpty if !at_end => {}
                // Called with no input at the end of the text, the parser
                // ends the last record or says there is none.
                R::End | R::InputEmpty => {
                    self.start += nin;
                    return Ok(None);
                }
            }
        }
        self.parsed.clear();
        let mut from = 0;
        for &end in &self.ends[..nend] {
            self.parsed.push(&self.out[from..end]);
            from = end;
        }
        self.parsed.line = self.line;
        self.start += nin;
        self.line = self.parser.line();
        Ok(Some(self.parsed.fields()))
    }
}

/// Write the positions of byte `d` in `line` to the start of `out`, which
/// has room for one per byte, and return how many there are.
///
/// Eight bytes are looked at a time, and the matches of up to 64 bytes are
/// gathered into one bit mask before they are written out: one loop per
/// 64 bytes, whose end the processor mispredicts once, rather than one per
/// word.
fn positions(d: u8, line: &[u8], out: &mut [usize]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Moves the top bit of byte i to bit 56 + i.
    const GATHER: u64 = 0x0002_0408_1020_4081;
    let splat = u64::from_ne_bytes([d; 8]);
    let (words, rest) = line.as_chunks::<8>();
    let mut n = 0;
    for (g, group) in words.chunks(8).enumerate() {
        let mut mask = 0u64;
        for (k, w) in group.iter().enumerate() {
            let x = u64::from_le_bytes(*w) ^ splat;
            // The top bit of each byte of `x` that is zero, and no other
            // bit: adding 0x7f to the low seven bits cannot carry.
            let zeros = !(((x & LOW7) + LOW7) | x | LOW7);
            mask |= (zeros.wrapping_mul(GATHER) >> 56) << (k * 8);
        }
        while mask != 0 {
            out[n] = g * 64 + mask.trailing_zeros() as usize;
            n += 1;
            mask &= mask - 1;
        }
    }
    let base = words.len() * 8;
    for (i, &b) in rest.iter().enumerate() {
        if b == d {
            out[n] = base + i;
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The records and their lines, as this reader and as `csv::Reader`
    /// give them.
    type Fields = Vec<Vec<u8>>;

    fn both(text: &[u8], delimiter: u8) -> (Vec<(u64, Fields)>, Vec<Fields>) {
        let mut ours = Vec::new();
        let mut r = Records::new(text, delimiter, true);
        while let Some(rec) = r.record().unwrap() {
            ours.push((rec.line(), rec.iter().map(<[u8]>::to_vec).collect()));
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

    #[test]
    fn same_records_as_the_csv_crate_with_lines() {
        let text = b"\xef\xbb\xbfa,b\n\n1,\"x\ny\",3\n\"q\"\"\",,\r\nlast";
        let (ours, theirs) = both(text, b',');
        let fields: Vec<_> = ours.iter().map(|(_, f)| f.clone()).collect();
        assert_eq!(fields, theirs);
        let lines: Vec<u64> = ours.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 3, 5, 6]);
    }

    proptest! {
        #[test]
        fn positions_of_any_byte(
            line in proptest::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    prop::sample::select(vec![b',', b',', 0x00, 0x7f, 0x80, 0xac, 0xff, b'+', b'-']),
                ],
                0..200,
            ),
            d in prop_oneof![Just(b','), any::<u8>()],
        ) {
            let mut got = vec![0; line.len()];
            let n = positions(d, &line, &mut got);
            got.truncate(n);
            let want: Vec<usize> = (0..line.len()).filter(|&i| line[i] == d).collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn positions_of_a_byte() {
        for line in [
            &b""[..],
            b",",
            b"a,b",
            b",,,,,,,,,,",
            b"\x80,\xff,\x7f,,abcdefghij,k\x2c",
        ] {
            let mut got = vec![0; line.len()];
            let n = positions(b',', line, &mut got);
            got.truncate(n);
            let want: Vec<usize> = (0..line.len()).filter(|&i| line[i] == b',').collect();
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn records_longer_than_the_buffer() {
        let long = "x".repeat(3 * BLOCK);
        let text = format!("a;b\n\"{long}\n{long}\";{long}\nc;d\n");
        let (ours, theirs) = both(text.as_bytes(), b';');
        let fields: Vec<_> = ours.iter().map(|(_, f)| f.clone()).collect();
        assert_eq!(fields, theirs);
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
            let (ours, theirs) = both(&text, delimiter);
            let fields: Vec<_> = ours.into_iter().map(|(_, f)| f).collect();
            prop_assert_eq!(fields, theirs);
        }
    }
}
