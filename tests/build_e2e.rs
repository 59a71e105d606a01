//! End to end: `guide-lint build` output on Wiki.js's own pipeline (tests/e2e: markdown-it 11 as
//! Wiki.js configures it, DOMPurify, jsdom, the page script), and headers through js-yaml 3 as
//! Wiki.js's git-storage import reads them.
//!
//! Needs Node and the packages of tests/e2e (installed here with `npm ci` from the committed
//! lockfile when missing). Without Node the tests say they are skipped, loudly; `.ci/run` installs
//! Node so CI never skips.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use guide_lint::build::header::Header;
use guide_lint::config::Config;
use guide_lint::document::TagKind;
use guide_lint::{Dialect, Document};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn e2e() -> PathBuf {
    root().join("tests/e2e")
}

/// Whether Node and the e2e packages are there (installing them if needed); says so when not.
fn node_ready() -> bool {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let r = READY.get_or_init(|| {
        let node = Command::new("node").arg("--version").output();
        if !node.is_ok_and(|o| o.status.success()) {
            return Err("`node` not found".into());
        }
        if !e2e().join("node_modules/markdown-it").is_dir()
            || !e2e().join("node_modules/js-yaml").is_dir()
        {
            let npm = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                .arg(e2e())
                .status();
            if !npm.is_ok_and(|s| s.success()) {
                return Err("`npm ci --prefix tests/e2e` failed (is npm installed?)".into());
            }
        }
        Ok(())
    });
    match r {
        Ok(()) => true,
        Err(why) if std::env::var_os("GUIDE_LINT_REQUIRE_NODE").is_some() => {
            panic!("GUIDE_LINT_REQUIRE_NODE is set but the end-to-end build test cannot run: {why}")
        }
        Err(why) => {
            // Straight to stderr, past the test harness's capture, so the skip is visible.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED end-to-end build test: {why}; install Node.js (>= 20.19) and npm to run it ***\n"
            );
            false
        }
    }
}

fn guide_lint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_guide-lint"))
        .current_dir(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap()
}

/// What the rendered page must contain, counted on the source page independently of `build`:
/// one callout per admonition (or per `{.is-x}` quote), and its component links and spans.
fn expectations(source: &Path, dialect: Dialect, config: &Config) -> serde_json::Value {
    let text = std::fs::read_to_string(source).unwrap();
    let doc = Document::parse(source.to_path_buf(), text, Some(dialect));
    let callouts = if doc.admonitions.is_empty() {
        doc.quotes
            .iter()
            .filter(|q| {
                q.class_line.as_ref().is_some_and(|(_, c)| {
                    c.iter()
                        .any(|c| guide_lint::config::CALLOUT_CLASSES.contains(&c.as_str()))
                })
            })
            .count()
    } else {
        doc.admonitions
            .iter()
            .filter(|a| !config.callout_class(&a.kind).is_empty())
            .count()
    } + guide_lint::document::pymdown_blocks::blocks(&doc)
        .iter()
        .filter(|b| guide_lint::build::blocks::makes_callout(&b.name))
        .count();
    // Quoted admonition titles are parsed with the page (their HTML is in `doc.html`); unquoted
    // words, which `build` turns into the title, are counted on their own.
    let titles: Vec<Document> = doc
        .admonitions
        .iter()
        .filter(|a| a.title_range.is_none())
        .filter_map(|a| a.unquoted_words.clone())
        .map(|r| {
            Document::parse(
                PathBuf::new(),
                doc.text[r].to_string(),
                Some(Dialect::Wikijs),
            )
        })
        .collect();
    let count = |name: &str| {
        std::iter::once(&doc)
            .chain(&titles)
            .flat_map(|d| &d.html)
            .filter(|t| {
                matches!(t.kind, TagKind::Start { .. })
                    && t.name == name
                    && (t.attr("identity").is_some() || t.attr("data-identity").is_some())
            })
            .count()
    };
    serde_json::json!({
        "callouts": callouts,
        "components": { "links": count("a"), "spans": count("span") },
        "noCodeBlocks": true,
    })
}

/// Runs check-page.mjs on a built page; panics with its report when a check fails.
fn check_page(
    page: &Path,
    script: &Path,
    expect: &serde_json::Value,
    work: &Path,
) -> serde_json::Value {
    let expect_file = work.join(format!(
        "{}.expect.json",
        page.file_stem().unwrap().to_string_lossy()
    ));
    std::fs::write(&expect_file, expect.to_string()).unwrap();
    let out = Command::new("node")
        .arg(e2e().join("check-page.mjs"))
        .arg(page)
        .arg(script)
        .arg(&expect_file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "check-page failed on {}:\n{stderr}\n--- page\n{}",
        page.display(),
        std::fs::read_to_string(page).unwrap_or_default()
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["typed"]["old"], "mastodon.social");
    assert_eq!(report["typed"]["new"], "fosstodon.org");
    assert_eq!(report["counts"]["callouts"], expect["callouts"]);
    report
}

/// Builds `dir` (with its guide-lint.yml) into `dir/out`, then checks every page that uses
/// components on Wiki.js's pipeline. Returns the number of pages checked.
fn build_and_check(dir: &Path) -> usize {
    let out = guide_lint(dir, &["build", "--out", "out/wiki"]);
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = Config::load(Some(&dir.join("guide-lint.yml")), dir).unwrap();
    let report = guide_lint::build::build(&config, &Default::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut checked = 0;
    for page in report.pages.iter().filter(|p| p.script_file.is_some()) {
        let built = dir.join("out/wiki").join(&page.file);
        let script = dir
            .join("out/wiki.scripts")
            .join(page.script_file.as_ref().unwrap());
        let expect = expectations(&page.source, page.dialect, &config);
        check_page(&built, &script, &expect, &dir.join("out"));
        checked += 1;
    }
    checked
}

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

#[test]
fn built_seeds_work_on_wikijs() {
    if !node_ready() {
        return;
    }
    let dir = tree(&[
        ("guide-lint.yml", CONFIG),
        (
            "guides/en/move.md",
            include_str!("fixtures/seeds/000_96c5de40a4f96d87.txt"),
        ),
        (
            "guides/da/move.md",
            include_str!("fixtures/seeds/002_ed018420886e4baa.txt"),
        ),
    ]);
    assert_eq!(build_and_check(dir.path()), 2);
}

#[test]
fn built_guides_work_on_wikijs() {
    if !node_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            if !entry.path().is_dir() {
                continue; // translations.lock
            }
            let locale = entry.file_name();
            std::fs::create_dir_all(to.join(&locale)).unwrap();
            for f in std::fs::read_dir(entry.path()).unwrap().flatten() {
                std::fs::copy(f.path(), to.join(&locale).join(f.file_name())).unwrap();
            }
        }
    };
    copy(&root().join("guides"), &dir.path().join("guides"));
    std::fs::copy(
        root().join("guide-lint.yml"),
        dir.path().join("guide-lint.yml"),
    )
    .unwrap();
    assert_eq!(build_and_check(dir.path()), 2);
}

/// MkDocs constructs whose naive conversion breaks on Wiki.js: nested admonitions, admonitions in
/// lists (last in the item or not), bodies ending in code or a list, a figure.
#[test]
fn tricky_mkdocs_page_works_on_wikijs() {
    if !node_ready() {
        return;
    }
    let page = r#"# Tricky

1. Old server: <input id="from-server" placeholder="old" />
1. New server: <input id="to-server" placeholder="new" />

!!! warning "Outer on <span identity="old" tag="code" default="old.example"></span>"

    Outer text
    wrapped over two lines.

    !!! tip "Inner"

        Go to <a identity="new" path="/settings">the settings</a>.

1. Step one

    !!! note "In a list"

        Body with <span identity="new" tag="kbd" prefix="@me@" default="new.example"></span>.

1. Step two

    !!! info

        Not the last thing in the item.

    More text in the item.

!!! danger "Ends with code"

    Careful:

    ```
    rm -rf old-server-data
    ```

!!! success "Ends with a list"

    1. <a identity="old" path="settings/export">export</a>
    1. then import

!!! note "Only a title"

<figure markdown>
  ![A dog in the settings](/img/dog.png){ width="300" }
  <figcaption>A dog</figcaption>
</figure>

<div style="clear: both"/>

## The end

Done.
"#;
    let dir = tree(&[("guide-lint.yml", CONFIG), ("guides/en/tricky.md", page)]);
    assert_eq!(build_and_check(dir.path()), 1);
    let built = std::fs::read_to_string(dir.path().join("out/wiki/tricky.md")).unwrap();
    assert!(
        built.contains("Outer text wrapped over two lines."),
        "{built}"
    );
    assert!(
        built.contains("![A dog in the settings](/img/dog.png =300x){.align-center}\n\n*A dog*")
    );
}

/// A page of pymdownx blocks: admonitions with and without titles, a `details` block with
/// options holding another block, an `html` wrapper, components inside them.
#[test]
fn pymdown_blocks_work_on_wikijs() {
    if !node_ready() {
        return;
    }
    let page = r#"# Blocks

1. Old server: <input id="from-server" placeholder="old" />
1. New server: <input id="to-server" placeholder="new" />

/// warning | Back up <span identity="old" tag="code" default="old.example"></span> first
Export your data
before you move.
///

//// details | What does the archive hold?
    type: info
    open: true

Your posts and media.

/// tip
Go to <a identity="new" path="/settings">the settings</a>.
///
////

/// html | div.checklist
- The file ends in `.tar.gz`.
- It is <span identity="new" tag="kbd" prefix="@me@" default="new.example"></span>'s.
///
Right after the wrapper.

## The end

Done.
"#;
    let dir = tree(&[("guide-lint.yml", CONFIG), ("guides/en/blocks.md", page)]);
    assert_eq!(build_and_check(dir.path()), 1);
    let built = std::fs::read_to_string(dir.path().join("out/wiki/blocks.md")).unwrap();
    assert!(!built.contains("///"), "{built}");
    assert!(
        built.contains("> Export your data before you move."),
        "{built}"
    );
    assert!(built.contains("></span>'s.\n\nRight after"), "{built}");
}

#[test]
fn headers_read_back_through_js_yaml() {
    if !node_ready() {
        return;
    }
    let titles = [
        "Flyt/Skift Mastodon server",
        "Step 1: export",
        "Tips & Tricks",
        "# not a comment",
        "ends with colon:",
        "it's 'quoted'",
        "\"double\"",
        "[draft] page",
        "{braces}",
        "- dash",
        "? question",
        "*stars*",
        "@user",
        "`code`",
        "% percent",
        "true",
        "null",
        "2023",
        "1.5",
        "0x1F",
        "1:30",
        "2023-01-02",
        "x #y",
        "æøå: danish",
        "---",
        "two\nlines",
        "tab\there",
        " leading",
        "trailing ",
        "C# & C++",
        "100%",
        "yes",
    ];
    let headers: Vec<String> = titles
        .iter()
        .map(|t| {
            let h = Header {
                title: (*t).to_string(),
                description: format!("about {t}"),
                published: true,
                date: "2023-01-02T17:43:00.117Z".into(),
                tags: vec![t.to_lowercase(), "mastodon".into()],
                editor: "markdown".into(),
                date_created: "2023-01-02T14:38:56.051Z".into(),
            };
            format!("{}\nbody of {t}\n", h.render())
        })
        .collect();
    let mut child = Command::new("node")
        .arg(e2e().join("yaml-headers.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&headers).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let parsed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    for ((t, h), p) in titles.iter().zip(&headers).zip(&parsed) {
        assert_eq!(p["ok"], true, "{h}: {p}");
        assert_eq!(p["title"], *t, "{h}");
        assert_eq!(p["description"], format!("about {t}"), "{h}");
        assert_eq!(p["tags"], format!("{}, mastodon", t.to_lowercase()), "{h}");
        assert_eq!(p["content"], format!("body of {t}\n"), "{h}");
    }
    // Plain where Wiki.js itself writes plain.
    assert!(headers[0].contains("\ntitle: Flyt/Skift Mastodon server\n"));
    assert!(headers[2].contains("\ntitle: Tips & Tricks\n"));
}

/// The English MkDocs page `name` with text `page`, built for Wiki.js and rendered by the
/// repository's Wiki.js renderer.
fn built_and_rendered(name: &str, page: &str) -> String {
    let path = format!("guides/en/{name}.md");
    let dir = tree(&[("guide-lint.yml", CONFIG), (path.as_str(), page)]);
    let out = guide_lint(dir.path(), &["build", "--out", "out/wiki"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = Command::new("node")
        .arg(e2e().join("render.mjs"))
        .arg(dir.path().join(format!("out/wiki/{name}.md")))
        .output()
        .unwrap();
    assert!(html.status.success());
    String::from_utf8_lossy(&html.stdout).into_owned()
}

/// Tabs that cannot be a tabset (text follows them in their section) are built one after
/// another (GL328): on Wiki.js's pipeline each title is a bold paragraph above its content, the
/// comments around the group are gone (the sanitizer drops comments), no `===` line and no
/// indented code block are left, and the text after the tabs stays after them.
#[test]
fn tabs_shown_one_after_another_render_on_wikijs() {
    if !node_ready() {
        return;
    }
    let page = "# Apps\n\n## Install\n\n=== \"Android\"\n\n    Install **Tusky** from the store.\n\n\
                === \"iPhone\"\n\n    Install Ice Cubes from the store.\n\nThen log in with your account.\n";
    let html = built_and_rendered("apps", page);
    let expected = "<p><strong>Android</strong></p>\n<p>Install <strong>Tusky</strong> from the store.</p>\n\
                    <p><strong>iPhone</strong></p>\n<p>Install Ice Cubes from the store.</p>";
    assert!(html.contains(expected), "{html}");
    assert!(
        html.find("Ice Cubes") < html.find("Then log in with your account."),
        "{html}"
    );
    for gone in ["content tabs", "===", "<pre>", "<!--"] {
        assert!(!html.contains(gone), "{gone}: {html}");
    }
}

/// Keys whose labels are Markdown syntax render as those keys on Wiki.js's pipeline: the
/// backslash key does not escape the `<` of `</kbd>`, two asterisk or underscore keys emphasise
/// nothing, and the bar key in a table keeps its cell and the cells after it.
#[test]
fn symbol_keys_render_on_wikijs() {
    if !node_ready() {
        return;
    }
    let page = "# Keys\n\nName | Display | Aliases\n--- | --- | ---\n`bar` | ++bar++ | `pipe`\n\
                `backslash` | ++backslash++ | `bs`\n\n\
                Press ++backslash++, ++ctrl+num-asterisk++ then ++shift+\"*\"++, \
                ++underscore++ or ++underscore++, ++tilde++ and ++tilde++, ++grave++.\n";
    let html = built_and_rendered("keys", page);
    for row in [
        "<td><code>bar</code></td>\n<td><kbd>|</kbd></td>\n<td><code>pipe</code></td>",
        "<td><code>backslash</code></td>\n<td><kbd>\\</kbd></td>\n<td><code>bs</code></td>",
    ] {
        assert!(html.contains(row), "{row}: {html}");
    }
    let expected = "<p>Press <kbd>\\</kbd>, <kbd>Ctrl</kbd>+<kbd>Num *</kbd> then \
                    <kbd>Shift</kbd>+<kbd>*</kbd>, <kbd>_</kbd> or <kbd>_</kbd>, <kbd>~</kbd> and \
                    <kbd>~</kbd>, <kbd>`</kbd>.</p>";
    assert!(html.contains(expected), "{html}");
    for gone in ["<em>", "<sub>", "&lt;/kbd", "++"] {
        assert!(!html.contains(gone), "{gone}: {html}");
    }
}
