//! The `ceping score` report: every view (city, districts, streets, point
//! types, departments, items, criteria), rounded once, ranked and banded.

use std::collections::{HashMap, HashSet};

use num_traits::Zero;
use rust_decimal::Decimal;
use serde::Serialize;

use super::coverage::{Coverage, Seen, coverage};
use crate::i18n::Msg;
use crate::input::{InputInfo, RowCounts};
use crate::score::{self, Acc, Eval, Kind, Q, Tally, Unit, q, qi};
use crate::standard::Standard;

/// 红黑榜 thresholds.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Bands {
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub red: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub black: Option<Decimal>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Red,
    Black,
}

/// Everything `ceping score` knows.
#[derive(Debug, Serialize)]
pub struct ScoreReport {
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

#[derive(Debug, Serialize)]
pub struct StandardRef {
    pub id: String,
    pub name: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub full_score: Decimal,
    pub decimals: u32,
    pub weighted: bool,
}

/// Observation counts of a unit.
#[derive(Clone, Copy, Debug, Default, Serialize)]
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

#[derive(Debug, Serialize)]
pub struct CityScore {
    pub name: Option<String>,
    /// After penalties.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score_before_penalties: Num,
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

#[derive(Debug, Serialize)]
pub struct UnitScore {
    pub name: String,
    /// The district a street belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
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

#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct Part {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub earned: Decimal,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub max: Decimal,
    /// earned ÷ max in percent; `null` when nothing applies.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub rate: Num,
}

#[derive(Debug, Serialize)]
pub struct ItemScore {
    pub id: String,
    pub name: String,
    pub level: usize,
    pub parent: Option<String>,
    pub city: Part,
    pub districts: Vec<Part>,
}

#[derive(Debug, Serialize)]
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
}

/// What the report is built from besides the tally.
pub struct Meta<'a> {
    pub city: Option<String>,
    pub bands: Bands,
    pub target: Option<Decimal>,
    pub round: Option<String>,
    pub rounds: Vec<String>,
    pub inputs: Vec<InputInfo>,
    pub rows: RowCounts,
    pub standard: &'a Standard,
}

struct Rounder(u32);

impl Rounder {
    fn r(&self, x: &Q) -> Decimal {
        score::round(x, self.0)
    }

    fn opt(&self, x: Option<&Q>) -> Num {
        x.map(|x| self.r(x))
    }

    fn pct(&self, num: &Q, den: &Q) -> Num {
        (!den.is_zero()).then(|| self.r(&(num * qi(100) / den)))
    }
}

impl ScoreReport {
    /// Build the report of a (round-pooled) tally.
    #[must_use]
    pub fn build(tally: &Tally<'_>, meta: Meta<'_>) -> Self {
        let st = meta.standard;
        let rd = Rounder(st.decimals);
        let fs = q(st.full_score);
        let unit = |kind, name: &str, parent: Option<&str>| Unit {
            kind,
            name: name.to_string(),
            parent: parent.map(str::to_string),
        };
        let city_unit = unit(Kind::City, "", None);
        let city_accs = tally.accs(&city_unit);
        let city_eval = score::evaluate(st, &city_accs);
        let (city_pen, city_veto) = score::penalties(st, &tally.penalties(&city_unit));

        let unit_score = |u: &Unit| -> (UnitScore, Option<Q>) {
            let accs = tally.accs(u);
            let ev = score::evaluate(st, &accs);
            let (pen, veto) = if u.kind == Kind::District {
                score::penalties(st, &tally.penalties(u))
            } else {
                (Q::zero(), false)
            };
            let after = ev.total.as_ref().map(|t| score::after_penalties(t, &pen));
            let s = UnitScore {
                name: u.name.clone(),
                district: u.parent.clone(),
                score: rd.opt(after.as_ref()),
                score_before_penalties: rd.opt(ev.total.as_ref()),
                rate: after.as_ref().and_then(|a| rd.pct(a, &fs)),
                rank: None,
                band: None,
                penalties: rd.r(&pen),
                veto,
                stats: Stats::of(&accs),
            };
            (s, after)
        };
        let mut district_exact = Vec::new();
        let mut districts: Vec<UnitScore> = tally
            .units(Kind::District)
            .iter()
            .map(|u| {
                let (s, exact) = unit_score(u);
                district_exact.extend(exact);
                s
            })
            .collect();
        rank_units(&mut districts, meta.bands);
        let mut streets: Vec<UnitScore> = tally
            .units(Kind::Street)
            .iter()
            .map(|u| unit_score(u).0)
            .collect();
        rank_units(&mut streets, Bands::default());
        let mut point_types: Vec<UnitScore> = tally
            .units(Kind::PointType)
            .iter()
            .map(|u| unit_score(u).0)
            .collect();
        rank_units(&mut point_types, Bands::default());

        let district_mean = (!district_exact.is_empty()).then(|| {
            let n = qi(district_exact.len() as u64);
            district_exact.iter().sum::<Q>() / n
        });
        let city_after = city_eval
            .total
            .as_ref()
            .map(|t| score::after_penalties(t, &city_pen));
        let city_score = rd.opt(city_after.as_ref());
        let city = CityScore {
            name: meta.city.clone(),
            score: city_score,
            score_before_penalties: rd.opt(city_eval.total.as_ref()),
            district_mean: rd.opt(district_mean.as_ref()),
            rate: city_after.as_ref().and_then(|a| rd.pct(a, &fs)),
            penalties: rd.r(&city_pen),
            veto: city_veto,
            target: meta.target,
            meets_target: meta.target.zip(city_score).map(|(t, s)| s >= t),
            stats: Stats::of(&city_accs),
        };

        let departments = departments(st, tally, &city_accs, &city_eval, &rd);
        let items = items(st, tally, &city_accs, &rd);
        let criteria = criteria(st, &city_accs, &city_eval, &rd);
        Self {
            standard: StandardRef {
                id: st.id.clone(),
                name: st.name.clone(),
                full_score: st.full_score,
                decimals: st.decimals,
                weighted: st.weighted,
            },
            city,
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

fn rank_units(units: &mut [UnitScore], bands: Bands) {
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
    city: &[Acc],
    city_eval: &Eval,
    rd: &Rounder,
) -> Vec<DepartmentScore> {
    let fs = q(st.full_score);
    let shared = tally.accs(&Unit {
        kind: Kind::Shared,
        name: String::new(),
        parent: None,
    });
    let mut names: Vec<String> = tally
        .units(Kind::Department)
        .into_iter()
        .map(|u| u.name)
        .collect();
    for (c, a) in shared.iter().enumerate() {
        if a.rows > 0 {
            names.extend(st.departments(c).map(str::to_string));
        }
    }
    names.sort();
    names.dedup();
    let mut out: Vec<DepartmentScore> = names
        .into_iter()
        .filter_map(|name| {
            let own = tally.accs(&Unit {
                kind: Kind::Department,
                name: name.clone(),
                parent: None,
            });
            let accs = score::department_accs(st, &name, &shared, &own);
            let mut earned = Q::zero();
            let mut max = Q::zero();
            for (c, a) in st.criteria.iter().zip(&accs) {
                if let Some(e) = score::rules::earned(&c.rule, c.score, a) {
                    earned += e;
                    max += q(c.score);
                }
            }
            let stats = Stats::of(&accs);
            if stats.observations == 0 && accs.iter().all(|a| a.rows == 0) {
                return None;
            }
            let score = (!max.is_zero()).then(|| &fs * &earned / &max);
            Some(DepartmentScore {
                name,
                score: rd.opt(score.as_ref()),
                rate: score.as_ref().and_then(|s| rd.pct(s, &fs)),
                lost: rd.r(&score::lost(st, city, city_eval, &accs)),
                rank: None,
                stats,
            })
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

/// Each criterion's earned points in a unit (`None` where it does not
/// apply), computed once for all the groups it belongs to.
fn earned_all(st: &Standard, accs: &[Acc]) -> Vec<Option<Q>> {
    st.criteria
        .iter()
        .zip(accs)
        .map(|(c, a)| score::rules::earned(&c.rule, c.score, a))
        .collect()
}

/// A group's points in a unit, from [`earned_all`]; `zero` is 0 rounded
/// (what a group gets where none of its criteria applies, as most do in
/// a unit with few rows).
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

fn items(st: &Standard, tally: &Tally<'_>, city: &[Acc], rd: &Rounder) -> Vec<ItemScore> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); st.groups.len()];
    for (c, crit) in st.criteria.iter().enumerate() {
        for g in st.ancestry(crit.group) {
            members[g].push(c);
        }
    }
    let districts: Vec<(String, Vec<Option<Q>>)> = tally
        .units(Kind::District)
        .into_iter()
        .map(|u| {
            let e = earned_all(st, &tally.accs(&u));
            (u.name, e)
        })
        .collect();
    let city = earned_all(st, city);
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
                city: part(st, &city, &members[g], None, rd, zero),
                districts: districts
                    .iter()
                    .map(|(n, e)| part(st, e, &members[g], Some(n.clone()), rd, zero))
                    .collect(),
            }
        })
        .collect()
}

fn criteria(st: &Standard, city: &[Acc], ev: &Eval, rd: &Rounder) -> Vec<CriterionScore> {
    st.criteria
        .iter()
        .enumerate()
        .map(|(c, crit)| {
            let a = &city[c];
            let earned = ev.earned[c].as_ref();
            let max = q(crit.score);
            let lost = match (earned, &ev.lambda[c]) {
                (Some(e), Some(l)) => l * (&max - e),
                _ => Q::zero(),
            };
            CriterionScore {
                id: crit.id.clone(),
                text: crit.text.clone(),
                group: st.groups[crit.group].id.clone(),
                method: st.methods[crit.method].key.clone(),
                rule: crit.rule.kind().to_string(),
                max: crit.score,
                earned: rd.opt(earned),
                rate: earned.and_then(|e| rd.pct(e, &max)),
                lost: rd.r(&lost),
                problems: a.problems,
                missing: a.missing,
                stats: Stats::of(std::slice::from_ref(a)),
            }
        })
        .collect()
}
