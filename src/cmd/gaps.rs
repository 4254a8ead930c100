//! `ceping gaps`: where the points are.

use std::process::ExitCode;

use super::exit;
use super::setup::Setup;
use crate::cli::GapsArgs;
use crate::output::Output;
use crate::render::{self, Format, Style};
use crate::report::gaps::GapsReport;
use crate::report::score::Meta;
use crate::score::Tally;
use crate::score::rounds::Selection;

pub fn run(args: &GapsArgs, style: Style) -> anyhow::Result<ExitCode> {
    let style = Style {
        csv_encoding: args.out.output_encoding,
        ..style
    };
    let lang = style.lang;
    let out = Output::open(args.out.output.as_deref(), lang)?;
    let setup = match Setup::new(&args.read, &[("-o", &out)], Some((&args.out, &out)), lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let st = &setup.standard;
    let format = args.out.format();
    let result = match setup.read(&args.read, false, format == Format::Json, || Tally::new(st))? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let tally = result.sink;
    let Selection { round, pooled } = match setup.rounds(&tally.rounds(), args.round.as_deref()) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let tally = tally.pooled(&pooled);
    let top = args.top.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let report = GapsReport::build(
        &tally,
        Meta {
            city: setup.city(&args.read),
            bands: setup.project.bands,
            target: args.target.or(setup.project.target),
            figure: setup.project.city_figure,
            threads: setup.threads,
            round: round.filter(|r| !r.is_empty()),
            rounds: pooled.into_iter().filter(|r| !r.is_empty()).collect(),
            inputs: result.inputs,
            rows: result.rows,
            standard: st,
        },
        top,
    );
    // A workbook holds every view; the text formats show the one asked for.
    let sheets = if format == Format::Xlsx {
        render::gaps::workbook(&report, lang)
    } else {
        render::gaps::gaps(&report, args.by, lang)
    };
    let bytes = render::render(&report, &sheets, format, style)?;
    out.commit(&bytes, lang)?;
    Ok(ExitCode::from(exit::OK))
}
