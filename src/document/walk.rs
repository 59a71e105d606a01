//! The single walk: text -> comrak AST -> facts. The arena never leaves this module.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::{Arena, Options, parse_document};

use super::{
    AttrParagraph, BlockKind, BlockQuote, Container, Dialect, DialectSource, Document, Emphasis,
    Heading, Link, LinkKind, Pieces, TextBlock, TextRun, admonition, front_matter, html,
    line_index::{LineIndex, ceil_char_boundary},
};
use crate::wikijs::slug::{
    SlugCounter, SlugStyle, TocSlugs, mkdocs_slug, wikijs_explicit_id, wikijs_slug,
};

/// Maps comrak's (line, column) positions in the prepared input back to file offsets.
struct Mapper<'t> {
    text: &'t str,
    lines: &'t LineIndex,
    removed: &'t [usize],
    /// The 0-based lines comrak read as [`admonition::STAND_IN`], in order.
    stand_ins: &'t [usize],
}

impl Mapper<'_> {
    /// File offset of a 1-based line and byte column of comrak's input.
    fn at(&self, line: usize, column: usize) -> usize {
        self.at_in(self.line_span(line), column)
    }

    /// File offset of a 1-based byte column of the line whose [`Mapper::line_span`] is given.
    fn at_in(&self, (base, end): (usize, usize), column: usize) -> usize {
        ceil_char_boundary(self.text, (base + column.saturating_sub(1)).min(end))
    }

    /// Where column 1 of comrak's 1-based `line` is in the file (the line's start plus what
    /// was removed from it), and where the line ends (the next line's start); past the last
    /// line, the end of the text for both.
    fn line_span(&self, line: usize) -> (usize, usize) {
        let i = line.max(1) - 1;
        let starts = self.lines.starts();
        let Some(&start) = starts.get(i) else {
            return (self.text.len(), self.text.len());
        };
        let removed = self.removed.get(i).copied().unwrap_or(0);
        let end = starts.get(i + 1).copied().unwrap_or(self.text.len());
        (start + removed, end)
    }

    /// Whether comrak's 1-based `line` is a header's or tab marker's stand-in.
    fn is_stand_in(&self, line: usize) -> bool {
        self.stand_ins.binary_search(&(line.max(1) - 1)).is_ok()
    }

    fn range(&self, sp: Sourcepos) -> Range<usize> {
        let start_line = self.line_span(sp.start.line);
        // Most nodes end on the line they start on: its span is looked up once.
        let end_line = if sp.end.line == sp.start.line {
            start_line
        } else {
            self.line_span(sp.end.line)
        };
        let start = self.at_in(start_line, sp.start.column);
        // The byte after the end column (column 0: the line's first byte).
        let end = ceil_char_boundary(
            self.text,
            (end_line.0.saturating_add(sp.end.column)).min(end_line.1),
        );
        start..end.max(start)
    }

    /// End of 1-based `line`'s content (before `\r\n` / `\n`).
    fn line_end(&self, line: usize) -> usize {
        self.lines
            .line_range(self.text, line)
            .map_or(self.text.len(), |r| r.end)
    }

    /// A literal that comrak copied from the source with container prefixes stripped: each of
    /// its lines is a suffix of the corresponding file line. Returns (literal offset, file
    /// offset) anchors, one per line, into `anchors` (emptied first).
    fn literal_anchors(
        &self,
        literal: &str,
        sp: Sourcepos,
        inline: bool,
        anchors: &mut Vec<(usize, usize)>,
    ) {
        anchors.clear();
        if inline && !literal.contains('\n') {
            // One line (most inline tags): it starts where the node does.
            anchors.push((0, self.at(sp.start.line, sp.start.column)));
            return;
        }
        let mut lit_off = 0;
        let count = literal.split_inclusive('\n').count();
        for (i, piece) in literal.split_inclusive('\n').enumerate() {
            let content = piece.trim_end_matches('\n').trim_end_matches('\r');
            let line = sp.start.line + i;
            let file_off = if i == 0 && inline {
                self.at(line, sp.start.column)
            } else if inline && i + 1 == count && !piece.ends_with('\n') {
                // The last line of a multi-line inline tag ends where the node ends, not at the
                // end of the file line.
                self.at(sp.end.line, sp.end.column + 1)
                    .saturating_sub(content.len())
            } else {
                self.line_end(line).saturating_sub(content.len())
            };
            anchors.push((lit_off, file_off));
            lit_off += piece.len();
        }
        if anchors.is_empty() {
            anchors.push((0, self.at(sp.start.line, sp.start.column)));
        }
    }
}

fn map_with(anchors: &[(usize, usize)], off: usize) -> usize {
    let i = anchors.partition_point(|&(l, _)| l <= off);
    let (l, f) = anchors[i.saturating_sub(1)];
    f + (off - l)
}

/// The comrak options every page is parsed with (also used by the parse-floor benchmark).
pub fn comrak_options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.autolink = true;
    o.extension.superscript = true;
    o.extension.math_dollars = true;
    o
}

/// [`comrak_options`] for one page's text, without the extensions whose syntax the text cannot
/// hold. The tree is the same; comrak then skips the per-line tries for them (a tenth of its
/// block-opening work on pages without either).
/// - Footnotes: a reference is tried on a `^` right after a `[`, written (`[^`) or by an entity
///   (`[&#94;`, `[&Hat;`), which also drops the emphasis delimiters inside the brackets.
/// - Tables: a row needs a `|`, unless the table has one column and its delimiter row a colon
///   (`:-:`, `-:`, `:--`).
///
/// (Autolinks, which need `://`, `www.` or `@`, were tried too: no fewer instructions.)
pub fn comrak_options_for(text: &str) -> Options<'static> {
    let mut o = comrak_options();
    let b = text.as_bytes();
    use crate::util::find_bytes;
    o.extension.footnotes = find_bytes!(b, b"[^").is_some() || find_bytes!(b, b"[&").is_some();
    o.extension.table = memchr::memchr(b'|', b).is_some()
        || find_bytes!(b, b":-").is_some()
        || find_bytes!(b, b"-:").is_some();
    o
}

/// Whether `text`, parsed as Markdown, holds any markup: anything but paragraphs of plain text
/// and line breaks (`**bold**`, a list, a `> quote`, a link). A bare URL counts as text, as no
/// autolinking is asked for. A list numbered `1)` is text too: Python-Markdown, which renders
/// the MkDocs page, reads only `1.` as a list, so both sites show `1) one` as written.
pub fn holds_markup(text: &str) -> bool {
    let mut o = comrak_options();
    o.extension.autolink = false;
    let arena = Arena::new();
    let root = parse_document(&arena, text, &o);
    root.descendants().any(|n| match &n.data.borrow().value {
        NodeValue::Document
        | NodeValue::Paragraph
        | NodeValue::Text(_)
        | NodeValue::SoftBreak
        | NodeValue::LineBreak => false,
        NodeValue::List(l) | NodeValue::Item(l) => {
            l.delimiter != comrak::nodes::ListDelimType::Paren
        }
        _ => true,
    })
}

/// What stands for a `|` inside a code span of a table row while comrak parses the page
/// ([`protect_table_code_pipes`]): one byte, as the `|`, and no Markdown syntax.
const TABLE_CODE_PIPE: char = '\u{1a}';

/// The page with each `|` inside a code span of a table row replaced by [`TABLE_CODE_PIPE`].
/// comrak follows GFM, where such a pipe still splits the cell (`` `a|b` `` is two cells);
/// the renderers of both dialects keep the code span whole: markdown-it 11 (Wiki.js 2.5) splits
/// a row outside backticks only, and so do Python-Markdown's tables. The byte offsets do not
/// move, and [`restore_table_code_pipes`] gives code spans their `|` back.
fn protect_table_code_pipes(input: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    let b = input.as_bytes();
    if memchr::memchr(b'`', b).is_none()
        || memchr::memchr(b'|', b).is_none()
        || memchr::memchr(TABLE_CODE_PIPE as u8, b).is_some()
    {
        return input;
    }
    let mut edits: Vec<usize> = Vec::new();
    let mut in_table = false;
    // The lines holding a `|`, found from pipe to pipe: most lines hold none, and are not read.
    // A table's rows follow each other, so a row whose line does not start where the last one
    // ended begins anew.
    let mut prev: Option<std::ops::Range<usize>> = None;
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'|', &b[from..]) {
        let pipe = from + k;
        let start = memchr::memrchr(b'\n', &b[..pipe]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &b[pipe..]).map_or(b.len(), |i| pipe + i + 1);
        from = end;
        let line = &input[start..end];
        let adjacent = prev.as_ref().is_some_and(|p| p.end == start);
        if !adjacent {
            in_table = false;
        }
        if in_table {
            code_pipes(line, start, &mut edits);
        } else if adjacent && is_delimiter_row(line.trim_start_matches([' ', '\t', '>']).trim_end())
        {
            in_table = true;
            // The header row, just above.
            if let Some(p) = &prev {
                code_pipes(&input[p.clone()], p.start, &mut edits);
            }
        }
        prev = Some(start..end);
    }
    if edits.is_empty() {
        return input;
    }
    let mut bytes = input.into_owned().into_bytes();
    for i in edits {
        bytes[i] = TABLE_CODE_PIPE as u8;
    }
    // Only ASCII `|` bytes were replaced by another ASCII byte.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
}

/// A GFM table's delimiter row (`|---|:--:|`, `--- | ---`), its indentation and quote markers
/// removed.
pub fn is_delimiter_row(bare: &str) -> bool {
    let cells = bare.trim_matches('|');
    !cells.is_empty()
        && cells.split('|').all(|c| {
            let c = c.trim();
            let c = c.strip_prefix(':').unwrap_or(c);
            let c = c.strip_suffix(':').unwrap_or(c);
            !c.is_empty() && c.bytes().all(|b| b == b'-')
        })
}

/// The offsets (from `base`) of the `|` inside code spans of one row
/// ([`util::code_spans`](crate::util::code_spans), a backslash escaping the backtick after it).
fn code_pipes(line: &str, base: usize, out: &mut Vec<usize>) {
    let b = line.as_bytes();
    for span in crate::util::code_spans(b, true) {
        // An escaped `\|` already stays in its cell (GFM), with its backslash dropped.
        out.extend(
            span.filter(|&k| b[k] == b'|' && b[k - 1] != b'\\')
                .map(|k| base + k),
        );
    }
}

/// A code span's text with its `|` back ([`protect_table_code_pipes`]).
fn restore_table_code_pipes(literal: &str) -> std::borrow::Cow<'_, str> {
    if literal.contains(TABLE_CODE_PIPE) {
        std::borrow::Cow::Owned(literal.replace(TABLE_CODE_PIPE, "|"))
    } else {
        std::borrow::Cow::Borrowed(literal)
    }
}

/// What a page's front-matter header says of its dialect.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Header {
    /// It names a Wiki.js page ([`FrontMatter::names_a_wiki_page`]).
    Wikijs,
    /// It is MkDocs page metadata: it names no Wiki.js page and holds a key only MkDocs tools
    /// read ([`FrontMatter::holds_mkdocs_key`]: `icon:`, `hide:`).
    Mkdocs,
    /// No header, or one of other keys alone (`author: x`).
    Neither,
}

impl Header {
    fn of(front_matter: Option<&front_matter::FrontMatter>) -> Header {
        match front_matter {
            Some(f) if f.names_a_wiki_page() => Header::Wikijs,
            // A Wiki.js header was ruled out by the arm before.
            Some(f) if f.holds_mkdocs_key() => Header::Mkdocs,
            _ => Header::Neither,
        }
    }
}

/// Detects the dialect of a page without configuration: Wiki.js for a page whose header names
/// a Wiki.js page; MkDocs for one whose header is MkDocs page metadata, or that holds syntax
/// only MkDocs reads: an admonition, a content tab, a closed pymdownx.blocks block or a
/// Material icon (`:material-pencil:`) outside fenced code, or `<figure markdown>`; Wiki.js for
/// every other page. `markers` is what [`admonition::has_markers`] says of the body. Also
/// whether the body was found to hold no `:` that starts an icon ([`super::icon::may_have_icon`]),
/// which the rules and build then need not look for again.
fn detect(text: &str, body_start: usize, header: Header, markers: bool) -> (Dialect, bool) {
    match header {
        Header::Wikijs => return (Dialect::Wikijs, false),
        Header::Mkdocs => return (Dialect::Mkdocs, false),
        Header::Neither => {}
    }
    let body = &text[body_start..];
    if crate::util::find_bytes!(body.as_bytes(), b"<figure markdown").is_some() {
        return (Dialect::Mkdocs, false);
    }
    // Only a line holding one of the markers can start with it: most pages hold none, and are
    // not split into lines at all (`!!! ` and `???` both hold one of the markers).
    use crate::util::find_bytes;
    let b = body.as_bytes();
    let admonitions = markers
        && (find_bytes!(b, b"!!! ").is_some() || find_bytes!(b, b"???").is_some())
        && body.lines().any(admonition_line);
    let tabs = has_tab_marker(body);
    let blocks = find_bytes!(b, b"///").is_some();
    let icons = super::icon::may_have_icon(body);
    // A page with any is read again, line by line, to pass over fenced code: a Wiki.js page
    // may show MkDocs syntax in a code example.
    let look = Markers {
        admonitions,
        tabs,
        blocks,
        icons,
    };
    let dialect = if (admonitions || tabs || blocks || icons) && marker_outside_fences(body, look) {
        Dialect::Mkdocs
    } else {
        Dialect::Wikijs
    };
    (dialect, !icons)
}

/// Whether a line, once its indentation is trimmed, starts an admonition (`!!! note`, `??? note`,
/// `???+ note`).
fn admonition_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("!!! ") || t.starts_with("??? ") || t.starts_with("???+ ")
}

/// The MkDocs markers [`marker_outside_fences`] looks for.
#[derive(Clone, Copy)]
struct Markers {
    /// Admonition lines (`!!! note`).
    admonitions: bool,
    /// Content tab marker lines (`=== "Title"`).
    tabs: bool,
    /// pymdownx.blocks (`/// note | Title` … `///`), closed.
    blocks: bool,
    /// Material icons (`:octicons-heart-fill-16:`) outside code spans.
    icons: bool,
}

/// Whether an admonition line, a content tab's marker line or a closed pymdownx.blocks block
/// (each as `look` asks) lies outside fenced code. A fence opens with three or more backticks or
/// tildes (a backtick fence's info holding no backtick) after any indentation, as in a list
/// item, and closes with at least as many of the same, alone on their line and indented less
/// than four columns past the opener. A block counts at its closing line (`///` alone, as
/// indented and as long as a header before it): a line that merely starts with `///` (a path, a
/// comment) is none.
fn marker_outside_fences(body: &str, look: Markers) -> bool {
    // The open fence: its character, length, indentation, and whether it opened in a
    // blockquote.
    let mut fence: Option<(u8, usize, usize, bool)> = None;
    // The block headers seen, by indentation and slashes.
    let mut headers: std::collections::HashSet<(usize, usize)> = Default::default();
    for line in body.lines() {
        let t = line.trim_start_matches([' ', '\t']);
        // A fence inside a blockquote (a Wiki.js callout showing code) is one too, and ends with
        // the quote (a line without `>`, a blank one included). Inside a fence opened outside
        // a quote, a `> ```` line is the fenced text's own.
        let in_quote = t.starts_with('>');
        if fence.is_some_and(|(_, _, _, quoted)| quoted && !in_quote) {
            fence = None;
        }
        let quoted = fence.map_or(in_quote, |(_, _, _, quoted)| quoted);
        let f = if quoted {
            t.trim_start_matches(['>', ' ', '\t'])
        } else {
            t
        };
        if let Some((c, n)) = fence_run(f) {
            let indent = line.len() - f.len();
            match fence {
                None if c == b'~' || !f[n..].contains('`') => {
                    fence = Some((c, n, indent, quoted));
                    continue;
                }
                // A run indented four or more past the opener's is the fenced text's own (an
                // example of a fence inside the example), as CommonMark reads it.
                Some((open, len, at, _))
                    if c == open && n >= len && indent < at + 4 && f[n..].trim().is_empty() =>
                {
                    fence = None;
                    continue;
                }
                _ => {}
            }
        }
        if fence.is_some() {
            continue;
        }
        if (look.admonitions && admonition_line(line))
            || (look.tabs && t.starts_with("===") && super::tabs::TAB.is_match(line))
            || (look.icons && icon_outside_code_span(line))
        {
            return true;
        }
        if look.blocks && t.starts_with("///") {
            if let Some(closing) = super::pymdown_blocks::closing(line) {
                if headers.contains(&closing) {
                    return true;
                }
            } else if let Some((indent, n, _, _)) = super::pymdown_blocks::header(line) {
                headers.insert((indent, n));
            }
        }
    }
    false
}

/// Whether `line` holds a Material icon ([`super::icon::icons`]) that no code span on the line
/// holds. A backtick run opens a code span when a later run of the same length on the line
/// closes it, as CommonMark pairs them; a span across lines is not followed. Linear in the
/// line: each run's closer is looked up, not searched for.
fn icon_outside_code_span(line: &str) -> bool {
    if !super::icon::may_have_icon(line) {
        return false;
    }
    // The code spans, in order, with their backticks.
    let spans = crate::util::code_spans(line.as_bytes(), false);
    let mut s = 0;
    super::icon::icons(line).any(|m| {
        while spans.get(s).is_some_and(|r| r.end <= m.start()) {
            s += 1;
        }
        spans.get(s).is_none_or(|r| r.start > m.start())
    })
}

/// The fence character and the length of the run of it that starts `t`, when it could open or
/// close a fence (three or more backticks or tildes).
fn fence_run(t: &str) -> Option<(u8, usize)> {
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// Whether `body` holds a content tab's marker line (`=== "Title"`, [`super::tabs::TAB`]).
/// Only the lines holding `===` are looked at, each once: a setext heading's underline, or a
/// line of a million `=`, is passed over in one step.
fn has_tab_marker(body: &str) -> bool {
    let b = body.as_bytes();
    // `from` is always the start of a line.
    let mut from = 0;
    while let Some(i) = crate::util::find_bytes!(&b[from..], b"===") {
        let at = from + i;
        let start = memchr::memrchr(b'\n', &b[from..at]).map_or(from, |j| from + j + 1);
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |j| at + j);
        if b[start..at].iter().all(|&c| c == b' ' || c == b'\t')
            && super::tabs::TAB.is_match(&body[start..end])
        {
            return true;
        }
        if end >= b.len() {
            break;
        }
        from = end + 1;
    }
    false
}

/// The `\|` of the table cell being walked, or of the paragraph right before a table.
/// comrak reads the inlines of both with their escaped pipes unescaped, so each column it
/// gives them is one short for every `\|` before it on its line (`| (like `a\|b`) |`: the
/// code span and the `)` after it would be placed one byte early).
#[derive(Default)]
struct PipeEscapes {
    /// For each line (1-based, in order) with a backslash comrak removed: for each such
    /// backslash, in order, the column (1-based) comrak gives what followed it, its own column
    /// less the backslashes removed before it on the line. A column at or past the `k`th of
    /// these is `k` short (looked up from the last answer: the inlines come in order, and a
    /// hostile row may hold 200,000 of them and as many pipes).
    lines: Vec<(usize, Vec<usize>)>,
    /// The last answer of [`PipeEscapes::before`].
    hint: std::cell::Cell<usize>,
}

impl PipeEscapes {
    /// Reads the escaped pipes of `range` in the file (a cell, or a paragraph's lines) as
    /// comrak unescapes them: a backslash before `|` is dropped, and a backslash escapes the
    /// byte after it.
    fn enter(&mut self, m: &Mapper<'_>, range: &Range<usize>) {
        self.clear();
        let Some(region) = m.text.get(range.clone()) else {
            return;
        };
        if !region.contains("\\|") {
            return;
        }
        let bytes = region.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => {
                    if bytes.get(i + 1) == Some(&b'|') {
                        let at = range.start + i;
                        let line = m.lines.line_col(at).line;
                        if self.lines.last().is_none_or(|(l, _)| *l != line) {
                            self.lines.push((line, Vec::new()));
                        }
                        let base = m.line_span(line).0;
                        if let Some((_, columns)) = self.lines.last_mut() {
                            let removed = columns.len();
                            columns.push((at + 1).saturating_sub(base + removed));
                        }
                    }
                    i += 2;
                }
                _ => i += 1,
            }
        }
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.hint.set(0);
    }

    fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// How many of `c` (one line's columns) are at or before `column`: searched from the last
    /// answer outwards, by steps that double, then by halves.
    fn before(&self, c: &[usize], column: usize) -> usize {
        let h = self.hint.get().min(c.len());
        let k = if h > 0 && c[h - 1] > column {
            // Every column from `hi` on is past `column`.
            let (mut hi, mut step) = (h, 1);
            while hi >= step && c[hi - step] > column {
                hi -= step;
                step *= 2;
            }
            let lo = hi.saturating_sub(step);
            lo + c[lo..hi].partition_point(|&x| x <= column)
        } else {
            // Every column before `lo` is at or before `column`.
            let (mut lo, mut step) = (h, 1);
            while lo + step <= c.len() && c[lo + step - 1] <= column {
                lo += step;
                step *= 2;
            }
            let hi = (lo + step).min(c.len());
            lo + c[lo..hi].partition_point(|&x| x <= column)
        };
        self.hint.set(k);
        k
    }

    /// `sp` of a node inside the region, in the columns of its lines as written.
    fn fix(&self, mut sp: Sourcepos) -> Sourcepos {
        if self.lines.is_empty() {
            return sp;
        }
        let shift = |line: usize, column: usize| match self
            .lines
            .binary_search_by_key(&line, |(l, _)| *l)
        {
            Ok(i) => column + self.before(&self.lines[i].1, column),
            Err(_) => column,
        };
        sp.start.column = shift(sp.start.line, sp.start.column);
        sp.end.column = shift(sp.end.line, sp.end.column);
        sp
    }
}

struct OpenBlock {
    kind: BlockKind,
    range: Range<usize>,
    /// Where the block's plain text starts in the walk's text buffer, and its pieces in the
    /// piece buffer (blocks open and close in stack order, so each one's text and pieces are
    /// the buffers' tails when it closes).
    text: usize,
    pieces: usize,
    containers: Arc<[Container]>,
}

/// The containers around each block, shared between the blocks that have the same (the
/// cells of a table, the paragraphs of a list's items): one allocation per change, not per
/// block.
#[derive(Default)]
struct SharedContainers {
    none: Option<Arc<[Container]>>,
    last: Option<Arc<[Container]>>,
}

impl SharedContainers {
    fn get(&mut self, outer: &[Container], admonition: Option<usize>) -> Arc<[Container]> {
        let inner = admonition.map(Container::Admonition);
        if outer.is_empty() && inner.is_none() {
            return self.none.get_or_insert_with(|| Arc::from([])).clone();
        }
        if let Some(last) = &self.last
            && last.len() == outer.len() + usize::from(inner.is_some())
            && last[..outer.len()] == *outer
            && last.get(outer.len()).copied() == inner
        {
            return last.clone();
        }
        let new: Arc<[Container]> = outer.iter().copied().chain(inner).collect();
        self.last = Some(new.clone());
        new
    }
}

pub(super) fn parse(
    path: PathBuf,
    text: String,
    configured: Option<Dialect>,
    toc: TocSlugs,
) -> Document {
    parse_measured(path, text, configured, toc).0
}

/// The deepest nesting of block containers (quotes, list items, footnotes) in a parsed page,
/// and where the first container past the limit starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Depth {
    pub max: usize,
    pub first_over: Option<usize>,
}

/// [`parse`], also measuring how deep the page nests (however the nesting is written:
/// `>>>`, `- - -`, or list items indented one level per line).
pub(super) fn parse_measured(
    path: PathBuf,
    text: String,
    configured: Option<Dialect>,
    toc: TocSlugs,
) -> (Document, Depth) {
    // Every scan below splits lines at `\n`; a lone `\r` ends a line as well (comrak and the
    // line index read it so). The normalised text has the same offsets as the file's.
    let lone_crs = super::line_index::lone_crs(&text);
    let text = if lone_crs.is_empty() {
        text
    } else {
        let mut bytes = text.into_bytes();
        for &i in &lone_crs {
            bytes[i] = b'\n';
        }
        // Only an ASCII byte was replaced by another: still UTF-8.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    };
    let mut text = text;
    let (mut doc, depth) = parse_normalised(path, &mut text, configured, toc);
    doc.text = text;
    doc.lone_crs = lone_crs;
    (doc, depth)
}

/// `text` is changed only while comrak reads it (see `blank_header`), and given back as it was.
fn parse_normalised(
    path: PathBuf,
    text_mut: &mut String,
    configured: Option<Dialect>,
    toc: TocSlugs,
) -> (Document, Depth) {
    let text: &str = text_mut;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let front_matter = front_matter::parse(text, bom);
    let body_start = front_matter.as_ref().map_or(bom, |f| f.range.end);
    // Whether the body holds `!!!` or `???`, looked for once for detection and the scan.
    let markers = admonition::has_markers(text, body_start);
    let (dialect, dialect_source, icons_ruled_out) = match configured {
        Some(d) => (d, DialectSource::Config, false),
        None => {
            let (d, no_icons) =
                detect(text, body_start, Header::of(front_matter.as_ref()), markers);
            (d, DialectSource::Detected, no_icons)
        }
    };
    let lines = LineIndex::new(text);
    let pass = admonition::scan_with(
        text,
        lines.starts(),
        body_start,
        dialect == Dialect::Mkdocs,
        markers,
    );

    // The input comrak sees: same lines, each with a prefix removed (front matter and
    // admonition headers entirely, admonition bodies dedented, the BOM dropped). Most pages
    // lose nothing, and comrak reads them as they are.
    let mut removed = pass.removed;
    let mut stand_ins = pass.stand_ins;
    let starts = lines.starts();
    // The lines that lose something: those the admonition pass cuts and those holding front
    // matter (or the BOM). Past the last of them, the text goes to comrak as it is.
    let last_cut = removed.iter().rposition(|&r| r != 0);
    let last_head = (body_start > 0).then(|| starts.partition_point(|&s| s < body_start) - 1);
    // A page whose only lines to cut are its header's (most Wiki.js pages: nothing for the
    // admonition pass) is read by comrak in place, its header's bytes blanked to spaces for the
    // time of the parse: lines of spaces are blank to comrak as empty ones are, and the body is
    // not copied. (The header ends at a line's start; a BOM alone, without a header, is cut.)
    let blank_header = last_cut.is_none() && front_matter.is_some();
    let arena = Arena::new();
    let root = if blank_header {
        parse_blanked(text_mut, body_start, &arena)
    } else {
        parse_copy(
            text,
            &mut removed,
            &lines,
            body_start,
            last_cut.max(last_head),
            &mut stand_ins,
            &arena,
        )
    };
    let text: &str = text_mut;
    let stand_ins: Vec<usize> = stand_ins.iter().map(|&(line, _)| line).collect();
    let mapper = Mapper {
        text,
        lines: &lines,
        removed: &removed,
        stand_ins: &stand_ins,
    };

    // The lists of the thread's last page, emptied: they rarely need to grow ([`super::spare`]).
    let lists = super::spare::take();
    let mut doc = Document {
        path,
        text: String::new(),
        lone_crs: Vec::new(),
        lines: LineIndex::default(),
        bom,
        dialect,
        dialect_source,
        toc,
        front_matter,
        admonitions: pass.admonitions,
        tab_marker_lines: pass
            .tab_markers
            .iter()
            .filter_map(|&n| lines.line_start(n + 1))
            .collect(),
        headings: lists.headings,
        links: lists.links,
        code_spans: lists.code_spans,
        code_blocks: lists.code_blocks,
        indented_code: Vec::new(),
        unclosed_fences: Vec::new(),
        html: lists.html,
        blocks: lists.blocks,
        quotes: lists.quotes,
        attr_paragraphs: Vec::new(),
        footnotes: Vec::new(),
        icons_ruled_out,
        emphasis: lists.emphasis,
        texts: lists.texts,
        list_items: lists.list_items,
        table_rows: Vec::new(),
        soft_breaks: lists.soft_breaks,
        code_reach: Default::default(),
    };
    if crate::util::find_bytes!(text.as_bytes(), b"]:").is_some() {
        place_after_definitions(root, &mapper);
    }
    let depth = walk(root, &mapper, &mut doc);
    if dialect == Dialect::Mkdocs {
        // Admonition headers are hidden from comrak; MkDocs renders their titles as inline
        // Markdown, so the title's code spans and HTML (components included) are facts too.
        for i in 0..doc.admonitions.len() {
            if let Some(r) = doc.admonitions[i].title_range.clone() {
                scan_title(text, r, &mut doc);
            }
        }
    }
    finish_headings(&mut doc);
    doc.code_spans.sort_by_key(|r| r.start);
    doc.code_blocks.sort_by_key(|r| r.start);
    doc.indented_code.sort_unstable();
    doc.unclosed_fences.sort_unstable();
    doc.index_code();
    doc.html.sort_by_key(|t| t.range.start);
    if dialect == Dialect::Mkdocs {
        md_in_html_links(text, &mut doc);
    }
    doc.lines = lines;
    (doc, depth)
}

/// Puts the text of paragraphs that start with link reference definitions where it is written.
/// comrak takes the definitions out of the paragraph (`[move]: https://...` then `See the
/// <span ...>` on the next line) and keeps the paragraph's start, and its inline nodes'
/// positions count from there: the `<span>` would be placed on the definition's line, its
/// attributes read from the wrong bytes and a fix written into the definition's URL. The
/// paragraph's last line is right, and its inline content ends there: every position in the
/// paragraph moves down by the lines between the two.
fn place_after_definitions<'a>(root: &'a AstNode<'a>, m: &Mapper<'_>) {
    // The blocks, not their inline content (most of the tree): paragraphs are found among the
    // children of the document and of the blocks that hold blocks.
    let mut blocks = vec![root];
    while let Some(node) = blocks.pop() {
        let paragraph = match node.data.borrow().value {
            NodeValue::Paragraph => true,
            NodeValue::Document
            | NodeValue::BlockQuote
            | NodeValue::List(_)
            | NodeValue::Item(_)
            | NodeValue::TaskItem(_)
            | NodeValue::FootnoteDefinition(_)
            | NodeValue::Alert(_)
            | NodeValue::MultilineBlockQuote(_)
            | NodeValue::DescriptionList
            | NodeValue::DescriptionItem(_)
            | NodeValue::DescriptionTerm
            | NodeValue::DescriptionDetails => false,
            _ => continue,
        };
        if !paragraph {
            blocks.extend(node.children());
            continue;
        }
        let Some(first) = node.first_child() else {
            continue;
        };
        let sp = node.data.borrow().sourcepos;
        // Only a paragraph written from a definition's `[`.
        if m.text.as_bytes().get(m.at(sp.start.line, sp.start.column)) != Some(&b'[') {
            continue;
        }
        let end = sp.end.line;
        let last = node
            .descendants()
            .skip(1)
            .map(|n| n.data.borrow().sourcepos.end.line)
            .max()
            .unwrap_or(end);
        let Some(shift) = end.checked_sub(last).filter(|&k| k > 0) else {
            continue;
        };
        for n in node.descendants().skip(1) {
            let mut d = n.data.borrow_mut();
            d.sourcepos.start.line += shift;
            d.sourcepos.end.line += shift;
        }
        let start = first.data.borrow().sourcepos.start;
        node.data.borrow_mut().sourcepos.start = start;
    }
}

/// comrak's reading of `text` with its first `head` bytes (whole lines: a header) blanked to
/// spaces for the time of the parse, line breaks kept; `text` is given back as it was.
fn parse_blanked<'a>(text: &mut String, head: usize, arena: &'a Arena<'a>) -> &'a AstNode<'a> {
    let header = text[..head].to_string();
    let blanks: String = header
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    // Same length, so the body does not move.
    text.replace_range(..head, &blanks);
    let root = parse_input(std::borrow::Cow::Borrowed(text.as_str()), arena);
    text.replace_range(..head, &header);
    root
}

/// comrak's reading of a page whose lines lose a prefix (`removed`, filled in for the header
/// and BOM lines up to `last`, the last line to cut): a copy of the text without them. With no
/// line to cut, the text as it is.
#[allow(clippy::too_many_arguments)]
fn parse_copy<'a>(
    text: &str,
    removed: &mut Vec<usize>,
    lines: &LineIndex,
    body_start: usize,
    last: Option<usize>,
    stand_ins: &mut Vec<(usize, Range<usize>)>,
    arena: &'a Arena<'a>,
) -> &'a AstNode<'a> {
    let starts = lines.starts();
    let mut next_stand_in = 0;
    let input: std::borrow::Cow<'_, str> = if let Some(last) = last {
        let mut input = String::with_capacity(text.len());
        let rest = starts.get(last + 1).copied().unwrap_or(text.len());
        for (n, &start) in starts[..=last].iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(text.len());
            if start == end {
                // Only the last start can be empty: the end of a text ending in a line break.
                break;
            }
            let piece = &text[start..end];
            let content_len = piece.trim_end_matches('\n').trim_end_matches('\r').len();
            if removed.len() <= n {
                removed.push(0);
            }
            // A header or tab marker line: its indentation and the stand-in, mapped onto the
            // line's last bytes, when the line is long enough to hold them.
            if let Some((_, indent)) = stand_ins.get(next_stand_in).filter(|(l, _)| *l == n) {
                next_stand_in += 1;
                let width = indent.len() + admonition::STAND_IN.len();
                if start >= body_start
                    && width <= content_len
                    && piece.is_char_boundary(content_len - width)
                    && let Some(lead) = piece.get(indent.clone())
                {
                    input.push_str(lead);
                    input.push_str(admonition::STAND_IN);
                    input.push_str(&piece[content_len..]);
                    removed[n] = content_len - width;
                    continue;
                }
                // Read as an empty line instead: no stand-in to leave out.
                stand_ins[next_stand_in - 1].0 = usize::MAX;
            }
            if start < body_start {
                removed[n] = if end <= body_start {
                    content_len
                } else {
                    body_start - start
                };
            }
            let cut = ceil_char_boundary(piece, removed[n].min(content_len));
            removed[n] = cut;
            input.push_str(&piece[cut..]);
        }
        input.push_str(&text[rest..]);
        std::borrow::Cow::Owned(input)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    stand_ins.retain(|(l, _)| *l != usize::MAX);
    parse_input(input, arena)
}

/// comrak's reading of what a page gives it: the pipes in table code spans protected, with the
/// options the text needs ([`comrak_options_for`]).
fn parse_input<'a>(input: std::borrow::Cow<'_, str>, arena: &'a Arena<'a>) -> &'a AstNode<'a> {
    let input = protect_table_code_pipes(input);
    parse_document(arena, &input, &comrak_options_for(&input))
}

/// `![alt](src "title"){ attrs }` written in an HTML block.
static HTML_BLOCK_IMAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r#"!\[([^\]\n]*)\]\(\s*(<[^>\n]+>|[^\s()]+)(?:\s+"[^"\n]*")?\s*\)(\{[^}\n]*\})?"#,
    )
    .expect("valid regex")
});

/// `[text](url "title")` written in an HTML block (an image's `!` is checked apart).
static HTML_BLOCK_LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"\[([^\[\]\n]*)\]\(\s*(<[^>\n]+>|[^\s()]+)(?:\s+"[^"\n]*")?\s*\)"#)
        .expect("valid regex")
});

/// Links and images written inside an HTML block whose element has the `markdown` attribute
/// (md_in_html: `<figure markdown="span">`, `<div class="grid cards" markdown>`). MkDocs renders
/// the element's content as Markdown, but CommonMark reads the lines up to the next blank line
/// as raw HTML, so comrak gives no link for them: they are read here, from the text, so that
/// the link and asset rules see them (an image in a figure with a caption, as Material writes
/// it). What follows a blank line comrak parses as Markdown, and has its links already.
fn md_in_html_links(text: &str, doc: &mut Document) {
    let mut regions: Vec<Range<usize>> = Vec::new();
    for t in &doc.html {
        if !t.block
            || !matches!(t.kind, super::TagKind::Start { .. })
            || t.attr("markdown").is_none()
        {
            continue;
        }
        let from = t.range.end;
        let rest = text.get(from..).unwrap_or("");
        let end = crate::util::find_bytes!(rest.as_bytes(), b"\n\n")
            .into_iter()
            .chain(crate::util::find_bytes!(rest.as_bytes(), b"\n\r\n"))
            .min()
            .map_or(text.len(), |i| from + i);
        match regions.last_mut() {
            Some(last) if from <= last.end => last.end = last.end.max(end),
            _ => regions.push(from..end),
        }
    }
    if regions.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for region in regions {
        let Some(part) = text.get(region.clone()) else {
            continue;
        };
        let base = region.start;
        let taken = |links: &[Link], r: &Range<usize>| {
            links
                .iter()
                .any(|l| l.range.start < r.end && r.start < l.range.end)
        };
        for m in HTML_BLOCK_IMAGE.captures_iter(part) {
            let (Some(all), Some(alt), Some(src)) = (m.get(0), m.get(1), m.get(2)) else {
                continue;
            };
            let range = base + all.start()..base + all.end();
            if taken(&doc.links, &range) || doc.in_code(range.start) {
                continue;
            }
            let url_range = base + src.start()..base + src.end();
            let url = src.as_str().trim_start_matches('<').trim_end_matches('>');
            found.push(Link {
                kind: LinkKind::Image,
                range,
                url: url.to_string(),
                url_range: Some(url_range),
                text: alt.as_str().to_string(),
                attrs: m
                    .get(3)
                    .map(|a| (a.as_str().to_string(), base + a.start()..base + a.end())),
            });
        }
        for m in HTML_BLOCK_LINK.captures_iter(part) {
            let (Some(all), Some(label), Some(dest)) = (m.get(0), m.get(1), m.get(2)) else {
                continue;
            };
            let range = base + all.start()..base + all.end();
            if part[..all.start()].ends_with('!')
                || taken(&doc.links, &range)
                || taken(&found, &range)
                || doc.in_code(range.start)
            {
                continue;
            }
            let url = dest.as_str().trim_start_matches('<').trim_end_matches('>');
            found.push(Link {
                kind: LinkKind::Inline,
                range,
                url: url.to_string(),
                url_range: Some(base + dest.start()..base + dest.end()),
                text: label.as_str().to_string(),
                attrs: None,
            });
        }
    }
    if !found.is_empty() {
        doc.links.extend(found);
        doc.links.sort_by_key(|l| l.range.start);
    }
}

fn walk<'a>(root: &'a AstNode<'a>, m: &Mapper<'_>, doc: &mut Document) -> Depth {
    let mut depth = Depth::default();
    let mut containers: Vec<Container> = Vec::new();
    // Depth of open blockquotes, and the last computed class line: nested quotes end on the same
    // line, and a line of 10,000 `>` must not be scanned 10,000 times.
    let mut quote_depth = 0usize;
    let mut class_cache: Option<(usize, Option<ClassLine>)> = None;
    let mut open: Vec<OpenBlock> = Vec::new();
    // The open blocks' plain text and text pieces (see [`OpenBlock`]), reused block after block.
    let mut block_text = String::new();
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut shared = SharedContainers::default();
    // Where an HTML literal's lines are in the file (one buffer for every literal).
    let mut anchors: Vec<(usize, usize)> = Vec::new();
    // The page's fact lists start with the room of the thread's last page's ([`super::spare`]).
    // Sizing them by a pass that counted the tree's nodes cost more time than the copies it
    // saved: each node read is a cache miss.
    let mut link_stack: Vec<(usize, String)> = Vec::new();
    let mut strong_depth = 0usize;
    let mut heading_levels: Vec<u8> = Vec::new();
    // What the open heading's id leaves out of its text ([`Heading::slug_text`]), as ranges of
    // `block_text`, and how many images the walk is in.
    let mut slug_cuts: Vec<Range<usize>> = Vec::new();
    let mut image_depth = 0usize;
    let mut escapes = PipeEscapes::default();
    // The columns of the table being walked, and whether it follows a paragraph's text
    // ([`super::TableRow`]).
    let mut table = (0u32, false);
    // The innermost admonition around a block, found without comparing every pair (a page of
    // 30,000 admonitions and as many paragraphs).
    let bodies = crate::util::NestedRanges::new(
        doc.admonitions
            .iter()
            .map(|a| a.body_range.clone())
            .collect(),
    );

    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => {
                // Mutable only to move a text node's string out (the tree is dropped after the
                // walk, and nothing reads a text node twice).
                let mut data = node.data.borrow_mut();
                let sp = escapes.fix(data.sourcepos);
                if matches!(
                    data.value,
                    NodeValue::BlockQuote
                        | NodeValue::Item(_)
                        | NodeValue::TaskItem(_)
                        | NodeValue::FootnoteDefinition(_)
                ) {
                    // `containers` holds this node's ancestors (tables are not nested in them).
                    let level = containers.len() + 1;
                    depth.max = depth.max.max(level);
                    if level > super::MAX_NESTING && depth.first_over.is_none() {
                        depth.first_over = Some(m.range(sp).start);
                    }
                }
                match &mut data.value {
                    NodeValue::BlockQuote => {
                        containers.push(Container::BlockQuote);
                        quote_depth += 1;
                    }
                    NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                        doc.list_items.push(m.range(sp));
                        containers.push(Container::ListItem);
                    }
                    NodeValue::Table(t) => {
                        containers.push(Container::Table);
                        // A paragraph that ends on the line before is comrak's reading of text
                        // right above the header row.
                        let after_text = node.previous_sibling().is_some_and(|p| {
                            let p = p.data.borrow();
                            matches!(p.value, NodeValue::Paragraph)
                                && p.sourcepos.end.line + 1 == sp.start.line
                        });
                        table = (u32::try_from(t.num_columns).unwrap_or(u32::MAX), after_text);
                    }
                    NodeValue::TableRow(false) => {
                        let start = m.range(sp).start;
                        let end = m.line_end(sp.start.line);
                        if let Some(row) = m.text.get(start..end) {
                            doc.table_rows.push(super::TableRow {
                                range: start..start + row.trim_end().len(),
                                columns: table.0,
                                after_text: table.1,
                            });
                        }
                    }
                    NodeValue::FootnoteDefinition(d) => {
                        doc.footnotes.push(super::Footnote {
                            name: d.name.clone(),
                            references: d.total_references,
                            range: m.range(sp),
                        });
                        containers.push(Container::FootnoteDefinition)
                    }
                    NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell => {
                        let range = m.range(sp);
                        // A paragraph right before a table (its lines end where the table's
                        // header row starts) is read by comrak as the table's preface.
                        if matches!(data.value, NodeValue::TableCell)
                            || matches!(data.value, NodeValue::Paragraph)
                                && node.next_sibling().is_some_and(|n| {
                                    let t = n.data.borrow();
                                    matches!(t.value, NodeValue::Table(_))
                                        && t.sourcepos.start.line == sp.end.line + 1
                                })
                        {
                            escapes.enter(m, &range);
                        }
                        let cs = shared.get(&containers, bodies.innermost(range.start));
                        let kind = match &data.value {
                            NodeValue::Heading(h) => {
                                heading_levels.push(h.level);
                                BlockKind::Heading
                            }
                            NodeValue::TableCell => BlockKind::TableCell,
                            _ => BlockKind::Paragraph,
                        };
                        open.push(OpenBlock {
                            kind,
                            range,
                            text: block_text.len(),
                            pieces: pieces.len(),
                            containers: cs,
                        });
                    }
                    NodeValue::Text(t) => {
                        let range = m.range(sp);
                        let verbatim = m.text.get(range.clone()) == Some(t.as_ref());
                        if let Some(b) = open.last() {
                            let at = block_text.len();
                            block_text.push_str(t);
                            pieces.push(range.clone());
                            if b.kind == BlockKind::Heading {
                                if image_depth > 0 {
                                    slug_cuts.push(at..block_text.len());
                                } else if t.starts_with('{')
                                    && node
                                        .previous_sibling()
                                        .is_some_and(|p| is_inline_element(&p.data.borrow().value))
                                    && let Some(n) = leading_attr_list(t)
                                {
                                    slug_cuts.push(at..at + n);
                                }
                            }
                        }
                        if let Some((_, s)) = link_stack.last_mut() {
                            s.push_str(t);
                        }
                        doc.texts.push(TextRun {
                            text: std::mem::take(t).into_owned(),
                            range,
                            verbatim,
                        });
                    }
                    NodeValue::SoftBreak | NodeValue::LineBreak => {
                        if matches!(data.value, NodeValue::SoftBreak)
                            && let Some(gap) = soft_break(node, m, &escapes)
                        {
                            doc.soft_breaks.push(gap);
                        }
                        if !open.is_empty() {
                            block_text.push('\n');
                        }
                        if let Some((_, s)) = link_stack.last_mut() {
                            s.push(' ');
                        }
                    }
                    NodeValue::Code(c) => {
                        doc.code_spans.push(m.range(sp));
                        let literal = restore_table_code_pipes(&c.literal);
                        if !open.is_empty() {
                            block_text.push_str(&literal);
                        }
                        if let Some((_, s)) = link_stack.last_mut() {
                            s.push_str(&literal);
                        }
                    }
                    NodeValue::Math(math) => {
                        doc.code_spans.push(m.range(sp));
                        if !open.is_empty() {
                            block_text.push_str(&math.literal);
                        }
                    }
                    NodeValue::CodeBlock(cb) => {
                        let range = m.range(sp);
                        if !cb.fenced {
                            doc.indented_code.push(range.start);
                        } else if !cb.closed {
                            doc.unclosed_fences.push(range.start);
                        }
                        doc.code_blocks.push(range);
                    }
                    // The stand-in for a header or tab marker is no HTML of the page.
                    NodeValue::HtmlBlock(_) if m.is_stand_in(sp.start.line) => {}
                    NodeValue::HtmlBlock(h) => {
                        m.literal_anchors(&h.literal, sp, false, &mut anchors);
                        let map = |o| map_with(&anchors, o);
                        html::tokenize_into(&h.literal, true, &map, &mut doc.html);
                    }
                    NodeValue::HtmlInline(lit) => {
                        // Where comrak unescaped the pipes, its literal is not the file's
                        // bytes (`title="a\|b"`): the tag is read as written, as Wiki.js reads
                        // it, so that its attributes keep their places.
                        let written = (!escapes.is_empty() && lit.contains('|'))
                            .then(|| m.text.get(m.range(sp)))
                            .flatten()
                            .filter(|w| w.starts_with('<') && w.ends_with('>'));
                        let lit: &str = written.unwrap_or(lit);
                        m.literal_anchors(lit, sp, true, &mut anchors);
                        let map = |o| map_with(&anchors, o);
                        html::tokenize_into(lit, false, &map, &mut doc.html);
                    }
                    NodeValue::Link(_) | NodeValue::Image(_) => {
                        image_depth += usize::from(matches!(data.value, NodeValue::Image(_)));
                        link_stack.push((doc.links.len(), String::new()));
                    }
                    NodeValue::Strong => {
                        doc.emphasis.push(Emphasis {
                            strong: true,
                            range: m.range(sp),
                            inside_strong: strong_depth,
                        });
                        strong_depth += 1;
                    }
                    NodeValue::Emph => doc.emphasis.push(Emphasis {
                        strong: false,
                        range: m.range(sp),
                        inside_strong: strong_depth,
                    }),
                    _ => {}
                }
            }
            NodeEdge::End(node) => {
                // Mutable only to move a link's URL out (nothing reads it after its end).
                let mut data = node.data.borrow_mut();
                if matches!(data.value, NodeValue::TableCell | NodeValue::Paragraph) {
                    escapes.clear();
                }
                let sp = escapes.fix(data.sourcepos);
                let is_image = matches!(data.value, NodeValue::Image(_));
                match &mut data.value {
                    NodeValue::BlockQuote => {
                        containers.pop();
                        let range = m.range(sp);
                        let ends_list_item = node.parent().is_some_and(|p| {
                            matches!(p.data.borrow().value, NodeValue::Item(_))
                                && p.last_child().is_some_and(|l| std::ptr::eq(l, node))
                        });
                        let last_child = node.last_child().map(|c| match c.data.borrow().value {
                            NodeValue::Paragraph => "paragraph",
                            NodeValue::List(_) => "list",
                            NodeValue::BlockQuote => "blockquote",
                            NodeValue::CodeBlock(_) => "code block",
                            NodeValue::HtmlBlock(_) => "html",
                            NodeValue::Heading(_) => "heading",
                            NodeValue::Table(_) => "table",
                            _ => "block",
                        });
                        quote_depth = quote_depth.saturating_sub(1);
                        let class_line = match &class_cache {
                            Some((line, c)) if *line == sp.end.line => c.clone(),
                            _ => {
                                let c = class_line(m, sp.end.line);
                                class_cache = Some((sp.end.line, c.clone()));
                                c
                            }
                        };
                        doc.quotes.push(BlockQuote {
                            range,
                            class_line,
                            last_child,
                            ends_list_item,
                            depth: quote_depth,
                        });
                    }
                    NodeValue::Item(_)
                    | NodeValue::TaskItem(_)
                    | NodeValue::Table(_)
                    | NodeValue::FootnoteDefinition(_) => {
                        containers.pop();
                    }
                    NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell => {
                        if let Some(b) = open.pop() {
                            let start = b.text.min(block_text.len());
                            // Exactly as long as the text (none when it is empty).
                            let text = String::from(&block_text[start..]);
                            block_text.truncate(start);
                            if b.kind == BlockKind::Paragraph {
                                let t = text.trim();
                                if t.starts_with('{') && t.ends_with('}') && !t.contains('\n') {
                                    doc.attr_paragraphs.push(AttrParagraph {
                                        range: b.range.clone(),
                                        content: t.to_string(),
                                    });
                                }
                            }
                            let cuts = slug_cuts.partition_point(|r| r.start < start);
                            if b.kind == BlockKind::Heading {
                                let level = heading_levels.pop().unwrap_or(1);
                                let (heading, explicit_id) = heading_text(&text);
                                let slug_text = (cuts < slug_cuts.len()).then(|| {
                                    let mut kept = String::with_capacity(text.len());
                                    let mut last = 0;
                                    for r in &slug_cuts[cuts..] {
                                        let (a, z) = (r.start - start, r.end - start);
                                        kept.push_str(text.get(last..a).unwrap_or(""));
                                        last = last.max(z);
                                    }
                                    kept.push_str(text.get(last..).unwrap_or(""));
                                    heading_text(&kept).0
                                });
                                let written = m.text.get(b.range.clone()).unwrap_or("");
                                let marks = written.bytes().take_while(|&c| c == b'#').count();
                                doc.headings.push(Heading {
                                    level,
                                    range: b.range.clone(),
                                    number: heading_number(&heading),
                                    text: heading,
                                    id: String::new(),
                                    explicit_id,
                                    slug_text,
                                    tabset: super::tabset_line(written),
                                    // An underlined heading's text may start with `#`s
                                    // too (`#tag` over `---`), never with a mark and a
                                    // space: that line would be a heading of its own.
                                    atx: marks == usize::from(level)
                                        && written
                                            .as_bytes()
                                            .get(marks)
                                            .is_none_or(|c| b" \t\r\n".contains(c)),
                                });
                            }
                            slug_cuts.truncate(cuts);
                            let start = b.pieces.min(pieces.len());
                            let own = Pieces::from(&pieces[start..]);
                            pieces.truncate(start);
                            doc.blocks.push(TextBlock {
                                kind: b.kind,
                                range: b.range,
                                text,
                                pieces: own,
                                containers: b.containers,
                            });
                        }
                    }
                    NodeValue::Link(l) | NodeValue::Image(l) => {
                        image_depth -= usize::from(is_image && image_depth > 0);
                        let (_, text) = link_stack.pop().unwrap_or_default();
                        let range = m.range(sp);
                        let src = m.text.get(range.clone()).unwrap_or("");
                        let kind = if is_image {
                            LinkKind::Image
                        } else if src.starts_with('[') {
                            LinkKind::Inline
                        } else {
                            LinkKind::Autolink
                        };
                        let url_range = locate_url(src, &l.url)
                            .map(|r| range.start + r.start..range.start + r.end);
                        let attrs = attr_block_after(m.text, range.end);
                        doc.links.push(Link {
                            kind,
                            range,
                            url: std::mem::take(&mut l.url),
                            url_range,
                            text,
                            attrs,
                        });
                    }
                    NodeValue::Strong => strong_depth = strong_depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
    }
    doc.links.sort_by_key(|l| l.range.start);
    // In page order, as the blocks: comrak moves footnote definitions to the end of the tree
    // (the rules look texts and emphasis up by position).
    doc.texts.sort_by_key(|t| t.range.start);
    doc.emphasis.sort_by_key(|e| e.range.start);
    doc.blocks.sort_by_key(|b| b.range.start);
    doc.headings.sort_by_key(|h| h.range.start);
    doc.quotes.sort_by_key(|q| q.range.start);
    depth
}

/// Code spans and HTML tags of an admonition title (one line of inline Markdown). Code spans and
/// backslash-escaped characters are blanked out before tokenising, so `` `<span identity>` ``
/// in a title is not a tag.
fn scan_title(text: &str, range: Range<usize>, doc: &mut Document) {
    let Some(title) = text.get(range.clone()) else {
        return;
    };
    let bytes = title.as_bytes();
    let mut masked = bytes.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() && bytes[i + 1].is_ascii_punctuation() => {
                masked[i] = b' ';
                masked[i + 1] = b' ';
                i += 2;
            }
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let mut j = i + run;
                let mut close = None;
                while j < bytes.len() {
                    if bytes[j] == b'`' {
                        let r = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                        if r == run {
                            close = Some(j + r);
                            break;
                        }
                        j += r;
                    } else {
                        j += 1;
                    }
                }
                match close {
                    Some(end) => {
                        doc.code_spans.push(range.start + i..range.start + end);
                        masked[i..end].fill(b' ');
                        i = end;
                    }
                    None => i += run,
                }
            }
            _ => i += 1,
        }
    }
    // Only whole code spans and ASCII escapes were blanked: still UTF-8.
    let Ok(masked) = String::from_utf8(masked) else {
        return;
    };
    let base = range.start;
    html::tokenize_into(&masked, false, &|o| base + o, &mut doc.html);
}

/// A `{.is-info}` line's range and class names.
type ClassLine = (Range<usize>, Vec<String>);

/// The bytes between the inline before a soft break and the inline after it, when they are
/// just the line break, whitespace and block-quote markers.
fn soft_break<'a>(
    node: &'a AstNode<'a>,
    m: &Mapper<'_>,
    escapes: &PipeEscapes,
) -> Option<Range<usize>> {
    let prev = node.previous_sibling()?;
    let next = node.next_sibling()?;
    let mut start = m.range(escapes.fix(prev.data.borrow().sourcepos)).end;
    let end = m.range(escapes.fix(next.data.borrow().sourcepos)).start;
    let bytes = m.text.as_bytes();
    while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    let gap = m.text.get(start..end)?;
    let ok = gap.bytes().filter(|&b| b == b'\n').count() == 1
        && gap
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>'));
    ok.then_some(start..end)
}

/// The `{...}` line that ends a blockquote (`{.is-info}` after `> ...`), if any.
fn class_line(m: &Mapper<'_>, line: usize) -> Option<ClassLine> {
    let r = m.lines.line_range(m.text, line)?;
    let raw = &m.text[r.clone()];
    let t = raw.trim_start_matches(['>', ' ', '\t']);
    let t = t.trim_end();
    if !(t.starts_with('{') && t.ends_with('}')) {
        return None;
    }
    let start = r.start + (raw.len() - raw.trim_start_matches(['>', ' ', '\t']).len());
    let classes = t[1..t.len() - 1]
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('.'))
        .map(str::to_string)
        .collect();
    Some((start..start + t.len(), classes))
}

/// Where `url` is written in a link's source `[text](url "title")`.
fn locate_url(src: &str, url: &str) -> Option<Range<usize>> {
    if url.is_empty() {
        let i = memchr::memmem::rfind(src.as_bytes(), b"](")?;
        return Some(i + 2..i + 2);
    }
    for pat in ["](", "](<"] {
        let mut from = 0;
        while let Some(i) = find_ascii(&src[from..], pat) {
            let s = from + i + pat.len();
            let rest = &src[s..];
            let trimmed = rest.trim_start();
            let s = s + (rest.len() - trimmed.len());
            if trimmed.starts_with(url) {
                return Some(s..s + url.len());
            }
            from = from + i + pat.len();
        }
    }
    if src.starts_with('<') && src[1..].starts_with(url) {
        return Some(1..1 + url.len());
    }
    // A bare autolink is its URL; a reference link or an e-mail autolink (`mailto:` added)
    // does not hold it. Both are answered without building a substring searcher.
    if src.starts_with(url) {
        return Some(0..url.len());
    }
    if url.len() > src.len() {
        return None;
    }
    memchr::memmem::find(src.as_bytes(), url.as_bytes()).map(|i| i..i + url.len())
}

/// `hay.find(pat)` for a pattern that starts with an ASCII byte: a vectorised search for that
/// byte, without building a substring searcher (links are many, and short).
fn find_ascii(hay: &str, pat: &str) -> Option<usize> {
    let (h, p) = (hay.as_bytes(), pat.as_bytes());
    let (&first, rest) = p.split_first()?;
    let mut from = 0;
    while let Some(i) = memchr::memchr(first, &h[from..]) {
        let at = from + i;
        if h[at + 1..].starts_with(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A `{...}` attribute block directly after `end` on the same line (with no `{` inside: a
/// second `{` starts another block). Reads only up to the first `}`, `{` or line break, so
/// links side by side on a long line cost their own length, not the line's each.
pub fn attr_block_after(text: &str, end: usize) -> Option<(String, Range<usize>)> {
    let rest = text.get(end..)?.strip_prefix('{')?;
    let stop = rest.find(['}', '{', '\n'])?;
    if rest.as_bytes()[stop] != b'}' {
        return None;
    }
    Some((rest[..stop].to_string(), end..end + stop + 2))
}

/// Splits a trailing `{...}` attribute block off a heading's text: `(text, attrs)`.
pub fn split_trailing_attrs(text: &str) -> (&str, Option<&str>) {
    let t = text.trim_end();
    if t.ends_with('}')
        && let Some(open) = t.rfind('{')
    {
        let inner = &t[open + 1..t.len() - 1];
        if !inner.contains('{') {
            return (t[..open].trim_end(), Some(inner));
        }
    }
    (t, None)
}

/// Whether a node is an inline element an attribute list right after it belongs to.
fn is_inline_element(value: &NodeValue) -> bool {
    matches!(
        value,
        NodeValue::Code(_)
            | NodeValue::Image(_)
            | NodeValue::Link(_)
            | NodeValue::Emph
            | NodeValue::Strong
            | NodeValue::Strikethrough
            | NodeValue::Superscript
            | NodeValue::Subscript
            | NodeValue::Highlight
            | NodeValue::HtmlInline(_)
    )
}

/// A heading's text (its lines joined by spaces, without a trailing `{...}` attribute block)
/// and its explicit `{#id}`, from the heading block's plain text.
fn heading_text(block: &str) -> (String, Option<String>) {
    let joined;
    let full = if block.contains('\n') {
        joined = block.replace('\n', " ");
        joined.as_str()
    } else {
        block
    };
    let (text, attrs) = split_trailing_attrs(full);
    (text.to_string(), attrs.and_then(attr_list_id))
}

/// The id an attribute list's content gives (`#id`, `id=id`, `id="id"`, `id='id'`, after an
/// optional `:` as attr_list allows it, glued or not: `{:#id}`, `{: #id}`), the first one
/// written.
pub fn attr_list_id(content: &str) -> Option<String> {
    let content = content.strip_prefix(':').unwrap_or(content);
    attr_list_tokens(content)
        .find_map(|w| {
            w.strip_prefix('#').or_else(|| {
                w.strip_prefix("id=")
                    .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
            })
        })
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

/// The first `}` of `s` outside single or double quotes: where an attribute list whose values
/// may hold braces (`{ data-x='{"a": 1}' }`) ends.
pub fn close_outside_quotes(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    s.bytes().position(|c| match (quote, c) {
        (None, b'}') => true,
        (None, b'"' | b'\'') => {
            quote = Some(c);
            false
        }
        (Some(q), c) if c == q => {
            quote = None;
            false
        }
        _ => false,
    })
}

/// An attribute list's words, split at whitespace outside quotes (`title="a b"` is one).
pub fn attr_list_tokens(content: &str) -> impl Iterator<Item = &str> {
    let b = content.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        let mut quote: Option<u8> = None;
        while i < b.len() {
            match (quote, b[i]) {
                (None, c) if c.is_ascii_whitespace() => break,
                (None, c @ (b'"' | b'\'')) => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            i += 1;
        }
        content.get(start..i)
    })
}

/// The length of the attribute list that starts `text` (`{ .py }`, `{: #id }`,
/// `{ width="20" }`), when everything in it is attribute syntax: what attr_list and
/// markdown-it-attrs take from the text right after an inline element.
pub fn leading_attr_list(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('{')?;
    let close = close_outside_quotes(rest)?;
    let content = &rest[..close];
    let content = content.strip_prefix(':').unwrap_or(content);
    let mut words = attr_list_tokens(content).peekable();
    words.peek()?;
    words
        .all(|w| {
            (w.len() > 1 && w.starts_with(['.', '#']))
                || w.split_once('=').is_some_and(|(k, _)| {
                    !k.is_empty()
                        && k.bytes().all(|c| {
                            c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b':'
                        })
                })
        })
        .then_some(close + 2)
}

fn finish_headings(doc: &mut Document) {
    let style = match doc.dialect {
        Dialect::Wikijs => SlugStyle::WikiJs,
        Dialect::Mkdocs => SlugStyle::MkDocs,
    };
    let mut counter = SlugCounter::with_capacity(style, doc.headings.len());
    // MkDocs reserves every explicit id before slugging.
    if style == SlugStyle::MkDocs {
        for id in doc.headings.iter().filter_map(|h| h.explicit_id.as_ref()) {
            counter.reserve(id);
        }
    }
    for h in &mut doc.headings {
        let text = h.slug_text.as_deref().unwrap_or(&h.text);
        h.id = match (&h.explicit_id, style) {
            // Wiki.js treats an explicit id like any other: `h-` before a digit, numbered
            // when repeated.
            (Some(id), SlugStyle::WikiJs) => counter.unique(wikijs_explicit_id(id)),
            (Some(id), SlugStyle::MkDocs) => id.clone(),
            // Wiki.js renders `:tada:` as an emoji before slugging, and the slug drops emoji;
            // pymdownx.emoji's icons and emoji are no text of a MkDocs id either.
            (None, SlugStyle::WikiJs) => counter.unique(wikijs_slug(
                &crate::document::icon::heading_slug_text(doc.dialect, text),
            )),
            // The site's `toc` slugify; one guide-lint does not know gives the default's ids,
            // and no link into the page is told broken (`workspace::IncludedAnchors`).
            (None, SlugStyle::MkDocs) => {
                let text = crate::document::icon::heading_slug_text(doc.dialect, text);
                counter.unique(doc.toc.slug(&text).unwrap_or_else(|| mkdocs_slug(&text)))
            }
        };
    }
}

/// `2.` / `3.1` / `4)` at the start of a heading.
pub fn heading_number(text: &str) -> Option<String> {
    let t = text.trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let n = t[..end].trim_end_matches('.');
    if n.is_empty() || !n.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::PipeEscapes;
    use proptest::prelude::*;

    #[test]
    fn markup_is_what_both_renderers_read_as_markup() {
        use super::holds_markup;
        assert!(!holds_markup(
            "Plain text, https://example.com and a line.\nAnother."
        ));
        assert!(holds_markup("Some **bold**."));
        assert!(holds_markup("1. one\n2. two\n"));
        assert!(holds_markup("- one\n- two\n"));
        // Python-Markdown reads no list in `1)`: the text shows as written on both sites.
        assert!(!holds_markup("1) one\n2) two\n"));
        assert!(holds_markup("1) **one**\n"));
    }

    /// Each node's kind and source position, in tree order (the document node aside: its end
    /// is the text's, which nothing reads).
    fn outline<'a>(root: &'a comrak::nodes::AstNode<'a>) -> Vec<String> {
        root.descendants()
            .skip(1)
            .map(|n| {
                let d = n.data.borrow();
                let kind = format!("{:?}", d.value);
                let kind = kind.split(['(', ' ', '{']).next().unwrap_or("").to_string();
                format!("{kind} {:?}", d.sourcepos)
            })
            .collect()
    }

    proptest! {
        /// A page whose header is blanked for comrak in place gets the tree a copy without the
        /// header gets: the same nodes at the same lines and columns.
        #[test]
        fn a_blanked_header_reads_as_a_cut_one(
            bom in proptest::bool::ANY,
            crlf in proptest::bool::ANY,
            body in "(# T|- a|1. b|    c|> d|`e`|\\*f\\*|<b>g</b>|h|\\| i \\||---| |\n){0,12}",
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let header = format!("---{nl}title: Ab{nl}tags: x, y{nl}---{nl}");
            let text = format!("{}{header}{body}", if bom { "\u{feff}" } else { "" });
            let body_start = text.len() - body.len();
            let lines = super::LineIndex::new(&text);
            let last = lines.starts().partition_point(|&s| s < body_start) - 1;
            let arena = comrak::Arena::new();
            let mut removed = Vec::new();
            let cut = super::parse_copy(
                &text,
                &mut removed,
                &lines,
                body_start,
                Some(last),
                &mut Vec::new(),
                &arena,
            );
            let arena2 = comrak::Arena::new();
            let mut given = text.clone();
            let root = super::parse_blanked(&mut given, body_start, &arena2);
            prop_assert_eq!(outline(root), outline(cut));
            prop_assert_eq!(given, text);
        }

        /// The search from the last answer agrees with a count from the start, whatever the
        /// order of the questions.
        #[test]
        fn escapes_before_a_column_are_counted_from_any_last_answer(
            gaps in prop::collection::vec(0usize..4, 0..60),
            asked in prop::collection::vec(0usize..250, 1..80),
        ) {
            let mut columns = Vec::new();
            let mut at = 1;
            for g in gaps {
                at += g;
                columns.push(at);
            }
            let escapes = PipeEscapes::default();
            for column in asked {
                let counted = columns.iter().filter(|&&c| c <= column).count();
                prop_assert_eq!(escapes.before(&columns, column), counted);
            }
        }
    }
}
