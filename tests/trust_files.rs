//! Files ceping reads and writes (issue 8): what a directory walk must not
//! skip silently, where `-o` may write, outputs that name an input,
//! interrupted runs, exit codes for I/O errors, and the messages of each.
//!
//! Unix only: the tests make symbolic links, FIFOs and signals.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{RULES, Test};

/// Three observations of R1: 甲区 1/2 → 50, 乙区 1/1 → 100.
const DATA: &str = "区县,点位,标准编号,结果\n甲区,p1,R1,合格\n甲区,p2,R1,不合格\n乙区,p1,R1,合格\n";
/// One observation of R1 more, for a second file.
const MORE: &str = "区县,点位,标准编号,结果\n乙区,p2,R1,不合格\n";

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("run id");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

fn ceping() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("ceping")
}

/// Run ceping in `dir` as an ordinary user: as `nobody` through setpriv
/// when the tests run as root (root may read and write anything), from a
/// copy of the binary in `dir` (the build directory may be closed to
/// others). `None` when that cannot be done here (no setpriv).
fn run_unprivileged(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    let mut cmd = if is_root() {
        let which = Command::new("setpriv").arg("--version").output();
        if !which.is_ok_and(|o| o.status.success()) {
            eprintln!("skipped: no setpriv to run as an ordinary user");
            return None;
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        let bin = dir.join(".ceping-under-test");
        std::fs::copy(ceping(), &bin).expect("copy the binary");
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--reset-env",
        ])
        .arg(bin);
        c
    } else {
        Command::new(ceping())
    };
    let out = cmd
        .current_dir(dir)
        .args(args)
        .env_remove("CEPING_LANG")
        .output()
        .expect("run ceping");
    Some(out)
}

fn is_char_device(path: &str) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

// --- 1. the directory walk --------------------------------------------------

/// A dangling or looping link named `*.csv` in an input directory, or
/// `*.toml` in a standard directory, is an error naming it (it used to be
/// skipped, scoring half the data); hidden and lock files are skipped with a
/// note naming each; a bad glob in ceping.toml is an error.
#[test]
fn walk_reports_links_it_cannot_follow_and_notes_what_it_skips() {
    let t = Test::new()
        .file("s.toml", RULES)
        .file("data/a.csv", DATA)
        .file("data/.hidden.csv", MORE)
        .file("data/~$名单.csv", MORE)
        .file("data/.~lock.a.csv#", "lock")
        .file("data/notes.txt", "not data");
    symlink("missing.csv", t.path().join("data/b.csv")).expect("symlink");
    symlink("c.csv", t.path().join("data/c.csv")).expect("symlink");
    let t = t.args(["score", "data", "-s", "s.toml"]);
    let run = t.run();
    run.code(2)
        .stderr_has("data/b.csv: error: 符号链接无法打开")
        .stderr_has("data/c.csv: error: 符号链接无法打开");
    assert!(!run.stderr.contains("notes.txt"), "{}", run.stderr);

    // Without the links: the hidden and lock files are noted, the rest scored.
    std::fs::remove_file(t.path().join("data/b.csv")).expect("rm");
    std::fs::remove_file(t.path().join("data/c.csv")).expect("rm");
    let run = t.run();
    run.code(0)
        .stderr_has("data/.hidden.csv: note: 已跳过隐藏文件")
        .stderr_has("data/~$名单.csv: note: 已跳过 Office 锁定文件")
        .stderr_has("data/.~lock.a.csv#: note: 已跳过 Office 锁定文件");

    // The standard's directory: a dangling `*.toml` is an error.
    let t = Test::new().file("std/00.toml", RULES);
    symlink("gone.toml", t.path().join("std/10.toml")).expect("symlink");
    t.args(["check", "-s", "std"])
        .run()
        .code(2)
        .stderr_has("std/10.toml: error: 符号链接无法打开");

    // ceping.toml `inputs`: a pattern glob cannot parse is an error.
    Test::new()
        .file("s.toml", RULES)
        .file("data/a.csv", DATA)
        .file(
            "ceping.toml",
            "standard = \"s.toml\"\ninputs = [\"data/[.csv\"]\n",
        )
        .args(["score"])
        .run()
        .code(2)
        .stderr_has("data/[.csv: error: 通配符模式无效");
}

// --- 2. where -o writes ------------------------------------------------------

/// `-o` through a symbolic link writes the link's target and keeps the link;
/// `-o FIFO` writes into the FIFO; a new file gets 0666 less the umask and a
/// replaced one keeps its mode; an ordinary user may write `-o /dev/null`.
#[test]
fn output_keeps_links_devices_and_modes() {
    let t = Test::new()
        .file("s.toml", RULES)
        .file("d.csv", DATA)
        .file("real/r.md", "old");
    symlink("real/r.md", t.path().join("link.md")).expect("symlink");
    let t = t.args([
        "score", "d.csv", "-s", "s.toml", "-o", "link.md", "-f", "md",
    ]);
    t.run().code(0);
    let meta = std::fs::symlink_metadata(t.path().join("link.md")).expect("stat");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    let written = String::from_utf8(t.read("real/r.md")).expect("utf-8");
    assert!(written.contains("甲区"), "{written}");

    // A FIFO: written into, not replaced.
    let t = Test::new().file("s.toml", RULES).file("d.csv", DATA);
    let fifo = t.path().join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).expect("read fifo"))
    };
    let t = t.args(["score", "d.csv", "-s", "s.toml", "-o", "pipe", "-f", "md"]);
    let run = t.run();
    let still_fifo = std::fs::metadata(&fifo).is_ok_and(|m| m.file_type().is_fifo());
    assert!(still_fifo, "the FIFO was replaced:\n{}", run.stderr);
    run.code(0);
    let got = String::from_utf8(reader.join().expect("reader")).expect("utf-8");
    assert!(got.contains("甲区"), "{got}");

    // Modes: a new file 0666 & ~umask, a replaced file keeps its own.
    let t = Test::new()
        .file("s.toml", RULES)
        .file("d.csv", DATA)
        .file("kept.md", "old");
    let kept = t.path().join("kept.md");
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    for out in ["new.md", "kept.md"] {
        let status = Command::new("sh")
            .current_dir(t.path())
            .args(["-c", "umask 022 && exec \"$0\" \"$@\""])
            .arg(ceping())
            .args(["score", "d.csv", "-s", "s.toml", "-f", "md", "-o", out])
            .status()
            .expect("run");
        assert!(status.success());
    }
    let mode = |name: &str| {
        std::fs::metadata(t.path().join(name))
            .expect("stat")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("new.md"), 0o644, "a new file: 0666 less the umask");
    assert_eq!(mode("kept.md"), 0o640, "a replaced file keeps its mode");

    // An ordinary user writes to /dev/null (and cannot replace it).
    assert!(is_char_device("/dev/null"), "/dev/null is broken before");
    let t = Test::new().file("s.toml", RULES).file("d.csv", DATA);
    for f in ["s.toml", "d.csv"] {
        let p = t.path().join(f);
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let out = run_unprivileged(
        t.path(),
        &["score", "d.csv", "-s", "s.toml", "-o", "/dev/null"],
    );
    assert!(is_char_device("/dev/null"), "/dev/null was replaced");
    if let Some(out) = out {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
    }
    // And as whoever runs the tests (root in CI): still a device after.
    Test::new()
        .file("s.toml", RULES)
        .file("d.csv", DATA)
        .args(["score", "d.csv", "-s", "s.toml", "-o", "/dev/null"])
        .run()
        .code(0);
    assert!(is_char_device("/dev/null"), "/dev/null was replaced");
}

// --- 3. outputs that name an input ------------------------------------------

/// `-o` or `--rejects` naming an input (also through a link or another
/// path), the standard or ceping.toml, and `--rejects X -o X`, are refused
/// before any work, with exit 2 and nothing touched.
#[test]
fn outputs_may_not_name_an_input() {
    let project = || {
        let t = Test::new()
            .file("s.toml", RULES)
            .file("data/d.csv", DATA)
            .file(
                "ceping.toml",
                "standard = \"s.toml\"\ninputs = [\"data/*.csv\"]\n",
            );
        symlink("data/d.csv", t.path().join("alias.csv")).expect("symlink");
        t
    };
    let cases: &[(&[&str], &str)] = &[
        (
            &["score", "-o", "data/d.csv"],
            "error: 输出文件 -o data/d.csv 就是输入文件 data/d.csv",
        ),
        (
            &["score", "-o", "./data/../data/d.csv"],
            "error: 输出文件 -o ./data/../data/d.csv 就是输入文件 data/d.csv",
        ),
        (
            &["score", "--skip-invalid", "--rejects", "alias.csv"],
            "error: 输出文件 --rejects alias.csv 就是输入文件 data/d.csv",
        ),
        (
            &["score", "-o", "s.toml"],
            "error: 输出文件 -o s.toml 就是输入文件 s.toml",
        ),
        (
            &["score", "-o", "ceping.toml"],
            "error: 输出文件 -o ceping.toml 就是输入文件 ceping.toml",
        ),
        (
            &[
                "score",
                "--skip-invalid",
                "--rejects",
                "r.csv",
                "-o",
                "r.csv",
            ],
            "error: --rejects r.csv 与 -o r.csv 是同一个文件",
        ),
        (
            &["standard", "-s", "s.toml", "-o", "s.toml"],
            "error: 输出文件 -o s.toml 就是输入文件 s.toml",
        ),
    ];
    for (args, message) in cases {
        let run = project().args(args.iter().copied()).run();
        run.code(2).stderr_has(message);
    }
    // Nothing was touched: the input is whole, no temporary file is left.
    let t = project().args(["score", "-o", "data/d.csv"]);
    t.run().code(2);
    assert_eq!(t.read("data/d.csv"), DATA.as_bytes());
    assert_eq!(t.listing("data"), ["d.csv"]);
    assert_eq!(
        t.listing(""),
        ["alias.csv", "ceping.toml", "data", "s.toml"]
    );
}

// --- 4. interrupted runs ----------------------------------------------------

/// SIGINT and SIGTERM leave no `.ceping-*.tmp` beside the output and no copy
/// of standard input in $TMPDIR; the exit code is 128 + the signal.
#[test]
fn interrupted_runs_leave_nothing_behind() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let work = tempfile::tempdir().expect("temp dir");
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(work.path().join("out")).expect("mkdir");
        std::fs::write(work.path().join("s.toml"), RULES).expect("write");
        let mut child = Command::new(ceping())
            .current_dir(work.path())
            .args(["score", "-", "-s", "s.toml", "-o", "out/r.md"])
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Feed a little and keep the pipe open: ceping waits for the rest.
        let mut stdin = child.stdin.take().expect("stdin");
        std::io::Write::write_all(&mut stdin, DATA.as_bytes()).expect("feed");
        let started = Instant::now();
        while std::fs::read_dir(work.path().join("out"))
            .expect("list")
            .next()
            .is_none()
        {
            assert!(started.elapsed() < Duration::from_secs(20), "no temp file");
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        common::send_signal(child.id(), signal);
        let status = child.wait().expect("wait");
        drop(stdin);
        let left = |dir: &Path| -> Vec<String> {
            std::fs::read_dir(dir)
                .expect("list")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            left(&work.path().join("out")),
            Vec::<String>::new(),
            "SIG{signal}"
        );
        assert_eq!(left(tmp.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(status.code(), Some(code), "SIG{signal}");
    }
}

// --- 5. exit codes for I/O errors -------------------------------------------

/// An input the OS refuses to read is an I/O error: exit 3, naming the file
/// (a missing one stays exit 2: the command line names nothing there).
#[test]
fn unreadable_input_exits_3() {
    let t = Test::new().file("s.toml", RULES).file("d.csv", DATA);
    std::fs::set_permissions(
        t.path().join("s.toml"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    std::fs::set_permissions(
        t.path().join("d.csv"),
        std::fs::Permissions::from_mode(0o000),
    )
    .expect("chmod");
    if let Some(out) = run_unprivileged(t.path(), &["score", "d.csv", "-s", "s.toml"]) {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(stderr.contains("d.csv: error: 无法读取"), "{stderr}");
    }

    Test::new()
        .file("s.toml", RULES)
        .args(["score", "missing.csv", "-s", "s.toml"])
        .run()
        .code(2)
        .stderr_has("missing.csv: error: 文件或目录不存在");
}

// --- 6. messages ------------------------------------------------------------

/// `-o` under /proc shows the OS's reason, not "the directory does not
/// exist"; `-o dir/` names the directory as one; a file given as `file/`
/// says to drop the slash; `- -` says standard input can be read once.
#[test]
fn messages_say_what_is_wrong() {
    let t = || Test::new().file("s.toml", RULES).file("d.csv", DATA);
    let run = t()
        .args(["score", "d.csv", "-s", "s.toml", "-o", "/proc/ceping-test"])
        .run();
    run.code(3).stderr_has("无法在目录 /proc 中创建文件");
    assert!(!run.stderr.contains("目录不存在"), "{}", run.stderr);
    assert!(!run.stderr.contains(".ceping-"), "names the temporary file");

    t().file("out/keep", "")
        .args(["score", "d.csv", "-s", "s.toml", "-o", "out/"])
        .run()
        .code(3)
        .stderr("ceping: 无法写入输出文件 out/：这是一个目录，请给出文件名\n");
    t().args(["score", "d.csv", "-s", "s.toml", "-o", "new/"])
        .run()
        .code(3)
        .stderr("ceping: 无法写入输出文件 new/：路径以 “/” 结尾，请给出文件名\n");
    t().args(["score", "d.csv/", "-s", "s.toml"])
        .run()
        .code(2)
        .stderr_has("d.csv/: error: 这是文件而不是目录：请去掉末尾的 “/”");
    t().args(["check", "-s", "s.toml/"])
        .run()
        .code(2)
        .stderr_has("s.toml/: error: 这是文件而不是目录：请去掉末尾的 “/”");
    t().args(["score", "-", "-", "-s", "s.toml"])
        .stdin(DATA)
        .run()
        .code(2)
        .stderr(
            "error: 标准输入 “-” 只能读取一次，却出现了 2 次\nceping: 发现 1 个错误、0 个警告\n",
        );
    t().args(["--lang", "en", "score", "-", "-", "-s", "s.toml"])
        .stdin(DATA)
        .run()
        .code(2)
        .stderr_has("error: standard input `-` can be read only once, but is named 2 times");
}

// --- 7. bad output paths fail before any work -------------------------------

/// A bad `-o` or `--rejects` path fails before the inputs are read: stdin
/// is not waited for. (A property kept, not a defect: this passes before
/// the fix too.)
#[test]
fn bad_output_fails_before_reading() {
    for flag in ["-o", "--rejects"] {
        Test::new()
            .file("s.toml", RULES)
            .args([
                "score",
                "-",
                "-s",
                "s.toml",
                "--skip-invalid",
                flag,
                "nodir/x",
            ])
            .stdin("区县,点位,标准编号,结果\n甲区,p1,R1,合格\n")
            .run()
            .code(3)
            .stderr_has("nodir/x：目录不存在");
    }
}
