//! `--output-format json`: the whole report as one JSON document (docs/json-schema.md).

use super::{RenderContext, model};
use crate::CheckReport;

pub fn render(report: &CheckReport, ctx: &RenderContext) -> String {
    let mut out = serde_json::to_string_pretty(&model::report(report, ctx))
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
    out.push('\n');
    out
}
