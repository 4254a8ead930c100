//! The `ceping score` report: every view (city, districts, streets, point
//! types, departments, items, criteria), rounded once, ranked and banded.

use std::collections::{HashMap, HashSet};

use num_traits::Zero;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::coverage::{Coverage, Seen, coverage};
use crate::i18n::Msg;
use crate::input::{InputInfo, RowCounts};
use crate::score::{self, Acc, CityFigure, Headline, Kind, Q, Scored, Tally, q, qi};
use crate::standard::Standard;

/// 红黑榜 thresholds.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Bands {
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub red: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub black: Option<Decimal>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Red,
    Black,
}

/// The version of the JSON reports' layout (`format_version`): raised when
/// a key is renamed or removed, or its meaning changes; adding a key keeps
/// it.
pub const FORMAT_VERSION: u32 = 1;

/// Everything `ceping score` knows.
#[derive(Debug, Serialize, Deserialize)]
pub struct ScoreReport {
    /// [`FORMAT_VERSION`], first in the JSON, so a reader can check it.
    pub format_version: u32,
    pub standard: StandardRef,
    pub city: CityScore,
    /// The round scored (`null` when the data has no rounds).
    pub round: Option<String>,
    /// The rounds pooled into this report.
    pub rounds: Vec<String>,
    pub districts: Vec<UnitScore>,
    pub streets: Vec<UnitScore>,
    pub point_types: Vec<UnitScore>,
    pub departments: Vec<DepartmentScore>,
    pub items: Vec<ItemScore>,
    pub criteria: Vec<CriterionScore>,
    pub inputs: Vec<InputInfo>,
    pub rows: RowCounts,
    /// What the rows leave out (see [`ScoreReport::add_coverage`]).
    pub coverage: Coverage,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardRef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub full_score: Decimal,
    pub decimals: u32,
    pub weighted: bool,
}

impl StandardRef {
    /// The standard's identity, as reports name it.
    #[must_use]
    pub fn of(st: &Standard) -> Self {
        Self {
            id: st.id.clone(),
            name: st.name.clone(),
            edition: st.edition.clone(),
            full_score: st.full_score,
            decimals: st.decimals,
            weighted: st.weighted,
        }
    }
}

/// Observation counts of a unit.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Stats {
    /// Rows that count (n): passes, fails, severe and graded rows.
    pub observations: u64,
    pub passes: u64,
    /// Fails, severe included.
    pub fails: u64,
    pub severe: u64,
    pub unobservable: u64,
    pub not_applicable: u64,
    /// Criteria that apply in the unit.
    pub criteria: usize,
}

impl Stats {
    fn of(accs: &[Acc]) -> Self {
        let mut s = Self::default();
        for a in accs {
            s.observations += a.counted();
            s.passes += a.pass;
            s.fails += a.fails();
            s.severe += a.severe;
            s.unobservable += a.unobservable;
            s.not_applicable += a.not_applicable;
            s.criteria += usize::from(a.counted() > 0);
        }
        s
    }
}

type Num = Option<Decimal>;

#[derive(Debug, Serialize, Deserialize)]
pub struct CityScore {
    pub name: Option<String>,
    /// Which figure `score` is: `pooled` or `district_mean`.
    pub headline: CityFigure,
    /// The headline figure, after penalties.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score_before_penalties: Num,
    /// The city scored from all rows, after penalties.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub pooled: Num,
    /// The mean of the district scores.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub district_mean: Num,
    /// `score ÷ full_score`, in percent.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub rate: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub penalties: Decimal,
    pub veto: bool,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub target: Num,
    pub meets_target: Option<bool>,
    #[serde(flatten)]
    pub stats: Stats,
}

impl CityScore {
    /// The score less the target (negative: below it), when both are
    /// known.
    #[must_use]
    pub fn gap(&self) -> Num {
        self.score.zip(self.target).map(|(s, t)| s - t)
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UnitScore {
    pub name: String,
    /// The district a street belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score_before_penalties: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub rate: Num,
    pub rank: Option<usize>,
    pub band: Option<Band>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub penalties: Decimal,
    pub veto: bool,
    #[serde(flatten)]
    pub stats: Stats,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct DepartmentScore {
    pub name: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub rate: Num,
    /// 失分: how much the city score would rise had its rows all passed.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub lost: Decimal,
    pub rank: Option<usize>,
    #[serde(flatten)]
    pub stats: Stats,
}

/// Points of a group (item, indicator) in one unit.
#[derive(Debug, Serialize, Deserialize)]
pub struct Part {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub earned: Decimal,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub max: Decimal,
    /// earned ÷ max in percent; `null` when nothing applies.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub rate: Num,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ItemScore {
    pub id: String,
    pub name: String,
    pub level: usize,
    pub parent: Option<String>,
    pub city: Part,
    pub districts: Vec<Part>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CriterionScore {
    pub id: String,
    pub text: String,
    pub group: String,
    pub method: String,
    pub rule: String,
    /// 分值.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub max: Decimal,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub earned: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub rate: Num,
    /// City points lost on this criterion: λ × (分值 − earned).
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub lost: Decimal,
    pub problems: u64,
    pub missing: u64,
    #[serde(flatten)]
    pub stats: Stats,
    /// The districts where the criterion has counted rows (is observed),
    /// by name.
    pub districts: Vec<CriterionInDistrict>,
}

/// A criterion's rows in one district.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionInDistrict {
    pub name: String,
    /// Rows that count.
    pub observations: u64,
    /// Failing rows, severe included.
    pub fails: u64,
}

/// What the report is built from besides the tally.
pub struct Meta<'a> {
    pub city: Option<String>,
    pub bands: Bands,
    pub target: Option<Decimal>,
    pub figure: CityFigure,
    /// Threads the report may use (1: none besides the caller's).
    pub threads: usize,
    pub round: Option<String>,
    pub rounds: Vec<String>,
    pub inputs: Vec<InputInfo>,
    pub rows: RowCounts,
    pub standard: &'a Standard,
}

pub(crate) struct Rounder(pub(crate) u32);

impl Rounder {
    pub(crate) fn r(&self, x: &Q) -> Decimal {
        score::round(x, self.0)
    }

    pub(crate) fn opt(&self, x: Option<&Q>) -> Num {
        x.map(|x| self.r(x))
    }

    pub(crate) fn pct(&self, num: &Q, den: &Q) -> Num {
        (!den.is_zero()).then(|| self.r(&(num * qi(100) / den)))
    }
}

/// A scored unit as reported: rounded, not yet ranked.
pub(crate) fn unit_score(s: &Scored, st: &Standard, rd: &Rounder) -> UnitScore {
    UnitScore {
        name: s.unit.name.clone(),
        district: s.unit.parent.clone(),
        score: rd.opt(s.after.as_ref()),
        score_before_penalties: rd.opt(s.eval.total.as_ref()),
        rate: s.after.as_ref().and_then(|a| rd.pct(a, &q(st.full_score))),
        rank: None,
        band: None,
        penalties: rd.r(&s.penalties),
        veto: s.veto,
        stats: Stats::of(&s.rows.totals(st.criteria.len())),
    }
}

/// The units of `kind`, scored, reported and ranked. Each unit's exact
/// state is dropped once reported: a million streets would otherwise hold
/// a million of them.
fn unit_view(st: &Standard, tally: &Tally<'_>, kind: Kind, rd: &Rounder) -> Vec<UnitScore> {
    let mut out: Vec<UnitScore> = tally
        .view(kind)
        .into_iter()
        .map(|(u, rows)| unit_score(&Scored::new(st, tally, u, rows), st, rd))
        .collect();
    rank_units(&mut out, Bands::default());
    out
}

impl ScoreReport {
    /// Build the report of a (round-pooled) tally.
    #[must_use]
    pub fn build(tally: &Tally<'_>, meta: Meta<'_>) -> Self {
        let st = meta.standard;
        let rd = Rounder(st.decimals);
        // The streets and point types are scored on a thread of their own
        // when there are threads to spare; the report is the same.
        let side = || {
            (
                unit_view(st, tally, Kind::Street, &rd),
                unit_view(st, tally, Kind::PointType, &rd),
            )
        };
        std::thread::scope(|scope| {
            let spare = (meta.threads > 1).then(|| scope.spawn(side));
            Self::build_with(tally, meta, &rd, || match spare {
                Some(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => side(),
            })
        })
    }

    /// [`ScoreReport::build`], the streets and point types given by `side`.
    fn build_with(
        tally: &Tally<'_>,
        meta: Meta<'_>,
        rd: &Rounder,
        side: impl FnOnce() -> (Vec<UnitScore>, Vec<UnitScore>),
    ) -> Self {
        let st = meta.standard;
        let fs = q(st.full_score);
        let nc = st.criteria.len();
        let city = Scored::city(st, tally);
        let districts_scored = Scored::all(st, tally, Kind::District);
        let mut districts: Vec<UnitScore> = districts_scored
            .iter()
            .map(|s| unit_score(s, st, rd))
            .collect();
        rank_units(&mut districts, meta.bands);

        // The districts that have a score make the district mean.
        let headline = Headline::new(meta.figure, &city, &districts_scored);
        let figures = headline.figures(st);
        let city_score = rd.opt(figures.score.as_ref());
        let city_report = CityScore {
            name: meta.city.clone(),
            headline: meta.figure,
            score: city_score,
            score_before_penalties: rd.opt(figures.before.as_ref()),
            pooled: rd.opt(city.after.as_ref()),
            district_mean: rd.opt(figures.district_mean.as_ref()),
            rate: figures.score.as_ref().and_then(|a| rd.pct(a, &fs)),
            penalties: rd.r(&figures.penalties),
            veto: city.veto,
            target: meta.target,
            meets_target: meta.target.zip(city_score).map(|(t, s)| s >= t),
            stats: Stats::of(&city.rows.totals(nc)),
        };

        let departments = departments(st, tally, &headline, rd);
        let items = items(st, &districts_scored, &figures.earned, rd);
        let criteria = criteria(st, &city.rows.totals(nc), &districts_scored, &figures, rd);
        let (streets, point_types) = side();
        Self {
            format_version: FORMAT_VERSION,
            standard: StandardRef::of(st),
            city: city_report,
            round: meta.round,
            rounds: meta.rounds,
            districts,
            streets,
            point_types,
            departments,
            items,
            criteria,
            inputs: meta.inputs,
            rows: meta.rows,
            coverage: Coverage::default(),
        }
    }

    /// Add the data coverage of the rows `seen` to a built report: the
    /// `coverage` section, and every district listed in ceping.toml
    /// (`listed`) that has no rows joins the district view with no score,
    /// rank or band, after the ranked districts. It was not among the
    /// scored districts, so it is not in the district mean.
    pub fn add_coverage(&mut self, st: &Standard, listed: &[String], seen: &Seen) {
        let mut cov = coverage(st, listed, seen);
        let zero = score::round(&Q::zero(), st.decimals);
        let scored: HashSet<String> = self.districts.iter().map(|u| u.name.clone()).collect();
        for d in cov.districts.iter().filter(|d| !d.rows) {
            if scored.contains(&d.name) {
                continue;
            }
            self.districts.push(UnitScore {
                name: d.name.clone(),
                district: None,
                score: None,
                score_before_penalties: None,
                rate: None,
                rank: None,
                band: None,
                penalties: zero,
                veto: false,
                stats: Stats::default(),
            });
        }
        // The view's order again (the ranks stay: unscored units have none).
        rank_by(
            &mut self.districts,
            |u| u.score,
            |u| u.name.as_str(),
            |u, r| u.rank = Some(r),
        );
        let at: HashMap<&str, usize> = self
            .districts
            .iter()
            .enumerate()
            .map(|(i, u)| (u.name.as_str(), i))
            .collect();
        cov.districts
            .sort_by_key(|d| at.get(d.name.as_str()).copied().unwrap_or(usize::MAX));
        self.coverage = cov;
    }

    /// The coverage warnings (see [`Coverage::warnings`]), naming the round
    /// when one round is scored.
    #[must_use]
    pub fn coverage_warnings(&self) -> Vec<Msg> {
        let round = match self.rounds.as_slice() {
            [r] => Some(r.as_str()),
            _ => None,
        };
        self.coverage.warnings(round)
    }
}

/// Competition ranking by rounded score, descending: 1, 2, 2, 4. Units
/// without a score are not ranked and go last.
fn rank_by<T>(
    items: &mut [T],
    score: impl Fn(&T) -> Num,
    name: impl Fn(&T) -> &str,
    mut set: impl FnMut(&mut T, usize),
) {
    items.sort_by(|a, b| score(b).cmp(&score(a)).then_with(|| name(a).cmp(name(b))));
    let mut rank = 0;
    let mut prev: Num = None;
    for (i, it) in items.iter_mut().enumerate() {
        let s = score(it);
        if s.is_none() {
            continue;
        }
        if s != prev {
            rank = i + 1;
            prev = s;
        }
        set(it, rank);
    }
}

pub(crate) fn rank_units(units: &mut [UnitScore], bands: Bands) {
    rank_by(
        units,
        |u| u.score,
        |u| u.name.as_str(),
        |u, r| u.rank = Some(r),
    );
    for u in units.iter_mut() {
        u.band = u.score.and_then(|s| {
            if bands.red.is_some_and(|r| s >= r) {
                Some(Band::Red)
            } else if bands.black.is_some_and(|b| s < b) {
                Some(Band::Black)
            } else {
                None
            }
        });
    }
}

fn departments(
    st: &Standard,
    tally: &Tally<'_>,
    headline: &Headline<'_>,
    rd: &Rounder,
) -> Vec<DepartmentScore> {
    let fs = q(st.full_score);
    let nc = st.criteria.len();
    let mut out: Vec<DepartmentScore> = score::lost::departments(st, tally)
        .into_iter()
        .map(|(name, rows)| {
            let score = score::lost::department_score(st, &rows);
            let lost = headline.rise(st, &rows);
            DepartmentScore {
                name,
                score: rd.opt(score.as_ref()),
                rate: score.as_ref().and_then(|s| rd.pct(s, &fs)),
                lost: rd.r(&lost),
                rank: None,
                stats: Stats::of(&rows.totals(nc)),
            }
        })
        .collect();
    rank_by(
        &mut out,
        |d| d.score,
        |d| d.name.as_str(),
        |d, r| d.rank = Some(r),
    );
    out
}

/// A group's points in a unit, from the unit's earned points per criterion;
/// `zero` is 0 rounded (what a group gets where none of its criteria
/// applies, as most do in a unit with few rows).
fn part(
    st: &Standard,
    earned_by: &[Option<Q>],
    members: &[usize],
    name: Option<String>,
    rd: &Rounder,
    zero: Decimal,
) -> Part {
    let mut earned = Q::zero();
    let mut max = Q::zero();
    let mut applies = false;
    for &c in members {
        if let Some(e) = &earned_by[c] {
            earned += e;
            max += q(st.criteria[c].score);
            applies = true;
        }
    }
    if !applies {
        return Part {
            name,
            earned: zero,
            max: zero,
            rate: None,
        };
    }
    Part {
        name,
        earned: rd.r(&earned),
        max: rd.r(&max),
        rate: rd.pct(&earned, &max),
    }
}

fn items(st: &Standard, districts: &[Scored], city: &[Option<Q>], rd: &Rounder) -> Vec<ItemScore> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); st.groups.len()];
    for (c, crit) in st.criteria.iter().enumerate() {
        for g in st.ancestry(crit.group) {
            members[g].push(c);
        }
    }
    let zero = rd.r(&Q::zero());
    // Pre-order, like the standard's tree.
    let mut order = Vec::new();
    let mut stack: Vec<usize> = (0..st.groups.len())
        .rev()
        .filter(|&g| st.groups[g].parent.is_none())
        .collect();
    while let Some(g) = stack.pop() {
        order.push(g);
        stack.extend(
            (0..st.groups.len())
                .rev()
                .filter(|&x| st.groups[x].parent == Some(g)),
        );
    }
    order
        .into_iter()
        .map(|g| {
            let group = &st.groups[g];
            ItemScore {
                id: group.id.clone(),
                name: group.name.clone(),
                level: group.depth + 1,
                parent: group.parent.map(|p| st.groups[p].id.clone()),
                city: part(st, city, &members[g], None, rd, zero),
                districts: districts
                    .iter()
                    .map(|d| {
                        let name = Some(d.unit.name.clone());
                        part(st, &d.eval.earned, &members[g], name, rd, zero)
                    })
                    .collect(),
            }
        })
        .collect()
}

fn criteria(
    st: &Standard,
    city: &[Acc],
    districts: &[Scored],
    figures: &score::Figures,
    rd: &Rounder,
) -> Vec<CriterionScore> {
    let nc = st.criteria.len();
    // Per criterion, the districts where it is observed, by name.
    let mut observed: Vec<Vec<CriterionInDistrict>> = vec![Vec::new(); nc];
    for d in districts {
        for (c, a) in d.rows.totals(nc).iter().enumerate() {
            if a.counted() > 0 {
                observed[c].push(CriterionInDistrict {
                    name: d.unit.name.clone(),
                    observations: a.counted(),
                    fails: a.fails(),
                });
            }
        }
    }
    st.criteria
        .iter()
        .enumerate()
        .map(|(c, crit)| {
            let a = &city[c];
            let earned = figures.earned[c].as_ref();
            let max = q(crit.score);
            CriterionScore {
                id: crit.id.clone(),
                text: crit.text.clone(),
                group: st.groups[crit.group].id.clone(),
                method: st.methods[crit.method].key.clone(),
                rule: crit.rule.kind().to_string(),
                max: crit.score,
                earned: rd.opt(earned),
                rate: earned.and_then(|e| rd.pct(e, &max)),
                lost: rd.r(&figures.lost[c]),
                problems: a.problems,
                missing: a.missing,
                stats: Stats::of(std::slice::from_ref(a)),
                districts: std::mem::take(&mut observed[c]),
            }
        })
        .collect()
}
