//! Prose that renders as code: an indented code block in a MkDocs admonition body, or in a
//! blockquote (a Wiki.js callout), whose text reads as prose. Rule GL322 reports these, and the
//! translation units keep them (the source page as it renders).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::tabs::{TabGroup, tab_groups};
use crate::document::admonition::{bytes_for_columns, indent_of};
use crate::document::{Dialect, Document};
use crate::finding::Edit;

/// What holds a body that renders as code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// A MkDocs admonition (index into `Document::admonitions`).
    Admonition(usize),
    /// A blockquote; `callout` when a Wiki.js class line (`{.is-info}`) follows it.
    Quote { callout: bool },
    /// A MkDocs content tab (`=== "Title"`): indices into [`tab_groups`] and the group's tabs.
    Tab { group: usize, tab: usize },
}

/// An indented code block inside an admonition or quote whose text reads as prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseCode {
    /// From the first character of the block's text to the end of its last line.
    pub range: Range<usize>,
    pub holder: Holder,
    /// Columns of indentation written: from the line start for an admonition body, after the
    /// last `>` for a quote.
    pub found: usize,
    /// Columns that make the text part of the body: the admonition's indent + 4, or 1 (the
    /// space after `>`).
    pub expected: usize,
    /// The edits that dedent the block to `expected` (none when its indentation has tabs).
    pub dedent: Vec<Edit>,
}

/// Every indented code block directly in an admonition body (MkDocs pages) or a blockquote
/// whose text reads as prose: what MkDocs (Python-Markdown) and Wiki.js (markdown-it) show as
/// raw Markdown in a code box. Code blocks inside a list item or a nested quote of the body are
/// left alone (the list's own indentation rules apply there), and so are fenced blocks.
pub fn prose_code_bodies(doc: &Document) -> Vec<ProseCode> {
    let mut out = Vec::new();
    let text = &doc.text;
    let tabs = tab_groups(doc);
    for (c, first, last) in segments(doc, &tabs) {
        let c = &c;
        let Some(first_range) = doc.lines.line_range(text, first) else {
            continue;
        };
        let first_line = &text[first_range.clone()];
        let lead = first_line.trim_start_matches([' ', '\t', '>']);
        if lead.starts_with("```") || lead.starts_with("~~~") {
            continue; // fenced
        }
        let Some(holder) = holder_of(doc, &tabs, c.start) else {
            continue;
        };
        let lines: Vec<Range<usize>> = (first..=last)
            .filter_map(|l| doc.lines.line_range(text, l))
            .collect();
        let found = match holder {
            Holder::Admonition(i) => {
                if doc.dialect != Dialect::Mkdocs {
                    continue; // on Wiki.js an admonition is GL301's
                }
                let expected = doc.admonitions[i].indent + 4;
                let Some(found) = indented_prose(text, &lines, expected) else {
                    continue;
                };
                found
            }
            Holder::Tab { group, .. } => {
                let expected = indent_of(&text[line_start(text, tabs[group].range.start)..]) + 4;
                let Some(found) = indented_prose(text, &lines, expected) else {
                    continue;
                };
                found
            }
            Holder::Quote { .. } => {
                let depth = quote_depth_at(doc, c.start);
                let Some(body) = lines_after(text, &lines, |l| after_markers(l, depth)) else {
                    continue;
                };
                let Some(found) = min_quote_gap(text, &lines, depth) else {
                    continue;
                };
                if found < 5 || !reads_as_prose(&body) {
                    continue;
                }
                let dedent = dedent_quote(text, &lines, depth, found - 1);
                (found, 1, dedent)
            }
        };
        let (found, expected, dedent) = found;
        let start = first_range.start + (first_line.len() - first_line.trim_start().len());
        let start = start
            + text[start..first_range.end]
                .find(|ch: char| !matches!(ch, '>' | ' ' | '\t'))
                .unwrap_or(0);
        let end = lines.last().map_or(c.end, |r| r.end).max(start);
        out.push(ProseCode {
            range: start..end,
            holder,
            found,
            expected,
            dedent,
        });
    }
    out
}

/// The code blocks as (range, first line, last line), split where an admonition header or a
/// content tab marker stands: the parser sees a blanked line there, so an indented block can run on into
/// the next admonition's body, which MkDocs never does.
fn segments(doc: &Document, tabs: &[TabGroup]) -> Vec<(Range<usize>, usize, usize)> {
    let text = &doc.text;
    let mut headers: Vec<usize> = doc
        .admonitions
        .iter()
        .map(|a| a.header_range.start)
        .chain(
            tabs.iter()
                .flat_map(|g| g.tabs.iter().map(|t| t.line.start)),
        )
        .map(|at| doc.lines.line_col(at).line)
        .collect();
    headers.sort_unstable();
    let mut out = Vec::new();
    for c in &doc.code_blocks {
        let first = doc.lines.line_col(c.start).line;
        let last = doc
            .lines
            .line_col(c.end.saturating_sub(1).max(c.start))
            .line;
        let mut from = first;
        let push = |from: usize, to: usize, out: &mut Vec<(Range<usize>, usize, usize)>| {
            // Trim blank lines at both ends.
            let blank = |l: usize| {
                doc.lines
                    .line_range(text, l)
                    .is_none_or(|r| text[r].trim().is_empty())
            };
            let (mut a, mut b) = (from, to);
            while a <= b && blank(a) {
                a += 1;
            }
            while b >= a && blank(b) {
                b -= 1;
            }
            if a > b {
                return;
            }
            let start = if a == first {
                c.start
            } else {
                doc.lines.line_start(a).unwrap_or(c.start)
            };
            let end = doc.lines.line_range(text, b).map_or(c.end, |r| r.end);
            out.push((start..end.max(start), a, b));
        };
        for &h in headers.iter().filter(|&&h| first < h && h <= last) {
            push(from, h - 1, &mut out);
            from = h + 1;
        }
        push(from, last, &mut out);
    }
    out
}

/// The innermost admonition body or blockquote holding `at`, when the code block is its direct
/// content (not inside a list item or quote nested in it).
fn holder_of(doc: &Document, tabs: &[TabGroup], at: usize) -> Option<Holder> {
    let adm = doc
        .admonitions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.body_range.start <= at && at < a.body_range.end.max(a.body_range.start))
        .max_by_key(|(_, a)| a.body_range.start);
    let quote = doc
        .quotes
        .iter()
        .filter(|q| q.range.start <= at && at < q.range.end)
        .max_by_key(|q| q.range.start);
    let item = doc
        .list_items
        .iter()
        .filter(|r| r.start <= at && at < r.end)
        .map(|r| r.start)
        .max();
    let tab = tabs
        .iter()
        .enumerate()
        .flat_map(|(g, group)| {
            group
                .tabs
                .iter()
                .enumerate()
                .map(move |(t, tab)| (g, t, tab))
        })
        .filter(|(_, _, t)| t.body.start <= at && at < t.body.end)
        .max_by_key(|(_, _, t)| t.line.start);
    let adm_start = adm.map(|(_, a)| a.header_range.start);
    let quote_start = quote.map(|q| q.range.start);
    let tab_start = tab.map(|(_, _, t)| t.line.start);
    // The innermost container decides; a list item there means list rules apply.
    let innermost = [adm_start, quote_start, item, tab_start]
        .into_iter()
        .flatten()
        .max()?;
    if item == Some(innermost)
        && adm_start != Some(innermost)
        && quote_start != Some(innermost)
        && tab_start != Some(innermost)
    {
        return None;
    }
    if tab_start == Some(innermost) {
        return tab.map(|(group, tab, _)| Holder::Tab { group, tab });
    }
    if quote_start == Some(innermost) {
        let q = quote?;
        // After a code block the class line cannot continue the quote, so the parse has no
        // class: the line after the quote says what the author meant.
        let next = doc.text[q.range.end..]
            .trim_start_matches(['\r', '\n'])
            .lines()
            .next()
            .unwrap_or("");
        return Some(Holder::Quote {
            callout: q.class_line.is_some() || next.trim_start().starts_with("{."),
        });
    }
    adm.map(|(i, _)| Holder::Admonition(i))
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// How many blockquotes hold `at`.
fn quote_depth_at(doc: &Document, at: usize) -> usize {
    doc.quotes
        .iter()
        .filter(|q| q.range.start <= at && at < q.range.end)
        .count()
}

/// The smallest indentation of the non-blank lines.
/// A block body expected at `expected` columns (an admonition's or a content tab's) whose lines
/// are indented at least 4 more, so they form a code block, and read as prose: the indentation
/// found, the one expected and the edits that dedent the body to it.
fn indented_prose(
    text: &str,
    lines: &[Range<usize>],
    expected: usize,
) -> Option<(usize, usize, Vec<Edit>)> {
    let body = lines_after(text, lines, |l| Some(bytes_for_columns(l, expected)))?;
    let found = min_indent(text, lines)?;
    if found < expected + 4 || !reads_as_prose(&body) {
        return None;
    }
    let dedent = dedent_admonition(text, lines, expected, found - expected);
    Some((found, expected, dedent))
}

fn min_indent(text: &str, lines: &[Range<usize>]) -> Option<usize> {
    lines
        .iter()
        .map(|r| &text[r.clone()])
        .filter(|l| !l.trim().is_empty())
        .map(indent_of)
        .min()
}

/// Each line's text after the bytes `cut` says belong to the containers; `None` when a line
/// does not have them.
fn lines_after<'t>(
    text: &'t str,
    lines: &[Range<usize>],
    cut: impl Fn(&str) -> Option<usize>,
) -> Option<Vec<&'t str>> {
    lines
        .iter()
        .map(|r| {
            let l = &text[r.clone()];
            if l.trim_matches([' ', '\t', '>']).is_empty() {
                return Some("");
            }
            cut(l).map(|n| &l[n..])
        })
        .collect()
}

/// The offset just past the `depth`-th `>` marker of a quote line (each marker may be preceded
/// by spaces), or `None` when the line has fewer markers.
fn after_markers(line: &str, depth: usize) -> Option<usize> {
    let mut i = 0;
    let b = line.as_bytes();
    for _ in 0..depth {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if b.get(i) != Some(&b'>') {
            return None;
        }
        i += 1;
    }
    Some(i)
}

/// The smallest number of spaces after the last `>` on the non-blank lines; `None` when a line
/// has a tab there (tab stops after `>` are not worth guessing) or lacks the markers.
fn min_quote_gap(text: &str, lines: &[Range<usize>], depth: usize) -> Option<usize> {
    let mut min = None::<usize>;
    for r in lines {
        let l = &text[r.clone()];
        if l.trim_matches([' ', '\t', '>']).is_empty() {
            continue;
        }
        let at = after_markers(l, depth)?;
        let rest = &l[at..];
        if rest.starts_with('\t') || rest.trim_start_matches(' ').starts_with('\t') {
            return None;
        }
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        min = Some(min.map_or(gap, |m| m.min(gap)));
    }
    min
}

fn dedent_admonition(text: &str, lines: &[Range<usize>], keep: usize, by: usize) -> Vec<Edit> {
    let mut edits = Vec::new();
    for r in lines {
        let l = &text[r.clone()];
        if l.trim().is_empty() {
            continue;
        }
        let lead = &l[..l.len() - l.trim_start().len()];
        if lead.contains('\t') {
            return Vec::new();
        }
        edits.push(Edit::delete(r.start + keep..r.start + keep + by));
    }
    edits
}

fn dedent_quote(text: &str, lines: &[Range<usize>], depth: usize, by: usize) -> Vec<Edit> {
    let mut edits = Vec::new();
    for r in lines {
        let l = &text[r.clone()];
        if l.trim_matches([' ', '\t', '>']).is_empty() {
            continue;
        }
        let Some(at) = after_markers(l, depth) else {
            return Vec::new();
        };
        edits.push(Edit::delete(r.start + at..r.start + at + by));
    }
    edits
}

static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\[[^\[\]\n]*[\p{L}\p{N}][^\[\]\n]*\](?:\([^()\s]+(?:\s+"[^"\n]*")?\)|\[[^\[\]\n]*\])"#,
    )
    .expect("valid regex")
});
static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(])(?:\*\*[\p{L}\p{N}][^*\n]*?[\p{L}\p{N}.!?]\*\*|__[\p{L}\p{N}][^_\n]*?[\p{L}\p{N}.!?]__)(?:$|[\s.,;:!?)])")
        .expect("valid regex")
});
static EMPH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(])(?:\*[\p{L}][^*\n]*?[\p{L}.!?]\*|_[\p{L}][^_\n]*?[\p{L}.!?]_)(?:$|[\s.,;:!?)])")
        .expect("valid regex")
});
static CODE_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`[^`\n]+`").expect("valid regex"));
static YAML_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:- )?[\w.-]+:(?:\s|$)").expect("valid regex"));
/// A list item's marker: CommonMark's ordered markers are one to nine ASCII digits.
static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-*+]|[0-9]{1,9}[.)])\s+").expect("valid regex"));

/// Whether a code block's lines (container prefixes removed) read as prose written for the page
/// rather than code: sentences of several words with punctuation, Markdown links, emphasis, and
/// no line that looks like code (assignments, braces, calls, prompts, options, comments, YAML).
/// One word or a short command is never enough.
pub fn reads_as_prose(lines: &[&str]) -> bool {
    let mut prose_lines = 0;
    let mut words_total = 0;
    let mut sentence = false;
    let mut markup = false;
    let mut yaml_lines = 0;
    for raw in lines {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if YAML_KEY.is_match(line) {
            yaml_lines += 1;
        }
        if looks_like_code_start(line) {
            return false;
        }
        let line = LIST_MARKER.find(line).map_or(line, |m| &line[m.end()..]);
        if LINK.is_match(line) || STRONG.is_match(line) || EMPH.is_match(line) {
            markup = true;
        }
        let plain = LINK.replace_all(line, "link");
        let plain = CODE_SPAN.replace_all(&plain, "code");
        if has_code_signal(&plain) {
            return false;
        }
        let tokens: Vec<&str> = plain.split_whitespace().collect();
        let words = tokens.iter().filter(|t| is_word(t)).count();
        if words >= 4 && words * 4 >= tokens.len() * 3 {
            prose_lines += 1;
            words_total += words;
            let t = plain.trim_end_matches(['*', '_', ')', '"', '\'']);
            if t.ends_with(['.', '!', '?', ':']) || t.contains(". ") {
                sentence = true;
            }
        }
    }
    yaml_lines < 2 && prose_lines > 0 && (markup || (sentence && words_total >= 6))
}

/// A line that starts the way code does: a prompt, a comment, a shebang, a declaration.
fn looks_like_code_start(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "$ ",
        "# ",
        "#!",
        "//",
        "/*",
        "--",
        ";",
        "%",
        "<",
        ">",
        "@",
        "import ",
        "from ",
        "def ",
        "fn ",
        "let ",
        "const ",
        "var ",
        "use ",
        "pub ",
        "class ",
        "function ",
        "return ",
        "sudo ",
        "cd ",
        "export ",
        "echo ",
        "PS>",
        "C:\\",
    ];
    STARTS.iter().any(|s| line.starts_with(s))
}

/// Characters and shapes prose does not have: assignments, braces, calls, paths with
/// backslashes, operators, shell variables and command-line options.
fn has_code_signal(s: &str) -> bool {
    if s.contains(['=', '{', '}', '$', '\\', '|', '<', '>'])
        || s.contains("::")
        || s.contains("->")
        || s.contains("&&")
        || s.trim_end().ends_with(';')
    {
        return true;
    }
    let b = s.as_bytes();
    // `name(`: a call.
    for i in 1..b.len() {
        if b[i] == b'(' && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
            return true;
        }
    }
    s.split_whitespace()
        .any(|t| t.len() > 1 && t.starts_with('-') && t.as_bytes()[1].is_ascii_alphabetic())
}

/// A word of prose: letters (apostrophes and hyphens inside), with punctuation around it.
fn is_word(t: &str) -> bool {
    let t = t.trim_start_matches(['(', '"', '\'', '*', '_', '“', '‘']);
    let t = t.trim_end_matches([
        '.', ',', ';', ':', '!', '?', ')', '"', '\'', '*', '_', '”', '’',
    ]);
    !t.is_empty()
        && t.chars().next().is_some_and(char::is_alphabetic)
        && t.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_needs_evidence() {
        for yes in [
            &["You will not lose your followers; the network moves them for you."][..],
            &["See [the guide](https://example.org/guide) for details"],
            &[
                "- Your posts stay on the **old** server",
                "- Bookmarks move later",
            ],
            &["Keep the old account open until", "the move has finished."],
        ] {
            assert!(reads_as_prose(yes), "{yes:?}");
        }
        for no in [
            &["pip install guide-lint"][..],
            &["Note"],
            &["cargo install --locked guide-lint"],
            &["let x = compute(value);"],
            &["$ guide-lint check guides/"],
            &["# Install the package before you run it."],
            &["name: Guides", "description: The guide pages for the site."],
            &["Run the command below to see what is wrong"],
            &["<div class=\"note\">This is a note about it.</div>"],
            &["print(\"Hello there, how are you today?\")"],
            &["Compiling guide-lint v0.1.0 (/home/u/guide-lint)"],
        ] {
            assert!(!reads_as_prose(no), "{no:?}");
        }
    }

    fn mkdocs(text: &str) -> Document {
        Document::parse("p.md".into(), text.to_string(), Some(Dialect::Mkdocs))
    }

    #[test]
    fn deep_admonition_body() {
        let text =
            "!!! note \"Heads up\"\n\n        Your posts stay on the **old** server.\n\nAfter.\n";
        let doc = mkdocs(text);
        let found = prose_code_bodies(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].found, 8);
        assert_eq!(found[0].expected, 4);
        assert_eq!(
            &text[found[0].range.clone()],
            "Your posts stay on the **old** server."
        );
        // A body at the right depth, a fenced block and a list's code are fine.
        for clean in [
            "!!! note\n\n    Your posts stay on the **old** server.\n",
            "!!! note\n\n    ```\n    Your posts stay on the **old** server.\n    ```\n",
            "!!! note\n\n    - item\n\n            Your posts stay on the **old** server.\n",
            "!!! note\n\n        pip install guide-lint\n",
        ] {
            assert!(prose_code_bodies(&mkdocs(clean)).is_empty(), "{clean}");
        }
    }

    #[test]
    fn deep_callout_text() {
        let text =
            "> **Tip**\n>\n>     Your posts stay on the old server for a while.\n{.is-info}\n";
        let doc = Document::parse("p.md".into(), text.to_string(), Some(Dialect::Wikijs));
        let found = prose_code_bodies(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].found, 5);
        assert_eq!(found[0].holder, Holder::Quote { callout: true });
        // Four spaces after `>` are one for the marker and three of indentation: a paragraph.
        let four =
            "> **Tip**\n>\n>    Your posts stay on the old server for a while.\n{.is-info}\n";
        let doc = Document::parse("p.md".into(), four.to_string(), Some(Dialect::Wikijs));
        assert!(prose_code_bodies(&doc).is_empty());
    }
}
