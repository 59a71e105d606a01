//! Sync into a Wiki.js git-storage repository (a checkout the wiki pulls from).
//!
//! Pages are written where Wiki.js's git storage keeps them (`<locale>/<path>.md`, the primary
//! locale at the root unless always namespaced), exactly as built, and committed one page per
//! commit with Wiki.js's own messages (`docs: create <path>`, `docs: update <path>`, as its
//! `storage/git` module writes them). Only the pages' own files are written, added and
//! committed (`git commit --only`), so anything else in the checkout, staged or not, is left
//! alone.
//!
//! A page whose file differs from what was last written (an edit made on the wiki and
//! committed by Wiki.js, or by hand) is a conflict and is not overwritten without `--force`.
//!
//! The `git` program is used rather than a library: it honours the checkout's own
//! configuration (hooks, signing, identity, attributes) exactly as the maintainer's other
//! commits do, and needs no extra dependency.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::page::{git_file_path, read_page_file};
use super::state::PageState;
use super::{
    Action, DiffSummary, Outcome, PlannedPage, Progress, RemoteVersion, State, SyncError,
    SyncOptions, SyncPage, SyncReport, WikiLayout, merged,
};

/// A git-storage checkout.
#[derive(Debug, Clone)]
pub struct GitTarget {
    /// The repository's top folder.
    pub dir: PathBuf,
    pub layout: WikiLayout,
    /// `Name <email>` for the commits; git's configured identity when `None`.
    pub author: Option<String>,
}

/// The state file's name for a git-storage checkout at `shown` (the path as the user gave
/// it, relative to the configuration's folder when possible).
pub fn target_name(shown: &str) -> String {
    format!("git {shown}")
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, SyncError> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                SyncError::Git("the `git` program is not installed or not on PATH".into())
            } else {
                SyncError::Git(format!("cannot run git: {e}"))
            }
        })
}

/// Runs git and returns its output, or its error message.
fn git_ok(dir: &Path, args: &[&str]) -> Result<String, SyncError> {
    let out = git(dir, args)?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(SyncError::Git(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

fn succeeds(dir: &Path, args: &[&str]) -> Result<bool, SyncError> {
    Ok(git(dir, args)?.status.success())
}

/// Checks `author` is `Name <email>` and splits it.
pub fn parse_author(author: &str) -> Result<(String, String), SyncError> {
    crate::util::parse_author(author).map_err(SyncError::Usage)
}

impl GitTarget {
    /// Checks `dir` is the top of a git work tree that is not in the middle of a merge.
    pub fn open(
        dir: &Path,
        layout: WikiLayout,
        author: Option<String>,
    ) -> Result<GitTarget, SyncError> {
        if let Some(a) = &author {
            parse_author(a)?;
        }
        if !dir.is_dir() {
            return Err(SyncError::Usage(format!(
                "{} is not a folder (give the git-storage checkout of the wiki)",
                dir.display()
            )));
        }
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        if !top.status.success() {
            return Err(SyncError::Git(format!(
                "{} is not a git repository (clone the wiki's git-storage repository first)",
                dir.display()
            )));
        }
        let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        if canon(&top) != canon(dir) {
            return Err(SyncError::Usage(format!(
                "{} is inside the repository {}: give the repository's top folder, where Wiki.js \
                 keeps the pages",
                dir.display(),
                top.display()
            )));
        }
        for (head, what) in [
            ("MERGE_HEAD", "a merge"),
            ("CHERRY_PICK_HEAD", "a cherry-pick"),
            ("REVERT_HEAD", "a revert"),
        ] {
            if succeeds(dir, &["rev-parse", "-q", "--verify", head])? {
                return Err(SyncError::Git(format!(
                    "{} is in the middle of {what}: finish it first",
                    dir.display()
                )));
            }
        }
        for name in ["rebase-merge", "rebase-apply"] {
            let p = git_ok(dir, &["rev-parse", "--git-path", name])?;
            let p = Path::new(p.trim());
            let p = if p.is_absolute() {
                p.to_path_buf()
            } else {
                dir.join(p)
            };
            if p.exists() {
                return Err(SyncError::Git(format!(
                    "{} is in the middle of a rebase: finish it first",
                    dir.display()
                )));
            }
        }
        Ok(GitTarget {
            dir: dir.to_path_buf(),
            layout,
            author,
        })
    }

    /// Files with uncommitted changes (or untracked), relative to the top.
    fn dirty_files(&self) -> Result<BTreeSet<String>, SyncError> {
        let out = git_ok(
            &self.dir,
            &["status", "--porcelain=v1", "-z", "--untracked-files=all"],
        )?;
        let mut set = BTreeSet::new();
        let mut parts = out.split('\0');
        while let Some(entry) = parts.next() {
            let (Some(xy), Some(path)) = (entry.get(..2), entry.get(3..)) else {
                continue;
            };
            if path.is_empty() {
                continue;
            }
            set.insert(path.to_string());
            if xy.starts_with(['R', 'C'])
                && let Some(old) = parts.next()
            {
                set.insert(old.to_string());
            }
        }
        Ok(set)
    }

    /// The branch's upstream (`origin/main`), when it has one.
    fn upstream(&self) -> Option<String> {
        let out = git(
            &self.dir,
            &[
                "rev-parse",
                "--abbrev-ref",
                "--symbolic-full-name",
                "@{upstream}",
            ],
        )
        .ok()?;
        let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !name.is_empty()).then_some(name)
    }

    /// Commits in `range` (`HEAD..@{upstream}`).
    fn count(&self, range: &str) -> Result<u64, SyncError> {
        git_ok(&self.dir, &["rev-list", "--count", range])?
            .trim()
            .parse()
            .map_err(|_| SyncError::Git(format!("git rev-list --count {range}: not a number")))
    }

    /// Fetches the branch's upstream, so that edits committed by the wiki since the checkout
    /// was last updated are seen; then refuses a checkout that is behind it, or with `update`
    /// (`--pull`) brings it up to date (fast-forward, or a rebase of its own commits, undone
    /// if it does not go through). Returns what was done, for the report.
    fn catch_up(&self, update: bool) -> Result<Option<String>, SyncError> {
        let Some(upstream) = self.upstream() else {
            return Ok(None);
        };
        let out = git(&self.dir, &["fetch", "--quiet"])?;
        if !out.status.success() {
            return Err(SyncError::Git(format!(
                "cannot fetch {upstream} into {} to see the wiki's latest commits: {}",
                self.dir.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        let behind = self.count("HEAD..@{upstream}")?;
        if behind == 0 {
            return Ok(None);
        }
        let commits = crate::util::plural(behind, "commit", "commits");
        if !update {
            return Err(SyncError::Usage(format!(
                "the checkout {dir} is {commits} behind {upstream}: the wiki's latest edits are \
                 not in it, and commits made on top of it would be refused. Update it with \
                 `git -C {dir} pull --rebase`, or run the sync again with --pull to let it do so",
                dir = self.dir.display()
            )));
        }
        let ahead = self.count("@{upstream}..HEAD")?;
        let args: &[&str] = if ahead == 0 {
            &["merge", "--ff-only", "--quiet", "@{upstream}"]
        } else {
            &["rebase", "--quiet", "@{upstream}"]
        };
        let out = git(&self.dir, args)?;
        if !out.status.success() {
            if ahead > 0 {
                let _ = git(&self.dir, &["rebase", "--abort"]);
            }
            return Err(SyncError::Git(format!(
                "cannot bring {} up to date with {upstream} ({commits} behind): {}; update it \
                 by hand with `git -C {} pull --rebase`",
                self.dir.display(),
                String::from_utf8_lossy(&out.stderr).trim(),
                self.dir.display()
            )));
        }
        Ok(Some(format!(
            "brought the checkout up to date with {upstream} ({commits})"
        )))
    }

    fn last_commit(&self, rel: &str) -> Option<String> {
        let out = git_ok(&self.dir, &["log", "-1", "--format=%h %an: %s", "--", rel]).ok()?;
        let s = out.trim();
        (!s.is_empty()).then(|| s.to_string())
    }

    /// The lock against two syncs writing this checkout at once, in its git folder
    /// (`.git/guide-lint-sync.lock`), where Wiki.js never looks.
    pub fn lock_path(&self) -> Result<PathBuf, SyncError> {
        let p = git_ok(
            &self.dir,
            &["rev-parse", "--git-path", "guide-lint-sync.lock"],
        )?;
        let p = Path::new(p.trim());
        Ok(if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.dir.join(p)
        })
    }

    fn file_of(&self, page: &SyncPage) -> String {
        git_file_path(
            &page.locale,
            &page.path,
            &self.layout.primary_locale,
            self.layout.always_namespace,
        )
    }
}

/// Plans, and with `--apply` carries out, the sync of `pages` into the checkout.
pub fn run(
    target: &GitTarget,
    pages: &[SyncPage],
    state: &mut State,
    options: &SyncOptions,
    progress: &mut dyn Progress,
) -> Result<SyncReport, SyncError> {
    run_with_assets(target, pages, &[], state, options, progress)
}

/// [`run`], with the assets the pages use: each written at its path in the checkout and
/// committed on its own (`docs: upload <path>`, as Wiki.js commits an upload), after the pages.
pub fn run_with_assets(
    target: &GitTarget,
    pages: &[SyncPage],
    assets: &[super::assets::SyncAsset],
    state: &mut State,
    options: &SyncOptions,
    progress: &mut dyn Progress,
) -> Result<SyncReport, SyncError> {
    super::check_unique(pages)?;
    if let (Ok(s), Ok(d)) = (
        std::fs::canonicalize(state.path().parent().unwrap_or(Path::new("."))),
        std::fs::canonicalize(&target.dir),
    ) && s.starts_with(&d)
    {
        return Err(SyncError::Usage(format!(
            "the sync state file {} is inside the wiki's repository, where Wiki.js would import \
             it as an asset: set `sync.state` to a path outside it",
            state.path().display()
        )));
    }
    let caught_up = target.catch_up(options.pull)?;
    let dirty = target.dirty_files()?;
    let mut report = SyncReport::new(target.dir.display().to_string(), options.apply);
    report.notes.extend(caught_up);
    let scripted: Vec<String> = pages
        .iter()
        .filter(|p| p.script_js.is_some())
        .map(SyncPage::key)
        .collect();
    if !scripted.is_empty() {
        report.notes.push(format!(
            "git storage cannot carry page scripts (docs/wikijs.md#page-scripts): {} {} one for its \
             components; sync with --graphql as well, which sends it as scriptJs",
            scripted.join(", "),
            if scripted.len() == 1 { "needs" } else { "need" }
        ));
    }
    progress.begin("comparing with the repository", pages.len());
    let mut plans = Vec::with_capacity(pages.len());
    for page in pages {
        let planned = plan_page(target, page, state.page(&page.key()), &dirty)?;
        progress.step(&planned.key);
        plans.push(planned);
    }
    progress.end();
    report.gone = super::gone_pages(state, pages);
    report.pages = super::page_reports(plans, pages, state, options, false)?;
    report.assets = super::assets::plan_files(&target.dir, assets, state, options);
    for r in &mut report.assets {
        // Written by `build --out` into the checkout, but not committed yet.
        if r.action == super::assets::AssetAction::Unchanged {
            let rel = r.url.trim_start_matches('/');
            if !git_ok(&target.dir, &["status", "--porcelain", "--", rel])?
                .trim()
                .is_empty()
            {
                r.action = super::assets::AssetAction::Upload;
                r.reason = Some("in the checkout, not committed yet".into());
            }
        }
    }
    if options.apply {
        super::apply_plan(
            &mut report,
            pages,
            state,
            options,
            progress,
            "committing pages",
            |r, page, state| {
                r.outcome = Some(write_and_commit(target, page, &r.planned, state)?);
                Ok(())
            },
        );
        if report.stopped.is_none()
            && let Err(e) = commit_assets(target, assets, &mut report, state, options)
        {
            report.stop(&e);
        }
    }
    Ok(report)
}

/// Writes and commits the assets the plan uploads, one commit each.
fn commit_assets(
    target: &GitTarget,
    assets: &[super::assets::SyncAsset],
    report: &mut SyncReport,
    state: &mut State,
    options: &SyncOptions,
) -> Result<(), SyncError> {
    use super::assets::{AssetAction, AssetOutcome};
    for (r, asset) in report.assets.iter_mut().zip(assets) {
        if options.interrupted() {
            return Err(SyncError::Interrupted);
        }
        if !r.uploads(options) {
            super::assets::record_unchanged(r, state)?;
            r.outcome = Some(if r.action == AssetAction::Conflict {
                AssetOutcome::Skipped
            } else {
                AssetOutcome::Unchanged
            });
            continue;
        }
        let rel = asset.url.trim_start_matches('/').to_string();
        if let Err(message) = write_in_checkout(target, &rel, &asset.content) {
            r.outcome = Some(AssetOutcome::Failed(message));
            continue;
        }
        match commit(target, &rel, format!("docs: upload {rel}")) {
            Ok(_) => {
                state.set_asset(
                    &asset.url,
                    super::state::AssetState {
                        sha256: asset.sha256.clone(),
                        size: i64::try_from(asset.content.len()).unwrap_or(i64::MAX),
                        updated_at: String::new(),
                        wiki_sha256: None,
                    },
                )?;
                r.outcome = Some(AssetOutcome::Uploaded);
            }
            Err(e) => r.outcome = Some(AssetOutcome::Failed(e.to_string())),
        }
    }
    Ok(())
}

fn plan_page(
    target: &GitTarget,
    page: &SyncPage,
    entry: Option<&PageState>,
    dirty: &BTreeSet<String>,
) -> Result<PlannedPage, SyncError> {
    let rel = target.file_of(page);
    let abs = target.dir.join(&rel);
    let local_file = read_page_file(&page.file_text, &page.path);
    let local = local_file.fields();
    let local_fp = local.fingerprint();
    let mut p = PlannedPage::new(page, Action::Unchanged);
    let record = |remote_fp: &str| PageState {
        file: Some(rel.clone()),
        pushed: Some(local_fp.clone()),
        remote: Some(remote_fp.to_string()),
        commit: entry.and_then(|e| e.commit.clone()),
        base: Some(page.body.clone()),
        base_title: Some(page.title.clone()),
        base_description: Some(page.description.clone()),
        ..Default::default()
    };

    // The layout changed (primary locale, always-namespace): two files for one page would
    // collide in Wiki.js.
    if let Some(old) = entry.and_then(|e| e.file.as_deref())
        && old != rel
        && target.dir.join(old).exists()
    {
        p.action = Action::Conflict;
        p.reason = Some(format!(
            "the page was synced to `{old}` and now belongs in `{rel}` (the layout changed): \
             move it with `git mv {old} {rel}` first"
        ));
        return Ok(p);
    }

    // Wiki.js keeps a page edited with another editor as `.html` / `.adoc`.
    let stem = rel.trim_end_matches(".md");
    for ext in ["html", "adoc"] {
        let other = format!("{stem}.{ext}");
        if target.dir.join(&other).exists() {
            p.action = Action::Conflict;
            p.reason = Some(format!(
                "the repository has the page as `{other}` (changed to another editor on the \
                 wiki); a second file for the same page would collide"
            ));
            return Ok(p);
        }
    }

    // A link in the checkout (to a file, or a linked folder on the way) is never read.
    let current = match crate::fsutil::check_inside(&target.dir, Path::new(&rel))
        .and_then(|()| crate::fsutil::read_regular(&abs))
    {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(SyncError::Io {
                path: abs,
                message: crate::document::io_message(&e),
            });
        }
    };
    let Some(bytes) = current else {
        p.diff = Some(DiffSummary::new_page(&local_file.body));
        if entry.is_some_and(|e| e.pushed.is_some()) {
            p.action = Action::Conflict;
            p.reason = Some(format!(
                "deleted on the wiki since the last sync (`{rel}` is gone from the repository)"
            ));
        } else {
            p.action = Action::Create;
        }
        return Ok(p);
    };
    let Ok(text) = String::from_utf8(bytes) else {
        p.action = Action::Conflict;
        p.reason = Some(format!("`{rel}` in the repository is not UTF-8 text"));
        return Ok(p);
    };
    let file = read_page_file(&text, &page.path);
    let current_fp = file.fields().fingerprint();
    p.remote = RemoteVersion {
        id: None,
        file_text: Some(text.clone()),
        script_js: None,
        kept: None,
        fingerprint: Some(current_fp.clone()),
        updated_at: None,
    };
    p.diff = Some(DiffSummary::between(&file.fields(), &local));
    let uncommitted = dirty.contains(&rel);

    if current_fp == local_fp {
        p.diff = None;
        if uncommitted {
            p.action = Action::Update;
            p.reason = Some(format!("`{rel}` holds the build but is not committed"));
        } else if !local.published && file.is_published != Some(false) {
            // Wiki.js rewrote the file with only the `published: false` it writes, which its
            // own import ignores: the next import would publish the page.
            p.action = Action::Update;
            p.reason = Some(format!(
                "`{rel}` lacks `isPublished: false`, without which Wiki.js's import publishes \
                 the page"
            ));
        } else if entry.and_then(|e| e.pushed.as_deref()) != Some(local_fp.as_str())
            || entry.and_then(|e| e.file.as_deref()) != Some(rel.as_str())
        {
            p.record = Some(record(&current_fp));
        }
        return Ok(p);
    }
    if entry.and_then(|e| e.remote.as_deref()) == Some(current_fp.as_str()) {
        p.action = Action::Update;
        return Ok(p);
    }
    if let Some(how) = merged(entry, &current_fp, &text, &page.file_text, &local_fp) {
        p.action = Action::Update;
        p.reason = Some(how.into());
        return Ok(p);
    }
    p.action = Action::Conflict;
    let by = target
        .last_commit(&rel)
        .map(|c| format!(" (last commit {c})"))
        .unwrap_or_default();
    p.reason = Some(match entry {
        Some(_) if uncommitted => format!("`{rel}` was changed in the checkout and not committed"),
        Some(_) => format!("edited on the wiki since the last sync{by}"),
        None => format!("`{rel}` exists in the repository and was not written by this sync{by}"),
    });
    Ok(p)
}

fn write_and_commit(
    target: &GitTarget,
    page: &SyncPage,
    planned: &PlannedPage,
    state: &mut State,
) -> Result<Outcome, SyncError> {
    let rel = target.file_of(page);
    let abs = target.dir.join(&rel);
    let previous = crate::fsutil::read_regular(&abs).ok();
    // `create` when the last commit does not have the file (even if a run that stopped
    // wrote it and did not get to commit it).
    let created = !succeeds(&target.dir, &["cat-file", "-e", &format!("HEAD:{rel}")])?;
    write_in_checkout(target, &rel, page.file_text.as_bytes()).map_err(|message| {
        SyncError::Io {
            path: abs.clone(),
            message,
        }
    })?;
    let committed = commit(
        target,
        &rel,
        format!(
            "docs: {} {}",
            if created { "create" } else { "update" },
            page.path
        ),
    );
    let sha = match committed {
        Ok(sha) => sha,
        Err(e) => {
            // Leave the checkout as it was.
            match &previous {
                Some(bytes) => {
                    let _ = write_in_checkout(target, &rel, bytes);
                    let _ = git(&target.dir, &["reset", "-q", "--", &rel]);
                }
                None => {
                    let _ = git(
                        &target.dir,
                        &["rm", "-q", "--cached", "--ignore-unmatch", "--", &rel],
                    );
                    let _ = std::fs::remove_file(&abs);
                }
            }
            return Err(e);
        }
    };
    let fp = read_page_file(&page.file_text, &page.path)
        .fields()
        .fingerprint();
    state.set_page(
        &planned.key,
        PageState {
            file: Some(rel),
            pushed: Some(fp.clone()),
            remote: Some(fp),
            commit: sha,
            base: Some(page.body.clone()),
            base_title: Some(page.title.clone()),
            base_description: Some(page.description.clone()),
            ..Default::default()
        },
    )?;
    Ok(if created {
        Outcome::Created
    } else {
        Outcome::Updated
    })
}

/// Writes a page file into the checkout, never through a symbolic link (the file's or a
/// folder's on the way).
fn write_in_checkout(target: &GitTarget, rel: &str, bytes: &[u8]) -> Result<(), String> {
    crate::fsutil::write_atomic_in(
        &target.dir,
        Path::new(rel),
        bytes,
        crate::fsutil::OnSymlink::Refuse,
    )
    .map(|_| ())
    .map_err(|e| crate::document::io_message(&e))
}

/// Adds and commits one file; returns the new commit, or `None` when the file was already
/// committed as it is.
fn commit(target: &GitTarget, rel: &str, message: String) -> Result<Option<String>, SyncError> {
    git_ok(&target.dir, &["add", "--", rel])?;
    if succeeds(&target.dir, &["diff", "--cached", "--quiet", "--", rel])? {
        return Ok(None);
    }
    let mut args: Vec<String> = Vec::new();
    if let Some(author) = &target.author {
        let (name, email) = parse_author(author)?;
        if !succeeds(&target.dir, &["config", "user.email"])? {
            // No identity configured: commit as the author.
            args.extend(["-c".into(), format!("user.name={name}")]);
            args.extend(["-c".into(), format!("user.email={email}")]);
        }
        args.extend(["commit".into(), format!("--author={name} <{email}>")]);
    } else {
        args.push("commit".into());
    }
    args.extend([
        "-q".into(),
        "-m".into(),
        message,
        "--only".into(),
        "--".into(),
        rel.to_string(),
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    git_ok(&target.dir, &refs)?;
    Ok(Some(
        git_ok(&target.dir, &["rev-parse", "HEAD"])?
            .trim()
            .to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_must_look_like_git_authors() {
        assert_eq!(
            parse_author("Wiki Bot <bot@example.org>").unwrap(),
            ("Wiki Bot".into(), "bot@example.org".into())
        );
        for bad in ["Wiki Bot", "<a@b>", "A <>", "A <b", "A <b<c>"] {
            assert!(parse_author(bad).is_err(), "{bad}");
        }
    }
}
