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
    if !sink.wants(Rule::MissingSnippet) {
        return;
    }
    let Some(includes) = crate::snippets::Includes::of(ctx.config) else {
        return;
    };
    if !includes.appends() && ctx.pages.iter().all(|p| p.snippets.is_empty()) {
        return;
    }
    let mut lookup = includes.lookup();
    auto_appended(ctx, &includes, &mut lookup, sink);
    for page in ctx.pages {
        if page.snippets.is_empty() || !sink.wants_on(Rule::MissingSnippet, page) {
            continue;
        }
        for (range, name) in page.snippets.iter().flat_map(|s| &s.names) {
            let outcome = if includes.check_paths() {
                "MkDocs stops the build (`check_paths` is on)"
            } else {
                "MkDocs leaves it out of the page without a word"
            };
            let (message, label, help) = match lookup.finds(name) {
                // Perhaps in a base path not followed (a bare `!relative`: beside the page).
                Some(Found::NoFile) if includes.unfollowed_base() => continue,
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

/// The `auto_append` files that are not found: MkDocs appends them to every page, so each
/// checked MkDocs page of the site is told, at its first line (the files are named in
/// `mkdocs.yml`, which is not a page).
fn auto_appended(
    ctx: &WorkspaceContext<'_>,
    includes: &crate::snippets::Includes,
    lookup: &mut crate::snippets::Lookup<'_>,
    sink: &mut Sink<'_>,
) {
    let outcome = if includes.check_paths() {
        "MkDocs stops the build (`check_paths` is on)"
    } else {
        "MkDocs appends nothing to the page, without a word"
    };
    // Each missing file's message and help, told on every page.
    let missing: Vec<(String, String)> = includes
        .auto_append()
        .iter()
        .filter_map(|name| match lookup.finds(name)? {
            Found::Yes => None,
            Found::NoFile if includes.unfollowed_base() => None,
            Found::NoSection(section) => Some((
                format!("`auto_append` snippet `{name}`: the file has no section `{section}`"),
                format!(
                    "{outcome}: mark the section with `--8<-- [start:{section}]` and \
                     `--8<-- [end:{section}]`, or fix the name under `auto_append` in the \
                     MkDocs configuration"
                ),
            )),
            Found::NoFile => Some((
                format!(
                    "`auto_append` snippet `{name}` is not found in the base paths ({})",
                    includes.base_paths()
                ),
                format!(
                    "{outcome}: fix the path under `auto_append` in the MkDocs configuration \
                     (relative to a base path of pymdownx.snippets), or add the file"
                ),
            )),
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    // The site's pages: a MkDocs page outside the guides root (a README named on the command
    // line) is not built with the site's extensions.
    let pages = ctx
        .pages
        .iter()
        .filter(|p| p.checked && p.dialect == Dialect::Mkdocs && p.rel.is_some());
    for page in pages {
        if !sink.wants_on(Rule::MissingSnippet, page) {
            continue;
        }
        for (message, help) in &missing {
            let f = sink
                .finding_on(Rule::MissingSnippet, page, 0..0, message.clone())
                .with_label(APPENDED)
                .with_help(help.clone());
            sink.push(f);
        }
    }
}

/// The label of a missing `auto_append` file's finding on a page ([`collapse_appended`]).
const APPENDED: &str = "appended to every page";

/// A missing `auto_append` file is told once: on the first page (in path order) that its
/// finding reaches once each page's rule set and suppressions are applied, saying how many
/// pages it was found on. Told on each page, one missing file made a finding per page of the
/// site (260 on a real one), all alike.
pub(crate) fn collapse_appended(findings: &mut Vec<crate::Finding>) {
    let appended = |f: &crate::Finding| {
        f.rule == Rule::MissingSnippet && f.range.is_empty() && f.label.as_deref() == Some(APPENDED)
    };
    if !findings.iter().any(appended) {
        return;
    }
    // Per message (one per missing file): the first page's finding, and how many pages had it.
    let mut first: std::collections::HashMap<String, (usize, usize)> =
        std::collections::HashMap::new();
    for (i, f) in findings.iter().enumerate().filter(|(_, f)| appended(f)) {
        let entry = first.entry(f.message.to_string()).or_insert((i, 0));
        if f.path < findings[entry.0].path {
            entry.0 = i;
        }
        entry.1 += 1;
    }
    let kept: std::collections::HashMap<usize, usize> = first.into_values().collect();
    let mut i = 0;
    findings.retain_mut(|f| {
        let at = i;
        i += 1;
        if !appended(f) {
            return true;
        }
        let Some(&pages) = kept.get(&at) else {
            return false;
        };
        if pages > 1 {
            f.message = format!(
                "{}: MkDocs appends it to each of the {pages} pages checked, told on the first",
                f.message
            )
            .into();
        }
        true
    });
}
