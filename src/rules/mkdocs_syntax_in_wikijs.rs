//! GL301 mkdocs-syntax-in-wikijs: MkDocs Material syntax that Wiki.js does not know, on a
//! Wiki.js page: `!!!` admonitions, `=== "Tab"` content tabs, `markdown` attributes on HTML
//! (`<figure markdown>`), attr_list `{align=...}`, `:material-...:` icons, pymdownx.caret's
//! insert `^^text^^`, pymdownx.blocks (`/// note | Title` … `///`) and mkdocstrings' `::: module`
//! lines.

use std::sync::LazyLock;

use regex::Regex;

use super::support::attrs::tokens;
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;
use crate::document::icon::{ICON, may_have_icon, stands_apart};

pub const RULE: RuleDef = RuleDef {
    id: Rule::MkdocsSyntaxInWikijs,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

/// pymdownx.caret's insert: `^^` + text that neither starts nor ends with a space + `^^`.
static INSERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\^\^([^\^\s](?:[^\^\n]*[^\^\s])?)\^\^").expect("valid regex")
});

/// How to write an admonition on Wiki.js.
const CALLOUT_HELP: &str = "write a Wiki.js callout: a blockquote (`> **Title**` and `> text` \
     lines) followed by `{.is-info}`, `{.is-success}`, `{.is-warning}` or `{.is-danger}` on the \
     next line; `guide-lint build` converts MkDocs pages";

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let blocks = ctx.attr_blocks();
    let doc = ctx.doc;
    for a in &doc.admonitions {
        let f = sink
            .finding(
                Rule::MkdocsSyntaxInWikijs,
                a.header_range.clone(),
                format!(
                    "MkDocs admonition `{} {}` is not a callout on Wiki.js",
                    a.marker, a.kind
                ),
            )
            .with_label("shown as plain text; the indented body becomes a code block")
            .with_help(CALLOUT_HELP);
        sink.push(f);
    }
    for b in crate::document::pymdown_blocks::blocks(doc) {
        use crate::mkdocs::Syntax;
        let help = match ctx.config.block_syntax(&b.name) {
            Some(Syntax::BlockAdmonition | Syntax::BlockDetails) => CALLOUT_HELP,
            Some(Syntax::BlockTab) | None if b.name == "tab" => {
                "Wiki.js makes tabs from a heading with `{.tabset}` whose sub-headings are the \
                 tabs; `guide-lint build` converts a MkDocs page's `/// tab` blocks (with \
                 pymdownx.blocks.tab enabled) into such a tabset"
            }
            Some(_) => {
                "remove the `///` lines and write the content as Wiki.js Markdown; `guide-lint \
                 build` converts MkDocs pages"
            }
            None => {
                "write it as Wiki.js Markdown (an admonition as a callout: a blockquote followed \
                 by `{.is-info}` or another callout class); `guide-lint build` converts only the \
                 blocks pymdownx defines and the types `mkdocs.yml` adds to them"
            }
        };
        let f = sink
            .finding(
                Rule::MkdocsSyntaxInWikijs,
                b.header.clone(),
                format!(
                    "pymdownx.blocks `{} {}` is MkDocs syntax that Wiki.js shows as text",
                    "/".repeat(b.slashes),
                    b.name
                ),
            )
            .with_label("this line, the options under it and the closing `///` show as text")
            .with_help(help);
        sink.push(f);
    }
    // pymdownx.snippets includes another file's text in place of the line, when MkDocs builds
    // the site (a README as the home page, the changelog); Wiki.js shows the line itself.
    for range in doc.snippet_lines() {
        let line = doc.text[range.clone()].trim();
        let f = sink
            .finding(
                Rule::MkdocsSyntaxInWikijs,
                range,
                format!("`{line}` is a pymdownx.snippets include; Wiki.js shows the line as text"),
            )
            .with_label("the included file's text is not on the page")
            .with_help(
                "Wiki.js includes no other file: put the text on the page itself (`guide-lint \
                 build` includes a MkDocs page's snippets when it finds their files in the \
                 repository)",
            );
        sink.push(f);
    }
    for line in doc.injection_lines() {
        let ident = doc.text[line.start..line.end]
            .split_whitespace()
            .nth(1)
            .unwrap_or("");
        // `::: tip`, `::: details`: a container of VitePress and other markdown-it sites, not
        // a module; also text on Wiki.js, which has no container plugin.
        let container = matches!(
            ident,
            "tip" | "info" | "note" | "warning" | "danger" | "caution" | "important" | "details"
                | "code-group"
        );
        let f = if container {
            sink.finding(
                Rule::MkdocsSyntaxInWikijs,
                line.clone(),
                format!("`::: {ident}` is a container Wiki.js does not know; it shows as text"),
            )
            .with_help(CALLOUT_HELP)
        } else {
            sink.finding(
                Rule::MkdocsSyntaxInWikijs,
                line.clone(),
                format!(
                    "`::: {ident}` is generated documentation on a MkDocs site (mkdocstrings); \
                     Wiki.js shows the line as text"
                ),
            )
            .with_help(
                "Wiki.js cannot generate documentation from code: write the reference as \
                 Markdown, or link to where it is published",
            )
        };
        sink.push(f);
    }
    // The texts are read as written, each the page's text at its range: a page without `===`
    // has no content tab, one without a `:` that starts an icon no icon, both found by
    // vectorised searches of the page (nearly every page has neither).
    let page_tabs = crate::util::find_bytes!(doc.text.as_bytes(), b"===").is_some();
    let page_icons = !doc.icons_ruled_out && may_have_icon(&doc.text);
    let texts = (page_tabs || page_icons).then(|| doc.written_texts());
    for t in texts.into_iter().flatten() {
        // A content tab starts with `===`, an icon with `:material-` or the like; the look-up
        // of code comes after those byte tests, for the few texts that pass them.
        let tab = ["=== \"", "===! \"", "===+ \""]
            .iter()
            .any(|p| t.text.starts_with(p));
        let icon = may_have_icon(t.text);
        if !(tab || icon) || doc.in_code(t.range.start) {
            continue;
        }
        if tab
            && doc.text[doc.lines.line_start_at(t.range.start)..t.range.start]
                .trim()
                .is_empty()
        {
            let end = t.range.start + t.text.find('\n').unwrap_or(t.text.len());
            let f = sink
                .finding(
                    Rule::MkdocsSyntaxInWikijs,
                    t.range.start..end,
                    "MkDocs content tab is not a tab on Wiki.js",
                )
                .with_help(
                    "Wiki.js makes tabs from a heading with `{.tabset}` whose sub-headings are \
                     the tabs: `## Choose {.tabset}` then `### Tab one`, `### Tab two`",
                );
            sink.push(f);
        }
        if !icon {
            continue;
        }
        for m in ICON.find_iter(t.text) {
            let r = t.range.start + m.start()..t.range.start + m.end();
            if !stands_apart(&doc.text, r.clone()) {
                continue;
            }
            let f = sink
                .finding(
                    Rule::MkdocsSyntaxInWikijs,
                    r,
                    format!("MkDocs icon `{}` shows as text on Wiki.js", m.as_str()),
                )
                .with_help("use an emoji (`:warning:`) or remove the icon");
            sink.push(f);
        }
    }
    if crate::util::find_bytes!(doc.text.as_bytes(), b"^^").is_some() {
        inserts(doc, sink);
    }
    for tag in doc.html.iter().filter(|t| t.is_start()) {
        if let Some(attr) = tag.attr("markdown")
            && markdown_left_in_html(doc, tag)
        {
            let f = sink
                .finding(
                    Rule::MkdocsSyntaxInWikijs,
                    attr.name_range.clone(),
                    format!("`<{} markdown>` is MkDocs syntax", tag.name),
                )
                .with_help(
                    "Wiki.js does not render Markdown inside HTML blocks; write the content as \
                     HTML, or as Markdown outside the element",
                );
            sink.push(f);
        }
    }
    for block in blocks {
        // A token keyed `align` is `align=` as written.
        if !block.content.contains("align=") {
            continue;
        }
        for tok in tokens(&block.content, block.range.start + 1) {
            if tok.key() != Some("align") {
                continue;
            }
            let value = tok.value().unwrap_or("");
            let mut f = sink
                .finding(
                    Rule::MkdocsSyntaxInWikijs,
                    tok.range.clone(),
                    format!("`{}` is MkDocs image alignment; Wiki.js drops it", tok.text),
                )
                .with_help(
                    "Wiki.js aligns images with a class: `{.align-left}` or `{.align-right}`",
                );
            if matches!(value, "left" | "right" | "center") {
                f = f.with_fix(
                    Applicability::Safe,
                    format!("use the class `.align-{value}`"),
                    vec![Edit::replace(tok.range.clone(), format!(".align-{value}"))],
                );
            }
            sink.push(f);
        }
    }
}

/// Whether the Markdown an element with a `markdown` attribute holds stays raw on Wiki.js:
/// Markdown follows the tag inside its HTML block, which runs to the first blank line (or, in a
/// blockquote, to a line without the tag's quote markers). Markdown after that blank line
/// (`<div markdown="1">`, a blank line, `Some **bold**`) is rendered as Markdown, and so is
/// Markdown around an inline tag (`<span markdown>**x**</span>` in a paragraph): there, only the
/// attribute is lost, and Wiki.js's sanitizer drops it anyway. Plain text in the block
/// (`<summary>Watch out!</summary>`) shows the same either way.
fn markdown_left_in_html(doc: &crate::document::Document, tag: &crate::document::HtmlTag) -> bool {
    if !tag.block {
        return false;
    }
    let text = doc.text.as_str();
    let start = tag.range.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let depth = text[line_start..start].matches('>').count();
    let mut block = String::new();
    for (i, line) in text[tag.range.end.min(text.len())..]
        .split_inclusive('\n')
        .enumerate()
    {
        let line = if i == 0 {
            line
        } else {
            match strip_quote_markers(line, depth) {
                Some(l) if !l.trim().is_empty() => l,
                _ => break,
            }
        };
        block.push_str(line);
    }
    let mut in_tag = false;
    let outside_tags: String = block
        .chars()
        .filter(|&c| match c {
            '<' => {
                in_tag = true;
                false
            }
            '>' if in_tag => {
                in_tag = false;
                false
            }
            _ => !in_tag,
        })
        .collect();
    crate::document::holds_markup(&outside_tags)
}

/// `line` without `depth` blockquote markers (`> `); `None` when it has fewer (a lazy line,
/// which ends an HTML block in a quote).
fn strip_quote_markers(line: &str, depth: usize) -> Option<&str> {
    let mut rest = line;
    for _ in 0..depth {
        rest = rest.trim_start_matches([' ', '\t']).strip_prefix('>')?;
        rest = rest.strip_prefix(' ').unwrap_or(rest);
    }
    Some(rest)
}

/// pymdownx.caret's `^^inserted^^`: markdown-it-sup reads the inner carets as a superscript,
/// so Wiki.js shows `^` + the text raised + `^`. `<ins>`, which MkDocs makes of it, is kept by
/// Wiki.js's sanitizer. Read from the prose blocks' text as written: the parse has already
/// split it around the superscript it sees.
fn inserts(doc: &crate::document::Document, sink: &mut Sink<'_>) {
    for b in &doc.blocks {
        let Some(text) = doc.text.get(b.range.clone()) else {
            continue;
        };
        if !text.contains("^^") {
            continue;
        }
        for c in INSERT.captures_iter(text) {
            let (Some(m), Some(inner)) = (c.get(0), c.get(1)) else {
                continue;
            };
            // `^^^x^^^` is no insert of pymdownx.caret's either.
            let start = b.range.start + m.start();
            let in_url = |at: usize| {
                doc.links
                    .iter()
                    .filter_map(|l| l.url_range.as_ref())
                    .any(|r| r.contains(&at))
            };
            if text[..m.start()].ends_with(['^', '\\'])
                || text[m.end()..].starts_with('^')
                || doc.in_code(start)
                || in_url(start)
            {
                continue;
            }
            let range = start..b.range.start + m.end();
            let f = sink
                .finding(
                    Rule::MkdocsSyntaxInWikijs,
                    range.clone(),
                    format!("MkDocs insert `{}` is no insert on Wiki.js", m.as_str()),
                )
                .with_label("shown as a superscript between two carets")
                .with_help("use `<ins>...</ins>`, which Wiki.js keeps")
                .with_fix(
                    Applicability::Safe,
                    "use `<ins>`",
                    vec![Edit::replace(range, format!("<ins>{}</ins>", inner.as_str()))],
                );
            sink.push(f);
        }
    }
}
