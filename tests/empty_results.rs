//! An empty result is never silent (issue 13): a flag that can only show
//! nothing is an error saying why (exit 2); a view or a filter that is
//! valid but has no rows says why in place of the table.

mod common;

use common::{Test, repo};

fn city(args: &[&str]) -> common::Run {
    let config = repo().join("examples/city/ceping.toml");
    Test::new()
        .args(["score", "--config"])
        .args([config.to_str().expect("a UTF-8 path")])
        .args(["--round", "latest"])
        .args(args)
        .run()
}

/// `--by item --level N` beyond the groups' levels used to print an empty
/// table with exit 0.
#[test]
fn a_level_beyond_the_tree_is_an_error() {
    city(&["--by", "item", "--level", "9"])
        .code(2)
        .stdout("")
        .stderr(
            "error: --level 9：测评体系的测评项目只有 2 层（测评项目 → 测评指标）；请用 --level 1 到 2，测评标准请用 --by criterion\n\
             ceping: 发现 1 个错误、0 个警告\n",
        );
    let en = Test::new()
        .args(["--lang", "en", "score", "--config"])
        .args([repo()
            .join("examples/city/ceping.toml")
            .to_str()
            .expect("a UTF-8 path")])
        .args(["--round", "latest", "--by", "item", "--level", "0"])
        .run();
    en.code(2).stderr_has(
        "error: --level 0: the standard's groups have 2 levels (测评项目 → 测评指标); use --level 1 to 2, or --by criterion for criteria",
    );
    // The deepest level is fine, and --level means nothing to other views.
    city(&["--by", "item", "--level", "2"])
        .code(0)
        .stdout_has("市容环境卫生");
    city(&["--by", "district", "--level", "9"]).code(0);
}

fn problems(args: &[&str]) -> common::Run {
    let config = repo().join("examples/city/ceping.toml");
    Test::new()
        .args(["problems", "--config"])
        .args([config.to_str().expect("a UTF-8 path")])
        .args(["--round", "latest", "--as-of", "2024-06-10"])
        .args(args)
        .run()
}

/// A misspelt `--district` or `--department` used to list no problem, exit
/// 0: it read as "no problems there".
#[test]
fn a_filter_naming_nothing_known_is_an_error() {
    let run = problems(&["--district", "梁圆区"]);
    run.code(2).stdout("").stderr_has(
        "error: --district “梁圆区”：数据、项目文件和测评体系中都没有这个名称，筛选不到任何问题；已有：梁园区、睢阳区、永城市、",
    );
    problems(&["--department", "城管局"])
        .code(2)
        .stderr_has("error: --department “城管局”：")
        .stderr_has("已有：市城管局、");
    // Both at once, in English.
    let en = problems(&["--district", "x", "--department", "y", "--lang", "en"]);
    en.code(2)
        .stderr_has("error: --district “x”: no such name in the data, the project or the standard, so nothing would be listed; known: 梁园区, 睢阳区")
        .stderr_has("error: --department “y”: ")
        .stderr_has("ceping: 2 error(s), 0 warning(s)");
    // An alias of ceping.toml is a known name.
    problems(&["--district", "梁园"])
        .code(0)
        .stdout_has("区县：梁园区");
}

/// A filter that is valid but matches nothing says so instead of an empty
/// grid; CSV keeps its header for the scripts that read it.
#[test]
fn an_empty_list_says_why() {
    let run = problems(&["--district", "永城市", "--status", "relapsed"]);
    run.code(0)
        .stdout_has("  列出问题：0\n  （无：没有符合筛选条件的问题）\n");
    assert!(!run.stdout.contains("问题编号"), "{}", run.stdout);
    problems(&["--district", "永城市", "--status", "relapsed", "-f", "md"])
        .code(0)
        .stdout_has("- 列出问题：0\n\n（无：没有符合筛选条件的问题）\n");
    problems(&[
        "--district",
        "永城市",
        "--status",
        "relapsed",
        "--lang",
        "en",
    ])
    .code(0)
    .stdout_has("(none: no problem matches the filters)");
    let csv = problems(&["--district", "永城市", "--status", "relapsed", "-f", "csv"]);
    csv.code(0);
    assert_eq!(csv.stdout.lines().count(), 1, "{}", csv.stdout);
    assert!(csv.stdout.contains("问题编号"), "{}", csv.stdout);
}

/// `--by street` on rows that name no street, and `gaps` when nothing was
/// lost, used to print a bare heading row.
#[test]
fn empty_views_say_why() {
    let data = common::csv(&["梁园区,P1,R1,合格,,,", "梁园区,P2,R2,合格,,,"]);
    common::scoring(common::RULES, &data)
        .args(["--by", "street"])
        .run()
        .code(0)
        .stdout_has("  （无：数据没有填写街道）\n");
    common::scoring(common::RULES, &data)
        .args(["--by", "point-type", "--lang", "en"])
        .run()
        .code(0)
        .stdout_has("  (none: the rows name no point type)\n");
    Test::new()
        .file("s.toml", common::RULES)
        .file("d.csv", &data)
        .args(["gaps", "d.csv", "-s", "s.toml", "--target", "90"])
        .run()
        .code(0)
        .stdout_has("（无：没有失分的测评标准）");
}
