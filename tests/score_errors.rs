//! `ceping score` on bad data: every case of the contract is an error located
//! as `file:line: column: error: message`, exit code 2, nothing on stdout and
//! no report written; `--skip-invalid` scores the rest and `--rejects` keeps
//! the rejected rows.
//!
//! Rows are `区县,点位,标准编号,结果,问题数,数量,得分` against
//! [`common::RULES`] unless a test gives its own header.

mod common;

use std::fmt::Write as _;

use common::{HEAD, RULES, Run, Test, csv, rules, scoring};

/// The accepted result words, as every unknown-result message lists them.
const WORDS: &str = "合格/pass/是/√/✓/y/1; 不合格/fail/否/×/✗/n/0; 严重不合格/severe; 不适用/na/-; 无法调查/拒访/unobservable";

/// Run `t` with `-o out.json` and check a rejection: exit code 2, empty
/// stdout, exactly `stderr`, and nothing written beside the fixtures.
#[track_caller]
fn rejected(t: Test, stderr: &str) -> Run {
    let before = t.listing("");
    let t = t.args(["-o", "out.json"]);
    let run = t.run();
    run.code(2).stdout("").stderr(stderr);
    assert_eq!(t.listing(""), before, "a report or a temp file was written");
    run
}

/// [`rejected`] for `d.csv` holding `data`, scored against [`RULES`].
#[track_caller]
fn rejects(data: impl AsRef<[u8]>, stderr: &str) {
    rejected(scoring(RULES, data), stderr);
}

/// `msgs` each on a line, then the closing count line.
fn lines(msgs: &[&str], errors: usize) -> String {
    let mut s = String::new();
    for m in msgs {
        s.push_str(m);
        s.push('\n');
    }
    let _ = writeln!(s, "ceping: 发现 {errors} 个错误、0 个警告");
    s
}

// --- each bad row -------------------------------------------------------------

#[test]
fn unknown_criterion_suggests_the_closest_id() {
    rejects(
        csv(&[
            "甲区,p1,Q11,合格,,3,",
            "甲区,p2,XYZ,合格,,,",
            "甲区,p3,A1,合格,,,",
        ]),
        &lines(
            &[
                "d.csv:2: 标准编号: error: 测评体系中没有编号为 “Q11” 的测评标准或负面清单项（是否应为“Q1”？）",
                "d.csv:3: 标准编号: error: 测评体系中没有编号为 “XYZ” 的测评标准或负面清单项",
                // A group's id is not a criterion's.
                "d.csv:4: 标准编号: error: 测评体系中没有编号为 “A1” 的测评标准或负面清单项（是否应为“D1”？）",
            ],
            3,
        ),
    );
}

#[test]
fn unknown_district() {
    rejected(
        scoring(RULES, csv(&["梁圆区,p1,R1,合格,,,"]))
            .file("ceping.toml", "districts = [\"梁园区\", \"睢阳区\"]\n"),
        &lines(
            &[
                "d.csv:2: 区县: error: 未知的区县 “梁圆区”（是否应为“梁园区”？）；ceping.toml 中的区县：梁园区, 睢阳区",
            ],
            1,
        ),
    );
}

#[test]
fn unknown_result_word_lists_the_accepted_words() {
    rejects(
        csv(&["甲区,p1,R1,还行,,,"]),
        &lines(
            &[&format!(
                "d.csv:2: 结果: error: 无法识别的测评结果 “还行”；可用：{WORDS}"
            )],
            1,
        ),
    );
}

#[test]
fn problems_negative_or_not_an_integer() {
    rejects(
        csv(&[
            "甲区,p1,D1,不合格,-1,,",
            "甲区,p2,D1,不合格,1.5,,",
            "甲区,p3,D1,不合格,两处,,",
        ]),
        &lines(
            &[
                "d.csv:2: 问题数: error: 问题数 “-1” 无效，应为不小于 0 的整数",
                "d.csv:3: 问题数: error: 问题数 “1.5” 无效，应为不小于 0 的整数",
                "d.csv:4: 问题数: error: 问题数 “两处” 无效，应为不小于 0 的整数",
            ],
            3,
        ),
    );
}

#[test]
fn a_fail_with_zero_problems_on_a_deduct_criterion() {
    // Decision: ambiguous, so an error; a fail without a count counts 1.
    rejects(
        csv(&[
            "甲区,p1,D1,不合格,0,,",
            "甲区,p2,D1,严重不合格,0,,",
            "甲区,p3,D1,合格,0,,",
        ]),
        &lines(
            &[
                "d.csv:2: 问题数: error: 结果为不合格但问题数为 0；扣分类标准请填写问题数（≥1），或将结果改为合格",
                "d.csv:3: 问题数: error: 结果为不合格但问题数为 0；扣分类标准请填写问题数（≥1），或将结果改为合格",
            ],
            2,
        ),
    );
}

#[test]
fn count_missing_for_quota() {
    rejects(
        csv(&[
            "甲区,p1,Q1,,,,",
            "甲区,p2,Q1,不合格,,,",
            "甲区,p3,Q1,,,三,",
            // Not needed for 不适用 and 无法调查.
            "甲区,p4,Q1,不适用,,,",
            "甲区,p5,Q1,无法调查,,,",
        ]),
        &lines(
            &[
                "d.csv:2: 数量: error: “Q1” 按数量计分（每处应有 3 项），须填写数量",
                "d.csv:3: 数量: error: “Q1” 按数量计分（每处应有 3 项），须填写数量",
                "d.csv:4: 数量: error: 数量 “三” 无效，应为不小于 0 的整数",
            ],
            3,
        ),
    );
    // Without a count column, the message points at the result column.
    rejects(
        "区县,点位,标准编号,结果\n甲区,p1,Q1,合格\n",
        &lines(
            &["d.csv:2: 结果: error: “Q1” 按数量计分（每处应有 3 项），须填写数量"],
            1,
        ),
    );
}

#[test]
fn value_out_of_range_or_unknown_grade() {
    rejects(
        csv(&[
            "甲区,p1,G1,,,,5.5",
            "甲区,p2,G1,,,,-1",
            "甲区,p3,G1,,,,D",
            "甲区,p4,G1,,,,",
        ]),
        &lines(
            &[
                "d.csv:2: 得分: error: 得分 “5.5” 无效；应为 0 至 5 的数，或等级 A, B, C",
                "d.csv:3: 得分: error: 得分 “-1” 无效；应为 0 至 5 的数，或等级 A, B, C",
                "d.csv:4: 得分: error: 得分 “D” 无效；应为 0 至 5 的数，或等级 A, B, C",
                "d.csv:5: 得分: error: “G1” 为评分类标准，须填写得分或等级（或结果）",
            ],
            4,
        ),
    );
}

#[test]
fn field_row_without_a_point() {
    rejects(
        csv(&["甲区,,R1,合格,,,"]),
        &lines(
            &["d.csv:2: 点位: error: “R1” 为实地考察标准，须填写点位"],
            1,
        ),
    );
    // No point column at all: located at the result. Material and survey
    // criteria need none.
    rejects(
        "区县,标准编号,结果,数量\n甲区,R1,合格,\n甲区,Q1,,3\n",
        &lines(
            &["d.csv:2: 结果: error: “R1” 为实地考察标准，须填写点位"],
            1,
        ),
    );
}

#[test]
fn bad_date() {
    rejects(
        "区县,点位,标准编号,结果,日期\n\
         甲区,p1,R1,合格,2024-02-30\n\
         甲区,p2,R1,合格,昨天\n\
         甲区,p3,R1,合格,3/5/2024\n\
         甲区,p4,R1,合格,2024年3月5日\n",
        &lines(
            &[
                "d.csv:2: 日期: error: 日期 “2024-02-30” 无效；可用格式：2024-03-05、2024/3/5、2024年3月5日",
                "d.csv:3: 日期: error: 日期 “昨天” 无效；可用格式：2024-03-05、2024/3/5、2024年3月5日",
                "d.csv:4: 日期: error: 日期 “3/5/2024” 无效；可用格式：2024-03-05、2024/3/5、2024年3月5日",
            ],
            3,
        ),
    );
}

#[test]
fn wrong_field_count() {
    rejects(
        format!("{HEAD}甲区,p1,R1,合格\n甲区,p2,R1,合格,,,,,\n"),
        &lines(
            &[
                "d.csv:2: error: 本行有 4 列，表头有 7 列",
                "d.csv:3: error: 本行有 9 列，表头有 7 列",
            ],
            2,
        ),
    );
}

#[test]
fn several_problems_in_one_row_are_all_reported() {
    rejects(
        csv(&["甲区,,R9,好,-1,,"]),
        &lines(
            &[
                "d.csv:2: 标准编号: error: 测评体系中没有编号为 “R9” 的测评标准或负面清单项（是否应为“R1”？）",
                &format!("d.csv:2: 结果: error: 无法识别的测评结果 “好”；可用：{WORDS}"),
                "d.csv:2: 问题数: error: 问题数 “-1” 无效，应为不小于 0 的整数",
            ],
            3,
        ),
    );
}

#[test]
fn an_empty_cell_where_a_value_is_needed() {
    rejects(
        csv(&[",p1,R1,合格,,,", "甲区,p2,,合格,,,", "甲区,p3,R1,,,,"]),
        &lines(
            &[
                "d.csv:2: 区县: error: 不能为空",
                "d.csv:3: 标准编号: error: 不能为空",
                "d.csv:4: 结果: error: 缺少测评结果",
            ],
            3,
        ),
    );
}

// --- bytes and files ------------------------------------------------------------

#[test]
fn undecodable_bytes_in_a_utf8_file() {
    // Past the first 64 KiB (where the encoding is detected) the file is
    // UTF-8, so a stray byte is located in its cell.
    let mut data = HEAD.as_bytes().to_vec();
    for i in 0..4000 {
        data.extend(format!("甲区,点位{i:04},R1,合格,,,\n").as_bytes());
    }
    assert!(data.len() > 64 * 1024);
    data.extend(b"\xe4\xb9\xe5\x8c\xba,p,R1,\xff\xfe,,,\n");
    rejects(
        &data,
        &lines(
            &[
                "d.csv:4002: 区县: error: 含有无法解码的字节；请确认文件编码（可用 --encoding gbk 或 utf-8 指定）",
                "d.csv:4002: 结果: error: 含有无法解码的字节；请确认文件编码（可用 --encoding gbk 或 utf-8 指定）",
            ],
            2,
        ),
    );
    // The same with the encoding forced.
    let mut short = csv(&["甲区,p1,R1,合格,,,"]).into_bytes();
    short.extend(b"\xd2\xd2,p2,R1,\xba\xcf\xb8\xf1,,,\n");
    rejected(
        scoring(RULES, short).args(["--encoding", "utf-8"]),
        &lines(
            &[
                "d.csv:3: 区县: error: 含有无法解码的字节；请确认文件编码（可用 --encoding gbk 或 utf-8 指定）",
                "d.csv:3: 结果: error: 含有无法解码的字节；请确认文件编码（可用 --encoding gbk 或 utf-8 指定）",
            ],
            2,
        ),
    );
}

#[test]
fn undecodable_bytes_in_a_gbk_file() {
    let (gbk, _, _) = encoding_rs::GBK.encode("区县,点位,标准编号,结果\n甲区,p1,R1,");
    let mut data = gbk.into_owned();
    data.extend(b"\xff\xff\n");
    rejects(
        &data,
        &lines(
            &[
                "d.csv:2: 结果: error: 含有无法解码的字节；请确认文件编码（可用 --encoding gbk 或 utf-8 指定）",
            ],
            1,
        ),
    );
}

#[test]
fn an_empty_file() {
    for bytes in [&b""[..], b"\xef\xbb\xbf", b" \r\n\r\n"] {
        rejects(
            bytes,
            &lines(&["d.csv: error: 文件为空：应有一行表头和若干行检查结果"], 1),
        );
    }
}

#[test]
fn a_header_without_rows() {
    rejects(HEAD, &lines(&["error: 没有可计分的数据行"], 1));
}

#[test]
fn a_header_without_a_needed_column() {
    rejects(
        "点位,测评标准,结果\np1,R1,合格\n",
        &lines(
            &[
                "d.csv:1: error: 表头缺少必需的列：区县(district) [district, 区县, 县区, 区, 县(市、区)]",
            ],
            1,
        ),
    );
    rejects(
        "区县,点位,备注\n甲区,p1,\n",
        &lines(
            &[
                "d.csv:1: error: 表头缺少必需的列：标准编号(criterion) [criterion, 标准编号, 测评标准, 指标编号]；结果(result) [result, 结果, 测评结果, 检查结果]",
            ],
            1,
        ),
    );
    // One good file does not save a bad one.
    rejected(
        scoring(RULES, csv(&["甲区,p1,R1,合格,,,"]))
            .file("e.csv", "点位,标准编号,结果\np1,R1,合格\n")
            .arg("e.csv"),
        &lines(
            &[
                "e.csv:1: error: 表头缺少必需的列：区县(district) [district, 区县, 县区, 区, 县(市、区)]",
            ],
            1,
        ),
    );
}

#[test]
fn the_same_observation_twice_names_both_places() {
    // Same round, district, point, criterion and date (two spellings of the
    // same day), in one file and across files.
    let a = "批次,区县,点位,标准编号,结果,日期\n\
             第1轮,甲区,p1,R1,合格,2024-03-05\n\
             第1轮,甲区,p1,R1,不合格,2024/3/5\n\
             第1轮,甲区,p1,R1,合格,2024-03-06\n\
             第2轮,甲区,p1,R1,合格,2024-03-05\n";
    let b = "批次,区县,点位,标准编号,结果,日期\n第1轮,甲区,p1,R1,合格,2024年3月5日\n";
    rejected(
        scoring(RULES, a).file("e.csv", b).arg("e.csv"),
        &lines(
            &[
                "d.csv:3: 标准编号: error: 同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:2",
                "e.csv:2: 标准编号: error: 同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:2",
            ],
            2,
        ),
    );
}

#[test]
fn a_nonexistent_input() {
    rejected(
        Test::new()
            .file("s.toml", RULES)
            .args(["score", "nope.csv", "-s", "s.toml"]),
        &lines(&["nope.csv: error: 文件或目录不存在"], 1),
    );
}

// --- rounds, standard, inputs ------------------------------------------------------

const ROUNDS: &str = "批次,区县,点位,标准编号,结果\n\
                      第2轮,甲区,p1,R1,合格\n\
                      第10轮,甲区,p1,R1,合格\n\
                      ,甲区,p1,R1,合格\n";

#[test]
fn several_rounds_without_round() {
    rejects(
        ROUNDS,
        &lines(
            &[
                "error: 数据包含多个批次：（无批次）, 第2轮, 第10轮；请用 --round 指定批次、latest（最新）或 all（合并）",
            ],
            1,
        ),
    );
    rejected(
        scoring(RULES, ROUNDS).args(["--lang", "en"]),
        "error: the rows span several rounds: (none), 第2轮, 第10轮; choose one with --round R, latest or all\n\
         ceping: 1 error(s), 0 warning(s)\n",
    );
}

#[test]
fn an_unknown_round() {
    rejected(
        scoring(RULES, ROUNDS).args(["--round", "第3轮"]),
        &lines(
            &["error: 数据中没有批次 “第3轮”；现有批次：（无批次）, 第2轮, 第10轮"],
            1,
        ),
    );
}

#[test]
fn no_standard() {
    rejected(
        Test::new().file("d.csv", HEAD).args(["score", "d.csv"]),
        &lines(
            &[
                "error: 未指定测评体系：请用 --standard 指定，或在 ceping.toml 中设置 standard",
                "note: 先运行 ceping init 创建项目，或用 --standard 指定",
            ],
            1,
        ),
    );
    // An invalid standard is reported as `ceping check` would.
    rejected(
        scoring(&rules(&[("score = 10\nmethod", "score = 0\nmethod")]), HEAD),
        "s.toml:39:9: error: “score” 必须大于 0，实际为 0\n   |\n39 | score = 0\n   |         ^\n\
         ceping: 发现 1 个错误、0 个警告\n",
    );
}

#[test]
fn no_inputs() {
    rejected(
        Test::new()
            .file("s.toml", RULES)
            .args(["score", "-s", "s.toml"]),
        &lines(
            &[
                "error: 未指定检查结果文件：请在命令行给出文件或目录，或在 ceping.toml 中设置 inputs",
            ],
            1,
        ),
    );
}

// --- many errors ------------------------------------------------------------------

/// `n` rows with an unknown result word, after one good row.
fn bad_rows(n: usize) -> String {
    let mut s = csv(&["甲区,p0,R1,合格,,,"]);
    for i in 1..=n {
        let _ = writeln!(s, "甲区,p{i},R1,坏,,,");
    }
    s
}

#[test]
fn at_most_fifty_errors_are_shown_then_a_count() {
    let mut expected = String::new();
    for line in 3..=52 {
        let _ = writeln!(
            expected,
            "d.csv:{line}: 结果: error: 无法识别的测评结果 “坏”；可用：{WORDS}"
        );
    }
    expected.push_str("error: ……另有 10 处错误未列出\nceping: 发现 60 个错误、0 个警告\n");
    rejects(bad_rows(60), &expected);
    // Exactly 50: no count line.
    let run = scoring(RULES, bad_rows(50)).run();
    run.code(2);
    assert!(!run.stderr.contains("另有"), "{}", run.stderr);
    assert!(run.stderr.ends_with("ceping: 发现 50 个错误、0 个警告\n"));
    // The first 50 by position, whatever the thread count.
    for threads in ["1", "2", "4"] {
        scoring(RULES, bad_rows(60))
            .args(["--threads", threads])
            .run()
            .code(2)
            .stderr(&expected);
    }
}

// --- --skip-invalid and --rejects ------------------------------------------------------

/// Good rows (R1: 甲区 1/2 → 50; 乙区 1/1 → 100) with three bad ones.
const MIXED: &str = "区县,点位,标准编号,结果,备注\r\n\
                     甲区,p1,R1,合格,\"路面,干净\"\r\n\
                     甲区,p2,R1,好,\r\n\
                     甲区,p3,R1,不合格,\r\n\
                     甲区,p4,R9,合格,\r\n\
                     乙区,p1,R1,合格,\r\n\
                     乙区,p1,R1,合格,重复\r\n";

#[test]
fn skip_invalid_scores_the_valid_rows_and_warns() {
    let run = scoring(RULES, MIXED)
        .args(["--skip-invalid", "-f", "json"])
        .run();
    run.code(0).stderr(&format!(
        "d.csv:3: 结果: warning: 无法识别的测评结果 “好”；可用：{WORDS}\n\
         d.csv:5: 标准编号: warning: 测评体系中没有编号为 “R9” 的测评标准或负面清单项（是否应为“R1”？）\n\
         d.csv:7: 标准编号: warning: 同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:6\n\
         ceping: 读入 6 行，计分 3 行，剔除 3 行\n"
    ));
    let v = run.json();
    assert_eq!(
        v["rows"],
        serde_json::json!({"read": 6, "used": 3, "rejected": 3})
    );
    assert_eq!(v["inputs"][0]["rows"], 6);
    // 甲区 1/2, 乙区 1/1 (the duplicate left out) → city 2/3.
    assert_eq!(v["city"]["score"].to_string(), "66.67");
    assert_eq!(v["city"]["observations"], 3);
}

#[test]
fn skip_invalid_scores_no_row_of_a_file_whose_header_is_wrong() {
    // Two result columns: which one to score is a guess, so no row is
    // scored, not even rows that would otherwise pass.
    let run = scoring(
        RULES,
        "区县,点位,标准编号,结果,测评结果\n甲区,p1,R1,合格,合格\n甲区,p2,R1,合格,合格\n",
    )
    .file("e.csv", "区县,点位,标准编号,结果\n乙区,p1,R1,合格\n")
    .args(["e.csv", "--skip-invalid", "-f", "json"])
    .run();
    run.code(0);
    assert_eq!(
        run.json()["rows"],
        serde_json::json!({"read": 3, "used": 1, "rejected": 2})
    );
}

#[test]
fn skip_invalid_shows_fifty_warnings_then_a_count() {
    let run = scoring(RULES, bad_rows(60))
        .args(["--skip-invalid", "-f", "json"])
        .run();
    run.code(0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 52, "{}", run.stderr);
    assert!(lines[49].starts_with("d.csv:52: 结果: warning: "));
    assert_eq!(lines[50], "warning: ……另有 10 处错误未列出");
    assert_eq!(lines[51], "ceping: 读入 61 行，计分 1 行，剔除 60 行");
}

#[test]
fn rejects_file_keeps_every_rejected_row_unchanged() {
    let t =
        scoring(RULES, MIXED).args(["--skip-invalid", "--rejects", "bad.csv", "-o", "out.json"]);
    t.run().code(0).stdout("");
    let bytes = t.read("bad.csv");
    let expected = format!(
        "\u{feff}区县,点位,标准编号,结果,备注,文件,行号,原因\r\n\
         甲区,p2,R1,好,,d.csv,3,无法识别的测评结果 “好”；可用：{WORDS}\r\n\
         甲区,p4,R9,合格,,d.csv,5,测评体系中没有编号为 “R9” 的测评标准或负面清单项（是否应为“R1”？）\r\n\
         乙区,p1,R1,合格,重复,d.csv,7,同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:6\r\n"
    );
    assert_eq!(String::from_utf8(bytes).expect("UTF-8"), expected);
    // The report was written too, and agrees.
    let v: serde_json::Value = serde_json::from_slice(&t.read("out.json")).expect("JSON report");
    assert_eq!(v["rows"]["rejected"], 3);
}

#[test]
fn rejects_file_in_english_with_several_reasons_and_files() {
    let t = scoring(RULES, csv(&["甲区,,R9,好,,,"]))
        .file("e.csv", "区县,点位,标准编号,结果\n甲区,p1,R1,合格\n")
        .file("f.csv", "点位,标准编号\np1,R1\n")
        .args([
            "e.csv",
            "f.csv",
            "--lang",
            "en",
            "--skip-invalid",
            "--rejects",
            "bad.csv",
        ]);
    let run = t.run();
    run.code(0);
    let text = String::from_utf8(t.read("bad.csv")).expect("UTF-8");
    let rows: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "\u{feff}区县,点位,标准编号,结果,问题数,数量,得分,file,line,reason"
    );
    assert_eq!(
        rows[1],
        format!(
            "甲区,,R9,好,,,,d.csv,2,no criterion or penalty `R9` in the standard (did you mean `R1`?); unknown result `好`; accepted: {WORDS}"
        )
    );
    assert_eq!(
        rows[2],
        ",p1,R1,,,,,f.csv,2,\"the header lacks needed columns: 区县(district) [district, 区县, 县区, 区, 县(市、区)]; 结果(result) [result, 结果, 测评结果, 检查结果]\""
    );
    assert_eq!(rows[3], "");
    assert_eq!(rows.len(), 4);
}

#[test]
fn rejects_file_lines_up_inputs_with_other_columns_and_bad_field_counts() {
    // e.csv has its columns in another order, one more column (备注), a row
    // with too few fields and one with too many: each cell goes under its
    // own heading, and file, line and reason stay in the last three columns.
    let t = scoring(RULES, csv(&["甲区,p1,R1,好,,,", "甲区,p2,R1,合格,,,"]))
        .file(
            "e.csv",
            "结果,区县,标准编号,点位,备注\n坏,乙区,R1,p1,说明\n合格,乙区,R1\n合格,乙区,R1,p3,,多余\n",
        )
        .args(["e.csv", "--skip-invalid", "--rejects", "bad.csv"]);
    t.run().code(0);
    assert_eq!(
        String::from_utf8(t.read("bad.csv")).expect("UTF-8"),
        format!(
            "\u{feff}区县,点位,标准编号,结果,问题数,数量,得分,备注,,文件,行号,原因\r\n\
             甲区,p1,R1,好,,,,,,d.csv,2,无法识别的测评结果 “好”；可用：{WORDS}\r\n\
             乙区,p1,R1,坏,,,,说明,,e.csv,2,无法识别的测评结果 “坏”；可用：{WORDS}\r\n\
             乙区,,R1,合格,,,,,,e.csv,3,本行有 3 列，表头有 5 列\r\n\
             乙区,p3,R1,合格,,,,,多余,e.csv,4,本行有 6 列，表头有 5 列\r\n"
        )
    );
}

#[test]
fn rejects_file_without_rejected_rows_has_the_header_only() {
    let t = scoring(RULES, csv(&["甲区,p1,R1,合格,,,"])).args([
        "--skip-invalid",
        "--rejects",
        "bad.csv",
    ]);
    t.run().code(0).stderr("");
    assert_eq!(
        t.read("bad.csv"),
        "\u{feff}区县,点位,标准编号,结果,问题数,数量,得分,文件,行号,原因\r\n".as_bytes()
    );
}

#[test]
fn rejects_needs_skip_invalid() {
    let run = scoring(RULES, MIXED).args(["--rejects", "bad.csv"]).run();
    run.code(2).stdout("").stderr_has("--skip-invalid");
}

#[test]
fn skip_invalid_with_nothing_valid_is_still_an_error() {
    rejected(
        scoring(RULES, csv(&["甲区,p1,R9,合格,,,"])).arg("--skip-invalid"),
        "d.csv:2: 标准编号: warning: 测评体系中没有编号为 “R9” 的测评标准或负面清单项（是否应为“R1”？）\n\
         ceping: 读入 1 行，计分 0 行，剔除 1 行\n\
         error: 没有可计分的数据行\n\
         ceping: 发现 1 个错误、0 个警告\n",
    );
}

// --- English ------------------------------------------------------------------------

#[test]
fn messages_in_english() {
    rejected(
        scoring(
            RULES,
            csv(&[
                "甲区,p1,Q11,合格,,,",
                "甲区,p2,Q1,,,,",
                "甲区,,R1,合格,-1,,",
                "甲区,p3,G1,,,,9",
            ]),
        )
        .args(["--lang", "en"]),
        "d.csv:2: 标准编号: error: no criterion or penalty `Q11` in the standard (did you mean `Q1`?)\n\
         d.csv:3: 数量: error: `Q1` is scored by count (3 required per observation); give the count\n\
         d.csv:4: 点位: error: `R1` is a field criterion; the point must be given\n\
         d.csv:4: 问题数: error: problems `-1` is not valid; expected an integer ≥ 0\n\
         d.csv:5: 得分: error: value `9` is not valid; expected points from 0 to 5, or a grade A, B, C\n\
         ceping: 5 error(s), 0 warning(s)\n",
    );
    rejected(
        scoring(RULES, "").args(["--lang", "en"]),
        "d.csv: error: empty file: expected a header row and result rows\n\
         ceping: 1 error(s), 0 warning(s)\n",
    );
    rejected(
        Test::new().args(["--lang", "en", "score", "d.csv"]),
        "error: no standard: pass --standard or set `standard` in ceping.toml\n\
         note: run `ceping init` first to create a project, or pass --standard\n\
         ceping: 1 error(s), 0 warning(s)\n",
    );
}

#[test]
fn control_characters_in_cells_are_escaped() {
    rejects(
        csv(&["甲区,p1,R1,\"ok\x1b[31m\",,,"]),
        &lines(
            &[&format!(
                "d.csv:2: 结果: error: 无法识别的测评结果 “ok\\u{{1b}}[31m”；可用：{WORDS}"
            )],
            1,
        ),
    );
}

#[test]
fn a_header_naming_one_field_twice() {
    rejects(
        "区县,点位,标准编号,结果,测评结果\n甲区,p1,R1,合格,不合格\n",
        &lines(
            &["d.csv:1: error: 表头第 4 列和第 5 列都是 结果(result)；请删除或改名其中一列"],
            1,
        ),
    );
}

#[test]
fn a_bad_byte_early_in_a_utf8_file_is_located_not_taken_for_gbk() {
    // Within the first 64 KiB, where the encoding is detected: the file is
    // still read as UTF-8 and the byte is found in its cell.
    let mut data = HEAD.as_bytes().to_vec();
    for i in 0..20 {
        data.extend(format!("甲区,点位{i:02},R1,合格,,,\n").as_bytes());
    }
    data.extend(b"\xe7\x94\xb2\xe5\x8c\xba,p,R1,\xff,,,\n");
    rejects(
        &data,
        &lines(
            &[
                "d.csv:22: 结果: error: 含有无法解码的字节；请确认文件编码（可用 --encoding gbk 或 utf-8 指定）",
            ],
            1,
        ),
    );
}
