//! `{...}` attribute blocks as markdown-it-attrs (Wiki.js) and attr_list (MkDocs) read them:
//! where they are written, and what they contain.

use std::ops::Range;

use crate::document::{BlockKind, Document};
use crate::wikijs::imsize::SizedImage;

/// One `{...}` block as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrBlock {
    /// `{` to `}` inclusive.
    pub range: Range<usize>,
    /// Between the braces.
    pub content: String,
    /// What it follows.
    pub on: AttrTarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrTarget {
    /// Right after a link or image.
    Inline,
    /// At the end of a paragraph, heading, list item or table cell.
    BlockEnd(BlockKind),
}

/// One attribute of a block: `.class`, `#id`, `key=value`, or a bare word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrToken {
    pub text: String,
    /// Byte range in the file.
    pub range: Range<usize>,
}

impl AttrToken {
    pub fn is_class(&self) -> bool {
        self.text.len() > 1 && self.text.starts_with('.')
    }
    pub fn is_id(&self) -> bool {
        self.text.len() > 1 && self.text.starts_with('#')
    }
    /// `key=value` -> key; a bare `data-*` name (`data-search-exclude`) is a key too.
    pub fn key(&self) -> Option<&str> {
        if self.is_bare_data_attribute() {
            return Some(&self.text);
        }
        let (k, _) = self.text.split_once('=')?;
        (!k.is_empty()).then_some(k)
    }
    /// A `data-*` attribute without a value, as attr_list and markdown-it-attrs read a bare
    /// word: no text anyone writes in braces to be shown (`{ data-search-exclude }`, which
    /// Material for MkDocs documents for headings).
    fn is_bare_data_attribute(&self) -> bool {
        self.text.strip_prefix("data-").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
    }
    pub fn value(&self) -> Option<&str> {
        self.text
            .split_once('=')
            .map(|(_, v)| v.trim_matches(['"', '\'']))
    }
    /// Attribute syntax (`.x`, `#x`, `k=v`, a bare `data-*` name) rather than a word of text.
    pub fn is_attribute(&self) -> bool {
        self.is_class() || self.is_id() || self.key().is_some() || self.text == ":"
    }
}

/// Splits a block's content into tokens (quotes keep spaces), with file ranges; `start` is the
/// offset of the first content byte.
pub fn tokens(content: &str, start: usize) -> Vec<AttrToken> {
    let mut out = Vec::new();
    let b = content.as_bytes();
    let mut i = 0;
    // attr_list's optional `:` right after the brace, glued to what follows or not (`{:#id}`,
    // `{:.cls}`, `{: #id}`): a token of its own.
    if b.len() > 1 && b[0] == b':' && !b[1].is_ascii_whitespace() {
        out.push(AttrToken {
            text: ":".to_string(),
            range: start..start + 1,
        });
        i = 1;
    }
    // Words as attr_list and markdown-it-attrs split them (quotes keep spaces), placed by
    // their offsets in `content`.
    let base = content.as_ptr() as usize;
    for text in crate::document::attr_list_tokens(&content[i..]) {
        let s = text.as_ptr() as usize - base;
        out.push(AttrToken {
            text: text.to_string(),
            range: start + s..start + s + text.len(),
        });
    }
    out
}

/// Whether markdown-it-attrs takes the `{...}` at the end of `text` as attributes (its "end"
/// delimiter test): the last `{`, then the first `}` at least two bytes later must be the final
/// byte; at least one character inside (two for `.x` / `#x`). Returns the brace offset.
pub fn trailing_curly(text: &str) -> Option<usize> {
    if !text.ends_with('}') {
        return None;
    }
    let start = text.rfind('{')?;
    let end = text[start..]
        .char_indices()
        .skip(2)
        .find(|&(_, c)| c == '}')
        .map(|(i, _)| start + i)?;
    if end != text.len() - 1 {
        return None;
    }
    let curly = &text[start..];
    let min = if curly[1..].starts_with(['.', '#']) {
        4
    } else {
        3
    };
    (curly.len() >= min && !curly[1..curly.len() - 1].contains('{')).then_some(start)
}

/// Every attribute block of a page: after links and images (`sized` are the page's Wiki.js
/// sized images, `Document::sized_images`), and at the end of blocks.
pub fn attr_blocks(doc: &Document, sized: &[SizedImage]) -> Vec<AttrBlock> {
    let mut out = Vec::new();
    for l in &doc.links {
        if let Some((content, range)) = &l.attrs {
            out.push(AttrBlock {
                range: range.clone(),
                content: content.clone(),
                on: AttrTarget::Inline,
            });
        }
    }
    for img in sized {
        if let Some((content, range)) =
            crate::document::walk_attr_block_after(&doc.text, img.range.end)
        {
            out.push(AttrBlock {
                range,
                content,
                on: AttrTarget::Inline,
            });
        }
    }
    // Membership only (foldhash: the default SipHash costs more than the rest of the loop).
    let mut seen: foldhash::HashSet<usize> = out.iter().map(|a| a.range.start).collect();
    for b in &doc.blocks {
        let Some(last) = b.pieces.last() else {
            continue;
        };
        let src = doc.text.get(b.range.clone()).unwrap_or("");
        // Most blocks end in a character that is neither `}` nor a space: no block attributes,
        // seen at the last byte, without trimming the block (a non-ASCII last byte, which may
        // end a space, is trimmed as usual).
        if src
            .as_bytes()
            .last()
            .is_some_and(|&c| c.is_ascii() && c != b'}' && !char::from(c).is_whitespace())
        {
            continue;
        }
        let src_trim = src.trim_end();
        // The `}` must be the block's last character and belong to its last text piece.
        let end = b.range.start + src_trim.len();
        if last.end != end || last.start >= end {
            continue;
        }
        let piece = doc.text.get(last.start..end).unwrap_or("");
        let Some(open) = trailing_curly(piece) else {
            continue;
        };
        let range = last.start + open..end;
        if !seen.insert(range.start) {
            continue;
        }
        out.push(AttrBlock {
            range: range.clone(),
            content: doc.text[range.start + 1..range.end - 1].to_string(),
            on: AttrTarget::BlockEnd(b.kind),
        });
    }
    out.sort_by_key(|a| a.range.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_it_attrs_end_delimiter() {
        assert_eq!(trailing_curly("Use {name}"), Some(4));
        assert_eq!(trailing_curly("a {}"), None);
        assert_eq!(trailing_curly("a {{name}}"), None);
        assert_eq!(trailing_curly("a {.}"), None);
        assert_eq!(trailing_curly("a {#}"), None);
        assert_eq!(trailing_curly("a {.x}"), Some(2));
        assert_eq!(trailing_curly("a { }"), Some(2));
        assert_eq!(trailing_curly("a {name}."), None);
        assert_eq!(trailing_curly("{.is-info}"), Some(0));
    }

    #[test]
    fn a_glued_colon_is_a_token_of_its_own() {
        let got: Vec<String> = tokens(":#setup .big", 10)
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(got, [":", "#setup", ".big"]);
        assert!(tokens(":#setup", 0).iter().all(AttrToken::is_attribute));
        assert_eq!(tokens(":#setup", 10)[1].range, 11..17);
        // A colon alone, or with words after it, as before.
        assert_eq!(tokens(": #x", 0).len(), 2);
        assert!(!tokens(":not an id", 0).iter().all(AttrToken::is_attribute));
    }

    #[test]
    fn tokens_keep_quoted_values() {
        let t = tokens(r#".a #b target="_blank x" w=5"#, 10);
        let texts: Vec<_> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, [".a", "#b", "target=\"_blank x\"", "w=5"]);
        assert_eq!(t[1].range, 13..15);
        assert!(t.iter().all(AttrToken::is_attribute));
        assert_eq!(t[2].value(), Some("_blank x"));
        assert!(!tokens("name", 0)[0].is_attribute());
    }
}
