//! Report models → localized sheets (titles, headings and cells as text).

use std::collections::HashSet;
use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{Cell, Indent, Sheet};
use crate::cli::By;
use crate::i18n::{Label as L, Lang, describe_rule, describe_scope};
use crate::report::score::{Band, ScoreReport, UnitScore};
use crate::report::standard::{Node, StandardReport};
use crate::score::CityFigure;

/// A decimal as written in a standard: no trailing zeros.
pub(crate) fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

pub(crate) fn heads(labels: &[L], lang: Lang) -> Vec<String> {
    labels.iter().map(|l| l.text(lang).to_string()).collect()
}

/// The sheets of `ceping standard`: the tree first, then the summaries.
#[must_use]
pub fn standard(r: &StandardReport, lang: Lang) -> Vec<Sheet> {
    let sep = lang.pick("、", ", ");
    let method_name = |key: &str| {
        r.standard
            .methods
            .iter()
            .find(|m| m.key == key)
            .map_or_else(|| key.to_string(), |m| m.name.clone())
    };
    let level_name = |level: usize| {
        r.standard
            .levels
            .get(level.wrapping_sub(1))
            .cloned()
            .unwrap_or_else(|| level.to_string())
    };
    let policy_scope = r.standard.policy.scope;
    // A criterion's rule, marked when its scope is not the policy's: the
    // common case adds nothing.
    let rule_text = |rule, scope| {
        let text = describe_rule(rule, lang);
        if scope == policy_scope {
            text
        } else {
            let scope = describe_scope(scope, lang);
            lang.pick(format!("{text}（{scope}）"), format!("{text} ({scope})"))
        }
    };
    let mut rows = Vec::new();
    for node in &r.tree {
        match node {
            Node::Group {
                id,
                name,
                level,
                criteria,
                score,
                by_method,
                ..
            } => rows.push(vec![
                Cell::text(id),
                Cell::text(level_name(*level)),
                Cell::text(name),
                Cell::int(*criteria),
                Cell::dec(score.normalize()),
                Cell::text(
                    by_method
                        .iter()
                        .map(|m| format!("{} {}", method_name(&m.method), plain(m.score)))
                        .collect::<Vec<_>>()
                        .join(lang.pick("；", "; ")),
                ),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]),
            Node::Criterion {
                id,
                text,
                level,
                score,
                method,
                point_types,
                rule,
                scope,
                lead,
                assist,
                ..
            } => rows.push(vec![
                Cell::text(id),
                Cell::text(level_name(*level)),
                Cell::text(text),
                Cell::Empty,
                Cell::dec(score.normalize()),
                Cell::text(method_name(method)),
                Cell::text(point_types.join(sep)),
                Cell::text(rule_text(rule, *scope)),
                Cell::text(lead.clone().unwrap_or_default()),
                Cell::text(assist.join(sep)),
            ]),
        }
    }
    let s = &r.standard;
    let colon = lang.pick("：", ": ");
    let lead = standard_facts(r, lang)
        .into_iter()
        .skip(1)
        .map(|(label, value)| format!("{}{colon}{}", label.text(lang), value.shown()))
        .collect();
    let tree = Sheet {
        tab: L::Standard.text(lang).into(),
        title: format!("{}{colon}{}", L::Tree.text(lang), s.name),
        lead,
        headers: heads(
            &[
                L::Id,
                L::Level,
                L::Name,
                L::Criteria,
                L::Score,
                L::Method,
                L::PointTypes,
                L::Rule,
                L::Lead,
                L::Assist,
            ],
            lang,
        ),
        indent: Some(Indent {
            column: 2,
            levels: r
                .tree
                .iter()
                .map(|n| {
                    let level = match n {
                        Node::Group { level, .. } | Node::Criterion { level, .. } => *level,
                    };
                    u8::try_from(level.saturating_sub(1)).unwrap_or(u8::MAX)
                })
                .collect(),
        }),
        rows,
        numeric: vec![3, 4],
        ..Sheet::default()
    };
    let sum = &r.summary;
    let levels = Sheet {
        title: L::PerLevel.text(lang).into(),
        tab: L::PerLevel.text(lang).into(),
        headers: heads(&[L::Level, L::Name, L::Count], lang),
        rows: sum
            .levels
            .iter()
            .map(|l| vec![Cell::int(l.level), Cell::text(&l.name), Cell::int(l.count)])
            .collect(),
        numeric: vec![0, 2],
        ..Sheet::default()
    };
    let mut method_rows: Vec<Vec<Cell>> = sum
        .methods
        .iter()
        .map(|m| {
            vec![
                Cell::text(&m.name),
                m.weight.map_or_else(
                    || Cell::text(L::Unweighted.text(lang)),
                    |w| Cell::dec(w.normalize()),
                ),
                Cell::int(m.criteria),
                Cell::dec(m.score.normalize()),
            ]
        })
        .collect();
    method_rows.push(vec![
        Cell::text(L::Total.text(lang)),
        if s.weighted {
            Cell::dec(s.full_score.normalize())
        } else {
            Cell::Empty
        },
        Cell::int(sum.methods.iter().map(|m| m.criteria).sum::<usize>()),
        Cell::dec(
            sum.methods
                .iter()
                .map(|m| m.score)
                .sum::<Decimal>()
                .normalize(),
        ),
    ]);
    let methods = Sheet {
        title: L::PerMethod.text(lang).into(),
        tab: L::PerMethod.text(lang).into(),
        headers: heads(&[L::Method, L::Weight, L::Criteria, L::Score], lang),
        rows: method_rows,
        numeric: vec![1, 2, 3],
        ..Sheet::default()
    };
    let departments = Sheet {
        title: L::PerDepartment.text(lang).into(),
        tab: L::PerDepartment.text(lang).into(),
        headers: heads(&[L::Department, L::AsLead, L::AsAssist, L::LeadScore], lang),
        rows: sum
            .departments
            .iter()
            .map(|d| {
                vec![
                    Cell::text(&d.name),
                    Cell::int(d.lead),
                    Cell::int(d.assist),
                    Cell::dec(d.lead_score.normalize()),
                ]
            })
            .collect(),
        numeric: vec![1, 2, 3],
        ..Sheet::default()
    };
    let point_types = Sheet {
        title: L::PerPointType.text(lang).into(),
        tab: L::PerPointType.text(lang).into(),
        headers: heads(&[L::PointType, L::Criteria], lang),
        rows: sum
            .point_types
            .iter()
            .map(|p| vec![Cell::text(&p.name), Cell::int(p.criteria)])
            .collect(),
        numeric: vec![1],
        ..Sheet::default()
    };
    let mut out = vec![tree, levels, methods, departments, point_types];
    if !sum.penalties.is_empty() {
        out.push(Sheet {
            title: L::Penalties.text(lang).into(),
            tab: L::Penalties.text(lang).into(),
            headers: heads(&[L::Id, L::Description, L::Points, L::Veto], lang),
            rows: sum
                .penalties
                .iter()
                .map(|p| {
                    vec![
                        Cell::text(&p.id),
                        Cell::text(&p.text),
                        Cell::dec(p.points.normalize()),
                        Cell::text(if p.veto { L::Yes } else { L::No }.text(lang)),
                    ]
                })
                .collect(),
            numeric: vec![2],
            ..Sheet::default()
        });
    }
    out
}

/// A standard's facts as label/value pairs: its name, then what the text
/// formats print above the tree.
fn standard_facts(r: &StandardReport, lang: Lang) -> Vec<(L, Cell)> {
    let s = &r.standard;
    let policy = lang.pick(
        format!(
            "无法调查：{}；严重不合格：{}；默认整改时限 {} 天；{}",
            match s.policy.unobservable {
                crate::standard::Unobservable::Exclude => "不计入",
                crate::standard::Unobservable::Fail => "计为不合格",
            },
            match s.policy.severe {
                crate::standard::Severe::Zero => "该项得0分",
                crate::standard::Severe::Fail => "计为不合格",
            },
            s.policy.rectify_days,
            describe_scope(s.policy.scope, lang)
        ),
        format!(
            "unobservable: {}; severe: {}; default deadline {} days; {}",
            match s.policy.unobservable {
                crate::standard::Unobservable::Exclude => "excluded",
                crate::standard::Unobservable::Fail => "counts as a fail",
            },
            match s.policy.severe {
                crate::standard::Severe::Zero => "zeroes the criterion",
                crate::standard::Severe::Fail => "counts as a fail",
            },
            s.policy.rectify_days,
            describe_scope(s.policy.scope, lang)
        ),
    );
    let mut facts = vec![
        (L::Standard, Cell::text(&s.name)),
        (L::Id, Cell::text(&s.id)),
    ];
    if let Some(e) = &s.edition {
        facts.push((L::Edition, Cell::text(e)));
    }
    facts.extend([
        (L::FullScore, Cell::dec(s.full_score.normalize())),
        (L::Levels, Cell::text(s.levels.join(" → "))),
        (L::Policy, Cell::text(policy)),
    ]);
    facts
}

/// The sheets of a `ceping standard` workbook: those of [`standard`], then
/// the standard's facts as label/value rows (what the other formats print
/// above the tree).
#[must_use]
pub fn standard_workbook(r: &StandardReport, lang: Lang) -> Vec<Sheet> {
    let mut out = standard(r, lang);
    out.push(Sheet {
        title: L::TabSummary.text(lang).into(),
        tab: L::TabSummary.text(lang).into(),
        headers: heads(&[L::Field, L::Value], lang),
        rows: standard_facts(r, lang)
            .into_iter()
            .map(|(label, value)| vec![Cell::text(label.text(lang)), value])
            .collect(),
        ..Sheet::default()
    });
    out
}

fn num(d: Option<Decimal>) -> String {
    Cell::dec_or_null(d).shown().into_owned()
}

fn stats(s: &crate::report::score::Stats) -> [Cell; 4] {
    [
        Cell::int(s.observations),
        Cell::int(s.passes),
        Cell::int(s.fails),
        Cell::int(s.severe),
    ]
}

/// The round scored, as reports name it.
fn round(r: &ScoreReport, lang: Lang) -> Option<String> {
    round_name(r.round.as_deref(), &r.rounds, lang)
}

/// A report's round (`all` pooling `rounds`), as reports name it.
pub(crate) fn round_name(round: Option<&str>, rounds: &[String], lang: Lang) -> Option<String> {
    let sep = lang.pick("，", ", ");
    let (open, close) = lang.pick(("（", "）"), (" (", ")"));
    match round {
        Some("all") if rounds.is_empty() => Some(L::AllRounds.text(lang).into()),
        Some("all") => Some(format!(
            "{}{open}{}{close}",
            L::AllRounds.text(lang),
            rounds.join(sep)
        )),
        Some(x) => Some(x.into()),
        None => None,
    }
}

/// The sheets of a `ceping score` workbook: the summary, then every view
/// (items once per level of the tree).
#[must_use]
pub fn workbook(r: &ScoreReport, lang: Lang) -> Vec<Sheet> {
    let mut out = vec![summary(r, lang)];
    for by in [By::District, By::Street, By::PointType, By::Department] {
        out.extend(score(r, by, 1, lang));
    }
    let mut levels: Vec<usize> = r.items.iter().map(|i| i.level).collect();
    levels.sort_unstable();
    levels.dedup();
    for level in levels {
        out.extend(score(r, By::Item, level, lang));
    }
    out.extend(score(r, By::Criterion, 1, lang));
    out
}

/// The city's figures as label/value rows, values typed: what the other
/// formats print above their table.
fn summary(r: &ScoreReport, lang: Lang) -> Sheet {
    let c = &r.city;
    let text = |l: L, v: &str| vec![Cell::text(l.text(lang)), Cell::text(v)];
    let value = |l: L, v: Cell| vec![Cell::text(l.text(lang)), v];
    let mut rows = Vec::new();
    if let Some(n) = &c.name {
        rows.push(text(L::City, n));
    }
    rows.push(text(L::StandardId, &r.standard.id));
    rows.push(text(L::Standard, &r.standard.name));
    if let Some(e) = &r.standard.edition {
        rows.push(text(L::Edition, e));
    }
    if let Some(round) = round(r, lang) {
        rows.push(text(L::Round, &round));
    }
    let (figure_note, other, other_value) = match c.headline {
        CityFigure::Pooled => (L::PooledNote, L::DistrictMean, c.district_mean),
        CityFigure::DistrictMean => (L::MeanNote, L::PooledScore, c.pooled),
    };
    rows.push(value(L::CityScore, Cell::dec_or_null(c.score)));
    rows.push(text(L::Figure, figure_note.text(lang)));
    rows.push(value(other, Cell::dec_or_null(other_value)));
    rows.push(value(
        L::FullScore,
        Cell::dec(r.standard.full_score.normalize()),
    ));
    rows.push(value(L::CityRate, Cell::percent_or_null(c.rate)));
    if !c.penalties.is_zero() {
        rows.push(value(
            L::ScoreBeforePenalties,
            Cell::dec_or_null(c.score_before_penalties),
        ));
        rows.push(value(L::PenaltyPoints, Cell::dec(c.penalties)));
    }
    if c.veto {
        rows.push(text(L::Veto, L::Yes.text(lang)));
    }
    if let Some(t) = c.target {
        rows.push(value(L::Target, Cell::dec(t)));
        rows.push(value(L::Gap, Cell::dec_or_null(c.gap())));
        let met = if c.meets_target == Some(true) {
            L::Met
        } else {
            L::NotMet
        };
        rows.push(text(L::TargetMet, met.text(lang)));
    }
    for (l, n) in [
        (L::Observations, c.stats.observations),
        (L::Passes, c.stats.passes),
        (L::Fails, c.stats.fails),
        (L::Severe, c.stats.severe),
        (L::RowsRead, r.rows.read),
        (L::RowsUsed, r.rows.used),
        (L::RowsRejected, r.rows.rejected),
    ] {
        rows.push(value(l, Cell::int(n)));
    }
    let (open, close) = lang.pick(("（", "）"), (" (", ")"));
    for input in &r.inputs {
        rows.push(text(
            L::Input,
            &format!("{}{open}{}{close}", input.path, input.encoding),
        ));
    }
    Sheet {
        title: L::TabSummary.text(lang).into(),
        tab: L::TabSummary.text(lang).into(),
        headers: heads(&[L::Field, L::Value], lang),
        rows,
        ..Sheet::default()
    }
}

/// The sheets of `ceping score`: one view, with the city's figures as its
/// lead lines.
#[must_use]
pub fn score(r: &ScoreReport, by: By, level: usize, lang: Lang) -> Vec<Sheet> {
    let colon = lang.pick("：", ": ");
    let sep = lang.pick("，", ", ");
    let c = &r.city;
    let mut lead = vec![format!(
        "{}{colon}{}",
        L::Standard.text(lang),
        r.standard.name
    )];
    if let Some(n) = &c.name {
        lead.push(format!("{}{colon}{n}", L::City.text(lang)));
    }
    let (open, close) = lang.pick(("（", "）"), (" (", ")"));
    if let Some(round) = round(r, lang) {
        lead.push(format!("{}{colon}{round}", L::Round.text(lang)));
    }
    // The headline, saying which figure it is; the other figure after it.
    let (figure_note, other, other_value) = match c.headline {
        CityFigure::Pooled => (L::PooledNote, L::DistrictMean, c.district_mean),
        CityFigure::DistrictMean => (L::MeanNote, L::PooledScore, c.pooled),
    };
    let mut city = format!(
        "{}{colon}{}{open}{}{sep}{} {}",
        L::CityScore.text(lang),
        num(c.score),
        figure_note.text(lang),
        L::FullScore.text(lang),
        r.standard.full_score
    );
    if !c.penalties.is_zero() {
        let _ = write!(
            city,
            "{sep}{} {}{sep}{} {}",
            L::BeforePenalties.text(lang),
            num(c.score_before_penalties),
            L::PenaltyPoints.text(lang),
            c.penalties
        );
    }
    city.push_str(close);
    if c.veto {
        let _ = write!(city, " {}", L::VetoApplied.text(lang));
    }
    lead.push(city);
    lead.push(format!("{}{colon}{}", other.text(lang), num(other_value)));
    if let Some(t) = c.target {
        let met = if c.meets_target == Some(true) {
            L::Met
        } else {
            L::NotMet
        };
        lead.push(format!(
            "{}{colon}{t}{open}{}{close}",
            L::Target.text(lang),
            met.text(lang)
        ));
    }
    lead.push(format!(
        "{}{colon}{}{sep}{} {}{sep}{} {}{sep}{} {}",
        L::Observations.text(lang),
        c.stats.observations,
        L::Passes.text(lang),
        c.stats.passes,
        L::Fails.text(lang),
        c.stats.fails,
        L::Severe.text(lang),
        c.stats.severe
    ));
    lead.push(format!(
        "{}{colon}{}",
        L::Data.text(lang),
        crate::i18n::Msg::RowsSummary {
            read: r.rows.read,
            used: r.rows.used,
            rejected: r.rows.rejected,
        }
        .text(lang)
    ));
    let band = |b: Option<Band>| match b {
        Some(Band::Red) => Cell::text(L::Red.text(lang)),
        Some(Band::Black) => Cell::text(L::Black.text(lang)),
        None => Cell::Empty,
    };
    let yes_no = |b: bool| {
        if b {
            Cell::text(L::Yes.text(lang))
        } else {
            Cell::Empty
        }
    };
    // Listed districts without rows: 无数据 rather than a score.
    let no_data: HashSet<&str> = r
        .coverage
        .districts
        .iter()
        .filter(|d| !d.rows)
        .map(|d| d.name.as_str())
        .collect();
    let unit_rows = |units: &[UnitScore], with_street: bool, districts: bool| -> Vec<Vec<Cell>> {
        units
            .iter()
            .map(|u| {
                let mut row = vec![Cell::int_or_null(u.rank)];
                if with_street {
                    row.push(Cell::text(u.district.clone().unwrap_or_default()));
                }
                if districts && u.score.is_none() && no_data.contains(u.name.as_str()) {
                    let none = Cell::text(L::NoData.text(lang));
                    row.extend([Cell::text(&u.name), none.clone(), none]);
                } else {
                    row.extend([
                        Cell::text(&u.name),
                        Cell::dec_or_null(u.score),
                        Cell::percent_or_null(u.rate),
                    ]);
                }
                row.extend(stats(&u.stats));
                row.extend([
                    if u.penalties.is_zero() {
                        Cell::Empty
                    } else {
                        Cell::dec(u.penalties)
                    },
                    yes_no(u.veto),
                    band(u.band),
                ]);
                row
            })
            .collect()
    };
    let unit_heads = |name: L, with_street: bool| {
        let mut h = vec![L::Rank];
        if with_street {
            h.push(L::District);
        }
        h.extend([
            name,
            L::Points2,
            L::Rate,
            L::Observations,
            L::Passes,
            L::Fails,
            L::Severe,
            L::PenaltyPoints,
            L::Veto,
            L::Band,
        ]);
        heads(&h, lang)
    };
    let unit_sheet = |title: L, tab: L, units: &[UnitScore], with_street: bool, lead| {
        let shift = usize::from(with_street);
        let name = match tab {
            L::TabStreets => L::Street,
            L::TabPointTypes => L::PointType,
            _ => L::District,
        };
        Sheet {
            title: title.text(lang).into(),
            tab: tab.text(lang).into(),
            lead,
            headers: unit_heads(name, with_street),
            rows: unit_rows(units, with_street, name == L::District),
            empty: match name {
                L::Street => Some(L::NoStreets.text(lang).into()),
                L::PointType => Some(L::NoPointTypes.text(lang).into()),
                _ => None,
            },
            bands: units.iter().map(|u| u.band).collect(),
            numeric: std::iter::once(0)
                .chain((2..=8).map(|c| c + shift))
                .collect(),
            ..Sheet::default()
        }
    };
    let sheet = match by {
        By::District => unit_sheet(
            L::DistrictRanking,
            L::TabDistricts,
            &r.districts,
            false,
            lead,
        ),
        By::Street => unit_sheet(L::StreetScores, L::TabStreets, &r.streets, true, lead),
        By::PointType => unit_sheet(
            L::PointTypeScores,
            L::TabPointTypes,
            &r.point_types,
            false,
            lead,
        ),
        By::Department => Sheet {
            title: L::DepartmentScores.text(lang).into(),
            tab: L::TabDepartments.text(lang).into(),
            lead,
            headers: heads(
                &[
                    L::Rank,
                    L::Department,
                    L::Points2,
                    L::Rate,
                    L::Lost,
                    L::Observations,
                    L::Passes,
                    L::Fails,
                    L::Severe,
                ],
                lang,
            ),
            rows: r
                .departments
                .iter()
                .map(|d| {
                    let mut row = vec![
                        Cell::int_or_null(d.rank),
                        Cell::text(&d.name),
                        Cell::dec_or_null(d.score),
                        Cell::percent_or_null(d.rate),
                        Cell::dec(d.lost),
                    ];
                    row.extend(stats(&d.stats));
                    row
                })
                .collect(),
            numeric: vec![0, 2, 3, 4, 5, 6, 7, 8],
            empty: Some(L::NoDepartments.text(lang).into()),
            ..Sheet::default()
        },
        By::Item => {
            let items: Vec<_> = r.items.iter().filter(|i| i.level == level).collect();
            let districts: Vec<String> = items
                .first()
                .map(|i| i.districts.iter().filter_map(|d| d.name.clone()).collect())
                .unwrap_or_default();
            let mut headers = heads(&[L::Id, L::Name, L::Earned, L::Max, L::Rate], lang);
            headers.extend(
                districts
                    .iter()
                    .map(|d| format!("{d}{}{}", lang.pick("", " "), L::Rate.text(lang))),
            );
            Sheet {
                title: L::ItemScores.text(lang).into(),
                tab: lang.pick(
                    format!("{}-{level}级", L::TabItems.text(lang)),
                    format!("{} L{level}", L::TabItems.text(lang)),
                ),
                lead,
                headers,
                rows: items
                    .iter()
                    .map(|i| {
                        let mut row = vec![
                            Cell::text(&i.id),
                            Cell::text(&i.name),
                            Cell::dec(i.city.earned),
                            Cell::dec(i.city.max),
                            Cell::percent_or_null(i.city.rate),
                        ];
                        row.extend(i.districts.iter().map(|d| Cell::percent_or_null(d.rate)));
                        row
                    })
                    .collect(),
                numeric: (2..5 + districts.len()).collect(),
                ..Sheet::default()
            }
        }
        By::Criterion => Sheet {
            title: L::CriterionScores.text(lang).into(),
            tab: L::TabCriteria.text(lang).into(),
            lead,
            headers: heads(
                &[
                    L::Id,
                    L::Criterion,
                    L::Rule,
                    L::Score,
                    L::Earned,
                    L::Rate,
                    L::Lost,
                    L::Observations,
                    L::Passes,
                    L::Fails,
                    L::Severe,
                    L::Problems,
                ],
                lang,
            ),
            rows: r
                .criteria
                .iter()
                .map(|c| {
                    let mut row = vec![
                        Cell::text(&c.id),
                        Cell::text(&c.text),
                        Cell::text(crate::i18n::rule_kind(&c.rule, lang)),
                        Cell::dec(c.max.normalize()),
                        Cell::dec_or_null(c.earned),
                        Cell::percent_or_null(c.rate),
                        Cell::dec(c.lost),
                    ];
                    row.extend(stats(&c.stats));
                    row.push(Cell::int(c.problems));
                    row
                })
                .collect(),
            numeric: (3..12).collect(),
            ..Sheet::default()
        },
    };
    vec![sheet]
}
