//! Shared test helpers: a `Test` builder that runs the real `ceping` binary
//! in a temporary directory and asserts its exit code, stdout and stderr.
#![allow(dead_code, reason = "each test crate uses a different subset")]

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
        let mut cmd = assert_cmd::Command::cargo_bin("ceping").expect("binary");
        cmd.current_dir(self.dir.path())
            .args(&self.args)
            .env_remove("CEPING_LANG")
            .env_remove("RUST_BACKTRACE")
            // Help text wraps at $COLUMNS; keep it at the built-in width.
            .env_remove("COLUMNS");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(s) = &self.stdin {
            cmd.write_stdin(s.clone());
        }
        let out = cmd.output().expect("run ceping");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            stdout_bytes: out.stdout,
        }
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
