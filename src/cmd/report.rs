//! `ceping report`: the round's 通报 (bulletin) from one read of the
//! inputs: the score, gaps and ledger reports (and the comparison with
//! `--compare-with`), composed and rendered as HTML, Markdown, Word (.docx) or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::exit;
use super::setup::{Setup, invalid};
use crate::cli::ReportArgs;
use crate::diag::Diagnostic;
use crate::i18n::{Lang, Msg};
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
    let refuse = |given: String| invalid(Diagnostic::error(Msg::ReportFormat { given }), lang);
    let format = match (args.format, args.output.as_deref()) {
        (Some(f), _) => f,
        (None, Some(path)) if path.extension().is_some() => {
            Format::from_extension(path).ok_or_else(|| refuse(path.display().to_string()))?
        }
        _ => Format::Md,
    };
    match format {
        Format::Html | Format::Md | Format::Json | Format::Docx => Ok(format),
        other => Err(refuse(
            clap::ValueEnum::to_possible_value(&other)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default(),
        )),
    }
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
    let (tally, ledger) = result.sink;
    let have = tally.rounds();
    let selection = match setup.rounds(&have, args.round.as_deref()) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    // The round compared with, scored from a copy of the one tally.
    let old = match (&saved, args.compare_with.as_deref()) {
        (None, Some(round)) => {
            let old = match setup.rounds(&have, Some(round)) {
                Ok(s) => s,
                Err(code) => return Ok(code),
            };
            let label = label(old.round.as_deref(), lang);
            let tally = tally.clone().pooled(&old.pooled);
            let report = super::score::report(
                &setup,
                &args.read,
                &tally,
                old,
                result.inputs.clone(),
                result.rows,
            );
            Some((label, report))
        }
        _ => None,
    };
    let Selection { round, pooled } = selection.clone();
    let round = round.filter(|r| !r.is_empty());
    let tally = tally.pooled(&pooled);
    let score = super::score::report(
        &setup,
        &args.read,
        &tally,
        selection.clone(),
        result.inputs.clone(),
        result.rows,
    );
    let old = match (&saved, old) {
        (Some(path), _) => {
            let files = [(path.display().to_string(), path.clone())];
            let current = label(round.as_deref(), lang);
            match super::compare::read_reports(&files, Some((&current, &score)), lang) {
                Ok(mut r) => r.pop(),
                Err(code) => return Ok(code),
            }
        }
        (None, old) => old,
    };
    // Every criterion: the summary names as many as close the gap, and
    // the bulletin lists the first few.
    let meta = setup.meta(&args.read, selection, result.inputs, result.rows);
    let gaps = GapsReport::build(&tally, meta, None);
    let ledger = LedgerReport::build(
        ledger,
        crate::report::ledger::Meta {
            standard: st,
            sources: &result.sources,
            round: round.clone(),
            pooled: &pooled,
            filters: Filters::default(),
        },
    );
    let (score, compare) = match old {
        Some(old) => {
            let mut both = vec![old, (label(round.as_deref(), lang), score)];
            let compare = match super::compare::compared(&both, lang) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let Some((_, score)) = both.pop() else {
                return Ok(ExitCode::from(exit::INVALID));
            };
            (score, Some(compare))
        }
        None => (score, None),
    };
    let as_of = ledger.as_of.clone();
    let bulletin = Bulletin::build(as_of, score, gaps, ledger, compare);
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

/// A round as the comparison names it.
fn label(round: Option<&str>, lang: Lang) -> String {
    match round {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => lang.pick(UNNAMED[0], UNNAMED[1]).to_string(),
    }
}
