//! `path:line:col: CODE name [severity] message` per finding (ruff's concise format).

use std::fmt::Write;

use crate::CheckReport;
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
        // and the places of its findings found once for all of them (in one pass over the
        // text, without indexing every line of it). The path is compared as bytes (a path
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
            Some(text) => Places::Found(places_of(text, run.iter().map(|f| f.range.start))),
            // Columns in characters, as editors count them; from the places the check cache
            // kept when the text was not read.
            None => report.places.get(path).map_or(Places::None, Places::Kept),
        };
        for f in run {
            let (line, column) = match &places {
                Places::Found(found) => found
                    .binary_search_by_key(&f.range.start, |p| p.0)
                    .map_or((1, 1), |k| (found[k].1, found[k].2)),
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
    /// Offset, 1-based line and character column, by offset.
    Found(Vec<(usize, usize, usize)>),
    /// As the check cache kept them.
    Kept(&'r crate::document::Places),
    /// Neither the text nor its places are known: line 1, column 1.
    None,
}

/// The 1-based line and character column of each of `offsets` in `text` (an offset is clamped
/// to the text's length), sorted by offset: what [`LineIndex`](crate::document::LineIndex)
/// gives (lines end at `\n`, `\r\n` or a lone `\r`), found in one forward pass over the text
/// up to the last offset, however many offsets share a line.
fn places_of(text: &str, offsets: impl Iterator<Item = usize>) -> Vec<(usize, usize, usize)> {
    let mut offsets: Vec<usize> = offsets.collect();
    offsets.sort_unstable();
    offsets.dedup();
    let bytes = text.as_bytes();
    let has_cr = bytes.contains(&b'\r');
    // Scanned up to `pos`: `line` starts at `line_start`; `chars` characters lie between
    // `line_start` and `col_pos` (a character boundary).
    let (mut pos, mut line, mut line_start) = (0usize, 1usize, 0usize);
    let (mut col_pos, mut chars) = (0usize, 0usize);
    let mut out = Vec::with_capacity(offsets.len());
    for &o in &offsets {
        let offset = o.min(bytes.len());
        // The line breaks in `pos..offset` open the lines starting at or before `offset`.
        let seen = &bytes[pos..offset];
        if has_cr {
            for (k, &b) in seen.iter().enumerate() {
                let at = pos + k;
                if b == b'\n' || (b == b'\r' && bytes.get(at + 1) != Some(&b'\n')) {
                    line += 1;
                    line_start = at + 1;
                }
            }
        } else {
            let breaks = seen.iter().filter(|&&b| b == b'\n').count();
            if breaks > 0 {
                line += breaks;
                line_start = pos + seen.iter().rposition(|&b| b == b'\n').map_or(0, |k| k + 1);
            }
        }
        pos = offset;
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if col_pos < line_start || col_pos > end {
            (col_pos, chars) = (line_start, 0);
        }
        if end > col_pos {
            chars += bytes[col_pos..end]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count();
            col_pos = end;
        }
        let column = if end <= line_start { 1 } else { chars + 1 };
        out.push((o, line, column));
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

#[cfg(test)]
mod tests {
    use super::places_of;
    use crate::document::LineIndex;

    /// The places found in one pass are the line index's, whatever the line ends, characters
    /// and offsets (inside a character, past the end, repeated).
    #[test]
    fn places_match_the_line_index() {
        let texts = [
            "",
            "one line",
            "a\nb\n\nccc\n",
            "a\r\nb\rc\r\r\nd\r",
            "ø æ å\nüñí\r\n€uro 😀 x\n",
            "\n\n\n",
        ];
        for text in texts {
            let index = LineIndex::new(text);
            let offsets: Vec<usize> = (0..text.len() + 3).rev().collect();
            let got = places_of(text, offsets.iter().copied());
            assert_eq!(got.len(), text.len() + 3);
            for (o, line, column) in got {
                assert_eq!(
                    (line, column),
                    (index.line_col(o).line, index.char_column(text, o)),
                    "offset {o} of {text:?}"
                );
            }
        }
    }
}
