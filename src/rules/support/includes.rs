//! A MkDocs page as MkDocs reads it, with the files it includes: pymdownx.snippets' `--8<--`
//! lines and the files its `auto_append` adds to every page (where sites keep their
//! abbreviations, footnotes and link definitions). Rules that look for a definition read it
//! there.

use crate::document::Document;
use crate::rules::FileContext;

/// Whether the page includes files: snippets of its own, or the site's `auto_append`.
pub(crate) fn has_includes(ctx: &FileContext<'_>) -> bool {
    let appends = ctx
        .config
        .mkdocs
        .as_ref()
        .and_then(|p| p.snippets.as_ref())
        .is_some_and(|s| !s.auto_append.is_empty());
    appends || !ctx.doc.snippets().is_empty()
}

/// The page with its snippets included (`None` when they cannot be: GL210 says why).
pub(crate) fn with_includes(ctx: &FileContext<'_>) -> Option<Document> {
    let doc = ctx.doc;
    let includes = crate::snippets::Includes::of(ctx.config)?;
    let head = doc.front_matter.as_ref().map_or(0, |fm| fm.range.end);
    let (header, body) = doc.text.split_at(head.min(doc.text.len()));
    let expanded = includes.expand(body).ok()?;
    let text = format!("{header}{}", expanded.text);
    Document::from_file_text(&doc.path, text, Some(doc.dialect), doc.toc).ok()
}
