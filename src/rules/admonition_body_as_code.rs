//! GL322 admonition-body-as-code: a MkDocs admonition body, or a blockquote (a Wiki.js callout),
//! indented so deep that it renders as an indented code block although it is prose.
//!
//! The rule reports what [`prose_code_bodies`] finds (`src/document/prose_code.rs`), which the
//! translation rules read too: they must see the source page as it renders.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::prose_code::{Holder, prose_code_bodies};
use crate::document::tabs::tab_groups;
use crate::finding::{Applicability, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::AdmonitionBodyAsCode,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::AdmonitionBodyAsCode) {
        return;
    }
    let doc = ctx.doc;
    let bodies = prose_code_bodies(doc);
    let tabs = if bodies.iter().any(|p| matches!(p.holder, Holder::Tab { .. })) {
        tab_groups(doc)
    } else {
        Vec::new()
    };
    for p in bodies {
        // A tab in the indentation counts to the next multiple of 4 columns: the width is
        // then told in columns, not spaces.
        let start = doc.lines.line_start_at(p.range.start);
        let lead = &doc.text[start..p.range.start.max(start)];
        let lead = &lead[..lead.len() - lead.trim_start_matches([' ', '\t', '>']).len()];
        let width = if lead.contains('\t') {
            format!("{} columns (a tab reaches the next multiple of 4)", p.found)
        } else {
            format!("{} spaces", p.found)
        };
        let (message, label, help) = match p.holder {
            Holder::Tab { group, tab } => {
                let title = tabs
                    .get(group)
                    .and_then(|g| g.tabs.get(tab))
                    .map_or("", |t| t.title.as_str());
                (
                    format!(
                        "content tab `=== \"{title}\"` body is indented {width}, so it renders as a \
                         code block"
                    ),
                    "MkDocs shows this prose as raw Markdown in a code box inside the tab"
                        .to_string(),
                    format!(
                        "indent the tab's content {} spaces, 4 more than `===`; code meant as \
                         code inside a tab goes in a fenced block (```)",
                        p.expected
                    ),
                )
            }
            Holder::Admonition(i) => {
                let a = &doc.admonitions[i];
                (
                    format!(
                        "`{} {}` body is indented {width}, so it renders as a code block",
                        a.marker, a.kind
                    ),
                    "MkDocs shows this prose as raw Markdown in a code box (and so does Wiki.js \
                     after `guide-lint build`)"
                        .to_string(),
                    format!(
                        "indent the body {} spaces, 4 more than `{}`; code meant as code inside \
                         an admonition goes in a fenced block (```)",
                        p.expected, a.marker
                    ),
                )
            }
            Holder::Quote { callout } => (
                format!(
                    "{} text has {} spaces after `>`, so it renders as a code block",
                    if callout { "callout" } else { "quote" },
                    p.found
                ),
                "shown as raw Markdown in a code box".to_string(),
                "write one space after `>`; four or more start an indented code block".to_string(),
            ),
        };
        let mut f = sink
            .finding(Rule::AdmonitionBodyAsCode, p.range.clone(), message)
            .with_label(label)
            .with_help(help);
        if !p.dedent.is_empty() {
            f = f.with_fix(
                Applicability::Unsafe,
                match p.holder {
                    Holder::Admonition(_) | Holder::Tab { .. } => {
                        format!("indent the body {} spaces", p.expected)
                    }
                    Holder::Quote { .. } => "keep one space after `>`".to_string(),
                },
                p.dedent,
            );
        }
        sink.push(f);
    }
}
