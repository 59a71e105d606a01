//! Valid pages produce no finding from any rule.
//!
//! `tests/fixtures/wikijs-valid/` is a small wiki that uses every Wiki.js feature correctly
//! (callouts of all four kinds, tabsets, sized and aligned images, footnotes, task lists, KaTeX,
//! sub/sup, emoji, decorate comments, HTML blocks, tables, `{target="_blank"}` links, page links
//! and anchors to Wiki.js slugs of Danish, emoji and CJK headings, guide components in their
//! `data-*` form); `tests/fixtures/mkdocs-valid/` does the same for MkDocs Material pages.
//! Each was checked against what the renderers really produce (tests/e2e/render.mjs).
//!
//! To make sure the checks could fail, each tree is also copied and broken in a few known ways,
//! which must then be reported.

mod support;

use std::path::{Path, PathBuf};

use guide_lint::{CheckOptions, Config, check};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `(code, path:line)` of every finding in the tree with its own config.
fn findings(root: &Path) -> Vec<String> {
    let config = Config::load(Some(&root.join("guide-lint.yml")), root).expect("config");
    let report = check(&[config.guides_root()], &config, &CheckOptions::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.files_checked >= 3, "{}", report.files_checked);
    report
        .findings
        .iter()
        .map(|f| {
            let text = &report.sources[&*f.path];
            let line = text[..f.range.start].matches('\n').count() + 1;
            format!(
                "{} {}:{} {}",
                f.rule.code(),
                f.path.display(),
                line,
                f.message
            )
        })
        .collect()
}

/// Copies a fixture tree, applies `(file, from, to)` replacements, and returns the codes found.
fn broken(name: &str, edits: &[(&str, &str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    support::copy_tree(&fixture(name), dir.path());
    for (file, from, to) in edits {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    }
    let mut codes: Vec<String> = findings(dir.path())
        .into_iter()
        .map(|f| f[..5].to_string())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn valid_wikijs_pages_have_no_findings() {
    let found = findings(&fixture("wikijs-valid"));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn valid_mkdocs_pages_have_no_findings() {
    let found = findings(&fixture("mkdocs-valid"));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn broken_wikijs_pages_are_reported() {
    let page = "da/mastodon/flyt-server.md";
    let codes = broken(
        "wikijs-valid",
        &[
            (page, "#h-2-eksporter-dine-data", "#2-eksporter-dine-data"),
            (page, "/da/mastodon/tips)", "/da/mastodon/tip)"),
            (page, "=50%x)", "=50%)"),
            (page, "{.is-danger}", "{.is-error}"),
            (
                page,
                "<div style=\"clear: both\"></div>",
                "<div style=\"clear: both\"/>",
            ),
            (
                "da/mastodon/ordliste.md",
                "# Ordliste",
                "# Ordliste\n\n## Links",
            ),
        ],
    );
    for want in ["GL201", "GL202", "GL207", "GL303", "GL305", "GL311"] {
        assert!(
            codes.contains(&want.to_string()),
            "{want} missing from {codes:?}"
        );
    }
}

#[test]
fn broken_mkdocs_pages_are_reported() {
    let codes = broken(
        "mkdocs-valid",
        &[
            (
                "en/move.md",
                "!!! note \"Not all data will be migrated\"",
                "!!! note Not all data will be migrated",
            ),
            (
                "en/index.md",
                "(tips.md#good-habits)",
                "(tips.md#good-habit)",
            ),
            ("en/tips.md", "(index.md)", "(indx.md)"),
        ],
    );
    for want in ["GL201", "GL202", "GL302"] {
        assert!(
            codes.contains(&want.to_string()),
            "{want} missing from {codes:?}"
        );
    }
}
