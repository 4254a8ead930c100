//! Byte ranges of one large file, for several threads to read at once.
//!
//! A file is cut only just after a line break that is outside quotes, so
//! every range starts at a record. Quotes and line breaks are the same bytes
//! in UTF-8 and in GBK/GB18030 (no multi-byte character contains them), so
//! the cut points are found in the raw bytes; each range then starts on a
//! known line, which keeps diagnostics located exactly.

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
///
/// # Errors
/// I/O errors.
pub fn plan(path: &Path, bom: u64, skipped: u64, size: u64, sha256: bool) -> io::Result<Plan> {
    let mut chunks = Vec::new();
    let sha256 = plan_with(path, bom, skipped, size, sha256, |c| chunks.push(c))?;
    Ok(Plan { chunks, sha256 })
}

/// [`plan`], handing each range to `emit` as soon as it is known (so that
/// threads can start on the first while the rest of the file is planned);
/// returns the SHA-256, if asked for.
///
/// # Errors
/// I/O errors.
pub fn plan_with(
    path: &Path,
    bom: u64,
    skipped: u64,
    size: u64,
    sha256: bool,
    mut emit: impl FnMut(Chunk),
) -> io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hash = sha256.then(Sha256::new);
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0u64; // absolute offset of buf[0]
    let mut newlines = 0u64;
    let mut quoted = false;
    let mut lines_to_skip = skipped;
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
        while i < n {
            let at = pos + i as u64;
            if header_done && at < next_cut {
                // Between cuts only the parity of quotes and the count of
                // line breaks matter: count them a block at a time.
                let stop = usize::try_from(next_cut - pos).unwrap_or(n).min(n);
                let (quote_marks, breaks) = count(&block[i..stop]);
                quoted ^= quote_marks % 2 == 1;
                newlines += breaks;
                i = stop;
                continue;
            }
            let b = block[i];
            i += 1;
            if b == b'"' && lines_to_skip == 0 {
                quoted = !quoted;
            }
            if b != b'\n' {
                continue;
            }
            newlines += 1;
            if lines_to_skip > 0 {
                lines_to_skip -= 1;
                continue;
            }
            if quoted {
                continue;
            }
            let here = pos + i as u64;
            if header_done {
                emit(Chunk {
                    start,
                    end: here,
                    first_line: line,
                });
            } else {
                header_done = true;
            }
            (start, line) = (here, newlines + 1);
            next_cut = here + size;
        }
        pos += n as u64;
    }
    // The last range, to the end.
    if header_done && start < pos {
        emit(Chunk {
            start,
            end: pos,
            first_line: line,
        });
    }
    Ok(hash.map_or_else(String::new, |h| {
        h.finalize()
            .iter()
            .fold(String::with_capacity(64), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            })
    }))
}

/// Quotes and line breaks in `s` (counted with the processor's vector
/// instructions).
fn count(s: &[u8]) -> (u64, u64) {
    (
        bytecount::count(s, b'"') as u64,
        bytecount::count(s, b'\n') as u64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, bom: u64, skipped: u64, size: u64) -> Vec<(String, u64)> {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("x.csv");
        std::fs::write(&p, text).expect("write");
        let plan = plan(&p, bom, skipped, size, false).expect("plan");
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
}
