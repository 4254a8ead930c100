//! Exports a clerk can hand on (issue 10): an output name ceping cannot
//! honour is refused before any work, and CSV cells a spreadsheet would run
//! as formulas are written as text.

mod common;

use common::{RULES, Test, csv, scoring};

/// `-o` with an extension that is no format ceping writes: exit 2, the
/// formats listed, nothing written (it used to write a box-drawn table into
/// a file named `.xlsx`, which is now a workbook).
#[test]
fn an_unknown_output_extension_is_refused_before_any_work() {
    let data = csv(&["甲区,p1,R1,合格,,,"]);
    for name in ["通报.pdf", "report.txt.doc", "x.xls"] {
        let t = scoring(RULES, &data).args(["-o", name]);
        let run = t.run();
        run.code(2).stdout("").stderr(&format!(
            "error: -o “{name}”：无法从扩展名判断输出格式；可用：.json, .csv, .md, .txt, .xlsx, .html, .docx（或用 -f 指定）\n\
             ceping: 发现 1 个错误、0 个警告\n"
        ));
        assert_eq!(t.listing(""), ["d.csv", "s.toml"], "{name}");
    }
    scoring(RULES, &data)
        .args(["-o", "通报.pdf", "--lang", "en"])
        .run()
        .code(2)
        .stderr_has(
            "-o `通报.pdf`: the extension names no output format; accepted: .json, .csv, .md, .txt, .xlsx, .html, .docx (or choose one with -f)",
        );
    Test::new()
        .file("s.toml", RULES)
        .args(["standard", "-s", "s.toml", "-o", "体系.pdf"])
        .run()
        .code(2)
        .stderr_has("无法从扩展名判断输出格式");
}

/// A known extension, no extension, or `-f` with any name: written.
#[test]
fn known_names_and_an_explicit_format_are_written() {
    let data = csv(&["甲区,p1,R1,合格,,,"]);
    for args in [
        &["-o", "r.csv"][..],
        &["-o", "report"],
        &["-f", "csv", "-o", "r.dat"],
    ] {
        let run = scoring(RULES, &data).args(args).run();
        run.code(0).stderr("");
    }
}

/// A name from the data that begins like a formula is written to CSV with
/// a `'` before it; numbers keep their sign.
#[test]
fn csv_cells_that_look_like_formulas_are_written_as_text() {
    let data = csv(&[
        "=HYPERLINK(1),p1,R1,合格,,,",
        "+区,p2,R1,不合格,,,",
        "@区,p3,R1,合格,,,",
        "-区,p4,R1,合格,,,",
    ]);
    let run = scoring(RULES, data).args(["-f", "csv"]).run();
    run.code(0);
    for cell in [",'=HYPERLINK(1),", ",'+区,", ",'@区,", ",'-区,"] {
        run.stdout_has(cell);
    }
    // The table shows them as they are.
    scoring(RULES, csv(&["=HYPERLINK(1),p1,R1,合格,,,"]))
        .run()
        .code(0)
        .stdout_has("┆ =HYPERLINK(1) ┆");
}

/// A name from the data with Markdown or HTML in it is shown as the text
/// it is: the table keeps its columns, nothing turns bold or into a tag.
#[test]
fn markdown_shows_markup_from_the_data_as_text() {
    let data = csv(&["\"甲|区*<b>\",p1,R1,合格,,,"]);
    let run = scoring(RULES, data).args(["-f", "md"]).run();
    run.code(0)
        .stdout_has("| 1 | 甲\\|区\\*&lt;b&gt; | 100.00 |");
}

/// The rejects file is a CSV a clerk opens too: a rejected row's
/// formula-like cell is written as text there, its numbers as they were.
#[test]
fn rejected_rows_with_formula_like_cells_are_written_as_text() {
    let data = csv(&["甲区,p1,R1,合格,,,", "=cmd|' /C calc'!A0,p2,R1,坏,-1,,"]);
    let t = scoring(RULES, data).args(["--skip-invalid", "--rejects", "r.csv"]);
    t.run().code(0);
    let rejects = String::from_utf8(t.read("r.csv")).expect("UTF-8");
    assert!(
        rejects.contains("\n'=cmd|' /C calc'!A0,p2,R1,坏,-1,"),
        "{rejects}"
    );
}

/// `--output-encoding gbk` writes the report, the standard and the rejected
/// rows in GBK without a BOM, for an Excel that ignores the BOM; UTF-8 with
/// a BOM stays the default.
#[test]
fn csv_output_in_gbk_on_request() {
    let gbk = |text: &str| encoding_rs::GBK.encode(text).0.into_owned();
    let data = csv(&["甲区,p1,R1,合格,,,", "乙区,p2,R1,坏,,,"]);
    let t = scoring(RULES, data).args([
        "-f",
        "csv",
        "--output-encoding",
        "gbk",
        "--skip-invalid",
        "--rejects",
        "拒.csv",
    ]);
    let run = t.run();
    run.code(0);
    let out = &run.stdout_bytes;
    assert!(out.starts_with(&gbk("排名,区县,得分")), "{out:?}");
    assert!(!out.starts_with("\u{feff}".as_bytes()));
    let rejects = t.read("拒.csv");
    assert!(rejects.starts_with(&gbk("区县,")), "{rejects:?}");
    assert!(
        rejects.windows(4).any(|w| w == gbk("乙区").as_slice()),
        "{rejects:?}"
    );
    let standard = Test::new()
        .file("s.toml", RULES)
        .args([
            "standard",
            "-s",
            "s.toml",
            "-f",
            "csv",
            "--output-encoding",
            "gbk",
        ])
        .run();
    let (text, _, bad) = encoding_rs::GBK.decode(&standard.code(0).stdout_bytes);
    assert!(!bad && text.starts_with("编号,"), "{text}");
    scoring(RULES, csv(&["甲区,p1,R1,合格,,,"]))
        .args(["-f", "csv"])
        .run()
        .code(0)
        .stdout_has("\u{feff}排名,");
    scoring(RULES, csv(&["甲区,p1,R1,合格,,,"]))
        .args(["--output-encoding", "latin1"])
        .run()
        .code(2)
        .stderr_has("utf-8, gbk");
}
