//! Where a few bytes occur in a page, found by vectorised searches over the whole text at once,
//! for rules that read many short pieces of a page (its text runs, a block's pieces) but care
//! only about the pieces that hold one of those bytes. Asking a piece costs a comparison or two
//! instead of a scan of its bytes.

use std::ops::Range;

/// The sorted offsets of some bytes in a text, asked range by range.
#[derive(Debug, Clone)]
pub struct BytePositions {
    at: Vec<usize>,
    /// Where the last answer started: ranges asked in increasing order (the common case) are
    /// found from here, by galloping forward.
    cursor: usize,
}

impl BytePositions {
    /// Every offset of `text` whose byte is one of `bytes`, in order.
    pub fn of(text: &str, bytes: &[u8]) -> Self {
        let hay = text.as_bytes();
        let mut at: Vec<usize> = Vec::new();
        for chunk in bytes.chunks(3) {
            let found: Vec<usize> = match *chunk {
                [a] => memchr::memchr_iter(a, hay).collect(),
                [a, b] => memchr::memchr2_iter(a, b, hay).collect(),
                [a, b, c] => memchr::memchr3_iter(a, b, c, hay).collect(),
                _ => Vec::new(),
            };
            at = if at.is_empty() {
                found
            } else {
                merge(&at, &found)
            };
        }
        BytePositions { at, cursor: 0 }
    }

    /// The offsets inside `range`, in order.
    #[inline]
    pub fn within(&mut self, range: Range<usize>) -> &[usize] {
        let k = self.cursor;
        // The usual case: the range starts after the last one, and no offset lies between.
        let from = if (k == 0 || self.at[k - 1] < range.start)
            && self.at.get(k).is_none_or(|&p| p >= range.start)
        {
            k
        } else {
            self.seek(range.start)
        };
        self.cursor = from;
        let len = gallop(&self.at[from..], |p| p < range.end);
        &self.at[from..from + len]
    }

    /// The index of the first offset at or after `start`.
    fn seek(&self, start: usize) -> usize {
        let k = self.cursor;
        if k > 0 && self.at[k - 1] >= start {
            // A range before the last one: a binary search.
            self.at.partition_point(|&p| p < start)
        } else {
            k + gallop(&self.at[k..], |p| p < start)
        }
    }
}

/// Two sorted lists as one (positions of different bytes: never equal).
fn merge(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// `v.partition_point(below)` by an exponential search from the front: a few comparisons when
/// the answer is near the start, as it is for ranges asked in order.
#[inline]
fn gallop(v: &[usize], below: impl Fn(usize) -> bool) -> usize {
    if v.first().is_none_or(|&p| !below(p)) {
        return 0;
    }
    // `below(v[lo])` holds; the answer is in `lo + 1..=hi` (capped at the length).
    let mut hi = 1;
    while hi < v.len() && below(v[hi]) {
        hi *= 2;
    }
    let lo = hi / 2;
    let hi = hi.min(v.len());
    lo + 1 + v[lo + 1..hi].partition_point(|&p| below(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_each_byte_in_order() {
        let text = "a(b)[c]d(é)";
        let mut p = BytePositions::of(text, b"()[]");
        assert_eq!(p.within(0..text.len()), [1, 3, 4, 6, 8, 11]);
        assert_eq!(p.within(2..7), [3, 4, 6]);
        assert_eq!(p.within(0..1), [] as [usize; 0]);
        assert!(BytePositions::of("", b"*").within(0..0).is_empty());
    }

    proptest! {
        /// Whatever the order of the ranges asked, each answer is the positions a scan of the
        /// range finds.
        #[test]
        fn answers_are_what_a_scan_finds(
            text in "[ab()\\[\\]*_é]{0,80}",
            ranges in proptest::collection::vec((0usize..90, 0usize..40), 0..20),
            sorted in any::<bool>(),
        ) {
            let bytes = b"()[]*";
            let mut p = BytePositions::of(&text, bytes);
            let mut ranges: Vec<Range<usize>> =
                ranges.into_iter().map(|(s, n)| s..s + n).collect();
            if sorted {
                ranges.sort_by_key(|r| r.start);
            }
            for r in ranges {
                let scan: Vec<usize> = text
                    .bytes()
                    .enumerate()
                    .filter(|&(i, b)| r.contains(&i) && bytes.contains(&b))
                    .map(|(i, _)| i)
                    .collect();
                prop_assert_eq!(p.within(r.clone()), scan.as_slice(), "{:?}", r);
            }
        }
    }
}
