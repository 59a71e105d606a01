//! GL319 unconvertible-content-tabs: MkDocs Material content tabs (`=== "Android"`, or
//! pymdownx.blocks' `/// tab | Android`) that `guide-lint build` cannot turn into a Wiki.js
//! tabset nor show as sections (inside a list, a quote or an admonition, or holding tabs of their
//! own): build refuses the page. Convertible groups are converted by build; those it shows one
//! after another are GL328's.


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

/// Why tabs cannot become a tabset, each told in GL319's message and build's error.
pub const IN_CONTAINER: &str = "they are inside a list, a quote or an admonition";
pub const NESTED: &str = "they contain tabs of their own";
pub const TOO_DEEP: &str = "their section is too deep for two more heading levels";
pub const TEXT_FOLLOWS: &str = "text follows them in their section";

/// Whether build shows tabs refused a tabset for `why` as sections instead ([`sections`]):
/// tabs at the top level of the page without tabs of their own, whose section goes on after
/// them or is too deep for a tabset's two heading levels.
pub fn shown_as_sections(why: &str) -> bool {
    why == TOO_DEEP || why == TEXT_FOLLOWS
}

/// The comment that opens a group of tabs shown one after another ([`sections`]), naming the
/// tabs: `<!-- content tabs "Web", "App" -->`. `sync --pull` finds the group by it and its
/// closing comment ([`SECTIONS_END`]) to bring the tabs back.
pub fn sections_start(titles: &[String]) -> String {
    format!("<!-- content tabs {} -->", quoted_titles(titles))
}

/// The comment that closes a group of tabs shown one after another.
pub const SECTIONS_END: &str = "<!-- end of content tabs -->";

/// What build writes for a group of tabs that cannot be a tabset but can be shown one after
/// another ([`shown_as_sections`]): each tab's title in bold (`title` makes it), as a paragraph
/// of its own, then its content, unindented, between two HTML comments that Wiki.js does not
/// show ([`sections_start`], [`SECTIONS_END`]; none when a title would end a comment). Every
/// tab's content stays on the page, in the order the tabs are in, and the text after the group
/// stays where it is.
pub fn sections(doc: &Document, group: &TabGroup, title: impl Fn(&str) -> String) -> String {
    let marked = !group.titles.iter().any(|t| t.contains("--"));
    let mut out = String::new();
    if marked {
        out.push_str(&sections_start(&group.titles));
        out.push_str("\n\n");
    }
    push_tabs(&mut out, doc, group, title);
    if marked {
        out.push('\n');
        out.push_str(SECTIONS_END);
        out.push('\n');
    }
    out
}

/// Each tab of `group`: its title line (`title` makes it), then its content, unindented, a
/// blank line between them and between two tabs.
fn push_tabs(out: &mut String, doc: &Document, group: &TabGroup, title: impl Fn(&str) -> String) {
    for (i, t) in group.tabs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&title(&t.title));
        out.push('\n');
        let body = &doc.text[t.body.clone()];
        if !body.trim().is_empty() {
            out.push('\n');
            push_unindented(out, body);
        }
    }
}

/// `body`'s lines, each without the four columns of indentation a tab's content has.
fn push_unindented(out: &mut String, body: &str) {
    for line in body.trim_start_matches(['\n', '\r']).split_inclusive('\n') {
        let cut = crate::document::admonition::bytes_for_columns(line, 4);
        out.push_str(&line[cut..]);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The Wiki.js tabset that replaces `group`, or why there is none. A tabset is a heading one
/// level below the section's, with `{.tabset}` (Wiki.js shows tabs instead of it), and one
/// heading one level further down per tab (GL318); it runs to the next heading of its own level
/// or above, so the tabs must end their section.
pub fn tabset(doc: &Document, group: &TabGroup) -> Result<String, &'static str> {
    let text = &doc.text;
    if group.indent > 0 || in_block(doc, group.range.start) {
        return Err(IN_CONTAINER);
    }
    if group
        .tabs
        .iter()
        .any(|t| TAB.is_match(&text[t.body.clone()]))
    {
        return Err(NESTED);
    }
    let level = section_level(doc, group.range.start);
    if level + 2 > 6 {
        return Err(TOO_DEEP);
    }
    if !ends_section(doc, group.end, level) {
        return Err(TEXT_FOLLOWS);
    }
    let hashes = |n: u8| "#".repeat(usize::from(n));
    let mut out = format!(
        "{} {} {{.tabset}}\n",
        hashes(level + 1),
        group.titles.join(" / ")
    );
    out.push('\n');
    push_tabs(&mut out, doc, group, |t| format!("{} {t}", hashes(level + 2)));
    Ok(out)
}

/// Whether `at` lies inside a pymdownx block (`/// note` … `///`, whose body is not indented):
/// build makes the block a callout or a wrapper, which a tabset's headings cannot stand in.
fn in_block(doc: &Document, at: usize) -> bool {
    if crate::util::find_bytes!(doc.text.as_bytes(), b"///").is_none() {
        return false;
    }
    crate::document::pymdown_blocks::blocks(doc).iter().any(|b| {
        let from = doc.lines.line_start(b.header_line).unwrap_or(usize::MAX);
        let to = doc
            .lines
            .line_start(b.closing_line)
            .unwrap_or(doc.text.len());
        from < at && at < to
    })
}

/// The level of the section `at` lies in (0 before the first heading).
fn section_level(doc: &Document, at: usize) -> u8 {
    doc.headings
        .iter()
        .take_while(|h| h.range.start < at)
        .last()
        .map_or(0, |h| h.level)
}

/// Whether what follows `end` (blank lines aside) ends a tabset made in a section of `level`
/// (the tabset's heading one level below it): the page's end, or a heading no deeper than the
/// tabset's.
fn ends_section(doc: &Document, end: usize, level: u8) -> bool {
    let text = &doc.text;
    let rest = &text[end.min(text.len())..];
    let next = end.min(text.len()) + (rest.len() - rest.trim_start().len());
    next >= text.len()
        || doc
            .headings
            .iter()
            .any(|h| h.range.start == next && h.level <= level + 1)
}

/// Groups of `/// tab` blocks (pymdownx.blocks.tab) that build, which makes them content tabs
/// first, cannot turn into a tabset: the first tab's header, the titles, and why. The same
/// judgments as [`tabset`], on the blocks as written: consecutive tab blocks (only blank lines
/// between a closing fence and the next header) are one group unless one says `new: true`; a
/// tab without a title is left as written by build, and not judged.
pub fn block_tab_problems(
    doc: &Document,
    config: &crate::config::Config,
) -> Vec<(std::ops::Range<usize>, Vec<String>, &'static str)> {
    use crate::mkdocs::Syntax;
    let all = crate::document::pymdown_blocks::blocks(doc);
    let is_tab = |b: &crate::document::pymdown_blocks::Block| {
        b.name == "tab" && b.title.as_deref().is_some_and(|t| !t.is_empty() && !t.contains('"'))
    };
    if !all.iter().any(is_tab) || !config.enables(Syntax::BlockTab) {
        return Vec::new();
    }
    let text = &doc.text;
    let blank_between = |from: usize, to: usize| {
        (from + 1..to).all(|l| {
            doc.lines
                .line_range(text, l)
                .is_none_or(|r| text[r].trim().is_empty())
        })
    };
    // The groups, as lists of indices into `all`.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, b) in all.iter().enumerate() {
        if !is_tab(b) {
            continue;
        }
        let new = b
            .option("new")
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on"));
        match groups.last_mut() {
            Some(g)
                if !new
                    && all[g[g.len() - 1]].indent == b.indent
                    && all[g[g.len() - 1]].closing_line < b.header_line
                    && blank_between(all[g[g.len() - 1]].closing_line, b.header_line) =>
            {
                g.push(i)
            }
            _ => groups.push(vec![i]),
        }
    }
    let mut out = Vec::new();
    for g in groups {
        let first = &all[g[0]];
        let last = &all[g[g.len() - 1]];
        // Inside another block that build keeps as a block (an admonition, a tab), or indented.
        let enclosed = all.iter().any(|o| {
            o.header_line < first.header_line
                && last.closing_line < o.closing_line
                && !matches!(
                    config.block_syntax(&o.name),
                    Some(Syntax::BlockHtml | Syntax::BlockCaption | Syntax::BlockDefinition)
                )
        });
        let nested = all.iter().any(|o| {
            o.name == "tab"
                && first.header_line < o.header_line
                && o.closing_line < last.closing_line
                && !g.iter().any(|&k| std::ptr::eq(&all[k], o))
        });
        let level = section_level(doc, first.header.start);
        let after = doc
            .lines
            .line_start(last.closing_line + 1)
            .unwrap_or(text.len());
        let why = if first.indent > 0 || enclosed {
            Some(IN_CONTAINER)
        } else if nested {
            Some(NESTED)
        } else if level + 2 > 6 {
            Some(TOO_DEEP)
        } else if !ends_section(doc, after, level) {
            Some(TEXT_FOLLOWS)
        } else {
            None
        };
        if let Some(why) = why {
            let titles = g
                .iter()
                .filter_map(|&k| all[k].title.clone())
                .collect();
            out.push((first.header.clone(), titles, why));
        }
    }
    out
}

/// Every group of content tabs on the page (`=== "Tab"`, and `/// tab` blocks as build makes
/// them content tabs) that cannot become a Wiki.js tabset: where it starts, its titles, and
/// why. Build refuses the page for some ([`IN_CONTAINER`], [`NESTED`]: GL319) and shows the
/// others one after another ([`shown_as_sections`]: GL328).
pub(crate) fn refused_tabsets(
    ctx: &FileContext<'_>,
) -> Vec<(std::ops::Range<usize>, Vec<String>, &'static str)> {
    // A MkDocs site without guide-lint configuration is published by MkDocs, where these tabs
    // render as intended: only a build for Wiki.js cannot convert them, and build says so.
    if ctx.config.is_mkdocs_only() {
        return Vec::new();
    }
    tab_groups(ctx.doc)
        .into_iter()
        .filter_map(|g| {
            let why = tabset(ctx.doc, &g).err()?;
            Some((g.range.clone(), g.titles, why))
        })
        .chain(block_tab_problems(ctx.doc, ctx.config))
        .collect()
}

/// The titles of a group, quoted and joined for a message.
pub(crate) fn quoted_titles(titles: &[String]) -> String {
    titles
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::UnconvertibleContentTabs) {
        return;
    }
    for (range, titles, why) in refused_tabsets(ctx) {
        if shown_as_sections(why) {
            continue;
        }
        let f = sink
            .finding(
                Rule::UnconvertibleContentTabs,
                range,
                format!(
                    "content tabs {} cannot become a Wiki.js tabset: {why}",
                    quoted_titles(&titles)
                ),
            )
            .with_label(
                "Wiki.js would show this line as text and the tab's content as a code block",
            )
            .with_help(
                "a Wiki.js tabset is made of headings, which cannot stand in a list, a quote or \
                 an admonition, nor hold tabs of their own: write the tabs as sections. \
                 `guide-lint build` converts the tabs that can, and stops at these",
            );
        sink.push(f);
    }
}
