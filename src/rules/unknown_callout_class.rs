//! GL303 unknown-callout-class: a blockquote class that Wiki.js does not style as a callout
//! (`{.is-note}`, `{.warning}`): the box renders as a plain grey quote.

use crate::util::{Nearness, closest};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::Severity;
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnknownCalloutClass,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

/// Callout classes Wiki.js 2.5 styles.
pub const CALLOUT_CLASSES: &[&str] = &["is-info", "is-success", "is-warning", "is-danger"];

/// MkDocs/GitHub admonition names and the Wiki.js callout each corresponds to.
const ALIASES: &[(&str, &str)] = &[
    ("note", "is-info"),
    ("info", "is-info"),
    ("abstract", "is-info"),
    ("summary", "is-info"),
    ("example", "is-info"),
    ("question", "is-info"),
    ("quote", "is-info"),
    ("important", "is-info"),
    ("tip", "is-success"),
    ("hint", "is-success"),
    ("success", "is-success"),
    ("check", "is-success"),
    ("done", "is-success"),
    ("warning", "is-warning"),
    ("caution", "is-warning"),
    ("attention", "is-warning"),
    ("danger", "is-danger"),
    ("error", "is-danger"),
    ("failure", "is-danger"),
    ("fail", "is-danger"),
    ("bug", "is-danger"),
];

/// The Wiki.js callout class a written class most likely meant, when it looks like a callout
/// class at all.
pub fn intended_callout(class: &str) -> Option<&'static str> {
    let bare = class.strip_prefix("is-").unwrap_or(class);
    if let Some((_, c)) = ALIASES.iter().find(|(a, _)| *a == bare.to_lowercase()) {
        return Some(c);
    }
    if class.starts_with("is-") {
        return closest(class, CALLOUT_CLASSES.iter().copied(), Nearness::TARGET).or(Some("is-info"));
    }
    None
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    for q in &ctx.doc.quotes {
        let Some((range, classes)) = &q.class_line else {
            continue;
        };
        for class in classes {
            if CALLOUT_CLASSES.contains(&class.as_str()) || class == "valign-center" {
                continue;
            }
            let Some(meant) = intended_callout(class) else {
                continue;
            };
            let line = &ctx.doc.text[range.clone()];
            let r = line
                .find(&format!(".{class}"))
                .map(|i| range.start + i..range.start + i + class.len() + 1)
                .unwrap_or(range.clone());
            let f = sink
                .finding(
                    Rule::UnknownCalloutClass,
                    r,
                    format!("`.{class}` is not a Wiki.js callout class"),
                )
                .with_label("the quote renders as a plain grey box")
                .with_help(format!(
                    "did you mean `.{meant}`? Wiki.js styles `.is-info`, `.is-success`, \
                     `.is-warning` and `.is-danger`"
                ));
            sink.push(f);
        }
    }
}
