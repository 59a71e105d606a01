//! GL319 unconvertible-content-tabs: MkDocs Material content tabs (`=== "Android"`) that
//! `guide-lint build` cannot turn into a Wiki.js tabset (text after them in their section, inside
//! a list, nested, too deep): build refuses the page. Convertible groups are converted by build.

use std::ops::Range;
use std::sync::LazyLock;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::{Dialect, Document};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnconvertibleContentTabs,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

/// One tab marker: `=== "Title"` (also `===!` and `===+`), alone on its line.
static TAB: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"(?m)^([ \t]*)===[!+]{0,2}[ \t]+"([^"\n]*)"[ \t]*\r?$"#)
        .expect("valid regex")
});

/// One tab of a group: its title, its marker line (with the line break) and its content (the
/// indented lines after the marker, without trailing blank lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    pub title: String,
    pub line: Range<usize>,
    pub body: Range<usize>,
}

/// A group of content tabs: the range of its first marker (`=== "Title"`), the tabs' titles,
/// the markers' indentation (bytes), the tabs, and where the group's last content ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabGroup {
    pub range: Range<usize>,
    pub titles: Vec<String>,
    pub indent: usize,
    pub tabs: Vec<Tab>,
    pub end: usize,
}

/// The end of the line at `at`, past its line break.
fn next_line(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// Where a tab's content ends: the end of its last non-blank line among the lines from `from`
/// that are blank or indented deeper than `indent` bytes.
fn body_end(text: &str, from: usize, indent: usize) -> usize {
    let (mut at, mut end) = (from, from);
    while at < text.len() {
        let next = next_line(text, at);
        let line = text[at..next].trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            at = next;
            continue;
        }
        if line.len() - line.trim_start().len() <= indent {
            break;
        }
        at = next;
        end = next;
    }
    end
}

/// The content tab groups of a MkDocs page, in source order (none on a Wiki.js page). A marker
/// continues the group before it when only blank or indented lines (the tabs' content) lie
/// between them, unless it is `===!`.
pub fn tab_groups(doc: &Document) -> Vec<TabGroup> {
    if doc.dialect != Dialect::Mkdocs || !doc.text.contains("===") {
        return Vec::new();
    }
    let text = &doc.text;
    let mut groups: Vec<TabGroup> = Vec::new();
    let mut last_end = None;
    for c in TAB.captures_iter(text) {
        let (Some(m), Some(indent), Some(title)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let start = indent.end();
        // A marker the MkDocs pass read as one is blank for comrak, which may report an
        // indented code block running across it.
        let marker = doc.tab_marker_lines.binary_search(&m.start()).is_ok();
        if (doc.in_code(start) && !marker) || last_end.is_some_and(|e| m.start() < e) {
            continue;
        }
        // `===!` always starts a new group.
        let forced = m.as_str().trim_start()[3..].starts_with('!');
        let continues = !forced
            && groups.last().is_some_and(|g| {
                g.indent == indent.len() && text[g.end..m.start()].trim().is_empty()
            });
        let line = m.start()..next_line(text, m.start());
        let body = line.end..body_end(text, line.end, indent.len()).max(line.end);
        let tab = Tab {
            title: title.as_str().to_string(),
            line: line.clone(),
            body: body.clone(),
        };
        let end = body.end.max(line.end);
        match groups.last_mut() {
            Some(g) if continues => {
                g.titles.push(tab.title.clone());
                g.tabs.push(tab);
                g.end = end;
            }
            _ => groups.push(TabGroup {
                range: start..start + m.as_str().trim().len(),
                titles: vec![tab.title.clone()],
                indent: indent.len(),
                tabs: vec![tab],
                end,
            }),
        }
        last_end = Some(end);
    }
    groups
}

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
