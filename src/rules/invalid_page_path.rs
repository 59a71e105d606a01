//! GL317 invalid-page-path: a page file whose path Wiki.js refuses, cannot serve, or changes on
//! import (dots deleted).

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::wikijs::path::{PathProblem, page_path_from_git_file, validate_page_path};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::InvalidPagePath,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    // A MkDocs site with no guide-lint configuration publishes its pages with MkDocs alone,
    // which serves `release_notes_17.2.md` at `release_notes_17.2/`: no wiki imports them.
    if ctx.config.is_mkdocs_only() && ctx.doc.dialect == crate::document::Dialect::Mkdocs {
        return;
    }
    // Only files in the guides layout (`<locale>/<page>.md`) become wiki pages.
    let (Some(rel), Some(_)) = (ctx.rel_path, ctx.locale) else {
        return;
    };
    // A name that is not UTF-8 is not checked (it cannot be a page path).
    let Some(rel) = rel.to_str().map(|_| crate::util::slash_path(rel)) else {
        return;
    };
    // Where each page writes its language before its extension, `guide-lint build` publishes
    // `setup.da.md` as the page `da/setup`: the path is read as that file's.
    let layout = crate::discover::Layout::of(ctx.config);
    // So is a file in a folder that spells its locale otherwise (`pt-BR/setup.md` is
    // published as `pt-br/setup`).
    let published: std::borrow::Cow<'_, str> = match layout.respelled(std::path::Path::new(&rel))
    {
        Some((l, rest)) => format!("{l}/{}", crate::util::slash_path(&rest)).into(),
        None => rel.as_str().into(),
    };
    let Some((locale, path, _)) = page_path_from_git_file(&published) else {
        return;
    };
    // The path the page is published at: a MkDocs `index.md` is its folder's page.
    let path = crate::workspace::served_path(path, ctx.doc.dialect);
    let shown = match &locale {
        Some(l) => format!("/{l}/{path}"),
        None => format!("/{path}"),
    };
    // Under a locale folder the page is served as `/<locale>/<path>`: Wiki.js reads only the
    // first segment as the locale, and its own routes (`/a`, `/login`, `/img`, `/_assets`) never
    // start with a locale, so the first-segment reservations do not apply (`en/it/vpn.md` is
    // `/en/it/vpn`).
    let first_segment = |p: &PathProblem| {
        matches!(
            p,
            PathProblem::SingleCharFirstSegment(_)
                | PathProblem::LocaleLikeFirstSegment(_)
                | PathProblem::ReservedFirstSegment(_)
                | PathProblem::SystemRoute(_)
        )
    };
    let mut problems: Vec<String> = validate_page_path(&path)
        .iter()
        .filter(|p| !(locale.is_some() && first_segment(p)))
        .map(|p| p.message())
        .collect();
    let stem = published.rsplit_once('.').map_or(&*published, |(s, _)| s);
    if stem.contains('.') {
        problems.push(format!(
            "Wiki.js deletes every dot from the path on import: the page becomes `{shown}`"
        ));
    }
    for message in problems {
        let f = sink
            .finding(Rule::InvalidPagePath, 0..0, format!("`{rel}`: {message}"))
            .with_help(
                "rename the file: page paths are words separated by `-`, in folders, without \
                 dots, spaces or punctuation",
            );
        sink.push(f);
    }
}
