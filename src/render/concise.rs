//! `path:line:col: CODE name [severity] message` per finding (ruff's concise format).

use std::fmt::Write;

use crate::CheckReport;
use crate::document::LineIndex;
use crate::logsafe;

/// Renders every finding on one line, then every unreadable file.
pub fn concise(report: &CheckReport) -> String {
    // Sized once for the whole output (about a line per finding), not grown by doubling:
    // 12,000 findings make 2 MB.
    let size: usize = report
        .findings
        .iter()
        .map(|f| f.path.as_os_str().len() + f.message.len() + 64)
        .sum();
    let mut out = String::with_capacity(size);
    // The file's text and line index, looked up when the file changes.
    let mut cache: Option<(&std::path::Path, &str, LineIndex)> = None;
    for f in &report.findings {
        if cache
            .as_ref()
            // Compared as bytes (a path compares component by component): a path spelt
            // differently only builds the index again.
            .is_none_or(|(p, _, _)| p.as_os_str() != f.path.as_os_str())
        {
            let text = report
                .sources
                .get(&f.path)
                .map(String::as_str)
                .unwrap_or("");
            cache = Some((f.path.as_path(), text, LineIndex::new(text)));
        }
        // Columns in characters, as editors count them; from the places the check cache kept
        // when the text was not read.
        let kept = (!report.sources.contains_key(&f.path))
            .then(|| report.places.get(&f.path)?.get(f.range.start))
            .flatten();
        let (line, column) = match kept {
            Some(p) => (p.line, p.char_column),
            None => cache.as_ref().map_or((1, 1), |(_, text, i)| {
                (
                    i.line_col(f.range.start).line,
                    i.char_column(text, f.range.start),
                )
            }),
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {} [{}] {}",
            logsafe::path(&f.path),
            line,
            column,
            f.rule.code(),
            f.rule.name(),
            f.severity,
            logsafe::text(&f.message)
        );
    }
    for e in &report.errors {
        out.push_str(&file_error_line(e));
        out.push('\n');
    }
    out
}

/// One line for an unreadable file (its name and the message escaped, see [`logsafe`]).
pub fn file_error_line(e: &crate::FileError) -> String {
    let (path, message) = (logsafe::path(&e.path), logsafe::text(&e.message));
    match e.position {
        Some((line, col, _)) => format!("{path}:{line}:{col}: error: {message}"),
        None => format!("{path}: error: {message}"),
    }
}
