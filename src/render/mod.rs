//! Renderers: a report model in, bytes out. Nothing here computes a score.
//!
//! Tabular formats (table, csv, md, xlsx) share one intermediate form, a
//! list of [`Sheet`]s of typed [`Cell`]s built by the functions of
//! [`sheets`] in the user's language; JSON serialises the report model
//! itself with stable English keys.

pub mod chart;
mod csv;
pub mod gaps;
mod json;
mod markdown;
pub mod sheets;
// --- compare (issue 11) ---
pub mod compare;

pub use csv::{CsvEncoding, Encoded, inert};
mod table;
mod xlsx;
// --- template (issue 13) ---
pub mod template;
pub mod wrap;

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::i18n::Lang;
use crate::report::score::Band;

/// An output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned table for the terminal
    #[default]
    Table,
    /// JSON with stable English keys and numbers as numbers
    Json,
    /// CSV (UTF-8 with BOM, opens cleanly in Chinese Excel): the main table
    Csv,
    /// Markdown tables, for reports and chat
    Md,
    /// Excel workbook: every view as a sheet (needs -o FILE.xlsx on a
    /// terminal)
    Xlsx,
    // --- bulletin (issue 12) ---
    /// Self-contained HTML page: tables (ceping report: the bulletin, with
    /// charts)
    Html,
    // --- bulletin as .docx (issue 12) ---
    /// Word document (needs -o FILE.docx on a terminal): tables (ceping
    /// report: the bulletin, charts as tables)
    Docx,
}

impl Format {
    /// The extensions [`Format::from_extension`] knows, as a message lists
    /// them.
    pub const EXTENSIONS: &str = ".json, .csv, .md, .txt, .xlsx, .html, .docx";

    /// The format implied by an output file's extension.
    #[must_use]
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            "md" | "markdown" => Some(Self::Md),
            "txt" => Some(Self::Table),
            "xlsx" => Some(Self::Xlsx),
            "html" | "htm" => Some(Self::Html),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }
}

impl Format {
    /// Whether the format is bytes no terminal should be sent.
    #[must_use]
    pub fn is_binary(self) -> bool {
        matches!(self, Self::Xlsx | Self::Docx)
    }
}

/// How human-facing output looks.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub lang: Lang,
    /// Plain ASCII table borders (for terminals that draw box glyphs wide).
    pub ascii: bool,
    /// The encoding of CSV output.
    pub csv_encoding: CsvEncoding,
    // --- terminal (issue 13) ---
    /// Fit tables into this many columns (`None`: never wrap).
    pub width: Option<usize>,
    /// Color the band cells of tables (stdout on a terminal).
    pub color: bool,
}

/// One cell of a sheet, typed: built once per view, shown by each renderer
/// its own way (text for table, csv and md through [`Cell::text`]; numbers
/// as numbers in a workbook).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// A count, a rank, a level.
    Int(u64),
    /// A decimal shown with `places` decimals (the report's rounding).
    Dec {
        value: Decimal,
        places: u32,
    },
    /// A rate in percent: 87.39 means 87.39 %.
    Percent {
        value: Decimal,
        places: u32,
    },
    /// A figure the report does not have (`null`): shown as `-`.
    Null,
    /// Nothing to show.
    Empty,
}

impl Cell {
    /// A decimal from the report, with the places it was rounded to (its
    /// scale: the report rounds each figure once, to the standard's
    /// `decimals`; a figure from the standard keeps the places written).
    #[must_use]
    pub fn dec(value: Decimal) -> Self {
        Self::Dec {
            value,
            places: value.scale(),
        }
    }

    /// [`Cell::dec`], or [`Cell::Null`] for `null`.
    #[must_use]
    pub fn dec_or_null(value: Option<Decimal>) -> Self {
        value.map_or(Self::Null, Self::dec)
    }

    /// A rate in percent, or [`Cell::Null`] for `null`.
    #[must_use]
    pub fn percent_or_null(value: Option<Decimal>) -> Self {
        value.map_or(Self::Null, |value| Self::Percent {
            value,
            places: value.scale(),
        })
    }

    /// A count (`usize` or `u64`).
    #[must_use]
    pub fn int(value: impl TryInto<u64>) -> Self {
        value.try_into().map_or(Self::Null, Self::Int)
    }

    /// A count, or [`Cell::Null`] for `null`.
    #[must_use]
    pub fn int_or_null(value: Option<usize>) -> Self {
        value.map_or(Self::Null, Self::int)
    }

    /// Text; an empty string is [`Cell::Empty`].
    #[must_use]
    pub fn text(value: impl Into<String>) -> Self {
        let value = value.into();
        if value.is_empty() {
            Self::Empty
        } else {
            Self::Text(value)
        }
    }

    /// The cell as text output shows it.
    #[must_use]
    pub fn shown(&self) -> Cow<'_, str> {
        match self {
            Self::Text(t) => Cow::Borrowed(t),
            Self::Int(n) => Cow::Owned(n.to_string()),
            Self::Dec { value, places } => Cow::Owned(format!("{value:.0$}", *places as usize)),
            Self::Percent { value, places } => {
                Cow::Owned(format!("{value:.0$}%", *places as usize))
            }
            Self::Null => Cow::Borrowed("-"),
            Self::Empty => Cow::Borrowed(""),
        }
    }
}

/// One titled table of typed cells.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub title: String,
    /// The sheet's short name, for a workbook's tab (at most 31 characters).
    pub tab: String,
    /// Lines printed before the table (key facts).
    pub lead: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The 红黑榜 band of each row, when the view has bands (else empty).
    pub bands: Vec<Option<Band>>,
    /// Columns holding numbers (right-aligned in tables).
    pub numeric: Vec<usize>,
    /// A tree's levels, for a workbook to indent its names.
    pub indent: Option<Indent>,
    /// Why the sheet has no rows, shown by table and Markdown output in
    /// place of an empty table (`None`: a plain "none"). CSV and xlsx keep
    /// the bare header, for the scripts and workbooks that read them.
    pub empty: Option<String>,
}

impl Sheet {
    /// The line table and Markdown output show in place of an empty
    /// table.
    #[must_use]
    pub fn empty_line(&self, lang: Lang) -> String {
        self.empty
            .clone()
            .unwrap_or_else(|| crate::i18n::Label::NoRows.text(lang).to_string())
    }
}

/// The indentation of one column, per row (0: none).
#[derive(Clone, Debug, Default)]
pub struct Indent {
    pub column: usize,
    pub levels: Vec<u8>,
}

/// Render a report: JSON from the model, the rest from its sheets.
///
/// # Errors
/// Only if JSON serialisation fails, which the report types do not do.
pub fn render<T: Serialize>(
    model: &T,
    sheets: &[Sheet],
    format: Format,
    style: Style,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        Format::Json => json::render(model)?,
        Format::Table => table::render(sheets, style).into_bytes(),
        Format::Md => markdown::render(sheets, style.lang).into_bytes(),
        Format::Csv => csv::render(sheets.first(), style.csv_encoding)?,
        Format::Xlsx => xlsx::render(sheets)?,
        Format::Html => html::render(sheets, style.lang).into_bytes(),
        Format::Docx => docx::render(sheets)?,
    })
}
// --- problem ledger (issue 11) ---
pub mod ledger;
// --- bulletin (issue 12) ---
pub mod bulletin;
pub mod html;
// --- bulletin as .docx (issue 12) ---
pub mod docx;
