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

/// What a file's test case holds: the report's findings of the file (by index, in report
/// order) and their counts by severity, or the reason the file could not be read.
#[derive(Default)]
struct Case {
    findings: Vec<usize>,
    counts: [usize; 3],
    error: Option<String>,
}

impl Case {
    fn failed(&self) -> bool {
        self.counts[0] > 0
    }
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

fn finding_line(out: &mut String, f: &JsonFinding) {
    let _ = writeln!(
        out,
        "{}:{}:{}: {} {} [{}] {}",
        f.file, f.start.line, f.start.column, f.code, f.name, f.severity, f.message
    );
    if let Some(help) = &f.help {
        let _ = writeln!(out, "    help: {help}");
    }
}

use crate::util::plural;

fn counts(counts: &[usize; 3]) -> String {
    let mut parts = Vec::new();
    for (n, one, many) in [
        (counts[0], "error", "errors"),
        (counts[1], "warning", "warnings"),
        (counts[2], "info", "info"),
    ] {
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    parts.join(", ")
}

/// Renders the report, handed to `emit` a piece at a time (see [`super::render_to`]): the
/// totals come first, so the files' cases and counts are gathered first, and each finding's
/// lines are drawn as its file's case is written.
pub fn render_to(report: &CheckReport, ctx: &RenderContext, emit: &mut dyn FnMut(&str)) {
    let mut pos = Positions::new(report);
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    for path in report.checked_files() {
        cases.entry(ctx.display_path(path)).or_default();
    }
    // Findings come sorted by file: a file's display path is made once for its run.
    let mut current: Option<(&std::path::Path, String)> = None;
    for (i, f) in report.findings.iter().enumerate() {
        if current.as_ref().is_none_or(|(p, _)| *p != &*f.path) {
            current = Some((&*f.path, ctx.display_path(&f.path)));
        }
        let Some((_, file)) = &current else { continue };
        let case = match cases.get_mut(file) {
            Some(case) => case,
            None => cases.entry(file.clone()).or_default(),
        };
        case.findings.push(i);
        case.counts[severity_index(f.severity)] += 1;
    }
    for e in &report.errors {
        let m = model::file_error(e, ctx);
        let case = cases.entry(m.file.clone()).or_default();
        case.error = Some(match m.position {
            Some(p) => format!("{}:{}:{}: {}", m.file, p.line, p.column, m.message),
            None => format!("{}: {}", m.file, m.message),
        });
    }
    let tests = cases.len();
    let failures = cases
        .values()
        .filter(|c| c.error.is_none() && c.failed())
        .count();
    let errors = cases.values().filter(|c| c.error.is_some()).count();
    let time = format!("{:.3}", ctx.elapsed.as_secs_f64());

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let totals = format!(
        "tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{time}\""
    );
    let _ = writeln!(out, "<testsuites name=\"guide-lint\" {totals}>");
    let _ = writeln!(out, "  <testsuite name=\"guide-lint\" {totals}>");
    let mut lines = String::new();
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
        } else if !case.findings.is_empty() {
            let _ = writeln!(out, ">");
            if case.failed() {
                let _ = write!(
                    out,
                    "      <failure message=\"{}\" type=\"guide-lint\">",
                    escape(&counts(&case.counts))
                );
            } else {
                out.push_str("      <system-out>");
            }
            // The file's findings, a line or two each, escaped one finding at a time.
            for &i in &case.findings {
                lines.clear();
                finding_line(
                    &mut lines,
                    &model::finding(&report.findings[i], &mut pos, ctx),
                );
                out.push_str(&escape_text(&lines));
                super::hand_over(&mut out, emit, false);
            }
            out.push_str(if case.failed() {
                "</failure>\n"
            } else {
                "</system-out>\n"
            });
            let _ = writeln!(out, "    </testcase>");
        } else {
            let _ = writeln!(out, "/>");
        }
        super::hand_over(&mut out, emit, false);
    }
    let _ = writeln!(out, "  </testsuite>");
    let _ = writeln!(out, "</testsuites>");
    super::hand_over(&mut out, emit, true);
}
