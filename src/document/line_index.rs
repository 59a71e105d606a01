//! Byte offsets to 1-based line:column, UTF-8 correct, in every line-ending style.
//!
//! A line ends at `\n`, `\r\n` or a lone `\r` (CommonMark's line endings, as comrak and editors
//! read them), so LF, CRLF, old Mac CR-only and mixed files give the same lines as the parser.
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
    /// Characters and UTF-16 units before each [`BLOCK`]-byte block of the text, so a column
    /// in characters costs at most one block's scan however long its line is. Counted on the
    /// first column asked for on a line longer than a block: most pages have none.
    marks: std::sync::OnceLock<Vec<(usize, usize)>>,
}

/// Block size of [`LineIndex`]'s character marks.
const BLOCK: usize = 4096;

/// Characters and UTF-16 units in `bytes` (which may start or end inside a character: each
/// character is counted at its first byte).
fn units(bytes: &[u8]) -> (usize, usize) {
    // Counted in byte-sized sums over runs of at most 255 bytes, which the compiler turns into
    // vector instructions (a paragraph is one line, and findings ask for columns deep in it).
    let (mut continuation, mut wide) = (0usize, 0usize);
    for run in bytes.chunks(255) {
        let (mut c, mut w) = (0u8, 0u8);
        for &b in run {
            // 0x80..=0xBF continue a character; 0xF0.. start one of four bytes (two UTF-16
            // units).
            c += u8::from(b & 0xC0 == 0x80);
            w += u8::from(b >= 0xF0);
        }
        continuation += usize::from(c);
        wide += usize::from(w);
    }
    let chars = bytes.len() - continuation;
    (chars, chars + wide)
}

/// Where an offset of a text falls, as the renderers show it: computed from the text, or kept
/// by the check cache so that a page need not be read again to place its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    /// The offset, clamped to the text length.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in bytes.
    pub column: usize,
    /// 1-based column in characters.
    pub char_column: usize,
    /// 1-based column in UTF-16 code units.
    pub utf16_column: usize,
}

/// The places of some offsets of one text, sorted by offset. Held for every page with findings
/// through a run, so each is kept in 32-bit numbers (24 bytes instead of 48: pages are far
/// smaller than 4 GiB; an offset that does not fit is not kept, and the page is read instead).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Places(Vec<KeptPlace>);

/// An offset and its [`Place`], in 32-bit numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct KeptPlace {
    at: u32,
    offset: u32,
    line: u32,
    column: u32,
    char_column: u32,
    utf16_column: u32,
}

impl KeptPlace {
    fn new(at: usize, p: Place) -> Option<KeptPlace> {
        let n = |v: usize| u32::try_from(v).ok();
        Some(KeptPlace {
            at: n(at)?,
            offset: n(p.offset)?,
            line: n(p.line)?,
            column: n(p.column)?,
            char_column: n(p.char_column)?,
            utf16_column: n(p.utf16_column)?,
        })
    }

    fn place(self) -> Place {
        Place {
            offset: self.offset as usize,
            line: self.line as usize,
            column: self.column as usize,
            char_column: self.char_column as usize,
            utf16_column: self.utf16_column as usize,
        }
    }
}

impl Places {
    /// The places of `offsets` in `text`.
    pub fn of(text: &str, offsets: impl IntoIterator<Item = usize>) -> Places {
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        if offsets.is_empty() {
            return Places::default();
        }
        // One sweep over the sorted offsets: the line found by moving forward from the last
        // one (line breaks are looked for only up to the last offset, none kept), and the
        // columns counted from the last offset on the same line (character and UTF-16 counts
        // add up over consecutive byte ranges), so a long paragraph line with many findings
        // is counted once rather than from its start for each.
        let bytes = text.as_bytes();
        let crs = memchr::memchr(b'\r', bytes).is_some();
        // The start of the line after the one holding `from`, as [`LineIndex::new`] splits
        // lines (`\r\n` is one break).
        let next_start = |from: usize| -> Option<usize> {
            let rest = bytes.get(from..)?;
            if !crs {
                return memchr::memchr(b'\n', rest).map(|i| from + i + 1);
            }
            let i = from + memchr::memchr2(b'\n', b'\r', rest)?;
            Some(if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            })
        };
        let (mut line, mut start) = (0, 0);
        let mut next = next_start(0);
        // The end of the bytes counted on `line`, and their characters and UTF-16 units.
        let mut counted = (0, 0, 0);
        let mut kept = Vec::with_capacity(offsets.len());
        for o in offsets {
            let offset = o.min(text.len());
            while let Some(s) = next.filter(|&s| s <= offset) {
                line += 1;
                start = s;
                counted = (s, 0, 0);
                next = next_start(s);
            }
            let end = floor_char_boundary(text, offset).max(start);
            let (c, u) = units(&bytes[counted.0..end]);
            counted = (end, counted.1 + c, counted.2 + u);
            let place = Place {
                offset,
                line: line + 1,
                column: offset - start + 1,
                char_column: counted.1 + 1,
                utf16_column: counted.2 + 1,
            };
            if let Some(k) = KeptPlace::new(o, place) {
                kept.push(k);
            }
        }
        Places(kept)
    }

    /// The place of `offset`, when it is one of these.
    pub fn get(&self, offset: usize) -> Option<Place> {
        let offset = u32::try_from(offset).ok()?;
        let i = self.0.binary_search_by_key(&offset, |k| k.at).ok()?;
        Some(self.0[i].place())
    }

    /// Whether every one of `offsets` is among these.
    pub fn covers(&self, offsets: &[usize]) -> bool {
        offsets.iter().all(|o| self.get(*o).is_some())
    }
}

/// Start offsets of every line of `text`: 0, and the offset after each line ending (`\n`,
/// `\r\n` or a lone `\r`).
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(text.len() / 32 + 2);
    starts.push(0);
    if memchr::memchr(b'\r', bytes).is_some() {
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
    } else {
        // No carriage return: lines end at `\n` only.
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    }
    starts
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        Self {
            starts: line_starts(text),
            len: text.len(),
            marks: std::sync::OnceLock::new(),
        }
    }

    /// Start offsets of every line: 0, and the offset after each line ending.
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    fn marks(&self, text: &str) -> &[(usize, usize)] {
        self.marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(text.len() / BLOCK + 1);
            let mut total = (0, 0);
            for block in text.as_bytes().chunks(BLOCK) {
                marks.push(total);
                let (c, u) = units(block);
                total = (total.0 + c, total.1 + u);
            }
            marks
        })
    }

    /// Characters and UTF-16 units in `text[..offset]`.
    fn units_before(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let block = offset / BLOCK;
        let marks = self.marks(text);
        let (c, u) = marks.get(block).copied().unwrap_or((0, 0));
        let base = if marks.get(block).is_some() {
            block * BLOCK
        } else {
            0
        };
        let (c2, u2) = units(&text.as_bytes()[base..offset]);
        (c + c2, u + u2)
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

    /// Byte range of 1-based `line` without its line terminator (`\n`, `\r\n` or `\r`).
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = self.line_start(line)?;
        let Some(&next) = self.starts.get(line) else {
            return Some(start..self.len.max(start));
        };
        let bytes = text.as_bytes();
        let mut end = next - 1;
        if bytes.get(end) == Some(&b'\n') && end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end.max(start))
    }

    /// Byte offset where the line holding `offset` starts (`offset` clamped to the text
    /// length). A binary search: never a scan back through a long line.
    pub fn line_start_at(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        offset + 1 - self.line_col(offset).column
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

    /// 1-based character column of `offset` (for renderers that count characters). `text` is
    /// the text the index was built from. Costs at most a few kilobytes' scan, whatever the
    /// line's length.
    pub fn char_column(&self, text: &str, offset: usize) -> usize {
        self.columns(text, offset).0
    }

    /// Everything a renderer shows of `offset` (clamped to the text length); `text` is the text
    /// the index was built from.
    pub fn place(&self, text: &str, offset: usize) -> Place {
        let offset = offset.min(text.len());
        let lc = self.line_col(offset);
        let (char_column, utf16_column) = self.columns(text, offset);
        Place {
            offset,
            line: lc.line,
            column: lc.column,
            char_column,
            utf16_column,
        }
    }

    /// 1-based UTF-16 column of `offset` (LSP's default encoding).
    pub fn utf16_column(&self, text: &str, offset: usize) -> usize {
        self.columns(text, offset).1
    }

    fn columns(&self, text: &str, offset: usize) -> (usize, usize) {
        if self.len != text.len() {
            return (1, 1);
        }
        let lc = self.line_col(offset);
        let start = self.starts[lc.line - 1];
        let end = floor_char_boundary(text, offset.min(text.len()));
        if end <= start {
            return (1, 1);
        }
        if end - start <= BLOCK {
            // A short line: count its own bytes rather than from the marks' block starts.
            let (c, u) = units(&text.as_bytes()[start..end]);
            return (c + 1, u + 1);
        }
        let (c1, u1) = self.units_before(text, start);
        let (c2, u2) = self.units_before(text, end.max(start));
        (c2 - c1 + 1, u2 - u1 + 1)
    }

    /// Byte offset of a 1-based line and byte column; clamped to the line's end.
    pub fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let start = self.line_start(line)?;
        let next = self.starts.get(line).copied().unwrap_or(self.len);
        Some((start + column.saturating_sub(1)).min(next))
    }
}

/// `text` with every lone `\r` (a line ending of its own, not part of `\r\n`) made `\n`: the same
/// length and the same byte offsets, so positions found in the result hold for `text`. Code that
/// splits lines at `\n` reads CR-only and mixed files through this. Borrowed when there is no
/// lone `\r`.
pub fn lone_cr_as_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let lone = lone_crs(text);
    if lone.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    for i in lone {
        out[i] = b'\n';
    }
    // Only an ASCII byte was replaced by another: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// Offsets of the lone `\r` bytes of `text` (line endings of their own, not part of `\r\n`).
pub fn lone_crs(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .collect()
}

/// The smallest char boundary at or above `i` (the text's length at most).
pub fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        match bytes.get(i) {
            None => return text.len(),
            // Not a UTF-8 continuation byte: a character starts here.
            Some(&b) if (b as i8) >= -0x40 => return i,
            Some(_) => i += 1,
        }
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
    use proptest::prelude::*;

    #[test]
    fn char_boundaries_round_down_and_up_inside_a_character() {
        let text = "aé€b"; // a: 0, é: 1..3, €: 3..6, b: 6
        let down: Vec<usize> = (0..9).map(|i| floor_char_boundary(text, i)).collect();
        let up: Vec<usize> = (0..9).map(|i| ceil_char_boundary(text, i)).collect();
        assert_eq!(down, [0, 1, 1, 3, 3, 3, 6, 7, 7]);
        assert_eq!(up, [0, 1, 3, 3, 6, 6, 6, 7, 7]);
    }

    /// The places found in one sweep are those of [`LineIndex::place`], one by one.
    fn sweep_matches_place(text: &str, offsets: &[usize]) -> Result<(), TestCaseError> {
        let index = LineIndex::new(text);
        let places = Places::of(text, offsets.iter().copied());
        for &o in offsets {
            prop_assert_eq!(
                places.get(o),
                Some(index.place(text, o)),
                "{:?} at {}",
                text,
                o
            );
        }
        Ok(())
    }

    proptest! {
        /// In every line ending and with characters of every width.
        #[test]
        fn places_sweep_matches_place(
            text in "(a|é|€|😀|\r|\n|\r\n| ){0,60}",
            offsets in prop::collection::vec(0usize..200, 0..12),
        ) {
            sweep_matches_place(&text, &offsets)?;
        }

        /// Without a `\r`, on texts of many lines (the texts above nearly always hold one).
        #[test]
        fn places_sweep_matches_place_without_cr(
            text in "(a|é|€|😀|\n| |\n\n){0,400}",
            offsets in prop::collection::vec(0usize..1700, 0..24),
        ) {
            sweep_matches_place(&text, &offsets)?;
        }
    }

    /// A line longer than a block of marks: the sweep counts what the marks count.
    #[test]
    fn places_sweep_matches_place_on_a_long_line() {
        let text = format!("x\n{}\r\nend", "aé€😀".repeat(2000));
        let index = LineIndex::new(&text);
        let offsets: Vec<usize> = (0..text.len() + 3)
            .step_by(97)
            .chain([5000, 5001, 9000])
            .collect();
        let places = Places::of(&text, offsets.iter().copied());
        for &o in &offsets {
            assert_eq!(places.get(o), Some(index.place(&text, o)), "at {o}");
        }
    }

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
    fn columns_on_long_lines_count_characters_and_utf16_units() {
        let line = "æ😀x".repeat(3000);
        let text = format!("ab\n{line}");
        let idx = LineIndex::new(&text);
        for (i, (off, _)) in text.char_indices().enumerate().step_by(97) {
            let start = text[..off].rfind('\n').map_or(0, |n| n + 1);
            let want = text[start..off].chars().count() + 1;
            let want16 = text[start..off].encode_utf16().count() + 1;
            assert_eq!(idx.char_column(&text, off), want, "char {i} at {off}");
            assert_eq!(idx.utf16_column(&text, off), want16, "char {i} at {off}");
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "ab\rcd\r\nef\ngh\r";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(3), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_col(7), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_col(10), LineCol { line: 4, column: 1 });
        assert_eq!(idx.line_range(text, 1), Some(0..2));
        assert_eq!(idx.line_range(text, 2), Some(3..5));
        assert_eq!(idx.line_range(text, 3), Some(7..9));
        assert_eq!(idx.line_range(text, 4), Some(10..12));
        assert_eq!(idx.line_count(), 4);
        // A CR-only file has as many lines as its LF twin.
        assert_eq!(LineIndex::new("a\rb\rc").line_count(), 3);
        assert_eq!(
            LineIndex::new("\r\r").line_col(1),
            LineCol { line: 2, column: 1 }
        );
    }

    #[test]
    fn units_count_characters_and_utf16_units_in_long_runs() {
        for text in [
            "",
            "a",
            "æøå",
            "😀x",
            &"æ😀x".repeat(700),
            &"a".repeat(1000),
        ] {
            for cut in [0, 1, 254, 255, 256, 600, text.len()] {
                let cut = floor_char_boundary(text, cut);
                let s = &text[..cut];
                let want = (s.chars().count(), s.encode_utf16().count());
                assert_eq!(units(s.as_bytes()), want, "{s:?}");
            }
        }
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let text = "a\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(99), LineCol { line: 2, column: 1 });
        assert_eq!(idx.offset(9, 1), None);
        assert_eq!(LineIndex::new("").line_count(), 1);
    }

    #[test]
    fn places_give_back_what_the_index_places() {
        let text = "# Titel\r\næ😀 b\rc\n\nd";
        let idx = LineIndex::new(text);
        let offsets = [0, 3, 9, 10, 14, 17, text.len(), text.len() + 5];
        let places = Places::of(text, offsets.iter().copied().chain([3, 0]));
        for o in offsets {
            assert_eq!(places.get(o), Some(idx.place(text, o)), "{o}");
        }
        assert!(places.covers(&offsets));
        assert!(!places.covers(&[1]));
        assert_eq!(places.get(1), None);
        // An offset no page can reach is not kept: the page is read instead.
        let far = usize::try_from(u64::from(u32::MAX) + 1).unwrap_or(usize::MAX);
        assert!(!Places::of(text, [0, far]).covers(&[far]));
    }
}
