//! Every document the code and the rule docs cite is in the repository: each `docs/...` and
//! `rules/...` path named in `src/` and `rules/` exists, each `#anchor` after a Markdown path is
//! one of that file's headings, every upper-case `NAME.md` named exists at the top level or in
//! `docs/`, and nothing points outside the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A citation found in a source file.
#[derive(Debug, PartialEq, Eq)]
struct Citation {
    /// Repository-relative path, as written (`docs/wikijs.md`).
    path: String,
    anchor: Option<String>,
    line: usize,
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/')
}

fn is_anchor_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-')
}

/// The `docs/...` and `rules/...` paths in `text`, with the anchor that follows a `.md` path.
/// Templates (`rules/<CODE>-<name>.md`) and paths that are not at a word start are skipped.
fn citations(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for prefix in ["docs/", "rules/"] {
            let mut from = 0;
            while let Some(pos) = line[from..].find(prefix) {
                let start = from + pos;
                from = start + prefix.len();
                let before = line[..start].chars().next_back();
                if before.is_some_and(|c| is_path_char(c) && c != '/') || before == Some('/') {
                    continue;
                }
                let len = line[start..]
                    .find(|c: char| !is_path_char(c))
                    .unwrap_or(line.len() - start);
                let path = line[start..start + len].trim_end_matches('.');
                if path.len() == prefix.len() || line[start + len..].starts_with('<') {
                    continue; // the folder itself, or a template
                }
                let rest = &line[start + path.len()..];
                let anchor = rest
                    .strip_prefix('#')
                    .filter(|_| path.ends_with(".md"))
                    .map(|a| a.chars().take_while(|&c| is_anchor_char(c)).collect())
                    .filter(|a: &String| !a.is_empty());
                out.push(Citation {
                    path: path.to_string(),
                    anchor,
                    line: i + 1,
                });
            }
        }
    }
    out
}

/// Upper-case Markdown file names (`README.md`, `WIKIJS.md`) in `text`, with their line.
fn upper_case_docs(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(pos) = line[from..].find(".md") {
            let end = from + pos;
            from = end + 3;
            let start = line[..end]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c.is_ascii_uppercase() || c == '_' || c == '-')
                .last()
                .map_or(end, |(p, _)| p);
            let name = &line[start..end];
            let after = line[end + 3..].chars().next();
            let before = line[..start].chars().next_back();
            if name.len() >= 2
                && name.starts_with(|c: char| c.is_ascii_uppercase())
                && !after.is_some_and(|c| c.is_ascii_alphanumeric())
                && before != Some('/')
            {
                out.push((format!("{name}.md"), i + 1));
            }
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as `-`.
fn anchor_of(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|&c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings (outside fenced code).
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            out.insert(anchor_of(&line[hashes..]));
        }
    }
    out
}

fn cited_files() -> Vec<PathBuf> {
    let mut out = files(&root().join("src"));
    out.extend(files(&root().join("rules")));
    out
}

#[test]
fn cited_docs_exist_with_their_anchors() {
    let mut problems = Vec::new();
    let mut count = 0;
    for file in cited_files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let shown = file
            .strip_prefix(root())
            .unwrap_or(&file)
            .display()
            .to_string();
        for c in citations(&text) {
            count += 1;
            let target = root().join(&c.path);
            if !target.exists() {
                problems.push(format!(
                    "{shown}:{}: cites {}, which does not exist",
                    c.line, c.path
                ));
                continue;
            }
            if let Some(anchor) = &c.anchor {
                let doc = std::fs::read_to_string(&target).unwrap_or_default();
                if !anchors(&doc).contains(anchor) {
                    problems.push(format!(
                        "{shown}:{}: cites {}#{anchor}, which has no such heading",
                        c.line, c.path
                    ));
                }
            }
        }
        for (name, line) in upper_case_docs(&text) {
            if !root().join(&name).exists() && !root().join("docs").join(&name).exists() {
                problems.push(format!(
                    "{shown}:{line}: names {name}, which is not in the repository (cite docs/...)"
                ));
            }
        }
        for outside in ["../shared", "/work/"] {
            if let Some(line) = text.lines().position(|l| l.contains(outside)) {
                problems.push(format!(
                    "{shown}:{}: points outside the repository",
                    line + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The rule docs cite the Wiki.js page dozens of times: finding none means the scan broke.
    assert!(count > 50, "only {count} citations found");
}

#[test]
fn the_scan_finds_citations_anchors_and_names() {
    let text = "//! see `docs/wikijs.md#sanitizer`, docs/usage.md and (docs/ci.md#github-actions).\n\
                rules/<CODE>-<name>.md and mydocs/x.md are not citations; WIKIJS.md, README.md are\n\
                names, tips.md and `da/home.md` are not.";
    let c = citations(text);
    let got: Vec<(&str, Option<&str>, usize)> = c
        .iter()
        .map(|c| (c.path.as_str(), c.anchor.as_deref(), c.line))
        .collect();
    assert_eq!(
        got,
        vec![
            ("docs/wikijs.md", Some("sanitizer"), 1),
            ("docs/usage.md", None, 1),
            ("docs/ci.md", Some("github-actions"), 1),
        ]
    );
    let names: Vec<String> = upper_case_docs(text).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, vec!["WIKIJS.md", "README.md"]);
    assert_eq!(anchor_of(" Header on import"), "header-on-import");
    assert_eq!(anchor_of(" GraphQL API"), "graphql-api");
    assert_eq!(
        anchor_of(" Dependencies, and why each is there"),
        "dependencies-and-why-each-is-there"
    );
    let doc = "# T\n## Re-rendering\n```\n## not a heading\n```\n### Update pitfalls\n";
    let a = anchors(doc);
    assert!(a.contains("re-rendering") && a.contains("update-pitfalls"));
    assert!(!a.contains("not-a-heading"));
}
