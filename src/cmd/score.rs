//! `ceping score`: read inspection results and report the scores.

use std::path::Path;
use std::process::ExitCode;

use super::exit;
use super::setup::Setup;
use crate::cli::{GapsBy, ScoreArgs};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::{Lang, Msg};
use crate::input::{self, Source};
use crate::output::{self, OutDir, Output};
use crate::render::{self, Format, Style, sheets};
use crate::report::bulletin::Bulletin;
use crate::report::coverage::Seen;
use crate::report::manifest::Manifest;
use crate::report::score::ScoreReport;
use crate::score::Tally;
use crate::score::gates::{self, Gates, MaxRejects};
use crate::score::ledger::Ledger;
use crate::score::rounds::Selection;
use crate::standard::Standard;

pub fn run(args: &ScoreArgs, style: Style) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.out_dir {
        return run_set(args, dir, style);
    }
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
    if let Some(code) = refuse_level(args, st, lang) {
        return Ok(code);
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
    warn_coverage(&report, lang);
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

    Ok(gated(&flags.over(setup.project.gates), &report, lang))
}

/// The coverage warnings of a report (districts or point types without
/// rows), on stderr.
fn warn_coverage(report: &ScoreReport, lang: Lang) {
    let color = output::stderr().color;
    output::eprint_at(
        Severity::Warning,
        report.coverage_warnings().into_iter().map(|msg| {
            let d = Diagnostic::new(Severity::Warning, None, Pos::File, msg);
            format!("ceping: {}", d.render_with(lang, color))
        }),
    );
}

/// The exit code of a run whose report is written: 1 when a gate fails,
/// each one that fails named on stderr.
fn gated(gates: &Gates, report: &ScoreReport, lang: Lang) -> ExitCode {
    let failed = gates::failed(gates, report);
    if failed.is_empty() {
        return ExitCode::from(exit::OK);
    }
    output::eprint_gate(
        failed
            .iter()
            .map(|f| format!("ceping: {}", f.msg.text(lang))),
    );
    ExitCode::from(exit::GATE)
}

/// `--by item --level N` beyond the groups' levels would show an empty
/// table: exit 2, naming the levels there are.
fn refuse_level(args: &ScoreArgs, st: &Standard, lang: Lang) -> Option<ExitCode> {
    let group_levels = st.groups.iter().map(|g| g.depth + 1).max().unwrap_or(0);
    if args.by != crate::cli::By::Item || (1..=group_levels).contains(&args.level) {
        return None;
    }
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
    Some(super::setup::invalid(Diagnostic::error(msg), lang))
}

// --- out-dir (issue 13) ---

/// `--out-dir DIR`: the score, gaps and ledger reports and the bulletin,
/// composed from one read as `ceping report` composes them, written into
/// DIR as one set with its manifest. Invalid input writes nothing; a
/// failing gate still writes the set.
fn run_set(args: &ScoreArgs, dir: &Path, style: Style) -> anyhow::Result<ExitCode> {
    let lang = style.lang;
    // Bad flags and a refused directory stop the run before any work.
    let flags = match flag_gates(args, lang) {
        Ok(g) => g,
        Err(code) => return Ok(code),
    };
    let as_of = match super::problems::as_of(args.as_of.as_deref(), lang) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let mut set = match OutDir::open(dir, lang)? {
        Ok(set) => set,
        Err(msg) => {
            let d = Diagnostic::file_error(dir.display().to_string(), msg);
            return Ok(super::setup::invalid(d, lang));
        }
    };
    let rejects_out = match &args.rejects {
        Some(p) => Some(Output::open(Some(p), lang)?),
        None => None,
    };
    let outputs: Vec<(&str, &Output)> = rejects_out.iter().map(|r| ("--rejects", r)).collect();
    let mut setup = match Setup::new(&args.read, &outputs, None, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    if args.target.is_some() {
        setup.project.target = args.target;
    }
    let setup = setup;
    let st = &setup.standard;
    if let Some(code) = refuse_level(args, st, lang) {
        return Ok(code);
    }
    let result = match setup.read(&args.read, args.rejects.is_some(), true, || {
        (Tally::new(st), Ledger::new(st, as_of))
    })? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    if let Some(code) = refuse_held(&set, dir, args, &setup, &result.sources) {
        return Ok(code);
    }
    let read = super::report::Read {
        sink: result.sink,
        inputs: result.inputs,
        rows: result.rows,
        sources: &result.sources,
    };
    let asked = super::report::Asked {
        round: args.round.as_deref(),
        compare_with: None,
    };
    let bulletin = match super::report::compose(&setup, &args.read, read, &asked) {
        Ok(b) => b,
        Err(code) => return Ok(code),
    };
    let score = &bulletin.score;
    warn_coverage(score, lang);
    let gates = flags.over(setup.project.gates);
    write_set(&mut set, &bulletin, args, style)?;
    let manifest = Manifest::new(
        score,
        &bulletin.as_of,
        setup.city(&args.read),
        set.files().to_vec(),
        &gates::failed(&gates, score),
    );
    let bytes = render::render(&manifest, &[], Format::Json, style)?;
    set.write(output::MANIFEST, &bytes, lang)?;
    // Only a run that reports leaves its rejected rows behind.
    if let Some(r) = rejects_out {
        write_rejects(r, &result.rejected, &result.headers, &result.sources, style)?;
    }
    set.commit(lang)?;
    Ok(gated(&gates, score, lang))
}

/// The set replaces the whole directory: refuse (exit 2) one that holds
/// a file the run reads (an input, the standard, the project file) or
/// `--rejects`, which would go with the previous set.
fn refuse_held(
    set: &OutDir,
    dir: &Path,
    args: &ScoreArgs,
    setup: &Setup,
    sources: &[Source],
) -> Option<ExitCode> {
    let config = args.read.config.clone().or_else(|| {
        let found = Path::new(crate::project::FILE);
        found.is_file().then(|| found.to_path_buf())
    });
    let standard = args
        .read
        .standard
        .clone()
        .or(setup.project.standard.clone());
    let mut reads = sources
        .iter()
        .map(|s| (s.display.clone(), s.path.clone()))
        .chain(
            standard
                .into_iter()
                .chain(config)
                .map(|p| (p.display().to_string(), p)),
        );
    let msg = if let Some((input, _)) = reads.find(|(_, path)| set.holds(path)) {
        Msg::OutDirHoldsInput { input }
    } else {
        let rejects = args.rejects.as_deref()?;
        let parent = match rejects.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !set.holds(parent) {
            return None;
        }
        Msg::OutDirHoldsOutput {
            output: format!("--rejects {}", rejects.display()),
        }
    };
    let d = Diagnostic::file_error(dir.display().to_string(), msg);
    Some(super::setup::invalid(d, setup.lang))
}

/// Every report of the set, each under its stable English name.
fn write_set(
    set: &mut OutDir,
    bulletin: &Bulletin,
    args: &ScoreArgs,
    style: Style,
) -> anyhow::Result<()> {
    let lang = style.lang;
    let (score, gaps, ledger) = (&bulletin.score, &bulletin.gaps, &bulletin.ledger);
    let files: [(&str, Vec<u8>); 9] = [
        (
            "score.json",
            render::render(score, &[], Format::Json, style)?,
        ),
        (
            "score.xlsx",
            render::render(score, &sheets::workbook(score, lang), Format::Xlsx, style)?,
        ),
        (
            "score.md",
            render::render(
                score,
                &sheets::score(score, args.by, args.level, lang),
                Format::Md,
                style,
            )?,
        ),
        ("gaps.json", render::render(gaps, &[], Format::Json, style)?),
        (
            "gaps.xlsx",
            render::render(
                gaps,
                &render::gaps::workbook(gaps, lang),
                Format::Xlsx,
                style,
            )?,
        ),
        (
            "gaps.md",
            render::render(
                gaps,
                &render::gaps::gaps(gaps, GapsBy::default(), lang),
                Format::Md,
                style,
            )?,
        ),
        (
            "problems.json",
            render::render(ledger, &[], Format::Json, style)?,
        ),
        (
            "problems.xlsx",
            render::render(
                ledger,
                &render::ledger::problems(ledger, lang),
                Format::Xlsx,
                style,
            )?,
        ),
        (
            "bulletin.html",
            render::html::bulletin(&render::bulletin::document(bulletin, lang), lang).into_bytes(),
        ),
    ];
    for (name, bytes) in &files {
        set.write(name, bytes, lang)?;
    }
    Ok(())
}

/// The gates the flags ask for; a `--max-rejects` that is neither `N` nor
/// `P%` is a usage error (exit 2), found before any work.
fn flag_gates(args: &ScoreArgs, lang: Lang) -> Result<Gates, ExitCode> {
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
