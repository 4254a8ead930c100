//! Charts as inline SVG, for the HTML bulletin: nothing is fetched, no
//! script runs, and the text is text (so Chinese labels render with the
//! reader's fonts and can be searched and copied).
//!
//! The API is fixed; the drawing is being built (issue 12).

use std::fmt::Write as _;

use rust_decimal::Decimal;

/// A bar's colour: a band's, or the plain one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// 红榜.
    Red,
    /// 黑榜.
    Black,
    Plain,
}

/// One bar: its label (a district, a department), its value and the text
/// written beside it (the value as the report shows it).
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: Decimal,
    pub text: String,
    pub fill: Fill,
}

/// A horizontal bar chart: one bar per row, in the order given, on a scale
/// from 0 to `max`, with an optional vertical line (a target) and its
/// label.
#[derive(Clone, Debug)]
pub struct BarChart {
    /// For screen readers (`<title>`), not drawn.
    pub title: String,
    pub bars: Vec<Bar>,
    pub max: Decimal,
    pub target: Option<(Decimal, String)>,
}

/// The chart as an `<svg>` element, its height growing with the bars.
#[must_use]
pub fn bar_chart(chart: &BarChart) -> String {
    let row = 24;
    let height = row * chart.bars.len() + 8;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 {height}" width="640" height="{height}" role="img"><title>{}</title>"#,
        escape(&chart.title)
    );
    for (i, b) in chart.bars.iter().enumerate() {
        let y = i * row + 4;
        let w = if chart.max > Decimal::ZERO {
            (b.value / chart.max * Decimal::from(400))
                .round()
                .try_into()
                .unwrap_or(0u32)
        } else {
            0
        };
        let _ = write!(
            out,
            r#"<text x="116" y="{}" text-anchor="end">{}</text><rect x="120" y="{y}" width="{w}" height="18"/><text x="{}" y="{}">{}</text>"#,
            y + 14,
            escape(&b.label),
            124 + w,
            y + 14,
            escape(&b.text)
        );
    }
    out.push_str("</svg>");
    out
}

/// Text for XML: `&`, `<`, `>` and `"` as entities.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
