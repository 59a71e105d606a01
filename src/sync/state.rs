//! The sync state file: per wiki, per page, what was last pushed and what the wiki held then.
//!
//! It is YAML with sorted keys (stable diffs when committed), rewritten atomically (a
//! temporary file in the same folder, then a rename) after every page, so a run that stops
//! half-way leaves a state that says exactly which pages were pushed: the next run carries on
//! without creating anything twice.
//!
//! The text of each page as last pushed (the base of `--pull`'s three-way merge) is not in the
//! file: it is kept in a folder beside it (`.wiki-sync.bases/` for `.wiki-sync.yml`), one file
//! per text named by its SHA-256, and the file records the hash. Texts no page refers to any
//! more are deleted when the state is saved, so the folder holds at most one text per page and
//! the state file stays small whatever the pages hold.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::SyncError;

const VERSION: u32 = 1;

const HEADER: &str = "# guide-lint sync state: what was last pushed to each wiki, per page.\n\
# Written by `guide-lint sync --apply`; commit it, and the `.bases` folder beside it (the\n\
# texts pushed, by hash), with the guides. Do not edit by hand.\n";

/// What is known about one page on one wiki.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PageState {
    /// The wiki's page id (GraphQL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The file in the repository (git storage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Fingerprint of the built page when it was last pushed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pushed: Option<String>,
    /// Fingerprint of the wiki's page right after that push (differs from `pushed` when the
    /// wiki dropped a field, such as a page script the key may not save).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
    /// The wiki's `updatedAt` right after that push (GraphQL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// The commit that wrote the file (git storage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Fingerprint of the wiki's version saved beside the guide by `--pull`: once that file
    /// is merged and deleted, this version no longer counts as a conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pulled: Option<String>,
    /// Fingerprint of the wiki's version a person declared merged into the guide
    /// (`sync --resolve`): that version no longer counts as a conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    /// The page's text as last pushed (Wiki.js form, without the header): the base of the
    /// three-way merge `--pull` makes when the guide and the wiki both changed since. Given
    /// here when recording a page; stored in the bases folder ([`State::base_text`] reads it
    /// back). Read from the file only as older versions wrote it (inline).
    #[serde(default, skip_serializing)]
    pub base: Option<String>,
    /// `sha256:<hex>` of the base, the name of its file in the bases folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_sha256: Option<String>,
    /// The title and description as last pushed: the base of their three-way merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_description: Option<String>,
}

/// What is known about one asset on one wiki: what was uploaded (GraphQL) or committed (git
/// storage), and what the wiki listed right after.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AssetState {
    /// `sha256:<hex>` of the file uploaded.
    pub sha256: String,
    /// The size the wiki listed for it after the upload.
    pub size: i64,
    /// The wiki's `updatedAt` for it after the upload (GraphQL).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub updated_at: String,
    /// `sha256:<hex>` of what the wiki serves for the file uploaded, when that is not the file
    /// (Wiki.js sanitises an uploaded SVG).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiki_sha256: Option<String>,
}

/// One wiki's pages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TargetState {
    #[serde(default)]
    pub pages: BTreeMap<String, PageState>,
    /// Pages that link to pages created since they were last rendered, and still need a
    /// re-render for those links to work.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub pending_renders: BTreeSet<String>,
    /// Pages created on the wiki whose linking pages have not been looked for yet (a run that
    /// stopped after creating them leaves them here for the next run).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub new_pages: BTreeSet<String>,
    /// Assets uploaded, by the path the wiki serves them at (`/move-guide/a.png`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub assets: BTreeMap<String, AssetState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StateFile {
    version: u32,
    #[serde(default)]
    targets: BTreeMap<String, TargetState>,
}

/// The state file, loaded, with one wiki selected.
#[derive(Debug)]
pub struct State {
    path: PathBuf,
    target: String,
    file: StateFile,
}

impl State {
    /// Loads `path` (a missing file is an empty state) and selects the wiki `target`.
    pub fn load(path: &Path, target: &str) -> Result<State, SyncError> {
        let file =
            // Never through a link, never a FIFO.
            match crate::fsutil::read_regular(path).and_then(|b| {
                String::from_utf8(b).map_err(|_| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text")
                })
            }) {
                Ok(text) if text.trim().is_empty() => None,
                Ok(text) => Some(serde_norway::from_str::<StateFile>(&text).map_err(|e| {
                    SyncError::State {
                        path: path.to_path_buf(),
                        message: format!(
                            "{e}; fix or delete the file (deleting makes every page on the wiki \
                         count as not synced yet)"
                        ),
                    }
                })?),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    return Err(SyncError::State {
                        path: path.to_path_buf(),
                        message: crate::document::io_message(&e),
                    });
                }
            };
        let file = file.unwrap_or(StateFile {
            version: VERSION,
            targets: BTreeMap::new(),
        });
        if file.version != VERSION {
            return Err(SyncError::State {
                path: path.to_path_buf(),
                message: format!(
                    "state version {} is not supported (this guide-lint writes version \
                     {VERSION})",
                    file.version
                ),
            });
        }
        Ok(State {
            path: path.to_path_buf(),
            target: target.to_string(),
            file,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The selected wiki's pages.
    pub fn target(&self) -> Option<&TargetState> {
        self.file.targets.get(&self.target)
    }

    pub fn page(&self, key: &str) -> Option<&PageState> {
        self.target().and_then(|t| t.pages.get(key))
    }

    fn target_mut(&mut self) -> &mut TargetState {
        self.file.targets.entry(self.target.clone()).or_default()
    }

    /// What was recorded of the asset served at `url`.
    pub fn asset(&self, url: &str) -> Option<&AssetState> {
        self.target().and_then(|t| t.assets.get(url))
    }

    /// Records an asset and saves the file.
    pub fn set_asset(&mut self, url: &str, asset: AssetState) -> Result<(), SyncError> {
        self.target_mut().assets.insert(url.to_string(), asset);
        self.save()
    }

    /// Records a page and saves the file (its base text, if given, into the bases folder).
    pub fn set_page(&mut self, key: &str, mut page: PageState) -> Result<(), SyncError> {
        if let Some(text) = page.base.take() {
            page.base_sha256 = Some(self.store_base(&text)?);
        }
        self.target_mut().pages.insert(key.to_string(), page);
        self.save()
    }

    /// The folder holding the pages' base texts: beside the state file, named after it.
    pub fn bases_dir(&self) -> PathBuf {
        let stem = self
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "wiki-sync".into());
        self.path.with_file_name(format!("{stem}.bases"))
    }

    /// The text last pushed for a page, as recorded: `None` when none was recorded, or its
    /// file in the bases folder is missing or does not hold it (a merge then goes without).
    pub fn base_text(&self, page: &PageState) -> Option<String> {
        if let Some(text) = &page.base {
            return Some(text.clone());
        }
        let hash = page.base_sha256.as_deref()?;
        let hex = hash.strip_prefix("sha256:").filter(|h| is_hex_name(h))?;
        let bytes = crate::fsutil::read_regular(&self.bases_dir().join(hex)).ok()?;
        (sha256(&bytes) == hash)
            .then(|| String::from_utf8(bytes).ok())
            .flatten()
    }

    /// Writes `text` into the bases folder (unless it is there already); its `sha256:<hex>`.
    fn store_base(&self, text: &str) -> Result<String, SyncError> {
        let hash = sha256(text.as_bytes());
        let dir = self.bases_dir();
        let err = |message: String| SyncError::State {
            path: dir.clone(),
            message,
        };
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(err(
                "is a symbolic link: the page texts are never written through one".into(),
            ));
        }
        let file = dir.join(&hash["sha256:".len()..]);
        let there = crate::fsutil::read_regular(&file).is_ok_and(|b| sha256(&b) == hash);
        if !there {
            std::fs::create_dir_all(&dir).map_err(|e| err(crate::document::io_message(&e)))?;
            write_atomic(&file, text.as_bytes()).map_err(err)?;
        }
        Ok(hash)
    }

    /// Deletes the files of the bases folder that no page of any wiki refers to.
    fn collect_bases(&self) {
        let Ok(entries) = std::fs::read_dir(self.bases_dir()) else {
            return;
        };
        let used: BTreeSet<&str> = self
            .file
            .targets
            .values()
            .flat_map(|t| t.pages.values())
            .filter_map(|p| p.base_sha256.as_deref())
            .filter_map(|h| h.strip_prefix("sha256:"))
            .collect();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if is_hex_name(&name)
                && !used.contains(name.as_str())
                && e.file_type().is_ok_and(|t| t.is_file())
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }

    /// Marks pages as needing a re-render and saves the file.
    pub fn add_pending_renders(
        &mut self,
        keys: impl IntoIterator<Item = String>,
    ) -> Result<(), SyncError> {
        let before = self.target().map_or(0, |t| t.pending_renders.len());
        self.target_mut().pending_renders.extend(keys);
        if self.target().map_or(0, |t| t.pending_renders.len()) != before {
            self.save()?;
        }
        Ok(())
    }

    /// Clears a pending re-render and saves the file.
    pub fn remove_pending_render(&mut self, key: &str) -> Result<(), SyncError> {
        if self.target_mut().pending_renders.remove(key) {
            self.save()?;
        }
        Ok(())
    }

    /// Records a page created on the wiki, whose linking pages need a re-render, and saves.
    pub fn add_new_page(&mut self, key: &str) -> Result<(), SyncError> {
        if self.target_mut().new_pages.insert(key.to_string()) {
            self.save()?;
        }
        Ok(())
    }

    /// Pages created whose linking pages have not been looked for yet.
    pub fn new_pages(&self) -> BTreeSet<String> {
        self.target()
            .map(|t| t.new_pages.clone())
            .unwrap_or_default()
    }

    /// Moves the pages linking to new pages to the pending re-renders, and forgets the new
    /// pages (their linking pages are known now), in one save.
    pub fn linking_pages_found(
        &mut self,
        linking: impl IntoIterator<Item = String>,
    ) -> Result<(), SyncError> {
        let t = self.target_mut();
        let before = (t.pending_renders.len(), t.new_pages.len());
        t.pending_renders.extend(linking);
        t.new_pages.clear();
        if (t.pending_renders.len(), t.new_pages.len()) != before {
            self.save()?;
        }
        Ok(())
    }

    pub fn pending_renders(&self) -> BTreeSet<String> {
        self.target()
            .map(|t| t.pending_renders.clone())
            .unwrap_or_default()
    }

    /// Writes the whole file atomically (base texts still inline, as older versions wrote
    /// them, are moved to the bases folder first), then deletes the base texts no page refers
    /// to any more.
    pub fn save(&mut self) -> Result<(), SyncError> {
        let inline: Vec<(String, String, String)> = self
            .file
            .targets
            .iter()
            .flat_map(|(t, ts)| {
                ts.pages
                    .iter()
                    .filter_map(move |(k, p)| Some((t.clone(), k.clone(), p.base.clone()?)))
            })
            .collect();
        for (t, k, text) in inline {
            let hash = self.store_base(&text)?;
            if let Some(p) = self
                .file
                .targets
                .get_mut(&t)
                .and_then(|ts| ts.pages.get_mut(&k))
            {
                p.base = None;
                p.base_sha256 = Some(hash);
            }
        }
        self.write()?;
        self.collect_bases();
        Ok(())
    }

    fn write(&self) -> Result<(), SyncError> {
        let yaml = serde_norway::to_string(&self.file).map_err(|e| SyncError::State {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        write_atomic(&self.path, format!("{HEADER}{yaml}").as_bytes()).map_err(|message| {
            SyncError::State {
                path: self.path.clone(),
                message,
            }
        })
    }
}

/// `sha256:<hex>` of `bytes`.
pub(super) fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{}", crate::util::sha256_hex(bytes))
}

/// A base file's name: 64 lowercase hex digits.
fn is_hex_name(name: &str) -> bool {
    name.len() == 64
        && name
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

/// Writes `bytes` to `path` with [`crate::fsutil::write_atomic`]: atomically, keeping
/// permissions, refusing a symbolic link (the state file, and the files `--pull` saves beside
/// the guides, are never written through one).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::fsutil::write_atomic(path, bytes, crate::fsutil::OnSymlink::Refuse)
        .map(|_| ())
        .map_err(|e| crate::document::io_message(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_sorted_and_reloads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/.wiki-sync.yml");
        let mut s = State::load(&path, "graphql https://w/graphql").unwrap();
        assert!(s.page("da/a").is_none());
        for key in ["en/b", "da/a"] {
            s.set_page(
                key,
                PageState {
                    id: Some(3),
                    pushed: Some("sha256:1".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# guide-lint sync state"), "{text}");
        assert!(
            text.find("da/a").unwrap() < text.find("en/b").unwrap(),
            "{text}"
        );
        assert!(!text.contains("commit:"), "{text}");
        let again = State::load(&path, "graphql https://w/graphql").unwrap();
        assert_eq!(again.page("en/b").and_then(|p| p.id), Some(3));
        let other = State::load(&path, "git wiki").unwrap();
        assert!(other.page("en/b").is_none());
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_state_file_that_is_a_link_is_never_written_through() {
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("bashrc");
        std::fs::write(&victim, "precious\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".wiki-sync.yml");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        let e = match State::load(&path, "t") {
            Ok(_) => panic!("a state file that is a link was read"),
            Err(e) => e.to_string(),
        };
        assert!(e.contains("symbolic link"), "{e}");
        // A state loaded before the link appeared is not saved through it either.
        std::fs::remove_file(&path).unwrap();
        let mut s = State::load(&path, "t").unwrap();
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        let e = s
            .set_page("da/a", PageState::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        assert!(std::fs::symlink_metadata(&path).unwrap().is_symlink());
    }

    #[test]
    fn base_texts_live_beside_the_file_one_per_page_and_unused_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".wiki-sync.yml");
        let mut s = State::load(&path, "t").unwrap();
        let big = "A line of the page.\n".repeat(5000);
        for round in 0..3 {
            for key in ["da/a", "da/b"] {
                s.set_page(
                    key,
                    PageState {
                        id: Some(1),
                        base: Some(format!("{big}{key} {round}\n")),
                        ..Default::default()
                    },
                )
                .unwrap();
            }
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.len() < 1000,
            "the state file holds the texts: {} bytes",
            text.len()
        );
        assert!(!text.contains("A line of the page."));
        let bases = dir.path().join(".wiki-sync.bases");
        assert_eq!(std::fs::read_dir(&bases).unwrap().count(), 2);
        let again = State::load(&path, "t").unwrap();
        let entry = again.page("da/b").unwrap();
        assert_eq!(
            again.base_text(entry).as_deref(),
            Some(format!("{big}da/b 2\n").as_str())
        );
        // A base file that does not hold its text counts as none.
        let hex = entry.base_sha256.as_deref().unwrap()["sha256:".len()..].to_string();
        std::fs::write(bases.join(&hex), "tampered").unwrap();
        assert_eq!(again.base_text(entry), None);
        // A page that drops its base lets its file go; files that are not bases stay.
        std::fs::write(bases.join("README"), "kept").unwrap();
        let mut s = State::load(&path, "t").unwrap();
        s.set_page("da/a", PageState::default()).unwrap();
        s.set_page("da/b", PageState::default()).unwrap();
        let left: Vec<String> = std::fs::read_dir(&bases)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, vec!["README".to_string()]);
    }

    #[test]
    fn inline_bases_of_older_files_are_read_and_moved_out_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yml");
        std::fs::write(
            &path,
            "version: 1\ntargets:\n  t:\n    pages:\n      da/a:\n        id: 3\n        base: |\n          Old text.\n",
        )
        .unwrap();
        let mut s = State::load(&path, "t").unwrap();
        let entry = s.page("da/a").unwrap().clone();
        assert_eq!(s.base_text(&entry).as_deref(), Some("Old text.\n"));
        s.save().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("Old text") && text.contains("base-sha256"),
            "{text}"
        );
        let again = State::load(&path, "t").unwrap();
        assert_eq!(
            again.base_text(again.page("da/a").unwrap()).as_deref(),
            Some("Old text.\n")
        );
    }

    #[test]
    fn a_damaged_file_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yml");
        std::fs::write(&path, "version: 1\ntargets: [oops\n").unwrap();
        let e = State::load(&path, "t").unwrap_err().to_string();
        assert!(e.contains("s.yml"), "{e}");
        std::fs::write(&path, "version: 9\n").unwrap();
        let e = State::load(&path, "t").unwrap_err().to_string();
        assert!(e.contains("version 9"), "{e}");
        std::fs::write(&path, "version: 1\nsurprise: 1\n").unwrap();
        assert!(State::load(&path, "t").is_err());
    }
}
