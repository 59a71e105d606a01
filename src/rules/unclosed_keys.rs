//! GL326 unclosed-keys: a pymdownx.keys shortcut opened with `++` and never closed
//! (`press ++ctrl+c to copy`): MkDocs shows the plus signs and key names as typed.

use std::sync::LazyLock;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnclosedKeys,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

/// `++` and key names joined by `+`; whether `++` closes it is checked by hand (no look-ahead).
static OPENED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\+\+([A-Za-z0-9][A-Za-z0-9-]*(?:\+[A-Za-z0-9][A-Za-z0-9-]*)*)")
        .expect("valid regex")
});

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    // The texts are read as written, each the page's text at its range: a page without `++`
    // (nearly every page) has no text with it, found by one vectorised search.
    if !sink.wants(Rule::UnclosedKeys)
        || crate::util::find_bytes!(ctx.doc.text.as_bytes(), b"++").is_none()
    {
        return;
    }
    for t in ctx.doc.written_texts().filter(|t| t.text.contains("++")) {
        let text = t.text;
        let mut from = 0;
        while let Some(m) = OPENED.captures_at(text, from) {
            let (Some(all), Some(keys)) = (m.get(0), m.get(1)) else {
                break;
            };
            // A closed shortcut, quoted keys included (`++ctrl+alt+"My Key"++`), read in the
            // page's source (an entity inside quotes ends the text as written): the next one
            // starts after it.
            let at = t.range.start + all.start();
            if let Some(s) = crate::document::keys::shortcut_at(&ctx.doc.text, at) {
                from = (s.range.end - t.range.start).min(text.len());
                continue;
            }
            let after = &text[all.end()..];
            from = all.end();
            if let Some(rest) = after.strip_prefix("++") {
                // Closed: a shortcut, the next one starts after it.
                from = text.len() - rest.len();
                continue;
            }
            // `++ctrl+alt+t+ `: closed with one plus sign where two are needed.
            let one_plus = after.strip_prefix('+').is_some_and(|rest| {
                !rest.starts_with(|c: char| c == '+' || c.is_alphanumeric())
            });
            // `C++`, `g++ -o`, `i++`: the plus signs end a word, they do not open keys.
            let before = text[..all.start()].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '+')
                || (!one_plus && after.starts_with(|c: char| c == '+' || c.is_alphanumeric()))
                || !keys.as_str().split('+').all(crate::document::keys::is_name)
            {
                continue;
            }
            let written = if one_plus {
                format!("{}+", all.as_str())
            } else {
                all.as_str().to_string()
            };
            let range =
                t.range.start + all.start()..t.range.start + all.end() + usize::from(one_plus);
            let (message, edit) = if one_plus {
                (
                    format!("keyboard shortcut `{written}` is closed with one `+`"),
                    Edit::insert(range.end, "+".to_string()),
                )
            } else {
                (
                    format!("keyboard shortcut `{written}` is never closed"),
                    Edit::insert(range.end, "++".to_string()),
                )
            };
            let f = sink
                .finding(Rule::UnclosedKeys, range.clone(), message)
                .with_label("MkDocs shows the plus signs and key names as typed")
                .with_help(format!(
                    "close it with `++`: `{}++` (pymdownx.keys)",
                    all.as_str()
                ))
                .with_fix(
                    Applicability::Unsafe,
                    "close the shortcut with `++`",
                    vec![edit],
                );
            sink.push(f);
        }
    }
}
