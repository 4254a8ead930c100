//! Regressions for names that look alike and for standards and project files
//! that were accepted or misreported (issue 8): one test per defect, each
//! asserting the exact messages.

mod common;

use std::fmt::Write as _;

use common::{MINI, RULES, Run, Test, csv, mini, rules, scoring};

/// `ceping check --standard s.toml` with `s.toml` holding `std`.
fn check(std: impl AsRef<[u8]>) -> Run {
    Test::new()
        .file("s.toml", std)
        .args(["check", "--standard", "s.toml"])
        .run()
}

/// Scoring `d.csv` against [`RULES`] with `ceping.toml` holding `project`.
fn score_with_project(project: &str, data: &str) -> Run {
    scoring(RULES, data).file("ceping.toml", project).run()
}

/// A rejection: exit code 2, nothing on stdout, exactly `stderr`.
#[track_caller]
fn rejects(run: &Run, stderr: &str) {
    run.code(2).stdout("").stderr(stderr);
}

// --- 1. aliases ---------------------------------------------------------------

#[test]
fn alias_cycles_and_aliases_off_the_district_list_are_rejected() {
    let data = csv(&["东区,p1,R1,合格,,,"]);
    // Two listed districts aliased to each other swapped their data.
    let project = "districts = [\"东区\", \"西区\"]\n\n[aliases.district]\n\"东区\" = \"西区\"\n\"西区\" = \"东区\"\n";
    rejects(
        &score_with_project(project, &data),
        "ceping.toml:4:1: error: “东区” 是 districts 中的区县，不能再作别名
  |
4 | \"东区\" = \"西区\"
  | ^^^^^^
ceping.toml:5:1: error: “西区” 是 districts 中的区县，不能再作别名
  |
5 | \"西区\" = \"东区\"
  | ^^^^^^
ceping: 发现 2 个错误、0 个警告
",
    );
    // An alias must map to a listed district.
    let project = "districts = [\"梁园区\"]\n[aliases.district]\n\"梁园\" = \"梁圆区\"\n";
    rejects(
        &score_with_project(project, &data),
        "ceping.toml:3:8: error: 别名 “梁园” 指向的 “梁圆区” 不在 districts 中（是否应为“梁园区”？）；别名必须指向 districts 中的区县
  |
3 | \"梁园\" = \"梁圆区\"
  |          ^^^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
    // Without a list, and for departments: no chains, no cycles.
    let project = "[aliases.district]\n\"东区\" = \"西区\"\n\"西区\" = \"东区\"\n\
                   [aliases.department]\n\"城管\" = \"城管局\"\n\"城管局\" = \"市城管局\"\n";
    rejects(
        &score_with_project(project, &data),
        "ceping.toml:2:1: error: “东区” 既是别名，又是别名 “西区” 指向的名称；别名不能串联或构成循环
  |
2 | \"东区\" = \"西区\"
  | ^^^^^^
ceping.toml:3:1: error: “西区” 既是别名，又是别名 “东区” 指向的名称；别名不能串联或构成循环
  |
3 | \"西区\" = \"东区\"
  | ^^^^^^
ceping.toml:6:1: error: “城管局” 既是别名，又是别名 “城管” 指向的名称；别名不能串联或构成循环
  |
6 | \"城管局\" = \"市城管局\"
  | ^^^^^^^^
ceping: 发现 3 个错误、0 个警告
",
    );
    // In English.
    scoring(RULES, &data)
        .file(
            "ceping.toml",
            "districts = [\"东区\"]\n[aliases.district]\n\"东区\" = \"东区\"\n",
        )
        .args(["--lang", "en"])
        .run()
        .code(2)
        .stderr_has("ceping.toml:3:1: error: `东区` is a listed district and cannot be an alias\n");
}

// --- 2. lookalike names -------------------------------------------------------

#[test]
fn format_characters_are_rejected_and_odd_spaces_folded() {
    // A zero-width space in a cell, in any of the name columns.
    let header = "区县,街道,点位,点位类型,标准编号,结果,批次,责任单位\n";
    let data = format!(
        "{header}\
         东\u{200b}区,s,p1,主次干道,R1,合格,第1轮,城管局\n\
         东区,s\u{feff}t,p1,主次干道,R1,合格,第1轮,城管局\n\
         东区,s,p\u{ad}2,主次干道,R1,合格,第1轮,城管局\n\
         东区,s,p3,主次\u{2060}干道,R1,合格,第1轮,城管局\n\
         东区,s,p4,主次干道,R1\u{200e},合格,第1轮,城管局\n\
         东区,s,p5,主次干道,R1,合格,第1\u{202e}轮,城管局\n\
         东区,s,p6,主次干道,R1,合格,第1轮,城管\u{200d}局\n"
    );
    let tail = "；请删除它（常随从网页或聊天软件复制的文字混入）";
    let mut want = String::new();
    for (line, col, code) in [
        (2, "区县", "U+200B"),
        (3, "街道", "U+FEFF"),
        (4, "点位", "U+00AD"),
        (5, "点位类型", "U+2060"),
        (6, "标准编号", "U+200E"),
        (7, "批次", "U+202E"),
        (8, "责任单位", "U+200D"),
    ] {
        let _ = writeln!(
            want,
            "d.csv:{line}: {col}: error: 含有不可见的格式字符 {code}{tail}"
        );
    }
    want.push_str("ceping: 发现 7 个错误、0 个警告\n");
    rejects(&scoring(RULES, data).run(), &want);

    scoring(RULES, csv(&["甲\u{200b}区,p1,R1,合格,,,"]))
        .args(["--lang", "en"])
        .run()
        .code(2)
        .stderr_has("d.csv:2: 区县: error: contains the invisible format character U+200B; delete it (it comes with text copied from web pages or chat apps)\n");

    // A no-break space or an ideographic space inside a name is a space:
    // the same point twice is one observation imported twice.
    rejects(
        &scoring(
            RULES,
            csv(&[
                "甲区,p 1,R1,合格,,,",
                "甲区,p\u{a0}1,R1,合格,,,",
                "甲区,p\u{3000}1,R1,合格,,,",
                "甲区,p\u{202f}1,R1,合格,,,",
            ]),
        )
        .run(),
        "d.csv:3: 标准编号: error: 同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:2
d.csv:4: 标准编号: error: 同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:2
d.csv:5: 标准编号: error: 同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:2
ceping: 发现 3 个错误、0 个警告
",
    );

    // In ceping.toml.
    rejects(
        &score_with_project(
            "districts = [\"东区\", \"西\u{200b}区\"]\n",
            &csv(&["东区,p1,R1,合格,,,"]),
        ),
        &format!(
            "ceping.toml:1:20: error: 含有不可见的格式字符 U+200B{tail}
  |
1 | districts = [\"东区\", \"西\u{200b}区\"]
  |                      ^^^^^^
ceping: 发现 1 个错误、0 个警告
"
        ),
    );

    // In the standard: an id, a department, a point type.
    let std = mini(&[
        ("id = \"A1.01\"", "id = \"A1.\u{200b}01\""),
        (
            "lead = \"市城管局\"",
            "lead = \"市城\u{feff}管局\"\nassist = [\"住建\u{ad}局\"]",
        ),
        ("\"商业大街\"", "\"商业\u{2061}大街\""),
    ]);
    let run = check(&std);
    run.code(2).stdout("");
    for (line, code) in [
        (17, "U+200B"),
        (22, "U+2061"),
        (23, "U+FEFF"),
        (24, "U+00AD"),
    ] {
        run.stderr_has(&format!("s.toml:{line}:"))
            .stderr_has(&format!("error: 含有不可见的格式字符 {code}{tail}\n"));
    }
    run.stderr_has("ceping: 发现 4 个错误、0 个警告\n");

    // A no-break space in the standard's point type is the CSV's space:
    // 主次 干道 has its row (the others of RULES have none).
    let std = rules(&[(
        "[\"主次干道\", \"背街小巷\"]",
        "[\"主次\u{a0}干道\", \"背街小巷\"]",
    )]);
    scoring(
        &std,
        "区县,点位,点位类型,标准编号,结果\n甲区,p1,主次 干道,R1,合格\n",
    )
    .args(["-f", "json"])
    .run()
    .code(0)
    .stderr("ceping: warning: 区县“甲区”缺少点位类型的检查结果：背街小巷、主次干道、公共广场\n");
}

// --- 3. ids -----------------------------------------------------------------

#[test]
fn ids_hold_only_letters_digits_dots_dashes_and_underscores() {
    for bad in ["A1,01", "A1\\\"01", "A1#01", "A1/01"] {
        let shown = bad.replace('\\', "");
        rejects(
            &check(mini(&[("id = \"A1.01\"", &format!("id = \"{bad}\""))])),
            &format!(
                "s.toml:17:6: error: 编号 “{shown}” 无效：只能使用 ASCII 字母、数字、“.”、“-”、“_”
   |
17 | id = \"{bad}\"
   |      {}
ceping: 发现 1 个错误、0 个警告
",
                "^".repeat(bad.len() + 2)
            ),
        );
    }
    check(mini(&[("id = \"A1.01\"", "id = \"a-1_b.2\"")])).code(0);
}

// --- 4. deep and cyclic parent chains ---------------------------------------

/// A standard with groups `G0` .. `G{n-1}`, each the parent of the next
/// (and, if `cycle`, `G{n-1}` the parent of `G0`), and one criterion in the
/// last group.
fn chain(n: usize, cycle: bool) -> String {
    let mut s = String::from(
        "[standard]\nid = \"deep\"\nname = \"深\"\nlevels = [\"一\", \"二\"]\nfull_score = 100\n",
    );
    for i in 0..n {
        let _ = write!(s, "\n[[group]]\nid = \"G{i}\"\nname = \"组\"\n");
        if i > 0 {
            let _ = writeln!(s, "parent = \"G{}\"", i - 1);
        } else if cycle {
            let _ = writeln!(s, "parent = \"G{}\"", n - 1);
        }
    }
    let _ = write!(
        s,
        "\n[[criterion]]\nid = \"C\"\ngroup = \"G{}\"\ntext = \"一\"\nscore = 1\nmethod = \"material\"\nlead = \"局\"\n",
        n - 1
    );
    s
}

#[test]
fn deep_chains_and_long_cycles_are_checked_in_linear_time() {
    // 10,000 levels: refused at the first group past the limit.
    let run = check(chain(10_000, false));
    // [standard] is 5 lines, G0 4 more, then 5 lines a group: G64's parent
    // is on line 5 + 4 + 64 * 5.
    rejects(
        &run,
        "s.toml:329:10: error: 分组 “G64” 位于第 65 层，超过上限 64 层
    |
329 | parent = \"G63\"
    |          ^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
    // 64 levels are fine (the criterion level warns: `levels` names 2).
    check(chain(64, false))
        .code(0)
        .stdout("测评体系有效：1 条测评标准，1 个警告\n");
    // A cycle of 10,000 groups: reported once, from its first group.
    let run = check(chain(10_000, true));
    run.code(2).stdout("");
    let ids: Vec<String> = (0..10_000).map(|i| format!("G{i}")).collect();
    let mut cycle = String::new();
    // Each group's parent is the one before it: G0 → G9999 → ... → G1 → G0.
    cycle.push_str("G0");
    for i in (1..10_000).rev() {
        cycle.push_str(" → ");
        cycle.push_str(&ids[i]);
    }
    cycle.push_str(" → G0");
    run.stderr_has(&format!(
        "s.toml:10:10: error: 分组的上级关系构成循环：{cycle}\n"
    ))
    .stderr_has("ceping: 发现 1 个错误、0 个警告\n");
    // A cycle first reached from a group outside it is still reported.
    let std = mini(&[(
        "[[group]]\nid = \"A\"\nname = \"公共环境\"\n",
        "[[group]]\nid = \"Z\"\nparent = \"X\"\nname = \"外\"\n\n\
         [[group]]\nid = \"X\"\nparent = \"Y\"\nname = \"甲\"\n\n\
         [[group]]\nid = \"Y\"\nparent = \"X\"\nname = \"乙\"\n\n\
         [[group]]\nid = \"A\"\nname = \"公共环境\"\n",
    )]);
    rejects(
        &check(std),
        "s.toml:14:10: error: 分组的上级关系构成循环：X → Y → X
   |
14 | parent = \"Y\"
   |          ^^^
ceping: 发现 1 个错误、0 个警告
",
    );
}

// --- 5. file size -------------------------------------------------------------

#[test]
fn standard_and_project_files_larger_than_the_limit_are_refused() {
    let limit = "文件超过 16 MiB 的上限，不是测评体系或 ceping.toml 文件；请检查路径";
    if std::path::Path::new("/dev/zero").exists() {
        rejects(
            &Test::new().args(["check", "-s", "/dev/zero"]).run(),
            &format!("/dev/zero: error: {limit}\nceping: 发现 1 个错误、0 个警告\n"),
        );
        rejects(
            &scoring(RULES, csv(&["甲区,p1,R1,合格,,,"]))
                .args(["--config", "/dev/zero"])
                .run(),
            &format!("/dev/zero: error: {limit}\nceping: 发现 1 个错误、0 个警告\n"),
        );
    }
    let mut big = MINI.to_string();
    big.push('#');
    big.push_str(&"x".repeat(16 << 20));
    big.push('\n');
    rejects(
        &check(&big),
        &format!("s.toml: error: {limit}\nceping: 发现 1 个错误、0 个警告\n"),
    );
}

// --- 6. misleading messages ---------------------------------------------------

#[test]
fn invalid_weights_and_tiny_scores_are_reported_as_what_they_are() {
    let methods = |field: &str, survey: &str| {
        mini(&[(
            "full_score = 100\n",
            &format!(
                "full_score = 100\n\n[standard.methods]\nfield = {{ name = \"实地\", weight = {field} }}\n\
                 material = {{ name = \"材料\", weight = 60 }}\nsurvey = {{ name = \"问卷\", weight = {survey} }}\n"
            ),
        )])
    };
    // An invalid weight is reported once: not also as missing, nor as a
    // wrong sum computed without it.
    rejects(
        &check(methods("\"abc\"", "-1")),
        "s.toml:8:33: error: “weight” 应为数字
  |
8 | field = { name = \"实地\", weight = \"abc\" }
  |                                   ^^^^^
s.toml:10:34: error: “weight” 必须大于 0，实际为 -1
   |
10 | survey = { name = \"问卷\", weight = -1 }
   |                                    ^^
ceping: 发现 2 个错误、0 个警告
",
    );
    // A missing weight is still missing, and weights too large to add up
    // are a wrong sum, not a crash.
    let run = check(methods("7e28", "7e28"));
    run.code(2).stdout("").stderr_has(
        "error: 测评方法权重之和为 > 79228162514264337593543950335，应等于满分 full_score = 100\n",
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // A tiny score is too precise, not out of range.
    for tiny in ["1e-30", "0.00000000000000000000000000001"] {
        rejects(
            &check(mini(&[("score = 4", &format!("score = {tiny}"))])),
            &format!(
                "s.toml:20:9: error: “score” 的值 {tiny} 小数位数过多，最多 28 位小数
   |
20 | score = {tiny}
   |         {}
ceping: 发现 1 个错误、0 个警告
",
                "^".repeat(tiny.len())
            ),
        );
    }
    // A huge one is out of range.
    check(mini(&[("score = 4", "score = 1e29")]))
        .code(2)
        .stderr_has("“score” 的值 1e29 超出范围，应在 ±10^28 之内");
    // So are scores that add up past the range (every view sums them).
    let second = MINI[MINI.find("[[criterion]]").unwrap_or(0)..].replace("A1.01", "A1.02");
    let huge = format!("{MINI}\n{second}").replace("score = 4", "score = 5e28");
    rejects(
        &check(&huge),
        "s.toml:27:6: error: “Σ score” 的值 > 79228162514264337593543950335 超出范围，应在 ±10^28 之内
   |
27 | id = \"A1.02\"
   |      ^^^^^^^
ceping: 发现 1 个错误、0 个警告
",
    );
}

// --- 7. bands and target ------------------------------------------------------

#[test]
fn crossed_bands_and_a_negative_target_are_rejected() {
    let data = csv(&["甲区,p1,R1,合格,,,"]);
    rejects(
        &score_with_project("target = -5\n[bands]\nred = 80\nblack = 85\n", &data),
        "ceping.toml:1:10: error: “target” 不能为负数，实际为 -5
  |
1 | target = -5
  |          ^^
ceping.toml:3:7: error: [bands] 中红榜线 red = 80 低于黑榜线 black = 85；red 应不低于 black
  |
3 | red = 80
  |       ^^
ceping: 发现 2 个错误、0 个警告
",
    );
    score_with_project("target = 0\n[bands]\nred = 85\nblack = 85\n", &data).code(0);
}
