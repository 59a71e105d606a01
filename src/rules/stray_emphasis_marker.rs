//! GL308 stray-emphasis-marker: a `_` or `*` that was meant to open or close emphasis but does
//! neither, so it shows as a literal character: a mismatched closer (`*...correctly_.*`), or a
//! lone `**`/`__` that never closes.

use super::{FileContext, Rule, Sink, in_sorted_ranges};
use crate::document::{Document, LinkKind};

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

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::StrayEmphasisMarker) {
        return;
    }
    let doc = ctx.doc;
    let autolinks = autolink_ranges(doc);
    for t in &doc.texts {
        if !t.verbatim || !t.text.contains(['_', '*']) || doc.in_code(t.range.start) {
            continue;
        }
        if in_sorted_ranges(&autolinks, t.range.start) {
            continue;
        }
        let bytes = t.text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if c != b'_' && c != b'*' {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < bytes.len() && bytes[j] == c {
                j += 1;
            }
            let start = t.range.start + i;
            let end = t.range.start + j;
            i = j;
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
                continue; // intraword (`snake_case`) or free-standing (`2 * 3`)
            }
            let marker = &doc.text[start..end];
            if let Some(reason) = stray_reason(doc, start, marker, right) {
                let f = sink
                    .finding(
                        Rule::StrayEmphasisMarker,
                        start..end,
                        format!("`{marker}` {reason}"),
                    )
                    .with_label("shown as a literal character")
                    .with_help(help(doc, start, marker));
                sink.push(f);
            }
        }
    }
}

/// Why a literal marker is a mistake, or `None` when it may be meant literally.
fn stray_reason(doc: &Document, at: usize, marker: &str, closing: bool) -> Option<String> {
    let c = marker.as_bytes()[0];
    // Inside emphasis opened with the other character: a mismatched closer or opener.
    let enclosing = enclosing(doc, at)
        .filter_map(|e| doc.text.as_bytes().get(e.range.start).copied())
        .any(|o| (o == b'*' || o == b'_') && o != c);
    if enclosing {
        return Some(if closing {
            "closes nothing: the emphasis was opened with the other marker".into()
        } else {
            "opens nothing: the emphasis is closed with the other marker".into()
        });
    }
    // A double marker that opens or closes nothing: unfinished bold.
    if marker.len() == 2 {
        return Some(if closing {
            "closes nothing: there is no matching opening marker".into()
        } else {
            "opens nothing: there is no matching closing marker".into()
        });
    }
    None
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
