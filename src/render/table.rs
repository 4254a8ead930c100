//! Terminal tables (comfy-table), one per sheet. Control characters from
//! the data (an escape sequence in a district's name, say) are shown escaped,
//! as diagnostics show them, so that they cannot restyle the terminal.
//!
//! With a width ([`Style::width`], from `--width` or the terminal), a sheet
//! is laid out in the first of these that fits: the table as it is; the
//! table with its text columns wrapped (numbers are never split); each row
//! as a small `column │ value` table of its own. Titles and lead lines
//! wrap too. Without a width (files, pipes) nothing wraps.

use std::fmt::Write as _;

use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
    presets,
};
use unicode_width::UnicodeWidthStr as _;

use super::{Sheet, Style};
use crate::diag::escaped;
use crate::i18n::Label as L;
use crate::report::score::Band;

/// A wrapped text column keeps at least this many display columns (five
/// Chinese characters), or its whole content when that is narrower.
const MIN_TEXT_WIDTH: usize = 8;

/// The narrowest a number column gets: its heading wraps two Chinese
/// characters a line.
const MIN_NUMBER_WIDTH: usize = 4;

pub fn render(sheets: &[Sheet], style: Style) -> String {
    let mut out = String::new();
    for (i, s) in sheets.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for line in wrap(&escaped(&s.title), "", style.width) {
            let _ = writeln!(out, "{line}");
        }
        for l in &s.lead {
            for line in wrap(&escaped(l), "  ", style.width) {
                let _ = writeln!(out, "{line}");
            }
        }
        if s.headers.is_empty() {
            continue;
        }
        if s.rows.is_empty() {
            for line in wrap(&escaped(&s.empty_line(style.lang)), "  ", style.width) {
                let _ = writeln!(out, "{line}");
            }
            continue;
        }
        out.push_str(&fitted(s, style));
    }
    out
}

/// How a sheet's rows are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// One table, every cell on one line.
    Natural,
    /// One table fitted into the width: the columns empty in every row left
    /// out, the text columns wrapped.
    Wrapped(usize),
    /// Each row as a table of (column, value) lines, fitted into the
    /// width, the columns empty in every row left out.
    Records(usize),
}

/// The sheet's table (with its trailing newline) in the first layout that
/// fits the width.
fn fitted(s: &Sheet, style: Style) -> String {
    let Some(width) = style.width else {
        return laid_out(s, style, Layout::Natural, style.color);
    };
    for layout in [Layout::Natural, Layout::Wrapped(width)] {
        // Measured without color, whose escapes take no columns.
        let plain = laid_out(s, style, layout, false);
        if fits(&plain, width) {
            return if style.color {
                laid_out(s, style, layout, true)
            } else {
                plain
            };
        }
    }
    laid_out(s, style, Layout::Records(width), style.color)
}

/// Whether every line is at most `width` display columns wide.
fn fits(text: &str, width: usize) -> bool {
    text.lines().all(|l| l.width() <= width)
}

fn laid_out(s: &Sheet, style: Style, layout: Layout, color: bool) -> String {
    let band_column = band_column(s, style);
    let columns: Vec<usize> = (0..s.headers.len())
        .filter(|&c| layout == Layout::Natural || !empty_column(s, c))
        .collect();
    let cell = |r: usize, c: usize| {
        let text = s.rows[r].get(c).map(|cell| escaped(&cell.shown()));
        let band = (Some(c) == band_column).then(|| band_of(s, r)).flatten();
        painted(Cell::new(text.unwrap_or_default()), band)
    };
    let mut out = String::new();
    match layout {
        Layout::Natural | Layout::Wrapped(_) => {
            let mut t = new_table(style, color);
            t.set_header(columns.iter().map(|&c| escaped(&s.headers[c])));
            for r in 0..s.rows.len() {
                t.add_row(columns.iter().map(|&c| cell(r, c)));
            }
            let numeric: Vec<usize> = (0..columns.len())
                .filter(|i| s.numeric.contains(&columns[*i]))
                .collect();
            for &i in &numeric {
                if let Some(col) = t.column_mut(i) {
                    col.set_cell_alignment(CellAlignment::Right);
                }
            }
            if let Layout::Wrapped(width) = layout
                && let Some(widths) = fitted_widths(&t, width, &numeric)
            {
                fix(&mut t, width, &widths);
            }
            let _ = writeln!(out, "{t}");
        }
        Layout::Records(width) => {
            let record = |r: usize| {
                let mut t = new_table(style, color);
                for &c in &columns {
                    t.add_row([Cell::new(escaped(&s.headers[c])), cell(r, c)]);
                }
                t
            };
            // Every record as wide as the widest needs, within the width.
            let mut all = new_table(style, false);
            for r in 0..s.rows.len() {
                all.add_rows(record(r).row_iter().cloned());
            }
            let widths = fitted_widths(&all, width, &[]);
            for r in 0..s.rows.len() {
                let mut t = record(r);
                if let Some(widths) = &widths {
                    fix(&mut t, width, widths);
                }
                let _ = writeln!(out, "{t}");
            }
        }
    }
    out
}

/// Whether column `c` is empty in every row.
fn empty_column(s: &Sheet, c: usize) -> bool {
    s.rows
        .iter()
        .all(|r| r.get(c).is_none_or(|cell| cell.shown().is_empty()))
}

/// An empty table in the style's borders, styled only when `color`
/// (comfy-table would otherwise decide by itself whether stdout is a
/// terminal).
fn new_table(style: Style, color: bool) -> Table {
    let mut t = Table::new();
    t.load_style(if style.ascii {
        presets::ASCII_FULL_CONDENSED
    } else {
        presets::UTF8_FULL_CONDENSED
    });
    t.force_no_tty();
    if color {
        t.enforce_styling();
    }
    t.set_content_arrangement(ContentArrangement::Disabled);
    t
}

/// The content widths that fit a table into `width` display columns,
/// when some do: text wraps, down to [`MIN_TEXT_WIDTH`]; the `numeric`
/// columns keep the width of their figures (their headings may wrap, down
/// to [`MIN_NUMBER_WIDTH`]).
fn fitted_widths(t: &Table, width: usize, numeric: &[usize]) -> Option<Vec<usize>> {
    let full: Vec<usize> = t
        .column_max_content_widths()
        .into_iter()
        .map(usize::from)
        .collect();
    let least: Vec<usize> = full
        .iter()
        .enumerate()
        .map(|(c, &full)| {
            if numeric.contains(&c) {
                let figures = t.column_cells_iter(c).flatten();
                let figures = figures.map(|cell| cell.content().width()).max();
                figures.unwrap_or(0).max(MIN_NUMBER_WIDTH).min(full)
            } else {
                full.min(MIN_TEXT_WIDTH)
            }
        })
        .collect();
    // Each column: its padding and a border on its left; one more border.
    let chrome: usize = t
        .column_iter()
        .map(|c| usize::from(c.padding_width()) + 1)
        .sum();
    shares(&full, &least, width.saturating_sub(chrome + 1))
}

/// Give a table's columns these content widths (its text wraps to them).
fn fix(t: &mut Table, width: usize, widths: &[usize]) {
    for (c, &w) in widths.iter().enumerate() {
        if let Some(col) = t.column_mut(c) {
            // comfy-table's constraints count the padding in.
            let w = u16::try_from(w)
                .unwrap_or(u16::MAX)
                .saturating_add(col.padding_width());
            col.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
        }
    }
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
}

/// Content widths for columns that need `full` and make do with `least`,
/// within `room`: every column gets the same share, capped at its need and
/// raised to its least (water-filling), so that short columns stay whole
/// and long ones share what is left. `None` when even the least widths do
/// not fit.
fn shares(full: &[usize], least: &[usize], room: usize) -> Option<Vec<usize>> {
    let at = |level: usize| -> Vec<usize> {
        full.iter()
            .zip(least)
            .map(|(&f, &l)| level.min(f).max(l))
            .collect()
    };
    if least.iter().sum::<usize>() > room {
        return None;
    }
    let top = full.iter().copied().max().unwrap_or(0);
    let level = (0..=top)
        .take_while(|&level| at(level).iter().sum::<usize>() <= room)
        .last()
        .unwrap_or(0);
    Some(at(level))
}

/// The column that holds the 红黑榜 band word, when the sheet has bands.
fn band_column(s: &Sheet, style: Style) -> Option<usize> {
    if s.bands.iter().all(Option::is_none) {
        return None;
    }
    let head = L::Band.text(style.lang);
    s.headers.iter().position(|h| h == head)
}

fn band_of(s: &Sheet, row: usize) -> Option<Band> {
    s.bands.get(row).copied().flatten()
}

/// A band cell in its color: 红榜 (the good list) green, 黑榜 red.
fn painted(cell: Cell, band: Option<Band>) -> Cell {
    match band {
        Some(Band::Red) => cell.fg(Color::Green).add_attribute(Attribute::Bold),
        Some(Band::Black) => cell.fg(Color::Red).add_attribute(Attribute::Bold),
        None => cell,
    }
}

/// A line of text after `indent`, broken into lines of at most `width`
/// display columns as [`super::wrap::wrap_line`] breaks them; unchanged
/// when there is no width.
fn wrap(text: &str, indent: &str, width: Option<usize>) -> Vec<String> {
    let line = format!("{indent}{text}");
    match width {
        Some(width) => super::wrap::wrap_line(&line, width, indent.width(), true),
        None => vec![line],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_spaces_or_between_characters() {
        assert_eq!(wrap("a b c", "", None), ["a b c"]);
        assert_eq!(wrap("aaa bbb ccc", "", Some(7)), ["aaa bbb", "ccc"]);
        assert_eq!(
            wrap("全市得分九十分", "  ", Some(8)),
            ["  全市得", "  分九十", "  分"]
        );
        for line in wrap("全市得分：86.50（目标 90.00，差 3.50）", "  ", Some(20)) {
            assert!(line.width() <= 20, "{line}");
        }
    }

    #[test]
    fn columns_share_the_room_short_ones_whole() {
        // Two short columns stay whole; the two long ones share the rest.
        assert_eq!(
            shares(&[4, 30, 6, 20], &[4, 8, 6, 8], 40),
            Some(vec![4, 15, 6, 15])
        );
        assert_eq!(shares(&[4, 30], &[4, 8], 11), None);
        assert_eq!(shares(&[4, 30], &[4, 8], 100), Some(vec![4, 30]));
    }

    #[test]
    fn chinese_text_counts_two_columns_in_a_table() {
        let mut t = new_table(Style::default(), false);
        t.set_header(["区县", "说明"]);
        t.add_row(["梁园区", "城市道路两侧无乱堆乱放、无占道经营和违章搭建"]);
        let widths = fitted_widths(&t, 30, &[]).expect("fits");
        fix(&mut t, 30, &widths);
        let text = t.to_string();
        assert!(fits(&text, 30), "{text}");
        assert!(text.lines().any(|l| l.width() >= 28), "{text}");
    }
}
