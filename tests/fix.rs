//! Properties of `check --fix`: fixing is idempotent, leaves no fixable finding, touches only the
//! edited bytes, and never panics; on generated pages, on every fixture, and on the seeds.

mod support;

use std::path::{Path, PathBuf};

use guide_lint::config::{Config, ConfigFile};
use guide_lint::discover::PageFile;
use guide_lint::finding::Edit;
use guide_lint::fix::{Skip, apply_round};
use guide_lint::{CheckOptions, Dialect, Document, FixOptions, fix_text};
use proptest::prelude::*;

fn config() -> Config {
    Config::from_parts(ConfigFile::default(), None, PathBuf::from(".")).unwrap()
}

fn page(path: &str) -> PageFile {
    PageFile {
        path: PathBuf::from(path),
        rel: None,
        locale: None,
        walked_regular: false,
    }
}

fn options(unsafe_fixes: bool) -> FixOptions {
    FixOptions {
        check: CheckOptions::default(),
        unsafe_fixes,
    }
}

/// Fixes `text` in memory; panics with the reason when the fixes fail.
fn fixed(text: &str, dialect: Option<Dialect>, unsafe_fixes: bool) -> String {
    let doc = Document::parse(PathBuf::from("page.md"), text.to_string(), dialect);
    match fix_text(&page("page.md"), &doc, &config(), &options(unsafe_fixes)) {
        Ok(f) => f.text,
        Err(e) => panic!("fix failed: {e}\n--- text\n{text}"),
    }
}

/// The properties every page must have.
fn assert_fix_properties(text: &str, dialect: Option<Dialect>) {
    for unsafe_fixes in [false, true] {
        let opts = options(unsafe_fixes);
        let doc = Document::parse(PathBuf::from("page.md"), text.to_string(), dialect);
        let once = fix_text(&page("page.md"), &doc, &config(), &opts)
            .unwrap_or_else(|e| panic!("fix failed: {e}\n--- text\n{text}"));
        let left: Vec<_> = once
            .findings
            .iter()
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| opts.applies(x.applicability))
            })
            .map(|f| format!("{} {}", f.rule.code(), f.message))
            .collect();
        assert!(
            left.is_empty(),
            "fixable findings remain: {left:?}\n--- fixed\n{}",
            once.text
        );
        let twice = fixed(&once.text, Some(doc.dialect), unsafe_fixes);
        assert_eq!(twice, once.text, "fixing twice differs from fixing once");
    }
}

// ---- generated pages ----------------------------------------------------------------------

fn identity() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["old", "new", "olde", "", "NEW"])
}

fn attr_name(base: &'static str) -> impl Strategy<Value = String> {
    let variants: Vec<String> = match base {
        "default" => vec![
            "default",
            "default-value",
            "data-default",
            "data-default-value",
            "defualt",
            "fallback",
        ],
        "prefix" => vec!["prefix", "prefx", "data-prefix", "data-prefx"],
        "path" => vec!["path", "data-path", "pth"],
        "identity" => vec!["identity", "data-identity"],
        _ => vec![base],
    }
    .into_iter()
    .map(String::from)
    .collect();
    prop::sample::select(variants)
}

fn component_path() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "/settings/export",
        "settings/export",
        "https://mastodon.social/settings/export",
        "//host/x",
        " /settings/export ",
        "/a b",
        "",
        "/søg?x=1&amp;y=2",
    ])
}

fn link() -> impl Strategy<Value = String> {
    (
        attr_name("identity"),
        identity(),
        attr_name("path"),
        component_path(),
        any::<bool>(),
    )
        .prop_map(|(ia, id, pa, path, target)| {
            let t = if target { " target=\"_blank\"" } else { "" };
            format!("<a {ia}=\"{id}\"{t} {pa}=\"{path}\">`Preferences -> Æble`</a>")
        })
}

fn span() -> impl Strategy<Value = String> {
    (
        attr_name("identity"),
        identity(),
        attr_name("prefix"),
        attr_name("default"),
        prop::sample::select(vec!["code", "", "kbd", "1x"]),
        any::<bool>(),
    )
        .prop_map(|(ia, id, pa, da, tag, both)| {
            let extra = if both { " default=\"d.example\"" } else { "" };
            format!(
                "<span {ia}=\"{id}\" tag=\"{tag}\" {pa}=\"@me@\" {da}=\"server.dk\"{extra}></span>"
            )
        })
}

fn inline() -> impl Strategy<Value = String> {
    prop_oneof![
        link(),
        span(),
        Just("plain text with æøå and 🙂".to_string()),
        Just("**bold with **inner** bold**".to_string()),
        Just("`code <span identity=\"old\" default-value=\"x\"></span>`".to_string()),
        Just("*italic*".to_string()),
        Just("[a link](tips.md)".to_string()),
        Just("<input id=\"from-server\" />".to_string()),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..4).prop_map(|v| v.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        paragraph(),
        paragraph().prop_map(|p| format!("## 2. Heading {p}")),
        paragraph().prop_map(|p| format!("> {p}\n{{.is-info}}")),
        paragraph().prop_map(|p| format!("* {p}\n* second\n    1. nested {p}")),
        paragraph().prop_map(|p| format!("!!! note \"Title {p}\"\n\n    {p}\n\n    more")),
        paragraph().prop_map(|p| format!("!!! warning Unquoted title\n\n    {p}")),
        paragraph().prop_map(|p| format!("```\n{p}\n```")),
        paragraph().prop_map(|p| format!("    indented code {p}")),
        Just("<div style=\"clear: both\"/>".to_string()),
        Just("![alt](/img/x.png =50%x){.align-right}".to_string()),
        // Sizes imsize cannot read, some with a fix and some without (digits of other scripts).
        prop::sample::select(vec![
            "=300",
            "= 300x200",
            "=50%",
            "=300px",
            "=٣٠٠",
            "=３００x"
        ])
        .prop_map(|size| format!("![A cat](/img/cat.png {size})")),
    ]
}

fn document() -> impl Strategy<Value = (String, Option<Dialect>)> {
    (
        prop::collection::vec(block(), 1..7),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![None, Some(Dialect::Mkdocs), Some(Dialect::Wikijs)]),
    )
        .prop_map(|(blocks, header, crlf, dialect)| {
            let mut text = String::new();
            if header {
                text.push_str("---\ntitle: T\ndescription: \npublished: true\ntags: a, b\n---\n\n");
            }
            text.push_str(&blocks.join("\n\n"));
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            (text, dialect)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn generated_pages_fix_idempotently((text, dialect) in document()) {
        assert_fix_properties(&text, dialect);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(\\PC|[<>\"'=/!*_`\\n ]){0,200}") {
        assert_fix_properties(&text, None);
    }

    /// One round copies every byte outside the accepted edits verbatim, applies whole fixes only,
    /// and defers exactly the fixes that overlap an accepted one.
    #[test]
    fn a_round_touches_only_edited_bytes(
        text in "[a-cæ🙂\\n]{0,40}",
        raw in prop::collection::vec(
            prop::collection::vec((0usize..60, 0usize..6, "[xyz]{0,3}"), 0..3), 0..8),
    ) {
        let fixes: Vec<Vec<Edit>> = raw
            .iter()
            .map(|f| f.iter().map(|(s, l, c)| Edit::replace(*s..*s + *l, c.clone())).collect())
            .collect();
        let round = apply_round(&text, fixes.iter().map(Vec::as_slice));
        // Rebuild the output from the original's untouched bytes and the accepted edits.
        let mut rebuilt = String::new();
        let mut pos = 0;
        for e in &round.edits {
            prop_assert!(e.range.start >= pos, "accepted edits overlap");
            rebuilt.push_str(&text[pos..e.range.start]);
            rebuilt.push_str(&e.content);
            pos = e.range.end;
        }
        rebuilt.push_str(&text[pos..]);
        prop_assert_eq!(&rebuilt, &round.text);
        // Every edit of an applied fix is among the accepted ones; a deferred fix clashes with one.
        for (fix, outcome) in fixes.iter().zip(&round.outcome) {
            match outcome {
                None => prop_assert!(fix.iter().all(|e| round.edits.contains(e))),
                Some(Skip::Deferred) => {
                    let clash = fix.iter().any(|e| round.edits.iter().any(|a| overlaps(&a.range, &e.range)));
                    prop_assert!(clash, "deferred without a clash");
                }
                Some(_) => {}
            }
        }
    }
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

// ---- fixtures and seeds -------------------------------------------------------------------

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() && p.file_name().is_some_and(|n| n != "node_modules") {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_fixture_and_guide_fixes_idempotently() {
    let mut files = Vec::new();
    for d in ["tests/fixtures", "tests/e2e/fixtures", "guides"] {
        markdown_files(&root().join(d), &mut files);
    }
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.to_string_lossy();
        let dialect = if name.ends_with(".wikijs.md") || name.contains("/da/") {
            Some(Dialect::Wikijs)
        } else if name.ends_with(".mkdocs.md") || name.contains("/en/") {
            Some(Dialect::Mkdocs)
        } else {
            None
        };
        assert_fix_properties(&text, dialect);
    }
}

const EN_SEED: &str = include_str!("fixtures/seeds/000_96c5de40a4f96d87.txt");
const DA_SEED: &str = include_str!("fixtures/seeds/002_ed018420886e4baa.txt");

#[test]
fn seeds_fix_only_the_broken_bytes() {
    // English: GL302 quotes the admonition title, GL102 prepends the missing slash; nothing
    // else changes.
    let en = fixed(EN_SEED, Some(Dialect::Mkdocs), false);
    let diff: Vec<_> = EN_SEED
        .lines()
        .zip(en.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(diff.len(), 2, "{diff:?}");
    assert_eq!(diff[0].1, "!!! note \"Not all data will be migrated\"");
    assert!(
        diff[1]
            .1
            .contains("path=\"/settings/exports/domain_blocks.csv\"")
    );
    assert_eq!(EN_SEED.len() + 3, en.len());

    // Danish: GL102 once, GL104 on the five `default-value` spans, GL305 closes the two
    // `<div .../>`; same line count, the front matter and the missing final newline kept.
    let da = fixed(DA_SEED, Some(Dialect::Wikijs), false);
    let changed: Vec<usize> = DA_SEED
        .lines()
        .zip(da.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(changed, [38, 57, 74, 89, 91, 110, 128, 141]);
    assert_eq!(da.matches("<div style=\"clear: both\"></div>").count(), 2);
    assert_eq!(DA_SEED.lines().count(), da.lines().count());
    assert_eq!(da.ends_with('\n'), DA_SEED.ends_with('\n'));
    assert!(!da.contains("default-value"));
    assert_eq!(&da[..300], &DA_SEED[..300]);

    // With unsafe fixes the components also move to `data-*` (GL110).
    let da_unsafe = fixed(DA_SEED, Some(Dialect::Wikijs), true);
    assert!(!da_unsafe.contains(" identity="));
    assert_eq!(da_unsafe.matches("data-identity=").count(), 22);
    assert_eq!(da_unsafe.matches("data-default=").count(), 8);
}

/// Translation findings come from the workspace phase: `--fix` must neither take their
/// suppressions for unused (and delete them) nor leave the findings out of its report.
#[test]
fn fix_keeps_translation_suppressions_and_reports_translation_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let write = |rel: &str, text: &str| {
        let p = d.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "guide-lint.yml",
        "guides: guides\nsource-locale: en\ntarget-locales: [da]\n",
    );
    let en = "# Moving\n\nMoving your account takes a few steps, and you can stop at any time.\n\n\
              Open the export page and download every file you will need later on.\n\n\
              Your followers move with you, but your posts stay on the old server.\n\n\
              Wait a few minutes before you try the import again on the new server.\n";
    let da = "# Flytning\n\nFlytningen af din konto tager nogle få trin, og du kan stoppe når som helst.\n\n\
              <!-- guide-lint-disable-next-line GL403 -- quoted from the server -->\n\
              Open the export page and download every file you will need later on.\n\n\
              Dine følgere flytter med dig, men dine opslag bliver på den gamle server.\n\n\
              Wait a few minutes before you try the import again on the new server.\n";
    write("guides/en/move.md", en);
    write("guides/da/move.md", da);
    let config = Config::load(Some(&d.join("guide-lint.yml")), d).unwrap();
    let report = guide_lint::fix(&[config.guides_root()], &config, &options(false));
    assert!(
        report.files.is_empty(),
        "nothing to fix, yet: {:?}",
        report.files.iter().map(|f| f.diff()).collect::<Vec<_>>()
    );
    let codes: Vec<(&str, usize)> = report
        .check
        .findings
        .iter()
        .map(|f| {
            let line = report.check.sources[&*f.path][..f.range.start]
                .matches('\n')
                .count()
                + 1;
            (f.rule.code(), line)
        })
        .collect();
    // The unsuppressed English paragraph (line 10) is reported; the suppressed one is not, and
    // its suppression is used.
    assert_eq!(codes, vec![("GL403", 10)], "{:?}", report.check.findings);
}

// ---- whole trees: the workspace rules' fixes, one run -------------------------------------

fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

const BILINGUAL_CONFIG: &str = "guides: guides\nsource-locale: en\ntarget-locales: [da]\n\
    dialects:\n  - path: \"en/**\"\n    dialect: mkdocs\n  - path: \"da/**\"\n    dialect: wikijs\n";

/// Runs `--fix` on the project in `dir` and writes the result; returns the changed files.
fn fix_tree(dir: &Path) -> Vec<PathBuf> {
    let config = Config::load(Some(&dir.join("guide-lint.yml")), dir).unwrap();
    let report = guide_lint::fix(&[config.guides_root()], &config, &options(false));
    assert!(report.write().is_empty());
    report.files.iter().map(|f| f.path.clone()).collect()
}

/// A file link in a Danish page to the English page is fixed to the page's link, and that link
/// to the Danish page, in one run (it took two).
#[test]
fn workspace_fixes_reach_their_result_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_tree(
        d,
        &[
            ("guide-lint.yml", BILINGUAL_CONFIG),
            ("guides/en/tips.md", "# Tips\n\nSome tips.\n"),
            (
                "guides/da/tips.md",
                "---\ntitle: Tips\n---\n# Tips\n\nNogle tips.\n",
            ),
            ("guides/en/move.md", "# Move\n\nSee [the tips](tips.md).\n"),
            (
                "guides/da/move.md",
                "---\ntitle: Flyt\n---\n# Flyt\n\nSe [](../tips.md) og [tips](../en/tips.md).\n",
            ),
        ],
    );
    let changed = fix_tree(d);
    assert_eq!(changed.len(), 1, "{changed:?}");
    let da = std::fs::read_to_string(d.join("guides/da/move.md")).unwrap();
    assert!(
        da.ends_with("Se [](/da/tips) og [tips](/da/tips).\n"),
        "{da}"
    );
    assert!(fix_tree(d).is_empty(), "a second run changed something");
}

/// On every fixture project and on the guides, a second `--fix` run (workspace rules included)
/// changes nothing.
#[test]
fn every_fixture_project_fixes_in_one_run() {
    let projects = [
        "guides",
        "tests/fixtures/realistic/wikijs-repo",
        "tests/fixtures/realistic/mkdocs-site",
    ];
    for project in projects {
        let dir = tempfile::tempdir().unwrap();
        let src = root().join(project);
        if project == "guides" {
            std::fs::copy(
                root().join("guide-lint.yml"),
                dir.path().join("guide-lint.yml"),
            )
            .unwrap();
            std::fs::create_dir_all(dir.path().join("guides")).unwrap();
            support::copy_tree(&src, &dir.path().join("guides"));
        } else {
            support::copy_tree(&src, dir.path());
        }
        let config = dir
            .path()
            .join("guide-lint.yml")
            .is_file()
            .then(|| dir.path().join("guide-lint.yml"));
        let config = Config::load(config.as_deref(), dir.path()).unwrap();
        let paths = [config.guides_root()];
        let first = guide_lint::fix(&paths, &config, &options(false));
        assert!(first.write().is_empty());
        let second = guide_lint::fix(&paths, &config, &options(false));
        assert!(
            second.files.is_empty(),
            "{project}: a second run changes {:?}",
            second.files.iter().map(|f| f.diff()).collect::<Vec<_>>()
        );
    }
}

/// `check --diff` prints a diff that `git apply` applies to give what `--fix` writes, even with
/// a line that looks like a workflow command next to a fix, CRLF line endings and no final
/// newline; and no line of it starts a workflow command.
#[test]
fn the_printed_diff_applies_with_git() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page = "# Move\r\n\r\n::error::not a command\r\n!!! note Not all data will be migrated\r\n\r\n    Body.\r\n\r\n  ::warning::x";
    write_tree(
        d,
        &[
            ("guide-lint.yml", "guides: guides\n"),
            ("guides/move.md", page),
        ],
    );
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("guide-lint")
            .unwrap()
            .current_dir(d)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let diff = run(&["check", "--no-cache", "--diff"]);
    assert!(
        diff.contains("+!!! note \"Not all data will be migrated\"\r\n"),
        "{diff}"
    );
    for line in diff.split(['\n', '\r']) {
        assert!(!line.trim_start().starts_with("::"), "{line:?} in\n{diff}");
    }
    std::fs::write(d.join("fix.diff"), &diff).unwrap();
    let git = std::process::Command::new("git")
        .current_dir(d)
        .args(["apply", "--unsafe-paths", "fix.diff"])
        .output()
        .expect("git runs");
    assert!(
        git.status.success(),
        "git apply: {}\n{diff}",
        String::from_utf8_lossy(&git.stderr)
    );
    let applied = std::fs::read_to_string(d.join("guides/move.md")).unwrap();
    std::fs::write(d.join("guides/move.md"), page).unwrap();
    run(&["check", "--no-cache", "--fix"]);
    let fixed = std::fs::read_to_string(d.join("guides/move.md")).unwrap();
    assert_ne!(fixed, page);
    assert_eq!(applied, fixed);
}

/// `check --fix` that changes no file still removes the temporary files an interrupted run left
/// beside the pages (regular files named for a process that is gone), in every folder it could
/// write; a page, another file and a temporary file of a running process are left alone.
#[test]
fn a_fix_that_writes_nothing_removes_an_interrupted_runs_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page = "---\ntitle: Flyt\n---\n# Flyt\n\nIntet at rette.\n";
    write_tree(
        d,
        &[
            ("guide-lint.yml", BILINGUAL_CONFIG),
            ("guides/en/move.md", "# Move\n\nNothing to fix.\n"),
            ("guides/da/move.md", page),
            ("guides/da/sub/deep.md", page),
            // Left by a run killed between writing its temporary file and renaming it.
            ("guides/da/.guide-lint-4294967294-AbC123.tmp", "half a page"),
            ("guides/da/sub/.guide-lint-4294967293-XyZ789.tmp", "half"),
            // Not a temporary file's name; the running test's own process.
            ("guides/da/.guide-lint-notes.txt", "kept"),
        ],
    );
    let live = format!("guides/en/.guide-lint-{}-Live01.tmp", std::process::id());
    write_tree(d, &[(live.as_str(), "being written")]);
    let out = assert_cmd::Command::cargo_bin("guide-lint")
        .unwrap()
        .current_dir(d)
        .args(["check", "--no-cache", "--fix"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("fixed 0 findings in 0 files"), "{stderr}");
    assert!(
        !d.join("guides/da/.guide-lint-4294967294-AbC123.tmp")
            .exists()
    );
    assert!(
        !d.join("guides/da/sub/.guide-lint-4294967293-XyZ789.tmp")
            .exists()
    );
    assert!(d.join("guides/da/.guide-lint-notes.txt").exists());
    assert!(
        d.join(&live).exists(),
        "a running writer's file was removed"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("guides/da/move.md")).unwrap(),
        page
    );
}

/// A component in a table cell after an attribute holding `\|`, and in the paragraph right
/// before a table after `\|`: comrak reads both with the pipe unescaped, and the fixes must
/// still edit the file's own bytes.
#[test]
fn components_after_an_escaped_pipe_are_fixed_in_place() {
    let text = "Intro a\\|b <a identity=\"old\" path=\"settings\">x</a>\n| a | b |\n|---|---|\n| <a title=\"x\\|y\" identity=\"old\" path=\"settings\">x</a> | q |\n";
    let out = fixed(text, Some(Dialect::Wikijs), true);
    assert_eq!(
        out,
        "Intro a\\|b <a data-identity=\"old\" data-path=\"/settings\">x</a>\n| a | b |\n|---|---|\n| <a title=\"x\\|y\" data-identity=\"old\" data-path=\"/settings\">x</a> | q |\n"
    );
    assert_fix_properties(text, Some(Dialect::Wikijs));
}
