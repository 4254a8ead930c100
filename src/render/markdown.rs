//! Markdown: a heading and a pipe table per sheet.

use std::fmt::Write as _;

use super::Sheet;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
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
        let aligns: Vec<&str> = (0..s.headers.len())
            .map(|c| {
                if s.numeric.contains(&c) {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        let _ = writeln!(out, "|{}|", aligns.join("|"));
        for r in &s.rows {
            let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    out
}
