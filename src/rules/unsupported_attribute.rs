//! GL312 unsupported-attribute: a `{key=value}` attribute other than `id`, `class` and
//! `target`: Wiki.js's markdown-it-attrs drops it silently (`{width=50%}` does nothing).

use super::support::attrs::{AttrTarget, tokens};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::Severity;
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnsupportedAttribute,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let blocks = ctx.attr_blocks();
    let doc = ctx.doc;
    let mut image_ends: Option<std::collections::HashSet<usize>> = None;
    for block in blocks {
        let toks = tokens(&block.content, block.range.start + 1);
        // Text that merely ends in braces is GL310's business.
        if toks.is_empty() || !toks.iter().all(|t| t.is_attribute()) {
            continue;
        }
        let on_image = block.on == AttrTarget::Inline
            && doc.text[..block.range.start].ends_with(')')
            && image_ends
                .get_or_insert_with(|| image_end_offsets(ctx))
                .contains(&block.range.start);
        for t in &toks {
            let Some(key) = t.key() else { continue };
            let lower = key.to_lowercase();
            if matches!(lower.as_str(), "id" | "class" | "target") {
                continue;
            }
            if lower == "align" {
                continue; // GL301: MkDocs image alignment
            }
            let help = match lower.as_str() {
                "width" | "height" if on_image => {
                    "size an image with `=WIDTHxHEIGHT` after its URL: `![alt](/a.png =300x)`"
                        .to_string()
                }
                "style" => "Wiki.js drops inline styles in `{...}`; use a class".to_string(),
                "rel" => rel_help(t.value().unwrap_or_default()),
                _ => format!(
                    "only `.class`, `#id` and `target=` survive; remove `{}`",
                    t.text
                ),
            };
            let f = sink
                .finding(
                    Rule::UnsupportedAttribute,
                    t.range.clone(),
                    format!("attribute `{key}` is dropped by Wiki.js"),
                )
                .with_help(help);
            sink.push(f);
        }
    }
}

/// `rel` in `{...}` never reaches the page, but `rel` on an HTML `<a>` passes Wiki.js's sanitizer
/// (DOMPurify keeps it): links that need it (`rel=me` for Mastodon profile verification) are
/// written as HTML.
fn rel_help(value: &str) -> String {
    let value = value.trim_matches(['"', '\'']);
    let html = format!("`<a href=\"...\" rel=\"{value}\">...</a>`");
    if value
        .split_whitespace()
        .any(|v| v.eq_ignore_ascii_case("me"))
    {
        format!(
            "Mastodon verifies a profile link only when the page carries `rel=\"me\"`: write the \
             link as HTML, {html}, which Wiki.js keeps"
        )
    } else {
        format!(
            "write the link as HTML, {html}, which Wiki.js keeps, if the page needs the `rel`; \
             otherwise remove it"
        )
    }
}

/// Where images end (`)`), Markdown and sized ones.
fn image_end_offsets(ctx: &FileContext<'_>) -> std::collections::HashSet<usize> {
    ctx.doc
        .links
        .iter()
        .filter(|l| l.kind == crate::document::LinkKind::Image)
        .map(|l| l.range.end)
        .chain(
            ctx.sized_images().iter().map(|i| i.range.end),
        )
        .collect()
}
