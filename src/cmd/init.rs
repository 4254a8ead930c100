//! `ceping init`: create a city project in a directory: a commented
//! `ceping.toml`, the standard (a shipped one copied into `standard/`, or
//! one referred to where it is) and an empty `data/`.
//!
//! Every check is made before anything is written: an unknown standard, a
//! bad district name, a file that would be replaced without `--force`, a
//! standard that does not load. `ceping.toml` is written last and
//! atomically, so that a project file never names a standard that is not
//! there yet.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use super::{exit, load_standard, report_diagnostics};
use crate::cli::InitArgs;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::{Lang, Msg};
use crate::input::text::normalize;
use crate::output::{self, Output};
use crate::standard::shipped::{self, Shipped};
use crate::standard::{code_point, format_char};

/// Where a shipped standard is copied to, in the project.
const STANDARD_DIR: &str = "standard";

/// The inspection files' directory, in the project.
const DATA_DIR: &str = "data";

/// Where the project's standard comes from.
enum Source<'a> {
    /// Copied into `standard/`.
    Shipped(&'static Shipped),
    /// Referred to where it is.
    Path(&'a Path),
}

/// What `init` will do with the standard, once checked.
enum Plan {
    Copy(&'static Shipped),
    /// Refer to the standard `name` at `path`, as ceping.toml gives it.
    Refer {
        name: String,
        path: String,
    },
}

pub fn run(args: &InitArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let (plan, districts) = match check(args, lang) {
        Ok(checked) => checked,
        Err(code) => return Ok(code),
    };
    let mut said = write(args, plan, &districts, lang)?;
    let dir = args.dir.as_path();
    said.push(Msg::InitNext {
        cd: (dir != Path::new(".")).then(|| shell_word(&dir.display().to_string())),
        districts: !districts.is_empty(),
        year: super::problems::today() / 10_000,
    });
    let mut lines = String::new();
    for m in said {
        lines.push_str(&m.text(lang));
        lines.push('\n');
    }
    output::print(&lines)?;
    Ok(ExitCode::from(exit::OK))
}

/// Every check, before anything is written: what to do with the standard,
/// and the districts. `Err` is the exit code, after saying why.
fn check(args: &InitArgs, lang: Lang) -> Result<(Plan, Vec<String>), ExitCode> {
    let dir = args.dir.as_path();
    let mut diags = Vec::new();
    let source = resolve(&args.standard);
    if source.is_none() {
        diags.push(Diagnostic::error(Msg::InitUnknownStandard {
            value: args.standard.display().to_string(),
            shipped: shipped::names(),
        }));
    }
    let districts = districts(args.districts.as_deref(), &mut diags);
    if !args.force {
        if exists(&dir.join(crate::project::FILE)) {
            diags.push(Diagnostic::file_error(
                shown(dir, crate::project::FILE),
                Msg::InitExists { dir: false },
            ));
        }
        if matches!(source, Some(Source::Shipped(_))) && exists(&dir.join(STANDARD_DIR)) {
            diags.push(Diagnostic::file_error(
                shown(dir, STANDARD_DIR),
                Msg::InitExists { dir: true },
            ));
        }
    }
    let invalid = |diags: &[Diagnostic]| {
        report_diagnostics(diags, lang).unwrap_or(ExitCode::from(exit::INVALID))
    };
    let Some(source) = source.filter(|_| diags.is_empty()) else {
        return Err(invalid(&diags));
    };
    // A standard referred to must load, and its path must be one that
    // ceping.toml can hold.
    let plan = match source {
        Source::Shipped(s) => Plan::Copy(s),
        Source::Path(path) => {
            let (st, _) = load_standard(path, lang)?;
            let Some(written) = referred_path(dir, path) else {
                let shown = path.display().to_string();
                return Err(invalid(&[Diagnostic::file_error(
                    shown,
                    Msg::InitPathNotUtf8,
                )]));
            };
            Plan::Refer {
                name: st.name,
                path: written,
            }
        }
    };
    Ok((plan, districts))
}

/// Make the project: the directory, `data/`, the standard's copy, and
/// `ceping.toml` last. Returns what was made, to be said.
fn write(
    args: &InitArgs,
    plan: Plan,
    districts: &[String],
    lang: Lang,
) -> anyhow::Result<Vec<Msg>> {
    let dir = args.dir.as_path();
    let cannot = |path: &Path, e: &std::io::Error| {
        anyhow::anyhow!(
            Msg::CannotWrite {
                path: path.display().to_string(),
                detail: e.to_string(),
            }
            .text(lang)
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| cannot(dir, &e))?;
    // Opened first: a ceping.toml that cannot be written fails the run
    // before the standard is copied.
    let out = Output::open(Some(&dir.join(crate::project::FILE)), lang)?;
    let data = dir.join(DATA_DIR);
    let new_data = !data.is_dir();
    std::fs::create_dir_all(&data).map_err(|e| cannot(&data, &e))?;
    let mut said = vec![Msg::InitCreated {
        path: shown(dir, crate::project::FILE),
    }];
    let standard = match plan {
        Plan::Copy(s) => {
            let copy_to = dir.join(STANDARD_DIR);
            let name = copy_shipped(s, dir, &copy_to).map_err(|e| cannot(&copy_to, &e))?;
            said.push(Msg::InitCopied {
                name,
                shipped: s.name.to_string(),
                path: format!("{}/", shown(dir, STANDARD_DIR)),
            });
            STANDARD_DIR.to_string()
        }
        Plan::Refer { name, path } => {
            said.push(Msg::InitReferred {
                name,
                path: path.clone(),
            });
            path
        }
    };
    let text = project_file(args.city.as_deref(), &standard, districts);
    out.commit(text.as_bytes(), lang)?;
    if new_data {
        said.push(Msg::InitCreated {
            path: format!("{}/", shown(dir, DATA_DIR)),
        });
    }
    Ok(said)
}

/// `--standard`: a shipped standard by name, else an existing file or
/// directory; `None` for anything else. A name that is both is the shipped
/// standard (`./NAME` is the directory).
fn resolve(standard: &Path) -> Option<Source<'_>> {
    if let Some(s) = standard.to_str().and_then(shipped::find) {
        return Some(Source::Shipped(s));
    }
    standard.exists().then_some(Source::Path(standard))
}

/// `--districts`: names separated by `,`, `，` or `、`, each normalised as
/// ceping.toml's are (trimmed, full-width forms folded); empty ones and
/// repeats are dropped, a name with an invisible format character is
/// reported.
fn districts(arg: Option<&str>, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let Some(arg) = arg else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for part in normalize(arg).split([',', '、']) {
        let name = normalize(part);
        if name.is_empty() || names.iter().any(|n| *n == name) {
            continue;
        }
        if let Some(c) = format_char(&name) {
            diags.push(Diagnostic::new(
                Severity::Error,
                Some("--districts".into()),
                Pos::File,
                Msg::FormatChar {
                    code: code_point(c),
                },
            ));
            continue;
        }
        names.push(name.into_owned());
    }
    names
}

/// Whether anything (a file, a directory, a link, even a dangling one) is
/// at `path`.
fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

/// A path of the project as shown: `dir/name`, or `name` when the project
/// is the working directory.
fn shown(dir: &Path, name: &str) -> String {
    if dir == Path::new(".") {
        name.to_string()
    } else {
        dir.join(name).display().to_string()
    }
}

/// The path ceping.toml in `dir` gives for the standard at `standard`
/// (which exists): relative to `dir` when they share a root, else
/// absolute. `None` when it is not UTF-8.
fn referred_path(dir: &Path, standard: &Path) -> Option<String> {
    let to = std::fs::canonicalize(standard).unwrap_or_else(|_| standard.to_path_buf());
    let from = resolved(dir);
    let path = relative(&from, &to).unwrap_or(to);
    path.to_str().map(str::to_string)
}

/// `dir` as an absolute path without links: its deepest existing ancestor
/// resolved, then the rest (which cannot hold links) taken as written.
fn resolved(dir: &Path) -> PathBuf {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut base = dir.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(real) = std::fs::canonicalize(base) {
            break real;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => break base.to_path_buf(),
        }
    };
    let mut out = base;
    for name in rest.iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    out
}

/// The path from the directory `from` to `to`, both absolute; `None` when
/// they do not share a root (two drives).
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let rooted = |c: &Component<'_>| matches!(c, Component::RootDir | Component::Prefix(_));
    if !from[..common].iter().any(rooted) {
        return None;
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for c in &to[common..] {
        path.push(c);
    }
    if path.as_os_str().is_empty() {
        path.push(".");
    }
    Some(path)
}

/// Copy a shipped standard to `target` (replacing what is there): written
/// into a temporary directory beside it, loaded as a check, then renamed
/// into place. Returns the standard's name.
fn copy_shipped(s: &Shipped, dir: &Path, target: &Path) -> std::io::Result<String> {
    let temp = tempfile::Builder::new()
        .prefix(".ceping-")
        .tempdir_in(dir)?;
    // A directory made as any other (the temporary one is private).
    let new = temp.path().join(STANDARD_DIR);
    std::fs::create_dir(&new)?;
    for (file, text) in s.files {
        std::fs::write(new.join(file), text)?;
    }
    let loaded = crate::standard::load(&new);
    let Some(st) = loaded.standard else {
        return Err(std::io::Error::other(format!(
            "the shipped standard {} does not load",
            s.name
        )));
    };
    if exists(target) {
        // Moved aside into the temporary directory, removed with it.
        let old = temp.path().join("old");
        std::fs::rename(target, &old)?;
        if let Err(e) = std::fs::rename(&new, target) {
            let _ = std::fs::rename(&old, target);
            return Err(e);
        }
    } else {
        std::fs::rename(&new, target)?;
    }
    drop(temp);
    Ok(st.name)
}

/// A word as a shell reads it: quoted when it holds anything but letters,
/// digits and `-_./`.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// A TOML string holding `s`.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `ceping.toml` as `ceping init` writes it: every key explained, in
/// Chinese and English; those without a value commented out, with an
/// example. Top-level keys come before the tables (TOML needs them there).
fn project_file(city: Option<&str>, standard: &str, districts: &[String]) -> String {
    let city = city.map_or_else(
        || "# city = \"示例市\"".to_string(),
        |c| format!("city = {}", toml_string(c)),
    );
    let districts = if districts.is_empty() {
        "# districts = [\"梁园区\", \"睢阳区\", \"永城市\"]".to_string()
    } else {
        let names: Vec<String> = districts.iter().map(|d| toml_string(d)).collect();
        format!("districts = [{}]", names.join(", "))
    };
    PROJECT_TEMPLATE
        .replace("@CITY@", &city)
        .replace(
            "@STANDARD@",
            &format!("standard = {}", toml_string(standard)),
        )
        .replace("@DISTRICTS@", &districts)
}

const PROJECT_TEMPLATE: &str = r#"# ceping 项目文件，由 ceping init 创建。在本目录运行 ceping score 等命令时读取；
# 命令行参数优先于本文件。路径相对于本文件所在的目录。以 # 开头的是注释：
# 删去行首的 # 即启用该项。
# The ceping project file, made by `ceping init`. Commands run in this directory
# read it; flags on the command line override it. Paths are relative to this
# file's directory. Lines starting with # are comments: remove the # to use a key.

# 城市名称，显示在报告中（--city）。
# The city's name, shown in reports (--city).
@CITY@

# 测评体系：一个 .toml 文件，或一个目录（按文件名顺序读取其中的 .toml 文件）
# （--standard）。可用 ceping check --standard 校验。
# The standard: a .toml file, or a directory of them read in name order
# (--standard). Check it with `ceping check --standard`.
@STANDARD@

# 检查结果文件：CSV 文件和 Excel 工作簿，可用通配符（默认 data/*）。命令行给出
# 文件或目录时，不读这里的文件。
# Inspection results: CSV files and workbooks, globs allowed (default data/*).
# Files or directories named on the command line are read instead.
inputs = ["data/*"]

# 区县名单：数据中名单以外的区县名称是错误，并提示最接近的名称（梁圆区 →
# 是否应为“梁园区”？）；名单中的区县在某批次没有数据时，--require-complete 不通过。
# The districts: any other name in the data is an error naming the closest one
# (梁圆区 → did you mean 梁园区?); a listed district without rows in a round
# fails --require-complete.
@DISTRICTS@

# 目标分：报告显示“已达到”或“未达到”，ceping gaps 计算与目标的差距（--target）。
# The target score: reports say met or not met; `ceping gaps` works out the
# gap to it (--target).
# target = 85

# 全市得分的算法："pooled"（默认，全部点位合并计分）或 "district_mean"
# （各区县得分的平均）。
# How the city's headline score is made: "pooled" (the default: scored from all
# rows) or "district_mean" (the mean of the district scores).
# city_score = "pooled"

# 区县别名：数据中的别名按其对应的区县计分。对应的区县须在 districts 名单中，
# 名单中的区县不能作别名。
# District aliases: rows naming an alias count for its district, which must be
# a listed district; a listed district cannot be an alias.
# [aliases.district]
# "梁园" = "梁园区"

# 责任单位别名：别名不能对应另一个别名。
# Department aliases: an alias cannot map to another alias.
# [aliases.department]
# "城管局" = "市城管局"

# 红黑榜：得分 ≥ red 上红榜，得分 < black 上黑榜；red 不能小于 black，
# 两者都不能为负。
# The red and black lists: a score ≥ red is on the red list, a score < black on
# the black list; red must be at least black, and neither may be negative.
# [bands]
# red = 85
# black = 80

# 门槛（供定时任务使用）：任一项未通过时退出码为 1，报告照常写出；同名命令行
# 参数（--fail-below 等）也可设置。
# Gates (for scheduled jobs): when one fails, the exit code is 1 and the report
# is still written; the flags of the same names (--fail-below, ...) set them too.
# [gates]
# 全市得分低于此分。
# The city score is below this.
# fail_below = 85
# 配合 --skip-invalid：剔除的行数超过 N 行，或超过读入行数的 P%（"5%"）。
# With --skip-invalid: more than N rows, or more than P% ("5%") of the rows
# read, were rejected.
# max_rejects = "5%"
# 数据不完整：名单中的区县没有数据，或缺少测评体系要求的点位类型。
# Data is missing: a listed district without rows, or without a point type the
# standard requires.
# require_complete = true
# 全市或任一区县适用一票否决。
# A veto (一票否决) applies to the city or a district.
# fail_on_veto = true
# 有区县上黑榜。
# A district is on the black list.
# fail_on_black = true
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of the file, each example uncommented: what a city gets
    /// by removing the `#` of each.
    fn uncommented(text: &str) -> String {
        text.lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with('[')
                        || rest.starts_with('"')
                        || rest.split_once(" = ").is_some_and(|(k, _)| {
                            k.chars().all(|c| c == '_' || c.is_ascii_lowercase())
                        }) =>
                {
                    rest
                }
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn load(text: &str) -> crate::project::Project {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("ceping.toml");
        std::fs::write(&path, text).expect("write");
        crate::project::load(Some(&path))
            .unwrap_or_else(|d| panic!("{d:?}\n{text}"))
            .expect("a project")
    }

    #[test]
    fn the_file_written_loads() {
        let p = load(&project_file(None, "standard", &[]));
        assert_eq!(p.city, None);
        assert!(p.context.districts.is_empty());
        assert!(p.standard.is_some_and(|s| s.ends_with("standard")));
        assert_eq!(p.inputs.len(), 1);
    }

    #[test]
    fn every_example_loads_uncommented() {
        let text = uncommented(&project_file(None, "standard", &[]));
        let p = load(&text);
        assert_eq!(p.city.as_deref(), Some("示例市"));
        assert_eq!(p.context.districts, ["梁园区", "睢阳区", "永城市"]);
        assert_eq!(p.context.district_aliases.len(), 1);
        assert_eq!(p.context.department_aliases.len(), 1);
        assert!(p.target.is_some());
        assert!(p.bands.red.is_some() && p.bands.black.is_some());
        let g = &p.gates;
        assert!(g.fail_below.is_some() && g.max_rejects.is_some());
        assert!(g.require_complete && g.fail_on_veto && g.fail_on_black);
    }

    #[test]
    fn every_key_is_explained() {
        let text = project_file(None, "standard", &[]);
        for key in [
            "city = ",
            "standard = ",
            "inputs = ",
            "districts = ",
            "target = ",
            "city_score = ",
            "[aliases.district]",
            "[aliases.department]",
            "[bands]",
            "red = ",
            "black = ",
            "[gates]",
            "fail_below = ",
            "max_rejects = ",
            "require_complete = ",
            "fail_on_veto = ",
            "fail_on_black = ",
        ] {
            assert!(text.contains(key), "{key}");
        }
    }

    #[test]
    fn values_are_quoted_as_toml() {
        let text = project_file(
            Some("商\"丘\\市"),
            "a b/标准",
            &["梁园区".into(), "x\"y".into()],
        );
        let p = load(&text);
        assert_eq!(p.city.as_deref(), Some("商\"丘\\市"));
        assert_eq!(p.context.districts, ["梁园区", "x\"y"]);
    }

    #[test]
    fn districts_split_on_any_comma() {
        let mut diags = Vec::new();
        let d = districts(
            Some(" 梁园区， 睢阳区 ,永城市、虞城县,,梁园区 "),
            &mut diags,
        );
        assert_eq!(d, ["梁园区", "睢阳区", "永城市", "虞城县"]);
        assert!(diags.is_empty());
        let d = districts(Some("梁园区,睢\u{200b}阳区"), &mut diags);
        assert_eq!(d, ["梁园区"]);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn relative_paths() {
        let r =
            |a: &str, b: &str| relative(Path::new(a), Path::new(b)).map(PathBuf::into_os_string);
        assert_eq!(r("/a/b/c", "/a/std"), Some("../../std".into()));
        assert_eq!(r("/a", "/a/std/x.toml"), Some("std/x.toml".into()));
        assert_eq!(r("/a", "/a"), Some(".".into()));
        assert_eq!(r("/x", "/y"), Some("../y".into()));
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("商丘/项目-1"), "商丘/项目-1");
        assert_eq!(shell_word("my city"), "'my city'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
