//! GL209 duplicate-id: the same id defined twice on a page (explicit `{#id}`, HTML `id`, or a
//! heading's id): links and the page script reach only the first.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::finding::{Related, Severity};
use crate::workspace::{AnchorOrigin, WorkspaceContext};

pub const RULE: RuleDef = RuleDef {
    id: Rule::DuplicateId,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    for page in ctx.pages {
        if !sink.wants_on(Rule::DuplicateId, page) {
            continue;
        }
        // Keyed by ids the author wrote: a seeded hasher (foldhash), cheaper than SipHash.
        let mut first: foldhash::HashMap<&str, &crate::workspace::Anchor> =
            foldhash::HashMap::with_capacity_and_hasher(page.anchors.len(), Default::default());
        for a in &page.anchors {
            if a.id.is_empty() {
                continue;
            }
            let Some(prev) = first.get(a.id.as_str()).copied() else {
                first.insert(&a.id, a);
                continue;
            };
            // Generated heading ids are numbered by the renderer; only ids the author wrote
            // can clash.
            // A content tab's id is made unique against every other (pymdownx.tabbed).
            if a.origin == AnchorOrigin::Heading && prev.origin == AnchorOrigin::Heading
                || a.origin == AnchorOrigin::Tab
            {
                continue;
            }
            // An id in an included file (pymdownx.snippets) is placed on the line that
            // includes it: the message names the file, whose text is where to rename it.
            // A block (`--8<--` lines around names) places them all on its first line.
            let included =
                crate::document::SnippetNotation::names_at(&page.snippets, &a.range);
            // An HTML anchor inside a heading, named as the heading's id
            // (`## <a name="install">Install</a>`, kept for links made before): both mark the
            // same place, and a link reaches it whichever it finds. (Ids of an included file
            // are all placed on one line, inside one another or not.)
            if prev.origin == AnchorOrigin::Heading
                && a.origin == AnchorOrigin::Html
                && prev.range.start <= a.range.start
                && a.range.end <= prev.range.end
                && included.is_empty()
            {
                continue;
            }
            // An empty element alone on its line beside the heading
            // ([`crate::workspace::Anchor::beside_heading`]), above it or below it.
            if (a.beside_heading && prev.origin == AnchorOrigin::Heading)
                || (prev.beside_heading && a.origin == AnchorOrigin::Heading)
            {
                continue;
            }
            let what = |o: AnchorOrigin| match o {
                AnchorOrigin::Heading => "a heading's id",
                AnchorOrigin::Explicit => "an explicit id",
                AnchorOrigin::Html => "an HTML id",
                AnchorOrigin::Footnote => "a footnote's id",
                AnchorOrigin::Tab => "a content tab's id",
            };
            let message = match included.as_slice() {
                [] => format!("id `{}` is already used on this page", a.id),
                [name] => format!(
                    "id `{}` is already used on this page, in the included {name}",
                    a.id
                ),
                names => format!(
                    "id `{}` is already used on this page, in one of the included {}",
                    a.id,
                    names.join(", ")
                ),
            };
            let f = sink
                .finding_on(Rule::DuplicateId, page, a.range.clone(), message)
                .with_help(format!(
                    "`#{}` links and scripts find only the first element with an id; rename one \
                     of them (the first is {})",
                    a.id,
                    what(prev.origin)
                ))
                .with_related(Related {
                    path: page.path.clone(),
                    range: prev.range.clone(),
                    message: "first defined here".into(),
                });
            sink.push(f);
        }
    }
}
