//! GL324 tabset-swallows-sections: a `{.tabset}` heading shallower than the section it is
//! written in: Wiki.js makes the sections after it its tabs.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::{Dialect, swallowing_tabsets};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::TabsetSwallowsSections,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let hashes = |n: u8| "#".repeat(n as usize);
    for t in swallowing_tabsets(doc) {
        let h = &doc.headings[t.tabset];
        let section = &doc.headings[t.section];
        // The tabs written as sections: the numbered ones.
        let names: Vec<&str> = t
            .tabs
            .iter()
            .map(|&k| &doc.headings[k])
            .filter(|k| k.number.is_some())
            .map(|k| k.text.as_str())
            .collect();
        let list = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let f = sink
            .finding(
                Rule::TabsetSwallowsSections,
                h.first_line(&doc.text),
                format!(
                    "tabset \"{}\" is a `{}` heading inside the `{}` section \"{}\": Wiki.js makes \
                     every `{}` heading after it a tab, up to the next `{}` heading",
                    h.text,
                    hashes(h.level),
                    hashes(section.level),
                    section.text,
                    hashes(h.level + 1),
                    hashes(h.level),
                ),
            )
            .with_label(format!(
                "{} tabs, among them the sections {list}",
                t.tabs.len()
            ))
            .with_help(format!(
                "make the tabset one level below its section (`{} {} {{.tabset}}`) with `{}` tabs, \
                 so that it ends at the next `{}` section",
                hashes(section.level + 1),
                h.text,
                hashes(section.level + 2),
                hashes(section.level),
            ));
        sink.push(f);
    }
}
