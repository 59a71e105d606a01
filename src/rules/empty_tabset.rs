//! GL318 empty-tabset: a `{.tabset}` heading with no tab headings exactly one level below it
//! before the next heading of its level: Wiki.js renders an empty tab widget.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::Severity;
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::EmptyTabset,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    for (i, h) in doc.headings.iter().enumerate() {
        if !h.tabset {
            continue;
        }
        let mut tabs = 0;
        let mut deeper: Option<u8> = None;
        for t in doc.headings.iter().skip(i + 1) {
            if t.level <= h.level {
                break;
            }
            if t.level == h.level + 1 {
                tabs += 1;
            } else if deeper.is_none() {
                deeper = Some(t.level);
            }
        }
        if tabs > 0 {
            continue;
        }
        let hashes = |n: u8| "#".repeat(n as usize);
        let help = match deeper {
            Some(level) => format!(
                "the tabs must be `{}` headings (one level below the tabset); these are `{}`",
                hashes(h.level + 1),
                hashes(level)
            ),
            None => format!(
                "add the tabs as `{}` headings under it, each followed by its content",
                hashes(h.level + 1)
            ),
        };
        let f = sink
            .finding(
                Rule::EmptyTabset,
                h.first_line(&doc.text),
                format!("tabset \"{}\" has no tabs", h.text),
            )
            .with_label("Wiki.js shows an empty tab widget and drops this heading")
            .with_help(help);
        sink.push(f);
    }
}
