//! GL321 mkdocs-extension-not-enabled: MkDocs syntax on a page of a MkDocs project whose
//! `mkdocs.yml` does not enable the Markdown extension that renders it (`??? note` without
//! `pymdownx.details`, `=== "Tab"` without `pymdownx.tabbed`, `{target=_blank}` without
//! `attr_list`, `<div markdown>` without `md_in_html`, `++ctrl+c++` without `pymdownx.keys`,
//! `[^1]: note` without `footnotes`, `:   definition` without `def_list`, a fence inside another
//! block without `pymdownx.superfences`).
//! MkDocs shows such syntax as text. Without a `mkdocs.yml` every syntax counts as enabled.

use std::ops::Range;
use std::sync::LazyLock;

use super::support::attrs::AttrTarget;
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::MkdocsExtensionNotEnabled,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};
use crate::document::{Document, TagKind};
use crate::mkdocs::Syntax;

/// Every pymdownx.keys shortcut of the page outside code that the extension turns into keys
/// (`++ctrl+alt+del++`, `++ctrl+"My Key"++`; not `++version++`, whose name it does not know):
/// its range in the page and its keys.
pub fn keys(doc: &Document) -> Vec<(Range<usize>, Vec<crate::document::keys::Key<'_>>)> {
    let mut out = Vec::new();
    // A page without `++` (nearly every page) has none, found by one vectorised search.
    if crate::util::find_bytes!(doc.text.as_bytes(), b"++").is_none() {
        return out;
    }
    // Each text node's source as written: pymdownx.keys reads the source before entities are
    // decoded (`++cmd+"&Uuml;"++`) and with backslash escapes as written.
    for t in &doc.texts {
        let Some(text) = doc.text.get(t.range.clone()).filter(|x| x.contains("++")) else {
            continue;
        };
        for s in crate::document::keys::shortcuts(text) {
            // `{++added++}` is pymdownx.critic's insertion, which critic reads before any
            // other extension: no keys.
            if !s.is_known()
                || (text[..s.range.start].ends_with('{') && text[s.range.end..].starts_with('}'))
            {
                continue;
            }
            out.push((t.range.start + s.range.start..t.range.start + s.range.end, s.keys));
        }
    }
    out
}

/// Whether a `{...}` block is an attribute list as attr_list reads one (`{: .note }`,
/// `{ #id }`, `{ width="300" }`, `{target=_blank}`), not text that happens to sit in braces
/// (`{name}`), which an author writes to be shown.
pub fn is_attr_list(content: &str) -> bool {
    let c = content.trim().trim_start_matches(':').trim_start();
    !is_jinja(content)
        && (content.trim_start().starts_with(':') || c.starts_with(['.', '#']) || c.contains('='))
}

/// Whether a `{...}` block's content is a Jinja statement or comment (`{% for x in y %}`,
/// `{# a note #}`): mkdocs-macros renders those before Markdown reads the page, and no one
/// writes them as attributes.
fn is_jinja(content: &str) -> bool {
    let t = content.trim();
    t.len() >= 2
        && ((t.starts_with('%') && t.ends_with('%'))
            || (t.starts_with('#') && t.ends_with('#') && t[1..].starts_with(char::is_whitespace)))
}

/// `[^note]: text` at the start of a line: a footnote definition.
static FOOTNOTE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^ {0,3}\[\^[^\]\s]+\]:").expect("valid regex")
});
/// `:   definition` under a term: Python-Markdown's def_list (1 to 3 spaces after the colon).
static DEFINITION: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^ {0,3}:[ \t]{1,3}\S").expect("valid regex"));

/// Whether a line can be a definition list's term: a line of paragraph text.
fn is_term(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !line.starts_with([' ', '\t'])
        && !t.starts_with(['#', '>', '|', '<', '-', '*', '+', '{', '[', '!', '?', '=', '`', '~', ':'])
        && !t.starts_with(|c: char| c.is_ascii_digit())
}

/// The line-level syntax of the page: footnote definitions, definition list items, and fenced
/// code blocks that are not at the start of a line (only superfences reads those).
fn line_syntax(doc: &Document) -> Vec<(Range<usize>, Syntax, String)> {
    let mut out = Vec::new();
    let text = doc.text.as_str();
    let body = doc.body_start();
    // Fences: a fenced block whose fence line has a container prefix or indentation.
    for c in &doc.code_blocks {
        let start = text[..c.start].rfind('\n').map_or(0, |i| i + 1);
        // An indented code block showing a fence (```` ```py ```` under a list item, indented
        // past its text) is no fence.
        if start < body || doc.indented_code.binary_search(&c.start).is_ok() {
            continue;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[start..end].trim_end_matches('\r');
        let content = line.trim_start_matches([' ', '\t', '>']);
        if !(content.starts_with("```") || content.starts_with("~~~")) || content.len() == line.len()
        {
            continue;
        }
        let at = start + (line.len() - content.len());
        out.push((
            at..start + line.len(),
            Syntax::NestedFences,
            "a fenced code block inside another block or indented".to_string(),
        ));
    }
    let mut prev: Option<&str> = None;
    let mut before_prev: Option<&str> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let (p, bp) = (prev, before_prev);
        before_prev = prev;
        prev = Some(line);
        if start < body {
            continue;
        }
        let footnote = FOOTNOTE.find(line);
        if footnote.is_none() && !DEFINITION.is_match(line) {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        if doc.in_code(start + lead) || doc.html.iter().any(|t| t.range.contains(&(start + lead))) {
            continue;
        }
        if let Some(m) = footnote {
            out.push((
                start + lead..start + m.end(),
                Syntax::Footnotes,
                format!("the footnote `{}`", line[lead..m.end()].trim_end_matches(':')),
            ));
            continue;
        }
        {
            // The term is the line above, or the one above a blank line.
            let term = match p {
                Some(p) if p.trim().is_empty() => bp,
                p => p,
            };
            if term.is_some_and(is_term) {
                let end = start + line.len();
                out.push((
                    start + lead..end,
                    Syntax::DefinitionLists,
                    "the definition (`:` under a term)".to_string(),
                ));
            }
        }
    }
    out
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let blocks = ctx.attr_blocks();
    if !sink.wants(Rule::MkdocsExtensionNotEnabled) {
        return;
    }
    let Some(project) = &ctx.config.mkdocs else {
        return;
    };
    // A file outside the guides root (`docs_dir`) is not on the site: a repository's
    // release checklist is shown by the forge, whatever mkdocs.yml enables.
    if ctx.rel_path.is_none() {
        return;
    }
    let doc = ctx.doc;
    // As the user knows it: relative to the configuration's folder.
    let config = crate::logsafe::path(
        project
            .path
            .strip_prefix(&ctx.config.root)
            .unwrap_or(&project.path),
    );
    let mut found: Vec<(Range<usize>, Syntax, String)> = Vec::new();
    for a in &doc.admonitions {
        let syntax = Syntax::of_admonition_marker(&a.marker);
        found.push((
            a.header_range.clone(),
            syntax,
            format!("`{} {}`", a.marker, a.kind),
        ));
    }
    for g in super::unconvertible_content_tabs::tab_groups(doc) {
        for t in &g.tabs {
            let line = doc.text[t.line.clone()].trim_end_matches(['\n', '\r']);
            let start = t.line.start + (line.len() - line.trim_start().len());
            found.push((
                start..t.line.start + line.len(),
                Syntax::Tabs,
                format!("`=== \"{}\"`", t.title),
            ));
        }
    }
    for b in blocks {
        if is_attr_list(&b.content) && !doc.in_code(b.range.start) {
            let shown = doc.text[b.range.clone()].to_string();
            let on = match b.on {
                AttrTarget::Inline => "",
                AttrTarget::BlockEnd(_) => " at the end of the block",
            };
            found.push((b.range.clone(), Syntax::AttrList, format!("`{shown}`{on}")));
        }
    }
    for (i, t) in doc.html.iter().enumerate() {
        if !t.is_start()
            || t.attr("markdown").is_none()
            || project.enables(Syntax::MarkdownInHtml)
            || !holds_markdown(doc, i)
        {
            continue;
        }
        found.push((
            t.range.clone(),
            Syntax::MarkdownInHtml,
            format!("`markdown` on `<{}>`", t.name),
        ));
    }
    for b in crate::document::pymdown_blocks::blocks(doc) {
        let shown = format!("`{} {}`", "/".repeat(b.slashes), b.name);
        if let Some(syntax) = project.block_syntax(&b.name) {
            found.push((b.header.clone(), syntax, shown));
        } else if let Some(syntax @ (Syntax::BlockAdmonition | Syntax::BlockCaption)) =
            Syntax::of_block(&b.name)
            && project.enables(syntax)
        {
            // The extension's `types` list replaces its own names, and leaves this one out.
            let instead = if syntax == Syntax::BlockAdmonition {
                format!(", or write `/// admonition` with `type: {}`", b.name)
            } else {
                String::new()
            };
            let f = sink
                .finding(
                    Rule::MkdocsExtensionNotEnabled,
                    b.header.clone(),
                    format!(
                        "{shown} is no block: the `types` of `{}` in {config} do not list `{}`",
                        syntax.extension(),
                        b.name
                    ),
                )
                .with_label("MkDocs shows this as text")
                .with_help(format!(
                    "add `{}` to those `types` (a list there replaces the extension's own \
                     names){instead}",
                    b.name
                ));
            sink.push(f);
        }
    }
    for (range, _) in keys(doc) {
        let shown = format!("`{}`", &doc.text[range.clone()]);
        found.push((range, Syntax::Keys, shown));
    }
    found.extend(line_syntax(doc));
    found.sort_by_key(|(r, _, _)| (r.start, r.end));
    for (range, syntax, shown) in found {
        if project.enables(syntax) {
            continue;
        }
        let ext = syntax.extension();
        let f = sink
            .finding(
                Rule::MkdocsExtensionNotEnabled,
                range,
                format!(
                    "{shown} needs the `{ext}` Markdown extension, which {config} does not enable"
                ),
            )
            .with_label("MkDocs shows this as text")
            .with_help(format!(
                "add `{ext}` to `markdown_extensions` in {config}, or write the page without {}",
                syntax.example()
            ));
        sink.push(f);
    }
}

/// Whether the element opened by `doc.html[i]` holds Markdown that md_in_html would render:
/// its content up to its end tag, without the tags and comments in it and without fenced code
/// (which the fence extensions take out of the page before Python-Markdown reads raw HTML),
/// holds markup. Without md_in_html, an element holding only fences, comments and plain text
/// (`<div class="grid" markdown>` around two code blocks) shows the same, with the attribute
/// left on it.
fn holds_markdown(doc: &Document, i: usize) -> bool {
    let Some(t) = doc.html.get(i) else {
        return false;
    };
    if t.self_closing() {
        return false;
    }
    let mut depth = 0usize;
    let mut end = doc.text.len();
    for u in &doc.html[i + 1..] {
        if u.name != t.name {
            continue;
        }
        match u.kind {
            TagKind::Start { self_closing: false } => depth += 1,
            TagKind::End if depth == 0 => {
                end = u.range.start;
                break;
            }
            TagKind::End => depth -= 1,
            _ => {}
        }
    }
    let content = t.range.end.min(end)..end;
    let fenced = doc
        .code_blocks
        .iter()
        .filter(|r| doc.indented_code.binary_search(&r.start).is_err());
    let mut taken: Vec<Range<usize>> = doc
        .html
        .iter()
        .map(|u| u.range.clone())
        .chain(fenced.cloned())
        .filter(|r| r.start >= content.start && r.end <= content.end)
        .collect();
    taken.sort_by_key(|r| r.start);
    let mut left = String::with_capacity(content.len());
    let mut at = content.start;
    for r in taken {
        if r.start > at {
            left.push_str(doc.text.get(at..r.start).unwrap_or(""));
            // What was taken out ends the line it was on.
            left.push('\n');
        }
        at = at.max(r.end);
    }
    left.push_str(doc.text.get(at..content.end).unwrap_or(""));
    crate::document::holds_markup(&left)
}
