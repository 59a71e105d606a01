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
                    sink.push_for_link(f, link);
                } else if site.is_some()
                    && let Some(why) = unserved(ctx, page, served, assets)
                {
                    let f = match why {
                        Unserved::Unbuilt { code } => sink
                            .finding_on(
                                Rule::MissingAsset,
                                page,
                                link.url_range.clone(),
                                format!(
                                    "{what} `{}` is on no site: mkdocs-static-i18n reads `{}` as \
                                     in the language `{code}`",
                                    link.url,
                                    shown(served)
                                ),
                            )
                            .with_label(format!("read as the language `{code}`"))
                            .with_help(format!(
                                "the plugin builds no `{code}` site and leaves the file out of \
                                 the others: rename it so that `{code}` is no language code"
                            )),
                        // Without `fallback_to_default`, the page's language's site has its
                        // own files only.
                        Unserved::Elsewhere {
                            language,
                            local: Some(local),
                            ..
                        } => sink
                            .finding_on(
                                Rule::MissingAsset,
                                page,
                                link.url_range.clone(),
                                format!("{what} `{}` has no {language} version", link.url),
                            )
                            .with_label(format!("no `{}`", shown(&local)))
                            .with_help(format!(
                                "the {language} site has no `{}`, as `fallback_to_default` is \
                                 off: add `{}`, or turn the fallback on",
                                shown(served),
                                shown(&local)
                            )),
                        Unserved::Elsewhere {
                            language,
                            local: None,
                            default,
                        } => sink
                            .finding_on(
                                Rule::MissingAsset,
                                page,
                                link.url_range.clone(),
                                format!("{what} `{}` is not on the {language} site", link.url),
                            )
                            .with_label("another language's file")
                            .with_help(if default {
                                format!(
                                    "the {language} site has only {language} files, as \
                                     `fallback_to_default` is off: link the {language} version \
                                     of `{}`, or turn the fallback on",
                                    shown(served)
                                )
                            } else {
                                format!(
                                    "the {language} site has only {language} files (and the \
                                     default language's): link the {language} version of `{}`",
                                    shown(served)
                                )
                            }),
                    };
                    sink.push_for_link(f, link);
                }
                continue;
            }
            // A page a plugin adds to the site (mkdocs-print-site-plugin's `print_page.html`).
            if site.is_some()
                && ctx
                    .config
                    .mkdocs
                    .as_ref()
                    .is_some_and(|p| p.generated_file(served))
            {
                continue;
            }
            // A translated site (mkdocs-static-i18n) serves a file missing from the page's
            // language from another one (the default language's, or one shared).
            if site.is_some() && ctx.i18n_serves(page, std::path::Path::new(served), Some(assets))
            {
                continue;
            }
            // There, but left out of the walk: by an ignore file (a clone has it only if
            // something makes it), or in a linked folder.
            if let Some(why) = crate::loader::unlisted_asset(ctx.config, served) {
                // What the site's file is, and what the wiki's asset is.
                let (which, but, label, help) = match why {
                    crate::loader::Unlisted::Ignored => (
                        "which an ignore file (`.gitignore`) leaves out of the repository",
                        "but an ignore file (`.gitignore`) leaves it out of the repository",
                        "in no clone",
                        "a clone has the file only if something makes it: commit it, or, when \
                         the docs build generates it, disable GL204 on this line \
                         (`<!-- guide-lint-disable-next-line GL204 -->`)",
                    ),
                    crate::loader::Unlisted::Link => (
                        "which is a symbolic link guide-lint does not follow",
                        "but it is a symbolic link guide-lint does not follow",
                        "a symbolic link",
                        "guide-lint does not follow a link to an asset: put the file itself \
                         there, or, if the link is meant, disable GL204 on this line \
                         (`<!-- guide-lint-disable-next-line GL204 -->`)",
                    ),
                    crate::loader::Unlisted::Linked => (
                        "which lies in a linked folder guide-lint does not enter",
                        "but in a linked folder guide-lint does not enter",
                        "behind a symbolic link",
                        "guide-lint never follows a link into a folder: put the file in the \
                         folder itself, or, if the link is meant, disable GL204 on this line \
                         (`<!-- guide-lint-disable-next-line GL204 -->`)",
                    ),
                };
                let message = if site.is_some() {
                    format!("{what} `{}` names `{}`, {which}", link.url, shown(served))
                } else {
                    format!("{what} `/{served}` is in the assets folder, {but}")
                };
                let f = sink
                    .finding_on(Rule::MissingAsset, page, link.url_range.clone(), message)
                    .with_label(label)
                    .with_help(help);
                sink.push_for_link(f, link);
                continue;
            }
            let held = site
                .as_ref()
                .and_then(|_| held_back(ctx, page, served, assets));
            let help = if let Some(Held { file, own, language }) = held {
                format!(
                    "the {language} site has no `{}`, as `fallback_to_default` is off: add `{}`, or \
                     turn the fallback on",
                    shown(&file),
                    shown(&own)
                )
            } else if let Some(actual) = assets.lowercase.get(&served.to_lowercase()) {
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
            sink.push_for_link(f, link);
        }
    }
}

/// Why a page of a site translated with mkdocs-static-i18n cannot show the file `served`
/// (relative to `docs_dir`), though it exists: the plugin builds each language's site from that
/// language's files, and the default language's only with `fallback_to_default`
/// (`reconfigure_files`).
enum Unserved {
    /// The file is another language's (the default language's, without the fallback, or a
    /// file outside every language folder, which is the default language's). `local`: for a
    /// link that names no language (`img/logo.png`), the page's language's file that would
    /// stand in (`img/logo.fr.png`, `fr/img/logo.png`).
    Elsewhere {
        language: String,
        local: Option<String>,
        /// The file is the default language's: the fallback would put it on the site.
        default: bool,
    },
    /// The plugin reads the file as in a language it builds no site for: a code of a
    /// language's shape in its name (`shot.ui.png`) or its first folder (`js/app.js`).
    Unbuilt { code: String },
}

fn unserved(
    ctx: &WorkspaceContext<'_>,
    page: &crate::workspace::PageSummary,
    served: &str,
    assets: &crate::loader::AssetIndex,
) -> Option<Unserved> {
    use crate::discover::Layout;
    let (i18n, current) = ctx.i18n_language(page)?;
    let layout = Layout::of(ctx.config);
    let path = std::path::Path::new(served);
    let split = layout.split(path);
    let lang = split.as_ref().map_or(i18n.default.as_str(), |(l, _)| l);
    if lang == current || (i18n.fallback && lang == i18n.default) {
        return None;
    }
    if lang != i18n.default && !i18n.others.iter().any(|o| o == lang) {
        return Some(Unserved::Unbuilt {
            code: lang.to_string(),
        });
    }
    let local = own_file(&layout, i18n, current, path);
    if local.as_deref().is_some_and(|l| assets.contains(l)) {
        return None;
    }
    Some(Unserved::Elsewhere {
        language: crate::translation::language_name(current),
        local,
        default: lang == i18n.default,
    })
}

/// What mkdocs-static-i18n would serve for a file missing itself if `fallback_to_default` were
/// on, where it is off ([`held_back`]).
struct Held {
    /// The file that would stand in: the default language's, or one outside every language
    /// folder.
    file: String,
    /// The page's language's file that would serve the link (`img/logo.fr.png`).
    own: String,
    /// The page's language's name.
    language: String,
}

/// [`Held`], for the file `served` (relative to `docs_dir`) missing from the page's language's
/// site.
fn held_back(
    ctx: &WorkspaceContext<'_>,
    page: &crate::workspace::PageSummary,
    served: &str,
    assets: &crate::loader::AssetIndex,
) -> Option<Held> {
    use crate::discover::Layout;
    let (i18n, current) = ctx.i18n_language(page).filter(|(i, _)| !i.fallback)?;
    let with_fallback = crate::mkdocs::I18n {
        fallback: true,
        ..i18n.clone()
    };
    let path = std::path::Path::new(served);
    let file = with_fallback
        .candidates(path, current)
        .iter()
        .map(|c| crate::util::slash_path(c))
        .find(|c| assets.contains(c))?;
    // A link that names no language is served from the page's language's file.
    let layout = Layout::of(ctx.config);
    let own = own_file(&layout, i18n, current, path).unwrap_or_else(|| served.to_string());
    Some(Held {
        file,
        own,
        language: crate::translation::language_name(current),
    })
}

/// For a link to `path` (relative to `docs_dir`) that names no language (`img/logo.png`, a
/// default-language file or one outside every language folder), the file of the page's language
/// `current` that mkdocs-static-i18n serves it from: `img/logo.fr.png`, or `fr/img/logo.png`.
/// `None` for a link that names a language (`img/logo.en.png`, `en/img/logo.png`).
fn own_file(
    layout: &crate::discover::Layout<'_>,
    i18n: &crate::mkdocs::I18n,
    current: &str,
    path: &std::path::Path,
) -> Option<String> {
    use crate::discover::Layout;
    use std::borrow::Cow;
    let own = match (layout, layout.split(path)) {
        (Layout::Suffixes(_), Some((l, Cow::Borrowed(rest)))) if l == i18n.default => {
            layout.place(current, rest)
        }
        (Layout::Folders(_), None) => layout.place(current, path),
        _ => return None,
    };
    Some(crate::util::slash_path(&own))
}
