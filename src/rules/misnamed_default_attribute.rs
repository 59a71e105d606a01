//! GL104 misnamed-default-attribute: `<span identity default-value=...>` where the script reads
//! `default`.

use super::component::{ComponentKind, attr_span};
use super::{ComponentCheck, Rule, Sink};
use crate::finding::{Applicability, Edit};

/// Names people write for `default` (compared without `-`, `_` and case, after `data-`).
const VARIANTS: &[&str] = &[
    "defaultvalue",
    "defaultval",
    "defaulttext",
    "defaults",
    "defualt",
    "dafault",
    "deafult",
    "defaul",
    "fallback",
];

fn normalize(name: &str) -> String {
    name.strip_prefix("data-")
        .unwrap_or(name)
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `name` is a misspelling of `default` that GL104 owns.
pub(crate) fn is_default_variant(name: &str) -> bool {
    let n = normalize(name);
    n != "default" && VARIANTS.contains(&n.as_str())
}

pub(crate) fn check((_, components): ComponentCheck<'_, '_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::MisnamedDefaultAttribute) {
        return;
    }
    for c in components.iter().filter(|c| c.kind == ComponentKind::Span) {
        let has_default = c.attr("default").is_some();
        for a in c.tag.attrs.iter().filter(|a| is_default_variant(&a.name)) {
            let data = a.name.starts_with("data-");
            let want = if data { "data-default" } else { "default" };
            let mut f = sink
                .finding(
                    Rule::MisnamedDefaultAttribute,
                    a.name_range.clone(),
                    format!("`{}` is not read by the page script", a.name),
                )
                .with_label(format!("the placeholder `{}` never shows", a.value));
            if has_default {
                f = f.with_help(format!(
                    "this span already has `default`; remove `{}`",
                    a.name
                ));
            } else {
                f = f.with_help(format!("rename it to `{want}`")).with_fix(
                    Applicability::Safe,
                    format!("rename `{}` to `{want}`", a.name),
                    vec![Edit::replace(a.name_range.clone(), want)],
                );
            }
            let _ = attr_span(a);
            sink.push(f);
        }
    }
}
