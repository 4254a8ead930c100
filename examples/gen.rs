//! Generate conformant inspection results for a standard, for benchmarks and
//! the shipped example city.
//!
//! ```text
//! cargo run --release --example gen -- --rows 10000000 --out /tmp/big
//! cargo run --release --example gen -- --rows 7416 --districts 9 --points 30 \
//!     --rounds 2 --split district --gbk 3 --xlsx 5 --out examples/city/data
//! # then add a BOM to 02-睢阳区.csv
//! ```
//!
//! `--xlsx 5,7` writes the 5th and 7th files as Excel workbooks instead, as
//! an inspector's 测评表 looks: one sheet per round, a title row above the
//! header, dates as Excel dates and counts as numbers.
//!
//! Rows cycle through rounds and dates; within a date each district's points
//! are checked against every field criterion of their point type, and each
//! district gets one row per material/survey criterion. Results are drawn
//! from a fixed-seed generator, so the same flags give the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use ceping::standard::{Rule, Standard};

const DISTRICTS: &[&str] = &[
    "梁园区",
    "睢阳区",
    "永城市",
    "虞城县",
    "夏邑县",
    "柘城县",
    "宁陵县",
    "睢县",
    "民权县",
    "示范区",
    "高新区",
    "城乡一体化示范区",
];
const STREETS: &[&str] = &[
    "平原街道",
    "长征街道",
    "八八街道",
    "白云街道",
    "东风街道",
    "建设街道",
    "中州街道",
    "平台街道",
];
const ROADS: &[&str] = &[
    "南京路",
    "神火大道",
    "凯旋路",
    "归德路",
    "民主路",
    "华商大道",
    "团结路",
    "文化路",
    "北海路",
    "睢阳大道",
];
const NOTES: &[&str] = &[
    "南门处地面存在垃圾",
    "公益广告破损",
    "非机动车乱停放",
    "占道经营",
    "墙面乱张贴",
    "垃圾桶满溢",
    "未设公平秤",
    "行人闯红灯",
    "围挡破损",
    "有人吸烟",
];
const INSPECTORS: &[&str] = &["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆"];

struct Args {
    rows: u64,
    out: PathBuf,
    standard: PathBuf,
    districts: usize,
    points: usize,
    rounds: usize,
    seed: u64,
    split: Split,
    gbk_every: usize,
    /// The files (1-based) written as xlsx workbooks.
    xlsx: Vec<usize>,
}

#[derive(PartialEq)]
enum Split {
    None,
    District,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        rows: 100_000,
        out: PathBuf::from("gen-out"),
        standard: PathBuf::from("standards/national-prefecture"),
        districts: 12,
        points: 300,
        rounds: 2,
        seed: 20_240_305,
        split: Split::None,
        gbk_every: 0,
        xlsx: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().ok_or(format!("{flag} needs a value"));
        let num = |s: String| s.parse::<u64>().map_err(|e| format!("{e}"));
        match flag.as_str() {
            "--rows" => a.rows = num(val()?)?,
            "--out" => a.out = PathBuf::from(val()?),
            "--standard" => a.standard = PathBuf::from(val()?),
            "--districts" => {
                a.districts = usize::try_from(num(val()?)?).map_err(|e| e.to_string())?;
            }
            "--points" => a.points = usize::try_from(num(val()?)?).map_err(|e| e.to_string())?,
            "--rounds" => a.rounds = usize::try_from(num(val()?)?).map_err(|e| e.to_string())?,
            "--seed" => a.seed = num(val()?)?,
            "--split" => {
                a.split = match val()?.as_str() {
                    "none" => Split::None,
                    "district" => Split::District,
                    s => return Err(format!("--split none|district, not {s}")),
                }
            }
            "--gbk" => a.gbk_every = usize::try_from(num(val()?)?).map_err(|e| e.to_string())?,
            "--xlsx" => {
                a.xlsx = val()?
                    .split(',')
                    .map(|n| {
                        n.trim()
                            .parse::<usize>()
                            .map_err(|e| format!("--xlsx: {e}"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    a.districts = a.districts.clamp(1, DISTRICTS.len());
    a.rounds = a.rounds.max(1);
    Ok(a)
}

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[usize::try_from(self.below(xs.len() as u64)).unwrap_or(0)]
    }
}

struct Point {
    district: usize,
    street: &'static str,
    name: String,
    kind: String,
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen: {e}");
            std::process::exit(2);
        }
    };
    let loaded = ceping::standard::load(&args.standard);
    let Some(st) = loaded.standard else {
        eprintln!(
            "gen: the standard at {} is not valid",
            args.standard.display()
        );
        std::process::exit(2);
    };
    if let Err(e) = generate(&args, &st) {
        eprintln!("gen: {e}");
        std::process::exit(3);
    }
}

fn generate(args: &Args, st: &Standard) -> std::io::Result<()> {
    std::fs::create_dir_all(&args.out)?;
    let mut rng = Rng(args.seed.max(1));
    // The 整改状态 the office recorded for first-round problems, drawn apart
    // so that the rows' results do not depend on it.
    let mut recorded = Rng(args.seed.max(1) ^ 0x5eed_f1ce);
    // Field criteria by point type; material and survey criteria.
    let mut by_type: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut desk = Vec::new();
    for (i, c) in st.criteria.iter().enumerate() {
        if c.point_types.is_empty() {
            desk.push(i);
        }
        for p in &c.point_types {
            by_type.entry(p).or_default().push(i);
        }
    }
    let types: Vec<&str> = by_type.keys().copied().collect();
    let mut points = Vec::new();
    for d in 0..args.districts {
        for p in 0..args.points {
            let kind = types[p % types.len()];
            points.push(Point {
                district: d,
                street: STREETS[(p / 7 + d) % STREETS.len()],
                name: format!("{}{}号{}", rng.pick(ROADS), p + 1, short(kind)),
                kind: kind.to_string(),
            });
        }
    }
    let mut writers: Vec<(PathBuf, Vec<u8>, BufWriter<std::fs::File>)> = Vec::new();
    let files = if args.split == Split::District {
        args.districts
    } else {
        1
    };
    for (f, district) in DISTRICTS.iter().enumerate().take(files) {
        let name = if args.split == Split::District {
            format!("{:02}-{district}.csv", f + 1)
        } else {
            "inspections.csv".to_string()
        };
        let path = args.out.join(name);
        let w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
        writers.push((path, Vec::new(), w));
    }
    let header = "批次,日期,区县,街道,点位,点位类型,标准编号,测评结果,问题数,数量,得分,问题描述,测评员,整改状态\n";
    for (_, buf, w) in &mut writers {
        buf.extend_from_slice(header.as_bytes());
        w.write_all(header.as_bytes())?;
    }
    let mut written = 0u64;
    let mut pass_no = 0usize;
    let mut line = String::with_capacity(256);
    'outer: loop {
        let round = pass_no % args.rounds;
        let round_name = format!("2024年第{}轮", round + 1);
        // Round r starts on 2024-03-01 + 91·r days; each pass is a new day.
        let day = civil(
            19_783
                + 91 * i64::try_from(round).unwrap_or(0)
                + i64::try_from(pass_no / args.rounds).unwrap_or(0),
        );
        for p in &points {
            let f = if files > 1 { p.district } else { 0 };
            for &ci in &by_type[p.kind.as_str()] {
                line.clear();
                row(
                    &mut line,
                    (&mut rng, &mut recorded),
                    st,
                    ci,
                    (&round_name, round, &day),
                    p,
                );
                write_line(&mut writers[f], &line, args.gbk_every > 0)?;
                written += 1;
                if written >= args.rows {
                    break 'outer;
                }
            }
        }
        for (d, district) in DISTRICTS.iter().enumerate().take(args.districts) {
            let f = if files > 1 { d } else { 0 };
            for &ci in &desk {
                line.clear();
                let p = Point {
                    district: d,
                    street: "",
                    name: String::new(),
                    kind: String::new(),
                };
                row(
                    &mut line,
                    (&mut rng, &mut recorded),
                    st,
                    ci,
                    (&round_name, round, &day),
                    &p,
                );
                write_line(&mut writers[f], &line, args.gbk_every > 0)?;
                written += 1;
            }
            // Now and then an incident from the negative list.
            if !st.penalties.is_empty() && rng.below(12) == 0 {
                let pe = &st.penalties
                    [usize::try_from(rng.below(st.penalties.len() as u64)).unwrap_or(0)];
                let result = if pe.veto && rng.below(4) > 0 {
                    "合格"
                } else {
                    "不合格"
                };
                line.clear();
                let _ = writeln!(
                    line,
                    "{round_name},{day},{district},,,,{},{result},,,,,,",
                    pe.id
                );
                write_line(&mut writers[f], &line, args.gbk_every > 0)?;
                written += 1;
            }
        }
        pass_no += 1;
        if written >= args.rows {
            break;
        }
    }
    for (i, (path, buf, mut w)) in writers.into_iter().enumerate() {
        w.flush()?;
        drop(w);
        if args.gbk_every > 0 && i % args.gbk_every == 0 {
            let text = String::from_utf8_lossy(&buf).into_owned();
            let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
            std::fs::write(&path, bytes)?;
        } else if args.gbk_every > 0 {
            std::fs::write(&path, &buf)?;
        }
        if args.xlsx.contains(&(i + 1)) {
            // Rows are kept in `buf` only when some file is GBK.
            let text = if args.gbk_every == 0 {
                std::fs::read_to_string(&path)?
            } else {
                String::from_utf8_lossy(&buf).into_owned()
            };
            let district = DISTRICTS[if files > 1 { i } else { 0 }];
            let book = path.with_extension("xlsx");
            to_xlsx(&text, district, &book).map_err(std::io::Error::other)?;
            std::fs::remove_file(&path)?;
        }
    }
    eprintln!("gen: {written} rows in {}", args.out.display());
    Ok(())
}

fn write_line(
    w: &mut (PathBuf, Vec<u8>, BufWriter<std::fs::File>),
    line: &str,
    buffer: bool,
) -> std::io::Result<()> {
    if buffer {
        w.1.extend_from_slice(line.as_bytes());
        Ok(())
    } else {
        w.2.write_all(line.as_bytes())
    }
}

/// Write generated CSV text as a workbook an inspector would keep: one sheet
/// per round (named after it), a merged title row above the header, dates as
/// Excel dates, counts and points as numbers. Fixed document dates keep the
/// bytes the same on every run.
fn to_xlsx(
    text: &str,
    district: &str,
    path: &std::path::Path,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let mut rounds: BTreeMap<String, Vec<Vec<&str>>> = BTreeMap::new();
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        rounds.entry(cells[0].to_string()).or_default().push(cells);
    }
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2024, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let last = u16::try_from(header.len().saturating_sub(1)).unwrap_or(0);
    for (round, rows) in &rounds {
        let sheet = book.add_worksheet();
        sheet.set_name(round.trim_start_matches("2024年"))?;
        sheet.merge_range(
            0,
            0,
            0,
            last,
            &format!("{district}文明城市实地测评记录表（{round}）"),
            &title,
        )?;
        for (c, h) in (0u16..).zip(&header) {
            sheet.write_string_with_format(1, c, *h, &bold)?;
        }
        for (r, cells) in (2u32..).zip(rows) {
            for (c, (cell, name)) in (0u16..).zip(cells.iter().zip(&header)) {
                if cell.is_empty() {
                    continue;
                }
                let number = matches!(*name, "问题数" | "数量" | "得分")
                    .then(|| cell.parse::<f64>().ok())
                    .flatten();
                if *name == "日期" {
                    let d: Vec<u16> = cell.split('-').filter_map(|x| x.parse().ok()).collect();
                    if let [y, m, dd] = d[..] {
                        let day = ExcelDateTime::from_ymd(
                            y,
                            u8::try_from(m).unwrap_or(1),
                            u8::try_from(dd).unwrap_or(1),
                        )?;
                        sheet.write_datetime_with_format(r, c, &day, &date)?;
                        continue;
                    }
                }
                match number {
                    Some(n) => sheet.write_number(r, c, n)?,
                    None => sheet.write_string(r, c, *cell)?,
                };
            }
        }
        sheet.set_column_width(0, 13)?;
        sheet.set_column_width(1, 11)?;
        sheet.set_column_width(5, 14)?;
        sheet.set_column_width(4, 22)?;
        sheet.set_column_width(11, 20)?;
    }
    book.save(path)
}

/// Days since 1970-01-01 → `YYYY-MM-DD`, by the calendar the ledger uses.
fn civil(days: i64) -> String {
    ceping::score::ledger::from_day_number(days)
        .map_or_else(String::new, ceping::score::ledger::show_date)
}

fn short(kind: &str) -> String {
    kind.chars().take(2).collect()
}

/// One row of criterion `ci` at point `p` on `day` of round `round` (its
/// name and index). A first-round problem gets the 整改状态 the office
/// recorded now and then: 已整改 (4 in 10), 整改中 (2 in 10), or none (the
/// next round's visit tells).
fn row(
    line: &mut String,
    (rng, fixes): (&mut Rng, &mut Rng),
    st: &Standard,
    ci: usize,
    (round, index, day): (&str, usize, &str),
    p: &Point,
) {
    let c = &st.criteria[ci];
    // 93.5% pass, 5% fail, 0.2% severe, 1% not applicable, 0.3% unobservable.
    let roll = rng.below(1000);
    let result = match roll {
        0..=934 => "合格",
        935..=984 => "不合格",
        985..=986 => "严重不合格",
        987..=996 => "不适用",
        _ => "无法调查",
    };
    let failing = matches!(result, "不合格" | "严重不合格");
    let (mut problems, mut count, mut value) = (String::new(), String::new(), String::new());
    let mut result = result.to_string();
    match &c.rule {
        Rule::Deduct { .. } if failing => problems = (1 + rng.below(3)).to_string(),
        Rule::Quota { required, .. } if !matches!(result.as_str(), "不适用" | "无法调查") => {
            let n = if failing {
                rng.below(u64::from(*required))
            } else {
                u64::from(*required) + rng.below(2)
            };
            count = n.to_string();
            result.clear();
        }
        Rule::Graded { grades } if !matches!(result.as_str(), "不适用" | "无法调查") => {
            value = if grades.is_empty() {
                let tenths = c.score * rust_decimal::Decimal::from(6 + rng.below(5))
                    / rust_decimal::Decimal::TEN;
                tenths.round_dp(1).normalize().to_string()
            } else {
                grades[usize::try_from(rng.below(grades.len() as u64)).unwrap_or(0)]
                    .0
                    .clone()
            };
            result.clear();
        }
        _ => {}
    }
    let note = if failing { rng.pick(NOTES) } else { "" };
    let status = if failing && index == 0 {
        match fixes.below(10) {
            0..=3 => "已整改",
            4..=5 => "整改中",
            _ => "",
        }
    } else {
        ""
    };
    let _ = writeln!(
        line,
        "{round},{day},{},{},{},{},{},{result},{problems},{count},{value},{note},{},{status}",
        DISTRICTS[p.district],
        p.street,
        p.name,
        p.kind,
        c.id,
        rng.pick(INSPECTORS)
    );
}
