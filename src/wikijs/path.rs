//! Page paths and asset paths as Wiki.js 2.5 sees them (`docs/wikijs.md#git-storage`
//! and `docs/wikijs.md#page-paths`).
//!
//! Sources: `server/helpers/page.js` (`getPagePath`, `getContentType`, `parsePath` and its
//! `localeSegmentRegex`/`localeFolderRegex`), `server/models/pages.js` (`createPage` path
//! check), the editor's page-path dialog and the upload controller
//! (`server/controllers/upload.js`, with `sanitize-filename` 1.6, whose code was checked).

/// Which editor/content type a page file in git storage is imported with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageFileKind {
    /// `.md`: editor `markdown`.
    Markdown,
    /// `.html`: editor `ckeditor` or `code` (content type `html`).
    Html,
    /// `.adoc`: editor `asciidoc`.
    AsciiDoc,
}

impl PageFileKind {
    /// The file extension (without dot) Wiki.js reads and writes for this kind.
    pub fn extension(self) -> &'static str {
        match self {
            PageFileKind::Markdown => "md",
            PageFileKind::Html => "html",
            PageFileKind::AsciiDoc => "adoc",
        }
    }
}

/// Whether `s` is locale-like for Wiki.js: `localeSegmentRegex = /^[A-Z]{2}(-[A-Z]{2})?$/i`,
/// i.e. two ASCII letters, optionally `-` and two more, in any case (`da`, `pt-br`, `EN`).
///
/// Such a first path segment is read as the locale by the router and by link processing, which
/// is why the editor refuses it as the first segment of a page path. It says nothing about
/// whether the wiki has that locale installed.
pub fn is_locale_segment(s: &str) -> bool {
    let b = s.as_bytes();
    let two = |x: &[u8]| x.len() == 2 && x.iter().all(u8::is_ascii_alphabetic);
    match b.len() {
        2 => two(b),
        5 => two(&b[..2]) && b[2] == b'-' && two(&b[3..]),
        _ => false,
    }
}

/// Maps a file of a git-storage repository to the page Wiki.js imports it as.
///
/// `rel` is the path relative to the repository root, with `/` separators (as git lists it).
/// Returns `None` when Wiki.js imports the file as an *asset* instead, else
/// `(locale, page path, kind)` where `locale` is `None` for the wiki's primary locale.
///
/// Faithful to `getContentType` and `getPagePath`:
/// * The content type is the text after the last `.` of the whole path, compared
///   case-sensitively with `md`, `html`, `adoc`: `README`, `notes.MD`, `x.markdown`, `a.yml`
///   are assets. (A root file named exactly `md` has no dot and counts as `md` too.)
/// * The page path is the file path without that extension and with **every** remaining dot
///   deleted: `v1.2/x.md` -> `v12/x`, `guide.old.md` -> `guideold`.
/// * Then a leading folder matching `/^([a-z]{2}(?:-[a-z]{2})?\/)?/i` is the locale:
///   `da/home.md` -> (`da`, `home`), `pt-br/a/b.md` -> (`pt-br`, `a/b`). The match is made on the
///   dot-less path and, as Wiki.js's regex has the `i` flag, is case-insensitive; the locale is
///   returned as written (`DA/x.md` gives locale `DA`, which a wiki with `da` does not have).
///   The locale is not checked against the wiki's installed locales.
///
/// The page path is not validated (it may be empty or contain characters the editor refuses);
/// see [`validate_page_path`].
pub fn page_path_from_git_file(rel: &str) -> Option<(Option<String>, String, PageFileKind)> {
    let (stem, ext) = match rel.rfind('.') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    };
    let kind = match ext {
        "md" => PageFileKind::Markdown,
        "html" => PageFileKind::Html,
        "adoc" => PageFileKind::AsciiDoc,
        _ => return None,
    };
    let path: String = stem.chars().filter(|&c| c != '.').collect();
    if let Some(slash) = path.find('/')
        && is_locale_segment(&path[..slash])
    {
        let locale = path[..slash].to_string();
        return Some((Some(locale), path[slash + 1..].to_string(), kind));
    }
    Some((None, path, kind))
}

/// Something Wiki.js does not accept, or cannot serve, in a page path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathProblem {
    /// The path is empty.
    Empty,
    /// More than 255 characters: Wiki.js allows at most 255.
    TooLong {
        /// Length in characters.
        chars: usize,
    },
    /// `.`, space or `\`: the server refuses to create the page (GraphQL error 6005,
    /// `PageIllegalPath`).
    ServerRejectedChar(char),
    /// `//`: the server refuses to create the page (error 6005).
    DoubleSlash,
    /// A character the editor's path field refuses:
    /// `# $ ^ = * ; : & ? ( ) [ ] { } " ' > < , @ ! % ` ~`. The API accepts it, but such a page
    /// cannot be created or moved in the editor, and most of these break links to the page.
    EditorForbiddenChar(char),
    /// The path starts with `/` (the editor refuses it).
    LeadingSlash,
    /// The path ends with `/` (the editor refuses it).
    TrailingSlash,
    /// The first segment has one character: the router reads one-character first segments as
    /// system routes (`/a` admin, `/e` editor, `/h` history, `/s` source, `/t` tags, ...) or
    /// skips them, so the page is unreachable.
    SingleCharFirstSegment(String),
    /// The first segment is locale-like (`xx` or `xx-yy`, see [`is_locale_segment`]): it is read
    /// as a locale, so the page is unreachable.
    LocaleLikeFirstSegment(String),
    /// The first segment is one the editor reserves for the site's own routes and static files:
    /// `login logout register verify favicons fonts img js svg` (case-sensitive).
    ReservedFirstSegment(String),
    /// The first segment is a server route that shadows any page: `_assets`, `graphql`,
    /// `healthz`.
    SystemRoute(String),
}

impl PathProblem {
    /// A one-line description of the problem, without the path itself.
    pub fn message(&self) -> String {
        match self {
            PathProblem::Empty => "the page path is empty".to_string(),
            PathProblem::TooLong { chars } => {
                format!("the page path has {chars} characters; Wiki.js allows at most 255")
            }
            PathProblem::ServerRejectedChar(c) => format!(
                "the page path contains {}: Wiki.js refuses to create it (illegal path)",
                describe_char(*c)
            ),
            PathProblem::DoubleSlash => {
                "the page path contains `//`: Wiki.js refuses to create it (illegal path)"
                    .to_string()
            }
            PathProblem::EditorForbiddenChar(c) => format!(
                "the page path contains {}, which the Wiki.js editor does not allow in paths",
                describe_char(*c)
            ),
            PathProblem::LeadingSlash => "the page path starts with `/`".to_string(),
            PathProblem::TrailingSlash => "the page path ends with `/`".to_string(),
            PathProblem::SingleCharFirstSegment(s) => format!(
                "the first path segment `{s}` has one character: Wiki.js reserves those for \
                 system routes, so the page cannot be reached"
            ),
            PathProblem::LocaleLikeFirstSegment(s) => format!(
                "the first path segment `{s}` looks like a locale code: Wiki.js reads it as \
                 the locale, so the page cannot be reached"
            ),
            PathProblem::ReservedFirstSegment(s) => format!(
                "the first path segment `{s}` is reserved by Wiki.js for its own routes and files"
            ),
            PathProblem::SystemRoute(s) => format!(
                "the first path segment `{s}` is a Wiki.js server route: the page cannot be \
                 reached"
            ),
        }
    }

    /// Whether `pages.create`/`pages.update` fail outright with this path (error 6005,
    /// `PageIllegalPath`). Wiki.js's own API checks accept the other problems; the page is then
    /// unreachable or cannot be edited in the editor. ([`PathProblem::TooLong`] is left to the
    /// database, so it is not counted here.)
    pub fn is_api_error(&self) -> bool {
        matches!(
            self,
            PathProblem::ServerRejectedChar(_) | PathProblem::DoubleSlash
        )
    }
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        '`' => "a backtick".to_string(),
        c => format!("`{c}`"),
    }
}

const EDITOR_FORBIDDEN: &str = "#$^=*;:&?()[]{}\"'><,@!%`~";
const RESERVED_FIRST_SEGMENTS: &[&str] = &[
    "login", "logout", "register", "verify", "favicons", "fonts", "img", "js", "svg",
];
const SYSTEM_ROUTES: &[&str] = &["_assets", "graphql", "healthz"];

/// Checks a page path (without locale, e.g. `guides/moving`) against what Wiki.js accepts and
/// can serve. Returns every problem found, in a stable order; an empty list means the path is
/// fine. Each offending character is reported once.
///
/// * Server (`createPage`): no `.`, space, `\` or `//`.
/// * Editor: none of `# $ ^ = * ; : & ? ( ) [ ] { } " ' > < , @ ! % ` ~`, no leading or
///   trailing `/`.
/// * Reserved first segments (the editor's check; the API does not enforce it and creates pages
///   nobody can reach): one character long (counted in UTF-16 units, as JavaScript does),
///   locale-like, `login logout register verify favicons fonts img js svg`; plus the server
///   routes `_assets`, `graphql`, `healthz`.
/// * At most 255 characters.
///
/// `home` is the home page and is a valid path. Non-ASCII letters and upper case are allowed.
pub fn validate_page_path(path: &str) -> Vec<PathProblem> {
    let mut problems = Vec::new();
    if path.is_empty() {
        problems.push(PathProblem::Empty);
        return problems;
    }
    let chars = path.chars().count();
    if chars > 255 {
        problems.push(PathProblem::TooLong { chars });
    }
    let mut seen: Vec<char> = Vec::new();
    for c in path.chars() {
        if matches!(c, '.' | ' ' | '\\') && !seen.contains(&c) {
            seen.push(c);
            problems.push(PathProblem::ServerRejectedChar(c));
        }
    }
    if path.contains("//") {
        problems.push(PathProblem::DoubleSlash);
    }
    for c in path.chars() {
        if EDITOR_FORBIDDEN.contains(c) && !seen.contains(&c) {
            seen.push(c);
            problems.push(PathProblem::EditorForbiddenChar(c));
        }
    }
    if path.starts_with('/') {
        problems.push(PathProblem::LeadingSlash);
    }
    if path.len() > 1 && path.ends_with('/') {
        problems.push(PathProblem::TrailingSlash);
    }
    let first = path.split('/').next().unwrap_or("");
    if !first.is_empty() {
        if first.encode_utf16().count() == 1 {
            problems.push(PathProblem::SingleCharFirstSegment(first.to_string()));
        } else if is_locale_segment(first) {
            problems.push(PathProblem::LocaleLikeFirstSegment(first.to_string()));
        } else if RESERVED_FIRST_SEGMENTS.contains(&first) {
            problems.push(PathProblem::ReservedFirstSegment(first.to_string()));
        } else if SYSTEM_ROUTES.contains(&first) {
            problems.push(PathProblem::SystemRoute(first.to_string()));
        }
    }
    problems
}

/// The URL path at which Wiki.js serves an asset file of the git repository: `/<folder>/<file>`
/// relative to the repository root (`img/moving/export.png` -> `/img/moving/export.png`).
///
/// A leading `./` or `/` in `rel` is ignored. The file name is kept as it is in the repository
/// (the upload normalization of [`normalize_uploaded_asset_name`] applies to browser uploads).
/// The result is not percent-encoded. Assets do not belong under a locale folder (`docs/wikijs.md#assets`);
/// this function does not check for that.
pub fn asset_serving_path(rel: &str) -> String {
    let mut r = rel;
    loop {
        if let Some(rest) = r.strip_prefix("./") {
            r = rest;
        } else if let Some(rest) = r.strip_prefix('/') {
            r = rest;
        } else {
            break;
        }
    }
    format!("/{r}")
}

/// The file name Wiki.js stores for a file uploaded through the editor's asset manager:
/// `sanitize(name.toLowerCase().replace(/[\s,;#]+/g, '_'))`.
///
/// 1. Lowercase (full Unicode mapping).
/// 2. Every *run* of whitespace, `,`, `;`, `#` becomes one `_` (`My  Photo #1.PNG` ->
///    `my_photo_1.png`).
/// 3. `sanitize-filename`: remove `/ ? < > \ : * |` and `"`, control characters
///    (U+0000..U+001F, U+0080..U+009F); a name made only of dots, or a Windows device name
///    (`con`, `prn`, `aux`, `nul`, `com0`-`com9`, `lpt0`-`lpt9`, alone or with an extension),
///    becomes empty; trailing dots and spaces are removed; the result is cut to at most 255
///    UTF-8 bytes at a character boundary.
///
/// The result can be empty.
pub fn normalize_uploaded_asset_name(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut s = String::with_capacity(lower.len());
    let mut in_run = false;
    for c in lower.chars() {
        if super::is_js_whitespace(c) || matches!(c, ',' | ';' | '#') {
            if !in_run {
                s.push('_');
                in_run = true;
            }
        } else {
            s.push(c);
            in_run = false;
        }
    }
    // illegalRe and controlRe.
    let mut s: String = s
        .chars()
        .filter(|&c| {
            !matches!(c, '/' | '?' | '<' | '>' | '\\' | ':' | '*' | '|' | '"')
                && !matches!(c as u32, 0x00..=0x1F | 0x80..=0x9F)
        })
        .collect();
    // reservedRe: /^\.+$/
    if !s.is_empty() && s.chars().all(|c| c == '.') {
        s.clear();
    }
    // windowsReservedRe: /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i (no `s` flag: `.`
    // does not match line terminators, but those were already replaced or removed above).
    if is_windows_reserved(&s) {
        s.clear();
    }
    // windowsTrailingRe: /[\. ]+$/
    let trimmed_len = s.trim_end_matches(['.', ' ']).len();
    s.truncate(trimmed_len);
    // truncate-utf8-bytes to 255 bytes.
    if s.len() > 255 {
        let mut end = 255;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

fn is_windows_reserved(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let (base, rest) = match lower.find('.') {
        Some(i) => (&lower[..i], Some(&lower[i..])),
        None => (lower.as_str(), None),
    };
    let base_ok = matches!(base, "con" | "prn" | "aux" | "nul")
        || (base.len() == 4
            && (base.starts_with("com") || base.starts_with("lpt"))
            && base.as_bytes()[3].is_ascii_digit());
    let rest_ok = match rest {
        None => true,
        Some(r) => !r.contains(['\n', '\r', '\u{2028}', '\u{2029}']),
    };
    base_ok && rest_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_segments() {
        for s in ["da", "en", "pt-br", "EN", "zh-TW"] {
            assert!(is_locale_segment(s), "{s}");
        }
        for s in ["", "d", "dan", "pt_br", "pt-b", "pt-bra", "d1", "æø", "da-"] {
            assert!(!is_locale_segment(s), "{s}");
        }
    }

    #[test]
    fn git_files_to_pages() {
        use PageFileKind::*;
        let p = |s: &str| page_path_from_git_file(s);
        assert_eq!(p("home.md"), Some((None, "home".into(), Markdown)));
        assert_eq!(
            p("da/home.md"),
            Some((Some("da".into()), "home".into(), Markdown))
        );
        assert_eq!(
            p("da/home.html"),
            Some((Some("da".into()), "home".into(), Html))
        );
        assert_eq!(
            p("pt-br/guides/moving.adoc"),
            Some((Some("pt-br".into()), "guides/moving".into(), AsciiDoc))
        );
        assert_eq!(p("v1.2/x.md"), Some((None, "v12/x".into(), Markdown)));
        assert_eq!(p("guide.old.md"), Some((None, "guideold".into(), Markdown)));
        assert_eq!(
            p("guides/da/x.md"),
            Some((None, "guides/da/x".into(), Markdown))
        );
        assert_eq!(p("dan/x.md"), Some((None, "dan/x".into(), Markdown)));
        // Locale detection runs on the dot-less path, case-insensitively.
        assert_eq!(
            p("d.a/x.md"),
            Some((Some("da".into()), "x".into(), Markdown))
        );
        assert_eq!(
            p("DA/x.md"),
            Some((Some("DA".into()), "x".into(), Markdown))
        );
        // A file directly named after a locale is a page of the primary locale.
        assert_eq!(p("da.md"), Some((None, "da".into(), Markdown)));
        for asset in [
            "README",
            "notes.MD",
            "x.markdown",
            "a.yml",
            "img/a.png",
            "a.md/b",
            "x.Md",
        ] {
            assert_eq!(p(asset), None, "{asset}");
        }
        assert_eq!(p("md"), Some((None, String::new(), Markdown)));
        assert_eq!(p(".md"), Some((None, String::new(), Markdown)));
        assert_eq!(p(""), None);
        assert_eq!(p("é/ø.md"), Some((None, "é/ø".into(), Markdown)));
        assert_eq!(Markdown.extension(), "md");
    }

    #[test]
    fn valid_paths() {
        for p in [
            "home",
            "guides/moving-servers",
            "Guides/Æble",
            "dan/x",
            "logins",
            "js2",
        ] {
            assert_eq!(validate_page_path(p), vec![], "{p}");
        }
    }

    #[test]
    fn server_rejected() {
        use PathProblem::*;
        assert_eq!(validate_page_path("a.b"), vec![ServerRejectedChar('.')]);
        assert_eq!(
            validate_page_path("my page.x y"),
            vec![ServerRejectedChar(' '), ServerRejectedChar('.')]
        );
        assert_eq!(validate_page_path("ab\\cd"), vec![ServerRejectedChar('\\')]);
        assert_eq!(validate_page_path("abc//cd"), vec![DoubleSlash]);
        assert!(DoubleSlash.is_api_error());
        assert!(ServerRejectedChar('.').is_api_error());
        assert!(!EditorForbiddenChar('#').is_api_error());
    }

    #[test]
    fn editor_forbidden() {
        use PathProblem::*;
        assert_eq!(validate_page_path("q&a"), vec![EditorForbiddenChar('&')]);
        assert_eq!(
            validate_page_path("faq?(x)?"),
            vec![
                EditorForbiddenChar('?'),
                EditorForbiddenChar('('),
                EditorForbiddenChar(')')
            ]
        );
        for c in EDITOR_FORBIDDEN.chars() {
            assert_eq!(
                validate_page_path(&format!("ab{c}")),
                vec![EditorForbiddenChar(c)]
            );
        }
        assert_eq!(validate_page_path("/guides"), vec![LeadingSlash]);
        assert_eq!(validate_page_path("guides/"), vec![TrailingSlash]);
        assert_eq!(validate_page_path("/"), vec![LeadingSlash]);
    }

    #[test]
    fn reserved_first_segments() {
        use PathProblem::*;
        assert_eq!(
            validate_page_path("a/b"),
            vec![SingleCharFirstSegment("a".into())]
        );
        assert_eq!(
            validate_page_path("x"),
            vec![SingleCharFirstSegment("x".into())]
        );
        assert_eq!(
            validate_page_path("é/b"),
            vec![SingleCharFirstSegment("é".into())]
        );
        assert_eq!(
            validate_page_path("da/home"),
            vec![LocaleLikeFirstSegment("da".into())]
        );
        assert_eq!(
            validate_page_path("pt-br"),
            vec![LocaleLikeFirstSegment("pt-br".into())]
        );
        assert_eq!(
            validate_page_path("js"),
            vec![LocaleLikeFirstSegment("js".into())]
        );
        assert_eq!(
            validate_page_path("login/x"),
            vec![ReservedFirstSegment("login".into())]
        );
        assert_eq!(
            validate_page_path("svg"),
            vec![ReservedFirstSegment("svg".into())]
        );
        assert_eq!(validate_page_path("Login"), vec![]);
        assert_eq!(
            validate_page_path("graphql"),
            vec![SystemRoute("graphql".into())]
        );
        assert_eq!(
            validate_page_path("_assets/x"),
            vec![SystemRoute("_assets".into())]
        );
        assert_eq!(
            validate_page_path("healthz"),
            vec![SystemRoute("healthz".into())]
        );
    }

    #[test]
    fn length_and_empty() {
        assert_eq!(validate_page_path(""), vec![PathProblem::Empty]);
        let long = "æ".repeat(255);
        assert_eq!(validate_page_path(&long), vec![]);
        let longer = "æ".repeat(256);
        assert_eq!(
            validate_page_path(&longer),
            vec![PathProblem::TooLong { chars: 256 }]
        );
    }

    #[test]
    fn messages_are_nonempty() {
        for p in validate_page_path("/a.b c//d#e/") {
            assert!(!p.message().is_empty());
        }
        assert!(
            PathProblem::ServerRejectedChar(' ')
                .message()
                .contains("a space")
        );
        assert!(PathProblem::Empty.message().contains("empty"));
    }

    #[test]
    fn asset_paths() {
        assert_eq!(
            asset_serving_path("img/moving/export.png"),
            "/img/moving/export.png"
        );
        assert_eq!(asset_serving_path("./img/a.png"), "/img/a.png");
        assert_eq!(asset_serving_path("/img/a.png"), "/img/a.png");
        assert_eq!(asset_serving_path("a.pdf"), "/a.pdf");
    }

    #[test]
    fn uploaded_names() {
        let n = normalize_uploaded_asset_name;
        assert_eq!(n("My  Photo #1.PNG"), "my_photo_1.png");
        assert_eq!(n("a,b;c#d e.jpg"), "a_b_c_d_e.jpg");
        assert_eq!(n("Æble på øen.png"), "æble_på_øen.png");
        assert_eq!(n("what?.png"), "what.png");
        assert_eq!(n("a:b|c*d\"e<f>g/h\\i.png"), "abcdefghi.png");
        assert_eq!(n("tab\there.png"), "tab_here.png");
        assert_eq!(n("trailing..."), "trailing");
        assert_eq!(n("trailing #"), "trailing_");
        assert_eq!(n("..."), "");
        assert_eq!(n("CON"), "");
        assert_eq!(n("con.txt"), "");
        assert_eq!(n("com1.png"), "");
        assert_eq!(n("console.png"), "console.png");
        assert_eq!(n("x\u{85}y"), "xy");
        assert_eq!(n("İ.png"), "i\u{307}.png");
        assert_eq!(n("a\u{3000}b"), "a_b");
        assert_eq!(n("x\u{80}y"), "xy");
        let long = format!("{}.png", "ø".repeat(200));
        let out = n(&long);
        assert!(out.len() <= 255);
        assert_eq!(out, "ø".repeat(127));
    }
}
