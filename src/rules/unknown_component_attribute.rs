//! GL109 unknown-component-attribute: an attribute the component does not know (`prefx`).

use super::component::{ComponentKind, closest};
use super::misnamed_default_attribute::is_default_variant;
use super::{ComponentCheck, Rule, Sink};
use crate::finding::{Applicability, Edit};

pub(crate) fn check((ctx, components): ComponentCheck<'_, '_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::UnknownComponentAttribute) {
        return;
    }
    let extra = &ctx
        .config
        .file
        .options
        .unknown_component_attribute
        .extra_attributes;
    for c in components.iter().filter(|c| c.kind != ComponentKind::Other) {
        let script = c.script_attrs();
        let html = c.html_attrs();
        for a in &c.tag.attrs {
            let (data, bare) = match a.name.strip_prefix("data-") {
                Some(rest) => (true, rest),
                None => (false, a.name.as_str()),
            };
            if script.contains(&bare)
                || (!data && (html.contains(&bare) || bare.starts_with("aria-")))
                || is_default_variant(&a.name)
                || extra.iter().any(|e| e.eq_ignore_ascii_case(&a.name))
            {
                continue;
            }
            let candidates = script
                .iter()
                .chain(if data { [].iter() } else { html.iter() });
            let guess = closest(bare, candidates.copied());
            if data && guess.is_none() {
                continue; // other data-* attributes are the author's business
            }
            let mut f = sink
                .finding(
                    Rule::UnknownComponentAttribute,
                    a.name_range.clone(),
                    format!("unknown attribute `{}` on {}", a.name, c.element()),
                )
                .with_label("the page script ignores it");
            match guess {
                Some(g) => {
                    let want = if data {
                        format!("data-{g}")
                    } else {
                        g.to_string()
                    };
                    f = f.with_help(format!("did you mean `{want}`?"));
                    if c.tag.attr(&want).is_none() {
                        f = f.with_fix(
                            Applicability::Unsafe,
                            format!("rename `{}` to `{want}`", a.name),
                            vec![Edit::replace(a.name_range.clone(), want)],
                        );
                    }
                }
                None => {
                    f = f.with_help(format!(
                        "the script reads {}",
                        script
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
            sink.push(f);
        }
    }
}
