//! One CSV record → one [`Obs`], or every problem with the row, each naming
//! its column.

use std::borrow::Cow;

use csv::ByteRecord;
use rust_decimal::Decimal;

use super::columns::{Columns, Field};
use super::text::{self, Outcome, normalize};
use super::{Checker, Obs, Row};
use crate::i18n::Msg;
use crate::standard::{Entry, Rule, closest};

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
    rec: &'a ByteRecord,
    cols: &'a Columns,
    transcoded: bool,
    errors: &'e mut Vec<RowError>,
}

impl<'a> Cells<'a, '_> {
    /// The trimmed, width-folded cell of a field; `None` when the column is
    /// absent or the cell empty (or not decodable, which is reported).
    fn get(&mut self, f: Field) -> Option<Cow<'a, str>> {
        let i = self.cols.get(f)?;
        let bytes = self.rec.get(i)?;
        let Ok(s) = std::str::from_utf8(bytes) else {
            self.error(i, Msg::Undecodable);
            return None;
        };
        if self.transcoded && s.contains('\u{fffd}') {
            self.error(i, Msg::Undecodable);
            return None;
        }
        let n = normalize(s);
        (!n.is_empty()).then_some(n)
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
pub fn parse<'a>(
    rec: &'a ByteRecord,
    cols: &'a Columns,
    ck: &'a Checker<'_>,
    transcoded: bool,
    errors: &mut Vec<RowError>,
    note: &mut Option<PointTypeNote>,
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
    let ctx = ck.context;
    let mut c = Cells {
        rec,
        cols,
        transcoded,
        errors,
    };
    let district = c.required(Field::District).and_then(|d| {
        let d = match ctx.district_aliases.get(d.as_ref()) {
            Some(a) => Cow::Borrowed(a.as_str()),
            None => d,
        };
        if ctx.districts.is_empty() || ctx.districts.iter().any(|x| *x == *d) {
            Some(d)
        } else {
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
    });
    let target = c.required(Field::Criterion).and_then(|id| {
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
    });
    let outcome = c.get(Field::Result).and_then(|w| {
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
    });
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
    let date = c.get(Field::Date).and_then(|d| {
        let n = text::date(&d);
        if n.is_none() {
            let col = c.col(Field::Date);
            c.error(
                col,
                Msg::BadDate {
                    value: d.into_owned(),
                },
            );
        }
        n
    });
    let round = c.get(Field::Round).unwrap_or(Cow::Borrowed(""));
    let street = c.get(Field::Street);
    let point = c.get(Field::Point);
    let point_type = c.get(Field::PointType);
    let department =
        c.get(Field::Department)
            .map(|d| match ctx.department_aliases.get(d.as_ref()) {
                Some(a) => Cow::Borrowed(a.as_str()),
                None => d,
            });
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
            if st.methods[crit.method].key == crate::standard::FIELD && point.is_none() {
                let col = c.cols.get(Field::Point).unwrap_or(result_col);
                c.error(
                    col,
                    Msg::NoPoint {
                        id: crit.id.clone(),
                    },
                );
            }
            if let Some(pt) = &point_type
                && !crit.point_types.is_empty()
                && !crit.point_types.iter().any(|x| *x == **pt)
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
    Some(Obs {
        round,
        district: district?,
        street,
        point,
        point_type,
        department,
        date,
        target: target?,
        row,
    })
}
