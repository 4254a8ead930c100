//! Data coverage: what the selected rows leave out, so that nothing missing
//! reads as fine. A listed district without rows, a point type that the
//! standard's field criteria require but a district has no counted rows
//! at, and a criterion without counted rows in the city. Pure: the command
//! prints the warnings.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;
use crate::standard::Standard;

/// What the scored rows cover, as the tally sees it (selected rounds only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// Every district with rows, and the point types it has counted rows
    /// at (none, for a district whose rows name no point type or none of
    /// whose rows count).
    pub point_types: BTreeMap<String, BTreeSet<String>>,
    /// Per criterion index: the city's counted rows.
    pub criteria_counted: Vec<u64>,
}

/// The `coverage` section of the score report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// Listed districts and districts with rows, in the district view's
    /// order.
    pub districts: Vec<DistrictCoverage>,
    /// Whether point types were checked: only when some row names a point
    /// type. Data without a point-type column does not say where its rows
    /// were taken, and every point type would read as missing.
    pub point_types_checked: bool,
    /// The ids of the criteria without counted rows in the city, in the
    /// standard's order.
    pub criteria_without_rows: Vec<String>,
}

/// One district's coverage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictCoverage {
    pub name: String,
    /// Whether the district has rows in the selected round.
    pub rows: bool,
    /// The point types required by the standard's field criteria that the
    /// district has no counted rows at, in the standard's order.
    pub missing_point_types: Vec<String>,
}

/// The point types the standard's field criteria are checked at, each
/// once, in the order the criteria first name them.
#[must_use]
pub fn required_point_types(st: &Standard) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    st.criteria
        .iter()
        .filter(|c| c.field)
        .flat_map(|c| c.point_types.iter().map(String::as_str))
        .filter(|t| seen.insert(*t))
        .collect()
}

/// The coverage of the rows `seen` for the districts `listed` (ceping.toml;
/// empty when it lists none): the listed districts in their order, then the
/// other districts with rows, by name.
#[must_use]
pub fn coverage(st: &Standard, listed: &[String], seen: &Seen) -> Coverage {
    let required = required_point_types(st);
    let checked = seen.point_types.values().any(|t| !t.is_empty());
    let mut names: Vec<&str> = Vec::with_capacity(listed.len() + seen.point_types.len());
    let mut taken = BTreeSet::new();
    for name in listed.iter().chain(seen.point_types.keys()) {
        if taken.insert(name.as_str()) {
            names.push(name);
        }
    }
    let districts = names
        .into_iter()
        .map(|name| {
            let types = seen.point_types.get(name);
            DistrictCoverage {
                name: name.to_string(),
                rows: types.is_some(),
                missing_point_types: required
                    .iter()
                    .filter(|&&t| checked && !types.is_some_and(|s| s.contains(t)))
                    .map(|t| (*t).to_string())
                    .collect(),
            }
        })
        .collect();
    let criteria_without_rows = st
        .criteria
        .iter()
        .enumerate()
        .filter(|&(c, _)| seen.criteria_counted.get(c).copied().unwrap_or(0) == 0)
        .map(|(_, crit)| crit.id.clone())
        .collect();
    Coverage {
        districts,
        point_types_checked: checked,
        criteria_without_rows,
    }
}

impl Coverage {
    /// The warnings, deterministic: each district without rows, then each
    /// district with rows that misses point types, in the districts' order.
    /// `round` is the one round selected (`None` without rounds or when
    /// several are pooled). A district without rows misses every point
    /// type, which its first warning says already.
    #[must_use]
    pub fn warnings(&self, round: Option<&str>) -> Vec<Msg> {
        let empty = self
            .districts
            .iter()
            .filter(|d| !d.rows)
            .map(|d| Msg::DistrictNoRows {
                district: d.name.clone(),
                round: round.map(str::to_string),
            });
        let missing = self
            .districts
            .iter()
            .filter(|d| d.rows && !d.missing_point_types.is_empty())
            .map(|d| Msg::MissingPointTypes {
                district: d.name.clone(),
                point_types: d.missing_point_types.clone(),
            });
        empty.chain(missing).collect()
    }

    /// Why `--require-complete` fails, or `None` when nothing is missing.
    #[must_use]
    pub fn incomplete(&self) -> Option<Msg> {
        let without_rows = self.districts.iter().filter(|d| !d.rows).count();
        let missing_types = self
            .districts
            .iter()
            .filter(|d| d.rows && !d.missing_point_types.is_empty())
            .count();
        (without_rows + missing_types > 0).then_some(Msg::Incomplete {
            without_rows,
            missing_types,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Field criteria at 道路 and 广场, then 广场 and 社区; a material
    /// criterion (its point types, if any, are not required).
    const STD: &str = r#"
[standard]
id = "s"
name = "s"
levels = ["项目", "标准"]
full_score = 100
[[group]]
id = "A"
name = "A"
[[criterion]]
id = "A.01"
group = "A"
text = "t"
score = 1
method = "field"
point_types = ["道路", "广场"]
lead = "x"
[[criterion]]
id = "A.02"
group = "A"
text = "t"
score = 1
method = "field"
point_types = ["广场", "社区"]
lead = "x"
[[criterion]]
id = "A.03"
group = "A"
text = "t"
score = 1
method = "material"
lead = "x"
"#;

    fn standard() -> Standard {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s.toml");
        std::fs::write(&path, STD).expect("write");
        let loaded = crate::standard::load(&path);
        assert!(
            loaded.diagnostics.iter().all(|d| !d.is_error()),
            "{:?}",
            loaded.diagnostics
        );
        loaded.standard.expect("a standard")
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_string()).collect()
    }

    fn seen(districts: &[(&str, &[&str])], counted: &[u64]) -> Seen {
        Seen {
            point_types: districts
                .iter()
                .map(|(d, t)| {
                    (
                        (*d).to_string(),
                        t.iter().map(|s| (*s).to_string()).collect(),
                    )
                })
                .collect(),
            criteria_counted: counted.to_vec(),
        }
    }

    #[test]
    fn required_point_types_are_the_field_criteria_s_in_first_named_order() {
        assert_eq!(required_point_types(&standard()), ["道路", "广场", "社区"]);
    }

    #[test]
    fn listed_districts_come_first_in_their_order_then_the_others_by_name() {
        let st = standard();
        let s = seen(
            &[
                ("乙区", &["道路"]),
                ("丙区", &["道路"]),
                ("甲区", &["道路"]),
            ],
            &[1, 1, 1],
        );
        let c = coverage(&st, &strings(&["甲区", "丁区"]), &s);
        let names: Vec<(&str, bool)> = c
            .districts
            .iter()
            .map(|d| (d.name.as_str(), d.rows))
            .collect();
        // BTreeMap order of the others: 丙 (U+4E19) before 乙 (U+4E59).
        assert_eq!(
            names,
            [
                ("甲区", true),
                ("丁区", false),
                ("丙区", true),
                ("乙区", true)
            ]
        );
    }

    #[test]
    fn missing_point_types_are_the_required_less_those_seen() {
        let st = standard();
        let s = seen(&[("甲区", &["社区", "道路"]), ("乙区", &[])], &[3, 0, 2]);
        let c = coverage(&st, &[], &s);
        assert!(c.point_types_checked);
        assert_eq!(c.districts[0].name, "乙区");
        assert_eq!(c.districts[0].missing_point_types, ["道路", "广场", "社区"]);
        assert_eq!(c.districts[1].name, "甲区");
        assert_eq!(c.districts[1].missing_point_types, ["广场"]);
        assert_eq!(c.criteria_without_rows, ["A.02"]);
    }

    #[test]
    fn a_listed_district_without_rows_misses_everything_and_warns_once() {
        let st = standard();
        let s = seen(&[("甲区", &["道路", "广场", "社区"])], &[1, 1, 1]);
        let c = coverage(&st, &strings(&["甲区", "柳塘县"]), &s);
        assert_eq!(
            c.districts[1],
            DistrictCoverage {
                name: "柳塘县".into(),
                rows: false,
                missing_point_types: strings(&["道路", "广场", "社区"]),
            }
        );
        assert!(c.districts[0].missing_point_types.is_empty());
        assert_eq!(
            c.warnings(Some("2025-Q3")),
            [Msg::DistrictNoRows {
                district: "柳塘县".into(),
                round: Some("2025-Q3".into()),
            }]
        );
        assert_eq!(
            c.incomplete(),
            Some(Msg::Incomplete {
                without_rows: 1,
                missing_types: 0
            })
        );
    }

    #[test]
    fn warnings_list_districts_without_rows_first() {
        let st = standard();
        let s = seen(
            &[("甲区", &["道路"]), ("乙区", &["道路", "广场", "社区"])],
            &[1, 1, 1],
        );
        let c = coverage(&st, &strings(&["甲区", "乙区", "丙区"]), &s);
        assert_eq!(
            c.warnings(None),
            [
                Msg::DistrictNoRows {
                    district: "丙区".into(),
                    round: None,
                },
                Msg::MissingPointTypes {
                    district: "甲区".into(),
                    point_types: strings(&["广场", "社区"]),
                },
            ]
        );
        assert_eq!(
            c.incomplete(),
            Some(Msg::Incomplete {
                without_rows: 1,
                missing_types: 1
            })
        );
    }

    #[test]
    fn rows_that_name_no_point_type_leave_point_types_unchecked() {
        let st = standard();
        let s = seen(&[("甲区", &[]), ("乙区", &[])], &[1, 1, 1]);
        let c = coverage(&st, &strings(&["甲区"]), &s);
        assert!(!c.point_types_checked);
        assert!(c.districts.iter().all(|d| d.missing_point_types.is_empty()));
        assert!(c.warnings(None).is_empty());
        assert_eq!(c.incomplete(), None);
        assert!(c.criteria_without_rows.is_empty());
    }

    #[test]
    fn complete_data_has_no_warning() {
        let st = standard();
        let s = seen(&[("甲区", &["道路", "广场", "社区"])], &[]);
        let c = coverage(&st, &strings(&["甲区"]), &s);
        assert!(c.warnings(Some("第1轮")).is_empty());
        assert_eq!(c.incomplete(), None);
        // No counts at all: every criterion is without rows.
        assert_eq!(c.criteria_without_rows, ["A.01", "A.02", "A.03"]);
    }
}
