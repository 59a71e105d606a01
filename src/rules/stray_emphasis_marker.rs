//! GL308 stray-emphasis-marker: a `_` or `*` that was meant to open or close emphasis but does
//! neither, so it shows as a literal character: a mismatched closer (`*...correctly_.*`), or a
//! lone `**`/`__` that never closes.

use super::support::positions::{NextMatch, Two};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink, SortedRanges};
use crate::document::{Document, LinkKind};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::StrayEmphasisMarker,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// CommonMark's "punctuation character" (ASCII punctuation and Unicode P/S categories,
/// approximated by ASCII punctuation and non-alphanumeric symbols).
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_ascii())
}

/// (left-flanking, right-flanking) of the delimiter run at `range` (CommonMark 6.2).
fn flanking(text: &str, start: usize, end: usize) -> (bool, bool) {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let p = |c: Option<char>| c.is_some_and(is_punct);
    let left = !ws(after) && (!p(after) || ws(before) || p(before));
    let right = !ws(before) && (!p(before) || ws(after) || p(after));
    (left, right)
}

/// A literal `_`/`*` run that flanks on one side only: it was a candidate delimiter but the
/// renderer matched it with nothing.
struct Candidate {
    start: usize,
    end: usize,
    closing: bool,
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let autolinks = SortedRanges::new(autolink_ranges(doc));
    // The texts are read in page order: code is looked up by a cursor.
    let mut code = doc.code_cursor();
    let mut candidates: Vec<Candidate> = Vec::new();
    // Double runs with whitespace on both sides (`bold text ** here`): never delimiters.
    let mut free: Vec<usize> = Vec::new();
    // A byte search, set up once for the page's texts: `contains(['_', '*'])` decodes every
    // character. The texts are read as written, each the page's text at its range (a text
    // holding a backslash escape in the stretches around it): the page is searched from text
    // to text, so that a text before the next marker costs no search.
    let markers = Two::new(b'_', b'*');
    // `::: package.get__all__` (mkdocstrings) is replaced by generated documentation on a
    // MkDocs site (a Wiki.js page shows it, and GL301 reports it).
    let injections = SortedRanges::new(if doc.dialect == crate::document::Dialect::Mkdocs {
        doc.injection_lines()
    } else {
        Vec::new()
    });
    let mut next_marker = NextMatch::new(doc.text.as_bytes(), |h: &[u8]| markers.find(h));
    // A node without a marker in its range is not split into its written stretches.
    for node in &doc.texts {
        if next_marker.first_in(node.range.clone()).is_none() {
            continue;
        }
        for t in doc.written(node) {
        let bytes = t.text.as_bytes();
        let Some(first) = next_marker
            .first_in(t.range.clone())
            .map(|at| at - t.range.start)
            .filter(|&i| i < bytes.len())
        else {
            continue;
        };
        if code.in_code(t.range.start)
            || autolinks.contains(t.range.start)
            || injections.contains(t.range.start)
        {
            continue;
        }
        // From marker to marker: the text between them is not read byte by byte.
        let mut at = Some(first);
        while let Some(i) = at {
            let c = bytes[i];
            let mut j = i;
            while j < bytes.len() && bytes[j] == c {
                j += 1;
            }
            let start = t.range.start + i;
            let end = t.range.start + j;
            at = bytes.get(j..).and_then(|rest| markers.find(rest)).map(|k| j + k);
            // Backslash-escaped markers are not delimiters.
            if start > 0 && doc.text.as_bytes()[start - 1] == b'\\' {
                continue;
            }
            let len = end - start;
            if len > 2 {
                continue; // `___`, `***`: rules or fill-in blanks
            }
            let (left, right) = flanking(&doc.text, start, end);
            if left == right {
                if !left && len == 2 {
                    free.push(start);
                }
                continue; // intraword (`snake_case`) or free-standing (`2 * 3`)
            }
            candidates.push(Candidate {
                start,
                end,
                closing: right,
            });
        }
        }
    }
    // By character and sorted, so that a candidate looks up the free markers of its own block
    // by binary search: a page of many candidates and free markers is not read once per
    // candidate.
    if candidates.is_empty() {
        return;
    }
    free.sort_unstable();
    let (star, under): (Vec<usize>, Vec<usize>) =
        free.iter().partition(|&&o| doc.text.as_bytes()[o] == b'*');
    let free = Free { star, under };
    for (k, c) in candidates.iter().enumerate() {
        let marker = &doc.text[c.start..c.end];
        if let Some(reason) = stray_reason(doc, &candidates[k], &candidates[k + 1..], &free, marker)
        {
            let f = sink
                .finding(
                    Rule::StrayEmphasisMarker,
                    c.start..c.end,
                    format!("`{marker}` {reason}"),
                )
                .with_label("shown as a literal character")
                .with_help(help(doc, c.start, marker));
            sink.push(f);
        }
    }
}

/// Why a literal marker is evidently a failed emphasis delimiter, or `None` when the author may
/// well have meant it literally (`open _blank tabs`, `**/*.md`, `**kwargs`).
/// The free-standing double markers' offsets (`**`, `__` with whitespace on both sides), by
/// character, sorted.
struct Free {
    star: Vec<usize>,
    under: Vec<usize>,
}

impl Free {
    /// Whether a free marker of character `c` lies in the block of `at`, before it
    /// (`before`) or after it. Blocks do not nest and are sorted by start, so the block of
    /// `at` holds every offset that shares a block with it: those of its range are found by
    /// binary search.
    fn in_block_of(&self, doc: &Document, c: u8, at: usize, before: bool) -> bool {
        let list = if c == b'*' { &self.star } else { &self.under };
        if list.is_empty() {
            return false;
        }
        let i = doc.blocks.partition_point(|bl| bl.range.start <= at);
        let Some(block) = i.checked_sub(1).map(|i| &doc.blocks[i]) else {
            return false;
        };
        if !block.range.contains(&at) {
            return false;
        }
        let (lo, hi) = if before {
            (block.range.start, at)
        } else {
            (at + 1, block.range.end)
        };
        let from = list.partition_point(|&o| o < lo);
        list[from..]
            .iter()
            .take_while(|&&o| o < hi)
            .any(|&o| same_block(doc, o, at))
    }
}

fn stray_reason(
    doc: &Document,
    cand: &Candidate,
    later: &[Candidate],
    free: &Free,
    marker: &str,
) -> Option<String> {
    let (at, closing) = (cand.start, cand.closing);
    let c = marker.as_bytes()[0];
    // Inside emphasis opened with the other character, right at its edge: the author closed
    // (or opened) it with the wrong character (`*...correctly_.*`, `**_Warning**_`). Further
    // inside, the marker is part of the text (`**links that open _blank tabs**`), and so is a
    // marker that starts a word at the opening edge (`__*nix__`, `**_build/html**`,
    // `*_config.yml*`) unless a literal closer of its character follows the emphasis in the
    // block, the other half of the pair the author meant (`**_Note:** this matters._`).
    let starts_word = !closing && next_char(doc, cand.end).is_some_and(char::is_alphanumeric);
    let mismatched = enclosing(doc, at).any(|e| {
        let o = doc.text.as_bytes().get(e.range.start).copied();
        if !matches!(o, Some(b'*' | b'_')) || o == Some(c) {
            return false;
        }
        let between = if closing {
            doc.text.get(cand.end..e.range.end)
        } else {
            doc.text.get(e.range.start..at)
        };
        between.is_some_and(|b| b.chars().all(is_punct))
            && (!starts_word
                || later
                    .iter()
                    .take_while(|l| same_block(doc, l.start, at))
                    .any(|l| {
                        l.closing && l.start >= e.range.end && doc.text.as_bytes()[l.start] == c
                    }))
    });
    if mismatched {
        return Some(if closing {
            "closes nothing: the emphasis was opened with the other marker".into()
        } else {
            "opens nothing: the emphasis is closed with the other marker".into()
        });
    }
    if marker.len() != 2 {
        return None;
    }
    // A double marker that opens or closes nothing: unfinished bold, when the block has a
    // free-standing double marker on the other side that was meant to pair with it
    // (`**bold text ** here`), or when it stands at the edge of a line next to a word
    // (`**Unfinished bold.`, `never opened.**`).
    let next_to_word = if closing {
        prev_char(doc, at).is_some_and(char::is_alphanumeric)
    } else {
        next_char(doc, cand.end).is_some_and(char::is_alphanumeric)
    };
    let paired_failure = next_to_word && free.in_block_of(doc, c, at, closing);
    let line_edge = if closing {
        let rest = line_rest(doc, cand.end);
        rest.trim_end().chars().all(is_punct)
            && prev_char(doc, at).is_some_and(|p| p.is_alphanumeric() || is_punct(p))
    } else {
        line_start(doc, at) && next_char(doc, cand.end).is_some_and(char::is_alphanumeric)
    };
    if !(paired_failure || line_edge) {
        return None;
    }
    Some(if closing {
        "closes nothing: there is no matching opening marker".into()
    } else {
        "opens nothing: there is no matching closing marker".into()
    })
}

fn prev_char(doc: &Document, at: usize) -> Option<char> {
    doc.text[..at].chars().next_back()
}

fn next_char(doc: &Document, at: usize) -> Option<char> {
    doc.text[at..].chars().next()
}

/// The rest of the line from `at`.
fn line_rest(doc: &Document, at: usize) -> &str {
    let line = doc.lines.line_col(at).line;
    let end = doc
        .lines
        .line_range(&doc.text, line)
        .map_or(doc.text.len(), |r| r.end);
    &doc.text[at..end.max(at)]
}

/// Whether only indentation, quote markers and a list marker stand before `at` on its line.
fn line_start(doc: &Document, at: usize) -> bool {
    let line = &doc.text[doc.lines.line_start_at(at)..at];
    let rest = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
    let rest = rest
        .strip_prefix(['-', '+'])
        .or_else(|| {
            let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            (digits.len() < rest.len())
                .then(|| digits.strip_prefix(['.', ')']))
                .flatten()
        })
        .unwrap_or(rest);
    rest.trim().is_empty()
}

/// Whether `a` and `b` lie in the same block.
fn same_block(doc: &Document, a: usize, b: usize) -> bool {
    // Blocks (paragraphs, headings, table cells) do not nest and are sorted by start.
    let i = doc.blocks.partition_point(|bl| bl.range.start <= a);
    i > 0 && {
        let bl = &doc.blocks[i - 1];
        bl.range.contains(&a) && bl.range.contains(&b)
    }
}

fn help(doc: &Document, at: usize, marker: &str) -> String {
    let other = if marker.starts_with('*') { "_" } else { "*" };
    let mismatched = enclosing(doc, at)
        .any(|e| doc.text.as_bytes().get(e.range.start) == Some(&other.as_bytes()[0]));
    if mismatched {
        format!(
            "use the same character to open and close: `{other}...{other}`, or remove the `{marker}`"
        )
    } else {
        let escaped: String = marker.chars().map(|c| format!("\\{c}")).collect();
        format!("add the matching `{marker}`, remove this one, or escape it as `{escaped}`")
    }
}

pub(crate) fn autolink_ranges(doc: &Document) -> Vec<std::ops::Range<usize>> {
    doc.links
        .iter()
        .filter(|l| l.kind == LinkKind::Autolink)
        .map(|l| l.range.clone())
        .collect()
}

/// The emphasis spans around `at` (emphasis is recorded in document order, so by start).
fn enclosing(doc: &Document, at: usize) -> impl Iterator<Item = &crate::document::Emphasis> {
    let i = doc.emphasis.partition_point(|e| e.range.start < at);
    doc.emphasis[..i]
        .iter()
        .rev()
        .take(64)
        .filter(move |e| at < e.range.end)
}

#[cfg(test)]
mod tests {
    use super::{Free, same_block};
    use crate::document::{Dialect, Document};
    use proptest::prelude::*;
    use std::path::PathBuf;

    proptest! {
        /// The free markers found in a block by binary search are those a look at every free
        /// marker finds (the look-up that made a page of many markers quadratic).
        #[test]
        fn free_markers_in_a_block_as_a_scan_finds_them(
            text in "(a|\\*\\*|__|\\*| |\n|\n\n|> |- |\\| ){0,60}",
            picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..12),
        ) {
            let doc = Document::parse(PathBuf::from("p.md"), text.clone(), Some(Dialect::Wikijs));
            let bytes = text.as_bytes();
            let mut all: Vec<usize> = picks
                .iter()
                .filter(|_| !bytes.is_empty())
                .map(|i| i.index(bytes.len()))
                .filter(|&o| matches!(bytes[o], b'*' | b'_'))
                .collect();
            all.sort_unstable();
            all.dedup();
            let (star, under): (Vec<usize>, Vec<usize>) =
                all.iter().partition(|&&o| bytes[o] == b'*');
            let free = Free { star, under };
            for at in 0..=bytes.len() {
                for c in [b'*', b'_'] {
                    for before in [true, false] {
                        let scan = all.iter().any(|&o| {
                            bytes[o] == c
                                && same_block(&doc, o, at)
                                && if before { o < at } else { o > at }
                        });
                        prop_assert_eq!(free.in_block_of(&doc, c, at, before), scan, "{} {} {}", at, c, before);
                    }
                }
            }
        }
    }
}
