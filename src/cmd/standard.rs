//! `ceping standard`: show a standard's tree and summaries.

use std::process::ExitCode;

use super::{
    exit, load_standard, refuse_binary_on_terminal, refuse_overwrite, refuse_unknown_format,
    standard_arg, standard_files,
};
use crate::cli::StandardArgs;
use crate::output::Output;
use crate::render::{self, Style, sheets};
use crate::report::standard::StandardReport;

pub fn run(args: &StandardArgs, style: Style) -> anyhow::Result<ExitCode> {
    let style = Style {
        csv_encoding: args.out.output_encoding,
        ..style
    };
    let path = match standard_arg(args.standard.as_deref(), style.lang) {
        Ok(path) => path,
        Err(code) => return Ok(code),
    };
    let out = Output::open(args.out.output.as_deref(), style.lang)?;
    if let Some(code) = refuse_overwrite(&[("-o", &out)], &standard_files(&path), style.lang) {
        return Ok(code);
    }
    if let Some(code) = refuse_unknown_format(&args.out, style.lang) {
        return Ok(code);
    }
    if let Some(code) = refuse_binary_on_terminal(&args.out, &out, style.lang) {
        return Ok(code);
    }
    let st = match load_standard(&path, style.lang) {
        Ok((st, _)) => st,
        Err(code) => return Ok(code),
    };
    let report = StandardReport::build(&st);
    let sheets = if args.out.format() == render::Format::Xlsx {
        sheets::standard_workbook(&report, style.lang)
    } else {
        sheets::standard(&report, style.lang)
    };
    let bytes = render::render(&report, &sheets, args.out.format(), style)?;
    out.commit(&bytes, style.lang)?;
    Ok(ExitCode::from(exit::OK))
}
