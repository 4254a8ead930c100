//! `ceping gaps` (issue 11): where the points are.
//!
//! - hand-checked figures on the README's worked example (pooled and
//!   district-mean headlines, the summary sentence, each view);
//! - recoverable points equal a brute-force recomputation: the
//!   criterion's failing rows turned into passes in the CSV, the data
//!   scored again, the exact difference of the headline before penalties
//!   (property test, both headlines); the running total of several
//!   criteria equals fixing them together;
//! - a department's gains equal its lost points when no row names a
//!   department of its own;
//! - snapshots of every format, Chinese and English.

mod common;

use std::fmt::Write as _;
use std::io::Cursor;

use calamine::{Data, Reader as _};
use ceping::input::{Checker, Context, ReadOptions, read};
use ceping::score::{CityFigure, Headline, Kind, Q, Scored, Tally, gaps, lost};
use ceping::standard::Standard;
use common::{RULES, Test, repo};
use proptest::prelude::*;

/// The worked example with a project file: target 90, bands, a city name.
fn worked(extra_config: &str) -> Test {
    let config = format!(
        "city = \"示例市\"\nstandard = \"worked/standard.toml\"\ninputs = [\"worked/inspections.csv\"]\n\
         target = 90\n{extra_config}\n[bands]\nred = 95\nblack = 70\n"
    );
    Test::new()
        .copy(&repo().join("examples/worked"), "worked")
        .file("ceping.toml", config)
}

fn gaps_out(t: Test, args: &[&str]) -> String {
    let run = t.arg("gaps").args(args).run();
    run.code(0).stderr("");
    run.stdout.clone()
}

#[track_caller]
fn has(out: &str, parts: &[&str]) {
    for p in parts {
        assert!(out.contains(p), "{p:?} not in\n{out}");
    }
}

/// Pooled headline (README, worked example): λ = 100 × 0.8 / 6 per field
/// point, 10 per material point. A.02: 13.33 × (2 − 1.125) = 11.67; A.01:
/// 13.33 × (4 − 3.2) = 10.67; A.03: 10 × (2 − 1.8) = 2.00; together 24.33
/// = 100 − 75.67. The gap 90 − 72.67 = 17.33 is closed by the first two
/// (22.33).
#[test]
fn worked_example_by_criterion() {
    let out = gaps_out(worked(""), &[]);
    has(
        &out,
        &[
            "全市得分：72.67（全部点位合并计分，扣分前 75.67）",
            "目标：90，与目标差距：-17.33",
            "全部可挽回分：24.33",
            "小结：距目标90分差17.33分；前2项可挽回22.33分，涉及市城管局、市公安局交警支队",
            "│    1 ┆ A.02 ┆ 路面无乱扔垃圾、乱张贴           ┆    11.67 ┆ 11.67 ┆ 市城管局         ┆          ┆ 东区 2",
            "│    2 ┆ A.01 ┆ 机动车在人行横道前礼让行人       ┆    10.67 ┆ 22.33 ┆ 市公安局交警支队 ┆          ┆ 东区 1",
            "│    3 ┆ A.03 ┆ 新时代文明实践站有活动记录和台账 ┆     2.00 ┆ 24.33 ┆ 市文明办         ┆          ┆ 东区 ",
        ],
    );
}

/// Each department leads one criterion and no row names a department:
/// its gains are its lost points (those of `ceping score --by department`).
#[test]
fn worked_example_by_department() {
    let out = gaps_out(worked(""), &["--by", "department"]);
    has(
        &out,
        &[
            "│ 市城管局         ┆ 11.67 ┆          11.67 ┆ A.02",
            "│ 市公安局交警支队 ┆ 10.67 ┆          10.67 ┆ A.01",
            "│ 市文明办         ┆  2.00 ┆           2.00 ┆ A.03",
        ],
    );
}

/// 东区's own score (62.67) would rise by 13.33 × (4 − 2.667) = 17.78 on
/// A.01, 13.33 × (2 − 0.833) = 15.56 on A.02, 10 × (2 − 1.6) = 4.00 on
/// A.03; 西区 loses nothing. Ranks and bands as `ceping score` gives them.
#[test]
fn worked_example_by_district() {
    let out = gaps_out(worked(""), &["--by", "district"]);
    has(
        &out,
        &[
            "│    1 ┆ 西区 ┆ 97.00 ┆       7.00 ┆ 红榜   ┆      ┆",
            "│    2 ┆ 东区 ┆ 62.67 ┆     -27.33 ┆ 黑榜   ┆ A.01 ┆ 机动车在人行横道前礼让行人       ┆          17.78 ┆      1 │",
            "│    2 ┆ 东区 ┆ 62.67 ┆     -27.33 ┆ 黑榜   ┆ A.02 ┆ 路面无乱扔垃圾、乱张贴           ┆          15.56 ┆      2 │",
            "│    2 ┆ 东区 ┆ 62.67 ┆     -27.33 ┆ 黑榜   ┆ A.03 ┆ 新时代文明实践站有活动记录和台账 ┆           4.00 ┆      0 │",
        ],
    );
}

/// `city_score = "district_mean"`: the counterfactual follows the
/// headline, the mean of the districts: A.01 17.78 / 2 = 8.89, A.02
/// 15.56 / 2 = 7.78, A.03 4 / 2 = 2.00; together 18.67 = 100 − 81.33.
#[test]
fn worked_example_district_mean_headline() {
    let out = gaps_out(worked("city_score = \"district_mean\""), &[]);
    has(
        &out,
        &[
            "全市得分：79.83（各区县得分平均，扣分前 81.33）",
            "全部可挽回分：18.67",
            "小结：距目标90分差10.17分；前2项可挽回16.67分，涉及市公安局交警支队、市城管局",
            "│    1 ┆ A.01 ┆ 机动车在人行横道前礼让行人       ┆     8.89 ┆  8.89 ┆",
            "│    2 ┆ A.02 ┆ 路面无乱扔垃圾、乱张贴           ┆     7.78 ┆ 16.67 ┆",
            "│    3 ┆ A.03 ┆ 新时代文明实践站有活动记录和台账 ┆     2.00 ┆ 18.67 ┆",
        ],
    );
}

/// The summary's other forms: a target met, a target no criterion can
/// close, `--top`, no target, English.
#[test]
fn summary_sentences() {
    let out = gaps_out(worked(""), &["--target", "70"]);
    has(
        &out,
        &[
            "小结：已达到目标70分（高出2.67分）；前3项可挽回24.33分，涉及市城管局、市公安局交警支队、市文明办",
        ],
    );
    let out = gaps_out(worked(""), &["--target", "99"]);
    has(
        &out,
        &[
            "小结：距目标99分差26.33分；前3项可挽回24.33分，涉及市城管局、市公安局交警支队、市文明办，仍差2.00分",
        ],
    );
    let out = gaps_out(worked(""), &["--top", "1"]);
    has(
        &out,
        &["小结：距目标90分差17.33分；前1项可挽回11.67分，涉及市城管局，仍差5.66分"],
    );
    assert!(!out.contains("A.01"), "--top 1 lists one criterion\n{out}");
    let out = gaps_out(
        Test::new().copy(&repo().join("examples/worked"), "worked"),
        &[
            "worked/inspections.csv",
            "-s",
            "worked/standard.toml",
            "--lang",
            "en",
        ],
    );
    has(
        &out,
        &[
            "Summary: city score 72.67; the first 3 criteria can recover 24.33 points, led by 市城管局, 市公安局交警支队, 市文明办",
        ],
    );
}

/// Bad options follow the scoring rules: exit 2, said plainly.
#[test]
fn bad_options_are_refused() {
    worked("")
        .args(["gaps", "--top", "0"])
        .run()
        .code(2)
        .stderr_has("--top");
    worked("")
        .args(["gaps", "--round", "第9轮"])
        .run()
        .code(2)
        .stderr_has("第9轮");
}

/// Parts of one criterion need not add up: R2 (rate, full marks from
/// 80 %) passes at 3 of 5 points, 60 %, so it earns 6 of 10 and the city
/// 60. One failing row names 交通局, the other is 城管局's (R2's lead).
/// Fixing either row alone reaches 80 %, full marks: each department
/// loses the whole 40 points, together 80, twice what R2 can recover;
/// 交通局 leads no criterion, so its gains are 0.
#[test]
fn parts_of_one_criterion_need_not_add_up() {
    let data = "区县,点位,点位类型,标准编号,结果,责任单位\n\
        甲区,p0,主次干道,R2,合格,\n甲区,p1,主次干道,R2,合格,\n甲区,p2,主次干道,R2,合格,\n\
        甲区,p3,主次干道,R2,不合格,交通局\n甲区,p4,主次干道,R2,不合格,\n";
    let t = Test::new().file("s.toml", RULES).file("d.csv", data);
    let out = gaps_out(t, &["d.csv", "-s", "s.toml", "--by", "department"]);
    has(
        &out,
        &[
            "全市得分：60.00",
            "全部可挽回分：40.00",
            "│ 城管局 ┆ 40.00 ┆          40.00 ┆ R2 ",
            "│ 交通局 ┆ 40.00 ┆           0.00 ┆ ",
        ],
    );
}

/// Bad rows stop `gaps` as they stop `score`: located, exit 2.
#[test]
fn bad_rows_are_reported_as_by_score() {
    let data = "区县,点位,点位类型,标准编号,结果\n甲区,p0,主次干道,R9,合格\n";
    Test::new()
        .file("s.toml", RULES)
        .file("d.csv", data)
        .args(["gaps", "d.csv", "-s", "s.toml"])
        .run()
        .code(2)
        .stdout("")
        .stderr_has("d.csv:2: 标准编号: error: ");
}

// --- snapshots ---

fn snap_run(args: &[&str]) -> String {
    let run = worked("").arg("gaps").args(args).run();
    run.code(0).stderr("");
    run.stdout.clone()
}

#[test]
fn snapshots_of_every_view_and_format() {
    for lang in ["zh", "en"] {
        for by in ["criterion", "department", "district", "item"] {
            insta::assert_snapshot!(
                format!("worked-{by}-{lang}"),
                snap_run(&["--by", by, "--lang", lang])
            );
        }
        for format in ["csv", "md"] {
            insta::assert_snapshot!(
                format!("worked-{format}-{lang}"),
                snap_run(&["-f", format, "--lang", lang])
            );
        }
    }
    insta::assert_snapshot!("worked-json", snap_run(&["-f", "json"]));
    let help = Test::new().args(["gaps", "--help"]).run();
    help.code(0);
    insta::assert_snapshot!("help-gaps", help.stdout);
}

/// A workbook: the summary, then one sheet per view, numbers as numbers.
#[test]
fn workbook_has_one_sheet_per_view() {
    let t = worked("").args(["gaps", "-o", "gaps.xlsx"]);
    let run = t.run();
    run.code(0).stderr("");
    let bytes = std::fs::read(t.path().join("gaps.xlsx")).expect("the workbook");
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).expect("a workbook");
    let mut dump = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("a sheet");
        let _ = writeln!(dump, "== {name}");
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => format!("{i}"),
                    Data::Empty => String::new(),
                    other => format!("{other}"),
                })
                .collect();
            let _ = writeln!(dump, "{}", cells.join(" | "));
        }
    }
    insta::assert_snapshot!("worked-xlsx", dump);
}

// --- brute force ---

/// One random row of [`RULES`]'s criteria: district, point, criterion,
/// result, problems, count, points or grade, department.
#[derive(Clone, Debug)]
struct Row {
    district: &'static str,
    point: String,
    criterion: &'static str,
    result: &'static str,
    problems: &'static str,
    count: &'static str,
    value: &'static str,
    department: &'static str,
}

const HEADER: &str = "区县,点位,点位类型,标准编号,结果,问题数,数量,得分,责任单位";

impl Row {
    fn line(&self) -> String {
        let point_type = match self.criterion {
            "R1" | "R2" | "D1" => "主次干道",
            "L1" => "公共广场",
            _ => "",
        };
        let point = if point_type.is_empty() {
            ""
        } else {
            &self.point
        };
        format!(
            "{},{point},{point_type},{},{},{},{},{},{}",
            self.district,
            self.criterion,
            self.result,
            self.problems,
            self.count,
            self.value,
            self.department
        )
    }

    /// Whether the row counts (不适用 and, under this policy, 无法调查 do
    /// not).
    fn counted(&self) -> bool {
        !matches!(self.result, "不适用" | "无法调查")
    }

    /// The row at full marks: a pass, no problems, the required count,
    /// graded at full points.
    fn passed(&self) -> Self {
        let mut r = self.clone();
        if !r.counted() {
            return r;
        }
        r.problems = "";
        match r.criterion {
            "Q1" => r.count = "3",
            "G1" if matches!(r.value, "A" | "B" | "C") => r.value = "A",
            "G1" if !r.value.is_empty() => r.value = "5",
            _ => {}
        }
        if matches!(r.result, "不合格" | "严重不合格") {
            r.result = "合格";
        }
        r
    }
}

fn pick<T: Copy>(items: &[T], i: usize) -> T {
    items[i % items.len()]
}

/// 1 to 40 rows in three districts at four points, no (district, point,
/// criterion) twice; departments named by rows when `own_departments`.
fn rows(own_departments: bool) -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec(any::<[usize; 7]>(), 1..40).prop_map(move |picks| {
        let mut seen = std::collections::HashSet::new();
        picks
            .into_iter()
            .filter_map(|i| {
                let criterion = pick(&["R1", "R2", "L1", "D1", "Q1", "G1"], i[0]);
                let words = ["合格", "合格", "不合格", "严重不合格", "不适用", "无法调查"];
                let mut r = Row {
                    district: pick(&["甲区", "乙区", "丙区"], i[1]),
                    point: format!("p{}", i[2] % 4),
                    criterion,
                    result: pick(&words, i[3]),
                    problems: "",
                    count: "",
                    value: "",
                    department: if own_departments {
                        pick(&["", "", "交通局", "城管局"], i[5])
                    } else {
                        ""
                    },
                };
                match criterion {
                    "D1" if matches!(r.result, "不合格" | "严重不合格") => {
                        r.problems = pick(&["", "1", "3", "9"], i[4]);
                    }
                    "Q1" => {
                        r.result = pick(&["", "", "合格", "不合格", "不适用"], i[3]);
                        if r.result != "不适用" {
                            r.count = pick(&["0", "1", "2", "3", "4"], i[4]);
                        }
                    }
                    "G1" => match i[6] % 3 {
                        0 => {
                            r.result = "";
                            r.value = pick(&["0", "2.5", "3.3", "5"], i[4]);
                        }
                        1 => {
                            r.result = "";
                            r.value = pick(&["A", "B", "C"], i[4]);
                        }
                        _ => {}
                    },
                    _ => {}
                }
                // Rows without a point are one place per district.
                let place = if matches!(criterion, "Q1" | "G1") {
                    String::new()
                } else {
                    r.point.clone()
                };
                seen.insert((r.district, place, criterion)).then_some(r)
            })
            .collect()
    })
}

fn text(rows: &[Row]) -> String {
    let mut s = format!("{HEADER}\n");
    for r in rows {
        let _ = writeln!(s, "{}", r.line());
    }
    s
}

static STANDARD: std::sync::LazyLock<Standard> = std::sync::LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    std::fs::write(&path, RULES).expect("write standard");
    ceping::standard::load(&path)
        .standard
        .expect("a valid standard")
});

/// What the analysis says of `csv`: the headline before penalties, the
/// recoverable points per criterion (by id; checked against the criteria's
/// lost points), and per department its lost points and its gains.
struct Analysis {
    before: Option<Q>,
    gains: Vec<(String, Q)>,
    departments: Vec<(String, Q, Q)>,
}

fn analyse(csv: &str, figure: CityFigure) -> Analysis {
    let st = &*STANDARD;
    let dir = tempfile::tempdir().expect("temp dir");
    let sources = common::write_sources(dir.path(), &[csv]);
    let context = Context::default();
    let checker = Checker {
        standard: st,
        context: &context,
    };
    let opts = ReadOptions {
        threads: 1,
        encoding: None,
        delimiter: None,
        keep_rejects: false,
        sha256: false,
        chunk_bytes: 0,
        sheet: None,
        header_row: None,
    };
    let result = read(&sources, &checker, opts, || Tally::new(st)).expect("read");
    assert_eq!(result.errors, 0, "{:#?}\n{csv}", result.diagnostics);
    let rounds = result.sink.rounds();
    let tally = result.sink.pooled(&rounds);
    let city = Scored::city(st, &tally);
    let districts = Scored::all(st, &tally, Kind::District);
    let headline = Headline::new(figure, &city, &districts);
    let gains = gaps::recoverable(st, &headline);
    let departments = lost::departments(st, &tally)
        .into_iter()
        .map(|(name, rows)| {
            let lost = headline.rise(st, &rows);
            let mine = gaps::department_gains(st, &name, &gains);
            (name, lost, mine)
        })
        .collect();
    let figures = headline.figures(st);
    // The closed form the score report's criteria view uses, λ × (分值 −
    // earned), is the same counterfactual.
    for (c, g) in &gains {
        assert_eq!(&figures.lost[*c], g, "{}", st.criteria[*c].id);
    }
    Analysis {
        before: figures.before,
        gains: gains
            .into_iter()
            .map(|(c, g)| (st.criteria[c].id.clone(), g))
            .collect(),
        departments,
    }
}

/// `rows` with every row of the criteria `ids` at full marks.
fn fixed(rows: &[Row], ids: &[&str]) -> Vec<Row> {
    rows.iter()
        .map(|r| {
            if ids.contains(&r.criterion) {
                r.passed()
            } else {
                r.clone()
            }
        })
        .collect()
}

fn gain(a: &Analysis, id: &str) -> Q {
    a.gains
        .iter()
        .find(|g| g.0 == id)
        .map_or_else(|| Q::from_integer(0.into()), |g| g.1.clone())
}

fn rise(before: &Analysis, after: &Analysis) -> Q {
    let zero = Q::from_integer(0.into());
    after.before.clone().unwrap_or_else(|| zero.clone()) - before.before.clone().unwrap_or(zero)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Each criterion's recoverable points are exactly the rise of the
    /// headline before penalties when its rows are passed in the CSV and
    /// the data scored again, under both headlines; the first two
    /// criteria's running total is the rise of fixing both.
    #[test]
    fn recoverable_points_equal_a_recomputation(rows in rows(true), pooled in any::<bool>()) {
        let figure = if pooled { CityFigure::Pooled } else { CityFigure::DistrictMean };
        let base = analyse(&text(&rows), figure);
        for id in ["R1", "R2", "L1", "D1", "Q1", "G1"] {
            let after = analyse(&text(&fixed(&rows, &[id])), figure);
            prop_assert_eq!(rise(&base, &after), gain(&base, id), "{}", id);
        }
        let two = ["R2", "D1"];
        let after = analyse(&text(&fixed(&rows, &two)), figure);
        prop_assert_eq!(rise(&base, &after), gain(&base, "R2") + gain(&base, "D1"));
    }

    /// Without rows naming a department, each department's rows are all
    /// the rows of its criteria: its gains are its lost points.
    #[test]
    fn department_gains_equal_lost_points_without_overrides(rows in rows(false), pooled in any::<bool>()) {
        let figure = if pooled { CityFigure::Pooled } else { CityFigure::DistrictMean };
        let a = analyse(&text(&rows), figure);
        for (name, lost, gains) in &a.departments {
            prop_assert_eq!(lost, gains, "{}", name);
        }
    }
}
