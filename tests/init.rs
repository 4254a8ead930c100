//! `ceping init`: a city project from an empty directory, with the shipped
//! standards embedded in the binary (issue 13). Every test runs in a
//! temporary directory outside the repository, so nothing can come from
//! its `standards/`.

mod common;

use std::path::Path;

use common::{MINI, Run, Test};

/// Run `ceping` with `args` in `dir` (a second command in a test's work
/// dir).
fn ceping(dir: &Path, args: &[&str]) -> Run {
    let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    common::ceping_in(dir, &args, &[], None)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The year that `init` names in its example round (China Standard Time).
fn year() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs();
    ceping::score::ledger::date_of_unix(secs + 8 * 3600).expect("a date") / 10_000
}

/// An inspection file for the shipped national-prefecture standard.
const NATIONAL_ROWS: &str = "批次,区县,点位,点位类型,标准编号,结果\n\
    2024年第1轮,梁园区,文化路小学,中小学校,G1.01,合格\n\
    2024年第1轮,睢阳区,文化路小学,中小学校,G1.01,不合格\n";

/// An inspection file for [`MINI`].
const MINI_ROWS: &str = "区县,点位,点位类型,标准编号,结果,问题数\n\
    梁园区,中山路,主次干道,A1.01,不合格,2\n";

#[test]
fn init_then_score_with_no_flags() {
    let t = Test::new().args(["init"]);
    let run = t.run();
    run.code(0).stderr("");
    let y = year();
    let name = "全国文明城市测评体系（地级以上城市，示例）";
    run.stdout(&format!(
        "已创建 ceping.toml\n\
         已复制测评体系 “{name}”（内置 national-prefecture）到 standard/，可按本市实际修改\n\
         已创建 data/\n\
         下一步：\n  \
         在 ceping.toml 中填写 districts（区县名单）\n  \
         ceping template --round {y}年第1轮 -o data/第1轮.xlsx\n  \
         （填写后）ceping score --round latest\n"
    ));
    assert_eq!(t.listing(""), ["ceping.toml", "data", "standard"]);
    assert!(t.listing("data").is_empty());
    // The copy is the shipped standard, file for file.
    let shipped = common::shipped("national-prefecture");
    let mut files = t.listing("standard");
    files.sort();
    let mut expected: Vec<String> = std::fs::read_dir(&shipped)
        .expect("standards/national-prefecture")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    assert_eq!(files, expected);
    for f in &files {
        assert_eq!(
            read(&t.path().join("standard").join(f)),
            read(&shipped.join(f))
        );
    }
    let config = read(&t.path().join("ceping.toml"));
    assert!(config.contains("\nstandard = \"standard\"\n"), "{config}");
    assert!(config.contains("\ninputs = [\"data/*\"]\n"), "{config}");
    assert!(config.contains("\n# city = "), "{config}");
    assert!(config.contains("\n# districts = "), "{config}");

    // Then, with no flags at all: the project gives the standard and inputs.
    std::fs::write(t.path().join("data/第1轮.csv"), NATIONAL_ROWS).expect("write");
    ceping(t.path(), &["score"])
        .code(0)
        .stdout_has(name)
        .stdout_has("梁园区");
    // So do check and standard, which read only the standard.
    ceping(t.path(), &["check"])
        .code(0)
        .stdout_has("测评体系有效");
    ceping(t.path(), &["standard"]).code(0).stdout_has(name);
}

#[test]
fn the_directory_is_created_with_its_parents() {
    let t = Test::new().args(["init", "城市/商丘"]);
    let run = t.run();
    run.code(0)
        .stdout_has("已创建 城市/商丘/ceping.toml\n")
        .stdout_has("到 城市/商丘/standard/，")
        .stdout_has("已创建 城市/商丘/data/\n")
        .stdout_has("下一步：\n  cd 城市/商丘\n  在 ceping.toml 中填写 districts（区县名单）\n  ceping template");
    assert_eq!(t.listing("城市/商丘"), ["ceping.toml", "data", "standard"]);
    // No temporary file or directory is left behind.
    assert_eq!(t.listing("城市"), ["商丘"]);
}

#[test]
fn a_directory_with_spaces_is_quoted_in_the_next_commands() {
    Test::new()
        .args(["init", "my city"])
        .run()
        .code(0)
        .stdout_has("  cd 'my city'\n");
}

#[test]
fn the_monthly_check_standard() {
    let t = Test::new().args(["init", "--standard", "monthly-check"]);
    t.run()
        .code(0)
        .stdout_has("（内置 monthly-check）到 standard/");
    assert_eq!(
        t.listing("standard"),
        ["00-standard.toml", "10-criteria.toml"]
    );
    let shipped = common::shipped("monthly-check");
    for f in ["00-standard.toml", "10-criteria.toml"] {
        assert_eq!(
            read(&t.path().join("standard").join(f)),
            read(&shipped.join(f))
        );
    }
    assert!(read(&t.path().join("ceping.toml")).contains("\nstandard = \"standard\"\n"));
    ceping(t.path(), &["check"]).code(0);
}

#[test]
fn a_standard_path_is_referred_to_not_copied() {
    let t = Test::new().file("标准/mini.toml", MINI).args([
        "init",
        "商丘",
        "--standard",
        "标准/mini.toml",
    ]);
    t.run().code(0).stdout(&format!(
        "已创建 商丘/ceping.toml\n\
         测评体系 “迷你测评体系”：引用 ../标准/mini.toml（未复制）\n\
         已创建 商丘/data/\n\
         下一步：\n  cd 商丘\n  \
         在 ceping.toml 中填写 districts（区县名单）\n  \
         ceping template --round {}年第1轮 -o data/第1轮.xlsx\n  \
         （填写后）ceping score --round latest\n",
        year()
    ));
    let dir = t.path().join("商丘");
    assert_eq!(t.listing("商丘"), ["ceping.toml", "data"]);
    assert!(read(&dir.join("ceping.toml")).contains("\nstandard = \"../标准/mini.toml\"\n"));
    std::fs::write(dir.join("data/d.csv"), MINI_ROWS).expect("write");
    ceping(&dir, &["score", "-f", "json"])
        .code(0)
        .stdout_has("迷你测评体系");
}

#[test]
fn a_standard_directory_in_the_project_is_referred_to() {
    let t =
        Test::new()
            .file("my-standard/mini.toml", MINI)
            .args(["init", "--standard", "my-standard"]);
    t.run()
        .code(0)
        .stdout_has("测评体系 “迷你测评体系”：引用 my-standard（未复制）\n");
    assert!(read(&t.path().join("ceping.toml")).contains("\nstandard = \"my-standard\"\n"));
    std::fs::write(t.path().join("data/d.csv"), MINI_ROWS).expect("write");
    ceping(t.path(), &["score"]).code(0);
}

#[test]
fn an_invalid_standard_path_writes_nothing() {
    let t = Test::new()
        .file("s.toml", common::mini(&[("score = 4", "score = 0")]))
        .args(["init", "p", "--standard", "s.toml"]);
    t.run()
        .code(2)
        .stdout("")
        .stderr_has("s.toml:")
        .stderr_has("ceping: 发现 1 个错误");
    assert_eq!(t.listing(""), ["s.toml"]);
}

#[test]
fn an_unknown_standard_name_lists_the_shipped_ones() {
    let t = Test::new().args(["init", "--standard", "national"]);
    t.run().code(2).stdout("").stderr(
        "error: --standard “national” 不是内置测评体系，也不是已有的文件或目录；\
         内置测评体系：national-prefecture, monthly-check，或给出 .toml 文件或目录的路径\n\
         ceping: 发现 1 个错误、0 个警告\n",
    );
    assert!(t.listing("").is_empty());
    Test::new()
        .args(["--lang", "en", "init", "--standard", "national"])
        .run()
        .code(2)
        .stderr_has("shipped standards: national-prefecture, monthly-check,");
}

#[test]
fn nothing_is_overwritten_without_force() {
    let mine = "# 本市的项目文件\ncity = \"商丘市\"\n";
    let t = Test::new()
        .file("ceping.toml", mine)
        .file("standard/ours.toml", MINI)
        .args(["init"]);
    t.run().code(2).stdout("").stderr(
        "ceping.toml: error: 已存在，未写入任何文件；加 --force 可覆盖\n\
         standard: error: 已存在，未写入任何文件；加 --force 可替换整个目录\n\
         ceping: 发现 2 个错误、0 个警告\n",
    );
    assert_eq!(t.read("ceping.toml"), mine.as_bytes());
    assert_eq!(t.listing(""), ["ceping.toml", "standard"]);
    assert_eq!(t.listing("standard"), ["ours.toml"]);
    assert_eq!(t.read("standard/ours.toml"), MINI.as_bytes());

    // Referring to a standard, only ceping.toml is in the way.
    Test::new()
        .file("ceping.toml", mine)
        .file("standard/ours.toml", MINI)
        .args(["--lang", "en", "init", "--standard", "standard"])
        .run()
        .code(2)
        .stderr(
            "ceping.toml: error: already exists, nothing was written; pass --force to replace it\n\
             ceping: 1 error(s), 0 warning(s)\n",
        );
}

#[test]
fn force_replaces_the_project_file_and_the_copy() {
    let t = Test::new()
        .file("ceping.toml", "city = \"旧\"\n")
        .file("standard/ours.toml", MINI)
        .file("data/keep.csv", MINI_ROWS)
        .args(["init", "--force", "--city", "商丘市"]);
    t.run().code(0).stderr("");
    let config = read(&t.path().join("ceping.toml"));
    assert!(config.contains("\ncity = \"商丘市\"\n"), "{config}");
    assert!(!t.listing("standard").contains(&"ours.toml".to_string()));
    assert!(
        t.listing("standard")
            .contains(&"00-standard.toml".to_string())
    );
    // data/ is kept as it is, and nothing temporary is left.
    assert_eq!(t.listing("data"), ["keep.csv"]);
    assert_eq!(t.listing(""), ["ceping.toml", "data", "standard"]);
}

#[test]
fn force_with_a_standard_path_keeps_the_directory_named_standard() {
    let t = Test::new()
        .file("ceping.toml", "city = \"旧\"\n")
        .file("standard/ours.toml", MINI)
        .args(["init", "--force", "--standard", "standard"]);
    t.run().code(0);
    assert_eq!(t.listing("standard"), ["ours.toml"]);
    assert!(read(&t.path().join("ceping.toml")).contains("\nstandard = \"standard\"\n"));
}

#[test]
fn city_and_districts_are_written() {
    let t = Test::new().args([
        "init",
        "--city",
        "商丘市",
        "--districts",
        " 梁园区， 睢阳区 ,永城市、虞城县,",
    ]);
    // With the districts given, nothing is left to fill in before the
    // template.
    t.run()
        .code(0)
        .stdout_has("下一步：\n  ceping template --round ");
    let config = read(&t.path().join("ceping.toml"));
    assert!(config.contains("\ncity = \"商丘市\"\n"), "{config}");
    assert!(
        config.contains("\ndistricts = [\"梁园区\", \"睢阳区\", \"永城市\", \"虞城县\"]\n"),
        "{config}"
    );
    // The list is the project's: another name is an error naming the
    // closest.
    let rows = NATIONAL_ROWS.replace(",睢阳区,", ",睢阳,");
    std::fs::write(t.path().join("data/d.csv"), rows).expect("write");
    ceping(t.path(), &["score"]).code(2).stderr_has("睢阳区");
    std::fs::write(t.path().join("data/d.csv"), NATIONAL_ROWS).expect("write");
    ceping(t.path(), &["score", "-f", "json"])
        .code(0)
        .stdout_has("\"商丘市\"");
}

#[test]
fn a_district_with_an_invisible_character_is_refused() {
    let t = Test::new().args(["init", "--districts", "梁园区,睢\u{200b}阳区"]);
    t.run()
        .code(2)
        .stderr_has("--districts: error: 含有不可见的格式字符 U+200B");
    assert!(t.listing("").is_empty());
}

#[test]
fn english() {
    let t = Test::new().args(["--lang", "en", "init", "商丘"]);
    t.run().code(0).stdout(&format!(
        "created 商丘/ceping.toml\n\
         copied the standard `全国文明城市测评体系（地级以上城市，示例）` (shipped \
         national-prefecture) to 商丘/standard/, yours to edit\n\
         created 商丘/data/\n\
         Next:\n  cd 商丘\n  \
         fill in districts (the city's districts) in ceping.toml\n  \
         ceping template --round {}年第1轮 -o data/第1轮.xlsx\n  \
         (once filled in) ceping score --round latest\n",
        year()
    ));
}

#[test]
fn score_in_an_empty_directory_says_to_run_init() {
    Test::new().args(["score"]).run().code(2).stdout("").stderr(
        "error: 未指定测评体系：请用 --standard 指定，或在 ceping.toml 中设置 standard\n\
         note: 先运行 ceping init 创建项目，或用 --standard 指定\n\
         ceping: 发现 1 个错误、0 个警告\n",
    );
    Test::new()
        .args(["--lang", "en", "score"])
        .run()
        .code(2)
        .stderr_has("note: run `ceping init` first to create a project, or pass --standard\n");
    // A project without a standard: the message says where to set it, and
    // no more.
    Test::new()
        .file("ceping.toml", "city = \"商丘市\"\n")
        .args(["score"])
        .run()
        .code(2)
        .stderr(
            "error: 未指定测评体系：请用 --standard 指定，或在 ceping.toml 中设置 standard\n\
             ceping: 发现 1 个错误、0 个警告\n",
        );
}

/// Right after `init`, `data/` is empty: the error says what to do next.
#[test]
fn score_before_any_data_points_to_template() {
    let t = Test::new().args(["init"]);
    t.run().code(0);
    t.run_in("", &["score".into()]).code(2).stdout("").stderr(
        "data/*: error: 没有匹配的文件\n\
         note: 还没有检查结果文件：可用 ceping template -o data/测评表.xlsx 生成空白测评表，填写后放在这里\n\
         ceping: 发现 1 个错误、0 个警告\n",
    );
    // Files named on the command line that are missing get no such hint.
    let run = t.run_in("", &["score".into(), "nothere.csv".into()]);
    run.code(2);
    assert!(!run.stderr.contains("template"), "{}", run.stderr);
}

#[test]
fn check_standard_and_template_in_an_empty_directory_say_to_run_init() {
    for cmd in [&["check"][..], &["standard"], &["template", "-o", "t.csv"]] {
        Test::new().args(cmd).run().code(2).stdout("").stderr(
            "error: 未指定测评体系：请用 --standard 指定，或在 ceping.toml 中设置 standard\n\
             note: 先运行 ceping init 创建项目，或用 --standard 指定\n\
             ceping: 发现 1 个错误、0 个警告\n",
        );
    }
    // A project file that is not valid is reported as score reports it.
    Test::new()
        .file("ceping.toml", "city = 1\n")
        .args(["check"])
        .run()
        .code(2)
        .stderr_has("ceping.toml:1:8: error:");
    // --standard wins, and ceping.toml is then not read.
    Test::new()
        .file("ceping.toml", "city = 1\n")
        .file("s.toml", MINI)
        .args(["check", "-s", "s.toml"])
        .run()
        .code(0);
}

#[test]
fn every_problem_is_reported_at_once() {
    let t = Test::new()
        .file("ceping.toml", "city = \"商丘市\"\n")
        .args([
            "init",
            "--standard",
            "nowhere",
            "--districts",
            "梁园区,睢\u{200b}阳区",
        ]);
    t.run().code(2).stdout("").stderr(
        "error: --standard “nowhere” 不是内置测评体系，也不是已有的文件或目录；\
         内置测评体系：national-prefecture, monthly-check，或给出 .toml 文件或目录的路径\n\
         --districts: error: 含有不可见的格式字符 U+200B；请删除它（常随从网页或聊天软件复制的文字混入）\n\
         ceping.toml: error: 已存在，未写入任何文件；加 --force 可覆盖\n\
         ceping: 发现 3 个错误、0 个警告\n",
    );
    assert_eq!(t.listing(""), ["ceping.toml"]);
}

#[test]
fn the_template_command_it_prints_works_as_printed() {
    let t = Test::new().args(["init", "商丘", "--districts", "梁园区,睢阳区"]);
    let run = t.run();
    run.code(0);
    let line = run
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("ceping template "))
        .expect("a template command");
    let args: Vec<&str> = std::iter::once("template")
        .chain(line.split_whitespace())
        .collect();
    let dir = t.path().join("商丘");
    ceping(&dir, &args).code(0);
    assert_eq!(t.listing("商丘/data"), ["第1轮.xlsx"]);
    // Without districts, the template says what to give, as init did.
    let t = Test::new().args(["init"]);
    t.run().code(0).stdout_has("填写 districts");
    ceping(t.path(), &args).code(2).stderr_has("districts");
}
