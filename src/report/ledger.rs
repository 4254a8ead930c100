//! The `ceping problems` report: the problem list (整改台账) and its
//! summaries per district and per department, ranked. Serialisable with
//! stable English keys; rates rounded once, to the standard's decimals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::input::Source;
use crate::score::ledger::{Ledger, Problem, State, show_date};
use crate::score::{self, qi};
use crate::standard::Standard;

/// Which problems the list shows (`--status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// Not rectified (未整改, 整改中), overdue or not
    Open,
    /// Open past the deadline
    Overdue,
    /// Rectified (已整改)
    Rectified,
    /// Rectified, then failing again in a later round (回潮)
    Relapsed,
    /// Every problem
    #[default]
    All,
}

impl StatusFilter {
    #[must_use]
    pub fn keeps(self, p: &Problem) -> bool {
        match self {
            Self::Open => p.is_open(),
            Self::Overdue => p.is_overdue(),
            Self::Rectified => p.state == State::Rectified,
            Self::Relapsed => p.relapsed,
            Self::All => true,
        }
    }
}

/// What the list was asked for.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Filters {
    pub department: Option<String>,
    pub district: Option<String>,
    pub status: StatusFilter,
}

/// Everything `ceping problems` knows.
#[derive(Debug, Serialize)]
pub struct LedgerReport {
    /// [`FORMAT_VERSION`](crate::report::score::FORMAT_VERSION), first.
    pub format_version: u32,
    pub standard: crate::report::score::StandardRef,
    /// The date the ledger is read as of (`YYYY-MM-DD`): rows after it are
    /// not seen; days overdue count to it.
    pub as_of: String,
    /// The round asked for (`null` when the rows have none).
    pub round: Option<String>,
    /// The rounds whose problems are listed.
    pub rounds: Vec<String>,
    pub filters: Filters,
    pub problems: Vec<ProblemRow>,
    pub districts: Vec<Summary>,
    pub departments: Vec<Summary>,
}

/// One problem as reported.
#[derive(Debug, Serialize)]
pub struct ProblemRow {
    pub id: String,
    pub round: Option<String>,
    pub date: Option<String>,
    pub district: String,
    pub street: Option<String>,
    pub point_type: Option<String>,
    pub point: Option<String>,
    pub criterion: String,
    pub criterion_text: String,
    /// `fail` (不合格) or `severe` (严重不合格).
    pub severity: &'static str,
    /// Lead first.
    pub departments: Vec<String>,
    pub note: Option<String>,
    pub photo: Option<String>,
    pub inspector: Option<String>,
    pub deadline: Option<String>,
    pub status: State,
    pub rectified_on: Option<String>,
    pub on_time: bool,
    /// 复查未通过.
    pub recheck_failed: bool,
    /// 回潮.
    pub relapsed: bool,
    pub overdue_days: u32,
    /// `file:line` (a sheet: `file[sheet]:row`).
    pub source: String,
}

/// The ledger of one district or department.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// 1 for the best 整改率 (then 按期整改率, then fewest overdue); ties
    /// share a rank.
    pub rank: usize,
    pub name: String,
    pub issued: u64,
    pub rectified: u64,
    pub on_time: u64,
    /// Not rectified, overdue included.
    pub open: u64,
    pub overdue: u64,
    pub relapsed: u64,
    /// 整改率 = rectified ÷ issued, in percent.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub rectified_rate: Option<Decimal>,
    /// 按期整改率 = rectified on time ÷ issued, in percent.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub on_time_rate: Option<Decimal>,
}

/// What the report is built from.
pub struct Meta<'a> {
    pub standard: &'a Standard,
    pub sources: &'a [Source],
    pub round: Option<String>,
    /// The rounds listed (`""` for rows without a round).
    pub pooled: &'a [String],
    pub filters: Filters,
}

#[derive(Default)]
struct Counts {
    issued: u64,
    rectified: u64,
    on_time: u64,
    open: u64,
    overdue: u64,
    relapsed: u64,
}

impl Counts {
    fn add(&mut self, p: &Problem) {
        self.issued += 1;
        self.rectified += u64::from(!p.is_open());
        self.on_time += u64::from(p.on_time);
        self.open += u64::from(p.is_open());
        self.overdue += u64::from(p.is_overdue());
        self.relapsed += u64::from(p.relapsed);
    }
}

impl LedgerReport {
    /// The report of a ledger: the problems of the pooled rounds, of the
    /// district and department asked for; the summaries over those
    /// (whatever `--status` shows), the list filtered by status.
    #[must_use]
    pub fn build(ledger: Ledger<'_>, meta: Meta<'_>) -> Self {
        let st = meta.standard;
        let f = &meta.filters;
        let as_of = show_date(ledger.as_of());
        let chosen: Vec<Problem> = ledger
            .into_problems()
            .into_iter()
            .filter(|p| meta.pooled.contains(&p.round))
            .filter(|p| f.district.as_ref().is_none_or(|d| *d == p.district))
            .filter(|p| {
                f.department
                    .as_ref()
                    .is_none_or(|d| p.departments.contains(d))
            })
            .collect();
        let mut districts: BTreeMap<&str, Counts> = BTreeMap::new();
        let mut departments: BTreeMap<&str, Counts> = BTreeMap::new();
        for p in &chosen {
            districts.entry(&p.district).or_default().add(p);
            for d in &p.departments {
                departments.entry(d).or_default().add(p);
            }
        }
        let summaries = |m: BTreeMap<&str, Counts>| ranked(st, m);
        let districts = summaries(districts);
        let departments = summaries(departments);
        let problems = chosen
            .into_iter()
            .filter(|p| f.status.keeps(p))
            .map(|p| row(st, meta.sources, p))
            .collect();
        Self {
            format_version: crate::report::score::FORMAT_VERSION,
            standard: crate::report::score::StandardRef::of(st),
            as_of,
            round: meta.round,
            rounds: meta
                .pooled
                .iter()
                .filter(|r| !r.is_empty())
                .cloned()
                .collect(),
            filters: meta.filters,
            problems,
            districts,
            departments,
        }
    }
}

fn row(st: &Standard, sources: &[Source], p: Problem) -> ProblemRow {
    let crit = &st.criteria[p.criterion];
    let file = sources.get(p.loc.input).map_or("-", |s| s.display.as_str());
    ProblemRow {
        id: p.id,
        round: (!p.round.is_empty()).then_some(p.round),
        date: p.date.map(show_date),
        district: p.district,
        street: p.street,
        point_type: p.point_type,
        point: p.point,
        criterion: crit.id.clone(),
        criterion_text: crit.text.clone(),
        severity: if p.severe { "severe" } else { "fail" },
        departments: p.departments,
        note: p.note,
        photo: p.photo,
        inspector: p.inspector,
        deadline: p.deadline.map(show_date),
        status: p.state,
        rectified_on: p.rectified_on.map(show_date),
        on_time: p.on_time,
        recheck_failed: p.recheck_failed,
        relapsed: p.relapsed,
        overdue_days: p.overdue_days,
        source: format!("{file}:{}", p.loc.line),
    }
}

/// Summaries ranked by 整改率, then 按期整改率, then fewest overdue (ties
/// share a rank), then by name.
fn ranked(st: &Standard, m: BTreeMap<&str, Counts>) -> Vec<Summary> {
    let pct =
        |n: u64, d: u64| (d > 0).then(|| score::round(&(qi(n) * qi(100) / qi(d)), st.decimals));
    let mut out: Vec<Summary> = m
        .into_iter()
        .map(|(name, c)| Summary {
            rank: 0,
            name: name.to_string(),
            issued: c.issued,
            rectified: c.rectified,
            on_time: c.on_time,
            open: c.open,
            overdue: c.overdue,
            relapsed: c.relapsed,
            rectified_rate: pct(c.rectified, c.issued),
            on_time_rate: pct(c.on_time, c.issued),
        })
        .collect();
    // Exact ratios decide, not the rounded ones (cross-multiplied).
    let order = |a: &Summary, b: &Summary| {
        let higher = |x: u64, dx: u64, y: u64, dy: u64| {
            (u128::from(y) * u128::from(dx)).cmp(&(u128::from(x) * u128::from(dy)))
        };
        higher(a.rectified, a.issued, b.rectified, b.issued)
            .then(higher(a.on_time, a.issued, b.on_time, b.issued))
            .then(a.overdue.cmp(&b.overdue))
    };
    out.sort_by(|a, b| order(a, b).then_with(|| a.name.cmp(&b.name)));
    let mut rank = 0;
    for i in 0..out.len() {
        if i == 0 || order(&out[i - 1], &out[i]).is_ne() {
            rank = i + 1;
        }
        out[i].rank = rank;
    }
    out
}
