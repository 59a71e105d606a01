//! Translation checks: units, fingerprints, alignment, language identification, the lock file
//! and the status report. See DESIGN.md, "Translation model".
//!
//! Phase 1 (parallel, per file): [`summarize`] extracts a page's [`PageUnits`] and, on a
//! translation, judges each unit's language. Phase 2 (sequential, per pair):
//! [`compare::compare`] aligns a translation with its source and classifies its units; the
//! GL4xx workspace rules and `guide-lint status` read the result.

pub mod align;
pub mod compare;
pub mod fingerprint;
pub mod langid;
pub mod lock;
pub mod status;
pub mod units;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

pub use compare::{PairReport, UnitState, compare};
pub use langid::{LangPair, Verdict};
pub use lock::Lock;
pub use units::{PageUnits, Section, Unit, UnitKind};

use crate::config::Config;
use crate::document::Document;
use crate::error::Error;

/// The language identifier for a pair of locales, built once per process.
pub fn lang_pair(source: &str, target: &str) -> Option<Arc<LangPair>> {
    static PAIRS: OnceLock<Mutex<HashMap<(String, String), Option<Arc<LangPair>>>>> =
        OnceLock::new();
    let map = PAIRS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    map.entry((source.to_string(), target.to_string()))
        .or_insert_with(|| {
            LangPair::new(language(source), language(target)).map(Arc::new)
        })
        .clone()
}

/// The ISO 639-1 language of a locale (`pt-br` -> `pt`).
pub fn language(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

/// A language's English name for messages (`en` -> `English`), or the code.
pub fn language_name(locale: &str) -> String {
    let name = match language(locale) {
        "en" => "English",
        "da" => "Danish",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "nl" => "Dutch",
        "sv" => "Swedish",
        "nb" | "no" => "Norwegian",
        "fi" => "Finnish",
        "pt" => "Portuguese",
        "pl" => "Polish",
        _ => return format!("`{locale}`"),
    };
    name.to_string()
}

/// The units of a page in phase 1: a source page's units, or a translation's units judged by
/// the language identifier. `None` for pages outside the configured locales.
pub fn summarize(doc: &Document, locale: Option<&str>, config: &Config) -> Option<PageUnits> {
    let locale = locale?;
    let source = config.file.source_locale.as_str();
    if config.file.target_locales.is_empty() {
        return None;
    }
    if locale == source {
        return Some(PageUnits::new(doc));
    }
    if !config.file.target_locales.iter().any(|l| l == locale) {
        return None;
    }
    let mut units = PageUnits::new(doc);
    if let Some(pair) = lang_pair(source, locale) {
        units.judge(&pair);
    }
    Some(units)
}

/// Writes a file atomically: a temporary file in the same directory, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let io = |e: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        message: crate::document::io_message(&e),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// A translation page and its source page, compared (phase 2).
pub struct Pair<'a> {
    pub source: &'a crate::workspace::PageSummary,
    pub target: &'a crate::workspace::PageSummary,
    pub source_units: &'a PageUnits,
    pub target_units: &'a PageUnits,
    /// The translation's locale.
    pub locale: &'a str,
    pub report: PairReport,
}

impl Pair<'_> {
    /// The target page's path relative to the guides root, `/`-separated (the lock's key).
    pub fn target_rel(&self) -> String {
        rel_string(self.target.rel.as_deref().unwrap_or(&self.target.path))
    }
    pub fn source_rel(&self) -> String {
        rel_string(self.source.rel.as_deref().unwrap_or(&self.source.path))
    }
}

/// A relative path with `/` separators.
pub fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every checked translation page with its source page, compared (in parallel).
pub fn workspace_pairs<'a>(ctx: &crate::workspace::WorkspaceContext<'a>) -> Vec<Pair<'a>> {
    use rayon::prelude::*;
    let source = ctx.config.file.source_locale.as_str();
    let mut todo = Vec::new();
    for page in ctx.pages.iter().filter(|p| p.checked) {
        let (Some(locale), Some(units)) = (page.locale.as_deref(), page.translation.as_ref())
        else {
            continue;
        };
        if locale == source {
            continue;
        }
        let Some(src) = ctx.counterpart(page, source) else {
            continue;
        };
        let Some(src_units) = src.translation.as_ref() else {
            continue;
        };
        todo.push((src, page, src_units, units, locale));
    }
    todo.into_par_iter()
        .map(|(src, page, src_units, units, locale)| {
            let rel = rel_string(page.rel.as_deref().unwrap_or(&page.path));
            let lock = ctx
                .translations_lock
                .and_then(|l| l.pages.get(&rel));
            Pair {
                source: src,
                target: page,
                source_units: src_units,
                target_units: units,
                locale,
                report: compare(src_units, units, lock),
            }
        })
        .collect()
}
