//! Located diagnostics: `file:line:col: error: message`, with the source line
//! and a caret that lands under the right characters even in Chinese text.
//!
//! Diagnostics carry a [`Msg`] rather than a string, so the library stays
//! language-agnostic and the command decides how to render them.

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::i18n::{Lang, Msg};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

// --- terminal (issue 13) ---

impl Severity {
    /// The severity's color, as an SGR sequence: errors red, warnings
    /// yellow, notes cyan, all bold.
    fn sgr(self) -> &'static str {
        match self {
            Self::Error => "\x1b[1;31m",
            Self::Warning => "\x1b[1;33m",
            Self::Note => "\x1b[1;36m",
        }
    }
}

/// `text` in the color of `severity` when `color` is on, else as it is.
#[must_use]
pub fn paint(severity: Severity, text: &str, color: bool) -> String {
    if color {
        format!("{}{text}\x1b[0m", severity.sgr())
    } else {
        text.to_string()
    }
}

/// Where a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pos {
    /// The whole file (or no file at all).
    File,
    /// A span in a text file (TOML): 1-based line and character column,
    /// with the source line and the caret run measured in display columns.
    Span {
        line: usize,
        col: usize,
        source_line: String,
        caret_start: usize,
        caret_len: usize,
    },
    /// A row of a data file (CSV), optionally a named column.
    Row { line: u64, column: Option<String> },
    /// A cell of a worksheet: its 1-based row, its 0-based column (shown as
    /// Excel's letters, `C17`) and the column's header name.
    Cell {
        row: u64,
        col: u32,
        column: Option<String>,
    },
}

/// A worksheet column as Excel names it: 0 → `A`, 25 → `Z`, 26 → `AA`.
#[must_use]
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        // `rem` is below 26.
        out.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One located message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user gave it (or `-` for standard input); `None` for
    /// problems that belong to no file.
    pub file: Option<String>,
    pub pos: Pos,
    pub msg: Msg,
}

impl Diagnostic {
    #[must_use]
    pub fn new(severity: Severity, file: Option<String>, pos: Pos, msg: Msg) -> Self {
        Self {
            severity,
            file,
            pos,
            msg,
        }
    }

    /// An error about a whole file.
    #[must_use]
    pub fn file_error(file: impl Into<String>, msg: Msg) -> Self {
        Self::new(Severity::Error, Some(file.into()), Pos::File, msg)
    }

    /// An error that belongs to no file.
    #[must_use]
    pub fn error(msg: Msg) -> Self {
        Self::new(Severity::Error, None, Pos::File, msg)
    }

    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A short `file:line:col` (or `file:line`) reference, for messages
    /// that name another place.
    #[must_use]
    pub fn location(&self) -> String {
        let file = self.file.as_deref().unwrap_or("");
        match &self.pos {
            Pos::File => file.to_string(),
            Pos::Span { line, col, .. } => format!("{file}:{line}:{col}"),
            Pos::Row { line, .. } => format!("{file}:{line}"),
            Pos::Cell { row, col, .. } => format!("{file}!{}{row}", column_letters(*col)),
        }
    }

    /// The same diagnostic, downgraded (used by `--skip-invalid`).
    #[must_use]
    pub fn as_warning(mut self) -> Self {
        if self.severity == Severity::Error {
            self.severity = Severity::Warning;
        }
        self
    }

    /// Render for a terminal or a log: one headline, then the snippet if any.
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        self.render_with(lang, false)
    }

    /// [`Diagnostic::render`], the severity word in its color when `color`.
    #[must_use]
    pub fn render_with(&self, lang: Lang, color: bool) -> String {
        let mut out = String::new();
        let msg = escaped(&self.msg.text(lang));
        let sev = paint(self.severity, self.severity.word(), color);
        let file = self.file.as_deref().map(escaped);
        match (&file, &self.pos) {
            (None, _) => {
                let _ = write!(out, "{sev}: {msg}");
            }
            (Some(f), Pos::File) => {
                let _ = write!(out, "{f}: {sev}: {msg}");
            }
            (Some(f), Pos::Row { line, column }) => match column {
                Some(c) => {
                    let c = escaped(&crate::i18n::quoted(c));
                    let _ = write!(out, "{f}:{line}: {c}: {sev}: {msg}");
                }
                None => {
                    let _ = write!(out, "{f}:{line}: {sev}: {msg}");
                }
            },
            (Some(f), Pos::Cell { row, col, column }) => {
                let cell = column_letters(*col);
                match column {
                    Some(c) => {
                        let c = escaped(&crate::i18n::quoted(c));
                        let _ = write!(out, "{f}!{cell}{row}: {c}: {sev}: {msg}");
                    }
                    None => {
                        let _ = write!(out, "{f}!{cell}{row}: {sev}: {msg}");
                    }
                }
            }
            (
                Some(f),
                Pos::Span {
                    line,
                    col,
                    source_line,
                    caret_start,
                    caret_len,
                },
            ) => {
                let num = line.to_string();
                let pad = " ".repeat(num.len());
                let _ = write!(
                    out,
                    "{f}:{line}:{col}: {sev}: {msg}\n{pad} |\n{num} | {source_line}\n{pad} | {}{}",
                    " ".repeat(*caret_start),
                    "^".repeat((*caret_len).max(1))
                );
            }
        }
        out
    }
}

/// Text from the user's files (a key, an id, a column name) may hold control
/// characters: a `\n` would split the headline and an escape sequence would
/// restyle the terminal. Show them escaped, as `\n` or `\u{1b}`. Every text
/// that reaches a terminal or a document goes through here: diagnostics,
/// tables and Markdown.
#[must_use]
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Maps byte offsets of one text to lines and columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// A span position for the byte range (clamped to the text).
    #[must_use]
    pub fn pos(&self, range: std::ops::Range<usize>) -> Pos {
        let start = floor_char(self.text, range.start.min(self.text.len()));
        let line_idx = self.starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.starts[line_idx];
        let line_end = self
            .starts
            .get(line_idx + 1)
            .map_or(self.text.len(), |&s| s - 1);
        let raw_line = &self.text[line_start..line_end];
        let source_line = shown(raw_line.trim_end_matches('\r'));
        let before = &self.text[line_start..start];
        let end = floor_char(self.text, range.end.clamp(start, line_end));
        let marked = &self.text[start..end];
        Pos::Span {
            line: line_idx + 1,
            col: before.chars().count() + 1,
            source_line,
            caret_start: shown(before).width(),
            caret_len: shown(marked.trim_end_matches('\r')).width(),
        }
    }
}

/// Source text as a snippet shows it: tabs and other control characters (a
/// lone `\r`, an escape sequence) become spaces, so that they can neither
/// move the terminal's cursor nor throw the caret off.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Sort diagnostics into a stable reading order: by file, then position.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| -> (Option<String>, u64, u64) {
            match &d.pos {
                Pos::File => (d.file.clone(), 0, 0),
                Pos::Span { line, col, .. } => (d.file.clone(), *line as u64, *col as u64),
                Pos::Row { line, .. } => (d.file.clone(), *line, 0),
                Pos::Cell { row, col, .. } => (d.file.clone(), *row, u64::from(*col) + 1),
            }
        };
        key(a).cmp(&key(b))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_chinese_text() {
        let text = "a = 1\nname = \"市容\" scroe\n";
        let idx = LineIndex::new(text);
        let start = text.find("scroe").unwrap();
        let Pos::Span {
            line,
            col,
            caret_start,
            caret_len,
            ..
        } = idx.pos(start..start + 5)
        else {
            panic!("not a span")
        };
        assert_eq!((line, col), (2, 13));
        // `name = "` is 8 columns, 市容 is 4, `" ` is 2.
        assert_eq!((caret_start, caret_len), (14, 5));
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        let names: Vec<String> = [0, 2, 25, 26, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(names, ["A", "C", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
        let d = Diagnostic::new(
            Severity::Error,
            Some("01-梁园区.xlsx[第1轮]".into()),
            Pos::Cell {
                row: 17,
                col: 2,
                column: Some("结果".into()),
            },
            Msg::EmptyCell,
        );
        assert!(
            d.render(Lang::Zh)
                .starts_with("01-梁园区.xlsx[第1轮]!C17: 结果: error: "),
            "{}",
            d.render(Lang::Zh)
        );
        assert_eq!(d.location(), "01-梁园区.xlsx[第1轮]!C17");
    }
}
