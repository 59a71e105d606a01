//! The walks' listings, kept in the cache folder (docs/cache.md): a walk of a folder records the
//! pages and page-like files it found with a stamp of everything that decided them, and a later
//! walk of the same folder whose stamps all still hold takes the listing from the record instead
//! of reading every folder.
//!
//! A stamp is a path's kind, inode, size and modification and change times, or its absence.
//! A folder's modification time moves whenever an entry is added to it, removed or renamed; an
//! ignore file can change without its folder's time moving, so it is stamped on its own. The
//! stamps are:
//!
//! - every folder the walk went through;
//! - the ignore files the walk reads there (`.gitignore`, `.ignore`, `.git/info/exclude`), and
//!   in the folders above the walked one, present or absent (a file created there moves only
//!   that folder's time, which is not stamped);
//! - git's configuration files, which may name a global ignore file, and that file.
//!
//! A walk is recorded only when every stamp was settled (modified more than three seconds
//! before the walk, more than any file system's timestamp step) and the walk met nothing whose
//! meaning can change without a stamp moving: a symbolic link (its target may change), a path it
//! could not use, a name that is not UTF-8, a `.git` file (a linked worktree). Files' contents
//! are not stamped: which files are pages depends on their names only; their texts are the page
//! cache's concern.

use std::path::{Path, PathBuf};

use blake3::Hasher;
use serde::{Deserialize, Serialize};

use crate::discover::PageFile;

const MAGIC: &[u8; 8] = b"GLWALK\0\0";
const FORMAT: u32 = 3;
/// How long before a walk a stamped path must have been last modified to be recorded.
const SETTLED_NANOS: u64 = 3_000_000_000;

/// A path's kind (0: absent, 1: file, 2: folder, 3: other), inode, size, modification and
/// change times (nanoseconds).
type Stamp = [u64; 5];

/// The key of a walk: what it walks and how, the build, and `site`: what the MkDocs site
/// leaves out, which decides which files are pages.
pub(super) fn key(
    given: &Path,
    page_like: bool,
    assets: Option<&Path>,
    root: &Path,
    abs_root: Option<&Path>,
    site: &str,
) -> [u8; 32] {
    let mut h = Hasher::new();
    let mut part = |b: &[u8]| {
        h.update(&(b.len() as u64).to_le_bytes());
        h.update(b);
    };
    part(crate::fsutil::build_id().as_bytes());
    part(given.as_os_str().as_encoded_bytes());
    part(&[u8::from(page_like), u8::from(assets.is_some())]);
    part(assets.map_or(&b""[..], |a| a.as_os_str().as_encoded_bytes()));
    part(root.as_os_str().as_encoded_bytes());
    part(abs_root.map_or(&b"\0"[..], |a| a.as_os_str().as_encoded_bytes()));
    let cwd = std::env::current_dir().unwrap_or_default();
    part(cwd.as_os_str().as_encoded_bytes());
    part(site.as_bytes());
    h.finalize().into()
}

/// The record's file: `<cache>/<version>/walk-<key>.bin`.
pub(super) fn file(cache: &Path, key: &[u8; 32]) -> PathBuf {
    let name: String = key[..8].iter().map(|b| format!("{b:02x}")).collect();
    cache
        .join(env!("CARGO_PKG_VERSION"))
        .join(format!("walk-{name}.bin"))
}

/// What a walk saw, for its record.
#[derive(Default)]
pub(super) struct Seen {
    /// The folders it went through, the walked one first.
    pub folders: Vec<PathBuf>,
    /// The assets' served paths, in the order the walk found them.
    pub served: Vec<PathBuf>,
    /// The walk met something whose meaning can change without a stamp moving.
    pub unusable: bool,
}

/// A walk's record.
#[derive(Serialize, Deserialize)]
pub(super) struct Record {
    stamps: Vec<(String, Stamp)>,
    /// Git's configuration files as this environment names them.
    git_config: Vec<String>,
    /// Path, path relative to the guides root, locale.
    files: Vec<(String, Option<String>, Option<String>)>,
    page_like: Vec<String>,
    /// The folders holding a project's configuration ([`super::Listing::projects`]).
    projects: Vec<String>,
    /// The assets' served paths, when the walk went through the assets root.
    assets: Option<Vec<String>>,
}

/// A listing taken from a record.
pub(super) struct Found {
    pub files: Vec<PageFile>,
    pub page_like: Vec<PathBuf>,
    pub projects: Vec<String>,
    pub assets: Option<Vec<String>>,
}

impl Seen {
    /// The record of a walk of `given` that found `files`, `page_like` and the folders of
    /// `projects` (and the assets' files, when `assets`), or `None` when the walk cannot be
    /// recorded.
    pub fn record(
        self,
        given: &Path,
        files: &[PageFile],
        page_like: &[PathBuf],
        projects: &[PathBuf],
        assets: bool,
    ) -> Option<Record> {
        if self.unusable {
            return None;
        }
        let settled = now_nanos().checked_sub(SETTLED_NANOS)?;
        let mut stamps: Vec<(String, Stamp)> = Vec::new();
        let mut add = |path: &Path, keep_absent: bool| -> Option<Stamp> {
            let s = stamp(path)?;
            if s[0] != 0 && (s[3] >= settled || s[4] >= settled) {
                return None;
            }
            if s[0] != 0 || keep_absent {
                stamps.push((path.to_str()?.to_string(), s));
            }
            Some(s)
        };
        for folder in &self.folders {
            let s = add(folder, true)?;
            if s[0] != 2 {
                return None;
            }
            // An ignore file created later moves the folder's time: only present ones are
            // stamped.
            add(&folder.join(".gitignore"), false)?;
            add(&folder.join(".ignore"), false)?;
            let git = add(&folder.join(".git"), false)?;
            match git[0] {
                0 => {}
                2 => {
                    add(&folder.join(".git/info"), true)?;
                    add(&folder.join(".git/info/exclude"), true)?;
                }
                _ => return None,
            }
        }
        for above in ancestors(given) {
            for name in [".gitignore", ".ignore", ".git/info/exclude"] {
                add(&above.join(name), true)?;
            }
            if ![0, 2].contains(&add(&above.join(".git"), true)?[0]) {
                return None;
            }
        }
        let git_config = git_config_files();
        for f in &git_config {
            add(f, true)?;
        }
        if let Some(excludes) = ignore::gitignore::gitconfig_excludes_path() {
            add(&excludes, true)?;
        }
        let text = |p: &Path| p.to_str().map(str::to_string);
        let files = files
            .iter()
            .map(|f| {
                let rel = match &f.rel {
                    Some(r) => Some(text(r)?),
                    None => None,
                };
                Some((text(&f.path)?, rel, f.locale.clone()))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Record {
            stamps,
            git_config: git_config.iter().map(|p| text(p)).collect::<Option<_>>()?,
            files,
            page_like: page_like.iter().map(|p| text(p)).collect::<Option<_>>()?,
            projects: projects.iter().map(|p| text(p)).collect::<Option<_>>()?,
            assets: if assets {
                Some(self.served.iter().map(|p| text(p)).collect::<Option<_>>()?)
            } else {
                None
            },
        })
    }
}

/// The record's stored form: magic, format, the SHA-256 of the rest, the key, the record.
pub(super) fn encode(key: &[u8; 32], record: &Record) -> Option<Vec<u8>> {
    let body = postcard::to_allocvec(record).ok()?;
    let mut payload = Vec::with_capacity(32 + body.len());
    payload.extend_from_slice(key);
    payload.extend_from_slice(&body);
    let mut out = Vec::with_capacity(8 + 4 + 32 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(blake3::hash(&payload).as_bytes());
    out.extend_from_slice(&payload);
    Some(out)
}

/// The listing recorded in `file` under `key`, when the file is whole and every stamp still
/// holds.
pub(super) fn load(file: &Path, key: &[u8; 32]) -> Option<Found> {
    let data = crate::fsutil::read_regular(file).ok()?;
    if data.get(..8)? != MAGIC || data.get(8..12)? != FORMAT.to_le_bytes() {
        return None;
    }
    let payload = data.get(44..)?;
    if blake3::hash(payload).as_bytes()[..] != *data.get(12..44)? || payload.get(..32)? != key {
        return None;
    }
    let record: Record = postcard::from_bytes(&payload[32..]).ok()?;
    let config: Vec<PathBuf> = git_config_files();
    if config.len() != record.git_config.len()
        || config
            .iter()
            .zip(&record.git_config)
            .any(|(a, b)| a.as_os_str() != b.as_str())
    {
        return None;
    }
    for (path, s) in &record.stamps {
        if stamp(Path::new(path))? != *s {
            return None;
        }
    }
    Some(Found {
        files: record
            .files
            .into_iter()
            .map(|(path, rel, locale)| PageFile {
                path: path.into(),
                rel: rel.map(PathBuf::from),
                locale,
                // Recorded by an earlier run: this run has not looked.
                walked_regular: false,
            })
            .collect(),
        page_like: record.page_like.into_iter().map(PathBuf::from).collect(),
        projects: record.projects,
        assets: record.assets,
    })
}

/// The folders above `given` whose ignore files a walk of it reads: the parents of its
/// absolute path, as written and with `.` and `..` resolved.
fn ancestors(given: &Path) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let abs = cwd.join(given);
    let plain = crate::fsutil::normalize(&abs);
    let mut out: Vec<PathBuf> = abs
        .ancestors()
        .skip(1)
        .chain(plain.ancestors().skip(1))
        .map(Path::to_path_buf)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Git's configuration files, as git (and the walk's global ignore file) finds them in this
/// environment.
fn git_config_files() -> Vec<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let home = var("HOME").map(PathBuf::from);
    let mut out = Vec::new();
    if let Some(global) = var("GIT_CONFIG_GLOBAL") {
        out.push(PathBuf::from(global));
    }
    if let Some(home) = &home {
        out.push(home.join(".gitconfig"));
    }
    if let Some(xdg) = var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")))
    {
        out.push(xdg.join("git/config"));
        out.push(xdg.join("git/ignore"));
    }
    out.push(
        var("GIT_CONFIG_SYSTEM").map_or_else(|| PathBuf::from("/etc/gitconfig"), PathBuf::from),
    );
    out
}

/// A path's stamp (following links, as the walk reads ignore files); `None` when it cannot be
/// told (an error other than the path not existing).
#[cfg(unix)]
fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt as _;
    match std::fs::metadata(path) {
        Ok(m) => {
            let kind = if m.is_file() {
                1
            } else if m.is_dir() {
                2
            } else {
                3
            };
            let nanos = |s: i64, ns: i64| {
                u64::try_from(s)
                    .ok()?
                    .checked_mul(1_000_000_000)?
                    .checked_add(u64::try_from(ns).ok()?)
            };
            Some([
                kind,
                m.ino(),
                m.size(),
                nanos(m.mtime(), m.mtime_nsec())?,
                nanos(m.ctime(), m.ctime_nsec())?,
            ])
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some([0; 5]),
        Err(_) => None,
    }
}

/// Without inodes and change times, nothing is recorded.
#[cfg(not(unix))]
fn stamp(_path: &Path) -> Option<Stamp> {
    None
}

fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .unwrap_or(0)
}
