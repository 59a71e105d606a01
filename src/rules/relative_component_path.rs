//! GL102 relative-component-path: `<a identity path="settings/...">` without the leading `/`.

use super::absolute_component_path::{host_prefix, is_absolute_url};
use super::component::{ComponentKind, attr_span, typographic_inner};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::RelativeComponentPath,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    for c in components.iter().filter(|c| c.kind == ComponentKind::Link) {
        let Some(path) = c.attr("path") else { continue };
        let value = path.value.trim();
        // `#top` and `?x` make valid URLs after the host (`https://host#top`).
        if value.is_empty()
            || value.starts_with(['/', '#', '?'])
            || is_absolute_url(value)
            || host_prefix(value).is_some()
            || typographic_inner(value).is_some()
        {
            continue; // GL103 and GL108 report these.
        }
        if value.chars().any(char::is_whitespace) {
            continue; // GL108 reports whitespace.
        }
        let want = match value.strip_prefix("./") {
            Some(rest) => format!("/{rest}"),
            None => format!("/{value}"),
        };
        let mut f = sink
            .finding(
                Rule::RelativeComponentPath,
                attr_span(path),
                format!("component path `{value}` does not start with `/`"),
            )
            .with_label(format!("the link becomes `https://<server>{value}`"))
            .with_help(format!("write `{want}`"));
        if let Some(r) = &path.value_range {
            let raw = &ctx.doc.text[r.clone()];
            let lead = raw.len() - raw.trim_start().len();
            let edit = if raw.trim_start().starts_with("./") {
                Edit::replace(r.start + lead..r.start + lead + 2, "/")
            } else {
                Edit::insert(r.start + lead, "/")
            };
            f = f.with_fix(
                Applicability::Safe,
                "make the path start with `/`",
                vec![edit],
            );
        }
        sink.push(f);
    }
}
