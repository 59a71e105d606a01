//! `--output-format junit`: JUnit XML for any CI's test report (GitLab, Jenkins, Azure, ...).
//!
//! One `<testcase>` per file checked, named by its path (relative to the repository root). A
//! file with an error-level finding fails: its `<failure>` lists every finding of the file, one
//! per line (`path:line:col: CODE name [severity] message`, columns in UTF-8 bytes, then the
//! help). A file with only warnings or info passes and lists them in `<system-out>`. A file
//! that could not be read is an `<error>`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::RenderContext;
use super::model::{self, JsonFinding, Positions};
use crate::CheckReport;
use crate::finding::Severity;

/// Escapes text for an XML attribute value or element content; characters XML 1.0 cannot hold
/// become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes element content: like [`escape`], but line feeds and quotes stay as they are.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '"' | '\'' => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                out.push_str(&escape(c.encode_utf8(&mut buf)));
            }
        }
    }
    out
}

#[derive(Default)]
struct Case {
    findings: Vec<JsonFinding>,
    error: Option<String>,
}

fn finding_lines(findings: &[JsonFinding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {} [{}] {}",
            f.file, f.start.line, f.start.column, f.code, f.name, f.severity, f.message
        );
        if let Some(help) = &f.help {
            let _ = writeln!(out, "    help: {help}");
        }
    }
    out
}

use crate::util::plural;

fn counts(findings: &[JsonFinding]) -> String {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut parts = Vec::new();
    for (s, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "info"),
    ] {
        if n(s) > 0 {
            parts.push(plural(n(s), one, many));
        }
    }
    parts.join(", ")
}

pub fn render(report: &CheckReport, ctx: &RenderContext) -> String {
    let mut pos = Positions::new(report);
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    for path in report.checked_files() {
        cases.entry(ctx.display_path(path)).or_default();
    }
    for f in &report.findings {
        let j = model::finding(f, &mut pos, ctx);
        cases.entry(j.file.clone()).or_default().findings.push(j);
    }
    for e in &report.errors {
        let m = model::file_error(e, ctx);
        let case = cases.entry(m.file.clone()).or_default();
        case.error = Some(match m.position {
            Some(p) => format!("{}:{}:{}: {}", m.file, p.line, p.column, m.message),
            None => format!("{}: {}", m.file, m.message),
        });
    }
    let failed = |c: &Case| c.findings.iter().any(|f| f.severity == Severity::Error);
    let tests = cases.len();
    let failures = cases
        .values()
        .filter(|c| c.error.is_none() && failed(c))
        .count();
    let errors = cases.values().filter(|c| c.error.is_some()).count();
    let time = format!("{:.3}", ctx.elapsed.as_secs_f64());

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let totals = format!(
        "tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{time}\""
    );
    let _ = writeln!(out, "<testsuites name=\"guide-lint\" {totals}>");
    let _ = writeln!(out, "  <testsuite name=\"guide-lint\" {totals}>");
    for (file, case) in &cases {
        let name = escape(file);
        let _ = write!(
            out,
            "    <testcase name=\"{name}\" classname=\"guide-lint\" file=\"{name}\""
        );
        if let Some(error) = &case.error {
            let _ = writeln!(out, ">");
            let _ = writeln!(
                out,
                "      <error message=\"{}\" type=\"unreadable\">{}</error>",
                escape(error),
                escape_text(error)
            );
            let _ = writeln!(out, "    </testcase>");
        } else if failed(case) {
            let _ = writeln!(out, ">");
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"guide-lint\">{}</failure>",
                escape(&counts(&case.findings)),
                escape_text(&finding_lines(&case.findings))
            );
            let _ = writeln!(out, "    </testcase>");
        } else if !case.findings.is_empty() {
            let _ = writeln!(out, ">");
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape_text(&finding_lines(&case.findings))
            );
            let _ = writeln!(out, "    </testcase>");
        } else {
            let _ = writeln!(out, "/>");
        }
    }
    let _ = writeln!(out, "  </testsuite>");
    let _ = writeln!(out, "</testsuites>");
    out
}
