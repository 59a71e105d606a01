//! GL210 missing-snippet: a pymdownx.snippets include whose file is not found in the base
//! paths, or whose file has no section of the name it gives. MkDocs leaves such a snippet out of the page without a word (unless `check_paths` is
//! on, which stops the build), so the site silently lacks the text.
//!
//! The page's names are read with the page (and cached with its summary); whether each file
//! exists is asked on every run, so adding the file clears the finding.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::Severity;
use crate::snippets::Found;
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
    let mut lookup = includes.lookup();
    for page in ctx.pages {
        if page.snippets.is_empty() || !sink.wants_on(Rule::MissingSnippet, page) {
            continue;
        }
        for (range, name) in &page.snippets {
            let outcome = if includes.check_paths() {
                "MkDocs stops the build (`check_paths` is on)"
            } else {
                "MkDocs leaves it out of the page without a word"
            };
            let (message, label, help) = match lookup.finds(name) {
                Some(Found::NoFile) => (
                    format!(
                        "snippet `{name}` is not found in the base paths ({})",
                        includes.base_paths()
                    ),
                    "no such file",
                    format!(
                        "{outcome}: fix the path (relative to a base path of pymdownx.snippets), \
                         or add the file"
                    ),
                ),
                Some(Found::NoSection(section)) => (
                    format!("snippet `{name}`: the file has no section `{section}`"),
                    "no such section",
                    format!(
                        "{outcome}: mark the section in the file with `--8<-- [start:{section}]` \
                         and `--8<-- [end:{section}]`, or fix the name"
                    ),
                ),
                Some(Found::Yes) | None => continue,
            };
            let f = sink
                .finding_on(Rule::MissingSnippet, page, range.clone(), message)
                .with_label(label)
                .with_help(help);
            sink.push(f);
        }
    }
}
