//! lingua's score of a text of ASCII letters, computed here from lingua's own models with a memo
//! per n-gram.
//!
//! [`LangPair`](super::langid::LangPair) asks lingua (high-accuracy mode, two languages) for the
//! confidence of each language in a unit's prose. lingua scores a text by its distinct n-grams
//! of one to five letters: each one's log-probability in each language's model, falling back to
//! the n-gram's shorter prefixes when the model lacks it. lingua looks every n-gram up again for
//! every text, through a lock on its model map, although a page's n-grams are mostly the same
//! few thousand; on a bilingual corpus those look-ups were most of the translation pass's
//! identifier time.
//!
//! This module computes the same score for a text made only of ASCII characters (English prose,
//! and the Danish prose that reaches the identifier has no `æ ø å`: those are target markers),
//! looking each n-gram up once per run. For such a text lingua's rule stages decide nothing
//! with English and Danish: no letter of the text belongs to one language's alphabet only, or
//! is one of the accented letters lingua's rules count, so both languages stay candidates and
//! the score is the n-gram sum alone. Other text, or another pair of languages, goes to lingua.
//! A test compares both on the labelled data and on generated text
//! (`same_confidence_as_lingua`).
//!
//! lingua's steps, for a text whose letters total `c`:
//! 1. words: runs of letters, lower-cased;
//! 2. n-gram lengths 1 to 5, or 3 alone when `c >= 120`, each only when `c >= n`;
//! 3. for each length, the set of distinct n-grams of the words; per language, the sum over
//!    the set of the first log-probability found along the n-gram's prefixes (`abc`, `ab`,
//!    `a`), kept when below zero;
//! 4. per language, the sums of the lengths added and divided by how many distinct letters the
//!    model knows (when unigrams were counted and it knows one), then exponentiated;
//! 5. each language's share of the total; when every exponential underflows, the language whose
//!    first length's sum is highest gets 1.

use lingua::Language;

use super::langid::Memo;

/// An n-gram model: n-gram -> natural log of its probability (as `f64` bits).
type Model = fst::Map<&'static [u8]>;

/// The models of a {source, target} pair and the memo of their look-ups.
pub(crate) struct NgramScorer {
    models: [Model; 2],
    /// Packed n-gram ([`pack`]) -> the first log-probability along its prefixes in the source's
    /// and the target's model (`NaN`: none).
    memo: Memo<u64, [f64; 2]>,
}
/// Letters from which lingua uses trigrams alone.
const LONG_TEXT: usize = 120;

fn model_of(language: Language) -> Option<Model> {
    let dir = match language {
        Language::English => &lingua_english_language_model::ENGLISH_MODELS_DIRECTORY,
        Language::Danish => &lingua_danish_language_model::DANISH_MODELS_DIRECTORY,
        // Reachable when lingua is built with more languages than these two.
        #[allow(unreachable_patterns)]
        _ => return None,
    };
    let bytes: &'static [u8] = dir.get_file("ngrams.fst")?.contents();
    fst::Map::new(bytes).ok()
}

/// An n-gram of one to five ASCII bytes as one number: its bytes, then its length.
fn pack(ngram: &[u8]) -> u64 {
    let mut k = 0u64;
    for &b in ngram {
        k = (k << 8) | u64::from(b);
    }
    (k << 8) | ngram.len() as u64
}

impl NgramScorer {
    /// The scorer of a pair whose models this build has (English and Danish), else `None`.
    pub(crate) fn new(source: Language, target: Language) -> Option<NgramScorer> {
        Some(NgramScorer {
            models: [model_of(source)?, model_of(target)?],
            memo: Memo::new(),
        })
    }

    /// Empties the memo (each run starts alike).
    pub(crate) fn forget(&self) {
        self.memo.clear();
    }

    /// The first log-probability along `ngram`'s prefixes in each model (`NaN`: none).
    fn lookup(&self, ngram: &[u8]) -> [f64; 2] {
        self.memo.get_or(&pack(ngram), || {
            let first = |m: &Model| {
                (1..=ngram.len())
                    .rev()
                    .find_map(|n| m.get(&ngram[..n]))
                    .map_or(f64::NAN, f64::from_bits)
            };
            [first(&self.models[0]), first(&self.models[1])]
        })
    }

    /// lingua's confidence values (source, target) for `text`, or `None` when the text is not
    /// all ASCII (lingua then scores it).
    pub(crate) fn confidence(&self, text: &str) -> Option<[f64; 2]> {
        if !text.is_ascii() {
            return None;
        }
        let mut words: Vec<Vec<u8>> = Vec::new();
        for w in text
            .as_bytes()
            .split(|b| !b.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
        {
            words.push(w.to_ascii_lowercase());
        }
        if words.is_empty() {
            return Some([0.0; 2]);
        }
        let letters: usize = words.iter().map(Vec::len).sum();
        let lengths = if letters >= LONG_TEXT { 3..4 } else { 1..6 };
        // Per length that the text is long enough for: each language's sum, when below zero.
        let mut sums: Vec<[Option<f64>; 2]> = Vec::with_capacity(5);
        let mut unigrams_known = [0usize; 2];
        let mut ngrams: Vec<&[u8]> = Vec::new();
        for n in lengths.filter(|&n| letters >= n) {
            ngrams.clear();
            for w in &words {
                ngrams.extend(w.windows(n));
            }
            ngrams.sort_unstable();
            ngrams.dedup();
            let mut sum = [0.0f64; 2];
            for g in &ngrams {
                let v = self.lookup(g);
                for l in 0..2 {
                    if !v[l].is_nan() {
                        sum[l] += v[l];
                        if n == 1 {
                            unigrams_known[l] += 1;
                        }
                    }
                }
            }
            sums.push(sum.map(|s| (s < 0.0).then_some(s)));
        }
        let unigrams = letters < LONG_TEXT;
        let mut summed = [None; 2];
        for l in 0..2 {
            let mut s: f64 = sums.iter().map(|x| x[l].unwrap_or(0.0)).sum();
            if unigrams && unigrams_known[l] > 0 {
                s /= unigrams_known[l] as f64;
            }
            if s != 0.0 {
                summed[l] = Some(s.exp());
            }
        }
        if summed.iter().all(Option::is_none) {
            return Some([0.0; 2]);
        }
        let denominator: f64 = summed.iter().flatten().sum();
        if denominator == 0.0 {
            // Every exponential underflowed: the language with the highest sum at the first
            // length wins (lingua's rule for very long text).
            let first = sums.first().copied().unwrap_or([None; 2]);
            return Some(match first {
                [Some(s), Some(t)] if t > s => [0.0, 1.0],
                [Some(_), _] => [1.0, 0.0],
                [None, Some(_)] => [0.0, 1.0],
                [None, None] => [0.0, 0.0],
            });
        }
        Some(summed.map(|s| s.map_or(0.0, |s| s / denominator)))
    }
}
