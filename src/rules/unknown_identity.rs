//! GL101 unknown-identity: an `identity` that is not a configured identity, or a component
//! written without one.

use super::component::{
    ComponentKind, attr_span, orphans, straight_quotes_edit, typographic_inner, visible,
};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};
use crate::util::{Nearness, closest};

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnknownIdentity,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    let known = &ctx.config.file.components.identities;
    // Written into a help only, so made only for one (most pages have no finding).
    let list = || {
        known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for c in components {
        // The script compares the value exactly: `Old` and ` old` are not `old`.
        let value = c.identity.value.as_str();
        if known.iter().any(|k| k == value) {
            continue;
        }
        if let Some(inner) = typographic_inner(value) {
            let mut f = sink
                .finding(
                    Rule::UnknownIdentity,
                    attr_span(c.identity),
                    format!("identity `{value}` is wrapped in typographic quotes"),
                )
                .with_label(
                    "the quotes are part of the value: the page script ignores this component",
                )
                .with_help(format!("write `identity=\"{inner}\"` with straight quotes"));
            if let Some(edit) = straight_quotes_edit(c.identity, inner) {
                f = f.with_fix(Applicability::Safe, "use straight quotes", vec![edit]);
            }
            sink.push(f);
            continue;
        }
        let shown = visible(value);
        let message = if value.trim().is_empty() {
            format!("{} has an empty `identity`", c.element())
        } else {
            format!("unknown identity `{shown}`")
        };
        let mut f = sink
            .finding(Rule::UnknownIdentity, attr_span(c.identity), message)
            .with_label("the page script ignores this component");
        // What the author meant, without spaces and invisible characters pasted in.
        let cleaned: String = value
            .chars()
            .filter(|c| !c.is_whitespace() && visible(&c.to_string()).len() == c.len_utf8())
            .collect();
        let editable = c
            .identity
            .value_range
            .as_ref()
            .filter(|r| !ctx.doc.text[(*r).clone()].contains('&'));
        if let Some(exact) = known.iter().find(|k| **k == cleaned) {
            f = f.with_help(format!(
                "the value has spaces or invisible characters around `{exact}`; remove them"
            ));
            if let Some(r) = editable {
                f = f.with_fix(
                    Applicability::Safe,
                    format!("use `{exact}`"),
                    vec![Edit::replace(r.clone(), exact.as_str())],
                );
            }
            sink.push(f);
            continue;
        }
        match closest(&cleaned, known.iter().map(String::as_str), Nearness::TYPO) {
            Some(best) if !cleaned.is_empty() => {
                let why = if cleaned.eq_ignore_ascii_case(best) {
                    "identities are case-sensitive: "
                } else {
                    ""
                };
                f = f.with_help(format!(
                    "{why}did you mean `{best}`? Known identities: {}",
                    list()
                ));
                if let Some(r) = editable {
                    f = f.with_fix(
                        Applicability::DisplayOnly,
                        format!("use `{best}`"),
                        vec![Edit::replace(r.clone(), best)],
                    );
                }
            }
            _ => {
                f = f.with_help(format!(
                    "use one of the configured identities: {}",
                    list()
                ))
            }
        }
        sink.push(f);
    }
    // `<a path>` / `<span tag default>` without any identity: the script never sees them. A
    // misspelt `identity` attribute is GL109's.
    for o in orphans(ctx.doc)
        .iter()
        .filter(|o| o.misspelt_identity.is_none())
    {
        let element = match o.kind {
            ComponentKind::Link => "<a>",
            _ => "<span>",
        };
        let f = sink
            .finding(
                Rule::UnknownIdentity,
                o.evidence.name_range.clone(),
                format!(
                    "`{element}` has component attribute `{}` but no `identity`",
                    o.evidence.name
                ),
            )
            .with_label("the page script ignores this element")
            .with_help(format!(
                "add `identity=\"...\"` with one of the configured identities: {}",
                list()
            ));
        sink.push(f);
    }
}
