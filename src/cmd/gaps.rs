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
    let selection = match setup.rounds(&tally.rounds(), args.round.as_deref()) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let tally = tally.pooled(&selection.pooled);
    let top = args.top.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let meta = setup.meta(&args.read, selection, result.inputs, result.rows);
    let report = GapsReport::build(
        &tally,
        Meta {
            target: args.target.or(meta.target),
            ..meta
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
