//! Charts as inline SVG, for the HTML bulletin: nothing is fetched, no
//! script runs, and the text is text (so Chinese labels render with the
//! reader's fonts and can be searched and copied).
//!
//! The drawing is a small template, sized for print: the `viewBox` is
//! [`WIDTH`] units wide, about A4's printable width (180 mm) in CSS pixels,
//! and the `<svg>` takes the page's width, so one unit prints as about one
//! pixel and the 12-unit text stays legible on paper. Rows are a fixed
//! height, so the chart grows with its bars. Coordinates are written with
//! at most one decimal, so the same chart gives the same bytes.
//!
//! Palette (print-friendly, distinct in grey too): 红榜 red `#c62828`,
//! 黑榜 near-black `#37474f`, other bars light blue-grey `#b0bec5`, the
//! target a dashed dark line.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use unicode_width::UnicodeWidthChar as _;

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

/// The width of the `viewBox`: A4's printable width (180 mm) in CSS px.
pub const WIDTH: f64 = 680.0;
/// The text size, in `viewBox` units (about px when printed).
const FONT: f64 = 12.0;
/// An estimate of a narrow character's width (a Latin letter, a digit) at
/// [`FONT`]: most are narrower than 0.62 em in every font of the list, so
/// this errs on the wide side. A wide one (CJK, two terminal columns) is
/// one em.
const NARROW: f64 = FONT * 0.62;
const FONTS: &str =
    "Microsoft YaHei, 微软雅黑, SimSun, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif";
const MARGIN: f64 = 8.0;
/// The gap between a label or a value text and its bar.
const GAP: f64 = 6.0;
const ROW: f64 = 20.0;
const BAR: f64 = 13.0;
/// The narrowest plot; with longer labels the chart gets wider instead.
const MIN_PLOT: f64 = 240.0;
const GRID: &str = "#d9d9d9";
const INK: &str = "#1a1a1a";
const TARGET: &str = "#263238";

impl Fill {
    pub(crate) fn colour(self) -> &'static str {
        match self {
            Fill::Red => "#c62828",
            Fill::Black => "#37474f",
            Fill::Plain => "#b0bec5",
        }
    }

    /// Text written on the bar.
    fn ink(self) -> &'static str {
        match self {
            Fill::Red | Fill::Black => "#ffffff",
            Fill::Plain => INK,
        }
    }
}

/// The chart as an `<svg>` element, its height growing with the bars; a
/// legend row explains the target line if there is one. For a legend of
/// the colours too, see [`bar_chart_with_legend`].
#[must_use]
pub fn bar_chart(chart: &BarChart) -> String {
    bar_chart_with_legend(chart, &[])
}

/// [`bar_chart`] with a legend: each fill with the text that explains it
/// (in the reader's language, e.g. `(Fill::Red, "红榜")`), then the target
/// line with its label. Fills no bar uses are still shown, in the order
/// given.
#[must_use]
pub fn bar_chart_with_legend(chart: &BarChart, legend: &[(Fill, String)]) -> String {
    let layout = Layout::new(chart, legend);
    let mut out = String::new();
    let (w, h) = (layout.width, layout.height);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" style="max-width:{}px;height:auto;overflow:visible" role="img" font-family="{FONTS}" font-size="{}"><title>{}</title>"#,
        n(w),
        n(h),
        n(w),
        n(FONT),
        escape(&chart.title)
    );
    layout.legend(&mut out, chart, legend);
    layout.grid(&mut out);
    // Bars, then the target line over them, then the texts over the line.
    out.push_str(r#"<g class="bars">"#);
    for (i, bar) in chart.bars.iter().enumerate() {
        layout.bar(&mut out, i, bar);
    }
    out.push_str("</g>");
    if let Some((value, label)) = &chart.target {
        layout.target(&mut out, *value, label);
    }
    let _ = write!(out, r#"<g class="texts" fill="{INK}">"#);
    for (i, bar) in chart.bars.iter().enumerate() {
        layout.texts(&mut out, i, bar);
    }
    out.push_str("</g>");
    out.push_str("</svg>");
    out
}

/// Where things go: computed once from the labels, the scale and the
/// number of bars.
struct Layout {
    width: f64,
    height: f64,
    /// The left edge of the plot (the labels end [`GAP`] before it).
    left: f64,
    /// The plot's width.
    plot: f64,
    /// The top of the first row.
    top: f64,
    /// The bottom of the last row.
    bottom: f64,
    /// The scale's end (greater than 0).
    max: f64,
    /// The ticks: value and text.
    ticks: Vec<(f64, String)>,
    /// The y of the legend's text line, and of the target label's.
    legend_y: Option<f64>,
    target_y: Option<f64>,
}

impl Layout {
    fn new(chart: &BarChart, legend: &[(Fill, String)]) -> Layout {
        let labels = chart
            .bars
            .iter()
            .map(|b| text_width(&b.label))
            .fold(0.0, f64::max);
        let left = MARGIN + labels + GAP;
        // Room right of the plot for a value text past the end of the scale
        // would waste width on every row: a text that does not fit goes
        // inside its bar instead. Keep a little so the last tick's text fits.
        let right = MARGIN + 12.0;
        let plot = (WIDTH - left - right).max(MIN_PLOT);
        let width = left + plot + right;
        let (max, ticks) = scale(chart);
        let mut y = MARGIN;
        let legend_y = if legend.is_empty() && chart.target.is_none() {
            None
        } else {
            y += FONT;
            let at = y;
            y += 10.0;
            Some(at)
        };
        let target_y = chart.target.as_ref().map(|_| {
            y += FONT;
            let at = y;
            y += 6.0;
            at
        });
        let top = y + 2.0;
        let rows = chart.bars.len().max(1) as f64;
        let bottom = top + rows * ROW;
        // The tick texts under the axis.
        let height = bottom + 6.0 + FONT + MARGIN;
        Layout {
            width,
            height,
            left,
            plot,
            top,
            bottom,
            max,
            ticks,
            legend_y,
            target_y,
        }
    }

    /// The x of a value, clamped to the plot.
    fn x(&self, value: f64) -> f64 {
        self.left + (value / self.max).clamp(0.0, 1.0) * self.plot
    }

    fn legend(&self, out: &mut String, chart: &BarChart, legend: &[(Fill, String)]) {
        let Some(y) = self.legend_y else { return };
        let entry = |text: &str| 16.0 + text_width(text) + 16.0;
        let total = legend.iter().map(|(_, t)| entry(t)).sum::<f64>()
            + chart
                .target
                .as_ref()
                .map_or(0.0, |(_, t)| 22.0 + text_width(t));
        // Over the plot, or from the left edge where it would not fit.
        let mut x = if self.left + total <= self.width - MARGIN {
            self.left
        } else {
            MARGIN
        };
        let _ = write!(out, r#"<g class="legend" fill="{INK}">"#);
        for (fill, text) in legend {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="12" height="{}" fill="{}"/><text x="{}" y="{}">{}</text>"#,
                n(x),
                n(y - 10.0),
                n(10.0),
                fill.colour(),
                n(x + 16.0),
                n(y),
                escape(text)
            );
            x += entry(text);
        }
        if let Some((_, label)) = &chart.target {
            let _ = write!(
                out,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="4 3"/><text x="{}" y="{}">{}</text>"#,
                n(x),
                n(y - 4.0),
                n(x + 18.0),
                n(y - 4.0),
                n(x + 22.0),
                n(y),
                escape(label)
            );
        }
        out.push_str("</g>");
    }

    fn grid(&self, out: &mut String) {
        let _ = write!(out, r#"<g class="grid" stroke="{GRID}" stroke-width="1">"#);
        for (value, _) in &self.ticks {
            let x = self.x(*value);
            let _ = write!(
                out,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
                n(x),
                n(self.top),
                n(x),
                n(self.bottom + 4.0)
            );
        }
        let _ = write!(
            out,
            r##"</g><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#757575" stroke-width="1"/>"##,
            n(self.left),
            n(self.bottom),
            n(self.left + self.plot),
            n(self.bottom)
        );
        let _ = write!(
            out,
            r##"<g class="ticks" fill="#616161" text-anchor="middle">"##
        );
        for (value, text) in &self.ticks {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}">{}</text>"#,
                n(self.x(*value)),
                n(self.bottom + 6.0 + FONT),
                escape(text)
            );
        }
        out.push_str("</g>");
    }

    /// The bar of row `i` (from the top): its left end, its right end and
    /// its text's baseline.
    fn row(&self, i: usize, bar: &Bar) -> (f64, f64, f64) {
        let row = self.top + i as f64 * ROW;
        let end = self.x(bar.value.to_f64().unwrap_or(0.0));
        // The text's middle on the bar's.
        (row + (ROW - BAR) / 2.0, end, row + ROW / 2.0 + FONT * 0.36)
    }

    fn bar(&self, out: &mut String, i: usize, bar: &Bar) {
        let (y, end, _) = self.row(i, bar);
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            n(self.left),
            n(y),
            n(end - self.left),
            n(BAR),
            bar.fill.colour()
        );
    }

    /// The label left of the bar, right-aligned, and the value text at its
    /// end: after it, or inside it where it would run off the chart.
    fn texts(&self, out: &mut String, i: usize, bar: &Bar) {
        let (_, end, base) = self.row(i, bar);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            n(self.left - GAP),
            n(base),
            escape(&bar.label),
        );
        let text = text_width(&bar.text);
        if end + 4.0 + text > self.left + self.plot && end - self.left >= text + 8.0 {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>"#,
                n(end - 4.0),
                n(base),
                bar.fill.ink(),
                escape(&bar.text)
            );
        } else {
            // On white, so a grid or target line does not run through it.
            let _ = write!(
                out,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff"/><text x="{}" y="{}">{}</text>"##,
                n(end + 2.0),
                n(base - FONT * 0.86),
                n(text + 4.0),
                n(FONT * 1.1),
                n(end + 4.0),
                n(base),
                escape(&bar.text)
            );
        }
    }

    fn target(&self, out: &mut String, value: Decimal, label: &str) {
        let x = self.x(value.to_f64().unwrap_or(0.0));
        let y = self.target_y.unwrap_or(self.top);
        // The label sits above the plot, centred on the line but kept
        // inside the chart: no bar's text is up there.
        let half = text_width(label) / 2.0;
        let low = MARGIN + half;
        let centre = x.clamp(low, (self.width - MARGIN - half).max(low));
        let _ = write!(
            out,
            r#"<g class="target"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="4 3"/><text x="{}" y="{}" text-anchor="middle" fill="{TARGET}">{}</text></g>"#,
            n(x),
            n(y + 4.0),
            n(x),
            n(self.bottom + 4.0),
            n(centre),
            n(y),
            escape(label)
        );
    }
}

/// The scale's end and its ticks: the given `max`, or the largest value
/// (or the target) if that is greater, so no bar is cut; 1 if all are 0 or
/// less. The ticks are in a nice step (1, 2 or 5 times a power of ten)
/// giving at most six intervals.
fn scale(chart: &BarChart) -> (f64, Vec<(f64, String)>) {
    let mut max = chart
        .bars
        .iter()
        .map(|b| b.value)
        .chain(chart.target.as_ref().map(|t| t.0))
        .fold(chart.max, Decimal::max);
    if max <= Decimal::ZERO {
        max = Decimal::ONE;
    }
    let step = nice_step(max);
    let mut ticks = Vec::new();
    let mut at = Decimal::ZERO;
    while at <= max && ticks.len() < 50 {
        ticks.push((at.to_f64().unwrap_or(0.0), at.normalize().to_string()));
        match at.checked_add(step) {
            Some(next) => at = next,
            None => break,
        }
    }
    (max.to_f64().unwrap_or(1.0).max(f64::MIN_POSITIVE), ticks)
}

/// The nice step for a scale from 0 to `max` (positive): 1, 2 or 5 times a
/// power of ten, the smallest giving at most six intervals.
fn nice_step(max: Decimal) -> Decimal {
    let mut power = Decimal::ONE;
    // Down to the power of ten below max / 6 …
    while power * Decimal::from(6) > max && power.scale() < 20 {
        power /= Decimal::TEN;
    }
    // … and up until the step gives at most six intervals.
    loop {
        for m in [1, 2, 5] {
            let step = power * Decimal::from(m);
            if max / step <= Decimal::from(6) {
                return step;
            }
        }
        match power.checked_mul(Decimal::TEN) {
            Some(next) => power = next,
            None => return max,
        }
    }
}

/// The estimated drawn width of a text at [`FONT`], from its display width
/// (a CJK character counts two columns).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c.width().unwrap_or(0) {
            0 => 0.0,
            1 => NARROW,
            _ => FONT,
        })
        .sum()
}

/// A coordinate with at most one decimal, and no `-0`.
fn n(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 || !r.is_finite() {
        return "0".to_owned();
    }
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: i64, fill: Fill) -> Bar {
        Bar {
            label: label.to_owned(),
            value: Decimal::from(value),
            text: value.to_string(),
            fill,
        }
    }

    fn chart(bars: Vec<Bar>, max: i64, target: Option<i64>) -> BarChart {
        BarChart {
            title: "区县排名".to_owned(),
            bars,
            max: Decimal::from(max),
            target: target.map(|t| (Decimal::from(t), format!("目标 {t}"))),
        }
    }

    /// The value of attribute `name` in the first element `tag` after `from`.
    fn attr(svg: &str, from: usize, tag: &str, name: &str) -> (f64, usize) {
        let at = from + svg[from..].find(&format!("<{tag} ")).expect("element");
        let key = format!(" {name}=\"");
        let start = at + svg[at..].find(&key).expect("attribute") + key.len();
        let end = start + svg[start..].find('"').expect("closing quote");
        (svg[start..end].parse().expect("a number"), at)
    }

    #[test]
    fn bars_in_order_labels_escaped() {
        let svg = bar_chart(&chart(
            vec![
                bar("乙区", 90, Fill::Red),
                bar("A&B <区>", 80, Fill::Plain),
                bar("甲区\"", 70, Fill::Black),
            ],
            100,
            Some(85),
        ));
        let a = svg.find(">乙区<").expect("first label");
        let b = svg.find(">A&amp;B &lt;区&gt;<").expect("escaped label");
        let c = svg.find(">甲区&quot;<").expect("third label");
        assert!(a < b && b < c);
        assert!(!svg.contains("A&B"));
        assert!(svg.contains("<title>区县排名</title>"));
        assert!(svg.contains(r#"width="100%""#));
        assert!(svg.contains("Microsoft YaHei, 微软雅黑, SimSun"));
        for forbidden in ["<script", "href", "src=", "url("] {
            assert!(!svg.contains(forbidden), "{forbidden}");
        }
    }

    #[test]
    fn bars_in_proportion_and_target_on_the_scale() {
        let svg = bar_chart(&chart(
            vec![bar("甲", 100, Fill::Red), bar("乙", 50, Fill::Plain)],
            100,
            Some(85),
        ));
        let bars = svg.find(r#"<g class="bars">"#).expect("bars");
        let (x, _) = attr(&svg, bars, "rect", "x");
        let (full, at) = attr(&svg, bars, "rect", "width");
        let (half, _) = attr(&svg, at + 1, "rect", "width");
        assert!((full - 2.0 * half).abs() <= 0.2, "{full} {half}");
        let target = svg.find(r#"<g class="target">"#).expect("target");
        let (line, _) = attr(&svg, target, "line", "x1");
        assert!((line - (x + full * 0.85)).abs() <= 0.2, "{line}");
        assert!(svg.contains(">目标 85</text>"));
        // The target's label is above the first bar.
        let (label_y, _) = attr(&svg, target, "text", "y");
        let (bar_y, _) = attr(&svg, bars, "rect", "y");
        assert!(label_y < bar_y);
    }

    #[test]
    fn the_label_column_is_as_wide_as_the_widest_label() {
        let narrow = bar_chart(&chart(vec![bar("东区", 80, Fill::Plain)], 100, None));
        let wide = bar_chart(&chart(
            vec![
                bar("东区", 80, Fill::Plain),
                bar("城乡一体化示范区", 70, Fill::Plain),
            ],
            100,
            None,
        ));
        let left = |svg: &str| {
            attr(
                svg,
                svg.find(r#"<g class="bars">"#).expect("bars"),
                "rect",
                "x",
            )
            .0
        };
        // 8 CJK characters (16 columns) against 2 (4 columns): 6 em more.
        let grown = left(&wide) - left(&narrow);
        assert!((grown - 6.0 * FONT).abs() <= 0.2, "{grown}");
        // 16 columns at 12 px text need at least 16 × 6 = 96 units.
        assert!(left(&wide) - MARGIN - GAP >= 96.0);
    }

    #[test]
    fn zero_negative_and_max_zero_do_not_panic() {
        let bars = vec![bar("零", 0, Fill::Plain), bar("负", -5, Fill::Black)];
        for max in [0, -10, 100] {
            let svg = bar_chart(&chart(bars.clone(), max, Some(85)));
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            assert!(!svg.contains("NaN") && !svg.contains("inf") && !svg.contains("=\"-"));
        }
        let empty = bar_chart(&chart(Vec::new(), 0, None));
        assert!(empty.ends_with("</svg>"));
        let huge = BarChart {
            max: Decimal::MAX,
            ..chart(vec![bar("大", 1, Fill::Red)], 1, None)
        };
        assert!(bar_chart(&huge).ends_with("</svg>"));
    }

    #[test]
    fn forty_bars_grow_the_chart_and_keep_the_text_size() {
        let bars = |n: i64| {
            (0..n)
                .map(|i| bar(&format!("第{i}区"), 60 + i, Fill::Plain))
                .collect::<Vec<_>>()
        };
        let height = |svg: &str| {
            let start = svg.find("viewBox=\"0 0 ").expect("viewBox") + 13;
            let end = start + svg[start..].find('"').expect("end");
            svg[start..end]
                .split(' ')
                .nth(1)
                .and_then(|h| h.parse::<f64>().ok())
                .expect("height")
        };
        let three = bar_chart(&chart(bars(3), 100, Some(85)));
        let forty = bar_chart(&chart(bars(40), 100, Some(85)));
        assert!((height(&forty) - height(&three) - 37.0 * ROW).abs() <= 0.2);
        assert!(forty.contains(r#"font-size="12""#));
        for i in 0..40 {
            assert!(forty.contains(&format!(">第{i}区</text>")), "{i}");
        }
    }

    #[test]
    fn ticks_in_nice_steps() {
        assert_eq!(nice_step(Decimal::from(100)), Decimal::from(20));
        assert_eq!(nice_step(Decimal::from(10)), Decimal::from(2));
        assert_eq!(nice_step(Decimal::from(1000)), Decimal::from(200));
        assert_eq!(nice_step(Decimal::from(7)), Decimal::from(2));
        assert_eq!(nice_step(Decimal::new(3, 1)), Decimal::new(5, 2));
        let svg = bar_chart(&chart(vec![bar("甲", 50, Fill::Plain)], 100, None));
        for tick in ["0", "20", "40", "60", "80", "100"] {
            assert!(svg.contains(&format!(">{tick}</text>")), "{tick}");
        }
    }

    #[test]
    fn a_value_text_that_would_run_off_goes_inside_its_bar() {
        let svg = bar_chart(&chart(vec![bar("甲", 100, Fill::Red)], 100, None));
        assert!(svg.contains(r##"text-anchor="end" fill="#ffffff">100</text>"##));
    }

    #[test]
    fn coordinates_have_one_decimal_at_most() {
        assert_eq!(n(1.0 / 3.0), "0.3");
        assert_eq!(n(2.0), "2");
        assert_eq!(n(-0.01), "0");
        assert_eq!(n(f64::NAN), "0");
        let svg = bar_chart(&chart(vec![bar("甲", 33, Fill::Plain)], 97, Some(85)));
        for value in svg.split("=\"").skip(1).filter_map(|v| v.split('"').next()) {
            if value.parse::<f64>().is_ok() {
                let decimals = value.split('.').nth(1).map_or(0, str::len);
                assert!(decimals <= 1 && !value.contains('e'), "{value}");
            }
        }
        assert_eq!(
            svg,
            bar_chart(&chart(vec![bar("甲", 33, Fill::Plain)], 97, Some(85)))
        );
    }

    #[test]
    fn a_value_past_max_widens_the_scale() {
        let svg = bar_chart(&chart(
            vec![bar("甲", 120, Fill::Red), bar("乙", 60, Fill::Plain)],
            100,
            None,
        ));
        let bars = svg.find(r#"<g class="bars">"#).expect("bars");
        let (full, at) = attr(&svg, bars, "rect", "width");
        let (half, _) = attr(&svg, at + 1, "rect", "width");
        assert!((full - 2.0 * half).abs() <= 0.2, "{full} {half}");
        assert!(svg.contains(">120</text>"));
    }

    #[test]
    fn the_legend_explains_the_fills_and_the_target_inside_the_chart() {
        let legend = [
            (Fill::Red, "红榜".to_owned()),
            (
                Fill::Black,
                "黑榜 <末位>：得分率低于全市平均且排名末位的区县".to_owned(),
            ),
        ];
        let long = "城乡一体化示范区管理委员会社会事业局城乡一体化示范区";
        let svg = bar_chart_with_legend(
            &chart(vec![bar(long, 90, Fill::Red)], 100, Some(85)),
            &legend,
        );
        let at = svg.find(r#"<g class="legend""#).expect("legend");
        let red = svg[at..].find(">红榜<").expect("red");
        let black = svg[at..].find(">黑榜 &lt;末位&gt;：").expect("black");
        let target = svg[at..].find(">目标 85<").expect("target");
        assert!(red < black && black < target);
        assert!(svg[at..].contains(r##"fill="#c62828""##));
        // The legend does not fit right of this long label: it starts at
        // the chart's left edge.
        let (x, _) = attr(&svg, at, "rect", "x");
        assert!((x - MARGIN).abs() <= 0.1, "{x}");
    }
}
