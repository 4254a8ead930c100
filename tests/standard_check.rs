//! `ceping check`: the shipped standards pass, and every rejection is located.
//!
//! Each rejection starts from [`common::MINI`] (line numbers below refer to
//! it) and asserts exit code 2 and the whole of stderr.

mod common;
use common::{MINI, Run, Test, edit, mini, shipped};

/// `ceping check --standard s.toml` with `s.toml` holding `std`.
fn check(std: impl AsRef<[u8]>) -> Run {
    Test::new()
        .file("s.toml", std)
        .args(["check", "--standard", "s.toml"])
        .run()
}

/// The same in English.
fn check_en(std: impl AsRef<[u8]>) -> Run {
    Test::new()
        .file("s.toml", std)
        .args(["--lang", "en", "check", "--standard", "s.toml"])
        .run()
}

/// A rejection: exit code 2, nothing on stdout, exactly `stderr`.
#[track_caller]
fn rejects(run: &Run, stderr: &str) {
    run.code(2).stdout("").stderr(stderr);
}

/// A standard with warnings only: exit code 0, valid on stdout.
#[track_caller]
fn accepts_with_warning(run: &Run, stderr: &str) {
    run.code(0)
        .stdout("测评体系有效：1 条测评标准，1 个警告\n")
        .stderr(stderr);
}

// --- valid ------------------------------------------------------------------

#[test]
fn shipped_standards_are_valid() {
    Test::new()
        .arg("check")
        .arg("--standard")
        .arg(shipped("national-prefecture"))
        .run()
        .code(0)
        .stdout("测评体系有效：125 条测评标准\n")
        .stderr("");
    Test::new()
        .args(["--lang", "en", "check", "-s"])
        .arg(shipped("monthly-check"))
        .run()
        .code(0)
        .stdout("standard is valid: 13 criteria\n");
}

#[test]
fn mini_is_valid() {
    check(MINI)
        .code(0)
        .stdout("测评体系有效：1 条测评标准\n")
        .stderr("");
}

#[test]
fn utf8_bom_is_accepted_and_not_counted_in_columns() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(MINI.as_bytes());
    check(&bytes)
        .code(0)
        .stdout("测评体系有效：1 条测评标准\n")
        .stderr("");
    // An error on line 1 is at column 1, and the snippet has no BOM residue.
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(mini(&[("[standard]", "[standrad]")]).as_bytes());
    check(&bytes).code(2).stderr_has(
        "s.toml:1:2: error: s.toml 中有未知的键 “standrad”（是否应为“standard”？）；可用的键：standard, group, criterion, penalty
  |
1 | [standrad]
  |  ^^^^^^^^
",
    );
}

#[test]
fn crlf_line_endings_are_accepted_and_located() {
    check(MINI.replace('\n', "\r\n")).code(0).stderr("");
    rejects(
        &check(mini(&[("score = 4", "score = \"4\"")]).replace('\n', "\r\n")),
        r#"s.toml:20:9: error: “score” 应为数字
   |
20 | score = "4"
   |         ^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

// --- files ------------------------------------------------------------------

#[test]
fn nonexistent_path() {
    rejects(
        &Test::new().args(["check", "-s", "nope.toml"]).run(),
        "nope.toml: error: 文件或目录不存在
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn directory_without_toml() {
    rejects(
        &Test::new()
            .file("std/README.md", "# 说明\n")
            .file("std/standard.toml.bak", MINI)
            .args(["check", "-s", "std"])
            .run(),
        "std: error: 目录中没有 .toml 文件；测评体系应为一个 .toml 文件或包含 .toml 文件的目录
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn binary_file_is_not_utf8() {
    rejects(
        &check(b"\xff\xfe\x00bad"),
        "s.toml: error: 不是 UTF-8 编码的文本（第 0 字节起）；请将标准文件另存为 UTF-8
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn gbk_file_is_not_utf8_and_names_the_file() {
    let (gbk, _, _) = encoding_rs::GBK.encode(MINI);
    let offset = MINI.find('迷').expect("Chinese in MINI");
    rejects(
        &Test::new()
            .file("std/00-standard.toml", &*gbk)
            .args(["check", "-s", "std"])
            .run(),
        &format!(
            "std/00-standard.toml: error: 不是 UTF-8 编码的文本（第 {offset} 字节起）；请将标准文件另存为 UTF-8
ceping: 发现 1 个错误、0 个警告
"
        ),
    );
}

// --- syntax and structure ---------------------------------------------------

#[test]
fn invalid_toml_syntax_is_located_after_chinese_text() {
    // The caret sits after six double-width characters.
    rejects(
        &check(mini(&[(
            "name = \"迷你测评体系\"",
            "name = \"迷你测评体系",
        )])),
        "s.toml:3:15: error: TOML 语法错误：invalid basic string, expected `\"`
  |
3 | name = \"迷你测评体系
  |                     ^
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn unquoted_chinese_value_is_a_syntax_error() {
    rejects(
        &check(mini(&[(
            "text = \"路面无乱扔垃圾、乱张贴\"",
            "text = 路面无乱扔垃圾",
        )])),
        "s.toml:19:8: error: TOML 语法错误：string values must be quoted, expected literal string
   |
19 | text = 路面无乱扔垃圾
   |        ^^^^^^^^^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn unknown_key_is_located_under_chinese_text() {
    rejects(
        &check(mini(&[("score = 4", "scroe = 4")])),
        "s.toml:16:1: error: [[criterion]] 缺少必填的键 “score”
   |
16 | [[criterion]]
   | ^^^^^^^^^^^^^
s.toml:20:1: error: [[criterion]] 中有未知的键 “scroe”（是否应为“score”？）；可用的键：id, group, text, score, method, point_types, lead, assist, rule, rectify_days, scope
   |
20 | scroe = 4
   | ^^^^^
ceping: 发现 2 个错误、0 个警告
",
    );
}

#[test]
fn no_standard_table() {
    let (_, rest) = MINI.split_once("[[group]]").expect("groups");
    rejects(
        &check(format!("[[group]]{rest}")),
        "s.toml: error: 没有 [standard] 表；测评体系须有且仅有一个文件包含 [standard]
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn two_standard_tables_in_a_directory_name_the_first() {
    rejects(
        &Test::new()
            .file("std/00-standard.toml", MINI)
            .file(
                "std/10-more.toml",
                "# 第二个文件\n[standard]\nid = \"again\"\nname = \"重复\"\nlevels = [\"项目\"]\nfull_score = 100\n",
            )
            .args(["check", "-s", "std"])
            .run(),
        "std/10-more.toml:2:1: error: [standard] 表重复；已在 std/00-standard.toml:1:1 定义
  |
2 | [standard]
  | ^^^^^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn empty_standard_has_no_criteria() {
    let (head, _) = MINI.split_once("[[criterion]]").expect("criteria");
    rejects(
        &check(head),
        "s.toml:1:1: error: 测评体系中没有任何 [[criterion]]（测评标准）
  |
1 | [standard]
  | ^^^^^^^^^^
s.toml:8:6: warning: 分组 “A” 下没有任何测评标准
  |
8 | id = \"A\"
  |      ^^^
s.toml:12:6: warning: 分组 “A1” 下没有任何测评标准
   |
12 | id = \"A1\"
   |      ^^^^
ceping: 发现 1 个错误、2 个警告
",
    );
}

// --- ids and the tree -------------------------------------------------------

#[test]
fn duplicate_ids_across_groups_criteria_and_penalties_name_the_first() {
    let std = mini(&[(
        "[[criterion]]",
        "[[group]]\nid = \"A1\"\nparent = \"A\"\nname = \"重复的分组\"\n\n[[criterion]]",
    )]) + "\n[[penalty]]\nid = \"A1.01\"\ntext = \"弄虚作假\"\npoints = 5\n\n[[penalty]]\nid = \"A\"\ntext = \"重复\"\npoints = 1\n";
    rejects(
        &check(std),
        r#"s.toml:17:6: error: 编号 “A1” 重复；首次定义于 s.toml:12:6
   |
17 | id = "A1"
   |      ^^^^
s.toml:32:6: error: 编号 “A1.01” 重复；首次定义于 s.toml:22:6
   |
32 | id = "A1.01"
   |      ^^^^^^^
s.toml:37:6: error: 编号 “A” 重复；首次定义于 s.toml:8:6
   |
37 | id = "A"
   |      ^^^
ceping: 发现 3 个错误、0 个警告
"#,
    );
}

#[test]
fn criterion_id_may_not_repeat_a_group_id() {
    rejects(
        &check(mini(&[("id = \"A1.01\"", "id = \"A\"")])),
        r#"s.toml:17:6: error: 编号 “A” 重复；首次定义于 s.toml:8:6
   |
17 | id = "A"
   |      ^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn duplicate_id_in_another_file_names_that_file() {
    rejects(
        &Test::new()
            .file("std/00-standard.toml", MINI)
            .file(
                "std/10-penalties.toml",
                "[[penalty]]\nid = \"A1\"\ntext = \"重复\"\npoints = 1\n",
            )
            .args(["check", "-s", "std"])
            .run(),
        r#"std/10-penalties.toml:2:6: error: 编号 “A1” 重复；首次定义于 std/00-standard.toml:12:6
  |
2 | id = "A1"
  |      ^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn group_parent_that_does_not_exist() {
    // Only the error: no level warning for the criterion below it.
    rejects(
        &check(mini(&[("parent = \"A\"", "parent = \"X\"")])),
        r#"s.toml:13:10: error: 上级分组 “X” 不存在（是否应为“A”？）
   |
13 | parent = "X"
   |          ^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn criterion_group_that_does_not_exist() {
    rejects(
        &check(mini(&[("group = \"A1\"", "group = \"A2\"")])),
        r#"s.toml:18:9: error: 所属分组 “A2” 不存在（是否应为“A”？）
   |
18 | group = "A2"
   |         ^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn group_without_name_is_not_reported_as_missing() {
    rejects(
        &check(mini(&[("name = \"市容环境卫生\"\n", "")])),
        "s.toml:11:1: error: [[group]] 缺少必填的键 “name”
   |
11 | [[group]]
   | ^^^^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn cycle_of_parents() {
    rejects(
        &check(mini(&[("id = \"A\"\n", "id = \"A\"\nparent = \"A1\"\n")])),
        r#"s.toml:9:10: error: 分组的上级关系构成循环：A → A1 → A
  |
9 | parent = "A1"
  |          ^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

// --- criteria ---------------------------------------------------------------

#[test]
fn score_zero_is_rejected() {
    rejects(
        &check(mini(&[("score = 4", "score = 0")])),
        "s.toml:20:9: error: “score” 必须大于 0，实际为 0
   |
20 | score = 0
   |         ^
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn score_negative_is_rejected() {
    rejects(
        &check(mini(&[("score = 4", "score = -1.5")])),
        "s.toml:20:9: error: “score” 必须大于 0，实际为 -1.5
   |
20 | score = -1.5
   |         ^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn score_string_is_not_a_number() {
    rejects(
        &check(mini(&[("score = 4", "score = \"4分\"")])),
        r#"s.toml:20:9: error: “score” 应为数字
   |
20 | score = "4分"
   |         ^^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn unknown_method_suggests() {
    rejects(
        &check(mini(&[("method = \"field\"", "method = \"feild\"")])),
        r#"s.toml:21:10: error: 未知的测评方法 “feild”（是否应为“field”？）；可选：field, material, survey
   |
21 | method = "feild"
   |          ^^^^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn field_criterion_without_point_types() {
    rejects(
        &check(mini(&[(
            "point_types = [\"主次干道\", \"商业大街\"]\n",
            "",
        )])),
        r#"s.toml:17:6: error: 实地考察类标准 “A1.01” 必须列出 point_types（点位类型）
   |
17 | id = "A1.01"
   |      ^^^^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
    rejects(
        &check(mini(&[(
            "point_types = [\"主次干道\", \"商业大街\"]",
            "point_types = []",
        )])),
        r#"s.toml:17:6: error: 实地考察类标准 “A1.01” 必须列出 point_types（点位类型）
   |
17 | id = "A1.01"
   |      ^^^^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn method_weights_must_sum_to_full_score() {
    rejects(
        &check(mini(&[(
            "full_score = 100\n",
            "full_score = 100\n\n[standard.methods]\nfield = { name = \"实地考察\", weight = 60 }\nmaterial = { name = \"材料审核\", weight = 30 }\n",
        )])),
        "s.toml:7:1: error: 测评方法权重之和为 90，应等于满分 full_score = 100
  |
7 | [standard.methods]
  | ^^^^^^^^^^^^^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
}

// --- rules ------------------------------------------------------------------

/// MINI with its rule replaced by `rule`.
fn with_rule(rule: &str) -> String {
    mini(&[("rule = { kind = \"deduct\", per_problem = 0.5 }", rule)])
}

#[test]
fn unknown_rule_kind_suggests() {
    rejects(
        &check(mini(&[("kind = \"deduct\"", "kind = \"deduc\"")])),
        r#"s.toml:24:17: error: 未知的计分规则 “deduc”（是否应为“deduct”？）；可选：rate, all, deduct, quota, graded
   |
24 | rule = { kind = "deduc", per_problem = 0.5 }
   |                 ^^^^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn deduct_without_per_problem() {
    rejects(
        &check(with_rule("rule = { kind = \"deduct\" }")),
        r#"s.toml:24:8: error: 计分规则 deduct 需要参数 “per_problem”
   |
24 | rule = { kind = "deduct" }
   |        ^^^^^^^^^^^^^^^^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn quota_without_required() {
    rejects(
        &check(with_rule("rule = { kind = \"quota\", per_missing = 1 }")),
        r#"s.toml:24:8: error: 计分规则 quota 需要参数 “required”
   |
24 | rule = { kind = "quota", per_missing = 1 }
   |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn full_at_above_one_is_out_of_range() {
    rejects(
        &check(with_rule("rule = { kind = \"rate\", full_at = 1.5 }")),
        r#"s.toml:24:35: error: “full_at” 的值 1.5 超出范围，应在 (0, 1] 之内
   |
24 | rule = { kind = "rate", full_at = 1.5 }
   |                                   ^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn quota_required_zero_is_out_of_range() {
    rejects(
        &check(with_rule(
            "rule = { kind = \"quota\", required = 0, per_missing = 1 }",
        )),
        r#"s.toml:24:37: error: “required” 的值 0 超出范围，应在 1..=1000000 之内
   |
24 | rule = { kind = "quota", required = 0, per_missing = 1 }
   |                                     ^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn negative_per_problem_is_rejected() {
    rejects(
        &check(mini(&[("per_problem = 0.5", "per_problem = -1")])),
        r#"s.toml:24:41: error: “per_problem” 必须大于 0，实际为 -1
   |
24 | rule = { kind = "deduct", per_problem = -1 }
   |                                         ^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

#[test]
fn grade_above_one_is_out_of_range() {
    rejects(
        &check(with_rule(
            "rule = { kind = \"graded\", grades = { \"优\" = 1, \"良\" = 1.2 } }",
        )),
        r#"s.toml:24:53: error: “良” 的值 1.2 超出范围，应在 [0, 1] 之内
   |
24 | rule = { kind = "graded", grades = { "优" = 1, "良" = 1.2 } }
   |                                                       ^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}

// --- warnings ---------------------------------------------------------------

#[test]
fn group_without_criteria_is_a_warning() {
    accepts_with_warning(
        &check(mini(&[(
            "[[criterion]]",
            "[[group]]\nid = \"B\"\nname = \"公共秩序\"\n\n[[criterion]]",
        )])),
        r#"s.toml:17:6: warning: 分组 “B” 下没有任何测评标准
   |
17 | id = "B"
   |      ^^^
"#,
    );
}

#[test]
fn criterion_without_lead_is_a_warning() {
    accepts_with_warning(
        &check(mini(&[("lead = \"市城管局\"\n", "")])),
        r#"s.toml:17:6: warning: 测评标准 “A1.01” 没有牵头单位（lead）
   |
17 | id = "A1.01"
   |      ^^^^^^^
"#,
    );
}

// --- several errors, languages ----------------------------------------------

/// Six independent mistakes, found in different passes of the loader.
fn six_errors() -> String {
    mini(&[
        ("full_score = 100", "full_score = 0"),
        (
            "name = \"公共环境\"",
            "name = \"公共环境\"\nlead = \"市文明办\"",
        ),
        ("parent = \"A\"", "parent = \"AA\""),
        ("score = 4", "score = \"4\""),
        ("method = \"field\"", "method = \"feild\""),
        ("per_problem = 0.5", "per_problem = -1"),
    ])
}

#[test]
fn every_error_in_a_file_is_reported_in_line_order() {
    rejects(
        &check(six_errors()),
        r#"s.toml:5:14: error: “full_score” 必须大于 0，实际为 0
  |
5 | full_score = 0
  |              ^
s.toml:10:1: error: [[group]] 中有未知的键 “lead”；可用的键：id, name, parent
   |
10 | lead = "市文明办"
   | ^^^^
s.toml:14:10: error: 上级分组 “AA” 不存在（是否应为“A”？）
   |
14 | parent = "AA"
   |          ^^^^
s.toml:21:9: error: “score” 应为数字
   |
21 | score = "4"
   |         ^^^
s.toml:22:10: error: 未知的测评方法 “feild”（是否应为“field”？）；可选：field, material, survey
   |
22 | method = "feild"
   |          ^^^^^^^
s.toml:25:41: error: “per_problem” 必须大于 0，实际为 -1
   |
25 | rule = { kind = "deduct", per_problem = -1 }
   |                                         ^^
ceping: 发现 6 个错误、0 个警告
"#,
    );
}

#[test]
fn errors_across_files_are_reported_in_file_order() {
    // The duplicate (found last, when the files are merged) is in the first
    // file; the bad score (found while reading) is in the second.
    rejects(
        &Test::new()
            .file(
                "std/00-standard.toml",
                mini(&[("id = \"A1\"", "id = \"A\"")]),
            )
            .file(
                "std/10-more.toml",
                "[[criterion]]\nid = \"B1\"\ngroup = \"A\"\ntext = \"文明\"\nscore = 0\nmethod = \"material\"\nlead = \"市文明办\"\n",
            )
            .args(["check", "-s", "std"])
            .run(),
        r#"std/00-standard.toml:12:6: error: 编号 “A” 重复；首次定义于 std/00-standard.toml:8:6
   |
12 | id = "A"
   |      ^^^
std/00-standard.toml:18:9: error: 所属分组 “A1” 不存在（是否应为“A”？）
   |
18 | group = "A1"
   |         ^^^^
std/10-more.toml:5:9: error: “score” 必须大于 0，实际为 0
  |
5 | score = 0
  |         ^
ceping: 发现 3 个错误、0 个警告
"#,
    );
}

#[test]
fn english_errors() {
    rejects(
        &check_en(six_errors()),
        r#"s.toml:5:14: error: `full_score` must be greater than 0, found 0
  |
5 | full_score = 0
  |              ^
s.toml:10:1: error: unknown key `lead` in [[group]]; accepted keys: id, name, parent
   |
10 | lead = "市文明办"
   | ^^^^
s.toml:14:10: error: parent group `AA` does not exist (did you mean `A`?)
   |
14 | parent = "AA"
   |          ^^^^
s.toml:21:9: error: `score` must be a number
   |
21 | score = "4"
   |         ^^^
s.toml:22:10: error: unknown method `feild` (did you mean `field`?); accepted: field, material, survey
   |
22 | method = "feild"
   |          ^^^^^^^
s.toml:25:41: error: `per_problem` must be greater than 0, found -1
   |
25 | rule = { kind = "deduct", per_problem = -1 }
   |                                         ^^
ceping: 6 error(s), 0 warning(s)
"#,
    );
}

#[test]
fn english_file_errors_and_warnings() {
    rejects(
        &Test::new()
            .args(["--lang", "en", "check", "-s", "nope"])
            .run(),
        "nope: error: no such file or directory\nceping: 1 error(s), 0 warning(s)\n",
    );
    check_en(mini(&[("lead = \"市城管局\"\n", "")]))
        .code(0)
        .stdout("standard is valid: 1 criterion, 1 warning(s)\n")
        .stderr(
            r#"s.toml:17:6: warning: criterion `A1.01` has no lead department
   |
17 | id = "A1.01"
   |      ^^^^^^^
"#,
        );
}

#[test]
fn ceping_lang_env_selects_english_and_the_flag_wins() {
    let std = edit(MINI, &[("kind = \"deduct\"", "kind = \"dedcut\"")]);
    let english = r#"s.toml:24:17: error: unknown rule kind `dedcut` (did you mean `deduct`?); accepted: rate, all, deduct, quota, graded
   |
24 | rule = { kind = "dedcut", per_problem = 0.5 }
   |                 ^^^^^^^^
ceping: 1 error(s), 0 warning(s)
"#;
    let run = |t: Test| t.file("s.toml", &std).run();
    rejects(
        &run(Test::new()
            .env("CEPING_LANG", "en")
            .args(["check", "-s", "s.toml"])),
        english,
    );
    run(Test::new()
        .env("CEPING_LANG", "en")
        .args(["--lang", "zh", "check", "-s", "s.toml"]))
    .code(2)
    .stderr_has("未知的计分规则 “dedcut”");
    // The flag also works after the subcommand (it is global).
    rejects(
        &run(Test::new().args(["check", "-s", "s.toml", "--lang", "en"])),
        english,
    );
}

// --- hostile text -------------------------------------------------------------

#[test]
fn lone_carriage_return_does_not_garble_the_snippet() {
    rejects(
        &check(mini(&[("score = 4", "score = 4\r# 分值")])),
        "s.toml:20:11: error: TOML 语法错误：carriage return must be followed by newline, expected newline
   |
20 | score = 4 # 分值
   |           ^
ceping: 发现 1 个错误、0 个警告
",
    );
}

#[test]
fn control_characters_in_a_key_are_escaped() {
    rejects(
        &check(mini(&[(
            "lead = \"市城管局\"",
            "lead = \"市城管局\"\n\"lead\\n\\u001b[31m\" = \"市城管局\"",
        )])),
        r#"s.toml:24:1: error: [[criterion]] 中有未知的键 “lead\n\u{1b}[31m”；可用的键：id, group, text, score, method, point_types, lead, assist, rule, rectify_days, scope
   |
24 | "lead\n\u001b[31m" = "市城管局"
   | ^^^^^^^^^^^^^^^^^^
ceping: 发现 1 个错误、0 个警告
"#,
    );
}
