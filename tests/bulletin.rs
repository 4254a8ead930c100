//! `ceping report` (issue 12): the 通报 in one command.
//!
//! - the example city's bulletin, HTML and Markdown, against snapshots;
//! - the HTML references nothing outside itself, shows every district in
//!   the chart and the table, with the figures of `ceping score -f json`;
//! - 3 and 40 districts render, every district in chart and table;
//! - `--compare-with` a saved report; formats it does not write.

mod common;

use std::fmt::Write as _;

use common::{Test, repo, shipped};

fn city_config() -> String {
    repo()
        .join("examples/city/ceping.toml")
        .display()
        .to_string()
}

/// The example city's bulletin, as the README makes it.
fn example(format: &str, lang: &str) -> String {
    let config = city_config();
    let run = Test::new()
        .args([
            "--lang",
            lang,
            "report",
            "--config",
            &config,
            "--round",
            "latest",
            "--compare-with",
            "2024年第1轮",
            "--as-of",
            "2024-06-10",
            "-f",
            format,
        ])
        .run();
    run.code(0);
    run.stdout.clone()
}

/// The part of `html` from `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let rest = &html[from..];
    let to = rest
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &rest[..to + end.len()]
}

/// Nothing is fetched, nothing runs: no script, no link, no import, no
/// `url(`, and every `src=`/`href=` points into the page.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for banned in [
        "<script", "<link", "@import", "url(", "<img", "<iframe", "<object",
    ] {
        assert!(!lower.contains(banned), "the page has {banned}");
    }
    for attr in ["src=", "href="] {
        for (i, _) in lower.match_indices(attr) {
            let value = &lower[i + attr.len()..];
            assert!(
                value.starts_with("\"#") || value.starts_with("'#"),
                "{attr} outside the page: {}",
                &html[i..(i + 60).min(html.len())]
            );
        }
    }
}

/// Every name appears as a label in the section's chart and as a cell of
/// its table.
fn assert_all_shown(html: &str, section: &str, names: &[String]) {
    let part = between(html, &format!("<section id=\"{section}\""), "</section>");
    let chart = between(part, "<svg", "</svg>");
    let table = between(part, "<table", "</table>");
    for n in names {
        assert!(chart.contains(&format!(">{n}<")), "{n} not in the chart");
        assert!(
            table.contains(&format!("<td>{n}</td>")),
            "{n} not in the table"
        );
    }
}

#[test]
fn the_example_bulletin_in_html() {
    insta::assert_snapshot!("example-html-zh", example("html", "zh"));
}

#[test]
fn the_example_bulletin_in_markdown() {
    insta::assert_snapshot!("example-md-zh", example("md", "zh"));
    insta::assert_snapshot!("example-md-en", example("md", "en"));
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    assert_eq!(example("html", "zh"), example("html", "zh"));
}

/// The page stands alone, shows every district in chart and table, and its
/// figures are those of `ceping score -f json` of the same inputs.
#[test]
fn the_html_stands_alone_and_agrees_with_the_json_report() {
    let html = example("html", "zh");
    assert_self_contained(&html);
    let config = city_config();
    let run = Test::new()
        .args([
            "score", "--config", &config, "--round", "latest", "-f", "json",
        ])
        .run();
    run.code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let decimals = usize::try_from(json["standard"]["decimals"].as_u64().expect("decimals"))
        .expect("decimals");
    let shown = |v: &serde_json::Value| format!("{:.decimals$}", v.as_f64().expect("a number"));
    let names = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .expect("a list")
            .iter()
            .map(|d| d["name"].as_str().expect("a name").to_string())
            .collect()
    };
    let districts = names("districts");
    assert_eq!(districts.len(), 9);
    assert_all_shown(&html, "districts", &districts);
    assert_all_shown(&html, "departments", &names("departments"));
    for key in ["districts", "departments"] {
        let section = between(&html, &format!("<section id=\"{key}\""), "</section>");
        let chart = between(section, "<svg", "</svg>");
        let table = between(section, "<table", "</table>");
        for d in json[key].as_array().expect("a list") {
            let name = d["name"].as_str().expect("a name");
            let score = shown(&d["score"]);
            let rank = d["rank"].as_u64().expect("a rank");
            assert!(
                table.contains(&format!(
                    "<td class=\"n\">{rank}</td><td>{name}</td><td class=\"n\">{score}</td>"
                )),
                "{key}: {name} {score} (rank {rank}) not in the table"
            );
            assert!(
                chart.contains(&format!(">{score}<")),
                "{name}: {score} not in the chart"
            );
        }
    }
    let city = &json["city"];
    let summary = between(&html, "<section id=\"summary\"", "</section>");
    assert!(summary.contains(&format!("全市得分 {} 分", shown(&city["score"]))));
    let gap = city["target"].as_f64().expect("target") - city["score"].as_f64().expect("score");
    assert!(
        summary.contains(&format!("差{gap:.decimals$}分")),
        "{summary}"
    );
}

/// A CSV of `n` districts (区01, 区02, ...), each with passes and fails on
/// a few criteria, so that the districts score apart.
fn districts_csv(n: usize) -> String {
    let mut csv = String::from("批次,区县,点位,点位类型,标准编号,测评结果\n");
    for d in 1..=n {
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
    csv
}

fn renders_every_district(n: usize) {
    let standard = shipped("national-prefecture").display().to_string();
    let t = Test::new().file("d.csv", districts_csv(n)).args([
        "report",
        "d.csv",
        "-s",
        &standard,
        "--as-of",
        "2024-06-10",
        "-o",
        "通报.html",
    ]);
    t.run().code(0);
    let html = std::fs::read_to_string(t.path().join("通报.html")).expect("the bulletin");
    assert_self_contained(&html);
    let names: Vec<String> = (1..=n).map(|d| format!("区{d:02}")).collect();
    assert_all_shown(&html, "districts", &names);
}

#[test]
fn three_districts_render() {
    renders_every_district(3);
}

#[test]
fn forty_districts_render() {
    renders_every_district(40);
}

/// `--compare-with` a report saved by `ceping score -f json`: the change
/// is the one `compare` finds between the rounds.
#[test]
fn compare_with_a_saved_report() {
    let config = city_config();
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("第1轮.json");
    let saved = saved.display().to_string();
    Test::new()
        .args([
            "score",
            "--config",
            &config,
            "--round",
            "2024年第1轮",
            "-o",
            &saved,
        ])
        .run()
        .code(0);
    let run = Test::new()
        .args([
            "report",
            "--config",
            &config,
            "--round",
            "latest",
            "--compare-with",
            &saved,
            "--as-of",
            "2024-06-10",
            "-f",
            "md",
        ])
        .run();
    run.code(0)
        .stdout_has("全市得分比2024年第1轮下降 3.48 分。");
}

/// A round `--compare-with` names that the data lacks is an error naming
/// the rounds there are.
#[test]
fn compare_with_an_unknown_round() {
    let config = city_config();
    Test::new()
        .args([
            "report",
            "--config",
            &config,
            "--round",
            "latest",
            "--compare-with",
            "第9轮",
        ])
        .run()
        .code(2)
        .stdout("")
        .stderr_has("第9轮");
}

/// The table formats are not written: the error lists the formats that
/// are, before any work.
#[test]
fn formats_the_bulletin_is_not_written_in() {
    let config = city_config();
    Test::new()
        .args(["report", "--config", &config, "-o", "通报.pdf"])
        .run()
        .code(2)
        .stdout("")
        .stderr_has(
            "通报不能写成 通报.pdf；可用格式：html（.html、.htm）、md（.md）、docx（.docx）、json（.json）",
        );
    Test::new()
        .args(["--lang", "en", "report", "--config", &config, "-f", "xlsx"])
        .run()
        .code(2)
        .stderr_has("the bulletin cannot be written as xlsx; accepted: html");
}

/// `ceping score -f html` writes the score view as a page of its own.
#[test]
fn score_as_html() {
    let config = city_config();
    let run = Test::new()
        .args([
            "score", "--config", &config, "--round", "latest", "-f", "html",
        ])
        .run();
    run.code(0)
        .stdout_has("<td class=\"n\">1</td><td>梁园区</td><td class=\"n\">87.39</td>");
    assert_self_contained(&run.stdout);
}

/// Text from the data is text: a district named like markup is escaped in
/// the chart, the tables and the summary, and nothing of it runs.
#[test]
fn names_from_the_data_are_escaped() {
    let standard = shipped("national-prefecture").display().to_string();
    let csv = "区县,点位,点位类型,标准编号,测评结果\n\
        <script>alert(1)</script>,p0,中小学校,G1.01,合格\n\
        甲&\"区,p0,中小学校,G1.01,不合格\n";
    let run = Test::new()
        .file("d.csv", csv)
        .args([
            "report",
            "d.csv",
            "-s",
            &standard,
            "--as-of",
            "2024-06-10",
            "-f",
            "html",
        ])
        .run();
    run.code(0);
    assert_self_contained(&run.stdout);
    let names = [
        "&lt;script&gt;alert(1)&lt;/script&gt;".to_string(),
        "甲&amp;&quot;区".to_string(),
    ];
    assert_all_shown(&run.stdout, "districts", &names);
}

/// `-f json` writes the bulletin's model: its version, its facts, and the
/// reports it is made of.
#[test]
fn the_model_as_json() {
    let config = city_config();
    let run = Test::new()
        .args([
            "report",
            "--config",
            &config,
            "--round",
            "latest",
            "--compare-with",
            "2024年第1轮",
            "--as-of",
            "2024-06-10",
            "--target",
            "86",
            "-f",
            "json",
        ])
        .run();
    run.code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["as_of"], "2024-06-10");
    let facts = &json["facts"];
    // --target 86: 梁园区 (87.39) and 永城市 (86.41) reach it.
    assert_eq!(facts["reached"], 2);
    assert_eq!(facts["best"]["name"], "梁园区");
    assert_eq!(facts["worst"]["name"], "睢县");
    assert_eq!(facts["since"], "2024年第1轮");
    assert_eq!(facts["delta"].to_string(), "-3.48");
    assert_eq!(facts["rectification"]["issued"], 153);
    assert_eq!(
        facts["rectification"]["rectified_rate"].to_string(),
        "35.29"
    );
    assert_eq!(json["score"]["city"]["target"].to_string(), "86");
    assert_eq!(json["compare"]["rounds"][1], "2024年第2轮");
}

/// The notes say what the rows cover: rows rejected by `--skip-invalid`,
/// districts without the point types required, criteria not observed.
#[test]
fn the_notes_state_coverage_and_rejected_rows() {
    let standard = shipped("national-prefecture").display().to_string();
    let csv = "区县,点位,点位类型,标准编号,测评结果\n\
        甲区,p0,中小学校,G1.01,合格\n\
        甲区,p0,中小学校,Z9.99,合格\n";
    let run = Test::new()
        .file("d.csv", csv)
        .args([
            "report",
            "d.csv",
            "-s",
            &standard,
            "--as-of",
            "2024-06-10",
            "--skip-invalid",
        ])
        .run();
    run.code(0)
        .stdout_has("## 七、数据说明\n\n- 数据来自 1 个文件或工作表：读入 2 行，计分 1 行，剔除 1 行。\n- 区县“甲区”缺少点位类型的检查结果：")
        .stdout_has("条测评标准没有观测：A1.01、");
}
