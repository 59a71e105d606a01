//! GL103 missing-component-path: `<a identity>` without a non-empty `path`.

use super::component::ComponentKind;
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::MissingComponentPath,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    for c in components.iter().filter(|c| c.kind == ComponentKind::Link) {
        let (range, message) = match c.attr("path") {
            Some(p) if !p.value.trim().is_empty() => continue,
            Some(p) => (p.name_range.clone(), "component link has an empty `path`"),
            None => (
                c.identity.name_range.clone(),
                "component link has no `path`",
            ),
        };
        let mut f = sink
            .finding(Rule::MissingComponentPath, range, message)
            .with_label("the script cannot build this link");
        f = match c.tag.attr("href").map(|h| h.value.trim()) {
            Some(href) if href.starts_with('/') => f.with_help(format!(
                "the script replaces `href` with the reader's server and `path`: write `path=\"{href}\"`"
            )),
            _ => f.with_help(
                "add the page on the server it should open, e.g. `path=\"/settings/export\"`",
            ),
        };
        sink.push(f);
    }
}
