//! The `ceping` binary: parse, run, map the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match ceping::cli::parse_localized(std::env::args_os(), |k| std::env::var_os(k)) {
        Ok(cli) => cli,
        Err(stop) => return stop.print(),
    };
    ceping::output::clean_up_on_signals();
    match ceping::cmd::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            ceping::output::eprint_lines([format!("ceping: {err:#}")]);
            ExitCode::from(ceping::cmd::exit::IO)
        }
    }
}
