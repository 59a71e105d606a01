//! Parse once: a file's text becomes a [`Document`] of plain, `Send` facts with byte ranges.
//!
//! The comrak arena lives only inside [`Document::parse`]; rules see the facts.

pub mod abbr;
pub mod admonition;
pub mod fences;
pub mod front_matter;
pub mod html;
pub mod icon;
pub mod keys;
pub mod line_index;
pub mod prose_code;
pub mod pymdown_blocks;
pub mod refdef;
mod rehead;
mod spare;
pub mod tabs;
#[cfg(test)]
mod tests;
mod walk;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::wikijs::slug::TocSlugs;

pub use crate::util::io_message;
pub use admonition::Admonition;
pub use front_matter::FrontMatter;
pub use html::{Attr, HtmlTag, Name, TagKind};
pub use line_index::{LineCol, LineIndex, Place, Places};
pub use walk::attr_block_after as walk_attr_block_after;
pub use walk::{
    attr_list_id, attr_list_tokens, close_outside_quotes, leading_attr_list, split_trailing_attrs,
};
pub use walk::{comrak_options, comrak_options_for, holds_markup, is_delimiter_row};

/// The Markdown dialect a page is written in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// MkDocs Material: `!!!` admonitions, attr_list, `.md` links, Python-Markdown slugs.
    Mkdocs,
    /// Wiki.js 2.5's markdown-it pipeline.
    Wikijs,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Mkdocs => "mkdocs",
            Dialect::Wikijs => "wikijs",
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where a page's dialect came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DialectSource {
    Config,
    Detected,
}

/// Why a file could not be read as a page. Each names the file and, where there is one, the
/// byte offset with its 1-based line and byte column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("file is not valid UTF-8 (invalid byte at offset {})", .at.offset)]
    InvalidUtf8 { at: Position },
    #[error("file looks binary (NUL byte at offset {})", .at.offset)]
    Binary { at: Position },
    #[error("file is UTF-16 encoded; guide pages must be UTF-8 (save it again as UTF-8)")]
    Utf16 { at: Position },
    #[error(
        "blocks nested {depth} levels deep (quotes and lists); guide-lint reads at most {MAX_NESTING}"
    )]
    TooDeep { depth: usize, at: Position },
    #[error(
        "file is {} MiB; guide-lint reads pages of at most {} MiB (is it a guide page?)",
        .size.div_ceil(1 << 20), .limit >> 20
    )]
    TooLarge { size: u64, limit: u64 },
}

impl ReadError {
    /// Where in the file the problem is, when it is at a place.
    pub fn position(&self) -> Option<Position> {
        match self {
            ReadError::Io(_) | ReadError::TooLarge { .. } => None,
            ReadError::InvalidUtf8 { at }
            | ReadError::Binary { at }
            | ReadError::Utf16 { at }
            | ReadError::TooDeep { at, .. } => Some(*at),
        }
    }
}

/// A byte offset with its 1-based line and byte column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of `offset` in `bytes` (which need not be valid UTF-8).
    pub fn in_bytes(bytes: &[u8], offset: usize) -> Position {
        let offset = offset.min(bytes.len());
        let before = &bytes[..offset];
        // Lines end at `\n`, `\r\n` or a lone `\r`, as in [`LineIndex`].
        let ends = |i: usize, b: u8| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        let line = before
            .iter()
            .enumerate()
            .filter(|&(i, &b)| ends(i, b))
            .count()
            + 1;
        let line_start = before
            .iter()
            .enumerate()
            .rposition(|(i, &b)| ends(i, b))
            .map_or(0, |i| i + 1);
        Position {
            offset,
            line,
            column: offset - line_start + 1,
        }
    }
}

/// Deepest nesting of block quotes and list items [`Document::from_file_text`] accepts. Guides nest a few
/// levels; a file nested thousands deep is a mistake or an attack, and every level costs the
/// parser a node.
pub const MAX_NESTING: usize = 1000;

/// A heading with its anchor id in the page's dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The whole heading block.
    pub range: Range<usize>,
    /// The heading's rendered text (markup removed, inline code kept), without a trailing
    /// `{#id}` / `{.class}` attribute block.
    pub text: String,
    /// A leading number such as `2.` or `3.1`, when present.
    pub number: Option<String>,
    /// The id the dialect gives the heading (explicit `{#id}` wins), after de-duplication.
    pub id: String,
    /// An explicit `{#id}`, when written.
    pub explicit_id: Option<String>,
    /// The text the id is made from when it is not `text`: without the alt text of images
    /// (no text of the rendered heading) and the attribute lists right after an inline element
    /// (`` `x`{ .py } ``), which attr_list and markdown-it-attrs take as that element's.
    pub slug_text: Option<String>,
    /// Whether the heading carries the `{.tabset}` class (written at the end of its first
    /// line): Wiki.js makes its subheadings tabs.
    pub tabset: bool,
    /// Whether the heading is written with its level's `#` marks at the start of its range
    /// (`## Title`), rather than underlined (`Title` over `---`).
    pub atx: bool,
}

impl Heading {
    /// The heading's first line in `text` (its whole block for an ATX heading), without the
    /// line break: where a finding on the heading itself belongs.
    pub fn first_line(&self, text: &str) -> Range<usize> {
        let end = text
            .get(self.range.clone())
            .and_then(|s| s.find('\n'))
            .map_or(self.range.end, |n| self.range.start + n);
        self.range.start..end
    }
}

/// Whether a heading's source (its block, as written) carries the `{.tabset}` class at the end
/// of its first line: [`Heading::tabset`], read once per heading by the walk.
fn tabset_line(src: &str) -> bool {
    // The first line (`\r` before the `\n` goes with the trailing whitespace).
    // Plain byte loops: a heading's line is short, and a vectorised search's set-up would
    // cost more than reading it (three calls per heading on a page of 100,000 headings).
    let line = src
        .as_bytes()
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src, |n| &src[..n]);
    // No `}`: no attribute block (most headings), without reading the line again.
    if !line.as_bytes().contains(&b'}') {
        return false;
    }
    let (_, attrs) = split_trailing_attrs(line);
    attrs.is_some_and(|a| a.split_whitespace().any(|w| w == ".tabset"))
}

/// Indices into `doc.headings` of the headings Wiki.js turns into tabsets and tabs: each
/// `{.tabset}` heading of level N, and the level N+1 headings after it up to the next heading
/// of level N or less. Linear: a heading is read by at most one tabset per level above it.
pub fn tabset_headings(doc: &Document) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        if !h.tabset {
            continue;
        }
        out.push(i);
        for (j, t) in doc.headings.iter().enumerate().skip(i + 1) {
            if t.level <= h.level {
                break;
            }
            if t.level == h.level + 1 {
                out.push(j);
            }
        }
    }
    out
}

/// A tabset heading shallower than the section it is written in (`# Apps {.tabset}` under
/// `## 2. Install the apps`): Wiki.js makes every following heading one level below it a tab,
/// up to the next heading of the tabset's own level, so the sections after it become tabs
/// (seen when a tab is numbered like a section: `## 3. Save your password`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwallowingTabset {
    /// Index into `doc.headings` of the `{.tabset}` heading.
    pub tabset: usize,
    /// Index of the heading of the section the tabset is written in.
    pub section: usize,
    /// Indices of the headings Wiki.js makes its tabs.
    pub tabs: Vec<usize>,
}

/// The tabsets of a page that take in the sections after them (see [`SwallowingTabset`]).
pub fn swallowing_tabsets(doc: &Document) -> Vec<SwallowingTabset> {
    let mut out: Vec<SwallowingTabset> = Vec::new();
    // Per heading, whether an earlier tabset made it a tab: a tabset marks only headings after
    // it, so a heading's mark is final once the walk reaches it.
    let mut in_tabs = vec![false; doc.headings.len()];
    // The nearest heading so far that is no tabset or tab: the section a tabset is written in
    // (kept as the walk goes, not searched for: a page of thousands of tabsets).
    let mut section: Option<usize> = None;
    for (i, h) in doc.headings.iter().enumerate() {
        if !h.tabset {
            if !in_tabs[i] {
                section = Some(i);
            }
            continue;
        }
        let mut tabs = Vec::new();
        for (j, t) in doc.headings.iter().enumerate().skip(i + 1) {
            if t.level <= h.level {
                break;
            }
            if t.level == h.level + 1 {
                tabs.push(j);
                in_tabs[j] = true;
            }
        }
        // A tab numbered like a section (`## 3. Save your password`) was meant as one; a
        // tabset whose tabs are all named (`## Phone`) may be a top-level tabset on purpose.
        if let Some(section) = section
            && doc.headings[section].level > h.level
            && tabs.iter().any(|&k| doc.headings[k].number.is_some())
        {
            out.push(SwallowingTabset {
                tabset: i,
                section,
                tabs,
            });
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](url)` and reference links.
    Inline,
    /// `<https://...>` and bare URLs turned into links.
    Autolink,
    /// `![alt](src)`.
    Image,
}

/// A Markdown link or image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub range: Range<usize>,
    pub url: String,
    /// The destination as written, when it can be located in the source.
    pub url_range: Option<Range<usize>>,
    /// Link text or image alt text (plain).
    pub text: String,
    /// `{...}` attribute block directly after the link, as written (Wiki.js / attr_list).
    pub attrs: Option<(String, Range<usize>)>,
}

/// A Markdown block that carries prose: the units of translation and of text rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    pub kind: BlockKind,
    pub range: Range<usize>,
    /// Plain text: markup removed, code spans kept as their text, HTML tags removed.
    pub text: String,
    /// Ranges of the block's literal text pieces (Text nodes) in the file.
    pub pieces: Pieces,
    /// Nesting of containers around the block, outermost first (shared by the blocks that
    /// have the same).
    pub containers: std::sync::Arc<[Container]>,
}

/// The file ranges of a block's text pieces, read as a slice. Most blocks hold one piece,
/// kept without an allocation of its own.
#[derive(Clone)]
pub struct Pieces(PiecesRepr);

#[derive(Clone)]
enum PiecesRepr {
    One(Range<usize>),
    Many(Vec<Range<usize>>),
}

impl From<&[Range<usize>]> for Pieces {
    fn from(pieces: &[Range<usize>]) -> Self {
        Pieces(match pieces {
            [one] => PiecesRepr::One(one.clone()),
            _ => PiecesRepr::Many(pieces.to_vec()),
        })
    }
}

impl std::ops::Deref for Pieces {
    type Target = [Range<usize>];
    fn deref(&self) -> &[Range<usize>] {
        match &self.0 {
            PiecesRepr::One(one) => std::slice::from_ref(one),
            PiecesRepr::Many(many) => many,
        }
    }
}

impl std::ops::DerefMut for Pieces {
    fn deref_mut(&mut self) -> &mut [Range<usize>] {
        match &mut self.0 {
            PiecesRepr::One(one) => std::slice::from_mut(one),
            PiecesRepr::Many(many) => many,
        }
    }
}

impl PartialEq for Pieces {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Pieces {}

impl std::fmt::Debug for Pieces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<'a> IntoIterator for &'a Pieces {
    type Item = &'a Range<usize>;
    type IntoIter = std::slice::Iter<'a, Range<usize>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Pieces {
    type Item = &'a mut Range<usize>;
    type IntoIter = std::slice::IterMut<'a, Range<usize>>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Heading,
    Paragraph,
    TableCell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Container {
    BlockQuote,
    ListItem,
    Table,
    /// The body of a MkDocs admonition (index into `Document::admonitions`).
    Admonition(usize),
    FootnoteDefinition,
}

/// A blockquote, with the Wiki.js callout class that follows it when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockQuote {
    pub range: Range<usize>,
    /// The `{.is-info}` line's range and its class names, when the quote's last paragraph ends
    /// with an attribute line.
    pub class_line: Option<(Range<usize>, Vec<String>)>,
    /// What the quote's last block is (class placement depends on it).
    pub last_child: Option<&'static str>,
    /// Whether the quote is the last child of a list item.
    pub ends_list_item: bool,
    pub depth: usize,
}

/// A footnote definition that the page references (`[^note]: ...`), in the order the footnotes
/// are numbered: by their first reference, as Wiki.js (markdown-it-footnote) numbers them. An
/// unreferenced definition is none (comrak drops it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    /// Its label as written (`note`, `1`).
    pub name: String,
    /// How many references the page makes to it.
    pub references: u32,
    /// The definition.
    pub range: Range<usize>,
}

/// A body row of a table, as the page's parser reads the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row as written: from its first character (after a quote's markers and the
    /// indentation) to its last.
    pub range: Range<usize>,
    /// How many columns the table has: its header row's cells.
    pub columns: u32,
    /// Whether the table's header row is on the line right after a paragraph's text. comrak
    /// and markdown-it read a table there; Python-Markdown reads the lines as paragraph text.
    pub after_text: bool,
}

/// A paragraph that consists only of a `{...}` attribute block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrParagraph {
    pub range: Range<usize>,
    pub content: String,
}

/// An inline span of emphasis or strong emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emphasis {
    pub strong: bool,
    pub range: Range<usize>,
    /// Depth of enclosing `strong` nodes.
    pub inside_strong: usize,
}

/// A literal text node (after Markdown parsing), with its file range when it can be mapped
/// exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRun {
    pub text: String,
    pub range: Range<usize>,
    /// Whether `text` is byte-identical to the source at `range` (no escapes or entities).
    pub verbatim: bool,
}

/// A stretch of a text node that reads as it is written: the page's text at `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written<'d> {
    pub text: &'d str,
    pub range: Range<usize>,
}

impl TextRun {
    /// Where the character at `offset` of the run's text is written in `source` (a backslash
    /// escape's backslash for the character it escapes; `offset` at the text's end gives the
    /// run's end). `None` past the first difference other than an escape (an entity).
    pub fn source_offset(&self, source: &str, offset: usize) -> Option<usize> {
        if self.verbatim {
            return (offset <= self.text.len()).then(|| self.range.start + offset);
        }
        let src = source.get(self.range.clone())?.as_bytes();
        let t = self.text.as_bytes();
        let (mut i, mut j) = (0, 0);
        while j < offset {
            i += step(src, t, i, j)?.source_len();
            j += 1;
        }
        Some(self.range.start + i)
    }

    /// The stretches of the run that read as written, in order: the whole run when it is
    /// verbatim; else the stretches between the backslash escapes the parse decoded (an
    /// escaped character is no part of any: `\*` is no emphasis marker), up to the first
    /// other difference (an entity), after which nothing is read.
    pub fn written<'d>(&self, source: &'d str) -> Vec<Written<'d>> {
        let Some(src) = source.get(self.range.clone()) else {
            return Vec::new();
        };
        let at = |r: Range<usize>| Written {
            text: &src[r.clone()],
            range: self.range.start + r.start..self.range.start + r.end,
        };
        if self.verbatim {
            return vec![at(0..src.len())];
        }
        let (s, t) = (src.as_bytes(), self.text.as_bytes());
        let (mut i, mut j, mut from) = (0, 0, 0);
        let mut out = Vec::new();
        while let Some(st) = step(s, t, i, j) {
            if st == Step::Escape && from < i {
                out.push(at(from..i));
            }
            i += st.source_len();
            j += 1;
            if st == Step::Escape {
                from = i;
            }
        }
        // A difference inside a character: the stretch ends before it.
        while !src.is_char_boundary(i) {
            i -= 1;
        }
        if from < i {
            out.push(at(from..i));
        }
        out
    }
}

/// How a text node's source reads against its decoded text at one character: the same byte,
/// or a backslash escape of an ASCII punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same,
    Escape,
}

impl Step {
    /// The source bytes the step reads.
    fn source_len(self) -> usize {
        match self {
            Step::Same => 1,
            Step::Escape => 2,
        }
    }
}

/// The step at source byte `i` and text byte `j`; `None` at either end or at any other
/// difference (an entity).
fn step(src: &[u8], text: &[u8], i: usize, j: usize) -> Option<Step> {
    let (&a, &b) = (src.get(i)?, text.get(j)?);
    if a == b {
        Some(Step::Same)
    } else if a == b'\\' && src.get(i + 1) == Some(&b) && b.is_ascii_punctuation() {
        Some(Step::Escape)
    } else {
        None
    }
}

/// A pymdownx.snippets include on a page: its first line (without indentation), and the file
/// names it gives, each with its range (a name as written, line ranges or section included).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SnippetNotation {
    pub line: Range<usize>,
    pub names: Vec<(Range<usize>, String)>,
}

impl SnippetNotation {
    /// The file names, backquoted (`` `README.md` ``), of the includes in `list` (a page's, in
    /// page order) whose line overlaps `range`: what is placed there came from those files.
    pub fn names_at(list: &[SnippetNotation], range: &Range<usize>) -> Vec<String> {
        let first = list.partition_point(|s| s.line.end <= range.start);
        list[first..]
            .iter()
            .take_while(|s| s.line.start < range.end)
            .flat_map(|s| &s.names)
            .map(|(_, name)| format!("`{name}`"))
            .collect()
    }
}

/// Everything the rules need to know about one file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as given or discovered (used in output).
    pub path: PathBuf,
    /// The file's text as read (BOM included), except that every lone `\r` (a line ending of
    /// its own, old Mac style) is `\n`: rules, the parser and the renderers see one line
    /// structure in every line-ending style. Same length and byte offsets as the file; the file's
    /// own bytes are [`Document::source_text`].
    pub text: String,
    /// Offsets of the lone `\r` bytes of the file that `text` shows as `\n`.
    pub lone_crs: Vec<usize>,
    pub lines: LineIndex,
    /// Length of a leading UTF-8 byte order mark (0 or 3).
    pub bom: usize,
    pub dialect: Dialect,
    pub dialect_source: DialectSource,
    /// How the page's MkDocs site makes heading ids (`toc`'s `slugify` and `separator`): the
    /// page's heading ids were computed so, and a text parsed in its place is parsed so.
    pub toc: TocSlugs,
    pub front_matter: Option<FrontMatter>,
    pub admonitions: Vec<Admonition>,
    /// Offsets of the lines the MkDocs pass read as content tab markers (`=== "Title"`), which
    /// comrak sees blank: a code block it reports across one is two blocks on the MkDocs page.
    pub tab_marker_lines: Vec<usize>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Inline code spans (whole span, backticks included).
    pub code_spans: Vec<Range<usize>>,
    /// Fenced and indented code blocks, and math.
    pub code_blocks: Vec<Range<usize>>,
    /// Where each indented code block starts (its text after the indentation, as in
    /// `code_blocks`), in page order: a block whose text is a fence line (```` ```py ````
    /// indented to show the syntax) is no fenced block.
    pub indented_code: Vec<usize>,
    /// Where each fenced code block that no closing fence ends starts, in page order: it runs
    /// to the end of the page or of its quote or list item (GL330).
    pub unclosed_fences: Vec<usize>,
    pub html: Vec<HtmlTag>,
    pub blocks: Vec<TextBlock>,
    pub quotes: Vec<BlockQuote>,
    pub attr_paragraphs: Vec<AttrParagraph>,
    /// The referenced footnotes ([`Footnote`]), numbered from 1 in this order.
    pub footnotes: Vec<Footnote>,
    /// Detection found no `:` in the body that starts a Material icon
    /// ([`icon::may_have_icon`]): GL301 and build need not look again. False when detection
    /// did not look (a configured dialect, a header that decided).
    pub icons_ruled_out: bool,
    pub emphasis: Vec<Emphasis>,
    pub texts: Vec<TextRun>,
    /// List items (whole item).
    pub list_items: Vec<Range<usize>>,
    /// Tables' body rows, in page order.
    pub table_rows: Vec<TableRow>,
    /// Soft line breaks inside paragraphs: from the end of a line's text (trailing spaces
    /// included) to the start of the next line's text (container markers such as `> ` and
    /// indentation included). Markdown renders them as a space; Wiki.js (`breaks: true`) as a
    /// line break.
    pub soft_breaks: Vec<Range<usize>>,
    /// For [`Document::in_code`]: per code span (and code block), the furthest end among it and
    /// the 63 before it.
    code_reach: (Vec<usize>, Vec<usize>),
}

impl Document {
    /// Hands the page's fact lists, emptied, to the next page parsed on this thread, which then
    /// rarely grows them ([`spare`]). The document keeps its text and everything else, with
    /// those lists empty (and no code, for [`Document::in_code`]): call it once nothing reads
    /// them any more.
    pub fn recycle_lists(&mut self) {
        spare::give(self);
        self.code_reach = Default::default();
    }

    /// The page's text nodes as written ([`TextRun::written`]), in page order, for the rules
    /// that read the page's text at a text's range: a node holding a backslash escape is read
    /// in the stretches around it rather than not at all.
    pub fn written_texts(&self) -> impl Iterator<Item = Written<'_>> {
        self.texts.iter().flat_map(move |t| self.written(t))
    }

    /// One text node's stretches as written ([`Document::written_texts`]), each within the
    /// node's range: a rule can first look at the range as a whole.
    pub fn written<'d>(&'d self, t: &TextRun) -> impl Iterator<Item = Written<'d>> + use<'d> {
        // A verbatim run (nearly all) without a list made for it.
        let (one, parts) = if t.verbatim {
            let one = self.text.get(t.range.clone()).map(|text| Written {
                text,
                range: t.range.clone(),
            });
            (one, Vec::new())
        } else {
            (None, t.written(&self.text))
        };
        one.into_iter().chain(parts)
    }

    /// Parses a page's text (read by the loader, `src/loader.rs`, within its size limit) after
    /// the nesting limits: fails on nesting deeper than [`MAX_NESTING`], however written.
    pub fn from_file_text(
        path: &Path,
        text: String,
        dialect: Option<Dialect>,
        toc: TocSlugs,
    ) -> Result<Document, ReadError> {
        check_nesting(&text)?;
        let (doc, depth) = walk::parse_measured(path.to_path_buf(), text, dialect, toc);
        if let Some(at) = depth.first_over {
            // Nesting the line scan cannot see (list items indented one level per line).
            return Err(ReadError::TooDeep {
                depth: depth.max,
                at: Position::in_bytes(doc.text.as_bytes(), at),
            });
        }
        Ok(doc)
    }

    /// Parses a text. Never fails: whatever the text, the facts describe what a Markdown reader
    /// would see.
    pub fn parse(path: PathBuf, text: String, dialect: Option<Dialect>) -> Document {
        walk::parse(path, text, dialect, TocSlugs::default())
    }

    /// [`Document::parse`] with a MkDocs site's heading ids ([`TocSlugs`]).
    pub fn parse_with_toc(
        path: PathBuf,
        text: String,
        dialect: Option<Dialect>,
        toc: TocSlugs,
    ) -> Document {
        walk::parse(path, text, dialect, toc)
    }

    /// The file's text exactly as read: `text` with its lone `\r` line endings put back. Fixes
    /// are applied to this, so a file keeps its line endings.
    pub fn source_text(&self) -> std::borrow::Cow<'_, str> {
        if self.lone_crs.is_empty() {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut bytes = self.text.as_bytes().to_vec();
        for &i in &self.lone_crs {
            if bytes.get(i) == Some(&b'\n') {
                bytes[i] = b'\r';
            }
        }
        // Only an ASCII byte was replaced by another.
        std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| self.text.clone()))
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(offset)
    }

    /// Whether `offset` falls inside inline code, a code block or math: inside one of the 64
    /// last spans (and blocks) that start at or before it. A binary search and one comparison.
    pub fn in_code(&self, offset: usize) -> bool {
        let hit = |v: &Vec<Range<usize>>, reach: &Vec<usize>| {
            let i = v.partition_point(|r| r.start <= offset);
            i > 0 && reach.get(i - 1).is_some_and(|&end| end > offset)
        };
        debug_assert_eq!(self.code_reach.0.len(), self.code_spans.len());
        debug_assert_eq!(self.code_reach.1.len(), self.code_blocks.len());
        hit(&self.code_spans, &self.code_reach.0) || hit(&self.code_blocks, &self.code_reach.1)
    }

    /// [`Document::in_code`] for a rule that asks it at (mostly) increasing offsets: each
    /// answer is `in_code`'s, found by stepping through the spans and blocks from the last
    /// offset asked instead of by two binary searches.
    pub fn code_cursor(&self) -> CodeCursor<'_> {
        CodeCursor {
            #[cfg(debug_assertions)]
            doc: self,
            spans: ReachCursor::new(&self.code_spans, &self.code_reach.0),
            blocks: ReachCursor::new(&self.code_blocks, &self.code_reach.1),
        }
    }

    /// Fills [`Document::in_code`]'s lookup from the sorted code spans and blocks.
    fn index_code(&mut self) {
        self.code_reach = (
            window_reach(&self.code_spans),
            window_reach(&self.code_blocks),
        );
    }

    /// The `::: identifier` lines outside code: the blocks mkdocstrings (and plugins built like
    /// it, mkdocs-click) replace with generated documentation when a MkDocs site is built (on a
    /// Wiki.js page, text). Each line's range, without its line break.
    pub fn injection_lines(&self) -> Vec<Range<usize>> {
        let body = self.body_start();
        let Some(text) = self.text.get(body..) else {
            return Vec::new();
        };
        memchr::memmem::find_iter(text.as_bytes(), b"::: ")
            .filter_map(|i| {
                let at = body + i;
                let start = self.lines.line_start_at(at);
                let rest = &self.text[at + 4..];
                // The identifier: the line's first word (a build joins the options under it).
                let line = rest.split(['\n', '\r']).next().unwrap_or("");
                let ident = line.split(char::is_whitespace).next().unwrap_or("");
                (self.text[start..at].trim().is_empty()
                    && ident.starts_with(|c: char| c.is_alphabetic() || c == '_')
                    && !self.in_code(at))
                .then(|| start..at + 4 + line.trim_end().len())
            })
            .collect()
    }

    /// Whether a fenced block's info string asks markdown-exec to run it (`exec="true"`, or
    /// `1`, `yes`, `on`): the site shows what the code prints, headings and ids included.
    pub fn has_exec_fence(&self) -> bool {
        self.code_blocks.iter().any(|r| {
            let first = self
                .text
                .get(r.clone())
                .and_then(|t| t.lines().next())
                .unwrap_or("");
            let info = first.trim_start();
            (info.starts_with("```") || info.starts_with("~~~"))
                && info.split([' ', '{', '}']).any(|w| {
                    w.strip_prefix("exec=").is_some_and(|v| {
                        matches!(
                            v.trim_matches(['"', '\'']).to_ascii_lowercase().as_str(),
                            "true" | "1" | "yes" | "on"
                        )
                    })
                })
        })
    }

    /// pymdownx.snippets' notation outside code: each include line (`--8<-- "file.md"`, any
    /// number of dashes, one at least on each side) and each block of file names (`--8<--`
    /// alone, reported once, at its first line), as the range of the line without its
    /// indentation. A `;` before the marker escapes it.
    pub fn snippet_lines(&self) -> Vec<Range<usize>> {
        self.snippets().into_iter().map(|s| s.line).collect()
    }

    /// pymdownx.snippets' notation outside code, with the file names it gives (see
    /// [`Document::snippet_lines`]).
    pub fn snippets(&self) -> Vec<SnippetNotation> {
        static SNIPPET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r#"^[ \t]*-+8<-+(?:[ \t]+(?:"([^"\n]+)"|'([^'\n]+)'))?[ \t]*$"#)
                .expect("valid regex")
        });
        let mut out: Vec<SnippetNotation> = Vec::new();
        if crate::util::find_bytes!(self.text.as_bytes(), b"8<-").is_none() {
            return out;
        }
        // A marker alone opens a block of file names, which the next one closes.
        let mut in_block = false;
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            let caps = if line.contains("8<-") {
                SNIPPET.captures(line)
            } else {
                None
            };
            let Some(c) = caps else {
                // A file name in an open block.
                if in_block && let Some(block) = out.last_mut() {
                    let name = line.trim();
                    if !name.is_empty() && !name.starts_with(';') {
                        let at = start + (line.len() - line.trim_start().len());
                        block.names.push((at..at + name.len(), name.to_string()));
                    }
                }
                continue;
            };
            let indent = line.len() - line.trim_start().len();
            if self.in_code(start + indent) {
                continue;
            }
            let range = start + indent..start + line.len();
            match c.get(1).or_else(|| c.get(2)) {
                Some(name) if !in_block => out.push(SnippetNotation {
                    line: range,
                    names: vec![(
                        start + name.start()..start + name.end(),
                        name.as_str().to_string(),
                    )],
                }),
                // An include line directly in a block is left out.
                Some(_) => {}
                None => {
                    in_block = !in_block;
                    if in_block {
                        out.push(SnippetNotation {
                            line: range,
                            names: Vec::new(),
                        });
                    }
                }
            }
        }
        out
    }

    /// The page's body: everything after the front matter.
    pub fn body_start(&self) -> usize {
        self.front_matter.as_ref().map_or(self.bom, |f| f.range.end)
    }

    /// The admonition whose header or body contains `offset`.
    pub fn admonition_at(&self, offset: usize) -> Option<&Admonition> {
        self.admonitions.iter().rfind(|a| {
            a.header_range.start <= offset && offset < a.body_range.end.max(a.header_range.end)
        })
    }
}

impl Document {
    /// Every Wiki.js sized image (`![alt](src =WxH)`) in the page's literal text, code left out.
    ///
    /// Found from the page's `![` (one vectorised search) rather than by testing each of its
    /// texts, most of which (thousands on a page) have none: the text that holds each `![` is
    /// looked up by range. That needs the texts in order and apart, as the walk makes them;
    /// otherwise each text is tested ([`Document::sized_images_text_by_text`]).
    pub fn sized_images(&self) -> Vec<crate::wikijs::imsize::SizedImage> {
        let texts = &self.texts;
        if !texts.windows(2).all(|w| w[0].range.end <= w[1].range.start) {
            return self.sized_images_text_by_text();
        }
        // A verbatim text is the page's text at its range: it has an `![` when one lies in it.
        let mut holders: Vec<&TextRun> = Vec::new();
        let mut last = None;
        for at in memchr::memmem::find_iter(self.text.as_bytes(), b"![") {
            let k = texts.partition_point(|t| t.range.start <= at);
            let Some(t) = k.checked_sub(1).map(|k| &texts[k]) else {
                continue;
            };
            if at + 2 <= t.range.end && last != Some(k) {
                last = Some(k);
                if t.verbatim && !self.in_code(t.range.start) {
                    holders.push(t);
                }
            }
        }
        crate::wikijs::imsize::sized_images_in(
            holders.iter().map(|t| (t.text.as_str(), t.range.start)),
        )
    }

    /// [`Document::sized_images`] by testing each of the page's texts.
    pub(crate) fn sized_images_text_by_text(&self) -> Vec<crate::wikijs::imsize::SizedImage> {
        // A page without `![` (one vectorised search) has none: its texts are not walked (a
        // page of a million emphasis markers is a million texts).
        if crate::util::find_bytes!(self.text.as_bytes(), b"![").is_none() {
            return Vec::new();
        }
        crate::wikijs::imsize::sized_images_in(
            self.texts
                .iter()
                .filter(|t| {
                    t.verbatim
                        && crate::wikijs::imsize::has_image_open(&t.text)
                        && !self.in_code(t.range.start)
                })
                .map(|t| (t.text.as_str(), t.range.start)),
        )
    }
}

/// [`Document::code_cursor`]: [`Document::in_code`] asked at increasing offsets.
pub struct CodeCursor<'a> {
    #[cfg(debug_assertions)]
    doc: &'a Document,
    spans: ReachCursor<'a>,
    blocks: ReachCursor<'a>,
}

impl CodeCursor<'_> {
    /// Whether `offset` falls inside inline code, a code block or math: what
    /// [`Document::in_code`] answers.
    #[inline]
    pub fn in_code(&mut self, offset: usize) -> bool {
        let hit = self.spans.hit(offset) || self.blocks.hit(offset);
        #[cfg(debug_assertions)]
        debug_assert_eq!(hit, self.doc.in_code(offset), "{offset}");
        hit
    }
}

/// One of [`Document::in_code`]'s look-ups (ranges sorted by start, with their window reach),
/// with the count of ranges that start at or before the last offset asked.
struct ReachCursor<'a> {
    ranges: &'a [Range<usize>],
    reach: &'a [usize],
    /// `ranges.partition_point(|r| r.start <= last)` for the last offset asked (0 at first).
    i: usize,
}

impl<'a> ReachCursor<'a> {
    fn new(ranges: &'a [Range<usize>], reach: &'a [usize]) -> Self {
        ReachCursor {
            ranges,
            reach,
            i: 0,
        }
    }

    /// `in_code`'s answer on these ranges: the partition point is moved from the last one, a
    /// few steps forward at most before a binary search of the rest, or searched again when
    /// the offset lies before the last.
    #[inline]
    fn hit(&mut self, offset: usize) -> bool {
        let i = crate::util::partition_from(self.ranges, self.i, offset);
        self.i = i;
        i > 0 && self.reach.get(i - 1).is_some_and(|&end| end > offset)
    }
}

/// How many of the ranges starting at or before an offset [`Document::in_code`] looks at.
const CODE_WINDOW: usize = 64;

/// Per range of `ranges` (sorted by start), the largest end among it and the
/// [`CODE_WINDOW`]` - 1` ranges before it: a sliding maximum, in one pass of blocks (the
/// maximum of a window is that of a block's suffix and the next block's prefix).
fn window_reach(ranges: &[Range<usize>]) -> Vec<usize> {
    let ends: Vec<usize> = ranges.iter().map(|r| r.end).collect();
    let n = ends.len();
    // Ends that never decrease (spans side by side, the usual case): each is its window's
    // maximum.
    if ends.windows(2).all(|w| w[0] <= w[1]) {
        return ends;
    }
    let w = CODE_WINDOW;
    let mut prefix = ends.clone();
    let mut suffix = ends.clone();
    for i in 1..n {
        if i % w != 0 {
            prefix[i] = prefix[i].max(prefix[i - 1]);
        }
    }
    for i in (0..n.saturating_sub(1)).rev() {
        if (i + 1) % w != 0 {
            suffix[i] = suffix[i].max(suffix[i + 1]);
        }
    }
    (0..n)
        .map(|i| {
            if i + 1 < w {
                prefix[i]
            } else {
                suffix[i + 1 - w].max(prefix[i])
            }
        })
        .collect()
}

/// Decodes a file's bytes: invalid UTF-8 and binary content are errors with a position.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if looks_utf16(&bytes) {
        return Err(ReadError::Utf16 {
            at: Position::in_bytes(&bytes, 0),
        });
    }
    let head = &bytes[..bytes.len().min(8192)];
    // memchr's search reads 32 bytes a step; the standard library's `contains` on bytes reads 8.
    if let Some(offset) = memchr::memchr(0, head) {
        return Err(ReadError::Binary {
            at: Position::in_bytes(&bytes, offset),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        ReadError::InvalidUtf8 {
            at: Position::in_bytes(e.as_bytes(), offset),
        }
    })
}

/// A UTF-16 byte order mark, or text whose every other byte is NUL (UTF-16 without a mark, as
/// Windows editors save "Unicode"): mostly ASCII text in UTF-16 would otherwise look binary.
fn looks_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(512) & !1];
    // Without a NUL neither half of the pairs is mostly NUL (the usual case, one search).
    if head.len() < 4 || memchr::memchr(0, head).is_none() {
        return false;
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    // ASCII in UTF-16: one byte of each pair is NUL, the other almost never.
    (odd * 10 >= pairs * 9 && even * 10 < pairs) || (even * 10 >= pairs * 9 && odd * 10 < pairs)
}

/// Rejects text whose lines open more than [`MAX_NESTING`] quote or list levels (`>>>>...`,
/// `- - - ...`, `1. 1. ...`), counted from the container markers at each line's start. No
/// allocation, and only lines long enough to hold that many markers are read.
pub fn check_nesting(text: &str) -> Result<(), ReadError> {
    check_nesting_over(text, MAX_NESTING)
}

/// [`check_nesting`] with the limit given. Each marker takes at least a byte, so a line over
/// `limit` is more than `limit` bytes long: the scan jumps a window of `limit + 1` bytes at a
/// time to the last line break in it (every line starting before that break is shorter), and
/// reads the markers only of a line that fills a window.
fn check_nesting_over(text: &str, limit: usize) -> Result<(), ReadError> {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    while bytes.len() - line_start > limit {
        let window = &bytes[line_start..line_start + limit + 1];
        if let Some(last) = memchr::memrchr2(b'\n', b'\r', window) {
            line_start += last + 1;
            continue;
        }
        let (depth, over, prefix_end) = container_markers(bytes, line_start, limit);
        if let Some(at) = over {
            return Err(ReadError::TooDeep {
                depth,
                at: Position::in_bytes(bytes, at),
            });
        }
        line_start = match memchr::memchr2(b'\n', b'\r', &bytes[prefix_end..]) {
            Some(n) => prefix_end + n + 1,
            None => bytes.len(),
        };
    }
    Ok(())
}

/// The container markers at the start of the line at `start`: their number, the offset of the
/// first one past `limit`, and where the markers end.
fn container_markers(bytes: &[u8], start: usize, limit: usize) -> (usize, Option<usize>, usize) {
    let mut i = start;
    let mut depth = 0;
    let mut over = None;
    loop {
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let len = match bytes.get(i) {
            Some(b'>') => 1,
            Some(b'-' | b'*' | b'+') if matches!(bytes.get(i + 1), Some(b' ' | b'\t')) => 1,
            Some(b'0'..=b'9') => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                match (bytes.get(i + digits), bytes.get(i + digits + 1)) {
                    (Some(b'.' | b')'), Some(b' ' | b'\t')) if digits <= 9 => digits + 1,
                    _ => 0,
                }
            }
            _ => 0,
        };
        if len == 0 {
            return (depth, over, i);
        }
        depth += 1;
        if depth > limit && over.is_none() {
            over = Some(i);
        }
        i += len;
    }
}
