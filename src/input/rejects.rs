//! The rejected rows (for `--rejects`), spooled to anonymous temporary files
//! as they come, so that a million of them cost disk, not memory.
//!
//! Each worker writes its rows to a file of its own (deleted by the system
//! when the file is closed, even if ceping is killed), in the order it meets
//! them: by file and line, which is how a worker reads. A row that comes
//! before the last one written (the second pass that finds duplicates
//! starts again from the top) starts another file. The rows come back
//! merged in file and line order, whatever the number of threads.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};

use super::records::Fields;
use crate::i18n::{Lang, Msg};

/// A row that was not used, as it was read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The input's index.
    pub file: usize,
    pub line: u64,
    pub fields: Vec<String>,
    /// The reasons, in the language asked for, joined.
    pub reason: String,
}

/// The rejected rows of a read: see the [module documentation](self).
#[derive(Debug, Default)]
pub struct Rejects {
    /// Files of rows in file and line order, each read from its start.
    runs: Vec<File>,
    /// The file being written, and the file and line of its last row.
    current: Option<(BufWriter<File>, (usize, u64))>,
    rows: u64,
    extra: usize,
    /// The first error writing a file (reported at the end of the read).
    error: Option<io::Error>,
}

impl Rejects {
    /// Keep a row of input `file` (whose header has `columns` cells),
    /// rejected for `reasons`.
    pub fn push(
        &mut self,
        file: usize,
        line: u64,
        fields: Fields<'_>,
        columns: usize,
        reasons: &[&Msg],
    ) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.write(file, line, fields, reasons) {
            self.error = Some(e);
            return;
        }
        self.rows += 1;
        self.extra = self.extra.max(fields.len().saturating_sub(columns));
    }

    fn write(
        &mut self,
        file: usize,
        line: u64,
        fields: Fields<'_>,
        reasons: &[&Msg],
    ) -> io::Result<()> {
        if self
            .current
            .as_ref()
            .is_some_and(|(_, last)| (file, line) < *last)
        {
            self.seal();
        }
        let (w, last) = match &mut self.current {
            Some(c) => c,
            None => self
                .current
                .insert((BufWriter::new(tempfile::tempfile()?), (file, line))),
        };
        *last = (file, line);
        w.write_all(&u64::try_from(file).unwrap_or(u64::MAX).to_le_bytes())?;
        w.write_all(&line.to_le_bytes())?;
        w.write_all(&(fields.len() as u64).to_le_bytes())?;
        for f in fields.iter() {
            put(w, f)?;
        }
        for (lang, sep) in [(Lang::Zh, "；"), (Lang::En, "; ")] {
            let text: Vec<String> = reasons.iter().map(|m| m.text(lang)).collect();
            put(w, text.join(sep).as_bytes())?;
        }
        Ok(())
    }

    /// Close the file being written: the next row starts another.
    pub fn seal(&mut self) {
        if let Some((w, _)) = self.current.take() {
            match w.into_inner() {
                Ok(f) => self.runs.push(f),
                Err(e) => {
                    self.error.get_or_insert(e.into_error());
                }
            }
        }
    }

    /// Take in the rows of `other`.
    pub fn absorb(&mut self, mut other: Self) {
        self.seal();
        other.seal();
        self.runs.append(&mut other.runs);
        self.rows += other.rows;
        self.extra = self.extra.max(other.extra);
        if self.error.is_none() {
            self.error = other.error;
        }
    }

    /// Done writing: every file closed.
    ///
    /// # Errors
    /// The first error writing a file.
    pub fn finish(&mut self) -> io::Result<()> {
        self.seal();
        self.error.take().map_or(Ok(()), Err)
    }

    /// How many rows there are.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.rows
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The most fields a row has beyond its input's header.
    #[must_use]
    pub fn extra(&self) -> usize {
        self.extra
    }

    /// Hand each row to `f`, in file and line order, its reasons in `lang`.
    ///
    /// # Errors
    /// An error reading the files back, or one `f` returns.
    pub fn for_each(
        &self,
        lang: Lang,
        mut f: impl FnMut(Rejected) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut readers = Vec::with_capacity(self.runs.len());
        let mut heads = Vec::with_capacity(self.runs.len());
        for run in &self.runs {
            let mut r = BufReader::new(run);
            r.seek(io::SeekFrom::Start(0))?;
            heads.push(next(&mut r, lang)?);
            readers.push(r);
        }
        while let Some(i) = (0..heads.len())
            .filter_map(|i| heads[i].as_ref().map(|h| (h.file, h.line, i)))
            .min()
            .map(|(.., i)| i)
        {
            let row = std::mem::replace(&mut heads[i], next(&mut readers[i], lang)?);
            if let Some(row) = row {
                f(row)?;
            }
        }
        Ok(())
    }
}

/// Write `bytes`, its length first.
fn put(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

fn get_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn get(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = get_u64(r)?;
    let mut bytes = Vec::new();
    r.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(bytes)
}

/// The next row of a file, `None` at its end.
fn next(r: &mut impl BufRead, lang: Lang) -> io::Result<Option<Rejected>> {
    if r.fill_buf()?.is_empty() {
        return Ok(None);
    }
    let file = usize::try_from(get_u64(r)?).map_err(io::Error::other)?;
    let line = get_u64(r)?;
    let n = get_u64(r)?;
    let mut fields = Vec::new();
    for _ in 0..n {
        fields.push(String::from_utf8_lossy(&get(r)?).into_owned());
    }
    let zh = get(r)?;
    let en = get(r)?;
    let reason = String::from_utf8_lossy(lang.pick(&zh, &en)).into_owned();
    Ok(Some(Rejected {
        file,
        line,
        fields,
        reason,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::records::Record;

    #[test]
    fn rows_come_back_in_file_and_line_order() {
        let msg = Msg::EmptyCell;
        let (mut a, mut b) = (Rejects::default(), Rejects::default());
        let row = |n: u64| Record::from_fields([format!("r{n}").as_bytes(), b"x"], n);
        for (in_a, file, line) in [(true, 0, 2), (true, 1, 5), (false, 0, 3), (false, 1, 1)] {
            let r = if in_a { &mut a } else { &mut b };
            r.push(file, line, row(line).fields(), 1, &[&msg]);
        }
        // Out of order: another run.
        a.push(0, 1, row(1).fields(), 2, &[]);
        a.absorb(b);
        a.finish().expect("written");
        assert_eq!((a.len(), a.extra()), (5, 1));
        let mut got = Vec::new();
        a.for_each(Lang::En, |r| {
            got.push((r.file, r.line, r.fields.join("|"), r.reason));
            Ok(())
        })
        .expect("read back");
        let want = [
            (0, 1, ""),
            (0, 2, "must not be empty"),
            (0, 3, "must not be empty"),
        ];
        let want = want
            .iter()
            .map(|&(f, l, why)| (f, l, format!("r{l}|x"), why.to_string()))
            .chain([
                (1, 1, "r1|x".into(), "must not be empty".into()),
                (1, 5, "r5|x".into(), "must not be empty".into()),
            ])
            .collect::<Vec<_>>();
        assert_eq!(got, want);
    }
}
