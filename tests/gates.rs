//! Gates of a scheduled `ceping score` (issue 13): each fails with exit 1,
//! the report still written and a one-line reason on stderr, and passes;
//! `[gates]` in ceping.toml, the flags over it; bad values.

mod common;

use common::{RULES, Run, THREE_OF_FIVE, Test, csv, scoring};

/// 甲区 94 with penalties (no veto), 乙区 45 with a veto (N2), 丙区 100.
const VETO: &[&str] = &[
    "甲区,p1,R1,合格,,,",
    "甲区,p2,R1,合格,,,",
    "甲区,p3,N1,不合格,,,",
    "甲区,p4,N1,不合格,,,",
    "乙区,p1,R1,合格,,,",
    "乙区,p2,R1,不合格,,,",
    "乙区,p3,N2,不合格,,,",
    "丙区,p1,R1,合格,,,",
];

/// Every row passes: no veto, no district below any band.
const CLEAN: &[&str] = &["甲区,p1,R1,合格,,,", "乙区,p1,R1,合格,,,"];

/// `score` of `rows` writing its report to `r.json`, with `args`.
fn gated(rows: &[&str], args: &[&str]) -> (Test, Run) {
    let t = scoring(RULES, csv(rows))
        .args(["-f", "json", "-o", "r.json"])
        .args(args);
    let run = t.run();
    (t, run)
}

/// The report is written, a JSON report, whatever the gates say.
fn written(t: &Test) {
    let v: serde_json::Value = serde_json::from_slice(&t.read("r.json")).expect("a JSON report");
    assert_eq!(v["format_version"], 1);
}

/// The lines of stderr that name a gate.
fn gate_lines(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter(|l| {
            l.contains("--max-rejects") || l.contains("--fail-on-") || l.contains("--fail-below")
        })
        .map(str::to_string)
        .collect()
}

// --- --max-rejects --------------------------------------------------------------

/// The example: 3 of 5 rows rejected is more than 10%.
#[test]
fn max_rejects_percent_fails_when_3_of_5_rows_are_rejected() {
    let (t, run) = gated(THREE_OF_FIVE, &["--skip-invalid", "--max-rejects", "10%"]);
    run.code(1)
        .stderr_has("ceping: 读入 5 行，剔除 3 行，超过 --max-rejects 10%\n");
    written(&t);
    assert_eq!(gate_lines(&run).len(), 1, "{}", run.stderr);
}

#[test]
fn max_rejects_rows_fails_above_n_and_passes_at_n() {
    let (t, run) = gated(THREE_OF_FIVE, &["--skip-invalid", "--max-rejects", "2"]);
    run.code(1)
        .stderr_has("ceping: 读入 5 行，剔除 3 行，超过 --max-rejects 2\n");
    written(&t);
    let (t, run) = gated(THREE_OF_FIVE, &["--skip-invalid", "--max-rejects", "3"]);
    run.code(0);
    assert!(gate_lines(&run).is_empty(), "{}", run.stderr);
    written(&t);
    let (_, run) = gated(THREE_OF_FIVE, &["--skip-invalid", "--max-rejects", "60%"]);
    run.code(0);
}

#[test]
fn max_rejects_in_english() {
    let (_, run) = gated(
        THREE_OF_FIVE,
        &["--lang", "en", "--skip-invalid", "--max-rejects", "59.5%"],
    );
    run.code(1)
        .stderr_has("ceping: 3 of 5 rows read were rejected, more than --max-rejects 59.5%\n");
}

#[test]
fn a_bad_max_rejects_is_a_usage_error() {
    for bad in ["abc", "150%", "-1"] {
        let flag = format!("--max-rejects={bad}");
        let (t, run) = gated(THREE_OF_FIVE, &["--skip-invalid", &flag]);
        run.code(2).stderr_has(&format!(
            "“--max-rejects” 的值 “{bad}” 无效；可为行数 N（如 3）或读入行数的百分比 P%（0% 至 100%，如 5%）"
        ));
        assert!(!t.path().join("r.json").exists(), "{bad}: no report");
    }
    let (_, run) = gated(
        THREE_OF_FIVE,
        &["--lang", "en", "--skip-invalid", "--max-rejects", "150%"],
    );
    run.code(2).stderr_has("invalid value \"150%\" for `--max-rejects`; accepted: a number of rows N (e.g. 3) or a percentage P% of the rows read (0% to 100%, e.g. 5%)");
}

// --- --fail-on-veto, --fail-on-black ------------------------------------------------

#[test]
fn fail_on_veto_names_the_city_and_the_districts() {
    let (t, run) = gated(VETO, &["--fail-on-veto"]);
    run.code(1)
        .stderr("ceping: 一票否决适用于全市、区县 乙区（--fail-on-veto）\n");
    written(&t);
    let (t, run) = gated(CLEAN, &["--fail-on-veto"]);
    run.code(0).stderr("");
    written(&t);
}

#[test]
fn fail_on_black_names_the_districts_on_the_black_list() {
    let t = Test::new()
        .file("s.toml", RULES)
        .file("d.csv", csv(VETO))
        .file("ceping.toml", "[bands]\nred = 95\nblack = 95\n")
        .args([
            "score", "d.csv", "-s", "s.toml", "-f", "json", "-o", "r.json",
        ])
        .args(["--fail-on-black"]);
    t.run()
        .code(1)
        .stderr("ceping: 黑榜有 2 个区县：甲区、乙区（--fail-on-black）\n");
    written(&t);
    // Without bands, no district is on the black list.
    let (_, run) = gated(VETO, &["--fail-on-black"]);
    run.code(0).stderr("");
}

#[test]
fn every_failing_gate_is_named() {
    let (_, run) = gated(
        VETO,
        &[
            "--fail-on-veto",
            "--fail-below",
            "90",
            "--skip-invalid",
            "--max-rejects",
            "0",
        ],
    );
    run.code(1);
    assert_eq!(gate_lines(&run).len(), 2, "{}", run.stderr);
}

// --- [gates] in ceping.toml -------------------------------------------------------------

fn project(config: &str, rows: &[&str]) -> Test {
    Test::new()
        .file("s.toml", RULES)
        .file("d.csv", csv(rows))
        .file("ceping.toml", config)
        .args([
            "score", "d.csv", "-s", "s.toml", "-f", "json", "-o", "r.json",
        ])
}

#[test]
fn gates_in_the_project_file() {
    let t = project(
        "[gates]\nmax_rejects = \"10%\"\nfail_on_veto = true\n",
        THREE_OF_FIVE,
    )
    .args(["--skip-invalid"]);
    t.run()
        .code(1)
        .stderr_has("ceping: 读入 5 行，剔除 3 行，超过 --max-rejects 10%\n");
    written(&t);
    // A number of rows as a TOML integer.
    let t = project("[gates]\nmax_rejects = 3\n", THREE_OF_FIVE).args(["--skip-invalid"]);
    t.run().code(0);
    let t = project("[gates]\nfail_on_veto = true\n", VETO);
    t.run()
        .code(1)
        .stderr("ceping: 一票否决适用于全市、区县 乙区（--fail-on-veto）\n");
    let t = project("[gates]\nfail_below = 90\nrequire_complete = false\n", VETO);
    t.run().code(1).stderr_has("低于 --fail-below 90\n");
}

#[test]
fn a_flag_overrides_the_project_file() {
    let t = project("[gates]\nmax_rejects = \"10%\"\n", THREE_OF_FIVE).args([
        "--skip-invalid",
        "--max-rejects",
        "3",
    ]);
    t.run().code(0);
    let t = project("[gates]\nfail_below = 99\n", CLEAN).args(["--fail-below", "100.01"]);
    t.run()
        .code(1)
        .stderr("ceping: 全市得分 100.00 低于 --fail-below 100.01\n");
    let t = project("[gates]\nmax_rejects = 3\n", THREE_OF_FIVE).args([
        "--skip-invalid",
        "--max-rejects",
        "2",
    ]);
    t.run().code(1).stderr_has("超过 --max-rejects 2\n");
}

#[test]
fn bad_gates_in_the_project_file_are_located() {
    let t = project(
        "city = \"x\"\n[gates]\nmax_rejects = \"150%\"\nfail_on_black = \"yes\"\n",
        CLEAN,
    );
    let run = t.run();
    run.code(2);
    assert!(!t.path().join("r.json").exists());
    assert!(run.stderr.contains("ceping.toml:4:"), "{}", run.stderr);
    let t = project("[gates]\nmax_rejects = \"abc\"\n", CLEAN);
    t.run().code(2).stderr_has(
        "ceping.toml:2:15: error: “max_rejects” 的值 “abc” 无效；可为行数 N（如 3）或读入行数的百分比 P%（0% 至 100%，如 5%）",
    );
    let t = project("[gates]\nfail_on_vetoes = true\n", CLEAN);
    let run = t.run();
    run.code(2);
    assert!(run.stderr.contains("ceping.toml:2:"), "{}", run.stderr);
}

/// Without `--skip-invalid` no row is rejected: the flag asks for it.
#[test]
fn max_rejects_needs_skip_invalid() {
    let (t, run) = gated(THREE_OF_FIVE, &["--max-rejects", "10%"]);
    run.code(2).stderr_has("--skip-invalid");
    assert!(!t.path().join("r.json").exists());
}
