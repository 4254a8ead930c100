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

use std::fmt::Write as _;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, DataRef, Reader};

use super::columns::{Columns, Field};
use super::records::Fields;
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

/// A sheet read, its header found, and its rows below the header kept as
/// the text the parsers read: each row's fields one after the other in
/// `bytes`, their ends (from the row's start) in `ends`. A row costs its
/// text and a word per field, not a parsed cell each.
#[derive(Debug, Default)]
pub struct Sheet {
    /// `xlsx`, `xls`, `xlsb` or `ods`: what the inputs list shows.
    pub kind: &'static str,
    /// The workbook file's SHA-256 (when asked for).
    pub sha256: String,
    /// The header's cells, up to its last one that is not empty.
    header: Vec<String>,
    header_line: u64,
    /// Rows above the header that are not blank.
    above: u64,
    bytes: Vec<u8>,
    ends: Vec<usize>,
    rows: Vec<SheetRow>,
}

/// Where one row of a [`Sheet`] ends in its `bytes` and `ends`.
#[derive(Clone, Copy, Debug)]
struct SheetRow {
    line: u64,
    bytes: usize,
    ends: usize,
    /// See [`Fields::cell_errors`].
    cell_errors: u16,
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
        let mut build = Build::new(opts.header_row, opts.sheet.is_some());
        if let Err(detail) = read_sheet(&mut book, &name, &mut build) {
            diags.push(Diagnostic::file_error(
                shown,
                Msg::BadWorkbook {
                    expected: expected.clone(),
                    detail,
                },
            ));
            continue;
        }
        match build.finish() {
            Ok(mut sheet) => {
                sheet.kind = kind;
                sheet.sha256.clone_from(&sha256);
                units.push(unit(shown, Some(Arc::new(sheet))));
            }
            Err(Missing::Empty) => {}
            Err(Missing::Header) => without_header.push(Diagnostic::new(
                Severity::Note,
                Some(shown),
                Pos::File,
                Msg::SheetWithoutHeader {
                    columns: required_columns(),
                },
            )),
            Err(Missing::Row(row)) => {
                diags.push(Diagnostic::file_error(shown, Msg::NoHeaderRow { row }));
            }
        }
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

/// The SHA-256 of `bytes`, in lowercase hex.
pub(crate) fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Feed the rows of sheet `name` to `build`, in order: an xlsx sheet
/// streamed cell by cell (no parsed copy of the sheet is kept), the others
/// from the range their reader makes.
fn read_sheet(
    book: &mut calamine::Sheets<Cursor<&[u8]>>,
    name: &str,
    build: &mut Build,
) -> Result<(), String> {
    if let calamine::Sheets::Xlsx(x) = book {
        let mut row: Vec<DataRef<'_>> = Vec::new();
        let mut cells = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
        let mut at: Option<u32> = None;
        while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
            let (r, c) = cell.get_position();
            if at != Some(r) {
                if let Some(done) = at {
                    build.row(u64::from(done) + 1, &row);
                    if build.given_up() {
                        return Ok(());
                    }
                }
                row.clear();
                at = Some(r);
            }
            let c = c as usize;
            if row.len() <= c {
                row.resize(c + 1, DataRef::Empty);
            }
            row[c] = cell.get_value().clone();
        }
        if let Some(done) = at {
            build.row(u64::from(done) + 1, &row);
        }
        return Ok(());
    }
    let range = book.worksheet_range(name).map_err(|e| e.to_string())?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut row: Vec<DataRef<'_>> = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        row.clear();
        row.resize(left as usize, DataRef::Empty);
        row.extend(cells.iter().map(borrowed));
        build.row(u64::from(top) + i as u64 + 1, &row);
        if build.given_up() {
            break;
        }
    }
    Ok(())
}

/// A parsed cell as the streamed ones are.
fn borrowed(d: &Data) -> DataRef<'_> {
    match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(t) => DataRef::DateTime(*t),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// Add field `col` of the row being kept: one byte after the field before
/// it (as [`Fields`] are laid out), its end counted from the row's start.
fn push_field(sheet: &mut Sheet, col: usize, text: &str) {
    if col > 0 {
        sheet.bytes.push(0);
    }
    sheet.bytes.extend_from_slice(text.as_bytes());
    let start = sheet.rows.last().map_or(0, |r| r.bytes);
    sheet.ends.push(sheet.bytes.len() - start);
}

/// Why a sheet gives no records.
#[derive(Debug)]
enum Missing {
    /// It has no cell.
    Empty,
    /// No row of its first ones is a header.
    Header,
    /// `--header-row N` is past its last row.
    Row(u64),
}

/// A sheet's rows, fed in order, made into a [`Sheet`]: the header found
/// (see [`HeaderSearch`]), the rows below it kept as text.
struct Build {
    search: HeaderSearch,
    forced: Option<u64>,
    /// Take the first row as the header when none is found (the sheet was
    /// asked for by name, as a CSV file's first row is).
    fallback: bool,
    state: BuildState,
    /// The rows that are not blank seen while looking for the header, as
    /// text, with their formula errors (by column).
    seen: Vec<(u64, Vec<String>, Vec<bool>)>,
    sheet: Sheet,
    width: usize,
    /// The column's field, when a formula error in it rejects the row.
    read: Vec<Option<Field>>,
    date: Option<usize>,
    text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BuildState {
    Searching,
    Reading,
    NoHeader,
}

impl Build {
    fn new(forced: Option<u64>, fallback: bool) -> Self {
        Self {
            search: HeaderSearch::new(forced),
            forced,
            fallback,
            state: BuildState::Searching,
            seen: Vec::new(),
            sheet: Sheet::default(),
            width: 0,
            read: Vec::new(),
            date: None,
            text: String::new(),
        }
    }

    /// No header was found: the rows that follow do not matter.
    fn given_up(&self) -> bool {
        self.state == BuildState::NoHeader
    }

    /// The next row (`line` is its 1-based number), its cells from column A.
    fn row(&mut self, line: u64, cells: &[DataRef<'_>]) {
        match self.state {
            BuildState::Reading => self.keep(line, cells),
            BuildState::NoHeader => {}
            BuildState::Searching => self.search_row(line, cells),
        }
    }

    fn search_row(&mut self, line: u64, cells: &[DataRef<'_>]) {
        let texts: Vec<String> = cells
            .iter()
            .map(|c| {
                let mut out = String::new();
                match cell_text(c, false, &mut out) {
                    Some(t) => t.to_string(),
                    None => out,
                }
            })
            .collect();
        let errors: Vec<bool> = cells
            .iter()
            .map(|c| matches!(c, DataRef::Error(_)))
            .collect();
        match self.search.offer(line, texts.iter().map(String::as_str)) {
            Step::Header(_) => {
                let above = self.search.above;
                self.start(line, texts, above);
            }
            Step::Next => {
                if texts.iter().any(|t| !t.trim().is_empty()) {
                    self.seen.push((line, texts, errors));
                }
            }
            Step::NotFound => {
                self.seen.push((line, texts, errors));
                self.state = BuildState::NoHeader;
                if self.fallback {
                    self.first_row_as_header();
                }
            }
        }
    }

    /// The header is `cells`, on `line`, below `above` rows.
    fn start(&mut self, line: u64, mut cells: Vec<String>, above: u64) {
        while cells.last().is_some_and(|h| h.trim().is_empty()) {
            cells.pop();
        }
        let columns = Columns::from_header(cells.iter().map(String::as_str));
        self.read = (0..cells.len())
            .map(|i| {
                READ_FIELDS
                    .iter()
                    .copied()
                    .find(|&f| columns.get(f) == Some(i))
            })
            .collect();
        self.date = columns.get(Field::Date);
        self.width = cells.len();
        self.sheet.header = cells;
        self.sheet.header_line = line;
        self.sheet.above = above;
        self.state = BuildState::Reading;
    }

    /// No header found: the first row that is not blank is the header, the
    /// rows seen after it are rows.
    fn first_row_as_header(&mut self) {
        let mut seen = std::mem::take(&mut self.seen).into_iter();
        let Some((line, header, _)) = seen.next() else {
            return;
        };
        self.start(line, header, 0);
        for (line, texts, errors) in seen {
            self.keep_text(line, &texts, &errors);
        }
    }

    /// Keep a row below the header.
    fn keep(&mut self, line: u64, cells: &[DataRef<'_>]) {
        let mut errors = 0u16;
        for col in 0..self.width {
            let cell = cells.get(col).unwrap_or(&DataRef::Empty);
            self.text.clear();
            let t = cell_text(cell, self.date == Some(col), &mut self.text).unwrap_or(&self.text);
            push_field(&mut self.sheet, col, t);
            if matches!(cell, DataRef::Error(_)) {
                errors |= self.error_bit(col);
            }
        }
        self.row_end(line, errors);
    }

    /// Keep a row seen as text while the header was looked for.
    fn keep_text(&mut self, line: u64, texts: &[String], errors: &[bool]) {
        let mut bits = 0u16;
        for col in 0..self.width {
            let t = texts.get(col).map_or("", String::as_str);
            push_field(&mut self.sheet, col, t);
            if errors.get(col).copied().unwrap_or(false) {
                bits |= self.error_bit(col);
            }
        }
        self.row_end(line, bits);
    }

    /// The bit of column `col`'s field, when a formula error there rejects
    /// the row (see [`Fields::cell_errors`]).
    fn error_bit(&self, col: usize) -> u16 {
        match self.read.get(col) {
            Some(Some(f)) => 1 << (*f as u16),
            _ => 0,
        }
    }

    fn row_end(&mut self, line: u64, cell_errors: u16) {
        self.sheet.rows.push(SheetRow {
            line,
            bytes: self.sheet.bytes.len(),
            ends: self.sheet.ends.len(),
            cell_errors,
        });
    }

    /// The sheet, or why it gives no records.
    fn finish(mut self) -> Result<Sheet, Missing> {
        if self.state == BuildState::Searching {
            if let Some(row) = self.forced {
                return Err(Missing::Row(row));
            }
            if self.seen.is_empty() {
                return Err(Missing::Empty);
            }
            if self.fallback {
                self.first_row_as_header();
            }
        }
        if self.state == BuildState::Reading {
            Ok(self.sheet)
        } else {
            Err(Missing::Header)
        }
    }
}

/// A cell as the text the parsers read: strings as they are; whole numbers
/// as integers (`3`, not `3.0`); other numbers as Excel shows them (15
/// significant digits, shortest form); dates as `YYYY-MM-DD` (numbers too,
/// in a date column: `as_date`); booleans as TRUE/FALSE; a formula by its
/// value, an error by its name (`#N/A`). A string cell is returned
/// borrowed; anything else is written to `out`.
pub fn cell_text<'c>(cell: &'c DataRef<'_>, as_date: bool, out: &mut String) -> Option<&'c str> {
    match cell {
        DataRef::String(s) => return Some(s),
        DataRef::SharedString(s) => return Some(s),
        DataRef::Empty => {}
        DataRef::Int(i) if as_date => date_text(*i as f64, false, out),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) if as_date => date_text(*f, false, out),
        DataRef::Float(f) => number_text(*f, out),
        DataRef::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            let _ = write!(out, "{y:04}-{m:02}-{day:02}");
        }
        DataRef::DateTime(d) => number_text(d.as_f64(), out),
        DataRef::DateTimeIso(s) => {
            // `2024-03-05T10:00:00`: the day.
            let day = s.split('T').next().unwrap_or(s);
            out.push_str(if super::text::date(day).is_some() {
                day
            } else {
                s
            });
        }
        DataRef::DurationIso(s) => out.push_str(s),
        DataRef::Error(e) => {
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
/// as the header has cells, each cell as [`cell_text`] writes it.
pub struct SheetRecords {
    sheet: Arc<Sheet>,
    next: usize,
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
    /// The records of a sheet, and its header's cells.
    #[must_use]
    pub fn open(sheet: Arc<Sheet>) -> (Self, Vec<String>) {
        let header = sheet.header.clone();
        (Self { sheet, next: 0 }, header)
    }

    /// The sheet's column of the records' first field: `A`, as every row is
    /// read from column A.
    #[must_use]
    pub fn first_column(&self) -> u32 {
        0
    }

    /// The header's row number.
    #[must_use]
    pub fn header_line(&self) -> u64 {
        self.sheet.header_line
    }

    /// Rows above the header that are not blank.
    #[must_use]
    pub fn above(&self) -> u64 {
        self.sheet.above
    }

    /// The next row as a record; `None` after the last.
    pub fn next_record(&mut self) -> Option<Fields<'_>> {
        let i = self.next;
        let row = *self.sheet.rows.get(i)?;
        self.next += 1;
        let (bytes, ends) = match i.checked_sub(1).and_then(|p| self.sheet.rows.get(p)) {
            Some(prev) => (prev.bytes, prev.ends),
            None => (0, 0),
        };
        Some(Fields::of_cells(
            self.sheet.bytes.get(bytes..row.bytes)?,
            self.sheet.ends.get(ends..row.ends)?,
            row.line,
            row.cell_errors,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cell: &Data, as_date: bool) -> String {
        let mut out = String::new();
        cell_text(&borrowed(cell), as_date, &mut out).map_or(out.clone(), str::to_string)
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
