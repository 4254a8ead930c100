//! The workbook (issue 10): `-f xlsx` / `-o FILE.xlsx`, read back with
//! calamine (sheets, headings, typed cells, values equal to the JSON
//! report's) and from its XML (frozen header, band fills, indentation),
//! identical bytes on two runs, and no workbook to a terminal.

mod common;

use std::io::{Cursor, Read as _};

use calamine::{Data, Reader as _};
use common::{RULES, Test, csv, district_score, repo, scoring, shipped};

/// A workbook's sheets, by name, in order.
struct Book {
    bytes: Vec<u8>,
    sheets: Vec<(String, Vec<Vec<Data>>)>,
}

impl Book {
    #[track_caller]
    fn read(bytes: Vec<u8>) -> Self {
        assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip file");
        let mut wb =
            calamine::open_workbook_auto_from_rs(Cursor::new(bytes.clone())).expect("a workbook");
        let sheets = wb
            .sheet_names()
            .into_iter()
            .map(|name| {
                let range = wb.worksheet_range(&name).expect("a sheet");
                assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
                let rows = range.rows().map(<[Data]>::to_vec).collect();
                (name, rows)
            })
            .collect();
        Self { bytes, sheets }
    }

    fn names(&self) -> Vec<&str> {
        self.sheets.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[track_caller]
    fn sheet(&self, name: &str) -> &[Vec<Data>] {
        &self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no sheet {name} in {:?}", self.names()))
            .1
    }

    /// The text of the sheet's header row.
    fn headings(&self, name: &str) -> Vec<String> {
        self.sheet(name)[0]
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The row whose first cell in column `col` is `key`.
    #[track_caller]
    fn row(&self, name: &str, col: usize, key: &str) -> &[Data] {
        self.sheet(name)
            .iter()
            .find(|r| r.get(col) == Some(&Data::String(key.into())))
            .unwrap_or_else(|| panic!("no row {key} in {name}"))
    }

    /// A part of the zip file, as text.
    #[track_caller]
    fn part(&self, path: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(&self.bytes)).expect("zip");
        let mut text = String::new();
        zip.by_name(path)
            .unwrap_or_else(|_| panic!("no {path}"))
            .read_to_string(&mut text)
            .expect("utf-8 xml");
        text
    }

    /// The XML of the `n`th worksheet (1-based, in tab order).
    fn sheet_xml(&self, n: usize) -> String {
        self.part(&format!("xl/worksheets/sheet{n}.xml"))
    }

    /// The fill colour (`FFRRGGBB`) of a cell (`A10`) of the `n`th sheet,
    /// if it has one.
    fn fill(&self, n: usize, cell: &str) -> Option<String> {
        let xml = self.sheet_xml(n);
        let at = xml.find(&format!("<c r=\"{cell}\""))?;
        let tag = &xml[at..at + xml[at..].find('>')?];
        let style: usize = attr(tag, "s")?.parse().ok()?;
        let styles = self.part("xl/styles.xml");
        let xfs = section(&styles, "cellXfs")?;
        let xf = xfs.split("<xf ").nth(style + 1)?;
        let fill_id: usize = attr(xf, "fillId")?.parse().ok()?;
        let fills = section(&styles, "fills")?;
        let fill = fills.split("<fill>").nth(fill_id + 1)?;
        attr(fill.split("<fgColor").nth(1)?, "rgb")
    }
}

/// The value of `name="…"` in an XML tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(tag[start..start + tag[start..].find('"')?].to_string())
}

/// The inside of `<name …>…</name>`.
fn section<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{name}"))?;
    let end = xml.find(&format!("</{name}>"))?;
    xml.get(start..end)
}

/// The example city with the shipped standard, in a temp dir.
fn city() -> Test {
    Test::new()
        .copy(&repo().join("examples/city"), "examples/city")
        .copy(
            &shipped("national-prefecture"),
            "standards/national-prefecture",
        )
}

fn city_args(lang: &str, out: &[&str]) -> Vec<String> {
    [
        "--lang",
        lang,
        "score",
        "--config",
        "examples/city/ceping.toml",
        "--round",
        "all",
    ]
    .iter()
    .chain(out)
    .map(ToString::to_string)
    .collect()
}

/// The example city's workbook (`-o 通报.xlsx`) and its JSON report.
fn city_book(lang: &str) -> (Book, serde_json::Value) {
    let t = city().args(city_args(lang, &["-o", "通报.xlsx"]));
    t.run().code(0);
    let book = Book::read(t.read("通报.xlsx"));
    let run = city().args(city_args(lang, &["-f", "json"])).run();
    run.code(0);
    (book, run.json())
}

#[track_caller]
fn float(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        other => panic!("not a number: {other:?}"),
    }
}

#[track_caller]
fn json_f64(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[track_caller]
fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
}

#[test]
fn every_view_is_a_sheet_in_order() {
    let (book, json) = city_book("zh");
    let levels = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["level"].as_u64().expect("level"))
        .max()
        .expect("a level");
    let mut expected = vec!["概况", "区县", "街道", "点位类型", "责任单位"];
    let items: Vec<String> = (1..=levels).map(|l| format!("测评项目-{l}级")).collect();
    expected.extend(items.iter().map(String::as_str));
    expected.push("测评标准");
    assert_eq!(book.names(), expected);

    let (en, _) = city_book("en");
    assert_eq!(
        &en.names()[..5],
        [
            "Summary",
            "Districts",
            "Streets",
            "Point types",
            "Departments"
        ]
    );
    assert_eq!(en.names().last(), Some(&"Criteria"));
    assert_eq!(en.headings("Districts")[..3], ["Rank", "District", "Score"]);
}

/// The header is row 1 (no title above it), in Chinese; cells are typed:
/// scores and rates are numbers, counts numbers, names strings, and the
/// values are the JSON report's.
#[test]
fn headings_and_typed_cells_match_the_json_report() {
    let (book, json) = city_book("zh");
    assert_eq!(
        book.headings("区县"),
        [
            "排名",
            "区县",
            "得分",
            "得分率",
            "观测数",
            "合格",
            "不合格",
            "严重不合格",
            "负面清单扣分",
            "一票否决",
            "红黑榜"
        ]
    );
    for d in json["districts"].as_array().expect("districts") {
        let name = d["name"].as_str().expect("name");
        let row = book.row("区县", 1, name);
        assert!(matches!(row[0], Data::Float(_)), "rank {:?}", row[0]);
        let score: f64 = district_score(&json, name).parse().expect("score");
        close(float(&row[2]), score);
        close(float(&row[3]) * 100.0, json_f64(&d["rate"]));
        close(float(&row[4]), json_f64(&d["observations"]));
    }
    // The summary: label and typed value.
    let value = |label: &str| book.row("概况", 0, label)[1].clone();
    close(float(&value("全市得分")), json_f64(&json["city"]["score"]));
    close(
        float(&value("各区县平均分")),
        json_f64(&json["city"]["district_mean"]),
    );
    assert_eq!(value("城市"), Data::String("示例市".into()));
    assert_eq!(
        value("测评体系编号"),
        Data::String("national-prefecture-sample".into())
    );
    close(float(&value("目标")), 85.0);
    close(
        float(&value("与目标差距")),
        json_f64(&json["city"]["score"]) - 85.0,
    );
    close(float(&value("读取行数")), json_f64(&json["rows"]["read"]));
    let inputs = book
        .sheet("概况")
        .iter()
        .filter(|r| r[0] == Data::String("输入文件".into()))
        .count();
    assert_eq!(inputs, json["inputs"].as_array().expect("inputs").len());
    // A department's lost points, an item's rate, a criterion's points.
    let dept = &json["departments"][0];
    let row = book.row("责任单位", 1, dept["name"].as_str().expect("name"));
    close(float(&row[4]), json_f64(&dept["lost"]));
    let crit = &json["criteria"][0];
    let row = book.row("测评标准", 0, crit["id"].as_str().expect("id"));
    close(float(&row[3]), json_f64(&crit["max"]));
    assert_eq!(
        row[1],
        Data::String(crit["text"].as_str().expect("text").into())
    );
}

/// Numbers carry the report's decimals as their format (83.70 shows
/// 83.70), rates a percent format.
#[test]
fn number_formats_are_the_reports_decimals() {
    let (book, _) = city_book("zh");
    let styles = book.part("xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.00\""), "{styles}");
    assert!(styles.contains("formatCode=\"0.00%\""), "{styles}");
}

/// The header row is frozen, an autofilter covers the table, and a 黑榜
/// row is filled light red, a 红榜 row light green.
#[test]
fn frozen_header_filter_and_band_colours() {
    let t = Test::new()
        .copy(&repo().join("examples/worked"), "worked")
        .file(
            "ceping.toml",
            "standard = \"worked/standard.toml\"\n[bands]\nred = 90\nblack = 70\n",
        )
        .args(["score", "worked/inspections.csv", "-o", "x.xlsx"]);
    t.run().code(0);
    let book = Book::read(t.read("x.xlsx"));
    assert_eq!(book.names()[1], "区县");
    let xml = book.sheet_xml(2);
    assert!(
        xml.contains(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        ),
        "{xml}"
    );
    assert!(xml.contains("<autoFilter ref=\"A1:K3\"/>"), "{xml}");
    // 西区 97.00 is 红榜, 东区 62.67 黑榜 (rows 2 and 3).
    let districts = book.sheet("区县");
    assert_eq!(districts[1][1], Data::String("西区".into()));
    assert_eq!(districts[1][10], Data::String("红榜".into()));
    assert_eq!(districts[2][10], Data::String("黑榜".into()));
    // Light red for 红榜 and grey for 黑榜, as the bulletin colours them.
    assert_eq!(book.fill(2, "B2").as_deref(), Some("FFFDE0DC"));
    assert_eq!(book.fill(2, "C3").as_deref(), Some("FFD9D9D9"));
    // The whole row, its empty cells too.
    assert_eq!(book.fill(2, "J3").as_deref(), Some("FFD9D9D9"));
    assert_eq!(book.fill(2, "A1"), None);
    // Every sheet freezes its header.
    for n in 1..=book.names().len() {
        assert!(book.sheet_xml(n).contains("state=\"frozen\""), "sheet {n}");
    }
}

/// The worked example's figures (README) as numbers.
#[test]
fn worked_example_figures() {
    let t = Test::new()
        .copy(&repo().join("examples/worked"), "worked")
        .args([
            "score",
            "worked/inspections.csv",
            "-s",
            "worked/standard.toml",
            "-f",
            "xlsx",
            "-o",
            "x",
        ]);
    t.run().code(0).stderr("");
    let book = Book::read(t.read("x"));
    let value = |label: &str| book.row("概况", 0, label)[1].clone();
    close(float(&value("全市得分")), 72.67);
    close(float(&value("扣分前得分")), 75.67);
    close(float(&value("负面清单扣分")), 3.0);
    close(float(&value("各区县平均分")), 79.83);
    close(float(&book.row("区县", 1, "西区")[2]), 97.0);
    close(float(&book.row("区县", 1, "东区")[2]), 62.67);
    close(float(&book.row("责任单位", 1, "市城管局")[4]), 11.67);
    close(float(&book.row("测评标准", 0, "A.02")[4]), 1.13);
}

/// `ceping standard -o 测评体系.xlsx`: the tree (names indented by level),
/// then the summaries.
#[test]
fn standard_workbook() {
    let t = Test::new()
        .copy(&shipped("national-prefecture"), "s")
        .args(["standard", "-s", "s", "-o", "测评体系.xlsx"]);
    t.run().code(0).stdout("").stderr("");
    let book = Book::read(t.read("测评体系.xlsx"));
    assert_eq!(
        &book.names()[..5],
        [
            "测评体系",
            "各层级数量",
            "各测评方法",
            "各责任单位",
            "各点位类型"
        ]
    );
    assert_eq!(
        book.headings("测评体系")[..5],
        ["编号", "层级", "名称", "标准数", "分值"]
    );
    let tree = book.sheet("测评体系");
    assert_eq!(tree[1][0], Data::String("A".into()));
    assert!(matches!(tree[1][4], Data::Float(_)), "{:?}", tree[1][4]);
    // The facts the text formats print above the tree, last.
    assert_eq!(book.names().last(), Some(&"概况"));
    let value = |label: &str| book.row("概况", 0, label)[1].clone();
    assert_eq!(
        value("编号"),
        Data::String("national-prefecture-sample".into())
    );
    close(float(&value("满分")), 100.0);
    let styles = book.part("xl/styles.xml");
    // Aligned left: Excel and LibreOffice ignore the indent of other cells.
    assert!(
        styles.contains("horizontal=\"left\" vertical=\"top\" indent=\"1\""),
        "{styles}"
    );
    assert!(
        styles.contains("horizontal=\"left\" vertical=\"top\" indent=\"2\""),
        "{styles}"
    );
    let en = Test::new()
        .copy(&shipped("national-prefecture"), "s")
        .args([
            "--lang", "en", "standard", "-s", "s", "-f", "xlsx", "-o", "t.xlsx",
        ]);
    en.run().code(0);
    assert_eq!(Book::read(en.read("t.xlsx")).names()[0], "Standard");
}

/// The same inputs give the same bytes (the creation time is fixed).
#[test]
fn two_runs_give_identical_bytes() {
    let t = city().args(city_args("zh", &["-o", "a.xlsx"]));
    t.run().code(0);
    let first = t.read("a.xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    t.run().code(0);
    assert_eq!(first, t.read("a.xlsx"));
    let core = Book::read(first).part("docProps/core.xml");
    assert!(core.contains("2000-01-01T00:00:00Z"), "{core}");
}

/// `-f xlsx` to a pipe or a file writes the workbook's bytes.
#[test]
fn xlsx_to_a_pipe_writes_the_bytes() {
    let run = city().args(city_args("zh", &["-f", "xlsx"])).run();
    run.code(0);
    let book = Book::read(run.stdout_bytes.clone());
    assert_eq!(book.names()[0], "概况");
}

/// No workbook on a terminal: exit 2 before any work, saying to give -o.
/// Needs `script` for a terminal; without it the decision is tested in
/// `cmd::tests`.
#[test]
fn xlsx_on_a_terminal_is_refused() {
    let Some(script) = common::which("script") else {
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("ceping");
    let t = Test::new().copy(&shipped("national-prefecture"), "s");
    for (lang, expected) in [
        (
            "zh",
            "xlsx 是二进制文件格式，不输出到终端；请用 -o 文件名.xlsx 写入文件（或重定向到文件）",
        ),
        (
            "en",
            "xlsx is a binary file format and is not written to a terminal; give -o FILE.xlsx (or redirect to a file)",
        ),
    ] {
        let out = std::process::Command::new(&script)
            .current_dir(t.path())
            .args(["-qec"])
            .arg(format!(
                "{} --lang {lang} standard -s s -f xlsx",
                bin.display()
            ))
            .arg("/dev/null")
            .output()
            .expect("script");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(text.contains(expected), "{text}");
        assert!(!text.contains("PK"), "{text}");
    }
    // A score run is refused before reading anything: no input given.
    let out = std::process::Command::new(&script)
        .current_dir(t.path())
        .args(["-qec"])
        .arg(format!("{} score missing.csv -s s -f xlsx", bin.display()))
        .arg("/dev/null")
        .output()
        .expect("script");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("请用 -o 文件名.xlsx"), "{text}");
}

/// Text from the data is a string in the workbook, never a formula.
#[test]
fn text_is_never_a_formula() {
    let data = csv(&["=HYPERLINK(\"http://x\"),p1,R1,合格,,,"]);
    let t = scoring(RULES, &data).args(["-o", "x.xlsx"]);
    t.run().code(0);
    let book = Book::read(t.read("x.xlsx"));
    assert_eq!(
        book.sheet("区县")[1][1],
        Data::String("=HYPERLINK(\"http://x\")".into())
    );
    for n in 1..=book.names().len() {
        assert!(!book.sheet_xml(n).contains("<f>"), "sheet {n}");
    }
}
