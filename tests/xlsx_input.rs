//! Workbooks as inputs (issue 10): xlsx made here with `rust_xlsxwriter` give
//! the report the same rows as CSV give, and each workbook-specific problem is
//! located at its file, sheet and cell.

mod common;

use common::{RULES, Test, xlsx};

const HEAD: &[&str] = &[
    "批次",
    "日期",
    "区县",
    "点位",
    "标准编号",
    "结果",
    "问题数",
    "数量",
    "得分",
];

/// The rows of the workbooks below, as CSV.
const CSV: &str = "批次,日期,区县,点位,标准编号,结果,问题数,数量,得分
第1轮,2024-03-05,东区,P1,R1,合格,,,
第1轮,2024-03-05,东区,P1,D1,不合格,2,,
第1轮,2024-03-06,东区,P2,Q1,,,3,
第1轮,2024-03-06,东区,P2,R1,不合格,,,
第1轮,2024-03-06,西区,P3,R1,不合格,,,
第1轮,2024-03-07,西区,P3,G1,,,,B
第1轮,2024-03-07,西区,P4,R2,合格,,,
";

/// The same rows in two sheets: 东区 under a merged title row, its dates as
/// serials formatted as dates, a full-width id, a count stored as 3.0 and a
/// problem count made by a formula; 西区 with its dates as text.
fn workbook() -> Vec<u8> {
    xlsx(&[
        (
            "东区",
            &[
                &["2024年第1轮 测评表"],
                HEAD,
                &["第1轮", "d:45356", "东区", "P1", "R1", "合格", "", "", ""],
                &[
                    "第1轮",
                    "d:45356",
                    "东区",
                    "P1",
                    "Ｄ１",
                    "不合格",
                    "f:=1+1|2",
                    "",
                    "",
                ],
                &["第1轮", "d:45357", "东区", "P2", "Q1", "", "", "n:3.0", ""],
                &["第1轮", "d:45357", "东区", "P2", "R1", "不合格", "", "", ""],
            ],
        ),
        (
            "西区",
            &[
                HEAD,
                &[
                    "第1轮",
                    "2024/3/6",
                    "西区",
                    "P3",
                    "R1",
                    "不合格",
                    "",
                    "",
                    "",
                ],
                &["第1轮", "2024-03-07", "西区", "P3", "G1", "", "", "", "B"],
                &[
                    "第1轮",
                    "2024年3月7日",
                    "西区",
                    "P4",
                    "R2",
                    "合格",
                    "",
                    "",
                    "",
                ],
                // Empty trailing rows are no rows.
                &["", "", "", "", "", "", "", "", ""],
            ],
        ),
    ])
}

fn report(t: &Test) -> serde_json::Value {
    let run = t.run();
    run.code(0);
    run.json()
}

#[test]
fn a_workbook_scores_as_the_same_rows_in_csv() {
    let from_csv = report(
        &Test::new()
            .file("s.toml", RULES)
            .file("d.csv", CSV)
            .args(["score", "d.csv", "-s", "s.toml", "-f", "json"]),
    );
    let t = Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", workbook())
        .args(["score", "d.xlsx", "-s", "s.toml", "-f", "json"]);
    let run = t.run();
    run.code(0)
        .stderr_has("d.xlsx[东区]:2: note: 跳过表头上方的 1 行");
    let from_xlsx = run.json();
    assert_eq!(from_xlsx["city"], from_csv["city"]);
    assert_eq!(from_xlsx["districts"], from_csv["districts"]);
    assert_eq!(from_xlsx["criteria"], from_csv["criteria"]);
    // Each sheet is an input of its own, hashed as the workbook file.
    let inputs = from_xlsx["inputs"].as_array().expect("inputs");
    let shown: Vec<(&str, &str, u64)> = inputs
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap_or_default(),
                i["encoding"].as_str().unwrap_or_default(),
                i["rows"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [("d.xlsx[东区]", "xlsx", 4), ("d.xlsx[西区]", "xlsx", 3)]
    );
    assert_eq!(inputs[0]["sha256"], inputs[1]["sha256"]);
    assert_eq!(inputs[0]["sha256"].as_str().map(str::len), Some(64));
}

#[test]
fn a_directory_reads_csv_and_workbooks_and_skips_lock_files() {
    let t = Test::new()
        .file("s.toml", RULES)
        .file("data/a.xlsx", workbook())
        .file("data/~$a.xlsx", b"lock")
        .file("data/说明.txt", "not an input")
        .args(["score", "data", "-s", "s.toml", "-f", "json"]);
    let run = t.run();
    run.code(0).stderr_has("data/~$a.xlsx: note: ");
    let v = run.json();
    assert_eq!(v["rows"]["used"], 7);
}

#[test]
fn one_sheet_by_name() {
    let t = Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", workbook())
        .args([
            "score", "d.xlsx", "-s", "s.toml", "-f", "json", "--sheet", "西区",
        ]);
    let v = report(&t);
    assert_eq!(v["rows"]["used"], 3);
    assert_eq!(v["inputs"][0]["path"], "d.xlsx[西区]");
}

#[test]
fn an_unknown_sheet_is_an_error_listing_the_sheets() {
    Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", workbook())
        .args(["score", "d.xlsx", "-s", "s.toml", "--sheet", "第9轮"])
        .run()
        .code(2)
        .stderr_has("d.xlsx: error: 没有名为“第9轮”的工作表；工作表有：东区, 西区");
}

/// 区县, 标准编号, 结果 in columns A to C: 15 valid rows, then a `#N/A` in
/// 结果 on row 17 and a `#DIV/0!` in a column ceping does not read.
fn with_error_cells() -> Vec<u8> {
    let points: Vec<String> = (2..=18).map(|r| format!("P{r}")).collect();
    let mut rows: Vec<Vec<&str>> = vec![vec!["区县", "标准编号", "结果", "点位", "其他"]];
    for p in &points[..15] {
        rows.push(vec!["东区", "R1", "合格", p, ""]);
    }
    rows.push(vec![
        "东区",
        "R1",
        "f:=VLOOKUP(A17,X:Y,2,0)|#N/A",
        &points[15],
        "",
    ]);
    rows.push(vec!["东区", "R1", "合格", &points[16], "f:=1/0|#DIV/0!"]);
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    xlsx(&[("第1轮", &rows)])
}

#[test]
fn a_formula_error_in_a_read_column_is_located_at_its_cell() {
    let data = with_error_cells();
    Test::new()
        .file("s.toml", RULES)
        .file("01-梁园区.xlsx", &data)
        .args(["score", "01-梁园区.xlsx", "-s", "s.toml"])
        .run()
        .code(2)
        .stderr_has(
            "01-梁园区.xlsx[第1轮]!C17: 结果: error: 单元格是公式错误 #N/A，不是数据；请修正公式或填入值",
        );
    // Skipped with --skip-invalid, and written to the rejects file; the
    // #DIV/0! in an unknown column costs nothing.
    let t = Test::new()
        .file("s.toml", RULES)
        .file("01-梁园区.xlsx", &data)
        .args([
            "score",
            "01-梁园区.xlsx",
            "-s",
            "s.toml",
            "--skip-invalid",
            "--rejects",
            "r.csv",
            "-f",
            "json",
            "--lang",
            "en",
        ]);
    let run = t.run();
    run.code(0).stderr_has(
        "01-梁园区.xlsx[第1轮]!C17: 结果: warning: the cell holds the formula error #N/A",
    );
    let v = run.json();
    assert_eq!(
        (v["rows"]["read"].as_u64(), v["rows"]["used"].as_u64()),
        (Some(17), Some(16))
    );
    let rejects = String::from_utf8(t.read("r.csv")).expect("utf-8");
    assert!(
        rejects.contains("东区,R1,#N/A,P17,,01-梁园区.xlsx[第1轮],17,"),
        "{rejects}"
    );
}

#[test]
fn a_duplicate_names_the_sheet_row_first_seen() {
    let rows: &[&[&str]] = &[
        &["区县", "点位", "标准编号", "结果"],
        &["东区", "P1", "R1", "合格"],
    ];
    let data = xlsx(&[("第1轮", rows), ("第2轮", rows)]);
    Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", data)
        .args(["score", "d.xlsx", "-s", "s.toml"])
        .run()
        .code(2)
        .stderr_has("d.xlsx[第2轮]!C2: 标准编号: error: 同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 d.xlsx[第1轮]:2");
}

#[test]
fn a_file_that_is_no_workbook_is_an_error_naming_it() {
    let mut truncated = workbook();
    truncated.truncate(truncated.len() / 2);
    let mut noise = Vec::new();
    let mut x: u32 = 12_345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        noise.push(x.to_le_bytes()[2]);
    }
    for (name, bytes) in [
        ("renamed.xlsx", CSV.as_bytes().to_vec()),
        ("truncated.xlsx", truncated),
        ("noise.xlsx", noise.clone()),
        ("noise.xls", noise.clone()),
        ("noise.ods", noise),
        ("empty.xlsx", Vec::new()),
    ] {
        let kind = name.rsplit('.').next().unwrap_or_default();
        let run = Test::new()
            .file("s.toml", RULES)
            .file(name, bytes)
            .args(["score", name, "-s", "s.toml"])
            .run();
        run.code(2)
            .stderr_has(&format!("{name}: error: 不是可读取的 {kind} 工作簿（"));
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_sheet_without_a_header_is_skipped_with_a_note() {
    let data = xlsx(&[
        ("说明", &[&["本表由区文明办填报"], &["联系人", "张三"]]),
        (
            "第1轮",
            &[
                &["区县", "点位", "标准编号", "结果"],
                &["东区", "P1", "R1", "合格"],
            ],
        ),
    ]);
    let run = Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", data)
        .args(["score", "d.xlsx", "-s", "s.toml", "-f", "json"])
        .run();
    run.code(0).stderr_has(
        "d.xlsx[说明]: note: 前 10 行中没有表头（含 区县、标准编号、结果 的行），已跳过此工作表",
    );
    assert_eq!(run.json()["inputs"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_workbook_without_any_header_is_an_error() {
    let data = xlsx(&[
        ("说明", &[&["本表由区文明办填报"]]),
        (
            "数据",
            &[&["地区", "编号", "评价"], &["东区", "R1", "合格"]],
        ),
    ]);
    Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", data)
        .args(["score", "d.xlsx", "-s", "s.toml"])
        .run()
        .code(2)
        .stderr_has("d.xlsx: error: 没有一个工作表在前 10 行中有表头（含 区县、标准编号、结果 的行）；工作表有：说明, 数据");
    // The sheet asked for is read from its first row: its columns are
    // what is missing.
    Test::new()
        .file("s.toml", RULES)
        .file(
            "d.xlsx",
            xlsx(&[(
                "数据",
                &[&["地区", "编号", "结果"], &["东区", "R1", "合格"]],
            )]),
        )
        .args(["score", "d.xlsx", "-s", "s.toml", "--sheet", "数据"])
        .run()
        .code(2)
        .stderr_has("d.xlsx[数据]:1: error: 表头缺少必需的列：区县(district)");
}

#[test]
fn header_row_picks_the_header_of_a_sheet() {
    let data = xlsx(&[(
        "第1轮",
        &[
            &["区县", "点位", "标准编号", "结果"],
            &["区县", "点位", "标准编号", "结果"],
            &["东区", "P1", "R1", "合格"],
        ],
    )]);
    let run = Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", data)
        .args([
            "score",
            "d.xlsx",
            "-s",
            "s.toml",
            "--header-row",
            "2",
            "-f",
            "json",
        ])
        .run();
    run.code(0)
        .stderr_has("d.xlsx[第1轮]:2: note: 跳过表头上方的 1 行");
    assert_eq!(run.json()["rows"]["used"], 1);
}

#[test]
fn damaged_workbooks_never_panic() {
    let good = workbook();
    let mut t = Test::new().file("s.toml", RULES);
    let mut args = vec!["score".to_string(), "-s".into(), "s.toml".into()];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..120 {
        let mut bytes = good.clone();
        let len = bytes.len() as u64;
        match i % 3 {
            // A few bytes changed anywhere.
            0 => {
                for _ in 0..=(next() % 8) {
                    let at = usize::try_from(next() % len).unwrap_or(0);
                    bytes[at] = next().to_le_bytes()[0];
                }
            }
            // Cut short.
            1 => bytes.truncate(usize::try_from(next() % len).unwrap_or(0)),
            // A run of bytes zeroed.
            _ => {
                let at = usize::try_from(next() % len).unwrap_or(0);
                let end = (at + 64).min(bytes.len());
                bytes[at..end].fill(0);
            }
        }
        let name = format!("m{i}.xlsx");
        t = t.file(&name, bytes);
        args.push(name);
    }
    let run = t.args(args).run();
    assert!(
        matches!(run.code, 0 | 2),
        "exit {}:\n{}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // Every damaged file was looked at: each is read or named in an error.
    assert!(run.stderr.lines().count() > 20, "{}", run.stderr);
}

#[test]
fn ceping_toml_reads_data_star_filtered_to_input_files() {
    let csv = "批次,区县,点位,标准编号,结果\n第1轮,西区,P9,R1,合格\n";
    for config in [
        "standard = \"s.toml\"\ninputs = [\"data/*\"]\n",
        // Without `inputs`: the data folder.
        "standard = \"s.toml\"\n",
    ] {
        let run = Test::new()
            .file("s.toml", RULES)
            .file("ceping.toml", config)
            .file("data/a.xlsx", workbook())
            .file("data/b.csv", csv)
            .file("data/说明.docx", b"PK\x03\x04 not an input")
            .file("data/notes.txt", "not an input")
            .args(["score", "-f", "json"])
            .run();
        run.code(0);
        let v = run.json();
        assert_eq!(
            common::strings(&v, "inputs", "path"),
            ["data/a.xlsx[东区]", "data/a.xlsx[西区]", "data/b.csv"],
            "{config}"
        );
    }
}

#[test]
fn workbooks_read_on_several_threads_give_the_same_report() {
    let csv = "批次,区县,点位,标准编号,结果\n第1轮,南区,P9,R1,合格\n";
    let run = |j: &str| {
        let t = Test::new()
            .file("s.toml", RULES)
            .file("a.xlsx", workbook())
            .file("b.csv", csv)
            .file("c.xlsx", with_error_cells())
            .file("d.xlsx", workbook())
            .args([
                "score", "a.xlsx", "b.csv", "c.xlsx", "d.xlsx", "-s", "s.toml",
            ])
            .args(["--round", "all", "--skip-invalid", "-f", "json", "-j", j]);
        let run = t.run();
        run.code(0);
        (run.json(), run.stderr.clone())
    };
    let one = run("1");
    assert!(
        one.1.contains("c.xlsx[第1轮]!C17: 结果: warning: "),
        "{}",
        one.1
    );
    assert!(
        one.1
            .contains("d.xlsx[东区]!E3: 标准编号: warning: 同一观测"),
        "{}",
        one.1
    );
    for j in ["2", "4"] {
        let other = run(j);
        assert_eq!(other.1, one.1, "-j {j}");
        assert_eq!(other.0["inputs"], one.0["inputs"], "-j {j}");
        assert_eq!(other.0["districts"], one.0["districts"], "-j {j}");
        assert_eq!(other.0["city"], one.0["city"], "-j {j}");
    }
}

#[test]
fn a_workbook_with_a_password_is_named_as_such() {
    // What Excel saves with a password: an OLE container, not a zip (its
    // streams do not matter here).
    let mut bytes = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    bytes.resize(4096, 0);
    Test::new()
        .file("s.toml", RULES)
        .file("密.xlsx", bytes)
        .args(["score", "密.xlsx", "-s", "s.toml"])
        .run()
        .code(2)
        .stderr_has("密.xlsx: error: 工作簿设有密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存");
}

#[test]
fn merged_header_cells_and_cells_beyond_the_header_are_fine() {
    // 结果 merged over D1:E1 (its value in D1 alone), a boolean in a column
    // ceping does not read, and cells right of the header's last one.
    let data = xlsx(&[(
        "第1轮",
        &[
            &["区县", "点位", "标准编号", "结果", "", "已复核"],
            &["东区", "P1", "R1", "合格", "", "b:true", "", "备忘"],
            &["东区", "P2", "R1", "不合格", "", "b:false"],
        ],
    )]);
    let run = Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", data)
        .args(["score", "d.xlsx", "-s", "s.toml", "-f", "json"])
        .run();
    run.code(0);
    let v = run.json();
    assert_eq!(v["rows"]["used"], 2);
    assert_eq!(common::district_score(&v, "东区"), "50.00");
}

#[test]
fn a_workbook_of_empty_sheets_is_an_empty_file() {
    Test::new()
        .file("s.toml", RULES)
        .file("d.xlsx", xlsx(&[("Sheet1", &[]), ("Sheet2", &[])]))
        .args(["score", "d.xlsx", "-s", "s.toml"])
        .run()
        .code(2)
        .stderr_has("d.xlsx: error: 文件为空：应有一行表头和若干行检查结果");
}

#[test]
fn a_workbook_on_standard_input_is_read_as_one() {
    let run = Test::new()
        .file("s.toml", RULES)
        .stdin(workbook())
        .args(["score", "-", "-s", "s.toml", "-f", "json"])
        .run();
    run.code(0);
    assert_eq!(
        common::strings(&run.json(), "inputs", "path"),
        ["-[东区]", "-[西区]"]
    );
}
