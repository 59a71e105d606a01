//! GL309 unbalanced-parentheses: a `)` that closes nothing or a `(` never closed, in a block's
//! prose (code, link targets and HTML excluded).

use super::support::positions::{Four, NextMatch};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink, SortedRanges};
use crate::document::{BlockKind, Document};
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
        if b.kind == BlockKind::Heading && b.pieces.is_empty() {
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
