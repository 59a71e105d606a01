//! Alignment of a translation with its source: sections first (heading number, level, order,
//! shared fingerprints), then units inside each aligned pair of sections, both as an
//! order-preserving sequence alignment (weighted LCS) over fingerprints and shapes, never over
//! words. A second pass pairs strongly similar sections that moved.

use super::fingerprint::{Fp, FpKind};
use super::units::{PageUnits, Unit, UnitKind};

/// A pair of pages aligned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// For each target section, its source section.
    pub sections: Vec<Option<usize>>,
    /// For each source section, its target section.
    pub source_sections: Vec<Option<usize>>,
    /// For each target unit, its source unit.
    pub units: Vec<Option<usize>>,
    /// For each source unit, its target unit.
    pub source_units: Vec<Option<usize>>,
}

/// Above this many cells the alignment falls back to matching by relative position.
const MAX_CELLS: usize = 4_000_000;

/// Order-preserving alignment maximising the sum of the scores of matched pairs; a pair whose
/// score is below `min` is never matched.
pub fn sequence(
    n: usize,
    m: usize,
    score: impl Fn(usize, usize) -> f64,
    min: f64,
) -> Vec<(usize, usize)> {
    if n == 0 || m == 0 {
        return Vec::new();
    }
    if n.saturating_mul(m) > MAX_CELLS {
        return by_position(n, m, score, min);
    }
    let w = m + 1;
    let mut dp = vec![0.0f64; (n + 1) * w];
    // 0 = from the diagonal (match), 1 = skip source, 2 = skip target.
    let mut from = vec![0u8; (n + 1) * w];
    for i in 1..=n {
        from[i * w] = 1;
    }
    for f in &mut from[1..=m] {
        *f = 2;
    }
    for i in 1..=n {
        for j in 1..=m {
            let up = dp[(i - 1) * w + j];
            let left = dp[i * w + j - 1];
            let (mut best, mut dir) = if up >= left { (up, 1) } else { (left, 2) };
            let s = score(i - 1, j - 1);
            if s >= min {
                let diag = dp[(i - 1) * w + j - 1] + s;
                if diag > best {
                    best = diag;
                    dir = 0;
                }
            }
            dp[i * w + j] = best;
            from[i * w + j] = dir;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        match from[i * w + j] {
            0 => {
                pairs.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            1 => i -= 1,
            _ => j -= 1,
        }
    }
    pairs.reverse();
    pairs
}

fn by_position(
    n: usize,
    m: usize,
    score: impl Fn(usize, usize) -> f64,
    min: f64,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut last = None;
    for i in 0..n {
        let j = i * m / n;
        if last.is_some_and(|l| j <= l) {
            continue;
        }
        if score(i, j) >= min {
            pairs.push((i, j));
            last = Some(j);
        }
    }
    pairs
}

const NEVER: f64 = -1e9;

/// The fingerprints of a pair of pages as small integers: equal fingerprints get equal ids, so
/// the many similarity scores of the alignment compare sorted integer lists instead of maps of
/// strings, and GL406 compares sections by them. (Seeded hashing: a page's fingerprints are the
/// author's text.)
pub struct Numbered<'p> {
    pub(super) ids: foldhash::HashMap<&'p Fp, u32>,
    /// By id.
    pub(super) fps: Vec<&'p Fp>,
    /// The id of every fingerprint of each page, in page order (unit by unit).
    pub(super) src: Vec<u32>,
    pub(super) tgt: Vec<u32>,
}

impl<'p> Numbered<'p> {
    fn id(&mut self, f: &'p Fp) -> u32 {
        let next = self.fps.len() as u32;
        *self.ids.entry(f).or_insert_with(|| {
            self.fps.push(f);
            next
        })
    }
}

/// Lists of fingerprint ids, each sorted, stored one after the other.
struct Bags {
    ids: Vec<u32>,
    /// Where each list ends in `ids`.
    ends: Vec<usize>,
}

impl Bags {
    fn with_capacity(lists: usize, ids: usize) -> Bags {
        Bags {
            ids: Vec::with_capacity(ids),
            ends: Vec::with_capacity(lists),
        }
    }

    /// Where list `k` starts in `ids` (for `k` the number of lists: where the next would).
    fn start(&self, k: usize) -> usize {
        if k == 0 { 0 } else { self.ends[k - 1] }
    }

    /// Ends the list being pushed (the ids pushed since the last one), sorting it.
    fn close(&mut self) {
        let start = self.start(self.ends.len());
        self.ids[start..].sort_unstable();
        self.ends.push(self.ids.len());
    }

    fn get(&self, k: usize) -> &[u32] {
        &self.ids[self.start(k)..self.ends[k]]
    }
}

/// Dice similarity of two multisets given as sorted lists (0 when both are empty); the same
/// value as [`dice`](super::fingerprint::dice) on the corresponding bags.
fn dice_sorted(a: &[u32], b: &[u32]) -> f64 {
    if a.len() + b.len() == 0 {
        return 0.0;
    }
    2.0 * sorted_common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// The size of the multiset intersection of two sorted lists.
pub(super) fn sorted_common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// What the scores read of one page, computed once.
struct PageFacts {
    /// Per section: its fingerprints (same-page anchors left out).
    section_bags: Bags,
    /// Per section: its heading's key (0 without a heading).
    heading_keys: Vec<u64>,
    /// Per unit: its fingerprints.
    unit_bags: Bags,
    /// Per unit: its text's length in characters (at least 1).
    unit_chars: Vec<f64>,
    /// Per section: the length in characters of its units but its heading (at least 1).
    section_chars: Vec<f64>,
}

impl PageFacts {
    /// The facts of a page, and the id of each of its fingerprints in page order.
    fn new<'p>(p: &'p PageUnits, numbered: &mut Numbered<'p>) -> (PageFacts, Vec<u32>) {
        // Every fingerprint is looked up once, in page order; a section's bag is then made of
        // its units' ids (its units are a range of the page's).
        // Callouts are not read: the dialects write them differently (an admonition's type, a
        // callout's class), and GL406 compares them on its own; nor are code blocks, which
        // GL406 compares.
        let fps = p.units.iter().map(|u| u.fingerprints.len()).sum();
        let mut unit_bags = Bags::with_capacity(p.units.len(), fps);
        let mut in_page_order = Vec::with_capacity(fps);
        let mut anchor = Vec::with_capacity(fps);
        for u in &p.units {
            for f in &u.fingerprints {
                let id = numbered.id(f);
                in_page_order.push(id);
                if !matches!(f.kind, FpKind::Callout | FpKind::CodeBlock) {
                    unit_bags.ids.push(id);
                    anchor.push(f.kind == FpKind::Anchor);
                }
            }
            unit_bags.ends.push(unit_bags.ids.len());
        }
        let mut section_bags = Bags::with_capacity(p.sections.len(), fps);
        for s in &p.sections {
            let (from, to) = (unit_bags.start(s.units.start), unit_bags.start(s.units.end));
            for (id, a) in unit_bags.ids[from..to].iter().zip(&anchor[from..to]) {
                if !a {
                    section_bags.ids.push(*id);
                }
            }
            section_bags.close();
        }
        for k in 0..p.units.len() {
            let range = unit_bags.start(k)..unit_bags.ends[k];
            unit_bags.ids[range].sort_unstable();
        }
        let unit_chars: Vec<f64> = p
            .units
            .iter()
            .map(|u| u.text.chars().count().max(1) as f64)
            .collect();
        let section_chars = p
            .sections
            .iter()
            .map(|s| {
                s.units
                    .clone()
                    .filter(|&k| s.heading != Some(k))
                    .map(|k| unit_chars[k])
                    .sum::<f64>()
                    .max(1.0)
            })
            .collect();
        let facts = PageFacts {
            section_bags,
            heading_keys: p
                .sections
                .iter()
                .map(|s| s.heading.map_or(0, |h| p.units[h].key))
                .collect(),
            unit_bags,
            unit_chars,
            section_chars,
        };
        (facts, in_page_order)
    }
}

/// How many levels the translation's headings sit below the source's (negative: above), as a
/// page: the shift that puts the most translated headings on a level the source's headings
/// have (counted with their repeats), no shift when it ties. A translation whose every section
/// is `###` for the source's `##` is aligned as one at the same levels; one that only drops
/// the page's title keeps its other levels, and no shift.
fn level_shift(src: &PageUnits, tgt: &PageUnits) -> i16 {
    let counts = |p: &PageUnits| {
        let mut n = [0usize; 7];
        for s in p.sections.iter().filter(|s| !s.is_intro()) {
            n[usize::from(s.level.min(6))] += 1;
        }
        n
    };
    let (a, b) = (counts(src), counts(tgt));
    let overlap = |d: i16| -> usize {
        (1..=6i16)
            .filter_map(|l| {
                let t = usize::try_from(l + d)
                    .ok()
                    .filter(|t| (1..=6).contains(t))?;
                Some(a[l as usize].min(b[t]))
            })
            .sum()
    };
    let mut best = (overlap(0), 0i16);
    for d in [-1, 1, -2, 2] {
        let o = overlap(d);
        if o > best.0 {
            best = (o, d);
        }
    }
    best.1
}

fn section_score(
    src: &PageUnits,
    tgt: &PageUnits,
    sf: &PageFacts,
    tf: &PageFacts,
    shift: i16,
    i: usize,
    j: usize,
) -> f64 {
    let (a, b) = (&src.sections[i], &tgt.sections[j]);
    if a.is_intro() || b.is_intro() {
        return if a.is_intro() && b.is_intro() {
            10.0
        } else {
            NEVER
        };
    }
    let mut s = 0.0;
    match (&a.number, &b.number) {
        (Some(x), Some(y)) if x == y => s += 4.0,
        (Some(_), Some(_)) => s -= 4.0,
        (None, None) => {}
        _ => s -= 0.5,
    }
    s += if i16::from(a.level) + shift == i16::from(b.level) {
        1.0
    } else {
        -1.5
    };
    let (ba, bb) = (sf.section_bags.get(i), tf.section_bags.get(j));
    if !ba.is_empty() && !bb.is_empty() {
        let d = dice_sorted(ba, bb);
        s += 4.0 * d;
        if d == 0.0 {
            s -= 1.0;
        }
    } else if ba.is_empty() != bb.is_empty() {
        s -= 0.5;
    }
    let (ka, kb) = (sf.heading_keys[i], tf.heading_keys[j]);
    if ka != 0 && ka == kb {
        s += 2.0;
    }
    // Their sizes in units, and in characters (a translation is about as long as its source)
    // as a tie-break between sections with nothing else to go by (translated headings, prose
    // only): the English section added between two translated ones, not the one after it, is
    // the one without a counterpart. (A weight that only breaks ties: a larger one moves
    // sections of different lengths below the score a pair needs.)
    let (na, nb) = (a.units.len().max(1) as f64, b.units.len().max(1) as f64);
    let (ca, cb) = (sf.section_chars[i], tf.section_chars[j]);
    s += na.min(nb) / na.max(nb) + 0.1 * (ca.min(cb) / ca.max(cb));
    s
}

/// Aligns a translation (`tgt`) with its source (`src`).
pub fn align(src: &PageUnits, tgt: &PageUnits) -> Alignment {
    align_numbered(src, tgt).0
}

/// [`align`], with the pair's fingerprints numbered.
pub(super) fn align_numbered<'p>(
    src: &'p PageUnits,
    tgt: &'p PageUnits,
) -> (Alignment, Numbered<'p>) {
    let fps: usize = [src, tgt]
        .iter()
        .flat_map(|p| &p.units)
        .map(|u| u.fingerprints.len())
        .sum();
    let mut numbered = Numbered {
        ids: foldhash::HashMap::with_capacity_and_hasher(fps, Default::default()),
        fps: Vec::with_capacity(fps),
        src: Vec::new(),
        tgt: Vec::new(),
    };
    let (sf, src_ids) = PageFacts::new(src, &mut numbered);
    let (tf, tgt_ids) = PageFacts::new(tgt, &mut numbered);
    (numbered.src, numbered.tgt) = (src_ids, tgt_ids);
    let shift = level_shift(src, tgt);
    let score = |i: usize, j: usize| section_score(src, tgt, &sf, &tf, shift, i, j);
    let mut pairs = sequence(src.sections.len(), tgt.sections.len(), score, 1.0);
    // Sections that moved: pair what is left when the evidence is strong.
    let mut src_free: Vec<bool> = vec![true; src.sections.len()];
    let mut tgt_free: Vec<bool> = vec![true; tgt.sections.len()];
    for &(i, j) in &pairs {
        src_free[i] = false;
        tgt_free[j] = false;
    }
    let mut candidates = Vec::new();
    for (i, _) in src_free.iter().enumerate().filter(|(_, f)| **f) {
        for (j, _) in tgt_free.iter().enumerate().filter(|(_, f)| **f) {
            let s = score(i, j);
            if s >= 5.0 {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if src_free[i] && tgt_free[j] {
            src_free[i] = false;
            tgt_free[j] = false;
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    pair_title_with_intro(src, tgt, shift, &mut pairs, &mut src_free, &mut tgt_free);
    pair_lone_gaps(src, tgt, shift, &mut pairs, &src_free, &tgt_free);

    // Each unit's bag as a slice, for the many unit scores.
    let src_bags: Vec<&[u32]> = (0..src.units.len()).map(|k| sf.unit_bags.get(k)).collect();
    let tgt_bags: Vec<&[u32]> = (0..tgt.units.len()).map(|k| tf.unit_bags.get(k)).collect();
    let mut al = Alignment {
        sections: vec![None; tgt.sections.len()],
        source_sections: vec![None; src.sections.len()],
        units: vec![None; tgt.units.len()],
        source_units: vec![None; src.units.len()],
    };
    for (i, j) in pairs {
        al.sections[j] = Some(i);
        al.source_sections[i] = Some(j);
        let su = src.sections[i].units.clone();
        let tu = tgt.sections[j].units.clone();
        let (a, b) = (
            UnitsOf {
                units: &src.units[su.clone()],
                bags: &src_bags[su.clone()],
                chars: &sf.unit_chars[su.clone()],
                positions: positions(su.len()),
            },
            UnitsOf {
                units: &tgt.units[tu.clone()],
                bags: &tgt_bags[tu.clone()],
                chars: &tf.unit_chars[tu.clone()],
                positions: positions(tu.len()),
            },
        );
        let unit_pairs = sequence(
            a.units.len(),
            b.units.len(),
            |x, y| unit_score(&a, &b, x, y),
            1.5,
        );
        for (x, y) in unit_pairs {
            al.units[tu.start + y] = Some(su.start + x);
            al.source_units[su.start + x] = Some(tu.start + y);
        }
    }
    (al, numbered)
}

/// The section a page's title heading opens: its first section, when it is a level-1 heading
/// with no text before it (the introduction holds no prose but the header's) and the page has
/// no other level-1 heading.
fn title_section(p: &PageUnits) -> Option<usize> {
    let intro = p.sections.first().filter(|s| s.is_intro())?;
    let first = p.sections.get(1).filter(|s| s.level == 1)?;
    let bare = !body_text(p, intro);
    let one = p.sections.iter().filter(|s| s.level == 1).count() == 1;
    (bare && one && !first.units.is_empty()).then_some(1)
}

/// Whether a page has no heading at the level the other page's title takes on it (`title`:
/// level 1 after the pages' [`level_shift`]) and body text before its first heading: a
/// Wiki.js page whose title is the one in its header, which the wiki shows above the text
/// (and whose sections may then sit a level higher).
/// When the other page's title heading stands alone (`bare`: no text under it before the next
/// heading), the introduction need hold no body text, only the header's title: the title is all
/// there is to pair.
fn titled_by_header(p: &PageUnits, title: i16, bare: bool) -> bool {
    p.sections
        .iter()
        .all(|s| s.is_intro() || i16::from(s.level) != title)
        && p.sections
            .first()
            .filter(|s| s.is_intro())
            .is_some_and(|s| {
                body_text(p, s)
                    || bare
                        && p.units[s.units.clone()]
                            .iter()
                            .any(|u| u.kind == UnitKind::PageTitle)
            })
}

/// Whether section `i` holds nothing but its heading (a page's title with no text under it).
fn heading_alone(p: &PageUnits, i: usize) -> bool {
    p.sections[i].units.len() <= 1
}

/// Whether a section holds prose of the page's body (its header's title and description left
/// out).
fn body_text(p: &PageUnits, s: &super::units::Section) -> bool {
    p.units[s.units.clone()]
        .iter()
        .any(|u| u.has_prose() && !u.kind.is_header())
}

/// One page opens with its title as a `#` heading and the text under it, the other has no
/// such heading and the same text before its first heading (a Wiki.js page that leaves the
/// title to its header, as the wiki shows it): the title's section is that introduction, not
/// a section missing from it. The two introductions, one of them bare, were paired as
/// introductions.
fn pair_title_with_intro(
    src: &PageUnits,
    tgt: &PageUnits,
    shift: i16,
    pairs: &mut Vec<(usize, usize)>,
    src_free: &mut [bool],
    tgt_free: &mut [bool],
) {
    let (i, j) = match (title_section(src), title_section(tgt)) {
        (Some(i), None) if titled_by_header(tgt, 1 + shift, heading_alone(src, i)) => (i, 0),
        (None, Some(j)) if titled_by_header(src, 1 - shift, heading_alone(tgt, j)) => (0, j),
        _ => return,
    };
    if !src_free[i] && i != 0 || !tgt_free[j] && j != 0 {
        return;
    }
    pairs.retain(|&(a, b)| a != 0 && b != 0);
    src_free[0] = true;
    tgt_free[0] = true;
    src_free[i] = false;
    tgt_free[j] = false;
    pairs.push((i, j));
    pairs.sort_unstable();
}

/// Pairs the sections left over where the structure leaves no doubt: between two paired
/// sections (or a page's end), one section of each page at the same level (after the page's
/// [`level_shift`]) or one apart (a heading written a level off, which GL409 then reports),
/// with the same number if any and units in like numbers. Their fingerprints may have nothing in common (a
/// code span the translation dropped, a link it added), which alone kept them apart; reporting
/// the English section as missing and its translation as extra would be wrong twice.
fn pair_lone_gaps(
    src: &PageUnits,
    tgt: &PageUnits,
    shift: i16,
    pairs: &mut Vec<(usize, usize)>,
    src_free: &[bool],
    tgt_free: &[bool],
) {
    // Paired sections in page order on both sides (a moved section breaks the order: then
    // no gap is read).
    if pairs.windows(2).any(|w| w[1].1 <= w[0].1) {
        return;
    }
    let bounds: Vec<(usize, usize)> = std::iter::once((0, 0))
        .chain(pairs.iter().map(|&(i, j)| (i + 1, j + 1)))
        .collect();
    let ends: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .chain(std::iter::once((src.sections.len(), tgt.sections.len())))
        .collect();
    let mut found = Vec::new();
    for (&(i0, j0), &(i1, j1)) in bounds.iter().zip(&ends) {
        let free_src: Vec<usize> = (i0..i1).filter(|&i| src_free[i]).collect();
        let free_tgt: Vec<usize> = (j0..j1).filter(|&j| tgt_free[j]).collect();
        let ([i], [j]) = (free_src.as_slice(), free_tgt.as_slice()) else {
            continue;
        };
        let (a, b) = (&src.sections[*i], &tgt.sections[*j]);
        let (na, nb) = (a.units.len().max(1), b.units.len().max(1));
        if !a.is_intro()
            && !b.is_intro()
            && (i16::from(b.level) - i16::from(a.level) - shift).abs() <= 1
            && a.number == b.number
            && 2 * na.min(nb) >= na.max(nb)
        {
            found.push((*i, *j));
        }
    }
    if !found.is_empty() {
        pairs.extend(found);
        pairs.sort_unstable();
    }
}

/// A section's units with their precomputed facts.
struct UnitsOf<'a> {
    units: &'a [Unit],
    bags: &'a [&'a [u32]],
    chars: &'a [f64],
    /// Per unit: its relative position in the section (`x / n`).
    positions: Vec<f64>,
}

/// The relative position of each of `n` units in their section.
fn positions(n: usize) -> Vec<f64> {
    (0..n).map(|x| x as f64 / n.max(1) as f64).collect()
}

fn kind_score(a: UnitKind, b: UnitKind) -> f64 {
    use UnitKind::*;
    if a == b {
        return 1.0;
    }
    match (a, b) {
        (
            Paragraph | ListItem | CalloutTitle | TableCell,
            Paragraph | ListItem | CalloutTitle | TableCell,
        ) => 0.0,
        _ => -3.0,
    }
}

fn unit_score(a: &UnitsOf<'_>, b: &UnitsOf<'_>, x: usize, y: usize) -> f64 {
    let (u, v) = (&a.units[x], &b.units[y]);
    // A page's title heading and the other page's header title, when its title section is
    // paired with that page's introduction ([`pair_title_with_intro`]).
    let titles = matches!(
        (u.kind, v.kind),
        (UnitKind::Heading, UnitKind::PageTitle) | (UnitKind::PageTitle, UnitKind::Heading)
    );
    if !titles && (u.kind == UnitKind::Heading) != (v.kind == UnitKind::Heading) {
        return NEVER;
    }
    if u.kind == UnitKind::Heading || titles {
        return 10.0;
    }
    let mut s = kind_score(u.kind, v.kind);
    if u.key != 0 && u.key == v.key {
        s += 5.0;
    }
    let (fa, fb) = (a.bags[x], b.bags[y]);
    if !fa.is_empty() && !fb.is_empty() {
        let d = dice_sorted(fa, fb);
        s += 4.0 * d;
        if d == 0.0 {
            s -= 1.5;
        }
    } else if fa.is_empty() != fb.is_empty() {
        s -= 0.5;
    }
    let (la, lb) = (a.chars[x], b.chars[y]);
    s += la.min(lb) / la.max(lb);
    let (pa, pb) = (a.positions[x], b.positions[y]);
    s += 1.5 * (1.0 - (pa - pb).abs());
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Dialect, Document};
    use std::path::PathBuf;

    fn page(text: &str) -> PageUnits {
        PageUnits::new(
            &Document::parse(
                PathBuf::from("x.md"),
                text.to_string(),
                Some(Dialect::Wikijs),
            ),
            None,
        )
    }

    #[test]
    fn lcs_prefers_the_best_total() {
        let a = [1, 2, 3, 4];
        let b = [2, 3, 9, 4];
        let pairs = sequence(4, 4, |i, j| if a[i] == b[j] { 1.0 } else { -1.0 }, 0.5);
        assert_eq!(pairs, vec![(1, 0), (2, 1), (3, 3)]);
    }

    #[test]
    fn sections_align_by_number_with_a_missing_and_an_extra_section() {
        let src = page(
            "Intro.\n\n## 1. One\n\nText `a`.\n\n## 2. Two\n\nText `b`.\n\n## 3. Three\n\nText `c`.\n",
        );
        let tgt = page(
            "Indledning.\n\n## 1. En\n\nTekst `a`.\n\n## 3. Tre\n\nTekst `c`.\n\n## 4. Fire\n\nTekst `d`.\n",
        );
        let al = align(&src, &tgt);
        assert_eq!(al.sections, vec![Some(0), Some(1), Some(3), None]);
        assert_eq!(al.source_sections, vec![Some(0), Some(1), None, Some(2)]);
    }

    #[test]
    fn moved_sections_still_align_on_fingerprints() {
        let src = page(
            "## A\n\nUse `alpha.sh` and `beta.sh`.\n\n## B\n\nRun `gamma --x` then `delta --y`.\n",
        );
        let tgt = page(
            "## B oversat\n\nKør `gamma --x` og `delta --y`.\n\n## A oversat\n\nBrug `alpha.sh` og `beta.sh`.\n",
        );
        let al = align(&src, &tgt);
        assert_eq!(al.sections, vec![Some(0), Some(2), Some(1)]);
    }

    #[test]
    fn a_section_added_between_translated_ones_is_the_one_left_alone() {
        // Prose only, headings translated: nothing but the sections' sizes tells them apart.
        let src = page(concat!(
            "## How long does it take?\n\nA few minutes for most accounts, longer for large ones.\n\n",
            "## Import on your phone\n\nThe official app cannot import lists yet. Open the web ",
            "interface in your phone's browser instead, log in, and upload the file from there as ",
            "described above.\n\n",
            "## Troubleshooting\n\nIf the upload fails, try again later.\n",
        ));
        let tgt = page(concat!(
            "## Hvor lang tid tager det?\n\nNogle få minutter for de fleste konti, længere for ",
            "store.\n\n",
            "## Fejlfinding\n\nHvis overførslen fejler, så prøv igen senere.\n",
        ));
        let al = align(&src, &tgt);
        assert_eq!(al.source_sections, vec![Some(0), Some(1), None, Some(2)]);
        // And the other way round: a section the translation added in the middle.
        let al = align(&tgt, &src);
        assert_eq!(al.sections, vec![Some(0), Some(1), None, Some(2)]);
    }
}
