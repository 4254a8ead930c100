//! The progress line (issue 13): while the inputs are read, a line on
//! stderr updated in place (`读取中 3/9 个文件 · 120 MB`) and erased when
//! the reading is done. Shown only when stderr is a terminal, not under
//! `--quiet`, and only for a read that takes more than [`DELAY`].
//!
//! The reader keeps [`READ`] up to date per file and per buffer of bytes
//! (through [`Counted`]), never per row; a thread of its own ([`Ticker`])
//! looks at it every [`TICK`]. Rows are not counted: a row count is only
//! known per file, and counting per row would cost the hot path.

use std::io::{Read, Write as _};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::i18n::{Lang, Msg};

/// A read shorter than this shows no progress line.
pub const DELAY: Duration = Duration::from_secs(1);

/// How often the line is redrawn.
pub const TICK: Duration = Duration::from_millis(200);

/// What the reader has done so far.
pub struct Counters {
    files: AtomicU64,
    total: AtomicU64,
    bytes: AtomicU64,
}

/// The counters of the read under way (one read at a time per process).
pub static READ: Counters = Counters::new();

impl Counters {
    #[must_use]
    pub const fn new() -> Self {
        Self {
            files: AtomicU64::new(0),
            total: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// A read of `files` files (sheets count as files) begins.
    pub fn begin(&self, files: usize) {
        self.files.store(0, Relaxed);
        self.bytes.store(0, Relaxed);
        self.total
            .store(u64::try_from(files).unwrap_or(u64::MAX), Relaxed);
    }

    /// One file read to its end.
    pub fn file_done(&self) {
        self.files.fetch_add(1, Relaxed);
    }

    /// `n` more bytes read.
    pub fn add_bytes(&self, n: usize) {
        self.bytes
            .fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Relaxed);
    }

    /// The progress so far, as the line says it.
    #[must_use]
    pub fn message(&self) -> Msg {
        let total = self.total.load(Relaxed);
        Msg::Progress {
            done: self.files.load(Relaxed).min(total),
            total,
            megabytes: self.bytes.load(Relaxed) / 1_000_000,
        }
    }
}

impl Default for Counters {
    fn default() -> Self {
        Self::new()
    }
}

/// Debug builds only: `CEPING_TEST_SLOW_READ_MS=N` holds each read for
/// N ms once it has begun, so that a test sees the line on a terminal
/// without a file large enough to take a second. Nothing in a release
/// build.
pub fn test_slow_read() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("CEPING_TEST_SLOW_READ_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// A reader that adds the bytes read to [`READ`]: once per call to
/// `read`, that is per buffer, not per row.
pub struct Counted<R>(pub R);

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        READ.add_bytes(n);
        Ok(n)
    }
}

/// Whether a progress line may be shown: stderr is a terminal and
/// `--quiet` is not given.
#[must_use]
pub fn wanted(stderr_terminal: bool, quiet: bool) -> bool {
    stderr_terminal && !quiet
}

/// The line as drawn: back to the start of the line, the text, the rest of
/// the line cleared.
#[must_use]
pub fn drawn(msg: &Msg, lang: Lang) -> String {
    format!("\r{}\x1b[K", msg.text(lang))
}

/// What erases the line.
pub const ERASE: &str = "\r\x1b[K";

/// The thread that draws the progress line; dropping it stops the thread
/// and erases the line.
pub struct Ticker {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    /// Start drawing [`READ`] after [`DELAY`], if `show`.
    #[must_use]
    pub fn start(lang: Lang, show: bool) -> Self {
        if !show {
            return Self {
                stop: None,
                thread: None,
            };
        }
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let mut wait = DELAY;
            let mut drew = false;
            // Anything but a timeout (a stop, or the sender gone) ends it.
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                let mut err = std::io::stderr().lock();
                drew |= write!(err, "{}", drawn(&READ.message(), lang)).is_ok();
                let _ = err.flush();
                wait = TICK;
            }
            if drew {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "{ERASE}");
                let _ = err.flush();
            }
        });
        Self {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_terminal_without_quiet_gets_a_progress_line() {
        assert!(wanted(true, false));
        assert!(!wanted(true, true));
        assert!(!wanted(false, false));
        assert!(!wanted(false, true));
    }

    #[test]
    fn the_line_is_drawn_in_place_in_either_language() {
        let msg = Msg::Progress {
            done: 3,
            total: 9,
            megabytes: 120,
        };
        assert_eq!(
            drawn(&msg, Lang::Zh),
            "\r读取中 3/9 个文件 · 120 MB\u{1b}[K"
        );
        assert_eq!(
            drawn(&msg, Lang::En),
            "\rreading 3/9 files · 120 MB\u{1b}[K"
        );
    }

    #[test]
    fn counters_count_files_and_bytes() {
        let c = Counters::new();
        c.begin(2);
        c.file_done();
        c.add_bytes(1_500_000);
        c.add_bytes(1_000_000);
        assert_eq!(
            c.message(),
            Msg::Progress {
                done: 1,
                total: 2,
                megabytes: 2
            }
        );
        let mut counted = Counted(&b"abc"[..]);
        let mut buf = Vec::new();
        counted.read_to_end(&mut buf).expect("read");
        assert_eq!(buf, b"abc");
    }
}
