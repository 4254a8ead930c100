//! What every command that reads inspection results does before its own
//! work, once: load the project and the standard, find and open the
//! inputs, refuse outputs that would overwrite them, read the rows into
//! sinks, and report what was wrong with them (strict unless
//! `--skip-invalid`). A command gets a [`Setup`], reads with
//! [`Setup::read`], and picks its rounds with [`Setup::rounds`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{exit, load_standard, report_counted, report_diagnostics};
use crate::cli::{OutArgs, ReadArgs};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::{Lang, Msg};
use crate::input::source::INPUT_EXTENSIONS;
use crate::input::{self, Checker, Context, ReadOptions, ReadResult, Sink, Source};
use crate::output::{self, Output};
use crate::paths;
use crate::project::Project;
use crate::report::score::Meta;
use crate::score::rounds::{RoundError, Selection};
use crate::standard::Standard;

/// Everything loaded and checked before the rows are read.
pub struct Setup {
    pub project: Project,
    pub standard: Standard,
    pub context: Context,
    /// Worker threads (after the cap).
    pub threads: usize,
    pub lang: Lang,
    encoding: Option<&'static encoding_rs::Encoding>,
    delimiter: Option<u8>,
    sources: Vec<Source>,
    /// Standard input and streams, spooled: kept until the reading is done.
    _spools: Vec<Spool>,
}

/// Either the value, or the exit code of a run that has already said why
/// it stops.
pub type Step<T> = anyhow::Result<Result<T, ExitCode>>;

/// Print one error and give the exit code for invalid input.
pub fn invalid(d: Diagnostic, lang: Lang) -> ExitCode {
    report_diagnostics(&[d], lang);
    ExitCode::from(exit::INVALID)
}

impl Setup {
    /// Load and check everything a read needs, in the order that fails
    /// before any work: the project, the flags, the inputs' names, the
    /// outputs (never over an input, the standard or the project file, nor
    /// an unknown or binary-on-a-terminal format), the standard, and the
    /// inputs opened.
    pub fn new(
        args: &ReadArgs,
        outputs: &[(&str, &Output)],
        out: Option<(&OutArgs, &Output)>,
        lang: Lang,
    ) -> Result<Self, ExitCode> {
        let (project, std_path) =
            project_and_standard(args.config.as_deref(), args.standard.as_deref(), lang)?;
        let encoding = match args.encoding.as_deref() {
            None => None,
            Some(l) => {
                let Some(e) = input::decode::encoding_for_label(l) else {
                    let d = Diagnostic::error(Msg::BadEncoding { label: l.into() });
                    return Err(invalid(d, lang));
                };
                Some(e)
            }
        };
        let delimiter = match args.delimiter.as_deref() {
            None => None,
            Some("tab" | "\\t" | "\t") => Some(b'\t'),
            Some(d) if d.len() == 1 && matches!(d, "," | ";" | "|") => Some(d.as_bytes()[0]),
            Some(d) => {
                let d = Diagnostic::error(Msg::BadDelimiter { value: d.into() });
                return Err(invalid(d, lang));
            }
        };
        let (inputs, input_diags) = resolve_inputs(args, &project.inputs);

        // No output may overwrite what the run reads, nor another output.
        let mut reads = project_files(&std_path, args.config.as_deref());
        reads.extend(
            inputs
                .iter()
                .filter(|i| !i.stdin)
                .map(|i| (i.display.clone(), i.path.clone())),
        );
        if let Some(code) = super::refuse_overwrite(outputs, &reads, lang) {
            return Err(code);
        }
        if let Some((out_args, out)) = out {
            if let Some(code) = super::refuse_unknown_format(out_args, lang) {
                return Err(code);
            }
            if let Some(code) = super::refuse_binary_on_terminal(out_args, out, lang) {
                return Err(code);
            }
        }
        let standard = match load_standard(&std_path, lang) {
            Ok((st, _)) => st,
            Err(code) => return Err(code),
        };
        if let Some(code) = report_diagnostics(&input_diags, lang) {
            return Err(code);
        }
        let (sources, spools) = match open_inputs(&inputs) {
            Ok(opened) => opened,
            Err(diags) => {
                return Err(report_diagnostics(&diags, lang).unwrap_or(ExitCode::from(exit::IO)));
            }
        };
        let (threads, capped) = input::read::thread_count(args.threads);
        if capped {
            output::eprint_at(
                Severity::Note,
                [format!(
                    "ceping: {}",
                    Msg::ThreadsCapped {
                        asked: args.threads.unwrap_or(0),
                        threads,
                        per_core: input::read::THREADS_PER_CORE,
                    }
                    .text(lang)
                )],
            );
        }
        let context = project.context.clone();
        Ok(Self {
            project,
            standard,
            context,
            threads,
            lang,
            encoding,
            delimiter,
            sources,
            _spools: spools,
        })
    }

    /// The city's name: the flag's, else the project's.
    #[must_use]
    pub fn city(&self, args: &ReadArgs) -> Option<String> {
        args.city.clone().or_else(|| self.project.city.clone())
    }

    /// Read every input into sinks made by `new_sink` (merged into one),
    /// and report the diagnostics: errors stop the run (exit 2, or 3 for
    /// an input the OS would not read) unless `--skip-invalid`, which
    /// turns them into warnings and says how many rows were rejected. A
    /// read that leaves no rows stops the run too.
    pub fn read<'s, S, F>(
        &'s self,
        args: &'s ReadArgs,
        keep_rejects: bool,
        sha256: bool,
        new_sink: F,
    ) -> Step<ReadResult<S>>
    where
        S: Sink,
        F: Fn() -> S + Sync,
    {
        let lang = self.lang;
        let checker = Checker {
            standard: &self.standard,
            context: &self.context,
        };
        let opts = ReadOptions {
            threads: self.threads,
            encoding: self.encoding,
            delimiter: self.delimiter,
            keep_rejects,
            sha256,
            chunk_bytes: 0,
            sheet: args.sheet.as_deref(),
            header_row: args.header_row,
        };
        let result = {
            use std::io::IsTerminal as _;
            let show =
                crate::progress::wanted(std::io::stderr().is_terminal(), output::stderr().quiet);
            let _ticker = crate::progress::Ticker::start(lang, show);
            input::read(&self.sources, &checker, opts, new_sink)?
        };

        // Diagnostics: errors fail the run unless --skip-invalid.
        let skip = args.skip_invalid;
        let mut diags: Vec<Diagnostic> = result
            .diagnostics
            .iter()
            .cloned()
            // An input the OS would not read is never skipped.
            .map(|d| {
                if skip && !paths::is_io(&d) {
                    d.as_warning()
                } else {
                    d
                }
            })
            .collect();
        let shown_errors = result.diagnostics.iter().filter(|d| d.is_error()).count() as u64;
        let io_errors = diags.iter().any(paths::is_io);
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
        if skip && !io_errors {
            let summary = (result.rows.rejected > 0).then(|| {
                let counts = Msg::RowsSummary {
                    read: result.rows.read,
                    used: result.rows.used,
                    rejected: result.rows.rejected,
                };
                (Severity::Warning, format!("ceping: {}", counts.text(lang)))
            });
            output::eprint_diagnostics(&diags, lang, summary);
        } else if let Some(code) = report_counted(&diags, (!skip).then_some(result.errors), lang) {
            return Ok(Err(code));
        }
        if result.rows.used == 0 {
            return Ok(Err(invalid(Diagnostic::error(Msg::NoRows), lang)));
        }
        Ok(Ok(result))
    }

    /// What a report says about its inputs and settings: the project's
    /// city, bands, target and city figure, the rounds `selection` picks,
    /// and what was read.
    #[must_use]
    pub fn meta(
        &self,
        args: &ReadArgs,
        selection: Selection,
        inputs: Vec<input::InputInfo>,
        rows: input::RowCounts,
    ) -> Meta<'_> {
        let Selection { round, pooled } = selection;
        Meta {
            city: self.city(args),
            bands: self.project.bands,
            target: self.project.target,
            figure: self.project.city_figure,
            threads: self.threads,
            round: round.filter(|r| !r.is_empty()),
            rounds: pooled.into_iter().filter(|r| !r.is_empty()).collect(),
            inputs,
            rows,
            standard: &self.standard,
        }
    }

    /// The rounds `--round` asks for among those the rows have (see
    /// [`crate::score::rounds::select`]); an error names the rounds there
    /// are.
    pub fn rounds(&self, have: &[String], asked: Option<&str>) -> Result<Selection, ExitCode> {
        let lang = self.lang;
        let listed = || {
            have.iter()
                .map(|r| {
                    if r.is_empty() {
                        lang.pick("（无批次）", "(none)").to_string()
                    } else {
                        r.clone()
                    }
                })
                .collect::<Vec<_>>()
        };
        crate::score::rounds::select(have, asked).map_err(|e| {
            let msg = match e {
                RoundError::Several => Msg::SeveralRounds { rounds: listed() },
                RoundError::Unknown(round) => Msg::UnknownRound {
                    round,
                    rounds: listed(),
                },
            };
            invalid(Diagnostic::error(msg), lang)
        })
    }
}

/// The project (`--config FILE`, else `./ceping.toml` if there is one, else
/// an empty project) and the path of the standard (`-s`, else the
/// project's): what a command finds before anything else. Errors are
/// printed; `Err` is the exit code.
pub fn project_and_standard(
    config: Option<&Path>,
    standard: Option<&Path>,
    lang: Lang,
) -> Result<(Project, PathBuf), ExitCode> {
    let project = match crate::project::load(config) {
        Ok(p) => p,
        Err(d) => {
            report_diagnostics(&d, lang);
            return Err(ExitCode::from(exit::INVALID));
        }
    };
    let std_path = standard
        .map(Path::to_path_buf)
        .or_else(|| project.as_ref().and_then(|p| p.standard.clone()));
    let Some(std_path) = std_path else {
        // --- init (issue 13) ---
        // Without a project file either, `ceping init` makes one.
        let hint = project
            .is_none()
            .then(|| Diagnostic::new(Severity::Note, None, Pos::File, Msg::InitHint));
        let diags: Vec<Diagnostic> = std::iter::once(Diagnostic::error(Msg::NoStandard))
            .chain(hint)
            .collect();
        report_diagnostics(&diags, lang);
        return Err(ExitCode::from(exit::INVALID));
    };
    Ok((project.unwrap_or_default(), std_path))
}

/// The files of the standard and the project file (as shown, and the
/// path): what no output may overwrite.
pub fn project_files(std_path: &Path, config: Option<&Path>) -> Vec<(String, PathBuf)> {
    let mut reads = super::standard_files(std_path);
    let config = config.map(Path::to_path_buf).or_else(|| {
        let found = Path::new(crate::project::FILE);
        found.is_file().then(|| found.to_path_buf())
    });
    reads.extend(config.map(|c| (c.display().to_string(), c)));
    reads
}

/// An input as named: a file (found by the walk), or standard input.
struct Input {
    path: PathBuf,
    /// As the user wrote it (`-` for standard input).
    display: String,
    stdin: bool,
}

/// Expand the inputs: files as given, directories to their input files
/// (`*.csv`, `*.xlsx`, ...),
/// the globs of ceping.toml (see [`crate::paths`]); `-` at most once.
/// Nothing is opened yet.
fn resolve_inputs(args: &ReadArgs, config_inputs: &[String]) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut found = paths::Found::default();
    let mut inputs = Vec::new();
    let add = |found: &mut paths::Found, inputs: &mut Vec<Input>| {
        inputs.extend(found.files.drain(..).map(|f| Input {
            display: f.display().to_string(),
            path: f,
            stdin: false,
        }));
    };
    if args.inputs.is_empty() {
        for pattern in config_inputs {
            if !paths::glob(pattern, &INPUT_EXTENSIONS, &mut found) {
                found
                    .diagnostics
                    .push(Diagnostic::file_error(pattern.clone(), Msg::NoMatch));
            }
            add(&mut found, &mut inputs);
        }
        if config_inputs.is_empty() {
            found.diagnostics.push(Diagnostic::error(Msg::NoInputs));
        } else if inputs.is_empty() {
            // A new project: nothing filled in yet.
            found.diagnostics.push(Diagnostic::new(
                Severity::Note,
                None,
                Pos::File,
                Msg::TemplateHint,
            ));
        }
    }
    let stdin = args.inputs.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin > 1 {
        found
            .diagnostics
            .push(Diagnostic::error(Msg::StdinTwice { times: stdin }));
    }
    for p in &args.inputs {
        if p.as_os_str() == "-" {
            inputs.push(Input {
                path: p.clone(),
                display: "-".into(),
                stdin: true,
            });
            continue;
        }
        let errors = |f: &paths::Found| f.diagnostics.iter().filter(|d| d.is_error()).count();
        let before = (found.files.len(), errors(&found));
        paths::expand(p, &INPUT_EXTENSIONS, &mut found);
        if p.is_dir() && (found.files.len(), errors(&found)) == before {
            found
                .diagnostics
                .push(Diagnostic::file_error(p.display().to_string(), Msg::NoCsv));
        }
        add(&mut found, &mut inputs);
    }
    (inputs, found.diagnostics)
}

/// Open the inputs before reading: a file the OS will not let us read is an
/// error here (exit 3), and a stream — standard input, a FIFO, a device,
/// `<(command)` — is spooled, as the reader opens its sources by path and
/// more than once. The spools must be kept until the reading is done.
fn open_inputs(inputs: &[Input]) -> Result<(Vec<Source>, Vec<Spool>), Vec<Diagnostic>> {
    let mut sources = Vec::with_capacity(inputs.len());
    let mut spools = Vec::new();
    let mut diags = Vec::new();
    for input in inputs {
        let opened = if input.stdin {
            Spool::stdin().map(Some)
        } else {
            std::fs::File::open(&input.path).and_then(|f| {
                if f.metadata()?.is_file() {
                    Ok(None)
                } else {
                    Spool::copy(f).map(Some)
                }
            })
        };
        match opened {
            Ok(spool) => {
                let path = spool.as_ref().map_or(&input.path, |s| &s.path).clone();
                sources.push(Source {
                    path,
                    display: input.display.clone(),
                });
                spools.extend(spool);
            }
            Err(e) => diags.push(Diagnostic::file_error(
                input.display.clone(),
                paths::io_msg(&e),
            )),
        }
    }
    if diags.is_empty() {
        Ok((sources, spools))
    } else {
        Err(diags)
    }
}

/// A stream's bytes in a file the reader can open by path as often as it
/// needs. Nothing of it outlives the process, however the process ends: on
/// Linux the file has no name and is opened through `/proc/self/fd`;
/// elsewhere it is a named temporary file, removed on exit and on a signal.
struct Spool {
    path: PathBuf,
    /// Held open: the file without a name (or the regular file on
    /// standard input) that `path` opens again.
    _anonymous: Option<std::fs::File>,
    _named: Option<output::TempFile>,
}

impl Spool {
    /// Standard input: used in place when it is a regular file at its
    /// start (`< data.csv`, Linux), else copied.
    fn stdin() -> std::io::Result<Self> {
        #[cfg(target_os = "linux")]
        {
            use std::io::Seek as _;
            use std::os::fd::AsFd as _;
            let mut file = std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
            if file.metadata()?.is_file()
                && file.stream_position()? == 0
                && let Some(path) = Self::proc_path(&file)
            {
                return Ok(Self {
                    path,
                    _anonymous: Some(file),
                    _named: None,
                });
            }
            Self::copy(file)
        }
        #[cfg(not(target_os = "linux"))]
        Self::copy(std::io::stdin().lock())
    }

    /// Copy a stream to the end.
    fn copy(mut from: impl std::io::Read) -> std::io::Result<Self> {
        #[cfg(target_os = "linux")]
        if Path::new("/proc/self/fd").is_dir() {
            let mut file = tempfile::tempfile()?;
            if let Some(path) = Self::proc_path(&file) {
                std::io::copy(&mut from, &mut file)?;
                return Ok(Self {
                    path,
                    _anonymous: Some(file),
                    _named: None,
                });
            }
        }
        let mut file = tempfile::NamedTempFile::new()?;
        std::io::copy(&mut from, &mut file)?;
        let file = output::TempFile::new(file);
        Ok(Self {
            path: file.path().to_path_buf(),
            _anonymous: None,
            _named: Some(file),
        })
    }

    /// The path through which an open file can be opened again (Linux).
    #[cfg(target_os = "linux")]
    fn proc_path(file: &std::fs::File) -> Option<PathBuf> {
        use std::os::fd::AsRawFd as _;
        let path = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
        path.exists().then_some(path)
    }
}
