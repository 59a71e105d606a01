//! GL106 invalid-component-tag: a span's `tag` is missing, not an element name, or not an
//! element the component runtime creates.

use super::component::{
    ComponentKind, RUNTIME_TAGS, attr_span, straight_quotes_edit, typographic_inner, visible,
};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::InvalidComponentTag,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// A valid HTML element name for `document.createElement` (ASCII letter, then letters, digits
/// or `-`).
pub(crate) fn is_element_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    let help = "use an inline element such as `code`, `kbd`, `strong` or `em`";
    for c in components.iter().filter(|c| c.kind == ComponentKind::Span) {
        let f = match c.attr("tag") {
            None => sink
                .finding(
                    Rule::InvalidComponentTag,
                    c.identity.name_range.clone(),
                    "component span has no `tag`",
                )
                .with_label("the script does not know which element to create")
                .with_help("add `tag=\"code\"`"),
            Some(a) if a.value.trim().is_empty() => sink
                .finding(
                    Rule::InvalidComponentTag,
                    attr_span(a),
                    "component span has an empty `tag`",
                )
                .with_label("the script does not know which element to create")
                .with_help("write `tag=\"code\"`"),
            Some(a) if typographic_inner(&a.value).is_some() => {
                let inner = typographic_inner(&a.value).unwrap_or_default();
                let mut f = sink
                    .finding(
                        Rule::InvalidComponentTag,
                        attr_span(a),
                        format!("`tag` value `{}` is wrapped in typographic quotes", a.value),
                    )
                    .with_label("the quotes are part of the element name")
                    .with_help(format!("write `tag=\"{inner}\"` with straight quotes"));
                if let Some(edit) = straight_quotes_edit(a, inner) {
                    f = f.with_fix(Applicability::Safe, "use straight quotes", vec![edit]);
                }
                f
            }
            Some(a) if !is_element_name(a.value.trim()) => sink
                .finding(
                    Rule::InvalidComponentTag,
                    attr_span(a),
                    format!("`{}` is not a valid element name", visible(&a.value)),
                )
                .with_label("creating this element fails: the placeholder stays empty")
                .with_help(help),
            Some(a) if !RUNTIME_TAGS.contains(&a.value.trim().to_ascii_lowercase().as_str()) => {
                sink.finding(
                    Rule::InvalidComponentTag,
                    attr_span(a),
                    format!(
                        "`{}` is not an inline element the component runtime creates",
                        a.value.trim()
                    ),
                )
                .with_label("rendered as `<code>` instead")
                .with_help(format!(
                    "use an inert inline element the runtime creates: {}",
                    RUNTIME_TAGS.join(", ")
                ))
            }
            Some(_) => continue,
        };
        sink.push(f);
    }
}
