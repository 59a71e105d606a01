//! GL201 broken-anchor: a `#fragment` that is not an id on the target page.
//!
//! Ids come from the page's summary: heading slugs in the page's dialect (Wiki.js: uslug with
//! `h-` before a leading digit; MkDocs: Python-Markdown's toc slugify), explicit `{#id}`s and
//! HTML `id`/`name` attributes. Runs in the workspace phase so that links into other pages are
//! checked against those pages' ids.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::util::{Nearness, closest, likeliest};
use crate::document::Dialect;
use crate::finding::{Applicability, Edit, Severity};
use crate::wikijs::slug::{TocSlugs, github_slug, mkdocs_slug};
use crate::workspace::{
    Anchor, AnchorOrigin, LinkRef, PageSummary, Removal, Target, WorkspaceContext,
};

pub const RULE: RuleDef = RuleDef {
    id: Rule::BrokenAnchor,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::Workspace(check),
};

pub(crate) fn check(ctx: &WorkspaceContext<'_>, sink: &mut Sink<'_>) {
    for page in ctx.pages {
        if !sink.wants_on(Rule::BrokenAnchor, page) {
            continue;
        }
        for link in &page.links {
            let (target, fragment) = match &link.target {
                // A MkDocs project's file outside its docs_dir (a contributor guide, an example's
                // README) is shown by the forge, which gives headings ids of its own
                // (`#policies--rules`): not MkDocs' slugs, and not to be "fixed" to them.
                Target::SamePage { fragment }
                    if page.rel.is_none()
                        && page.dialect == Dialect::Mkdocs
                        && ctx.config.mkdocs.is_some() =>
                {
                    check_forge_fragment(sink, page, link, fragment);
                    continue;
                }
                Target::SamePage { fragment } => (page, fragment.as_str()),
                Target::Page {
                    key,
                    fragment: Some(fragment),
                    file,
                    ..
                } => match ctx.page(key) {
                    // MkDocs links files: when two files are the page (`setup.md` and
                    // `setup/index.md`, GL313), the anchor is looked up in the one named. (A
                    // link from a French page to `setup.md`, served as `setup.fr.md` where the
                    // language is written before the extension, goes to the French page.)
                    Some(target)
                        if page.dialect == Dialect::Mkdocs
                            && file.as_deref().is_some_and(|f| {
                                target.rel.as_deref() != Some(f)
                                    && crate::workspace::file_page_key(f, ctx.config, page.dialect)
                                        .as_ref()
                                        == Some(key)
                            }) =>
                    {
                        match ctx.pages.iter().find(|p| p.rel == *file) {
                            Some(named) => (named, fragment.as_str()),
                            None => continue, // GL202 reports the file
                        }
                    }
                    Some(target) => (target, fragment.as_str()),
                    // A French page's link to `setup.md` where the French site has no
                    // `setup.fr.md`: with `fallback_to_default`, the English page stands in.
                    None => match file.as_deref().and_then(|f| {
                        ctx.pages
                            .iter()
                            .find(|p| p.rel.as_deref() == Some(f))
                            .filter(|_| ctx.i18n_serves(page, f, None))
                    }) {
                        Some(named) => (named, fragment.as_str()),
                        None => continue, // GL202 reports the page
                    },
                },
                _ => continue,
            };
            let translated = translated_heading(ctx, target, fragment);
            check_fragment(
                sink,
                ctx.config,
                page,
                link,
                target,
                fragment,
                translated,
            );
        }
    }
}

/// Fragments every page has: the empty one and `top` (HTML: scroll to the top).
fn always_valid(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

fn check_fragment(
    sink: &mut Sink<'_>,
    config: &crate::config::Config,
    page: &PageSummary,
    link: &LinkRef,
    target: &PageSummary,
    fragment: &str,
    translated: Option<Translated<'_>>,
) {
    if always_valid(fragment) {
        return;
    }
    let found = target.anchor(fragment);
    if found.is_some_and(|a| a.removed.is_none()) {
        return;
    }
    // Generated documentation (`::: package.module`) brings headings the text does not have.
    if found.is_none() && target.generated {
        return;
    }
    // A code line's id (`#__codelineno-0-3`): the block and the line must exist.
    let line_help = match found {
        None => match code_line(config, target, fragment) {
            Some(Ok(())) => return,
            Some(Err(help)) => Some(help),
            None => None,
        },
        Some(_) => None,
    };
    let line_help_given = line_help.is_some();
    let mkdocs_site = config.is_mkdocs_only();
    let same = std::ptr::eq(page, target);
    let where_ = if same {
        "on this page".to_string()
    } else {
        // A MkDocs site names its pages by file (`glossary.md`), a wiki by path (`/en/glossary`).
        match (&target.key, &target.rel) {
            (_, Some(rel)) if mkdocs_site => format!("in `{}`", crate::util::slash_path(rel)),
            (Some(k), _) => format!("on page `{k}`"),
            (None, _) => format!("in `{}`", target.path.display()),
        }
    };
    let range = link
        .fragment_range
        .clone()
        .unwrap_or(link.url_range.clone());
    let live = target.anchors.iter().filter(|a| a.removed.is_none());
    // The ids the fragment was likely written for: one is suggested, and fixed to; several
    // are listed, and none is picked.
    let likely = likeliest(fragment, live.clone().map(|a| a.id.as_str()), Nearness::TARGET);
    let best = match likely.as_slice() {
        [id] => live.clone().find(|a| a.id == *id),
        _ => None,
    };

    let removal = found.and_then(|a| a.removed);
    let message = match removal {
        Some(Removal::Sanitizer) => {
            format!("anchor `#{fragment}` points at an id Wiki.js's sanitizer removes")
        }
        Some(Removal::Tabset) => {
            format!("anchor `#{fragment}` points at a tabset heading, which has no id on Wiki.js")
        }
        None => format!("anchor `#{fragment}` does not exist {where_}"),
    };
    let explained = found
        .is_none()
        .then(|| {
            translated
                .map(|t| (t.heading, t.explain(fragment)))
                .or_else(|| other_dialect_slug(target, fragment, config.toc()))
        })
        .flatten();
    // What the fix links to: the heading the fragment was written for, else the closest id.
    let best = explained.as_ref().map(|(a, _)| *a).or(best);
    let help = if let Some(help) = line_help {
        help
    } else if removal == Some(Removal::Sanitizer) {
        format!(
            "`{fragment}` is a DOM property name, so Wiki.js drops the id (see GL207); give the \
             target an explicit `{{#id}}` and link to that"
        )
    } else if removal == Some(Removal::Tabset) {
        "Wiki.js turns a `{.tabset}` heading and its tab headings into the tab widget, and the \
         headings with their ids disappear; link to a heading inside the tab, or above the tabset"
            .to_string()
    } else if let Some((_, text)) = explained {
        text
    } else if let Some(a) = best {
        format!("did you mean `#{}`{}?", a.id, describe(a))
    } else if likely.len() > 1 {
        let ids: Vec<String> = likely.iter().take(5).map(|id| format!("`#{id}`")).collect();
        let more = if likely.len() > ids.len() { ", ..." } else { "" };
        format!("did you mean one of {}{more}?", ids.join(", "))
    } else {
        let ids: Vec<String> = live
            .clone()
            .take(5)
            .map(|a| format!("`#{}`", a.id))
            .collect();
        match (ids.len(), live.count()) {
            (0, _) => format!("the {} has no headings or ids to link to", page_word(same)),
            (_, n) => format!(
                "the {}'s ids are {}{}",
                page_word(same),
                ids.join(", "),
                if n > ids.len() { ", ..." } else { "" }
            ),
        }
    };
    let mut f = sink
        .finding_on(Rule::BrokenAnchor, page, range.clone(), message)
        .with_label(if found.is_some() {
            "the id is removed from the published page"
        } else {
            "no heading or element has this id"
        })
        .with_help(help);
    if let (Some(a), Some(r), false) = (best, &link.fragment_range, line_help_given) {
        f = f.with_fix(
            Applicability::Unsafe,
            format!("link to `#{}`", a.id),
            vec![Edit::replace(r.clone(), a.id.clone())],
        );
    }
    sink.push_for_link(f, link);
}

/// Whether `fragment` names a line of one of `target`'s code blocks, as pymdownx.highlight
/// gives them ids ([`crate::document::fences::check_line_id`]); where the project's setting is
/// not known, every fragment of the default ids' shape on a page with code blocks is taken
/// (one without is told it has none).
fn code_line(
    config: &crate::config::Config,
    target: &PageSummary,
    fragment: &str,
) -> Option<Result<(), String>> {
    use crate::config::CodeLineAnchors;
    use crate::document::fences::{FenceSettings, check_line_id};
    match config.code_line_ids() {
        CodeLineAnchors::None => None,
        CodeLineAnchors::Known(ids) => check_line_id(fragment, ids, &target.code_lines),
        CodeLineAnchors::Unknown => {
            let ids = FenceSettings {
                anchors: Some("__codelineno".to_string()),
                spans: Some("__span".to_string()),
                ..FenceSettings::default()
            };
            check_line_id(fragment, &ids, &target.code_lines)
        }
    }
}

/// A same-page anchor on a file GitHub shows (outside a MkDocs project's docs_dir): checked
/// against the ids GitHub gives its headings ([`github_slug`], repeats numbered `-1`, `-2`) and
/// the page's own ids. No fix is offered: which slugs the author wrote for is unknown.
fn check_forge_fragment(sink: &mut Sink<'_>, page: &PageSummary, link: &LinkRef, fragment: &str) {
    if always_valid(fragment) {
        return;
    }
    let mut headings: Vec<&Anchor> = page
        .anchors
        .iter()
        .filter(|a| a.origin == AnchorOrigin::Heading)
        .collect();
    headings.sort_by_key(|a| a.range.start);
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut ids: Vec<String> = Vec::with_capacity(headings.len());
    for h in headings {
        let base = github_slug(h.text.as_deref().unwrap_or(""));
        let n = seen.entry(base.clone()).or_insert(0);
        ids.push(if *n == 0 { base } else { format!("{base}-{n}") });
        *n += 1;
    }
    // MkDocs' ids count too: such a file is often included in a page of the site
    // (`--8<-- "README.md"`), where they are the ids.
    let wanted = fragment.to_lowercase();
    if ids.contains(&wanted)
        || page.anchor(fragment).is_some_and(|a| a.removed.is_none())
    {
        return;
    }
    let range = link
        .fragment_range
        .clone()
        .unwrap_or(link.url_range.clone());
    let mut help = String::from(
        "this file is outside docs_dir, so the forge (GitHub) shows it, and gives its headings \
         ids of its own",
    );
    if let Some(best) = closest(fragment, ids.iter().map(String::as_str), Nearness::TARGET) {
        help.push_str(&format!(": did you mean `#{best}`?"));
    }
    let f = sink
        .finding_on(
            Rule::BrokenAnchor,
            page,
            range,
            format!("anchor `#{fragment}` does not exist on this page"),
        )
        .with_label("no heading or element has this id")
        .with_help(help);
    sink.push_for_link(f, link);
}

fn page_word(same: bool) -> &'static str {
    if same { "page" } else { "target page" }
}

/// The heading of a translated page that a fragment written for its source page's heading
/// stands for: the source page's heading with that id, at the same place among the headings of
/// the translation (which has as many; otherwise which one it became is not told).
struct Translated<'p> {
    heading: &'p Anchor,
    /// The source heading's text and the source language's name.
    source_text: &'p str,
    language: String,
}

impl Translated<'_> {
    fn explain(&self, fragment: &str) -> String {
        format!(
            "`{fragment}` is the id of the {} heading \"{}\"; on this page it is \"{}\", whose \
             id is `{}`",
            self.language,
            self.source_text,
            self.heading.text.as_deref().unwrap_or_default(),
            self.heading.id
        )
    }
}

fn translated_heading<'p>(
    ctx: &WorkspaceContext<'p>,
    target: &'p PageSummary,
    fragment: &str,
) -> Option<Translated<'p>> {
    let source = ctx.config.file.source_locale.as_str();
    if target.locale.as_deref().is_none_or(|l| l == source) || target.anchor(fragment).is_some() {
        return None;
    }
    let original = ctx.counterpart(target, source)?;
    let headings = |p: &'p PageSummary| {
        p.anchors
            .iter()
            .filter(|a| a.text.is_some() && a.origin != AnchorOrigin::Tab)
    };
    if headings(original).count() != headings(target).count() {
        return None;
    }
    let at = headings(original).position(|a| a.id == fragment && a.removed.is_none())?;
    let heading = headings(target).nth(at).filter(|a| a.removed.is_none())?;
    Some(Translated {
        heading,
        source_text: headings(original).nth(at)?.text.as_deref()?,
        language: crate::translation::language_name(source),
    })
}

fn describe(a: &Anchor) -> String {
    match &a.text {
        Some(t) if a.origin == AnchorOrigin::Tab => format!(" (content tab \"{t}\")"),
        Some(t) => format!(" (heading \"{t}\")"),
        None => String::new(),
    }
}

/// When the fragment is the MkDocs slug of a heading on a Wiki.js page, say so: the page was
/// converted and its anchor links were not rewritten.
fn other_dialect_slug<'p>(
    target: &'p PageSummary,
    fragment: &str,
    toc: TocSlugs,
) -> Option<(&'p Anchor, String)> {
    if target.dialect != Dialect::Wikijs {
        return None;
    }
    let h = target.anchors.iter().find(|a| {
        a.removed.is_none()
            && a.text
                .as_deref()
                .is_some_and(|t| {
                    // As the MkDocs page shows the heading: its emoji and icons are images,
                    // left out of the id.
                    let text = crate::document::icon::heading_slug_text(Dialect::Mkdocs, t);
                    toc.slug(&text).unwrap_or_else(|| mkdocs_slug(&text)) == fragment
                })
    })?;
    let text = format!(
        "`{fragment}` is the MkDocs id of the heading \"{}\"; Wiki.js gives it the id `{}`",
        h.text.as_deref().unwrap_or(""),
        h.id
    );
    Some((h, text))
}
