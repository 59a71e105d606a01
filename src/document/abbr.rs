//! Abbreviation definitions (`*[CSV]: Comma-separated values`), one a line, as each dialect's
//! renderer reads them: one grammar for the translation units (a paragraph of definitions is a
//! unit of its own kind) and the build (which keeps such lines apart when it joins a
//! paragraph's lines).
//!
//! - MkDocs (Python-Markdown's abbr extension, 3.x): `*[`, the term (no backslash), `]`, at most
//!   one space, then `:`.
//! - Wiki.js (markdown-it-abbr): `*[`, the term, `]` and `:` right after it.
//!
//! A term of spaces alone defines nothing in either.

use super::Dialect;

/// The term `line` defines, when it is an abbreviation definition in `dialect`.
pub fn definition_term(line: &str, dialect: Dialect) -> Option<&str> {
    let rest = line.strip_prefix("*[")?;
    let close = rest.find(']')?;
    let (term, after) = (&rest[..close], &rest[close + 1..]);
    if term.trim().is_empty() {
        return None;
    }
    let after = match dialect {
        Dialect::Mkdocs if term.contains('\\') => return None,
        Dialect::Mkdocs => after.strip_prefix(' ').unwrap_or(after),
        Dialect::Wikijs => after,
    };
    after.starts_with(':').then_some(term)
}

/// Whether `text` (a paragraph) is abbreviation definitions alone, one a line.
pub fn definitions_only(text: &str, dialect: Dialect) -> bool {
    text.starts_with("*[")
        && text
            .lines()
            .all(|l| definition_term(l.trim_end_matches('\r'), dialect).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_renderer_s_grammar() {
        for d in [Dialect::Mkdocs, Dialect::Wikijs] {
            assert_eq!(
                definition_term("*[CSV]: Comma-separated values", d),
                Some("CSV")
            );
            assert_eq!(definition_term("*[W3C]:", d), Some("W3C"));
            for not in [
                "*[]: x",
                "*[ ]: x",
                "*[CSV] x",
                "[CSV]: x",
                "*[CSV",
                "*[CSV]  : x",
            ] {
                assert_eq!(definition_term(not, d), None, "{not}");
            }
        }
        // One space before the colon: Python-Markdown's, not markdown-it-abbr's.
        assert_eq!(definition_term("*[CSV] : x", Dialect::Mkdocs), Some("CSV"));
        assert_eq!(definition_term("*[CSV] : x", Dialect::Wikijs), None);
        assert_eq!(definition_term(r"*[a\b]: x", Dialect::Mkdocs), None);
        assert!(definitions_only("*[CSV]: a\n*[W3C]: b", Dialect::Wikijs));
        assert!(!definitions_only("*[CSV]: a\nmore text", Dialect::Wikijs));
    }
}
