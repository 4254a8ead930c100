//! The `ceping` binary: parse, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = ceping::cli::Cli::parse();
    ceping::output::clean_up_on_signals();
    match ceping::cmd::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            ceping::output::eprint_lines([format!("ceping: {err:#}")]);
            ExitCode::from(ceping::cmd::exit::IO)
        }
    }
}
