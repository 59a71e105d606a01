//! GL106 invalid-component-tag: a span's `tag` is missing, not an element name, or not an
//! element the component runtime creates.

use super::component::{ComponentKind, RUNTIME_TAGS, attr_span};
use super::{ComponentCheck, Rule, Sink};

/// A valid HTML element name for `document.createElement` (ASCII letter, then letters, digits
/// or `-`).
pub(crate) fn is_element_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
}

pub(crate) fn check((_, components): ComponentCheck<'_, '_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::InvalidComponentTag) {
        return;
    }
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
            Some(a) if !is_element_name(a.value.trim()) => sink
                .finding(
                    Rule::InvalidComponentTag,
                    attr_span(a),
                    format!("`{}` is not a valid element name", a.value),
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
