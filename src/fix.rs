//! The edit engine shared by `check --fix` and `build`.
//!
//! Every modification is a set of byte-range [`Edit`]s on the original text; applying them copies
//! the untouched bytes verbatim and never re-prints the document. A *fix* (a group of edits that
//! only make sense together) is applied whole or not at all. Within a round, fixes are taken in
//! the caller's order; a fix that overlaps an edit already accepted waits for the next round,
//! where it is proposed again from a fresh parse of the new text. Rounds repeat until nothing
//! changes, with a bound ([`MAX_ROUNDS`]) and an error when the text does not settle.
//!
//! Files are written with [`crate::fsutil::write_atomic`]: atomically, keeping permissions,
//! never through a symbolic link; a file whose content would not change is not touched.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::Path;

use crate::finding::Edit;

/// Rounds before [`fix_until_stable`] gives up.
pub const MAX_ROUNDS: usize = 100;

/// Why a fix was not applied in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// It overlaps an edit accepted earlier in the round: try again next round.
    Deferred,
    /// It can never apply: an edit is out of bounds, splits a character, or two of its own edits
    /// overlap. A rule bug, reported rather than applied.
    Invalid(String),
    /// It has no edit, or its edits change nothing.
    Empty,
}

/// The result of one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// The text after the accepted edits.
    pub text: String,
    /// The accepted edits, sorted, in the coordinates of the round's input.
    pub edits: Vec<Edit>,
    /// For each proposed fix, in the order given: `None` when applied, else why not.
    pub outcome: Vec<Option<Skip>>,
}

impl Round {
    pub fn applied(&self) -> usize {
        self.outcome.iter().filter(|o| o.is_none()).count()
    }
    pub fn deferred(&self) -> usize {
        self.outcome
            .iter()
            .filter(|o| matches!(o, Some(Skip::Deferred)))
            .count()
    }
}

fn conflicts(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Checks one fix's edits against the text; returns them sorted by position.
fn validate(text: &str, edits: &[Edit]) -> Result<Vec<Edit>, Skip> {
    if edits.is_empty() {
        return Err(Skip::Empty);
    }
    let mut sorted: Vec<Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    for e in &sorted {
        let r = &e.range;
        if r.start > r.end || r.end > text.len() {
            return Err(Skip::Invalid(format!(
                "edit {}..{} is outside the text (length {})",
                r.start,
                r.end,
                text.len()
            )));
        }
        if !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            return Err(Skip::Invalid(format!(
                "edit {}..{} splits a character",
                r.start, r.end
            )));
        }
    }
    for w in sorted.windows(2) {
        if conflicts(&w[0].range, &w[1].range) {
            return Err(Skip::Invalid(format!(
                "edits {}..{} and {}..{} of one fix overlap",
                w[0].range.start, w[0].range.end, w[1].range.start, w[1].range.end
            )));
        }
    }
    if sorted
        .iter()
        .all(|e| text.get(e.range.clone()) == Some(e.content.as_str()))
    {
        return Err(Skip::Empty);
    }
    Ok(sorted)
}

/// Applies the fixes (each a group of edits on `text`) that do not overlap one accepted before
/// them, in the order given.
pub fn apply_round<'f, I>(text: &str, fixes: I) -> Round
where
    I: IntoIterator<Item = &'f [Edit]>,
{
    // Accepted edits by start (no two accepted edits start at one offset: they would
    // conflict), for the overlap search. A map rather than a sorted vector: fixes do not come
    // in the order of the text (a build's conversions, then the rules' fixes), and inserting
    // each into a vector moved every later edit (5,000 edits of a 2 MiB page: half a billion
    // bytes moved per round).
    let mut accepted: BTreeMap<usize, Edit> = BTreeMap::new();
    let mut outcome = Vec::new();
    for fix in fixes {
        let edits = match validate(text, fix) {
            Ok(e) => e,
            Err(skip) => {
                outcome.push(Some(skip));
                continue;
            }
        };
        let clash = edits.iter().any(|e| {
            // Only accepted edits starting at or before `e.range.end` can overlap it. Accepted
            // edits do not conflict with one another, so sorted by start they are sorted by end
            // as well: going back from there, the first one ending before `e` starts ends the
            // search (a round of 30,000 fixes costs 30,000 short searches, not 450 million
            // comparisons).
            accepted
                .range(..=e.range.end)
                .rev()
                .take_while(|(_, a)| a.range.end >= e.range.start)
                .any(|(_, a)| conflicts(&a.range, &e.range))
        });
        if clash {
            outcome.push(Some(Skip::Deferred));
            continue;
        }
        for e in edits {
            accepted.insert(e.range.start, e);
        }
        outcome.push(None);
    }
    let accepted: Vec<Edit> = accepted.into_values().collect();
    let text = splice(text, &accepted);
    Round {
        text,
        edits: accepted,
        outcome,
    }
}

/// `text` with sorted, non-overlapping, valid `edits` applied; untouched bytes copied verbatim.
fn splice(text: &str, edits: &[Edit]) -> String {
    let grow: usize = edits.iter().map(|e| e.content.len()).sum();
    let mut out = String::with_capacity(text.len() + grow);
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.content);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// A fix proposed in a round: a label (for counting, e.g. the rule) and its edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal<L> {
    pub label: L,
    pub edits: Vec<Edit>,
}

/// What [`fix_until_stable`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome<L: Ord> {
    pub text: String,
    /// Rounds that changed the text.
    pub rounds: usize,
    /// Fixes applied, per label.
    pub applied: BTreeMap<L, usize>,
    /// Fixes that could never apply (rule bugs), with the reason.
    pub invalid: Vec<(L, String)>,
}

impl<L: Ord> Outcome<L> {
    pub fn changed(&self) -> bool {
        self.rounds > 0
    }
    pub fn total_applied(&self) -> usize {
        self.applied.values().sum()
    }
}

/// The text did not settle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotConverged<L> {
    pub rounds: usize,
    /// Whether a text repeated (the fixes undo each other) rather than the bound being hit.
    pub cycle: bool,
    /// The fixes of the last round.
    pub last: Vec<L>,
}

impl<L: std::fmt::Display> std::fmt::Display for NotConverged<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut labels: Vec<String> = self.last.iter().map(|l| l.to_string()).collect();
        labels.sort();
        labels.dedup();
        if self.cycle {
            write!(f, "fixes undo each other after {} rounds", self.rounds)?;
        } else {
            write!(f, "fixes did not settle after {} rounds", self.rounds)?;
        }
        if !labels.is_empty() {
            write!(f, " (last applied: {})", labels.join(", "))?;
        }
        Ok(())
    }
}

fn hash_of(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Repeats rounds until no proposal applies. `propose` is called with the current text (parse it
/// afresh) and returns the fixes in the order they should be tried.
pub fn fix_until_stable<L, F>(
    text: &str,
    max_rounds: usize,
    propose: F,
) -> Result<Outcome<L>, NotConverged<L>>
where
    L: Ord + Clone,
    F: FnMut(&str) -> Vec<Proposal<L>>,
{
    fix_until_stable_with(text, max_rounds, propose, |t| t)
}

/// [`fix_until_stable`], with `rewrite` applied to the text each changing round makes, before
/// the next round reads it (and before it is compared with the texts seen). `build` gives the
/// page its built header there, so that the parse of the last round is the built page's.
pub fn fix_until_stable_with<L, F, R>(
    text: &str,
    max_rounds: usize,
    mut propose: F,
    mut rewrite: R,
) -> Result<Outcome<L>, NotConverged<L>>
where
    L: Ord + Clone,
    F: FnMut(&str) -> Vec<Proposal<L>>,
    R: FnMut(String) -> String,
{
    let mut current = text.to_string();
    let mut seen = HashSet::from([hash_of(&current)]);
    let mut outcome = Outcome {
        text: String::new(),
        rounds: 0,
        applied: BTreeMap::new(),
        invalid: Vec::new(),
    };
    loop {
        let proposals = propose(&current);
        let round = apply_round(&current, proposals.iter().map(|p| p.edits.as_slice()));
        let mut labels = Vec::new();
        for (p, o) in proposals.iter().zip(&round.outcome) {
            match o {
                None => {
                    *outcome.applied.entry(p.label.clone()).or_insert(0) += 1;
                    labels.push(p.label.clone());
                }
                Some(Skip::Invalid(why)) => {
                    if !outcome
                        .invalid
                        .iter()
                        .any(|(l, w)| l == &p.label && w == why)
                    {
                        outcome.invalid.push((p.label.clone(), why.clone()));
                    }
                }
                Some(_) => {}
            }
        }
        if labels.is_empty() || round.text == current {
            outcome.text = current;
            return Ok(outcome);
        }
        outcome.rounds += 1;
        let next = rewrite(round.text);
        if !seen.insert(hash_of(&next)) {
            return Err(NotConverged {
                rounds: outcome.rounds,
                cycle: true,
                last: labels,
            });
        }
        if outcome.rounds >= max_rounds {
            return Err(NotConverged {
                rounds: outcome.rounds,
                cycle: false,
                last: labels,
            });
        }
        current = next;
    }
}

/// A unified diff of `old` to `new`, with git's `a/` and `b/` headers, that `git apply` and
/// `patch -p1` apply, and that is safe to print to a terminal or a CI log (docs/usage.md,
/// "Fixing"):
/// - every diff line starts with ` `, `+`, `-`, `@` or `\`, so none can start a workflow
///   command, except a context line whose text starts with `::` after blanks: such a line is
///   written as a removed line and the same line added, which patches read the same way;
/// - a file name with control characters, `"` or `\` is quoted as git quotes it;
/// - control characters in a line (other than tab, and the line's own `\n` or `\r\n`) are
///   shown escaped (`\x1b`, `\r` for a lone carriage return), and `##[` as `##\[`, as in every
///   other output; only such a line no longer applies as it is.
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    use std::fmt::Write as _;
    if old == new {
        return String::new();
    }
    let name = crate::util::slash_path(path);
    let name = name.trim_start_matches("./");
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = String::new();
    let _ = writeln!(out, "--- {}", git_quoted("a/", name));
    let _ = writeln!(out, "+++ {}", git_quoted("b/", name));
    for group in diff.grouped_ops(3) {
        let _ = writeln!(out, "{}", similar::udiff::UnifiedHunkHeader::new(&group));
        for op in &group {
            for change in diff.iter_changes(op) {
                let line = change.value();
                let sign = match change.tag() {
                    similar::ChangeTag::Equal
                        if crate::logsafe::starts_command(line.trim_end_matches(['\n', '\r'])) =>
                    {
                        // ` ::x` would be a workflow command: the same line removed and added.
                        diff_line(&mut out, '-', line, change.missing_newline());
                        '+'
                    }
                    similar::ChangeTag::Equal => ' ',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                };
                diff_line(&mut out, sign, line, change.missing_newline());
            }
        }
    }
    out
}

/// One line of a diff: the sign, the line's text with its control characters escaped, and its
/// own line ending (`\n` or `\r\n`; a lone `\r` is shown as `\r` and ends the printed line).
fn diff_line(out: &mut String, sign: char, line: &str, missing_newline: bool) {
    out.push(sign);
    let (text, ending) = if let Some(t) = line.strip_suffix("\r\n") {
        (t, "\r\n")
    } else if let Some(t) = line.strip_suffix('\n') {
        (t, "\n")
    } else if let Some(t) = line.strip_suffix('\r') {
        (t, "\\r\n")
    } else {
        (line, "\n")
    };
    out.push_str(&crate::logsafe::diff_text(text));
    out.push_str(ending);
    if missing_newline {
        out.push_str("\\ No newline at end of file\n");
    }
}

/// `prefix` + `name`, in double quotes with C escapes (`\n`, `\"`, `\\`, octal bytes) when the
/// name holds control characters, `"` or `\`, as git writes such names in its diff headers.
fn git_quoted(prefix: &str, name: &str) -> String {
    use std::fmt::Write as _;
    let plain =
        |c: char| !(c.is_control() || c == '"' || c == '\\' || crate::logsafe::is_invisible(c));
    if name.chars().all(plain) {
        return format!("{prefix}{name}");
    }
    let mut out = String::from("\"");
    out.push_str(prefix);
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if plain(c) => out.push(c),
            c => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "\\{b:03o}");
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(r: Range<usize>, s: &str) -> Edit {
        Edit::replace(r, s)
    }

    #[test]
    fn applies_in_order_and_defers_overlaps() {
        let text = "hello world";
        let a = [e(0..5, "HELLO")];
        let b = [e(3..8, "x")]; // overlaps a
        let c = [e(6..11, "there")];
        let r = apply_round(text, [&a[..], &b[..], &c[..]]);
        assert_eq!(r.text, "HELLO there");
        assert_eq!(r.outcome, vec![None, Some(Skip::Deferred), None]);
    }

    #[test]
    fn a_fix_applies_whole_or_not_at_all() {
        let text = "abcdef";
        let first = [e(2..3, "C")];
        let group = [e(0..1, "A"), e(2..4, "X")]; // second edit clashes
        let r = apply_round(text, [&first[..], &group[..]]);
        assert_eq!(r.text, "abCdef");
        assert_eq!(r.outcome[1], Some(Skip::Deferred));
    }

    #[test]
    fn insertions_at_one_point_conflict_but_touching_ranges_do_not() {
        let text = "ab";
        let i1 = [Edit::insert(1, "x")];
        let i2 = [Edit::insert(1, "y")];
        let r = apply_round(text, [&i1[..], &i2[..]]);
        assert_eq!(r.text, "axb");
        assert_eq!(r.deferred(), 1);
        let r1 = [e(0..1, "A")];
        let r2 = [e(1..2, "B")];
        let r = apply_round(text, [&r1[..], &r2[..]]);
        assert_eq!(r.text, "AB");
        // An insertion at the start of a replacement is ambiguous: deferred.
        let ins = [Edit::insert(0, ">")];
        let r = apply_round(text, [&r1[..], &ins[..]]);
        assert_eq!(r.text, "Ab");
        // An insertion at its end is not.
        let ins = [Edit::insert(1, ">")];
        let r = apply_round(text, [&r1[..], &ins[..]]);
        assert_eq!(r.text, "A>b");
    }

    #[test]
    fn invalid_and_empty_fixes_are_reported_not_applied() {
        let text = "æb";
        let split = [e(1..2, "x")];
        let out = [e(1..9, "x")];
        let backwards = [Edit {
            range: Range { start: 2, end: 1 },
            content: String::new(),
        }];
        let selfclash = [e(0..2, "x"), e(1..3, "y")];
        let noop = [e(0..2, "æ")];
        let none: [Edit; 0] = [];
        let r = apply_round(
            text,
            [
                &split[..],
                &out[..],
                &backwards[..],
                &selfclash[..],
                &noop[..],
                &none[..],
            ],
        );
        assert_eq!(r.text, text);
        assert!(matches!(r.outcome[0], Some(Skip::Invalid(_))));
        assert!(matches!(r.outcome[1], Some(Skip::Invalid(_))));
        assert!(matches!(r.outcome[2], Some(Skip::Invalid(_))));
        assert!(matches!(r.outcome[3], Some(Skip::Invalid(_))));
        assert_eq!(r.outcome[4], Some(Skip::Empty));
        assert_eq!(r.outcome[5], Some(Skip::Empty));
    }

    #[test]
    fn rounds_until_stable() {
        // Each round may rename one `a` at the start of the text to `b`; overlapping proposals
        // wait. The text settles when no `a` is left.
        let out = fix_until_stable("aaa", MAX_ROUNDS, |t: &str| {
            t.char_indices()
                .filter(|(_, c)| *c == 'a')
                .map(|(i, _)| Proposal {
                    label: "a->b",
                    edits: vec![e(0..i + 1, &format!("{}b", &t[..i]))],
                })
                .collect()
        })
        .unwrap();
        assert_eq!(out.text, "bbb");
        assert_eq!(out.rounds, 3);
        assert_eq!(out.applied["a->b"], 3);
    }

    #[test]
    fn cycles_and_endless_growth_are_errors() {
        let err = fix_until_stable("x", MAX_ROUNDS, |t: &str| {
            let flip = if t == "x" { "y" } else { "x" };
            vec![Proposal {
                label: "flip",
                edits: vec![e(0..1, flip)],
            }]
        })
        .unwrap_err();
        assert!(err.cycle);
        assert_eq!(err.rounds, 2);
        assert_eq!(
            err.to_string(),
            "fixes undo each other after 2 rounds (last applied: flip)"
        );
        let err = fix_until_stable("", 10, |_: &str| {
            vec![Proposal {
                label: "grow",
                edits: vec![Edit::insert(0, "x")],
            }]
        })
        .unwrap_err();
        assert!(!err.cycle);
        assert_eq!(err.rounds, 10);
    }

    #[test]
    fn unified_diff_has_git_headers() {
        let d = unified_diff(Path::new("./da/x.md"), "a\nb\nc\n", "a\nB\nc\n");
        assert!(
            d.starts_with("--- a/da/x.md\n+++ b/da/x.md\n@@ -1,3 +1,3 @@\n"),
            "{d}"
        );
        assert!(d.contains("-b\n+B\n"));
        assert_eq!(unified_diff(Path::new("x"), "same", "same"), "");
    }

    /// The diff prints safely yet stays a diff: a context line that would start a workflow
    /// command becomes the same line removed and added, the file's own CRLF endings and a
    /// missing final newline are kept, and only control characters are escaped.
    #[test]
    fn unified_diff_is_safe_to_print_and_still_applies() {
        let old = "::error::x\r\nkeep ##[ok]\r\na\r\nb\x1b[31m";
        let new = "::error::x\r\nkeep ##[ok]\r\nA\r\nb\x1b[31m";
        let d = unified_diff(Path::new("da/x.md"), old, new);
        assert_eq!(
            d,
            "--- a/da/x.md\n+++ b/da/x.md\n@@ -1,4 +1,4 @@\n\
             -::error::x\r\n+::error::x\r\n keep ##\\[ok]\r\n-a\r\n+A\r\n b\\x1b[31m\n\
             \\ No newline at end of file\n"
        );
        assert_eq!(
            crate::logsafe::lines(&d),
            d,
            "nothing left for the last guard"
        );
        let named = unified_diff(Path::new("da/x\n\"y\".md"), "a\n", "b\n");
        assert!(
            named.starts_with("--- \"a/da/x\\n\\\"y\\\".md\"\n+++ \"b/da/x\\n\\\"y\\\".md\"\n"),
            "{named}"
        );
        // A lone CR is shown, not obeyed.
        let cr = unified_diff(Path::new("x.md"), "a\rb\r", "a\rc\r");
        assert_eq!(
            cr,
            "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n a\\r\n-b\\r\n+c\\r\n"
        );
    }
}
