//! `manifest.json` of a set of reports (`ceping score --out-dir`): what
//! the set was made from and what it holds. No clock in it but `as_of`:
//! the same inputs give the same bytes.

use serde::Serialize;

use crate::output::SetFile;
use crate::report::score::ScoreReport;
use crate::score::gates::Failed;

#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    /// [`FORMAT_VERSION`](crate::report::score::FORMAT_VERSION), first.
    pub format_version: u32,
    pub ceping_version: &'static str,
    pub standard: Standard<'a>,
    pub round: Option<&'a str>,
    pub as_of: &'a str,
    pub city: Option<String>,
    pub inputs: Vec<Input<'a>>,
    /// Every file of the set but the manifest, by name.
    pub files: Vec<SetFile>,
    /// The keys of the gates that failed (`[gates]` of ceping.toml), each
    /// once; empty when none did.
    pub gates: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Standard<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub edition: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct Input<'a> {
    pub path: &'a str,
    pub sha256: &'a str,
    pub rows: u64,
    pub encoding: &'a str,
}

impl<'a> Manifest<'a> {
    /// The manifest of the set made from `score` (its standard, round and
    /// inputs), holding `files`, with the gates that `failed`.
    #[must_use]
    pub fn new(
        score: &'a ScoreReport,
        as_of: &'a str,
        city: Option<String>,
        mut files: Vec<SetFile>,
        failed: &[Failed],
    ) -> Self {
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let mut gates: Vec<&'static str> = Vec::new();
        for f in failed {
            if !gates.contains(&f.key) {
                gates.push(f.key);
            }
        }
        Self {
            format_version: crate::report::score::FORMAT_VERSION,
            ceping_version: env!("CARGO_PKG_VERSION"),
            standard: Standard {
                id: &score.standard.id,
                name: &score.standard.name,
                edition: score.standard.edition.as_deref(),
            },
            round: score.round.as_deref(),
            as_of,
            city,
            inputs: score
                .inputs
                .iter()
                .map(|i| Input {
                    path: &i.path,
                    sha256: &i.sha256,
                    rows: i.rows,
                    encoding: &i.encoding,
                })
                .collect(),
            files,
            gates,
        }
    }
}
