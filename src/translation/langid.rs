//! Language identification for untranslated text (GL403): is a translation unit's prose still in
//! the source language?
//!
//! The identifier is restricted to the page's pair {source, target} and is built to be *quiet*:
//! flagging a translated (target) unit as source is a false positive that a translator has to
//! argue with, so every step that can say "not source" runs first, and [`Verdict::Source`] needs
//! all of them to agree. Evaluation, numbers and the reasons for each threshold:
//! `rules/GL403-untranslated-text.eval.md`; labelled data: `tests/fixtures/langid/labelled.tsv`.
//!
//! 1. Words are counted on the prose: tokens of letters (with inner `-`/`'`); numbers, domains
//!    (`mastodon.social`), file names, handles and product names (`Mastodon`, `GitHub`...) are not
//!    words. Fewer than `MIN_WORDS` words: [`Verdict::TooShort`], never guessed.
//! 2. Target markers (only for languages that have a table, today Danish): a letter of the
//!    target's alphabet that the source never uses (`æ ø å`), or a function word of the target
//!    that is not a word of the source ("og", "ikke", "til", lower-case "i"...). A unit with one of
//!    them is at least partly translated: [`Verdict::Target`]. This is what keeps Danish with
//!    English UI labels ("Klik på Move followers") from being flagged.
//! 3. `lingua` (high-accuracy mode, models of the two languages only) scores the whole prose
//!    (for ASCII prose, `ngrams` computes lingua's score with a memo per n-gram).
//!    P(source) >= `SOURCE_MIN` is needed for `Source`; P(target) >= `SOURCE_MIN` gives
//!    `Target`; anything between is `Unsure`.
//! 4. Word check, only for units that passed 3: each word of 3+ letters is scored alone. If more
//!    than `MIXED_SHARE` of the words are clearly target (P >= `WORD_CLEAR`), the unit is
//!    mixed; if no word is clearly source (shared vocabulary such as "Status for import"), or,
//!    in a unit of fewer than `ALL_CLEAR_BELOW` words, not every word is: `Unsure`.
//!
//! The lingua models are compiled into the binary (`english` and `danish` features) and loaded by
//! lingua on first use, once per process (a few milliseconds); building a [`LangPair`] is cheap
//! (well under a millisecond). `LangPair` is `Send + Sync` and can be shared by rayon threads.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use super::fnv::Fnv;
use super::ngrams::NgramScorer;
use std::str::FromStr;
use std::sync::{LazyLock, Mutex};

use lingua::{IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder};

/// What [`LangPair::judge`] says about one unit's prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// Confidently in the source language: report it as untranslated.
    Source,
    /// In the target language, or at least partly translated.
    Target,
    /// Too few words to judge; skipped, never guessed.
    TooShort,
    /// Could be either (shared vocabulary, mixed text, low confidence); not reported.
    Unsure,
}

/// A language identifier restricted to one {source, target} pair.
pub struct LangPair {
    source: Language,
    target: Language,
    detector: LanguageDetector,
    markers: Option<&'static Markers>,
    /// lingua's answers by text: words recur on every page, and so do callout titles and
    /// copied sentences. Emptied by [`LangPair::forget`] at the start of each run.
    memo: Memo<String, f64>,
    /// [`LangPair::judge`]'s verdicts by text (repeated units are judged once a run).
    verdicts: Memo<String, Verdict>,
    /// lingua's score computed here for ASCII text, with a memo per n-gram (`None` for a pair
    /// without models in this build).
    ngrams: Option<NgramScorer>,
}

/// A concurrent map key -> answer (a text's P(source) or verdict, an n-gram's log-probabilities),
/// sharded so rayon's threads rarely wait on each other.
pub(super) struct Memo<K, V> {
    shards: Vec<Mutex<HashMap<K, V, Fnv>>>,
}

/// Shards of the memo, and entries a shard holds before it is emptied (bounded memory: about
/// 64 bytes an entry, so at most a few tens of MB).
const MEMO_SHARDS: usize = 16;
const MEMO_SHARD_CAP: usize = 1 << 15;

impl<K: Hash + Eq, V: Copy> Memo<K, V> {
    pub(super) fn new() -> Memo<K, V> {
        Memo {
            shards: (0..MEMO_SHARDS)
                .map(|_| Mutex::new(HashMap::with_hasher(Fnv)))
                .collect(),
        }
    }

    /// The answer for `key`, computed on the first ask.
    pub(super) fn get_or<Q>(&self, key: &Q, compute: impl FnOnce() -> V) -> V
    where
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
        K: Borrow<Q>,
    {
        // The high bits: the map uses the low ones.
        let h = std::hash::BuildHasher::hash_one(&Fnv, key);
        let shard = &self.shards[(h >> 60) as usize % MEMO_SHARDS];
        if let Some(&p) = lock(shard).get(key) {
            return p;
        }
        let p = compute();
        let mut map = lock(shard);
        if map.len() >= MEMO_SHARD_CAP {
            map.clear();
        }
        map.insert(key.to_owned(), p);
        p
    }

    pub(super) fn clear(&self) {
        for s in &self.shards {
            lock(s).clear();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Fewer words than this is [`Verdict::TooShort`].
pub(crate) const MIN_WORDS: usize = 2;
/// Whole-prose P(source) needed for `Source` (and P(target) needed for `Target`).
pub(crate) const SOURCE_MIN: f64 = 0.7;
/// A single word scored alone is "clearly" of a language from this probability on.
pub(crate) const WORD_CLEAR: f64 = 0.8;
/// More than this share of clearly-target words makes a source-looking unit mixed.
pub(crate) const MIXED_SHARE: f64 = 0.1;

/// Units with fewer words than this need every word of 3+ letters to be clearly source.
pub(crate) const ALL_CLEAR_BELOW: usize = 4;

/// Tunable knobs, so the evaluation program can sweep them; `judge` uses `Params::DEFAULT`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    pub min_words: usize,
    pub source_min: f64,
    pub word_clear: f64,
    pub mixed_share: f64,
    /// Require at least one clearly-source word.
    pub need_source_word: bool,
    pub use_markers: bool,
    pub use_word_check: bool,
    /// Units with fewer words than this need every word of 3+ letters to be clearly source.
    pub all_clear_below: usize,
}

impl Params {
    pub(crate) const DEFAULT: Params = Params {
        min_words: MIN_WORDS,
        source_min: SOURCE_MIN,
        word_clear: WORD_CLEAR,
        mixed_share: MIXED_SHARE,
        need_source_word: true,
        use_markers: true,
        use_word_check: true,
        all_clear_below: ALL_CLEAR_BELOW,
    };
}

/// Letters and function words that mark a language against English. Only words that are not
/// English words are listed ("for", "at", "to", "her", "men", "under", "den", "sin", "mit",
/// "var", "tag" are left out); `lower_only` words count only when written in lower case
/// (sentence-initial "I", "En" could be English).
pub(crate) struct Markers {
    letters: &'static [char],
    words: &'static [&'static str],
    lower_only: &'static [&'static str],
}

static DANISH: Markers = Markers {
    letters: &['æ', 'ø', 'å', 'Æ', 'Ø', 'Å'],
    words: &[
        "og", "er", "det", "der", "til", "af", "med", "som", "ikke", "du", "din", "dit", "dine",
        "jeg", "kan", "skal", "vil", "har", "hvis", "eller", "efter", "ved", "hvor", "hvad",
        "hvem", "hvordan", "hvorfor", "dig", "mig", "sig", "nu", "kun", "nye", "nyt", "denne",
        "dette", "disse", "hver", "noget", "nogen", "nogle", "alle", "andre", "meget", "blive",
        "bliver", "blev", "havde", "fordi", "fra", "om", "ud", "hos", "uden", "mellem", "igen",
        "altid", "aldrig", "klik", "skriv", "brug", "tryk", "tjek", "dem", "deres", "vores",
        "jeres", "hun", "fx", "eks", "eksempel", "siden", "hedder", "ligger", "mindst", "senere",
        "selv",
    ],
    lower_only: &["i", "en", "et", "ny"],
};

/// The longest marker word, in bytes (checked by a test).
const MARKER_MAX: usize = 16;

/// A marker table's words as a set.
fn marker_words(m: &'static Markers) -> &'static HashSet<&'static str, Fnv> {
    static DANISH_WORDS: LazyLock<HashSet<&'static str, Fnv>> =
        LazyLock::new(|| DANISH.words.iter().copied().collect());
    debug_assert!(std::ptr::eq(m, &DANISH), "one marker table");
    &DANISH_WORDS
}

fn markers_for(language: Language) -> Option<&'static Markers> {
    match language {
        Language::Danish => Some(&DANISH),
        _ => None,
    }
}

/// Names that read the same in both languages; not counted as words and not shown to lingua.
const NEUTRAL: &[&str] = &[
    "mastodon",
    "github",
    "gitlab",
    "wiki",
    "markdown",
    "twitter",
    "postgresql",
    "docker",
    "git",
    "csv",
    "guide-lint",
    "fediverse",
];

/// The first letters of [`NEUTRAL`]'s names (all lower-case ASCII), as a mask: bit 0 for `a`.
const NEUTRAL_FIRST: u32 = {
    let mut mask = 0;
    let mut i = 0;
    while i < NEUTRAL.len() {
        let first = NEUTRAL[i].as_bytes()[0];
        assert!(first.is_ascii_lowercase());
        mask |= 1 << (first - b'a');
        i += 1;
    }
    mask
};

/// Word tokens of `prose`: letters with inner `-`/`'`; no digits, dots, slashes, `@`, `_`.
/// (The identifier reads them through [`visit_words`], which can stop early; this list is for
/// the tests and the context checks of `compare`.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn words(prose: &str) -> Vec<&str> {
    let mut out = Vec::new();
    visit_words(prose, |w| {
        out.push(w);
        true
    });
    out
}

/// Calls `f` on each of [`words`]' tokens in order, until it returns false.
fn visit_words<'a>(prose: &'a str, mut f: impl FnMut(&'a str) -> bool) {
    // Text of ASCII and Latin-1 characters (U+00C0..U+00FF, led by 0xC3) is read byte by byte.
    // (Tested without stopping early: the compiler vectorises the test, and most text passes.)
    if !prose
        .bytes()
        .fold(false, |other, c| other | ((c >= 0xC0) & (c != 0xC3)))
    {
        visit_words_latin1(prose, f);
        return;
    }
    let separator = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '"'
                    | '“'
                    | '”'
                    | '«'
                    | '»'
                    | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | '/'
            )
    };
    for w in prose
        .split(separator)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
    {
        if is_word_token(w) && !is_neutral(w) && !f(w) {
            return;
        }
    }
}

/// [`visit_words`] byte by byte, for text made of ASCII and Latin-1 characters (whose
/// letters are all but `×` and `÷`).
fn visit_words_latin1<'a>(prose: &'a str, mut f: impl FnMut(&'a str) -> bool) {
    let b = prose.as_bytes();
    let mut start = 0;
    for i in 0..=b.len() {
        let c = b.get(i).copied().unwrap_or(b' ');
        match c {
            0x80.. => continue,
            b'\t'..=b'\r'
            | b' '
            | b'('
            | b')'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'"'
            | b','
            | b';'
            | b':'
            | b'!'
            | b'?'
            | b'/' => {}
            _ => continue,
        }
        let (mut lo, mut hi) = (start, i);
        start = i + 1;
        // Trimmed of what is not a letter or digit (ASCII, or `×`/`÷`), whole characters only.
        loop {
            match &b[lo..hi] {
                [0xC3, 0x97 | 0xB7, ..] => lo += 2,
                [c, ..] if *c < 0x80 && !c.is_ascii_alphanumeric() => lo += 1,
                _ => break,
            }
        }
        loop {
            match &b[lo..hi] {
                [.., 0xC3, 0x97 | 0xB7] => hi -= 2,
                [.., c] if *c < 0x80 && !c.is_ascii_alphanumeric() => hi -= 1,
                _ => break,
            }
        }
        let t = &b[lo..hi];
        // Letters, `-` and `'` only, at least one letter (a Latin-1 character left after the
        // trim is a letter unless it is `×` or `÷`).
        let mut letter = false;
        let mut j = 0;
        let mut ok = true;
        while j < t.len() {
            match t[j] {
                0xC3 => {
                    ok &= !matches!(t.get(j + 1), Some(0x97 | 0xB7));
                    letter = true;
                    j += 2;
                }
                c if c.is_ascii_alphabetic() => {
                    letter = true;
                    j += 1;
                }
                b'-' | b'\'' => j += 1,
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok || !letter {
            continue;
        }
        let w = &prose[lo..hi];
        if !is_neutral(w) && !f(w) {
            return;
        }
    }
}

/// Letters with inner `-`, `'` or `’` only, and at least one letter (what [`words`] keeps).
fn is_word_token(w: &str) -> bool {
    if w.is_ascii() {
        let b = w.as_bytes();
        return b.iter().any(u8::is_ascii_alphabetic)
            && b.iter()
                .all(|&c| c.is_ascii_alphabetic() || c == b'-' || c == b'\'');
    }
    w.chars().any(char::is_alphabetic)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
}

/// Whether a word is one of [`NEUTRAL`]'s names, in any case.
fn is_neutral(w: &str) -> bool {
    if w.is_ascii() {
        // Most words start with a letter no name starts with: no name is compared.
        let first = w.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
        first.is_ascii_lowercase()
            && NEUTRAL_FIRST & (1 << (first - b'a')) != 0
            && NEUTRAL.iter().any(|n| w.eq_ignore_ascii_case(n))
    } else {
        NEUTRAL.contains(&w.to_lowercase().as_str())
    }
}

impl LangPair {
    /// source/target are ISO 639-1 codes from config, e.g. "en", "da". Returns None if unsupported.
    pub fn new(source: &str, target: &str) -> Option<LangPair> {
        let language = |code: &str| -> Option<Language> {
            let iso = IsoCode639_1::from_str(code.trim()).ok()?;
            Some(Language::from_iso_code_639_1(&iso))
        };
        let (source, target) = (language(source)?, language(target)?);
        if source == target {
            return None;
        }
        let detector = LanguageDetectorBuilder::from_languages(&[source, target]).build();
        Some(LangPair {
            source,
            target,
            detector,
            markers: markers_for(target),
            memo: Memo::new(),
            verdicts: Memo::new(),
            ngrams: NgramScorer::new(source, target),
        })
    }

    /// The cheap part of [`LangPair::judge`]: `TooShort`, or `Target` when the prose has a
    /// target marker; `None` when only the detector can tell. `judge` gives the same answer
    /// whenever this one gives one.
    pub fn quick(&self, prose: &str) -> Option<Verdict> {
        let p = &Params::DEFAULT;
        // What `words_until_marker` finds, counted rather than listed (run on every unit).
        let (mut words, mut marker) = (0, false);
        visit_words(prose, |w| {
            words += 1;
            marker = marker || (p.use_markers && self.is_marker(w));
            !(marker && words >= p.min_words)
        });
        if words < p.min_words {
            return Some(Verdict::TooShort);
        }
        marker.then_some(Verdict::Target)
    }

    /// The words of `prose` and whether one is a target marker (when `p` uses markers). Once a
    /// marker is found among at least `p.min_words` words the rest is not read: the verdict is
    /// then known to be "target", and the list is cut short.
    fn words_until_marker<'a>(&self, prose: &'a str, p: &Params) -> (Vec<&'a str>, bool) {
        let mut words = Vec::new();
        let mut marker = false;
        visit_words(prose, |w| {
            words.push(w);
            marker = marker || (p.use_markers && self.is_marker(w));
            !(marker && words.len() >= p.min_words)
        });
        (words, marker)
    }

    /// The letters of the target's marker table (`æøåÆØÅ` for Danish): letters the source
    /// language never uses, so a unit with one is at least partly translated. Empty when the
    /// target has no marker table.
    pub fn target_only_letters(&self) -> &'static [char] {
        self.markers.map_or(&[], |m| m.letters)
    }

    /// `prose` is already stripped of markup, code spans and URLs.
    pub fn judge(&self, prose: &str) -> Verdict {
        self.verdicts
            .get_or(prose, || self.judge_with(prose, &Params::DEFAULT))
    }

    pub(crate) fn judge_with(&self, prose: &str, p: &Params) -> Verdict {
        let (words, marker) = self.words_until_marker(prose, p);
        if words.len() < p.min_words {
            return Verdict::TooShort;
        }
        if marker {
            return Verdict::Target;
        }
        let source = self.p_source(&words.join(" "));
        if source <= 1.0 - p.source_min {
            return Verdict::Target;
        }
        if source < p.source_min {
            return Verdict::Unsure;
        }
        if !p.use_word_check || self.word_check(&words, p) {
            return Verdict::Source;
        }
        Verdict::Unsure
    }

    /// Whether `judge(prose)` is [`Verdict::Source`], computed cheapest first: the word check
    /// (words recur, so their scores are mostly memoised) before lingua's score of the whole
    /// text, which is needed only when the word check passes.
    pub fn is_source(&self, prose: &str) -> bool {
        let p = &Params::DEFAULT;
        let (words, marker) = self.words_until_marker(prose, p);
        if words.len() < p.min_words || marker {
            return false;
        }
        (!p.use_word_check || self.word_check(&words, p))
            && self.p_source(&words.join(" ")) >= p.source_min
    }

    /// The word check of [`LangPair::judge`] (step 4): each word of 3+ letters scored alone;
    /// false when the unit is mixed, has no clearly-source word, or (when short) has a word
    /// that is not clearly source.
    fn word_check(&self, words: &[&str], p: &Params) -> bool {
        let (mut clear_source, mut clear_target, mut long) = (0usize, 0usize, 0usize);
        for w in words.iter().filter(|w| w.chars().count() >= 3) {
            long += 1;
            let s = if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
                self.p_source(&w.to_lowercase())
            } else {
                self.p_source(w)
            };
            if s >= p.word_clear {
                clear_source += 1;
            } else if 1.0 - s >= p.word_clear {
                clear_target += 1;
            }
        }
        !(clear_target as f64 > p.mixed_share * words.len() as f64
            || (p.need_source_word && clear_source == 0)
            || (words.len() < p.all_clear_below && clear_source < long))
    }

    /// Empties the memo of lingua's answers, so a run does not reuse an earlier run's (each
    /// `check` starts alike: benchmarks measure the work, not a warm memo).
    pub fn forget(&self) {
        self.memo.clear();
        self.verdicts.clear();
        if let Some(n) = &self.ngrams {
            n.forget();
        }
    }

    /// Whether a word marks the target language: a letter the source never uses, or one of
    /// the marker table's words.
    fn is_marker(&self, w: &str) -> bool {
        let Some(m) = self.markers else { return false };
        let set = marker_words(m);
        // A letter alone (`æ, ø and å` named in English text) is no Danish word.
        let ascii = w.is_ascii();
        (!ascii && w.chars().nth(1).is_some() && w.chars().any(|c| m.letters.contains(&c)))
            || m.lower_only.contains(&w)
            || if !ascii {
                set.contains(w.to_lowercase().as_str())
            } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
                // Lower-cased on the stack: no marker word is longer than `MARKER_MAX` bytes.
                w.len() <= MARKER_MAX && {
                    let mut buf = [0u8; MARKER_MAX];
                    let lower = &mut buf[..w.len()];
                    lower.copy_from_slice(w.as_bytes());
                    lower.make_ascii_lowercase();
                    std::str::from_utf8(lower).is_ok_and(|l| set.contains(l))
                }
            } else {
                set.contains(w)
            }
    }

    /// P(source) among {source, target} for `text`; 0.5 when lingua has no opinion.
    pub(crate) fn p_source(&self, text: &str) -> f64 {
        self.memo.get_or(text, || self.p_source_uncached(text))
    }

    fn p_source_uncached(&self, text: &str) -> f64 {
        if let Some([s, t]) = self.ngrams.as_ref().and_then(|n| n.confidence(text)) {
            return if s + t <= 0.0 { 0.5 } else { s / (s + t) };
        }
        self.p_source_lingua(text)
    }

    /// [`LangPair::p_source`] as lingua computes it.
    fn p_source_lingua(&self, text: &str) -> f64 {
        let values = self.detector.compute_language_confidence_values(text);
        let of = |l: Language| {
            values
                .iter()
                .find(|(x, _)| *x == l)
                .map_or(0.0, |(_, v)| *v)
        };
        let (s, t) = (of(self.source), of(self.target));
        if s + t <= 0.0 { 0.5 } else { s / (s + t) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELLED: &str = include_str!("../../tests/fixtures/langid/labelled.tsv");

    /// (is_english, kind, raw text, prose): prose strips code spans, Markdown links, URLs and
    /// emphasis the way the document layer does before a unit reaches `judge`.
    fn labelled() -> Vec<(bool, &'static str, &'static str, String)> {
        LABELLED
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut it = l.splitn(3, '\t');
                let lang = it.next().unwrap();
                let kind = it.next().unwrap();
                let text = it.next().unwrap();
                assert!(lang == "en" || lang == "da", "bad label in {l:?}");
                (lang == "en", kind, text, strip(text))
            })
            .collect()
    }

    fn strip(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find('`') {
            out.push_str(&rest[..i]);
            out.push(' ');
            match rest[i + 1..].find('`') {
                Some(j) => rest = &rest[i + 1 + j + 1..],
                None => rest = "",
            }
        }
        out.push_str(rest);
        // [text](target) -> text
        let mut s = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find("](") {
            s.push_str(&rest[..i]);
            rest = rest[i + 2..]
                .find(')')
                .map_or("", |j| &rest[i + 2 + j + 1..]);
        }
        s.push_str(rest);
        s.split_whitespace()
            .filter(|w| !w.starts_with("http://") && !w.starts_with("https://"))
            .collect::<Vec<_>>()
            .join(" ")
            .replace(['*', '[', '\\'], "")
    }

    fn pair() -> LangPair {
        LangPair::new("en", "da").expect("en/da is supported")
    }

    /// The score computed in `ngrams` is lingua's: on every labelled text, each of its words,
    /// each text as `judge` hands it over (words joined), texts long enough for trigrams alone
    /// (120 letters and more), and edge cases. Non-ASCII text is left to lingua.
    #[test]
    fn same_confidence_as_lingua() {
        let p = pair();
        let scorer = p
            .ngrams
            .as_ref()
            .expect("English and Danish models are built in");
        let mut texts: Vec<String> = Vec::new();
        let labelled = labelled();
        for x in &labelled {
            texts.push(x.3.clone());
            texts.push(words(&x.3).join(" "));
            texts.extend(words(&x.3).iter().map(|w| w.to_string()));
        }
        // Long texts: around the 120-letter step and well past it.
        for chunk in labelled.chunks(3) {
            let joined: Vec<&str> = chunk.iter().map(|x| x.3.as_str()).collect();
            let joined = joined.join(" ");
            texts.push(joined.chars().take(118).collect());
            texts.push(joined.chars().take(130).collect());
            texts.push(joined);
        }
        for edge in [
            "",
            "   ",
            "123 456",
            "a",
            "I",
            "don't stop-gap e-mail",
            "HTTPS WWW Example COM",
            "x y z q",
            "zzzzzzzzzzzzz qqqqqqqqqq",
            "Klik paa knappen og vent",
        ] {
            texts.push(edge.to_string());
        }
        let (mut ascii, mut other) = (0, 0);
        for t in &texts {
            let Some([s, d]) = scorer.confidence(t) else {
                assert!(!t.is_ascii(), "{t:?} is ASCII and was not scored");
                other += 1;
                continue;
            };
            let values = p.detector.compute_language_confidence_values(t.as_str());
            let of = |l: Language| values.iter().find(|v| v.0 == l).map_or(0.0, |v| v.1);
            let (ls, ld) = (of(Language::English), of(Language::Danish));
            assert!(
                (s - ls).abs() < 1e-9 && (d - ld).abs() < 1e-9,
                "{t:?}: here ({s}, {d}), lingua ({ls}, {ld})"
            );
            ascii += 1;
        }
        assert!(
            ascii > 5000 && other > 100,
            "{ascii} ASCII texts, {other} others"
        );
    }

    #[test]
    fn labelled_set_is_big_and_balanced() {
        let l = labelled();
        let en = l.iter().filter(|x| x.0).count();
        assert!(l.len() >= 400, "{} texts", l.len());
        assert!(
            en * 10 >= l.len() * 4 && en * 10 <= l.len() * 6,
            "{en} en of {}",
            l.len()
        );
    }

    /// Danish units that are judged Source, measured and accepted (see the evaluation): a Danish
    /// label in front of an English UI string. Found in the final held-out set.
    const KNOWN_FALSE_ENGLISH: &[&str] = &["Sync-status: Last synced 5 minutes ago"];

    #[test]
    fn no_danish_text_is_judged_english() {
        let p = pair();
        let wrong: Vec<_> = labelled()
            .into_iter()
            .filter(|x| !x.0 && p.judge(&x.3) == Verdict::Source)
            .map(|x| x.2)
            .filter(|t| !KNOWN_FALSE_ENGLISH.contains(t))
            .collect();
        assert!(wrong.is_empty(), "Danish judged Source: {wrong:#?}");
    }

    #[test]
    fn english_is_caught() {
        let p = pair();
        // (min words, max words, required share judged Source); measured: 97.9%, 96.5%, 29%
        for (lo, hi, need) in [(8, usize::MAX, 0.95), (4, 7, 0.93), (2, 3, 0.25)] {
            let texts: Vec<_> = labelled()
                .into_iter()
                .filter(|x| x.0 && (lo..=hi).contains(&words(&x.3).len()))
                .collect();
            let caught = texts
                .iter()
                .filter(|x| p.judge(&x.3) == Verdict::Source)
                .count();
            let share = caught as f64 / texts.len() as f64;
            assert!(
                share >= need,
                "{lo}-{hi} words: {caught}/{} judged Source",
                texts.len()
            );
        }
    }

    #[test]
    fn english_is_never_judged_danish() {
        let p = pair();
        for x in labelled().into_iter().filter(|x| x.0) {
            assert_ne!(p.judge(&x.3), Verdict::Target, "{:?}", x.2);
        }
    }

    #[test]
    fn long_danish_is_judged_target() {
        let p = pair();
        let long: Vec<_> = labelled()
            .into_iter()
            .filter(|x| !x.0 && words(&x.3).len() >= 8)
            .collect();
        let target = long
            .iter()
            .filter(|x| p.judge(&x.3) == Verdict::Target)
            .count();
        // measured: 134 of 135, the other one Unsure
        assert!(
            target * 100 >= long.len() * 97,
            "{target}/{} judged Target",
            long.len()
        );
    }

    #[test]
    fn short_and_neutral_units_are_too_short() {
        let p = pair();
        for prose in [
            "",
            "mastodon.social",
            "Færdig!",
            "Wiki.js",
            "2.7",
            "Mastodon",
            "-> 42",
        ] {
            assert_eq!(p.judge(prose), Verdict::TooShort, "{prose:?}");
        }
    }

    #[test]
    fn seed_lines() {
        let p = pair();
        // English left in the Danish seed page (`docs/development.md#the-seed-pages`, GL403).
        for prose in [
            "and joining my new server at:",
            "On the old server, navigate to the page in the left menu.",
            "In the table, click on the link for each kind of data you want to migrate to the new server.",
            "Now that we have a backup of your old data, we can import it on the new server later in this guide.",
            "Make sure to select and not",
        ] {
            assert_eq!(p.judge(prose), Verdict::Source, "{prose:?}");
        }
        for prose in [
            "Min gamle Mastodon server som jeg skal flytte fra er:",
            "Hvis feltet har en rød kant, så er det ikke udfyldt korrekt",
            "Brug ikke til at overføre data; du kan ikke importere den fil til den nye server.",
            "Klik på Move followers",
            "Gå til Preferences -> Profile",
        ] {
            assert_ne!(p.judge(prose), Verdict::Source, "{prose:?}");
        }
    }

    #[test]
    fn pairs() {
        assert!(LangPair::new("en", "da").is_some());
        assert!(LangPair::new("EN", " da ").is_some());
        assert!(LangPair::new("da", "en").is_some());
        assert!(LangPair::new("en", "en").is_none());
        assert!(LangPair::new("en", "xx").is_none());
        assert!(LangPair::new("", "da").is_none());
    }

    #[test]
    fn send_sync_and_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<LangPair>();
        let p = std::sync::Arc::new(pair());
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let p = p.clone();
                std::thread::spawn(move || p.judge("Click the button to move your followers"))
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), Verdict::Source);
        }
    }

    #[test]
    fn words_equal_their_definition() {
        fn reference(prose: &str) -> Vec<&str> {
            prose
                .split(|c: char| c.is_whitespace() || "()[]{}\"“”«»,;:!?/".contains(c))
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| {
                    w.chars().any(char::is_alphabetic)
                        && w.chars()
                            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
                        && !is_neutral(w)
                })
                .collect()
        }
        for (_, _, text, prose) in labelled() {
            assert_eq!(words(text), reference(text), "{text:?}");
            assert_eq!(words(&prose), reference(&prose), "{prose:?}");
        }
        for s in [
            "(a)[b]{c}\"d\"“e”«f»,g;h:i!j?k/l",
            "co-op l'été don’t x-",
            "Ωμέγα Mastodon GitHub's",
        ] {
            assert_eq!(words(s), reference(s), "{s:?}");
        }
    }
}

#[cfg(test)]
mod letter_tests {
    use super::*;

    #[test]
    fn marker_words_fit_the_lower_case_buffer() {
        assert!(DANISH.words.iter().all(|w| w.len() <= MARKER_MAX));
        let pair = LangPair::new("en", "da").expect("en-da");
        for (w, marker) in [
            ("Ikke", true),
            ("IKKE", true),
            ("ikke", true),
            ("Eksempel", true),
            ("Eksemplerne", false),
            ("Same", false),
            ("AVeryLongWordThatIsNoMarker", false),
            ("Og", true),
            ("I", false),
            ("i", true),
        ] {
            assert_eq!(pair.is_marker(w), marker, "{w}");
        }
    }

    #[test]
    fn target_only_letters_are_the_marker_letters() {
        let pair = LangPair::new("en", "da").expect("en-da");
        let letters: String = pair.target_only_letters().iter().collect();
        assert_eq!(letters, "æøåÆØÅ");
        // Whenever the shortcut applies, the marker check agrees.
        assert_eq!(pair.quick("Klik på knappen"), Some(Verdict::Target));
        assert_eq!(pair.judge("Gå videre nu"), Verdict::Target);
    }
}
