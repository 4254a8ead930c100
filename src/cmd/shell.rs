//! `ceping completions` and `ceping man`: the shell completion scripts and
//! the man page, generated from the command line itself ([`Cli::command`]),
//! so they never drift from `--help`.

use std::process::ExitCode;

use clap::CommandFactory as _;

use crate::cli::{Cli, Shell};
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
    let mut command = Cli::command();
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
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    Output::Stdout.commit(&page, lang)?;
    Ok(ExitCode::SUCCESS)
}
