//! GL325 unindented-block-body: an admonition (`!!! note`, `??? tip`) or a content tab
//! (`=== "Tab"`) whose body is not indented by four spaces: MkDocs shows an empty box or tab,
//! and the text as ordinary paragraphs after it.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnindentedBlockBody,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

/// The block a header line opens: its name in messages, or `None` for any other line.
fn block_kind(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    let rest = if let Some(r) = t.strip_prefix("!!!") {
        return r
            .starts_with(' ')
            .then_some("admonition")
            .filter(|_| r.trim().chars().next().is_some_and(char::is_alphanumeric));
    } else if let Some(r) = t.strip_prefix("???+").or_else(|| t.strip_prefix("???")) {
        return r
            .starts_with(' ')
            .then_some("collapsible admonition")
            .filter(|_| r.trim().chars().next().is_some_and(char::is_alphanumeric));
    } else {
        t.strip_prefix("===+")
            .or_else(|| t.strip_prefix("===!"))
            .or_else(|| t.strip_prefix("==="))?
    };
    rest.trim_start()
        .starts_with('"')
        .then_some("content tab")
}

/// Whether [`block_kind`] may find a block on `line`: not when it starts with an ASCII
/// character that is neither whitespace nor the first of `!!!`, `???` or `===` (most lines),
/// which this tells from one byte.
fn may_open_block(line: &str) -> bool {
    line.as_bytes().first().is_none_or(|&b| {
        !b.is_ascii() || b.is_ascii_whitespace() || matches!(b, b'!' | b'?' | b'=')
    })
}

/// Each line of `text` with its start, without its line break (`\n`, and any `\r` before
/// it): the lines of `text.split_inclusive('\n')`, split by a vectorised search.
#[cfg(test)]
fn lines_of(text: &str) -> Vec<(usize, &str)> {
    lines_from(text, 0).collect()
}

/// The lines of `text` from `at` (a line's start), as [`lines_of`] gives them, one at a time:
/// a body is read only as far as it goes.
fn lines_from(text: &str, at: usize) -> impl Iterator<Item = (usize, &str)> + Clone {
    let mut at = at;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None; // no text after the last line break
        }
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1);
        let line = (at, text[at..end].trim_end_matches(['\n', '\r']));
        at = end;
        Some(line)
    })
}

/// The lines that may open a block, with their starts and where the next line starts: those
/// whose first character that is not whitespace starts `!!!`, `???` or `===`, found from a
/// vectorised search for the three bytes (a page has far fewer of them than lines). A line is
/// looked at from its first such byte only, so each is read once.
fn header_lines(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let b = text.as_bytes();
    let mut line_end = 0;
    memchr::memchr3_iter(b'!', b'?', b'=', b).filter_map(move |p| {
        if p < line_end {
            return None; // a later byte of a line already looked at
        }
        let start = memchr::memrchr(b'\n', &b[..p]).map_or(0, |i| i + 1);
        line_end = memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |i| p + i + 1);
        let triple = b.get(p + 1) == Some(&b[p]) && b.get(p + 2) == Some(&b[p]);
        (triple && text[start..p].chars().all(char::is_whitespace))
            .then(|| (start, text[start..line_end].trim_end_matches(['\n', '\r']), line_end))
    })
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let text = doc.text.as_str();
    let body_start = doc.body_start();
    for (start, line, next_start) in header_lines(text) {
        if start < body_start || !may_open_block(line) {
            continue;
        }
        // The header test first: it reads the line's first bytes, the code look-up is made for
        // header lines only.
        let Some(kind) = block_kind(line) else {
            continue;
        };
        if line.contains('\t') || doc.in_code(start + indent_of(line)) {
            continue;
        }
        let base = indent_of(line);
        let want = base + 4;
        let after = lines_from(text, next_start);
        let Some(next) = after.clone().next() else {
            continue;
        };
        let blank_between = next.1.trim().is_empty();
        // The first line of what should be the body.
        let Some((first_start, first)) = after.clone().find(|(_, l)| !l.trim().is_empty()) else {
            continue;
        };
        let ind = indent_of(first);
        if ind >= want || block_kind(first).is_some() || first.trim_start().starts_with('#') {
            continue;
        }
        // Right under the header, any text is meant as the body; after a blank line only text
        // indented past the header is (a paragraph at the header's own indent is the page's).
        if blank_between && ind <= base {
            continue;
        }
        // The lines to indent: when the body is indented past the marker, every following line
        // that is (blank lines included); else the lines up to the next blank line.
        let past = ind > base;
        let mut body = Vec::new();
        for (s, l) in lines_from(text, first_start) {
            if l.trim().is_empty() {
                if past {
                    continue;
                }
                break;
            }
            let li = indent_of(l);
            if past && li <= base {
                break;
            }
            body.push((s, li));
        }
        // Every line moves by the same amount, so that what the body indents inside it (a
        // nested list, YAML in a code block) keeps its shape; the least indented line ends at
        // the body's indent.
        let least = body.iter().map(|&(_, li)| li).min().unwrap_or(ind);
        let edits = body
            .iter()
            .map(|&(s, _)| Edit::insert(s, " ".repeat(want.saturating_sub(least))))
            .collect();
        let label = if ind == base {
            format!("MkDocs shows an empty {kind}, and this text after it")
        } else {
            format!(
                "indented {ind} spaces: MkDocs shows an empty {kind}, and this text after it"
            )
        };
        let f = sink
            .finding(
                Rule::UnindentedBlockBody,
                first_start + ind..first_start + first.len(),
                format!("the {kind}'s body is not indented by {want} spaces"),
            )
            .with_label(label)
            .with_help(format!(
                "indent the body by four spaces more than the `{}` line",
                line.trim_start().split(' ').next().unwrap_or("")
            ))
            .with_fix(Applicability::Unsafe, "indent the body", edits);
        sink.push(f);
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The lines are `split_inclusive`'s, and a line [`may_open_block`] turns away is one
        /// [`block_kind`] finds nothing on.
        #[test]
        fn lines_and_quick_test_agree(
            text in "([ \t\r\n]|!!! |\\?\\?\\?\\+ |=== \"|a|é|\u{a0})*",
        ) {
            let mut want = Vec::new();
            let mut at = 0;
            for l in text.split_inclusive('\n') {
                want.push((at, l.trim_end_matches(['\n', '\r'])));
                at += l.len();
            }
            let lines = lines_of(&text);
            prop_assert_eq!(&lines, &want);
            for &(_, line) in &lines {
                prop_assert!(may_open_block(line) || block_kind(line).is_none(), "{:?}", line);
            }
            // Every line a block may open on is among the header lines, which are lines.
            let headers: Vec<(usize, &str)> =
                header_lines(&text).map(|(s, l, _)| (s, l)).collect();
            for &(s, l) in &lines {
                if block_kind(l).is_some() {
                    prop_assert!(headers.contains(&(s, l)), "{:?}", l);
                }
            }
            for h in &headers {
                prop_assert!(lines.contains(h), "{:?}", h);
            }
        }
    }
}
