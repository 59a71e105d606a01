//! `--output-format json`: the whole report as one JSON document (docs/json-schema.md).

use super::{RenderContext, model};
use crate::CheckReport;

pub fn render(report: &CheckReport, ctx: &RenderContext) -> String {
    // The findings are printed one by one into the document, not held as a second copy.
    let skeleton = match serde_json::to_string_pretty(&model::report_outline(report, ctx)) {
        Ok(s) => s,
        Err(e) => return format!("{{\"error\": \"cannot serialise the report: {e}\"}}\n"),
    };
    let mut pos = model::Positions::new(report);
    let findings = report
        .findings
        .iter()
        .map(|f| model::finding(f, &mut pos, ctx));
    super::pretty_with_list(
        &skeleton,
        "findings",
        findings,
        report.findings.len() * 4096,
    )
}
