//! Bad input never panics: each case gives a finding or an error that names the file (and the
//! line and column where there is one), every other file of the run is still checked, and I/O
//! and read errors exit with 2.
//!
//! Each test builds a guides tree with one good page that has a known finding
//! (`en/good.md`, GL101 at 3:14) next to the bad input, and runs the `guide-lint` binary on it.

use std::path::{Path, PathBuf};
use std::process::Command;

const CONFIG: &str = "guides: guides
source-locale: en
target-locales: [da]
dialects:
  - path: \"en/**\"
    dialect: mkdocs
  - path: \"da/**\"
    dialect: wikijs
";

const GOOD: &str = "# Good\n\n<a identity=\"olde\" path=\"/settings\">x</a>\n";
/// How the good page's finding shows in concise output.
const GOOD_FINDING: &str = "good.md:3:14: GL101 unknown-identity";

struct Tree {
    dir: tempfile::TempDir,
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Tree {
    fn new() -> Tree {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("guide-lint.yml"), CONFIG).expect("config");
        let t = Tree { dir };
        t.write("en/good.md", GOOD.as_bytes());
        t
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join("guides").join(rel)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
        p
    }

    /// `guide-lint check --output-format concise [ARGS]` in the tree's directory.
    fn check(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_guide-lint"));
        cmd.args(["check", "--output-format", "concise"]).args(args);
        self.run(cmd)
    }

    /// The same, as an unprivileged user when the tests run as root (where file permissions do
    /// not stop reads). `None` when that is not possible here.
    fn check_unprivileged(&self, args: &[&str]) -> Option<Run> {
        if !running_as_root() {
            return Some(self.check(args));
        }
        set_mode(self.dir.path(), 0o755);
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_guide-lint"))
            .args(["check", "--output-format", "concise"])
            .args(args);
        let run = self.run(cmd);
        // setpriv missing, or not allowed to change user in this container.
        if run.code == Some(127) || run.stderr.starts_with("setpriv") || run.code.is_none() {
            return None;
        }
        Some(run)
    }

    fn run(&self, mut cmd: Command) -> Run {
        let out = match cmd.current_dir(self.dir.path()).output() {
            Ok(out) => out,
            Err(e) => {
                return Run {
                    code: Some(127),
                    stdout: String::new(),
                    stderr: format!("setpriv: {e}"),
                };
            }
        };
        let run = Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked") && run.code != Some(101),
            "guide-lint panicked:\n{}",
            run.stderr
        );
        run
    }
}

impl Run {
    /// Every file was read: no `path: error: ...` line anywhere.
    fn no_file_errors(&self) -> &Self {
        assert!(
            !self.stdout.contains(": error: ") && !self.stderr.contains(": error: "),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// The good page was checked despite the bad one.
    fn checked_good_page(&self) -> &Self {
        assert!(
            self.stdout.contains(GOOD_FINDING),
            "the good page's finding is missing:\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    fn exit(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// An output line (stdout or stderr: where unreadable files are listed depends on the
    /// output format) that starts with the file's path (ending in `file`) and contains `rest`,
    /// e.g. `.../da/bad.md:2:1: error: file is not valid UTF-8`.
    fn error_line(&self, file: &str, rest: &str) -> &Self {
        let found = self.stdout.lines().chain(self.stderr.lines()).any(|l| {
            l.split(": error: ")
                .next()
                .is_some_and(|p| p.contains(file))
                && l.contains(rest)
        });
        assert!(
            found,
            "no error for `{file}` containing `{rest}`:\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Whether the tests run with uid 0 (read from /proc on Linux; elsewhere assumed not).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

#[test]
fn invalid_utf8_names_file_line_and_column() {
    let t = Tree::new();
    t.write("da/bad.md", b"# Title\n\nsome text \xff\xfe more\n");
    t.check(&[]).exit(2).checked_good_page().error_line(
        "da/bad.md:3:11",
        "file is not valid UTF-8 (invalid byte at offset 19)",
    );
}

#[test]
fn binary_file_names_file_line_and_column() {
    let t = Tree::new();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0, 0, 0, 13, b'I', b'H', b'D', b'R']);
    t.write("da/image.md", &png);
    t.check(&[]).exit(2).checked_good_page().error_line(
        "da/image.md:3:1",
        "file looks binary (NUL byte at offset 8)",
    );
}

#[test]
fn utf16_files_are_named_as_such() {
    let t = Tree::new();
    let text = "# Titel\n\nTekst på dansk.\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    t.write("da/bom.md", &le);
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    t.write("da/nobom.md", &be);
    t.check(&[])
        .exit(2)
        .checked_good_page()
        .error_line(
            "da/bom.md:1:1",
            "file is UTF-16 encoded; guide pages must be UTF-8",
        )
        .error_line("da/nobom.md:1:1", "file is UTF-16 encoded");
}

#[test]
fn broken_front_matter_does_not_stop_the_page_being_checked() {
    let t = Tree::new();
    // Unquoted `: ` in the title and tags as a list: YAML Wiki.js cannot import.
    t.write(
        "da/fm.md",
        b"---\ntitle: Step 1: export\ntags: [a, b\n---\n\n<a identity=\"nwe\" path=\"/x\">x</a>\n",
    );
    // Opened and never closed: not a header at all (Wiki.js's regex does not match either).
    t.write(
        "da/open.md",
        b"---\ntitle: x\n\n<span identity=\"olde\" tag=\"code\" default=\"x.org\"></span>\n",
    );
    let run = t.check(&[]);
    run.exit(1).checked_good_page();
    assert!(run.stdout.contains("fm.md:6:14: GL101"), "{}", run.stdout);
    assert!(run.stdout.contains("open.md:4:17: GL101"), "{}", run.stdout);
    run.no_file_errors();
}

#[test]
fn empty_files_are_checked_and_clean() {
    let t = Tree::new();
    t.write("da/empty.md", b"");
    t.write("da/bom-only.md", b"\xef\xbb\xbf");
    t.write("da/newlines.md", b"\r\n\r\n\n");
    let run = t.check(&[]);
    run.exit(1).checked_good_page();
    for name in ["empty.md", "bom-only.md", "newlines.md"] {
        assert!(!run.stdout.contains(name), "{}", run.stdout);
    }
    run.no_file_errors();
}

#[test]
fn ten_megabyte_single_line() {
    let t = Tree::new();
    let mut line = "word ".repeat(2_000_000);
    line.push_str("<a identity=\"olde\" path=\"/x\">x</a>\n");
    assert!(line.len() > 10_000_000);
    t.write("da/long.md", line.as_bytes());
    let run = t.check(&[]);
    run.exit(1).checked_good_page();
    // Columns are bytes, exact even ten million bytes into a line.
    assert!(
        run.stdout.contains("long.md:1:10000014: GL101"),
        "{}",
        run.stdout
    );
}

#[test]
fn files_too_large_to_be_pages_are_refused_without_being_read() {
    let t = Tree::new();
    // Just past the limit, with real bytes.
    let over = guide_lint::loader::MAX_FILE_SIZE as usize + 1;
    t.write("da/log.md", "log line\n".repeat(over / 9 + 1).as_bytes());
    // A gigabyte the file system reports but never stores: refused before reading.
    let sparse = std::fs::File::create(t.path("da/dump.md")).unwrap();
    sparse.set_len(1 << 30).unwrap();
    t.check(&[])
        .exit(2)
        .checked_good_page()
        .error_line(
            "da/dump.md",
            "file is 1024 MiB; guide-lint reads pages of at most 32 MiB",
        )
        .error_line("da/log.md", "file is 33 MiB");
}

#[test]
fn ten_thousand_nested_blockquotes() {
    let t = Tree::new();
    let mut deep = ">".repeat(10_000);
    deep.push_str(" <a identity=\"olde\" path=\"/x\">x</a>\n");
    t.write("da/quotes.md", deep.as_bytes());
    t.check(&[]).exit(2).checked_good_page().error_line(
        "da/quotes.md:1:1001",
        "blocks nested 10000 levels deep (quotes and lists); guide-lint reads at most 1000",
    );
}

#[test]
fn ten_thousand_nested_list_levels() {
    let t = Tree::new();
    let mut deep = "- ".repeat(10_000);
    deep.push_str("x\n");
    t.write("da/list.md", format!("# Deep\n\n{deep}").as_bytes());
    t.write(
        "da/mixed.md",
        format!("> {}", "> - ".repeat(2_500)).as_bytes(),
    );
    t.write(
        "da/ordered.md",
        format!("{}\n", "1. ".repeat(5_000)).as_bytes(),
    );
    t.check(&[])
        .exit(2)
        .checked_good_page()
        .error_line("da/list.md:3:2001", "blocks nested 10000 levels deep")
        .error_line("da/mixed.md:1:2001", "blocks nested 5001 levels deep")
        .error_line("da/ordered.md:1:3001", "blocks nested 5000 levels deep");
}

#[test]
fn deep_nesting_within_the_limit_is_checked_with_exact_positions() {
    let t = Tree::new();
    // 1,000 quote levels on one line, and 1,000 list levels written with indentation.
    let quotes = format!(
        "{}<a identity=\"olde\" path=\"/x\">x</a>\n",
        "> ".repeat(1_000)
    );
    t.write("da/quotes.md", quotes.as_bytes());
    let mut list = String::new();
    for level in 0..1_000 {
        list.push_str(&"  ".repeat(level));
        list.push_str("- item\n");
    }
    list.push_str(&"  ".repeat(1_000));
    list.push_str("<a identity=\"nwe\" path=\"/x\">x</a>\n");
    t.write("da/list.md", list.as_bytes());
    let run = t.check(&[]);
    run.exit(1).checked_good_page();
    assert!(
        run.stdout.contains("quotes.md:1:2014: GL101"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("list.md:1001:2014: GL101"),
        "{}",
        run.stdout
    );
    run.no_file_errors();
}

#[test]
fn unreadable_file() {
    let t = Tree::new();
    let locked = t.write("da/locked.md", GOOD.as_bytes());
    set_mode(&t.path("en"), 0o755);
    set_mode(&t.path("en/good.md"), 0o644);
    set_mode(&t.path("da"), 0o755);
    set_mode(&locked, 0o000);
    if let Some(run) = t.check_unprivileged(&[]) {
        set_mode(&locked, 0o644);
        run.exit(2)
            .checked_good_page()
            .error_line("da/locked.md", "cannot read file: permission denied");
        return;
    }
    // Root without a way to drop privileges: a file nobody can read instead. /proc/self/mem
    // cannot be read at offset 0.
    set_mode(&locked, 0o644);
    std::fs::remove_file(&locked).expect("remove");
    if !cfg!(target_os = "linux") || std::fs::read("/proc/self/mem").is_ok() {
        eprintln!(
            "note: running as root, cannot drop privileges and found no unreadable file: case not exercised"
        );
        return;
    }
    eprintln!(
        "note: running as root and cannot drop privileges: checking /proc/self/mem by name instead of chmod 000"
    );
    // Named on the command line: a link to it inside the tree would lead outside the repository
    // and never be read (symbolic_links_leading_out_are_reported_and_never_read).
    t.check(&["guides/en/good.md", "/proc/self/mem"])
        .exit(2)
        .checked_good_page()
        .error_line("/proc/self/mem", "cannot read file: input/output error");
}

#[test]
fn unreadable_directory() {
    let t = Tree::new();
    t.write("da/locked/page.md", GOOD.as_bytes());
    set_mode(&t.path("en"), 0o755);
    set_mode(&t.path("da"), 0o755);
    let dir = t.path("da/locked");
    set_mode(&dir, 0o000);
    let run = t.check_unprivileged(&[]);
    set_mode(&dir, 0o755);
    match run {
        Some(run) => {
            run.exit(2)
                .checked_good_page()
                .error_line("da/locked", "permission denied");
        }
        None => eprintln!(
            "note: running as root and cannot drop privileges: chmod 000 does not stop root, so the unreadable-directory case is not exercised (broken_symbolic_link covers walk errors)"
        ),
    }
}

#[test]
fn broken_symbolic_link() {
    let t = Tree::new();
    std::fs::create_dir_all(t.path("da")).expect("mkdir");
    symlink(t.path("da/nowhere.md"), &t.path("da/dangling.md"));
    t.check(&[]).exit(2).checked_good_page().error_line(
        "da/dangling.md",
        "broken symbolic link: no such file or directory",
    );
}

#[test]
fn path_that_does_not_exist() {
    let t = Tree::new();
    t.check(&["guides/en/good.md", "guides/da/missing.md", "no-such-dir"])
        .exit(2)
        .checked_good_page()
        .error_line("guides/da/missing.md", "no such file or directory")
        .error_line("no-such-dir", "no such file or directory");
}

/// A FIFO is never opened (reading it would wait for a writer forever): named on the command
/// line or found while walking a folder, it is reported as skipped.
#[cfg(unix)]
#[test]
fn named_pipes_are_never_read() {
    let t = Tree::new();
    std::fs::create_dir_all(t.path("da")).expect("mkdir");
    let fifo = t.path("da/pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo is not available: the named-pipe case is not exercised");
        return;
    }
    t.check(&["guides/en/good.md", "guides/da/pipe.md"])
        .exit(2)
        .checked_good_page()
        .error_line(
            "guides/da/pipe.md",
            "skipped: a named pipe (FIFO), not a regular file or a directory (never opened)",
        );
    // Whatever its name: a FIFO is no page, but still worth knowing about.
    let other = t.path("da/notes.txt");
    let _ = Command::new("mkfifo").arg(&other).status();
    t.check(&[])
        .exit(2)
        .checked_good_page()
        .error_line("da/pipe.md", "skipped: a named pipe (FIFO)")
        .error_line("da/notes.txt", "skipped: a named pipe (FIFO)");
}

/// The library reports the same cases as data, with positions, and never panics.
#[test]
fn library_reports_file_errors_with_positions() {
    let t = Tree::new();
    t.write("da/bad.md", b"ok\n\xc3\x28\n");
    t.write("da/deep.md", ">".repeat(1_001).as_bytes());
    let config = guide_lint::Config::load(Some(&t.dir.path().join("guide-lint.yml")), t.dir.path())
        .expect("config");
    let report = guide_lint::check(
        &[config.guides_root()],
        &config,
        &guide_lint::CheckOptions::default(),
    );
    assert_eq!(report.files_checked, 1);
    let errors: Vec<_> = report
        .errors
        .iter()
        .map(|e| {
            (
                e.path
                    .strip_prefix(config.guides_root())
                    .unwrap_or(&e.path)
                    .display()
                    .to_string(),
                e.position,
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("da/bad.md".to_string(), Some((2, 1, 3))),
            ("da/deep.md".to_string(), Some((1, 1001, 1000))),
        ]
    );
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[cfg(not(unix))]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::windows::fs::symlink_file(target, link).expect("symlink");
}
