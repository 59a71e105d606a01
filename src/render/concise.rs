//! `path:line:col: CODE name [severity] message` per finding (ruff's concise format).

use std::fmt::Write;

use crate::CheckReport;
use crate::document::LineIndex;
use crate::logsafe;

/// Renders every finding on one line, then every unreadable file, handed to `emit` a piece at
/// a time (see [`super::render_to`]).
pub fn concise_to(report: &CheckReport, emit: &mut dyn FnMut(&str)) {
    // Sized once for a piece (about a line per finding), not grown by doubling.
    let mut out = String::with_capacity(super::PIECE + 4096);
    let findings = &report.findings;
    // Findings come sorted by path, as the maps' keys are: each map is walked once beside them
    // instead of searched per file (a search compares a dozen paths component by component).
    let mut texts = Cursor::new(&report.sources);
    let mut kept = Cursor::new(&report.places);
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
        let places = match texts.get(path) {
            Some(text) => Places::Found(text, LineIndex::new(text)),
            // Columns in characters, as editors count them; from the places the check cache
            // kept when the text was not read.
            None => kept.get(path).map_or(Places::None, Places::Kept),
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
            super::hand_over(&mut out, emit, false);
        }
    }
    for e in &report.errors {
        out.push_str(&file_error_line(e));
        out.push('\n');
    }
    super::hand_over(&mut out, emit, true);
}

/// A map's entries looked up in the order of its keys: each look-up moves on from the last
/// one, and a key before it (findings not sorted) is searched for in the map.
struct Cursor<'r, V> {
    map: &'r std::collections::BTreeMap<std::path::PathBuf, V>,
    rest: std::iter::Peekable<std::collections::btree_map::Iter<'r, std::path::PathBuf, V>>,
}

impl<'r, V> Cursor<'r, V> {
    fn new(map: &'r std::collections::BTreeMap<std::path::PathBuf, V>) -> Self {
        Cursor {
            map,
            rest: map.iter().peekable(),
        }
    }

    fn get(&mut self, path: &std::path::Path) -> Option<&'r V> {
        while let Some(&(key, value)) = self.rest.peek() {
            if key.as_os_str() == path.as_os_str() {
                return Some(value);
            }
            match key.as_path().cmp(path) {
                std::cmp::Ordering::Less => {
                    self.rest.next();
                }
                std::cmp::Ordering::Equal => return Some(value),
                std::cmp::Ordering::Greater => break,
            }
        }
        self.map.get(path)
    }
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

#[cfg(test)]
mod tests {
    use super::Cursor;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    #[test]
    fn a_cursor_finds_every_key_in_any_order() {
        let map: BTreeMap<PathBuf, usize> = ["a.md", "b/c.md", "b.md", "da/x.md"]
            .iter()
            .enumerate()
            .map(|(i, p)| (PathBuf::from(p), i))
            .collect();
        // In the map's order, with absent paths between.
        let mut c = Cursor::new(&map);
        let found: Vec<Option<usize>> = ["a.md", "aa.md", "b/c.md", "b.md", "c.md", "da/x.md"]
            .iter()
            .map(|p| c.get(Path::new(p)).copied())
            .collect();
        assert_eq!(found, [Some(0), None, Some(1), Some(2), None, Some(3)]);
        // Out of order: a key already passed is still found, and so are the ones after it.
        let mut c = Cursor::new(&map);
        let found: Vec<Option<usize>> = ["da/x.md", "a.md", "b.md", "zz.md", "b/c.md"]
            .iter()
            .map(|p| c.get(Path::new(p)).copied())
            .collect();
        assert_eq!(found, [Some(3), Some(0), Some(2), None, Some(1)]);
    }
}
