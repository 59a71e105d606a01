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
            let found = find_all(hay, chunk);
            at = if at.is_empty() {
                found
            } else {
                merge(&at, &found)
            };
        }
        BytePositions { at, cursor: 0 }
    }

    /// Whether the text has none of the bytes.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
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

/// The first match of a byte search in a page's text at or after a position, for a rule that
/// asks it at increasing positions (a page's texts, in order): a search runs only when the
/// last answer lies before the position asked, so the many texts between two matches cost a
/// comparison each instead of a search. Asked out of order, it searches again: every answer
/// is the search's.
pub struct NextMatch<'a, F> {
    hay: &'a [u8],
    find: F,
    /// The last search started here ...
    from: usize,
    /// ... and found this: the first match at or after `from`.
    found: Option<usize>,
}

impl<'a, F: Fn(&[u8]) -> Option<usize>> NextMatch<'a, F> {
    /// `find` is the search: the first offset of its haystack that matches.
    pub fn new(hay: &'a [u8], find: F) -> Self {
        NextMatch {
            hay,
            find,
            from: usize::MAX,
            found: None,
        }
    }

    /// The first match at or after `pos`.
    pub fn at_or_after(&mut self, pos: usize) -> Option<usize> {
        if pos < self.from || self.found.is_some_and(|at| at < pos) {
            self.from = pos;
            self.found = self
                .hay
                .get(pos..)
                .and_then(|rest| (self.find)(rest))
                .map(|i| pos + i);
        }
        self.found
    }

    /// The first match inside `range`.
    pub fn first_in(&mut self, range: Range<usize>) -> Option<usize> {
        self.at_or_after(range.start).filter(|&at| at < range.end)
    }
}

/// Every offset of `hay` whose byte is one of `bytes` (one to three of them), in order.
fn find_all(hay: &[u8], bytes: &[u8]) -> Vec<usize> {
    match *bytes {
        [a] => One::new(a).iter(hay).collect(),
        [a, b] => Two::new(a, b).iter(hay).collect(),
        [a, b, c] => Three::new(a, b, c).iter(hay).collect(),
        _ => Vec::new(),
    }
}

/// Byte searches set up once and asked many times (at every match of a page, or on each of its
/// many short texts). `memchr::memchr2` and its kin choose a searcher and set it up again at
/// every call, which costs more than the search itself on a short text or between two close
/// matches (a third of the time on a page full of brackets, measured); the AVX2 searchers,
/// when the processor has AVX2, are asked directly.
macro_rules! searcher {
    ($(#[$doc:meta])* $name:ident ($($b:ident),+), $generic:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name {
            #[cfg(target_arch = "x86_64")]
            avx2: Option<memchr::arch::x86_64::avx2::memchr::$name>,
            bytes: ($(searcher!(@u8 $b),)+),
        }

        impl $name {
            pub fn new($($b: u8),+) -> Self {
                $name {
                    #[cfg(target_arch = "x86_64")]
                    avx2: memchr::arch::x86_64::avx2::memchr::$name::new($($b),+),
                    bytes: ($($b,)+),
                }
            }

            /// The first offset of `hay` with one of the bytes.
            #[inline]
            pub fn find(&self, hay: &[u8]) -> Option<usize> {
                #[cfg(target_arch = "x86_64")]
                if let Some(s) = &self.avx2 {
                    return s.find(hay);
                }
                let ($($b,)+) = self.bytes;
                $generic($($b,)+ hay)
            }

            /// Every offset of `hay` with one of the bytes, in order.
            pub fn iter<'a>(&'a self, hay: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
                let mut from = 0;
                std::iter::from_fn(move || {
                    let at = from + self.find(hay.get(from..)?)?;
                    from = at + 1;
                    Some(at)
                })
            }
        }
    };
    (@u8 $b:ident) => { u8 };
}

searcher!(
    /// A search for one byte.
    One(a), memchr::memchr
);
searcher!(
    /// A search for either of two bytes.
    Two(a, b), memchr::memchr2
);
searcher!(
    /// A search for any of three bytes.
    Three(a, b, c), memchr::memchr3
);

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
        /// The searchers find what a scan finds, first and every offset.
        #[test]
        fn searchers_find_what_a_scan_finds(text in "[ab()\\[\\]*_é]{0,120}", from in 0usize..130) {
            let hay = text.as_bytes();
            let hay = &hay[from.min(hay.len())..];
            let scan = |set: &[u8]| -> Vec<usize> {
                (0..hay.len()).filter(|&i| set.contains(&hay[i])).collect()
            };
            let (one, two, three) = (One::new(b'('), Two::new(b'(', b'*'), Three::new(b'(', b'*', b']'));
            prop_assert_eq!(one.iter(hay).collect::<Vec<_>>(), scan(b"("));
            prop_assert_eq!(two.iter(hay).collect::<Vec<_>>(), scan(b"(*"));
            prop_assert_eq!(three.iter(hay).collect::<Vec<_>>(), scan(b"(*]"));
            prop_assert_eq!(one.find(hay), scan(b"(").first().copied());
            prop_assert_eq!(two.find(hay), scan(b"(*").first().copied());
            prop_assert_eq!(three.find(hay), scan(b"(*]").first().copied());
        }

        /// Whatever the order of the ranges asked, the first match in each is a scan's.
        #[test]
        fn next_match_is_what_a_scan_finds(
            text in "[ab*_é]{0,80}",
            ranges in proptest::collection::vec((0usize..90, 0usize..40), 0..20),
            sorted in any::<bool>(),
        ) {
            let two = Two::new(b'*', b'_');
            let mut next = NextMatch::new(text.as_bytes(), |h: &[u8]| two.find(h));
            let mut ranges: Vec<Range<usize>> =
                ranges.into_iter().map(|(s, n)| s..s + n).collect();
            if sorted {
                ranges.sort_by_key(|r| r.start);
            }
            for r in ranges {
                let scan = text
                    .bytes()
                    .enumerate()
                    .find(|&(i, b)| r.contains(&i) && (b == b'*' || b == b'_'))
                    .map(|(i, _)| i);
                prop_assert_eq!(next.first_in(r.clone()), scan, "{:?}", r);
            }
        }

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
