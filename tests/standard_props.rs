//! Property tests of the loader, called as a library: whatever the input, it
//! never panics, returns a standard exactly when it reports no error, and
//! every diagnostic renders in both languages with a sane location.

mod common;

use std::path::Path;

use ceping::diag::{Diagnostic, Pos};
use ceping::i18n::Lang;
use ceping::standard::{Loaded, load};
use common::{MINI, shipped};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;

const CASES: u32 = 256;

/// The contract every load must keep.
fn check(loaded: &Loaded) -> Result<(), TestCaseError> {
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    prop_assert_eq!(
        loaded.standard.is_some(),
        errors == 0,
        "standard present iff no error; diagnostics: {:#?}",
        loaded.diagnostics
    );
    if let Some(st) = &loaded.standard {
        prop_assert!(!st.criteria.is_empty());
        for c in &st.criteria {
            prop_assert!(c.group < st.groups.len() && c.method < st.methods.len());
            prop_assert!(c.score > rust_decimal::Decimal::ZERO);
        }
    }
    for d in &loaded.diagnostics {
        check_diagnostic(d)?;
    }
    // Reported in file, then line, then column order.
    let key = |d: &Diagnostic| match &d.pos {
        Pos::Span { line, col, .. } => (d.file.clone(), *line, *col),
        _ => (d.file.clone(), 0, 0),
    };
    for pair in loaded.diagnostics.windows(2) {
        prop_assert!(key(&pair[0]) <= key(&pair[1]), "out of order: {:#?}", pair);
    }
    Ok(())
}

fn check_diagnostic(d: &Diagnostic) -> Result<(), TestCaseError> {
    for lang in [Lang::Zh, Lang::En] {
        let text = d.render(lang);
        prop_assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "control character in {:?}",
            text
        );
        let headline = text.lines().next().unwrap_or_default();
        prop_assert!(
            headline.contains(": error: ") || headline.contains(": warning: "),
            "{}",
            text
        );
        if let Pos::Span {
            line,
            col,
            source_line,
            ..
        } = &d.pos
        {
            prop_assert!(*line >= 1 && *col >= 1);
            prop_assert!(!source_line.contains(['\n', '\r']), "{:?}", source_line);
            prop_assert_eq!(text.lines().count(), 4, "headline, gutter, source, caret");
            prop_assert!(text.ends_with('^'), "{}", text);
        } else {
            prop_assert_eq!(text.lines().count(), 1, "one line: {}", text);
        }
    }
    Ok(())
}

/// Load `bytes` as the single file `s.toml` of a fresh temp dir.
fn load_file(bytes: &[u8]) -> Loaded {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.toml");
    std::fs::write(&path, bytes).expect("write");
    load(&path)
}

/// Load a directory holding `files`.
fn load_dir(files: &[(&str, &str)]) -> Loaded {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    load(dir.path())
}

// --- (a) arbitrary bytes ----------------------------------------------------

/// Pieces of TOML and of standards, so that random input gets past the
/// parser often enough to reach the checks.
const TOKENS: &[&str] = &[
    "[standard]",
    "[[group]]",
    "[[criterion]]",
    "[[penalty]]",
    "[standard.methods]",
    "[standard.policy]",
    "id = \"A\"",
    "id = \"A1\"",
    "parent = \"A\"",
    "group = \"A\"",
    "name = \"市容\"",
    "levels = [\"项目\", \"标准\"]",
    "full_score = 100",
    "score = 4",
    "score = -1",
    "method = \"field\"",
    "point_types = [\"社区\"]",
    "rule = { kind = \"deduct\", per_problem = 0.5 }",
    "rule = { kind = \"graded\", grades = { A = 1 } }",
    "field = { name = \"实地\", weight = 100 }",
    "text = \"文明\"",
    "lead = \"市文明办\"",
    "\n",
    "\r\n",
    "\t",
    " = ",
    "\"",
    "'''",
    "\u{feff}",
    "# 注释",
    "\"k\\n\\u001b[31m\" = 1",
    "id = \"A\\r\\n\"",
    "1e400",
    "9999999999999999999999999999999",
];

fn tomlish() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
            1 => any::<char>().prop_map(|c| c.to_string().into_bytes()),
            1 => prop::collection::vec(any::<u8>(), 1..4),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        tomlish(),
    ]) {
        let loaded = load_file(&bytes);
        prop_assert!(
            loaded.standard.is_some() || loaded.diagnostics.iter().any(Diagnostic::is_error)
        );
        check(&loaded)?;
    }
}

// --- (b) mutated valid standards --------------------------------------------

#[derive(Clone, Debug)]
enum Mutation {
    /// Delete up to `len` bytes (snapped to character boundaries, so the text
    /// stays UTF-8; invalid UTF-8 is covered above).
    Delete(Index, usize),
    Insert(Index, String),
    DuplicateLine(Index),
    SwapLines(Index, Index),
}

fn insertion() -> impl Strategy<Value = String> {
    let chars = prop::sample::select(vec![
        '"', '\'', '[', ']', '{', '}', '=', ',', '.', '#', '\n', '\r', '\t', ' ', '\\', '-', '_',
        'a', 'A', '1', '0', '市', '容', '（', '）', '\u{feff}', '\u{3000}',
    ]);
    prop_oneof![
        prop::collection::vec(chars, 1..6).prop_map(|c| c.into_iter().collect()),
        prop::sample::select(TOKENS).prop_map(|t| format!("\n{t}\n")),
        ".{1,6}".prop_map(|s: String| s),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<Index>(), insertion()).prop_map(|(at, s)| Mutation::Insert(at, s)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut s = text.to_string();
    for m in mutations {
        match m {
            Mutation::Delete(at, len) => {
                let start = floor_char(&s, at.index(s.len() + 1));
                let end = floor_char(&s, (start + len).min(s.len()));
                s.replace_range(start..end, "");
            }
            Mutation::Insert(at, ins) => {
                let i = floor_char(&s, at.index(s.len() + 1));
                s.insert_str(i, ins);
            }
            Mutation::DuplicateLine(at) => {
                let mut lines: Vec<&str> = s.split_inclusive('\n').collect();
                if !lines.is_empty() {
                    let i = at.index(lines.len());
                    lines.insert(i, lines[i]);
                }
                s = lines.concat();
            }
            Mutation::SwapLines(a, b) => {
                let mut lines: Vec<&str> = s.split_inclusive('\n').collect();
                if !lines.is_empty() {
                    let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                    lines.swap(a, b);
                }
                s = lines.concat();
            }
        }
    }
    s
}

fn monthly() -> [(String, String); 2] {
    ["00-standard.toml", "10-criteria.toml"].map(|name| {
        let text = std::fs::read_to_string(shipped("monthly-check").join(name)).expect("read");
        (name.to_string(), text)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn mutated_mini_never_panics(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = mutate(MINI, &mutations);
        check(&load_file(text.as_bytes()))?;
    }

    #[test]
    fn mutated_monthly_check_never_panics(
        which in 0..2usize,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut files = monthly();
        files[which].1 = mutate(&files[which].1, &mutations);
        let files: Vec<(&str, &str)> =
            files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        check(&load_dir(&files))?;
    }
}

// --- the unmutated inputs keep the contract too ------------------------------

#[test]
fn unmutated_inputs_load() {
    let loaded = load_file(MINI.as_bytes());
    assert!(loaded.standard.is_some() && loaded.diagnostics.is_empty());
    let files = monthly();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let loaded = load_dir(&files);
    assert!(loaded.standard.is_some() && loaded.diagnostics.is_empty());
    let loaded = load(Path::new(&shipped("national-prefecture")));
    assert_eq!(loaded.standard.map(|s| s.criteria.len()), Some(125));
}
