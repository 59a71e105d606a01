//! GL204 missing-asset: an image or file link to a path that is not in the assets root.
//!
//! Skipped entirely when no assets root is configured: guide-lint does not guess where the
//! wiki's files live. A MkDocs site with no configuration has its `docs_dir` as the assets root.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::util::{Nearness, closest};
use crate::document::Dialect;
use crate::workspace::{RefSource, Target, WorkspaceContext};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::MissingAsset,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    let Some(assets) = ctx.assets else { return };
    // A MkDocs site with no configuration: its files are those of `docs_dir`, named as such
    // (`feed.xml` under `docs_dir`), not as a wiki's assets (`/feed.xml`).
    let site = ctx
        .config
        .mkdocs
        .as_ref()
        .filter(|_| ctx.config.file.assets.is_none() && ctx.config.is_mkdocs_only())
        .map(|project| project.docs_root())
        .map(|root| {
            let root = crate::util::slash_path(&root);
            let root = root.trim_end_matches('/');
            root.strip_prefix("./").unwrap_or(root).to_string()
        });
    if !sink.wants(Rule::MissingAsset) {
        return;
    }
    for page in ctx.pages {
        if !sink.wants_on(Rule::MissingAsset, page) {
            continue;
        }
        // Its MkDocs pages' files; a Wiki.js page beside the site links the wiki's assets.
        let site = site.as_ref().filter(|_| page.dialect == Dialect::Mkdocs);
        let shown = |path: &str| match site {
            Some(docs) => format!("{docs}/{path}"),
            None => format!("/{path}"),
        };
        for link in &page.links {
            let Target::Asset { served } = &link.target else {
                continue;
            };
            let what = if link.source.is_image() {
                "image"
            } else {
                "file"
            };
            if assets.contains(served) {
                // On disk, but left out of the site (`exclude_docs: "*.py"`).
                if site.is_some()
                    && ctx.config.site_inclusion(std::path::Path::new(served))
                        == crate::mkdocs::Inclusion::Excluded
                {
                    let message = format!(
                        "{what} `{}` names `{}`, which is excluded from the MkDocs site",
                        link.url,
                        shown(served)
                    );
                    let f = sink
                        .finding_on(Rule::MissingAsset, page, link.url_range.clone(), message)
                        .with_label("not on the site")
                        .with_help(format!(
                            "{}: stop excluding the file, or link to where it is published",
                            crate::mkdocs::EXCLUDED_HELP
                        ));
                    sink.push(f);
                } else if site.is_some()
                    && let Some((local, language)) = unserved(ctx, page, served, assets)
                {
                    let f = sink
                        .finding_on(
                            Rule::MissingAsset,
                            page,
                            link.url_range.clone(),
                            format!("{what} `{}` has no {language} version", link.url),
                        )
                        .with_label(format!("no `{}`", shown(&local)))
                        .with_help(format!(
                            "the {language} site has no `{}`, as `fallback_to_default` is off: add \
                             `{}`, or turn the fallback on",
                            shown(served),
                            shown(&local)
                        ));
                    sink.push(f);
                }
                continue;
            }
            // A translated site (mkdocs-static-i18n) serves a file missing from the page's
            // language from another one (the default language's, or one shared).
            if site.is_some() && ctx.i18n_serves(page, std::path::Path::new(served), Some(assets))
            {
                continue;
            }
            let help = if let Some(actual) = assets.lowercase.get(&served.to_lowercase()) {
                format!("the file is `{}`: asset paths are case-sensitive", shown(actual))
            } else {
                // Compare file names within the folder, then whole paths elsewhere: a shared
                // folder prefix must not make different names look close.
                let (folder, name) = served.rsplit_once('/').unwrap_or(("", served.as_str()));
                let siblings: Vec<(&str, &String)> = assets
                    .files
                    .iter()
                    .filter_map(|f| {
                        let (d, n) = f.rsplit_once('/').unwrap_or(("", f.as_str()));
                        (d == folder).then_some((n, f))
                    })
                    .collect();
                let near_name = closest(name, siblings.iter().map(|(n, _)| *n), Nearness::TARGET)
                    .and_then(|n| siblings.iter().find(|(s, _)| *s == n))
                    .map(|(_, f)| f.as_str());
                let elsewhere = assets
                    .files
                    .iter()
                    .filter(|f| f.rsplit('/').next() == Some(name))
                    .map(String::as_str)
                    .next();
                match near_name.or(elsewhere) {
                    Some(best) => format!("did you mean `{}`?", shown(best)),
                    None => match site {
                        Some(docs) => format!("add the file to `{docs}`, or fix the path"),
                        None => "add the file to the assets folder, or fix the path".to_string(),
                    },
                }
            };
            let relative = !link.url.starts_with('/');
            // Raw HTML on a page served from a folder of its own: MkDocs leaves its URL as
            // written, and the browser reads it from the page's address.
            let from_page_url = site.is_some()
                && relative
                && matches!(link.source, RefSource::HtmlImage | RefSource::HtmlLink);
            let help = match page
                .rel
                .as_deref()
                .map(crate::util::slash_path)
                .and_then(|rel| crate::workspace::served_folder(ctx.config, &rel))
                .filter(|_| from_page_url)
            {
                Some(folder) => format!(
                    "MkDocs does not rewrite raw HTML's URLs: the browser reads `{}` from the \
                     page's address, `{folder}/`; {help}",
                    link.url
                ),
                None => help,
            };
            let message = if site.is_some() {
                format!(
                    "{what} `{}` names `{}`, which does not exist",
                    link.url,
                    shown(served)
                )
            } else if relative {
                format!(
                    "{what} `{}` resolves to `/{served}`, which is not in the assets",
                    link.url
                )
            } else {
                format!("{what} `/{served}` is not in the assets")
            };
            let f = sink
                .finding_on(Rule::MissingAsset, page, link.url_range.clone(), message)
                .with_help(help);
            sink.push(f);
        }
    }
}

/// Where mkdocs-static-i18n writes each file's language before its extension and
/// `fallback_to_default` is off, a file of the default language (`img/logo.png`) is in no other
/// language's build: a page in one of them finds it only as its own language's file
/// (`img/logo.fr.png`). That file, when `assets` lacks it, and the language's name.
fn unserved(
    ctx: &WorkspaceContext<'_>,
    page: &crate::workspace::PageSummary,
    served: &str,
    assets: &crate::loader::AssetIndex,
) -> Option<(String, String)> {
    let i18n = ctx.config.i18n_suffixes().filter(|i| !i.fallback)?;
    let current = i18n.language_of(page.rel.as_deref()?, page.locale.as_deref());
    let local = crate::discover::Layout::Suffixes(i18n)
        .localised(current, std::path::Path::new(served))
        .map(|l| crate::util::slash_path(&l))?;
    (!assets.contains(&local)).then(|| (local, crate::translation::language_name(current)))
}
