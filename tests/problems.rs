//! `ceping problems` (issue 11): the problem ledger — each status
//! transition, deadlines from the criterion and from the standard, overdue
//! days across month, year and leap days, stable ids whatever the file
//! order and threads, an unknown status word, a bad `--as-of`, and every
//! output format.

mod common;

use std::io::Cursor;

use calamine::Reader as _;
use common::{RULES, Run, Test, edit};

/// [`RULES`] with `rectify_days = 10` in the policy and 3 for D1.
fn standard() -> String {
    edit(
        RULES,
        &[
            (
                "severe = \"zero\"\n",
                "severe = \"zero\"\nrectify_days = 10\n",
            ),
            (
                "rule = { kind = \"deduct\", per_problem = 0.5 }",
                "rule = { kind = \"deduct\", per_problem = 0.5 }\nrectify_days = 3",
            ),
        ],
    )
}

const HEAD: &str =
    "批次,日期,区县,点位,标准编号,结果,问题数,责任单位,问题描述,照片,检查人,整改状态\n";

/// Two rounds: every status a problem can have (see each row's comment in
/// the tests below).
const ROUND1: &[&str] = &[
    // p1: fails, passes on its deadline day (2024-02-27 + 10 = 03-08).
    "第1轮,2024-02-27,甲区,p1,R1,不合格,,,垃圾,IMG1.jpg,张三,",
    // p2: fails, fails again on re-inspection (复查未通过).
    "第1轮,2024-02-27,甲区,p2,R1,不合格,,,乱张贴,,张三,",
    // p3: D1's own 3 days (02-27 + 3 = 03-01, a leap year), fixed late.
    "第1轮,2024-02-27,甲区,p3,D1,不合格,1,,围挡破损,,李四,",
    // p4: its own department and status cell (整改中).
    "第1轮,2024-02-27,乙区,p4,R1,严重不合格,,街道办,,,李四,整改中",
    // p5: 已整改 by its status cell, no later row.
    "第1轮,2024-02-27,乙区,p5,R1,不合格,,,,,李四,rectified",
    // p6: fixed within the round, fails again in round 2 (回潮).
    "第1轮,2024-02-28,乙区,p6,R1,不合格,,,,,王五,",
    "第1轮,2024-03-02,乙区,p6,R1,合格,,,,,王五,",
    // A penalty: an incident, not a problem.
    "第1轮,2024-02-27,甲区,p9,N1,不合格,,,,,张三,",
];

const ROUND2: &[&str] = &[
    "第2轮,2024-03-08,甲区,p1,R1,合格,,,,,张三,",
    "第2轮,2024-03-10,甲区,p2,R1,不合格,,,仍有乱张贴,,张三,",
    "第2轮,2024-03-02,甲区,p3,D1,合格,,,,,李四,",
    "第2轮,2024-03-20,乙区,p6,R1,不合格,,,,,王五,",
    // After the as-of date: not seen (p2 stays open).
    "第2轮,2024-04-05,甲区,p2,R1,合格,,,,,张三,",
];

fn data(rows: &[&[&str]]) -> String {
    let mut s = HEAD.to_string();
    for r in rows.iter().flat_map(|r| r.iter()) {
        s.push_str(r);
        s.push('\n');
    }
    s
}

/// The fixture: the standard and both rounds in one file.
fn ledger(args: &[&str]) -> Test {
    Test::new()
        .file("s.toml", standard())
        .file("d.csv", data(&[ROUND1, ROUND2]))
        .args(["problems", "d.csv", "-s", "s.toml"])
        .args(args)
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--round", "all", "--as-of", "2024-04-01", "-f", "json"];
    all.extend_from_slice(args);
    let run = ledger(&all).run();
    run.code(0);
    run.json()
}

/// The problem of a point (and date) in a JSON report.
fn problem<'a>(v: &'a serde_json::Value, point: &str, date: &str) -> &'a serde_json::Value {
    v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .find(|p| p["point"] == point && p["date"] == date)
        .unwrap_or_else(|| panic!("no problem at {point} on {date}"))
}

#[test]
fn a_later_pass_rectifies_on_its_date_and_on_the_deadline_day_is_on_time() {
    let v = json(&[]);
    let p = problem(&v, "p1", "2024-02-27");
    assert_eq!(p["deadline"], "2024-03-08");
    assert_eq!(p["status"], "rectified");
    assert_eq!(p["rectified_on"], "2024-03-08");
    assert_eq!(p["on_time"], true);
    assert_eq!(p["overdue_days"], 0);
    assert_eq!(p["note"], "垃圾");
    assert_eq!(p["photo"], "IMG1.jpg");
    assert_eq!(p["inspector"], "张三");
    assert_eq!(p["source"], "d.csv:2");
    assert_eq!(p["departments"], serde_json::json!(["城管局"]));
}

#[test]
fn a_later_fail_keeps_it_open_flagged_and_is_a_problem_of_its_own() {
    let v = json(&[]);
    let p = problem(&v, "p2", "2024-02-27");
    assert_eq!(p["status"], "open");
    assert_eq!(p["recheck_failed"], true);
    // 2024-03-08 → 2024-04-01.
    assert_eq!(p["overdue_days"], 24);
    let again = problem(&v, "p2", "2024-03-10");
    assert_eq!(again["deadline"], "2024-03-20");
    assert_eq!(again["recheck_failed"], false);
    assert_eq!(again["overdue_days"], 12);
    assert_eq!(again["note"], "仍有乱张贴");
}

#[test]
fn the_criterions_days_beat_the_standards_and_a_late_fix_is_not_on_time() {
    let v = json(&[]);
    let p = problem(&v, "p3", "2024-02-27");
    // 3 days from 2024-02-27 in a leap year.
    assert_eq!(p["deadline"], "2024-03-01");
    assert_eq!(p["status"], "rectified");
    assert_eq!(p["rectified_on"], "2024-03-02");
    assert_eq!(p["on_time"], false);
    assert_eq!(p["departments"], serde_json::json!(["住建局"]));
}

#[test]
fn the_rows_own_status_and_department_come_first() {
    let v = json(&[]);
    let p = problem(&v, "p4", "2024-02-27");
    assert_eq!(p["status"], "in_progress");
    assert_eq!(p["severity"], "severe");
    assert_eq!(p["departments"], serde_json::json!(["街道办"]));
    assert_eq!(p["overdue_days"], 24);
    let p = problem(&v, "p5", "2024-02-27");
    assert_eq!(p["status"], "rectified");
    assert_eq!(p["rectified_on"], serde_json::Value::Null);
    assert_eq!(p["on_time"], false);
}

#[test]
fn fixed_then_failing_in_a_later_round_is_a_relapse() {
    let v = json(&[]);
    let p = problem(&v, "p6", "2024-02-28");
    assert_eq!(p["status"], "rectified");
    assert_eq!(p["on_time"], true);
    assert_eq!(p["relapsed"], true);
    let again = problem(&v, "p6", "2024-03-20");
    assert_eq!(again["status"], "open");
    assert_eq!(again["relapsed"], false);
    assert_eq!(again["overdue_days"], 2);
}

#[test]
fn penalties_and_rows_after_the_as_of_date_are_not_problems() {
    let v = json(&[]);
    let points: Vec<&str> = v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["point"].as_str())
        .collect();
    assert_eq!(points.len(), 8);
    assert!(!points.contains(&"p9"));
    // The pass of 2024-04-05 is after the as-of date: p2 is still open.
    assert_eq!(problem(&v, "p2", "2024-02-27")["status"], "open");
    // As of a later date it is seen, and rectified (late).
    let later = ledger(&["--round", "all", "--as-of", "2024-04-05", "-f", "json"]).run();
    later.code(0);
    let p = problem(&later.json(), "p2", "2024-02-27").clone();
    assert_eq!(p["status"], "open");
    assert_eq!(p["recheck_failed"], true);
    // Rows before the as-of date only: the round-2 fail was not yet seen.
    let early = ledger(&["--round", "all", "--as-of", "2024-03-09", "-f", "json"]).run();
    early.code(0);
    let v = early.json();
    assert_eq!(problem(&v, "p2", "2024-02-27")["recheck_failed"], false);
    assert_eq!(problem(&v, "p2", "2024-02-27")["overdue_days"], 1);
    assert_eq!(problem(&v, "p6", "2024-02-28")["relapsed"], false);
}

#[test]
fn summaries_per_district_and_department_are_ranked() {
    let v = json(&[]);
    let d = &v["districts"];
    for (i, name) in ["乙区", "甲区"].iter().enumerate() {
        assert_eq!(d[i]["name"], *name);
        // Equal rates and overdue counts share rank 1.
        assert_eq!(d[i]["rank"], 1);
        assert_eq!(d[i]["issued"], 4);
        assert_eq!(d[i]["rectified"], 2);
        assert_eq!(d[i]["on_time"], 1);
        assert_eq!(d[i]["open"], 2);
        assert_eq!(d[i]["overdue"], 2);
        assert_eq!(d[i]["rectified_rate"].to_string(), "50.00");
        assert_eq!(d[i]["on_time_rate"].to_string(), "25.00");
    }
    assert_eq!(d[0]["relapsed"], 1);
    assert_eq!(d[1]["relapsed"], 0);
    let names: Vec<(&str, u64)> = v["departments"]
        .as_array()
        .expect("departments")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or(""),
                s["rank"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(names, [("住建局", 1), ("城管局", 2), ("街道办", 3)]);
    let c = &v["departments"][1];
    assert_eq!(
        (
            c["issued"].as_u64(),
            c["rectified"].as_u64(),
            c["overdue"].as_u64()
        ),
        (Some(6), Some(3), Some(3))
    );
}

#[test]
fn filters_by_round_district_department_and_status() {
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--as-of", "2024-04-01", "-f", "json"];
        all.extend_from_slice(args);
        let run = ledger(&all).run();
        run.code(0);
        run.json()["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| format!("{}@{}", p["point"].as_str().unwrap_or(""), p["date"]))
            .collect()
    };
    // Round 1's problems, their status from round 2's rows.
    assert_eq!(ids(&["--round", "第1轮"]).len(), 6);
    assert_eq!(ids(&["--round", "第2轮"]).len(), 2);
    assert_eq!(ids(&["--round", "all", "--district", "乙区"]).len(), 4);
    assert_eq!(
        ids(&["--round", "all", "--department", "住建局"]),
        ["p3@\"2024-02-27\""]
    );
    assert_eq!(ids(&["--round", "all", "--status", "overdue"]).len(), 4);
    assert_eq!(ids(&["--round", "all", "--status", "open"]).len(), 4);
    assert_eq!(ids(&["--round", "all", "--status", "rectified"]).len(), 4);
    assert_eq!(
        ids(&["--round", "all", "--status", "relapsed"]),
        ["p6@\"2024-02-28\""]
    );
}

/// The same ids and the same bytes whatever the file order and threads.
#[test]
fn ids_are_stable_across_runs_file_orders_and_threads() {
    let run = |files: [&str; 2], threads: &str| -> String {
        let t = Test::new()
            .file("s.toml", standard())
            .file("a.csv", data(&[ROUND2]))
            .file("b.csv", data(&[ROUND1]))
            .args(["problems", "-s", "s.toml", "--round", "all"])
            .args(["--as-of", "2024-04-01", "-f", "json", "-j", threads])
            .args(files);
        let r = t.run();
        r.code(0);
        r.stdout.clone()
    };
    let first = run(["a.csv", "b.csv"], "1");
    for (files, threads) in [
        (["a.csv", "b.csv"], "1"),
        (["b.csv", "a.csv"], "1"),
        (["a.csv", "b.csv"], "2"),
        (["b.csv", "a.csv"], "2"),
    ] {
        assert_eq!(run(files, threads), first, "{files:?} -j{threads}");
    }
    let v: serde_json::Value = serde_json::from_str(&first).expect("json");
    let p = problem(&v, "p1", "2024-02-27");
    // FNV-1a of 第1轮␟甲区␟p1␟R1␟20240227␟, its top 40 bits.
    assert_eq!(p["id"], "P-0D14EDD791");
}

#[test]
fn an_unknown_status_word_is_a_located_error_in_problems_and_score() {
    let bad = data(&[&["第1轮,2024-02-27,甲区,p1,R1,不合格,,,,,张三,搞定了"]]);
    let expected = "d.csv:2: 整改状态: error: 整改状态 “搞定了” 无效；可用：未整改/open/unrectified; 整改中/in progress/rectifying; 已整改/rectified/fixed/done";
    for cmd in [&["problems", "--as-of", "2024-04-01"][..], &["score"]] {
        Test::new()
            .file("s.toml", standard())
            .file("d.csv", &bad)
            .args(cmd)
            .args(["d.csv", "-s", "s.toml"])
            .run()
            .code(2)
            .stderr_has(expected);
    }
    // --skip-invalid rejects the row.
    let ok = data(&[&[
        "第1轮,2024-02-27,甲区,p1,R1,不合格,,,,,张三,搞定了",
        "第1轮,2024-02-27,甲区,p2,R1,不合格,,,,,张三,未整改",
    ]]);
    let run = Test::new()
        .file("s.toml", standard())
        .file("d.csv", ok)
        .args(["problems", "d.csv", "-s", "s.toml", "--skip-invalid"])
        .args(["--as-of", "2024-04-01", "-f", "json"])
        .run();
    run.code(0);
    let v = run.json();
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["problems"][0]["point"], "p2");
}

#[test]
fn an_as_of_that_is_not_a_date_stops_the_run() {
    for (value, lang, expected) in [
        (
            "2024-02-30",
            "zh",
            "error: --as-of “2024-02-30” 不是日期；可用格式：2024-03-05、2024/3/5、2024年3月5日\nceping: 发现 1 个错误、0 个警告\n",
        ),
        (
            "yesterday",
            "en",
            "error: --as-of `yesterday` is not a date; accepted: 2024-03-05, 2024/3/5, 2024年3月5日\nceping: 1 error(s), 0 warning(s)\n",
        ),
    ] {
        ledger(&["--lang", lang, "--round", "all", "--as-of", value])
            .run()
            .code(2)
            .stderr(expected);
    }
}

#[test]
fn overdue_days_cross_month_year_and_leap_days() {
    // 2023-12-25 + 10 = 2024-01-04; to 2024-03-01: 27 + 29 + 1 = 57 days.
    let run = Test::new()
        .file("s.toml", standard())
        .file(
            "d.csv",
            data(&[&["第1轮,2023-12-25,甲区,p1,R1,不合格,,,,,张三,"]]),
        )
        .args(["problems", "d.csv", "-s", "s.toml", "-f", "json"])
        .args(["--as-of", "2024-03-01"])
        .run();
    run.code(0);
    let v = run.json();
    assert_eq!(v["as_of"], "2024-03-01");
    assert_eq!(v["problems"][0]["deadline"], "2024-01-04");
    assert_eq!(v["problems"][0]["overdue_days"], 57);
}

#[test]
fn the_report_states_the_date_used_by_default_today() {
    let run = ledger(&["--round", "all", "-f", "json"]).run();
    run.code(0);
    let as_of = run.json()["as_of"].as_str().unwrap_or("").to_string();
    assert_eq!(as_of.len(), 10, "{as_of}");
    assert!(as_of.as_str() >= "2026-01-01", "{as_of}");
}

/// Text outputs, as the snapshots keep them.
fn shown(run: &Run, format: &str) -> String {
    match format {
        "csv" => run
            .stdout
            .strip_prefix('\u{feff}')
            .expect("CSV starts with a BOM")
            .replace("\r\n", "\n"),
        "table" => {
            common::assert_tables_aligned(&run.stdout);
            run.stdout.clone()
        }
        _ => run.stdout.clone(),
    }
}

#[test]
fn every_output_format() {
    for lang in ["zh", "en"] {
        for format in ["table", "json", "csv", "md"] {
            let run = ledger(&[
                "--lang",
                lang,
                "--round",
                "all",
                "--as-of",
                "2024-04-01",
                "-f",
                format,
            ])
            .run();
            run.code(0);
            insta::assert_snapshot!(format!("problems-{format}-{lang}"), shown(&run, format));
        }
        let t = ledger(&[
            "--lang",
            lang,
            "--round",
            "all",
            "--as-of",
            "2024-04-01",
            "-o",
            "台账.xlsx",
        ]);
        t.run().code(0);
        let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(t.read("台账.xlsx")))
            .expect("a workbook");
        let mut dump = String::new();
        for name in wb.sheet_names() {
            dump.push_str("== ");
            dump.push_str(&name);
            dump.push('\n');
            let range = wb.worksheet_range(&name).expect("a sheet");
            for row in range.rows() {
                let cells: Vec<String> = row.iter().map(|c| format!("{c:?}")).collect();
                dump.push_str(&cells.join(" | "));
                dump.push('\n');
            }
        }
        insta::assert_snapshot!(format!("problems-xlsx-{lang}"), dump);
    }
}

#[test]
fn help_lists_the_flags() {
    let run = Test::new().args(["problems", "--help"]).run();
    run.code(0);
    insta::assert_snapshot!("help-problems", run.stdout);
}

/// The example city: a workbook's problems are located at its sheet's
/// rows, every id is unique, and two thread counts give the same bytes.
#[test]
fn the_example_city_ledger() {
    let run = |threads: &str| {
        let run = Test::new()
            .copy(&common::repo().join("examples/city"), "examples/city")
            .copy(
                &common::shipped("national-prefecture"),
                "standards/national-prefecture",
            )
            .args(["problems", "--config", "examples/city/ceping.toml"])
            .args(["--round", "all", "--as-of", "2024-12-31", "-f", "json"])
            .args(["-j", threads])
            .run();
        run.code(0);
        run.stdout.clone()
    };
    let one = run("1");
    assert_eq!(run("2"), one);
    let v: serde_json::Value = serde_json::from_str(&one).expect("json");
    let problems = v["problems"].as_array().expect("problems");
    assert!(!problems.is_empty());
    let mut ids: Vec<&str> = problems.iter().filter_map(|p| p["id"].as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids are unique");
    assert!(
        problems.iter().any(|p| p["source"]
            .as_str()
            .is_some_and(|s| s.contains(".xlsx[") && s.contains("]:"))),
        "a workbook's rows are located by sheet and row"
    );
    for p in problems {
        assert!(
            p["id"]
                .as_str()
                .is_some_and(|id| id.len() == 12 && id.starts_with("P-"))
        );
    }
}
