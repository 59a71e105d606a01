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
pub mod workspace;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
///
/// Phase 1 (parallel): each file is parsed once, file rules run on it, and it is summarised.
/// Phase 2 (sequential): workspace rules run on the summaries alone (links between pages,
/// anchors on other pages, assets, translation pairs).
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
        .map(|file| check_one(file, config, options))
        .collect();
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut summaries = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(checked) => {
                report.files_checked += 1;
                report.dialects.insert(
                    checked.summary.path.clone(),
                    (checked.summary.dialect, checked.dialect_source),
                );
                texts.insert(checked.summary.path.clone(), checked.text);
                summaries.push(checked.summary);
                report.findings.extend(checked.findings);
            }
            Err(e) => report.errors.push(e),
        }
    }

    let inputs = workspace_inputs(summaries, config);
    report.errors.extend(inputs.errors);
    let ctx = workspace::WorkspaceContext::new(
        config,
        &options.rules,
        &inputs.pages,
        &inputs.existing,
        inputs.assets.as_ref(),
    );
    report.findings.extend(rules::check_workspace(&ctx));

    for f in &report.findings {
        if !report.sources.contains_key(&f.path)
            && let Some(text) = texts.remove(&f.path)
        {
            report.sources.insert(f.path.clone(), text);
        }
    }
    report
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.errors.sort();
    report
}

/// What phase 1 yields for one file.
struct Checked {
    text: String,
    dialect_source: document::DialectSource,
    findings: Vec<Finding>,
    summary: workspace::PageSummary,
}

fn read_page(file: &discover::PageFile, config: &Config) -> Result<Document, FileError> {
    let dialect = file.rel.as_deref().and_then(|r| config.dialect_for(r));
    Document::read(&file.path, dialect).map_err(|e| {
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
    })
}

fn check_one(
    file: &discover::PageFile,
    config: &Config,
    options: &CheckOptions,
) -> Result<Checked, FileError> {
    let doc = read_page(file, config)?;
    let ctx = rules::FileContext {
        doc: &doc,
        config,
        rel_path: file.rel.as_deref(),
        locale: file.locale.as_deref(),
        rules: &options.rules,
    };
    let findings = rules::check_file(&ctx);
    let summary = workspace::PageSummary::new(&doc, file, config);
    Ok(Checked {
        dialect_source: doc.dialect_source,
        findings,
        summary,
        text: doc.text,
    })
}

/// What phase 2 reads besides the checked pages' summaries.
struct WorkspaceInputs {
    /// Checked pages and the pages they depend on, sorted by path.
    pages: Vec<workspace::PageSummary>,
    /// Every page-like file under the guides root, by the page it becomes.
    existing: BTreeMap<workspace::PageKey, Vec<PathBuf>>,
    assets: Option<workspace::AssetIndex>,
    errors: Vec<FileError>,
}

/// Completes the summaries for phase 2: lists every page under the guides root, summarises
/// (without checking) the pages the checked ones depend on, and scans the assets root.
fn workspace_inputs(mut pages: Vec<workspace::PageSummary>, config: &Config) -> WorkspaceInputs {
    let mut errors = Vec::new();
    let root = config.guides_root();
    let listed: BTreeMap<PathBuf, discover::PageFile> = if root.is_dir() {
        discover::discover(std::slice::from_ref(&root), config)
            .0
            .into_iter()
            .filter_map(|f| Some((f.rel.clone()?, f)))
            .collect()
    } else {
        BTreeMap::new()
    };
    // Every file Wiki.js would import as a page, by the page it becomes.
    let mut existing: BTreeMap<workspace::PageKey, Vec<PathBuf>> = BTreeMap::new();
    if root.is_dir() {
        for rel in discover::list_page_like_files(&root) {
            if let Some(key) = workspace::page_key(&rel, &config.file.source_locale) {
                existing.entry(key).or_default().push(rel);
            }
        }
    }

    // Pages the checked ones need: link targets, and the same page in the other locales.
    let have: std::collections::BTreeSet<PathBuf> =
        pages.iter().filter_map(|p| p.rel.clone()).collect();
    let mut locales: Vec<&str> = vec![config.file.source_locale.as_str()];
    locales.extend(config.file.target_locales.iter().map(String::as_str));
    let mut needed = std::collections::BTreeSet::new();
    for p in &pages {
        needed.extend(p.dependencies().map(Path::to_path_buf));
        if let (Some(rel), Some(locale)) = (&p.rel, &p.locale)
            && let Ok(rest) = rel.strip_prefix(locale)
        {
            needed.extend(
                locales
                    .iter()
                    .filter(|l| **l != locale)
                    .map(|l| Path::new(l).join(rest)),
            );
        }
    }
    let extra: Vec<&discover::PageFile> = needed
        .iter()
        .filter(|rel| !have.contains(*rel))
        .filter_map(|rel| listed.get(rel))
        .collect();
    let extra: Vec<_> = extra
        .par_iter()
        .filter_map(|file| {
            let doc = read_page(file, config).ok()?;
            let mut s = workspace::PageSummary::new(&doc, file, config);
            s.checked = false;
            Some(s)
        })
        .collect();
    pages.extend(extra);
    pages.sort_by(|a, b| a.path.cmp(&b.path));

    let assets = config.assets_root().and_then(|dir| {
        if dir.is_dir() {
            Some(workspace::AssetIndex::scan(&dir))
        } else {
            errors.push(FileError {
                path: dir,
                message: "the configured assets root is not a directory".into(),
                position: None,
            });
            None
        }
    });
    WorkspaceInputs {
        pages,
        existing,
        assets,
        errors,
    }
}
