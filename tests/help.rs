//! `--help` and usage errors in the user's language: Chinese by default,
//! English with `--lang en`, `CEPING_LANG=en` or an English locale. The
//! locale never changes the language of reports.

mod common;

use common::{RULES, Test, csv, scoring};

/// Help in Chinese: headings, the commands' descriptions, the exit codes.
#[track_caller]
fn assert_chinese_help(stdout: &str) {
    for part in [
        "用法: ceping [选项] <命令>",
        "命令:",
        "校验测评体系",
        "计算测评得分",
        "选项:",
        "显示帮助",
        "退出码:",
    ] {
        assert!(stdout.contains(part), "no {part:?} in:\n{stdout}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Print help",
        "Exit codes",
    ] {
        assert!(!stdout.contains(english), "{english:?} in:\n{stdout}");
    }
}

#[track_caller]
fn assert_english_help(stdout: &str) {
    for part in [
        "Usage: ceping [OPTIONS] <COMMAND>",
        "Commands:",
        "Validate a standard",
        "Options:",
        "Print help",
        "Exit codes:",
    ] {
        assert!(stdout.contains(part), "no {part:?} in:\n{stdout}");
    }
    // The English keeps the Chinese terms the files use (测评体系).
    for chinese in ["用法", "选项", "退出码", "显示帮助"] {
        assert!(!stdout.contains(chinese), "{chinese:?} in:\n{stdout}");
    }
}

#[test]
fn help_is_chinese_by_default() {
    let run = Test::new().args(["--help"]).run();
    run.code(0).stderr("");
    assert_chinese_help(&run.stdout);
    let short = Test::new().args(["-h"]).run();
    short.code(0).stderr("");
    assert_chinese_help(&short.stdout);
}

#[test]
fn help_is_english_with_lang_en() {
    for args in [&["--lang", "en", "--help"][..], &["--help", "--lang=en"]] {
        let run = Test::new().args(args).run();
        run.code(0).stderr("");
        assert_english_help(&run.stdout);
    }
    let run = Test::new().args(["--lang", "en", "--help"]).run();
    insta::assert_snapshot!("help-en", run.stdout);
}

#[test]
fn help_is_english_with_ceping_lang_en() {
    let run = Test::new().env("CEPING_LANG", "en").args(["--help"]).run();
    run.code(0).stderr("");
    assert_english_help(&run.stdout);
}

#[test]
fn help_is_english_in_an_english_locale() {
    for var in ["LANG", "LC_ALL", "LC_MESSAGES"] {
        let run = Test::new().env(var, "en_US.UTF-8").args(["--help"]).run();
        run.code(0).stderr("");
        assert_english_help(&run.stdout);
    }
}

#[test]
fn help_is_chinese_in_chinese_and_c_locales() {
    for locale in ["zh_CN.UTF-8", "C", "POSIX", "C.UTF-8"] {
        let run = Test::new().env("LANG", locale).args(["--help"]).run();
        run.code(0).stderr("");
        assert_chinese_help(&run.stdout);
    }
    // LC_ALL comes before LANG; the command line before both.
    let run = Test::new()
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "zh_CN.UTF-8")
        .args(["--help"])
        .run();
    assert_chinese_help(&run.stdout);
    let run = Test::new()
        .env("LANG", "en_US.UTF-8")
        .args(["--lang", "zh", "--help"])
        .run();
    assert_chinese_help(&run.stdout);
}

/// The locale chooses the help's language only: a cron job on an English
/// server writes the same Chinese report.
#[test]
fn an_english_locale_keeps_reports_chinese() {
    let data = csv(&["甲区,p1,R1,合格,,,"]);
    let plain = scoring(RULES, &data).run();
    plain.code(0);
    assert!(plain.stdout.contains("全市得分"), "{}", plain.stdout);
    for var in ["LANG", "LC_ALL"] {
        let english = scoring(RULES, &data).env(var, "en_US.UTF-8").run();
        english.code(0).stdout(&plain.stdout).stderr(&plain.stderr);
    }
}

#[test]
fn score_help_in_both_languages() {
    let zh = Test::new().args(["score", "--help"]).run();
    zh.code(0)
        .stderr("")
        .stdout_has("计算测评得分：全市、区县、责任单位、测评项目")
        .stdout_has("用法: ceping score [选项] [INPUT]...")
        .stdout_has("参数:")
        .stdout_has("可选值：\n          - district:   区县排名")
        .stdout_has("[默认：district]")
        .stdout_has("示例:\n  ceping score ");
    let en = Test::new().args(["score", "--help", "--lang", "en"]).run();
    en.code(0)
        .stderr("")
        .stdout_has("Score inspection results (计算测评得分)")
        .stdout_has("Usage: ceping score [OPTIONS] [INPUT]...")
        .stdout_has("Possible values:\n          - district:   区县 ranking")
        .stdout_has("Examples:\n  ceping score ");
    // `ceping help score` is `ceping score --help`.
    let help = Test::new().args(["help", "score"]).run();
    help.code(0).stdout(&zh.stdout);
}

/// Chinese lines wrap at 100 columns, between characters.
#[test]
fn chinese_help_fits_100_columns() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["score", "--help"],
        &["score", "-h"],
    ] {
        let run = Test::new().args(args).run();
        for line in run.stdout.lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            assert!(width <= 100, "{width} columns: {line}");
        }
    }
}

#[test]
fn unknown_flag_with_suggestion() {
    Test::new()
        .args(["score", "--fromat", "csv"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: 未知的参数 “--fromat”（是否应为“--format”？）\n\n\
             用法：ceping score [选项] [INPUT]...\n\n\
             更多信息请运行 “ceping score --help”。\n",
        );
    Test::new()
        .args(["--lang", "en", "score", "--fromat", "csv"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: unexpected argument `--fromat` (did you mean `--format`?)\n\n\
             Usage: ceping score --format <FORMAT> [INPUT]...\n\n\
             For more information, try `ceping score --help`.\n",
        );
}

#[test]
fn bad_value_lists_the_values() {
    Test::new()
        .args(["score", "--by", "district2"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: “--by <BY>” 的值 “district2” 无效（是否应为“district”？）；\
             可选：district, department, item, criterion, street, point-type\n\n\
             用法：ceping score [选项] [INPUT]...\n\n\
             更多信息请运行 “ceping score --help”。\n",
        );
    Test::new()
        .env("LANG", "en_US.UTF-8")
        .args(["score", "--by", "x"])
        .run()
        .code(2)
        .stderr(
            "error: invalid value `x` for `--by <BY>`; \
             accepted: district, department, item, criterion, street, point-type\n\n\
             Usage: ceping score [OPTIONS] [INPUT]...\n\n\
             For more information, try `ceping score --help`.\n",
        );
}

#[test]
fn missing_subcommand() {
    // Nothing at all: the help, on stderr.
    let run = Test::new().run();
    run.code(2).stdout("");
    assert_chinese_help(&run.stderr);
    Test::new()
        .args(["--ascii"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: “ceping” 需要一个子命令；可选：init, template, check, standard, score, gaps, compare, \
             problems, report, completions, man, help\n\n\
             用法：ceping [选项] <命令>\n\n\
             更多信息请运行 “ceping --help”。\n",
        );
    Test::new()
        .args(["--lang", "en"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: `ceping` needs a subcommand; accepted: init, template, check, standard, score, gaps, \
             compare, problems, report, completions, man, help\n\n\
             Usage: ceping [OPTIONS] <COMMAND>\n\n\
             For more information, try `ceping --help`.\n",
        );
}

#[test]
fn unknown_subcommand_with_suggestion() {
    Test::new()
        .args(["scor", "d.csv"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: 未知的子命令 “scor”（是否应为“score”？）\n\n\
             用法：ceping [选项] <命令>\n\n\
             更多信息请运行 “ceping --help”。\n",
        );
    Test::new()
        .env("CEPING_LANG", "en")
        .args(["scor"])
        .run()
        .code(2)
        .stderr(
            "error: unrecognized subcommand `scor` (did you mean `score`?)\n\n\
             Usage: ceping [OPTIONS] <COMMAND>\n\n\
             For more information, try `ceping --help`.\n",
        );
}

#[test]
fn other_usage_errors_are_chinese() {
    Test::new()
        .args(["completions"])
        .run()
        .code(2)
        .stderr_has("error: 缺少必需的参数：<SHELL>\n\n用法：ceping completions ");
    Test::new()
        .args(["gaps", "--top", "0"])
        .run()
        .code(2)
        .stderr_has("error: “--top <N>” 的值 “0” 无效：须不小于 1\n");
    // The parsers' reasons in the user's language too.
    for (args, reason) in [
        (
            &["score", "--fail-below", "abc"][..],
            "须为数字，如 85 或 87.5",
        ),
        (&["score", "-j", "x"][..], "须为整数"),
        (&["--width", "5", "score"][..], "须不小于 20"),
    ] {
        Test::new()
            .args(args)
            .run()
            .code(2)
            .stderr_has(&format!("无效：{reason}\n"));
    }
    Test::new()
        .args(["--lang", "en", "score", "--header-row", "0"])
        .run()
        .code(2)
        .stderr_has("error: invalid value `0` for `--header-row <N>`: it must be at least 1\n");
    Test::new()
        .args(["score", "--round"])
        .run()
        .code(2)
        .stderr_has("error: “--round <R|latest|all>” 需要一个值\n");
    Test::new()
        .args(["score", "--by", "item", "--by", "street"])
        .run()
        .code(2)
        .stderr_has("error: 参数 “--by <BY>” 只能给出一次\n");
    Test::new()
        .args(["score", "--rejects", "r.csv"])
        .run()
        .code(2)
        .stderr_has("error: 缺少必需的参数：--skip-invalid\n");
}

#[test]
fn version_is_on_stdout() {
    let run = Test::new().args(["--version"]).run();
    run.code(0).stderr("");
    assert!(run.stdout.starts_with("ceping "), "{}", run.stdout);
}

/// Possible values without a help of their own are listed once.
#[test]
fn possible_values_are_listed_once() {
    for flag in ["-h", "--help"] {
        let run = Test::new().args(["completions", flag]).run();
        run.code(0);
        assert_eq!(
            run.stdout
                .matches("[可选值：bash, zsh, fish, powershell]")
                .count(),
            1,
            "{}",
            run.stdout
        );
    }
}
