//! The page loader: the one way a run finds and reads guide pages. `check`, `check --fix`,
//! `build`, `status`, `translations accept`, `sync --from` and the language server all load
//! through it, so every command keeps the same boundary and reports a page it cannot use the
//! same way: a [`FileError`] with the path and, when the problem is at a place in the file, its
//! line and column.
//!
//! One [`Loader`] serves one run: it walks the guides tree at most once (the checked pages, the
//! pages the workspace rules look up, the list of every file Wiki.js would import and, when the
//! assets root lies inside the guides root, the assets' files all come from that walk), and each
//! page is read once by whoever needs it. An assets root elsewhere is walked once, on its own.
//!
//! The repository boundary is kept here (docs/security.md):
//! - a symbolic link whose target lies outside the repository is reported with its target and
//!   never read (`--allow-outside-repository` trusts the guides folder as if it were inside);
//!   linked folders are not walked into;
//! - a FIFO, socket or device is reported as skipped and never opened;
//! - a page larger than [`MAX_FILE_SIZE`] is refused before it is read;
//! - a page that does not decode (not UTF-8, UTF-16, binary) or nests too deep is refused with
//!   the position of the problem.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use crate::config::Config;
use crate::discover::{PageFile, is_page};
use crate::document::{self, Dialect, Document, ReadError, io_message};
use crate::error::FileError;

/// The largest file read as a page. Guide pages are kilobytes; a file of tens of megabytes is a
/// log or a dump saved as `.md`, and dense markup costs comrak about a hundred times its size.
pub const MAX_FILE_SIZE: u64 = 32 << 20;

/// Page texts that stand in for the files on disk, by path: an editor's unsaved buffers. A page
/// in the overlay is read from it, whether its file exists or not; every other page from disk.
pub type Overlay<'t> = HashMap<PathBuf, &'t str>;

/// The pages a walk found, and the paths it could not use.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Sorted by path, without duplicates.
    pub files: Vec<PageFile>,
    /// Sorted.
    pub errors: Vec<FileError>,
    /// The folders below the walked ones that hold a project's configuration (a
    /// `guide-lint.yml`, `mkdocs.yml`, `mkdocs.yaml` or `zensical.toml`), sorted: see
    /// [`crate::config::nested_projects`].
    pub projects: Vec<PathBuf>,
}

/// The guides tree, walked once per run.
#[derive(Debug, Default)]
pub struct Tree {
    /// The pages under the guides root, as a walk of the root lists them.
    pub listing: Listing,
    /// Every regular file under the guides root that Wiki.js's git storage would import as a
    /// page (`.md`, `.html`, `.adoc`), relative to the root, sorted.
    pub page_like: Vec<PathBuf>,
    /// Page path relative to the root -> index into `listing.files`.
    by_rel: HashMap<PathBuf, usize>,
    /// The assets root's files, when the assets root is a folder this walk went through.
    assets: Option<AssetIndex>,
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
    /// Adds a file, by its path relative to the assets root (a name that is not UTF-8 is not
    /// served under any name a page could write: left out).
    fn add(&mut self, rel: &Path) {
        let Some(served) = rel.to_str().map(|_| crate::util::slash_path(rel)) else {
            return;
        };
        self.lowercase.insert(served.to_lowercase(), served.clone());
        self.files.insert(served);
    }

    pub fn contains(&self, served: &str) -> bool {
        self.files.contains(served)
    }
}

/// Why a regular file is at `served` (a path under the assets root, as [`AssetIndex`] holds
/// them) though the walk did not list it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlisted {
    /// An ignore file (`.gitignore`, `.ignore`, `.git/info/exclude`) leaves it out. A file the
    /// docs build generates (a JSON dump, a coverage report) is often one: on the disk of
    /// whoever built the site, in no clone.
    Ignored,
    /// It lies in a linked folder, inside the repository: the walk never follows a link into
    /// a folder (MkDocs does, when it builds the site).
    Linked,
    /// It is itself a symbolic link to a file inside the repository, which the walk does not
    /// list as the site's file (MkDocs copies what it leads to).
    Link,
}

/// Whether, and why, `served` is a regular file inside the repository that the walk left out
/// ([`Unlisted`]); `None` when no such file is there, or it is hidden. Only looked at: nothing
/// is read.
pub fn unlisted_asset(config: &Config, served: &str) -> Option<Unlisted> {
    if served
        .split('/')
        .any(|c| c.is_empty() || c.starts_with('.'))
    {
        return None;
    }
    let root = config.assets_root()?;
    let path = root.join(served);
    let real_root = std::fs::canonicalize(&root).ok()?;
    let real = std::fs::canonicalize(&path).ok()?;
    if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) || !config.is_inside_boundary(&real) {
        return None;
    }
    // Reached without a link on the way, or through one.
    if real == real_root.join(served) {
        Some(Unlisted::Ignored)
    } else if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        Some(Unlisted::Link)
    } else {
        Some(Unlisted::Linked)
    }
}

impl Tree {
    /// The page at `rel` (relative to the guides root), when the walk found one there.
    pub fn page(&self, rel: &Path) -> Option<&PageFile> {
        self.by_rel.get(rel).map(|&i| &self.listing.files[i])
    }
}

/// Finds and reads the pages of one run.
pub struct Loader<'a> {
    config: &'a Config,
    overlay: Option<&'a Overlay<'a>>,
    tree: OnceLock<Tree>,
    /// The assets root's files when the tree's walk did not list them.
    assets: OnceLock<Option<AssetIndex>>,
    /// The cache folder, where the walks' listings are kept ([`listing`]).
    listing_cache: Option<PathBuf>,
    /// The guides root, as configured and resolved, for [`Loader::page_file`]: resolving it
    /// costs a link read per folder of its path, once per run instead of once per page.
    guides_root: OnceLock<(PathBuf, Option<PathBuf>)>,
}

impl<'a> Loader<'a> {
    /// A loader reading every page from disk.
    pub fn new(config: &'a Config) -> Loader<'a> {
        Loader {
            config,
            overlay: None,
            tree: OnceLock::new(),
            assets: OnceLock::new(),
            listing_cache: None,
            guides_root: OnceLock::new(),
        }
    }

    /// Keeps the listings of the folders this loader walks in the cache folder `dir`, and
    /// takes a walk's listing from there when none of its folders changed (docs/cache.md).
    pub fn with_listing_cache(mut self, dir: Option<&Path>) -> Self {
        self.listing_cache = dir.map(Path::to_path_buf);
        self
    }

    /// A loader reading the pages in `overlay` from it (an editor's unsaved buffers), every
    /// other page from disk.
    pub fn with_overlay(config: &'a Config, overlay: &'a Overlay<'a>) -> Loader<'a> {
        Loader {
            config,
            overlay: (!overlay.is_empty()).then_some(overlay),
            tree: OnceLock::new(),
            assets: OnceLock::new(),
            listing_cache: None,
            guides_root: OnceLock::new(),
        }
    }

    pub fn config(&self) -> &'a Config {
        self.config
    }

    /// Whether some pages come from an overlay rather than from disk.
    pub fn has_overlay(&self) -> bool {
        self.overlay.is_some()
    }

    /// The guides tree, walked on first use (an empty tree when the root is not a folder).
    pub fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| {
            let root = self.config.guides_root();
            if !root.is_dir() {
                return Tree::default();
            }
            let mut walk = Walk::new(self.config);
            walk.cache = self.listing_cache.as_deref();
            walk.assets = self.config.assets_root().and_then(|a| {
                Some((
                    plain(&a).strip_prefix(plain(&root)).ok()?.to_path_buf(),
                    None,
                ))
            });
            walk.add(&root, true);
            let assets = walk.assets.take().and_then(|(_, found)| found);
            let (listing, page_like) = walk.finish();
            let by_rel = listing
                .files
                .iter()
                .enumerate()
                .filter_map(|(i, f)| Some((f.rel.clone()?, i)))
                .collect();
            Tree {
                listing,
                page_like,
                by_rel,
                assets,
            }
        })
    }

    /// The files of the configured assets root (`.gitignore` respected), when it is a folder:
    /// listed by the tree's walk when the assets root lies inside the guides root, else by one
    /// walk of its own, once per run.
    pub fn assets(&self) -> Option<&AssetIndex> {
        let dir = self.config.assets_root()?;
        if !dir.is_dir() {
            return None;
        }
        if let Some(listed) = &self.tree().assets {
            return Some(listed);
        }
        self.assets.get_or_init(|| Some(scan_assets(&dir))).as_ref()
    }

    /// The pages under `paths` (files or folders): sorted, without duplicates, with the paths
    /// that could not be used. A folder that is the guides root is the tree's walk, shared with
    /// the rest of the run.
    pub fn discover(&self, paths: &[PathBuf]) -> Listing {
        let root = self.config.guides_root();
        let (whole, rest): (Vec<&PathBuf>, Vec<&PathBuf>) = paths
            .iter()
            .partition(|p| **p == root && !is_symlink(p) && p.is_dir());
        if rest.is_empty() && !whole.is_empty() {
            return self.tree().listing.clone();
        }
        let mut walk = Walk::new(self.config);
        walk.cache = self.listing_cache.as_deref();
        for given in rest {
            walk.add(given, false);
        }
        let (mut listing, _) = walk.finish();
        if !whole.is_empty() {
            let tree = &self.tree().listing;
            listing.files.extend(tree.files.iter().cloned());
            listing.errors.extend(tree.errors.iter().cloned());
            listing.projects.extend(tree.projects.iter().cloned());
            listing.files.sort();
            listing.files.dedup_by(|a, b| a.path == b.path);
            listing.errors.sort();
            listing.projects.sort();
            listing.projects.dedup();
        }
        listing
    }

    /// The dialect configured for a page, if any; `None` leaves it to detection.
    ///
    /// A MkDocs project without guide-lint configuration has no wiki: a page outside its
    /// `docs_dir` (the repository's README, CONTRIBUTING and CHANGELOG, a test fixture's page
    /// with MkDocs metadata) is read as MkDocs, whose relative `.md` links it shares with the
    /// forge that shows it. A page whose header holds a key Wiki.js writes or reads
    /// ([`document::FrontMatter::written_for_wikijs`]) is still detected: a Wiki.js page stays
    /// one.
    pub fn dialect(&self, file: &PageFile, text: &str) -> Option<Dialect> {
        self.config.dialect_of(file.rel.as_deref()).or_else(|| {
            (file.rel.is_none()
                && self.config.is_mkdocs_only()
                && !document::front_matter::written_by_wikijs(text))
            .then_some(Dialect::Mkdocs)
        })
    }

    /// A page's text: the overlay's, else the file's, read within [`MAX_FILE_SIZE`] and decoded.
    /// A page not found by the walk gets the walk's checks here: a link leading out of the
    /// repository, or a FIFO or device, is refused and never opened.
    ///
    /// A page the walk found to be a regular file ([`PageFile::walked_regular`]) is not looked
    /// at again: as with [`Loader::read_regular_text`], the open refuses a link put in its
    /// place since, which is then looked at as any other, and the opened file is read only if
    /// it is a regular file.
    pub fn read_text(&self, file: &PageFile) -> Result<String, FileError> {
        self.read_text_looked(file, file.walked_regular)
    }

    /// [`Loader::read_text`] for a page that was just looked at and found to be a regular file
    /// (the cache's `lstat` of it, [`crate::cache::Stat`]): that look is not made again. The
    /// open still refuses a link put in the page's place since, and the page is then looked
    /// at as any other.
    pub fn read_regular_text(&self, file: &PageFile) -> Result<String, FileError> {
        self.read_text_looked(file, true)
    }

    fn read_text_looked(&self, file: &PageFile, mut regular: bool) -> Result<String, FileError> {
        if let Some(text) = self.overlay.and_then(|o| o.get(&file.path)) {
            if text.len() as u64 > MAX_FILE_SIZE {
                return Err(file_error(
                    &file.path,
                    &ReadError::TooLarge {
                        size: text.len() as u64,
                        limit: MAX_FILE_SIZE,
                    },
                ));
            }
            return Ok((*text).to_string());
        }
        let failed = |e: &ReadError| file_error(&file.path, e);
        // A link put in the page's place after the look is not followed: the open fails, and
        // the page is looked at again (once: a path that keeps changing is not read).
        for _ in 0..2 {
            // Only a link the look found, and checked, is followed.
            let (mut follow, mut no_link) = (false, regular);
            if regular {
                regular = false;
            } else if let Ok(m) = std::fs::symlink_metadata(&file.path) {
                if m.file_type().is_symlink() {
                    if let Linked::Error(e) = linked(&file.path, self.config) {
                        return Err(e);
                    }
                    follow = true;
                } else if crate::fsutil::special_kind(&m).is_some() {
                    return Err(special(file.path.clone(), &m));
                } else {
                    no_link = true;
                }
            }
            match open_page(&file.path, follow) {
                // (A look that failed, on a loop of links in a folder above, fails the open the
                // same way: that is no change of the page, and is reported as it is.)
                Err(e) if no_link && is_link_refused(&e) => continue,
                Err(e) => return Err(failed(&ReadError::Io(io_message(&e)))),
                Ok(opened) => {
                    return read_opened(opened)
                        .and_then(document::decode)
                        .map_err(|e| failed(&e));
                }
            }
        }
        Err(failed(&ReadError::Io(
            "became a link while it was read; not read".into(),
        )))
    }

    /// Parses a page's text (from [`Loader::read_text`]) in its configured dialect, within the
    /// nesting limits.
    pub fn parse(&self, file: &PageFile, text: String) -> Result<Document, FileError> {
        let dialect = self.dialect(file, &text);
        Document::from_file_text(&file.path, text, dialect, self.config.toc())
            .map_err(|e| file_error(&file.path, &e))
    }

    /// Reads and parses a page.
    pub fn load(&self, file: &PageFile) -> Result<Document, FileError> {
        self.parse(file, self.read_text(file)?)
    }

    /// The page file `path` is (its locale and path under the guides root), for a path that is
    /// not walked: a page named on the command line, or an editor's buffer.
    pub fn page_file(&self, path: &Path) -> PageFile {
        let (root, abs_root) = self.guides_root.get_or_init(|| {
            let root = self.config.guides_root();
            let abs_root = std::fs::canonicalize(&root).ok();
            (root, abs_root)
        });
        crate::discover::page(path.to_path_buf(), root, abs_root.as_deref(), self.config)
    }
}

/// A file a page includes (a pymdownx.snippets file, [`crate::snippets`]), read as a page is:
/// within [`MAX_FILE_SIZE`] and decoded, and only inside `boundary`, its links resolved (a
/// link or a path leading out of the repository is refused, never opened). A FIFO, socket or
/// device is refused before it is opened.
pub fn read_included(path: &Path, boundary: &crate::config::Boundary) -> Result<String, String> {
    let m = std::fs::symlink_metadata(path).map_err(|e| io_message(&e))?;
    if !m.file_type().is_symlink()
        && let Some(kind) = crate::fsutil::special_kind(&m)
    {
        return Err(format!("is {kind}, not a regular file; not read"));
    }
    if !boundary.contains(path) {
        let target = crate::fsutil::resolve(path);
        return Err(format!(
            "resolves to {}, outside the repository: not read",
            crate::logsafe::path(&target)
        ));
    }
    read_limited(path)
        .and_then(document::decode)
        .map_err(|e| e.to_string())
}

/// A page's text read again to be drawn, when it is still the text checked: `hash` is the
/// BLAKE3 hash of what [`Loader::read_text`] gave. `None` for anything else (the page
/// changed, or is no longer a regular file: nothing but the text checked is ever shown).
pub fn read_again(path: &Path, hash: &[u8; 32]) -> Option<String> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let text = read_limited(path).and_then(document::decode).ok()?;
    (text_hash(&text) == *hash).then_some(text)
}

/// The BLAKE3 hash of a page's text alone: what [`read_again`] checks, and what the cache's
/// page hash builds on. The text is hashed on its own, from its first byte: BLAKE3 hashes whole
/// 1 KiB chunks side by side, which a prefix would shift out of line with the text (the chunk
/// it cuts is hashed one block at a time).
pub fn text_hash(text: &str) -> [u8; 32] {
    *blake3::hash(text.as_bytes()).as_bytes()
}

/// A [`FileError`] from a page that could not be read or parsed.
pub fn file_error(path: &Path, e: &ReadError) -> FileError {
    FileError {
        path: path.to_path_buf(),
        message: e.to_string(),
        position: e.position().map(|p| (p.line, p.column, p.offset)),
    }
}

/// The file's bytes, refusing files larger than [`MAX_FILE_SIZE`] before reading them (and
/// stopping at the limit if the file grows while it is read).
fn read_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = open_page(path, true).map_err(|e| ReadError::Io(io_message(&e)))?;
    read_opened(file)
}

/// An opened page's bytes: a regular file's only, within [`MAX_FILE_SIZE`].
fn read_opened(file: std::fs::File) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let io = |e: std::io::Error| ReadError::Io(io_message(&e));
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::Io("is a directory".into()));
    }
    if let Some(kind) = crate::fsutil::special_kind(&meta) {
        return Err(ReadError::Io(format!(
            "is {kind}, not a regular file; not read"
        )));
    }
    let too_large = |size: u64| ReadError::TooLarge {
        size,
        limit: MAX_FILE_SIZE,
    };
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens a page for reading without waiting: a named pipe put in a page's place after it was
/// looked at (its kind is checked before it is opened) opens at once, and is refused by its
/// kind, instead of blocking until something writes to it. Reading a regular file is the same.
///
/// Without `follow`, a link in the page's place is not followed (the open fails, see
/// [`is_link_refused`]): the page was looked at and was no link, so one found now was put there
/// since, and has not been checked against the repository's boundary.
fn open_page(path: &Path, follow: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    #[cfg(not(unix))]
    let _ = follow;
    options.open(path)
}

/// Whether an open without following links failed because the path is a link (`ELOOP`;
/// `EMLINK` on FreeBSD).
fn is_link_refused(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::ELOOP | libc::EMLINK))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

fn is_symlink(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// A path without its `.` components, to compare where two paths point without touching the
/// disk.
fn plain(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// The files under an assets root that the guides tree's walk did not go through (`.gitignore`
/// respected; hidden files and linked files left out).
fn scan_assets(root: &Path) -> AssetIndex {
    let mut index = AssetIndex::default();
    for entry in listed(root).into_iter().flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(root) {
            index.add(rel);
        }
    }
    index
}

/// One walk over some paths, applying the boundary rules.
struct Walk<'c> {
    config: &'c Config,
    /// The cache folder keeping the walks' listings.
    cache: Option<&'c Path>,
    root: PathBuf,
    abs_root: Option<PathBuf>,
    files: Vec<PageFile>,
    errors: Vec<FileError>,
    page_like: Vec<PathBuf>,
    /// The folders met that hold a project's configuration ([`Listing::projects`]).
    projects: Vec<PathBuf>,
    /// For the guides tree's walk: the assets root relative to the walked folder, when inside
    /// it, and its files once the walk enters it.
    assets: Option<(PathBuf, Option<AssetIndex>)>,
    /// How many paths were walked ([`Walk::add`]).
    given: usize,
}

impl<'c> Walk<'c> {
    fn new(config: &'c Config) -> Walk<'c> {
        let root = config.guides_root();
        let abs_root = std::fs::canonicalize(&root).ok();
        Walk {
            config,
            cache: None,
            root,
            abs_root,
            files: Vec::new(),
            errors: Vec::new(),
            page_like: Vec::new(),
            projects: Vec::new(),
            given: 0,
            assets: None,
        }
    }

    fn page(&self, path: PathBuf) -> PageFile {
        crate::discover::page(path, &self.root, self.abs_root.as_deref(), self.config)
    }

    /// Walks `given` (a file or a folder). With `page_like`, also lists the files under it that
    /// Wiki.js would import as pages, relative to `given`.
    fn add(&mut self, given: &Path, page_like: bool) {
        self.given += 1;
        // A path named on the command line is the caller's choice; a link named there still
        // must not lead out of the repository.
        if is_symlink(given)
            && let Linked::Error(e) = linked(given, self.config)
        {
            self.errors.push(e);
            return;
        }
        match std::fs::metadata(given) {
            Err(e) => self.errors.push(error(given.to_path_buf(), io_message(&e))),
            Ok(m) if m.is_file() => {
                let page = self.page(given.to_path_buf());
                self.files.push(page);
            }
            // A FIFO, socket or device given by name: reading it could block or never end.
            Ok(m) if !m.is_dir() => self.errors.push(special(given.to_path_buf(), &m)),
            Ok(_) => self.walk(given, page_like),
        }
    }

    /// Walks a folder, or takes its listing from the cache when none of its folders changed.
    fn walk(&mut self, given: &Path, page_like: bool) {
        let fresh_assets = !matches!(self.assets, Some((_, Some(_))));
        let Some(cache) = self.cache.filter(|_| fresh_assets && !is_symlink(given)) else {
            return self.walk_folders(given, page_like, None);
        };
        let assets_dir = self.assets.as_ref().map(|(dir, _)| dir.as_path());
        let key = listing::key(
            given,
            page_like,
            assets_dir,
            &self.root,
            self.abs_root.as_deref(),
            // Which files are pages depends on what the MkDocs site leaves out.
            &format!("{:?}", self.config.mkdocs.as_ref().map(|p| &p.site_files)),
        );
        let file = listing::file(cache, &key);
        if let Some(found) = listing::load(&file, &key) {
            self.files.extend(found.files);
            self.page_like.extend(found.page_like);
            self.projects
                .extend(found.projects.into_iter().map(PathBuf::from));
            if let (Some((_, slot)), Some(served)) = (&mut self.assets, found.assets) {
                let mut index = AssetIndex::default();
                for s in served {
                    index.add(Path::new(&s));
                }
                *slot = Some(index);
            }
            return;
        }
        let before = (
            self.files.len(),
            self.page_like.len(),
            self.errors.len(),
            self.projects.len(),
        );
        let mut seen = listing::Seen::default();
        self.walk_folders(given, page_like, Some(&mut seen));
        if self.errors.len() != before.2 {
            return;
        }
        let assets = self.assets.as_ref().and_then(|(_, found)| found.as_ref());
        let record = seen.record(
            given,
            &self.files[before.0..],
            &self.page_like[before.1..],
            &self.projects[before.3..],
            assets.is_some(),
        );
        if let Some(bytes) = record.and_then(|r| listing::encode(&key, &r)) {
            let _ = crate::fsutil::write_cache_file(cache, &file, &bytes);
        }
    }

    fn walk_folders(
        &mut self,
        given: &Path,
        page_like: bool,
        mut seen: Option<&mut listing::Seen>,
    ) {
        for entry in listed(given) {
            match entry {
                // Links first: whatever their name, one leading out is reported.
                Ok(e) if e.path_is_symlink() && e.depth() > 0 => {
                    // What a link leads to can change without its folder changing.
                    if let Some(seen) = seen.as_deref_mut() {
                        seen.unusable = true;
                    }
                    match linked(e.path(), self.config) {
                        Linked::Page => {
                            let page = self.page(e.into_path());
                            self.files.push(page);
                        }
                        Linked::Skip => {}
                        Linked::Error(err) => self.errors.push(err),
                    }
                }
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    if e.depth() > 0
                        && is_project_file(e.file_name())
                        && let Some(folder) = e.path().parent()
                    {
                        // Spelt as the pages' paths are ([`crate::discover::page`]): `./site`
                        // as `site`.
                        let folder = match folder.strip_prefix(".") {
                            Ok(f) if !f.as_os_str().is_empty() => f,
                            _ => folder,
                        };
                        self.projects.push(folder.to_path_buf());
                    }
                    if let Some((dir, Some(index))) = &mut self.assets
                        && let Ok(rel) = e.path().strip_prefix(given)
                        && let Ok(served) = rel.strip_prefix(&*dir)
                    {
                        index.add(served);
                        if let Some(seen) = seen.as_deref_mut() {
                            seen.served.push(served.to_path_buf());
                        }
                    }
                    if page_like
                        && is_page_like(e.path())
                        && let Ok(rel) = e.path().strip_prefix(given)
                    {
                        self.page_like.push(rel.to_path_buf());
                    }
                    if is_page(e.path()) {
                        // The folder's listing said so (a link is met above).
                        let page = PageFile {
                            walked_regular: true,
                            ..self.page(e.into_path())
                        };
                        self.files.push(page);
                    }
                }
                Ok(e) if e.file_type().is_some_and(|t| t.is_dir()) => {
                    if let Some(seen) = seen.as_deref_mut() {
                        seen.folders.push(e.path().to_path_buf());
                    }
                    // The walk enters the assets root: its files are listed from here on.
                    if let Some((dir, found @ None)) = &mut self.assets
                        && e.path()
                            .strip_prefix(given)
                            .is_ok_and(|rel| rel == dir.as_path())
                    {
                        *found = Some(AssetIndex::default());
                    }
                }
                // Neither file, folder nor link: a FIFO, a socket or a device.
                Ok(e) => match std::fs::symlink_metadata(e.path()) {
                    Ok(m) => self.errors.push(special(e.into_path(), &m)),
                    Err(err) => self.errors.push(error(e.into_path(), io_message(&err))),
                },
                Err(err) => self.errors.push(walk_error(err, given)),
            }
        }
    }

    fn finish(mut self) -> (Listing, Vec<PathBuf>) {
        // One path's walk lists its pages in order and once each ([`listed`]): checked by
        // their bytes, which costs a fraction of sorting them again by `Path`'s comparison (the
        // whole of a warm run's sorting). Paths of one walk are its root joined with names, so
        // their byte order is `Path`'s; their rest of the key follows from the path. Only where
        // the separator is `/` ([`path_order`]): Windows joins with `\`, which ranks after
        // `.` and `-`.
        let walked_in_order = cfg!(unix)
            && self.given == 1
            && self
                .files
                .windows(2)
                .all(|w| path_order(&w[0].path, &w[1].path).is_lt());
        debug_assert!(!walked_in_order || self.files.is_sorted());
        if !walked_in_order {
            self.files.sort();
            self.files.dedup_by(|a, b| a.path == b.path);
        }
        self.errors.sort();
        self.page_like.sort();
        self.projects.sort();
        self.projects.dedup();
        (
            Listing {
                files: self.files,
                errors: self.errors,
                projects: self.projects,
            },
            self.page_like,
        )
    }
}

mod listing;

/// Every entry under `given` that the ignore rules keep, in the order of a depth-first walk
/// with each folder's entries sorted by name; the errors met, after them.
///
/// The walk reads each folder's listing before its ignore files, and opens only the ignore
/// files the listing holds: a folder without any costs no look for them (the walker run on the
/// caller's thread would look for `.gitignore`, `.ignore`, `.git` and `.git/info/exclude` in
/// every folder). It runs on one thread of its own; the entries are then sorted, so the order
/// does not depend on the walk's.
fn listed(given: &Path) -> Vec<Result<ignore::DirEntry, ignore::Error>> {
    let found = std::sync::Mutex::new(Vec::new());
    ignore::WalkBuilder::new(given)
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .threads(1)
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                if let Ok(mut found) = found.lock() {
                    found.push(entry);
                }
                ignore::WalkState::Continue
            })
        });
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    // Component by component, as `Path`'s order: a folder's entries come right after it.
    found.sort_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => path_order(a.path(), b.path()),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        (Err(_), Err(_)) => std::cmp::Ordering::Equal,
    });
    found
}

/// `Path`'s order for the walker's paths (one root, names joined by single `/`), in one pass
/// over their bytes: the separator ranks before every other byte, so `a/b` comes before `a-b`
/// and `a.b` as the component `a` does. Comparing component by component cost a tenth of a
/// million instructions per thousand entries.
fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let rank = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => rank(a[i]).cmp(&rank(b[i])),
        None => a.len().cmp(&b.len()),
    }
}

/// Whether a file of this name is a project's configuration: guide-lint's, or a MkDocs or
/// Zensical project's ([`crate::mkdocs::PROJECT_FILES`]).
fn is_project_file(name: &std::ffi::OsStr) -> bool {
    name == crate::config::FILE_NAME || crate::mkdocs::PROJECT_FILES.iter().any(|f| name == *f)
}

/// Whether Wiki.js's git storage imports a file as a page.
fn is_page_like(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "md" | "html" | "adoc"))
}

fn error(path: PathBuf, message: String) -> FileError {
    FileError {
        path,
        message,
        position: None,
    }
}

enum Linked {
    /// A link to a page inside the repository: read as a page.
    Page,
    /// A link to something else inside the repository (a folder, a file that is not a page).
    Skip,
    Error(FileError),
}

/// What to do with a symbolic link met in the tree (or named on the command line).
fn linked(path: &Path, config: &Config) -> Linked {
    let shown_target = || {
        std::fs::read_link(path)
            .map(|t| crate::logsafe::path(&t))
            .unwrap_or_else(|_| "?".into())
    };
    let target = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(err) if is_page(path) => {
            return Linked::Error(error(
                path.to_path_buf(),
                format!("broken symbolic link: {}", io_message(&err)),
            ));
        }
        Err(_) => return Linked::Skip,
    };
    if !config.is_inside_boundary(&target) {
        return Linked::Error(error(
            path.to_path_buf(),
            format!(
                "symbolic link to {} (resolves to {}), outside the repository: not read",
                shown_target(),
                crate::logsafe::path(&target)
            ),
        ));
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_file() && is_page(path) => Linked::Page,
        Ok(m) if !m.is_file() && !m.is_dir() && is_page(path) => {
            let mut e = special(path.to_path_buf(), &m);
            e.message = format!("symbolic link to {}: {}", shown_target(), e.message);
            Linked::Error(e)
        }
        Ok(_) => Linked::Skip,
        Err(err) => Linked::Error(error(path.to_path_buf(), io_message(&err))),
    }
}

/// The report of a FIFO, socket or device: skipped, never opened.
fn special(path: PathBuf, m: &std::fs::Metadata) -> FileError {
    let kind = crate::fsutil::special_kind(m).unwrap_or("not a regular file");
    error(
        path,
        format!("skipped: {kind}, not a regular file or a directory (never opened)"),
    )
}

fn walk_error(err: ignore::Error, given: &Path) -> FileError {
    let mut path = given.to_path_buf();
    let mut e = &err;
    let message = loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            ignore::Error::Io(io) => break io_message(io),
            other => break other.to_string(),
        }
    };
    error(path, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte order the walk sorts by is `Path`'s order on joined names, however the names
    /// compare byte by byte around the separator.
    #[test]
    fn the_walk_order_is_the_order_of_paths() {
        let names = [
            "a", "a.b", "a-b", "a b", "a/b", "a/b/c", "a/b.c", "ab", "\u{e4}", "A", "_",
        ];
        let mut paths = Vec::new();
        for root in [".", "./g", "/abs/g"] {
            for x in names {
                for y in ["", "/z", "/z/a", "/0", "/~"] {
                    paths.push(PathBuf::from(format!("{root}/{x}{y}")));
                }
            }
        }
        for a in &paths {
            for b in &paths {
                assert_eq!(path_order(a, b), a.cmp(b), "{a:?} against {b:?}");
            }
        }
    }

    /// The walk's entries come in the order of a depth-first walk with names sorted (a
    /// folder's entries right after it, before a sibling whose name extends the folder's),
    /// hidden entries and what a nested `.gitignore` or `.ignore` names left out.
    #[test]
    fn the_walk_lists_in_depth_first_order_and_keeps_to_the_ignore_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "a/x.md",
            "a/skipped.md",
            "a/kept.md",
            "a-b/y.md",
            "b/c/z.md",
            "b/c/tmp.md",
            "b/.hidden.md",
            ".git/info/exclude",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "").unwrap();
        }
        std::fs::write(root.join("a/.gitignore"), "skipped.md\n").unwrap();
        std::fs::write(root.join("b/.ignore"), "tmp.md\n").unwrap();
        let got: Vec<String> = listed(root)
            .into_iter()
            .map(|e| {
                let e = e.expect("no walk error");
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(
            got,
            [
                "",
                "a",
                "a/kept.md",
                "a/x.md",
                "a-b",
                "a-b/y.md",
                "b",
                "b/c",
                "b/c/z.md"
            ]
        );
    }

    /// A named pipe reaching the read (put in a page's place after its kind was looked at) is
    /// refused at once: opening it for reading would otherwise wait for a writer forever.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_in_a_pages_place_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("page.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo (coreutils) runs");
        assert!(made.success());
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read_limited(&path).map(|b| b.len()));
        });
        let read = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the read returns instead of waiting for a writer");
        let err = read.expect_err("a named pipe is not read");
        assert!(err.to_string().contains("named pipe"), "{err}");
        assert!(read_again(&fifo, &[0; 32]).is_none());
    }

    /// A link put in a page's place after the page was looked at (and found to be no link) is
    /// not followed: it has not been checked against the repository's boundary.
    #[cfg(unix)]
    #[test]
    fn a_link_in_a_looked_at_pages_place_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.md");
        std::fs::write(&outside, "# secret\n").unwrap();
        let page = dir.path().join("page.md");
        std::os::unix::fs::symlink(&outside, &page).unwrap();
        let err = open_page(&page, false).expect_err("the link is not followed");
        assert!(is_link_refused(&err), "{err}");
        // A checked link is followed, and a plain file opens either way.
        assert!(open_page(&page, true).is_ok());
        assert!(open_page(&outside, false).is_ok());
        assert!(!is_link_refused(&std::io::Error::from(
            std::io::ErrorKind::NotFound
        )));

        // Read as a page found to be a regular file (by the cache's look), the link is looked
        // at after all, and refused: it leads out of the repository.
        let repo = dir.path().join("repo");
        std::fs::create_dir(&repo).unwrap();
        std::fs::write(repo.join("guide-lint.yml"), "guides: .\n").unwrap();
        let config = Config::load(Some(&repo.join("guide-lint.yml")), &repo).unwrap();
        let loader = Loader::new(&config);
        let inside = repo.join("page.md");
        std::os::unix::fs::symlink(&outside, &inside).unwrap();
        let file = loader.page_file(&inside);
        for err in [loader.read_regular_text(&file), loader.read_text(&file)] {
            let err = err.expect_err("a link out of the repository is not read");
            assert!(
                err.message.contains("outside the repository"),
                "{}",
                err.message
            );
        }
        std::fs::remove_file(&inside).unwrap();
        std::fs::write(&inside, "# page\n").unwrap();
        assert_eq!(loader.read_regular_text(&file).unwrap(), "# page\n");
    }

    /// A page the walk found to be a regular file is read without a second look; a link or a
    /// named pipe put in its place after the walk is still refused.
    #[cfg(unix)]
    #[test]
    fn a_walked_page_replaced_after_the_walk_is_looked_at_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.md");
        std::fs::write(&outside, "secret\n").unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir(&repo).unwrap();
        std::fs::write(repo.join("guide-lint.yml"), "guides: .\n").unwrap();
        for name in ["a.md", "b.md", "c.md"] {
            std::fs::write(repo.join(name), "# page\n").unwrap();
        }
        let config = Config::load(Some(&repo.join("guide-lint.yml")), &repo).unwrap();
        let loader = Loader::new(&config);
        let listing = loader.discover(std::slice::from_ref(&repo));
        assert_eq!(listing.files.len(), 3);
        assert!(listing.files.iter().all(|f| f.walked_regular));
        // Named on its own, a page is looked at when read.
        assert!(!loader.page_file(&repo.join("a.md")).walked_regular);
        let [a, b, c] = &listing.files[..] else {
            unreachable!()
        };
        assert_eq!(loader.read_text(a).unwrap(), "# page\n");

        std::fs::remove_file(&b.path).unwrap();
        std::os::unix::fs::symlink(&outside, &b.path).unwrap();
        let err = loader
            .read_text(b)
            .expect_err("a link out of the repository");
        assert!(
            err.message.contains("outside the repository"),
            "{}",
            err.message
        );

        std::fs::remove_file(&c.path).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&c.path)
            .status()
            .expect("mkfifo (coreutils) runs");
        assert!(made.success());
        let err = loader.read_text(c).expect_err("a named pipe is not read");
        assert!(err.message.contains("named pipe"), "{}", err.message);
    }

    /// A loop of links in a folder above a page fails its look and its open alike: that is
    /// reported as the system says it, not as a page that became a link.
    #[cfg(unix)]
    #[test]
    fn a_loop_of_links_above_a_page_is_reported_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::os::unix::fs::symlink(root.join("b"), root.join("a")).unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("b")).unwrap();
        let file = root.join("guide-lint.yml");
        std::fs::write(&file, "guides: .\n").unwrap();
        let config = Config::load(Some(&file), root).unwrap();
        let loader = Loader::new(&config);
        let page = loader.page_file(&root.join("a/page.md"));
        let err = loader.read_text(&page).expect_err("nothing to read");
        assert!(!err.message.contains("became a link"), "{}", err.message);
        assert!(err.message.contains("cannot read file"), "{}", err.message);
    }

    #[test]
    fn files_saved_by_sync_pull_are_not_pages() {
        let dir = tempfile::tempdir().unwrap();
        let da = dir.path().join("da");
        std::fs::create_dir_all(&da).unwrap();
        for f in ["move.md", "move.remote.md", "move.remote.js", "notes.txt"] {
            std::fs::write(da.join(f), "x").unwrap();
        }
        let config = Config::load(None, dir.path()).unwrap();
        let listing = Loader::new(&config).discover(&[dir.path().to_path_buf()]);
        assert!(listing.errors.is_empty());
        let names: Vec<_> = listing
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["move.md"]);
    }

    #[test]
    fn the_assets_root_is_listed_by_the_tree_walk_when_inside_the_guides_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "guides/en/page.md",
            "guides/assets/logo.png",
            "guides/assets/img/Shot.PNG",
            "guides/assets/.hidden.png",
            "guides/assets/skip.png",
            "media/photo.jpg",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::write(root.join("guides/assets/.gitignore"), "skip.png\n").unwrap();
        let served = |index: &AssetIndex| index.files.iter().cloned().collect::<Vec<_>>();
        for (assets, from_tree, expected) in [
            ("guides/assets", true, &["img/Shot.PNG", "logo.png"][..]),
            ("./guides/assets", true, &["img/Shot.PNG", "logo.png"]),
            (
                "guides",
                true,
                &["assets/img/Shot.PNG", "assets/logo.png", "en/page.md"],
            ),
            ("media", false, &["photo.jpg"]),
        ] {
            let file = root.join("guide-lint.yml");
            std::fs::write(&file, format!("guides: guides\nassets: {assets}\n")).unwrap();
            let config = Config::load(Some(&file), root).unwrap();
            let loader = Loader::new(&config);
            let index = loader.assets().expect("the assets root is a folder");
            assert_eq!(served(index), expected, "{assets}");
            assert_eq!(loader.tree().assets.is_some(), from_tree, "{assets}");
            // The same files as a walk of the assets root alone.
            let alone = scan_assets(&config.assets_root().unwrap());
            assert_eq!(served(&alone), expected, "{assets}");
            assert_eq!(index.lowercase, alone.lowercase, "{assets}");
        }
    }
}
