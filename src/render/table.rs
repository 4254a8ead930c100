//! Terminal tables (comfy-table), one per sheet. Control characters from
//! the data (an escape sequence in a district's name, say) are shown escaped,
//! as diagnostics show them, so that they cannot restyle the terminal.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::{Sheet, Style};
use crate::diag::escaped;

pub fn render(sheets: &[Sheet], style: Style) -> String {
    let mut out = String::new();
    for (i, s) in sheets.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", escaped(&s.title));
        for l in &s.lead {
            let _ = writeln!(out, "  {}", escaped(l));
        }
        if s.headers.is_empty() {
            continue;
        }
        if s.rows.is_empty() {
            let _ = writeln!(out, "  {}", escaped(&s.empty_line(style.lang)));
            continue;
        }
        let mut t = Table::new();
        t.load_style(if style.ascii {
            presets::ASCII_FULL_CONDENSED
        } else {
            presets::UTF8_FULL_CONDENSED
        });
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.set_header(s.headers.iter().map(|h| escaped(h)));
        for r in &s.rows {
            t.add_row(r.iter().map(|c| escaped(&c.shown())));
        }
        for &c in &s.numeric {
            if let Some(col) = t.column_mut(c) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        let _ = writeln!(out, "{t}");
    }
    out
}
