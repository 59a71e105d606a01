//! Rule UI tests, one module per rule: `cargo test GL102` runs GL102's doc and fixture tests.
//!
//! Each rule has a doc with the required sections (`doc`), and fixtures with the exact expected
//! findings and fixed files (`fixtures`); `tests/rule_support/mod.rs` describes the layout.
//! These tests only compare. `cargo run --example bless_rules -- GL102` rewrites GL102's
//! expectations (every rule's without a code), for you to review in the diff.
//!
//! The tests are made from the one list of rules (`rule_list!` in `src/rule.rs`): a new rule
//! needs no line here, only its fixtures.

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

/// Two tests per rule, in a module named by its code (`GL102::doc`, `GL102::fixtures`), made
/// from the one list of rules (`rule_list!` in `src/rule.rs`): a rule has tests as soon as it
/// is listed, and its fixtures test fails while its fixture folder is missing.
macro_rules! rule_tests {
    ($( $id:ident = $code:ident $name:literal $module:ident, )*) => {
        $(
            #[allow(non_snake_case)]
            mod $code {
                use guide_lint::Rule;

                #[test]
                fn doc() {
                    super::doc_test(Rule::$id);
                }
                #[test]
                fn fixtures() {
                    super::fixtures_test(Rule::$id);
                }
            }
        )*
    };
}

guide_lint::rule_list!(rule_tests);

/// Every fixture folder belongs to a rule (a folder of a renamed or removed rule would never
/// be tested).
#[test]
fn every_fixture_folder_is_a_rule() {
    let rules: Vec<String> = Rule::ALL
        .iter()
        .map(|&r| rule_support::dir_name(r))
        .collect();
    let strays: Vec<String> = rule_support::fixture_dirs_on_disk()
        .into_iter()
        .filter(|d| !rules.contains(d))
        .map(|d| format!("tests/fixtures/rules/{d} is no rule's folder (`<CODE>-<name>`)"))
        .collect();
    assert!(strays.is_empty(), "{}", strays.join("\n"));
}
