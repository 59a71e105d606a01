//! `path:line:col: CODE name [severity] message` per finding (ruff's concise format).

use crate::CheckReport;
use crate::document::LineIndex;

/// Renders every finding on one line, then every unreadable file.
pub fn concise(report: &CheckReport) -> String {
    let mut out = String::new();
    let mut cache: Option<(&std::path::Path, LineIndex)> = None;
    for f in &report.findings {
        let text = report
            .sources
            .get(&f.path)
            .map(String::as_str)
            .unwrap_or("");
        if cache.as_ref().is_none_or(|(p, _)| *p != f.path.as_path()) {
            cache = Some((f.path.as_path(), LineIndex::new(text)));
        }
        // Columns in characters, as editors count them.
        let (line, column) = cache.as_ref().map_or((1, 1), |(_, i)| {
            (
                i.line_col(f.range.start).line,
                i.char_column(text, f.range.start),
            )
        });
        out.push_str(&format!(
            "{}:{}:{}: {} {} [{}] {}\n",
            f.path.display(),
            line,
            column,
            f.rule.code(),
            f.rule.name(),
            f.severity,
            f.message
        ));
    }
    for e in &report.errors {
        out.push_str(&file_error_line(e));
        out.push('\n');
    }
    out
}

/// One line for an unreadable file.
pub fn file_error_line(e: &crate::FileError) -> String {
    match e.position {
        Some((line, col, _)) => format!(
            "{}:{}:{}: error: {}",
            e.path.display(),
            line,
            col,
            e.message
        ),
        None => format!("{}: error: {}", e.path.display(), e.message),
    }
}
