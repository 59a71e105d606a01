//! Language identification restricted to a page's {source, target} pair.
//!
//! Placeholder with the final API: it judges nothing (every unit is `Unsure` or `TooShort`), so
//! only equality with the source catches untranslated text until the evaluated identifier
//! replaces this file.

/// What [`LangPair::judge`] says about one unit's prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Confidently in the source language: report it as untranslated.
    Source,
    /// In the target language, or at least partly translated.
    Target,
    /// Too few words to judge; skipped, never guessed.
    TooShort,
    /// Could be either; not reported.
    Unsure,
}

/// A language identifier restricted to one {source, target} pair.
pub struct LangPair {
    _source: String,
    _target: String,
}

impl LangPair {
    /// The pair of two ISO 639-1 codes, when both languages are supported.
    pub fn new(source: &str, target: &str) -> Option<LangPair> {
        (source != target).then(|| LangPair {
            _source: source.to_string(),
            _target: target.to_string(),
        })
    }

    /// Judges a unit's prose (markup, code, URLs already removed).
    pub fn judge(&self, prose: &str) -> Verdict {
        let words = prose
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 2)
            .count();
        if words < 2 {
            Verdict::TooShort
        } else {
            Verdict::Unsure
        }
    }
}
