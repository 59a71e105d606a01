//! GL327 undefined-footnote: `[^tip]` with no `[^tip]: ...` definition on the page. Both sites
//! show the reference as the text `[^tip]`, and the note it stood for is nowhere: a translation
//! that kept the reference but dropped the definition at the page's end, or a definition whose
//! label was translated.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UndefinedFootnote,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    if crate::util::find_bytes!(doc.text.as_bytes(), b"[^").is_none() {
        return;
    }
    let mut found: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
    // A reference the parser resolved is a footnote, not text: what is left in the text is
    // a reference to no definition (or a definition's own label, which is no text either).
    for w in doc.written_texts() {
        for open in memchr::memmem::find_iter(w.text.as_bytes(), b"[^") {
            let rest = &w.text[open + 2..];
            let Some(close) = rest.find(']') else { break };
            let label = &rest[..close];
            // Python-Markdown and markdown-it read any label without spaces or brackets.
            if label.is_empty()
                || label.contains(|c: char| c.is_whitespace() || c == '[' || c == '\\')
                || character_class(label)
            {
                continue;
            }
            // `[^x]: ...` starting a line is a definition, read by the parser when it can.
            if rest[close + 1..].starts_with(':') {
                continue;
            }
            let start = w.range.start + open;
            found.push((start..start + 2 + close + 1, label));
        }
    }
    if found.is_empty() {
        return;
    }
    // A page that includes files (pymdownx.snippets, or the files `auto_append` adds to every
    // page) may have the definition in one of them: the definitions are those of the page with
    // its files included, as MkDocs reads it. A page whose files cannot be included (its build
    // stops there, and GL210 says why) is not judged.
    let included;
    let footnotes = if super::support::includes::has_includes(ctx) {
        let Some(doc) = super::support::includes::with_includes(ctx) else {
            return;
        };
        included = doc;
        &included.footnotes
    } else {
        &doc.footnotes
    };
    let defined = |label: &str| footnotes.iter().any(|f| f.name.eq_ignore_ascii_case(label));
    for (range, label) in found {
        if defined(label) {
            continue;
        }
        sink.push(
            sink.finding(
                Rule::UndefinedFootnote,
                range,
                format!("footnote `[^{label}]` has no definition on this page"),
            )
            .with_label("shown as this text")
            .with_help(format!(
                "add the note as `[^{label}]: ...` to the page (footnotes sit at its end), or \
                 remove the reference"
            )),
        );
    }
}

/// A regular expression's negated class written in prose (`[^a-z]`, `[^0-9A-F]`): no footnote
/// a writer meant.
fn character_class(label: &str) -> bool {
    let b = label.as_bytes();
    b.windows(3)
        .any(|w| w[1] == b'-' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric() && w[0] < w[2])
        && label.len() <= 12
}
