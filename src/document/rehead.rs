//! A parsed page given another header without parsing it again.
//!
//! `build` puts a Wiki.js header on every page and checks the result: the body is the same text
//! as the page already parsed, only after another header. Markdown reads a body after a header
//! the same way whatever the header holds (the header's lines are blank to the Markdown parser,
//! see `walk`), so every fact of the body is the old one moved by the difference in header
//! length: a page of a million inline nodes is not parsed twice. The facts are those of
//! [`Document::parse`] on the new text; a property test holds the two equal.

use std::ops::Range;

use super::{DialectSource, Document, front_matter, line_index::LineIndex};

impl Document {
    /// This page parsed as `dialect`, with `text` as its text: `text` is this page's body after
    /// another header (blank lines between header and body may differ). `Err` gives `self` and
    /// `text` back when `text` is not that (then [`Document::parse`] it), or when this page
    /// holds a lone `\r`.
    pub fn reheaded(
        self,
        text: String,
        dialect: super::Dialect,
    ) -> Result<Document, Box<(Document, String)>> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let front_matter = front_matter::parse(&text, bom);
        let new_body =
            body_after_blank_lines(&text, front_matter.as_ref().map_or(bom, |f| f.range.end));
        let old_body = body_after_blank_lines(&self.text, self.body_start());
        if !self.same_body(old_body, &text, new_body)
            || self.dialect != dialect
            || !self.lone_crs.is_empty()
            || !super::line_index::lone_crs(&text[..new_body]).is_empty()
            || self.has_fact_before(old_body)
        {
            return Err(Box::new((self, text)));
        }
        let lines = LineIndex::new(&text);
        let line_delta =
            lines.line_col(new_body).line as isize - self.lines.line_col(old_body).line as isize;
        let shift = Shift {
            from: old_body,
            to: new_body,
        };
        // Every field named: a new fact cannot be forgotten here.
        let Document {
            path,
            text: _,
            lone_crs: _,
            lines: _,
            bom: _,
            dialect: _,
            dialect_source: _,
            toc,
            front_matter: _,
            mut admonitions,
            mut tab_marker_lines,
            mut headings,
            mut links,
            mut code_spans,
            mut code_blocks,
            mut indented_code,
            mut unclosed_fences,
            mut html,
            mut blocks,
            mut quotes,
            mut attr_paragraphs,
            mut footnotes,
            icons_ruled_out,
            mut emphasis,
            mut texts,
            mut list_items,
            mut table_rows,
            mut soft_breaks,
            code_reach: _,
        } = self;
        for a in &mut admonitions {
            shift.range(&mut a.header_range);
            shift.range(&mut a.kind_range);
            if let Some(r) = &mut a.title_range {
                shift.range(r);
            }
            if let Some(r) = &mut a.unquoted_words {
                shift.range(r);
            }
            shift.range(&mut a.body_range);
            a.line = (a.line as isize + line_delta) as usize;
        }
        for o in tab_marker_lines
            .iter_mut()
            .chain(&mut indented_code)
            .chain(&mut unclosed_fences)
        {
            *o = shift.at(*o);
        }
        for h in &mut headings {
            shift.range(&mut h.range);
        }
        for l in &mut links {
            shift.range(&mut l.range);
            if let Some(r) = &mut l.url_range {
                shift.range(r);
            }
            if let Some((_, r)) = &mut l.attrs {
                shift.range(r);
            }
        }
        for r in code_spans
            .iter_mut()
            .chain(&mut code_blocks)
            .chain(&mut list_items)
            .chain(&mut soft_breaks)
        {
            shift.range(r);
        }
        for t in &mut html {
            shift.range(&mut t.range);
            for a in &mut t.attrs {
                shift.range(&mut a.name_range);
                if let Some(r) = &mut a.value_range {
                    shift.range(r);
                }
            }
        }
        for b in &mut blocks {
            shift.range(&mut b.range);
            for p in &mut b.pieces {
                shift.range(p);
            }
        }
        for q in &mut quotes {
            shift.range(&mut q.range);
            if let Some((r, _)) = &mut q.class_line {
                shift.range(r);
            }
        }
        for p in &mut attr_paragraphs {
            shift.range(&mut p.range);
        }
        for f in &mut footnotes {
            shift.range(&mut f.range);
        }
        for e in &mut emphasis {
            shift.range(&mut e.range);
        }
        for t in &mut texts {
            shift.range(&mut t.range);
        }
        for r in &mut table_rows {
            shift.range(&mut r.range);
        }
        let mut doc = Document {
            path,
            text,
            lone_crs: Vec::new(),
            lines,
            bom,
            dialect,
            dialect_source: DialectSource::Config,
            toc,
            front_matter,
            admonitions,
            tab_marker_lines,
            headings,
            links,
            code_spans,
            code_blocks,
            indented_code,
            unclosed_fences,
            html,
            blocks,
            quotes,
            attr_paragraphs,
            footnotes,
            // The body is the same.
            icons_ruled_out,
            emphasis,
            texts,
            list_items,
            table_rows,
            soft_breaks,
            code_reach: Default::default(),
        };
        doc.index_code();
        Ok(doc)
    }
}

impl Document {
    /// Whether `text` is this page's body after another header (or none): what
    /// [`Document::reheaded`] needs first, without parsing the new header.
    pub fn has_body_of(&self, text: &str) -> bool {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let new_body =
            body_after_blank_lines(text, front_matter::header_end(text, bom).unwrap_or(bom));
        self.same_body(
            body_after_blank_lines(&self.text, self.body_start()),
            text,
            new_body,
        )
    }

    /// Whether this page's text from `old_body` is `text` from `new_body`, both at a line's
    /// start (a body starting mid-line, after a BOM, is read differently by the line scans).
    fn same_body(&self, old_body: usize, text: &str, new_body: usize) -> bool {
        let line_start = |t: &str, at: usize| at == 0 || t.as_bytes()[at - 1] == b'\n';
        line_start(&self.text, old_body)
            && line_start(text, new_body)
            && self.text.as_bytes()[old_body..] == text.as_bytes()[new_body..]
    }

    /// Whether a fact starts before `offset` (none starts in a header: the parser sees it
    /// blank), which moving the body's facts could not place.
    fn has_fact_before(&self, offset: usize) -> bool {
        let before = |r: &Range<usize>| r.start < offset;
        self.admonitions.iter().any(|a| before(&a.header_range))
            || self.tab_marker_lines.iter().any(|&o| o < offset)
            || self.headings.iter().any(|h| before(&h.range))
            || self.links.iter().any(|l| before(&l.range))
            || self.html.iter().any(|t| before(&t.range))
            || self.blocks.iter().any(|b| before(&b.range))
            || self.quotes.iter().any(|q| before(&q.range))
            || self.attr_paragraphs.iter().any(|p| before(&p.range))
            || self.footnotes.iter().any(|f| before(&f.range))
            || self.indented_code.iter().any(|&o| before(&(o..o)))
            || self.unclosed_fences.iter().any(|&o| before(&(o..o)))
            || self.emphasis.iter().any(|e| before(&e.range))
            || self.texts.iter().any(|t| before(&t.range))
            || self.table_rows.iter().any(|r| before(&r.range))
            || (self.code_spans.iter())
                .chain(&self.code_blocks)
                .chain(&self.list_items)
                .chain(&self.soft_breaks)
                .any(before)
    }
}

/// Where the body starts: after the header (at `start`) and the blank lines after it.
fn body_after_blank_lines(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    start + rest.len() - rest.trim_start_matches(['\n', '\r']).len()
}

/// Moves offsets at or after `from` to start at `to`.
struct Shift {
    from: usize,
    to: usize,
}

impl Shift {
    fn at(&self, offset: usize) -> usize {
        offset - self.from + self.to
    }

    fn range(&self, r: &mut Range<usize>) {
        *r = self.at(r.start)..self.at(r.end);
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use proptest::prelude::*;

    use crate::document::{Dialect, Document};

    /// Headers a page may start with: none, YAML front matter of a few shapes (one broken),
    /// with blank lines after them or not.
    fn header() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec![
                "",
                "---\ntitle: A\n---\n",
                "---\ntitle: A page of a longer title\ndescription: x\npublished: true\ndate: 2024-01-01T00:00:00.000Z\ntags: a, b\neditor: markdown\ndateCreated: 2024-01-01T00:00:00.000Z\n---\n",
                "---\r\ntitle: B\r\n---\r\n",
                "---\ntitle: [unclosed\n---\n",
                "\u{feff}---\ntitle: C\n---\n",
                "\u{feff}",
            ]),
            prop::sample::select(vec!["", "\n", "\n\n", "\r\n"]),
        )
            .prop_map(|(h, blank)| format!("{h}{blank}"))
    }

    /// A body of the constructs the walk reads, with multi-byte text beside them.
    fn body() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "# Heading æ {#id}\n",
                "## 2. Step ✓\n",
                "Text with [a link](../x.md){: .c} and ![img](a.png =10x) and `code` ø.\n",
                "> quote\n> > nested **strong _em_**\n",
                "{.is-info}\n",
                "- item\n  - sub <span identity=\"old\" path=\"/p\">x</span>\n",
                "<div class=\"tabset\">\n\n<a identity='new' default-value=d>y</a>\n\n</div>\n",
                "```sh\ncode <a>\n```\n",
                "    indented\n",
                "!!! note \"Title `x`\"\n\n    body æ\n",
                "=== \"Tab\"\n\n    in tab\n",
                "| a | b |\n|---|---|\n| <b>c</b> | d |\n",
                "line one  \nline two\nline three\n",
                "<!-- comment -->\n",
                "{#attrs}\n",
                "[^1]: note\n",
                "$math$ and <https://example.org>\n",
                "\n",
                "\r\n",
                "text without end",
            ]),
            0..12,
        )
        .prop_map(|pieces| pieces.concat())
    }

    fn parse(text: &str, dialect: Dialect) -> Document {
        Document::parse(PathBuf::from("da/p.md"), text.to_string(), Some(dialect))
    }

    /// The moved facts are those of a parse of the new text, or the page is given back.
    fn same_as_a_parse(old: &str, new: &str, dialect: Dialect) -> bool {
        let fresh = parse(new, dialect);
        match parse(old, dialect).reheaded(new.to_string(), dialect) {
            Ok(moved) => {
                assert_eq!(
                    format!("{moved:?}"),
                    format!("{fresh:?}"),
                    "{old:?} -> {new:?}"
                );
                true
            }
            Err(back) => {
                assert_eq!(back.0.source_text(), old);
                assert_eq!(back.1, new);
                false
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn moved_facts_are_those_of_a_parse(
            old_header in header(),
            new_header in header(),
            body in body(),
            mkdocs in prop::bool::ANY,
        ) {
            let dialect = if mkdocs { Dialect::Mkdocs } else { Dialect::Wikijs };
            let old = format!("{old_header}{body}");
            let new = format!("{new_header}{body}");
            same_as_a_parse(&old, &new, dialect);
        }
    }

    #[test]
    fn a_built_header_on_the_guides_and_fixtures_moves_every_fact() {
        let header = "---\ntitle: Flyt til en anden server\ndescription: \npublished: true\ndate: 2024-01-01T00:00:00.000Z\ntags: \neditor: markdown\ndateCreated: 2024-01-01T00:00:00.000Z\n---\n\n";
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut moved = 0;
        for dir in ["guides", "tests/fixtures"] {
            for entry in ignore::WalkBuilder::new(root.join(dir)).build() {
                let entry = entry.unwrap();
                if entry.path().extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let Ok(old) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let doc = parse(&old, Dialect::Wikijs);
                let body = &old[super::body_after_blank_lines(&old, doc.body_start())..];
                let new = format!("{header}{body}");
                if same_as_a_parse(&old, &new, Dialect::Wikijs) {
                    moved += 1;
                }
            }
        }
        // Pages with lone `\r`s are parsed again; every other page is moved.
        assert!(moved > 100, "{moved}");
    }

    #[test]
    fn another_body_or_a_lone_cr_is_given_back() {
        for (old, new) in [
            ("# A\n", "---\ntitle: t\n---\n# B\n"),
            ("# A\rtext\n", "---\ntitle: t\n---\n# A\rtext\n"),
            ("---\ntitle: t\n---\n# A\n", "---\ntitle: t\r---\n# A\n"),
        ] {
            assert!(!same_as_a_parse(old, new, Dialect::Wikijs), "{old:?}");
        }
        assert!(same_as_a_parse(
            "# A\n\ntext\n",
            "---\ntitle: t\n---\n\n# A\n\ntext\n",
            Dialect::Wikijs
        ));
    }
}
