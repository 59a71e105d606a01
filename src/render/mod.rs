//! Renderers: findings and errors to text. They return strings, or hand their text over in
//! pieces as it is ready ([`render_to`]); the binary prints them.
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

pub use concise::file_error_line;

/// A JSON document pretty-printed with one of its lists written item by item, handed to `emit`
/// in pieces: `skeleton` is the document printed with that list empty (`"key": []`, the first
/// such key), and each item is printed where the pretty printer would have put it, so the bytes
/// are those of the whole document printed at once. A report's findings as one tree of JSON
/// values took ten times the size of their text (SARIF of 2,000 pages: 860 MB for a 51 MB log);
/// here each item is built only while it is printed, and the document is never held whole.
fn pretty_with_list_to<T: serde::Serialize>(
    skeleton: &str,
    key: &str,
    items: impl Iterator<Item = T>,
    emit: &mut dyn FnMut(&str),
) {
    let empty = format!("\"{key}\": []");
    let Some(at) = skeleton.find(&empty).map(|i| i + empty.len() - 2) else {
        emit(&format!("{skeleton}\n"));
        return;
    };
    let line_start = skeleton[..at].rfind('\n').map_or(0, |i| i + 1);
    let depth = skeleton[line_start..at].len() - skeleton[line_start..at].trim_start().len();
    let indent = &skeleton[line_start..line_start + depth];
    let mut out = String::with_capacity(PIECE + 4096);
    out.push_str(&skeleton[..at]);
    let inner = format!("\n{indent}  ");
    let mut any = false;
    for item in items {
        out.push_str(if any { "," } else { "[" });
        any = true;
        out.push_str(&inner);
        let text = serde_json::to_string_pretty(&item).unwrap_or_default();
        // A JSON text has no line break inside a string: every one is between tokens.
        for (j, line) in text.split('\n').enumerate() {
            if j > 0 {
                out.push_str(&inner);
            }
            out.push_str(line);
        }
        hand_over(&mut out, emit, false);
    }
    if any {
        out.push('\n');
        out.push_str(indent);
        out.push(']');
    } else {
        out.push_str("[]");
    }
    out.push_str(&skeleton[at + 2..]);
    out.push('\n');
    hand_over(&mut out, emit, true);
}

/// The text a streaming renderer hands over, gathered whole (for callers that want a string).
fn gathered(render: impl FnOnce(&mut dyn FnMut(&str))) -> String {
    let mut all = String::new();
    render(&mut |piece| all.push_str(piece));
    all
}

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

/// How much text a renderer gathers before handing it over: a report is never held whole,
/// whatever the number of findings (a hostile page can make millions, each drawn with its
/// source line).
pub const PIECE: usize = 1 << 16;

/// Renders a report in `format`, handing the text to `emit` in pieces as it is drawn,
/// [`PIECE`] bytes or so at a time, so that a report is never held whole (JUnit counts each
/// file's findings first, then draws them). Each piece of human and concise output ends at the
/// end of a line, so it can be escaped line by line on its own (`logsafe::lines`).
pub fn render_to(
    format: OutputFormat,
    report: &CheckReport,
    ctx: &RenderContext,
    emit: &mut dyn FnMut(&str),
) {
    match format {
        OutputFormat::Human => human::render_to(report, ctx.human, emit),
        OutputFormat::Concise => concise::concise_to(report, emit),
        OutputFormat::Json => json::render_to(report, ctx, emit),
        OutputFormat::JsonLines => json_lines::render_to(report, ctx, emit),
        OutputFormat::Sarif => sarif::render_to(report, ctx, emit),
        OutputFormat::Github => github::render_to(report, ctx, emit),
        OutputFormat::Rdjson => rdjson::render_to(report, ctx, emit),
        OutputFormat::Junit => junit::render_to(report, ctx, emit),
    }
}

/// Hands `out` to `emit` and empties it once it holds a [`PIECE`] (or, with `last`, whatever
/// it holds).
pub(crate) fn hand_over(out: &mut String, emit: &mut dyn FnMut(&str), last: bool) {
    if out.len() >= PIECE || (last && !out.is_empty()) {
        emit(out);
        out.clear();
    }
}

/// Renders a report in `format`.
pub fn render(format: OutputFormat, report: &CheckReport, ctx: &RenderContext) -> String {
    gathered(|emit| render_to(format, report, ctx, emit))
}

/// The text of a rule doc's section, trimmed (empty when the doc lacks it).
pub(crate) fn section_text(doc: &str, title: &str) -> String {
    crate::rules::section(doc, title)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}
