//! Links as Wiki.js 2.5 processes them (`docs/wikijs.md#links`), and MkDocs-style relative `.md`
//! links.
//!
//! Wiki.js post-processes every `<a href>` of a rendered page on the server
//! (`server/modules/rendering/html-core/renderer.js`): it ignores `#...`, `mailto:` and `tel:`
//! links, marks `://` links external, one-letter first segments (`/t/tag`) as system links and
//! **any other href containing a `.` as an asset link that is never rewritten nor checked**.
//! Everything else is an internal page link: a relative one is made a *child* of the current
//! page, a locale prefix is added when namespacing is on, the result is parsed with
//! `new URL('http://x' + href)` and `parsePath` (`server/helpers/page.js`), and the link is
//! coloured red when no such page exists. Nothing ever fails.

use url::Url;

/// How Wiki.js treats an `href` (see [`classify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// An empty `href`: ignored by Wiki.js (the browser reloads the page).
    Empty,
    /// Starts with `#`: a link within the page, ignored by Wiki.js.
    Fragment,
    /// Starts with `mailto:` (exactly, lower case): ignored by Wiki.js.
    Mail,
    /// Starts with `tel:` (exactly, lower case): ignored by Wiki.js.
    Tel,
    /// Contains `://` anywhere: marked external, left as it is.
    External,
    /// Has a URI scheme but no `://` and is not `mailto:`/`tel:` (`javascript:...`, `sms:...`,
    /// `xmpp:...`, `data:...`, `MAILTO:...`). Wiki.js has no branch for these: when the href
    /// contains a `.` it is an asset link, left alone (it works in the browser; a
    /// `javascript:` one is then removed by the sanitizer); otherwise Wiki.js treats it as a
    /// relative page link and rewrites it into `/<locale>/<current page>/sms:123`, breaking it
    /// ([`resolve_page_link`] returns that target).
    OtherScheme,
    /// `/x` or `/x/...` with a single ASCII letter as first segment (`/t/tag`, `/a/...`): a
    /// system link, not rewritten.
    System,
    /// Any other href containing a `.` (`tips.md`, `../foo`, `/img/a.png`, `example.com`,
    /// `//host/x`): an asset link, never rewritten and never checked by Wiki.js.
    Asset,
    /// Everything else: an internal page link (see [`resolve_page_link`]).
    Page,
}

/// Classifies an `href` as Wiki.js's link processing does (after entity decoding, as written
/// in the rendered `<a href>`), checking in Wiki.js's order: empty, `#`, `mailto:`, `tel:`,
/// `://`, system, asset, page. [`LinkKind::OtherScheme`] is this crate's addition, carved out of
/// what Wiki.js would call asset or page links (see its doc).
///
/// Links to the wiki's own host (`https://wiki.example.org/da/x`) are classified external
/// here; Wiki.js first strips its configured host: apply [`strip_site_host`] before calling
/// this to reproduce that.
pub fn classify(href: &str) -> LinkKind {
    if href.is_empty() {
        return LinkKind::Empty;
    }
    if href.starts_with('#') {
        return LinkKind::Fragment;
    }
    if href.starts_with("mailto:") {
        return LinkKind::Mail;
    }
    if href.starts_with("tel:") {
        return LinkKind::Tel;
    }
    // `://`, found from its `:` by a byte search (a substring search costs more to set up
    // than a link is long).
    if memchr::memchr_iter(b':', href.as_bytes())
        .any(|i| href.as_bytes()[i + 1..].starts_with(b"//"))
    {
        return LinkKind::External;
    }
    // Wiki.js's trailing-slash removal sits here; it does not change any of the tests below.
    if is_system_link(href) {
        return LinkKind::System;
    }
    if uri_scheme(href).is_some() {
        return LinkKind::OtherScheme;
    }
    if href.contains('.') {
        return LinkKind::Asset;
    }
    LinkKind::Page
}

/// `/^\/[a-z]\//i` or `/^\/[a-z]$/i`.
fn is_system_link(href: &str) -> bool {
    let b = href.as_bytes();
    b.len() >= 2 && b[0] == b'/' && b[1].is_ascii_alphabetic() && (b.len() == 2 || b[2] == b'/')
}

/// The URI scheme of `href` (RFC 3986 `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`), as
/// written, or `None` for a relative reference.
fn uri_scheme(href: &str) -> Option<&str> {
    let colon = href.find(':')?;
    let scheme = &href[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        Some(scheme)
    } else {
        None
    }
}

/// Removes the wiki's own host from the start of `href`, as Wiki.js does before classifying
/// links: when the configured site host (e.g. `https://wiki.example.org`) is set (longer than
/// 7 characters and not `http://`) and `href` starts with it, the first occurrence is removed,
/// so `https://wiki.example.org/da/x` becomes the page link `/da/x`. Plain prefix test, as in
/// Wiki.js: `https://wiki.example.org.evil/x` becomes `.evil/x` (an asset link).
pub fn strip_site_host<'a>(href: &'a str, site_host: &str) -> &'a str {
    if site_host.chars().count() > 7
        && site_host != "http://"
        && let Some(rest) = href.strip_prefix(site_host)
    {
        return rest;
    }
    href
}

/// The page an internal link points to, as Wiki.js resolves it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageTarget {
    /// Locale code, as written in the link when it carries one (`da`, `pt-br`, possibly `DA`).
    pub locale: String,
    /// Page path without locale and without leading/trailing `/` (`guides/moving`); `home` for
    /// the locale's root.
    pub path: String,
    /// The percent-decoded fragment, without `#`; `None` when absent or empty.
    pub fragment: Option<String>,
}

/// Resolves an `href` that Wiki.js treats as an internal page link into the page it targets,
/// as Wiki.js does when it rewrites the link and checks that the page exists.
///
/// Returns `None` when Wiki.js does not treat `href` as a page link ([`classify`] gives
/// anything but [`LinkKind::Page`], or [`LinkKind::OtherScheme`] without a `.`): in particular
/// `../foo`, `./foo` and `tips.md` are asset links that Wiki.js neither rewrites nor checks.
///
/// `current_page_path` is the path of the page the link is on (no locale: `guides/moving`),
/// `current_locale` its locale, `namespacing` the wiki's "locale namespacing" setting.
/// Steps, as in Wiki.js (with the default `absoluteLinks: false`):
/// 1. A relative href becomes a child of the current page: `foo` on `guides/moving` ->
///    `/guides/moving/foo`; on the home page (`home`) -> `/foo`.
/// 2. With namespacing, `/<current_locale>` is prepended unless the 4th character (UTF-16
///    unit) is `/`, i.e. unless the first segment is exactly two characters: `/da/x` stays,
///    `/x` -> `/en/x`, but `/pt-br/x` -> `/en/pt-br/x` and `/da` -> `/en/da` (use `/da/`).
/// 3. Parsed as `http://x<href>` by a WHATWG URL parser: query and fragment dropped, `\` is
///    `/`, dot segments (also `%2e`) resolved, tabs/newlines removed. `None` if that fails.
/// 4. `parsePath`: percent-decode; trim whitespace; drop one leading `/`; an empty path is
///    `home`; delete `\`, `//` and runs of two or more dots; split on `/`, dropping empty,
///    `.` and `..` segments; drop a one-character first segment; a locale-like first segment
///    (see [`super::path::is_locale_segment`]) is the locale, else `current_locale` (Wiki.js
///    uses the wiki's primary locale there, which is the current one on a wiki without
///    namespacing). An empty result (`/da/`) is reported as `home` (this crate's choice: the
///    locale's root page).
///
/// Without namespacing, an explicit locale segment is still honoured (`/da/x` -> `da`, `x`).
///
/// Wiki.js also tries to strip one trailing `/` before step 1, with `_.endsWith('/')` called
/// without the string, which never matches; this function follows that reading of the source.
/// It only matters for a bare locale root: were the slash stripped, `/da/` would resolve like
/// `/da` (step 2).
pub fn resolve_page_link(
    href: &str,
    current_page_path: &str,
    current_locale: &str,
    namespacing: bool,
) -> Option<PageTarget> {
    let is_page = match classify(href) {
        LinkKind::Page => true,
        LinkKind::OtherScheme => !href.contains('.'),
        _ => false,
    };
    if !is_page {
        return None;
    }
    let mut h = if href.starts_with('/') {
        href.to_string()
    } else if current_page_path == "home" {
        format!("/{href}")
    } else {
        format!("/{current_page_path}/{href}")
    };
    if namespacing && h.encode_utf16().nth(3) != Some(u16::from(b'/')) {
        h = format!("/{current_locale}{h}");
    }
    let url = Url::parse(&format!("http://x{h}")).ok()?;
    let fragment = url.fragment().map(percent_decode).filter(|f| !f.is_empty());
    let (locale, path) = parse_path(url.path(), current_locale)?;
    Some(PageTarget {
        locale,
        path,
        fragment,
    })
}

/// Decodes every valid `%HH` byte and reads the result as UTF-8, replacing invalid sequences
/// with U+FFFD; invalid `%` escapes stay as they are. This is Node's `querystring.unescape`
/// (`decodeURIComponent`, falling back to a byte-wise decode) and Python's `unquote`.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Wiki.js `parsePath(rawPath)` (without `stripExt`), returning `(locale, path)`; `None` where
/// Wiki.js throws (no segment left) and so leaves the link unprocessed.
fn parse_path(raw: &str, default_locale: &str) -> Option<(String, String)> {
    let decoded = percent_decode(raw);
    let mut p = decoded.trim_matches(super::is_js_whitespace);
    if let Some(rest) = p.strip_prefix('/') {
        p = rest;
    }
    let p = if p.is_empty() { "home" } else { p };
    let p = p.replace('\\', "").replace("//", "");
    let p = delete_dot_runs(&p);
    let mut parts: Vec<&str> = p
        .split('/')
        .filter(|s| {
            let t = s.trim_matches(super::is_js_whitespace);
            !t.is_empty() && t != "." && t != ".."
        })
        .collect();
    let first = parts.first()?;
    if first.encode_utf16().count() == 1 {
        parts.remove(0);
    }
    let mut locale = default_locale.to_string();
    if let Some(first) = parts.first()
        && super::path::is_locale_segment(first)
    {
        locale = (*first).to_string();
        parts.remove(0);
    }
    let path = if parts.is_empty() {
        "home".to_string()
    } else {
        parts.join("/")
    };
    Some((locale, path))
}

/// `.replace(/\.\.+/g, '')`: deletes every run of two or more dots.
fn delete_dot_runs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = 0usize;
    for c in s.chars() {
        if c == '.' {
            run += 1;
            continue;
        }
        if run == 1 {
            out.push('.');
        }
        run = 0;
        out.push(c);
    }
    if run == 1 {
        out.push('.');
    }
    out
}

/// The Markdown file extensions MkDocs 1.6 treats as pages (case-sensitive).
const MKDOCS_MARKDOWN_EXTENSIONS: &[&str] = &[".markdown", ".mdown", ".mkdn", ".mkd", ".md"];

/// A relative link to a Markdown file, as MkDocs 1.6 tells one (see
/// [`mkdocs_page_link_target`]): its path, percent-decoded and not joined to anything (`..`
/// kept), and its fragment as written (`None` when absent).
pub fn mkdocs_markdown_file_link(href: &str) -> Option<(String, Option<String>)> {
    // urlsplit: strip leading C0 controls and spaces, remove tabs and newlines.
    let cleaned: String = href
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    if uri_scheme(&cleaned).is_some() || cleaned.starts_with("//") {
        return None;
    }
    let (before_fragment, fragment) = match cleaned.split_once('#') {
        Some((a, f)) => (a, Some(f.to_string())),
        None => (cleaned.as_str(), None),
    };
    let path = before_fragment.split('?').next().unwrap_or("");
    if path.is_empty() || path.starts_with('/') || path.starts_with('\\') {
        return None;
    }
    let path = percent_decode(path);
    // MkDocs normalises the joined path (`posixpath.normpath`), which drops trailing slashes:
    // `setup.md/` is the page `setup.md`.
    let path = match path.trim_end_matches('/') {
        trimmed if trimmed.len() < path.len() => trimmed.to_string(),
        _ => path,
    };
    MKDOCS_MARKDOWN_EXTENSIONS
        .iter()
        .any(|e| path.ends_with(*e))
        .then_some((path, fragment))
}

/// Resolves a MkDocs-style relative link to a Markdown file, as MkDocs 1.6 does, into the
/// target page's path relative to the docs root, without extension, plus the fragment.
///
/// `current_file_rel` is the linking file's path relative to the docs root
/// (`guides/intro.md`). Returns `None` for links MkDocs does not resolve to a Markdown file:
/// anything with a scheme or host (`https://...`, `mailto:`), absolute paths (`/x.md`, which
/// MkDocs leaves as they are), fragment- or query-only links, paths not ending in `.md`,
/// `.markdown`, `.mdown`, `.mkdn` or `.mkd` (case-sensitive, as MkDocs), and paths that leave
/// the docs root.
///
/// * The path is percent-decoded, joined to the linking file's folder and normalized:
///   `tips.md` from `guides/intro.md` -> `guides/tips`; `../guides/tips.md#x` ->
///   (`guides/tips`, `x`).
/// * `index.md` and `README.md` (exact case) stand for their folder: `guides/index.md` ->
///   `guides`; the docs root's index gives `""` (a caller mapping to Wiki.js uses `home`).
/// * The path is the file path: it is not made Wiki.js-safe (dots are not deleted; see
///   [`super::path::page_path_from_git_file`]).
/// * The fragment is percent-decoded; `None` when absent or empty.
pub fn mkdocs_page_link_target(
    href: &str,
    current_file_rel: &str,
) -> Option<(String, Option<String>)> {
    let (path, fragment) = mkdocs_markdown_file_link(href)?;
    let ext = MKDOCS_MARKDOWN_EXTENSIONS
        .iter()
        .find(|e| path.ends_with(*e))?;
    let current_dir = match current_file_rel.rfind('/') {
        Some(i) => &current_file_rel[..i],
        None => "",
    };
    let joined = if current_dir.is_empty() {
        path.clone()
    } else {
        format!("{current_dir}/{path}")
    };
    let normalized = normpath(joined.trim_start_matches('/'))?;
    let without_ext = normalized.strip_suffix(ext)?;
    let (dir, stem) = match without_ext.rfind('/') {
        Some(i) => (&without_ext[..i], &without_ext[i + 1..]),
        None => ("", without_ext),
    };
    if stem.is_empty() {
        return None;
    }
    let page = if stem == "index" || stem == "README" {
        dir.to_string()
    } else {
        without_ext.to_string()
    };
    let fragment = fragment
        .as_deref()
        .map(percent_decode)
        .filter(|f| !f.is_empty());
    Some((page, fragment))
}

/// `posixpath.normpath` for a relative path; `None` when it climbs above the root.
fn normpath(p: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_kinds() {
        use LinkKind::*;
        assert_eq!(classify(""), Empty);
        assert_eq!(classify("#intro"), Fragment);
        assert_eq!(classify("#"), Fragment);
        assert_eq!(classify("mailto:a@b.org"), Mail);
        assert_eq!(classify("tel:+4512345678"), Tel);
        assert_eq!(classify("https://joinmastodon.org"), External);
        assert_eq!(classify("ftp://x"), External);
        assert_eq!(classify("/da/x?u=https://y"), External);
        assert_eq!(classify("/t/mastodon"), System);
        assert_eq!(classify("/a"), System);
        assert_eq!(classify("/E/x"), System);
        assert_eq!(classify("/a/b.png"), System);
        assert_eq!(classify("/1/x"), Page);
        assert_eq!(classify("tips.md"), Asset);
        assert_eq!(classify("../foo"), Asset);
        assert_eq!(classify("./foo"), Asset);
        assert_eq!(classify("/img/a.png"), Asset);
        assert_eq!(classify("example.com"), Asset);
        assert_eq!(classify("//example.com/x"), Asset);
        assert_eq!(classify("/da/getting-started"), Page);
        assert_eq!(classify("getting-started"), Page);
        assert_eq!(classify("/"), Page);
        assert_eq!(classify("?tab=2"), Page);
        assert_eq!(classify("javascript:alert(1)"), OtherScheme);
        assert_eq!(classify("sms:+4512345678"), OtherScheme);
        assert_eq!(classify("MAILTO:a@b.org"), OtherScheme);
        assert_eq!(classify("xmpp:me@example.org"), OtherScheme);
        assert_eq!(classify("1:2"), Page);
    }

    #[test]
    fn site_host() {
        let host = "https://wiki.example.org";
        assert_eq!(
            strip_site_host("https://wiki.example.org/da/x", host),
            "/da/x"
        );
        assert_eq!(
            strip_site_host("https://other.org/da/x", host),
            "https://other.org/da/x"
        );
        assert_eq!(
            strip_site_host("https://wiki.example.org/da/x", "http://"),
            "https://wiki.example.org/da/x"
        );
        assert_eq!(strip_site_host("/x", ""), "/x");
        assert_eq!(
            classify(strip_site_host("https://wiki.example.org/da/x", host)),
            LinkKind::Page
        );
    }

    fn t(locale: &str, path: &str, fragment: Option<&str>) -> Option<PageTarget> {
        Some(PageTarget {
            locale: locale.into(),
            path: path.into(),
            fragment: fragment.map(Into::into),
        })
    }

    #[test]
    fn absolute_links_with_namespacing() {
        let r = |h: &str| resolve_page_link(h, "guides/moving", "en", true);
        assert_eq!(r("/da/foo/bar"), t("da", "foo/bar", None));
        assert_eq!(r("/foo"), t("en", "foo", None));
        assert_eq!(r("/foo/bar#x"), t("en", "foo/bar", Some("x")));
        assert_eq!(r("/da/foo?x=1#sec"), t("da", "foo", Some("sec")));
        assert_eq!(r("/da/foo/"), t("da", "foo", None));
        assert_eq!(r("/da/"), t("da", "home", None));
        // Only a two-character first segment escapes the prefix.
        assert_eq!(r("/da"), t("en", "da", None));
        assert_eq!(r("/pt-br/x"), t("en", "pt-br/x", None));
        assert_eq!(r("/DA/x"), t("DA", "x", None));
        assert_eq!(r("/da/x#"), t("da", "x", None));
    }

    #[test]
    fn relative_links_are_children() {
        let r = |h: &str| resolve_page_link(h, "guides/moving", "da", true);
        assert_eq!(r("foo"), t("da", "guides/moving/foo", None));
        assert_eq!(
            r("foo/bar#a-b"),
            t("da", "guides/moving/foo/bar", Some("a-b"))
        );
        // `..` makes it an asset link: never resolved by Wiki.js.
        assert_eq!(r("../foo"), None);
        assert_eq!(r("tips.md"), None);
        // Percent-encoded dot segments are resolved by the URL parser.
        assert_eq!(r("%2e%2e/foo"), t("da", "guides/foo", None));
        // From the home page a relative link is a top-level page.
        assert_eq!(
            resolve_page_link("foo", "home", "da", true),
            t("da", "foo", None)
        );
        assert_eq!(
            resolve_page_link("foo", "home", "en", false),
            t("en", "foo", None)
        );
        // Query-only link: the current page.
        assert_eq!(r("?tab=2"), t("da", "guides/moving", None));
    }

    #[test]
    fn without_namespacing() {
        let r = |h: &str| resolve_page_link(h, "guides/moving", "en", false);
        assert_eq!(r("/foo/bar"), t("en", "foo/bar", None));
        assert_eq!(r("/da/foo"), t("da", "foo", None));
        assert_eq!(r("foo"), t("en", "guides/moving/foo", None));
        assert_eq!(r("/"), t("en", "home", None));
        // A one-character first segment is dropped by parsePath.
        assert_eq!(r("/1/foo"), t("en", "foo", None));
        assert_eq!(r("/t/foo"), None);
    }

    #[test]
    fn percent_decoding_and_odd_input() {
        let r = |h: &str| resolve_page_link(h, "guides", "da", true);
        assert_eq!(r("/da/%C3%A6ble#%C3%A6ndr"), t("da", "æble", Some("ændr")));
        assert_eq!(r("/da/æble#ændr"), t("da", "æble", Some("ændr")));
        assert_eq!(r("/da/a%20b"), t("da", "a b", None));
        assert_eq!(r("/da/a%zzb"), t("da", "a%zzb", None));
        assert_eq!(r("/da/a%FFb"), t("da", "a\u{FFFD}b", None));
        assert_eq!(r("/da/a\\b"), t("da", "a/b", None));
        assert_eq!(r("/da/a%5Cb"), t("da", "ab", None));
        assert_eq!(r("/da/a//b"), t("da", "ab", None));
        assert_eq!(r("/da/a%2Eb"), t("da", "a.b", None));
        assert_eq!(r("/da/a\tb"), t("da", "ab", None));
        assert_eq!(r("sms:+4512"), t("da", "guides/sms:+4512", None));
        assert_eq!(
            r("javascript:void(0)"),
            t("da", "guides/javascript:void(0)", None)
        );
        assert_eq!(r("mailto:x"), None);
        assert_eq!(r("#x"), None);
        assert_eq!(r(""), None);
        for h in [
            "%",
            "%%",
            "/%",
            "/\u{0}",
            "/💥/x",
            "\u{FEFF}",
            "/da/%2e%2e/%2e%2e/x",
            "/ /x",
        ] {
            let _ = r(h);
        }
    }

    #[test]
    fn mkdocs_links() {
        let m = mkdocs_page_link_target;
        let s = |p: &str, f: Option<&str>| Some((p.to_string(), f.map(Into::into)));
        assert_eq!(m("tips.md", "guides/intro.md"), s("guides/tips", None));
        assert_eq!(m("tips.md", "intro.md"), s("tips", None));
        assert_eq!(m("./tips.md", "intro.md"), s("tips", None));
        assert_eq!(
            m("../guides/tips.md#x", "other/intro.md"),
            s("guides/tips", Some("x"))
        );
        assert_eq!(m("../tips.md#x", "guides/intro.md"), s("tips", Some("x")));
        assert_eq!(m("index.md", "guides/intro.md"), s("guides", None));
        assert_eq!(m("README.md", "guides/intro.md"), s("guides", None));
        assert_eq!(m("index.md", "intro.md"), s("", None));
        assert_eq!(m("sub/index.md#a", "intro.md"), s("sub", Some("a")));
        assert_eq!(m("tips.md?x=1#", "intro.md"), s("tips", None));
        assert_eq!(m("my%20tips.md", "intro.md"), s("my tips", None));
        assert_eq!(m("tips.markdown", "intro.md"), s("tips", None));
        assert_eq!(m("v1.2/tips.md", "intro.md"), s("v1.2/tips", None));
        assert_eq!(m("tips.MD", "intro.md"), None);
        assert_eq!(m("../tips.md", "intro.md"), None);
        assert_eq!(m("/tips.md", "intro.md"), None);
        assert_eq!(m("https://x.org/tips.md", "intro.md"), None);
        assert_eq!(m("//x.org/tips.md", "intro.md"), None);
        assert_eq!(m("#x", "intro.md"), None);
        assert_eq!(m("img/a.png", "intro.md"), None);
        assert_eq!(m("guides/", "intro.md"), None);
        assert_eq!(m(".md", "intro.md"), None);
        assert_eq!(m("", "intro.md"), None);
    }

    #[test]
    fn dot_runs() {
        assert_eq!(delete_dot_runs("a..b...c.d"), "abc.d");
        assert_eq!(delete_dot_runs(".."), "");
        assert_eq!(delete_dot_runs("a."), "a.");
    }
}
