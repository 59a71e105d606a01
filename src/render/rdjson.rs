//! `--output-format rdjson`: reviewdog's Diagnostic Format (`reviewdog -f=rdjson`).
//!
//! One `DiagnosticResult` with a diagnostic per finding: message (and help), location with a
//! range (1-based lines, columns in UTF-8 bytes as reviewdog's format defines them, end
//! exclusive), severity, the rule as `code` (with its doc URL), and the fix's edits as
//! `suggestions` so reviewdog can post them as suggested changes.

use serde::Serialize;

use super::RenderContext;
use super::model::{self, Position, Positions};
use crate::CheckReport;
use crate::finding::Severity;

#[derive(Serialize)]
struct RdPosition {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct RdRange {
    start: RdPosition,
    end: RdPosition,
}

#[derive(Serialize)]
struct RdLocation {
    path: String,
    range: RdRange,
}

#[derive(Serialize)]
struct RdSource {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct RdCode {
    value: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct RdSuggestion {
    range: RdRange,
    text: String,
}

#[derive(Serialize)]
struct RdDiagnostic {
    message: String,
    location: RdLocation,
    severity: &'static str,
    code: RdCode,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<RdSuggestion>,
    original_output: String,
}

#[derive(Serialize)]
struct RdResult {
    source: RdSource,
    diagnostics: Vec<RdDiagnostic>,
}

fn range(start: Position, end: Position) -> RdRange {
    RdRange {
        start: RdPosition {
            line: start.line,
            column: start.column,
        },
        end: RdPosition {
            line: end.line,
            column: end.column,
        },
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// The report in this format, handed to `emit` in pieces (see [`super::render_to`]).
pub fn render_to(report: &CheckReport, ctx: &RenderContext, emit: &mut dyn FnMut(&str)) {
    let mut pos = Positions::new(report);
    let diagnostics = report.findings.iter().map(|f| {
        let j = model::finding(f, &mut pos, ctx);
        let mut message = j.message.clone();
        if let Some(help) = &j.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let suggestions = j
            .fix
            .iter()
            .flat_map(|fix| &fix.edits)
            .map(|e| RdSuggestion {
                range: range(e.start, e.end),
                text: e.content.clone(),
            })
            .collect();
        RdDiagnostic {
            original_output: format!(
                "{}:{}:{}: {} {} [{}] {}",
                j.file, j.start.line, j.start.column, j.code, j.name, j.severity, j.message
            ),
            location: RdLocation {
                path: j.file,
                range: range(j.start, j.end),
            },
            severity: severity(j.severity),
            code: RdCode {
                value: j.code,
                url: j.url,
            },
            suggestions,
            message,
        }
    });
    // The diagnostics are printed one by one into the result, not held as a second copy.
    let result = RdResult {
        source: RdSource {
            name: model::TOOL.name,
            url: ctx.project_url.clone(),
        },
        diagnostics: Vec::new(),
    };
    let skeleton = serde_json::to_string_pretty(&result).unwrap_or_default();
    super::pretty_with_list_to(&skeleton, "diagnostics", diagnostics, emit);
}
