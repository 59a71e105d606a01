//! The cross-file phase seen from `check` and `fix`: workspace findings go through the same final
//! pass as file findings (per-path rule sets, inline suppressions), `fix` applies their fixes,
//! and `fix` never removes a suppression of a workspace rule as unused.

use std::path::{Path, PathBuf};

use guide_lint::{CheckOptions, Config, FixOptions, check, fix};

fn tree(files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = "guides: g\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"da/**\"\n    dialect: wikijs\n  - path: \"en/**\"\n    dialect: mkdocs\n";
    std::fs::write(dir.path().join("guide-lint.yml"), cfg).expect("config");
    for (rel, text) in files {
        let p = dir.path().join("g").join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let config = Config::load(Some(&dir.path().join("guide-lint.yml")), dir.path()).expect("load");
    (dir, config)
}

/// The codes of the link and markup findings (the translation rules, GL4xx, have their own
/// tests; these trees have Danish pages without English ones on purpose).
fn codes(findings: &[guide_lint::Finding]) -> Vec<&'static str> {
    findings
        .iter()
        .map(|f| f.rule.code())
        .filter(|c| !c.starts_with("GL4"))
        .collect()
}

fn root(config: &Config) -> Vec<PathBuf> {
    vec![config.guides_root()]
}

#[test]
fn suppressed_workspace_findings_stay_suppressed_through_fix() {
    let page = "# Flyt\n\n<!-- guide-lint-disable-next-line GL202 -- the page is on another wiki -->\nSe [tips](/da/tips).\n";
    let (_dir, config) = tree(&[("da/move.md", page)]);
    let report = check(&root(&config), &config, &CheckOptions::default());
    assert!(
        codes(&report.findings).is_empty(),
        "{:?}",
        codes(&report.findings)
    );

    let fixed = fix(&root(&config), &config, &FixOptions::default());
    assert!(fixed.files.is_empty(), "the suppression must stay");
    assert!(
        codes(&fixed.check.findings).is_empty(),
        "{:?}",
        codes(&fixed.check.findings)
    );
}

#[test]
fn unused_workspace_suppressions_are_reported_and_removed() {
    let page = "# Flyt\n\n<!-- guide-lint-disable-next-line GL202 -->\nSe [tips](/da/tips).\n";
    let (_dir, config) = tree(&[("da/move.md", page), ("da/tips.md", "# Tips\n")]);
    let report = check(&root(&config), &config, &CheckOptions::default());
    assert_eq!(codes(&report.findings), ["GL001"]);

    let fixed = fix(&root(&config), &config, &FixOptions::default());
    assert_eq!(fixed.files.len(), 1);
    assert_eq!(fixed.files[0].fixed, "# Flyt\n\nSe [tips](/da/tips).\n");
    assert!(
        codes(&fixed.check.findings).is_empty(),
        "{:?}",
        codes(&fixed.check.findings)
    );
}

#[test]
fn fix_applies_workspace_fixes_and_settles() {
    let page = "# Flyt\n\nSe [tips](tips.md), [engelsk](/en/tips) og <div/>\n";
    let (dir, config) = tree(&[
        ("da/move.md", page),
        ("da/tips.md", "# Tips\n"),
        ("en/tips.md", "# Tips\n"),
    ]);
    let before = check(&root(&config), &config, &CheckOptions::default());
    assert_eq!(codes(&before.findings), ["GL203", "GL206", "GL305"]);

    let fixed = fix(&root(&config), &config, &FixOptions::default());
    assert_eq!(fixed.files.len(), 1);
    assert_eq!(
        fixed.files[0].fixed,
        "# Flyt\n\nSe [tips](/da/tips), [engelsk](/da/tips) og <div></div>\n"
    );
    assert!(
        codes(&fixed.check.findings).is_empty(),
        "{:?}",
        codes(&fixed.check.findings)
    );
    assert!(fixed.write().is_empty());
    let after = check(&root(&config), &config, &CheckOptions::default());
    assert!(
        codes(&after.findings).is_empty(),
        "{:?}",
        codes(&after.findings)
    );
    assert!(Path::new(&dir.path().join("g/da/move.md")).is_file());
}

#[test]
fn checking_one_file_still_sees_the_rest_of_the_tree() {
    let (_dir, config) = tree(&[
        (
            "da/move.md",
            "# Flyt\n\nSe [afsnit](/da/tips#h-2-eksport) og [mangler](/da/x).\n",
        ),
        ("da/tips.md", "# Tips\n\n## 2. Eksport\n"),
    ]);
    let one = vec![config.guides_root().join("da/move.md")];
    let report = check(&one, &config, &CheckOptions::default());
    assert_eq!(report.files_checked, 1);
    // The anchor is found in the unchecked page's summary; the missing page is reported.
    assert_eq!(codes(&report.findings), ["GL202"]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the pages contain, the two phases never panic and every finding lies on
    /// character boundaries of its file.
    #[test]
    fn arbitrary_pages_never_panic(
        da in "(\\PC|[<>!*_`{}()#=\\[\\]:./\\n ]|\\]\\(|\\{\\.is-info\\}|tips\\.md|/da/|=50%x){0,160}",
        en in "(\\PC|[<>!*_`{}()#=\\[\\]:./\\n ]|\\]\\(|!!! note|\\.md#){0,160}",
    ) {
        let (_dir, config) = tree(&[("da/x.md", &da), ("en/x.md", &en), ("da/tips.md", "# Tips\n")]);
        let report = check(&root(&config), &config, &CheckOptions::default());
        for f in &report.findings {
            let text = &report.sources[&*f.path];
            proptest::prop_assert!(text.get(f.range.clone()).is_some(), "{:?} {:?}", f.rule, f.range);
            if let Some(fix) = &f.fix {
                for e in &fix.edits {
                    proptest::prop_assert!(text.get(e.range.clone()).is_some(), "{:?}", f.rule);
                }
            }
        }
        let _ = fix(&root(&config), &config, &FixOptions { unsafe_fixes: true, ..FixOptions::default() });
    }
}

/// A suppression of a translation finding is used by the cross-file pass: `fix` keeps it and
/// reports nothing (it used to judge GL4xx suppressions on the page alone, call them unused and
/// remove them, and to drop every GL4xx finding).
#[test]
fn fix_keeps_translation_suppressions_and_reports_translation_findings() {
    let en = "# Moving\n\n## 1. Export\n\nOn the old server, open the export page in the menu on the left and click the button.\n\n## 2. Import\n\nOn the new server, open the import page and upload the file you downloaded before.\n";
    let suppressed = "# Flytning\n\n## 1. Eksport\n\n<!-- guide-lint-disable-next-line GL403 -- quoted on purpose -->\nOn the old server, open the export page in the menu on the left and click the button.\n\n## 2. Import\n\nPå den nye server åbner du siden til import og uploader filen, som du hentede før.\n";
    let plain = suppressed.replace(
        "<!-- guide-lint-disable-next-line GL403 -- quoted on purpose -->\n",
        "",
    );
    let (_dir, config) = tree(&[
        ("en/a.md", en),
        ("da/a.md", suppressed),
        ("en/b.md", en),
        ("da/b.md", &plain),
    ]);
    let gl403 = |findings: &[guide_lint::Finding]| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.rule.code() == "GL403" || f.rule.code() == "GL002")
            .map(|f| {
                let name = f.path.file_name().unwrap_or_default().to_string_lossy();
                format!("{} {name}", f.rule.code())
            })
            .collect()
    };
    let report = check(&root(&config), &config, &CheckOptions::default());
    assert_eq!(gl403(&report.findings), ["GL403 b.md"]);
    let fixed = fix(&root(&config), &config, &FixOptions::default());
    assert!(fixed.files.is_empty(), "the suppression must stay");
    assert_eq!(gl403(&fixed.check.findings), ["GL403 b.md"]);
}

/// Per-path `overrides` decide the translation (GL4xx) findings of their pages exactly as they
/// decide file findings: enabling a rule the top level disables, changing its severity, and
/// disabling it again under a narrower path. The file a finding is reported on decides.
#[test]
fn overrides_apply_to_workspace_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = "guides: g
source-locale: en
target-locales: [da]
dialects:
  - path: \"da/**\"
    dialect: wikijs
  - path: \"en/**\"
    dialect: mkdocs
ignore: [GL4]
overrides:
  - path: \"da/**\"
    extend-select: [GL403]
    severity: {GL403: warning}
  - path: \"da/legacy/**\"
    ignore: [GL403]
  - path: \"en/**\"
    extend-select: [GL401]
    severity: {GL401: error}
";
    std::fs::write(dir.path().join("guide-lint.yml"), cfg).expect("config");
    let en = "# Moving\n\n## 1. Export your data\n\nOn the old server, open the export page in the menu on the left and click the button.\n\n## 2. Import your data\n\nOn the new server, open the import page and upload the file you downloaded before.\n";
    let da = "# Flytning\n\n## 1. Eksporter dine data\n\nOn the old server, open the export page in the menu on the left and click the button.\n\n## 2. Importer dine data\n\nPå den nye server åbner du siden til import og uploader filen, som du hentede før.\n";
    for (rel, text) in [
        ("en/move.md", en),
        ("da/move.md", da),
        ("en/legacy/move.md", en),
        ("da/legacy/move.md", da),
        ("en/only.md", en),
    ] {
        let p = dir.path().join("g").join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let config = Config::load(Some(&dir.path().join("guide-lint.yml")), dir.path()).expect("load");
    let root = root(&config);
    let gl4 =
        |findings: &[guide_lint::Finding]| -> Vec<(String, &'static str, guide_lint::Severity)> {
            let mut v: Vec<_> = findings
                .iter()
                .filter(|f| f.rule.code().starts_with("GL4"))
                .map(|f| {
                    let rel = f.path.strip_prefix(config.guides_root()).unwrap_or(&f.path);
                    (guide_lint::util::slash_path(rel), f.rule.code(), f.severity)
                })
                .collect();
            v.sort();
            v
        };
    let expected = vec![
        (
            "da/move.md".to_string(),
            "GL403",
            guide_lint::Severity::Warning,
        ),
        (
            "en/only.md".to_string(),
            "GL401",
            guide_lint::Severity::Error,
        ),
    ];

    let report = check(&root, &config, &CheckOptions::default());
    assert_eq!(gl4(&report.findings), expected);
    let fixed = fix(&root, &config, &FixOptions::default());
    assert_eq!(gl4(&fixed.check.findings), expected);
    // Checking the translation alone: its source is read for the comparison, the override of
    // the translation's path still decides.
    let one = check(
        &[config.guides_root().join("da/move.md")],
        &config,
        &CheckOptions::default(),
    );
    assert_eq!(gl4(&one.findings), expected[..1].to_vec());
}

/// A MkDocs `index.md` is its folder's page (`en/setup/index.md` is `/en/setup`), as build
/// publishes it: the Danish Wiki.js page of the same path is `da/setup.md`, and links and
/// anchors to the index page resolve to that key.
#[test]
fn mkdocs_index_pages_are_their_folder_s_page() {
    let en_setup = "# Setup\n\n## Steps\n\nBack [home](../index.md#welcome), [up](../), [not here](../index.md#nope).\n";
    let en_home = "# Welcome\n\nRead the [setup](setup/index.md#steps), [setup](setup/), [steps](setup/#steps), [nothing](setup/#nope) and [generated](reference/).\n";
    let (_dir, config) = tree(&[
        ("en/index.md", en_home),
        ("en/setup/index.md", en_setup),
        (
            "da/home.md",
            "# Velkommen\n\nLæs [opsætning](/da/setup#trin).\n",
        ),
        (
            "da/setup.md",
            "# Opsætning\n\n## Trin\n\nTilbage til [start](/da/home).\n",
        ),
    ]);
    let report = check(&root(&config), &config, &CheckOptions::default());
    // The pages pair up as translations: no page lacks its counterpart.
    let pairs: Vec<_> = report
        .findings
        .iter()
        .filter(|f| matches!(f.rule.code(), "GL401" | "GL408"))
        .collect();
    assert!(pairs.is_empty(), "{pairs:#?}");
    let g = config.guides_root();
    let mut got: Vec<String> = report
        .findings
        .iter()
        .filter(|f| !f.rule.code().starts_with("GL4"))
        .map(|f| {
            let rel = f.path.strip_prefix(&g).unwrap_or(&f.path);
            format!("{} {} {}", f.rule.code(), rel.display(), f.message)
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "GL201 en/index.md anchor `#nope` does not exist on page `/en/setup`",
            "GL201 en/setup/index.md anchor `#nope` does not exist on page `/en/home`",
        ],
        "{got:#?}"
    );
}

/// A Danish Wiki.js page named like the English MkDocs index page is another page
/// (`/da/setup/index`): it is an orphan, the English page lacks its translation, and both say
/// which file the translation must be.
#[test]
fn a_translation_named_like_an_index_file_is_told_its_page_path() {
    let (_dir, config) = tree(&[
        ("en/setup/index.md", "# Setup\n\nInstall it.\n"),
        ("da/setup/index.md", "# Opsætning\n\nInstallér det.\n"),
    ]);
    let report = check(&root(&config), &config, &CheckOptions::default());
    let text = |code: &str| -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|f| f.rule.code() == code)
            .map(|f| format!("{} | {:?} | {:?}", f.message, f.label, f.help))
            .collect()
    };
    let gl401 = text("GL401");
    assert_eq!(gl401.len(), 1, "{gl401:?}");
    assert!(gl401[0].contains("`da/setup.md`"), "{gl401:?}");
    let gl408 = text("GL408");
    assert_eq!(gl408.len(), 1, "{gl408:?}");
    assert!(gl408[0].contains("is the page `/en/setup`"), "{gl408:?}");
    assert!(
        gl408[0].contains("name the translation `da/setup.md`"),
        "{gl408:?}"
    );
}

/// Without configured dialects, a link from a page read as MkDocs to an `index.md` read as
/// Wiki.js (no MkDocs syntax on it) names the page that file is: `setup/index`, not `setup`.
#[test]
fn a_link_to_an_index_file_follows_the_dialect_the_file_is_read_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("guide-lint.yml"), "guides: g\n").expect("config");
    let g = dir.path().join("g");
    std::fs::create_dir_all(g.join("setup")).expect("mkdir");
    std::fs::write(
        g.join("a.md"),
        "# A\n\n!!! note\n    Hi.\n\nSee [setup](setup/index.md#setup) and [there](setup/index.md#nope).\n",
    )
    .expect("write");
    std::fs::write(g.join("setup/index.md"), "# Setup\n\nPlain text.\n").expect("write");
    let config = Config::load(Some(&dir.path().join("guide-lint.yml")), dir.path()).expect("load");
    let report = check(&root(&config), &config, &CheckOptions::default());
    let got: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule.code(), f.message))
        .collect();
    assert_eq!(
        got,
        ["GL201 anchor `#nope` does not exist on page `/en/setup/index`"],
        "{got:#?}"
    );
}

/// A link to a footnote or to a reference to it names an id the page has: numbered by first
/// reference on Wiki.js (markdown-it-footnote: `fn1`, `fnref1`, `fnref1:1`), by label on MkDocs
/// (Python-Markdown: `fn:b`, `fnref:b`, `fnref2:b`). Both were reported as broken anchors.
#[test]
fn footnote_anchors_are_anchors() {
    let body = "Text[^b] and[^a], again[^b] and[^b].\n\n[^a]: A.\n[^b]: B.\n";
    let wikijs = format!(
        "# Noter\n\n{body}\nSe [noten](#fn1), [dens sidste henvisning](#fnref1:2), [den anden](#fn2), \
         [tilbage](#fnref2), [ingen](#fn3), [heller ingen](#fnref2:1), [MkDocs' form](#fn:b).\n"
    );
    let mkdocs = format!(
        "# Notes\n\n{body}\nSee [the note](#fn:b), [its last reference](#fnref3:b), [the other](#fn:a), \
         [back](#fnref:a), [none](#fn:c), [none either](#fnref2:a), [Wiki.js' form](#fn1).\n"
    );
    let (_dir, config) = tree(&[("da/notes.md", &wikijs), ("en/notes.md", &mkdocs)]);
    let report = check(&root(&config), &config, &CheckOptions::default());
    let mut broken: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule.code() == "GL201")
        .map(|f| &*f.message)
        .collect();
    broken.sort_unstable();
    assert_eq!(
        broken,
        [
            "anchor `#fn1` does not exist on this page",
            "anchor `#fn3` does not exist on this page",
            "anchor `#fn:b` does not exist on this page",
            "anchor `#fn:c` does not exist on this page",
            "anchor `#fnref2:1` does not exist on this page",
            "anchor `#fnref2:a` does not exist on this page",
        ]
    );
}

/// A wiki's asset that is in the assets folder but that an ignore file leaves out is told as
/// such (GL204), not as missing: a clone lacks it.
#[test]
fn an_ignored_wiki_asset_is_told_as_such() {
    let page = "# Flyt\n\n![Eksport](/move/export.png)\n\n![Diagram](/move/generated.png)\n\n\
                ![Mangler](/move/gone.png)\n";
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    for (rel, text) in [
        ("guide-lint.yml", "guides: g\nassets: assets\n"),
        (".gitignore", "/assets/move/generated.png\n"),
        ("assets/move/generated.png", "png"),
        ("assets/move/export.png", "png"),
        ("g/da/move.md", page),
    ] {
        std::fs::create_dir_all(root.join(rel).parent().expect("parent")).expect("mkdir");
        std::fs::write(root.join(rel), text).expect("write");
    }
    let config = Config::load(Some(&root.join("guide-lint.yml")), root).expect("load");
    let report = check(&[config.guides_root()], &config, &CheckOptions::default());
    let messages: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule.code() == "GL204")
        .map(|f| &*f.message)
        .collect();
    assert_eq!(
        messages,
        [
            "image `/move/generated.png` is in the assets folder, but an ignore file \
             (`.gitignore`) leaves it out of the repository",
            "image `/move/gone.png` is not in the assets",
        ],
        "{:?}",
        report.findings
    );
}

/// The all-contributors bot's list links each contribution's emoji to `#<type>-<login>`, an
/// anchor no page defines: such links are not reported, on either dialect; the same link
/// outside the list is.
#[test]
fn all_contributors_lists_are_left_alone() {
    let list = "<!-- ALL-CONTRIBUTORS-LIST:START - Do not remove or modify this section -->\n\
        <!-- prettier-ignore-start -->\n<table>\n  <tbody>\n    <tr>\n      \
        <td align=\"center\"><a href=\"https://example.org\"><img src=\"https://example.org/a.png\" \
        width=\"100px;\" alt=\"Jane\"/><br /><sub><b>Jane</b></sub></a><br />\
        <a href=\"#financial-jane\" title=\"Financial\">💵</a> \
        <a href=\"#ideas-jane\" title=\"Ideas\">🤔</a></td>\n    </tr>\n  </tbody>\n</table>\n\
        <!-- ALL-CONTRIBUTORS-LIST:END -->\n";
    let page = |title: &str| {
        format!(
            "# {title}\n\n## Contributors\n\n{list}\nSee <a href=\"#financial-jane\">the list</a>.\n"
        )
    };
    let (_dir, config) = tree(&[("da/om.md", &page("Om")), ("en/about.md", &page("About"))]);
    let report = check(&root(&config), &config, &CheckOptions::default());
    let broken: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.rule.code() == "GL201")
        .map(|f| format!("{} {}", f.path.display(), f.message))
        .collect();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(
        broken
            .iter()
            .all(|b| b.ends_with("anchor `#financial-jane` does not exist on this page")),
        "{broken:?}"
    );
}
