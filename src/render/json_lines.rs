//! `--output-format json-lines`: one finding per line, each the `findings[]` object of the JSON
//! schema, for streaming consumers (`jq -c`, log shippers). Unreadable files are not findings:
//! they are reported on stderr and by the exit code.

use super::{RenderContext, model};
use crate::CheckReport;

/// The report in this format, handed to `emit` in pieces (see [`super::render_to`]).
pub fn render_to(report: &CheckReport, ctx: &RenderContext, emit: &mut dyn FnMut(&str)) {
    let mut pos = model::Positions::new(report);
    let mut out = String::new();
    for f in &report.findings {
        let line = serde_json::to_string(&model::finding(f, &mut pos, ctx))
            .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise a finding: {e}\"}}"));
        out.push_str(&line);
        out.push('\n');
        super::hand_over(&mut out, emit, false);
    }
    super::hand_over(&mut out, emit, true);
}
