//! The summary line printed on stderr after human and concise output (never with machine
//! formats): files checked, findings by severity, how many `--fix` repairs, elapsed time.

use std::time::Duration;

use super::model;
use crate::CheckReport;

use crate::util::plural;

/// Elapsed time as people read it: `850ms`, `1.24s`, `2m 5s`.
pub fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms < 60_000 {
        format!("{:.2}s", d.as_secs_f64())
    } else {
        format!("{}m {}s", ms / 60_000, (ms % 60_000) / 1000)
    }
}

/// `checked 2 files in 31ms: 12 errors, 5 warnings, 1 info; 7 fixable with --fix (3 more with
/// --unsafe-fixes)`.
pub fn line(report: &CheckReport, elapsed: Duration) -> String {
    let (before, after) = line_parts(report);
    format!("{before}{}{after}", duration(elapsed))
}

/// [`line`] on either side of its duration (`checked 2 files in `, `: 12 errors, …`), so that a
/// run replayed from the cache shows its own duration.
pub fn line_parts(report: &CheckReport) -> (String, String) {
    let s = model::summary(report);
    let before = format!("checked {} in ", plural(s.files_checked, "file", "files"));
    let mut out = String::from(": ");
    let total = s.errors + s.warnings + s.info;
    if total == 0 {
        out.push_str("no findings");
    } else {
        out.push_str(&format!(
            "{}, {}, {}",
            plural(s.errors, "error", "errors"),
            plural(s.warnings, "warning", "warnings"),
            plural(s.info, "info", "info")
        ));
        match (s.fixable, s.unsafe_fixable) {
            (0, 0) => {}
            (n, 0) => out.push_str(&format!("; {n} fixable with `--fix`")),
            (0, u) => out.push_str(&format!("; {u} fixable with `--fix --unsafe-fixes`")),
            (n, u) => out.push_str(&format!(
                "; {n} fixable with `--fix` ({u} more with `--unsafe-fixes`)"
            )),
        }
    }
    if s.file_errors > 0 {
        out.push_str(&format!(
            "; {} could not be checked",
            plural(s.file_errors, "file", "files")
        ));
    }
    out.push('\n');
    (before, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Applicability, Finding, Severity};

    fn finding(severity: Severity, fix: Option<Applicability>) -> Finding {
        Finding {
            rule: crate::Rule::RelativeComponentPath,
            severity,
            path: std::path::Path::new("a.md").into(),
            range: 0..1,
            message: "m".into(),
            label: None,
            help: None,
            fix: fix.map(|applicability| {
                Box::new(crate::finding::Fix {
                    applicability,
                    message: "f".into(),
                    edits: Vec::new(),
                })
            }),
            related: Vec::new(),
        }
    }

    #[test]
    fn counts_by_severity_and_fixability() {
        let mut report = CheckReport {
            files_checked: 1,
            ..CheckReport::default()
        };
        let d = Duration::from_millis(12);
        assert_eq!(line(&report, d), "checked 1 file in 12ms: no findings\n");
        report.files_checked = 3;
        report.findings = vec![
            finding(Severity::Error, Some(Applicability::Safe)),
            finding(Severity::Error, Some(Applicability::Unsafe)),
            finding(Severity::Warning, Some(Applicability::DisplayOnly)),
            finding(Severity::Info, None),
        ];
        assert_eq!(
            line(&report, d),
            "checked 3 files in 12ms: 2 errors, 1 warning, 1 info; 1 fixable with `--fix` (1 more with `--unsafe-fixes`)\n"
        );
        report.findings.remove(0);
        report.errors.push(crate::FileError {
            path: "b.md".into(),
            message: "m".into(),
            position: None,
        });
        assert_eq!(
            line(&report, d),
            "checked 3 files in 12ms: 1 error, 1 warning, 1 info; 1 fixable with `--fix --unsafe-fixes`; 1 file could not be checked\n"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(duration(Duration::from_millis(31)), "31ms");
        assert_eq!(duration(Duration::from_millis(1240)), "1.24s");
        assert_eq!(duration(Duration::from_secs(125)), "2m 5s");
    }
}
