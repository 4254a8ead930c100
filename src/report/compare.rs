//! The `ceping compare` report: two or more score reports of one standard
//! (rounds scored from the same inputs, or saved JSON reports) side by
//! side. Scores per round, the change between the last two rounds (delta,
//! rank change, bands entered or left), band streaks over every round, and
//! each criterion's change, city-wide and per district. Nothing printed.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::score::{Band, FORMAT_VERSION, ScoreReport, StandardRef};
use crate::diag::{Diagnostic, LineIndex, Pos, Severity};
use crate::i18n::Msg;
use crate::score::compare::{Change, Observed, delta, rank_change, streak};

type Num = Option<Decimal>;

/// What changed between rounds.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareReport {
    /// [`FORMAT_VERSION`], as in the score report.
    pub format_version: u32,
    pub standard: StandardRef,
    /// The rounds compared, oldest first: a round's name, or the file a
    /// saved report was read from when it names no round. Every per-round
    /// list below follows this order; the change is between the last two.
    pub rounds: Vec<String>,
    pub city: CityChange,
    pub districts: Vec<UnitChange>,
    pub departments: Vec<UnitChange>,
    /// Every criterion of the standard, in its order.
    pub criteria: Vec<CriterionChange>,
    /// Per district (those with rows in either of the last two rounds, or
    /// listed in ceping.toml), every criterion's id under its change.
    pub district_criteria: Vec<DistrictCriteria>,
}

/// The city's headline score per round.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityChange {
    pub name: Option<String>,
    #[serde(with = "decimals")]
    pub scores: Vec<Num>,
    /// The last score less the one before.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub delta: Num,
    /// Per round, whether the target was met (`null`: no target or score).
    pub meets_target: Vec<Option<bool>>,
}

/// A district or department per round.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChange {
    pub name: String,
    #[serde(with = "decimals")]
    pub scores: Vec<Num>,
    pub ranks: Vec<Option<usize>>,
    /// 红黑榜 per round (always `null` for departments).
    pub bands: Vec<Option<Band>>,
    /// The last score less the one before.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub delta: Num,
    /// Places risen from the round before to the last (negative: fallen).
    pub rank_change: Option<i64>,
    /// The band the unit is on in the last round and was not on before.
    pub entered: Option<Band>,
    /// The band the unit was on the round before and is not on now.
    pub left: Option<Band>,
    /// How many rounds in a row, up to the last, it has been on the last
    /// round's band (0: on none): 连续上黑榜 N 次.
    pub streak: usize,
}

/// A criterion's rows in the city the round before and in the last round.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionChange {
    pub id: String,
    pub text: String,
    pub change: Change,
    pub old: Observed,
    pub new: Observed,
}

/// Every criterion's id under its change, in one district.
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictCriteria {
    pub name: String,
    pub newly_failing: Vec<String>,
    pub still_failing: Vec<String>,
    pub fixed: Vec<String>,
    pub still_passing: Vec<String>,
    pub newly_observed: Vec<String>,
    pub no_longer_observed: Vec<String>,
    pub not_observed: Vec<String>,
}

impl DistrictCriteria {
    /// The ids under `change`.
    #[must_use]
    pub fn ids(&self, change: Change) -> &[String] {
        match change {
            Change::NewlyFailing => &self.newly_failing,
            Change::StillFailing => &self.still_failing,
            Change::Fixed => &self.fixed,
            Change::StillPassing => &self.still_passing,
            Change::NewlyObserved => &self.newly_observed,
            Change::NoLongerObserved => &self.no_longer_observed,
            Change::NotObserved => &self.not_observed,
        }
    }

    fn ids_mut(&mut self, change: Change) -> &mut Vec<String> {
        match change {
            Change::NewlyFailing => &mut self.newly_failing,
            Change::StillFailing => &mut self.still_failing,
            Change::Fixed => &mut self.fixed,
            Change::StillPassing => &mut self.still_passing,
            Change::NewlyObserved => &mut self.newly_observed,
            Change::NoLongerObserved => &mut self.no_longer_observed,
            Change::NotObserved => &mut self.not_observed,
        }
    }
}

/// A list of decimals and `null`s, each as a JSON number (as the score
/// report writes its figures).
mod decimals {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(transparent)]
    struct One(#[serde(with = "rust_decimal::serde::arbitrary_precision_option")] Option<Decimal>);

    pub fn serialize<S: Serializer>(xs: &[Option<Decimal>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(xs.iter().map(|x| One(*x)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Option<Decimal>>, D::Error> {
        Ok(Vec::<One>::deserialize(d)?
            .into_iter()
            .map(|One(x)| x)
            .collect())
    }
}

/// One score report and its name in the comparison.
pub struct Round<'a> {
    pub label: String,
    pub report: &'a ScoreReport,
}

impl CompareReport {
    /// Compare `rounds` (at least two, oldest first, of one standard).
    /// With fewer than two there is nothing to compare: `None`.
    #[must_use]
    pub fn build(rounds: &[Round<'_>]) -> Option<Self> {
        let [.., old, new] = rounds else {
            return None;
        };
        let reports: Vec<&ScoreReport> = rounds.iter().map(|r| r.report).collect();
        let (old, new) = (old.report, new.report);
        let scores: Vec<Num> = reports.iter().map(|r| r.city.score).collect();
        let city = CityChange {
            name: new.city.name.clone(),
            delta: delta(old.city.score, new.city.score),
            meets_target: reports.iter().map(|r| r.city.meets_target).collect(),
            scores,
        };
        let districts = units(&reports, |r| {
            r.districts
                .iter()
                .map(|u| (u.name.as_str(), (u.score, u.rank, u.band)))
                .collect()
        });
        let departments = units(&reports, |r| {
            r.departments
                .iter()
                .map(|u| (u.name.as_str(), (u.score, u.rank, None)))
                .collect()
        });
        let old_city: HashMap<&str, Observed> = old
            .criteria
            .iter()
            .map(|c| (c.id.as_str(), observed(c.stats.observations, c.stats.fails)))
            .collect();
        let criteria = new
            .criteria
            .iter()
            .map(|c| {
                let o = old_city.get(c.id.as_str()).copied().unwrap_or_default();
                let n = observed(c.stats.observations, c.stats.fails);
                CriterionChange {
                    id: c.id.clone(),
                    text: c.text.clone(),
                    change: Change::of(o, n),
                    old: o,
                    new: n,
                }
            })
            .collect();
        Some(Self {
            format_version: FORMAT_VERSION,
            standard: new.standard.clone(),
            rounds: rounds.iter().map(|r| r.label.clone()).collect(),
            city,
            districts,
            departments,
            criteria,
            district_criteria: district_criteria(old, new),
        })
    }
}

fn observed(observations: u64, fails: u64) -> Observed {
    Observed {
        observations,
        fails,
    }
}

type UnitRound = (Num, Option<usize>, Option<Band>);

/// The units of every round, matched by name, in the last round's order
/// (its ranking), then those it lacks in the order they last appeared.
fn units<'a>(
    reports: &[&'a ScoreReport],
    of: impl Fn(&'a ScoreReport) -> Vec<(&'a str, UnitRound)>,
) -> Vec<UnitChange> {
    let per_round: Vec<HashMap<&str, UnitRound>> = reports
        .iter()
        .map(|r| of(r).into_iter().collect())
        .collect();
    let mut names: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    for r in reports.iter().rev() {
        for (name, _) in of(r) {
            if seen.insert(name) {
                names.push(name);
            }
        }
    }
    names
        .into_iter()
        .map(|name| {
            let at: Vec<UnitRound> = per_round
                .iter()
                .map(|m| m.get(name).copied().unwrap_or((None, None, None)))
                .collect();
            let bands: Vec<Option<Band>> = at.iter().map(|a| a.2).collect();
            let (old, new) = match at.as_slice() {
                [.., o, n] => (*o, *n),
                _ => ((None, None, None), (None, None, None)),
            };
            UnitChange {
                name: name.to_string(),
                scores: at.iter().map(|a| a.0).collect(),
                ranks: at.iter().map(|a| a.1).collect(),
                delta: delta(old.0, new.0),
                rank_change: rank_change(old.1, new.1),
                entered: new.2.filter(|b| old.2 != Some(*b)),
                left: old.2.filter(|b| new.2 != Some(*b)),
                streak: streak(&bands),
                bands,
            }
        })
        .collect()
}

/// Per district, each criterion of the last report under its change.
fn district_criteria(old: &ScoreReport, new: &ScoreReport) -> Vec<DistrictCriteria> {
    let rows = |r: &ScoreReport| -> HashMap<(String, String), Observed> {
        r.criteria
            .iter()
            .flat_map(|c| {
                c.districts.iter().map(|d| {
                    (
                        (d.name.clone(), c.id.clone()),
                        observed(d.observations, d.fails),
                    )
                })
            })
            .collect()
    };
    let (before, now) = (rows(old), rows(new));
    // The last report's districts, then those only the one before has.
    let mut names: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    for d in new.districts.iter().chain(&old.districts) {
        if seen.insert(d.name.as_str()) {
            names.push(&d.name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let mut out = DistrictCriteria {
                name: name.to_string(),
                ..DistrictCriteria::default()
            };
            for c in &new.criteria {
                let key = (name.to_string(), c.id.clone());
                let o = before.get(&key).copied().unwrap_or_default();
                let n = now.get(&key).copied().unwrap_or_default();
                out.ids_mut(Change::of(o, n)).push(c.id.clone());
            }
            out
        })
        .collect()
}

/// Read a saved `ceping score -f json` report (`text`, from the file shown
/// as `file`): it must be JSON, a ceping report of a format version this
/// build reads, and a score report.
pub fn read_saved(file: &str, text: &str) -> Result<ScoreReport, Box<Diagnostic>> {
    let lines = LineIndex::new(text);
    let at = |line: usize, column: usize| -> Pos {
        // serde_json counts lines from 1 and columns (bytes) from 1.
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let i = (start + column.saturating_sub(1)).min(text.len());
        lines.pos(i..i + 1)
    };
    let error = |pos: Pos, msg: Msg| {
        Box::new(Diagnostic::new(
            Severity::Error,
            Some(file.into()),
            pos,
            msg,
        ))
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        error(
            at(e.line(), e.column()),
            Msg::NotJson {
                detail: strip_position(&e),
            },
        )
    })?;
    let Some(version) = value.get("format_version") else {
        return Err(error(Pos::File, Msg::NotCepingReport));
    };
    if version.as_u64() != Some(u64::from(FORMAT_VERSION)) {
        let pos = key_value(text, &[], "format_version").map_or(Pos::File, |r| lines.pos(r));
        return Err(error(
            pos,
            Msg::UnknownFormatVersion {
                found: version.to_string(),
                accepted: FORMAT_VERSION,
            },
        ));
    }
    serde_json::from_str::<ScoreReport>(text).map_err(|e| {
        error(
            at(e.line(), e.column()),
            Msg::NotScoreReport {
                detail: strip_position(&e),
            },
        )
    })
}

/// Refuse reports of different standards (id and edition): each one that
/// differs from the first is an error located at its standard's id.
#[must_use]
pub fn different_standards(reports: &[(&str, &str, &ScoreReport)]) -> Vec<Diagnostic> {
    let Some((first_file, _, first)) = reports.first() else {
        return Vec::new();
    };
    let shown = |s: &StandardRef| match &s.edition {
        Some(e) => format!("{} ({e})", s.id),
        None => s.id.clone(),
    };
    reports[1..]
        .iter()
        .filter(|(_, _, r)| {
            r.standard.id != first.standard.id || r.standard.edition != first.standard.edition
        })
        .map(|(file, text, r)| {
            let pos = key_value(text, &["standard"], "id")
                .map_or(Pos::File, |range| LineIndex::new(text).pos(range));
            Diagnostic::new(
                Severity::Error,
                Some((*file).to_string()),
                pos,
                Msg::OtherStandard {
                    standard: shown(&r.standard),
                    first: shown(&first.standard),
                    first_file: (*first_file).to_string(),
                },
            )
        })
        .collect()
}

/// `serde_json`'s message without its ` at line L column C` (the diagnostic
/// locates it).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The byte range of the value of `key` in pretty JSON, found after the
/// keys `within` in turn (e.g. `standard`, then its `id`): for locating a
/// message. `None` when not found.
fn key_value(text: &str, within: &[&str], key: &str) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    for k in within.iter().chain([&key]) {
        from += text[from..].find(&format!("\"{k}\""))? + k.len() + 2;
    }
    let colon = from + text[from..].find(':')? + 1;
    let rest = &text[colon..];
    let start = colon + (rest.len() - rest.trim_start().len());
    let end = start
        + text[start..]
            .find([',', '\n', '}'])
            .unwrap_or(text.len() - start);
    Some(start..end)
}
