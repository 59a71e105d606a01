//! GL109 unknown-component-attribute: an attribute the component does not know (`prefx`).

use super::component::{ComponentKind, orphans};
use crate::util::{Nearness, closest};
use super::misnamed_default_attribute::is_default_variant;
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnknownComponentAttribute,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    let extra = &ctx
        .config
        .file
        .options
        .unknown_component_attribute
        .extra_attributes;
    // `<a identiy="old" path="/x">`: with its identity misspelt the element is no component at
    // all, so this is the only finding it gets.
    for o in orphans(ctx.doc) {
        let Some(a) = o
            .misspelt_identity
            .filter(|a| !extra.iter().any(|e| e.eq_ignore_ascii_case(&a.name)))
        else {
            continue;
        };
        let name = written(ctx, a);
        let want = if a.name.starts_with("data-") {
            "data-identity"
        } else {
            "identity"
        };
        let f = sink
            .finding(
                Rule::UnknownComponentAttribute,
                a.name_range.clone(),
                format!("unknown attribute `{name}` on `<{}>`", o.tag.name),
            )
            .with_label("without `identity` the page script ignores this element")
            .with_help(format!("did you mean `{want}`?"))
            .with_fix(
                Applicability::Unsafe,
                format!("rename `{name}` to `{want}`"),
                vec![Edit::replace(a.name_range.clone(), want)],
            );
        sink.push(f);
    }
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
            let name = written(ctx, a);
            let candidates = script
                .iter()
                .chain(if data { [].iter() } else { html.iter() });
            let guess = closest(bare, candidates.copied(), Nearness::TYPO);
            if data && guess.is_none() {
                continue; // other data-* attributes are the author's business
            }
            let mut f = sink
                .finding(
                    Rule::UnknownComponentAttribute,
                    a.name_range.clone(),
                    format!("unknown attribute `{name}` on {}", c.element()),
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
                            format!("rename `{name}` to `{want}`"),
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

/// An attribute name as written in the file (`Prefx`), not lowercased.
fn written<'d>(ctx: &'d super::FileContext<'_>, a: &'d crate::document::Attr) -> &'d str {
    ctx.doc.text.get(a.name_range.clone()).unwrap_or(&a.name)
}
