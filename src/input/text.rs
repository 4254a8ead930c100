//! Cell text as inspectors type it: trimming, full-width → half-width,
//! result words, integers and dates.

use std::borrow::Cow;

use crate::standard::is_odd_space;

/// Trim and fold full-width ASCII (Ａ１．０１) to its half-width forms, and
/// every other space (the ideographic and the no-break space, ...: see
/// [`is_odd_space`]) to an ordinary one. Borrows when nothing changes.
#[must_use]
pub fn normalize(s: &str) -> Cow<'_, str> {
    // Fast path: no byte that can start a full-width form (EF), the
    // ideographic space (E3), or another Unicode space (C2, E1, E2).
    let special = s.bytes().fold(false, |acc, b| {
        acc | matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef)
    });
    if !special {
        return Cow::Borrowed(s.trim_ascii());
    }
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}');
    if t.is_ascii() || !t.chars().any(is_wide) {
        return Cow::Borrowed(t);
    }
    let folded: String = t.chars().map(fold).collect();
    match folded.trim() {
        f if f.len() == folded.len() => Cow::Owned(folded),
        f => Cow::Owned(f.to_string()),
    }
}

fn is_wide(c: char) -> bool {
    matches!(c, '\u{ff01}'..='\u{ff5e}') || is_odd_space(c)
}

fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        c if is_odd_space(c) => ' ',
        _ => c,
    }
}

/// A header cell, normalised for matching: folded and lower-cased.
#[must_use]
pub fn header_key(s: &str) -> String {
    normalize(s).to_lowercase().replace([' ', '_', '-'], "")
}

/// What an inspector recorded for one observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Pass,
    Fail,
    Severe,
    NotApplicable,
    Unobservable,
}

/// The accepted result words, for error messages.
pub const RESULT_WORDS: &str = "合格/pass/是/√/✓/y/1; 不合格/fail/否/×/✗/n/0; 严重不合格/severe; 不适用/na/-; 无法调查/拒访/unobservable";

/// Parse a (normalised) result word.
#[must_use]
pub fn outcome(word: &str) -> Option<Outcome> {
    Some(match word {
        "合格" | "是" | "√" | "✓" | "✔" | "1" => Outcome::Pass,
        "不合格" | "否" | "×" | "✗" | "✘" | "0" => Outcome::Fail,
        "严重不合格" => Outcome::Severe,
        "不适用" | "-" | "—" | "/" => Outcome::NotApplicable,
        "无法调查" | "拒访" => Outcome::Unobservable,
        w if w.eq_ignore_ascii_case("pass") || w.eq_ignore_ascii_case("y") => Outcome::Pass,
        w if w.eq_ignore_ascii_case("fail") || w.eq_ignore_ascii_case("n") => Outcome::Fail,
        w if w.eq_ignore_ascii_case("severe") => Outcome::Severe,
        w if w.eq_ignore_ascii_case("na") || w.eq_ignore_ascii_case("n/a") => {
            Outcome::NotApplicable
        }
        w if w.eq_ignore_ascii_case("unobservable") => Outcome::Unobservable,
        _ => return None,
    })
}

/// The common result words, as bytes exactly as written; `None` for
/// anything else (which then goes through [`outcome`]).
#[must_use]
pub fn outcome_bytes(word: &[u8]) -> Option<Outcome> {
    const PASS: &[u8] = "合格".as_bytes();
    const FAIL: &[u8] = "不合格".as_bytes();
    const SEVERE: &[u8] = "严重不合格".as_bytes();
    const NA: &[u8] = "不适用".as_bytes();
    const UNOBSERVABLE: &[u8] = "无法调查".as_bytes();
    // Compared as arrays of a known length, which compile to a few integer
    // comparisons rather than calls to `memcmp`.
    fn is<const N: usize>(word: &[u8], known: &[u8]) -> bool {
        word.first_chunk::<N>() == known.first_chunk::<N>()
    }
    Some(match word.len() {
        6 if is::<6>(word, PASS) => Outcome::Pass,
        9 if is::<9>(word, FAIL) => Outcome::Fail,
        9 if is::<9>(word, NA) => Outcome::NotApplicable,
        12 if is::<12>(word, UNOBSERVABLE) => Outcome::Unobservable,
        15 if is::<15>(word, SEVERE) => Outcome::Severe,
        _ => return None,
    })
}

/// A row's 整改状态 (rectification status).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// 未整改
    Open,
    /// 整改中
    InProgress,
    /// 已整改
    Rectified,
}

/// The accepted status words, for error messages.
pub const STATUS_WORDS: &str =
    "未整改/open/unrectified; 整改中/in progress/rectifying; 已整改/rectified/fixed/done";

/// Parse a (normalised) status word.
#[must_use]
pub fn status(word: &str) -> Option<Status> {
    Some(match word {
        "未整改" | "待整改" => Status::Open,
        "整改中" => Status::InProgress,
        "已整改" | "整改完成" => Status::Rectified,
        w => {
            let w = w.to_ascii_lowercase().replace(['_', '-'], " ");
            match w.as_str() {
                "open" | "unrectified" | "not rectified" => Status::Open,
                "in progress" | "rectifying" => Status::InProgress,
                "rectified" | "fixed" | "done" => Status::Rectified,
                _ => return None,
            }
        }
    })
}

/// The status words as bytes exactly as written; `None` for anything else
/// (which then goes through [`status`]).
#[must_use]
pub fn status_bytes(word: &[u8]) -> Option<Status> {
    match word {
        w if w == "未整改".as_bytes() => Some(Status::Open),
        w if w == "整改中".as_bytes() => Some(Status::InProgress),
        w if w == "已整改".as_bytes() => Some(Status::Rectified),
        _ => None,
    }
}

/// A non-negative integer cell (`3`, `３`, `3.0` from Excel).
#[must_use]
pub fn count(s: &str) -> Option<u32> {
    let s = s.strip_suffix(".0").unwrap_or(s);
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A date as `YYYYMMDD` (sortable, hashable). Accepts 2024-03-05, 2024/3/5,
/// 2024.3.5 and 2024年3月5日, optionally followed by a time of day.
#[must_use]
pub fn date(s: &str) -> Option<u32> {
    let bytes = s.as_bytes();
    // Fast path: YYYY-MM-DD.
    if bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        let digits = |range: std::ops::Range<usize>| {
            bytes[range].iter().try_fold(0u32, |acc, &ch| {
                ch.is_ascii_digit().then(|| acc * 10 + u32::from(ch - b'0'))
            })
        };
        if let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return valid_date(year, month, day);
        }
    }
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    let s = s.strip_suffix('日').unwrap_or(s);
    let mut parts = s.split(['-', '/', '.', '年', '月']);
    let y: u32 = num(parts.next()?, 4)?;
    let m: u32 = num(parts.next()?, 2)?;
    let d: u32 = num(parts.next()?, 2)?;
    if parts.next().is_some() {
        return None;
    }
    valid_date(y, m, d)
}

fn valid_date(y: u32, m: u32, d: u32) -> Option<u32> {
    if !(1900..=2999).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d).then_some(y * 10_000 + m * 100 + d)
}

fn num(s: &str, max_len: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(normalize(" Ａ１．０１ "), "A1.01");
        assert_eq!(normalize("\u{3000}合格\u{3000}"), "合格");
        assert_eq!(normalize("东\u{a0}区"), "东 区");
        assert_eq!(normalize("东\u{3000}区"), "东 区");
        assert_eq!(normalize("东\u{2009}区\u{202f}"), "东 区");
        assert_eq!(normalize("\u{1680}东区"), "东区");
        assert!(matches!(normalize("梁园区"), Cow::Borrowed(_)));
        assert_eq!(header_key(" Point_Type "), "pointtype");
    }

    #[test]
    fn common_result_words_as_bytes() {
        for (word, want) in [
            ("合格", Outcome::Pass),
            ("不合格", Outcome::Fail),
            ("严重不合格", Outcome::Severe),
            ("不适用", Outcome::NotApplicable),
            ("无法调查", Outcome::Unobservable),
        ] {
            let b = word.as_bytes();
            assert_eq!(outcome_bytes(b), Some(want), "{word}");
            assert_eq!(outcome(word), Some(want), "{word}");
            assert_eq!(outcome_bytes(&b[..b.len() - 1]), None, "{word}");
            assert_eq!(outcome_bytes(&b[1..]), None, "{word}");
            assert_eq!(outcome_bytes(&[b, b"x"].concat()), None, "{word}");
        }
        assert_eq!(outcome_bytes("不合適".as_bytes()), None);
    }

    #[test]
    fn dates_in_every_spelling_are_the_same_day() {
        let d = Some(20_240_305);
        assert_eq!(date("2024-03-05"), d);
        assert_eq!(date("2024/3/5"), d);
        assert_eq!(date("2024年3月5日"), d);
        assert_eq!(date("2024.3.5"), d);
        assert_eq!(date("2024-03-05 00:00:00"), d);
        assert_eq!(date("2024-02-30"), None);
        assert_eq!(date("2024-13-01"), None);
        assert_eq!(date("5/3/2024"), None);
        assert_eq!(date("2024-2-29"), Some(20_240_229));
        assert_eq!(date("2023-2-29"), None);
    }

    #[test]
    fn result_words() {
        assert_eq!(outcome("PASS"), Some(Outcome::Pass));
        assert_eq!(outcome("√"), Some(Outcome::Pass));
        assert_eq!(outcome("×"), Some(Outcome::Fail));
        assert_eq!(outcome("拒访"), Some(Outcome::Unobservable));
        assert_eq!(outcome("还行"), None);
    }

    #[test]
    fn counts() {
        assert_eq!(count("3"), Some(3));
        assert_eq!(count("3.0"), Some(3));
        assert_eq!(count("-1"), None);
        assert_eq!(count("1.5"), None);
    }
}
