//! The README's worked example, figure by figure: if this fails, the README
//! is wrong (or the scoring changed).

mod common;
use common::{Test, repo};

/// The example scored `--by by`, with `extra` files (a ceping.toml) and
/// arguments.
fn score_with(by: &str, files: &[(&str, &str)], extra: &[&str]) -> String {
    let mut t = Test::new().copy(&repo().join("examples/worked"), "worked");
    for (name, text) in files {
        t = t.file(name, text);
    }
    let run = t
        .args(["score", "worked/inspections.csv", "--by", by])
        .args(extra)
        .run();
    run.code(0).stderr("");
    run.stdout.clone()
}

fn score(by: &str) -> String {
    score_with(by, &[], &["-s", "worked/standard.toml"])
}

#[test]
fn city_and_districts() {
    let out = score("district");
    assert!(
        out.contains(
            "全市得分：72.67（全部点位合并计分，满分 100，扣分前 75.67，负面清单扣分 3.00）"
        ),
        "{out}"
    );
    assert!(out.contains("各区县平均分：79.83"), "{out}");
    assert!(out.contains("│    1 ┆ 西区 ┆ 97.00 ┆"), "{out}");
    assert!(out.contains("│    2 ┆ 东区 ┆ 62.67 ┆"), "{out}");
}

#[test]
fn lost_points_per_department() {
    let out = score("department");
    for row in [
        "市公安局交警支队 ┆ 80.00 ┆ 80.00% ┆ 10.67 ┆",
        "市城管局         ┆ 56.25 ┆ 56.25% ┆ 11.67 ┆",
        "市文明办         ┆ 90.00 ┆ 90.00% ┆  2.00 ┆",
    ] {
        assert!(out.contains(row), "{row} not in\n{out}");
    }
}

#[test]
fn criteria_earned() {
    let out = score("criterion");
    for row in [
        "A.01 ┆ 机动车在人行横道前礼让行人       ┆ 合格率   ┆    4 ┆ 3.20 ┆",
        "A.02 ┆ 路面无乱扔垃圾、乱张贴           ┆ 扣分     ┆    2 ┆ 1.13 ┆",
        "A.03 ┆ 新时代文明实践站有活动记录和台账 ┆ 评分     ┆    2 ┆ 1.80 ┆",
    ] {
        assert!(out.contains(row), "{row} not in\n{out}");
    }
}

/// `city_score = "district_mean"`: the headline is the mean of the
/// districts, before penalties the mean of theirs; the pooled figure is
/// shown beside it.
#[test]
fn district_mean_headline() {
    let config = "standard = \"worked/standard.toml\"\ncity_score = \"district_mean\"\n";
    let out = score_with("district", &[("ceping.toml", config)], &[]);
    assert!(
        out.contains(
            "全市得分：79.83（各区县得分平均，满分 100，扣分前 81.33，负面清单扣分 1.50）"
        ),
        "{out}"
    );
    assert!(out.contains("全市合并计分：72.67"), "{out}");
}

/// `scope = "unit"`: 东区's three A.02 rows are scored together, their 8
/// problems take the whole 2 points, and 东区 scores 51.56.
#[test]
fn unit_scope_scores_a_district_as_one_place() {
    let standard = std::fs::read_to_string(repo().join("examples/worked/standard.toml"))
        .expect("the worked standard");
    let unit = standard.replace(
        "[standard.methods]",
        "[standard.policy]\nscope = \"unit\"\n\n[standard.methods]",
    );
    let out = score_with("district", &[("unit.toml", &unit)], &["-s", "unit.toml"]);
    assert!(out.contains("│    2 ┆ 东区 ┆ 51.56 ┆"), "{out}");
}
