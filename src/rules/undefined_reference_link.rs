//! GL331 undefined-reference-link: `[the docs][docs]` (or `[docs][]`) with no `[docs]: ...`
//! definition the renderer reads. Both sites show the brackets as text and link nowhere: a
//! translation that dropped the definitions at the page's end, a label translated on one side,
//! a definition deleted with the paragraph that used it last.
//!
//! Where a definition is written matters: markdown-it (Wiki.js) and comrak read one only where
//! a paragraph may start, so `[docs]: https://...` on the line right after a paragraph's last
//! line is more of that paragraph, shown as text. Python-Markdown (MkDocs) finds definitions
//! anywhere in a block and links the reference. On a Wiki.js page such a definition is named
//! in the finding, and a blank line before it is the fix.

use std::ops::Range;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::{Dialect, Document};
use crate::finding::{Applicability, Edit, Related, Severity};
use crate::translation::units::collapse;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UndefinedReferenceLink,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// The longest label CommonMark reads (999 characters between the brackets).
const MAX_LABEL: usize = 999;
/// How far before a `][` the opening bracket of the link's text is looked for.
const MAX_TEXT: usize = 1000;

/// A reference left as text: `[text][label]` (or `[text][]`, whose label is its text).
struct Reference {
    range: Range<usize>,
    text: Range<usize>,
    /// The label as written (empty for a collapsed reference).
    written: Range<usize>,
    /// The label normalized ([`normalize`]).
    label: String,
    image: bool,
    /// `[win][arm64ec]` starting a line: two words in brackets, as changelogs tag entries; or
    /// two commit hashes anywhere (`[bf2bf8a][3eaed07]`), as changelogs cite commits.
    tags: bool,
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    if crate::util::find_bytes!(doc.text.as_bytes(), b"][").is_none() {
        return;
    }
    let found = references(doc);
    if found.is_empty() {
        return;
    }
    let mkdocs = doc.dialect == Dialect::Mkdocs;
    let project = ctx.config.mkdocs.as_ref();
    // mkdocs-autorefs (which mkdocstrings turns on) links `[text][identifier]` to any heading
    // or documented object of the site when no definition on the page does, and warns in the
    // build when neither does: what it resolves is not known from the page.
    if mkdocs
        && project.is_some_and(|p| {
            p.plugins
                .iter()
                .any(|n| matches!(n.as_str(), "autorefs" | "mkdocstrings"))
        })
    {
        return;
    }
    // A page that includes files (pymdownx.snippets, or the files `auto_append` adds to every
    // page, where sites keep their links) may have the definition in one of them, as MkDocs
    // reads it. A page whose files cannot be included is not judged (GL210 says why).
    let included;
    let defined_in: &Document = if mkdocs && super::support::includes::has_includes(ctx) {
        let Some(doc) = super::support::includes::with_includes(ctx) else {
            return;
        };
        included = doc;
        &included
    } else {
        doc
    };
    let definitions = definitions(defined_in);
    for r in found {
        // A page that defines no reference at all and starts a line with two words in
        // brackets tags it (`- [win][arm64ec] Fix ...`), as changelogs do; two commit hashes
        // in brackets cite the commits (`Fix reload [cf94517][f1eb17]`).
        if r.tags && definitions.is_empty() {
            continue;
        }
        // `[AliasChoices][pydantic.AliasChoices]`, `[`math.cos`][]`: a Python object's path,
        // mkdocs-autorefs' cross-reference to documentation generated from code (a site may
        // build the page with a configuration that turns the plugin on).
        if mkdocs && dotted_identifier(&r.label) {
            continue;
        }
        let written = collapse(doc.text.get(r.range.clone()).unwrap_or_default());
        let kind = if r.image { "image" } else { "link" };
        let definition = definitions.iter().find(|d| d.label == r.label);
        match definition {
            // Python-Markdown reads the definition where it is written.
            Some(_) if mkdocs => {}
            // Read as a definition, or out of reach for another reason than a paragraph before
            // it: nothing said.
            Some(d) if !continues_paragraph(&doc.text, d.run_start) => {}
            // On the page itself (Wiki.js pages include no files), continuing a paragraph.
            Some(d) => {
                let line = doc.line_col(d.line_start).line;
                let run = doc.line_col(d.run_start).line;
                // In a block quote the blank line keeps the quote's markers (`>`): a line
                // with none would end the quote.
                let markers = d.quote_markers.as_str();
                let blank = if markers.is_empty() {
                    "a blank line".to_string()
                } else {
                    format!("a line holding only `{markers}`")
                };
                let insert = format!("{markers}{}", line_break(&doc.text, d.run_start));
                let f = sink
                    .finding(
                        Rule::UndefinedReferenceLink,
                        r.range.clone(),
                        format!(
                            "reference {kind} `{written}` links nowhere: its definition on line \
                             {line} continues the paragraph above it, and is shown as text too"
                        ),
                    )
                    .with_label("shown as this text")
                    .with_help(format!(
                        "put {blank} before line {run}: Wiki.js (markdown-it) reads a definition \
                         only where a paragraph may start"
                    ))
                    .with_related(Related {
                        path: doc.path.clone(),
                        range: d.range.clone(),
                        message: "read as more of the paragraph".into(),
                    })
                    .with_fix(
                        Applicability::Unsafe,
                        format!("insert {blank} before line {run}"),
                        vec![Edit::insert(d.run_start, insert)],
                    );
                sink.push(f);
            }
            None => {
                let label = if r.written.is_empty() { &r.text } else { &r.written };
                let label = collapse(doc.text.get(label.clone()).unwrap_or_default());
                sink.push(
                    sink.finding(
                        Rule::UndefinedReferenceLink,
                        r.range.clone(),
                        format!(
                            "reference {kind} `{written}` links nowhere: no `[{label}]: ...` \
                             definition on this page"
                        ),
                    )
                    .with_label("shown as this text")
                    .with_help(format!(
                        "add the definition, `[{label}]: https://...`, after a blank line (sites \
                         keep them at the page's end), or write the address in the link: \
                         `[...](https://...)`"
                    )),
                );
            }
        }
    }
}

/// Whether the line before `line_start` holds text (a paragraph's line, which the definition
/// then continues).
fn continues_paragraph(text: &str, line_start: usize) -> bool {
    let Some(before) = text.get(..line_start) else {
        return false;
    };
    let before = before.strip_suffix('\n').unwrap_or(before);
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let line = line.trim_start_matches([' ', '\t', '>']).trim();
    !line.is_empty() && !line.starts_with('#')
}

/// The line break the page is written with (`\r\n` or `\n`), read from the line before `at`.
fn line_break(text: &str, at: usize) -> &'static str {
    if text.get(..at).is_some_and(|t| t.ends_with("\r\n")) {
        "\r\n"
    } else {
        "\n"
    }
}

/// The references of the page that its parser left as text: a `][` in a text written as it
/// stands (an escaped bracket is written apart from its backslash, so `\]\[` is none), the label
/// closed in the same text, the link's text opened before it in the same paragraph.
fn references(doc: &Document) -> Vec<Reference> {
    let text = doc.text.as_str();
    let b = text.as_bytes();
    let mut out = Vec::new();
    for shut in shuts(doc) {
            // The label may go on over a line break: it ends at the next `]` of the page.
            let rest = &text[shut + 2..];
            let Some(close) = memchr::memchr(b']', &rest.as_bytes()[..rest.len().min(MAX_LABEL + 1)])
            else {
                continue;
            };
            let label = &rest[..close];
            // `[Error][std::error::Error]` is rustdoc's link to a Rust item, in a file written
            // for rustdoc.
            if label.contains(['[', '\\'])
                || label.contains("::")
                || label.contains("\n\n")
                || doc.in_code(shut + 2 + close)
            {
                continue;
            }
            // `[text][ ]` has no label at all (a blank one): no reference.
            if !label.is_empty() && label.trim().is_empty() {
                continue;
            }
            let end = shut + 2 + close + 1;
            // `[x][y]: ...` at a line's start reads as a (broken) definition, not prose.
            if b.get(end) == Some(&b':') {
                continue;
            }
            let Some(open) = opening(b, shut) else { continue };
            if doc.in_code(open) {
                continue;
            }
            let before = open.checked_sub(1).map(|i| b[i]);
            // `m[i][j]`, `f(x)[0][1]`, `[a][b][c]`'s second pair: indexing and chains, no link.
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b']' | b')' | b'_'))
            {
                continue;
            }
            let link_text = &text[open + 1..shut];
            // `[^note]` is a footnote (GL327), `[][x]` no link text; `[1][2]` cites two sources.
            if link_text.is_empty()
                || link_text.starts_with('^')
                || (numeric(link_text) && numeric(label))
            {
                continue;
            }
            let image = before == Some(b'!');
            let word = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
            let line_start = doc.lines.line_start_at(open);
            let lead = text[line_start..open].trim_start_matches([' ', '\t', '>']);
            let lead_is_marker = lead.is_empty()
                || matches!(lead.trim_end(), "-" | "*" | "+")
                || lead.trim_end().strip_suffix(['.', ')']).is_some_and(|n| {
                    !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit())
                });
            out.push(Reference {
                range: if image { open - 1 } else { open }..end,
                text: open + 1..shut,
                written: shut + 2..shut + 2 + close,
                label: normalize(label),
                image,
                tags: !image
                    && ((lead_is_marker && word(link_text) && word(label))
                        || (commit_hash(link_text) && commit_hash(label))),
            });
    }
    // Collapsed references (`[docs][]`) take their text as label.
    for r in &mut out {
        if r.label.is_empty() {
            r.label = normalize(&text[r.text.clone()]);
        }
    }
    out
}

/// A git commit's hash, abbreviated or not: 6 to 40 hexadecimal digits, a decimal one among
/// them (`3eaed07`, `f1eb17`; `facade` is a word).
fn commit_hash(s: &str) -> bool {
    (6..=40).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_hexdigit())
        && s.bytes().any(|b| b.is_ascii_digit())
}

/// `pydantic.types.ImportString` (in backticks or not): names joined by dots.
fn dotted_identifier(label: &str) -> bool {
    let label = label.trim_matches('`');
    let mut parts = label.split('.');
    let name = |p: &str| {
        p.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && p.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    label.contains('.') && parts.all(name)
}

/// Where the page has `][` written as it stands in one text: found in the whole page once and
/// looked up in the texts (in order and apart, as the walk makes them), most of which hold none;
/// otherwise each text is searched.
fn shuts(doc: &Document) -> Vec<usize> {
    let texts = &doc.texts;
    if !texts.windows(2).all(|w| w[0].range.end <= w[1].range.start) {
        return doc
            .written_texts()
            .flat_map(|w| {
                memchr::memmem::find_iter(w.text.as_bytes(), b"][")
                    .map(move |i| w.range.start + i)
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    memchr::memmem::find_iter(doc.text.as_bytes(), b"][")
        .filter(|&at| {
            let k = texts.partition_point(|t| t.range.start <= at);
            k.checked_sub(1).map(|k| &texts[k]).is_some_and(|t| {
                at + 2 <= t.range.end
                    && doc
                        .written(t)
                        .any(|w| w.range.start <= at && at + 2 <= w.range.end)
            })
        })
        .collect()
}

/// Citations and indexes: digits, commas, dashes, spaces.
fn numeric(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().any(|c| c.is_ascii_digit())
        && s.bytes().all(|c| c.is_ascii_digit() || matches!(c, b',' | b'-' | b' '))
}

/// The `[` that opens the link text whose `]` is at `shut`: brackets nest, escaped ones do not
/// count, and the search stops at a blank line or [`MAX_TEXT`] bytes back.
fn opening(b: &[u8], shut: usize) -> Option<usize> {
    let floor = shut.saturating_sub(MAX_TEXT);
    let mut depth = 0usize;
    let mut i = shut;
    while i > floor {
        i -= 1;
        let c = b[i];
        if c == b'\n' {
            // A blank line (spaces and tabs only) before this line ends the paragraph.
            let prev = b[..i].iter().rposition(|&c| c == b'\n');
            if let Some(p) = prev
                && b[p + 1..i].iter().all(|c| matches!(c, b' ' | b'\t' | b'\r'))
            {
                return None;
            }
            continue;
        }
        if !matches!(c, b'[' | b']') || escaped(b, i) {
            continue;
        }
        if c == b']' {
            depth += 1;
        } else if depth == 0 {
            return Some(i);
        } else {
            depth -= 1;
        }
    }
    None
}

/// Whether the byte at `i` follows an odd number of backslashes.
fn escaped(b: &[u8], i: usize) -> bool {
    b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// A label as both parsers match them: case folded, inner whitespace one space.
fn normalize(label: &str) -> String {
    collapse(label).to_lowercase()
}

/// A `[label]: ...` line outside code ([`crate::document::refdef`]), as Python-Markdown finds
/// them anywhere in a block.
struct Definition {
    label: String,
    /// The line, from its first byte to its end.
    range: Range<usize>,
    line_start: usize,
    /// Where the run of definition lines this one belongs to starts: where a blank line makes
    /// them all definitions.
    run_start: usize,
    /// The block quote markers the run's first line starts with (`>`, `> >`), without the
    /// spaces after the last: a line of them alone keeps the quote going. Empty outside quotes.
    quote_markers: String,
}

fn definitions(doc: &Document) -> Vec<Definition> {
    let text = doc.text.as_str();
    let mut out: Vec<Definition> = Vec::new();
    let mut offset = 0;
    let mut run_start = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let bare = body.trim_start_matches([' ', '\t', '>']);
        let indent = body.len() - bare.len();
        // The address may be on the next line (`[docs]:` then the address).
        let label = crate::document::refdef::label(bare).or_else(|| {
            let next = text[offset..].lines().next().unwrap_or("");
            crate::document::refdef::label_over(bare, next)
        });
        match label {
            Some(label) if !doc.in_code(start + indent) => {
                let run = *run_start.get_or_insert(start);
                let run_line = &text[run..];
                let run_bare = run_line.trim_start_matches([' ', '\t', '>']);
                let markers = run_line[..run_line.len() - run_bare.len()].trim_end();
                out.push(Definition {
                    label: normalize(label),
                    range: start + indent..start + body.len(),
                    line_start: start,
                    run_start: run,
                    quote_markers: if markers.contains('>') { markers.to_string() } else { String::new() },
                });
            }
            _ => run_start = None,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_text_opens_at_its_own_bracket() {
        let b = b"See [the [nested] docs][x] and \\[not\\] [this][y]";
        let shut = |s: &str| std::str::from_utf8(b).unwrap().find(s).unwrap();
        assert_eq!(opening(b, shut("][x]")), Some(4));
        // The escaped brackets before do not count.
        assert_eq!(opening(b, shut("][y]")), Some(shut("[this]")));
        // A blank line ends the paragraph the text could open in.
        let b = b"[open\n\n  \nclose][x]";
        assert_eq!(opening(b, 16), None);
    }

    #[test]
    fn labels_are_compared_as_the_parsers_compare_them() {
        assert_eq!(normalize("Hjælp\n  Side"), "hjælp side");
        assert!(dotted_identifier("pydantic.types.ImportString"));
        assert!(dotted_identifier("`math.cos`"));
        assert!(!dotted_identifier("docs"));
        assert!(!dotted_identifier("example.org/x"));
        assert!(!dotted_identifier("v1.2"));
        assert!(numeric("1, 2") && numeric("12") && !numeric("docs") && !numeric(", "));
    }

    #[test]
    fn the_blank_line_is_written_as_the_page_breaks_lines() {
        assert_eq!(line_break("a\r\n[x]: u\r\n", 3), "\r\n");
        assert_eq!(line_break("a\n[x]: u\n", 2), "\n");
        assert!(continues_paragraph("text\n[x]: u\n", 5));
        assert!(continues_paragraph("> text\n> [x]: u\n", 7));
        assert!(!continues_paragraph("text\n\n[x]: u\n", 6));
        assert!(!continues_paragraph("# Title\n[x]: u\n", 8));
        assert!(!continues_paragraph("[x]: u\n", 0));
    }
}
