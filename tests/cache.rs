//! The check cache end to end: a warm run reports exactly what a run without the cache reports,
//! after every kind of edit (the page itself, a page it links to, the English page of a Danish
//! translation); an unchanged run does not rewrite the cache; a corrupt or foreign cache file is
//! ignored and rebuilt.

use std::path::{Path, PathBuf};

use guide_lint::{CheckOptions, CheckReport, Config, Rule, check};

const CONFIG: &str = "guides: .\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"en/**\"\n    dialect: mkdocs\n  - path: \"da/**\"\n    dialect: wikijs\n";

fn pairs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translation/pairs")
}

struct Project {
    dir: tempfile::TempDir,
    config: Config,
}

impl Project {
    fn new(files: &[(&str, &str)]) -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("guide-lint.yml"), CONFIG).expect("write config");
        let config =
            Config::load(Some(&dir.path().join("guide-lint.yml")), dir.path()).expect("config");
        let p = Project { dir, config };
        for (rel, text) in files {
            p.write(rel, text);
        }
        p
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write page");
    }

    fn cache_dir(&self) -> PathBuf {
        self.dir.path().join(".guide-lint-cache")
    }

    /// The cache files of findings (`check-<hash>.bin`), one per configuration.
    fn cache_files(&self) -> Vec<PathBuf> {
        self.cache_files_ending(".bin")
    }

    /// The cache files of the pages' summaries (`check-<hash>.summaries`).
    fn summary_files(&self) -> Vec<PathBuf> {
        self.cache_files_ending(".summaries")
    }

    fn cache_files_ending(&self, end: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for version in std::fs::read_dir(self.cache_dir()).expect("cache dir") {
            let version = version.expect("entry").path();
            if version.is_dir() {
                for f in std::fs::read_dir(&version).expect("version dir") {
                    let f = f.expect("entry").path();
                    if f.to_string_lossy().ends_with(end) {
                        out.push(f);
                    }
                }
            }
        }
        out.sort();
        out
    }

    fn run(&self, cache: bool) -> CheckReport {
        let options = CheckOptions {
            cache_dir: cache.then(|| self.cache_dir()),
            ..CheckOptions::default()
        };
        check(&[self.config.guides_root()], &self.config, &options)
    }

    /// Runs with the cache and without it, asserts both report the same, and returns the
    /// cached run's report.
    fn check(&self) -> CheckReport {
        let cached = self.run(true);
        let fresh = self.run(false);
        assert_eq!(cached.findings, fresh.findings);
        assert_eq!(cached.sources, fresh.sources);
        assert_eq!(cached.errors, fresh.errors);
        assert_eq!(cached.dialects, fresh.dialects);
        assert_eq!(cached.files_checked, fresh.files_checked);
        cached
    }
}

/// Edits `en/b.md` without changing its size, then gives it back its old modification time
/// (which no editor does): what a cache that trusts size and time cannot see.
fn same_size_edit_keeping_its_time(p: &Project) {
    let b = p.dir.path().join("en/b.md");
    let time = std::fs::metadata(&b)
        .and_then(|m| m.modified())
        .expect("mtime");
    p.write(
        "en/b.md",
        &LINKING.replace("#configure-the-server", "#configure-the-servex"),
    );
    std::fs::File::options()
        .write(true)
        .open(&b)
        .and_then(|f| f.set_modified(time))
        .expect("restore mtime");
}

/// The pages (relative to the project) with findings of `rule`.
fn codes(p: &Project, report: &CheckReport, rule: Rule) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let rel = f.path.strip_prefix(p.dir.path()).unwrap_or(&f.path);
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

const LINKED: &str = "# Install\n\nText.\n\n## Configure the server\n\nMore text.\n";
const LINKING: &str = "# Start\n\nSee [the server](a.md#configure-the-server) and <notaguide@x>.\n\n![pic](missing.png)\n";

#[test]
fn renaming_a_heading_re_reports_the_anchors_linking_to_it() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    let cold = p.check();
    assert!(codes(&p, &cold, Rule::BrokenAnchor).is_empty(), "{cold:#?}");
    let ignore = std::fs::read_to_string(p.cache_dir().join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    let [file] = p.cache_files().try_into().expect("one cache file");
    let stored = std::fs::read(&file).expect("cache file");

    // Nothing changed: the same report, and the cache is not rewritten (every page was a hit).
    let warm = p.check();
    assert_eq!(warm.findings, cold.findings);
    assert_eq!(std::fs::read(&file).expect("cache file"), stored);

    // Only the linked page changes; the linking page's anchor is re-judged.
    p.write(
        "en/a.md",
        &LINKED.replace("Configure the server", "Set up the server"),
    );
    let renamed = p.check();
    assert_eq!(
        codes(&p, &renamed, Rule::BrokenAnchor),
        ["en/b.md"],
        "{renamed:#?}"
    );
    // And back: the finding goes away.
    p.write("en/a.md", LINKED);
    let back = p.check();
    assert!(codes(&p, &back, Rule::BrokenAnchor).is_empty(), "{back:#?}");
    assert_eq!(back.findings, cold.findings);
}

#[test]
fn editing_the_english_page_re_reports_the_danish_translation() {
    let en = std::fs::read_to_string(pairs_dir().join("en/filters.md")).expect("en");
    let da = std::fs::read_to_string(pairs_dir().join("da/filters.md")).expect("da");
    let p = Project::new(&[("en/filters.md", &en), ("da/filters.md", &da)]);
    guide_lint::translation::accept_page(&p.config, Path::new("da/filters.md")).expect("accept");
    let cold = p.check();
    assert!(
        codes(&p, &cold, Rule::OutdatedTranslation).is_empty(),
        "{cold:#?}"
    );
    let warm = p.check();
    assert_eq!(warm.findings, cold.findings);

    let changed = en.replace(
        "Click `Save new filter`.",
        "Click `Save new filter` and check the filter in the list.",
    );
    assert_ne!(changed, en);
    p.write("en/filters.md", &changed);
    let edited = p.check();
    assert_eq!(
        codes(&p, &edited, Rule::OutdatedTranslation),
        ["da/filters.md"],
        "{edited:#?}"
    );
    // A second warm run, nothing changed since: the finding is still reported.
    let again = p.check();
    assert_eq!(again.findings, edited.findings);
    p.write("en/filters.md", &en);
    let restored = p.check();
    assert!(codes(&p, &restored, Rule::OutdatedTranslation).is_empty());
}

#[test]
fn a_page_s_own_findings_and_suppressions_come_back_from_the_cache() {
    let page = "# Page\n\n<!-- guide-lint-disable-next-line GL204 -->\n![a](gone.png)\n\n![b](gone-too.png)\n\n<!-- guide-lint-disable-next-line GL102 -->\nText.\n";
    let p = Project::new(&[("da/page.md", page)]);
    let cold = p.check();
    assert!(!cold.findings.is_empty());
    assert!(
        cold.findings
            .iter()
            .any(|f| f.rule == Rule::UnusedSuppression),
        "{cold:#?}"
    );
    let warm = p.check();
    assert_eq!(warm.findings, cold.findings);
    assert_eq!(warm.sources, cold.sources);
    p.write(
        "da/page.md",
        &page.replace("<!-- guide-lint-disable-next-line GL102 -->\n", ""),
    );
    let edited = p.check();
    assert!(
        !edited
            .findings
            .iter()
            .any(|f| f.rule == Rule::UnusedSuppression && f.message.contains("GL102")),
        "{edited:#?}"
    );
}

#[test]
fn a_corrupt_or_foreign_cache_file_is_ignored_and_rebuilt() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    let cold = p.check();
    let [file] = p.cache_files().try_into().expect("one cache file");
    let good = std::fs::read(&file).expect("cache file");

    // One flipped byte in an entry: the checksum no longer matches.
    let mut flipped = good.clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 0x55;
    // Truncated, empty, another program's file, a header claiming more than there is.
    let mut long = good.clone();
    long[12] = long[12].wrapping_add(1);
    for bad in [
        flipped,
        good[..good.len() / 2].to_vec(),
        Vec::new(),
        b"not a cache file at all".to_vec(),
        long,
    ] {
        std::fs::write(&file, &bad).expect("write bad cache");
        let report = p.check();
        assert_eq!(report.findings, cold.findings);
        // Rebuilt: a valid file again, which the next run reads without rewriting it.
        let rebuilt = std::fs::read(&file).expect("rebuilt");
        assert_ne!(rebuilt, bad);
        p.check();
        assert_eq!(std::fs::read(&file).expect("cache file"), rebuilt);
    }
}

#[test]
fn a_corrupt_or_foreign_run_record_is_ignored_and_rebuilt() {
    // b.md links to an anchor a.md lacks: a workspace finding, kept in the run record.
    let linking = LINKING.replace("#configure-the-server", "#configure-the-servex");
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", &linking)]);
    let cold = p.check();
    assert_eq!(codes(&p, &cold, Rule::BrokenAnchor), ["en/b.md"]);
    let [file] = p
        .cache_files_ending(".run")
        .try_into()
        .expect("one run record");
    let good = std::fs::read(&file).expect("run record");
    // Nothing changed: the record is reused, not written again.
    p.check();
    assert_eq!(std::fs::read(&file).expect("run record"), good);

    let mut flipped = good.clone();
    let last = flipped.len() - 3;
    flipped[last] ^= 0x55;
    for bad in [
        flipped,
        good[..good.len() / 2].to_vec(),
        Vec::new(),
        b"not a cache file at all".to_vec(),
    ] {
        std::fs::write(&file, &bad).expect("write bad run record");
        let report = p.check();
        assert_eq!(report.findings, cold.findings);
        // Rebuilt as it was, and read without being written again by the next run.
        assert_eq!(std::fs::read(&file).expect("rebuilt"), good);
        p.check();
        assert_eq!(std::fs::read(&file).expect("run record"), good);
    }
}

#[test]
fn a_corrupt_summaries_file_is_ignored_and_the_pages_summarised_afresh() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    p.check();
    let [file] = p.summary_files().try_into().expect("one summaries file");
    let mut bad = std::fs::read(&file).expect("summaries file");
    let last = bad.len() - 10;
    bad[last] ^= 0x55;
    std::fs::write(&file, &bad).expect("write bad summaries");
    // Editing b.md makes the cross-page rules run again, on a.md's summary too: a.md's stored
    // one is unusable, so a.md is read and summarised again, and the anchor still resolves.
    p.write("en/b.md", &LINKING.replace("# Start", "# Begin"));
    let edited = p.check();
    assert!(
        codes(&p, &edited, Rule::BrokenAnchor).is_empty(),
        "{edited:#?}"
    );
    assert_ne!(std::fs::read(&file).expect("rewritten"), bad);
    // Now a.md's heading is renamed: the link to its old anchor is reported.
    p.write(
        "en/a.md",
        &LINKED.replace("Configure the server", "Set up the server"),
    );
    let renamed = p.check();
    assert_eq!(codes(&p, &renamed, Rule::BrokenAnchor), ["en/b.md"]);
}

#[test]
fn pages_not_edited_are_not_read_again_when_another_page_changes() {
    // Pages of a translated project: each has translation units and sections in its summary.
    let da = "# Installér\n\nTekst.\n\n## Konfigurer serveren\n\nMere tekst.\n";
    let p = Project::new(&[("en/a.md", LINKED), ("da/a.md", da), ("en/b.md", LINKING)]);
    for page in ["en/a.md", "da/a.md", "en/b.md"] {
        age(&p.dir.path().join(page));
    }
    let cold = p.check();
    assert!(codes(&p, &cold, Rule::BrokenAnchor).is_empty(), "{cold:#?}");
    // a.md's heading changes without its size or time changing, which the cache cannot see
    // (as ruff's and rumdl's cannot) ...
    let a = p.dir.path().join("en/a.md");
    let time = std::fs::metadata(&a)
        .and_then(|m| m.modified())
        .expect("mtime");
    p.write("en/a.md", &LINKED.replace("the server", "the servex"));
    std::fs::File::options()
        .write(true)
        .open(&a)
        .and_then(|f| f.set_modified(time))
        .expect("restore mtime");
    // ... and b.md is edited, so the cross-page rules run again: on a.md's stored summary, not
    // on a.md read and summarised again. Were the stored summary unreadable, a.md would be
    // read again and b.md's link to its old heading reported.
    p.write("en/b.md", &LINKING.replace("# Start", "# Begin"));
    let edited = p.run(true);
    assert!(
        codes(&p, &edited, Rule::BrokenAnchor).is_empty(),
        "a.md was read again: {edited:#?}"
    );
    // Without the cache, the renamed heading is seen.
    let fresh = p.run(false);
    assert_eq!(
        codes(&p, &fresh, Rule::BrokenAnchor),
        ["en/b.md"],
        "{fresh:#?}"
    );
}

/// Sets a file's modification time an hour back, as for pages not edited lately.
fn age(path: &Path) {
    age_by(path, 3600);
}

#[test]
fn output_without_source_text_places_findings_from_the_cache_without_reading_the_pages() {
    // A finding past a line with a wide character, so that byte, character and UTF-16
    // columns all differ.
    let linking = format!("æ𐐀 ø\n\næ 𐐀 {LINKING}");
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", &linking)]);
    for rel in ["en/a.md", "en/b.md"] {
        age(&p.dir.path().join(rel));
    }
    let run = |places_only| {
        let options = CheckOptions {
            cache_dir: Some(p.cache_dir()),
            places_only,
            ..CheckOptions::default()
        };
        check(&[p.config.guides_root()], &p.config, &options)
    };
    let cold = p.run(false);
    assert!(!cold.findings.is_empty());
    let ctx = guide_lint::render::RenderContext::default();
    let formats = [
        guide_lint::render::OutputFormat::Concise,
        guide_lint::render::OutputFormat::Json,
        guide_lint::render::OutputFormat::Github,
        guide_lint::render::OutputFormat::Rdjson,
    ];
    let expected: Vec<String> = formats
        .iter()
        .map(|f| guide_lint::render::render(*f, &cold, &ctx))
        .collect();
    // The first cached run reads the pages and records their findings' places.
    let filled = run(true);
    assert!(!filled.sources.is_empty());
    let bin = std::fs::read(&p.cache_files()[0]).expect("cache file");
    // The next one takes them from the cache: no page is read, the output is the same.
    let warm = run(true);
    assert_eq!(warm.findings, cold.findings);
    assert!(warm.sources.is_empty(), "{:?}", warm.sources.keys());
    assert!(warm.places.contains_key(&p.dir.path().join("en/b.md")));
    for (f, want) in formats.iter().zip(&expected) {
        assert_eq!(&guide_lint::render::render(*f, &warm, &ctx), want, "{f:?}");
    }
    assert_eq!(std::fs::read(&p.cache_files()[0]).expect("cache file"), bin);
    // A run that shows source text still reads them.
    let shown = run(false);
    assert_eq!(shown.sources, cold.sources);
    assert!(shown.places.is_empty());
}

#[test]
fn pages_unchanged_by_size_and_time_are_not_read_but_their_sources_are_shown() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    for rel in ["en/a.md", "en/b.md"] {
        age(&p.dir.path().join(rel));
    }
    // The first run records the pages' sizes and times; the second trusts them, yet reports
    // the same findings with the same source text (read again for the pages with findings).
    let cold = p.check();
    assert!(!cold.findings.is_empty());
    let bin = std::fs::read(&p.cache_files()[0]).expect("cache file");
    let warm = p.check();
    assert_eq!(warm.findings, cold.findings);
    assert_eq!(warm.sources, cold.sources);
    assert!(warm.sources.contains_key(&p.dir.path().join("en/b.md")));
    // Nothing changed: the cache is not rewritten.
    assert_eq!(std::fs::read(&p.cache_files()[0]).expect("cache file"), bin);
    // The size and time are what is trusted: a same-size edit given back the old time (which
    // no editor does) is not seen by a cached run, only by one without the cache.
    same_size_edit_keeping_its_time(&p);
    assert_ne!(p.run(false).findings, cold.findings);
    assert_eq!(p.run(true).findings, cold.findings);
    p.write("en/b.md", LINKING);
    // An edit changes the time: the page is read and judged again.
    p.write(
        "en/a.md",
        &LINKED.replace("Configure the server", "Set up the server"),
    );
    let renamed = p.check();
    assert_eq!(codes(&p, &renamed, Rule::BrokenAnchor), ["en/b.md"]);
}

#[test]
fn another_configuration_keeps_its_own_cache_file() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    p.check();
    let options = CheckOptions {
        selection: guide_lint::RuleLayer {
            ignore: vec![guide_lint::Selector::Rule(Rule::BrokenAnchor)],
            ..guide_lint::RuleLayer::default()
        },
        cache_dir: Some(p.cache_dir()),
        ..CheckOptions::default()
    };
    check(&[p.config.guides_root()], &p.config, &options);
    assert_eq!(p.cache_files().len(), 2);
}

#[test]
fn a_page_read_only_as_a_link_target_is_re_read_when_it_changes() {
    // Only b.md is checked; a.md is read for its anchors. The run's cross-page findings are
    // reused only while a.md's text is unchanged.
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    let only_b = |cache: bool| {
        let options = CheckOptions {
            cache_dir: cache.then(|| p.cache_dir()),
            ..CheckOptions::default()
        };
        check(&[p.dir.path().join("en/b.md")], &p.config, &options)
    };
    let cold = only_b(true);
    assert!(codes(&p, &cold, Rule::BrokenAnchor).is_empty(), "{cold:#?}");
    assert_eq!(only_b(true).findings, cold.findings);
    p.write(
        "en/a.md",
        &LINKED.replace("Configure the server", "Set up the server"),
    );
    let renamed = only_b(true);
    assert_eq!(renamed.findings, only_b(false).findings);
    assert_eq!(
        codes(&p, &renamed, Rule::BrokenAnchor),
        ["en/b.md"],
        "{renamed:#?}"
    );
    // The linked page disappears: the link is reported as broken, not its anchor.
    std::fs::remove_file(p.dir.path().join("en/a.md")).expect("remove");
    let gone = only_b(true);
    assert_eq!(gone.findings, only_b(false).findings);
    assert!(codes(&p, &gone, Rule::BrokenAnchor).is_empty(), "{gone:#?}");
    assert_eq!(
        codes(&p, &gone, Rule::BrokenPageLink),
        ["en/b.md"],
        "{gone:#?}"
    );
}

#[test]
fn the_lock_file_and_the_assets_are_part_of_the_cached_run() {
    let en = std::fs::read_to_string(pairs_dir().join("en/filters.md")).expect("en");
    let da = std::fs::read_to_string(pairs_dir().join("da/filters.md")).expect("da");
    let p = Project::new(&[("en/filters.md", &en), ("da/filters.md", &da)]);
    // Not accepted yet: nothing to be outdated against.
    let before = p.check();
    assert!(codes(&p, &before, Rule::OutdatedTranslation).is_empty());
    guide_lint::translation::accept_page(&p.config, Path::new("da/filters.md")).expect("accept");
    p.write(
        "en/filters.md",
        &en.replace("Click `Save new filter`.", "Click `Save new filter` now."),
    );
    let outdated = p.check();
    assert_eq!(
        codes(&p, &outdated, Rule::OutdatedTranslation),
        ["da/filters.md"]
    );
    // Accepting again changes only the lock file: the finding goes away.
    guide_lint::translation::accept_page(&p.config, Path::new("da/filters.md")).expect("accept");
    let accepted = p.check();
    assert!(
        codes(&p, &accepted, Rule::OutdatedTranslation).is_empty(),
        "{accepted:#?}"
    );
}

/// The `guide-lint` binary in `dir`.
fn cli(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("guide-lint").expect("binary");
    cmd.current_dir(dir).env_remove(guide_lint::cache::ENV);
    cmd
}

#[test]
fn the_cache_folder_follows_the_configuration_the_variable_and_the_option() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    let config = format!("{CONFIG}cache-dir: build/lint-cache\n");
    std::fs::write(p.dir.path().join("guide-lint.yml"), &config).expect("config");
    cli(p.dir.path())
        .args(["check", "--exit-zero"])
        .assert()
        .success();
    let configured = p.dir.path().join("build/lint-cache");
    assert!(configured.join(".gitignore").is_file());
    assert!(!p.cache_dir().exists());

    // The environment variable wins over the configuration, the option over both.
    cli(p.dir.path())
        .args(["check", "--exit-zero"])
        .env(guide_lint::cache::ENV, "from-env")
        .assert()
        .success();
    assert!(p.dir.path().join("from-env/.gitignore").is_file());
    cli(p.dir.path())
        .args(["check", "--exit-zero", "--cache-dir", "from-option"])
        .env(guide_lint::cache::ENV, "from-env-2")
        .assert()
        .success();
    assert!(p.dir.path().join("from-option/.gitignore").is_file());
    assert!(!p.dir.path().join("from-env-2").exists());

    // `--no-cache` writes nothing.
    std::fs::remove_dir_all(&configured).expect("remove cache");
    cli(p.dir.path())
        .args(["check", "--exit-zero", "--no-cache"])
        .assert()
        .success();
    assert!(!configured.exists());
}

#[test]
fn a_configured_cache_folder_outside_the_repository_is_refused() {
    let p = Project::new(&[("en/a.md", LINKED)]);
    std::fs::create_dir(p.dir.path().join(".git")).expect("repository");
    let config = format!("{CONFIG}cache-dir: ../elsewhere\n");
    std::fs::write(p.dir.path().join("guide-lint.yml"), &config).expect("config");
    let out = cli(p.dir.path())
        .args(["check", "--exit-zero"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cache-dir"), "{stderr}");
}

/// Sets a file's modification time `secs` seconds back.
fn age_by(path: &Path, secs: u64) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open page")
        .set_modified(old)
        .expect("set mtime");
}

#[test]
fn a_run_with_nothing_changed_gives_back_the_last_report_and_an_edit_is_still_seen() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    for rel in ["en/a.md", "en/b.md"] {
        age(&p.dir.path().join(rel));
    }
    let cold = p.check();
    let [last] = p
        .cache_files_ending(".last-text")
        .try_into()
        .expect("one report");
    let kept = std::fs::read(&last).expect("report");
    // Nothing changed: the same report, sources included, and the record is not rewritten.
    let warm = p.check();
    assert_eq!(warm.findings, cold.findings);
    assert_eq!(warm.sources, cold.sources);
    assert_eq!(std::fs::read(&last).expect("report"), kept);
    // An edit, its page's time set well back (settled): the report is made afresh.
    let a = p.dir.path().join("en/a.md");
    p.write(
        "en/a.md",
        &LINKED.replace("Configure the server", "Set up the server"),
    );
    age_by(&a, 7200);
    let renamed = p.check();
    assert_eq!(codes(&p, &renamed, Rule::BrokenAnchor), ["en/b.md"]);
    assert_ne!(std::fs::read(&last).expect("report"), kept);
    // A page edited within the last seconds turns the record off for the run.
    p.write("en/a.md", LINKED);
    let fresh = p.check();
    assert!(codes(&p, &fresh, Rule::BrokenAnchor).is_empty());
    // A damaged record is ignored and rebuilt.
    age_by(&a, 3600);
    let good = p.check();
    assert_eq!(good.findings, cold.findings);
    let mut bad = std::fs::read(&last).expect("report");
    let at = bad.len() - 5;
    bad[at] ^= 0x55;
    std::fs::write(&last, &bad).expect("damage");
    assert_eq!(p.check().findings, cold.findings);
    assert_ne!(std::fs::read(&last).expect("rebuilt"), bad);
}

#[test]
fn a_kept_report_follows_the_english_page_and_the_lock_file() {
    let en = std::fs::read_to_string(pairs_dir().join("en/filters.md")).expect("en");
    let da = std::fs::read_to_string(pairs_dir().join("da/filters.md")).expect("da");
    let p = Project::new(&[("en/filters.md", &en), ("da/filters.md", &da)]);
    let pages = ["en/filters.md", "da/filters.md"].map(|rel| p.dir.path().join(rel));
    pages.iter().for_each(|page| age(page));
    guide_lint::translation::accept_page(&p.config, Path::new("da/filters.md")).expect("accept");
    let accepted = p.check();
    assert!(codes(&p, &accepted, Rule::OutdatedTranslation).is_empty());
    assert_eq!(p.check().findings, accepted.findings);
    p.write(
        "en/filters.md",
        &en.replace("Click `Save new filter`.", "Click `Save new filter` now."),
    );
    age_by(&pages[0], 7200);
    let outdated = p.check();
    assert_eq!(
        codes(&p, &outdated, Rule::OutdatedTranslation),
        ["da/filters.md"]
    );
    assert_eq!(p.check().findings, outdated.findings);
    // Accepting changes only the lock file.
    guide_lint::translation::accept_page(&p.config, Path::new("da/filters.md")).expect("accept");
    let again = p.check();
    assert!(codes(&p, &again, Rule::OutdatedTranslation).is_empty());
}

#[test]
fn a_kept_listing_is_not_used_once_an_ignore_file_changes() {
    let p = Project::new(&[
        ("en/a.md", LINKED),
        ("en/b.md", LINKING),
        ("en/skip.md", LINKING),
        (".gitignore", "# nothing yet\n"),
    ]);
    for rel in ["en/a.md", "en/b.md", "en/skip.md", ".gitignore"] {
        age(&p.dir.path().join(rel));
    }
    // Folders are recorded once their change time is settled too (which cannot be set back);
    // the cache folder is made first, so that its making does not move the project folder's.
    std::fs::create_dir_all(p.cache_dir()).expect("cache folder");
    std::thread::sleep(std::time::Duration::from_millis(3500));
    let first = p.check();
    assert!(p.cache_files_ending(".bin").iter().any(|f| {
        f.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("walk-"))
    }));
    assert!(
        first
            .dialects
            .contains_key(&p.dir.path().join("en/skip.md"))
    );
    assert_eq!(p.check().dialects, first.dialects);
    // The same size, the old time: its change time and inode still tell.
    let ignore = p.dir.path().join(".gitignore");
    let time = std::fs::metadata(&ignore)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::fs::write(&ignore, "en/skip.md\n\n\n\n").expect("ignore file");
    assert_eq!(std::fs::metadata(&ignore).expect("size").len(), 14);
    std::fs::File::options()
        .write(true)
        .open(&ignore)
        .and_then(|f| f.set_modified(time))
        .expect("restore mtime");
    let ignored = p.check();
    assert!(
        !ignored
            .dialects
            .contains_key(&p.dir.path().join("en/skip.md"))
    );
    assert_eq!(ignored.dialects.len(), 2);
}

#[test]
fn a_run_with_nothing_changed_prints_what_the_last_one_printed() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    for rel in ["en/a.md", "en/b.md"] {
        age(&p.dir.path().join(rel));
    }
    let run = |args: &[&str]| {
        let out = cli(p.dir.path())
            .arg("check")
            .args(args)
            .output()
            .expect("run");
        (out.status.code(), out.stdout, out.stderr)
    };
    for format in ["concise", "json", "human"] {
        let fresh = run(&["--no-cache", "--output-format", format]);
        let first = run(&["--output-format", format]);
        let second = run(&["--output-format", format]);
        assert_eq!(first.0, fresh.0, "{format}");
        assert_eq!(first.1, fresh.1, "{format}");
        assert_eq!(second.0, fresh.0, "{format}");
        assert_eq!(second.1, fresh.1, "{format}");
        // The summary line says how long this run took.
        let line = |e: &[u8]| {
            let e = String::from_utf8_lossy(e).into_owned();
            e.split_once(" in ")
                .and_then(|(a, b)| Some((a.to_string(), b.split_once(": ")?.1.to_string())))
                .unwrap_or((e, String::new()))
        };
        assert_eq!(line(&second.2), line(&fresh.2), "{format}");
    }
    // The exit code follows `--exit-zero`, not the printed run.
    let zero = run(&["--output-format", "concise", "--exit-zero"]);
    assert_eq!(zero.0, Some(0));
    assert_eq!(zero.1, run(&["--no-cache", "--output-format", "concise"]).1);
    // JUnit shows the run's duration in its body: never kept.
    run(&["--output-format", "junit"]);
    run(&["--output-format", "junit"]);
    let outputs = p.cache_files_ending("");
    let outputs: Vec<_> = outputs
        .iter()
        .filter(|f| f.to_string_lossy().contains(".output-"))
        .collect();
    assert_eq!(outputs.len(), 3);
    // A damaged or foreign output record is ignored and rebuilt.
    for file in outputs {
        let mut bad = std::fs::read(file).expect("output record");
        let at = bad.len() / 2;
        bad[at] ^= 0x55;
        for damaged in [bad, b"GLCACHE\0 but not one".to_vec()] {
            std::fs::write(file, &damaged).expect("damage");
            for format in ["concise", "json", "human"] {
                let again = run(&["--output-format", format]);
                let want = run(&["--no-cache", "--output-format", format]);
                assert_eq!((again.0, &again.1), (want.0, &want.1), "{format}");
            }
            assert_ne!(std::fs::read(file).expect("rebuilt"), damaged);
        }
    }
    // What is trusted is each page's size and time, as in the page cache: a same-size edit
    // given back its old time is not seen (which shows that the kept output is what a run
    // with nothing changed prints); only a run without the cache sees it.
    let kept = run(&["--output-format", "concise"]).1;
    same_size_edit_keeping_its_time(&p);
    assert_eq!(run(&["--output-format", "concise"]).1, kept);
    assert_ne!(run(&["--no-cache", "--output-format", "concise"]).1, kept);
}

#[test]
fn printed_output_is_kept_up_to_its_limit_and_not_at_all_past_it() {
    use guide_lint::cache::{OutputMeta, Printed};
    let p = Project::new(&[("en/a.md", LINKED)]);
    age(&p.dir.path().join("en/a.md"));
    let options = guide_lint::CheckOptions {
        cache_dir: Some(p.dir.path().join("cache")),
        ..guide_lint::CheckOptions::default()
    };
    let paths = [p.config.guides_root()];
    let run = guide_lint::CheckRun::new(&paths, &p.config, &options);
    let last = run.last().expect("a settled page: the run has a key");
    let meta = || OutputMeta {
        stderr: ("before".into(), Some("after".into())),
        has_errors: true,
        file_errors: false,
        snippets: Vec::new(),
    };
    let mut kept = Printed::new(Some((last, "kept")), 10);
    kept.push(b"abc\n");
    kept.push(b"defgh\n");
    kept.finish(&meta());
    let out = last.output("kept").expect("kept");
    assert_eq!(out.stdout(), b"abc\ndefgh\n");
    assert_eq!(out.meta.stderr, meta().stderr);
    assert!(out.meta.has_errors && !out.meta.file_errors);
    // One byte past the limit: nothing is kept, not even what came before, nor what follows.
    let mut past = Printed::new(Some((last, "past")), 10);
    past.push(b"abc\n");
    past.push(b"defghij\n");
    past.push(b"k\n");
    past.finish(&meta());
    assert!(last.output("past").is_none());
    // Each output is kept under its own options; an empty one is kept too.
    Printed::new(Some((last, "empty")), 10).finish(&meta());
    assert_eq!(last.output("empty").expect("kept").stdout(), b"");
    assert_eq!(last.output("kept").expect("kept").stdout(), b"abc\ndefgh\n");
    // Without a cache nothing is kept.
    let mut off = Printed::new(None, 10);
    off.push(b"a\n");
    off.finish(&meta());
}

#[test]
fn a_page_with_too_many_findings_is_checked_afresh_rather_than_kept() {
    // One stray `)` every other byte: more findings than the cache keeps for a page or a run.
    let many = ") ".repeat(guide_lint::cache::KEPT_FINDINGS + 1);
    let p = Project::new(&[("da/many.md", &many), ("en/a.md", LINKED)]);
    let first = p.check();
    let stray = |r: &CheckReport| {
        r.findings
            .iter()
            .filter(|f| f.rule == Rule::UnbalancedParentheses)
            .count()
    };
    assert_eq!(stray(&first), guide_lint::cache::KEPT_FINDINGS + 1);
    // Nothing in the cache folder holds them (each would take some 100 bytes there).
    let kept: u64 = p
        .cache_files_ending("")
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    assert!(kept < 1 << 20, "the cache holds {kept} bytes");
    // The next run reports them all again, as the page is checked afresh.
    let again = p.check();
    assert_eq!(stray(&again), guide_lint::cache::KEPT_FINDINGS + 1);
    assert_eq!(again.findings, first.findings);
}

#[test]
fn human_output_reads_deferred_pages_again_and_shows_only_the_text_checked() {
    // A component link without its leading slash: a finding of the file rules, made while the
    // page's text is at hand.
    let linking = format!("{LINKING}\n<a identity=\"old\" path=\"settings/export\">Export</a>\n");
    // d.md starts with a byte order mark and ends its lines with CRLF: read again, it must
    // decode to the same text as it was checked.
    let crlf = format!("\u{feff}{}", linking.replace('\n', "\r\n"));
    let p = Project::new(&[
        ("en/a.md", LINKED),
        ("en/b.md", &linking),
        ("en/c.md", &linking),
        ("en/d.md", &crlf),
    ]);
    let held = p.run(false);
    let page = |rel: &str| {
        held.sources
            .keys()
            .find(|k| k.ends_with(rel))
            .cloned()
            .expect("a page with findings")
    };
    let (b, c) = (page("en/b.md"), page("en/c.md"));
    let run = |above| {
        let options = CheckOptions {
            cache_dir: Some(p.cache_dir()),
            defer_sources_above: Some(above),
            ..CheckOptions::default()
        };
        check(&[p.config.guides_root()], &p.config, &options)
    };
    let human = guide_lint::render::OutputFormat::Human;
    let ctx = guide_lint::render::RenderContext::default();
    let want = guide_lint::render::render(human, &held, &ctx);

    // Pages larger in all than the threshold: the texts of the pages with findings of the file
    // pass are not held, and each is read again to be drawn (a page with cross-page findings
    // only, a.md, is read for them at the end, as before).
    let deferred = run(0);
    assert_eq!(deferred.findings, held.findings);
    let d = page("en/d.md");
    assert!(deferred.deferred.keys().eq([&b, &c, &d]), "{deferred:#?}");
    assert!(deferred.source_text(&d).is_some());
    assert!(
        deferred.sources.keys().all(|k| k.ends_with("en/a.md")),
        "{:?}",
        deferred.sources.keys()
    );
    assert_eq!(guide_lint::render::render(human, &deferred, &ctx), want);
    // The places of their findings went to the cache: output without source text places
    // them from there, reading neither page (the pages are aged, so that their sizes and
    // times vouch for them, and checked once more to record that).
    for rel in ["en/a.md", "en/b.md", "en/c.md", "en/d.md"] {
        age(&p.dir.path().join(rel));
    }
    run(0);
    let placed = check(
        &[p.config.guides_root()],
        &p.config,
        &CheckOptions {
            cache_dir: Some(p.cache_dir()),
            places_only: true,
            ..CheckOptions::default()
        },
    );
    assert!(placed.places.contains_key(&b) && placed.places.contains_key(&c));
    assert!(placed.places.contains_key(&d));
    assert!(placed.sources.is_empty(), "{:?}", placed.sources.keys());
    let concise = guide_lint::render::OutputFormat::Concise;
    assert_eq!(
        guide_lint::render::render(concise, &placed, &ctx),
        guide_lint::render::render(concise, &held, &ctx)
    );
    // Under the threshold, the texts are held as before.
    let kept = run(1 << 30);
    assert_eq!(kept.sources, held.sources);
    assert!(kept.deferred.is_empty());

    // A page edited between the check and the drawing: its findings are drawn without its
    // text, never with a text that was not checked.
    p.write("en/c.md", &linking.replace("See", "Look at"));
    assert_eq!(deferred.source_text(&b).as_deref(), Some(linking.as_str()));
    assert_eq!(deferred.source_text(&c), None);
    let drawn = guide_lint::render::render(human, &deferred, &ctx);
    assert!(!drawn.contains("Look at"), "{drawn}");
    assert_eq!(
        drawn
            .matches("lines not shown: the file could not be read again, or changed")
            .count(),
        want.matches("en/c.md:").count(),
        "{drawn}"
    );
    // b.md's and d.md's lines are still shown (their findings' excerpts, as before), c.md's
    // no more.
    let shown = |out: &str| out.matches("│ <a identity=\"old\"").count();
    assert!(shown(&want) > 0);
    assert_eq!(shown(&drawn) * 3, shown(&want) * 2, "{drawn}");
    assert_eq!(
        drawn.matches("en/c.md").count(),
        want.matches("en/c.md").count()
    );
}

/// The findings on `rel` (relative to the project).
fn findings_on<'r>(
    p: &Project,
    report: &'r CheckReport,
    rel: &str,
) -> Vec<&'r guide_lint::finding::Finding> {
    let path = p.dir.path().join(rel);
    report
        .findings
        .iter()
        .filter(|f| *f.path == *path)
        .collect()
}

#[test]
fn a_translation_s_comparison_is_kept_until_its_source_page_changes() {
    let rels = [
        "en/filters.md",
        "da/filters.md",
        "en/mobile-apps.md",
        "da/mobile-apps.md",
    ];
    let texts: Vec<String> = rels
        .iter()
        .map(|rel| std::fs::read_to_string(pairs_dir().join(rel)).expect("fixture"))
        .collect();
    let files: Vec<(&str, &str)> = rels
        .iter()
        .copied()
        .zip(texts.iter().map(String::as_str))
        .collect();
    let p = Project::new(&files);
    for rel in rels {
        age(&p.dir.path().join(rel));
    }
    let cold = p.check();
    assert!(
        !codes(&p, &cold, Rule::UntranslatedText).contains(&"da/filters.md".to_string()),
        "{cold:#?}"
    );

    // Behind the cache's back (the same size, the old time), a Danish paragraph is English
    // again: what only reading the page can tell.
    let danish = "Sæt `Expire after` til 1 dag, 1 uge eller 1 måned for emner, der kun betyder noget et stykke tid, som en sportsfinale.";
    let english = "Set `Expire after` to 1 day, 1 week or 1 month for topics that only matter for a while, such as a sports final.";
    assert!(english.len() < danish.len());
    let padded = format!("{english}{}", " ".repeat(danish.len() - english.len()));
    let da = p.dir.path().join("da/filters.md");
    let time = std::fs::metadata(&da)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert!(texts[1].contains(danish));
    p.write("da/filters.md", &texts[1].replace(danish, &padded));
    std::fs::File::options()
        .write(true)
        .open(&da)
        .and_then(|f| f.set_modified(time))
        .expect("restore mtime");
    let fresh = p.run(false);
    assert!(
        codes(&p, &fresh, Rule::UntranslatedText).contains(&"da/filters.md".to_string()),
        "{fresh:#?}"
    );

    // Another pair's translation changes: the cross-page rules run again, and the kept
    // comparison of da/filters.md stands without the page being read.
    p.write(
        "da/mobile-apps.md",
        &format!("{}\nEn linje mere om appen.\n", texts[3]),
    );
    let other = p.run(true);
    assert_eq!(
        findings_on(&p, &other, "da/filters.md"),
        findings_on(&p, &cold, "da/filters.md")
    );
    assert_eq!(
        findings_on(&p, &other, "da/mobile-apps.md"),
        findings_on(&p, &p.run(false), "da/mobile-apps.md")
    );

    // Its source page changes: the pair is compared again, from both pages as they are.
    p.write(
        "en/filters.md",
        &format!("{}\nOne more line about filters.\n", texts[0]),
    );
    let source = p.run(true);
    assert!(
        codes(&p, &source, Rule::UntranslatedText).contains(&"da/filters.md".to_string()),
        "{source:#?}"
    );
}

#[test]
fn a_cached_run_reports_what_a_fresh_one_does_on_every_pair_after_edits_and_accepts() {
    let p = Project::new(&[]);
    let mut pairs = 0;
    for entry in std::fs::read_dir(pairs_dir().join("en")).expect("fixtures") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy().to_string();
        pairs += 1;
        for locale in ["en", "da"] {
            let rel = format!("{locale}/{name}");
            let text = std::fs::read_to_string(pairs_dir().join(&rel)).expect("fixture");
            p.write(&rel, &text);
        }
    }
    p.check();
    // Each step changes what some pairs follow from; `check` asserts the cached run reports
    // what a run without the cache does.
    let steps: [fn(&Project); 5] = [
        |p| p.write("da/filters.md", "# Skjul opslag\n\nKort tekst.\n"),
        |p| {
            guide_lint::translation::accept_page(&p.config, Path::new("da/mobile-apps.md"))
                .expect("accept");
        },
        |p| {
            let en = std::fs::read_to_string(p.dir.path().join("en/mobile-apps.md")).expect("en");
            let changed = en.replacen(". ", ", and more. ", 1);
            assert_ne!(changed, en);
            p.write("en/mobile-apps.md", &changed);
        },
        |p| {
            std::fs::remove_file(p.dir.path().join("en/privacy-settings.md")).expect("remove");
        },
        |p| {
            guide_lint::translation::accept_page(&p.config, Path::new("da/filters.md"))
                .expect("accept");
        },
    ];
    for step in steps {
        step(&p);
        p.check();
        p.check();
        // Only the Danish pages, their source pages read besides.
        let da = [p.dir.path().join("da")];
        let options = |cache: bool| CheckOptions {
            cache_dir: cache.then(|| p.cache_dir()),
            ..CheckOptions::default()
        };
        let cached = check(&da, &p.config, &options(true));
        let again = check(&da, &p.config, &options(true));
        let fresh = check(&da, &p.config, &options(false));
        assert_eq!(cached.findings, fresh.findings);
        assert_eq!(again.findings, fresh.findings);
    }
    assert_eq!(pairs, 12);
}

#[test]
fn a_corrupt_file_of_comparisons_is_ignored_and_the_pairs_compared_afresh() {
    let mut files = Vec::new();
    for rel in [
        "en/filters.md",
        "da/filters.md",
        "en/mobile-apps.md",
        "da/mobile-apps.md",
    ] {
        let text = std::fs::read_to_string(pairs_dir().join(rel)).expect("fixture");
        files.push((rel, text));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(r, t)| (*r, t.as_str())).collect();
    let p = Project::new(&refs);
    let cold = p.check();
    let [file] = p
        .cache_files_ending(".pairs")
        .try_into()
        .expect("one file of comparisons");
    let good = std::fs::read(&file).expect("comparisons");
    let mut bad = good.clone();
    let last = bad.len() - 10;
    bad[last] ^= 0x55;
    std::fs::write(&file, &bad).expect("write bad comparisons");
    // Another page changes, so the cross-page rules run again: the pairs whose stored
    // comparison is unusable are compared afresh, and the file written again.
    p.write("en/other.md", "# Other\n\nText.\n");
    let edited = p.check();
    for rel in ["da/filters.md", "da/mobile-apps.md"] {
        assert_eq!(findings_on(&p, &edited, rel), findings_on(&p, &cold, rel));
    }
    let rewritten = std::fs::read(&file).expect("rewritten");
    assert_ne!(rewritten, bad);
}

/// Every page of the realistic projects: its summary, as the cache stores it, decodes to the
/// same summary. The stored form has no field names, so one field written only when it has a
/// value leaves every summary without it unreadable, and each run after an edit then reads
/// every page again.
#[test]
fn every_realistic_page_s_summary_decodes_from_the_cache_as_it_was() {
    use guide_lint::workspace::PageSummary;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realistic");
    let mut seen = 0;
    let mut translated = 0;
    for project in ["mkdocs-site", "wikijs-repo", "mkdocs-bilingual"] {
        let config = Config::load_project(&root.join(project), false).expect("config");
        let loader = guide_lint::Loader::new(&config);
        let mut dirs = vec![config.guides_root()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("read dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if !guide_lint::discover::is_page(&path) {
                    continue;
                }
                let file = guide_lint::discover::page_file(&path, &config);
                let doc = loader.load(&file).expect("page loads");
                let mut summary = PageSummary::new(&doc, &file, &config);
                let bytes = guide_lint::cache::encode_summary(&mut summary).expect("encodes");
                let decoded = guide_lint::cache::decode_summary(&bytes)
                    .unwrap_or_else(|| panic!("{} does not decode", path.display()));
                // What the cache keeps: the translation units' outline, and no pair compared.
                summary.translation = summary.translation.map(|u| u.outline());
                summary.compared_with = None;
                translated += usize::from(summary.translation.is_some());
                assert_eq!(
                    format!("{decoded:?}"),
                    format!("{summary:?}"),
                    "{}",
                    path.display()
                );
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 20 && translated >= 4,
        "{seen} pages, {translated} translated"
    );
}

/// A Danish link to a section of another Danish page is compared through that page's pair
/// (GL406): when that page's heading is renamed, the link's finding follows, though the
/// linking pair's comparison is kept.
#[test]
fn a_link_to_another_page_s_section_follows_that_page_s_translation() {
    let en_b = "# Moving\n\nTwo steps.\n\n## Export your data\n\nRequest an archive of your posts.\n\n## Import data\n\nUpload your follows list.\n";
    let da_b = "# Flytning\n\nTo trin.\n\n## Eksporter dine data\n\nBed om et arkiv af dine opslag.\n\n## Importer data\n\nUpload din liste over dem, du følger.\n";
    let en_a = "# Before\n\nThink first.\n\n## Keep your posts\n\nSee [exporting](b.md#export-your-data) first.\n";
    let da_a = "# Før\n\nTænk først.\n\n## Behold dine opslag\n\nSe først [eksport](/da/b#importer-data).\n";
    let p = Project::new(&[
        ("en/a.md", en_a),
        ("en/b.md", en_b),
        ("da/a.md", da_a),
        ("da/b.md", da_b),
    ]);
    let astray = |report: &CheckReport| -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|f| f.rule == Rule::TranslationMarkupMismatch)
            .map(|f| f.message.to_string())
            .collect()
    };
    let cold = p.check();
    let [message] = astray(&cold).try_into().expect("one GL406");
    assert!(message.contains("`#eksporter-dine-data`"), "{message}");
    assert_eq!(astray(&p.check()), [message]);
    p.write(
        "da/b.md",
        &da_b.replace("Eksporter dine data", "Eksport af data"),
    );
    let renamed = p.check();
    let [message] = astray(&renamed).try_into().expect("one GL406");
    assert!(message.contains("`#eksport-af-data`"), "{message}");
    p.write(
        "da/a.md",
        &da_a.replace("#importer-data", "#eksport-af-data"),
    );
    assert_eq!(astray(&p.check()), Vec::<String>::new());
}

/// The cache keeps a `.gitignore` of `*` in its folder: a cache folder that holds pages (the
/// guides folder, a folder above it, a locale's folder) would hide them from the next run,
/// which then checked nothing and passed. Such a folder is refused; the default folder inside
/// a `guides: .` project hides only itself, run after run.
#[test]
fn a_cache_folder_that_holds_pages_is_refused() {
    let p = Project::new(&[("en/a.md", LINKED), ("en/b.md", LINKING)]);
    for dir in ["en", "."] {
        let out = cli(p.dir.path())
            .args(["check", "--cache-dir", dir])
            .assert()
            .code(2)
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("would hide the pages"), "{stderr}");
        assert!(!p.dir.path().join(dir).join(".gitignore").exists());
    }
    let runs: Vec<String> = (0..2)
        .map(|_| {
            let out = cli(p.dir.path())
                .args(["check", "--exit-zero", "--output-format", "concise"])
                .assert()
                .success()
                .get_output()
                .clone();
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect();
    assert!(runs[0].contains("en/b.md"), "{}", runs[0]);
    assert_eq!(runs[0], runs[1]);
}
