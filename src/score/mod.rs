//! Scoring: pure functions from the aggregate state to exact results. No
//! I/O, no formatting, no rounding (the report rounds once).
//!
//! - [`acc`]: the per-(unit, criterion) counts;
//! - [`rules`]: one function per rule kind, exact rationals;
//! - [`tally`]: the state of a whole run, a [`crate::input::Sink`].

pub mod acc;
pub mod rules;
pub mod tally;

use num_traits::Zero;

pub use acc::Acc;
pub use rules::{Q, q, qi, round};
pub use tally::{Kind, Tally, Unit};

use crate::standard::Standard;

/// A unit's result before penalties.
#[derive(Clone, Debug)]
pub struct Eval {
    /// Points earned per criterion; `None` where the criterion does not apply.
    pub earned: Vec<Option<Q>>,
    /// Each applying criterion's weight in the unit's total (λ): the total
    /// is Σ λ × earned.
    pub lambda: Vec<Option<Q>>,
    /// full_score-scaled total; `None` when no criterion applies.
    pub total: Option<Q>,
}

/// Score one unit from its per-criterion state.
///
/// Without method weights: `full_score × Σ earned / Σ 分值` over the
/// criteria that apply. With weights: per method, `R_m = Σ earned / Σ 分值`,
/// and `full_score × Σ w_m R_m / Σ w_m` over the methods that apply.
#[must_use]
pub fn evaluate(st: &Standard, accs: &[Acc]) -> Eval {
    let earned: Vec<Option<Q>> = st
        .criteria
        .iter()
        .zip(accs)
        .map(|(c, a)| rules::earned(&c.rule, c.score, a))
        .collect();
    let lambda = lambdas(st, &earned);
    let mut total: Option<Q> = None;
    for (e, l) in earned.iter().zip(&lambda) {
        if let (Some(e), Some(l)) = (e, l) {
            *total.get_or_insert_with(Q::zero) += e * l;
        }
    }
    Eval {
        earned,
        lambda,
        total,
    }
}

/// λ per applying criterion (see [`Eval::lambda`]).
#[must_use]
pub fn lambdas(st: &Standard, earned: &[Option<Q>]) -> Vec<Option<Q>> {
    let fs = q(st.full_score);
    let nm = st.methods.len();
    let mut per_method = vec![Q::zero(); nm];
    for (c, e) in st.criteria.iter().zip(earned) {
        if e.is_some() {
            per_method[c.method] += q(c.score);
        }
    }
    // Only the methods that apply are weighed (a unit with few rows has
    // few), and an unweighted share is computed once.
    let method_share: Vec<Option<Q>> = if st.weighted {
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
        vec![share; nm]
    };
    st.criteria
        .iter()
        .zip(earned)
        // Cloned only where the criterion applies: most do not in a unit
        // with few rows.
        .map(|(c, e)| e.as_ref().and_then(|_| method_share[c.method].clone()))
        .collect()
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

/// The per-criterion state of department `dept`: rows that name it, plus
/// the shared rows of the criteria it leads or assists.
#[must_use]
pub fn department_accs(st: &Standard, dept: &str, shared: &[Acc], own: &[Acc]) -> Vec<Acc> {
    (0..st.criteria.len())
        .map(|c| {
            let mut a = own[c];
            if st.departments(c).any(|d| d == dept) {
                a += &shared[c];
            }
            a
        })
        .collect()
}

/// How much the city total (before penalties) would rise if the rows in
/// `dept` had all passed, every other row unchanged.
#[must_use]
pub fn lost(st: &Standard, city: &[Acc], city_eval: &Eval, dept: &[Acc]) -> Q {
    let mut rise = Q::zero();
    for (c, crit) in st.criteria.iter().enumerate() {
        if dept[c].counted() == 0 {
            continue;
        }
        let (Some(lambda), Some(before)) = (&city_eval.lambda[c], &city_eval.earned[c]) else {
            continue;
        };
        let mut a = city[c];
        a -= &dept[c];
        a += &dept[c].all_passed(crit.score);
        if let Some(after) = rules::earned(&crit.rule, crit.score, &a) {
            rise += lambda * (after - before);
        }
    }
    rise
}
