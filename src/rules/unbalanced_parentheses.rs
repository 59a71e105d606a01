//! GL309 unbalanced-parentheses: a `)` that closes nothing or a `(` never closed, in a block's
//! prose (code, link targets and HTML excluded).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::support::positions::{Four, NextMatch};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink, SortedRanges};
use crate::document::{BlockKind, Dialect, Document};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnbalancedParentheses,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let autolinks = SortedRanges::new(super::stray_emphasis_marker::autolink_ranges(doc));
    let destinations = destination_ranges(doc);
    // Math blocks arithmatex reads (`\[ ... \]`, `\begin{env} ... \end{env}`) hold TeX, whose
    // `\left(` pairs with `\right.`: comrak, which knows `$` and `$$` math only, sees a paragraph.
    let math = SortedRanges::new(if arithmatex(ctx) {
        arithmatex_blocks(doc)
    } else {
        Vec::new()
    });
    let mut math = math.cursor();
    // The pieces and their brackets are read in page order: the ranges are looked up by
    // cursors.
    let (mut autolinks, mut destinations) = (autolinks.cursor(), destinations.cursor());
    // Only brackets count: the page is searched for them from piece to piece, so that a
    // piece before the next bracket (most of them) costs a comparison, a run of brackets
    // outside the pieces (a code block) one search, and the range look-ups are made for
    // brackets only. They are ASCII, so their bytes are whole characters.
    let bracket = Four::new(b'(', b')', b'[', b']');
    let mut brackets = NextMatch::new(doc.text.as_bytes(), |h: &[u8]| bracket.find(h));
    // The pieces are asked in page order: code is looked up by a cursor.
    let mut code = doc.code_cursor();
    // Open parentheses, with whether each was backslash-escaped, and stray `)`: one pair of
    // lists for the page, emptied for each block (most blocks have no bracket).
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut stray: Vec<usize> = Vec::new();
    // Smileys (`:)`), set aside: each closes a `(` only if one is left open before it at the end
    // of its block (`(nice :)`), so that `(nice :) )` and `("bye :)")` are balanced.
    let mut smileys: Vec<usize> = Vec::new();
    for b in &doc.blocks {
        if (b.kind == BlockKind::Heading && b.pieces.is_empty()) || math.contains(b.range.start) {
            continue;
        }
        // Escaped parentheses are literal text like any other in CommonMark, so they pair as
        // usual; one that pairs with nothing is not reported, since the author wrote it as a
        // literal on purpose (`1\)`).
        open.clear();
        stray.clear();
        smileys.clear();
        // Enumerators (`a)`) in the block, and those followed by punctuation (`a),`): one of
        // those is an enumerator only in a series ("items a), b) and c)"); alone ("set it to
        // 30), then") it is a stray.
        let mut enumerators = 0usize;
        let mut punctuated: Vec<usize> = Vec::new();
        // Unclosed `[` (literal square brackets in the prose): `[0, 0x800)` is a half-open
        // interval, not a stray `)`; so is `(0, 100]`, whose `(` the `]` closes.
        let mut squares = 0usize;
        for piece in &b.pieces {
            let Some(first) = brackets.first_in(piece.clone()) else {
                continue;
            };
            if doc.text.get(piece.clone()).is_none()
                || code.in_code(piece.start)
                || autolinks.contains(piece.start)
            {
                continue;
            }
            let mut next = Some(first);
            while let Some(at) = next {
                next = brackets.first_in(at + 1..piece.end);
                let c = char::from(doc.text.as_bytes()[at]);
                if destinations.contains(at) || quoted_character(&doc.text, at) {
                    continue;
                }
                let literal = escaped(&doc.text, at);
                match c {
                    // `](`: a link's destination (its source position is not always mapped
                    // exactly when it starts on the next line), or a Wiki.js sized image
                    // `![a](/x.png =50%x)`: syntax that pairs with its `)` and is never reported.
                    '(' if doc.text[..at].ends_with(']') => open.push((at, true)),
                    '(' if !emoticon_open(doc, at) => open.push((at, literal)),
                    '[' => squares += 1,
                    ']' if squares > 0 => squares -= 1,
                    ']' if open
                        .last()
                        .is_some_and(|&(o, _)| interval(&doc.text[o + 1..at])) =>
                    {
                        open.pop();
                    }
                    ')' if open.is_empty() && squares > 0 => squares -= 1,
                    ')' if emoticon_close(doc, at) => smileys.push(at),
                    ')' => {
                        let closes = open.pop().is_some();
                        if !closes && !literal {
                            match enumerator(doc, at) {
                                Some(Enumerator::Spaced) => enumerators += 1,
                                Some(Enumerator::Punctuated) => {
                                    enumerators += 1;
                                    punctuated.push(at);
                                }
                                None => stray.push(at),
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        // Most blocks hold no bracket left over: nothing to report, nothing to build.
        if stray.is_empty() && punctuated.is_empty() && open.is_empty() {
            continue;
        }
        if enumerators < 2 {
            stray.extend(&punctuated);
            stray.sort_unstable();
        }
        pair_smileys(&mut open, &smileys);
        // A run of them side by side (`)))`) is one finding: one mistake, however long.
        let unclosed = open.iter().filter(|&&(_, literal)| !literal).map(|&(at, _)| at);
        for (positions, [one, many, help_one, help_many]) in [
            (side_by_side(stray.iter().copied()), STRAY),
            (side_by_side(unclosed), UNCLOSED),
        ] {
            for run in positions {
                let (message, help): (std::borrow::Cow<'static, str>, _) = match run.len() {
                    1 => (one.into(), help_one),
                    n => (format!("{n} {many}").into(), help_many),
                };
                let f = sink
                    .finding(Rule::UnbalancedParentheses, run, message)
                    .with_help(help);
                sink.push(f);
            }
        }
    }
}

/// What a stray `)` and an unclosed `(` are told: alone, in a run (after its count), and their
/// help alone and in a run.
const STRAY: [&str; 4] = [
    "`)` closes no parenthesis",
    "`)` close no parenthesis",
    "remove it, or add the missing `(`",
    "remove them, or add the missing `(`",
];
const UNCLOSED: [&str; 4] = [
    "`(` is never closed",
    "`(` are never closed",
    "add the missing `)`, or remove this one",
    "add the missing `)`, or remove these",
];

/// Closes with each smiley (from the last) the last `(` still open before it and not closed by
/// a later smiley. Both lists are in page order; one pass over each.
fn pair_smileys(open: &mut Vec<(usize, bool)>, smileys: &[usize]) {
    if smileys.is_empty() || open.is_empty() {
        return;
    }
    let mut closed = vec![false; open.len()];
    // The opens that may still pair are `open[..j]`.
    let mut j = open.len();
    for &s in smileys.iter().rev() {
        while j > 0 && open[j - 1].0 > s {
            j -= 1;
        }
        if j == 0 {
            break;
        }
        closed[j - 1] = true;
        j -= 1;
    }
    let mut i = 0;
    open.retain(|_| {
        i += 1;
        !closed[i - 1]
    });
}

/// Sorted byte positions grouped into runs of neighbours: `[3, 4, 5, 9]` gives `3..6`, `9..10`.
fn side_by_side(positions: impl Iterator<Item = usize>) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for at in positions {
        match runs.last_mut() {
            Some(last) if last.end == at => last.end = at + 1,
            _ => runs.push(at..at + 1),
        }
    }
    runs
}

/// From the `](` of each link and image to its end, sorted: the destination's parentheses are
/// syntax, even when the destination starts on the next line (`[x](` + newline + `url)`).
fn destination_ranges(doc: &Document) -> SortedRanges {
    let mut ranges: Vec<_> = doc
        .links
        .iter()
        .filter(|l| l.kind != crate::document::LinkKind::Autolink)
        .filter_map(|l| {
            let whole = doc.text.get(l.range.clone())?;
            // The last `](`: the last `]` followed by `(`, by a reverse byte search (a reverse
            // substring search costs more to set up than the destination is long).
            let bytes = whole.as_bytes();
            let close = memchr::memrchr_iter(b']', bytes).find(|&i| bytes.get(i + 1) == Some(&b'('))?;
            let open = l.range.start + close + 1;
            Some(open..l.range.end)
        })
        .collect();
    ranges.sort_by_key(|r| r.start);
    SortedRanges::new(ranges)
}

/// Whether pymdownx.arithmatex reads the page's math: a MkDocs page whose project enables it, or
/// lists no extensions (every syntax then counts as enabled, as for [`crate::Config::enables`]).
fn arithmatex(ctx: &FileContext<'_>) -> bool {
    ctx.doc.dialect == Dialect::Mkdocs
        && ctx.config.mkdocs.as_ref().is_none_or(|p| {
            !p.extensions_listed || p.has_extension("pymdownx.arithmatex")
        })
}

/// A block arithmatex takes whole as math, after `\[` and `\begin{env}` (`$$` is comrak's):
/// its `(?s)^(?:...)[ ]*$` block pattern of pymdown-extensions 13.1 (`arithmatex.py`), with
/// the `\end{env}` that must repeat the `\begin` compared in [`math_block`] (this regex has no
/// backreference). Trailing tabs count as spaces: Python-Markdown has expanded them
/// (docs/mkdocs.md#math-pymdownxarithmatex).
static MATH_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)\A(?:\\\[(?:\\[^\]]|[^\\])+?\\\]|\\begin\{([a-z]+\*?)\}(?:\\.|[^\\])+?\\end\{([a-z]+\*?)\})[ \t]*\z",
    )
    .expect("valid regex")
});

/// Whether `chunk` (a block as Python-Markdown splits the page: lines up to a blank one) is one
/// arithmatex reads as block math written with `\[ ... \]` or `\begin{env} ... \end{env}`.
fn math_block(chunk: &str) -> bool {
    MATH_BLOCK
        .captures(chunk)
        .is_some_and(|c| c.get(1).map(|m| m.as_str()) == c.get(2).map(|m| m.as_str()))
}

/// The math blocks of a page that arithmatex reads: from a paragraph that starts with `\[` or
/// `\begin{` to the next blank line, when that whole stretch is one math block. At the top
/// level the paragraph must start its line (` \[` is text to Python-Markdown); in a container
/// (an admonition, a list, a quote) only its indentation and `>` may come before it. A
/// paragraph inside the stretch of an earlier one is not looked at again, so each stretch is
/// read once however many paragraphs comrak makes of it.
fn arithmatex_blocks(doc: &Document) -> Vec<Range<usize>> {
    let text = doc.text.as_str();
    let bytes = text.as_bytes();
    // A vectorised search: most pages hold neither opener.
    if crate::util::find_bytes!(bytes, b"\\[").is_none()
        && crate::util::find_bytes!(bytes, b"\\begin{").is_none()
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Where the last stretch looked at ends.
    let mut read_to = 0;
    for b in &doc.blocks {
        let start = b.range.start;
        let Some(rest) = text.get(start..) else {
            continue;
        };
        if start < read_to
            || b.kind != BlockKind::Paragraph
            || !(rest.starts_with("\\[") || rest.starts_with("\\begin{"))
        {
            continue;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &text[line_start..start];
        let starts_line = if b.containers.is_empty() {
            prefix.is_empty()
        } else {
            prefix.bytes().all(|c| matches!(c, b' ' | b'\t' | b'>'))
        };
        if !starts_line {
            continue;
        }
        // The chunk ends before the first blank line (in a quote, one of `>` alone).
        let mut end = text.len();
        let mut at = start;
        while at < text.len() {
            let next = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i + 1);
            if at > start && text[at..next].trim_matches([' ', '\t', '\r', '\n', '>']).is_empty() {
                end = at;
                break;
            }
            at = next;
        }
        read_to = end;
        let chunk = text[start..end].trim_end_matches(['\r', '\n']);
        if math_block(chunk) {
            out.push(start..start + chunk.len());
        }
    }
    out
}

/// Whether the character at `at` is backslash-escaped in the source (an odd number of
/// backslashes before it). The piece may start after the backslash, so the source is read.
fn escaped(text: &str, at: usize) -> bool {
    text.as_bytes()[..at]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count()
        % 2
        == 1
}

/// Whether the text between a `(` and a `]` is the inside of a half-open interval: two bounds
/// on one line, split by a comma (`0, 100`, `a, b`, `-inf, 0`).
fn interval(inside: &str) -> bool {
    inside.len() <= 40
        && inside.matches(',').count() == 1
        && !inside.contains(['(', ')', '[', ']', '\n'])
        && inside.split(',').all(|b| !b.trim().is_empty())
}

/// Whether the bracket at `at` is one of the characters named between quotes, alone or with
/// other symbols (`'('`, `"]"`, `‘)’`, `„(“`, `«(»`, `"+-;():=,[]"`): the text speaks of the
/// characters, and the bracket opens or closes nothing. Only symbols stand between it and the
/// quotes, and no letter or digit touches the quotes from outside (`"foo")` closes a `(`).
fn quoted_character(text: &str, at: usize) -> bool {
    const QUOTES: [(char, char); 7] = [
        ('\'', '\''),
        ('"', '"'),
        ('‘', '’'),
        ('“', '”'),
        ('„', '“'),
        ('«', '»'),
        ('‹', '›'),
    ];
    // How far from the bracket its quotes may be (`"+-;():=,[]"`: ten characters); a page of
    // a million brackets looks this far around each.
    const WINDOW: usize = 12;
    let symbol = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
    let before = &text[..at];
    let mut open = None;
    for (i, c) in before.char_indices().rev().take(WINDOW) {
        if QUOTES.iter().any(|q| q.0 == c) {
            open = Some((i, c));
            break;
        }
        if !symbol(c) {
            return false;
        }
    }
    let Some((open_at, open)) = open else {
        return false;
    };
    if before[..open_at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    let after = text.get(at + 1..).unwrap_or("");
    for (i, c) in after.char_indices().take(WINDOW) {
        if QUOTES.iter().any(|q| q.0 == open && q.1 == c) {
            return !after[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        }
        if !symbol(c) {
            return false;
        }
    }
    false
}

fn prev_char(doc: &Document, at: usize) -> Option<char> {
    doc.text[..at].chars().next_back()
}

/// `:)`, `;)`, `:-)`, `=)`, `^^)`, and the `)` of `:))`: a smiley. Not `8)`: in `(Node 8)` the
/// `)` closes the `(`; nor a drive letter's `C:)`, in `(C:)`.
fn emoticon_close(doc: &Document, at: usize) -> bool {
    // The `)` before it, at most eight (a run of a million `)` is looked at once for each).
    let mut before = &doc.text[..at];
    for _ in 0..8 {
        match before.strip_suffix(')') {
            Some(b) => before = b,
            None => break,
        }
    }
    [":", ";", ":-", ";-", "=", ":'", "^^", "^_^"]
        .iter()
        .any(|e| before.ends_with(e) && !lone_letter_before(&before[..before.len() - e.len()]))
}

/// Whether `text` ends in a word of one letter (`C` of `C:`).
fn lone_letter_before(text: &str) -> bool {
    let mut back = text.chars().rev();
    back.next().is_some_and(char::is_alphabetic) && !back.next().is_some_and(char::is_alphanumeric)
}

/// `:(`, `;(`, `:-(`, `):`, followed by a space, the end or punctuation. Not when anything
/// else follows (`chore:(actions)`, `fix:(#12)`, ``fix:(`parser`)``).
fn emoticon_open(doc: &Document, at: usize) -> bool {
    let before = &doc.text[..at];
    let frown_ends = doc.text[at + 1..]
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | '!' | '?' | ';' | ')'));
    frown_ends && [":", ";", ":-", ":'"].iter().any(|e| before.ends_with(e))
}

/// How a `)` reads as an enumerator's.
enum Enumerator {
    /// Followed by a space or the end of the text (`1) Step`).
    Spaced,
    /// Followed by `,` `;` `:` or `.` (`a), b)`): an enumerator in a series only.
    Punctuated,
}

/// `1)`, `a)`, `iv)` as an enumerator: at the start of a line (after quote markers) or after
/// a space, and followed by a space, the end of the text, or a `,` `;` `:` `.` (options named
/// in a sentence: "items a), b) and c) apply").
fn enumerator(doc: &Document, at: usize) -> Option<Enumerator> {
    let before = &doc.text[..at];
    let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &before[word_start..];
    if word.is_empty() || word.chars().count() > 3 {
        return None;
    }
    let is_enum = word.chars().all(|c| c.is_ascii_digit())
        || (word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()))
        || word.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    let pre = prev_char(doc, word_start);
    let before_ok = pre.is_none_or(|c| c.is_whitespace() || c == '>');
    if !(is_enum && before_ok) {
        return None;
    }
    match doc.text[at + 1..].chars().next() {
        None => Some(Enumerator::Spaced),
        Some(c) if c.is_whitespace() => Some(Enumerator::Spaced),
        Some(',' | ';' | ':' | '.') => Some(Enumerator::Punctuated),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::side_by_side;
    use std::path::Path;

    use crate::config::{Config, ConfigFile};
    use crate::document::{Dialect, Document};
    use crate::mkdocs::Project;
    use crate::rules::{FileContext, RuleSet, Sink};

    /// What GL309 reports on `text`, read as `dialect`, in a project whose `mkdocs.yml` is
    /// `mkdocs` (none when `None`).
    fn reported<'t>(text: &'t str, dialect: Dialect, mkdocs: Option<&str>) -> Vec<&'t str> {
        let doc = Document::parse("p.md".into(), text.to_string(), Some(dialect));
        let mut config = Config::from_parts(
            ConfigFile::default(),
            None,
            env!("CARGO_MANIFEST_DIR").into(),
        )
        .expect("default config");
        config.mkdocs =
            mkdocs.map(|y| Project::parse(y, Path::new("mkdocs.yml")).expect("mkdocs.yml"));
        let rules = RuleSet::default();
        let ctx = FileContext::new(&doc, &config, None, None, &rules);
        let mut sink = Sink::for_page(&rules, &doc);
        super::check(&ctx, &mut sink);
        sink.into_findings()
            .iter()
            .map(|f| &text[f.range.clone()])
            .collect()
    }

    const ARITHMATEX: &str =
        "site_name: S\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n";
    const NO_ARITHMATEX: &str = "site_name: S\nmarkdown_extensions:\n  - admonition\n";

    #[test]
    fn arithmatex_block_math_is_not_prose() {
        for text in [
            "Before.\n\n\\[\n  g = \\left( \\frac{a}{b} \\right.\n\\]\n\nAfter.\n",
            "\\begin{align}\n  f(x) &= \\left( x \\right.\n\\end{align}\n",
            "\\begin{equation*}\n  \\left( x \\right.\n\\end{equation*}\n",
            "\\[ g = \\left( x \\right. \\]  \n",
            // In an admonition and in a quote, as Python-Markdown reads them after the
            // container's indentation and `>`.
            "!!! note\n\n    \\[\n      g = \\left( x \\right.\n    \\]\n",
            "> \\[\n> g = \\left( x \\right.\n> \\]\n",
        ] {
            assert_eq!(
                reported(text, Dialect::Mkdocs, Some(ARITHMATEX)),
                Vec::<&str>::new(),
                "{text}"
            );
            // A project that names no extension enables every syntax.
            assert_eq!(
                reported(text, Dialect::Mkdocs, None),
                Vec::<&str>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn math_delimiters_arithmatex_does_not_read_as_a_block_stay_prose() {
        let math = "\\[\n  g = \\left( x \\right.\n\\]\n";
        // Without the extension, and on Wiki.js, `\[` is an escaped bracket in a paragraph.
        assert_eq!(reported(math, Dialect::Mkdocs, Some(NO_ARITHMATEX)), ["("]);
        assert_eq!(reported(math, Dialect::Wikijs, None), ["("]);
        for text in [
            // Not at the start of its block, or not the whole block.
            "Text\n\\[\n  g = \\left( x \\right.\n\\]\n",
            "\\[\n  g = \\left( x \\right.\n\\]\nText after.\n",
            // Indented at the top level: Python-Markdown shows it as text.
            " \\[\n  g = \\left( x \\right.\n\\]\n",
            // An environment that ends with another name, or a capital letter.
            "\\begin{align}\n  \\left( x \\right.\n\\end{equation}\n",
            "\\begin{Align}\n  \\left( x \\right.\n\\end{Align}\n",
        ] {
            assert_eq!(
                reported(text, Dialect::Mkdocs, Some(ARITHMATEX)),
                ["("],
                "{text}"
            );
        }
    }

    #[test]
    fn each_smiley_closes_the_last_parenthesis_left_open_before_it() {
        use super::pair_smileys;
        let mut open = vec![(0, false), (10, false), (20, false)];
        pair_smileys(&mut open, &[15, 25]);
        assert_eq!(open, [(0, false)]);
        let mut open = vec![(30, false)];
        pair_smileys(&mut open, &[5, 6]);
        assert_eq!(open, [(30, false)]);
        let mut open = vec![(0, false), (10, false)];
        pair_smileys(&mut open, &[12, 13, 14]);
        assert!(open.is_empty());
    }

    #[test]
    fn neighbours_make_one_run() {
        assert_eq!(side_by_side([3, 4, 5, 9].into_iter()), [3..6, 9..10]);
        assert_eq!(side_by_side([0, 2, 4].into_iter()), [0..1, 2..3, 4..5]);
        assert!(side_by_side(std::iter::empty()).is_empty());
    }
}
