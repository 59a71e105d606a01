//! Alignment of a translation with its source: sections first (heading number, level, order,
//! shared fingerprints), then units inside each aligned pair of sections, both as an
//! order-preserving sequence alignment (weighted LCS) over fingerprints and shapes, never over
//! words. A second pass pairs strongly similar sections that moved.

use super::fingerprint::{Bag, FpKind, bag, dice};
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

fn section_bags(p: &PageUnits) -> Vec<Bag> {
    p.sections
        .iter()
        .map(|s| {
            bag(p.units[s.units.clone()]
                .iter()
                .flat_map(|u| &u.fingerprints)
                .filter(|f| f.kind != FpKind::Anchor))
        })
        .collect()
}

fn section_score(
    src: &PageUnits,
    tgt: &PageUnits,
    sb: &[Bag],
    tb: &[Bag],
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
    s += if a.level == b.level { 1.0 } else { -1.5 };
    let (ba, bb) = (&sb[i], &tb[j]);
    if !ba.is_empty() && !bb.is_empty() {
        let d = dice(ba, bb);
        s += 4.0 * d;
        if d == 0.0 {
            s -= 1.0;
        }
    } else if ba.is_empty() != bb.is_empty() {
        s -= 0.5;
    }
    let heading_key = |p: &PageUnits, sec: &super::units::Section| {
        sec.heading
            .map(|h| p.units[h].key.clone())
            .unwrap_or_default()
    };
    let (ka, kb) = (heading_key(src, a), heading_key(tgt, b));
    if !ka.is_empty() && ka == kb {
        s += 2.0;
    }
    let (na, nb) = (a.units.len().max(1) as f64, b.units.len().max(1) as f64);
    s += na.min(nb) / na.max(nb);
    s
}

/// Aligns a translation (`tgt`) with its source (`src`).
pub fn align(src: &PageUnits, tgt: &PageUnits) -> Alignment {
    let sb = section_bags(src);
    let tb = section_bags(tgt);
    let score = |i: usize, j: usize| section_score(src, tgt, &sb, &tb, i, j);
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
        let (a, b) = (&src.units[su.clone()], &tgt.units[tu.clone()]);
        let fa: Vec<Bag> = a.iter().map(|u| bag(&u.fingerprints)).collect();
        let fb: Vec<Bag> = b.iter().map(|u| bag(&u.fingerprints)).collect();
        let unit_pairs = sequence(
            a.len(),
            b.len(),
            |x, y| unit_score(a, b, &fa, &fb, x, y),
            1.5,
        );
        for (x, y) in unit_pairs {
            al.units[tu.start + y] = Some(su.start + x);
            al.source_units[su.start + x] = Some(tu.start + y);
        }
    }
    al
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

fn unit_score(a: &[Unit], b: &[Unit], fa: &[Bag], fb: &[Bag], x: usize, y: usize) -> f64 {
    let (u, v) = (&a[x], &b[y]);
    if (u.kind == UnitKind::Heading) != (v.kind == UnitKind::Heading) {
        return NEVER;
    }
    if u.kind == UnitKind::Heading {
        return 10.0;
    }
    let mut s = kind_score(u.kind, v.kind);
    if !u.key.is_empty() && u.key == v.key {
        s += 5.0;
    }
    let (fa, fb) = (&fa[x], &fb[y]);
    if !fa.is_empty() && !fb.is_empty() {
        let d = dice(fa, fb);
        s += 4.0 * d;
        if d == 0.0 {
            s -= 1.5;
        }
    } else if fa.is_empty() != fb.is_empty() {
        s -= 0.5;
    }
    let (la, lb) = (
        u.text.chars().count().max(1) as f64,
        v.text.chars().count().max(1) as f64,
    );
    s += la.min(lb) / la.max(lb);
    let pa = x as f64 / a.len().max(1) as f64;
    let pb = y as f64 / b.len().max(1) as f64;
    s += 1.5 * (1.0 - (pa - pb).abs());
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Dialect, Document};
    use std::path::PathBuf;

    fn page(text: &str) -> PageUnits {
        PageUnits::new(&Document::parse(
            PathBuf::from("x.md"),
            text.to_string(),
            Some(Dialect::Wikijs),
        ))
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
}
