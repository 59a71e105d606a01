//! GL101 unknown-identity: an `identity` that is not a configured identity.

use super::component::{attr_span, closest};
use super::{ComponentCheck, Rule, Sink};
use crate::finding::{Applicability, Edit};

pub(crate) fn check((ctx, components): ComponentCheck<'_, '_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::UnknownIdentity) {
        return;
    }
    let known = &ctx.config.file.components.identities;
    for c in components {
        let value = c.identity.value.as_str();
        if known.iter().any(|k| k == value) {
            continue;
        }
        let list = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if value.trim().is_empty() {
            format!("{} has an empty `identity`", c.element())
        } else {
            format!("unknown identity `{value}`")
        };
        let mut f = sink
            .finding(Rule::UnknownIdentity, attr_span(c.identity), message)
            .with_label("the page script ignores this component");
        match closest(value, known.iter().map(String::as_str)) {
            Some(best) if !value.trim().is_empty() => {
                f = f.with_help(format!("did you mean `{best}`? Known identities: {list}"));
                if let Some(r) = &c.identity.value_range {
                    f = f.with_fix(
                        Applicability::DisplayOnly,
                        format!("use `{best}`"),
                        vec![Edit::replace(r.clone(), best)],
                    );
                }
            }
            _ => f = f.with_help(format!("use one of the configured identities: {list}")),
        }
        sink.push(f);
    }
}
