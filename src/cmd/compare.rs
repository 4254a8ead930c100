//! `ceping compare`: rounds of the same inputs (`--round OLD --round NEW`,
//! read once, each round scored as `score --round R` scores it), or
//! reports saved by `ceping score -f json`, side by side.

use std::path::Path;
use std::process::ExitCode;

use super::exit;
use super::setup::{Setup, invalid};
use crate::cli::CompareArgs;
use crate::diag::Diagnostic;
use crate::i18n::{Lang, Msg};
use crate::output::Output;
use crate::render::{self, Format, Style, compare as sheets};
use crate::report::compare::{self, CompareReport, Round};
use crate::report::score::ScoreReport;
use crate::score::Tally;
use crate::score::rounds::UNNAMED;

pub fn run(args: &CompareArgs, style: Style) -> anyhow::Result<ExitCode> {
    let style = Style {
        csv_encoding: args.out.output_encoding,
        ..style
    };
    let lang = style.lang;
    let inputs = &args.read.inputs;
    let is_json = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    };
    let reports = inputs.iter().filter(|p| is_json(p)).count();
    if let Some(json) = inputs.iter().find(|p| is_json(p))
        && (reports < inputs.len() || !args.round.is_empty())
    {
        let file = json.display().to_string();
        return Ok(invalid(Diagnostic::error(Msg::CompareMixed { file }), lang));
    }
    if reports < 2 && args.round.len() < 2 {
        let msg = Msg::CompareWhat {
            rounds: args.round.len(),
            reports,
        };
        return Ok(invalid(Diagnostic::error(msg), lang));
    }
    let out = Output::open(args.out.output.as_deref(), lang)?;
    let built = if reports >= 2 {
        from_reports(args, &out, lang)
    } else {
        from_rounds(args, &out, lang)?
    };
    let report = match built {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let format = args.out.format();
    let sheets = if format == Format::Xlsx {
        sheets::workbook(&report, lang)
    } else {
        sheets::view(&report, args.by, lang)
    };
    let bytes = render::render(&report, &sheets, format, style)?;
    out.commit(&bytes, lang)?;
    Ok(ExitCode::from(exit::OK))
}

/// Score each round asked for from one read of the inputs, and compare.
fn from_rounds(
    args: &CompareArgs,
    out: &Output,
    lang: Lang,
) -> anyhow::Result<Result<CompareReport, ExitCode>> {
    let setup = match Setup::new(&args.read, &[("-o", out)], Some((&args.out, out)), lang) {
        Ok(s) => s,
        Err(code) => return Ok(Err(code)),
    };
    let st = &setup.standard;
    let result = match setup.read(&args.read, false, false, || Tally::new(st))? {
        Ok(r) => r,
        Err(code) => return Ok(Err(code)),
    };
    let have = result.sink.rounds();
    let mut selections = Vec::with_capacity(args.round.len());
    for r in &args.round {
        match setup.rounds(&have, Some(r)) {
            Ok(s) => selections.push(s),
            Err(code) => return Ok(Err(code)),
        }
    }
    // Each round from a copy of the one tally (the last from the tally
    // itself): the inputs are read once.
    let mut whole = Some(result.sink);
    let last = selections.len().saturating_sub(1);
    let mut reports: Vec<(String, ScoreReport)> = Vec::with_capacity(selections.len());
    for (i, selection) in selections.into_iter().enumerate() {
        let label = match selection.round.as_deref() {
            Some(r) if !r.is_empty() => r.to_string(),
            _ => lang.pick(UNNAMED[0], UNNAMED[1]).to_string(),
        };
        let copy = if i == last {
            whole.take()
        } else {
            whole.clone()
        };
        let Some(tally) = copy else { break };
        let tally = tally.pooled(&selection.pooled);
        let report = super::score::report(
            &setup,
            &args.read,
            &tally,
            selection,
            result.inputs.clone(),
            result.rows,
        );
        reports.push((label, report));
    }
    Ok(compared(&reports, lang))
}

/// Read the saved reports, check them (JSON, a ceping score report of a
/// version this build reads, one standard: every error at once), and
/// compare.
fn from_reports(args: &CompareArgs, out: &Output, lang: Lang) -> Result<CompareReport, ExitCode> {
    let files: Vec<(String, std::path::PathBuf)> = args
        .read
        .inputs
        .iter()
        .map(|p| (p.display().to_string(), p.clone()))
        .collect();
    if let Some(code) = super::refuse_overwrite(&[("-o", out)], &files, lang)
        .or_else(|| super::refuse_unknown_format(&args.out, lang))
        .or_else(|| super::refuse_binary_on_terminal(&args.out, out, lang))
    {
        return Err(code);
    }
    let reports = read_reports(&files, None, lang)?;
    compared(&reports, lang)
}

/// Read saved reports and check them (JSON, a ceping score report of a
/// version this build reads, one standard: every error at once), each
/// labelled with its round (else its file). `current`, a report of this
/// run (with what to call it), must be of their standard too.
pub(super) fn read_reports(
    files: &[(String, std::path::PathBuf)],
    current: Option<(&str, &ScoreReport)>,
    lang: Lang,
) -> Result<Vec<(String, ScoreReport)>, ExitCode> {
    let mut diags = Vec::new();
    let mut texts = Vec::with_capacity(files.len());
    for (shown, path) in files {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => texts.push((shown.as_str(), text)),
                Err(e) => diags.push(Diagnostic::file_error(
                    shown.clone(),
                    Msg::NotJson {
                        detail: e.utf8_error().to_string(),
                    },
                )),
            },
            Err(e) => diags.push(Diagnostic::file_error(
                shown.clone(),
                crate::paths::io_msg(&e),
            )),
        }
    }
    let mut read = Vec::with_capacity(texts.len());
    for (shown, text) in &texts {
        match compare::read_saved(shown, text) {
            Ok(r) => read.push((*shown, text.as_str(), r)),
            Err(d) => diags.push(*d),
        }
    }
    if diags.is_empty() {
        let refs: Vec<(&str, &str, &ScoreReport)> = current
            .map(|(f, r)| (f, "", r))
            .into_iter()
            .chain(read.iter().map(|(f, t, r)| (*f, *t, r)))
            .collect();
        diags.extend(compare::different_standards(&refs));
    }
    if let Some(code) = super::report_diagnostics(&diags, lang) {
        return Err(code);
    }
    Ok(read
        .into_iter()
        .map(|(file, _, r)| {
            let label = r.round.clone().unwrap_or_else(|| file.to_string());
            (label, r)
        })
        .collect())
}

/// The comparison of the reports, oldest first; fewer than two (which
/// `run` refuses before reading) compare nothing.
pub(super) fn compared(
    reports: &[(String, ScoreReport)],
    lang: Lang,
) -> Result<CompareReport, ExitCode> {
    let rounds: Vec<Round<'_>> = reports
        .iter()
        .map(|(label, report)| Round {
            label: label.clone(),
            report,
        })
        .collect();
    CompareReport::build(&rounds).ok_or_else(|| {
        let msg = Msg::CompareWhat {
            rounds: reports.len(),
            reports: 0,
        };
        invalid(Diagnostic::error(msg), lang)
    })
}
