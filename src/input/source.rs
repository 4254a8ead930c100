//! Where records come from: the seam between an input as saved (CSV bytes,
//! a workbook's sheets) and what a record means.
//!
//! An input is planned into one or more [`Unit`]s: a CSV file is one, a
//! workbook one per sheet read (`file[sheet]`). Opened, a unit is a
//! [`RecordSource`]: its header (found by [`HeaderSearch`], the same way for
//! CSV and sheets) and its records as [`Fields`] with their line (a sheet's
//! row number), which the reader checks and scores without knowing where
//! they came from. The CSV path is the one of [`decode`](super::decode) and
//! [`Records`](super::records::Records), unchanged.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, Range, Reader};

use super::columns::{Columns, Field};
use super::records::{Fields, Record};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::Msg;

/// The extensions read as workbooks (any case).
pub const WORKBOOK_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Every extension read as an input: CSV and the workbooks.
pub const INPUT_EXTENSIONS: [&str; 5] = ["csv", "xlsx", "xlsm", "xls", "ods"];

/// How many rows (not counting blank ones) the header is looked for in.
pub const HEADER_SEARCH: usize = 10;

/// Whether a file named `name` is read as a workbook.
#[must_use]
pub fn is_workbook(name: &Path) -> bool {
    name.extension().is_some_and(|e| {
        WORKBOOK_EXTENSIONS
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// One input read as one table: a CSV file or one sheet of a workbook.
#[derive(Clone, Debug)]
pub struct Unit {
    /// As messages name it: the path as given, `file[sheet]` for a sheet.
    pub display: String,
    /// The file to open (a CSV is opened again for each pass).
    pub path: PathBuf,
    /// The sheet's cells, for a workbook.
    pub sheet: Option<Arc<Sheet>>,
}

/// A sheet read into memory, with its header found.
#[derive(Debug)]
pub struct Sheet {
    /// `xlsx`, `xls`, `xlsb` or `ods`: what the inputs list shows.
    pub kind: &'static str,
    pub cells: Range<Data>,
    /// The header's index among the range's rows.
    pub header: usize,
    /// Rows above the header that are not blank.
    pub above: u64,
    /// The workbook file's SHA-256 (when asked for).
    pub sha256: String,
}

/// Where the header is: the first of the first [`HEADER_SEARCH`] rows that
/// is not blank and names the required columns, or the row asked for
/// (`--header-row N`: the first row on line N or after it).
#[derive(Debug)]
pub struct HeaderSearch {
    forced: Option<u64>,
    seen: usize,
    /// The rows that are not blank passed so far.
    pub above: u64,
}

/// What a row is to a [`HeaderSearch`].
pub enum Step {
    /// The header, with its columns.
    Header(Box<Columns>),
    /// Not the header: look at the next row.
    Next,
    /// No header in the first rows.
    NotFound,
}

impl HeaderSearch {
    #[must_use]
    pub fn new(forced: Option<u64>) -> Self {
        Self {
            forced,
            seen: 0,
            above: 0,
        }
    }

    /// Look at the row on `line` with these cells.
    pub fn offer<'a>(&mut self, line: u64, cells: impl IntoIterator<Item = &'a str>) -> Step {
        let cells: Vec<&str> = cells.into_iter().collect();
        let blank = cells.iter().all(|c| c.trim().is_empty());
        if let Some(n) = self.forced {
            if line >= n {
                return Step::Header(Box::new(Columns::from_header(cells)));
            }
            self.above += u64::from(!blank);
            return Step::Next;
        }
        if blank {
            return Step::Next;
        }
        let columns = Columns::from_header(cells);
        if columns.missing().is_empty() {
            return Step::Header(Box::new(columns));
        }
        self.above += 1;
        self.seen += 1;
        if self.seen >= HEADER_SEARCH {
            Step::NotFound
        } else {
            Step::Next
        }
    }
}

/// The required columns, as the header messages name them.
#[must_use]
pub fn required_columns() -> Vec<String> {
    Columns::default()
        .missing()
        .iter()
        .map(|f| f.aliases()[1].to_string())
        .collect()
}

/// The options that decide which units an input gives.
#[derive(Clone, Copy, Debug, Default)]
pub struct Plan<'a> {
    /// `--sheet NAME`: only this sheet of each workbook.
    pub sheet: Option<&'a str>,
    /// `--header-row N`.
    pub header_row: Option<u64>,
    pub sha256: bool,
}

/// The units of one input: itself for a CSV file, its sheets with a header
/// for a workbook (see [`Plan`]). What cannot be read and the sheets
/// skipped go to `diags`.
pub fn plan(display: &str, path: &Path, opts: Plan<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Unit> {
    let unit = |display: String, sheet| Unit {
        display,
        path: path.to_path_buf(),
        sheet,
    };
    // Standard input has no name: a workbook is known by its first bytes.
    let piped = if display == "-" {
        piped_workbook(path)
    } else {
        None
    };
    if piped.is_none() && !is_workbook(Path::new(display)) {
        return vec![unit(display.to_string(), None)];
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::file_error(display, crate::paths::io_msg(&e)));
            return Vec::new();
        }
    };
    let expected = piped.map_or_else(
        || {
            Path::new(display)
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default()
        },
        str::to_string,
    );
    let mut book = match open_book(&bytes, &expected) {
        Ok(b) => b,
        // An xlsx saved with a password is an OLE container (as an old
        // .xls is, which would have been read).
        Err(_) if expected != "xls" && bytes.starts_with(&OLE) => {
            diags.push(Diagnostic::file_error(display, Msg::EncryptedWorkbook));
            return Vec::new();
        }
        Err(detail) => {
            diags.push(Diagnostic::file_error(
                display,
                Msg::BadWorkbook { expected, detail },
            ));
            return Vec::new();
        }
    };
    let sha256 = if opts.sha256 {
        hex_sha256(&bytes)
    } else {
        String::new()
    };
    let kind = match book {
        calamine::Sheets::Xls(_) => "xls",
        calamine::Sheets::Xlsx(_) => "xlsx",
        calamine::Sheets::Xlsb(_) => "xlsb",
        calamine::Sheets::Ods(_) => "ods",
    };
    let names = book.sheet_names();
    let chosen: Vec<String> = match opts.sheet {
        Some(want) => {
            let Some(n) = names.iter().find(|n| n.as_str() == want) else {
                diags.push(Diagnostic::file_error(
                    display,
                    Msg::UnknownSheet {
                        sheet: want.to_string(),
                        sheets: names,
                    },
                ));
                return Vec::new();
            };
            vec![n.clone()]
        }
        None => names.clone(),
    };
    let mut units = Vec::new();
    let mut without_header = Vec::new();
    let said = diags.len();
    for name in chosen {
        let shown = format!("{display}[{name}]");
        let cells = match book.worksheet_range(&name) {
            Ok(c) => c,
            Err(e) => {
                diags.push(Diagnostic::file_error(
                    shown,
                    Msg::BadWorkbook {
                        expected: expected.clone(),
                        detail: e.to_string(),
                    },
                ));
                continue;
            }
        };
        let found = find_header(&cells, opts.header_row);
        let (header, above) = match found {
            Some(h) => h,
            // The sheet asked for: its first row is the header (and the
            // missing columns are reported as for a CSV file).
            None if opts.sheet.is_some() => (first_row(&cells), 0),
            None => {
                if cells.rows().any(|r| !blank(r)) {
                    without_header.push(Diagnostic::new(
                        Severity::Note,
                        Some(shown),
                        Pos::File,
                        Msg::SheetWithoutHeader {
                            columns: required_columns(),
                        },
                    ));
                }
                continue;
            }
        };
        if cells.rows().len() <= header && opts.header_row.is_some() {
            diags.push(Diagnostic::file_error(
                shown,
                Msg::NoHeaderRow {
                    row: opts.header_row.unwrap_or(0),
                },
            ));
            continue;
        }
        units.push(unit(
            shown,
            Some(Arc::new(Sheet {
                kind,
                cells,
                header,
                above,
                sha256: sha256.clone(),
            })),
        ));
    }
    if units.is_empty() && diags.len() == said {
        // Nothing read, and nothing said yet about why.
        let msg = if without_header.is_empty() {
            Msg::EmptyFile
        } else {
            Msg::NoSheetWithHeader {
                sheets: names,
                columns: required_columns(),
            }
        };
        diags.push(Diagnostic::file_error(display, msg));
    } else {
        diags.extend(without_header);
    }
    units
}

/// The signature of an OLE compound file: an old .xls, or an encrypted
/// xlsx.
const OLE: [u8; 8] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/// The kind of workbook standard input holds (by its first bytes: a zip
/// is an xlsx or an ods, an OLE container an xls), or `None` for text.
fn piped_workbook(path: &Path) -> Option<&'static str> {
    let mut head = [0u8; 8];
    let mut file = std::fs::File::open(path).ok()?;
    file.read_exact(&mut head).ok()?;
    if head.starts_with(b"PK\x03\x04") {
        Some("xlsx")
    } else if head == OLE {
        Some("xls")
    } else {
        None
    }
}

/// Open a workbook's bytes: as its extension says, else as whatever kind
/// they are (WPS saves an xlsx under `.xls` at times). The error is the
/// reader's for the kind the extension names.
fn open_book<'b>(
    bytes: &'b [u8],
    expected: &str,
) -> Result<calamine::Sheets<Cursor<&'b [u8]>>, String> {
    let rs = Cursor::new(bytes);
    let first = match expected {
        "xls" => calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(rs.clone())
            .map(calamine::Sheets::Xls)
            .map_err(|e| e.to_string()),
        "ods" => calamine::open_workbook_from_rs::<calamine::Ods<_>, _>(rs.clone())
            .map(calamine::Sheets::Ods)
            .map_err(|e| e.to_string()),
        _ => calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(rs.clone())
            .map(calamine::Sheets::Xlsx)
            .map_err(|e| e.to_string()),
    };
    first.or_else(|detail| calamine::open_workbook_auto_from_rs(rs).map_err(|_| detail))
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn blank(row: &[Data]) -> bool {
    row.iter()
        .all(|c| matches!(c, Data::Empty) || matches!(c, Data::String(s) if s.trim().is_empty()))
}

/// The index of the first row that is not blank (0 when none).
fn first_row(cells: &Range<Data>) -> usize {
    cells.rows().position(|r| !blank(r)).unwrap_or(0)
}

/// The row number (1-based, as Excel shows it) of the range's row `i`.
fn row_number(cells: &Range<Data>, i: usize) -> u64 {
    let top = cells.start().map_or(0, |s| u64::from(s.0));
    top + i as u64 + 1
}

/// The header of a sheet: its index among the rows and the rows above it
/// that are not blank; `None` when there is none (see [`HeaderSearch`]).
fn find_header(cells: &Range<Data>, forced: Option<u64>) -> Option<(usize, u64)> {
    let mut search = HeaderSearch::new(forced);
    let mut text = String::new();
    for (i, row) in cells.rows().enumerate() {
        let texts: Vec<Cow<'_, str>> = row
            .iter()
            .map(|c| {
                text.clear();
                cell_text(c, false, &mut text)
                    .map_or_else(|| Cow::Owned(text.clone()), Cow::Borrowed)
            })
            .collect();
        match search.offer(row_number(cells, i), texts.iter().map(AsRef::as_ref)) {
            Step::Header(_) => return Some((i, search.above)),
            Step::Next => {}
            Step::NotFound => return None,
        }
    }
    // `--header-row` past the last row: reported by the caller.
    forced.map(|_| (cells.rows().len(), search.above))
}

/// A cell as the text the parsers read: strings as they are; whole numbers
/// as integers (`3`, not `3.0`); other numbers as Excel shows them (15
/// significant digits, shortest form); dates as `YYYY-MM-DD` (numbers too,
/// in a date column: `as_date`); booleans as TRUE/FALSE; a formula by its
/// value, an error by its name (`#N/A`). A string cell is returned
/// borrowed; anything else is written to `out`.
pub fn cell_text<'c>(cell: &'c Data, as_date: bool, out: &mut String) -> Option<&'c str> {
    match cell {
        Data::String(s) => return Some(s),
        Data::Empty => {}
        Data::Int(i) if as_date => date_text(*i as f64, false, out),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) if as_date => date_text(*f, false, out),
        Data::Float(f) => number_text(*f, out),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            let _ = write!(out, "{y:04}-{m:02}-{day:02}");
        }
        Data::DateTime(d) => number_text(d.as_f64(), out),
        Data::DateTimeIso(s) => {
            // `2024-03-05T10:00:00`: the day.
            let day = s.split('T').next().unwrap_or(s);
            out.push_str(if super::text::date(day).is_some() {
                day
            } else {
                s
            });
        }
        Data::DurationIso(s) => out.push_str(s),
        Data::Error(e) => {
            let _ = write!(out, "{e}");
        }
    }
    None
}

/// A serial day number (days since 1899-12-30, Excel's 1900 system) as
/// `YYYY-MM-DD`; a number that is no day in range stays a number.
fn date_text(serial: f64, is_1904: bool, out: &mut String) {
    if !(1.0..2_958_466.0).contains(&serial) {
        return number_text(serial, out);
    }
    let d = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904);
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    let _ = write!(out, "{y:04}-{m:02}-{day:02}");
}

/// A number as Excel shows it in a cell of the General format: a whole
/// number without decimals, others rounded to 15 significant digits and
/// written in their shortest form (`0.3`, not `0.30000000000000004`).
#[allow(
    clippy::cast_possible_truncation,
    reason = "a whole number below 1e15 is exact as an i64"
)]
fn number_text(f: f64, out: &mut String) {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
        return;
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let _ = write!(out, "{rounded}");
}

/// An opened unit: its header, then its records.
#[allow(
    clippy::large_enum_variant,
    reason = "one per input read, on the stack of the reading loop"
)]
pub enum RecordSource {
    Csv {
        opened: super::decode::Opened,
        records: super::records::Records<Box<dyn Read + Send>>,
    },
    Sheet(SheetRecords),
}

impl RecordSource {
    /// What the inputs list shows as the encoding: the text's encoding, or
    /// the workbook's kind.
    #[must_use]
    pub fn encoding(&self) -> &'static str {
        match self {
            Self::Csv { opened, .. } => opened.encoding,
            Self::Sheet(s) => s.sheet.kind,
        }
    }

    /// The input's SHA-256, once read to the end (empty when not asked for).
    #[must_use]
    pub fn sha256(&self) -> String {
        match self {
            Self::Csv { opened, .. } => opened.sha256(),
            Self::Sheet(s) => s.sheet.sha256.clone(),
        }
    }
}

/// The records of a sheet, below its header: one per row, as many fields
/// as the header has cells (up to its last one that is not empty), each
/// cell as [`cell_text`] writes it.
pub struct SheetRecords {
    sheet: Arc<Sheet>,
    next: usize,
    width: usize,
    /// The column's field, when a formula error in it rejects the row.
    read: Vec<Option<Field>>,
    date: Option<usize>,
    rec: Record,
    text: String,
}

/// Fields whose cell enters an observation: a formula error in one of them
/// rejects the row (in any other column it is ignored).
const READ_FIELDS: [Field; 12] = [
    Field::District,
    Field::Criterion,
    Field::Result,
    Field::Point,
    Field::PointType,
    Field::Street,
    Field::Round,
    Field::Date,
    Field::Problems,
    Field::Count,
    Field::Value,
    Field::Department,
];

impl SheetRecords {
    /// The header's cells (trailing empty ones left out), and the records
    /// after it, read through `columns` (the header's).
    #[must_use]
    pub fn open(sheet: Arc<Sheet>) -> (Self, Vec<String>) {
        let mut header: Vec<String> = Vec::new();
        if let Some(row) = sheet.cells.rows().nth(sheet.header) {
            let mut text = String::new();
            for c in row {
                text.clear();
                let t = cell_text(c, false, &mut text).unwrap_or(&text);
                header.push(t.to_string());
            }
        }
        while header.last().is_some_and(|h| h.trim().is_empty()) {
            header.pop();
        }
        let columns = Columns::from_header(header.iter().map(String::as_str));
        let read = (0..header.len())
            .map(|i| {
                READ_FIELDS
                    .iter()
                    .copied()
                    .find(|&f| columns.get(f) == Some(i))
            })
            .collect();
        let next = sheet.header + 1;
        let width = header.len();
        let date = columns.get(Field::Date);
        (
            Self {
                sheet,
                next,
                width,
                read,
                date,
                rec: Record::new(),
                text: String::new(),
            },
            header,
        )
    }

    /// The sheet's column of the records' first field (0 for `A`).
    #[must_use]
    pub fn first_column(&self) -> u32 {
        self.sheet.cells.start().map_or(0, |s| s.1)
    }

    /// The header's row number.
    #[must_use]
    pub fn header_line(&self) -> u64 {
        row_number(&self.sheet.cells, self.sheet.header)
    }

    /// Rows above the header that are not blank.
    #[must_use]
    pub fn above(&self) -> u64 {
        self.sheet.above
    }

    /// The next row as a record; `None` after the last.
    pub fn next_record(&mut self) -> Option<Fields<'_>> {
        let i = self.next;
        let cells = &self.sheet.cells;
        if i >= cells.height() {
            return None;
        }
        self.next += 1;
        self.rec.start_row(row_number(cells, i));
        let mut errors = 0u16;
        for col in 0..self.width {
            // By position: `rows().nth` would walk every row before.
            let cell = cells.get((i, col)).unwrap_or(&Data::Empty);
            self.text.clear();
            let t = cell_text(cell, self.date == Some(col), &mut self.text).unwrap_or(&self.text);
            self.rec.push_field(t.as_bytes());
            if matches!(cell, Data::Error(_))
                && let Some(Some(f)) = self.read.get(col)
            {
                errors |= 1 << (*f as u16);
            }
        }
        self.rec.set_cell_errors(errors);
        Some(self.rec.fields())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cell: &Data, as_date: bool) -> String {
        let mut out = String::new();
        cell_text(cell, as_date, &mut out).map_or(out.clone(), str::to_string)
    }

    #[test]
    fn cells_as_the_parsers_read_them() {
        assert_eq!(text(&Data::Float(3.0), false), "3");
        assert_eq!(text(&Data::Float(-2.0), false), "-2");
        assert_eq!(text(&Data::Float(0.1 + 0.2), false), "0.3");
        assert_eq!(text(&Data::Float(83.7), false), "83.7");
        assert_eq!(text(&Data::Float(1.5e20), false), "150000000000000000000");
        assert_eq!(text(&Data::Int(7), false), "7");
        assert_eq!(text(&Data::Bool(true), false), "TRUE");
        assert_eq!(text(&Data::String("合格".into()), false), "合格");
        assert_eq!(text(&Data::Empty, false), "");
        // 2024-03-05 is day 45356 of Excel's 1900 system.
        assert_eq!(text(&Data::Float(45356.0), true), "2024-03-05");
        assert_eq!(text(&Data::Int(45356), true), "2024-03-05");
        assert_eq!(
            text(
                &Data::DateTime(calamine::ExcelDateTime::new(
                    45356.5,
                    calamine::ExcelDateTimeType::DateTime,
                    false
                )),
                false
            ),
            "2024-03-05"
        );
        assert_eq!(
            text(&Data::DateTimeIso("2024-03-05T10:00:00".into()), false),
            "2024-03-05"
        );
        assert_eq!(
            text(&Data::Error(calamine::CellErrorType::NA), false),
            "#N/A"
        );
    }

    #[test]
    fn the_header_is_the_first_row_naming_the_required_columns() {
        let mut s = HeaderSearch::new(None);
        assert!(matches!(s.offer(1, ["测评表"]), Step::Next));
        assert!(matches!(s.offer(2, ["", ""]), Step::Next));
        assert!(matches!(
            s.offer(3, ["区县", "测评标准", "结果"]),
            Step::Header(_)
        ));
        assert_eq!(s.above, 1);
        let mut s = HeaderSearch::new(None);
        for line in 1..HEADER_SEARCH as u64 {
            assert!(matches!(s.offer(line, ["x"]), Step::Next));
        }
        assert!(matches!(s.offer(10, ["x"]), Step::NotFound));
        let mut s = HeaderSearch::new(Some(2));
        assert!(matches!(
            s.offer(1, ["区县", "测评标准", "结果"]),
            Step::Next
        ));
        assert!(matches!(s.offer(2, ["a"]), Step::Header(_)));
    }
}
