//! `ceping standard`: snapshots of both shipped standards in every format and
//! language, `-o` (atomic, format from the extension), a closed pipe, and
//! `--help`.
//!
//! Each run copies the standard into its temp dir and names it `std`, so the
//! paths in the output (JSON `files`) are the same on every machine.
//! Update the snapshots with `INSTA_UPDATE=always cargo test`, then review
//! the diff of `tests/snapshots/`.

mod common;

use std::io::Read as _;
use std::process::{Command, Stdio};

use common::{MINI, Run, Test, assert_tables_aligned, mini, shipped};

const BOM: &str = "\u{feff}";

/// A work dir holding the shipped standard `name` as `std`.
fn with_shipped(name: &str) -> Test {
    Test::new().copy(&shipped(name), "std")
}

/// `ceping [--lang en] standard --standard std --format <format>`, which must
/// succeed quietly.
fn view(name: &str, format: &str, lang: &str) -> Run {
    let run = with_shipped(name)
        .args([
            "--lang",
            lang,
            "standard",
            "--standard",
            "std",
            "--format",
            format,
        ])
        .run();
    run.code(0).stderr("");
    run
}

/// Snapshot `ceping standard` of a shipped standard in one format, in
/// Chinese and in English, after checking what a snapshot cannot show.
/// JSON is a machine format with English keys: it must not change with the
/// language, so it has one snapshot.
fn snapshot_format(name: &str, format: &str) {
    if format == "json" {
        assert_eq!(
            view(name, format, "en").stdout,
            view(name, format, "zh").stdout,
            "JSON does not depend on --lang"
        );
    }
    let langs: &[&str] = if format == "json" {
        &["zh"]
    } else {
        &["zh", "en"]
    };
    for &lang in langs {
        let run = view(name, format, lang);
        let text = match format {
            "csv" => {
                let body = run.stdout.strip_prefix(BOM).expect("CSV starts with a BOM");
                assert!(body.ends_with("\r\n"), "CSV ends with CRLF");
                assert!(
                    !body.replace("\r\n", "").contains('\n'),
                    "every CSV line ends with CRLF"
                );
                // Snapshots are compared line by line; the bytes are checked above.
                body.replace("\r\n", "\n")
            }
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
                assert!(
                    v["standard"]["files"][0]
                        .as_str()
                        .is_some_and(|f| f.starts_with("std/"))
                );
                run.stdout.clone()
            }
            "table" => {
                assert_tables_aligned(&run.stdout);
                run.stdout.clone()
            }
            _ => run.stdout.clone(),
        };
        let snapshot = if format == "json" {
            format!("{name}-json")
        } else {
            format!("{name}-{format}-{lang}")
        };
        insta::assert_snapshot!(snapshot, text);
    }
}

macro_rules! snapshots {
    ($($test:ident: $name:literal, $format:literal;)*) => {
        $(
            #[test]
            fn $test() {
                snapshot_format($name, $format);
            }
        )*
    };
}

snapshots! {
    national_table: "national-prefecture", "table";
    national_json: "national-prefecture", "json";
    national_csv: "national-prefecture", "csv";
    national_md: "national-prefecture", "md";
    monthly_table: "monthly-check", "table";
    monthly_json: "monthly-check", "json";
    monthly_csv: "monthly-check", "csv";
    monthly_md: "monthly-check", "md";
}

#[test]
fn ascii_table() {
    let run = with_shipped("monthly-check")
        .args(["--ascii", "standard", "-s", "std"])
        .run();
    run.code(0).stderr("");
    assert!(
        !run.stdout.contains(['┌', '│', '┆', '─', '═', '╞', '└']),
        "box-drawing characters in --ascii output"
    );
    assert_tables_aligned(&run.stdout);
    insta::assert_snapshot!("monthly-check-table-ascii", run.stdout);
}

#[test]
fn table_is_the_default_format() {
    let run = with_shipped("monthly-check")
        .args(["standard", "-s", "std"])
        .run();
    run.code(0)
        .stdout(&view("monthly-check", "table", "zh").stdout);
}

// --- -o ---------------------------------------------------------------------

#[test]
fn output_file_gets_its_format_from_the_extension() {
    let json = view("national-prefecture", "json", "zh").stdout;
    let t = with_shipped("national-prefecture").args(["standard", "-s", "std", "-o", "out.json"]);
    t.run().code(0).stdout("").stderr("");
    assert_eq!(String::from_utf8(t.read("out.json")).expect("UTF-8"), json);
    assert_eq!(t.listing(""), ["out.json", "std"], "no temp file left");
}

#[test]
fn output_file_with_a_chinese_name_and_csv_extension() {
    let csv = view("monthly-check", "csv", "zh").stdout_bytes;
    let t = with_shipped("monthly-check").args(["standard", "-s", "std", "-o", "测评体系.csv"]);
    t.run().code(0).stdout("").stderr("");
    assert_eq!(t.read("测评体系.csv"), csv);
    assert_eq!(t.listing(""), ["std", "测评体系.csv"]);
}

#[test]
fn output_file_replaces_an_existing_file() {
    let md = view("monthly-check", "md", "en").stdout;
    let t = with_shipped("monthly-check")
        .file("out/report.md", "old contents\n")
        .args([
            "--lang",
            "en",
            "standard",
            "-s",
            "std",
            "-o",
            "out/report.md",
        ]);
    t.run().code(0).stdout("").stderr("");
    assert_eq!(
        String::from_utf8(t.read("out/report.md")).expect("UTF-8"),
        md
    );
    assert_eq!(t.listing("out"), ["report.md"]);
}

#[test]
fn output_dash_is_stdout_and_format_overrides_extension() {
    with_shipped("monthly-check")
        .args(["standard", "-s", "std", "-o", "-", "-f", "json"])
        .run()
        .code(0)
        .stdout(&view("monthly-check", "json", "zh").stdout);
    let t =
        with_shipped("monthly-check").args(["standard", "-s", "std", "-o", "x.json", "-f", "md"]);
    t.run().code(0).stdout("");
    assert_eq!(
        String::from_utf8(t.read("x.json")).expect("UTF-8"),
        view("monthly-check", "md", "zh").stdout
    );
}

#[test]
fn output_into_a_missing_directory_fails_and_writes_nothing() {
    let t =
        with_shipped("monthly-check").args(["standard", "-s", "std", "-o", "missing-dir/x.json"]);
    let run = t.run();
    run.code(3)
        .stdout("")
        .stderr("ceping: 无法写入输出文件 missing-dir/x.json：目录不存在\n");
    assert_eq!(t.listing(""), ["std"]);

    with_shipped("monthly-check")
        .args([
            "--lang",
            "en",
            "standard",
            "-s",
            "std",
            "-o",
            "missing-dir/x.json",
        ])
        .run()
        .code(3)
        .stdout("")
        .stderr("ceping: cannot write the output file missing-dir/x.json: the directory does not exist\n");
}

#[test]
fn invalid_standard_with_output_file_writes_nothing() {
    let t = Test::new()
        .file("s.toml", mini(&[("score = 4", "score = 0")]))
        .args(["standard", "-s", "s.toml", "-o", "out.csv"]);
    t.run()
        .code(2)
        .stdout("")
        .stderr_has("s.toml:20:9: error: “score” 必须大于 0，实际为 0");
    assert_eq!(t.listing(""), ["s.toml"]);
}

#[test]
fn warnings_go_to_stderr_and_the_view_to_stdout() {
    let run = Test::new()
        .file("s.toml", mini(&[("lead = \"市城管局\"\n", "")]))
        .args(["standard", "-s", "s.toml", "-f", "csv"])
        .run();
    run.code(0)
        .stderr_has("s.toml:17:6: warning: 测评标准 “A1.01” 没有牵头单位（lead）");
    assert!(run.stdout.starts_with(BOM), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("A1.01,测评标准,路面无乱扔垃圾、乱张贴,,4,实地考察")
    );
    // MINI itself is quiet.
    Test::new()
        .file("s.toml", MINI)
        .args(["standard", "-s", "s.toml"])
        .run()
        .code(0)
        .stderr("");
}

// --- a closed pipe ------------------------------------------------------------

#[test]
fn closed_stdout_pipe_is_not_an_error() {
    // Both outputs are larger than a pipe buffer (64 KiB), so ceping is still
    // writing when the reader goes away.
    for format in ["table", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ceping"))
            .args(["standard", "--format", format, "--standard"])
            .arg(shipped("national-prefecture"))
            .env_remove("CEPING_LANG")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn ceping");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 10];
        stdout.read_exact(&mut first).expect("read 10 bytes");
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut stderr)
            .expect("read stderr");
        let status = child.wait().expect("wait");
        assert_eq!(status.code(), Some(0), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}

// --- help -------------------------------------------------------------------

#[test]
fn help() {
    for (name, args) in [
        ("help", &["--help"][..]),
        ("help-check", &["check", "--help"]),
        ("help-standard", &["standard", "--help"]),
    ] {
        let run = Test::new().args(args).run();
        run.code(0).stderr("");
        insta::assert_snapshot!(name, run.stdout);
    }
}
