//! The two seed pages, laid out as the guides this repository maintains (`en/` MkDocs source,
//! `da/` Wiki.js translation) with the repository's own `guide-lint.yml`: `check` reports
//! exactly the findings docs/development.md lists for them ("The seed pages"), at the
//! right lines and columns.
//!
//! One test per rule group (`gl1xx_on_seeds`, ...), all on the same layout from [`Seeds::new`];
//! each asserts the complete list of its group's findings and nothing else of that group.

use std::path::{Path, PathBuf};

use guide_lint::document::{Dialect, DialectSource, LineIndex};
use guide_lint::{CheckOptions, CheckReport, Config, check};

const PAGE: &str = "move-to-another-mastodon-server.md";
const ENGLISH_SEED: &str = "000_96c5de40a4f96d87.txt";
const DANISH_SEED: &str = "002_ed018420886e4baa.txt";

/// The seeds in a temporary guides tree, checked once with the repository's configuration.
struct Seeds {
    _dir: tempfile::TempDir,
    guides: PathBuf,
    report: CheckReport,
}

/// A finding reduced to what the list of expected findings states: page (`en/...`), line, column, code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct At {
    page: &'static str,
    line: usize,
    column: usize,
    code: &'static str,
}

fn at(page: &'static str, line: usize, column: usize, code: &'static str) -> At {
    At {
        page,
        line,
        column,
        code,
    }
}

impl Seeds {
    fn new() -> Seeds {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("temp dir");
        let config_text =
            std::fs::read_to_string(root.join("guide-lint.yml")).expect("root guide-lint.yml");
        let config_path = dir.path().join("guide-lint.yml");
        std::fs::write(&config_path, &config_text).expect("write config");
        let config = Config::load(Some(&config_path), dir.path()).expect("root config parses");
        let guides = config.guides_root();
        for (locale, seed) in [("en", ENGLISH_SEED), ("da", DANISH_SEED)] {
            let folder = guides.join(locale);
            std::fs::create_dir_all(&folder).expect("locale folder");
            // Byte for byte: the seeds are the test.
            std::fs::copy(
                root.join("tests/fixtures/seeds").join(seed),
                folder.join(PAGE),
            )
            .expect("copy seed");
        }
        let report = check(
            std::slice::from_ref(&guides),
            &config,
            &CheckOptions::default(),
        );
        Seeds {
            _dir: dir,
            guides,
            report,
        }
    }

    /// The findings whose code starts with `prefix` (`GL1`), as (page, line, column, code).
    fn findings(&self, prefix: &str) -> Vec<At> {
        let mut out: Vec<At> = self
            .report
            .findings
            .iter()
            .filter(|f| f.rule.code().starts_with(prefix))
            .map(|f| {
                let page = self.page_of(&f.path);
                let text = &self.report.sources[&*f.path];
                let lc = LineIndex::new(text).line_col(f.range.start);
                at(page, lc.line, lc.column, f.rule.code())
            })
            .collect();
        out.sort();
        out
    }

    fn page_of(&self, path: &Path) -> &'static str {
        let rel = path.strip_prefix(&self.guides).unwrap_or(path);
        if rel == Path::new("en").join(PAGE) {
            "en"
        } else if rel == Path::new("da").join(PAGE) {
            "da"
        } else {
            panic!("finding in an unexpected file {}", path.display())
        }
    }

    /// The message of the one finding of `code` on `page`.
    fn message(&self, page: &str, code: &str) -> &str {
        let mut it = self
            .report
            .findings
            .iter()
            .filter(|f| f.rule.code() == code && self.page_of(&f.path) == page);
        let f = it.next().unwrap_or_else(|| panic!("no {code} on {page}"));
        assert!(it.next().is_none(), "more than one {code} on {page}");
        &f.message
    }
}

/// Both pages were read, in the configured dialects, without errors.
#[test]
fn seeds_are_read_in_their_configured_dialects() {
    let s = Seeds::new();
    assert!(s.report.errors.is_empty(), "{:?}", s.report.errors);
    assert_eq!(s.report.files_checked, 2);
    let dialect = |locale: &str| s.report.dialects[&s.guides.join(locale).join(PAGE)];
    assert_eq!(dialect("en"), (Dialect::Mkdocs, DialectSource::Config));
    assert_eq!(dialect("da"), (Dialect::Wikijs, DialectSource::Config));
}

/// docs/development.md#the-seed-pages: English GL102 line 47; Danish GL102 line 57, GL104
/// lines 38, 74, 91, 110, 141, GL110 for the page's components. Columns are where the
/// underlined value or name starts.
#[test]
fn gl1xx_on_seeds() {
    let s = Seeds::new();
    let mut expected = vec![
        // `path="settings/exports/domain_blocks.csv"`
        at("en", 47, 43, "GL102"),
        at("da", 57, 43, "GL102"),
        // `default-value=` where the script reads `default`
        at("da", 38, 90, "GL104"),
        at("da", 74, 91, "GL104"),
        at("da", 91, 91, "GL104"),
        at("da", 110, 87, "GL104"),
        at("da", 141, 91, "GL104"),
        // One per page, at the first attribute the sanitizer strips (`identity` on line 38).
        at("da", 38, 64, "GL110"),
    ];
    expected.sort();
    assert_eq!(s.findings("GL1"), expected);
    // Every `identity`, `tag`, `prefix`, `suffix` and `default-value` on the Danish page's 22
    // components.
    assert_eq!(
        s.message("da", "GL110"),
        "37 component attributes will be stripped by Wiki.js's sanitizer"
    );
}

/// docs/development.md#the-seed-pages: GL403 on line 32 (`1. and **joining** my **new**
/// server at:`), on the English run
/// from line 50 to line 70 inside section 2, and on sections 3 (72), 4 (108), 5 (139) and 6 (166),
/// entirely English; GL405 on section 6, which the older English source lacks. GL406 reports what
/// really differs from that older source: the screenshots and profile links of the newer text,
/// and the note on `private` accounts the Danish introduction leaves out. Nothing on the Danish
/// text, code spans, URLs, `mastodon.social` or the front matter.
#[test]
fn gl4xx_on_seeds() {
    let s = Seeds::new();
    let mut expected = vec![
        at("da", 32, 4, "GL403"),
        at("da", 50, 1, "GL403"),
        at("da", 72, 1, "GL403"),
        at("da", 108, 1, "GL403"),
        at("da", 139, 1, "GL403"),
        at("da", 166, 1, "GL403"),
        at("da", 166, 1, "GL405"),
        at("da", 11, 1, "GL406"),
        at("da", 48, 1, "GL406"),
        at("da", 74, 5, "GL406"),
        at("da", 118, 1, "GL406"),
        at("da", 144, 1, "GL406"),
    ];
    expected.sort();
    assert_eq!(s.findings("GL4"), expected);

    let da = s.guides.join("da").join(PAGE);
    let text = &s.report.sources[&da];
    let lines = LineIndex::new(text);
    let gl403: Vec<_> = s
        .report
        .findings
        .iter()
        .filter(|f| f.rule.code() == "GL403")
        .map(|f| {
            (
                lines.line_col(f.range.start).line,
                lines.line_col(f.range.end).line,
                f.message.contains("is not translated"),
                &text[f.range.clone()],
            )
        })
        .collect();
    let spans: Vec<_> = gl403
        .iter()
        .map(|(a, b, whole, _)| (*a, *b, *whole))
        .collect();
    assert_eq!(
        spans,
        [
            (32, 32, false),
            (50, 70, false),
            (72, 106, true),
            (108, 137, true),
            (139, 164, true),
            (166, 172, true),
        ]
    );
    for (_, _, _, covered) in &gl403 {
        for danish in [
            "Min **gamle** Mastodon server",
            "Indsæt domæne eller link",
            "Brug ikke `Request your archive`",
            "I dette trin eksporterer vi",
            "title: Flyt/Skift",
        ] {
            assert!(
                !covered.contains(danish),
                "GL403 covers Danish text {danish:?}"
            );
        }
    }
    assert_eq!(
        s.message("da", "GL405"),
        "section `6. Wrapping up` has no counterpart in the English page"
    );
    for f in s
        .report
        .findings
        .iter()
        .filter(|f| f.rule.code() == "GL406")
    {
        let help = f.help.as_deref().unwrap_or("");
        assert!(
            help.contains("image `move-server-guide/")
                || help.contains("/settings/profile")
                || help.contains("code span `private`"),
            "unexpected GL406: {f:?}"
        );
    }
}
