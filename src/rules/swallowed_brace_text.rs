//! GL310 swallowed-brace-text: a paragraph, heading, list item or table cell that ends in
//! `{text}`: markdown-it-attrs (Wiki.js) reads it as attributes and the text disappears.
//! MkDocs' attr_list does the same at the end of a heading.

use super::support::attrs::{AttrTarget, AttrToken, tokens};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::{BlockKind, Dialect};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::SwallowedBraceText,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let blocks = ctx.attr_blocks();
    let doc = ctx.doc;
    for block in blocks {
        let AttrTarget::BlockEnd(kind) = block.on else {
            continue;
        };
        if doc.dialect == Dialect::Mkdocs && kind != BlockKind::Heading {
            continue; // attr_list reads block attributes only from a line of their own
        }
        let toks = tokens(&block.content, block.range.start + 1);
        if toks.is_empty()
            || toks.iter().all(|t| t.is_attribute())
            || meant_as_attributes(&toks, doc.dialect)
        {
            continue; // attributes the author meant (GL312 checks which survive)
        }
        let written = &doc.text[block.range.clone()];
        let f = sink
            .finding(
                Rule::SwallowedBraceText,
                block.range.clone(),
                format!("`{written}` at the end of a line is read as attributes and disappears"),
            )
            .with_label(match doc.dialect {
                Dialect::Wikijs => "Wiki.js removes this text from the page",
                Dialect::Mkdocs => "MkDocs removes this text from the heading",
            })
            .with_help(
                "put it in backticks (`{name}`), or make it not end the line; escaping the \
                 braces does not help",
            )
            .with_fix(
                Applicability::Safe,
                "add an empty HTML comment after it so it is kept as text",
                vec![Edit::insert(block.range.end, "<!-- -->")],
            );
        sink.push(f);
    }
}

/// Bare words beside attribute syntax (`{: #platform cmd-line env-var }`, as cibuildwheel marks
/// its options' headings), or after attr_list's `:` on a MkDocs page (`{: android}`): both
/// readers give the element each word as an attribute without a value (`<h3 cmd-line env-var
/// id="platform">`), which is what the author wrote the list for, not text to show.
fn meant_as_attributes(toks: &[AttrToken], dialect: Dialect) -> bool {
    let explicit = toks
        .iter()
        .any(|t| t.is_class() || t.is_id() || t.key().is_some());
    let colon = dialect == Dialect::Mkdocs && toks.first().is_some_and(|t| t.text == ":");
    (explicit || colon)
        && toks
            .iter()
            .all(|t| t.is_attribute() || is_attribute_name(&t.text))
}

/// A word an attribute may be named (a letter or `_` first, then letters, digits, `-`, `_`,
/// `.`, `:`).
fn is_attribute_name(w: &str) -> bool {
    let mut b = w.bytes();
    b.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':'))
}
