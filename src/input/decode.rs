//! Opening an inspection file as inspectors save it: UTF-8 with or without a
//! BOM, UTF-16 with a BOM, or GBK/GB18030 from Chinese Excel; comma, tab or
//! semicolon; Excel's `sep=,` first line. The raw bytes are hashed (SHA-256)
//! as they are read.

use std::fmt::Write as _;
use std::io::{self, Cursor, Read};
use std::sync::{Arc, Mutex};

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use sha2::{Digest, Sha256};

const SNIFF: usize = 64 * 1024;

/// A reader that feeds every byte it reads into a SHA-256 (when there is
/// one: hashing is skipped when no report shows it).
struct Hashing<R> {
    inner: R,
    hash: Option<Arc<Mutex<Sha256>>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(Ok(mut h)) = self.hash.as_ref().map(|h| h.lock()) {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// An opened input: UTF-8 bytes to parse, and what was found on the way.
pub struct Opened {
    pub reader: Box<dyn Read + Send>,
    /// The encoding used, as reported to the user.
    pub encoding: &'static str,
    pub delimiter: u8,
    /// Lines consumed before the header (Excel's `sep=` line).
    pub skipped_lines: u64,
    /// True when the file has no bytes at all (after a BOM).
    pub empty: bool,
    hash: Option<Arc<Mutex<Sha256>>>,
}

impl Opened {
    /// The SHA-256 of the raw bytes read so far (all of them, once the
    /// reader is exhausted), as lower-case hex; empty when not hashed.
    #[must_use]
    pub fn sha256(&self) -> String {
        let Some(hash) = &self.hash else {
            return String::new();
        };
        hash.lock().map_or_else(
            |_| String::new(),
            |h| {
                h.clone()
                    .finalize()
                    .iter()
                    .fold(String::with_capacity(64), |mut s, b| {
                        let _ = write!(s, "{b:02x}");
                        s
                    })
            },
        )
    }
}

/// An encoding the user may force with `--encoding`.
#[must_use]
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Open `raw`, detecting (or forcing) the encoding and the delimiter.
///
/// # Errors
/// Only on I/O errors.
pub fn open(
    raw: Box<dyn Read + Send>,
    forced: Option<&'static Encoding>,
    delimiter: Option<u8>,
    sha256: bool,
) -> io::Result<Opened> {
    let hash = sha256.then(|| Arc::new(Mutex::new(Sha256::new())));
    let mut reader = Hashing {
        inner: raw,
        hash: hash.clone(),
    };
    let mut prefix = Vec::with_capacity(SNIFF);
    (&mut reader).take(SNIFF as u64).read_to_end(&mut prefix)?;

    let (bom_enc, bom_len) = Encoding::for_bom(&prefix).unzip();
    let bom_len = bom_len.unwrap_or(0);
    let (enc, name): (&'static Encoding, &'static str) = match (forced, bom_enc) {
        (Some(f), _) => (f, f.name()),
        (None, Some(e)) if e == UTF_8 => (UTF_8, "UTF-8 (BOM)"),
        (None, Some(e)) if e == UTF_16LE => (UTF_16LE, "UTF-16LE"),
        (None, Some(e)) if e == UTF_16BE => (UTF_16BE, "UTF-16BE"),
        _ => {
            let valid = match std::str::from_utf8(&prefix) {
                Ok(_) => true,
                // A character cut at the end of the sniffed block is fine.
                Err(e) => e.error_len().is_none() && prefix.len() == SNIFF,
            };
            // Not UTF-8: GBK/GB18030 from Chinese Excel, unless it is UTF-8
            // text with a few bad bytes (which are then reported where they
            // are): GBK text has next to no valid multi-byte UTF-8 in it. A
            // header of Chinese names in UTF-8 settles it, whatever follows
            // (bytes that are not text are then reported on their lines,
            // not as a garbled header).
            let gb18030 = !valid && !utf8_header(&prefix) && {
                let (mut good, mut bad) = (0usize, 0usize);
                for chunk in prefix.utf8_chunks() {
                    good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
                    bad += usize::from(!chunk.invalid().is_empty());
                }
                good < 10 * bad
            };
            if gb18030 {
                (GB18030, "GB18030")
            } else {
                (UTF_8, "UTF-8")
            }
        }
    };
    // Decode the sniffed block once, to look at the first lines.
    let body = if forced.is_none() || bom_enc == Some(enc) {
        &prefix[bom_len..]
    } else {
        &prefix[..]
    };
    let (head, _) = enc.decode_without_bom_handling(body);
    let mut lines = head.lines();
    let first = lines.next().unwrap_or("");
    let sep_line = first
        .strip_prefix("sep=")
        .and_then(|s| s.trim_end_matches('\r').bytes().next())
        .filter(|_| first.trim_end_matches('\r').chars().count() == 5);
    let header = if sep_line.is_some() {
        lines.next().unwrap_or("")
    } else {
        first
    };
    let delimiter = delimiter
        .or(sep_line)
        .unwrap_or_else(|| detect_delimiter(header));
    let empty = head.trim().is_empty();

    let skipped_lines = u64::from(sep_line.is_some());
    let reader: Box<dyn Read + Send> = if enc == UTF_8 {
        // Fast path: parse the bytes as they are; fields are checked for
        // UTF-8 one by one, so a bad byte gets a located error.
        let mut start = if bom_enc == Some(UTF_8) { bom_len } else { 0 };
        if sep_line.is_some() {
            start += prefix[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(prefix.len() - start, |p| p + 1);
        }
        prefix.drain(..start);
        Box::new(Cursor::new(prefix).chain(reader))
    } else {
        let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(enc))
            .bom_override(forced.is_none())
            .bom_sniffing(forced.is_none())
            .build(Cursor::new(prefix).chain(reader));
        if sep_line.is_some() {
            Box::new(SkipLine::new(decoded))
        } else {
            Box::new(decoded)
        }
    };
    Ok(Opened {
        reader,
        encoding: name,
        delimiter,
        skipped_lines,
        empty,
        hash,
    })
}

/// Whether the first line of `prefix` (the second, after Excel's `sep=`
/// line) is UTF-8 text with characters beyond ASCII (a character cut at
/// the end of `prefix` allowed).
fn utf8_header(prefix: &[u8]) -> bool {
    let lines = if prefix.starts_with(b"sep=") { 2 } else { 1 };
    let end = prefix
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .nth(lines - 1)
        .map_or(prefix.len(), |(i, _)| i);
    let head = &prefix[..end];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !text.is_ascii()
}

/// The delimiter that occurs most often outside quotes in the header line:
/// comma, tab or semicolon (comma on a tie).
fn detect_delimiter(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b'\t', b';'][best]
}

/// Drops everything up to and including the first `\n`.
struct SkipLine<R> {
    inner: R,
    skipping: bool,
}

impl<R> SkipLine<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            skipping: true,
        }
    }
}

impl<R: Read> Read for SkipLine<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if !self.skipping || n == 0 {
                return Ok(n);
            }
            if let Some(p) = buf[..n].iter().position(|&b| b == b'\n') {
                self.skipping = false;
                buf.copy_within(p + 1..n, 0);
                return Ok(n - p - 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> (String, &'static str, u8) {
        let mut o = open(Box::new(Cursor::new(bytes.to_vec())), None, None, true).expect("open");
        let mut s = String::new();
        o.reader.read_to_string(&mut s).expect("utf-8");
        (s, o.encoding, o.delimiter)
    }

    #[test]
    fn detects_encodings_and_delimiters() {
        let (s, e, d) = read_all("区县,结果\n梁园区,合格\n".as_bytes());
        assert_eq!(
            (s.as_str(), e, d),
            ("区县,结果\n梁园区,合格\n", "UTF-8", b',')
        );
        let (s, e, _) = read_all("\u{feff}区县;结果\n".as_bytes());
        assert_eq!((s.as_str(), e), ("区县;结果\n", "UTF-8 (BOM)"));
        let (gbk, _, _) = GB18030.encode("区县\t结果\n梁园区\t合格\n");
        let (s, e, d) = read_all(&gbk);
        assert_eq!(
            (s.as_str(), e, d),
            ("区县\t结果\n梁园区\t合格\n", "GB18030", b'\t')
        );
        let mut u16 = vec![0xff, 0xfe];
        for u in "区县,结果\n".encode_utf16() {
            u16.extend(u.to_le_bytes());
        }
        let (s, e, _) = read_all(&u16);
        assert_eq!((s.as_str(), e), ("区县,结果\n", "UTF-16LE"));
        let (s, _, d) = read_all(b"sep=;\r\na;b\r\n1;2\r\n");
        assert_eq!((s.as_str(), d), ("a;b\r\n1;2\r\n", b';'));
        let (gbk, _, _) = GB18030.encode("sep=,\n区县,结果\n");
        let (s, _, _) = read_all(&gbk);
        assert_eq!(s, "区县,结果\n");
    }

    #[test]
    fn a_utf8_header_settles_the_encoding() {
        // Bytes that are not text after a header in UTF-8: still UTF-8.
        let mut bytes = "sep=;\n区县;结果\n".as_bytes().to_vec();
        bytes.extend((0..3000u32).map(|i| (i * 37 + 11).to_le_bytes()[0]));
        let o = open(Box::new(Cursor::new(bytes)), None, None, false).expect("open");
        assert_eq!(o.encoding, "UTF-8");
        // A GBK header, or an ASCII one before GBK rows: GB18030.
        let (gbk, _, _) = GB18030.encode("区县,结果\n梁园区,合格\n");
        assert_eq!(read_all(&gbk).1, "GB18030");
        let (gbk, _, _) = GB18030.encode("district,result\n梁园区,合格\n");
        assert_eq!(read_all(&gbk).1, "GB18030");
        assert!(!utf8_header(b"a,b\n\xe4\xb8\xad"));
        assert!(utf8_header(b"\xe4\xb8\xad,b\n\xff"));
        assert!(utf8_header(b"\xe4\xb8\xad,\xe4\xb8"));
    }
}
