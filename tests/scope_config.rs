//! The settings of issue 9: the standard's scoring scope (`scope` in
//! `[standard.policy]` and on a criterion) and the project's city figure
//! (`city_score` in `ceping.toml`). Bad values are located errors naming
//! the accepted values, exit 2; good ones show in `ceping standard`.
//!
//! Standards start from [`common::MINI`]: line numbers below refer to it
//! with the edits shown.

mod common;

use ceping::project::{self, CityFigure};
use common::{RULES, Run, Test, csv, mini, scoring};

/// `ceping [--lang LANG] check --standard s.toml` with `s.toml` holding `std`.
fn check(std: &str, lang: &str) -> Run {
    Test::new()
        .file("s.toml", std)
        .args(["--lang", lang, "check", "--standard", "s.toml"])
        .run()
}

/// `ceping [--lang LANG] standard --standard s.toml --format FORMAT`, which
/// must succeed quietly.
fn view(std: &str, lang: &str, format: &str) -> Run {
    let run = Test::new()
        .file("s.toml", std)
        .args([
            "--lang",
            lang,
            "standard",
            "--standard",
            "s.toml",
            "--format",
            format,
        ])
        .run();
    run.code(0).stderr("");
    run
}

/// Scoring one row against [`RULES`] with `ceping.toml` holding `project`.
fn score_with_project(project: &str, lang: &str) -> Run {
    scoring(RULES, csv(&["甲区,p1,R1,合格,,,"]))
        .file("ceping.toml", project)
        .args(["--lang", lang])
        .run()
}

/// A rejection: exit code 2, nothing on stdout, exactly `stderr`.
#[track_caller]
fn rejects(run: &Run, stderr: &str) {
    run.code(2).stdout("").stderr(stderr);
}

/// MINI's criterion line after which a criterion key is added (line 24).
const RULE: &str = "rule = { kind = \"deduct\", per_problem = 0.5 }\n";

/// MINI with `[standard.policy]` holding `policy` (from line 7 on).
fn with_policy(policy: &str) -> String {
    mini(&[(
        "full_score = 100\n",
        &format!("full_score = 100\n\n[standard.policy]\n{policy}"),
    )])
}

/// MINI with `line` added to its criterion (line 25).
fn with_criterion_key(line: &str) -> String {
    mini(&[(RULE, &format!("{RULE}{line}\n"))])
}

// --- the standard's scope -----------------------------------------------------

#[test]
fn an_unknown_scope_in_the_policy_is_rejected() {
    let std = with_policy("scope = \"points\"\n");
    rejects(
        &check(&std, "zh"),
        "s.toml:8:9: error: “scope” 的值 “points” 无效；可选：point, unit
  |
8 | scope = \"points\"
  |         ^^^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
    rejects(
        &check(&std, "en"),
        "s.toml:8:9: error: `scope` = `points` is not valid; accepted: point, unit
  |
8 | scope = \"points\"
  |         ^^^^^^^^
ceping: 1 error(s), 0 warning(s)
",
    );
}

#[test]
fn an_unknown_scope_on_a_criterion_is_rejected() {
    let std = with_criterion_key("scope = \"district\"");
    rejects(
        &check(&std, "zh"),
        "s.toml:25:9: error: “scope” 的值 “district” 无效；可选：point, unit
   |
25 | scope = \"district\"
   |         ^^^^^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
    rejects(
        &check(&std, "en"),
        "s.toml:25:9: error: `scope` = `district` is not valid; accepted: point, unit
   |
25 | scope = \"district\"
   |         ^^^^^^^^^^
ceping: 1 error(s), 0 warning(s)
",
    );
}

/// A scope that is not a string names the accepted values too, in the
/// policy and on a criterion, both reported at once.
#[test]
fn a_scope_of_the_wrong_type_is_rejected() {
    let std = mini(&[
        (
            "full_score = 100\n",
            "full_score = 100\n\n[standard.policy]\nscope = 1\n",
        ),
        (RULE, &format!("{RULE}scope = [\"unit\"]\n")),
    ]);
    rejects(
        &check(&std, "zh"),
        "s.toml:8:9: error: “scope” 的值 “1” 无效；可选：point, unit
  |
8 | scope = 1
  |         ^
s.toml:28:9: error: “scope” 的值 “[\"unit\"]” 无效；可选：point, unit
   |
28 | scope = [\"unit\"]
   |         ^^^^^^^^
ceping: 发现 2 个错误、0 个警告
",
    );
}

#[test]
fn json_shows_the_resolved_scope() {
    // Default: point, in the policy and on the criterion.
    let v = view(&mini(&[]), "zh", "json").json();
    assert_eq!(v["standard"]["policy"]["scope"], "point");
    let crit = &v["tree"][2];
    assert_eq!(crit["id"], "A1.01");
    assert_eq!(crit["scope"], "point");
    // The policy's scope is the criterion's unless it has its own.
    let v = view(&with_policy("scope = \"unit\"\n"), "zh", "json").json();
    assert_eq!(v["standard"]["policy"]["scope"], "unit");
    assert_eq!(v["tree"][2]["scope"], "unit");
    let std = mini(&[
        (
            "full_score = 100\n",
            "full_score = 100\n\n[standard.policy]\nscope = \"unit\"\n",
        ),
        (RULE, &format!("{RULE}scope = \"point\"\n")),
    ]);
    let v = view(&std, "zh", "json").json();
    assert_eq!(v["standard"]["policy"]["scope"], "unit");
    assert_eq!(v["tree"][2]["scope"], "point");
}

#[test]
fn the_table_marks_only_a_criterion_whose_scope_differs() {
    // The policy's scope is in the lead; the criterion row is unmarked.
    let run = view(&mini(&[]), "zh", "table");
    run.stdout_has("默认整改时限 7 天；按点位计分\n")
        .stdout_has("每处扣0.5分，扣完为止 ");
    assert!(!run.stdout.contains("（按"), "{}", run.stdout);
    let run = view(&mini(&[]), "en", "table");
    run.stdout_has("default deadline 7 days; scored per point\n");
    assert!(!run.stdout.contains("(scored per"), "{}", run.stdout);
    // An override is marked in the rule description.
    let std = with_criterion_key("scope = \"unit\"");
    view(&std, "zh", "table")
        .stdout_has("按点位计分\n")
        .stdout_has("每处扣0.5分，扣完为止（按单位计分）");
    view(&std, "en", "md")
        .stdout_has("scored per point")
        .stdout_has("0.5 point(s) off per problem, down to 0 (scored per unit)");
    // A criterion stating the policy's own scope is not marked.
    let std = with_criterion_key("scope = \"point\"");
    let run = view(&std, "zh", "table");
    assert!(!run.stdout.contains("（按"), "{}", run.stdout);
}

#[test]
fn the_shipped_standards_state_their_scope() {
    for name in ["national-prefecture", "monthly-check"] {
        let path = common::shipped(name).join("00-standard.toml");
        let text = std::fs::read_to_string(&path).expect("the shipped standard");
        assert!(
            text.lines().any(|l| l.trim() == "scope = \"point\""),
            "{name} states scope = \"point\""
        );
    }
}

// --- the project's city figure --------------------------------------------------

#[test]
fn an_unknown_city_score_is_rejected() {
    rejects(
        &score_with_project("city_score = \"mean\"\n", "zh"),
        "ceping.toml:1:14: error: “city_score” 的值 “mean” 无效；可选：pooled, district_mean
  |
1 | city_score = \"mean\"
  |              ^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
    rejects(
        &score_with_project("city_score = \"mean\"\n", "en"),
        "ceping.toml:1:14: error: `city_score` = `mean` is not valid; accepted: pooled, district_mean
  |
1 | city_score = \"mean\"
  |              ^^^^^^
ceping: 1 error(s), 0 warning(s)
",
    );
}

/// A `city_score` that is not a string is reported as a bad value, with the
/// other errors of the file.
#[test]
fn a_city_score_of_the_wrong_type_is_rejected() {
    rejects(
        &score_with_project("city_score = 1\ntarget = -5\n", "zh"),
        "ceping.toml:1:14: error: “city_score” 的值 “1” 无效；可选：pooled, district_mean
  |
1 | city_score = 1
  |              ^
ceping.toml:2:10: error: “target” 不能为负数，实际为 -5
  |
2 | target = -5
  |          ^^
ceping: 发现 2 个错误、0 个警告
",
    );
}

#[test]
fn city_score_is_read_and_defaults_to_pooled() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("ceping.toml");
    for (text, want) in [
        ("", CityFigure::Pooled),
        ("city_score = \"pooled\"\n", CityFigure::Pooled),
        ("city_score = \"district_mean\"\n", CityFigure::DistrictMean),
    ] {
        std::fs::write(&path, text).expect("write ceping.toml");
        let p = project::load(Some(&path))
            .expect("a valid project file")
            .expect("a project");
        assert_eq!(p.city_figure, want, "{text:?}");
    }
    score_with_project("city_score = \"district_mean\"\n", "zh").code(0);
    // The example project states it.
    let example = common::repo().join("examples/city/ceping.toml");
    let p = project::load(Some(&example))
        .expect("the example project is valid")
        .expect("a project");
    assert_eq!(p.city_figure, CityFigure::Pooled);
    let text = std::fs::read_to_string(&example).expect("the example project");
    assert!(text.contains("city_score = \"pooled\""));
}

/// The names accepted in the files are the names written in JSON.
#[test]
fn accepted_names_are_the_json_names() {
    for (name, scope) in ceping::standard::SCOPES {
        assert_eq!(serde_json::to_value(scope).ok(), Some((*name).into()));
    }
    for (name, figure) in project::CITY_FIGURES {
        assert_eq!(serde_json::to_value(figure).ok(), Some((*name).into()));
    }
}
