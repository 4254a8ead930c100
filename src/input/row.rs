//! One CSV record → one [`Obs`], or every problem with the row, each naming
//! its column.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHasher};

use super::columns::{Columns, Field};
use super::records::Fields;
use super::text::{self, Outcome, normalize};
use super::{Checker, Loc, Obs, Row, Status, Texts};
use crate::i18n::Msg;
use crate::standard::{Entry, Rule, RuleKind, closest, code_point, format_char};

/// A problem with one row: the column it is in, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub column: Option<usize>,
    pub msg: Msg,
}

/// A warning that does not reject the row: a point type the criterion is not
/// checked at.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PointTypeNote {
    pub criterion: usize,
    pub point_type: String,
}

struct Cells<'a, 'e> {
    rec: Fields<'a>,
    cols: &'a Columns,
    transcoded: bool,
    errors: &'e mut Vec<RowError>,
}

impl<'a> Cells<'a, '_> {
    /// The trimmed, width-folded cell of a field; `None` when the column is
    /// absent or the cell empty (or not decodable, or holding an invisible
    /// format character, which is reported).
    fn get(&mut self, f: Field) -> Option<Cow<'a, str>> {
        let i = self.cols.get(f)?;
        let raw = self.rec.get(i)?;
        if raw.is_empty() {
            return None;
        }
        let Ok(s) = std::str::from_utf8(raw) else {
            self.error(i, Msg::Undecodable);
            return None;
        };
        if self.transcoded && s.contains('\u{fffd}') {
            self.error(i, Msg::Undecodable);
            return None;
        }
        let n = normalize(s);
        // An invisible format character would make a second "东区" (a BOM at
        // either end is trimmed by `normalize`, as at the start of a file).
        if let Some(f) = format_char(&n) {
            self.error(
                i,
                Msg::FormatChar {
                    code: code_point(f),
                },
            );
            return None;
        }
        (!n.is_empty()).then_some(n)
    }

    /// The raw bytes of a field's cell, if the column exists.
    fn raw(&self, f: Field) -> Option<&'a [u8]> {
        self.rec.get(self.cols.get(f)?)
    }

    fn required(&mut self, f: Field) -> Option<Cow<'a, str>> {
        let v = self.get(f);
        if v.is_none()
            && let Some(i) = self.cols.get(f)
            && !self.errors.iter().any(|e| e.column == Some(i))
        {
            self.error(i, Msg::EmptyCell);
        }
        v
    }

    fn error(&mut self, column: usize, msg: Msg) {
        self.errors.push(RowError {
            column: Some(column),
            msg,
        });
    }

    fn col(&self, f: Field) -> usize {
        self.cols.get(f).unwrap_or(0)
    }
}

/// Parse one record. Problems go to `errors` (all of them, not just the
/// first); a row with any problem yields `None`. A point type outside the
/// criterion's list is returned as a note.
#[allow(
    clippy::too_many_arguments,
    reason = "the reader's state, passed apart for the borrows"
)]
pub fn parse<'a>(
    rec: &'a Fields<'a>,
    cols: &'a Columns,
    ck: &'a Checker<'_>,
    transcoded: bool,
    memo: &'a mut Memo,
    errors: &mut Vec<RowError>,
    note: &mut Option<PointTypeNote>,
    loc: Loc,
) -> Option<Obs<'a>> {
    if rec.len() != cols.names.len() {
        errors.push(RowError {
            column: None,
            msg: Msg::FieldCount {
                found: rec.len(),
                expected: cols.names.len(),
            },
        });
        return None;
    }
    let st = ck.standard;
    let mut c = Cells {
        rec: *rec,
        cols,
        transcoded,
        errors,
    };
    // Fast paths: an id or a result word written exactly as in the standard
    // needs no decoding or width folding.
    let quick_target = c
        .raw(Field::Criterion)
        .and_then(|b| st.entry_bytes(b.trim_ascii()))
        .filter(|e| !matches!(e, Entry::Group(_)));
    let quick_outcome = c
        .raw(Field::Result)
        .and_then(|b| text::outcome_bytes(b.trim_ascii()));
    let target = if quick_target.is_some() {
        quick_target
    } else {
        c.required(Field::Criterion).and_then(|id| {
            // A group's id names no criterion: an error like any unknown id.
            let e = st.entry(&id).filter(|e| !matches!(e, Entry::Group(_)));
            if e.is_none() {
                let ids = ck.criterion_ids();
                let col = c.col(Field::Criterion);
                c.error(
                    col,
                    Msg::UnknownCriterion {
                        id: id.to_string(),
                        suggestion: closest(&id, ids),
                    },
                );
            }
            e
        })
    };
    let outcome = if quick_outcome.is_some() {
        quick_outcome
    } else {
        c.get(Field::Result).and_then(|w| {
            let o = text::outcome(&w);
            if o.is_none() {
                let col = c.col(Field::Result);
                c.error(
                    col,
                    Msg::UnknownResult {
                        word: w.into_owned(),
                    },
                );
            }
            o
        })
    };
    let result_bad = c
        .cols
        .get(Field::Result)
        .is_some_and(|i| c.errors.iter().any(|e| e.column == Some(i)));
    let problems = c.get(Field::Problems).and_then(|p| {
        let n = text::count(&p);
        if n.is_none() {
            let col = c.col(Field::Problems);
            c.error(
                col,
                Msg::BadProblems {
                    value: p.into_owned(),
                },
            );
        }
        n
    });
    let status = c.get(Field::Status).and_then(|w| {
        let s = text::status(&w);
        if s.is_none() {
            let col = c.col(Field::Status);
            c.error(
                col,
                Msg::UnknownStatus {
                    word: w.into_owned(),
                },
            );
        }
        s
    });
    memo.refresh(&mut c, ck);
    let count_cell = c.get(Field::Count);
    let value_cell = c.get(Field::Value);

    let mut row = Row {
        outcome,
        problems,
        count: None,
        points: None,
    };
    let skip = matches!(
        outcome,
        Some(Outcome::NotApplicable | Outcome::Unobservable)
    );
    let result_col = c
        .cols
        .get(Field::Result)
        .or(c.cols.get(Field::Criterion))
        .unwrap_or(0);
    match target {
        Some(Entry::Criterion(ci)) => {
            let crit = &st.criteria[ci];
            // A point cell already reported (undecodable, or with an
            // invisible character) is not also missing.
            let point_bad = c
                .cols
                .get(Field::Point)
                .is_some_and(|i| c.errors.iter().any(|e| e.column == Some(i)));
            if crit.field && memo.text(Field::Point).is_none() && !point_bad {
                let col = c.cols.get(Field::Point).unwrap_or(result_col);
                c.error(
                    col,
                    Msg::NoPoint {
                        id: crit.id.clone(),
                    },
                );
            }
            if let Some(pt) = memo.text(Field::PointType)
                && !crit.point_types.is_empty()
                && !crit.checked_at(memo.point_type)
            {
                *note = Some(PointTypeNote {
                    criterion: ci,
                    point_type: pt.to_string(),
                });
            }
            match &crit.rule {
                Rule::Quota { required, .. } => match count_cell {
                    Some(v) => {
                        row.count = text::count(&v);
                        if row.count.is_none() {
                            let col = c.col(Field::Count);
                            c.error(
                                col,
                                Msg::BadCount {
                                    value: v.into_owned(),
                                },
                            );
                        }
                    }
                    None if !skip => {
                        let col = c.cols.get(Field::Count).unwrap_or(result_col);
                        c.error(
                            col,
                            Msg::CountMissing {
                                id: crit.id.clone(),
                                required: *required,
                            },
                        );
                    }
                    None => {}
                },
                Rule::Graded { grades } => match value_cell {
                    Some(v) => {
                        let letter = grades.iter().find(|(k, _)| k.eq_ignore_ascii_case(&v));
                        let points = match letter {
                            Some((_, f)) => Some(*f * crit.score),
                            None => v
                                .parse::<Decimal>()
                                .ok()
                                .filter(|p| *p >= Decimal::ZERO && *p <= crit.score),
                        };
                        if points.is_none() {
                            let col = c.col(Field::Value);
                            c.error(
                                col,
                                Msg::BadValue {
                                    value: v.into_owned(),
                                    max: crit.score.normalize().to_string(),
                                    grades: grades.iter().map(|(k, _)| k.clone()).collect(),
                                },
                            );
                        }
                        row.points = points;
                    }
                    None if outcome.is_none() && !result_bad => {
                        let col = c.cols.get(Field::Value).unwrap_or(result_col);
                        c.error(
                            col,
                            Msg::ValueMissing {
                                id: crit.id.clone(),
                            },
                        );
                    }
                    None => {}
                },
                Rule::Deduct { .. } => {
                    if outcome.is_none() && !result_bad {
                        c.error(result_col, Msg::ResultMissing);
                    }
                    if problems == Some(0)
                        && matches!(outcome, Some(Outcome::Fail | Outcome::Severe))
                    {
                        let col = c.col(Field::Problems);
                        c.error(col, Msg::FailWithoutProblems);
                    }
                }
                _ => {
                    if outcome.is_none() && !result_bad {
                        c.error(result_col, Msg::ResultMissing);
                    }
                }
            }
        }
        Some(_) if outcome.is_none() && !result_bad => c.error(result_col, Msg::ResultMissing),
        _ => {}
    }
    if !c.errors.is_empty() {
        return None;
    }
    let memo: &'a Memo = memo;
    memo.obs(target?, row, loc, status, Texts::of_record(rec, cols))
}

/// The common row, read without the general machinery of [`parse`]: every
/// repeated cell as in the row before (and valid there), a criterion id and
/// a result word written exactly as the standard and the result words have
/// them, problems and count (where the rule takes one) as plain numbers, no
/// value, and nothing to warn about. Such a row gives the same observation
/// as [`parse`] would; for any other row this returns `None` and [`parse`]
/// decides.
#[must_use]
pub fn quick<'m>(
    rec: &'m Fields<'m>,
    cols: &'m Columns,
    ck: &Checker<'_>,
    transcoded: bool,
    memo: &'m mut Memo,
    scratch: &mut Vec<RowError>,
    loc: Loc,
) -> Option<Obs<'m>> {
    if rec.len() != cols.names.len() {
        return None;
    }
    // An absent column reads as an empty cell.
    let cell = |f| match cols.get(f) {
        Some(i) => rec.get(i),
        None => Some(&[][..]),
    };
    let unchanged = memo.valid
        && match memo.span {
            // The repeated cells side by side: one comparison.
            Some((lo, hi)) => {
                memo.span_kept
                    && rec.span(lo, hi).is_some_and(|(bytes, mut ends)| {
                        // Two lines split on one delimiter, with the same
                        // bytes, have the same cells.
                        let split = rec.delimited_by().is_some()
                            && rec.delimited_by() == memo.span_delimited_by;
                        same(bytes, &memo.span_bytes)
                            && (split || memo.span_ends.iter().all(|&e| ends.next() == Some(e)))
                    })
            }
            None => memo
                .cells
                .iter()
                .zip(MEMO.iter())
                .all(|(m, &f)| cell(f).is_some_and(|c| same(&m.raw, c))),
        };
    if !unchanged {
        // A new visit: check the cells that changed, as `parse` would
        // (which checks them again, and says what is wrong, if any is).
        scratch.clear();
        let mut c = Cells {
            rec: *rec,
            cols,
            transcoded,
            errors: scratch,
        };
        memo.refresh(&mut c, ck);
        if !memo.valid {
            return None;
        }
    }
    let memo: &'m Memo = memo;
    let st = ck.standard;
    let Entry::Criterion(ci) = st.entry_bytes(cell(Field::Criterion)?.trim_ascii())? else {
        return None;
    };
    let result = cell(Field::Result)?;
    let outcome = match result {
        [] => None,
        word => Some(text::outcome_bytes(word.trim_ascii())?),
    };
    // A number as `parse` reads it (`None` when empty); anything else,
    // such as spaces or full-width digits, is left to `parse`.
    let number = |cell: &[u8]| match cell {
        [] => Some(None),
        c => text::count(std::str::from_utf8(c).ok()?).map(Some),
    };
    let problems = number(cell(Field::Problems)?)?;
    let count = number(cell(Field::Count)?)?;
    if !cell(Field::Value)?.is_empty() {
        return None;
    }
    let status = match cell(Field::Status)? {
        [] => None,
        word => Some(text::status_bytes(word.trim_ascii())?),
    };
    let hot = st.hot[ci];
    let failing = matches!(outcome, Some(Outcome::Fail | Outcome::Severe));
    let skip = matches!(
        outcome,
        Some(Outcome::NotApplicable | Outcome::Unobservable)
    );
    let fits = match hot.kind {
        RuleKind::Rate | RuleKind::All => outcome.is_some() && count.is_none(),
        RuleKind::Deduct => {
            outcome.is_some() && count.is_none() && !(failing && problems == Some(0))
        }
        RuleKind::Quota => count.is_some() || skip,
        RuleKind::Graded => false,
    };
    let has_point = !hot.field || memo.cells[POINT].present;
    let type_fits =
        !memo.cells[POINT_TYPE].present || hot.checked_at(&st.criteria[ci], memo.point_type);
    if !(fits && has_point && type_fits) {
        return None;
    }
    let count = match hot.kind {
        RuleKind::Quota => count,
        _ => None,
    };
    memo.obs(
        Entry::Criterion(ci),
        Row {
            outcome,
            problems,
            count,
            points: None,
        },
        loc,
        status,
        Texts::of_record(rec, cols),
    )
}

/// Allocates blocks of cell versions, unique across workers and passes; a
/// memo hands out the versions of its block without touching this shared
/// counter (which two threads would otherwise pass back and forth).
static NEXT_BLOCK: AtomicU64 = AtomicU64::new(0);

/// Versions in a block.
const BLOCK: u64 = 1 << 32;

/// A memo's source of versions: never 0, never twice the same in a run.
#[derive(Debug, Default)]
struct Versions {
    /// The next version, and the end of the block it is in.
    next: u64,
    end: u64,
}

impl Versions {
    fn next(&mut self) -> u64 {
        if self.next == self.end {
            let block = NEXT_BLOCK.fetch_add(1, Ordering::Relaxed) + 1;
            self.next = block.saturating_mul(BLOCK);
            self.end = self.next.saturating_add(BLOCK);
        }
        self.next += 1;
        self.next
    }
}

/// The cells that repeat from row to row, in this order.
const MEMO: [Field; 7] = [
    Field::Round,
    Field::Date,
    Field::District,
    Field::Street,
    Field::Point,
    Field::PointType,
    Field::Department,
];

/// Where [`MEMO`] keeps the point and the point type.
const POINT: usize = 4;
const POINT_TYPE: usize = 5;

/// The last row's round, date, district, street, point, point type and
/// department, as read and as checked. A cell with the same bytes as in the
/// row before is not checked again; consecutive rows mostly share them.
#[derive(Debug, Default)]
pub struct Memo {
    cells: [MemoCell; 7],
    /// Every cell was valid in the last row.
    valid: bool,
    /// The file the cells were read from (a cell's bytes are checked
    /// against its file's encoding).
    file: Option<usize>,
    /// Per cell, an id that changes whenever the cell does (see
    /// [`Obs::units`]).
    versions: [u64; 7],
    /// Where they come from (kept when the memo moves to another file).
    source: Versions,
    /// A hash of round, district, point and date (see [`Obs::visit`]).
    visit: u64,
    /// The point type's index in the standard.
    point_type: Option<usize>,
    /// The columns of the repeated cells, when they are side by side in
    /// the file (`lo..=hi`): then one comparison of `span_bytes` and
    /// `span_ends` tells whether they changed.
    span: Option<(usize, usize)>,
    span_bytes: Vec<u8>,
    span_ends: Vec<usize>,
    /// `span_bytes` and `span_ends` hold the cells as they are.
    span_kept: bool,
    /// The delimiter the line `span_bytes` came from was split on, if it
    /// was (see [`Fields::delimited_by`]).
    span_delimited_by: Option<u8>,
    /// Per cell, the valid values checked before, by their bytes: a point
    /// type, a district or a date comes back visit after visit, and is
    /// checked once (at most [`SEEN`] values a cell).
    seen: [FxHashMap<Box<[u8]>, Seen>; 7],
}

/// Values a cell of the memo remembers having checked.
const SEEN: usize = 4096;

/// A cell's value as checked, when it was valid.
#[derive(Debug)]
struct Seen {
    /// Its version (see [`Obs::units`]): the same whenever it comes back.
    version: u64,
    text: Option<Box<str>>,
    date: Option<u32>,
    point_type: Option<usize>,
}

#[derive(Debug, Default)]
struct MemoCell {
    ok: bool,
    raw: Vec<u8>,
    /// The checked text (reused buffer); meaningful when `present`.
    text: String,
    present: bool,
    date: Option<u32>,
}

impl Memo {
    /// Start reading rows of file `file`: forget the cells of any other.
    pub fn enter(&mut self, file: usize, cols: &Columns) {
        if self.file != Some(file) {
            let columns: Vec<usize> = MEMO.iter().filter_map(|&f| cols.get(f)).collect();
            let (lo, hi) = (columns.iter().min(), columns.iter().max());
            let span = lo
                .zip(hi)
                .filter(|&(lo, hi)| hi - lo + 1 == columns.len())
                .map(|(&lo, &hi)| (lo, hi));
            *self = Self {
                file: Some(file),
                span,
                source: std::mem::take(&mut self.source),
                ..Self::default()
            };
        }
    }

    /// The observation of the last row's units with this target and row.
    fn obs<'s>(
        &'s self,
        target: Entry,
        row: Row,
        loc: Loc,
        status: Option<Status>,
        texts: Texts<'s>,
    ) -> Option<Obs<'s>> {
        let text = |f| self.text(f);
        Some(Obs {
            round: text(Field::Round).unwrap_or_default(),
            district: text(Field::District)?,
            street: text(Field::Street),
            point: text(Field::Point),
            point_type: text(Field::PointType),
            point_type_index: self.point_type,
            department: text(Field::Department),
            date: self.cells[1].date,
            units: [0, 2, 3, 4, 5, 6].map(|i| self.versions[i]),
            visit: self.visit,
            target,
            row,
            loc,
            status,
            texts,
        })
    }

    fn text(&self, f: Field) -> Option<&str> {
        let i = match f {
            Field::Round => 0,
            Field::Date => 1,
            Field::District => 2,
            Field::Street => 3,
            Field::Point => 4,
            Field::PointType => 5,
            Field::Department => 6,
            _ => return None,
        };
        let c = &self.cells[i];
        c.present.then_some(c.text.as_str())
    }

    /// Check the cells that changed since the last row, giving each a new
    /// version.
    fn refresh<'a>(&mut self, c: &mut Cells<'a, '_>, ck: &'a Checker<'_>) {
        let ctx = ck.context;
        let mut touched = false;
        for (i, &f) in MEMO.iter().enumerate() {
            let raw = c.cols.get(f).and_then(|col| c.rec.get(col)).unwrap_or(b"");
            let cell = &mut self.cells[i];
            if cell.ok && same(&cell.raw, raw) {
                continue;
            }
            touched = true;
            if let Some(seen) = self.seen[i].get(raw) {
                // A value met before keeps its version, so that the tally
                // can remember what it is by its version alone.
                self.versions[i] = seen.version;
                cell.ok = true;
                cell.raw.clear();
                cell.raw.extend_from_slice(raw);
                cell.date = seen.date;
                cell.present = seen.text.is_some();
                cell.text.clear();
                cell.text.push_str(seen.text.as_deref().unwrap_or(""));
                if f == Field::PointType {
                    self.point_type = seen.point_type;
                }
                continue;
            }
            self.versions[i] = self.source.next();
            let before = c.errors.len();
            let text: Option<Cow<'_, str>> = match f {
                Field::District => district(c, ctx),
                Field::Department => c.get(f).map(|d| alias(&ctx.department_aliases, d)),
                _ => c.get(f),
            };
            cell.date = None;
            if f == Field::Date
                && let Some(d) = &text
            {
                cell.date = text::date(d);
                if cell.date.is_none() {
                    let col = c.col(Field::Date);
                    c.error(
                        col,
                        Msg::BadDate {
                            value: d.to_string(),
                        },
                    );
                }
            }
            cell.ok = c.errors.len() == before;
            cell.raw.clear();
            cell.raw.extend_from_slice(raw);
            if f == Field::PointType {
                self.point_type = text
                    .as_deref()
                    .and_then(|t| ck.standard.point_type_index(t));
            }
            let cell = &mut self.cells[i];
            cell.present = text.is_some();
            cell.text.clear();
            cell.text.push_str(text.as_deref().unwrap_or(""));
            if cell.ok && self.seen[i].len() < SEEN {
                let seen = Seen {
                    version: self.versions[i],
                    text: text.map(Into::into),
                    date: cell.date,
                    point_type: self.point_type.filter(|_| f == Field::PointType),
                };
                self.seen[i].insert(raw.into(), seen);
            }
        }
        if touched {
            self.valid = self.cells.iter().all(|c| c.ok);
            // Keep the cells side by side too, for `quick`'s one comparison.
            self.span_kept = false;
            if self.valid
                && let Some((lo, hi)) = self.span
                && let Some((bytes, ends)) = c.rec.span(lo, hi)
            {
                self.span_bytes.clear();
                self.span_bytes.extend_from_slice(bytes);
                self.span_ends.clear();
                self.span_ends.extend(ends);
                self.span_kept = true;
                self.span_delimited_by = c.rec.delimited_by();
            }
            let mut h = FxHasher::default();
            for f in [Field::Round, Field::District, Field::Point] {
                self.text(f).unwrap_or("").hash(&mut h);
            }
            self.cells[1].date.unwrap_or(0).hash(&mut h);
            self.visit = h.finish();
        }
    }
}

/// Byte equality for short cells, eight bytes at a time and inlined (a
/// call to `memcmp` per cell costs more than the comparison).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let ((x, xs), (y, ys)) = (a.as_chunks::<8>(), b.as_chunks::<8>());
    x.iter()
        .zip(y)
        .all(|(p, q)| u64::from_ne_bytes(*p) == u64::from_ne_bytes(*q))
        && xs.iter().zip(ys).all(|(m, n)| m == n)
}

fn alias<'a>(
    aliases: &'a std::collections::HashMap<String, String>,
    name: Cow<'a, str>,
) -> Cow<'a, str> {
    match aliases.get(name.as_ref()) {
        Some(a) => Cow::Borrowed(a.as_str()),
        None => name,
    }
}

/// The district of a row: required, aliased, and one of ceping.toml's
/// districts when it lists them.
fn district<'a>(c: &mut Cells<'a, '_>, ctx: &'a super::Context) -> Option<Cow<'a, str>> {
    let d = alias(&ctx.district_aliases, c.required(Field::District)?);
    if ctx.districts.is_empty() || ctx.districts.iter().any(|x| *x == *d) {
        return Some(d);
    }
    let suggestion = closest(&d, ctx.districts.iter().map(String::as_str));
    let col = c.col(Field::District);
    c.error(
        col,
        Msg::UnknownDistrict {
            name: d.into_owned(),
            suggestion,
            accepted: ctx.districts.clone(),
        },
    );
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::input::Context;
    use crate::input::records::{Record, Records};

    const HEADER: [&str; 13] = [
        "批次",
        "日期",
        "区县",
        "街道",
        "点位",
        "点位类型",
        "标准编号",
        "测评结果",
        "问题数",
        "数量",
        "得分",
        "责任单位",
        "整改状态",
    ];

    /// The cells each column draws from: valid, odd and wrong ones (the
    /// likelier ones more than once).
    const CELLS: [&[&str]; 13] = [
        &["第1轮", "第2轮", ""],
        &["2024-03-01", "2024/3/1", "bad", ""],
        &[
            "梁园区",
            "睢阳区",
            "梁圆区",
            "梁园\u{200b}区",
            "睢阳\u{a0}区",
            "",
        ],
        &["平原街道", "平原\"街道", ""],
        &[
            "文化路1号",
            "Ｐ2",
            " ",
            "路,1号",
            "文化路\u{a0}1号",
            "文化\u{feff}路",
            "",
        ],
        &["主次干道", "主次干道", "背街小巷", "学校", ""],
        &[
            "A1.04",
            "A1.01",
            "A1.01",
            "A2.02",
            "A4.03",
            "A4.03",
            "D1.05",
            "N01",
            "A1",
            "Ａ1.04",
            " A1.04",
            "Z9",
            "A1.04\u{200b}",
            "",
        ],
        &[
            "合格",
            "合格",
            "不合格",
            "不合格",
            "严重不合格",
            "不适用",
            "无法调查",
            "pass",
            " 合格",
            "x",
            "",
        ],
        &["", "", "0", "0", "2", "-1", "12345678901", "３", "007"],
        &["", "", "0", "5", "x"],
        &["", "", "", "A", "3.5", "99"],
        &["", "城管局", "城管\u{ad}局"],
        &["", "", "未整改", "已整改", " 整改中", "rectified", "搞定"],
    ];

    /// Rows as choices of cells; the first six columns mostly repeat the
    /// row before, as inspectors' files do.
    fn rows() -> impl Strategy<Value = Vec<(Vec<usize>, bool)>> {
        let row = (
            proptest::collection::vec(any::<prop::sample::Index>(), 13),
            proptest::collection::vec(prop::bool::weighted(0.8), 6),
            prop::bool::weighted(0.05),
        );
        proptest::collection::vec(row, 1..40).prop_map(|rows| {
            let mut prev: Vec<usize> = vec![0; 13];
            rows.into_iter()
                .map(|(picks, keep, short)| {
                    let cur: Vec<usize> = (0..13)
                        .map(|c| {
                            if c < 6 && keep[c] {
                                prev[c]
                            } else {
                                picks[c].index(CELLS[c].len())
                            }
                        })
                        .collect();
                    prev.clone_from(&cur);
                    (cur, short)
                })
                .collect()
        })
    }

    /// What an observation says, without its unit versions (which only
    /// have to change when the units do).
    fn said(o: &Obs<'_>) -> String {
        format!(
            "{:?}",
            (
                &o.round,
                &o.district,
                &o.street,
                &o.point,
                &o.point_type,
                &o.department,
                o.date,
                o.visit,
                o.target,
                o.row,
                o.status,
                o.loc
            )
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// `quick` takes a row only when `parse` would give the very same
        /// observation, with no error and no warning.
        #[test]
        fn quick_agrees_with_parse(rows in rows(), side_by_side in any::<bool>()) {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("standards/national-prefecture");
            let st = crate::standard::load(&path).standard.expect("the shipped standard loads");
            let ctx = Context {
                districts: vec!["梁园区".into(), "睢阳区".into()],
                ..Context::default()
            };
            let ck = Checker { standard: &st, context: &ctx };
            // The repeated cells side by side (one comparison), or not.
            let order: Vec<usize> = if side_by_side {
                vec![0, 1, 2, 3, 4, 5, 11, 6, 7, 8, 9, 10, 12]
            } else {
                (0..13).collect()
            };
            let cols = Columns::from_header(order.iter().map(|&c| HEADER[c]));
            let (mut always, mut first_quick) = (Memo::default(), Memo::default());
            always.enter(0, &cols);
            first_quick.enter(0, &cols);
            prop_assert_eq!(first_quick.span.is_some(), side_by_side);
            for (picks, short) in rows {
                let mut cells: Vec<&[u8]> = order
                    .iter()
                    .map(|&c| CELLS[c][picks[c]].as_bytes())
                    .collect();
                if short {
                    cells.pop();
                }
                // Read back from a line of CSV, as a file gives it: split
                // on the delimiter, or (quoted) parsed.
                let mut line = csv::Writer::from_writer(b"h\n".to_vec());
                line.write_record(&cells).expect("a record");
                let line = line.into_inner().expect("the line");
                let mut lines = Records::new(&line[..], b',', true);
                let mut rec = Record::new();
                let read = lines.read(&mut rec).and_then(|_| lines.read(&mut rec));
                prop_assert!(read.expect("read"));
                prop_assert_eq!(rec.fields().iter().collect::<Vec<_>>(), cells);
                let rec = rec.fields();
                let (mut errors, mut note) = (Vec::new(), None);
                let want = parse(&rec, &cols, &ck, false, &mut always, &mut errors, &mut note, Loc::default())
                    .map(|o| said(&o));
                let want = (want, note);
                let mut scratch = Vec::new();
                let quick = quick(&rec, &cols, &ck, false, &mut first_quick, &mut scratch, Loc::default())
                    .map(|o| said(&o));
                let got = if quick.is_some() {
                    (quick, None)
                } else {
                    let (mut errors, mut note) = (Vec::new(), None);
                    let o = parse(&rec, &cols, &ck, false, &mut first_quick, &mut errors, &mut note, Loc::default())
                        .map(|o| said(&o));
                    (o, note)
                };
                prop_assert_eq!(got, want);
            }
        }
    }
}
