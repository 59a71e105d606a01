//! Material for MkDocs icons and emoji shortcodes of its icon sets (`:material-pencil:`,
//! `:octicons-heart-fill-16:`, `:fontawesome-brands-github:`, `:simple-python:`), which
//! pymdownx.emoji turns into inline SVG on a MkDocs site and Wiki.js shows as text: read by
//! detection (a MkDocs marker), GL301 and build.

use std::sync::LazyLock;

use regex::Regex;

/// One icon shortcode, as a regex matches it; [`icons`] keeps those that stand apart from the
/// text around them.
pub static ICON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r":(?:material|fontawesome|octicons|simple)-[a-z0-9-]+:").expect("valid regex")
});

/// Whether `text` has a `:` followed by an icon set's name and `-`: where every [`ICON`]
/// match starts. A byte search for `:` (vectorised), so the regex runs on few texts.
pub fn may_have_icon(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b':', b).any(|i| {
        let after = &b[i + 1..];
        // The byte after the `:` first: most colons (`https:`, `Note:`) end there.
        matches!(after.first(), Some(b'm' | b'f' | b'o' | b's'))
            && [&b"material-"[..], b"fontawesome-", b"octicons-", b"simple-"]
                .iter()
                .any(|set| after.starts_with(set))
    })
}

/// The icons of `text` ([`ICON`]'s matches that [`stands_apart`] in it).
pub fn icons(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    ICON.find_iter(text)
        .filter(move |m| stands_apart(text, m.range()))
}

/// Whether the shortcode at `r` in `text` stands apart from what follows it: no ASCII letter or
/// digit right after it, and no `/` right before it. Maven coordinates
/// (`androidx.compose.material:material-icons-extended:1.6.0`, `com.example:simple-client:2.1`)
/// hold an icon set's name between colons and go on past the second; a path
/// (`/a/:octicons-x-16:`) is no icon either. pymdownx.emoji matches a shortcode anywhere else,
/// glued to a word (`Edit:material-pencil:`) or in text without spaces (`点击:material-pencil:按钮`).
pub fn stands_apart(text: &str, r: std::ops::Range<usize>) -> bool {
    let before = text[..r.start].bytes().next_back();
    let after = text[r.end..].bytes().next();
    before != Some(b'/') && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// `text` without its icon and emoji shortcodes, as far as a heading's id is concerned: on a
/// MkDocs site pymdownx.emoji makes them inline SVG or images, which `toc` leaves out of the
/// slug (`## :rocket: Go live` and `## :material-check: Done` get `go-live` and `done`).
/// Emoji are known by the names Wiki.js renders, the common set of both sites' indexes.
pub fn strip_shortcodes(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(':') {
        return std::borrow::Cow::Borrowed(text);
    }
    let without_icons = if may_have_icon(text) {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in icons(text) {
            if m.start() < last {
                continue; // inside the attribute list of the icon before
            }
            out.push_str(&text[last..m.start()]);
            // An attribute list right after the icon is the icon's (`:material-x:{ .big }`).
            last = m.end() + crate::document::leading_attr_list(&text[m.end()..]).unwrap_or(0);
        }
        out.push_str(&text[last..]);
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    match crate::wikijs::emoji::strip_shortcodes(&without_icons) {
        std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s),
        std::borrow::Cow::Borrowed(_) => without_icons,
    }
}

/// A heading's text as its id is made from it, on a page of `dialect`: without the emoji
/// shortcodes Wiki.js renders (its slug leaves emoji out), and on a MkDocs page without its
/// icons too (pymdownx.emoji makes both images; `build` leaves the icons out of the wiki's
/// heading). The same text gives the MkDocs id and, for a page built from it, the Wiki.js one.
pub fn heading_slug_text(
    dialect: crate::document::Dialect,
    text: &str,
) -> std::borrow::Cow<'_, str> {
    match dialect {
        crate::document::Dialect::Mkdocs => strip_shortcodes(text),
        crate::document::Dialect::Wikijs => crate::wikijs::emoji::strip_shortcodes(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lose_their_shortcodes_for_their_ids() {
        assert_eq!(strip_shortcodes(":rocket: Go live"), " Go live");
        assert_eq!(strip_shortcodes(":material-check: Done"), " Done");
        assert_eq!(strip_shortcodes("Step 2: export :tada:"), "Step 2: export ");
        // An icon's attribute list goes with it.
        assert_eq!(
            strip_shortcodes(":fontawesome-brands-docker:{ .docker } Docker setup"),
            " Docker setup"
        );
        assert_eq!(
            strip_shortcodes(":material-check:{: title=\"a } b\" } Done"),
            " Done"
        );
        // Not shortcodes: a time, a Maven coordinate, an unknown name.
        for text in [
            "At 10:30:00",
            "com.example:simple-client:2.1",
            "a :nosuchemoji: b",
        ] {
            assert_eq!(strip_shortcodes(text), text);
        }
    }

    #[test]
    fn an_icon_stands_apart_from_the_text_around_it() {
        fn found(text: &str) -> Vec<&str> {
            icons(text).map(|m| m.as_str()).collect()
        }
        assert_eq!(
            found(":material-pencil: Edit, [:octicons-mark-github-16:](x) :simple-python:{ .lg }"),
            [
                ":material-pencil:",
                ":octicons-mark-github-16:",
                ":simple-python:"
            ]
        );
        assert_eq!(
            found("é :fontawesome-brands-github:."),
            [":fontawesome-brands-github:"]
        );
        assert_eq!(
            found(":material-a::material-b:"),
            [":material-a:", ":material-b:"]
        );
        // Glued to a word or in text without spaces, as pymdownx.emoji reads it.
        for text in [
            "点击:material-pencil:按钮编辑页面。",
            "Press Edit:material-pencil: now.",
            "é:material-pencil:é",
            "x_:material-pencil:_",
        ] {
            assert_eq!(found(text), [":material-pencil:"], "{text}");
        }
        for text in [
            "androidx.compose.material:material-icons-extended:1.6.0",
            "com.example:simple-client:2.1",
            "group:material-x:jar:1.0",
            "https://example.org/a/:octicons-x-16:",
        ] {
            assert_eq!(found(text), Vec::<&str>::new(), "{text}");
        }
    }
}
