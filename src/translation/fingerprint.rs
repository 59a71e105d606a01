//! Language-neutral fingerprints: what a translation keeps from its source whatever the
//! language (link targets, code, components, images, numbers). Sections and units are aligned
//! on them, and GL406 compares them.

use std::collections::BTreeMap;

use crate::document::HtmlTag;

/// What a fingerprint is of.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum FpKind {
    /// A guide component: identity and what the script reads (path, tag, prefix, suffix).
    Component,
    /// A link target (external URL or guide page, dialect differences removed).
    Link,
    /// A `#fragment` on the same page: slugs differ between languages, so these are compared
    /// through the section alignment, not by value.
    Anchor,
    /// An inline code span.
    Code,
    /// An image source.
    Image,
    /// A link to a file that is no page (`[sheet](files/a.pdf)`), compared like an image.
    File,
    /// A number in the prose (alignment only).
    Number,
    /// The box a section shows its text in: a MkDocs admonition's type (`warning`, as MkDocs
    /// lowercases it) or a Wiki.js callout's class (`is-warning`). GL406 compares them; the
    /// alignment does not read them, since the two dialects write them differently.
    Callout,
    /// A code block: its language (the fence's first word, lower-cased; empty for none) and
    /// its number of lines, as `toml 2` ([`code_block`]). GL406 compares them; the alignment
    /// does not read them.
    CodeBlock,
}

impl FpKind {
    pub fn describe(self) -> &'static str {
        match self {
            FpKind::Component => "component",
            FpKind::Link => "link to",
            FpKind::Anchor => "link to section",
            FpKind::Code => "code span",
            FpKind::Image => "image",
            FpKind::File => "link to file",
            FpKind::Number => "number",
            FpKind::Callout => "callout",
            FpKind::CodeBlock => "code block",
        }
    }
}

/// One fingerprint.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Fp {
    pub kind: FpKind,
    pub value: String,
}

impl Fp {
    pub fn new(kind: FpKind, value: impl Into<String>) -> Fp {
        Fp {
            kind,
            value: value.into(),
        }
    }

    /// Whether GL406 compares this fingerprint between aligned sections. Numbers and
    /// same-page anchors are alignment hints only; code spans count when they look like code
    /// or a literal (a path, a domain, a command with punctuation, an emoji label), not when
    /// they are plain words a translator may localise (`server domain name`).
    pub fn compared(&self) -> bool {
        match self.kind {
            FpKind::Component
            | FpKind::Link
            | FpKind::Image
            | FpKind::File
            | FpKind::Callout
            | FpKind::CodeBlock => true,
            FpKind::Code => code_like(&self.value),
            FpKind::Anchor | FpKind::Number => false,
        }
    }

    /// How the fingerprint reads in a message.
    pub fn display(&self) -> String {
        if self.kind == FpKind::CodeBlock {
            let (language, lines) = self.value.rsplit_once(' ').unwrap_or(("", &self.value));
            let plural = if lines == "1" { "" } else { "s" };
            return if language.is_empty() {
                format!("code block of {lines} line{plural}")
            } else {
                format!("code block `{language}` of {lines} line{plural}")
            };
        }
        let (before, after) = match self.kind {
            FpKind::Component => ("component ", ""),
            FpKind::Link => ("link to `", "`"),
            FpKind::Anchor => ("link to `#", "`"),
            FpKind::Code => ("code span `", "`"),
            FpKind::Image => ("image `", "`"),
            FpKind::File => ("link to file `", "`"),
            FpKind::Number => ("number ", ""),
            FpKind::Callout if self.value.starts_with("is-") => ("callout class `.", "`"),
            FpKind::Callout => ("admonition type `", "`"),
            FpKind::CodeBlock => ("", ""),
        };
        [before, self.value.as_str(), after].concat()
    }
}

/// Whether a code span's content looks like code or a literal (a path, a file or domain name, a
/// command with options, a key combination) rather than a UI label a translator may localise
/// (`Lists`, `server domain name`, `Preferences -> Profile`, `⬇️ CSV`).
pub fn code_like(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() {
        return false;
    }
    // A menu path's separators separate labels: arrows (`->`, `→`, `›`, `»`), and `>` or `/`
    // between spaces (`Preferences > Account`, the way Mastodon's and Wiki.js's own guides
    // write them). (Without a `>`, a `/` or the lead byte of `→`, `›` and `»`, as most spans
    // are, there is none to look for.)
    let replaced;
    let b = s.as_bytes();
    let t = if (memchr::memchr3(b'>', b'/', 0xE2, b).is_some() || memchr::memchr(0xC2, b).is_some())
        && (s.contains("->") || s.contains(MENU_ARROWS) || s.contains(" > ") || s.contains(" / "))
    {
        replaced = menu_words(s);
        replaced.trim()
    } else {
        s
    };
    if t.is_empty() {
        return false;
    }
    if !t.contains(char::is_whitespace) {
        // One token: code when it has anything but letters (`follows.csv`, `Ctrl+Enter`,
        // `--fix`), or is all lower case (`ls`, `bio`, `private`).
        return t.chars().any(|c| !c.is_alphabetic()) && !t.chars().all(is_label_symbol)
            || t.chars().all(char::is_lowercase);
    }
    // Words: a UI description (`3 heads icon`, `Move followers`) may be translated. A number
    // standing alone is a word; digits inside a token (`v2`, `x86`) are code.
    t.contains(is_code_punctuation)
        || t.split_whitespace()
            .any(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic))
        || t.as_bytes().windows(2).any(|w| w == b" -")
}

/// The arrows that separate a menu path's labels wherever they are written.
const MENU_ARROWS: [char; 3] = ['→', '›', '»'];

/// A menu path's labels with its separators made spaces.
fn menu_words(s: &str) -> String {
    s.replace("->", " ")
        .replace(MENU_ARROWS, " ")
        .replace(" > ", "   ")
        .replace(" / ", "   ")
}

/// Characters that make words code (a path, an option, a variable, markup).
fn is_code_punctuation(c: char) -> bool {
    matches!(
        c,
        '/' | '\\'
            | '.'
            | '_'
            | '='
            | '@'
            | '$'
            | '{'
            | '}'
            | '['
            | ']'
            | '<'
            | '>'
            | '|'
            | ';'
            | ':'
            | '"'
            | '\''
            | '`'
            | '*'
            | '#'
            | '~'
            | '%'
            | '&'
            | '+'
    )
}

/// What an image is compared by across the two pages when no `build.assets` mapping relates
/// their paths: its file name. The pages of one guide refer to the same asset through
/// different paths (`img/x.png` beside the English page, `/guide/x.png` on the wiki); with a
/// mapping, the asset each path names is compared instead (`PageUnits::assets`). Remote
/// images keep their URL. A language written before the extension is no part of the name:
/// `shot.da.png` is the Danish version of `shot.png` (mkdocs-static-i18n publishes it under
/// that name on the Danish site).
pub fn image_key(value: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if has_scheme(value) {
        return Cow::Borrowed(value);
    }
    let name = value.rsplit('/').next().unwrap_or(value);
    let mut parts = name.rsplitn(3, '.');
    if let (Some(ext), Some(lang), Some(stem)) = (parts.next(), parts.next(), parts.next())
        && !stem.is_empty()
        && language_tag(lang)
    {
        return Cow::Owned(format!("{stem}.{ext}"));
    }
    Cow::Borrowed(name)
}

/// Symbols that decorate UI labels (emoji, arrows) rather than make code.
fn is_label_symbol(c: char) -> bool {
    c.is_alphabetic() || (!c.is_ascii() && !c.is_alphanumeric())
}

/// Is `s` a locale folder name (`da`, `pt-br`), or a language code as mkdocs-static-i18n's
/// folder structure names a language's folder (`pt-BR`, `pt_BR`)?
fn is_locale(s: &str) -> bool {
    crate::util::is_locale(s) || crate::discover::language_code(s)
}

/// Whether two external link targets ([`link`]'s values) are one page of a site in two
/// languages, as translations link them: `b`, the translation's link, names the same site under
/// another language label (`en.` and `da.wikipedia.org`, whatever the page, whose title is
/// translated too), or the same host and path but for a language segment or parameter
/// (`/user/moving` and `/da/user/moving`, `/en-US/docs/x` and `/da/docs/x`, `?hl=en` and
/// `?hl=da`). With `lang`, the translation's locale, the language `b` names must be that one
/// (`da-DK` and `da` are one language): a German page of the site on a Danish page is no
/// translation of the English link, nor is `id.example.org` (an identity service) of
/// `en.example.org` but on an Indonesian page.
pub fn same_page_in_another_language(a: &str, b: &str, lang: Option<&str>) -> bool {
    // The page in another language has its own sections' ids: fragments are left out.
    let page = |u: &'_ str| u.split('#').next().unwrap_or(u).to_string();
    let (a, b) = (page(a), page(b));
    let parts = |u: &'_ str| -> Option<(String, String)> {
        let (_, rest) = u.split_once("://")?;
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        Some((host.to_string(), path.to_string()))
    };
    let (Some((host_a, path_a)), Some((host_b, path_b))) = (parts(&a), parts(&b)) else {
        return false;
    };
    // Whether a language a link names is the translation's.
    let wanted = |tag: &str| {
        lang.is_none_or(|l| super::language(tag).eq_ignore_ascii_case(super::language(l)))
    };
    let site = |h: &str| -> Option<(String, String)> {
        let (label, rest) = h.split_once('.')?;
        (crate::util::is_language(label) && rest.contains('.'))
            .then(|| (label.to_string(), rest.to_string()))
    };
    if host_a != host_b {
        return matches!((site(&host_a), site(&host_b)),
            (Some((_, x)), Some((label, y))) if x == y && wanted(&label));
    }
    const LANGUAGE_PARAMS: [&str; 5] = ["hl", "lang", "locale", "language", "ln"];
    // The path and parameters but for the language, and the language named, if any.
    let neutral = |p: &str| -> (Vec<String>, Vec<String>, Option<String>) {
        let (path, query) = p.split_once('?').unwrap_or((p, ""));
        // Sites name the language first (`/da/user/moving`, `/en-US/docs/...`).
        let mut segs: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let mut named = None;
        if segs.first().is_some_and(|s| language_tag(s)) {
            named = Some(segs.remove(0));
        }
        let mut params: Vec<String> = Vec::new();
        for q in query.split('&').filter(|q| !q.is_empty()) {
            let (key, value) = q.split_once('=').unwrap_or((q, ""));
            if LANGUAGE_PARAMS.contains(&key) {
                named = named.or_else(|| Some(value.to_string()));
            } else {
                params.push(q.to_string());
            }
        }
        params.sort_unstable();
        (segs, params, named)
    };
    let (segs_a, params_a, named_a) = neutral(&path_a);
    let (segs_b, params_b, named_b) = neutral(&path_b);
    // A link without a language (`/docs/x` for `/en/docs/x`) leads to the page in the reader's.
    let language_fits = match named_b {
        Some(tag) => wanted(&tag),
        None => named_a.is_some(),
    };
    a != b && segs_a == segs_b && params_a == params_b && language_fits
}

/// A language as a URL's path names it: an ISO 639-1 code, with a region or script
/// (`da`, `en-US`, `da-dk`, `pt_BR`, `zh-Hant`).
fn language_tag(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    let lang = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    crate::util::is_language(&lang.to_ascii_lowercase())
        && match rest.as_slice() {
            [] => true,
            [x] => (x.len() == 2 || x.len() == 4) && x.bytes().all(|b| b.is_ascii_alphabetic()),
            _ => false,
        }
}

/// A link target with dialect and locale differences removed: `tips.md`, `/da/tips`,
/// `../en/tips.md#x` all become `tips`; external URLs keep their path, without a trailing `/`,
/// and their fragment (`/user/moving#export` and `/user/moving#import` are two sections of one
/// page: a translation that links the other one sends its readers elsewhere), but for a text
/// fragment (`#:~:text=...`, words a browser highlights, which a translator may translate).
/// Same-page fragments are returned as anchors.
pub fn link(url: &str) -> Option<Fp> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    if let Some(frag) = url.strip_prefix('#') {
        return Some(Fp::new(FpKind::Anchor, frag));
    }
    if has_scheme(url) || url.starts_with("//") {
        let (no_frag, fragment) = url.split_once('#').unwrap_or((url, ""));
        let fragment = fragment.split(":~:").next().unwrap_or("");
        let t = no_frag.trim_end_matches('/');
        let mut t = match t.split_once("://") {
            Some((scheme, rest)) => {
                let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                if path.is_empty() {
                    format!("{}://{}", scheme.to_lowercase(), host.to_lowercase())
                } else {
                    format!("{}://{}/{path}", scheme.to_lowercase(), host.to_lowercase())
                }
            }
            None => t.to_string(),
        };
        if !fragment.is_empty() {
            t.push('#');
            t.push_str(fragment);
        }
        return Some(Fp::new(FpKind::Link, t));
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let segs: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    // `/da` alone is the locale's home page; `da` alone may name a page.
    let segs: &[&str] = match segs.first() {
        Some(first) if is_locale(first) && (segs.len() > 1 || path.starts_with('/')) => &segs[1..],
        _ => &segs[..],
    };
    let mut joined = segs.join("/");
    if let Some(stripped) = joined.strip_suffix(".md") {
        joined = stripped.to_string();
    }
    if let Some(stripped) = joined.strip_suffix("/index") {
        joined = stripped.to_string();
    }
    // A MkDocs site's root `index.md` is its home page.
    if joined.is_empty() || joined == "index" {
        joined = "home".into();
    }
    let kind = if is_asset_path(&joined) {
        FpKind::File
    } else {
        FpKind::Link
    };
    Some(Fp::new(kind, joined))
}

/// [`link`] for a link on the page in `folder` (the page's folder under the guides root, its
/// locale first: `en/guides`): a relative path is resolved against that folder first, as MkDocs
/// resolves a link to a file and a browser a relative URL on a Wiki.js page (whose folder is
/// its path's). So `before.md` on `en/guides/after.md`, `../guides/before.md` on `en/index.md`
/// and `/da/guides/before` on any Danish page all name `guides/before`, and `../index.md` on
/// `en/guides/after.md` names `home`. Without a folder (a page outside the guides root), the
/// link is read as it is written.
pub fn page_link(url: &str, folder: Option<&str>) -> Option<Fp> {
    let trimmed = url.trim();
    let Some(folder) = folder.filter(|_| {
        !trimmed.is_empty() && !trimmed.starts_with(['#', '/', '?']) && !has_scheme(trimmed)
    }) else {
        return link(url);
    };
    let end = trimmed.find(['#', '?']).unwrap_or(trimmed.len());
    let (path, rest) = trimmed.split_at(end);
    let mut segs: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for s in path.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    // The locale the path now starts with is no part of the page (a link to the home page
    // of a locale is one to `home`).
    let segs = match segs.first() {
        Some(first) if is_locale(first) => &segs[1..],
        _ => &segs[..],
    };
    link(&format!("/{}{rest}", segs.join("/")))
}

fn is_asset_path(p: &str) -> bool {
    let last = p.rsplit('/').next().unwrap_or(p);
    matches!(
        last.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()),
        Some(e) if matches!(e.as_str(), "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "bmp" | "ico" | "pdf" | "mp4" | "webm")
    )
}

/// An image source: leading `/`, `./`, `../` and a Wiki.js size (`=50%x`) removed.
pub fn image(src: &str) -> Option<Fp> {
    let src = src.trim();
    let src = src.split_whitespace().next().unwrap_or("");
    if src.is_empty() {
        return None;
    }
    if has_scheme(src) {
        return Some(Fp::new(FpKind::Image, src));
    }
    let segs: Vec<&str> = src
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    Some(Fp::new(FpKind::Image, segs.join("/")))
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A guide component's fingerprint: identity, and the attributes the script reads except the
/// default (a sample server name translators may localise).
pub fn component(tag: &HtmlTag) -> Option<Fp> {
    let identity = tag.attr_or_data("identity")?.value.trim();
    // `<span identity=old path=/x tag=code>`: one string, built in place.
    let mut value = String::with_capacity(48);
    value.push('<');
    value.push_str(&tag.name);
    value.push_str(" identity=");
    value.push_str(identity);
    for name in ["path", "tag", "prefix", "suffix"] {
        if let Some(a) = tag.attr_or_data(name) {
            value.push(' ');
            value.push_str(name);
            value.push('=');
            value.push_str(a.value.trim());
        }
    }
    value.push('>');
    Some(Fp {
        kind: FpKind::Component,
        value,
    })
}

/// A code block's fingerprint ([`FpKind::CodeBlock`]): `block` is its text as written, from
/// its opening fence line (`fenced`) or its first line (an indented block) to its end. The
/// language is the fence's first word, or the first class of an attribute list (```` ``` {
/// .toml } ````), lower-cased, without the options after it (a `title="..."` a translation may
/// translate); the lines are the block's own, without its fences and the blank lines at its
/// end. A line a translation adds or drops (the source's code changed since, a comment made
/// two) is a difference; a comment translated on its line is not.
pub fn code_block(block: &str, fenced: bool) -> Fp {
    use crate::document::fences;
    let mut lines = block.lines();
    let mut language = String::new();
    let mut fence = None;
    if fenced && let Some(first) = lines.next() {
        // A first line that is no fence (none is expected) is read as its info string.
        let info = match fences::opening_fence(first.trim_start_matches([' ', '>', '\t'])) {
            Some((c, len, info)) => {
                fence = Some((c, len));
                info
            }
            None => first,
        };
        let info = info.trim();
        let word = match info.strip_prefix('{') {
            Some(attrs) => attrs
                .split(|c: char| c.is_whitespace() || c == '}')
                .find_map(|w| w.strip_prefix('.'))
                .unwrap_or(""),
            None => info
                .split(|c: char| c.is_whitespace() || c == '{')
                .next()
                .unwrap_or(""),
        };
        // A fence with options alone (```` ``` title="a.py" ````) names no language.
        if !word.contains(['=', '"', '\'']) {
            language = word.to_lowercase();
        }
    }
    let mut body: Vec<&str> = lines.collect();
    if let Some((c, len)) = fence
        && body.last().is_some_and(|l| fences::closes(l, c, len))
    {
        body.pop();
    }
    while body
        .last()
        .is_some_and(|l| l.trim_start_matches([' ', '>']).trim().is_empty())
    {
        body.pop();
    }
    Fp::new(FpKind::CodeBlock, format!("{language} {}", body.len()))
}

/// Numbers in a text (`3`, `2.5`, `100`), for alignment.
pub fn numbers(text: &str, out: &mut Vec<Fp>) {
    // Digits are ASCII and never part of a multi-byte character: bytes suffice.
    let b = text.as_bytes();
    // Most texts have no digit: one vectorised pass says so.
    if b.iter()
        .fold(0u8, |a, &c| a | u8::from(c.wrapping_sub(b'0') < 10))
        == 0
    {
        return;
    }
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        out.push(Fp::new(FpKind::Number, &text[start..i]));
    }
}

/// A multiset of fingerprints.
pub type Bag = BTreeMap<Fp, usize>;

pub fn bag<'a>(fps: impl IntoIterator<Item = &'a Fp>) -> Bag {
    let mut b = Bag::new();
    for f in fps {
        *b.entry(f.clone()).or_default() += 1;
    }
    b
}

/// Dice similarity of two multisets (0 when both are empty).
pub fn dice(a: &Bag, b: &Bag) -> f64 {
    let na: usize = a.values().sum();
    let nb: usize = b.values().sum();
    if na + nb == 0 {
        return 0.0;
    }
    let common: usize = a
        .iter()
        .map(|(k, n)| (*n).min(b.get(k).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / (na + nb) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_another_site_in_another_language_is_recognised() {
        let same = |a: &str, b: &str| {
            let (a, b) = (link(a).expect("link").value, link(b).expect("link").value);
            same_page_in_another_language(&a, &b, Some("da"))
        };
        // Language segments, anywhere in the path, and language parameters.
        assert!(same(
            "https://docs.joinmastodon.org/user/moving/#export",
            "https://docs.joinmastodon.org/da/user/moving/"
        ));
        // The page in the translation's language has its own ids; another section of the
        // same page is another link.
        assert!(same(
            "https://docs.joinmastodon.org/user/moving/#export",
            "https://docs.joinmastodon.org/da/user/moving/#eksport"
        ));
        assert!(!same(
            "https://docs.joinmastodon.org/user/moving/#export",
            "https://docs.joinmastodon.org/user/moving/#import"
        ));
        assert!(same(
            "https://developer.mozilla.org/en-US/docs/Web/HTML",
            "https://developer.mozilla.org/da/docs/Web/HTML"
        ));
        assert!(same(
            "https://support.google.com/accounts/answer/185839?hl=en",
            "https://support.google.com/accounts/answer/185839?hl=da"
        ));
        // A site's language edition: its pages have translated names.
        assert!(same(
            "https://en.wikipedia.org/wiki/Email",
            "https://da.wikipedia.org/wiki/E-mail"
        ));
        // Another page, another site, or the very same link: none.
        assert!(!same(
            "https://docs.joinmastodon.org/user/moving",
            "https://docs.joinmastodon.org/da/user/profile"
        ));
        assert!(!same(
            "https://docs.joinmastodon.org/user/moving",
            "https://joinmastodon.org/da/user/moving"
        ));
        assert!(!same(
            "https://docs.joinmastodon.org/user/moving",
            "https://docs.joinmastodon.org/user/moving"
        ));
        assert!(!same(
            "https://example.org/a?id=1",
            "https://example.org/a?id=2"
        ));
        // A first label that is a word, not a language, names another site.
        assert!(!same(
            "https://go.example.org/x",
            "https://da.example.org/x"
        ));
        // A link without a language leads to the page in the reader's.
        assert!(same(
            "https://developer.mozilla.org/en-US/docs/Web/HTML",
            "https://developer.mozilla.org/docs/Web/HTML"
        ));
        assert!(same(
            "https://docs.joinmastodon.org/user/moving",
            "https://docs.joinmastodon.org/da-DK/user/moving"
        ));
        // The language must be the translation's: a German page on a Danish page, or a
        // service whose name is an ISO code (`id.`, identity; `my.`, an account page).
        assert!(!same(
            "https://en.wikipedia.org/wiki/Email",
            "https://de.wikipedia.org/wiki/E-Mail"
        ));
        assert!(!same(
            "https://docs.joinmastodon.org/user/moving",
            "https://docs.joinmastodon.org/de/user/moving"
        ));
        assert!(!same(
            "https://support.google.com/accounts/answer/185839?hl=en",
            "https://support.google.com/accounts/answer/185839?hl=de"
        ));
        assert!(!same(
            "https://en.example.org/login",
            "https://id.example.org/login"
        ));
        assert!(!same(
            "https://en.example.org/account",
            "https://my.example.org/account"
        ));
        // Without the translation's locale, any language counts.
        assert!(same_page_in_another_language(
            "https://en.wikipedia.org/wiki/Email",
            "https://de.wikipedia.org/wiki/E-Mail",
            None
        ));
    }

    #[test]
    fn page_links_lose_dialect_and_locale() {
        let v = |u: &str| link(u).map(|f| (f.kind, f.value));
        assert_eq!(v("tips.md"), Some((FpKind::Link, "tips".into())));
        assert_eq!(v("/da/tips"), Some((FpKind::Link, "tips".into())));
        assert_eq!(v("../en/tips.md#x"), Some((FpKind::Link, "tips".into())));
        assert_eq!(v("#h-2-x"), Some((FpKind::Anchor, "h-2-x".into())));
        assert_eq!(v("/da"), Some((FpKind::Link, "home".into())));
        assert_eq!(v("/en/"), Some((FpKind::Link, "home".into())));
        assert_eq!(
            v("https://Docs.joinmastodon.org/user/moving/"),
            Some((
                FpKind::Link,
                "https://docs.joinmastodon.org/user/moving".into()
            ))
        );
        // An external link keeps its fragment, but for a text fragment.
        assert_eq!(
            v("https://docs.joinmastodon.org/user/moving/#export"),
            Some((
                FpKind::Link,
                "https://docs.joinmastodon.org/user/moving#export".into()
            ))
        );
        assert_eq!(
            v("https://x.org/a#:~:text=move%20now"),
            Some((FpKind::Link, "https://x.org/a".into()))
        );
        assert_eq!(
            v("https://x.org/a#b:~:text=move"),
            Some((FpKind::Link, "https://x.org/a#b".into()))
        );
        assert_eq!(
            v("/move-server-guide/export.png"),
            Some((FpKind::File, "move-server-guide/export.png".into()))
        );
    }

    #[test]
    fn relative_links_resolve_against_the_page_folder() {
        let v = |u: &str, folder: &str| page_link(u, Some(folder)).map(|f| (f.kind, f.value));
        let page = |p: &str| Some((FpKind::Link, p.to_string()));
        // MkDocs links name files relative to the page's file; Wiki.js links are absolute.
        assert_eq!(v("before.md", "en/guides"), page("guides/before"));
        assert_eq!(v("/da/guides/before", "da/guides"), page("guides/before"));
        assert_eq!(v("before.md#export", "en/guides"), page("guides/before"));
        assert_eq!(v("guides/before.md", "en"), page("guides/before"));
        assert_eq!(v("../guides/before.md", "en/setup"), page("guides/before"));
        // The root index page is `home`; a folder's index page is the folder's page.
        assert_eq!(v("../index.md", "en/guides"), page("home"));
        assert_eq!(v("/da/home", "da/guides"), page("home"));
        assert_eq!(v("../", "en/guides"), page("home"));
        assert_eq!(v("index.md", "en/guides"), page("guides"));
        assert_eq!(v("setup/", "en"), page("setup"));
        // A relative link on a Wiki.js page resolves against the page's folder too.
        assert_eq!(v("before", "da/guides"), page("guides/before"));
        // Another locale's page, reached by going up.
        assert_eq!(v("../en/tips.md", "da"), page("tips"));
        // Anchors, external links and files are as `link` reads them.
        assert_eq!(v("#x", "en/guides"), Some((FpKind::Anchor, "x".into())));
        assert_eq!(
            v("https://example.org/a/", "en/guides"),
            page("https://example.org/a")
        );
        assert_eq!(
            v("../files/a.pdf", "en/guides"),
            Some((FpKind::File, "files/a.pdf".into()))
        );
        // Without a folder, as written.
        assert_eq!(
            page_link("before.md", None).map(|f| f.value),
            Some("before".into())
        );
    }

    #[test]
    fn image_sources_lose_sizes() {
        assert_eq!(
            image("/a/b.png =50%x").map(|f| f.value),
            Some("a/b.png".into())
        );
    }

    #[test]
    fn code_spans_that_are_labels_are_not_compared() {
        for label in [
            "server domain name",
            "Lists",
            "Preferences -> Profile",
            "Indstillinger -> Profil",
            "Preferences > Account",
            "Indstillinger > Konto > Flyt konto",
            "Settings » Profile",
            "Preferences / Import and export",
            "⬇️ CSV",
            "Move followers",
            "3 heads icon",
            "the 2 arrows",
        ] {
            assert!(!code_like(label), "{label}");
        }
        for code in [
            "mastodon.social",
            "follows.csv",
            "https://mastodon.social/profile",
            "git switch -c fix",
            "Ctrl+Enter",
            "--fix",
            "ls",
            "{.is-info}",
            "## Heading",
            "guide-lint check guides/",
            "__SERVER_DOMAIN__",
            "python3 -m venv",
            "x86 build",
            "ls > out.txt",
            "cat /etc/hosts",
            "a/b",
            "Preferences>Account",
        ] {
            assert!(code_like(code), "{code}");
        }
    }

    /// [`code_like`] as it was first written (every span searched for arrows, each character
    /// looked up in a string of punctuation): the faster version must agree with it.
    fn code_like_first_version(s: &str) -> bool {
        let s = s.trim();
        if s.is_empty() {
            return false;
        }
        let replaced;
        let t = if s.contains("->")
            || s.contains(['→', '›', '»'])
            || s.contains(" > ")
            || s.contains(" / ")
        {
            replaced = s
                .replace("->", " ")
                .replace(['→', '›', '»'], " ")
                .replace(" > ", "   ")
                .replace(" / ", "   ");
            replaced.trim()
        } else {
            s
        };
        if t.is_empty() {
            return false;
        }
        if !t.contains(char::is_whitespace) {
            return t.chars().any(|c| !c.is_alphabetic()) && !t.chars().all(is_label_symbol)
                || t.chars().all(char::is_lowercase);
        }
        t.chars().any(|c| "/\\._=@${}[]<>|;:\"'`*#~%&+".contains(c))
            || t.split_whitespace().any(|w| {
                w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic)
            })
            || t.contains(" -")
    }

    proptest::proptest! {
        /// Spans made of the characters that decide (letters of both cases and scripts, digits,
        /// spaces of several kinds, arrows, every code punctuation mark, emoji).
        #[test]
        fn code_like_agrees_with_its_first_version(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "Z", "æ", "Ø", "ß", "3", " ", "\t", "\u{a0}", "\n", "-", ">", "->", "→", "›", "»",
                " > ", " / ", "\u{c2}",
                "⬇️", "/", "\\", ".", "_", "=", "@", "$", "{", "}", "[", "]", "<", "|", ";", ":",
                "\"", "'", "`", "*", "#", "~", "%", "&", "+", "!", "(", "x86", "ls", "Lists",
                "\u{2192}-", "\u{e2}",
            ]),
            0..12,
        )) {
            let s: String = parts.concat();
            proptest::prop_assert_eq!(code_like(&s), code_like_first_version(&s), "{:?}", s);
        }
    }

    #[test]
    fn images_are_compared_by_file_name() {
        assert_eq!(image_key("img/x.png"), "x.png");
        assert_eq!(image_key("guide/x.png"), "x.png");
        assert_eq!(image_key("https://x.org/a/b.png"), "https://x.org/a/b.png");
        // A language before the extension: the same image in that language.
        assert_eq!(image_key("img/shot.da.png"), "shot.png");
        assert_eq!(image_key("img/shot.pt-BR.png"), "shot.png");
        for kept in [
            "a/archive.tar.gz",
            "jquery.min.js",
            ".da.png",
            "logo.v2.png",
        ] {
            assert_eq!(image_key(kept), kept.rsplit('/').next().unwrap_or(kept));
        }
    }

    #[test]
    fn code_blocks_are_read_by_language_and_lines() {
        let fp = |block: &str, fenced: bool| code_block(block, fenced).display();
        assert_eq!(
            fp("```toml\na = 1\nb = 2\n```", true),
            "code block `toml` of 2 lines"
        );
        // Options are no language; an attribute list's first class is.
        assert_eq!(
            fp("``` title=\"a.py\"\nx\n```", true),
            "code block of 1 line"
        );
        assert_eq!(
            fp("```py title=\"a.py\"\nx\n```", true),
            "code block `py` of 1 line"
        );
        assert_eq!(
            fp("``` { .Python .copy }\nx\n```", true),
            "code block `python` of 1 line"
        );
        assert_eq!(fp("~~~~sh\nx\n~~~~", true), "code block `sh` of 1 line");
        // Blank lines at the end, a fence left open at the end of the page, a quote's markers,
        // CRLF line ends.
        assert_eq!(fp("```\nx\n\n\n```", true), "code block of 1 line");
        assert_eq!(fp("```\nx\ny", true), "code block of 2 lines");
        assert_eq!(
            fp("```bash\n> x\n> y\n> ```", true),
            "code block `bash` of 2 lines"
        );
        assert_eq!(
            fp("```bash\r\nx\r\n```\r\n", true),
            "code block `bash` of 1 line"
        );
        // A block read as fenced whose first line is no fence (nothing to cut, no panic).
        assert_eq!(fp("é x\ny", true), "code block `é` of 1 line");
        // An indented block has no fence.
        assert_eq!(fp("x = 1\n    y = 2\n", false), "code block of 2 lines");
        // A shorter run of the fence's character inside is a line of the block.
        assert_eq!(
            fp("````md\n```\nx\n```\n````", true),
            "code block `md` of 3 lines"
        );
    }

    #[test]
    fn dice_counts_multiplicity() {
        let a = bag(&[Fp::new(FpKind::Code, "x"), Fp::new(FpKind::Code, "x")]);
        let b = bag(&[Fp::new(FpKind::Code, "x")]);
        assert!((dice(&a, &b) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(dice(&Bag::new(), &Bag::new()), 0.0);
    }
}
