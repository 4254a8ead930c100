//! `ceping completions` and `ceping man` (issue 13): generated from the
//! command line, they name every subcommand and flag.

mod common;

use common::Test;

const SHELLS: [&str; 4] = ["bash", "zsh", "fish", "powershell"];

#[test]
fn each_shell_gets_a_script_naming_the_subcommands_and_flags() {
    for shell in SHELLS {
        let run = Test::new().args(["completions", shell]).run();
        run.code(0).stderr("");
        assert!(!run.stdout.trim().is_empty(), "{shell}: empty script");
        // fish names a long flag `-l round`, the others `--round`.
        let round = if shell == "fish" {
            "-l round"
        } else {
            "--round"
        };
        for word in ["score", "gaps", "report", round] {
            assert!(
                run.stdout.contains(word),
                "{shell}: the script lacks {word:?}"
            );
        }
    }
}

#[test]
fn the_scripts_complete_the_ceping_command() {
    let bash = Test::new().args(["completions", "bash"]).run();
    bash.code(0)
        .stdout_has("complete -F _ceping")
        .stdout_has("ceping");
    let zsh = Test::new().args(["completions", "zsh"]).run();
    zsh.code(0).stdout_has("#compdef ceping");
    let fish = Test::new().args(["completions", "fish"]).run();
    fish.code(0).stdout_has("complete -c ceping");
    let ps = Test::new().args(["completions", "powershell"]).run();
    ps.code(0).stdout_has("Register-ArgumentCompleter");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    Test::new()
        .args(["completions", "elvish"])
        .run()
        .code(2)
        .stdout("")
        .stderr_has("elvish")
        .stderr_has("bash, zsh, fish, powershell");
}

#[test]
fn a_missing_shell_is_a_usage_error() {
    Test::new()
        .args(["completions"])
        .run()
        .code(2)
        .stdout("")
        .stderr_has("<SHELL>");
}

#[test]
fn man_prints_a_man_page_listing_the_subcommands() {
    let run = Test::new().args(["man"]).run();
    run.code(0).stderr("");
    let th = run
        .stdout
        .lines()
        .position(|l| l.starts_with(".TH "))
        .expect("a .TH line");
    // Only roff preamble (string definitions) before the title line.
    assert!(
        run.stdout.lines().take(th).all(|l| l.starts_with('.')),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .lines()
            .nth(th)
            .is_some_and(|l| l.starts_with(".TH ceping 1"))
    );
    run.stdout_has(".SH NAME").stdout_has(".SH SUBCOMMANDS");
    for sub in [
        "check", "standard", "score", "gaps", "compare", "problems", "report",
    ] {
        run.stdout_has(&format!("ceping\\-{sub}(1)"));
    }
    run.stdout_has("\\-\\-lang");
}

#[test]
fn the_help_lists_completions_and_man() {
    Test::new()
        .args(["--help"])
        .run()
        .code(0)
        .stdout_has("completions")
        .stdout_has("  man ");
}

/// The descriptions zsh, fish and PowerShell show are in the help's
/// language; the man page is the English help (groff cannot break lines
/// of Chinese text).
#[test]
fn completions_speak_the_help_language_the_man_page_english() {
    Test::new()
        .args(["completions", "fish"])
        .run()
        .code(0)
        .stdout_has("-a \"score\" -d '计算测评得分：全市、区县、责任单位、测评项目'");
    for en in [
        Test::new().args(["--lang", "en", "completions", "fish"]),
        Test::new()
            .env("LANG", "en_US.UTF-8")
            .args(["completions", "fish"]),
    ] {
        en.run()
            .code(0)
            .stdout_has("-a \"score\" -d 'Score inspection results (计算测评得分)");
    }
    Test::new()
        .args(["man"])
        .run()
        .code(0)
        .stdout_has("scores National Civilized City");
}
