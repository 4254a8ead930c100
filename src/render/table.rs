//! Terminal tables (comfy-table), one per sheet.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::{Sheet, Style};

pub fn render(sheets: &[Sheet], style: Style) -> String {
    let mut out = String::new();
    for (i, s) in sheets.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", s.title);
        for l in &s.lead {
            let _ = writeln!(out, "  {l}");
        }
        if s.headers.is_empty() {
            continue;
        }
        let mut t = Table::new();
        t.load_style(if style.ascii {
            presets::ASCII_FULL_CONDENSED
        } else {
            presets::UTF8_FULL_CONDENSED
        });
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.set_header(&s.headers);
        for r in &s.rows {
            t.add_row(r);
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
