//! The `check` command as CI and translators run it: exit codes, the summary line, rule
//! selection from the command line and the configuration, `--statistics`, `--exit-zero`,
//! `--config`, and configuration mistakes explained at their line.

mod support;

use std::path::Path;

use assert_cmd::Command;

fn guide_lint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("guide-lint").expect("binary");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = guide_lint(dir).args(args).output().expect("run guide-lint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Replaces the elapsed time in a summary line.
fn normalize_elapsed(s: &str) -> String {
    regex::Regex::new(r" in \d+(\.\d+)?(ms|s|m \d+s):")
        .unwrap()
        .replace_all(s, " in [ELAPSED]:")
        .into_owned()
}

fn codes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|rest| rest.split(' ').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn summary_line_on_stderr_for_people_only() {
    let dir = support::seeds();
    // The same counts as the library's report (other rules landing change the numbers).
    let report = support::check(dir.path());
    let want = normalize_elapsed(&guide_lint::render::summary::line(
        &report,
        std::time::Duration::ZERO,
    ));
    assert!(
        want.starts_with("checked 2 files in [ELAPSED]: ")
            && want.contains(" fixable with `--fix`"),
        "{want}"
    );
    for format in ["human", "concise"] {
        let r = run(dir.path(), &["check", "--output-format", format]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(normalize_elapsed(&r.stderr), want);
        assert!(!r.stdout.contains("checked 2 files"));
    }
    for format in ["json", "json-lines", "sarif", "github", "rdjson", "junit"] {
        let r = run(dir.path(), &["check", "--output-format", format]);
        assert_eq!(r.code, 1, "{format}");
        assert_eq!(r.stderr, "", "{format}: machine formats print nothing else");
    }
    let clean = support::tree(
        &[
            ("guides/en/ok.md", b"# Fine\n\nNothing to see.\n"),
            ("guides/da/ok.md", b"# Fint\n\nIntet at se her.\n"),
        ],
        "",
    );
    let r = run(clean.path(), &["check"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        normalize_elapsed(&r.stderr),
        "checked 2 files in [ELAPSED]: no findings\n"
    );
}

#[test]
fn exit_zero_and_unreadable_files() {
    let dir = support::seeds();
    assert_eq!(run(dir.path(), &["check", "--exit-zero"]).code, 0);
    let bad = support::tree(&[("guides/da/bad.md", b"ok \xff\n")], "");
    let r = run(
        bad.path(),
        &["check", "--exit-zero", "--output-format", "sarif"],
    );
    assert_eq!(r.code, 2, "an unreadable file is not a finding");
    assert!(
        r.stderr
            .contains("bad.md:1:4: error: file is not valid UTF-8"),
        "{}",
        r.stderr
    );
}

#[test]
fn statistics() {
    let dir = support::seeds();
    let r = run(dir.path(), &["check", "--statistics"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "6  GL403  untranslated-text              error\n\
         5  GL104  misnamed-default-attribute     error    5 fixable\n\
         5  GL406  translation-markup-mismatch    warning\n\
         3  GL202  broken-page-link               error\n\
         3  GL306  nested-strong                  warning  3 unsafe-fixable\n\
         2  GL102  relative-component-path        error    2 fixable\n\
         2  GL201  broken-anchor                  error    2 unsafe-fixable\n\
         2  GL205  filename-alt-text              warning\n\
         2  GL305  self-closing-non-void          error    2 fixable\n\
         1  GL110  sanitized-component-attribute  error    1 unsafe-fixable\n\
         1  GL302  unquoted-admonition-title      error    1 fixable\n\
         1  GL308  stray-emphasis-marker          warning\n\
         1  GL309  unbalanced-parentheses         warning\n\
         1  GL405  extra-section                  warning\n"
    );
    let r = run(
        dir.path(),
        &["check", "--statistics", "--output-format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["statistics"][0]["code"], "GL403");
    assert_eq!(v["statistics"][0]["count"], 6);
    assert_eq!(v["statistics"][1]["code"], "GL104");
    assert_eq!(v["statistics"][1]["count"], 5);
    let r = run(
        dir.path(),
        &["check", "--statistics", "--output-format", "sarif"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`--statistics` works with"),
        "{}",
        r.stderr
    );
}

#[test]
fn select_and_ignore_on_the_command_line() {
    let dir = support::seeds();
    let concise = |args: &[&str]| {
        let mut all = vec!["check", "--output-format", "concise"];
        all.extend_from_slice(args);
        codes(&run(dir.path(), &all).stdout)
    };
    assert_eq!(concise(&["--select", "GL102"]), ["GL102", "GL102"]);
    assert_eq!(
        concise(&["--select", "relative-component-path,GL110"]),
        ["GL110", "GL102", "GL102"]
    );
    let all = concise(&[]);
    assert!(all.iter().any(|c| c.starts_with("GL1")), "{all:?}");
    let without = concise(&["--ignore", "GL1"]);
    assert!(!without.iter().any(|c| c.starts_with("GL1")), "{without:?}");
    let gl1: Vec<String> = concise(&["--ignore", "GL1", "--extend-select", "GL110"])
        .into_iter()
        .filter(|c| c.starts_with("GL1"))
        .collect();
    assert_eq!(gl1, ["GL110"], "a rule named exactly beats its prefix");
    let r = run(dir.path(), &["check", "--select", "GL1O4"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("unknown rule `GL1O4`; did you mean `GL104`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn configuration_selects_ignores_and_overrides_per_path() {
    let dir = support::seeds();
    std::fs::write(
        dir.path().join("guide-lint.yml"),
        format!(
            "{}select: [GL1]\nignore: [GL110]\nseverity:\n  GL104: warning\noverrides:\n  - path: \"en/**\"\n    ignore: [relative-component-path]\n",
            support::CONFIG
        ),
    )
    .unwrap();
    let r = run(dir.path(), &["check", "--output-format", "concise"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", r.stdout);
    assert!(lines.iter().all(|l| l.contains("/da/")), "{}", r.stdout);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("GL104 misnamed-default-attribute [warning]"))
            .count(),
        5
    );
    // The command line comes last: it can bring back what the configuration ignores.
    let r = run(
        dir.path(),
        &[
            "check",
            "--output-format",
            "concise",
            "--extend-select",
            "GL110",
        ],
    );
    assert_eq!(codes(&r.stdout).iter().filter(|c| *c == "GL110").count(), 1);
}

#[test]
fn explicit_config_and_paths_relative_to_the_repository_root() {
    let dir = support::seeds();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let sub = dir.path().join("tools");
    std::fs::create_dir(&sub).unwrap();
    std::fs::rename(dir.path().join("guide-lint.yml"), sub.join("lint.yml")).unwrap();
    std::fs::write(
        sub.join("lint.yml"),
        support::CONFIG.replace("guides: guides", "guides: ../guides"),
    )
    .unwrap();
    let r = run(
        &sub,
        &["check", "--config", "lint.yml", "--output-format", "github"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .all(|l| l.contains("file=guides/da/") || l.contains("file=guides/en/")),
        "{}",
        r.stdout
    );
    let r = run(&sub, &["check", "--config", "missing.yml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.yml"), "{}", r.stderr);
}

#[test]
fn configuration_mistakes_are_explained_at_their_line() {
    let cases = [
        ("unknown_top_level_key", "ignored: [GL105]\n"),
        ("unknown_rule_in_select", "select: [GL1, GL10S]\n"),
        ("bad_severity", "severity:\n  GL105: fatal\n"),
        (
            "nested_override_key",
            "overrides:\n  - path: \"da/**\"\n    severity: {GL104: warning}\n    ignore-rules: [GL1]\n",
        ),
        (
            "options_for_a_rule_without_options",
            "options:\n  missing-default:\n    strict: true\n",
        ),
    ];
    for (name, extra) in cases {
        let dir = support::tree(&[("guides/en/ok.md", b"# Fine\n")], extra);
        let r = run(dir.path(), &["check"]);
        assert_eq!(r.code, 2, "{name}");
        assert_eq!(r.stdout, "", "{name}");
        insta::assert_snapshot!(
            format!("config_{name}"),
            support::redact(&r.stderr, dir.path())
        );
    }
}

#[test]
fn fix_leaves_suppressed_findings_alone_and_removes_unused_suppressions() {
    // (Not `# Links`: Wiki.js's sanitizer drops the id `links`, GL207.)
    let page = "# Server links\n\n<!-- guide-lint-disable-next-line GL102 -- rewritten by the theme -->\n<a data-identity=\"old\" data-path=\"settings/export\">export</a>\n\n<a data-identity=\"old\" data-path=\"settings/import\">import</a>\n\n<!-- guide-lint-disable-next-line GL104 -->\n<a data-identity=\"old\" data-path=\"/settings/follows\">follows</a>\n\n<input id=\"from-server\" placeholder=\"old.example\">\n";
    let dir = support::tree(&[("guides/da/p.md", page.as_bytes())], "");
    let r = run(
        dir.path(),
        &["check", "--fix", "--output-format", "concise"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let fixed = std::fs::read_to_string(dir.path().join("guides/da/p.md")).unwrap();
    assert_eq!(
        fixed,
        page.replace("\"settings/import\"", "\"/settings/import\"")
            .replace("<!-- guide-lint-disable-next-line GL104 -->\n", ""),
        "the suppressed path stays relative; the unused suppression goes"
    );
    // What remains is reported, the workspace rules' findings too.
    assert_eq!(
        r.stdout,
        "guides/da/p.md:1:1: GL408 orphan-translation [warning] translation has no English source page\n"
    );
}

#[test]
fn pages_under_guides_dot_are_shown_without_a_leading_dot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(root.join("guide-lint.yml"), "guides: .\n").expect("config");
    std::fs::create_dir_all(root.join("da")).expect("mkdir");
    std::fs::write(
        root.join("da/router.md"),
        "---\ntitle: Router\n---\n\nSee [there](#nowhere).\n",
    )
    .expect("page");
    let r = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("da/router.md:5:"), "{}", r.stdout);
    assert!(!r.stdout.contains("./da/router.md"), "{}", r.stdout);
}

#[test]
fn configuration_errors_point_at_what_is_written() {
    // A list never closed: the mark is on the line written, not past the end of the file.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("guide-lint.yml"), "ignore: [GL1\n").expect("config");
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("guide-lint.yml:1:12]"), "{}", r.stderr);
    assert!(r.stderr.contains("╰── here"), "{}", r.stderr);
    // `guides` naming nothing: the message names the key and the file.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("guide-lint.yml"), "guides: pages\n").expect("config");
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`guides: pages` in `guide-lint.yml` names `pages`, which does not exist"),
        "{}",
        r.stderr
    );
}

/// `clean` removes the cache folder `check` made, and says so; a second `clean` finds none.
#[test]
fn clean_removes_the_cache_check_made() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("page.md"), "# Title\n\nText.\n").expect("write page");
    let cache = dir.path().join(".guide-lint-cache");
    assert_eq!(run(dir.path(), &["check", "page.md"]).code, 0);
    assert!(cache.join(".gitignore").is_file(), "check made no cache");
    let r = run(dir.path(), &["clean"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(r.stdout.starts_with("removed "), "{}", r.stdout);
    assert!(!cache.exists(), "the cache is still there");
    let r = run(dir.path(), &["clean"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("no cache at "), "{}", r.stdout);
    assert!(dir.path().join("page.md").is_file());
}

/// A folder named as the cache that holds anything guide-lint does not write is left whole,
/// and the error names what was found.
#[test]
fn clean_leaves_a_folder_that_is_not_only_a_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let other = dir.path().join("other");
    std::fs::create_dir_all(other.join("0.1.0")).expect("mkdir");
    std::fs::write(other.join("notes.md"), "mine\n").expect("write");
    // Without guide-lint's `.gitignore`: not a cache.
    let r = run(dir.path(), &["clean", "--cache-dir", "other"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(".gitignore"), "{}", r.stderr);
    // With it, but with a file of the user's beside the version folders.
    std::fs::write(other.join(".gitignore"), "# Made by guide-lint.\n*\n").expect("write");
    let r = run(dir.path(), &["clean", "--cache-dir", "other"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("notes.md"), "{}", r.stderr);
    // Or inside a version folder.
    std::fs::remove_file(other.join("notes.md")).expect("remove");
    std::fs::write(other.join("0.1.0/notes.md"), "mine\n").expect("write");
    let r = run(dir.path(), &["clean", "--cache-dir", "other"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("notes.md"), "{}", r.stderr);
    assert!(other.join("0.1.0/notes.md").is_file());
    assert!(other.join(".gitignore").is_file());
    // Only cache files left: removed.
    std::fs::remove_file(other.join("0.1.0/notes.md")).expect("remove");
    std::fs::write(other.join("0.1.0/check-0123.bin"), "x").expect("write");
    let r = run(dir.path(), &["clean", "--cache-dir", "other"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!other.exists());
}

/// A cache folder that is a symbolic link is not followed: neither the link nor what it points
/// at is removed.
#[cfg(unix)]
#[test]
fn clean_does_not_follow_a_linked_cache_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("target");
    std::fs::create_dir_all(target.join("0.1.0")).expect("mkdir");
    std::fs::write(target.join(".gitignore"), "# Made by guide-lint.\n*\n").expect("write");
    std::os::unix::fs::symlink(&target, dir.path().join("link")).expect("symlink");
    let r = run(dir.path(), &["clean", "--cache-dir", "link"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert!(target.join(".gitignore").is_file());
    assert!(dir.path().join("link").symlink_metadata().is_ok());
}

/// README's first command, on the guides this repository ships: no findings. Their English
/// (MkDocs) page links `tips.md` and other pages that live on the wiki only (`known-pages` in
/// guide-lint.yml), which satisfy the link.
#[test]
fn the_shipped_guides_are_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = run(root, &["check", "--no-cache", "guides/"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "", "{}", r.stderr);
    assert!(r.stderr.contains("checked 2 files"), "{}", r.stderr);
    // A page named by a path with a step back in it is the same page, known by its page path
    // (not `da/../da/...`, which Wiki.js would import elsewhere).
    let r = run(
        root,
        &[
            "check",
            "--no-cache",
            "guides/da/../da/move-to-another-mastodon-server.md",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "", "{}", r.stderr);
    // Without `known-pages`, those links are reported.
    let config = std::fs::read_to_string(root.join("guide-lint.yml")).expect("config");
    let without = config
        .split("known-pages:")
        .next()
        .expect("config text")
        .to_string();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("guide-lint.yml"), without).expect("write config");
    support::copy_tree(&root.join("guides"), &dir.path().join("guides"));
    let r = run(
        dir.path(),
        &[
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "guides/",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("GL202") && r.stdout.contains("`en/tips.md` does not exist"),
        "{}",
        r.stdout
    );
}

/// A report that cannot be written (a full disk: `/dev/full`) is an error, whatever the
/// findings: a CI step writing SARIF to a file must not pass with a truncated one. A reader
/// that closes the pipe early (`| head`) is not.
#[test]
fn a_report_that_cannot_be_written_fails_the_run() {
    let full = Path::new("/dev/full");
    assert!(full.exists(), "this test needs /dev/full (Linux)");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for args in [
        &[
            "check",
            "--no-cache",
            "--exit-zero",
            "--output-format",
            "sarif",
            "guides/",
        ][..],
        &["status", "--format", "json"][..],
    ] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("guide-lint"))
            .current_dir(root)
            .args(args)
            .stdout(std::fs::File::create(full).expect("open /dev/full"))
            .output()
            .expect("run guide-lint");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
    // A pipe closed by its reader: the run ends as its findings say, without an error.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("guide-lint"))
        .current_dir(root)
        .args(["check", "--no-cache", "--output-format", "json", "guides/"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run guide-lint");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("cannot write"), "{stderr}");
}
