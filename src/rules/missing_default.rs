//! GL105 missing-default: `<span identity>` with no default at all.

use super::component::ComponentKind;
use super::misnamed_default_attribute::is_default_variant;
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::MissingDefault,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    for c in components.iter().filter(|c| c.kind == ComponentKind::Span) {
        if c.attr("default")
            .is_some_and(|a| !a.value.trim().is_empty())
        {
            continue;
        }
        if c.tag.attrs.iter().any(|a| is_default_variant(&a.name)) {
            continue; // GL104 reports the misspelt attribute.
        }
        let (range, message) = match c.attr("default") {
            Some(a) => (
                a.name_range.clone(),
                "component span has an empty `default`",
            ),
            None => (
                c.identity.name_range.clone(),
                "component span has no `default`",
            ),
        };
        let f = sink
            .finding(Rule::MissingDefault, range, message)
            .with_label("shows nothing until the reader enters a server")
            .with_help(format!(
                "add an example server, e.g. `default=\"{}-server.com\"`",
                c.identity.value
            ));
        sink.push(f);
    }
}
