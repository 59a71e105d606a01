//! Translation checks: units, fingerprints, alignment, language identification, the lock file
//! and the status report. See `docs/architecture.md#translation`.
//!
//! Phase 1 (parallel, per file): [`summarize`] extracts a page's [`PageUnits`] and, on a
//! translation, judges each unit's language. Phase 2 (per pair): [`compare::compare`] aligns a
//! translation with its source and classifies its units ([`compare_all`] for the pairs the
//! workspace makes); the GL4xx workspace rules and `guide-lint status` read the result. A
//! check compares a pair as soon as both pages are read, in the worker that read them, and
//! keeps only the outline of their units ([`PageUnits::outline`]).

pub mod align;
pub mod compare;
pub mod fingerprint;
pub mod fnv;
pub mod langid;
pub mod links;
pub mod lock;
mod ngrams;
pub mod status;
pub mod units;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

pub use compare::{PairReport, UnitState, compare};
pub use langid::{LangPair, Verdict};
pub use lock::Lock;
pub use units::{PageUnits, Section, Unit, UnitKind};

use crate::config::Config;
use crate::document::Document;
use crate::error::Error;
use crate::util::slash_path;

type Pairs = HashMap<(String, String), Option<Arc<LangPair>>>;
static PAIRS: OnceLock<Mutex<Pairs>> = OnceLock::new();

/// The language identifier for a pair of locales, built once per process.
pub fn lang_pair(source: &str, target: &str) -> Option<Arc<LangPair>> {
    let map = PAIRS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    // Looked up on every translated page: no allocation once the pair is built.
    if let Some(((_, _), pair)) = map.iter().find(|((s, t), _)| s == source && t == target) {
        return pair.clone();
    }
    let pair = LangPair::new(language(source), language(target)).map(Arc::new);
    map.insert((source.to_string(), target.to_string()), pair.clone());
    pair
}

/// Starts a run (`check`, `fix`, `status`): the identifiers forget the texts they judged in
/// earlier runs, so every run does the same work (memory stays bounded in long-lived processes,
/// and benchmarks measure a run, not a warm memo).
pub fn begin_run() {
    if let Some(map) = PAIRS.get() {
        let map = map.lock().unwrap_or_else(|e| e.into_inner());
        for pair in map.values().flatten() {
            pair.forget();
        }
    }
}

/// The ISO 639-1 language of a locale (`pt-br` -> `pt`).
pub fn language(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

/// A language's English name for messages (`en` -> `English`), or the code.
pub fn language_name(locale: &str) -> String {
    let name = match language(locale) {
        "en" => "English",
        "da" => "Danish",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "nl" => "Dutch",
        "sv" => "Swedish",
        "nb" | "no" => "Norwegian",
        "fi" => "Finnish",
        "pt" => "Portuguese",
        "pl" => "Polish",
        _ => return format!("`{locale}`"),
    };
    name.to_string()
}

/// The units of a page in phase 1: a source page's units, or a translation's units judged by
/// the language identifier. `None` for pages outside the configured locales.
pub fn summarize(
    doc: &Document,
    locale: Option<&str>,
    rel: Option<&Path>,
    config: &Config,
) -> Option<PageUnits> {
    summarize_with(doc, None, locale, rel, config)
}

/// [`summarize`], given the page with its snippets included when that is already made
/// (`Some(None)`: it includes nothing; `None`: not made yet).
pub(crate) fn summarize_with(
    doc: &Document,
    included: Option<Option<&Included<'_>>>,
    locale: Option<&str>,
    rel: Option<&Path>,
    config: &Config,
) -> Option<PageUnits> {
    let locale = locale?;
    let source = config.file.source_locale.as_str();
    if config.file.target_locales.is_empty() {
        return None;
    }
    if locale != source && !config.file.target_locales.iter().any(|l| l == locale) {
        return None;
    }
    let made;
    let included = match included {
        Some(included) => included,
        None => {
            made = Included::of(doc, config);
            made.as_ref()
        }
    };
    let pair = (locale != source)
        .then(|| lang_pair(source, locale))
        .flatten();
    Some(units_with(doc, included, rel, config, pair.as_deref()))
}

/// A MkDocs page with the files it includes (pymdownx.snippets, when the project enables it)
/// included, parsed again, and the way back from the included text to the page: what is found
/// in included text is placed on the line that includes it. A source page's units are read from
/// it, and every page's anchors.
pub(crate) struct Included<'p> {
    page: &'p Document,
    pub(crate) doc: Document,
    head_lines: usize,
    expanded: crate::snippets::Expanded,
}

impl<'p> Included<'p> {
    /// `None` when the page includes nothing, or when its snippets cannot be included (the
    /// page's build stops there and says why; the page is compared as written).
    pub(crate) fn of(page: &'p Document, config: &Config) -> Option<Included<'p>> {
        if page.dialect != crate::document::Dialect::Mkdocs {
            return None;
        }
        let includes = crate::snippets::Includes::of(config)?;
        if !includes.applies(&page.text) {
            return None;
        }
        let head = match &page.front_matter {
            Some(fm) => fm.range.end,
            None if page.text.starts_with('\u{feff}') => 3,
            None => 0,
        };
        let (header, body) = page.text.split_at(head);
        let expanded = includes.expand(body).ok()?;
        if expanded.groups.is_empty() {
            return None;
        }
        let text = format!("{header}{}", expanded.text);
        let doc = Document::from_file_text(&page.path, text, Some(page.dialect), page.toc).ok()?;
        Some(Included {
            page,
            doc,
            head_lines: header.matches('\n').count(),
            expanded,
        })
    }

    /// A hash of the page's body with its snippets included, as
    /// [`Includes::included_hash`](crate::snippets::Includes::included_hash) gives it.
    pub(crate) fn hash(&self) -> [u8; 32] {
        *blake3::hash(self.expanded.text.as_bytes()).as_bytes()
    }

    /// An offset in the included text as an offset in the page: the same place in the page's
    /// own text, or in included text its notation's line (its start, or with `end` its end).
    fn offset(&self, offset: usize, end: bool) -> usize {
        let lc = self.doc.lines.line_col(offset);
        let line = lc.line - 1;
        if line < self.head_lines {
            return offset.min(self.page.text.len());
        }
        let body = line - self.head_lines;
        let inside = self
            .expanded
            .groups
            .iter()
            .any(|g| g.output.contains(&body));
        let back = self.expanded.source_line(body) + self.head_lines + 1;
        let Some(range) = self.page.lines.line_range(&self.page.text, back) else {
            return self.page.text.len();
        };
        let at = match (inside, end) {
            (true, false) => range.start,
            (true, true) => range.end,
            (false, _) => (range.start + lc.column - 1).min(range.end),
        };
        crate::document::line_index::floor_char_boundary(&self.page.text, at)
    }

    /// Where a range of included text is placed on the page: the line that includes it (a
    /// block's first `--8<--` line). `None` for the page's own text and for what `auto_append`
    /// adds to every page.
    pub(crate) fn include_line_of(
        &self,
        r: &std::ops::Range<usize>,
    ) -> Option<std::ops::Range<usize>> {
        let line = self.doc.lines.line_col(r.start).line - 1;
        let body = line.checked_sub(self.head_lines)?;
        // The groups are in the order of their lines.
        let groups = &self.expanded.groups;
        let g = groups
            .partition_point(|g| g.output.start <= body)
            .checked_sub(1)?;
        let group = &groups[g];
        if !group.output.contains(&body) || group.source.is_empty() {
            return None;
        }
        Some(self.range(r).0)
    }

    /// A range in the included text as a range in the page, with its 1-based first and last
    /// lines.
    pub(crate) fn range(
        &self,
        r: &std::ops::Range<usize>,
    ) -> (std::ops::Range<usize>, usize, usize) {
        let start = self.offset(r.start, false);
        let end = self.offset(r.end, true).max(start);
        let line = |o| self.page.lines.line_col(o).line;
        (start..end, line(start), line(end))
    }

    /// Where the `auto_append` files start in the included text, when the project appends
    /// some: every page of the site ends with them.
    fn appended(&self) -> Option<usize> {
        let g = self
            .expanded
            .groups
            .last()
            .filter(|g| g.source.is_empty() && !g.output.is_empty())?;
        let line = self.head_lines + g.output.start + 1;
        self.doc
            .lines
            .line_range(&self.doc.text, line)
            .map(|r| r.start)
    }

    /// Places `units`, read from the included text, on the page.
    fn map_back(&self, units: &mut PageUnits) {
        for u in &mut units.units {
            let (range, line, end_line) = self.range(&u.range);
            u.range = range;
            u.line = u32::try_from(line).unwrap_or(u32::MAX);
            u.end_line = u32::try_from(end_line).unwrap_or(u32::MAX);
            for p in u.source_parts.iter_mut() {
                (p.range, p.first_line, p.last_line) = self.range(&p.range);
            }
        }
        for s in &mut units.sections {
            (s.range, s.line, _) = self.range(&s.range);
        }
        for c in &mut units.code_bodies {
            (c.range, c.line, _) = self.range(&c.range);
        }
        for p in &mut units.placed {
            let line;
            (p.range, line, _) = self.range(&p.range);
            p.line = u32::try_from(line).unwrap_or(u32::MAX);
        }
        units.body_start = self.offset(units.body_start, false);
    }
}

/// A page's units as its site shows it, not judged by the language identifier: a MkDocs page
/// with the files it includes (pymdownx.snippets, when the project enables it), a source page's
/// as its translation translates them with the rest, a translation's as its readers see them.
/// What comes from included text is placed on the line that includes it.
pub fn page_units(doc: &Document, rel: Option<&Path>, config: &Config) -> PageUnits {
    units_with(doc, Included::of(doc, config).as_ref(), rel, config, None)
}

/// A page's units as its site shows it: read from the page with its snippets included
/// (`included`; `None`: it includes nothing), and what comes from included text placed on the
/// line that includes it. A translation includes files as its source page does, and what they
/// hold is translated or not like the rest of it (an English file included by the Danish page
/// shows English on the Danish site). On a translation (`judge`: the language pair), each unit
/// is judged by the language identifier.
fn units_with(
    doc: &Document,
    included: Option<&Included<'_>>,
    rel: Option<&Path>,
    config: &Config,
    judge: Option<&langid::LangPair>,
) -> PageUnits {
    let read = included.map_or(doc, |i| &i.doc);
    let mut units = PageUnits::new(read, rel);
    // What `auto_append` adds to every page is the site's, not the page's: a translation
    // cannot translate it (nor drop it), so neither side of a pair counts it.
    if let Some(at) = included.and_then(Included::appended) {
        units.cut_tail(at);
    }
    units.assets = asset_keys(read, rel, config);
    let boxes = units::callout_boxes(read, config);
    units::callout_fingerprints(&boxes, &mut units.units);
    units::code_block_fingerprints(read, &mut units);
    if read.dialect == crate::document::Dialect::Mkdocs {
        units.callout_classes = callout_classes(&boxes, config);
    }
    if let Some(pair) = judge {
        units.judge(pair, &read.text);
    }
    if let Some(included) = included {
        included.map_back(&mut units);
        units.included = Some(included.hash());
    }
    units
}

/// The callout class each admonition type of a MkDocs page's `boxes` builds to (see
/// [`PageUnits::callout_classes`]), sorted by type.
fn callout_classes(
    boxes: &[(std::ops::Range<usize>, std::borrow::Cow<'_, str>)],
    config: &Config,
) -> Vec<(String, String)> {
    let mut kinds: Vec<&str> = boxes.iter().map(|(_, kind)| kind.as_ref()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| (kind.to_string(), config.callout_class(kind)))
        .collect()
}

/// The asset each image fingerprint of a page names (see [`PageUnits::assets`]): for every image
/// or link to a file (`![](img/x.png)`, `<img src>`, `<source src>`, `[PDF](files/a.pdf)`),
/// its fingerprint's value and what it resolves to on the page `rel` (under the guides root).
/// Empty without `build.assets`, or for a page outside the guides root.
fn asset_keys(doc: &Document, rel: Option<&Path>, config: &Config) -> Vec<(String, String)> {
    use crate::document::LinkKind;
    use fingerprint::{FpKind, image, link};
    let Some(rel) = rel else { return Vec::new() };
    if config.file.build.assets.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut add = |url: &str, fp: Option<fingerprint::Fp>| {
        if let Some(fp) = fp.filter(|f| matches!(f.kind, FpKind::Image | FpKind::File))
            && let Some(id) = asset_identity(url, rel, config)
        {
            out.push((fp.value, id));
        }
    };
    for l in doc.links.iter().filter(|l| l.kind != LinkKind::Autolink) {
        if l.kind == LinkKind::Image {
            add(&l.url, image(&l.url));
        } else {
            add(&l.url, link(&l.url));
        }
    }
    for t in doc.html.iter().filter(|t| t.is_start()) {
        match t.name.as_str() {
            "img" | "source" | "video" | "audio" => {
                if let Some(a) = t.attr("src") {
                    add(&a.value, image(&a.value));
                }
            }
            "a" => {
                if let Some(a) = t.attr("href") {
                    add(&a.value, link(&a.value));
                }
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What an asset URL written on the page `rel` names: the wiki path `build.assets` maps it to
/// (`img/x.png` -> `/guide/x.png`), a wiki path written as one (`/guide/x.png`), or the file
/// it resolves to under the guides root with its locale left out (`en/img/x.png` and
/// `da/img/x.png` are one image, `img/x.png`; so are `img/x.png` and `img/x.fr.png` where the
/// language is written before the extension). `None` for a URL with a scheme.
fn asset_identity(url: &str, rel: &Path, config: &Config) -> Option<String> {
    use crate::util::{has_scheme, resolve_relative, split_url};
    // A Wiki.js size (`x.png =50%x`) is no part of the path.
    let url = url.split_whitespace().next()?;
    if has_scheme(url) {
        return None;
    }
    if let Some(m) = config.map_asset(url, rel) {
        return Some(split_url(&m.url).0.to_string());
    }
    let (path, _, _) = split_url(url);
    if path.starts_with('/') {
        return Some(path.to_string());
    }
    let resolved = resolve_relative(rel.parent().unwrap_or(Path::new("")), path)?;
    let inner = crate::discover::Layout::of(config)
        .split(Path::new(&resolved))
        .map(|(_, rest)| slash_path(&rest));
    Some(inner.unwrap_or(resolved))
}

/// Writes a file with [`crate::fsutil::write_atomic`], refusing a symbolic link.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::fsutil::write_atomic(path, bytes, crate::fsutil::OnSymlink::Refuse)
        .map(|_| ())
        .map_err(|e| Error::Io {
            path: path.to_path_buf(),
            message: crate::document::io_message(&e),
        })
}

/// A translation to compare with its source page: the units of both, the translation's locale,
/// and what `translations.lock` accepted of it.
pub struct ToCompare<'a> {
    pub source_units: &'a PageUnits,
    pub target_units: &'a PageUnits,
    pub locale: &'a str,
    pub lock: Option<&'a lock::PageLock>,
}

/// Compares every translation of `todo` with its source (in parallel), in order; `source` is the
/// source locale.
pub fn compare_all(source: &str, todo: &[ToCompare<'_>]) -> Vec<PairReport> {
    use rayon::prelude::*;
    // Three parallel steps: align every pair; judge every distinct text the identifier has to
    // see, once, spread over the threads (the same English text on many pages is common, and
    // two threads would otherwise judge it at the same time); then finish each comparison
    // with the identifier's verdicts at hand.
    let prepared: Vec<compare::Prepared<'_>> = todo
        .par_iter()
        .map(|c| compare::prepare(c.source_units, c.target_units))
        .collect();
    let mut seen: fnv::FnvHashSet<(&str, &str)> = Default::default();
    let texts: Vec<(&str, &str)> = todo
        .iter()
        .zip(&prepared)
        .flat_map(|(c, p)| p.to_judge(c.target_units).map(move |t| (c.locale, t)))
        .filter(|k| seen.insert(*k))
        .collect();
    let mut identifiers: Vec<(&str, Option<Arc<LangPair>>)> = Vec::new();
    for c in todo {
        if !identifiers.iter().any(|(l, _)| *l == c.locale) {
            identifiers.push((c.locale, lang_pair(source, c.locale)));
        }
    }
    let identifier = |locale: &str| {
        identifiers
            .iter()
            .find(|(l, _)| *l == locale)
            .and_then(|(_, p)| p.as_deref())
    };
    texts.par_iter().for_each(|(locale, text)| {
        if let Some(p) = identifier(locale) {
            p.judge(text);
        }
    });
    todo.par_iter()
        .zip(prepared)
        .map(|(c, prepared)| {
            compare::compare_prepared(
                c.source_units,
                c.target_units,
                prepared,
                c.lock,
                identifier(c.locale),
                Some(c.locale),
            )
        })
        .collect()
}

/// What `guide-lint translations accept` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The translation, relative to the guides root.
    pub page: String,
    /// The source page, relative to the guides root.
    pub source: String,
    /// Units recorded in the lock.
    pub units: usize,
    /// Untranslated units left out (they stay GL403 findings).
    pub untranslated: usize,
    /// Where the lock was written.
    pub lock_path: std::path::PathBuf,
    /// The lock this one replaces, removed: a MkDocs `docs_dir`'s lock, which MkDocs published,
    /// now kept beside `mkdocs.yml` ([`Lock::path_for`]).
    pub moved_from: Option<std::path::PathBuf>,
}

/// Records a translation page as accepted against its source page as it is now: the lock then
/// holds, for each translated unit, the source text it corresponds to (GL407).
/// `page` is a path relative to the guides root (`da/move.md`) or a real path.
pub fn accept_page(config: &Config, page: &Path) -> Result<Accepted, Error> {
    let root = config.guides_root();
    let given = if page.is_file() {
        page.to_path_buf()
    } else if root.join(page).is_file() {
        root.join(page)
    } else {
        return Err(Error::Usage(format!(
            "`{}` is neither a file nor a page under the guides root `{}`",
            page.display(),
            root.display()
        )));
    };
    let loader = crate::Loader::new(config);
    let listing = loader.discover(std::slice::from_ref(&given));
    if let Some(e) = listing.errors.into_iter().next() {
        return Err(Error::File(e));
    }
    let file = listing
        .files
        .into_iter()
        .next()
        .ok_or_else(|| Error::Usage(format!("`{}` is not a Markdown page", given.display())))?;
    let (Some(rel), Some(locale)) = (file.rel.clone(), file.locale.clone()) else {
        return Err(Error::Usage(format!(
            "`{}` is not inside a locale folder of the guides root `{}`",
            given.display(),
            root.display()
        )));
    };
    let source_locale = config.file.source_locale.as_str();
    if !config.file.target_locales.contains(&locale) {
        return Err(Error::Usage(format!(
            "`{}` is in locale `{locale}`, which is not one of the configured `target-locales`",
            slash_path(&rel)
        )));
    }
    let layout = crate::discover::Layout::of(config);
    let source_rel = match layout.split(&rel) {
        Some((_, rest)) => layout.find(source_locale, &rest, |p| root.join(p).is_file()),
        None => Path::new(source_locale).join(&rel),
    };
    let source_path = root.join(&source_rel);
    let read = |path: &Path| loader.load(&loader.page_file(path)).map_err(Error::File);
    if !source_path.is_file() {
        return Err(Error::Usage(format!(
            "`{}` has no source page: `{}` does not exist",
            slash_path(&rel),
            source_path.display()
        )));
    }
    let src_doc = read(&source_path)?;
    let tgt_doc = loader.load(&file).map_err(Error::File)?;
    let src = page_units(&src_doc, Some(&source_rel), config);
    let pair = lang_pair(source_locale, &locale);
    let tgt = units_with(
        &tgt_doc,
        Included::of(&tgt_doc, config).as_ref(),
        Some(&rel),
        config,
        pair.as_deref(),
    );
    let (page_lock, untranslated) =
        compare::accept(&src, &tgt, &slash_path(&source_rel), pair.as_deref());
    let lock_path = Lock::path_for(config);
    let earlier = Lock::earlier_path(config, &lock_path);
    let mut lock = Lock::load(&Lock::read_path(config))?;
    // Both locks there (an older version accepted into `docs_dir` after this one moved): the
    // pages only the older one holds are kept, before it goes.
    if let Some(old) = &earlier
        && lock_path.exists()
    {
        for (page, entry) in Lock::load(old)?.pages {
            lock.pages.entry(page).or_insert(entry);
        }
    }
    // Translated units; the source units left out are recorded beside them.
    let units = page_lock
        .units
        .keys()
        .filter(|k| !k.starts_with(lock::LEFT_OUT_RECORDED))
        .count();
    lock.pages.insert(slash_path(&rel), page_lock);
    lock.save(&lock_path)?;
    // The lock that lived in `docs_dir` (published by MkDocs) is now beside `mkdocs.yml`, with
    // what it held: the old file goes, unless it is not a plain file (a link is left alone).
    let moved_from = match earlier {
        Some(old) if std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file()) => {
            std::fs::remove_file(&old).map_err(|e| Error::Io {
                path: old.clone(),
                message: crate::document::io_message(&e),
            })?;
            Some(old)
        }
        _ => None,
    };
    Ok(Accepted {
        page: slash_path(&rel),
        source: slash_path(&source_rel),
        units,
        untranslated,
        lock_path,
        moved_from,
    })
}
