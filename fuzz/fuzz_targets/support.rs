//! What the fuzz targets share: the library calls the binary makes, in memory.
#![allow(dead_code)]

use std::path::PathBuf;

use guide_lint::config::Config;
use guide_lint::discover::PageFile;
use guide_lint::render::{OutputFormat, RenderContext, render};
use guide_lint::{CheckOptions, CheckReport, Dialect, Document, FixOptions, RuleSettings};

const CONFIG: &str = "components:\n  identities: [old, new]\n  server-inputs:\n    old: from-server\n    new: to-server\n";

fn config() -> Config {
    Config::parse(CONFIG, std::path::Path::new("guide-lint.yml")).expect("config")
}

fn page() -> PageFile {
    PageFile {
        path: PathBuf::from("fuzz.md"),
        rel: None,
        locale: None,
    }
}

pub fn check_and_render(text: &str) {
    let config = config();
    let settings = RuleSettings::from_config(&config, CheckOptions::default().selection);
    let mut report = CheckReport::default();
    for dialect in [Some(Dialect::Wikijs), Some(Dialect::Mkdocs)] {
        let doc = Document::parse("fuzz.md".into(), text.to_string(), dialect);
        let findings = guide_lint::check_page(&doc, &page(), &config, &settings);
        for f in &findings {
            assert!(f.range.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(f.range.start));
            assert!(doc.text.is_char_boundary(f.range.end));
        }
        report.findings = findings;
        report.sources.insert(PathBuf::from("fuzz.md"), doc.text.clone());
        for format in [
            OutputFormat::Human,
            OutputFormat::Concise,
            OutputFormat::Json,
            OutputFormat::Sarif,
        ] {
            render(format, &report, &RenderContext::default());
        }
    }
}

pub fn fix_settles(text: &str) {
    let config = config();
    for unsafe_fixes in [false, true] {
        let opts = FixOptions {
            check: CheckOptions::default(),
            unsafe_fixes,
        };
        let doc = Document::parse("fuzz.md".into(), text.to_string(), None);
        let Ok(once) = guide_lint::fix_text(&page(), &doc, &config, &opts) else {
            continue; // Refusing to fix (and saying why) is allowed; panicking is not.
        };
        let again = Document::parse("fuzz.md".into(), once.text.clone(), Some(doc.dialect));
        let twice = guide_lint::fix_text(&page(), &again, &config, &opts).expect("second fix");
        assert_eq!(twice.text, once.text, "a second --fix changed the page");
    }
}

pub fn build(text: &str) {
    let dir = tempfile_dir();
    let root = dir.as_path();
    std::fs::create_dir_all(root.join("guides/en")).expect("mkdir");
    std::fs::create_dir_all(root.join("guides/da")).expect("mkdir");
    std::fs::write(
        root.join("guide-lint.yml"),
        format!("guides: guides\nsource-locale: en\ntarget-locales: [da]\n{CONFIG}"),
    )
    .expect("config");
    std::fs::write(root.join("guides/en/page.md"), text).expect("write");
    std::fs::write(root.join("guides/da/page.md"), text).expect("write");
    let config = Config::load(Some(&root.join("guide-lint.yml")), root).expect("config");
    let _ = guide_lint::build::build(
        &config,
        &guide_lint::build::BuildOptions {
            previous: None,
            now: std::time::SystemTime::UNIX_EPOCH,
        },
    );
    let _ = std::fs::remove_dir_all(root);
}

fn tempfile_dir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "guide-lint-fuzz-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}
