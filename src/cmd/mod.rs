//! One module per subcommand. Commands are the only layer that prints.

mod check;
mod gaps;
// --- init (issue 13) ---
mod init;
// --- compare (issue 11) ---
mod compare;
mod problems;
// --- bulletin (issue 12) ---
mod report;
mod score;
mod setup;
// --- shell integration (issue 13) ---
mod shell;
mod standard;
// --- template (issue 13) ---
mod template;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::diag::Diagnostic;
use crate::i18n::{Lang, Msg};
use crate::output::{self, Output};
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
        csv_encoding: crate::render::CsvEncoding::Utf8,
    };
    match &cli.command {
        Command::Check(args) => check::run(args, style),
        Command::Standard(args) => standard::run(args, style),
        Command::Score(args) => score::run(args, style),
        Command::Gaps(args) => gaps::run(args, style),
        Command::Compare(args) => compare::run(args, style),
        Command::Problems(args) => problems::run(args, style),
        Command::Report(args) => report::run(args, style),
        // --- shell integration (issue 13) ---
        Command::Completions(args) => shell::completions(args.shell, style.lang),
        Command::Man => shell::man(style.lang),
        // --- template (issue 13) ---
        Command::Template(args) => template::run(args, style),
        // --- init (issue 13) ---
        Command::Init(args) => init::run(args, style.lang),
    }
}

/// Print diagnostics to stderr, then a count line when any is an error.
/// Returns the exit code when there were errors: 3 when one of them is an
/// I/O error (see [`crate::paths::is_io`]), else 2.
fn report_diagnostics(diags: &[Diagnostic], lang: Lang) -> Option<ExitCode> {
    report_counted(diags, None, lang)
}

/// Like [`report_diagnostics`], when more errors were found than shown.
fn report_counted(diags: &[Diagnostic], total_errors: Option<u64>, lang: Lang) -> Option<ExitCode> {
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
    (errors > 0).then(|| {
        ExitCode::from(if diags.iter().any(crate::paths::is_io) {
            exit::IO
        } else {
            exit::INVALID
        })
    })
}

/// Load a standard, printing its diagnostics; `Err` is the exit code.
/// Also returns how many warnings were printed.
fn load_standard(
    path: &std::path::Path,
    lang: Lang,
) -> Result<(crate::standard::Standard, usize), ExitCode> {
    let loaded = crate::standard::load(path);
    let warnings = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Warning)
        .count();
    if let Some(code) = report_diagnostics(&loaded.diagnostics, lang) {
        return Err(code);
    }
    loaded
        .standard
        .map(|st| (st, warnings))
        .ok_or(ExitCode::from(exit::INVALID))
}

// --- init (issue 13) ---

/// The standard of the commands that read a standard and nothing else
/// (`check`, `standard`): `--standard`, else the project's (see
/// [`setup::project_and_standard`]); `./ceping.toml` is read only without
/// `--standard`. `Err` is the exit code, after saying why.
fn standard_arg(arg: Option<&std::path::Path>, lang: Lang) -> Result<std::path::PathBuf, ExitCode> {
    match arg {
        Some(path) => Ok(path.to_path_buf()),
        None => setup::project_and_standard(None, None, lang).map(|(_, path)| path),
    }
}

/// The files of the standard at `path`, as read (for [`refuse_overwrite`]).
fn standard_files(path: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
    let mut found = crate::paths::Found::default();
    crate::paths::expand(path, &["toml"], &mut found);
    found
        .files
        .into_iter()
        .map(|f| (f.display().to_string(), f))
        .collect()
}

/// Refuse, before any work, outputs (each with the option that names it)
/// that would overwrite a file the run reads (`reads`: as shown, and the
/// path), and two outputs that are the same file. Returns the exit code (2)
/// after printing why, or `None` when all is well.
fn refuse_overwrite(
    outputs: &[(&str, &Output)],
    reads: &[(String, std::path::PathBuf)],
    lang: Lang,
) -> Option<ExitCode> {
    let mut diags = Vec::new();
    for (i, (flag, out)) in outputs.iter().enumerate() {
        let output = format!("{flag} {}", out.shown());
        for (shown, path) in reads {
            if out.is_file(path) {
                diags.push(Diagnostic::error(Msg::OutputIsInput {
                    output: output.clone(),
                    input: shown.clone(),
                }));
            }
        }
        for (other_flag, other) in &outputs[i + 1..] {
            if out.same_file(other) {
                diags.push(Diagnostic::error(Msg::SameOutputs {
                    first: output.clone(),
                    second: format!("{other_flag} {}", other.shown()),
                }));
            }
        }
    }
    report_diagnostics(&diags, lang)
}

/// Exit 2, before any work, when `-o` names a file whose extension is no
/// format ceping writes.
#[must_use]
pub fn refuse_unknown_format(out: &crate::cli::OutArgs, lang: Lang) -> Option<ExitCode> {
    let path = out.unknown_extension()?;
    report_diagnostics(
        &[Diagnostic::error(Msg::UnknownOutputFormat {
            path: path.display().to_string(),
            accepted: crate::render::Format::EXTENSIONS.to_string(),
        })],
        lang,
    );
    Some(ExitCode::from(exit::INVALID))
}

/// Exit 2, before any work, when a binary format (xlsx) would be written
/// to a terminal: `-o FILE` is what was meant.
#[must_use]
pub fn refuse_binary_on_terminal(
    out: &crate::cli::OutArgs,
    output: &Output,
    lang: Lang,
) -> Option<ExitCode> {
    refuse_binary_format_on_terminal(out.format(), output, lang)
}

/// [`refuse_binary_on_terminal`] for a format already chosen (`ceping
/// report`, which has no [`crate::cli::OutArgs`]).
#[must_use]
pub fn refuse_binary_format_on_terminal(
    format: crate::render::Format,
    output: &Output,
    lang: Lang,
) -> Option<ExitCode> {
    use std::io::IsTerminal as _;
    if !binary_on_terminal(format, output, std::io::stdout().is_terminal()) {
        return None;
    }
    report_diagnostics(
        &[Diagnostic::error(Msg::BinaryOnTerminal {
            format: clap::ValueEnum::to_possible_value(&format)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default(),
        })],
        lang,
    );
    Some(ExitCode::from(exit::INVALID))
}

/// The decision of [`refuse_binary_on_terminal`], given whether stdout is a
/// terminal.
fn binary_on_terminal(format: crate::render::Format, output: &Output, terminal: bool) -> bool {
    format.is_binary() && terminal && matches!(output, Output::Stdout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Format;

    #[test]
    fn a_workbook_is_refused_on_a_terminal_only() {
        assert!(binary_on_terminal(Format::Xlsx, &Output::Stdout, true));
        assert!(binary_on_terminal(Format::Docx, &Output::Stdout, true));
        assert!(!binary_on_terminal(Format::Xlsx, &Output::Stdout, false));
        assert!(!binary_on_terminal(Format::Table, &Output::Stdout, true));
        assert!(!binary_on_terminal(Format::Csv, &Output::Stdout, true));
    }
}
