//! Byte ranges of one large file, for several threads to read at once.
//!
//! A file is cut only just after a line break that is outside quotes, so
//! every range starts at a record. Quotes and line breaks are the same bytes
//! in UTF-8 and in GBK/GB18030 (no multi-byte character contains them), so
//! the cut points are found in the raw bytes; each range then starts on a
//! known line, which keeps diagnostics located exactly. Where quotes and
//! line feeds alone do not tell where records end (a quote CSV reads as a
//! plain character, a lone CR), no ranges are planned and the file is read
//! in one piece: the ranges never change what is read.

use std::fmt::Write as _;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

/// One range: `start..end` in the file, starting on line `first_line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub start: u64,
    pub end: u64,
    pub first_line: u64,
}

/// Where the data of a file lies, cut into ranges, and its SHA-256 when
/// asked for.
#[derive(Debug)]
pub struct Plan {
    pub chunks: Vec<Chunk>,
    pub sha256: String,
}

/// Cut the file after its BOM (`bom` bytes), its `skipped` leading lines
/// (Excel's `sep=`) and its header into ranges of about `size` bytes.
/// `None` when the file cannot be cut safely (see [`plan_with`]).
///
/// # Errors
/// I/O errors.
pub fn plan(
    path: &Path,
    bom: u64,
    skipped: u64,
    delimiter: u8,
    size: u64,
    sha256: bool,
) -> io::Result<Option<Plan>> {
    let mut chunks = Vec::new();
    let sha256 = plan_with(path, bom, skipped, delimiter, size, sha256, |c| {
        chunks.push(c);
    })?;
    Ok(sha256.map(|sha256| Plan { chunks, sha256 }))
}

/// Where CSV's quoting stands after the bytes looked at so far.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    Outside,
    Inside,
    /// Just after a quote inside a quoted field: its end, or the first of
    /// two.
    QuoteInside,
}

/// [`plan`], handing each range to `emit` as soon as it is known (so that
/// threads can start on the first while the rest of the file is planned);
/// returns the SHA-256 (empty unless asked for).
///
/// `None` (the ranges emitted so far then mean nothing) when the file
/// cannot be cut by looking at quotes and line feeds alone: a quote where
/// CSV gives it no meaning (inside an unquoted field, or text after a
/// closing quote), a quote that does not close, a carriage return not
/// followed by a line feed (old Mac line ends), or an empty line or a byte
/// order mark before the header. Such a file is read in one piece.
///
/// # Errors
/// I/O errors.
#[allow(
    clippy::too_many_lines,
    reason = "one pass over the bytes, its states together"
)]
pub fn plan_with(
    path: &Path,
    bom: u64,
    skipped: u64,
    delimiter: u8,
    size: u64,
    sha256: bool,
    mut emit: impl FnMut(Chunk),
) -> io::Result<Option<String>> {
    if matches!(delimiter, b'"' | b'\r' | b'\n') {
        return Ok(None);
    }
    let mut file = std::fs::File::open(path)?;
    let mut hash = sha256.then(Sha256::new);
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0u64; // absolute offset of buf[0]
    // Line feeds before buf[0].
    let mut newlines = 0u64;
    let mut quoting = Quoting::Outside;
    // The byte before the one looked at next.
    let mut prev = b'\n';
    let mut lines_to_skip = skipped;
    // Where the header starts, once the skipped lines are behind.
    let mut header_checked = false;
    let mut header_done = false;
    let mut next_cut = u64::MAX;
    // The range being planned: where it starts, on which line.
    let (mut start, mut line) = (0u64, 0u64);
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let block = &buf[..n];
        if let Some(h) = hash.as_mut() {
            h.update(block);
        }
        let mut i = usize::try_from(bom.saturating_sub(pos)).unwrap_or(n).min(n);
        // The skipped lines: only their line feeds matter.
        while lines_to_skip > 0 && i < n {
            match memchr::memchr(b'\n', &block[i..]) {
                Some(k) => {
                    i += k + 1;
                    lines_to_skip -= 1;
                }
                None => i = n,
            }
        }
        if lines_to_skip == 0 && !header_checked && i < n {
            // An empty line or a second byte order mark before the header
            // (which the reader skips), or too little of the file to tell.
            let head = &block[i..];
            if head.len() < 4
                || matches!(head[0], b'\r' | b'\n')
                || head.starts_with(b"\xef\xbb\xbf")
                || head.starts_with(b"\x84\x31\x95\x33")
            {
                return Ok(None);
            }
            header_checked = true;
        }
        while header_checked && i < n {
            if quoting == Quoting::QuoteInside {
                // A quote in a quoted field, followed by this byte.
                match block[i] {
                    b'"' => {
                        quoting = Quoting::Inside;
                        prev = b'"';
                        i += 1;
                        continue;
                    }
                    b if b == delimiter || b == b'\r' || b == b'\n' => {
                        quoting = Quoting::Outside;
                    }
                    _ => return Ok(None),
                }
            }
            if prev == b'\r' && block[i] != b'\n' {
                return Ok(None);
            }
            // Line feeds matter only outside quotes, for the header's end
            // and once the next cut is due.
            let at = pos + i as u64;
            let want_lf = quoting == Quoting::Outside && (!header_done || at >= next_cut);
            // Up to the next cut, when it is not due yet.
            let to = if header_done && at < next_cut {
                usize::try_from(next_cut - pos).map_or(n, |c| c.min(n))
            } else {
                n
            };
            let rest = &block[i..to];
            let found = if want_lf {
                memchr::memchr3(b'"', b'\r', b'\n', rest)
            } else {
                memchr::memchr2(b'"', b'\r', rest)
            };
            let Some(k) = found else {
                prev = block[to - 1];
                i = to;
                continue;
            };
            let j = i + k;
            let before = if k == 0 { prev } else { block[j - 1] };
            prev = block[j];
            i = j + 1;
            match block[j] {
                b'"' if quoting == Quoting::Inside => quoting = Quoting::QuoteInside,
                b'"' => {
                    // A quote opens a field only at its start.
                    if before != delimiter && before != b'\n' {
                        return Ok(None);
                    }
                    quoting = Quoting::Inside;
                }
                b'\r' => {
                    if i < n && block[i] != b'\n' {
                        return Ok(None);
                    }
                }
                _ => {
                    // A line feed outside quotes: a record ends here.
                    let here = pos + i as u64;
                    let lines = newlines + bytecount::count(&block[..i], b'\n') as u64;
                    if header_done {
                        emit(Chunk {
                            start,
                            end: here,
                            first_line: line,
                        });
                    } else {
                        header_done = true;
                    }
                    (start, line) = (here, lines + 1);
                    next_cut = here + size;
                }
            }
        }
        newlines += bytecount::count(block, b'\n') as u64;
        pos += n as u64;
    }
    // A quote left open, or a lone CR at the very end.
    if quoting == Quoting::Inside || prev == b'\r' || !header_checked {
        return Ok(None);
    }
    // The last range, to the end.
    if header_done && start < pos {
        emit(Chunk {
            start,
            end: pos,
            first_line: line,
        });
    }
    Ok(Some(hash.map_or_else(String::new, |h| {
        h.finalize()
            .iter()
            .fold(String::with_capacity(64), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, bom: u64, skipped: u64, size: u64) -> Vec<(String, u64)> {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("x.csv");
        std::fs::write(&p, text).expect("write");
        let plan = plan(&p, bom, skipped, b',', size, false)
            .expect("plan")
            .expect("cut");
        plan.chunks
            .iter()
            .map(|c| {
                let s = &text.as_bytes()[usize::try_from(c.start).expect("start")
                    ..usize::try_from(c.end).expect("end")];
                (String::from_utf8_lossy(s).into_owned(), c.first_line)
            })
            .collect()
    }

    #[test]
    fn cuts_a_file_read_in_several_blocks() {
        let mut text = String::from("h1,h2\n");
        for i in 0..150_000 {
            text.push_str(if i % 1000 == 7 {
                "\"x\ny\",1\n"
            } else {
                "abcdef,123456\n"
            });
        }
        let ranges = cut(&text, 0, 0, 300_000);
        assert!(ranges.len() > 5, "{}", ranges.len());
        let joined: String = ranges.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(joined, text["h1,h2\n".len()..]);
        // Each range starts on the line after the lines before it.
        let mut line = 2;
        for (r, first) in &ranges {
            assert_eq!(*first, line);
            line += r.matches('\n').count() as u64;
        }
    }

    #[test]
    fn cuts_after_line_breaks_outside_quotes() {
        let text = "h1,h2\na,\"x\ny\"\nb,c\r\nd,e\n";
        assert_eq!(
            cut(text, 0, 0, 1),
            vec![
                ("a,\"x\ny\"\n".to_string(), 2),
                ("b,c\r\n".to_string(), 4),
                ("d,e\n".to_string(), 5),
            ]
        );
        assert_eq!(
            cut(text, 0, 0, 1000),
            vec![("a,\"x\ny\"\nb,c\r\nd,e\n".to_string(), 2)]
        );
        // A quoted header, a sep line and a BOM.
        let text = "\u{feff}sep=,\n\"a\nb\",c\n1,2\n3,4";
        assert_eq!(
            cut(text, 3, 1, 1),
            vec![("1,2\n".to_string(), 4), ("3,4".to_string(), 5)]
        );
    }

    fn planned(text: &str) -> bool {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("x.csv");
        std::fs::write(&p, text).expect("write");
        plan(&p, 0, 0, b',', 1, false).expect("plan").is_some()
    }

    #[test]
    fn gives_up_where_quotes_and_line_feeds_do_not_tell_the_records() {
        // Regular quotes: opened at a field's start, doubled, closed
        // before a delimiter or a line end.
        assert!(planned("h1,h2\r\n\"a\"\"b\",\"\"\r\n\"x\ny\",c\n"));
        assert!(planned("h1,h2\na,\"b,c\""));
        for text in [
            "h1,h\"2\na,b\n",       // a quote inside a field
            "h1,h2\na,\"b\"c\n",    // text after a closing quote
            "h1,h2\na,\"b\nc,d\n",  // a quote that does not close
            "h1,h2\ra,b\rc,d\r",    // lone CR line ends
            "h1,h2\na,b\r",         // one at the end
            "\nh1,h2\na,b\n",       // an empty line before the header
            "\u{feff}h1,h2\na,b\n", // a byte order mark there
        ] {
            assert!(!planned(text), "{text:?}");
        }
    }
}
