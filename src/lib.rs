//! guide-lint: check, compare, build and sync bilingual Markdown guides published on Wiki.js.
//!
//! The library never prints: it returns findings and errors; the binary renders them.
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Production code handles every failure; tests may unwrap (docs/development.md).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]
// `unsafe` only where the allocator calls mimalloc (src/allocator.rs allows it for itself).
#![deny(unsafe_code)]

pub mod allocator;
pub mod build;
pub mod cache;
pub mod config;
pub mod discover;
pub mod document;
pub mod error;
pub mod finding;
pub mod fix;
pub mod fsutil;
pub mod loader;
pub mod logsafe;
pub mod lsp;
pub mod mkdocs;
pub mod render;
pub mod rule;
pub mod rules;
pub mod snippets;
pub mod suppress;
pub mod sync;
pub mod translation;
pub mod util;
pub mod wikijs;
pub mod workspace;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use config::Config;
pub use document::{Dialect, Document};
pub use error::{Error, FileError};
pub use finding::{Finding, Severity};
pub use loader::{Loader, Overlay};
pub use rule::{Rule, RuleLayer, Selector};
pub use rules::support::selector::RuleSettings;
pub use rules::{RuleMeta, RuleSet};

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Sorted by file, position, code.
    pub findings: Vec<Finding>,
    /// Files and paths that could not be read.
    pub errors: Vec<FileError>,
    /// Number of files parsed and checked.
    pub files_checked: usize,
    /// The text of every file with findings, for renderers that show source lines (under
    /// [`CheckOptions::places_only`], only of the files not in `places`).
    pub sources: BTreeMap<PathBuf, String>,
    /// Where the findings fall in files whose text is not in `sources`: kept by the check
    /// cache, so that those files were not read again.
    pub places: BTreeMap<PathBuf, document::Places>,
    /// Files with findings whose text is read again when the report is drawn instead of held
    /// through the run ([`CheckOptions::defer_sources_above`]), with the BLAKE3 hash of the text
    /// checked: [`CheckReport::source_text`] gives a text only when it is the one checked.
    pub deferred: BTreeMap<PathBuf, [u8; 32]>,
    /// The dialect each checked file was read as, and whether it was configured.
    pub dialects: BTreeMap<PathBuf, (Dialect, document::DialectSource)>,
    /// What the files pymdownx.snippets includes gave the cross-page rules (GL210's names, the
    /// source pages compared with their snippets included): kept with the run in the cache,
    /// and looked at again before it is given back.
    pub snippets: cache::SnippetProbes,
}

impl CheckReport {
    /// Adds the report of another run (of other pages: a project's, found below this run's
    /// folders) to this one, kept sorted.
    pub fn merge(&mut self, other: CheckReport) {
        self.findings.extend(other.findings);
        sort_findings(&mut self.findings);
        self.errors.extend(other.errors);
        self.errors.sort();
        self.files_checked += other.files_checked;
        self.sources.extend(other.sources);
        self.places.extend(other.places);
        self.deferred.extend(other.deferred);
        self.dialects.extend(other.dialects);
        self.snippets.extend(other.snippets);
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The files that were parsed and checked, sorted.
    pub fn checked_files(&self) -> impl Iterator<Item = &std::path::Path> {
        self.dialects.keys().map(PathBuf::as_path)
    }

    /// The text of a file with findings, for drawing them: held in `sources`, or read again
    /// when deferred (`None` when it can no longer be read, or is no longer the text checked).
    pub fn source_text(&self, path: &Path) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(text) = self.sources.get(path) {
            return Some(std::borrow::Cow::Borrowed(text));
        }
        let hash = self.deferred.get(path)?;
        loader::read_again(path, hash).map(std::borrow::Cow::Owned)
    }
}

/// Above this many bytes of pages checked, human output reads the pages with findings again
/// when it draws them instead of holding their texts through the run
/// ([`CheckOptions::defer_sources_above`]).
pub const HELD_TEXT: u64 = 8 << 20;

/// Options for a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Rule selection from the command line (`--select`, `--extend-select`, `--ignore`),
    /// applied after the configuration and its per-path overrides.
    pub selection: RuleLayer,
    /// The cache folder (`.guide-lint-cache` in the project unless moved), or `None` to check
    /// every page afresh. Never used for pages read from an overlay.
    pub cache_dir: Option<PathBuf>,
    /// The report is rendered without source text (every format but `human` and `sarif`):
    /// a file whose findings' places the check cache holds is not read again, and its places
    /// are in [`CheckReport::places`] instead of its text in [`CheckReport::sources`].
    pub places_only: bool,
    /// For a report drawn one file at a time through [`CheckReport::source_text`] (human
    /// output): when the pages checked hold more than this many bytes (the command line uses
    /// [`HELD_TEXT`]), the texts of the pages with findings are not held through the run but
    /// read again as they are drawn ([`CheckReport::deferred`]). Needs the pages' sizes (the
    /// cache on); never applies to pages read from an overlay, nor with `places_only`.
    pub defer_sources_above: Option<u64>,
    /// Leaves the pages of projects found below the checked folders to runs of their own:
    /// a folder holding a `guide-lint.yml`, `mkdocs.yml`, `mkdocs.yaml` or `zensical.toml` that
    /// is not this run's own configuration ([`config::nested_projects`]). Their pages are not checked
    /// here; [`CheckRun::nested`] (and [`FixReport::nested`]) name those folders, each to be
    /// checked with its own configuration, as a run from there would.
    pub leave_nested_projects: bool,
}

impl loader::Listing {
    /// Leaves out the pages and unusable paths under `folders`.
    pub fn leave_out(&mut self, folders: &[PathBuf]) {
        if folders.is_empty() {
            return;
        }
        let outside = |p: &Path| !folders.iter().any(|f| p.starts_with(f));
        self.files.retain(|f| outside(&f.path));
        self.errors.retain(|e| outside(&e.path));
    }
}

/// What phase 1 keeps of a checked file for the final pass.
type FileState = rules::PageRules;

/// Checks `paths` (files or directories).
pub fn check(paths: &[PathBuf], config: &Config, options: &CheckOptions) -> CheckReport {
    CheckRun::new(paths, config, options).check(options).0
}

/// A check run's start: its pages found, and, with the cache, the key of the run (what a run
/// with nothing changed replays). The command line reads the key to print the last run's output
/// again, and checks with the same start when it cannot: the pages are listed and stamped once.
pub struct CheckRun<'c> {
    loader: Loader<'c>,
    listing: loader::Listing,
    /// With the cache, each listed page's size and modification time, taken once for the run's
    /// key and the pages' records.
    stats: Option<Vec<cache::Stat>>,
    last: Option<cache::LastRun>,
    /// The projects whose pages were left out ([`CheckOptions::leave_nested_projects`]).
    nested: Vec<PathBuf>,
}

impl<'c> CheckRun<'c> {
    /// Lists the pages under `paths` (files or directories) and, with the cache on, keys the run.
    pub fn new(paths: &[PathBuf], config: &'c Config, options: &CheckOptions) -> Self {
        let loader = Loader::new(config).with_listing_cache(options.cache_dir.as_deref());
        let mut listing = loader.discover(paths);
        let nested = if options.leave_nested_projects {
            config::nested_projects(&listing.projects, config)
        } else {
            Vec::new()
        };
        listing.leave_out(&nested);
        let stats = options.cache_dir.as_ref().map(|_| {
            listing
                .files
                .iter()
                .map(|f| cache::Stat::of(&f.path))
                .collect::<Vec<_>>()
        });
        let last = options
            .cache_dir
            .as_deref()
            .zip(stats.as_deref())
            .and_then(|(dir, stats)| {
                let (sel, places_only) = (&options.selection, options.places_only);
                cache::LastRun::new(
                    dir,
                    &loader,
                    (&listing.files, stats),
                    &listing.errors,
                    sel,
                    places_only,
                )
            });
        CheckRun {
            loader,
            listing,
            stats,
            last,
            nested,
        }
    }

    /// The folders of the projects found below the checked ones, whose pages this run leaves
    /// to runs of their own ([`CheckOptions::leave_nested_projects`]); sorted.
    pub fn nested(&self) -> &[PathBuf] {
        &self.nested
    }

    /// The run's key in the cache, `None` without the cache or when the run may not be replayed
    /// (a page edited within the last seconds).
    pub fn last(&self) -> Option<&cache::LastRun> {
        self.last.as_ref()
    }

    /// Checks the pages (`options` as given to [`CheckRun::new`]), or gives back the last run's
    /// report when nothing it follows from changed (docs/cache.md). The run's key comes back
    /// with the report, for the output to be kept beside it.
    pub fn check(self, options: &CheckOptions) -> (CheckReport, Option<cache::LastRun>) {
        let CheckRun {
            loader,
            listing,
            stats,
            last,
            nested: _,
        } = self;
        if let Some(r) = last
            .as_ref()
            .and_then(|l| l.replay(&loader, &listing.files))
        {
            let report = CheckReport {
                findings: r.findings,
                errors: listing.errors,
                files_checked: r.files_checked,
                sources: r.sources,
                places: r.places,
                deferred: BTreeMap::new(),
                dialects: r.dialects,
                snippets: r.snippets,
            };
            return (report, last);
        }
        let r = check_discovered(listing.files, stats, listing.errors, &loader, options);
        if let Some(last) = last.as_ref() {
            // A deferred page is read again by the replay, as a held one.
            let sources = r
                .sources
                .keys()
                .chain(r.deferred.keys())
                .map(PathBuf::as_path);
            let kept = cache::Report {
                findings: &r.findings,
                files_checked: r.files_checked,
                places: &r.places,
                dialects: &r.dialects,
                snippets: &r.snippets,
            };
            last.store(kept, &r.errors, sources);
        }
        (r, last)
    }
}

/// Checks the given pages exactly as [`check`] does (file rules, then the workspace rules against
/// the other pages), except that pages in `overlay` are read from it instead of from disk: the
/// checked pages, and the pages they depend on (link targets, the same page in other locales).
/// What the language server runs on the open buffers.
pub fn check_pages(
    files: Vec<discover::PageFile>,
    config: &Config,
    options: &CheckOptions,
    overlay: &Overlay<'_>,
) -> CheckReport {
    let loader = Loader::with_overlay(config, overlay);
    check_discovered(files, None, Vec::new(), &loader, options)
}

/// `stats`, when given, are the pages' sizes and modification times, in the order of `files`.
fn check_discovered(
    files: Vec<discover::PageFile>,
    stats: Option<Vec<cache::Stat>>,
    walk_errors: Vec<FileError>,
    loader: &Loader<'_>,
    options: &CheckOptions,
) -> CheckReport {
    translation::begin_run();
    let config = loader.config();
    let settings = RuleSettings::from_config(config, options.selection.clone());
    let mut report = CheckReport {
        errors: walk_errors,
        ..CheckReport::default()
    };
    let cache = options
        .cache_dir
        .as_deref()
        .filter(|_| !loader.has_overlay())
        .map(|dir| cache::Cache::open(dir, config, &options.selection));
    // What the workspace pass reads besides the pages, read first: the translations lock is
    // needed as soon as a translation is compared with its source page.
    let inputs = WorkspaceInputs::new(loader);
    // Each page is read once: its text is kept (not its document) until the final pass knows
    // which pages findings point into. Keep only what the report needs: the rest of each
    // document is freed here, in the worker, instead of every document of the run being held
    // until the loop below (10,000 pages: 1.2 GB, and a third of the run spent clearing pages).
    // A source page and its translations are read in one worker, which compares each pair
    // and keeps only the outline of their translation units (2,000 pages: 60 MB less).
    let defer = !options.places_only
        && !loader.has_overlay()
        && options
            .defer_sources_above
            .zip(stats.as_ref())
            .is_some_and(|(above, s)| s.iter().map(|s| s.size).sum::<u64>() > above);
    let groups = largest_first(page_groups(&files, config), &files, stats.as_deref());
    let mut results: Vec<(usize, Result<Checked<'_>, FileError>)> = groups
        .par_iter()
        .flat_map_iter(|group| {
            let mut checked: Vec<_> = group
                .iter()
                .map(|&i| {
                    let file = &files[i];
                    let checked = match &cache {
                        Some(cache) => {
                            let stat = stats
                                .as_ref()
                                .map_or_else(|| cache::Stat::of(&file.path), |s| s[i]);
                            check_cached(file, stat, loader, &settings, cache)
                        }
                        None => check_one(file, loader, &settings).map(Checked::from),
                    };
                    (i, checked)
                })
                .collect();
            compare_in_group(&mut checked, config, inputs.lock.as_ref(), cache.as_ref());
            place_group(&mut checked, options.places_only, defer);
            checked
        })
        .collect();
    results.sort_unstable_by_key(|(i, _)| *i);
    // Collected as lists and turned into trees at once: a tree built from sorted pairs compares
    // each path once, where inserting one by one compares it with a dozen others.
    let mut states = Vec::with_capacity(results.len());
    let mut dialects = Vec::with_capacity(results.len());
    let mut sources = Vec::with_capacity(results.len());
    let mut deferred = Vec::new();
    let mut own_places = foldhash::HashMap::default();
    let mut summaries = Vec::with_capacity(results.len());
    let mut stored = foldhash::HashMap::default();
    // Every checked page's path and hash, for the run record's key (`None` once a page has
    // none, which happens only when its record cannot be encoded).
    let mut hashes = cache.as_ref().map(|_| Vec::with_capacity(results.len()));
    // The findings of the translations compared in the file pass, by page: the source page
    // each was compared with, and the findings of the translation rules.
    let mut compared = foldhash::HashMap::default();
    // The file pass's findings moved into one list of the size they need, not grown by doubling
    // (each page's own and its compared translation's findings are counted).
    report.findings.reserve_exact(
        results
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .map(|c| c.findings.len() + c.pair.as_ref().map_or(0, |(_, f, _)| f.len()))
            .sum(),
    );
    for (_, r) in results {
        match r {
            Ok(c) => {
                if let Some(pair) = c.pair {
                    compared.insert(c.path.clone(), pair);
                }
                summaries.push(c.summary);
                report.files_checked += 1;
                dialects.push((c.path.clone(), c.dialect));
                // The text of a page with findings of its own is kept until the final pass
                // knows which files findings (and their related locations) point into; the
                // others are dropped here, and read again below only if a cross-page finding
                // points into them (as is a page the cache vouched for without reading it).
                if let Some(text) = c.text
                    && !c.findings.is_empty()
                {
                    sources.push((c.path.clone(), text));
                }
                if let Some(hash) = c.deferred {
                    deferred.push((c.path.clone(), hash));
                }
                if let Some(places) = c.places {
                    own_places.insert(c.path.clone(), places);
                }
                match (&mut hashes, &c.stored) {
                    (Some(h), Some(s)) => h.push((c.path.clone(), s.hash)),
                    _ => hashes = None,
                }
                if let Some(s) = c.stored {
                    stored.insert(c.path.clone(), s);
                }
                states.push((c.path, c.state));
                // The first page's findings are taken as they are rather than copied: a page
                // may hold millions.
                if report.findings.is_empty() {
                    report.findings = c.findings;
                } else {
                    report.findings.extend(c.findings);
                }
            }
            Err(e) => report.errors.push(e),
        }
    }
    // The summaries are written now, not held encoded through the cross-page rules.
    if let Some(cache) = &cache {
        cache.save_summaries(&stored);
    }
    let states: BTreeMap<PathBuf, FileState> = states.into_iter().collect();
    report.dialects = dialects.into_iter().collect();
    report.sources = sources.into_iter().collect();
    // Phase 2: the workspace rules on the summaries (or their findings of the last run, when
    // nothing they read changed); the final pass below filters their findings like the file
    // rules' (per-file rule sets, suppressions).
    report.errors.extend(inputs.errors.iter().cloned());
    let rules = union_of(states.values().map(|s| &s.rules));
    let key = cache.as_ref().zip(hashes).map(|(_, mut hashes)| {
        hashes.sort_by(|a, b| a.0.cmp(&b.0));
        inputs.run_key(loader, &hashes, &rules)
    });
    let reused = cache
        .as_ref()
        .zip(key.as_ref())
        .and_then(|(cache, key)| cache.run(key))
        .filter(|record| inputs.extras_unchanged(loader, &record.extras));
    match reused {
        Some(record) => {
            report.findings.extend(record.findings);
            report.snippets = record.snippets;
        }
        None => {
            let summaries: Vec<workspace::PageSummary> = summaries
                .into_par_iter()
                .filter_map(|s| s.decode(loader, cache.as_ref()))
                .collect();
            let mut inputs = inputs.with_pages(summaries, loader);
            let anchor_probes = inputs.refresh_included(loader);
            let Compared {
                mut findings,
                links,
                records,
                included,
            } = inputs.keep_compared(
                compared,
                loader,
                &states,
                cache.as_ref().map(|c| (c, &stored)),
            );
            if let Some(cache) = &cache {
                for (path, bytes) in records {
                    if let Some(s) = stored.get_mut(&path) {
                        s.new_pair = cache.spool_pair(&path, &s.hash, &bytes);
                    }
                }
            }
            findings.extend(inputs.check(config, &rules, links));
            // GL210 looks the pages' snippet names up, in files no page hash follows: what each
            // gives is kept with the run, and looked up again before it is given back.
            // The `auto_append` files every MkDocs page includes are looked up too.
            if rules.is_enabled(Rule::MissingSnippet) {
                let includes = snippets::Includes::of(config);
                let appended = includes.as_ref().map_or(&[][..], |i| i.auto_append());
                let mut names: Vec<&str> = inputs
                    .pages
                    .iter()
                    .flat_map(|p| p.snippets.iter().flat_map(|s| &s.names))
                    .map(|(_, n)| n.as_str())
                    .chain(appended.iter().map(String::as_str))
                    .collect();
                names.sort_unstable();
                names.dedup();
                if !names.is_empty() {
                    report.snippets = cache::snippet_probes(includes.as_ref(), &names);
                }
            }
            // The source pages compared with their snippets included, and the pages whose
            // anchors were read with them, likewise; and the linked files the walk did not find
            // (GL204 tells a file an ignore file left out).
            report.snippets.extend(included);
            report.snippets.extend(anchor_probes);
            if rules.is_enabled(Rule::MissingAsset) {
                report.snippets.extend(inputs.unlisted_asset_probes(config));
            }
            if let (Some(cache), Some(key)) = (&cache, key) {
                cache.save_run(&key, &inputs.extra_hashes(), &report.snippets, &findings);
            }
            report.findings.reserve_exact(findings.len());
            report.findings.extend(findings);
        }
    }
    report.findings = finish(std::mem::take(&mut report.findings), states, &settings);
    // The offsets the findings point at, per file.
    let mut referenced: foldhash::HashMap<&Path, Vec<usize>> = foldhash::HashMap::default();
    for f in &report.findings {
        let at = referenced.entry(&*f.path).or_default();
        at.extend([f.range.start, f.range.end]);
        for e in f.fix.iter().flat_map(|x| &x.edits) {
            at.extend([e.range.start, e.range.end]);
        }
        for r in &f.related {
            let at = referenced.entry(r.path.as_path()).or_default();
            at.extend([r.range.start, r.range.end]);
        }
    }
    let mut sources = std::mem::take(&mut report.sources);
    // Pages the cache vouched for whose stored places cover their findings are not read when
    // the output needs no source text.
    // So are the pages whose own findings' places, found in the file pass, cover them.
    let places: BTreeMap<PathBuf, document::Places> = if options.places_only {
        referenced
            .iter()
            .filter(|(p, _)| !sources.contains_key(**p))
            .filter_map(|(p, at)| {
                if let Some(places) = own_places.remove(*p)
                    && places.covers(at)
                {
                    return Some((p.to_path_buf(), places));
                }
                let places = cache::decode_places(&stored.get(*p)?.places)?;
                places.covers(at).then(|| (p.to_path_buf(), places))
            })
            .collect()
    } else {
        BTreeMap::new()
    };
    let deferred: BTreeMap<PathBuf, [u8; 32]> = deferred
        .into_iter()
        .filter(|(p, _)| referenced.contains_key(p.as_path()))
        .collect();
    let unread: Vec<&Path> = referenced
        .keys()
        .copied()
        .filter(|p| {
            !sources.contains_key(*p)
                && !places.contains_key(*p)
                && !deferred.contains_key(*p)
                && report.dialects.contains_key(*p)
        })
        .collect();
    let read: Vec<(PathBuf, String)> = unread
        .par_iter()
        .filter_map(|p| {
            let text = loader.read_text(&loader.page_file(p)).ok()?;
            Some((p.to_path_buf(), text))
        })
        .collect();
    sources.extend(read);
    // The places of the pages read are stored for the next run, unless the stored ones
    // already cover them.
    if cache.is_some() {
        let new: Vec<(&Path, Vec<u8>)> = referenced
            .par_iter()
            .filter_map(|(p, at)| {
                let old = stored.get(*p)?;
                if cache::decode_places(&old.places).is_some_and(|pl| pl.covers(at)) {
                    return None;
                }
                let places = match (sources.get(*p), places.get(*p)) {
                    (Some(text), _) => document::Places::of(text, at.iter().copied()),
                    (None, Some(places)) => places.clone(),
                    // A deferred page's places stored in the file pass cover the findings made
                    // there; for the others (a broken link found by the cross-page rules), the
                    // page is read again, as a later run would have to.
                    (None, None) => {
                        let text = loader::read_again(p, deferred.get(*p)?)?;
                        document::Places::of(&text, at.iter().copied())
                    }
                };
                Some((*p, cache::encode_places(&places)?))
            })
            .collect();
        for (p, bytes) in new {
            if let Some(s) = stored.get_mut(p) {
                s.places = std::borrow::Cow::Owned(bytes);
            }
        }
    }
    report.sources = sources
        .into_iter()
        .filter(|(p, _)| referenced.contains_key(p.as_path()))
        .collect();
    report.places = places;
    report.deferred = deferred;
    sort_findings(&mut report.findings);
    report.errors.sort();
    // A MkDocs project without its docs_dir: one error says so, not also that the folder checked
    // by default is missing.
    let no_docs_dir: Vec<PathBuf> = report
        .errors
        .iter()
        .filter(|e| e.message == DOCS_DIR_MISSING)
        .map(|e| e.path.clone())
        .collect();
    report.errors.retain(|e| {
        !(no_docs_dir.contains(&e.path) && e.message == crate::util::io_message_not_found())
    });
    if let Some(cache) = &cache {
        cache.save_pairs(&stored);
        cache.save(&stored);
    }
    report
}

/// Sorts findings by [`Finding::sort_key`], comparing each distinct path with the others once
/// (a path compares component by component) rather than at every comparison of the sort.
fn sort_findings(findings: &mut [Finding]) {
    let ranks: Vec<usize> = {
        // A page's findings mostly come one after another: consecutive repeats are dropped
        // before the sort.
        let mut paths: Vec<&Path> = findings.iter().map(|f| &*f.path).collect();
        paths.dedup();
        paths.sort_unstable();
        paths.dedup();
        let rank: foldhash::HashMap<&Path, usize> =
            paths.iter().enumerate().map(|(i, p)| (*p, i)).collect();
        findings
            .iter()
            .map(|f| rank.get(&*f.path).copied().unwrap_or(0))
            .collect()
    };
    // A stable sort of the positions (ties keep their order), then the findings moved into
    // place by following the permutation's cycles.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&i, &j| {
        let (_, a1, a2, a3, a4) = findings[i].sort_key();
        let (_, b1, b2, b3, b4) = findings[j].sort_key();
        (ranks[i], a1, a2, a3, a4).cmp(&(ranks[j], b1, b2, b3, b4))
    });
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != usize::MAX {
            let from = order[at];
            order[at] = usize::MAX;
            if from == start {
                break;
            }
            findings.swap(at, from);
            at = from;
        }
    }
}

/// One page after the file pass.
struct Checked<'c> {
    path: PathBuf,
    /// `None` when the cache vouched for the page by its size and modification time.
    text: Option<String>,
    dialect: (Dialect, document::DialectSource),
    findings: Vec<Finding>,
    state: FileState,
    summary: Summary<'c>,
    /// The page's cache record (text hash, stored entry and summary), when the cache is on.
    stored: Option<cache::Stored<'c>>,
    /// The places of the page's own findings, kept instead of its text when the report needs
    /// no source text ([`place_group`]).
    places: Option<document::Places>,
    /// The BLAKE3 hash of the text ([`loader::text_hash`]), when the cache hashed it.
    text_hash: Option<cache::Hash>,
    /// The BLAKE3 hash of the text, when the text is read again to be drawn instead of held.
    deferred: Option<[u8; 32]>,
    /// On a translation compared with its source page in the file pass ([`compare_in_group`]):
    /// the source page and the translation rules' findings.
    /// And what the comparison across pairs reads of it.
    pair: Option<(PathBuf, Vec<Finding>, translation::links::PairLinks)>,
}

impl Checked<'_> {
    /// The translation rules' findings of a translation compared in the file pass.
    fn pair_findings(&self) -> impl Iterator<Item = &Finding> {
        self.pair.iter().flat_map(|(_, f, _)| f)
    }
}

/// A checked page's summary for the workspace rules: made by the file pass, or stored in the
/// cache and decoded only when the workspace rules run.
enum Summary<'c> {
    Made(Box<workspace::PageSummary>),
    /// In the cache under this page hash.
    Stored(cache::Hash, &'c discover::PageFile),
}

impl Summary<'_> {
    /// The summary; a stored one that is missing or does not decode is made afresh from the
    /// page.
    fn decode(
        self,
        loader: &Loader<'_>,
        cache: Option<&cache::Cache>,
    ) -> Option<workspace::PageSummary> {
        match self {
            Summary::Made(s) => Some(*s),
            Summary::Stored(hash, file) => cache
                .and_then(|c| c.summary(&file.path, &hash))
                .or_else(|| {
                    let doc = loader.load(file).ok()?;
                    Some(workspace::PageSummary::new(&doc, file, loader.config()))
                }),
        }
    }
}

impl From<CheckedOne> for Checked<'_> {
    fn from((mut doc, findings, state, summary): CheckedOne) -> Self {
        doc.recycle_lists();
        let Document {
            path,
            text,
            dialect,
            dialect_source,
            ..
        } = doc;
        Checked {
            path,
            text: Some(text),
            dialect: (dialect, dialect_source),
            findings,
            state,
            summary: Summary::Made(Box::new(summary)),
            stored: None,
            places: None,
            text_hash: None,
            deferred: None,
            pair: None,
        }
    }
}

/// [`check_one`] through the cache: a page whose text hash matches its entry is not parsed; its
/// stored findings, suppressions and summary stand in for the file pass.
/// `stat` is the page's size and modification time, taken before it is read.
fn check_cached<'c>(
    file: &'c discover::PageFile,
    stat: cache::Stat,
    loader: &Loader<'_>,
    settings: &RuleSettings,
    cache: &'c cache::Cache,
) -> Result<Checked<'c>, FileError> {
    let config = loader.config();
    let stat = cache.settled(stat);
    let reused = |text: Option<String>, hash: cache::Hash, entry: cache::Entry, bytes| Checked {
        path: file.path.clone(),
        text,
        dialect: (entry.dialect, entry.dialect_source),
        findings: entry.findings,
        state: FileState {
            rules: settings.for_path(file.rel.as_deref()),
            dialect: entry.dialect,
            suppressions: entry.suppressions,
        },
        summary: Summary::Stored(hash, file),
        stored: Some(cache::Stored {
            hash,
            stat,
            entry: std::borrow::Cow::Borrowed(bytes),
            new_summary: false,
            places: std::borrow::Cow::Borrowed(cache.places(&file.path)),
            new_pair: false,
        }),
        places: None,
        text_hash: None,
        deferred: None,
        pair: None,
    };
    if let Some((hash, entry, bytes)) = cache.get_by_stat(&file.path, stat) {
        return Ok(reused(None, hash, entry, bytes));
    }
    // A stat of a regular file is the look the loader makes before it reads.
    let text = if stat == cache::Stat::NONE {
        loader.read_text(file)?
    } else {
        loader.read_regular_text(file)?
    };
    let text_hash = loader::text_hash(&text);
    let hash = cache::page_hash_of(file, &text_hash);
    if let Some((entry, bytes)) = cache.get(&file.path, &hash) {
        return Ok(Checked {
            text_hash: Some(text_hash),
            ..reused(Some(text), hash, entry, bytes)
        });
    }
    let doc = loader.parse(file, text)?;
    let (doc, findings, state, mut summary) = check_parsed(doc, file, config, settings);
    let FileState {
        rules,
        dialect,
        suppressions,
    } = state;
    let entry = cache::Entry {
        dialect: doc.dialect,
        dialect_source: doc.dialect_source,
        findings,
        suppressions,
    };
    // The summary goes to the cache's summaries file now rather than being held encoded until
    // the file pass ends (2,000 pages: 35 MB). A page with too many findings is not kept.
    let stored = (entry.findings.len() <= cache::KEPT_FINDINGS)
        .then(|| entry.encode())
        .flatten()
        .zip(cache::encode_summary(&mut summary))
        .map(|(e, s)| cache::Stored {
            hash,
            stat,
            entry: std::borrow::Cow::Owned(e),
            new_summary: cache.spool_summary(&file.path, &hash, &s),
            places: std::borrow::Cow::Borrowed(&[][..]),
            new_pair: false,
        });
    let mut checked = Checked::from((
        doc,
        entry.findings,
        FileState {
            rules,
            dialect,
            suppressions: entry.suppressions,
        },
        summary,
    ));
    checked.stored = stored;
    checked.text_hash = Some(text_hash);
    Ok(checked)
}

/// The final pass over every finding (file and workspace rules alike), in the sink.
fn finish(
    findings: Vec<Finding>,
    states: BTreeMap<PathBuf, FileState>,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let mut findings = rules::support::sink::settle(findings, states, settings);
    rules::missing_snippet::collapse_appended(&mut findings);
    findings
}

type CheckedOne = (Document, Vec<Finding>, FileState, workspace::PageSummary);

fn check_one(
    file: &discover::PageFile,
    loader: &Loader<'_>,
    settings: &RuleSettings,
) -> Result<CheckedOne, FileError> {
    let doc = loader.load(file)?;
    Ok(check_parsed(doc, file, loader.config(), settings))
}

fn check_parsed(
    doc: Document,
    file: &discover::PageFile,
    config: &Config,
    settings: &RuleSettings,
) -> CheckedOne {
    let rules = settings.for_path(file.rel.as_deref());
    let findings = check_doc(&doc, file, config, &rules);
    let suppressions = suppress::FileSuppressions::parse(&doc);
    let summary = workspace::PageSummary::new(&doc, file, config);
    let dialect = doc.dialect;
    (
        doc,
        findings,
        FileState {
            rules,
            dialect,
            suppressions,
        },
        summary,
    )
}

/// `groups` ordered largest first (the sizes of their pages added; ties keep their order), the
/// order the workers take them in. Each thread's allocator then reaches its high-water mark with
/// its first pages, and every later, smaller page reuses that memory; in path order a large page
/// after smaller ones whose kept results sit in the memory they freed takes fresh memory, page
/// faults and all. On the Wiki.js-shaped corpus: 3 to 4 % less CPU time, a third fewer page
/// faults, 15 % less peak memory (docs/performance.md). The sizes are the ones the cache looked
/// at (`stats`), else looked at here the same way; a page that is no regular file or cannot be
/// looked at (it is reported where it is read) counts as empty. The results are put back in the files' order after the pass.
fn largest_first(
    mut groups: Vec<Vec<usize>>,
    files: &[discover::PageFile],
    stats: Option<&[cache::Stat]>,
) -> Vec<Vec<usize>> {
    let sizes: Vec<u64> = match stats {
        Some(stats) => stats.iter().map(|s| s.size).collect(),
        None => files
            .par_iter()
            .map(|f| cache::Stat::of(&f.path).size)
            .collect(),
    };
    let size =
        |g: &Vec<usize>| -> u64 { g.iter().map(|&i| sizes.get(i).copied().unwrap_or(0)).sum() };
    groups.sort_by_cached_key(|g| std::cmp::Reverse(size(g)));
    groups
}

/// Pages checked together in one worker: a source page and its translations, the files whose
/// page keys (read in their configured dialects, else as Wiki.js pages) have the same path, so
/// that each translation is compared with its source while both pages' units are at hand
/// ([`compare_in_group`]). Other files are alone. Indices into `files`.
fn page_groups(files: &[discover::PageFile], config: &Config) -> Vec<Vec<usize>> {
    // More files of one page path than locales is unusual (`x.md` beside `x/index.md`): a
    // group never grows past this, so the pairing inside it stays cheap.
    const MOST: usize = 16;
    if config.file.target_locales.is_empty() {
        return (0..files.len()).map(|i| vec![i]).collect();
    }
    let mut groups: Vec<Vec<usize>> = Vec::with_capacity(files.len());
    let mut by_path: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    for (i, file) in files.iter().enumerate() {
        let key = file
            .rel
            .as_deref()
            .filter(|_| file.locale.is_some())
            .and_then(|rel| workspace::file_page_key(rel, config, Dialect::Wikijs));
        let Some(key) = key else {
            groups.push(vec![i]);
            continue;
        };
        match by_path.get(&key.path) {
            Some(&g) if groups[g].len() < MOST => groups[g].push(i),
            _ => {
                by_path.insert(key.path, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

/// A group's pages after their comparison ([`compare_in_group`]) without the texts the report
/// does not need. With `places_only`, each page keeps instead the places that the group's
/// findings point at in it (its own findings, the translation rules' findings and their related
/// locations in the source page), so that its text is not held through the workspace rules
/// (2,000 pages: 15 MB) nor read again at the end; a page a finding made elsewhere points into is
/// read again for it then. With `defer`, each page keeps the hash of its text, which is read
/// again when the report is drawn, and its record for the cache takes those places. Otherwise
/// only the texts of pages no finding points into are dropped.
fn place_group(
    group: &mut [(usize, Result<Checked<'_>, FileError>)],
    places_only: bool,
    defer: bool,
) {
    let mut at: Vec<Vec<usize>> = vec![Vec::new(); group.len()];
    {
        let member = |path: &Path| {
            group
                .iter()
                .position(|(_, c)| c.as_ref().is_ok_and(|c| c.path == path))
        };
        for (_, c) in group.iter() {
            let Ok(c) = c else { continue };
            for f in c.findings.iter().chain(c.pair_findings()) {
                if let Some(m) = member(&f.path) {
                    at[m].extend([f.range.start, f.range.end]);
                    for e in f.fix.iter().flat_map(|x| &x.edits) {
                        at[m].extend([e.range.start, e.range.end]);
                    }
                }
                for r in &f.related {
                    if let Some(m) = member(&r.path) {
                        at[m].extend([r.range.start, r.range.end]);
                    }
                }
            }
        }
    }
    for ((_, c), at) in group.iter_mut().zip(at) {
        let Ok(c) = c else { continue };
        if at.is_empty() {
            c.text = None;
        } else if places_only && let Some(text) = c.text.take() {
            c.places = Some(document::Places::of(&text, at));
        } else if defer && let Some(text) = c.text.take() {
            // Hashed once: the cache hashed the text to key the page.
            c.deferred = Some(c.text_hash.unwrap_or_else(|| loader::text_hash(&text)));
            // Kept for the cache only, in their stored form (a fifth of their size).
            if let Some(stored) = &mut c.stored
                && let Some(bytes) = cache::encode_places(&document::Places::of(&text, at))
            {
                stored.places = std::borrow::Cow::Owned(bytes);
            }
        }
    }
}

/// Compares each translation of a group of pages ([`page_groups`]) whose source page is in the
/// group (the one page there of its key in the source locale), and runs the translation rules
/// on the pair with the translation's rule set; the findings go with the translation
/// ([`Checked::pair`]). Then only the outline of the compared translations' units and of the
/// source pages' is kept: the workspace pass confirms each pair
/// ([`WorkspaceInputs::keep_compared`]) and reads a page again in the rare case it needs
/// units that were dropped. A group with a page the cache vouched for is left to the
/// workspace pass, which decodes that page's summary.
fn compare_in_group(
    group: &mut [(usize, Result<Checked<'_>, FileError>)],
    config: &Config,
    lock: Option<&translation::Lock>,
    cache: Option<&cache::Cache>,
) {
    fn made<'s>(c: &'s Result<Checked<'_>, FileError>) -> Option<&'s workspace::PageSummary> {
        match c {
            Ok(Checked {
                summary: Summary::Made(s),
                ..
            }) => Some(s),
            _ => None,
        }
    }
    if config.file.target_locales.is_empty()
        || group.iter().any(|(_, c)| c.is_ok() && made(c).is_none())
    {
        return;
    }
    let source = config.file.source_locale.as_str();
    let is_target = |s: &workspace::PageSummary| {
        s.translation.is_some() && s.key.is_some() && s.locale.as_deref() != Some(source)
    };
    // Whether a translation rule is enabled for a page: a pair whose translation has none
    // would have no findings, and is not compared.
    let wants_pairs = |c: &Result<Checked<'_>, FileError>| {
        c.as_ref().is_ok_and(|c| {
            rules::RULES
                .iter()
                .any(|d| matches!(d.check, rules::Check::Pair(_)) && c.state.rules.is_enabled(d.id))
        })
    };
    // (translation, source page), as indices into `group`.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (t, (_, c)) in group.iter().enumerate() {
        let Some(ts) = made(c).filter(|s| is_target(s)) else {
            continue;
        };
        let Some(key) = &ts.key else { continue };
        let mut found = group.iter().enumerate().filter(|(_, (_, c))| {
            made(c)
                .and_then(|s| s.key.as_ref())
                .is_some_and(|k| k.locale == source && k.path == key.path)
        });
        if let (Some((s, _)), None) = (found.next(), found.next())
            && made(&group[s].1).is_some_and(|s| s.translation.is_some())
        {
            pairs.push((t, s));
        }
    }
    // (translation, source page, its path, the translation rules' findings, what the
    // comparison across pairs reads of the pair).
    let mut found: Vec<(
        usize,
        usize,
        PathBuf,
        Vec<Finding>,
        translation::links::PairLinks,
    )> = Vec::with_capacity(pairs.len());
    pairs.retain(|&(t, s)| {
        if wants_pairs(&group[t].1) {
            return true;
        }
        if let Some(src) = made(&group[s].1) {
            found.push((t, s, src.path.clone(), Vec::new(), Default::default()));
        }
        false
    });
    if !pairs.is_empty() {
        let mut todo = Vec::with_capacity(pairs.len());
        let mut sides = Vec::with_capacity(pairs.len());
        for &(t, s) in &pairs {
            let (Some(target), Some(src), Ok(checked)) =
                (made(&group[t].1), made(&group[s].1), &group[t].1)
            else {
                continue;
            };
            let Some(c) = workspace::to_compare(target, src, lock) else {
                continue;
            };
            todo.push(c);
            sides.push((t, s, src, target, &checked.state.rules));
        }
        let reports = translation::compare_all(source, &todo);
        for ((c, (t, s, src, target, rules)), report) in todo.iter().zip(sides).zip(reports) {
            let pair = workspace::Pair::new(src, target, c, report);
            let links = rules::translation_markup_mismatch::pair_links(&pair);
            found.push((t, s, src.path.clone(), pair_findings(&pair, rules), links));
        }
    }
    let compared: Vec<usize> = found.iter().map(|(t, ..)| *t).collect();
    for (t, s, source_path, findings, links) in found {
        // The comparison is kept with the translation's cache record, under the source page's
        // hash (with what its snippets include) and the translation's lock entry.
        let included = made(&group[s].1)
            .and_then(|src| src.translation.as_ref())
            .and_then(|u| u.included);
        let source_hash = group[s].1.as_ref().ok().and_then(|c| {
            Some(cache::with_included(
                &c.stored.as_ref()?.hash,
                included.as_ref(),
            ))
        });
        if let Ok(c) = &mut group[t].1 {
            if let Summary::Made(summary) = &mut c.summary {
                if let (Some(cache), Some(stored), Some(source_hash)) =
                    (cache, &mut c.stored, source_hash)
                {
                    let own = summary.translation.as_ref().and_then(|u| u.included);
                    let lock =
                        cache::pair_context(workspace::lock_entry(lock, summary), own.as_ref());
                    if let Some(bytes) =
                        cache::encode_pair(&source_path, &source_hash, &lock, &findings, &links)
                    {
                        stored.new_pair = cache.spool_pair(&c.path, &stored.hash, &bytes);
                    }
                }
                summary.compared_with = Some(source_path.clone());
            }
            c.pair = Some((source_path, findings, links));
        }
    }
    // A source page's units stay while a translation of its page path in the group was not
    // compared; every other page of the group keeps only the outline of its units.
    let uncompared: Vec<String> = group
        .iter()
        .enumerate()
        .filter(|(i, _)| !compared.contains(i))
        .filter_map(|(_, (_, c))| made(c).filter(|s| is_target(s)))
        .filter_map(|s| s.key.as_ref().map(|k| k.path.clone()))
        .collect();
    for (i, (_, c)) in group.iter_mut().enumerate() {
        let Ok(Checked {
            summary: Summary::Made(s),
            ..
        }) = c
        else {
            continue;
        };
        let keep = if s.locale.as_deref() == Some(source) {
            s.key.as_ref().is_some_and(|k| uncompared.contains(&k.path))
        } else {
            !compared.contains(&i)
        };
        if !keep && let Some(units) = s.translation.take() {
            s.translation = Some(units.outline());
        }
    }
}

/// The translation rules' findings on one compared pair, with the translation's rule set.
fn pair_findings(pair: &workspace::Pair<'_>, rules: &RuleSet) -> Vec<Finding> {
    let mut sink = rules::Sink::for_pages(rules);
    for def in rules::RULES {
        if let rules::Check::Pair(check) = def.check
            && sink.wants(def.id)
        {
            check(std::slice::from_ref(pair), &mut sink);
        }
    }
    sink.into_findings()
}

/// The rules enabled for at least one page: the workspace rules run with these, and the final
/// pass then applies each page's own rule set.
fn union_of<'r>(sets: impl Iterator<Item = &'r RuleSet>) -> RuleSet {
    let mut union = RuleSet::default();
    for &rule in Rule::ALL {
        union.set_enabled(rule, false);
    }
    for set in sets {
        for &rule in Rule::ALL {
            if set.is_enabled(rule) {
                union.set_enabled(rule, true);
            }
        }
    }
    union
}

/// What phase 2 reads besides the checked pages' summaries.
struct WorkspaceInputs {
    /// Checked pages and the pages they depend on, sorted by path.
    pages: Vec<workspace::PageSummary>,
    /// Every page-like file under the guides root, by the page it becomes.
    existing: BTreeMap<workspace::PageKey, Vec<PathBuf>>,
    assets: Option<loader::AssetIndex>,
    /// The accepted translations (GL407), when translations are configured and the lock reads.
    lock: Option<translation::Lock>,
    errors: Vec<FileError>,
    /// The pages the checked ones depend on, summarised once per run (`None`: unreadable),
    /// with their page hashes ([`cache::UNREADABLE`] for a page that could not be read).
    extra: foldhash::HashMap<PathBuf, (cache::Hash, Option<workspace::PageSummary>)>,
    /// The pages the last [`WorkspaceInputs::with_pages`] read besides the checked ones (path,
    /// and path relative to the guides root).
    extra_used: Vec<(PathBuf, PathBuf)>,
    /// What each MkDocs page that may include snippets includes now, by path
    /// ([`snippets::Includes::included_hash_of`]), as [`WorkspaceInputs::refresh_included`]
    /// read it: the comparisons it keeps look it up rather than expand the page again.
    included_now: foldhash::HashMap<PathBuf, Option<[u8; 32]>>,
}

/// The error of a MkDocs project whose `docs_dir` is not a folder.
const DOCS_DIR_MISSING: &str = "the MkDocs project's docs_dir (`docs_dir` in its configuration, \
                                `docs` by default) is not a directory";

impl WorkspaceInputs {
    /// What does not depend on the checked pages: the page-like files under the guides root
    /// and the assets root's files (from the loader's walk), and the translations lock.
    fn new(loader: &Loader<'_>) -> WorkspaceInputs {
        let config = loader.config();
        let mut errors = Vec::new();
        // Every file Wiki.js would import as a page, by the page it becomes.
        let mut existing: BTreeMap<workspace::PageKey, Vec<PathBuf>> = BTreeMap::new();
        for rel in &loader.tree().page_like {
            // In its configured dialect; a page whose dialect is detected from its text is
            // re-keyed once read (`with_pages`).
            if let Some(key) = workspace::file_page_key(rel, config, Dialect::Wikijs) {
                existing.entry(key).or_default().push(rel.clone());
            }
        }
        let assets = config.assets_root().and_then(|dir| {
            if dir.is_dir() {
                loader.assets().cloned()
            } else {
                // Without `assets:`, a MkDocs project's assets root is its docs_dir.
                let message = if config.file.assets.is_none() {
                    DOCS_DIR_MISSING
                } else {
                    "the configured assets root is not a directory"
                };
                errors.push(FileError {
                    path: dir,
                    message: message.into(),
                    position: None,
                });
                None
            }
        });
        let lock = translations_lock(config, &mut errors);
        WorkspaceInputs {
            pages: Vec::new(),
            existing,
            assets,
            lock,
            errors,
            extra: foldhash::HashMap::default(),
            extra_used: Vec::new(),
            included_now: Default::default(),
        }
    }

    /// Completes the checked pages' summaries for phase 2 with the pages they depend on (link
    /// targets, and the same page in the other locales), summarised without being checked.
    fn with_pages(
        mut self,
        mut pages: Vec<workspace::PageSummary>,
        loader: &Loader<'_>,
    ) -> WorkspaceInputs {
        let config = loader.config();
        let tree = loader.tree();
        // Hash sets: comparing paths component by component for a tree's ordering costs more,
        // and the order of `needed` does not matter (the pages are sorted below).
        let have: foldhash::HashSet<&Path> =
            pages.iter().filter_map(|p| p.rel.as_deref()).collect();
        let mut locales: Vec<&str> = vec![config.file.source_locale.as_str()];
        locales.extend(config.file.target_locales.iter().map(String::as_str));
        let mut needed: foldhash::HashSet<PathBuf> = foldhash::HashSet::default();
        let layout = discover::Layout::of(config);
        let translated = !config.file.target_locales.is_empty();
        for p in &pages {
            needed.extend(p.dependencies().map(Path::to_path_buf));
            // A link to a section of another page needs that page's anchors (GL201), also when
            // it names no file (`/da/setup#x` on a Wiki.js page); a translation's is compared
            // through that page's pair (GL406), so the page's source page is read too.
            for l in &p.links {
                let workspace::Target::Page {
                    key,
                    fragment: Some(_),
                    ..
                } = &l.target
                else {
                    continue;
                };
                if let Some(files) = self.existing.get(key) {
                    needed.extend(files.iter().cloned());
                }
                if translated
                    && p.translation.is_some()
                    && key.locale != config.file.source_locale
                    && let Some(files) = self.existing.get(&workspace::PageKey {
                        locale: config.file.source_locale.clone(),
                        path: key.path.clone(),
                    })
                {
                    needed.extend(files.iter().cloned());
                }
            }
            // A link is served from another file than the one it names where the language is
            // written before the extension (`setup.md` from a French page is `setup.fr.md`).
            if matches!(layout, discover::Layout::Suffixes(_)) {
                for l in &p.links {
                    if let workspace::Target::Page { key, .. } = &l.target
                        && let Some(files) = self.existing.get(key)
                    {
                        needed.extend(files.iter().cloned());
                    }
                }
            }
            if let Some(rel) = &p.rel
                && let Some((locale, rest)) = layout.split(rel)
            {
                needed.extend(
                    locales
                        .iter()
                        .filter(|l| **l != locale)
                        .map(|l| layout.place(l, &rest)),
                );
            }
            // The same page in the other locales by its key (`en/setup/index.md`, a MkDocs
            // page, is the page `setup`: Danish `da/setup.md`).
            if let Some(key) = &p.key {
                for l in locales.iter().filter(|l| **l != key.locale) {
                    let other = workspace::PageKey {
                        locale: l.to_string(),
                        path: key.path.clone(),
                    };
                    if let Some(files) = self.existing.get(&other) {
                        needed.extend(files.iter().cloned());
                    }
                }
            }
        }
        let mut extra: Vec<&discover::PageFile> = needed
            .iter()
            .filter(|rel| !have.contains(rel.as_path()))
            .filter_map(|rel| tree.page(rel))
            .collect();
        extra.sort_by(|a, b| a.path.cmp(&b.path));
        let missing: Vec<&discover::PageFile> = extra
            .iter()
            .copied()
            .filter(|f| !self.extra.contains_key(&f.path))
            .collect();
        let summarised: Vec<_> = missing
            .par_iter()
            .map(|file| {
                let Ok(text) = loader.read_text(file) else {
                    return (file.path.clone(), (cache::UNREADABLE, None));
                };
                let hash = cache::page_hash(file, &text);
                let summary = loader.parse(file, text).ok().map(|doc| {
                    let mut s = workspace::PageSummary::new(&doc, file, config);
                    s.checked = false;
                    s
                });
                (file.path.clone(), (hash, summary))
            })
            .collect();
        self.extra.extend(summarised);
        pages.extend(
            extra
                .iter()
                .filter_map(|f| self.extra.get(&f.path).and_then(|(_, s)| s.clone())),
        );
        self.extra_used = extra
            .iter()
            .filter_map(|f| Some((f.path.clone(), f.rel.clone()?)))
            .collect();
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        self.rekey_detected(&pages);
        relink_detected(&mut pages);
        self.pages = pages;
        self
    }

    /// The translation rules' findings on every checked translation and its source page, as
    /// the workspace pass pairs them. A pair compared in the file pass ([`compare_in_group`])
    /// keeps its findings when its source page is still that one; so does a pair whose
    /// comparison the cache kept under both pages' current hashes and the translation's lock
    /// entry. The others are compared here, their pages read again for their units when they
    /// kept only an outline (a page the cache vouched for, a page compared in the file pass
    /// with another source page), and their comparisons are returned (by translation, encoded)
    /// for the cache. Each compared translation is marked
    /// ([`workspace::PageSummary::compared_with`]), so the workspace rules leave it out.
    fn keep_compared(
        &mut self,
        mut compared: foldhash::HashMap<
            PathBuf,
            (PathBuf, Vec<Finding>, translation::links::PairLinks),
        >,
        loader: &Loader<'_>,
        states: &BTreeMap<PathBuf, FileState>,
        cached: Option<(
            &cache::Cache,
            &foldhash::HashMap<PathBuf, cache::Stored<'_>>,
        )>,
    ) -> Compared {
        let config = loader.config();
        let pairs = {
            let by_key = workspace::pages_by_key(&self.pages);
            workspace::translation_pair_indices(&self.pages, &by_key, &config.file.source_locale)
        };
        // What each page of a pair that may include snippets includes now (a snippet's file
        // can change without the page changing), looked up once. A page whose units came from
        // other included text (a summary kept in the cache) is read again for its units.
        let includes = snippets::Includes::of(config);
        let mut included: BTreeMap<PathBuf, Option<[u8; 32]>> = BTreeMap::new();
        let mut reread = std::collections::BTreeSet::new();
        if let Some(includes) = &includes {
            for (i, page) in self.pages.iter().enumerate() {
                let Some(units) = &page.translation else {
                    continue;
                };
                if page.dialect == Dialect::Mkdocs
                    && (includes.appends() || !page.snippets.is_empty() || units.included.is_some())
                {
                    let now = match self.included_now.get(&page.path) {
                        Some(now) => *now,
                        None => includes.included_hash_of(&page.path),
                    };
                    if units.included != now {
                        reread.insert(i);
                    }
                    included.insert(page.path.clone(), now);
                }
            }
        }
        // A source page's current hash, as its translations' comparisons are kept under: a
        // checked page's page hash from its cache record, another's from its read, with what
        // its snippets include.
        let hash_of = |page: &workspace::PageSummary| -> Option<cache::Hash> {
            let hash = match cached {
                Some((_, stored)) if page.checked => stored.get(&page.path).map(|s| s.hash),
                Some(_) => self.extra.get(&page.path).map(|(h, _)| *h),
                None => None,
            }?;
            let now = included.get(&page.path).copied().flatten();
            Some(cache::with_included(&hash, now.as_ref()))
        };
        let mut kept = Vec::new();
        // What the comparison across pairs reads of each pair, by translation.
        let mut links = std::collections::HashMap::new();
        let mut confirmed = foldhash::HashSet::default();
        let mut todo = Vec::new();
        // Compared translations whose summaries do not say so yet, with their source pages.
        let mut done = Vec::new();
        for (t, s) in pairs {
            let (target, source) = (&self.pages[t], &self.pages[s]);
            if target.compared_with.as_ref() == Some(&source.path)
                && let Some((with, findings, pair_links)) = compared.remove(&target.path)
                && with == source.path
            {
                confirmed.insert(t);
                kept.extend(findings);
                links.insert(target.path.clone(), (with, pair_links));
                continue;
            }
            let record = cached.and_then(|(cache, stored)| {
                cache.pair(&target.path, &stored.get(&target.path)?.hash)
            });
            if let (Some(record), Some(source_hash)) = (record, hash_of(source))
                && record.holds(
                    &source.path,
                    &source_hash,
                    &cache::pair_context(
                        workspace::lock_entry(self.lock.as_ref(), target),
                        included.get(&target.path).copied().flatten().as_ref(),
                    ),
                )
            {
                confirmed.insert(t);
                kept.extend(record.findings);
                links.insert(target.path.clone(), (record.source.clone(), record.links));
                done.push((t, record.source));
                continue;
            }
            for i in [t, s] {
                if self.pages[i]
                    .translation
                    .as_ref()
                    .is_some_and(|u| u.outline)
                {
                    reread.insert(i);
                }
            }
            if states.contains_key(&target.path) {
                todo.push((t, s));
            }
        }
        for (i, page) in self.pages.iter_mut().enumerate() {
            if !confirmed.contains(&i) {
                page.compared_with = None;
            }
        }
        read_units_again(&mut self.pages, reread.into_iter().collect(), loader);
        // The pairs left, compared in parallel, each with its translation's rule set.
        let lock = self.lock.as_ref();
        let pages = &self.pages;
        let mut sides = Vec::with_capacity(todo.len());
        let mut to_compare = Vec::with_capacity(todo.len());
        for (t, s) in todo {
            let Some(c) = workspace::to_compare(&pages[t], &pages[s], lock) else {
                continue;
            };
            to_compare.push(c);
            sides.push((t, s));
        }
        let reports = translation::compare_all(&config.file.source_locale, &to_compare);
        let mut records = Vec::new();
        for ((c, (t, s)), report) in to_compare.iter().zip(sides).zip(reports) {
            let (target, source) = (&pages[t], &pages[s]);
            let Some(state) = states.get(&target.path) else {
                continue;
            };
            let pair = workspace::Pair::new(source, target, c, report);
            let findings = pair_findings(&pair, &state.rules);
            let pair_links = rules::translation_markup_mismatch::pair_links(&pair);
            if let Some(source_hash) = hash_of(source)
                && cached.is_some_and(|(_, st)| st.contains_key(&target.path))
                && let Some(bytes) = cache::encode_pair(
                    &source.path,
                    &source_hash,
                    &cache::pair_context(
                        c.lock,
                        included.get(&target.path).copied().flatten().as_ref(),
                    ),
                    &findings,
                    &pair_links,
                )
            {
                records.push((target.path.clone(), bytes));
            }
            kept.extend(findings);
            links.insert(target.path.clone(), (source.path.clone(), pair_links));
            done.push((t, source.path.clone()));
        }
        for (t, source) in done {
            self.pages[t].compared_with = Some(source);
        }
        self.link_targets_compared(&mut links, loader);
        Compared {
            findings: kept,
            links,
            records,
            included: included
                .iter()
                .map(|(p, i)| cache::page_probe(p, i.as_ref()))
                .collect(),
        }
    }

    /// The translations that compared translations link to a section of, whose own pair this
    /// run did not compare (pages not checked: an editor's other pages, a check of one page),
    /// compared now for the ids of their aligned sections alone (GL406 across pairs).
    fn link_targets_compared(
        &mut self,
        links: &mut rules::translation_markup_mismatch::ComparedLinks,
        loader: &Loader<'_>,
    ) {
        let config = loader.config();
        let source_locale = config.file.source_locale.as_str();
        let wanted =
            rules::translation_markup_mismatch::linked_pairs(&self.pages, links, source_locale);
        if wanted.is_empty() {
            return;
        }
        // Their units, read again where the summary keeps only their outline (or none).
        let mut reread: Vec<usize> = wanted
            .iter()
            .flat_map(|&(t, s)| [t, s])
            .filter(|&i| self.pages[i].translation.as_ref().is_none_or(|u| u.outline))
            .collect();
        reread.sort_unstable();
        reread.dedup();
        read_units_again(&mut self.pages, reread, loader);
        rules::translation_markup_mismatch::compare_for_ids(
            &self.pages,
            &wanted,
            self.lock.as_ref(),
            source_locale,
            links,
        );
    }

    /// The MkDocs pages that include files (pymdownx.snippets), or may: each one whose
    /// summary was made from other included text (a summary the cache kept, made before an
    /// included file changed) has its anchors and the included files' links read again. Returns what each includes now, for
    /// the run's record ([`cache::page_probe`]).
    fn refresh_included(&mut self, loader: &Loader<'_>) -> cache::SnippetProbes {
        let config = loader.config();
        let Some(includes) = snippets::Includes::of(config) else {
            return cache::SnippetProbes::new();
        };
        let now: Vec<(usize, Option<[u8; 32]>)> = self
            .pages
            .par_iter()
            .enumerate()
            .filter(|(_, p)| {
                p.dialect == Dialect::Mkdocs
                    && (p.included.is_some() || !p.snippets.is_empty() || includes.appends())
            })
            .map(|(i, p)| (i, includes.included_hash_of(&p.path)))
            .collect();
        let stale: Vec<usize> = now
            .iter()
            .filter(|(i, hash)| self.pages[*i].included != *hash)
            .map(|(i, _)| *i)
            .collect();
        let pages = &self.pages;
        let docs: Vec<(usize, discover::PageFile, document::Document)> = stale
            .into_par_iter()
            .filter_map(|i| {
                let file = loader.page_file(&pages[i].path);
                let doc = loader.load(&file).ok()?;
                Some((i, file, doc))
            })
            .collect();
        for (i, file, doc) in docs {
            self.pages[i].refresh_included(&doc, &file, config);
        }
        self.included_now = now
            .iter()
            .map(|(i, hash)| (self.pages[*i].path.clone(), *hash))
            .collect();
        now.into_iter()
            .map(|(i, hash)| cache::page_probe(&self.pages[i].path, hash.as_ref()))
            .collect()
    }

    /// Files the listing keyed as Wiki.js pages that were read as MkDocs pages (detected from
    /// their text): a MkDocs `index.md` is its folder's page, so it moves to that key.
    fn rekey_detected(&mut self, pages: &[workspace::PageSummary]) {
        for p in pages {
            let (Some(rel), Some(key)) = (&p.rel, &p.key) else {
                continue;
            };
            if self.existing.get(key).is_some_and(|f| f.contains(rel)) {
                continue;
            }
            let old = self
                .existing
                .iter()
                .find(|(_, files)| files.contains(rel))
                .map(|(k, _)| k.clone());
            if let Some(old) = old {
                if let Some(files) = self.existing.get_mut(&old) {
                    files.retain(|f| f != rel);
                    if files.is_empty() {
                        self.existing.remove(&old);
                    }
                }
                self.existing
                    .entry(key.clone())
                    .or_default()
                    .push(rel.clone());
            }
        }
    }

    /// The key of the workspace rules' findings: the checked pages (path and page hash, sorted
    /// by path), the rules that run, the loader's walk of the guides tree (its pages, the paths
    /// it could not use, the page-like files), the assets listing, the translations lock and
    /// their errors. The pages read besides the checked ones are recorded with the findings
    /// and compared by [`WorkspaceInputs::extras_unchanged`].
    fn run_key(
        &self,
        loader: &Loader<'_>,
        pages: &[(PathBuf, cache::Hash)],
        rules: &RuleSet,
    ) -> cache::Hash {
        let mut key = cache::RunKey::default();
        for (path, hash) in pages {
            key.page(path, hash);
        }
        let enabled: Vec<Rule> = Rule::ALL
            .iter()
            .copied()
            .filter(|r| rules.is_enabled(*r))
            .collect();
        key.part("rules", &enabled);
        let tree = loader.tree();
        key.part("listed", &tree.listing.files);
        key.part("walk errors", &tree.listing.errors);
        key.part("existing", &self.existing);
        key.part("assets", &self.assets.as_ref().map(|a| &a.files));
        key.part("lock", &self.lock);
        key.part("errors", &self.errors);
        key.finish()
    }

    /// Whether the pages read besides the checked ones (by path relative to the guides root,
    /// with their page hashes) are still in the tree with the same text; read through the
    /// loader.
    fn extras_unchanged(&self, loader: &Loader<'_>, extras: &[(String, cache::Hash)]) -> bool {
        let tree = loader.tree();
        extras.par_iter().all(|(rel, hash)| {
            tree.page(Path::new(rel)).is_some_and(|file| {
                let now = loader
                    .read_text(file)
                    .map_or(cache::UNREADABLE, |text| cache::page_hash(file, &text));
                &now == hash
            })
        })
    }

    /// The pages the last [`WorkspaceInputs::with_pages`] read besides the checked ones, by
    /// path relative to the guides root, with their page hashes (for the cache's run record).
    fn extra_hashes(&self) -> Vec<(String, cache::Hash)> {
        self.extra_used
            .iter()
            .filter_map(|(path, rel)| {
                let (hash, _) = self.extra.get(path)?;
                Some((crate::util::slash_path(rel), *hash))
            })
            .collect()
    }

    /// The probes of the files the pages link under the assets root that the walk did not
    /// find ([`cache::file_probe`]), each once.
    fn unlisted_asset_probes(&self, config: &Config) -> cache::SnippetProbes {
        let (Some(assets), Some(root)) = (&self.assets, config.assets_root()) else {
            return cache::SnippetProbes::new();
        };
        let mut unlisted: Vec<&str> = self
            .pages
            .iter()
            .flat_map(|p| &p.links)
            .filter_map(|l| match &l.target {
                workspace::Target::Asset { served } if !assets.contains(served) => {
                    Some(served.as_str())
                }
                _ => None,
            })
            .collect();
        unlisted.sort_unstable();
        unlisted.dedup();
        unlisted
            .into_iter()
            .map(|served| cache::file_probe(&root.join(served)))
            .collect()
    }

    /// Runs the workspace rules.
    /// `compared`: what the comparison of links across pairs reads of the pairs compared
    /// before, by translation ([`rules::check_workspace`]).
    fn check(
        &self,
        config: &Config,
        rules: &RuleSet,
        compared: rules::translation_markup_mismatch::ComparedLinks,
    ) -> Vec<Finding> {
        let ctx = workspace::WorkspaceContext::new(
            config,
            &self.pages,
            &self.existing,
            self.assets.as_ref(),
        )
        .with_translations_lock(self.lock.as_ref());
        rules::check_workspace(&ctx, rules, compared)
    }
}

/// Reads the pages `indices` (into `pages`) again, in parallel, for their whole
/// translation units (a summary kept in the cache holds their outline only).
fn read_units_again(
    pages: &mut [workspace::PageSummary],
    indices: Vec<usize>,
    loader: &Loader<'_>,
) {
    let config = loader.config();
    let units: Vec<(usize, Option<translation::PageUnits>)> = indices
        .into_par_iter()
        .map(|i| {
            let page = &pages[i];
            let units = loader
                .load(&loader.page_file(&page.path))
                .ok()
                .and_then(|doc| {
                    translation::summarize(
                        &doc,
                        page.locale.as_deref(),
                        page.rel.as_deref(),
                        config,
                    )
                });
            (i, units)
        })
        .collect();
    for (i, u) in units {
        pages[i].translation = u;
    }
}

/// What [`WorkspaceInputs::keep_compared`] gives back.
struct Compared {
    /// The translation rules' findings on every pair.
    findings: Vec<Finding>,
    /// What the comparison across pairs reads of each pair, by translation: its source page
    /// and its [`translation::links::PairLinks`].
    links: rules::translation_markup_mismatch::ComparedLinks,
    /// The comparisons made afresh, by translation, encoded for the cache.
    records: Vec<(PathBuf, Vec<u8>)>,
    /// What the source pages that may include snippets include ([`cache::page_probe`]).
    included: cache::SnippetProbes,
}

/// A link that names a page file (`setup/index.md`) was given the key the file has in the
/// linking page's dialect when the file's own dialect is not configured; once the file is read,
/// its key's path is the one it has in the dialect it was read in (a MkDocs `index.md` is its
/// folder's page, a Wiki.js one is not).
fn relink_detected(pages: &mut [workspace::PageSummary]) {
    let keys: foldhash::HashMap<PathBuf, workspace::PageKey> = pages
        .iter()
        .filter_map(|p| Some((p.rel.clone()?, p.key.clone()?)))
        .collect();
    for p in pages.iter_mut() {
        for l in &mut p.links {
            if let workspace::Target::Page {
                key,
                file: Some(file),
                ..
            } = &mut l.target
                && let Some(own) = keys.get(file.as_path())
                && own.path != key.path
            {
                // The path only: a link from a French page to `setup.md` goes to the French
                // page where the language is written before the extension (`workspace::localised`).
                key.path = own.path.clone();
            }
        }
    }
}

/// A configuration file that does not read (an [`Error::Config`]: its file, text, offset and
/// message) as a file that could not be checked, at the line and column of the offset.
pub fn config_file_error(path: PathBuf, text: &str, offset: usize, message: String) -> FileError {
    let lc = document::LineIndex::new(text).line_col(offset);
    FileError {
        path,
        message,
        position: Some((lc.line, lc.column, offset)),
    }
}

/// Reads `translations.lock` for GL407 when translations are configured; a broken lock file is
/// a file error (GL407 then stays silent rather than guessing).
fn translations_lock(config: &Config, errors: &mut Vec<FileError>) -> Option<translation::Lock> {
    if config.file.target_locales.is_empty() {
        return None;
    }
    let path = translation::Lock::read_path(config);
    match translation::Lock::load(&path) {
        Ok(lock) => Some(lock),
        Err(Error::Config {
            path,
            text,
            offset,
            message,
        }) => {
            errors.push(config_file_error(path, &text, offset, message));
            None
        }
        Err(e) => {
            errors.push(FileError {
                path,
                message: e.to_string(),
                position: None,
            });
            None
        }
    }
}

/// Runs the file rules on a parsed page with the page's rule set.
fn check_doc(
    doc: &Document,
    file: &discover::PageFile,
    config: &Config,
    rules: &RuleSet,
) -> Vec<Finding> {
    let ctx = rules::FileContext::new(
        doc,
        config,
        file.rel.as_deref(),
        file.locale.as_deref(),
        rules,
    );
    rules::check_file(&ctx)
}

/// The findings of one page on its own: the file rules with the page's rule set (per-path
/// overrides), then its inline suppressions (GL001 and GL002 included). What `fix` works on, and
/// what `build` should apply fixes from, so a suppressed finding is never "fixed".
pub fn check_page(
    doc: &Document,
    file: &discover::PageFile,
    config: &Config,
    settings: &RuleSettings,
) -> Vec<Finding> {
    let mut rules = settings.for_path(file.rel.as_deref());
    let findings = check_doc(doc, file, config, &rules);
    // The workspace rules do not run on a page alone: their suppressions are neither used nor
    // unused here (so `fix` never removes them as unused).
    for &rule in Rule::ALL.iter().filter(|r| r.is_workspace()) {
        rules.set_enabled(rule, false);
    }
    let mut states = BTreeMap::new();
    states.insert(
        doc.path.clone(),
        FileState {
            rules,
            dialect: doc.dialect,
            suppressions: suppress::FileSuppressions::parse(doc),
        },
    );
    let mut findings = finish(findings, states, settings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// Options for a fix run.
#[derive(Debug, Clone, Default)]
pub struct FixOptions {
    pub check: CheckOptions,
    /// Also apply fixes marked unsafe (they may change meaning).
    pub unsafe_fixes: bool,
}

impl FixOptions {
    /// Whether a fix of this applicability is applied.
    pub fn applies(&self, applicability: finding::Applicability) -> bool {
        match applicability {
            finding::Applicability::Safe => true,
            finding::Applicability::Unsafe => self.unsafe_fixes,
            finding::Applicability::DisplayOnly => false,
        }
    }
}

/// A file whose fixes change it.
#[derive(Debug, Clone)]
pub struct FixedFile {
    pub path: PathBuf,
    pub original: String,
    pub fixed: String,
    /// Fixes applied, per rule.
    pub applied: BTreeMap<Rule, usize>,
}

impl FixedFile {
    pub fn total_applied(&self) -> usize {
        self.applied.values().sum()
    }
    /// A unified diff of the change.
    pub fn diff(&self) -> String {
        fix::unified_diff(&self.path, &self.original, &self.fixed)
    }
}

/// What `fix` did: the changed files (nothing written yet) and the findings that remain.
#[derive(Debug, Default)]
pub struct FixReport {
    /// Files the fixes change, sorted by path.
    pub files: Vec<FixedFile>,
    /// The check of the fixed texts: the findings that remain, and files that could not be read
    /// or fixed (those are left unchanged).
    pub check: CheckReport,
    /// The projects whose pages were left out ([`CheckOptions::leave_nested_projects`]).
    pub nested: Vec<PathBuf>,
}

impl FixReport {
    pub fn total_applied(&self) -> usize {
        self.files.iter().map(FixedFile::total_applied).sum()
    }

    /// After [`FixReport::write`]: the files that could not be written (`unwritten`) keep their
    /// text on disk, so they are no longer counted as fixed, and their findings are those of
    /// that text, not of the fixed one: they are checked again (with `options`, the cache off)
    /// and put in place of the fixed text's, with the text to draw them on.
    pub fn keep_unwritten(
        &mut self,
        unwritten: &[PathBuf],
        config: &Config,
        options: &CheckOptions,
    ) {
        if unwritten.is_empty() {
            return;
        }
        self.files.retain(|f| !unwritten.contains(&f.path));
        let options = CheckOptions {
            cache_dir: None,
            ..options.clone()
        };
        let again = check(unwritten, config, &options);
        let redone: std::collections::BTreeSet<PathBuf> =
            again.checked_files().map(Path::to_path_buf).collect();
        let report = &mut self.check;
        report.findings.retain(|f| !redone.contains(&*f.path));
        for p in &redone {
            report.sources.remove(p);
            report.places.remove(p);
            report.deferred.remove(p);
        }
        report.findings.extend(again.findings);
        sort_findings(&mut report.findings);
        report.sources.extend(again.sources);
        report.places.extend(again.places);
        report.deferred.extend(again.deferred);
    }

    /// Writes every changed file atomically. Returns the files that could not be written.
    ///
    /// Also when no file changes, the temporary files that an interrupted run left beside the
    /// checked pages are removed ([`fsutil::remove_stale_temps`]): every folder a fix could
    /// write into is swept.
    pub fn write(&self) -> Vec<FileError> {
        let folders: std::collections::BTreeSet<PathBuf> = self
            .check
            .checked_files()
            .chain(self.files.iter().map(|f| f.path.as_path()))
            .map(fsutil::parent_folder)
            .collect();
        fsutil::in_io_pool(|| {
            folders
                .par_iter()
                .for_each(|dir| fsutil::remove_stale_temps(dir));
        });
        // A guide that is a symbolic link is left alone: writing would change its target
        // (perhaps outside the repository) or turn the link into a file.
        fsutil::in_io_pool(|| {
            self.files
                .par_iter()
                .filter_map(|f| {
                    let written = fsutil::write_atomic(
                        &f.path,
                        f.fixed.as_bytes(),
                        fsutil::OnSymlink::Refuse,
                    );
                    written.err().map(|e| FileError {
                        path: f.path.clone(),
                        message: format!("cannot write fixed file: {}", document::io_message(&e)),
                        position: None,
                    })
                })
                .collect()
        })
    }
}

/// Fixes `paths` in memory: applies the fixes `options` allow, round after round on a fresh parse,
/// until the text is stable. Then the workspace rules run on the fixed pages, their allowed fixes
/// are applied the same way, and the findings that remain are reported. Nothing is written: see
/// [`FixReport::write`].
pub fn fix(paths: &[PathBuf], config: &Config, options: &FixOptions) -> FixReport {
    translation::begin_run();
    let loader = Loader::new(config);
    let settings = RuleSettings::from_config(config, options.check.selection.clone());
    let mut listing = loader.discover(paths);
    let mut report = FixReport::default();
    if options.check.leave_nested_projects {
        report.nested = config::nested_projects(&listing.projects, config);
        listing.leave_out(&report.nested);
    }
    report.check.errors = listing.errors;
    let files = listing.files;
    let results: Vec<_> = files
        .par_iter()
        .map(|file| fix_one(file, &loader, options))
        .collect();
    let mut pages: Vec<(discover::PageFile, FixedOne)> = Vec::new();
    for (file, r) in files.iter().zip(results) {
        match r {
            Ok(fixed) => pages.push((file.clone(), fixed)),
            Err(e) => report.check.errors.push(e),
        }
    }

    // Cross-file findings on the fixed texts, filtered like `check` does, and their fixes. What
    // does not depend on the fixed pages (the tree's page list, assets, lock, the pages outside
    // the fixed set) is read once for every pass.
    let mut inputs = Some(WorkspaceInputs::new(&loader));
    report
        .check
        .errors
        .extend(inputs.iter().flat_map(|i| i.errors.iter().cloned()));
    let mut cross_findings = |pages: &[(discover::PageFile, FixedOne)]| {
        let summaries = pages
            .par_iter()
            .map(|(file, (doc, _, _))| workspace::PageSummary::new(doc, file, config))
            .collect();
        // Only the workspace rules run in this pass: the page's suppressions of file rules were
        // judged by the page's own pass (`check_page`).
        let states: BTreeMap<PathBuf, FileState> = pages
            .par_iter()
            .map(|(file, (doc, _, _))| {
                let mut rules = settings.for_path(file.rel.as_deref());
                for &rule in Rule::ALL {
                    if !rule.is_workspace() && rule != Rule::UnusedSuppression {
                        rules.set_enabled(rule, false);
                    }
                }
                let state = FileState {
                    rules,
                    dialect: doc.dialect,
                    suppressions: suppress::FileSuppressions::parse(doc),
                };
                (doc.path.clone(), state)
            })
            .collect();
        let Some(taken) = inputs.take() else {
            return Vec::new();
        };
        let with_pages = taken.with_pages(summaries, &loader);
        let found = with_pages.check(
            config,
            &union_of(states.values().map(|s| &s.rules)),
            Default::default(),
        );
        inputs = Some(with_pages);
        finish(found, states, &settings)
    };
    // The workspace rules' fixes can make new findings (a file-style link fixed to another
    // locale's page, then fixed to the page's own locale): passes repeat until no fix changes
    // a page, so one run reaches the result a second run would keep.
    let mut cross = by_path(cross_findings(&pages));
    for _ in 0..fix::MAX_ROUNDS {
        let outcomes: Vec<Result<bool, FileError>> = pages
            .par_iter_mut()
            .map(|(file, (doc, findings, changed))| {
                let extra = cross
                    .get(file.path.as_path())
                    .map(|own| proposals(own, options))
                    .unwrap_or_default();
                if extra.is_empty() {
                    return Ok(false);
                }
                let source = doc.source_text();
                // `findings` are the page's own (its text checked): not checked again.
                let known = Some(findings.clone());
                match fix_text_with(file, doc, config, options, Some(extra), known) {
                    Ok(fixed) if fixed.text != source => {
                        let original = changed
                            .as_ref()
                            .map_or_else(|| source.to_string(), |c| c.original.clone());
                        let mut applied = changed.take().map(|c| c.applied).unwrap_or_default();
                        for (rule, n) in fixed.applied {
                            *applied.entry(rule).or_insert(0) += n;
                        }
                        *changed = Some(FixedFile {
                            path: file.path.clone(),
                            original,
                            fixed: fixed.text,
                            applied,
                        });
                        *doc = fixed.doc;
                        *findings = fixed.findings;
                        Ok(true)
                    }
                    Ok(_) => Ok(false),
                    Err(message) => Err(FileError {
                        path: file.path.clone(),
                        message,
                        position: None,
                    }),
                }
            })
            .collect();
        let mut changed_any = false;
        for outcome in outcomes {
            match outcome {
                Ok(changed) => changed_any |= changed,
                Err(e) => report.check.errors.push(e),
            }
        }
        if !changed_any {
            break;
        }
        cross = by_path(cross_findings(&pages));
    }

    for (_, (doc, findings, changed)) in pages {
        report.check.files_checked += 1;
        report
            .check
            .dialects
            .insert(doc.path.clone(), (doc.dialect, doc.dialect_source));
        if !findings.is_empty() || cross.contains_key(doc.path.as_path()) {
            report.check.sources.insert(doc.path.clone(), doc.text);
        }
        report.check.findings.extend(findings);
        report.files.extend(changed);
    }
    report.check.findings.extend(cross.into_values().flatten());
    report
        .check
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.check.errors.sort();
    report.check.errors.dedup();
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report
}

/// Findings grouped by the file they are in.
fn by_path(findings: Vec<Finding>) -> foldhash::HashMap<std::sync::Arc<Path>, Vec<Finding>> {
    let mut out: foldhash::HashMap<std::sync::Arc<Path>, Vec<Finding>> =
        foldhash::HashMap::default();
    for f in findings {
        out.entry(f.path.clone()).or_default().push(f);
    }
    out
}

/// The fixes of `findings` that `options` allow, in the order a round tries them: by position,
/// safe before unsafe, then by rule.
pub fn proposals(findings: &[Finding], options: &FixOptions) -> Vec<fix::Proposal<Rule>> {
    let mut fixes: Vec<_> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|x| (f.rule, x)))
        .filter(|(_, x)| options.applies(x.applicability))
        .collect();
    fixes.sort_by_key(|(rule, x)| {
        (
            x.edits.iter().map(|e| e.range.start).min().unwrap_or(0),
            std::cmp::Reverse(x.applicability),
            rule.code(),
        )
    });
    fixes
        .into_iter()
        .map(|(rule, x)| fix::Proposal {
            label: rule,
            edits: x.edits.clone(),
        })
        .collect()
}

type FixedOne = (Document, Vec<Finding>, Option<FixedFile>);

fn fix_one(
    file: &discover::PageFile,
    loader: &Loader<'_>,
    options: &FixOptions,
) -> Result<FixedOne, FileError> {
    let original = loader.load(file)?;
    let fixed =
        fix_text(file, &original, loader.config(), options).map_err(|message| FileError {
            path: file.path.clone(),
            message,
            position: None,
        })?;
    let source = original.source_text();
    let changed = (fixed.text != source).then(|| FixedFile {
        path: file.path.clone(),
        original: source.to_string(),
        fixed: fixed.text,
        applied: fixed.applied,
    });
    Ok((fixed.doc, fixed.findings, changed))
}

/// A page after its fixes, in memory.
#[derive(Debug, Clone)]
pub struct FixedText {
    pub text: String,
    /// Fixes applied, per rule.
    pub applied: BTreeMap<Rule, usize>,
    /// The fixed text, parsed.
    pub doc: Document,
    /// The findings that remain in the fixed text.
    pub findings: Vec<Finding>,
}

/// Fixes one parsed page (read in `doc.dialect`). The error says why the page must be left as it
/// is: the fixes do not settle, a rule proposed an impossible edit, or the result would break
/// the front matter.
pub fn fix_text(
    file: &discover::PageFile,
    doc: &Document,
    config: &Config,
    options: &FixOptions,
) -> Result<FixedText, String> {
    fix_text_with(file, doc, config, options, None, None)
}

/// [`fix_text`], with `first` as the first round's fixes instead of the file rules' (the
/// workspace rules' fixes, computed on `doc.text`); later rounds settle the file rules' fixes.
/// `known`: the file rules' findings on `doc`, when they are known already (not checked again).
fn fix_text_with(
    file: &discover::PageFile,
    doc: &Document,
    config: &Config,
    options: &FixOptions,
    mut first: Option<Vec<fix::Proposal<Rule>>>,
    mut known: Option<Vec<Finding>>,
) -> Result<FixedText, String> {
    let dialect = Some(doc.dialect);
    let settings = RuleSettings::from_config(config, options.check.selection.clone());
    // The last text's parse and findings; `None` as the parse: the page as given, whose text
    // the first round reads (it is not parsed again).
    let mut last: Option<(Option<Document>, Vec<Finding>)> = None;
    // The fixes apply to the file's own bytes (its lone `\r` line endings kept); `doc.text` has
    // the same offsets.
    let source = doc.source_text();
    let outcome = fix::fix_until_stable(&source, fix::MAX_ROUNDS, |text: &str| {
        let (parsed, findings) = if text == source {
            let findings = known
                .take()
                .unwrap_or_else(|| check_page(doc, file, config, &settings));
            (None, findings)
        } else {
            let d = Document::parse_with_toc(file.path.clone(), text.to_string(), dialect, doc.toc);
            let findings = check_page(&d, file, config, &settings);
            (Some(d), findings)
        };
        let proposals = first
            .take()
            .unwrap_or_else(|| proposals(&findings, options));
        last = Some((parsed, findings));
        proposals
    })
    .map_err(|e| format!("{e}; the file was left unchanged"))?;
    if let Some((label, why)) = outcome.invalid.first() {
        // A rule produced an impossible fix: a bug to report, never a reason to corrupt a file.
        return Err(format!(
            "{} proposed an invalid fix ({why}); the file was left unchanged",
            label.code()
        ));
    }
    let (fixed, findings) = match last {
        Some((Some(d), findings)) => (d, findings),
        Some((None, findings)) => (doc.clone(), findings),
        None => (doc.clone(), check_page(doc, file, config, &settings)),
    };
    // The result must still read as the same kind of page: a header that parsed must still parse.
    if outcome.changed()
        && let Some(fm) = &doc.front_matter
        && fm.parsed.is_ok()
        && fixed
            .front_matter
            .as_ref()
            .is_none_or(|f| f.parsed.is_err())
    {
        return Err("the fixes would break the front matter; the file was left unchanged".into());
    }
    Ok(FixedText {
        text: outcome.text,
        applied: outcome.applied,
        doc: fixed,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: Rule, path: &str, at: usize) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity(),
            path: Path::new(path).into(),
            range: at..at + 1,
            message: "m".into(),
            label: None,
            help: None,
            fix: None,
            related: Vec::new(),
        }
    }

    /// Groups are taken largest first by their pages' sizes added, ties in their order; with no
    /// sizes from the cache, the files are looked at (a missing one counts as empty).
    #[test]
    fn groups_are_taken_largest_first_and_ties_keep_their_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let page = |name: &str, size: usize| {
            let path = dir.path().join(name);
            if size > 0 {
                std::fs::write(&path, "x".repeat(size)).expect("write");
            }
            discover::PageFile {
                path,
                rel: None,
                locale: None,
                walked_regular: false,
            }
        };
        let files = vec![
            page("a.md", 10),
            page("b.md", 300),
            page("c.md", 10),
            page("missing.md", 0),
            page("d.md", 250),
            page("e.md", 100),
            page("f.md", 10),
        ];
        // Groups: [f], [a] (as large), [b], [c, e] (a source and its translation: 110),
        // [missing], [d].
        let groups = vec![vec![6], vec![0], vec![1], vec![2, 5], vec![3], vec![4]];
        let looked = largest_first(groups.clone(), &files, None);
        assert_eq!(
            looked,
            vec![vec![1], vec![4], vec![2, 5], vec![6], vec![0], vec![3]]
        );
        // Sizes the cache looked at win over the files' (here: `a` is now the largest).
        let stats: Vec<cache::Stat> = [500, 300, 10, 0, 250, 100, 10]
            .iter()
            .map(|&size| cache::Stat { size, mtime: 1 })
            .collect();
        let from_cache = largest_first(groups, &files, Some(&stats));
        assert_eq!(
            from_cache,
            vec![vec![0], vec![1], vec![4], vec![2, 5], vec![6], vec![3]]
        );
    }

    /// Findings from any pass (a workspace rule's included) get their file's rule set and
    /// suppressions.
    #[test]
    fn the_final_pass_applies_per_file_rules_and_suppressions() {
        let text = "<!-- guide-lint-disable-next-line GL102 -->\nx\n";
        let doc = Document::parse(PathBuf::from("da/a.md"), text.into(), Some(Dialect::Wikijs));
        let mut da = RuleSet::default();
        da.set_severity(Rule::MissingDefault, Severity::Info);
        da.set_enabled(Rule::UnknownIdentity, false);
        let mut states = BTreeMap::new();
        states.insert(
            PathBuf::from("da/a.md"),
            FileState {
                rules: da,
                dialect: Dialect::Wikijs,
                suppressions: suppress::FileSuppressions::parse(&doc),
            },
        );
        states.insert(
            PathBuf::from("en/a.md"),
            FileState {
                rules: RuleSet::default(),
                dialect: Dialect::Mkdocs,
                suppressions: suppress::FileSuppressions::default(),
            },
        );
        let x = text.rfind('x').unwrap();
        let out = finish(
            vec![
                finding(Rule::RelativeComponentPath, "da/a.md", x),
                finding(Rule::MissingDefault, "da/a.md", x),
                finding(Rule::UnknownIdentity, "da/a.md", x),
                finding(Rule::UnknownIdentity, "en/a.md", 0),
                // A page that was not checked (read as context only) gets no findings.
                finding(Rule::UnknownIdentity, "en/b.md", 0),
            ],
            states,
            &RuleSettings::default(),
        );
        let got: Vec<_> = out
            .iter()
            .map(|f| {
                (
                    f.path.to_string_lossy().into_owned(),
                    f.rule.code(),
                    f.severity,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("da/a.md".to_string(), "GL105", Severity::Info),
                ("en/a.md".to_string(), "GL101", Severity::Error),
            ]
        );
    }
}
