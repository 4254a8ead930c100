//! Where reports go: stdout (a broken pipe is not an error) or a file written
//! atomically (a temporary file in the same directory, renamed into place),
//! opened before the work starts so that a bad path fails early.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::i18n::{Lang, Msg};

/// An output destination, ready to receive the finished report.
pub enum Output {
    Stdout,
    File {
        path: PathBuf,
        temp: tempfile::NamedTempFile,
    },
}

impl Output {
    /// Open the destination: `None` or `-` is stdout; a path gets a temporary
    /// sibling now, renamed over it by [`Output::commit`].
    ///
    /// # Errors
    /// When the file's directory does not exist or is not writable.
    pub fn open(path: Option<&Path>, lang: Lang) -> anyhow::Result<Self> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Self::Stdout);
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".ceping-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| {
                Msg::CannotWrite {
                    path: path.display().to_string(),
                }
                .text(lang)
            })?;
        Ok(Self::File {
            path: path.to_path_buf(),
            temp,
        })
    }

    /// Write the whole report and put it in place.
    ///
    /// # Errors
    /// On an I/O error (a broken pipe on stdout is not one).
    pub fn commit(self, bytes: &[u8], lang: Lang) -> anyhow::Result<()> {
        match self {
            Self::Stdout => ignore_broken_pipe(write_stdout(bytes)),
            Self::File { path, mut temp } => {
                let what = || {
                    Msg::CannotWrite {
                        path: path.display().to_string(),
                    }
                    .text(lang)
                };
                temp.write_all(bytes).with_context(what)?;
                temp.as_file().sync_all().with_context(what)?;
                temp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(what)?;
                Ok(())
            }
        }
    }
}

fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Print lines to stderr (diagnostics); a closed stderr is ignored.
pub fn eprint_lines(lines: impl IntoIterator<Item = String>) {
    let mut err = io::BufWriter::new(io::stderr().lock());
    for l in lines {
        if writeln!(err, "{l}").is_err() {
            return;
        }
    }
    let _ = err.flush();
}

/// Print to stdout; a broken pipe (`| head`) is success.
///
/// # Errors
/// On any other I/O error.
pub fn print(text: &str) -> anyhow::Result<()> {
    ignore_broken_pipe(write_stdout(text.as_bytes()))
}

fn ignore_broken_pipe(r: io::Result<()>) -> anyhow::Result<()> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
