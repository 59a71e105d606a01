//! The realistic regression corpus: `tests/fixtures/realistic/` holds projects in the shape of
//! real guide sites (a MkDocs Material site read through its `mkdocs.yml` with no other
//! configuration, a Wiki.js git-storage tree with English and Danish pages, uploads and a
//! home page, a MkDocs Material site in English with its pages in folders, translated into
//! Danish Wiki.js pages, and an English Wiki.js documentation wiki written with the wiki's own
//! markup: links lists, tabsets, image sizes, callouts, diagrams, keys, footnotes). `expected.txt` lists every finding they produce, each judged by hand against what
//! the page renders; the test fails on any finding not listed and on any listed finding missing.
//!
//! Each line: `<project>/<file>:<line>:<column> <CODE> <message>`; `#` starts a comment, which
//! says why the finding is right (or, next to a pinned non-finding, what must stay quiet).
//! Regenerate with `BLESS=1 cargo test --test realistic` only after judging each new line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use guide_lint::document::LineIndex;
use guide_lint::{CheckOptions, Config, check};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realistic")
}

/// Each project: its folder and how a user would load it (its own `guide-lint.yml`, or none).
fn projects() -> Vec<(&'static str, Config)> {
    let root = corpus();
    let mkdocs = root.join("mkdocs-site");
    let wikijs = root.join("wikijs-repo");
    let bilingual = root.join("mkdocs-bilingual");
    let docs = root.join("wikijs-docs");
    vec![
        (
            "mkdocs-site",
            Config::load(None, &mkdocs).expect("mkdocs-site loads through mkdocs.yml"),
        ),
        (
            "wikijs-repo",
            Config::load(Some(&wikijs.join("guide-lint.yml")), &wikijs)
                .expect("wikijs-repo config"),
        ),
        (
            "mkdocs-bilingual",
            Config::load(Some(&bilingual.join("guide-lint.yml")), &bilingual)
                .expect("mkdocs-bilingual config"),
        ),
        (
            "wikijs-docs",
            Config::load(Some(&docs.join("guide-lint.yml")), &docs).expect("wikijs-docs config"),
        ),
    ]
}

fn findings() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (name, config) in projects() {
        let report = check(&[config.guides_root()], &config, &CheckOptions::default());
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        let dir = corpus().join(name);
        for f in &report.findings {
            let text = &report.sources[&*f.path];
            let at = LineIndex::new(text).line_col(f.range.start);
            let abs = if f.path.is_absolute() {
                f.path.to_path_buf()
            } else {
                dir.join(&f.path)
            };
            let shown = abs
                .strip_prefix(&dir)
                .unwrap_or(&f.path)
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect::<PathBuf>();
            out.insert(format!(
                "{name}/{}:{}:{} {} {}",
                shown.display(),
                at.line,
                at.column,
                f.rule.code(),
                f.message
            ));
        }
    }
    out
}

fn expected_path() -> PathBuf {
    corpus().join("expected.txt")
}

#[test]
fn corpus_findings_are_exactly_the_expected_ones() {
    let actual = findings();
    assert!(
        !actual.is_empty(),
        "the corpus has planted defects; no finding means it was not checked"
    );
    let text = std::fs::read_to_string(expected_path()).unwrap_or_default();
    let expected: BTreeSet<String> = text
        .lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim_end())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if std::env::var_os("BLESS").is_some() {
        // Keeps the comments of lines that stay; new lines get a marker to judge.
        let mut kept: Vec<String> = text
            .lines()
            .filter(|l| {
                let key = l.split(" #").next().unwrap_or(l).trim_end();
                key.is_empty() || key.starts_with('#') || actual.contains(key)
            })
            .map(str::to_string)
            .collect();
        for a in actual.difference(&expected) {
            kept.push(format!("{a} # NEW: judge by hand"));
        }
        std::fs::write(expected_path(), kept.join("\n") + "\n").expect("write expected.txt");
        return;
    }
    let unlisted: Vec<_> = actual.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&actual).collect();
    assert!(
        unlisted.is_empty() && missing.is_empty(),
        "findings not listed in expected.txt (false alarms, or new true findings to list):\n{}\n\
         listed findings missing (defects no longer reported):\n{}",
        unlisted
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n"),
        missing
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
}
