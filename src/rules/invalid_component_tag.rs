//! GL106 invalid-component-tag: a span's `tag` is missing or not an element name.

use super::component::{ComponentKind, attr_span};
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
            Some(a) if !is_element_name(a.value.trim()) => sink
                .finding(
                    Rule::InvalidComponentTag,
                    attr_span(a),
                    format!("`{}` is not a valid element name", a.value),
                )
                .with_label("creating this element fails")
                .with_help("use an element name such as `code`, `strong` or `em`"),
            Some(_) => continue,
        };
        sink.push(f);
    }
}
