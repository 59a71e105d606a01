//! Rewrites the rule fixtures' expectations (`expected.txt`, `*.fixed.md`, `*.unsafe-fixed.md`)
//! from what the rules find now: `cargo run --example bless_rules -- [CODE|NAME ...]` (every rule
//! when none is named). Review the diff before committing; `cargo test --test rules` compares.

#[path = "../tests/rule_support/mod.rs"]
mod rule_support;

use guide_lint::Rule;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut rules = Vec::new();
    for a in &args {
        match Rule::parse(a) {
            Some(r) => rules.push(r),
            None => {
                eprintln!("bless_rules: no rule `{a}`");
                return std::process::ExitCode::from(2);
            }
        }
    }
    if rules.is_empty() {
        rules = Rule::ALL.to_vec();
    }
    let mut status = std::process::ExitCode::SUCCESS;
    for rule in rules {
        let outcome = rule_support::run(rule);
        match outcome.write() {
            Ok(0) => {}
            Ok(n) => println!("{}: {n} file(s) updated", rule.code()),
            Err(e) => {
                eprintln!("{}: {e}", rule.code());
                status = std::process::ExitCode::FAILURE;
            }
        }
        // What the files cannot record still fails the tests: say it here too.
        for p in &outcome.problems {
            eprintln!("{}: {p}", rule.code());
            status = std::process::ExitCode::FAILURE;
        }
    }
    status
}
