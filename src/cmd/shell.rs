//! `ceping completions` and `ceping man`: the shell completion scripts and
//! the man page, generated from the command line itself, so they never
//! drift from `--help`. The completions' descriptions (zsh, fish and
//! PowerShell show them) are in the help's language
//! ([`crate::cli::localized_command`]); the man page is the English help,
//! as groff cannot break lines of Chinese text.

use std::process::ExitCode;

use crate::cli::Shell;
use crate::i18n::Lang;
use crate::output::Output;

/// Print the completion script for `shell` on stdout.
///
/// # Errors
/// On an I/O error writing stdout (a broken pipe is not one).
pub fn completions(shell: Shell, lang: Lang) -> anyhow::Result<ExitCode> {
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::PowerShell => clap_complete::Shell::PowerShell,
    };
    let mut command = help_command();
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(generator, &mut command, name, &mut script);
    Output::Stdout.commit(&script, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Print the man page (roff) on stdout: `ceping(1)`, its subcommands
/// listed with their summaries.
///
/// # Errors
/// On an I/O error writing stdout (a broken pipe is not one).
pub fn man(lang: Lang) -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::cli::localized_command(Lang::En)).render(&mut page)?;
    Output::Stdout.commit(&page, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// The command line as `--help` shows it: in the language the help is in
/// (`--lang`, `CEPING_LANG`, else the locale; see [`crate::cli::help_lang`]).
fn help_command() -> clap::Command {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    crate::cli::localized_command(crate::cli::help_lang(&args, |k| std::env::var_os(k)))
}
