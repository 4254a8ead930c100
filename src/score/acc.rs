//! The aggregate state of one criterion in one unit: integer counts and an
//! exact decimal sum. Adding rows and merging states commute, so the result
//! does not depend on row order, file order or thread count.

use std::ops::{AddAssign, SubAssign};

use rust_decimal::Decimal;

use crate::input::{Outcome, Row};
use crate::standard::{Rule, Severe, Unobservable};

/// Counts for one (unit, criterion).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Acc {
    /// Every row, including 不适用 and 无法调查.
    pub rows: u64,
    pub not_applicable: u64,
    pub unobservable: u64,
    pub pass: u64,
    /// Ordinary fails (under the "fail" policies, also 无法调查 and 严重不合格).
    pub fail: u64,
    /// 严重不合格 rows (under `severe = "zero"`).
    pub severe: u64,
    /// Graded rows that carry a value but no result word.
    pub graded: u64,
    /// deduct: problems found on the failing rows.
    pub problems: u64,
    /// quota: Σ max(0, required − count).
    pub missing: u64,
    /// graded: Σ points awarded.
    pub points: Decimal,
}

impl Acc {
    /// One plain pass.
    #[must_use]
    pub fn pass() -> Self {
        Self {
            rows: 1,
            pass: 1,
            ..Self::default()
        }
    }

    /// Rows that count (n): 不适用 and excluded 无法调查 are left out.
    #[must_use]
    pub fn counted(&self) -> u64 {
        self.pass + self.fail + self.severe + self.graded
    }

    /// Fails including severe.
    #[must_use]
    pub fn fails(&self) -> u64 {
        self.fail + self.severe
    }

    /// Add one row of a criterion with `rule` and 分值 `score`.
    pub fn add(&mut self, row: &Row, rule: &Rule, score: Decimal, policy: (Unobservable, Severe)) {
        self.rows += 1;
        let mut row = *row;
        let mut outcome = row.outcome;
        match outcome {
            Some(Outcome::NotApplicable) => {
                self.not_applicable += 1;
                return;
            }
            Some(Outcome::Unobservable) => {
                self.unobservable += 1;
                if policy.0 == Unobservable::Exclude {
                    return;
                }
                // Nothing was observed: a fail with one problem, a count
                // of 0 and no points, whatever else the row gives.
                outcome = Some(Outcome::Fail);
                row.problems = None;
                row.count = Some(0);
                row.points = None;
            }
            _ => {}
        }
        let failing = matches!(outcome, Some(Outcome::Fail | Outcome::Severe));
        match rule {
            Rule::Deduct { .. } if failing => {
                self.problems += u64::from(row.problems.unwrap_or(1).max(1));
            }
            Rule::Quota { required, .. } => {
                let count = row.count.unwrap_or(0);
                self.missing += u64::from(required.saturating_sub(count));
                if outcome.is_none() {
                    outcome = Some(if count >= *required {
                        Outcome::Pass
                    } else {
                        Outcome::Fail
                    });
                }
            }
            Rule::Graded { .. } => {
                self.points += match (row.points, outcome) {
                    (Some(p), _) => p,
                    (None, Some(Outcome::Pass)) => score,
                    _ => Decimal::ZERO,
                };
            }
            _ => {}
        }
        match outcome {
            Some(Outcome::Pass) => self.pass += 1,
            Some(Outcome::Severe) if policy.1 == Severe::Zero => self.severe += 1,
            Some(Outcome::Fail | Outcome::Severe | Outcome::Unobservable) => self.fail += 1,
            Some(Outcome::NotApplicable) => {}
            None => self.graded += 1,
        }
    }

    /// The same rows, had they all passed: no problems, nothing missing,
    /// graded at full marks (for a department's lost points).
    #[must_use]
    pub fn all_passed(&self, score: Decimal) -> Self {
        let n = self.counted();
        Self {
            rows: self.rows,
            not_applicable: self.not_applicable,
            unobservable: self.unobservable,
            pass: n,
            points: score * Decimal::from(n),
            ..Self::default()
        }
    }
}

impl AddAssign<&Acc> for Acc {
    fn add_assign(&mut self, o: &Acc) {
        self.rows += o.rows;
        self.not_applicable += o.not_applicable;
        self.unobservable += o.unobservable;
        self.pass += o.pass;
        self.fail += o.fail;
        self.severe += o.severe;
        self.graded += o.graded;
        self.problems += o.problems;
        self.missing += o.missing;
        if !o.points.is_zero() {
            self.points += o.points;
        }
    }
}

impl SubAssign<&Acc> for Acc {
    fn sub_assign(&mut self, o: &Acc) {
        self.rows -= o.rows;
        self.not_applicable -= o.not_applicable;
        self.unobservable -= o.unobservable;
        self.pass -= o.pass;
        self.fail -= o.fail;
        self.severe -= o.severe;
        self.graded -= o.graded;
        self.problems -= o.problems;
        self.missing -= o.missing;
        if !o.points.is_zero() {
            self.points -= o.points;
        }
    }
}
