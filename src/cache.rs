//! The check cache: what the file pass found on each page, kept between runs so a page whose
//! text, configuration and guide-lint version are unchanged is neither parsed nor checked again.
//!
//! One file per configuration, `<cache dir>/<version>/check-<configuration hash>.bin`:
//!
//! ```text
//! magic "GLCACHE\0" | format u32 | payload length u64 | SHA-256 of the payload (32 bytes)
//! payload: configuration hash (32 bytes), version (u32 length + UTF-8),
//!          then per page: path (u32 length + UTF-8) | page hash (32) | entry (u32 length + postcard)
//! ```
//!
//! A file whose header, version, configuration or checksum does not match is ignored (and
//! replaced by the next write); so is an entry that does not decode. An entry holds the file
//! rules' findings, the suppressions and the page's summary for the workspace rules: those rules
//! run again on every run, on the summaries, so a change to any page re-judges the links and
//! translations that depend on it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::document::{Dialect, DialectSource};
use crate::finding::Finding;
use crate::suppress::FileSuppressions;
use crate::workspace::PageSummary;
use crate::{Config, RuleLayer, fsutil};

/// The cache folder's name in the project (beside `guide-lint.yml`).
pub const DIR_NAME: &str = ".guide-lint-cache";
/// The environment variable that moves the cache folder.
pub const ENV: &str = "GUIDE_LINT_CACHE_DIR";

const MAGIC: &[u8; 8] = b"GLCACHE\0";
/// Bumped when the layout or an entry's fields change.
const FORMAT: u32 = 2;
const HEADER: usize = 8 + 4 + 8 + 32;
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The build recorded with every cache file: the version and the running binary's size and
/// modification time, so that a rebuilt binary of the same version (a development build, whose
/// rules or entry fields may have changed) never reads what another build wrote.
fn build_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
        let (len, time) = exe.map_or((0, 0), |m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (m.len(), time)
        });
        format!("{VERSION}+{len}.{time}")
    })
}

/// A hash: of a page's text, or of the configuration.
pub type Hash = [u8; 32];

/// What the file pass keeps of one page.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    pub dialect: Dialect,
    pub dialect_source: DialectSource,
    /// The file rules' findings, before the final pass (per-file rule sets, suppressions).
    pub findings: Vec<Finding>,
    pub suppressions: FileSuppressions,
    pub summary: PageSummary,
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
    let mut h = Sha256::new();
    h.update(format!("{:?}\0{:?}\0", file.rel, file.locale));
    h.update(text.as_bytes());
    h.finalize().into()
}

/// The check cache of one configuration, as read at the start of a run.
pub struct Cache {
    file: PathBuf,
    dir: PathBuf,
    config: Hash,
    /// The stored file, checksum verified.
    data: Vec<u8>,
    /// Path -> (page hash, range of the encoded entry in `data`).
    index: HashMap<String, (Hash, std::ops::Range<usize>)>,
}

/// A page's entry for the next write: its page hash and encoded entry.
pub type Stored = (Hash, Vec<u8>);

impl Cache {
    /// Opens the cache in `dir` for this configuration and rule selection. A missing, corrupt
    /// or foreign cache file reads as empty.
    pub fn open(dir: &Path, config: &Config, selection: &RuleLayer) -> Cache {
        let config = config_hash(config, selection);
        let name: String = config[..8].iter().map(|b| format!("{b:02x}")).collect();
        let file = dir.join(VERSION).join(format!("check-{name}.bin"));
        let mut cache = Cache {
            file,
            dir: dir.to_path_buf(),
            config,
            data: Vec::new(),
            index: HashMap::new(),
        };
        if let Ok(data) = fsutil::read_regular(&cache.file)
            && let Some(index) = read_index(&data, &cache.config)
        {
            cache.data = data;
            cache.index = index;
        }
        cache
    }

    /// The stored entry of `path`, when its page hash is `hash`; and the entry's stored form
    /// for the next write.
    pub fn get(&self, path: &Path, hash: &Hash) -> Option<(Entry, &[u8])> {
        let (stored, range) = self.index.get(path.to_str()?)?;
        if stored != hash {
            return None;
        }
        let bytes = self.data.get(range.clone())?;
        Some((Entry::decode(bytes)?, bytes))
    }

    /// Writes the entries of this run, and keeps the stored entries of pages this run did not
    /// see whose file still exists. Nothing is written when nothing changed. Errors are ignored:
    /// the cache only saves time.
    pub fn save(&self, entries: &HashMap<PathBuf, (Hash, std::borrow::Cow<'_, [u8]>)>) {
        let unchanged = entries.len() == self.index.len()
            && entries.iter().all(|(p, (h, _))| {
                p.to_str()
                    .and_then(|p| self.index.get(p))
                    .is_some_and(|(stored, _)| stored == h)
            });
        if unchanged {
            return;
        }
        let mut payload = Vec::with_capacity(self.data.len().max(4096));
        payload.extend_from_slice(&self.config);
        put(&mut payload, build_id().as_bytes());
        let mut paths: Vec<(&str, &Hash, &[u8])> = entries
            .iter()
            .filter_map(|(p, (h, b))| Some((p.to_str()?, h, b.as_ref())))
            .collect();
        for (p, (h, range)) in &self.index {
            let seen = entries.contains_key(Path::new(p));
            if !seen
                && Path::new(p).is_file()
                && let Some(bytes) = self.data.get(range.clone())
            {
                paths.push((p.as_str(), h, bytes));
            }
        }
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (p, h, bytes) in paths {
            put(&mut payload, p.as_bytes());
            payload.extend_from_slice(h);
            put(&mut payload, bytes);
        }
        let mut out = Vec::with_capacity(HEADER + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&Sha256::digest(&payload));
        out.extend_from_slice(&payload);
        let _ = self.write(&out);
    }

    fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        let Some(parent) = self.file.parent() else {
            return Ok(());
        };
        std::fs::create_dir_all(parent)?;
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            fsutil::write_atomic(
                &ignore,
                b"# Made by guide-lint.\n*\n",
                fsutil::OnSymlink::Refuse,
            )?;
        }
        fsutil::write_atomic(&self.file, bytes, fsutil::OnSymlink::Refuse)?;
        Ok(())
    }
}

/// The configuration as the file pass sees it: the configuration file's settings, where it
/// lives, the command line's rule selection and the version. A page's effective settings are
/// these and its path, so a page keyed by path and text under this hash is judged the same.
fn config_hash(config: &Config, selection: &RuleLayer) -> Hash {
    let mut h = Sha256::new();
    h.update(build_id().as_bytes());
    h.update(format!(
        "{:?}\0{:?}\0{:?}\0{:?}\0{:?}\0{}\0{:?}",
        config.file,
        // The MkDocs project's extensions decide which syntax is legal (GL321).
        config.mkdocs,
        config.path,
        config.root,
        config.repository,
        config.allow_outside_repository,
        selection
    ));
    h.finalize().into()
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Reads the index of a stored cache file: `None` unless the header, the checksum, the version
/// and the configuration all match and every record is whole.
fn read_index(
    data: &[u8],
    config: &Hash,
) -> Option<HashMap<String, (Hash, std::ops::Range<usize>)>> {
    let header = data.get(..HEADER)?;
    if &header[..8] != MAGIC || header[8..12] != FORMAT.to_le_bytes() {
        return None;
    }
    let len = u64::from_le_bytes(header[12..20].try_into().ok()?);
    if data.len() as u64 != HEADER as u64 + len {
        return None;
    }
    let payload = &data[HEADER..];
    if Sha256::digest(payload).as_slice() != &header[20..52] {
        return None;
    }
    let mut r = Reader { data, at: HEADER };
    if r.take(32)? != config || r.field()? != build_id().as_bytes() {
        return None;
    }
    let mut index = HashMap::new();
    while r.at < data.len() {
        let path = std::str::from_utf8(r.field()?).ok()?.to_string();
        let hash: Hash = r.take(32)?.try_into().ok()?;
        let len = r.len()?;
        let start = r.at;
        r.take(len)?;
        index.insert(path, (hash, start..start + len));
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
    fn field(&mut self) -> Option<&'d [u8]> {
        let n = self.len()?;
        self.take(n)
    }
}
