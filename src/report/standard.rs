//! The `ceping standard` view: the tree with per-group sums, and summaries
//! per level, method, department and point type. Computed here, printed by
//! the renderers.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::standard::{Penalty, Policy, Rule, Scope, Standard};

/// Everything `ceping standard` shows.
#[derive(Debug, Serialize)]
pub struct StandardReport {
    pub standard: Meta,
    pub tree: Vec<Node>,
    pub summary: Summary,
}

#[derive(Debug, Serialize)]
pub struct Meta {
    pub id: String,
    pub name: String,
    pub edition: Option<String>,
    pub levels: Vec<String>,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub full_score: Decimal,
    pub decimals: u32,
    pub weighted: bool,
    pub methods: Vec<MethodTotal>,
    pub policy: Policy,
    pub files: Vec<String>,
}

/// A score sum for one method.
#[derive(Debug, Serialize)]
pub struct MethodScore {
    pub method: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub score: Decimal,
}

/// One row of the tree, in pre-order.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Node {
    Group {
        id: String,
        name: String,
        /// 1-based level; `levels[level - 1]` names it.
        level: usize,
        parent: Option<String>,
        criteria: usize,
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        score: Decimal,
        by_method: Vec<MethodScore>,
    },
    Criterion {
        id: String,
        text: String,
        level: usize,
        group: String,
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        score: Decimal,
        method: String,
        point_types: Vec<String>,
        rule: Rule,
        /// The criterion's own scope, else the policy's.
        scope: Scope,
        lead: Option<String>,
        assist: Vec<String>,
        rectify_days: u32,
    },
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub levels: Vec<LevelCount>,
    pub methods: Vec<MethodTotal>,
    pub departments: Vec<DepartmentCount>,
    pub point_types: Vec<PointTypeCount>,
    pub penalties: Vec<Penalty>,
}

#[derive(Debug, Serialize)]
pub struct LevelCount {
    pub level: usize,
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct MethodTotal {
    pub key: String,
    pub name: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub weight: Option<Decimal>,
    pub criteria: usize,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub score: Decimal,
}

#[derive(Debug, Serialize)]
pub struct DepartmentCount {
    pub name: String,
    pub lead: usize,
    pub assist: usize,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub lead_score: Decimal,
}

#[derive(Debug, Serialize)]
pub struct PointTypeCount {
    pub name: String,
    pub criteria: usize,
}

impl StandardReport {
    /// Build the view of a validated standard.
    #[must_use]
    pub fn build(st: &Standard) -> Self {
        let nm = st.methods.len();
        let ng = st.groups.len();
        // Per group: criteria count and score per method (whole subtree).
        let mut counts = vec![0usize; ng];
        let mut sums = vec![vec![Decimal::ZERO; nm]; ng];
        for c in &st.criteria {
            for g in st.ancestry(c.group) {
                counts[g] += 1;
                sums[g][c.method] += c.score;
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); ng];
        let mut roots = Vec::new();
        for (i, g) in st.groups.iter().enumerate() {
            match g.parent {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        let mut crit_of: Vec<Vec<usize>> = vec![Vec::new(); ng];
        for (i, c) in st.criteria.iter().enumerate() {
            crit_of[c.group].push(i);
        }
        let mut tree = Vec::new();
        let mut stack: Vec<usize> = roots.into_iter().rev().collect();
        while let Some(g) = stack.pop() {
            let group = &st.groups[g];
            tree.push(Node::Group {
                id: group.id.clone(),
                name: group.name.clone(),
                level: group.depth + 1,
                parent: group.parent.map(|p| st.groups[p].id.clone()),
                criteria: counts[g],
                score: sums[g].iter().sum(),
                by_method: st
                    .methods
                    .iter()
                    .zip(&sums[g])
                    .filter(|(_, s)| !s.is_zero())
                    .map(|(m, s)| MethodScore {
                        method: m.key.clone(),
                        score: *s,
                    })
                    .collect(),
            });
            for &ci in &crit_of[g] {
                let c = &st.criteria[ci];
                tree.push(Node::Criterion {
                    id: c.id.clone(),
                    text: c.text.clone(),
                    level: group.depth + 2,
                    group: group.id.clone(),
                    score: c.score,
                    method: st.methods[c.method].key.clone(),
                    point_types: c.point_types.clone(),
                    rule: c.rule.clone(),
                    scope: c.scope,
                    lead: c.lead.clone(),
                    assist: c.assist.clone(),
                    rectify_days: c.rectify_days.unwrap_or(st.policy.rectify_days),
                });
            }
            stack.extend(children[g].iter().rev());
        }
        Self {
            standard: Meta {
                id: st.id.clone(),
                name: st.name.clone(),
                edition: st.edition.clone(),
                levels: st.levels.clone(),
                full_score: st.full_score,
                decimals: st.decimals,
                weighted: st.weighted,
                methods: method_totals(st),
                policy: st.policy,
                files: st.files.clone(),
            },
            tree,
            summary: summary(st),
        }
    }
}

fn method_totals(st: &Standard) -> Vec<MethodTotal> {
    st.methods
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let of = st.criteria.iter().filter(|c| c.method == i);
            MethodTotal {
                key: m.key.clone(),
                name: m.name.clone(),
                weight: m.weight,
                criteria: of.clone().count(),
                score: of.map(|c| c.score).sum(),
            }
        })
        .collect()
}

fn summary(st: &Standard) -> Summary {
    let depth_max = st.groups.iter().map(|g| g.depth + 2).max().unwrap_or(1);
    let n_levels = st.levels.len().max(depth_max);
    let mut level_counts = vec![0usize; n_levels];
    for g in &st.groups {
        level_counts[g.depth] += 1;
    }
    for c in &st.criteria {
        level_counts[st.groups[c.group].depth + 1] += 1;
    }
    let levels = level_counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| LevelCount {
            level: i + 1,
            name: st.levels.get(i).cloned().unwrap_or_default(),
            count,
        })
        .collect();
    let mut depts: BTreeMap<&str, (usize, usize, Decimal)> = BTreeMap::new();
    let mut pts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &st.criteria {
        if let Some(l) = &c.lead {
            let e = depts.entry(l).or_default();
            e.0 += 1;
            e.2 += c.score;
        }
        for a in &c.assist {
            depts.entry(a).or_default().1 += 1;
        }
        for p in &c.point_types {
            *pts.entry(p).or_default() += 1;
        }
    }
    let mut departments: Vec<DepartmentCount> = depts
        .into_iter()
        .map(|(name, (lead, assist, lead_score))| DepartmentCount {
            name: name.to_string(),
            lead,
            assist,
            lead_score,
        })
        .collect();
    departments.sort_by(|a, b| {
        (b.lead + b.assist)
            .cmp(&(a.lead + a.assist))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut point_types: Vec<PointTypeCount> = pts
        .into_iter()
        .map(|(name, criteria)| PointTypeCount {
            name: name.to_string(),
            criteria,
        })
        .collect();
    point_types.sort_by(|a, b| {
        b.criteria
            .cmp(&a.criteria)
            .then_with(|| a.name.cmp(&b.name))
    });
    Summary {
        levels,
        methods: method_totals(st),
        departments,
        point_types,
        penalties: st.penalties.clone(),
    }
}
