//! HTML: one self-contained page (inline CSS and SVG, no script, nothing
//! fetched), printable on A4 and readable by Word and WPS when saved as
//! `.html`. Every text from the data is escaped.

use std::fmt::Write as _;

use num_traits::ToPrimitive as _;
use rust_decimal::Decimal;

use super::bulletin::Document;
use super::chart::{bar_chart_with_legend, escape};
use super::{Cell, Sheet};
use crate::i18n::Lang;
use crate::report::score::Band;

/// The fonts an office machine has (Windows, then Kylin and other Linux),
/// for Chinese text.
const FONTS: &str = r#""Microsoft YaHei", "微软雅黑", "SimSun", "宋体", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif"#;

/// The page's style: A4, a page per section, no row split across pages.
fn style() -> String {
    format!(
        "@page {{ size: A4; margin: 15mm }}\n\
         body {{ font-family: {FONTS}; font-size: 10.5pt; line-height: 1.5; color: #000; background: #fff; margin: 0 auto; max-width: 180mm; padding: 0 4mm }}\n\
         h1 {{ font-size: 18pt; text-align: center; margin: 12pt 0 6pt }}\n\
         p.lead {{ text-align: center; color: #333; margin: 0 }}\n\
         h2 {{ font-size: 14pt; margin: 14pt 0 6pt; border-bottom: 1px solid #999; page-break-after: avoid; break-after: avoid }}\n\
         h3 {{ font-size: 11.5pt; margin: 10pt 0 4pt; page-break-after: avoid; break-after: avoid }}\n\
         h2.page {{ page-break-before: always; break-before: page }}\n\
         table {{ border-collapse: collapse; width: 100%; font-size: 9pt; margin: 4pt 0 8pt }}\n\
         th, td {{ border: 1px solid #888; padding: 2pt 4pt; vertical-align: top }}\n\
         th {{ background: #e8e8e8; font-weight: bold; text-align: center }}\n\
         td.n {{ text-align: right; white-space: nowrap }}\n\
         thead {{ display: table-header-group }}\n\
         tr {{ page-break-inside: avoid; break-inside: avoid }}\n\
         tr.red td {{ background: #fde0dc }}\n\
         tr.black td {{ background: #d9d9d9 }}\n\
         table.heat {{ font-size: 8.5pt }}\n\
         table.heat td {{ text-align: center; white-space: nowrap }}\n\
         table.heat th {{ font-weight: normal }}\n\
         div.chart {{ margin: 6pt 0 }}\n\
         div.chart svg {{ width: 100%; max-width: 100%; height: auto }}\n\
         p.note {{ color: #333; font-size: 9pt }}\n"
    )
}

/// The page around a body.
fn page(title: &str, body: &str, lang: Lang) -> String {
    let code = lang.pick("zh-CN", "en");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title),
        style()
    )
}

/// A cell's background in a heat table: light red at 50 % and below,
/// light yellow at 75 %, light green at 100 %, in between by the rate (the
/// text stays black on each).
pub(crate) fn heat(rate: Decimal) -> String {
    const RED: [i64; 3] = [248, 180, 180];
    const YELLOW: [i64; 3] = [255, 235, 156];
    const GREEN: [i64; 3] = [183, 225, 176];
    let t = rate.round().to_i64().unwrap_or(0).clamp(50, 100) - 50;
    let (from, to, t) = if t < 25 {
        (RED, YELLOW, t)
    } else {
        (YELLOW, GREEN, t - 25)
    };
    let mix = |i: usize| from[i] + (to[i] - from[i]) * t / 25;
    format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2))
}

/// One sheet as a table (`heat`: its percentages shaded).
fn table(out: &mut String, s: &Sheet, heat_table: bool) {
    let class = if heat_table { " class=\"heat\"" } else { "" };
    let _ = write!(out, "<table{class}>\n<thead><tr>");
    for h in &s.headers {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, row) in s.rows.iter().enumerate() {
        match s.bands.get(i).copied().flatten() {
            Some(Band::Red) => out.push_str("<tr class=\"red\">"),
            Some(Band::Black) => out.push_str("<tr class=\"black\">"),
            None => out.push_str("<tr>"),
        }
        for (c, cell) in row.iter().enumerate() {
            let text = escape(&cell.shown());
            match cell {
                Cell::Percent { value, .. } if heat_table => {
                    let _ = write!(out, "<td style=\"background:{}\">{text}</td>", heat(*value));
                }
                _ if s.numeric.contains(&c) => {
                    let _ = write!(out, "<td class=\"n\">{text}</td>");
                }
                _ => {
                    let _ = write!(out, "<td>{text}</td>");
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Sheets as a page (`ceping score -f html` and the other views): the first
/// title as the page's, each sheet under its title with its lead lines.
#[must_use]
pub fn render(sheets: &[Sheet], lang: Lang) -> String {
    let mut body = String::new();
    for (i, s) in sheets.iter().enumerate() {
        let h = if i == 0 { "h1" } else { "h2" };
        let _ = writeln!(body, "<{h}>{}</{h}>", escape(&s.title));
        for l in &s.lead {
            let _ = writeln!(body, "<p>{}</p>", escape(l));
        }
        if !s.headers.is_empty() {
            table(&mut body, s, false);
        }
    }
    let title = sheets.first().map_or("", |s| s.title.as_str());
    page(title, &body, lang)
}

/// The bulletin as a page.
#[must_use]
pub fn bulletin(doc: &Document, lang: Lang) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", escape(&doc.title));
    for l in &doc.lead {
        let _ = writeln!(body, "<p class=\"lead\">{}</p>", escape(l));
    }
    for (i, p) in doc.parts.iter().enumerate() {
        // The summary shares the title's page; every other section starts
        // one (the break on the heading, where Word and WPS honour it too).
        let class = if i == 0 { "" } else { " class=\"page\"" };
        let _ = writeln!(
            body,
            "<section id=\"{}\">\n<h2{class}>{}</h2>",
            p.section.key(),
            escape(&p.title)
        );
        let para = if p.tables.is_empty() && p.chart.is_none() {
            "<p>"
        } else {
            "<p class=\"note\">"
        };
        for s in &p.paragraphs {
            let _ = writeln!(body, "{para}{}</p>", escape(s));
        }
        if let Some(chart) = &p.chart {
            let _ = writeln!(
                body,
                "<div class=\"chart\">{}</div>",
                bar_chart_with_legend(chart, &p.legend)
            );
        }
        for t in &p.tables {
            if t.title != p.title {
                let _ = writeln!(body, "<h3>{}</h3>", escape(&t.title));
            }
            table(&mut body, t, p.heat);
        }
        body.push_str("</section>\n");
    }
    page(&doc.title, &body, lang)
}

#[cfg(test)]
mod tests {
    use super::heat;
    use rust_decimal::Decimal;

    #[test]
    fn heat_runs_from_red_through_yellow_to_green() {
        assert_eq!(heat(Decimal::from(10)), "#f8b4b4");
        assert_eq!(heat(Decimal::from(50)), "#f8b4b4");
        assert_eq!(heat(Decimal::from(75)), "#ffeb9c");
        assert_eq!(heat(Decimal::from(100)), "#b7e1b0");
        assert_eq!(heat(Decimal::from(120)), "#b7e1b0");
    }
}
