//! `sync --pull`: the wiki's version of a page merged back into its guide, in the guide's own
//! dialect.
//!
//! Three versions of the page are compared in one common form, the Wiki.js form `build` writes:
//! the version last pushed (the *base*, kept by the state file), the wiki's version, and the
//! build of the current guide. A line-level three-way merge (diff3) splits the page into
//! chunks: unchanged, changed in the guide only, changed on the wiki only, or changed on both
//! sides differently (a conflict).
//!
//! The guide is then rewritten only where the wiki changed something. The build of the guide
//! is aligned with the guide line by line; a wiki change is widened to whole aligned blocks
//! (an admonition and the callout built from it, a paragraph and the line its soft breaks were
//! joined into), and only those blocks are replaced, by the merged lines converted back to the
//! guide's dialect ([`Reverse`]): callouts become admonitions, `data-*` component attributes
//! plain ones, absolute page links and asset paths the links the guide used. Every other byte
//! of the guide stays as it was, so merging a wiki version that holds no change rewrites
//! nothing.
//!
//! A conflict is written with conflict markers around the guide's own lines and the wiki's
//! version of the same block (converted back); `check` reports the markers (GL320) and `sync`
//! refuses to publish a page that has them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::document::pymdown_blocks::header;

/// The marker lines a conflict is written with.
pub const MARKER_OURS: &str = "<<<<<<<";
pub const MARKER_SEP: &str = "=======";
pub const MARKER_THEIRS: &str = ">>>>>>>";

/// The result of merging the wiki's version into a guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// The guide already holds the wiki's version: nothing to write.
    Unchanged,
    /// The wiki's changes merged cleanly: the new guide text, and how many blocks changed.
    Clean { text: String, blocks: usize },
    /// Some changes conflict: the guide text with conflict markers, the number of clean blocks
    /// and of conflicts.
    Conflict {
        text: String,
        blocks: usize,
        conflicts: usize,
    },
}

/// What is needed to turn Wiki.js text back into the guide's dialect.
#[derive(Debug, Clone, Default)]
pub struct Reverse {
    /// Link and image targets as built (`/da/move#x`, `/guide/a.png`) -> as the guide wrote them.
    pub targets: HashMap<String, String>,
    /// Pages of the wiki by key (`da/move`) -> their guide files, for links the guide did not
    /// have before.
    pub pages: HashMap<String, PathBuf>,
    /// The guide file being merged into.
    pub source: PathBuf,
    /// Callout class (`is-info`) -> the admonition kind the guide uses for it.
    pub kinds: HashMap<String, String>,
    /// Targets the guide itself writes as they are built (absolute links on a Wiki.js page,
    /// links inside text the page shows as code): kept as they are.
    pub written: HashSet<String>,
    /// Content tabs, keys and image sizes: whether and how the guide writes them the MkDocs
    /// way.
    pub forms: super::forms::Forms,
    /// The guide writes callouts in Wiki.js form and no admonitions (a Wiki.js page): callouts
    /// stay callouts.
    pub keeps_callouts: bool,
    /// The guide writes its admonitions as pymdownx.blocks (`/// note | Title` … `///`) and
    /// none with `!!!`: callouts come back as blocks.
    pub blocks: bool,
    /// Callout class -> the block name and `type` option the guide uses for it (`details`,
    /// `info`), when it writes blocks.
    pub block_kinds: HashMap<String, (String, Option<String>)>,
    /// Block title -> the block name and `type` option of the guide's block with that title:
    /// asked before the class (a `details` block and a `note` can share a callout class).
    pub block_titles: HashMap<String, (String, Option<String>)>,
    /// Block names the MkDocs project adds (`types:` in `mkdocs.yml`) that build makes
    /// callouts, besides the ones pymdownx defines ([`Config::callout_block_names`]).
    ///
    /// [`Config::callout_block_names`]: crate::config::Config::callout_block_names
    pub callout_blocks: HashSet<String>,
    /// The project's pymdownx.snippets, which build includes: the guide is merged with its
    /// snippets included, and text that came from one is never written into the guide.
    pub includes: Option<crate::snippets::Includes>,
}

/// A line without its line ending, and with trailing whitespace ignored, for comparison.
fn key(line: &str) -> &str {
    line.trim_end()
}

fn split_lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// The offset where a guide's body starts (after its front matter, if any).
pub fn body_start(source: &str) -> usize {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    match crate::document::front_matter::parse(source, bom) {
        Some(fm) => {
            let mut end = fm.range.end;
            // The blank lines after the header are the body's (the build drops them).
            while source[end..].starts_with('\n') || source[end..].starts_with("\r\n") {
                end += if source[end..].starts_with('\n') {
                    1
                } else {
                    2
                };
            }
            end
        }
        None => bom,
    }
}

/// Which version a merged chunk takes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Take {
    /// The guide's build (unchanged, or changed in the guide only, or the same change on both).
    Ours,
    /// The wiki's lines `w` (changed on the wiki only).
    Theirs(Range<usize>),
    /// Both changed differently: the wiki's lines `w`.
    Conflict(Range<usize>),
}

#[derive(Debug, Clone)]
struct Chunk {
    /// Lines of the guide's build this chunk covers.
    b: Range<usize>,
    take: Take,
}

/// `Some(j)` for each line of `a` matched with line `j` of `b` by a line diff.
fn matches(a: &[&str], b: &[&str]) -> Vec<Option<usize>> {
    let mut out = vec![None; a.len()];
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        a,
        b,
        Some(std::time::Instant::now() + std::time::Duration::from_secs(2)),
    );
    for op in ops {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                out[old_index + k] = Some(new_index + k);
            }
        }
    }
    out
}

/// The longest common subsequence of `b` and `w`: a stand-in base when the version last pushed
/// is not known. Every difference is then a change on both sides, and only lines one side has
/// and the other lacks merge without a conflict (kept, never dropped).
fn common<'a>(b: &[&'a str], w: &[&str]) -> Vec<&'a str> {
    matches(b, w)
        .iter()
        .zip(b)
        .filter(|(m, _)| m.is_some())
        .map(|(_, l)| *l)
        .collect()
}

/// diff3 over line keys: the chunks of the guide's build `b`, with what each takes.
fn diff3(o: &[&str], b: &[&str], w: &[&str]) -> Vec<Chunk> {
    let mb = matches(o, b);
    let mw = matches(o, w);
    let (mut i, mut jb, mut jw) = (0, 0, 0);
    let mut chunks = Vec::new();
    loop {
        while i < o.len() && mb[i] == Some(jb) && mw[i] == Some(jw) {
            chunks.push(Chunk {
                b: jb..jb + 1,
                take: Take::Ours,
            });
            i += 1;
            jb += 1;
            jw += 1;
        }
        if i >= o.len() && jb >= b.len() && jw >= w.len() {
            break;
        }
        let next = (i..o.len()).find(|&k| mb[k].is_some() && mw[k].is_some());
        let (i2, jb2, jw2) = match next {
            Some(k) => (k, mb[k].unwrap_or(b.len()), mw[k].unwrap_or(w.len())),
            None => (o.len(), b.len(), w.len()),
        };
        let (oc, bc, wc) = (&o[i..i2], &b[jb..jb2], &w[jw..jw2]);
        let take = if wc == oc || bc == wc {
            Take::Ours
        } else if bc == oc {
            Take::Theirs(jw..jw2)
        } else {
            Take::Conflict(jw..jw2)
        };
        chunks.push(Chunk { b: jb..jb2, take });
        (i, jb, jw) = (i2, jb2, jw2);
    }
    chunks
}

/// The guide's body aligned with its build: blocks of guide lines and build lines that
/// correspond (`equal` when they are the same line).
#[derive(Debug, Clone)]
struct Segment {
    s: Range<usize>,
    b: Range<usize>,
    equal: bool,
}

fn align(s: &[&str], b: &[&str]) -> Vec<Segment> {
    // Only lines with text anchor the alignment: a blank line matched across two converted
    // blocks (between an admonition's paragraphs and between two callouts) would split them.
    let keyed = |v: &[&str], side: char| -> Vec<String> {
        v.iter()
            .enumerate()
            .map(|(i, l)| {
                if l.trim().is_empty() {
                    format!("\u{0}{side}{i}")
                } else {
                    (*l).to_string()
                }
            })
            .collect()
    };
    let (sk, bk) = (keyed(s, 's'), keyed(b, 'b'));
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        &sk,
        &bk,
        Some(std::time::Instant::now() + std::time::Duration::from_secs(2)),
    );
    let mut segs: Vec<Segment> = Vec::new();
    for op in ops {
        let (s_r, b_r) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            for k in 0..s_r.len() {
                segs.push(Segment {
                    s: s_r.start + k..s_r.start + k + 1,
                    b: b_r.start + k..b_r.start + k + 1,
                    equal: true,
                });
            }
            continue;
        }
        // Adjacent changes are one block of each side.
        if let Some(last) = segs.last_mut()
            && !last.equal
        {
            last.s.end = s_r.end;
            last.b.end = b_r.end;
        } else {
            segs.push(Segment {
                s: s_r,
                b: b_r,
                equal: false,
            });
        }
    }
    // A changed block holding several top-level blocks on both sides (two admonitions and
    // the two callouts built from them) is split into pairs when the counts agree.
    let mut out = Vec::with_capacity(segs.len());
    let regions = super::forms::tab_region_lines(b);
    for seg in segs {
        if seg.equal {
            out.push(seg);
            continue;
        }
        let sb = top_level_blocks(&s[seg.s.clone()]);
        let bb = top_level_blocks(&b[seg.b.clone()]);
        if sb.len() > 1 && bb.len() > 1 && sb.len() * bb.len() <= 250_000 {
            // Where the build's tabs start in this stretch: what the build added there (a
            // tabset's heading, the comment before tabs shown one after another) goes with the
            // tabs, not with the block before them.
            let cuts: Vec<usize> = regions
                .iter()
                .filter(|r| seg.b.start < r.start && r.start < seg.b.end)
                .map(|r| r.start - seg.b.start)
                .collect();
            for (x, y) in pair_blocks(&s[seg.s.clone()], &sb, &b[seg.b.clone()], &bb, &cuts) {
                out.push(Segment {
                    s: seg.s.start + x.start..seg.s.start + x.end,
                    b: seg.b.start + y.start..seg.b.start + y.end,
                    equal: false,
                });
            }
        } else {
            out.push(seg);
        }
    }
    whole_tabsets(out, &regions)
}

/// The segments that hold part of a tabset of the build, or of a group of tabs it showed one
/// after another, made one: tabs go back to the guide's content tabs only whole.
fn whole_tabsets(segs: Vec<Segment>, sets: &[Range<usize>]) -> Vec<Segment> {
    if sets.is_empty() {
        return segs;
    }
    let touches = |seg: &Segment, set: &Range<usize>| {
        if seg.b.is_empty() {
            set.start < seg.b.start && seg.b.start < set.end
        } else {
            seg.b.start < set.end && set.start < seg.b.end
        }
    };
    let mut out: Vec<Segment> = Vec::with_capacity(segs.len());
    let mut open: Option<usize> = None;
    for seg in segs {
        let set = sets.iter().position(|set| touches(&seg, set));
        let joins = set.is_some() && set == open;
        if let Some(last) = out.last_mut().filter(|_| joins) {
            last.s.end = last.s.end.max(seg.s.end);
            last.b.end = last.b.end.max(seg.b.end);
            last.equal = false;
        } else {
            open = set;
            out.push(Segment {
                equal: seg.equal && set.is_none(),
                ..seg
            });
        }
    }
    out
}

/// The words of a block (letters and digits, lowercased), for telling which built block came
/// from which guide block.
fn words(lines: &[&str]) -> std::collections::BTreeSet<String> {
    lines
        .iter()
        .flat_map(|l| l.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// [`words`] of the lines [`without_markup`]: a `<figure markdown>` block and the image and
/// caption built from it share their words only once the figure's tags are left out.
fn text_words(lines: &[&str]) -> std::collections::BTreeSet<String> {
    let plain: Vec<std::borrow::Cow<'_, str>> = lines.iter().map(|l| without_markup(l)).collect();
    let plain: Vec<&str> = plain.iter().map(|l| l.as_ref()).collect();
    words(&plain)
}

/// A line without its HTML tags (`<figure markdown="span">`, `<figcaption>`) and attribute
/// lists (`{ width="600" }`): the words of markup the build rewrites, which the guide's block
/// has and its build does not, are not what tells which built block came from it.
fn without_markup(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains(['<', '{']) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(['<', '{']) {
        out.push_str(&rest[..i]);
        let close = if rest.as_bytes()[i] == b'<' { '>' } else { '}' };
        match rest[i..].find(close) {
            Some(j) => {
                out.push(' ');
                rest = &rest[i + j + 1..];
            }
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Pairs the guide's blocks `sb` (of `s`) with the built blocks `bb` (of `b`) in order: the
/// longest sequence of pairs sharing most of their words; the blocks between two pairs go
/// together. Returns ranges covering both sides whole.
fn pair_blocks(
    s: &[&str],
    sb: &[Range<usize>],
    b: &[&str],
    bb: &[Range<usize>],
    cuts: &[usize],
) -> Vec<(Range<usize>, Range<usize>)> {
    let sw: Vec<_> = sb.iter().map(|r| words(&s[r.clone()])).collect();
    let bw: Vec<_> = bb.iter().map(|r| words(&b[r.clone()])).collect();
    let st: Vec<_> = sb.iter().map(|r| text_words(&s[r.clone()])).collect();
    let bt: Vec<_> = bb.iter().map(|r| text_words(&b[r.clone()])).collect();
    let share = |x: &std::collections::BTreeSet<String>, y: &std::collections::BTreeSet<String>| {
        !x.is_empty() && !y.is_empty() && x.intersection(y).count() * 2 >= x.len().max(y.len())
    };
    // Alike with their markup's words, or with their text's alone.
    let alike = |i: usize, j: usize| share(&sw[i], &bw[j]) || share(&st[i], &bt[j]);
    // Longest common subsequence of alike blocks.
    let (n, m) = (sb.len(), bb.len());
    let mut dp = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            dp[i][j] = if alike(i, j) {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if alike(i, j) && dp[i][j] == dp[i + 1][j + 1] + 1 {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if dp[i + 1][j] >= dp[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    // Unpaired blocks join the pair before them (or the first pair).
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    if pairs.is_empty() {
        return vec![(0..s.len(), 0..b.len())];
    }
    let mut b_from = 0;
    for (k, &(pi, pj)) in pairs.iter().enumerate() {
        let (ni, nj) = pairs.get(k + 1).copied().unwrap_or((n, m));
        let s_from = if k == 0 { 0 } else { sb[pi].start };
        let s_to = if ni < n { sb[ni].start } else { s.len() };
        let mut b_to = if nj < m { bb[nj].start } else { b.len() };
        // Blocks between this pair and the next belong to neither alone: they stay with this
        // pair, unless the build's tabs start among them (`cuts`): those go with the next.
        if nj < m
            && let Some(&c) = cuts.iter().find(|&&c| bb[pj].end <= c && c < b_to)
        {
            b_to = c;
        }
        out.push((s_from..s_to, b_from..b_to));
        b_from = b_to;
    }
    out
}

/// `lines` split where a line with text at the left margin follows a blank line: the
/// top-level blocks (an admonition's indented body and a callout's `>` lines stay whole).
fn top_level_blocks(lines: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    // Inside `<blockquote>` ... `</blockquote>` (a callout in HTML form, whose Markdown body
    // has blank lines of its own).
    let mut depth = 0usize;
    for k in 1..lines.len() {
        let prev = lines[k - 1].trim_start();
        if prev.starts_with("<blockquote") {
            depth += 1;
        } else if prev.starts_with("</blockquote>") {
            depth = depth.saturating_sub(1);
        }
        let l = lines[k];
        if depth == 0
            && lines[k - 1].trim().is_empty()
            && !l.trim().is_empty()
            && !l.starts_with([' ', '\t'])
            && lines[start..k].iter().any(|x| !x.trim().is_empty())
        {
            out.push(start..k);
            start = k;
        }
    }
    out.push(start..lines.len());
    out
}

/// Merges the wiki's version `wiki` (a page body in Wiki.js form) into the guide `source`
/// (the whole file), given the build of the guide's body `built` and the version last pushed
/// `base` (`None` when unknown: then only lines one side lacks merge cleanly).
pub fn merge(
    source: &str,
    built: &str,
    base: Option<&str>,
    wiki: &str,
    reverse: &Reverse,
    label: &str,
) -> Merged {
    let start = body_start(source);
    let (head, body) = source.split_at(start);
    // The guide as built: its snippets included. The lines that came from a snippet map back
    // to the notation that names them ([`Collapse`]).
    let expanded = reverse.expanded(body);
    let collapse = expanded
        .as_ref()
        .map(|e| Collapse::new(e, split_lines(body).len()));
    let expanded_source = expanded.as_ref().map(|e| format!("{head}{}", e.text));
    let body_lines = split_lines(body);
    let body = expanded.as_ref().map_or(body, |e| e.text.as_str());
    let s_lines = split_lines(body);
    let wrappers = wrapper_lines(expanded_source.as_deref().unwrap_or(source), s_lines.len());
    // The guide's own lines for a range of `s_lines`.
    let guide_lines = |out: &mut String, r: Range<usize>| match &collapse {
        Some(c) => c.emit(out, r, &body_lines),
        None => {
            for l in &s_lines[r] {
                out.push_str(l);
            }
        }
    };
    let b_lines = split_lines(built);
    let w_lines = split_lines(wiki);
    let s: Vec<&str> = s_lines.iter().map(|l| key(l)).collect();
    let b: Vec<&str> = b_lines.iter().map(|l| key(l)).collect();
    let w: Vec<&str> = w_lines.iter().map(|l| key(l)).collect();
    let o: Vec<&str> = match base {
        Some(base) => split_lines(base).into_iter().map(key).collect(),
        None => common(&b, &w),
    };
    // Blank lines at either end are not the page's text (Wiki.js drops or adds them).
    let trim = |v: &[&str]| -> (usize, usize) {
        let first = v.iter().position(|l| !l.is_empty()).unwrap_or(v.len());
        let last = v
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(first, |p| p + 1);
        (first, last.max(first))
    };
    let (ob, oe) = trim(&o);
    let (bb, be) = trim(&b);
    let (wb, we) = trim(&w);
    let chunks: Vec<Chunk> = diff3(&o[ob..oe], &b[bb..be], &w[wb..we])
        .into_iter()
        .map(|c| Chunk {
            b: c.b.start + bb..c.b.end + bb,
            take: match c.take {
                Take::Ours => Take::Ours,
                Take::Theirs(r) => Take::Theirs(r.start + wb..r.end + wb),
                Take::Conflict(r) => Take::Conflict(r.start + wb..r.end + wb),
            },
        })
        .collect();
    if chunks.iter().all(|c| c.take == Take::Ours) {
        return Merged::Unchanged;
    }
    let segs = align(&s, &b);
    // Regions of the build to rewrite: each wiki change widened to whole aligned segments.
    let mut regions: Vec<Range<usize>> = Vec::new();
    for c in chunks.iter().filter(|c| c.take != Take::Ours) {
        let mut r = c.b.clone();
        loop {
            let mut grown = r.clone();
            for seg in segs.iter().filter(|g| !g.equal) {
                let overlaps = if r.is_empty() {
                    seg.b.start < r.start && r.start < seg.b.end
                } else {
                    seg.b.start < r.end && r.start < seg.b.end
                };
                if overlaps {
                    grown.start = grown.start.min(seg.b.start);
                    grown.end = grown.end.max(seg.b.end);
                }
            }
            if grown == r {
                break;
            }
            r = grown;
        }
        match regions.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => regions.push(r),
        }
    }
    // The guide lines of a region of the build: from the segments it covers.
    let s_range = |r: &Range<usize>| -> Range<usize> {
        let mut from = None;
        let mut to = None;
        for seg in &segs {
            let inside = if r.is_empty() {
                false
            } else {
                seg.b.start >= r.start
                    && seg.b.end <= r.end
                    && !(seg.b.is_empty() && seg.b.start == r.end)
            };
            if inside {
                from.get_or_insert(seg.s.start);
                to = Some(seg.s.end);
            }
        }
        match (from, to) {
            (Some(f), Some(t)) => f..t,
            _ => {
                // An insertion: before the first segment that starts at or after it.
                let at = segs
                    .iter()
                    .find(|seg| seg.b.start >= r.start && !seg.b.is_empty())
                    .map_or(s.len(), |seg| seg.s.start);
                at..at
            }
        }
    };
    let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(source.len() + wiki.len() / 4);
    out.push_str(head);
    let mut next_s = 0;
    let (mut blocks, mut conflicts) = (0, 0);
    for r in &regions {
        let mut sr = s_range(r);
        // A region touching text a snippet included: widened to the whole notation, and a
        // conflict (the wiki's change belongs in the snippet's file, or the page must stop
        // including it: a person decides).
        let mut included = false;
        if let Some(c) = &collapse {
            (sr, included) = c.region(&sr);
        }
        guide_lines(&mut out, next_s..sr.start.max(next_s));
        // The merged lines of the region (Wiki.js form), and the wiki's own.
        let mut merged_text = String::new();
        let mut wiki_text = String::new();
        let mut conflict = false;
        for c in &chunks {
            let inside = if c.b.is_empty() {
                r.start <= c.b.start && c.b.start <= r.end
            } else {
                r.start <= c.b.start && c.b.end <= r.end
            };
            if !inside {
                continue;
            }
            match &c.take {
                Take::Ours => {
                    for l in &b_lines[c.b.clone()] {
                        merged_text.push_str(l);
                        wiki_text.push_str(l);
                    }
                }
                Take::Theirs(wr) | Take::Conflict(wr) => {
                    conflict |= matches!(c.take, Take::Conflict(_));
                    for l in &w_lines[wr.clone()] {
                        merged_text.push_str(l);
                        wiki_text.push_str(l);
                    }
                }
            }
        }
        // Lines of the build in the region that no chunk covers entirely (a chunk of the guide's
        // own changes cut by the region) come from the build.
        let covered: usize = chunks
            .iter()
            .filter(|c| !c.b.is_empty() && r.start <= c.b.start && c.b.end <= r.end)
            .map(|c| c.b.len())
            .sum();
        if covered < r.len() {
            merged_text = rebuild_region(r, &chunks, &b_lines, &w_lines);
            wiki_text = merged_text.clone();
        }
        let ours: String = match &collapse {
            Some(_) => {
                let mut o = String::new();
                guide_lines(&mut o, sr.clone());
                o
            }
            None => s_lines[sr.clone()].concat(),
        };
        let conflict = conflict || included;
        if conflict {
            conflicts += 1;
            out.push_str(&format!("{MARKER_OURS} guide{eol}"));
            out.push_str(&ours);
            if !ours.is_empty() && !ours.ends_with('\n') {
                out.push_str(eol);
            }
            out.push_str(&format!("{MARKER_SEP}{eol}"));
            let built_text: String = b_lines[r.clone()].concat();
            let theirs = with_eol(
                &keep_guide_admonitions(
                    &ours,
                    &reverse.apply(&built_text),
                    &reverse.apply(&wiki_text),
                    &reverse.callout_blocks,
                ),
                eol,
            );
            out.push_str(&theirs);
            let why = if included {
                " (changes text a snippet includes: edit the snippet's file, or the page)"
            } else {
                ""
            };
            out.push_str(&format!("{MARKER_THEIRS} wiki {label}{why}{eol}"));
        } else {
            blocks += 1;
            let built_text: String = b_lines[r.clone()].concat();
            let mut text = with_eol(
                &keep_guide_admonitions(
                    &ours,
                    &reverse.apply(&built_text),
                    &reverse.apply(&merged_text),
                    &reverse.callout_blocks,
                ),
                eol,
            );
            if wrappers[sr.clone()].contains(&true) {
                text = keep_wrappers(&s_lines[sr.clone()], &wrappers[sr.clone()], &text);
            }
            let open_end = !body.is_empty() && !body.ends_with('\n');
            if open_end && sr.end == s_lines.len() {
                // The guide's last line has no line ending: nor does the merged text, and text
                // added after that line starts on a line of its own.
                if sr.is_empty() {
                    out.push_str(eol);
                }
                if text.ends_with(eol) {
                    text.truncate(text.len() - eol.len());
                }
            }
            out.push_str(&text);
        }
        next_s = sr.end.max(next_s);
    }
    guide_lines(&mut out, next_s.min(s_lines.len())..s_lines.len());
    if out == source {
        return Merged::Unchanged;
    }
    if conflicts > 0 {
        Merged::Conflict {
            text: out,
            blocks,
            conflicts,
        }
    } else {
        Merged::Clean { text: out, blocks }
    }
}

/// The lines of a guide with its snippets included, mapped back to the guide's own lines.
struct Collapse {
    /// Per included line: the guide's lines written in its place (a notation's lines at the
    /// first line it became, nothing at the others; a plain line itself).
    at: Vec<Range<usize>>,
    /// Per included line (and one past the last): guide lines that became no line (a section
    /// marker), written before it.
    before: Vec<Range<usize>>,
    /// The included lines each notation became (empty where one became nothing), and the
    /// part of them between their first and last line with text.
    groups: Vec<(Range<usize>, Range<usize>)>,
}

impl Collapse {
    fn new(e: &crate::snippets::Expanded, guide_lines: usize) -> Collapse {
        let lines: Vec<&str> = e.text.split_inclusive('\n').collect();
        let total = lines.len();
        let mut at = vec![0..0; total];
        let mut before = vec![0..0; total + 1];
        let (mut next_out, mut next_src) = (0, 0);
        for g in &e.groups {
            for (k, slot) in at[next_out..g.output.start.min(total)]
                .iter_mut()
                .enumerate()
            {
                *slot = next_src + k..next_src + k + 1;
            }
            if g.output.is_empty() {
                before[g.output.start.min(total)] = g.source.clone();
            } else if let Some(slot) = at.get_mut(g.output.start) {
                *slot = g.source.clone();
            }
            next_out = g.output.end;
            next_src = g.source.end;
        }
        for (k, slot) in at[next_out.min(total)..].iter_mut().enumerate() {
            *slot = (next_src + k).min(guide_lines)..(next_src + k + 1).min(guide_lines);
        }
        let blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());
        let groups = e
            .groups
            .iter()
            .map(|g| {
                let (mut a, mut b) = (g.output.start, g.output.end);
                while a < b && blank(a) {
                    a += 1;
                }
                while b > a && blank(b - 1) {
                    b -= 1;
                }
                (g.output.clone(), a..b)
            })
            .collect();
        Collapse { at, before, groups }
    }

    /// The guide's lines for the included lines `r`.
    fn emit(&self, out: &mut String, r: Range<usize>, guide: &[&str]) {
        let end = r.end;
        for i in r {
            for l in &guide[self.before[i].clone()] {
                out.push_str(l);
            }
            for l in &guide[self.at[i].clone()] {
                out.push_str(l);
            }
        }
        if end == self.at.len() {
            for l in &guide[self.before[end].clone()] {
                out.push_str(l);
            }
        }
    }

    /// The guide lines `r` of a region to rewrite, as far as included text goes: widened to
    /// the whole notations whose included text it touches (`true` then), else moved off the
    /// blank lines a notation's text begins or ends with (the page's blank lines around it).
    fn region(&self, r: &Range<usize>) -> (Range<usize>, bool) {
        let mut out = r.clone();
        let mut touched = false;
        for (full, core) in &self.groups {
            let touches = if core.is_empty() {
                false
            } else if r.is_empty() {
                core.start < r.start && r.start < core.end
            } else {
                core.start < r.end && r.start < core.end
            };
            if touches {
                touched = true;
                out.start = out.start.min(full.start);
                out.end = out.end.max(full.end);
            }
        }
        if touched {
            return (out, true);
        }
        for (full, _) in &self.groups {
            if full.start < out.start && out.start < full.end {
                out.start = full.end;
            }
            if full.start < out.end && out.end < full.end {
                out.end = full.start;
            }
            out.end = out.end.max(out.start);
        }
        (out, false)
    }
}

/// The admonitions of `merged` (a region converted back to the guide's dialect) in the guide's
/// own bytes where the wiki did not change them: an admonition whose converted build equals
/// its merged form is the guide's, line wrapping and all; one whose body changed keeps the
/// guide's opening line (`???+ question "Title"`: marker, type, title) unless the wiki changed
/// the callout's class or title. `guide` is the guide's text of the region and `built` the
/// guide's build converted back; when the three do not hold the same number of admonitions,
/// `merged` is taken as it is.
fn keep_guide_admonitions(
    guide: &str,
    built: &str,
    merged: &str,
    project: &HashSet<String>,
) -> String {
    let g: Vec<&str> = guide.split_inclusive('\n').collect();
    let b: Vec<&str> = built.split_inclusive('\n').collect();
    let m: Vec<&str> = merged.split_inclusive('\n').collect();
    let (gb, bb, mb) = (
        admonitions(&g, project),
        admonitions(&b, project),
        admonitions(&m, project),
    );
    if gb.is_empty() || gb.len() != bb.len() || bb.len() != mb.len() {
        return merged.to_string();
    }
    let same = |x: &[&str], y: &[&str]| {
        x.len() == y.len()
            && x.iter()
                .zip(y)
                .all(|(a, b)| a.trim_end_matches(['\n', '\r']) == b.trim_end_matches(['\n', '\r']))
    };
    let mut out = String::with_capacity(merged.len());
    let mut next = 0;
    for ((gr, br), mr) in gb.iter().zip(&bb).zip(&mb) {
        out.extend(m[next..mr.start].iter().copied());
        let (gl, bl, ml) = (&g[gr.clone()], &b[br.clone()], &m[mr.clone()]);
        if same(bl, ml) {
            out.extend(gl.iter().copied());
        } else if same(&bl[..1], &ml[..1]) {
            // The guide's header (and a block's options and fence) around the merged body, whose
            // paragraphs the wiki left as they were keep the guide's lines.
            let (g_body, m_body) = (admonition_body(gl, project), admonition_body(ml, project));
            out.extend(gl[..g_body.start].iter().copied());
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.extend(keep_paragraphs(&gl[g_body.clone()], &ml[m_body]));
            out.extend(gl[g_body.end..].iter().copied());
        } else {
            out.extend(ml.iter().copied());
        }
        next = mr.end;
    }
    out.extend(m[next..].iter().copied());
    out
}

/// For each line of the guide's body: whether it is the header, an option or the closing fence
/// of a pymdownx block that build unwraps (`/// html`, `/// caption`, `/// define`): lines
/// the built page has nothing for, so a wiki edit next to them brings nothing back for them.
fn wrapper_lines(source: &str, body_lines: usize) -> Vec<bool> {
    let mut out = vec![false; body_lines];
    if !source.contains("///") {
        return out;
    }
    let doc = crate::document::Document::parse(
        PathBuf::new(),
        source.to_string(),
        Some(crate::document::Dialect::Mkdocs),
    );
    // The body's first line, 1-based, in the page's numbering.
    let first = doc.lines.line_col(body_start(source)).line;
    for b in crate::document::pymdown_blocks::blocks(&doc) {
        use crate::mkdocs::Syntax;
        if !matches!(
            Syntax::of_block(&b.name),
            Some(Syntax::BlockHtml | Syntax::BlockCaption | Syntax::BlockDefinition)
        ) {
            continue;
        }
        for line in (b.header_line..=b.options_end_line).chain([b.closing_line]) {
            if let Some(x) = line.checked_sub(first).and_then(|i| out.get_mut(i)) {
                *x = true;
            }
        }
    }
    out
}

/// `merged` (a region's merged text) with the guide's wrapper lines ([`wrapper_lines`]) of the
/// region that it lacks put back, each after the merged line that the guide line before it
/// became.
fn keep_wrappers(ours: &[&str], wrapper: &[bool], merged: &str) -> String {
    let m: Vec<&str> = merged.split_inclusive('\n').collect();
    let ok: Vec<&str> = ours.iter().map(|l| key(l)).collect();
    let mk: Vec<&str> = m.iter().map(|l| key(l)).collect();
    let at = matches(&ok, &mk);
    let mut before: Vec<Vec<&str>> = vec![Vec::new(); m.len() + 1];
    let mut next = 0;
    for (i, l) in ours.iter().enumerate() {
        match at[i] {
            Some(j) => next = j + 1,
            None if wrapper[i] => before[next].push(l),
            None => {}
        }
    }
    let mut out = String::with_capacity(merged.len() + 64);
    for (p, lines) in before.iter().enumerate() {
        for l in lines {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(l);
        }
        if let Some(l) = m.get(p) {
            out.push_str(l);
        }
    }
    out
}

/// `merged`'s lines, each run of lines between blank lines that reads as one of `guide`'s
/// (its lines joined with spaces) taken in the guide's lines: the build joins a paragraph's
/// lines into one, and a paragraph the wiki did not change keeps the guide's line breaks.
fn keep_paragraphs<'a>(guide: &[&'a str], merged: &[&'a str]) -> Vec<&'a str> {
    fn runs<'r, 'b>(lines: &'r [&'b str]) -> Vec<&'r [&'b str]> {
        lines
            .split(|l| l.trim().is_empty())
            .filter(|r| !r.is_empty())
            .collect()
    }
    let joined = |r: &[&str]| r.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    let known: HashMap<String, &[&'a str]> =
        runs(guide).into_iter().map(|r| (joined(r), r)).collect();
    let mut out = Vec::with_capacity(merged.len());
    let mut i = 0;
    while i < merged.len() {
        if merged[i].trim().is_empty() {
            out.push(merged[i]);
            i += 1;
            continue;
        }
        let len = merged[i..]
            .iter()
            .position(|l| l.trim().is_empty())
            .unwrap_or(merged.len() - i);
        let run = &merged[i..i + len];
        match known.get(&joined(run)) {
            Some(g) => out.extend(g.iter().copied()),
            None => out.extend(run.iter().copied()),
        }
        i += len;
    }
    out
}

/// The lines of an admonition ([`admonitions`]) between its header and its end, blank lines at
/// either end left out; for a block, between its header and options and its closing fence.
fn admonition_body(lines: &[&str], project: &HashSet<String>) -> Range<usize> {
    let block = block_kind(lines[0], project).is_some();
    let mut start = 1;
    let mut end = lines.len();
    if block {
        start += lines[1..]
            .iter()
            .take_while(|l| l.starts_with("    ") && l.contains(':'))
            .count();
        end = (end - 1).max(start);
    }
    // Blank lines at the body's ends belong to the fences' layout.
    while start < end && lines[start].trim().is_empty() {
        start += 1;
    }
    while end > start && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    start..end
}

/// The admonitions among `lines`: an unindented `!!!`/`???`/`???+` line and the indented or
/// blank lines after it (trailing blank lines left out); or an unindented block header that
/// build makes a callout, through its closing fence.
fn admonitions(lines: &[&str], project: &HashSet<String>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if !l.starts_with([' ', '\t']) && block_kind(l, project).is_some() {
            let slashes = l.bytes().take_while(|&b| b == b'/').count();
            let close = lines[i + 1..]
                .iter()
                .position(|c| crate::document::pymdown_blocks::closes(c, 0, slashes));
            if let Some(c) = close {
                out.push(i..i + c + 2);
                i += c + 2;
                continue;
            }
        }
        if !l.starts_with([' ', '\t']) && admonition_kind(l).is_some() {
            let mut j = i + 1;
            while j < lines.len() {
                let t = lines[j].trim_end_matches(['\n', '\r']);
                if t.trim().is_empty() || t.starts_with("    ") || t.starts_with('\t') {
                    j += 1;
                } else {
                    break;
                }
            }
            while j > i + 1 && lines[j - 1].trim().is_empty() {
                j -= 1;
            }
            out.push(i..j);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The merged lines of a region, chunk by chunk, taking the build's lines where a chunk is
/// only partly inside it.
fn rebuild_region(r: &Range<usize>, chunks: &[Chunk], b: &[&str], w: &[&str]) -> String {
    let mut out = String::new();
    for c in chunks {
        if c.b.is_empty() {
            if r.start <= c.b.start
                && c.b.start <= r.end
                && let Take::Theirs(wr) | Take::Conflict(wr) = &c.take
            {
                w[wr.clone()].iter().for_each(|l| out.push_str(l));
            }
            continue;
        }
        let lo = c.b.start.max(r.start);
        let hi = c.b.end.min(r.end);
        if lo >= hi {
            continue;
        }
        match &c.take {
            Take::Theirs(wr) | Take::Conflict(wr) if lo == c.b.start && hi == c.b.end => {
                w[wr.clone()].iter().for_each(|l| out.push_str(l));
            }
            _ => b[lo..hi].iter().for_each(|l| out.push_str(l)),
        }
    }
    out
}

/// `source` with the front matter's `key` set to `value` (a title, a description), written as
/// the field was (plain, `"double"` or `'single'` quoted), or added before the closing `---`
/// when the front matter lacks it. Every other byte stays. `None` when the guide has no front
/// matter, or the field is not one line, or the result would not read back as `value`.
pub fn set_front_matter(source: &str, key: &str, value: &str) -> Option<String> {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let fm = crate::document::front_matter::parse(source, bom)?;
    let eol = if source[fm.range.clone()].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let out = match fm.field(key) {
        Some(f) => {
            let line_end = source[f.value_range.end..]
                .find('\n')
                .map_or(source.len(), |i| f.value_range.end + i + 1);
            // A value continued on the next lines (a block scalar, a folded plain one).
            let next = &source[line_end.min(fm.yaml_range.end)..fm.yaml_range.end];
            if f.value.starts_with(['|', '>'])
                || next.starts_with([' ', '\t'])
                || (f.value.starts_with(['"', '\'']) && !quoted_whole(&f.value))
            {
                return None;
            }
            let new = yaml_value(value, f.value.chars().next());
            format!(
                "{}{new}{}",
                &source[..f.value_range.start],
                &source[f.value_range.end..]
            )
        }
        None => format!(
            "{}{key}: {}{eol}{}",
            &source[..fm.yaml_range.end],
            yaml_value(value, None),
            &source[fm.yaml_range.end..]
        ),
    };
    let check = crate::document::front_matter::parse(&out, bom)?;
    let Ok(serde_norway::Value::Mapping(map)) = &check.parsed else {
        return None;
    };
    let read = match map.get(serde_norway::Value::String(key.into())) {
        Some(serde_norway::Value::String(s)) => s.clone(),
        Some(serde_norway::Value::Null) | None => String::new(),
        Some(_) => return None,
    };
    (read == value).then_some(out)
}

/// Whether a quoted YAML value is one whole quoted scalar (`"a"`, `'b'`), nothing after.
fn quoted_whole(v: &str) -> bool {
    let Some(q) = v.chars().next() else {
        return false;
    };
    let inner = &v[1..];
    match q {
        '"' => {
            let mut escaped = false;
            for (i, c) in inner.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return inner[i + 1..].trim().is_empty(),
                    _ => escaped = false,
                }
            }
            false
        }
        _ => {
            let mut chars = inner.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\'' {
                    if chars.peek().map(|(_, n)| *n) == Some('\'') {
                        chars.next();
                        continue;
                    }
                    return inner[i + 1..].trim().is_empty();
                }
            }
            false
        }
    }
}

/// `value` as a YAML scalar: in the quotes the field used (`quote`), else plain when YAML
/// reads it back as that string, else double-quoted.
fn yaml_value(value: &str, quote: Option<char>) -> String {
    let double = |v: &str| {
        let mut out = String::from("\"");
        for c in v.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    };
    match quote {
        Some('"') => return double(value),
        Some('\'') if !value.chars().any(char::is_control) => {
            return format!("'{}'", value.replace('\'', "''"));
        }
        _ => {}
    }
    let plain = !value.is_empty()
        && !value.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`', ' ',
        ])
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.chars().any(char::is_control)
        && matches!(
            serde_norway::from_str::<serde_norway::Value>(value),
            Ok(serde_norway::Value::String(ref s)) if s == value
        );
    if plain {
        value.to_string()
    } else {
        double(value)
    }
}

/// `text` with its line endings made `eol`, ending in one.
fn with_eol(text: &str, eol: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for l in text.split_inclusive('\n') {
        out.push_str(l.trim_end_matches(['\n', '\r']));
        out.push_str(eol);
    }
    out
}

/// The 1-based line of the first conflict's `<<<<<<<` marker in `text`, wherever the markers
/// sit: at a line's start, indented in a list item or a quote, or joined onto the end of
/// another line by a build that took them for text. The scan reads words, not blocks, so no
/// block structure can hide a conflict; all three markers in order make one (a setext
/// underline alone is none).
pub fn first_conflict(text: &str) -> Option<usize> {
    let mut open = None;
    let mut separated = false;
    for (n, line) in text.lines().enumerate() {
        for word in line.split_whitespace() {
            if word == MARKER_OURS {
                open = Some(n + 1);
                separated = false;
            } else if open.is_some() && word == "=======" {
                separated = true;
            } else if separated && word == ">>>>>>>" {
                return open;
            }
        }
    }
    None
}

/// The 1-based line of each conflict's `<<<<<<<` marker in `text` (GL320 reports them).
pub fn conflict_markers(text: &str) -> Vec<usize> {
    crate::rules::conflict_marker::conflicts(text)
        .into_iter()
        .map(|(_, first, _)| first)
        .collect()
}

impl Reverse {
    /// A guide's body with its snippets included, as build includes them; `None` when it
    /// includes nothing (or a snippet cannot be read: the build refused the page then).
    fn expanded(&self, body: &str) -> Option<crate::snippets::Expanded> {
        let includes = self.includes.as_ref().filter(|i| i.applies(body))?;
        includes.expand(body).ok().filter(|e| !e.groups.is_empty())
    }

    /// `source` with its snippets included, as build includes them.
    pub fn included_source(&self, source: &str) -> String {
        let (head, body) = source.split_at(body_start(source));
        match self.expanded(body) {
            Some(e) => format!("{head}{}", e.text),
            None => source.to_string(),
        }
    }

    /// Learns how the guide wrote what the build converted: link and image targets paired,
    /// block by block, between the guide's body and its build; and the admonition kind the
    /// guide uses per callout class.
    pub fn learn(&mut self, source: &str, built: &str) {
        let body = &source[body_start(source)..];
        let s_lines = split_lines(body);
        let b_lines = split_lines(built);
        let s: Vec<&str> = s_lines.iter().map(|l| key(l)).collect();
        let b: Vec<&str> = b_lines.iter().map(|l| key(l)).collect();
        let built_targets: HashSet<String> = b.iter().flat_map(|l| targets(l)).collect();
        self.written.extend(
            s.iter()
                .flat_map(|l| targets(l))
                .filter(|t| built_targets.contains(t)),
        );
        self.forms.learn_source(&s);
        let blocks = s
            .iter()
            .any(|l| block_kind(l, &self.callout_blocks).is_some());
        for (i, l) in s.iter().enumerate() {
            if let (Some(name), Some((_, _, _, Some(title)))) =
                (block_kind(l, &self.callout_blocks), header(l))
                && !title.is_empty()
            {
                let kind = block_type(&s[i + 1..]);
                self.block_titles
                    .entry(title.to_string())
                    .or_insert((name, kind));
            }
        }
        let admonitions = s.iter().any(|l| admonition_kind(l).is_some());
        self.blocks = blocks && !admonitions;
        self.keeps_callouts = !admonitions
            && !blocks
            && s.iter()
                .any(|l| callout_class_line(l).is_some() || html_callout_class(l).is_some());
        // Per callout class, every block name and type the guide uses for it: only a class
        // with one is learned.
        let mut block_kinds: HashMap<String, HashSet<(String, Option<String>)>> = HashMap::new();
        for seg in align(&s, &b).iter().filter(|g| !g.equal) {
            self.forms.learn_block(&s[seg.s.clone()], &b[seg.b.clone()]);
            let st: Vec<String> = s[seg.s.clone()].iter().flat_map(|l| targets(l)).collect();
            let bt: Vec<String> = b[seg.b.clone()].iter().flat_map(|l| targets(l)).collect();
            if st.len() == bt.len() {
                for (from, to) in bt.into_iter().zip(st) {
                    if from != to {
                        self.targets.entry(from).or_insert(to);
                    }
                }
            }
            // A block holding one admonition and one callout: the kind the guide uses for
            // that callout class.
            let kinds: Vec<String> = s[seg.s.clone()]
                .iter()
                .filter_map(|l| admonition_kind(l))
                .collect();
            let classes: Vec<&str> = b[seg.b.clone()]
                .iter()
                .filter_map(|l| callout_class_line(l))
                .collect();
            if let ([kind], [class]) = (kinds.as_slice(), classes.as_slice()) {
                self.kinds
                    .entry((*class).to_string())
                    .or_insert_with(|| kind.clone());
            }
            // The same for blocks: the blocks of the segment and the outer callout's class (its
            // last line, or its first in HTML form).
            let heads: Vec<(usize, String)> = s[seg.s.clone()]
                .iter()
                .enumerate()
                .filter_map(|(i, l)| block_kind(l, &self.callout_blocks).map(|k| (i, k)))
                .collect();
            let outer = b[seg.b.clone()]
                .first()
                .and_then(|l| html_callout_class(l))
                .or_else(|| classes.first().map(|c| (*c).to_string()));
            // Every block of the segment counts for that class: blocks nested in it may be
            // of its class too, and which callout each became is not told.
            if let Some(class) = outer {
                let set = block_kinds.entry(class).or_default();
                for (i, name) in heads {
                    set.insert((name, block_type(&s[seg.s.start + i + 1..seg.s.end])));
                }
            }
        }
        for (class, kinds) in block_kinds {
            if kinds.len() == 1 {
                self.block_kinds
                    .extend(kinds.into_iter().map(|k| (class.clone(), k)));
            }
        }
        if self.forms.tabs {
            // Each built tab in the form it reaches `Forms::apply` in.
            let built: Vec<Vec<(String, String)>> = super::forms::built_tabs(&b)
                .into_iter()
                .map(|set| {
                    set.into_iter()
                        .map(|(title, body)| {
                            let text = self.blocks_back(&format!("{body}\n"));
                            let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
                            (title, lines.join("\n").trim_matches('\n').to_string())
                        })
                        .collect()
                })
                .collect();
            self.forms
                .learn_tabs(&super::forms::source_tabs(&s_lines), &built);
        }
    }

    /// `text` (Wiki.js form) in the guide's dialect.
    pub fn apply(&self, text: &str) -> String {
        let text = self.forms.apply(&self.blocks_back(text));
        self.links_back(&text)
    }

    /// Callouts (unless the guide keeps them) and components in the guide's form.
    fn blocks_back(&self, text: &str) -> String {
        let text = if self.keeps_callouts {
            text.to_string()
        } else {
            self.callouts_to_admonitions(text)
        };
        components_to_plain(&text)
    }

    fn kind_for(&self, class: &str) -> String {
        if let Some(k) = self.kinds.get(class) {
            return k.clone();
        }
        match class {
            "is-success" => "tip",
            "is-warning" => "warning",
            "is-danger" => "danger",
            "" => "quote",
            _ => "note",
        }
        .to_string()
    }

    /// `> ...` lines ending in a `{.is-x}` line become `!!! kind "Title"` with the body indented.
    fn callouts_to_admonitions(&self, text: &str) -> String {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < lines.len() {
            let quoted = |l: &str| l.starts_with('>');
            if let Some(class) = html_callout_class(lines[i])
                && let Some(len) = lines[i + 1..]
                    .iter()
                    .position(|l| l.trim() == "</blockquote>")
            {
                let body: Vec<&str> = lines[i + 1..i + 1 + len]
                    .iter()
                    .map(|l| l.trim_end_matches(['\n', '\r']))
                    .skip_while(|l| l.trim().is_empty())
                    .collect();
                let (title, rest) = match body.first().map(|f| f.trim()) {
                    Some(f) if is_title(f) => (Some(f[2..f.len() - 2].to_string()), &body[1..]),
                    _ => (None, &body[..]),
                };
                self.write_admonition(&mut out, &class, title, rest);
                i += len + 2;
                continue;
            }
            if quoted(lines[i]) {
                let mut j = i;
                while j < lines.len() && quoted(lines[j]) {
                    j += 1;
                }
                let class = lines.get(j).and_then(|l| callout_class_line(l));
                if let Some(class) = class {
                    let body: Vec<String> = lines[i..j]
                        .iter()
                        .map(|l| {
                            let l = l.trim_end_matches(['\n', '\r']);
                            let l = l.strip_prefix('>').unwrap_or(l);
                            l.strip_prefix(' ').unwrap_or(l).to_string()
                        })
                        .collect();
                    let (title, rest) = match body.first().map(|f| f.trim()) {
                        Some(f) if is_title(f) => (Some(f[2..f.len() - 2].to_string()), &body[1..]),
                        _ => (None, &body[..]),
                    };
                    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
                    self.write_admonition(&mut out, class, title, &rest);
                    i = j + 1;
                    continue;
                }
                for l in &lines[i..j] {
                    out.push_str(l);
                }
                i = j;
                continue;
            }
            out.push_str(lines[i]);
            i += 1;
        }
        out
    }

    /// `!!! kind "Title"` and the body indented by four spaces; or, when the guide writes
    /// blocks, [`Reverse::write_block`].
    fn write_admonition(
        &self,
        out: &mut String,
        class: &str,
        title: Option<String>,
        body: &[&str],
    ) {
        if self.blocks {
            return self.write_block(out, class, title, body);
        }
        out.push_str(&format!("!!! {}", self.kind_for(class)));
        if let Some(t) = &title {
            out.push_str(&format!(" \"{}\"", t.replace('"', "\\\"")));
        }
        out.push('\n');
        let body = body
            .iter()
            .skip_while(|l| l.trim().is_empty() && title.is_some());
        let mut lines: Vec<&str> = body.copied().collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        for l in lines {
            if l.trim().is_empty() {
                out.push('\n');
            } else {
                out.push_str("    ");
                out.push_str(l);
                out.push('\n');
            }
        }
    }

    /// `/// kind | Title`, the `type` option the guide gives such a block, the body as it is
    /// (its callouts made blocks too), and the closing fence: one slash longer than the
    /// longest fence inside, and at least three.
    fn write_block(&self, out: &mut String, class: &str, title: Option<String>, body: &[&str]) {
        let (name, kind) = title
            .as_deref()
            .and_then(|t| self.block_titles.get(t.trim()))
            .or_else(|| self.block_kinds.get(class))
            .cloned()
            .unwrap_or_else(|| (self.kind_for(class), None));
        let mut lines: Vec<&str> = body
            .iter()
            .copied()
            .skip_while(|l| l.trim().is_empty())
            .collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        let mut inner = String::new();
        for l in &lines {
            inner.push_str(l);
            inner.push('\n');
        }
        let inner = self.callouts_to_admonitions(&inner);
        let longest = inner
            .lines()
            .filter_map(|l| header(l).map(|h| h.1))
            .max()
            .unwrap_or(2);
        let fence = "/".repeat((longest + 1).max(3));
        out.push_str(&fence);
        out.push(' ');
        out.push_str(&name);
        if let Some(t) = title.as_deref().filter(|t| !t.trim().is_empty()) {
            out.push_str(" | ");
            out.push_str(t.trim());
        }
        out.push('\n');
        if let Some(k) = kind {
            out.push_str(&format!("    type: {k}\n"));
        }
        // An indented first line would read as an option: a blank line keeps it content.
        if inner.starts_with([' ', '\t']) {
            out.push('\n');
        }
        out.push_str(&inner);
        out.push_str(&fence);
        out.push('\n');
    }

    /// Link and image targets back to the guide's: as the guide wrote them where known, else
    /// an absolute page link to a guide page becomes the relative `.md` link to its file.
    fn links_back(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = next_target(rest) {
            let (before, after) = rest.split_at(at);
            out.push_str(before);
            let end = after
                .find(|c: char| c.is_whitespace() || c == ')' || c == '"' || c == '\'')
                .unwrap_or(after.len());
            let target = &after[..end];
            out.push_str(&self.target_back(target));
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }

    fn target_back(&self, target: &str) -> String {
        if let Some(t) = self.targets.get(target) {
            return t.clone();
        }
        if self.written.contains(target) {
            return target.to_string();
        }
        let Some(page) = target.strip_prefix('/') else {
            return target.to_string();
        };
        let (page, anchor) = match page.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (page, None),
        };
        let Some(file) = self.pages.get(page) else {
            return target.to_string();
        };
        let from = self.source.parent().unwrap_or(Path::new(""));
        let mut rel = crate::util::relative_path(from, file);
        if let Some(a) = anchor {
            rel.push('#');
            rel.push_str(a);
        }
        rel
    }
}

/// `**Title**` alone on a line: a callout's title.
fn is_title(line: &str) -> bool {
    line.len() > 4
        && line.starts_with("**")
        && line.ends_with("**")
        && !line[2..line.len() - 2].contains("**")
}

/// `<blockquote class="is-info">` -> `is-info`.
fn html_callout_class(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("<blockquote class=\"")?;
    let (class, after) = rest.split_once('"')?;
    (after == ">" && class.starts_with("is-") && !class.contains(' ')).then(|| class.to_string())
}

/// `{.is-info}` -> `is-info`.
fn callout_class_line(line: &str) -> Option<&str> {
    line.trim()
        .strip_prefix("{.")
        .and_then(|r| r.strip_suffix('}'))
        .filter(|c| c.starts_with("is-") && !c.contains([' ', '{', '}', '.']))
}

/// A pymdownx.blocks header that build makes a callout (`/// tip | Title`, `//// details`):
/// its name.
fn block_kind(line: &str, project: &HashSet<String>) -> Option<String> {
    let (_, _, name, _) = header(line.trim_end_matches(['\n', '\r']))?;
    let name = name.to_ascii_lowercase();
    (crate::build::blocks::makes_callout(&name) || project.contains(&name)).then_some(name)
}

/// The `type` option among the lines right after a block's header.
fn block_type(after_header: &[&str]) -> Option<String> {
    after_header
        .iter()
        .take_while(|l| l.starts_with("    ") && l.contains(':'))
        .find_map(|l| {
            let (k, v) = l.trim().split_once(':')?;
            (k.trim() == "type").then(|| v.trim().to_string())
        })
}

/// `!!! tip "Title"` (or `???`, `???+`) -> `tip`.
fn admonition_kind(line: &str) -> Option<String> {
    let t = line.trim_start();
    let rest = t
        .strip_prefix("!!!")
        .or_else(|| t.strip_prefix("???+"))
        .or_else(|| t.strip_prefix("???"))?;
    let kind: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!kind.is_empty()).then_some(kind)
}

/// Where the next link or image target starts in `text`: after `](` or `src="`/`href="`.
fn next_target(text: &str) -> Option<usize> {
    let md = text.find("](").map(|i| i + 2);
    let src = text.find("src=\"").map(|i| i + 5);
    let href = text.find("href=\"").map(|i| i + 6);
    [md, src, href].into_iter().flatten().min()
}

/// The targets of links and images on a line, in order.
fn targets(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = next_target(rest) {
        let after = &rest[at..];
        let end = after
            .find(|c: char| c.is_whitespace() || c == ')' || c == '"' || c == '\'')
            .unwrap_or(after.len());
        if end > 0 {
            out.push(after[..end].to_string());
        }
        rest = &after[end..];
    }
    out
}

/// `data-identity`, `data-path`, ... back to the plain attributes the guide writes, on the
/// components (elements with `data-identity`).
fn components_to_plain(text: &str) -> String {
    const NAMES: [&str; 6] = ["identity", "path", "tag", "prefix", "suffix", "default"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let (before, tag) = rest.split_at(open);
        out.push_str(before);
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        let mut t = tag[..end].to_string();
        if t.contains(" data-identity=") {
            for n in NAMES {
                t = t.replace(&format!(" data-{n}="), &format!(" {n}="));
            }
        }
        out.push_str(&t);
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev() -> Reverse {
        Reverse {
            source: PathBuf::from("guides/da/move.md"),
            ..Default::default()
        }
    }

    /// A guide that includes a snippet and gets abbreviations appended, its build, and the
    /// reverse that knows the project's snippets.
    fn with_snippets() -> (tempfile::TempDir, Reverse, &'static str, &'static str) {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join("includes")).unwrap();
        std::fs::write(
            root.join("includes/terms.md"),
            "Shared line one.\nShared line two.",
        )
        .unwrap();
        std::fs::write(
            root.join("includes/abbr.md"),
            "*[CSV]: Comma-separated values",
        )
        .unwrap();
        let mut r = rev();
        r.includes = Some(crate::snippets::Includes::for_tests(
            &root,
            crate::mkdocs::Snippets {
                auto_append: vec!["includes/abbr.md".into()],
                ..Default::default()
            },
        ));
        let source = "# A\n\nOwn paragraph.\n\n--8<-- \"includes/terms.md\"\n--8<-- [start:x]\n\nLast paragraph.\n";
        let built = "# A\n\nOwn paragraph.\n\nShared line one.\nShared line two.\n\nLast paragraph.\n\n\n*[CSV]: Comma-separated values\n\n";
        (dir, r, source, built)
    }

    #[test]
    fn included_text_is_never_written_into_the_guide() {
        let (_dir, r, source, built) = with_snippets();
        assert_eq!(
            r.included_source(source).replace("\n\n\n", "\n\n"),
            built.replace("\n\n\n", "\n\n")
        );
        // Nothing changed, or only the page's own text: the include line, the section marker
        // and the appended file stay as the guide writes them.
        assert_eq!(
            merge(source, built, Some(built), built, &r, "x"),
            Merged::Unchanged
        );
        let wiki = built
            .replace("Own paragraph.", "Own paragraph, edited.")
            .replace("Last paragraph.", "Last paragraph, edited.");
        let m = merge(source, built, Some(built), &wiki, &r, "x");
        let Merged::Clean { text, .. } = m else {
            panic!("not clean: {m:?}")
        };
        assert_eq!(
            text,
            source
                .replace("Own paragraph.", "Own paragraph, edited.")
                .replace("Last paragraph.", "Last paragraph, edited.")
        );
        // A paragraph added at the page's end, after the appended abbreviations.
        let wiki = format!("{built}New closing words.\n");
        let m = merge(source, built, Some(built), &wiki, &r, "x");
        let Merged::Clean { text, .. } = m else {
            panic!("not clean: {m:?}")
        };
        assert!(
            text.starts_with(source) && text.contains("New closing words."),
            "{text}"
        );
        assert!(!text.contains("*[CSV]"), "{text}");
        // An edit of included text: a conflict around the include line, which stays.
        let wiki = built.replace("Shared line two.", "Shared line two, edited on the wiki.");
        let Merged::Conflict {
            text, conflicts, ..
        } = merge(source, built, Some(built), &wiki, &r, "x")
        else {
            panic!("not a conflict")
        };
        assert_eq!(conflicts, 1);
        assert!(
            text.contains(
                "<<<<<<< guide\n--8<-- \"includes/terms.md\"\n=======\nShared line two, edited on \
                 the wiki.\n>>>>>>> wiki x (changes text a snippet includes"
            ),
            "{text}"
        );
        assert!(
            text.starts_with("# A\n\nOwn paragraph.\n\n<<<<<<<"),
            "{text}"
        );
        assert!(
            text.ends_with("\n--8<-- [start:x]\n\nLast paragraph.\n"),
            "{text}"
        );
    }

    #[test]
    fn nothing_changed_on_the_wiki_changes_nothing() {
        let source = "---\ntitle: T\n---\n\n# A\n\nOne\ntwo.\n";
        let built = "# A\n\nOne two.\n";
        assert_eq!(
            merge(source, built, Some(built), built, &rev(), "da/move"),
            Merged::Unchanged
        );
        // Blank lines Wiki.js adds or drops at the ends are no change.
        let wiki = "\n# A\n\nOne two.";
        assert_eq!(
            merge(source, built, Some(built), wiki, &rev(), "da/move"),
            Merged::Unchanged
        );
    }

    #[test]
    fn a_wiki_edit_replaces_only_its_block_and_keeps_the_rest_byte_for_byte() {
        let source = "# A\r\n\r\nOne\r\ntwo.\r\n\r\nKept  \r\nas is.\r\n";
        let built = "# A\r\n\r\nOne two.\r\n\r\nKept as is.\r\n";
        let wiki = "# A\n\nOne two, fixed.\n\nKept as is.\n";
        let Merged::Clean { text, blocks } =
            merge(source, built, Some(built), wiki, &rev(), "da/move")
        else {
            panic!("not clean")
        };
        assert_eq!(blocks, 1);
        assert_eq!(
            text,
            "# A\r\n\r\nOne two, fixed.\r\n\r\nKept  \r\nas is.\r\n"
        );
    }

    #[test]
    fn changes_on_both_sides_in_different_places_merge() {
        let base = "# A\n\nOne.\n\nTwo.\n\nThree.\n";
        let source = "# A\n\nOne, changed in the guide.\n\nTwo.\n\nThree.\n";
        let built = source;
        let wiki = "# A\n\nOne.\n\nTwo.\n\nThree, changed on the wiki.\n";
        let Merged::Clean { text, .. } = merge(source, built, Some(base), wiki, &rev(), "x") else {
            panic!()
        };
        assert_eq!(
            text,
            "# A\n\nOne, changed in the guide.\n\nTwo.\n\nThree, changed on the wiki.\n"
        );
    }

    #[test]
    fn the_same_line_changed_on_both_sides_is_a_conflict_with_markers() {
        let base = "# A\n\nOne.\n";
        let source = "# A\n\nOne, guide.\n";
        let wiki = "# A\n\nOne, wiki.\n";
        let Merged::Conflict {
            text, conflicts, ..
        } = merge(source, source, Some(base), wiki, &rev(), "da/move")
        else {
            panic!()
        };
        assert_eq!(conflicts, 1);
        assert_eq!(
            text,
            "# A\n\n<<<<<<< guide\nOne, guide.\n=======\nOne, wiki.\n>>>>>>> wiki da/move\n"
        );
        assert_eq!(conflict_markers(&text), vec![3]);
    }

    #[test]
    fn without_a_base_nothing_is_dropped() {
        let source = "# A\n\nOnly in the guide.\n\nShared.\n";
        let wiki = "# A\n\nShared.\n\nOnly on the wiki.\n";
        let text = match merge(source, source, None, wiki, &rev(), "x") {
            Merged::Clean { text, .. } | Merged::Conflict { text, .. } => text,
            Merged::Unchanged => panic!("the wiki's line was dropped"),
        };
        assert!(text.contains("Only in the guide.") && text.contains("Only on the wiki."));
        assert!(text.contains("Shared."));
    }

    #[test]
    fn callouts_components_and_links_come_back_in_the_guides_form() {
        let mut r = rev();
        r.pages
            .insert("da/other".into(), PathBuf::from("guides/da/sub/other.md"));
        let source = "# A\n\n!!! tip \"Hint\"\n    See [x](other.md#y).\n\nText.\n";
        let built = "# A\n\n> **Hint**\n> See [x](/da/other#y).\n{.is-success}\n\nText.\n";
        r.learn(source, built);
        assert_eq!(r.kinds.get("is-success").map(String::as_str), Some("tip"));
        let wiki = "# A\n\n> **Hint**\n> See [x](/da/other#y) now.\n{.is-success}\n\nText.\n\n[New](/da/other) <span data-identity=\"m\" data-path=\"p\">z</span>\n";
        let Merged::Clean { text, .. } = merge(source, built, Some(built), wiki, &r, "x") else {
            panic!()
        };
        assert_eq!(
            text,
            "# A\n\n!!! tip \"Hint\"\n    See [x](other.md#y) now.\n\nText.\n\n[New](sub/other.md) <span identity=\"m\" path=\"p\">z</span>\n"
        );
    }

    #[test]
    fn an_edited_admonition_keeps_its_marker_type_and_title_and_an_untouched_one_its_bytes() {
        let source = "# A\n\n??? question \"Why not X?\"\n    Because of Y.\n\n\
                      !!! warning \"Careful\"\n    A body wrapped\n    over two lines.\n\nText.\n";
        let built = "# A\n\n> **Why not X?**\n> Because of Y.\n{.is-info}\n\n\
                     > **Careful**\n> A body wrapped over two lines.\n{.is-warning}\n\nText.\n";
        let mut r = rev();
        r.learn(source, built);
        let wiki = built.replace("Because of Y.", "Because of Z.");
        let Merged::Clean { text, .. } = merge(source, built, Some(built), &wiki, &r, "x") else {
            panic!()
        };
        assert_eq!(text, source.replace("Because of Y.", "Because of Z."));
        // The wiki changed the title: the wiki's title, still a `???` admonition's body.
        let wiki = built.replace("**Why not X?**", "**Why not W?**");
        let Merged::Clean { text, .. } = merge(source, built, Some(built), &wiki, &r, "x") else {
            panic!()
        };
        assert!(text.contains("Why not W?"), "{text}");
        assert!(
            text.contains("!!! warning \"Careful\"\n    A body wrapped\n    over two lines.\n"),
            "{text}"
        );
    }

    #[test]
    fn a_guide_of_pymdown_blocks_gets_blocks_back_with_its_fences_and_wrappers() {
        let source = "# A\n\n//// details | Why not X?\n    type: warning\n\nBecause of Y,\nwrapped.\n\n\
                      /// note | Inside\nNested.\n///\n////\n\n/// html | div.list\n- one\n- two\n///\n\nText.\n";
        let built = "# A\n\n<blockquote class=\"is-warning\">\n\n**Why not X?**\n\nBecause of Y, wrapped.\n\n\
                     > **Inside**\n>\n> Nested.\n{.is-info}\n\n</blockquote>\n\n- one\n- two\n\nText.\n";
        let mut r = rev();
        r.learn(source, built);
        assert!(r.blocks);
        let merged = |wiki: &str| match merge(source, built, Some(built), wiki, &r, "x") {
            Merged::Clean { text, .. } => text,
            m => panic!("{m:?}"),
        };
        // An edit in the nested block: the guide's fences, options and wrapped paragraph stay.
        assert_eq!(
            merged(&built.replace("> Nested.", "> Nested, edited.")),
            source.replace("Nested.", "Nested, edited.")
        );
        // An edit in the wrapper's body: its header and fence stay, though the wiki has none.
        assert_eq!(
            merged(&built.replace("- two", "- two, edited")),
            source.replace("- two", "- two, edited")
        );
        // A callout added on the wiki comes back as a block.
        let text = merged(&built.replace("Text.", "> **New**\n> Added.\n{.is-success}\n\nText."));
        assert!(text.contains("/// tip | New\nAdded.\n///\n"), "{text}");
    }

    #[test]
    fn an_edited_definition_comes_back_as_a_definition_list() {
        let source =
            "# G\n\nRoom\n:   A conversation\n    between people.\n\nSpace\n:   A group.\n";
        let built = "# G\n\nRoom\n:   A conversation between people.\n\nSpace\n:   A group.\n";
        let mut r = rev();
        r.learn(source, built);
        let wiki = built.replace("A group.", "A group of rooms.");
        let Merged::Clean { text, .. } = merge(source, built, Some(built), &wiki, &r, "x") else {
            panic!()
        };
        assert_eq!(text, source.replace("A group.", "A group of rooms."));
    }

    #[test]
    fn a_wikijs_guide_keeps_its_callouts() {
        let source = "# A\n\n> **Tip**\n> Text here.\n{.is-success}\n";
        let mut r = rev();
        r.learn(source, source);
        assert!(r.keeps_callouts);
        let wiki = "# A\n\n> **Tip**\n> Text here, edited.\n{.is-warning}\n";
        let Merged::Clean { text, .. } = merge(source, source, Some(source), wiki, &r, "x") else {
            panic!()
        };
        assert_eq!(text, wiki);
    }

    #[test]
    fn markers_need_all_three_lines() {
        assert!(conflict_markers("Title\n=======\n").is_empty());
        // Wherever they sit: indented in a list item, or joined onto the item's line.
        assert_eq!(
            first_conflict(
                "# A\n\n1. x\n   <<<<<<< guide\n   y\n   =======\n   z\n   >>>>>>> wiki\n"
            ),
            Some(4)
        );
        assert_eq!(
            first_conflict("1. a <<<<<<< guide\n2. b =======\n2. c\n>>>>>>> wiki da/x\n"),
            Some(1)
        );
        assert_eq!(first_conflict("Title\n=======\n\n> >>>>>>> b\n"), None);
        assert_eq!(first_conflict(">>>>>>> b\n=======\n<<<<<<< a\n"), None);
        assert!(conflict_markers("<<<<<<< a\nx\n>>>>>>> b\n").is_empty());
        assert_eq!(
            conflict_markers("a\n<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n"),
            vec![2]
        );
    }

    #[test]
    fn front_matter_fields_are_set_as_they_were_written() {
        let src = "---\ntitle: Old title\ndescription: \"Old\"\ntags: a\n---\n\n# Body\n";
        assert_eq!(
            set_front_matter(src, "title", "New: a title").as_deref(),
            Some("---\ntitle: \"New: a title\"\ndescription: \"Old\"\ntags: a\n---\n\n# Body\n")
        );
        assert_eq!(
            set_front_matter(src, "description", "Say \"hi\"").as_deref(),
            Some(
                "---\ntitle: Old title\ndescription: \"Say \\\"hi\\\"\"\ntags: a\n---\n\n# Body\n"
            )
        );
        assert_eq!(
            set_front_matter("---\r\ntitle: 'It''s'\r\n---\r\nX\r\n", "title", "Isn't").as_deref(),
            Some("---\r\ntitle: 'Isn''t'\r\n---\r\nX\r\n")
        );
        // A missing field is added; plain words stay plain, `true` does not.
        assert_eq!(
            set_front_matter("---\ntitle: T\n---\n", "description", "true").as_deref(),
            Some("---\ntitle: T\ndescription: \"true\"\n---\n")
        );
        // No front matter, or a value over several lines: not touched.
        assert_eq!(set_front_matter("# T\n", "title", "X"), None);
        assert_eq!(
            set_front_matter("---\ntitle: >\n  long\n---\n", "title", "X"),
            None
        );
    }
}
