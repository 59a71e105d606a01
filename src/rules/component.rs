//! Guide components: the HTML elements the page script drives (`<a identity path>`,
//! `<span identity tag prefix suffix default>`), written either with plain attribute names
//! (source pages) or with `data-` names (Wiki.js-ready pages).

use crate::config::Components;
use crate::document::{Attr, Document, HtmlTag};
use crate::util::{Nearness, closest};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentKind {
    /// `<a identity path>`: the script sets `href`.
    Link,
    /// `<span identity tag ...>`: the script fills in the server.
    Span,
    /// Any other element with an identity: the script ignores it.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub struct Component<'a> {
    pub tag: &'a HtmlTag,
    pub kind: ComponentKind,
    pub identity: &'a Attr,
}

/// Attribute names the script reads, per kind (without `data-`).
pub const LINK_ATTRS: &[&str] = &["identity", "path"];
pub const SPAN_ATTRS: &[&str] = &["identity", "tag", "prefix", "suffix", "default"];

/// Ordinary HTML attributes a component may also carry.
pub const LINK_HTML_ATTRS: &[&str] = &[
    "href",
    "target",
    "rel",
    "class",
    "id",
    "title",
    "style",
    "lang",
    "dir",
    "hreflang",
    "download",
    "referrerpolicy",
    "type",
    "tabindex",
    "role",
];
pub const SPAN_HTML_ATTRS: &[&str] = &[
    "class",
    "id",
    "title",
    "style",
    "lang",
    "dir",
    "tabindex",
    "role",
    "translate",
];

impl<'a> Component<'a> {
    /// A script attribute, plain or `data-` prefixed (plain wins).
    pub fn attr(&self, name: &str) -> Option<&'a Attr> {
        self.tag.attr(name).or_else(|| {
            self.tag
                .attrs
                .iter()
                .find(|a| !a.duplicate && a.name.strip_prefix("data-") == Some(name))
        })
    }

    /// The attribute names the script reads for this kind.
    pub fn script_attrs(&self) -> &'static [&'static str] {
        match self.kind {
            ComponentKind::Link => LINK_ATTRS,
            ComponentKind::Span => SPAN_ATTRS,
            ComponentKind::Other => &["identity"],
        }
    }

    pub fn html_attrs(&self) -> &'static [&'static str] {
        match self.kind {
            ComponentKind::Link => LINK_HTML_ATTRS,
            ComponentKind::Span | ComponentKind::Other => SPAN_HTML_ATTRS,
        }
    }

    pub fn element(&self) -> &'static str {
        match self.kind {
            ComponentKind::Link => "`<a identity>`",
            ComponentKind::Span => "`<span identity>`",
            ComponentKind::Other => "an element with `identity`",
        }
    }
}

/// Every component of a page, in source order.
pub fn components<'a>(doc: &'a Document, _config: &Components) -> Vec<Component<'a>> {
    doc.html
        .iter()
        .filter(|t| t.is_start())
        .filter_map(|tag| {
            let identity = tag.attr("identity").or_else(|| tag.attr("data-identity"))?;
            let kind = match tag.name.as_str() {
                "a" => ComponentKind::Link,
                "span" => ComponentKind::Span,
                _ => ComponentKind::Other,
            };
            Some(Component {
                tag,
                kind,
                identity,
            })
        })
        .collect()
}

/// Element names the component runtime (`assets/component-runtime.js`, `ALLOWED_TAGS`) creates for
/// a span's `tag`: inert phrasing content. Any other value renders as `<code>`.
pub const RUNTIME_TAGS: &[&str] = &[
    "code", "kbd", "samp", "var", "span", "strong", "b", "em", "i", "u", "s", "mark", "small",
    "abbr", "cite", "q", "sub", "sup", "del", "ins", "dfn", "time", "data", "bdi", "bdo",
];

/// Attributes that only make sense on a component (without `data-`), per element.
const LINK_ONLY: &[&str] = &["path"];
const SPAN_ONLY: &[&str] = &["tag", "prefix", "suffix", "default", "default-value"];

/// An `<a>` or `<span>` written as a component whose `identity` the script cannot find: either
/// the attribute is misspelt (`identiy`), or only the other component attributes are there.
#[derive(Debug, Clone, Copy)]
pub struct Orphan<'a> {
    pub tag: &'a HtmlTag,
    pub kind: ComponentKind,
    /// An attribute whose name is a misspelling of `identity` (`identiy`, `data-identiy`).
    pub misspelt_identity: Option<&'a Attr>,
    /// The first component attribute the element carries (`path`, `tag`, `default`...).
    pub evidence: &'a Attr,
}

/// Whether `name` (without `data-`) is a misspelling of `identity`.
pub fn is_identity_misspelling(name: &str) -> bool {
    let bare = name.strip_prefix("data-").unwrap_or(name);
    bare != "identity" && closest(bare, ["identity"], Nearness::TYPO).is_some()
}

/// `<a>`/`<span>` elements that look like components but have no `identity`, in source order.
pub fn orphans(doc: &Document) -> Vec<Orphan<'_>> {
    doc.html
        .iter()
        .filter(|t| {
            t.is_start() && t.attr("identity").is_none() && t.attr("data-identity").is_none()
        })
        .filter_map(|tag| {
            let (kind, only) = match tag.name.as_str() {
                "a" => (ComponentKind::Link, LINK_ONLY),
                "span" => (ComponentKind::Span, SPAN_ONLY),
                _ => return None,
            };
            let live = || tag.attrs.iter().filter(|a| !a.duplicate);
            let misspelt_identity = live().find(|a| is_identity_misspelling(&a.name));
            let evidence = live()
                .find(|a| only.contains(&a.name.strip_prefix("data-").unwrap_or(&a.name)))
                .or(misspelt_identity)?;
            Some(Orphan {
                tag,
                kind,
                misspelt_identity,
                evidence,
            })
        })
        .collect()
}

/// Quotes word processors and chat apps put in place of `"`: in HTML they are part of the value.
pub const TYPOGRAPHIC_QUOTES: &[char] = &[
    '\u{201C}', '\u{201D}', '\u{201E}', '\u{201F}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}',
    '\u{00AB}', '\u{00BB}', '\u{2033}', '\u{2032}',
];

/// The value inside typographic quotes (`”old”` -> `old`), when the value starts or ends with
/// one: `identity=”old”` was meant as `identity="old"`.
pub fn typographic_inner(value: &str) -> Option<&str> {
    let inner = value.trim_matches(TYPOGRAPHIC_QUOTES);
    (inner.len() != value.len()).then_some(inner)
}

/// A finding's fix for a value in typographic quotes: the whole value becomes `"inner"`.
pub fn straight_quotes_edit(attr: &Attr, inner: &str) -> Option<crate::finding::Edit> {
    let r = attr.value_range.clone()?;
    Some(crate::finding::Edit::replace(r, format!("\"{inner}\"")))
}

/// `s` with invisible and non-printing characters (zero-width spaces, no-break spaces, BOMs,
/// controls) written as `\u{200b}`, so a message shows why `old` is not `old`.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let invisible = c.is_control()
            || matches!(c, '\u{00A0}' | '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}'
                | '\u{17B4}' | '\u{17B5}' | '\u{180E}' | '\u{2000}'..='\u{200F}' | '\u{2028}'..='\u{202F}'
                | '\u{205F}'..='\u{206F}' | '\u{3000}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}');
        if invisible {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The range to underline for an attribute: its value when it has one, else its name.
pub fn attr_span(attr: &Attr) -> std::ops::Range<usize> {
    match &attr.value_range {
        Some(r) if !r.is_empty() => r.clone(),
        _ => attr.name_range.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Rust list and the runtime's list must not drift apart.
    #[test]
    fn runtime_tags_match_the_runtime_script() {
        let js = include_str!("../../assets/component-runtime.js");
        let start = js
            .find("var ALLOWED_TAGS = [")
            .expect("ALLOWED_TAGS in the runtime");
        let list = &js[start..];
        let list = &list[list.find('[').unwrap() + 1..list.find(']').unwrap()];
        let names: Vec<&str> = list
            .split(',')
            .map(|s| s.trim().trim_matches('\''))
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(names, RUNTIME_TAGS);
    }

    #[test]
    fn typographic_quotes_and_invisible_characters() {
        assert_eq!(typographic_inner("\u{201D}old\u{201D}"), Some("old"));
        assert_eq!(typographic_inner("\u{201E}new\u{201C}"), Some("new"));
        assert_eq!(typographic_inner("old"), None);
        assert_eq!(visible("old\u{200B}"), "old\\u{200b}");
        assert_eq!(visible("n\u{A0}ew"), "n\\u{a0}ew");
        assert_eq!(visible("ø"), "ø");
    }

    #[test]
    fn identity_misspellings() {
        for n in [
            "identiy",
            "idenity",
            "identify",
            "data-identiy",
            "indentity",
        ] {
            assert!(is_identity_misspelling(n), "{n}");
        }
        for n in ["identity", "data-identity", "id", "entity-x", "title"] {
            assert!(!is_identity_misspelling(n), "{n}");
        }
    }
}
