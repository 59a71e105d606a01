//! `guide-lint sync`: put built pages on a wiki, through Wiki.js's GraphQL API or a
//! git-storage repository, without ever losing an edit made on the wiki.
//!
//! Both targets work the same way:
//! 1. **plan**: each page is compared with the wiki's version and with what the state file
//!    says was last pushed: `create`, `update`, `unchanged`, or `conflict` when the wiki's
//!    version changed since the last push (or was never pushed by us and differs).
//! 2. **apply** (only with `--apply`): creates and updates are carried out one page at a
//!    time; the state file is rewritten after each, so a run that stops half-way is finished
//!    by the next one without duplicates. Conflicts are skipped unless `--force`.
//! 3. `--pull` merges the wiki's version of each conflicting page into its guide, in the
//!    guide's dialect ([`merge`]); once the guide holds the wiki's version, the
//!    pulled version no longer counts as a conflict.
//! 4. GraphQL only: after creating pages, every other page of the wiki that links to one of
//!    them is re-rendered (Wiki.js leaves those links red until then); see
//!    [`graphql`]'s `linking_pages`.
//!
//! A run that writes (`--apply`, `--pull`) holds a lock ([`lock`]) beside the state file, and
//! in the git checkout's git folder, so two syncs never write the same state or checkout.

pub mod assets;
pub mod forms;
pub mod git;
pub mod graphql;
pub mod json;
pub mod links;
pub mod lock;
pub mod merge;
pub mod page;
pub mod progress;
pub mod report;
pub mod state;

use std::path::{Path, PathBuf};

pub use page::{PageFields, SyncPage};
pub use state::State;

use crate::wikijs::graphql::ClientError;

/// Why a sync could not run (or stopped).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error("{}: {message}", path.display())]
    State { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("git: {0}")]
    Git(String),
    #[error("{0}")]
    Usage(String),
    #[error("{}", locked_message(path, holder, *stale))]
    Locked {
        path: PathBuf,
        holder: lock::Holder,
        /// Its holder is known to be gone.
        stale: bool,
    },
    #[error("interrupted")]
    Interrupted,
}

fn locked_message(path: &Path, holder: &lock::Holder, stale: bool) -> String {
    if stale {
        format!(
            "a sync that is no longer running left its lock {} ({})",
            path.display(),
            holder.describe()
        )
    } else {
        format!(
            "another sync is running: {} is held by {}",
            path.display(),
            holder.describe()
        )
    }
}

impl SyncError {
    /// What went wrong with one page, when the error concerns only that page (a refusal the
    /// other pages need not share), so the run can go on with the others.
    pub fn page_failure(&self) -> Option<String> {
        match self {
            SyncError::Client(e) if !e.is_fatal() => Some(e.to_string()),
            SyncError::Git(message) => Some(message.clone()),
            _ => None,
        }
    }

    /// How to fix it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            SyncError::Client(e) => e.help(),
            SyncError::Locked { path, stale, .. } => Some(if *stale {
                format!(
                    "it was killed before it could clean up; the state file is whole (it is \
                     rewritten after each page): delete {} and run again",
                    path.display()
                )
            } else {
                format!(
                    "wait for it to finish; if no sync is running any more (it was killed), \
                     delete {} and run again",
                    path.display()
                )
            }),
            _ => None,
        }
    }
}

impl crate::error::Helpful for SyncError {
    fn help(&self) -> Option<String> {
        SyncError::help(self)
    }
}

impl From<SyncError> for crate::error::Error {
    fn from(e: SyncError) -> Self {
        crate::error::Error::Sync(Box::new(e))
    }
}

/// What the run may do.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Carry the plan out (otherwise nothing on the wiki changes).
    pub apply: bool,
    /// Overwrite conflicting pages.
    pub force: bool,
    /// Save the wiki's version of conflicting pages beside their guides.
    pub pull: bool,
    /// Pages (`locale/path`) whose conflict a person resolved: the wiki's version is merged
    /// into the guide, and the guide's version replaces it.
    pub resolve: Vec<String>,
    /// Set (by a Ctrl-C handler) to stop before the next page.
    pub interrupt: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// The block names the MkDocs project adds that build makes callouts
    /// ([`Config::callout_block_names`](crate::config::Config::callout_block_names)): a pulled
    /// callout comes back as such a block.
    pub callout_blocks: Vec<String>,
    /// The project's pymdownx.snippets, which build includes: a pull never writes included
    /// text into the guide ([`merge::Reverse::includes`]).
    pub includes: Option<crate::snippets::Includes>,
}

impl SyncOptions {
    /// Whether the run was asked to stop.
    pub fn interrupted(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(|f| f.load(std::sync::atomic::Ordering::SeqCst))
    }

    /// Whether the run writes anything (the state file, pulled files, the wiki).
    pub fn writes(&self) -> bool {
        self.apply || self.pull || !self.resolve.is_empty()
    }
}

/// Where the wiki keeps a locale's pages.
#[derive(Debug, Clone)]
pub struct WikiLayout {
    /// The wiki's primary locale.
    pub primary_locale: String,
    /// Git storage: pages of the primary locale under its folder too (Wiki.js's
    /// `alwaysNamespace`).
    pub always_namespace: bool,
}

/// Told about progress while a sync runs (the library never prints).
pub trait Progress {
    /// A phase with `total` steps begins.
    fn begin(&mut self, _phase: &str, _total: usize) {}
    /// One step of the phase is done.
    fn step(&mut self, _key: &str) {}
    /// The phase is over.
    fn end(&mut self) {}
}

/// Progress that goes nowhere.
pub struct NoProgress;
impl Progress for NoProgress {}

/// What the plan says about a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Create,
    Update,
    Unchanged,
    Conflict,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Unchanged => "unchanged",
            Action::Conflict => "conflict",
        }
    }
}

/// Largest pair of page bodies compared line by line.
const MAX_DIFFED_BYTES: usize = 8 << 20;

/// How the build differs from the wiki's version: lines added and removed going from the
/// wiki's version to the build, and the other fields that differ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffSummary {
    pub added: usize,
    pub removed: usize,
    pub fields: Vec<&'static str>,
}

impl DiffSummary {
    /// Compares the wiki's version `old` with the build `new`.
    pub fn between(old: &PageFields<'_>, new: &PageFields<'_>) -> DiffSummary {
        let lines = |t: &str| t.lines().count();
        if old.body.len() + new.body.len() > MAX_DIFFED_BYTES {
            // A page this large (a wiki may hold anything) is counted as replaced whole: a
            // line diff would cost time and memory out of proportion.
            return DiffSummary {
                added: lines(new.body),
                removed: lines(old.body),
                fields: old.changed_fields(new),
            };
        }
        let diff = similar::TextDiff::configure()
            .timeout(std::time::Duration::from_secs(2))
            .diff_lines(old.body, new.body);
        let mut added = 0;
        let mut removed = 0;
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Insert => added += 1,
                similar::ChangeTag::Delete => removed += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        DiffSummary {
            added,
            removed,
            fields: old.changed_fields(new),
        }
    }

    /// A new page of `lines` lines.
    pub fn new_page(body: &str) -> DiffSummary {
        DiffSummary {
            added: body.lines().count(),
            removed: 0,
            fields: Vec::new(),
        }
    }
}

impl std::fmt::Display for DiffSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if self.added > 0 || self.removed > 0 {
            parts.push(match (self.added, self.removed) {
                (a, 0) => format!("+{}", plural(a, "line", "lines")),
                (0, r) => format!("\u{2212}{}", plural(r, "line", "lines")),
                (a, r) => format!("+{a} \u{2212}{r} lines"),
            });
        }
        if !self.fields.is_empty() {
            parts.push(self.fields.join(", "));
        }
        if parts.is_empty() {
            parts.push("whitespace only".into());
        }
        f.write_str(&parts.join("; "))
    }
}

use crate::util::plural;

/// The wiki's version of a page, kept from planning for `--pull` and for applying.
#[derive(Debug, Clone, Default)]
pub struct RemoteVersion {
    /// The wiki's page id (GraphQL).
    pub id: Option<i64>,
    /// The wiki's version as a Wiki.js page file, when there is one.
    pub file_text: Option<String>,
    /// Its page script, when it has one.
    pub script_js: Option<String>,
    /// What the sync does not manage (page styles, publishing window, ...): sent back
    /// unchanged on update, as Wiki.js clears what an update omits.
    pub kept: Option<crate::wikijs::graphql::KeptFields>,
    /// Its fingerprint.
    pub fingerprint: Option<String>,
    /// Its `updatedAt` (GraphQL).
    pub updated_at: Option<String>,
}

/// One page of the plan.
#[derive(Debug, Clone)]
pub struct PlannedPage {
    /// `locale/path`.
    pub key: String,
    /// The guide file.
    pub source: PathBuf,
    pub action: Action,
    /// Why: the conflict's cause, or what an update does besides content.
    pub reason: Option<String>,
    pub diff: Option<DiffSummary>,
    /// Remarks that need no action now.
    pub notes: Vec<String>,
    pub remote: RemoteVersion,
    /// What to record in the state file when the plan is carried out, for a page that needs
    /// no push (already equal, or the wiki's `updatedAt` moved without a change).
    pub record: Option<state::PageState>,
    /// In a plan with `--force`, for a conflict: the lines of the wiki's version that the
    /// overwrite would lose.
    pub lost: Option<Vec<String>>,
}

/// The lines of the wiki's page file `remote` that overwriting it with `local` (a page body
/// or page file) loses: the body lines with text the build does not have. A line that only moved is not
/// lost (a paragraph the wiki added after the abbreviations a project appends to every page
/// comes back before them).
pub fn lost_lines(remote: &str, local: &str) -> Vec<String> {
    let body = |t: &str| -> String {
        match t
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
        {
            Some((_, body)) => body.strip_prefix('\n').unwrap_or(body).to_string(),
            None => t.to_string(),
        }
    };
    let (old, new) = (body(remote), body(local));
    if old.len() + new.len() > MAX_DIFFED_BYTES {
        return old.lines().map(str::to_string).collect();
    }
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(2))
        .diff_lines(old.as_str(), new.as_str());
    let line = |c: &similar::Change<&str>| c.value().trim_end_matches(['\n', '\r']).to_string();
    let mut inserted: std::collections::HashMap<String, usize> = Default::default();
    for c in diff.iter_all_changes() {
        if c.tag() == similar::ChangeTag::Insert {
            *inserted.entry(line(&c)).or_default() += 1;
        }
    }
    diff.iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| line(&c))
        // A blank line holds no text to lose.
        .filter(|l| !l.trim().is_empty())
        .filter(|l| match inserted.get_mut(l) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

impl PlannedPage {
    fn new(page: &SyncPage, action: Action) -> PlannedPage {
        PlannedPage {
            key: page.key(),
            source: page.source.clone(),
            action,
            reason: None,
            diff: None,
            notes: Vec::new(),
            remote: RemoteVersion::default(),
            record: None,
            lost: None,
        }
    }
}

/// What happened to a page when the plan was carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    /// A conflict left alone.
    Skipped,
    Failed(String),
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Skipped => "conflict",
            Outcome::Failed(_) => "failed",
        }
    }
}

/// A page's line in the report.
#[derive(Debug, Clone)]
pub struct PageReport {
    pub planned: PlannedPage,
    /// `None` when the plan was not carried out (no `--apply`, or the run stopped first).
    pub outcome: Option<Outcome>,
    /// How `--pull` merged the wiki's version into the guide, or why it did not.
    pub pulled: Option<Result<Pulled, String>>,
    /// Problems found while carrying the page out (the page was still pushed).
    pub warnings: Vec<String>,
}

/// What a sync did, or would do.
#[derive(Debug, Clone)]
pub struct SyncReport {
    /// The wiki, as shown to the user.
    pub target: String,
    pub applied: bool,
    pub pages: Vec<PageReport>,
    /// The assets the pages use (GraphQL: uploaded when missing or changed).
    pub assets: Vec<assets::AssetReport>,
    /// Pages the state file knows but the guides no longer have (left on the wiki).
    pub gone: Vec<String>,
    /// Pages re-rendered (or, in a plan, to re-render) because they link to new pages.
    pub renders: Vec<String>,
    /// Remarks that concern the run and need no action now.
    pub notes: Vec<String>,
    /// Problems that concern the run, not one page.
    pub warnings: Vec<String>,
    /// The error that stopped the run half-way, if one did.
    pub stopped: Option<String>,
    /// How to fix that error.
    pub stopped_help: Option<String>,
    /// The run was stopped by Ctrl-C.
    pub interrupted: bool,
}

impl SyncReport {
    /// Conflicts left in place (not overwritten, and not merged yet).
    pub fn conflicts(&self) -> usize {
        self.pages
            .iter()
            .filter(|p| match &p.outcome {
                Some(o) => *o == Outcome::Skipped,
                None => {
                    p.planned.action == Action::Conflict
                        && !self.applied
                        && p.planned.lost.is_none()
                }
            })
            .count()
            + self
                .assets
                .iter()
                .filter(|a| match &a.outcome {
                    Some(o) => *o == assets::AssetOutcome::Skipped,
                    None => a.action == assets::AssetAction::Conflict && !self.applied,
                })
                .count()
    }

    pub fn failures(&self) -> usize {
        self.pages
            .iter()
            .filter(|p| matches!(p.outcome, Some(Outcome::Failed(_))))
            .count()
            + self
                .assets
                .iter()
                .filter(|a| matches!(a.outcome, Some(assets::AssetOutcome::Failed(_))))
                .count()
    }

    pub fn warning_count(&self) -> usize {
        self.warnings.len() + self.pages.iter().map(|p| p.warnings.len()).sum::<usize>()
    }

    /// 0 when everything is in place (or would be), 1 when a conflict, a failed page or a
    /// warning needs a person, 2 when the run stopped on an error, 130 when Ctrl-C stopped it.
    pub fn exit_code(&self) -> u8 {
        if self.interrupted {
            130
        } else if self.stopped.is_some() {
            2
        } else if self.conflicts() > 0 || self.failures() > 0 || self.warning_count() > 0 {
            1
        } else {
            0
        }
    }
}

impl SyncReport {
    /// An empty report for `target`.
    pub fn new(target: impl Into<String>, applied: bool) -> SyncReport {
        SyncReport {
            target: target.into(),
            applied,
            pages: Vec::new(),
            assets: Vec::new(),
            gone: Vec::new(),
            renders: Vec::new(),
            notes: Vec::new(),
            warnings: Vec::new(),
            stopped: None,
            stopped_help: None,
            interrupted: false,
        }
    }

    /// Records the error that stopped the run.
    fn stop(&mut self, e: &SyncError) {
        self.stopped = Some(e.to_string());
        self.stopped_help = e.help();
        self.interrupted = matches!(e, SyncError::Interrupted);
    }
}

/// Whether carrying out `action` writes the page to the wiki.
fn pushes(action: Action, options: &SyncOptions) -> bool {
    matches!(action, Action::Create | Action::Update)
        || (options.force && action == Action::Conflict)
}

/// The state's pages that the guides no longer have.
fn gone_pages(state: &State, pages: &[SyncPage]) -> Vec<String> {
    let local: std::collections::BTreeSet<String> = pages.iter().map(SyncPage::key).collect();
    state
        .target()
        .map(|t| {
            t.pages
                .keys()
                .filter(|k| !local.contains(*k))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Wraps each plan in a report line; with `--pull`, merges the wiki's version of each conflict
/// into its guide
/// (`scripts`: whether the target carries page scripts, so a differing one is pulled too);
/// then notes the conflicts whose wiki version an earlier run pulled.
fn page_reports(
    plans: Vec<PlannedPage>,
    pages: &[SyncPage],
    state: &mut State,
    options: &SyncOptions,
    scripts: bool,
) -> Result<Vec<PageReport>, SyncError> {
    let mut reports: Vec<PageReport> = plans
        .into_iter()
        .map(|planned| PageReport {
            planned,
            outcome: None,
            pulled: None,
            warnings: Vec::new(),
        })
        .collect();
    if !options.resolve.is_empty() {
        let known: std::collections::BTreeSet<&str> =
            reports.iter().map(|r| r.planned.key.as_str()).collect();
        if let Some(unknown) = options.resolve.iter().find(|k| !known.contains(k.as_str())) {
            return Err(SyncError::Usage(format!(
                "--resolve {unknown}: no such page among the guides (give it as `locale/path`)"
            )));
        }
        resolve_conflicts(&mut reports, state, options)?;
    }
    for (r, page) in reports.iter_mut().zip(pages) {
        if r.planned.action != Action::Unchanged
            && let Some(line) = unresolved_markers(page)
        {
            r.planned.action = Action::Conflict;
            r.planned.reason = Some(format!(
                "{}:{line} has conflict markers: resolve them, then sync again",
                page.source.display()
            ));
        }
    }
    if options.force && !options.apply {
        for (r, page) in reports.iter_mut().zip(pages) {
            if r.planned.action == Action::Conflict {
                let local = if scripts { &page.body } else { &page.file_text };
                r.planned.lost = Some(match &r.planned.remote.file_text {
                    Some(remote) => lost_lines(remote, local),
                    None => Vec::new(),
                });
            }
        }
    }
    if options.pull {
        for (r, page) in reports.iter_mut().zip(pages) {
            if r.planned.action == Action::Conflict {
                let script = if scripts {
                    page.script_js.as_deref()
                } else {
                    None
                };
                r.pulled = pull_page(&mut r.planned, page, pages, script, state, options)?;
            }
        }
    }
    note_earlier_pulls(&mut reports);
    Ok(reports)
}

/// Carries the plan out page by page, in order: records pages that need no push, skips
/// conflicts unless `--force`, and calls `push` for the rest (it sets the outcome). An error
/// that concerns one page ([`SyncError::page_failure`]) fails that page and the run goes on;
/// any other stops the run, recorded in `report`. `report.pages` holds the plan, one line per
/// page of `pages`.
fn apply_plan(
    report: &mut SyncReport,
    pages: &[SyncPage],
    state: &mut State,
    options: &SyncOptions,
    progress: &mut dyn Progress,
    phase: &str,
    mut push: impl FnMut(&mut PageReport, &SyncPage, &mut State) -> Result<(), SyncError>,
) {
    let to_push = report
        .pages
        .iter()
        .filter(|r| pushes(r.planned.action, options))
        .count();
    progress.begin(phase, to_push);
    let mut stopped = None;
    for (r, page) in report.pages.iter_mut().zip(pages) {
        if options.interrupted() {
            stopped = Some(SyncError::Interrupted);
            break;
        }
        let step = match r.planned.action {
            Action::Unchanged => match r.planned.record.clone() {
                Some(record) => state.set_page(&r.planned.key, record),
                None => Ok(()),
            }
            .map(|()| r.outcome = Some(Outcome::Unchanged)),
            Action::Conflict if !options.force => {
                r.outcome = Some(Outcome::Skipped);
                Ok(())
            }
            Action::Create | Action::Update | Action::Conflict
                if let Some(line) = unresolved_markers(page) =>
            {
                // Never published, not even with --force: the wiki would show the markers.
                r.outcome = Some(Outcome::Failed(format!(
                    "{}:{line} has conflict markers: resolve them, then sync again",
                    page.source.display()
                )));
                Ok(())
            }
            Action::Create | Action::Update | Action::Conflict => {
                let step = push(r, page, state);
                progress.step(&r.planned.key);
                step
            }
        };
        if let Err(e) = step {
            match e.page_failure() {
                Some(why) => r.outcome = Some(Outcome::Failed(why)),
                None => {
                    stopped = Some(e);
                    break;
                }
            }
        }
    }
    progress.end();
    if let Some(e) = stopped {
        report.stop(&e);
    }
}

/// The first line of the guide holding a conflict from a merge (`<<<<<<<` ... `=======` ...
/// `>>>>>>>`), if any: such a page is never published.
/// Both the guide file and the text to publish are read: the build may have moved the markers
/// (joined onto a list item's line), and neither where they sit nor the block they sit in
/// may let a page with a conflict through.
fn unresolved_markers(page: &SyncPage) -> Option<usize> {
    let source = std::fs::read_to_string(&page.source).unwrap_or_default();
    merge::first_conflict(&source).or_else(|| {
        merge::first_conflict(&page.body)
            .or_else(|| merge::first_conflict(&page.file_text))
            .map(|_| 1)
    })
}

/// Where earlier versions of `--pull` saved the wiki's version of a guide (`page.md` ->
/// `page.remote.md`), and where the wiki's page script is saved when it differs.
pub fn pulled_path(source: &Path) -> PathBuf {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    source.with_file_name(format!("{stem}{}", crate::discover::PULLED_SUFFIX))
}

/// Saves `text` at `path` unless a different file is already there (a person may be merging
/// it). Returns whether a file was written.
fn save_pulled(path: &Path, text: &str) -> Result<bool, String> {
    match crate::fsutil::read_regular(path) {
        Ok(existing) if existing == text.as_bytes() => Ok(false),
        Ok(_) => Err(format!(
            "{} already exists with another version: merge it into the guide and delete it, \
             then pull again",
            path.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            state::write_atomic(path, text.as_bytes())
                .map(|()| true)
                .map_err(|m| format!("{}: {m}", path.display()))
        }
        Err(e) => Err(format!(
            "{}: {}",
            path.display(),
            crate::document::io_message(&e)
        )),
    }
}

/// What `--pull` did with the wiki's version of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PullOutcome {
    /// Merged into the guide without a conflict, in so many blocks.
    Merged { blocks: usize },
    /// Merged, with so many conflicts written with conflict markers.
    Conflict { blocks: usize, conflicts: usize },
    /// The guide already holds the wiki's text.
    AlreadyMerged,
}

/// Where `--pull` merged the wiki's version, and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The guide file written (or left alone).
    pub path: PathBuf,
    pub outcome: PullOutcome,
}

/// The text last pushed for `page`, when it is known: recorded by the state, or the build
/// itself when the guide has not changed since.
fn merge_base(state: &State, key: &str, page: &SyncPage) -> Option<String> {
    let entry = state.page(key)?;
    if let Some(base) = state.base_text(entry) {
        return Some(base);
    }
    let fields = page.fields();
    let pushed = entry.pushed.as_deref()?;
    (pushed == fields.fingerprint() || pushed == fields.without_script().fingerprint())
        .then(|| page.body.clone())
}

/// The way back from Wiki.js form to the guide's, for `page`.
fn reverse_for(
    page: &SyncPage,
    pages: &[SyncPage],
    source: &str,
    options: &SyncOptions,
) -> merge::Reverse {
    let mut r = merge::Reverse {
        source: page.source.clone(),
        pages: pages.iter().map(|p| (p.key(), p.source.clone())).collect(),
        callout_blocks: options.callout_blocks.iter().cloned().collect(),
        includes: options.includes.clone(),
        ..Default::default()
    };
    r.learn(&r.included_source(source), &page.body);
    r
}

/// `--pull` for one conflicting page: merges the wiki's version into the guide (three ways,
/// with the version last pushed), writes the guide when that changes it, saves the wiki's
/// page script beside the guide when it differs, and records in the state which version of
/// the wiki's page was pulled.
fn pull_page(
    planned: &mut PlannedPage,
    page: &SyncPage,
    pages: &[SyncPage],
    local_script: Option<&str>,
    state: &mut State,
    options: &SyncOptions,
) -> Result<Option<Result<Pulled, String>>, SyncError> {
    let Some(text) = &planned.remote.file_text else {
        return Ok(None);
    };
    let wiki = page::read_page_file(text, &page.path);
    let path = page.source.clone();
    let source = match crate::fsutil::read_regular(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(_) => return Ok(Some(Err(format!("{}: not UTF-8 text", path.display())))),
        },
        Err(e) => {
            return Ok(Some(Err(format!(
                "{}: {}",
                path.display(),
                crate::document::io_message(&e)
            ))));
        }
    };
    if let Some(line) = merge::first_conflict(&source) {
        return Ok(Some(Err(format!(
            "{}:{line}: the guide has conflict markers from an earlier pull: resolve them \
             first (check reports them as GL320), then pull again",
            path.display()
        ))));
    }
    let base = merge_base(state, &planned.key, page);
    let reverse = reverse_for(page, pages, &source, options);
    let label = match &planned.remote.updated_at {
        Some(at) => format!("{} (updated {at})", planned.key),
        None => planned.key.clone(),
    };
    let merged = merge::merge(
        &source,
        &page.body,
        base.as_deref(),
        &wiki.body,
        &reverse,
        &label,
    );
    let (mut text, mut outcome) = match merged {
        merge::Merged::Unchanged => (source.clone(), PullOutcome::AlreadyMerged),
        merge::Merged::Clean { text, blocks } => (text, PullOutcome::Merged { blocks }),
        merge::Merged::Conflict {
            text,
            blocks,
            conflicts,
        } => (text, PullOutcome::Conflict { blocks, conflicts }),
    };
    // The title and description merge three ways too: a field changed on the wiki only is
    // written into the guide's front matter.
    let local = page.fields();
    let entry = state.page(&planned.key).cloned().unwrap_or_default();
    let mut fields_merged = 0;
    for (field, theirs, ours, base) in [
        (
            "title",
            wiki.title.trim(),
            local.title.trim(),
            entry.base_title.as_deref().map(str::trim),
        ),
        (
            "description",
            wiki.description.trim(),
            local.description.trim(),
            entry.base_description.as_deref().map(str::trim),
        ),
    ] {
        if theirs == ours || base == Some(theirs) {
            continue;
        }
        if base == Some(ours)
            && let Some(new) = merge::set_front_matter(&text, field, theirs)
        {
            text = new;
            fields_merged += 1;
            planned.notes.push(format!(
                "the wiki's {field} is merged into the guide's front matter"
            ));
            continue;
        }
        planned.notes.push(if base.is_some() && base != Some(ours) {
            format!(
                "the {field} changed both on the wiki and in the guide: the guide's is kept; \
                 change it in the guide's front matter if the wiki's is right"
            )
        } else {
            format!(
                "the wiki's {field} differs from the guide's: change it in the guide's front \
                 matter if the wiki's is right"
            )
        });
    }
    if page::normalize_tags(&wiki.tags) != page::normalize_tags(&local.tags) {
        planned.notes.push(
            "the wiki's tags differ from the guide's: change them in the guide's front matter \
             if the wiki's are right"
                .into(),
        );
    }
    if fields_merged > 0 && outcome == PullOutcome::AlreadyMerged {
        outcome = PullOutcome::Merged { blocks: 0 };
    }
    if text != source
        && let Err(e) = state::write_atomic(&path, text.as_bytes())
    {
        return Ok(Some(Err(format!("{}: {e}", path.display()))));
    }
    if let Some(script) = planned.remote.script_js.as_deref()
        && !script.trim().is_empty()
        && Some(script.trim()) != local_script.map(str::trim)
    {
        let js = pulled_path(&path).with_extension("js");
        if let Err(e) = save_pulled(&js, script) {
            return Ok(Some(Err(e)));
        }
        planned.notes.push(format!(
            "the wiki's page script differs from the build: it is in {}",
            js.display()
        ));
    }
    if let Some(fp) = &planned.remote.fingerprint {
        let mut entry = state.page(&planned.key).cloned().unwrap_or_default();
        if entry.pulled.as_ref() != Some(fp) {
            entry.pulled = Some(fp.clone());
            if entry.id.is_none() {
                entry.id = planned.remote.id;
            }
            state.set_page(&planned.key, entry)?;
        }
    }
    Ok(Some(Ok(Pulled { path, outcome })))
}

/// Notes, on conflicts not pulled in this run, where an earlier `--pull` left the wiki's
/// version.
fn note_earlier_pulls(reports: &mut [PageReport]) {
    for r in reports {
        if r.planned.action == Action::Conflict && r.pulled.is_none() {
            let path = pulled_path(&r.planned.source);
            if path.exists() {
                r.planned.notes.push(format!(
                    "the wiki's version pulled earlier is in {}: merge it into the guide, then \
                     delete it",
                    path.display()
                ));
            }
        }
    }
}

/// Whether a conflict was resolved by a person, and how: the wiki's version (fingerprint
/// `remote_fp`, text `remote_text`) was declared merged with `--resolve`, or it was pulled and
/// the guide now holds every line of it (the guide changed since the last push, and
/// overwriting the wiki's version would lose no line). Deleting the pulled file never counts.
fn merged(
    entry: Option<&state::PageState>,
    remote_fp: &str,
    remote_text: &str,
    local_text: &str,
    local_fp: &str,
) -> Option<&'static str> {
    let entry = entry?;
    if entry.resolved.as_deref() == Some(remote_fp) {
        return Some("the wiki's version was declared merged (--resolve)");
    }
    (entry.pulled.as_deref() == Some(remote_fp)
        && entry.pushed.as_deref() != Some(local_fp)
        && lost_lines(remote_text, local_text).is_empty())
    .then_some("the guide holds the wiki's version that was pulled")
}

/// `--resolve`: records, for each conflict named, that the wiki's version is merged into the
/// guide, so the guide's version replaces it (now with `--apply`, or on the next run).
fn resolve_conflicts(
    reports: &mut [PageReport],
    state: &mut State,
    options: &SyncOptions,
) -> Result<(), SyncError> {
    for r in reports.iter_mut() {
        if r.planned.action != Action::Conflict || !options.resolve.contains(&r.planned.key) {
            continue;
        }
        let Some(fp) = r.planned.remote.fingerprint.clone() else {
            r.planned.notes.push(
                "--resolve needs the wiki's version, and the wiki has none: use --force".into(),
            );
            continue;
        };
        let mut entry = state.page(&r.planned.key).cloned().unwrap_or_default();
        if entry.id.is_none() {
            entry.id = r.planned.remote.id;
        }
        entry.resolved = Some(fp);
        state.set_page(&r.planned.key, entry)?;
        r.planned.action = Action::Update;
        r.planned.reason = Some("the wiki's version was declared merged (--resolve)".into());
    }
    Ok(())
}

/// Refuses two pages with the same key (two guide files mapping to one wiki page).
pub fn check_unique(pages: &[SyncPage]) -> Result<(), SyncError> {
    let mut seen: std::collections::BTreeMap<String, &Path> = Default::default();
    for p in pages {
        if let Some(other) = seen.insert(p.key(), &p.source) {
            return Err(SyncError::Usage(format!(
                "{} and {} both become the wiki page `{}`",
                other.display(),
                p.source.display(),
                p.key()
            )));
        }
    }
    Ok(())
}

/// Which wiki to sync with.
#[derive(Debug, Clone)]
pub enum Target {
    /// A wiki's GraphQL endpoint.
    GraphQl { url: String },
    /// A checkout of a wiki's git-storage repository.
    Git {
        dir: PathBuf,
        /// Commit author, `Name <email>`.
        author: Option<String>,
    },
}

/// Everything a sync run needs besides the pages.
#[derive(Debug, Clone)]
pub struct Settings {
    pub target: Target,
    pub options: SyncOptions,
    /// The state file.
    pub state_path: PathBuf,
    /// The environment variable holding the API key (GraphQL).
    pub token_env: String,
    pub client: crate::wikijs::graphql::ClientOptions,
    pub layout: WikiLayout,
    /// The folder git targets are named relative to in the state file (the configuration's).
    pub base: PathBuf,
    /// The assets the pages use (uploaded over GraphQL; git storage gets them from `build`).
    pub assets: Vec<assets::SyncAsset>,
}

/// `dir` relative to `base` when it is inside it, else absolute; `/`-separated.
fn shown_relative(dir: &Path, base: &Path) -> String {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (dir, base) = (canon(dir), canon(base));
    let shown = match dir.strip_prefix(&base) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => dir,
    };
    crate::util::slash_path(&shown)
}

/// Plans, and with `--apply` carries out, the sync of `pages` to the wiki.
pub fn run_sync(
    settings: &Settings,
    pages: &[SyncPage],
    progress: &mut dyn Progress,
) -> Result<SyncReport, SyncError> {
    let writes = settings.options.writes();
    let _state_lock = if writes {
        Some(lock::SyncLock::acquire(&lock::lock_path_for(
            &settings.state_path,
        ))?)
    } else {
        None
    };
    match &settings.target {
        Target::GraphQl { url } => {
            let token = crate::wikijs::graphql::ApiToken::from_env(&settings.token_env)?;
            let client = crate::wikijs::graphql::Client::new(url, token, settings.client.clone())?;
            let mut state = State::load(&settings.state_path, &graphql::target_name(&client))?;
            graphql::run_with_assets(
                &client,
                pages,
                &settings.assets,
                &mut state,
                &settings.options,
                progress,
            )
        }
        Target::Git { dir, author } => {
            let target = git::GitTarget::open(dir, settings.layout.clone(), author.clone())?;
            // Two syncs with different state files must not write one checkout either.
            let _checkout_lock = if writes {
                Some(lock::SyncLock::acquire(&target.lock_path()?)?)
            } else {
                None
            };
            let name = git::target_name(&shown_relative(dir, &settings.base));
            let mut state = State::load(&settings.state_path, &name)?;
            git::run_with_assets(
                &target,
                pages,
                &settings.assets,
                &mut state,
                &settings.options,
                progress,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_summary_counts_lines_and_fields() {
        let old = PageFields {
            title: "A",
            description: "",
            published: true,
            tags: vec![],
            body: "one\ntwo\nthree\n",
            script_js: "",
        };
        let new = PageFields {
            title: "B",
            body: "one\n2\nthree\nfour\n",
            ..old.clone()
        };
        let d = DiffSummary::between(&old, &new);
        assert_eq!((d.added, d.removed), (2, 1));
        assert_eq!(d.to_string(), "+2 \u{2212}1 lines; title");
        assert_eq!(DiffSummary::new_page("a\nb\n").to_string(), "+2 lines");
    }

    #[test]
    fn lost_lines_are_the_wiki_body_lines_the_build_lacks() {
        let wiki = "---\ntitle: T\ndate: 2024-01-01T00:00:00.000Z\n---\n\n# A\n\nKept.\nFixed on the wiki.\n";
        let build = "---\ntitle: T\ndate: 2023-01-01T00:00:00.000Z\n---\n\n# A\n\nKept.\nNew.\n";
        // The header (its date) is not the page's text.
        assert_eq!(lost_lines(wiki, build), vec!["Fixed on the wiki."]);
        // A bare body is compared as it is.
        assert_eq!(
            lost_lines(wiki, "# A\n\nKept.\nFixed on the wiki.\nMore.\n"),
            Vec::<String>::new()
        );
        // A line that moved is not lost; a second copy of it is.
        let wiki =
            "# A\n\n*[CSV]: Comma-separated values\n\nAdded at the end.\n\nAdded at the end.\n";
        assert_eq!(
            lost_lines(
                wiki,
                "# A\n\nAdded at the end.\n\n*[CSV]: Comma-separated values\n"
            ),
            vec!["Added at the end."]
        );
    }

    #[test]
    fn merged_needs_the_guide_to_hold_the_pulled_version_or_an_explicit_resolve() {
        let wiki = "# A\n\nFixed.\n";
        let entry = state::PageState {
            pushed: Some("sha256:pushed".into()),
            pulled: Some("sha256:wiki".into()),
            ..Default::default()
        };
        // Unchanged guide: not merged, whatever happened to the pulled file.
        assert_eq!(
            merged(Some(&entry), "sha256:wiki", wiki, "# A\n", "sha256:pushed"),
            None
        );
        // The guide changed but lacks the wiki's line.
        assert_eq!(
            merged(
                Some(&entry),
                "sha256:wiki",
                wiki,
                "# A\nOther.\n",
                "sha256:x"
            ),
            None
        );
        // The guide holds it.
        assert!(
            merged(
                Some(&entry),
                "sha256:wiki",
                wiki,
                "# A\n\nFixed.\nMore.\n",
                "sha256:x"
            )
            .is_some()
        );
        // Another wiki version than the one pulled.
        assert_eq!(
            merged(
                Some(&entry),
                "sha256:other",
                wiki,
                "# A\n\nFixed.\n",
                "sha256:x"
            ),
            None
        );
        // Declared resolved.
        let resolved = state::PageState {
            resolved: Some("sha256:wiki".into()),
            ..entry.clone()
        };
        assert!(
            merged(
                Some(&resolved),
                "sha256:wiki",
                wiki,
                "# A\n",
                "sha256:pushed"
            )
            .is_some()
        );
        assert_eq!(merged(None, "sha256:wiki", wiki, wiki, "sha256:x"), None);
    }

    #[test]
    fn pulled_files_sit_beside_the_guide() {
        assert_eq!(
            pulled_path(Path::new("guides/da/move.md")),
            Path::new("guides/da/move.remote.md")
        );
    }

    #[test]
    fn pulling_never_overwrites_a_different_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.remote.md");
        assert_eq!(save_pulled(&p, "one"), Ok(true));
        assert_eq!(save_pulled(&p, "one"), Ok(false));
        let e = save_pulled(&p, "two").unwrap_err();
        assert!(e.contains("already exists"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
    }
}
