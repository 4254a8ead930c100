//! Regressions of issue 8 in the CSV reader and its diagnostics: an
//! unclosed quote, diagnostics quoting huge cells, rejected rows held in
//! memory, and a binary tail after a UTF-8 header.

mod common;

use std::fmt::Write as _;

use ceping::i18n::Lang;
use common::{RULES, read_lib, scoring};

// --- 1. an unclosed quote ---------------------------------------------------------

/// Six rows; the second one's last cell opens a quote that never closes.
const UNCLOSED: &str = "区县,点位,标准编号,结果\n\
                        甲区,p1,R1,合格\n\
                        甲区,p2,R1,\"合格\n\
                        甲区,p3,R1,合格\n\
                        乙区,p1,R1,不合格\n\
                        乙区,p2,R1,合格\n\
                        乙区,p3,R1,合格\n";

const UNCLOSED_ZH: &str = "引号未闭合：本行起的带引号单元格直到文件末尾都没有结束的引号（\"）；请补上结束的引号，或删去本行多余的引号";
const UNCLOSED_EN: &str = "unclosed quote: the quoted cell that starts on this line has no closing quote (\") before the end of the file; add the closing quote or remove the stray one on this line";

#[test]
fn unclosed_quote_in_the_last_column_is_an_error_at_its_line() {
    scoring(RULES, UNCLOSED)
        .args(["--round", "all"])
        .run()
        .code(2)
        .stdout("")
        .stderr(&format!(
            "d.csv:3: error: {UNCLOSED_ZH}\nceping: 发现 1 个错误、0 个警告\n"
        ));
    scoring(RULES, UNCLOSED)
        .args(["--lang", "en", "-j", "2"])
        .run()
        .code(2)
        .stderr_has(&format!("d.csv:3: error: {UNCLOSED_EN}\n"));
}

#[test]
fn unclosed_quote_is_the_same_error_whatever_the_threads_and_ranges() {
    // Enough rows after the bad one for several byte ranges.
    let mut text = UNCLOSED.to_string();
    for i in 0..40 {
        let _ = writeln!(text, "丙区,q{i},R1,合格");
    }
    let want = (
        vec![format!("d.csv:3: error: {UNCLOSED_EN}")],
        "RowCounts { read: 46, used: 45, rejected: 1 }".to_string(),
    );
    for (threads, chunk) in [(1, 0), (2, 0), (2, 16), (2, 64), (3, 100), (2, 1000)] {
        assert_eq!(
            read_lib(&text, threads, chunk, Lang::En),
            want,
            "-j{threads}, ranges of {chunk} bytes"
        );
    }
    // A stray quote in an unquoted cell before it (which the range
    // planner counts as opening a quote) changes nothing.
    let text = text.replacen("甲区,p1,R1,合格", "甲区,p\"1,R1,合格", 1);
    for (threads, chunk) in [(1, 0), (2, 16), (2, 64)] {
        assert_eq!(
            read_lib(&text, threads, chunk, Lang::En),
            want,
            "-j{threads}, ranges of {chunk} bytes, stray quote"
        );
    }
}

#[test]
fn unclosed_quote_with_skip_invalid_rejects_that_row_and_reads_the_rest() {
    let t = scoring(RULES, UNCLOSED).args([
        "--skip-invalid",
        "--rejects",
        "bad.csv",
        "-f",
        "json",
        "--round",
        "all",
    ]);
    let run = t.run();
    run.code(0).stderr(&format!(
        "d.csv:3: warning: {UNCLOSED_ZH}\nceping: 读入 6 行，计分 5 行，剔除 1 行\n"
    ));
    assert_eq!(
        run.json()["rows"],
        serde_json::json!({"read": 6, "used": 5, "rejected": 1})
    );
    let rejects = String::from_utf8(t.read("bad.csv")).expect("UTF-8");
    assert_eq!(
        rejects,
        format!(
            "\u{feff}区县,点位,标准编号,结果,文件,行号,原因\r\n\
             甲区,p2,R1,合格,d.csv,3,\"{}\"\r\n",
            UNCLOSED_ZH.replace('"', "\"\"")
        )
    );
}

#[test]
fn a_quoted_cell_over_many_lines_ending_in_another_column_count_hints_at_the_quote() {
    // The quote opened on line 3 is closed by the stray one on line 5: one
    // record of lines 3 to 5, with too many fields.
    let text = "区县,点位,标准编号,结果\n\
                甲区,p1,R1,合格\n\
                甲区,p2,R1,\"合格\n\
                甲区,p3,R1,合格\n\
                甲区\",p4,R1,合格\n\
                乙区,p1,R1,合格\n";
    scoring(RULES, text).run().code(2).stderr(
        "d.csv:3: error: 本行有 7 列，表头有 4 列；这条记录从第 3 行跨到第 5 行，引号未闭合？\n\
             ceping: 发现 1 个错误、0 个警告\n",
    );
    scoring(RULES, text)
        .args(["--lang", "en"])
        .run()
        .code(2)
        .stderr_has(
            "d.csv:3: error: this row has 7 fields, the header has 4; the record runs from line 3 to line 5: unclosed quote?\n",
        );
}

#[test]
fn a_quoted_cell_may_span_at_most_a_thousand_lines() {
    let mut text = String::from("区县,点位,标准编号,结果\n甲区,p1,R1,\"合格\n");
    for i in 0..1500 {
        let _ = writeln!(text, "甲区,q{i},R1,合格");
    }
    text.push_str("甲区,p9,R1,\"合格\n");
    for i in 0..5 {
        let _ = writeln!(text, "乙区,q{i},R1,合格");
    }
    let (diags, rows) = read_lib(&text, 1, 0, Lang::Zh);
    assert_eq!(
        diags.first().map(String::as_str),
        Some(
            "d.csv:2: error: 引号未闭合？本行起的带引号单元格跨越了 1000 行以上（一个单元格最多跨 1000 行）；请检查本行的引号"
        ),
        "{diags:#?}"
    );
    // The rows after it are read as rows, up to one whose quote never
    // closes.
    assert_eq!(
        diags.get(1).map(String::as_str),
        Some(format!("d.csv:1503: error: {UNCLOSED_ZH}").as_str())
    );
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_eq!(rows, "RowCounts { read: 1507, used: 1505, rejected: 2 }");
}

#[test]
fn a_legit_multi_line_quoted_note_still_reads() {
    let text = "区县,点位,标准编号,结果,备注\r\n\
                甲区,p1,R1,合格,\"第一行\r\n第二行，有\"\"引号\"\"\n第三行\"\r\n\
                甲区,p2,R1,不合格,\"\"\r\n\
                乙区,p1,R1,合格,\"a,b\"\r\n";
    let run = scoring(RULES, text).args(["-f", "json"]).run();
    run.code(0).stderr("");
    assert_eq!(
        run.json()["rows"],
        serde_json::json!({"read": 3, "used": 3, "rejected": 0})
    );
    let (diags, rows) = read_lib(text, 2, 16, Lang::Zh);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(rows, "RowCounts { read: 3, used: 3, rejected: 0 }");
    // After a stray quote in an unquoted cell, which the planner of byte
    // ranges counts as opening a quote (and so cuts inside the note).
    let mut text = String::from(
        "区县,点位,标准编号,结果,备注\n\
         甲区,p\"1,R1,合格,\n\
         甲区,p2,R1,合格,\"第一行\n第二行\"\n",
    );
    for i in 0..40 {
        let _ = writeln!(text, "丙区,q{i},R1,合格,");
    }
    for (threads, chunk) in [(1, 0), (2, 16), (2, 40), (3, 64)] {
        let (diags, rows) = read_lib(&text, threads, chunk, Lang::Zh);
        assert!(
            diags.is_empty(),
            "-j{threads} ranges of {chunk}: {diags:#?}"
        );
        assert_eq!(rows, "RowCounts { read: 42, used: 42, rejected: 0 }");
    }
}

// --- 3. rejected rows -------------------------------------------------------------

#[test]
fn a_run_that_fails_leaves_no_rejects_file() {
    // Nothing valid to score.
    let t = scoring(RULES, "区县,点位,标准编号,结果\n甲区,p1,R9,合格\n").args([
        "--skip-invalid",
        "--rejects",
        "bad.csv",
    ]);
    let before = t.listing("");
    t.run().code(2).stderr_has("error: 没有可计分的数据行\n");
    assert_eq!(t.listing(""), before, "a rejects file was written");
    // A round that is not in the data.
    let t = scoring(RULES, UNCLOSED).args([
        "--skip-invalid",
        "--rejects",
        "bad.csv",
        "--round",
        "第9轮",
    ]);
    let before = t.listing("");
    t.run().code(2).stderr_has("error: 数据中没有批次 “第9轮”");
    assert_eq!(t.listing(""), before, "a rejects file was written");
}

#[test]
fn many_rejected_rows_come_out_in_order_whatever_the_threads() {
    // Rows rejected for a bad result, an unknown criterion, a duplicate
    // (found by the second pass) and a bad field count, over two files.
    let mut d = String::from("区县,点位,标准编号,结果\n");
    let mut e = String::from("点位,区县,标准编号,结果,备注\n");
    for i in 0..3000 {
        let _ = match i % 5 {
            0 => writeln!(d, "甲区,p{i},R1,好"),
            1 => writeln!(d, "甲区,p{i},R9,合格"),
            2 => writeln!(d, "甲区,p1,R1,合格"),
            3 => writeln!(d, "甲区,p{i},R1"),
            _ => writeln!(d, "甲区,p{i},R1,合格"),
        };
        let _ = writeln!(e, "q{i},乙区,R1,{},说明{i}", ["坏", "合格"][i % 2]);
    }
    let mut outputs = Vec::new();
    for threads in ["1", "2", "3"] {
        let t = scoring(RULES, &d).file("e.csv", &e).args([
            "e.csv",
            "--skip-invalid",
            "--rejects",
            "bad.csv",
            "-o",
            "out.json",
            "-j",
            threads,
        ]);
        t.run().code(0);
        outputs.push(String::from_utf8(t.read("bad.csv")).expect("UTF-8"));
    }
    let rows: Vec<&str> = outputs[0].split("\r\n").collect();
    // The header, 600 + 600 + 599 + 600 rows of d.csv (the first 甲区,p1,R1
    // row is kept), 1500 of e.csv, and the empty end.
    assert_eq!(rows.len(), 1 + 2399 + 1500 + 1);
    assert_eq!(
        rows[0],
        "\u{feff}区县,点位,标准编号,结果,备注,文件,行号,原因"
    );
    assert!(
        rows[1].starts_with("甲区,p0,R1,好,,d.csv,2,"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].starts_with("甲区,p1,R9,合格,,d.csv,3,"),
        "{}",
        rows[2]
    );
    assert_eq!(rows[3], "甲区,p3,R1,,,d.csv,5,本行有 3 列，表头有 4 列");
    assert_eq!(
        rows[6],
        "甲区,p1,R1,合格,,d.csv,9,同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:4"
    );
    assert!(
        rows[2400].starts_with("乙区,q0,R1,坏,说明0,e.csv,2,"),
        "{}",
        rows[2400]
    );
    assert_eq!(outputs[1], outputs[0], "-j2");
    assert_eq!(outputs[2], outputs[0], "-j3");
}

// --- 2. what a diagnostic quotes ----------------------------------------------------

#[test]
fn a_diagnostic_quotes_at_most_a_hundred_characters_of_a_cell() {
    let long = "好".repeat(150);
    let shown = format!("{}…", "好".repeat(100));
    scoring(
        RULES,
        format!("区县,点位,标准编号,结果\n甲区,p1,R1,{long}\n"),
    )
    .run()
    .code(2)
    .stderr_has(&format!(
        "d.csv:2: 结果: error: 无法识别的测评结果 “{shown}”；可用："
    ));
}

#[test]
fn unknown_columns_are_listed_twenty_at_most_each_cut_short() {
    let mut header = String::from("区县,点位,标准编号,结果");
    let long = "x".repeat(5000);
    let _ = write!(header, ",{long}");
    for i in 0..30 {
        let _ = write!(header, ",备注{i}");
    }
    let row = format!("甲区,p1,R1,合格{}", ",".repeat(31));
    let run = scoring(RULES, format!("{header}\n{row}\n"))
        .args(["-o", "out.json"])
        .run();
    let names: Vec<String> = std::iter::once(format!("{}…", "x".repeat(100)))
        .chain((0..19).map(|i| format!("备注{i}")))
        .collect();
    run.code(0).stderr(&format!(
        "d.csv:1: note: 以下列未识别，已忽略：{}，另有 11 个\n",
        names.join(", ")
    ));
    scoring(RULES, format!("{header}\n{row}\n"))
        .args(["-o", "out.json", "--lang", "en"])
        .run()
        .code(0)
        .stderr_has(", 备注18, and 11 more\n");
}

#[test]
fn rounds_are_listed_twenty_at_most() {
    let mut text = String::from("批次,区县,点位,标准编号,结果\n");
    for i in 0..25 {
        let _ = writeln!(text, "R{i:02},甲区,p1,R1,合格");
    }
    let rounds: Vec<String> = (0..20).map(|i| format!("R{i:02}")).collect();
    scoring(RULES, text).run().code(2).stderr_has(&format!(
        "error: 数据包含多个批次：{}，另有 5 个；请用 --round",
        rounds.join(", ")
    ));
}

// --- 4. bytes that are not text after a UTF-8 header --------------------------------

#[test]
fn binary_after_a_utf8_header_is_reported_where_it_is_not_as_a_garbled_header() {
    let mut data = "区县,点位,标准编号,结果\n甲区,p1,R1,合格\n"
        .as_bytes()
        .to_vec();
    data.extend((0..3000u32).map(|i| u8::try_from((i * 37 + 11) % 256).unwrap_or(0)));
    let run = scoring(RULES, &data).run();
    run.code(2).stderr_has(
        "d.csv:3: error: 含有无法解码的字节；请确认文件编码（可用 --encoding gbk 或 utf-8 指定）\n",
    );
    assert!(!run.stderr.contains("表头"), "{}", run.stderr);
    assert!(!run.stderr.contains("鍖哄幙"), "{}", run.stderr);
}

// --- 5. lone CR line ends, blank lines before the header, stray quotes -------------

/// Forty rows after `header`, with `end` for line ends; row 3 repeats
/// row 2 (the same observation imported twice) and row 5 names no
/// criterion.
fn rows_with(header: &str, end: &str) -> String {
    let mut text = format!("{header}区县,点位,标准编号,结果{end}");
    for i in 0..40 {
        let point = if i == 1 { 0 } else { i };
        let criterion = if i == 3 { "R9" } else { "R1" };
        let _ = write!(text, "甲区,p{point},{criterion},合格{end}");
    }
    text
}

/// The errors every reading of [`rows_with`] must give, its header on
/// line `header_line`, and the row counts.
fn rows_with_want(header_line: u64) -> (Vec<String>, String) {
    let (dup, bad) = (header_line + 2, header_line + 4);
    (
        vec![
            format!(
                "d.csv:{dup}: 标准编号: error: the same observation (round, district, point, criterion, date) imported twice; first at d.csv:{}",
                header_line + 1
            ),
            format!(
                "d.csv:{bad}: 标准编号: error: no criterion or penalty `R9` in the standard (did you mean `R1`?)"
            ),
        ],
        "RowCounts { read: 40, used: 38, rejected: 2 }".to_string(),
    )
}

#[test]
fn lone_cr_line_ends_locate_rows_and_find_the_same_row_twice() {
    // Before: every row on line 1, and the repeated row counted twice.
    let text = "区县,点位,标准编号,结果\r甲区,p1,R1,合格\r甲区,p1,R1,合格\r\r甲区,p2,R9,合格\r";
    scoring(RULES, text).run().code(2).stderr(
        "d.csv:3: 标准编号: error: 同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.csv:2\n\
         d.csv:5: 标准编号: error: 测评体系中没有编号为 “R9” 的测评标准或负面清单项（是否应为“R1”？）\n\
         ceping: 发现 2 个错误、0 个警告\n",
    );
    assert_eq!(
        read_lib(&rows_with("", "\r"), 1, 0, Lang::En),
        rows_with_want(1)
    );
}

#[test]
fn lone_cr_line_ends_read_the_same_in_byte_ranges() {
    // Before: with byte ranges, no row at all.
    let text = rows_with("", "\r");
    for (threads, chunk) in [(1, 0), (2, 16), (2, 64), (3, 200)] {
        assert_eq!(
            read_lib(&text, threads, chunk, Lang::En),
            rows_with_want(1),
            "-j{threads}, ranges of {chunk} bytes"
        );
    }
}

#[test]
fn blank_lines_before_the_header_read_the_same_in_byte_ranges() {
    // Before: the blank line was taken for the header in byte ranges.
    for (header, line) in [
        ("\n", 2),
        ("\r\n\n", 3),
        ("sep=,\n\n", 3),
        ("\u{feff}\u{feff}\n", 2),
    ] {
        let text = rows_with(header, "\n");
        for (threads, chunk) in [(1, 0), (2, 16), (2, 64)] {
            assert_eq!(
                read_lib(&text, threads, chunk, Lang::En),
                rows_with_want(line),
                "{header:?}: -j{threads}, ranges of {chunk} bytes"
            );
        }
    }
}

#[test]
fn quotes_where_csv_gives_them_no_meaning_read_the_same_in_byte_ranges() {
    // Before: the range planner counted every quote, so one inside a
    // field (here in the header) lost rows or split records.
    let good = rows_with("", "\n");
    let cases = [
        good.replacen("结果", "结\"果", 1),
        good.replacen("甲区,p7,", "甲区,p\"7,", 1),
        good.replacen("甲区,p7,", "甲区,\"p\"7,", 1),
        good.replacen("甲区,p7,R1,合格\n", "甲区,p7,R1,\"合\n格\"\n", 1),
    ];
    for text in &cases {
        let one = read_lib(text, 1, 0, Lang::En);
        for (threads, chunk) in [(2, 16), (2, 64), (3, 200)] {
            assert_eq!(
                read_lib(text, threads, chunk, Lang::En),
                one,
                "{text:?}: -j{threads}, ranges of {chunk} bytes"
            );
        }
    }
}
