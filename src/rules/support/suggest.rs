//! "Did you mean": the closest existing target by edit distance, for anchors and page paths.

/// The candidate closest to `wanted`, when it is close enough to be what the author meant.
///
/// Distance is Damerau-Levenshtein over characters, case-insensitive. A candidate qualifies
/// when the distance is at most a third of the longer string (at least 2), or when one string
/// contains the other (`export` -> `h-2-export-your-data`). Ties go to the first candidate, so
/// callers pass candidates in a meaningful order (source order).
pub fn closest<'c, I>(wanted: &str, candidates: I) -> Option<&'c str>
where
    I: IntoIterator<Item = &'c str>,
{
    let w = wanted.to_lowercase();
    if w.is_empty() {
        return None;
    }
    let wn = w.chars().count();
    let mut best: Option<(usize, usize, &'c str)> = None;
    for c in candidates {
        let lc = c.to_lowercase();
        if lc.is_empty() {
            continue;
        }
        let cn = lc.chars().count();
        let longest = wn.max(cn);
        // The edit distance is at least the difference in length: skip the distance when
        // that bound already rules the candidate out (the result is the same, only cheaper).
        let at_least = wn.abs_diff(cn);
        let may_be_near = at_least <= (longest / 3).max(2) && at_least < longest;
        let contained = wn >= 3 && (lc.contains(&w) || w.contains(&lc));
        if !(may_be_near || contained) {
            continue;
        }
        if let Some((br, bd, _)) = best
            && (br == 0 || !may_be_near)
            && at_least >= bd
        {
            // Cannot rank before the best so far: a near match needs a smaller distance, and
            // a containment-only one ranks after any near match.
            continue;
        }
        let d = strsim::damerau_levenshtein(&w, &lc);
        let near = d <= (longest / 3).max(2) && d < longest;
        if !(near || contained) {
            continue;
        }
        // Rank near matches before containment-only ones, then by distance.
        let rank = if near { 0 } else { 1 };
        if best.is_none_or(|(br, bd, _)| (rank, d) < (br, bd)) {
            best = Some((rank, d, c));
        }
    }
    best.map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn picks_the_nearest() {
        let ids = [
            "1-configuration-optional",
            "2-export-your-data",
            "5-import-your-data",
        ];
        assert_eq!(
            closest("1-export-your-data", ids),
            Some("2-export-your-data")
        );
        assert_eq!(
            closest("3-import-your-data", ids),
            Some("5-import-your-data")
        );
        assert_eq!(closest("export", ids), Some("2-export-your-data"));
        assert_eq!(closest("zzz", ids), None);
        assert_eq!(closest("", ids), None);
    }

    #[test]
    fn short_words_need_a_close_match() {
        assert_eq!(closest("ab", ["xy", "abc"]), Some("abc"));
        assert_eq!(closest("ab", ["xy"]), None);
    }
}
