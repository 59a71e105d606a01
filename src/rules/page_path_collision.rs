//! GL313 page-path-collision: two files that Wiki.js's git storage imports as the same page
//! (`da/home.md` and `da/home.html`; `v1.2/x.md` and `v12/x.md`, dots being deleted).

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::workspace::WorkspaceContext;
use crate::document::Dialect;
use crate::finding::Severity;
use std::path::{Path, PathBuf};

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
        // A site MkDocs alone publishes (no `guide-lint.yml`): no wiki imports it, and only
        // files MkDocs itself serves at one address collide.
        let mkdocs_site = ctx.config.is_mkdocs_only() && page.dialect == Dialect::Mkdocs;
        let directory_urls = ctx
            .config
            .mkdocs
            .as_ref()
            .is_none_or(|p| p.use_directory_urls);
        let address = mkdocs_address(rel, directory_urls);
        let spellings = both_spellings(ctx, files);
        let others: Vec<String> = files
            .iter()
            .filter(|f| *f != rel)
            .filter(|f| {
                !mkdocs_site || spellings.is_some() || mkdocs_address(f, directory_urls) == address
            })
            .map(|f| format!("`{}`", f.display()))
            .collect();
        if others.is_empty() {
            continue;
        }
        let (what, help) = match spellings {
            Some(help) => (
                format!(
                    "the {} page `{}`",
                    crate::translation::language_name(&key.locale),
                    key.path
                ),
                help,
            ),
            None if mkdocs_site => (
                format!("served at `{address}`"),
                "with `use_directory_urls` (MkDocs' default), `setup.md` and `setup/index.md` \
                 are both built to `setup/index.html`, and the one built last replaces the \
                 other without a warning: rename or remove all but one, or set \
                 `use_directory_urls: false`",
            ),
            None => (format!("imported as page `{key}`"), help(page.dialect, rel, files)),
        };
        let f = sink
            .finding_on(
                Rule::PagePathCollision,
                page,
                0..0,
                format!(
                    "`{}` and {} are both {what}",
                    rel.display(),
                    others.join(", ")
                ),
            )
            .with_help(help);
        sink.push(f);
    }
}

/// The address MkDocs serves the page file `rel` at, relative to the site's root: a folder's
/// `index.md` and `README.md` at the folder (`setup/`), another page at `setup/tips/` with
/// directory URLs, at `setup/tips.html` without.
fn mkdocs_address(rel: &Path, directory_urls: bool) -> String {
    let path = crate::util::slash_path(rel);
    let page = path.strip_suffix(".md").unwrap_or(&path);
    let (folder, stem) = match page.rsplit_once('/') {
        Some((folder, stem)) => (format!("{folder}/"), stem),
        None => (String::new(), page),
    };
    if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("readme") {
        folder
    } else if directory_urls {
        format!("{folder}{stem}/")
    } else {
        format!("{folder}{stem}.html")
    }
}

/// Where each page writes its language before its extension (mkdocs-static-i18n's suffix
/// structure), a page of the default language written both ways (`setup.md` and `setup.en.md`):
/// the plugin keeps one of them, and depending on the order MkDocs lists them in stops the
/// build ("Conflicting files for the default language").
fn both_spellings(ctx: &WorkspaceContext<'_>, files: &[PathBuf]) -> Option<&'static str> {
    use std::borrow::Cow;
    let layout = crate::discover::Layout::of(ctx.config);
    let crate::discover::Layout::Suffixes(_) = layout else {
        return None;
    };
    let named = |f: &PathBuf| matches!(layout.split(f), Some((_, Cow::Owned(_))));
    (files.iter().any(named) && !files.iter().all(named)).then_some(
        "mkdocs-static-i18n builds only one of them, and depending on the order of their names \
         stops the build (\"Conflicting files for the default language\"): write the page one \
         way, with its language or without, and remove the other",
    )
}

/// Why the files are one page: a MkDocs folder's `index.md` is the folder's page, which
/// `guide-lint build` publishes under the folder's path; otherwise Wiki.js's import.
fn help(dialect: Dialect, rel: &Path, files: &[PathBuf]) -> &'static str {
    let is_index = |f: &Path| f.file_name().is_some_and(|n| n == "index.md");
    if dialect == Dialect::Mkdocs && (is_index(rel) || files.iter().any(|f| is_index(f))) {
        "a MkDocs folder's `index.md` is the folder's page: `guide-lint build` publishes it at the \
         folder's path, as the other file, so they overwrite each other on the wiki (MkDocs \
         itself serves both at the folder's address unless `use_directory_urls: false`); rename \
         or remove all but one"
    } else {
        "Wiki.js removes the extension and every dot from a file's path, so these files \
         overwrite each other on every sync; rename or remove all but one"
    }
}
