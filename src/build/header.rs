//! The page header exactly as Wiki.js's git storage writes it (`docs/wikijs.md#git-storage`): the
//! fields `title`, `description`, `published`, `date`, `tags`, `editor`, `dateCreated` in that
//! order, values unquoted, tags lowercased and joined with `, `, dates in ISO 8601 with
//! milliseconds and `Z`.
//!
//! One addition, for unpublished pages only: Wiki.js's git import reads `isPublished`, not the
//! `published` it writes (`docs/wikijs.md#header-on-import`), so a header with only
//! `published: false` imports as published. An unpublished page's header therefore carries
//! `isPublished: false` on the line after `published: false`. A published page's header is
//! exactly Wiki.js's (the import's default is published).
//!
//! Wiki.js writes values without quoting, so a title such as `Step 1: export` makes its own
//! importer (js-yaml 3 `safeLoad`) fail and import the whole file as content. We write a value
//! plain whenever js-yaml reads it back as the same string, and quote it otherwise.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// A Wiki.js page header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub title: String,
    pub description: String,
    pub published: bool,
    /// Last change, `2023-01-02T17:43:00.117Z`.
    pub date: String,
    pub tags: Vec<String>,
    pub editor: String,
    pub date_created: String,
}

impl Header {
    /// `---` ... `---` plus a line break, in Wiki.js's field order (plus `isPublished: false`
    /// for an unpublished page, which Wiki.js's import needs to keep it unpublished).
    pub fn render(&self) -> String {
        format!(
            "---\ntitle: {}\ndescription: {}\npublished: {}\ndate: {}\ntags: {}\neditor: {}\ndateCreated: {}\n---\n",
            yaml_scalar(&self.title),
            yaml_scalar(&self.description),
            published_lines(self.published),
            self.date,
            yaml_scalar(&join_tags(&self.tags)),
            yaml_scalar(&self.editor),
            self.date_created,
        )
    }
}

/// The value of `published:` and, for an unpublished page, the `isPublished` line the import
/// reads.
pub fn published_lines(published: bool) -> &'static str {
    if published {
        "true"
    } else {
        "false\nisPublished: false"
    }
}

/// Tags as Wiki.js stores them: trimmed, lowercased, without empties or repeats, in order.
pub fn normalize_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim().to_lowercase();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

pub fn join_tags(tags: &[String]) -> String {
    tags.join(", ")
}

/// Patterns of js-yaml 3's default safe schema that turn a plain scalar into something other than
/// a string (null, bool, int, float, timestamp, merge key).
static NOT_A_STRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        r"~|null|Null|NULL",
        r"|true|True|TRUE|false|False|FALSE",
        r"|<<",
        // int: binary, hex, octal, decimal, base 60
        r"|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0[0-7_]+|[-+]?[0-9][0-9_]*",
        r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
        // float
        r"|[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?",
        r"|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?",
        r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*",
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        // timestamp
        r"|[0-9]{4}-[0-9]{2}-[0-9]{2}",
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?",
        r")$"
    ))
    .expect("valid pattern")
});

/// `value` as a YAML scalar that js-yaml reads back as exactly `value`: plain when that is safe
/// (the way Wiki.js writes it), single-quoted when a plain scalar would be misread, double-quoted
/// with escapes when it holds line breaks or control characters. The empty string stays empty,
/// as Wiki.js writes an empty description.
pub fn yaml_scalar(value: &str) -> Cow<'_, str> {
    if value.is_empty() {
        return Cow::Borrowed("");
    }
    if value
        .chars()
        .any(|c| (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
    {
        return Cow::Owned(serde_json::to_string(value).unwrap_or_default());
    }
    if plain_is_safe(value) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(format!("'{}'", value.replace('\'', "''")))
    }
}

fn plain_is_safe(v: &str) -> bool {
    let first = v.chars().next().unwrap_or(' ');
    let second = v.chars().nth(1);
    if v.starts_with([' ', '\t']) || v.ends_with([' ', '\t']) || v.contains('\t') {
        return false;
    }
    // Indicators that cannot start a plain scalar; `-`, `?` and `:` can when a non-space follows.
    if "[]{},#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if "-?:".contains(first) && second.is_none_or(|c| c == ' ') {
        return false;
    }
    if v.contains(": ") || v.ends_with(':') || v.contains(" #") {
        return false;
    }
    // `---` or `...` alone would end the header or the document.
    if v.starts_with("---") || v.starts_with("...") {
        return false;
    }
    !NOT_A_STRING.is_match(v)
}

/// Whether `s` is a date as Wiki.js writes it.
pub fn is_iso_millis(s: &str) -> bool {
    static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$")
            .expect("valid pattern")
    });
    PATTERN.is_match(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn dates_with_milliseconds() {
        let t = UNIX_EPOCH + Duration::from_millis(1_672_681_380_117);
        assert!(is_iso_millis(&crate::util::iso_millis(t)));
        assert!(is_iso_millis("2023-01-02T17:43:00.117Z"));
        assert!(!is_iso_millis("2023-01-02T17:43:00Z"));
        assert!(!is_iso_millis("2023-01-02"));
    }

    #[test]
    fn an_unpublished_header_carries_what_the_import_reads() {
        let h = Header {
            title: "Draft".into(),
            description: String::new(),
            published: false,
            date: "2023-01-02T17:43:00.117Z".into(),
            tags: vec![],
            editor: "markdown".into(),
            date_created: "2023-01-02T14:38:56.051Z".into(),
        };
        assert_eq!(
            h.render(),
            "---\ntitle: Draft\ndescription: \npublished: false\nisPublished: false\ndate: 2023-01-02T17:43:00.117Z\ntags: \neditor: markdown\ndateCreated: 2023-01-02T14:38:56.051Z\n---\n"
        );
        let back = crate::sync::page::read_page_file(&h.render(), "draft");
        assert_eq!(back.is_published, Some(false));
        assert!(!back.published);
    }

    #[test]
    fn header_in_wikijs_order() {
        let h = Header {
            title: "Tips & Tricks".into(),
            description: String::new(),
            published: true,
            date: "2023-01-02T17:43:00.117Z".into(),
            tags: normalize_tags(["Mastodon", " new to mastodon", "mastodon", ""]),
            editor: "markdown".into(),
            date_created: "2023-01-02T14:38:56.051Z".into(),
        };
        assert_eq!(
            h.render(),
            "---\ntitle: Tips & Tricks\ndescription: \npublished: true\ndate: 2023-01-02T17:43:00.117Z\ntags: mastodon, new to mastodon\neditor: markdown\ndateCreated: 2023-01-02T14:38:56.051Z\n---\n"
        );
    }

    #[test]
    fn plain_only_when_safe() {
        for plain in [
            "Flyt/Skift Mastodon server",
            "Tips & Tricks",
            "I denne guide læs",
            "C# and C++",
            "100% done",
            "-5 degrees",
            "a-b",
            "what? yes",
            "key:value",
            "2023 review",
            "not [at] the start",
            "3rd step",
            "yes",
            "on",
        ] {
            assert_eq!(yaml_scalar(plain), plain, "{plain}");
        }
        for (quoted, want) in [
            ("Step 1: export", "'Step 1: export'"),
            ("ends with:", "'ends with:'"),
            ("# heading", "'# heading'"),
            ("x #tag", "'x #tag'"),
            ("[draft] page", "'[draft] page'"),
            ("{x}", "'{x}'"),
            ("'quoted'", "'''quoted'''"),
            ("\"q\"", "'\"q\"'"),
            ("- item", "'- item'"),
            ("? x", "'? x'"),
            ("*bold*", "'*bold*'"),
            ("&anchor", "'&anchor'"),
            ("!tag", "'!tag'"),
            ("|pipe", "'|pipe'"),
            ("> gt", "'> gt'"),
            ("%x", "'%x'"),
            ("@user", "'@user'"),
            ("`code`", "'`code`'"),
            ("true", "'true'"),
            ("NULL", "'NULL'"),
            ("~", "'~'"),
            ("2023", "'2023'"),
            ("1.5", "'1.5'"),
            ("0x1F", "'0x1F'"),
            ("1:30", "'1:30'"),
            (".inf", "'.inf'"),
            ("2023-01-02", "'2023-01-02'"),
            (" padded", "' padded'"),
            ("---", "'---'"),
            ("<<", "'<<'"),
        ] {
            assert_eq!(yaml_scalar(quoted), want, "{quoted}");
        }
        assert_eq!(yaml_scalar("two\nlines"), "\"two\\nlines\"");
        assert_eq!(yaml_scalar(""), "");
    }
}
