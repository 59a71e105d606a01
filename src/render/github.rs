//! `--output-format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's changed lines.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::MESSAGE`, escaped as the
//! runner's parser requires: in the message `%`, CR and LF; in property values also `:` and
//! `,`. Columns are given (in characters, UTF-16 code units as GitHub counts them) only when the
//! finding starts and ends on the same line, the only case GitHub uses them. Info findings are
//! notices.

use super::RenderContext;
use super::model::{self, Positions};
use crate::CheckReport;
use crate::finding::Severity;

/// Escapes a command's message (data).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The report in this format, handed to `emit` in pieces (see [`super::render_to`]).
pub fn render_to(report: &CheckReport, ctx: &RenderContext, emit: &mut dyn FnMut(&str)) {
    let mut pos = Positions::new(report);
    let mut out = String::new();
    for f in &report.findings {
        let j = model::finding(f, &mut pos, ctx);
        let mut props = vec![
            ("file", j.file.clone()),
            ("line", j.start.line.to_string()),
            ("endLine", j.end.line.to_string()),
        ];
        if j.start.line == j.end.line {
            props.push(("col", j.start.utf16_column.to_string()));
            props.push(("endColumn", j.end.utf16_column.to_string()));
        }
        props.push(("title", format!("{} {}", j.code, j.name)));
        let mut message = j.message.clone();
        if let Some(help) = &j.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        if let Some(fix) = &j.fix {
            match fix.applicability {
                "safe" => message.push_str(&format!("\nfix (`--fix`): {}", fix.message)),
                "unsafe" => {
                    message.push_str(&format!("\nfix (`--fix --unsafe-fixes`): {}", fix.message))
                }
                _ => {}
            }
        }
        line(&mut out, command(j.severity), &props, &message);
        super::hand_over(&mut out, emit, false);
    }
    for e in &report.errors {
        let m = model::file_error(e, ctx);
        let mut props = vec![("file", m.file.clone())];
        if let Some(p) = m.position {
            props.push(("line", p.line.to_string()));
        }
        props.push(("title", "guide-lint: cannot check file".to_string()));
        line(&mut out, "error", &props, &m.message);
    }
    super::hand_over(&mut out, emit, true);
}

fn line(out: &mut String, cmd: &str, props: &[(&str, String)], message: &str) {
    out.push_str("::");
    out.push_str(cmd);
    for (i, (k, v)) in props.iter().enumerate() {
        out.push(if i == 0 { ' ' } else { ',' });
        out.push_str(k);
        out.push('=');
        out.push_str(&escape_property(v));
    }
    out.push_str("::");
    out.push_str(&escape_data(message));
    out.push('\n');
}
