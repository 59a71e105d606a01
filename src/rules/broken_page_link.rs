//! GL202 broken-page-link: a link to a guide page that does not exist in the tree.
//!
//! Page links are resolved as the page's dialect resolves them (Wiki.js: absolute, relative as a
//! child of the current page, locale prefix; MkDocs: relative `.md` files) and looked up among
//! every page file under the guides root.

use std::collections::HashMap;

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::util::{Nearness, closest};
use crate::document::Dialect;
use crate::workspace::{LinkRef, PageKey, PageSummary, Target, WorkspaceContext};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::BrokenPageLink,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    let mut suggestions = Suggestions::default();
    for page in ctx.pages {
        // A page outside the guides root has links to check only when it is a MkDocs page
        // (a relative `.md` link into the guides).
        if !sink.wants_on(Rule::BrokenPageLink, page)
            || page.key.is_none() && page.dialect != Dialect::Mkdocs
        {
            continue;
        }
        for link in &page.links {
            if let Target::Address { host } = &link.target {
                let f = super::support::web_address::finding(
                    sink,
                    Rule::BrokenPageLink,
                    page,
                    link,
                    host,
                );
                sink.push_for_link(f, link);
                continue;
            }
            if matches!(
                link.target,
                Target::OutsideDocs { .. }
                    | Target::RawMarkdownLink { .. }
                    | Target::NotOnSite { .. }
            ) {
                report_site_link(ctx, sink, page, link);
                continue;
            }
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
            // MkDocs links files: `setup.md` is not `setup/index.md`, though both are the
            // page `setup`. A page declared in `known-pages` and in no file of the tree
            // satisfies the link.
            let exists = match (page.dialect, *written_as_file, file) {
                (Dialect::Wikijs, true, _) => ctx.in_tree(key),
                (Dialect::Mkdocs, true, Some(file)) => {
                    ctx.has_file(key, file)
                        || (!ctx.in_tree(key) && ctx.exists(key))
                        || ctx.i18n_serves(page, file, None)
                }
                _ => ctx.exists(key),
            };
            // On a translated MkDocs site, the file may be another language's, which the
            // page's language's site does not build.
            if exists
                && page.dialect == Dialect::Mkdocs
                && let Some(file) = file
                && let Some(off) = ctx.i18n_off_site(page, file)
            {
                let language = &off.language;
                let help = match &off.own {
                    Some(own) => format!(
                        "the {language} site builds this page from `{}`: link that file",
                        crate::util::slash_path(own)
                    ),
                    None => format!(
                        "the {language} site has only {language} pages, as `fallback_to_default` \
                         is off: link the page's {language} version, or turn the fallback on"
                    ),
                };
                let f = sink
                    .finding_on(
                        Rule::BrokenPageLink,
                        page,
                        link.url_range.clone(),
                        format!("linked page `{}` is not on the {language} site", link.url),
                    )
                    .with_label("another language's page")
                    .with_help(help);
                sink.push_for_link(f, link);
                continue;
            }
            // A MkDocs folder link (`setup/`) to a folder without a page may name what other
            // tools publish there; MkDocs does not check it either.
            if exists || page.dialect == Dialect::Mkdocs && !*written_as_file {
                continue;
            }
            report(
                ctx,
                sink,
                &mut suggestions,
                page,
                link,
                key,
                file.as_deref(),
            );
        }
    }
}

/// The help that names another page, per missing page: the same broken target is often linked
/// from many pages, and the candidates are indexed once, on the first broken link.
#[derive(Default)]
struct Suggestions<'a> {
    /// Page path -> the keys with that path, in [`WorkspaceContext::all_keys`] order.
    by_path: HashMap<&'a str, Vec<&'a PageKey>>,
    /// Locale -> its page paths, in the same order.
    by_locale: HashMap<&'a str, Vec<&'a str>>,
    indexed: bool,
    help: HashMap<PageKey, Option<String>>,
}

impl<'a> Suggestions<'a> {
    /// "The page exists in another locale" or "did you mean" for a missing page.
    fn help(&mut self, ctx: &WorkspaceContext<'a>, key: &PageKey) -> Option<String> {
        if let Some(h) = self.help.get(key) {
            return h.clone();
        }
        if !self.indexed {
            for k in ctx.all_keys() {
                self.by_path.entry(k.path.as_str()).or_default().push(k);
                self.by_locale
                    .entry(k.locale.as_str())
                    .or_default()
                    .push(k.path.as_str());
            }
            self.indexed = true;
        }
        let elsewhere = self
            .by_path
            .get(key.path.as_str())
            .and_then(|keys| keys.iter().find(|k| k.locale != key.locale));
        let help = if let Some(other) = elsewhere {
            Some(format!(
                "the page exists in `{}` (`{other}`) but has no `{}` version yet",
                other.locale, key.locale
            ))
        } else {
            let names = self
                .by_locale
                .get(key.locale.as_str())
                .map_or(&[][..], Vec::as_slice);
            let wanted = key.path.rsplit('/').next().unwrap_or(&key.path);
            closest(&key.path, names.iter().copied(), Nearness::TARGET)
                .or_else(|| {
                    // Relative links put the page under the current one: compare the last
                    // segment.
                    closest(wanted, names.iter().copied(), Nearness::TARGET)
                })
                .map(|best| {
                    format!(
                        "did you mean `{}`?",
                        PageKey {
                            locale: key.locale.clone(),
                            path: best.to_string()
                        }
                    )
                })
        };
        self.help.insert(key.clone(), help.clone());
        help
    }
}

fn report<'a>(
    ctx: &WorkspaceContext<'a>,
    sink: &mut Sink<'_>,
    suggestions: &mut Suggestions<'a>,
    page: &PageSummary,
    link: &LinkRef,
    key: &PageKey,
    file: Option<&std::path::Path>,
) {
    // A page a plugin adds to the site, with no file of its own (mkdocs-print-site-plugin's
    // `print_page.md`): MkDocs links it as any page.
    if page.dialect == Dialect::Mkdocs
        && let Some(f) = file
        && ctx.config.guides_root_is_docs_dir()
        && ctx
            .config
            .mkdocs
            .as_ref()
            .is_some_and(|p| p.generated_page(&crate::util::slash_path(f)))
    {
        return;
    }
    // Where the language is written before the extension, a French page's link to `setup.md`
    // goes to `setup.fr.md`: the file named may well be there, in the default language, which
    // stands in only with `fallback_to_default`.
    let layout = crate::discover::Layout::of(ctx.config);
    if let Some(f) = file
        && let Some(local) = layout.localised(&key.locale, f)
        && ctx.pages.iter().any(|p| p.rel.as_deref() == Some(f))
    {
        let language = crate::translation::language_name(&key.locale);
        let f = sink
            .finding_on(
                Rule::BrokenPageLink,
                page,
                link.url_range.clone(),
                format!(
                    "linked page `{}` has no {language} version",
                    crate::util::slash_path(f)
                ),
            )
            .with_label(format!("no `{}`", crate::util::slash_path(&local)))
            .with_help(format!(
                "the {language} site has no such page, as `fallback_to_default` is off: translate \
                 the page into `{}`, or turn the fallback on",
                crate::util::slash_path(&local)
            ));
        sink.push_for_link(f, link);
        return;
    }
    let message = match file {
        Some(f) => format!("linked page file `{}` does not exist", f.display()),
        None => format!("linked page `{key}` does not exist"),
    };
    let mut help = Vec::new();
    if page.dialect == Dialect::Mkdocs
        && let Some(other) = ctx.files_of(key).first()
    {
        // Another file is that page: `setup/index.md` for a link to `setup.md`.
        let from = page
            .rel
            .as_deref()
            .and_then(std::path::Path::parent)
            .unwrap_or(std::path::Path::new(""));
        let f = sink
            .finding_on(Rule::BrokenPageLink, page, link.url_range.clone(), message)
            .with_label("no such file in the guides")
            .with_help(format!(
                "MkDocs links files, not pages: this page is the file `{}`, so link to `{}`",
                crate::util::slash_path(other),
                crate::util::relative_path(from, other)
            ));
        sink.push_for_link(f, link);
        return;
    }
    if ctx.exists(key) {
        // A known wiki page, linked by a file path that is not in the tree.
        let f = sink
            .finding_on(Rule::BrokenPageLink, page, link.url_range.clone(), message)
            .with_label("no such file in the guides")
            .with_help(format!(
                "the page is on the wiki, not in the guides: link to it as `{key}`"
            ));
        sink.push_for_link(f, link);
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
    help.extend(suggestions.help(ctx, key));
    if page.dialect == Dialect::Wikijs
        && matches!(
            link.target,
            Target::Page {
                written_as_file: true,
                ..
            }
        )
    {
        help.push(format!(
            "Wiki.js reads a link containing a `.` as a file to download: once the page exists, \
             link to it by its wiki path, `{key}`"
        ));
    }
    let mut f = sink
        .finding_on(Rule::BrokenPageLink, page, link.url_range.clone(), message)
        .with_label("no such page in the guides");
    if !help.is_empty() {
        f = f.with_help(help.join("; "));
    }
    sink.push_for_link(f, link);
}

/// A link that is broken on the site MkDocs builds, though its file may exist: one that leads
/// out of `docs_dir` ([`Target::OutsideDocs`]), a raw HTML link to a Markdown file
/// ([`Target::RawMarkdownLink`]), or a link to a file the site leaves out
/// ([`Target::NotOnSite`]).
fn report_site_link(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>, page: &PageSummary, link: &LinkRef) {
    let docs = crate::util::slash_path(&ctx.config.file.guides);
    let (message, label, help) = match &link.target {
        Target::OutsideDocs { path } => (
            format!("linked file `{path}` leads out of `{docs}`, the MkDocs project's docs_dir"),
            "not on the site",
            format!(
                "MkDocs publishes only the files in `{docs}`, so this link is broken on the \
                 site: link to a page in `{docs}`, or to the file's address on the forge or site \
                 that shows it"
            ),
        ),
        Target::RawMarkdownLink { path } => (
            format!("raw HTML link to the Markdown file `{path}` is broken on the site"),
            "not rewritten by MkDocs",
            "MkDocs turns a Markdown link (`[text](page.md)`) into the page's address, but leaves \
             raw HTML's `href` as written, and the site serves no `.md` file: write a Markdown \
             link, or link to the page's address"
                .to_string(),
        ),
        Target::NotOnSite { file, draft: false } => (
            format!("linked page `{file}` is excluded from the MkDocs site"),
            "not on the site",
            format!(
                "{}: link to a page the site publishes, or stop excluding this one",
                crate::mkdocs::EXCLUDED_HELP
            ),
        ),
        Target::NotOnSite { file, draft: true } => (
            format!("linked page `{file}` is a draft, left out of the built site"),
            "a draft",
            "the project's `draft_docs` names this page: `mkdocs serve` shows it, but \
             `mkdocs build` leaves it out, so the link is broken on the published site until \
             the page is no longer a draft"
                .to_string(),
        ),
        _ => return,
    };
    let f = sink
        .finding_on(Rule::BrokenPageLink, page, link.url_range.clone(), message)
        .with_label(label)
        .with_help(help);
    sink.push_for_link(f, link);
}
