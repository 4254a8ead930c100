//! Properties of scoring on generated data, called as a library (read →
//! tally → report → JSON bytes, as `ceping score -f json` does):
//!
//! - every score lies between 0 and `full_score`;
//! - row order, file order, splitting the rows across files and the thread
//!   count do not change the report;
//! - an added 不适用 row changes only row counts;
//! - scaling every criterion's 分值 (with its per-problem and per-missing
//!   deductions and the points given) changes no score or rate.
//!
//! Rows are random observations of every criterion and penalty of
//! [`common::RULES`], in three districts, two rounds, two streets, with and
//! without point types and 责任单位; every row has its own point, so none is
//! a duplicate and none is rejected.

mod common;

use std::fmt::Write as _;
use std::sync::LazyLock;

use ceping::input::{Checker, Context, ReadOptions, ReadResult, read};
use ceping::render::{Format, Style, render};
use ceping::report::score::{Bands, Meta, ScoreReport};
use ceping::score::{CityFigure, Kind, Q, Tally, round};
use ceping::standard::Standard;
use common::RULES;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

const CASES: u32 = 64;

/// One observation, as its CSV cells.
#[derive(Clone, Debug)]
struct Obs {
    round: &'static str,
    district: &'static str,
    street: &'static str,
    point: String,
    point_type: &'static str,
    criterion: &'static str,
    result: &'static str,
    problems: &'static str,
    count: &'static str,
    /// Points (scaled with the standard) or a grade letter.
    value: Given,
    department: &'static str,
}

/// What a graded row gives: nothing (a result instead), points, or a
/// grade letter.
#[derive(Clone, Copy, Debug)]
enum Given {
    Nothing,
    Points(Decimal),
    Letter(&'static str),
}

const HEADER: &str = "批次,区县,街道,点位,点位类型,标准编号,结果,问题数,数量,得分,责任单位";

impl Obs {
    /// The CSV line, with graded points multiplied by `k`.
    fn line(&self, k: Decimal) -> String {
        let value = match self.value {
            Given::Nothing => String::new(),
            Given::Points(p) => (p * k).normalize().to_string(),
            Given::Letter(l) => l.to_string(),
        };
        format!(
            "{},{},{},{},{},{},{},{},{},{},{}",
            self.round,
            self.district,
            self.street,
            self.point,
            self.point_type,
            self.criterion,
            self.result,
            self.problems,
            self.count,
            value,
            self.department
        )
    }
}

fn pick<T: Copy>(items: &[T], i: usize) -> T {
    items[i % items.len()]
}

/// One random, valid observation; `point` is filled in later.
fn obs() -> impl Strategy<Value = Obs> {
    (
        any::<[usize; 8]>(),
        prop_oneof![
            Just(Decimal::ZERO),
            Just(Decimal::new(25, 1)),
            Just(Decimal::new(33, 1)),
            Just(Decimal::from(5))
        ],
    )
        .prop_map(|(i, points)| {
            let criterion = pick(&["R1", "R2", "L1", "D1", "Q1", "G1", "N1", "N2"], i[0]);
            let mut o = Obs {
                round: pick(&["第1轮", "第2轮"], i[1]),
                district: pick(&["甲区", "乙区", "丙区"], i[2]),
                street: pick(&["", "东街道", "西街道"], i[3]),
                point: String::new(),
                point_type: pick(&["", "主次干道", "背街小巷"], i[4]),
                criterion,
                result: "",
                problems: "",
                count: "",
                value: Given::Nothing,
                department: pick(&["", "", "交通局", "城管局"], i[5]),
            };
            let words = [
                "合格",
                "合格",
                "合格",
                "不合格",
                "严重不合格",
                "不适用",
                "无法调查",
            ];
            match criterion {
                "N1" | "N2" => o.result = pick(&["合格", "不合格"], i[6]),
                "Q1" => {
                    o.result = pick(&["", "", "合格", "不合格", "不适用", "无法调查"], i[6]);
                    if !matches!(o.result, "不适用" | "无法调查") {
                        o.count = pick(&["0", "1", "2", "3", "4"], i[7]);
                    }
                }
                "G1" => match i[6] % 4 {
                    0 => o.value = Given::Points(points),
                    1 => o.value = Given::Letter(pick(&["A", "B", "C"], i[7])),
                    _ => o.result = pick(&words, i[7]),
                },
                _ => {
                    o.result = pick(&words, i[6]);
                    if criterion == "D1" && matches!(o.result, "不合格" | "严重不合格") {
                        o.problems = pick(&["", "1", "2", "5"], i[7]);
                    }
                }
            }
            o
        })
}

/// 1 to 60 observations, each at its own point.
fn rows() -> impl Strategy<Value = Vec<Obs>> {
    prop::collection::vec(obs(), 1..60).prop_map(|mut v| {
        for (n, o) in v.iter_mut().enumerate() {
            o.point = format!("p{n}");
        }
        v
    })
}

/// 1 to 60 observations at a few points, so that a point has rows of
/// several criteria and a criterion several rows at a point (in two
/// rounds); an observation is never repeated (that would be a duplicate).
fn shared_rows() -> impl Strategy<Value = Vec<Obs>> {
    (
        prop::collection::vec(obs(), 1..60),
        prop::collection::vec(0..4usize, 60),
    )
        .prop_map(|(v, points)| {
            let mut seen = std::collections::HashSet::new();
            v.into_iter()
                .zip(points)
                .filter_map(|(mut o, p)| {
                    o.point = format!("p{p}");
                    seen.insert((o.round, o.district, o.point.clone(), o.criterion))
                        .then_some(o)
                })
                .collect()
        })
}

/// `rows` as the text of one CSV file.
fn text(rows: &[Obs], k: Decimal) -> String {
    let mut s = format!("{HEADER}\n");
    for r in rows {
        let _ = writeln!(s, "{}", r.line(k));
    }
    s
}

/// The standard, loaded once.
static RULES_STD: LazyLock<Standard> = LazyLock::new(|| load(RULES));

fn load(toml: &str) -> Standard {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    std::fs::write(&path, toml).expect("write standard");
    let loaded = ceping::standard::load(&path);
    loaded.standard.expect("a valid standard")
}

/// [`RULES`] with every 分值, per-problem and per-missing deduction times `k`.
fn scaled(k: Decimal) -> String {
    let times = |s: &str| {
        (s.parse::<Decimal>().expect("number") * k)
            .normalize()
            .to_string()
    };
    RULES
        .lines()
        .map(|line| {
            if let Some(n) = line.strip_prefix("score = ") {
                format!("score = {}", times(n))
            } else {
                line.replace(
                    "per_problem = 0.5",
                    &format!("per_problem = {}", times("0.5")),
                )
                .replace("per_missing = 1", &format!("per_missing = {}", times("1")))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read `files` (CSV texts, written to a temporary directory as 0.csv,
/// 1.csv, ...) with `threads` workers.
fn read_files<'s>(
    st: &'s Standard,
    files: &[impl AsRef<[u8]>],
    threads: usize,
    keep_rejects: bool,
    chunk_bytes: u64,
) -> ReadResult<Tally<'s>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let sources = common::write_sources(dir.path(), files);
    let context = Context::default();
    let checker = Checker {
        standard: st,
        context: &context,
    };
    let opts = ReadOptions {
        threads,
        encoding: None,
        delimiter: None,
        keep_rejects,
        sha256: true,
        chunk_bytes,
        sheet: None,
        header_row: None,
    };
    read(&sources, &checker, opts, || Tally::new(st)).expect("read")
}

/// Score `files` (CSV texts) as `ceping score --round all -f json` would;
/// the JSON report.
fn score(st: &Standard, files: &[impl AsRef<[u8]>], threads: usize) -> Value {
    score_cut(st, files, threads, 0)
}

/// [`score`], one large file being cut into byte ranges of `chunk_bytes`.
fn score_cut(st: &Standard, files: &[impl AsRef<[u8]>], threads: usize, chunk_bytes: u64) -> Value {
    let result = read_files(st, files, threads, false, chunk_bytes);
    report(st, result, CityFigure::Pooled, threads)
}

/// [`score`] with `figure` as the city's headline.
fn score_figure(st: &Standard, files: &[impl AsRef<[u8]>], figure: CityFigure) -> Value {
    report(st, read_files(st, files, 1, false, 0), figure, 1)
}

/// The JSON report of what was read, built with `threads`.
fn report(
    st: &Standard,
    result: ReadResult<Tally<'_>>,
    figure: CityFigure,
    threads: usize,
) -> Value {
    assert_eq!(result.errors, 0, "{:#?}", result.diagnostics);
    let rounds = result.sink.rounds();
    let tally = result.sink.pooled(&rounds);
    let report = ScoreReport::build(
        &tally,
        Meta {
            city: None,
            bands: Bands {
                red: Some(Decimal::from(90)),
                black: Some(Decimal::from(60)),
            },
            target: Some(Decimal::from(80)),
            figure,
            threads,
            round: Some("all".into()),
            rounds,
            inputs: result.inputs,
            rows: result.rows,
            standard: st,
        },
    );
    let bytes = render(&report, &[], Format::Json, Style::default()).expect("render");
    serde_json::from_slice(&bytes).expect("JSON")
}

/// The diagnostics of reading `files` (rendered), the error count and the
/// row counts; bad rows allowed.
fn diagnose(
    st: &Standard,
    files: &[impl AsRef<[u8]>],
    threads: usize,
) -> (Vec<String>, u64, String) {
    diagnose_cut(st, files, threads, 0)
}

/// [`diagnose`], one large file being cut into byte ranges of `chunk_bytes`.
fn diagnose_cut(
    st: &Standard,
    files: &[impl AsRef<[u8]>],
    threads: usize,
    chunk_bytes: u64,
) -> (Vec<String>, u64, String) {
    let result = read_files(st, files, threads, true, chunk_bytes);
    let diags = result
        .diagnostics
        .iter()
        .map(|d| d.render(ceping::i18n::Lang::En))
        .collect();
    // In file and line order, whatever the thread count.
    let mut rejected: Vec<(usize, u64)> = Vec::new();
    result
        .rejected
        .for_each(ceping::i18n::Lang::En, |r| {
            rejected.push((r.file, r.line));
            Ok(())
        })
        .expect("rejected rows");
    let rows = format!("{:?} {:?}", result.rows, rejected);
    (diags, result.errors, rows)
}

/// `v` without the keys named, at any depth.
fn without(mut v: Value, keys: &[&str]) -> Value {
    fn strip(v: &mut Value, keys: &[&str]) {
        match v {
            Value::Object(m) => {
                for k in keys {
                    m.remove(*k);
                }
                m.values_mut().for_each(|x| strip(x, keys));
            }
            Value::Array(a) => a.iter_mut().for_each(|x| strip(x, keys)),
            _ => {}
        }
    }
    strip(&mut v, keys);
    v
}

/// Every value under a `score`-like key, as f64 (nulls skipped).
fn scores(v: &Value, out: &mut Vec<(String, f64)>, path: &str) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{path}.{k}");
                if matches!(
                    k.as_str(),
                    "score" | "score_before_penalties" | "district_mean" | "rate"
                ) && let Some(f) = x.as_f64()
                {
                    out.push((p.clone(), f));
                }
                scores(x, out, &p);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                scores(x, out, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

/// Split `rows` into `n` files by `which` (row i goes to file which[i] % n).
fn split(rows: &[Obs], which: &[usize], n: usize) -> Vec<String> {
    (0..n)
        .map(|f| {
            let part: Vec<Obs> = rows
                .iter()
                .zip(which.iter().cycle())
                .filter(|(_, w)| *w % n == f)
                .map(|(r, _)| r.clone())
                .collect();
            text(&part, Decimal::ONE)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn every_score_is_between_zero_and_full_score(rows in shared_rows()) {
        let v = score(&RULES_STD, &[text(&rows, Decimal::ONE)], 1);
        let mut all = Vec::new();
        scores(&v, &mut all, "");
        for (path, s) in all {
            prop_assert!((0.0..=100.0).contains(&s), "{} = {}", path, s);
        }
        for c in v["criteria"].as_array().expect("criteria") {
            if let (Some(e), Some(m)) = (c["earned"].as_f64(), c["max"].as_f64()) {
                prop_assert!((0.0..=m).contains(&e), "{}", c);
            }
            prop_assert!(c["lost"].as_f64().is_some_and(|l| l >= 0.0), "{}", c);
        }
        for d in v["departments"].as_array().expect("departments") {
            prop_assert!(d["lost"].as_f64().is_some_and(|l| (0.0..=100.0).contains(&l)), "{}", d);
        }
    }

    #[test]
    fn row_order_does_not_change_the_report(
        (rows, shuffled) in shared_rows().prop_flat_map(|r| (Just(r.clone()), Just(r).prop_shuffle()))
    ) {
        let a = score(&RULES_STD, &[text(&rows, Decimal::ONE)], 1);
        let b = score(&RULES_STD, &[text(&shuffled, Decimal::ONE)], 1);
        // The file's bytes, and so its hash, differ; nothing else may.
        prop_assert_eq!(without(a, &["sha256"]), without(b, &["sha256"]));
    }

    #[test]
    fn file_order_does_not_change_the_report(
        rows in shared_rows(),
        which in prop::collection::vec(0..3usize, 1..60),
        rotate in 0..3usize,
    ) {
        let files = split(&rows, &which, 3);
        let mut reordered = files.clone();
        reordered.rotate_left(rotate);
        reordered.reverse();
        let a = score(&RULES_STD, &files, 1);
        let b = score(&RULES_STD, &reordered, 1);
        // `inputs` lists the files in the order given.
        prop_assert_eq!(without(a, &["inputs"]), without(b, &["inputs"]));
    }

    #[test]
    fn splitting_the_input_across_files_does_not_change_the_report(
        rows in shared_rows(),
        which in prop::collection::vec(0..4usize, 1..60),
        n in 2..5usize,
    ) {
        let one = score(&RULES_STD, &[text(&rows, Decimal::ONE)], 1);
        let many = score(&RULES_STD, &split(&rows, &which, n), 1);
        prop_assert_eq!(without(one, &["inputs"]), without(many, &["inputs"]));
    }

    #[test]
    fn thread_count_does_not_change_the_bytes(
        rows in shared_rows(),
        which in prop::collection::vec(0..4usize, 1..60),
    ) {
        // Several files, so that several workers get batches to merge.
        let files = split(&rows, &which, 4);
        let one = score(&RULES_STD, &files, 1);
        let four = score(&RULES_STD, &files, 4);
        prop_assert_eq!(one, four);
    }

    #[test]
    fn diagnostics_do_not_depend_on_the_thread_count(
        rows in shared_rows(),
        bad in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 0..80),
        which in prop::collection::vec(0..3usize, 1..60),
    ) {
        // Bad rows: an unknown result word, or a copy of a row (the same
        // observation twice); sometimes more than the 50 shown.
        let mut all = rows.clone();
        for (at, dup) in &bad {
            let mut r = at.get(&rows).clone();
            if !dup {
                r.result = "坏";
                r.point = format!("{}-坏", r.point);
            }
            all.insert(at.index(all.len() + 1), r);
        }
        let files = split(&all, &which, 3);
        let one = diagnose(&RULES_STD, &files, 1);
        for threads in [2, 4] {
            prop_assert_eq!(&one, &diagnose(&RULES_STD, &files, threads));
        }
        let shown = one.0.iter().filter(|d| d.contains(": error: ")).count();
        prop_assert!(shown <= 50, "{} errors shown", shown);
    }

    #[test]
    fn one_file_cut_into_byte_ranges_gives_the_same_bytes_and_diagnostics(
        rows in shared_rows(),
        bad in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 0..20),
        chunk in 1..400u64,
        crlf in any::<bool>(),
        quoted in any::<bool>(),
        gbk in any::<bool>(),
    ) {
        let mut all = rows.clone();
        if quoted {
            // Points as quoted cells holding a line break, a comma and a
            // quote: a range must never start inside one.
            for r in &mut all {
                r.point = format!("\"{}\n,\"\"q\"\"\"", r.point);
            }
        }
        for (at, dup) in &bad {
            let mut r = at.get(&rows).clone();
            if !dup {
                r.result = "坏";
                r.point = format!("{}-坏", r.point);
            }
            all.insert(at.index(all.len() + 1), r);
        }
        let mut file = text(&all, Decimal::ONE);
        if crlf {
            file = file.replace('\n', "\r\n");
        }
        // As Chinese Excel saves it, or not: ranges are then decoded one
        // by one.
        let files = [if gbk {
            encoding_rs::GBK.encode(&file).0.into_owned()
        } else {
            file.into_bytes()
        }];
        let one = diagnose(&RULES_STD, &files, 1);
        prop_assert_eq!(&one, &diagnose_cut(&RULES_STD, &files, 3, chunk));
        if one.1 == 0 {
            prop_assert_eq!(score(&RULES_STD, &files, 1), score_cut(&RULES_STD, &files, 3, chunk));
        }
    }

    #[test]
    fn an_added_not_applicable_row_changes_only_row_counts(
        rows in shared_rows(),
        at in any::<prop::sample::Index>(),
    ) {
        // A 不适用 observation of the same unit and criterion as an existing
        // row, at a new point.
        let mut more = rows.clone();
        let mut na = at.get(&rows).clone();
        na.point = "新点位".into();
        na.result = "不适用";
        na.problems = "";
        na.count = "";
        na.value = Given::Nothing;
        let at = at.index(rows.len() + 1);
        more.insert(at, na);
        let a = score(&RULES_STD, &[text(&rows, Decimal::ONE)], 1);
        let b = score(&RULES_STD, &[text(&more, Decimal::ONE)], 1);
        prop_assert_eq!(b["rows"]["read"].as_u64(), a["rows"]["read"].as_u64().map(|n| n + 1));
        let counts = ["rows", "inputs", "not_applicable"];
        prop_assert_eq!(without(a, &counts), without(b, &counts));
    }

    #[test]
    fn scaling_every_criterion_leaves_scores_and_rates_unchanged(
        rows in shared_rows(),
        k in prop_oneof![Just("0.5"), Just("2"), Just("3"), Just("10")],
    ) {
        let k: Decimal = k.parse().expect("k");
        let a = score(&RULES_STD, &[text(&rows, Decimal::ONE)], 1);
        let b = score(&load(&scaled(k)), &[text(&rows, k)], 1);
        // Points earned, 分值 and the maxima of items scale with k; every
        // score, rate and lost point (a share of full_score) does not.
        let scaled_keys = ["earned", "max", "inputs"];
        prop_assert_eq!(without(a, &scaled_keys), without(b, &scaled_keys));
    }

    /// With one row at each place, scoring each place alone and averaging
    /// gives what scoring a unit's rows together gives, for rate and graded
    /// criteria: the whole report is the same. (严重不合格 is a fail here:
    /// under `severe = "zero"` it zeroes one place, not the whole unit.)
    #[test]
    fn one_row_per_place_point_and_unit_agree_for_rate_and_graded(rows in rows()) {
        let rows: Vec<Obs> = rows
            .into_iter()
            .filter(|o| matches!(o.criterion, "R1" | "R2" | "G1" | "N1" | "N2"))
            .collect();
        prop_assume!(!rows.is_empty());
        let point = load(&common::rules(&[(r#"severe = "zero""#, r#"severe = "fail""#)]));
        let unit = load(&common::rules(&[(
            r#"severe = "zero""#,
            "severe = \"fail\"\nscope = \"unit\"",
        )]));
        let file = [text(&rows, Decimal::ONE)];
        prop_assert_eq!(score(&point, &file, 1), score(&unit, &file, 1));
    }

    /// A city whose rows are all in one district scores as that district,
    /// in total and item by item.
    #[test]
    fn a_city_of_one_district_equals_that_district(rows in shared_rows()) {
        let mut seen = std::collections::HashSet::new();
        let rows: Vec<Obs> = rows
            .into_iter()
            .map(|o| Obs { district: "甲区", ..o })
            .filter(|o| seen.insert((o.round, o.point.clone(), o.criterion)))
            .collect();
        let v = score(&RULES_STD, &[text(&rows, Decimal::ONE)], 1);
        let district = &v["districts"][0];
        for key in ["score", "score_before_penalties", "penalties", "veto"] {
            prop_assert_eq!(&v["city"][key], &district[key], "{}", key);
        }
        for item in v["items"].as_array().expect("items") {
            let mut d = item["districts"][0].clone();
            if let Some(m) = d.as_object_mut() {
                m.remove("name");
            }
            prop_assert_eq!(&item["city"], &d);
        }
    }

    /// With `city_score = "district_mean"`, the headline is the mean of
    /// the district scores (exact, rounded once), computed here from the
    /// district view; the pooled figure is reported beside it unchanged.
    #[test]
    fn the_district_mean_headline_is_the_mean_of_the_district_view(rows in shared_rows()) {
        let st = &*RULES_STD;
        let files = [text(&rows, Decimal::ONE)];
        let pooled = score_figure(st, &files, CityFigure::Pooled);
        let mean = score_figure(st, &files, CityFigure::DistrictMean);
        let result = read_files(st, &files, 1, false, 0);
        let rounds = result.sink.rounds();
        let tally = result.sink.pooled(&rounds);
        let afters: Vec<Q> = tally
            .view(Kind::District)
            .into_iter()
            .filter_map(|(unit, rows)| {
                let eval = ceping::score::evaluate(st, &rows);
                let (points, _) = ceping::score::penalties(st, &tally.penalties(Some(&unit.name)));
                eval.total.map(|t| ceping::score::after_penalties(&t, &points))
            })
            .collect();
        let want = ceping::score::mean(afters.iter()).map(|m| round(&m, st.decimals));
        let num = |x: &Value| x.as_f64().map(|f| format!("{f:.2}"));
        prop_assert_eq!(num(&mean["city"]["score"]), want.map(|d| format!("{d:.2}")));
        prop_assert_eq!(&mean["city"]["score"], &mean["city"]["district_mean"]);
        prop_assert_eq!(&mean["city"]["pooled"], &pooled["city"]["score"]);
        prop_assert_eq!(&mean["districts"], &pooled["districts"]);
    }
}

#[test]
fn scaled_standard_scales_what_it_should() {
    let s = scaled(Decimal::from(2));
    assert!(s.contains("score = 20\n") && s.contains("score = 8\n"));
    assert!(s.contains("per_problem = 1 }") && s.contains("per_missing = 2 }"));
    assert!(s.contains("full_score = 100\n"), "full_score stays");
    assert_eq!(load(&s).criteria.len(), 6);
}
