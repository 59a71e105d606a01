//! `guide-lint build` publishes the assets the pages use: copied into the output tree at the
//! path `build.assets` maps them to, recorded in the manifest (`--prune`), checked by
//! `--check`, and never read through a link leading outside the repository.

use std::path::Path;

use assert_cmd::Command;

mod support;

const CONFIG: &str = "guides: guides\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - {path: \"en/**\", dialect: mkdocs}\n  - {path: \"da/**\", dialect: wikijs}\nbuild:\n  assets:\n    - {from: img/, to: /move-guide/}\n    - {from: files/, to: /move-guide/files/}\n";

fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, t) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, t).unwrap();
    }
    dir
}

fn guide_lint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("guide-lint").unwrap();
    c.current_dir(dir);
    c
}

fn out_text(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const PAGE: &str = "# Move\n\n![The settings](img/settings.png)\n\nSee <img src=\"img/sub/arrow%20up.svg\" alt=\"up\"> and [the list](files/list.csv).\n\n![Again](img/settings.png)\n\n[A page](other.md) and [elsewhere](https://example.org/x.png).\n";

#[test]
fn build_copies_the_assets_pages_use_and_records_them() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00binary\xff";
    let dir = tree(&[
        ("guide-lint.yml", CONFIG.as_bytes()),
        ("guides/en/move.md", PAGE.as_bytes()),
        ("guides/en/other.md", b"# Other\n\nText.\n"),
        ("guides/en/img/settings.png", png),
        ("guides/en/img/sub/arrow up.svg", b"<svg/>"),
        ("guides/en/img/unused.png", b"never used"),
        ("guides/en/files/list.csv", b"a,b\n"),
    ]);
    let d = dir.path();
    let o = guide_lint(d).args(["build"]).output().unwrap();
    let (stdout, stderr) = out_text(&o);
    assert!(o.status.success(), "{stdout}{stderr}");
    let out = d.join("build/wiki");
    assert_eq!(
        std::fs::read(out.join("move-guide/settings.png")).unwrap(),
        png
    );
    assert_eq!(
        std::fs::read(out.join("move-guide/sub/arrow up.svg")).unwrap(),
        b"<svg/>"
    );
    assert_eq!(
        std::fs::read(out.join("move-guide/files/list.csv")).unwrap(),
        b"a,b\n"
    );
    assert!(!out.join("move-guide/unused.png").exists());
    assert!(stderr.contains("and 3 assets into"), "{stderr}");
    let page = std::fs::read_to_string(out.join("move.md")).unwrap();
    assert!(page.contains("(/move-guide/settings.png)"), "{page}");
    assert!(
        page.contains("src=\"/move-guide/sub/arrow%20up.svg\""),
        "{page}"
    );
    let manifest = std::fs::read_to_string(d.join("build/wiki.manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert!(
        m["assets"]["move-guide/settings.png"].is_string(),
        "{manifest}"
    );
    assert_eq!(m["assets"].as_object().unwrap().len(), 3, "{manifest}");

    // Rebuilding writes nothing; --check is clean.
    let again = guide_lint(d).args(["build"]).output().unwrap();
    let (stdout, _) = out_text(&again);
    assert!(again.status.success());
    assert_eq!(stdout, "", "nothing rewritten");
    guide_lint(d).args(["build", "--check"]).assert().success();

    // A changed and a missing asset are out of date for --check.
    std::fs::write(d.join("guides/en/img/settings.png"), b"new pixels").unwrap();
    std::fs::remove_file(out.join("move-guide/files/list.csv")).unwrap();
    let check = guide_lint(d).args(["build", "--check"]).output().unwrap();
    let (stdout, stderr) = out_text(&check);
    assert_eq!(check.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("move-guide/settings.png: out of date (from"),
        "{stdout}"
    );
    assert!(
        stdout.contains("move-guide/files/list.csv: missing (from"),
        "{stdout}"
    );
    assert!(
        stderr.contains("2 of 5 pages, assets and scripts out of date"),
        "{stderr}"
    );

    guide_lint(d).args(["build"]).assert().success();
    assert!(out.join("move-guide/files/list.csv").is_file());

    // An image no page uses any more is a leftover that --prune deletes; a file the build
    // never wrote stays.
    std::fs::write(out.join("move-guide/wiki-own.png"), b"uploaded by hand").unwrap();
    std::fs::write(
        d.join("guides/en/move.md"),
        PAGE.replace("[the list](files/list.csv)", "the list"),
    )
    .unwrap();
    guide_lint(d).args(["build"]).assert().success();
    let pruned = guide_lint(d).args(["build", "--prune"]).output().unwrap();
    let (stdout, stderr) = out_text(&pruned);
    assert!(pruned.status.success(), "{stdout}{stderr}");
    assert!(!out.join("move-guide/files/list.csv").exists(), "{stdout}");
    assert!(
        !out.join("move-guide/files").exists(),
        "emptied folder removed"
    );
    assert!(out.join("move-guide/wiki-own.png").is_file());
    assert_eq!(
        std::fs::read(out.join("move-guide/settings.png")).unwrap(),
        b"new pixels"
    );
}

#[test]
fn sized_images_and_images_in_figures_are_copied_too() {
    let config = CONFIG.replace(
        "    - {from: img/, to: /move-guide/}\n",
        "    - {from: img/, to: /move-guide/}\n    - {from: /files/, to: /files/}\n",
    );
    let en = "# Move\n\n<figure markdown>\n  ![The form](img/form.png){ width=\"500\" }\n  \
              <figcaption>The form</figcaption>\n</figure>\n\n```md\n![Not an image](img/code.png)\n```\n";
    let da = "# Flyt\n\n![Den nye formular](/files/vault/new-item.png =400x)\n\n\
              ![Lille](/files/vault/small.png =x200)\n";
    let dir = tree(&[
        ("guide-lint.yml", config.as_bytes()),
        ("guides/en/move.md", en.as_bytes()),
        ("guides/da/flyt.md", da.as_bytes()),
        ("guides/en/img/form.png", b"form"),
        ("guides/files/vault/new-item.png", b"new item"),
        ("guides/files/vault/small.png", b"small"),
    ]);
    let d = dir.path();
    let o = guide_lint(d).args(["build"]).output().unwrap();
    let (stdout, stderr) = out_text(&o);
    assert!(o.status.success(), "{stdout}{stderr}");
    let out = d.join("build/wiki");
    let page = std::fs::read_to_string(out.join("move.md")).unwrap();
    assert!(page.contains("/move-guide/form.png"), "{page}");
    assert_eq!(
        std::fs::read(out.join("move-guide/form.png")).unwrap(),
        b"form"
    );
    assert_eq!(
        std::fs::read(out.join("files/vault/new-item.png")).unwrap(),
        b"new item"
    );
    assert_eq!(
        std::fs::read(out.join("files/vault/small.png")).unwrap(),
        b"small"
    );
    // An image written inside a code block is text, not an asset (and no error).
    assert!(!out.join("move-guide/code.png").exists());
    assert!(stderr.contains("and 3 assets into"), "{stderr}");
    let manifest = std::fs::read_to_string(d.join("build/wiki.manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    for file in [
        "move-guide/form.png",
        "files/vault/new-item.png",
        "files/vault/small.png",
    ] {
        assert!(m["assets"][file].is_string(), "{file}: {manifest}");
    }
}

#[test]
fn definition_lists_are_reported_not_run_together_silently() {
    let en = "# Glossary\n\nRoom\n:   A conversation.\n\nSpace\n:   A group of rooms.\n:   Or a place.\n\n\
              ```md\nTerm\n:   In code.\n```\n";
    let dir = tree(&[
        ("guide-lint.yml", CONFIG.as_bytes()),
        ("guides/en/glossary.md", en.as_bytes()),
    ]);
    let o = guide_lint(dir.path()).args(["build"]).output().unwrap();
    let (stdout, stderr) = out_text(&o);
    assert!(o.status.success(), "{stdout}{stderr}");
    assert_eq!(
        stderr.matches("warning: definition list (").count(),
        2,
        "{stderr}"
    );
    assert!(
        stderr.contains("glossary.md:3:1: warning: definition list (term `Room`)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("glossary.md:6:1: warning: definition list (term `Space`)"),
        "{stderr}"
    );
}

#[test]
fn missing_and_clashing_assets_are_errors_with_their_position() {
    let dir = tree(&[
        ("guide-lint.yml", CONFIG.as_bytes()),
        (
            "guides/en/move.md",
            b"# Move\n\nText.\n\n![Gone](img/gone.png)\n",
        ),
        (
            "guides/en/deep/page.md",
            b"# Deep\n\n![Same name](img/a.png)\n",
        ),
        ("guides/en/img/a.png", b"one"),
        ("guides/en/deep/img/a.png", b"two"),
        ("guides/en/top.md", b"# Top\n\n![A](img/a.png)\n"),
        // The translation uses the source's images: served at the same wiki path, not missing.
        (
            "guides/da/top.md",
            b"# Top\n\n![A](img/a.png)\n\n![B](img/copy.png)\n",
        ),
        // The same bytes in two folders under one wiki path: no clash.
        ("guides/en/img/copy.png", b"same"),
        ("guides/en/deep/img/copy.png", b"same"),
        (
            "guides/en/deep/other.md",
            b"# Other\n\n![C](img/copy.png)\n",
        ),
        ("guides/en/top2.md", b"# Top 2\n\n![C](img/copy.png)\n"),
    ]);
    let d = dir.path();
    let o = guide_lint(d).args(["build"]).output().unwrap();
    let (stdout, stderr) = out_text(&o);
    assert_eq!(o.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("guides/en/move.md:5:9: error: asset `img/gone.png`:")
            && stderr.contains("gone.png does not exist"),
        "{stderr}"
    );
    // `img/a.png` from two folders maps to the same wiki path: one is refused, not replaced.
    assert!(
        stderr.contains("maps to `/move-guide/a.png`, like"),
        "{stderr}"
    );
    assert!(!stderr.contains("guides/da/top.md"), "{stderr}");
    assert!(!stderr.contains("copy.png"), "{stderr}");
    assert_eq!(stderr.matches(": error: ").count(), 2, "{stderr}");
    // The pages themselves are still built.
    assert!(d.join("build/wiki/move.md").is_file());
}

#[cfg(unix)]
#[test]
fn an_asset_linked_outside_the_repository_is_never_read() {
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("key.png"), b"SECRET").unwrap();
    let dir = tree(&[
        ("guide-lint.yml", CONFIG.as_bytes()),
        (
            "guides/en/move.md",
            b"# Move\n\n![Key](img/key.png)\n\n![Inside](img/ok.png)\n\n![Via folder](img/out/key.png)\n",
        ),
        ("guides/en/real.png", b"inside"),
    ]);
    let d = dir.path();
    std::fs::create_dir_all(d.join("guides/en/img")).unwrap();
    std::os::unix::fs::symlink(
        secret.path().join("key.png"),
        d.join("guides/en/img/key.png"),
    )
    .unwrap();
    std::os::unix::fs::symlink(d.join("guides/en/real.png"), d.join("guides/en/img/ok.png"))
        .unwrap();
    std::os::unix::fs::symlink(secret.path(), d.join("guides/en/img/out")).unwrap();
    let o = guide_lint(d).args(["build"]).output().unwrap();
    let (stdout, stderr) = out_text(&o);
    assert_eq!(o.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("is a symbolic link to")
            && stderr.contains("outside the repository: not read"),
        "{stderr}"
    );
    assert!(stderr.contains("img/out/key.png"), "{stderr}");
    let out = d.join("build/wiki/move-guide");
    assert!(!out.join("key.png").exists());
    assert!(!out.join("out/key.png").exists());
    // A link inside the repository is an ordinary asset, written as a file.
    assert_eq!(std::fs::read(out.join("ok.png")).unwrap(), b"inside");
    assert!(
        !std::fs::symlink_metadata(out.join("ok.png"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    for entry in support::files_under(&d.join("build")) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !bytes.windows(6).any(|w| w == b"SECRET"),
            "{} leaks the file",
            entry.display()
        );
    }
}

/// An image the wiki will not have (no `build.assets` rule maps it, the assets root has no such
/// file) is GL204 on the built page, as `check` reports it on the source page, so `--strict`
/// fails; an image the build publishes, or one the assets root holds (published by other means),
/// is not. The rule's settings apply as in `check`.
#[test]
fn a_built_page_using_a_missing_asset_is_an_error_as_check_says() {
    let config = "guides: wiki\nsource-locale: en\ndialects:\n  - {path: \"**\", dialect: wikijs}\nassets: wiki\nbuild:\n  assets:\n    - {from: /img/, to: /img/}\n";
    let page = "---\ntitle: Guide\ndescription: \npublished: true\ndate: 2024-03-10T09:12:44.201Z\ntags: mastodon\neditor: markdown\ndateCreated: 2024-02-01T18:03:11.532Z\n---\n\n# Guide\n\n![Flow](/img/flow.png =100x)\n\n![Settings](/billeder/settings.png =100x)\n\n![Kept](/files/kept.png) and [the list](/files/gone.csv).\n";
    let dir = tree(&[
        ("guide-lint.yml", config.as_bytes()),
        ("wiki/en/guide.md", page.as_bytes()),
        ("wiki/img/flow.png", b"png"),
        ("wiki/files/kept.png", b"png"),
    ]);
    let d = dir.path();
    let check = guide_lint(d)
        .args(["check", "--no-cache", "--output-format", "concise"])
        .output()
        .unwrap();
    let (stdout, _) = out_text(&check);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("wiki/en/guide.md:15:13: GL204"), "{stdout}");
    assert!(stdout.contains("wiki/en/guide.md:17:41: GL204"), "{stdout}");
    assert_eq!(stdout.matches("GL204").count(), 2, "{stdout}");

    let o = guide_lint(d).args(["build", "--strict"]).output().unwrap();
    let (stdout, stderr) = out_text(&o);
    assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "build/wiki/guide.md:15:13: GL204 [error] image `/billeder/settings.png` is not in \
             the assets, and no `build.assets` rule publishes it"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("build/wiki/guide.md:17:41: GL204 [error] file `/files/gone.csv`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 problems remain in the built pages (2 errors): GL204: 2"),
        "{stderr}"
    );
    assert!(stderr.contains("--strict: 2 errors remain"), "{stderr}");
    // The page and its published image are written all the same.
    assert!(d.join("build/wiki/guide.md").is_file());
    assert!(d.join("build/wiki/img/flow.png").is_file());

    // GL204 turned off is off for the built pages too.
    std::fs::write(
        d.join("guide-lint.yml"),
        format!("{config}ignore: [GL204]\n"),
    )
    .unwrap();
    let o = guide_lint(d).args(["build", "--strict"]).output().unwrap();
    let (stdout, stderr) = out_text(&o);
    assert!(o.status.success(), "{stdout}{stderr}");
    assert!(!stderr.contains("GL204"), "{stderr}");
}
