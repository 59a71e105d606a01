//! MkDocs Material admonitions (`!!! type "title"` + 4-space indented body), recognised before
//! comrak sees the text: comrak would read the body as an indented code block.
//!
//! The pass finds every admonition (at any indentation, nested ones included) and produces the
//! per-line number of leading bytes to remove so the bodies parse as ordinary Markdown. Lines
//! keep their count, so a comrak line maps back to the same line of the file, shifted by the
//! removed prefix.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admonition {
    /// The header line (`!!! note "Title"`), without its line break.
    pub header_range: Range<usize>,
    /// The marker: `!!!`, `???` or `???+`.
    pub marker: String,
    /// The admonition type (`note`, `warning`...), lowercased as MkDocs does.
    pub kind: String,
    pub kind_range: Range<usize>,
    /// The title between quotes, when quoted (`Some("")` for an explicit empty title).
    pub title: Option<String>,
    /// The title's text inside the quotes.
    pub title_range: Option<Range<usize>>,
    /// Words after the type that are not quoted: MkDocs turns them into CSS classes.
    pub unquoted_words: Option<Range<usize>>,
    /// The indented body, from the line after the header to the last non-blank body line.
    pub body_range: Range<usize>,
    /// 1-based line of the header.
    pub line: usize,
    /// Leading whitespace bytes before the marker.
    pub indent: usize,
}

/// Result of the pass: the admonitions, and per 0-based line the prefix bytes to strip.
#[derive(Debug, Default)]
pub struct Pass {
    pub admonitions: Vec<Admonition>,
    /// For each 0-based line, bytes removed from its start (only body and header lines).
    pub removed: Vec<usize>,
    /// 0-based lines that are admonition headers (blanked for comrak).
    pub headers: Vec<usize>,
    /// 0-based lines that are MkDocs content tab markers (`=== "Title"`, blanked for comrak: the
    /// tab's indented content is dedented like an admonition body, so it parses as Markdown).
    pub tab_markers: Vec<usize>,
    /// The header and tab marker lines (MkDocs pages), each with the indentation comrak is to
    /// see before the line's stand-in (see [`STAND_IN`]): 0-based line, and the byte range of
    /// that indentation in the line (what is left after the open bodies' four columns each).
    pub stand_ins: Vec<(usize, std::ops::Range<usize>)>,
}

/// What comrak reads in place of an admonition header or a tab marker: an HTML comment, a
/// block of its own that renders nothing. Python-Markdown starts a block at `!!! note`, which
/// ends a list before it; an empty line would not (the body after it, indented, would go on
/// the list item), and the body would not be read as it renders (an indented code block, a
/// paragraph). The page walk leaves the comment out of the page's facts. It is no longer than
/// the shortest header read (`!!! x`); a line too short for it would be read as an empty line.
pub const STAND_IN: &str = "<!-->";

struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// The lines of `text` split at the line starts `starts` (a [`super::LineIndex`]'s), without
/// their line breaks. A text ending in a line break ends with an empty line.
fn lines<'a>(text: &'a str, starts: &'a [usize]) -> impl Iterator<Item = Line<'a>> + 'a {
    starts.iter().enumerate().map(move |(n, &start)| {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let body = text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\n')
            .trim_end_matches('\r');
        Line { start, text: body }
    })
}

/// Visual indentation of a line's leading whitespace (tabs to the next multiple of 4).
pub(crate) fn indent_of(s: &str) -> usize {
    let mut col = 0;
    for b in s.bytes() {
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => break,
        }
    }
    col
}

/// The bytes of `s`'s leading spaces and tabs (tab stops of 4) that make up `want` columns of
/// indentation, or fewer when the indentation ends first.
pub fn bytes_for_columns(s: &str, want: usize) -> usize {
    let mut col = 0;
    for (i, b) in s.bytes().enumerate() {
        if col >= want {
            return i;
        }
        match b {
            b' ' => col += 1,
            b'\t' => col += 4 - col % 4,
            _ => return i,
        }
    }
    s.len()
}

/// Parses a header line; returns the admonition without its body.
fn header(line: &Line<'_>, number: usize) -> Option<Admonition> {
    let trimmed = line.text.trim_start_matches([' ', '\t']);
    let lead = line.text.len() - trimmed.len();
    let marker = ["???+", "!!!", "???"]
        .into_iter()
        .find(|m| trimmed.starts_with(m))?;
    let after = &trimmed[marker.len()..];
    // Python-Markdown's pattern (`!!! ?type`, and pymdownx.details' `??? ?type`) takes the
    // space as optional: `!!!note` is an admonition too.
    if !after.starts_with([' ', '\t']) && !after.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let after_trim = after.trim_start();
    let mut pos = line.start + lead + marker.len() + (after.len() - after_trim.len());
    let kind_len = after_trim
        .find(|c: char| c.is_whitespace() || c == '"')
        .unwrap_or(after_trim.len());
    if kind_len == 0 {
        return None;
    }
    let kind = &after_trim[..kind_len];
    if !kind
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let kind_range = pos..pos + kind_len;
    pos += kind_len;
    let rest = &after_trim[kind_len..];
    let rest_trim = rest.trim();
    pos += rest.len() - rest.trim_start().len();
    let mut title = None;
    let mut title_range = None;
    let mut unquoted_words = None;
    if !rest_trim.is_empty() {
        // MkDocs: `type [class ...] ["title"]`: everything before a quoted title is classes.
        if let Some(q) = rest_trim.find('"') {
            let unquoted = rest_trim[..q].trim_end();
            if !unquoted.is_empty() {
                unquoted_words = Some(pos..pos + unquoted.len());
            }
            let inner = &rest_trim[q + 1..];
            let close = inner.rfind('"').unwrap_or(inner.len());
            title = Some(inner[..close].to_string());
            title_range = Some(pos + q + 1..pos + q + 1 + close);
        } else {
            unquoted_words = Some(pos..pos + rest_trim.len());
        }
    }
    Some(Admonition {
        header_range: line.start..line.start + line.text.len(),
        marker: marker.to_string(),
        kind: kind.to_lowercase(),
        kind_range,
        title,
        title_range,
        unquoted_words,
        body_range: 0..0,
        line: number + 1,
        indent: indent_of(line.text),
    })
}

/// Whether an admonition's unquoted words (`??? warning classes`, `!!! note no-title`) read as
/// the CSS classes MkDocs makes of them rather than as a title left unquoted: every word is a
/// lowercase class name (letters, digits, `-` and `_`), and there is one of them or each holds a
/// `-`, `_` or digit. A capital letter (`Important`), punctuation or several plain words (`read
/// this first`) is a title. Material's own modifiers (`inline`, `end`) are classes too.
pub fn words_are_classes(words: &str) -> bool {
    let words: Vec<&str> = words.split_whitespace().collect();
    let class = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    let marked = |w: &str| {
        w.bytes()
            .any(|b| b == b'-' || b == b'_' || b.is_ascii_digit())
    };
    let modifier = |w: &str| matches!(w, "inline" | "end");
    !words.is_empty()
        && words.iter().all(|w| class(w))
        && (words.len() == 1 || words.iter().all(|w| marked(w) || modifier(w)))
}

/// Whether line `n` of `text`, indented `ind` columns, continues a list item: the nearest
/// line above it indented less (blank lines passed over, none indented less than `floor`, the
/// body of the container it is in) is a list item's first line, with its marker indented 4 to
/// 7 columns less (Python-Markdown takes four columns for a list item's next blocks). At most
/// a thousand lines up are read, and none past the last line asked about with the same
/// indentation and container (`asked`): the lines between are indented as much or more, so its
/// answer is this line's too (a run of such lines costs one look each).
fn continues_list_item(
    text: &str,
    starts: &[usize],
    n: usize,
    ind: usize,
    floor: usize,
    asked: &mut Option<Asked>,
) -> bool {
    let answer = list_item_above(text, starts, n, ind, floor, *asked);
    *asked = Some(Asked {
        line: n,
        ind,
        floor,
        answer,
    });
    answer
}

/// A line [`continues_list_item`] was asked about, and its answer.
#[derive(Clone, Copy)]
struct Asked {
    line: usize,
    ind: usize,
    floor: usize,
    answer: bool,
}

fn list_item_above(
    text: &str,
    starts: &[usize],
    n: usize,
    ind: usize,
    floor: usize,
    asked: Option<Asked>,
) -> bool {
    for k in (n.saturating_sub(1000)..n).rev() {
        if let Some(a) = asked.filter(|a| a.line == k && a.ind == ind && a.floor == floor) {
            return a.answer;
        }
        let start = starts[k];
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let line = text.get(start..end).unwrap_or("").trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let i = indent_of(line);
        if i >= ind {
            continue;
        }
        if i < floor {
            return false;
        }
        return list_item_start(line.trim_start_matches([' ', '\t']))
            && ind >= i + 4
            && ind < i + 8;
    }
    false
}

/// Whether `t` (a line without its indentation) starts a list item: `-`, `*` or `+`, or a
/// number of at most nine digits and `.` or `)`, then a blank.
fn list_item_start(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if digits == 0 {
        t.strip_prefix(['-', '*', '+'])
    } else if digits <= 9 {
        t[digits..].strip_prefix(['.', ')'])
    } else {
        None
    };
    rest.is_some_and(|r| r.starts_with([' ', '\t']))
}

/// Whether `line` is a content tab marker: `===` (or `===!`, `===+`, `===+!`), blanks, and a
/// quoted title, alone on the line.
fn is_tab_marker(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    let Some(rest) = t.strip_prefix("===") else {
        return false;
    };
    let marks = rest.len() - rest.trim_start_matches(['!', '+']).len();
    let rest = &rest[marks..];
    if marks > 2 || !rest.starts_with([' ', '\t']) {
        return false;
    }
    let title = rest.trim();
    title.len() >= 2
        && title.starts_with('"')
        && title.ends_with('"')
        && !title[1..title.len() - 1].contains('"')
}

/// Finds admonitions. When `dedent` is true (mkdocs pages), bodies are marked for dedenting,
/// and content tabs (`=== "Title"` + indented content) are read the same way. `starts` are the
/// text's line starts ([`super::LineIndex::starts`]); `text` has no lone `\r` (lines end at
/// `\n`).
pub fn scan(text: &str, starts: &[usize], skip_until: usize, dedent: bool) -> Pass {
    scan_with(
        text,
        starts,
        skip_until,
        dedent,
        has_markers(text, skip_until),
    )
}

/// Whether the text past `skip_until` holds `!!!` or `???`, which every admonition header
/// does (the walk asks once, for the dialect's detection and the scan both).
pub fn has_markers(text: &str, skip_until: usize) -> bool {
    let rest = text.get(skip_until..).unwrap_or("").as_bytes();
    crate::util::find_bytes!(rest, b"!!!").is_some()
        || crate::util::find_bytes!(rest, b"???").is_some()
}

/// [`scan`], given what [`has_markers`] says of the text.
pub fn scan_with(
    text: &str,
    starts: &[usize],
    skip_until: usize,
    dedent: bool,
    markers: bool,
) -> Pass {
    scan_lines::<true>(text, starts, skip_until, dedent, markers)
}

/// [`scan_with`]; `SKIP` passes over the lines that cannot matter without reading them (the
/// slow path, `SKIP == false`, is kept for the property test that compares both).
fn scan_lines<const SKIP: bool>(
    text: &str,
    starts: &[usize],
    skip_until: usize,
    dedent: bool,
    markers: bool,
) -> Pass {
    let mut pass = Pass {
        removed: vec![0; starts.len()],
        ..Pass::default()
    };
    // Every admonition header holds `!!!` or `???`, every tab marker `===` (read on MkDocs
    // pages only): a page with none has nothing to find or dedent.
    let rest = text.get(skip_until..).unwrap_or("").as_bytes();
    if !(markers || (dedent && crate::util::find_bytes!(rest, b"===").is_some())) {
        return pass;
    }
    // Fenced code blocks at the top level hide `!!!`; track them cheaply.
    let mut fence: Option<(u8, usize)> = None;
    // Stack of open admonitions and content tabs: (visual indent of body, index into
    // pass.admonitions, `None` for a tab).
    let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
    // The last line [`continues_list_item`] was asked about, as it answered.
    let mut asked: Option<Asked> = None;
    for (n, line) in lines(text, starts).enumerate() {
        if line.start < skip_until {
            continue;
        }
        // Outside every admonition, tab and fence, only a line that starts (after spaces and
        // tabs) with a marker's or a fence's first byte does anything: most lines of a page.
        if SKIP
            && stack.is_empty()
            && fence.is_none()
            && !matches!(
                line.text.bytes().find(|&b| b != b' ' && b != b'\t'),
                Some(b'!' | b'?' | b'`' | b'~' | b'=')
            )
        {
            continue;
        }
        let blank = line.text.trim().is_empty();
        let ind = indent_of(line.text);
        if !blank {
            while let Some(&(body_indent, _)) = stack.last() {
                if ind >= body_indent {
                    break;
                }
                stack.pop();
            }
        }
        // Each open admonition removes four columns of leading whitespace.
        let base = 4 * stack.len();
        if blank {
            if dedent && !stack.is_empty() {
                pass.removed[n] = bytes_for_columns(line.text, base);
            }
            continue;
        }
        for &(_, idx) in &stack {
            if let Some(idx) = idx {
                pass.admonitions[idx].body_range.end = line.start + line.text.len();
            }
        }
        let content = &line.text[bytes_for_columns(line.text, base)..];
        let stripped = content.trim_start_matches([' ', '\t']);
        if let Some((ch, len)) = fence {
            if stripped.bytes().take_while(|&b| b == ch).count() >= len
                && stripped.trim_start_matches(ch as char).trim().is_empty()
            {
                fence = None;
            }
            if dedent {
                pass.removed[n] = bytes_for_columns(line.text, base);
            }
            continue;
        }
        let run = stripped
            .bytes()
            .take_while(|&b| b == b'`' || b == b'~')
            .count();
        if run >= 3 {
            let ch = stripped.as_bytes()[0];
            if stripped.bytes().take(run).all(|b| b == ch) {
                fence = Some((ch, run));
            }
        }
        // On a MkDocs page a header (and a tab marker, below) is read only at a multiple of
        // four columns: every block Python-Markdown nests (a list item, an admonition, a tab)
        // is indented by four, and the admonition processor reads `!!!` at the start of its
        // block alone, so `  !!! note` under a list item indented by two (or three, under
        // `1.`) is a paragraph of text and its body a code block (GL325 reports the header).
        if fence.is_none()
            && (!dedent || ind.is_multiple_of(4))
            && let Some(mut adm) = header(&line, n)
        {
            adm.body_range = line.start + line.text.len()..line.start + line.text.len();
            let body_indent = adm.indent + 4;
            pass.admonitions.push(adm);
            pass.headers.push(n);
            if dedent {
                pass.removed[n] = line.text.len();
                let cut = line.text.len() - content.len();
                pass.stand_ins
                    .push((n, cut..cut + content.len() - stripped.len()));
            }
            stack.push((body_indent, Some(pass.admonitions.len() - 1)));
            continue;
        }
        // Indented four columns past the innermost open container's body, the line is an
        // indented code block, unless it continues a list item there (`1. Install:` then the
        // tabs, indented four, as Python-Markdown reads a list item's next paragraphs).
        let floor = stack.last().map_or(0, |&(body, _)| body);
        if dedent
            && fence.is_none()
            && ind.is_multiple_of(4)
            && is_tab_marker(content)
            && (ind < floor + 4 || continues_list_item(text, starts, n, ind, floor, &mut asked))
        {
            pass.tab_markers.push(n);
            pass.removed[n] = line.text.len();
            let cut = line.text.len() - content.len();
            pass.stand_ins
                .push((n, cut..cut + content.len() - stripped.len()));
            stack.push((indent_of(line.text) + 4, None));
            continue;
        }
        if dedent {
            pass.removed[n] = bytes_for_columns(line.text, base);
        }
    }
    // Body ranges start after the header's line break.
    for adm in &mut pass.admonitions {
        let after_header = text[adm.header_range.end..]
            .find('\n')
            .map_or(text.len(), |i| adm.header_range.end + i + 1);
        if adm.body_range.end < after_header {
            adm.body_range = after_header.min(text.len())..after_header.min(text.len());
        } else {
            adm.body_range.start = after_header;
        }
    }
    pass
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str, skip_until: usize, dedent: bool) -> Pass {
        super::scan(
            text,
            super::super::LineIndex::new(text).starts(),
            skip_until,
            dedent,
        )
    }

    #[test]
    fn unquoted_words_written_as_classes() {
        for classes in [
            "classes",
            "important",
            "no-title",
            "custom-class other_class",
            "inline",
            "inline end",
            "grid-2 wide-card",
        ] {
            assert!(words_are_classes(classes), "{classes:?}");
        }
        for title in [
            "Important",
            "read this first",
            "highlight blink",
            "Don't skip this",
            "Not all data will be migrated",
            "café",
            "",
        ] {
            assert!(!words_are_classes(title), "{title:?}");
        }
    }

    #[test]
    fn content_tab_markers() {
        for yes in [
            "=== \"A\"",
            "===! \"A b\"",
            "===+ \"\"",
            "===+! \"A\"",
            "  === \"A\"  ",
        ] {
            assert!(is_tab_marker(yes), "{yes}");
        }
        for no in [
            "==== \"A\"",
            "=== A",
            "===+++ \"A\"",
            "===\"A\"",
            "=== \"A\" b",
            "=== \"a\"b\"",
        ] {
            assert!(!is_tab_marker(no), "{no}");
        }
        // The marker line is hidden and the content dedented, on MkDocs pages only.
        let text = "=== \"A\"\n\n    body\n\nafter\n";
        let pass = scan(text, 0, true);
        assert_eq!(pass.tab_markers, vec![0]);
        assert_eq!(&pass.removed[..5], &[7, 0, 4, 0, 0]);
        assert!(scan(text, 0, false).tab_markers.is_empty());
    }

    /// Tabs that continue a list item (indented four past its marker, as Python-Markdown reads
    /// a list item's next blocks), also in an admonition in a list; a marker indented four
    /// under a paragraph is an indented code block.
    #[test]
    fn content_tabs_in_list_items() {
        let text = "1. Install:\n\n    === \"pip\"\n\n        ```sh\n        pip\n        ```\n\n\
                    - item\n\n    !!! note\n\n        === \"X\"\n\n            body\n\n\
                    Para.\n\n    === \"Y\"\n\n        code\n";
        let pass = scan(text, 0, true);
        let lines: Vec<&str> = text.lines().collect();
        let markers: Vec<&str> = pass.tab_markers.iter().map(|&n| lines[n].trim()).collect();
        assert_eq!(markers, ["=== \"pip\"", "=== \"X\""]);
        // The tab's body keeps the list item's four columns.
        assert_eq!(pass.removed[4], 4, "{:?}", pass.removed);
        assert_eq!(pass.removed[14], 8, "{:?}", pass.removed);
        for yes in ["- a", "* a", "+ a", "1. a", "12) a", "123456789. a"] {
            assert!(list_item_start(yes), "{yes}");
        }
        for no in ["-a", "1.a", "1234567890. a", "a. b", "**a**", ""] {
            assert!(!list_item_start(no), "{no}");
        }
    }

    #[test]
    fn header_forms() {
        let text = "!!! note Not all data\n\n    body\n\n!!! tip \"Quoted `x`\"\n!!! warning\n???+ info \"\"\ntext\n";
        let pass = scan(text, 0, true);
        let a = &pass.admonitions;
        assert_eq!(a.len(), 4);
        assert_eq!(a[0].kind, "note");
        assert_eq!(a[0].title, None);
        assert_eq!(&text[a[0].unquoted_words.clone().unwrap()], "Not all data");
        assert_eq!(&text[a[0].body_range.clone()], "\n    body");
        assert_eq!(a[1].title.as_deref(), Some("Quoted `x`"));
        assert_eq!(&text[a[1].title_range.clone().unwrap()], "Quoted `x`");
        assert_eq!(a[2].title, None);
        assert_eq!(a[2].unquoted_words, None);
        assert_eq!(a[3].marker, "???+");
        assert_eq!(a[3].title.as_deref(), Some(""));
        assert_eq!(pass.removed[2], 4);
        assert_eq!(pass.removed[7], 0);
    }

    #[test]
    fn the_space_after_the_marker_is_optional_as_python_markdown_reads_it() {
        let text = "!!!note \"Title\"\n    Body.\n\n???+tip\n    Hidden.\n\n!!!\"x\"\n!!!!\n";
        let pass = scan(text, 0, true);
        let kinds: Vec<&str> = pass.admonitions.iter().map(|a| a.kind.as_str()).collect();
        assert_eq!(kinds, ["note", "tip"]);
        assert_eq!(pass.admonitions[0].title.as_deref(), Some("Title"));
        assert_eq!(pass.admonitions[1].marker, "???+");
    }

    #[test]
    fn nested_and_in_lists() {
        let text = "1. item\n\n    !!! note \"n\"\n\n        inner\n\n    back in item\n";
        let pass = scan(text, 0, true);
        assert_eq!(pass.admonitions.len(), 1);
        assert_eq!(pass.admonitions[0].indent, 4);
        assert_eq!(pass.removed[4], 4);
        assert_eq!(pass.removed[6], 0);
    }

    #[test]
    fn fenced_code_hides_markers() {
        let text = "```\n!!! note\n```\n";
        assert!(scan(text, 0, true).admonitions.is_empty());
    }

    #[test]
    fn no_dedent_for_wikijs() {
        let text = "!!! note\n    body\n";
        let pass = scan(text, 0, false);
        assert_eq!(pass.admonitions.len(), 1);
        assert!(pass.removed.iter().all(|&r| r == 0));
    }

    proptest::proptest! {
        /// Skipping the lines outside every admonition, tab and fence finds what reading every
        /// line finds, on MkDocs and Wiki.js pages, with or without a header to skip.
        #[test]
        fn skipping_lines_changes_nothing(
            lines in proptest::collection::vec(
                "( |  |    |\t)?(!!! note|!!! tip \"T\"|\\?\\?\\?\\+ x|=== \"A\"|```|~~~|`x`|text|\u{3000}|-|!|\\?|=|)( x)?",
                0..14,
            ),
            dedent: bool,
            skip in 0usize..6,
            crlf: bool,
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let starts = super::super::LineIndex::new(&text).starts().to_vec();
            let skip_until = starts.get(skip).copied().unwrap_or(0);
            let markers = has_markers(&text, skip_until);
            let fast = scan_lines::<true>(&text, &starts, skip_until, dedent, markers);
            let slow = scan_lines::<false>(&text, &starts, skip_until, dedent, markers);
            proptest::prop_assert_eq!(fast.admonitions, slow.admonitions);
            proptest::prop_assert_eq!(fast.removed, slow.removed);
            proptest::prop_assert_eq!(fast.headers, slow.headers);
            proptest::prop_assert_eq!(fast.stand_ins, slow.stand_ins);
            proptest::prop_assert_eq!(fast.tab_markers, slow.tab_markers);
        }
    }
}
