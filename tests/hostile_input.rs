//! Hostile page content: every reproducer of a crash or a runaway cost is a test here, and
//! generated pages in every line-ending style (LF, CRLF, CR-only, mixed), with multi-byte
//! characters next to every construct, keep findings and fixes on character boundaries inside
//! the text, on the same lines and columns whatever the line endings.

use std::path::PathBuf;

use guide_lint::config::{Config, ConfigFile};
use guide_lint::discover::PageFile;
use guide_lint::document::LineIndex;
use guide_lint::{CheckOptions, Dialect, Document, FixOptions, RuleSettings, check_page, fix_text};
use proptest::prelude::*;

mod support;

fn config() -> Config {
    let file: ConfigFile = serde_norway::from_str(
        "components:\n  identities: [old, new]\n  server-inputs:\n    old: from-server\n    new: to-server\n",
    )
    .expect("config");
    Config::from_parts(file, None, PathBuf::from(".")).expect("config")
}

fn page(path: &str) -> PageFile {
    PageFile {
        path: PathBuf::from(path),
        rel: None,
        locale: None,
        walked_regular: false,
    }
}

/// Line, character column and rule of every finding, with every finding's range and every fix
/// edit checked against the text.
fn checked(text: &str, dialect: Option<Dialect>) -> Vec<(usize, usize, String)> {
    let doc = Document::parse(PathBuf::from("page.md"), text.to_string(), dialect);
    let config = config();
    let settings = RuleSettings::from_config(&config, CheckOptions::default().selection);
    let findings = check_page(&doc, &page("page.md"), &config, &settings);
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for f in &findings {
        let r = &f.range;
        assert!(
            r.start <= r.end && r.end <= text.len(),
            "{f:?} outside {text:?}"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{} {}..{} splits a character in {text:?}",
            f.rule.code(),
            r.start,
            r.end
        );
        if let Some(fix) = &f.fix {
            for e in &fix.edits {
                assert!(
                    e.range.start <= e.range.end
                        && e.range.end <= text.len()
                        && text.is_char_boundary(e.range.start)
                        && text.is_char_boundary(e.range.end),
                    "{} fix edit {:?} invalid in {text:?}",
                    f.rule.code(),
                    e.range
                );
            }
        }
        let lc = lines.line_col(r.start);
        out.push((
            lc.line,
            lines.char_column(text, r.start),
            f.rule.code().to_string(),
        ));
    }
    out.sort();
    out
}

/// Fixes `text` once and again: the second run must change nothing.
fn fix_settles(text: &str, dialect: Option<Dialect>) -> String {
    let opts = FixOptions {
        check: CheckOptions::default(),
        unsafe_fixes: false,
    };
    let doc = Document::parse(PathBuf::from("page.md"), text.to_string(), dialect);
    let once = fix_text(&page("page.md"), &doc, &config(), &opts)
        .unwrap_or_else(|e| panic!("fix failed: {e}\n--- text\n{text:?}"));
    let doc2 = Document::parse(
        PathBuf::from("page.md"),
        once.text.clone(),
        Some(doc.dialect),
    );
    let twice = fix_text(&page("page.md"), &doc2, &config(), &opts)
        .unwrap_or_else(|e| panic!("second fix failed: {e}\n--- text\n{:?}", once.text));
    assert_eq!(
        twice.text, once.text,
        "a second --fix changed the page {text:?}"
    );
    once.text
}

// ---- the reproducers -------------------------------------------------------------------------

#[test]
fn lone_cr_before_a_component_path_is_found_on_line_two() {
    let text = "\r<a identity=\"old\" path=\"t\">i";
    let found = checked(text, None);
    assert!(found.contains(&(2, 25, "GL102".into())), "{found:?}");
    let fixed = fix_settles(text, None);
    assert_eq!(fixed, "\r<a identity=\"old\" path=\"/t\">i");
}

#[test]
fn lone_cr_before_an_empty_identity_is_found_on_line_two() {
    let found = checked("\r<n identity=''><", None);
    assert!(found.contains(&(2, 4, "GL101".into())), "{found:?}");
}

#[test]
fn human_output_after_lone_crs_and_a_multibyte_character() {
    let dir = support::tree(
        &[(
            "guides/da/p.md",
            "x\r<a identity=\"old\" path=\"t\">⬇ y\r⬇<a identity=\"old\" path=\"u\">⬇\rz"
                .as_bytes(),
        )],
        "",
    );
    let report = support::check(dir.path());
    let ctx = support::context(dir.path());
    let human = guide_lint::render::render(guide_lint::render::OutputFormat::Human, &report, &ctx);
    assert!(human.contains("p.md:2:25]"), "{human}");
    assert!(human.contains("p.md:3:26]"), "{human}");
    assert!(
        !human.contains('\r'),
        "a lone CR reached the terminal: {human:?}"
    );
    let concise =
        guide_lint::render::render(guide_lint::render::OutputFormat::Concise, &report, &ctx);
    assert!(concise.contains("p.md:2:25: GL102"), "{concise}");
    assert!(concise.contains("p.md:3:26: GL102"), "{concise}");
}

#[test]
fn build_and_fix_work_on_cr_only_and_mixed_files() {
    for text in [
        "# Title\r\rSee [tips](tips.md) and <a identity=\"old\" path=\"x\">⬇</a>.\r\r<div style=\"clear: both\"/>\r",
        "# Title\r\n\rSee [tips](tips.md)\n\r<a identity=\"old\" path=\"x\">⬇</a>\r\n<div style=\"clear: both\"/>\r",
    ] {
        let dir = support::tree(
            &[
                ("guides/da/p.md", text.as_bytes()),
                ("guides/da/tips.md", b"# Tips\n"),
            ],
            "",
        );
        let root = dir.path();
        let config = Config::load(Some(&root.join("guide-lint.yml")), root).expect("config");
        let built = guide_lint::build::build(
            &config,
            &guide_lint::build::BuildOptions {
                previous: None,
                now: std::time::SystemTime::UNIX_EPOCH,
            },
        );
        assert!(built.errors.is_empty(), "{text:?}: {:?}", built.errors);
        assert_eq!(built.pages.len(), 2);
        fix_settles(text, Some(Dialect::Wikijs));
    }
}

#[test]
fn lists_nested_by_indentation_past_the_limit_are_refused() {
    let mut text = String::new();
    for level in 0..1_100 {
        text.push_str(&" ".repeat(2 * level));
        text.push_str("- x\n");
    }
    let dir = support::tree(&[("guides/da/deep.md", text.as_bytes())], "");
    let report = support::check(dir.path());
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let e = &report.errors[0];
    assert!(
        e.message.contains("nested 1100 levels deep"),
        "{}",
        e.message
    );
    // The item past the limit: line 1,001.
    assert_eq!(e.position.map(|p| p.0), Some(1_001), "{e:?}");
    // A thousand levels are read.
    let ok: String = text.lines().take(1_000).map(|l| format!("{l}\n")).collect();
    let dir = support::tree(&[("guides/da/deep.md", ok.as_bytes())], "");
    assert!(support::check(dir.path()).errors.is_empty());
}

#[test]
fn a_deep_yaml_header_is_a_finding_not_a_hang() {
    let text = format!(
        "---\nk: {}{}\n---\n\nbody\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let found = checked(&text, Some(Dialect::Wikijs));
    assert!(found.iter().any(|(l, _, _)| *l == 2), "{found:?}");
}

#[test]
fn many_identical_headings_get_numbered_ids() {
    let text = "# Same\n\n".repeat(3_000);
    let doc = Document::parse(PathBuf::from("p.md"), text, Some(Dialect::Wikijs));
    assert_eq!(doc.headings[0].id, "same");
    assert_eq!(doc.headings[2_999].id, "same-2999");
    let doc = Document::parse(
        PathBuf::from("p.md"),
        "# Same\n\n".repeat(3),
        Some(Dialect::Mkdocs),
    );
    let ids: Vec<_> = doc.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["same", "same_1", "same_2"]);
}

#[test]
fn many_image_openers_and_image_chains_parse() {
    for unit in ["![", "![a](())", "![a](<", "![a](x \"", "![a](x ="] {
        let text = unit.repeat(2_000);
        checked(&text, Some(Dialect::Wikijs));
    }
}

/// A `tags` flow list that goes on to an unindented line (a mutation the fuzz replay made):
/// GL307's fix rewrote the first line alone and left `odon, migration]` behind, which the fix
/// engine refused as a broken header. Such a list gets no fix; an indented one still does.
#[test]
fn a_tags_list_over_an_unindented_line_gets_no_fix() {
    let text = "---\ntitle: Tips\ntags: [mast\r\nodon, migr*_ation]\n---\n\ncon*_ten`t\n";
    for dialect in [None, Some(Dialect::Wikijs)] {
        assert_eq!(fix_settles(text, dialect), text);
    }
    let indented = "---\ntitle: Tips\ntags: [mastodon,\n  migration]\n---\n\ntext\n";
    assert_eq!(
        fix_settles(indented, Some(Dialect::Wikijs)),
        "---\ntitle: Tips\ntags: mastodon, migration\n---\n\ntext\n"
    );
}

/// A run of nested bold (`****…a…****`) is one finding per level, and each level holds the
/// levels inside it: quoted whole, the messages grew with the square of the run (80 KB took
/// 1.7 GB). Each message quotes at most a few dozen characters.
#[test]
fn nested_bold_runs_are_quoted_briefly() {
    let n = 4_000;
    let text = format!("{}a{}\n", "*".repeat(n), "*".repeat(n));
    let doc = Document::parse(PathBuf::from("p.md"), text, Some(Dialect::Wikijs));
    let config = config();
    let settings = RuleSettings::from_config(&config, CheckOptions::default().selection);
    let findings = check_page(&doc, &page("p.md"), &config, &settings);
    let nested: Vec<_> = findings
        .iter()
        .filter(|f| f.rule.code() == "GL306")
        .collect();
    assert!(nested.len() >= n / 2 - 2, "{} findings", nested.len());
    for f in &nested {
        assert!(f.message.len() < 200, "{}", f.message);
        assert!(f.help.as_deref().unwrap_or("").len() < 200);
    }
    // A short one is quoted whole.
    assert!(nested.last().is_some_and(|f| f.message.contains("`**a**`")));
}

// ---- generated pages in every line-ending style ----------------------------------------------

/// Characters placed right before and after each construct.
fn glyph() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "æ", "⬇", "🙂", "\u{301}", "ø̈", " "])
}

fn construct() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "<a identity=\"old\" path=\"settings/x\">⬇ hent</a>",
        "<a identity=\"olde\" path=\"/x\">x</a>",
        "<span identity=\"new\" tag=\"code\" default-value=\"x\"></span>",
        "<n identity=''><",
        "<div style=\"clear: both\"/>",
        "<!-- guide-lint-disable GL102 -->",
        "<!-- kommentar --׹> tekst",
        "![export.png](/e.png =300)",
        "![a](/x.png =50%x){.align-right}",
        "[link](../tips.md)",
        "[](tips.md#mangler)",
        "`kode <span identity=\"old\">`",
        "**fed *kursiv***",
        "*_",
        "> citat\n{.is-info}",
        "- punkt\n  - under",
        "# Overskrift {#id}",
        "## Overskrift",
        "| a | b |\n|---|---|\n| ⬇ | c |",
        "| a\\|b | c |\n|---|---|\n| `c\\|d` (e) | **x\\|y** [l](/p) |",
        "```\nkode\n```",
        "!!! note \"Titel\"\n\n    krop",
        "{.is-warning}",
        "<input id=\"from-server\" />",
    ])
}

fn piece() -> impl Strategy<Value = String> {
    (glyph(), construct(), glyph()).prop_map(|(a, c, b)| format!("{a}{c}{b}"))
}

fn page_text() -> impl Strategy<Value = (String, Option<Dialect>)> {
    (
        prop::collection::vec(piece(), 1..8),
        prop::collection::vec(prop::sample::select(vec!["\n", "\n\n", " "]), 8),
        any::<bool>(),
        prop::sample::select(vec![None, Some(Dialect::Mkdocs), Some(Dialect::Wikijs)]),
    )
        .prop_map(|(pieces, seps, header, dialect)| {
            let mut text = String::new();
            if header {
                text.push_str("---\ntitle: Æ\ndescription: \npublished: true\n---\n\n");
            }
            for (i, p) in pieces.iter().enumerate() {
                text.push_str(p);
                text.push_str(seps[i % seps.len()]);
            }
            (text, dialect)
        })
}

/// `text` (LF) in another line-ending style; `pattern` picks each line's ending in the mixed
/// style.
fn restyle(text: &str, style: usize, pattern: u64) -> String {
    let endings = ["\n", "\r\n", "\r"];
    let mut out = String::with_capacity(text.len() * 2);
    for (i, piece) in text.split_inclusive('\n').enumerate() {
        match piece.strip_suffix('\n') {
            Some(body) => {
                out.push_str(body);
                let mut ending = match style {
                    0..=2 => endings[style],
                    _ => endings[((pattern >> (2 * (i % 32))) % 3) as usize],
                };
                // `\r` then `\n` would be one CRLF ending, not two.
                if body.is_empty() && ending == "\n" && out.ends_with('\r') {
                    ending = "\r";
                }
                out.push_str(ending);
            }
            None => out.push_str(piece),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The same page in LF, CRLF, CR-only and mixed line endings: findings on character
    /// boundaries inside the text, fixes valid and settled in one run, and the findings' lines
    /// and columns independent of the line endings.
    #[test]
    fn positions_hold_in_every_line_ending_style((text, dialect) in page_text(), pattern in any::<u64>()) {
        let lf = checked(&text, dialect);
        for style in 1..4 {
            let styled = restyle(&text, style, pattern);
            let found = checked(&styled, dialect);
            prop_assert_eq!(&found, &lf, "style {} of {:?}", style, styled);
            fix_settles(&styled, dialect);
        }
        fix_settles(&text, dialect);
    }

    /// Arbitrary bytes the parsers react to, in any mix of line endings: no panic, findings and
    /// fixes on character boundaries.
    #[test]
    fn arbitrary_markup_keeps_positions_valid(text in "([<>\"'=/!*_`\\[\\](){}#|\\\\-]|\r|\n|\r\n|æ|⬇|🙂| |a){0,120}") {
        checked(&text, None);
        checked(&text, Some(Dialect::Mkdocs));
    }
}

// ---- the fuzz corpus, replayed with mutations on stable Rust --------------------------------

/// The seed corpus of the `cargo fuzz` targets (every fixture page and guide), each mutated in
/// the ways that broke guide-lint before: line endings swapped for lone CRs, hostile tokens
/// spliced in next to multi-byte characters, and truncation. Every mutant goes through check,
/// human output and --fix (which must settle in one run). Bounded: a fixed number of mutants per
/// file, the same on every run.
#[test]
fn fuzz_corpus_replay_with_mutations() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack = vec![root.join("tests/fixtures"), root.join("guides")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(
        files.len() > 50,
        "the corpus is the fixtures: {} files",
        files.len()
    );
    let tokens = [
        "\r",
        "\r\n",
        "⬇",
        "🙂",
        "<",
        "![",
        "[",
        "{",
        "`",
        "|",
        ">",
        "*_",
        "<!--",
        "--׹>",
        "-->",
        "<a identity=\"old\" path=\"t\">",
        "<n identity=''><",
        "    - ",
        "\u{301}",
        "---\n",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut mutants = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        // Large fixtures are cut: the replay is about content, and must stay quick.
        let text: String = text.chars().take(1_500).collect();
        let mut variants = vec![text.replace("\r\n", "\n").replace('\n', "\r")];
        for _ in 0..2 {
            let mut t = text.clone();
            for _ in 0..4 {
                let mut at = (next() as usize) % (t.len() + 1);
                while !t.is_char_boundary(at) {
                    at -= 1;
                }
                t.insert_str(at, tokens[(next() as usize) % tokens.len()]);
            }
            variants.push(t);
        }
        let mut cut = (next() as usize) % (text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        variants.push(text[..cut].to_string());
        for v in variants {
            checked(&v, Some(Dialect::Mkdocs));
            checked(&v, Some(Dialect::Wikijs));
            fix_settles(&v, None);
            mutants += 1;
        }
    }
    assert!(mutants >= 4 * 50);
}
