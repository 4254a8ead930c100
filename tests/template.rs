//! `ceping template`: a blank inspection sheet that `ceping score` reads
//! as it is once filled in (CSV and xlsx), drop-downs in the workbook,
//! districts from the project or `--district`, and the errors.

mod common;

use std::io::Read as _;

use common::fill::Filled;
use common::{Test, shipped};

const STANDARD: &str = "national-prefecture";

/// A project of two districts on the shipped national standard.
fn project() -> Test {
    Test::new().copy(&shipped(STANDARD), "std").file(
        "ceping.toml",
        "standard = \"std\"\ndistricts = [\"东区\", \"西区\"]\n\n[aliases.district]\n\"东城区\" = \"东区\"\n",
    )
}

fn standard() -> ceping::standard::Standard {
    ceping::standard::load(&shipped(STANDARD))
        .standard
        .expect("shipped standard")
}

/// Fill a row in as an inspector would: a point for a field criterion
/// (one per district, point type and criterion), the date, the result,
/// and the count a quota needs.
fn fill(st: &ceping::standard::Standard, district: &str, point_type: &str, id: &str) -> Filled {
    let c = st
        .criteria
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("criterion {id} in the template is the standard's"));
    let result = if district == "西区" && id == st.criteria[0].id {
        "不合格"
    } else {
        "合格"
    };
    Filled {
        point: c.field.then(|| format!("{district}{point_type}1号")),
        date: "2024-03-05",
        result,
        count: match c.rule {
            ceping::standard::Rule::Quota { required, .. } => Some(required),
            _ => None,
        },
    }
}

/// The city's and each district's score in a `score -f json` report.
fn scores(json: &str) -> (f64, Vec<(String, f64, u64)>) {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    let city = v["city"]["score"].as_f64().expect("city score");
    let districts = v["districts"]
        .as_array()
        .expect("districts")
        .iter()
        .map(|d| {
            (
                d["name"].as_str().expect("name").to_string(),
                d["score"].as_f64().expect("score"),
                d["criteria"].as_u64().expect("criteria"),
            )
        })
        .collect();
    (city, districts)
}

/// Scored as filled in: 东区 full marks on every criterion; 西区 fails the
/// first criterion, and only that.
#[track_caller]
fn assert_scored(file: &str, bytes: Vec<u8>) {
    let run = project()
        .file(file, bytes)
        .args(["score", file, "--round", "2024年第1轮", "-f", "json"])
        .run();
    run.code(0);
    let (city, districts) = scores(&run.stdout);
    assert!(city < 100.0 && city > 95.0, "{}", run.stdout);
    let criteria = standard().criteria.len() as u64;
    let east = districts.iter().find(|d| d.0 == "东区").expect("东区");
    let west = districts.iter().find(|d| d.0 == "西区").expect("西区");
    assert!((east.1 - 100.0).abs() < 1e-9, "{}", run.stdout);
    assert_eq!(east.2, criteria);
    assert!(west.1 < 100.0 && west.1 > 90.0, "{}", run.stdout);
    assert_eq!(west.2, criteria);
    // The criterion-text column is read past without a note: a filled-in
    // template scores with nothing on stderr.
    assert_eq!(run.stderr, "");
}

#[test]
fn a_filled_in_csv_template_is_scored() {
    let t = project().args(["template", "--round", "2024年第1轮", "-o", "测评表.csv"]);
    t.run().code(0).stdout("").stderr("");
    let bytes = t.read("测评表.csv");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with a BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().expect("header").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "批次",
            "区县",
            "点位类型",
            "标准编号",
            "测评内容",
            "点位",
            "日期",
            "结果",
            "问题数",
            "数量",
            "得分",
            "问题描述",
            "检查人"
        ]
    );
    let st = standard();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&headers).expect("write");
    let mut rows = 0;
    for record in reader.records() {
        let r = record.expect("record");
        assert_eq!(&r[0], "2024年第1轮");
        let filled = fill(&st, &r[1], &r[2], &r[3]);
        let count = filled.count.map(|c| c.to_string()).unwrap_or_default();
        let mut cells: Vec<String> = r.iter().map(str::to_string).collect();
        cells[5] = filled.point.unwrap_or_default();
        cells[6] = filled.date.into();
        cells[7] = filled.result.into();
        cells[9] = count;
        out.write_record(&cells).expect("write");
        rows += 1;
    }
    // Two districts; each field criterion once per point type.
    let per_district: usize = st
        .criteria
        .iter()
        .map(|c| {
            if c.field {
                c.point_types.len().max(1)
            } else {
                1
            }
        })
        .sum();
    assert_eq!(rows, 2 * per_district);
    assert_scored("filled.csv", out.into_inner().expect("csv"));
}

#[test]
fn a_filled_in_workbook_template_is_scored() {
    let t = project().args(["template", "--round", "2024年第1轮", "-o", "测评表.xlsx"]);
    t.run().code(0).stdout("").stderr("");
    let bytes = t.read("测评表.xlsx");

    let st = standard();
    let filled = common::fill::workbook(&bytes, "2024年第1轮", |district, point_type, id| {
        fill(&st, district, point_type, id)
    });
    assert_scored("filled.xlsx", filled);
}

/// A part of a workbook (a zip archive), as text.
fn part(book: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

#[test]
fn the_workbook_has_drop_downs_frozen_header_and_dates() {
    let t = project().args(["template", "-o", "t.xlsx"]);
    t.run().code(0);
    let book = t.read("t.xlsx");
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<dataValidation ").count(), 3, "{sheet}");
    // 结果, 区县 and 点位类型.
    assert!(sheet.contains("<formula1>\"合格,不合格,严重不合格,不适用,无法调查\"</formula1>"));
    assert!(sheet.contains("<formula1>\"东区,西区\"</formula1>"));
    assert!(sheet.contains("主次干道"));
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        )
    );
    assert!(sheet.contains("<autoFilter "));
    assert!(part(&book, "xl/styles.xml").contains("yyyy-mm-dd"));
    // No round: the sheet is 测评表, the 批次 cells blank.
    assert!(part(&book, "xl/workbook.xml").contains(r#"name="测评表""#));
    // The same template twice is the same bytes.
    let t = t.arg("--force");
    t.run().code(0);
    assert_eq!(t.read("t.xlsx"), book);
}

#[test]
fn an_unfilled_template_gets_located_errors() {
    let t = project().args(["template", "-o", "t.csv"]);
    t.run().code(0);
    let run = project()
        .file("t.csv", t.read("t.csv"))
        .args(["score", "t.csv"])
        .run();
    run.code(2)
        .stderr_has("t.csv:2: 点位: error: “A1.01” 为实地考察标准，须填写点位\n")
        .stderr_has("t.csv:2: 结果: error: 缺少测评结果\n");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);

    let t = project().args(["template", "-o", "t.xlsx"]);
    t.run().code(0);
    project()
        .file("t.xlsx", t.read("t.xlsx"))
        .args(["score", "t.xlsx"])
        .run()
        .code(2)
        .stderr_has("t.xlsx[测评表]!F2: 点位: error: “A1.01” 为实地考察标准，须填写点位\n")
        .stderr_has("t.xlsx[测评表]!H2: 结果: error: 缺少测评结果\n");
}

#[test]
fn district_restricts_and_takes_aliases() {
    let run = project()
        .args([
            "template",
            "--district",
            "西区",
            "--district",
            "东城区",
            "--district",
            "西区",
        ])
        .run();
    run.code(0);
    let districts: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).expect("区县"))
        .collect();
    let west = districts.iter().take_while(|d| **d == "西区").count();
    assert!(west > 0);
    assert!(districts[west..].iter().all(|d| *d == "东区"));
    assert_eq!(districts.len(), 2 * west);

    project()
        .args(["template", "--district", "北区"])
        .run()
        .code(2)
        .stderr("error: 未知的区县 “北区”（是否应为“东区”？）；ceping.toml 中的区县：东区, 西区\nceping: 发现 1 个错误、0 个警告\n");
}

#[test]
fn without_a_project_district_and_standard_come_from_flags() {
    let t = Test::new().args([
        "template".as_ref(),
        "-s".as_ref(),
        shipped("monthly-check").as_os_str(),
        "--district".as_ref(),
        "梁园区".as_ref(),
    ]);
    let run = t.run();
    run.code(0)
        .stdout_has("\u{feff}批次,区县,点位类型,标准编号,测评内容,点位,日期,结果,问题数,数量,问题描述,检查人\r\n")
        .stdout_has(",梁园区,主次干道,A1a.01,路面无垃圾、无积水、无乱张贴,,,,,,,\r\n");
}

#[test]
fn no_districts_is_an_error_saying_where_to_give_them() {
    let t = Test::new().copy(&shipped(STANDARD), "std");
    t.args(["template", "-s", "std"])
        .run()
        .code(2)
        .stderr("error: 不知道为哪些区县生成测评表；请用 --district 指定（可多次），或在 ceping.toml 中写 districts = [\"东区\", \"西区\"]\nceping: 发现 1 个错误、0 个警告\n");
    let t = Test::new().copy(&shipped(STANDARD), "std");
    t.args(["--lang", "en", "template", "-s", "std"])
        .run()
        .code(2)
        .stderr("error: no districts to make the sheet for; give --district D (repeatable) or `districts = [\"东区\", \"西区\"]` in ceping.toml\nceping: 1 error(s), 0 warning(s)\n");
}

#[test]
fn only_csv_and_xlsx_are_written() {
    project()
        .args(["template", "-f", "json"])
        .run()
        .code(2)
        .stderr_has("的值 “json” 无效；可选：csv, xlsx");
    project()
        .args(["template", "-o", "t.json"])
        .run()
        .code(2)
        .stderr("error: 测评表不能写成 json；可用格式：csv（.csv）、xlsx（.xlsx）\nceping: 发现 1 个错误、0 个警告\n");
    let t = project().args(["--lang", "en", "template", "-o", "t.md"]);
    t.run()
        .code(2)
        .stderr("error: the inspection sheet cannot be written as md; accepted: csv (.csv), xlsx (.xlsx)\nceping: 1 error(s), 0 warning(s)\n");
    assert!(!t.listing("").contains(&"t.md".to_string()));
    project()
        .args(["template", "-o", "t.pdf"])
        .run()
        .code(2)
        .stderr_has("测评表不能写成 t.pdf；");
}

#[test]
fn a_bad_district_name_and_the_standard_are_refused() {
    project()
        .args(["template", "--district", " "])
        .run()
        .code(2)
        .stderr_has("--district “ ” 不是区县名称");
    project()
        .args(["template", "-o", "ceping.toml", "-f", "csv"])
        .run()
        .code(2)
        .stderr_has("ceping.toml");
}

#[test]
fn gbk_csv_on_request() {
    let run = project()
        .args(["template", "--district", "东区", "--output-encoding", "gbk"])
        .run();
    run.code(0);
    let (text, _, bad) = encoding_rs::GB18030.decode(&run.stdout_bytes);
    assert!(!bad);
    assert!(text.starts_with("批次,区县,"), "{text}");
}

#[test]
fn a_long_district_list_drops_down_from_a_hidden_sheet_the_reader_skips() {
    let names: Vec<String> = (0..60).map(|i| format!("\"第{i}号行政区\"")).collect();
    let toml = format!("standard = \"std\"\ndistricts = [{}]\n", names.join(", "));
    let t = Test::new()
        .copy(&shipped("monthly-check"), "std")
        .file("ceping.toml", &toml)
        .args(["template", "-o", "t.xlsx"]);
    t.run().code(0);
    let book = t.read("t.xlsx");
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<formula1>'下拉选项'!$A$1:$A$60</formula1>"),
        "{sheet}"
    );
    Test::new()
        .copy(&shipped("monthly-check"), "std")
        .file("ceping.toml", &toml)
        .file("t.xlsx", book)
        .args(["score", "t.xlsx"])
        .run()
        .code(2)
        .stderr_has("t.xlsx[下拉选项]: note: 前 10 行中没有表头（含 区县、标准编号、结果 的行），已跳过此工作表\n");
}

/// Running `template -o` again over a sheet being filled in would erase
/// the inspectors' work: an existing file is replaced only with --force.
#[test]
fn an_existing_sheet_is_never_replaced_without_force() {
    let t = project()
        .file("t.csv", "已填写的内容\n")
        .args(["template", "-o", "t.csv"]);
    t.run()
        .code(2)
        .stdout("")
        .stderr("error: t.csv 已存在，其中可能有已填写的检查结果，没有覆盖；确需重新生成请加 --force，或换一个文件名\nceping: 发现 1 个错误、0 个警告\n");
    assert_eq!(t.read("t.csv"), "已填写的内容\n".as_bytes());
    let t = t.arg("--force");
    t.run().code(0);
    assert!(String::from_utf8_lossy(&t.read("t.csv")).contains("标准编号"));
}
