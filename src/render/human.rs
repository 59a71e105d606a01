//! Human output with miette: the source line, a label under the exact span, the rule code and
//! name, and the help text.

use std::collections::HashMap;
use std::fmt::Write as _;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::CheckReport;
use crate::document::LineIndex;
use crate::document::line_index::{ceil_char_boundary, floor_char_boundary, lone_cr_as_lf};
use crate::finding::{Finding, Severity};
use crate::logsafe;
use crate::util::push_number;

/// A finding as miette draws it. Only its source excerpt is drawn by miette for each finding
/// (`part` [`Part::Snippet`]): the header (code and message) and the footer (help) are drawn
/// once per distinct text and reused, since wrapping a paragraph (textwrap, with Unicode line
/// breaking) costs more than the excerpt itself and findings of one rule repeat the same help.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: CharColumns<'a>,
    code: &'a str,
    part: Part<'a>,
}

/// What of a finding a render draws: each part is what miette draws for the finding, cut
/// out of a render that holds only that part and the parts before it.
#[derive(Clone, Copy)]
enum Part<'a> {
    /// The code line and the message (no source, no help).
    Head,
    /// An empty message and the source excerpt: the excerpt is what follows the empty
    /// message's line.
    Snippet,
    /// An empty message, or it and this help text below it.
    Help(Option<&'a str>),
}

/// A page's text for miette, borrowed (never copied per finding), reporting columns in
/// characters as editors and terminals count them (miette counts bytes: each Danish letter
/// before a finding would shift it by one). Spans are read through the page's line index, so a
/// finding costs the same near the end of a large file as at its start.
struct CharColumns<'a> {
    name: String,
    source: &'a Source<'a>,
}

/// A page's text as miette reads it (every lone `\r` made `\n`: miette splits lines at `\n`
/// and `\r\n` only, the line index at all three; control characters escaped, so that no
/// byte of the page reaches the terminal or a CI log raw), with its line index.
struct Source<'a> {
    /// The text when nothing needed escaping (else empty, and `escaped` holds it): the page
    /// itself unless it has a lone `\r`.
    plain: std::borrow::Cow<'a, str>,
    escaped: Option<logsafe::Source>,
    lines: LineIndex,
}

impl<'a> Source<'a> {
    fn new(page: &'a str) -> Self {
        let plain = lone_cr_as_lf(page);
        let escaped = logsafe::Source::new(&plain);
        let plain = if escaped.is_some() {
            std::borrow::Cow::Borrowed("")
        } else {
            plain
        };
        let lines = LineIndex::new(escaped.as_ref().map_or(&plain, |s| &s.text));
        Self {
            plain,
            escaped,
            lines,
        }
    }

    fn text(&self) -> &str {
        self.escaped.as_ref().map_or(&self.plain, |s| &s.text)
    }

    /// `range` (offsets in the page) moved into the shown text, onto character boundaries, and
    /// shortened to [`MAX_LABEL`] bytes and [`MAX_LABEL_LINES`] lines (a label over a whole
    /// page would print the whole page under each finding).
    fn label_span(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let range = match &self.escaped {
            Some(s) => s.offset(range.start)..s.offset(range.end.max(range.start)),
            None => range,
        };
        let text = self.text();
        let start = floor_char_boundary(text, range.start.min(text.len()));
        let mut end = ceil_char_boundary(text, range.end.clamp(start, text.len()));
        let first = self.lines.line_col(start).line;
        if self.lines.line_col(end).line > first + MAX_LABEL_LINES
            && let Some(r) = self.lines.line_range(text, first + MAX_LABEL_LINES)
        {
            end = r.end;
        }
        if end - start > MAX_LABEL {
            end = floor_char_boundary(text, start + MAX_LABEL);
        }
        start..end.max(start)
    }
}

/// The longest label drawn under a finding, in bytes and in lines.
const MAX_LABEL: usize = 4096;
const MAX_LABEL_LINES: usize = 40;
/// Bytes of a long line shown on each side of a finding.
const WINDOW: usize = 160;

/// What [`SourceCode::read_span`] answers for a span: the bytes shown (`data`), the 1-based
/// first and last lines shown, and the 0-based character column of the span's start.
struct Excerpt {
    data: std::ops::Range<usize>,
    from_line: usize,
    to_line: usize,
    column: usize,
}

impl Source<'_> {
    /// The lines around `offset..offset + len` as miette is given them: `before` and `after`
    /// context lines, and a long line cut to a window around the span.
    fn excerpt(&self, offset: usize, len: usize, before: usize, after: usize) -> Option<Excerpt> {
        let (text, lines) = (self.text(), &self.lines);
        if offset > text.len() {
            return None;
        }
        let start = floor_char_boundary(text, offset);
        let end = ceil_char_boundary(text, (offset + len).max(start));
        let first = lines.line_col(start).line;
        // The line of the span's last byte (an empty span's own line).
        let last = lines.line_col(end.saturating_sub(1).max(start)).line;
        let line_start = lines.line_start(first).unwrap_or(0);

        // The context lines around the span; a long line is cut to a window around the span.
        let mut from_line = first.saturating_sub(before).max(1);
        let mut data_start = lines.line_start(from_line).unwrap_or(line_start);
        if start - data_start > 4 * WINDOW {
            from_line = first;
            data_start = line_start;
        }
        if start - data_start > 2 * WINDOW {
            data_start = floor_char_boundary(text, start - WINDOW);
        }
        let to_line = (last + after).min(lines.line_count());
        // A line's end, its terminator included (as miette's own reader does).
        let line_end = |l: usize| lines.line_start(l + 1).unwrap_or(text.len());
        let mut data_end = line_end(to_line).max(end);
        if data_end - end > 4 * WINDOW {
            data_end = line_end(last).max(end);
        }
        if data_end - end > 2 * WINDOW {
            data_end = ceil_char_boundary(text, end + WINDOW);
        }
        Some(Excerpt {
            data: data_start..data_end,
            from_line,
            to_line,
            column: lines.char_column(text, start) - 1,
        })
    }
}

impl SourceCode for CharColumns<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let e = self
            .source
            .excerpt(
                span.offset(),
                span.len(),
                context_lines_before,
                context_lines_after,
            )
            .ok_or(MietteError::OutOfBounds)?;
        let data = &self.source.text().as_bytes()[e.data.clone()];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::from(e.data),
            e.from_line - 1,
            e.column,
            e.to_line + 1 - e.from_line,
        )))
    }
}

/// miette's width of a tab stop, as [`handler`] leaves it.
const TAB_WIDTH: usize = 4;

/// One line of an excerpt, as miette's graphical handler splits it: its 1-based number, its
/// offset and length (line ending included) in the shown text, and its text.
struct ExcerptLine {
    number: usize,
    offset: usize,
    length: usize,
    text: std::ops::Range<usize>,
    /// A lone `\r` kept in the line's text (miette keeps it; drawn only by miette).
    odd: bool,
}

/// The source excerpt of a finding whose label lies on one line (nearly every finding),
/// written to `out` exactly as miette's graphical handler (without colour, context of one
/// line) draws it, without miette's general machinery (a third of a finding's cost in human
/// output). `false`, with nothing written, for anything else (a label over several lines,
/// a label of several lines, escape bytes in the excerpt): miette draws those.
fn plain_snippet(
    source: &Source<'_>,
    name: &str,
    span: std::ops::Range<usize>,
    label: &str,
    out: &mut String,
) -> bool {
    use unicode_width::UnicodeWidthChar;
    if label.contains('\n') {
        return false;
    }
    let text = source.text();
    let (offset, len) = (span.start, span.len());
    let Some(e) = source.excerpt(offset, len, 1, 1) else {
        return false;
    };
    let data = &text[e.data.clone()];
    if data.contains('\x1b') {
        return false;
    }
    // miette's line split (`get_lines`): `\n` and `\r\n` end a line, a lone `\r` stays in it.
    // The line breaks are found by a vectorised search: an excerpt's lines can be long (a
    // table row of images), and are read for every finding on them.
    let mut lines: Vec<ExcerptLine> = Vec::with_capacity(e.to_line + 1 - e.from_line);
    {
        let bytes = data.as_bytes();
        let mut number = e.from_line - 1;
        let mut line_offset = e.data.start;
        let mut text_start = 0;
        let mut odd = false;
        let mut scan = 0;
        while scan < bytes.len() {
            // The next `\n` or `\r`; without one, the rest of the excerpt is its last line.
            let (i, ends, next) = match memchr::memchr2(b'\n', b'\r', &bytes[scan..]) {
                Some(k) => {
                    let i = scan + k;
                    match bytes[i] {
                        b'\r' if bytes.get(i + 1) == Some(&b'\n') => (i, true, i + 2),
                        b'\r' => {
                            odd = true;
                            (i, false, i + 1)
                        }
                        _ => (i, true, i + 1),
                    }
                }
                None => (bytes.len(), false, bytes.len()),
            };
            scan = next;
            if ends || next >= bytes.len() {
                number += 1;
                lines.push(ExcerptLine {
                    number,
                    offset: line_offset,
                    length: e.data.start + next - line_offset,
                    text: e.data.start + text_start..e.data.start + if ends { i } else { next },
                    odd,
                });
                line_offset = e.data.start + next;
                text_start = next;
                odd = false;
            }
        }
    }
    if lines.iter().any(|l| l.odd) {
        return false;
    }
    // The label must be drawn under one line only, with no gutter (miette's `Line` tests).
    let spanlen = len.max(1);
    let mut under = None;
    for (k, l) in lines.iter().enumerate() {
        let end = l.offset + l.length;
        let applies = (offset >= l.offset && offset < end)
            || (offset < l.offset && offset + spanlen > end)
            || (offset + spanlen > l.offset && offset + spanlen <= end);
        let line_only = offset >= l.offset && offset + len <= end;
        if applies {
            if !line_only || under.is_some() {
                return false;
            }
            under = Some(k);
        }
    }
    let width_of = |c: char, column: usize| match c {
        '\t' => TAB_WIDTH - column % TAB_WIDTH,
        c => c.width().unwrap_or(0),
    };
    // Drawn with pushes, not `write!`: padding through the formatter writes its spaces one
    // character at a time (a tenth of a human-output run's instructions went there).
    let linum_width = digits(lines.last().map_or(0, |l| l.number));
    repeat_into(out, " ", linum_width + 2);
    out.push_str("╭─[");
    out.push_str(name);
    out.push(':');
    push_number(
        out,
        source
            .lines
            .line_col(floor_char_boundary(text, offset))
            .line as u128,
    );
    out.push(':');
    push_number(out, (e.column + 1) as u128);
    out.push_str("]\n");
    for (k, l) in lines.iter().enumerate() {
        out.push(' ');
        repeat_into(out, " ", linum_width - digits(l.number));
        push_number(out, l.number as u128);
        out.push_str(" │ ");
        let line_text = &text[l.text.clone()];
        // Printable ASCII (most lines): one column a byte, copied at once.
        let printable = line_text.bytes().all(|b| (0x20..0x7f).contains(&b));
        if printable {
            out.push_str(line_text);
        } else {
            let mut column = 0;
            for c in line_text.chars() {
                let w = width_of(c, column);
                column += w;
                if c == '\t' {
                    out.extend(std::iter::repeat_n(' ', w));
                } else {
                    out.push(c);
                }
            }
        }
        out.push('\n');
        if under != Some(k) {
            continue;
        }
        // `visual_offset`: the columns before a byte of the line, a span past the line's text
        // one column further.
        let visual = |byte: usize, start: bool| {
            if printable {
                let i = byte - l.offset;
                return i.min(line_text.len()) + usize::from(i > line_text.len());
            }
            let mut i = byte - l.offset;
            while i <= line_text.len() && !line_text.is_char_boundary(i) {
                if start {
                    i -= 1;
                } else {
                    i += 1;
                }
            }
            let mut column = 0;
            for c in line_text[..i.min(line_text.len())].chars() {
                column += width_of(c, column);
            }
            column + usize::from(i > line_text.len())
        };
        let start = visual(offset, true);
        let end = if len == 0 {
            start + 1
        } else {
            visual(offset + len, false).max(start + 1)
        };
        let bar = (start + end) / 2;
        let gutter = |out: &mut String| {
            repeat_into(out, " ", linum_width + 1);
            out.push_str(" · ");
        };
        gutter(out);
        repeat_into(out, " ", start);
        repeat_into(out, "─", bar - start);
        out.push(if len == 0 { '▲' } else { '┬' });
        repeat_into(out, "─", end - bar - 1);
        out.push('\n');
        gutter(out);
        repeat_into(out, " ", bar);
        out.push_str("╰── ");
        out.push_str(label);
        out.push('\n');
    }
    repeat_into(out, " ", linum_width + 2);
    out.push_str("╰────\n");
    true
}

/// `n` copies of the one-character string `unit` (a space, `─`) at the end of `out`, copied
/// from a run of them a slice at a time.
fn repeat_into(out: &mut String, unit: &str, n: usize) {
    const SPACES: &str = "                                                                ";
    const RULES: &str = "────────────────────────────────────────────────────────────────";
    let run = if unit == " " { SPACES } else { RULES };
    debug_assert!(run.starts_with(unit) && run.len() == 64 * unit.len());
    let mut left = n;
    while left > 0 {
        let k = left.min(64);
        out.push_str(&run[..k * unit.len()]);
        left -= k;
    }
}

/// How many decimal digits `n` is written with.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

impl std::fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.part {
            Part::Head => f.write_str(&logsafe::text(&self.finding.message)),
            Part::Snippet | Part::Help(_) => Ok(()),
        }
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        match self.part {
            Part::Head => Some(Box::new(self.code)),
            Part::Snippet | Part::Help(_) => None,
        }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        match self.part {
            Part::Help(Some(help)) => Some(Box::new(help)),
            Part::Head | Part::Snippet | Part::Help(None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match self.part {
            Part::Snippet => Some(&self.source),
            Part::Head | Part::Help(_) => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !matches!(self.part, Part::Snippet) {
            return None;
        }
        let f = self.finding;
        let span = SourceSpan::from(self.source.source.label_span(f.range.clone()));
        let label = logsafe::text(f.label.as_deref().unwrap_or(&f.message)).into_owned();
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(label), span),
        )))
    }
}

/// A finding's help text as shown: its own help, then how to fix it; control characters
/// escaped. `None` when there is neither.
fn help_text(f: &Finding) -> Option<String> {
    let mut help = f.help.as_deref().unwrap_or_default().to_string();
    if let Some(fix) = &f.fix {
        let how = match fix.applicability {
            crate::finding::Applicability::Safe => "fixable with `--fix`",
            crate::finding::Applicability::Unsafe => "fixable with `--fix --unsafe-fixes`",
            crate::finding::Applicability::DisplayOnly => "",
        };
        if !how.is_empty() {
            if !help.is_empty() {
                help.push('\n');
            }
            let _ = write!(help, "{how}: {}", fix.message);
        }
    }
    (!help.is_empty()).then(|| logsafe::multiline(&help).into_owned())
}

/// How miette wraps messages and help texts in human output: at spaces only, so that a path,
/// a URL or a hyphenated name is never cut across two lines.
const WORD_SEPARATOR: textwrap::WordSeparator = textwrap::WordSeparator::AsciiSpace;
const WORD_SPLITTER: textwrap::WordSplitter = textwrap::WordSplitter::NoHyphenation;

/// `textwrap::fill(text, options)` with the options miette's handler wraps with (`width`, the
/// two indents, words broken when longer than a line, [`WORD_SEPARATOR`], [`WORD_SPLITTER`],
/// first fit), appended to `out`. Written out here because textwrap's general machinery (a
/// boxed iterator and a vector per line, widths measured twice) cost more than drawing the
/// rest of a finding; text with an escape character (which textwrap measures apart) goes to
/// textwrap itself. A property test holds the two to the same output.
fn fill_into(out: &mut String, text: &str, width: usize, initial: &str, subsequent: &str) {
    if text.contains('\x1b') || initial.contains('\x1b') || subsequent.contains('\x1b') {
        out.push_str(&textwrap_fill(text, width, initial, subsequent));
        return;
    }
    if text.len() < width && !text.contains('\n') && initial.is_empty() {
        out.push_str(text.trim_end_matches(' '));
        return;
    }
    let widths = [
        width.saturating_sub(text_width(initial)),
        width.saturating_sub(text_width(subsequent)),
    ];
    // The lines written so far (an indent goes by it, as in textwrap: the first line of the
    // whole text gets `initial`).
    let mut lines = 0usize;
    let mut words: Vec<Piece> = Vec::new();
    for line in text.split('\n') {
        let indent = if lines == 0 { initial } else { subsequent };
        if line.len() < width && indent.is_empty() {
            if lines > 0 {
                out.push('\n');
            }
            out.push_str(line.trim_end_matches(' '));
            lines += 1;
            continue;
        }
        // Words: a run of characters and the spaces after it; one longer than a line (the
        // second line's width) is broken into pieces that fit, the spaces going to the last.
        words.clear();
        if !initial.is_empty() {
            words.push(Piece {
                start: 0,
                end: 0,
                width: 0,
                space: 0,
            });
        }
        let mut start = 0;
        let bytes = line.as_bytes();
        while start < line.len() {
            let word_end = memchr::memchr(b' ', &bytes[start..]).map_or(line.len(), |i| start + i);
            let mut space_end = word_end;
            while bytes.get(space_end) == Some(&b' ') {
                space_end += 1;
            }
            let word = &line[start..word_end];
            let w = text_width(word);
            if w > widths[1] {
                let (mut from, mut acc) = (start, 0);
                for (i, ch) in word.char_indices() {
                    let cw = char_width(ch);
                    if acc > 0 && acc + cw > widths[1] {
                        words.push(Piece {
                            start: from,
                            end: start + i,
                            width: acc,
                            space: 0,
                        });
                        from = start + i;
                        acc = 0;
                    }
                    acc += cw;
                }
                words.push(Piece {
                    start: from,
                    end: word_end,
                    width: acc,
                    space: space_end - word_end,
                });
            } else {
                words.push(Piece {
                    start,
                    end: word_end,
                    width: w,
                    space: space_end - word_end,
                });
            }
            start = space_end;
        }
        // First fit: a piece goes on the current line unless it would pass the line's width
        // and the line has a piece already. As in textwrap, the first row of each line of the
        // text is fitted to the first line's width.
        let mut first = 0;
        let mut acc = 0;
        let mut rows = 0;
        let emit = |from: usize, to: usize, out: &mut String, lines: &mut usize| {
            if *lines > 0 {
                out.push('\n');
            }
            match words[from..to].last() {
                None => {}
                Some(last) => {
                    out.push_str(if *lines == 0 { initial } else { subsequent });
                    out.push_str(&line[words[from].start..last.end]);
                }
            }
            *lines += 1;
        };
        for (k, piece) in words.iter().enumerate() {
            let line_width = widths[rows.min(1)];
            if acc + piece.width > line_width && k > first {
                emit(first, k, out, &mut lines);
                rows += 1;
                first = k;
                acc = 0;
            }
            acc += piece.width + piece.space;
        }
        emit(first, words.len(), out, &mut lines);
    }
}

/// `textwrap::fill` with the options miette's handler wraps with (see [`fill_into`]).
fn textwrap_fill(text: &str, width: usize, initial: &str, subsequent: &str) -> String {
    let options = textwrap::Options::new(width)
        .initial_indent(initial)
        .subsequent_indent(subsequent)
        .break_words(true)
        .word_separator(WORD_SEPARATOR)
        .word_splitter(WORD_SPLITTER);
    textwrap::fill(text, options)
}

/// A piece of a line being wrapped: its text's byte range, its width and the spaces after it.
struct Piece {
    start: usize,
    end: usize,
    width: usize,
    space: usize,
}

/// Display width as textwrap measures it (without escape sequences, which [`fill_into`] leaves
/// to textwrap).
fn text_width(s: &str) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Options for human output.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

fn handler(opts: HumanOptions) -> GraphicalReportHandler {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_context_lines(1)
        .without_syntax_highlighting()
        .with_word_separator(WORD_SEPARATOR)
        .with_word_splitter(WORD_SPLITTER)
}

/// Renders every finding (and unreadable file) of a report, handed to `emit` a piece at a time
/// (see [`super::render_to`]).
pub fn render_to(report: &CheckReport, opts: HumanOptions, emit: &mut dyn FnMut(&str)) {
    let mut d = Drawing {
        handler: handler(opts),
        parts: Parts::default(),
        opts,
        out: String::new(),
    };
    // Findings come sorted by file: each file's text is looked up (or read again, when it was
    // not held through the run) and its line index built once for all its findings, and only
    // one file's text is held at a time.
    let findings = &report.findings;
    let mut i = 0;
    while i < findings.len() {
        let path = &findings[i].path;
        let n = findings[i..].iter().take_while(|f| f.path == *path).count();
        let run = &findings[i..i + n];
        i += n;
        let text = report.source_text(path);
        let source = Source::new(text.as_deref().unwrap_or_default());
        let name = logsafe::path(path);
        d.file(run, &source, text.is_some(), &name, emit);
    }
    for e in &report.errors {
        d.out.push_str(&super::file_error_line(e));
        d.out.push('\n');
    }
    super::hand_over(&mut d.out, emit, true);
}

/// A report being drawn: the handler, the parts already drawn, and the output not yet handed
/// over.
struct Drawing<'r> {
    handler: GraphicalReportHandler,
    parts: Parts<'r>,
    opts: HumanOptions,
    out: String,
}

impl<'r> Drawing<'r> {
    /// Draws the findings of one file (`run`, its text in `source`, its name as shown),
    /// handing the output over a piece at a time. Without its text (`shown_text` false: the
    /// file could not be read again, or changed after it was checked; `source` is then empty),
    /// no lines are shown: a note says so where they would be.
    fn file(
        &mut self,
        run: &'r [Finding],
        source: &Source<'_>,
        shown_text: bool,
        name: &str,
        emit: &mut dyn FnMut(&str),
    ) {
        let Drawing {
            handler,
            parts,
            opts,
            out,
        } = self;
        for f in run {
            let code = || format!("{} {}", f.rule.code(), f.rule.name());
            let diag = |part, code: &str| {
                drawn(
                    handler,
                    &FindingDiagnostic {
                        finding: f,
                        source: CharColumns {
                            name: name.to_string(),
                            source,
                        },
                        code,
                        part,
                    },
                )
            };
            // Keyed by what the finding holds, borrowed: nothing is copied or escaped for a part
            // already drawn.
            let head = parts
                .heads
                .entry((f.rule, f.severity, &*f.message))
                .or_insert_with(|| {
                    if opts.color {
                        diag(Part::Head, &code())
                    } else {
                        plain_head(f, &code(), opts.width)
                    }
                });
            out.push_str(head);
            let empty = parts
                .empty
                .entry(f.severity)
                .or_insert_with(|| diag(Part::Help(None), &code()));
            let span = source.label_span(f.range.clone());
            let label = shown(f.label.as_deref().unwrap_or(&f.message));
            if !shown_text {
                out.push_str("   ╭─[");
                out.push_str(name);
                out.push_str("]\n   ╰──── ");
                out.push_str(UNSHOWN);
                out.push('\n');
            } else if opts.color || !plain_snippet(source, name, span, &label, out) {
                let snippet = diag(Part::Snippet, &code());
                out.push_str(snippet.strip_prefix(empty.as_str()).unwrap_or(&snippet));
            }
            let help_key = (
                f.help.as_deref(),
                f.fix
                    .as_ref()
                    .map(|x| (applicability_rank(x.applicability), x.message.as_str())),
            );
            // A long help text is nearly always a finding's own (a list of what differs), and
            // drawn without colour it costs little: it is drawn and not kept.
            if !opts.color && f.help.as_deref().map_or(0, str::len) > KEPT_HELP {
                if let Some(help) = help_text(f) {
                    footer_into(out, &help, opts.width);
                }
                out.push('\n');
                super::hand_over(out, emit, false);
                continue;
            }
            let footer = parts.footers.entry(help_key).or_insert_with(|| {
                help_text(f).map(|help| {
                    if !opts.color {
                        return plain_footer(&help, opts.width);
                    }
                    let code = code();
                    let only_help = FindingDiagnostic {
                        finding: f,
                        source: CharColumns {
                            name: String::new(),
                            source,
                        },
                        code: &code,
                        part: Part::Help(Some(&help)),
                    };
                    let with = drawn(handler, &only_help);
                    with.strip_prefix(empty.as_str())
                        .unwrap_or(&with)
                        .to_string()
                })
            });
            if let Some(footer) = footer {
                out.push_str(footer);
            }
            out.push('\n');
            super::hand_over(out, emit, false);
        }
    }
}

/// What stands for a finding's lines when its file's text is not at hand.
const UNSHOWN: &str =
    "lines not shown: the file could not be read again, or changed after it was checked";

/// The longest help text whose drawn footer is kept for the findings after it.
const KEPT_HELP: usize = 256;

/// A finding's code line and message as miette's handler draws them without colour (a code,
/// a blank line, the message wrapped behind the severity's mark).
fn plain_head(f: &Finding, code: &str, width: usize) -> String {
    let mark = match f.severity {
        Severity::Error => "×",
        Severity::Warning => "⚠",
        Severity::Info => "☞",
    };
    let mut out = format!("{code}\n\n");
    let initial = format!("  {mark} ");
    fill_into(
        &mut out,
        &logsafe::text(&f.message),
        width.saturating_sub(2),
        &initial,
        "  │ ",
    );
    out.push('\n');
    out
}

/// A help text as miette's handler draws it without colour, below a finding.
fn plain_footer(help: &str, width: usize) -> String {
    let mut out = String::new();
    footer_into(&mut out, help, width);
    out
}

/// [`plain_footer`], appended to `out`.
fn footer_into(out: &mut String, help: &str, width: usize) {
    fill_into(out, help, width.saturating_sub(2), "  help: ", "        ");
    out.push('\n');
}

/// A label as shown: [`logsafe::text`], answered without it for printable ASCII without a
/// `#` (most labels), which has nothing to escape.
fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'#') {
        return std::borrow::Cow::Borrowed(s);
    }
    logsafe::text(s)
}

fn applicability_rank(a: crate::finding::Applicability) -> u8 {
    match a {
        crate::finding::Applicability::Safe => 0,
        crate::finding::Applicability::Unsafe => 1,
        crate::finding::Applicability::DisplayOnly => 2,
    }
}

/// The help footer's key: the finding's help, and its fix's applicability and message.
type HelpKey<'r> = (Option<&'r str>, Option<(u8, &'r str)>);

/// The parts of findings already drawn: code and message lines, per rule, severity and
/// message; an empty message's line, per severity; help footers (none when a finding has no
/// help), per help and fix.
#[derive(Default)]
struct Parts<'r> {
    heads: foldhash::HashMap<(crate::Rule, Severity, &'r str), String>,
    empty: HashMap<Severity, String>,
    footers: foldhash::HashMap<HelpKey<'r>, Option<String>>,
}

/// What miette draws of a diagnostic.
/// A configuration file's error, drawn with the file's excerpt as a finding's is: control
/// characters escaped and a long line cut to a window around `offset` (the file may come with
/// a pull request, and be one line of megabytes). `name` is the file as shown, already escaped
/// (`logsafe::path`).
pub fn config_error(name: &str, text: &str, offset: usize, message: &str, help: &str) -> String {
    struct ConfigDiagnostic<'a> {
        source: CharColumns<'a>,
        message: String,
        help: &'a str,
        offset: usize,
    }
    impl std::fmt::Debug for ConfigDiagnostic<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.message)
        }
    }
    impl std::fmt::Display for ConfigDiagnostic<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.message)
        }
    }
    impl std::error::Error for ConfigDiagnostic<'_> {}
    impl Diagnostic for ConfigDiagnostic<'_> {
        fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
            Some(Box::new(self.help))
        }
        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            Some(&self.source)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            let span = self.source.source.label_span(self.offset..self.offset);
            Some(Box::new(std::iter::once(
                LabeledSpan::new_primary_with_span(
                    Some("here".to_string()),
                    SourceSpan::from(span),
                ),
            )))
        }
    }
    let source = Source::new(text);
    let diag = ConfigDiagnostic {
        source: CharColumns {
            name: name.to_string(),
            source: &source,
        },
        message: format!("invalid configuration: {}", logsafe::text(message)),
        help,
        offset: offset.min(text.len()),
    };
    let handler = GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let mut out = String::new();
    let _ = handler.render_report(&mut out, &diag);
    out
}

fn drawn(handler: &GraphicalReportHandler, diag: &FindingDiagnostic<'_>) -> String {
    let mut out = String::new();
    let _ = handler.render_report(&mut out, diag);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(text: &str, width: usize, initial: &str, subsequent: &str) -> String {
        let mut out = String::from("kept ");
        fill_into(&mut out, text, width, initial, subsequent);
        out.strip_prefix("kept ").expect("appended").to_string()
    }

    fn finding(severity: Severity, message: &str, help: Option<&str>) -> Finding {
        Finding {
            rule: crate::Rule::ALL[0],
            severity,
            path: std::sync::Arc::from(std::path::Path::new("a.md")),
            range: 0..1,
            message: message.to_string().into(),
            label: None,
            help: help.map(|h| h.to_string().into()),
            fix: None,
            related: Vec::new(),
        }
    }

    /// What miette draws for a finding's head and help footer, as `render_to` asked it before
    /// drawing them itself.
    fn miette_parts(f: &Finding, code: &str, width: usize) -> (String, Option<String>) {
        let handler = handler(HumanOptions {
            color: false,
            width,
        });
        let source = Source::new("x\n");
        let diag = |part: Part<'_>| {
            drawn(
                &handler,
                &FindingDiagnostic {
                    finding: f,
                    source: CharColumns {
                        name: "a.md".into(),
                        source: &source,
                    },
                    code,
                    part,
                },
            )
        };
        let head = diag(Part::Head);
        let empty = diag(Part::Help(None));
        let footer = help_text(f).map(|help| {
            let with = diag(Part::Help(Some(&help)));
            with.strip_prefix(empty.as_str())
                .expect("the footer follows the empty message")
                .to_string()
        });
        (head, footer)
    }

    #[test]
    fn a_help_text_is_cut_at_spaces_only() {
        let help = "keep them as in `en/move-to-another-mastodon-server.md` line 30, \
                    and write `data-identity`, `data-default`";
        for width in [50, 60, 70, 80] {
            let drawn = plain_footer(help, width);
            assert!(drawn.lines().count() > 1, "{drawn}");
            for whole in [
                "`en/move-to-another-mastodon-server.md`",
                "`data-identity`,",
                "`data-default`",
            ] {
                assert!(drawn.contains(whole), "{width}: {drawn}");
            }
        }
    }

    #[test]
    fn heads_and_footers_are_drawn_as_miette_draws_them() {
        let long = "word ".repeat(40);
        let cases = [
            ("short message", Some("short help")),
            (long.as_str(), Some(long.as_str())),
            (
                "a `path/with-hyphens/and-more-and-more-and-more.md` here",
                Some("x\n\ny  z "),
            ),
            (
                "wide 漢字漢字漢字漢字漢字 and é\u{301} letters",
                Some("tab\tand \u{7f} bytes"),
            ),
            (
                "averyveryveryveryveryveryveryveryveryveryveryveryverylongword",
                None,
            ),
            ("  leading and trailing  ", Some("   ")),
            ("", Some("")),
        ];
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for (message, help) in cases {
                for width in [0, 3, 12, 30, 100] {
                    let f = finding(severity, message, help);
                    let (head, footer) = miette_parts(&f, "GL102 relative-component-path", width);
                    assert_eq!(plain_head(&f, "GL102 relative-component-path", width), head);
                    let ours = help_text(&f).map(|h| plain_footer(&h, width));
                    assert_eq!(ours, footer, "{message:?} {help:?} {width}");
                }
            }
        }
    }

    /// The snippets drawn without miette are miette's, around line numbers that change width
    /// (9 to 10, 99 to 100), on lines with tabs and wide characters, with spans that are
    /// empty, at a line's end or long; lines ending in `\n` and in `\r\n`.
    #[test]
    fn snippets_are_drawn_as_miette_draws_them() {
        for eol in ["\n", "\r\n"] {
            snippets_drawn_as_miette_draws_them(eol);
        }
    }

    fn snippets_drawn_as_miette_draws_them(eol: &str) {
        let mut text = String::new();
        for n in 1..=120 {
            match n % 4 {
                0 => text.push_str(&format!("line {n} with a\ttab and `code`{eol}")),
                1 => text.push_str(&format!("line {n} 漢字 wide é and more words here{eol}")),
                2 => text.push_str(eol),
                _ => text.push_str(&format!("{}{eol}", "x".repeat(n))),
            }
        }
        let source = Source::new(&text);
        let handler = handler(HumanOptions {
            color: false,
            width: 80,
        });
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut drawn_here = 0;
        for line in [1, 2, 3, 8, 9, 10, 11, 12, 98, 99, 100, 101, 119, 120] {
            let start = starts[line - 1];
            let line_len = starts[line] - eol.len() - start;
            for (from, len) in [
                (0, 0),
                (0, 1),
                (2, 5),
                (line_len, 0),
                (1, line_len.saturating_sub(1)),
            ] {
                if from + len > line_len || !text.is_char_boundary(start + from) {
                    continue;
                }
                let mut f = finding(Severity::Warning, "message", None);
                f.range = start + from..start + from + len;
                let diag = |part: Part<'_>| {
                    drawn(
                        &handler,
                        &FindingDiagnostic {
                            finding: &f,
                            source: CharColumns {
                                name: "a.md".into(),
                                source: &source,
                            },
                            code: "GL102 relative-component-path",
                            part,
                        },
                    )
                };
                let (snippet, empty) = (diag(Part::Snippet), diag(Part::Help(None)));
                let theirs = snippet.strip_prefix(empty.as_str()).unwrap_or(&snippet);
                let mut ours = String::new();
                let span = source.label_span(f.range.clone());
                if plain_snippet(&source, "a.md", span, "message", &mut ours) {
                    assert_eq!(ours, theirs, "line {line}, {from}+{len}, {eol:?}");
                    drawn_here += 1;
                }
            }
        }
        assert!(
            drawn_here > 40,
            "most were drawn without miette ({eol:?}): {drawn_here}"
        );
    }

    proptest! {
        #[test]
        fn fill_is_textwraps_fill(
            text in "([a-z]{1,12}|[ ]{1,3}|\n|-|/|é|漢|\u{301}|\u{200b}|`|\t){0,40}",
            width in 0usize..40,
            indents in prop::sample::select(vec![
                ("", ""),
                ("  help: ", "        "),
                ("  × ", "  │ "),
                ("ab", ""),
                ("", "  "),
                ("漢 ", "x"),
            ]),
        ) {
            let (initial, subsequent) = indents;
            prop_assert_eq!(
                ours(&text, width, initial, subsequent),
                textwrap_fill(&text, width, initial, subsequent)
            );
        }
    }
}
