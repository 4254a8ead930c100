//! `ceping score`: data coverage (issue 9). A district listed in ceping.toml
//! without rows is in the district view with no score (无数据), out of the
//! district mean, and named in a warning; point types the standard's field
//! criteria require but a district has no counted rows at are warned about
//! and listed in JSON; `--require-complete` turns these warnings into a
//! failed gate (exit 1, the report still written).
//!
//! The standard is [`common::RULES`]: its field criteria require 主次干道
//! and 背街小巷 (R1), 主次干道 (R2, D1) and 公共广场 (L1).

mod common;

use common::{RULES, Run, Test, find, num, strings};
use serde_json::Value;

/// Every required point type in both districts, in round 2025-Q3.
/// 甲区: R1 1/2 → 5, L1 → 5: 100 × 10 / 15 = 66.67; 乙区: 100.
const COMPLETE: &str = "批次,区县,点位,点位类型,标准编号,结果\n\
    2025-Q3,甲区,p1,主次干道,R1,合格\n\
    2025-Q3,甲区,p2,背街小巷,R1,不合格\n\
    2025-Q3,甲区,p3,公共广场,L1,合格\n\
    2025-Q3,乙区,p4,主次干道,R1,合格\n\
    2025-Q3,乙区,p5,背街小巷,R1,合格\n\
    2025-Q3,乙区,p6,公共广场,L1,合格\n";

/// ceping.toml listing 甲区, 乙区 and 柳塘县 (which has no rows), with bands
/// so that a missing score could not be taken for a black one.
const LISTED: &str = "districts = [\"甲区\", \"乙区\", \"柳塘县\"]\n\
    [bands]\nred = 90\nblack = 80\n";

const NO_ROWS_ZH: &str = "ceping: warning: 区县“柳塘县”在批次“2025-Q3”中没有检查结果\n";
const NO_ROWS_EN: &str =
    "ceping: warning: district \"柳塘县\" has no inspection results in round \"2025-Q3\"\n";

/// A work dir with RULES as `s.toml`, `data` as `d.csv` and `config` as
/// `ceping.toml` (found in the working directory), set to run
/// `ceping score d.csv -s s.toml`.
fn project(config: &str, data: &str) -> Test {
    Test::new()
        .file("s.toml", RULES)
        .file("d.csv", data)
        .file("ceping.toml", config)
        .args(["score", "d.csv", "-s", "s.toml"])
}

fn json(run: &Run) -> Value {
    run.code(0);
    run.json()
}

// --- a listed district without rows ------------------------------------------

#[test]
fn a_listed_district_without_rows_has_no_score_and_is_not_in_the_mean() {
    let run = project(LISTED, COMPLETE).args(["-f", "json"]).run();
    run.code(0).stderr(NO_ROWS_ZH);
    let v = json(&run);
    let d = find(&v, "districts", "柳塘县");
    for key in ["score", "score_before_penalties", "rate", "rank", "band"] {
        assert!(d[key].is_null(), "{key} of 柳塘县: {}", d[key]);
    }
    assert_eq!(d["observations"], 0);
    // After the ranked districts.
    assert_eq!(strings(&v, "districts", "name"), ["乙区", "甲区", "柳塘县"]);
    assert_eq!(find(&v, "districts", "乙区")["rank"], 1);
    assert_eq!(find(&v, "districts", "甲区")["rank"], 2);
    // The mean of 甲区 and 乙区 only: (66.667 + 100) / 2.
    assert_eq!(num(&v["city"]["district_mean"]), "83.33");
    // The same report as without the district, but for it.
    let bare = project(&LISTED.replace(", \"柳塘县\"", ""), COMPLETE)
        .args(["-f", "json"])
        .run();
    bare.code(0).stderr("");
    let w = bare.json();
    assert_eq!(v["city"], w["city"]);
    assert_eq!(v["districts"][0], w["districts"][0]);
    assert_eq!(v["districts"][1], w["districts"][1]);
    assert_eq!(v["criteria"], w["criteria"]);
    // And in the coverage section.
    assert_eq!(
        v["coverage"]["districts"],
        serde_json::json!([
            { "name": "乙区", "rows": true, "missing_point_types": [] },
            { "name": "甲区", "rows": true, "missing_point_types": [] },
            {
                "name": "柳塘县",
                "rows": false,
                "missing_point_types": ["主次干道", "背街小巷", "公共广场"]
            },
        ])
    );
}

#[test]
fn a_listed_district_without_rows_reads_no_data_in_tables() {
    let run = project(LISTED, COMPLETE).run();
    run.code(0).stderr(NO_ROWS_ZH);
    let last = table_rows(&run.stdout).pop().expect("a table row");
    assert_eq!(
        last,
        [
            "-",
            "柳塘县",
            "无数据",
            "无数据",
            "0",
            "0",
            "0",
            "0",
            "",
            "",
            ""
        ]
    );
    let en = project(LISTED, COMPLETE).args(["--lang", "en"]).run();
    en.code(0).stderr(NO_ROWS_EN);
    let last = table_rows(&en.stdout).pop().expect("a table row");
    assert_eq!(&last[..4], ["-", "柳塘县", "no data", "no data"]);

    let md = project(LISTED, COMPLETE).args(["-f", "md"]).run();
    md.code(0);
    assert!(
        md.stdout.contains("| - | 柳塘县 | 无数据 | 无数据 |"),
        "{}",
        md.stdout
    );
    let csv = project(LISTED, COMPLETE).args(["-f", "csv"]).run();
    csv.code(0);
    assert!(
        csv.stdout
            .contains("\r\n-,柳塘县,无数据,无数据,0,0,0,0,,,\r\n"),
        "{}",
        csv.stdout
    );
}

/// The cells of each body row of a drawn table.
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .filter(|l| l.starts_with('│'))
        .skip(1)
        .map(|l| {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn without_rounds_the_warning_names_no_round() {
    let data = "区县,点位,点位类型,标准编号,结果\n\
        甲区,p1,主次干道,R1,合格\n\
        甲区,p2,背街小巷,R1,合格\n\
        甲区,p3,公共广场,L1,合格\n";
    project(LISTED, data).run().code(0).stderr(
        "ceping: warning: 区县“乙区”没有检查结果\nceping: warning: 区县“柳塘县”没有检查结果\n",
    );
    project(LISTED, data)
        .args(["--lang", "en"])
        .run()
        .code(0)
        .stderr(
            "ceping: warning: district \"乙区\" has no inspection results\n\
             ceping: warning: district \"柳塘县\" has no inspection results\n",
        );
}

#[test]
fn a_district_with_rows_in_another_round_only_is_warned_about_in_this_one() {
    // 乙区 has rows in 2025-Q2 only; 柳塘县 in none.
    let data = COMPLETE.replace("2025-Q3,乙区", "2025-Q2,乙区");
    project(LISTED, &data)
        .args(["--round", "2025-Q3"])
        .run()
        .code(0)
        .stderr(
            "ceping: warning: 区县“乙区”在批次“2025-Q3”中没有检查结果\n\
             ceping: warning: 区县“柳塘县”在批次“2025-Q3”中没有检查结果\n",
        );
    // Pooled, the round is not named: 乙区 has rows.
    project(LISTED, &data)
        .args(["--round", "all"])
        .run()
        .code(0)
        .stderr("ceping: warning: 区县“柳塘县”没有检查结果\n");
}

#[test]
fn without_a_district_list_no_district_is_missing() {
    Test::new()
        .file("s.toml", RULES)
        .file("d.csv", COMPLETE)
        .args(["score", "d.csv", "-s", "s.toml", "--require-complete"])
        .run()
        .code(0)
        .stderr("");
}

// --- missing point types -----------------------------------------------------------

/// No row at 公共广场 anywhere, and only a 不适用 row at 背街小巷 in 乙区.
const NO_SQUARE: &str = "批次,区县,点位,点位类型,标准编号,结果\n\
    2025-Q3,甲区,p1,主次干道,R1,合格\n\
    2025-Q3,甲区,p2,背街小巷,R1,不合格\n\
    2025-Q3,乙区,p4,主次干道,R1,合格\n\
    2025-Q3,乙区,p5,主次干道,D1,合格\n";

#[test]
fn point_types_without_counted_rows_are_warned_about_per_district() {
    // 背街小巷 has rows in 甲区 only, 公共广场 nowhere; an only 不适用 row
    // does not count.
    let data = format!("{NO_SQUARE}2025-Q3,乙区,p6,公共广场,L1,不适用\n");
    let run = project("districts = [\"甲区\", \"乙区\"]\n", &data)
        .args(["-f", "json"])
        .run();
    // In the district view's order: 乙区 (100) ranks above 甲区 (50).
    run.code(0).stderr(
        "ceping: warning: 区县“乙区”缺少点位类型的检查结果：背街小巷、公共广场\n\
         ceping: warning: 区县“甲区”缺少点位类型的检查结果：公共广场\n",
    );
    let v = run.json();
    assert_eq!(
        v["coverage"]["districts"],
        serde_json::json!([
            { "name": "乙区", "rows": true, "missing_point_types": ["背街小巷", "公共广场"] },
            { "name": "甲区", "rows": true, "missing_point_types": ["公共广场"] },
        ])
    );
    assert_eq!(v["coverage"]["point_types_checked"], true);
}

#[test]
fn point_types_missing_in_the_whole_city_are_warned_about() {
    let run = project("districts = [\"甲区\", \"乙区\"]\n", NO_SQUARE)
        .args(["-f", "json"])
        .run();
    run.code(0)
        .stderr_has("ceping: warning: 区县“甲区”缺少点位类型的检查结果：公共广场\n");
    let v = run.json();
    assert_eq!(
        find(&v["coverage"], "districts", "甲区")["missing_point_types"],
        serde_json::json!(["公共广场"])
    );
    // L1, Q1 and G1 have no rows at all; R2 none either.
    assert_eq!(
        v["coverage"]["criteria_without_rows"],
        serde_json::json!(["R2", "L1", "Q1", "G1"])
    );
    project("districts = [\"甲区\", \"乙区\"]\n", NO_SQUARE)
        .args(["--lang", "en"])
        .run()
        .code(0)
        .stderr_has(
            "ceping: warning: district \"甲区\" has no inspection results for point types: 公共广场\n",
        );
}

#[test]
fn rows_without_point_types_leave_point_types_unchecked() {
    // Without a point-type column nothing says where rows were taken.
    let data = "区县,点位,标准编号,结果\n甲区,p1,R1,合格\n";
    let run = project("districts = [\"甲区\"]\n", data)
        .args(["-f", "json", "--require-complete"])
        .run();
    run.code(0).stderr("");
    let v = run.json();
    assert_eq!(v["coverage"]["point_types_checked"], false);
    assert_eq!(
        v["coverage"]["districts"][0]["missing_point_types"],
        serde_json::json!([])
    );
}

// --- --require-complete ------------------------------------------------------------

#[test]
fn require_complete_fails_after_writing_the_report() {
    let plain = project(LISTED, COMPLETE).args(["-f", "json"]).run();
    plain.code(0).stderr(NO_ROWS_ZH);
    let t = project(LISTED, COMPLETE).args(["--require-complete", "-o", "out.json"]);
    t.run().code(1).stdout("").stderr(&format!(
        "{NO_ROWS_ZH}ceping: 数据不完整（--require-complete）：1 个区县没有检查结果，\
         0 个区县缺少点位类型的检查结果\n"
    ));
    assert_eq!(
        String::from_utf8(t.read("out.json")).expect("UTF-8"),
        plain.stdout
    );
    project(LISTED, COMPLETE)
        .args(["--lang", "en", "--require-complete", "-f", "json"])
        .run()
        .code(1)
        .stdout(&plain.stdout)
        .stderr(&format!(
            "{NO_ROWS_EN}ceping: the data is incomplete (--require-complete): \
             1 district(s) without inspection results, 0 with point types missing\n"
        ));
}

#[test]
fn require_complete_passes_on_complete_data() {
    project("districts = [\"甲区\", \"乙区\"]\n", COMPLETE)
        .args(["--require-complete"])
        .run()
        .code(0)
        .stderr("");
}

#[test]
fn require_complete_counts_missing_point_types() {
    project("districts = [\"甲区\", \"乙区\"]\n", NO_SQUARE)
        .args(["--require-complete"])
        .run()
        .code(1)
        .stderr_has("ceping: 数据不完整（--require-complete）：0 个区县没有检查结果，2 个区县缺少点位类型的检查结果\n");
}

#[test]
fn both_gates_failing_are_both_named() {
    project(LISTED, COMPLETE)
        .args(["--require-complete", "--fail-below", "90"])
        .run()
        .code(1)
        .stderr_has("ceping: 全市得分 83.33 低于 --fail-below 90\nceping: 数据不完整（--require-complete）：");
}
