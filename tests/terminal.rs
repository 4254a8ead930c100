//! The terminal (issue 13): `--quiet`, `--color`, the progress line and
//! tables that fit `--width`.
//!
//! Update the snapshots with `INSTA_UPDATE=always cargo test --test
//! terminal`, then review the diff of `tests/snapshots/`.

mod common;

use common::{RULES, Run, THREE_OF_FIVE, Test, csv, repo, scoring, shipped};
use unicode_width::UnicodeWidthStr as _;

/// `ceping <global> score --config examples/city/ceping.toml --round
/// latest <args>` in a copy of the example city.
fn city(global: &[&str], args: &[&str]) -> (Test, Run) {
    let t = Test::new()
        .copy(&repo().join("examples/city"), "examples/city")
        .copy(
            &shipped("national-prefecture"),
            "standards/national-prefecture",
        )
        .args(global)
        .args(["score", "--config", "examples/city/ceping.toml"])
        .args(["--round", "latest"])
        .args(args);
    let run = t.run();
    run.code(0);
    (t, run)
}

/// The widest line, in display columns.
fn widest(text: &str) -> usize {
    text.lines().map(str::width).max().unwrap_or(0)
}

// --- --width --------------------------------------------------------------------

#[test]
fn the_district_and_criterion_views_fit_80_and_120_columns() {
    for by in ["district", "criterion"] {
        let (_, plain) = city(&[], &["--by", by]);
        assert!(widest(&plain.stdout) > 80, "the test needs a wide table");
        for width in [80, 120] {
            let w = width.to_string();
            let (_, run) = city(&["--width", &w], &["--by", by]);
            for line in run.stdout.lines() {
                assert!(line.width() <= width, "wider than {width}: {line}");
            }
            common::assert_tables_aligned(&run.stdout);
            // The head of the long criterion view is enough to show its layout.
            let head: Vec<&str> = run.stdout.lines().take(60).collect();
            insta::assert_snapshot!(format!("terminal-{by}-{width}"), head.join("\n"));
        }
    }
}

/// Every command's tables go through the one renderer: all fit.
#[test]
fn every_command_fits_the_width() {
    let commands: [&[&str]; 5] = [
        &["gaps", "--round", "latest", "--by", "district"],
        &["problems", "--round", "all", "--as-of", "2024-06-30"],
        &[
            "compare",
            "--by",
            "criterion",
            "--round",
            "2024年第1轮",
            "--round",
            "2024年第2轮",
        ],
        &["score", "--round", "latest", "--by", "department"],
        &["standard"],
    ];
    for args in commands {
        let (config, standard) = if args[0] == "standard" {
            (&[][..], &["-s", "standards/national-prefecture"][..])
        } else {
            (&["--config", "examples/city/ceping.toml"][..], &[][..])
        };
        let run = Test::new()
            .copy(&repo().join("examples/city"), "examples/city")
            .copy(
                &shipped("national-prefecture"),
                "standards/national-prefecture",
            )
            .args(["--width", "60"])
            .args(args)
            .args(config)
            .args(standard)
            .run();
        run.code(0);
        assert!(widest(&run.stdout) <= 60, "{args:?}:\n{}", run.stdout);
        common::assert_tables_aligned(&run.stdout);
    }
}

#[test]
fn a_table_that_fits_is_not_changed_by_width() {
    let (_, plain) = city(&[], &[]);
    let (_, wide) = city(&["--width", "400"], &[]);
    assert_eq!(plain.stdout, wide.stdout);
}

#[test]
fn a_file_is_never_wrapped() {
    let (_, plain) = city(&[], &["--by", "criterion"]);
    let (t, run) = city(&["--width", "80"], &["--by", "criterion", "-o", "out.txt"]);
    assert_eq!(run.stdout, "");
    assert_eq!(String::from_utf8_lossy(&t.read("out.txt")), plain.stdout);
}

#[test]
fn width_below_20_is_a_usage_error() {
    Test::new()
        .args(["--width", "10", "score"])
        .run()
        .code(2)
        .stderr_has("--width");
}

// --- --quiet --------------------------------------------------------------------

#[test]
fn quiet_hides_warnings_notes_and_summaries() {
    let loud = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--skip-invalid"])
        .run();
    loud.code(0)
        .stderr_has("warning: ")
        .stderr_has("ceping: 读入 5 行，计分 2 行，剔除 3 行");
    let quiet = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--skip-invalid", "--quiet"])
        .run();
    quiet.code(0).stderr("");
    assert_eq!(quiet.stdout, loud.stdout, "the report is unchanged");
    // The example city's notes (a title row skipped) and coverage warnings.
    let (_, run) = city(&["-q"], &[]);
    run.stderr("");
    let (_, run) = city(&["--lang", "en", "--quiet"], &[]);
    run.stderr("");
}

#[test]
fn quiet_still_prints_errors_and_the_gate_reason() {
    let run = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--quiet", "--skip-invalid", "--max-rejects", "1"])
        .run();
    run.code(1)
        .stderr("ceping: 读入 5 行，剔除 3 行，超过 --max-rejects 1\n");
    let run = scoring(RULES, csv(THREE_OF_FIVE)).args(["-q"]).run();
    run.code(2)
        .stderr_has("error: ")
        .stderr_has("ceping: 发现 3 个错误");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let run = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--lang", "en", "-q", "--skip-invalid", "--max-rejects", "1"])
        .run();
    run.code(1)
        .stderr("ceping: 3 of 5 rows read were rejected, more than --max-rejects 1\n");
}

// --- --color --------------------------------------------------------------------

const ESC: char = '\u{1b}';

#[test]
fn color_always_paints_severity_words_and_the_gate_line() {
    let run = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--color", "always", "--skip-invalid", "--max-rejects", "1"])
        .run();
    run.code(1)
        .stderr_has("\u{1b}[1;33mwarning\u{1b}[0m: ")
        .stderr_has("\u{1b}[1;31mceping: 读入 5 行，剔除 3 行，超过 --max-rejects 1\u{1b}[0m\n");
    let run = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--color", "always"])
        .run();
    run.code(2).stderr_has("\u{1b}[1;31merror\u{1b}[0m: ");
}

#[test]
fn no_color_and_pipes_stay_plain() {
    let auto = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--skip-invalid"])
        .run();
    assert!(
        !auto.stderr.contains(ESC),
        "a pipe is not colored under auto"
    );
    let forced = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--skip-invalid"])
        .env("CLICOLOR_FORCE", "1")
        .run();
    assert!(forced.stderr.contains(ESC), "CLICOLOR_FORCE=1 forces color");
    let no_color = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--skip-invalid"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .run();
    assert!(!no_color.stderr.contains(ESC), "NO_COLOR wins over auto");
    let never = scoring(RULES, csv(THREE_OF_FIVE))
        .args(["--skip-invalid", "--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .run();
    assert!(!never.stderr.contains(ESC), "never is never");
}

#[test]
fn color_always_paints_band_cells_of_tables_on_stdout_only() {
    let (_, plain) = city(&[], &[]);
    let (_, run) = city(&["--color", "always"], &[]);
    assert!(run.stdout.contains(ESC), "{}", run.stdout);
    let red_list = run
        .stdout
        .lines()
        .find(|l| l.contains("梁园区"))
        .unwrap_or("");
    assert!(
        red_list.contains(ESC),
        "the 红榜 cell is colored: {red_list}"
    );
    let unbanded = run
        .stdout
        .lines()
        .find(|l| l.contains("虞城县"))
        .unwrap_or("");
    assert!(!unbanded.contains(ESC), "no band, no color: {unbanded}");
    // Files, JSON and CSV are never colored.
    let (t, run) = city(&["--color", "always"], &["-o", "out.txt"]);
    assert_eq!(String::from_utf8_lossy(&t.read("out.txt")), plain.stdout);
    assert!(!run.stderr.contains("\u{1b}[3"), "no table went to stderr");
    for format in ["json", "csv", "md"] {
        let (_, run) = city(&["--color", "always"], &["-f", format]);
        assert!(!run.stdout.contains(ESC), "{format} is colored");
    }
}

// --- progress -------------------------------------------------------------------

#[test]
fn a_piped_stderr_has_no_progress_line() {
    let (_, run) = city(&[], &[]);
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
    assert!(!run.stderr.contains("读取中"), "{}", run.stderr);
}

/// On a terminal, a read that takes more than a second shows the line
/// (held for 1.5 s by a hook of debug builds) and erases it; `--quiet`
/// shows none. Needs `script` for a terminal; the decision itself is
/// unit-tested.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the slow-read hook is in debug builds only"
)]
fn a_slow_read_on_a_terminal_shows_the_progress_line_then_erases_it() {
    let Some(script) = common::which("script") else {
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("ceping");
    let t = Test::new()
        .file("s.toml", RULES)
        .file("d.csv", csv(&["甲区,p1,R1,合格,,,"]));
    let on_terminal = |flags: &str| {
        let out = std::process::Command::new(&script)
            .current_dir(t.path())
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("CEPING_LANG")
            .env("CEPING_TEST_SLOW_READ_MS", "1500")
            .args(["-qec"])
            .arg(format!(
                "{} score d.csv -s s.toml {flags} >/dev/null",
                bin.display()
            ))
            .arg("/dev/null")
            .output()
            .expect("script");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(0), "{text}");
        text
    };
    let text = on_terminal("");
    assert!(
        text.contains("\r读取中 0/1 个文件 · 0 MB\u{1b}[K"),
        "{text:?}"
    );
    assert!(text.ends_with("\r\u{1b}[K"), "erased at the end: {text:?}");
    let quiet = on_terminal("--quiet");
    assert!(!quiet.contains("读取中"), "{quiet:?}");
}
