//! `ceping report -o 通报.docx` (issue 12): the bulletin as a Word document
//! from the same model as the HTML one.
//!
//! - the example city's .docx is a zip whose `word/document.xml` holds
//!   every district, the headline score of `ceping score -f json` and every
//!   section title, with real tables (header rows repeated);
//! - two runs give the same bytes;
//! - `-f docx` writes it too; other views write their tables as .docx.

mod common;

use std::fmt::Write as _;
use std::io::{Cursor, Read as _};

use common::{Test, city_score, repo};

fn city_config() -> String {
    repo()
        .join("examples/city/ceping.toml")
        .display()
        .to_string()
}

/// The example city's bulletin run's arguments, as the README makes it.
fn example_args(config: &str) -> Vec<String> {
    [
        "report",
        "--config",
        config,
        "--round",
        "latest",
        "--compare-with",
        "2024年第1轮",
        "--as-of",
        "2024-06-10",
    ]
    .iter()
    .map(ToString::to_string)
    .collect()
}

/// The example city's bulletin as .docx bytes (through `-o x.docx`).
fn example_docx() -> Vec<u8> {
    let config = city_config();
    let t = Test::new()
        .args(example_args(&config))
        .args(["-o", "x.docx"]);
    t.run().code(0).stdout("");
    t.read("x.docx")
}

/// One part of a .docx package, as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a .docx is a zip");
    let mut file = zip.by_name(name).expect("part in the package");
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 XML");
    text
}

/// The visible text of `word/document.xml`: the `<w:t>` runs joined, so a
/// name split across runs would still be found.
fn runs(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:t") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let tag = &rest[..open_end];
        // `<w:tbl…>`, `<w:tc…>`, `<w:tr…>`: not text.
        if !(tag == "<w:t" || tag.starts_with("<w:t ")) || tag.ends_with('/') {
            rest = &rest[open_end..];
            continue;
        }
        let body = &rest[open_end + 1..];
        let Some(end) = body.find("</w:t>") else {
            break;
        };
        out.push_str(&body[..end]);
        out.push('\n');
        rest = &body[end..];
    }
    out
}

fn json(args: &[&str]) -> serde_json::Value {
    let run = Test::new().args(args).run();
    run.code(0);
    serde_json::from_str(&run.stdout).expect("JSON")
}

#[test]
fn the_example_bulletin_as_docx_holds_every_district_the_score_and_every_section() {
    let config = city_config();
    let docx = example_docx();
    let xml = part(&docx, "word/document.xml");
    let text = runs(&xml);
    let score = json(&[
        "score", "--config", &config, "--round", "latest", "-f", "json",
    ]);
    let districts = score["districts"].as_array().expect("districts");
    assert!(districts.len() > 3);
    for d in districts {
        let name = d["name"].as_str().expect("name");
        // In the chart and in the ranking table at least.
        assert!(
            text.matches(name).count() >= 2,
            "{name} not in the chart and the table"
        );
    }
    let headline = city_score(&score);
    assert!(text.contains(&headline), "headline {headline} missing");
    // Every section title of the HTML bulletin, as a Heading 1.
    let html_args: Vec<String> = example_args(&config)
        .into_iter()
        .chain(["-f".to_string(), "html".to_string()])
        .collect();
    let run = Test::new().args(html_args).run();
    run.code(0);
    let titles: Vec<&str> = run
        .stdout
        .split("<h2")
        .skip(1)
        .filter_map(|s| s.split_once('>').and_then(|(_, r)| r.split_once("</h2>")))
        .map(|(t, _)| t)
        .collect();
    assert!(titles.len() >= 6, "{titles:?}");
    let headings = xml.matches(r#"<w:pStyle w:val="Heading1" />"#).count();
    assert_eq!(headings, titles.len());
    for t in &titles {
        assert!(text.contains(t), "section {t} missing");
    }
    // Real tables, each with a header row Word repeats on every page; a
    // page break before every section but the summary.
    assert!(xml.contains("<w:tbl>"));
    assert!(xml.contains("<w:tblHeader />"));
    assert_eq!(
        xml.matches("<w:pageBreakBefore />").count(),
        titles.len() - 1
    );
    // Chinese text in 宋体, on A4.
    assert!(xml.contains(r#"w:eastAsia="宋体""#));
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#));
}

#[test]
fn the_docx_bulletin_is_the_same_bytes_each_run() {
    let first = example_docx();
    let second = example_docx();
    assert!(first == second, "two runs differ");
    // No clock in the properties.
    let core = part(&first, "docProps/core.xml");
    assert!(core.contains("1970-01-01T00:00:00Z"), "{core}");
}

#[test]
fn docx_by_flag_and_for_other_views() {
    let config = city_config();
    let t = Test::new()
        .args(example_args(&config))
        .args(["-f", "docx", "-o", "通报"]);
    t.run().code(0);
    assert_eq!(t.read("通报"), example_docx());
    // `ceping score -o 得分.docx`: the score view's tables.
    let t = Test::new().args([
        "score",
        "--config",
        &config,
        "--round",
        "latest",
        "-o",
        "得分.docx",
    ]);
    t.run().code(0);
    let text = runs(&part(&t.read("得分.docx"), "word/document.xml"));
    let score = json(&[
        "score", "--config", &config, "--round", "latest", "-f", "json",
    ]);
    assert!(text.contains(&city_score(&score)));
    // To a pipe (not a terminal), the zip's bytes.
    let run = Test::new()
        .args(example_args(&config))
        .args(["-f", "docx"])
        .run();
    run.code(0).stdout_has("PK");
    assert!(run.stdout.starts_with("PK"));
}

/// 40 districts (English): every district in the chart and the table.
#[test]
fn forty_districts_in_the_docx() {
    let mut csv = String::from("批次,区县,点位,点位类型,标准编号,测评结果\n");
    for d in 1..=40 {
        for p in 0..4 {
            for c in ["G1.01", "G1.02", "G1.03"] {
                let result = if (d + p) % 5 == 0 {
                    "不合格"
                } else {
                    "合格"
                };
                let _ = writeln!(csv, "第1轮,区{d:02},学校{p},中小学校,{c},{result}");
            }
        }
    }
    let standard = common::shipped("national-prefecture").display().to_string();
    let t = Test::new().file("d.csv", csv).args([
        "--lang",
        "en",
        "report",
        "d.csv",
        "-s",
        &standard,
        "--as-of",
        "2024-06-10",
        "-o",
        "bulletin.docx",
    ]);
    t.run().code(0);
    let text = runs(&part(&t.read("bulletin.docx"), "word/document.xml"));
    for d in 1..=40 {
        let name = format!("区{d:02}");
        assert!(text.matches(&name).count() >= 2, "{name}");
    }
    assert!(text.contains("District ranking"));
}
