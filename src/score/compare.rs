//! Comparing rounds: how a criterion's state changed from one round to the
//! next, score deltas and rank changes, and how long a band has been held.
//! Pure: the report layer applies these to its figures.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A criterion's rows in one round, in the city or one district.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observed {
    /// Rows that count (n).
    pub observations: u64,
    /// Failing rows (不合格 and 严重不合格).
    pub fails: u64,
}

impl Observed {
    /// Observed: it has counted rows.
    #[must_use]
    pub fn observed(self) -> bool {
        self.observations > 0
    }

    /// Failing: it has a failing row.
    #[must_use]
    pub fn failing(self) -> bool {
        self.fails > 0
    }
}

/// How a criterion changed between two rounds. Every criterion is in
/// exactly one of these: one observed in a single round is never fixed
/// nor newly failing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Passing (observed, no failing row) before, failing now.
    NewlyFailing,
    /// Failing in both rounds.
    StillFailing,
    /// Failing before, observed now without a failing row.
    Fixed,
    /// Observed in both rounds, failing in neither.
    StillPassing,
    /// Not observed before, observed now.
    NewlyObserved,
    /// Observed before, not now.
    NoLongerObserved,
    /// Observed in neither round.
    NotObserved,
}

impl Change {
    /// Every change, in the order reports list them.
    pub const ALL: [Self; 7] = [
        Self::NewlyFailing,
        Self::StillFailing,
        Self::Fixed,
        Self::StillPassing,
        Self::NewlyObserved,
        Self::NoLongerObserved,
        Self::NotObserved,
    ];

    /// The change from `old` to `new`.
    #[must_use]
    pub fn of(old: Observed, new: Observed) -> Self {
        match (old.observed(), new.observed()) {
            (false, false) => Self::NotObserved,
            (false, true) => Self::NewlyObserved,
            (true, false) => Self::NoLongerObserved,
            (true, true) => match (old.failing(), new.failing()) {
                (true, true) => Self::StillFailing,
                (false, true) => Self::NewlyFailing,
                (true, false) => Self::Fixed,
                (false, false) => Self::StillPassing,
            },
        }
    }
}

/// `new − old`, when both are known.
#[must_use]
pub fn delta(old: Option<Decimal>, new: Option<Decimal>) -> Option<Decimal> {
    old.zip(new).map(|(o, n)| n - o)
}

/// How many places a unit rose in a ranking (`old − new`: negative when it
/// fell), when it is ranked in both.
#[must_use]
pub fn rank_change(old: Option<usize>, new: Option<usize>) -> Option<i64> {
    let (o, n) = (i64::try_from(old?).ok()?, i64::try_from(new?).ok()?);
    Some(o - n)
}

/// How many rounds, up to and including the last, in a row have the last
/// round's value (0 when the last has none): 连续上黑榜 N 次.
#[must_use]
pub fn streak<T: PartialEq>(by_round: &[Option<T>]) -> usize {
    match by_round.last() {
        Some(Some(last)) => by_round
            .iter()
            .rev()
            .take_while(|x| x.as_ref() == Some(last))
            .count(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn obs(observations: u64, fails: u64) -> Observed {
        Observed {
            observations,
            fails,
        }
    }

    #[test]
    fn every_pair_of_states_has_one_change() {
        let none = obs(0, 0);
        let pass = obs(3, 0);
        let fail = obs(3, 1);
        assert_eq!(Change::of(none, none), Change::NotObserved);
        assert_eq!(Change::of(none, fail), Change::NewlyObserved);
        assert_eq!(Change::of(fail, none), Change::NoLongerObserved);
        assert_eq!(Change::of(pass, fail), Change::NewlyFailing);
        assert_eq!(Change::of(fail, fail), Change::StillFailing);
        assert_eq!(Change::of(fail, pass), Change::Fixed);
        assert_eq!(Change::of(pass, pass), Change::StillPassing);
    }

    #[test]
    fn deltas_ranks_and_streaks() {
        let d = |s: &str| s.parse::<Decimal>().ok();
        assert_eq!(delta(d("80.50"), d("82.25")), d("1.75"));
        assert_eq!(delta(None, d("82.25")), None);
        assert_eq!(rank_change(Some(5), Some(2)), Some(3));
        assert_eq!(rank_change(Some(1), Some(4)), Some(-3));
        assert_eq!(rank_change(None, Some(4)), None);
        assert_eq!(streak(&[Some(1), Some(2), Some(2)]), 2);
        assert_eq!(streak(&[Some(2), Some(2), Some(2)]), 3);
        assert_eq!(streak(&[Some(2), None, Some(2)]), 1);
        assert_eq!(streak::<u8>(&[Some(2), None]), 0);
        assert_eq!(streak::<u8>(&[]), 0);
    }
}
