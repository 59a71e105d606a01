//! Renderers: findings and errors to text. They return strings; the binary prints them.
//!
//! One file per format. Machine formats are built from [`model`] (our own serde model with
//! resolved positions), never from miette's output.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
pub mod model;
pub mod rdjson;
pub mod sarif;
pub mod statistics;
pub mod status_html;
pub mod summary;

use std::path::PathBuf;
use std::time::Duration;

use crate::CheckReport;

pub use concise::{concise, file_error_line};

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum OutputFormat {
    /// Source excerpts with labels and help (miette).
    Human,
    /// One line per finding: `path:line:col: CODE name [severity] message`.
    Concise,
    /// One JSON document (schema: docs/json-schema.md).
    Json,
    /// One JSON object per finding per line.
    JsonLines,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// reviewdog's Diagnostic Format (rdjson).
    Rdjson,
    /// JUnit XML, one test case per file.
    Junit,
}

impl OutputFormat {
    /// Formats meant for people: the summary line goes to stderr with them.
    pub fn is_human(self) -> bool {
        matches!(self, OutputFormat::Human | OutputFormat::Concise)
    }
}

/// What renderers need besides the report.
#[derive(Debug, Clone)]
pub struct RenderContext {
    /// Machine formats show paths relative to this directory (the repository root). `None`:
    /// paths as given.
    pub root: Option<PathBuf>,
    /// The working directory, to resolve relative paths against `root`.
    pub cwd: PathBuf,
    /// The project's repository URL (rule docs are `<url>/blob/main/rules/<CODE>-<name>.md`);
    /// `None` leaves URLs out.
    pub project_url: Option<String>,
    /// How long the check took (JUnit's `time`, the summary line).
    pub elapsed: Duration,
    pub human: human::HumanOptions,
}

impl Default for RenderContext {
    fn default() -> Self {
        Self {
            root: None,
            cwd: PathBuf::from("."),
            project_url: default_project_url(),
            elapsed: Duration::ZERO,
            human: human::HumanOptions::default(),
        }
    }
}

/// The project's repository (Cargo's `repository`), when it is set.
pub fn default_project_url() -> Option<String> {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repo.is_empty()).then(|| repo.to_string())
}

/// Renders a report in `format`.
pub fn render(format: OutputFormat, report: &CheckReport, ctx: &RenderContext) -> String {
    match format {
        OutputFormat::Human => human::render(report, ctx.human),
        OutputFormat::Concise => concise(report),
        OutputFormat::Json => json::render(report, ctx),
        OutputFormat::JsonLines => json_lines::render(report, ctx),
        OutputFormat::Sarif => sarif::render(report, ctx),
        OutputFormat::Github => github::render(report, ctx),
        OutputFormat::Rdjson => rdjson::render(report, ctx),
        OutputFormat::Junit => junit::render(report, ctx),
    }
}

/// The text of a rule doc's section, trimmed (empty when the doc lacks it).
pub(crate) fn section_text(doc: &str, title: &str) -> String {
    crate::rules::section(doc, title)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}
