//! Rule UI tests: every rule has a doc with the required sections, a fixture that fires, one
//! that must not, and the exact expected findings.
//!
//! Layout: `tests/fixtures/rules/<CODE>-<name>/`
//! - `fire*.md` (or a `fire/` tree with its own `guide-lint.yml`): must produce the rule;
//! - `clean*.md` (or a `clean/` tree): must not;
//! - `expected.txt`: the rule's findings on the fire inputs, one per line with help and fix;
//! - `<fire input>.fixed.md` (`fire.wikijs.md` -> `fire.wikijs.fixed.md`): the input after the
//!   rule's safe fixes, present exactly when they change it; `<fire input>.unsafe-fixed.md`: after
//!   its safe and unsafe fixes, present exactly when that differs from the safe result. After
//!   fixing, the rule must report no finding whose fix would still apply.
//!
//! A file named `*.mkdocs.md` / `*.wikijs.md` is read in that dialect.
//! Regenerate the expected files with `BLESS=1 cargo test --test rules`, then review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use guide_lint::config::{Config, ConfigFile, DialectRule};
use guide_lint::document::{Dialect, LineIndex};
use guide_lint::{CheckOptions, FixOptions, Rule, check, fix};

const SECTIONS: &[&str] = &[
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
];

fn fixture_dir(rule: Rule) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(format!("{}-{}", rule.code(), rule.name()))
}

fn file_config(dir: &Path) -> Config {
    let file = ConfigFile {
        guides: PathBuf::from("."),
        dialects: vec![
            DialectRule {
                path: "**/*.mkdocs.md".into(),
                dialect: Dialect::Mkdocs,
            },
            DialectRule {
                path: "**/*.wikijs.md".into(),
                dialect: Dialect::Wikijs,
            },
        ],
        ..ConfigFile::default()
    };
    Config::from_parts(file, None, dir.to_path_buf()).expect("fixture config")
}

/// Inputs whose name starts with `prefix`: files, or one tree with its own config.
fn inputs(dir: &Path, prefix: &str) -> Vec<(Vec<PathBuf>, Config)> {
    let mut out = Vec::new();
    let tree = dir.join(prefix);
    if tree.is_dir() {
        let cfg_path = tree.join("guide-lint.yml");
        let config = if cfg_path.is_file() {
            Config::load(Some(&cfg_path), &tree).expect("fixture tree config")
        } else {
            file_config(&tree)
        };
        out.push((vec![config.guides_root()], config));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|e| e == "md")
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(prefix) && !is_fixed_expectation(n))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for f in files {
        out.push((vec![f], file_config(dir)));
    }
    out
}

/// `fire.x.fixed.md` and `fire.x.unsafe-fixed.md` are expectations, not inputs.
fn is_fixed_expectation(name: &str) -> bool {
    name.ends_with(".fixed.md") || name.ends_with(".unsafe-fixed.md")
}

/// `dir/fire.x.md` -> `dir/fire.x.<kind>.md`.
fn expectation_path(input: &Path, kind: &str) -> PathBuf {
    let name = input
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(name);
    input.with_file_name(format!("{stem}.{kind}.md"))
}

/// `input` after `rule`'s fixes (safe, or safe and unsafe), round after round, with every other
/// rule off. Checks that no fix of the rule is left to apply.
fn fixed_text(
    rule: Rule,
    input: &Path,
    config: &Config,
    unsafe_fixes: bool,
) -> Result<String, String> {
    let options = FixOptions {
        check: CheckOptions {
            selection: guide_lint::RuleLayer {
                select: Some(vec![guide_lint::Selector::Rule(rule)]),
                ..guide_lint::RuleLayer::default()
            },
        },
        unsafe_fixes,
    };
    let report = fix(&[input.to_path_buf()], config, &options);
    if !report.check.errors.is_empty() {
        return Err(format!("{:?}", report.check.errors));
    }
    let left: Vec<_> = report
        .check
        .findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| options.applies(x.applicability))
        })
        .map(|f| format!("{}..{} {}", f.range.start, f.range.end, f.message))
        .collect();
    if !left.is_empty() {
        return Err(format!("fixable findings remain after fixing: {left:?}"));
    }
    match report.files.into_iter().next() {
        Some(f) => Ok(f.fixed),
        None => std::fs::read_to_string(input).map_err(|e| e.to_string()),
    }
}

/// Compares (or, with BLESS, writes) the fixed expectations of one fire file.
fn check_fixed(rule: Rule, input: &Path, config: &Config, bless: bool, problems: &mut Vec<String>) {
    let original = std::fs::read_to_string(input).unwrap_or_default();
    let safe = match fixed_text(rule, input, config, false) {
        Ok(t) => t,
        Err(e) => return problems.push(format!("{}: {}: {e}", rule.code(), input.display())),
    };
    let unsafe_ = match fixed_text(rule, input, config, true) {
        Ok(t) => t,
        Err(e) => return problems.push(format!("{}: {}: {e}", rule.code(), input.display())),
    };
    for (kind, want, base) in [
        ("fixed", &safe, &original),
        ("unsafe-fixed", &unsafe_, &safe),
    ] {
        let path = expectation_path(input, kind);
        let needed = want != base;
        if bless {
            if needed {
                std::fs::write(&path, want).expect("write fixed expectation");
            } else if path.exists() {
                std::fs::remove_file(&path).expect("remove stale fixed expectation");
            }
            continue;
        }
        match (needed, std::fs::read_to_string(&path)) {
            (true, Ok(expected)) if &expected == want => {}
            (true, Ok(expected)) => problems.push(format!(
                "{}: {} differs from the fixed input (BLESS=1 to update)\n--- expected\n{expected}\n--- actual\n{want}",
                rule.code(),
                path.display()
            )),
            (true, Err(_)) => problems.push(format!(
                "{}: the fixes change {}: missing {} (BLESS=1 to create)",
                rule.code(),
                input.display(),
                path.display()
            )),
            (false, Ok(_)) => problems.push(format!(
                "{}: {} exists but the {kind} fixes do not change {} (BLESS=1 to remove)",
                rule.code(),
                path.display(),
                input.display()
            )),
            (false, Err(_)) => {}
        }
    }
}

/// The findings of `rule` on the inputs, as the expected-file text.
fn findings_text(rule: Rule, dir: &Path, inputs: &[(Vec<PathBuf>, Config)]) -> (String, usize) {
    let mut out = String::new();
    let mut count = 0;
    for (paths, config) in inputs {
        let report = check(paths, config, &CheckOptions::default());
        assert!(
            report.errors.is_empty(),
            "{}: unreadable fixture: {:?}",
            rule.code(),
            report.errors
        );
        for f in report.findings.iter().filter(|f| f.rule == rule) {
            count += 1;
            let text = &report.sources[&f.path];
            let idx = LineIndex::new(text);
            let s = idx.line_col(f.range.start);
            let e = idx.line_col(f.range.end);
            let shown = f.path.strip_prefix(dir).unwrap_or(&f.path);
            let _ = writeln!(
                out,
                "{}:{}:{}-{}:{}: {} [{}] {}",
                shown.display(),
                s.line,
                s.column,
                e.line,
                e.column,
                f.rule.code(),
                f.severity,
                f.message
            );
            if let Some(h) = &f.help {
                let _ = writeln!(out, "    help: {h}");
            }
            if let Some(fix) = &f.fix {
                let _ = writeln!(out, "    fix ({:?}): {}", fix.applicability, fix.message);
                for ed in &fix.edits {
                    let _ = writeln!(
                        out,
                        "        {}..{} {:?} -> {:?}",
                        ed.range.start,
                        ed.range.end,
                        text.get(ed.range.clone()).unwrap_or(""),
                        ed.content
                    );
                }
            }
        }
    }
    (out, count)
}

#[test]
fn every_rule_has_a_complete_doc() {
    let mut problems = Vec::new();
    for &rule in Rule::ALL {
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
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_has_fixtures_and_expected_output() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut problems = Vec::new();
    for &rule in Rule::ALL {
        let dir = fixture_dir(rule);
        let fire = inputs(&dir, "fire");
        let clean = inputs(&dir, "clean");
        if fire.is_empty() || clean.is_empty() {
            problems.push(format!(
                "{}: needs fire* and clean* fixtures in {}",
                rule.code(),
                dir.display()
            ));
            continue;
        }
        let (text, count) = findings_text(rule, &dir, &fire);
        if count == 0 {
            problems.push(format!(
                "{}: the fire fixtures produce no finding",
                rule.code()
            ));
        }
        let (clean_text, clean_count) = findings_text(rule, &dir, &clean);
        if clean_count > 0 {
            problems.push(format!(
                "{}: the clean fixtures produce findings:\n{clean_text}",
                rule.code()
            ));
        }
        for (paths, config) in &fire {
            for input in paths.iter().filter(|p| p.is_file()) {
                check_fixed(rule, input, config, bless, &mut problems);
            }
        }
        let expected_path = dir.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &text).expect("write expected.txt");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == text => {}
            Ok(expected) => problems.push(format!(
                "{}: findings differ from expected.txt (BLESS=1 to update)\n--- expected\n{expected}--- actual\n{text}",
                rule.code()
            )),
            Err(_) => problems.push(format!("{}: missing {}", rule.code(), expected_path.display())),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
