//! Small helpers shared by every layer. This module imports nothing from the crate: anything
//! here may be used anywhere (see `docs/architecture.md#layers`).

/// The first offset of a fixed byte string in a haystack, by a `memmem` search set up once for
/// the process: `memchr::memmem::find` sets a searcher up at every call, which costs more than
/// the search itself on a page of a few kilobytes (a dozen such looks a page, made for every
/// page of a run).
macro_rules! find_bytes {
    ($hay:expr, $needle:literal) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($needle));
        FINDER.find($hay)
    }};
}
pub(crate) use find_bytes;

/// The environment variable holding the wiki's API key when the configuration names none.
pub const DEFAULT_TOKEN_ENV: &str = "GUIDE_LINT_WIKI_TOKEN";

/// Checks `author` is `Name <email>` and splits it; the error says how to write it.
pub fn parse_author(author: &str) -> Result<(String, String), String> {
    let bad =
        || format!("invalid commit author `{author}`: write it as `Name <email@example.org>`");
    let (name, rest) = author.split_once('<').ok_or_else(bad)?;
    let email = rest.strip_suffix('>').ok_or_else(bad)?;
    let name = name.trim();
    if name.is_empty() || email.trim().is_empty() || email.contains(['<', '>']) {
        return Err(bad());
    }
    Ok((name.to_string(), email.trim().to_string()))
}

/// Whether a folder name looks like a Wiki.js locale (`da`, `pt-br`).
pub fn is_locale(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 2 && b.iter().all(u8::is_ascii_lowercase))
        || (b.len() == 5
            && b[2] == b'-'
            && b[..2].iter().all(u8::is_ascii_lowercase)
            && b[3..].iter().all(u8::is_ascii_lowercase))
}

/// Whether `s` is an ISO 639-1 language code (`da`, `en`; not `go` or `us`), as a site's
/// language edition is named (`da.wikipedia.org`).
pub fn is_language(s: &str) -> bool {
    LANGUAGES.binary_search(&s).is_ok()
}

/// The ISO 639-1 codes, sorted.
const LANGUAGES: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// `t` as `2023-01-02T17:43:00.117Z` (UTC, milliseconds).
pub fn iso_millis(t: std::time::SystemTime) -> String {
    let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let (y, m, day) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// [`io_message`] of a file or folder that does not exist.
pub fn io_message_not_found() -> &'static str {
    "no such file or directory"
}

/// An I/O error's message without the OS error number noise.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => io_message_not_found().to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s.to_lowercase(),
            }
        }
    }
}

/// How near a candidate must be for [`closest`] to suggest it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nearness {
    /// Edits always allowed: a candidate is near when at most a third of the longer string's
    /// characters differ, or this many when that is more (and never every character).
    pub min_edits: usize,
    /// Whether a candidate that contains the wanted string, or is contained in it (from three
    /// characters), qualifies too, after every near one (`export` -> `h-2-export-your-data`).
    pub containment: bool,
}

impl Nearness {
    /// A mistyped name among known names (configuration keys, rule codes and names, keywords,
    /// identities, attributes): a likely typo, at least one edit.
    pub const TYPO: Nearness = Nearness {
        min_edits: 1,
        containment: false,
    };
    /// A link target among those that exist (anchors, page paths, file names, classes): at
    /// least two edits, or containment.
    pub const TARGET: Nearness = Nearness {
        min_edits: 2,
        containment: true,
    };
}

/// The candidate closest to `wanted`, when it is `near` enough to be what the author meant and
/// no other candidate is as likely: the only one of [`likeliest`].
pub fn closest<'c, I>(wanted: &str, candidates: I, near: Nearness) -> Option<&'c str>
where
    I: IntoIterator<Item = &'c str>,
{
    match likeliest(wanted, candidates, near).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The candidates the author most likely meant by `wanted`, in the order given, one per
/// spelling (case aside): the near ones at the smallest distance, or, when none is near, every
/// one that contains the wanted string or is contained in it. More than one means that picking
/// one would be a guess (`step-4` on a page with `step-2` and `step-3`; `enforcement` on a page
/// with `further-enforcement` and `enforcement-examples`).
///
/// Distance is Damerau-Levenshtein over characters, case-insensitive; empty strings match
/// nothing.
pub fn likeliest<'c, I>(wanted: &str, candidates: I, near: Nearness) -> Vec<&'c str>
where
    I: IntoIterator<Item = &'c str>,
{
    let w = wanted.to_lowercase();
    if w.is_empty() {
        return Vec::new();
    }
    let wn = w.chars().count();
    let limit = |longest: usize| (longest / 3).max(near.min_edits);
    // The smallest distance of a near candidate so far, and the near candidates at it.
    let mut best: Option<usize> = None;
    let mut nearest: Vec<(&'c str, String)> = Vec::new();
    // The candidates that qualify by containment only.
    let mut containing: Vec<(&'c str, String)> = Vec::new();
    for c in candidates {
        let lc = c.to_lowercase();
        if lc.is_empty() {
            continue;
        }
        let cn = lc.chars().count();
        let longest = wn.max(cn);
        // The edit distance is at least the difference in length: skip the distance when
        // that bound already rules the candidate out (the result is the same, only cheaper).
        let at_least = wn.abs_diff(cn);
        let may_be_near =
            at_least <= limit(longest) && at_least < longest && best.is_none_or(|b| at_least <= b);
        let contained = near.containment && wn >= 3 && (lc.contains(&w) || w.contains(&lc));
        let is_near = may_be_near && {
            let d = strsim::damerau_levenshtein(&w, &lc);
            let near_enough = d <= limit(longest) && d < longest;
            if near_enough && best.is_none_or(|b| d < b) {
                best = Some(d);
                nearest.clear();
            }
            near_enough && best == Some(d)
        };
        let list = match (is_near, contained) {
            (true, _) => &mut nearest,
            (false, true) => &mut containing,
            (false, false) => continue,
        };
        if !list.iter().any(|(_, l)| *l == lc) {
            list.push((c, lc));
        }
    }
    let chosen = if nearest.is_empty() {
        containing
    } else {
        nearest
    };
    chosen.into_iter().map(|(c, _)| c).collect()
}

/// A count and its noun: `1 error`, `2 errors` (any unsigned count).
pub fn plural<N: std::fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

/// Appends `n` in decimal (what `format!("{n}")` writes, without the formatting machinery).
/// A number that fits 64 bits (line and column numbers and counts always do) is divided as
/// such: a 128-bit division is a call to a library routine, a 64-bit one an instruction.
pub fn push_number(out: &mut String, n: u128) {
    let Ok(mut n) = u64::try_from(n) else {
        use std::fmt::Write as _;
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{n}");
        return;
    };
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// `to` relative to the folder `from`, `/`-separated (`g/da/x`, `g/en/b.md` ->
/// `../../en/b.md`): the relative link from a page in `from` to the file `to`.
pub fn relative_path(from: &std::path::Path, to: &std::path::Path) -> String {
    let parts = |p: &std::path::Path| -> Vec<String> {
        p.components()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let (f, t) = (parts(from), parts(to));
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut out: Vec<String> = vec!["..".to_string(); f.len() - common];
    out.extend(t[common..].iter().cloned());
    out.join("/")
}

/// A path as guide-lint shows and keys it: its components joined by `/` on every system
/// (`da/guides/move.md`, `./guides/x.md`, `/srv/guides`); a name that is not UTF-8 is shown with
/// U+FFFD.
pub fn slash_path(p: &std::path::Path) -> String {
    let mut out = String::new();
    for c in p.components() {
        if (!out.is_empty() && !out.ends_with('/')) || c == std::path::Component::RootDir {
            // After a Windows prefix (`C:`) the root adds the one `/`.
            out.push('/');
        }
        if c != std::path::Component::RootDir {
            out.push_str(&c.as_os_str().to_string_lossy());
        }
    }
    out
}

/// The SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a URL has a scheme (`https:`, `mailto:`) or is protocol-relative (`//host`).
pub fn has_scheme(url: &str) -> bool {
    url.starts_with("//")
        || url.find(':').is_some_and(|i| {
            i > 0
                && url[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && url.starts_with(|c: char| c.is_ascii_alphabetic())
        })
}

/// `a/b/../c` relative to `dir` (both under the guides root); `None` when it leaves the root.
pub fn resolve_relative(dir: &std::path::Path, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = dir
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.join("/"))
}

/// Splits `path?query#fragment`.
pub fn split_url(url: &str) -> (&str, &str, Option<&str>) {
    let (rest, frag) = match url.find('#') {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    };
    match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i..], frag),
        None => (rest, "", frag),
    }
}

/// The code spans of one line, in order, as CommonMark pairs backtick runs: a run opens a span
/// that the next run of the same length closes, and a run with no such run after it is text.
/// With `escapes`, a run after an odd number of backslashes opens only from its second
/// backtick (`\`` is an escaped backtick); inside a span a backslash is text, so every run
/// closes as written. Each range holds the span with its backticks (without an escaped one).
/// Linear apart from one binary search per opener: the runs are indexed by length.
pub fn code_spans(b: &[u8], escapes: bool) -> Vec<std::ops::Range<usize>> {
    // The backtick runs, as (start, length), in order, and their indexes by length.
    let mut runs = Vec::new();
    let mut by_len: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'`', &b[i..]).map(|j| i + j) {
        let n = b[at..].iter().take_while(|&&c| c == b'`').count();
        by_len.entry(n).or_default().push(runs.len());
        runs.push((at, n));
        i = at + n;
    }
    let mut spans = Vec::new();
    let mut k = 0;
    while k < runs.len() {
        let (start, n) = runs[k];
        let escaped =
            escapes && b[..start].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1;
        let (open, len) = if escaped {
            (start + 1, n - 1)
        } else {
            (start, n)
        };
        let close = by_len.get(&len).and_then(|list| {
            let after = list.partition_point(|&j| j <= k);
            list.get(after).copied()
        });
        match close.filter(|_| len > 0) {
            Some(c) => {
                spans.push(open..runs[c].0 + len);
                k = c + 1;
            }
            None => k += 1,
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for n in [
            0u128,
            7,
            10,
            99,
            100,
            12_345,
            u128::from(u32::MAX),
            u128::from(u64::MAX) - 1,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            u128::MAX,
        ] {
            let mut out = String::from("at ");
            push_number(&mut out, n);
            assert_eq!(out, format!("at {n}"));
        }
    }

    #[test]
    fn relative_paths() {
        use std::path::Path;
        assert_eq!(
            relative_path(Path::new("g/da"), Path::new("g/da/b.md")),
            "b.md"
        );
        assert_eq!(
            relative_path(Path::new("g/da/x"), Path::new("g/en/b.md")),
            "../../en/b.md"
        );
        assert_eq!(
            relative_path(Path::new(""), Path::new("setup/index.md")),
            "setup/index.md"
        );
    }

    /// The innermost range found is the last one holding the offset, as a scan of every range
    /// finds it: nested, side by side, empty, sharing a start or an end.
    #[test]
    fn nested_ranges_find_what_a_scan_finds() {
        let sets: Vec<Vec<std::ops::Range<usize>>> = vec![
            vec![],
            vec![0..10, 2..5, 2..4, 3..3, 5..9, 6..9, 12..20, 12..12, 13..15],
            vec![
                0..100,
                1..2,
                3..4,
                5..6,
                7..50,
                8..9,
                10..50,
                49..50,
                60..61,
            ],
            // Not nested (starts still sorted): still the last range holding the offset.
            vec![0..5, 1..8, 2..3, 4..12, 6..7],
        ];
        for ranges in sets {
            let nested = NestedRanges::new(ranges.clone());
            for offset in 0..110 {
                let scan = ranges
                    .iter()
                    .rposition(|r| r.start <= offset && offset < r.end);
                assert_eq!(nested.innermost(offset), scan, "{offset} in {ranges:?}");
            }
        }
    }

    #[test]
    fn dates_with_milliseconds() {
        use std::time::{Duration, UNIX_EPOCH};
        assert_eq!(iso_millis(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_672_681_380_117);
        assert_eq!(iso_millis(t), "2023-01-02T17:43:00.117Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(iso_millis(leap), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn authors() {
        assert_eq!(
            parse_author("Wiki Bot <bot@example.org>"),
            Ok(("Wiki Bot".into(), "bot@example.org".into()))
        );
        assert_eq!(
            parse_author("Wiki Bot"),
            Err("invalid commit author `Wiki Bot`: write it as `Name <email@example.org>`".into())
        );
        for bad in ["<bot@example.org>", "Bot <>", "Bot <a<b>", "Bot <a> x"] {
            assert!(parse_author(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn closest_needs_a_likely_typo() {
        let typo = |w, c: &[&'static str]| closest(w, c.iter().copied(), Nearness::TYPO);
        assert_eq!(typo("prefx", &["prefix", "suffix"]), Some("prefix"));
        assert_eq!(typo("PREFIX", &["prefix"]), Some("prefix"));
        assert_eq!(typo("colour", &["tag", "path"]), None);
        // One edit in a short word; two are too many, and so is containment.
        assert_eq!(typo("ab", &["xy", "abc"]), Some("abc"));
        assert_eq!(typo("tg", &["tag"]), Some("tag"));
        assert_eq!(typo("tx", &["tag"]), None);
        assert_eq!(typo("export", &["2-export-your-data"]), None);
        assert_eq!(typo("", &["a"]), None);
    }

    #[test]
    fn closest_target_allows_two_edits_and_containment() {
        let ids = [
            "1-configuration-optional",
            "2-export-your-data",
            "5-import-your-data",
        ];
        let target = |w| closest(w, ids, Nearness::TARGET);
        assert_eq!(target("1-export-your-data"), Some("2-export-your-data"));
        assert_eq!(target("3-import-your-data"), Some("5-import-your-data"));
        assert_eq!(target("export"), Some("2-export-your-data"));
        assert_eq!(target("zzz"), None);
        assert_eq!(target(""), None);
        assert_eq!(closest("ab", ["xy", "abc"], Nearness::TARGET), Some("abc"));
        assert_eq!(closest("ab", ["xy"], Nearness::TARGET), None);
        // A near match ranks before a containment-only one listed first.
        assert_eq!(
            closest("import", ["imports-and-more", "imprt"], Nearness::TARGET),
            Some("imprt")
        );
    }

    #[test]
    fn closest_suggests_nothing_when_it_would_guess() {
        let target = |w, c: &[&'static str]| closest(w, c.iter().copied(), Nearness::TARGET);
        // Several ids contain the wanted one, and none is near: any pick is a guess.
        let enforcement = [
            "maintainer-enforcement-process",
            "further-enforcement",
            "enforcement-examples",
        ];
        assert_eq!(target("enforcement", &enforcement), None);
        assert_eq!(
            target("enforcement", &enforcement[1..2]),
            Some("further-enforcement")
        );
        // The same id twice (in two spellings of case) is one candidate.
        assert_eq!(
            target(
                "enforcement",
                &["further-enforcement", "Further-Enforcement"]
            ),
            Some("further-enforcement")
        );
        // A near candidate still wins over containing ones.
        assert_eq!(
            target("enforcment", &["enforcement", "further-enforcement"]),
            Some("enforcement")
        );
        // Two different candidates at the same best distance.
        assert_eq!(target("step-4", &["step-2", "step-3"]), None);
        assert_eq!(target("step-4", &["step-2", "other"]), Some("step-2"));
        // A closer one breaks the tie.
        assert_eq!(
            target(
                "install-step",
                &["install-stop", "install-stax", "instal-step"]
            ),
            None
        );
        assert_eq!(
            target(
                "install-step",
                &["install-stxx", "install-styy", "instal-step"]
            ),
            Some("instal-step")
        );
        assert_eq!(
            closest("prefx", ["prefix", "prefex"], Nearness::TYPO),
            None,
            "two typos away at the same distance"
        );
    }

    #[test]
    fn paths_are_shown_with_slashes() {
        use std::path::Path;
        assert_eq!(
            slash_path(Path::new("da/guides/move.md")),
            "da/guides/move.md"
        );
        assert_eq!(slash_path(Path::new("./guides//x.md")), "./guides/x.md");
        assert_eq!(slash_path(Path::new("/srv/guides/")), "/srv/guides");
        assert_eq!(slash_path(Path::new("../a")), "../a");
        assert_eq!(slash_path(Path::new("")), "");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = std::ffi::OsStr::from_bytes(b"da/f\xffx.md");
            assert_eq!(slash_path(Path::new(odd)), "da/f\u{fffd}x.md");
        }
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "error", "errors"), "1 error");
        assert_eq!(plural(0, "error", "errors"), "0 errors");
        assert_eq!(plural(1_u64, "commit", "commits"), "1 commit");
        assert_eq!(plural(12_u64, "commit", "commits"), "12 commits");
    }
}

/// Ranges in order of their starts, each either inside an earlier one or after it (admonition
/// bodies, list items): finds the innermost one holding an offset in O(log n + depth), where
/// `ranges.partition_point(|r| r.start <= at)` (ranges sorted by start), found from `i`, the
/// partition point of an earlier position: a few steps forward at most before a binary search
/// of the rest, or a search of the ranges before `i` when `at` lies before that position. For
/// look-ups at (mostly) rising positions.
#[inline]
pub(crate) fn partition_from(ranges: &[std::ops::Range<usize>], mut i: usize, at: usize) -> usize {
    if i > 0 && ranges[i - 1].start > at {
        return ranges[..i].partition_point(|r| r.start <= at);
    }
    let mut steps = 0;
    while i < ranges.len() && ranges[i].start <= at {
        i += 1;
        steps += 1;
        if steps == 8 {
            return i + ranges[i..].partition_point(|r| r.start <= at);
        }
    }
    i
}

/// comparing every range costs O(n) per lookup (quadratic over a large page).
#[derive(Debug, Default)]
pub struct NestedRanges {
    ranges: Vec<std::ops::Range<usize>>,
    /// For each range, the nearest earlier one that ends after it.
    wider: Vec<Option<usize>>,
}

impl NestedRanges {
    /// `ranges` must be sorted by start.
    pub fn new(ranges: Vec<std::ops::Range<usize>>) -> Self {
        let mut wider = Vec::with_capacity(ranges.len());
        let mut stack: Vec<usize> = Vec::new();
        for (i, r) in ranges.iter().enumerate() {
            while stack.last().is_some_and(|&j| ranges[j].end <= r.end) {
                stack.pop();
            }
            wider.push(stack.last().copied());
            stack.push(i);
        }
        Self { ranges, wider }
    }

    /// The index of the last range (in the order given) that holds `offset`
    /// (`start <= offset < end`): for nested ranges, the innermost.
    pub fn innermost(&self, offset: usize) -> Option<usize> {
        // Only the ranges before `upto` start at or before `offset`. From the last of them,
        // each step goes to the nearest earlier range that ends later: the ranges skipped end
        // no later than one that already ends too early.
        let upto = self.ranges.partition_point(|r| r.start <= offset);
        let mut i = upto.checked_sub(1)?;
        loop {
            if offset < self.ranges[i].end {
                return Some(i);
            }
            i = self.wider[i]?;
        }
    }

    pub fn get(&self, i: usize) -> Option<&std::ops::Range<usize>> {
        self.ranges.get(i)
    }
}

#[cfg(test)]
mod code_span_tests {
    use super::code_spans;

    fn texts(line: &str, escapes: bool) -> Vec<&str> {
        code_spans(line.as_bytes(), escapes)
            .into_iter()
            .map(|r| &line[r])
            .collect()
    }

    #[test]
    fn runs_pair_with_the_next_run_of_the_same_length() {
        assert_eq!(texts("a `b` c ``d ` e`` f", false), ["`b`", "``d ` e``"]);
        // A run with no partner is text, and the runs after it still pair.
        assert_eq!(texts("``` open `x` ``", false), ["`x`"]);
        assert_eq!(texts("no spans here", false), Vec::<&str>::new());
    }

    #[test]
    fn an_escaped_backtick_opens_only_from_the_next_one() {
        // `\`` is an escaped backtick; its second backtick opens a one-backtick span.
        assert_eq!(texts(r"\``x|y` z", true), ["`x|y`"]);
        // An escaped lone backtick opens nothing, so the next run opens.
        assert_eq!(texts(r"\`x` `y`", true), ["` `"]);
        // An even number of backslashes escapes nothing; inside a span a backslash is text.
        assert_eq!(texts(r"\\`a\` b", true), [r"`a\`"]);
        // Without escapes the same backslash is text before the run.
        assert_eq!(texts(r"\`x` `y`", false), ["`x`", "`y`"]);
    }

    #[test]
    fn many_unpaired_runs_stay_linear_and_correct() {
        // Runs of every length 1..=200, each once: nothing pairs.
        let line: String = (1..=200).map(|n| "`".repeat(n) + "a").collect();
        assert!(texts(&line, true).is_empty());
    }
}

/// Top-level domains that end web addresses in guides and are no file extension (`.md`, `.sh`,
/// `.py`, `.rs`, `.pl`, `.ai`, `.so`, `.info` and `.app` are both, and are left out: a link to a
/// missing `notes.md` is a missing page, not an address).
const DOMAINS: &[&str] = &[
    "com", "org", "net", "io", "dev", "edu", "gov", "eu", "dk", "de", "uk", "fr", "nl", "se", "no",
    "fi", "social", "cloud", "co", "online", "site", "xyz",
];

/// The host name `url` starts with, when it is a web address written without `https://`:
/// relative (no scheme, no leading `/` or `.`), its first part up to a `/`, `?`, `#` or `:`
/// made of two or more labels of letters, digits and hyphens, the last one of [`DOMAINS`]
/// (or any, after `www.`).
pub fn schemeless_host(url: &str) -> Option<&str> {
    let end = url.find(['/', '?', '#', ':']).unwrap_or(url.len());
    if url[end..].starts_with("://") {
        return None;
    }
    let host = &url[..end];
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return None;
    }
    let last = labels[labels.len() - 1].to_ascii_lowercase();
    let www = labels[0].eq_ignore_ascii_case("www") && labels.len() >= 3;
    let domain = DOMAINS.contains(&last.as_str()) && !last.bytes().all(|b| b.is_ascii_digit());
    (www || domain).then_some(host)
}

#[cfg(test)]
mod web_address_tests {
    use super::schemeless_host;

    #[test]
    fn web_addresses_without_their_scheme_are_told_from_paths() {
        for (url, host) in [
            ("sphinx-doc.org/", "sphinx-doc.org"),
            ("sphinx-doc.org", "sphinx-doc.org"),
            ("www.sphinx-doc.org", "www.sphinx-doc.org"),
            (
                "docs.joinmastodon.org/user/moving/#migration",
                "docs.joinmastodon.org",
            ),
            ("github.com/mastodon/mastodon", "github.com"),
            ("example.com:8080/x", "example.com"),
            ("www.example.ai/", "www.example.ai"),
        ] {
            assert_eq!(schemeless_host(url), Some(host), "{url}");
        }
        for url in [
            "notes.md",
            "setup/",
            "install.sh",
            "img/logo.png",
            "./example.com",
            "../example.com/",
            "/example.com",
            "https://example.com",
            "mailto:a@example.com",
            "v1.2/",
            "file.info",
            "Xcode.app/",
            "a..com",
            "-a.com",
            "example.com-/",
            "www.md",
        ] {
            assert_eq!(schemeless_host(url), None, "{url}");
        }
    }
}
