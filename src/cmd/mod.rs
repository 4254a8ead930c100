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
    let style = style(cli);
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

// --- terminal (issue 13) ---

/// How the run's output looks, from the global flags and the terminal:
/// the one place a [`Style`] is made (commands adjust its CSV encoding).
/// Also sets what stderr shows ([`output::set_stderr`]).
fn style(cli: &Cli) -> Style {
    use std::io::IsTerminal as _;
    let env = |name| std::env::var_os(name);
    let (no_color, force) = (env("NO_COLOR"), env("CLICOLOR_FORCE"));
    let color = |terminal| color_on(cli.color, no_color.as_deref(), force.as_deref(), terminal);
    output::set_stderr(output::Stderr {
        quiet: cli.quiet,
        color: color(std::io::stderr().is_terminal()),
    });
    let stdout_terminal = std::io::stdout().is_terminal();
    let to_stdout = output::is_stdout(report_path(&cli.command));
    let terminal_width = || {
        stdout_terminal
            .then(|| comfy_table::Table::new().width())
            .flatten()
    };
    Style {
        lang: cli.lang,
        ascii: cli.ascii,
        csv_encoding: crate::render::CsvEncoding::Utf8,
        width: table_width(cli.width, to_stdout, terminal_width).map(usize::from),
        color: to_stdout && color(stdout_terminal),
    }
}

/// Whether to color a stream: `--color always` or `never` as asked;
/// `auto` colors a terminal unless `NO_COLOR` is set to something
/// (<https://no-color.org>), and anything when `CLICOLOR_FORCE` is set to
/// something other than `0`.
#[must_use]
fn color_on(
    when: crate::cli::ColorWhen,
    no_color: Option<&std::ffi::OsStr>,
    clicolor_force: Option<&std::ffi::OsStr>,
    terminal: bool,
) -> bool {
    use crate::cli::ColorWhen;
    let set = |v: Option<&std::ffi::OsStr>| v.is_some_and(|v| !v.is_empty());
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if set(no_color) => false,
        ColorWhen::Auto => {
            terminal || (set(clicolor_force) && clicolor_force != Some("0".as_ref()))
        }
    }
}

/// The width tables are fitted into: none for a file (never wrapped),
/// else `--width`, else the terminal's (when stdout is one).
fn table_width(
    flag: Option<u16>,
    to_stdout: bool,
    terminal: impl FnOnce() -> Option<u16>,
) -> Option<u16> {
    if !to_stdout {
        return None;
    }
    flag.or_else(terminal)
}

/// Where the command writes its report (`-o`), if anywhere but stdout.
fn report_path(command: &Command) -> Option<&std::path::Path> {
    let out = match command {
        Command::Standard(a) => &a.out,
        Command::Score(a) => &a.out,
        Command::Gaps(a) => &a.out,
        Command::Compare(a) => &a.out,
        Command::Problems(a) => &a.out,
        Command::Report(a) => return a.output.as_deref(),
        Command::Template(a) => return a.output.as_deref(),
        Command::Check(_) | Command::Completions(_) | Command::Man | Command::Init(_) => {
            return None;
        }
    };
    out.output.as_deref()
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
    let summary = (errors > 0).then(|| {
        (
            crate::diag::Severity::Error,
            format!("ceping: {}", Msg::Invalid { errors, warnings }.text(lang)),
        )
    });
    output::eprint_diagnostics(diags, lang, summary);
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

/// The format of a command that writes a few formats: `-f`, else the
/// extension of `-o`, else `default`. One it does not write is an error
/// (exit 2) made by `refuse` from the format's or the file's name.
fn chosen_format(
    flag: Option<crate::render::Format>,
    output: Option<&std::path::Path>,
    default: crate::render::Format,
    accepted: &[crate::render::Format],
    refuse: impl Fn(String) -> Msg,
    lang: Lang,
) -> Result<crate::render::Format, ExitCode> {
    use crate::render::Format;
    let refused = |given: String| setup::invalid(Diagnostic::error(refuse(given)), lang);
    let format = match (flag, output) {
        (Some(f), _) => f,
        (None, Some(path)) if path.extension().is_some() => {
            Format::from_extension(path).ok_or_else(|| refused(path.display().to_string()))?
        }
        _ => default,
    };
    if accepted.contains(&format) {
        return Ok(format);
    }
    Err(refused(
        clap::ValueEnum::to_possible_value(&format)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default(),
    ))
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

    // --- terminal (issue 13) ---

    #[test]
    fn color_follows_the_flag_no_color_and_the_terminal() {
        use crate::cli::ColorWhen::{Always, Auto, Never};
        let set: Option<&std::ffi::OsStr> = Some("1".as_ref());
        let empty: Option<&std::ffi::OsStr> = Some("".as_ref());
        let zero: Option<&std::ffi::OsStr> = Some("0".as_ref());
        // auto: a terminal, unless NO_COLOR is set to something.
        assert!(color_on(Auto, None, None, true));
        assert!(!color_on(Auto, None, None, false));
        assert!(!color_on(Auto, set, None, true));
        assert!(color_on(Auto, empty, None, true));
        // CLICOLOR_FORCE (not 0) colors a pipe, but not over NO_COLOR.
        assert!(color_on(Auto, None, set, false));
        assert!(!color_on(Auto, None, zero, false));
        assert!(!color_on(Auto, None, empty, false));
        assert!(!color_on(Auto, set, set, false));
        // always and never are what they say.
        assert!(color_on(Always, set, None, false));
        assert!(!color_on(Never, None, set, true));
    }

    #[test]
    fn tables_fit_the_flag_or_the_terminal_and_files_never_wrap() {
        assert_eq!(table_width(Some(80), true, || Some(120)), Some(80));
        assert_eq!(table_width(None, true, || Some(120)), Some(120));
        assert_eq!(table_width(None, true, || None), None);
        assert_eq!(table_width(Some(80), false, || Some(120)), None);
        assert!(output::is_stdout(None));
        assert!(output::is_stdout(Some("-".as_ref())));
        assert!(output::is_stdout(Some("/dev/stdout".as_ref())));
        assert!(!output::is_stdout(Some("out.txt".as_ref())));
    }

    #[test]
    fn a_workbook_is_refused_on_a_terminal_only() {
        assert!(binary_on_terminal(Format::Xlsx, &Output::Stdout, true));
        assert!(binary_on_terminal(Format::Docx, &Output::Stdout, true));
        assert!(!binary_on_terminal(Format::Xlsx, &Output::Stdout, false));
        assert!(!binary_on_terminal(Format::Table, &Output::Stdout, true));
        assert!(!binary_on_terminal(Format::Csv, &Output::Stdout, true));
    }
}
