//! The sync state file: per wiki, per page, what was last pushed and what the wiki held then.
//!
//! It is YAML with sorted keys (stable diffs when committed), rewritten atomically (a
//! temporary file in the same folder, then a rename) after every page, so a run that stops
//! half-way leaves a state that says exactly which pages were pushed: the next run carries on
//! without creating anything twice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::SyncError;

const VERSION: u32 = 1;

const HEADER: &str = "# guide-lint sync state: what was last pushed to each wiki, per page.\n\
# Written by `guide-lint sync --apply`; commit it with the guides. Do not edit by hand.\n";

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
    /// three-way merge `--pull` makes when the guide and the wiki both changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
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

    /// Records a page and saves the file.
    pub fn set_page(&mut self, key: &str, page: PageState) -> Result<(), SyncError> {
        self.target_mut().pages.insert(key.to_string(), page);
        self.save()
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

    /// Writes the whole file atomically.
    pub fn save(&self) -> Result<(), SyncError> {
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
