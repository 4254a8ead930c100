//! `ceping check`: the shipped standards pass, and every rejection is located.

mod common;
use common::{MINI, Test, shipped};

#[test]
fn shipped_standards_are_valid() {
    Test::new()
        .arg("check")
        .arg("--standard")
        .arg(shipped("national-prefecture"))
        .run()
        .code(0)
        .stdout("测评体系有效：125 条测评标准\n")
        .stderr("");
    Test::new()
        .args(["--lang", "en", "check", "-s"])
        .arg(shipped("monthly-check"))
        .run()
        .code(0)
        .stdout("standard is valid: 13 criteria\n");
}

#[test]
fn unknown_key_is_located_under_chinese_text() {
    let std = MINI.replace("score = 4", "scroe = 4");
    Test::new()
        .file("s.toml", std)
        .args(["check", "--standard", "s.toml"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "s.toml:16:1: error: [[criterion]] 缺少必填的键 “score”
   |
16 | [[criterion]]
   | ^^^^^^^^^^^^^
s.toml:20:1: error: [[criterion]] 中有未知的键 “scroe”；是否应为“score”？；可用的键：id, group, text, score, method, point_types, lead, assist, rule, rectify_days
   |
20 | scroe = 4
   | ^^^^^
ceping: 发现 2 个错误、0 个警告
",
        );
}
