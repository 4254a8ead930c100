//! Fuzzing on stable Rust: property tests that feed `ceping` random bytes
//! and structured mutations of the shipped CSV files and standards.
//!
//! Invariants, whatever the input:
//!
//! - no panic (in the library, in any worker thread, or in the binary);
//! - the binary exits 0, 1, 2 or 3, and never prints a panic;
//! - rows read = rows used + rows rejected (and every rejected row is kept
//!   when asked for);
//! - an input that scores (some row used, as `--skip-invalid` would score
//!   it; exactly the runs that exit 0) gives the same JSON and table bytes
//!   with 1 thread and with 2, whole files or cut into byte ranges;
//! - a mutated standard loads to a standard or to error diagnostics, never
//!   both, and a standard that loads scores rows without panicking.
//!
//! The in-process tests run `CEPING_FUZZ_CASES` cases each (default
//! [`DEFAULT_CASES`], sized for CI's debug build); the long run is
//!
//! ```sh
//! CEPING_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! The binary-level test runs `CEPING_FUZZ_BIN_CASES` cases (default 32).
//! A failure prints the input, escaped, and writes it to
//! `target/fuzz-failures/` with a command line that reproduces it.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, Once};
use std::time::Instant;

use ceping::cli::By;
use ceping::i18n::Lang;
use ceping::input::{Checker, Context, ReadOptions, ReadResult, Source, read};
use ceping::render::{Format, Style, render, sheets};
use ceping::report::score::{Bands, Meta, ScoreReport};
use ceping::score::Tally;
use ceping::standard::Standard;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestError, TestRunner};
use rust_decimal::Decimal;

/// Cases per in-process property when `CEPING_FUZZ_CASES` is not set.
const DEFAULT_CASES: u32 = 1000;
/// Cases of the binary-level property when `CEPING_FUZZ_BIN_CASES` is not set.
const DEFAULT_BIN_CASES: u32 = 32;

fn env_cases(var: &str, default: u32) -> u32 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Run `strategy` through `test` for `cases` cases, shrinking a failure;
/// print the throughput (seen with `--nocapture`).
fn run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: &S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    quiet_panics();
    let config = Config {
        cases,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        max_shrink_iters: 20_000,
        // Long runs shrink for at most ten minutes.
        max_shrink_time: 600_000,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let start = Instant::now();
    let result = runner.run(strategy, test);
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "fuzz: {name}: {cases} cases in {secs:.1} s ({:.0} cases/s)",
        f64::from(cases) / secs.max(1e-9)
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, value)) => {
            panic!("fuzz: {name} failed: {why}\nminimal case: {value:#?}")
        }
        Err(TestError::Abort(why)) => panic!("fuzz: {name} aborted: {why}"),
    }
}

// --- panics ---------------------------------------------------------------------

/// The last panic's message and place, kept by the hook (worker threads
/// panic away from the test's thread, so it is global).
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

thread_local! {
    /// Set while [`no_panic`] runs on this thread.
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Replace the panic hook by one that keeps the message instead of
/// printing it, for panics under [`no_panic`] (on its thread, or on the
/// unnamed worker threads the reader starts): a failing case panics again
/// at every shrinking step. Other panics print as usual.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            if !CATCHING.get() && thread.name().is_some() {
                default(info);
                return;
            }
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let name = thread.name().unwrap_or("a worker");
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = Some(format!("panicked at {at} (thread {name}): {msg}"));
            }
        }));
    });
}

/// Run `f`, turning a panic into a failure that names it.
fn no_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    quiet_panics();
    CATCHING.set(true);
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(false);
    result.map_err(|_| {
        LAST_PANIC
            .lock()
            .ok()
            .and_then(|mut l| l.take())
            .unwrap_or_else(|| "panicked".into())
    })
}

// --- hangs -----------------------------------------------------------------------

/// A running case: when it started, its input files and command line.
type Running = (Instant, Vec<Vec<u8>>, String);

/// The cases running now, by thread.
static RUNNING: LazyLock<Mutex<HashMap<std::thread::ThreadId, Running>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Marks a case as running; a watchdog thread aborts the process, showing
/// the input, when one runs longer than `CEPING_FUZZ_HANG_SECS` (default
/// 300): a hang would otherwise stall the run with no input to show.
struct Watch;

impl Watch {
    fn start(files: &[Vec<u8>], args: &str) -> Self {
        static WATCHDOG: Once = Once::new();
        WATCHDOG.call_once(|| {
            let limit = u64::from(env_cases("CEPING_FUZZ_HANG_SECS", 300));
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(std::time::Duration::from_secs(1));
                    let Ok(running) = RUNNING.lock() else { return };
                    for (start, files, args) in running.values() {
                        if start.elapsed().as_secs() > limit {
                            eprintln!(
                                "fuzz: a case ran for more than {limit} s\n{}",
                                keep_failure(files, args)
                            );
                            std::process::abort();
                        }
                    }
                }
            });
        });
        if let Ok(mut running) = RUNNING.lock() {
            running.insert(
                std::thread::current().id(),
                (Instant::now(), files.to_vec(), args.to_string()),
            );
        }
        Self
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Ok(mut running) = RUNNING.lock() {
            running.remove(&std::thread::current().id());
        }
    }
}

// --- showing inputs -------------------------------------------------------------

/// `bytes` as a readable literal: UTF-8 text as is, other bytes as `\xNN`,
/// control characters escaped; at most `max` characters (the middle cut).
fn escape(bytes: &[u8], max: usize) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() || is_invisible(c) => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    if out.chars().count() > max {
        let head: String = out.chars().take(max / 2).collect();
        let tail: String = {
            let n = out.chars().count();
            out.chars().skip(n - max / 2).collect()
        };
        format!("{head}…[{} bytes in all]…{tail}", bytes.len())
    } else {
        out
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202f}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{3000}'
    )
}

/// Keep a failing input under `target/fuzz-failures/` and say how to
/// reproduce it with the binary.
fn keep_failure(files: &[Vec<u8>], args: &str) -> String {
    let dir = common::repo().join("target").join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let mut shown = String::new();
    let mut names = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let hash = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            f.hash(&mut h);
            h.finish()
        };
        let path = dir.join(format!("{hash:016x}-{i}.csv"));
        let _ = std::fs::write(&path, f);
        let _ = writeln!(
            shown,
            "input {i} ({} bytes): \"{}\"",
            f.len(),
            escape(f, 2000)
        );
        names.push(path.display().to_string());
    }
    let _ = write!(
        shown,
        "reproduce: target/debug/ceping score {args} {}",
        names.join(" ")
    );
    shown
}

// --- the corpus -----------------------------------------------------------------

/// A standard with the rows that go with it.
struct Seed {
    name: &'static str,
    standard: Standard,
    /// The command line's standard and project options, for reproducing.
    args: String,
    context: Context,
    bands: Bands,
    target: Option<Decimal>,
    header: String,
    lines: Vec<String>,
}

/// Decode a shipped CSV: UTF-8 (BOM dropped) or GB18030.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn load_standard(path: &Path) -> Standard {
    ceping::standard::load(path)
        .standard
        .expect("a shipped standard loads")
}

/// Synthetic rows for every criterion and penalty of `st`: mostly valid,
/// varied by `picks`.
fn synth(st: &Standard, picks: &[u64]) -> (String, Vec<String>) {
    const WORDS: [&str; 8] = [
        "合格",
        "合格",
        "不合格",
        "严重不合格",
        "不适用",
        "无法调查",
        "",
        "pass",
    ];
    let header = "批次,日期,区县,街道,点位,点位类型,标准编号,结果,问题数,数量,得分".to_string();
    let ids: Vec<(&str, Option<&ceping::standard::Criterion>)> = st
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), Some(c)))
        .chain(st.penalties.iter().map(|p| (p.id.as_str(), None)))
        .collect();
    let lines = picks
        .iter()
        .enumerate()
        .map(|(n, &p)| {
            let bits = |shift: u32, m: u64| usize::try_from((p >> shift) % m).unwrap_or(0);
            let (id, crit) = ids[bits(0, ids.len() as u64)];
            let point_type = crit
                .and_then(|c| c.point_types.get(bits(16, 4)))
                .map_or("", String::as_str);
            let word = WORDS[bits(20, 8)];
            let value = match crit.map(|c| &c.rule) {
                Some(ceping::standard::Rule::Graded { grades }) if bits(24, 3) > 0 => grades
                    .get(bits(26, 4))
                    .map_or_else(|| "0".to_string(), |g| g.0.clone()),
                Some(ceping::standard::Rule::Graded { .. }) => crit
                    .map(|c| (c.score / Decimal::TWO).normalize().to_string())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            format!(
                "第{}轮,2024-0{}-1{},{},{}街道,p{n},{point_type},{id},{word},{},{},{value}",
                1 + bits(30, 2),
                1 + bits(32, 9),
                bits(36, 10),
                ["甲区", "乙区", "丙区"][bits(40, 3)],
                ["东", "西"][bits(42, 2)],
                ["", "1", "2", "7"][bits(44, 4)],
                ["", "0", "3", "5"][bits(46, 4)],
            )
        })
        .collect();
    (header, lines)
}

static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
    let repo = common::repo();
    let national = load_standard(&repo.join("standards/national-prefecture"));
    let monthly = load_standard(&repo.join("standards/monthly-check"));
    let worked = load_standard(&repo.join("examples/worked/standard.toml"));
    let config = repo.join("examples/city/ceping.toml");
    let project = ceping::project::load(Some(&config))
        .ok()
        .flatten()
        .expect("the example city's ceping.toml");
    let mut seeds = Vec::new();
    let text = decode(&std::fs::read(repo.join("examples/worked/inspections.csv")).expect("read"));
    let mut lines = text.lines().map(str::to_string);
    seeds.push(Seed {
        name: "worked",
        args: format!(
            "-s {} --round all",
            repo.join("examples/worked/standard.toml").display()
        ),
        context: Context::default(),
        bands: Bands::default(),
        target: None,
        header: lines.next().unwrap_or_default(),
        lines: lines.collect(),
        standard: worked,
    });
    let picks: Vec<u64> = (0..400u64)
        .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(17))
        .collect();
    let (header, lines) = synth(&monthly, &picks);
    seeds.push(Seed {
        name: "monthly",
        args: format!(
            "-s {} --round all",
            repo.join("standards/monthly-check").display()
        ),
        context: Context::default(),
        bands: Bands::default(),
        target: None,
        header,
        lines,
        standard: monthly,
    });
    let mut city = std::fs::read_dir(repo.join("examples/city/data"))
        .expect("examples/city/data")
        .map(|e| e.expect("entry").path())
        .collect::<Vec<_>>();
    city.sort();
    for path in city {
        let text = decode(&std::fs::read(&path).expect("read a city file"));
        let mut lines = text.lines().map(str::to_string);
        let header = lines.next().unwrap_or_default();
        seeds.push(Seed {
            name: "city",
            standard: national.clone(),
            args: format!("--config {} --round all", config.display()),
            context: project.context.clone(),
            bands: project.bands,
            target: project.target,
            header,
            lines: lines.collect(),
        });
    }
    seeds
});

// --- CSV mutations ----------------------------------------------------------------

/// Cell values that have broken, or could break, a reader of inspection
/// results: numbers, dates, ids, result words, quotes, delimiters, line
/// breaks, lookalike and invisible characters.
const CELLS: &[&str] = &[
    "",
    " ",
    "0",
    "1",
    "-1",
    "-0",
    "+1",
    "1e9",
    "1E-9",
    "1.5",
    "３",
    "１２",
    "٣",
    "NaN",
    "inf",
    "-inf",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "-79228162514264337593543950335",
    "1,000",
    "2024-03-05",
    "2024/3/5",
    "2024.3.5",
    "2024年3月5日",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "0000-00-00",
    "9999-12-31",
    "99999-01-01",
    "2024-3-5 10:00",
    "45000",
    "合格",
    "不合格",
    "严重不合格",
    "不适用",
    "无法调查",
    "拒访",
    "pass",
    "FAIL",
    "√",
    "×",
    "y",
    "n",
    "-",
    "合格\u{a0}",
    "\u{200b}合格",
    "合\u{200d}格",
    "合格\u{feff}",
    "\u{3000}合格\u{3000}",
    "A",
    "B",
    "Z",
    "ａ",
    "A.01",
    "A.01 ",
    "Ａ.01",
    "A。01",
    "a.01",
    "A1.01",
    "A1a.01",
    "G1.01",
    "N01",
    "N1",
    "梁园区",
    "梁园",
    "梁圆区",
    "梁园区\u{a0}",
    "梁\u{200b}园区",
    "东区",
    "西区",
    "第1轮",
    "2024年第1轮",
    "2024年第2轮",
    "（无批次）",
    "(none)",
    "all",
    "latest",
    "\"",
    "\"\"",
    "\"\"\"",
    "\"合格\"",
    "\"合\"格",
    "a\"b",
    "\"a,b\"",
    "\"a\nb\"",
    "\"a\r\nb\"",
    "\r",
    "\n",
    "\r\n",
    "\t",
    ";",
    ",",
    ",,",
    "|",
    "\0",
    "\u{1b}[31m",
    "\u{fffd}",
    "😀",
    "𠀀",
    "sep=,",
    "=1+1",
];

/// Header names: every field's aliases in English, Chinese and full
/// width, spaced, cased and dashed, and near misses.
const HEADERS: &[&str] = &[
    "district",
    "District",
    "ＤＩＳＴＲＩＣＴ",
    "区县",
    "县区",
    "区",
    "县(市、区)",
    "区 县",
    "区\u{a0}县",
    "区\u{200b}县",
    "criterion",
    "Criterion_ID",
    "标准编号",
    "测评标准",
    "指标编号",
    "result",
    "RESULT",
    "结果",
    "测评结果",
    "检查结果",
    "point",
    "点位",
    "点位名称",
    "point_type",
    "point-type",
    "Point Type",
    "点位类型",
    "street",
    "街道",
    "乡镇",
    "round",
    "批次",
    "轮次",
    "date",
    "日期",
    "检查日期",
    "problems",
    "问题数",
    "count",
    "数量",
    "实有数",
    "value",
    "得分",
    "等级",
    "department",
    "责任单位",
    "note",
    "备注",
    "inspector",
    "测评员",
];

/// Text inserted inside a line.
const SNIPPETS: &[&str] = &[
    "\"", "\"\"", ",", ";", "\t", "\r", "\n", "\r\n", "\n\n", "\u{a0}", "\u{200b}", "\u{feff}",
    "\0", " ", "\\", "'",
];

#[derive(Clone, Debug)]
enum Cell {
    Pick(&'static str),
    /// `n` copies of a character: huge cells (bounded, see [`huge`]).
    Huge(char, usize),
    Random(String),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Self::Pick(s) => (*s).to_string(),
            Self::Huge(c, n) => std::iter::repeat_n(*c, *n).collect(),
            Self::Random(s) => s.clone(),
        }
    }
}

/// Up to 1 MiB of one character, rarely.
fn huge() -> impl Strategy<Value = Cell> {
    (
        prop::sample::select(vec!['A', '中', '"', ',', '\n', ' ', '9']),
        prop_oneof![
            20 => 100..5_000usize,
            3 => 60_000..70_000usize,
            1 => Just(300_000usize),
        ],
    )
        .prop_map(|(c, n)| Cell::Huge(c, n))
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        40 => prop::sample::select(CELLS).prop_map(Cell::Pick),
        8 => any::<String>().prop_map(|s| Cell::Random(s.chars().take(12).collect())),
        1 => huge(),
    ]
}

/// A text-level change to the rows (line 0 is the header).
#[derive(Clone, Debug)]
enum Edit {
    SetCell(Index, Index, Cell),
    AppendToCell(Index, Index, Cell),
    SetHeaderCell(Index, Cell),
    Insert(Index, Index, &'static str),
    DeleteChar(Index, Index),
    DuplicateLine(Index),
    DeleteLine(Index),
    SwapLines(Index, Index),
    /// Swap two columns in every line (a valid file stays valid).
    SwapColumns(Index, Index),
    DropCell(Index, Index),
    ExtraCell(Index, Cell),
    /// Keep the first lines only, the last of them cut.
    Truncate(Index, Index),
    BlankLine(Index),
    /// Every comma replaced (a valid file in another delimiter, or not).
    Delimiter(&'static str),
    HeaderOnly,
    Empty,
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = any::<Index>;
    prop_oneof![
        10 => (i(), i(), cell()).prop_map(|(l, c, v)| Edit::SetCell(l, c, v)),
        3 => (i(), i(), cell()).prop_map(|(l, c, v)| Edit::AppendToCell(l, c, v)),
        3 => (i(), prop_oneof![
            3 => prop::sample::select(HEADERS).prop_map(Cell::Pick),
            1 => cell(),
        ]).prop_map(|(c, v)| Edit::SetHeaderCell(c, v)),
        1 => prop::sample::select(vec![";", "\t", "|", ", ", "，"]).prop_map(Edit::Delimiter),
        6 => (i(), i(), prop::sample::select(SNIPPETS)).prop_map(|(l, c, s)| Edit::Insert(l, c, s)),
        2 => (i(), i()).prop_map(|(l, c)| Edit::DeleteChar(l, c)),
        2 => i().prop_map(Edit::DuplicateLine),
        2 => i().prop_map(Edit::DeleteLine),
        2 => (i(), i()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        2 => (i(), i()).prop_map(|(a, b)| Edit::SwapColumns(a, b)),
        2 => (i(), i()).prop_map(|(l, c)| Edit::DropCell(l, c)),
        2 => (i(), cell()).prop_map(|(l, v)| Edit::ExtraCell(l, v)),
        1 => (i(), i()).prop_map(|(l, c)| Edit::Truncate(l, c)),
        1 => i().prop_map(Edit::BlankLine),
        1 => Just(Edit::HeaderOnly),
        1 => Just(Edit::Empty),
    ]
}

#[derive(Clone, Copy, Debug)]
enum Ends {
    Lf,
    Crlf,
    Cr,
    /// Per line, from the bits of the number.
    Mixed(u64),
}

#[derive(Clone, Copy, Debug)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Gbk,
    /// GBK bytes behind a UTF-8 BOM (a file that lies).
    GbkBehindBom,
    Utf16Le,
    Utf16Be,
    DoubleBom,
    /// Excel's `sep=` line first.
    SepLine(&'static str),
}

/// A change to the encoded bytes.
#[derive(Clone, Debug)]
enum ByteEdit {
    Insert(Index, Vec<u8>),
    Flip(Index, u8),
    Delete(Index, usize),
}

/// One input: the rows of a seed, mutated, encoded, maybe split in two files.
#[derive(Clone, Debug)]
struct CsvCase {
    /// An index into [`SEEDS`].
    seed: usize,
    lines: Vec<Index>,
    edits: Vec<Edit>,
    ends: Ends,
    final_newline: bool,
    encoding: Encoding,
    bytes: Vec<ByteEdit>,
    /// Random bytes instead of rows (after the header when `Some(true)`).
    random: Option<(bool, Vec<u8>)>,
    two_files: bool,
    /// Cut into byte ranges of this many bytes with several threads.
    chunk: u64,
    by: By,
    level: usize,
}

fn csv_case(max_lines: usize) -> impl Strategy<Value = CsvCase> {
    let ends = prop_oneof![
        4 => Just(Ends::Lf),
        3 => Just(Ends::Crlf),
        1 => Just(Ends::Cr),
        2 => any::<u64>().prop_map(Ends::Mixed),
    ];
    let encoding = prop_oneof![
        8 => Just(Encoding::Utf8),
        3 => Just(Encoding::Utf8Bom),
        3 => Just(Encoding::Gbk),
        1 => Just(Encoding::GbkBehindBom),
        1 => Just(Encoding::Utf16Le),
        1 => Just(Encoding::Utf16Be),
        1 => Just(Encoding::DoubleBom),
        1 => prop::sample::select(vec!["sep=,", "sep=;", "sep=\t", "sep=|", "sep="]).prop_map(Encoding::SepLine),
    ];
    let byte_edit = prop_oneof![
        (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| ByteEdit::Insert(at, b)),
        (any::<Index>(), 1..=255u8).prop_map(|(at, x)| ByteEdit::Flip(at, x)),
        (any::<Index>(), 1..16usize).prop_map(|(at, n)| ByteEdit::Delete(at, n)),
    ];
    let random = prop_oneof![
        12 => Just(None),
        1 => (any::<bool>(), prop::collection::vec(any::<u8>(), 0..600)).prop_map(Some),
        1 => (any::<bool>(), prop::collection::vec(
            prop_oneof![
                Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r'), Just(b'a'), Just(0xe5), Just(0x90),
                Just(0x88), Just(0xff),
            ],
            0..300,
        )).prop_map(Some),
    ];
    let by = prop::sample::select(vec![
        By::District,
        By::Department,
        By::Item,
        By::Criterion,
        By::Street,
        By::PointType,
    ]);
    (
        (
            // As often the worked example and the monthly check as the
            // nine city files (whose report, 125 criteria, is the slowest).
            prop_oneof![Just(0usize), Just(1), 2..SEEDS.len()],
            prop::collection::vec(any::<Index>(), 1..max_lines),
            prop::collection::vec(edit(), 0..6),
            ends,
            prop::bool::weighted(0.8),
            encoding,
        ),
        (
            prop_oneof![6 => Just(Vec::new()), 1 => prop::collection::vec(byte_edit, 1..4)],
            random,
            prop::bool::weighted(0.3),
            prop_oneof![Just(0u64), Just(64), Just(200), Just(1000)],
            by,
            1..4usize,
        ),
    )
        .prop_map(
            |(
                (seed, lines, edits, ends, final_newline, encoding),
                (bytes, random, two_files, chunk, by, level),
            )| CsvCase {
                seed,
                lines,
                edits,
                ends,
                final_newline,
                encoding,
                bytes,
                random,
                two_files,
                chunk,
                by,
                level,
            },
        )
}

fn split_cells(line: &str) -> Vec<String> {
    line.split(',').map(str::to_string).collect()
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Apply one edit to the lines (line 0 is the header).
fn apply(lines: &mut Vec<String>, edit: &Edit) {
    let count = lines.len();
    let mut cell_edit = |l: usize, c: &Index, f: &dyn Fn(&mut String)| {
        let mut cells = split_cells(&lines[l]);
        let k = c.index(cells.len());
        f(&mut cells[k]);
        lines[l] = cells.join(",");
    };
    match edit {
        _ if count == 0 => {}
        Edit::SetCell(l, c, v) => cell_edit(l.index(count), c, &|s| *s = v.text()),
        Edit::AppendToCell(l, c, v) => cell_edit(l.index(count), c, &|s| s.push_str(&v.text())),
        Edit::SetHeaderCell(c, v) => cell_edit(0, c, &|s| *s = v.text()),
        Edit::Insert(l, c, snippet) => {
            let line = &mut lines[l.index(count)];
            let at = floor_char(line, c.index(line.len() + 1));
            line.insert_str(at, snippet);
        }
        Edit::DeleteChar(l, c) => {
            let line = &mut lines[l.index(count)];
            if !line.is_empty() {
                let at = floor_char(line, c.index(line.len()));
                line.remove(at);
            }
        }
        Edit::DuplicateLine(l) => {
            let i = l.index(count);
            lines.insert(i, lines[i].clone());
        }
        Edit::DeleteLine(l) => {
            lines.remove(l.index(count));
        }
        Edit::SwapLines(a, b) => lines.swap(a.index(count), b.index(count)),
        Edit::SwapColumns(a, b) => {
            for line in lines.iter_mut() {
                let mut cells = split_cells(line);
                let width = cells.len();
                cells.swap(a.index(width), b.index(width));
                *line = cells.join(",");
            }
        }
        Edit::DropCell(l, c) => {
            let i = l.index(count);
            let mut cells = split_cells(&lines[i]);
            if cells.len() > 1 {
                cells.remove(c.index(cells.len()));
            }
            lines[i] = cells.join(",");
        }
        Edit::ExtraCell(l, v) => {
            let i = l.index(count);
            lines[i].push(',');
            lines[i].push_str(&v.text());
        }
        Edit::Truncate(l, c) => {
            let keep = l.index(count) + 1;
            lines.truncate(keep);
            let last = &mut lines[keep - 1];
            let at = floor_char(last, c.index(last.len() + 1));
            last.truncate(at);
        }
        Edit::BlankLine(l) => lines.insert(l.index(count + 1), String::new()),
        Edit::Delimiter(d) => {
            for line in lines.iter_mut() {
                *line = line.replace(',', d);
            }
        }
        Edit::HeaderOnly => lines.truncate(1),
        Edit::Empty => lines.clear(),
    }
}

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let gbk = || encoding_rs::GBK.encode(text).0.into_owned();
    let with = |prefix: &[u8], body: Vec<u8>| {
        let mut v = prefix.to_vec();
        v.extend(body);
        v
    };
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => with(b"\xef\xbb\xbf", text.as_bytes().to_vec()),
        Encoding::DoubleBom => with(b"\xef\xbb\xbf\xef\xbb\xbf", text.as_bytes().to_vec()),
        Encoding::Gbk => gbk(),
        Encoding::GbkBehindBom => with(b"\xef\xbb\xbf", gbk()),
        Encoding::Utf16Le => with(
            b"\xff\xfe",
            text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ),
        Encoding::Utf16Be => with(
            b"\xfe\xff",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
        Encoding::SepLine(sep) => with(format!("{sep}\n").as_bytes(), text.as_bytes().to_vec()),
    }
}

fn join(lines: &[String], ends: Ends, final_newline: bool) -> String {
    let mut s = String::new();
    for (i, l) in lines.iter().enumerate() {
        s.push_str(l);
        if i + 1 == lines.len() && !final_newline {
            break;
        }
        s.push_str(match ends {
            Ends::Lf => "\n",
            Ends::Crlf => "\r\n",
            Ends::Cr => "\r",
            Ends::Mixed(bits) => {
                ["\n", "\r\n", "\r", "\n"][usize::try_from(bits >> (2 * (i % 32)) & 3).unwrap_or(0)]
            }
        });
    }
    s
}

impl CsvCase {
    fn seed(&self) -> &'static Seed {
        &SEEDS[self.seed]
    }

    /// The bytes of the input files.
    fn files(&self) -> Vec<Vec<u8>> {
        let seed = self.seed();
        let data: Vec<String> = self
            .lines
            .iter()
            .map(|i| i.get(&seed.lines).clone())
            .collect();
        let parts: Vec<Vec<String>> = if self.two_files {
            let (mut a, mut b) = (vec![seed.header.clone()], vec![seed.header.clone()]);
            for (k, l) in data.into_iter().enumerate() {
                if k % 2 == 0 { &mut a } else { &mut b }.push(l);
            }
            vec![a, b]
        } else {
            let mut a = vec![seed.header.clone()];
            a.extend(data);
            vec![a]
        };
        let mut files: Vec<Vec<u8>> = parts
            .into_iter()
            .enumerate()
            .map(|(k, mut lines)| {
                // The first file takes every edit, the second the header's.
                for e in &self.edits {
                    if k == 0
                        || matches!(
                            e,
                            Edit::SetHeaderCell(..) | Edit::SwapColumns(..) | Edit::Delimiter(_)
                        )
                    {
                        apply(&mut lines, e);
                    }
                }
                encode(&join(&lines, self.ends, self.final_newline), self.encoding)
            })
            .collect();
        if let Some((after_header, random)) = &self.random {
            let mut f = if *after_header {
                encode(&format!("{}\n", seed.header), self.encoding)
            } else {
                Vec::new()
            };
            f.extend(random);
            files[0] = f;
        }
        let f = &mut files[0];
        for b in &self.bytes {
            match b {
                ByteEdit::Insert(at, bytes) => {
                    let i = at.index(f.len() + 1);
                    f.splice(i..i, bytes.iter().copied());
                }
                ByteEdit::Flip(at, x) if !f.is_empty() => {
                    let i = at.index(f.len());
                    f[i] ^= x;
                }
                ByteEdit::Delete(at, n) if !f.is_empty() => {
                    let i = at.index(f.len());
                    f.drain(i..(i + n).min(f.len()));
                }
                ByteEdit::Flip(..) | ByteEdit::Delete(..) => {}
            }
        }
        files
    }
}

// --- scoring in process ---------------------------------------------------------------

thread_local! {
    /// A scratch directory per test thread, reused by every case.
    static SCRATCH: tempfile::TempDir = tempfile::tempdir().expect("temp dir");
}

/// Write `files` to the scratch directory, as 0.csv, 1.csv, ...
fn write_files(files: &[Vec<u8>]) -> Vec<Source> {
    SCRATCH.with(|dir| common::write_sources(dir.path(), files))
}

fn read_with<'s>(
    st: &'s Standard,
    context: &Context,
    sources: &[Source],
    threads: usize,
    chunk_bytes: u64,
) -> anyhow::Result<ReadResult<Tally<'s>>> {
    let checker = Checker {
        standard: st,
        context,
    };
    let opts = ReadOptions {
        threads,
        encoding: None,
        delimiter: None,
        keep_rejects: true,
        sha256: true,
        chunk_bytes,
        sheet: None,
        header_row: None,
    };
    read(sources, &checker, opts, || Tally::new(st))
}

/// What one read gave, as bytes to compare: row counts, rejected lines and
/// diagnostics, and the JSON and table reports when some row was used.
struct Outcome {
    rows: String,
    json: Vec<u8>,
    table: Vec<u8>,
}

/// Check the row-count invariants of one read and render its report as
/// `ceping score --skip-invalid --round all` would.
fn outcome(
    seed: &Seed,
    result: ReadResult<Tally<'_>>,
    by: By,
    level: usize,
) -> Result<Outcome, String> {
    let r = result.rows;
    if r.read != r.used + r.rejected {
        return Err(format!("read ≠ used + rejected: {r:?}"));
    }
    if result.rejected.len() != r.rejected {
        return Err(format!(
            "{} rejected rows kept, {} counted: {r:?}",
            result.rejected.len(),
            r.rejected
        ));
    }
    let mut lines: Vec<(usize, u64)> = Vec::new();
    result
        .rejected
        .for_each(Lang::En, |x| {
            lines.push((x.file, x.line));
            Ok(())
        })
        .map_err(|e| format!("reading the rejected rows back: {e}"))?;
    lines.sort_unstable();
    let diagnostics: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| d.render(Lang::En))
        .collect();
    let rows = format!(
        "{r:?}; {} errors; rejected lines {lines:?}; diagnostics:\n{}",
        result.errors,
        diagnostics.join("\n")
    );
    if r.used == 0 {
        return Ok(Outcome {
            rows,
            json: Vec::new(),
            table: Vec::new(),
        });
    }
    let rounds = result.sink.rounds();
    let tally = result.sink.pooled(&rounds);
    let report = ScoreReport::build(
        &tally,
        Meta {
            city: None,
            bands: seed.bands,
            target: seed.target,
            figure: ceping::score::CityFigure::default(),
            threads: 1,
            round: Some("all".into()),
            rounds: rounds.into_iter().filter(|r| !r.is_empty()).collect(),
            inputs: result.inputs,
            rows: result.rows,
            standard: &seed.standard,
        },
    );
    let style = Style::default();
    let json = render(&report, &[], Format::Json, style).map_err(|e| format!("JSON: {e}"))?;
    let sheets = sheets::score(&report, by, level, Lang::Zh);
    let table =
        render(&report, &sheets, Format::Table, style).map_err(|e| format!("table: {e}"))?;
    Ok(Outcome { rows, json, table })
}

/// The first line where `a` and `b` differ.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  1 thread:  {x}\n  2 threads: {y}", i + 1);
        }
    }
    format!(
        "{} lines with 1 thread, {} with 2",
        a.lines().count(),
        b.lines().count()
    )
}

/// Every invariant on one in-process case.
fn check_csv(case: &CsvCase) -> Result<(), String> {
    check_files(
        case.seed(),
        &case.files(),
        case.chunk,
        (case.by, case.level),
    )
}

/// Every invariant on `files` read against `seed`'s standard, the report
/// viewed `by` at a level.
fn check_files(
    seed: &Seed,
    files: &[Vec<u8>],
    chunk: u64,
    (by, level): (By, usize),
) -> Result<(), String> {
    let _watch = Watch::start(files, &seed.args);
    let sources = write_files(files);
    let fail = |why: String| {
        let mut args = format!("{} --skip-invalid", seed.args);
        if chunk > 0 && files.len() == 1 {
            // The binary cuts only inputs of 64 MiB or more.
            let _ = write!(args, " -j 2 (in process: chunk_bytes = {chunk})");
        }
        Err(format!(
            "{why}\nseed: {}\n{}",
            seed.name,
            keep_failure(files, &args)
        ))
    };
    let run = |threads: usize, chunk: u64| {
        no_panic(|| {
            read_with(&seed.standard, &seed.context, &sources, threads, chunk)
                .map_err(|e| format!("read error: {e:#}"))
                .map(|r| outcome(seed, r, by, level))
        })
    };
    let one = match run(1, 0) {
        Err(p) => return fail(format!("1 thread: {p}")),
        Ok(Err(io)) => return fail(format!("1 thread: {io}")),
        Ok(Ok(Err(why))) => return fail(format!("1 thread: {why}")),
        Ok(Ok(Ok(o))) => o,
    };
    let two = match run(2, chunk) {
        Err(p) => return fail(format!("2 threads: {p}")),
        Ok(Err(io)) => return fail(format!("2 threads: {io}")),
        Ok(Ok(Err(why))) => return fail(format!("2 threads: {why}")),
        Ok(Ok(Ok(o))) => o,
    };
    if one.rows != two.rows {
        return fail(format!(
            "row counts or diagnostics differ with the thread count:\n  1 thread:  {}\n  2 threads: {}",
            one.rows, two.rows
        ));
    }
    if one.json != two.json {
        return fail(format!(
            "JSON differs with the thread count at {}",
            first_difference(&one.json, &two.json)
        ));
    }
    if one.table != two.table {
        return fail(format!(
            "table differs with the thread count at {}",
            first_difference(&one.table, &two.table)
        ));
    }
    Ok(())
}

#[test]
fn mutated_csv_keeps_the_invariants() {
    let cases = env_cases("CEPING_FUZZ_CASES", DEFAULT_CASES);
    run("mutated_csv", cases, &csv_case(40), |case| {
        check_csv(&case).map_err(TestCaseError::fail)
    });
}

/// Check the invariants on files of your own:
/// `CEPING_FUZZ_REPLAY=a.csv,b.csv CEPING_FUZZ_SEED=city|worked|monthly
/// cargo test --test fuzz replay -- --nocapture`.
#[test]
fn replay() {
    let Ok(paths) = std::env::var("CEPING_FUZZ_REPLAY") else {
        return;
    };
    let name = std::env::var("CEPING_FUZZ_SEED").unwrap_or_else(|_| "city".into());
    let seed = SEEDS
        .iter()
        .find(|s| s.name == name)
        .expect("CEPING_FUZZ_SEED: city, worked or monthly");
    let files: Vec<Vec<u8>> = paths
        .split(',')
        .map(|p| std::fs::read(p).expect("read a replayed file"))
        .collect();
    let mut failed = false;
    for chunk in [0, 64, 200, 1000] {
        if let Err(e) = check_files(seed, &files, chunk, (By::District, 1)) {
            eprintln!("chunk_bytes {chunk}: {e}");
            failed = true;
        }
    }
    assert!(!failed, "the invariants fail on the replayed files");
}

// --- standards ------------------------------------------------------------------------

/// Values put in place of a key's value: numbers huge, tiny, negative and
/// not numbers at all, strings with odd characters, arrays and tables.
const VALUES: &[&str] = &[
    "0",
    "-0",
    "-1",
    "0.5",
    "1e9",
    "1e-30",
    "1e400",
    "-1e400",
    "nan",
    "inf",
    "-inf",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "79228162514264337593543950335",
    "7922816251426433759354395033.5",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "1.0000000000000000000000000001",
    "0.3333333333333333333333333333",
    "100",
    "6",
    "7",
    "28",
    "255",
    "true",
    "\"4\"",
    "\"\"",
    "\" \"",
    "\"A\"",
    "\"A1\"",
    "\"A\\u0000\"",
    "\"A\\u00a0\"",
    "\"\\u200bA\"",
    "\"Ａ\"",
    "\"a.b\"",
    "\"中\"",
    "\"field\"",
    "\"material\"",
    "\"survey\"",
    "\"rate\"",
    "\"graded\"",
    "\"exclude\"",
    "\"fail\"",
    "\"zero\"",
    "[]",
    "[\"\"]",
    "[\"测评项目\"]",
    "[\"a\", \"a\", \"a\", \"a\", \"a\", \"a\", \"a\", \"a\", \"a\", \"a\"]",
    "{}",
    "{ kind = \"rate\", full_at = 0 }",
    "{ kind = \"rate\", full_at = 1.0000001 }",
    "{ kind = \"rate\", full_at = 0.0000000000000000000000000001 }",
    "{ kind = \"deduct\", per_problem = 79228162514264337593543950335 }",
    "{ kind = \"deduct\", per_problem = 0.0000000000000000000000000001 }",
    "{ kind = \"quota\", required = 4294967295, per_missing = 79228162514264337593543950335 }",
    "{ kind = \"quota\", required = 0, per_missing = 1 }",
    "{ kind = \"graded\", grades = {} }",
    "{ kind = \"graded\", grades = { A = 79228162514264337593543950335 } }",
    "{ kind = \"graded\", grades = { \"\" = 1, \"合格\" = 0.5 } }",
    "{ kind = \"all\", extra = 1 }",
    "{ name = \"x\", weight = 79228162514264337593543950335 }",
    "{ name = \"x\", weight = 0.0000000000000000000000000001 }",
];

/// Keys whose values are replaced.
const KEYS: &[&str] = &[
    "id",
    "parent",
    "group",
    "score",
    "points",
    "full_score",
    "decimals",
    "weight",
    "per_problem",
    "per_missing",
    "required",
    "full_at",
    "rectify_days",
    "method",
    "point_types",
    "levels",
    "rule",
    "kind",
    "veto",
    "lead",
    "assist",
    "unobservable",
    "severe",
    "field",
    "A",
];

#[derive(Clone, Debug)]
enum TomlEdit {
    /// Replace the value of the n-th occurrence of a key (in tables and
    /// inline tables alike).
    Set(&'static str, Index, &'static str),
    /// Give the n-th occurrence of a key the value of another key's
    /// occurrence (ids as parents, groups, duplicates).
    Copy(&'static str, Index, &'static str, Index),
    /// A group whose parent is itself.
    SelfParent(Index),
    /// A chain of this many groups, a criterion at its end.
    Deep(usize),
    DuplicateLine(Index),
    DeleteLine(Index),
    /// Duplicate a whole `[[...]]` table.
    DuplicateTable(Index),
    Truncate(Index),
}

#[derive(Clone, Debug)]
struct StdCase {
    /// 0: monthly check, 1: national prefecture, 2: the worked example.
    base: usize,
    /// Which of the base's files to change.
    file: Index,
    edits: Vec<TomlEdit>,
    /// Synthetic rows scored when the standard loads.
    rows: Vec<u64>,
}

fn std_case() -> impl Strategy<Value = StdCase> {
    let key = || prop::sample::select(KEYS);
    let edit = prop_oneof![
        8 => (key(), any::<Index>(), prop::sample::select(VALUES)).prop_map(|(k, i, v)| TomlEdit::Set(k, i, v)),
        4 => (key(), any::<Index>(), key(), any::<Index>()).prop_map(|(k, i, f, j)| TomlEdit::Copy(k, i, f, j)),
        1 => any::<Index>().prop_map(TomlEdit::SelfParent),
        // Around the depth limit (64) and far past it.
        1 => prop_oneof![2..20usize, Just(64), Just(65), Just(300), Just(5000)].prop_map(TomlEdit::Deep),
        1 => any::<Index>().prop_map(TomlEdit::DuplicateLine),
        1 => any::<Index>().prop_map(TomlEdit::DeleteLine),
        1 => any::<Index>().prop_map(TomlEdit::DuplicateTable),
        1 => any::<Index>().prop_map(TomlEdit::Truncate),
    ];
    (
        prop_oneof![3 => Just(0usize), 1 => Just(1), 3 => Just(2)],
        any::<Index>(),
        prop::collection::vec(edit, 1..5),
        prop::collection::vec(any::<u64>(), 1..40),
    )
        .prop_map(|(base, file, edits, rows)| StdCase {
            base,
            file,
            edits,
            rows,
        })
}

/// The files of the shipped standards, read once.
static STD_FILES: LazyLock<Vec<Vec<(String, String)>>> = LazyLock::new(|| {
    let repo = common::repo();
    let dir = |d: &Path| {
        let mut files: Vec<(String, String)> = std::fs::read_dir(d)
            .expect("a shipped standard")
            .map(|e| {
                let p = e.expect("entry").path();
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (name, std::fs::read_to_string(&p).expect("read a standard"))
            })
            .collect();
        files.sort();
        files
    };
    vec![
        dir(&repo.join("standards/monthly-check")),
        dir(&repo.join("standards/national-prefecture")),
        vec![(
            "standard.toml".into(),
            std::fs::read_to_string(repo.join("examples/worked/standard.toml")).expect("read"),
        )],
    ]
});

/// Where the n-th `key = value` is in `text`: the value's byte range.
fn occurrences(text: &str, key: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(k) = text[from..].find(key) {
        let start = from + k;
        from = start + key.len();
        let before_ok =
            start == 0 || matches!(bytes[start - 1], b' ' | b'\n' | b'{' | b',' | b'\t');
        let rest = &text[from..];
        let after = rest.trim_start_matches([' ', '\t']);
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = text.len() - after.len() + 1;
        let value = &text[value_start..];
        // The value ends at the end of the line, or inside an inline table
        // at the next comma or brace outside strings and brackets.
        let inline = bytes[..start]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .any(|&b| b == b'{');
        let mut depth = 0i32;
        let mut quoted = false;
        let mut end = value.len();
        for (i, c) in value.char_indices() {
            match c {
                '"' => quoted = !quoted,
                '[' | '{' if !quoted => depth += 1,
                ']' | '}' if !quoted && depth > 0 => depth -= 1,
                '}' | ',' if !quoted && inline && depth == 0 => {
                    end = i;
                    break;
                }
                '\n' | '#' if !quoted && depth == 0 => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        found.push(value_start..value_start + end);
    }
    found
}

fn apply_toml(text: &mut String, e: &TomlEdit) {
    match e {
        TomlEdit::Set(key, at, value) => {
            let occ = occurrences(text, key);
            if !occ.is_empty() {
                text.replace_range(at.get(&occ).clone(), &format!(" {value}"));
            }
        }
        TomlEdit::Copy(key, at, from, from_at) => {
            let (occ, src) = (occurrences(text, key), occurrences(text, from));
            if !occ.is_empty() && !src.is_empty() {
                let value = text[from_at.get(&src).clone()].to_string();
                text.replace_range(at.get(&occ).clone(), &value);
            }
        }
        TomlEdit::SelfParent(at) => {
            let ids: Vec<String> = text
                .split("[[group]]")
                .skip(1)
                .filter_map(|g| {
                    occurrences(g, "id")
                        .first()
                        .map(|r| g[r.clone()].to_string())
                })
                .collect();
            if !ids.is_empty() {
                let id = at.get(&ids).trim().to_string();
                *text = text.replacen(
                    &format!("id = {id}\n"),
                    &format!("id = {id}\nparent = {id}\n"),
                    1,
                );
            }
        }
        TomlEdit::Deep(n) => {
            for i in 0..*n {
                let _ = write!(text, "\n[[group]]\nid = \"Z{i}\"\nname = \"深{i}\"\n");
                if i > 0 {
                    let _ = writeln!(text, "parent = \"Z{}\"", i - 1);
                }
            }
            let _ = write!(
                text,
                "\n[[criterion]]\nid = \"Z.01\"\ngroup = \"Z{}\"\ntext = \"深\"\nscore = 1\nmethod = \"material\"\n",
                n.saturating_sub(1)
            );
        }
        TomlEdit::DuplicateLine(at) | TomlEdit::DeleteLine(at) => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if !lines.is_empty() {
                let i = at.index(lines.len());
                if matches!(e, TomlEdit::DeleteLine(_)) {
                    lines.remove(i);
                } else {
                    lines.insert(i, lines[i]);
                }
                *text = lines.concat();
            }
        }
        TomlEdit::DuplicateTable(at) => {
            let starts: Vec<usize> = text.match_indices("[[").map(|(i, _)| i).collect();
            if !starts.is_empty() {
                let k = at.index(starts.len());
                let end = starts.get(k + 1).copied().unwrap_or(text.len());
                let table = text[starts[k]..end].to_string();
                text.push('\n');
                text.push_str(&table);
            }
        }
        TomlEdit::Truncate(at) => {
            let i = floor_char(text, at.index(text.len() + 1));
            text.truncate(i);
        }
    }
}

/// Load a mutated standard; when it loads, score synthetic rows with it.
fn check_standard(case: &StdCase) -> Result<(), String> {
    let mut files = STD_FILES[case.base].clone();
    let k = case.file.index(files.len());
    for e in &case.edits {
        apply_toml(&mut files[k].1, e);
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).map_err(|e| e.to_string())?;
    }
    let shown = || {
        let _ = std::fs::create_dir_all(common::repo().join("target/fuzz-failures"));
        let keep = common::repo()
            .join("target/fuzz-failures")
            .join(format!("standard-{:016x}", {
                use std::hash::{Hash, Hasher};
                let mut h = std::hash::DefaultHasher::new();
                files.hash(&mut h);
                h.finish()
            }));
        let _ = std::fs::create_dir_all(&keep);
        for (name, text) in &files {
            let _ = std::fs::write(keep.join(name), text);
        }
        format!(
            "changed file {}: \"{}\"\nreproduce: target/debug/ceping check -s {}",
            files[k].0,
            escape(files[k].1.as_bytes(), 3000),
            keep.display()
        )
    };
    let loaded = match no_panic(|| ceping::standard::load(dir.path())) {
        Ok(l) => l,
        Err(p) => return Err(format!("load: {p}\n{}", shown())),
    };
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    if loaded.standard.is_some() == (errors > 0) {
        return Err(format!(
            "a standard and {errors} errors at once (or neither)\n{}",
            shown()
        ));
    }
    for d in &loaded.diagnostics {
        no_panic(|| (d.render(Lang::Zh), d.render(Lang::En)))
            .map_err(|p| format!("rendering a diagnostic: {p}\n{}", shown()))?;
    }
    let Some(st) = loaded.standard else {
        return Ok(());
    };
    let (header, lines) = synth(&st, &case.rows);
    let csv = format!("{header}\n{}\n", lines.join("\n"));
    let seed = Seed {
        name: "mutated standard",
        args: String::new(),
        context: Context::default(),
        bands: Bands::default(),
        target: None,
        header,
        lines,
        standard: st,
    };
    let sources = write_files(&[csv.clone().into_bytes()]);
    let score = |threads: usize| {
        no_panic(|| {
            read_with(&seed.standard, &seed.context, &sources, threads, 0)
                .map_err(|e| format!("read error: {e:#}"))
                .map(|r| outcome(&seed, r, By::Item, 2))
        })
    };
    let failed = |why: String| {
        Err(format!(
            "scoring with the mutated standard: {why}\nrows: \"{}\"\n{}",
            escape(csv.as_bytes(), 3000),
            shown()
        ))
    };
    let mut outcomes = Vec::new();
    for threads in [1, 2] {
        match score(threads) {
            Ok(Ok(Ok(o))) => outcomes.push(o),
            Ok(Ok(Err(why)) | Err(why)) | Err(why) => return failed(why),
        }
    }
    if outcomes[0].rows != outcomes[1].rows || outcomes[0].json != outcomes[1].json {
        return failed(format!(
            "1 and 2 threads differ: {} / {}",
            outcomes[0].rows,
            first_difference(&outcomes[0].json, &outcomes[1].json)
        ));
    }
    Ok(())
}

#[test]
fn mutated_standards_load_or_fail_cleanly() {
    let cases = env_cases("CEPING_FUZZ_CASES", DEFAULT_CASES);
    run("mutated_standard", cases, &std_case(), |case| {
        check_standard(&case).map_err(TestCaseError::fail)
    });
}

// --- the binary ---------------------------------------------------------------------------

/// Run the binary on `files`, with `args` then the inputs.
fn run_binary(dir: &Path, args: &[String], inputs: &[PathBuf]) -> Result<(i32, Vec<u8>), String> {
    // The path is known when the test is built, so that the test binary
    // also runs on its own (outside `cargo test`).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ceping"))
        .current_dir(dir)
        .env_remove("CEPING_LANG")
        .env("RUST_BACKTRACE", "0")
        .args(args)
        .args(inputs)
        .output()
        .map_err(|e| e.to_string())?;
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !matches!(code, 0..=3) || stderr.contains("panicked") {
        return Err(format!(
            "`ceping {}` exited {code}:\n{stderr}",
            args.join(" ")
        ));
    }
    Ok((code, out.stdout))
}

/// Exit codes and panics of the real binary, with the options that change
/// its paths: `--skip-invalid`, `-j 2`, `-f json|csv|md`, `--rejects`,
/// `--fail-below`.
fn check_binary(case: &CsvCase, round_all: bool, gate: bool, format: &str) -> Result<(), String> {
    let seed = case.seed();
    let files = case.files();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let inputs: Vec<PathBuf> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let p = dir.path().join(format!("{i}.csv"));
            std::fs::write(&p, f).map(|()| p)
        })
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let mut base: Vec<String> = vec!["score".into()];
    base.extend(
        seed.args
            .split(' ')
            .filter(|a| round_all || !matches!(*a, "--round" | "all"))
            .map(str::to_string),
    );
    if gate {
        base.extend(["--fail-below".into(), "90".into()]);
    }
    let with = |extra: &[&str]| {
        let mut a = base.clone();
        a.extend(extra.iter().map(ToString::to_string));
        a
    };
    let fail = |why: String| Err(format!("{why}\n{}", keep_failure(&files, &base.join(" "))));
    let plain = run_binary(dir.path(), &with(&["-f", format]), &inputs);
    let one = run_binary(
        dir.path(),
        &with(&[
            "--skip-invalid",
            "-j",
            "1",
            "-f",
            "json",
            "--rejects",
            "rejects.csv",
        ]),
        &inputs,
    );
    let two = run_binary(
        dir.path(),
        &with(&["--skip-invalid", "-j", "2", "-f", "json"]),
        &inputs,
    );
    let (plain, one, two) = match (plain, one, two) {
        (Ok(p), Ok(o), Ok(t)) => (p, o, t),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return fail(e),
    };
    if one.0 != two.0 || (one.0 == 0 && one.1 != two.1) {
        return fail(format!(
            "-j 1 and -j 2 differ: exit {} and {}, at {}",
            one.0,
            two.0,
            first_difference(&one.1, &two.1)
        ));
    }
    // Without --skip-invalid a run may only fail where skipping succeeds.
    if plain.0 == 0 && one.0 != 0 {
        return fail(format!("exit 0 as is, {} with --skip-invalid", one.0));
    }
    Ok(())
}

#[test]
fn binary_exits_0_to_3_and_never_panics() {
    let cases = env_cases("CEPING_FUZZ_BIN_CASES", DEFAULT_BIN_CASES);
    let strategy = (
        csv_case(12),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::sample::select(vec!["table", "csv", "md"]),
    );
    run(
        "binary",
        cases,
        &strategy,
        |(case, round_all, gate, format)| {
            check_binary(&case, round_all, gate, format).map_err(TestCaseError::fail)
        },
    );
}

// --- the defects found, one test each (un-ignore once fixed) ------------------------------

fn seed(name: &str) -> &'static Seed {
    SEEDS
        .iter()
        .find(|s| s.name == name)
        .expect("a seed of that name")
}

/// The worked example's rows with `ends` for line ends.
fn worked_with_ends(ends: &str) -> Vec<u8> {
    let s = seed("worked");
    let mut text = s.header.clone();
    for l in &s.lines {
        text.push_str(ends);
        text.push_str(l);
    }
    text.push_str(ends);
    text.into_bytes()
}

#[test]
fn lone_cr_line_ends_read_the_same_in_byte_ranges() {
    let files = [worked_with_ends("\r")];
    let r = check_files(seed("worked"), &files, 64, (By::District, 1));
    assert!(r.is_ok(), "{}", r.err().unwrap_or_default());
}

#[test]
fn lone_cr_line_ends_locate_rows_and_find_duplicates() {
    // Line 3 repeats line 2: the same observation imported twice.
    let text = "区县,点位,点位类型,标准编号,结果\r东区,a,主要交通路口,A.01,合格\r东区,a,主要交通路口,A.01,合格\r";
    common::Test::new()
        .copy(
            &common::repo().join("examples/worked/standard.toml"),
            "s.toml",
        )
        .file("cr.csv", text)
        .args(["score", "-s", "s.toml", "cr.csv"])
        .run()
        .code(2)
        .stderr_has("cr.csv:3: ");
}

#[test]
fn blank_line_before_the_header_reads_the_same_in_byte_ranges() {
    let mut file = b"\n".to_vec();
    file.extend(worked_with_ends("\n"));
    let r = check_files(seed("worked"), &[file], 64, (By::District, 1));
    assert!(r.is_ok(), "{}", r.err().unwrap_or_default());
}

#[test]
fn quote_inside_a_field_reads_the_same_in_byte_ranges() {
    quiet_panics();
    // CSV reads `a"b` as the three characters; the cutter counts the quote.
    let mut file = worked_with_ends("\n");
    file.splice(0..0, b"a\"b,".iter().copied());
    let r = check_files(seed("worked"), &[file], 64, (By::District, 1));
    assert!(r.is_ok(), "{}", r.err().unwrap_or_default());
}

#[test]
fn huge_method_weights_are_an_error_not_a_panic() {
    let text = std::fs::read_to_string(common::repo().join("examples/worked/standard.toml"))
        .expect("read")
        .replace("weight = 80", "weight = 79228162514264337593543950335");
    let run = common::Test::new()
        .file("s.toml", text)
        .args(["check", "-s", "s.toml"])
        .run();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.code(2);
}

#[test]
fn deep_group_chains_are_refused_at_the_depth_limit() {
    // 6000 nested groups took 25 s (cubic) before depth and cycles were
    // checked in one walk; now the chain is refused at level 65.
    let mut text = String::from(
        "[standard]\nid = \"deep\"\nname = \"深\"\nlevels = [\"a\"]\nfull_score = 100\n",
    );
    apply_toml(&mut text, &TomlEdit::Deep(6000));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).expect("write");
    let loaded = ceping::standard::load(&path);
    assert!(loaded.standard.is_none());
    assert!(
        loaded.diagnostics.iter().any(|d| d
            .render(Lang::En)
            .contains("deeper than the limit of 64 levels")),
        "{:?}",
        loaded.diagnostics
    );
}
