//! Wiki.js 2.5 semantics as code: heading ids, link handling, page and asset paths, and the
//! sanitizer's id filter (`docs/wikijs.md`). Also the MkDocs counterparts that pages converted from
//! MkDocs Material were written against (Python-Markdown slugs, relative `.md` links).
//!
//! Each submodule is self-contained, never prints and never panics on any input.

pub mod dom;
pub mod emoji;
pub mod graphql;
pub mod imsize;
pub mod link;
pub mod path;
pub mod slug;

/// JavaScript's `\s` and `String.prototype.trim` whitespace (WhiteSpace and LineTerminator),
/// which is also what lodash's `_.trim` strips.
pub(crate) fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}
