//! guide-lint: check, compare, build and sync bilingual Markdown guides published on Wiki.js.
//!
//! The library never prints: it returns findings and errors; the binary renders them.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod config;
pub mod discover;
pub mod document;
pub mod error;
pub mod finding;
pub mod render;
pub mod rules;
pub mod suppress;
pub mod translation;
pub mod wikijs;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

pub use config::Config;
pub use document::{Dialect, Document};
pub use error::Error;
pub use finding::{Finding, Severity};
pub use rules::selector::{RuleLayer, RuleSettings, Selector};
pub use rules::{Rule, RuleSet};

/// A file that could not be checked, with the position of the problem when there is one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
    /// 1-based line and byte column, and the byte offset.
    pub position: Option<(usize, usize, usize)>,
}

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Sorted by file, position, code.
    pub findings: Vec<Finding>,
    /// Files and paths that could not be read.
    pub errors: Vec<FileError>,
    /// Number of files parsed and checked.
    pub files_checked: usize,
    /// The text of every file with findings, for renderers that show source lines.
    pub sources: BTreeMap<PathBuf, String>,
    /// The dialect each checked file was read as, and whether it was configured.
    pub dialects: BTreeMap<PathBuf, (Dialect, document::DialectSource)>,
}

impl CheckReport {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The files that were parsed and checked, sorted.
    pub fn checked_files(&self) -> impl Iterator<Item = &std::path::Path> {
        self.dialects.keys().map(PathBuf::as_path)
    }
}

/// Options for a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Rule selection from the command line (`--select`, `--extend-select`, `--ignore`),
    /// applied after the configuration and its per-path overrides.
    pub selection: RuleLayer,
}

/// What phase 1 keeps of a checked file for the final pass.
struct FileState {
    rules: RuleSet,
    suppressions: suppress::FileSuppressions,
}

/// Checks `paths` (files or directories).
pub fn check(paths: &[PathBuf], config: &Config, options: &CheckOptions) -> CheckReport {
    let settings = RuleSettings::from_config(config, options.selection.clone());
    let (files, walk_errors) = discover::discover(paths, config);
    let mut report = CheckReport {
        errors: walk_errors
            .into_iter()
            .map(|e| FileError {
                path: e.path,
                message: e.message,
                position: None,
            })
            .collect(),
        ..CheckReport::default()
    };
    let results: Vec<_> = files
        .par_iter()
        .map(|file| check_one(file, config, &settings))
        .collect();
    let mut states = BTreeMap::new();
    for r in results {
        match r {
            Ok((doc, findings, state)) => {
                report.files_checked += 1;
                report
                    .dialects
                    .insert(doc.path.clone(), (doc.dialect, doc.dialect_source));
                // Kept until the final pass knows which files findings (and their related
                // locations) point into; the others are dropped below.
                report.sources.insert(doc.path.clone(), doc.text);
                states.insert(doc.path, state);
                report.findings.extend(findings);
            }
            Err(e) => report.errors.push(e),
        }
    }
    report.findings = finish(std::mem::take(&mut report.findings), states, &settings);
    let referenced: std::collections::BTreeSet<&std::path::Path> = report
        .findings
        .iter()
        .flat_map(|f| {
            std::iter::once(f.path.as_path()).chain(f.related.iter().map(|r| r.path.as_path()))
        })
        .collect();
    let sources = std::mem::take(&mut report.sources);
    report.sources = sources
        .into_iter()
        .filter(|(p, _)| referenced.contains(p.as_path()))
        .collect();
    report
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.errors.sort();
    report
}

/// The final pass over every finding (file and workspace rules alike): each file's own rule set
/// (per-path overrides: enabled rules and severities), then its inline suppressions.
fn finish(
    findings: Vec<Finding>,
    mut states: BTreeMap<PathBuf, FileState>,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let base = settings.for_path(None);
    let findings = findings
        .into_iter()
        .filter_map(|mut f| {
            let rules = states.get(&f.path).map_or(&base, |s| &s.rules);
            if !rules.is_enabled(f.rule) {
                return None;
            }
            f.severity = rules.severity(f.rule);
            Some(f)
        })
        .collect();
    let rules: BTreeMap<PathBuf, RuleSet> = states
        .iter()
        .map(|(p, s)| (p.clone(), s.rules.clone()))
        .collect();
    let mut suppressions: BTreeMap<PathBuf, suppress::FileSuppressions> =
        std::mem::take(&mut states)
            .into_iter()
            .filter(|(_, s)| !s.suppressions.is_empty())
            .map(|(p, s)| (p, s.suppressions))
            .collect();
    suppress::apply(findings, &mut suppressions, &|p: &std::path::Path| {
        rules.get(p).cloned().unwrap_or_else(|| base.clone())
    })
}

fn check_one(
    file: &discover::PageFile,
    config: &Config,
    settings: &RuleSettings,
) -> Result<(Document, Vec<Finding>, FileState), FileError> {
    let dialect = file.rel.as_deref().and_then(|r| config.dialect_for(r));
    let doc = Document::read(&file.path, dialect).map_err(|e| {
        let position = match &e {
            document::ReadError::InvalidUtf8 {
                offset,
                line,
                column,
            } => Some((*line, *column, *offset)),
            _ => None,
        };
        FileError {
            path: file.path.clone(),
            message: e.to_string(),
            position,
        }
    })?;
    let rules = settings.for_path(file.rel.as_deref());
    let ctx = rules::FileContext {
        doc: &doc,
        config,
        rel_path: file.rel.as_deref(),
        locale: file.locale.as_deref(),
        rules: &rules,
    };
    let findings = rules::check_file(&ctx);
    let suppressions = suppress::FileSuppressions::parse(&doc);
    Ok((
        doc,
        findings,
        FileState {
            rules,
            suppressions,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: Rule, path: &str, at: usize) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity(),
            path: PathBuf::from(path),
            range: at..at + 1,
            message: "m".into(),
            label: None,
            help: None,
            fix: None,
            related: Vec::new(),
        }
    }

    /// Findings from any pass (a workspace rule's included) get their file's rule set and
    /// suppressions.
    #[test]
    fn the_final_pass_applies_per_file_rules_and_suppressions() {
        let text = "<!-- guide-lint-disable-next-line GL102 -->\nx\n";
        let doc = Document::parse(PathBuf::from("da/a.md"), text.into(), Some(Dialect::Wikijs));
        let mut da = RuleSet::default();
        da.set_severity(Rule::MissingDefault, Severity::Info);
        da.set_enabled(Rule::UnknownIdentity, false);
        let mut states = BTreeMap::new();
        states.insert(
            PathBuf::from("da/a.md"),
            FileState {
                rules: da,
                suppressions: suppress::FileSuppressions::parse(&doc),
            },
        );
        let x = text.rfind('x').unwrap();
        let out = finish(
            vec![
                finding(Rule::RelativeComponentPath, "da/a.md", x),
                finding(Rule::MissingDefault, "da/a.md", x),
                finding(Rule::UnknownIdentity, "da/a.md", x),
                finding(Rule::UnknownIdentity, "en/a.md", 0),
            ],
            states,
            &RuleSettings::default(),
        );
        let got: Vec<_> = out
            .iter()
            .map(|f| {
                (
                    f.path.to_string_lossy().into_owned(),
                    f.rule.code(),
                    f.severity,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("da/a.md".to_string(), "GL105", Severity::Info),
                ("en/a.md".to_string(), "GL101", Severity::Error),
            ]
        );
    }
}
