//! GL2xx (links, anchors, assets) and GL3xx (Wiki.js markup) on the two seed pages, laid out as
//! the guides this repository maintains (`en/` MkDocs source, `da/` Wiki.js translation) with
//! the repository's own `guide-lint.yml`: exactly the findings `docs/development.md` lists
//! ("The seed pages"), at the right lines and columns, and nothing else of these groups.

use std::path::Path;

use guide_lint::document::LineIndex;
use guide_lint::{CheckOptions, CheckReport, Config, check};

const PAGE: &str = "move-to-another-mastodon-server.md";

struct Seeds {
    _dir: tempfile::TempDir,
    report: CheckReport,
}

impl Seeds {
    fn new() -> Seeds {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("temp dir");
        let config_path = dir.path().join("guide-lint.yml");
        std::fs::copy(root.join("guide-lint.yml"), &config_path).expect("copy config");
        let config = Config::load(Some(&config_path), dir.path()).expect("root config parses");
        let guides = config.guides_root();
        for (locale, seed) in [
            ("en", "000_96c5de40a4f96d87.txt"),
            ("da", "002_ed018420886e4baa.txt"),
        ] {
            let folder = guides.join(locale);
            std::fs::create_dir_all(&folder).expect("locale folder");
            std::fs::copy(
                root.join("tests/fixtures/seeds").join(seed),
                folder.join(PAGE),
            )
            .expect("copy seed");
        }
        let report = check(&[guides], &config, &CheckOptions::default());
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        Seeds { _dir: dir, report }
    }

    /// (locale, line, column, code, help) of every GL2xx/GL3xx finding, sorted.
    fn findings(&self) -> Vec<(String, usize, usize, &'static str, String)> {
        let mut out: Vec<_> = self
            .report
            .findings
            .iter()
            .filter(|f| f.rule.code().starts_with("GL2") || f.rule.code().starts_with("GL3"))
            .map(|f| {
                let text = &self.report.sources[&*f.path];
                let lc = LineIndex::new(text).line_col(f.range.start);
                let locale = f
                    .path
                    .parent()
                    .and_then(|p| p.file_name())
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
                    .to_string();
                (
                    locale,
                    lc.line,
                    lc.column,
                    f.rule.code(),
                    f.help.as_deref().unwrap_or_default().to_string(),
                )
            })
            .collect();
        out.sort();
        out
    }
}

#[test]
fn gl2xx_gl3xx_on_seeds() {
    let seeds = Seeds::new();
    let got = seeds.findings();
    let positions: Vec<(&str, usize, usize, &str)> = got
        .iter()
        .map(|(l, line, col, code, _)| (l.as_str(), *line, *col, *code))
        .collect();
    let expected: Vec<(&str, usize, usize, &str)> = vec![
        // Danish, Wiki.js.
        ("da", 48, 1, "GL205"),  // ![export.png](...)
        ("da", 74, 39, "GL306"), // **... **new** ...**
        ("da", 79, 1, "GL205"),
        ("da", 89, 1, "GL305"), // <div style="clear: both"/>
        ("da", 91, 39, "GL306"),
        ("da", 128, 1, "GL305"), // <div style="clear: both" />
        ("da", 141, 39, "GL306"),
        ("da", 170, 33, "GL202"), // getting-started-on-mastodon.md
        ("da", 171, 21, "GL202"), // tips.md
        ("da", 172, 26, "GL202"), // twitter-and-mastodon.md
        // English, MkDocs.
        ("en", 3, 10, "GL302"),   // !!! note Not all data will be migrated
        ("en", 11, 83, "GL201"),  // #1-export-your-data
        ("en", 11, 127, "GL201"), // #3-import-your-data
        ("en", 28, 69, "GL308"),  // correctly_.*
        ("en", 91, 183, "GL309"), // ))
    ];
    assert_eq!(positions, expected);

    // The broken anchors name the closest existing ids.
    let help = |line, col| {
        got.iter()
            .find(|(l, li, c, code, _)| l == "en" && *li == line && *c == col && *code == "GL201")
            .map(|f| f.4.clone())
            .unwrap_or_default()
    };
    assert!(
        help(11, 83).contains("`#2-export-your-data`"),
        "{}",
        help(11, 83)
    );
    assert!(
        help(11, 127).contains("`#5-import-your-data`"),
        "{}",
        help(11, 127)
    );
}

#[test]
fn seed_fixes_point_at_the_right_bytes() {
    let seeds = Seeds::new();
    for f in &seeds.report.findings {
        let Some(fix) = &f.fix else { continue };
        let text = &seeds.report.sources[&*f.path];
        for e in &fix.edits {
            assert!(
                text.get(e.range.clone()).is_some(),
                "{} edit {:?} is not on character boundaries",
                f.rule.code(),
                e.range
            );
        }
        match f.rule.code() {
            "GL201" => {
                let e = &fix.edits[0];
                assert!(
                    ["1-export-your-data", "3-import-your-data"].contains(&&text[e.range.clone()])
                );
            }
            "GL302" => assert_eq!(fix.edits[0].content, "\"Not all data will be migrated\""),
            "GL305" => assert_eq!(fix.edits[0].content, "></div>"),
            "GL203" => assert!(fix.edits[0].content.starts_with("/da/")),
            _ => {}
        }
    }
}
