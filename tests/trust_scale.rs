//! Regression tests for issue 8's scale defects: thread counts, many units,
//! and control characters in table output. One test per defect.

mod common;

use common::{RULES, Test, csv, scoring};

/// Twelve rows, one district each.
fn twelve_rows() -> String {
    let rows: Vec<String> = (0..12)
        .map(|i| {
            format!(
                "区{i},p{i},R1,{},,,",
                if i % 3 == 0 { "不合格" } else { "合格" }
            )
        })
        .collect();
    csv(&rows.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `-j 100000` used to allocate threads² key stores (24 GB, killed by the
/// kernel); now it is lowered to the limit, with a note, and the output is
/// the bytes `-j 1` gives. `-j 0` means one thread per core.
#[test]
fn a_huge_thread_count_is_capped_with_a_note() {
    let data = twelve_rows();
    let one = scoring(RULES, &data).args(["-j", "1"]).run();
    one.code(0).stderr("");
    let huge = scoring(RULES, &data).args(["-j", "100000"]).run();
    huge.code(0)
        .stdout(&one.stdout)
        .stderr_has("ceping: 注意：-j 100000 超过上限（每个核心 4 个线程），按 ")
        .stderr_has(" 个线程运行\n");
    assert_eq!(huge.stderr.lines().count(), 1, "{}", huge.stderr);
    scoring(RULES, &data)
        .args(["-j", "100000", "--lang", "en"])
        .run()
        .code(0)
        .stdout_has("District ranking")
        .stderr_has("ceping: note: -j 100000 is above the limit (4 threads per core); running ");
    // 0: every core, no note.
    scoring(RULES, &data)
        .args(["-j", "0"])
        .run()
        .code(0)
        .stdout(&one.stdout)
        .stderr("");
    // Within the limit: no note.
    scoring(RULES, &data)
        .args(["-j", "2"])
        .run()
        .code(0)
        .stdout(&one.stdout)
        .stderr("");
    let _ = Test::new;
}
