//! `translations.lock`: for each translated page, the source text each translated unit was
//! translated from, recorded when a translator runs `guide-lint translations accept`.
//!
//! The file is YAML, written by guide-lint in one fixed shape so that diffs are minimal and
//! merges easy: pages sorted by path, then one line per unit, sorted by the unit's key. A unit's
//! key is a hash of the translated text (and its section), so it does not move when other units
//! are added or removed; the line holds the hash of the accepted source text and that text
//! itself, which GL407 shows as "before" without needing git history.
//!
//! ```yaml
//! version: 1
//! pages:
//!   da/move.md:
//!     source: en/move.md
//!     units:
//!       0c1d2e3f4a5b: {hash: 9a8b7c6d5e4f, text: "Export your data"}
//!       src: {hash: 3e4f5a6b7c8d, text: "source units left out are recorded"}
//!       src-7d8e9f0a1b2c: {hash: 7d8e9f0a1b2c, text: "Tap Next."}
//! ```
//!
//! `src-` entries are the source units the translation left out when it was accepted (merged
//! into a neighbour or dropped), `src` says they were recorded: a source unit that neither
//! these nor the translated units' entries name was added to the source page since (GL407).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::Error;

/// The lock file's name, in the guides root.
pub const FILE_NAME: &str = "translations.lock";

/// The lock file's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub version: u32,
    #[serde(default)]
    pub pages: BTreeMap<String, PageLock>,
}

/// What was accepted for one translated page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageLock {
    /// The source page, relative to the guides root.
    pub source: String,
    /// Unit key -> the source text it was translated from.
    #[serde(default)]
    pub units: BTreeMap<String, LockedUnit>,
}

/// The accepted source of one translated unit.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedUnit {
    /// Hash of the source unit's text ([`source_hash`]).
    pub hash: String,
    /// The source unit's text.
    pub text: String,
}

/// Hex digits kept from SHA-256 for keys and hashes (48 bits: collisions are not a concern
/// within one page).
const HASH_LEN: usize = 12;

fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0x1f]);
        }
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    let mut s = String::with_capacity(HASH_LEN);
    for b in digest.iter().take(HASH_LEN / 2) {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The hash of a source unit's text as recorded in the lock.
pub fn source_hash(text: &str) -> String {
    short_hash(&[text])
}

/// The key prefix of a source unit the translation left out when it was accepted (one that
/// nothing in the translation is aligned with: merged into a neighbour, or dropped on purpose):
/// `src-<source hash>`. No translated unit's key starts with it (those are hex digits).
pub const LEFT_OUT_PREFIX: &str = "src-";

/// The key of the entry that says an acceptance recorded the source units it left out: pages
/// accepted before such units were recorded lack it, and nothing is reported as added to
/// them.
pub const LEFT_OUT_RECORDED: &str = "src";

/// That entry's text, the same on every page.
pub const LEFT_OUT_RECORDED_TEXT: &str = "source units left out are recorded";

/// The key of a translated unit: a hash of its normalised text and its section's heading, with
/// `-2`, `-3`... for repeats of the same text in the same section.
pub fn unit_key(section_key: &str, unit_key: &str, repeat: usize) -> String {
    let h = short_hash(&[section_key, unit_key]);
    if repeat <= 1 {
        h
    } else {
        format!("{h}-{repeat}")
    }
}

impl Lock {
    pub fn new() -> Lock {
        Lock {
            version: 1,
            pages: BTreeMap::new(),
        }
    }

    /// Where the lock file of a guides root lives.
    pub fn path(guides_root: &Path) -> PathBuf {
        let root: PathBuf = guides_root
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        root.join(FILE_NAME)
    }

    /// Where `translations accept` writes the lock of `config`'s guides: in the guides root,
    /// except where that is a MkDocs project's `docs_dir` or a folder inside it, whose every
    /// file MkDocs publishes on the site: there, beside the project's `mkdocs.yml`.
    pub fn path_for(config: &crate::config::Config) -> PathBuf {
        match config.mkdocs.as_ref() {
            Some(project) if config.guides_root_in_docs_dir() => Lock::path(project.dir()),
            _ => Lock::path(&config.guides_root()),
        }
    }

    /// The lock a run reads: [`Lock::path_for`], else one written in the guides root before the
    /// lock of a MkDocs `docs_dir` moved beside `mkdocs.yml` (the next `translations accept`
    /// moves it).
    pub fn read_path(config: &crate::config::Config) -> PathBuf {
        let path = Lock::path_for(config);
        match Lock::earlier_path(config, &path) {
            Some(earlier) if std::fs::symlink_metadata(&path).is_err() => earlier,
            _ => path,
        }
    }

    /// The lock of a MkDocs `docs_dir` written where it lived before (the guides root), when
    /// that is not `path` and a file is there.
    pub fn earlier_path(config: &crate::config::Config, path: &Path) -> Option<PathBuf> {
        let earlier = Lock::path(&config.guides_root());
        (earlier != path && std::fs::symlink_metadata(&earlier).is_ok()).then_some(earlier)
    }

    /// Reads the lock file; a missing file is an empty lock.
    pub fn load(path: &Path) -> Result<Lock, Error> {
        let text = match crate::fsutil::read_config(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Lock::new()),
            Err(e) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    message: crate::document::io_message(&e),
                });
            }
        };
        Lock::parse(&text, path)
    }

    /// Parses a lock file's text; errors point at the offending line.
    pub fn parse(text: &str, path: &Path) -> Result<Lock, Error> {
        if text.trim().is_empty() {
            return Ok(Lock::new());
        }
        let config_error = |offset: usize, message: String| Error::Config {
            path: path.to_path_buf(),
            text: text.to_string(),
            offset,
            message,
        };
        if let Some(line_start) = text
            .lines()
            .scan(0usize, |off, l| {
                let start = *off;
                *off += l.len() + 1;
                Some((start, l))
            })
            .find(|(_, l)| l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>"))
            .map(|(s, _)| s)
        {
            return Err(config_error(
                line_start,
                "the lock file has merge conflict markers: take either side (or both sides' unit lines), then run `guide-lint translations accept` on the page again".into(),
            ));
        }
        let lock: Lock = serde_norway::from_str(text).map_err(|e| {
            let offset = e.location().map_or(0, |l| l.index()).min(text.len());
            let message = e.to_string();
            let message = match message.find(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            config_error(offset, format!("invalid translations lock: {message}"))
        })?;
        if lock.version != 1 {
            return Err(config_error(
                text.find("version").unwrap_or(0),
                format!("unsupported translations lock version {}", lock.version),
            ));
        }
        Ok(lock)
    }

    /// The lock in its one canonical text form.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# Accepted translations: for each translated page, the source text each unit was\n\
             # translated from. Written by `guide-lint translations accept PAGE`; do not edit.\n",
        );
        out.push_str("version: 1\n");
        if self.pages.is_empty() {
            out.push_str("pages: {}\n");
            return out;
        }
        out.push_str("pages:\n");
        for (page, p) in &self.pages {
            let _ = writeln!(out, "  {}:", quote(page));
            let _ = writeln!(out, "    source: {}", quote(&p.source));
            if p.units.is_empty() {
                out.push_str("    units: {}\n");
                continue;
            }
            out.push_str("    units:\n");
            for (key, u) in &p.units {
                let _ = writeln!(
                    out,
                    "      {}: {{hash: {}, text: {}}}",
                    quote(key),
                    quote(&u.hash),
                    json_string(&u.text)
                );
            }
        }
        out
    }

    /// Writes the lock atomically (a temporary file in the same directory, then a rename).
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        crate::translation::write_atomic(path, self.to_yaml().as_bytes())
    }
}

/// A plain YAML scalar when it is safe, else a double-quoted one.
fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'))
        && !s.starts_with(['-', '.'])
        && !matches!(
            s,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        && s.parse::<f64>().is_err();
    if plain { s.to_string() } else { json_string(s) }
}

/// A JSON string is a valid YAML double-quoted scalar.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Lock {
        let mut lock = Lock::new();
        let mut units = BTreeMap::new();
        units.insert(
            unit_key("2 eksporter dine data", "klik", 1),
            LockedUnit {
                hash: source_hash("Click \"here\": `x`"),
                text: "Click \"here\": `x`".into(),
            },
        );
        units.insert(
            unit_key("2 eksporter dine data", "klik", 2),
            LockedUnit {
                hash: source_hash("Done!"),
                text: "Done!\u{2028}ünïcode".into(),
            },
        );
        lock.pages.insert(
            "da/move.md".into(),
            PageLock {
                source: "en/move.md".into(),
                units,
            },
        );
        lock
    }

    #[test]
    fn round_trips_through_its_text() {
        let lock = sample();
        let text = lock.to_yaml();
        let back = Lock::parse(&text, Path::new("translations.lock")).unwrap();
        assert_eq!(back, lock);
        assert_eq!(back.to_yaml(), text, "the text form is canonical");
        // one line per unit
        assert_eq!(text.lines().filter(|l| l.contains("{hash:")).count(), 2);
    }

    #[test]
    fn conflict_markers_and_bad_yaml_are_errors_with_a_position() {
        let text = "version: 1\npages:\n<<<<<<< HEAD\n";
        match Lock::parse(text, Path::new("l")) {
            Err(Error::Config {
                offset, message, ..
            }) => {
                assert_eq!(offset, 18);
                assert!(message.contains("conflict"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(Lock::parse("version: 1\npages: [\n", Path::new("l")).is_err());
        assert!(Lock::parse("version: 2\n", Path::new("l")).is_err());
        assert!(Lock::parse("version: 1\nextra: 1\n", Path::new("l")).is_err());
    }

    #[test]
    fn keys_are_stable_and_distinguish_repeats() {
        assert_eq!(unit_key("a", "b", 1), unit_key("a", "b", 1));
        assert_ne!(unit_key("a", "b", 1), unit_key("a", "b", 2));
        assert_ne!(unit_key("a", "b", 1), unit_key("ab", "", 1));
        assert_eq!(unit_key("a", "b", 1).len(), 12);
    }
}
