//! MkDocs Material content tabs (`=== "Android"`, pymdownx.tabbed) as they group on a page:
//! read by GL319 and GL328 (which tabs build can convert, and how), GL321, GL322 and build.

use std::ops::Range;
use std::sync::LazyLock;

use super::{Dialect, Document};

/// One tab marker: `=== "Title"` (also `===!` and `===+`), alone on its line.
pub static TAB: LazyLock<regex::Regex> = LazyLock::new(|| {
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
/// that are blank or indented deeper than `indent` columns.
fn body_end(text: &str, from: usize, indent: usize) -> usize {
    let (mut at, mut end) = (from, from);
    while at < text.len() {
        let next = next_line(text, at);
        let line = text[at..next].trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            at = next;
            continue;
        }
        if super::admonition::indent_of(line) <= indent {
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
    // A vectorised search: most pages hold no marker, and several rules ask for the groups.
    if doc.dialect != Dialect::Mkdocs
        || crate::util::find_bytes!(doc.text.as_bytes(), b"===").is_none()
    {
        return Vec::new();
    }
    groups_in(doc, 0..doc.text.len())
}

/// Every content tab group of a MkDocs page, those inside another group's tabs included, in
/// the order of their first markers (the order pymdownx.tabbed numbers them in).
pub fn all_tab_groups(doc: &Document) -> Vec<TabGroup> {
    let mut out = tab_groups(doc);
    let mut i = 0;
    while i < out.len() {
        let bodies: Vec<Range<usize>> = out[i].tabs.iter().map(|t| t.body.clone()).collect();
        for body in bodies {
            out.extend(groups_in(doc, body));
        }
        i += 1;
    }
    out.sort_by_key(|g| g.range.start);
    out
}

/// The groups whose markers lie in `within`, not inside another group's tab there.
fn groups_in(doc: &Document, within: Range<usize>) -> Vec<TabGroup> {
    let text = &doc.text;
    let mut groups: Vec<TabGroup> = Vec::new();
    let mut last_end = None;
    // `within` starts at a line's start, where `^` matches.
    let Some(scope) = text.get(within.clone()) else {
        return groups;
    };
    let base = within.start;
    for c in TAB.captures_iter(scope) {
        let (Some(m), Some(indent), Some(title)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let m_start = base + m.start();
        let start = base + indent.end();
        // A marker the MkDocs pass read as one is blank for comrak, which may report an
        // indented code block running across it.
        let marker = doc.tab_marker_lines.binary_search(&m_start).is_ok();
        if (doc.in_code(start) && !marker) || last_end.is_some_and(|e| m_start < e) {
            continue;
        }
        // `===!` always starts a new group.
        let forced = m.as_str().trim_start()[3..].starts_with('!');
        let continues = !forced
            && groups.last().is_some_and(|g| {
                g.indent == indent.len() && text[g.end..m_start].trim().is_empty()
            });
        let line = m_start..next_line(text, m_start);
        let body = line.end
            ..body_end(
                text,
                line.end,
                super::admonition::indent_of(indent.as_str()),
            )
            .max(line.end);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tab's content indented with tabs is measured in columns: `\t` under `=== "A"` and
    /// `\t\t` under a set indented four spaces are inside their tabs.
    #[test]
    fn tab_indented_content_belongs_to_its_tab() {
        let text = "=== \"A\"\n\n\tIn A.\n\n    === \"B\"\n\n    \tIn B, nested.\n\n\t\tStill in B.\n\nAfter.\n";
        let doc = Document::parse("p.md".into(), text.into(), Some(Dialect::Mkdocs));
        let all = all_tab_groups(&doc);
        assert_eq!(all.len(), 2, "{all:#?}");
        let a = &all[0].tabs[0];
        assert!(
            text[a.body.clone()].contains("Still in B."),
            "{:?}",
            &text[a.body.clone()]
        );
        assert!(!text[a.body.clone()].contains("After."));
        let b = &all[1].tabs[0];
        assert_eq!(b.title, "B");
        assert!(
            text[b.body.clone()].contains("Still in B."),
            "{:?}",
            &text[b.body.clone()]
        );
    }
}
