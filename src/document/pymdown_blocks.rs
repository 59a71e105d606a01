//! pymdownx.blocks (`/// note | Title` … `///`): the generic block syntax of PyMdown
//! Extensions, which MkDocs Material sites use for admonitions, details, tabs, HTML wrappers,
//! captions and definition lists. Wiki.js knows none of it: it shows the `///` lines as text.
//!
//! A block is a header line (three or more slashes, the block's name, and `| title` when the
//! block takes one), its options (YAML lines indented four spaces right after the header), its
//! body, and a closing line of the same slashes. A block holds blocks whose fences differ in
//! length from its own (`////` around `///`). Only blocks that are closed are read: a line that merely starts with
//! `///` (a path, a comment quoted in prose) is none.

use std::ops::Range;

use super::Document;

/// One block, by 1-based lines of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The header line, without its line break.
    pub header: Range<usize>,
    pub header_line: usize,
    /// The slashes that open and close it.
    pub slashes: usize,
    /// The block's name (`note`, `details`, `tab`, `html`), lowercased.
    pub name: String,
    /// The text after `|`, trimmed (`None` without a `|`).
    pub title: Option<String>,
    /// The option lines (`type: warning`), trimmed, in order; their lines follow the header.
    pub options: Vec<(String, String)>,
    /// The last option line (the header line when there is none).
    pub options_end_line: usize,
    /// The closing line.
    pub closing_line: usize,
    /// Leading spaces before the slashes.
    pub indent: usize,
}

impl Block {
    /// The value of option `key`, as written.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A header line's parts: indent, slashes, name, title (`//// details | Summary`).
pub fn header(line: &str) -> Option<(usize, usize, &str, Option<&str>)> {
    let t = line.trim_start_matches(' ');
    let indent = line.len() - t.len();
    let slashes = t.bytes().take_while(|&b| b == b'/').count();
    if slashes < 3 {
        return None;
    }
    let rest = t[slashes..].trim_start_matches([' ', '\t']);
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .count();
    if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let name = &rest[..name_len];
    let after = rest[name_len..].trim();
    let title = match after.strip_prefix('|') {
        Some(t) => Some(t.trim()),
        None if after.is_empty() => None,
        // `/// note and more words`: prose, not a header.
        None => return None,
    };
    Some((indent, slashes, name, title))
}

/// Whether `line` closes a block of `slashes` slashes at `indent`.
pub fn closes(line: &str, indent: usize, slashes: usize) -> bool {
    closing(line) == Some((indent, slashes))
}

/// The indent and slashes of a closing line (three or more slashes alone on their line), which
/// closes the open block of the same indent and slashes.
pub fn closing(line: &str) -> Option<(usize, usize)> {
    let t = line.trim_end();
    let s = t.trim_start_matches(' ');
    (s.len() >= 3 && s.bytes().all(|b| b == b'/')).then(|| (t.len() - s.len(), s.len()))
}

/// The page's blocks, outer blocks before the blocks they hold, in the order of their headers.
/// Lines in code (a fenced example of the syntax) are not read.
pub fn blocks(doc: &Document) -> Vec<Block> {
    let text = &doc.text;
    let start = doc.body_start();
    // Nearly every page has no `///`: one vectorised search decides.
    if crate::util::find_bytes!(&text.as_bytes()[start.min(text.len())..], b"///").is_none() {
        return Vec::new();
    }
    let count = doc.lines.line_count();
    let line_text = |n: usize| {
        doc.lines
            .line_range(text, n)
            .and_then(|r| text.get(r.clone()).map(|s| (r, s)))
    };
    let mut out: Vec<Block> = Vec::new();
    // Open blocks: index into `out`, innermost last.
    let mut open: Vec<usize> = Vec::new();
    // The lines that start with `///` (after spaces), outside code: found by the search, so a
    // page whose `///` are Rust comments in code costs no walk through its lines.
    let start = start.min(text.len());
    let candidates = memchr::memmem::find_iter(&text.as_bytes()[start..], b"///").filter_map(|i| {
        let at = start + i;
        let line_start = doc.lines.line_start_at(at);
        (text.as_bytes()[line_start..at].iter().all(|&b| b == b' ') && !doc.in_code(at))
            .then(|| doc.lines.line_col(at).line)
    });
    for n in candidates {
        let Some((range, line)) = line_text(n) else {
            break;
        };
        // The innermost open block this line closes (its slashes and indent).
        if let Some(i) = open
            .iter()
            .rposition(|&b| closes(line, out[b].indent, out[b].slashes))
        {
            // Blocks opened inside it and never closed are none.
            for &b in &open[i + 1..] {
                out[b].closing_line = 0;
            }
            out[open[i]].closing_line = n;
            open.truncate(i);
            continue;
        }
        let Some((indent, slashes, name, title)) = header(line) else {
            continue;
        };
        // A block inside another has a fence of another length (as nested code fences do).
        if open.iter().any(|&b| out[b].slashes == slashes) {
            continue;
        }
        let header_line = n;
        // The options: lines indented four more spaces right after the header.
        let mut options = Vec::new();
        let mut options_end_line = header_line;
        while options_end_line < count {
            let Some((_, l)) = line_text(options_end_line + 1) else {
                break;
            };
            let lead = l.len() - l.trim_start_matches(' ').len();
            if l.trim().is_empty() || lead < indent + 4 {
                break;
            }
            let Some((k, v)) = l.trim().split_once(':') else {
                break;
            };
            options.push((k.trim().to_string(), v.trim().to_string()));
            options_end_line += 1;
        }
        open.push(out.len());
        out.push(Block {
            header: range,
            header_line,
            slashes,
            name: name.to_ascii_lowercase(),
            title: title.map(str::to_string),
            options,
            options_end_line,
            closing_line: 0,
            indent,
        });
    }
    out.retain(|b| b.closing_line > 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Dialect;
    use std::path::PathBuf;

    fn parse(text: &str, dialect: Dialect) -> Vec<Block> {
        blocks(&Document::parse(PathBuf::new(), text.into(), Some(dialect)))
    }

    #[test]
    fn reads_headers_options_bodies_and_nesting() {
        let text = "# T\n\n//// details | Outer\n    type: warning\n    open: True\n\nBody.\n\n/// note\nInner.\n///\n\n////\n\nAfter.\n";
        let b = parse(text, Dialect::Mkdocs);
        assert_eq!(b.len(), 2, "{b:#?}");
        assert_eq!(
            (b[0].name.as_str(), b[0].title.as_deref(), b[0].header_line),
            ("details", Some("Outer"), 3)
        );
        assert_eq!(b[0].option("type"), Some("warning"));
        assert_eq!(b[0].option("open"), Some("True"));
        assert_eq!((b[0].options_end_line, b[0].closing_line), (5, 13));
        assert_eq!((b[1].name.as_str(), b[1].title.as_deref()), ("note", None));
        assert_eq!((b[1].header_line, b[1].closing_line), (9, 11));
    }

    #[test]
    fn unclosed_code_and_prose_are_no_blocks() {
        for text in [
            "/// note\nNever closed.\n",
            "```\n/// note\nIn a fence.\n///\n```\n",
            "/// note and more words\nText.\n///\n",
            "//note\nx\n//\n",
            "A paragraph `/// note`.\n",
        ] {
            assert!(parse(text, Dialect::Wikijs).is_empty(), "{text:?}");
        }
        // A block of as many slashes inside another is no block: it is the outer one's text.
        let b = parse("/// note\n/// tip\nx\n///\n", Dialect::Wikijs);
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].name.as_str(), b[0].closing_line), ("note", 4));
    }
}
