//! Parsing the command line in the user's language: `--help`, `-h` and
//! clap's usage errors in Chinese or English.
//!
//! The language of help and usage errors is decided before parsing, by
//! [`help_lang`]. The English help is clap's, from the doc comments in
//! `cli.rs`; the Chinese help replaces every text of the same command tree
//! with the catalog in [`super::help_zh`]. Usage errors are rendered from
//! the message catalog in both languages.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::process::ExitCode;

use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory as _, FromArgMatches as _};
use unicode_width::UnicodeWidthStr as _;

use super::Cli;
use super::help_zh::{self, help_zh};
use crate::diag::Diagnostic;
use crate::i18n::{Lang, Msg};

/// The language of `--help` and of usage errors, decided before parsing:
/// `--lang X` or `--lang=X` on the command line (before a `--`), else
/// `CEPING_LANG`, else the locale: the first of `LC_ALL`, `LC_MESSAGES`
/// and `LANG` that is set and not empty; a locale starting with `en` is
/// English, any other (`zh_CN.UTF-8`, `C`, `POSIX`, none) Chinese. A value
/// of `--lang` or `CEPING_LANG` that is neither `zh` nor `en` is passed
/// over here (clap refuses it, in the language that follows).
///
/// The locale only chooses the language of help and usage errors. Reports
/// and diagnostics follow `--lang` or `CEPING_LANG` alone (default
/// Chinese), so a scheduled job on a server with `LANG=en_US.UTF-8` still
/// writes the same Chinese reports, byte for byte.
///
/// `env` reads an environment variable (`std::env::var_os` in the binary).
#[must_use]
pub fn help_lang(args: &[OsString], env: impl Fn(&str) -> Option<OsString>) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_str());
    while let Some(word) = words.next() {
        let value = match word {
            Some("--") => break,
            Some("--lang") => words.next().flatten(),
            Some(w) => w.strip_prefix("--lang="),
            None => None,
        };
        if let Some(lang) = value.and_then(lang_named) {
            return lang;
        }
    }
    if let Some(lang) = env("CEPING_LANG")
        .as_deref()
        .and_then(OsStr::to_str)
        .and_then(lang_named)
    {
        return lang;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&env)
        .find(|v| !v.is_empty());
    match locale.as_deref().and_then(OsStr::to_str) {
        Some(l) if l.starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

fn lang_named(name: &str) -> Option<Lang> {
    match name {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The command line, built, its help in `lang`: clap's own for English;
/// for Chinese, every text replaced from `cli/help_zh.rs`.
#[must_use]
pub fn localized_command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    if lang == Lang::Zh {
        // clap wraps only at spaces; the Chinese is wrapped by `wrap_help`.
        cmd = cmd.term_width(0);
    }
    cmd.build();
    if lang == Lang::Zh {
        localize(&mut cmd, "");
    }
    cmd
}

/// Parse `args` (the program name first) with help and usage errors in the
/// language [`help_lang`] picks from `args` and `env`.
///
/// # Errors
/// [`Stop`] when the program should not run: help or version asked for
/// (exit 0, on stdout), or a usage error (exit 2, on stderr).
pub fn parse_localized<I, T>(args: I, env: impl Fn(&str) -> Option<OsString>) -> Result<Cli, Stop>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let lang = help_lang(&args, env);
    let mut cmd = localized_command(lang);
    let matches = match cmd.try_get_matches_from_mut(&args) {
        Ok(matches) => matches,
        Err(error) => return Err(Stop::new(error, &mut cmd, &args, lang)),
    };
    Cli::from_arg_matches(&matches).map_err(|e| {
        let error = e.format(&mut cmd);
        Stop::new(error, &mut cmd, &args, lang)
    })
}

/// Help, a version, or a usage error: what to print instead of running.
#[derive(Debug)]
pub struct Stop {
    error: clap::Error,
    /// The usage error from the catalog, or the Chinese help wrapped;
    /// `None`: clap's own rendering (English help, the version, and error
    /// kinds the catalog has no text for).
    text: Option<String>,
}

impl Stop {
    fn new(error: clap::Error, cmd: &mut Command, args: &[OsString], lang: Lang) -> Self {
        let text = usage_error(&error, cmd, args, lang).or_else(|| chinese_help(&error, lang));
        Self { error, text }
    }

    /// What is printed, without colors.
    #[must_use]
    pub fn text(&self) -> String {
        self.text
            .clone()
            .unwrap_or_else(|| self.error.render().to_string())
    }

    /// Whether it is printed on stdout (help, version) or stderr.
    #[must_use]
    pub fn to_stdout(&self) -> bool {
        !self.error.use_stderr()
    }

    /// The exit code: 0 for help and version, 2 for a usage error.
    #[must_use]
    pub fn code(&self) -> u8 {
        u8::try_from(self.error.exit_code()).unwrap_or(2)
    }

    /// Print it (clap's colors when its stream is a terminal) and return
    /// the exit code.
    #[must_use]
    pub fn print(&self) -> ExitCode {
        match &self.text {
            Some(text) => {
                use std::io::Write as _;
                let _ = if self.to_stdout() {
                    std::io::stdout().lock().write_all(text.as_bytes())
                } else {
                    std::io::stderr().lock().write_all(text.as_bytes())
                };
            }
            None => {
                let _ = self.error.print();
            }
        }
        ExitCode::from(self.code())
    }
}

/// Replace every text of the built command `cmd` (at `path`, `""` for the
/// top level) and its subcommands with the Chinese.
fn localize(cmd: &mut Command, path: &str) {
    let mut c = std::mem::take(cmd);
    if let Some(about) = about_zh(path) {
        let (short, long) = paragraphs(about);
        c = c.about(short).long_about(long);
    }
    if c.get_after_help().is_some()
        && let Some(after) = help_zh(path, "@after")
    {
        c = c.after_help(after);
    }
    c = c
        .help_template(help_zh::TEMPLATE)
        .subcommand_help_heading(help_zh::COMMANDS)
        .subcommand_value_name(help_zh::COMMAND_PLACEHOLDER)
        .mut_args(|arg| localize_arg(arg, path));
    let sub_paths: Vec<(String, String)> = c
        .get_subcommands()
        .map(|s| (s.get_name().to_owned(), join(path, s.get_name())))
        .collect();
    for (name, sub_path) in sub_paths {
        c = c.mut_subcommand(name, |mut s| {
            localize(&mut s, &sub_path);
            s
        });
    }
    let usage = c.render_usage().to_string();
    let usage = usage
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .replace("[OPTIONS]", help_zh::OPTIONS_PLACEHOLDER);
    *cmd = c.override_usage(usage);
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path} {name}")
    }
}

/// The Chinese about of the command at `path`; `help score` (clap's help
/// subcommand) has the about of `score`.
fn about_zh(path: &str) -> Option<&'static str> {
    match path.strip_prefix("help ") {
        Some(target) => help_zh(target, "@about"),
        None => help_zh(path, "@about"),
    }
}

/// A text's first paragraph, and the whole when it has more than one.
fn paragraphs(text: &str) -> (&str, Option<&str>) {
    match text.split_once("\n\n") {
        Some((first, _)) => (first, Some(text)),
        None => (text, None),
    }
}

/// The argument with its help in Chinese, clap's `[default: ]`, `[env: ]`
/// and possible values replaced by Chinese ones, under a Chinese heading.
fn localize_arg(arg: Arg, path: &str) -> Arg {
    let id = arg.get_id().as_str().to_owned();
    let heading = if arg.is_positional() {
        help_zh::ARGUMENTS
    } else {
        help_zh::OPTIONS
    };
    let arg = if arg.get_help_heading().is_none() {
        arg.help_heading(heading)
    } else {
        arg
    };
    let Some(text) = help_zh(path, &id) else {
        return arg;
    };
    if matches!(arg.get_action(), ArgAction::Help) {
        return if arg.get_long_help().is_some() {
            arg.help(format!("{text}{}", help_zh::SEE_MORE))
                .long_help(format!("{text}{}", help_zh::SEE_SUMMARY))
        } else {
            arg.help(text)
        };
    }
    let (short, long) = paragraphs(text);
    let mut specs = Vec::new();
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        specs.push(format!("[{}：{}]", help_zh::ENV, env.to_string_lossy()));
    }
    let defaults = arg.get_default_values();
    if arg.get_action().takes_values() && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        let values: Vec<_> = defaults.iter().map(|d| d.to_string_lossy()).collect();
        specs.push(format!("[{}：{}]", help_zh::DEFAULT, values.join(" ")));
    }
    let values: Vec<PossibleValue> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
    let mut short = short.to_owned();
    let mut long = long.unwrap_or(text).to_owned();
    if !values.is_empty() {
        let list = format!("[{}：{}]", help_zh::POSSIBLE_VALUES, names.join(", "));
        if values.iter().any(|v| v.get_help().is_some()) {
            // Listed in the short help; each with its help in the long.
            let _ = write!(short, " {list}");
            let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
            let _ = write!(long, "\n\n{}：", help_zh::POSSIBLE_VALUES);
            for value in &values {
                let name = value.get_name();
                let help = help_zh(path, &format!("{id}={name}")).unwrap_or_default();
                let _ = write!(
                    long,
                    "\n- {name}: {:pad$}{help}",
                    "",
                    pad = width - name.chars().count()
                );
            }
        } else {
            specs.push(list);
        }
    }
    if !specs.is_empty() {
        let _ = write!(short, " {}", specs.join(" "));
        let _ = write!(long, "\n\n{}", specs.join("\n"));
    }
    arg.help(short)
        .long_help(long)
        .hide_default_value(true)
        .hide_env(true)
        .hide_possible_values(true)
}

/// A usage error rendered from the message catalog in `lang`: the error,
/// the usage line, and where to read more. `None` for help and version,
/// and for the kinds the catalog has no text for (clap's English then).
/// `cmd` is the command line that refused `args`.
fn usage_error(
    err: &clap::Error,
    cmd: &mut Command,
    args: &[OsString],
    lang: Lang,
) -> Option<String> {
    let msg = usage_msg(err)?;
    // The command the error is in: the first word of `args` naming a
    // subcommand (ceping's subcommands have none of their own).
    let sub = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| !a.starts_with('-') && cmd.find_subcommand(a).is_some());
    let has_help = |c: &Command| c.get_arguments().any(|a| a.get_id() == "help");
    let command = match sub {
        Some(name) if cmd.find_subcommand(name).is_some_and(has_help) => {
            cmd.find_subcommand_mut(name)?
        }
        _ => cmd,
    };
    // clap's usage for the error when it has one (it names the required
    // arguments given), else the command's.
    let usage = match err.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        _ => command.render_usage().to_string(),
    };
    let usage = usage.strip_prefix("Usage:").unwrap_or(&usage).trim();
    let name = command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned();
    let mut out = Diagnostic::error(msg).render(lang);
    out.push_str("\n\n");
    out.push_str(
        &Msg::UsageSee {
            usage: usage.to_owned(),
            command: name,
        }
        .text(lang),
    );
    out.push('\n');
    Some(out)
}

/// Why a value parser refused a value: a number that is none, one out of
/// its range (clap's ranged parsers say `V is not in A..B`; a range up to
/// the type's largest value is a least), else the parser's own words.
fn value_reason(err: &clap::Error) -> Option<Msg> {
    let source = std::error::Error::source(err)?;
    if source.downcast_ref::<std::num::ParseIntError>().is_some() {
        return Some(Msg::ValueNotWhole);
    }
    if source.downcast_ref::<rust_decimal::Error>().is_some() {
        return Some(Msg::ValueNotNumber);
    }
    let text = source.to_string();
    let Some((_, range)) = text.split_once(" is not in ") else {
        return Some(Msg::ValueOther { text });
    };
    let (min, max) = range
        .split_once("..=")
        .or_else(|| range.split_once(".."))
        .unwrap_or((range, ""));
    let unbounded = [
        u16::MAX.to_string(),
        u32::MAX.to_string(),
        u64::MAX.to_string(),
    ];
    Some(if max.is_empty() || unbounded.iter().any(|m| m == max) {
        Msg::ValueAtLeast { min: min.into() }
    } else {
        Msg::ValueInRange {
            range: range.into(),
        }
    })
}

/// The message for a usage error, from clap's kind and context; `None`
/// for help, version and the kinds the catalog has no text for.
fn usage_msg(err: &clap::Error) -> Option<Msg> {
    let text = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let texts = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(s)) => s.clone(),
        _ => Vec::new(),
    };
    // clap lists suggestions from the least to the most similar.
    let best = |kind| texts(kind).pop();
    let arg = text(ContextKind::InvalidArg);
    Some(match err.kind() {
        ErrorKind::UnknownArgument => Msg::UsageUnknownArgument {
            arg: arg?,
            suggestion: best(ContextKind::SuggestedArg),
        },
        ErrorKind::InvalidSubcommand => Msg::UsageUnknownSubcommand {
            name: text(ContextKind::InvalidSubcommand)?,
            suggestion: best(ContextKind::SuggestedSubcommand),
        },
        ErrorKind::InvalidValue => {
            let value = text(ContextKind::InvalidValue)?;
            let accepted = texts(ContextKind::ValidValue);
            if value.is_empty() {
                Msg::UsageMissingValue {
                    arg: arg?,
                    accepted,
                }
            } else {
                Msg::UsageInvalidValue {
                    arg: arg?,
                    value,
                    accepted,
                    reason: None,
                    suggestion: best(ContextKind::SuggestedValue),
                }
            }
        }
        ErrorKind::ValueValidation => Msg::UsageInvalidValue {
            arg: arg?,
            value: text(ContextKind::InvalidValue)?,
            accepted: Vec::new(),
            reason: value_reason(err).map(Box::new),
            suggestion: None,
        },
        ErrorKind::MissingRequiredArgument => Msg::UsageMissingArguments {
            args: texts(ContextKind::InvalidArg),
        },
        ErrorKind::MissingSubcommand => Msg::UsageMissingSubcommand {
            command: text(ContextKind::InvalidSubcommand)?,
            accepted: texts(ContextKind::ValidSubcommand),
        },
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            let with = texts(ContextKind::PriorArg);
            if with.len() == 1 && with[0] == arg {
                Msg::UsageRepeated { arg }
            } else {
                Msg::UsageConflict { arg, with }
            }
        }
        ErrorKind::TooManyValues => Msg::UsageTooManyValues {
            arg: arg?,
            value: text(ContextKind::InvalidValue)?,
        },
        ErrorKind::NoEquals => Msg::UsageNoEquals { arg: arg? },
        _ => return None,
    })
}

/// The Chinese help (or the help shown for a missing subcommand), wrapped
/// to the terminal: clap renders it unwrapped (see [`localized_command`]).
fn chinese_help(err: &clap::Error, lang: Lang) -> Option<String> {
    let help = matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    (help && lang == Lang::Zh).then(|| wrap_help(&err.render().to_string(), help_width()))
}

/// The width clap wraps the English help to: the terminal's (else
/// `$COLUMNS`, else 100), at most 100 (`max_term_width` in `cli.rs`).
fn help_width() -> usize {
    const MAX: usize = 100;
    let width = terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(MAX);
    width.min(MAX)
}

/// The widest a command's or an argument's name column may be for its
/// help text to continue below the help rather than the name.
const NAME_COLUMN: usize = 40;

/// Wrap unwrapped help text at `width` columns, breaking between Chinese
/// characters as well as at spaces; a continued line is indented to where
/// its text starts (after the name of an argument or command, after the
/// `- ` of a possible value).
#[must_use]
pub fn wrap_help(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        wrap_line(line, width, &mut out);
    }
    out
}

/// Where the text of `line` starts: after its leading spaces, the `- ` of
/// a list item, or the gap of two or more spaces after a name.
fn hanging_indent(line: &str) -> usize {
    let rest = line.trim_start_matches(' ');
    let lead = line.len() - rest.len();
    if let Some(item) = rest.strip_prefix("- ") {
        // `- name:   text`: under the text.
        return match item.split_once(": ") {
            Some((name, text)) if !name.contains(' ') => {
                lead + 2 + name.width() + 2 + (text.len() - text.trim_start_matches(' ').len())
            }
            _ => lead + 2,
        };
    }
    if let Some(gap) = rest.find("  ") {
        let text = rest[gap..].trim_start_matches(' ');
        let column = lead + rest[..gap].width() + (rest.len() - gap - text.len());
        if column <= NAME_COLUMN && !text.is_empty() {
            return column;
        }
    }
    lead
}

fn wrap_line(line: &str, width: usize, out: &mut String) {
    let lines = crate::render::wrap::wrap_line(line, width, hanging_indent(line), false);
    out.push_str(&lines.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(args: &[&str], env: &[(&str, &str)]) -> Lang {
        let args: Vec<OsString> = std::iter::once("ceping")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        help_lang(&args, |k| {
            env.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn the_command_line_decides_first() {
        assert_eq!(lang(&["--lang", "en", "--help"], &[]), Lang::En);
        assert_eq!(lang(&["score", "--lang=en"], &[]), Lang::En);
        assert_eq!(lang(&["--lang", "zh"], &[("CEPING_LANG", "en")]), Lang::Zh);
        assert_eq!(
            lang(&["--lang", "zh"], &[("LANG", "en_US.UTF-8")]),
            Lang::Zh
        );
        // After `--` it is an input, not the option.
        assert_eq!(lang(&["score", "--", "--lang", "en"], &[]), Lang::Zh);
        // A value clap will refuse is passed over.
        assert_eq!(lang(&["--lang", "fr"], &[("CEPING_LANG", "en")]), Lang::En);
    }

    #[test]
    fn then_ceping_lang_then_the_locale() {
        assert_eq!(lang(&[], &[("CEPING_LANG", "en")]), Lang::En);
        assert_eq!(
            lang(&[], &[("CEPING_LANG", "zh"), ("LANG", "en_US.UTF-8")]),
            Lang::Zh
        );
        assert_eq!(lang(&[], &[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(lang(&[], &[("LANG", "en")]), Lang::En);
        assert_eq!(lang(&[], &[("LANG", "zh_CN.UTF-8")]), Lang::Zh);
        for chinese in ["C", "POSIX", "C.UTF-8", ""] {
            assert_eq!(lang(&[], &[("LANG", chinese)]), Lang::Zh, "{chinese}");
        }
        assert_eq!(lang(&[], &[]), Lang::Zh);
        // LC_ALL, then LC_MESSAGES, then LANG; an empty one is not set.
        assert_eq!(
            lang(&[], &[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")]),
            Lang::Zh
        );
        assert_eq!(
            lang(&[], &[("LC_MESSAGES", "en_GB.UTF-8"), ("LANG", "zh_CN")]),
            Lang::En
        );
        assert_eq!(
            lang(&[], &[("LC_ALL", ""), ("LANG", "en_US.UTF-8")]),
            Lang::En
        );
    }

    /// Every command, argument and possible value with an English text has
    /// a Chinese one, so a new flag without its translation fails here.
    /// Add it to `src/cli/help_zh.rs`: one arm.
    #[test]
    fn every_text_has_chinese() {
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            if cmd.get_about().is_some() && about_zh(path).is_none() {
                missing.push(format!("({path:?}, \"@about\")"));
            }
            let top = path.split(' ').next().unwrap_or_default();
            if cmd.get_after_help().is_some() && help_zh(path, "@after").is_none() {
                missing.push(format!("({path:?}, \"@after\")"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if arg.get_help().is_some() && help_zh(path, id).is_none() {
                    missing.push(format!("({path:?}, {id:?})"));
                }
                for value in arg.get_possible_values() {
                    let key = format!("{id}={}", value.get_name());
                    if value.get_help().is_some() && help_zh(path, &key).is_none() {
                        missing.push(format!("({path:?}, {key:?})"));
                    }
                }
            }
            for sub in cmd.get_subcommands() {
                let sub_path = join(path, sub.get_name());
                // clap's `help score` repeats `score`'s about.
                if top != "help" {
                    walk(sub, &sub_path, missing);
                } else if about_zh(&sub_path).is_none() {
                    missing.push(format!("({sub_path:?}, \"@about\")"));
                }
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "", &mut missing);
        assert!(
            missing.is_empty(),
            "no Chinese help in src/cli/help_zh.rs for:\n{}",
            missing.join("\n")
        );
    }

    /// The catalog's texts break only between Chinese characters and at
    /// spaces, and none is left in English in the Chinese help.
    #[test]
    fn the_chinese_help_has_no_english_left() {
        let mut cmd = localized_command(Lang::Zh);
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print help",
            "[default",
            "[env",
            "Possible values",
            "Examples",
            "Exit codes",
        ] {
            let help = cmd.render_long_help().to_string();
            assert!(!help.contains(english), "{english}:\n{help}");
            for sub in cmd.get_subcommands_mut() {
                let help = sub.render_long_help().to_string() + &sub.render_help().to_string();
                assert!(!help.contains(english), "{english}:\n{help}");
            }
        }
    }

    #[test]
    fn wrapping_breaks_between_chinese_characters() {
        let line = "  -s, --standard <PATH>  测评体系：一个 .toml 文件，或存放多个 .toml 文件的目录（按文件名顺序读取）";
        let wrapped = wrap_help(line, 60);
        assert_eq!(
            wrapped,
            "  -s, --standard <PATH>  测评体系：一个 .toml 文件，或存放多\n                         个 .toml 文件的目录（按文件名顺序读\n                         取）"
        );
        for l in wrapped.lines() {
            assert!(l.width() <= 60, "{l}");
        }
        // Not before a closing mark, not after an opening one, and a space
        // where a line breaks is dropped.
        assert_eq!(
            wrap_help("          甲乙丙丁。戊", 19),
            "          甲乙丙\n          丁。戊"
        );
        assert_eq!(
            wrap_help("          甲乙丙（丁）", 20),
            "          甲乙丙\n          （丁）"
        );
        assert_eq!(
            wrap_help("  - zh: 中文 English words", 18),
            "  - zh: 中文\n        English\n        words"
        );
        assert_eq!(
            wrap_help("  - a list item, long", 14),
            "  - a list\n    item, long"
        );
        // A line that fits, and text with nowhere to break, are kept.
        assert_eq!(wrap_help("甲乙", 4), "甲乙");
        assert_eq!(wrap_help("abcdefgh", 4), "abcdefgh");
    }

    #[test]
    fn usage_errors_in_both_languages() {
        let run = |args: &[&str]| {
            let args = std::iter::once("ceping").chain(args.iter().copied());
            match parse_localized(args, |_| None) {
                Ok(_) => panic!("parsed"),
                Err(stop) => (stop.code(), stop.to_stdout(), stop.text()),
            }
        };
        let (code, stdout, text) = run(&["score", "--fromat", "csv"]);
        assert_eq!((code, stdout), (2, false));
        assert_eq!(
            text,
            "error: 未知的参数 “--fromat”（是否应为“--format”？）\n\n\
             用法：ceping score [选项] [INPUT]...\n\n\
             更多信息请运行 “ceping score --help”。\n"
        );
        let (_, _, text) = run(&["--lang", "en", "score", "--fromat", "csv"]);
        assert_eq!(
            text,
            "error: unexpected argument `--fromat` (did you mean `--format`?)\n\n\
             Usage: ceping score --format <FORMAT> [INPUT]...\n\n\
             For more information, try `ceping score --help`.\n"
        );
        let (code, stdout, text) = run(&["--help"]);
        assert_eq!((code, stdout), (0, true));
        assert!(text.contains("用法: ceping [选项] <命令>"), "{text}");
    }
}
