//! Positions of facts in every container a translator puts HTML in: the byte ranges must point
//! at the exact bytes of the file, whatever the line endings, BOM, indentation or nesting.

use std::path::PathBuf;

use proptest::prelude::*;

use super::{Dialect, Document, TextRun};
use std::ops::Range;

fn parse(text: &str, dialect: Dialect) -> Document {
    Document::parse(PathBuf::from("t.md"), text.to_string(), Some(dialect))
}

/// Every tag and attribute range points at what it claims to be.
fn assert_ranges_exact(doc: &Document) {
    let text = &doc.text;
    for tag in &doc.html {
        let src = &text[tag.range.clone()];
        assert!(
            src.starts_with('<') && src.ends_with('>'),
            "tag range {:?} is {src:?}",
            tag.range
        );
        for a in &tag.attrs {
            assert_eq!(
                text[a.name_range.clone()].to_ascii_lowercase(),
                a.name,
                "attribute name range in {src:?}"
            );
            if let Some(r) = &a.value_range {
                let raw = &text[r.clone()];
                if !raw.contains('&') {
                    assert_eq!(raw.replace("\r\n", "\n"), a.value.replace("\r\n", "\n"));
                }
            }
        }
    }
}

/// The value range of attribute `name` on the `n`th tag carrying it.
fn value_at<'d>(doc: &'d Document, name: &str, n: usize) -> &'d str {
    let a = doc
        .html
        .iter()
        .filter_map(|t| t.attr(name))
        .nth(n)
        .unwrap_or_else(|| panic!("no {n}th `{name}` in {:?}", doc.html));
    &doc.text[a.value_range.clone().expect("value range")]
}

#[test]
fn components_in_blockquotes_lists_tables_and_links() {
    let text = "> a <span identity=\"old\" tag=code default=\"x.org\"></span>\n{.is-info}\n\n\
                * item <a identity=old path=\"/a\">x</a>\n  * nested <a identity=new path='/b'>y</a>\n\n\
                | a | b |\n|---|---|\n| <a identity=old path=\"/c\">t</a> | z |\n\n\
                [see <span identity=new tag=code default=\"n.org\"></span>](https://x.org)\n";
    for dialect in [Dialect::Mkdocs, Dialect::Wikijs] {
        let doc = parse(text, dialect);
        assert_ranges_exact(&doc);
        assert_eq!(value_at(&doc, "path", 0), "/a");
        assert_eq!(value_at(&doc, "path", 1), "/b");
        assert_eq!(value_at(&doc, "path", 2), "/c");
        assert_eq!(value_at(&doc, "default", 1), "n.org");
    }
}

#[test]
fn multi_line_tags_in_blockquotes_keep_positions() {
    let text = "> Go to <a identity=\"old\"\n>    target=\"_blank\"\n>  path=\"settings\">here</a>\n{.is-info}\n";
    let doc = parse(text, Dialect::Wikijs);
    assert_ranges_exact(&doc);
    let p = value_at(&doc, "path", 0);
    assert_eq!(p, "settings");
    let start = doc.html[0]
        .attr("path")
        .unwrap()
        .value_range
        .clone()
        .unwrap()
        .start;
    assert_eq!(doc.line_col(start).line, 3);
    assert_eq!(doc.line_col(start).column, 10);
}

#[test]
fn crlf_and_bom_positions() {
    let lf = "# T\n\n> x <span identity=\"olde\" tag=\"code\" default=\"a\"></span>\n{.is-info}\n\n\
              <div>\n<a identity=\"old\"\n   path=\"x\">l</a>\n</div>\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let a = parse(lf, Dialect::Wikijs);
    let b = parse(&crlf, Dialect::Wikijs);
    assert_ranges_exact(&a);
    assert_ranges_exact(&b);
    assert_eq!(a.html.len(), b.html.len());
    for (ta, tb) in a.html.iter().zip(&b.html) {
        for (x, y) in ta.attrs.iter().zip(&tb.attrs) {
            let (lx, ly) = (
                a.line_col(x.name_range.start),
                b.line_col(y.name_range.start),
            );
            // Same line; the BOM shifts columns on line 1 only (none here).
            assert_eq!(lx, ly, "{} vs {}", x.name, y.name);
        }
    }
    assert_eq!(value_at(&b, "identity", 0), "olde");
    assert_eq!(value_at(&b, "path", 0), "x");
}

#[test]
fn bom_shifts_first_line_columns_by_its_bytes() {
    let doc = parse("\u{feff}<a identity=old path=x>a</a>\n", Dialect::Wikijs);
    assert_ranges_exact(&doc);
    let r = doc.html[0]
        .attr("path")
        .unwrap()
        .value_range
        .clone()
        .unwrap();
    assert_eq!(&doc.text[r.clone()], "x");
    assert_eq!(doc.line_col(r.start).column, 25);
}

#[test]
fn admonition_bodies_and_titles() {
    let text = "!!! info \"On the **old** server (<span identity=\"old\" tag=\"code\" default=\"o.org\"></span>) `<a identity=x>`\"\n\n\
                \x20   Body <a identity=\"old\" path=\"settings\">x</a>\n\n\
                \x20   1. item <span identity=new tag=code default-value=\"n\"></span>\n\n\
                \x20   !!! note \"nested\"\n\n\
                \x20       <a identity=new\n\x20       path=\"/deep\">d</a>\n";
    let doc = parse(text, Dialect::Mkdocs);
    assert_ranges_exact(&doc);
    assert_eq!(value_at(&doc, "default", 0), "o.org");
    assert_eq!(value_at(&doc, "path", 0), "settings");
    assert_eq!(value_at(&doc, "default-value", 0), "n");
    assert_eq!(value_at(&doc, "path", 1), "/deep");
    // The code span in the title is code, not a tag.
    assert!(
        !doc.html
            .iter()
            .any(|t| t.attr("identity").is_some_and(|a| a.value == "x"))
    );
    let code = text.find("`<a").unwrap();
    assert!(doc.in_code(code + 1));
}

#[test]
fn a_header_ends_the_list_before_it_as_python_markdown_reads_it() {
    // Python-Markdown starts a block at `!!!` and `===`: the list before ends, and a body
    // indented four more than its marker wants is code. comrak reads a stand-in comment for the
    // header, which is no HTML of the page.
    let text = "- one\n- two\n\n!!! note\n        Too deep.\n\n- three\n!!! tip \"T\"\n    Body.\n\n\
                === \"Web\"\n\n    Tab text.\n";
    let doc = parse(text, Dialect::Mkdocs);
    assert_ranges_exact(&doc);
    // (From the four columns the body keeps past the four it loses.)
    assert_eq!(
        doc.indented_code,
        vec![text.find("    Too deep").unwrap() + 4]
    );
    assert!(doc.html.is_empty(), "{:?}", doc.html);
    // Each list ends at its header: the bodies are not list items' text.
    let items: Vec<&str> = doc
        .list_items
        .iter()
        .map(|r| text[r.clone()].trim())
        .collect();
    assert_eq!(items, ["- one", "- two", "- three"]);
    for body in ["Body.", "Tab text."] {
        let at = text.find(body).unwrap();
        assert!(doc.blocks.iter().any(|b| b.range.start == at), "{body}");
    }
    // On a Wiki.js page there is no header to stand in for.
    let doc = parse(text, Dialect::Wikijs);
    assert!(doc.html.is_empty());
}

#[test]
fn text_after_link_definitions_is_placed_where_it_is_written() {
    // The definitions open the paragraph and are taken out of it: what follows them is on the
    // lines after, in a quote and a list item too, and over a definition of two lines.
    for nl in ["\n", "\r\n"] {
        let text = [
            "# T",
            "",
            "[move]: https://docs.joinmastodon.org/user/moving/",
            "See the <span identity=\"old\" path=\"settings\">settings</span> [page][move].",
            "",
            "> [a]: /a",
            "> [b]:",
            ">   /b \"Title\"",
            "> Open <a identity=\"new\" path=\"/x\">x</a> and **this**.",
            "",
            "- [c]: /c",
            "  Then <b>that</b>.",
            "",
        ]
        .join(nl);
        for dialect in [Dialect::Wikijs, Dialect::Mkdocs] {
            let doc = parse(&text, dialect);
            assert_ranges_exact(&doc);
            let tags: Vec<usize> = doc
                .html
                .iter()
                .map(|t| doc.line_col(t.range.start).line)
                .collect();
            assert_eq!(tags, [4, 4, 9, 9, 12, 12]);
            let strong = doc.emphasis.iter().find(|e| e.strong).unwrap();
            assert_eq!(&text[strong.range.clone()], "**this**");
            let link = doc.links.iter().find(|l| l.url.contains("moving")).unwrap();
            assert_eq!(doc.line_col(link.range.start).line, 4);
            let first = doc
                .blocks
                .iter()
                .find(|b| b.text.starts_with("See"))
                .unwrap();
            assert_eq!(doc.line_col(first.range.start).line, 4);
        }
    }
}

#[test]
fn code_is_not_html() {
    let text = "`<a identity=\"x\">`\n\n```html\n<a identity=\"y\">\n```\n\n    <a identity=\"z\">\n\n<!-- <a identity=\"w\"> -->\n";
    let doc = parse(text, Dialect::Wikijs);
    assert!(
        !doc.html
            .iter()
            .any(|t| t.is_start() && t.attr("identity").is_some()),
        "{:?}",
        doc.html
    );
}

/// A container a component can sit in: (prefix of the first line, prefix of the following lines).
fn containers() -> impl Strategy<Value = Vec<(&'static str, &'static str)>> {
    prop::collection::vec(
        prop::sample::select(vec![
            ("> ", "> "),
            ("* ", "  "),
            ("1. ", "   "),
            ("- ", "  "),
            ("10) ", "    "),
            (">", "> "),
        ]),
        0..4,
    )
}

fn component() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["\"", "'", ""]),
        prop::sample::select(vec!["identity", "IDENTITY", "Identity"]),
        prop::sample::select(vec!["old", "OLD", "&#111;ld", "n&amp;w", "æøå"]),
        prop::sample::select(vec![" ", "\n", "\n   ", "  \n\t", " \n  "]),
        prop::bool::ANY,
    )
        .prop_map(|(q, name, value, sep, link)| {
            if link {
                format!("<a {name}={q}{value}{q}{sep}path={q}/p/å{q} target=_blank>text</a>")
            } else {
                format!("<span tag={q}code{q}{sep}{name}={q}{value}{q} default={q}d.org{q}></span>")
            }
        })
}

proptest! {
    #[test]
    fn ranges_are_exact_in_any_nesting(
        outer in containers(),
        comp in component(),
        inline in prop::bool::ANY,
        crlf in prop::bool::ANY,
        bom in prop::bool::ANY,
        mkdocs in prop::bool::ANY,
    ) {
        let body = if inline { format!("Text before {comp} after") } else { comp.clone() };
        let mut lines: Vec<String> = body.lines().map(str::to_string).collect();
        for (first, rest) in outer.iter().rev() {
            for (i, l) in lines.iter_mut().enumerate() {
                *l = format!("{}{l}", if i == 0 { first } else { rest });
            }
        }
        if mkdocs {
            lines = std::iter::once("!!! note \"t\"".to_string())
                .chain(std::iter::once(String::new()))
                .chain(lines.into_iter().map(|l| format!("    {l}")))
                .collect();
        }
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        text.push_str("# Title");
        text.push_str(nl);
        text.push_str(nl);
        text.push_str(&lines.join(nl));
        text.push_str(nl);
        let dialect = if mkdocs { Dialect::Mkdocs } else { Dialect::Wikijs };
        let doc = parse(&text, dialect);
        assert_ranges_exact(&doc);
        let starts = doc.html.iter().filter(|t| t.is_start() && t.attr("identity").is_some()).count();
        prop_assert_eq!(starts, 1, "{:?}\n{:?}", text, doc.html);
    }
}

#[test]
fn nesting_guard_counts_quote_and_list_markers() {
    use super::{MAX_NESTING, ReadError, check_nesting};
    let ok = format!(
        "{}x\n{}y\n",
        "> ".repeat(MAX_NESTING),
        "- ".repeat(MAX_NESTING)
    );
    assert_eq!(check_nesting(&ok), Ok(()));
    assert_eq!(
        check_nesting("---\n* * *\n1.5 x\n12345678901. y\n-x\n"),
        Ok(())
    );
    let deep = format!("title\n\n{}1. deep\n", "> - ".repeat(600));
    match check_nesting(&deep) {
        Err(ReadError::TooDeep { depth, at }) => {
            assert_eq!(depth, 1201);
            assert_eq!((at.line, at.column), (3, 4 * 500 + 1));
        }
        other => panic!("{other:?}"),
    }
    let quotes = ">".repeat(10_000);
    assert!(matches!(
        check_nesting(&quotes),
        Err(ReadError::TooDeep { depth: 10_000, .. })
    ));
}

/// The nesting guard read line by line, every line's markers counted: what the windowed scan
/// must agree with.
fn nesting_by_every_line(text: &str, limit: usize) -> Result<(), super::ReadError> {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let (depth, over, prefix_end) = super::container_markers(bytes, line_start, limit);
        if let Some(at) = over {
            return Err(super::ReadError::TooDeep {
                depth,
                at: super::Position::in_bytes(bytes, at),
            });
        }
        line_start = match memchr::memchr2(b'\n', b'\r', &bytes[prefix_end..]) {
            Some(n) => prefix_end + n + 1,
            None => bytes.len(),
        };
    }
    Ok(())
}

proptest! {
    /// Lines of markers, spaces, text and every line ending, against small limits: the scan
    /// that skips short lines finds the same first line over the limit, depth and position.
    #[test]
    fn nesting_window_matches_every_line(
        text in "([>\\- *+1.)a \t\r\n]|\n|é|10\\. ){0,80}",
        limit in 0usize..8,
    ) {
        prop_assert_eq!(
            super::check_nesting_over(&text, limit),
            nesting_by_every_line(&text, limit)
        );
    }
}

/// `in_code` answers as a look at the 64 last ranges starting at or before the offset would,
/// for ranges side by side, nested and overlapping alike.
#[test]
fn in_code_window_matches_a_scan() {
    let scan = |v: &[std::ops::Range<usize>], offset: usize| {
        let i = v.partition_point(|r| r.start <= offset);
        v[..i].iter().rev().take(64).any(|r| r.contains(&offset))
    };
    let mut seed = 7u64;
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % m
    };
    for round in 0..40 {
        let n = [0, 1, 5, 63, 64, 65, 200, 700][round % 8];
        let mut ranges: Vec<std::ops::Range<usize>> = (0..n)
            .map(|_| {
                let s = next(2000);
                s..s + next(if round % 3 == 0 { 5 } else { 900 })
            })
            .collect();
        ranges.sort_by_key(|r| r.start);
        let reach = super::window_reach(&ranges);
        for offset in 0..3000 {
            let i = ranges.partition_point(|r| r.start <= offset);
            let fast = i > 0 && reach[i - 1] > offset;
            assert_eq!(fast, scan(&ranges, offset), "round {round} offset {offset}");
        }
        // The cursor, asked at offsets that mostly rise, with jumps back and far ahead.
        let mut cursor = super::ReachCursor::new(&ranges, &reach);
        let mut offset = 0;
        for _ in 0..3000 {
            offset = match next(10) {
                0 => next(3000),
                1 => offset + next(600),
                _ => offset + next(12),
            };
            assert_eq!(
                cursor.hit(offset),
                scan(&ranges, offset),
                "round {round} cursor offset {offset}"
            );
        }
    }
    let doc = parse(
        "a `x` b\n\n```\ncode\n```\n\n`y` and `z`\n",
        Dialect::Wikijs,
    );
    let mut cursor = doc.code_cursor();
    for offset in (0..doc.text.len()).chain((0..doc.text.len()).rev()) {
        assert_eq!(
            cursor.in_code(offset),
            doc.in_code(offset),
            "cursor {offset}"
        );
    }
    for offset in 0..doc.text.len() {
        assert_eq!(
            doc.in_code(offset),
            scan(&doc.code_spans, offset) || scan(&doc.code_blocks, offset),
            "{offset}"
        );
    }
}

/// The page parse splits lines once: CR-only, CRLF and LF pages give the same facts, the lone
/// `\r`s are kept for writing back, and admonition bodies after front matter and a BOM still
/// parse as Markdown.
#[test]
fn line_endings_and_prefixes_give_the_same_facts() {
    let lf = "---\ntitle: T\n---\n!!! note \"A\"\n\n    Body with `code` and [a](b.md).\n\n# H\n";
    let docs: Vec<Document> = [
        lf.to_string(),
        lf.replace('\n', "\r\n"),
        lf.replace('\n', "\r"),
        format!("\u{feff}{lf}"),
    ]
    .into_iter()
    .map(|t| parse(&t, Dialect::Mkdocs))
    .collect();
    for d in &docs {
        assert_eq!(d.admonitions.len(), 1);
        assert_eq!(d.links.len(), 1, "{:?}", d.text);
        assert_eq!(&d.text[d.links[0].range.clone()], "[a](b.md)");
        assert_eq!(&d.text[d.code_spans[0].clone()], "`code`");
        assert_eq!(d.headings.len(), 1);
        assert_eq!(d.headings[0].text, "H");
    }
    assert_eq!(docs[2].lone_crs.len(), lf.matches('\n').count());
    assert_eq!(docs[2].source_text(), lf.replace('\n', "\r"));
    assert!(docs[1].lone_crs.is_empty());
}

#[test]
fn a_tabset_after_tabsets_and_their_tabs_is_written_in_the_section_before_them() {
    // The section of the second tabset is found past the first tabset and its tab.
    let doc = parse(
        "## 1. Intro\n\n# Apps {.tabset}\n\n## 2. One\n\n# More {.tabset}\n\n## 3. Two\n\n## 4. Three\n",
        Dialect::Wikijs,
    );
    let found: Vec<(usize, usize, Vec<usize>)> = super::swallowing_tabsets(&doc)
        .into_iter()
        .map(|t| (t.tabset, t.section, t.tabs))
        .collect();
    assert_eq!(found, vec![(1, 0, vec![2]), (3, 0, vec![4, 5])]);
    // A tabset with only named tabs swallows nothing, and a heading that is no tab starts a
    // new section for the tabsets after it.
    let doc = parse(
        "## 1. Intro\n\n# Apps {.tabset}\n\n## Phone\n\n# Next\n\n## 2. Other\n\n# More {.tabset}\n\n## 3. Two\n",
        Dialect::Wikijs,
    );
    let found: Vec<(usize, usize)> = super::swallowing_tabsets(&doc)
        .into_iter()
        .map(|t| (t.tabset, t.section))
        .collect();
    assert_eq!(found, vec![(5, 4)]);
}

#[test]
fn pieces_read_as_the_slice_they_were_made_from() {
    use super::Pieces;
    let ranges = [3..5, 7..7, 9..20];
    for n in 0..=ranges.len() {
        let mut pieces = Pieces::from(&ranges[..n]);
        assert_eq!(&*pieces, &ranges[..n]);
        assert_eq!(pieces.len(), n);
        assert_eq!((&pieces).into_iter().count(), n);
        assert_eq!(format!("{pieces:?}"), format!("{:?}", &ranges[..n]));
        for p in &mut pieces {
            p.start += 1;
            p.end += 1;
        }
        let moved: Vec<_> = ranges[..n].iter().map(|r| r.start + 1..r.end + 1).collect();
        assert_eq!(pieces, Pieces::from(moved.as_slice()));
    }
}

#[test]
fn blocks_with_the_same_containers_share_them() {
    let doc = parse(
        "| a | b |\n|---|---|\n| c | d |\n\n- one\n- two\n\n> three\n\nfour\n",
        Dialect::Wikijs,
    );
    use super::Container;
    let of = |text: &str| {
        doc.blocks
            .iter()
            .find(|b| b.text == text)
            .map(|b| b.containers.clone())
            .unwrap()
    };
    assert_eq!(&*of("a"), [Container::Table]);
    assert!(std::sync::Arc::ptr_eq(&of("a"), &of("d")));
    assert_eq!(&*of("one"), [Container::ListItem]);
    assert!(std::sync::Arc::ptr_eq(&of("one"), &of("two")));
    assert_eq!(&*of("three"), [Container::BlockQuote]);
    assert!(of("four").is_empty());
}

#[test]
fn text_runs_are_read_as_written_around_escapes() {
    let run = |source: &str, text: &str| TextRun {
        text: text.to_string(),
        range: 0..source.len(),
        verbatim: source == text,
    };
    let parts = |source: &'static str, text: &str| -> Vec<(&'static str, Range<usize>)> {
        run(source, text)
            .written(source)
            .into_iter()
            .map(|w| (w.text, w.range))
            .collect()
    };
    assert_eq!(
        parts("plain text", "plain text"),
        vec![("plain text", 0..10)]
    );
    // The escape and the character it escapes belong to no stretch.
    assert_eq!(
        parts("a \\*b\\* c", "a *b* c"),
        vec![("a ", 0..2), ("b", 4..5), (" c", 7..9)]
    );
    // An entity ends what is read.
    assert_eq!(parts("x &amp; y", "x & y"), vec![("x &", 0..3)]);
    // Offsets in the decoded text placed back in the source: an escaped character at its
    // backslash, the end at the run's end, nothing past an entity.
    let escaped = run("my\\-notes.md", "my-notes.md");
    assert_eq!(escaped.source_offset("my\\-notes.md", 0), Some(0));
    assert_eq!(escaped.source_offset("my\\-notes.md", 2), Some(2));
    assert_eq!(escaped.source_offset("my\\-notes.md", 3), Some(4));
    assert_eq!(escaped.source_offset("my\\-notes.md", 11), Some(12));
    assert_eq!(
        run("x &amp; y", "x & y").source_offset("x &amp; y", 4),
        None
    );
    // A difference inside a character ends the stretch before the character.
    assert_eq!(parts("né&eacute;", "néé"), vec![("n\u{e9}", 0..3)]);
}

#[test]
fn inlines_after_an_escaped_pipe_in_a_table_cell_are_placed_where_they_are_written() {
    // comrak unescapes `\|` in a cell before reading its inlines; their places must still be
    // the file's, in a cell inside a quote and after a CRLF line too.
    for text in [
        "| a | b |\n|---|---|\n| x | (like `+(a\\|b)`) and [l\\|k](/p) **c\\|d** `e` |\n",
        "> | a |\r\n> |---|\r\n> | `\\|` \\| `x\\|y` (z) |\r\n",
        // The paragraph right before a table, which comrak reads as the table's preface.
        "Intro a\\|b `c` [l\\|k](/p)\nand é\\|\\|é **c\\|d**\n| a |\n|---|\n| x |\n",
        // A tag whose attribute holds an escaped pipe, in a cell and before a table.
        "| a |\n|---|\n| <a title=\"x\\|y\" identity=\"old\" path=\"p\">x</a> `e` |\n",
        "A <span title=\"x\\|y\" tag=\"code\">s</span> `e`\n| a |\n|---|\n| x |\n",
    ] {
        let doc = parse(text, Dialect::Wikijs);
        assert_ranges_exact(&doc);
        for r in &doc.code_spans {
            let s = &doc.text[r.clone()];
            assert!(s.starts_with('`') && s.ends_with('`'), "{s:?} in {text:?}");
        }
        for l in &doc.links {
            assert_eq!(&doc.text[l.range.clone()], "[l\\|k](/p)");
        }
        for e in &doc.emphasis {
            assert_eq!(&doc.text[e.range.clone()], "**c\\|d**");
        }
        for t in doc.texts.iter().filter(|t| t.text.contains(['(', ')'])) {
            assert_eq!(&doc.text[t.range.clone()], t.text, "{text:?}");
        }
        assert!(!doc.code_spans.is_empty());
        for gap in &doc.soft_breaks {
            assert!(doc.text[gap.clone()].trim().is_empty(), "{text:?}");
        }
    }
    // The line break of the paragraph before a table is found after an escaped pipe too.
    let doc = parse("Intro a\\|b\nmore\n| a |\n|---|\n| x |\n", Dialect::Wikijs);
    assert_eq!(doc.soft_breaks.len(), 1);
    assert_eq!(&doc.text[doc.soft_breaks[0].clone()], "\n");
}

/// The options a page is parsed with leave out only extensions whose syntax its text cannot
/// hold: the tree (values and positions) is the one the full options give, on pages with and
/// without pipes and `[^`, and on every page of the repository's guides and fixtures.
#[test]
fn options_for_a_page_give_the_tree_of_the_full_options() {
    let tree = |text: &str, options: &comrak::Options<'_>| {
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, text, options);
        let mut shown = comrak::Options::default();
        shown.render.sourcepos = true;
        let mut out = String::new();
        comrak::format_xml(root, &shown, &mut out).unwrap();
        out
    };
    let mut texts: Vec<String> = [
        "a\n---\n",
        "a\n- | -\n",
        "| a |\n| - |\n| b |\n",
        "a | b\n--|--\nc | d\n",
        "Text[^1] and [^note].\n\n[^1]: One.\n[^note]: Two\n    more.\n",
        "[^]\n\n[^ x]: y\n",
        "\\[^1] `[^1]` [x]^2 ^[inline]\n",
        "- [ ] task\n- [x] done\n\nwww.example.com a@b.co ~~gone~~ $x$ ^sup^\n",
        "> | a |\n> |---|\n\n1. a | b\n   --|--\n",
        "See https://example.com, ftp://x.org and HTTP://Y.ORG/a_b.\n",
        "Mail <a@b.co>, mailto:c@d.co, xmpp:e@f.co/g or wrote: a@b.\n",
        "www.example.com/w?x=1 and WWW.EXAMPLE.COM and wow: w.w\n",
        // A table needs no pipe when its delimiter row has a colon.
        "a\n:-:\n",
        "Some text\n-:\n\nmore\n:--\nx\n",
        // A footnote reference is tried on a `^` an entity writes right after a `[`: it drops
        // the emphasis delimiters inside the brackets.
        "*[&#94;a*]\n",
        "*foo [&Hat;bar* baz] and [&#x5E;c]\n",
        "[www.a.com](b) `www.c.com` <https://d.com>\n",
        "",
    ]
    .map(String::from)
    .to_vec();
    texts.extend(repository_pages());
    let full = super::comrak_options();
    let mut without = [0, 0];
    for t in &texts {
        let page = super::comrak_options_for(t);
        without[0] += usize::from(!page.extension.footnotes);
        without[1] += usize::from(!page.extension.table);
        assert_eq!(tree(t, &page), tree(t, &full), "{t:?}");
    }
    assert!(
        without[0] > 0 && without[1] > 0,
        "some pages are parsed without them"
    );
}

/// A page's text runs are in page order, as its blocks, though comrak moves a footnote's
/// definition to the end of the tree: each block's units find their own texts.
#[test]
fn text_runs_are_in_page_order_with_footnotes() {
    let doc = parse("[^a]: Ay\n\nRef[^a] and more.\n", Dialect::Wikijs);
    let starts: Vec<usize> = doc.texts.iter().map(|t| t.range.start).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    let units = crate::translation::PageUnits::new(&doc, None);
    let texts: Vec<&str> = units.units.iter().map(|u| &*u.text).collect();
    assert!(texts.iter().any(|t| t.starts_with("Ref")), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t.contains("Ref") && t.contains("Ay")),
        "{texts:?}"
    );
}

/// Every Markdown page of the repository's guides and fixtures, in a fixed order.
fn repository_pages() -> Vec<String> {
    let mut texts = Vec::new();
    for dir in ["guides", "tests/fixtures"] {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut pending = vec![root];
        while let Some(d) = pending.pop() {
            let mut entries: Vec<_> = std::fs::read_dir(&d).unwrap().flatten().collect();
            entries.sort_by_key(|e| e.path());
            for e in entries {
                let p = e.path();
                if p.is_dir() {
                    pending.push(p);
                } else if p.extension().is_some_and(|x| x == "md")
                    && let Ok(t) = std::fs::read_to_string(&p)
                {
                    texts.push(t);
                }
            }
        }
    }
    assert!(texts.len() > 50, "the repository's pages were read");
    texts
}

/// The room of each list a page hands on ([`Document::recycle_lists`]).
fn rooms(d: &Document) -> [usize; 11] {
    [
        d.headings.capacity(),
        d.links.capacity(),
        d.code_spans.capacity(),
        d.code_blocks.capacity(),
        d.html.capacity(),
        d.blocks.capacity(),
        d.quotes.capacity(),
        d.emphasis.capacity(),
        d.texts.capacity(),
        d.list_items.capacity(),
        d.soft_breaks.capacity(),
    ]
}

/// A page parsed with the lists another page handed on ([`Document::recycle_lists`]) is the
/// page parsed with new lists, fact for fact; and the lists are handed on: an empty page
/// parsed next starts with the room the last page's lists had.
#[test]
fn recycled_lists_give_the_same_documents() {
    let pages = repository_pages();
    let parse_all = |recycle: bool| {
        let pages = pages.clone();
        // A thread of its own: its kept lists are its own.
        std::thread::spawn(move || {
            let mut shown = Vec::new();
            for (i, t) in pages.into_iter().enumerate() {
                let dialect = [Dialect::Wikijs, Dialect::Mkdocs][i % 2];
                let mut doc = Document::parse(PathBuf::from("t.md"), t, Some(dialect));
                shown.push(format!("{doc:?}"));
                if recycle {
                    let room = rooms(&doc);
                    doc.recycle_lists();
                    assert_eq!(rooms(&doc), [0; 11]);
                    assert!(!doc.in_code(0));
                    let mut empty = parse("", dialect);
                    assert!(empty.texts.is_empty() && empty.blocks.is_empty());
                    let handed = rooms(&empty);
                    assert!(handed.iter().zip(&room).all(|(h, r)| h >= r), "{i}");
                    empty.recycle_lists();
                }
            }
            shown
        })
        .join()
        .unwrap()
    };
    let fresh = parse_all(false);
    let recycled = parse_all(true);
    assert_eq!(fresh.len(), recycled.len());
    for (a, b) in fresh.iter().zip(&recycled) {
        assert_eq!(a, b);
    }
    // Without a page before, the lists start empty.
    let room = std::thread::spawn(|| parse("", Dialect::Wikijs).texts.capacity()).join();
    assert_eq!(room.unwrap(), 0);
}

/// A page without configuration is read as MkDocs when it holds syntax only MkDocs reads (an
/// admonition, a content tab, `<figure markdown>`) and no front-matter header; every other page
/// as Wiki.js. A changelog of content tabs without an admonition (included in a MkDocs site by
/// a snippet) was read as Wiki.js, and each tab reported as MkDocs syntax on Wiki.js.
#[test]
fn a_page_is_detected_as_mkdocs_by_syntax_only_mkdocs_reads() {
    let detected = |text: &str| Document::parse(PathBuf::from("t.md"), text.into(), None).dialect;
    let tabs = "## 1.0\n\n=== \"Explicitly\"\n\n    ```python\n    x = 1\n    ```\n\n=== \"Through `**kwargs`\"\n\n    y\n";
    assert_eq!(detected(tabs), Dialect::Mkdocs);
    for marker in [
        "===! \"A\"",
        "===+ \"A\"",
        "  === \"Indented\"",
        "=== \"A\"\r",
    ] {
        assert_eq!(
            detected(&format!("Text.\n\n{marker}\n\n    body\n")),
            Dialect::Mkdocs,
            "{marker:?}"
        );
    }
    assert_eq!(detected("!!! note\n\n    body\n"), Dialect::Mkdocs);
    assert_eq!(
        detected("<figure markdown>\n![a](b.png)\n</figure>\n"),
        Dialect::Mkdocs
    );
    // A front-matter header that names a Wiki.js page (a title, or a key only Wiki.js's git
    // storage writes) makes it a Wiki.js page, whatever it holds.
    // Written any way YAML allows, in any case, or a page written by hand for import (no
    // title, `published`), or an empty header, or one that does not read.
    for header in [
        "title: T",
        "editor: markdown",
        "dateCreated: 2023-01-02T14:38:56.051Z",
        "\"title\": Hej",
        "'title': Hej",
        "title : Hej",
        "{title: Hej, description: x}",
        "? title\n: Hej",
        "Title: Hej",
        "description: x\npublished: true\ntags: a, b",
        "description: x\nisPublished: false",
        "",
        "title: [unclosed",
    ] {
        assert_eq!(
            detected(&format!("---\n{header}\n---\n\n{tabs}")),
            Dialect::Wikijs,
            "{header}"
        );
    }
    // A header of MkDocs page metadata (pymdown-extensions' `icon:`, mkdocs-glightbox's
    // `glightbox: false`, Material's `hide:`) makes a MkDocs page, whatever its body holds:
    // pymdown-extensions' changelog and installation pages hold neither tabs nor admonitions,
    // and were read as Wiki.js pages with no title.
    for header in [
        "icon: lucide/book",
        "glightbox: false",
        "hide:\n  - toc\n  - title: x",
        "render_macros: false\ndescription: x",
    ] {
        for body in [tabs, "Plain text.\n"] {
            assert_eq!(
                detected(&format!("---\n{header}\n---\n\n{body}")),
                Dialect::Mkdocs,
                "{header}"
            );
        }
    }
    // Keys neither tool is known by (or written in another case than MkDocs reads them) say
    // nothing: the syntax decides, as without a header. Nor do keys other tools write as well:
    // a decision record's `status`, a blog's `authors` and `categories`, a site generator's
    // `template`.
    for header in [
        "author: Jane",
        "Icon: lucide/book",
        "date: 2024-01-02\ntags: a, b",
        "status: accepted\ndate: 2024-01-02\ndecision-makers: Jane",
        "authors: [jane]\ntags: [a]\nslug: x",
        "categories: [howto]\nauthor: Jane",
        "template: post\ndate: 2024-01-02",
        "search: false",
    ] {
        assert_eq!(
            detected(&format!("---\n{header}\n---\n\n{tabs}")),
            Dialect::Mkdocs,
            "{header}"
        );
        assert_eq!(
            detected(&format!("---\n{header}\n---\n\nPlain text.\n")),
            Dialect::Wikijs,
            "{header}"
        );
    }
    // A Material icon in the text is MkDocs syntax (pymdown-extensions' contributing page);
    // one shown in a code span or fenced code is not.
    for text in [
        "Support [:octicons-heart-fill-16: Sponsor](https://example.com/sponsor)\n",
        "- :material-bug: Report a bug.\n",
        "Press `x` then :fontawesome-brands-github: and `y`.\n",
        "Text ``a ` b`` :simple-python: end.\n",
        "An unclosed ` run, then :material-pencil:.\n",
        "`a` ``b`` :material-pencil: ``` `c` ```\n",
        ":material-a::material-b:\n",
        "[:octicons-mark-github-16:](https://github.com/x) **:material-bug:**{ .lg }\n",
    ] {
        assert_eq!(detected(text), Dialect::Mkdocs, "{text:?}");
    }
    for text in [
        "Write `:material-pencil:` for a pencil.\n",
        "Write ``:octicons-heart-16: `x` `` there.\n",
        "```markdown\n:material-pencil: Edit\n```\n",
        "Not an icon: :materialize: or :material: or https://example.com/:material-x\n",
        // Maven coordinates and paths hold the same letters.
        "Add androidx.compose.material:material-icons-extended:1.6.0 to the build.\n",
        "| com.example:simple-client:2.1 |\n|---|\n",
        "See <https://example.com/a/:octicons-x-16:>.\n",
        // A fence in a blockquote (a Wiki.js callout) shows code too.
        "> ```markdown\n> :material-pencil: Edit\n> ```\n{.is-info}\n",
    ] {
        assert_eq!(detected(text), Dialect::Wikijs, "{text:?}");
    }
    // A quoted fence shown inside a fenced example is the example's text, and a fence opened in
    // a blockquote ends with the quote: the syntax after either counts.
    for text in [
        "```markdown\n> ```bash\n> echo hi\n> ```\n```\n\n!!! note\n\n    body\n",
        "> ```\n> code\n\n!!! note\n\n    body\n",
        "> ```\n> code\nafter the quote :material-pencil:\n",
    ] {
        assert_eq!(detected(text), Dialect::Mkdocs, "{text:?}");
    }
    for text in [
        "```markdown\n> ```bash\n> echo hi\n> ```\n!!! note\n```\n",
        "> ```\n> !!! note\n> :material-pencil:\n> ```\n",
    ] {
        assert_eq!(detected(text), Dialect::Wikijs, "{text:?}");
    }
    // `===` that starts no tab: a setext heading's underline, text before it on the line, a
    // title not quoted, or no space before the title.
    for text in [
        "Title\n=====\n\nText.\n",
        "Title\n=== \"not a tab\" ===\n",
        "a === \"b\"\n",
        "=== Title\n",
        "===\"Title\"\n",
        "Plain text.\n",
        "",
    ] {
        assert_eq!(detected(text), Dialect::Wikijs, "{text:?}");
    }
    // MkDocs syntax shown in fenced code, as a Wiki.js guide on moving from MkDocs shows it,
    // makes no MkDocs page; after the fence closes it does.
    let shown =
        "# Migrating\n\n```markdown\n=== \"Python\"\n\n!!! note\n```\n\nSee [setup](/setup).\n";
    assert_eq!(detected(shown), Dialect::Wikijs);
    for text in [
        "~~~\n=== \"A\"\n~~~\n",
        "- Step\n\n    ````md\n    === \"A\"\n    ```\n    ````\n",
        "```\n!!! note\n",
        "``` `x`\n```\n=== \"A\"\n",
    ] {
        // (The last: a backtick run whose info holds a backtick opens no fence; the next opens
        // one that the page never closes.)
        assert_eq!(detected(text), Dialect::Wikijs, "{text:?}");
    }
    assert_eq!(
        detected(&format!("{shown}\n=== \"Real\"\n\n    tab\n")),
        Dialect::Mkdocs
    );
    // A fence shown inside a fenced example (indented four past it) does not close it.
    let tutorial = "```markdown\n1. Install\n\n    ```bash\n    pip install x\n    ```\n```\n\n!!! note\n    Then run it.\n";
    assert_eq!(detected(tutorial), Dialect::Mkdocs);
    assert_eq!(
        detected("~~~\nx\n~~~~\n\n!!! note\n\n    y\n"),
        Dialect::Mkdocs
    );
    // pymdownx.blocks, as FastAPI-style documentation writes its notes: a block counts once
    // closed, outside fences; a path or a comment starting with `///` is none.
    assert_eq!(
        detected("Intro.\n\n/// tip\n\nUse it.\n\n///\n"),
        Dialect::Mkdocs
    );
    assert_eq!(
        detected("//// note | Outer\n/// tab | A\nx\n///\n////\n"),
        Dialect::Mkdocs
    );
    for text in [
        "/// tip\n\nNever closed.\n",
        "/// tip\n\n////\n",
        "  /// tip\n///\n",
        "/// a path/to/file\n///\n",
        "```rust\n/// tip\n///\n```\n",
        "///\n/// tip\n",
    ] {
        assert_eq!(detected(text), Dialect::Wikijs, "{text:?}");
    }
    // A marker after many lines of `=` (each looked at once) and at the very end of the page.
    let long = format!("{}\n=== \"Last\"", "=".repeat(100_000));
    assert_eq!(detected(&long), Dialect::Mkdocs);
    assert_eq!(detected(&"=".repeat(100_000)), Dialect::Wikijs);
}

proptest! {
    /// The sized images found from the page's `![` are those found by testing each text.
    #[test]
    fn sized_images_from_the_page_are_the_documents(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "![a](/x.png =1x2)", "![", "](", " =3", ")", "{.c}", "`", "```\n", "\n",
                "\n\n", "> ", "- ", "*", "\\", "&amp;", "é", "<span>", "[b]", "a", " ",
                "    ", "| x |\n|---|\n", "# ",
            ]),
            0..24,
        ),
    ) {
        let text: String = parts.concat();
        for dialect in [Dialect::Wikijs, Dialect::Mkdocs] {
            let doc = Document::parse("t.md".into(), text.clone(), Some(dialect));
            prop_assert_eq!(doc.sized_images(), doc.sized_images_text_by_text(), "{:?}", text);
        }
    }
}

/// A `|` inside a code span of a table row stays in its cell, as markdown-it 11 and
/// Python-Markdown keep it (GFM would split the cell there); the code span keeps its `|`, an
/// escaped `\|` is GFM's as before, and a `|` in a code span outside a table is untouched.
#[test]
fn table_cells_keep_code_spans_whole() {
    for dialect in [Dialect::Wikijs, Dialect::Mkdocs] {
        let text = "| Pattern | Meaning |\n|---|---|\n| `(GET|POST) /x` | a regex |\n\
                    | `+(a\\|b)` | escaped |\n\nOutside: `c|d`.\n";
        let doc = parse(text, dialect);
        let cells: Vec<&str> = doc
            .blocks
            .iter()
            .filter(|b| b.kind == super::BlockKind::TableCell)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(
            cells,
            [
                "Pattern",
                "Meaning",
                "(GET|POST) /x",
                "a regex",
                "+(a|b)",
                "escaped"
            ],
            "{dialect:?}"
        );
        assert_eq!(doc.code_spans.len(), 3, "{dialect:?}");
        for r in &doc.code_spans {
            assert!(text[r.clone()].starts_with('`'), "{:?}", &text[r.clone()]);
        }
        assert!(doc.blocks.iter().any(|b| b.text == "Outside: c|d."));
        assert_ranges_exact(&doc);
    }
}

#[test]
fn heading_ids_read_attribute_lists_as_attr_list_and_markdown_it_attrs_do() {
    let ids = |text: &str, dialect| -> Vec<String> {
        parse(text, dialect)
            .headings
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    // `id=` in every quoting, and attr_list's `:` glued to the id.
    assert_eq!(
        ids(
            "## A { id=\"alpha\" }\n\n## B { id=beta }\n\n## C {id='gamma' .x}\n\n## Install {:#setup}\n\n## D {: #delta }\n",
            Dialect::Mkdocs
        ),
        ["alpha", "beta", "gamma", "setup", "delta"]
    );
    assert_eq!(
        ids("## A {id=alpha}\n", Dialect::Wikijs),
        ["alpha"],
        "markdown-it-attrs reads `id=` too"
    );
    // What the rendered heading's text is not: image alt text, and the attribute list of an
    // inline element or icon.
    for dialect in [Dialect::Mkdocs, Dialect::Wikijs] {
        assert_eq!(
            ids("## Logo ![logo](/a.png) here\n", dialect),
            ["logo-here"],
            "{dialect:?}"
        );
    }
    assert_eq!(
        ids(
            "## Logo ![logo](a.png){ width=\"20\" } here\n\n## Code `x`{ .py } here\n\n## :fontawesome-brands-docker:{ .docker } Docker setup\n\n## Set {x} here\n",
            Dialect::Mkdocs
        ),
        ["logo-here", "code-x-here", "docker-setup", "set-x-here"]
    );
    // The text is still the heading's text as written.
    let doc = parse("## Code `x`{ .py } here\n", Dialect::Mkdocs);
    assert_eq!(doc.headings[0].text, "Code x{ .py } here");
}
