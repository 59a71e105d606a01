//! Rule UI tests, one module per rule: `cargo test GL102` runs GL102's doc and fixture tests.
//!
//! Each rule has a doc with the required sections (`doc`), and fixtures with the exact expected
//! findings and fixed files (`fixtures`); `tests/rule_support/mod.rs` describes the layout.
//! These tests only compare. `cargo run --example bless_rules -- GL102` rewrites GL102's
//! expectations (every rule's without a code), for you to review in the diff.
//!
//! A new rule needs a line in the list below: the list must name exactly the fixture folders
//! and the rules in the registry, or `every_rule_is_listed` fails.

#[path = "rule_support/mod.rs"]
mod rule_support;

use guide_lint::{Rule, RuleMeta};

const SECTIONS: &[&str] = &[
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
];

/// The rule whose fixture folder is `ident` (`GL102_relative_component_path`).
fn rule_of(ident: &str) -> Rule {
    let code = ident.split('_').next().unwrap_or_default();
    let rule = Rule::parse(code).unwrap_or_else(|| panic!("{ident}: no rule {code}"));
    assert_eq!(
        rule_support::dir_name(rule).replace('-', "_"),
        ident,
        "{ident}: the rule is named `{}`",
        rule.name()
    );
    rule
}

fn doc_test(rule: Rule) {
    let mut problems = Vec::new();
    let doc = rule.doc();
    let title = format!("# {} {}", rule.code(), rule.name());
    if !doc.starts_with(&title) {
        problems.push(format!(
            "{}: doc must start with `{title}`",
            rule.doc_file()
        ));
    }
    for s in SECTIONS {
        match guide_lint::rules::section(doc, s) {
            Some(body) if body.trim().len() > 10 => {}
            _ => problems.push(format!(
                "{}: missing or empty section `## {s}`",
                rule.doc_file()
            )),
        }
    }
    if doc.contains("TODO") {
        problems.push(format!("{}: contains TODO", rule.doc_file()));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn fixtures_test(rule: Rule) {
    let failures = rule_support::run(rule).failures();
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        rule.code(),
        failures.join("\n")
    );
}

macro_rules! rule_tests {
    ($($dir:ident,)*) => {
        /// The fixture folders that have tests, as `<CODE>_<name>` with `_` for `-`.
        const LISTED: &[&str] = &[$(stringify!($dir),)*];
        $(
            #[allow(non_snake_case)]
            mod $dir {
                #[test]
                fn doc() {
                    super::doc_test(super::rule_of(stringify!($dir)));
                }
                #[test]
                fn fixtures() {
                    super::fixtures_test(super::rule_of(stringify!($dir)));
                }
            }
        )*
    };
}

rule_tests! {
    GL001_unused_suppression,
    GL002_invalid_suppression,
    GL101_unknown_identity,
    GL102_relative_component_path,
    GL103_missing_component_path,
    GL104_misnamed_default_attribute,
    GL105_missing_default,
    GL106_invalid_component_tag,
    GL107_missing_server_inputs,
    GL108_absolute_component_path,
    GL109_unknown_component_attribute,
    GL110_sanitized_component_attribute,
    GL111_unsupported_component_element,
    GL112_escaped_component,
    GL201_broken_anchor,
    GL202_broken_page_link,
    GL203_file_style_page_link,
    GL204_missing_asset,
    GL205_filename_alt_text,
    GL206_wrong_locale_link,
    GL207_dom_clobbered_id,
    GL208_linkified_file_name,
    GL209_duplicate_id,
    GL301_mkdocs_syntax_in_wikijs,
    GL302_unquoted_admonition_title,
    GL303_unknown_callout_class,
    GL304_misplaced_callout_class,
    GL305_self_closing_non_void,
    GL306_nested_strong,
    GL307_invalid_front_matter,
    GL308_stray_emphasis_marker,
    GL309_unbalanced_parentheses,
    GL310_swallowed_brace_text,
    GL311_invalid_image_size,
    GL312_unsupported_attribute,
    GL313_page_path_collision,
    GL314_unsafe_html,
    GL315_editor_only_markup,
    GL316_dropped_fence_attributes,
    GL317_invalid_page_path,
    GL318_empty_tabset,
    GL319_unconvertible_content_tabs,
    GL320_conflict_marker,
    GL321_mkdocs_extension_not_enabled,
    GL322_admonition_body_as_code,
    GL323_malformed_attribute_list,
    GL401_missing_translation,
    GL402_untranslated_page,
    GL403_untranslated_text,
    GL404_missing_section,
    GL405_extra_section,
    GL406_translation_markup_mismatch,
    GL407_outdated_translation,
    GL408_orphan_translation,
}

#[test]
fn every_rule_is_listed() {
    let listed: Vec<String> = LISTED.iter().map(|s| s.to_string()).collect();
    let on_disk: Vec<String> = rule_support::fixture_dirs_on_disk()
        .iter()
        .map(|d| d.replace('-', "_"))
        .collect();
    let registry: Vec<String> = Rule::ALL
        .iter()
        .map(|&r| rule_support::dir_name(r).replace('-', "_"))
        .collect();
    let missing = |from: &[String], what: &str| -> Vec<String> {
        from.iter()
            .filter(|d| !listed.contains(d))
            .map(|d| {
                format!("{d} ({what}) has no test: add `{d},` to rule_tests! in tests/rules.rs")
            })
            .collect()
    };
    let mut problems = missing(&on_disk, "a folder in tests/fixtures/rules");
    problems.extend(missing(&registry, "a rule in the registry"));
    for d in &listed {
        if !on_disk.contains(d) {
            problems.push(format!("{d} is listed but has no fixture folder"));
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
