//! The open documents: their text as the editor has it, and the conversion between the byte
//! offsets guide-lint works in and LSP positions (line and UTF-16 code unit).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use lsp_types::{Position, Range as LspRange, TextDocumentContentChangeEvent, Uri};

/// Line starts of a text, kept up to date through edits. A line ends at `\n`, `\r\n` or a
/// lone `\r`, as LSP positions count lines (and as the pages are read, docs/hostile-input.md).
#[derive(Debug, Clone, Default)]
pub struct Lines {
    starts: Vec<usize>,
}

/// Whether a line starts at byte `s` (at least 1) of `b`: after a `\n`, or after a `\r` that
/// no `\n` follows (as [`line_starts`](crate::document::line_index::line_starts) reads a
/// whole text; this, the bytes around an edit).
fn starts_line(b: &[u8], s: usize) -> bool {
    match b.get(s.wrapping_sub(1)) {
        Some(b'\n') => true,
        Some(b'\r') => b.get(s) != Some(&b'\n'),
        _ => false,
    }
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines {
            starts: crate::document::line_index::line_starts(text),
        }
    }

    /// The byte offset of an LSP position: a line past the end is the end of the text, a
    /// character past the end of its line is the line's end (before its line break), and a
    /// position inside a surrogate pair is the character's start.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        let line_text = text.get(start..end).unwrap_or("");
        // Without its line break (`\n`, `\r\n` or `\r`).
        let line_text = match line_text.strip_suffix('\n') {
            Some(l) => l.strip_suffix('\r').unwrap_or(l),
            None => line_text.strip_suffix('\r').unwrap_or(line_text),
        };
        let mut units = 0usize;
        for (i, c) in line_text.char_indices() {
            let next = units + c.len_utf16();
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        start + line_text.len()
    }

    /// The LSP position of a byte offset (clamped to the text, and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = crate::document::line_index::floor_char_boundary(text, offset.min(text.len()));
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let character: usize = text
            .get(start..offset)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, r: &Range<usize>) -> LspRange {
        LspRange::new(self.position(text, r.start), self.position(text, r.end))
    }

    /// Byte range of an LSP range (start and end ordered).
    pub fn byte_range(&self, text: &str, r: LspRange) -> Range<usize> {
        let a = self.offset(text, r.start);
        let b = self.offset(text, r.end);
        a.min(b)..a.max(b)
    }

    /// Updates the line starts after `range` of the old text was replaced, giving `text`
    /// (the new text) with `inserted` bytes in its place. Whether a line starts at a byte
    /// depends on the byte before it and itself (a `\r` then a `\n` is one break): the starts
    /// from `range.start` to one byte past the inserted text are read again, those before are
    /// kept and those after shifted.
    fn edited(&mut self, text: &str, range: &Range<usize>, inserted: usize) {
        let delta = inserted as isize - (range.end - range.start) as isize;
        let keep = self.starts.partition_point(|&s| s < range.start);
        let after = self.starts.partition_point(|&s| s <= range.end + 1);
        let tail: Vec<usize> = self.starts[after..]
            .iter()
            .map(|&s| (s as isize + delta) as usize)
            .collect();
        self.starts.truncate(keep.max(1));
        let b = text.as_bytes();
        let last = (range.start + inserted + 1).min(b.len());
        self.starts
            .extend((range.start.max(1)..=last).filter(|&s| starts_line(b, s)));
        self.starts.extend(tail);
    }
}

/// A document open in the editor.
#[derive(Debug, Clone)]
pub struct Doc {
    pub uri: Uri,
    pub path: PathBuf,
    pub version: i32,
    pub language: String,
    pub text: String,
    pub lines: Lines,
}

impl Doc {
    pub fn new(uri: Uri, path: PathBuf, version: i32, language: String, text: String) -> Doc {
        let lines = Lines::new(&text);
        Doc {
            uri,
            path,
            version,
            language,
            text,
            lines,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    pub fn offset(&self, pos: Position) -> usize {
        self.lines.offset(&self.text, pos)
    }

    pub fn range(&self, r: &Range<usize>) -> LspRange {
        self.lines.range(&self.text, r)
    }

    /// The LSP edit replacing `range` of the text with `content`. An LSP position cannot fall
    /// between the `\r` and the `\n` of a line break (the editor reads it as the line's end):
    /// an end of `range` there is moved out of the break, and the byte it takes in is put back
    /// in `content`, so that the edit makes the same text.
    pub fn text_edit(&self, range: &Range<usize>, content: &str) -> lsp_types::TextEdit {
        let b = self.text.as_bytes();
        let inside_break =
            |at: usize| at > 0 && b.get(at - 1) == Some(&b'\r') && b.get(at) == Some(&b'\n');
        let (mut start, mut end) = (range.start.min(b.len()), range.end.min(b.len()));
        let mut new_text = std::borrow::Cow::Borrowed(content);
        if inside_break(start) {
            start -= 1;
            new_text = format!("\r{new_text}").into();
        }
        if inside_break(end) {
            end += 1;
            new_text = format!("{new_text}\n").into();
        }
        lsp_types::TextEdit {
            range: self.range(&(start..end.max(start))),
            new_text: new_text.into_owned(),
        }
    }

    /// Applies the changes of one `didChange`, in order.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>) {
        for change in changes {
            match change.range {
                None => {
                    self.text = change.text;
                    self.lines = Lines::new(&self.text);
                }
                Some(r) => {
                    let range = self.lines.byte_range(&self.text, r);
                    self.text.replace_range(range.clone(), &change.text);
                    self.lines.edited(&self.text, &range, change.text.len());
                }
            }
        }
    }
}

/// The open documents, by path.
#[derive(Debug, Default)]
pub struct Store {
    docs: BTreeMap<PathBuf, Doc>,
}

impl Store {
    pub fn open(&mut self, doc: Doc) {
        self.docs.insert(doc.path.clone(), doc);
    }
    pub fn close(&mut self, path: &Path) -> Option<Doc> {
        self.docs.remove(path)
    }
    pub fn get(&self, path: &Path) -> Option<&Doc> {
        self.docs.get(path)
    }
    pub fn get_mut(&mut self, path: &Path) -> Option<&mut Doc> {
        self.docs.get_mut(path)
    }
    pub fn iter(&self) -> impl Iterator<Item = &Doc> {
        self.docs.values()
    }
    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.docs.keys()
    }
}

/// The file path of a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let url = url::Url::parse(uri.as_str()).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

/// The `file:` URI of a path (made absolute against the working directory).
pub fn path_uri(path: &Path) -> Option<Uri> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let url = url::Url::from_file_path(abs).ok()?;
    url.as_str().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::TextDocumentContentChangeEvent as Change;

    #[test]
    fn positions_count_utf16_code_units() {
        let text = "æø 😀x\r\nb\n";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap();
        // æ, ø and the space are one unit each; the emoji is two.
        assert_eq!(lines.position(text, x), Position::new(0, 5));
        assert_eq!(lines.offset(text, Position::new(0, 5)), x);
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(
            lines.offset(text, Position::new(0, 4)),
            text.find('😀').unwrap()
        );
        // Past the end of the line: before its CRLF.
        assert_eq!(lines.offset(text, Position::new(0, 99)), x + 1);
        assert_eq!(
            lines.offset(text, Position::new(1, 0)),
            text.find('b').unwrap()
        );
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(lines.position(text, text.len()), Position::new(2, 0));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        // As editors and the LSP specification count lines: `\n`, `\r\n` and a lone `\r`.
        let text = "a\rb\r\nc\rd\r";
        let lines = Lines::new(text);
        assert_eq!(lines.starts, vec![0, 2, 5, 7, 9]);
        let d = text.find('d').unwrap();
        assert_eq!(lines.position(text, d), Position::new(3, 0));
        assert_eq!(lines.offset(text, Position::new(3, 0)), d);
        // Past the end of line 0: before its `\r`.
        assert_eq!(lines.offset(text, Position::new(0, 9)), 1);
        // The empty line after the last `\r`.
        assert_eq!(lines.position(text, text.len()), Position::new(4, 0));
        // An edit that puts a `\n` after a lone `\r` makes one line break of the two.
        let uri: Uri = "file:///g/da/a.md".parse().unwrap();
        let mut doc = Doc::new(uri, "/g/da/a.md".into(), 1, "markdown".into(), text.into());
        doc.apply(vec![Change {
            range: Some(LspRange::new(Position::new(1, 0), Position::new(1, 0))),
            range_length: None,
            text: "\n".into(),
        }]);
        assert_eq!(doc.text, "a\r\nb\r\nc\rd\r");
        assert_eq!(doc.lines.starts, vec![0, 3, 6, 8, 10]);
    }

    #[test]
    fn incremental_edits_keep_the_line_index_right() {
        let uri: Uri = "file:///g/da/a.md".parse().unwrap();
        let mut doc = Doc::new(
            uri,
            "/g/da/a.md".into(),
            1,
            "markdown".into(),
            "one\ntwo\nthree\n".into(),
        );
        let edit = |l1, c1, l2, c2, t: &str| Change {
            range: Some(LspRange::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: t.into(),
        };
        doc.apply(vec![
            edit(1, 0, 1, 3, "2\nand a half"),
            edit(0, 3, 1, 0, " "),
            edit(9, 0, 9, 0, "end"),
        ]);
        assert_eq!(doc.text, "one 2\nand a half\nthree\nend");
        let fresh = Lines::new(&doc.text);
        assert_eq!(doc.lines.starts, fresh.starts);
        assert_eq!(
            doc.position(doc.text.find("end").unwrap()),
            Position::new(3, 0)
        );
    }

    /// A byte offset an editor can name: at a character's start, and not between the `\r` and
    /// the `\n` of a line break (LSP positions count `\r\n` as the line's end).
    fn nameable(text: &str, at: usize) -> bool {
        text.is_char_boundary(at)
            && !(at > 0 && text[..at].ends_with('\r') && text[at..].starts_with('\n'))
    }

    proptest::proptest! {
        /// Whatever ranges an editor sends (past the end of a line or of the text, inside a
        /// surrogate pair, reversed, at `u32::MAX`), an edit never splits a character, the line
        /// index stays the one a fresh read of the text gives, and every offset an editor can
        /// name goes to a position and back unchanged.
        #[test]
        fn any_edits_keep_text_and_line_index_consistent(
            text in "(a|æ|😀|\r\n|\n|\r| ){0,24}",
            edits in proptest::collection::vec(
                (0u32..8, proptest::prop_oneof![0u32..12, proptest::strategy::Just(u32::MAX)],
                 0u32..8, 0u32..12, proptest::option::of("(b|ø|🙂|\r\n|\n|\r){0,4}")),
                0..8,
            ),
        ) {
            let uri: Uri = "file:///g/da/a.md".parse().unwrap();
            let mut doc = Doc::new(uri, "/g/da/a.md".into(), 1, "markdown".into(), text);
            for (l1, c1, l2, c2, inserted) in edits {
                let change = match inserted {
                    Some(t) => Change {
                        range: Some(LspRange::new(Position::new(l1, c1), Position::new(l2, c2))),
                        range_length: None,
                        text: t,
                    },
                    None => Change { range: None, range_length: None, text: "x\r\ny".into() },
                };
                doc.apply(vec![change]);
                proptest::prop_assert_eq!(&doc.lines.starts, &Lines::new(&doc.text).starts);
                for at in (0..=doc.text.len()).filter(|&at| nameable(&doc.text, at)) {
                    proptest::prop_assert_eq!(doc.offset(doc.position(at)), at, "{:?}", doc.text);
                }
            }
        }
    }
}
