//! Which wiki pages a page links to, resolved as Wiki.js resolves hrefs (`docs/wikijs.md#links`),
//! so pages linking to newly created pages can be re-rendered.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::document::{Dialect, Document, LinkKind};

/// The page an href points at, as `locale/path`, on a wiki with locale namespacing (as a
/// multilingual wiki has); `None` for anything Wiki.js does not treat as a page link.
pub fn link_target(href: &str, page_locale: &str, page_path: &str) -> Option<String> {
    let t = crate::wikijs::link::resolve_page_link(href, page_path, page_locale, true)?;
    Some(format!("{}/{}", t.locale.to_ascii_lowercase(), t.path))
}

/// Every page the body links to (Markdown links and `<a href>`), as `locale/path`.
pub fn linked_pages(body: &str, locale: &str, path: &str) -> BTreeSet<String> {
    let doc = Document::parse(PathBuf::from(path), body.to_string(), Some(Dialect::Wikijs));
    let mut out = BTreeSet::new();
    for link in &doc.links {
        if link.kind == LinkKind::Image {
            continue;
        }
        if let Some(t) = link_target(&link.url, locale, path) {
            out.insert(t);
        }
    }
    for tag in &doc.html {
        if !tag.name.eq_ignore_ascii_case("a") {
            continue;
        }
        for attr in &tag.attrs {
            if attr.name.eq_ignore_ascii_case("href")
                && let Some(t) = link_target(&attr.value, locale, path)
            {
                out.insert(t);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_wikijs() {
        let t = |h| link_target(h, "da", "guides/move");
        assert_eq!(t("/da/other").as_deref(), Some("da/other"));
        assert_eq!(t("/en/other#x").as_deref(), Some("en/other"));
        assert_eq!(t("/other").as_deref(), Some("da/other"));
        assert_eq!(t("sub").as_deref(), Some("da/guides/move/sub"));
        assert_eq!(t("/da/").as_deref(), Some("da/home"));
        assert_eq!(t("#anchor"), None);
        assert_eq!(t("other.md"), None);
        assert_eq!(t("/img/a.png"), None);
        assert_eq!(t("https://x.org/da/a"), None);
        assert_eq!(t("mailto:a@b"), None);
        assert_eq!(t("/t/tag"), None);
        assert_eq!(link_target("sub", "da", "home").as_deref(), Some("da/sub"));
    }

    #[test]
    fn finds_markdown_and_html_links_but_not_images_or_code() {
        let body = "See [a](/da/a) and <a href=\"/da/b\">b</a>.\n\n![img](/da/c)\n\n`[x](/da/d)`\n";
        let got: Vec<String> = linked_pages(body, "da", "p").into_iter().collect();
        assert_eq!(got, vec!["da/a", "da/b"]);
    }
}
