//! `build`: every guide page, MkDocs Material or Wiki.js dialect, as a Wiki.js-ready page in a
//! Wiki.js git-storage tree, plus the page scripts beside the tree.
//!
//! ```text
//! guides/<locale>/<page>.md ─parse─> Document ─conversions (edit engine, rounds)─> Wiki.js text
//!     ─> header (Wiki.js's fields and order, dates kept when the page did not change) + body
//!     ─> <out>/[<locale>/]<path>.md      and, when the page uses components,
//!        <scripts>/<locale>/<path>.html  (`<script>` + the component runtime)
//! ```
//!
//! [`build`] returns the pages in memory ([`BuiltPage`]); [`BuildReport::write`] and
//! [`BuildReport::outdated`] compare them with, or write them to, the output folders.

pub mod assets;
pub mod blocks;
pub mod convert;
pub mod header;
pub mod script;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::FileError;
use crate::config::Config;
use crate::discover::PageFile;
use crate::document::{Dialect, Document, front_matter};
use crate::fix::{self, MAX_ROUNDS};
pub use assets::BuiltAsset;
pub use convert::Conversion;
use convert::{PageCtx, PageIndex, PageTarget};
pub use header::Header;

/// A page as `build` produces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltPage {
    /// The page's locale (`da`).
    pub locale: String,
    /// The Wiki.js page path, without locale or extension (`move-to-another-mastodon-server`).
    pub path: String,
    pub title: String,
    pub description: String,
    /// Lowercased.
    pub tags: Vec<String>,
    pub published: bool,
    /// Last change (`2023-01-02T17:43:00.117Z`).
    pub date: String,
    pub date_created: String,
    /// Always `markdown`.
    pub editor: String,
    /// The whole output file: header, a blank line, body.
    pub content: String,
    /// The page content without the header (what Wiki.js stores as the page's content).
    pub body: String,
    /// The page script as Wiki.js's `scriptJs` expects it (`<script>` ... `</script>`), when the
    /// page uses components.
    pub script_js: Option<String>,
    /// The source file.
    pub source: PathBuf,
    /// The source's dialect.
    pub dialect: Dialect,
    /// The output file, relative to the output folder (`da/move.md`, or `move.md` for the primary
    /// locale without `always-namespace`).
    pub file: PathBuf,
    /// The script file, relative to the scripts folder (`da/move.html`), when there is a script.
    pub script_file: Option<PathBuf>,
    /// What the conversions changed, per kind.
    pub conversions: BTreeMap<Conversion, usize>,
    /// What is still wrong with the built page, checked as the Wiki.js page it is: in the
    /// page's order.
    pub remaining: Vec<Remaining>,
    /// The built page's ids, sorted, and its links to anchors of other pages with what each
    /// is told when the page it leads to lacks the id: judged once every page is built
    /// ([`cross_page_anchors`]), then emptied.
    anchor_ids: Vec<String>,
    anchor_links: Vec<(crate::workspace::PageKey, String, Remaining)>,
}

/// A problem left in a built page: a finding of the Wiki.js page rules, GL204 for an image or
/// file the wiki will not have (as `check` finds it), or a link or image whose URL is still
/// relative and leads nowhere: an image or file (Wiki.js resolves it against the page's path,
/// where the build puts no file), or a page link whose child page the build does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remaining {
    /// The rule, or `None` for a relative URL.
    pub rule: Option<crate::Rule>,
    pub severity: crate::Severity,
    /// 1-based, in the built file (header included).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Remaining {
    /// The rule's code, or `relative-url`.
    pub fn code(&self) -> &'static str {
        self.rule.map_or(RELATIVE_URL, crate::Rule::code)
    }
}

/// The code [`Remaining::code`] gives a relative URL.
pub const RELATIVE_URL: &str = "relative-url";

/// Options for [`build`].
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// A previous output tree: a page whose content did not change keeps its `date` and
    /// `dateCreated` from there, so rebuilding causes no churn.
    pub previous: Option<PathBuf>,
    /// The time written for new and changed pages.
    pub now: SystemTime,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            previous: None,
            now: SystemTime::now(),
        }
    }
}

/// What [`build`] produced.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Sorted by locale, then path.
    pub pages: Vec<BuiltPage>,
    /// The assets the pages use through `build.assets`, sorted by file.
    pub assets: Vec<BuiltAsset>,
    /// Pages that could not be read or built (they are left out).
    pub errors: Vec<FileError>,
    /// The page and script files (relative to the output and scripts folders) of the pages in
    /// `errors`: kept as they are, and never taken for leftovers.
    pub failed_outputs: Vec<(PathBuf, PathBuf)>,
    /// Warnings: files in the tree that pages use and no `build.assets` rule publishes, and
    /// what the wiki cannot show as the guide does (definition lists).
    pub unpublished: Vec<FileError>,
}

/// Why an output file is out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    Missing,
    Changed,
}

/// An output file that differs from what the build produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfDate {
    pub path: PathBuf,
    pub source: PathBuf,
    pub why: Staleness,
}

/// What [`BuildReport::write`] did.
#[derive(Debug, Default)]
pub struct WriteSummary {
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    pub errors: Vec<FileError>,
}

impl BuildReport {
    /// The files the build produces: (folder, path relative to it, content, source, kind).
    fn outputs<'a>(
        &'a self,
        out: &'a Path,
        scripts: &'a Path,
    ) -> impl Iterator<Item = (&'a Path, &'a Path, &'a [u8], &'a Path, OutputKind)> + 'a {
        let pages = self.pages.iter().flat_map(move |p| {
            let page = (
                out,
                p.file.as_path(),
                p.content.as_bytes(),
                p.source.as_path(),
                OutputKind::Page,
            );
            let script = match (&p.script_file, &p.script_js) {
                (Some(f), Some(js)) => Some((
                    scripts,
                    f.as_path(),
                    js.as_bytes(),
                    p.source.as_path(),
                    OutputKind::Script,
                )),
                _ => None,
            };
            std::iter::once(page).chain(script)
        });
        let assets = self.assets.iter().map(move |a| {
            (
                out,
                a.file.as_path(),
                a.content.as_slice(),
                a.source.as_path(),
                OutputKind::Asset,
            )
        });
        pages.chain(assets)
    }

    /// The output files that are missing or differ (nothing is written). An output that is a
    /// symbolic link is out of date (it is never read: the build replaces it by a file).
    pub fn outdated(&self, out: &Path, scripts: &Path) -> Vec<OutOfDate> {
        self.outputs(out, scripts)
            .filter_map(|(dir, rel, content, source, _)| {
                let path = dir.join(rel);
                let why = match crate::fsutil::read_regular(&path) {
                    Err(_) => Staleness::Missing,
                    Ok(b) if b != content => Staleness::Changed,
                    Ok(_) => return None,
                };
                Some(OutOfDate {
                    path,
                    source: source.to_path_buf(),
                    why,
                })
            })
            .collect()
    }

    /// Files a previous build wrote (its manifest, [`manifest_path`]) that this build no
    /// longer produces: their source page was removed or renamed. Only files still as that
    /// build wrote them count: a file changed since, one the manifest does not list (a README,
    /// an asset, a hidden folder), and the outputs of pages that failed to build are never
    /// leftovers, and neither is anything reached through a symbolic link.
    pub fn leftovers(&self, out: &Path, scripts: &Path) -> Vec<PathBuf> {
        let Some(manifest) = Manifest::load(out) else {
            return Vec::new();
        };
        let produced: std::collections::HashSet<PathBuf> = self
            .outputs(out, scripts)
            .map(|(dir, rel, _, _, _)| dir.join(rel))
            .chain(
                self.failed_outputs
                    .iter()
                    .flat_map(|(page, script)| [out.join(page), scripts.join(script)]),
            )
            .collect();
        let mut found: Vec<PathBuf> = manifest
            .entries(out, scripts)
            .filter(|(dir, rel, hash)| {
                !produced.contains(&dir.join(rel)) && unchanged_since_build(dir, rel, hash)
            })
            .map(|(dir, rel, _)| dir.join(rel))
            .collect();
        found.sort();
        found.dedup();
        found
    }

    /// Deletes `leftovers` (from [`BuildReport::leftovers`]), then the folders they leave empty
    /// (never `out` or `scripts` themselves), and drops them from the manifest. Returns what was
    /// deleted, and what could not be.
    pub fn prune(
        leftovers: Vec<PathBuf>,
        out: &Path,
        scripts: &Path,
    ) -> (Vec<PathBuf>, Vec<FileError>) {
        let mut deleted = Vec::new();
        let mut errors = Vec::new();
        for path in leftovers {
            let top = if path.starts_with(out) { out } else { scripts };
            // Checked again just before deleting: a regular file, no linked folder on the way.
            let checked = path
                .strip_prefix(top)
                .map_err(|_| std::io::Error::other("not in the output folders"))
                .and_then(|rel| crate::fsutil::check_inside(top, rel))
                .and_then(|()| {
                    let m = std::fs::symlink_metadata(&path)?;
                    if m.is_file() {
                        Ok(())
                    } else {
                        Err(std::io::Error::other("not a regular file"))
                    }
                });
            match checked.and_then(|()| std::fs::remove_file(&path)) {
                Ok(()) => {
                    let mut dir = path.parent();
                    while let Some(d) = dir.filter(|d| *d != top && d.starts_with(top)) {
                        if std::fs::remove_dir(d).is_err() {
                            break; // not empty
                        }
                        dir = d.parent();
                    }
                    deleted.push(path);
                }
                Err(e) => errors.push(FileError {
                    message: format!("cannot delete: {}", crate::document::io_message(&e)),
                    path,
                    position: None,
                }),
            }
        }
        if !deleted.is_empty()
            && let Some(mut manifest) = Manifest::load(out)
        {
            let gone: std::collections::HashSet<&PathBuf> = deleted.iter().collect();
            manifest
                .pages
                .retain(|rel, _| !gone.contains(&out.join(rel)));
            manifest
                .scripts
                .retain(|rel, _| !gone.contains(&scripts.join(rel)));
            manifest
                .assets
                .retain(|rel, _| !gone.contains(&out.join(rel)));
            if let Err(e) = manifest.save(out) {
                errors.push(e);
            }
        }
        (deleted, errors)
    }

    /// Writes the pages and scripts atomically; files already up to date are not touched. An
    /// output that is a symbolic link is replaced by a file (its target is never written), and
    /// a linked folder inside the output folders is refused. Then records in the manifest what
    /// the output folders hold from this build and earlier ones, for `--prune`.
    pub fn write(&self, out: &Path, scripts: &Path) -> WriteSummary {
        use crate::fsutil::{OnSymlink, write_atomic_in};
        let mut summary = WriteSummary::default();
        let previous = Manifest::load(out).unwrap_or_default();
        let mut manifest = Manifest::default();
        let outputs: Vec<_> = self.outputs(out, scripts).collect();
        // Each write waits for its file to reach the disk: written one after another, 20,000
        // small pages took a minute, nearly all of it waiting. Written side by side, the file
        // system flushes them together.
        let results: Vec<std::io::Result<bool>> = crate::fsutil::in_io_pool(|| {
            outputs
                .par_iter()
                .map(|(dir, rel, content, _, _)| {
                    write_atomic_in(dir, rel, content, OnSymlink::Replace)
                })
                .collect()
        });
        for ((dir, rel, content, _, kind), result) in outputs.into_iter().zip(results) {
            let path = dir.join(rel);
            match result {
                Ok(written) => {
                    if written {
                        summary.written.push(path);
                    } else {
                        summary.unchanged += 1;
                    }
                    let list = match kind {
                        OutputKind::Page => &mut manifest.pages,
                        OutputKind::Script => &mut manifest.scripts,
                        OutputKind::Asset => &mut manifest.assets,
                    };
                    list.insert(
                        crate::util::slash_path(rel),
                        crate::util::sha256_hex(content),
                    );
                }
                Err(e) => summary.errors.push(FileError {
                    message: format!("cannot write: {}", crate::document::io_message(&e)),
                    path,
                    position: None,
                }),
            }
        }
        // Files of earlier builds still there as written (leftovers not pruned yet, outputs of
        // pages that failed this time): still the build's to delete later.
        for (rel, h) in previous.pages {
            if !manifest.pages.contains_key(&rel) && unchanged_since_build(out, Path::new(&rel), &h)
            {
                manifest.pages.insert(rel, h);
            }
        }
        for (rel, h) in previous.scripts {
            if !manifest.scripts.contains_key(&rel)
                && unchanged_since_build(scripts, Path::new(&rel), &h)
            {
                manifest.scripts.insert(rel, h);
            }
        }
        for (rel, h) in previous.assets {
            if !manifest.assets.contains_key(&rel)
                && !manifest.pages.contains_key(&rel)
                && unchanged_since_build(out, Path::new(&rel), &h)
            {
                manifest.assets.insert(rel, h);
            }
        }
        if let Err(e) = manifest.save(out) {
            summary.errors.push(e);
        }
        summary
    }
}

/// The manifest of the files builds wrote into `out` and its scripts folder:
/// `<out>.manifest.json`, beside the output folder (inside it, Wiki.js's git storage would
/// import it as an asset).
pub fn manifest_path(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "wiki".into());
    name.push(".manifest.json");
    out.with_file_name(name)
}

/// What [`manifest_path`] holds: per folder, each file's path (relative, `/`-separated) and the
/// SHA-256 of what the build wrote.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    version: u32,
    pages: BTreeMap<String, String>,
    scripts: BTreeMap<String, String>,
    /// Assets copied into the output folder (absent in manifests of builds before assets).
    #[serde(default)]
    assets: BTreeMap<String, String>,
}

/// What an output file is, and so which manifest list records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutputKind {
    Page,
    Script,
    Asset,
}

const MANIFEST_VERSION: u32 = 1;

impl Manifest {
    /// The manifest, when there is one that reads (a damaged one, or a link, counts as none:
    /// nothing is pruned then).
    fn load(out: &Path) -> Option<Manifest> {
        let bytes = crate::fsutil::read_regular(&manifest_path(out)).ok()?;
        let m: Manifest = serde_json::from_slice(&bytes).ok()?;
        (m.version == MANIFEST_VERSION).then_some(m)
    }

    fn save(mut self, out: &Path) -> Result<(), FileError> {
        self.version = MANIFEST_VERSION;
        let path = manifest_path(out);
        let mut text = serde_json::to_string_pretty(&self).unwrap_or_default();
        text.push('\n');
        crate::fsutil::write_atomic(&path, text.as_bytes(), crate::fsutil::OnSymlink::Replace)
            .map(|_| ())
            .map_err(|e| FileError {
                message: format!("cannot write: {}", crate::document::io_message(&e)),
                path,
                position: None,
            })
    }

    /// Entries that are plain relative paths of outputs (`da/x.md`; no `..`, no hidden part,
    /// a page or script its extension, an asset any extension but a page's): (folder, path,
    /// hash). Anything else is ignored.
    fn entries<'a>(
        &'a self,
        out: &'a Path,
        scripts: &'a Path,
    ) -> impl Iterator<Item = (&'a Path, PathBuf, &'a str)> + 'a {
        let pages = self
            .pages
            .iter()
            .map(move |(r, h)| (out, r, h, &["md", "html", "adoc"][..]));
        let scripts = self
            .scripts
            .iter()
            .map(move |(r, h)| (scripts, r, h, &["html"][..]));
        let assets = self.assets.iter().map(move |(r, h)| (out, r, h, &[][..]));
        pages
            .chain(scripts)
            .chain(assets)
            .filter_map(|(dir, rel, h, exts)| {
                let path = Path::new(rel);
                let plain = !rel.is_empty()
                    && path.components().all(|c| {
                        matches!(c, std::path::Component::Normal(n)
                        if !n.to_string_lossy().starts_with('.'))
                    });
                let ext = path.extension().and_then(|x| x.to_str());
                // Pages and scripts: their extensions; assets: anything but a page's.
                let ext_ok = if exts.is_empty() {
                    !ext.is_some_and(|x| {
                        ["md", "html", "adoc"].contains(&x.to_ascii_lowercase().as_str())
                    })
                } else {
                    ext.is_some_and(|x| exts.contains(&x))
                };
                (plain && ext_ok).then(|| (dir, path.to_path_buf(), h.as_str()))
            })
    }
}

/// Whether `dir/rel` is a regular file, reached without a linked folder, holding what a build
/// wrote (`hash_hex`).
fn unchanged_since_build(dir: &Path, rel: &Path, hash_hex: &str) -> bool {
    crate::fsutil::check_inside(dir, rel).is_ok()
        && crate::fsutil::read_regular(&dir.join(rel))
            .is_ok_and(|b| crate::util::sha256_hex(&b) == hash_hex)
}

/// Refuses output folders that would feed back into the build or into Wiki.js. The folders are
/// compared with their symbolic links resolved: an output folder that is a link to the guides
/// folder overlaps it.
pub fn check_layout(config: &Config, out: &Path, scripts: &Path) -> Result<(), crate::Error> {
    let abs = crate::fsutil::resolve;
    let (guides, out_a, scripts_a) = (abs(&config.guides_root()), abs(out), abs(scripts));
    let shown = crate::logsafe::path;
    if out_a.starts_with(&guides) || guides.starts_with(&out_a) {
        return Err(crate::Error::Usage(format!(
            "the output folder {} overlaps the guides folder {}: built pages would be read as \
             guides; build into a folder outside the guides with `build --out DIR` (or `build.out` \
             in {}{})",
            shown(out),
            shown(&config.guides_root()),
            config
                .path
                .as_deref()
                .map_or_else(|| crate::config::FILE_NAME.to_string(), shown),
            if guides == abs(&config.repository) {
                ": the guides folder is the whole repository, so that folder lies outside it and \
                 needs --allow-outside-repository"
            } else {
                ""
            }
        )));
    }
    if scripts_a.starts_with(&guides) || guides.starts_with(&scripts_a) {
        return Err(crate::Error::Usage(format!(
            "the scripts folder {} overlaps the guides folder {}: scripts would be read as guides",
            shown(scripts),
            shown(&config.guides_root())
        )));
    }
    if scripts_a.starts_with(&out_a) {
        return Err(crate::Error::Usage(format!(
            "the scripts folder {} is inside the output folder {}: Wiki.js would import the scripts as assets",
            shown(scripts),
            shown(out)
        )));
    }
    Ok(())
}

struct Source {
    file: PageFile,
    doc: Document,
    rel: PathBuf,
    locale: String,
    path: String,
    /// The page as written, when it includes snippets (`doc` is then the included text).
    included: Option<Included>,
}

/// A page whose snippets were included: its own text, and where the included text's lines
/// come from, so that what the build reports points at the page's own lines.
struct Included {
    original: Document,
    /// Lines of the header, before the body the snippets were included in.
    head_lines: usize,
    expanded: crate::snippets::Expanded,
}

impl Included {
    /// A position in the included text (1-based line, column, offset) as a position in the
    /// page: a place in included text is its notation's line (and `true`).
    fn position(&self, (line, column, _): (usize, usize, usize)) -> ((usize, usize, usize), bool) {
        let offset = |line: usize, column: usize| {
            self.original
                .lines
                .line_start(line)
                .map_or(self.original.text.len(), |s| s + column - 1)
        };
        if line <= self.head_lines {
            return ((line, column, offset(line, column)), false);
        }
        let body = line - 1 - self.head_lines;
        let back = self.expanded.source_line(body);
        let inside = self
            .expanded
            .groups
            .iter()
            .any(|g| g.output.contains(&body));
        let line = back + 1 + self.head_lines;
        let column = if inside { 1 } else { column };
        ((line, column, offset(line, column)), inside)
    }
}

/// Builds every page under the configured guides root, in memory.
pub fn build(config: &Config, options: &BuildOptions) -> BuildReport {
    let loader = crate::Loader::new(config);
    let listing = loader.discover(&[config.guides_root()]);
    let mut report = BuildReport {
        errors: listing.errors,
        ..BuildReport::default()
    };
    let includes = crate::snippets::Includes::of(config);
    let read: Vec<Result<Source, FileError>> = listing
        .files
        .into_par_iter()
        // A file under the guides root with no page path is one the MkDocs site leaves out
        // (`exclude_docs`): no page of the wiki either. Nor is a page in a language the
        // translated site does not build (`setup.de.md` where German is not built).
        .filter(|file| file.rel.is_some() && built_language(config, file.locale.as_deref()))
        .map(|file| {
            let (doc, included) =
                with_snippets(loader.load(&file)?, &file, &loader, includes.as_ref())?;
            let rel = file.rel.clone().unwrap_or_else(|| file.path.clone());
            let (locale, path) = convert::page_of_source(&rel, config, doc.dialect);
            Ok(Source {
                file,
                doc,
                rel,
                locale,
                path,
                included,
            })
        })
        .collect();
    let mut sources = Vec::new();
    for r in read {
        match r {
            Ok(s) => sources.push(s),
            Err(e) => report.errors.push(e),
        }
    }
    // Two files for one page: Wiki.js would import one over the other.
    let mut seen: HashMap<(String, String), PathBuf> = HashMap::new();
    sources.retain(|s| {
        if s.path.is_empty() {
            report.errors.push(FileError {
                path: s.file.path.clone(),
                message: "the file name gives an empty Wiki.js page path".into(),
                position: None,
            });
            return false;
        }
        match seen.get(&(s.locale.clone(), s.path.clone())) {
            Some(first) => {
                report.errors.push(FileError {
                    path: s.file.path.clone(),
                    message: format!(
                        "maps to the same Wiki.js page `/{}/{}` as {}",
                        s.locale,
                        s.path,
                        first.display()
                    ),
                    position: None,
                });
                false
            }
            None => {
                seen.insert((s.locale.clone(), s.path.clone()), s.file.path.clone());
                true
            }
        }
    });
    let index: PageIndex = sources
        .iter()
        .map(|s| {
            (
                crate::util::slash_path(&s.rel),
                PageTarget {
                    locale: s.locale.clone(),
                    path: s.path.clone(),
                    anchors: convert::anchor_map(&s.doc),
                },
            )
        })
        .collect();
    // The assets first: the check of each built page looks its images up among them.
    let docs: Vec<assets::AssetPage<'_>> = sources
        .par_iter()
        .map(|s| assets::AssetPage::new(&s.rel, &s.doc))
        .collect();
    let assets::Collected {
        assets,
        errors: asset_errors,
        mapped,
    } = assets::collect(config, &docs);
    let site = Site {
        pages: index
            .values()
            .map(|t| (t.locale.as_str(), t.path.as_str()))
            .collect(),
        mapped: &mapped,
        assets: loader.assets(),
    };
    let built: Vec<Result<BuiltPage, FileError>> = sources
        .par_iter()
        .map(|s| build_page(s, config, &index, &site, options))
        .collect();
    report.assets = assets;
    report.errors.extend(asset_errors);
    report.unpublished = assets::unpublished(config, &docs);
    drop(docs);
    for s in &sources {
        report.unpublished.extend(assets::definition_lists(&s.doc));
    }
    for (b, s) in built.into_iter().zip(&sources) {
        match b {
            Ok(p) => report.pages.push(p),
            Err(e) => {
                report.failed_outputs.push((
                    output_file(config, &s.locale, &s.path),
                    script_file(&s.locale, &s.path),
                ));
                report.errors.push(e);
            }
        }
    }
    cross_page_anchors(&mut report.pages);
    // What was found in a page's included text points at the page's own lines.
    let included: HashMap<&Path, &Included> = sources
        .iter()
        .filter_map(|s| Some((s.file.path.as_path(), s.included.as_ref()?)))
        .collect();
    if !included.is_empty() {
        for e in report
            .errors
            .iter_mut()
            .chain(report.unpublished.iter_mut())
        {
            if let (Some(inc), Some(at)) = (included.get(e.path.as_path()), e.position) {
                let (at, inside) = inc.position(at);
                e.position = Some(at);
                if inside {
                    e.message.push_str(" (in the text this line includes)");
                }
            }
        }
    }
    report
        .pages
        .sort_by(|a, b| (&a.locale, &a.path).cmp(&(&b.locale, &b.path)));
    report.errors.sort();
    report
}

/// A MkDocs page with the files it includes (pymdownx.snippets) included, as MkDocs builds it:
/// parsed again from the included text. Any other page as it is. A snippet that cannot be read
/// (or, with `check_paths`, found) is an error at the line that names it.
fn with_snippets(
    doc: Document,
    file: &crate::discover::PageFile,
    loader: &crate::Loader<'_>,
    includes: Option<&crate::snippets::Includes>,
) -> Result<(Document, Option<Included>), FileError> {
    let Some(includes) =
        includes.filter(|i| doc.dialect == Dialect::Mkdocs && i.applies(&doc.text))
    else {
        return Ok((doc, None));
    };
    let head = match &doc.front_matter {
        Some(fm) => fm.range.end,
        None if doc.text.starts_with('\u{feff}') => 3,
        None => 0,
    };
    let (header, body) = doc.text.split_at(head);
    match includes.expand(body) {
        Ok(expanded) if expanded.groups.is_empty() => Ok((doc, None)),
        Ok(expanded) => {
            let included = loader.parse(file, format!("{header}{}", expanded.text))?;
            let head_lines = header.matches('\n').count();
            Ok((
                included,
                Some(Included {
                    original: doc,
                    head_lines,
                    expanded,
                }),
            ))
        }
        Err(e) => {
            let offset = head
                + body
                    .split_inclusive('\n')
                    .take(e.line)
                    .map(str::len)
                    .sum::<usize>();
            let lc = doc.line_col(offset);
            Err(FileError {
                path: file.path.clone(),
                message: e.message,
                position: Some((lc.line, lc.column, offset)),
            })
        }
    }
}

/// Converts one page's text to Wiki.js-ready Markdown (header untouched), with the count of
/// conversions.
pub fn convert_text(
    doc: &Document,
    rel: &Path,
    config: &Config,
    index: &PageIndex,
) -> Result<(String, BTreeMap<Conversion, usize>), String> {
    convert_page(doc, rel, config, index, None)
        .map(|(applied, converted, _)| (converted.text, applied))
}

/// [`convert_text`], with the converted text parsed as the Wiki.js page it is.
///
/// A text is parsed once: the first round reads the page as loaded, and the parse of the last
/// round (the text no fix changed) is the one the next pass and the result reuse.
///
/// With a `plan`, the last pass (the Wiki.js one) works on the page as built: from its first
/// round that reads a new text, the text carries the built header ([`HeaderPlan`]) instead of
/// the source's, and no fix may touch that header (the source's header is dropped by the build
/// anyway). The body gets the same edits, and the parse of the last round is then, in the usual
/// case, the built page itself, which [`verify`] reads instead of parsing it again.
fn convert_page(
    doc: &Document,
    rel: &Path,
    config: &Config,
    index: &PageIndex,
    plan: Option<&HeaderPlan>,
) -> Result<Converted, String> {
    let ctx = PageCtx {
        config,
        rel,
        index,
        from_blocks: doc.dialect == Dialect::Mkdocs && !blocks::edits(doc, config).is_empty(),
    };
    let settings = crate::RuleSettings::from_config(config, Default::default());
    let file = crate::discover::PageFile {
        path: doc.path.clone(),
        rel: Some(rel.to_path_buf()),
        locale: Some(convert::page_in(rel, config).0),
        walked_regular: false,
    };
    // The findings of the last text parsed (`parsed`).
    let last_findings: RefCell<Option<Vec<crate::Finding>>> = RefCell::new(None);
    let proposals_for = |d: &Document| {
        let mut proposals = convert::conversions(d, &ctx);
        // The rules' safe fixes preserve meaning: the wiki gets the repaired page. The page's
        // own rule set and inline suppressions apply, so a suppressed finding is never fixed.
        let findings = crate::check_page(d, &file, config, &settings);
        proposals.extend(
            crate::proposals(&findings, &crate::FixOptions::default())
                .into_iter()
                .map(|p| fix::Proposal {
                    label: Conversion::Fix(p.label),
                    edits: p.edits,
                }),
        );
        *last_findings.borrow_mut() = Some(findings);
        proposals
    };
    // The last text parsed, as what dialect.
    let parsed: RefCell<Option<Document>> = RefCell::new(None);
    let round = |dialect: Dialect, text: &str| {
        let mut parsed = parsed.borrow_mut();
        // The page as loaded is this text parsed, but for its lone `\r`s: the loaded page
        // keeps them (for fixes to the file), `doc.text` has none.
        if dialect == doc.dialect && text == doc.text {
            if doc.lone_crs.is_empty() {
                *parsed = None;
                return proposals_for(doc);
            }
            let mut d = doc.clone();
            d.lone_crs.clear();
            let proposals = proposals_for(&d);
            *parsed = Some(d);
            return proposals;
        }
        if let Some(d) = parsed.as_ref()
            && d.dialect == dialect
            && d.text == text
        {
            return proposals_for(d);
        }
        // The text is often the last one parsed (or the page as loaded) under another header:
        // its facts are moved rather than parsed again.
        // The page as loaded is cloned only when its body is the text's.
        let last = parsed.take().or_else(|| {
            doc.has_body_of(text).then(|| {
                let mut d = doc.clone();
                d.lone_crs.clear();
                d
            })
        });
        let parse =
            |text: String| Document::parse_with_toc(doc.path.clone(), text, Some(dialect), doc.toc);
        let d = match last {
            Some(last) => last
                .reheaded(text.to_string(), dialect)
                .unwrap_or_else(|back| parse(back.1)),
            None => parse(text.to_string()),
        };
        let proposals = proposals_for(&d);
        *parsed = Some(d);
        proposals
    };
    // The built header the last pass's text carries, once it has one.
    let header: RefCell<Option<String>> = RefCell::new(None);
    // `text` with the built header in place of its own (the same text if it has it already).
    let with_header = |text: String| -> String {
        let Some(plan) = plan else { return text };
        let mut header = header.borrow_mut();
        if let Some(h) = header.as_ref()
            && text.starts_with(h.as_str())
        {
            return text;
        }
        let body = body_of(&text);
        let parsed = parsed.borrow();
        let headings = &parsed.as_ref().unwrap_or(doc).headings;
        let h = header.insert(plan.header(headings, body).render()).as_str();
        compose(h, body)
    };
    // A round of the last pass: no edit of the built header.
    let last_round = |text: &str| {
        let mut proposals = round(Dialect::Wikijs, text);
        if let Some(h) = header.borrow().as_ref()
            && text.starts_with(h.as_str())
        {
            proposals.retain(|p| p.edits.iter().all(|e| e.range.start >= h.len()));
        }
        proposals
    };
    let outcome = if doc.dialect == Dialect::Wikijs {
        fix::fix_until_stable_with(&doc.text, MAX_ROUNDS, last_round, with_header)
    } else {
        fix::fix_until_stable(&doc.text, MAX_ROUNDS, |text: &str| round(doc.dialect, text))
    }
    .map_err(|e| format!("conversion failed: {e}"))?;
    if let Some((label, why)) = outcome.invalid.first() {
        return Err(format!("conversion failed: invalid {label} edit ({why})"));
    }
    let mut applied = outcome.applied;
    let mut text = outcome.text;
    if doc.dialect != Dialect::Wikijs {
        // The result is a Wiki.js page: what only Wiki.js gets wrong (text ending in `{word}`,
        // which markdown-it-attrs eats) is repaired by a last pass read as Wiki.js.
        let start = with_header(text);
        let last = fix::fix_until_stable_with(&start, MAX_ROUNDS, last_round, with_header)
            .map_err(|e| format!("conversion failed: {e}"))?;
        if let Some((label, why)) = last.invalid.first() {
            return Err(format!("conversion failed: invalid {label} edit ({why})"));
        }
        for (label, n) in last.applied {
            *applied.entry(label).or_insert(0) += n;
        }
        text = last.text;
    }
    // The parse of the final text, when the last round made one, and its findings.
    let mut converted = parsed
        .into_inner()
        .filter(|d| d.dialect == Dialect::Wikijs && d.text == text);
    let findings = converted.as_ref().and(last_findings.into_inner());
    if converted.is_none()
        && doc.dialect == Dialect::Wikijs
        && doc.lone_crs.is_empty()
        && doc.text == text
    {
        converted = Some(doc.clone());
    }
    let (converted, findings) = if config.file.build.keep_suppression_comments {
        match converted {
            Some(d) => (d, findings),
            None => (
                Document::parse(doc.path.clone(), text, Some(Dialect::Wikijs)),
                None,
            ),
        }
    } else {
        let (stripped, n) = strip_suppression_comments(&doc.path, text, converted)?;
        if n > 0 {
            *applied.entry(Conversion::SuppressionComment).or_insert(0) += n;
        }
        // Removing comments changed the text the findings were of.
        (stripped, findings.filter(|_| n == 0))
    };
    let findings = findings.map(|findings| PageFindings { file, findings });
    Ok((applied, converted, findings))
}

/// What [`convert_page`] gives: the conversions made, the converted page parsed as Wiki.js, and
/// the findings of that parse when the last round made them.
type Converted = (BTreeMap<Conversion, usize>, Document, Option<PageFindings>);

/// The file rules' findings on a text, as checked for the page `file`.
struct PageFindings {
    file: PageFile,
    findings: Vec<crate::Finding>,
}

/// What a built page's body is: the text after its header, without the blank lines that
/// start it.
fn body_of(text: &str) -> &str {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let start = front_matter::parse(text, bom).map_or(bom, |f| f.range.end);
    text[start..].trim_start_matches(['\n', '\r'])
}

/// A built page: its header, a blank line, its body.
fn compose(header: &str, body: &str) -> String {
    format!("{header}\n{body}")
}

/// How a page's built header follows from its body: the source page's header values, the
/// title (else the body's first level-1 heading, else the page path's last part), and the
/// dates, kept from the previous output when the page did not change.
struct HeaderPlan {
    meta: SourceMeta,
    /// The page path's last part.
    name: String,
    /// The previous output: its text without dates, its `date` and `dateCreated`.
    previous: Option<(String, Option<String>, Option<String>)>,
    now: String,
}

impl HeaderPlan {
    /// The header of the page whose body is `body` and whose headings are `headings`.
    fn header(&self, headings: &[crate::document::Heading], body: &str) -> Header {
        let meta = &self.meta;
        let title = meta
            .title
            .clone()
            .or_else(|| {
                headings
                    .iter()
                    .find(|h| h.level == 1)
                    .map(|h| h.text.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|t| !t.is_empty())
            })
            .unwrap_or_else(|| self.name.clone());
        let mut head = Header {
            title,
            description: meta.description.clone().unwrap_or_default(),
            published: meta.published.unwrap_or(true),
            date: String::new(),
            tags: meta.tags.clone(),
            editor: "markdown".into(),
            date_created: String::new(),
        };
        let now = &self.now;
        match &self.previous {
            Some((old, date, created)) if *old == without_dates(&compose(&head.render(), body)) => {
                head.date = meta
                    .date
                    .clone()
                    .or(date.clone())
                    .unwrap_or_else(|| now.clone());
                head.date_created = created
                    .clone()
                    .or(meta.date_created.clone())
                    .unwrap_or_else(|| now.clone());
            }
            Some((_, _, created)) => {
                head.date = meta.date.clone().unwrap_or_else(|| now.clone());
                head.date_created = created
                    .clone()
                    .or(meta.date_created.clone())
                    .unwrap_or_else(|| now.clone());
            }
            None => {
                head.date = meta.date.clone().unwrap_or_else(|| now.clone());
                head.date_created = meta.date_created.clone().unwrap_or_else(|| now.clone());
            }
        }
        head
    }
}

/// `text` without its `<!-- guide-lint-... -->` comments (Wiki.js shows HTML comments to anyone
/// reading the page's source), removed last so they still applied to every fix, parsed as a
/// Wiki.js page, and the number removed. `parsed` is `text` already parsed, if it was.
fn strip_suppression_comments(
    path: &Path,
    mut text: String,
    mut parsed: Option<Document>,
) -> Result<(Document, usize), String> {
    let mut removed = 0;
    // Two comments whose removals share a blank line cannot go in one round: a few rounds at most.
    for _ in 0..MAX_ROUNDS {
        let d = match parsed.take() {
            Some(d) if d.text == text && d.dialect == Dialect::Wikijs => d,
            _ => Document::parse(path.to_path_buf(), text, Some(Dialect::Wikijs)),
        };
        let comments = crate::suppress::comments(&d);
        if comments.is_empty() {
            return Ok((d, removed));
        }
        let round = fix::apply_round(
            &d.text,
            comments.iter().map(|c| std::slice::from_ref(&c.removal)),
        );
        if let Some(Some(fix::Skip::Invalid(why))) = round
            .outcome
            .iter()
            .find(|o| matches!(o, Some(fix::Skip::Invalid(_))))
        {
            return Err(format!(
                "conversion failed: invalid suppression comment removal ({why})"
            ));
        }
        if round.applied() == 0 {
            return Ok((d, removed));
        }
        removed += round.applied();
        text = round.text;
    }
    Err("conversion failed: suppression comments could not all be removed".into())
}

/// Header values taken from the source page's own header (Wiki.js's, or MkDocs meta-data).
#[derive(Debug, Default)]
struct SourceMeta {
    title: Option<String>,
    description: Option<String>,
    tags: Vec<String>,
    published: Option<bool>,
    /// The page's own `date`, as Wiki.js writes it: a Wiki.js-ready page keeps it.
    date: Option<String>,
    date_created: Option<String>,
}

fn source_meta(doc: &Document) -> SourceMeta {
    let mut m = SourceMeta::default();
    let Some(Ok(serde_norway::Value::Mapping(map))) =
        doc.front_matter.as_ref().map(|f| f.parsed.clone())
    else {
        return m;
    };
    let get = |k: &str| map.get(serde_norway::Value::String(k.into()));
    let string = |v: Option<&serde_norway::Value>| -> Option<String> {
        match v? {
            serde_norway::Value::String(s) => Some(s.clone()),
            serde_norway::Value::Number(n) => Some(n.to_string()),
            serde_norway::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    m.title = string(get("title")).filter(|t| !t.trim().is_empty());
    m.description = string(get("description"));
    m.tags = match get("tags") {
        Some(serde_norway::Value::String(s)) => header::normalize_tags(s.split(',')),
        Some(serde_norway::Value::Sequence(v)) => {
            let items: Vec<String> = v.iter().filter_map(|x| string(Some(x))).collect();
            header::normalize_tags(items.iter().map(String::as_str))
        }
        _ => Vec::new(),
    };
    m.published = match get("published").or_else(|| get("isPublished")) {
        Some(serde_norway::Value::Bool(b)) => Some(*b),
        _ => None,
    };
    m.date = string(get("date")).filter(|d| header::is_iso_millis(d));
    m.date_created = string(get("dateCreated")).filter(|d| header::is_iso_millis(d));
    m
}

/// The previous output's `date` and `dateCreated`, and its text with those two lines removed.
fn previous_output(path: &Path) -> Option<(String, Option<String>, Option<String>)> {
    let text = String::from_utf8(crate::fsutil::read_regular(path).ok()?).ok()?;
    let fm = front_matter::parse(&text, 0);
    let date = fm
        .as_ref()
        .and_then(|f| f.field("date"))
        .map(|f| f.value.clone())
        .filter(|d| header::is_iso_millis(d));
    let created = fm
        .as_ref()
        .and_then(|f| f.field("dateCreated"))
        .map(|f| f.value.clone())
        .filter(|d| header::is_iso_millis(d));
    Some((without_dates(&text), date, created))
}

/// The file without its header's `date:` and `dateCreated:` lines.
fn without_dates(text: &str) -> String {
    let Some(fm) = front_matter::parse(text, 0) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    for line in text[..fm.range.end].split_inclusive('\n') {
        if !(line.starts_with("date:") || line.starts_with("dateCreated:")) {
            out.push_str(line);
        }
    }
    out.push_str(&text[fm.range.end..]);
    out
}

/// Where a page goes in the git-storage tree: `<path>.md` for the primary locale (unless
/// `build.always-namespace`), `<locale>/<path>.md` otherwise.
/// Whether a page in `locale` is one the site builds: on a site translated with
/// mkdocs-static-i18n (its language before the extension, or in a folder of its own), only the
/// plugin's default language and the languages it builds; every page elsewhere.
fn built_language(config: &Config, locale: Option<&str>) -> bool {
    match (config.i18n_site(), locale) {
        (Some(i18n), Some(l)) => l == i18n.default || i18n.others.iter().any(|o| o == l),
        _ => true,
    }
}

fn output_file(config: &Config, locale: &str, path: &str) -> PathBuf {
    if locale == config.primary_locale() && !config.file.build.always_namespace {
        PathBuf::from(format!("{path}.md"))
    } else {
        PathBuf::from(format!("{locale}/{path}.md"))
    }
}

/// Where a page's script goes in the scripts folder: always under its locale.
fn script_file(locale: &str, path: &str) -> PathBuf {
    PathBuf::from(format!("{locale}/{path}.html"))
}

fn build_page(
    s: &Source,
    config: &Config,
    index: &PageIndex,
    site: &Site<'_>,
    options: &BuildOptions,
) -> Result<BuiltPage, FileError> {
    let error = |message: String| FileError {
        path: s.file.path.clone(),
        message,
        position: None,
    };
    if let Some((at, message)) = convert::unconvertible(&s.doc, config) {
        let lc = s.doc.line_col(at);
        return Err(FileError {
            path: s.file.path.clone(),
            message,
            position: Some((lc.line, lc.column, at)),
        });
    }
    let file = output_file(config, &s.locale, &s.path);
    let plan = HeaderPlan {
        meta: source_meta(&s.doc),
        name: s.path.rsplit('/').next().unwrap_or(&s.path).to_string(),
        previous: options
            .previous
            .as_ref()
            .filter(|dir| crate::fsutil::check_inside(dir, &file).is_ok())
            .and_then(|dir| previous_output(&dir.join(&file))),
        now: crate::util::iso_millis(options.now),
    };
    let (conversions, converted, findings) =
        convert_page(&s.doc, &s.rel, config, index, Some(&plan)).map_err(error)?;
    let body = converted.text[converted.body_start()..]
        .trim_start_matches(['\n', '\r'])
        .to_string();
    let uses_components = converted
        .html
        .iter()
        .any(|t| t.is_start() && t.attr("data-identity").is_some());
    let head = plan.header(&converted.headings, &body);
    let content = compose(&head.render(), &body);
    // The conversions' last parse is the built page's, unless the page kept its own header
    // (nothing to convert) or the header changed with the last edits.
    // Its findings, when it was checked as this page.
    let (built, known) = if converted.text == content {
        let mut d = converted;
        d.path = file.clone();
        let known = findings.filter(|f| f.file == s.file).map(|f| f.findings);
        (d, known)
    } else {
        let mut d = converted
            .reheaded(content.clone(), Dialect::Wikijs)
            .unwrap_or_else(|back| Document::parse(file.clone(), back.1, Some(Dialect::Wikijs)));
        d.path = file.clone();
        (d, None)
    };
    let Verified {
        remaining,
        anchor_links,
    } = verify(s, &built, config, known, site);
    let anchor_ids = crate::workspace::live_anchor_ids(&built);
    drop(built);
    let (script_js, script_file) = if uses_components {
        (
            Some(script::page_script(&config.file.components)),
            Some(script_file(&s.locale, &s.path)),
        )
    } else {
        (None, None)
    };
    Ok(BuiltPage {
        locale: s.locale.clone(),
        path: s.path.clone(),
        title: head.title,
        description: head.description,
        tags: head.tags,
        published: head.published,
        date: head.date,
        date_created: head.date_created,
        editor: head.editor,
        content,
        body,
        script_js,
        source: s.file.path.clone(),
        dialect: s.doc.dialect,
        file,
        script_file,
        conversions,
        remaining,
        anchor_ids,
        anchor_links,
    })
}

/// Links from one built page to an anchor of another (`/en/setup#install`), told (GL201) when
/// the page they lead to, as built, lacks the id. A link to a page the build does not have is
/// left to the other checks.
fn cross_page_anchors(pages: &mut [BuiltPage]) {
    let ids: HashMap<(String, String), Vec<String>> = pages
        .iter_mut()
        .map(|p| {
            (
                (p.locale.clone(), p.path.clone()),
                std::mem::take(&mut p.anchor_ids),
            )
        })
        .collect();
    for p in pages.iter_mut() {
        let before = p.remaining.len();
        for (key, fragment, told) in std::mem::take(&mut p.anchor_links) {
            if ids
                .get(&(key.locale, key.path))
                .is_some_and(|ids| ids.binary_search(&fragment).is_err())
            {
                p.remaining.push(told);
            }
        }
        if p.remaining.len() > before {
            p.remaining
                .sort_by(|a, b| (a.line, a.column, a.code()).cmp(&(b.line, b.column, b.code())));
        }
    }
}

/// What the check of a built page ([`verify`]) looks its links and images up in: the build as a
/// whole, which is what the wiki gets.
struct Site<'a> {
    /// The pages of the build, by locale and Wiki.js path.
    pages: HashSet<(&'a str, &'a str)>,
    /// The wiki paths `build.assets` maps URLs to ([`assets::Collected::mapped`]).
    mapped: &'a HashSet<String>,
    /// The assets root's files, as `check` lists them for GL204. `None` without an assets root:
    /// `check` then tells no asset missing (it does not guess where the wiki's files live), and
    /// neither does the build.
    assets: Option<&'a crate::loader::AssetIndex>,
}

impl Site<'_> {
    /// Whether the wiki has the page `/<locale>/<path>` once the build is published: a page of
    /// the build, or one declared in `known-pages` (what GL202 takes for an existing page).
    fn has_page(&self, config: &Config, locale: &str, path: &str) -> bool {
        self.pages.contains(&(locale, path)) || config.is_known_page(&format!("/{locale}/{path}"))
    }

    /// Whether the asset at the wiki path `served` (percent-decoded, without the leading `/`)
    /// is missing once the build is published: the assets root has no such file (GL204's test)
    /// and no `build.assets` rule maps a URL there. Never without an assets root.
    fn lacks_asset(&self, served: &str) -> bool {
        self.assets.is_some_and(|a| !a.contains(served)) && !self.mapped.contains(served)
    }
}

/// Checks a built page as the Wiki.js page it is: the file rules, with the source page's rule
/// set; GL204 for the images and files it uses that the wiki will not have (a workspace rule,
/// which `check_page` leaves out, so it is asked here, against the whole build); and the links
/// and images whose URL is still relative and leads nowhere. Rules that the source page disables
/// with a suppression comment stay quiet (build removes the comments).
/// `known`: the file rules' findings on `doc` as the page `s.file`, when the conversions' last
/// round made them.
fn verify(
    s: &Source,
    doc: &Document,
    config: &Config,
    known: Option<Vec<crate::Finding>>,
    site: &Site<'_>,
) -> Verified {
    let file = &s.file;
    let settings = crate::RuleSettings::from_config(config, Default::default());
    let disabled = crate::suppress::disabled_rules(&s.doc);
    let mut out: Vec<(usize, Remaining)> = Vec::new();
    let mut anchor_links = Vec::new();
    let at = |offset: usize| doc.line_col(offset);
    let remaining = |offset: usize, rule, severity, message| {
        let lc = at(offset);
        (
            offset,
            Remaining {
                rule,
                severity,
                line: lc.line,
                column: lc.column,
                message,
            },
        )
    };
    // `None`: a directive disables every rule somewhere on the page.
    if let Some(quiet) = disabled {
        let findings = known.unwrap_or_else(|| crate::check_page(doc, file, config, &settings));
        for f in findings {
            if quiet.contains(&f.rule)
                || matches!(
                    f.rule,
                    crate::Rule::UnusedSuppression | crate::Rule::InvalidSuppression
                )
            {
                continue;
            }
            out.push(remaining(
                f.range.start,
                Some(f.rule),
                f.severity,
                f.message.into_owned(),
            ));
        }
        // An image or file missing from the wiki, where `check` reports it on the source page
        // (GL204): resolved as `check` resolves it, at the URL as `check` places it. A relative
        // URL is reported below, as still relative.
        let rules = settings.for_path(file.rel.as_deref());
        let wants = |rule| rules.is_enabled(rule) && !quiet.contains(&rule);
        let refs = if wants(crate::Rule::BrokenAnchor)
            || (site.assets.is_some() && wants(crate::Rule::MissingAsset))
        {
            crate::workspace::link_refs(doc, file, config)
        } else {
            Vec::new()
        };
        // A link to an anchor of this page that the built page lacks (GL201, as `check` tells
        // it on the source page): the build gave the fragment an id the wiki does not give.
        // Links to other pages' anchors are judged once every page is built.
        let rule = crate::Rule::BrokenAnchor;
        if wants(rule) {
            let ids = crate::workspace::live_anchor_ids(doc);
            for l in &refs {
                use crate::workspace::Target;
                let (key, fragment) = match &l.target {
                    Target::SamePage { fragment } => (None, fragment),
                    Target::Page {
                        key,
                        fragment: Some(fragment),
                        ..
                    } => (Some(key), fragment),
                    _ => continue,
                };
                if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
                    continue;
                }
                let range = l.fragment_range.as_ref().unwrap_or(&l.url_range);
                let shown = crate::logsafe::text(fragment);
                match key {
                    None if ids.binary_search(fragment).is_err() => out.push(remaining(
                        range.start,
                        Some(rule),
                        rules.severity(rule),
                        format!("link to `#{shown}`: the built page has no such anchor"),
                    )),
                    None => {}
                    Some(key) => anchor_links.push((
                        key.clone(),
                        fragment.clone(),
                        remaining(
                            range.start,
                            Some(rule),
                            rules.severity(rule),
                            format!(
                                "link to `#{shown}` on `/{}/{}`: that built page has no such \
                                 anchor",
                                crate::logsafe::text(&key.locale),
                                crate::logsafe::text(&key.path)
                            ),
                        )
                        .1,
                    )),
                }
            }
        }
        let rule = crate::Rule::MissingAsset;
        if site.assets.is_some() && wants(rule) {
            for l in refs {
                let crate::workspace::Target::Asset { served } = &l.target else {
                    continue;
                };
                if is_relative(&l.url) || !site.lacks_asset(served) {
                    continue;
                }
                let what = if l.source.is_image() { "image" } else { "file" };
                out.push(remaining(
                    l.url_range.start,
                    Some(rule),
                    rules.severity(rule),
                    format!(
                        "{what} `/{served}` is not in the assets, and no `build.assets` rule \
                         publishes it"
                    ),
                ));
            }
        }
    }
    let links = doc.links.iter().map(|l| {
        let image = l.kind == crate::document::LinkKind::Image;
        (l.range.start, l.url.clone(), image)
    });
    let sized = doc
        .sized_images()
        .into_iter()
        .map(|i| (i.range.start, i.src, true));
    for (start, url, image) in links.chain(sized) {
        if doc.in_code(start) || !is_relative(&url) {
            continue;
        }
        let shown = crate::logsafe::text(&url);
        let message = if image {
            format!(
                "image `{shown}` is still relative after build: Wiki.js resolves it against the \
                 page's path, where there is no such file (map its folder with `build.assets`)"
            )
        } else if let Some(target) =
            crate::wikijs::link::resolve_page_link(url.trim(), &s.path, &s.locale, true)
        {
            // A page link: Wiki.js makes it a child of the page, as `check` resolves it for
            // GL202, and it works where the build (or `known-pages`) has that page.
            if site.has_page(config, &target.locale, &target.path) {
                continue;
            }
            format!(
                "link `{shown}` is still relative after build: Wiki.js makes it a child of this \
                 page, `/{}/{}`, and the build has no such page (link the page by its full path, \
                 `/<locale>/<page>`; declare a page made on the wiki in `known-pages`)",
                target.locale, target.path
            )
        } else {
            format!(
                "link `{shown}` is still relative after build: Wiki.js resolves it against the \
                 page's path, where there is no such file"
            )
        };
        out.push(remaining(start, None, crate::Severity::Error, message));
    }
    out.sort_by_key(|(offset, r)| (*offset, r.code()));
    Verified {
        remaining: out.into_iter().map(|(_, r)| r).collect(),
        anchor_links,
    }
}

/// What the check of a built page found ([`verify`]): what remains wrong with it, and its links
/// to other pages' anchors, judged once every page is built.
struct Verified {
    remaining: Vec<Remaining>,
    anchor_links: Vec<(crate::workspace::PageKey, String, Remaining)>,
}

/// Whether a URL names a file relative to the page (`img/a.png`, `../faq`), as opposed to an
/// absolute path, a fragment, a scheme (`https:`, `mailto:`) or a protocol-relative URL.
fn is_relative(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.starts_with(['/', '#', '?']) {
        return false;
    }
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    !scheme
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;

    /// With the built header's plan, the last pass gives the body the plain conversion gives,
    /// with the same conversions, and its last parse is the built page (header and body), so
    /// `verify` reads it instead of parsing the page again: a MkDocs page (converted, then read
    /// as Wiki.js), and Wiki.js pages with and without a header of their own whose first round
    /// changes them.
    #[test]
    fn the_last_pass_parses_the_built_page() {
        let config = Config::from_parts(ConfigFile::default(), None, PathBuf::from(".")).unwrap();
        let pages = [
            (
                "en/page.md",
                "---\ntitle: T\n---\n\n# Heading\n\n!!! note \"Title\"\n\n    Body\n    more.\n\n<div class=\"x\"/>\n",
                Dialect::Mkdocs,
            ),
            (
                "da/page.md",
                "# Overskrift\n\nTekst.\n\n<div class=\"x\"/>\n",
                Dialect::Wikijs,
            ),
            (
                "da/side.md",
                "---\ntitle: Side\ndescription: d\n---\n\n\n<div class=\"x\"/>\n\n## Mere\n",
                Dialect::Wikijs,
            ),
        ];
        for (name, text, dialect) in pages {
            let doc = Document::parse(PathBuf::from(name), text.to_string(), Some(dialect));
            let rel = Path::new(name);
            let (locale, path) = convert::page_of(rel, "en");
            let mut index = PageIndex::new();
            index.insert(
                crate::util::slash_path(rel),
                PageTarget {
                    locale,
                    path,
                    anchors: convert::anchor_map(&doc),
                },
            );
            let plan = HeaderPlan {
                meta: source_meta(&doc),
                name: "page".into(),
                previous: None,
                now: "2024-01-02T03:04:05.678Z".into(),
            };
            let (plain_n, plain, _) = convert_page(&doc, rel, &config, &index, None).unwrap();
            let (n, built, findings) =
                convert_page(&doc, rel, &config, &index, Some(&plan)).unwrap();
            assert!(
                n.contains_key(&Conversion::SelfClosing),
                "{name}: the page changes: {n:?}"
            );
            assert_eq!(n, plain_n, "{name}");
            let body = body_of(&built.text);
            assert_eq!(body, body_of(&plain.text), "{name}");
            let content = compose(&plan.header(&built.headings, body).render(), body);
            assert_eq!(
                built.text, content,
                "{name}: the last parse is the built page"
            );
            let fresh = Document::parse(built.path.clone(), content, Some(Dialect::Wikijs));
            assert_eq!(format!("{built:?}"), format!("{fresh:?}"), "{name}");
            // Its findings come along, for the same page file as the build's.
            assert!(findings.is_some(), "{name}");
        }
    }
}
