//! An Excel workbook (`rust_xlsxwriter`): one worksheet per sheet, the header
//! in row 1 (frozen, with an autofilter over the table), numbers stored as
//! numbers with the report's decimals as their number format, rates as
//! percentages, 红榜/黑榜 rows filled, text written as strings (never as
//! formulas). The bytes depend on the sheets alone: the document's creation
//! time is fixed.

use num_traits::ToPrimitive as _;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use unicode_width::UnicodeWidthStr as _;

use super::{Cell, Sheet};
use crate::report::score::Band;

/// Excel's limit on a worksheet's name.
const TAB_CHARS: usize = 31;
/// Excel's limit on a cell's text.
const CELL_CHARS: usize = 32_767;
/// Column widths, in characters of the default font.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 50;
/// 红榜 light red and 黑榜 grey, as the bulletin (HTML) colours them: in
/// a 通报 red is the honour list.
const RED_LIST_FILL: u32 = 0x00FD_E0DC;
const BLACK_LIST_FILL: u32 = 0x00D9_D9D9;
/// The default row height, in points, and the most lines a row grows to.
const ROW_HEIGHT: f64 = 15.0;
const MAX_LINES: usize = 20;
/// The room an autofilter button takes in a heading, in characters.
const FILTER_BUTTON: usize = 3;
/// How much wider an indent level makes a cell, in characters.
const INDENT_WIDTH: usize = 3;

/// The workbook's bytes.
///
/// # Errors
/// When `rust_xlsxwriter` refuses a value (more rows than a worksheet holds).
pub fn render(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    workbook(sheets)?.save_to_buffer()
}

/// The workbook of [`render`], before it is saved: for a renderer that
/// adds to its worksheets.
pub(super) fn workbook(sheets: &[Sheet]) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation time: the same report gives the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for (i, sheet) in sheets.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(tab_name(sheet, i))?;
        write_sheet(ws, sheet)?;
    }
    Ok(book)
}

/// A worksheet's name: the sheet's tab (or title) without the characters
/// Excel refuses, cut to 31 characters; `Sheet N` when nothing is left.
fn tab_name(sheet: &Sheet, index: usize) -> String {
    let name = if sheet.tab.is_empty() {
        &sheet.title
    } else {
        &sheet.tab
    };
    let name: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .take(TAB_CHARS)
        .collect();
    let name = name.trim_matches('\'').trim();
    if name.is_empty() {
        format!("Sheet{}", index + 1)
    } else {
        name.to_string()
    }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let columns = sheet
        .headers
        .len()
        .max(sheet.rows.iter().map(Vec::len).max().unwrap_or(0));
    let widths = widths(sheet, columns);
    // Text wider than a column may be is wrapped in it.
    let wrap: Vec<bool> = widths.iter().map(|&w| w > MAX_WIDTH).collect();
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    // A number's heading over it, on the right.
    let numeric_header = header.clone().set_align(FormatAlign::Right);
    for (c, h) in sheet.headers.iter().enumerate() {
        let col = col_num(c)?;
        let format = if sheet.numeric.contains(&c) {
            &numeric_header
        } else {
            &header
        };
        ws.write_string_with_format(0, col, h, format)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let at = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        let fill = sheet.bands.get(r).copied().flatten().map(|b| match b {
            Band::Red => RED_LIST_FILL,
            Band::Black => BLACK_LIST_FILL,
        });
        let indent = sheet.indent.as_ref().and_then(|ind| {
            let level = *ind.levels.get(r)?;
            Some((ind.column, level))
        });
        // A row with wrapped text is as tall as its longest cell's lines:
        // LibreOffice does not grow a row for wrapped text on its own.
        let lines = row
            .iter()
            .zip(&wrap)
            .filter(|(_, w)| **w)
            .map(|(cell, _)| match cell {
                Cell::Text(t) => t.width().div_ceil(MAX_WIDTH),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(at, ROW_HEIGHT * lines.min(MAX_LINES) as f64)?;
        }
        for c in 0..columns {
            let col = col_num(c)?;
            let cell = row.get(c).unwrap_or(&Cell::Empty);
            // Top-aligned, level with the first line of a wrapped cell.
            let mut format = Format::new().set_align(FormatAlign::Top);
            if let Some(fill) = fill {
                format = format.set_background_color(Color::RGB(fill));
            }
            if let Some((column, level)) = indent
                && column == c
                && level > 0
            {
                // Excel and LibreOffice indent only cells aligned left.
                format = format.set_align(FormatAlign::Left).set_indent(level);
            }
            match cell {
                Cell::Text(t) => {
                    if wrap.get(c) == Some(&true) {
                        format = format.set_text_wrap();
                    }
                    ws.write_string_with_format(at, col, cell_text(t), &format)?;
                }
                Cell::Int(n) => {
                    let n = *n as f64;
                    ws.write_number_with_format(at, col, n, &format)?;
                }
                Cell::Dec { value, places } => {
                    let format = format.set_num_format(number_format(*places, ""));
                    ws.write_number_with_format(at, col, to_f64(*value), &format)?;
                }
                Cell::Percent { value, places } => {
                    let format = format.set_num_format(number_format(*places, "%"));
                    let fraction = value.checked_div(Decimal::ONE_HUNDRED).unwrap_or(*value);
                    ws.write_number_with_format(at, col, to_f64(fraction), &format)?;
                }
                Cell::Null | Cell::Empty => {
                    if fill.is_some() {
                        ws.write_blank(at, col, &format)?;
                    }
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let w = (*w).min(MAX_WIDTH) as f64;
        ws.set_column_width(col_num(c)?, w)?;
    }
    // Printed as a clerk hands it on: landscape, as wide as a page, the
    // header on every page.
    ws.set_landscape().set_print_fit_to_pages(1, 0);
    if columns > 0 {
        ws.set_repeat_rows(0, 0)?;
        ws.set_freeze_panes(1, 0)?;
        let last_row =
            u32::try_from(sheet.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        ws.autofilter(0, 0, last_row, col_num(columns - 1)?)?;
    }
    Ok(())
}

/// Text as a cell holds it: at most the 32,767 characters Excel allows.
fn cell_text(t: &str) -> &str {
    t.char_indices()
        .nth(CELL_CHARS)
        .map_or(t, |(end, _)| &t[..end])
}

pub(super) fn col_num(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

/// Each column's width, in characters, from the display width of its
/// heading and cells as text shows them (a Chinese character is two), an
/// indented cell's indentation included, with two characters of margin
/// (the heading's filter button needs them).
fn widths(sheet: &Sheet, columns: usize) -> Vec<usize> {
    let mut widths = vec![MIN_WIDTH; columns];
    let mut widen = |c: usize, width: usize| {
        if let Some(w) = widths.get_mut(c) {
            *w = (*w).max(width + 2);
        }
    };
    // A heading is bold, and its autofilter button covers about two
    // characters at its right.
    for (c, h) in sheet.headers.iter().enumerate() {
        widen(c, h.width() + FILTER_BUTTON);
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let indent = sheet
                .indent
                .as_ref()
                .filter(|ind| ind.column == c)
                .and_then(|ind| ind.levels.get(r))
                .map_or(0, |&level| usize::from(level) * INDENT_WIDTH);
            widen(c, cell.shown().width() + indent);
        }
    }
    widths
}

/// `0`, `0.00`, `0.00%`: the places the report rounded to.
fn number_format(places: u32, suffix: &str) -> String {
    let mut f = String::from("0");
    if places > 0 {
        f.push('.');
        f.extend(std::iter::repeat_n('0', places as usize));
    }
    f.push_str(suffix);
    f
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_follow_the_places() {
        assert_eq!(number_format(0, ""), "0");
        assert_eq!(number_format(2, ""), "0.00");
        assert_eq!(number_format(1, "%"), "0.0%");
    }

    #[test]
    fn text_is_cut_to_what_a_cell_holds() {
        let long = "长".repeat(CELL_CHARS + 5);
        assert_eq!(cell_text(&long).chars().count(), CELL_CHARS);
        assert_eq!(cell_text("梁园区"), "梁园区");
    }

    #[test]
    fn tab_names_are_ones_excel_accepts() {
        let sheet = |tab: &str| Sheet {
            tab: tab.into(),
            ..Sheet::default()
        };
        assert_eq!(tab_name(&sheet("测评项目-1级"), 0), "测评项目-1级");
        assert_eq!(tab_name(&sheet("a/b:c[d]"), 0), "abcd");
        assert_eq!(tab_name(&sheet("''"), 2), "Sheet3");
        assert_eq!(tab_name(&sheet(&"长".repeat(40)), 0).chars().count(), 31);
    }
}
