//! GL321 mkdocs-extension-not-enabled: MkDocs syntax on a page of a MkDocs project whose
//! `mkdocs.yml` does not enable the Markdown extension that renders it (`??? note` without
//! `pymdownx.details`, `=== "Tab"` without `pymdownx.tabbed`, `{target=_blank}` without
//! `attr_list`, `<div markdown>` without `md_in_html`, `++ctrl+c++` without `pymdownx.keys`).
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
use crate::document::Document;
use crate::mkdocs::Syntax;

/// `++ctrl+alt+del++`: pymdownx.keys' syntax, key names joined by `+`.
static KEYS: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\+\+([A-Za-z0-9][A-Za-z0-9-]*(?:\+[A-Za-z0-9][A-Za-z0-9-]*)*)\+\+")
        .expect("valid regex")
});

/// Every `++key+key++` of the page outside code: its range and the keys (`ctrl+c`).
pub fn keys(doc: &Document) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for t in doc
        .texts
        .iter()
        .filter(|t| t.verbatim && t.text.contains("++"))
    {
        for m in KEYS.captures_iter(&t.text) {
            if let (Some(all), Some(keys)) = (m.get(0), m.get(1)) {
                out.push((
                    t.range.start + all.start()..t.range.start + all.end(),
                    keys.as_str().to_string(),
                ));
            }
        }
    }
    out
}

/// Whether a `{...}` block is an attribute list as attr_list reads one (`{: .note }`,
/// `{ #id }`, `{ width="300" }`, `{target=_blank}`), not text that happens to sit in braces
/// (`{name}`), which an author writes to be shown.
pub fn is_attr_list(content: &str) -> bool {
    let c = content.trim().trim_start_matches(':').trim_start();
    content.trim_start().starts_with(':') || c.starts_with(['.', '#']) || c.contains('=')
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let blocks = ctx.attr_blocks();
    if !sink.wants(Rule::MkdocsExtensionNotEnabled) {
        return;
    }
    let Some(project) = &ctx.config.mkdocs else {
        return;
    };
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
    for t in doc
        .html
        .iter()
        .filter(|t| t.is_start() && t.attr("markdown").is_some())
    {
        found.push((
            t.range.clone(),
            Syntax::MarkdownInHtml,
            format!("`markdown` on `<{}>`", t.name),
        ));
    }
    for (range, k) in keys(doc) {
        found.push((range, Syntax::Keys, format!("`++{k}++`")));
    }
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
