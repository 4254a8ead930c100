//! CSV: the main sheet only, UTF-8 with a BOM so that Chinese Excel opens it
//! with the right encoding (or GBK, for an Excel that ignores the BOM).

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Cell, Sheet};

/// The encoding of the CSV files ceping writes (reports and rejected rows).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
#[allow(
    clippy::doc_markdown,
    reason = "the variants' docs are --help text, where backticks would show"
)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark: Excel 2016 and later, WPS, LibreOffice
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, for an Excel or LibreOffice that ignores the byte-order mark;
    /// written as GB18030, which is GBK for every character GBK has and
    /// keeps the few it has not
    #[value(alias = "gb18030", alias = "cp936")]
    Gbk,
}

/// A writer of CSV text in an encoding: UTF-8 gets its BOM first; GBK is
/// encoded as the bytes come, a character cut between two writes carried
/// over to the next.
pub struct Encoded<W: Write> {
    inner: W,
    encoding: CsvEncoding,
    /// The start of a UTF-8 character whose end has not come yet.
    carry: Vec<u8>,
}

impl<W: Write> Encoded<W> {
    /// A writer that has written the BOM, if the encoding has one.
    ///
    /// # Errors
    /// When writing the BOM fails.
    pub fn new(mut inner: W, encoding: CsvEncoding) -> io::Result<Self> {
        if encoding == CsvEncoding::Utf8 {
            inner.write_all("\u{feff}".as_bytes())?;
        }
        Ok(Self {
            inner,
            encoding,
            carry: Vec::new(),
        })
    }
}

impl<W: Write> Write for Encoded<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.encoding == CsvEncoding::Utf8 {
            return self.inner.write(buf);
        }
        self.carry.extend_from_slice(buf);
        let (text, rest) = match std::str::from_utf8(&self.carry) {
            Ok(text) => (text, self.carry.len()),
            // An incomplete character at the end waits for its next bytes.
            Err(e) if e.error_len().is_none() => {
                let end = e.valid_up_to();
                (std::str::from_utf8(&self.carry[..end]).unwrap_or(""), end)
            }
            Err(_) => return Err(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8")),
        };
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        self.inner.write_all(&bytes)?;
        self.carry.drain(..rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub fn render(sheet: Option<&Sheet>, encoding: CsvEncoding) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = Encoded::new(&mut out, encoding)?;
    let Some(sheet) = sheet else { return Ok(out) };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut enc);
    w.write_record(sheet.headers.iter().map(|c| inert(c).into_owned()))?;
    for row in &sheet.rows {
        // Text is neutralised; numbers (a negative one too) stay numbers.
        let cells: Vec<Cow<'_, str>> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) => inert(t),
                _ => c.shown(),
            })
            .collect();
        w.write_record(cells.iter().map(|c| c.as_bytes()))?;
    }
    w.flush()?;
    drop(w);
    drop(enc);
    Ok(out)
}

/// A text cell that a spreadsheet would take for a formula (it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return: a name or a problem
/// description from the data, say `=HYPERLINK(…)`), with a `'` before it so
/// that it is shown as the text it is.
/// A cell that reads as a number (`-1.5`, `+3`) is left as it is.
#[must_use]
pub fn inert(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_neutralised_and_numbers_kept() {
        for trigger in ["=1+1", "+1x", "-x", "@SUM(A1)", "\tx", "\rx", "-1+1"] {
            assert_eq!(inert(trigger), format!("'{trigger}"), "{trigger:?}");
        }
        for number in ["-1.5", "+3", "-0"] {
            assert_eq!(inert(number), number);
        }
        assert_eq!(inert("梁园区"), "梁园区");
        let sheet = Sheet {
            headers: vec!["区县".into(), "得分".into()],
            rows: vec![vec![
                Cell::text("=HYPERLINK(\"x\")"),
                Cell::dec("-1.50".parse().expect("decimal")),
            ]],
            ..Sheet::default()
        };
        let out = render(Some(&sheet), CsvEncoding::Utf8).expect("csv");
        let out = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            out,
            "\u{feff}区县,得分\r\n\"'=HYPERLINK(\"\"x\"\")\",-1.50\r\n"
        );
    }

    #[test]
    fn gbk_is_encoded_whatever_the_writes_cut() {
        let text = "区县,得分😀\r\n梁园区,1.00\r\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        for cut in 0..text.len() {
            let mut out = Vec::new();
            let mut w = Encoded::new(&mut out, CsvEncoding::Gbk).expect("new");
            w.write_all(&text.as_bytes()[..cut]).expect("write");
            w.write_all(&text.as_bytes()[cut..]).expect("write");
            drop(w);
            assert_eq!(out, gbk.as_ref(), "cut at {cut}");
        }
    }
}
