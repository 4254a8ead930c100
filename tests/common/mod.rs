//! Shared test helpers: a `Test` builder that runs the real `ceping` binary
//! in a temporary directory and asserts its exit code, stdout and stderr.
#![allow(dead_code, reason = "each test crate uses a different subset")]

pub mod fill;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The repository root (for the shipped standards and examples).
#[must_use]
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A shipped standard, by directory name.
#[must_use]
pub fn shipped(name: &str) -> PathBuf {
    repo().join("standards").join(name)
}

/// The finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub stdout_bytes: Vec<u8>,
}

impl Run {
    /// Assert the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout(&self, expected: &str) -> &Self {
        assert_eq!(self.stdout, expected, "stdout");
        self
    }

    #[track_caller]
    pub fn stderr(&self, expected: &str) -> &Self {
        assert_eq!(self.stderr, expected, "stderr");
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, part: &str) -> &Self {
        assert!(
            self.stderr.contains(part),
            "stderr lacks {part:?}:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, part: &str) -> &Self {
        assert!(
            self.stdout.contains(part),
            "stdout lacks {part:?}:\n{}",
            self.stdout
        );
        self
    }
}

/// A temporary working directory with fixture files and a command line.
pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<OsString>,
    env: Vec<(String, String)>,
    stdin: Option<Vec<u8>>,
}

impl Default for Test {
    fn default() -> Self {
        Self::new()
    }
}

impl Test {
    #[must_use]
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
            args: Vec::new(),
            env: Vec::new(),
            stdin: None,
        }
    }

    /// The working directory.
    #[must_use]
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write a fixture file (parents created), relative to the work dir.
    #[must_use]
    pub fn file(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, contents).expect("write fixture");
        self
    }

    /// Copy a tree (a shipped standard or example) into the work dir.
    #[must_use]
    pub fn copy(self, from: &Path, to: &str) -> Self {
        copy_dir(from, &self.dir.path().join(to));
        self
    }

    #[must_use]
    pub fn arg(mut self, a: impl Into<OsString>) -> Self {
        self.args.push(a.into());
        self
    }

    #[must_use]
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    #[must_use]
    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    #[must_use]
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// Read a file the run wrote.
    #[must_use]
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(name)).expect("read output")
    }

    /// The names in a directory of the work dir (`""` for the work dir
    /// itself), sorted: to check what a run left behind.
    #[must_use]
    pub fn listing(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path().join(dir))
            .expect("read work dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Run `ceping` with the arguments, in the work dir.
    #[must_use]
    pub fn run(&self) -> Run {
        self.run_in("", &self.args)
    }

    /// Run `ceping` with other arguments, in a directory of the work dir
    /// (`""` for the work dir itself): for a session of several commands.
    #[must_use]
    pub fn run_in(&self, dir: &str, args: &[OsString]) -> Run {
        ceping_in(
            &self.dir.path().join(dir),
            args,
            &self.env,
            self.stdin.as_deref(),
        )
    }
}

/// Run `ceping` in `dir` with `args` (and `env`, `stdin`), independent of
/// the machine's language settings.
#[must_use]
pub fn ceping_in(
    dir: &Path,
    args: &[OsString],
    env: &[(String, String)],
    stdin: Option<&[u8]>,
) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("ceping").expect("binary");
    cmd.current_dir(dir)
        .args(args)
        .env_remove("CEPING_LANG")
        // The locale picks the language of --help and usage errors;
        // runs must not depend on the machine's.
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("RUST_BACKTRACE")
        // Help text wraps at $COLUMNS; keep it at the built-in width.
        .env_remove("COLUMNS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    if let Some(s) = stdin {
        cmd.write_stdin(s.to_vec());
    }
    let out = cmd.output().expect("run ceping");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stdout_bytes: out.stdout,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(from, to).expect("copy");
        return;
    }
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        copy_dir(&e.path(), &to.join(e.file_name()));
    }
}

/// Every drawn table has straight right edges: all its lines have the same
/// display width (CJK characters count as two columns).
#[track_caller]
pub fn assert_tables_aligned(text: &str) {
    let mut width = None;
    for line in text.lines() {
        if !line.starts_with(['┌', '│', '╞', '└', '+', '|']) {
            width = None;
            continue;
        }
        let w = unicode_width::UnicodeWidthStr::width(line);
        match width {
            None => width = Some(w),
            Some(first) => assert_eq!(first, w, "misaligned table line:\n{line}"),
        }
    }
}

/// `base` with each `(from, to)` replaced once, in order. Panics when `from`
/// is not there, so that a fixture cannot silently stop testing what it
/// claims to test.
#[must_use]
#[track_caller]
pub fn edit(base: &str, edits: &[(&str, &str)]) -> String {
    let mut s = base.to_string();
    for (from, to) in edits {
        assert!(s.contains(from), "fixture lacks {from:?}");
        s = s.replacen(from, to, 1);
    }
    s
}

/// [`MINI`] with edits applied (see [`edit`]).
#[must_use]
#[track_caller]
pub fn mini(edits: &[(&str, &str)]) -> String {
    edit(MINI, edits)
}

/// A minimal valid standard, as one TOML file, for error tests to mutate.
pub const MINI: &str = r#"[standard]
id = "mini"
name = "迷你测评体系"
levels = ["测评项目", "测评指标", "测评标准"]
full_score = 100

[[group]]
id = "A"
name = "公共环境"

[[group]]
id = "A1"
parent = "A"
name = "市容环境卫生"

[[criterion]]
id = "A1.01"
group = "A1"
text = "路面无乱扔垃圾、乱张贴"
score = 4
method = "field"
point_types = ["主次干道", "商业大街"]
lead = "市城管局"
rule = { kind = "deduct", per_problem = 0.5 }
"#;

// --- scoring ------------------------------------------------------------------

/// A small standard with every rule kind, for `ceping score` tests. Hand
/// computations in the tests rely on these numbers:
///
/// | id | group | 分值 | method   | rule                                   | lead (assist)   |
/// |----|-------|------|----------|----------------------------------------|-----------------|
/// | R1 | A1    | 10   | field    | rate                                   | 城管局          |
/// | R2 | A1    | 10   | field    | rate, `full_at` 0.8                    | 城管局          |
/// | L1 | A2    | 5    | field    | all                                    | 住建局 (城管局) |
/// | D1 | A2    | 4    | field    | deduct 0.5 per problem                 | 住建局          |
/// | Q1 | B1    | 6    | material | quota: 3 required, 1 per missing item  | 文明办          |
/// | G1 | B1    | 5    | survey   | graded: A = 1, B = 0.8, C = 0.5        | 文明办          |
///
/// Σ 分值 = 40, `full_score` = 100, no method weights (so λ = 100 / Σ 分值 of
/// the applying criteria), 无法调查 excluded, 严重不合格 zeroes. Groups: A
/// (A1, A2) and B (B1). Penalties: N1 (3 points) and N2 (5 points, veto).
pub const RULES: &str = r#"[standard]
id = "rules"
name = "计分规则测试"
levels = ["测评项目", "测评指标", "测评标准"]
full_score = 100
decimals = 2

[standard.policy]
unobservable = "exclude"
severe = "zero"

[[group]]
id = "A"
name = "公共环境"

[[group]]
id = "A1"
parent = "A"
name = "市容环境"

[[group]]
id = "A2"
parent = "A"
name = "市政设施"

[[group]]
id = "B"
name = "公共服务"

[[group]]
id = "B1"
parent = "B"
name = "窗口服务"

[[criterion]]
id = "R1"
group = "A1"
text = "道路干净整洁"
score = 10
method = "field"
point_types = ["主次干道", "背街小巷"]
lead = "城管局"
rule = { kind = "rate" }

[[criterion]]
id = "R2"
group = "A1"
text = "门前三包落实"
score = 10
method = "field"
point_types = ["主次干道"]
lead = "城管局"
rule = { kind = "rate", full_at = 0.8 }

[[criterion]]
id = "L1"
group = "A2"
text = "公共设施完好"
score = 5
method = "field"
point_types = ["公共广场"]
lead = "住建局"
assist = ["城管局"]
rule = { kind = "all" }

[[criterion]]
id = "D1"
group = "A2"
text = "工地围挡规范"
score = 4
method = "field"
point_types = ["主次干道"]
lead = "住建局"
rule = { kind = "deduct", per_problem = 0.5 }

[[criterion]]
id = "Q1"
group = "B1"
text = "公益广告数量"
score = 6
method = "material"
lead = "文明办"
rule = { kind = "quota", required = 3, per_missing = 1 }

[[criterion]]
id = "G1"
group = "B1"
text = "群众满意度"
score = 5
method = "survey"
lead = "文明办"
rule = { kind = "graded", grades = { A = 1, B = 0.8, C = 0.5 } }

[[penalty]]
id = "N1"
text = "发生重大安全事故"
points = 3

[[penalty]]
id = "N2"
text = "弄虚作假"
points = 5
veto = true
"#;

/// [`RULES`] with edits applied (see [`edit`]).
#[must_use]
#[track_caller]
pub fn rules(edits: &[(&str, &str)]) -> String {
    edit(RULES, edits)
}

/// Rows of [`RULES`] (after [`HEAD`]): five, three of them rejected (no
/// such criterion); 甲区 R1 2/2.
pub const THREE_OF_FIVE: &[&str] = &[
    "甲区,p1,R1,合格,,,",
    "甲区,p2,R1,合格,,,",
    "甲区,p3,X9,合格,,,",
    "甲区,p4,X9,合格,,,",
    "甲区,p5,X9,合格,,,",
];

/// A program on `PATH`, if there is one.
#[must_use]
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|p| p.join(name))
        .find(|p| p.is_file())
}

/// Send `signal` (`INT`, `TERM`, …) to the process `pid`.
pub fn send_signal(pid: u32, signal: &str) {
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("kill")
        .success();
    assert!(sent, "kill -{signal} {pid}");
}

/// [`RULES`] with method weights: field 50, material 30, survey 20.
#[must_use]
pub fn rules_weighted() -> String {
    rules(&[(
        "[standard.policy]",
        "[standard.methods]\nfield = { name = \"实地考察\", weight = 50 }\n\
         material = { name = \"材料审核\", weight = 30 }\n\
         survey = { name = \"问卷调查\", weight = 20 }\n\n[standard.policy]",
    )])
}

/// The header most scoring tests use; a row is then
/// `区县,点位,标准编号,结果,问题数,数量,得分`.
pub const HEAD: &str = "区县,点位,标准编号,结果,问题数,数量,得分\n";

/// [`HEAD`] followed by `rows`, one per line.
#[must_use]
pub fn csv(rows: &[&str]) -> String {
    csv_with(HEAD, rows)
}

/// The header `head` (ending in a line break) followed by `rows`, one per
/// line.
#[must_use]
pub fn csv_with(head: &str, rows: &[&str]) -> String {
    let mut s = head.to_string();
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

/// `std` with `scope = "unit"` in its policy: all of a unit's rows of a
/// criterion scored together (the rule before per-point scoring).
#[must_use]
pub fn unit_scope(std: &str) -> String {
    std.replacen(
        "[standard.policy]\n",
        "[standard.policy]\nscope = \"unit\"\n",
        1,
    )
}

/// The rounded score of a district in a JSON report.
#[must_use]
pub fn district_score(v: &serde_json::Value, name: &str) -> String {
    num(&find(v, "districts", name)["score"])
}

/// The rounded points a criterion earned in the city, in a JSON report.
#[must_use]
pub fn earned(v: &serde_json::Value, id: &str) -> String {
    num(&find(v, "criteria", id)["earned"])
}

/// The city's rounded headline score in a JSON report.
#[must_use]
pub fn city_score(v: &serde_json::Value) -> String {
    num(&v["city"]["score"])
}

/// A work dir with the standard `std` as `s.toml` and the inspection file
/// `data` as `d.csv`, set to run `ceping score d.csv -s s.toml`.
#[must_use]
pub fn scoring(std: &str, data: impl AsRef<[u8]>) -> Test {
    Test::new()
        .file("s.toml", std)
        .file("d.csv", data)
        .args(["score", "d.csv", "-s", "s.toml"])
}

impl Run {
    /// Stdout parsed as JSON.
    #[track_caller]
    #[must_use]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A JSON number (or null) exactly as written: `62.50`, `null`.
#[must_use]
#[track_caller]
pub fn num(v: &serde_json::Value) -> String {
    assert!(v.is_number() || v.is_null(), "not a number: {v}");
    v.to_string()
}

/// The `field` of every element of the JSON array `list`, as strings.
#[must_use]
#[track_caller]
pub fn strings<'a>(v: &'a serde_json::Value, list: &str, field: &str) -> Vec<&'a str> {
    v[list]
        .as_array()
        .unwrap_or_else(|| panic!("no array {list:?} in {v}"))
        .iter()
        .map(|e| {
            e[field]
                .as_str()
                .unwrap_or_else(|| panic!("no {field:?} in {e}"))
        })
        .collect()
}

/// The element of the array `v[list]` whose `id` or `name` is `key`.
#[must_use]
#[track_caller]
pub fn find<'a>(v: &'a serde_json::Value, list: &str, key: &str) -> &'a serde_json::Value {
    v[list]
        .as_array()
        .unwrap_or_else(|| panic!("no array {list:?} in {v}"))
        .iter()
        .find(|e| e["id"] == key || e["name"] == key)
        .unwrap_or_else(|| panic!("no {key:?} in {list}: {}", v[list]))
}

/// Write `files` into `dir` as 0.csv, 1.csv, ... and name them as inputs
/// (for tests that call the library's reader directly).
pub fn write_sources(dir: &Path, files: &[impl AsRef<[u8]>]) -> Vec<ceping::input::Source> {
    files
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let path = dir.join(format!("{i}.csv"));
            std::fs::write(&path, bytes).expect("write an input");
            ceping::input::Source {
                path,
                display: format!("{i}.csv"),
            }
        })
        .collect()
}

// --- workbooks (issue 10) -----------------------------------------------------

/// A workbook (xlsx bytes) made with `rust_xlsxwriter`: one sheet per
/// `(name, rows)`, each cell written as its text says:
/// - `""`: left empty;
/// - `n:3.0`: a number;
/// - `d:45356`: a date serial, formatted as a date (`yyyy-mm-dd`);
/// - `f:=1+1|2`: a formula with its cached result (`#N/A` makes an error);
/// - `b:true`: a boolean;
/// - anything else: a string.
///
/// A sheet whose first row holds one cell (a title) has it merged over the
/// next three cells, as title rows are.
#[must_use]
#[track_caller]
pub fn xlsx(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook};
    let mut book = Workbook::new();
    // A fixed creation time: the same sheets give the same bytes (and the
    // same SHA-256 in a report), whenever they are built.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).expect("a date");
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("a sheet name");
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r).expect("few rows");
            if r == 0 && row.len() == 1 && !row[0].contains(':') {
                sheet
                    .merge_range(0, 0, 0, 3, row[0], &Format::new())
                    .expect("merge a title");
                continue;
            }
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).expect("few columns");
                let done = if cell.is_empty() {
                    continue;
                } else if let Some(n) = cell.strip_prefix("n:") {
                    sheet.write_number(r, c, n.parse::<f64>().expect("a number"))
                } else if let Some(n) = cell.strip_prefix("d:") {
                    sheet.write_number_with_format(r, c, n.parse::<f64>().expect("a serial"), &date)
                } else if let Some(f) = cell.strip_prefix("f:") {
                    let (formula, result) = f.split_once('|').expect("formula|result");
                    sheet.write_formula(r, c, Formula::new(formula).set_result(result))
                } else if let Some(b) = cell.strip_prefix("b:") {
                    sheet.write_boolean(r, c, b == "true")
                } else {
                    sheet.write_string(r, c, *cell)
                };
                done.expect("write a cell");
            }
        }
    }
    book.save_to_buffer().expect("an xlsx")
}

/// Read `text` as `d.csv` under the [`RULES`] standard through the library,
/// as `ceping score` does, with `threads` workers and byte ranges of
/// `chunk_bytes` (0: the default size): the diagnostics rendered in `lang`,
/// and the row counts as `RowCounts { read: …, used: …, rejected: … }`.
#[must_use]
pub fn read_lib(
    text: &str,
    threads: usize,
    chunk_bytes: u64,
    lang: ceping::i18n::Lang,
) -> (Vec<String>, String) {
    use ceping::input::{Checker, Context, ReadOptions, Source, read};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("d.csv");
    std::fs::write(&path, text).expect("write");
    let st_path = dir.path().join("s.toml");
    std::fs::write(&st_path, RULES).expect("write");
    let st = ceping::standard::load(&st_path)
        .standard
        .expect("a valid standard");
    let context = Context::default();
    let checker = Checker {
        standard: &st,
        context: &context,
    };
    let opts = ReadOptions {
        threads,
        encoding: None,
        delimiter: None,
        keep_rejects: false,
        sha256: false,
        chunk_bytes,
        sheet: None,
        header_row: None,
    };
    let sources = [Source {
        path,
        display: "d.csv".into(),
    }];
    let result = read(&sources, &checker, opts, || ceping::score::Tally::new(&st)).expect("read");
    let diags = result.diagnostics.iter().map(|d| d.render(lang)).collect();
    (diags, format!("{:?}", result.rows))
}
