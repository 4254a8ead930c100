//! Where reports go: stdout (a broken pipe is not an error), a regular file
//! written atomically (a temporary file beside it, renamed onto it), or a
//! device or FIFO written in place. Opened before the work starts so that a
//! bad path fails early; the temporary files are removed when a run is
//! interrupted (see [`clean_up_on_signals`]). A set of reports goes into a
//! directory as one ([`OutDir`]).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::diag::{Diagnostic, Severity, paint};

use crate::i18n::{Lang, Msg};
use crate::paths::{FileId, ends_in_separator};

/// An output destination, ready to receive the finished report.
pub enum Output {
    Stdout,
    /// A character device, a FIFO, a socket or a descriptor
    /// (`/dev/fd/3`): written in place, never replaced.
    Direct {
        path: PathBuf,
        file: File,
    },
    /// A regular file, new or replaced.
    File {
        /// As the user wrote it.
        path: PathBuf,
        /// The file the path leads to (through any symbolic links): the
        /// one replaced, so that the links stay.
        target: PathBuf,
        temp: TempFile,
        key: Key,
    },
}

/// What identifies a regular output file, to compare it with the inputs
/// and the other output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Existing(FileId),
    /// Not there yet: its canonical directory and its name.
    New(PathBuf),
}

impl Output {
    /// Open the destination: `None`, `-` or `/dev/stdout` is stdout; a
    /// regular file (or a path to be one) gets a temporary sibling of the
    /// file it leads to, renamed onto it by [`Output::commit`]; a device
    /// or a FIFO is opened for writing.
    ///
    /// # Errors
    /// When the path is a directory, or its directory does not exist or is
    /// not writable.
    pub fn open(path: Option<&Path>, lang: Lang) -> anyhow::Result<Self> {
        let Some(path) = path.filter(|p| !is_stdout(Some(p))) else {
            return Ok(Self::Stdout);
        };
        let fail = |msg: Msg| cannot_write(path, &msg, lang);
        if ends_in_separator(path) {
            return Err(fail(if path.is_dir() {
                Msg::WriteIsDir
            } else {
                Msg::WriteEndsInSlash
            }));
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(fail(Msg::WriteIsDir)),
            Ok(meta) if meta.is_file() && !is_descriptor(path) => {
                let target = std::fs::canonicalize(path).map_err(|e| fail(os_detail(&e)))?;
                let key =
                    FileId::of(&target).map_or_else(|| Key::New(target.clone()), Key::Existing);
                let temp = TempFile::beside(&target, Some(&meta)).map_err(&fail)?;
                Ok(Self::File {
                    path: path.to_path_buf(),
                    target,
                    temp,
                    key,
                })
            }
            Ok(_) => {
                let file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .map_err(|e| fail(os_detail(&e)))?;
                Ok(Self::Direct {
                    path: path.to_path_buf(),
                    file,
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let target = link_target(path);
                let temp = TempFile::beside(&target, None).map_err(&fail)?;
                let dir = temp
                    .path()
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
                let key = Key::New(dir.join(target.file_name().unwrap_or_default()));
                Ok(Self::File {
                    path: path.to_path_buf(),
                    target,
                    temp,
                    key,
                })
            }
            Err(e) => Err(fail(os_detail(&e))),
        }
    }

    /// The path as the user wrote it (`-` for stdout).
    #[must_use]
    pub fn shown(&self) -> String {
        match self {
            Self::Stdout => "-".into(),
            Self::Direct { path, .. } | Self::File { path, .. } => path.display().to_string(),
        }
    }

    /// Whether this output is the regular file at `path` (an input).
    #[must_use]
    pub fn is_file(&self, path: &Path) -> bool {
        match self {
            Self::File {
                key: Key::Existing(id),
                ..
            } => FileId::of(path).as_ref() == Some(id),
            _ => false,
        }
    }

    /// Whether two outputs would write the same regular file.
    #[must_use]
    pub fn same_file(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::File { key: a, .. }, Self::File { key: b, .. }) => a == b,
            _ => false,
        }
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
            Self::Direct { path, mut file } => {
                let fail = |e: io::Error| cannot_write(&path, &os_detail(&e), lang);
                let mut out = io::BufWriter::new(&mut file);
                write(&mut out).and_then(|()| out.flush()).map_err(fail)
            }
            Self::File {
                path, target, temp, ..
            } => temp
                .persist(write, &target)
                .map_err(|e| cannot_write(&path, &os_detail(&e), lang)),
        }
    }
}

/// Whether an output path (`-o`) means stdout: none, `-` or `/dev/stdout`.
#[must_use]
pub fn is_stdout(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p.as_os_str() == "-" || p == Path::new("/dev/stdout"))
}

/// A path that names an open descriptor (`/dev/stderr`, `/dev/fd/3`,
/// `/proc/self/fd/3`): written through in place even when it leads to a
/// regular file, which the shell that opened it may be appending to.
fn is_descriptor(path: &Path) -> bool {
    path == Path::new("/dev/stderr")
        || path.starts_with("/dev/fd")
        || path.starts_with("/proc/self/fd")
}

/// Where a path that names no file yet will be created: through a
/// dangling symbolic link (or a chain of them), at the file it names.
fn link_target(path: &Path) -> PathBuf {
    let mut target = path.to_path_buf();
    // As many links as Linux follows (MAXSYMLINKS).
    for _ in 0..40 {
        match std::fs::read_link(&target) {
            Ok(next) => {
                target = match target.parent() {
                    Some(dir) => dir.join(next),
                    None => next,
                }
            }
            Err(_) => break,
        }
    }
    target
}

/// The temporary output files of this process, removed on a signal.
static TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temp_files() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMP_FILES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A named temporary file, listed for removal if the run is interrupted
/// (and removed when dropped, like the `NamedTempFile` it holds).
pub struct TempFile {
    path: PathBuf,
    file: Option<tempfile::NamedTempFile>,
}

impl TempFile {
    /// Wrap and list a temporary file.
    #[must_use]
    pub fn new(file: tempfile::NamedTempFile) -> Self {
        let path = file.path().to_path_buf();
        temp_files().push(path.clone());
        Self {
            path,
            file: Some(file),
        }
    }

    /// A temporary file in the directory of `target`: with the mode (and,
    /// best effort, the owner) of `existing`, the file it will replace, or
    /// else 0666 less the umask, as any new file.
    fn beside(target: &Path, existing: Option<&std::fs::Metadata>) -> Result<Self, Msg> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".ceping-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let file = builder
            .tempfile_in(dir)
            .map_err(|e| create_detail(dir, &e))?;
        let temp = Self::new(file);
        if let (Some(meta), Some(f)) = (existing, &temp.file) {
            let kept = f.as_file().set_permissions(meta.permissions());
            kept.map_err(|e| create_detail(dir, &e))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt as _;
                // Only root may give a file away; others keep their own.
                let _ = std::os::unix::fs::fchown(f.as_file(), Some(meta.uid()), Some(meta.gid()));
            }
        }
        Ok(temp)
    }

    /// The temporary file's own path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write the file with `write`, sync it, and rename it onto `target`.
    fn persist(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
        target: &Path,
    ) -> io::Result<()> {
        let Some(mut file) = self.file.take() else {
            return Err(io::Error::other("temporary file already used"));
        };
        let mut out = io::BufWriter::new(&mut file);
        write(&mut out).and_then(|()| out.flush())?;
        drop(out);
        file.as_file().sync_all()?;
        // Renamed and unlisted under the lock, so that a signal removes
        // either the temporary file or nothing.
        let mut listed = temp_files();
        let done = file.persist(target).map(drop).map_err(|e| e.error);
        listed.retain(|p| *p != self.path);
        drop(listed);
        done
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        drop(self.file.take());
        temp_files().retain(|p| *p != self.path);
    }
}

/// The temporary directories of this process (sets of reports being
/// written, and a previous set being removed), removed on a signal.
static TEMP_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temp_dirs() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMP_DIRS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The file that marks a directory as a set of reports ceping wrote.
pub const MANIFEST: &str = "manifest.json";

/// A file of a set: its name, size and SHA-256 (lowercase hex).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SetFile {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// A directory of reports written as one set (`--out-dir`): every file
/// goes into a hidden temporary sibling directory, synced, and
/// [`OutDir::commit`] puts the whole directory in place at once — renamed
/// when the directory is new, exchanged with the previous set (then
/// removed) when there is one. Dropped before the commit, or interrupted
/// by a signal, it leaves nothing behind and the previous set as it was.
pub struct OutDir {
    /// As the user wrote it.
    path: PathBuf,
    /// The directory replaced (through any symbolic link).
    target: PathBuf,
    temp: Option<tempfile::TempDir>,
    temp_path: PathBuf,
    files: Vec<SetFile>,
}

impl OutDir {
    /// Get ready to write a set at `path`: a new directory, an empty one,
    /// or a previous set (a directory holding a [`MANIFEST`]). `Ok(Err)`
    /// is a path refused (exit 2, nothing touched): not a directory, or a
    /// directory with files that is no set of ours.
    ///
    /// # Errors
    /// When the temporary directory cannot be made beside it.
    pub fn open(path: &Path, lang: Lang) -> anyhow::Result<Result<Self, Msg>> {
        let target = match std::fs::metadata(path) {
            Ok(meta) if !meta.is_dir() => return Ok(Err(Msg::OutDirNotDir)),
            Ok(_) => {
                let mut entries = std::fs::read_dir(path)
                    .map_err(|e| cannot_write(path, &os_detail(&e), lang))?;
                let has_files = entries.next().is_some();
                if has_files && !path.join(MANIFEST).is_file() {
                    return Ok(Err(Msg::OutDirNotSet));
                }
                std::fs::canonicalize(path).map_err(|e| cannot_write(path, &os_detail(&e), lang))?
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => link_target(path),
            Err(e) => return Err(cannot_write(path, &os_detail(&e), lang)),
        };
        let parent = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // `reports/latest` on the first night: its parents are made, as
        // `mkdir -p` would (they stay, empty, should the run then fail).
        std::fs::create_dir_all(&parent)
            .map_err(|e| cannot_write(path, &create_detail(&parent, &e), lang))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".ceping-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            // As any new directory: 0777 less the umask.
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let mut listed = temp_dirs();
        let temp = builder
            .tempdir_in(&parent)
            .map_err(|e| cannot_write(path, &create_detail(&parent, &e), lang))?;
        let temp_path = temp.path().to_path_buf();
        listed.push(temp_path.clone());
        drop(listed);
        Ok(Ok(Self {
            path: path.to_path_buf(),
            target,
            temp: Some(temp),
            temp_path,
            files: Vec::new(),
        }))
    }

    /// Whether `path` (a file the run reads, or the directory of another
    /// output) lies inside the directory the set replaces.
    #[must_use]
    pub fn holds(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|p| p.starts_with(&self.target))
    }

    /// The files written so far, in the order written.
    #[must_use]
    pub fn files(&self) -> &[SetFile] {
        &self.files
    }

    /// Write one file of the set, synced, and note its size and hash.
    ///
    /// # Errors
    /// On an I/O error (named after the file in the set, never the
    /// temporary directory).
    pub fn write(&mut self, name: &str, bytes: &[u8], lang: Lang) -> anyhow::Result<()> {
        let fail = |e: &io::Error| cannot_write(&self.path.join(name), &os_detail(e), lang);
        #[cfg(debug_assertions)]
        if let Some(n) = std::env::var("CEPING_TEST_FAIL_AFTER")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            && self.files.len() >= n
        {
            return Err(fail(&io::Error::other("CEPING_TEST_FAIL_AFTER")));
        }
        let write = || -> io::Result<()> {
            let mut file = File::create(self.temp_path.join(name))?;
            file.write_all(bytes)?;
            file.sync_all()
        };
        write().map_err(|e| fail(&e))?;
        self.files.push(SetFile {
            name: name.to_string(),
            bytes: bytes.len() as u64,
            sha256: crate::input::source::hex_sha256(bytes),
        });
        Ok(())
    }

    /// Put the set in place: renamed onto a new directory, or exchanged
    /// with the previous set, which is then removed.
    ///
    /// # Errors
    /// On an I/O error; the previous set is then left as it was.
    pub fn commit(mut self, lang: Lang) -> anyhow::Result<()> {
        let fail = |e: &io::Error| cannot_write(&self.path, &os_detail(e), lang);
        File::open(&self.temp_path)
            .and_then(|d| d.sync_all())
            .map_err(|e| fail(&e))?;
        // Swapped and unlisted under the lock, so that a signal removes
        // the new set before it is in place or the old one after.
        let mut listed = temp_dirs();
        let done = match std::fs::symlink_metadata(&self.target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                std::fs::rename(&self.temp_path, &self.target).map(|()| None)
            }
            Err(e) => Err(e),
            Ok(_) => swap(&self.temp_path, &self.target).map(Some),
        };
        let old = match done {
            Ok(old) => old,
            Err(e) => {
                drop(listed);
                return Err(fail(&e));
            }
        };
        // The new set is in place: the temporary directory is no longer
        // ours to remove on drop.
        if let Some(temp) = self.temp.take() {
            let _ = temp.keep();
        }
        listed.retain(|p| *p != self.temp_path);
        if let Some(old) = &old {
            listed.push(old.clone());
        }
        drop(listed);
        if let Some(parent) = self.target.parent() {
            let _ = File::open(parent).and_then(|d| d.sync_all());
        }
        // The previous set goes; should that fail, the new one stands.
        if let Some(old) = old {
            let _ = std::fs::remove_dir_all(&old);
            temp_dirs().retain(|p| *p != old);
        }
        Ok(())
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            drop(temp);
            temp_dirs().retain(|p| *p != self.temp_path);
        }
    }
}

/// Exchange the directory `new` with `target`, atomically where the
/// system can (Linux `renameat2(RENAME_EXCHANGE)`), else by renaming
/// `target` aside first. Returns where the previous directory now is.
fn swap(new: &Path, target: &Path) -> io::Result<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(new.to_path_buf()),
            Err(e)
                if e == rustix::io::Errno::INVAL
                    || e == rustix::io::Errno::NOSYS
                    || e == rustix::io::Errno::NOTSUP => {}
            Err(e) => return Err(e.into()),
        }
    }
    swap_aside(new, target)
}

/// [`swap`] where the system cannot exchange: `target` renamed aside (a
/// hidden sibling), then `new` onto it; `target` put back when that fails.
fn swap_aside(new: &Path, target: &Path) -> io::Result<PathBuf> {
    let aside = new.with_extension("old");
    std::fs::rename(target, &aside)?;
    if let Err(e) = std::fs::rename(new, target) {
        let _ = std::fs::rename(&aside, target);
        return Err(e);
    }
    Ok(aside)
}

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary files and directories
/// (a set of reports not yet in place, or a previous set being removed), then exit with
/// 128 + the signal's number, as a shell reports a run it interrupted.
/// Standard input is spooled to a file without a name, which goes with the
/// process however it ends.
pub fn clean_up_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let listed = temp_files();
                for p in listed.iter() {
                    let _ = std::fs::remove_file(p);
                }
                for d in temp_dirs().iter() {
                    let _ = std::fs::remove_dir_all(d);
                }
                std::process::exit(128 + signal);
            }
        });
    }
}

/// A localized error naming the file the user asked for, never the
/// temporary file.
fn cannot_write(path: &Path, detail: &Msg, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(
        Msg::CannotWrite {
            path: path.display().to_string(),
            detail: detail.text(lang),
        }
        .text(lang)
    )
}

/// Why no temporary file could be made in `dir`.
fn create_detail(dir: &Path, e: &io::Error) -> Msg {
    match e.kind() {
        io::ErrorKind::NotFound if std::fs::metadata(dir).is_err() => Msg::WriteNoDir,
        io::ErrorKind::PermissionDenied => Msg::WritePermission,
        io::ErrorKind::StorageFull => Msg::WriteDiskFull,
        _ => Msg::WriteCannotCreate {
            dir: dir.display().to_string(),
            detail: os_words(e),
        },
    }
}

/// The OS's words for an error of tempfile's, which adds the temporary
/// file's path (` at path "/dir/.ceping-x.tmp"`): the user never named it.
fn os_words(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at path \"") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Why a file could not be opened or written: in the OS's own words
/// unless the catalog has better ones.
fn os_detail(e: &io::Error) -> Msg {
    match e.kind() {
        io::ErrorKind::PermissionDenied => Msg::WritePermission,
        io::ErrorKind::StorageFull => Msg::WriteDiskFull,
        _ => Msg::WriteOs {
            detail: os_words(e),
        },
    }
}

fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// Print error lines to stderr (printed even under `--quiet`); a closed
/// stderr is ignored.
pub fn eprint_lines(lines: impl IntoIterator<Item = String>) {
    eprint_at(Severity::Error, lines);
}

// --- terminal (issue 13) ---

/// What stderr shows, set once per run by the command layer from
/// `--quiet` and `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stderr {
    /// Only errors (`--quiet`).
    pub quiet: bool,
    /// Severity words and failed gates in color.
    pub color: bool,
}

static STDERR: OnceLock<Stderr> = OnceLock::new();

/// Set what stderr shows (the first call wins).
pub fn set_stderr(stderr: Stderr) {
    let _ = STDERR.set(stderr);
}

/// What stderr shows: as set by [`set_stderr`], else everything, plain.
#[must_use]
pub fn stderr() -> Stderr {
    STDERR.get().copied().unwrap_or_default()
}

impl Stderr {
    /// Whether a line of this severity is printed.
    #[must_use]
    pub fn shows(self, severity: Severity) -> bool {
        !self.quiet || severity == Severity::Error
    }
}

/// Every line ceping writes to stderr goes through here: lines of
/// `severity`, left out when `--quiet` hides them.
pub fn eprint_at(severity: Severity, lines: impl IntoIterator<Item = String>) {
    if stderr().shows(severity) {
        write_stderr(lines);
    }
}

/// Write lines to stderr; a closed stderr is ignored.
fn write_stderr(lines: impl IntoIterator<Item = String>) {
    let mut err = io::BufWriter::new(io::stderr().lock());
    for l in lines {
        if writeln!(err, "{l}").is_err() {
            return;
        }
    }
    let _ = err.flush();
}

/// Diagnostics, rendered (in color when stderr has it) and printed, those
/// `--quiet` hides left out; then `summary`, a line of its severity.
pub fn eprint_diagnostics(diags: &[Diagnostic], lang: Lang, summary: Option<(Severity, String)>) {
    let style = stderr();
    let lines = diags
        .iter()
        .filter(|d| style.shows(d.severity))
        .map(|d| d.render_with(lang, style.color))
        .chain(
            summary
                .filter(|(severity, _)| style.shows(*severity))
                .map(|(_, line)| line),
        );
    write_stderr(lines);
}

/// Why a requested gate failed: one error line each, in red when stderr
/// has color.
pub fn eprint_gate(lines: impl IntoIterator<Item = String>) {
    let color = stderr().color;
    eprint_lines(lines.into_iter().map(|l| paint(Severity::Error, &l, color)));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A previous set in `root/set`: one file and the manifest.
    fn previous(root: &Path) -> PathBuf {
        let set = root.join("set");
        std::fs::create_dir(&set).expect("mkdir");
        std::fs::write(set.join("old.json"), "old").expect("write");
        std::fs::write(set.join(MANIFEST), "{}").expect("write");
        set
    }

    #[test]
    fn a_set_that_fails_before_its_commit_leaves_the_previous_one() {
        let root = tempfile::tempdir().expect("temp dir");
        let set = previous(root.path());
        let write = || -> anyhow::Result<()> {
            let Ok(mut out) = OutDir::open(&set, Lang::En)? else {
                anyhow::bail!("refused");
            };
            out.write("a.json", b"a", Lang::En)?;
            out.write("b.json", b"b", Lang::En)?;
            anyhow::bail!("failed after two files");
        };
        assert!(write().is_err());
        assert_eq!(names(root.path()), ["set"]);
        assert_eq!(names(&set), ["manifest.json", "old.json"]);
        assert_eq!(std::fs::read(set.join("old.json")).expect("read"), b"old");
    }

    #[test]
    fn a_committed_set_replaces_the_previous_one_whole() {
        let root = tempfile::tempdir().expect("temp dir");
        let set = previous(root.path());
        let Ok(mut out) = OutDir::open(&set, Lang::En).expect("open") else {
            panic!("refused");
        };
        out.write("a.json", b"a", Lang::En).expect("write");
        out.write(MANIFEST, b"{}", Lang::En).expect("write");
        assert_eq!(
            out.files()[0],
            SetFile {
                name: "a.json".into(),
                bytes: 1,
                sha256: "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb".into(),
            }
        );
        out.commit(Lang::En).expect("commit");
        assert_eq!(names(root.path()), ["set"]);
        assert_eq!(names(&set), ["a.json", "manifest.json"]);
    }

    #[test]
    fn the_fallback_swap_puts_the_new_set_in_place() {
        let root = tempfile::tempdir().expect("temp dir");
        let set = previous(root.path());
        let new = root.path().join(".ceping-new.tmp");
        std::fs::create_dir(&new).expect("mkdir");
        std::fs::write(new.join("a.json"), "a").expect("write");
        let old = swap_aside(&new, &set).expect("swap");
        assert_eq!(names(&set), ["a.json"]);
        assert_eq!(names(&old), ["manifest.json", "old.json"]);
    }

    #[test]
    fn what_is_no_set_is_refused() {
        let root = tempfile::tempdir().expect("temp dir");
        let file = root.path().join("file");
        std::fs::write(&file, "mine").expect("write");
        assert!(matches!(
            OutDir::open(&file, Lang::En),
            Ok(Err(Msg::OutDirNotDir))
        ));
        let folder = root.path().join("folder");
        std::fs::create_dir(&folder).expect("mkdir");
        std::fs::write(folder.join("notes.txt"), "mine").expect("write");
        assert!(matches!(
            OutDir::open(&folder, Lang::En),
            Ok(Err(Msg::OutDirNotSet))
        ));
        assert_eq!(names(root.path()), ["file", "folder"]);
    }

    #[test]
    fn quiet_shows_only_errors() {
        let quiet = Stderr {
            quiet: true,
            color: false,
        };
        assert!(quiet.shows(Severity::Error));
        assert!(!quiet.shows(Severity::Warning));
        assert!(!quiet.shows(Severity::Note));
        assert!(Stderr::default().shows(Severity::Note));
    }
}
