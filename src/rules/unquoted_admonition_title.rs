//! GL302 unquoted-admonition-title: `!!! note Not all data...`: MkDocs reads the words after
//! the type as CSS classes, so the title is lost (or, with punctuation, the line is no
//! admonition at all).

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnquotedAdmonitionTitle,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    for a in &doc.admonitions {
        // With a quoted title, the words before it are the author's classes
        // (`!!! info inline end "Title"`).
        if a.title.is_some() {
            continue;
        }
        let Some(words) = a.unquoted_words.clone() else {
            continue;
        };
        let Some(text) = doc.text.get(words.clone()) else {
            continue;
        };
        let text = text.trim_end();
        if text.is_empty() {
            continue;
        }
        let words = words.start..words.start + text.len();
        // Words written as the classes MkDocs makes of them (`??? warning classes`), and
        // Material's own modifier classes (`!!! info inline end`).
        if crate::document::admonition::words_are_classes(text) {
            continue;
        }
        // Python-Markdown's admonition pattern accepts only `[\w-]+` words after the type.
        let classes_only = text.split(' ').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        });
        let label = if classes_only {
            format!(
                "MkDocs makes these words CSS classes and titles the box \"{}\"",
                capitalize(&a.kind)
            )
        } else {
            "MkDocs does not recognise this line as an admonition: it shows as text and the body \
             as a code block"
                .to_string()
        };
        let f = sink
            .finding(
                Rule::UnquotedAdmonitionTitle,
                words.clone(),
                format!("admonition title `{text}` is not quoted"),
            )
            .with_label(label)
            .with_help(format!("write `{} {} \"{text}\"`", a.marker, a.kind))
            .with_fix(
                Applicability::Safe,
                "quote the title",
                vec![Edit::replace(words, format!("\"{text}\""))],
            );
        sink.push(f);
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
