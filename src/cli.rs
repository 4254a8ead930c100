//! All command-line types (clap). Doc comments here are the English
//! `--help` text; the Chinese is in `cli/help_zh.rs`, applied by
//! [`parse_localized`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::i18n::Lang;
use crate::render::Format;

// --- help and usage errors (issue 13) ---
mod help_zh;
mod localize;
pub use localize::{Stop, help_lang, localized_command, parse_localized};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  a requested gate failed: --fail-below, --require-complete, ... (the report is still written)
  2  invalid input or usage, with diagnostics
  3  I/O or internal error
  129, 130, 143  interrupted by SIGHUP, SIGINT, SIGTERM; nothing left behind";

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

    // --- terminal (issue 13) ---
    /// Print only errors on stderr: no notes, warnings or summaries (a
    /// failed gate's reason is still printed; reports are unchanged)
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// Color on terminals: auto (when the stream is a terminal and `NO_COLOR`
    /// is unset or empty; `CLICOLOR_FORCE=1` forces it), always or never.
    /// Files are never colored
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Fit tables into N columns: long text wraps, and a table that still
    /// does not fit shows each row as a small table of its own, a line per
    /// column [default: the terminal's width when stdout is one; files and
    /// pipes never wrap]
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,

    #[command(subcommand)]
    pub command: Command,
}

// --- terminal (issue 13) ---
/// When to color output (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// When the stream is a terminal and `NO_COLOR` is unset or empty
    #[default]
    Auto,
    /// Always (stdout and stderr; never a file written with -o)
    Always,
    /// Never
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    // --- init (issue 13) ---
    /// Create a city project (创建项目): ceping.toml, the standard and data/
    ///
    /// Writes DIR/ceping.toml (every key explained, in Chinese and English),
    /// copies a shipped standard into DIR/standard/ (or refers to the one at
    /// --standard PATH) and creates DIR/data/. Never replaces a file without
    /// --force.
    #[command(after_help = "Examples:\n  \
        ceping init 商丘 --city 商丘市 --districts 梁园区,睢阳区,永城市\n  \
        ceping init --standard monthly-check\n  \
        ceping init --standard ../standards/our-standard --force")]
    Init(InitArgs),
    // --- template (issue 13) ---
    /// Write a blank inspection sheet (空白测评表) to fill in and score
    ///
    /// One row per district, point type and criterion for field criteria
    /// (实地考察), one per district and criterion for the others, from the
    /// standard and the districts. The sheet, filled in (点位, 日期, 结果,
    /// ...), is read by `ceping score` as it is. The workbook has
    /// drop-downs for 结果, 区县 and 点位类型.
    #[command(after_help = "Examples:\n  \
        ceping template --round 2024年第1轮 -o data/测评表.xlsx\n  \
        ceping template -s standards/national-prefecture --district 东区 --district 西区 -o 测评表.csv")]
    Template(TemplateArgs),
    /// Validate a standard (校验测评体系) and list every problem found
    #[command(after_help = "Examples:\n  ceping check --standard standards/national-prefecture")]
    Check(CheckArgs),
    /// Show a standard (查看测评体系): its tree, rules and summaries
    #[command(
        after_help = "Examples:\n  ceping standard --standard standards/monthly-check\n  \
        ceping standard --standard standards/national-prefecture --format csv -o 测评体系.csv"
    )]
    Standard(StandardArgs),
    /// Score inspection results (计算测评得分): city, districts, departments, items
    #[command(
        after_help = "Examples:\n  ceping score                       # inputs and standard from ./ceping.toml\n  \
        ceping score --round latest --by department\n  \
        ceping score data/ -s standards/national-prefecture --round all -f json -o score.json\n  \
        ceping score --skip-invalid --rejects rejected.csv --fail-below 85"
    )]
    Score(Box<ScoreArgs>),
    // --- gaps (issue 11) ---
    /// Find where the points are (查找差距): the gap to the target, points to recover
    #[command(after_help = "Examples:\n  ceping gaps --round latest --target 90\n  \
        ceping gaps --by department --top 10\n  \
        ceping gaps data/ -s standards/national-prefecture --round all -o 差距.xlsx")]
    Gaps(Box<GapsArgs>),
    // --- compare (issue 11) ---
    /// Compare rounds (对比各批次): scores, ranks, bands and criteria that
    /// changed
    ///
    /// Either the inspection files with `--round OLD --round NEW` (read
    /// once), or two or more reports saved by `ceping score -f json`
    /// (.json), oldest first.
    #[command(
        after_help = "Examples:\n  ceping compare --round 2024年第1轮 --round 2024年第2轮\n  \
        ceping compare --round 第1轮 --round 第2轮 --round 第3轮 --by district   # 连续上黑榜\n  \
        ceping compare 第1轮.json 第2轮.json --by criterion   # reports saved by score -f json"
    )]
    Compare(Box<CompareArgs>),
    // --- problem ledger (issue 11) ---
    /// List the problems found (整改台账): deadlines, status, overdue days,
    /// and the rectification rates per district and department
    #[command(
        after_help = "Examples:\n  ceping problems --round all --as-of 2024-06-30\n  \
        ceping problems --status overdue --department 市城管局\n  \
        ceping problems --round all -o 整改台账.xlsx"
    )]
    Problems(Box<ProblemsArgs>),
    // --- bulletin (issue 12) ---
    /// Write the round's 通报 (bulletin): summary, district ranking, departments,
    /// criteria that lose most, item rates, rectification, notes (HTML with
    /// charts, or Markdown)
    #[command(
        after_help = "Examples:\n  ceping report --round latest --compare-with 2024年第1轮 -o 通报.html\n  \
        ceping report --round latest --as-of 2024-06-10 -o 通报.md\n  \
        ceping report --compare-with 第1轮.json -o 通报.html   # a report saved by score -f json"
    )]
    Report(Box<ReportArgs>),
    // --- shell integration (issue 13) ---
    /// Print a shell completion script (补全脚本) on stdout
    #[command(after_help = "Examples:\n  \
        ceping completions bash > ~/.local/share/bash-completion/completions/ceping\n  \
        ceping completions zsh > ~/.zfunc/_ceping\n  \
        ceping completions fish > ~/.config/fish/completions/ceping.fish\n  \
        ceping completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print the man page (手册页, roff) on stdout
    #[command(
        after_help = "Examples:\n  ceping man > ~/.local/share/man/man1/ceping.1\n  \
        ceping man | man -l -"
    )]
    Man,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The standard: a .toml file or a directory of them (read in name order)
    /// [default: `standard` in ./ceping.toml]
    #[arg(long, short = 's', value_name = "PATH")]
    pub standard: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StandardArgs {
    /// The standard: a .toml file or a directory of them (read in name order)
    /// [default: `standard` in ./ceping.toml]
    #[arg(long, short = 's', value_name = "PATH")]
    pub standard: Option<PathBuf>,

    #[command(flatten)]
    pub out: OutArgs,
}

/// Which view `score` shows in table, csv and md output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// 区县 ranking
    #[default]
    District,
    /// 责任单位 scores and lost points
    Department,
    /// 测评项目/指标 at --level
    Item,
    /// each 测评标准
    Criterion,
    /// 街道/乡镇
    Street,
    /// 点位类型
    PointType,
}

/// What to read: the inspection results, the standard, the project, and
/// how to read them. Shared by every command that reads inspection results.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Inspection files (.csv, .xlsx, .xlsm, .xls, .ods), directories (every
    /// such file inside, sorted) or `-` for stdin (CSV) [default: `inputs`
    /// in ceping.toml]
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The project file [default: ./ceping.toml if present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The standard (测评体系) [default: `standard` in ceping.toml]
    #[arg(long, short = 's', value_name = "PATH")]
    pub standard: Option<PathBuf>,

    /// Score the valid rows and report the bad ones as warnings instead of
    /// failing
    #[arg(long)]
    pub skip_invalid: bool,

    /// Force the input encoding (utf-8, gbk, gb18030, utf-16le, ...)
    /// [default: detected per file]
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Force the delimiter: `,` `;` `|` or `tab` [default: detected per file]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// Worker threads; 0 means one per core. At most 4 per core: a larger N
    /// is lowered, with a note [default: the number of cores]
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// The city's name, shown in reports [default: `city` in ceping.toml]
    #[arg(long)]
    pub city: Option<String>,

    /// Read only this sheet (工作表) of each workbook [default: every sheet
    /// whose first rows hold a header]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The header is on row N (1-based, as Excel numbers rows) [default:
    /// the first of the first 10 rows that names 区县, 测评标准 and 结果]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub header_row: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Which round (批次) to score: a round name, `latest` or `all` (pooled).
    /// Needed when the rows span several rounds
    #[arg(long, short = 'r', value_name = "R|latest|all")]
    pub round: Option<String>,

    /// The view shown by table, csv and md output (json and xlsx have every
    /// view)
    #[arg(long, value_enum, default_value_t = By::District)]
    pub by: By,

    /// Tree level for `--by item` (1 = 测评项目, 2 = 测评指标, ...)
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub level: usize,

    #[command(flatten)]
    pub out: OutArgs,

    /// Exit with code 1 when the city score is below X (the report is still
    /// written)
    #[arg(long, value_name = "X")]
    pub fail_below: Option<rust_decimal::Decimal>,

    /// Exit with code 1 when data is missing: a district of ceping.toml
    /// without rows in the round, or a district without results for a point
    /// type the standard requires (the report is still written)
    #[arg(long)]
    pub require_complete: bool,

    // --- gates (issue 13) ---
    /// With --skip-invalid: exit with code 1 when more than N rows, or more
    /// than P% of the rows read, were rejected (the report is still written)
    #[arg(long, value_name = "N|P%", requires = "skip_invalid")]
    pub max_rejects: Option<String>,

    /// Exit with code 1 when a veto (一票否决) applies to the city or any
    /// district (the report is still written)
    #[arg(long)]
    pub fail_on_veto: bool,

    /// Exit with code 1 when any district is on the black list (黑榜) (the
    /// report is still written)
    #[arg(long)]
    pub fail_on_black: bool,

    /// With --skip-invalid: write every rejected row, unchanged, to FILE
    /// (plus file, line and reason columns)
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,

    // --- out-dir (issue 13) ---
    /// Write the whole set of reports into DIR, at once, from one read:
    /// score, gaps (.json .xlsx .md), problems (.json .xlsx), bulletin.html
    /// and manifest.json (inputs' and files' SHA-256). A failed run leaves
    /// the previous set as it was; gates still write the set
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "format"])]
    pub out_dir: Option<PathBuf>,

    /// With --out-dir: the date the ledger is read as of (2024-06-30)
    /// [default: today, China Standard Time]
    #[arg(long, value_name = "DATE", requires = "out_dir")]
    pub as_of: Option<String>,

    /// With --out-dir: the target score of gaps and the bulletin [default:
    /// `target` in ceping.toml]
    #[arg(long, value_name = "X", requires = "out_dir")]
    pub target: Option<rust_decimal::Decimal>,
}

// --- problem ledger (issue 11) ---
#[derive(Debug, Args)]
pub struct ProblemsArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Which round's (批次) problems to list: a round name, `latest` or
    /// `all`. Needed when the rows span several rounds; later rounds'
    /// rows still tell whether a problem was fixed
    #[arg(long, short = 'r', value_name = "R|latest|all")]
    pub round: Option<String>,

    /// The date the ledger is read as of (2024-06-30): rows dated after it
    /// are not seen, days overdue count to it [default: today, China
    /// Standard Time]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Only the problems naming this department (the row's own, else the
    /// criterion's lead and assisting departments)
    #[arg(long, value_name = "D")]
    pub department: Option<String>,

    /// Only the problems of this district
    #[arg(long, value_name = "D")]
    pub district: Option<String>,

    /// Which problems the list shows (the summaries count every one)
    #[arg(long, value_enum, default_value_t)]
    pub status: crate::report::ledger::StatusFilter,

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

    /// Encoding of the CSV written (the report, and rejected rows)
    #[arg(long, value_enum, default_value_t, value_name = "ENCODING")]
    pub output_encoding: crate::render::CsvEncoding,
}

impl OutArgs {
    /// The output file, when `-f` is not given and its extension names no
    /// format (`.xls`, `.pdf`): writing a table into it would make a file
    /// that does not open as what its name says. A name without an
    /// extension (or `-`, a device) is written as a table.
    #[must_use]
    pub fn unknown_extension(&self) -> Option<&std::path::Path> {
        let path = self.output.as_deref()?;
        (self.format.is_none()
            && path.extension().is_some()
            && Format::from_extension(path).is_none())
        .then_some(path)
    }

    /// The format asked for, or implied by the output file name.
    #[must_use]
    pub fn format(&self) -> Format {
        self.format
            .or_else(|| self.output.as_deref().and_then(Format::from_extension))
            .unwrap_or_default()
    }
}

// --- gaps (issue 11) ---

/// Which view `gaps` shows in table, csv and md output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum GapsBy {
    /// each 测评标准, most recoverable first, with the running total
    #[default]
    Criterion,
    /// 责任单位: lost points beside the sum over their criteria
    Department,
    /// each 区县's gap to the target and what it loses most
    District,
    /// 测评项目/指标: the tree, summed
    Item,
}

#[derive(Debug, Args)]
pub struct GapsArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Which round (批次) to analyse: a round name, `latest` or `all`
    /// (pooled). Needed when the rows span several rounds
    #[arg(long, short = 'r', value_name = "R|latest|all")]
    pub round: Option<String>,

    /// The target score (目标分) [default: `target` in ceping.toml]
    #[arg(long, value_name = "X")]
    pub target: Option<rust_decimal::Decimal>,

    /// The view shown by table, csv and md output (json and xlsx have every
    /// view)
    #[arg(long, value_enum, default_value_t = GapsBy::Criterion)]
    pub by: GapsBy,

    /// At most N entries per list (criteria, departments and the criteria
    /// of each, each district's criteria, each item's sub-items); the
    /// summary names the first N
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: Option<u64>,

    #[command(flatten)]
    pub out: OutArgs,
}

// --- compare (issue 11) ---

/// Which view `compare` shows in table, csv and md output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareBy {
    /// 区县 scores, ranks and bands per round
    #[default]
    District,
    /// 责任单位 scores and ranks per round
    Department,
    /// each 测评标准: newly failing, fixed, ... in the city and by district
    Criterion,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// A round (批次) to compare, oldest first; give it at least twice. The
    /// change is between the last two; band streaks (连续上黑榜) run over
    /// all
    #[arg(long, short = 'r', value_name = "R")]
    pub round: Vec<String>,

    /// The view shown by table, csv and md output (json and xlsx have every
    /// view)
    #[arg(long, value_enum, default_value_t = CompareBy::District)]
    pub by: CompareBy,

    #[command(flatten)]
    pub out: OutArgs,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}

// --- bulletin (issue 12) ---

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Round to report: a name, `latest`, or `all` (required when the
    /// data has several rounds)
    #[arg(long, short = 'r', value_name = "R|latest|all")]
    pub round: Option<String>,

    /// Compare with this round of the same inputs, or with a report saved
    /// by `ceping score -f json` (a .json file)
    #[arg(long, value_name = "OLD")]
    pub compare_with: Option<String>,

    /// Date the rectification is counted to (YYYY-MM-DD; default: today,
    /// China Standard Time)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// The city's target score (default: `target` in ceping.toml)
    #[arg(long, value_name = "X")]
    pub target: Option<rust_decimal::Decimal>,

    /// Format: html, md or docx (default: from the -o extension, else md); json
    /// writes the bulletin's model
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,

    /// Write to FILE (.html, .md, .docx, .json) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

// --- shell integration (issue 13) ---

/// The shells `ceping completions` writes a script for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    #[value(name = "powershell")]
    PowerShell,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

// --- template (issue 13) ---

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The project file [default: ./ceping.toml if present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The standard (测评体系) [default: `standard` in ceping.toml]
    #[arg(long, short = 's', value_name = "PATH")]
    pub standard: Option<PathBuf>,

    /// The round (批次) written in every row, and the worksheet's name
    /// [default: the 批次 column left blank]
    #[arg(long, short = 'r', value_name = "R")]
    pub round: Option<String>,

    /// A district to make rows for, in the order given (repeatable; with
    /// `districts` in ceping.toml, one of those) [default: `districts` in
    /// ceping.toml]
    #[arg(long, value_name = "D")]
    pub district: Vec<String>,

    /// Format [default: from the -o extension, else csv]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<TemplateFormat>,

    /// Write to FILE (.csv, .xlsx) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Encoding of the CSV written
    #[arg(long, value_enum, default_value_t, value_name = "ENCODING")]
    pub output_encoding: crate::render::CsvEncoding,

    /// Replace FILE when it exists (it may hold an inspector's work, so
    /// it is never replaced otherwise)
    #[arg(long)]
    pub force: bool,
}

/// The formats `ceping template` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    /// CSV (UTF-8 with BOM, or GBK with --output-encoding gbk)
    Csv,
    /// Excel workbook with drop-downs (needs -o FILE.xlsx on a terminal)
    Xlsx,
}

impl From<TemplateFormat> for Format {
    fn from(f: TemplateFormat) -> Self {
        match f {
            TemplateFormat::Csv => Self::Csv,
            TemplateFormat::Xlsx => Self::Xlsx,
        }
    }
}
// --- init (issue 13) ---

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project's directory, created if missing
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// The standard: a shipped one (national-prefecture, monthly-check),
    /// copied into DIR/standard/ for the city to edit, or the PATH of a
    /// .toml file or a directory of them, referred to from ceping.toml
    #[arg(
        long,
        short = 's',
        value_name = "NAME|PATH",
        default_value = "national-prefecture"
    )]
    pub standard: PathBuf,

    /// The city's name, shown in reports
    #[arg(long, value_name = "NAME")]
    pub city: Option<String>,

    /// The city's districts (区县), separated by commas (`,` `，` or `、`)
    #[arg(long, value_name = "A,B,…")]
    pub districts: Option<String>,

    /// Replace an existing ceping.toml (and DIR/standard/ for a shipped
    /// standard)
    #[arg(long)]
    pub force: bool,
}
