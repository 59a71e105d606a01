//! GL210 missing-snippet: a pymdownx.snippets include whose file is not found in the base
//! paths. MkDocs leaves such a snippet out of the page without a word (unless `check_paths` is
//! on, which stops the build), so the site silently lacks the text.
//!
//! The page's names are read with the page (and cached with its summary); whether each file
//! exists is asked on every run, so adding the file clears the finding.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::Severity;
use crate::workspace::WorkspaceContext;

pub const RULE: RuleDef = RuleDef {
    id: Rule::MissingSnippet,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::MissingSnippet) || ctx.pages.iter().all(|p| p.snippets.is_empty()) {
        return;
    }
    let Some(includes) = crate::snippets::Includes::of(ctx.config) else {
        return;
    };
    for page in ctx.pages {
        if page.snippets.is_empty() || !sink.wants_on(Rule::MissingSnippet, page) {
            continue;
        }
        for (range, name) in &page.snippets {
            if includes.finds(name) != Some(false) {
                continue;
            }
            let outcome = if includes.check_paths() {
                "MkDocs stops the build (`check_paths` is on)"
            } else {
                "MkDocs leaves it out of the page without a word"
            };
            let f = sink
                .finding_on(
                    Rule::MissingSnippet,
                    page,
                    range.clone(),
                    format!(
                        "snippet `{name}` is not found in the base paths ({})",
                        includes.base_paths()
                    ),
                )
                .with_label("no such file")
                .with_help(format!(
                    "{outcome}: fix the path (relative to a base path of pymdownx.snippets), or \
                     add the file"
                ));
            sink.push(f);
        }
    }
}
