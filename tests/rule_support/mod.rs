//! The rule fixtures and what a rule makes of them, shared by `tests/rules.rs` (which compares)
//! and `examples/bless_rules.rs` (which writes the expectations, on request only).
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
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use guide_lint::config::{Config, ConfigFile, DialectRule};
use guide_lint::document::{Dialect, LineIndex};
use guide_lint::{CheckOptions, FixOptions, Rule, check, fix};

/// The command that rewrites the expectations of the named rules (all when none is named).
pub const BLESS: &str = "cargo run --example bless_rules --";

pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// `<CODE>-<name>`: the rule's fixture folder name.
pub fn dir_name(rule: Rule) -> String {
    format!("{}-{}", rule.code(), rule.name())
}

pub fn fixture_dir(rule: Rule) -> PathBuf {
    fixtures_root().join(dir_name(rule))
}

/// The fixture folders present on disk, sorted.
pub fn fixture_dirs_on_disk() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_root())
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
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
            ..CheckOptions::default()
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

/// The findings of `rule` on the inputs, as the expected-file text, and their count.
fn findings_text(
    rule: Rule,
    dir: &Path,
    inputs: &[(Vec<PathBuf>, Config)],
    problems: &mut Vec<String>,
) -> (String, usize) {
    let mut out = String::new();
    let mut count = 0;
    for (paths, config) in inputs {
        let report = check(paths, config, &CheckOptions::default());
        if !report.errors.is_empty() {
            problems.push(format!("unreadable fixture: {:?}", report.errors));
        }
        for f in report.findings.iter().filter(|f| f.rule == rule) {
            count += 1;
            let text = &report.sources[&*f.path];
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

/// What one rule makes of its fixtures.
pub struct Outcome {
    pub rule: Rule,
    /// Failures no expectation file can record: missing fixtures, fire inputs that do not fire,
    /// clean inputs that do, unreadable inputs, fixes that leave fixable findings.
    pub problems: Vec<String>,
    /// Each expectation file with the content it must have, or `None` where it must not exist.
    pub expectations: Vec<(PathBuf, Option<String>)>,
}

/// Runs `rule` on its fixtures (check, safe fixes, unsafe fixes). Writes nothing.
pub fn run(rule: Rule) -> Outcome {
    let dir = fixture_dir(rule);
    let mut problems = Vec::new();
    let mut expectations = Vec::new();
    let fire = inputs(&dir, "fire");
    let clean = inputs(&dir, "clean");
    if fire.is_empty() || clean.is_empty() {
        problems.push(format!(
            "needs fire* and clean* fixtures in {}",
            dir.display()
        ));
        return Outcome {
            rule,
            problems,
            expectations,
        };
    }
    let (text, count) = findings_text(rule, &dir, &fire, &mut problems);
    if count == 0 {
        problems.push("the fire fixtures produce no finding".into());
    }
    let (clean_text, clean_count) = findings_text(rule, &dir, &clean, &mut problems);
    if clean_count > 0 {
        problems.push(format!(
            "the clean fixtures produce findings:\n{clean_text}"
        ));
    }
    for (paths, config) in &fire {
        for input in paths.iter().filter(|p| p.is_file()) {
            let original = std::fs::read_to_string(input).unwrap_or_default();
            let safe = fixed_text(rule, input, config, false);
            let unsafe_ = fixed_text(rule, input, config, true);
            let (safe, unsafe_) = match (safe, unsafe_) {
                (Ok(s), Ok(u)) => (s, u),
                (Err(e), _) | (_, Err(e)) => {
                    problems.push(format!("{}: {e}", input.display()));
                    continue;
                }
            };
            let unsafe_differs = unsafe_ != safe;
            let safe_differs = safe != original;
            expectations.push((
                expectation_path(input, "fixed"),
                safe_differs.then_some(safe),
            ));
            expectations.push((
                expectation_path(input, "unsafe-fixed"),
                unsafe_differs.then_some(unsafe_),
            ));
        }
    }
    expectations.push((dir.join("expected.txt"), Some(text)));
    Outcome {
        rule,
        problems,
        expectations,
    }
}

impl Outcome {
    /// Every way the files on disk differ from the outcome, and the outcome's own problems.
    pub fn failures(&self) -> Vec<String> {
        let update = format!(
            "`{BLESS} {}` to update, then review the diff",
            self.rule.code()
        );
        let mut out = self.problems.clone();
        for (path, want) in &self.expectations {
            let have = std::fs::read_to_string(path).ok();
            match (want, have) {
                (Some(w), Some(h)) if *w == h => {}
                (Some(w), Some(h)) => out.push(format!(
                    "{} differs ({update})\n--- expected\n{h}\n--- actual\n{w}",
                    path.display()
                )),
                (Some(_), None) => out.push(format!("missing {} ({update})", path.display())),
                (None, Some(_)) => out.push(format!(
                    "{} exists but the fixes do not change the input ({update})",
                    path.display()
                )),
                (None, None) => {}
            }
        }
        out
    }

    /// Writes the expectation files (and removes those that must not exist).
    pub fn write(&self) -> std::io::Result<usize> {
        let mut changed = 0;
        for (path, want) in &self.expectations {
            let have = std::fs::read_to_string(path).ok();
            match want {
                Some(w) if have.as_deref() != Some(w.as_str()) => {
                    std::fs::write(path, w)?;
                    changed += 1;
                }
                None if have.is_some() => {
                    std::fs::remove_file(path)?;
                    changed += 1;
                }
                _ => {}
            }
        }
        Ok(changed)
    }
}
