//! `guide-lint status`: per page and locale, how many units are translated, untranslated,
//! outdated and missing, with the untranslated and outdated runs for a side-by-side view.
//! Rendered as a table, JSON ([`StatusReport`] serialised) or HTML (`render::status_html`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::compare::{UnitState, compare};
use super::lock::Lock;
use super::{PageUnits, language_name, summarize};
use crate::config::Config;
use crate::error::Error;
use crate::util::slash_path;

/// Unit counts of one translation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub translated: usize,
    pub untranslated: usize,
    pub outdated: usize,
    /// Source units with no counterpart (missing sections, or the whole page).
    pub missing: usize,
    /// The same, weighed in words (what `percent_done` is computed from: a page of long
    /// English paragraphs under a few translated headings is not half done).
    pub translated_words: usize,
    pub untranslated_words: usize,
    pub outdated_words: usize,
    pub missing_words: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.translated + self.untranslated + self.outdated + self.missing
    }

    /// Words of all the units counted.
    pub fn total_words(&self) -> usize {
        self.translated_words + self.untranslated_words + self.outdated_words + self.missing_words
    }

    /// Share translated and up to date, in percent of the words (100 for an empty page).
    pub fn percent_done(&self) -> f64 {
        let t = self.total_words();
        if t == 0 {
            100.0
        } else {
            100.0 * self.translated_words as f64 / t as f64
        }
    }

    fn add(&mut self, o: &Counts) {
        self.translated += o.translated;
        self.untranslated += o.untranslated;
        self.outdated += o.outdated;
        self.missing += o.missing;
        self.translated_words += o.translated_words;
        self.untranslated_words += o.untranslated_words;
        self.outdated_words += o.outdated_words;
        self.missing_words += o.missing_words;
    }
}

/// What a run shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunKind {
    Untranslated,
    Outdated,
    /// Source units added since the translation was accepted: nothing in the translation
    /// yet (each row's `translation` is empty).
    Added,
}

/// One unit of a run: the translation's text and its aligned source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRow {
    /// The aligned source unit's text now (`None` when the unit has no aligned source).
    pub source: Option<String>,
    /// For outdated units: the source text when the translation was accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_before: Option<String>,
    /// The translation's text (empty for an added unit).
    pub translation: String,
}

/// An untranslated, outdated or added run, with the texts to show side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunView {
    pub kind: RunKind,
    /// The section of the translation, as named in messages.
    pub section: String,
    /// 1-based lines of the translation.
    pub first_line: usize,
    pub last_line: usize,
    pub rows: Vec<RunRow>,
}

/// The state of one page in one target locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageStatus {
    /// The page's path inside a locale folder (`move.md`).
    pub page: String,
    pub locale: String,
    /// Source and translation files relative to the guides root, when they exist.
    pub source: Option<String>,
    pub translation: Option<String>,
    pub counts: Counts,
    pub percent_done: f64,
    pub runs: Vec<RunView>,
}

/// The status of every page in every target locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusReport {
    pub source_locale: String,
    pub target_locales: Vec<String>,
    pub pages: Vec<PageStatus>,
    /// Totals per target locale.
    pub locales: BTreeMap<String, Counts>,
    /// Translations with no source page.
    pub orphans: Vec<String>,
    /// Files that could not be read.
    pub errors: Vec<String>,
}

struct Parsed {
    rel: PathBuf,
    locale: String,
    units: PageUnits,
}

/// Computes the status of the configured guides.
pub fn collect(config: &Config) -> Result<StatusReport, Error> {
    super::begin_run();
    let root = config.guides_root();
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "the guides root `{}` is not a directory",
            root.display()
        )));
    }
    if config.file.target_locales.is_empty() {
        // Where no `guide-lint.yml` was found, the locales come from the guides' folders or the
        // MkDocs project's translation plugin: say where they were looked for.
        let message = match (&config.path, &config.mkdocs) {
            (Some(_), _) => {
                "no `target-locales` configured in guide-lint.yml: there is nothing to compare"
            }
            (None, Some(_)) => {
                "the MkDocs project builds no language besides its default one, and no \
                 guide-lint.yml sets `target-locales`: there is nothing to compare"
            }
            (None, None) => {
                "no locale folder beside the source locale's, and no guide-lint.yml sets \
                 `target-locales`: there is nothing to compare"
            }
        };
        return Err(Error::Usage(message.into()));
    }
    let lock = Lock::load(&Lock::read_path(config))?;
    let loader = crate::Loader::new(config);
    let listing = loader.discover(std::slice::from_ref(&root));
    let mut errors: Vec<String> = listing.errors.iter().map(ToString::to_string).collect();
    let parsed: Vec<Result<Option<Parsed>, String>> = listing
        .files
        .par_iter()
        .map(|f| {
            let (Some(rel), Some(locale)) = (&f.rel, &f.locale) else {
                return Ok(None);
            };
            let doc = loader.load(f).map_err(|e| e.to_string())?;
            Ok(
                summarize(&doc, Some(locale), Some(rel), config).map(|units| Parsed {
                    rel: rel.clone(),
                    locale: locale.clone(),
                    units,
                }),
            )
        })
        .collect();
    let layout = crate::discover::Layout::of(config);
    // page path inside the locale folder -> locale -> parsed
    let mut by_page: BTreeMap<String, BTreeMap<String, Parsed>> = BTreeMap::new();
    for p in parsed {
        match p {
            Ok(Some(p)) => {
                let inner = match layout.split(&p.rel) {
                    Some((_, rest)) => slash_path(&rest),
                    None => slash_path(&p.rel),
                };
                by_page
                    .entry(inner)
                    .or_default()
                    .insert(p.locale.clone(), p);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }

    let source_locale = config.file.source_locale.clone();
    let mut pages = Vec::new();
    let mut orphans = Vec::new();
    let mut locales: BTreeMap<String, Counts> = config
        .file
        .target_locales
        .iter()
        .map(|l| (l.clone(), Counts::default()))
        .collect();
    for (page, versions) in &by_page {
        let Some(src) = versions.get(&source_locale) else {
            orphans.extend(versions.values().map(|p| slash_path(&p.rel)));
            continue;
        };
        for locale in &config.file.target_locales {
            let status = match versions.get(locale) {
                None => PageStatus {
                    page: page.clone(),
                    locale: locale.clone(),
                    source: Some(slash_path(&src.rel)),
                    translation: None,
                    counts: Counts {
                        missing: src.units.units.iter().filter(|u| u.has_prose()).count(),
                        missing_words: src.units.units.iter().map(|u| u.words as usize).sum(),
                        ..Counts::default()
                    },
                    percent_done: 0.0,
                    runs: Vec::new(),
                },
                Some(tgt) => page_status(page, locale, src, tgt, &lock),
            };
            if let Some(c) = locales.get_mut(locale) {
                c.add(&status.counts);
            }
            pages.push(PageStatus {
                percent_done: status.counts.percent_done(),
                ..status
            });
        }
    }
    Ok(StatusReport {
        source_locale,
        target_locales: config.file.target_locales.clone(),
        pages,
        locales,
        orphans,
        errors,
    })
}

fn page_status(page: &str, locale: &str, src: &Parsed, tgt: &Parsed, lock: &Lock) -> PageStatus {
    let rel = slash_path(&tgt.rel);
    let (s, t) = (&src.units, &tgt.units);
    let pair = super::lang_pair(&src.locale, locale);
    let report = compare(s, t, lock.pages.get(&rel), pair.as_deref());
    let mut counts = Counts::default();
    for (u, state) in t.units.iter().zip(&report.states) {
        if !u.has_prose() {
            continue;
        }
        // On a page that is untranslated as a whole, the names and short labels between the
        // English paragraphs are not translated work either.
        let state = match state {
            UnitState::Neutral if report.page_untranslated => UnitState::Untranslated,
            s => *s,
        };
        match state {
            UnitState::Translated | UnitState::Neutral => {
                counts.translated += 1;
                counts.translated_words += u.words as usize;
            }
            UnitState::Untranslated => {
                counts.untranslated += 1;
                let left = if report.page_untranslated {
                    u.words as usize
                } else {
                    super::compare::untranslated_words(u)
                };
                counts.untranslated_words += left;
                counts.translated_words += u.words as usize - left;
            }
            UnitState::Outdated => {
                counts.outdated += 1;
                counts.outdated_words += u.words as usize;
            }
        }
    }
    for &i in &report.missing_sections {
        for u in s.section_units(i).iter().filter(|u| u.has_prose()) {
            counts.missing += 1;
            counts.missing_words += u.words as usize;
        }
    }
    // Units added to the source since the translation was accepted are missing from it too.
    for a in &report.added {
        counts.missing += 1;
        counts.missing_words += s.units[a.source_unit].words as usize;
    }
    let mut runs: Vec<RunView> = report
        .runs
        .iter()
        .map(|r| RunView {
            kind: RunKind::Untranslated,
            section: t.sections[r.section].name(),
            first_line: r.first_line,
            last_line: r.last_line,
            rows: r
                .units
                .iter()
                .map(|&u| RunRow {
                    source: report.alignment.units[u].map(|x| s.units[x].text.to_string()),
                    source_before: None,
                    translation: t.units[u].text.to_string(),
                })
                .collect(),
        })
        .collect();
    // Outdated units: consecutive ones in the same section form one run.
    let mut i = 0;
    let out = &report.outdated;
    while i < out.len() {
        let sec = t.units[out[i].unit].section;
        let mut j = i + 1;
        while j < out.len()
            && t.units[out[j].unit].section == sec
            && out[j].unit == out[j - 1].unit + 1
        {
            j += 1;
        }
        let group = &out[i..j];
        runs.push(RunView {
            kind: RunKind::Outdated,
            section: t.sections[sec as usize].name(),
            first_line: t.units[group[0].unit].line as usize,
            last_line: t.units[group[group.len() - 1].unit].line as usize,
            rows: group
                .iter()
                .map(|o| RunRow {
                    source: Some(o.after.clone()),
                    source_before: Some(o.before.clone()),
                    translation: t.units[o.unit].text.to_string(),
                })
                .collect(),
        });
        i = j;
    }
    // Units added to the source since acceptance: those that belong after the same unit of
    // the translation form one run, placed where they belong.
    let mut i = 0;
    let added = &report.added;
    while i < added.len() {
        let mut j = i + 1;
        while j < added.len()
            && added[j].section == added[i].section
            && added[j].after == added[i].after
        {
            j += 1;
        }
        let a = &added[i];
        let line = match a.after {
            Some(u) => t.units[u].end_line as usize,
            None => t.sections[a.section].line,
        };
        runs.push(RunView {
            kind: RunKind::Added,
            section: t.sections[a.section].name(),
            first_line: line,
            last_line: line,
            rows: added[i..j]
                .iter()
                .map(|a| RunRow {
                    source: Some(s.units[a.source_unit].text.to_string()),
                    source_before: None,
                    translation: String::new(),
                })
                .collect(),
        });
        i = j;
    }
    runs.sort_by_key(|r| r.first_line);
    PageStatus {
        page: page.to_string(),
        locale: locale.to_string(),
        source: Some(slash_path(&src.rel)),
        translation: Some(rel),
        counts,
        percent_done: 0.0,
        runs,
    }
}

/// The report as a plain-text table.
pub fn table(r: &StatusReport) -> String {
    use crate::logsafe::text as safe;
    let mut out = String::new();
    let width = r
        .pages
        .iter()
        .map(|p| safe(&p.page).chars().count())
        .chain(
            r.locales
                .keys()
                .map(|l| format!("total ({})", language_name(l)).chars().count()),
        )
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:<width$}  {:<6}  {:>10}  {:>12}  {:>8}  {:>7}  {:>5}",
        "PAGE", "LOCALE", "TRANSLATED", "UNTRANSLATED", "OUTDATED", "MISSING", "DONE"
    );
    for p in &r.pages {
        let c = &p.counts;
        let _ = writeln!(
            out,
            "{:<width$}  {:<6}  {:>10}  {:>12}  {:>8}  {:>7}  {:>4.0}%",
            safe(&p.page),
            safe(&p.locale),
            c.translated,
            c.untranslated,
            c.outdated,
            c.missing,
            p.percent_done.floor()
        );
    }
    for (locale, c) in &r.locales {
        let _ = writeln!(
            out,
            "{:<width$}  {:<6}  {:>10}  {:>12}  {:>8}  {:>7}  {:>4.0}%",
            format!("total ({})", language_name(locale)),
            locale,
            c.translated,
            c.untranslated,
            c.outdated,
            c.missing,
            c.percent_done().floor()
        );
    }
    for o in &r.orphans {
        let _ = writeln!(out, "orphan translation (no source page): {}", safe(o));
    }
    for e in &r.errors {
        let _ = writeln!(out, "error: {}", safe(e));
    }
    out
}

/// The report as JSON.
pub fn json(r: &StatusReport) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
