//! CSV: the main sheet only, UTF-8 with a BOM so that Chinese Excel opens it
//! with the right encoding.

use std::borrow::Cow;

use super::{Cell, Sheet};

pub fn render(sheet: Option<&Sheet>) -> anyhow::Result<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let Some(sheet) = sheet else { return Ok(out) };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
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
        let out = String::from_utf8(render(Some(&sheet)).expect("csv")).expect("utf-8");
        assert_eq!(
            out,
            "\u{feff}区县,得分\r\n\"'=HYPERLINK(\"\"x\"\")\",-1.50\r\n"
        );
    }
}
