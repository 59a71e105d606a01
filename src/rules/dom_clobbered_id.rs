//! GL207 dom-clobbered-id: a heading slug or explicit id that Wiki.js's sanitizer removes
//! because it is a DOM property name (`title`, `name`, `links`...).

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::workspace::{AnchorOrigin, Removal, WorkspaceContext};
use crate::finding::Severity;
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::DomClobberedId,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    for page in ctx.pages {
        if !sink.wants_on(Rule::DomClobberedId, page) {
            continue;
        }
        for a in page
            .anchors
            .iter()
            .filter(|a| a.removed == Some(Removal::Sanitizer))
        {
            let (message, help) = match a.origin {
                AnchorOrigin::Heading => (
                    format!("heading id `{}` is removed by Wiki.js's sanitizer", a.id),
                    format!(
                        "`{}` is a DOM property name: Wiki.js drops the id, so the table of \
                         contents and `#{}` links cannot reach this heading; give it an explicit \
                         id such as `{{#{}-section}}`",
                        a.id, a.id, a.id
                    ),
                ),
                AnchorOrigin::Explicit
                | AnchorOrigin::Html
                | AnchorOrigin::Footnote
                | AnchorOrigin::Tab => (
                    format!("id `{}` is removed by Wiki.js's sanitizer", a.id),
                    format!(
                        "`{}` is a DOM property name: Wiki.js drops the id; choose another, such \
                         as `{}-section`",
                        a.id, a.id
                    ),
                ),
            };
            let f = sink
                .finding_on(Rule::DomClobberedId, page, a.range.clone(), message)
                .with_help(help);
            sink.push(f);
        }
    }
}
