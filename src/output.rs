//! Where reports go: stdout (a broken pipe is not an error) or a file written
//! atomically (a temporary file in the same directory, renamed into place),
//! opened before the work starts so that a bad path fails early.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
            .map_err(|e| cannot_write(path, &e, lang))?;
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
        self.commit_with(lang, |w| w.write_all(bytes))
    }

    /// [`Output::commit`] for output written a piece at a time by `write`
    /// (through a buffer).
    ///
    /// # Errors
    /// On an I/O error, `write`'s included (a broken pipe on stdout is not
    /// one).
    pub fn commit_with(
        self,
        lang: Lang,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        match self {
            Self::Stdout => {
                let mut out = io::BufWriter::new(io::stdout().lock());
                ignore_broken_pipe(write(&mut out).and_then(|()| out.flush()))
            }
            Self::File { path, mut temp } => {
                let fail = |e: io::Error| cannot_write(&path, &e, lang);
                let mut out = io::BufWriter::new(&mut temp);
                write(&mut out).and_then(|()| out.flush()).map_err(fail)?;
                drop(out);
                temp.as_file().sync_all().map_err(fail)?;
                temp.persist(&path).map_err(|e| fail(e.error))?;
                Ok(())
            }
        }
    }
}

/// A localized error naming the file the user asked for, never the
/// temporary file.
fn cannot_write(path: &Path, e: &io::Error, lang: Lang) -> anyhow::Error {
    let detail = match e.kind() {
        io::ErrorKind::NotFound => lang
            .pick("目录不存在", "the directory does not exist")
            .to_string(),
        io::ErrorKind::PermissionDenied => {
            lang.pick("没有写入权限", "permission denied").to_string()
        }
        io::ErrorKind::StorageFull => lang.pick("磁盘已满", "the disk is full").to_string(),
        _ => e.kind().to_string(),
    };
    anyhow::anyhow!(
        Msg::CannotWrite {
            path: path.display().to_string(),
            detail,
        }
        .text(lang)
    )
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
