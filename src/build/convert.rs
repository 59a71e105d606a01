//! Conversions to Wiki.js-ready Markdown, each a set of edits on the page's text (applied by the
//! shared edit engine, round after round, until nothing changes).
//!
//! - MkDocs admonitions become callouts: `> **Title**` + body + `{.is-x}`, or, where the class
//!   line would land on the wrong element (a body that ends in a list, code or another callout; a
//!   callout that ends a list item), `<blockquote class="is-x">` + Markdown body +
//!   `</blockquote>` (`docs/wikijs.md#callouts`).
//! - attr_list images and `<figure markdown>` become `![alt](src =WxH){.align-x}` (+ caption).
//! - `.md` and relative page links become `/<locale>/<path>`; MkDocs anchors become Wiki.js ids.
//! - Asset URLs are mapped by `build.assets`.
//! - Component attributes become `data-*` (the sanitizer strips the plain ones).
//! - `<div .../>` and other self-closed non-void elements are closed.
//! - MkDocs content tabs that end their section become a Wiki.js tabset: a `{.tabset}` heading
//!   one level below the section's and a heading per tab below it; top-level tabs that cannot
//!   are shown one after another, each title in bold above its content (GL328); tabs inside
//!   another block, or holding tabs, stop the build (GL319).
//! - pymdownx.keys `++ctrl+alt+del++` becomes `<kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>`.
//! - Material icons (`:material-check:`, with their `{ .class }` list) are left out; in a link
//!   whose text is icons alone, the first becomes its name in words (`[github](…)`).
//! - `<div markdown>` (MkDocs' md_in_html) loses the `markdown` attribute and gets blank lines
//!   inside, so Wiki.js parses its content as Markdown too (an HTML block ends at a blank line).
//! - On MkDocs pages, soft line breaks inside paragraphs become spaces (Wiki.js renders every
//!   newline as `<br>`).
//!
//! A page that is already Wiki.js-ready produces no edit.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::document::admonition::bytes_for_columns;
use crate::document::html::is_void;
use crate::document::{BlockKind, Dialect, Document, HtmlTag, LinkKind, TagKind};
use crate::finding::Edit;
use crate::fix::Proposal;
use crate::mkdocs::Syntax;
use crate::util::{NestedRanges, has_scheme, resolve_relative as resolve, split_url};
use crate::wikijs::slug::{SlugCounter, SlugStyle, wikijs_explicit_id, wikijs_slug};

/// What an edit converts (for counting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Conversion {
    Admonition,
    Figure,
    Image,
    PageLink,
    Anchor,
    Asset,
    Component,
    SelfClosing,
    LineBreak,
    /// `<div markdown>`: md_in_html content made Markdown for Wiki.js.
    MarkdownInHtml,
    /// MkDocs content tabs made a Wiki.js tabset.
    ContentTabs,
    /// pymdownx.keys (`++ctrl+c++`) made `<kbd>` elements.
    Keys,
    /// Material icons (`:material-check:`), which Wiki.js would show as text, left out.
    Icon,
    /// pymdownx.blocks (`/// note`) made admonitions, or their bodies.
    Blocks,
    /// A `<!-- guide-lint-... -->` comment, dropped unless `build.keep-suppression-comments`.
    SuppressionComment,
    /// A rule's safe fix (meaning-preserving), applied while building.
    Fix(crate::rule::Rule),
}

impl std::fmt::Display for Conversion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Conversion::Admonition => "admonition",
            Conversion::Figure => "figure",
            Conversion::Image => "image attributes",
            Conversion::PageLink => "page link",
            Conversion::Anchor => "anchor",
            Conversion::Asset => "asset path",
            Conversion::Component => "component attributes",
            Conversion::SelfClosing => "self-closing tag",
            Conversion::LineBreak => "line break",
            Conversion::SuppressionComment => "suppression comment",
            Conversion::MarkdownInHtml => "markdown in HTML",
            Conversion::ContentTabs => "content tabs",
            Conversion::Keys => "keys",
            Conversion::Icon => "icon",
            Conversion::Blocks => "pymdownx block",
            Conversion::Fix(rule) => return write!(f, "{} fix", rule.code()),
        })
    }
}

/// A page other pages can link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTarget {
    pub locale: String,
    /// The Wiki.js page path (no locale, no extension).
    pub path: String,
    /// The page's heading ids in its own dialect -> the ids Wiki.js gives them.
    pub anchors: HashMap<String, String>,
}

impl PageTarget {
    pub fn href(&self) -> String {
        format!("/{}/{}", self.locale, self.path)
    }
}

/// Every page of the build, by its path under the guides root (`en/move.md`, `/` separators).
pub type PageIndex = HashMap<String, PageTarget>;

/// What the conversions need to know about a page besides its text.
pub struct PageCtx<'a> {
    pub config: &'a Config,
    /// The source file under the guides root (`en/move.md`).
    pub rel: &'a Path,
    pub index: &'a PageIndex,
    /// The page as read has pymdownx blocks that build makes admonitions: their admonitions
    /// are converted on with the blocks' extensions, though the project may not enable
    /// `admonition` or `pymdownx.details` for `!!!` and `???` (the rounds after the first read
    /// the blocks as admonitions).
    pub from_blocks: bool,
}

/// A heading's id in the page's dialect -> its Wiki.js id.
///
/// The Wiki.js id is the slug of the heading as the built page shows it: Wiki.js renders an
/// emoji shortcode (`:rocket:`) as an emoji, which its slug leaves out, and `build` drops a
/// MkDocs page's icons (`:material-check:`). `## :rocket: Go live` is `#go-live` on the wiki.
pub fn anchor_map(doc: &Document) -> HashMap<String, String> {
    let mut counter = SlugCounter::new(SlugStyle::WikiJs);
    let mut map = HashMap::new();
    for h in &doc.headings {
        let wiki = match &h.explicit_id {
            Some(id) => counter.unique(wikijs_explicit_id(id)),
            None => counter.unique(wikijs_slug(&crate::document::icon::heading_slug_text(
                doc.dialect,
                h.slug_text.as_deref().unwrap_or(&h.text),
            ))),
        };
        map.insert(h.id.clone(), wiki);
    }
    map
}

/// `en/sub/v1.2.md` -> (`en`, `sub/v12`): the locale folder (or `primary`) and the page path
/// Wiki.js's git storage gives the file (extension removed, dots deleted).
pub fn page_of(rel: &Path, primary: &str) -> (String, String) {
    let rel = crate::util::slash_path(rel);
    let (locale, path) = match crate::wikijs::path::page_path_from_git_file(&rel) {
        Some((locale, path, _)) => (locale, path),
        None => (None, rel.replace('.', "")),
    };
    (locale.unwrap_or_else(|| primary.to_string()), path)
}

/// [`page_of`] for a page of the guides tree `config` reads: where the language is written
/// before the extension ([`crate::discover::Layout::Suffixes`]), `guide/setup.da.md` is
/// (`da`, `guide/setup`) and `guide/setup.md` the same page in the default language.
pub fn page_in(rel: &Path, config: &Config) -> (String, String) {
    // The language before the extension, or a folder that spells it otherwise (`pt-BR/`).
    if let Some((locale, rest)) = crate::discover::Layout::of(config).respelled(rel) {
        // As the check's page keys read it ([`crate::workspace::page_key_in`]).
        let (_, path) = page_of(&Path::new("xx").join(rest), "xx");
        return (locale.to_string(), path);
    }
    page_of(rel, config.primary_locale())
}

/// [`page_in`] for a source page in `dialect`. A MkDocs `index.md` is its folder's page, as
/// MkDocs serves it: on Wiki.js it gets the folder's path (`setup/index.md` -> `setup`), and the
/// root `index.md` the wiki's home page, `home` (`docs/wikijs.md#page-paths`); the check's page
/// keys follow the same rule ([`crate::workspace::page_key_in`]).
pub fn page_of_source(rel: &Path, config: &Config, dialect: Dialect) -> (String, String) {
    let (locale, path) = page_in(rel, config);
    (locale, crate::workspace::served_path(path, dialect))
}

/// All conversions for one round, in the order the engine should try them.
pub fn conversions(doc: &Document, ctx: &PageCtx<'_>) -> Vec<Proposal<Conversion>> {
    let mut out = Vec::new();
    // Only the MkDocs syntax the project's `markdown_extensions` enable is converted: the rest
    // is text on the MkDocs site too (GL321), and stays text.
    let on = |syntax| ctx.config.enables(syntax);
    // pymdownx.blocks become admonitions (or their bodies) first, alone in their round: the
    // next round reads the admonitions as the rest of this conversion does.
    if doc.dialect == Dialect::Mkdocs {
        let blocks = super::blocks::edits(doc, ctx.config);
        if !blocks.is_empty() {
            return vec![Proposal {
                label: Conversion::Blocks,
                edits: blocks,
            }];
        }
    }
    let adm = admonition_edits(doc, ctx.config, ctx.from_blocks);
    if !adm.is_empty() {
        out.push(Proposal {
            label: Conversion::Admonition,
            edits: adm,
        });
    }
    if on(Syntax::MarkdownInHtml) {
        figure_edits(doc, &mut out);
    }
    let mut rest = Vec::new();
    image_edits(doc, ctx, &mut rest);
    link_edits(doc, ctx, &mut rest);
    component_edits(doc, &mut rest);
    self_closing_edits(doc, &mut rest);
    if doc.dialect == Dialect::Mkdocs {
        line_break_edits(doc, &mut rest);
        if on(Syntax::MarkdownInHtml) {
            markdown_in_html_edits(doc, &mut rest);
        }
        if on(Syntax::Tabs) || (ctx.from_blocks && on(Syntax::BlockTab)) {
            content_tab_edits(doc, &mut rest);
        }
        if on(Syntax::Keys) {
            keys_edits(doc, &mut rest);
        }
        if on(Syntax::Icons) {
            icon_edits(doc, on(Syntax::AttrList), &mut rest);
        }
    }
    rest.sort_by_key(|p| p.edits.iter().map(|e| e.range.start).min().unwrap_or(0));
    out.extend(rest);
    out
}

/// The first MkDocs construct on the page that build cannot convert, as its offset and a
/// message: content tabs that cannot become a Wiki.js tabset (GL319). Building such a page would
/// publish the tabs' titles as text and their content as code blocks, so the page is not built.
pub fn unconvertible(doc: &Document, config: &Config) -> Option<(usize, String)> {
    use crate::rules::unconvertible_content_tabs::{shown_as_sections, tab_groups, tabset};
    if doc.dialect != Dialect::Mkdocs {
        return None;
    }
    let failing = |d: &Document| {
        tab_groups(d).into_iter().find_map(|g| {
            // Shown as sections when not a tabset (GL328): built.
            let why = tabset(d, &g).err().filter(|w| !shown_as_sections(w))?;
            Some((
                g.range.start,
                g.titles.first().cloned().unwrap_or_default(),
                why,
            ))
        })
    };
    let message = |why: &str, form: &str| {
        format!(
            "MkDocs content tabs (`{form}`) cannot become a Wiki.js tabset (GL319): {why}; write \
             them as sections"
        )
    };
    if config.enables(Syntax::Tabs)
        && let Some((at, title, why)) = failing(doc)
    {
        return Some((at, message(why, &format!("=== \"{title}\""))));
    }
    // `/// tab` blocks become content tabs first: their tabs are judged as built, and named
    // by the first tab's block.
    if !config.enables(Syntax::BlockTab) {
        return None;
    }
    let tabs: Vec<_> = crate::document::pymdown_blocks::blocks(doc)
        .into_iter()
        .filter(|b| b.name == "tab")
        .collect();
    if tabs.is_empty() {
        return None;
    }
    let edits = super::blocks::edits(doc, config);
    let text = crate::fix::apply_round(&doc.text, [edits.as_slice()]).text;
    let converted = Document::parse(doc.path.clone(), text, Some(Dialect::Mkdocs));
    let (_, title, why) = failing(&converted)?;
    let at = tabs
        .iter()
        .find(|b| b.title.as_deref() == Some(title.as_str()))
        .map_or(0, |b| b.header.start);
    Some((at, message(why, &format!("/// tab | {title}"))))
}

/// Content tabs that end their section become a Wiki.js tabset (see
/// [`crate::rules::unconvertible_content_tabs::tabset`]); top-level tabs that cannot (text
/// follows them, or their section is too deep) are shown one after another, each tab's title
/// in bold above its content (GL328).
fn content_tab_edits(doc: &Document, out: &mut Vec<Proposal<Conversion>>) {
    use crate::rules::unconvertible_content_tabs::{
        sections, shown_as_sections, tab_groups, tabset,
    };
    for g in tab_groups(doc) {
        let replacement = match tabset(doc, &g) {
            Ok(tabset) => tabset,
            Err(why) if shown_as_sections(why) => {
                sections(doc, &g, |t| title_markup(t).unwrap_or_default())
            }
            Err(_) => continue,
        };
        let start = g.tabs.first().map_or(g.range.start, |t| t.line.start);
        out.push(Proposal {
            label: Conversion::ContentTabs,
            edits: vec![Edit::replace(start..g.end, replacement)],
        });
    }
}

// ---- admonitions ----------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `> ...` lines and a `{.is-x}` class line.
    Quote,
    /// `<blockquote class="is-x">` ... `</blockquote>` around a Markdown body.
    Html,
}

struct Plan {
    indent: usize,
    header_line: usize,
    /// Last line of the body (the header line when there is no body).
    last_line: usize,
    has_body: bool,
    form: Form,
    class: String,
    title: Option<String>,
    kind: String,
}

/// The Markdown a title becomes: bold, with bold inside it unwrapped (bold inside bold is
/// invisible, and `**a **b** c**` breaks apart).
pub(crate) fn title_markup(title: &str) -> Option<String> {
    let t = title.trim();
    if t.is_empty() {
        return None;
    }
    let doc = Document::parse(PathBuf::new(), t.to_string(), Some(Dialect::Wikijs));
    let mut cut: Vec<Range<usize>> = Vec::new();
    for e in doc.emphasis.iter().filter(|e| e.strong) {
        let r = &e.range;
        let s = &t[r.clone()];
        if r.len() >= 4
            && (s.starts_with("**") && s.ends_with("**")
                || s.starts_with("__") && s.ends_with("__"))
        {
            cut.push(r.start..r.start + 2);
            cut.push(r.end - 2..r.end);
        }
    }
    cut.sort_by_key(|r| r.start);
    let mut out = String::new();
    let mut pos = 0;
    for r in cut {
        if r.start < pos {
            continue;
        }
        out.push_str(&t[pos..r.start]);
        pos = r.end;
    }
    out.push_str(&t[pos..]);
    let out = out.trim();
    (!out.is_empty()).then(|| format!("**{out}**"))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether the admonition's dedented body ends with a paragraph at its top level (then a
/// `{.is-x}` line after it puts the class on the quote).
fn body_ends_with_paragraph(doc: &Document, plan: &Plan) -> bool {
    let mut body = String::new();
    for line in plan.header_line + 1..=plan.last_line {
        let r = doc.lines.line_range(&doc.text, line).unwrap_or(0..0);
        let s = &doc.text[r];
        body.push_str(&s[bytes_for_columns(s, plan.indent + 4)..]);
        body.push('\n');
    }
    let end = body.trim_end().len();
    let sub = Document::parse(PathBuf::new(), body, Some(Dialect::Mkdocs));
    sub.blocks
        .iter()
        .any(|b| b.kind == BlockKind::Paragraph && b.containers.is_empty() && b.range.end >= end)
        && !sub.code_blocks.iter().any(|c| c.end >= end)
}

/// Whether nothing but blank lines follows the admonition inside the list item holding it (the
/// class line would then land on the list item).
fn ends_list_item(items: &NestedRanges, header: usize, end: usize) -> bool {
    // Items nest (an item's text holds its sub-items'): the shortest item around the header is
    // the innermost.
    items
        .innermost(header)
        .and_then(|i| items.get(i))
        .is_some_and(|item| item.end <= end)
}

/// The page's list items, each without its trailing blank lines and spaces, for
/// [`ends_list_item`].
fn trimmed_list_items(doc: &Document) -> NestedRanges {
    let mut items: Vec<Range<usize>> = doc
        .list_items
        .iter()
        .map(|r| r.start..r.start + doc.text.get(r.clone()).map_or(0, |s| s.trim_end().len()))
        .collect();
    items.sort_by_key(|r| r.start);
    NestedRanges::new(items)
}

/// `stack`: (indent, form) of the admonitions around a line, outermost first. Returns the line
/// prefix and the column it reaches.
fn prefix(stack: &[(usize, Form)]) -> (String, usize) {
    let mut s = String::new();
    let mut col = 0;
    for &(indent, form) in stack {
        s.push_str(&" ".repeat(indent.saturating_sub(col)));
        if form == Form::Quote {
            s.push_str("> ");
        }
        col = indent + 4;
    }
    (s, col)
}

fn blank(stack: &[(usize, Form)]) -> String {
    prefix(stack).0.trim_end().to_string()
}

/// What ends an admonition: (its indent, the text, the stack around it).
type Closing = (usize, String, Vec<(usize, Form)>);

fn admonition_edits(doc: &Document, config: &Config, from_blocks: bool) -> Vec<Edit> {
    if doc.admonitions.is_empty() {
        return Vec::new();
    }
    let text = &doc.text;
    let line_of = |offset: usize| doc.lines.line_col(offset).line;
    let line_range = |line: usize| doc.lines.line_range(text, line).unwrap_or(0..0);
    let mut plans: Vec<Plan> = doc
        .admonitions
        .iter()
        .filter(|a| {
            let syntax = Syntax::of_admonition_marker(&a.marker);
            let block = match syntax {
                Syntax::Details => Syntax::BlockDetails,
                _ => Syntax::BlockAdmonition,
            };
            config.enables(syntax) || (from_blocks && config.enables(block))
        })
        .map(|a| {
            let has_body = text
                .get(a.body_range.clone())
                .is_some_and(|b| !b.trim().is_empty());
            let header_line = line_of(a.header_range.start);
            let last_line = if has_body {
                line_of(a.body_range.end)
            } else {
                header_line
            };
            let title = match (&a.title, &a.unquoted_words) {
                (Some(t), _) => title_markup(t),
                // Unquoted words: MkDocs makes them CSS classes; unless they are written as
                // classes (`??? warning classes`), they were meant as the title (GL302).
                (None, Some(r))
                    if !crate::document::admonition::words_are_classes(&text[r.clone()]) =>
                {
                    title_markup(&text[r.clone()])
                }
                (None, _) => None,
            };
            Plan {
                indent: a.indent,
                header_line,
                last_line,
                has_body,
                form: Form::Quote,
                class: config.callout_class(&a.kind),
                title,
                kind: a.kind.clone(),
            }
        })
        .collect();
    let items = trimmed_list_items(doc);
    for p in plans.iter_mut() {
        let end = line_range(p.last_line).end;
        let header = line_range(p.header_line).start
            + bytes_for_columns(&text[line_range(p.header_line)], p.indent);
        // At indent 0 an admonition is in no list item (comrak may stretch an item's range over
        // the blanked header line that follows it).
        let in_item_last = p.indent > 0 && ends_list_item(&items, header, end);
        let quote_ok = (!p.has_body || body_ends_with_paragraph(doc, p)) && !in_item_last;
        p.form = if quote_ok { Form::Quote } else { Form::Html };
    }
    // The admonitions whose body holds the current line, outermost first: kept while the lines
    // are walked in order (`plans` are in the order of their headers), so a page of many
    // admonitions does not compare each line with each of them.
    let mut open: Vec<usize> = Vec::new();
    let mut next_plan = 0;
    let mut around = |line: usize| -> Vec<usize> {
        open.retain(|&j| line <= plans[j].last_line);
        while next_plan < plans.len() && plans[next_plan].header_line < line {
            if line <= plans[next_plan].last_line {
                open.push(next_plan);
            }
            next_plan += 1;
        }
        let mut v = open.clone();
        v.sort_by_key(|&j| plans[j].indent);
        v
    };
    let stack_of = |ids: &[usize]| -> Vec<(usize, Form)> {
        ids.iter()
            .map(|&j| (plans[j].indent, plans[j].form))
            .collect()
    };
    let mut header_at: HashMap<usize, usize> = HashMap::with_capacity(plans.len());
    for (i, p) in plans.iter().enumerate() {
        header_at.entry(p.header_line).or_insert(i);
    }
    let first = plans.iter().map(|p| p.header_line).min().unwrap_or(1);
    let last = plans.iter().map(|p| p.last_line).max().unwrap_or(1);
    let mut edits: Vec<Edit> = Vec::new();
    let mut consumed_until = 0usize; // lines up to this one were deleted with a header
    let mut closings: BTreeMap<usize, Vec<Closing>> = BTreeMap::new();
    for line in first..=last {
        let r = line_range(line);
        let content = &text[r.clone()];
        let ids = around(line);
        if let Some(&h) = header_at.get(&line) {
            let p = &plans[h];
            let outer = stack_of(&ids);
            let (pre, col) = prefix(&outer);
            let head_prefix = format!("{pre}{}", " ".repeat(p.indent.saturating_sub(col)));
            let mut inner = outer.clone();
            inner.push((p.indent, p.form));
            let (inner_pre, _) = prefix(&inner);
            let first_body_blank = p.has_body && line_range(line + 1).is_empty_or_blank(text);
            let title = p
                .title
                .clone()
                .or_else(|| (!p.has_body).then(|| format!("**{}**", capitalize(&p.kind))));
            match p.form {
                Form::Quote => match &title {
                    Some(t) => {
                        let mut s = format!("{head_prefix}> {t}");
                        if p.has_body && !first_body_blank {
                            s.push('\n');
                            s.push_str(&blank(&inner));
                        }
                        edits.push(Edit::replace(r.clone(), s));
                    }
                    None => {
                        // No title: drop the header line and the blank lines after it.
                        let mut next = line + 1;
                        while next < p.last_line && line_range(next).is_empty_or_blank(text) {
                            next += 1;
                        }
                        let from = doc.lines.line_start(line).unwrap_or(r.start);
                        let to = doc.lines.line_start(next).unwrap_or(text.len());
                        edits.push(Edit::replace(from..to, String::new()));
                        consumed_until = next - 1;
                    }
                },
                Form::Html => {
                    let open = if p.class.is_empty() {
                        "<blockquote>".to_string()
                    } else {
                        format!("<blockquote class=\"{}\">", p.class)
                    };
                    let mut s = format!("{head_prefix}{open}");
                    if let Some(t) = &title {
                        s.push('\n');
                        s.push_str(&blank(&inner));
                        s.push('\n');
                        s.push_str(&inner_pre);
                        s.push_str(t);
                    }
                    if (p.has_body && !first_body_blank) || (title.is_none() && !p.has_body) {
                        s.push('\n');
                        s.push_str(&blank(&inner));
                    }
                    edits.push(Edit::replace(r.clone(), s));
                }
            }
            let close = match p.form {
                Form::Quote if p.class.is_empty() => String::new(),
                Form::Quote => format!("\n{head_prefix}{{.{}}}", p.class),
                Form::Html => format!("\n{}\n{head_prefix}</blockquote>", blank(&outer)),
            };
            closings
                .entry(line_range(p.last_line).end)
                .or_default()
                .push((p.indent, close, outer));
            continue;
        }
        if line <= consumed_until || ids.is_empty() {
            continue;
        }
        let stack = stack_of(&ids);
        if content.trim().is_empty() {
            let b = blank(&stack);
            if content != b {
                edits.push(Edit::replace(r.clone(), b));
            }
        } else {
            let deepest = stack.last().map_or(0, |s| s.0);
            let cut = bytes_for_columns(content, deepest + 4);
            let (pre, _) = prefix(&stack);
            if content[..cut] != pre {
                edits.push(Edit::replace(r.start..r.start + cut, pre));
            }
        }
    }
    for (at, mut list) in closings {
        // Innermost first.
        list.sort_by_key(|(indent, _, _)| std::cmp::Reverse(*indent));
        let mut s: String = list.iter().map(|(_, c, _)| c.as_str()).collect();
        let outermost = list.last().map(|(_, _, o)| o.clone()).unwrap_or_default();
        let next_line = line_of(at) + 1;
        if doc.lines.line_start(next_line).is_some()
            && !line_range(next_line).is_empty_or_blank(text)
        {
            s.push('\n');
            s.push_str(&blank(&outermost));
        }
        if !s.is_empty() {
            edits.push(Edit::insert(at, s));
        }
    }
    edits
}

trait BlankLine {
    fn is_empty_or_blank(&self, text: &str) -> bool;
}

impl BlankLine for Range<usize> {
    fn is_empty_or_blank(&self, text: &str) -> bool {
        text.get(self.clone()).is_none_or(|s| s.trim().is_empty())
    }
}

// ---- images and figures ---------------------------------------------------------------------

/// An attr_list block's parts that Wiki.js keeps or can express.
#[derive(Debug, Default, PartialEq, Eq)]
struct ImageAttrs {
    /// `.class` and `#id` tokens, kept.
    keep: Vec<String>,
    align: Option<String>,
    width: Option<String>,
    height: Option<String>,
    /// Whether anything Wiki.js would drop or misread was present.
    changed: bool,
}

fn attr_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            None => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn size_value(v: &str) -> Option<String> {
    let v = v.trim();
    let v = v.strip_suffix("px").unwrap_or(v);
    let digits = v.strip_suffix('%').unwrap_or(v);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_string())
}

fn parse_image_attrs(raw: &str) -> ImageAttrs {
    let mut a = ImageAttrs::default();
    let mut s = raw.trim();
    if let Some(rest) = s.strip_prefix(':') {
        s = rest;
        a.changed = true;
    }
    for tok in attr_tokens(s) {
        if tok.starts_with('.') || tok.starts_with('#') {
            a.keep.push(tok);
            continue;
        }
        a.changed = true;
        let Some((k, v)) = tok.split_once('=') else {
            continue;
        };
        match k {
            "align" if matches!(v, "left" | "right" | "center") => a.align = Some(v.to_string()),
            "width" => a.width = size_value(v),
            "height" => a.height = size_value(v),
            _ => {}
        }
    }
    a
}

impl ImageAttrs {
    fn imsize(&self) -> Option<String> {
        match (&self.width, &self.height) {
            (None, None) => None,
            (w, h) => Some(format!(
                " ={}x{}",
                w.as_deref().unwrap_or(""),
                h.as_deref().unwrap_or("")
            )),
        }
    }

    fn block(&self, default_align: Option<&str>) -> String {
        let mut parts = self.keep.clone();
        if let Some(al) = self.align.as_deref().or(default_align) {
            let class = format!(".align-{al}");
            if !parts.contains(&class) {
                parts.push(class);
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("{{{}}}", parts.join(" "))
        }
    }
}

fn image_edits(doc: &Document, ctx: &PageCtx<'_>, out: &mut Vec<Proposal<Conversion>>) {
    // Images with a Wiki.js size (`![Export](img/e.png =50%x)`, also what a converted figure
    // becomes) are no links to the Markdown parser: their files are mapped all the same.
    for img in doc.sized_images() {
        if let Some(new) = map_asset(&img.src, ctx) {
            out.push(Proposal {
                label: Conversion::Asset,
                edits: vec![Edit::replace(img.src_range.clone(), new)],
            });
        }
    }
    for l in doc.links.iter().filter(|l| l.kind == LinkKind::Image) {
        if let (Some(r), Some(new)) = (&l.url_range, map_asset(&l.url, ctx)) {
            out.push(Proposal {
                label: Conversion::Asset,
                edits: vec![Edit::replace(r.clone(), new)],
            });
        }
        let Some((raw, arange)) = &l.attrs else {
            continue;
        };
        if doc.dialect == Dialect::Mkdocs && !ctx.config.enables(Syntax::AttrList) {
            continue;
        }
        let attrs = parse_image_attrs(raw);
        if !attrs.changed {
            continue;
        }
        let mut edits = vec![Edit::replace(arange.clone(), attrs.block(None))];
        if let Some(size) = attrs.imsize()
            && doc.text.as_bytes().get(l.range.end.wrapping_sub(1)) == Some(&b')')
        {
            edits.push(Edit::insert(l.range.end - 1, size));
        }
        out.push(Proposal {
            label: Conversion::Image,
            edits,
        });
    }
}

/// `<figure markdown>` + image + `<figcaption>` -> the image with `{.align-x}` and the caption as
/// an italic paragraph.
fn figure_edits(doc: &Document, out: &mut Vec<Proposal<Conversion>>) {
    let text = &doc.text;
    let tags = &doc.html;
    let ends = matching_ends(tags);
    for (i, open) in tags.iter().enumerate() {
        if open.name != "figure" || !open.is_start() || open.attr("markdown").is_none() {
            continue;
        }
        let Some(close) = ends[i].map(|e| &tags[e]) else {
            continue;
        };
        let start_line = doc.lines.line_col(open.range.start).line;
        let end_line = doc.lines.line_col(close.range.end).line;
        let first = doc.lines.line_range(text, start_line).unwrap_or(0..0);
        let lastr = doc.lines.line_range(text, end_line).unwrap_or(0..0);
        if !text[first.start..open.range.start].trim().is_empty()
            || !text[close.range.end..lastr.end].trim().is_empty()
        {
            continue;
        }
        let inner = &text[open.range.end..close.range.start];
        let caption_open = tags[i + 1..]
            .iter()
            .take_while(|t| t.range.start < close.range.start)
            .find(|t| t.name == "figcaption" && t.is_start());
        let caption_close = tags[i + 1..]
            .iter()
            .take_while(|t| t.range.start < close.range.start)
            .find(|t| t.name == "figcaption" && t.kind == TagKind::End);
        let (markdown, caption) = match (caption_open, caption_close) {
            (Some(o), Some(c)) if o.range.end <= c.range.start => {
                let before = &text[open.range.end..o.range.start];
                let after = &text[c.range.end..close.range.start];
                let cap = text[o.range.end..c.range.start]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (format!("{before}\n{after}"), Some(cap))
            }
            _ => (inner.to_string(), None),
        };
        let trimmed: String = markdown
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n");
        let sub = Document::parse(PathBuf::new(), trimmed.clone(), Some(Dialect::Mkdocs));
        let found = match sub.links.iter().find(|l| l.kind == LinkKind::Image) {
            Some(img) => Some((img.range.clone(), img.attrs.clone())),
            // An image with a Wiki.js size (`img/e.png =50%x`) is no link to the parser.
            None => sub.sized_images().first().map(|i| {
                let attrs = crate::document::walk_attr_block_after(&trimmed, i.range.end);
                (i.range.clone(), attrs)
            }),
        };
        let Some((img_range, img_attrs)) = found else {
            continue;
        };
        let attrs = img_attrs
            .as_ref()
            .map(|(raw, _)| parse_image_attrs(raw))
            .unwrap_or_default();
        let mut src = trimmed[img_range].to_string();
        if let Some(size) = attrs.imsize()
            && src.ends_with(')')
        {
            src.insert_str(src.len() - 1, &size);
        }
        let indent = &text[first.start..open.range.start];
        let mut s = format!("{indent}{src}{}", attrs.block(Some("center")));
        if let Some(c) = caption.filter(|c| !c.is_empty()) {
            s.push_str(&format!("\n\n{indent}*{c}*"));
        }
        out.push(Proposal {
            label: Conversion::Figure,
            edits: vec![Edit::replace(first.start..lastr.end, s)],
        });
    }
}

// ---- links, anchors, assets -----------------------------------------------------------------

/// The Wiki.js-ready form of a link target, when it needs one.
/// `own`: the page's own [`anchor_map`], made by the first link to an anchor of the page.
fn rewrite_href(
    url: &str,
    doc: &Document,
    ctx: &PageCtx<'_>,
    own: &std::cell::OnceCell<HashMap<String, String>>,
) -> Option<(Conversion, String)> {
    if let Some(frag) = url.strip_prefix('#') {
        if doc.dialect != Dialect::Mkdocs {
            return None;
        }
        let map = own.get_or_init(|| anchor_map(doc));
        let wiki = map.get(frag)?;
        return (wiki != frag).then(|| (Conversion::Anchor, format!("#{wiki}")));
    }
    if has_scheme(url) {
        return None;
    }
    let (path, query, frag) = split_url(url);
    if path.is_empty() {
        return None;
    }
    // MkDocs normalises the joined path, which drops trailing slashes: `setup.md/` is the page
    // `setup.md`.
    let path = match path.trim_end_matches('/') {
        trimmed if doc.dialect == Dialect::Mkdocs && trimmed.ends_with(".md") => trimmed,
        _ => path,
    };
    let dir = ctx.rel.parent().unwrap_or(Path::new(""));
    let md = path.ends_with(".md");
    let candidates: Vec<String> = if let Some(abs) = path.strip_prefix('/') {
        if !md {
            return None;
        }
        vec![abs.to_string()]
    } else {
        let resolved = resolve(dir, path)?;
        if md {
            vec![resolved]
        } else if resolved.is_empty() && doc.dialect == Dialect::Mkdocs {
            vec!["index.md".to_string()] // `../` up to the root: the home page
        } else if path.ends_with('/') || path == "." || path == ".." {
            vec![format!("{resolved}/index.md"), format!("{resolved}.md")]
        } else if doc.dialect == Dialect::Mkdocs || path.contains('.') {
            vec![format!("{resolved}.md"), format!("{resolved}/index.md")]
        } else {
            return None; // a Wiki.js child link: Wiki.js resolves it itself
        }
    };
    // A link from a Danish page to `setup.md` is served as `setup.da.md` where the language is
    // written before the extension, as the check reads it.
    let layout = crate::discover::Layout::of(ctx.config);
    let mut candidates = candidates;
    if let Some((own, _)) = layout.split(ctx.rel) {
        let localised: Vec<String> = candidates
            .iter()
            .filter_map(|c| layout.localised(own, Path::new(c.as_str())))
            .map(|c| crate::util::slash_path(&c))
            .collect();
        candidates.splice(0..0, localised);
    }
    let target = candidates.iter().find_map(|c| ctx.index.get(c.as_str()));
    let (href, anchors) = match target {
        Some(t) => (t.href(), Some(&t.anchors)),
        None if md => {
            let (locale, page) = page_in(Path::new(&candidates[0]), ctx.config);
            (format!("/{locale}/{page}"), None)
        }
        None => return None,
    };
    let mut out = format!("{href}{query}");
    if let Some(f) = frag {
        let f = anchors.and_then(|a| a.get(f)).map_or(f, String::as_str);
        out.push('#');
        out.push_str(f);
    }
    (out != url).then_some((Conversion::PageLink, out))
}

/// The mapped form of an asset URL, when `build.assets` has a rule for it.
fn map_asset(url: &str, ctx: &PageCtx<'_>) -> Option<String> {
    let m = asset_mapping(url, ctx.rel, ctx.config)?;
    (m.url != url).then_some(m.url)
}

/// An asset URL as `build.assets` maps it (see [`Config::map_asset`]).
pub use crate::config::MappedAsset as AssetMapping;

/// How `build.assets` maps `url`, written on the page `rel` (see [`Config::map_asset`]).
pub fn asset_mapping(url: &str, rel: &Path, config: &Config) -> Option<AssetMapping> {
    config.map_asset(url, rel)
}

fn link_edits(doc: &Document, ctx: &PageCtx<'_>, out: &mut Vec<Proposal<Conversion>>) {
    // Made once, not once per link (a page of many headings and links to them).
    let own = std::cell::OnceCell::new();
    for l in doc.links.iter().filter(|l| l.kind == LinkKind::Inline) {
        let Some(r) = &l.url_range else { continue };
        if doc.text.get(r.clone()) != Some(l.url.as_str()) {
            continue; // escapes or entities in the URL: leave it to a person
        }
        let new = rewrite_href(&l.url, doc, ctx, &own).or_else(|| {
            let (path, _, _) = split_url(&l.url);
            (!path.ends_with(".md"))
                .then(|| map_asset(&l.url, ctx).map(|u| (Conversion::Asset, u)))
                .flatten()
        });
        if let Some((label, new)) = new {
            out.push(Proposal {
                label,
                edits: vec![Edit::replace(r.clone(), new)],
            });
        }
    }
    for t in doc.html.iter().filter(|t| t.is_start()) {
        let (attr, page_link) = match t.name.as_str() {
            "a" if t.attr("identity").is_none() && t.attr("data-identity").is_none() => {
                ("href", true)
            }
            "img" => ("src", false),
            _ => continue,
        };
        let Some(a) = t.attr(attr) else { continue };
        let Some(r) = &a.value_range else { continue };
        if doc.text.get(r.clone()) != Some(a.value.as_str()) {
            continue;
        }
        let new = if page_link {
            rewrite_href(&a.value, doc, ctx, &own)
                .or_else(|| map_asset(&a.value, ctx).map(|u| (Conversion::Asset, u)))
        } else {
            map_asset(&a.value, ctx).map(|u| (Conversion::Asset, u))
        };
        if let Some((label, new)) = new {
            out.push(Proposal {
                label,
                edits: vec![Edit::replace(r.clone(), new)],
            });
        }
    }
}

// ---- components, tags, line breaks ----------------------------------------------------------

/// Component attribute -> the `data-` name the runtime reads.
fn data_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "identity" => "data-identity",
        "path" => "data-path",
        "tag" => "data-tag",
        "prefix" => "data-prefix",
        "suffix" => "data-suffix",
        "default" => "data-default",
        "default-value" => "data-default",
        _ => return None,
    })
}

fn component_edits(doc: &Document, out: &mut Vec<Proposal<Conversion>>) {
    for t in doc.html.iter().filter(|t| t.is_start()) {
        if t.attr("identity").is_none() && t.attr("data-identity").is_none() {
            continue;
        }
        let is_component = matches!(t.name.as_str(), "a" | "span");
        let mut edits = Vec::new();
        for a in t.attrs.iter().filter(|a| !a.duplicate) {
            if !is_component && a.name != "identity" {
                continue;
            }
            let Some(mut new) = data_name(&a.name) else {
                continue;
            };
            if a.name == "default-value" && t.attr("default").is_some() {
                new = "data-default-value";
            }
            if t.attr(new).is_some() {
                continue;
            }
            edits.push(Edit::replace(a.name_range.clone(), new));
        }
        if !edits.is_empty() {
            out.push(Proposal {
                label: Conversion::Component,
                edits,
            });
        }
    }
}

fn self_closing_edits(doc: &Document, out: &mut Vec<Proposal<Conversion>>) {
    let mut foreign = 0usize; // inside <svg> or <math>, `/>` is valid
    for t in &doc.html {
        let svg = matches!(t.name.as_str(), "svg" | "math");
        match t.kind {
            TagKind::Start { self_closing } if svg && !self_closing => foreign += 1,
            TagKind::End if svg => foreign = foreign.saturating_sub(1),
            TagKind::Start { self_closing: true } if foreign == 0 && !is_void(&t.name) && !svg => {
                let src = &doc.text[t.range.clone()];
                let Some(slash) = src.rfind('/') else {
                    continue;
                };
                if !src[slash + 1..].trim_end_matches('>').trim().is_empty() {
                    continue;
                }
                let keep = src[..slash].trim_end().len();
                out.push(Proposal {
                    label: Conversion::SelfClosing,
                    edits: vec![Edit::replace(
                        t.range.start + keep..t.range.end,
                        format!("></{}>", t.name),
                    )],
                });
            }
            _ => {}
        }
    }
}

/// `<div markdown>` ... `</div>` (any element but `<figure>`, which becomes an image): the
/// attribute goes (the sanitizer would drop it, and Wiki.js does not read it), and the content is
/// set off by blank lines so that markdown-it ends the HTML block before it and parses it as
/// Markdown, as md_in_html did.
fn markdown_in_html_edits(doc: &Document, out: &mut Vec<Proposal<Conversion>>) {
    let text = &doc.text;
    let tags = &doc.html;
    let ends = matching_ends(tags);
    for (i, open) in tags.iter().enumerate() {
        if open.kind
            != (TagKind::Start {
                self_closing: false,
            })
            || open.name == "figure"
        {
            continue;
        }
        let Some(attr) = open.attr("markdown") else {
            continue;
        };
        let Some(close) = ends[i].map(|e| &tags[e]) else {
            continue;
        };
        let mut edits = vec![Edit::delete(attribute_extent(text, attr))];
        if close.range.start == open.range.end {
            out.push(Proposal {
                label: Conversion::MarkdownInHtml,
                edits,
            });
            continue;
        }
        // A blank line after the start tag's line and before the end tag's line.
        let after_open = line_end(text, open.range.end);
        if text[open.range.end..after_open].trim().is_empty() {
            if !next_line_blank(text, after_open) {
                edits.push(Edit::insert(after_open, "\n"));
            }
        } else {
            edits.push(Edit::insert(open.range.end, "\n\n"));
        }
        let before_close = text[..close.range.start].rfind('\n').map_or(0, |i| i + 1);
        if text[before_close..close.range.start].trim().is_empty() {
            let prev_blank = before_close == 0
                || text[..before_close - 1]
                    .rsplit('\n')
                    .next()
                    .is_some_and(|l| l.trim().is_empty());
            if !prev_blank && before_close > after_open {
                edits.push(Edit::insert(before_close, "\n"));
            }
        } else {
            edits.push(Edit::insert(close.range.start, "\n\n"));
        }
        out.push(Proposal {
            label: Conversion::MarkdownInHtml,
            edits,
        });
    }
}

/// For each tag, the index of the end tag that closes it, when it is a start tag (not
/// self-closing) that an end tag of its name closes: the first later end tag of that name with
/// as many start tags as end tags of the name between them (nested elements of the same name
/// skipped). One pass with a stack per name: searching forward from each start tag took a
/// page of unclosed `<div markdown>` tags quadratic time.
fn matching_ends(tags: &[HtmlTag]) -> Vec<Option<usize>> {
    let mut ends = vec![None; tags.len()];
    let mut open: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in tags.iter().enumerate() {
        match t.kind {
            TagKind::Start {
                self_closing: false,
            } => open.entry(t.name.as_str()).or_default().push(i),
            TagKind::End => {
                if let Some(start) = open.get_mut(t.name.as_str()).and_then(Vec::pop) {
                    ends[start] = Some(i);
                }
            }
            _ => {}
        }
    }
    ends
}

/// An attribute from the whitespace before its name to the end of its (quoted) value.
fn attribute_extent(text: &str, attr: &crate::document::html::Attr) -> Range<usize> {
    let start = text[..attr.name_range.start]
        .trim_end_matches([' ', '\t', '\n', '\r'])
        .len();
    let end = match &attr.value_range {
        Some(v) => match text.as_bytes().get(v.end) {
            Some(b'"' | b'\'') => v.end + 1,
            _ => v.end,
        },
        None => attr.name_range.end,
    };
    start..end
}

/// The offset of the `\n` ending the line that `at` is on (or the end of the text).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// Whether the line after the `\n` at `nl` is blank (or there is none).
fn next_line_blank(text: &str, nl: usize) -> bool {
    nl >= text.len() || text[nl + 1..line_end(text, nl + 1)].trim().is_empty()
}

/// pymdownx.keys (`++ctrl+alt+del++`) becomes `<kbd>` elements joined by `+`, which Wiki.js
/// keeps (it has no keys syntax: the pluses would show as text). Each key is shown as MkDocs
/// shows it: a name by its label in the extension's key map (`pg-up`: Page Up), quoted text as
/// written (`++ctrl+"My Key"++`), see [`kbd_text`].
fn keys_edits(doc: &Document, out: &mut Vec<Proposal<Conversion>>) {
    for (range, keys) in crate::rules::mkdocs_extension_not_enabled::keys(doc) {
        let html = keys
            .iter()
            .map(|k| format!("<kbd>{}</kbd>", kbd_text(&k.label().unwrap_or_default())))
            .collect::<Vec<_>>()
            .join("+");
        out.push(Proposal {
            label: Conversion::Keys,
            edits: vec![Edit::replace(range, html)],
        });
    }
}

/// A key's label as the text of a `<kbd>` element on the built page: `<` and `>` escaped, and
/// each character Markdown or a Wiki.js plugin would read as syntax written as a character
/// reference, which the browser shows as the character. Written as is, the backslash key
/// (`<kbd>\</kbd>`) escapes the `<` of `</kbd>`, two `*` or `_` keys emphasise what lies
/// between them, `|` splits a table's cell and drops the cells after it, and `~`, `^` and `$`
/// open subscript, superscript and math (checked with the repository's Wiki.js renderer).
/// An entity written in quotes (`++"&Uuml;"++`) stays one: `&` is kept.
fn kbd_text(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '|' | '~' | '[' | ']' | '^' | '$' | '{' | '}' => {
                out.push_str(&format!("&#{};", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Material icons (`:material-clock-fast:`, `:octicons-arrow-right-24:`) are left out: Wiki.js
/// has no icon set, so it would show their names as text (GL301), and they decorate a line
/// rather than say anything. The attribute list that styles one (`{ .lg .middle }`, when
/// attr_list is on) goes with it, and so does the space that separated it from the text.
fn icon_edits(doc: &Document, attr_list: bool, out: &mut Vec<Proposal<Conversion>>) {
    use crate::document::icon::{ICON, may_have_icon, stands_apart};
    if doc.icons_ruled_out || !may_have_icon(&doc.text) {
        return;
    }
    let text = doc.text.as_str();
    // Links whose text is icons alone: the first icon becomes its name in words (`github`,
    // `file code`), so that the link is not left with no text to click on the wiki.
    let icon_only: Vec<&Range<usize>> = doc
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Inline && icons_alone(&l.text, attr_list))
        .map(|l| &l.range)
        .collect();
    let mut named: Vec<&Range<usize>> = Vec::new();
    for t in doc.written_texts() {
        if !may_have_icon(t.text) || doc.in_code(t.range.start) {
            continue;
        }
        for m in ICON.find_iter(t.text) {
            let start = t.range.start + m.start();
            let mut end = t.range.start + m.end();
            if !stands_apart(text, start..end) {
                continue;
            }
            if attr_list {
                end += attr_list_len(&text[end..]);
            }
            if let Some(link) = icon_only.iter().find(|r| r.contains(&start))
                && !named.contains(link)
            {
                named.push(link);
                out.push(Proposal {
                    label: Conversion::Icon,
                    edits: vec![Edit::replace(start..end, icon_words(m.as_str()))],
                });
                continue;
            }
            // One space goes too: before the icon when it ends its line or link text, else
            // after it; none when the icon is glued to the word before it (`Edit:material-x: now`
            // keeps its space).
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let (start, end) = match (before, after) {
                (Some(c), _) if c.is_alphanumeric() => (start, end),
                (_, Some(' ')) => (start, end + 1),
                (Some(' '), None | Some('\n' | ']' | ')')) => (start - 1, end),
                _ => (start, end),
            };
            out.push(Proposal {
                label: Conversion::Icon,
                edits: vec![Edit::delete(start..end)],
            });
        }
    }
}

/// Whether a link's text is made of icons alone (with their attribute lists, when attr_list
/// is on), spaces apart.
fn icons_alone(link_text: &str, attr_list: bool) -> bool {
    use crate::document::icon::{ICON, stands_apart};
    let mut rest = link_text;
    let mut any = false;
    loop {
        rest = rest.trim_start();
        let Some(m) = ICON
            .find(rest)
            .filter(|m| m.start() == 0 && stands_apart(rest, m.range()))
        else {
            return any && rest.is_empty();
        };
        any = true;
        rest = &rest[m.end()..];
        if attr_list {
            rest = &rest[attr_list_len(rest)..];
        }
    }
}

/// The length of the attribute list (`{ .lg .middle }`) that `s` starts with, closed on its
/// line; 0 when it starts with none.
fn attr_list_len(s: &str) -> usize {
    match s.find(['}', '\n']) {
        Some(close) if s.starts_with('{') && s[close..].starts_with('}') => close + 1,
        _ => 0,
    }
}

/// An icon's name in words: `:fontawesome-brands-github:` is `github`, `:octicons-file-code-24:`
/// `file code`, `:material-information-outline:` `information outline`.
fn icon_words(icon: &str) -> String {
    let name = icon.trim_matches(':');
    let name = [
        "fontawesome-brands-",
        "fontawesome-regular-",
        "fontawesome-solid-",
        "fontawesome-",
        "material-",
        "octicons-",
        "simple-",
    ]
    .iter()
    .find_map(|set| name.strip_prefix(set))
    .unwrap_or(name);
    // Octicons carry their size: `-16`, `-24`.
    let name = match name.rsplit_once('-') {
        Some((head, size)) if !head.is_empty() && size.bytes().all(|b| b.is_ascii_digit()) => head,
        _ => name,
    };
    name.replace('-', " ")
}

/// A conflict marker line (`<<<<<<< guide`, `=======`, `>>>>>>> wiki`), indented or not.
fn is_marker_line(line: &str) -> bool {
    let t = line.trim();
    t == "======="
        || ["<<<<<<<", ">>>>>>>"]
            .iter()
            .any(|m| t == *m || t.starts_with(&format!("{m} ")))
}

/// A MkDocs definition line: `:` then spaces and the definition.
fn is_definition_line(line: &str) -> bool {
    line.strip_prefix(':')
        .is_some_and(|r| r.starts_with([' ', '\t']) && !r.trim().is_empty())
}

fn line_break_edits(doc: &Document, out: &mut Vec<Proposal<Conversion>>) {
    // The header and closing lines of the pymdownx blocks left as they are (a tab, a name the
    // build does not know): on lines of their own, where the built page's check finds them.
    let block_lines: Vec<usize> = crate::document::pymdown_blocks::blocks(doc)
        .iter()
        .flat_map(|b| [b.header_line, b.closing_line])
        .collect();
    for gap in &doc.soft_breaks {
        if doc.in_code(gap.start) {
            continue;
        }
        if !block_lines.is_empty() {
            let (before, after) = (doc.line_col(gap.start).line, doc.line_col(gap.end).line);
            if block_lines.contains(&before) || block_lines.contains(&after) {
                continue;
            }
        }
        let next_line = doc.text[gap.end..].lines().next().unwrap_or("").trim_end();
        // A `{.class}` line continues the paragraph only to give it (or its quote) a class.
        if next_line.starts_with('{') && next_line.ends_with('}') {
            continue;
        }
        // Conflict markers stay on lines of their own: joined to the text they would hide
        // (sync refuses such a page wherever the markers sit, but a person must see them).
        let prev_line = doc.text[..gap.start].rsplit('\n').next().unwrap_or("");
        if is_marker_line(prev_line) || is_marker_line(next_line) {
            continue;
        }
        // A definition (`:   A conversation.` under its term, a MkDocs definition list) stays
        // on its own line: joined, term and definition run together, and `sync --pull` could
        // not give the guide its definition list back. Wiki.js has no definition lists: `build`
        // warns about each.
        if doc.dialect == Dialect::Mkdocs && is_definition_line(next_line) {
            continue;
        }
        // An abbreviation (`*[CSV]: Comma-separated values`, Python-Markdown's abbr and
        // Wiki.js's markdown-it-abbr alike) is defined by a line of its own: joined, the next
        // definition would become part of this one's title.
        let definition = |l: &str| crate::document::abbr::definition_term(l, doc.dialect).is_some();
        if definition(prev_line) || definition(next_line) {
            continue;
        }
        // A link definition (`[docs]: https://...`) on the line after a paragraph's text:
        // Python-Markdown reads it where it stands, markdown-it only where a paragraph may
        // start. Joined, it would be text of the paragraph on both; it gets a paragraph break
        // before it instead (a line of the quote's markers alone inside a quote), and the lines
        // after a definition keep theirs (the next definition's, or the text's).
        let link_definition = |l: &str| crate::document::refdef::label(l).is_some();
        if doc.dialect == Dialect::Mkdocs && link_definition(prev_line) {
            continue;
        }
        let replacement = if doc.dialect == Dialect::Mkdocs && link_definition(next_line) {
            let gap_text = &doc.text[gap.clone()];
            let newline = if gap_text.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let prefix = gap_text.rsplit('\n').next().unwrap_or("");
            format!("{newline}{}{newline}{prefix}", prefix.trim_end())
        } else {
            " ".to_string()
        };
        out.push(Proposal {
            label: Conversion::LineBreak,
            edits: vec![Edit::replace(gap.clone(), replacement)],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `matching_ends` must give: for each start tag, a search forward counting the
    /// nesting of its name.
    fn by_search(tags: &[HtmlTag]) -> Vec<Option<usize>> {
        (0..tags.len())
            .map(|i| {
                if tags[i].kind
                    != (TagKind::Start {
                        self_closing: false,
                    })
                {
                    return None;
                }
                let mut depth = 0usize;
                for (j, t) in tags.iter().enumerate().skip(i + 1) {
                    if t.name != tags[i].name {
                        continue;
                    }
                    match t.kind {
                        TagKind::Start {
                            self_closing: false,
                        } => depth += 1,
                        TagKind::End if depth == 0 => return Some(j),
                        TagKind::End => depth -= 1,
                        _ => {}
                    }
                }
                None
            })
            .collect()
    }

    #[test]
    fn end_tags_match_as_a_forward_search_does() {
        let pages = [
            "<div markdown>\n\n<div>\n\nx\n\n</div>\n\n</div>\n",
            "<div markdown>\n<div markdown>\n</div>\n",
            "</div><div><span></div></span><br/><div></div></div>\n",
            "<figure markdown>\n<figure>\n</figure>\n<p></figure>\n",
            "<div markdown><div markdown><div markdown>\n",
        ];
        for page in pages {
            let doc = Document::parse(PathBuf::from("p.md"), page.into(), Some(Dialect::Mkdocs));
            assert!(!doc.html.is_empty(), "{page}");
            assert_eq!(matching_ends(&doc.html), by_search(&doc.html), "{page}");
        }
    }
}
