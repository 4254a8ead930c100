//! Where the points are: how much a figure would rise had the failing rows
//! of a criterion passed. Pure and exact; the report rounds.
//!
//! A criterion's **recoverable points** are the rise of the city's headline
//! before penalties had every row of it passed (fails and severe turned to
//! passes, no problems, counts at the required number, graded at full
//! marks), every other row unchanged: [`Headline::rise`] of the
//! criterion's rows, the same counterfactual as a department's lost
//! points. Each criterion is scored from its own rows and its weight in the
//! total (λ) does not change when rows pass, so the recoverable points of
//! several criteria add up exactly to the rise of fixing them together.
//! Parts of one criterion do not: a department's or a district's share of
//! a criterion's rows, fixed alone, may gain more or less than its share
//! (a rate's `full_at` applies to the whole, a deduction stops at 0 at a
//! place, one 严重不合格 row zeroes its place).

use num_traits::Zero;

use super::lost::{Headline, Scored};
use super::places::UnitRows;
use super::rules::Q;
use crate::standard::Standard;

/// Per criterion with rows in `rows`, the rise `rise` gives for its rows
/// alone, in the standard's order.
fn per_criterion(rows: &UnitRows, rise: impl Fn(&UnitRows) -> Q) -> Vec<(usize, Q)> {
    rows.by_criterion()
        .map(|(c, _)| (c, rise(&rows.criterion(c))))
        .collect()
}

/// Per criterion with rows, its recoverable points (see the module's
/// documentation), in the standard's order.
#[must_use]
pub fn recoverable(st: &Standard, headline: &Headline<'_>) -> Vec<(usize, Q)> {
    per_criterion(&headline.city.rows, |part| headline.rise(st, part))
}

/// Per criterion with rows in the unit, how much the unit's own total
/// before penalties would rise had its rows of the criterion passed.
#[must_use]
pub fn unit_recoverable(st: &Standard, unit: &Scored) -> Vec<(usize, Q)> {
    per_criterion(&unit.rows, |part| {
        super::rise(st, &unit.rows, &unit.eval, part)
    })
}

/// The criteria with points to recover, most first (ties in the standard's
/// order), each with the running total from the first.
#[must_use]
pub fn ranked(gains: &[(usize, Q)]) -> Vec<(usize, Q, Q)> {
    let mut order: Vec<&(usize, Q)> = gains.iter().filter(|(_, g)| !g.is_zero()).collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut sum = Q::zero();
    order
        .into_iter()
        .map(|(c, g)| {
            sum += g;
            (*c, g.clone(), sum.clone())
        })
        .collect()
}

/// A department's gains: the sum of the recoverable points of the criteria
/// it leads or assists (a criterion shared by several departments counts
/// for each).
#[must_use]
pub fn department_gains(st: &Standard, dept: &str, gains: &[(usize, Q)]) -> Q {
    gains
        .iter()
        .filter(|(c, _)| st.departments(*c).any(|d| d == dept))
        .map(|(_, g)| g)
        .sum()
}

/// Per group of the standard, the sum of its criteria's gains.
#[must_use]
pub fn by_group(st: &Standard, gains: &[(usize, Q)]) -> Vec<Q> {
    let mut out = vec![Q::zero(); st.groups.len()];
    for (c, g) in gains {
        for group in st.ancestry(st.criteria[*c].group) {
            out[group] += g;
        }
    }
    out
}
