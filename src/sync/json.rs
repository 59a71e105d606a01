//! `guide-lint sync --output-format json`: the plan or the result as one JSON document, for
//! scripts (docs/sync-json.md; schema docs/sync-json-schema.json).

use serde::Serialize;

use crate::util::slash_path;

use super::{Action, Outcome, PageReport, PullOutcome, SyncReport};

/// The version of the document's shape; changes only on an incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    /// The wiki: its GraphQL endpoint or the git-storage checkout.
    target: &'a str,
    /// `plan` (nothing was changed) or `apply`.
    mode: &'static str,
    summary: Summary,
    pages: Vec<Page<'a>>,
    assets: Vec<Asset<'a>>,
    renders: &'a [String],
    gone: &'a [String],
    notes: &'a [String],
    warnings: &'a [String],
    stopped: Option<Stopped<'a>>,
    exit_code: u8,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize, Default)]
struct Summary {
    pages: usize,
    create: usize,
    update: usize,
    unchanged: usize,
    conflict: usize,
    created: usize,
    updated: usize,
    failed: usize,
    not_reached: usize,
    conflicts_left: usize,
    renders: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Page<'a> {
    key: &'a str,
    source: String,
    action: &'static str,
    outcome: Option<&'static str>,
    reason: Option<&'a str>,
    failure: Option<&'a str>,
    forced: bool,
    lost: Option<&'a [String]>,
    diff: Option<Diff<'a>>,
    pulled: Option<Pulled>,
    notes: &'a [String],
    warnings: &'a [String],
}

#[derive(Serialize)]
struct Asset<'a> {
    /// The path the wiki serves it at.
    url: &'a str,
    source: String,
    size: usize,
    /// `upload`, `unchanged` or `conflict`.
    action: &'static str,
    /// `uploaded`, `unchanged`, `conflict` or `failed`; `null` in a plan.
    outcome: Option<&'static str>,
    reason: Option<&'a str>,
    failure: Option<&'a str>,
    /// A conflict that `--force` overwrites.
    forced: bool,
}

#[derive(Serialize)]
struct Diff<'a> {
    added: usize,
    removed: usize,
    fields: &'a [&'static str],
}

#[derive(Serialize)]
struct Pulled {
    path: Option<String>,
    /// `merged`, `conflict` or `already-merged`.
    merge: Option<&'static str>,
    conflicts: usize,
    error: Option<String>,
}

#[derive(Serialize)]
struct Stopped<'a> {
    message: &'a str,
    help: Option<&'a str>,
    interrupted: bool,
}

fn page(p: &PageReport) -> Page<'_> {
    Page {
        key: &p.planned.key,
        source: slash_path(&p.planned.source),
        action: p.planned.action.as_str(),
        outcome: p.outcome.as_ref().map(Outcome::as_str),
        reason: p.planned.reason.as_deref(),
        failure: match &p.outcome {
            Some(Outcome::Failed(why)) => Some(why),
            _ => None,
        },
        forced: p.planned.action == Action::Conflict
            && matches!(p.outcome, Some(Outcome::Created | Outcome::Updated)),
        lost: p.planned.lost.as_deref(),
        diff: p.planned.diff.as_ref().map(|d| Diff {
            added: d.added,
            removed: d.removed,
            fields: &d.fields,
        }),
        pulled: p.pulled.as_ref().map(|r| match r {
            Ok(pulled) => Pulled {
                path: Some(slash_path(&pulled.path)),
                merge: Some(match pulled.outcome {
                    PullOutcome::Merged { .. } => "merged",
                    PullOutcome::Conflict { .. } => "conflict",
                    PullOutcome::AlreadyMerged => "already-merged",
                }),
                conflicts: match pulled.outcome {
                    PullOutcome::Conflict { conflicts, .. } => conflicts,
                    _ => 0,
                },
                error: None,
            },
            Err(e) => Pulled {
                path: None,
                merge: None,
                conflicts: 0,
                error: Some(e.clone()),
            },
        }),
        notes: &p.planned.notes,
        warnings: &p.warnings,
    }
}

/// The report as a JSON document (pretty-printed, ending in a newline).
pub fn render(report: &SyncReport) -> String {
    let mut summary = Summary {
        pages: report.pages.len(),
        conflicts_left: report.conflicts(),
        renders: report.renders.len(),
        warnings: report.warning_count(),
        failed: report.failures(),
        ..Default::default()
    };
    for p in &report.pages {
        match p.planned.action {
            Action::Create => summary.create += 1,
            Action::Update => summary.update += 1,
            Action::Unchanged => summary.unchanged += 1,
            Action::Conflict => summary.conflict += 1,
        }
        match &p.outcome {
            Some(Outcome::Created) => summary.created += 1,
            Some(Outcome::Updated) => summary.updated += 1,
            None if report.applied => summary.not_reached += 1,
            _ => {}
        }
    }
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "guide-lint",
            version: env!("CARGO_PKG_VERSION"),
        },
        target: &report.target,
        mode: if report.applied { "apply" } else { "plan" },
        summary,
        pages: report.pages.iter().map(page).collect(),
        assets: report
            .assets
            .iter()
            .map(|a| Asset {
                url: &a.url,
                source: slash_path(&a.source),
                size: a.size,
                action: a.action.as_str(),
                outcome: a.outcome.as_ref().map(|o| o.as_str()),
                reason: a.reason.as_deref(),
                failure: match &a.outcome {
                    Some(super::assets::AssetOutcome::Failed(why)) => Some(why.as_str()),
                    _ => None,
                },
                forced: a.forced,
            })
            .collect(),
        renders: &report.renders,
        gone: &report.gone,
        notes: &report.notes,
        warnings: &report.warnings,
        stopped: report.stopped.as_deref().map(|message| Stopped {
            message,
            help: report.stopped_help.as_deref(),
            interrupted: report.interrupted,
        }),
        exit_code: report.exit_code(),
    };
    let mut out = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
    out.push('\n');
    out
}

#[derive(Serialize)]
struct ErrorDocument<'a> {
    schema_version: u32,
    tool: Tool,
    error: ErrorBody<'a>,
    exit_code: u8,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    message: &'a str,
    help: Option<&'a str>,
}

/// The document for a sync that could not start or run (exit code 2, no report).
pub fn render_error(message: &str, help: Option<&str>) -> String {
    let doc = ErrorDocument {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "guide-lint",
            version: env!("CARGO_PKG_VERSION"),
        },
        error: ErrorBody { message, help },
        exit_code: 2,
    };
    let mut out = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the error: {e}\"}}"));
    out.push('\n');
    out
}
