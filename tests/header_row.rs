//! The header row (issue 10): the first of the first 10 rows that names the
//! required columns, for CSV as for workbooks; rows above it (a title) are
//! skipped with a note; `--header-row N` overrides.

mod common;

use std::fmt::Write as _;

use ceping::i18n::Lang;
use common::{HEAD, RULES, csv, read_lib, scoring};

const ROWS: &[&str] = &[
    "东区,P1,R1,合格,,,",
    "东区,P2,R1,不合格,,,",
    "西区,P3,R1,合格,,,",
];

fn with_title(titles: &[&str]) -> String {
    let mut s = String::new();
    for t in titles {
        s.push_str(t);
        s.push('\n');
    }
    s.push_str(&csv(ROWS));
    s
}

fn json(data: &str, extra: &[&str]) -> (serde_json::Value, String) {
    let run = scoring(RULES, data).args(["-f", "json"]).args(extra).run();
    run.code(0);
    (run.json(), run.stderr.clone())
}

#[test]
fn a_title_row_above_the_header_is_skipped_with_a_note() {
    let (plain, quiet) = json(&csv(ROWS), &[]);
    assert_eq!(quiet, "");
    let (titled, said) = json(&with_title(&["2024年第1轮 文明城市测评表,,,,,,"]), &[]);
    assert_eq!(
        said,
        "d.csv:2: note: 跳过表头上方的 1 行（标题等），表头在此行\n"
    );
    assert_eq!(titled["city"], plain["city"]);
    assert_eq!(titled["districts"], plain["districts"]);
    assert_eq!(titled["rows"], plain["rows"]);
}

#[test]
fn two_title_rows_and_a_blank_one() {
    let data = with_title(&[
        "梁园区测评表",
        ",,,,,,",
        "填报单位：区文明办,,日期：2024-03-05",
    ]);
    let (v, said) = json(&data, &["--lang", "en"]);
    assert_eq!(
        said,
        "d.csv:4: note: skipped 2 row(s) above the header (a title), which is on this row\n"
    );
    assert_eq!(v["rows"]["used"], 3);
}

#[test]
fn errors_after_a_title_row_name_the_real_lines() {
    let data = with_title(&["测评表"]).replace("东区,P2,R1,不合格", "东区,P2,R1,还行");
    scoring(RULES, data)
        .run()
        .code(2)
        .stderr_has("d.csv:4: 结果: error: 无法识别的测评结果 “还行”");
}

#[test]
fn the_rejects_file_of_a_titled_csv_has_the_real_header_and_lines() {
    let data = with_title(&["测评表"]).replace("东区,P2,R1,不合格", "东区,P2,R1,还行");
    let t = scoring(RULES, data).args(["--skip-invalid", "--rejects", "r.csv"]);
    t.run().code(0);
    let rejects = String::from_utf8(t.read("r.csv")).expect("utf-8");
    let mut lines = rejects.lines();
    assert_eq!(
        lines.next(),
        Some(format!("\u{feff}{},文件,行号,原因", HEAD.trim_end()).as_str())
    );
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("东区,P2,R1,还行,,,,d.csv,4,")),
        "{rejects}"
    );
}

#[test]
fn header_row_overrides_the_search() {
    // Row 1 names the columns too, but the header is asked for on row 2.
    let data = format!("{HEAD}{}", csv(ROWS));
    let (v, said) = json(&data, &["--header-row", "2"]);
    assert_eq!(
        said,
        "d.csv:2: note: 跳过表头上方的 1 行（标题等），表头在此行\n"
    );
    assert_eq!(v["rows"]["used"], 3);
    // A row that is no header: its missing columns, as for any header.
    scoring(RULES, with_title(&["测评表"]))
        .args(["--header-row", "1"])
        .run()
        .code(2)
        .stderr_has("d.csv:1: error: 表头缺少必需的列：区县(district)");
    // A row past the end.
    scoring(RULES, csv(ROWS))
        .args(["--header-row", "9"])
        .run()
        .code(2)
        .stderr_has("d.csv: error: --header-row 9：没有第 9 行");
}

#[test]
fn no_header_in_the_first_ten_rows_reads_the_first_row_as_before() {
    let titles: Vec<String> = (1..=10).map(|i| format!("说明{i}")).collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    scoring(RULES, with_title(&titles))
        .run()
        .code(2)
        .stderr_has("d.csv:1: error: 表头缺少必需的列：区县(district)");
}

#[test]
fn the_sep_line_stays_a_line_of_its_own() {
    let data =
        format!("sep=,\n测评表\n{}", csv(ROWS)).replace("东区,P2,R1,不合格", "东区,P2,R1,还行");
    scoring(RULES, data)
        .run()
        .code(2)
        .stderr_has("d.csv:3: note: 跳过表头上方的 1 行")
        .stderr_has("d.csv:5: 结果: error: 无法识别的测评结果 “还行”");
}

#[test]
fn a_titled_csv_cut_into_byte_ranges_is_read_whole() {
    // Large enough to be cut into ranges of 256 bytes, were it not for the
    // title: the rows above the header are not a range's header.
    let mut data = String::from("测评表\n");
    data.push_str(HEAD);
    for i in 0..300 {
        let _ = writeln!(data, "东区,P{i},R1,合格,,,");
    }
    data.push_str("东区,P9,R1,还行,,,\n");
    let one = read_lib(&data, 1, 0, Lang::Zh);
    assert_eq!(one.1, "RowCounts { read: 301, used: 300, rejected: 1 }");
    assert_eq!(
        one.0,
        [
            "d.csv:2: note: 跳过表头上方的 1 行（标题等），表头在此行",
            "d.csv:303: 结果: error: 无法识别的测评结果 “还行”；可用：合格/pass/是/√/✓/y/1; 不合格/fail/否/×/✗/n/0; 严重不合格/severe; 不适用/na/-; 无法调查/拒访/unobservable",
        ]
    );
    assert_eq!(read_lib(&data, 4, 256, Lang::Zh), one);
}
