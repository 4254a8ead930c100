//! `ceping score`: reading inspection files as inspectors save them, and the
//! city project file (ceping.toml).
//!
//! Most tests score the same three observations of R1 in [`common::RULES`],
//! written in different ways, and expect the same result: 甲区 1/2 → 50,
//! 乙区 1/1 → 100, city 2/3 → 66.67.

mod common;

use std::fmt::Write as _;

use common::{RULES, Run, Test, find, num, scoring, strings};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The three observations, UTF-8, LF.
const BASE: &str = "区县,点位,标准编号,结果\n甲区,p1,R1,合格\n甲区,p2,R1,不合格\n乙区,p1,R1,合格\n";

/// What every variant of [`BASE`] must score.
const EXPECTED: &str = "city 66.67; 乙区 100.00; 甲区 50.00; rows 3/3/0";

/// A one-line summary of a JSON report: city, districts, rows.
fn summary(v: &Value) -> String {
    let mut s = format!("city {}", num(&v["city"]["score"]));
    let mut districts: Vec<(String, String)> = v["districts"]
        .as_array()
        .expect("districts")
        .iter()
        .map(|d| (d["name"].as_str().expect("name").into(), num(&d["score"])))
        .collect();
    districts.sort();
    for (n, d) in districts {
        let _ = write!(s, "; {n} {d}");
    }
    let r = &v["rows"];
    let _ = write!(s, "; rows {}/{}/{}", r["read"], r["used"], r["rejected"]);
    s
}

/// Run with `-f json`; it must succeed with exactly `stderr`.
fn json_run(t: Test, stderr: &str) -> Value {
    let run = t.args(["-f", "json"]).run();
    run.code(0).stderr(stderr);
    run.json()
}

/// Score `bytes` as `d.csv` (plus `args`) quietly; the report and the
/// encoding reported for the file.
fn read_as(bytes: impl AsRef<[u8]>, args: &[&str]) -> (String, String) {
    let v = json_run(scoring(RULES, bytes).args(args), "");
    let enc = v["inputs"][0]["encoding"]
        .as_str()
        .expect("encoding")
        .into();
    (summary(&v), enc)
}

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xff, 0xfe]
    } else {
        vec![0xfe, 0xff]
    };
    for u in text.encode_utf16() {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

// --- headers ----------------------------------------------------------------

#[test]
fn headers_in_english_chinese_full_width_and_any_order() {
    for data in [
        BASE.to_string(),
        "district,point,criterion,result\n甲区,p1,R1,合格\n甲区,p2,R1,不合格\n乙区,p1,R1,合格\n"
            .into(),
        // Any order, any case, full-width letters, surrounding spaces.
        " Result ,ＣＲＩＴＥＲＩＯＮ,点位名称, DISTRICT\n合格,R1,p1,甲区\n不合格,R1,p2,甲区\n合格,R1,p1,乙区\n"
            .into(),
        // Other accepted names.
        "县区,点位,测评标准,测评结果\n甲区,p1,R1,合格\n甲区,p2,R1,不合格\n乙区,p1,R1,合格\n".into(),
        "区,点位,指标编号,结果\n甲区,p1,R1,合格\n甲区,p2,R1,不合格\n乙区,p1,R1,合格\n".into(),
    ] {
        assert_eq!(read_as(&data, &[]).0, EXPECTED, "{data}");
    }
}

#[test]
fn cells_are_trimmed_and_width_folded() {
    // Ａ１-style ids, full-width spaces, result words in other spellings.
    let data = "区县,点位,标准编号,结果\n\u{3000}甲区 ,p1, Ｒ１ ,PASS\n甲区,p2,R1,ｆａｉｌ\n乙区,p1,R1,y\n";
    assert_eq!(read_as(data, &[]).0, EXPECTED);
}

#[test]
fn unknown_columns_are_noted_once_and_ignored() {
    let data = "区县,备用列,点位,标准编号,结果,xyz,备注,检查人\n\
                甲区,a,p1,R1,合格,1,路面干净,张三\n\
                甲区,b,p2,R1,不合格,2,,李四\n\
                乙区,c,p1,R1,合格,3,,\n";
    let v = json_run(
        scoring(RULES, data),
        "d.csv:1: note: 以下列未识别，已忽略：备用列, xyz\n",
    );
    assert_eq!(summary(&v), EXPECTED);
    let v = json_run(
        scoring(RULES, data).args(["--lang", "en"]),
        "d.csv:1: note: columns not recognised and ignored: 备用列, xyz\n",
    );
    assert_eq!(summary(&v), EXPECTED);
}

// --- encodings and delimiters --------------------------------------------------

#[test]
fn utf8_with_and_without_bom() {
    assert_eq!(read_as(BASE, &[]), (EXPECTED.into(), "UTF-8".into()));
    let bom = format!("\u{feff}{BASE}");
    assert_eq!(read_as(bom, &[]), (EXPECTED.into(), "UTF-8 (BOM)".into()));
}

#[test]
fn gbk_from_chinese_excel_is_detected() {
    assert_eq!(read_as(gbk(BASE), &[]), (EXPECTED.into(), "GB18030".into()));
    // As Excel saves it: CRLF, and a final line without a line break.
    let excel = gbk(&BASE.replace('\n', "\r\n"));
    assert_eq!(
        read_as(&excel[..excel.len() - 2], &[]),
        (EXPECTED.into(), "GB18030".into())
    );
}

#[test]
fn utf16_with_a_bom() {
    assert_eq!(
        read_as(utf16(BASE, true), &[]),
        (EXPECTED.into(), "UTF-16LE".into())
    );
    assert_eq!(
        read_as(utf16(&BASE.replace(',', "\t"), false), &[]),
        (EXPECTED.into(), "UTF-16BE".into())
    );
}

#[test]
fn encoding_flag_overrides_detection() {
    // Forced GBK reads the GBK file (reported under its own name).
    assert_eq!(
        read_as(gbk(BASE), &["--encoding", "gbk"]),
        (EXPECTED.into(), "GBK".into())
    );
    // UTF-16LE without a BOM is only readable when forced.
    let mut no_bom = utf16(BASE, true);
    no_bom.drain(..2);
    assert_eq!(
        read_as(&no_bom, &["--encoding", "UTF-16LE"]),
        (EXPECTED.into(), "UTF-16LE".into())
    );
    // Forcing UTF-8 on a GBK file: every Chinese cell is undecodable.
    let run = scoring(RULES, gbk(BASE))
        .args(["--encoding", "utf-8"])
        .run();
    run.code(2).stdout("").stderr_has(
        "d.csv:1: error: 表头缺少必需的列：区县(district) [district, 区县, 县区, 区, 县(市、区)]",
    );
    // An unknown label.
    scoring(RULES, BASE)
        .args(["--encoding", "big6"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "error: 未知的编码 “big6”；可用：utf-8、gbk、gb18030、utf-16le、utf-16be\n\
             ceping: 发现 1 个错误、0 个警告\n",
        );
}

#[test]
fn tab_and_semicolon_delimiters_are_detected() {
    for d in ["\t", ";"] {
        let data = BASE.replace(',', d);
        assert_eq!(read_as(&data, &[]).0, EXPECTED, "{d:?}");
    }
    // Commas inside quoted cells do not fool the detection.
    let data = "区县;\"说明,其他\";点位;标准编号;结果\n\
                甲区;\"a,b\";p1;R1;合格\n甲区;;p2;R1;不合格\n乙区;;p1;R1;合格\n";
    let v = json_run(
        scoring(RULES, data),
        "d.csv:1: note: 以下列未识别，已忽略：说明,其他\n",
    );
    assert_eq!(summary(&v), EXPECTED);
}

#[test]
fn excel_sep_line_is_accepted_and_counted_in_line_numbers() {
    for sep in ["sep=;\n", "sep=;\r\n"] {
        let data = format!("{sep}{}", BASE.replace(',', ";"));
        assert_eq!(read_as(&data, &[]).0, EXPECTED);
    }
    // In GBK too; a bad row is on line 3 of the file (the sep line is 1).
    let data = gbk("sep=,\n区县,点位,标准编号,结果\n甲区,p1,R1,好\n");
    scoring(RULES, data)
        .run()
        .code(2)
        .stdout("")
        .stderr_has("d.csv:3: 结果: error: 无法识别的测评结果 “好”");
    let data = "sep=,\r\n区县,点位,标准编号,结果\r\n甲区,p1,R1,好\r\n";
    scoring(RULES, data)
        .run()
        .code(2)
        .stderr_has("d.csv:3: 结果: error:");
}

#[test]
fn crlf_line_endings() {
    assert_eq!(read_as(BASE.replace('\n', "\r\n"), &[]).0, EXPECTED);
}

#[test]
fn delimiter_flag_overrides_detection() {
    let piped = BASE.replace(',', "|");
    assert_eq!(read_as(&piped, &["--delimiter", "|"]).0, EXPECTED);
    let tabbed = BASE.replace(',', "\t");
    assert_eq!(read_as(&tabbed, &["--delimiter", "tab"]).0, EXPECTED);
    // Forcing the wrong one: the header is one column.
    scoring(RULES, BASE)
        .args(["--delimiter", ";"])
        .run()
        .code(2)
        .stdout("")
        .stderr_has("d.csv:1: error: 表头缺少必需的列：");
    scoring(RULES, BASE)
        .args(["--delimiter", "x"])
        .run()
        .code(2)
        .stdout("")
        .stderr("error: 分隔符 “x” 无效；可用：, ; tab\nceping: 发现 1 个错误、0 个警告\n");
}

#[test]
fn quoted_cells_with_line_breaks_keep_line_numbers_right() {
    for eol in ["\n", "\r\n"] {
        let data = format!(
            "区县,点位,标准编号,结果,备注{eol}甲区,p1,R1,合格,\"第一行{eol}第二行{eol}第三行\"{eol}甲区,p2,R1,好,{eol}"
        );
        scoring(RULES, data)
            .run()
            .code(2)
            .stderr_has("d.csv:5: 结果: error: 无法识别的测评结果 “好”");
    }
}

// --- where inputs come from ------------------------------------------------------

#[test]
fn dash_reads_standard_input() {
    let t = Test::new()
        .file("s.toml", RULES)
        .args(["score", "-", "-s", "s.toml"])
        .stdin(gbk(BASE));
    let v = json_run(t, "");
    assert_eq!(summary(&v), EXPECTED);
    assert_eq!(v["inputs"][0]["path"], "-");
    assert_eq!(v["inputs"][0]["encoding"], "GB18030");
    // Errors in standard input are located in `-`.
    Test::new()
        .file("s.toml", RULES)
        .args(["score", "-", "-s", "s.toml"])
        .stdin("区县,点位,标准编号,结果\n甲区,p1,R1,好\n")
        .run()
        .code(2)
        .stderr_has("-:2: 结果: error: 无法识别的测评结果 “好”");
}

#[test]
fn a_directory_reads_every_csv_inside_sorted() {
    let t = Test::new()
        .file("s.toml", RULES)
        .file("data/b.csv", "区县,点位,标准编号,结果\n乙区,p1,R1,合格\n")
        .file(
            "data/a.CSV",
            "区县,点位,标准编号,结果\n甲区,p1,R1,合格\n甲区,p2,R1,不合格\n",
        )
        .file("data/notes.txt", "not a csv")
        .file(
            "data/sub/c.csv",
            "区县,点位,标准编号,结果\n丙区,p1,R1,合格\n",
        )
        .args(["score", "data", "-s", "s.toml"]);
    let v = json_run(t, "");
    assert_eq!(summary(&v), EXPECTED);
    let paths = strings(&v, "inputs", "path");
    assert_eq!(paths, ["data/a.CSV", "data/b.csv"]);
    // An empty directory is an error.
    Test::new()
        .file("s.toml", RULES)
        .file("empty/readme.txt", "")
        .args(["score", "empty", "-s", "s.toml"])
        .run()
        .code(2)
        .stdout("")
        .stderr("empty: error: 目录中没有检查结果文件（.csv、.xlsx、.xlsm、.xls、.ods）\nceping: 发现 1 个错误、0 个警告\n");
}

#[test]
fn several_files_are_pooled() {
    let t = Test::new()
        .file("s.toml", RULES)
        .file("x.csv", "区县,点位,标准编号,结果\n乙区,p1,R1,合格\n")
        .file(
            "y.csv",
            gbk("结果,标准编号,点位,区县\n合格,R1,p1,甲区\n不合格,R1,p2,甲区\n"),
        )
        .args(["score", "x.csv", "y.csv", "-s", "s.toml"]);
    let v = json_run(t, "");
    assert_eq!(summary(&v), EXPECTED);
    let info: Vec<(Value, Value, Value)> = v["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| (i["path"].clone(), i["encoding"].clone(), i["rows"].clone()))
        .collect();
    assert_eq!(
        info,
        [
            ("x.csv".into(), "UTF-8".into(), 1.into()),
            ("y.csv".into(), "GB18030".into(), 2.into())
        ]
    );
}

#[test]
fn inputs_report_the_sha256_of_the_raw_bytes() {
    let bytes = format!("\u{feff}{BASE}").into_bytes();
    let v = json_run(scoring(RULES, &bytes), "");
    let hex = sha256(&bytes);
    assert_eq!(v["inputs"][0]["sha256"], hex.as_str());
    assert_eq!(v["inputs"][0]["rows"], 3);
    // A file larger than the 64 KiB sniffed at the start is hashed whole.
    let mut big = String::from("区县,点位,标准编号,结果\n");
    for i in 0..5000 {
        let _ = writeln!(big, "甲区,点位{i:05},R1,合格");
    }
    let v = json_run(scoring(RULES, &big), "");
    let hex = sha256(big.as_bytes());
    assert!(big.len() > 64 * 1024);
    assert_eq!(v["inputs"][0]["sha256"], hex.as_str());
    assert_eq!(
        v["rows"],
        serde_json::json!({"read": 5000, "used": 5000, "rejected": 0})
    );
}

#[test]
fn blank_lines_are_not_rows_but_count_as_lines() {
    let data = "区县,点位,标准编号,结果\n\n甲区,p1,R1,合格\n , , , \n甲区,p2,R1,不合格\n乙区,p1,R1,合格\n\n";
    assert_eq!(read_as(data, &[]).0, EXPECTED);
    for eol in ["\n", "\r\n"] {
        let data = format!("区县,点位,标准编号,结果{eol}{eol}{eol}甲区,p1,R1,好{eol}");
        scoring(RULES, data)
            .run()
            .code(2)
            .stderr_has("d.csv:4: 结果: error: 无法识别的测评结果 “好”");
    }
}

#[test]
fn crlf_files_are_located_on_the_right_line() {
    // Excel on Windows writes CRLF; the last line may have no line break.
    let data = "区县,点位,标准编号,结果\r\n甲区,p1,R1,合格\r\n甲区,p2,R1,好\r\n甲区,p3,R1,坏";
    scoring(RULES, data).run().code(2).stdout("").stderr(
        "d.csv:3: 结果: error: 无法识别的测评结果 “好”；可用：合格/pass/是/√/✓/y/1; 不合格/fail/否/×/✗/n/0; 严重不合格/severe; 不适用/na/-; 无法调查/拒访/unobservable\n\
         d.csv:4: 结果: error: 无法识别的测评结果 “坏”；可用：合格/pass/是/√/✓/y/1; 不合格/fail/否/×/✗/n/0; 严重不合格/severe; 不适用/na/-; 无法调查/拒访/unobservable\n\
         ceping: 发现 2 个错误、0 个警告\n",
    );
}

// --- ceping.toml ---------------------------------------------------------------

/// A project in `city/`: its standard and data given relative to it.
fn project(toml: &str) -> Test {
    Test::new()
        .file("city/ceping.toml", toml)
        .file("city/std/s.toml", RULES)
        .file(
            "city/data/1.csv",
            "区县,点位,标准编号,结果\n甲区,p1,R1,合格\n甲区,p2,R1,不合格\n",
        )
        .file(
            "city/data/2.csv",
            "区县,点位,标准编号,结果\n乙区,p1,R1,合格\n",
        )
        .file("city/data/skip.txt", "区县\n")
}

const PROJECT: &str = "city = \"示例市\"\nstandard = \"std/s.toml\"\ninputs = [\"data/*.csv\"]\n";

#[test]
fn paths_in_ceping_toml_are_relative_to_it() {
    let v = json_run(
        project(PROJECT).args(["score", "--config", "city/ceping.toml"]),
        "",
    );
    assert_eq!(summary(&v), EXPECTED);
    assert_eq!(v["city"]["name"], "示例市");
    let paths = strings(&v, "inputs", "path");
    assert_eq!(paths, ["city/data/1.csv", "city/data/2.csv"]);
}

#[test]
fn ceping_toml_in_the_working_directory_is_found() {
    let t = Test::new()
        .file("ceping.toml", PROJECT)
        .file("std/s.toml", RULES)
        .file("data/all.csv", BASE)
        .arg("score");
    assert_eq!(summary(&json_run(t, "")), EXPECTED);
}

#[test]
fn command_line_overrides_ceping_toml() {
    // Inputs on the command line replace `inputs`; --standard and --city
    // replace theirs.
    let t = project(PROJECT)
        .file("other.csv", "区县,点位,标准编号,结果\n丙区,p1,R1,不合格\n")
        .file("other.toml", RULES.replace("计分规则测试", "另一个体系"))
        .args([
            "score",
            "other.csv",
            "--config",
            "city/ceping.toml",
            "-s",
            "other.toml",
            "--city",
            "别的市",
        ]);
    let v = json_run(t, "");
    assert_eq!(summary(&v), "city 0.00; 丙区 0.00; rows 1/1/0");
    assert_eq!(v["city"]["name"], "别的市");
    assert_eq!(v["standard"]["name"], "另一个体系");
}

#[test]
fn a_glob_that_matches_nothing_is_an_error() {
    project(&PROJECT.replace("data/*.csv", "data/*.xlsx"))
        .args(["score", "--config", "city/ceping.toml"])
        .run()
        .code(2)
        .stdout("")
        .stderr(
            "city/data/*.xlsx: error: 没有匹配的文件\n\
             note: 还没有检查结果文件：可用 ceping template -o data/测评表.xlsx 生成空白测评表，填写后放在这里\n\
             ceping: 发现 1 个错误、0 个警告\n",
        );
}

#[test]
fn districts_reject_unknown_names_with_a_suggestion() {
    let toml = format!("{PROJECT}districts = [\"梁园区\", \"睢阳区\", \"甲区\", \"乙区\"]\n");
    let run = project(&toml)
        .file(
            "city/data/3.csv",
            "区县,点位,标准编号,结果\n梁圆区,p1,R1,合格\n永城市,p1,R1,合格\n",
        )
        .args(["score", "--config", "city/ceping.toml"])
        .run();
    run.code(2).stdout("").stderr(
        "city/data/3.csv:2: 区县: error: 未知的区县 “梁圆区”（是否应为“梁园区”？）；ceping.toml 中的区县：梁园区, 睢阳区, 甲区, 乙区\n\
         city/data/3.csv:3: 区县: error: 未知的区县 “永城市”；ceping.toml 中的区县：梁园区, 睢阳区, 甲区, 乙区\n\
         ceping: 发现 2 个错误、0 个警告\n",
    );
    project(&toml)
        .file("city/data/3.csv", "区县,点位,标准编号,结果\n梁圆区,p1,R1,合格\n")
        .args(["--lang", "en", "score", "--config", "city/ceping.toml"])
        .run()
        .code(2)
        .stderr_has(
            "city/data/3.csv:2: 区县: error: unknown district `梁圆区` (did you mean `梁园区`?); districts in ceping.toml: 梁园区, 睢阳区, 甲区, 乙区\n",
        );
}

#[test]
fn aliases_map_district_and_department_names() {
    let toml = format!(
        "{PROJECT}districts = [\"甲区\", \"乙区\"]\n\n\
         [aliases.district]\n\"甲\" = \"甲区\"\n\"乙 区\" = \"乙区\"\n\n\
         [aliases.department]\n\"城管\" = \"城管局\"\n"
    );
    let t = Test::new()
        .file("ceping.toml", toml)
        .file("std/s.toml", RULES)
        .file(
            "data/a.csv",
            "区县,点位,标准编号,结果,责任单位\n\
             甲,p1,R1,合格,城管\n\
             甲区,p2,R1,不合格,城管\n\
             乙 区,p1,R1,合格,交通局\n",
        )
        .arg("score");
    let v = json_run(t, "");
    assert_eq!(summary(&v), EXPECTED);
    let names = strings(&v, "departments", "name");
    // 城管 is 城管局; 交通局 is kept as written.
    assert_eq!(names, ["交通局", "城管局"]);
    assert_eq!(find(&v, "departments", "城管局")["observations"], 2);
}

#[test]
fn bands_and_target() {
    let toml = format!("{PROJECT}target = 60\n\n[bands]\nred = 100\nblack = 60\n");
    let v = json_run(
        project(&toml).args(["score", "--config", "city/ceping.toml"]),
        "",
    );
    assert_eq!(num(&v["city"]["target"]), "60");
    assert_eq!(v["city"]["meets_target"], true);
    assert_eq!(find(&v, "districts", "甲区")["band"], "black");
    assert_eq!(find(&v, "districts", "乙区")["band"], "red");

    let toml = format!("{PROJECT}target = 66.68\n");
    let run = project(&toml)
        .args(["score", "--config", "city/ceping.toml"])
        .run();
    run.code(0).stderr("").stdout_has("目标：66.68（未达到）");
    let v = json_run(
        project(&toml).args(["score", "--config", "city/ceping.toml"]),
        "",
    );
    assert_eq!(v["city"]["meets_target"], false);
    // Without a target: null.
    let v = json_run(
        project(PROJECT).args(["score", "--config", "city/ceping.toml"]),
        "",
    );
    assert_eq!(
        (&v["city"]["target"], &v["city"]["meets_target"]),
        (&Value::Null, &Value::Null)
    );
}

#[test]
fn an_invalid_ceping_toml_is_located() {
    project("standard = \"std/s.toml\"\nbands = { red = 90, gold = 95 }\n")
        .args(["score", "--config", "city/ceping.toml"])
        .run()
        .code(2)
        .stdout("")
        .stderr_has("city/ceping.toml:2:");
    Test::new()
        .args(["score", "--config", "missing.toml"])
        .run()
        .code(2)
        .stdout("")
        .stderr("missing.toml: error: 文件或目录不存在\nceping: 发现 1 个错误、0 个警告\n");
}

// --- row counts -------------------------------------------------------------------

#[test]
fn rows_read_used_and_rejected() {
    let data = format!("{BASE}甲区,p3,R9,合格\n乙区,p2,R1,好\n");
    let run: Run = scoring(RULES, data)
        .args(["-f", "json", "--skip-invalid"])
        .run();
    run.code(0);
    let v = run.json();
    assert_eq!(
        v["rows"],
        serde_json::json!({"read": 5, "used": 3, "rejected": 2})
    );
    assert_eq!(v["inputs"][0]["rows"], 5);
}
