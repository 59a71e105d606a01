//! GL319 unconvertible-content-tabs: MkDocs Material content tabs (`=== "Android"`) that
//! `guide-lint build` cannot turn into a Wiki.js tabset (text after them in their section, inside
//! a list, nested, too deep): build refuses the page. Convertible groups are converted by build.


use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
pub use crate::document::tabs::{TAB, Tab, TabGroup, tab_groups};
use crate::document::{Dialect, Document};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnconvertibleContentTabs,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

/// The Wiki.js tabset that replaces `group`, or why there is none. A tabset is a heading one
/// level below the section's, with `{.tabset}` (Wiki.js shows tabs instead of it), and one
/// heading one level further down per tab (GL318); it runs to the next heading of its own level
/// or above, so the tabs must end their section.
pub fn tabset(doc: &Document, group: &TabGroup) -> Result<String, &'static str> {
    let text = &doc.text;
    if group.indent > 0 {
        return Err("they are inside a list, a quote or an admonition");
    }
    if group
        .tabs
        .iter()
        .any(|t| TAB.is_match(&text[t.body.clone()]))
    {
        return Err("they contain tabs of their own");
    }
    let level = doc
        .headings
        .iter()
        .take_while(|h| h.range.start < group.range.start)
        .last()
        .map_or(0, |h| h.level);
    if level + 2 > 6 {
        return Err("their section is too deep for two more heading levels");
    }
    let rest = &text[group.end..];
    let next = group.end + (rest.len() - rest.trim_start().len());
    if next < text.len()
        && !doc
            .headings
            .iter()
            .any(|h| h.range.start == next && h.level <= level + 1)
    {
        return Err("text follows them in their section");
    }
    let hashes = |n: u8| "#".repeat(usize::from(n));
    let mut out = format!(
        "{} {} {{.tabset}}\n",
        hashes(level + 1),
        group.titles.join(" / ")
    );
    for t in &group.tabs {
        out.push('\n');
        out.push_str(&format!("{} {}\n", hashes(level + 2), t.title));
        let body = &text[t.body.clone()];
        if !body.trim().is_empty() {
            out.push('\n');
            for line in body.trim_start_matches(['\n', '\r']).split_inclusive('\n') {
                let cut = crate::document::admonition::bytes_for_columns(line, 4);
                out.push_str(&line[cut..]);
            }
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    Ok(out)
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    // A MkDocs site without guide-lint configuration is published by MkDocs, where these tabs
    // render as intended: only a build for Wiki.js cannot convert them, and build says so.
    if !sink.wants(Rule::UnconvertibleContentTabs) || ctx.config.is_mkdocs_only() {
        return;
    }
    for g in tab_groups(ctx.doc) {
        let Err(why) = tabset(ctx.doc, &g) else {
            continue;
        };
        let titles = g
            .titles
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let f = sink
            .finding(
                Rule::UnconvertibleContentTabs,
                g.range.clone(),
                format!("content tabs {titles} cannot become a Wiki.js tabset: {why}"),
            )
            .with_label(
                "Wiki.js would show this line as text and the tab's content as a code block",
            )
            .with_help(
                "a Wiki.js tabset runs to the next heading of its level, so the tabs must end \
                 their section and stand at the top level of the page; otherwise write them as \
                 sections. `guide-lint build` converts the tabs that can, and stops at these",
            );
        sink.push(f);
    }
}
