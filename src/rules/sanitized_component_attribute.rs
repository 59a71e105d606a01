//! GL110 sanitized-component-attribute: component attributes Wiki.js's sanitizer strips.

use super::component::ComponentKind;
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::SanitizedComponentAttribute,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

/// Attribute names DOMPurify removes from components (`docs/wikijs.md#sanitizer`: `identity`, `tag`, `prefix`,
/// `suffix`, `default-value` are not HTML attribute names; `path` and `default` survive by
/// accident and are renamed too so the runtime reads one convention).
const STRIPPED: &[&str] = &["identity", "tag", "prefix", "suffix", "default-value"];
const RENAMED: &[&str] = &[
    "identity",
    "path",
    "tag",
    "prefix",
    "suffix",
    "default",
    "default-value",
];

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    let mut count = 0;
    let mut first = None;
    let mut edits = Vec::new();
    for c in components.iter().filter(|c| c.kind != ComponentKind::Other) {
        for a in c.tag.attrs.iter().filter(|a| !a.duplicate) {
            if STRIPPED.contains(&a.name.as_str()) {
                count += 1;
                first.get_or_insert(a.name_range.clone());
            }
            if RENAMED.contains(&a.name.as_str()) {
                // Built by hand: `format!` costs several times more, once per attribute.
                let new = match a.name.as_str() {
                    "default-value" => "data-default".to_string(),
                    n => {
                        let mut s = String::with_capacity("data-".len() + n.len());
                        s.push_str("data-");
                        s.push_str(n);
                        s
                    }
                };
                if c.tag.attr(&new).is_none() {
                    edits.push(Edit::replace(a.name_range.clone(), new));
                }
            }
        }
    }
    let Some(range) = first else { return };
    let f = sink
        .finding(
            Rule::SanitizedComponentAttribute,
            range,
            format!(
                "{count} component attribute{} will be stripped by Wiki.js's sanitizer",
                if count == 1 { "" } else { "s" }
            ),
        )
        .with_label("Wiki.js removes this attribute, and the component stops working")
        .with_help("`guide-lint build` rewrites component attributes to `data-*`; in a page edited on the wiki, write `data-identity`, `data-path`, `data-tag`, `data-prefix`, `data-suffix`, `data-default`")
        .with_fix(
            Applicability::Unsafe,
            "rename component attributes to `data-*` (the page script must read `data-*`)",
            edits,
        );
    sink.push(f);
}
