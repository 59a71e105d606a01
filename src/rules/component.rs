//! Guide components: the HTML elements the page script drives (`<a identity path>`,
//! `<span identity tag prefix suffix default>`), written either with plain attribute names
//! (source pages) or with `data-` names (Wiki.js-ready pages).

use crate::config::Components;
use crate::document::{Attr, Document, HtmlTag};

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
            ComponentKind::Link => "<a identity>",
            ComponentKind::Span => "<span identity>",
            ComponentKind::Other => "element with identity",
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

/// The range to underline for an attribute: its value when it has one, else its name.
pub fn attr_span(attr: &Attr) -> std::ops::Range<usize> {
    match &attr.value_range {
        Some(r) if !r.is_empty() => r.clone(),
        _ => attr.name_range.clone(),
    }
}

/// The closest candidate by edit distance, if close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase());
        let limit = (c.chars().count().max(word.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}
