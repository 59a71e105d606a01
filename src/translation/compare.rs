//! A translation compared with its source: which units are untranslated (in runs), which
//! sections are missing or extra, where language-neutral content differs, and which units are
//! outdated against the lock file. Pure over the two pages' units, so `check` (GL4xx) and
//! `status` share it.

use std::collections::BTreeMap;
use std::ops::Range;

use super::align::{Alignment, Numbered, align_numbered};
use super::fingerprint::{Fp, FpKind};
use super::fnv::FnvHashSet;
use super::langid::{LangPair, Verdict};
use super::lock::{self, PageLock};
use super::units::{PageUnits, Unit, UnitKind, normalize};

/// What a translated unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitState {
    /// Translated (or judged not to be in the source language).
    Translated,
    /// Still in the source language, or equal to its source.
    Untranslated,
    /// Translated, but its source changed since the translation was accepted.
    Outdated,
    /// Nothing to judge: no prose, too short, names and code only.
    Neutral,
}

/// Why a unit counts as untranslated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Its text equals a source unit's.
    EqualToSource,
    /// It has no word of the target language and most of its words are those of a unit of the
    /// aligned source section (a copy of an older or newer version of the source text).
    NearSource,
    /// The language identifier says it is in the source language.
    SourceLanguage,
    /// One of its sentences is in the source language; the rest is translated.
    SourceSentence,
}

/// A run of untranslated units inside one section of the translation.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Target section.
    pub section: usize,
    /// The untranslated units (target indices), in order.
    pub units: Vec<usize>,
    /// From the first unit's start to the last one's end.
    pub range: Range<usize>,
    /// The section has no translated unit at all.
    pub whole_section: bool,
    /// The source units aligned with the run's units, for side-by-side views.
    pub source_units: Vec<usize>,
    /// 1-based lines of the run's start and end.
    pub first_line: usize,
    pub last_line: usize,
    /// For an English part of a unit otherwise translated: that part's text (the run's range
    /// and lines are the part's).
    pub part: Option<String>,
}

/// Language-neutral content that differs between two aligned sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// Target section.
    pub section: usize,
    pub source_section: usize,
    /// In the source section, not in the translation.
    pub missing: Vec<String>,
    /// In the translation, not in the source section.
    pub extra: Vec<String>,
    /// Where to point: the first unit with extra content, else the section heading.
    pub range: Range<usize>,
    /// The line of the first unit of the source section holding what is missing, else of the
    /// source section's heading: where the help sends the translator to copy from.
    pub source_line: usize,
    /// The line of prose the source section renders as a code block (GL322), when it has one:
    /// what the translation has in its place is not counted as extra.
    pub source_code_body: Option<usize>,
}

/// A translated unit whose source changed since it was accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Outdated {
    pub unit: usize,
    pub source_unit: usize,
    /// The source text when the translation was accepted.
    pub before: String,
    /// The source text now.
    pub after: String,
}

/// A source unit added since the translation was accepted: nothing in the translation is
/// aligned with it, and the lock names it neither as the source of a translated unit nor as one
/// the translation left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    pub source_unit: usize,
    /// The translation's section it belongs in.
    pub section: usize,
    /// The translation's unit it belongs after: the one aligned with the nearest source unit
    /// before it in its section (`None`: at the start of the section).
    pub after: Option<usize>,
}

/// A translation page compared with its source page.
#[derive(Debug, Clone)]
pub struct PairReport {
    pub alignment: Alignment,
    /// Per target unit: the language identifier's verdict (`Unsure` where it was not needed).
    pub verdicts: Vec<Verdict>,
    /// Per target unit.
    pub states: Vec<UnitState>,
    pub reasons: Vec<Option<Reason>>,
    pub runs: Vec<Run>,
    /// (Nearly) the whole page is untranslated (GL402).
    pub page_untranslated: bool,
    /// Source sections without a counterpart (GL404).
    pub missing_sections: Vec<usize>,
    /// Target sections without a counterpart (GL405).
    pub extra_sections: Vec<usize>,
    pub mismatches: Vec<Mismatch>,
    /// Aligned sections whose headings are at another level than the page's outline asks
    /// (GL409).
    pub levels: Vec<LevelMismatch>,
    pub outdated: Vec<Outdated>,
    /// Source units added since the translation was accepted (GL407).
    pub added: Vec<Added>,
}

/// A translated section whose heading is at another level than its source section's, once
/// the page's own shift is allowed for ([`level_mismatches`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelMismatch {
    /// Target section.
    pub section: usize,
    pub source_section: usize,
    /// Its heading's level.
    pub level: u8,
    /// The level the source's outline gives it.
    pub expected: u8,
}

/// What GL402 weighs: the page's body units that were decided (translated, untranslated or
/// outdated; headings left out), and their words, with how many of them are untranslated. A unit translated
/// but for an English part counts that part's words as untranslated. The header's title and
/// description are left out: a translator often gives the page its title when creating it on
/// the wiki and pastes the source text below it, which is still an untranslated page (GL403
/// reports the header units).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCounts {
    pub judged_units: usize,
    pub untranslated_units: usize,
    pub judged_words: usize,
    pub untranslated_words: usize,
}

/// [`PageCounts`] of a compared page.
pub fn page_counts(units: &[Unit], states: &[UnitState]) -> PageCounts {
    let mut c = PageCounts::default();
    for (u, s) in units.iter().zip(states) {
        // Headings are left out (a translator often translates them first, and a copied page
        // with translated headings is still untranslated), and so are units nobody could
        // decide (names, labels the identifier is unsure about).
        if u.kind.is_header() || u.kind == super::units::UnitKind::Heading {
            continue;
        }
        if *s == UnitState::Neutral {
            continue;
        }
        c.judged_units += 1;
        c.judged_words += u.words as usize;
        if *s == UnitState::Untranslated {
            c.untranslated_units += 1;
            c.untranslated_words += untranslated_words(u);
        }
    }
    c
}

/// The words of an untranslated unit that are in the source language: all of them, or those of
/// its English parts.
pub fn untranslated_words(u: &Unit) -> usize {
    if u.source_parts.is_empty() || u.verdict == Verdict::Source {
        u.words as usize
    } else {
        u.source_parts
            .iter()
            .map(|p| super::units::count_words(&p.text))
            .sum::<usize>()
            .min(u.words as usize)
    }
}

/// At least this many judged units, and this share of their words untranslated, make the
/// whole page untranslated (GL402 instead of a GL403 per run).
const PAGE_MIN_UNITS: usize = 3;
const PAGE_SHARE: f64 = 0.9;
/// Equality with a source unit counts only from this many words on (shorter equal texts are
/// names, labels and commands as often as untranslated text).
const EQUAL_MIN_WORDS: usize = 3;
/// A unit with no target-language marker of which at least this share of words (and at least
/// `NEAR_MIN_WORDS` words) are those of one unit of the aligned source section is a copy of
/// the source (an older or newer version of it).
const NEAR_SHARE: f64 = 0.6;
const NEAR_MIN_WORDS: usize = 4;

/// English function words: what makes a copy a copy of English text rather than a text that
/// shares names, numbers or product terms with it. Words that are Danish words too ("at",
/// "for", "under", "over", "men", "den", "her") are left out.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "be", "been", "before",
    "but", "by", "can", "do", "does", "each", "every", "from", "has", "have", "how", "if", "in",
    "into", "is", "it", "its", "may", "more", "most", "must", "no", "not", "of", "on", "only",
    "or", "our", "should", "so", "some", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "why", "will", "with", "without", "would", "you", "your",
];

/// Endings of Danish inflection that English words (of 5+ letters) practically never have:
/// definite plurals, participles, adjective and noun suffixes.
const DANISH_ENDINGS: &[&str] = &[
    "erne", "ende", "lige", "ligt", "heden", "ningen", "ninger", "ingen", "eren", "elser", "sen",
    "tet", "ede",
];

/// English words that end like a Danish inflection.
const ENGLISH_EXCEPTIONS: &[&str] = &[
    "chosen",
    "frozen",
    "dozen",
    "seven",
    "eleven",
    "token",
    "tokens",
    "often",
    "widen",
    "listen",
    "chosen",
    "arisen",
    "risen",
    "closet",
    "outlet",
    "tablet",
    "toilet",
    "budget",
    "gadget",
    "target",
    "widget",
    "ticket",
    "packet",
    "socket",
    "bucket",
    "basket",
    "secret",
    "market",
    "planet",
    "helmet",
    "magnet",
    "bullet",
    "wallet",
    "pocket",
    "rocket",
    "carpet",
    "puppet",
    "settet",
    "needed",
    "exceeded",
    "preceded",
    "succeeded",
    "proceeded",
];

/// Language evidence in a text: English function words (written in lower case, or the first
/// word) and whether a word carries a Danish inflection.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    pub function_words: usize,
    pub target_inflection: bool,
}

/// The [`Evidence`] of `prose`.
pub fn evidence(prose: &str) -> Evidence {
    let mut e = Evidence::default();
    for (i, w) in prose
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let lower = w.chars().all(char::is_lowercase);
        let first = i == 0 && w.chars().skip(1).all(char::is_lowercase);
        if !(lower || first) {
            continue;
        }
        let lw = w.to_lowercase();
        if ENGLISH_FUNCTION_WORDS.binary_search(&lw.as_str()).is_ok() {
            e.function_words += 1;
        } else if lower
            && lw.chars().count() >= 5
            && DANISH_ENDINGS.iter().any(|d| lw.ends_with(d))
            && !ENGLISH_EXCEPTIONS.contains(&lw.as_str())
        {
            e.target_inflection = true;
        }
    }
    e
}

/// Whether a text of two or more words is names only: every word capitalised (or a name with
/// an inner capital: `iOS`, `macOS`), and no English function word; or names written as a
/// title (`Markdown All in One`: capitalised words joined by a lower-case connector); or a list of names (`Android, iOS, web, Windows`: comma-separated items of one
/// or two words, most of them names).
pub fn names_only(prose: &str) -> bool {
    let tokens: Vec<&str> = prose
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    let capitalised = tokens.iter().filter(|w| is_name_word(w)).count();
    if tokens.len() >= 2 && capitalised == tokens.len() && evidence(prose).function_words == 0 {
        return true;
    }
    // An abbreviation alone (`FAQ`, `API`, `CSV`): the same in both languages.
    if let [only] = tokens[..]
        && is_abbreviation(only)
    {
        return true;
    }
    title_case(&tokens, capitalised) || name_list(prose)
}

/// An abbreviation: two to six capitals (and digits), nothing else (`FAQ`, `2FA`, `HTTPS`).
fn is_abbreviation(w: &str) -> bool {
    (2..=6).contains(&w.len())
        && w.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && w.bytes().filter(u8::is_ascii_uppercase).count() >= 2
}

/// A word written as a name: a capital or digit first, or a capital inside (`iOS`).
fn is_name_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        || w.chars().skip(1).any(char::is_uppercase)
}

/// Lower-case words a title joins its capitalised words with.
const TITLE_CONNECTORS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "with",
];

/// Capitalised words (at least three, the first word one of them) joined by at most one of
/// [`TITLE_CONNECTORS`]: the name of a product, an extension or a menu item. (Two capitalised
/// words around a connector are as often a sentence-case heading with a name: `Export from
/// iCloud`, `Stickers and GIFs`.)
fn title_case(tokens: &[&str], capitalised: usize) -> bool {
    let connectors = tokens.len() - capitalised;
    capitalised >= 3
        && connectors <= 1
        && tokens.first().is_some_and(|w| {
            is_name_word(w) && !TITLE_CONNECTORS.contains(&w.to_lowercase().as_str())
        })
        && tokens
            .iter()
            .all(|w| is_name_word(w) || TITLE_CONNECTORS.contains(w))
}

/// Comma-separated items (three or more) of one or two words each, at least two thirds of them
/// names, no English function word: `Android, iOS, web, desktop`.
fn name_list(prose: &str) -> bool {
    let items: Vec<&str> = prose
        .split(',')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    if items.len() < 3 || evidence(prose).function_words > 0 {
        return false;
    }
    let mut names = 0;
    for item in &items {
        let words: Vec<&str> = item.split_whitespace().collect();
        if words.len() > 2 {
            return false;
        }
        names += usize::from(words.iter().all(|w| is_name_word(w)));
    }
    names * 3 >= items.len() * 2
}

/// The share of `a`'s words (lower-cased) that also occur in `b`, counting repeats.
#[cfg(test)]
fn word_overlap(a: &str, b: &str) -> f64 {
    overlap_of_sorted(&sorted_words(a), &sorted_words(b))
}

/// The words [`word_overlap`] compares (two letters or more, lower-cased), as sorted hashes:
/// the near-copy test compares many word lists, and equal words have equal hashes (two
/// different words sharing a 64-bit hash is left to chance).
fn sorted_words(s: &str) -> Vec<u64> {
    use std::hash::{BuildHasher, Hasher};
    let mut w: Vec<u64> = s
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .enumerate()
        // Names (a capital inside the text, or after the first letter: `WidgetCo`) are the
        // same in both languages: they say nothing about a copy.
        .filter(|(i, w)| {
            let later_capital = w.chars().skip(1).any(char::is_uppercase);
            !later_capital && (*i == 0 || !w.starts_with(char::is_uppercase))
        })
        .map(|(_, w)| w)
        .map(|w| {
            let mut h = super::fnv::Fnv.build_hasher();
            w.chars()
                .flat_map(char::to_lowercase)
                .for_each(|c| h.write_char(c));
            h.finish()
        })
        .collect();
    w.sort_unstable();
    w
}

/// [`word_overlap`] of two sorted word lists: the size of their multiset intersection over the
/// length of the first.
fn overlap_of_sorted(wa: &[u64], wb: &[u64]) -> f64 {
    if wa.is_empty() {
        return 0.0;
    }
    super::align::sorted_common(wa, wb) as f64 / wa.len() as f64
}

/// The part of a comparison that needs no language identification: the alignment, and per
/// target unit whether it equals a source unit or is a near copy of one (such units are
/// untranslated whatever the identifier would say, so it is not asked).
pub struct Prepared<'p> {
    pub alignment: Alignment,
    equal: Vec<bool>,
    near: Vec<bool>,
    /// The pair's fingerprints as the alignment numbered them (GL406 compares by them).
    numbered: Numbered<'p>,
}

impl Prepared<'_> {
    /// The prose of the units the full language identifier must judge: pending after the
    /// cheap checks, and neither equal nor close to their source.
    pub fn to_judge<'t>(&self, tgt: &'t PageUnits) -> impl Iterator<Item = &'t str> {
        tgt.units
            .iter()
            .enumerate()
            .filter(|(t, u)| u.pending && !self.equal[*t] && !self.near[*t])
            .map(|(_, u)| u.prose())
    }
}

/// Aligns a translation with its source and runs the checks that need no identifier.
pub fn prepare<'p>(src: &'p PageUnits, tgt: &'p PageUnits) -> Prepared<'p> {
    let (alignment, numbered) = align_numbered(src, tgt);
    let mut source_keys: FnvHashSet<u64> =
        FnvHashSet::with_capacity_and_hasher(src.units.len(), Default::default());
    source_keys.extend(src.units.iter().map(|u| u.key).filter(|&k| k != 0));
    let mut equal = Vec::with_capacity(tgt.units.len());
    let mut near = Vec::with_capacity(tgt.units.len());
    // Source units' words for the near-copy test, split once each when first needed.
    let mut source_words: Vec<Option<Vec<u64>>> = vec![None; src.units.len()];
    for (t, u) in tgt.units.iter().enumerate() {
        // Equal to a source unit, with English words in it (not only names, numbers, code).
        let eq = u.words as usize >= EQUAL_MIN_WORDS
            && (alignment.units[t].is_some_and(|s| src.units[s].key == u.key)
                || source_keys.contains(&u.key))
            && evidence(u.prose()).function_words >= 1;
        // A pending unit (no word of the target language) that equals its source, or is
        // mostly made of its aligned source unit's words, is untranslated whatever the
        // detector would say: no need to ask it. Mostly made of the same words means the
        // same ordinary words (names are left out) and English function words among them;
        // a word with a Danish inflection rules it out.
        let nr = !eq
            && u.pending
            && u.words as usize >= NEAR_MIN_WORDS
            && alignment.sections[u.section as usize].is_some_and(|ss| {
                let ev = evidence(u.prose());
                if ev.target_inflection || ev.function_words == 0 {
                    return false;
                }
                let mine = sorted_words(u.prose());
                mine.len() >= NEAR_MIN_WORDS - 1
                    && src.sections[ss].units.clone().any(|s| {
                        let theirs = source_words[s]
                            .get_or_insert_with(|| sorted_words(src.units[s].prose()));
                        overlap_of_sorted(&mine, theirs) >= NEAR_SHARE
                    })
            });
        equal.push(eq);
        near.push(nr);
    }
    Prepared {
        alignment,
        equal,
        near,
        numbered,
    }
}

/// Compares a translation with its source. `pair` finishes the language identification of
/// units the cheap checks left pending (see [`PageUnits::judge`]).
pub fn compare(
    src: &PageUnits,
    tgt: &PageUnits,
    lock: Option<&PageLock>,
    pair: Option<&LangPair>,
) -> PairReport {
    compare_prepared(src, tgt, prepare(src, tgt), lock, pair, None)
}

/// [`compare`] after [`prepare`]; `locale` is the translation's, when known (a link to the same
/// page of another site in that language stands for the source's link).
pub fn compare_prepared(
    src: &PageUnits,
    tgt: &PageUnits,
    prepared: Prepared<'_>,
    lock: Option<&PageLock>,
    pair: Option<&LangPair>,
    locale: Option<&str>,
) -> PairReport {
    let Prepared {
        alignment,
        equal,
        near,
        numbered,
    } = prepared;
    let mut states = Vec::with_capacity(tgt.units.len());
    let mut reasons = Vec::with_capacity(tgt.units.len());
    let mut verdicts = Vec::with_capacity(tgt.units.len());
    for (t, u) in tgt.units.iter().enumerate() {
        let (equal, near) = (equal[t], near[t]);
        let verdict = match (u.pending, pair) {
            // Repeated text is judged once a run (the identifier keeps its verdicts).
            (true, Some(p)) if !equal && !near => p.judge(u.prose()),
            _ => u.verdict,
        };
        // A short link title to another site is judged with its neighbours only; names alone
        // (`Fitbit Charge 6, Garmin Venu`, `Home Assistant`) are no English text.
        let verdict = if verdict == Verdict::Source
            && ((u.link_only && (u.words as usize) < NEAR_MIN_WORDS) || names_only(u.prose()))
        {
            Verdict::Unsure
        } else {
            verdict
        };
        verdicts.push(verdict);
        let (state, reason) = match verdict {
            Verdict::Source => (UnitState::Untranslated, Some(Reason::SourceLanguage)),
            Verdict::Unsure if equal && !names_only(u.prose()) => {
                (UnitState::Untranslated, Some(Reason::EqualToSource))
            }
            Verdict::Unsure if near => (UnitState::Untranslated, Some(Reason::NearSource)),
            _ if !u.source_parts.is_empty() => {
                (UnitState::Untranslated, Some(Reason::SourceSentence))
            }
            Verdict::Target => (UnitState::Translated, None),
            // Without an identifier for the pair (languages other than English and Danish),
            // prose that is no copy of the source is the only sign there is: translated.
            // Otherwise the page's share would weigh its copies against nothing, and a page
            // translated but for a few lines kept as written would be untranslated (GL402).
            Verdict::Unsure | Verdict::TooShort if pair.is_none() && u.has_prose() => {
                (UnitState::Translated, None)
            }
            Verdict::Unsure | Verdict::TooShort => (UnitState::Neutral, None),
        };
        states.push(state);
        reasons.push(reason);
    }
    if let Some(p) = pair {
        in_context(src, tgt, &alignment, &mut states, &mut reasons, p);
    }

    let mut outdated = outdated(src, tgt, &alignment, &states, lock);
    let (added, changed) = added(src, &alignment, lock);
    outdated.extend(
        changed
            .into_iter()
            .filter(|o| states[o.unit] != UnitState::Untranslated),
    );
    outdated.sort_by_key(|o| (o.unit, o.source_unit));
    for o in &outdated {
        states[o.unit] = UnitState::Outdated;
    }

    let counts = page_counts(&tgt.units, &states);
    let page_untranslated = counts.judged_units >= PAGE_MIN_UNITS
        && counts.untranslated_words as f64 >= PAGE_SHARE * counts.judged_words as f64;

    let runs = runs(tgt, &alignment, &states, &reasons);
    let missing_sections = src
        .sections
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            alignment.source_sections[*i].is_none()
                && (!s.is_intro() || src.units[s.units.clone()].iter().any(Unit::has_prose))
        })
        .map(|(i, _)| i)
        .collect();
    let extra_sections = tgt
        .sections
        .iter()
        .enumerate()
        .filter(|(j, s)| {
            alignment.sections[*j].is_none()
                && (!s.is_intro() || tgt.units[s.units.clone()].iter().any(Unit::has_prose))
        })
        .map(|(j, _)| j)
        .collect();
    let mismatches = mismatches(src, tgt, &alignment, &numbered, locale);
    let levels = level_mismatches(src, tgt, &alignment);

    PairReport {
        alignment,
        verdicts,
        states,
        reasons,
        runs,
        page_untranslated,
        missing_sections,
        extra_sections,
        mismatches,
        levels,
        outdated,
        added,
    }
}

/// The aligned headings of a pair whose levels break the source's outline. A translation may
/// shift every heading by the same number of levels (a Wiki.js page whose sections are `#`
/// under the title the wiki shows, for `##` on the MkDocs page): the shift most of the aligned
/// headings share is the page's, and the headings off it are reported. When no shift is the
/// most common, none is reported unless no shift at all is among the most common (then a
/// heading off it is).
pub fn level_mismatches(src: &PageUnits, tgt: &PageUnits, al: &Alignment) -> Vec<LevelMismatch> {
    let pairs: Vec<(usize, usize)> = al
        .sections
        .iter()
        .enumerate()
        .filter_map(|(j, i)| Some((j, (*i)?)))
        .filter(|&(j, i)| !tgt.sections[j].is_intro() && !src.sections[i].is_intro())
        .collect();
    let shift = |(j, i): (usize, usize)| {
        i16::from(tgt.sections[j].level) - i16::from(src.sections[i].level)
    };
    let mut shifts: BTreeMap<i16, usize> = BTreeMap::new();
    for &p in &pairs {
        *shifts.entry(shift(p)).or_default() += 1;
    }
    let most = shifts.values().copied().max().unwrap_or(0);
    let common: Vec<i16> = shifts
        .iter()
        .filter(|&(_, &n)| n == most)
        .map(|(&d, _)| d)
        .collect();
    let page_shift = match common.as_slice() {
        [d] => *d,
        _ if common.contains(&0) => 0,
        _ => return Vec::new(),
    };
    pairs
        .into_iter()
        .filter(|&p| shift(p) != page_shift)
        .filter_map(|(j, i)| {
            let expected = u8::try_from(i16::from(src.sections[i].level) + page_shift).ok()?;
            (1..=6).contains(&expected).then(|| LevelMismatch {
                section: j,
                source_section: i,
                level: tgt.sections[j].level,
                expected,
            })
        })
        .collect()
}

/// Whether a short unit's words lean to the source language when scored alone: at least one
/// word of 3+ letters clearly source, none clearly target.
fn leans_source(pair: &LangPair, prose: &str) -> bool {
    let words = super::langid::words(prose);
    let mut clear = false;
    for w in words.iter().filter(|w| w.chars().count() >= 3) {
        let p = pair.p_source(&w.to_lowercase());
        if p <= 1.0 - super::langid::WORD_CLEAR {
            return false;
        }
        clear |= p >= super::langid::WORD_CLEAR;
    }
    clear || evidence(prose).function_words > 0
}

/// Whether every word of 3+ letters of a short text is clearly of the source language scored
/// alone (two words or more at [`super::langid::WORD_CLEAR`], a single word at
/// [`SINGLE_WORD_CLEAR`]), and no word is a name.
fn clearly_source(pair: &LangPair, prose: &str) -> bool {
    let words: Vec<&str> = super::langid::words(prose)
        .into_iter()
        .filter(|w| w.chars().count() >= 3)
        .collect();
    if words.is_empty() || names_only(prose) {
        return false;
    }
    let floor = if words.len() == 1 {
        SINGLE_WORD_CLEAR
    } else {
        super::langid::WORD_CLEAR
    };
    words
        .iter()
        .enumerate()
        .all(|(i, w)| (i == 0 || !is_name_word(w)) && pair.p_source(&w.to_lowercase()) >= floor)
}

/// A one-word heading equal to its source is English only when the word is this clearly
/// English alone (`Translations`, `Highlights`; not `Support`, `Backup`, `Firmware`, which
/// Danish uses too).
const SINGLE_WORD_CLEAR: f64 = 0.9;

/// Short units judged in context: the items of one list, the cells of one table, a heading with
/// its section. A unit too short to judge alone (no word of the target language) is
/// untranslated when its judged neighbours are untranslated and it either equals its source
/// unit or its own words lean to the source language; where no unit of a list or table could
/// be judged alone, their texts are judged together.
fn in_context(
    src: &PageUnits,
    tgt: &PageUnits,
    al: &Alignment,
    states: &mut [UnitState],
    reasons: &mut [Option<Reason>],
    pair: &LangPair,
) {
    use super::units::UnitKind;
    let n = tgt.units.len();
    // A name with a version (`Windows 11`, `iOS 17`) is a name.
    let numbered = |u: &Unit| {
        u.prose()
            .split_whitespace()
            .any(|w| w.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    // The states change only at the end (the units flagged below): whether a unit is a
    // candidate is decided once.
    let candidates: Vec<bool> = (0..n)
        .map(|i| {
            let u = &tgt.units[i];
            states[i] == UnitState::Neutral
                && u.words >= 1
                && u.verdict != Verdict::Target
                && !u.kind.is_header()
                && !matches!(
                    u.kind,
                    UnitKind::AltText | UnitKind::Attribute | UnitKind::Abbreviation
                )
                && !numbered(u)
                && !names_only(u.prose())
        })
        .collect();
    let candidate = |i: usize| candidates[i];
    let judged = |s: UnitState| s != UnitState::Neutral;
    // A unit translated but for an English part is a translated neighbour.
    let left = |states: &[UnitState], k: usize| {
        states[k] == UnitState::Untranslated && reasons[k] != Some(Reason::SourceSentence)
    };
    let copied = |i: usize| {
        let u = &tgt.units[i];
        u.key != 0
            && (al.units[i].is_some_and(|s| src.units[s].key == u.key)
                || src.units.iter().any(|s| s.key == u.key))
    };
    let mut flag: Vec<(usize, Reason)> = Vec::new();
    // Two words equal to the aligned source unit, with an English function word and every
    // word English (`Choose a server`): copied, whatever the neighbours.
    for k in (0..n).filter(|&k| candidate(k)) {
        let u = &tgt.units[k];
        if u.words >= 2
            && al.units[k].is_some_and(|s| src.units[s].key == u.key)
            && evidence(u.prose()).function_words >= 1
            && leans_source(pair, u.prose())
        {
            flag.push((k, Reason::EqualToSource));
        }
    }
    // Equal to its aligned source unit while the same source text is translated elsewhere on
    // the page (`Open` left in one row of a column where the other rows say `Åben`): the
    // translator's own choice shows the unit was left untranslated.
    let equal_aligned = |k: usize| {
        tgt.units[k].key != 0 && al.units[k].is_some_and(|s| src.units[s].key == tgt.units[k].key)
    };
    // Only the source texts of candidates left equal to their source need looking up.
    let wanted: FnvHashSet<u64> = (0..n)
        .filter(|&k| candidate(k) && equal_aligned(k))
        .map(|k| tgt.units[k].key)
        .collect();
    let mut translated_sources: FnvHashSet<u64> = FnvHashSet::default();
    if !wanted.is_empty() {
        for (k, u) in tgt.units.iter().enumerate() {
            if let Some(s) = al.units[k]
                && wanted.contains(&src.units[s].key)
                && u.key != 0
                && src.units[s].key != u.key
                && states[k] != UnitState::Untranslated
                && src.units[s].kind == u.kind
                // A translation that keeps the source text ("Signal" -> "Signal (anbefalet)")
                // shows it is a name, not that it is translated.
                && !u
                    .prose()
                    .to_lowercase()
                    .contains(&src.units[s].prose().to_lowercase())
            {
                translated_sources.insert(src.units[s].key);
            }
        }
    }
    if !translated_sources.is_empty() {
        for k in (0..n).filter(|&k| candidate(k) && equal_aligned(k)) {
            if translated_sources.contains(&tgt.units[k].key) && !flag.iter().any(|f| f.0 == k) {
                flag.push((k, Reason::EqualToSource));
            }
        }
    }
    // A heading equal to its aligned source heading whose words are all clearly English
    // (`Cameras indoors`, `Translations`): a heading is short but says what it is in full. So
    // is the header's title, equal to the source's title heading (`title: Frequently asked
    // questions` over a page translated below it).
    let header_title = |k: usize| {
        let u = &tgt.units[k];
        u.kind == UnitKind::PageTitle && states[k] == UnitState::Neutral && u.words >= 1
    };
    let titles = tgt.sections.iter().filter_map(|s| s.heading).chain(
        tgt.sections
            .first()
            .into_iter()
            .flat_map(|s| s.units.clone())
            .filter(|&k| header_title(k)),
    );
    // The title is the page's name in lists and search: of two words or more, leaning to the
    // source language is enough (`Frequently asked questions`).
    let title_copied = |h: usize| {
        let u = &tgt.units[h];
        header_title(h) && u.words >= 2 && leans_source(pair, u.prose()) && !names_only(u.prose())
    };
    for h in titles {
        if (candidate(h) || header_title(h))
            && equal_aligned(h)
            && (clearly_source(pair, tgt.units[h].prose()) || title_copied(h))
            && !flag.iter().any(|f| f.0 == h)
        {
            flag.push((h, Reason::EqualToSource));
        }
    }
    let mut i = 0;
    while i < n {
        let kind = tgt.units[i].kind;
        if !matches!(kind, UnitKind::ListItem | UnitKind::TableCell) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && tgt.units[j].kind == kind && tgt.units[j].section == tgt.units[i].section {
            j += 1;
        }
        let group = i..j;
        i = j;
        if group.len() < 2 {
            continue;
        }
        if group.clone().any(|k| judged(states[k])) {
            for k in group.clone().filter(|&k| candidate(k)) {
                let before = group
                    .clone()
                    .rev()
                    .filter(|&x| x < k)
                    .find(|&x| judged(states[x]));
                let after = group
                    .clone()
                    .filter(|&x| x > k)
                    .find(|&x| judged(states[x]));
                let copied_around = [before, after].iter().flatten().all(|&x| left(states, x));
                if !copied_around || !leans_source(pair, tgt.units[k].prose()) {
                    continue;
                }
                flag.push((
                    k,
                    if copied(k) {
                        Reason::EqualToSource
                    } else {
                        Reason::SourceLanguage
                    },
                ));
            }
        } else {
            let members: Vec<usize> = group.filter(|&k| candidate(k)).collect();
            let joined = members
                .iter()
                .map(|&k| tgt.units[k].prose())
                .collect::<Vec<_>>()
                .join(". ");
            if super::units::count_words(&joined) >= NEAR_MIN_WORDS && pair.is_source(&joined) {
                for &k in &members {
                    if leans_source(pair, tgt.units[k].prose()) {
                        flag.push((k, Reason::SourceLanguage));
                    }
                }
            }
        }
    }
    // The cells of one table row that no cell could be judged alone in (a header row: `Name |
    // Price | Sync`): judged together.
    let mut i = 0;
    while i < n {
        let u = &tgt.units[i];
        if u.kind != UnitKind::TableCell {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && tgt.units[j].kind == UnitKind::TableCell && tgt.units[j].line == u.line {
            j += 1;
        }
        let row = i..j;
        i = j;
        if row.clone().any(|k| judged(states[k])) {
            continue;
        }
        let members: Vec<usize> = row.filter(|&k| candidate(k)).collect();
        let joined = members
            .iter()
            .map(|&k| tgt.units[k].prose())
            .collect::<Vec<_>>()
            .join(". ");
        // A shorter row counts when every cell of it is its source's (a header row left in
        // English: `Shortcut | Action`).
        let words = super::units::count_words(&joined);
        let copied_row = !members.is_empty() && members.iter().all(|&k| equal_aligned(k));
        let english = if words >= NEAR_MIN_WORDS || (words >= 2 && copied_row) {
            pair.is_source(&joined)
        } else {
            // One word (`| Memory | 2 GB | 4 GB |`): copied and clearly English alone.
            copied_row && words == 1 && clearly_source(pair, &joined)
        };
        if english {
            for &k in &members {
                if leans_source(pair, tgt.units[k].prose()) && !flag.iter().any(|f| f.0 == k) {
                    flag.push((k, Reason::SourceLanguage));
                }
            }
        }
    }
    // A heading with its section: untranslated when the section's judged units all are.
    for sec in &tgt.sections {
        let Some(h) = sec.heading else { continue };
        if !candidate(h) {
            continue;
        }
        let body = sec.units.clone().filter(|&k| k != h);
        let (mut english, mut done) = (0, 0);
        for k in body {
            match states[k] {
                UnitState::Neutral => {}
                _ if left(states, k) => english += 1,
                _ => done += 1,
            }
        }
        if english >= 1 && done == 0 && leans_source(pair, tgt.units[h].prose()) {
            flag.push((
                h,
                if copied(h) {
                    Reason::EqualToSource
                } else {
                    Reason::SourceLanguage
                },
            ));
        }
    }
    for (k, r) in flag {
        states[k] = UnitState::Untranslated;
        reasons[k] = Some(r);
    }
}

fn runs(
    tgt: &PageUnits,
    al: &Alignment,
    states: &[UnitState],
    reasons: &[Option<Reason>],
) -> Vec<Run> {
    let mut out = Vec::new();
    for (s, sec) in tgt.sections.iter().enumerate() {
        let idx = sec.units.clone();
        // The whole section is untranslated when no unit of it is translated (units the
        // identifier is unsure about do not count either way).
        let translated = idx
            .clone()
            .any(|i| matches!(states[i], UnitState::Translated | UnitState::Outdated));
        let untranslated = idx
            .clone()
            .filter(|&i| states[i] == UnitState::Untranslated)
            .count();
        let whole = !translated && untranslated >= 2;
        let mut cur: Vec<usize> = Vec::new();
        let flush = |cur: &mut Vec<usize>, out: &mut Vec<Run>| {
            if cur.is_empty() {
                return;
            }
            let units = std::mem::take(cur);
            let (start, end) = if whole {
                // The whole section: from its first unit to its last.
                let all = &tgt.units[idx.clone()];
                (
                    all.first().map_or(0, |u| u.range.start),
                    all.iter().map(|u| u.range.end).max().unwrap_or(0),
                )
            } else {
                let start = tgt.units[units[0]].range.start;
                let end = units
                    .iter()
                    .map(|&i| tgt.units[i].range.end)
                    .max()
                    .unwrap_or(start);
                (start, end)
            };
            let first_line = tgt.units[units[0]].line as usize;
            out.push(Run {
                section: s,
                source_units: units.iter().filter_map(|&u| al.units[u]).collect(),
                range: start..end,
                whole_section: whole,
                first_line,
                last_line: units
                    .iter()
                    .map(|&u| last_line(tgt, u))
                    .max()
                    .unwrap_or(first_line),
                part: None,
                units,
            });
        };
        for i in idx.clone() {
            match states[i] {
                // A unit translated but for English parts: each part is a run of its own.
                UnitState::Untranslated
                    if tgt.units[i].verdict != super::langid::Verdict::Source
                        && !tgt.units[i].source_parts.is_empty()
                        && reasons[i] == Some(Reason::SourceSentence) =>
                {
                    flush(&mut cur, &mut out);
                    for p in &tgt.units[i].source_parts {
                        out.push(Run {
                            section: s,
                            units: vec![i],
                            range: p.range.clone(),
                            whole_section: false,
                            source_units: al.units[i].into_iter().collect(),
                            first_line: p.first_line,
                            last_line: p.last_line,
                            part: Some(p.text.clone()),
                        });
                    }
                }
                UnitState::Untranslated => cur.push(i),
                UnitState::Translated | UnitState::Outdated => flush(&mut cur, &mut out),
                UnitState::Neutral => {}
            }
        }
        flush(&mut cur, &mut out);
    }
    out
}

/// The 1-based line a unit ends on.
fn last_line(tgt: &PageUnits, u: usize) -> usize {
    tgt.units[u].end_line as usize
}

/// What a fingerprint is compared by: itself, or for an image the asset it names once
/// `build.assets` and relative resolution are applied ([`PageUnits::assets`]), or without an
/// asset mapping its file name (see [`fingerprint::image_key`](super::fingerprint::image_key)).
/// With `classes` (a pair of a MkDocs page and a Wiki.js page), an admonition type is compared
/// by the callout class it builds to ([`PageUnits::callout_classes`]).
fn compared_key<'f>(f: &'f Fp, page: &PageUnits, classes: bool) -> std::borrow::Cow<'f, Fp> {
    use std::borrow::Cow;
    if matches!(f.kind, FpKind::Image | FpKind::File) {
        let assets = &page.assets;
        if let Ok(i) = assets.binary_search_by(|(v, _)| v.as_str().cmp(&f.value)) {
            return Cow::Owned(Fp::new(f.kind, assets[i].1.clone()));
        }
        let key = super::fingerprint::image_key(&f.value);
        if key != f.value {
            return Cow::Owned(Fp::new(f.kind, key));
        }
    }
    if classes
        && f.kind == FpKind::Callout
        && let Ok(i) = page
            .callout_classes
            .binary_search_by(|(t, _)| t.as_str().cmp(&f.value))
    {
        return Cow::Owned(Fp::new(f.kind, page.callout_classes[i].1.clone()));
    }
    Cow::Borrowed(f)
}

/// Whether a pair compares its callouts by class: one page is a MkDocs page, whose callouts
/// are admonition types, the other a Wiki.js page, whose callouts are classes. Pages of one
/// dialect compare what they write: two admonition types that build to one class (`note`,
/// `info`) still look different in MkDocs.
fn callouts_by_class(src: &PageUnits, tgt: &PageUnits) -> bool {
    src.mkdocs != tgt.mkdocs
}

/// The keys GL406 compares fingerprints by ([`compared_key`]) on both pages of a pair, as
/// numbers: a fingerprint that is its own key has its id in the pair ([`Numbered`]); a key made
/// for an image (its asset, its file name) has the id of the fingerprint equal to it, or one
/// after the fingerprints' ids. Equal keys have equal ids.
struct CompareKeys<'n, 'p> {
    numbered: &'n Numbered<'p>,
    /// Made keys equal to no fingerprint of the pair, and by id (from `numbered.fps.len()` on).
    made: foldhash::HashMap<Fp, u32>,
    made_keys: Vec<Fp>,
    /// Callouts are compared by class ([`callouts_by_class`]).
    classes: bool,
}

impl<'n, 'p> CompareKeys<'n, 'p> {
    fn new(numbered: &'n Numbered<'p>, classes: bool) -> Self {
        CompareKeys {
            numbered,
            made: Default::default(),
            made_keys: Vec::new(),
            classes,
        }
    }

    /// The key id of the fingerprint `f` (numbered `id`) on the page `page`; `None` for an
    /// admonition that builds to a plain quote, when callouts are compared by class.
    fn id(&mut self, f: &Fp, id: u32, page: &PageUnits) -> Option<u32> {
        use std::borrow::Cow;
        let key = match compared_key(f, page, self.classes) {
            Cow::Borrowed(_) => return Some(id),
            Cow::Owned(key) => key,
        };
        if key.kind == FpKind::Callout && key.value.is_empty() {
            return None;
        }
        if let Some(&id) = self.numbered.ids.get(&key) {
            return Some(id);
        }
        if let Some(&id) = self.made.get(&key) {
            return Some(id);
        }
        let id = (self.numbered.fps.len() + self.made_keys.len()) as u32;
        self.made.insert(key.clone(), id);
        self.made_keys.push(key);
        Some(id)
    }

    /// The key numbered `id`.
    fn key(&self, id: u32) -> &Fp {
        let id = id as usize;
        match self.numbered.fps.get(id) {
            Some(f) => f,
            None => &self.made_keys[id - self.numbered.fps.len()],
        }
    }
}

/// A page's fingerprints as GL406 compares them.
struct PageKeys {
    /// Per fingerprint of the page, in page order: its key's id, `None` when not compared.
    keys: Vec<Option<u32>>,
    /// Per unit, where its fingerprints start in `keys` (and where the last one's end).
    starts: Vec<usize>,
}

impl PageKeys {
    /// Every distinct fingerprint of the page is judged ([`Fp::compared`]) and keyed once;
    /// `ids` are the numbers of the page's fingerprints in page order.
    fn new(p: &PageUnits, ids: &[u32], keys: &mut CompareKeys<'_, '_>) -> PageKeys {
        let mut done: Vec<Option<Option<u32>>> = vec![None; keys.numbered.fps.len()];
        let fps = p.units.iter().flat_map(|u| &u.fingerprints);
        let in_order = fps
            .zip(ids)
            .map(|(f, &id)| {
                *done[id as usize]
                    .get_or_insert_with(|| f.compared().then(|| keys.id(f, id, p)).flatten())
            })
            .collect();
        let mut starts = Vec::with_capacity(p.units.len() + 1);
        let mut at = 0;
        for u in &p.units {
            starts.push(at);
            at += u.fingerprints.len();
        }
        starts.push(at);
        PageKeys {
            keys: in_order,
            starts,
        }
    }

    /// The compared fingerprints of section `s` by key id, sorted, each with its count and the
    /// first fingerprint of that key (what messages show: the image's path as written).
    fn bag<'p>(&self, p: &'p PageUnits, s: usize) -> Vec<(u32, usize, &'p Fp)> {
        let units = p.sections[s].units.clone();
        let keys = &self.keys[self.starts[units.start]..self.starts[units.end]];
        let mut keyed: Vec<(u32, &Fp)> = p.units[units]
            .iter()
            .flat_map(|u| &u.fingerprints)
            .zip(keys)
            .filter_map(|(f, k)| k.map(|k| (k, f)))
            .collect();
        // A stable sort: the first fingerprint of each key comes first.
        keyed.sort_by_key(|(k, _)| *k);
        let mut bag: Vec<(u32, usize, &Fp)> = Vec::with_capacity(keyed.len());
        for (key, f) in keyed {
            match bag.last_mut() {
                Some(last) if last.0 == key => last.1 += 1,
                _ => bag.push((key, 1, f)),
            }
        }
        bag
    }

    /// The index among unit `u`'s fingerprints of its first with one of `keys` (sorted).
    fn first_of(&self, u: usize, keys: &[u32]) -> Option<usize> {
        self.keys[self.starts[u]..self.starts[u + 1]]
            .iter()
            .position(|k| k.is_some_and(|k| keys.binary_search(&k).is_ok()))
    }

    /// Where section `s`'s first fingerprint with one of `keys` (sorted) is written, with its
    /// 1-based line: the unit holding it, or for one placed on that unit (a code block after a
    /// paragraph) its own place ([`PageUnits::placed`]).
    fn first_place(&self, p: &PageUnits, s: usize, keys: &[u32]) -> Option<(Range<usize>, usize)> {
        p.sections[s].units.clone().find_map(|u| {
            let index = self.first_of(u, keys)?;
            let at = (u32::try_from(u).ok()?, u32::try_from(index).ok()?);
            Some(
                match p.placed.binary_search_by_key(&at, |x| (x.unit, x.index)) {
                    Ok(x) => (p.placed[x].range.clone(), p.placed[x].line as usize),
                    Err(_) => (p.units[u].range.clone(), p.units[u].line as usize),
                },
            )
        })
    }
}

/// How many fingerprints of key `key` a [`PageKeys::bag`] counts.
fn count_in(bag: &[(u32, usize, &Fp)], key: u32) -> usize {
    bag.binary_search_by_key(&key, |(k, _, _)| *k)
        .map_or(0, |i| bag[i].1)
}

fn mismatches(
    src: &PageUnits,
    tgt: &PageUnits,
    al: &Alignment,
    numbered: &Numbered<'_>,
    locale: Option<&str>,
) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if al.sections.iter().all(Option::is_none) {
        return out;
    }
    let mut ids = CompareKeys::new(numbered, callouts_by_class(src, tgt));
    let src_keys = PageKeys::new(src, &numbered.src, &mut ids);
    let tgt_keys = PageKeys::new(tgt, &numbered.tgt, &mut ids);
    for (j, i) in al.sections.iter().enumerate() {
        let Some(i) = *i else { continue };
        let a = src_keys.bag(src, i);
        let b = tgt_keys.bag(tgt, j);
        // Listed in the order of their keys.
        let mut missing: Vec<(&Fp, String)> = Vec::new();
        let mut extra: Vec<(&Fp, String)> = Vec::new();
        let mut extra_keys: Vec<u32> = Vec::new();
        let mut missing_keys: Vec<u32> = Vec::new();
        // The translation's own links to other sites: one to the same page in its language
        // stands for the source's link (`/da/user/moving` for `/user/moving` on a Danish
        // page; not `/de/user/moving`).
        let mut localized: Vec<(&Fp, usize)> = b
            .iter()
            .filter_map(|(key, n, _)| {
                let fp = ids.key(*key);
                let m = count_in(&a, *key);
                (fp.kind == FpKind::Link && fp.value.contains("://") && m < *n).then(|| (fp, n - m))
            })
            .collect();
        for (key, n, shown) in &a {
            let m = count_in(&b, *key);
            if m < *n {
                let fp = ids.key(*key);
                let mut short = n - m;
                if fp.kind == FpKind::Link && fp.value.contains("://") {
                    for (other, left) in &mut localized {
                        if short > 0
                            && *left > 0
                            && super::fingerprint::same_page_in_another_language(
                                &fp.value,
                                &other.value,
                                locale,
                            )
                        {
                            let used = short.min(*left);
                            short -= used;
                            *left -= used;
                        }
                    }
                }
                if short > 0 {
                    missing.push((fp, count(shown_as(shown, fp), short)));
                    missing_keys.push(*key);
                }
            }
        }
        for (key, n, shown) in &b {
            let m = count_in(&a, *key);
            let fp = ids.key(*key);
            // A translation may add links to resources in its own language.
            let external = fp.kind == FpKind::Link && fp.value.contains("://");
            if m < *n && !external {
                extra.push((fp, count(shown_as(shown, fp), n - m)));
                extra_keys.push(*key);
            }
        }
        missing.sort_by(|x, y| x.0.cmp(y.0));
        extra.sort_by(|x, y| x.0.cmp(y.0));
        let mut missing: Vec<String> = missing.into_iter().map(|(_, m)| m).collect();
        let mut extra: Vec<String> = extra.into_iter().map(|(_, e)| e).collect();
        extra_keys.sort_unstable();
        // Links to sections: compare where they lead, through the alignment.
        let expected = anchor_targets(src, i, |sec| al.source_sections[sec]);
        let actual = anchor_targets(tgt, j, Some);
        // A link that kept the source page's id of a heading (`#export-your-data` on the
        // Danish page, whose heading has another id) is broken, and GL201 reports it with the
        // translated heading's id as its fix: here it stands for the link it was meant to be,
        // rather than one more missing (and, like any broken link, it is never an extra).
        let mut meant: BTreeMap<usize, usize> = BTreeMap::new();
        for fp in tgt
            .section_units(j)
            .iter()
            .flat_map(|u| &u.fingerprints)
            .filter(|f| f.kind == FpKind::Anchor)
        {
            if tgt.section_by_id(&fp.value).is_none()
                && let Some(t) = src
                    .section_by_id(&fp.value)
                    .and_then(|sec| al.source_sections[sec])
            {
                *meant.entry(t).or_default() += 1;
            }
        }
        for (sec, n) in &expected {
            let m = actual.get(sec).copied().unwrap_or(0) + meant.get(sec).copied().unwrap_or(0);
            if m < *n {
                missing.push(count(
                    format!("link to {}", tgt.sections[*sec].name()),
                    n - m,
                ));
            }
        }
        for (sec, n) in &actual {
            let m = expected.get(sec).copied().unwrap_or(0);
            let counterpart = al.sections[*sec].is_some();
            if m < *n && counterpart {
                extra.push(count(
                    format!("link to {}", tgt.sections[*sec].name()),
                    n - m,
                ));
            }
        }
        // An id the source gives its heading (`{ #export }`) is what links from other pages
        // and sites use, in every language: the translation keeps it.
        let (want, have) = (&src.sections[i].explicit_id, &tgt.sections[j].explicit_id);
        if let Some(want) = want
            && have.as_ref() != Some(want)
        {
            missing.push(format!("heading id `#{want}`"));
            if let Some(have) = have {
                extra.push(format!("heading id `#{have}`"));
            }
        }
        // The source shows part of the section as a code block (GL322): the translation's
        // links and code there are what the source meant, not extras to remove.
        let source_code_body = src
            .code_bodies
            .iter()
            .find(|c| src.sections[i].range.contains(&c.range.start))
            .map(|c| c.line);
        if source_code_body.is_some() {
            extra.clear();
            extra_keys.clear();
        }
        if missing.is_empty() && extra.is_empty() {
            continue;
        }
        missing_keys.sort_unstable();
        let source_line = src_keys
            .first_place(src, i, &missing_keys)
            .map_or(src.sections[i].line, |(_, line)| line);
        let range = tgt_keys
            .first_place(tgt, j, &extra_keys)
            .map_or_else(|| tgt.section_range(j), |(range, _)| range);
        out.push(Mismatch {
            section: j,
            source_section: i,
            missing,
            extra,
            range,
            source_line,
            source_code_body,
        });
    }
    out
}

/// How a fingerprint compared by `key` reads in a message: as written, and for an admonition
/// compared with Wiki.js callouts, the class it builds to as well.
fn shown_as(shown: &Fp, key: &Fp) -> String {
    if shown.kind == FpKind::Callout && shown.value != key.value {
        return format!("{} (a `.{}` callout)", shown.display(), key.value);
    }
    shown.display()
}

fn count(s: String, n: usize) -> String {
    if n > 1 { format!("{s} (x{n})") } else { s }
}

/// Sections of the target page that the anchor links of section `s` lead to (after `map`).
fn anchor_targets(
    p: &PageUnits,
    s: usize,
    map: impl Fn(usize) -> Option<usize>,
) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for fp in p
        .section_units(s)
        .iter()
        .flat_map(|u| &u.fingerprints)
        .filter(|f| f.kind == FpKind::Anchor)
    {
        if let Some(t) = p.section_by_id(&fp.value).and_then(&map) {
            *out.entry(t).or_default() += 1;
        }
    }
    out
}

/// The lock keys of a translation's units, in unit order.
pub fn lock_keys(tgt: &PageUnits) -> Vec<String> {
    let mut seen: BTreeMap<(usize, String), usize> = BTreeMap::new();
    tgt.units
        .iter()
        .map(|u| {
            let sec = &tgt.sections[u.section as usize];
            let sec_key = sec
                .heading
                .map(|h| normalize(&tgt.units[h].text))
                .unwrap_or_default();
            let unit_key = if u.key == 0 {
                u.text.to_string()
            } else {
                normalize(&u.text)
            };
            let n = seen
                .entry((u.section as usize, unit_key.clone()))
                .or_default();
            *n += 1;
            lock::unit_key(&sec_key, &unit_key, *n)
        })
        .collect()
}

fn outdated(
    src: &PageUnits,
    tgt: &PageUnits,
    al: &Alignment,
    states: &[UnitState],
    lock: Option<&PageLock>,
) -> Vec<Outdated> {
    let Some(lock) = lock else {
        return Vec::new();
    };
    let keys = lock_keys(tgt);
    let mut out = Vec::new();
    for (t, key) in keys.iter().enumerate() {
        if states[t] == UnitState::Untranslated {
            continue;
        }
        let (Some(s), Some(entry)) = (al.units[t], lock.units.get(key)) else {
            continue;
        };
        let now = &src.units[s].text;
        if lock::source_hash(now) != entry.hash {
            out.push(Outdated {
                unit: t,
                source_unit: s,
                before: entry.text.clone(),
                after: now.to_string(),
            });
        }
    }
    out
}

/// The source units added since the translation was accepted (see [`Added`]), in a section the
/// translation has (a whole section added is GL404's). Units without prose whose links, code or
/// images GL406 compares (an image without alt text, `` `follows.csv` ``) are left to it; one
/// whose code GL406 takes for words a translator may localise (a list item that is only
/// `` `docker compose version` ``) is reported here, or nothing would tell it was added.
///
/// A source unit nothing was aligned with when the translation was accepted, whose text changed
/// since, is no addition: most often the translator joined it with the unit beside it into one
/// (two English paragraphs, one Danish). When its old text is among the lock's units that
/// nothing was aligned with and that are gone from the source (the most alike, with at least
/// half their words in common), and a unit beside it in its section is aligned, it is returned
/// as changed ([`Outdated`]) on the translation's unit aligned with that neighbour.
fn added(src: &PageUnits, al: &Alignment, lock: Option<&PageLock>) -> (Vec<Added>, Vec<Outdated>) {
    let Some(lock) = lock.filter(|l| l.units.contains_key(lock::LEFT_OUT_RECORDED)) else {
        return (Vec::new(), Vec::new());
    };
    let recorded: FnvHashSet<&str> = lock.units.values().map(|e| e.hash.as_str()).collect();
    let mut out = Vec::new();
    let mut changed = Vec::new();
    // The old texts of units left out when the translation was accepted that the source no
    // longer has, found when first needed.
    let mut vanished: Option<Vec<Option<&str>>> = None;
    for (s, u) in src.units.iter().enumerate() {
        if al.source_units[s].is_some()
            || u.kind == UnitKind::Heading
            || !u.has_prose()
                && (u.text.trim().is_empty() || u.fingerprints.iter().any(Fp::compared))
        {
            continue;
        }
        let Some(section) = al.source_sections[u.section as usize] else {
            continue;
        };
        if recorded.contains(lock::source_hash(&u.text).as_str()) {
            continue;
        }
        let units = &src.sections[u.section as usize].units;
        let neighbour = [s + 1, s.wrapping_sub(1)]
            .into_iter()
            .filter(|x| units.contains(x))
            .find_map(|x| al.source_units[x]);
        if let Some(t) = neighbour {
            let vanished = vanished.get_or_insert_with(|| {
                let now: FnvHashSet<String> = src
                    .units
                    .iter()
                    .map(|u| lock::source_hash(&u.text))
                    .collect();
                lock.units
                    .iter()
                    .filter(|(k, e)| k.starts_with(lock::LEFT_OUT_PREFIX) && !now.contains(&e.hash))
                    .map(|(_, e)| Some(e.text.as_str()))
                    .collect()
            });
            if let Some(old) = most_alike(&u.text, vanished) {
                changed.push(Outdated {
                    unit: t,
                    source_unit: s,
                    before: old.to_string(),
                    after: u.text.to_string(),
                });
                continue;
            }
        }
        let after = (units.start..s).rev().find_map(|x| al.source_units[x]);
        out.push(Added {
            source_unit: s,
            section,
            after,
        });
    }
    (out, changed)
}

/// The text of `old` (each taken at most once: it is then `None`) that shares the most words
/// with `text`, if at least half of the two texts' words are shared.
fn most_alike<'a>(text: &str, old: &mut [Option<&'a str>]) -> Option<&'a str> {
    let words = |t: &str| -> FnvHashSet<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let now = words(text);
    let (i, _) = old
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let w = words((*o)?);
            let shared = now.intersection(&w).count();
            let all = now.union(&w).count();
            (all > 0 && 2 * shared >= all).then_some((i, shared * 1000 / all))
        })
        .max_by_key(|&(_, score)| score)?;
    old[i].take()
}

/// The lock entries for a translation as it is now: every aligned unit that is not
/// untranslated, with its source's text, and the source units nothing in the translation is
/// aligned with ([`lock::LEFT_OUT_PREFIX`]). Returns the entries and the number of untranslated
/// units left out.
pub fn accept(
    src: &PageUnits,
    tgt: &PageUnits,
    source_rel: &str,
    pair: Option<&LangPair>,
) -> (PageLock, usize) {
    let report = compare(src, tgt, None, pair);
    let keys = lock_keys(tgt);
    let mut page = PageLock {
        source: source_rel.to_string(),
        units: BTreeMap::new(),
    };
    let mut skipped = 0;
    for (t, key) in keys.into_iter().enumerate() {
        if report.states[t] == UnitState::Untranslated {
            skipped += 1;
            continue;
        }
        if let Some(s) = report.alignment.units[t] {
            let text = src.units[s].text.to_string();
            page.units.insert(
                key,
                lock::LockedUnit {
                    hash: lock::source_hash(&text),
                    text,
                },
            );
        }
    }
    for (s, u) in src.units.iter().enumerate() {
        if report.alignment.source_units[s].is_none() {
            let hash = lock::source_hash(&u.text);
            page.units.insert(
                format!("{}{hash}", lock::LEFT_OUT_PREFIX),
                lock::LockedUnit {
                    hash,
                    text: u.text.to_string(),
                },
            );
        }
    }
    // The same line whatever the page holds: re-accepting a page changes only the lines of the
    // units that changed.
    page.units.insert(
        lock::LEFT_OUT_RECORDED.to_string(),
        lock::LockedUnit {
            hash: lock::source_hash(lock::LEFT_OUT_RECORDED),
            text: lock::LEFT_OUT_RECORDED_TEXT.to_string(),
        },
    );
    (page, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Dialect, Document};

    #[test]
    fn word_overlap_counts_shared_words() {
        let a = "This step configures your new account as well as copying your profile";
        let b = "This steps configures your new account to accept the migration";
        assert!(
            (word_overlap(a, b) - 5.0 / 12.0).abs() < 1e-9,
            "{}",
            word_overlap(a, b)
        );
        assert_eq!(
            word_overlap("Click the blue button now", "Click the button now"),
            0.8
        );
        assert_eq!(word_overlap("Klik på knappen", "Click the button"), 0.0);
        assert_eq!(word_overlap("", "x"), 0.0);
    }
    use crate::translation::lang_pair;
    use std::path::PathBuf;

    fn units(text: &str, dialect: Dialect, judge: bool) -> PageUnits {
        let doc = Document::parse(PathBuf::from("x.md"), text.to_string(), Some(dialect));
        let mut u = PageUnits::new(&doc, None);
        if judge && let Some(p) = lang_pair("en", "da") {
            u.judge(&p, text);
        }
        u
    }

    /// For a pair of languages without an identifier (English and Chinese), prose that is no
    /// copy of its source is translated: a page translated but for a few lines kept in English
    /// is no untranslated page, and those lines are untranslated; a page of copies still is.
    #[test]
    fn without_an_identifier_prose_unlike_the_source_is_translated() {
        let en = "# Extensions\n\nThere are many extensions to empower your server.\n\n\
                  ## Analyzer\n\n*Available in the repository*\n\nThe analyzer outputs the \
                  complexity and depth of each query.\n\n## Logger\n\n*Available in the \
                  repository*\n\nThe logger writes every query and its variables to the log.\n\n\
                  ## Tracing\n\n*Available in the repository*\n\nThe tracing extension \
                  records how long each part of a query takes.\n";
        let zh = "# 扩展\n\n有很多扩展可以增强你的服务器。\n\n## 分析器\n\n*Available in the \
                  repository*\n\n分析器输出每个查询的复杂度和深度。\n\n## 日志\n\n*Available in \
                  the repository*\n\n日志把每个查询及其变量写入日志。\n\n## 追踪\n\n*Available \
                  in the repository*\n\n追踪扩展记录查询的每个部分需要多长时间。\n";
        assert!(
            lang_pair("en", "zh").is_none(),
            "no identifier for English and Chinese"
        );
        let src = units(en, Dialect::Wikijs, false);
        let tgt = units(zh, Dialect::Wikijs, false);
        let report = compare(&src, &tgt, None, None);
        assert!(!report.page_untranslated);
        let kept: Vec<&str> = tgt
            .units
            .iter()
            .zip(&report.states)
            .filter(|(_, s)| **s == UnitState::Untranslated)
            .map(|(u, _)| u.prose())
            .collect();
        assert_eq!(kept, ["Available in the repository"; 3]);
        let translated = report
            .states
            .iter()
            .filter(|s| **s == UnitState::Translated)
            .count();
        assert!(translated >= 4, "{:?}", report.states);

        let copied = units(en, Dialect::Wikijs, false);
        assert!(compare(&src, &copied, None, None).page_untranslated);
    }

    /// Odd inputs never panic and give consistent indices.
    #[test]
    fn odd_pages_compare_without_panicking() {
        let odd = [
            "",
            "\u{feff}",
            "---\ntitle: x\n---\n",
            "# \n\n## \n",
            "Line one\r\nline two\r\n\r\n## 2. Æblegrød\r\n\r\nTekst på dansk, æøå.\r\n",
            "!!! note \"\"\n\n    body\n",
            "!!! note \"<span identity=\\\"old\\\" tag=\\\"code\\\" default=\\\"x\\\"></span> `a` **b**\"\n\n    x\n",
            "<input placeholder=\"\" title=\"   \" /><img alt=\"Café au lait\" src=\"a.png\">\n",
            "| a | b |\n|---|---|\n| `x` | ![alt](y.png =50%x) |\n",
            "* [link](#h-1-x){target=\"_blank\"}\n  * nested `code` {.class}\n",
            "<div>\n<p>html block text</p>\n</div>\n\n![](/x.png)\n",
            "Ünïcödé … «quotes» — dash. Next sentence: here! And? ok.\n",
        ];
        for (i, a) in odd.iter().enumerate() {
            for b in odd.iter().skip(i) {
                for (da, db) in [
                    (Dialect::Mkdocs, Dialect::Wikijs),
                    (Dialect::Wikijs, Dialect::Mkdocs),
                ] {
                    let src = units(a, da, false);
                    let tgt = units(b, db, true);
                    let pair = lang_pair("en", "da");
                    let r = compare(&src, &tgt, None, pair.as_deref());
                    assert_eq!(r.states.len(), tgt.units.len());
                    assert_eq!(r.alignment.units.len(), tgt.units.len());
                    for u in &tgt.units {
                        assert!(u.range.end <= b.len() && b.is_char_boundary(u.range.start));
                        assert!(b.is_char_boundary(u.range.end));
                    }
                    for s in &tgt.sections {
                        assert!(s.units.end <= tgt.units.len());
                    }
                    let (lock, _) = accept(&src, &tgt, "en/x.md", pair.as_deref());
                    let again = compare(&src, &tgt, Some(&lock), pair.as_deref());
                    assert!(
                        again.outdated.is_empty(),
                        "accepting makes nothing outdated"
                    );
                }
            }
        }
    }

    /// An English page whose first two paragraphs its translation ([`MERGED_DA`]) joins into one.
    const MERGED_EN: &str = "# Title\n\nOpen the settings page and click the save button.\n\n\
                             Wait for the confirmation email and open the link in it.\n\n\
                             ## Done\n\nYour followers move over the next day.\n";
    const MERGED_DA: &str = "# Titel\n\nÅbn siden med indstillinger, og klik på knappen Gem. \
                             Vent på bekræftelsesmailen, og åbn linket i den.\n\n\
                             ## Færdig\n\nDine følgere flytter med i løbet af det næste døgn.\n";

    #[test]
    fn a_source_unit_added_since_acceptance_is_reported_where_it_belongs() {
        let (en, da) = (MERGED_EN, MERGED_DA);
        let src = units(en, Dialect::Mkdocs, false);
        let tgt = units(da, Dialect::Wikijs, true);
        let pair = lang_pair("en", "da");
        let (lock, _) = accept(&src, &tgt, "en/x.md", pair.as_deref());
        // Unchanged since: the paragraph left out when it was accepted is no addition.
        let again = compare(&src, &tgt, Some(&lock), pair.as_deref());
        assert!(again.added.is_empty(), "{:?}", again.added);
        let newer = units(
            &en.replace(
                "## Done",
                "Keep the old account: it now points to the new one.\n\n## Done",
            ),
            Dialect::Mkdocs,
            false,
        );
        let r = compare(&newer, &tgt, Some(&lock), pair.as_deref());
        assert_eq!(r.added.len(), 1, "{:?}", r.added);
        let a = &r.added[0];
        assert_eq!(
            &*newer.units[a.source_unit].text,
            "Keep the old account: it now points to the new one."
        );
        // After the merged paragraph, in the first section.
        let after = a.after.expect("a unit before it");
        assert!(tgt.units[after].text.starts_with("Åbn siden"));
        assert_eq!(a.section, tgt.units[after].section as usize);
        // A lock written before the left-out units were recorded reports no addition.
        let mut old = lock.clone();
        old.units
            .retain(|k, _| !k.starts_with(lock::LEFT_OUT_RECORDED));
        assert!(
            compare(&newer, &tgt, Some(&old), pair.as_deref())
                .added
                .is_empty()
        );
        // Without a lock there is nothing to compare with.
        assert!(
            compare(&newer, &tgt, None, pair.as_deref())
                .added
                .is_empty()
        );
    }

    /// Two English paragraphs translated as one: when the one nothing was aligned with changes,
    /// the merged translation is outdated, with the paragraph's old and new text; it is no
    /// addition.
    #[test]
    fn a_changed_paragraph_of_a_merged_pair_makes_the_merged_translation_outdated() {
        let (en, da) = (MERGED_EN, MERGED_DA);
        let src = units(en, Dialect::Mkdocs, false);
        let tgt = units(da, Dialect::Wikijs, true);
        let pair = lang_pair("en", "da");
        let (lock, _) = accept(&src, &tgt, "en/x.md", pair.as_deref());
        for (old, new) in [
            (
                "Open the settings page and click the save button.",
                "Open the settings page and click the green save button.",
            ),
            (
                "Wait for the confirmation email and open the link in it.",
                "Wait for the confirmation email and open the first link in it.",
            ),
        ] {
            let newer = units(&en.replace(old, new), Dialect::Mkdocs, false);
            let r = compare(&newer, &tgt, Some(&lock), pair.as_deref());
            assert!(r.added.is_empty(), "{:?}", r.added);
            assert_eq!(r.outdated.len(), 1, "{:?}", r.outdated);
            let o = &r.outdated[0];
            assert_eq!((o.before.as_str(), o.after.as_str()), (old, new));
            assert!(tgt.units[o.unit].text.starts_with("Åbn siden"));
            assert_eq!(r.states[o.unit], UnitState::Outdated);
        }
    }

    #[test]
    fn a_changed_source_unit_is_outdated_with_before_and_after() {
        let en = "# Title\n\nOpen the settings page and click the save button.\n";
        let da = "# Titel\n\nÅbn siden med indstillinger, og klik på knappen Gem.\n";
        let src = units(en, Dialect::Mkdocs, false);
        let tgt = units(da, Dialect::Wikijs, true);
        let pair = lang_pair("en", "da");
        let (lock, skipped) = accept(&src, &tgt, "en/x.md", pair.as_deref());
        assert_eq!(skipped, 0);
        // The two translated units, and the entry saying the left-out units were recorded.
        assert_eq!(lock.units.len(), 3);
        let newer = units(
            "# Title\n\nOpen the settings page and click the blue save button.\n",
            Dialect::Mkdocs,
            false,
        );
        let r = compare(&newer, &tgt, Some(&lock), pair.as_deref());
        assert_eq!(r.outdated.len(), 1);
        assert_eq!(
            r.outdated[0].before,
            "Open the settings page and click the save button."
        );
        assert_eq!(
            r.outdated[0].after,
            "Open the settings page and click the blue save button."
        );
        assert_eq!(r.states[r.outdated[0].unit], UnitState::Outdated);
    }

    #[test]
    fn equal_short_units_and_names_are_not_untranslated() {
        let en =
            "# Docker Compose\n\nRun `docker compose up -d` now.\n\n* Mastodon\n* GitHub Actions\n";
        let da =
            "# Docker Compose\n\nKør `docker compose up -d` nu.\n\n* Mastodon\n* GitHub Actions\n";
        let pair = lang_pair("en", "da");
        let r = compare(
            &units(en, Dialect::Mkdocs, false),
            &units(da, Dialect::Wikijs, true),
            None,
            pair.as_deref(),
        );
        assert!(r.runs.is_empty(), "{:?}", r.runs);
    }

    /// A short unit left equal to its source while the page translates the same source text
    /// elsewhere is untranslated; a name the translation keeps elsewhere is not. Copied headings
    /// whose words are clearly English are untranslated; words Danish uses too are not.
    #[test]
    fn short_units_judged_by_the_page_s_own_translations() {
        let pair = lang_pair("en", "da");
        let judge = |en: &str, da: &str| -> Vec<String> {
            let t = units(da, Dialect::Wikijs, true);
            let r = compare(
                &units(en, Dialect::Mkdocs, false),
                &t,
                None,
                pair.as_deref(),
            );
            r.states
                .iter()
                .zip(&t.units)
                .filter(|(s, _)| **s == UnitState::Untranslated)
                .map(|(_, u)| u.text.to_string())
                .collect()
        };
        let en = "# Servers\n\nPick a server that suits you and read its rules first.\n\n| Server | Sign-ups | Language |\n|---|---|---|\n| one.example | Open | Danish |\n| two.example | Open | English |\n| three.example | Closed | English |\n\n## Translations\n\nThe guide is translated by volunteers who check every page twice.\n\n## Firmware\n\nUpdate the firmware of your router at least once a year.\n";
        let da = "# Servere\n\nVælg en server, der passer til dig, og læs dens regler først.\n\n| Server | Tilmelding | Sprog |\n|---|---|---|\n| one.example | Åben | Dansk |\n| two.example | Open | Engelsk |\n| three.example | Lukket | Engelsk |\n\n## Translations\n\nGuiden bliver oversat af frivillige, der tjekker hver side to gange.\n\n## Firmware\n\nOpdatér firmwaren på din router mindst én gang om året.\n";
        assert_eq!(judge(en, da), vec!["Open", "Translations"]);
        // "Signal" kept in a translation elsewhere ("Signal (anbefalet)") is a name.
        let en = "# Apps\n\nThese are the apps we use every day for messages and calls.\n\n- Signal\n- Threema\n\n| App | Price |\n|---|---|\n| Signal | Free |\n";
        let da = "# Apps\n\nDet er de apps, vi bruger hver dag til beskeder og opkald.\n\n- Signal (anbefalet)\n- Threema\n\n| App | Pris |\n|---|---|\n| Signal | Gratis |\n";
        assert!(judge(en, da).is_empty(), "{:?}", judge(en, da));
    }

    /// GL406 compares what a reader sees: images in `<figure markdown>`, the same asset under
    /// two paths, a component after a `<br />` continuation line of a nested item, code spans
    /// that are words.
    #[test]
    fn markup_is_compared_as_the_reader_sees_it() {
        let en = "# Move\n\n1. Open the settings.\n    * Click the button.<br />\n    <a identity=\"old\" path=\"/settings/export\">`Preferences -> Import and export`</a>\n2. Click the `3 heads icon` in the top bar.\n\n<figure markdown>\n![The export page](img/export.png)\n<figcaption>The export page</figcaption>\n</figure>\n";
        let da = "# Flyt\n\n1. Åbn indstillingerne.\n  * Klik på knappen.<br />\n  <a identity=\"old\" path=\"/settings/export\">`Preferences -> Import and export`</a>\n2. Klik på `ikonet med 3 hoveder` i topbjælken.\n\n<figure>\n<img src=\"/guide/export.png\" alt=\"Eksportsiden\">\n<figcaption>Eksportsiden</figcaption>\n</figure>\n";
        let pair = lang_pair("en", "da");
        let src = units(en, Dialect::Mkdocs, false);
        let r = compare(
            &src,
            &units(da, Dialect::Wikijs, true),
            None,
            pair.as_deref(),
        );
        assert!(r.mismatches.is_empty(), "{:#?}", r.mismatches);
        // A different component path and a different image are still reported.
        let changed = da
            .replace("/settings/export", "/settings/profile")
            .replace("/guide/export.png", "/guide/other.png");
        let r = compare(
            &src,
            &units(&changed, Dialect::Wikijs, true),
            None,
            pair.as_deref(),
        );
        assert_eq!(r.mismatches.len(), 1, "{:#?}", r.mismatches);
        let m = &r.mismatches[0];
        assert!(
            m.missing.iter().any(|x| x.contains("/settings/export")),
            "{m:?}"
        );
        assert!(
            m.missing.iter().any(|x| x == "image `img/export.png`"),
            "{m:?}"
        );
        assert!(
            m.extra.iter().any(|x| x == "image `guide/other.png`"),
            "{m:?}"
        );
    }

    #[test]
    fn copies_need_english_function_words() {
        let en = "# Apps\n\n- Private WidgetCo dashboard statistics\n- Perfect sound, Find My Device\n- GitHub Desktop (recommended)\n- Open the settings and click the blue button\n";
        let da = "# Apps\n\n- Privat WidgetCo-kontrolpanel, statistik\n- Perfekt lyd, Find My Device\n- GitHub Desktop (anbefalet)\n- Open the settings and click the button\n";
        let pair = lang_pair("en", "da");
        let r = compare(
            &units(en, Dialect::Mkdocs, false),
            &units(da, Dialect::Wikijs, true),
            None,
            pair.as_deref(),
        );
        let flagged: Vec<usize> = r.runs.iter().flat_map(|x| x.units.clone()).collect();
        assert_eq!(flagged, vec![4], "{:#?}", r.runs);
        assert_eq!(evidence("Perfekt lyd, Find My Device").function_words, 0);
        assert!(evidence("Kontrolpanelet viser indstillingerne").target_inflection);
        assert!(names_only("Fitbit Charge 6, Garmin Venu"));
        assert!(!names_only("Open the settings"));
        assert!(names_only("Android, iOS, web, Windows"));
        assert!(names_only("Android, Windows, macOS, Linux"));
        assert!(names_only("Markdown All in One"));
        assert!(names_only("Find My Device"));
        assert!(!names_only("Photos, videos and documents"));
        assert!(!names_only("Choose a server"));
        assert!(!names_only("Mastodon for Android is the official app"));
        assert!(!names_only("In the Settings"));
        // An abbreviation alone is one too; a word alone, even capitalised, is not.
        assert!(names_only("FAQ"));
        assert!(names_only("2FA"));
        assert!(!names_only("Settings"));
        assert!(!names_only("FAQ and help"));
        assert!(ENGLISH_FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }
}
