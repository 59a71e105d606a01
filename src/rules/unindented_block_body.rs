//! GL325 unindented-block-body: an admonition (`!!! note`, `??? tip`) or a content tab
//! (`=== "Tab"`) whose body is not indented by four columns: MkDocs shows an empty box or tab,
//! and the text as ordinary paragraphs after it.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
// Indentation is counted in columns, tabs to the next multiple of 4: Python-Markdown expands
// every tab so (`tab_length` 4) before it reads a block, so a body indented by a tab, or by
// spaces and a tab, is at column 4 and inside its block (docs/mkdocs.md#tabs-in-indentation).
use crate::document::admonition::indent_of;
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnindentedBlockBody,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

/// The block a header line opens: its name in messages, or `None` for any other line.
fn block_kind(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    let rest = if let Some(r) = t.strip_prefix("!!!") {
        return r
            .starts_with(' ')
            .then_some("admonition")
            .filter(|_| r.trim().chars().next().is_some_and(char::is_alphanumeric));
    } else if let Some(r) = t.strip_prefix("???+").or_else(|| t.strip_prefix("???")) {
        return r
            .starts_with(' ')
            .then_some("collapsible admonition")
            .filter(|_| r.trim().chars().next().is_some_and(char::is_alphanumeric));
    } else {
        t.strip_prefix("===+")
            .or_else(|| t.strip_prefix("===!"))
            .or_else(|| t.strip_prefix("==="))?
    };
    rest.trim_start()
        .starts_with('"')
        .then_some("content tab")
}

/// Whether [`block_kind`] may find a block on `line`: not when it starts with an ASCII
/// character that is neither whitespace nor the first of `!!!`, `???` or `===` (most lines),
/// which this tells from one byte.
fn may_open_block(line: &str) -> bool {
    line.as_bytes().first().is_none_or(|&b| {
        !b.is_ascii() || b.is_ascii_whitespace() || matches!(b, b'!' | b'?' | b'=')
    })
}

/// Each line of `text` with its start, without its line break (`\n`, and any `\r` before
/// it): the lines of `text.split_inclusive('\n')`, split by a vectorised search.
/// A block header indented by columns Python-Markdown does not nest by (`  !!! note` under a
/// `-` list item, `   ??? tip` under `1.`): every block it nests, list item, admonition or tab,
/// is indented by four, and a header is read only at the start of its block, so MkDocs shows
/// the line as text and the body under it as code. The fix moves the header and the lines
/// indented past it to the next multiple of four.
fn misaligned(
    sink: &mut Sink<'_>,
    text: &str,
    (start, line, next_start): (usize, &str, usize),
    kind: &str,
    base: usize,
) {
    let want = base.next_multiple_of(4);
    let mut edits = vec![shift(start, line, want - base)];
    for (s, l) in lines_from(text, next_start) {
        if l.trim().is_empty() {
            continue;
        }
        if indent_of(l) <= base {
            break;
        }
        edits.push(shift(s, l, want - base));
    }
    let lead = lead_len(line);
    let marker = line.trim_start().split(' ').next().unwrap_or("");
    let f = sink
        .finding(
            Rule::UnindentedBlockBody,
            start + lead..start + line.len(),
            format!("the {kind} is indented {base} spaces, where MkDocs reads no `{marker}`"),
        )
        .with_label("MkDocs shows this line as text, and the body under it as code")
        .with_help(format!(
            "indent the `{marker}` line and its body by {want} spaces: Python-Markdown nests \
             list items, admonitions and tabs by four spaces, and reads a block's header only \
             at the start of its block"
        ))
        .with_fix(Applicability::Unsafe, format!("indent it by {want} spaces"), edits);
    sink.push(f);
}

#[cfg(test)]
fn lines_of(text: &str) -> Vec<(usize, &str)> {
    lines_from(text, 0).collect()
}

/// The lines of `text` from `at` (a line's start), as [`lines_of`] gives them, one at a time:
/// a body is read only as far as it goes.
fn lines_from(text: &str, at: usize) -> impl Iterator<Item = (usize, &str)> + Clone {
    let mut at = at;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None; // no text after the last line break
        }
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1);
        let line = (at, text[at..end].trim_end_matches(['\n', '\r']));
        at = end;
        Some(line)
    })
}

/// The lines that may open a block, with their starts and where the next line starts: those
/// whose first character that is not whitespace starts `!!!`, `???` or `===`, found from a
/// vectorised search for the three bytes (a page has far fewer of them than lines). A line is
/// looked at from its first such byte only, so each is read once.
fn header_lines(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let b = text.as_bytes();
    let mut line_end = 0;
    memchr::memchr3_iter(b'!', b'?', b'=', b).filter_map(move |p| {
        if p < line_end {
            return None; // a later byte of a line already looked at
        }
        let start = memchr::memrchr(b'\n', &b[..p]).map_or(0, |i| i + 1);
        line_end = memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |i| p + i + 1);
        let triple = b.get(p + 1) == Some(&b[p]) && b.get(p + 2) == Some(&b[p]);
        (triple && text[start..p].chars().all(char::is_whitespace))
            .then(|| (start, text[start..line_end].trim_end_matches(['\n', '\r']), line_end))
    })
}

/// The bytes of `line`'s leading spaces and tabs.
fn lead_len(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The edit that moves a line of the body `by` columns right: spaces inserted at its start, or,
/// when its indentation holds a tab, that indentation written again as spaces: a space put
/// before a tab moves the text only to the tab's next stop, if at all.
fn shift(at: usize, line: &str, by: usize) -> Edit {
    let lead = lead_len(line);
    if line[..lead].contains('\t') {
        Edit::replace(at..at + lead, " ".repeat(indent_of(line) + by))
    } else {
        Edit::insert(at, " ".repeat(by))
    }
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let text = doc.text.as_str();
    let body_start = doc.body_start();
    for (start, line, next_start) in header_lines(text) {
        if start < body_start || !may_open_block(line) {
            continue;
        }
        // The header test first: it reads the line's first bytes, the code look-up is made for
        // header lines only.
        let Some(kind) = block_kind(line) else {
            continue;
        };
        if line.contains('\t') || doc.in_code(start + indent_of(line)) {
            continue;
        }
        let base = indent_of(line);
        if !base.is_multiple_of(4) {
            misaligned(sink, text, (start, line, next_start), kind, base);
            continue;
        }
        let want = base + 4;
        let after = lines_from(text, next_start);
        let Some(next) = after.clone().next() else {
            continue;
        };
        let blank_between = next.1.trim().is_empty();
        // The first line of what should be the body.
        let Some((first_start, first)) = after.clone().find(|(_, l)| !l.trim().is_empty()) else {
            continue;
        };
        let ind = indent_of(first);
        if ind >= want || block_kind(first).is_some() || first.trim_start().starts_with('#') {
            continue;
        }
        // Right under the header, any text is meant as the body; after a blank line only text
        // indented past the header is (a paragraph at the header's own indent is the page's).
        if blank_between && ind <= base {
            continue;
        }
        // The lines to indent: when the body is indented past the marker, every following line
        // that is (blank lines included); else the lines up to the next blank line.
        let past = ind > base;
        let mut body = Vec::new();
        for (s, l) in lines_from(text, first_start) {
            if l.trim().is_empty() {
                if past {
                    continue;
                }
                break;
            }
            let li = indent_of(l);
            if past && li <= base {
                break;
            }
            body.push((s, l, li));
        }
        // Every line moves by the same amount, so that what the body indents inside it (a
        // nested list, YAML in a code block) keeps its shape; the least indented line ends at
        // the body's indent.
        let least = body.iter().map(|&(_, _, li)| li).min().unwrap_or(ind);
        let edits = body
            .iter()
            .map(|&(s, l, _)| shift(s, l, want.saturating_sub(least)))
            .collect();
        let lead = lead_len(first);
        let unit = if first[..lead].contains('\t') {
            "columns"
        } else {
            "spaces"
        };
        let label = if ind == base {
            format!("MkDocs shows an empty {kind}, and this text after it")
        } else {
            format!(
                "indented {ind} {unit}: MkDocs shows an empty {kind}, and this text after it"
            )
        };
        let f = sink
            .finding(
                Rule::UnindentedBlockBody,
                first_start + lead..first_start + first.len(),
                format!("the {kind}'s body is not indented by {want} spaces"),
            )
            .with_label(label)
            .with_help(format!(
                "indent the body by four spaces more than the `{}` line",
                line.trim_start().split(' ').next().unwrap_or("")
            ))
            .with_fix(Applicability::Unsafe, "indent the body", edits);
        sink.push(f);
    }
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The lines are `split_inclusive`'s, and a line [`may_open_block`] turns away is one
        /// [`block_kind`] finds nothing on.
        #[test]
        fn lines_and_quick_test_agree(
            text in "([ \t\r\n]|!!! |\\?\\?\\?\\+ |=== \"|a|é|\u{a0})*",
        ) {
            let mut want = Vec::new();
            let mut at = 0;
            for l in text.split_inclusive('\n') {
                want.push((at, l.trim_end_matches(['\n', '\r'])));
                at += l.len();
            }
            let lines = lines_of(&text);
            prop_assert_eq!(&lines, &want);
            for &(_, line) in &lines {
                prop_assert!(may_open_block(line) || block_kind(line).is_none(), "{:?}", line);
            }
            // Every line a block may open on is among the header lines, which are lines.
            let headers: Vec<(usize, &str)> =
                header_lines(&text).map(|(s, l, _)| (s, l)).collect();
            for &(s, l) in &lines {
                if block_kind(l).is_some() {
                    prop_assert!(headers.contains(&(s, l)), "{:?}", l);
                }
            }
            for h in &headers {
                prop_assert!(lines.contains(h), "{:?}", h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, ConfigFile};
    use crate::document::Document;
    use crate::finding::Finding;
    use crate::rules::RuleSet;

    /// The rule's findings on `text`, read as a MkDocs page.
    fn findings(text: &str) -> Vec<Finding> {
        let doc = Document::parse("p.md".into(), text.to_string(), Some(Dialect::Mkdocs));
        let config = Config::from_parts(
            ConfigFile::default(),
            None,
            env!("CARGO_MANIFEST_DIR").into(),
        )
        .expect("default config");
        let rules = RuleSet::default();
        let ctx = FileContext::new(&doc, &config, None, None, &rules);
        let mut sink = Sink::for_page(&rules, &doc);
        check(&ctx, &mut sink);
        sink.into_findings()
    }

    /// `text` after the finding's fix.
    fn fixed(text: &str, f: &Finding) -> String {
        let mut out = text.to_string();
        let fix = f.fix.as_ref().expect("a fix");
        let mut edits = fix.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for e in edits {
            out.replace_range(e.range.clone(), &e.content);
        }
        out
    }

    #[test]
    fn a_body_indented_by_a_tab_is_inside_its_block() {
        // Python-Markdown expands the tab to column 4: the admonition, the collapsible block
        // and the tab each hold the paragraph.
        for text in [
            "!!! danger \"Careful\"\n\tBody indented with a tab.\n",
            "??? note\n\tBody indented with a tab.\n",
            "???+ note\n\n\tBody after a blank line.\n",
            "=== \"A\"\n\tBody indented with a tab.\n\n=== \"B\"\n\n\tSecond tab.\n",
            // Spaces, then a tab that reaches column 4.
            "!!! note\n  \tBody at column four.\n",
            "!!! note\n \tBody at column four.\n",
        ] {
            assert!(findings(text).is_empty(), "{text:?}: {:?}", findings(text));
        }
    }

    #[test]
    fn four_spaces_and_a_tab_reach_column_eight() {
        // 8 columns: an indented code block inside the body (GL322's to judge), not a body
        // left outside.
        for text in [
            "!!! note\n    \tYour posts stay on the **old** server.\n",
            "!!! note\n\t\tYour posts stay on the **old** server.\n",
        ] {
            assert!(findings(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_tab_short_of_the_body_column_is_reported_and_fixed_in_columns() {
        // In a list item the admonition's body starts at column 8: a tab and two spaces reach 6,
        // and MkDocs shows the text after an empty admonition.
        let text = "- item\n\n    !!! note\n\t  Body.\n\t  More.\n";
        let found = findings(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].range.clone()], "Body.");
        assert_eq!(
            found[0].label.as_deref(),
            Some("indented 6 columns: MkDocs shows an empty admonition, and this text after it")
        );
        // Two spaces put before the tab would leave the text at column 6: the indentation is
        // written again as eight spaces.
        let after = fixed(text, &found[0]);
        assert_eq!(after, "- item\n\n    !!! note\n        Body.\n        More.\n");
        assert!(findings(&after).is_empty());
        // Without a tab the spaces are inserted, as before.
        let text = "!!! note\nBody.\n";
        let found = findings(text);
        assert_eq!(found.len(), 1);
        assert_eq!(fixed(text, &found[0]), "!!! note\n    Body.\n");
    }
}
