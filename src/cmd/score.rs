//! `ceping score`: read inspection results and report the scores.

use std::process::ExitCode;

use super::exit;
use super::setup::Setup;
use crate::cli::ScoreArgs;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::Msg;
use crate::input::{self, Source};
use crate::output::{self, Output};
use crate::render::{self, Style, sheets};
use crate::report::coverage::Seen;
use crate::report::score::ScoreReport;
use crate::score::Tally;
use crate::score::gates::{self, Gates, MaxRejects};
use crate::score::rounds::Selection;

pub fn run(args: &ScoreArgs, style: Style) -> anyhow::Result<ExitCode> {
    let style = Style {
        csv_encoding: args.out.output_encoding,
        ..style
    };
    let lang = style.lang;
    let flags = match flag_gates(args, lang) {
        Ok(g) => g,
        Err(code) => return Ok(code),
    };
    let out = Output::open(args.out.output.as_deref(), lang)?;
    let rejects_out = match &args.rejects {
        Some(p) => Some(Output::open(Some(p), lang)?),
        None => None,
    };
    let mut outputs: Vec<(&str, &Output)> = rejects_out.iter().map(|r| ("--rejects", r)).collect();
    outputs.push(("-o", &out));
    let setup = match Setup::new(&args.read, &outputs, Some((&args.out, &out)), lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let st = &setup.standard;
    // `--by item --level N` beyond the groups' levels would show an empty table.
    let group_levels = st.groups.iter().map(|g| g.depth + 1).max().unwrap_or(0);
    if args.by == crate::cli::By::Item && !(1..=group_levels).contains(&args.level) {
        let levels = (1..=group_levels)
            .map(|l| {
                st.levels
                    .get(l - 1)
                    .cloned()
                    .unwrap_or_else(|| l.to_string())
            })
            .collect();
        let msg = Msg::LevelTooDeep {
            level: args.level,
            levels,
        };
        return Ok(super::setup::invalid(Diagnostic::error(msg), lang));
    }
    let sha256 = args.out.format() == crate::render::Format::Json;
    let result = match setup.read(&args.read, args.rejects.is_some(), sha256, || {
        Tally::new(st)
    })? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let tally = result.sink;
    let selection = match setup.rounds(&tally.rounds(), args.round.as_deref()) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let tally = tally.pooled(&selection.pooled);
    let report = report(
        &setup,
        &args.read,
        &tally,
        selection,
        result.inputs,
        result.rows,
    );
    let warnings = report.coverage_warnings();
    let color = output::stderr().color;
    output::eprint_at(
        Severity::Warning,
        warnings.into_iter().map(|msg| {
            let d = Diagnostic::new(Severity::Warning, None, Pos::File, msg);
            format!("ceping: {}", d.render_with(lang, color))
        }),
    );
    // A workbook holds every view; the text formats show the one asked for.
    let sheets = if args.out.format() == crate::render::Format::Xlsx {
        sheets::workbook(&report, lang)
    } else {
        sheets::score(&report, args.by, args.level, lang)
    };
    let bytes = render::render(&report, &sheets, args.out.format(), style)?;
    // Only a run that reports leaves its rejected rows behind.
    if let Some(r) = rejects_out {
        write_rejects(r, &result.rejected, &result.headers, &result.sources, style)?;
    }
    out.commit(&bytes, lang)?;

    // Gates: every one that fails is named.
    let gates = flags.over(setup.project.gates);
    let failed = gates::failed(&gates, &report);
    if failed.is_empty() {
        return Ok(ExitCode::from(exit::OK));
    }
    output::eprint_gate(failed.iter().map(|m| format!("ceping: {}", m.text(lang))));
    Ok(ExitCode::from(exit::GATE))
}

/// The gates the flags ask for; a `--max-rejects` that is neither `N` nor
/// `P%` is a usage error (exit 2), found before any work.
fn flag_gates(args: &ScoreArgs, lang: crate::i18n::Lang) -> Result<Gates, ExitCode> {
    let max_rejects = match args.max_rejects.as_deref() {
        None => None,
        Some(text) => Some(MaxRejects::parse(text).ok_or_else(|| {
            super::setup::invalid(
                Diagnostic::error(Msg::BadMaxRejects {
                    key: "--max-rejects".into(),
                    value: text.to_string(),
                }),
                lang,
            )
        })?),
    };
    Ok(Gates {
        fail_below: args.fail_below,
        max_rejects,
        require_complete: args.require_complete,
        fail_on_veto: args.fail_on_veto,
        fail_on_black: args.fail_on_black,
    })
}

/// The report of a tally pooled over the rounds `selection` picks, with
/// its coverage: what `score` reports, and what `compare` compares.
pub(super) fn report(
    setup: &Setup,
    read: &crate::cli::ReadArgs,
    tally: &Tally<'_>,
    selection: Selection,
    inputs: Vec<crate::input::InputInfo>,
    rows: crate::input::RowCounts,
) -> ScoreReport {
    let st = &setup.standard;
    let mut report = ScoreReport::build(tally, setup.meta(read, selection, inputs, rows));
    let seen = Seen {
        point_types: tally.point_types_by_district(),
        // Counted rows per criterion, as the report's criteria view has them.
        criteria_counted: report
            .criteria
            .iter()
            .map(|c| c.stats.observations)
            .collect(),
    };
    report.add_coverage(st, &setup.context.districts, &seen);
    report
}

/// The rejected rows as CSV for Excel: the inputs' columns (the first
/// input's, then any other name another input has), then file, line and
/// reason. Each cell goes under its own column's name, so that inputs with
/// their columns in another order, and rows with too few or too many
/// fields, keep file, line and reason under their headings. Written a row
/// at a time, as they come back from their spool.
fn write_rejects(
    out: Output,
    rejected: &input::Rejects,
    headers: &[Vec<String>],
    sources: &[Source],
    style: Style,
) -> anyhow::Result<()> {
    let lang = style.lang;
    // Where each input's columns go; a name repeated in one header takes
    // as many columns.
    let mut header: Vec<String> = Vec::new();
    let mut place: Vec<Vec<usize>> = Vec::with_capacity(headers.len());
    for h in headers {
        let mut taken = vec![false; header.len()];
        let mut p = Vec::with_capacity(h.len());
        for name in h {
            let found = (0..header.len()).find(|&j| !taken[j] && header[j] == *name);
            let j = found.unwrap_or_else(|| {
                header.push(name.clone());
                taken.push(false);
                header.len() - 1
            });
            taken[j] = true;
            p.push(j);
        }
        place.push(p);
    }
    // Fields beyond a row's header get unnamed columns of their own.
    let extra = rejected.extra();
    let width = header.len() + extra;
    header.resize(width, String::new());
    header.extend([
        lang.pick("文件", "file").to_string(),
        lang.pick("行号", "line").to_string(),
        lang.pick("原因", "reason").to_string(),
    ]);
    out.commit_with(lang, |out| {
        let out = crate::render::Encoded::new(out, style.csv_encoding)?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(&header)?;
        let mut rec = Vec::with_capacity(width + 3);
        rejected.for_each(lang, |r| {
            let p = &place[r.file];
            rec.clear();
            rec.resize(width, String::new());
            for (i, field) in r.fields.into_iter().enumerate() {
                let j = p.get(i).copied().unwrap_or(width - extra + i - p.len());
                // As a spreadsheet should show it: a formula-like cell as
                // text (see `render::inert`).
                rec[j] = match crate::render::inert(&field) {
                    std::borrow::Cow::Borrowed(_) => field,
                    std::borrow::Cow::Owned(text) => text,
                };
            }
            rec.push(sources[r.file].display.clone());
            rec.push(r.line.to_string());
            rec.push(r.reason);
            Ok(w.write_record(&rec)?)
        })?;
        w.flush()
    })
}
