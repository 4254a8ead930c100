//! The gates of a scheduled `ceping score`: conditions that make a run
//! exit 1 (the report still written). Each is defined once, here, whether
//! it comes from a flag or from `ceping.toml`'s `[gates]`.

use rust_decimal::Decimal;

use crate::i18n::Msg;
use crate::report::score::{Band, ScoreReport};

/// How many rejected rows `--max-rejects` allows: a number of rows, or a
/// percentage of the rows read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxRejects {
    Rows(u64),
    Percent(Decimal),
}

impl MaxRejects {
    /// `N` (rows) or `P%` (0 to 100); `None` for anything else.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some(p) = s.strip_suffix('%') {
            let p: Decimal = p.trim().parse().ok()?;
            (!p.is_sign_negative() && p <= Decimal::ONE_HUNDRED).then_some(Self::Percent(p))
        } else {
            s.parse().ok().map(Self::Rows)
        }
    }

    /// Whether `rejected` of `read` rows is more than allowed.
    #[must_use]
    pub fn exceeded(self, rejected: u64, read: u64) -> bool {
        match self {
            Self::Rows(n) => rejected > n,
            Self::Percent(p) => {
                Decimal::from(rejected) * Decimal::ONE_HUNDRED > p * Decimal::from(read)
            }
        }
    }
}

impl std::fmt::Display for MaxRejects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Rows(n) => write!(f, "{n}"),
            Self::Percent(p) => write!(f, "{}%", p.normalize()),
        }
    }
}

/// The gates a run is held to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gates {
    /// The city score must not be below this.
    pub fail_below: Option<Decimal>,
    /// No more rows rejected than this (with `--skip-invalid`).
    pub max_rejects: Option<MaxRejects>,
    /// Every listed district has rows, at every point type required.
    pub require_complete: bool,
    /// No 一票否决 on the city or any district.
    pub fail_on_veto: bool,
    /// No district on 黑榜.
    pub fail_on_black: bool,
}

impl Gates {
    /// These gates (the flags') over `base` (the project's): a value given
    /// here replaces the project's; a switch set in either is on.
    #[must_use]
    pub fn over(self, base: Self) -> Self {
        Self {
            fail_below: self.fail_below.or(base.fail_below),
            max_rejects: self.max_rejects.or(base.max_rejects),
            require_complete: self.require_complete || base.require_complete,
            fail_on_veto: self.fail_on_veto || base.fail_on_veto,
            fail_on_black: self.fail_on_black || base.fail_on_black,
        }
    }
}

/// A gate that failed: its key (as in `[gates]` of ceping.toml) and why.
#[derive(Debug)]
pub struct Failed {
    pub key: &'static str,
    pub msg: Msg,
}

/// The gates `report` fails, one message each (`require_complete` one per
/// gap in the data), in the order of the flags.
#[must_use]
pub fn failed(gates: &Gates, report: &ScoreReport) -> Vec<Failed> {
    let mut failed = Vec::new();
    let mut fail = |key, msg| failed.push(Failed { key, msg });
    if let (Some(gate), Some(score)) = (gates.fail_below, report.city.score)
        && score < gate
    {
        fail(
            "fail_below",
            Msg::BelowGate {
                score: score.to_string(),
                gate: gate.to_string(),
            },
        );
    }
    let rows = report.rows;
    if let Some(max) = gates.max_rejects
        && max.exceeded(rows.rejected, rows.read)
    {
        fail(
            "max_rejects",
            Msg::GateRejects {
                rejected: rows.rejected,
                read: rows.read,
                max: max.to_string(),
            },
        );
    }
    if gates.require_complete
        && let Some(msg) = report.coverage.incomplete()
    {
        fail("require_complete", msg);
    }
    if gates.fail_on_veto {
        let districts: Vec<String> = report
            .districts
            .iter()
            .filter(|d| d.veto)
            .map(|d| d.name.clone())
            .collect();
        if report.city.veto || !districts.is_empty() {
            fail(
                "fail_on_veto",
                Msg::GateVeto {
                    city: report.city.veto,
                    districts,
                },
            );
        }
    }
    if gates.fail_on_black {
        let districts: Vec<String> = report
            .districts
            .iter()
            .filter(|d| d.band == Some(Band::Black))
            .map(|d| d.name.clone())
            .collect();
        if !districts.is_empty() {
            fail("fail_on_black", Msg::GateBlack { districts });
        }
    }
    failed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn max_rejects_parses_rows_and_percentages() {
        assert_eq!(MaxRejects::parse("0"), Some(MaxRejects::Rows(0)));
        assert_eq!(MaxRejects::parse(" 12 "), Some(MaxRejects::Rows(12)));
        assert_eq!(
            MaxRejects::parse("10%"),
            Some(MaxRejects::Percent(dec("10")))
        );
        assert_eq!(
            MaxRejects::parse("2.5%"),
            Some(MaxRejects::Percent(dec("2.5")))
        );
        assert_eq!(
            MaxRejects::parse("100%"),
            Some(MaxRejects::Percent(dec("100")))
        );
        for bad in ["", "abc", "150%", "-1", "-1%", "%", "1.5", "10 rows"] {
            assert_eq!(MaxRejects::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn max_rejects_fails_only_above_the_limit() {
        let rows = MaxRejects::Rows(2);
        assert!(!rows.exceeded(2, 5));
        assert!(rows.exceeded(3, 5));
        let pct = MaxRejects::Percent(dec("10"));
        assert!(pct.exceeded(3, 5));
        assert!(!pct.exceeded(1, 10));
        assert!(pct.exceeded(2, 10));
        assert!(!pct.exceeded(0, 0));
        assert_eq!(pct.to_string(), "10%");
        assert_eq!(MaxRejects::Percent(dec("2.50")).to_string(), "2.5%");
    }

    #[test]
    fn flags_override_the_project() {
        let project = Gates {
            fail_below: Some(dec("80")),
            max_rejects: Some(MaxRejects::Rows(5)),
            fail_on_veto: true,
            ..Gates::default()
        };
        let flags = Gates {
            fail_below: Some(dec("90")),
            fail_on_black: true,
            ..Gates::default()
        };
        let g = flags.over(project);
        assert_eq!(g.fail_below, Some(dec("90")));
        assert_eq!(g.max_rejects, Some(MaxRejects::Rows(5)));
        assert!(g.fail_on_veto && g.fail_on_black && !g.require_complete);
        assert_eq!(Gates::default().over(project), project);
    }
}
