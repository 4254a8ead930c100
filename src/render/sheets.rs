//! Report models → localized sheets (titles, headings and cells as text).

use rust_decimal::Decimal;

use super::Sheet;
use crate::i18n::{Label as L, Lang, describe_rule};
use crate::report::standard::{Node, StandardReport};

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
                describe_rule(rule, lang),
                lead.clone().unwrap_or_default(),
                assist.join(sep),
            ]),
        }
    }
    let s = &r.standard;
    let policy = lang.pick(
        format!(
            "无法调查：{}；严重不合格：{}；默认整改时限 {} 天",
            match s.policy.unobservable {
                crate::standard::Unobservable::Exclude => "不计入",
                crate::standard::Unobservable::Fail => "计为不合格",
            },
            match s.policy.severe {
                crate::standard::Severe::Zero => "该项得0分",
                crate::standard::Severe::Fail => "计为不合格",
            },
            s.policy.rectify_days
        ),
        format!(
            "unobservable: {}; severe: {}; default deadline {} days",
            match s.policy.unobservable {
                crate::standard::Unobservable::Exclude => "excluded",
                crate::standard::Unobservable::Fail => "counts as a fail",
            },
            match s.policy.severe {
                crate::standard::Severe::Zero => "zeroes the criterion",
                crate::standard::Severe::Fail => "counts as a fail",
            },
            s.policy.rectify_days
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
            headers: heads(&[L::Id, L::Name, L::Points, L::Veto], lang),
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
