//! Scoring: pure functions from the aggregate state to exact results. No
//! I/O, no formatting, no rounding (the report rounds once).
//!
//! - [`acc`]: the counts of one criterion's rows at one place;
//! - [`rules`]: one function per rule kind, exact rationals, and how a
//!   unit's places are combined ([`rules::earned_in`]);
//! - [`places`]: a unit's rows, criterion by criterion, place by place;
//! - [`gaps`]: the points each criterion could recover;
//! - [`lost`]: units scored exactly, the city's headline, the points lost
//!   (per criterion, per department) and the departments' scores;
//! - [`tally`]: the state of a whole run, a [`crate::input::Sink`];
//! - [`compare`]: what changed between rounds.

pub mod acc;
pub mod compare;
pub mod gaps;
// --- gates (issue 13) ---
pub mod gates;
pub mod lost;
pub mod places;
pub mod rounds;
pub mod rules;
pub mod tally;
// --- problem ledger (issue 11) ---
pub mod ledger;

use num_traits::Zero;

pub use acc::Acc;
pub use lost::{Headline, Scored};
pub use places::{Place, PlaceAcc, UnitRows};
pub use rules::{Q, q, qi, round};
pub use tally::{Kind, Tally, Unit};

use crate::standard::Standard;

/// A unit's result before penalties.
#[derive(Clone, Debug)]
pub struct Eval {
    /// Points earned per criterion; `None` where the criterion does not apply.
    pub earned: Vec<Option<Q>>,
    /// Per method, the weight (λ) in the unit's total of each of its
    /// applying criteria: the total is Σ λ × earned (see [`Eval::lambda`]).
    pub shares: Vec<Option<Q>>,
    /// full_score-scaled total; `None` when no criterion applies.
    pub total: Option<Q>,
}

impl Eval {
    /// Criterion `c`'s weight in the unit's total (λ), where it applies.
    #[must_use]
    pub fn lambda(&self, st: &Standard, c: usize) -> Option<&Q> {
        self.earned[c].as_ref()?;
        self.shares[st.criteria[c].method].as_ref()
    }
}

/// Score one unit from its rows.
///
/// Without method weights: `full_score × Σ earned / Σ 分值` over the
/// criteria that apply. With weights: per method, `R_m = Σ earned / Σ 分值`,
/// and `full_score × Σ w_m R_m / Σ w_m` over the methods that apply.
#[must_use]
pub fn evaluate(st: &Standard, rows: &UnitRows) -> Eval {
    let mut earned: Vec<Option<Q>> = vec![None; st.criteria.len()];
    for (c, places) in rows.by_criterion() {
        earned[c] = earned_at(st, c, &places);
    }
    let shares = shares(st, &earned);
    // Σ λ × earned, as Σ over methods of λ_m × (Σ earned of the method).
    let mut by_method: Vec<Option<Q>> = vec![None; st.methods.len()];
    for (crit, e) in st.criteria.iter().zip(&earned) {
        if let Some(e) = e {
            *by_method[crit.method].get_or_insert_with(Q::zero) += e;
        }
    }
    let mut total: Option<Q> = None;
    for (sum, share) in by_method.iter().zip(&shares) {
        if let (Some(sum), Some(share)) = (sum, share) {
            *total.get_or_insert_with(Q::zero) += sum * share;
        }
    }
    Eval {
        earned,
        shares,
        total,
    }
}

/// Criterion `c`'s points in a unit whose rows of it lie at `places`, by
/// the criterion's rule and scope.
#[must_use]
pub fn earned_at(st: &Standard, c: usize, places: &[PlaceAcc]) -> Option<Q> {
    let crit = &st.criteria[c];
    rules::earned_in(
        &crit.rule,
        crit.score,
        crit.scope,
        places.iter().map(|(_, a)| a),
    )
}

/// Per method, λ of its applying criteria (see [`Eval::shares`]).
#[must_use]
pub fn shares(st: &Standard, earned: &[Option<Q>]) -> Vec<Option<Q>> {
    let fs = q(st.full_score);
    let nm = st.methods.len();
    // Σ 分值 per method, in decimals where they hold it exactly (one
    // fraction each, not one per criterion), else fraction by fraction.
    let applying = |m: usize| {
        st.criteria
            .iter()
            .zip(earned)
            .filter(move |(c, e)| c.method == m && e.is_some())
            .map(|(c, _)| c.score)
    };
    let per_method: Vec<Q> = (0..nm)
        .map(|m| {
            applying(m)
                .try_fold(rust_decimal::Decimal::ZERO, rules::exact_add)
                .map_or_else(|| applying(m).map(q).sum(), q)
        })
        .collect();
    // Only the methods that apply are weighed (a unit with few rows has
    // few).
    if st.weighted {
        let w: Vec<Option<Q>> = st
            .methods
            .iter()
            .zip(&per_method)
            .map(|(m, s)| (!s.is_zero()).then(|| m.weight.map_or_else(Q::zero, q)))
            .collect();
        let applying: Q = w.iter().flatten().sum();
        w.iter()
            .zip(&per_method)
            .map(|(w, s)| {
                w.as_ref()
                    .filter(|_| !applying.is_zero())
                    .map(|w| &fs * w / &applying / s)
            })
            .collect()
    } else {
        let all: Q = per_method.iter().sum();
        let share = (!all.is_zero()).then(|| &fs / &all);
        per_method
            .iter()
            .map(|s| share.clone().filter(|_| !s.is_zero()))
            .collect()
    }
}

/// Penalties of a unit: points deducted and whether a veto applies.
#[must_use]
pub fn penalties(st: &Standard, hits: &[u64]) -> (Q, bool) {
    let mut points = Q::zero();
    let mut veto = false;
    for (p, &n) in st.penalties.iter().zip(hits) {
        points += q(p.points) * qi(n);
        veto |= p.veto && n > 0;
    }
    (points, veto)
}

/// The score after penalties, not below 0.
#[must_use]
pub fn after_penalties(total: &Q, points: &Q) -> Q {
    let s = total - points;
    if s < Q::zero() { Q::zero() } else { s }
}

/// The rows of department `dept`: rows that name it, plus the shared rows
/// of the criteria it leads or assists.
#[must_use]
pub fn department_rows(st: &Standard, dept: &str, shared: &UnitRows, own: &UnitRows) -> UnitRows {
    own.with(shared, |c| st.departments(c).any(|d| d == dept))
}

/// How much a unit's total before penalties (`eval` of `unit`) would rise
/// if the rows of `part` (some of the unit's) had all passed, every other
/// row unchanged. Places of `part` outside the unit are ignored.
#[must_use]
pub fn rise(st: &Standard, unit: &UnitRows, eval: &Eval, part: &UnitRows) -> Q {
    let mut rise = Q::zero();
    for (c, part_places) in part.by_criterion() {
        if part_places.iter().all(|(_, a)| a.counted() == 0) {
            continue;
        }
        let (Some(lambda), Some(before)) = (eval.lambda(st, c), &eval.earned[c]) else {
            continue;
        };
        let score = st.criteria[c].score;
        let after = places::substituted(&unit.places(c), &part_places, |a| a.all_passed(score));
        if let Some(after) = earned_at(st, c, &after) {
            rise += lambda * (after - before);
        }
    }
    rise
}

/// Which city figure is the headline (`city_score` in ceping.toml).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CityFigure {
    /// The city scored from all its rows, place by place.
    #[default]
    Pooled,
    /// The mean of the district scores.
    DistrictMean,
}

/// A district's result, for the district mean.
pub struct DistrictFigures<'a> {
    pub eval: &'a Eval,
    /// After penalties.
    pub after: Option<&'a Q>,
    pub penalties: &'a Q,
}

/// The city's headline figures, exact.
#[derive(Clone, Debug)]
pub struct Figures {
    /// After penalties.
    pub score: Option<Q>,
    pub before: Option<Q>,
    /// The mean of the district scores after penalties.
    pub district_mean: Option<Q>,
    pub penalties: Q,
    /// Per criterion, its points as the headline counts them: the city's,
    /// or the mean over the districts where it applies.
    pub earned: Vec<Option<Q>>,
    /// Per criterion, the headline points it loses: λ × (分值 − earned),
    /// or the mean of that over the districts.
    pub lost: Vec<Q>,
}

impl Figures {
    /// From the pooled city (`city`, with its score after penalties and
    /// its penalty points) and the districts that have a score.
    #[must_use]
    pub fn new(
        st: &Standard,
        city: &Eval,
        city_after: Option<&Q>,
        city_penalties: &Q,
        districts: &[DistrictFigures<'_>],
        figure: CityFigure,
    ) -> Self {
        let lost_in = |e: &Eval, c: usize| lost::criterion_lost(st, e, c);
        let nc = st.criteria.len();
        let district_mean = mean(districts.iter().filter_map(|d| d.after));
        match figure {
            CityFigure::Pooled => Self {
                score: city_after.cloned(),
                before: city.total.clone(),
                district_mean,
                penalties: city_penalties.clone(),
                earned: city.earned.clone(),
                lost: (0..nc).map(|c| lost_in(city, c)).collect(),
            },
            CityFigure::DistrictMean => {
                let n = qi(districts.len() as u64);
                let per_district = |f: &dyn Fn(&DistrictFigures<'_>) -> Q| {
                    if districts.is_empty() {
                        Q::zero()
                    } else {
                        districts.iter().map(f).sum::<Q>() / &n
                    }
                };
                Self {
                    score: district_mean.clone(),
                    before: mean(districts.iter().filter_map(|d| d.eval.total.as_ref())),
                    district_mean,
                    penalties: per_district(&|d| d.penalties.clone()),
                    earned: (0..nc)
                        .map(|c| mean(districts.iter().filter_map(|d| d.eval.earned[c].as_ref())))
                        .collect(),
                    lost: (0..nc)
                        .map(|c| per_district(&|d| lost_in(d.eval, c)))
                        .collect(),
                }
            }
        }
    }
}

/// The mean, exact; `None` of nothing.
#[must_use]
pub fn mean<'a>(xs: impl Iterator<Item = &'a Q>) -> Option<Q> {
    let mut sum = Q::zero();
    let mut n = 0u64;
    for x in xs {
        sum += x;
        n += 1;
    }
    (n > 0).then(|| sum / qi(n))
}
