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
    // A page without `==` (nearly every page) is passed by one vectorised search. The prose
    // blocks' text pieces are read as written: a text the parse changed (a backslash escape
    // anywhere in it) holds `==` as well.
    if crate::util::find_bytes!(doc.text.as_bytes(), b"==").is_none() {
        return;
    }
    for b in &doc.blocks {
        let Some(text) = doc.text.get(b.range.clone()) else {
            continue;
        };
        if !has_double_equals(text) {
            continue;
        }
        for c in MARK.captures_iter(text) {
            let (Some(m), Some(inner)) = (c.get(0), c.get(1)) else {
                continue;
            };
            // `a===b`, `x == y == z`: not highlight delimiters; `\==` is escaped.
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let range = b.range.start + m.start()..b.range.start + m.end();
            // Within one piece of the block's text: not in a link's destination, an HTML
            // attribute or code.
            let in_text = b
                .pieces
                .iter()
                .any(|p| p.start <= range.start && range.end <= p.end);
            if matches!(before, Some('=' | '\\')) || after == Some('=') || !in_text {
                continue;
            }
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
