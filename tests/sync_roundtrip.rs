//! `sync --pull`'s merge on real pages: every guide page in `guides/` and every page of the
//! realistic fixtures, built as `build` builds them.
//!
//! - Round trip: the wiki holds exactly what was pushed, and merging it into the unchanged guide
//!   changes 0 bytes.
//! - A wiki edit to one line of a block comes back into the guide in the guide's form: the
//!   merged guide builds to a page that holds every line of the wiki's version, and the guide's
//!   lines outside the edited block keep their bytes.

use std::path::Path;

use guide_lint::build::{BuildOptions, BuiltPage, build};
use guide_lint::config::Config;
use guide_lint::sync::merge::{Merged, Reverse, merge};
use guide_lint::sync::{lost_lines, merge::conflict_markers};

/// Copies of the corpora (rebuilding a merged page writes into them), with their configuration.
fn corpora(tmp: &Path) -> Vec<(String, Config)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = |from: &Path, to: &Path| copy_tree(from, to);
    let g = tmp.join("repo");
    copy(&root.join("guides"), &g.join("guides"));
    copy(&root.join("assets"), &g.join("assets"));
    std::fs::copy(root.join("guide-lint.yml"), g.join("guide-lint.yml")).unwrap();
    let realistic = tmp.join("realistic");
    copy(&root.join("tests/fixtures/realistic"), &realistic);
    let wikijs = realistic.join("wikijs-repo");
    vec![
        (
            "guides".into(),
            Config::load(Some(&g.join("guide-lint.yml")), &g).expect("guide-lint.yml"),
        ),
        (
            "realistic mkdocs-site".into(),
            Config::load(None, &realistic.join("mkdocs-site")).expect("mkdocs.yml"),
        ),
        (
            "realistic wikijs-repo".into(),
            Config::load(Some(&wikijs.join("guide-lint.yml")), &wikijs).expect("guide-lint.yml"),
        ),
    ]
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn built(config: &Config) -> Vec<BuiltPage> {
    let report = build(config, &BuildOptions::default());
    assert!(!report.pages.is_empty(), "nothing built");
    report.pages
}

fn reverse(page: &BuiltPage, pages: &[BuiltPage], source: &str) -> Reverse {
    let mut r = Reverse {
        source: page.source.clone(),
        pages: pages
            .iter()
            .map(|p| (format!("{}/{}", p.locale, p.path), p.source.clone()))
            .collect(),
        ..Default::default()
    };
    r.learn(source, &page.body);
    r
}

#[test]
fn merging_what_was_pushed_back_into_the_unchanged_guide_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    for (name, config) in corpora(tmp.path()) {
        let pages = built(&config);
        for page in &pages {
            let source = std::fs::read_to_string(&page.source).unwrap();
            let r = reverse(page, &pages, &source);
            // Wiki.js hands the content back as it was saved, or with the blank lines at its
            // ends trimmed.
            for wiki in [page.body.clone(), page.body.trim().to_string()] {
                let merged = merge(&source, &page.body, Some(&page.body), &wiki, &r, "x");
                assert_eq!(
                    merged,
                    Merged::Unchanged,
                    "{name}: {}",
                    page.source.display()
                );
            }
            n += 1;
        }
    }
    assert!(n >= 8, "only {n} pages");
}

/// The index of a line of `body` worth editing: plain text, outside code, away from the ends.
fn editable_lines(body: &str) -> Vec<usize> {
    let mut fence = false;
    let mut out = Vec::new();
    for (i, l) in body.lines().enumerate() {
        let t = l.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence || l.trim().len() < 20 {
            continue;
        }
        if t.starts_with(['#', '|', '<', '{', '!', '-', '*', '[']) || t.contains("<") {
            continue;
        }
        out.push(i);
    }
    out
}

#[test]
fn a_wiki_edit_comes_back_in_the_guides_form_and_nothing_else_moves() {
    let tmp = tempfile::tempdir().unwrap();
    let mut edits = 0;
    for (name, config) in corpora(tmp.path()) {
        let pages = built(&config);
        for page in &pages {
            let source = std::fs::read_to_string(&page.source).unwrap();
            let lines: Vec<&str> = page.body.lines().collect();
            let candidates = editable_lines(&page.body);
            // The first, middle and last editable lines of the page.
            let picks: Vec<usize> = match candidates.len() {
                0 => continue,
                n => {
                    let mut v = vec![candidates[0], candidates[n / 2], candidates[n - 1]];
                    v.dedup();
                    v
                }
            };
            for at in picks {
                let mut wiki_lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                wiki_lines[at].push_str(" Rettet på wikien.");
                let wiki = wiki_lines.join("\n") + "\n";
                let r = reverse(page, &pages, &source);
                let merged = merge(&source, &page.body, Some(&page.body), &wiki, &r, "x");
                let Merged::Clean { text, blocks } = merged else {
                    panic!(
                        "{name}: {}: not a clean merge: {merged:?}",
                        page.source.display()
                    )
                };
                assert_eq!(blocks, 1, "{name}: {}", page.source.display());
                assert!(conflict_markers(&text).is_empty());
                assert!(text.contains("Rettet på wikien."));
                // Outside the edited block, the guide's lines are the same, in the same order.
                let before: Vec<&str> = source.lines().collect();
                let after: Vec<&str> = text.lines().collect();
                let diff = similar::TextDiff::from_slices(&before, &after);
                let changed: Vec<_> = diff
                    .ops()
                    .iter()
                    .filter(|op| !matches!(op, similar::DiffOp::Equal { .. }))
                    .collect();
                assert_eq!(
                    changed.len(),
                    1,
                    "{name}: {}: more than one place changed:\n{}",
                    page.source.display(),
                    diff.unified_diff()
                );
                // The merged guide builds to a page that holds the wiki's version.
                let rebuilt = rebuild(&config, page, &text);
                let lost = lost_lines(&wiki, &rebuilt);
                assert!(
                    lost.is_empty(),
                    "{name}: {}: the rebuilt page lacks {lost:?}\n{}",
                    page.source.display(),
                    diff.unified_diff()
                );
                edits += 1;
            }
        }
    }
    assert!(edits >= 10, "only {edits} edits tried");
}

/// The build of `page` with its guide's text replaced by `text` (the other pages as they are),
/// in the corpus copy; the guide is put back afterwards.
fn rebuild(config: &Config, page: &BuiltPage, text: &str) -> String {
    let original = std::fs::read(&page.source).unwrap();
    std::fs::write(&page.source, text).unwrap();
    let report = build(config, &BuildOptions::default());
    std::fs::write(&page.source, original).unwrap();
    report
        .pages
        .into_iter()
        .find(|p| p.source == page.source)
        .map(|p| p.body)
        .unwrap_or_default()
}
