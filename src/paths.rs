//! The files a command is asked to read: a path as given, or a directory's
//! files of some extensions, or the matches of a glob (ceping.toml `inputs`).
//! One walk for the standard (`*.toml`) and the inspection files (`*.csv`,
//! `*.xlsx` and the other workbooks):
//! whatever it cannot read is an error naming it, and what it skips on
//! purpose (hidden files, office lock files) is noted by name.

use std::io;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Pos, Severity};
use crate::i18n::Msg;

/// The files found and what was said about them (errors and notes).
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Found {
    fn error(&mut self, path: &Path, msg: Msg) {
        self.diagnostics
            .push(Diagnostic::file_error(path.display().to_string(), msg));
    }

    fn note(&mut self, path: &Path, msg: Msg) {
        self.diagnostics.push(Diagnostic::new(
            Severity::Note,
            Some(path.display().to_string()),
            Pos::File,
            msg,
        ));
    }

    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Add `path`: a directory adds its files whose extension is one of `exts`
/// (any case), in name order; anything else is added as it is, once it is
/// known to be there.
pub fn expand(path: &Path, exts: &[&str], found: &mut Found) {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => walk_dir(path, exts, found),
        Ok(_) => found.files.push(path.to_path_buf()),
        Err(e) => found.error(path, cannot_open(path, &e)),
    }
}

/// Add the matches of a glob `pattern` (each expanded as by [`expand`]);
/// a match whose name is hidden or a lock file is skipped with a note, and
/// a file of another extension than `exts` that a wildcard matched
/// (`data/*` matching `说明.docx`) is left out. Returns false when the
/// pattern matched nothing but such files.
pub fn glob(pattern: &str, exts: &[&str], found: &mut Found) -> bool {
    let paths = match glob::glob(pattern) {
        Ok(p) => p,
        Err(e) => {
            found.error(
                Path::new(pattern),
                Msg::BadPattern {
                    detail: e.msg.to_string(),
                },
            );
            return true;
        }
    };
    let mut matched: Vec<PathBuf> = Vec::new();
    for entry in paths {
        match entry {
            Ok(p) => matched.push(p),
            Err(e) => found.error(e.path(), io_msg(e.error())),
        }
    }
    matched.sort();
    let wildcard = pattern.contains(['*', '?', '[']);
    let mut any = false;
    for p in matched {
        if skipped(&p, exts, found) || (wildcard && !has_ext(&p, exts) && !p.is_dir()) {
            continue;
        }
        any = true;
        expand(&p, exts, found);
    }
    any
}

/// The files of a directory with one of the extensions `exts`, in name
/// order.
fn walk_dir(dir: &Path, exts: &[&str], found: &mut Found) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return found.error(dir, io_msg(&e)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => return found.error(dir, io_msg(&e)),
        }
    }
    paths.sort();
    for p in paths {
        if skipped(&p, exts, found) || !has_ext(&p, exts) {
            continue;
        }
        match std::fs::metadata(&p) {
            Ok(meta) if meta.is_dir() => found.error(&p, Msg::IsADirectory),
            Ok(_) => found.files.push(p),
            Err(e) => found.error(&p, cannot_open(&p, &e)),
        }
    }
}

fn has_ext(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// An office lock file (`~$名单.xlsx` from Excel and WPS, `.~lock.名单.csv#`
/// from `LibreOffice`), whatever its extension: noted, as it says that a
/// workbook is open and perhaps not saved; a hidden file of the extension
/// (`.名单.csv`): noted. True when `path` is skipped.
fn skipped(path: &Path, exts: &[&str], found: &mut Found) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    if name.starts_with("~$") || (name.starts_with(".~lock.") && name.ends_with('#')) {
        found.note(path, Msg::SkippedLock);
        return true;
    }
    if name.starts_with('.') && name != "." && name != ".." {
        if has_ext(path, exts) {
            found.note(path, Msg::SkippedHidden);
        }
        return true;
    }
    false
}

/// Why `path` cannot be opened: a link that leads nowhere, a file named
/// with a trailing `/`, or what the OS said.
fn cannot_open(path: &Path, e: &io::Error) -> Msg {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Msg::BrokenLink {
            detail: e.to_string(),
        };
    }
    if e.kind() == io::ErrorKind::NotADirectory && ends_in_separator(path) {
        return Msg::TrailingSlash;
    }
    io_msg(e)
}

/// The message for an OS error on a file to read: missing (the command
/// line or ceping.toml names nothing there, exit 2) or refused (an I/O
/// error, exit 3; see [`is_io`]).
#[must_use]
pub fn io_msg(e: &io::Error) -> Msg {
    match e.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => Msg::NotFound,
        _ => Msg::Io {
            detail: e.to_string(),
        },
    }
}

/// Whether an error is an I/O error (exit 3) rather than invalid input or
/// usage (exit 2): something that is there but the OS would not read.
#[must_use]
pub fn is_io(d: &Diagnostic) -> bool {
    d.is_error() && matches!(d.msg, Msg::Io { .. })
}

/// Whether a path as written ends in a separator (`dir/`).
#[must_use]
pub fn ends_in_separator(path: &Path) -> bool {
    path.as_os_str()
        .as_encoded_bytes()
        .last()
        .is_some_and(|&b| std::path::is_separator(char::from(b)))
}

/// What makes two paths the same file: device and inode on Unix (so that a
/// link or another spelling of the path is the same file), the canonical
/// path elsewhere. `None` when the path names no file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl FileId {
    #[must_use]
    pub fn of(path: &Path) -> Option<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            let m = std::fs::metadata(path).ok()?;
            Some(Self((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(Self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skips(name: &str, ext: &str) -> (bool, Vec<Msg>) {
        let mut found = Found::default();
        let s = skipped(&Path::new("dir").join(name), &[ext], &mut found);
        (s, found.diagnostics.into_iter().map(|d| d.msg).collect())
    }

    #[test]
    fn hidden_and_lock_files_are_skipped_with_a_note() {
        assert_eq!(skips("a.csv", "csv"), (false, vec![]));
        assert_eq!(skips(".a.csv", "csv"), (true, vec![Msg::SkippedHidden]));
        assert_eq!(skips(".a.CSV", "csv"), (true, vec![Msg::SkippedHidden]));
        // Hidden files of other kinds (.DS_Store, .git) are not worth a note.
        assert_eq!(skips(".DS_Store", "csv"), (true, vec![]));
        assert_eq!(skips("~$名单.xlsx", "csv"), (true, vec![Msg::SkippedLock]));
        assert_eq!(
            skips(".~lock.a.csv#", "csv"),
            (true, vec![Msg::SkippedLock])
        );
        assert_eq!(skips("~a.csv", "csv"), (false, vec![]));
    }

    #[test]
    fn trailing_separators() {
        assert!(ends_in_separator(Path::new("dir/")));
        assert!(!ends_in_separator(Path::new("dir")));
        assert!(!ends_in_separator(Path::new("")));
    }
}
