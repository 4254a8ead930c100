//! `ceping report`: the round's 通报 (bulletin) from one read of the
//! inputs: the score, gaps and ledger reports (and the comparison with
//! `--compare-with`), composed and rendered as HTML, Markdown, Word (.docx) or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::exit;
use super::setup::Setup;
use crate::cli::{ReadArgs, ReportArgs};
use crate::i18n::{Lang, Msg};
use crate::input::{InputInfo, RowCounts, Source};
use crate::output::Output;
use crate::render::{self, Format, Style};
use crate::report::bulletin::Bulletin;
use crate::report::gaps::GapsReport;
use crate::report::ledger::{Filters, LedgerReport};
use crate::score::Tally;
use crate::score::ledger::Ledger;
use crate::score::rounds::{Selection, UNNAMED};

/// The format asked for (`-f`, else `-o`'s extension, else Markdown), or
/// the error naming the formats a bulletin is written in.
fn format(args: &ReportArgs, lang: Lang) -> Result<Format, ExitCode> {
    super::chosen_format(
        args.format,
        args.output.as_deref(),
        Format::Md,
        &[Format::Html, Format::Md, Format::Json, Format::Docx],
        |given| Msg::ReportFormat { given },
        lang,
    )
}

/// `--compare-with` naming a saved report (a `.json` file) rather than a
/// round.
fn saved(old: &str) -> Option<PathBuf> {
    let path = Path::new(old);
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        .then(|| path.to_path_buf())
}

pub fn run(args: &ReportArgs, style: Style) -> anyhow::Result<ExitCode> {
    let lang = style.lang;
    // Bad flags stop the run before any work.
    let format = match format(args, lang) {
        Ok(f) => f,
        Err(code) => return Ok(code),
    };
    let as_of = match super::problems::as_of(args.as_of.as_deref(), lang) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let out = Output::open(args.output.as_deref(), lang)?;
    if let Some(code) = super::refuse_binary_format_on_terminal(format, &out, lang) {
        return Ok(code);
    }
    let saved = args.compare_with.as_deref().and_then(saved);
    if let Some(path) = &saved {
        let reads = [(path.display().to_string(), path.clone())];
        if let Some(code) = super::refuse_overwrite(&[("-o", &out)], &reads, lang) {
            return Ok(code);
        }
    }
    let mut setup = match Setup::new(&args.read, &[("-o", &out)], None, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    if args.target.is_some() {
        setup.project.target = args.target;
    }
    let setup = setup;
    let st = &setup.standard;
    let result = match setup.read(&args.read, false, false, || {
        (Tally::new(st), Ledger::new(st, as_of))
    })? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let read = Read {
        sink: result.sink,
        inputs: result.inputs,
        rows: result.rows,
        sources: &result.sources,
    };
    let asked = Asked {
        round: args.round.as_deref(),
        compare_with: args.compare_with.as_deref(),
    };
    let bulletin = match compose(&setup, &args.read, read, &asked) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let bytes = match format {
        Format::Html => {
            render::html::bulletin(&render::bulletin::document(&bulletin, lang), lang).into_bytes()
        }
        Format::Md => {
            render::bulletin::markdown(&render::bulletin::document(&bulletin, lang), lang)
                .into_bytes()
        }
        Format::Docx => render::docx::bulletin(&render::bulletin::document(&bulletin, lang))?,
        _ => render::render(&bulletin, &[], Format::Json, style)?,
    };
    out.commit(&bytes, lang)?;
    Ok(ExitCode::from(exit::OK))
}

/// One read of the inputs, into a tally and a ledger.
pub(super) struct Read<'s> {
    pub sink: (Tally<'s>, Ledger<'s>),
    pub inputs: Vec<InputInfo>,
    pub rows: RowCounts,
    pub sources: &'s [Source],
}

/// What the reports are asked for: the round, and the round or saved
/// report (`.json`) compared with.
pub(super) struct Asked<'a> {
    pub round: Option<&'a str>,
    pub compare_with: Option<&'a str>,
}

/// The round's score, gaps and ledger reports (and the comparison) from
/// one read, composed into a bulletin: what `report` renders, and what
/// `score --out-dir` writes as a set. `Err` is the exit code of a run that
/// has said why it stops.
pub(super) fn compose(
    setup: &Setup,
    read_args: &ReadArgs,
    read: Read<'_>,
    asked: &Asked<'_>,
) -> Result<Bulletin, ExitCode> {
    let lang = setup.lang;
    let st = &setup.standard;
    let saved = asked.compare_with.and_then(saved);
    let (tally, ledger) = read.sink;
    let have = tally.rounds();
    let selection = setup.rounds(&have, asked.round)?;
    // The round compared with, scored from a copy of the one tally.
    let old = match (&saved, asked.compare_with) {
        (None, Some(round)) => {
            let old = setup.rounds(&have, Some(round))?;
            let label = label(old.round.as_deref(), lang);
            let tally = tally.clone().pooled(&old.pooled);
            let report = super::score::report(
                setup,
                read_args,
                &tally,
                old,
                read.inputs.clone(),
                read.rows,
            );
            Some((label, report))
        }
        _ => None,
    };
    let Selection { round, pooled } = selection.clone();
    let round = round.filter(|r| !r.is_empty());
    let tally = tally.pooled(&pooled);
    let score = super::score::report(
        setup,
        read_args,
        &tally,
        selection.clone(),
        read.inputs.clone(),
        read.rows,
    );
    let old = match (&saved, old) {
        (Some(path), _) => {
            let files = [(path.display().to_string(), path.clone())];
            let current = label(round.as_deref(), lang);
            super::compare::read_reports(&files, Some((&current, &score)), lang)?.pop()
        }
        (None, old) => old,
    };
    // Every criterion: the summary names as many as close the gap, and
    // the bulletin lists the first few.
    let meta = setup.meta(read_args, selection, read.inputs, read.rows);
    let gaps = GapsReport::build(&tally, meta, None);
    let ledger = LedgerReport::build(
        ledger,
        crate::report::ledger::Meta {
            standard: st,
            sources: read.sources,
            round: round.clone(),
            pooled: &pooled,
            filters: Filters::default(),
        },
    );
    let (score, compare) = match old {
        Some(old) => {
            let mut both = vec![old, (label(round.as_deref(), lang), score)];
            let compare = super::compare::compared(&both, lang)?;
            let Some((_, score)) = both.pop() else {
                return Err(ExitCode::from(exit::INVALID));
            };
            (score, Some(compare))
        }
        None => (score, None),
    };
    let as_of = ledger.as_of.clone();
    Ok(Bulletin::build(as_of, score, gaps, ledger, compare))
}

/// A round as the comparison names it.
fn label(round: Option<&str>, lang: Lang) -> String {
    match round {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => lang.pick(UNNAMED[0], UNNAMED[1]).to_string(),
    }
}
