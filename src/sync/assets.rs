//! Assets (images, downloadable files) over GraphQL: each asset the built pages use is
//! compared with what the wiki lists in its asset folder and with what the state file says was
//! last uploaded, then uploaded through Wiki.js's upload endpoint when it is missing or changed
//! (docs/wikijs.md#assets).
//!
//! Wiki.js keeps no content hash of an asset, so an asset is known to be as we left it when
//! the wiki still lists it with the size and `updatedAt` recorded right after our upload. When
//! either moved, the asset was replaced on the wiki: a conflict, not overwritten without
//! `--force` (unless the wiki's file, read back, is byte for byte the build's).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::state::{AssetState, sha256};
use super::{State, SyncError, SyncOptions};
use crate::wikijs::graphql::{Client, ClientError, RemoteAsset};

/// An asset to publish: what `build` places in the output tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncAsset {
    /// The path the wiki serves it at (`/move-guide/settings.png`).
    pub url: String,
    /// The folders it lies in on the wiki (`["move-guide"]`).
    pub folders: Vec<String>,
    /// Its file name on the wiki.
    pub name: String,
    /// The file it was read from.
    pub source: PathBuf,
    pub content: Vec<u8>,
    /// `sha256:<hex>` of `content`.
    pub sha256: String,
}

impl From<crate::build::BuiltAsset> for SyncAsset {
    fn from(a: crate::build::BuiltAsset) -> Self {
        let rel = crate::util::slash_path(&a.file);
        let mut folders: Vec<String> = rel.split('/').map(str::to_string).collect();
        let name = folders.pop().unwrap_or_default();
        SyncAsset {
            url: format!("/{rel}"),
            folders,
            name,
            source: a.source,
            content: a.content,
            sha256: format!("sha256:{}", a.sha256),
        }
    }
}

/// The assets a build wrote into the built tree `out`, as its manifest
/// ([`crate::build::manifest_path`]) lists them, for `sync --from`: each file is read from the
/// tree and must still hold what the build wrote. A tree without a manifest (not written by
/// `build`) has no assets.
pub fn from_built_tree(out: &std::path::Path) -> Result<Vec<SyncAsset>, SyncError> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(default)]
        assets: BTreeMap<String, String>,
    }
    let path = crate::build::manifest_path(out);
    let bytes = match crate::fsutil::read_regular(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(SyncError::Io {
                path,
                message: crate::document::io_message(&e),
            });
        }
    };
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| SyncError::Io {
        path: path.clone(),
        message: format!("not a build manifest: {e}"),
    })?;
    let mut out_assets = Vec::with_capacity(manifest.assets.len());
    for (rel, hex) in manifest.assets {
        let rel_path = std::path::Path::new(&rel);
        let plain = !rel.is_empty()
            && rel_path.components().all(|c| {
                matches!(c, std::path::Component::Normal(n)
                    if !n.to_string_lossy().starts_with('.'))
            });
        let file = out.join(rel_path);
        let fail = |message: String| SyncError::Io {
            path: file.clone(),
            message,
        };
        if !plain {
            return Err(SyncError::Io {
                path: path.clone(),
                message: format!("lists the asset `{rel}`, which is not a path inside the tree"),
            });
        }
        crate::fsutil::check_inside(out, rel_path)
            .map_err(|e| fail(crate::document::io_message(&e)))?;
        let content = crate::fsutil::read_regular(&file).map_err(|e| {
            fail(format!(
                "{} (the build's manifest lists it: build again)",
                crate::document::io_message(&e)
            ))
        })?;
        let hash = sha256(&content);
        if hash != format!("sha256:{hex}") {
            return Err(fail(
                "changed since the build wrote it: build again, or publish the guides \
                 without --from"
                    .into(),
            ));
        }
        let mut folders: Vec<String> = rel.split('/').map(str::to_string).collect();
        let name = folders.pop().unwrap_or_default();
        out_assets.push(SyncAsset {
            url: format!("/{rel}"),
            folders,
            name,
            source: file,
            content,
            sha256: hash,
        });
    }
    Ok(out_assets)
}

/// The path the wiki serves `asset` at: its folders and the name Wiki.js stores it under.
fn served_path(asset: &SyncAsset) -> String {
    let mut parts = asset.folders.clone();
    parts.push(wiki_file_name(&asset.name));
    format!("/{}", parts.join("/"))
}

/// The name Wiki.js stores an uploaded file under: lowercased, with runs of whitespace, `,`,
/// `;` and `#` replaced by `_`.
pub fn wiki_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.to_lowercase().chars() {
        if c.is_whitespace() || matches!(c, ',' | ';' | '#') {
            if !in_run {
                out.push('_');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// What the plan says about an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetAction {
    Upload,
    Unchanged,
    Conflict,
}

impl AssetAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AssetAction::Upload => "upload",
            AssetAction::Unchanged => "unchanged",
            AssetAction::Conflict => "conflict",
        }
    }
}

/// What happened to an asset when the plan was carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetOutcome {
    Uploaded,
    Unchanged,
    /// A conflict left alone.
    Skipped,
    Failed(String),
}

impl AssetOutcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            AssetOutcome::Uploaded => "uploaded",
            AssetOutcome::Unchanged => "unchanged",
            AssetOutcome::Skipped => "conflict",
            AssetOutcome::Failed(_) => "failed",
        }
    }
}

/// An asset's line in the report.
#[derive(Debug, Clone)]
pub struct AssetReport {
    /// The path the wiki serves it at.
    pub url: String,
    /// The file it is read from.
    pub source: PathBuf,
    /// Its size in bytes.
    pub size: usize,
    pub action: AssetAction,
    /// Why: the conflict's cause, or why it is uploaded.
    pub reason: Option<String>,
    /// `None` when the plan was not carried out.
    pub outcome: Option<AssetOutcome>,
    /// A conflict that `--force` overwrites.
    pub forced: bool,
    /// What to record when the plan is carried out, for an asset that needs no upload.
    record: Option<AssetState>,
}

impl AssetReport {
    /// The plan's starting point for `asset`: uploaded, for no stated reason yet.
    fn upload(asset: &SyncAsset) -> AssetReport {
        AssetReport {
            url: asset.url.clone(),
            source: asset.source.clone(),
            size: asset.content.len(),
            action: AssetAction::Upload,
            reason: None,
            outcome: None,
            forced: false,
            record: None,
        }
    }

    /// Whether carrying the plan out (with `options`) uploads the asset.
    pub fn uploads(&self, options: &SyncOptions) -> bool {
        self.action == AssetAction::Upload
            || (self.action == AssetAction::Conflict && options.force)
    }
}

/// The wiki's asset folders and files, read as needed and kept for the run.
struct Listing<'c> {
    client: &'c Client,
    /// Folder path (slugs) -> id, `None` when it does not exist.
    folders: BTreeMap<Vec<String>, Option<i64>>,
    /// Parent id -> its sub-folders.
    children: BTreeMap<i64, Vec<crate::wikijs::graphql::AssetFolder>>,
    /// Folder id -> its assets.
    files: BTreeMap<i64, Vec<RemoteAsset>>,
}

impl<'c> Listing<'c> {
    fn new(client: &'c Client) -> Listing<'c> {
        Listing {
            client,
            folders: BTreeMap::new(),
            children: BTreeMap::new(),
            files: BTreeMap::new(),
        }
    }

    /// The id of the folder at `path` (`[]`: the root, 0), `None` when it does not exist.
    fn folder(&mut self, path: &[String]) -> Result<Option<i64>, ClientError> {
        if path.is_empty() {
            return Ok(Some(0));
        }
        if let Some(id) = self.folders.get(path) {
            return Ok(*id);
        }
        let id = match self.folder(&path[..path.len() - 1])? {
            None => None,
            Some(parent) => {
                if !self.children.contains_key(&parent) {
                    let list = self.client.asset_folders(parent)?;
                    self.children.insert(parent, list);
                }
                let slug = &path[path.len() - 1];
                self.children
                    .get(&parent)
                    .and_then(|c| c.iter().find(|f| &f.slug == slug))
                    .map(|f| f.id)
            }
        };
        self.folders.insert(path.to_vec(), id);
        Ok(id)
    }

    /// The wiki's asset named `name` in folder `folder`.
    fn asset(
        &mut self,
        folder: i64,
        name: &str,
        fresh: bool,
    ) -> Result<Option<RemoteAsset>, ClientError> {
        if fresh || !self.files.contains_key(&folder) {
            let list = self.client.assets_in(folder)?;
            self.files.insert(folder, list);
        }
        Ok(self
            .files
            .get(&folder)
            .and_then(|l| l.iter().find(|a| a.filename == name))
            .cloned())
    }

    /// The id of the folder at `path`, creating the missing ones as Wiki.js's asset manager
    /// does (`assets { createFolder }`, one level at a time).
    fn ensure_folder(&mut self, path: &[String]) -> Result<Result<i64, String>, ClientError> {
        if let Some(id) = self.folder(path)? {
            return Ok(Ok(id));
        }
        let parent = match self.ensure_folder(&path[..path.len() - 1])? {
            Ok(id) => id,
            Err(e) => return Ok(Err(e)),
        };
        let slug = &path[path.len() - 1];
        if let Err(e) = self.client.create_asset_folder(parent, slug)? {
            return Ok(Err(format!(
                "the wiki refused to create the asset folder `{}`: {}",
                path.join("/"),
                e.message
            )));
        }
        let list = self.client.asset_folders(parent)?;
        let id = list.iter().find(|f| &f.slug == slug).map(|f| f.id);
        self.children.insert(parent, list);
        self.folders.insert(path.to_vec(), id);
        Ok(id.ok_or_else(|| {
            format!(
                "the wiki created the asset folder `{}` but does not list it",
                path.join("/")
            )
        }))
    }
}

/// Plans the assets: each is compared with the wiki's listing and the state.
pub fn plan(
    client: &Client,
    assets: &[SyncAsset],
    state: &State,
    options: &SyncOptions,
) -> Result<Vec<AssetReport>, ClientError> {
    let mut listing = Listing::new(client);
    let mut out = Vec::with_capacity(assets.len());
    for asset in assets {
        let mut r = AssetReport::upload(asset);
        let entry = state.asset(&asset.url);
        let name = wiki_file_name(&asset.name);
        let remote = match listing.folder(&asset.folders)? {
            Some(folder) => listing.asset(folder, &name, false)?,
            None => None,
        };
        let Some(remote) = remote else {
            if entry.is_some() {
                r.reason = Some("deleted on the wiki since the last sync".into());
            }
            out.push(r);
            continue;
        };
        let untouched =
            entry.is_some_and(|e| e.updated_at == remote.updated_at && e.size == remote.file_size);
        match entry {
            Some(e) if untouched => {
                if e.sha256 == asset.sha256 {
                    r.action = AssetAction::Unchanged;
                } else {
                    r.reason = Some("changed in the guides".into());
                }
            }
            _ => {
                // Replaced on the wiki since our upload, or never uploaded from here: the same
                // bytes are adopted, and so is what the wiki made of this very file when we
                // uploaded it (a sanitised SVG); other bytes are someone's file.
                let there = client.fetch_asset(&served_path(asset))?.map(|b| sha256(&b));
                let ours = entry.filter(|e| e.sha256 == asset.sha256);
                let same = there.as_ref().is_some_and(|h| {
                    *h == asset.sha256 || ours.is_some_and(|e| e.wiki_sha256.as_ref() == Some(h))
                });
                if same {
                    r.action = AssetAction::Unchanged;
                    r.record = Some(AssetState {
                        sha256: asset.sha256.clone(),
                        size: remote.file_size,
                        updated_at: remote.updated_at.clone(),
                        wiki_sha256: there.filter(|h| *h != asset.sha256),
                    });
                } else {
                    r.action = AssetAction::Conflict;
                    r.reason = Some(if entry.is_some() {
                        format!(
                            "changed on the wiki since the last sync (updated {})",
                            remote.updated_at
                        )
                    } else {
                        "another file is already on the wiki at this path, and was not \
                         uploaded by this sync"
                            .into()
                    });
                }
            }
        }
        r.forced = r.action == AssetAction::Conflict && options.force;
        out.push(r);
    }
    Ok(out)
}

/// Plans the assets of a git-storage checkout `dir`, where each asset is the file at its path:
/// missing or changed since it was last committed from here is written; a file someone else
/// changed since (or that this sync never wrote) is a conflict unless it is already the
/// build's.
pub fn plan_files(
    dir: &std::path::Path,
    assets: &[SyncAsset],
    state: &State,
    options: &SyncOptions,
) -> Vec<AssetReport> {
    assets
        .iter()
        .map(|asset| {
            let mut r = AssetReport::upload(asset);
            let entry = state.asset(&asset.url);
            let file = dir.join(asset.url.trim_start_matches('/'));
            if let Ok(bytes) = crate::fsutil::read_regular(&file) {
                let there = sha256(&bytes);
                if there == asset.sha256 {
                    r.action = AssetAction::Unchanged;
                    if entry.is_none_or(|e| e.sha256 != there) {
                        r.record = Some(AssetState {
                            sha256: there,
                            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
                            updated_at: String::new(),
                            wiki_sha256: None,
                        });
                    }
                } else if entry.is_some_and(|e| e.sha256 == there) {
                    r.reason = Some("changed in the guides".into());
                } else {
                    r.action = AssetAction::Conflict;
                    r.reason = Some(if entry.is_some() {
                        "changed in the repository since the last sync".into()
                    } else {
                        "another file is already in the repository at this path, and was not \
                         written by this sync"
                            .into()
                    });
                    r.forced = options.force;
                }
            }
            r
        })
        .collect()
}

/// Records an asset that needs no upload when the plan is carried out.
pub fn record_unchanged(r: &mut AssetReport, state: &mut State) -> Result<(), SyncError> {
    if let Some(record) = r.record.take() {
        state.set_asset(&r.url, record)?;
    }
    Ok(())
}

/// Carries the assets' plan out: uploads what is missing or changed (and, with `--force`, the
/// conflicts), recording each in the state right after. A refusal of one asset fails that
/// asset; an error that concerns the whole wiki stops the run.
pub fn apply(
    client: &Client,
    assets: &[SyncAsset],
    reports: &mut [AssetReport],
    state: &mut State,
    options: &SyncOptions,
) -> Result<(), SyncError> {
    let mut listing = Listing::new(client);
    for (r, asset) in reports.iter_mut().zip(assets) {
        if options.interrupted() {
            return Err(SyncError::Interrupted);
        }
        if !r.uploads(options) {
            if let Some(record) = r.record.take() {
                state.set_asset(&asset.url, record)?;
            }
            r.outcome = Some(if r.action == AssetAction::Conflict {
                AssetOutcome::Skipped
            } else {
                AssetOutcome::Unchanged
            });
            continue;
        }
        match upload(client, &mut listing, asset) {
            Ok(Ok(recorded)) => {
                state.set_asset(&asset.url, recorded)?;
                r.outcome = Some(AssetOutcome::Uploaded);
            }
            Ok(Err(why)) => r.outcome = Some(AssetOutcome::Failed(why)),
            Err(e) if !e.is_fatal() => r.outcome = Some(AssetOutcome::Failed(e.to_string())),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Uploads one asset into its folder (created when missing), then makes sure the wiki holds
/// it: it lists the file, and serves either these bytes or, for a file it saved as a new
/// version (a new `updatedAt`), its own rendering of them (a sanitised SVG), whose hash is
/// recorded. Anything else is a failure, never recorded as uploaded: the next run tries again.
fn upload(
    client: &Client,
    listing: &mut Listing<'_>,
    asset: &SyncAsset,
) -> Result<Result<AssetState, String>, ClientError> {
    let folder = match listing.ensure_folder(&asset.folders)? {
        Ok(id) => id,
        Err(why) => return Ok(Err(why)),
    };
    let name = wiki_file_name(&asset.name);
    let before = listing.asset(folder, &name, false)?;
    if let Err(why) = client.upload_asset(folder, &name, &asset.content)? {
        return Ok(Err(format!("the wiki refused the upload: {why}")));
    }
    let Some(remote) = listing.asset(folder, &name, true)? else {
        return Ok(Err(
            "the wiki accepted the upload but does not list the file".into(),
        ));
    };
    let Some(served) = client.fetch_asset(&served_path(asset))? else {
        return Ok(Err(
            "the wiki accepted the upload but does not serve the file".into(),
        ));
    };
    let served = sha256(&served);
    let saved = before.is_none_or(|b| b.updated_at != remote.updated_at);
    if served != asset.sha256 && !saved {
        return Ok(Err(
            "the wiki still holds its earlier file at this path: the upload did not go through"
                .into(),
        ));
    }
    Ok(Ok(AssetState {
        sha256: asset.sha256.clone(),
        size: remote.file_size,
        updated_at: remote.updated_at,
        wiki_sha256: (served != asset.sha256).then_some(served),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stored_as_wikijs_stores_uploads() {
        assert_eq!(wiki_file_name("Settings.PNG"), "settings.png");
        assert_eq!(wiki_file_name("a  b,;c#d.png"), "a_b_c_d.png");
        assert_eq!(wiki_file_name("plain-name.svg"), "plain-name.svg");
    }

    #[test]
    fn built_assets_become_folder_and_name() {
        let a = SyncAsset::from(crate::build::BuiltAsset {
            file: PathBuf::from("move-guide/img/a.png"),
            url: "/move-guide/img/a.png".into(),
            source: PathBuf::from("guides/en/img/a.png"),
            content: b"png".to_vec(),
            sha256: "ab".into(),
        });
        assert_eq!(a.folders, vec!["move-guide", "img"]);
        assert_eq!(a.name, "a.png");
        assert_eq!(a.url, "/move-guide/img/a.png");
        assert_eq!(a.sha256, "sha256:ab");
    }
}
