//! All command-line types (clap). Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::i18n::Lang;
use crate::render::Format;

const EXIT_CODES: &str = "\
Exit codes (退出码):
  0  success (成功)
  1  a requested gate failed, e.g. --fail-below (未达到要求的分数线)
  2  invalid input or usage, with diagnostics (输入或用法错误)
  3  I/O or internal error (读写或内部错误)";

/// ceping (测评) scores National Civilized City (全国文明城市) assessments:
/// it loads an evaluation standard (测评体系) from TOML, reads inspection
/// results from CSV, and reports city, district and department scores.
#[derive(Debug, Parser)]
#[command(name = "ceping", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    /// Language of reports and diagnostics: zh (中文, default) or en
    #[arg(long, global = true, env = "CEPING_LANG", value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,

    /// Draw tables with plain ASCII borders
    #[arg(long, global = true)]
    pub ascii: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a standard (校验测评体系) and list every problem found
    #[command(after_help = "Examples:\n  ceping check --standard standards/national-prefecture")]
    Check(CheckArgs),
    /// Show a standard (查看测评体系): its tree, rules and summaries
    #[command(
        after_help = "Examples:\n  ceping standard --standard standards/monthly-check\n  \
        ceping standard --standard standards/national-prefecture --format csv -o 测评体系.csv"
    )]
    Standard(StandardArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The standard: a .toml file or a directory of them (read in name order)
    #[arg(long, short = 's', value_name = "PATH")]
    pub standard: PathBuf,
}

#[derive(Debug, Args)]
pub struct StandardArgs {
    /// The standard: a .toml file or a directory of them (read in name order)
    #[arg(long, short = 's', value_name = "PATH")]
    pub standard: PathBuf,

    #[command(flatten)]
    pub out: OutArgs,
}

/// Where and how to write a report.
#[derive(Debug, Args)]
pub struct OutArgs {
    /// Output format [default: from the -o extension, else table]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,

    /// Write the report to FILE (atomically) instead of stdout; `-` is stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutArgs {
    /// The format asked for, or implied by the output file name.
    #[must_use]
    pub fn format(&self) -> Format {
        self.format
            .or_else(|| self.output.as_deref().and_then(Format::from_extension))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
