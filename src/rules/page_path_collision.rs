//! GL313 page-path-collision: two files that Wiki.js's git storage imports as the same page
//! (`da/home.md` and `da/home.html`; `v1.2/x.md` and `v12/x.md`, dots being deleted).

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::workspace::WorkspaceContext;
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::PagePathCollision,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    for page in ctx.pages {
        if !sink.wants_on(Rule::PagePathCollision, page) {
            continue;
        }
        let (Some(key), Some(rel)) = (&page.key, &page.rel) else {
            continue;
        };
        let Some(files) = ctx.existing.get(key) else {
            continue;
        };
        let others: Vec<String> = files
            .iter()
            .filter(|f| *f != rel)
            .map(|f| format!("`{}`", f.display()))
            .collect();
        if others.is_empty() {
            continue;
        }
        let f = sink
            .finding_on(
                Rule::PagePathCollision,
                page,
                0..0,
                format!(
                    "`{}` and {} are both imported as page `{key}`",
                    rel.display(),
                    others.join(", ")
                ),
            )
            .with_help(
                "Wiki.js removes the extension and every dot from a file's path, so these files \
                 overwrite each other on every sync; rename or remove all but one",
            );
        sink.push(f);
    }
}
