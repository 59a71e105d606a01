//! GL102 relative-component-path: `<a identity path="settings/...">` without the leading `/`.

use super::absolute_component_path::is_absolute_url;
use super::component::{ComponentKind, attr_span};
use super::{ComponentCheck, Rule, Sink};
use crate::finding::{Applicability, Edit};

pub(crate) fn check((_, components): ComponentCheck<'_, '_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::RelativeComponentPath) {
        return;
    }
    for c in components.iter().filter(|c| c.kind == ComponentKind::Link) {
        let Some(path) = c.attr("path") else { continue };
        let value = path.value.trim();
        if value.is_empty() || value.starts_with('/') || is_absolute_url(value) {
            continue;
        }
        if value.chars().any(char::is_whitespace) {
            continue; // GL108 reports whitespace.
        }
        let mut f = sink
            .finding(
                Rule::RelativeComponentPath,
                attr_span(path),
                format!("component path `{value}` does not start with `/`"),
            )
            .with_label(format!("the link becomes `https://<server>{value}`"))
            .with_help(format!("write `/{value}`"));
        if let Some(r) = &path.value_range {
            let lead = path.value.len() - path.value.trim_start().len();
            f = f.with_fix(
                Applicability::Safe,
                "prepend `/` to the path",
                vec![Edit::insert(r.start + lead, "/")],
            );
        }
        sink.push(f);
    }
}
