//! GL305 self-closing-non-void: `<div .../>`: in HTML, `/>` does not close an element that is
//! not void, so the element swallows everything after it.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::TagKind;
use crate::document::html::is_void;
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::SelfClosingNonVoid,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    // Inside <svg> and <math>, `/>` does close elements (foreign content).
    let mut foreign = 0usize;
    for tag in &doc.html {
        let foreign_root = matches!(tag.name.as_str(), "svg" | "math");
        match tag.kind {
            TagKind::Start { self_closing } => {
                if foreign_root && !self_closing {
                    foreign += 1;
                }
                if !self_closing || foreign > 0 || foreign_root || is_void(&tag.name) {
                    continue;
                }
                // A custom element name (`<csr-id-1a2b/>`, a release tool's marker): no styles
                // and no content of its own, so what it holds renders as before, and Wiki.js's
                // sanitizer removes the element and keeps its content.
                if tag.name.contains('-') {
                    continue;
                }
                let src = &doc.text[tag.range.clone()];
                let body = src.trim_end_matches('>').trim_end_matches('/').trim_end();
                let mut f = sink
                    .finding(
                        Rule::SelfClosingNonVoid,
                        tag.range.clone(),
                        format!("`<{}/>` does not close the element", tag.name),
                    )
                    .with_label(format!(
                        "everything after this stays inside the <{}>",
                        tag.name
                    ))
                    .with_help(format!(
                        "in HTML only void elements (`<br>`, `<img>`, `<input>`...) can be \
                         self-closing; write `<{0} ...></{0}>`",
                        tag.name
                    ));
                if src.ends_with("/>") {
                    f = f.with_fix(
                        Applicability::Safe,
                        format!("close the element with `</{}>`", tag.name),
                        vec![Edit::replace(
                            tag.range.start + body.len()..tag.range.end,
                            format!("></{}>", tag.name),
                        )],
                    );
                }
                sink.push(f);
            }
            TagKind::End if foreign_root => foreign = foreign.saturating_sub(1),
            _ => {}
        }
    }
}
