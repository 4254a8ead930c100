//! Renderers: a report model in, bytes out. Nothing here computes a score.
//!
//! Tabular formats (table, csv, md) share one intermediate form, a list of
//! [`Sheet`]s built by the `sheets_*` functions in the user's language; JSON
//! serialises the report model itself with stable English keys.

mod csv;
mod json;
mod markdown;
pub mod sheets;

pub use csv::inert;
mod table;

use serde::Serialize;

use crate::i18n::Lang;

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
}

impl Format {
    /// The extensions [`Format::from_extension`] knows, as a message lists
    /// them.
    pub const EXTENSIONS: &str = ".json, .csv, .md, .txt";

    /// The format implied by an output file's extension.
    #[must_use]
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            "md" | "markdown" => Some(Self::Md),
            "txt" => Some(Self::Table),
            _ => None,
        }
    }
}

/// How human-facing output looks.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub lang: Lang,
    /// Plain ASCII table borders (for terminals that draw box glyphs wide).
    pub ascii: bool,
}

/// One titled table of text cells.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub title: String,
    /// Lines printed before the table (key facts).
    pub lead: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding numbers (right-aligned in tables).
    pub numeric: Vec<usize>,
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
        Format::Md => markdown::render(sheets).into_bytes(),
        Format::Csv => csv::render(sheets.first())?,
    })
}
