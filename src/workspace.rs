//! Cross-file checks in two phases.
//!
//! 1. During the parallel pass every file contributes a [`PageSummary`]: its place in the tree
//!    (locale, Wiki.js page path), the anchor ids it defines, the links and asset references it
//!    makes with their resolved targets. A summary is plain data (`Send`), computed from the
//!    [`Document`] once; the document is dropped afterwards.
//! 2. Workspace rules then run sequentially over the summaries alone, through a
//!    [`WorkspaceContext`] (pages by key, counterparts in other locales, the assets listing, each
//!    translation paired with its source page: [`WorkspaceContext::translation_pairs`]), into
//!    the same [`Sink`](crate::rules::Sink) as the file rules.
//!
//! Extending the summary: add a field to [`PageSummary`] and compute it in
//! [`PageSummary::new`]; a workspace rule reads it through `ctx.pages` / `ctx.counterpart`.
//! Pages that a checked page depends on but that were not checked themselves (link targets,
//! counterparts in other locales) are summarised too, with `checked == false`: rules may read
//! them, but findings on them are dropped.
//!
//! A check compares each translation with its source page while both are read (they are read
//! in one worker), runs the translation rules on the pair there, and keeps of both pages'
//! translation units only their outline: [`PageSummary::compared_with`] tells
//! [`WorkspaceContext::translation_pairs`] to leave the pair out.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::document::{Dialect, Document, LinkKind};
use crate::loader::AssetIndex;
use crate::wikijs;
use crate::wikijs::link::LinkKind as WikiLink;
use crate::wikijs::slug::{SlugCounter, SlugStyle, Slugify, TabIds};

/// Where a page lives on the wiki: its locale and Wiki.js page path (`move-server`, `guides/tips`).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct PageKey {
    /// The locale folder, or the source locale (the wiki's primary one) for files outside a
    /// locale folder.
    pub locale: String,
    pub path: String,
}

impl PageKey {
    /// How a link to the page is written on the wiki: `/da/move-server`.
    pub fn wiki_href(&self) -> String {
        format!("/{}/{}", self.locale, self.path)
    }
}

impl std::fmt::Display for PageKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.wiki_href())
    }
}

/// An element id a page defines, as a link's `#fragment` would find it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Anchor {
    pub id: String,
    pub origin: AnchorOrigin,
    /// The heading's text, for headings (to explain slugs in help texts).
    pub text: Option<String>,
    /// Where the id is defined.
    pub range: Range<usize>,
    /// Why the id is not on the published page, when it is not: links to it break.
    pub removed: Option<Removal>,
    /// An empty HTML element beside a heading that has the same id ([`marks_heading`]): it
    /// marks the heading's place, and is no duplicate of it (GL209).
    pub beside_heading: bool,
}

/// Why an id written on a page is missing from the published page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Removal {
    /// Wiki.js's sanitizer removes ids that are DOM property names (`docs/wikijs.md#sanitizer`).
    Sanitizer,
    /// A `{.tabset}` heading and its tab headings become the tab widget: the headings, and
    /// their ids, are gone.
    Tabset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AnchorOrigin {
    /// A heading's slug in the page's dialect.
    Heading,
    /// An explicit `{#id}` on a heading or block.
    Explicit,
    /// An HTML `id=` / `<a name=>` attribute.
    Html,
    /// A footnote's or a footnote reference's id, as the dialect's footnotes extension gives
    /// it (`fn1`, `fnref1`, `fnref1:1` on Wiki.js; `fn:note`, `fnref:note`, `fnref2:note` on
    /// MkDocs).
    Footnote,
    /// A MkDocs content tab's (pymdownx.tabbed).
    Tab,
}

/// Where a link points, resolved the way the page's dialect resolves it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// A Markdown file named by a relative link from a MkDocs page that climbs out of the
    /// project's `docs_dir` (`../README.md`, `../api/x.md`). MkDocs publishes only the files
    /// under `docs_dir`, so the link is broken on the site ("not found among documentation
    /// files"). `path` is the link's path as written.
    OutsideDocs { path: String },
    /// A raw HTML link to a Markdown file on a site MkDocs publishes (`<a href="tips.md">`):
    /// MkDocs rewrites Markdown links to the page's address, not raw HTML's, and the site has
    /// no `.md` files, so the link is broken there. `path` is the link's path as written.
    RawMarkdownLink { path: String },
    /// A Markdown file under a MkDocs project's `docs_dir` that its site leaves out, linked
    /// from a page of the site: named by `exclude_docs` (or MkDocs' own `.*` and
    /// `/templates/`), or by `draft_docs` (`draft`), which `mkdocs build` leaves out though
    /// `mkdocs serve` shows it. A link from a draft to a draft works where drafts are shown.
    /// `file` is the file, relative to the guides root.
    NotOnSite { file: String, draft: bool },
    /// `https://...`, `mailto:`, system routes, and anything guide-lint does not validate.
    External,
    /// A web address written without its scheme (`sphinx-doc.org/`, `github.com/mastodon`),
    /// which the browser reads as a path of this site: `host` is the site meant.
    Address { host: String },
}

/// Where a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkRef {
    pub source: RefSource,
    /// The href/src as parsed (entities and escapes resolved).
    pub url: String,
    /// The href/src as written in the file (or the whole link when it cannot be located).
    pub url_range: Range<usize>,
    /// The `#fragment` part as written in the file, when the url has one and it is located.
    pub fragment_range: Option<Range<usize>>,
    pub target: Target,
    /// A link written in a file the page includes (pymdownx.snippets): the file's name as the
    /// include gives it (`` `README.md` ``; a block's names, joined). The link is placed on the
    /// include line, where no fix can edit it. `None` for the page's own links.
    pub included: Option<String>,
}

impl LinkRef {
    /// Whether the link's range holds exactly its URL as parsed (no escapes or entities), so
    /// that a fix can edit it as a whole.
    pub fn url_written_as_parsed(&self) -> bool {
        self.url_range.len() == self.url.len()
    }

    /// " (in the included `README.md`)" for a link of an included file, to end a finding's
    /// message with; nothing for the page's own links.
    pub fn where_written(&self) -> String {
        self.included
            .as_deref()
            .map(|names| format!(" (in the included {names})"))
            .unwrap_or_default()
    }
}

/// What one file contributes to the cross-file phase.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    /// The MkDocs page holds a block that a plugin replaces with generated content
    /// (mkdocstrings' `::: package.module`, mkdocs-click's `::: mkdocs-click`, what a
    /// markdown-exec fence prints), or another file's text that guide-lint cannot include
    /// (pymdownx.snippets' `--8<-- "README.md"` where the file is missing, or the project's
    /// snippets settings are unknown): headings and ids that are not in its text, so no anchor
    /// into it can be told missing. Files it can include are: their anchors are the page's.
    pub generated: bool,
    /// The includes of a MkDocs page (pymdownx.snippets, when the project enables it): each
    /// include line or block with the file names it gives, as written, with their ranges.
    #[serde(default)]
    pub snippets: Vec<crate::document::SnippetNotation>,
    /// When its anchors were read with the files it includes (pymdownx.snippets): a hash of
    /// its text with them included, as [`Includes::included_hash`](crate::snippets::Includes::included_hash)
    /// gives it, to tell when an included file changed.
    #[serde(default)]
    pub included: Option<[u8; 32]>,
    /// The lines of a MkDocs page's highlighted code blocks, where pymdownx.highlight gives
    /// them ids (`#__codelineno-0-3`); empty when it does not.
    #[serde(default)]
    pub code_lines: crate::document::fences::PageCodeLines,
    /// For each id, the index in `anchors` of its first live anchor (or of its first anchor when
    /// every one with that id is removed), sorted by id: looked up by binary search, without a
    /// second copy of every id.
    anchor_index: Vec<u32>,
    /// Links and images that lead inside the wiki (another page, an anchor on this one, an
    /// asset), in source order. Links out of the wiki are left out: no cross-page rule reads
    /// them, and on pages of external links they would be most of the summary's memory.
    pub links: Vec<LinkRef>,
    /// Translation units, for pages of the source and target locales (judged by the language
    /// identifier on translations). A check keeps only their outline
    /// ([`PageUnits::outline`](crate::translation::PageUnits::outline)) once the page's pair is
    /// compared.
    pub translation: Option<crate::translation::PageUnits>,
    /// On a translation: the source page it was compared with while both pages were read (the
    /// pair's findings are made), so the workspace pass does not compare it again
    /// ([`WorkspaceContext::translation_pairs`]) as long as that is still its source page.
    #[serde(skip)]
    pub compared_with: Option<PathBuf>,
}

impl PageSummary {
    /// Summarises a parsed page. `file` says where it lives in the tree.
    pub fn new(doc: &Document, file: &crate::discover::PageFile, config: &Config) -> PageSummary {
        let key = file
            .rel
            .as_deref()
            .and_then(|rel| page_key_in(rel, config, doc.dialect));
        // The page with the files it includes, made once for its anchors and its units.
        let with_includes = IncludedAnchors::included(doc, config);
        let IncludedAnchors {
            anchors,
            code_lines,
            generated,
            included,
        } = IncludedAnchors::of(doc, with_includes.as_ref(), config);
        let anchor_index = anchor_index(&anchors);
        let mut links = links(doc, file, key.as_ref(), config, false);
        if let Some(inc) = with_includes.as_ref() {
            included_links(inc, doc, file, key.as_ref(), config, &mut links);
        }
        let translation = crate::translation::summarize_with(
            doc,
            Some(with_includes.as_ref()),
            file.locale.as_deref(),
            file.rel.as_deref(),
            config,
        );
        // The notation counts where the project may enable pymdownx.snippets (without a
        // `mkdocs.yml`, every MkDocs syntax is taken as enabled); its names are kept where it
        // does, for GL210 to look their files up.
        let notation = if doc.dialect == Dialect::Mkdocs
            && config.mkdocs.as_ref().is_none_or(|p| p.snippets.is_some())
        {
            doc.snippets()
        } else {
            Vec::new()
        };
        let includes = !notation.is_empty();
        let snippets = if config.mkdocs.as_ref().is_some_and(|p| p.snippets.is_some()) {
            notation
        } else {
            Vec::new()
        };
        // Every page's summary is held until the cross-page rules have run: no spare room.
        use crate::translation::units::exact;
        PageSummary {
            path: file.path.clone(),
            rel: file.rel.clone(),
            locale: file.locale.clone(),
            dialect: doc.dialect,
            key,
            checked: true,
            anchors: exact(anchors),
            code_lines,
            generated: generated || (includes && included.is_none()),
            included,
            snippets,
            anchor_index,
            links: exact(links),
            translation,
            compared_with: None,
        }
    }

    /// Reads again what the page takes from the files it includes, as they are now (an
    /// included file changed since the summary was made): its anchors, and the links written in
    /// those files.
    pub fn refresh_included(
        &mut self,
        doc: &Document,
        file: &crate::discover::PageFile,
        config: &Config,
    ) {
        let with_includes = IncludedAnchors::included(doc, config);
        let IncludedAnchors {
            anchors,
            code_lines,
            generated,
            included,
        } = IncludedAnchors::of(doc, with_includes.as_ref(), config);
        self.code_lines = code_lines;
        let includes = !self.snippets.is_empty();
        self.anchor_index = anchor_index(&anchors);
        self.anchors = crate::translation::units::exact(anchors);
        self.generated = generated || (includes && included.is_none());
        self.included = included;
        self.links.retain(|l| l.included.is_none());
        if let Some(inc) = with_includes.as_ref() {
            included_links(inc, doc, file, self.key.as_ref(), config, &mut self.links);
        }
    }

    /// The anchor with this id, preferring one that survives on the rendered page.
    pub fn anchor(&self, id: &str) -> Option<&Anchor> {
        let i = self
            .anchor_index
            .binary_search_by(|&i| self.anchors[i as usize].id.as_str().cmp(id))
            .ok()?;
        Some(&self.anchors[self.anchor_index[i] as usize])
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

/// The page key of a file relative to the guides root, as Wiki.js's git storage imports it
/// (extension removed, every dot deleted, a leading locale folder read as the locale). `None`
/// for files Wiki.js imports as assets. Files outside a locale folder belong to
/// `primary_locale`.
pub fn page_key(rel: &Path, primary_locale: &str) -> Option<PageKey> {
    let rel = rel_string(rel)?;
    let (locale, path, _) = wikijs::path::page_path_from_git_file(&rel)?;
    Some(PageKey {
        locale: locale.unwrap_or_else(|| primary_locale.to_string()),
        path,
    })
}

/// The page key of a file read in `dialect`: [`page_key`], except that a MkDocs `index.md` is
/// its folder's page, as MkDocs serves it and `guide-lint build` publishes it
/// (`setup/index.md` -> `setup`, the root `index.md` -> `home`, Wiki.js's home page). A Wiki.js
/// page keeps its git-storage path (`setup/index`). On a site that writes each page's language
/// before its extension ([`crate::discover::Layout::Suffixes`]), `setup.fr.md` is the French
/// page `setup`, and `setup.md` the same page in the default language.
pub fn page_key_in(rel: &Path, config: &Config, dialect: Dialect) -> Option<PageKey> {
    let layout = crate::discover::Layout::of(config);
    let mut key = match layout.respelled(rel) {
        // The language before the extension, or a folder that spells it otherwise (`pt-BR/`
        // for `pt-br`): the page path of `rest`, read under a locale folder of Wiki.js's
        // shape, and the page's own locale.
        Some((locale, rest)) => {
            let mut key = page_key(&Path::new("xx").join(rest), "xx")?;
            key.locale = locale.to_string();
            key
        }
        // Where each page has a language, a name the layout cannot read (not UTF-8).
        None if matches!(layout, crate::discover::Layout::Suffixes(_)) => return None,
        // A locale folder as Wiki.js reads one (`da/setup.md`), or none.
        None => page_key(rel, &config.file.source_locale)?,
    };
    key.path = served_path(key.path, dialect);
    Some(key)
}

/// A git-storage page path as a page of `dialect` is published: see [`page_key_in`].
pub fn served_path(path: String, dialect: Dialect) -> String {
    if dialect != Dialect::Mkdocs {
        return path;
    }
    if path == "index" {
        return "home".to_string();
    }
    match path.strip_suffix("/index") {
        Some(folder) => folder.to_string(),
        None => path,
    }
}

/// The page key of a file under the guides root: read in its configured dialect, else in
/// `otherwise` (the dialect it was read in, or the linking page's for a link target).
pub fn file_page_key(rel: &Path, config: &Config, otherwise: Dialect) -> Option<PageKey> {
    let dialect = config.dialect_for(rel).unwrap_or(otherwise);
    page_key_in(rel, config, dialect)
}

/// A relative path as a `/`-separated string, when it is UTF-8 (else no Wiki.js page has it).
fn rel_string(rel: &Path) -> Option<String> {
    rel.to_str().map(|_| crate::util::slash_path(rel))
}

/// [`PageSummary::anchor_index`] of `anchors`.
fn anchor_index(anchors: &[Anchor]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..anchors.len())
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    // Stable: anchors with the same id stay in source order.
    order.sort_by(|&a, &b| anchors[a as usize].id.cmp(&anchors[b as usize].id));
    let mut index = Vec::with_capacity(order.len());
    for group in order.chunk_by(|&a, &b| anchors[a as usize].id == anchors[b as usize].id) {
        let live = group
            .iter()
            .find(|&&i| anchors[i as usize].removed.is_none());
        index.push(*live.unwrap_or(&group[0]));
    }
    index
}

/// A page's anchors, read with the files it includes where it includes any.
struct IncludedAnchors {
    anchors: Vec<Anchor>,
    /// The lines of its highlighted code blocks, where they get ids.
    code_lines: crate::document::fences::PageCodeLines,
    /// A block a plugin replaces is on the page, or in a file it includes.
    generated: bool,
    /// The hash of the text with the files included, when the anchors were read from it.
    included: Option<[u8; 32]>,
}

impl IncludedAnchors {
    /// The page with the files it includes, when it is a MkDocs page that includes any.
    fn included<'d>(
        doc: &'d Document,
        config: &Config,
    ) -> Option<crate::translation::Included<'d>> {
        (doc.dialect == Dialect::Mkdocs
            && config.mkdocs.as_ref().is_some_and(|p| p.snippets.is_some()))
        .then(|| crate::translation::Included::of(doc, config))
        .flatten()
    }

    /// A MkDocs page that includes files (pymdownx.snippets) has their headings and ids too,
    /// and its own numbered as they come after them: its anchors are read with them included,
    /// and placed on the page (an included one on the line that includes it).
    fn of(
        doc: &Document,
        included: Option<&crate::translation::Included<'_>>,
        config: &Config,
    ) -> IncludedAnchors {
        let read = included.map_or(doc, |inc| &inc.doc);
        let mut anchors = anchors(read);
        let tabs_unknown = all_tab_anchors(read, config.tab_ids(), &mut anchors);
        let code_lines = fence_anchors(read, config, &mut anchors);
        if let Some(inc) = included {
            for a in &mut anchors {
                a.range = inc.range(&a.range).0;
            }
        }
        IncludedAnchors {
            anchors,
            code_lines,
            // A site's own `toc` slugify: its heading ids are not known.
            generated: doc.dialect == Dialect::Mkdocs
                && (!read.injection_lines().is_empty()
                    || read.has_exec_fence()
                    || tabs_unknown
                    || read.toc.slugify == Slugify::Unknown
                        && read.headings.iter().any(|h| h.explicit_id.is_none())),
            included: included.map(|inc| inc.hash()),
        }
    }
}

/// The links of the text a page includes (pymdownx.snippets), added to `out` (the page's own,
/// in source order) on their include lines and named by the files that hold them: a link that
/// leads nowhere from the page is broken on the built page, where the text is the page's.
fn included_links(
    inc: &crate::translation::Included<'_>,
    page: &Document,
    file: &crate::discover::PageFile,
    key: Option<&PageKey>,
    config: &Config,
    out: &mut Vec<LinkRef>,
) {
    let mut notation: Option<Vec<crate::document::SnippetNotation>> = None;
    let before = out.len();
    for mut l in links(&inc.doc, file, key, config, false) {
        let Some(line) = inc.include_line_of(&l.url_range) else {
            continue;
        };
        let notation = notation.get_or_insert_with(|| page.snippets());
        let names = crate::document::SnippetNotation::names_at(notation, &line);
        l.included = Some(if names.is_empty() {
            "file".to_string()
        } else {
            names.join(", ")
        });
        l.url_range = line;
        l.fragment_range = None;
        out.push(l);
    }
    if out.len() > before {
        out.sort_by_key(|l| l.url_range.start);
    }
}

/// The ids of the anchors a page (read without the files it includes) keeps on the rendered
/// page, sorted: what a link to `#id` on the page itself can reach.
pub fn live_anchor_ids(doc: &Document) -> Vec<String> {
    let mut ids: Vec<String> = anchors(doc)
        .into_iter()
        .filter(|a| a.removed.is_none())
        .map(|a| a.id)
        .collect();
    ids.sort_unstable();
    ids
}

/// The anchors of a MkDocs page's content tabs (read without the files it includes), with
/// the ids the project's tab extensions give them: what a link to `#id` may name besides the
/// page's headings (for the editor's completion).
pub fn tab_anchors_of(doc: &Document, config: &Config) -> Vec<Anchor> {
    if doc.dialect != Dialect::Mkdocs {
        return Vec::new();
    }
    let mut all = anchors(doc);
    let others = all.len();
    all_tab_anchors(doc, config.tab_ids(), &mut all);
    all.split_off(others)
}

/// Adds the anchors of a MkDocs page's content tabs, of each syntax the project enables, to
/// `anchors` (its other anchors). True when some tab's id cannot be known ([`tab_anchors`]).
fn all_tab_anchors(
    doc: &Document,
    ids: crate::config::TabSyntaxIds,
    anchors: &mut Vec<Anchor>,
) -> bool {
    if doc.dialect != Dialect::Mkdocs {
        return false;
    }
    let mut unknown = false;
    if let Some(ids) = ids.tabbed {
        unknown |= tab_anchors(doc, ids, &tabbed_sets(doc), anchors);
    }
    if let Some(ids) = ids.blocks {
        unknown |= tab_anchors(doc, ids, &block_tab_sets(doc), anchors);
    }
    unknown
}

/// Adds the ids pymdownx.superfences gives fenced code blocks (```` ``` { .py #setup } ````)
/// to a MkDocs page's `anchors`, and returns the lines of its highlighted blocks where
/// pymdownx.highlight gives them ids (where the project's settings are not known, none, and
/// whether the page's numbering could be judged at all).
fn fence_anchors(
    doc: &Document,
    config: &Config,
    anchors: &mut Vec<Anchor>,
) -> crate::document::fences::PageCodeLines {
    use crate::config::CodeLineAnchors;
    use crate::document::fences;
    if doc.dialect != Dialect::Mkdocs || !config.enables(crate::mkdocs::Syntax::NestedFences) {
        return fences::PageCodeLines::default();
    }
    let blocks = fences::superfences_blocks(doc);
    for f in &blocks.fences {
        if let (Some(id), Some(range)) = (f.header.id, f.id_range.clone()) {
            anchors.push(Anchor {
                beside_heading: false,
                id: id.to_string(),
                origin: AnchorOrigin::Explicit,
                text: None,
                range,
                removed: None,
            });
        }
    }
    match config.code_line_ids() {
        CodeLineAnchors::None => fences::PageCodeLines::default(),
        CodeLineAnchors::Known(ids) => fences::code_lines(&blocks, ids),
        // The numbering is not judged, only whether the page has code blocks.
        CodeLineAnchors::Unknown => fences::PageCodeLines {
            known: blocks.fences.is_empty() && blocks.all_read,
            blocks: Vec::new(),
        },
    }
}

/// A set of content tabs on a MkDocs page, from either syntax: where it starts, and each tab's
/// title, marker or header line, and content.
struct TabSet {
    start: usize,
    tabs: Vec<(String, Range<usize>, Range<usize>)>,
}

/// The tab sets of pymdownx.tabbed (`=== "Android"`), nested ones included, in the order the
/// extension numbers them.
fn tabbed_sets(doc: &Document) -> Vec<TabSet> {
    crate::document::tabs::all_tab_groups(doc)
        .into_iter()
        .map(|g| TabSet {
            start: g.range.start,
            tabs: g
                .tabs
                .into_iter()
                .map(|t| (t.title, t.line, t.body))
                .collect(),
        })
        .collect()
}

/// The tab sets of pymdownx.blocks.tab (`/// tab | Android`), in the order of their first
/// headers: a tab joins the set of the tab block that closes right before it (blank lines
/// between, at the same indentation), unless it says `new: true`.
fn block_tab_sets(doc: &Document) -> Vec<TabSet> {
    let text = &doc.text;
    let mut sets: Vec<TabSet> = Vec::new();
    // The last tab's indentation and the end of its closing line, per set.
    let mut last: Vec<(usize, usize)> = Vec::new();
    for b in crate::document::pymdown_blocks::blocks(doc)
        .into_iter()
        .filter(|b| b.name == "tab")
    {
        let Some(closing) = doc.lines.line_range(text, b.closing_line) else {
            continue;
        };
        let body = b.header.end.min(closing.start)..closing.start;
        let header_start = doc.lines.line_start_at(b.header.start);
        let new = b.option("new").is_some_and(|v| {
            matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "1")
        });
        let joins = (!new)
            .then(|| {
                last.iter().rposition(|&(indent, end)| {
                    indent == b.indent
                        && end <= header_start
                        && text
                            .get(end..header_start)
                            .is_some_and(|t| t.trim().is_empty())
                })
            })
            .flatten();
        let tab = (b.title.clone().unwrap_or_default(), b.header.clone(), body);
        match joins {
            Some(i) => {
                sets[i].tabs.push(tab);
                last[i].1 = closing.end;
            }
            None => {
                sets.push(TabSet {
                    start: b.header.start,
                    tabs: vec![tab],
                });
                last.push((b.indent, closing.end));
            }
        }
    }
    sets
}

/// Adds the ids a tab extension (pymdownx.tabbed or pymdownx.blocks.tab) gives the page's tab
/// sets to `anchors` (the page's other ids, which the tabs' ids are made unique against, as the
/// extension does after `toc`). True when the tabs' ids cannot be known (a slugify function
/// guide-lint does not know).
fn tab_anchors(doc: &Document, ids: TabIds, sets: &[TabSet], anchors: &mut Vec<Anchor>) -> bool {
    if sets.is_empty() {
        return false;
    }
    let Some(slugs) = ids.slugify else {
        for (n, set) in sets.iter().enumerate() {
            for (i, (title, line, _)) in set.tabs.iter().enumerate() {
                let id = format!("__tabbed_{}_{}", n + 1, i + 1);
                anchors.push(tab_anchor(id, title, line));
            }
        }
        return false;
    };
    if slugs.slugify == Slugify::Unknown {
        return true;
    }
    let mut counter = SlugCounter::new(SlugStyle::MkDocs);
    for a in anchors.iter() {
        counter.reserve(&a.id);
    }
    let mut out = Vec::new();
    for set in sets {
        // `combine_header_slug`: the id of the heading above the set, at its level of nesting
        // (not one inside another tab).
        let header = ids
            .combine_header_slug
            .then(|| {
                doc.headings.iter().rev().find(|h| {
                    h.range.start < set.start
                        && !sets.iter().flat_map(|s| &s.tabs).any(|(_, _, body)| {
                            body.contains(&h.range.start) && !body.contains(&set.start)
                        })
                })
            })
            .flatten();
        for (title, line, _) in &set.tabs {
            // The title as the label shows it: inline code's backticks are no text.
            let plain = title.replace('`', "");
            let text = crate::document::icon::heading_slug_text(Dialect::Mkdocs, &plain);
            let mut slug = slugs.slug(&text).unwrap_or_default();
            if let Some(h) = header.filter(|h| !h.id.is_empty()) {
                slug = format!("{}{}{slug}", h.id, slugs.separator);
            }
            out.push(tab_anchor(counter.unique(slug), title, line));
        }
    }
    anchors.extend(out);
    false
}

fn tab_anchor(id: String, title: &str, line: &Range<usize>) -> Anchor {
    Anchor {
        beside_heading: false,
        id,
        origin: AnchorOrigin::Tab,
        text: Some(title.to_string()),
        range: line.clone(),
        removed: None,
    }
}

fn anchors(doc: &Document) -> Vec<Anchor> {
    let wikijs = doc.dialect == Dialect::Wikijs;
    let mut out = Vec::new();
    let tabs = if wikijs {
        crate::document::tabset_headings(doc)
    } else {
        Vec::new()
    };
    for (i, h) in doc.headings.iter().enumerate() {
        out.push(Anchor {
            beside_heading: false,
            id: h.id.clone(),
            origin: if h.explicit_id.is_some() {
                AnchorOrigin::Explicit
            } else {
                AnchorOrigin::Heading
            },
            text: Some(h.text.clone()),
            range: h.range.clone(),
            removed: if tabs.contains(&i) {
                Some(Removal::Tabset)
            } else {
                sanitized(wikijs, &h.id)
            },
        });
    }
    // `{#id}` at the end of a paragraph or list item, or on its own attribute line.
    for b in &doc.blocks {
        if b.kind == crate::document::BlockKind::Heading {
            continue;
        }
        // A definition list's terms (`` `--retries` { #opt-retries } `` over `:   How often`):
        // attr_list reads a `dt`'s attributes at the end of its line, like a heading's. The
        // parser knows no definition lists: a term is a line of a paragraph that the next
        // line defines.
        if !wikijs && b.kind == crate::document::BlockKind::Paragraph && b.text.contains("\n:") {
            let lines: Vec<&str> = b.text.lines().collect();
            for pair in lines.windows(2) {
                let defines = pair[1]
                    .strip_prefix(':')
                    .is_some_and(|d| d.starts_with([' ', '\t']));
                if let (true, (_, Some(attrs))) =
                    (defines, crate::document::split_trailing_attrs(pair[0]))
                    && let Some(id) = explicit_id(attrs)
                {
                    out.push(Anchor {
                        beside_heading: false,
                        removed: None,
                        id,
                        origin: AnchorOrigin::Explicit,
                        text: None,
                        range: b.range.clone(),
                    });
                }
            }
        }
        let (before, attrs) = crate::document::split_trailing_attrs(&b.text);
        // attr_list gives a block its attributes only from a line of their own at its end
        // (`{ #id }` glued to a paragraph's or list item's last line stays text on the built
        // page); a table cell, like a heading, takes them at the end of its text.
        // markdown-it-attrs takes them at the end of any block.
        let own_line = b.kind == crate::document::BlockKind::TableCell
            || before.is_empty()
            || b.text[before.len()..]
                .trim_start_matches([' ', '\t'])
                .starts_with(['\n', '\r']);
        if !wikijs && !own_line {
            continue;
        }
        if let Some(id) = attrs.and_then(explicit_id) {
            out.push(Anchor {
                beside_heading: false,
                removed: sanitized(wikijs, &id),
                id,
                origin: AnchorOrigin::Explicit,
                text: None,
                range: b.range.clone(),
            });
        }
    }
    // `{#id}` right after an inline element (`^†^{#note}`, `*term*{: #term}`, `[x](y){#z}`):
    // attr_list and markdown-it-attrs give the id to that element.
    for (id, range) in inline_ids(doc) {
        // At the end of a block it is the block's own `{#id}`, already read above.
        if out
            .iter()
            .any(|a: &Anchor| a.origin == AnchorOrigin::Explicit && a.id == id)
        {
            continue;
        }
        out.push(Anchor {
            beside_heading: false,
            removed: sanitized(wikijs, &id),
            id,
            origin: AnchorOrigin::Explicit,
            text: None,
            range,
        });
    }
    for (i, tag) in doc.html.iter().enumerate().filter(|(_, t)| t.is_start()) {
        for attr in &tag.attrs {
            let is_id = attr.name == "id" || (attr.name == "name" && tag.name == "a");
            if !is_id || attr.duplicate || attr.value.is_empty() {
                continue;
            }
            out.push(Anchor {
                beside_heading: marks_heading(doc, i, &attr.value),
                id: attr.value.clone(),
                origin: AnchorOrigin::Html,
                text: None,
                range: attr.value_range.clone().unwrap_or(attr.name_range.clone()),
                removed: sanitized(wikijs, &attr.value),
            });
        }
    }
    for (ix, f) in doc.footnotes.iter().enumerate() {
        for id in footnote_ids(doc.dialect, ix + 1, f) {
            out.push(Anchor {
                beside_heading: false,
                removed: sanitized(wikijs, &id),
                id,
                origin: AnchorOrigin::Footnote,
                text: None,
                range: f.range.clone(),
            });
        }
    }
    out.sort_by_key(|a| a.range.start);
    out
}

/// Whether the start tag `doc.html[i]` is an empty element (`<a id="x"></a>`,
/// `<span id="x"></span>`) alone on its line, right
/// above or below a heading (blank lines between) whose id is `id` too: an anchor kept beside
/// the heading for links made before (pino's and fastify's docs, many READMEs), marking the
/// heading's place as its own id does. It adds no id a link could miss, and is no duplicate
/// to rename (it is still an id the sanitizer may remove, GL207).
fn marks_heading(doc: &Document, i: usize, id: &str) -> bool {
    let tags = &doc.html;
    let (tag, Some(end)) = (&tags[i], tags.get(i + 1)) else {
        return false;
    };
    let text = doc.text.as_str();
    let blank = |r: Range<usize>| text.get(r).is_some_and(|t| t.trim().is_empty());
    if end.name != tag.name || end.is_start() || !blank(tag.range.end..end.range.start) {
        return false;
    }
    let line_start = doc.lines.line_start_at(tag.range.start);
    let line_end = text[end.range.end..]
        .find('\n')
        .map_or(text.len(), |n| end.range.end + n);
    if !blank(line_start..tag.range.start) || !blank(end.range.end..line_end) {
        return false;
    }
    let next = doc.headings.partition_point(|h| h.range.start < line_end);
    let below = doc
        .headings
        .get(next)
        .filter(|h| blank(line_end..h.range.start));
    let above = next
        .checked_sub(1)
        .and_then(|k| doc.headings.get(k))
        .filter(|h| h.range.end <= line_start && blank(h.range.end..line_start));
    below.into_iter().chain(above).any(|h| h.id == id)
}

/// The ids a referenced footnote (`number`, from 1, in the order of first reference) gives the
/// page: its definition's and each reference's (`docs/wikijs.md#footnotes`, `docs/mkdocs.md`).
/// - Wiki.js (markdown-it-footnote 3): `fn1` for the definition, `fnref1` for the first
///   reference, `fnref1:1`, `fnref1:2` for the next ones.
/// - MkDocs (Python-Markdown's footnotes, its default `:` separator): `fn:note` for the
///   definition of `[^note]`, `fnref:note` for the first reference, `fnref2:note`,
///   `fnref3:note` for the next ones.
fn footnote_ids(
    dialect: Dialect,
    number: usize,
    f: &crate::document::Footnote,
) -> impl Iterator<Item = String> + '_ {
    let refs = f.references.max(1) as usize;
    let wikijs = dialect == Dialect::Wikijs;
    let definition = if wikijs {
        format!("fn{number}")
    } else {
        format!("fn:{}", f.name)
    };
    std::iter::once(definition).chain((1..=refs).map(move |k| match (wikijs, k) {
        (true, 1) => format!("fnref{number}"),
        (true, k) => format!("fnref{number}:{}", k - 1),
        (false, 1) => format!("fnref:{}", f.name),
        (false, k) => format!("fnref{k}:{}", f.name),
    }))
}

/// `{#id ...}` blocks that follow an inline element directly (its closing `*`, `_`, `^`, `~`,
/// `=`, `` ` ``, `)` or `>`), outside code: the id and the block's range. Backslash escapes in
/// the id are resolved (`{#\_fn_1}` is `_fn_1`).
fn inline_ids(doc: &Document) -> Vec<(String, Range<usize>)> {
    static INLINE_ID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[*_^~=`)>]\{:?[ \t]*((?:[.#][^\s{}]+|[\w-]+=\S+)[ \t]*)*\}")
            .expect("valid regex")
    });
    let text = doc.text.as_str();
    // Every match is a `{` after one of those characters, outside code: a page without one
    // (nearly every page) is not searched with the regex (nor is the regex built).
    let bytes = text.as_bytes();
    let opens = memchr::memchr_iter(b'{', bytes)
        .any(|i| i > 0 && b"*_^~=`)>".contains(&bytes[i - 1]) && !doc.in_code(i));
    if !opens {
        return Vec::new();
    }
    let mut out = Vec::new();
    for m in INLINE_ID.find_iter(text) {
        let start = m.start() + 1;
        if doc.in_code(start) {
            continue;
        }
        let inner = &text[start + 1..m.end() - 1];
        if let Some(id) = explicit_id(inner.trim_start_matches(':')) {
            out.push((id.replace('\\', ""), start..m.end()));
        }
    }
    out
}

fn sanitized(wikijs: bool, id: &str) -> Option<Removal> {
    (wikijs && wikijs::dom::is_dom_clobbering_id(id)).then_some(Removal::Sanitizer)
}

/// The id of an attribute block's content (`#id .class`, `: #id`, `id="id"`).
pub fn explicit_id(attrs: &str) -> Option<String> {
    crate::document::attr_list_id(attrs)
}

/// The links and images of a parsed page with their resolved targets, as its [`PageSummary`]
/// holds them, without the rest of the summary (the language server's dependency index).
pub fn link_refs(
    doc: &Document,
    file: &crate::discover::PageFile,
    config: &Config,
) -> Vec<LinkRef> {
    let key = file
        .rel
        .as_deref()
        .and_then(|rel| page_key_in(rel, config, doc.dialect));
    links(doc, file, key.as_ref(), config, true)
}

/// The page's links and images with their targets; those leading out of the wiki only when
/// `external`.
/// The lists the all-contributors bot writes into a README, between
/// `<!-- ALL-CONTRIBUTORS-LIST:START` and `<!-- ALL-CONTRIBUTORS-LIST:END`: each contribution's
/// emoji links to `#<type>-<login>` (`#financial-justb4`), an anchor no page defines, on GitHub
/// as on MkDocs and Wiki.js. The bot rewrites the list whole ("Do not remove or modify this
/// section"), so such a link is not reported as broken.
fn all_contributors_lists(text: &str) -> Vec<Range<usize>> {
    const START: &str = "<!-- ALL-CONTRIBUTORS-LIST:START";
    const END: &str = "<!-- ALL-CONTRIBUTORS-LIST:END";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(s) = text.get(from..).and_then(|r| r.find(START)) {
        let start = from + s;
        let Some(e) = text[start..].find(END) else {
            break;
        };
        from = start + e + END.len();
        out.push(start..from);
    }
    out
}

fn links(
    doc: &Document,
    file: &crate::discover::PageFile,
    key: Option<&PageKey>,
    config: &Config,
    external: bool,
) -> Vec<LinkRef> {
    let mut out = Vec::with_capacity(doc.links.len());
    let rel = file.rel.as_deref();
    let outside = match (rel, doc.dialect) {
        (None, Dialect::Mkdocs) if !doc.links.is_empty() => Outside::of(&file.path, config),
        _ => None,
    };
    let here = Here {
        dialect: doc.dialect,
        rel,
        key,
        config,
        outside,
        draft: rel.is_some_and(|r| config.site_inclusion(r) == crate::mkdocs::Inclusion::Draft),
    };
    for l in &doc.links {
        let source = match l.kind {
            LinkKind::Inline => RefSource::MarkdownLink,
            LinkKind::Autolink => RefSource::Autolink,
            LinkKind::Image => RefSource::MarkdownImage,
        };
        let url_range = l.url_range.clone().unwrap_or_else(|| l.range.clone());
        out.extend(link_ref(&here, source, &l.url, url_range, doc, external));
    }
    if doc.dialect == Dialect::Wikijs {
        for img in doc.sized_images() {
            if img.is_valid() {
                let range = img.src_range.clone();
                out.extend(link_ref(
                    &here,
                    RefSource::MarkdownImage,
                    &img.src,
                    range,
                    doc,
                    external,
                ));
            }
        }
    }
    let mut contributors: Option<Vec<Range<usize>>> = None;
    for tag in doc.html.iter().filter(|t| t.is_start()) {
        let (source, attr) = match tag.name.as_str() {
            "a" => (RefSource::HtmlLink, "href"),
            "img" => (RefSource::HtmlImage, "src"),
            _ => continue,
        };
        let Some(a) = tag.attr(attr) else { continue };
        if source == RefSource::HtmlLink
            && a.value.starts_with('#')
            && contributors
                .get_or_insert_with(|| all_contributors_lists(&doc.text))
                .iter()
                .any(|r| r.contains(&tag.range.start))
        {
            continue;
        }
        let range = a
            .value_range
            .clone()
            .unwrap_or_else(|| a.name_range.clone());
        out.extend(link_ref(&here, source, &a.value, range, doc, external));
    }
    out.sort_by_key(|l| l.url_range.start);
    out
}

struct Here<'a> {
    dialect: Dialect,
    rel: Option<&'a Path>,
    key: Option<&'a PageKey>,
    config: &'a Config,
    /// For a MkDocs page outside the guides root: where it and the root are.
    outside: Option<Outside>,
    /// The page is a draft of its MkDocs site (`draft_docs`).
    draft: bool,
}

/// A MkDocs page outside the guides root (a repository's README or CONTRIBUTING beside a
/// MkDocs project's `docs_dir`): its folder and the guides root, resolved. A relative link from
/// it to a Markdown file that lands under the guides root (`guide/setup.md`, `docs_dir` being
/// `guide`; `../guide/setup.md` from `examples/README.md`) names that page, as the forge
/// showing the file follows it; its other links are not checked.
struct Outside {
    folder: PathBuf,
    root: PathBuf,
}

impl Outside {
    fn of(path: &Path, config: &Config) -> Option<Outside> {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let root = std::fs::canonicalize(config.guides_root()).ok()?;
        Some(Outside {
            folder: std::fs::canonicalize(folder).ok()?,
            root,
        })
    }

    /// The file a relative link path (percent-decoded) names, relative to the guides root, when
    /// it lies under the root. `..` is read in the text of the path, as a browser reads it;
    /// the folders that exist on the way are then resolved (a `docs_dir` that is a link).
    fn under_root(&self, path: &str) -> Option<PathBuf> {
        let mut abs = self.folder.clone();
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    abs.pop();
                }
                s => abs.push(s),
            }
        }
        crate::fsutil::resolve(&abs)
            .strip_prefix(&self.root)
            .ok()
            .filter(|r| !r.as_os_str().is_empty())
            .map(Path::to_path_buf)
    }
}

/// The link's reference; `None` for a link out of the wiki unless `external`.
fn link_ref(
    here: &Here<'_>,
    source: RefSource,
    url: &str,
    url_range: Range<usize>,
    doc: &Document,
    external: bool,
) -> Option<LinkRef> {
    let raw_html = matches!(source, RefSource::HtmlImage | RefSource::HtmlLink);
    let target = resolve(here, url, source.is_image(), raw_html);
    // `sphinx-doc.org/`, `github.com/mastodon`: meant as the site, read as a path of this one.
    let target = match target {
        Target::External | Target::Asset { .. } if !source.is_image() => {
            match crate::util::schemeless_host(url) {
                Some(host) => Target::Address {
                    host: host.to_string(),
                },
                None => target,
            }
        }
        target => target,
    };
    if !external && target == Target::External {
        return None;
    }
    let written = doc.text.get(url_range.clone()).unwrap_or("");
    // `memchr`: `str::find` on a character costs more to set up than a url is long.
    let fragment_range = memchr::memchr(b'#', written.as_bytes())
        .map(|i| url_range.start + i + 1..url_range.end)
        .filter(|_| written.len() == url_range.len());
    Some(LinkRef {
        source,
        url: url.to_string(),
        url_range,
        fragment_range,
        target,
        included: None,
    })
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

/// Resolves a link the way the page's dialect does.
fn resolve(here: &Here<'_>, url: &str, image: bool, raw_html: bool) -> Target {
    let url = url.trim();
    if let Some(f) = url.strip_prefix('#') {
        return Target::SamePage {
            fragment: decode_fragment(f),
        };
    }
    match here.dialect {
        Dialect::Mkdocs => resolve_mkdocs(here, url, image, raw_html),
        Dialect::Wikijs => resolve_wikijs(here, url, image),
    }
}

/// The fragment of a URL, percent-decoded (`None` when there is none).
fn fragment_of(url: &str) -> Option<String> {
    url.split_once('#').map(|(_, f)| decode_fragment(f))
}

/// The path part of a URL (before `?` and `#`).
fn path_of(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
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

fn rel_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// A page file named by a relative link (`tips.md`, `../da/x.md`) from the page at `rel`.
fn page_file_target(here: &Here<'_>, rel: &str, path: &str, fragment: Option<String>) -> Target {
    let path = decode_fragment(path);
    let joined = match path.strip_prefix('/') {
        Some(abs) => Some(abs.to_string()),
        None => join_relative(rel_dir(rel), &path),
    };
    let Some(joined) = joined else {
        return Target::External;
    };
    file_target(here, PathBuf::from(&joined), fragment)
}

/// The page file `file` (relative to the guides root), named as a file by a link.
fn file_target(here: &Here<'_>, file: PathBuf, fragment: Option<String>) -> Target {
    use crate::mkdocs::Inclusion;
    if here.dialect == Dialect::Mkdocs {
        let on_site = here.rel.is_some();
        match here.config.site_inclusion(&file) {
            // A file beside `docs_dir` (a README the forge shows) links to it as the forge
            // shows it.
            Inclusion::Excluded if !on_site => return Target::External,
            // A file that is not there is missing, excluded or not (as MkDocs says).
            Inclusion::Excluded if !here.config.guides_root().join(&file).is_file() => {}
            Inclusion::Excluded => {
                return Target::NotOnSite {
                    file: crate::util::slash_path(&file),
                    draft: false,
                };
            }
            Inclusion::Draft if on_site && !here.draft => {
                return Target::NotOnSite {
                    file: crate::util::slash_path(&file),
                    draft: true,
                };
            }
            _ => {}
        }
    }
    match file_page_key(&file, here.config, here.dialect) {
        Some(key) => Target::Page {
            key: localised(here, &file, key),
            fragment,
            written_as_file: true,
            file: Some(file),
        },
        None => Target::External,
    }
}

/// The page a link to `file` (the page `key`) goes to from the page `here`. On a site that writes
/// each page's language before its extension ([`crate::discover::Layout::Suffixes`]),
/// mkdocs-static-i18n serves a link from a French page to `setup.md` (a file in the default
/// language) as the French `setup.fr.md`, or with `fallback_to_default` the default language's
/// page under the French site: it is a link to the French page. A link naming its language
/// (`setup.en.md`) goes to that language's page.
fn localised(here: &Here<'_>, file: &Path, key: PageKey) -> PageKey {
    let layout = crate::discover::Layout::of(here.config);
    match here.key {
        Some(own) if layout.localised(&own.locale, file).is_some() => PageKey {
            locale: own.locale.clone(),
            path: key.path,
        },
        _ => key,
    }
}

/// MkDocs: pages are linked by relative file path (`tips.md`, `../en/x.md#y`); other links are
/// files next to the docs or URLs outside guide-lint's view.
fn resolve_mkdocs(here: &Here<'_>, url: &str, image: bool, raw_html: bool) -> Target {
    let Some(rel) = here.rel.and_then(rel_string) else {
        return match &here.outside {
            Some(outside) if !image => resolve_outside(here, outside, url),
            _ => Target::External,
        };
    };
    let path = path_of(url);
    if path.starts_with('/') && !path.starts_with("//") && (image || path.contains('.')) {
        return asset_target(here, path);
    }
    if here.config.mkdocs_site_file(path, image) {
        if raw_html && let Some(base) = served_folder(here.config, &rel) {
            // MkDocs rewrites the URLs of Markdown links and images, not raw HTML's: the
            // browser resolves those from the page's address (`setup/tips/` for
            // `setup/tips.md`, with directory URLs).
            return match join_relative(&base, path) {
                Some(s) if !s.is_empty() => Target::Asset {
                    served: decode_fragment(&s),
                },
                _ => Target::External,
            };
        }
        // A file beside the docs (`../examples/app.yml`, `../LICENSE.txt`): MkDocs publishes
        // only what is in `docs_dir`, so the link is broken on the site, as for a page there.
        if !image
            && here.config.guides_root_is_docs_dir()
            && join_relative(rel_dir(&rel), path).is_none()
        {
            return Target::OutsideDocs {
                path: path.to_string(),
            };
        }
        return asset_target(here, path);
    }
    if image {
        return Target::External;
    }
    // `<a href="tips.md">` on a site MkDocs publishes: MkDocs rewrites Markdown links to a
    // page's address, not raw HTML's, and serves no `.md` file.
    if raw_html
        && here.config.is_mkdocs_only()
        && wikijs::link::mkdocs_markdown_file_link(url).is_some()
    {
        return Target::RawMarkdownLink {
            path: path.to_string(),
        };
    }
    match wikijs::link::mkdocs_page_link_target(url, &rel) {
        // `setup.md/` is `setup.md` (MkDocs normalises the path).
        Some((_, fragment)) => page_file_target(here, &rel, path.trim_end_matches('/'), fragment),
        None if leaves_root(url, &rel) && here.config.guides_root_is_docs_dir() => {
            Target::OutsideDocs {
                path: path.to_string(),
            }
        }
        None => folder_link(here, &rel, url).unwrap_or(Target::External),
    }
}

/// The folder a MkDocs page with directory URLs is served as, relative to the site's root,
/// when that is not the folder of its file: `setup/tips.md` is served at `setup/tips/`, so the
/// browser resolves a relative URL from there. `None` for an index page (`setup/index.md`,
/// `README.md`), served at its folder, and without directory URLs.
pub fn served_folder(config: &Config, rel: &str) -> Option<String> {
    if !config.mkdocs.as_ref().is_some_and(|p| p.use_directory_urls) {
        return None;
    }
    let page = rel.strip_suffix(".md")?;
    let stem = page.rsplit('/').next().unwrap_or(page);
    (!matches!(stem, "index" | "README")).then(|| page.to_string())
}

/// Whether `url`, a relative link to a Markdown file on the page at `rel` (relative to the
/// guides root), climbs above the guides root (`../README.md` from `index.md`).
fn leaves_root(url: &str, rel: &str) -> bool {
    // A name that is all extension (`../.md`) is no Markdown file to MkDocs.
    wikijs::link::mkdocs_markdown_file_link(url).is_some_and(|(path, _)| {
        !path.rsplit('/').next().unwrap_or("").starts_with('.')
            && join_relative(rel_dir(rel), &path).is_none()
    })
}

/// A link to a Markdown file from a MkDocs page outside the guides root ([`Outside`]). Only
/// the page is checked, not the fragment: the forge that shows such a page (GitHub) gives
/// headings ids of its own (`#usage-1`, `#über-uns`), which are not MkDocs' ids.
fn resolve_outside(here: &Here<'_>, outside: &Outside, url: &str) -> Target {
    let Some((path, _)) = wikijs::link::mkdocs_markdown_file_link(url) else {
        return Target::External;
    };
    match outside.under_root(&path) {
        Some(file) => file_target(here, file, None),
        None => Target::External,
    }
}

/// A folder link on a MkDocs `index.md` page (`setup/`, `../`, `./#x`): the folder's
/// `index.md`, which MkDocs serves at that URL and `guide-lint build` links the same way. On
/// other pages the browser resolves a folder link against the page's own URL (`faq/` with
/// directory URLs), not its file, so guide-lint leaves it alone.
fn folder_link(here: &Here<'_>, rel: &str, url: &str) -> Option<Target> {
    let path = path_of(url);
    let is_index = rel.rsplit('/').next() == Some("index.md");
    let folder = path.is_empty() || path.ends_with('/') || path == "." || path == "..";
    if !is_index
        || !folder
        || path.is_empty()
        || path.starts_with('/')
        || path.contains(':')
        || path.contains('.') && !path.split('/').all(|s| matches!(s, "" | "." | ".."))
    {
        return None;
    }
    let index = format!("{}/index.md", path.trim_end_matches('/'));
    match page_file_target(
        here,
        rel,
        &index,
        fragment_of(url).filter(|f| !f.is_empty()),
    ) {
        // Written as a URL, not a file: a folder that holds no page may be served by something
        // else (a plugin's generated pages, static files), which MkDocs does not check.
        Target::Page {
            key,
            fragment,
            file,
            ..
        } => Some(Target::Page {
            key,
            fragment,
            written_as_file: false,
            file,
        }),
        _ => None,
    }
}

/// Wiki.js (`docs/wikijs.md#links`), through [`wikijs::link::classify`] and
/// [`wikijs::link::resolve_page_link`]: asset links (any href with a dot) are served files,
/// except `.md` ones, which name a page the author meant (GL203); page links resolve as
/// children of the current page, with the locale prefix.
fn resolve_wikijs(here: &Here<'_>, url: &str, image: bool) -> Target {
    let kind = wikijs::link::classify(url);
    match kind {
        WikiLink::Asset => {
            let path = path_of(url);
            let last = path.rsplit('/').next().unwrap_or("");
            let relative_page = (path.starts_with("./") || path.starts_with("../"))
                && !last.is_empty()
                && !last.contains('.');
            if !image && relative_page {
                return match here.rel.and_then(rel_string) {
                    Some(rel) => {
                        page_file_target(here, &rel, &format!("{path}.md"), fragment_of(url))
                    }
                    None => Target::External,
                };
            }
            if !image && path.ends_with(".md") {
                return match here.rel.and_then(rel_string) {
                    Some(rel) => page_file_target(here, &rel, path, fragment_of(url)),
                    // Outside the guides tree the page cannot be resolved, but the link is
                    // still written as a file (GL203).
                    None => Target::Page {
                        key: PageKey {
                            locale: here.config.file.source_locale.clone(),
                            path: path.trim_end_matches(".md").to_string(),
                        },
                        fragment: fragment_of(url),
                        written_as_file: true,
                        file: None,
                    },
                };
            }
            asset_target(here, path)
        }
        WikiLink::Page if image => asset_target(here, path_of(url)),
        WikiLink::Page => {
            let Some(current) = here.key else {
                return Target::External;
            };
            match wikijs::link::resolve_page_link(url, &current.path, &current.locale, true) {
                Some(t) => Target::Page {
                    key: PageKey {
                        locale: t.locale,
                        path: t.path,
                    },
                    fragment: t.fragment,
                    written_as_file: false,
                    file: None,
                },
                None => Target::External,
            }
        }
        _ => Target::External,
    }
}

/// An asset as the browser fetches it: absolute paths as written, relative ones against the
/// page's URL (`/da/move` + `img/a.png` = `/da/img/a.png`).
fn asset_target(here: &Here<'_>, path: &str) -> Target {
    if path.is_empty() || path.starts_with("//") {
        return Target::External;
    }
    let served = if let Some(abs) = path.strip_prefix('/') {
        join_relative("", abs)
    } else {
        let base = match here.rel.filter(|_| here.config.is_mkdocs_only()) {
            Some(rel) => crate::util::slash_path(rel), // MkDocs: against the page's file
            None => here.key.map(|k| k.wiki_href()).unwrap_or_default(),
        };
        join_relative(rel_dir(base.trim_start_matches('/')), path)
    };
    match served {
        Some(s) if !s.is_empty() => Target::Asset {
            served: decode_fragment(&s),
        },
        _ => Target::External,
    }
}

/// Page key -> index into `pages` (the last page of a key when several have it).
pub fn pages_by_key(pages: &[PageSummary]) -> HashMap<&PageKey, usize> {
    pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.key.as_ref().map(|k| (k, i)))
        .collect()
}

/// Every checked translation page with its source page (the page of its key in the source
/// locale `source`, looked up in `by_key`), both with units: indices into `pages`, in the
/// order of `pages`.
pub fn translation_pair_indices(
    pages: &[PageSummary],
    by_key: &HashMap<&PageKey, usize>,
    source: &str,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| p.checked) {
        let (Some(locale), Some(_), Some(key)) =
            (page.locale.as_deref(), page.translation.as_ref(), &page.key)
        else {
            continue;
        };
        if locale == source {
            continue;
        }
        let other = PageKey {
            locale: source.to_string(),
            path: key.path.clone(),
        };
        let Some(&j) = by_key.get(&other) else {
            continue;
        };
        if pages[j].translation.is_some() {
            out.push((i, j));
        }
    }
    out
}

/// A translation's entry in `translations.lock`.
pub fn lock_entry<'l>(
    lock: Option<&'l crate::translation::Lock>,
    page: &PageSummary,
) -> Option<&'l crate::translation::lock::PageLock> {
    let rel = crate::util::slash_path(page.rel.as_deref().unwrap_or(&page.path));
    lock.and_then(|l| l.pages.get(&rel))
}

/// What comparing the translation `target` with its source page `source` reads: both pages'
/// units (`None` when either has none) and the translation's lock entry.
pub fn to_compare<'p>(
    target: &'p PageSummary,
    source: &'p PageSummary,
    lock: Option<&'p crate::translation::Lock>,
) -> Option<crate::translation::ToCompare<'p>> {
    Some(crate::translation::ToCompare {
        source_units: source.translation.as_ref()?,
        target_units: target.translation.as_ref()?,
        locale: target.locale.as_deref()?,
        lock: lock_entry(lock, target),
    })
}

/// A translation page and its source page, compared (phase 2).
pub struct Pair<'a> {
    pub source: &'a PageSummary,
    pub target: &'a PageSummary,
    pub source_units: &'a crate::translation::PageUnits,
    pub target_units: &'a crate::translation::PageUnits,
    /// The translation's locale.
    pub locale: &'a str,
    pub report: crate::translation::PairReport,
}

impl<'a> Pair<'a> {
    /// The pair of `source` and `target` whose units `compared` read, with the comparison's
    /// `report`.
    pub fn new(
        source: &'a PageSummary,
        target: &'a PageSummary,
        compared: &crate::translation::ToCompare<'a>,
        report: crate::translation::PairReport,
    ) -> Pair<'a> {
        Pair {
            source,
            target,
            source_units: compared.source_units,
            target_units: compared.target_units,
            locale: compared.locale,
            report,
        }
    }

    /// The target page's path relative to the guides root, `/`-separated (the lock's key).
    pub fn target_rel(&self) -> String {
        crate::util::slash_path(self.target.rel.as_deref().unwrap_or(&self.target.path))
    }
    pub fn source_rel(&self) -> String {
        crate::util::slash_path(self.source.rel.as_deref().unwrap_or(&self.source.path))
    }
}

/// What workspace rules see.
pub struct WorkspaceContext<'a> {
    pub config: &'a Config,
    /// Every summarised page, sorted by path; pages with `checked == false` are context only.
    pub pages: &'a [PageSummary],
    /// Page key -> index into `pages`.
    pub by_key: HashMap<&'a PageKey, usize>,
    /// Every file under the guides root that Wiki.js imports as a page (`.md`, `.html`,
    /// `.adoc`), by the page it becomes, as paths relative to the guides root.
    pub existing: &'a BTreeMap<PageKey, Vec<PathBuf>>,
    /// The assets root's files, when an assets root is configured.
    pub assets: Option<&'a AssetIndex>,
    /// The accepted translations (`translations.lock`), when read.
    pub translations_lock: Option<&'a crate::translation::Lock>,
}

/// A page file a translated page links that is not on that page's language's site
/// ([`WorkspaceContext::i18n_off_site`]).
pub struct OffSite {
    /// The page's language's name (`French`).
    pub language: String,
    /// The page's language's version of the linked page, when there is one.
    pub own: Option<PathBuf>,
}

impl<'a> WorkspaceContext<'a> {
    pub fn new(
        config: &'a Config,
        pages: &'a [PageSummary],
        existing: &'a BTreeMap<PageKey, Vec<PathBuf>>,
        assets: Option<&'a AssetIndex>,
    ) -> Self {
        let by_key = pages_by_key(pages);
        Self {
            config,
            pages,
            by_key,
            existing,
            assets,
            translations_lock: None,
        }
    }

    /// Every checked translation page with its source page, compared (in parallel), but for
    /// those already compared with that source page ([`PageSummary::compared_with`]).
    pub fn translation_pairs(&self) -> Vec<Pair<'a>> {
        use crate::translation::compare_all;
        let source = self.config.file.source_locale.as_str();
        let mut pages = Vec::new();
        let mut todo = Vec::new();
        for (i, j) in translation_pair_indices(self.pages, &self.by_key, source) {
            let (page, src): (&'a PageSummary, &'a PageSummary) = (&self.pages[i], &self.pages[j]);
            if page.compared_with.as_deref() == Some(src.path.as_path()) {
                continue;
            }
            let Some(c) = to_compare(page, src, self.translations_lock) else {
                continue;
            };
            pages.push((src, page));
            todo.push(c);
        }
        let reports = compare_all(source, &todo);
        pages
            .into_iter()
            .zip(todo)
            .zip(reports)
            .map(|(((source, target), c), report)| Pair::new(source, target, &c, report))
            .collect()
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

    /// Whether a page exists at `key`: a file in the guides tree, or a page declared in
    /// `known-pages`.
    pub fn exists(&self, key: &PageKey) -> bool {
        self.in_tree(key) || self.config.is_known_page(&key.wiki_href())
    }

    /// Whether a file in the guides tree becomes the page at `key`.
    pub fn in_tree(&self, key: &PageKey) -> bool {
        self.by_key.contains_key(key) || self.existing.contains_key(key)
    }

    /// Whether a MkDocs site translated with mkdocs-static-i18n serves `file` (relative to the
    /// guides root, the site's `docs_dir`), missing itself, from another file to the page
    /// `page`: with the folder structure, the default language's page when the page's language
    /// has none (`fallback_to_default`), or a file outside the language folders (a shared
    /// image); with the suffix structure, the file in the page's language or the default one
    /// (`image.fr.png` for `image.png`). `assets`: a candidate is looked up among the assets'
    /// files, else among the tree's pages.
    pub fn i18n_serves(
        &self,
        page: &PageSummary,
        file: &Path,
        assets: Option<&AssetIndex>,
    ) -> bool {
        let Some(i18n) = self
            .config
            .mkdocs
            .as_ref()
            .and_then(|p| p.i18n.as_ref())
            .filter(|_| self.config.is_mkdocs_only() || self.config.i18n_suffixes().is_some())
        else {
            return false;
        };
        let Some(rel) = page.rel.as_deref() else {
            return false;
        };
        let current = i18n.language_of(rel, page.locale.as_deref());
        i18n.candidates(file, current).iter().any(|c| match assets {
            Some(a) => a.contains(&crate::util::slash_path(c)),
            None => {
                file_page_key(c, self.config, page.dialect).is_some_and(|k| self.has_file(&k, c))
            }
        })
    }

    /// The mkdocs-static-i18n settings of the site, and the language the plugin builds `page`
    /// in; `None` off such a site, or for a page outside the guides root.
    pub fn i18n_language<'p>(
        &self,
        page: &'p PageSummary,
    ) -> Option<(&'a crate::mkdocs::I18n, &'p str)>
    where
        'a: 'p,
    {
        let i18n = self.config.i18n_site()?;
        Some((
            i18n,
            i18n.language_of(page.rel.as_deref()?, page.locale.as_deref()),
        ))
    }

    /// Why the page file `file` (relative to the guides root, the `docs_dir` of a site
    /// translated with mkdocs-static-i18n), which exists, is not what the plugin serves for a
    /// link to it from `page`: the file is another language's, and the page's language's site
    /// builds each page from that language's file, the default language's standing in only
    /// with `fallback_to_default` and only where the language has no file of its own
    /// (`reconfigure_files`, `I18nFiles.get_file_from_path`). With the folder structure and the
    /// fallback, a link to `../en/setup.md` is served by `fr/setup.md`. `None` when the link
    /// works, and for a file that names no language (`setup.md`: the link is the page's
    /// language's, [`crate::discover::Layout::localised`]).
    pub fn i18n_off_site(&self, page: &PageSummary, file: &Path) -> Option<OffSite> {
        use crate::discover::Layout;
        let (i18n, current) = self.i18n_language(page)?;
        let layout = Layout::of(self.config);
        let (lang, rest) = layout.split(file)?;
        let suffixes = matches!(layout, Layout::Suffixes(_));
        if lang == current || suffixes && matches!(rest, std::borrow::Cow::Borrowed(_)) {
            return None;
        }
        let own = layout.place(current, &rest);
        let own_exists =
            file_page_key(&own, self.config, page.dialect).is_some_and(|k| self.has_file(&k, &own));
        if i18n.fallback && lang == i18n.default && (!suffixes || !own_exists) {
            return None;
        }
        Some(OffSite {
            language: crate::translation::language_name(current),
            own: own_exists.then_some(own),
        })
    }

    /// Whether `file` (relative to the guides root) is in the guides tree as the page at
    /// `key`. MkDocs links files: `setup.md` is not `setup/index.md`, though both would be
    /// the page `setup`.
    pub fn has_file(&self, key: &PageKey, file: &Path) -> bool {
        self.existing
            .get(key)
            .is_some_and(|files| files.iter().any(|f| f == file))
            || self
                .by_key
                .get(key)
                .is_some_and(|&i| self.pages[i].rel.as_deref() == Some(file))
    }

    /// The files in the guides tree that are the page at `key`.
    pub fn files_of(&self, key: &PageKey) -> &'a [PathBuf] {
        self.existing.get(key).map_or(&[], Vec::as_slice)
    }

    /// The same page in another locale (`da/x.md` -> `en/x.md`), when summarised.
    pub fn counterpart(&self, page: &PageSummary, locale: &str) -> Option<&'a PageSummary> {
        let key = page.key.as_ref()?;
        self.page(&PageKey {
            locale: locale.to_string(),
            path: key.path.clone(),
        })
    }

    /// The file that would become the page `key`, written like `rest` (a path without its
    /// locale, `setup/index.md`): `<locale>/<rest>` when that file is the page `key` in its
    /// dialect (its configured one, else `otherwise`), else `<locale>/<page path>.md` (a
    /// Wiki.js page of `setup` is `da/setup.md`, not `da/setup/index.md`). With the language
    /// before the extension ([`crate::discover::Layout::Suffixes`]): `setup/index.fr.md`.
    pub fn file_for(&self, key: &PageKey, rest: &Path, otherwise: Dialect) -> String {
        let layout = crate::discover::Layout::of(self.config);
        let like = layout.place(&key.locale, rest);
        if file_page_key(&like, self.config, otherwise).as_ref() == Some(key) {
            return rel_string(&like).unwrap_or_else(|| like.display().to_string());
        }
        let page = layout.place(&key.locale, Path::new(&format!("{}.md", key.path)));
        rel_string(&page).unwrap_or_else(|| page.display().to_string())
    }

    /// Every page key that exists, for suggestions.
    pub fn all_keys(&self) -> impl Iterator<Item = &'a PageKey> + use<'a> {
        let existing = self.existing;
        existing.keys().chain(
            self.pages
                .iter()
                .filter_map(|p| p.key.as_ref())
                .filter(move |k| !existing.contains_key(*k)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_finds_its_first_live_anchor() {
        let doc = Document::parse(
            PathBuf::from("en/x.md"),
            "# Setup\n\n# Setup\n\nText {#setup-1}\n\n# Zeta\n\n# Alpha\n".into(),
            Some(Dialect::Wikijs),
        );
        let file = crate::discover::PageFile {
            path: PathBuf::from("en/x.md"),
            rel: Some(PathBuf::from("en/x.md")),
            locale: Some("en".into()),
            walked_regular: false,
        };
        let config = Config::parse("", Path::new("guide-lint.yml")).unwrap();
        let mut s = PageSummary::new(&doc, &file, &config);
        let ids: Vec<&str> = s.anchors.iter().map(|a| a.id.as_str()).collect();
        // Headings first, then the ids written after blocks.
        assert_eq!(ids, ["setup", "setup-1", "setup-1", "zeta", "alpha"]);
        // Ids in any order of the alphabet are found, each at its first anchor.
        for (id, at) in [("setup", 0), ("setup-1", 1), ("zeta", 3), ("alpha", 4)] {
            assert_eq!(
                s.anchor(id).map(|a| a.range.clone()),
                Some(s.anchors[at].range.clone())
            );
        }
        assert!(s.anchor("missing").is_none());
        assert!(s.anchor("").is_none());
        // The first one removed: the next one with that id that survives is the target; when
        // every one is removed, the first.
        s.anchors[1].removed = Some(Removal::Sanitizer);
        s.anchor_index = anchor_index(&s.anchors);
        assert_eq!(
            s.anchor("setup-1").map(|a| a.range.clone()),
            Some(s.anchors[2].range.clone())
        );
        s.anchors[2].removed = Some(Removal::Tabset);
        s.anchor_index = anchor_index(&s.anchors);
        assert_eq!(
            s.anchor("setup-1").map(|a| a.range.clone()),
            Some(s.anchors[1].range.clone())
        );
    }

    #[test]
    fn block_ids_are_read_where_each_dialect_reads_them() {
        let text = "# T\n\nGlued to the text {#glued}\n\nOn a line of its own.\n{ #own }\n\n\
                    - an item { #item }\n\n| a |\n|---|\n| cell {#cell} |\n\nSee *this*{: #em }.\n";
        let ids = |dialect| -> Vec<String> {
            let doc = Document::parse(PathBuf::from("en/x.md"), text.into(), Some(dialect));
            anchors(&doc).into_iter().map(|a| a.id).collect()
        };
        // attr_list: a paragraph's or list item's attributes on a line of their own only; a
        // table cell's and an inline element's right after them.
        assert_eq!(ids(Dialect::Mkdocs), ["t", "own", "cell", "em"]);
        // A definition term's at the end of its line, as a heading's.
        let text = "# T\n\n`--retries` { #opt-retries }\n:   How often to retry.\n\n`--quiet`\n:   Say less.\n";
        let doc = Document::parse(PathBuf::from("en/x.md"), text.into(), Some(Dialect::Mkdocs));
        let terms: Vec<String> = anchors(&doc).into_iter().map(|a| a.id).collect();
        assert_eq!(terms, ["t", "opt-retries"]);
        // markdown-it-attrs: at the end of any block.
        assert_eq!(
            ids(Dialect::Wikijs),
            ["t", "glued", "own", "item", "cell", "em"]
        );
    }

    #[test]
    fn page_keys_follow_git_storage() {
        let k = page_key(Path::new("da/move-server.md"), "en").unwrap();
        assert_eq!(k.wiki_href(), "/da/move-server");
        let k = page_key(Path::new("en/v1.2/x.md"), "en").unwrap();
        assert_eq!(k.path, "v12/x");
        let k = page_key(Path::new("home.md"), "en").unwrap();
        assert_eq!(k.wiki_href(), "/en/home");
        assert_eq!(page_key(Path::new("da/notes.yml"), "en"), None);
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

    /// The translation findings of a check of `files` (path under the guides root, text), as
    /// (file name, code, message) triples.
    fn translation_findings(files: &[(&str, &str)]) -> Vec<(String, &'static str, String)> {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = "guides: .\nsource-locale: en\ntarget-locales: [da]\n";
        std::fs::write(dir.path().join("guide-lint.yml"), config).expect("write config");
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, text).expect("write page");
        }
        let config =
            Config::load(Some(&dir.path().join("guide-lint.yml")), dir.path()).expect("config");
        let report = crate::check(
            &[config.guides_root()],
            &config,
            &crate::CheckOptions::default(),
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        report
            .findings
            .iter()
            .filter(|f| f.rule.code().starts_with("GL4"))
            .map(|f| {
                let name = f.path.file_name().unwrap_or_default();
                (
                    name.to_string_lossy().into_owned(),
                    f.rule.code(),
                    f.message.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn translations_are_compared_whether_their_source_page_is_read_beside_them_or_not() {
        // The English page is a MkDocs page (an admonition, no header), known only once read:
        // `en/setup/index.md` is then the page `setup`, whose translation `da/setup.md` the
        // check reads apart from it, not as `en/setup.md` beside it. Both pairs are compared
        // the same, and the English page's units are read again for the first.
        let english = "# Setup\n\n!!! note \"Before you start\"\n    Make a backup of the \
            database first.\n\n## Install the server\n\nRun the installer and follow the steps \
            shown on the screen.\n\n## Configure the server\n\nOpen the settings page and \
            choose the options you need.\n";
        let danish = "# Opsætning\n\n## Installer serveren\n\nKør installationsprogrammet og \
            følg trinene, der vises på skærmen.\n";
        let apart =
            translation_findings(&[("en/setup/index.md", english), ("da/setup.md", danish)]);
        let beside = translation_findings(&[("en/setup.md", english), ("da/setup.md", danish)]);
        assert!(
            apart
                .iter()
                .any(|(file, code, _)| file == "setup.md" && *code == "GL404"),
            "{apart:?}"
        );
        assert_eq!(apart, beside);
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(decode_fragment("h-2-%C3%A6bler"), "h-2-æbler");
        assert_eq!(decode_fragment("100%"), "100%");
        assert_eq!(decode_fragment("%zz"), "%zz");
    }
}
