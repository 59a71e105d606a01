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
            let text = &report.sources[&f.path];
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
