//! Translation checks end to end: realistic fully translated page pairs (no false GL402/GL403),
//! planted English runs (each found), the lock file and GL407, and `status`. The seeds' GL4xx
//! findings are tested in `tests/seeds.rs` (`gl4xx_on_seeds`).

use std::path::{Path, PathBuf};

use guide_lint::translation::{Lock, status};
use guide_lint::{CheckOptions, Config, Finding, Rule, check};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const CONFIG: &str = "guides: .\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"en/**\"\n    dialect: mkdocs\n  - path: \"da/**\"\n    dialect: wikijs\n";

/// A guides tree in a temporary directory: `files` are (path under the root, content).
fn tree(files: &[(&str, String)]) -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("guide-lint.yml"), CONFIG).expect("write config");
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write page");
    }
    let config =
        Config::load(Some(&dir.path().join("guide-lint.yml")), dir.path()).expect("config");
    (dir, config)
}

fn run(config: &Config) -> (Vec<Finding>, std::collections::BTreeMap<PathBuf, String>) {
    let report = check(&[config.guides_root()], config, &CheckOptions::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    (report.findings, report.sources)
}

/// Writes `en` as the English `filters.md` page, checks, and returns the one GL407 finding with
/// the pages' texts.
fn one_gl407_after(
    dir: &tempfile::TempDir,
    config: &Config,
    en: &str,
) -> (Finding, std::collections::BTreeMap<PathBuf, String>) {
    std::fs::write(dir.path().join("en/filters.md"), en).expect("write");
    let (findings, sources) = run(config);
    let mut gl407: Vec<Finding> = findings
        .into_iter()
        .filter(|f| f.rule == Rule::OutdatedTranslation)
        .collect();
    assert_eq!(gl407.len(), 1, "{gl407:#?}");
    (gl407.remove(0), sources)
}

fn translation_findings(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.rule.code().starts_with("GL4"))
        .collect()
}

fn pairs_dir() -> PathBuf {
    manifest().join("tests/fixtures/translation/pairs")
}

fn pair_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for locale in ["en", "da"] {
        let mut names: Vec<_> = std::fs::read_dir(pairs_dir().join(locale))
            .expect("pairs")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in names {
            let text = std::fs::read_to_string(pairs_dir().join(locale).join(&n)).expect("read");
            out.push((format!("{locale}/{n}"), text));
        }
    }
    out
}

#[test]
fn fully_translated_pairs_have_no_untranslated_findings() {
    let config = Config::load(Some(&pairs_dir().join("guide-lint.yml")), &pairs_dir())
        .expect("pairs config");
    let (findings, _) = run(&config);
    let pages = pair_files()
        .iter()
        .filter(|(p, _)| p.starts_with("da/"))
        .count();
    assert!(pages >= 10, "at least 10 page pairs, found {pages}");
    let bad: Vec<_> = translation_findings(&findings);
    assert!(
        bad.is_empty(),
        "findings on fully translated pages: {bad:#?}"
    );
}

/// (page, Danish text to replace, English planted instead, what it is)
const PLANTED: &[(&str, &str, &str, &str)] = &[
    (
        "da/two-factor-authentication.md",
        "Hver kode kan bruges én gang, hvis du mister din telefon.",
        "Each code can be used once if you lose your phone.",
        "one sentence in a translated paragraph",
    ),
    (
        "da/privacy-settings.md",
        "* `Followers`: kun dem, der følger dig.",
        "* `Followers`: only the people who follow you.",
        "one list item",
    ),
    (
        "da/filters.md",
        "> **Filtre er personlige**",
        "> **Filters are personal**",
        "one callout title",
    ),
    (
        "da/import-follows.md",
        "placeholder=\"Skriv eller indsæt din nye server\"",
        "placeholder=\"Write or paste your new server\"",
        "one placeholder attribute",
    ),
    (
        "da/self-host-with-docker.md",
        "Caddy henter selv et certifikat fra Let's Encrypt.",
        "Caddy fetches a certificate from Let's Encrypt by itself.",
        "one paragraph",
    ),
    (
        "da/keyboard-shortcuts.md",
        "| `r` | Svar på det valgte opslag |",
        "| `r` | Reply to the selected post |",
        "one table cell",
    ),
    (
        "da/filters.md",
        "## Filtre, der udløber",
        "## Filters that expire",
        "one heading",
    ),
    (
        "da/mobile-apps.md",
        "1. Skriv adressen på din server, for eksempel `mastodon.social` eller `expressional.social`, ikke din e-mailadresse.",
        "1. Type the address of your server, for example `mastodon.social` or `expressional.social`, not your email address.",
        "one list item with code spans",
    ),
    (
        "da/install-the-app.md",
        "Åbn App Store, søg efter **Ice Cubes**, og tryk på `Get`. Du bliver måske bedt om din adgangskode til dit Apple-id eller om Face ID.",
        "Open the App Store, search for **Ice Cubes** and tap `Get`. You may be asked for your Apple ID password or Face ID.",
        "one paragraph in a tab (MkDocs content tab, Wiki.js tabset)",
    ),
    (
        "da/filters.md",
        "description: Sådan skjuler du opslag med bestemte ord",
        "description: How to hide posts that contain certain words",
        "the page description in the header (no English counterpart to compare with)",
    ),
];

#[test]
fn planted_english_runs_are_each_found() {
    for (page, danish, english, what) in PLANTED {
        let mut files = pair_files();
        let (_, text) = files
            .iter_mut()
            .find(|(p, _)| p == page)
            .unwrap_or_else(|| panic!("no page {page}"));
        let at = text
            .find(danish)
            .unwrap_or_else(|| panic!("{page} has no {danish:?}"));
        *text = text.replacen(danish, english, 1);
        let planted = at..at + english.len();
        let files: Vec<(&str, String)> =
            files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
        let (_dir, config) = tree(&files);
        let (findings, _) = run(&config);
        let gl403: Vec<_> = findings
            .iter()
            .filter(|f| f.rule == Rule::UntranslatedText)
            .collect();
        assert_eq!(
            gl403.len(),
            1,
            "{what}: expected exactly one GL403, got {gl403:#?}"
        );
        let f = gl403[0];
        assert!(f.path.ends_with(page), "{what}: finding on {:?}", f.path);
        assert!(
            f.range.start < planted.end && planted.start < f.range.end,
            "{what}: the finding {:?} does not cover the planted text {planted:?}",
            f.range
        );
        assert!(
            !findings.iter().any(|f| f.rule == Rule::UntranslatedPage),
            "{what}: one planted unit is not an untranslated page"
        );
    }
}

#[test]
fn accepted_translations_report_later_source_changes() {
    let en = std::fs::read_to_string(pairs_dir().join("en/filters.md")).expect("en");
    let da = std::fs::read_to_string(pairs_dir().join("da/filters.md")).expect("da");
    let (dir, config) = tree(&[("en/filters.md", en.clone()), ("da/filters.md", da)]);
    let accepted =
        guide_lint::translation::accept_page(&config, Path::new("da/filters.md")).expect("accept");
    assert_eq!(accepted.page, "da/filters.md");
    assert!(accepted.units >= 10, "{accepted:?}");
    assert_eq!(accepted.untranslated, 0);
    let lock_path = dir.path().join("translations.lock");
    let first = std::fs::read_to_string(&lock_path).expect("lock written");
    // Accepting again changes nothing: the file is canonical.
    guide_lint::translation::accept_page(&config, &dir.path().join("da/filters.md"))
        .expect("accept by real path");
    assert_eq!(std::fs::read_to_string(&lock_path).expect("lock"), first);
    let (findings, _) = run(&config);
    assert!(
        !findings.iter().any(|f| f.rule == Rule::OutdatedTranslation),
        "{findings:#?}"
    );

    // The English changes one sentence: one GL407 on the aligned Danish unit, before and after.
    let changed = en.replace(
        "Click `Save new filter`.",
        "Click `Save new filter` and check the filter in the list.",
    );
    assert_ne!(changed, en);
    let (f, sources) = one_gl407_after(&dir, &config, &changed);
    assert!(f.path.ends_with("da/filters.md"));
    assert_eq!(
        &sources[&*f.path][f.range.clone()],
        "Klik på `Save new filter`."
    );
    let help = f.help.as_deref().unwrap_or("");
    assert!(
        help.contains("English before: \"Click `Save new filter`.\""),
        "{help}"
    );
    assert!(
        help.contains(
            "English now:    \"Click `Save new filter` and check the filter in the list.\""
        ),
        "{help}"
    );

    // Re-accepting after updating the Danish records the new English: minimal diff.
    let da_new = std::fs::read_to_string(dir.path().join("da/filters.md"))
        .expect("da")
        .replace(
            "Klik på `Save new filter`.",
            "Klik på `Save new filter`, og tjek filteret på listen.",
        );
    std::fs::write(dir.path().join("da/filters.md"), da_new).expect("write");
    guide_lint::translation::accept_page(&config, Path::new("da/filters.md")).expect("accept");
    let second = std::fs::read_to_string(&lock_path).expect("lock");
    let diff = similar::TextDiff::from_lines(&first, &second);
    let changed_lines = diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .count();
    assert_eq!(
        changed_lines,
        2,
        "one line out, one line in:\n{}",
        diff.unified_diff()
    );
    let lock = Lock::parse(&second, &lock_path).expect("parse");
    assert_eq!(lock.pages["da/filters.md"].source, "en/filters.md");
    let (findings, _) = run(&config);
    assert!(!findings.iter().any(|f| f.rule == Rule::OutdatedTranslation));

    // The English gains a step in a section the Danish page has: one GL407, on the Danish unit
    // the new step follows, naming the new English text.
    let en_now = std::fs::read_to_string(dir.path().join("en/filters.md")).expect("en");
    let added = en_now.replace(
        "1. Click `Save new filter`",
        "1. Choose whether the filter applies to posts you already have.\n1. Click `Save new filter`",
    );
    assert_ne!(added, en_now);
    let (f, sources) = one_gl407_after(&dir, &config, &added);
    assert_eq!(
        f.message,
        "the English page has a list item added since this translation was accepted"
    );
    let help = f.help.as_deref().unwrap_or("");
    assert!(
        help.contains("\"Choose whether the filter applies to posts you already have.\""),
        "{help}"
    );
    // It belongs before `Klik på ...`, after the unit before that one.
    let da_text = &sources[&*f.path];
    let klik = da_text
        .find("Klik på `Save new filter`")
        .expect("Danish unit");
    assert!(f.range.end <= klik, "{:?} {klik}", f.range);
    assert!(
        f.related.iter().any(|r| r.path.ends_with("en/filters.md")),
        "{f:#?}"
    );
    // `status` counts the new step as missing and shows it as an added run, with nothing on
    // the Danish side yet.
    let r = status::collect(&config).expect("status");
    let page = r
        .pages
        .iter()
        .find(|p| p.page == "filters.md")
        .expect("page");
    assert_eq!(page.counts.missing, 1, "{:?}", page.counts);
    let added: Vec<_> = page
        .runs
        .iter()
        .filter(|run| run.kind == status::RunKind::Added)
        .collect();
    assert_eq!(added.len(), 1, "{:#?}", page.runs);
    assert_eq!(
        added[0].rows[0].source.as_deref(),
        Some("Choose whether the filter applies to posts you already have.")
    );
    assert!(added[0].rows[0].translation.is_empty());
    let html = guide_lint::render::status_html::render(&r);
    assert!(html.contains(r#"<div class="run added""#), "{html}");

    // A step that is only a command, in words GL406 leaves to the translator
    // (`docker compose version` could be a label): added all the same.
    let command = en_now.replace(
        "1. Click `Save new filter`",
        "1. `mastodon filters list`\n1. Click `Save new filter`",
    );
    assert_ne!(command, en_now);
    let (f, _) = one_gl407_after(&dir, &config, &command);
    assert_eq!(
        f.message,
        "the English page has a list item added since this translation was accepted"
    );
    assert!(
        f.help
            .as_deref()
            .is_some_and(|h| h.contains("\"`mastodon filters list`\"")),
        "{f:#?}"
    );
}

#[test]
fn accept_refuses_what_is_not_a_translation() {
    let en = std::fs::read_to_string(pairs_dir().join("en/filters.md")).expect("en");
    let (dir, config) = tree(&[
        ("en/filters.md", en.clone()),
        (
            "da/orphan.md",
            "# Forældreløs\n\nDenne side har ingen kilde.\n".into(),
        ),
    ]);
    for (page, needle) in [
        (
            "en/filters.md",
            "not one of the configured `target-locales`",
        ),
        ("da/orphan.md", "has no source page"),
        ("da/missing.md", "neither a file nor a page"),
    ] {
        let err = guide_lint::translation::accept_page(&config, Path::new(page))
            .expect_err(page)
            .to_string();
        assert!(err.contains(needle), "{page}: {err}");
    }
    assert!(!dir.path().join("translations.lock").exists());
}

#[test]
fn status_counts_translated_untranslated_outdated_and_missing() {
    let mut files: Vec<(String, String)> = pair_files()
        .into_iter()
        .filter(|(p, _)| p.ends_with("/filters.md") || p.ends_with("/mobile-apps.md"))
        .collect();
    // An untranslated list item in one page, and an English page with no translation.
    for (p, t) in files.iter_mut() {
        if p == "da/mobile-apps.md" {
            *t = t.replace(
                "* **Tusky** er lille, hurtig og open source; hent den fra Google Play eller F-Droid.",
                "* **Tusky** is small, fast and open source; get it from Google Play or F-Droid.",
            );
        }
    }
    files.push((
        "en/new-page.md".into(),
        "# A new page\n\nThis page has not been translated yet, so it is missing in Danish.\n"
            .into(),
    ));
    let files: Vec<(&str, String)> = files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    let (_dir, config) = tree(&files);
    let r = status::collect(&config).expect("status");
    let by = |page: &str| {
        r.pages
            .iter()
            .find(|p| p.page == page)
            .unwrap_or_else(|| panic!("{page}"))
    };
    assert_eq!(by("filters.md").counts.untranslated, 0);
    assert_eq!(by("filters.md").percent_done, 100.0);
    let apps = by("mobile-apps.md");
    assert_eq!(apps.counts.untranslated, 1);
    assert_eq!(apps.runs.len(), 1);
    let row = &apps.runs[0].rows[0];
    assert!(row.translation.contains("Tusky is small"), "{row:?}");
    assert!(
        row.source
            .as_deref()
            .unwrap_or("")
            .contains("Tusky is small"),
        "{row:?}"
    );
    let new = by("new-page.md");
    assert_eq!(new.translation, None);
    assert_eq!(new.counts.missing, 2);
    assert_eq!(new.percent_done, 0.0);
    let table = status::table(&r);
    assert!(
        table.lines().next().unwrap_or("").starts_with("PAGE"),
        "{table}"
    );
    assert!(table.contains("mobile-apps.md"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&status::json(&r)).expect("json");
    assert_eq!(json["pages"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["locales"]["da"]["untranslated"], 1);
}

/// GL406 compares images as the wiki serves them: after `build.assets` and relative
/// resolution, `img/export.png` on the English page and `/guide/export.png` on the Danish one
/// are one asset, and two images of one file name in different folders are two.
#[test]
fn gl406_compares_assets_after_build_assets_mapping() {
    let en = "# Export your data\n\nOpen the export page and download the archive to your computer.\n\n![The export page](img/export.png)\n\n## Import\n\nOpen the import page on the new server and choose the file.\n\n![The import page](img/a/shot.png)\n\n![The result](img/result.png)\n".to_string();
    let da = "# Eksportér dine data\n\nÅbn siden til eksport, og hent arkivet ned på din computer.\n\n![Siden til eksport](/guide/export.png)\n\n## Import\n\nÅbn siden til import på den nye server, og vælg filen.\n\n![Siden til import](/guide/b/shot.png)\n\n![Resultatet](img/result.png)\n".to_string();
    let gl406 = |config: &str| -> Vec<String> {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("guide-lint.yml"), config).expect("write config");
        let config = write_pages(
            dir.path(),
            &[("en/guide.md", en.as_str()), ("da/guide.md", da.as_str())],
        );
        let (findings, _) = run(&config);
        findings
            .iter()
            .filter(|f| f.rule == Rule::TranslationMarkupMismatch)
            .map(|f| {
                let line = da[..f.range.start].lines().count() + 1;
                format!(
                    "{}:{line}: {} ({})",
                    f.path.display(),
                    f.message,
                    f.help.as_deref().unwrap_or_default()
                )
            })
            .collect()
    };
    let mapped = gl406(&format!(
        "{CONFIG}build:\n  assets:\n    - from: img/\n      to: /guide/\n"
    ));
    assert_eq!(mapped.len(), 1, "{mapped:#?}");
    assert!(
        mapped[0].contains("da/guide.md:11:")
            && mapped[0].contains("img/a/shot.png")
            && mapped[0].contains("guide/b/shot.png"),
        "{mapped:#?}"
    );
    assert!(!mapped[0].contains("export.png"), "{mapped:#?}");
    // Without an asset mapping the pages' paths cannot be related: images are compared by
    // file name, and the two `shot.png` pass.
    let unmapped = gl406(CONFIG);
    assert!(unmapped.is_empty(), "{unmapped:#?}");
}

#[test]
fn output_without_source_text_places_translation_findings_without_reading_pages_again() {
    // A section missing from the translation (its finding points at the English section too)
    // and a section whose code differs: both found while the pair is compared in the file pass.
    let (_dir, config) = tree(&[
        (
            "en/move.md",
            "# Move your account\n\nOpen [the settings](https://old.example/settings/migration) \
             and choose **Move**.\n\n## Export\n\nDownload the `following.csv` file.\n\n## Import\n\nUpload it on the new server.\n"
                .to_string(),
        ),
        (
            "da/move.md",
            "# Flyt din konto\n\nÅbn `Indstillinger` og vælg **Flyt**.\n\n## Eksport\n\nHent \
             filen med dem, du følger.\n"
                .to_string(),
        ),
    ]);
    let run = |places_only| {
        let options = CheckOptions {
            places_only,
            ..CheckOptions::default()
        };
        check(&[config.guides_root()], &config, &options)
    };
    let shown = run(false);
    let placed = run(true);
    assert_eq!(placed.findings, shown.findings);
    let codes: Vec<&str> = translation_findings(&placed.findings)
        .iter()
        .map(|f| f.rule.code())
        .collect();
    assert!(codes.contains(&"GL404"), "{codes:?}");
    assert!(codes.contains(&"GL406"), "{codes:?}");
    let related: Vec<&PathBuf> = placed
        .findings
        .iter()
        .flat_map(|f| f.related.iter().map(|r| &r.path))
        .collect();
    assert!(
        !related.is_empty(),
        "a finding points into the English page"
    );
    // No page is read again for the report: the places found in the file pass cover every
    // finding and every related location.
    assert!(placed.sources.is_empty(), "{:?}", placed.sources.keys());
    for f in &placed.findings {
        assert!(placed.places.contains_key(&*f.path), "{}", f.path.display());
    }
    for p in related {
        assert!(placed.places.contains_key(p), "{}", p.display());
    }
    let ctx = guide_lint::render::RenderContext::default();
    for format in [
        guide_lint::render::OutputFormat::Concise,
        guide_lint::render::OutputFormat::Json,
        guide_lint::render::OutputFormat::Github,
    ] {
        assert_eq!(
            guide_lint::render::render(format, &placed, &ctx),
            guide_lint::render::render(format, &shown, &ctx),
            "{format:?}"
        );
    }
}

/// A link on the Danish page that kept the English heading's id (`#export-your-data`) is one
/// broken link: GL201 reports it, with the translated heading's id as its fix, and GL406 does
/// not report the same link again as a missing link to that section. A section that drops the
/// link is still reported by GL406.
#[test]
fn a_link_left_with_the_english_heading_id_is_reported_once() {
    let en = "# Move your account\n\n## Export your data\n\nOpen the export page and download each list.\n\n## Import your data\n\nUse the lists from [the export](#export-your-data) on the new server.\n";
    let da = |link: &str| {
        format!(
            "# Flyt din konto\n\n## Eksportér dine data\n\nÅbn siden til eksport, og hent hver liste.\n\n## Importér dine data\n\nBrug listerne fra {link} på den nye server.\n"
        )
    };
    let codes = |da: String| -> Vec<&'static str> {
        let (_dir, config) = tree(&[("en/move.md", en.to_string()), ("da/move.md", da)]);
        let (findings, _) = run(&config);
        let mut codes: Vec<&'static str> = findings
            .iter()
            .filter(|f| f.path.ends_with("da/move.md"))
            .map(|f| f.rule.code())
            .collect();
        codes.sort_unstable();
        codes
    };
    assert_eq!(codes(da("[eksporten](#export-your-data)")), vec!["GL201"]);
    assert_eq!(
        codes(da("[eksporten](#eksportér-dine-data)")),
        Vec::<&str>::new()
    );
    assert_eq!(codes(da("eksporten")), vec!["GL406"]);
}

/// A translation may link the page of another site in its own language: the Danish
/// Mastodon documentation for the English, the Danish Wikipedia for the English one. That link
/// stands for the source's (no GL406); a link to another page still leaves the source's
/// missing.
#[test]
fn a_link_to_the_same_page_in_the_translations_language_is_no_missing_link() {
    let en = "# Move your account\n\nRead [the Mastodon documentation](https://docs.joinmastodon.org/user/moving/) and [the Fediverse](https://en.wikipedia.org/wiki/Fediverse) before you start.\n";
    let gl406 = |links: (&str, &str)| -> Vec<String> {
        let da = format!(
            "# Flyt din konto\n\nLæs [Mastodons dokumentation]({}) og [fødiverset]({}), før du starter.\n",
            links.0, links.1
        );
        gl406_helps(en, &da)
    };
    assert_eq!(
        gl406((
            "https://docs.joinmastodon.org/da/user/moving/",
            "https://da.wikipedia.org/wiki/Fødiverset"
        )),
        Vec::<String>::new()
    );
    let other = gl406((
        "https://docs.joinmastodon.org/da/user/profile/",
        "https://da.wikipedia.org/wiki/Fødiverset",
    ));
    assert_eq!(other.len(), 1, "{other:#?}");
    assert!(
        other[0].contains("missing here: link to `https://docs.joinmastodon.org/user/moving`"),
        "{other:#?}"
    );
    // The same page in a third language is no link for a Danish reader.
    let german = gl406((
        "https://docs.joinmastodon.org/de/user/moving/",
        "https://de.wikipedia.org/wiki/Fediverse",
    ));
    assert_eq!(german.len(), 1, "{german:#?}");
    for missing in [
        "https://docs.joinmastodon.org/user/moving",
        "https://en.wikipedia.org/wiki/Fediverse",
    ] {
        assert!(german[0].contains(missing), "{german:#?}");
    }
}

/// A section whose code the translation changed has nothing in common with its source by
/// fingerprints, but it is the only section of each page between the same neighbours, at the
/// same level: it is the translation of it (GL406 says what differs), not a missing section
/// and an extra one.
#[test]
fn the_one_section_left_between_paired_ones_is_paired() {
    let en = "# Operations\n\nOnce the server runs, most of the work is routine and takes little time.\n\n\
              ## Checklist\n\n- Read the release notes before every upgrade.\n- Run `RAILS_ENV=production bin/tootctl media remove` after large updates.\n\n\
              ## Backups\n\nBack up the database every night, and copy the dump to another machine.\n";
    let da = "# Drift\n\nNår serveren kører, er det meste af arbejdet rutine og tager kort tid.\n\n\
              ## Tjekliste\n\n- Læs udgivelsesnoterne før hver opgradering.\n- Kør `bin/tootctl media remove --days 7` efter store opdateringer.\n- Kontrollér, at alle tjenester kører igen bagefter.\n\n\
              ## Sikkerhedskopier\n\nTag en sikkerhedskopi af databasen hver nat, og kopiér den til en anden maskine.\n";
    let (_dir, config) = tree(&[("en/ops.md", en.to_string()), ("da/ops.md", da.to_string())]);
    let (findings, _) = run(&config);
    let rules: Vec<Rule> = findings
        .iter()
        .filter(|f| f.rule.code().starts_with("GL4"))
        .map(|f| f.rule)
        .collect();
    assert_eq!(rules.len(), 1, "{findings:#?}");
    assert_eq!(rules[0], Rule::TranslationMarkupMismatch, "{findings:#?}");
}

/// An English Wiki.js page whose callouts are broken (a MkDocs `!!! tip`, GL301; a class line
/// a blank line keeps from its quote, GL304) is published with them mended by `build`: a
/// translation written with the callouts the wiki shows is no mismatch, and one without them
/// still is.
#[test]
fn callouts_compare_as_build_publishes_a_broken_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("guide-lint.yml"),
        "guides: .\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"**\"\n    dialect: wikijs\n",
    )
    .expect("write config");
    let en = "# Apps\n\nLog out of the old account in every app and log in to the new one.\n\n\
              !!! tip \"Log in to the new account before you log out of the old one.\"\n\n\
              ## Export\n\nDo not use the archive for this. You can not import that file on the new server.\n\n\
              > Export your lists now, while you can still log in.\n\n{.is-warning}\n";
    let gl406 = |da: &str| -> usize {
        let config = write_pages(dir.path(), &[("en/apps.md", en), ("da/apps.md", da)]);
        let (findings, _) = run(&config);
        findings
            .iter()
            .filter(|f| f.rule == Rule::TranslationMarkupMismatch)
            .count()
    };
    let mended = "# Apps\n\nLog ud af den gamle profil i alle apps, og log ind på den nye.\n\n\
                  > Log ind på den nye profil, før du logger ud af den gamle.\n{.is-success}\n\n\
                  ## Eksport\n\nBrug ikke arkivet til dette. Du kan ikke importere den fil på den nye server.\n\n\
                  > Eksportér dine lister nu, mens du stadig kan logge ind.\n{.is-warning}\n";
    assert_eq!(gl406(mended), 0);
    // A translation whose callouts are another colour is still told.
    assert_eq!(
        gl406(
            &mended
                .replace("is-success", "is-danger")
                .replace("{.is-warning}", "{.is-info}")
        ),
        2
    );
}

/// Writes `pages` under `dir` (beside its `guide-lint.yml`) and loads that configuration.
fn write_pages(dir: &std::path::Path, pages: &[(&str, &str)]) -> Config {
    for (rel, text) in pages {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write page");
    }
    Config::load(Some(&dir.join("guide-lint.yml")), dir).expect("config")
}

/// The help of each GL406 finding on the pair of `en` and `da` (the English page as MkDocs, the
/// Danish one as Wiki.js, as [`CONFIG`] reads them).
fn gl406_helps(en: &str, da: &str) -> Vec<String> {
    let (_dir, config) = tree(&[
        ("en/move.md", en.to_string()),
        ("da/move.md", da.to_string()),
    ]);
    let (findings, _) = run(&config);
    findings
        .iter()
        .filter(|f| f.rule == Rule::TranslationMarkupMismatch)
        .map(|f| f.help.as_deref().unwrap_or_default().to_string())
        .collect()
}

/// A link written as HTML (`<a href="...">`, as Wiki.js' editor and many pages write an
/// external link that opens in a new tab) is a link like a Markdown one: a translation that
/// drops it, in a paragraph, a heading or an HTML block, is told; one that keeps it is not.
#[test]
fn html_links_are_compared_like_markdown_links() {
    let en = "# Move your account\n\n\
              ## Before you start\n\n\
              Read <a href=\"https://docs.joinmastodon.org/user/moving/\" target=\"_blank\">the documentation</a> on moving first.\n\n\
              ## Why <a href=\"https://joinmastodon.org/servers\">servers</a> differ\n\n\
              Each server has its own rules, moderators and limits for new accounts.\n\n\
              <div class=\"links\">\n<a href=\"../faq.md\">Questions and answers</a>\n</div>\n";
    let kept = "# Flyt din konto\n\n\
                ## Før du starter\n\n\
                Læs <a href=\"https://docs.joinmastodon.org/user/moving/\" target=\"_blank\">dokumentationen</a> om at flytte først.\n\n\
                ## Hvorfor <a href=\"https://joinmastodon.org/servers\">servere</a> er forskellige\n\n\
                Hver server har sine egne regler, moderatorer og grænser for nye konti.\n\n\
                <div class=\"links\">\n<a href=\"/da/faq\">Spørgsmål og svar</a>\n</div>\n";
    assert_eq!(gl406_helps(en, kept), Vec::<String>::new());
    let dropped = kept
        .replace(
            "<a href=\"https://docs.joinmastodon.org/user/moving/\" target=\"_blank\">dokumentationen</a>",
            "dokumentationen",
        )
        .replace(
            "<a href=\"https://joinmastodon.org/servers\">servere</a>",
            "servere",
        )
        .replace("<a href=\"/da/faq\">Spørgsmål og svar</a>", "Spørgsmål og svar");
    let helps = gl406_helps(en, &dropped);
    assert_eq!(helps.len(), 2, "{helps:#?}");
    for missing in [
        "link to `https://docs.joinmastodon.org/user/moving`",
        "link to `https://joinmastodon.org/servers`",
        "link to `faq`",
    ] {
        assert!(
            helps.iter().any(|h| h.contains(missing)),
            "{missing}: {helps:#?}"
        );
    }
}

/// Code blocks are compared by language and number of lines: a block the translation drops,
/// writes in another language or with a line more or less (the English code changed since) is
/// told; a block whose comments are translated on their lines, or whose title is translated, is
/// not.
#[test]
fn code_blocks_are_compared_by_language_and_lines() {
    let en = "# Move your account\n\n\
              ## Export\n\n\
              Run the export on the old server, then copy the file to the new one.\n\n\
              ```bash title=\"Export\"\n# Export the accounts you follow\ntootctl accounts export --following\n```\n\n\
              Keep the file until the import has finished on the new server.\n";
    let da = |block: &str| {
        format!(
            "# Flyt din konto\n\n\
             ## Eksport\n\n\
             Kør eksporten på den gamle server, og kopiér så filen til den nye.\n\n\
             {block}\n\n\
             Gem filen, indtil importen er færdig på den nye server.\n"
        )
    };
    let same = "```bash title=\"Eksport\"\n# Eksportér de konti, du følger\ntootctl accounts export --following\n```";
    assert_eq!(gl406_helps(en, &da(same)), Vec::<String>::new());
    let cases = [
        ("", "missing here: code block `bash` of 2 lines"),
        (
            "```sh\n# Eksportér de konti, du følger\ntootctl accounts export --following\n```",
            "not in the English section: code block `sh` of 2 lines",
        ),
        (
            "```bash\ntootctl accounts export --following\n```",
            "not in the English section: code block `bash` of 1 line",
        ),
    ];
    for (block, told) in cases {
        let helps = gl406_helps(en, &da(block));
        assert_eq!(helps.len(), 1, "{block}: {helps:#?}");
        assert!(helps[0].contains(told), "{block}: {helps:#?}");
    }
}

/// GL409: a translated heading off the source's outline is told; a translation that shifts
/// every heading by one level (its sections `#` under the title the wiki shows) is not, and
/// one heading off that shift is.
#[test]
fn heading_levels_follow_the_source_outline_up_to_a_shift_of_the_page() {
    let en = "# Move your account\n\nMoving takes an evening, most of it waiting for the export.\n\n\
              ## Export\n\nDownload the lists you keep from the old server.\n\n\
              ## Import\n\nUpload the lists on the new server, one by one.\n\n\
              ### Lists\n\nLists are imported with their members.\n";
    let da = |levels: [&str; 4]| {
        format!(
            "{} Flyt din konto\n\nFlytningen tager en aften, mest med at vente på eksporten.\n\n\
             {} Eksport\n\nHent de lister, du beholder, fra den gamle server.\n\n\
             {} Import\n\nUpload listerne på den nye server, en ad gangen.\n\n\
             {} Lister\n\nLister importeres med deres medlemmer.\n",
            levels[0], levels[1], levels[2], levels[3]
        )
    };
    let gl409 = |levels: [&str; 4]| -> Vec<(String, String)> {
        let (_dir, config) = tree(&[("en/move.md", en.to_string()), ("da/move.md", da(levels))]);
        let (findings, _) = run(&config);
        findings
            .iter()
            .filter(|f| f.rule == Rule::HeadingLevelMismatch)
            .map(|f| {
                (
                    f.message.to_string(),
                    f.help.as_deref().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(gl409(["#", "##", "##", "###"]), Vec::new());
    assert_eq!(gl409(["##", "###", "###", "####"]), Vec::new());
    // Nor is a shifted section missing or extra (GL404, GL405): they align as at one level.
    let (_dir, config) = tree(&[
        ("en/move.md", en.to_string()),
        ("da/move.md", da(["##", "###", "###", "####"])),
    ]);
    let (findings, _) = run(&config);
    assert_eq!(translation_findings(&findings), Vec::<&Finding>::new());
    let off = gl409(["#", "##", "#", "###"]);
    assert_eq!(off.len(), 1, "{off:#?}");
    assert_eq!(
        off[0].0,
        "the heading of section `Import` is level 1 (`#`); its English heading is level 2"
    );
    assert!(
        off[0].1.contains("make it a level 2 heading (`## ...`)"),
        "{off:#?}"
    );
    let shifted = gl409(["##", "###", "###", "###"]);
    assert_eq!(shifted.len(), 1, "{shifted:#?}");
    assert!(
        shifted[0]
            .1
            .contains("make it a level 4 heading (`#### ...`)")
            && shifted[0].1.contains("1 level below the English page's"),
        "{shifted:#?}"
    );
}

/// An id the English page gives a heading (`## Export { #export }`) is what links from other
/// pages use in every language: a translation that keeps it is no mismatch; one that drops it
/// or writes another is told (GL406), and one that adds an id of its own is not.
#[test]
fn explicit_heading_ids_are_kept_by_the_translation() {
    let en = "# Move your account\n\n## Export your data { #export }\n\n\
              Download the lists you keep from the old server, one file per list.\n";
    let da = |heading: &str| {
        format!(
            "# Flyt din konto\n\n{heading}\n\n\
             Hent de lister, du beholder, fra den gamle server, en fil pr. liste.\n"
        )
    };
    assert_eq!(
        gl406_helps(en, &da("## Eksportér dine data {#export}")),
        Vec::<String>::new()
    );
    let dropped = gl406_helps(en, &da("## Eksportér dine data"));
    assert_eq!(dropped.len(), 1, "{dropped:#?}");
    assert!(
        dropped[0].starts_with("missing here: heading id `#export`;"),
        "{dropped:#?}"
    );
    let other = gl406_helps(en, &da("## Eksportér dine data {#eksport}"));
    assert_eq!(other.len(), 1, "{other:#?}");
    assert!(
        other[0].contains("missing here: heading id `#export`")
            && other[0].contains("not in the English section: heading id `#eksport`"),
        "{other:#?}"
    );
    let en_plain = en.replace(" { #export }", "");
    assert_eq!(
        gl406_helps(&en_plain, &da("## Eksportér dine data {#export-your-data}")),
        Vec::<String>::new()
    );
}

/// A Wiki.js page may leave its title to its header, which the wiki shows above the text: the
/// English `# Title` section is then the Danish introduction, not a section missing from it.
/// Without the introduction's text the English section is still missing.
#[test]
fn a_title_left_to_the_wiki_header_is_no_missing_section() {
    let en = "# Move your account\n\nMoving takes an evening, most of it waiting for the export.\n\n\
              ## Export\n\nDownload the lists you keep from the old server.\n\n\
              ## Import\n\nUpload the lists on the new server, one by one.\n";
    let header = "---\ntitle: Flyt din konto\ndescription: Sådan flytter du din konto\npublished: true\n\
                  date: 2026-11-30T10:00:00.000Z\ntags: mastodon\neditor: markdown\n\
                  dateCreated: 2026-11-30T10:00:00.000Z\n---\n\n";
    let sections = "## Eksport\n\nHent de lister, du beholder, fra den gamle server.\n\n\
                    ## Import\n\nUpload listerne på den nye server, en ad gangen.\n";
    let codes = |da: String| -> Vec<&'static str> {
        let (_dir, config) = tree(&[("en/move.md", en.to_string()), ("da/move.md", da)]);
        let (findings, _) = run(&config);
        translation_findings(&findings)
            .iter()
            .map(|f| f.rule.code())
            .collect()
    };
    let intro = "Flytningen tager en aften, mest med at vente på eksporten.\n\n";
    assert_eq!(
        codes(format!("{header}{intro}{sections}")),
        Vec::<&str>::new()
    );
    assert_eq!(codes(format!("{header}{sections}")), vec!["GL404"]);
    // Its sections may then sit a level higher, `#` under the title the wiki shows.
    let promoted = sections.replace("## ", "# ");
    assert_eq!(
        codes(format!("{header}{intro}{promoted}")),
        Vec::<&str>::new()
    );
}

/// In an HTML block (a table of the wiki's editor), a component with no text of its own and a
/// link around an image are compared like the others, in the section around them.
#[test]
fn components_and_links_in_html_blocks_are_compared() {
    let en = "# Servers\n\nPick a server you trust, and note where its pages are.\n\n\
              <table>\n\
              <tr><td>Your old server</td><td><span identity=\"old\" tag=\"code\" default=\"old.example\"></span></td></tr>\n\
              <tr><td>Export page</td><td><a identity=\"old\" path=\"/settings/export\">Export</a></td></tr>\n\
              <tr><td><a href=\"https://joinmastodon.org/servers\"><img src=\"/img/servers.png\" alt=\"Servers\"></a></td><td>A list of servers</td></tr>\n\
              </table>\n";
    let kept = "# Servere\n\nVælg en server, du stoler på, og skriv ned, hvor dens sider er.\n\n\
                <table>\n\
                <tr><td>Din gamle server</td><td><span identity=\"old\" tag=\"code\" default=\"gammel.example\"></span></td></tr>\n\
                <tr><td>Eksportsiden</td><td><a identity=\"old\" path=\"/settings/export\">Eksport</a></td></tr>\n\
                <tr><td><a href=\"https://joinmastodon.org/servers\"><img src=\"/img/servers.png\" alt=\"Servere\"></a></td><td>En liste over servere</td></tr>\n\
                </table>\n";
    assert_eq!(gl406_helps(en, kept), Vec::<String>::new());
    let dropped = kept
        .replace(
            "<span identity=\"old\" tag=\"code\" default=\"gammel.example\"></span>",
            "gammel.example",
        )
        .replace("<a href=\"https://joinmastodon.org/servers\">", "")
        .replace("></a></td><td>En", "></td><td>En");
    let helps = gl406_helps(en, &dropped);
    assert_eq!(helps.len(), 1, "{helps:#?}");
    assert!(
        helps[0].starts_with(
            "missing here: component <span identity=old tag=code>, link to \
             `https://joinmastodon.org/servers`;"
        ),
        "{helps:#?}"
    );
}

/// GL409's fix rewrites a `#` heading's marks and nothing else; an underlined heading (or text
/// starting with `#` under a `---`) is not rewritten.
#[test]
fn heading_level_fix_rewrites_the_marks_of_a_hash_heading_only() {
    let en = "# Move your account\n\nMoving takes an evening, most of it waiting for the export.\n\n\
              ## Export\n\nDownload the lists you keep from the old server.\n\n\
              ## Import\n\nUpload the lists on the new server, one by one.\n";
    /// A fix's edits: where, and what is written there.
    type Edits = Vec<(std::ops::Range<usize>, String)>;
    let fixes = |import: &str| -> Vec<Option<Edits>> {
        let da = format!(
            "# Flyt din konto\n\nFlytningen tager en aften, mest med at vente på eksporten.\n\n\
             ## Eksport\n\nHent de lister, du beholder, fra den gamle server.\n\n\
             {import}\n\nUpload listerne på den nye server, en ad gangen.\n"
        );
        let (_dir, config) = tree(&[("en/move.md", en.to_string()), ("da/move.md", da)]);
        let (findings, _) = run(&config);
        findings
            .iter()
            .filter(|f| f.rule == Rule::HeadingLevelMismatch)
            .map(|f| {
                f.fix.as_ref().map(|fix| {
                    fix.edits
                        .iter()
                        .map(|e| (e.range.clone(), e.content.clone()))
                        .collect()
                })
            })
            .collect()
    };
    let at = "# Flyt din konto\n\nFlytningen tager en aften, mest med at vente på eksporten.\n\n\
              ## Eksport\n\nHent de lister, du beholder, fra den gamle server.\n\n"
        .len();
    assert_eq!(
        fixes("### Import {#import}"),
        vec![Some(vec![(at..at + 3, "##".to_string())])]
    );
    assert_eq!(fixes("Import\n======"), vec![None]);
}

/// The English `b.md` and its Danish translation: two sections, export and import.
const EN_B: &str = "# Moving your account\n\nMoving takes two steps: export from the old server, import on the new one.\n\n## Export your data\n\nOpen the settings of your old account and request an archive of your posts.\n\n## Import data\n\nOn the new server, open the import page and upload your follows list.\n\n## Afterwards\n\nTell your followers where you went.\n";
const DA_B: &str = "# Flyt din konto\n\nFlytningen har to trin: eksport fra den gamle server, import på den nye.\n\n## Eksporter dine data\n\nÅbn indstillingerne for din gamle konto, og bed om et arkiv af dine opslag.\n\n## Importer data\n\nÅbn importsiden på den nye server, og upload din liste over dem, du følger.\n";
/// An English page linking to the sections of `b.md`.
const EN_A: &str = "# Before you move\n\nThink about what you want to keep.\n\n## Keep your posts\n\nYour posts stay on the old server. To keep a copy, see [exporting your data](b.md#export-your-data) first.\n\n## Keep your follows\n\nYour follows move with you: see [importing](b.md#import-data), after [exporting](b.md#export-your-data).\n\n## Later\n\nSee [the last step](b.md#afterwards).\n";

/// The Danish `a.md`, with the fragments of its links to `b`: the first section's, the second
/// section's two, the third section's.
fn da_a(posts: &str, follows: &str, after: &str, later: &str) -> String {
    format!(
        "# Før du flytter\n\nTænk over, hvad du vil beholde.\n\n## Behold dine opslag\n\nDine opslag bliver på den gamle server. For at beholde en kopi, se først [eksport af dine data](/da/b#{posts}).\n\n## Behold dem, du følger\n\nDem, du følger, flytter med dig: se [import](/da/b#{follows}), efter [eksport](/da/b#{after}).\n\n## Senere\n\nSe [det sidste trin](/da/b#{later}).\n"
    )
}

/// The GL406 findings about links to sections of other pages: (line, message).
fn section_link_findings(da_a: &str) -> Vec<(usize, String)> {
    let (_dir, config) = tree(&[
        ("en/a.md", EN_A.to_string()),
        ("en/b.md", EN_B.to_string()),
        ("da/a.md", da_a.to_string()),
        ("da/b.md", DA_B.to_string()),
    ]);
    let (findings, sources) = run(&config);
    findings
        .iter()
        .filter(|f| f.rule == Rule::TranslationMarkupMismatch && f.message.contains("section"))
        .map(|f| {
            let text = &sources[&*f.path.to_path_buf()];
            (text[..f.range.start].lines().count(), f.message.to_string())
        })
        .collect()
}

/// A translation's link to a section of another translated page leads where the English
/// link leads, through the other pair's alignment: a link to another section that exists is
/// told (with the section the English link leads to as an unsafe fix); the right one, a broken
/// one (GL201's), one to a section the other translation lacks, and links swapped within a
/// section are not.
#[test]
fn links_to_sections_of_other_pages_lead_where_the_english_links_lead() {
    let right = [
        "eksporter-dine-data",
        "importer-data",
        "eksporter-dine-data",
    ];
    let with = |first: &str, follows: &str, after: &str| {
        section_link_findings(&da_a(first, follows, after, "importer-data"))
    };
    // The English links' sections, as the Danish page names them: nothing to tell. (The last
    // English link leads to `#afterwards`, which the Danish page lacks: nothing says where its
    // Danish link should lead.)
    assert_eq!(with(right[0], right[1], right[2]), []);
    // The first link leads to the import section, where the English leads to the export one.
    let wrong = with("importer-data", right[1], right[2]);
    assert_eq!(wrong.len(), 1, "{wrong:#?}");
    assert_eq!(wrong[0].0, 7);
    assert!(
        wrong[0].1.contains("`/da/b#importer-data`")
            && wrong[0].1.contains("`#eksporter-dine-data`"),
        "{wrong:#?}"
    );
    // A fragment no section has is GL201's (broken anchor), not this.
    assert_eq!(with("export-your-data", right[1], right[2]), []);
    // The two links of a section in the other order: each leads to one of the English links'
    // sections.
    assert_eq!(with(right[0], right[2], right[1]), []);
    // Both to the import section: the one after is told, with the section left.
    let both = with(right[0], right[1], right[1]);
    assert_eq!(both.len(), 1, "{both:#?}");
    assert_eq!(both[0].0, 11);
    assert!(both[0].1.contains("`#eksporter-dine-data`"), "{both:#?}");
}

/// The fix of a link led astray puts the section the English link leads to in its fragment;
/// `--fix` alone leaves it (the link may have been meant). The page fixed alone is fixed too.
#[test]
fn a_link_led_to_another_section_is_fixed_with_unsafe_fixes() {
    let (dir, config) = tree(&[
        ("en/a.md", EN_A.to_string()),
        ("en/b.md", EN_B.to_string()),
        (
            "da/a.md",
            da_a("importer-data", "importer-data", "eksporter-dine-data", "x"),
        ),
        ("da/b.md", DA_B.to_string()),
    ]);
    let path = dir.path().join("da/a.md");
    let fix = |unsafe_fixes, only_the_page: bool| {
        let options = guide_lint::FixOptions {
            unsafe_fixes,
            ..guide_lint::FixOptions::default()
        };
        let paths = if only_the_page {
            vec![path.clone()]
        } else {
            vec![config.guides_root()]
        };
        let report = guide_lint::fix(&paths, &config, &options);
        assert!(report.write().is_empty());
        std::fs::read_to_string(&path).expect("read")
    };
    let da = |first: &str| da_a(first, "importer-data", "eksporter-dine-data", "x");
    assert_eq!(fix(false, false), da("importer-data"));
    assert_eq!(fix(true, false), da("eksporter-dine-data"));
    // The page fixed alone: the linked page and its English page are read for their sections.
    std::fs::write(&path, da("importer-data")).expect("write");
    assert_eq!(fix(true, true), da("eksporter-dine-data"));
}

/// Checking the Danish page alone (a pre-commit hook given the changed file, an editor with one
/// page open) reads the linked page and its English page: the link led astray is told, and so
/// is a link to a heading the linked page lacks (GL201), though the link names no file.
#[test]
fn a_page_checked_alone_reads_the_pages_its_section_links_lead_to() {
    let (dir, config) = tree(&[
        ("en/a.md", EN_A.to_string()),
        ("en/b.md", EN_B.to_string()),
        (
            "da/a.md",
            da_a("importer-data", "importer-data", "nope", "x"),
        ),
        ("da/b.md", DA_B.to_string()),
    ]);
    let report = check(
        &[dir.path().join("da/a.md")],
        &config,
        &CheckOptions::default(),
    );
    let codes: Vec<(&str, usize)> = report
        .findings
        .iter()
        .filter(|f| f.rule != Rule::MissingSection)
        .map(|f| (f.rule.code(), f.range.start))
        .collect();
    let text = da_a("importer-data", "importer-data", "nope", "x");
    let at = |s: &str| text.find(s).expect("in the page");
    assert!(
        codes.contains(&("GL406", at("/da/b#importer-data"))),
        "{codes:?}"
    );
    assert!(codes.contains(&("GL201", at("nope"))), "{codes:?}");
}

/// A difference in a code block, or in a component of an HTML block, is shown on the block or
/// the tag, and the help sends the translator to the English block's line, not to the
/// paragraph before it (which holds the block's fingerprint for the comparison).
#[test]
fn a_code_block_or_html_component_that_differs_is_shown_where_it_is_written() {
    let en = "# Export\n\nRun the export first.\n\nThen run this command:\n\n```sh\ntootctl accounts export alice\n```\n\nOpen the page:\n\n<div>\n<a identity=\"old\" path=\"/settings/export\"></a>\n</div>\n\nDone.\n";
    let da = |code: &str, path: &str| {
        format!(
            "# Eksport\n\nKør eksporten først.\n\nKør så denne kommando:\n\n```sh\n{code}```\n\nÅbn siden:\n\n<div>\n<a identity=\"old\" path=\"{path}\"></a>\n</div>\n\nFærdig.\n"
        )
    };
    let same = da("tootctl accounts export alice\n", "/settings/export");
    let (_dir, config) = tree(&[("en/page.md", en.to_string()), ("da/page.md", same)]);
    assert_eq!(gl406_places(&config), []);
    let longer = da(
        "tootctl accounts export alice\ntootctl accounts import alice\n",
        "/settings/export",
    );
    std::fs::write(config.guides_root().join("da/page.md"), &longer).expect("write");
    let fence = longer.find("```sh").expect("fence");
    let close = longer[fence + 3..].find("```\n").expect("close") + fence + 6;
    // The block, from its opening fence to its closing one; the English block is on line 7.
    assert_eq!(gl406_places(&config), [(fence..close, 7)]);
    let other = da("tootctl accounts export alice\n", "/settings/profile");
    std::fs::write(config.guides_root().join("da/page.md"), &other).expect("write");
    let tag = other.find("<a identity").expect("tag");
    let tag_end = tag + other[tag..].find('>').expect("tag end") + 1;
    // The tag; the English tag is on line 14.
    assert_eq!(gl406_places(&config), [(tag..tag_end, 14)]);
}

/// Each GL406 finding's range, with the English line its help sends the translator to.
fn gl406_places(config: &Config) -> Vec<(std::ops::Range<usize>, usize)> {
    let (findings, _) = run(config);
    findings
        .iter()
        .filter(|f| f.rule == Rule::TranslationMarkupMismatch)
        .map(|f| {
            let help = f.help.as_deref().unwrap_or("");
            let line = help
                .rsplit(" line ")
                .next()
                .and_then(|l| l.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|l| l.parse().ok())
                .unwrap_or(0);
            (f.range.clone(), line)
        })
        .collect()
}

/// An English page whose `#` title stands alone above its sections, and a Danish Wiki.js page
/// that gives its title in the header (the wiki shows it above the text) and starts with its
/// first section: the title is translated in the header, not missing. Left in English there, it
/// is a copied title.
#[test]
fn a_title_heading_alone_pairs_with_the_header_title() {
    let en = "# Frequently asked questions\n\n## Before the move\n\nMastodon moves your followers, not your posts.\n\n\
              ## After the move\n\nKeep your old account for a while.\n";
    let da = |title: &str| {
        format!(
            "---\ntitle: {title}\ndescription: Korte svar på det, folk spørger om\npublished: true\n\
             date: 2025-03-20T09:00:00.000Z\ntags: mastodon\neditor: markdown\n\
             dateCreated: 2025-02-06T09:00:00.000Z\n---\n\n\
             # Før flytningen\n\nMastodon flytter dine følgere, ikke dine opslag.\n\n\
             # Efter flytningen\n\nBehold din gamle konto et stykke tid.\n"
        )
    };
    let gl4 = |title: &str| -> Vec<(Rule, String)> {
        let (_dir, config) = tree(&[("en/faq.md", en.to_string()), ("da/faq.md", da(title))]);
        let (findings, _) = run(&config);
        findings
            .iter()
            .filter(|f| f.rule.code().starts_with("GL4"))
            .map(|f| (f.rule, f.message.to_string()))
            .collect()
    };
    assert_eq!(gl4("Ofte stillede spørgsmål"), vec![]);
    let copied = gl4("Frequently asked questions");
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert_eq!(copied[0].0, Rule::UntranslatedText, "{copied:?}");
}
