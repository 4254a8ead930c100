//! Units scored exactly, the city's headline, and what is lost: the two
//! lost-point formulas (a criterion's λ × (分值 − earned), and the rise of
//! the headline had some rows passed) and the departments' scores. One
//! definition for the score report and the gap report.

use num_traits::Zero;

use super::places::UnitRows;
use super::rules::{Q, q, qi};
use super::tally::{Kind, Tally, Unit};
use super::{CityFigure, DistrictFigures, Eval, Figures};
use crate::standard::Standard;

/// A unit scored, before rounding.
#[derive(Clone, Debug)]
pub struct Scored {
    pub unit: Unit,
    pub rows: UnitRows,
    pub eval: Eval,
    pub penalties: Q,
    pub veto: bool,
    /// After penalties.
    pub after: Option<Q>,
}

impl Scored {
    /// Score `unit` from its `rows`; the city and districts bear their
    /// penalties.
    #[must_use]
    pub fn new(st: &Standard, tally: &Tally<'_>, unit: Unit, rows: UnitRows) -> Self {
        let eval = super::evaluate(st, &rows);
        let (penalties, veto) = match unit.kind {
            Kind::District => super::penalties(st, &tally.penalties(Some(&unit.name))),
            Kind::City => super::penalties(st, &tally.penalties(None)),
            _ => (Q::zero(), false),
        };
        let after = eval
            .total
            .as_ref()
            .map(|t| super::after_penalties(t, &penalties));
        Self {
            unit,
            rows,
            eval,
            penalties,
            veto,
            after,
        }
    }

    /// The whole city.
    #[must_use]
    pub fn city(st: &Standard, tally: &Tally<'_>) -> Self {
        let unit = Unit {
            kind: Kind::City,
            name: String::new(),
            parent: None,
        };
        Self::new(st, tally, unit, tally.whole(Kind::City))
    }

    /// The units of `kind`, scored.
    #[must_use]
    pub fn all(st: &Standard, tally: &Tally<'_>, kind: Kind) -> Vec<Self> {
        tally
            .view(kind)
            .into_iter()
            .map(|(u, rows)| Self::new(st, tally, u, rows))
            .collect()
    }
}

/// A criterion's points lost in a unit: λ × (分值 − earned), 0 where it
/// does not apply. It is what the unit's total would gain had every row of
/// the criterion passed (the closed form of [`rise`](super::rise) over all its rows).
#[must_use]
pub fn criterion_lost(st: &Standard, eval: &Eval, c: usize) -> Q {
    match (&eval.earned[c], eval.lambda(st, c)) {
        (Some(x), Some(l)) => l * (q(st.criteria[c].score) - x),
        _ => Q::zero(),
    }
}

/// The city's headline: the pooled city, or the mean of the districts that
/// have a score; what its figures are and how much it would rise.
pub struct Headline<'a> {
    pub figure: CityFigure,
    pub city: &'a Scored,
    /// The districts that have a score (those of the district mean).
    pub districts: Vec<&'a Scored>,
}

impl<'a> Headline<'a> {
    #[must_use]
    pub fn new(figure: CityFigure, city: &'a Scored, districts: &'a [Scored]) -> Self {
        Self {
            figure,
            city,
            districts: districts.iter().filter(|d| d.after.is_some()).collect(),
        }
    }

    /// The headline figures, exact.
    #[must_use]
    pub fn figures(&self, st: &Standard) -> Figures {
        let districts: Vec<DistrictFigures<'_>> = self
            .districts
            .iter()
            .map(|d| DistrictFigures {
                eval: &d.eval,
                after: d.after.as_ref(),
                penalties: &d.penalties,
            })
            .collect();
        Figures::new(
            st,
            &self.city.eval,
            self.city.after.as_ref(),
            &self.city.penalties,
            &districts,
            self.figure,
        )
    }

    /// How much the headline before penalties would rise had the rows of
    /// `part` (some of the city's) all passed, every other row unchanged:
    /// the pooled city's [`rise`](super::rise), or the mean over the districts of each
    /// district's rise from its share of `part`.
    #[must_use]
    pub fn rise(&self, st: &Standard, part: &UnitRows) -> Q {
        match self.figure {
            CityFigure::Pooled => super::rise(st, &self.city.rows, &self.city.eval, part),
            CityFigure::DistrictMean => {
                let by_district = part.by_district();
                let mut sum = Q::zero();
                for d in &self.districts {
                    let Some(id) = d.rows.district() else {
                        continue;
                    };
                    if let Ok(i) = by_district.binary_search_by_key(&id, |x| x.0) {
                        sum += super::rise(st, &d.rows, &d.eval, &by_district[i].1);
                    }
                }
                if self.districts.is_empty() {
                    sum
                } else {
                    sum / qi(self.districts.len() as u64)
                }
            }
        }
    }
}

/// Every department with rows, by name, with its rows: the rows that name
/// it, plus the shared rows of the criteria it leads or assists (see
/// [`super::department_rows`]).
#[must_use]
pub fn departments(st: &Standard, tally: &Tally<'_>) -> Vec<(String, UnitRows)> {
    let nc = st.criteria.len();
    let shared = tally.whole(Kind::Shared);
    let own = tally.view(Kind::Department);
    let mut names: Vec<String> = own.iter().map(|(u, _)| u.name.clone()).collect();
    for (c, a) in shared.totals(nc).iter().enumerate() {
        if a.rows > 0 {
            names.extend(st.departments(c).map(str::to_string));
        }
    }
    names.sort();
    names.dedup();
    let none = UnitRows::default();
    names
        .into_iter()
        .filter_map(|name| {
            let mine = own
                .binary_search_by(|(u, _)| u.name.as_str().cmp(&name))
                .map_or(&none, |i| &own[i].1);
            let rows = super::department_rows(st, &name, &shared, mine);
            rows.totals(nc)
                .iter()
                .any(|a| a.rows > 0)
                .then_some((name, rows))
        })
        .collect()
}

/// A department's score: `full_score × Σ earned ÷ Σ 分值` over the criteria
/// of its rows that apply; `None` when none applies.
#[must_use]
pub fn department_score(st: &Standard, rows: &UnitRows) -> Option<Q> {
    let mut earned = Q::zero();
    let mut max = Q::zero();
    for (c, places) in rows.by_criterion() {
        if let Some(e) = super::earned_at(st, c, &places) {
            earned += e;
            max += q(st.criteria[c].score);
        }
    }
    (!max.is_zero()).then(|| q(st.full_score) * earned / max)
}
