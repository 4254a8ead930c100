//! The `ceping gaps` report: the city's and each district's gap to the
//! target, and where the points are — per criterion (most first, with the
//! running total), per department, per district and up the standard's
//! tree. Computed by [`crate::score::gaps`], rounded once here.

use num_traits::Zero;
use rust_decimal::Decimal;
use serde::Serialize;

use super::score::{Band, Meta, Rounder, StandardRef, rank_units, unit_score};
use crate::input::{InputInfo, RowCounts};
use crate::score::{self, CityFigure, Headline, Kind, Q, Scored, Tally, gaps};
use crate::standard::Standard;

type Num = Option<Decimal>;

/// How many criteria the summary sentence names when no gap sets it.
pub const SUMMARY_TOP: usize = 5;

/// Everything `ceping gaps` knows.
#[derive(Debug, Serialize)]
pub struct GapsReport {
    /// [`FORMAT_VERSION`](crate::report::score::FORMAT_VERSION), first.
    pub format_version: u32,
    pub standard: StandardRef,
    /// The round analysed (`null` when the data has no rounds).
    pub round: Option<String>,
    pub rounds: Vec<String>,
    pub city: CityGap,
    /// The figures of the summary sentence.
    pub summary: Summary,
    /// `--top`: at most this many entries per list.
    pub top: Option<usize>,
    pub criteria: Vec<CriterionGap>,
    pub departments: Vec<DepartmentGap>,
    /// Ranked as `ceping score` ranks them.
    pub districts: Vec<DistrictGap>,
    /// The standard's groups in tree order, siblings most first.
    pub items: Vec<ItemGap>,
    pub inputs: Vec<InputInfo>,
    pub rows: RowCounts,
}

#[derive(Debug, Serialize)]
pub struct CityGap {
    pub name: Option<String>,
    pub headline: CityFigure,
    /// The headline figure, after penalties.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score_before_penalties: Num,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub target: Num,
    /// `score − target` (negative: below the target).
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub gap: Num,
    pub meets_target: Option<bool>,
    /// The recoverable points of every criterion together (they add up:
    /// see [`crate::score::gaps`]).
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub recoverable: Decimal,
}

/// The summary sentence's figures: the first `criteria` criteria recover
/// `recoverable` points and are led by `departments`.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub criteria: usize,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub recoverable: Decimal,
    pub departments: Vec<String>,
    /// Below the target: whether these criteria close the gap (they are
    /// the fewest that do, unless `--top` chose how many or none does).
    pub closes_gap: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct CriterionGap {
    pub rank: usize,
    pub id: String,
    pub text: String,
    pub group: String,
    pub lead: Option<String>,
    pub assist: Vec<String>,
    /// How much the headline before penalties would rise had every row of
    /// the criterion passed.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub recoverable: Decimal,
    /// The recoverable points of this criterion and all before it.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub cumulative: Decimal,
    pub observations: u64,
    /// Fails, severe included.
    pub fails: u64,
    pub severe: u64,
    /// The districts where it loses points, most first.
    pub districts: Vec<DistrictFails>,
}

/// A criterion in one district.
#[derive(Debug, Serialize)]
pub struct DistrictFails {
    pub name: String,
    pub fails: u64,
    /// How much the district's own score would rise.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub recoverable: Decimal,
}

#[derive(Debug, Serialize)]
pub struct DepartmentGap {
    pub name: String,
    /// Its exact lost points (as `ceping score` reports them): the rise of
    /// the headline had its rows all passed.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub lost: Decimal,
    /// The sum of the recoverable points of the criteria it leads or
    /// assists (a shared criterion counts for each of its departments).
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub gains: Decimal,
    /// Those criteria that lose points, most first (at most `--top`).
    pub criteria: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DistrictGap {
    pub name: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub score: Num,
    /// `score − target`.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub gap: Num,
    pub rank: Option<usize>,
    pub band: Option<Band>,
    /// What it loses most: how much its own score would rise per
    /// criterion.
    pub criteria: Vec<UnitLoss>,
}

/// A criterion's points in one unit's own score.
#[derive(Debug, Serialize)]
pub struct UnitLoss {
    pub id: String,
    pub text: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub recoverable: Decimal,
    pub fails: u64,
}

#[derive(Debug, Serialize)]
pub struct ItemGap {
    pub id: String,
    pub name: String,
    pub level: usize,
    pub parent: Option<String>,
    /// The sum of its criteria's recoverable points.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub recoverable: Decimal,
    /// Its criteria that lose points.
    pub criteria: usize,
}

impl GapsReport {
    /// Build the report of a (round-pooled) tally; `top` limits every list.
    #[must_use]
    pub fn build(tally: &Tally<'_>, meta: Meta<'_>, top: Option<usize>) -> Self {
        let st = meta.standard;
        let rd = Rounder(st.decimals);
        let nc = st.criteria.len();
        let limit = top.unwrap_or(usize::MAX);
        let city = Scored::city(st, tally);
        let districts_scored = Scored::all(st, tally, Kind::District);
        let headline = Headline::new(meta.figure, &city, &districts_scored);
        let figures = headline.figures(st);

        let gains = gaps::recoverable(st, &headline);
        let ranked = gaps::ranked(&gains);
        let city_totals = city.rows.totals(nc);
        let per_district: Vec<Vec<(usize, Q)>> = districts_scored
            .iter()
            .map(|d| gaps::unit_recoverable(st, d))
            .collect();
        let district_totals: Vec<_> = districts_scored.iter().map(|d| d.rows.totals(nc)).collect();

        let score = rd.opt(figures.score.as_ref());
        let gap = score.zip(meta.target).map(|(s, t)| s - t);
        let criteria: Vec<CriterionGap> = ranked
            .iter()
            .enumerate()
            .map(|(i, (c, g, cum))| {
                let crit = &st.criteria[*c];
                let a = &city_totals[*c];
                let mut districts: Vec<(Q, DistrictFails)> = districts_scored
                    .iter()
                    .enumerate()
                    .filter_map(|(d, unit)| {
                        let fails = district_totals[d][*c].fails();
                        let own = per_district[d]
                            .iter()
                            .find(|x| x.0 == *c)
                            .map_or_else(Q::zero, |x| x.1.clone());
                        (fails > 0 || !own.is_zero()).then(|| {
                            let shown = DistrictFails {
                                name: unit.unit.name.clone(),
                                fails,
                                recoverable: rd.r(&own),
                            };
                            (own, shown)
                        })
                    })
                    .collect();
                districts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
                CriterionGap {
                    rank: i + 1,
                    id: crit.id.clone(),
                    text: crit.text.clone(),
                    group: st.groups[crit.group].id.clone(),
                    lead: crit.lead.clone(),
                    assist: crit.assist.clone(),
                    recoverable: rd.r(g),
                    cumulative: rd.r(cum),
                    observations: a.counted(),
                    fails: a.fails(),
                    severe: a.severe,
                    districts: districts.into_iter().map(|x| x.1).collect(),
                }
            })
            .collect();
        let summary = summary(&criteria, gap, top);

        let mut departments: Vec<(Q, Q, DepartmentGap)> = score::lost::departments(st, tally)
            .into_iter()
            .map(|(name, rows)| {
                let lost = headline.rise(st, &rows);
                let mine = gaps::department_gains(st, &name, &gains);
                let criteria = ranked
                    .iter()
                    .filter(|(c, _, _)| st.departments(*c).any(|d| d == name))
                    .take(limit)
                    .map(|(c, _, _)| st.criteria[*c].id.clone())
                    .collect();
                let shown = DepartmentGap {
                    name,
                    lost: rd.r(&lost),
                    gains: rd.r(&mine),
                    criteria,
                };
                (lost, mine, shown)
            })
            .collect();
        departments.sort_by(|a, b| {
            (b.0.cmp(&a.0))
                .then(b.1.cmp(&a.1))
                .then(a.2.name.cmp(&b.2.name))
        });

        let mut units: Vec<_> = districts_scored
            .iter()
            .map(|d| unit_score(d, st, &rd))
            .collect();
        rank_units(&mut units, meta.bands);
        let districts = units
            .into_iter()
            .map(|u| {
                let d = districts_scored
                    .iter()
                    .position(|s| s.unit.name == u.name)
                    .unwrap_or_default();
                let criteria = gaps::ranked(&per_district[d])
                    .into_iter()
                    .take(limit)
                    .map(|(c, g, _)| UnitLoss {
                        id: st.criteria[c].id.clone(),
                        text: st.criteria[c].text.clone(),
                        recoverable: rd.r(&g),
                        fails: district_totals[d][c].fails(),
                    })
                    .collect();
                DistrictGap {
                    gap: u.score.zip(meta.target).map(|(s, t)| s - t),
                    name: u.name,
                    score: u.score,
                    rank: u.rank,
                    band: u.band,
                    criteria,
                }
            })
            .collect();

        Self {
            format_version: crate::report::score::FORMAT_VERSION,
            standard: StandardRef::of(st),
            round: meta.round,
            rounds: meta.rounds,
            city: CityGap {
                name: meta.city,
                headline: meta.figure,
                score,
                score_before_penalties: rd.opt(figures.before.as_ref()),
                target: meta.target,
                gap,
                meets_target: gap.map(|g| g >= Decimal::ZERO),
                recoverable: rd.r(&gains.iter().map(|x| &x.1).sum::<Q>()),
            },
            summary,
            top,
            criteria: criteria.into_iter().take(limit).collect(),
            departments: departments.into_iter().take(limit).map(|x| x.2).collect(),
            districts,
            items: items(st, &gains, &rd, limit),
            inputs: meta.inputs,
            rows: meta.rows,
        }
    }
}

/// The summary's figures: below the target, the fewest criteria whose
/// running total reaches the gap (all of them when none does); else the
/// first [`SUMMARY_TOP`]; `--top` overrides both.
fn summary(criteria: &[CriterionGap], gap: Num, top: Option<usize>) -> Summary {
    let short = gap.filter(Decimal::is_sign_negative).map(|g| -g);
    let n = match (top, short) {
        (Some(t), _) => t.min(criteria.len()),
        (None, Some(s)) => criteria
            .iter()
            .position(|c| c.cumulative >= s)
            .map_or(criteria.len(), |i| i + 1),
        (None, None) => SUMMARY_TOP.min(criteria.len()),
    };
    let first = &criteria[..n];
    let recoverable = first.last().map_or(Decimal::ZERO, |c| c.cumulative);
    let mut departments: Vec<String> = Vec::new();
    for lead in first.iter().filter_map(|c| c.lead.as_ref()) {
        if !departments.contains(lead) {
            departments.push(lead.clone());
        }
    }
    Summary {
        criteria: n,
        recoverable,
        departments,
        closes_gap: short.map(|s| recoverable >= s),
    }
}

/// The groups with points to recover, in tree order, siblings most first
/// (ties in the standard's order), at most `limit` under each parent.
fn items(st: &Standard, gains: &[(usize, Q)], rd: &Rounder, limit: usize) -> Vec<ItemGap> {
    let sums = gaps::by_group(st, gains);
    let mut losing = vec![0usize; st.groups.len()];
    for (c, g) in gains {
        if !g.is_zero() {
            for group in st.ancestry(st.criteria[*c].group) {
                losing[group] += 1;
            }
        }
    }
    let children = |parent: Option<usize>| {
        let mut kids: Vec<usize> = (0..st.groups.len())
            .filter(|&g| st.groups[g].parent == parent && !sums[g].is_zero())
            .collect();
        kids.sort_by(|&a, &b| sums[b].cmp(&sums[a]).then(a.cmp(&b)));
        kids.truncate(limit);
        kids
    };
    let mut out = Vec::new();
    let mut stack: Vec<usize> = children(None).into_iter().rev().collect();
    while let Some(g) = stack.pop() {
        let group = &st.groups[g];
        out.push(ItemGap {
            id: group.id.clone(),
            name: group.name.clone(),
            level: group.depth + 1,
            parent: group.parent.map(|p| st.groups[p].id.clone()),
            recoverable: rd.r(&sums[g]),
            criteria: losing[g],
        });
        stack.extend(children(Some(g)).into_iter().rev());
    }
    out
}
