//! MkDocs projects read as MkDocs: `mkdocs.yml`'s `docs_dir` is the guides root and its pages
//! are MkDocs pages without configuration; `--dialect` overrides for one run; `check` with
//! nothing to check says what it looked for; `rule` suggests the closest code for a mistyped one.

use std::path::Path;

use assert_cmd::Command;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("guide-lint")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run guide-lint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A plain MkDocs site: no admonition anywhere, so nothing in a page says "MkDocs".
fn site(docs_dir: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "mkdocs.yml",
        &format!(
            "site_name: Demo\ndocs_dir: {docs_dir}\nmarkdown_extensions:\n  - toc:\n      permalink: true\n  \
             - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n          \
             format: !!python/name:pymdownx.superfences.fence_code_format\n"
        ),
    );
    write(
        root,
        &format!("{docs_dir}/index.md"),
        "# Demo\n\nSee the [FAQ](faq.md) and the [setup](setup/index.md).\n",
    );
    write(
        root,
        &format!("{docs_dir}/faq.md"),
        "# FAQ\n\nBack [home](index.md).\n",
    );
    write(
        root,
        &format!("{docs_dir}/setup/index.md"),
        "# Setup\n\nBack [home](../index.md), or read the [FAQ](../faq.md#faq).\n",
    );
    dir
}

#[test]
fn unconfigured_mkdocs_project_is_read_as_mkdocs() {
    let dir = site("pages");
    let (code, stdout, stderr) = run(dir.path(), &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.trim().is_empty(), "{stdout}");
    assert!(stderr.contains("checked 3 files"), "{stderr}");
}

#[test]
fn dialect_flag_overrides_for_one_run() {
    let dir = site("docs");
    let (code, stdout, _) = run(
        dir.path(),
        &["check", "--dialect", "wikijs", "--output-format", "concise"],
    );
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(stdout.matches("GL203").count(), 5, "{stdout}");
    // And a stray page read as MkDocs on request.
    let loose = tempfile::tempdir().expect("tempdir");
    write(loose.path(), "a.md", "# A\n\n[B](b.md)\n");
    write(loose.path(), "b.md", "# B\n");
    let (code, stdout, _) = run(
        loose.path(),
        &[
            "check",
            "a.md",
            "b.md",
            "--dialect",
            "mkdocs",
            "--output-format",
            "concise",
        ],
    );
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn config_names_the_mkdocs_project() {
    let dir = site("docs");
    let root = dir.path();
    std::fs::rename(root.join("mkdocs.yml"), root.join("site.yml")).expect("rename");
    write(root, "guide-lint.yml", "mkdocs: site.yml\n");
    let (code, stdout, stderr) = run(root, &["check", "--output-format", "concise"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("checked 3 files"), "{stderr}");
}

#[test]
fn nothing_to_check_says_what_was_looked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    for want in [
        "guide-lint.yml",
        "mkdocs.yml",
        "`guides`",
        "guide-lint check docs/",
    ] {
        assert!(stderr.contains(want), "{want}: {stderr}");
    }
}

#[test]
fn rule_doc_suggests_the_closest_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, stderr) = run(dir.path(), &["rule", "GL1O2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `GL102`?"), "{stderr}");
    let (code, stdout, _) = run(dir.path(), &["rule", "gl102"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("# GL102"), "{stdout}");
}
