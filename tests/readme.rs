//! The outputs README shows are the outputs ceping gives: each command of
//! README's walk through the example city is run as README writes it and
//! its output found in README, so that the documentation cannot drift from
//! the program.

mod common;

use common::{Run, Test, repo, shipped};

/// `ceping <args>` run where README's commands run (the repository root),
/// on a copy of the example city and the shipped standard.
fn run(args: &[&str]) -> Run {
    let run = Test::new()
        .copy(&repo().join("examples/city"), "examples/city")
        .copy(
            &shipped("national-prefecture"),
            "standards/national-prefecture",
        )
        .args(args)
        .run();
    run.code(0);
    run
}

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).expect("README.md")
}

/// README's text contains `output` (its trailing blank lines aside).
#[track_caller]
fn shown(output: &str) {
    let output = output.trim_end();
    assert!(
        readme().contains(output),
        "README does not show this output as it is now:\n{output}"
    );
}

#[test]
fn the_first_command_prints_what_readme_shows() {
    let run = run(&[
        "score",
        "--config",
        "examples/city/ceping.toml",
        "--round",
        "latest",
    ]);
    shown(&run.stdout);
    shown(&run.stderr);
}

#[test]
fn gaps_prints_what_readme_shows() {
    let run = run(&[
        "gaps",
        "--config",
        "examples/city/ceping.toml",
        "--round",
        "latest",
        "--top",
        "5",
        "-f",
        "md",
    ]);
    // README shows the report's title in bold rather than as a heading.
    shown(&run.stdout.replacen(
        "# 可挽回分（按测评标准）\n",
        "**可挽回分（按测评标准）**\n",
        1,
    ));
}

#[test]
fn compare_prints_what_readme_shows() {
    let run = run(&[
        "compare",
        "--config",
        "examples/city/ceping.toml",
        "--round",
        "2024年第1轮",
        "--round",
        "2024年第2轮",
        "-f",
        "md",
    ]);
    // README shows the first view, its title in bold.
    let first = run.stdout.split("\n# ").next().unwrap_or_default();
    shown(&first.replacen("# 区县得分对比\n", "**区县得分对比**\n", 1));
}

#[test]
fn problems_prints_the_rows_readme_shows() {
    let run = run(&[
        "problems",
        "--config",
        "examples/city/ceping.toml",
        "--round",
        "all",
        "--as-of",
        "2024-06-10",
        "-f",
        "md",
    ]);
    let readme = readme();
    let start = readme
        .find("**各区县整改情况**")
        .expect("README shows the district summary");
    // The excerpt's rows, each a row of the real output.
    for line in readme[start..]
        .lines()
        .skip(1)
        .skip_while(|l| l.is_empty())
        .take_while(|l| l.starts_with('|'))
    {
        assert!(run.stdout.contains(line), "not in the output: {line}");
    }
    let relapses = self::run(&[
        "problems",
        "--config",
        "examples/city/ceping.toml",
        "--round",
        "all",
        "--as-of",
        "2024-06-10",
        "--district",
        "永城市",
        "--status",
        "relapsed",
        "-f",
        "csv",
    ]);
    let row = relapses
        .stdout
        .lines()
        .find(|l| l.starts_with("P-D0539B5BD0,"))
        .expect("README's relapse");
    for part in [
        "2024-03-01",
        "北海路22号社区",
        "K1.01",
        "已整改",
        "2024-03-02",
        "回潮",
    ] {
        assert!(row.contains(part), "{part} not in {row}");
    }
}
