//! `ceping compare` (issue 11): rounds of one read and saved JSON reports
//! side by side. Every criterion under exactly one change, a criterion
//! without rows in the new round never fixed, deltas, rank changes and
//! streaks checked by hand on a small fixture, the JSON round trip, the
//! errors of saved reports, and snapshots of every format.
//!
//! The fixture: seven criteria of 10 points (rate), two districts, three
//! rounds. By hand, 第2轮 → 第3轮:
//! - 东区 100.00 → 33.33 (−66.67), rank 1 → 2 (−1), red → black;
//! - 西区 25.00 → 50.00 (+25.00), rank 2 → 1 (+1), black twice (streak 2);
//! - the city 53.33 → 60.00 (+6.67);
//! - A.01 still failing, A.02 newly failing, A.03 newly observed, A.04
//!   fixed, A.05 no longer observed (failing in 第2轮, no rows in 第3轮),
//!   A.06 observed in neither, A.07 still passing.

mod common;

use std::fmt::Write as _;
use std::io::Cursor;

use calamine::Reader as _;
use common::{Run, Test, assert_tables_aligned};
use serde_json::Value;

const BOM: &str = "\u{feff}";

fn standard() -> String {
    let mut s = String::from(
        "[standard]\nid = \"compare-test\"\nname = \"对比测试\"\nedition = \"1\"\n\
         levels = [\"测评项目\", \"测评标准\"]\nfull_score = 100\ndecimals = 2\n\n\
         [standard.methods]\nfield = { name = \"实地考察\", weight = 100 }\n\n\
         [[group]]\nid = \"A\"\nname = \"市容\"\n",
    );
    for i in 1..=7 {
        let lead = if i == 1 {
            "市交警支队"
        } else {
            "市城管局"
        };
        let _ = write!(
            s,
            "\n[[criterion]]\nid = \"A.0{i}\"\ngroup = \"A\"\ntext = \"标准{i}\"\nscore = 10\n\
             method = \"field\"\npoint_types = [\"主次干道\"]\nlead = \"{lead}\"\n\
             rule = {{ kind = \"rate\" }}\n"
        );
    }
    s
}

const PROJECT: &str = "city = \"测试市\"\nstandard = \"standard.toml\"\ninputs = [\"data.csv\"]\n\
    districts = [\"东区\", \"西区\"]\n\n[bands]\nred = 80\nblack = 60\n";

/// (round, district, criterion, result) in file order; each row its own
/// point.
const ROWS: &[(&str, &str, &str, &str)] = &[
    ("第1轮", "东区", "A.01", "合格"),
    ("第1轮", "东区", "A.01", "合格"),
    ("第1轮", "东区", "A.02", "不合格"),
    ("第1轮", "东区", "A.02", "合格"),
    ("第1轮", "西区", "A.01", "合格"),
    ("第1轮", "西区", "A.02", "合格"),
    ("第1轮", "西区", "A.03", "不合格"),
    ("第2轮", "东区", "A.01", "合格"),
    ("第2轮", "东区", "A.01", "合格"),
    ("第2轮", "东区", "A.02", "合格"),
    ("第2轮", "东区", "A.07", "合格"),
    ("第2轮", "西区", "A.01", "不合格"),
    ("第2轮", "西区", "A.02", "合格"),
    ("第2轮", "西区", "A.04", "不合格"),
    ("第2轮", "西区", "A.05", "不合格"),
    ("第3轮", "东区", "A.01", "不合格"),
    ("第3轮", "东区", "A.02", "不合格"),
    ("第3轮", "东区", "A.07", "合格"),
    ("第3轮", "西区", "A.01", "不合格"),
    ("第3轮", "西区", "A.02", "不合格"),
    ("第3轮", "西区", "A.03", "合格"),
    ("第3轮", "西区", "A.04", "合格"),
];

fn data() -> String {
    let mut s = String::from("批次,区县,点位,点位类型,标准编号,结果\n");
    for (i, (round, district, criterion, result)) in ROWS.iter().enumerate() {
        let _ = writeln!(s, "{round},{district},点{i},主次干道,{criterion},{result}");
    }
    s
}

fn fixture() -> Test {
    Test::new()
        .file("standard.toml", standard())
        .file("ceping.toml", PROJECT)
        .file("data.csv", data())
}

/// `ceping [--lang L] compare ARGS` in the fixture, which must succeed
/// with nothing on stderr.
fn compare(lang: &str, args: &[&str]) -> Run {
    let run = fixture().args(["--lang", lang, "compare"]).args(args).run();
    run.code(0).stderr("");
    run
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).expect("JSON report")
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_str().expect("id").to_string())
        .collect()
}

const CHANGES: [&str; 7] = [
    "newly_failing",
    "still_failing",
    "fixed",
    "still_passing",
    "newly_observed",
    "no_longer_observed",
    "not_observed",
];

#[test]
fn every_criterion_is_listed_once_in_the_city_and_each_district() {
    let all: Vec<String> = (1..=7).map(|i| format!("A.0{i}")).collect();
    for rounds in [
        &["-r", "第1轮", "-r", "第2轮"][..],
        &["-r", "第2轮", "-r", "第3轮"],
        &["-r", "第3轮", "-r", "第1轮"],
        &["-r", "第1轮", "-r", "第2轮", "-r", "第3轮"],
    ] {
        let args: Vec<&str> = rounds.iter().copied().chain(["-f", "json"]).collect();
        let r = json(&compare("zh", &args));
        let city: Vec<String> = r["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .map(|c| {
                assert!(CHANGES.contains(&c["change"].as_str().expect("change")));
                c["id"].as_str().expect("id").to_string()
            })
            .collect();
        assert_eq!(city, all, "{rounds:?}");
        let districts = r["district_criteria"].as_array().expect("districts");
        assert_eq!(districts.len(), 2, "{rounds:?}");
        for d in districts {
            let mut listed: Vec<String> = CHANGES.iter().flat_map(|c| ids(&d[c])).collect();
            listed.sort();
            assert_eq!(listed, all, "{rounds:?} {}", d["name"]);
        }
    }
}

#[test]
fn a_criterion_without_rows_in_the_new_round_is_no_longer_observed_never_fixed() {
    let r = json(&compare(
        "zh",
        &["-r", "第2轮", "-r", "第3轮", "-f", "json"],
    ));
    let a05 = &r["criteria"][4];
    assert_eq!(a05["id"], "A.05");
    assert_eq!(a05["change"], "no_longer_observed");
    assert_eq!(a05["old"]["fails"], 1);
    assert_eq!(a05["new"]["observations"], 0);
    let west = &r["district_criteria"][0];
    assert_eq!(west["name"], "西区");
    assert_eq!(ids(&west["no_longer_observed"]), ["A.05"]);
    assert_eq!(ids(&west["fixed"]), ["A.04"]);
    // In 东区, A.05 has rows in neither round.
    let east = &r["district_criteria"][1];
    assert!(ids(&east["not_observed"]).contains(&"A.05".to_string()));
    assert!(ids(&east["fixed"]).is_empty());
}

#[test]
fn changes_deltas_and_rank_changes_by_hand() {
    let r = json(&compare(
        "zh",
        &["-r", "第2轮", "-r", "第3轮", "-f", "json"],
    ));
    assert_eq!(r["format_version"], 1);
    assert_eq!(r["rounds"], serde_json::json!(["第2轮", "第3轮"]));
    let changes: Vec<&str> = r["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| c["change"].as_str().expect("change"))
        .collect();
    assert_eq!(
        changes,
        [
            "still_failing",
            "newly_failing",
            "newly_observed",
            "fixed",
            "no_longer_observed",
            "not_observed",
            "still_passing"
        ]
    );
    assert_eq!(r["city"]["scores"].to_string(), "[53.33,60.00]");
    assert_eq!(r["city"]["delta"].to_string(), "6.67");
    // The new ranking's order: 西区 first.
    let west = &r["districts"][0];
    assert_eq!(west["name"], "西区");
    assert_eq!(west["scores"].to_string(), "[25.00,50.00]");
    assert_eq!(west["delta"].to_string(), "25.00");
    assert_eq!(west["ranks"].to_string(), "[2,1]");
    assert_eq!(west["rank_change"], 1);
    assert_eq!(
        (&west["entered"], &west["left"]),
        (&Value::Null, &Value::Null)
    );
    let east = &r["districts"][1];
    assert_eq!(east["name"], "东区");
    assert_eq!(east["scores"].to_string(), "[100.00,33.33]");
    assert_eq!(east["delta"].to_string(), "-66.67");
    assert_eq!(east["rank_change"], -1);
    assert_eq!(
        (&east["entered"], &east["left"]),
        (&"black".into(), &"red".into())
    );
    // A.01 passed in 东区 in 第2轮 and fails in 第3轮; A.02 in both.
    let east_criteria = &r["district_criteria"][1];
    assert_eq!(ids(&east_criteria["newly_failing"]), ["A.01", "A.02"]);
    assert_eq!(ids(&east_criteria["still_passing"]), ["A.07"]);
    // Departments: 市交警支队 leads A.01 only.
    let police = r["departments"]
        .as_array()
        .expect("departments")
        .iter()
        .find(|d| d["name"] == "市交警支队")
        .expect("市交警支队");
    assert_eq!(police["scores"].to_string(), "[66.67,0.00]");
    assert_eq!(police["delta"].to_string(), "-66.67");
}

#[test]
fn streaks_over_three_rounds() {
    let r = json(&compare(
        "zh",
        &["-r", "第1轮", "-r", "第2轮", "-r", "第3轮", "-f", "json"],
    ));
    let west = &r["districts"][0];
    assert_eq!(west["name"], "西区");
    assert_eq!(west["bands"], serde_json::json!([null, "black", "black"]));
    assert_eq!(west["streak"], 2);
    let east = &r["districts"][1];
    assert_eq!(east["bands"], serde_json::json!([null, "red", "black"]));
    assert_eq!(east["streak"], 1);
    // The change is between the last two rounds.
    assert_eq!(east["delta"].to_string(), "-66.67");
    assert_eq!(r["city"]["scores"].to_string(), "[55.56,53.33,60.00]");
    // 连续上榜 in the table.
    let table = compare("zh", &["-r", "第1轮", "-r", "第2轮", "-r", "第3轮"]);
    assert!(table.stdout.contains("连续上榜轮数"));
}

/// The JSON report of `ceping score --round R` in the fixture, saved.
fn saved_round(round: &str) -> Vec<u8> {
    let t = fixture().args(["score", "--round", round, "-o", "r.json"]);
    t.run().code(0).stderr("");
    t.read("r.json")
}

/// A saved report of the fixture's 第2轮, edited.
fn saved(edit: impl Fn(String) -> String) -> Vec<u8> {
    edit(String::from_utf8(saved_round("第2轮")).expect("utf-8")).into_bytes()
}

#[test]
fn json_round_trip_equals_compare_by_rounds() {
    let mut saved = Vec::new();
    for r in ["第1轮", "第2轮", "第3轮"] {
        let bytes = saved_round(r);
        // Reading a saved report and writing it again gives the same bytes.
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        let report = ceping::report::compare::read_saved(r, &text).expect("a score report");
        let again = serde_json::to_string_pretty(&report).expect("json") + "\n";
        assert_eq!(again, text, "{r}");
        saved.push((format!("{r}.json"), bytes));
    }
    for rounds in [&["第2轮", "第3轮"][..], &["第1轮", "第2轮", "第3轮"]] {
        let mut t = Test::new();
        for (name, bytes) in &saved {
            t = t.file(name, bytes);
        }
        let files: Vec<String> = rounds.iter().map(|r| format!("{r}.json")).collect();
        let from_files = t.arg("compare").args(&files).args(["-f", "json"]).run();
        from_files.code(0).stderr("");
        let mut args = Vec::new();
        for r in rounds {
            args.extend(["-r", r]);
        }
        args.extend(["-f", "json"]);
        let from_rounds = compare("zh", &args);
        assert_eq!(from_files.stdout, from_rounds.stdout, "{rounds:?}");
        // The compare report deserializes too, to the same bytes.
        let back: ceping::report::compare::CompareReport =
            serde_json::from_str(&from_rounds.stdout).expect("a compare report");
        let again = serde_json::to_string_pretty(&back).expect("json") + "\n";
        assert_eq!(again, from_rounds.stdout);
    }
}

#[test]
fn saved_reports_of_another_version_or_standard_are_refused() {
    let ok = saved(|s| s);
    let version = saved(|s| s.replacen("\"format_version\": 1", "\"format_version\": 2", 1));
    let other = saved(|s| s.replacen("\"id\": \"compare-test\"", "\"id\": \"other\"", 1));
    let edition = saved(|s| s.replacen("\"edition\": \"1\"", "\"edition\": \"2\"", 1));
    let t = Test::new()
        .file("ok.json", &ok)
        .file("v2.json", &version)
        .file("other.json", &other)
        .file("edition.json", &edition);
    t.args(["compare", "ok.json", "v2.json"]).run().code(2).stderr(
        "v2.json:2:21: error: 报告格式版本 2 无法读取，本版本 ceping 读取格式版本 1；请用本版本重新生成报告\n  |\n2 |   \"format_version\": 2,\n  |                     ^\nceping: 发现 1 个错误、0 个警告\n",
    );
    let t = Test::new()
        .file("ok.json", &ok)
        .file("other.json", &other)
        .file("edition.json", &edition);
    t.args(["--lang", "en", "compare", "ok.json", "other.json", "edition.json"])
        .run()
        .code(2)
        .stderr_has("other.json:4:11: error: this report is of standard other (1), ok.json is of compare-test (1); only reports of one standard (same id and edition) can be compared\n")
        .stderr_has("edition.json:")
        .stderr_has("this report is of standard compare-test (2), ok.json is of compare-test (1)")
        .stderr_has("ceping: 2 error(s), 0 warning(s)");
}

#[test]
fn files_that_are_no_score_reports_are_refused() {
    let ok = saved(|s| s);
    let t = Test::new()
        .file("ok.json", &ok)
        .file("other.json", "{\"a\": 1}\n")
        .file("broken.json", "{\n  \"a\": [1,}\n")
        .file("partial.json", "{\n  \"format_version\": 1\n}\n");
    let run = t
        .args([
            "compare",
            "ok.json",
            "other.json",
            "broken.json",
            "partial.json",
        ])
        .run();
    run.code(2)
        .stderr_has("other.json: error: 不是 ceping 报告：没有 format_version；compare 读取 ceping score -f json 保存的报告\n")
        .stderr_has("broken.json:2:11: error: 不是 JSON 文件（expected value）")
        .stderr_has("partial.json:3:1: error: 不是 ceping score 报告（missing field `standard`）")
        .stderr_has("ceping: 发现 3 个错误、0 个警告");
}

#[test]
fn nothing_to_compare_and_mixed_inputs_are_usage_errors() {
    fixture()
        .args(["compare", "--round", "第1轮"])
        .run()
        .code(2)
        .stderr("error: 没有可比较的两项（给出了 1 个 --round、0 个 JSON 报告）；请给出 --round 旧批次 --round 新批次，或两个 ceping score -f json 保存的报告\nceping: 发现 1 个错误、0 个警告\n");
    fixture()
        .file("a.json", "{}")
        .args(["--lang", "en", "compare", "a.json", "data.csv"])
        .run()
        .code(2)
        .stderr("error: a.json is a JSON report, which cannot be mixed with inspection files or --round; give reports only, or inspection files with --round\nceping: 1 error(s), 0 warning(s)\n");
    fixture()
        .args(["compare", "-r", "第1轮", "-r", "第9轮"])
        .run()
        .code(2)
        .stderr_has("第9轮");
}

/// The text to snapshot, after checking what a snapshot cannot show.
fn checked(run: &Run, format: &str) -> String {
    match format {
        "csv" => {
            let body = run.stdout.strip_prefix(BOM).expect("CSV starts with a BOM");
            body.replace("\r\n", "\n")
        }
        "table" => {
            assert_tables_aligned(&run.stdout);
            run.stdout.clone()
        }
        _ => run.stdout.clone(),
    }
}

#[test]
fn snapshots_of_every_view_and_format() {
    let three = ["-r", "第1轮", "-r", "第2轮", "-r", "第3轮"];
    for lang in ["zh", "en"] {
        for by in ["district", "department", "criterion"] {
            let args: Vec<&str> = three.iter().copied().chain(["--by", by]).collect();
            let run = compare(lang, &args);
            insta::assert_snapshot!(format!("{by}-table-{lang}"), checked(&run, "table"));
        }
        for format in ["csv", "md"] {
            let args: Vec<&str> = three.iter().copied().chain(["-f", format]).collect();
            let run = compare(lang, &args);
            insta::assert_snapshot!(format!("district-{format}-{lang}"), checked(&run, format));
        }
        let args: Vec<&str> = three
            .iter()
            .copied()
            .chain(["-f", "csv", "--by", "criterion"])
            .collect();
        let run = compare(lang, &args);
        insta::assert_snapshot!(format!("criterion-csv-{lang}"), checked(&run, "csv"));
        let args: Vec<&str> = three.iter().copied().chain(["-f", "xlsx"]).collect();
        let run = compare(lang, &args);
        insta::assert_snapshot!(format!("xlsx-{lang}"), workbook_text(&run.stdout_bytes));
    }
    let args: Vec<&str> = three.iter().copied().chain(["-f", "json"]).collect();
    insta::assert_snapshot!("json", compare("zh", &args).stdout);
}

/// A workbook's sheets as text: each sheet's name, then its rows, cells
/// as calamine reads them (numbers as numbers) separated by ` | `.
fn workbook_text(bytes: &[u8]) -> String {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx");
    let mut out = String::new();
    for name in wb.sheet_names() {
        let _ = writeln!(out, "== {name}");
        let range = wb.worksheet_range(&name).expect("sheet");
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| format!("{c:?}")).collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
        }
    }
    out
}

#[test]
fn help() {
    let run = Test::new().args(["compare", "--help"]).run();
    run.code(0);
    insta::assert_snapshot!("help-compare", run.stdout);
}
