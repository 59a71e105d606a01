//! `--output-format json`: the whole report as one JSON document (docs/json-schema.md).

use super::{RenderContext, model};
use crate::CheckReport;

/// The report in this format, handed to `emit` in pieces (see [`super::render_to`]).
pub fn render_to(report: &CheckReport, ctx: &RenderContext, emit: &mut dyn FnMut(&str)) {
    // The findings are printed one by one into the document, not held as a second copy.
    let skeleton = match serde_json::to_string_pretty(&model::report_outline(report, ctx)) {
        Ok(s) => s,
        Err(e) => {
            return emit(&format!(
                "{{\"error\": \"cannot serialise the report: {e}\"}}\n"
            ));
        }
    };
    let mut pos = model::Positions::new(report);
    let findings = report
        .findings
        .iter()
        .map(|f| model::finding(f, &mut pos, ctx));
    super::pretty_with_list_to(&skeleton, "findings", findings, emit);
}
