//! Link reference definitions (`[docs]: https://example.org "Title"`) written on a line of
//! their own. The parsers differ on where they read one: markdown-it (Wiki.js) and comrak only
//! where a paragraph may start; Python-Markdown (MkDocs) on any line of a block, right after a
//! paragraph's last line too (docs/wikijs.md, "Links").

/// The label of the definition `line` is (`docs` for `[docs]: https://...`), read after the
/// line's container markers and indentation (`> `, spaces): a label of at least one character,
/// no brackets, not a footnote's (`[^1]:`), and an address after the colon on the same line.
pub fn label(line: &str) -> Option<&str> {
    let (label, rest) = parts(line)?;
    (!rest.trim().is_empty()).then_some(label)
}

/// The label of a definition whose address is on the next line (`[docs]:` alone on `line`, the
/// address on `next`), as both parsers read it.
pub fn label_over<'a>(line: &'a str, next: &str) -> Option<&'a str> {
    let (label, rest) = parts(line)?;
    let next = next.trim_start_matches([' ', '\t', '>']);
    (rest.trim().is_empty() && !next.trim().is_empty()).then_some(label)
}

/// A line's label and what follows its `]:`.
fn parts(line: &str) -> Option<(&str, &str)> {
    let bare = line.trim_start_matches([' ', '\t', '>']);
    let (label, rest) = bare.strip_prefix('[')?.split_once("]:")?;
    let ok = !label.is_empty()
        && !label.starts_with('^')
        && !label.contains(['[', ']'])
        && !label.trim().is_empty();
    ok.then_some((label, rest))
}

#[cfg(test)]
mod tests {
    use super::{label, label_over};

    #[test]
    fn a_definition_line_gives_its_label() {
        assert_eq!(label("[docs]: https://example.org"), Some("docs"));
        assert_eq!(
            label("  > [Hjælp side]: /hjaelp \"Hjælp\""),
            Some("Hjælp side")
        );
        assert_eq!(label("[^1]: A footnote."), None);
        assert_eq!(label("[docs]:"), None);
        assert_eq!(label("[]: https://example.org"), None);
        assert_eq!(label("[a [b]]: https://example.org"), None);
        assert_eq!(label("See [docs]: not at the start"), None);
        assert_eq!(label_over("[docs]:", "  https://example.org"), Some("docs"));
        assert_eq!(
            label_over("> [docs]:", "> https://example.org"),
            Some("docs")
        );
        assert_eq!(label_over("[docs]:", ""), None);
        assert_eq!(label_over("[docs]: https://example.org", "next"), None);
    }
}
