//! One module per subcommand. Commands are the only layer that prints.

mod check;
mod score;
mod standard;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::diag::Diagnostic;
use crate::i18n::{Lang, Msg};
use crate::output;
use crate::render::Style;

/// Exit codes, as documented in `--help` and README.
pub mod exit {
    pub const OK: u8 = 0;
    pub const GATE: u8 = 1;
    pub const INVALID: u8 = 2;
    pub const IO: u8 = 3;
}

/// Run the parsed command line.
///
/// # Errors
/// I/O and internal errors (exit code 3); invalid input is reported through
/// diagnostics and an exit code of 2 instead.
pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let style = Style {
        lang: cli.lang,
        ascii: cli.ascii,
    };
    match &cli.command {
        Command::Check(args) => check::run(args, style),
        Command::Standard(args) => standard::run(args, style),
        Command::Score(args) => score::run(args, style),
    }
}

/// Print diagnostics to stderr, then a count line when any is an error.
/// Returns true when there were errors.
fn report_diagnostics(diags: &[Diagnostic], lang: Lang) -> bool {
    report_counted(diags, None, lang)
}

/// Like [`report_diagnostics`], when more errors were found than shown.
fn report_counted(diags: &[Diagnostic], total_errors: Option<u64>, lang: Lang) -> bool {
    let shown = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Warning)
        .count() as u64;
    let errors = total_errors.unwrap_or(shown as u64).max(shown as u64);
    let mut lines: Vec<String> = diags.iter().map(|d| d.render(lang)).collect();
    if errors > 0 {
        lines.push(format!(
            "ceping: {}",
            Msg::Invalid { errors, warnings }.text(lang)
        ));
    }
    output::eprint_lines(lines);
    errors > 0
}

/// Load a standard, printing its diagnostics; `None` means exit 2.
/// Also returns how many warnings were printed.
fn load_standard(path: &std::path::Path, lang: Lang) -> (Option<crate::standard::Standard>, usize) {
    let loaded = crate::standard::load(path);
    let warnings = loaded.diagnostics.len();
    if report_diagnostics(&loaded.diagnostics, lang) {
        return (None, warnings);
    }
    (loaded.standard, warnings)
}
