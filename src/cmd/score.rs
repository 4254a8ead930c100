//! `ceping score`: read inspection results and report the scores.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{exit, load_standard, report_counted, report_diagnostics};
use crate::cli::ScoreArgs;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::{Lang, Msg};
use crate::input::{self, Checker, Context, ReadOptions, Source};
use crate::output::{self, Output};
use crate::render::{self, Style, sheets};
use crate::report::score::{Meta, ScoreReport};
use crate::score::Tally;

pub fn run(args: &ScoreArgs, style: Style) -> anyhow::Result<ExitCode> {
    let lang = style.lang;
    let invalid = |d: Diagnostic| {
        report_diagnostics(&[d], lang);
        Ok(ExitCode::from(exit::INVALID))
    };
    let out = Output::open(args.out.output.as_deref(), lang)?;
    let rejects_out = match &args.rejects {
        Some(p) => Some(Output::open(Some(p), lang)?),
        None => None,
    };
    let project = match crate::project::load(args.config.as_deref()) {
        Ok(p) => p.unwrap_or_default(),
        Err(d) => return invalid(*d),
    };
    let Some(std_path) = args.standard.clone().or_else(|| project.standard.clone()) else {
        return invalid(Diagnostic::error(Msg::NoStandard));
    };
    let encoding = match args.encoding.as_deref() {
        None => None,
        Some(l) => match input::decode::encoding_for_label(l) {
            Some(e) => Some(e),
            None => return invalid(Diagnostic::error(Msg::BadEncoding { label: l.into() })),
        },
    };
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some("tab" | "\\t" | "\t") => Some(b'\t'),
        Some(d) if d.len() == 1 && matches!(d, "," | ";" | "|") => Some(d.as_bytes()[0]),
        Some(d) => return invalid(Diagnostic::error(Msg::BadDelimiter { value: d.into() })),
    };
    let (Some(st), _) = load_standard(&std_path, lang) else {
        return Ok(ExitCode::from(exit::INVALID));
    };
    let _spool;
    let sources = {
        let (sources, spool, diags) = resolve_inputs(args, &project.inputs)?;
        _spool = spool;
        if report_diagnostics(&diags, lang) {
            return Ok(ExitCode::from(exit::INVALID));
        }
        sources
    };
    let context: Context = project.context.clone();
    let checker = Checker {
        standard: &st,
        context: &context,
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let opts = ReadOptions {
        threads,
        encoding,
        delimiter,
        keep_rejects: args.rejects.is_some(),
        sha256: args.out.format() == crate::render::Format::Json,
        chunk_bytes: 0,
    };
    let result = input::read(&sources, &checker, opts, || Tally::new(&st))?;

    // Diagnostics: errors fail the run unless --skip-invalid.
    let skip = args.skip_invalid;
    let mut diags: Vec<Diagnostic> = result
        .diagnostics
        .iter()
        .cloned()
        .map(|d| if skip { d.as_warning() } else { d })
        .collect();
    let shown_errors = result.diagnostics.iter().filter(|d| d.is_error()).count() as u64;
    if result.errors > shown_errors {
        diags.push(Diagnostic::new(
            if skip {
                Severity::Warning
            } else {
                Severity::Error
            },
            None,
            Pos::File,
            Msg::MoreErrors {
                more: result.errors - shown_errors,
            },
        ));
    }
    if skip {
        let mut lines: Vec<String> = diags.iter().map(|d| d.render(lang)).collect();
        if result.rows.rejected > 0 {
            lines.push(format!(
                "ceping: {}",
                Msg::RowsSummary {
                    read: result.rows.read,
                    used: result.rows.used,
                    rejected: result.rows.rejected,
                }
                .text(lang)
            ));
        }
        output::eprint_lines(lines);
    } else if report_counted(&diags, Some(result.errors), lang) {
        return Ok(ExitCode::from(exit::INVALID));
    }
    if result.rows.used == 0 {
        return invalid(Diagnostic::error(Msg::NoRows));
    }

    // Rounds.
    let tally = result.sink;
    let rounds = tally.rounds();
    let shown_round = |r: &str| {
        if r.is_empty() {
            lang.pick("（无批次）", "(none)").to_string()
        } else {
            r.to_string()
        }
    };
    let listed = || rounds.iter().map(|r| shown_round(r)).collect::<Vec<_>>();
    let (round, pooled): (Option<String>, Vec<String>) = match args.round.as_deref() {
        None if rounds.len() > 1 => {
            return invalid(Diagnostic::error(Msg::SeveralRounds { rounds: listed() }));
        }
        None | Some("all") => (
            if rounds.len() == 1 && !rounds[0].is_empty() {
                Some(rounds[0].clone())
            } else if args.round.is_some() {
                Some("all".into())
            } else {
                None
            },
            rounds.clone(),
        ),
        Some("latest") => {
            let last = rounds.last().cloned().unwrap_or_default();
            (Some(last.clone()), vec![last])
        }
        Some(r) => {
            let mut r = input::text::normalize(r).into_owned();
            // The rows without a round, by the name messages give them.
            if ["（无批次）", "(none)"]
                .iter()
                .any(|n| input::text::normalize(n) == r)
            {
                r.clear();
            }
            if !rounds.contains(&r) {
                return invalid(Diagnostic::error(Msg::UnknownRound {
                    round: r,
                    rounds: listed(),
                }));
            }
            (Some(r.clone()), vec![r])
        }
    };
    let tally = tally.pooled(&pooled);
    let report = ScoreReport::build(
        &tally,
        Meta {
            city: args.city.clone().or(project.city.clone()),
            bands: project.bands,
            target: project.target,
            round: round.filter(|r| !r.is_empty()),
            rounds: pooled.into_iter().filter(|r| !r.is_empty()).collect(),
            inputs: result.inputs,
            rows: result.rows,
            standard: &st,
        },
    );
    let sheets = sheets::score(&report, args.by, args.level, lang);
    let bytes = render::render(&report, &sheets, args.out.format(), style)?;
    // Only a run that reports leaves its rejected rows behind.
    if let Some(r) = rejects_out {
        write_rejects(r, &result.rejected, &result.headers, &sources, lang)?;
    }
    out.commit(&bytes, lang)?;

    if let (Some(gate), Some(score)) = (args.fail_below, report.city.score)
        && score < gate
    {
        output::eprint_lines([format!(
            "ceping: {}",
            Msg::BelowGate {
                score: score.to_string(),
                gate: gate.to_string(),
            }
            .text(lang)
        )]);
        return Ok(ExitCode::from(exit::GATE));
    }
    Ok(ExitCode::from(exit::OK))
}

/// Expand the inputs: files as given, directories to their `*.csv` files,
/// globs from ceping.toml, `-` spooled from stdin to a temporary file.
fn resolve_inputs(
    args: &ScoreArgs,
    config_inputs: &[String],
) -> anyhow::Result<(
    Vec<Source>,
    Option<tempfile::NamedTempFile>,
    Vec<Diagnostic>,
)> {
    let mut sources = Vec::new();
    let mut diags = Vec::new();
    let mut spool = None;
    let add_path = |p: &Path, sources: &mut Vec<Source>, diags: &mut Vec<Diagnostic>| {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| {
                            f.is_file()
                                && f.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            if found.is_empty() {
                diags.push(Diagnostic::file_error(p.display().to_string(), Msg::NoCsv));
            }
            for f in found {
                sources.push(Source {
                    display: f.display().to_string(),
                    path: f,
                });
            }
        } else {
            sources.push(Source {
                display: p.display().to_string(),
                path: p.to_path_buf(),
            });
        }
    };
    if args.inputs.is_empty() {
        for pattern in config_inputs {
            let mut matched: Vec<PathBuf> = glob::glob(pattern)
                .map(|g| g.filter_map(Result::ok).collect())
                .unwrap_or_default();
            matched.sort();
            if matched.is_empty() {
                diags.push(Diagnostic::file_error(pattern.clone(), Msg::NoMatch));
            }
            for m in matched {
                add_path(&m, &mut sources, &mut diags);
            }
        }
        if config_inputs.is_empty() {
            diags.push(Diagnostic::error(Msg::NoInputs));
        }
    }
    for p in &args.inputs {
        if p.as_os_str() == "-" {
            let mut f = tempfile::NamedTempFile::new()?;
            std::io::copy(&mut std::io::stdin().lock(), &mut f)?;
            sources.push(Source {
                path: f.path().to_path_buf(),
                display: "-".into(),
            });
            spool = Some(f);
        } else {
            add_path(p, &mut sources, &mut diags);
        }
    }
    Ok((sources, spool, diags))
}

/// The rejected rows as CSV for Excel: the inputs' columns (the first
/// input's, then any other name another input has), then file, line and
/// reason. Each cell goes under its own column's name, so that inputs with
/// their columns in another order, and rows with too few or too many
/// fields, keep file, line and reason under their headings. Written a row
/// at a time, as they come back from their spool.
fn write_rejects(
    out: Output,
    rejected: &input::Rejects,
    headers: &[Vec<String>],
    sources: &[Source],
    lang: Lang,
) -> anyhow::Result<()> {
    // Where each input's columns go; a name repeated in one header takes
    // as many columns.
    let mut header: Vec<String> = Vec::new();
    let mut place: Vec<Vec<usize>> = Vec::with_capacity(headers.len());
    for h in headers {
        let mut taken = vec![false; header.len()];
        let mut p = Vec::with_capacity(h.len());
        for name in h {
            let found = (0..header.len()).find(|&j| !taken[j] && header[j] == *name);
            let j = found.unwrap_or_else(|| {
                header.push(name.clone());
                taken.push(false);
                header.len() - 1
            });
            taken[j] = true;
            p.push(j);
        }
        place.push(p);
    }
    // Fields beyond a row's header get unnamed columns of their own.
    let extra = rejected.extra();
    let width = header.len() + extra;
    header.resize(width, String::new());
    header.extend([
        lang.pick("文件", "file").to_string(),
        lang.pick("行号", "line").to_string(),
        lang.pick("原因", "reason").to_string(),
    ]);
    out.commit_with(lang, |out| {
        out.write_all("\u{feff}".as_bytes())?;
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(&header)?;
        let mut rec = Vec::with_capacity(width + 3);
        rejected.for_each(lang, |r| {
            let p = &place[r.file];
            rec.clear();
            rec.resize(width, String::new());
            for (i, field) in r.fields.into_iter().enumerate() {
                let j = p.get(i).copied().unwrap_or(width - extra + i - p.len());
                rec[j] = field;
            }
            rec.push(sources[r.file].display.clone());
            rec.push(r.line.to_string());
            rec.push(r.reason);
            Ok(w.write_record(&rec)?)
        })?;
        w.flush()
    })
}
