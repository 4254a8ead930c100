//! `ceping score`: snapshots of the example city in every view, format and
//! language, `--round all`, and `--help`.
//!
//! Each run copies `examples/city` and the shipped standard into its temp
//! dir with their relative layout, so that `examples/city/ceping.toml`
//! finds `../../standards/national-prefecture` and the input paths in the
//! output are the same on every machine.
//! Update the snapshots with `INSTA_UPDATE=always cargo test`, then review
//! the diff of `tests/snapshots/`.

mod common;

use common::{Run, Test, assert_tables_aligned, repo, shipped, strings};

const BOM: &str = "\u{feff}";

/// `ceping [--lang <lang>] score --config examples/city/ceping.toml
/// --round latest <args>`, which must succeed with no more on stderr than
/// the coverage warnings (the example city's districts are not inspected at
/// every point type the standard names) and a note per sheet of 夏邑县's
/// workbook that its title row was skipped.
fn city(lang: &str, args: &[&str]) -> Run {
    city_round(lang, "latest", args)
}

fn city_round(lang: &str, round: &str, args: &[&str]) -> Run {
    let run = Test::new()
        .copy(&repo().join("examples/city"), "examples/city")
        .copy(
            &shipped("national-prefecture"),
            "standards/national-prefecture",
        )
        .args([
            "--lang",
            lang,
            "score",
            "--config",
            "examples/city/ceping.toml",
        ])
        .args(["--round", round])
        .args(args)
        .run();
    run.code(0);
    let (missing, title) = if lang == "en" {
        (
            "has no inspection results for point types: ",
            "note: skipped 1 row(s) above the header (a title), which is on this row",
        )
    } else {
        (
            "缺少点位类型的检查结果：",
            "note: 跳过表头上方的 1 行（标题等），表头在此行",
        )
    };
    let titles = ["第1轮", "第2轮"]
        .map(|sheet| format!("examples/city/data/05-夏邑县.xlsx[{sheet}]:2: {title}"));
    assert!(
        run.stderr.lines().all(|l| titles.iter().any(|t| t == l)
            || l.starts_with("ceping: warning: ") && l.contains(missing)),
        "stderr:\n{}",
        run.stderr
    );
    run
}

/// The text to snapshot, after checking what a snapshot cannot show.
fn checked(run: &Run, format: &str) -> String {
    match format {
        "csv" => {
            let body = run.stdout.strip_prefix(BOM).expect("CSV starts with a BOM");
            assert!(body.ends_with("\r\n"), "CSV ends with CRLF");
            assert!(
                !body.replace("\r\n", "").contains('\n'),
                "every CSV line ends with CRLF"
            );
            body.replace("\r\n", "\n")
        }
        "table" => {
            assert_tables_aligned(&run.stdout);
            run.stdout.clone()
        }
        _ => run.stdout.clone(),
    }
}

/// Snapshot one view as a table, in Chinese and in English.
fn snapshot_view(name: &str, args: &[&str]) {
    for lang in ["zh", "en"] {
        let run = city(lang, args);
        insta::assert_snapshot!(format!("city-{name}-{lang}"), checked(&run, "table"));
    }
}

#[test]
fn by_district() {
    snapshot_view("district", &[]);
}

#[test]
fn by_department() {
    snapshot_view("department", &["--by", "department"]);
}

#[test]
fn by_item_level_1() {
    snapshot_view("item1", &["--by", "item", "--level", "1"]);
}

#[test]
fn by_item_level_2() {
    snapshot_view("item2", &["--by", "item", "--level", "2"]);
}

#[test]
fn by_criterion() {
    snapshot_view("criterion", &["--by", "criterion"]);
}

#[test]
fn by_street() {
    snapshot_view("street", &["--by", "street"]);
}

#[test]
fn by_point_type() {
    snapshot_view("point-type", &["--by", "point-type"]);
}

#[test]
fn csv_and_md() {
    for format in ["csv", "md"] {
        for lang in ["zh", "en"] {
            let run = city(lang, &["-f", format]);
            insta::assert_snapshot!(format!("city-{format}-{lang}"), checked(&run, format));
        }
    }
}

#[test]
fn json_carries_every_view_in_any_language() {
    let zh = city("zh", &["-f", "json"]);
    let en = city("en", &["-f", "json", "--by", "criterion"]);
    assert_eq!(
        zh.stdout, en.stdout,
        "JSON depends on neither --lang nor --by"
    );
    let v = zh.json();
    for key in [
        "city",
        "districts",
        "streets",
        "point_types",
        "departments",
        "items",
        "criteria",
        "inputs",
        "rows",
    ] {
        assert!(!v[key].is_null(), "no {key}");
    }
    assert_eq!(v["districts"].as_array().map(Vec::len), Some(9));
    // Some of the example's files are GBK, others UTF-8 with a BOM.
    let encodings = strings(&v, "inputs", "encoding");
    assert!(encodings.contains(&"GB18030") && encodings.contains(&"UTF-8 (BOM)"));
    insta::assert_snapshot!("city-json", zh.stdout);
}

#[test]
fn every_round_pooled() {
    let run = city_round("zh", "all", &[]);
    insta::assert_snapshot!("city-all-zh", checked(&run, "table"));
    let run = city_round("en", "all", &["-f", "md", "--by", "department"]);
    insta::assert_snapshot!("city-all-department-md-en", run.stdout);
    let v = city_round("zh", "all", &["-f", "json"]).json();
    assert_eq!(v["round"], "all");
    assert_eq!(
        v["rounds"],
        serde_json::json!(["2024年第1轮", "2024年第2轮"])
    );
    assert_eq!(v["rows"]["used"], v["rows"]["read"]);
}

#[test]
fn ascii_table() {
    let run = city("en", &["--by", "district"]);
    let ascii = Test::new()
        .copy(&repo().join("examples/city"), "examples/city")
        .copy(
            &shipped("national-prefecture"),
            "standards/national-prefecture",
        )
        .args(["--lang", "en", "--ascii", "score", "--config"])
        .args(["examples/city/ceping.toml", "--round", "latest"])
        .run();
    ascii.code(0).stderr(&run.stderr);
    assert!(!ascii.stdout.contains(['┌', '│', '┆', '─', '═', '╞', '└']));
    assert_tables_aligned(&ascii.stdout);
    // Same lines, other borders.
    assert_eq!(ascii.stdout.lines().count(), run.stdout.lines().count());
}

#[test]
fn help() {
    let run = Test::new().args(["score", "--help"]).run();
    run.code(0).stderr("");
    insta::assert_snapshot!("help-score", run.stdout);
}
