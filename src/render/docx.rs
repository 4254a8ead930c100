//! The bulletin as a Word document (`.docx`, for Word and WPS), from the
//! same [`Document`] the HTML and Markdown bulletins are drawn from: the
//! title and lead lines, then each section under a Heading 1 on a page of
//! its own (the summary shares the title's), its sentences, its chart as a
//! native table (label, a bar of block characters, value) and its tables
//! as Word tables. A4 portrait; Chinese text set in 宋体.
//!
//! The bytes are deterministic: docx-rs writes fixed dates in
//! `docProps/core.xml` and its zip entries carry the zip crate's fixed
//! default time (1980-01-01), so the same document packs to the same bytes.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, Paragraph, Run, RunFonts, Shading, ShdType, Style,
    StyleType, Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, WidthType,
};
use num_traits::ToPrimitive as _;
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr as _;

use super::bulletin::Document;
use super::chart::BarChart;
use super::html::heat;
use super::{Cell, Sheet};
use crate::report::score::Band;

/// A4 in twentieths of a point.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
/// The page margins (2 cm, 1.5 cm left and right).
const MARGIN_TOP: i32 = 1_134;
const MARGIN_SIDE: i32 = 850;
/// The width a table may take.
const CONTENT: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN_SIDE as usize);
/// Text sizes, in half-points.
const BODY: usize = 21;
const TABLE: usize = 18;
const HEAT: usize = 16;
/// The East Asian font, and the Latin one beside it.
const CJK_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";
/// Header rows' and borders' greys.
/// A table cell's left and right margins, in twips.
const CELL_MARGIN: usize = 70;
const HEADER_FILL: &str = "E8E8E8";
const BORDER: &str = "888888";
/// The longest bar, in full blocks; a bar is drawn to an eighth of one.
const BAR_BLOCKS: usize = 40;
/// The marker docx-rs writes for a row height of 0 (never otherwise asked
/// for), swapped for `<w:tblHeader/>` (a header row Word repeats on every
/// page), which docx-rs does not write.
const HEADER_MARK: &str = r#"<w:trHeight w:val="0" w:hRule="atLeast" />"#;
const HEADER_ROW: &str = "<w:tblHeader />";

fn fonts() -> RunFonts {
    RunFonts::new()
        .east_asia(CJK_FONT)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
}

/// A colour as Word writes it (no `#`).
fn hex(colour: &str) -> String {
    colour.trim_start_matches('#').to_uppercase()
}

fn text_run(text: &str, size: usize) -> Run {
    Run::new().add_text(text).size(size).fonts(fonts())
}

/// An empty A4 document with the styles used here.
fn page() -> Docx {
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_TOP)
                .left(MARGIN_SIDE)
                .right(MARGIN_SIDE)
                .header(567)
                .footer(567),
        )
        .default_fonts(fonts())
        .default_size(BODY)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(36)
                .bold()
                .fonts(fonts())
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .size(28)
                .bold()
                .fonts(fonts())
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .size(23)
                .bold()
                .fonts(fonts())
                .outline_lvl(1),
        )
}

fn title(docx: Docx, text: &str) -> Docx {
    docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(text_run(text, 36).bold()),
    )
}

/// The document's bytes, its header rows marked as such.
fn pack(docx: Docx) -> anyhow::Result<Vec<u8>> {
    let mut xml = docx.build();
    let document = String::from_utf8_lossy(&xml.document).replace(HEADER_MARK, HEADER_ROW);
    xml.document = document.into_bytes();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)?;
    Ok(out.into_inner())
}

/// Sheets as a document (`ceping score -f docx` and the other views): the
/// first title as the document's, each sheet under its title with its
/// lead lines.
///
/// # Errors
/// Only if the zip writer fails on memory, which it does not.
pub fn render(sheets: &[Sheet]) -> anyhow::Result<Vec<u8>> {
    let mut docx = page();
    for (i, s) in sheets.iter().enumerate() {
        docx = if i == 0 {
            title(docx, &s.title)
        } else {
            docx.add_paragraph(
                Paragraph::new()
                    .style("Heading1")
                    .keep_next(true)
                    .add_run(text_run(&s.title, 28).bold()),
            )
        };
        for l in &s.lead {
            docx = docx.add_paragraph(Paragraph::new().add_run(text_run(l, BODY)));
        }
        if !s.headers.is_empty() {
            docx = docx
                .add_table(sheet_table(s, false))
                .add_paragraph(Paragraph::new());
        }
    }
    pack(docx)
}

/// The bulletin as a `.docx` file.
///
/// # Errors
/// Only if the zip writer fails on memory, which it does not.
pub fn bulletin(doc: &Document) -> anyhow::Result<Vec<u8>> {
    let mut docx = title(page(), &doc.title);
    for l in &doc.lead {
        docx = docx.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(text_run(l, BODY).color("333333")),
        );
    }
    for (i, p) in doc.parts.iter().enumerate() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .keep_next(true)
                .page_break_before(i > 0)
                .add_run(text_run(&p.title, 28).bold()),
        );
        let size = if p.tables.is_empty() && p.chart.is_none() {
            BODY
        } else {
            TABLE
        };
        for s in &p.paragraphs {
            docx = docx.add_paragraph(Paragraph::new().add_run(text_run(s, size)));
        }
        if let Some(chart) = &p.chart {
            docx = docx.add_table(chart_table(chart));
            if let Some((_, label)) = &chart.target {
                docx = docx.add_paragraph(Paragraph::new().add_run(text_run(label, TABLE)));
            }
            if !p.legend.is_empty() {
                let mut para = Paragraph::new();
                for (fill, label) in &p.legend {
                    para = para
                        .add_run(text_run("█ ", TABLE).color(hex(fill.colour())))
                        .add_run(text_run(&format!("{label}  "), TABLE));
                }
                docx = docx.add_paragraph(para);
            }
        }
        for t in &p.tables {
            if t.title != p.title {
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .style("Heading2")
                        .keep_next(true)
                        .add_run(text_run(&t.title, 23).bold()),
                );
            }
            docx = docx.add_table(sheet_table(t, p.heat));
            docx = docx.add_paragraph(Paragraph::new());
        }
    }
    pack(docx)
}

fn borders() -> TableBorders {
    let mut b = TableBorders::new();
    for pos in [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        b = b.set(
            TableBorder::new(pos)
                .border_type(BorderType::Single)
                .size(4)
                .color(BORDER),
        );
    }
    b
}

/// One cell: its text in a paragraph, aligned, optionally bold and shaded.
fn cell(text: &str, width: usize, size: usize, align: AlignmentType) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(Paragraph::new().align(align).add_run(text_run(text, size)))
}

fn shade(fill: &str) -> Shading {
    Shading::new()
        .shd_type(ShdType::Clear)
        .color("auto")
        .fill(fill)
}

/// Column widths that fill the page's width. Each column first gets room
/// for its text up to [`SHORT`] characters (a rank, an id, a number never
/// wraps); the columns of longer text (names, lists) share the rest in
/// proportion to their length. Text `size` in half-points.
fn widths(s: &Sheet, size: usize) -> Vec<usize> {
    /// The width of text a column is always given, in narrow characters.
    const SHORT: usize = 12;
    /// A cell's left and right margins ([`CELL_MARGIN`]) with slack, in
    /// twips.
    const PADDING: usize = 2 * CELL_MARGIN + 120;
    // A narrow character is about half the text's size: size × 5 twips.
    let unit = size * 5;
    let columns = s.headers.len().max(1);
    let natural: Vec<usize> = (0..columns)
        .map(|c| {
            let header = s.headers.get(c).map_or(0, |h| h.width());
            let cells = s
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.shown().width())
                .max()
                .unwrap_or(0);
            // A header wraps rather than widen a column of numbers, but
            // not inside a word (Chinese wraps between any characters).
            let word = s.headers.get(c).map_or(0, |h| {
                h.split(|ch: char| ch.is_whitespace() || !ch.is_ascii())
                    .map(str::len)
                    .max()
                    .unwrap_or(0)
            });
            cells.max(header.min(cells.max(6))).max(word).clamp(2, 60)
        })
        .collect();
    let base: Vec<usize> = natural
        .iter()
        .map(|n| n.min(&SHORT) * unit + PADDING)
        .collect();
    let base_total: usize = base.iter().sum();
    if base_total >= CONTENT {
        return base.iter().map(|b| CONTENT * b / base_total).collect();
    }
    let extra: Vec<usize> = natural.iter().map(|n| n.saturating_sub(SHORT)).collect();
    let extra_total: usize = extra.iter().sum();
    let room = CONTENT - base_total;
    base.iter()
        .zip(&extra)
        .map(|(b, e)| {
            (room * e)
                .checked_div(extra_total)
                .map_or(CONTENT * b / base_total, |more| b + more)
        })
        .collect()
}

/// A sheet as a Word table: a bold, shaded header row repeated on every
/// page, numbers right-aligned, 红榜/黑榜 rows shaded as in HTML, and in
/// a heat table each percentage shaded by its value.
fn sheet_table(s: &Sheet, heat_table: bool) -> Table {
    let size = if heat_table { HEAT } else { TABLE };
    let widths = widths(s, size);
    let width = |c: usize| widths.get(c).copied().unwrap_or(0);
    let header = TableRow::new(
        s.headers
            .iter()
            .enumerate()
            .map(|(c, h)| {
                let mut cell = TableCell::new()
                    .width(width(c), WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .shading(shade(HEADER_FILL));
                let mut run = text_run(h, size);
                if !heat_table {
                    run = run.bold();
                }
                cell =
                    cell.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run));
                cell
            })
            .collect(),
    )
    .cant_split()
    .row_height(0.0);
    let mut rows = vec![header];
    for (i, row) in s.rows.iter().enumerate() {
        let band = match s.bands.get(i).copied().flatten() {
            Some(Band::Red) => Some("FDE0DC"),
            Some(Band::Black) => Some("D9D9D9"),
            None => None,
        };
        let cells = row
            .iter()
            .enumerate()
            .map(|(c, v)| {
                let text = v.shown();
                match v {
                    Cell::Percent { value, .. } if heat_table => {
                        cell(&text, width(c), size, AlignmentType::Center)
                            .shading(shade(&hex(&heat(*value))))
                    }
                    _ => {
                        let align = if s.numeric.contains(&c) {
                            AlignmentType::Right
                        } else {
                            AlignmentType::Left
                        };
                        let cell = cell(&text, width(c), size, align);
                        match band {
                            Some(fill) => cell.shading(shade(fill)),
                            None => cell,
                        }
                    }
                }
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    Table::new(rows)
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(CONTENT, WidthType::Dxa)
        .set_borders(borders())
        .margins(TableCellMargins::new().margin(20, CELL_MARGIN, 20, CELL_MARGIN))
}

/// A bar of `value` out of `max` as block characters, to an eighth of a
/// block.
fn bar(value: Decimal, max: Decimal) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    if max <= Decimal::ZERO {
        return String::new();
    }
    let eighths = (value.max(Decimal::ZERO).min(max) / max * Decimal::from(BAR_BLOCKS * 8))
        .round()
        .to_usize()
        .unwrap_or(0);
    let mut out = "█".repeat(eighths / 8);
    out.push_str(PARTS.get(eighths % 8).copied().unwrap_or(""));
    out
}

/// A bar chart as a table: label, the bar in its band's colour, value.
fn chart_table(chart: &BarChart) -> Table {
    let label_width = chart
        .bars
        .iter()
        .map(|b| b.label.width())
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    // Label and value columns by their text (about 100 twips a column of
    // 9-point text), the bar the rest.
    let label = label_width * 100 + 200;
    let value = 1_100;
    let bar_width = CONTENT.saturating_sub(label + value);
    let rows = chart
        .bars
        .iter()
        .map(|b| {
            let colour = hex(b.fill.colour());
            TableRow::new(vec![
                cell(&b.label, label, TABLE, AlignmentType::Left),
                TableCell::new()
                    .width(bar_width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(
                        Paragraph::new().add_run(
                            Run::new()
                                .add_text(bar(b.value, chart.max))
                                .size(TABLE)
                                .fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial"))
                                .color(colour),
                        ),
                    ),
                cell(&b.text, value, TABLE, AlignmentType::Right),
            ])
            .cant_split()
        })
        .collect();
    Table::new(rows)
        .set_grid(vec![label, bar_width, value])
        .layout(TableLayoutType::Fixed)
        .width(CONTENT, WidthType::Dxa)
        .set_borders(borders())
        .margins(TableCellMargins::new().margin(20, CELL_MARGIN, 20, CELL_MARGIN))
}

#[cfg(test)]
mod tests {
    use super::bar;
    use rust_decimal::Decimal;

    #[test]
    fn bars_are_drawn_to_an_eighth_of_a_block() {
        let d = |v: i64| Decimal::from(v);
        assert_eq!(bar(d(100), d(100)), "█".repeat(40));
        assert_eq!(bar(d(50), d(100)), "█".repeat(20));
        assert_eq!(bar(d(0), d(100)), "");
        assert_eq!(bar(d(120), d(100)), "█".repeat(40));
        assert_eq!(bar(d(1), d(0)), "");
        // 40 blocks × 8 = 320 eighths; 26 % of it is 83.2 → 83 = 10 blocks and 3/8.
        assert_eq!(bar(d(26), d(100)), format!("{}▍", "█".repeat(10)));
    }
}
