//! `ceping check`: validate a standard.

use std::process::ExitCode;

use super::{exit, load_standard, standard_arg};
use crate::cli::CheckArgs;
use crate::i18n::Msg;
use crate::output;
use crate::render::Style;

pub fn run(args: &CheckArgs, style: Style) -> anyhow::Result<ExitCode> {
    let path = match standard_arg(args.standard.as_deref(), style.lang) {
        Ok(path) => path,
        Err(code) => return Ok(code),
    };
    let (st, warnings) = match load_standard(&path, style.lang) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let msg = Msg::StandardValid {
        criteria: st.criteria.len(),
        warnings,
    };
    output::print(&format!("{}\n", msg.text(style.lang)))?;
    Ok(ExitCode::from(exit::OK))
}
