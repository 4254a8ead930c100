//! The README's worked example, figure by figure: if this fails, the README
//! is wrong (or the scoring changed).

mod common;
use common::{Test, repo};

fn score(by: &str) -> String {
    let run = Test::new()
        .copy(&repo().join("examples/worked"), "worked")
        .args([
            "score",
            "worked/inspections.csv",
            "-s",
            "worked/standard.toml",
            "--by",
            by,
        ])
        .run();
    run.code(0).stderr("");
    run.stdout.clone()
}

#[test]
fn city_and_districts() {
    let out = score("district");
    assert!(
        out.contains("全市得分：64.33（满分 100，扣分前 67.33，负面清单扣分 3.00）"),
        "{out}"
    );
    assert!(out.contains("各区县平均分：77.61"), "{out}");
    assert!(out.contains("│    1 ┆ 西区 ┆ 97.00 ┆"), "{out}");
    assert!(out.contains("│    2 ┆ 东区 ┆ 58.22 ┆"), "{out}");
}

#[test]
fn lost_points_per_department() {
    let out = score("department");
    for row in [
        "市公安局交警支队 ┆ 80.00 ┆ 80.00% ┆ 10.67 ┆",
        "市城管局         ┆ 25.00 ┆ 25.00% ┆ 20.00 ┆",
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
        "A.02 ┆ 路面无乱扔垃圾、乱张贴           ┆ 扣分     ┆    2 ┆ 0.50 ┆",
        "A.03 ┆ 新时代文明实践站有活动记录和台账 ┆ 评分     ┆    2 ┆ 1.80 ┆",
    ] {
        assert!(out.contains(row), "{row} not in\n{out}");
    }
}
