//! `sync --pull`'s merge on real pages: every guide page in `guides/` and every page of the
//! realistic fixtures, built as `build` builds them.
//!
//! - Round trip: the wiki holds exactly what was pushed, and merging it into the unchanged guide
//!   changes 0 bytes.
//! - A wiki edit to one line of a block comes back into the guide in the guide's form: the
//!   merged guide builds to a page that holds every line of the wiki's version, and the guide's
//!   lines outside the edited block keep their bytes.

mod support;

use std::path::Path;

use guide_lint::build::{BuildOptions, BuiltPage, build};
use guide_lint::config::Config;
use guide_lint::sync::merge::{Merged, Reverse, merge};
use guide_lint::sync::{lost_lines, merge::conflict_markers};

/// Copies of the corpora (rebuilding a merged page writes into them), with their configuration.
fn corpora(tmp: &Path) -> Vec<(String, Config)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = |from: &Path, to: &Path| support::copy_tree(from, to);
    let g = tmp.join("repo");
    copy(&root.join("guides"), &g.join("guides"));
    copy(&root.join("assets"), &g.join("assets"));
    std::fs::copy(root.join("guide-lint.yml"), g.join("guide-lint.yml")).unwrap();
    let realistic = tmp.join("realistic");
    copy(&root.join("tests/fixtures/realistic"), &realistic);
    let wikijs = realistic.join("wikijs-repo");
    let bilingual = realistic.join("mkdocs-bilingual");
    vec![
        (
            "realistic mkdocs-bilingual".into(),
            Config::load(Some(&bilingual.join("guide-lint.yml")), &bilingual)
                .expect("guide-lint.yml"),
        ),
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

fn built(config: &Config) -> Vec<BuiltPage> {
    let report = build(config, &BuildOptions::default());
    assert!(!report.pages.is_empty(), "nothing built");
    report.pages
}

fn reverse(config: &Config, page: &BuiltPage, pages: &[BuiltPage], source: &str) -> Reverse {
    let mut r = Reverse {
        source: page.source.clone(),
        pages: pages
            .iter()
            .map(|p| (format!("{}/{}", p.locale, p.path), p.source.clone()))
            .collect(),
        callout_blocks: config.callout_block_names().into_iter().collect(),
        includes: guide_lint::snippets::Includes::of(config),
        ..Default::default()
    };
    r.learn(&r.included_source(source), &page.body);
    r
}

/// The lines of the files a corpus's pages include (pymdownx.snippets, under `includes/`).
fn included_lines(config: &Config) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(config.root.join("includes")) else {
        return Vec::new();
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .flat_map(|t| t.lines().map(|l| l.trim().to_string()).collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn merging_what_was_pushed_back_into_the_unchanged_guide_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    for (name, config) in corpora(tmp.path()) {
        let pages = built(&config);
        for page in &pages {
            let source = std::fs::read_to_string(&page.source).unwrap();
            let r = reverse(&config, page, &pages, &source);
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
        // A callout's title line: text added after the title makes it no title any more.
        if t.starts_with("> **") && t.ends_with("**") {
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
    let mut included_edits = 0;
    for (name, config) in corpora(tmp.path()) {
        let pages = built(&config);
        let included = included_lines(&config);
        for page in &pages {
            let source = std::fs::read_to_string(&page.source).unwrap();
            let lines: Vec<&str> = page.body.lines().collect();
            // A line a snippet included: the edit is a conflict around the guide's include
            // line, which stays, and the included text is not written into the guide.
            for (at, l) in lines.iter().enumerate() {
                if l.trim().len() < 20 || !included.iter().any(|i| i == l.trim()) {
                    continue;
                }
                let mut wiki_lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                wiki_lines[at].push_str(" Rettet på wikien.");
                let wiki = wiki_lines.join("\n") + "\n";
                let r = reverse(&config, page, &pages, &source);
                let merged = merge(&source, &page.body, Some(&page.body), &wiki, &r, "x");
                let Merged::Conflict {
                    text, conflicts: 1, ..
                } = merged
                else {
                    panic!(
                        "{name}: {}: not one conflict: {merged:?}",
                        page.source.display()
                    )
                };
                // The guide's side: its include line, or nothing for a file `auto_append`
                // adds to every page; the rest of the guide as it was.
                let (outside, conflict) = text.split_once("<<<<<<< guide\n").unwrap();
                let guide_side = conflict.split("=======").next().unwrap_or_default();
                assert!(
                    guide_side.contains("--8<-- \"") || guide_side.is_empty(),
                    "{text}"
                );
                assert!(!guide_side.contains(l.trim()), "{text}");
                assert!(source.starts_with(outside), "{text}");
                let after = conflict.split_once(">>>>>>> wiki x").unwrap().1;
                let after = after.split_once('\n').map_or("", |(_, rest)| rest);
                assert!(source.ends_with(after), "{text}");
                included_edits += 1;
            }
            let candidates: Vec<usize> = editable_lines(&page.body)
                .into_iter()
                .filter(|&i| !included.iter().any(|l| l == lines[i].trim()))
                .collect();
            // The first, middle and last editable lines of the page; every one on a page with
            // pymdownx blocks, whose fences the build leaves out.
            let picks: Vec<usize> = match candidates.len() {
                0 => continue,
                _ if source.contains("\n///") => candidates.clone(),
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
                let r = reverse(&config, page, &pages, &source);
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
                // The guide's pymdownx blocks are all there, with their names.
                assert_eq!(
                    block_names(&text),
                    block_names(&source),
                    "{name}: {}: blocks lost\n{}",
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
    assert!(included_edits >= 1, "no included line edited");
}

/// The names of the pymdownx blocks of a MkDocs page, in order.
fn block_names(text: &str) -> Vec<String> {
    let doc = guide_lint::document::Document::parse(
        std::path::PathBuf::new(),
        text.to_string(),
        Some(guide_lint::document::Dialect::Mkdocs),
    );
    guide_lint::document::pymdown_blocks::blocks(&doc)
        .into_iter()
        .map(|b| b.name)
        .collect()
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

/// The merge of `wiki` into `page`'s guide, which must be clean; the guide's lines around
/// the edit must not move, and the merged guide must build to a page holding the wiki's.
fn merged_clean(config: &Config, page: &BuiltPage, pages: &[BuiltPage], wiki: &str) -> String {
    let source = std::fs::read_to_string(&page.source).unwrap();
    let r = reverse(config, page, pages, &source);
    let merged = merge(&source, &page.body, Some(&page.body), wiki, &r, "x");
    let Merged::Clean { text, .. } = merged else {
        panic!("not a clean merge: {merged:?}")
    };
    let before: Vec<&str> = source.lines().collect();
    let after: Vec<&str> = text.lines().collect();
    let diff = similar::TextDiff::from_slices(&before, &after);
    let changed = diff
        .ops()
        .iter()
        .filter(|op| !matches!(op, similar::DiffOp::Equal { .. }))
        .count();
    assert_eq!(
        changed,
        1,
        "more than one place changed:\n{}",
        diff.unified_diff()
    );
    let rebuilt = rebuild(config, page, &text);
    let lost = lost_lines(wiki, &rebuilt);
    assert!(lost.is_empty(), "the rebuilt page lacks {lost:?}\n{text}");
    text
}

#[test]
fn wiki_edits_to_tabs_keys_and_sized_images_come_back_in_the_guides_own_syntax() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, config) = corpora(tmp.path())
        .into_iter()
        .find(|(name, _)| name == "realistic mkdocs-site")
        .unwrap();
    // A page of the site with content tabs that end their section (they become a tabset),
    // keys and a sized image.
    std::fs::write(
        config.root.join("docs/setup/terminal.md"),
        "# Terminal\n\nOpen a terminal first.\n\n## Install the helper\n\n=== \"macOS\"\n\n    ```sh\n    brew install fedi-helper\n    ```\n\n=== \"Linux\"\n\n    ```sh\n    sudo apt install fedi-helper\n    ```\n\n=== \"Windows\"\n\n    Download the installer from the [release page](https://git.example.org/helpers/guides/releases)\n    and run it. Press ++win+r++, type `cmd` and press ++enter++ to open a terminal.\n\n## Check the installation\n\nRun `helper doctor`. Copy the output with ++ctrl+c++ if you need help.\n\n![Export page](../img/export.png){ width=\"300\" }\n\nThat is all.\n",
    )
    .unwrap();
    let pages = built(&config);
    let page = pages
        .iter()
        .find(|p| p.source.ends_with("setup/terminal.md"))
        .expect("the page with tabs is built");
    let source = std::fs::read_to_string(&page.source).unwrap();
    assert!(page.body.contains("{.tabset}") && page.body.contains("<kbd>Win</kbd>"));

    // A line of a tab, holding keys: the tabs stay tabs, the keys keys.
    let wiki = page
        .body
        .replace("to open a terminal.", "to open a new terminal.");
    let text = merged_clean(&config, page, &pages, &wiki);
    assert!(text.contains("to open a new terminal."), "{text}");
    assert!(
        text.contains(
            "=== \"Windows\"\n\n    Download the installer from the [release page](https://git.example.org/helpers/guides/releases) and run it. Press ++win+r++, type `cmd` and press ++enter++ to open a new terminal.\n\n## Check"
        ),
        "{text}"
    );
    assert!(
        !text.contains("<kbd>") && !text.contains("{.tabset}"),
        "{text}"
    );
    let tabs_of = |t: &str| t.lines().filter(|l| l.starts_with("=== \"")).count();
    assert_eq!(tabs_of(&text), 3);

    // Code in another tab: indented as the tab's content.
    let wiki = page.body.replace(
        "sudo apt install fedi-helper",
        "sudo apt-get install fedi-helper",
    );
    let text = merged_clean(&config, page, &pages, &wiki);
    assert!(
        text.contains(
            "=== \"Linux\"\n\n    ```sh\n    sudo apt-get install fedi-helper\n    ```\n"
        ),
        "{text}"
    );
    assert_eq!(
        text.replace("apt-get", "apt"),
        source,
        "the other tabs keep their bytes"
    );

    // Keys outside tabs.
    let wiki = page
        .body
        .replace("if you need help", "if you need our help");
    let text = merged_clean(&config, page, &pages, &wiki);
    assert!(
        text.contains("Copy the output with ++ctrl+c++ if you need our help."),
        "{text}"
    );
    assert!(!text.contains("<kbd>"), "{text}");

    // A size changed on the wiki: the guide's attribute list and link, with the new size.
    assert!(page.body.contains(" =300x)"), "{}", page.body);
    let wiki = page.body.replace(" =300x)", " =320x)");
    let text = merged_clean(&config, page, &pages, &wiki);
    assert!(
        text.contains("\n![Export page](../img/export.png){ width=\"320\" }\n"),
        "{text}"
    );

    // A sized image added on the wiki gets an attribute list, as the guide gives sizes.
    let r = reverse(&config, page, &pages, &source);
    let wiki = format!("{}\n![Map](/img/map.png =50%x)\n", page.body.trim_end());
    let Merged::Clean { text, .. } = merge(&source, &page.body, Some(&page.body), &wiki, &r, "x")
    else {
        panic!("not clean")
    };
    assert!(
        text.ends_with("![Map](/img/map.png){ width=\"50%\" }\n"),
        "{text}"
    );
}
