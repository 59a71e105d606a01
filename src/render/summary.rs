//! The summary line printed on stderr after human and concise output (never with machine
//! formats): files checked, findings by severity, how many `--fix` repairs, elapsed time.

use std::time::Duration;

use super::model;
use crate::CheckReport;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

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
    let s = model::summary(report);
    let mut out = format!(
        "checked {} in {}: ",
        plural(s.files_checked, "file", "files"),
        duration(elapsed)
    );
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration(Duration::from_millis(31)), "31ms");
        assert_eq!(duration(Duration::from_millis(1240)), "1.24s");
        assert_eq!(duration(Duration::from_secs(125)), "2m 5s");
    }
}
