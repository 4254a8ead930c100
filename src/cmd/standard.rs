//! `ceping standard`: show a standard's tree and summaries.

use std::process::ExitCode;

use super::{exit, load_standard};
use crate::cli::StandardArgs;
use crate::output::Output;
use crate::render::{self, Style, sheets};
use crate::report::standard::StandardReport;

pub fn run(args: &StandardArgs, style: Style) -> anyhow::Result<ExitCode> {
    let out = Output::open(args.out.output.as_deref(), style.lang)?;
    let (Some(st), _) = load_standard(&args.standard, style.lang) else {
        return Ok(ExitCode::from(exit::INVALID));
    };
    let report = StandardReport::build(&st);
    let sheets = sheets::standard(&report, style.lang);
    let bytes = render::render(&report, &sheets, args.out.format(), style)?;
    out.commit(&bytes, style.lang)?;
    Ok(ExitCode::from(exit::OK))
}
