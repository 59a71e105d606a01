//! GL323 malformed-attribute-list: a `{...}` evidently meant as an attribute list (after a link
//! or image, at the end of a heading, on a line of its own) that attr_list (MkDocs) and
//! markdown-it-attrs (Wiki.js) cannot read: never closed on its line, or with a quote that is
//! never closed, or a link's `target` written after a space.
//!
//! Entry point: [`check`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::support::positions::{NextMatch, One};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::line_index::floor_char_boundary;
use crate::document::{Dialect, Document, LinkKind};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::MalformedAttributeList,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// Where a `{` stands, which is what makes it evidently an attribute list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Right after a link or image.
    AfterLink,
    /// After a link and a space.
    AfterLinkSpace,
    /// In a heading's text.
    Heading,
    /// First on its line.
    OwnLine,
    /// After text, and nothing but attributes follow to the end of the line.
    LineEnd,
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::MalformedAttributeList) {
        return;
    }
    let doc = ctx.doc;
    // The page searched for braces from text to text: a verbatim text is the page's text at
    // its range, so one before the next brace (most of them) is passed over without a scan,
    // and a page without a brace (half of them) is not read further.
    let brace = One::new(b'{');
    let mut braces = NextMatch::new(doc.text.as_bytes(), |h: &[u8]| brace.find(h));
    if braces.at_or_after(0).is_none() {
        return;
    }
    // Sorted, for a binary search: a page of a million links must not cost a hash each.
    let mut link_ends: Vec<usize> = doc
        .links
        .iter()
        .filter(|l| l.kind != LinkKind::Autolink)
        .map(|l| l.range.end)
        .collect();
    link_ends.sort_unstable();
    link_ends.dedup();
    let bytes = doc.text.as_bytes();
    // Offsets already reported (texts may share a source offset): only a finding is recorded,
    // since judging a brace twice gives the same answer.
    let mut reported = HashSet::new();
    let mut last_close = HashMap::new();
    for t in &doc.texts {
        if !t.verbatim || braces.first_in(t.range.clone()).is_none() {
            continue;
        }
        for (i, _) in t.text.match_indices('{') {
            let at = t.range.start + i;
            // `\{` is a literal brace; `{{`, `{%`, `${` are templating (the first test of
            // [`judge`], on the bytes beside the brace: no line is looked up for them).
            if at > 0 && matches!(bytes[at - 1], b'\\' | b'{' | b'$' | b'%')
                || matches!(bytes.get(at + 1), Some(b'{' | b'%'))
                || doc.in_code(at)
            {
                continue;
            }
            if let Some(f) = judge(doc, at, &link_ends, &mut last_close)
                && reported.insert(at)
            {
                let f = build(sink, doc, f);
                sink.push(f);
            }
        }
    }
}

/// One malformed list.
struct Bad {
    /// From `{` to the end of what was read as the list.
    range: Range<usize>,
    kind: BadKind,
}

enum BadKind {
    /// No `}` on the line; `close_at`: where a `}` would end it, when everything after `{`
    /// is attributes.
    Unclosed { close_at: Option<usize> },
    /// A `"` without its partner.
    UnbalancedQuote,
    /// `[text](url) {target=...}`: the space makes it the paragraph's (Wiki.js) or plain text
    /// (MkDocs); `space`: the space to remove.
    Detached { space: Range<usize> },
}

/// How far after its `{` an attribute list is looked for: a list is a few words, and reading
/// each `{` of a long line to the line's end would cost the line's length for every brace.
const MAX_LIST: usize = 256;

/// `last_close`: per line start, the offset of the line's last `}`, found once per line.
fn judge(
    doc: &Document,
    at: usize,
    link_ends: &[usize],
    last_close: &mut HashMap<usize, Option<usize>>,
) -> Option<Bad> {
    let text = &doc.text;
    // The line's bounds from the line index: never a scan through a long line.
    let line = doc.lines.line_range(text, doc.line_col(at).line)?;
    let line_start = line.start;
    let line_end = line.end.max(at + 1);
    let before = &text[line_start..at];
    let rest = &text[at..line_end];
    // `\{` is a literal brace; `{{`, `{%`, `${` are templating.
    if before.ends_with(['\\', '{', '$', '%']) || rest[1..].starts_with(['{', '%']) {
        return None;
    }
    let inner = &rest[1..];
    if !starts_like_attributes(inner) {
        return None;
    }
    let is_link_end = |o: usize| link_ends.binary_search(&o).is_ok();
    let place = if is_link_end(at) {
        Place::AfterLink
    } else if before.ends_with([' ', '\t'])
        && is_link_end(line_start + before.trim_end_matches([' ', '\t']).len())
    {
        Place::AfterLinkSpace
    } else if in_heading(doc, at) {
        Place::Heading
    } else if before.trim_matches([' ', '\t', '>']).is_empty() {
        Place::OwnLine
    } else if before.ends_with([' ', '\t']) {
        Place::LineEnd
    } else {
        return None;
    };
    // A `}` further than a list's length: not evidently an attribute list.
    let near = &inner[..floor_char_boundary(inner, MAX_LIST)];
    // attr_list reads a quoted value whole, braces and all (`{ data-x='{"a": 1}' }`); a quote
    // never closed leaves the first `}` as the end, as before.
    let close = match doc.dialect {
        Dialect::Mkdocs => {
            crate::document::close_outside_quotes(near).or_else(|| near.find('}'))
        }
        Dialect::Wikijs => near.find('}'),
    };
    if close.is_none() && inner.len() > near.len() {
        let last = *last_close
            .entry(line_start)
            .or_insert_with(|| text[line_start..line_end].rfind('}').map(|i| line_start + i));
        if last.is_some_and(|c| c > at) {
            return None;
        }
    }
    match close {
        None => {
            // Evident only when the rest is attributes, except right after a link or in a
            // heading (`[x](u){target=_blank" and more`).
            let all_attrs = inner.len() <= MAX_LIST && attributes_only(inner);
            if matches!(
                place,
                Place::LineEnd | Place::OwnLine | Place::AfterLinkSpace
            ) && !all_attrs
            {
                return None;
            }
            let content_end = at + 1 + inner.trim_end().len();
            let close_at = (all_attrs && balanced(inner)).then_some(content_end);
            Some(Bad {
                range: at..content_end,
                kind: BadKind::Unclosed { close_at },
            })
        }
        Some(c) => {
            let content = &inner[..c];
            let range = at..at + 1 + c + 1;
            // markdown-it-attrs reads a value that opens with `"` up to the `}`: only a quote
            // elsewhere stays in the value on Wiki.js.
            let wikijs_reads_it = doc.dialect == Dialect::Wikijs
                && content
                    .match_indices('"')
                    .all(|(i, _)| i > 0 && content.as_bytes()[i - 1] == b'=');
            if !balanced(content)
                && !wikijs_reads_it
                && matches!(place, Place::AfterLink | Place::Heading | Place::OwnLine)
            {
                return Some(Bad {
                    range,
                    kind: BadKind::UnbalancedQuote,
                });
            }
            // A link's own attribute written after a space: only at the end of the block,
            // where it is the paragraph's (markdown-it-attrs) or text (attr_list).
            let ends_line = inner[c + 1..].trim().is_empty();
            if place == Place::AfterLinkSpace
                && ends_line
                && attributes_only(content)
                && content.split_whitespace().any(|t| {
                    let key = t.trim_start_matches(':').split('=').next().unwrap_or("");
                    t.contains('=') && matches!(key, "target" | "rel" | "download" | "hreflang")
                })
            {
                let link_end = line_start + before.trim_end_matches([' ', '\t']).len();
                return Some(Bad {
                    range,
                    kind: BadKind::Detached {
                        space: link_end..at,
                    },
                });
            }
            None
        }
    }
}

/// Whether `at` is inside a heading (headings are sorted and never overlap).
fn in_heading(doc: &Document, at: usize) -> bool {
    let i = doc.headings.partition_point(|h| h.range.start <= at);
    i > 0 && at < doc.headings[i - 1].range.end
}

/// `{` is followed by what only an attribute list starts with: `:`, `.name`, `#name` or
/// `key=` (spaces allowed first).
fn starts_like_attributes(inner: &str) -> bool {
    let s = inner.strip_prefix(':').unwrap_or(inner);
    let colon = s.len() != inner.len();
    let s = s.trim_start_matches([' ', '\t']);
    let mut chars = s.chars();
    match chars.next() {
        Some('.') | Some('#') => chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_'),
        Some(c) if c.is_ascii_alphabetic() => {
            let key = s
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
                .count();
            s[key..].starts_with('=') || (colon && key > 0)
        }
        _ => false,
    }
}

/// Every word is `.class`, `#id`, `key=value` (value quoted or not) or `:`.
fn attributes_only(s: &str) -> bool {
    let toks = super::support::attrs::tokens(s.trim_end_matches('}'), 0);
    !toks.is_empty()
        && toks.iter().all(|t| {
            let w = t.text.as_str();
            w == ":"
                || ((w.starts_with('.') || w.starts_with('#'))
                    && w.len() > 1
                    && w[1..]
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':')))
                || w.split_once('=').is_some_and(|(k, v)| {
                    !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
                        && value_ok(v)
                })
        })
}

/// A value: unquoted without quotes, or wholly in one pair of quotes.
fn value_ok(v: &str) -> bool {
    match v.chars().next() {
        None => false,
        Some(q @ ('"' | '\'')) => {
            v.len() >= 2 && v.ends_with(q) && v[1..v.len() - 1].find(q).is_none()
        }
        Some(_) => !v.contains(['"', '\'']),
    }
}

/// Double and single quotes that open a value are closed.
fn balanced(s: &str) -> bool {
    s.matches('"').count().is_multiple_of(2) && {
        // A `'` inside a word (`don't`) is an apostrophe; only `='` opens a value.
        let opens = s.matches("='").count();
        opens == 0 || s.matches('\'').count().is_multiple_of(2)
    }
}

fn build(sink: &Sink<'_>, doc: &Document, bad: Bad) -> crate::finding::Finding {
    let written = &doc.text[bad.range.clone()];
    let shown = if written.chars().count() > 40 {
        let cut: String = written.chars().take(37).collect();
        format!("{cut}...")
    } else {
        written.to_string()
    };
    match bad.kind {
        BadKind::Unclosed { close_at } => {
            let f = sink
                .finding(
                    Rule::MalformedAttributeList,
                    bad.range.clone(),
                    format!("attribute list `{shown}` is never closed"),
                )
                .with_label(
                    "shown as literal text: an attribute list must end with `}` on its line",
                )
                .with_help("close it with `}` right after the last attribute, on the same line");
            match close_at {
                Some(end) => f.with_fix(
                    Applicability::Safe,
                    "close the attribute list",
                    vec![Edit::insert(end, "}")],
                ),
                None => f,
            }
        }
        BadKind::UnbalancedQuote => sink
            .finding(
                Rule::MalformedAttributeList,
                bad.range,
                format!("attribute list `{shown}` has a quote that is never closed"),
            )
            .with_label("the value keeps the stray quote (or swallows the words after it)")
            .with_help("quote the whole value, `key=\"value\"`, or drop the quote: `key=value`"),
        BadKind::Detached { space } => sink
            .finding(
                Rule::MalformedAttributeList,
                bad.range,
                format!("attribute list `{shown}` is separated from its link by a space"),
            )
            .with_label("Wiki.js gives it to the paragraph, not the link; MkDocs shows it as text")
            .with_help("write it right after the link's `)`, with no space")
            .with_fix(
                Applicability::Safe,
                "attach the attribute list to the link",
                vec![Edit::delete(space)],
            ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_starts() {
        for yes in [
            ": .note",
            ".button",
            "#id",
            " .x",
            "target=_blank",
            ": title",
            "data-x=1",
        ] {
            assert!(starts_like_attributes(yes), "{yes}");
        }
        for no in [
            "name}",
            " name",
            "...props}",
            "# comment",
            "1, 2}",
            "\"a\": 1}",
            "",
            "=x",
        ] {
            assert!(!starts_like_attributes(no), "{no}");
        }
    }

    #[test]
    fn only_attributes() {
        assert!(attributes_only(": .note #a target=_blank title=\"A b\""));
        assert!(!attributes_only("target=_blank\" and more text"));
        assert!(!attributes_only(".note and more"));
    }
}
