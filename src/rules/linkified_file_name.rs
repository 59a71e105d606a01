//! GL208 linkified-file-name: a bare file name (`README.md`, `main.rs`) or placeholder domain
//! (`example.com`) in prose that Wiki.js's linkify turns into an `http://` link.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink, in_sorted_ranges};
use crate::document::{LinkKind, TagKind};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::LinkifiedFileName,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

/// File extensions that are also top-level domains linkify-it knows (two-letter country codes):
/// `.md` Moldova, `.rs` Serbia, `.py` Paraguay, `.sh` Saint Helena, `.mk` North Macedonia,
/// `.so` Somalia.
const FILE_TLDS: &[&str] = &["md", "rs", "py", "sh", "mk", "so"];
/// Reserved example domains (RFC 2606): placeholders that should not become links.
const PLACEHOLDER_DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];

static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    // A host-like word: labels of letters/digits/hyphens joined by dots.
    Regex::new(r"[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+")
        .expect("valid regex")
});

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let html_links = html_link_ranges(doc);
    // Text of a link is never linkified, except bare `www.` URLs, which both parsers turn into
    // links themselves.
    let links: Vec<Range<usize>> = doc
        .links
        .iter()
        .filter(|l| l.kind != LinkKind::Autolink || doc.text[l.range.clone()].starts_with('<'))
        .map(|l| l.range.clone())
        .collect();
    for t in &doc.texts {
        if !t.verbatim || !t.text.contains('.') || doc.in_code(t.range.start) {
            continue;
        }
        if in_sorted_ranges(&links, t.range.start) || in_sorted_ranges(&html_links, t.range.start) {
            continue;
        }
        for m in CANDIDATE.find_iter(&t.text) {
            let word = m.as_str();
            if !linkify_boundaries(&t.text, m.start(), m.end()) {
                continue;
            }
            let lower = word.to_lowercase();
            let tld = lower.rsplit('.').next().unwrap_or("");
            let placeholder = PLACEHOLDER_DOMAINS
                .iter()
                .any(|d| lower == *d || lower.ends_with(&format!(".{d}")));
            if !FILE_TLDS.contains(&tld) && !placeholder {
                continue;
            }
            let range = t.range.start + m.start()..t.range.start + m.end();
            let (message, help) = if placeholder {
                (
                    format!("placeholder domain `{word}` becomes a link to `http://{word}`"),
                    "Wiki.js turns text that looks like a domain into a link; put placeholders in \
                     backticks"
                        .to_string(),
                )
            } else {
                (
                    format!("file name `{word}` becomes a link to `http://{word}`"),
                    format!(
                        "Wiki.js turns text that looks like a domain into a link, and `.{tld}` is a \
                         country's domain; put file names in backticks"
                    ),
                )
            };
            let f = sink
                .finding(Rule::LinkifiedFileName, range.clone(), message)
                .with_help(help)
                .with_fix(
                    Applicability::Unsafe,
                    format!("write `{word}` as code"),
                    vec![Edit::replace(range, format!("`{word}`"))],
                );
            sink.push(f);
        }
    }
}

/// linkify-it's fuzzy-link boundaries: the host must follow the start, a space or punctuation
/// other than `.`, `:`, `/`, `\`, `]`, `^`, `_`, `@`; and be followed by the end, a space or
/// punctuation other than `-`, `_`, `:` + digit, or `.` + something that continues the word.
fn linkify_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| {
        !(c.is_whitespace() || c.is_ascii_punctuation() || is_unicode_punct(c))
            || matches!(c, '.' | ':' | '/' | '\\' | ']' | '^' | '_' | '@')
    }) {
        return false;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' || c == '-' => false,
        Some(':') => true,
        Some('.') => after
            .next()
            .is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation()),
        Some(_) => true,
    }
}

/// Non-ASCII punctuation linkify-it counts as a boundary (quotes, dashes, guillemets...).
fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '«' | '»' | '¡' | '¿' | '\u{3000}'..='\u{303F}'
    )
}

/// Byte ranges between an inline `<a ...>` and its `</a>`: linkify leaves their text alone.
fn html_link_ranges(doc: &crate::document::Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for t in &doc.html {
        if t.name != "a" {
            continue;
        }
        match t.kind {
            TagKind::Start { .. } => open = Some(t.range.start),
            TagKind::End => {
                if let Some(s) = open.take() {
                    out.push(s..t.range.end);
                }
            }
            TagKind::Comment(_) => {}
        }
    }
    out
}
