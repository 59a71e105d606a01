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
pub mod translation;
pub mod wikijs;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

pub use config::Config;
pub use document::{Dialect, Document};
pub use error::Error;
pub use finding::{Finding, Severity};
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
}

/// Options for a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub rules: RuleSet,
}

/// Checks `paths` (files or directories).
pub fn check(paths: &[PathBuf], config: &Config, options: &CheckOptions) -> CheckReport {
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
        .map(|file| {
            // Keep only what the report needs: the rest of the document is freed here, in
            // parallel, not one by one on the calling thread.
            check_one(file, config, options).map(|(doc, findings)| {
                let Document {
                    path,
                    text,
                    dialect,
                    dialect_source,
                    ..
                } = doc;
                (path, text, dialect, dialect_source, findings)
            })
        })
        .collect();
    for r in results {
        match r {
            Ok((path, text, dialect, dialect_source, findings)) => {
                report.files_checked += 1;
                report
                    .dialects
                    .insert(path.clone(), (dialect, dialect_source));
                if !findings.is_empty() {
                    report.sources.insert(path, text);
                }
                report.findings.extend(findings);
            }
            Err(e) => report.errors.push(e),
        }
    }
    report
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.errors.sort();
    report
}

fn check_one(
    file: &discover::PageFile,
    config: &Config,
    options: &CheckOptions,
) -> Result<(Document, Vec<Finding>), FileError> {
    let dialect = file.rel.as_deref().and_then(|r| config.dialect_for(r));
    let doc = Document::read(&file.path, dialect).map_err(|e| FileError {
        path: file.path.clone(),
        message: e.to_string(),
        position: e.position().map(|p| (p.line, p.column, p.offset)),
    })?;
    let ctx = rules::FileContext {
        doc: &doc,
        config,
        rel_path: file.rel.as_deref(),
        locale: file.locale.as_deref(),
        rules: &options.rules,
    };
    let findings = rules::check_file(&ctx);
    Ok((doc, findings))
}
