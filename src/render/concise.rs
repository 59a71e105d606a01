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
    let findings = &report.findings;
    let mut i = 0;
    while i < findings.len() {
        // A file's findings come one after another: its name is escaped, its text looked up
        // and its line index built once for all of them. The path is compared as bytes (a path
        // compares component by component): a path spelt differently only starts a new run.
        let path = &findings[i].path;
        let n = findings[i..]
            .iter()
            .take_while(|f| f.path.as_os_str() == path.as_os_str())
            .count();
        let run = &findings[i..i + n];
        i += n;
        let shown = logsafe::path(path);
        let places = match report.sources.get(path) {
            Some(text) => Places::Found(text, LineIndex::new(text)),
            // Columns in characters, as editors count them; from the places the check cache
            // kept when the text was not read.
            None => report.places.get(path).map_or(Places::None, Places::Kept),
        };
        for f in run {
            let (line, column) = match &places {
                Places::Found(text, index) => (
                    index.line_col(f.range.start).line,
                    index.char_column(text, f.range.start),
                ),
                Places::Kept(kept) => kept
                    .get(f.range.start)
                    .map_or((1, 1), |p| (p.line, p.char_column)),
                Places::None => (1, 1),
            };
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {} [{}] {}",
                shown,
                line,
                column,
                f.rule.code(),
                f.rule.name(),
                f.severity,
                logsafe::text(&f.message)
            );
        }
    }
    for e in &report.errors {
        out.push_str(&file_error_line(e));
        out.push('\n');
    }
    out
}

/// Where a file's findings are.
enum Places<'r> {
    /// The file's text and its line index, built once for all its findings.
    Found(&'r str, LineIndex),
    /// As the check cache kept them.
    Kept(&'r crate::document::Places),
    /// Neither the text nor its places are known: line 1, column 1.
    None,
}

/// One line for an unreadable file (its name and the message escaped, see [`logsafe`]).
pub fn file_error_line(e: &crate::FileError) -> String {
    let (path, message) = (logsafe::path(&e.path), logsafe::text(&e.message));
    match e.position {
        Some((line, col, _)) => format!("{path}:{line}:{col}: error: {message}"),
        None => format!("{path}: error: {message}"),
    }
}
