//! Markdown: a heading and a pipe table per sheet.

use std::fmt::Write as _;

use super::Sheet;
use crate::diag::escaped;

/// A cell's text as Markdown shows it: what would end the cell or start
/// markup (`|`, `\`, `*`, `_`, `` ` ``, `[`, `]`, `~`) escaped with a
/// backslash, `<`, `>` and `&` as entities (no HTML from the data reaches
/// the document), a line break as `<br>`, any other control character
/// escaped as diagnostics show it (Markdown is pasted into documents and read
/// on terminals).
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    escaped(&out)
}

pub fn render(sheets: &[Sheet], lang: crate::i18n::Lang) -> String {
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
        if s.rows.is_empty() {
            let _ = writeln!(out, "{}\n", cell(&s.empty_line(lang)));
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
            let cells: Vec<String> = r.iter().map(|c| cell(&c.shown())).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn markup_from_the_data_is_shown_as_text() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(
            cell("*粗* _x_ `c` [l](u) ~~s~~ \\"),
            "\\*粗\\* \\_x\\_ \\`c\\` \\[l\\](u) \\~\\~s\\~\\~ \\\\"
        );
        assert_eq!(cell("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(cell("一\n二"), "一<br>二");
        assert_eq!(cell("\u{1b}[31m"), "\\u{1b}\\[31m");
    }
}
