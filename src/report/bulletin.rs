//! The 通报 (bulletin) of a round: the score, gaps, ledger and (when asked)
//! compare reports of one read, composed, and the few facts its summary
//! states in words. Every figure comes from one of those reports; the only
//! figure of its own is the city's 整改率, which no report has (the
//! ledger ranks districts and departments), summed from the district
//! summaries and rounded as they are.

use rust_decimal::Decimal;
use serde::Serialize;

use super::compare::CompareReport;
use super::gaps::GapsReport;
use super::ledger::LedgerReport;
use super::score::{FORMAT_VERSION, ScoreReport};
use crate::score::{qi, round};

/// How many of the criteria that lose most the summary names.
pub const SUMMARY_CRITERIA: usize = 3;

/// How many criteria the bulletin lists.
pub const LISTED_CRITERIA: usize = 10;

/// The bulletin's sections, in the order they are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Summary,
    Districts,
    Departments,
    Criteria,
    Items,
    Ledger,
    Notes,
}

impl Section {
    pub const ALL: [Self; 7] = [
        Self::Summary,
        Self::Districts,
        Self::Departments,
        Self::Criteria,
        Self::Items,
        Self::Ledger,
        Self::Notes,
    ];

    /// The section's key, as JSON and the HTML anchors name it.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Summary => "summary",
            Self::Districts => "districts",
            Self::Departments => "departments",
            Self::Criteria => "criteria",
            Self::Items => "items",
            Self::Ledger => "ledger",
            Self::Notes => "notes",
        }
    }
}

/// Everything the bulletin shows.
#[derive(Debug, Serialize)]
pub struct Bulletin {
    /// [`FORMAT_VERSION`], first.
    pub format_version: u32,
    /// The date the bulletin is as of (`YYYY-MM-DD`).
    pub as_of: String,
    pub facts: Facts,
    pub score: ScoreReport,
    /// Where the points are, every criterion (the bulletin lists the first
    /// [`LISTED_CRITERIA`]).
    pub gaps: GapsReport,
    /// The problems of the round, as of [`Bulletin::as_of`].
    pub ledger: LedgerReport,
    /// The round compared with and this one (`--compare-with`).
    pub compare: Option<CompareReport>,
}

/// The figures the summary states, each taken from a report.
#[derive(Debug, Serialize)]
pub struct Facts {
    /// Districts scored.
    pub districts: usize,
    /// Districts whose score reached the target (`null`: no target).
    pub reached: Option<usize>,
    pub best: Option<Named>,
    pub worst: Option<Named>,
    /// The label of the round compared with.
    pub since: Option<String>,
    /// The city's score less the one compared with.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub delta: Option<Decimal>,
    pub rectification: Rectification,
}

/// A district and its score.
#[derive(Debug, Serialize)]
pub struct Named {
    pub name: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub score: Decimal,
}

/// The city's ledger: the district summaries summed.
#[derive(Debug, Default, Serialize)]
pub struct Rectification {
    pub issued: u64,
    pub rectified: u64,
    pub overdue: u64,
    pub relapsed: u64,
    /// 整改率 = rectified ÷ issued, in percent (`null`: nothing issued).
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub rectified_rate: Option<Decimal>,
}

impl Bulletin {
    /// Compose the reports of one read. `gaps` should list at least the
    /// criteria the bulletin shows.
    #[must_use]
    pub fn build(
        as_of: String,
        score: ScoreReport,
        gaps: GapsReport,
        ledger: LedgerReport,
        compare: Option<CompareReport>,
    ) -> Self {
        let ranked = |d: &super::score::UnitScore| {
            d.score.map(|score| Named {
                name: d.name.clone(),
                score,
            })
        };
        // The district list is in rank order; unscored districts last.
        let scored: Vec<_> = score.districts.iter().filter_map(ranked).collect();
        let mut scored = scored.into_iter();
        let best = scored.next();
        let worst = scored.next_back();
        let worst = worst.or_else(|| {
            best.as_ref().map(|b| Named {
                name: b.name.clone(),
                score: b.score,
            })
        });
        let reached = gaps.city.target.map(|_| {
            gaps.districts
                .iter()
                .filter(|d| d.gap.is_some_and(|g| !g.is_sign_negative()))
                .count()
        });
        let mut rect = Rectification::default();
        for s in &ledger.districts {
            rect.issued += s.issued;
            rect.rectified += s.rectified;
            rect.overdue += s.overdue;
            rect.relapsed += s.relapsed;
        }
        let decimals = score.standard.decimals;
        rect.rectified_rate = (rect.issued > 0)
            .then(|| round(&(qi(rect.rectified) * qi(100) / qi(rect.issued)), decimals));
        let (since, delta) = match &compare {
            Some(c) => (
                c.rounds.len().checked_sub(2).map(|i| c.rounds[i].clone()),
                c.city.delta,
            ),
            None => (None, None),
        };
        let facts = Facts {
            districts: score.districts.len(),
            reached,
            best,
            worst,
            since,
            delta,
            rectification: rect,
        };
        Self {
            format_version: FORMAT_VERSION,
            as_of,
            facts,
            score,
            gaps,
            ledger,
            compare,
        }
    }
}
