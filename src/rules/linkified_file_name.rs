//! GL208 linkified-file-name: text in prose that Wiki.js's linkify turns into an `http://` link
//! although it is not meant as one: a bare file name (`README.md`, `main.rs`), a placeholder
//! domain (`example.com`, `yourdomain.com`), or a container image reference
//! (`registry.example.com/app:2`, `ghcr.io/org/app`).
//!
//! Entry point: [`check`]. Real host names (`joinmastodon.org`) become the links they look
//! like and are left alone.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::support::positions::{NextMatch, One};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink, SortedRanges};
use crate::document::{LinkKind, TagKind};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::LinkifiedFileName,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// File extensions that are also top-level domains linkify-it knows (two-letter country codes):
/// `.md` Moldova, `.rs` Serbia, `.py` Paraguay, `.sh` Saint Helena, `.mk` North Macedonia,
/// `.so` Somalia, `.tf` (Terraform) French Southern Territories, `.am` and `.ac`
/// (`Makefile.am`, `configure.ac`) Armenia and Ascension Island.
const FILE_TLDS: &[&str] = &["md", "rs", "py", "sh", "mk", "so", "tf", "am", "ac"];
/// Sites whose name is a word and a file extension: they are meant as the site.
const FILE_TLD_SITES: &[&str] = &["docs.rs", "lib.rs", "deps.rs", "bun.sh", "crates.rs"];
/// Reserved example domains (RFC 2606): placeholders that should not become links.
const PLACEHOLDER_DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];
/// Registries whose names are only ever followed by an image's path.
const IMAGE_REGISTRIES: &[&str] = &[
    "docker.io",
    "ghcr.io",
    "quay.io",
    "gcr.io",
    "registry.k8s.io",
    "k8s.gcr.io",
    "registry.gitlab.com",
    "mcr.microsoft.com",
    "lscr.io",
    "nvcr.io",
];

/// linkify-it's top-level domains for links without a scheme (its defaults: Wiki.js adds
/// none): a few generic ones and every two-letter country code.
const GENERIC_TLDS: &[&str] = &[
    "biz", "com", "edu", "gov", "net", "org", "pro", "web", "xxx", "aero", "asia", "coop", "info",
    "museum", "name", "shop", "рф",
];
/// linkify-it's two-letter country codes, by first letter: the second letters of each.
const COUNTRY_TLDS: [&str; 26] = [
    "cdefgilmnoqrstuwxz",        // a
    "abdefghijmnorstvwyz",       // b
    "acdfghiklmnoruvwxyz",       // c
    "ejkmoz",                    // d
    "cegrstu",                   // e
    "ijkmor",                    // f
    "abdefghilmnpqrstuwy",       // g
    "kmnrtu",                    // h
    "delmnoqrst",                // i
    "emop",                      // j
    "eghimnprwyz",               // k
    "abcikrstuvy",               // l
    "acdeghklmnopqrstuvwxyz",    // m
    "acefgilopruz",              // n
    "m",                         // o
    "aefghklmnrstwy",            // p
    "a",                         // q
    "eosuw",                     // r
    "abcdeghijklmnortuvxyz",     // s
    "cdfghjklmnortvwz",          // t
    "agksyz",                    // u
    "aceginu",                   // v
    "fs",                        // w
    "",                          // x
    "et",                        // y
    "amw",                       // z
];

/// Whether `tld` (lowercase) is one of linkify-it's two-letter country codes.
fn country_tld(tld: &str) -> bool {
    match *tld.as_bytes() {
        [first, second] => country_pair(first, second),
        _ => false,
    }
}

/// Whether the two bytes `first` and `second` are a country code.
fn country_pair(first: u8, second: u8) -> bool {
    first.is_ascii_lowercase()
        && COUNTRY_TLDS[usize::from(first - b'a')]
            .as_bytes()
            .contains(&second)
}

static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    // A host-like word: labels of letters/digits/hyphens joined by dots.
    Regex::new(r"[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+")
        .expect("valid regex")
});
/// A port and a path after a host, as linkify-it takes them (trailing punctuation is trimmed
/// separately): what `^(?::[0-9]{1,5})?(?:[/?#][^\s<>"'`]*)?` matches, read byte by byte (a
/// regex search costs more to start than most of these are long).
fn port_path(s: &str) -> &str {
    let b = s.as_bytes();
    let mut end = 0;
    if b.first() == Some(&b':') {
        let digits = b[1..].iter().take(5).take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 {
            end = 1 + digits;
        }
    }
    if matches!(b.get(end), Some(b'/' | b'?' | b'#')) {
        end += 1;
        end += s[end..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'))
            .unwrap_or(s.len() - end);
    }
    &s[..end]
}
/// An image reference's path: lowercase name segments, then `:tag` or `@sha256:digest`.
static IMAGE_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]+)?$")
        .expect("valid regex")
});
/// A label that is a stand-in for the reader's own domain.
static PLACEHOLDER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:your[a-z0-9-]*|my-?(?:domain|server|site|website|instance|host|company|wiki|app)s?|example)$")
        .expect("valid regex")
});

/// What a linkified word is.
enum Kind {
    FileName(String),
    Placeholder,
    Image,
}

/// Whether linkify-it links `host` without a scheme: its last label is a known TLD.
pub(crate) fn linkify_tld(host: &str) -> bool {
    // The last label, after the last `.` (a byte scan of the last label: `rsplit` sets up a
    // reverse search that costs more than the label is long).
    let last = match host.bytes().rposition(|b| b == b'.') {
        Some(i) => &host[i + 1..],
        None => host,
    };
    if let [first, second] = *last.as_bytes()
        && first.is_ascii()
        && second.is_ascii()
    {
        // The common case, without allocating: two ASCII letters are a country code or
        // nothing (no generic domain is two letters long).
        return country_pair(first.to_ascii_lowercase(), second.to_ascii_lowercase());
    }
    if last.is_ascii() {
        // Lowercased on the stack: an ASCII label is no country code (not two bytes here)
        // and equals no generic domain that is not ASCII (`рф`); the ASCII ones are three to
        // six letters long (a version's `3` is none of them, at a length test).
        let mut lower = [0u8; 6];
        let Some(buf) = lower.get_mut(..last.len()).filter(|b| b.len() >= 3) else {
            return false;
        };
        buf.copy_from_slice(last.as_bytes());
        buf.make_ascii_lowercase();
        return GENERIC_TLDS.iter().any(|g| g.as_bytes() == &buf[..]);
    }
    let tld = last.to_lowercase();
    GENERIC_TLDS.contains(&tld.as_str()) || country_tld(&tld)
}

/// Whether a MkDocs page's project links bare addresses: `pymdownx.magiclink` does, but only
/// those that start with `www.` (and URLs with a scheme, which are meant as links).
fn magiclink(ctx: &FileContext<'_>) -> bool {
    ctx.config
        .mkdocs
        .as_ref()
        .is_some_and(|p| p.has_extension("pymdownx.magiclink"))
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    // MkDocs links nothing by itself; with magiclink only `www.` addresses.
    let mkdocs = doc.dialect == Dialect::Mkdocs;
    if mkdocs && !magiclink(ctx) {
        return;
    }
    // Text of a link is never linkified, except bare `www.` URLs, which both parsers turn into
    // links themselves. Gathered at the first text with a candidate (many pages have none).
    let link_ranges = || {
        let links = doc
            .links
            .iter()
            .filter(|l| l.kind != LinkKind::Autolink || doc.text[l.range.clone()].starts_with('<'))
            .map(|l| l.range.clone())
            .collect();
        (
            SortedRanges::new(links),
            SortedRanges::new(html_link_ranges(doc)),
        )
    };
    let mut ranges: Option<(SortedRanges, SortedRanges)> = None;
    // The dot search, set up once for the page's many short texts.
    let dots = One::new(b'.');
    // Every candidate holds a dot: a verbatim text (the page's text at its range) is searched
    // from text to text, so that a text before the next dot (most of them) costs no search.
    // A text the parse changed (a backslash escape) is read as linkify reads it, decoded, and
    // what is found placed back through the escapes.
    let mut next_dot = NextMatch::new(doc.text.as_bytes(), |h: &[u8]| dots.find(h));
    // The texts are read in page order: code is looked up by a cursor.
    let mut code = doc.code_cursor();
    for t in &doc.texts {
        let dot = if t.verbatim {
            // The text's first dot is the page's first in its range.
            next_dot.first_in(t.range.clone()).map(|d| d - t.range.start)
        } else {
            dots.find(t.text.as_bytes())
        };
        let Some(dot) = dot else {
            continue;
        };
        let Some(first) = candidate_from(&t.text, 0, dot, &dots) else {
            continue;
        };
        if code.in_code(t.range.start) {
            continue;
        }
        let (links, html_links) = ranges.get_or_insert_with(link_ranges);
        if links.contains(t.range.start) || html_links.contains(t.range.start) {
            continue;
        }
        let mut next = Some(first);
        while let Some(m) = next {
            let host = &t.text[m.clone()];
            // The cheap tests first: the path after a host is read (to the next space) only
            // for a host that starts a link.
            if !linkify_tld(host) || !linkify_start(&t.text, m.start) {
                next = next_candidate(&t.text, m.end, &dots);
                continue;
            }
            let after = trim_link_end(port_path(&t.text[m.end..]));
            if !linkify_end(&t.text, m.end, after) {
                next = next_candidate(&t.text, m.end, &dots);
                continue;
            }
            // linkify-it goes on after the link it made: a host inside its path
            // (`example.com/?next=notes.md`) starts no link of its own.
            next = next_candidate(&t.text, m.end + after.len(), &dots);
            let lower = host.to_lowercase();
            if mkdocs && !lower.starts_with("www.") {
                continue;
            }
            let Some(kind) = classify(&lower, after) else {
                continue;
            };
            let linker = if mkdocs {
                "pymdownx.magiclink"
            } else {
                "Wiki.js"
            };
            let word = format!("{host}{after}");
            let (Some(start), Some(end)) = (
                t.source_offset(&doc.text, m.start),
                t.source_offset(&doc.text, m.end + after.len()),
            ) else {
                continue;
            };
            let range = start..end;
            let (message, help) = match &kind {
                Kind::Placeholder => (
                    format!("placeholder domain `{word}` becomes a link to `http://{word}`"),
                    format!(
                        "{linker} turns text that looks like a domain into a link; put \
                         placeholders in backticks"
                    ),
                ),
                Kind::Image => (
                    format!("image reference `{word}` becomes a link to `http://{word}`"),
                    format!(
                        "{linker} turns text that looks like a web address into a link; put image \
                         references in backticks"
                    ),
                ),
                Kind::FileName(tld) => (
                    format!("file name `{word}` becomes a link to `http://{word}`"),
                    format!(
                        "Wiki.js turns text that looks like a domain into a link, and `.{tld}` is a \
                         country's domain; put file names in backticks"
                    ),
                ),
            };
            let f = sink
                .finding(Rule::LinkifiedFileName, range.clone(), message)
                .with_help(help)
                .with_fix(
                    Applicability::Unsafe,
                    format!("write `{word}` as code"),
                    vec![Edit::replace(range, format!("`{word}`"))],
                );
            sink.push(f);
        }
    }
}

/// The first [`CANDIDATE`] match of `text` that starts at or after byte `from` (a match end or
/// 0): what `CANDIDATE.find_iter` gives next. Every match has a label character, a `.` and a
/// label character in a row, so only such dots are looked at (found by a vectorised byte
/// search), and most texts, whose dots end sentences, have none. Around a dot, ASCII is read
/// here; a non-ASCII letter or digit (which `\p{L}`/`\p{N}` may or may not take) hands the
/// search to the regex, from the start of the word before the dot.
fn next_candidate(text: &str, from: usize, dots: &One) -> Option<Range<usize>> {
    // A byte search set up once (`dots`): `str::find` on the character, or `memchr`, costs
    // more to set up than most texts are long.
    let dot = from + dots.find(text.as_bytes().get(from..)?)?;
    candidate_from(text, from, dot, dots)
}

/// [`next_candidate`] when the first `.` at or after `from` is known to be at `dot`.
fn candidate_from(text: &str, from: usize, dot: usize, dots: &One) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut known = Some(dot);
    let mut dot_from = from;
    loop {
        let dot = match known.take() {
            Some(dot) => dot,
            None => dot_from + dots.find(b.get(dot_from..)?)?,
        };
        dot_from = dot + 1;
        if dot == from {
            continue;
        }
        let before = text[from..dot].chars().next_back().map_or(Class::Other, class);
        let after = text[dot + 1..].chars().next().map_or(Class::Other, class);
        if matches!(before, Class::Other | Class::Hyphen)
            || matches!(after, Class::Other | Class::Hyphen)
        {
            continue;
        }
        // No match starts between `from` and the start of the word before the dot: its first
        // label would have to run to a `.` like this one, and this is the first.
        let mut start = dot;
        while let Some(c) = text[from..start].chars().next_back() {
            match class(c) {
                Class::Label | Class::Hyphen => start -= c.len_utf8(),
                Class::Unknown => return regex_from(text, from, dot),
                Class::Other => break,
            }
        }
        if before == Class::Unknown {
            return regex_from(text, from, dot);
        }
        // The first label: from the first letter or digit of the word to the dot.
        while b[start] == b'-' {
            start += 1;
        }
        // Further labels, greedily: a label is a run of letters, digits and hyphens that
        // does not end in a hyphen; the match ends after the last one that follows a `.`.
        let mut end = dot;
        let mut at = dot;
        loop {
            let next = at + 1;
            match text[next..].chars().next().map_or(Class::Other, class) {
                Class::Label => {}
                Class::Unknown => return regex_from(text, from, dot),
                Class::Hyphen | Class::Other => break,
            }
            let mut run = next;
            while let Some(c) = text[run..].chars().next() {
                match class(c) {
                    Class::Label | Class::Hyphen => run += c.len_utf8(),
                    Class::Unknown => return regex_from(text, from, dot),
                    Class::Other => break,
                }
            }
            let mut label_end = run;
            while b[label_end - 1] == b'-' {
                label_end -= 1;
            }
            end = label_end;
            if label_end == run && b.get(run) == Some(&b'.') {
                at = run;
            } else {
                break;
            }
        }
        return Some(start..end);
    }
}

/// [`CANDIDATE`]'s first match from the start of the word before `dot`, counting any
/// non-ASCII character as a possible letter: no match starts between `from` and there.
fn regex_from(text: &str, from: usize, dot: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut start = dot;
    while start > from
        && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'-' || b[start - 1] >= 0x80)
    {
        start -= 1;
    }
    CANDIDATE.find_at(text, start).map(|m| m.range())
}

/// What a character is to a host label: one of `[\p{L}\p{N}]` (ASCII letters and digits, any
/// digit, Latin letters), `-`, certainly neither (other ASCII, or neither alphabetic nor
/// numeric), or another non-ASCII alphabetic character, which only the regex's tables decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Label,
    Hyphen,
    Other,
    Unknown,
}

fn class(c: char) -> Class {
    if c.is_ascii_alphanumeric() {
        Class::Label
    } else if c == '-' {
        Class::Hyphen
    } else if c.is_ascii() || !(c.is_alphabetic() || c.is_numeric()) {
        Class::Other
    } else if c.is_numeric() || ('\u{C0}'..='\u{24F}').contains(&c) {
        // `is_numeric` is `\p{N}`; the alphabetic characters of Latin-1 and Latin Extended-A
        // and B are all letters (elsewhere, alphabetic marks such as U+0345 are not).
        Class::Label
    } else {
        Class::Unknown
    }
}

/// What the linkified `host` (lowercased) followed by `after` (port and path) is, when it is
/// evidently not meant as a link.
fn classify(host: &str, after: &str) -> Option<Kind> {
    let labels: Vec<&str> = host.split('.').collect();
    let image_path = !after.is_empty() && after.contains('/') && IMAGE_PATH.is_match(after);
    if image_path {
        let tagged = after
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains([':', '@']));
        let registry = IMAGE_REGISTRIES
            .iter()
            .any(|r| host == *r || host.ends_with(&format!(".{r}")));
        if tagged || registry {
            return Some(Kind::Image);
        }
    }
    let placeholder = PLACEHOLDER_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || labels[..labels.len() - 1]
            .iter()
            .any(|l| PLACEHOLDER_LABEL.is_match(l));
    if placeholder {
        return Some(Kind::Placeholder);
    }
    let tld = labels.last().copied().unwrap_or("");
    let port_only = after
        .strip_prefix(':')
        .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if (after.is_empty() || port_only)
        && labels.len() == 2
        && FILE_TLDS.contains(&tld)
        && !FILE_TLD_SITES.contains(&host)
    {
        return Some(Kind::FileName(tld.to_string()));
    }
    None
}

/// linkify-it drops trailing punctuation from a link: `.`, `,`, `;`, `:`, `!`, `?`, and a `)`
/// without its `(`.
fn trim_link_end(s: &str) -> &str {
    let mut s = s;
    // The parentheses are counted once: trimming punctuation leaves them, and each `)`
    // dropped is one fewer (counting again at each step made a run of `)` quadratic).
    let opens = s.bytes().filter(|&b| b == b'(').count();
    let mut closes = s.bytes().filter(|&b| b == b')').count();
    loop {
        let t = s.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '-', '\'', '"']);
        let t = if t.ends_with(')') && opens < closes {
            closes -= 1;
            &t[..t.len() - 1]
        } else {
            t
        };
        if t.len() == s.len() {
            return s;
        }
        s = t;
    }
}

/// linkify-it's fuzzy-link boundaries, at the start: the host must follow the start of the
/// text, a space or punctuation other than `.`, `:`, `/`, `\`, `]`, `^`, `_`, `@`.
fn linkify_start(text: &str, start: usize) -> bool {
    let before = text[..start].chars().next_back();
    !before.is_some_and(|c| {
        !(c.is_whitespace() || c.is_ascii_punctuation() || is_unicode_punct(c))
            || matches!(c, '.' | ':' | '/' | '\\' | ']' | '^' | '_' | '@')
    })
}

/// linkify-it's fuzzy-link boundaries, at the end: a host with a port or path (`path`,
/// trimmed) links; one without must be followed by the end, a space or punctuation other than
/// `-`, `_`, `:` + digit, or `.` + something that continues the word.
fn linkify_end(text: &str, end: usize, path: &str) -> bool {
    if !path.is_empty() {
        return true;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' || c == '-' => false,
        Some(':') => true,
        Some('.') => after
            .next()
            .is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation()),
        Some(_) => true,
    }
}

/// Non-ASCII punctuation linkify-it counts as a boundary (quotes, dashes, guillemets...).
fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '«' | '»' | '¡' | '¿' | '\u{3000}'..='\u{303F}'
    )
}

/// Byte ranges between an inline `<a ...>` and its `</a>`: linkify leaves their text alone.
fn html_link_ranges(doc: &crate::document::Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for t in &doc.html {
        if t.name != "a" {
            continue;
        }
        match t.kind {
            TagKind::Start { .. } => open = Some(t.range.start),
            TagKind::End => {
                if let Some(s) = open.take() {
                    out.push(s..t.range.end);
                }
            }
            TagKind::Comment(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{CANDIDATE, One, country_tld, next_candidate, port_path, trim_link_end};
    use proptest::prelude::*;

    /// The country code table is linkify-it's list as a regex wrote it, on every pair of
    /// ASCII bytes.
    #[test]
    fn country_codes_as_the_regex_lists_them() {
        let re = regex::Regex::new(
            "^(?:a[cdefgilmnoqrstuwxz]|b[abdefghijmnorstvwyz]|c[acdfghiklmnoruvwxyz]|d[ejkmoz]|\
             e[cegrstu]|f[ijkmor]|g[abdefghilmnpqrstuwy]|h[kmnrtu]|i[delmnoqrst]|j[emop]|\
             k[eghimnprwyz]|l[abcikrstuvy]|m[acdeghklmnopqrstuvwxyz]|n[acefgilopruz]|om|\
             p[aefghklmnrstwy]|qa|r[eosuw]|s[abcdeghijklmnortuvxyz]|t[cdfghjklmnortvwz]|\
             u[agksyz]|v[aceginu]|w[fs]|y[et]|z[amw])$",
        )
        .unwrap();
        for a in 0u8..128 {
            for b in 0u8..128 {
                let s = String::from_utf8(vec![a, b]).unwrap();
                assert_eq!(country_tld(&s), re.is_match(&s), "{s:?}");
            }
        }
        for s in ["", "a", "com", "ae\n", "éa"] {
            assert_eq!(country_tld(s), re.is_match(s), "{s:?}");
        }
    }

    /// The generic domains that are ASCII are three to six bytes long, as the label read on
    /// the stack assumes.
    #[test]
    fn ascii_generic_domains_fit_the_stack_label() {
        for g in super::GENERIC_TLDS.iter().filter(|g| g.is_ascii()) {
            assert!((3..=6).contains(&g.len()), "{g}");
            assert_eq!(g.to_ascii_lowercase(), *g);
        }
    }

    /// What [`linkify_tld`] answered when it split the host and lowercased the label.
    fn tld_by_lowercasing(host: &str) -> bool {
        let tld = host.rsplit('.').next().unwrap_or("").to_lowercase();
        super::GENERIC_TLDS.contains(&tld.as_str()) || country_tld(&tld)
    }

    /// What [`trim_link_end`] answered when it counted the parentheses at every step.
    fn trim_by_counting(s: &str) -> &str {
        let mut s = s;
        loop {
            let t = s.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '-', '\'', '"']);
            let t = if t.ends_with(')') && t.matches('(').count() < t.matches(')').count() {
                &t[..t.len() - 1]
            } else {
                t
            };
            if t.len() == s.len() {
                return s;
            }
            s = t;
        }
    }

    proptest! {
        /// The label read in place is a top-level domain when its lowercase copy is one.
        #[test]
        fn tld_in_place_as_by_lowercasing(host in "(a|b|[A-Z]|c[Oo][Mm]|Info|MuSeUm|museums|рф|РФ|é|É|\\.|1|-){0,8}") {
            prop_assert_eq!(super::linkify_tld(&host), tld_by_lowercasing(&host));
        }

        /// Counting the parentheses once trims what counting them at every step trimmed.
        #[test]
        fn link_end_trimmed_as_by_counting(s in "[()a.,;:!?*_'\"/é-]{0,24}") {
            prop_assert_eq!(trim_link_end(&s), trim_by_counting(&s));
        }

        /// The byte reading takes what the regex it stands for takes.
        #[test]
        fn port_and_path_as_the_regex_takes_them(s in "[:0-9/?#a .<>\"'`\t\u{a0}\u{2003}é-]{0,14}") {
            let re = regex::Regex::new(r#"^(?::[0-9]{1,5})?(?:[/?#][^\s<>"'`]*)?"#).unwrap();
            let want = re.find(&s).map_or("", |m| m.as_str());
            prop_assert_eq!(port_path(&s), want);
        }
    }

    fn by_scanning(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let dots = One::new(b'.');
        let mut next = next_candidate(text, 0, &dots);
        while let Some(m) = next {
            next = next_candidate(text, m.end, &dots);
            out.push(m);
        }
        out
    }

    /// The byte scan finds what the regex finds, on texts made of the characters that matter:
    /// ASCII letters and digits, `.`, `-`, spaces and punctuation, non-ASCII letters, digits
    /// and marks the regex takes or not (`é`, `²`, a combining accent, `Ⅻ`, `…`, `’`).
    #[test]
    fn candidates_as_the_regex_finds_them() {
        let alphabet = [
            "a", "Z", "7", ".", ".", "-", " ", ",", "/", ":", "é", "²", "\u{301}", "Ⅻ", "…", "’",
            "ø", "_", "x.y", "µ", "ª", "Ⓐ", "\u{345}", "ǅ", "×", "日",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(seed % 20) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(0x9E37_79B9);
            let want: Vec<_> = CANDIDATE.find_iter(&s).map(|m| m.range()).collect();
            assert_eq!(by_scanning(&s), want, "{s:?}");
        }
        for s in [
            "see README.md and docs.rs.",
            "e.g. a.b-c-.d x--y.z 1.2.3-beta.4 a.-b -a.b a.b- café.com über.de x.é",
            "registry.example.com/app:2, ghcr.io/org/app",
        ] {
            let want: Vec<_> = CANDIDATE.find_iter(s).map(|m| m.range()).collect();
            assert_eq!(by_scanning(s), want, "{s:?}");
        }
    }
}
