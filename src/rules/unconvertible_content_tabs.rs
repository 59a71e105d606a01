//! GL319 unconvertible-content-tabs: MkDocs Material content tabs (`=== "Android"`) on a page
//! that is built for Wiki.js, which has no such syntax: `guide-lint build` refuses the page.

use std::ops::Range;
use std::sync::LazyLock;

use super::{FileContext, Rule, Sink};
use crate::document::{Dialect, Document};

/// One tab marker: `=== "Title"` (also `===!` and `===+`), alone on its line.
static TAB: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"(?m)^([ \t]*)===[!+]{0,2}[ \t]+"([^"\n]*)"[ \t]*\r?$"#)
        .expect("valid regex")
});

/// A group of content tabs: the range of its first marker (`=== "Title"`) and the tabs' titles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabGroup {
    pub range: Range<usize>,
    pub titles: Vec<String>,
}

/// The content tab groups of a MkDocs page, in source order (none on a Wiki.js page). A marker
/// continues the group before it when only blank or indented lines (the tabs' content) lie
/// between them, unless it is `===!`.
pub fn tab_groups(doc: &Document) -> Vec<TabGroup> {
    if doc.dialect != Dialect::Mkdocs || !doc.text.contains("===") {
        return Vec::new();
    }
    let mut groups: Vec<TabGroup> = Vec::new();
    let mut last_end = None;
    for c in TAB.captures_iter(&doc.text) {
        let (Some(m), Some(indent), Some(title)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let start = indent.end();
        if doc.in_code(start) {
            continue;
        }
        // `===!` always starts a new group.
        let forced = m.as_str().trim_start()[3..].starts_with('!');
        let continues = !forced
            && last_end.is_some_and(|end: usize| {
                doc.text[end..m.start()].split('\n').all(|l| {
                    let l = l.trim_end_matches('\r');
                    l.trim().is_empty() || l.len() - l.trim_start().len() > indent.len()
                })
            });
        let end = start + m.as_str().trim().len();
        match groups.last_mut() {
            Some(g) if continues => g.titles.push(title.as_str().to_string()),
            _ => groups.push(TabGroup {
                range: start..end,
                titles: vec![title.as_str().to_string()],
            }),
        }
        last_end = Some(m.end());
    }
    groups
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::UnconvertibleContentTabs) {
        return;
    }
    for g in tab_groups(ctx.doc) {
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
                format!("content tabs {titles} have no Wiki.js form"),
            )
            .with_label("Wiki.js shows this line as text and the tab's content as a code block")
            .with_help(
                "write the tabs as a Wiki.js tabset (a heading ending in `{.tabset}`, one heading \
                 one level below it per tab) or as sections; `guide-lint build` does not build \
                 this page",
            );
        sink.push(f);
    }
}
