//! Report models → localized sheets (titles, headings and cells as text).

use std::collections::HashSet;
use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::Sheet;
use crate::cli::By;
use crate::i18n::{Label as L, Lang, describe_rule, describe_scope};
use crate::report::score::{Band, ScoreReport, UnitScore};
use crate::report::standard::{Node, StandardReport};
use crate::score::CityFigure;

/// A decimal as written in a standard: no trailing zeros.
pub(crate) fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

fn heads(labels: &[L], lang: Lang) -> Vec<String> {
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
                id.clone(),
                level_name(*level),
                name.clone(),
                criteria.to_string(),
                plain(*score),
                by_method
                    .iter()
                    .map(|m| format!("{} {}", method_name(&m.method), plain(m.score)))
                    .collect::<Vec<_>>()
                    .join(lang.pick("；", "; ")),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
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
                id.clone(),
                level_name(*level),
                text.clone(),
                String::new(),
                plain(*score),
                method_name(method),
                point_types.join(sep),
                rule_text(rule, *scope),
                lead.clone().unwrap_or_default(),
                assist.join(sep),
            ]),
        }
    }
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
    let colon = lang.pick("：", ": ");
    let mut lead = vec![
        format!("{}{colon}{}", L::Id.text(lang), s.id),
        format!("{}{colon}{}", L::FullScore.text(lang), plain(s.full_score)),
        format!("{}{colon}{}", L::Levels.text(lang), s.levels.join(" → ")),
        format!("{}{colon}{policy}", L::Policy.text(lang)),
    ];
    if let Some(e) = &s.edition {
        lead.insert(1, format!("{}{colon}{e}", L::Edition.text(lang)));
    }
    let tree = Sheet {
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
        rows,
        numeric: vec![3, 4],
    };
    let sum = &r.summary;
    let levels = Sheet {
        title: L::PerLevel.text(lang).into(),
        headers: heads(&[L::Level, L::Name, L::Count], lang),
        rows: sum
            .levels
            .iter()
            .map(|l| vec![l.level.to_string(), l.name.clone(), l.count.to_string()])
            .collect(),
        numeric: vec![0, 2],
        ..Sheet::default()
    };
    let mut method_rows: Vec<Vec<String>> = sum
        .methods
        .iter()
        .map(|m| {
            vec![
                m.name.clone(),
                m.weight
                    .map_or_else(|| L::Unweighted.text(lang).into(), plain),
                m.criteria.to_string(),
                plain(m.score),
            ]
        })
        .collect();
    method_rows.push(vec![
        L::Total.text(lang).into(),
        if s.weighted {
            plain(s.full_score)
        } else {
            String::new()
        },
        sum.methods
            .iter()
            .map(|m| m.criteria)
            .sum::<usize>()
            .to_string(),
        plain(sum.methods.iter().map(|m| m.score).sum()),
    ]);
    let methods = Sheet {
        title: L::PerMethod.text(lang).into(),
        headers: heads(&[L::Method, L::Weight, L::Criteria, L::Score], lang),
        rows: method_rows,
        numeric: vec![1, 2, 3],
        ..Sheet::default()
    };
    let departments = Sheet {
        title: L::PerDepartment.text(lang).into(),
        headers: heads(&[L::Department, L::AsLead, L::AsAssist, L::LeadScore], lang),
        rows: sum
            .departments
            .iter()
            .map(|d| {
                vec![
                    d.name.clone(),
                    d.lead.to_string(),
                    d.assist.to_string(),
                    plain(d.lead_score),
                ]
            })
            .collect(),
        numeric: vec![1, 2, 3],
        ..Sheet::default()
    };
    let point_types = Sheet {
        title: L::PerPointType.text(lang).into(),
        headers: heads(&[L::PointType, L::Criteria], lang),
        rows: sum
            .point_types
            .iter()
            .map(|p| vec![p.name.clone(), p.criteria.to_string()])
            .collect(),
        numeric: vec![1],
        ..Sheet::default()
    };
    let mut out = vec![tree, levels, methods, departments, point_types];
    if !sum.penalties.is_empty() {
        out.push(Sheet {
            title: L::Penalties.text(lang).into(),
            headers: heads(&[L::Id, L::Description, L::Points, L::Veto], lang),
            rows: sum
                .penalties
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.text.clone(),
                        plain(p.points),
                        if p.veto { L::Yes } else { L::No }.text(lang).into(),
                    ]
                })
                .collect(),
            numeric: vec![2],
            ..Sheet::default()
        });
    }
    out
}

fn num(d: Option<Decimal>) -> String {
    d.map_or_else(|| "-".into(), |d| d.to_string())
}

fn pct(d: Option<Decimal>) -> String {
    d.map_or_else(|| "-".into(), |d| format!("{d}%"))
}

fn rank(r: Option<usize>) -> String {
    r.map_or_else(|| "-".into(), |r| r.to_string())
}

fn stats(s: &crate::report::score::Stats) -> [String; 4] {
    [
        s.observations.to_string(),
        s.passes.to_string(),
        s.fails.to_string(),
        s.severe.to_string(),
    ]
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
    match r.round.as_deref() {
        Some("all") if r.rounds.is_empty() => lead.push(format!(
            "{}{colon}{}",
            L::Round.text(lang),
            L::AllRounds.text(lang)
        )),
        Some("all") => lead.push(format!(
            "{}{colon}{}{open}{}{close}",
            L::Round.text(lang),
            L::AllRounds.text(lang),
            r.rounds.join(sep)
        )),
        Some(x) => lead.push(format!("{}{colon}{x}", L::Round.text(lang))),
        None => {}
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
        Some(Band::Red) => L::Red.text(lang).to_string(),
        Some(Band::Black) => L::Black.text(lang).to_string(),
        None => String::new(),
    };
    let yes_no = |b: bool| {
        if b {
            L::Yes.text(lang).to_string()
        } else {
            String::new()
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
    let unit_rows = |units: &[UnitScore], with_street: bool, districts: bool| -> Vec<Vec<String>> {
        units
            .iter()
            .map(|u| {
                let mut row = vec![rank(u.rank)];
                if with_street {
                    row.push(u.district.clone().unwrap_or_default());
                }
                if districts && u.score.is_none() && no_data.contains(u.name.as_str()) {
                    let none = L::NoData.text(lang).to_string();
                    row.extend([u.name.clone(), none.clone(), none]);
                } else {
                    row.extend([u.name.clone(), num(u.score), pct(u.rate)]);
                }
                row.extend(stats(&u.stats));
                row.extend([
                    if u.penalties.is_zero() {
                        String::new()
                    } else {
                        u.penalties.to_string()
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
    let unit_sheet = |title: L, name: L, units: &[UnitScore], with_street: bool, lead| {
        let shift = usize::from(with_street);
        Sheet {
            title: title.text(lang).into(),
            lead,
            headers: unit_heads(name, with_street),
            rows: unit_rows(units, with_street, name == L::District),
            numeric: std::iter::once(0)
                .chain((2..=8).map(|c| c + shift))
                .collect(),
        }
    };
    let sheet = match by {
        By::District => unit_sheet(L::DistrictRanking, L::District, &r.districts, false, lead),
        By::Street => unit_sheet(L::StreetScores, L::Street, &r.streets, true, lead),
        By::PointType => unit_sheet(
            L::PointTypeScores,
            L::PointType,
            &r.point_types,
            false,
            lead,
        ),
        By::Department => Sheet {
            title: L::DepartmentScores.text(lang).into(),
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
                        rank(d.rank),
                        d.name.clone(),
                        num(d.score),
                        pct(d.rate),
                        d.lost.to_string(),
                    ];
                    row.extend(stats(&d.stats));
                    row
                })
                .collect(),
            numeric: vec![0, 2, 3, 4, 5, 6, 7, 8],
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
                lead,
                headers,
                rows: items
                    .iter()
                    .map(|i| {
                        let mut row = vec![
                            i.id.clone(),
                            i.name.clone(),
                            i.city.earned.to_string(),
                            i.city.max.to_string(),
                            pct(i.city.rate),
                        ];
                        row.extend(i.districts.iter().map(|d| pct(d.rate)));
                        row
                    })
                    .collect(),
                numeric: (2..5 + districts.len()).collect(),
            }
        }
        By::Criterion => Sheet {
            title: L::CriterionScores.text(lang).into(),
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
                        c.id.clone(),
                        c.text.clone(),
                        crate::i18n::rule_kind(&c.rule, lang).to_string(),
                        plain(c.max),
                        num(c.earned),
                        pct(c.rate),
                        c.lost.to_string(),
                    ];
                    row.extend(stats(&c.stats));
                    row.push(c.problems.to_string());
                    row
                })
                .collect(),
            numeric: (3..12).collect(),
        },
    };
    vec![sheet]
}
