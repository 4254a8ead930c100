//! README's walk-through from an empty folder to a nightly job, run as
//! README writes it: the commands of its `sh` blocks (the `cargo install`
//! aside: the test runs the binary it built), its `[gates]` added to
//! ceping.toml, and the command of its cron line, in a temporary
//! directory, with the inspection sheet filled in by the test where README
//! says the inspectors fill it in.

mod common;

use std::ffi::OsString;
use std::path::Path;

use common::fill::Filled;
use common::{Run, Test, repo};

const HEADING: &str = "### Your own city, from an empty folder to a nightly job";

/// The walk-through: README from the heading to the next heading.
fn section() -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let start = readme.find(HEADING).expect("README has the walk-through") + HEADING.len();
    let rest = &readme[start..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    rest[..end].to_string()
}

/// The fenced blocks of `text` in the language `lang`, each as its lines.
fn blocks(text: &str, lang: &str) -> Vec<Vec<String>> {
    let fence = format!("```{lang}\n");
    text.split(&fence)
        .skip(1)
        .map(|b| {
            b.split("```")
                .next()
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// A command line as the shell splits it: README's have no quotes; a
/// comment after ` #` is dropped.
fn words(line: &str) -> Vec<String> {
    let line = line.find(" #").map_or(line, |i| &line[..i]);
    line.split_whitespace().map(str::to_string).collect()
}

/// The value after `flag` in a command line.
fn value<'a>(words: &'a [String], flag: &str) -> &'a str {
    let i = words.iter().position(|w| w == flag).expect(flag);
    &words[i + 1]
}

/// A session in one temporary directory, following `cd`.
struct Session {
    test: Test,
    cwd: String,
}

impl Session {
    /// Run one line of a `sh` block; returns the `ceping` run, if it was one.
    fn line(&mut self, words: &[String]) -> Option<Run> {
        match words.first().map(String::as_str) {
            None => None,
            Some("cargo") => {
                assert_eq!(
                    words,
                    ["cargo", "install", "--path", "."],
                    "README installs the binary"
                );
                None
            }
            Some("cd") => {
                self.cwd = Path::new(&self.cwd).join(&words[1]).display().to_string();
                None
            }
            Some("ceping") => Some(self.ceping(&words[1..])),
            Some(other) => {
                panic!("README's walk-through runs `{other}`, which this test does not know")
            }
        }
    }

    fn ceping(&self, args: &[String]) -> Run {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        self.test.run_in(&self.cwd, &args)
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.test.path().join(&self.cwd).join(name)
    }
}

/// How the inspectors fill the sheet in: every criterion passes, except
/// those `fails` names for a district.
fn inspectors(
    st: &ceping::standard::Standard,
    fails: impl Fn(&str, usize) -> bool,
) -> impl Fn(&str, &str, &str) -> Filled {
    move |district, point_type, id| {
        let (n, c) = st
            .criteria
            .iter()
            .enumerate()
            .find(|(_, c)| c.id == id)
            .expect("the sheet's criteria are the standard's");
        Filled {
            point: c.field.then(|| format!("{district}{point_type}1号")),
            date: "2024-03-05",
            result: if fails(district, n) {
                "不合格"
            } else {
                "合格"
            },
            count: match c.rule {
                ceping::standard::Rule::Quota { required, .. } => Some(required),
                _ => None,
            },
        }
    }
}

#[test]
fn readme_walks_from_an_empty_folder_to_a_nightly_job() {
    let text = section();
    let sh = blocks(&text, "sh");
    assert_eq!(sh.len(), 2, "README: set up, then score");
    let mut s = Session {
        test: Test::new(),
        cwd: String::new(),
    };

    // Install, init, template.
    let mut sheet = None;
    for line in &sh[0] {
        let words = words(line);
        if let Some(run) = s.line(&words) {
            run.code(0);
            if words[1] == "template" {
                sheet = Some((
                    value(&words, "-o").to_string(),
                    value(&words, "--round").to_string(),
                ));
            }
        }
    }
    let (sheet, round) = sheet.expect("README writes a template");
    let template = std::fs::read(s.path(&sheet)).expect("the template");
    let st = ceping::standard::load(&s.path("standard"))
        .standard
        .expect("init copied the standard");

    let rows = {
        use calamine::Reader as _;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(&template)).expect("workbook");
        book.worksheet_range(&round).expect("sheet").height() - 1
    };
    assert!(
        text.contains(&format!("{rows} rows here")),
        "README counts {rows} rows"
    );

    // Filled in: a few criteria fail in one district.
    let filled = common::fill::workbook(
        &template,
        &round,
        inspectors(&st, |d, n| d == "睢阳区" && n % 40 == 0),
    );
    std::fs::write(s.path(&sheet), &filled).expect("save the filled sheet");

    // Score, the ledger, the bulletin.
    for line in &sh[1] {
        let run = s.line(&words(line)).expect("a ceping command");
        run.code(0);
        assert!(!run.stderr.contains("error"), "{}", run.stderr);
    }
    assert!(s.path("整改台账.xlsx").is_file());
    assert!(s.path("通报.html").is_file());

    // The gates, into ceping.toml.
    let toml = blocks(&text, "toml");
    assert_eq!(toml.len(), 1);
    let mut project = std::fs::read_to_string(s.path("ceping.toml")).expect("ceping.toml");
    project.push('\n');
    project.push_str(&toml[0].join("\n"));
    project.push('\n');
    std::fs::write(s.path("ceping.toml"), project).expect("write ceping.toml");

    // The cron line: `cd` to the project, then the command.
    let cron = blocks(&text, "crontab");
    assert_eq!(cron.len(), 1);
    let (cd, command) = cron[0][0].split_once(" && ").expect("cd && ceping …");
    let project_dir = Path::new(&s.cwd)
        .file_name()
        .expect("project")
        .to_string_lossy()
        .into_owned();
    assert!(cd.ends_with(&format!("cd /srv/{project_dir}")), "{cd}");
    let nightly = words(command);
    assert_eq!(
        nightly[0], "$HOME/.cargo/bin/ceping",
        "where `cargo install` puts it"
    );
    let reports = value(&nightly, "--out-dir").to_string();

    // A good night: quiet, the set written.
    let run = s.ceping(&nightly[1..]);
    run.code(0).stdout("").stderr("");
    let set = s.path(&reports);
    for name in [
        "score.xlsx",
        "gaps.xlsx",
        "problems.xlsx",
        "bulletin.html",
        "manifest.json",
    ] {
        assert!(text.contains(&format!("`{name}`")), "README names {name}");
        assert!(set.join(name).is_file(), "{name} in the set");
    }
    let manifest = std::fs::read(set.join("manifest.json")).expect("manifest");

    // Bad data: exit 2, every bad cell located, last night's set as it was.
    let bad = s.path("data/补录.csv");
    std::fs::write(
        &bad,
        "批次,区县,标准编号,点位,结果\n2024年第1轮,梁园区,A1.01,东街,合各\n",
    )
    .expect("write");
    let run = s.ceping(&nightly[1..]);
    run.code(2).stdout("").stderr_has("补录.csv:2: 结果");
    assert_eq!(
        std::fs::read(set.join("manifest.json")).expect("manifest"),
        manifest
    );
    std::fs::remove_file(&bad).expect("remove");

    // A night below the gate: exit 1, its reason, the set written.
    let failing = common::fill::workbook(&template, &round, inspectors(&st, |_, n| n % 3 == 0));
    std::fs::write(s.path(&sheet), failing).expect("save");
    let run = s.ceping(&nightly[1..]);
    run.code(1).stdout("");
    // As README quotes it, the score aside.
    let reason = run.stderr.trim_end();
    let words: Vec<&str> = reason.split(' ').collect();
    let (head, tail) = (words[..2].join(" "), words[3..].join(" "));
    assert!(
        text.contains(&format!("`{head} ")) && text.contains(&format!(" {tail}`")),
        "README quotes the gate's reason as it is: {reason}"
    );
    assert_ne!(
        std::fs::read(set.join("manifest.json")).expect("manifest"),
        manifest
    );
}
