//! CSV: the main sheet only, UTF-8 with a BOM so that Chinese Excel opens it
//! with the right encoding.

use super::Sheet;

pub fn render(sheet: Option<&Sheet>) -> anyhow::Result<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let Some(sheet) = sheet else { return Ok(out) };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    w.write_record(&sheet.headers)?;
    for row in &sheet.rows {
        w.write_record(row)?;
    }
    w.flush()?;
    drop(w);
    Ok(out)
}
