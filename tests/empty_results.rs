//! An empty result is never silent (issue 13): a flag that would show an
//! empty table is an error saying why, exit 2, before any work.

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
