//! Byte offsets to 1-based line:column, UTF-8 and CRLF correct.
//!
//! Positions inside guide-lint are byte offsets into the file as read from disk. Only renderers
//! turn them into lines and columns, through this index. Columns count UTF-8 bytes (as SARIF,
//! LSP with UTF-8 encoding and comrak do); [`LineIndex::char_column`] gives the character column
//! for renderers that want it.

/// A 1-based line and column pair. `column` counts UTF-8 bytes from the line start, plus one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line of a text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        Self {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a trailing newline does not open a counted line of its own unless text
    /// follows it; an empty text has one empty line).
    pub fn line_count(&self) -> usize {
        if self.starts.len() > 1 && *self.starts.last().unwrap_or(&0) == self.len {
            self.starts.len() - 1
        } else {
            self.starts.len()
        }
    }

    /// Byte offset where 1-based `line` starts; `None` past the end.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
    }

    /// Byte range of 1-based `line` without its line terminator (`\n` or `\r\n`).
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = self.line_start(line)?;
        let mut end = self.starts.get(line).map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end.max(start))
    }

    /// 1-based line and byte column of `offset` (clamped to the text length).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.len);
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        LineCol {
            line: line + 1,
            column: offset - self.starts[line] + 1,
        }
    }

    /// 1-based character column of `offset` (for renderers that count characters).
    pub fn char_column(&self, text: &str, offset: usize) -> usize {
        let lc = self.line_col(offset);
        let start = self.starts[lc.line - 1];
        let end = floor_char_boundary(text, offset.min(text.len()));
        text.get(start..end).map_or(1, |s| s.chars().count() + 1)
    }

    /// Byte offset of a 1-based line and byte column; clamped to the line's end.
    pub fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = self.line_start(line)?;
        let next = self.starts.get(line).copied().unwrap_or(self.len);
        Some((start + column.saturating_sub(1)).min(next))
    }
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_lines_and_columns() {
        let text = "ab\ncd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(2), LineCol { line: 1, column: 3 });
        assert_eq!(idx.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_col(4), LineCol { line: 2, column: 2 });
        assert_eq!(idx.line_count(), 2);
        assert_eq!(idx.line_range(text, 2), Some(3..5));
    }

    #[test]
    fn crlf_lines_exclude_the_carriage_return() {
        let text = "ab\r\ncd\r\nef";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(4), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_col(9), LineCol { line: 3, column: 2 });
        assert_eq!(idx.line_range(text, 1), Some(0..2));
        assert_eq!(idx.line_range(text, 2), Some(4..6));
        assert_eq!(idx.line_range(text, 3), Some(8..10));
        assert_eq!(idx.offset(2, 2), Some(5));
    }

    #[test]
    fn multibyte_columns_are_bytes_and_chars_on_request() {
        let text = "æøå x\nfølg";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(x), LineCol { line: 1, column: 8 });
        assert_eq!(idx.char_column(text, x), 5);
        let g = text.rfind('g').unwrap();
        assert_eq!(idx.line_col(g), LineCol { line: 2, column: 5 });
        assert_eq!(idx.char_column(text, g), 4);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "a\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(99), LineCol { line: 2, column: 1 });
        assert_eq!(idx.offset(9, 1), None);
        assert_eq!(LineIndex::new("").line_count(), 1);
    }
}
