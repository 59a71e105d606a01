//! GL111 unsupported-component-element: an `identity` on an element the page script does not
//! drive (`<code identity="new">`, `<div identity="old">`): it stays as written.

use super::component::{ComponentKind, RUNTIME_TAGS};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnsupportedComponentElement,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    for c in components.iter().filter(|c| c.kind == ComponentKind::Other) {
        let name = c.tag.name.as_str();
        let tag_attr = if c.identity.name.starts_with("data-") {
            "data-tag"
        } else {
            "tag"
        };
        let help = if c.attr("path").is_some() || name == "button" {
            "write a link the script completes: `<a identity=\"...\" path=\"/...\">`".to_string()
        } else if RUNTIME_TAGS.contains(&name) && name != "span" {
            format!(
                "write `<span {} {tag_attr}=\"{name}\" ...>`: the script creates the `<{name}>` \
                 inside it",
                c.identity.name
            )
        } else {
            "use `<a identity path>` for a link or `<span identity tag>` for text with the server \
             in it"
                .to_string()
        };
        let f = sink
            .finding(
                Rule::UnsupportedComponentElement,
                c.tag.range.start..c.tag.range.start + 1 + name.len(),
                format!("`<{name}>` with `{}` is not a component", c.identity.name),
            )
            .with_label(
                "the page script only drives `<a>` and `<span>`; this element stays as written",
            )
            .with_help(help);
        sink.push(f);
    }
}
