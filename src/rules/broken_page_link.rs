//! GL202 broken-page-link: a link to a guide page that does not exist in the tree.
//!
//! Page links are resolved as the page's dialect resolves them (Wiki.js: absolute, relative as a
//! child of the current page, locale prefix; MkDocs: relative `.md` files) and looked up among
//! every page file under the guides root.

use super::Rule;
use super::suggest::closest;
use crate::document::Dialect;
use crate::workspace::{LinkRef, PageKey, PageSummary, Target, WorkspaceContext, WorkspaceSink};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut WorkspaceSink<'_>) {
    if !sink.wants(Rule::BrokenPageLink) {
        return;
    }
    for page in ctx.pages {
        if !sink.wants_on(Rule::BrokenPageLink, page) || page.key.is_none() {
            continue;
        }
        for link in &page.links {
            let Target::Page {
                key,
                file,
                written_as_file,
                ..
            } = &link.target
            else {
                continue;
            };
            // A file path on a Wiki.js page (`tips.md`) can only mean a file of the guides
            // tree; pages known to exist elsewhere on the wiki satisfy wiki-path links.
            let exists = if page.dialect == Dialect::Wikijs && *written_as_file {
                ctx.in_tree(key)
            } else {
                ctx.exists(key)
            };
            if exists {
                continue;
            }
            report(ctx, sink, page, link, key, file.as_deref());
        }
    }
}

fn report(
    ctx: &WorkspaceContext<'_>,
    sink: &mut WorkspaceSink<'_>,
    page: &PageSummary,
    link: &LinkRef,
    key: &PageKey,
    file: Option<&std::path::Path>,
) {
    let message = match file {
        Some(f) => format!("linked page file `{}` does not exist", f.display()),
        None => format!("linked page `{key}` does not exist"),
    };
    let mut help = Vec::new();
    if ctx.exists(key) {
        // A known wiki page, linked by a file path that is not in the tree.
        let f = sink
            .finding(Rule::BrokenPageLink, page, link.url_range.clone(), message)
            .with_label("no such file in the guides")
            .with_help(format!(
                "the page is on the wiki, not in the guides: link to it as `{key}`"
            ));
        sink.push(f);
        return;
    }
    let relative = !link.url.starts_with('/') && file.is_none();
    if relative {
        help.push(format!(
            "on Wiki.js a relative link is a child of the current page: `{}` resolves to `{key}`; \
             write the full path `/<locale>/<page>`",
            link.url
        ));
    }
    let elsewhere: Vec<&PageKey> = ctx
        .all_keys()
        .filter(|k| k.path == key.path && k.locale != key.locale)
        .collect();
    if let Some(other) = elsewhere.first() {
        help.push(format!(
            "the page exists in `{}` (`{other}`) but has no `{}` version yet",
            other.locale, key.locale
        ));
    } else {
        let same_locale: Vec<&PageKey> =
            ctx.all_keys().filter(|k| k.locale == key.locale).collect();
        let wanted = key.path.rsplit('/').next().unwrap_or(&key.path);
        let names: Vec<String> = same_locale.iter().map(|k| k.path.clone()).collect();
        if let Some(best) = closest(&key.path, names.iter().map(String::as_str)).or_else(|| {
            // Relative links put the page under the current one: compare the last segment.
            closest(wanted, names.iter().map(String::as_str))
        }) {
            help.push(format!(
                "did you mean `{}`?",
                PageKey {
                    locale: key.locale.clone(),
                    path: best.to_string()
                }
            ));
        }
    }
    let mut f = sink
        .finding(Rule::BrokenPageLink, page, link.url_range.clone(), message)
        .with_label("no such page in the guides");
    if !help.is_empty() {
        f = f.with_help(help.join("; "));
    }
    sink.push(f);
}
