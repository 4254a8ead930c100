//! Markdown: a heading and a pipe table per sheet.

use std::fmt::Write as _;

use super::Sheet;
use crate::diag::escaped;

/// A cell's text: `|` escaped, a line break as `<br>`, any other control
/// character escaped as diagnostics show it (Markdown is pasted into
/// documents and read on terminals).
fn cell(s: &str) -> String {
    escaped(&s.replace('|', "\\|").replace('\n', "<br>"))
}

pub fn render(sheets: &[Sheet]) -> String {
    let mut out = String::new();
    for (i, s) in sheets.iter().enumerate() {
        let hashes = if i == 0 { "#" } else { "##" };
        let _ = writeln!(out, "{hashes} {}\n", cell(&s.title));
        for l in &s.lead {
            let _ = writeln!(out, "- {}", cell(l));
        }
        if !s.lead.is_empty() {
            out.push('\n');
        }
        if s.headers.is_empty() {
            continue;
        }
        let heads: Vec<String> = s.headers.iter().map(|h| cell(h)).collect();
        let _ = writeln!(out, "| {} |", heads.join(" | "));
        // Looked up by column, not searched: `--by item` has a column per
        // district.
        let mut aligns = vec!["---"; s.headers.len()];
        for &c in &s.numeric {
            if let Some(a) = aligns.get_mut(c) {
                *a = "---:";
            }
        }
        let _ = writeln!(out, "|{}|", aligns.join("|"));
        for r in &s.rows {
            let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    out
}
