//! Cross-file checks in two phases.
//!
//! 1. During the parallel pass every file contributes a [`PageSummary`]: its place in the tree
//!    (locale, Wiki.js page path), the anchor ids it defines, the links and asset references it
//!    makes with their resolved targets. A summary is plain data (`Send`), computed from the
//!    [`Document`] once; the document is dropped afterwards.
//! 2. Workspace rules then run sequentially over the summaries alone, through a
//!    [`WorkspaceContext`] (pages by key, counterparts in other locales, the assets listing) and a
//!    [`WorkspaceSink`] that filters findings exactly like the per-file [`Sink`](crate::rules::Sink)
//!    (rule enabled, rule's dialect = the page's dialect, severity from the rule set).
//!
//! Extending the summary: add a field to [`PageSummary`] and compute it in
//! [`PageSummary::new`]; a workspace rule reads it through `ctx.pages` / `ctx.counterpart`.
//! Pages that a checked page depends on but that were not checked themselves (link targets,
//! counterparts in other locales) are summarised too, with `checked == false`: rules may read
//! them, but findings on them are dropped.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::document::{Dialect, Document, LinkKind};
use crate::finding::Finding;
use crate::rules::{Dialects, Rule, RuleSet};

/// Where a page lives on the wiki: its locale and Wiki.js page path (`move-server`, `guides/tips`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageKey {
    /// `None` for pages without a locale folder (the wiki's primary locale).
    pub locale: Option<String>,
    pub path: String,
}

impl PageKey {
    /// How a link to the page is written on the wiki: `/da/move-server` (or `/move-server`).
    pub fn wiki_href(&self) -> String {
        match &self.locale {
            Some(l) => format!("/{l}/{}", self.path),
            None => format!("/{}", self.path),
        }
    }
}

impl std::fmt::Display for PageKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.wiki_href())
    }
}

/// An element id a page defines, as a link's `#fragment` would find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: String,
    pub origin: AnchorOrigin,
    /// The heading's text, for headings (to explain slugs in help texts).
    pub text: Option<String>,
    /// Where the id is defined.
    pub range: Range<usize>,
    /// Wiki.js's sanitizer removes the id (a DOM property name, WIKIJS.md): links to it break.
    pub removed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorOrigin {
    /// A heading's slug in the page's dialect.
    Heading,
    /// An explicit `{#id}` on a heading or block.
    Explicit,
    /// An HTML `id=` / `<a name=>` attribute.
    Html,
}

/// Where a link points, resolved the way the page's dialect resolves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#fragment` on the same page (the fragment percent-decoded; may be empty).
    SamePage { fragment: String },
    /// A guide page. `written_as_file` when the href names a file (`tips.md`, `../x`), which
    /// Wiki.js treats as an asset link (GL203) even though the author meant the page.
    Page {
        key: PageKey,
        fragment: Option<String>,
        written_as_file: bool,
        /// The file the link names, relative to the guides root, when it names one.
        file: Option<PathBuf>,
    },
    /// An asset served by the wiki at `/<folder>/<file>` (`served` without the leading `/`).
    Asset { served: String },
    /// `https://...`, `mailto:`, system routes, and anything guide-lint does not validate.
    External,
}

/// Where a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefSource {
    MarkdownLink,
    MarkdownImage,
    Autolink,
    /// `<a href>`.
    HtmlLink,
    /// `<img src>`.
    HtmlImage,
}

impl RefSource {
    pub fn is_image(self) -> bool {
        matches!(self, RefSource::MarkdownImage | RefSource::HtmlImage)
    }
}

/// A link or image reference on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub source: RefSource,
    /// The href/src as parsed (entities and escapes resolved).
    pub url: String,
    /// The href/src as written in the file (or the whole link when it cannot be located).
    pub url_range: Range<usize>,
    /// The `#fragment` part as written in the file, when the url has one and it is located.
    pub fragment_range: Option<Range<usize>>,
    pub target: Target,
}

/// What one file contributes to the cross-file phase.
#[derive(Debug, Clone)]
pub struct PageSummary {
    /// The path as shown to the user.
    pub path: PathBuf,
    /// Path relative to the guides root, when under it.
    pub rel: Option<PathBuf>,
    pub locale: Option<String>,
    pub dialect: Dialect,
    /// The page's locale and Wiki.js path, when it is under the guides root.
    pub key: Option<PageKey>,
    /// Whether file rules ran on the page (its findings are reported).
    pub checked: bool,
    /// Every anchor target the page defines, in source order.
    pub anchors: Vec<Anchor>,
    /// Links and images, in source order.
    pub links: Vec<LinkRef>,
    /// Translation units, for pages of the source and target locales (judged by the language
    /// identifier on translations).
    pub translation: Option<crate::translation::PageUnits>,
}

impl PageSummary {
    /// Summarises a parsed page. `file` says where it lives in the tree.
    pub fn new(doc: &Document, file: &crate::discover::PageFile, config: &Config) -> PageSummary {
        let key = file
            .rel
            .as_deref()
            .and_then(|rel| page_key(rel, file.locale.as_deref()));
        let anchors = anchors(doc);
        let links = links(doc, file.rel.as_deref(), key.as_ref(), config);
        let translation = crate::translation::summarize(doc, file.locale.as_deref(), config);
        PageSummary {
            path: file.path.clone(),
            rel: file.rel.clone(),
            locale: file.locale.clone(),
            dialect: doc.dialect,
            key,
            checked: true,
            anchors,
            links,
            translation,
        }
    }

    /// The anchor with this id that survives on the rendered page, if any.
    pub fn anchor(&self, id: &str) -> Option<&Anchor> {
        self.anchors.iter().find(|a| a.id == id)
    }

    /// Files this page depends on for cross-file checks (link targets), relative to the guides
    /// root.
    pub fn dependencies(&self) -> impl Iterator<Item = &Path> {
        self.links.iter().filter_map(|l| match &l.target {
            Target::Page {
                file: Some(file), ..
            } => Some(file.as_path()),
            _ => None,
        })
    }
}

/// The page key of a file relative to the guides root: the locale folder, then the path with
/// the extension removed and every dot deleted, as Wiki.js's git storage imports it.
pub fn page_key(rel: &Path, locale: Option<&str>) -> Option<PageKey> {
    let mut parts: Vec<String> = Vec::new();
    for c in rel.components() {
        parts.push(c.as_os_str().to_str()?.to_string());
    }
    if locale.is_some() && !parts.is_empty() {
        parts.remove(0);
    }
    let last = parts.pop()?;
    let stem = match last.rfind('.') {
        Some(i) if i > 0 => &last[..i],
        _ => last.as_str(),
    };
    parts.push(stem.to_string());
    let path = parts.join("/").replace('.', "");
    Some(PageKey {
        locale: locale.map(str::to_string),
        path,
    })
}

fn anchors(doc: &Document) -> Vec<Anchor> {
    let wikijs = doc.dialect == Dialect::Wikijs;
    let mut out = Vec::new();
    for h in &doc.headings {
        out.push(Anchor {
            id: h.id.clone(),
            origin: if h.explicit_id.is_some() {
                AnchorOrigin::Explicit
            } else {
                AnchorOrigin::Heading
            },
            text: Some(h.text.clone()),
            range: h.range.clone(),
            removed: wikijs && is_clobbering_id(&h.id),
        });
    }
    // `{#id}` at the end of a paragraph or list item, or on its own attribute line.
    for b in &doc.blocks {
        if b.kind == crate::document::BlockKind::Heading {
            continue;
        }
        let (_, attrs) = crate::document::split_trailing_attrs(&b.text);
        if let Some(id) = attrs.and_then(explicit_id) {
            out.push(Anchor {
                removed: wikijs && is_clobbering_id(&id),
                id,
                origin: AnchorOrigin::Explicit,
                text: None,
                range: b.range.clone(),
            });
        }
    }
    for tag in doc.html.iter().filter(|t| t.is_start()) {
        for attr in &tag.attrs {
            let is_id = attr.name == "id" || (attr.name == "name" && tag.name == "a");
            if !is_id || attr.duplicate || attr.value.is_empty() {
                continue;
            }
            out.push(Anchor {
                id: attr.value.clone(),
                origin: AnchorOrigin::Html,
                text: None,
                range: tag.range.clone(),
                removed: wikijs && is_clobbering_id(&attr.value),
            });
        }
    }
    out.sort_by_key(|a| a.range.start);
    out
}

/// The `#id` of an attribute block's content (`#id .class` / `: #id`).
pub fn explicit_id(attrs: &str) -> Option<String> {
    attrs
        .split_whitespace()
        .find_map(|w| w.strip_prefix('#'))
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

fn links(
    doc: &Document,
    rel: Option<&Path>,
    key: Option<&PageKey>,
    config: &Config,
) -> Vec<LinkRef> {
    let mut out = Vec::new();
    let here = Here {
        dialect: doc.dialect,
        rel,
        key,
        config,
    };
    for l in &doc.links {
        let source = match l.kind {
            LinkKind::Inline => RefSource::MarkdownLink,
            LinkKind::Autolink => RefSource::Autolink,
            LinkKind::Image => RefSource::MarkdownImage,
        };
        let url_range = l.url_range.clone().unwrap_or_else(|| l.range.clone());
        out.push(link_ref(&here, source, &l.url, url_range, doc));
    }
    for tag in doc.html.iter().filter(|t| t.is_start()) {
        let (source, attr) = match tag.name.as_str() {
            "a" => (RefSource::HtmlLink, "href"),
            "img" => (RefSource::HtmlImage, "src"),
            _ => continue,
        };
        let Some(a) = tag.attr(attr) else { continue };
        let range = a
            .value_range
            .clone()
            .unwrap_or_else(|| a.name_range.clone());
        out.push(link_ref(&here, source, &a.value, range, doc));
    }
    out.sort_by_key(|l| l.url_range.start);
    out
}

struct Here<'a> {
    dialect: Dialect,
    rel: Option<&'a Path>,
    key: Option<&'a PageKey>,
    config: &'a Config,
}

fn link_ref(
    here: &Here<'_>,
    source: RefSource,
    url: &str,
    url_range: Range<usize>,
    doc: &Document,
) -> LinkRef {
    let written = doc.text.get(url_range.clone()).unwrap_or("");
    let fragment_range = written
        .find('#')
        .map(|i| url_range.start + i + 1..url_range.end)
        .filter(|_| written.len() == url_range.len());
    LinkRef {
        source,
        url: url.to_string(),
        url_range,
        fragment_range,
        target: resolve(here, url, source.is_image()),
    }
}

/// Percent-decodes a fragment (browsers match the decoded fragment against ids).
pub fn decode_fragment(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn split_fragment(url: &str) -> (&str, Option<String>) {
    match url.split_once('#') {
        Some((p, f)) => (p, Some(decode_fragment(f))),
        None => (url, None),
    }
}

/// Resolves a link the way the page's dialect does.
fn resolve(here: &Here<'_>, url: &str, image: bool) -> Target {
    let url = url.trim();
    if let Some(f) = url.strip_prefix('#') {
        return Target::SamePage {
            fragment: decode_fragment(f),
        };
    }
    if url.is_empty() || has_scheme(url) || url.starts_with("//") {
        return Target::External;
    }
    let (path_query, fragment) = split_fragment(url);
    let path = path_query.split('?').next().unwrap_or("");
    if path.is_empty() {
        // `?query#frag` on the same page.
        return match fragment {
            Some(fragment) => Target::SamePage { fragment },
            None => Target::External,
        };
    }
    match here.dialect {
        Dialect::Mkdocs => resolve_mkdocs(here, path, fragment, image),
        Dialect::Wikijs => resolve_wikijs(here, path, fragment, image),
    }
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Joins a relative path to a directory (both `/`-separated), resolving `.` and `..`. `None`
/// when `..` climbs above the root.
pub fn join_relative(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn rel_dir(rel: &Path) -> String {
    rel.parent()
        .map(|p| {
            p.components()
                .filter_map(|c| c.as_os_str().to_str())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

fn is_page_file(path: &str) -> bool {
    path.ends_with(".md")
}

/// MkDocs: pages are linked by relative file path (`tips.md`, `../en/x.md#y`); anything else
/// is a file next to the docs (an asset) or a site-absolute URL guide-lint cannot see.
fn resolve_mkdocs(here: &Here<'_>, path: &str, fragment: Option<String>, image: bool) -> Target {
    let path = decode_fragment(path);
    if path.starts_with('/') {
        return Target::External;
    }
    let Some(rel) = here.rel else {
        return Target::External;
    };
    let Some(joined) = join_relative(&rel_dir(rel), &path) else {
        return Target::External;
    };
    if is_page_file(&joined) && !image {
        let file = PathBuf::from(&joined);
        let locale = first_locale(&joined);
        return match page_key(&file, locale.as_deref()) {
            Some(key) => Target::Page {
                key,
                fragment,
                written_as_file: true,
                file: Some(file),
            },
            None => Target::External,
        };
    }
    let _ = here.config;
    Target::External
}

fn first_locale(rel: &str) -> Option<String> {
    let (first, rest) = rel.split_once('/')?;
    (!rest.is_empty() && crate::discover::is_locale(first)).then(|| first.to_string())
}

/// Wiki.js (WIKIJS.md, "Links"): `/x` with a one-letter first segment is a system route; an
/// href containing a dot is an asset link; anything else is a page path, relative ones as a
/// child of the current page, with the page's locale prepended unless the first segment is a
/// locale.
fn resolve_wikijs(here: &Here<'_>, path: &str, fragment: Option<String>, image: bool) -> Target {
    let path = decode_fragment(path);
    let absolute = path.starts_with('/');
    let trimmed = path.trim_start_matches('/');
    let first = trimmed.split('/').next().unwrap_or("");
    if absolute && first.chars().count() == 1 {
        return Target::External; // system route (`/a/...`, `/t/tag`)
    }
    if absolute && (first == "_assets" || first == "graphql" || first == "healthz") {
        return Target::External;
    }
    let has_dot = path.contains('.');
    if has_dot || image {
        // An asset link: Wiki.js never rewrites or checks it. A `.md` target is a page the
        // author meant to link (GL203); other files are assets.
        if is_page_file(&path) && !image {
            return file_style_page(here, &path, fragment);
        }
        if absolute {
            return Target::Asset {
                served: trimmed.to_string(),
            };
        }
        return Target::External;
    }
    let Some(current) = here.key else {
        return Target::External;
    };
    let full = if absolute {
        trimmed.trim_end_matches('/').to_string()
    } else {
        // A relative link is a child of the current page (`home` is the root).
        let base = if current.path == "home" {
            String::new()
        } else {
            current.path.clone()
        };
        match join_relative(&base, &path) {
            Some(p) => p,
            None => return Target::External,
        }
    };
    let (locale, page) = match full.split_once('/') {
        Some((l, rest)) if crate::discover::is_locale(l) => (Some(l.to_string()), rest.to_string()),
        _ if crate::discover::is_locale(&full) => (Some(full.clone()), "home".to_string()),
        _ => (current.locale.clone(), full),
    };
    let page = if page.is_empty() {
        "home".to_string()
    } else {
        page
    };
    Target::Page {
        key: PageKey { locale, path: page },
        fragment,
        written_as_file: !absolute,
        file: None,
    }
}

/// `tips.md` / `../da/x.md` in a Wiki.js page: the page the author meant, resolved like a
/// relative file path from the page's own file.
fn file_style_page(here: &Here<'_>, path: &str, fragment: Option<String>) -> Target {
    let Some(rel) = here.rel else {
        return Target::External;
    };
    let joined = if let Some(abs) = path.strip_prefix('/') {
        Some(abs.to_string())
    } else {
        join_relative(&rel_dir(rel), path)
    };
    let Some(joined) = joined else {
        return Target::External;
    };
    let file = PathBuf::from(&joined);
    let locale = first_locale(&joined).or_else(|| here.key.and_then(|k| k.locale.clone()));
    let key_locale = first_locale(&joined);
    let key = match page_key(&file, key_locale.as_deref()) {
        Some(mut k) => {
            if k.locale.is_none() {
                k.locale = locale;
            }
            k
        }
        None => return Target::External,
    };
    Target::Page {
        key,
        fragment,
        written_as_file: true,
        file: Some(file),
    }
}

/// The files of the assets root, as the wiki serves them (`folder/file.png`).
#[derive(Debug, Clone, Default)]
pub struct AssetIndex {
    /// Served paths (relative to the assets root, `/`-separated).
    pub files: BTreeSet<String>,
    /// Lowercased served path -> served path, to say when only the case differs.
    pub lowercase: HashMap<String, String>,
}

impl AssetIndex {
    /// Lists the files under `root` (respecting `.gitignore`).
    pub fn scan(root: &Path) -> AssetIndex {
        let mut index = AssetIndex::default();
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .require_git(false)
            .build();
        for entry in walker.flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let Some(served) = rel
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect::<Option<Vec<_>>>()
                .map(|v| v.join("/"))
            else {
                continue;
            };
            index
                .lowercase
                .insert(served.to_lowercase(), served.clone());
            index.files.insert(served);
        }
        index
    }

    pub fn contains(&self, served: &str) -> bool {
        self.files.contains(served)
    }
}

/// What workspace rules see.
pub struct WorkspaceContext<'a> {
    pub config: &'a Config,
    pub rules: &'a RuleSet,
    /// Every summarised page, sorted by path; pages with `checked == false` are context only.
    pub pages: &'a [PageSummary],
    /// Page key -> index into `pages`.
    pub by_key: HashMap<&'a PageKey, usize>,
    /// Page keys of every page file under the guides root, summarised or not.
    pub existing: &'a BTreeSet<PageKey>,
    /// The assets root's files, when an assets root is configured.
    pub assets: Option<&'a AssetIndex>,
    /// The accepted translations (`translations.lock`), when read.
    pub translations_lock: Option<&'a crate::translation::Lock>,
}

impl<'a> WorkspaceContext<'a> {
    pub fn new(
        config: &'a Config,
        rules: &'a RuleSet,
        pages: &'a [PageSummary],
        existing: &'a BTreeSet<PageKey>,
        assets: Option<&'a AssetIndex>,
    ) -> Self {
        let by_key = pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.key.as_ref().map(|k| (k, i)))
            .collect();
        Self {
            config,
            rules,
            pages,
            by_key,
            existing,
            assets,
            translations_lock: None,
        }
    }

    /// Adds the accepted translations (GL407).
    pub fn with_translations_lock(mut self, lock: Option<&'a crate::translation::Lock>) -> Self {
        self.translations_lock = lock;
        self
    }

    /// The summary of the page at `key`, when summarised.
    pub fn page(&self, key: &PageKey) -> Option<&'a PageSummary> {
        self.by_key.get(key).map(|&i| &self.pages[i])
    }

    /// Whether a page exists at `key` (summarised or only listed).
    pub fn exists(&self, key: &PageKey) -> bool {
        self.by_key.contains_key(key) || self.existing.contains(key)
    }

    /// The same page in another locale (`da/x.md` -> `en/x.md`), when summarised.
    pub fn counterpart(&self, page: &PageSummary, locale: &str) -> Option<&'a PageSummary> {
        let key = page.key.as_ref()?;
        self.page(&PageKey {
            locale: Some(locale.to_string()),
            path: key.path.clone(),
        })
    }

    /// Every page key that exists, for suggestions.
    pub fn all_keys(&self) -> impl Iterator<Item = &PageKey> {
        self.existing.iter().chain(
            self.pages
                .iter()
                .filter_map(|p| p.key.as_ref())
                .filter(|k| !self.existing.contains(*k)),
        )
    }
}

/// Collects workspace findings; drops those of disabled rules, of rules that do not apply to
/// the page's dialect, and on pages that were not checked.
pub struct WorkspaceSink<'a> {
    rules: &'a RuleSet,
    pages: BTreeMap<&'a Path, (Dialect, bool)>,
    pub findings: Vec<Finding>,
}

impl<'a> WorkspaceSink<'a> {
    pub fn new(ctx: &WorkspaceContext<'a>) -> Self {
        Self {
            rules: ctx.rules,
            pages: ctx
                .pages
                .iter()
                .map(|p| (p.path.as_path(), (p.dialect, p.checked)))
                .collect(),
            findings: Vec::new(),
        }
    }

    /// Whether `rule` is enabled at all (a cheap pre-filter for a whole rule).
    pub fn wants(&self, rule: Rule) -> bool {
        self.rules.is_enabled(rule)
    }

    /// Whether `rule` runs on `page` (enabled, the page's dialect, and the page was checked).
    pub fn wants_on(&self, rule: Rule, page: &PageSummary) -> bool {
        page.checked && self.wants(rule) && applies(rule, page.dialect)
    }

    /// Starts a finding on `page`.
    pub fn finding(
        &self,
        rule: Rule,
        page: &PageSummary,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity: self.rules.severity(rule),
            path: page.path.clone(),
            range,
            message: message.into(),
            label: None,
            help: None,
            fix: None,
            related: Vec::new(),
        }
    }

    pub fn push(&mut self, finding: Finding) {
        let Some(&(dialect, checked)) = self.pages.get(finding.path.as_path()) else {
            return;
        };
        if checked && self.wants(finding.rule) && applies(finding.rule, dialect) {
            self.findings.push(finding);
        }
    }
}

fn applies(rule: Rule, dialect: Dialect) -> bool {
    match rule.dialects() {
        Dialects::All => true,
        Dialects::Only(d) => d == dialect,
    }
}

/// DOM property names DOMPurify refuses as `id`/`name` values (its SANITIZE_DOM check: any
/// name that exists on `document` or on a `<form>` element).
fn is_clobbering_id(id: &str) -> bool {
    const NAMES: &[&str] = &[
        "title", "name", "links", "images", "style", "target", "forms", "body", "head", "domain",
        "cookie", "location", "URL", "action", "method", "elements", "length", "id",
    ];
    NAMES.contains(&id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_follow_git_storage() {
        let k = page_key(Path::new("da/move-server.md"), Some("da")).unwrap();
        assert_eq!(k.wiki_href(), "/da/move-server");
        let k = page_key(Path::new("en/v1.2/x.md"), Some("en")).unwrap();
        assert_eq!(k.path, "v12/x");
        let k = page_key(Path::new("home.md"), None).unwrap();
        assert_eq!(k.wiki_href(), "/home");
    }

    #[test]
    fn relative_joins() {
        assert_eq!(
            join_relative("en", "tips.md").as_deref(),
            Some("en/tips.md")
        );
        assert_eq!(
            join_relative("en/a", "../../da/x.md").as_deref(),
            Some("da/x.md")
        );
        assert_eq!(join_relative("en", "../../x.md"), None);
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(decode_fragment("h-2-%C3%A6bler"), "h-2-æbler");
        assert_eq!(decode_fragment("100%"), "100%");
        assert_eq!(decode_fragment("%zz"), "%zz");
    }
}
