//! Sync through the Wiki.js GraphQL API.
//!
//! Conflict detection: the state file records, per page, the wiki's id, the fingerprint of
//! the page we pushed, the fingerprint of the wiki's page right after the push, and its
//! `updatedAt`. When `updatedAt` has not moved, the wiki's page is what we left there. When
//! it has, the page is read and its fingerprint compared: a different fingerprint is an edit
//! made on the wiki, so the page is a conflict and is not overwritten without `--force`.
//! Just before an update the page is read again, so an edit made while the sync runs is
//! caught too.

use std::collections::{BTreeMap, BTreeSet};

use super::page::{PageFields, page_file_text};
use super::state::PageState;
use super::{
    Action, DiffSummary, Outcome, PageReport, PlannedPage, Progress, RemoteVersion, State,
    SyncError, SyncOptions, SyncPage, SyncReport, links, merged,
};
use crate::wikijs::graphql::{
    Client, ClientError, KeptFields, PageInput, PageSummary, RemotePage, WikiError,
};

/// The state file's name for a GraphQL wiki.
pub fn target_name(client: &Client) -> String {
    format!("graphql {}", client.url())
}

fn remote_fields(r: &RemotePage) -> PageFields<'_> {
    PageFields {
        title: &r.title,
        description: &r.description,
        published: r.is_published,
        tags: r.tags.clone(),
        body: &r.content,
        script_js: &r.script_js,
    }
}

fn remote_version(r: &RemotePage) -> RemoteVersion {
    let fields = remote_fields(r);
    RemoteVersion {
        id: Some(r.id),
        file_text: Some(page_file_text(&fields, &r.updated_at, &r.created_at)),
        script_js: Some(r.script_js.clone()),
        kept: Some(r.kept()),
        fingerprint: Some(fields.fingerprint()),
        updated_at: Some(r.updated_at.clone()),
    }
}

/// What to send for `page`. `kept` is what the wiki holds of the fields the sync does not
/// manage (page styles, publishing window, private flag): Wiki.js clears them when `update`
/// omits them, so they are sent back as they are.
fn input(page: &SyncPage, kept: KeptFields) -> PageInput {
    PageInput {
        locale: page.locale.clone(),
        path: page.path.clone(),
        title: page.title.clone(),
        description: page.description.clone(),
        content: page.body.clone(),
        is_published: page.published,
        tags: super::page::normalize_tags(&page.tags),
        script_js: page.script_js.clone().unwrap_or_default(),
        kept,
    }
}

/// Plans, and with `--apply` carries out, the sync of `pages` to the wiki behind `client`.
pub fn run(
    client: &Client,
    pages: &[SyncPage],
    state: &mut State,
    options: &SyncOptions,
    progress: &mut dyn Progress,
) -> Result<SyncReport, SyncError> {
    run_with_assets(client, pages, &[], state, options, progress)
}

/// [`run`], with the assets the pages use: uploaded, after the pages, when missing or changed
/// ([`super::assets`]).
pub fn run_with_assets(
    client: &Client,
    pages: &[SyncPage],
    assets: &[super::assets::SyncAsset],
    state: &mut State,
    options: &SyncOptions,
    progress: &mut dyn Progress,
) -> Result<SyncReport, SyncError> {
    super::check_unique(pages)?;
    // A key the wiki does not accept must stop the run even when nothing would change: the
    // wiki lists its pages to guests.
    client.check_key()?;
    let remote_pages = client.list_pages()?;
    let by_path: BTreeMap<(String, String), &PageSummary> = remote_pages
        .iter()
        .map(|p| ((p.locale.clone(), p.path.clone()), p))
        .collect();
    let by_id: BTreeMap<i64, &PageSummary> = remote_pages.iter().map(|p| (p.id, p)).collect();

    progress.begin("comparing with the wiki", pages.len());
    let mut plans = Vec::with_capacity(pages.len());
    for page in pages {
        let entry = state.page(&page.key());
        let planned = plan_page(
            client,
            page,
            entry,
            by_path
                .get(&(page.locale.clone(), page.path.clone()))
                .copied(),
            entry
                .and_then(|e| e.id)
                .and_then(|id| by_id.get(&id).copied()),
        )?;
        progress.step(&planned.key);
        plans.push(planned);
    }
    progress.end();
    let asset_plan = if assets.is_empty() {
        Vec::new()
    } else {
        progress.begin("comparing assets with the wiki", 1);
        let plan = super::assets::plan(client, assets, state, options)?;
        progress.end();
        plan
    };

    let mut report = SyncReport::new(client.url(), options.apply);
    report.assets = asset_plan;
    report.gone = super::gone_pages(state, pages);
    report.pages = super::page_reports(plans, pages, state, options, true)?;
    if !options.apply {
        let mut renders = state.pending_renders();
        let new = new_pages(&report.pages, state, false);
        if !new.is_empty() {
            let run = RunPages::new(&report.pages, pages, options, false);
            renders.extend(linking_pages(
                client,
                &remote_pages,
                &run,
                &new,
                &mut report.warnings,
                progress,
            )?);
        }
        report.renders = renders.into_iter().collect();
        return Ok(report);
    }
    super::apply_plan(
        &mut report,
        pages,
        state,
        options,
        progress,
        "pushing pages",
        |r, page, state| push_page(client, page, r, state),
    );

    if report.stopped.is_none() && !report.assets.is_empty() {
        progress.begin("uploading assets", 1);
        let done = super::assets::apply(client, assets, &mut report.assets, state, options);
        progress.end();
        if let Err(e) = done {
            report.stop(&e);
        }
    }
    if report.stopped.is_none() {
        let new = new_pages(&report.pages, state, true);
        let found = if new.is_empty() {
            Ok(BTreeSet::new())
        } else {
            let run = RunPages::new(&report.pages, pages, options, true);
            linking_pages(
                client,
                &remote_pages,
                &run,
                &new,
                &mut report.warnings,
                progress,
            )
        };
        match found {
            Ok(linking) => {
                state.linking_pages_found(linking)?;
                let ids = |key: &str| {
                    remote_pages
                        .iter()
                        .find(|p| summary_key(p) == key)
                        .map(|p| p.id)
                        .or_else(|| state.page(key).and_then(|e| e.id))
                };
                let ids: BTreeMap<String, i64> = state
                    .pending_renders()
                    .into_iter()
                    .filter_map(|k| ids(&k).map(|id| (k, id)))
                    .collect();
                render_pending(client, state, options, &ids, &mut report, progress)?;
            }
            Err(e) => report.stop(&SyncError::Client(e)),
        }
    }
    Ok(report)
}

fn plan_page(
    client: &Client,
    page: &SyncPage,
    entry: Option<&PageState>,
    at_path: Option<&PageSummary>,
    recorded: Option<&PageSummary>,
) -> Result<PlannedPage, SyncError> {
    let local = page.fields();
    let local_fp = local.fingerprint();
    let mut p = PlannedPage::new(page, Action::Unchanged);

    let fetch = |id: i64| -> Result<Option<RemotePage>, SyncError> { Ok(client.page(id)?) };

    let Some(entry) = entry.filter(|e| e.id.is_some()) else {
        // Never pushed from here.
        let Some(summary) = at_path else {
            p.action = Action::Create;
            p.diff = Some(DiffSummary::new_page(&page.body));
            return Ok(p);
        };
        let Some(remote) = fetch(summary.id)? else {
            p.action = Action::Create;
            p.diff = Some(DiffSummary::new_page(&page.body));
            return Ok(p);
        };
        return Ok(compare_unknown(page, entry, &remote, p));
    };

    let Some(summary) = recorded else {
        // The page we pushed is gone from the wiki.
        if let Some(other) = at_path
            && let Some(remote) = fetch(other.id)?
        {
            let mut p = compare_unknown(page, Some(entry), &remote, p);
            if p.action == Action::Conflict {
                p.reason = Some(
                    "the page synced before was deleted on the wiki, and another page now has \
                     its path"
                        .into(),
                );
            }
            return Ok(p);
        }
        p.action = Action::Conflict;
        p.reason = Some("deleted on the wiki since the last sync".into());
        p.diff = Some(DiffSummary::new_page(&page.body));
        return Ok(p);
    };

    if summary.locale != page.locale || summary.path != page.path {
        p.action = Action::Conflict;
        p.reason = Some(format!(
            "moved on the wiki to `{}/{}` since the last sync",
            summary.locale, summary.path
        ));
        if let Some(remote) = fetch(summary.id)? {
            p.diff = Some(DiffSummary::between(&remote_fields(&remote), &local));
            p.remote = remote_version(&remote);
        }
        return Ok(p);
    }

    let untouched = entry.updated_at.as_deref() == Some(summary.updated_at.as_str());
    // When the wiki kept less than was pushed (a page script the key could not save), the
    // page is read to compare what it holds.
    if untouched
        && entry.pushed.as_deref() == Some(local_fp.as_str())
        && entry.remote == entry.pushed
    {
        p.remote.id = Some(summary.id);
        return Ok(p);
    }
    let Some(remote) = fetch(summary.id)? else {
        p.action = Action::Conflict;
        p.reason = Some("deleted on the wiki since the last sync".into());
        return Ok(p);
    };
    let remote_fp = remote_fields(&remote).fingerprint();
    p.diff = Some(DiffSummary::between(&remote_fields(&remote), &local));
    p.remote = remote_version(&remote);
    let unchanged_remote = untouched || entry.remote.as_deref() == Some(remote_fp.as_str());
    if remote_fp == local_fp {
        p.record = Some(PageState {
            id: Some(remote.id),
            pushed: Some(local_fp),
            remote: Some(remote_fp),
            updated_at: Some(remote.updated_at.clone()),
            base: Some(page.body.clone()),
            base_title: Some(page.title.clone()),
            base_description: Some(page.description.clone()),
            ..Default::default()
        });
        p.diff = None;
        return Ok(p);
    }
    if unchanged_remote {
        let only_script = remote_fields(&remote).without_script().fingerprint()
            == local.clone().without_script().fingerprint();
        if only_script && remote.script_js.trim() != local.script_js.trim() {
            // The wiki's script is not the build's, and nobody changed it there since the
            // last push: an earlier key could not save it. Sent again (a key that still
            // cannot is warned about again).
            p.action = Action::Update;
            p.reason = Some(
                "the wiki's page script differs from the build (the API key of an earlier sync \
                 could not save it)"
                    .into(),
            );
        } else if entry.pushed.as_deref() == Some(local_fp.as_str()) {
            // Only `updatedAt` moved (a save without changes, a re-render).
            p.record = Some(PageState {
                updated_at: Some(remote.updated_at.clone()),
                ..entry.clone()
            });
            p.diff = None;
        } else {
            p.action = Action::Update;
        }
        return Ok(p);
    }
    if let Some(how) = merged(
        Some(entry),
        &remote_fp,
        &remote.content,
        &page.body,
        &local_fp,
    ) {
        p.action = Action::Update;
        p.reason = Some(how.into());
        return Ok(p);
    }
    p.action = Action::Conflict;
    p.reason = Some(format!(
        "edited on the wiki since the last sync (updated {})",
        remote.updated_at
    ));
    Ok(p)
}

/// A wiki page this sync has no record of pushing: equal is adopted, different is a conflict
/// (someone's page), unless its pulled version was merged.
fn compare_unknown(
    page: &SyncPage,
    entry: Option<&PageState>,
    remote: &RemotePage,
    mut p: PlannedPage,
) -> PlannedPage {
    let local = page.fields();
    let rf = remote_fields(remote);
    let local_fp = local.fingerprint();
    let remote_fp = rf.fingerprint();
    p.remote = remote_version(remote);
    if local_fp == remote_fp {
        p.record = Some(PageState {
            id: Some(remote.id),
            pushed: Some(local_fp),
            remote: Some(remote_fp),
            updated_at: Some(remote.updated_at.clone()),
            base: Some(page.body.clone()),
            base_title: Some(page.title.clone()),
            base_description: Some(page.description.clone()),
            ..Default::default()
        });
        return p;
    }
    p.diff = Some(DiffSummary::between(&rf, &local));
    let same_but_script =
        local.clone().without_script().fingerprint() == rf.clone().without_script().fingerprint();
    if same_but_script && remote.script_js.trim().is_empty() {
        p.action = Action::Update;
        p.reason = Some("the wiki's page has no page script yet".into());
    } else if let Some(how) = merged(entry, &remote_fp, &remote.content, &page.body, &local_fp) {
        p.action = Action::Update;
        p.reason = Some(how.into());
    } else {
        p.action = Action::Conflict;
        p.reason = Some(if same_but_script {
            "the wiki's page has another page script, and was not created by this sync".into()
        } else {
            "a page already exists at this path on the wiki, and was not created by this sync"
                .into()
        });
    }
    p
}

/// Pushes one page: creates it, or updates the wiki's page.
fn push_page(
    client: &Client,
    page: &SyncPage,
    r: &mut PageReport,
    state: &mut State,
) -> Result<(), SyncError> {
    let action = r.planned.action;
    match (action, r.planned.remote.id) {
        (Action::Update | Action::Conflict, Some(id)) => {
            update(client, id, page, r, state, action == Action::Update)
        }
        _ => create(client, page, r, state),
    }
}

fn create(
    client: &Client,
    page: &SyncPage,
    r: &mut PageReport,
    state: &mut State,
) -> Result<(), SyncError> {
    let remote = match client.create(&input(page, KeptFields::default()))? {
        Ok(created) => client.page(created.id)?,
        Err(e) if e.code == WikiError::DUPLICATE => {
            // Our own earlier attempt whose answer was lost (the client retried, or a run
            // stopped), or a page someone made meanwhile: equal content means ours.
            match client.page_by_path(&page.locale, &page.path)? {
                Some(remote)
                    if remote_fields(&remote).without_script().fingerprint()
                        == page.fields().without_script().fingerprint() =>
                {
                    Some(remote)
                }
                Some(remote) => {
                    r.planned.remote = remote_version(&remote);
                    r.outcome = Some(Outcome::Failed(format!(
                        "{}; it appeared while syncing and was not overwritten",
                        e.explain(&page.locale, &page.path)
                    )));
                    return Ok(());
                }
                None => {
                    r.outcome = Some(Outcome::Failed(e.explain(&page.locale, &page.path)));
                    return Ok(());
                }
            }
        }
        Err(e) => {
            r.outcome = Some(Outcome::Failed(e.explain(&page.locale, &page.path)));
            return Ok(());
        }
    };
    let Some(remote) = remote else {
        r.outcome = Some(Outcome::Failed(
            "the wiki says the page was created but cannot show it".into(),
        ));
        return Ok(());
    };
    record(page, &remote, r, state)?;
    r.outcome = Some(Outcome::Created);
    // Pages already on the wiki that link here were rendered while this page was missing.
    state.add_new_page(&page.key())?;
    Ok(())
}

fn update(
    client: &Client,
    id: i64,
    page: &SyncPage,
    r: &mut PageReport,
    state: &mut State,
    check_first: bool,
) -> Result<(), SyncError> {
    let mut kept = r.planned.remote.kept.clone();
    if check_first {
        // An edit made on the wiki since the plan was made must not be overwritten.
        match client.page(id)? {
            Some(now) => {
                kept = Some(now.kept());
                let moved = r.planned.remote.updated_at.as_deref() != Some(&now.updated_at);
                let fp = remote_fields(&now).fingerprint();
                if moved && r.planned.remote.fingerprint.as_deref() != Some(fp.as_str()) {
                    r.planned.action = Action::Conflict;
                    r.planned.reason = Some("edited on the wiki while syncing".into());
                    r.planned.remote = remote_version(&now);
                    r.outcome = Some(Outcome::Skipped);
                    return Ok(());
                }
            }
            None => {
                r.planned.action = Action::Conflict;
                r.planned.reason = Some("deleted on the wiki while syncing".into());
                r.outcome = Some(Outcome::Skipped);
                return Ok(());
            }
        }
    }
    let kept = match kept {
        Some(kept) => kept,
        // Not read yet (a forced update of a page moved on the wiki): read it now.
        None => client.page(id)?.map(|p| p.kept()).unwrap_or_default(),
    };
    match client.update(id, &input(page, kept))? {
        Ok(_) => {}
        Err(e) => {
            r.outcome = Some(Outcome::Failed(e.explain(&page.locale, &page.path)));
            return Ok(());
        }
    }
    let Some(remote) = client.page(id)? else {
        r.outcome = Some(Outcome::Failed(
            "the wiki says the page was updated but cannot show it".into(),
        ));
        return Ok(());
    };
    record(page, &remote, r, state)?;
    r.outcome = Some(Outcome::Updated);
    // Saving renders the page afresh.
    state.remove_pending_render(&page.key())?;
    Ok(())
}

/// Records a pushed page in the state, and reports what the wiki did not keep.
fn record(
    page: &SyncPage,
    remote: &RemotePage,
    r: &mut PageReport,
    state: &mut State,
) -> Result<(), SyncError> {
    let local = page.fields();
    let rf = remote_fields(remote);
    let wanted_script = page.script_js.as_deref().unwrap_or("").trim();
    if remote.script_js.trim() != wanted_script {
        r.warnings.push(if wanted_script.is_empty() {
            "the wiki kept its old page script: the API key's group lacks the `write:scripts` \
             permission"
                .into()
        } else {
            "the page script (scriptJs) was not saved: the API key's group lacks the \
             `write:scripts` permission, which Wiki.js requires without saying so; the page's \
             components do not work until the script is saved"
                .into()
        });
    }
    if local.clone().without_script().fingerprint() != rf.clone().without_script().fingerprint() {
        r.warnings.push(format!(
            "the wiki holds other content than was sent ({})",
            DiffSummary::between(&rf, &local)
        ));
    }
    state.set_page(
        &page.key(),
        PageState {
            id: Some(remote.id),
            pushed: Some(local.fingerprint()),
            remote: Some(rf.fingerprint()),
            updated_at: Some(remote.updated_at.clone()),
            base: Some(page.body.clone()),
            base_title: Some(page.title.clone()),
            base_description: Some(page.description.clone()),
            ..Default::default()
        },
    )
}

fn summary_key(p: &PageSummary) -> String {
    format!("{}/{}", p.locale, p.path)
}

/// The pages created in this run (in a plan: to be created), by their place in the run, and
/// those an earlier run created without looking for their linking pages (place `None`:
/// before this run).
fn new_pages(
    reports: &[PageReport],
    state: &State,
    applied: bool,
) -> BTreeMap<String, Option<usize>> {
    let mut out: BTreeMap<String, Option<usize>> =
        state.new_pages().into_iter().map(|k| (k, None)).collect();
    for (i, r) in reports.iter().enumerate() {
        let created = if applied {
            r.outcome == Some(Outcome::Created)
        } else {
            r.planned.action == Action::Create
        };
        if created {
            out.insert(r.planned.key.clone(), Some(i));
        }
    }
    out
}

/// The pages of this run, as the re-render search sees them.
struct RunPages<'a> {
    /// Key -> place in the run, when the page is (to be) pushed: saving renders it.
    pushed: BTreeMap<String, usize>,
    /// Key -> the content the wiki has (or will have) when it is the build's.
    content: BTreeMap<String, &'a SyncPage>,
}

impl<'a> RunPages<'a> {
    fn new(
        reports: &[PageReport],
        pages: &'a [SyncPage],
        options: &SyncOptions,
        applied: bool,
    ) -> RunPages<'a> {
        let mut run = RunPages {
            pushed: BTreeMap::new(),
            content: BTreeMap::new(),
        };
        for (i, (r, page)) in reports.iter().zip(pages).enumerate() {
            let pushed = if applied {
                matches!(r.outcome, Some(Outcome::Created | Outcome::Updated))
            } else {
                super::pushes(r.planned.action, options)
            };
            if pushed {
                run.pushed.insert(r.planned.key.clone(), i);
            }
            if pushed || r.planned.action == Action::Unchanged {
                run.content.insert(r.planned.key.clone(), page);
            }
        }
        run
    }

    /// The new pages `key` may link to without having been rendered since they exist: every
    /// other new page, unless `key` is saved later in the run than the new page was created.
    fn stale_targets<'n>(
        &self,
        key: &str,
        new: &'n BTreeMap<String, Option<usize>>,
    ) -> BTreeSet<&'n str> {
        let pushed = self.pushed.get(key).copied();
        new.iter()
            .filter(|(t, created)| {
                t.as_str() != key
                    && match (pushed, created) {
                        (None, _) => true,
                        (Some(_), None) => false,
                        (Some(p), Some(c)) => p < *c,
                    }
            })
            .map(|(t, _)| t.as_str())
            .collect()
    }
}

/// Every page on the wiki (guide-lint's or not) whose content links to one of the `new`
/// pages and that has not been rendered since that page exists (`docs/wikijs.md#re-rendering`: such links stay
/// red until the page is rendered again). The build's pages are read from the build (links
/// resolved as Wiki.js resolves them, src/wikijs/link.rs); every other page from what Wiki.js
/// recorded at its last render, `pages { links(locale) }`, one request per locale of the wiki
/// (links to pages that do not exist yet are recorded too). A locale whose links cannot be
/// read is a warning, not a failure.
fn linking_pages(
    client: &Client,
    remote_pages: &[PageSummary],
    run: &RunPages<'_>,
    new: &BTreeMap<String, Option<usize>>,
    warnings: &mut Vec<String>,
    progress: &mut dyn Progress,
) -> Result<BTreeSet<String>, ClientError> {
    let mut found = BTreeSet::new();
    // The build's pages first: their content is known.
    for (key, page) in &run.content {
        let stale = run.stale_targets(key, new);
        if !stale.is_empty()
            && links::linked_pages(&page.body, &page.locale, &page.path)
                .iter()
                .any(|t| stale.contains(t.as_str()))
        {
            found.insert(key.clone());
        }
    }
    // Then every other page on the wiki, from the links Wiki.js recorded.
    let locales: BTreeSet<&str> = remote_pages
        .iter()
        .filter(|p| !run.content.contains_key(&summary_key(p)))
        .map(|p| p.locale.as_str())
        .collect();
    if locales.is_empty() {
        return Ok(found);
    }
    progress.begin("looking for pages that link to new pages", locales.len());
    for locale in locales {
        match client.page_links(locale) {
            Ok(pages) => {
                for p in pages {
                    let key = format!("{locale}/{}", p.path);
                    if run.content.contains_key(&key) {
                        continue;
                    }
                    let stale = run.stale_targets(&key, new);
                    if !stale.is_empty() && p.links().any(|t| stale.contains(t)) {
                        found.insert(key);
                    }
                }
            }
            Err(e) if !e.is_fatal() => warnings.push(format!(
                "cannot read which pages of `{locale}` link to new pages: {e}"
            )),
            Err(ClientError::Forbidden { message, .. }) => warnings.push(format!(
                "cannot read which pages of `{locale}` link to new pages: the wiki refused \
                 (`{message}`); the API key's group needs `read:pages`"
            )),
            Err(e) => {
                progress.end();
                return Err(e);
            }
        }
        progress.step(locale);
    }
    progress.end();
    Ok(found)
}

/// Re-renders the pages that link to pages created since they were rendered
/// (`docs/wikijs.md#re-rendering`: such links stay red until the page is rendered again).
fn render_pending(
    client: &Client,
    state: &mut State,
    options: &SyncOptions,
    ids: &BTreeMap<String, i64>,
    report: &mut SyncReport,
    progress: &mut dyn Progress,
) -> Result<(), SyncError> {
    let pending = state.pending_renders();
    if pending.is_empty() {
        return Ok(());
    }
    progress.begin("re-rendering pages that link to new pages", pending.len());
    for key in pending {
        if options.interrupted() {
            report.stop(&SyncError::Interrupted);
            break;
        }
        let Some(&id) = ids.get(&key) else {
            // No longer on the wiki.
            state.remove_pending_render(&key)?;
            continue;
        };
        match client.render(id) {
            Ok(Ok(())) => {
                state.remove_pending_render(&key)?;
                report.renders.push(key.clone());
            }
            Ok(Err(e)) if e.code == WikiError::NOT_FOUND => state.remove_pending_render(&key)?,
            Ok(Err(e)) => report.warnings.push(format!(
                "{key}: could not re-render the page: {}",
                e.explain("", "")
            )),
            Err(ClientError::Forbidden { .. }) => {
                let n = state.pending_renders().len();
                report.warnings.push(format!(
                    "could not re-render {} linking to new pages: rendering needs the \
                     `manage:system` permission; their links to the new pages show as missing \
                     until they are saved again or a later sync re-renders them",
                    crate::util::plural(n, "page", "pages")
                ));
                break;
            }
            Err(e) if e.is_fatal() => {
                report.stopped = Some(e.to_string());
                report.stopped_help = e.help();
                break;
            }
            Err(e) => report.warnings.push(format!("{key}: {e}")),
        }
        progress.step(&key);
    }
    progress.end();
    Ok(())
}
