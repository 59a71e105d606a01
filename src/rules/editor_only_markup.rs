//! GL315 editor-only-markup: `==highlight==`: the Wiki.js editor's preview highlights it, but
//! the server does not load markdown-it-mark, so the published page shows the `==`.

use std::sync::LazyLock;

use regex::Regex;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::EditorOnlyMarkup,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

static MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"==([^=\s](?:[^=\n]*[^=\s])?)==").expect("valid regex"));

/// Whether `text` has `==`: a byte search for `=` (vectorised), cheaper than setting up a
/// substring search on each of a page's many short texts.
fn has_double_equals(text: &str) -> bool {
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|rest| rest.find('=')) {
        if text.as_bytes().get(from + i + 1) == Some(&b'=') {
            return true;
        }
        from += i + 1;
    }
    false
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    // Only verbatim texts are read, and each is the page's text at its range: a page without
    // `==` (nearly every page) has no text with it, found by one vectorised search.
    if memchr::memmem::find(doc.text.as_bytes(), b"==").is_none() {
        return;
    }
    for t in &doc.texts {
        if !t.verbatim || !has_double_equals(&t.text) || doc.in_code(t.range.start) {
            continue;
        }
        for c in MARK.captures_iter(&t.text) {
            let (Some(m), Some(inner)) = (c.get(0), c.get(1)) else {
                continue;
            };
            // `a===b`, `x == y == z`: not highlight delimiters.
            let before = t.text[..m.start()].chars().next_back();
            let after = t.text[m.end()..].chars().next();
            if before == Some('=') || after == Some('=') {
                continue;
            }
            let range = t.range.start + m.start()..t.range.start + m.end();
            let f = sink
                .finding(
                    Rule::EditorOnlyMarkup,
                    range.clone(),
                    format!(
                        "`=={}==` is highlighted only in the editor preview",
                        inner.as_str()
                    ),
                )
                .with_label("the published page shows the `==` signs")
                .with_help("use `<mark>...</mark>`, which Wiki.js keeps, or bold")
                .with_fix(
                    Applicability::Safe,
                    "use `<mark>`",
                    vec![Edit::replace(
                        range,
                        format!("<mark>{}</mark>", inner.as_str()),
                    )],
                );
            sink.push(f);
        }
    }
}
