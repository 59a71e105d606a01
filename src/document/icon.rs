//! Material for MkDocs icons and emoji shortcodes of its icon sets (`:material-pencil:`,
//! `:octicons-heart-fill-16:`, `:fontawesome-brands-github:`, `:simple-python:`), which
//! pymdownx.emoji turns into inline SVG on a MkDocs site and Wiki.js shows as text: read by
//! detection (a MkDocs marker), GL301 and build.

use std::sync::LazyLock;

use regex::Regex;

/// One icon shortcode.
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
