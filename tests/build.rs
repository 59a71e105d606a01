//! `guide-lint build`: conversions, layout, headers, dates and `--check`, without Node (the
//! rendering proof is in tests/build_e2e.rs).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use assert_cmd::Command;
use guide_lint::build::convert::{PageIndex, PageTarget, anchor_map, page_of};
use guide_lint::build::{BuildOptions, build, convert_text};
use guide_lint::config::{Config, ConfigFile};
use guide_lint::{Dialect, Document, FixOptions, fix_text};
use proptest::prelude::*;

fn config() -> Config {
    Config::from_parts(ConfigFile::default(), None, PathBuf::from(".")).unwrap()
}

/// Converts `text` as the page `rel` of a one-page (plus `others`) build.
fn convert(rel: &str, text: &str, dialect: Dialect, others: &[(&str, &str, Dialect)]) -> String {
    let cfg = config();
    let mut index = PageIndex::new();
    let mut add = |rel: &str, text: &str, d: Dialect| {
        let doc = Document::parse(PathBuf::from(rel), text.to_string(), Some(d));
        let (locale, path) = page_of(Path::new(rel), "en");
        index.insert(
            rel.to_string(),
            PageTarget {
                locale,
                path,
                anchors: anchor_map(&doc),
            },
        );
    };
    add(rel, text, dialect);
    for (r, t, d) in others {
        add(r, t, *d);
    }
    let doc = Document::parse(PathBuf::from(rel), text.to_string(), Some(dialect));
    let (out, _) = convert_text(&doc, Path::new(rel), &cfg, &index).unwrap();
    // Building the result again as a Wiki.js page changes nothing.
    let again = Document::parse(PathBuf::from(rel), out.clone(), Some(Dialect::Wikijs));
    let (twice, n) = convert_text(&again, Path::new(rel), &cfg, &index).unwrap();
    assert_eq!(twice, out, "not stable: {n:?}");
    out
}

fn mkdocs(text: &str) -> String {
    convert("en/page.md", text, Dialect::Mkdocs, &[])
}

#[test]
fn admonitions_become_callouts() {
    let out = mkdocs(
        "!!! note \"Title with **bold** and `code`\"\n\n    Body line one\n    continues here.\n\n    Second paragraph.\n\nAfter.\n",
    );
    assert_eq!(
        out,
        "> **Title with bold and `code`**\n>\n> Body line one continues here.\n>\n> Second paragraph.\n{.is-info}\n\nAfter.\n"
    );
    // No title: the type is the colour only; unquoted words were meant as the title.
    assert_eq!(
        mkdocs("!!! warning\n\n    Careful.\n"),
        "> Careful.\n{.is-warning}\n"
    );
    assert_eq!(
        mkdocs("!!! danger Not all data\n\n    Body.\n"),
        "> **Not all data**\n>\n> Body.\n{.is-danger}\n"
    );
    // Title only, next line not blank: a blank line keeps the class line last.
    assert_eq!(
        mkdocs("!!! tip \"Just a tip\"\nText after.\n"),
        "> **Just a tip**\n{.is-success}\n\nText after.\n"
    );
    // Plain quote for `quote`, and the class map.
    assert_eq!(
        mkdocs("!!! quote \"Q\"\n\n    Said.\n"),
        "> **Q**\n>\n> Said.\n"
    );
    for (kind, class) in [
        ("abstract", "is-info"),
        ("done", "is-success"),
        ("question", "is-info"),
        ("faq", "is-info"),
        ("bug", "is-danger"),
        ("caution", "is-warning"),
        ("unknown-type", "is-info"),
    ] {
        let out = mkdocs(&format!("!!! {kind}\n\n    x\n"));
        assert!(out.ends_with(&format!("{{.{class}}}\n")), "{kind}: {out}");
    }
    // Collapsible blocks too.
    assert_eq!(
        mkdocs("??? info \"More\"\n\n    Hidden.\n"),
        "> **More**\n>\n> Hidden.\n{.is-info}\n"
    );
}

#[test]
fn admonitions_whose_class_line_would_misfire_use_an_html_blockquote() {
    // Body ends with a list: `{.is-x}` would land on the list.
    let out = mkdocs("!!! info \"Steps\"\n\n    Do this:\n\n    1. one\n    1. two\n\nAfter.\n");
    assert_eq!(
        out,
        "<blockquote class=\"is-info\">\n\n**Steps**\n\nDo this:\n\n1. one\n1. two\n\n</blockquote>\n\nAfter.\n"
    );
    // Body ends with a fence.
    let out = mkdocs("!!! example\n\n    ```sh\n    ls\n    ```\n");
    assert!(
        out.starts_with("<blockquote class=\"is-info\">\n\n```sh\nls\n```\n\n</blockquote>"),
        "{out}"
    );
    // Nested: the inner callout ends the outer one.
    let out = mkdocs(
        "!!! warning \"Outer\"\n\n    Outer text.\n\n    !!! tip \"Inner\"\n\n        Inner text.\n\nAfter.\n",
    );
    assert_eq!(
        out,
        "<blockquote class=\"is-warning\">\n\n**Outer**\n\nOuter text.\n\n> **Inner**\n>\n> Inner text.\n{.is-success}\n\n</blockquote>\n\nAfter.\n"
    );
    // Nested in the middle: both quote form.
    let out = mkdocs(
        "!!! note \"Outer\"\n\n    !!! tip \"Inner\"\n\n        Inner text.\n\n    Outer again.\n",
    );
    assert_eq!(
        out,
        "> **Outer**\n>\n> > **Inner**\n> >\n> > Inner text.\n> {.is-success}\n>\n> Outer again.\n{.is-info}\n"
    );
}

#[test]
fn admonitions_in_lists() {
    // Last in its list item: the class line would go to the item, so an HTML blockquote.
    let out = mkdocs("1. Step\n\n    !!! note \"N\"\n\n        Inside.\n\n1. Next\n");
    assert_eq!(
        out,
        "1. Step\n\n    <blockquote class=\"is-info\">\n\n    **N**\n\n    Inside.\n\n    </blockquote>\n\n1. Next\n"
    );
    // Followed by more item content: quote form.
    let out = mkdocs("* Step\n\n    !!! tip\n\n        Inside.\n\n    More of the item.\n");
    assert_eq!(
        out,
        "* Step\n\n    > Inside.\n    {.is-success}\n\n    More of the item.\n"
    );
}

#[test]
fn images_figures_and_tags() {
    let out = mkdocs("![Export](/img/export.png){ align=right width=\"300\" }\n");
    assert_eq!(out, "![Export](/img/export.png =300x){.align-right}\n");
    let out = mkdocs("![A](a.png \"t\"){: .shadow width=50% height=200px loading=lazy }\n");
    assert_eq!(out, "![A](a.png \"t\" =50%x200){.shadow}\n");
    let out = mkdocs("![A](a.png){ loading=lazy }\n");
    assert_eq!(out, "![A](a.png)\n");
    let out = mkdocs(
        "<figure markdown>\n  ![Dog](/img/dog.png){ width=\"300\" }\n  <figcaption>A *good* dog</figcaption>\n</figure>\n\nText.\n",
    );
    assert_eq!(
        out,
        "![Dog](/img/dog.png =300x){.align-center}\n\n*A *good* dog*\n\nText.\n"
    );
    let out = mkdocs("<div style=\"clear: both\"/>\n\n<svg><path d=\"M0\"/></svg>\n\n<br/>\n");
    assert_eq!(
        out,
        "<div style=\"clear: both\"></div>\n\n<svg><path d=\"M0\"/></svg>\n\n<br/>\n"
    );
}

#[test]
fn components_get_data_attributes() {
    let out = convert(
        "da/p.md",
        "<a identity=\"old\" target=\"_blank\" path=\"/x\">x</a> <span identity=\"new\" tag=\"code\" prefix=\"@\" suffix=\"!\" default-value=\"d\"></span> <span identity=\"old\" default=\"a\" default-value=\"b\"></span>\n",
        Dialect::Wikijs,
        &[],
    );
    assert_eq!(
        out,
        "<a data-identity=\"old\" target=\"_blank\" data-path=\"/x\">x</a> <span data-identity=\"new\" data-tag=\"code\" data-prefix=\"@\" data-suffix=\"!\" data-default=\"d\"></span> <span data-identity=\"old\" data-default=\"a\" data-default-value=\"b\"></span>\n"
    );
}

#[test]
fn page_links_and_anchors() {
    let target = "# Tips\n\n## 2. Export your data\n";
    let out = convert(
        "en/guide/move.md",
        "## 1. Intro\n\nSee [tips](../tips.md), [export](../tips.md#2-export-your-data), [da](../../da/tips.md), [here](#1-intro), [dir](../tips/), [missing](other.md#x), [ext](https://x.org/a.md), [asset](../files/a.pdf), [child](sub) and <a href=\"../tips.md\">html</a>.\n",
        Dialect::Mkdocs,
        &[
            ("en/tips.md", target, Dialect::Mkdocs),
            ("da/tips.md", target, Dialect::Wikijs),
        ],
    );
    assert_eq!(
        out,
        "## 1. Intro\n\nSee [tips](/en/tips), [export](/en/tips#h-2-export-your-data), [da](/da/tips), [here](#h-1-intro), [dir](/en/tips), [missing](/en/guide/other#x), [ext](https://x.org/a.md), [asset](../files/a.pdf), [child](sub) and <a href=\"/en/tips\">html</a>.\n"
    );
    // Wiki.js pages: `.md` links are fixed, Wiki.js child links and anchors are left alone.
    let out = convert(
        "da/move.md",
        "[a](tips.md) [b](sub-page) [c](#h-1-intro) [d](/da/tips)\n",
        Dialect::Wikijs,
        &[],
    );
    assert_eq!(
        out,
        "[a](/da/tips) [b](sub-page) [c](#h-1-intro) [d](/da/tips)\n"
    );
    assert_eq!(
        page_of(Path::new("da/v1.2/x.md"), "en"),
        ("da".into(), "v12/x".into())
    );
    assert_eq!(
        page_of(Path::new("home.md"), "en"),
        ("en".into(), "home".into())
    );
}

#[test]
fn conflict_markers_are_never_joined_to_a_list_item() {
    let page = "# Restore\n\n<<<<<<< guide\n1. Stop Synapse first.\n=======\n1. Stop Synapse now.\n\
                >>>>>>> wiki en/backup\n2. Restore.\n3. Start it again. <<<<<<< guide\n";
    let built = convert("en/backup.md", page, Dialect::Mkdocs, &[]);
    for marker in [
        "<<<<<<< guide\n",
        "\n=======\n",
        "\n>>>>>>> wiki en/backup\n",
    ] {
        assert!(built.contains(marker), "{marker:?}: {built}");
    }
    assert!(built.contains("\n1. Stop Synapse first.\n"), "{built}");
}

#[test]
fn a_definition_stays_on_its_own_line_under_its_term() {
    let page = "# Glossary\n\nRoom\n:   A conversation\n    between people.\n\nText\nwrapped.\n";
    let built = convert("en/glossary.md", page, Dialect::Mkdocs, &[]);
    assert!(
        built.contains("\n\nRoom\n:   A conversation between people.\n\nText wrapped.\n"),
        "{built}"
    );
}

#[test]
fn abbreviation_definitions_stay_on_lines_of_their_own() {
    let page = "# Formats

Export a CSV file
of your follows.

*[CSV]: Comma-separated values
*[URL]: Uniform Resource Locator
";
    let built = convert("en/formats.md", page, Dialect::Mkdocs, &[]);
    assert!(
        built.contains(
            "Export a CSV file of your follows.\n\n*[CSV]: Comma-separated values\n*[URL]: \
             Uniform Resource Locator\n"
        ),
        "{built}"
    );
}

#[test]
fn link_definitions_after_a_paragraph_s_text_start_a_paragraph_of_their_own() {
    // Python-Markdown reads `[move]: ...` where it stands; markdown-it only where a paragraph
    // may start, so the built page has a paragraph break before the definitions (a line of the
    // quote's markers inside a quote), and the lines after a definition keep their breaks.
    let page = "# Move

Read [the guide][move]
first, then [the rest][rest].
[move]: https://docs.joinmastodon.org/user/moving/
[rest]: https://example.org/rest

[top]: https://example.org/top
Back to [the top][top].

> Quoted [link][q]
> here.
> [q]: https://example.org/q
";
    let built = convert("en/move.md", page, Dialect::Mkdocs, &[]);
    for expected in [
        "Read [the guide][move] first, then [the rest][rest].\n\n[move]: \
         https://docs.joinmastodon.org/user/moving/\n[rest]: https://example.org/rest\n",
        "[top]: https://example.org/top\nBack to [the top][top].\n",
        "> Quoted [link][q] here.\n>\n> [q]: https://example.org/q\n",
    ] {
        assert!(built.contains(expected), "{expected:?} in {built}");
    }
    let crlf = convert(
        "en/move.md",
        &page.replace('\n', "\r\n"),
        Dialect::Mkdocs,
        &[],
    );
    assert!(
        crlf.contains("[the rest][rest].\r\n\r\n[move]: "),
        "{crlf:?}"
    );
}

const DA_SEED: &str = include_str!("fixtures/seeds/002_ed018420886e4baa.txt");
const EN_SEED: &str = include_str!("fixtures/seeds/000_96c5de40a4f96d87.txt");
const WIKIJS_READY: &str = include_str!("e2e/fixtures/move-server.wikijs.md");

#[test]
fn wikijs_ready_pages_are_left_alone() {
    // The hand-converted page: only its `.md` links (asset links on Wiki.js) change.
    let built = convert("da/move.md", WIKIJS_READY, Dialect::Wikijs, &[]);
    let changed: Vec<_> = WIKIJS_READY
        .lines()
        .zip(built.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [
            (
                "* [Getting started on Mastodon](getting-started-on-mastodon.md)",
                "* [Getting started on Mastodon](/da/getting-started-on-mastodon)"
            ),
            (
                "* [Tips and Tricks](tips.md)",
                "* [Tips and Tricks](/da/tips)"
            ),
            (
                "* [Twitter and Mastodon](twitter-and-mastodon.md)",
                "* [Twitter and Mastodon](/da/twitter-and-mastodon)"
            ),
        ]
    );
    assert_eq!(built.len(), WIKIJS_READY.len() + 3);
    // The Danish guide as maintained is Wiki.js-ready apart from its plain component attributes.
    let guide = include_str!("../guides/da/move-to-another-mastodon-server.md");
    let built = convert("da/move.md", guide, Dialect::Wikijs, &[]);
    for (a, b) in guide.lines().zip(built.lines()).filter(|(a, b)| a != b) {
        assert_eq!(
            a.replace(" identity=", " data-identity=")
                .replace(" path=", " data-path=")
                .replace(" tag=", " data-tag=")
                .replace(" prefix=", " data-prefix=")
                .replace(" default=", " data-default="),
            b
        );
    }
    // The Danish seed after `check --fix --unsafe-fixes`.
    let doc = Document::parse(
        PathBuf::from("da/move.md"),
        DA_SEED.to_string(),
        Some(Dialect::Wikijs),
    );
    let page = guide_lint::discover::PageFile {
        path: PathBuf::from("da/move.md"),
        rel: Some(PathBuf::from("da/move.md")),
        locale: Some("da".into()),
        walked_regular: false,
    };
    let options = FixOptions {
        unsafe_fixes: true,
        ..FixOptions::default()
    };
    let fixed = fix_text(&page, &doc, &config(), &options).unwrap().text;
    // What the rules cannot fix mechanically (GL305 `<div/>`, the `.md` links) build does.
    let built = convert("da/move.md", &fixed, Dialect::Wikijs, &[]);
    let changed: Vec<_> = fixed
        .lines()
        .zip(built.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a)
        .collect();
    for line in &changed {
        assert!(
            line.contains("/>") || line.contains(".md)"),
            "build changed a line that was already Wiki.js-ready: {line}"
        );
    }
    let again = convert("da/move.md", &built, Dialect::Wikijs, &[]);
    assert_eq!(again, built);
}

#[test]
fn the_english_seed_converts_completely() {
    let out = convert("en/move.md", EN_SEED, Dialect::Mkdocs, &[]);
    let doc = Document::parse(PathBuf::from("x.md"), out.clone(), Some(Dialect::Wikijs));
    assert!(doc.admonitions.is_empty());
    assert!(!out.contains(" identity="), "{out}");
    assert!(
        !out.contains("    In this step"),
        "indented body left: {out}"
    );
    assert_eq!(
        out.matches("{.is-").count() + out.matches("<blockquote class=").count(),
        12
    );
    // The unquoted title of line 3 is the title; the broken anchors are kept, not guessed.
    assert!(out.starts_with(
        "# Changing Mastodon server\n\n> **Not all data will be migrated**\n>\n> You will not lose"
    ));
    assert!(out.contains("(#1-export-your-data)"));
    // GL102's safe fix is applied while building.
    assert!(out.contains("data-path=\"/settings/exports/domain_blocks.csv\""));
}

// ---- whole builds ---------------------------------------------------------------------------

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, t) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, t).unwrap();
    }
    dir
}

const CONFIG: &str = "guides: guides\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - {path: \"en/**\", dialect: mkdocs}\n  - {path: \"da/**\", dialect: wikijs}\n";

fn load(dir: &Path) -> Config {
    Config::load(Some(&dir.join("guide-lint.yml")), dir).unwrap()
}

#[test]
fn layout_headers_and_scripts() {
    let dir = tree(&[
        (
            "guide-lint.yml",
            &format!("{CONFIG}build:\n  always-namespace: false\n"),
        ),
        (
            "guides/en/move.md",
            "---\ndescription: \"Move: how\"\ntags: [Mastodon, Moving]\n---\n# Move account\n\n<a identity=\"old\" path=\"/x\">x</a>\n",
        ),
        ("guides/en/v1.2/notes.md", "No heading here.\n"),
        ("guides/da/move.md", DA_SEED),
    ]);
    let config = load(dir.path());
    let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
    let report = build(
        &config,
        &BuildOptions {
            previous: None,
            now,
        },
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let files: Vec<_> = report.pages.iter().map(|p| p.file.clone()).collect();
    assert_eq!(
        files,
        [
            PathBuf::from("da/move.md"),
            PathBuf::from("move.md"),
            PathBuf::from("v12/notes.md")
        ]
    );
    let en = &report.pages[1];
    assert_eq!(
        en.content,
        "---\ntitle: Move account\ndescription: 'Move: how'\npublished: true\ndate: 2023-11-14T22:13:20.123Z\ntags: mastodon, moving\neditor: markdown\ndateCreated: 2023-11-14T22:13:20.123Z\n---\n\n# Move account\n\n<a data-identity=\"old\" data-path=\"/x\">x</a>\n"
    );
    assert_eq!(en.script_file.as_deref(), Some(Path::new("en/move.html")));
    assert!(
        en.script_js
            .as_deref()
            .unwrap()
            .contains(r#"{"identities":{"new":"to-server","old":"from-server"}}"#)
    );
    assert_eq!(report.pages[2].title, "notes");
    assert!(report.pages[2].script_js.is_none());
    let da = &report.pages[0];
    assert_eq!(da.title, "Flyt/Skift Mastodon server");
    assert_eq!(da.tags, ["mastodon"]);
    assert_eq!(da.date_created, "2023-01-02T16:43:22.287Z");
    // A Wiki.js-ready page keeps its own `date`: the build is not an edit.
    assert_eq!(da.date, "2023-01-02T19:58:59.845Z");
    assert!(da.content.contains("\ndate: 2023-01-02T19:58:59.845Z\n"));
    assert!(
        da.content
            .starts_with("---\ntitle: Flyt/Skift Mastodon server\ndescription: I denne guide")
    );
    assert!(da.body.starts_with("# Flyt/skift Mastodon server\n"));

    // alwaysNamespace puts the primary locale under its folder too.
    std::fs::write(
        dir.path().join("guide-lint.yml"),
        format!("{CONFIG}build:\n  always-namespace: true\n"),
    )
    .unwrap();
    let report = build(
        &load(dir.path()),
        &BuildOptions {
            previous: None,
            now,
        },
    );
    assert_eq!(report.pages[1].file, PathBuf::from("en/move.md"));
}

#[test]
fn collisions_are_errors() {
    let dir = tree(&[
        ("guide-lint.yml", CONFIG),
        ("guides/da/v1.md", "a\n"),
        ("guides/da/v.1.md", "b\n"),
    ]);
    let report = build(&load(dir.path()), &BuildOptions::default());
    assert_eq!(report.pages.len(), 1);
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0]
            .message
            .contains("same Wiki.js page `/da/v1`"),
        "{:?}",
        report.errors
    );
}

fn guide_lint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("guide-lint").unwrap();
    c.current_dir(dir);
    c
}

#[test]
fn rebuilding_causes_no_churn_and_check_reports_stale_pages() {
    let dir = tree(&[
        ("guide-lint.yml", CONFIG),
        ("guides/en/move.md", EN_SEED),
        ("guides/da/move.md", DA_SEED),
    ]);
    let d = dir.path();
    guide_lint(d)
        .args(["build", "--check"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .assert()
        .code(1);
    guide_lint(d)
        .args(["build"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .assert()
        .success();
    let page = d.join("build/wiki/move.md");
    let script = d.join("build/wiki.scripts/en/move.html");
    assert!(script.is_file() && d.join("build/wiki.scripts/da/move.html").is_file());
    let first = std::fs::read_to_string(&page).unwrap();
    assert!(first.contains("date: 2023-11-14T22:13:20.000Z\n"));
    let mtime = std::fs::metadata(&page).unwrap().modified().unwrap();

    // Later, nothing changed: same bytes, file untouched, --check clean.
    guide_lint(d)
        .args(["build", "--check"])
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .assert()
        .success();
    guide_lint(d)
        .args(["build"])
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&page).unwrap(), first);
    assert_eq!(std::fs::metadata(&page).unwrap().modified().unwrap(), mtime);

    // The English page changes: --check names it; the rebuild bumps `date`, keeps `dateCreated`.
    std::fs::write(
        d.join("guides/en/move.md"),
        EN_SEED.replace("Changing Mastodon", "Moving Mastodon"),
    )
    .unwrap();
    let out = guide_lint(d)
        .args(["build", "--check"])
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("build/wiki/move.md: out of date"),
        "{stdout}"
    );
    assert!(!stdout.contains("da/move.md"), "{stdout}");
    guide_lint(d)
        .args(["build"])
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .assert()
        .success();
    let second = std::fs::read_to_string(&page).unwrap();
    assert!(second.contains("title: Moving Mastodon server\n"));
    assert!(
        second.contains("date: 2027-01-15T08:00:00.000Z\n"),
        "{second}"
    );
    assert!(second.contains("dateCreated: 2023-11-14T22:13:20.000Z\n"));

    // An output folder inside the guides is refused, and the error says how to choose another.
    let out = guide_lint(d)
        .args(["build", "--out", "guides/out"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("overlaps the guides folder"), "{stderr}");
    assert!(
        stderr.contains("`build --out DIR`") && stderr.contains("`build.out`"),
        "{stderr}"
    );
    // `build.out` outside the repository: one readable message that names the command-line way.
    std::fs::write(
        d.join("guide-lint.yml"),
        format!("{CONFIG}build:\n  out: ../elsewhere\n"),
    )
    .unwrap();
    let out = guide_lint(d).args(["build"]).assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("outside the repository"), "{stderr}");
    assert!(!stderr.contains("  "), "{stderr}");
    assert!(stderr.contains("`build --out DIR`"), "{stderr}");
}

#[test]
fn check_fix_and_diff_exit_codes() {
    let dir = tree(&[("guide-lint.yml", CONFIG), ("guides/da/move.md", DA_SEED)]);
    let d = dir.path();
    let out = guide_lint(d).args(["check", "--diff"]).assert().code(1);
    let diff = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(diff.starts_with("--- a/") && diff.contains("+* <a identity=\"old\" target=\"_blank\" path=\"/settings/exports/domain_blocks.csv\">"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(d.join("guides/da/move.md")).unwrap(),
        DA_SEED
    );
    guide_lint(d).args(["check", "--fix"]).assert().code(1); // unfixable errors remain
    let fixed = std::fs::read_to_string(d.join("guides/da/move.md")).unwrap();
    assert!(
        !fixed.contains("default-value")
            && fixed.contains("path=\"/settings/exports/domain_blocks.csv\"")
    );
    guide_lint(d).args(["check", "--diff"]).assert().code(0);
    guide_lint(d)
        .args(["check", "--diff", "--unsafe-fixes"])
        .assert()
        .code(1);
    // `--fix` exits as a plain `check` of the fixed files does.
    let code = guide_lint(d)
        .args(["check", "--fix", "--unsafe-fixes"])
        .output()
        .unwrap()
        .status
        .code();
    assert_eq!(
        code,
        guide_lint(d).arg("check").output().unwrap().status.code()
    );
    let fixed = std::fs::read_to_string(d.join("guides/da/move.md")).unwrap();
    assert!(!fixed.contains(" identity="));
    guide_lint(d)
        .args(["check", "--diff", "--unsafe-fixes"])
        .assert()
        .code(0);
}

// ---- generated pages ------------------------------------------------------------------------

fn mk_block() -> impl Strategy<Value = String> {
    let inline = prop::sample::select(vec![
        "text with æøå",
        "<span identity=\"old\" tag=\"code\" default-value=\"x.dk\"></span>",
        "<a identity=\"new\" path=\"settings\">s</a>",
        "[l](other.md#2-x)",
        "[a](#1-intro)",
        "**b**",
        "`c`",
    ]);
    let para = prop::collection::vec(inline, 1..3).prop_map(|v| v.join(" "));
    (para.clone(), para, 0usize..9, 0usize..3).prop_map(|(p, q, shape, indent)| {
        let ind = "    ".repeat(indent.min(1));
        match shape {
            0 => format!("!!! note \"{p}\"\n\n    {q}\n    {p}"),
            1 => format!("1. item\n\n    !!! tip\n\n        {p}\n\n        1. {q}"),
            2 => format!("!!! warning \"T\"\n\n    !!! danger\n\n        {p}\n\n    {q}"),
            3 => format!("{ind}!!! info {p}"),
            4 => format!("## 1. Intro\n\n{p}\n{q}"),
            5 => format!("![i](x.png){{ align=left width=10 }} {p}"),
            6 => format!(
                "<figure markdown>\n  ![f](y.png)\n  <figcaption>{q}</figcaption>\n</figure>"
            ),
            7 => format!("<div class=\"x\"/>\n\n> {p}\n{{.is-info}}"),
            _ => format!("* {p}\n    * {q}\n\n    ```\n    !!! not an admonition\n    ```"),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Converting never fails on these constructs, leaves no `!!!` admonition or plain component
    /// attribute, and building the result again changes nothing (`convert` checks that).
    #[test]
    fn generated_mkdocs_pages_convert_stably(blocks in prop::collection::vec(mk_block(), 1..6)) {
        let text = blocks.join("\n\n") + "\n";
        let out = mkdocs(&text);
        let doc = Document::parse(PathBuf::from("x.md"), out.clone(), Some(Dialect::Wikijs));
        prop_assert!(doc.admonitions.is_empty(), "{}", out);
        prop_assert!(!doc.html.iter().any(|t| t.attr("identity").is_some()), "{}", out);
    }

    #[test]
    fn arbitrary_text_converts_without_panic(text in "(\\PC|[<>!*_`{}\\n ]){0,200}") {
        let _ = convert("en/x.md", &text, Dialect::Mkdocs, &[]);
        let _ = convert("da/x.md", &text, Dialect::Wikijs, &[]);
    }
}

/// Converts `text` (MkDocs, `en/page.md`) once with `cfg`.
fn convert_once(cfg: &Config, text: &str) -> String {
    let mut index = PageIndex::new();
    let doc = Document::parse(
        PathBuf::from("en/page.md"),
        text.to_string(),
        Some(Dialect::Mkdocs),
    );
    let (locale, path) = page_of(Path::new("en/page.md"), "en");
    index.insert(
        "en/page.md".into(),
        PageTarget {
            locale,
            path,
            anchors: anchor_map(&doc),
        },
    );
    convert_text(&doc, Path::new("en/page.md"), cfg, &index)
        .unwrap()
        .0
}

const SUPPRESSED: &str = "Intro.\n\n\
<!-- guide-lint-disable-next-line GL102 -- the script adds the slash here -->\n\
Open <a identity=\"old\" path=\"settings/export\">export</a>.\n\n\
Keep <a identity=\"old\" path=\"settings/import\">import</a>. <!-- guide-lint-disable-file GL101 -->\n\n\
```html\n<!-- guide-lint-disable GL101 -->\n```\n";

#[test]
fn build_drops_suppression_comments_and_never_fixes_what_they_suppress() {
    let out = convert_once(&config(), SUPPRESSED);
    assert_eq!(
        out,
        "Intro.\n\n\
Open <a data-identity=\"old\" data-path=\"settings/export\">export</a>.\n\n\
Keep <a data-identity=\"old\" data-path=\"/settings/import\">import</a>.\n\n\
```html\n<!-- guide-lint-disable GL101 -->\n```\n"
    );
}

#[test]
fn build_keeps_suppression_comments_when_configured() {
    let mut file = ConfigFile::default();
    file.build.keep_suppression_comments = true;
    let cfg = Config::from_parts(file, None, PathBuf::from(".")).unwrap();
    let out = convert_once(&cfg, SUPPRESSED);
    assert!(
        out.contains("<!-- guide-lint-disable-next-line GL102 -- the script adds the slash here -->\nOpen <a data-identity=\"old\" data-path=\"settings/export\">"),
        "{out}"
    );
    // An unused suppression is still removed: GL001's fix is safe.
    assert!(!out.contains("GL101 -->\n\n```"), "{out}");
}

#[test]
fn markdown_in_html_becomes_markdown_wikijs_parses() {
    // The content is set off by blank lines (an HTML block ends at one) and the attribute goes.
    assert_eq!(
        mkdocs("<div markdown>\nSome *markdown* here.\n</div>\n"),
        "<div>\n\nSome *markdown* here.\n\n</div>\n"
    );
    assert_eq!(
        mkdocs("<div class=\"grid\" markdown=\"1\">\n\n- one\n- two\n\n</div>\n"),
        "<div class=\"grid\">\n\n- one\n- two\n\n</div>\n"
    );
    // Nested, and on one line.
    assert_eq!(
        mkdocs("<section markdown>\n<div markdown>*a*</div>\n</section>\n"),
        "<section>\n\n<div>\n\n*a*\n\n</div>\n\n</section>\n"
    );
    // Without the attribute, HTML stays HTML.
    assert_eq!(mkdocs("<div>\n*a*\n</div>\n"), "<div>\n*a*\n</div>\n");
}

#[test]
fn content_tabs_stop_the_page_with_their_position() {
    let tabs = "# Apps\n\n```text\n=== \"In code\"\n```\n\n- Install:\n\n    === \"Android\"\n\n        Install Tusky.\n\n    === \"iPhone\"\n\n        Install Ice Cubes.\n";
    let dir = tree(&[
        ("guide-lint.yml", CONFIG),
        ("guides/en/apps.md", tabs),
        ("guides/en/other.md", "# Other\n\nText.\n"),
    ]);
    let cfg = load(dir.path());
    let report = build(&cfg, &BuildOptions::default());
    // The other page is still built; this one is not, and the error says where and why.
    assert_eq!(report.pages.len(), 1, "{:?}", report.errors);
    assert_eq!(report.errors.len(), 1);
    let e = &report.errors[0];
    assert!(e.path.ends_with("guides/en/apps.md"));
    assert_eq!(e.position.map(|(l, c, _)| (l, c)), Some((9, 5)));
    assert!(
        e.message
            .contains("MkDocs content tabs (`=== \"Android\"`) cannot become a Wiki.js tabset (GL319): they are inside a list, a quote or an admonition"),
        "{}",
        e.message
    );
}

/// Tabs followed by text in their section, or in a section too deep for a tabset, are shown
/// one after another (GL328): each title in bold above its content, the text after them in
/// its place, between two comments Wiki.js does not show, which name the tabs for
/// `sync --pull`.
#[test]
fn content_tabs_that_cannot_be_a_tabset_are_shown_one_after_another() {
    assert_eq!(
        mkdocs(
            "# Apps\n\n## Install\n\n=== \"Android\"\n\n    Install **Tusky**.\n\n    - one\n\n=== \"iPhone\"\n    Install Ice Cubes.\n\nThen log in.\n"
        ),
        "# Apps\n\n## Install\n\n<!-- content tabs \"Android\", \"iPhone\" -->\n\n**Android**\n\nInstall **Tusky**.\n\n- one\n\n**iPhone**\n\nInstall Ice Cubes.\n\n<!-- end of content tabs -->\n\nThen log in.\n"
    );
    // Bold inside a title is unwrapped; a section of level 5 has no room for a tabset.
    assert_eq!(
        mkdocs(
            "# A\n\n##### Deep\n\n=== \"The **new** app\"\n\n    New.\n\n=== \"Old\"\n\n    Old.\n"
        ),
        "# A\n\n##### Deep\n\n<!-- content tabs \"The **new** app\", \"Old\" -->\n\n**The new app**\n\nNew.\n\n**Old**\n\nOld.\n\n<!-- end of content tabs -->\n"
    );
}

#[test]
fn outputs_whose_source_is_gone_are_reported_and_pruned_only_on_request() {
    let dir = tree(&[
        ("guide-lint.yml", CONFIG),
        ("guides/en/move.md", EN_SEED),
        ("guides/da/move.md", DA_SEED),
        ("guides/en/old.md", "# Old\n\nGone soon.\n"),
        ("guides/en/tabs.md", "# Tabs\n\nText.\n"),
    ]);
    let d = dir.path();
    guide_lint(d).args(["build"]).assert().success();
    let old = d.join("build/wiki/old.md");
    let tabs = d.join("build/wiki/tabs.md");
    assert!(old.is_file() && tabs.is_file());
    // Files the build never writes: a hidden folder (a git-storage checkout's `.git`) and an
    // asset.
    std::fs::create_dir_all(d.join("build/wiki/.git")).unwrap();
    std::fs::write(d.join("build/wiki/.git/HEAD.md"), "x").unwrap();
    std::fs::write(d.join("build/wiki/logo.png"), "png").unwrap();
    // A stray script no build wrote, and files of the wiki's own: never leftovers.
    std::fs::create_dir_all(d.join("build/wiki.scripts/en/gone")).unwrap();
    std::fs::write(d.join("build/wiki.scripts/en/gone/page.html"), "<script>").unwrap();
    std::fs::create_dir_all(d.join("build/wiki/docs")).unwrap();
    for own in ["README.md", "docs/guide.md", "index.html"] {
        std::fs::write(d.join("build/wiki").join(own), "the wiki's own").unwrap();
    }

    // `old` is removed; `tabs` now fails to build, so its previous output stays.
    std::fs::remove_file(d.join("guides/en/old.md")).unwrap();
    std::fs::write(
        d.join("guides/en/tabs.md"),
        "# Tabs\n\n- Step:\n\n    === \"A\"\n\n        a\n",
    )
    .unwrap();
    let check = guide_lint(d).args(["build", "--check"]).assert().code(2);
    let stdout = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    let mut listed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.ends_with(": no guide page produces it"))
        .collect();
    listed.sort();
    assert_eq!(listed.len(), 1, "{stdout}");
    assert!(listed[0].ends_with("build/wiki/old.md: no guide page produces it"));

    // Without --prune, a warning and nothing deleted.
    let plain = guide_lint(d).args(["build"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&plain.get_output().stderr).into_owned();
    assert!(
        stderr.contains("old.md: no guide page produces it any more"),
        "{stderr}"
    );
    assert!(old.is_file());

    // With --prune: the leftover goes, nothing else.
    let pruned = guide_lint(d).args(["build", "--prune"]).assert().code(2);
    let stdout = String::from_utf8_lossy(&pruned.get_output().stdout).into_owned();
    assert_eq!(stdout.matches("deleted ").count(), 1, "{stdout}");
    assert!(!old.exists());
    assert!(d.join("build/wiki.scripts/en/gone/page.html").is_file());
    for own in ["README.md", "docs/guide.md", "index.html"] {
        assert!(d.join("build/wiki").join(own).is_file(), "{own}");
    }
    assert!(
        tabs.is_file(),
        "a page that failed to build keeps its output"
    );
    assert!(d.join("build/wiki/.git/HEAD.md").is_file());
    assert!(d.join("build/wiki/logo.png").is_file());
    assert!(d.join("build/wiki/move.md").is_file() && d.join("build/wiki/da/move.md").is_file());
}

#[test]
fn content_tabs_that_end_their_section_become_a_wikijs_tabset() {
    let page = "# Apps\n\n## Install an app\n\n=== \"Android\"\n\n    Install **Tusky**.\n\n    - one\n    - two\n\n===+ \"iPhone\"\n    Install Ice Cubes.\n\n        code in a tab\n\n## Next\n\nText.\n";
    assert_eq!(
        mkdocs(page),
        "# Apps\n\n## Install an app\n\n### Android / iPhone {.tabset}\n\n#### Android\n\nInstall **Tusky**.\n\n- one\n- two\n\n#### iPhone\n\nInstall Ice Cubes.\n\n    code in a tab\n\n## Next\n\nText.\n"
    );
    // At the end of the page, under no heading: the tabset is a level-1 heading.
    assert_eq!(
        mkdocs("=== \"A\"\n\n    a\n\n=== \"B\"\n\n    b\n"),
        "# A / B {.tabset}\n\n## A\n\na\n\n## B\n\nb\n"
    );
}

#[test]
fn keys_become_kbd_elements() {
    assert_eq!(
        mkdocs("Press ++ctrl+alt+del++ or ++cmd+k++, then ++page-up++.\n\n`++in code++` stays.\n"),
        "Press <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd> or <kbd>Cmd</kbd>+<kbd>K</kbd>, then <kbd>Page Up</kbd>.\n\n`++in code++` stays.\n"
    );
    // Not keys: `C++`, `a ++ b`, and pymdownx.critic's insertion `{++added++}`.
    assert_eq!(mkdocs("C++ and a ++ b.\n"), "C++ and a ++ b.\n");
    assert_eq!(mkdocs("{++added++} text.\n"), "{++added++} text.\n");
    // A paragraph with a backslash escape is read around it.
    assert_eq!(
        mkdocs("Press ++ctrl+c++ \\(copy\\).\n"),
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> \\(copy\\).\n"
    );
    // Quoted keys are shown as written, a `+` inside quotes included; names by the extension's
    // labels (`pg-dn`: Page Down, `arrow-up`: Up); `<` escaped.
    assert_eq!(
        mkdocs(
            "Press ++ctrl+alt+\"My Special Key\"++, ++ctrl+\"+\"++ or ++pg-dn+arrow-up+\"<\"++.\n"
        ),
        "Press <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>My Special Key</kbd>, <kbd>Ctrl</kbd>+<kbd>+</kbd> or <kbd>Page Down</kbd>+<kbd>Up</kbd>+<kbd>&lt;</kbd>.\n"
    );
    // An entity in quotes is read as written, and the browser shows it.
    assert_eq!(
        mkdocs("Type ++cmd+alt+\"&Uuml;\"++.\n"),
        "Type <kbd>Cmd</kbd>+<kbd>Alt</kbd>+<kbd>&Uuml;</kbd>.\n"
    );
    // A name pymdownx.keys does not know is no shortcut: MkDocs shows it as typed.
    assert_eq!(mkdocs("Run ++version++.\n"), "Run ++version++.\n");
}

#[test]
fn material_icons_are_left_out() {
    assert_eq!(
        mkdocs(
            "-   :material-clock-fast:{ .lg .middle } __Set up in 5 minutes__\n\n\
             [:octicons-arrow-right-24: Before you move](before.md)\n\n\
             Done :material-check:\n\n`:material-check:` stays.\n"
        ),
        "-   __Set up in 5 minutes__\n\n[Before you move](/en/before)\n\nDone\n\n\
         `:material-check:` stays.\n"
    );
    // A name of another kind is no icon, nor are Maven coordinates and paths that hold an icon
    // set's name between colons: the build kept none of them whole before.
    for text in [
        "Time: 10:30, ratio 1:2.\n",
        "Add androidx.compose.material:material-icons-extended:1.6.0 to the build.\n",
        "Use com.example:simple-client:2.1 or see https://example.org/a/:octicons-x-16:.\n",
    ] {
        assert_eq!(mkdocs(text), text);
    }
    // An icon glued to a word, or in text without spaces, is one (pymdownx.emoji reads it
    // so); the words around it keep their space.
    assert_eq!(
        mkdocs("Press Edit:material-pencil: now.\n\n点击:material-pencil:按钮。\n"),
        "Press Edit now.\n\n点击按钮。\n"
    );
    // A link whose text is icons alone keeps a text to click: the first icon's name in words.
    assert_eq!(
        mkdocs(
            "Source: [:octicons-file-code-24:](https://example.org/src.py), \
             [:fontawesome-brands-github: :material-star:](https://github.com/x).\n\n\
             [:material-information-outline:{ title=\"Tip\" }](https://example.org/tip)\n"
        ),
        "Source: [file code](https://example.org/src.py), \
         [github](https://github.com/x).\n\n[information outline](https://example.org/tip)\n"
    );
}

/// The realistic Material site (`tests/fixtures/realistic/mkdocs-bilingual`) built for Wiki.js:
/// its icons, code block titles, `^^insert^^`, `==mark==` and critic markup come out in forms
/// Wiki.js renders, and the problems left in the built pages are the judged ones.
#[test]
fn a_material_site_builds_into_pages_wikijs_renders() {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realistic/mkdocs-bilingual");
    support::copy_tree(&fixture, dir.path());
    let out = guide_lint(dir.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Every page is built: the tabs text follows in their section are shown one after
    // another (GL328).
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("GL319"), "{stderr}");
    // `rel=noopener` on a link, which Wiki.js drops: judged, and left to the author. The
    // Danish page's image that is in no assets folder, which `check` reports (GL204), is
    // reported on the built page too.
    assert!(
        stderr.contains(
            "3 problems remain in the built pages (2 errors): GL204: 1, GL312: 1, relative-url: 1"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "build/wiki/da/guides/before.md:42:16: GL204 [error] image `/guides/img/aliases.png` \
             is not in the assets"
        ),
        "{stderr}"
    );
    let page = |p: &str| std::fs::read_to_string(dir.path().join("build/wiki").join(p)).unwrap();
    // The glossary's pymdownx.snippets include is included, and every page gets the
    // `auto_append` abbreviations (Wiki.js renders abbreviations).
    let glossary = page("reference/glossary.md");
    assert!(
        glossary.contains(
            "Instance\n:   Another word for server.\n\nRelay\n:   A server that forwards posts.\n"
        ),
        "{glossary}"
    );
    assert!(!glossary.contains("--8<--"), "{glossary}");
    assert!(
        glossary.contains("\n*[CSV]: Comma-separated values\n"),
        "{glossary}"
    );
    // The definition list that came from the included file is reported at the include line.
    assert!(
        stderr.contains("glossary.md:13:1: warning: definition list (term `Relay`)")
            && stderr.contains("with their text (in the text this line includes)"),
        "{stderr}"
    );
    let home = page("home.md");
    assert!(
        !home.contains(":material-") && !home.contains(":octicons-"),
        "{home}"
    );
    assert!(home.contains("-   __Set up in 5 minutes__"), "{home}");
    assert!(
        home.contains("[Before you move](/en/guides/before)"),
        "{home}"
    );
    let moving = page("guides/moving.md");
    assert!(moving.contains("```\nNew account handle"), "{moving}");
    assert!(moving.contains("<ins>inserted</ins>"), "{moving}");
    assert!(moving.contains("<mark>marked</mark>"), "{moving}");
    assert!(moving.contains("{++added++}"), "{moving}");
    assert!(!moving.contains("<kbd>"), "{moving}");
}

/// pymdownx blocks the build cannot convert (a tab, a type the project configured for itself)
/// keep their lines, unjoined, so the built page's check names each; the others are callouts.
#[test]
fn blocks_left_as_written_are_reported_on_the_built_page() {
    let page = "# Blocks\n\n/// tab | Android\nOpen the app.\n///\n\n/// question | Why?\nBecause the\nold server closes.\n///\n\n/// tip | Converted\nA tip.\n///\n";
    // pymdownx.blocks.tab is not enabled: the tab is text on the MkDocs site too.
    let dir = tree(&[
        ("guide-lint.yml", &format!("{CONFIG}mkdocs: mkdocs.yml\n")),
        (
            "mkdocs.yml",
            "site_name: S\ndocs_dir: guides/en\nmarkdown_extensions:\n  - pymdownx.blocks.admonition\n",
        ),
        ("guides/en/blocks.md", page),
    ]);
    let out = guide_lint(dir.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let built = std::fs::read_to_string(dir.path().join("build/wiki/blocks.md")).unwrap();
    assert!(
        built.contains("\n/// tab | Android\nOpen the app.\n///\n"),
        "{built}"
    );
    assert!(
        built.contains("\n/// question | Why?\nBecause the old server closes.\n///\n"),
        "{built}"
    );
    assert!(
        built.contains("> **Converted**\n>\n> A tip.\n{.is-success}"),
        "{built}"
    );
    assert_eq!(stderr.matches("GL301 [error]").count(), 2, "{stderr}");
    assert!(stderr.contains("`/// question`"), "{stderr}");
}

/// `/// tab` blocks (pymdownx.blocks.tab) become a Wiki.js tabset, as `=== "Tab"` content
/// tabs do, without pymdownx.tabbed; tabs that cannot become one refuse the page, named at the
/// tab's block.
#[test]
fn tab_blocks_become_a_tabset() {
    let page = "# Install\n\n## Steps\n\n/// tab | macOS\nRun `brew install x`.\n///\n\n/// tab | Linux\n    select: true\n\nRun `apt install x`.\n\n- then restart\n///\n\n## Next\n\nDone.\n";
    let dir = tree(&[
        ("guide-lint.yml", &format!("{CONFIG}mkdocs: mkdocs.yml\n")),
        (
            "mkdocs.yml",
            "site_name: S\ndocs_dir: guides/en\nmarkdown_extensions:\n  - pymdownx.blocks.tab\n",
        ),
        ("guides/en/install.md", page),
    ]);
    let out = guide_lint(dir.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let built = std::fs::read_to_string(dir.path().join("build/wiki/install.md")).unwrap();
    assert!(
        built.contains(
            "## Steps\n\n### macOS / Linux {.tabset}\n\n#### macOS\n\nRun `brew install x`.\n\n#### Linux\n\nRun `apt install x`.\n\n- then restart\n\n## Next\n"
        ),
        "{built}"
    );
    assert!(!built.contains("///"), "{built}");
    // Text after the tabs in their section: shown one after another (GL328).
    std::fs::write(
        dir.path().join("guides/en/install.md"),
        page.replace("\n## Next\n", "\nMore text.\n\n## Next\n"),
    )
    .unwrap();
    let out = guide_lint(dir.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let built = std::fs::read_to_string(dir.path().join("build/wiki/install.md")).unwrap();
    assert!(
        built.contains(
            "## Steps\n\n<!-- content tabs \"macOS\", \"Linux\" -->\n\n**macOS**\n\nRun `brew install x`.\n\n**Linux**\n\nRun `apt install x`.\n\n- then restart\n\n<!-- end of content tabs -->\n\nMore text.\n\n## Next\n"
        ),
        "{built}"
    );
    // Inside a note: refused, at the first tab's block.
    std::fs::write(
        dir.path().join("guides/en/install.md"),
        "# Install\n\n/// note | N\n//// tab | macOS\nRun.\n////\n///\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("mkdocs.yml"),
        "site_name: S\ndocs_dir: guides/en\nmarkdown_extensions:\n  - pymdownx.blocks.tab\n  - pymdownx.blocks.admonition\n",
    )
    .unwrap();
    let out = guide_lint(dir.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("install.md:4:1: error: MkDocs content tabs (`/// tab | macOS`) cannot become a Wiki.js tabset (GL319): they are inside a list, a quote or an admonition"),
        "{stderr}"
    );
}

/// `check` (GL319) reports the `/// tab` blocks that `build` refuses, and only those: the rule
/// judges the blocks as written, build the content tabs it makes of them.
#[test]
fn check_and_build_agree_on_tab_blocks() {
    #[derive(Debug, PartialEq)]
    enum Outcome {
        Tabset,
        /// Shown one after another (GL328).
        Sections,
        /// Refused (GL319).
        Refused,
    }
    use Outcome::*;
    let tabs = "/// tab | A\nOne.\n///\n\n/// tab | B\nTwo.\n///\n";
    let cases = [
        (format!("# P\n\n## S\n\n{tabs}\n## Next\n"), Tabset),
        (format!("# P\n\n## S\n\n{tabs}"), Tabset),
        (format!("# P\n\n## S\n\n{tabs}\nMore text.\n"), Sections),
        (
            format!("# P\n\n/// note | N\n{}///\n", tabs.replace("///", "////")),
            Refused,
        ),
        (
            "# P\n\n/// tab | Outer\n//// tab | Inner\nX.\n////\n///\n".to_string(),
            Refused,
        ),
        (format!("# P\n\n##### Deep\n\n{tabs}"), Sections),
        (
            "# P\n\n/// tab | A\nOne.\n///\n\n/// tab | B\n    new: true\n\nTwo.\n///\n"
                .to_string(),
            Sections,
        ),
        (
            format!("# P\n\n- item\n\n    {}", tabs.replace('\n', "\n    ")),
            Refused,
        ),
    ];
    for (page, outcome) in cases {
        let dir = tree(&[
            ("guide-lint.yml", &format!("{CONFIG}mkdocs: mkdocs.yml\n")),
            (
                "mkdocs.yml",
                "site_name: S\ndocs_dir: guides/en\nmarkdown_extensions:\n  - pymdownx.blocks.tab\n  - pymdownx.blocks.admonition\n",
            ),
            ("guides/en/p.md", &page),
        ]);
        let built = guide_lint(dir.path()).arg("build").output().unwrap();
        let build_err = String::from_utf8_lossy(&built.stderr).contains("(GL319)");
        let checked = guide_lint(dir.path())
            .args([
                "check",
                "--no-cache",
                "--output-format",
                "concise",
                "--select",
                "GL319,GL328",
            ])
            .output()
            .unwrap();
        let check_out = String::from_utf8_lossy(&checked.stdout).into_owned();
        let judged = if check_out.contains("GL319") {
            Refused
        } else if check_out.contains("GL328") {
            Sections
        } else {
            Tabset
        };
        assert_eq!(
            build_err,
            outcome == Refused,
            "build: {page}\n{}",
            String::from_utf8_lossy(&built.stderr)
        );
        if outcome != Refused {
            let out = std::fs::read_to_string(dir.path().join("build/wiki/p.md")).unwrap();
            // The first group's first tab: a bold title when shown as sections.
            assert_eq!(
                out.contains("\n**A**\n"),
                outcome == Sections,
                "{page}\n{out}"
            );
        }
        assert_eq!(judged, outcome, "check: {page}\n{check_out}");
    }
}

/// pymdownx.snippets: build includes what MkDocs includes (a file, line ranges, a section, a
/// block of files, into code too), reports what it finds there at the page's own line, leaves
/// a snippet it cannot find (or a URL) on the built page, where its check reports it, and
/// refuses a page whose snippet is outside the repository.
#[test]
fn snippets_are_included_as_mkdocs_includes_them() {
    let page = "---\ntitle: Snippets\n---\n\n# Snippets\n\n--8<-- \"includes/terms.md\"\n\n```bash\n--8<-- \"scripts/move.sh:2:3\"\n```\n\n--8<-- \"includes/parts.md:usage\"\n\n--8<--\nincludes/terms.md\n;includes/skipped.md\n--8<--\n\nAfter\n:   A definition list of the page's own.\n\n--8<-- \"includes/nowhere.md\"\n\n--8<-- \"https://example.org/remote.md\"\n";
    let dir = tree(&[
        ("guide-lint.yml", &format!("{CONFIG}mkdocs: mkdocs.yml\n")),
        (
            "mkdocs.yml",
            "site_name: S\ndocs_dir: guides/en\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [\".\"]\n  - pymdownx.superfences\n",
        ),
        ("guides/en/snippets.md", page),
        ("includes/terms.md", "Shared terms are listed here.\n"),
        (
            "includes/parts.md",
            "Intro.\n--8<-- [start:usage]\nRun `move` once.\n--8<-- [end:usage]\n",
        ),
        (
            "scripts/move.sh",
            "#!/bin/sh\nset -eu\nmove --from old\nexit 0\n",
        ),
    ]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let out = guide_lint(dir.path()).arg("build").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let built =
        std::fs::read_to_string(dir.path().join("build/wiki/snippets.md")).unwrap_or_default();
    assert!(
        built.contains(
            "# Snippets\n\nShared terms are listed here.\n\n\n```bash\nset -eu\nmove --from old\n```\n\nRun `move` once.\n\nShared terms are listed here.\n\n\nAfter\n"
        ),
        "{built}\n{stderr}"
    );
    // The page's own definition list, at its own line (20) although included lines come first.
    let after = stderr
        .lines()
        .find(|l| l.contains("definition list (term `After`)"))
        .unwrap_or_default();
    assert!(
        after.contains("snippets.md:20:1: warning:") && !after.contains("this line includes"),
        "{stderr}"
    );
    // Not found, and a URL: left on the page, and reported there.
    assert!(
        built.contains("--8<-- \"includes/nowhere.md\"\n"),
        "{built}"
    );
    assert!(
        stderr.contains("GL301 [error] `--8<-- \"includes/nowhere.md\"`")
            && stderr.contains("GL301 [error] `--8<-- \"https://example.org/remote.md\"`"),
        "{stderr}"
    );

    // A snippet leading out of the repository: the page is refused at the line naming it.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "SECRET\n").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("includes/terms.md.link"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("guides/en/snippets.md"),
            "# S\n\n--8<-- \"includes/terms.md.link\"\n",
        )
        .unwrap();
        let out = guide_lint(dir.path()).arg("build").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("snippets.md:3:1: error: snippet ")
                && stderr.contains("outside the repository: not read"),
            "{stderr}"
        );
        let built =
            std::fs::read_to_string(dir.path().join("build/wiki/snippets.md")).unwrap_or_default();
        assert!(!built.contains("SECRET"), "{built}");
    }
}

/// The header Wiki.js writes, as a git-storage page carries it.
const WIKI_HEADER: &str = "---\ntitle: Guide\ndescription: \npublished: true\ndate: 2024-03-10T09:12:44.201Z\ntags: mastodon\neditor: markdown\ndateCreated: 2024-02-01T18:03:11.532Z\n---\n\n";

/// A relative page link on a Wiki.js page is a child of the page (`step-one` on `/en/guide` is
/// `/en/guide/step-one`), as `check` resolves it for GL202: the built page's check takes a link
/// to a page of the build as fine, and reports one to no page as the page link it is, naming the
/// page it leads to (a page declared in `known-pages` exists too).
#[test]
fn relative_page_links_are_resolved_as_wikijs_resolves_them() {
    let config =
        "guides: wiki\nsource-locale: en\ndialects:\n  - {path: \"**\", dialect: wikijs}\n";
    let guide = format!("{WIKI_HEADER}# Guide\n\nStart with [step one](step-one).\n");
    let dir = tree(&[
        ("guide-lint.yml", config),
        ("wiki/en/guide.md", &guide),
        (
            "wiki/en/guide/step-one.md",
            &format!("{WIKI_HEADER}# Step one\n\nBack to the [guide](/en/guide).\n"),
        ),
    ]);
    let d = dir.path();
    let stderr = clean_check_then_strict_build(d);
    assert!(!stderr.contains("relative-url"), "{stderr}");
    let built = std::fs::read_to_string(d.join("build/wiki/guide.md")).unwrap();
    assert!(built.contains("[step one](step-one)"), "{built}");

    // A child page that is not there: `check` says GL202, the build names the page too.
    std::fs::write(
        d.join("wiki/en/guide.md"),
        format!("{guide}\nThen [step two](step-two).\n"),
    )
    .unwrap();
    let check = guide_lint(d)
        .args(["check", "--no-cache", "--output-format", "concise"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("wiki/en/guide.md:15:"), "{stdout}");
    assert!(stdout.contains("GL202"), "{stdout}");
    let out = guide_lint(d).args(["build", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "build/wiki/guide.md:15:6: relative-url [error] link `step-two` is still relative \
             after build: Wiki.js makes it a child of this page, `/en/guide/step-two`, and the \
             build has no such page"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("no such file"), "{stderr}");
    assert!(!stderr.contains("step-one"), "{stderr}");
    assert!(stderr.contains("1 problem remains"), "{stderr}");

    // A page made on the wiki, declared in `known-pages`, exists.
    std::fs::write(
        d.join("guide-lint.yml"),
        format!("{config}known-pages:\n  - /en/guide/step-two\n"),
    )
    .unwrap();
    let out = guide_lint(d).args(["build", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("relative-url"), "{stderr}");
}

/// A link to a heading that starts with an emoji or an icon points at the id the wiki gives
/// it: Wiki.js leaves the emoji it renders out of the slug, and the build drops the icon.
#[test]
fn links_to_headings_with_emoji_and_icons_point_at_the_wiki_ids() {
    let out = mkdocs(
        "See [go live](#go-live) and [done](#done).\n\n## :rocket: Go live\n\nText.\n\n## :material-check: Done\n\nMore.\n",
    );
    assert!(
        out.contains("[go live](#go-live) and [done](#done)"),
        "{out}"
    );
    assert!(out.contains("## :rocket: Go live\n"), "{out}");
    assert!(out.contains("## Done\n"), "{out}");
    // On a Wiki.js page too, `:tada:` is no part of the id.
    let out = convert(
        "da/page.md",
        "Se [fest](#fest).\n\n## :tada: Fest\n\nTekst.\n",
        Dialect::Wikijs,
        &[],
    );
    assert!(out.contains("[fest](#fest)"), "{out}");
}

/// The check of a built page tells a link to an anchor the page does not have (GL201), as
/// `check` tells it on the source page; and a MkDocs page's links to headings that start with
/// an emoji or an icon are built to the ids the wiki gives them, so they are not told.
#[test]
fn built_pages_are_checked_for_links_to_missing_anchors() {
    let config =
        "guides: docs\nsource-locale: en\ndialects:\n  - {path: \"**\", dialect: mkdocs}\n";
    let page = "# Move\n\nSee [go live](#go-live) and [done](#done).\n\n\
                ## :rocket: Go live\n\nText.\n\n## :material-check: Done\n\nMore.\n";
    let dir = tree(&[("guide-lint.yml", config), ("docs/en/move.md", page)]);
    let d = dir.path();
    clean_check_then_strict_build(d);
    let built = std::fs::read_to_string(d.join("build/wiki/move.md")).unwrap();
    assert!(
        built.contains("[go live](#go-live) and [done](#done)"),
        "{built}"
    );

    // Links to no heading at all, on this page and on another: `check` tells them on the
    // source, the build on the built pages, once every page is built.
    std::fs::write(
        d.join("docs/en/move.md"),
        format!("{page}\nBack to [the start](#start).\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("docs/en/faq.md"),
        "# FAQ\n\nSee [go live](move.md#go-live) and [the end](move.md#the-end).\n",
    )
    .unwrap();
    let out = guide_lint(d).args(["build", "--strict"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("GL201 [error] link to `#start`: the built page has no such anchor"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "faq.md:13:56: GL201 [error] link to `#the-end` on `/en/move`: that built page has \
             no such anchor"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("#go-live"), "{stderr}");
    assert!(stderr.contains("2 problems remain"), "{stderr}");
}

/// Runs `check` in `dir`, which must find nothing, then `build --strict`, which must pass:
/// its standard error.
fn clean_check_then_strict_build(dir: &Path) -> String {
    let check = guide_lint(dir)
        .args(["check", "--no-cache", "--output-format", "concise"])
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    let out = guide_lint(dir)
        .args(["build", "--strict"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[test]
fn key_labels_that_are_markdown_syntax_become_character_references() {
    assert_eq!(
        mkdocs("`bar` | ++bar++ | `pipe`\n"),
        "`bar` | <kbd>&#124;</kbd> | `pipe`\n"
    );
    assert_eq!(
        mkdocs("Press ++backslash++, ++underscore++, ++ctrl+\"*\"++ or ++tilde++.\n"),
        "Press <kbd>&#92;</kbd>, <kbd>&#95;</kbd>, <kbd>Ctrl</kbd>+<kbd>&#42;</kbd> or <kbd>&#126;</kbd>.\n"
    );
    // Words and other signs are written as they are; an entity in quotes stays one.
    assert_eq!(
        mkdocs("Press ++num-minus++, ++num-separator++ or ++\"&amp;\"++.\n"),
        "Press <kbd>Num -</kbd>, <kbd>Num .</kbd> or <kbd>&amp;</kbd>.\n"
    );
}
