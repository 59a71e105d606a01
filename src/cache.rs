//! The check cache: what the file pass found on each page, kept between runs so a page whose
//! text, configuration and guide-lint version are unchanged is neither parsed nor checked again.
//!
//! Four files per configuration, `<cache dir>/<version>/check-<configuration hash>.bin`, its
//! summaries beside it, `check-<configuration hash>.summaries`, the translations' comparisons,
//! `check-<configuration hash>.pairs`, and the run record, `check-<configuration hash>.run`:
//!
//! ```text
//! magic "GLCACHE\0" | format u32 | payload length u64 | BLAKE3 of the payload (32 bytes)
//! .bin payload: configuration hash (32 bytes), build (u32 length + UTF-8),
//!          then per page: path (u32 length + UTF-8) | page hash (32) | size u64 | mtime u64
//!                         | entry (u32 length + postcard) | places (u32 length + postcard)
//! .summaries payload: configuration hash, build,
//!          then per page, in the order the pages were summarised (see [`Spool`]):
//!                         path | page hash (32) | summary (u32 length + postcard)
//! .pairs payload: the same, per translation: path | page hash | PairRecord (postcard)
//! .run payload: configuration hash, build, the run record (postcard, to the end)
//! ```
//!
//! Beside them, [`LastRun`]'s records: the last run's report (`check-<hash>.last-places`,
//! `.last-text`) and what it printed (`check-<hash>.output-<hash>`), each under a key of
//! everything the run follows from, pages' sizes and times included, so that a run with nothing
//! changed gives them back (same header, then the configuration hash, the build and the key).
//!
//! A file whose header, version, configuration or checksum does not match is ignored (and
//! replaced by the next write); so is an entry that does not decode. An entry holds the file
//! rules' findings and the suppressions; the page's summary for the workspace rules is kept in
//! the second file, read only when the workspace rules run (a run with nothing changed never
//! reads it). A summary is used only under its page's hash; so is a translation's comparison
//! with its source page, and only while the source page's hash and the translation's lock entry
//! are those it was made with ([`PairRecord`]).
//!
//! A page's places are where its findings of the last run (the file rules' and the workspace
//! rules', after the final pass) fall: line and columns of every offset they point at, so that
//! a run whose output needs no source text places them without reading the page. Places are a
//! function of the page's text alone, so they stand as long as its hash does; a page whose
//! findings point where no stored place is is read.
//!
//! A page's size and modification time are recorded beside its hash: a later run that finds
//! both unchanged takes the recorded hash without reading the page (as ruff does). The times are
//! recorded only for pages last modified well before the run began, so an edit that keeps the
//! size within the file system's timestamp granularity is never mistaken for no edit.
//!
//! The run record keeps the workspace rules' findings (links, anchors, translations) of the last
//! run, under a [`RunKey`]: the hash of everything those rules read (every checked page's hash,
//! the listing of the guides and assets folders, the translations lock), plus the pages that
//! were read only as link targets or source pages, with their hashes. A run whose key matches
//! and whose extra pages are unchanged reuses the findings; any other run recomputes them from
//! the summaries, so a change to any page re-judges the links and translations that depend on
//! it.

use foldhash::HashMap;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use blake3::Hasher;
use serde::{Deserialize, Serialize};

use crate::discover::PageFile;
use crate::document::{Dialect, DialectSource, Places};
use crate::error::FileError;
use crate::finding::Finding;
use crate::loader::Loader;
use crate::suppress::FileSuppressions;
use crate::workspace::PageSummary;
use crate::{Config, RuleLayer, fsutil};

/// The cache folder's name in the project (beside `guide-lint.yml`).
pub const DIR_NAME: &str = crate::config::CACHE_DIR_NAME;
/// The environment variable that moves the cache folder.
pub const ENV: &str = "GUIDE_LINT_CACHE_DIR";

/// Refuses a cache folder that holds pages (their links resolved): the guides folder, a folder
/// above it, or a folder inside it with anything in it but a cache's own (`--cache-dir
/// guides/en`). The cache writes a `.gitignore` of `*` in its folder, as ruff's and rumdl's do,
/// which would hide every page under it from the next run ("checked 0 files"). A cache folder
/// of its own inside the guides (`.guide-lint-cache` beside a configuration of `guides: .`)
/// hides only itself.
pub fn check_layout(config: &crate::config::Config, dir: &Path) -> Result<(), crate::Error> {
    let resolve = crate::fsutil::resolve;
    let (guides, cache) = (resolve(&config.guides_root()), resolve(dir));
    if guides.starts_with(&cache) || cache.starts_with(&guides) && !only_a_cache(&cache) {
        let shown = crate::logsafe::path;
        return Err(crate::Error::Usage(format!(
            "the cache folder {} overlaps the guides folder {}: the `.gitignore` the cache keeps \
             in its folder would hide the pages from the next check; use a folder outside the \
             guides (`--cache-dir DIR`, `{ENV}`, or `cache-dir` in {})",
            shown(dir),
            shown(&config.guides_root()),
            config
                .path
                .as_deref()
                .map_or_else(|| crate::config::FILE_NAME.to_string(), shown),
        )));
    }
    Ok(())
}

/// Whether `dir` is missing or holds nothing but what a cache folder holds: its `.gitignore`
/// and folders named by version.
fn only_a_cache(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return true;
    };
    entries.filter_map(Result::ok).all(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name == ".gitignore" || e.file_type().is_ok_and(|t| t.is_dir()) && is_version_name(&name)
    })
}

/// Whether a folder's name is a guide-lint version's, as the cache names its folders
/// (`0.1.0`).
fn is_version_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}

const MAGIC: &[u8; 8] = b"GLCACHE\0";
/// Bumped when the layout or an entry's fields change.
const FORMAT: u32 = 40;
const HEADER: usize = 8 + 4 + 8 + 32;
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The build recorded with every cache file ([`fsutil::build_id`]): a rebuilt binary of the
/// same version never reads what another build wrote.
fn build_id() -> &'static str {
    fsutil::build_id()
}

/// A hash: of a page's text, or of the configuration.
pub type Hash = [u8; 32];

/// Stands for the hash of a page that could not be read.
pub const UNREADABLE: Hash = [0; 32];

/// What the file pass keeps of one page (its summary is stored beside it).
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    pub dialect: Dialect,
    pub dialect_source: DialectSource,
    /// The file rules' findings, before the final pass (per-file rule sets, suppressions).
    pub findings: Vec<Finding>,
    pub suppressions: FileSuppressions,
}

/// A page's summary in its stored form: with only the outline of its translation units
/// ([`PageUnits::outline`](crate::translation::PageUnits::outline)), what the cross-page rules
/// read once the page's pair is compared. The pair's findings are kept with the translation
/// ([`encode_pair`]); a pair that must be compared again reads its pages again for their units.
pub fn encode_summary(summary: &mut PageSummary) -> Option<Vec<u8>> {
    let units = summary.translation.take();
    summary.translation = units.as_ref().map(|u| u.outline());
    let bytes = postcard::to_allocvec(&*summary).ok();
    summary.translation = units;
    bytes
}

/// Decodes a stored summary (`None` when it does not decode: the page is summarised afresh).
pub fn decode_summary(bytes: &[u8]) -> Option<PageSummary> {
    postcard::from_bytes(bytes).ok()
}

/// The most findings a page's entry, or a run's kept report, may hold. A page (or a run) with
/// more is not kept: it is checked afresh each time, as it would be without the cache. Real
/// pages have a few findings each; a hostile page can have millions (one for every other
/// byte), and keeping them would write hundreds of megabytes to the cache folder and cost the
/// next run more to read than to check the page again.
pub const KEPT_FINDINGS: usize = 100_000;

/// A translation's comparison with its source page: the translation rules' findings on the
/// pair, under what they follow from besides the configuration and the translation's own
/// text and place (its page hash, which keys its record): the source page and its page hash,
/// and the translation's entry in `translations.lock` with what the translation includes
/// ([`pair_context`]).
#[derive(Debug, Serialize, Deserialize)]
pub struct PairRecord {
    pub source: PathBuf,
    pub source_hash: Hash,
    pub lock: Hash,
    /// Before the final pass.
    pub findings: Vec<Finding>,
    /// What the comparison across pairs reads of this one.
    pub links: crate::translation::links::PairLinks,
}

impl PairRecord {
    /// Whether the record stands for a comparison with `source` under `source_hash`, with the
    /// translation's lock entry hashed to `lock`.
    pub fn holds(&self, source: &Path, source_hash: &Hash, lock: &Hash) -> bool {
        self.source == source && &self.source_hash == source_hash && &self.lock == lock
    }
}

/// A [`PairRecord`] in its stored form, from borrowed parts.
pub fn encode_pair(
    source: &Path,
    source_hash: &Hash,
    lock: &Hash,
    findings: &[Finding],
    links: &crate::translation::links::PairLinks,
) -> Option<Vec<u8>> {
    /// A [`PairRecord`] borrowed: its fields in the same order, so the same bytes.
    #[derive(Serialize)]
    struct Borrowed<'a> {
        source: &'a Path,
        source_hash: &'a Hash,
        lock: &'a Hash,
        findings: &'a [Finding],
        links: &'a crate::translation::links::PairLinks,
    }
    if findings.len() > KEPT_FINDINGS {
        return None;
    }
    postcard::to_allocvec(&Borrowed {
        source,
        source_hash,
        lock,
        findings,
        links,
    })
    .ok()
}

/// Decodes a stored [`PairRecord`] (`None` when there is none or it does not decode: the pair
/// is compared afresh).
pub fn decode_pair(bytes: &[u8]) -> Option<PairRecord> {
    if bytes.is_empty() {
        return None;
    }
    postcard::from_bytes(bytes).ok()
}

/// The hash of a translation's entry in `translations.lock` (or of its absence), as a
/// [`PairRecord`] keeps it.
pub fn lock_hash(entry: Option<&impl std::fmt::Debug>) -> Hash {
    let mut h = KeyHasher::new();
    bytes_part(&mut h, format!("{entry:?}").as_bytes());
    *h.finalize().as_bytes()
}

/// What a translation's comparison follows from besides its text, its source page and the
/// configuration: its entry in `translations.lock` ([`lock_hash`]), with what the files it
/// includes (pymdownx.snippets) hold now, as [`PairRecord::lock`] keeps it. An included file
/// can change without the translation's page changing.
pub fn pair_context(entry: Option<&impl std::fmt::Debug>, included: Option<&[u8; 32]>) -> Hash {
    with_included(&lock_hash(entry), included)
}

/// What the files pymdownx.snippets includes gave a run's cross-page rules, which no page hash
/// follows (they can be added, removed or changed without any page changing): each snippet
/// name GL210 looked up, with what it gave (a file found, none, no such section), and each
/// source page compared with its snippets included (a line break, `page:` and its path: a name
/// is read from one line), with a hash of that
/// text. Also each file a page links under the assets root that the walk did not find (a line
/// break, `file:` and its path), with whether a regular file is there all the same. Kept with
/// each record made from those rules (the cross-page findings, the report, the
/// printed output) and looked again before the record is given back.
pub type SnippetProbes = Vec<(String, String)>;

/// The probe of a source page compared with its snippets included ([`SnippetProbes`]).
pub fn page_probe(path: &Path, included: Option<&[u8; 32]>) -> (String, String) {
    (format!("\npage:{}", path.display()), included_hex(included))
}

fn included_hex(included: Option<&[u8; 32]>) -> String {
    included.map_or_else(
        || "none".to_string(),
        |h| h.iter().map(|b| format!("{b:02x}")).collect(),
    )
}

/// The hash a translation's kept comparison names its source page by: its page hash, and what
/// its snippets include when it includes any.
pub fn with_included(hash: &Hash, included: Option<&[u8; 32]>) -> Hash {
    match included {
        None => *hash,
        Some(i) => {
            let mut h = Hasher::new();
            h.update(hash);
            h.update(i);
            h.finalize().into()
        }
    }
}

/// What each of `names` (sorted, without repeats) gives now, with the project's snippet
/// settings `includes` (none: the project does not enable pymdownx.snippets).
pub fn snippet_probes(
    includes: Option<&crate::snippets::Includes>,
    names: &[&str],
) -> SnippetProbes {
    let Some(includes) = includes else {
        return SnippetProbes::new();
    };
    let mut lookup = includes.lookup();
    names
        .iter()
        .map(|n| (n.to_string(), format!("{:?}", lookup.finds(n))))
        .collect()
}

/// The probe of a file a page links under the assets root that the walk did not find
/// ([`SnippetProbes`]): whether a regular file is there all the same, whether it is a link, and
/// where it resolves (GL204 tells a file an ignore file leaves out, a link, and a file in a
/// linked folder from a file that does not exist).
pub fn file_probe(path: &Path) -> (String, String) {
    (format!("\nfile:{}", path.display()), file_state(path))
}

fn file_state(path: &Path) -> String {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return "none".to_string();
    }
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let real = std::fs::canonicalize(path).unwrap_or_default();
    format!("{} {}", if link { "link" } else { "file" }, real.display())
}

/// Whether every probe still gives what it gave.
fn probes_hold(includes: Option<&crate::snippets::Includes>, probes: &SnippetProbes) -> bool {
    let mut lookup = None;
    probes.iter().all(|(name, gave)| {
        if let Some(path) = name.strip_prefix("\nfile:") {
            return file_state(Path::new(path)) == *gave;
        }
        let Some(includes) = includes else {
            return false;
        };
        match name.strip_prefix("\npage:") {
            Some(path) => {
                included_hex(includes.included_hash_of(Path::new(path)).as_ref()) == *gave
            }
            None => {
                let lookup = lookup.get_or_insert_with(|| includes.lookup());
                format!("{:?}", lookup.finds(name)) == *gave
            }
        }
    })
}

/// The workspace rules' findings of a run, and what they were computed from.
#[derive(Debug, Serialize, Deserialize)]
pub struct RunRecord {
    pub key: Hash,
    /// The pages read only for the workspace rules (link targets and source pages that were not
    /// checked), by path, with their page hashes.
    pub extras: Vec<(String, Hash)>,
    /// What the snippet names the rules looked up gave.
    pub snippets: SnippetProbes,
    /// The workspace rules' findings, before the final pass.
    pub findings: Vec<Finding>,
}

/// Builds the key of a run's workspace findings from what the workspace rules read.
pub struct RunKey(Hasher);

impl Default for RunKey {
    fn default() -> Self {
        let mut h = Hasher::new();
        h.update(b"run\0");
        RunKey(h)
    }
}

impl RunKey {
    /// Adds a part of the run, as its text form; `label` keeps parts apart.
    pub fn part(&mut self, label: &str, part: &impl std::fmt::Debug) {
        let text = format!("{part:?}");
        self.0.update(label.as_bytes());
        self.0.update(&(text.len() as u64).to_le_bytes());
        self.0.update(text.as_bytes());
    }

    /// Adds a checked page: its path and page hash.
    pub fn page(&mut self, path: &Path, hash: &Hash) {
        let path = path.as_os_str().as_encoded_bytes();
        self.0.update(&(path.len() as u64).to_le_bytes());
        self.0.update(path);
        self.0.update(hash);
    }

    pub fn finish(self) -> Hash {
        self.0.finalize().into()
    }
}

impl Entry {
    /// The entry's stored form.
    pub fn encode(&self) -> Option<Vec<u8>> {
        postcard::to_allocvec(self).ok()
    }

    /// Decodes a stored entry; reading is limited to the record's own bytes, so a damaged
    /// length never allocates more than the record could hold.
    fn decode(bytes: &[u8]) -> Option<Entry> {
        postcard::from_bytes(bytes).ok()
    }
}

/// The hash of a page's text and of where it lives in the guides (its path relative to the
/// guides root and its locale, which the same path given from another folder may not share).
pub fn page_hash(file: &crate::discover::PageFile, text: &str) -> Hash {
    page_hash_of(file, &crate::loader::text_hash(text))
}

/// [`page_hash`] from the text's hash ([`crate::loader::text_hash`]).
pub fn page_hash_of(file: &crate::discover::PageFile, text_hash: &Hash) -> Hash {
    let mut h = Hasher::new();
    h.update(format!("{:?}\0{:?}\0", file.rel, file.locale).as_bytes());
    h.update(text_hash);
    h.finalize().into()
}

/// A page file's size and modification time (nanoseconds since 1970), recorded when the page
/// was last modified well before the run that recorded it; [`Stat::NONE`] otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub size: u64,
    pub mtime: u64,
}

impl Stat {
    /// Never matches a file: the page is read and hashed.
    pub const NONE: Stat = Stat { size: 0, mtime: 0 };

    /// A regular file's size and modification time (`NONE` for a link, a special file or a
    /// file system without modification times).
    pub fn of(path: &Path) -> Stat {
        let Ok(m) = std::fs::symlink_metadata(path) else {
            return Stat::NONE;
        };
        if !m.file_type().is_file() {
            return Stat::NONE;
        }
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .and_then(|d| u64::try_from(d.as_nanos()).ok())
            .unwrap_or(0);
        if mtime == 0 {
            return Stat::NONE;
        }
        Stat {
            size: m.len(),
            mtime,
        }
    }
}

/// How long before a run a page must have been last modified for its size and time to be
/// recorded: more than any file system's timestamp granularity (FAT: 2 seconds).
const SETTLED: Duration = Duration::from_secs(3);

/// The check cache of one configuration, as read at the start of a run.
pub struct Cache {
    file: PathBuf,
    run_file: PathBuf,
    dir: PathBuf,
    config: Hash,
    /// When the run began, less [`SETTLED`]: pages modified later get no recorded stat.
    settled: u64,
    /// The stored file, checksum verified.
    data: Vec<u8>,
    /// Path -> the page's record.
    index: HashMap<String, Record>,
    /// Each page's summary for the cross-page rules.
    summaries: SideFile,
    /// Each translation's comparison with its source page ([`PairRecord`]).
    pairs: SideFile,
    /// The project's pymdownx.snippets settings, to look a record's snippet names up again.
    includes: Option<crate::snippets::Includes>,
}

/// A file of one record per page beside the findings file, under the page's hash: the pages'
/// summaries, the translations' comparisons. The stored file is read the first time a record is
/// asked for (a run with nothing changed never reads it); the new one is written as records are
/// made ([`Spool`]), and [`SideFile::save`] adds the stored records still valid and puts it in
/// place.
struct SideFile {
    path: PathBuf,
    stored: OnceLock<Records>,
    spool: std::sync::Mutex<Spool>,
}

impl SideFile {
    fn new(path: PathBuf) -> SideFile {
        SideFile {
            path,
            stored: OnceLock::new(),
            spool: std::sync::Mutex::new(Spool::Idle),
        }
    }

    /// The stored record of `page` under page hash `hash`.
    fn get(&self, config: &Hash, page: &Path, hash: &Hash) -> Option<&[u8]> {
        self.stored(config).get(page.to_str()?, hash)
    }

    fn stored(&self, config: &Hash) -> &Records {
        self.stored.get_or_init(|| {
            fsutil::read_regular(&self.path)
                .ok()
                .and_then(|data| {
                    let index = read_records(&data, config)?;
                    Some(Records { data, index })
                })
                .unwrap_or_default()
        })
    }

    /// Writes a page's new record to this run's file, as it is made. Returns whether it was
    /// written: `false` means the page has no stored record after this run.
    fn spool(&self, dir: &Path, config: &Hash, page: &Path, hash: &Hash, record: &[u8]) -> bool {
        let (Some(page), Ok(mut spool)) = (page.to_str(), self.spool.lock()) else {
            return false;
        };
        spool.open(dir, &self.path, config);
        spool.record(page, hash, record);
        matches!(*spool, Spool::Open(_))
    }

    /// Puts this run's file in place when `write`: the records spooled, then the stored
    /// records of the other pages the write keeps (`kept`) still under their hashes (`new`
    /// tells the pages whose record was spooled). A page whose record is neither new nor stored
    /// under its hash has none. Errors are ignored (the cache only saves time).
    fn save<'k>(
        &self,
        dir: &Path,
        config: &Hash,
        write: bool,
        kept: impl FnOnce() -> Vec<Kept<'k>>,
        new: impl Fn(&Kept<'_>) -> bool,
    ) {
        let Some(mut spool) = self.spool.lock().ok().map(|mut s| std::mem::take(&mut *s)) else {
            return;
        };
        if !write {
            return;
        }
        spool.open(dir, &self.path, config);
        let old = self.stored(config);
        for k in &kept() {
            if !new(k)
                && let Some(r) = old.get(k.path, k.hash)
            {
                spool.record(k.path, k.hash, r);
            }
        }
        spool.commit();
    }
}

/// A [`SideFile`] being written: the records the run makes go to it as they are made, so they
/// are not held until the run ends. Its records are in the order they were made (readers index
/// them by path).
#[derive(Default)]
enum Spool {
    /// No record made yet.
    #[default]
    Idle,
    Open(Box<FramedFile>),
    /// A write failed: the file is not written this run (the next run makes afresh the records
    /// the stored file lacks).
    Failed,
}

impl Spool {
    /// Room for the header, then the configuration hash and the build, as every payload starts.
    fn open(&mut self, dir: &Path, path: &Path, config: &Hash) {
        if !matches!(self, Spool::Idle) {
            return;
        }
        *self = match FramedFile::create(dir, path, config) {
            Some(file) => Spool::Open(Box::new(file)),
            None => Spool::Failed,
        };
    }

    /// One page's record: path, page hash, record.
    fn record(&mut self, path: &str, hash: &Hash, record: &[u8]) {
        if let Spool::Open(f) = self {
            f.put(path.as_bytes());
            f.write(hash);
            f.put(record);
        }
    }

    /// Writes the header and puts the file in place.
    fn commit(self) {
        if let Spool::Open(f) = self {
            f.commit();
        }
    }
}

/// A cache file written as it is made, never built whole in memory: room for the header, the
/// configuration hash and the build as every payload starts, then the rest of the payload in
/// pieces of [`FramedFile::PIECE`] bytes, each added to the checksum as it is written; the
/// header goes in front last, and the file is put in place ([`fsutil::AtomicFile`], not flushed
/// to the disk: a file cut short fails its checksum). A failed write leaves the target as it
/// was.
struct FramedFile {
    file: fsutil::AtomicFile,
    /// Of the payload written so far.
    sum: Hasher,
    len: u64,
    /// What is not yet written.
    pending: Vec<u8>,
    failed: bool,
}

impl FramedFile {
    const PIECE: usize = 1 << 16;

    /// `None` when the file cannot be made.
    fn create(dir: &Path, path: &Path, config: &Hash) -> Option<FramedFile> {
        fsutil::prepare_cache_folder(dir, path).ok()?;
        let unsynced = fsutil::Durability::Unsynced;
        let mut file =
            fsutil::AtomicFile::create(path, fsutil::OnSymlink::Refuse, unsynced).ok()?;
        std::io::Write::write_all(&mut file, &[0; HEADER]).ok()?;
        let mut framed = FramedFile {
            file,
            sum: Hasher::new(),
            len: 0,
            pending: Vec::with_capacity(Self::PIECE),
            failed: false,
        };
        framed.write(config);
        framed.put(build_id().as_bytes());
        Some(framed)
    }

    fn write(&mut self, bytes: &[u8]) {
        if self.pending.len() + bytes.len() > Self::PIECE {
            self.flush();
        }
        if bytes.len() >= Self::PIECE {
            self.write_through(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    /// A length-prefixed part: its length in four bytes (little-endian), then its bytes.
    fn put(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u32).to_le_bytes());
        self.write(bytes);
    }

    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.write_through(&pending);
        self.pending = pending;
        self.pending.clear();
    }

    fn write_through(&mut self, bytes: &[u8]) {
        if self.failed || bytes.is_empty() {
            return;
        }
        self.sum.update(bytes);
        self.len += bytes.len() as u64;
        self.failed = std::io::Write::write_all(&mut self.file, bytes).is_err();
    }

    /// Writes the header and puts the file in place; nothing is put in place after a failed
    /// write.
    fn commit(mut self) {
        self.flush();
        if self.failed {
            return;
        }
        let mut head = [0u8; HEADER];
        head[..8].copy_from_slice(MAGIC);
        head[8..12].copy_from_slice(&FORMAT.to_le_bytes());
        head[12..20].copy_from_slice(&self.len.to_le_bytes());
        head[20..].copy_from_slice(self.sum.finalize().as_bytes());
        let _ = self.file.commit(&head);
    }
}

/// What postcard serialises into a [`FramedFile`] (its `to_extend` writes through `Extend`).
struct Serialising<'a>(&'a mut FramedFile);

impl Extend<u8> for Serialising<'_> {
    fn extend<I: IntoIterator<Item = u8>>(&mut self, bytes: I) {
        let f = &mut *self.0;
        f.pending.extend(bytes);
        if f.pending.len() >= FramedFile::PIECE {
            f.flush();
        }
    }
}

/// Where a page's record is in the stored file.
struct Record {
    hash: Hash,
    stat: Stat,
    entry: std::ops::Range<usize>,
    places: std::ops::Range<usize>,
}

/// A [`SideFile`] as read (empty when missing or not valid).
#[derive(Default)]
struct Records {
    data: Vec<u8>,
    /// Path -> the page hash and the record's place in `data`.
    index: HashMap<String, (Hash, std::ops::Range<usize>)>,
}

impl Records {
    fn get(&self, path: &str, hash: &Hash) -> Option<&[u8]> {
        let (h, range) = self.index.get(path)?;
        (h == hash).then(|| self.data.get(range.clone()))?
    }
}

/// A page's record for the next write.
pub struct Stored<'c> {
    /// The page hash.
    pub hash: Hash,
    pub stat: Stat,
    /// The encoded [`Entry`].
    pub entry: Cow<'c, [u8]>,
    /// Whether its summary is new (written by [`Cache::spool_summary`]; `false` when the stored
    /// summary stands).
    pub new_summary: bool,
    /// The encoded places.
    pub places: Cow<'c, [u8]>,
    /// Whether its comparison with its source page, on a translation, is new (written by
    /// [`Cache::spool_pair`]; `false` when the stored one, if any, stands).
    pub new_pair: bool,
}

/// A page's places in their stored form.
pub fn encode_places(places: &Places) -> Option<Vec<u8>> {
    postcard::to_allocvec(places).ok()
}

/// Decodes stored places (`None` when they do not decode: the page is read).
pub fn decode_places(bytes: &[u8]) -> Option<Places> {
    postcard::from_bytes(bytes).ok()
}

impl Cache {
    /// Opens the cache in `dir` for this configuration and rule selection. A missing, corrupt
    /// or foreign cache file reads as empty.
    pub fn open(dir: &Path, project: &Config, selection: &RuleLayer) -> Cache {
        let config = config_hash(project, selection);
        let name = file_stem(&config);
        let folder = dir.join(VERSION);
        let settled = settled_before_now();
        let mut cache = Cache {
            file: folder.join(format!("check-{name}.bin")),
            run_file: folder.join(format!("check-{name}.run")),
            dir: dir.to_path_buf(),
            config,
            settled,
            data: Vec::new(),
            index: HashMap::default(),
            summaries: SideFile::new(folder.join(format!("check-{name}.summaries"))),
            pairs: SideFile::new(folder.join(format!("check-{name}.pairs"))),
            includes: crate::snippets::Includes::of(project),
        };
        if let Ok(data) = fsutil::read_regular(&cache.file)
            && let Some(index) = read_index(&data, &cache.config)
        {
            cache.data = data;
            cache.index = index;
        }
        cache
    }

    /// `stat` as it is recorded for a page: `NONE` unless the page was modified well before
    /// this run began.
    pub fn settled(&self, stat: Stat) -> Stat {
        if stat.mtime < self.settled {
            stat
        } else {
            Stat::NONE
        }
    }

    /// The stored record of `path` when its recorded size and modification time are `stat`:
    /// the page hash, the entry and its stored form, without the page being read.
    pub fn get_by_stat(&self, path: &Path, stat: Stat) -> Option<(Hash, Entry, &[u8])> {
        if stat == Stat::NONE {
            return None;
        }
        let record = self.index.get(path.to_str()?)?;
        if record.stat != stat {
            return None;
        }
        let entry = self.data.get(record.entry.clone())?;
        Some((record.hash, Entry::decode(entry)?, entry))
    }

    /// The stored entry of `path`, when its page hash is `hash`, and its stored form.
    pub fn get(&self, path: &Path, hash: &Hash) -> Option<(Entry, &[u8])> {
        let record = self.index.get(path.to_str()?)?;
        if &record.hash != hash {
            return None;
        }
        let entry = self.data.get(record.entry.clone())?;
        Some((Entry::decode(entry)?, entry))
    }

    /// The stored places of `path` (empty when there are none), valid under the page hash
    /// its stored entry was found under.
    pub fn places(&self, path: &Path) -> &[u8] {
        path.to_str()
            .and_then(|p| self.index.get(p))
            .and_then(|r| self.data.get(r.places.clone()))
            .unwrap_or_default()
    }

    /// The stored comparison of the translation `path` with its source page under page hash
    /// `hash` (`None` when there is none or it does not decode: the pair is compared afresh).
    /// The first call reads the file of comparisons.
    pub fn pair(&self, path: &Path, hash: &Hash) -> Option<PairRecord> {
        decode_pair(self.pairs.get(&self.config, path, hash)?)
    }

    /// Writes a translation's new comparison with its source page as it is made. Returns
    /// whether it was written.
    pub fn spool_pair(&self, path: &Path, hash: &Hash, pair: &[u8]) -> bool {
        self.pairs.spool(&self.dir, &self.config, path, hash, pair)
    }

    /// The stored summary of `path` under page hash `hash` (`None` when there is none or it
    /// does not decode: the page is then summarised afresh). The first call reads the summaries
    /// file.
    pub fn summary(&self, path: &Path, hash: &Hash) -> Option<PageSummary> {
        decode_summary(self.summaries.get(&self.config, path, hash)?)
    }

    /// Writes a page's new summary to the summaries file of this run, as it is made. Returns
    /// whether it was written: `false` means the page has no stored summary after this run.
    pub fn spool_summary(&self, path: &Path, hash: &Hash, summary: &[u8]) -> bool {
        self.summaries
            .spool(&self.dir, &self.config, path, hash, summary)
    }

    /// The stored run record, when its key is `key` and its snippet names still give what they
    /// gave (its file is read only now).
    pub fn run(&self, key: &Hash) -> Option<RunRecord> {
        let data = fsutil::read_regular(&self.run_file).ok()?;
        // The record starts with its key: a record of another run (any page edited since) is
        // left before its checksum is taken and its findings decoded.
        let at = payload_start(&data)?;
        if data.get(at..at + 32)? != key {
            return None;
        }
        let r = open_payload(&data, &self.config)?;
        let record: RunRecord = postcard::from_bytes(data.get(r.at..)?).ok()?;
        (&record.key == key && probes_hold(self.includes.as_ref(), &record.snippets))
            .then_some(record)
    }

    /// Writes the run record of `findings` under `key`, encoded as it is written (a run's
    /// workspace findings can take megabytes, which are never held encoded). A run with more
    /// than [`KEPT_FINDINGS`] keeps none: the stored record, under another key, is then left
    /// unused. Errors are ignored (the cache only saves time).
    pub fn save_run(
        &self,
        key: &Hash,
        extras: &[(String, Hash)],
        snippets: &SnippetProbes,
        findings: &[Finding],
    ) {
        /// A [`RunRecord`] borrowed: its fields in the same order, so the same bytes.
        #[derive(Serialize)]
        struct Borrowed<'a> {
            key: &'a Hash,
            extras: &'a [(String, Hash)],
            snippets: &'a SnippetProbes,
            findings: &'a [Finding],
        }
        if findings.len() > KEPT_FINDINGS {
            return;
        }
        let Some(mut f) = FramedFile::create(&self.dir, &self.run_file, &self.config) else {
            return;
        };
        let record = Borrowed {
            key,
            extras,
            snippets,
            findings,
        };
        if postcard::to_extend(&record, Serialising(&mut f)).is_ok() {
            f.commit();
        }
    }

    /// Whether `entries` are the stored pages under the same hashes.
    fn same_pages(&self, entries: &HashMap<PathBuf, Stored<'_>>) -> bool {
        entries.len() == self.index.len()
            && entries.iter().all(|(p, e)| {
                p.to_str()
                    .and_then(|p| self.index.get(p))
                    .is_some_and(|r| r.hash == e.hash)
            })
    }

    /// The pages a write keeps, sorted by path: this run's, and the stored ones of pages it
    /// did not see whose file still exists.
    fn kept<'a>(&'a self, entries: &'a HashMap<PathBuf, Stored<'_>>) -> Vec<Kept<'a>> {
        let mut paths: Vec<Kept<'_>> = entries
            .iter()
            .filter_map(|(p, e)| {
                Some(Kept {
                    path: p.to_str()?,
                    hash: &e.hash,
                    stat: e.stat,
                    entry: &e.entry,
                    new_summary: e.new_summary,
                    places: &e.places,
                    new_pair: e.new_pair,
                })
            })
            .collect();
        for (p, r) in &self.index {
            let seen = entries.contains_key(Path::new(p));
            if !seen
                && Path::new(p).is_file()
                && let Some(entry) = self.data.get(r.entry.clone())
            {
                paths.push(Kept {
                    path: p.as_str(),
                    hash: &r.hash,
                    stat: r.stat,
                    entry,
                    new_summary: false,
                    places: self.data.get(r.places.clone()).unwrap_or_default(),
                    new_pair: false,
                });
            }
        }
        paths.sort_by(|a, b| a.path.cmp(b.path));
        paths
    }

    /// Puts the summaries file of this run in place when a page's summary is new or the pages
    /// changed: the summaries written by [`Cache::spool_summary`], then the stored summaries of
    /// the other pages still under their hashes. Errors are ignored (the cache only saves time).
    pub fn save_summaries(&self, entries: &HashMap<PathBuf, Stored<'_>>) {
        let write = !self.same_pages(entries) || entries.values().any(|e| e.new_summary);
        let kept = || self.kept(entries);
        self.summaries
            .save(&self.dir, &self.config, write, kept, |k| k.new_summary);
    }

    /// Puts the file of comparisons of this run in place when one is new: those written by
    /// [`Cache::spool_pair`], then the stored ones of the other pages still under their hashes
    /// (a stored comparison is checked against the source page and lock entry when it is used,
    /// so one whose source page changed is kept until its pair is compared again). Errors are
    /// ignored.
    pub fn save_pairs(&self, entries: &HashMap<PathBuf, Stored<'_>>) {
        let write = entries.values().any(|e| e.new_pair);
        let kept = || self.kept(entries);
        self.pairs
            .save(&self.dir, &self.config, write, kept, |k| k.new_pair);
    }

    /// Writes the pages' records of this run, and keeps the stored records of pages this run
    /// did not see whose file still exists. Nothing is written when nothing changed. Errors are
    /// ignored: the cache only saves time.
    pub fn save(&self, entries: &HashMap<PathBuf, Stored<'_>>) {
        let unchanged = self.same_pages(entries)
            && entries.iter().all(|(p, e)| {
                p.to_str().and_then(|p| self.index.get(p)).is_some_and(|r| {
                    r.stat == e.stat && self.data.get(r.places.clone()) == Some(&*e.places)
                })
            });
        if unchanged {
            return;
        }
        let Some(mut f) = FramedFile::create(&self.dir, &self.file, &self.config) else {
            return;
        };
        for k in self.kept(entries) {
            f.put(k.path.as_bytes());
            f.write(k.hash);
            f.write(&k.stat.size.to_le_bytes());
            f.write(&k.stat.mtime.to_le_bytes());
            f.put(k.entry);
            f.put(k.places);
        }
        f.commit();
    }
}

/// `check-<first 8 bytes of the configuration hash, in hex>`.
fn file_stem(config: &Hash) -> String {
    config[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Now less [`SETTLED`], in nanoseconds since 1970.
fn settled_before_now() -> u64 {
    SystemTime::now()
        .checked_sub(SETTLED)
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}

/// The last run's report, kept whole: a run that finds nothing it depends on changed gives it
/// back without opening the pages' records, deciding a rule or placing a finding.
///
/// Stored in `check-<configuration hash>.last-places` (the report of the outputs without
/// source text) or `.last-text` (of `human` and `sarif`, which read the pages with findings
/// again), under a key made of everything the report follows from: the configuration and
/// build (as the other cache files), the working folder, the pages the run checks (their
/// paths, as the walk found them, and the paths it could not use), the guides tree's walk
/// (its pages, unusable paths and page-like files), the assets folder's listing, the
/// translations lock's bytes, and the size and modification time of every page checked or
/// in the guides tree (the pages the cross-page rules could read). A page whose time is not
/// settled (modified less than three seconds before the run), or that is not a regular file,
/// turns the record off for the run, as does a run that reports a page it could not read.
pub struct LastRun {
    file: PathBuf,
    dir: PathBuf,
    config: Hash,
    key: Hash,
    /// The walk's unusable paths: the only errors a replayed run reports.
    walk_errors: Vec<FileError>,
    places_only: bool,
    /// The project's pymdownx.snippets settings, to look a kept run's snippet names up again.
    includes: Option<crate::snippets::Includes>,
}

/// A report given back by [`LastRun::replay`].
#[derive(Debug, Deserialize)]
pub struct Replayed {
    pub findings: Vec<Finding>,
    pub files_checked: usize,
    pub places: BTreeMap<PathBuf, Places>,
    pub dialects: BTreeMap<PathBuf, (Dialect, DialectSource)>,
    /// What the snippet names the cross-page rules looked up gave.
    pub snippets: SnippetProbes,
    /// The pages with findings to show, read afresh (text outputs only).
    #[serde(skip)]
    pub sources: BTreeMap<PathBuf, String>,
    source_paths: Vec<PathBuf>,
}

/// A run's report as [`LastRun::store`] keeps it.
pub struct Report<'r> {
    pub findings: &'r [Finding],
    pub files_checked: usize,
    pub places: &'r BTreeMap<PathBuf, Places>,
    pub dialects: &'r BTreeMap<PathBuf, (Dialect, DialectSource)>,
    pub snippets: &'r SnippetProbes,
}

/// [`Replayed`] as written, borrowing the report.
#[derive(Serialize)]
struct ReplayOut<'r> {
    findings: &'r [Finding],
    files_checked: usize,
    places: &'r BTreeMap<PathBuf, Places>,
    dialects: &'r BTreeMap<PathBuf, (Dialect, DialectSource)>,
    snippets: &'r SnippetProbes,
    source_paths: Vec<&'r Path>,
}

impl LastRun {
    /// The key of a run over `files` (with `stats`, their sizes and modification times in the
    /// same order, and `walk_errors`, the walk's unusable paths), or `None` when the run cannot
    /// be replayed (a page not settled or not a regular file, a lock file that is a link, pages
    /// from an overlay).
    pub fn new(
        dir: &Path,
        loader: &Loader<'_>,
        (files, stats): (&[PageFile], &[Stat]),
        walk_errors: &[FileError],
        selection: &RuleLayer,
        places_only: bool,
    ) -> Option<LastRun> {
        if loader.has_overlay() {
            return None;
        }
        let config = loader.config();
        let config_key = config_hash(config, selection);
        let settled = settled_before_now();
        let mut h = KeyHasher::new();
        h.update(b"last run\0");
        h.update(&config_key);
        h.update(&[u8::from(places_only)]);
        let cwd = std::env::current_dir().ok()?;
        bytes_part(&mut h, cwd.as_os_str().as_encoded_bytes());
        let page_files = |h: &mut KeyHasher, files: &[PageFile]| {
            h.update(&(files.len() as u64).to_le_bytes());
            for f in files {
                bytes_part(h, f.path.as_os_str().as_encoded_bytes());
                let rel = f.rel.as_deref().map(|r| r.as_os_str().as_encoded_bytes());
                bytes_part(h, rel.unwrap_or(b"\0none"));
                bytes_part(h, f.locale.as_deref().unwrap_or("\0none").as_bytes());
            }
        };
        page_files(&mut h, files);
        bytes_part(&mut h, format!("{walk_errors:?}").as_bytes());
        let tree = loader.tree();
        // A check of the guides root lists the tree's pages themselves: said in one byte, and
        // their stats below taken from the listing's, without sorting and merging the same
        // paths twice; so are they when there is no tree (no guides root in the folder).
        let same = files.len() == tree.listing.files.len()
            && files.iter().zip(&tree.listing.files).all(|(a, b)| {
                a.path.as_os_str() == b.path.as_os_str()
                    && a.rel.as_deref().map(Path::as_os_str)
                        == b.rel.as_deref().map(Path::as_os_str)
                    && a.locale == b.locale
            });
        h.update(&[u8::from(same)]);
        if !same {
            page_files(&mut h, &tree.listing.files);
        }
        bytes_part(&mut h, format!("{:?}", tree.listing.errors).as_bytes());
        h.update(&(tree.page_like.len() as u64).to_le_bytes());
        for p in &tree.page_like {
            bytes_part(&mut h, p.as_os_str().as_encoded_bytes());
        }
        match config.assets_root() {
            None => {
                h.update(b"no assets");
            }
            Some(d) if !d.is_dir() => {
                h.update(b"assets not a folder");
            }
            Some(_) => {
                let served = loader.assets().map(|a| &a.files);
                bytes_part(&mut h, format!("{served:?}").as_bytes());
            }
        }
        if !config.file.target_locales.is_empty() {
            let lock = crate::translation::Lock::read_path(config);
            match std::fs::symlink_metadata(&lock) {
                Ok(m) if !m.is_file() => return None,
                Ok(_) => bytes_part(&mut h, &fsutil::read_regular(&lock).ok()?),
                Err(e) => bytes_part(&mut h, format!("lock {:?}", e.kind()).as_bytes()),
            }
        }
        // Every page checked or in the guides tree, by size and time: each with its stat when the
        // caller took it (the tree's other pages are stat below, as they come: the first page
        // not settled ends the look).
        let paths_and_stats: Vec<(&Path, Option<Stat>)> = if same || tree.listing.files.is_empty() {
            // Only the listed pages, sorted by path, one page to a path (`Walk::finish`).
            files
                .iter()
                .map(|f| f.path.as_path())
                .zip(stats.iter().copied().map(Some))
                .collect()
        } else {
            let mut paths: Vec<&Path> = files
                .iter()
                .chain(&tree.listing.files)
                .map(|f| f.path.as_path())
                .collect();
            paths.sort_unstable();
            paths.dedup();
            let known: foldhash::HashMap<&Path, Stat> = files
                .iter()
                .map(|f| f.path.as_path())
                .zip(stats.iter().copied())
                .collect();
            paths
                .into_iter()
                .map(|p| (p, known.get(p).copied()))
                .collect()
        };
        h.update(&(paths_and_stats.len() as u64).to_le_bytes());
        for (p, stat) in paths_and_stats {
            let stat = stat.unwrap_or_else(|| Stat::of(p));
            if stat == Stat::NONE || stat.mtime >= settled {
                return None;
            }
            bytes_part(&mut h, p.as_os_str().as_encoded_bytes());
            h.update(&stat.size.to_le_bytes());
            h.update(&stat.mtime.to_le_bytes());
        }
        let end = if places_only { "places" } else { "text" };
        let file = dir
            .join(VERSION)
            .join(format!("check-{}.last-{end}", file_stem(&config_key)));
        Some(LastRun {
            file,
            dir: dir.to_path_buf(),
            config: config_key,
            key: h.finalize().into(),
            walk_errors: walk_errors.to_vec(),
            places_only,
            includes: crate::snippets::Includes::of(config),
        })
    }

    /// The stored report, when its key is this run's; the pages with findings to show are
    /// read again through the loader when the report shows source text (`files`: the pages
    /// of the run). `None` when there is no such report or its file is unusable.
    pub fn replay(&self, loader: &Loader<'_>, files: &[PageFile]) -> Option<Replayed> {
        let data = fsutil::read_regular(&self.file).ok()?;
        let mut r = open_payload(&data, &self.config)?;
        if r.take(32)? != self.key {
            return None;
        }
        let body = data.get(r.at..)?;
        let mut replayed: Replayed = postcard::from_bytes(body).ok()?;
        if !probes_hold(self.includes.as_ref(), &replayed.snippets) {
            return None;
        }
        for path in std::mem::take(&mut replayed.source_paths) {
            let Ok(i) = files.binary_search_by(|f| f.path.as_path().cmp(&path)) else {
                continue;
            };
            if let Ok(text) = loader.read_text(&files[i]) {
                replayed.sources.insert(path, text);
            }
        }
        Some(replayed)
    }

    /// Keeps a run's report for the next run with the same key. Not kept when the run
    /// reported a page it could not read (its cause, a file's permissions, say, may change
    /// without its time), when the report does not encode or holds more than [`KEPT_FINDINGS`],
    /// or, for the outputs without source text, when the run read pages to place findings (the
    /// next run places them from the page cache, and its report is kept). Errors are ignored.
    pub fn store<'p>(
        &self,
        report: Report<'_>,
        errors: &[FileError],
        sources: impl Iterator<Item = &'p Path>,
    ) {
        if report.findings.len() > KEPT_FINDINGS {
            return;
        }
        let mut walk_errors = self.walk_errors.clone();
        walk_errors.sort();
        let mut sources = sources.peekable();
        if errors != walk_errors.as_slice() || (self.places_only && sources.peek().is_some()) {
            return;
        }
        let out = ReplayOut {
            findings: report.findings,
            files_checked: report.files_checked,
            places: report.places,
            dialects: report.dialects,
            snippets: report.snippets,
            source_paths: sources.collect(),
        };
        let Some(mut f) = FramedFile::create(&self.dir, &self.file, &self.config) else {
            return;
        };
        f.write(&self.key);
        if postcard::to_extend(&out, Serialising(&mut f)).is_ok() {
            f.commit();
        }
    }
}

/// What a run prints, written to the cache as it is printed, up to a limit, beside the run's
/// report: a run with the same key and the same output options prints it again without
/// rendering the report. A larger output is not kept at all (the next run renders its report
/// afresh), and no output is ever held whole: a report of millions of findings prints
/// hundreds of megabytes.
///
/// The file holds the run's key, then the standard output as printed, then the rest of the
/// run's output ([`OutputMeta`]), then the two parts' lengths: it is written in one pass.
pub struct Printed {
    file: Option<FramedFile>,
    len: usize,
    limit: usize,
}

impl Printed {
    /// The most output a run keeps for the next one (32 MiB).
    pub const LIMIT: usize = 32 << 20;

    /// Keeps up to `limit` bytes of what is printed with `options` in the cache, beside the
    /// report of `last`; `None` keeps nothing (no cache, or an output that is not replayed).
    pub fn new(last: Option<(&LastRun, &str)>, limit: usize) -> Self {
        let file = last.and_then(|(last, options)| {
            let (path, key) = last.output_file(options);
            let mut f = FramedFile::create(&last.dir, &path, &last.config)?;
            f.write(&key);
            Some(f)
        });
        Printed {
            file,
            len: 0,
            limit,
        }
    }

    /// Adds a piece as it was printed; past the limit, everything is let go (the file being
    /// written is removed).
    pub fn push(&mut self, piece: &[u8]) {
        if self.len + piece.len() > self.limit {
            self.file = None;
        }
        if let Some(f) = &mut self.file {
            f.write(piece);
            self.len += piece.len();
        }
    }

    /// Puts the output in place for the next run, with the rest of what the run printed.
    /// Nothing is kept when the output went past the limit.
    pub fn finish(self, meta: &OutputMeta) {
        let Some(mut f) = self.file else {
            return;
        };
        let Ok(meta) = postcard::to_allocvec(meta) else {
            return;
        };
        f.write(&meta);
        f.write(&(meta.len() as u64).to_le_bytes());
        f.write(&(self.len as u64).to_le_bytes());
        f.commit();
    }
}

/// What [`Printed`] keeps besides the standard output.
#[derive(Debug, Serialize, Deserialize)]
pub struct OutputMeta {
    /// What went to the standard error, split where the run's duration was (the second part is
    /// `None` when the duration was not shown).
    pub stderr: (String, Option<String>),
    /// Whether a finding is an error.
    pub has_errors: bool,
    /// Whether a file could not be checked.
    pub file_errors: bool,
    /// What the snippet names the run's cross-page rules looked up gave.
    pub snippets: SnippetProbes,
}

/// A stored output ([`Printed`]), as read: its standard output is a part of the file's bytes.
pub struct StoredOutput {
    data: Vec<u8>,
    stdout: std::ops::Range<usize>,
    pub meta: OutputMeta,
}

impl StoredOutput {
    pub fn stdout(&self) -> &[u8] {
        self.data.get(self.stdout.clone()).unwrap_or_default()
    }
}

impl LastRun {
    /// The file and key of the output printed with `options` (the output's format and settings,
    /// in a text form that tells them apart).
    fn output_file(&self, options: &str) -> (PathBuf, Hash) {
        let mut h = KeyHasher::new();
        h.update(&self.key);
        bytes_part(&mut h, options.as_bytes());
        let key: Hash = h.finalize().into();
        let name = format!(
            "check-{}.output-{}",
            file_stem(&self.config),
            file_stem(&blake3::hash(options.as_bytes()).into())
        );
        (self.file.with_file_name(name), key)
    }

    /// The output the last run with this key printed with `options`.
    pub fn output(&self, options: &str) -> Option<StoredOutput> {
        let (file, key) = self.output_file(options);
        let data = fsutil::read_regular(&file).ok()?;
        let mut r = open_payload(&data, &self.config)?;
        if r.take(32)? != key {
            return None;
        }
        // The standard output, the rest of the output, and their lengths (16 bytes).
        let lengths = data.len().checked_sub(16).filter(|&at| at >= r.at)?;
        let number = |at: usize| {
            let bytes: [u8; 8] = data.get(at..at + 8)?.try_into().ok()?;
            usize::try_from(u64::from_le_bytes(bytes)).ok()
        };
        let (meta_len, stdout_len) = (number(lengths)?, number(lengths + 8)?);
        let stdout = r.at..r.at.checked_add(stdout_len)?;
        let meta = stdout.end..stdout.end.checked_add(meta_len)?;
        if meta.end != lengths {
            return None;
        }
        let meta: OutputMeta = postcard::from_bytes(data.get(meta)?).ok()?;
        if !probes_hold(self.includes.as_ref(), &meta.snippets) {
            return None;
        }
        Some(StoredOutput { data, stdout, meta })
    }
}

/// Adds a length-prefixed part to a key.
/// What [`clean`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Cleaned {
    /// The cache folder was removed.
    Removed,
    /// There was no cache folder.
    Absent,
}

/// Removes the cache folder `dir` (`guide-lint clean`), only when everything in it is
/// guide-lint's: the folder itself (not a link), the `.gitignore` guide-lint writes, and folders
/// (one per version) holding only cache files (`check-*`, `walk-*`) and the atomic writer's
/// temporary files. Anything else, and nothing is removed: `dir` may be a folder the user
/// named by mistake. The error says what was found.
pub fn clean(dir: &Path) -> Result<Cleaned, String> {
    let shown = crate::logsafe::path(dir);
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Cleaned::Absent),
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    if !meta.is_dir() {
        return Err(format!(
            "{shown}: not a folder (a file or a symbolic link); nothing removed"
        ));
    }
    let foreign = |what: &Path, why: &str| {
        format!(
            "{shown} is not removed: {} {why}, so it may not be a guide-lint cache",
            crate::logsafe::path(what)
        )
    };
    let ignore = dir.join(".gitignore");
    if fsutil::read_regular(&ignore).ok().as_deref() != Some(fsutil::CACHE_GITIGNORE) {
        return Err(foreign(
            &ignore,
            "is missing or was not written by guide-lint",
        ));
    }
    let entries = |d: &Path| -> Result<Vec<(PathBuf, std::fs::FileType)>, String> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(d).map_err(|e| format!("{}: {e}", crate::logsafe::path(d)))? {
            let e = e.map_err(|e| format!("{}: {e}", crate::logsafe::path(d)))?;
            let kind = e
                .file_type()
                .map_err(|err| format!("{}: {err}", crate::logsafe::path(&e.path())))?;
            out.push((e.path(), kind));
        }
        Ok(out)
    };
    let name_of = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned()
    };
    let mut versions = Vec::new();
    for (path, kind) in entries(dir)? {
        let name = name_of(&path);
        if name == ".gitignore" {
            continue;
        }
        if !kind.is_dir() || !is_version_name(&name) {
            return Err(foreign(&path, "is not a version folder of the cache"));
        }
        for (file, kind) in entries(&path)? {
            let name = name_of(&file);
            let ours = name.starts_with("check-")
                || name.starts_with("walk-")
                || (name.starts_with(fsutil::TEMP_PREFIX) && name.ends_with(fsutil::TEMP_SUFFIX));
            if !kind.is_file() || !ours {
                return Err(foreign(&file, "is not a file of the cache"));
            }
        }
        versions.push(path);
    }
    let removed = |p: &Path, r: std::io::Result<()>| {
        r.map_err(|e| format!("{}: {e}", crate::logsafe::path(p)))
    };
    for v in &versions {
        removed(v, std::fs::remove_dir_all(v))?;
    }
    removed(&ignore, std::fs::remove_file(&ignore))?;
    removed(dir, std::fs::remove_dir(dir))?;
    Ok(Cleaned::Removed)
}

fn bytes_part(h: &mut KeyHasher, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// A [`Hasher`] fed in batches: a key made of thousands of small parts (each page's path, size
/// and time) is hashed a batch of chunks at a time, which blake3 spreads over its SIMD lanes,
/// instead of 64 bytes at a time. The hash is the same as when each part is fed as it comes.
struct KeyHasher {
    hasher: Hasher,
    batch: Vec<u8>,
}

impl KeyHasher {
    /// The batch: 16 of blake3's 1 KiB chunks, what its widest SIMD path takes at once.
    const BATCH: usize = 16 << 10;

    fn new() -> Self {
        KeyHasher {
            hasher: Hasher::new(),
            batch: Vec::new(),
        }
    }

    /// Each batch handed over is full, so that blake3's chunks stay aligned with its lanes.
    fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.batch.is_empty() && bytes.len() >= Self::BATCH {
                let whole = bytes.len() / Self::BATCH * Self::BATCH;
                self.hasher.update(&bytes[..whole]);
                bytes = &bytes[whole..];
                continue;
            }
            let take = (Self::BATCH - self.batch.len()).min(bytes.len());
            self.batch.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.batch.len() == Self::BATCH {
                self.hasher.update(&self.batch);
                self.batch.clear();
            }
        }
    }

    fn finalize(mut self) -> blake3::Hash {
        self.hasher.update(&self.batch);
        self.hasher.finalize()
    }
}

/// A page kept by [`Cache::save`], as in [`Stored`].
struct Kept<'a> {
    path: &'a str,
    hash: &'a Hash,
    stat: Stat,
    entry: &'a [u8],
    new_summary: bool,
    places: &'a [u8],
    new_pair: bool,
}

/// The configuration as the file pass sees it: the configuration file's settings, where it
/// lives, the command line's rule selection and the version. A page's effective settings are
/// these and its path, so a page keyed by path and text under this hash is judged the same.
fn config_hash(config: &Config, selection: &RuleLayer) -> Hash {
    let mut h = Hasher::new();
    h.update(build_id().as_bytes());
    h.update(
        format!(
            "{:?}\0{:?}\0{:?}\0{:?}\0{:?}\0{:?}\0{}\0{:?}",
            config.file,
            // The MkDocs project's extensions decide which syntax is legal (GL321).
            config.mkdocs,
            // `--dialect` changes how every page reads.
            config.forced_dialect(),
            config.path,
            config.root,
            config.repository,
            config.allow_outside_repository,
            selection
        )
        .as_bytes(),
    );
    h.finalize().into()
}

/// The pages' records.
type Index = HashMap<String, Record>;

/// A reader past the header of a stored file: `None` unless the header, the checksum, the
/// configuration and the build all match.
fn open_payload<'d>(data: &'d [u8], config: &Hash) -> Option<Reader<'d>> {
    let header = data.get(..HEADER)?;
    if &header[..8] != MAGIC || header[8..12] != FORMAT.to_le_bytes() {
        return None;
    }
    let len = u64::from_le_bytes(header[12..20].try_into().ok()?);
    if data.len() as u64 != HEADER as u64 + len {
        return None;
    }
    let payload = &data[HEADER..];
    if blake3::hash(payload).as_bytes()[..] != header[20..52] {
        return None;
    }
    let mut r = Reader { data, at: HEADER };
    if r.take(32)? != config || r.field()? != build_id().as_bytes() {
        return None;
    }
    Some(r)
}

/// Where a stored file's payload starts past the configuration hash and the build, read
/// without verifying anything ([`open_payload`] does).
fn payload_start(data: &[u8]) -> Option<usize> {
    let mut r = Reader {
        data,
        at: HEADER + 32,
    };
    r.field()?;
    Some(r.at)
}

/// Reads the index of a stored cache file: `None` unless the header, the checksum, the version
/// and the configuration all match and every record is whole.
fn read_index(data: &[u8], config: &Hash) -> Option<Index> {
    let mut r = open_payload(data, config)?;
    let mut index = HashMap::default();
    while r.at < data.len() {
        let path = std::str::from_utf8(r.field()?).ok()?.to_string();
        let hash: Hash = r.take(32)?.try_into().ok()?;
        let size = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let mtime = u64::from_le_bytes(r.take(8)?.try_into().ok()?);
        let entry = r.range()?;
        let places = r.range()?;
        index.insert(
            path,
            Record {
                hash,
                stat: Stat { size, mtime },
                entry,
                places,
            },
        );
    }
    Some(index)
}

/// Reads the index of a stored [`SideFile`], on the same terms as [`read_index`].
fn read_records(
    data: &[u8],
    config: &Hash,
) -> Option<HashMap<String, (Hash, std::ops::Range<usize>)>> {
    let mut r = open_payload(data, config)?;
    let mut index = HashMap::default();
    while r.at < data.len() {
        let path = std::str::from_utf8(r.field()?).ok()?.to_string();
        let hash: Hash = r.take(32)?.try_into().ok()?;
        let summary = r.range()?;
        index.insert(path, (hash, summary));
    }
    Some(index)
}

struct Reader<'d> {
    data: &'d [u8],
    at: usize,
}

impl<'d> Reader<'d> {
    fn take(&mut self, n: usize) -> Option<&'d [u8]> {
        let bytes = self.data.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }
    fn len(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize)
    }
    /// A length-prefixed field's range.
    fn range(&mut self) -> Option<std::ops::Range<usize>> {
        let n = self.len()?;
        let start = self.at;
        self.take(n)?;
        Some(start..start + n)
    }
    fn field(&mut self) -> Option<&'d [u8]> {
        let n = self.len()?;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::{Hasher, KeyHasher};

    /// A key fed in batches is the hash of the same bytes fed part by part, whatever the parts'
    /// sizes: empty, small, a batch long, around a batch, several batches.
    #[test]
    fn a_key_hashed_in_batches_is_the_same_hash() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 + i / 251) as u8).collect();
        let b = KeyHasher::BATCH;
        for sizes in [
            vec![0, 1, 63, 64, 1000, b - 1, 1, b, b + 1, 3 * b + 5, 7],
            vec![b; 5],
            vec![b - 1000, 999, 2, b],
            vec![13; 3000],
            vec![50_000, 0, 50_000],
        ] {
            let (mut plain, mut batched) = (Hasher::new(), KeyHasher::new());
            let mut at = 0;
            for n in sizes {
                plain.update(&bytes[at..at + n]);
                batched.update(&bytes[at..at + n]);
                at += n;
            }
            assert_eq!(plain.finalize(), batched.finalize(), "{at} bytes");
        }
    }
}
