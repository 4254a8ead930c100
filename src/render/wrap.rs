//! Line breaking for terminals, one rule for the help and the reports:
//! at spaces and between wide (Chinese) characters, never before closing
//! or after opening punctuation, widths counted as terminals show them.

use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// Break `line` into lines of at most `width` display columns; a continued
/// line starts with `indent` spaces. A run with no place to break is cut
/// where it must when `hard` (a table's lead lines must fit), else kept
/// whole (a long option name in the help).
#[must_use]
pub fn wrap_line(line: &str, width: usize, indent: usize, hard: bool) -> Vec<String> {
    if line.width() <= width {
        return vec![line.trim_end().to_string()];
    }
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0; // where the current output line starts in `line`
    let mut column = 0; // its width so far, the indent included
    // The last place to break: the end of this line, the start of the next.
    let mut last_break: Option<(usize, usize)> = None;
    let mut prev: Option<char> = None;
    for (at, c) in line.char_indices() {
        if column > indent
            && let Some(p) = prev
        {
            if c == ' ' {
                last_break = Some((at, at + 1));
            } else if p != ' ' && (is_wide(p) || is_wide(c)) && !closes(c) && !opens(p) {
                last_break = Some((at, at));
            }
        }
        let w = c.width().unwrap_or(0);
        let forced = (hard && column > indent && at > start).then_some((at, at));
        if column + w > width
            && let Some((end, next)) = last_break.take().or(forced)
        {
            current.push_str(line[start..end].trim_end());
            out.push(std::mem::replace(&mut current, pad.clone()));
            prev = Some(c);
            if next > at {
                // The break is at this space: it ends the line.
                start = next;
                column = indent;
                continue;
            }
            start = next;
            column = indent + line[start..at].width();
        }
        column += w;
        prev = Some(c);
    }
    current.push_str(line[start..].trim_end());
    out.push(current);
    out
}

fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// Punctuation a line must not start with.
fn closes(c: char) -> bool {
    "，。、；：？！）」』”’》】…,.;:!?)]}".contains(c)
}

/// Punctuation a line must not end with.
fn opens(c: char) -> bool {
    "（「『“‘《【([{".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_at_spaces_and_between_chinese_characters_not_at_punctuation() {
        assert_eq!(wrap_line("aaa bbb ccc", 7, 0, true), ["aaa bbb", "ccc"]);
        assert_eq!(
            wrap_line("  全市得分九十分", 8, 2, true),
            ["  全市得", "  分九十", "  分"]
        );
        // Not before a closing mark, not after an opening one.
        assert_eq!(wrap_line("甲乙丙丁。戊", 9, 0, true), ["甲乙丙", "丁。戊"]);
        assert_eq!(wrap_line("甲乙丙（丁）", 10, 0, true), ["甲乙丙", "（丁）"]);
        for line in wrap_line("  全市得分：86.50（目标 90.00，差 3.50）", 20, 2, true) {
            assert!(line.width() <= 20, "{line}");
        }
    }

    #[test]
    fn a_run_without_a_break_is_cut_only_when_hard() {
        assert_eq!(wrap_line("abcdefgh", 4, 0, false), ["abcdefgh"]);
        assert_eq!(wrap_line("abcdefgh", 4, 0, true), ["abcd", "efgh"]);
        assert_eq!(wrap_line("  abcdefgh", 6, 2, true), ["  abcd", "  efgh"]);
    }
}
