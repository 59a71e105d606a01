//! Where a few bytes occur in a page, for rules that read many short pieces of a page (its
//! text runs, a block's pieces) but care only about the pieces that hold one of those bytes:
//! the page is searched from piece to piece by vectorised searches set up once, so asking a
//! piece before the next match costs a comparison instead of a scan of its bytes.

use std::ops::Range;

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
    #[inline]
    pub fn at_or_after(&mut self, pos: usize) -> Option<usize> {
        if pos < self.from || self.found.is_some_and(|at| at < pos) {
            self.search(pos);
        }
        self.found
    }

    /// A new search from `pos`: out of line, so that the comparison above is all a caller's
    /// loop holds.
    #[inline(never)]
    fn search(&mut self, pos: usize) {
        self.from = pos;
        self.found = self
            .hay
            .get(pos..)
            .and_then(|rest| (self.find)(rest))
            .map(|i| pos + i);
    }

    /// The first match inside `range`.
    #[inline]
    pub fn first_in(&mut self, range: Range<usize>) -> Option<usize> {
        self.at_or_after(range.start).filter(|&at| at < range.end)
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

/// A search for any of four bytes: the first three's search, then the fourth's before its
/// match.
#[derive(Debug, Clone, Copy)]
pub struct Four {
    three: Three,
    fourth: One,
}

impl Four {
    pub fn new(a: u8, b: u8, c: u8, d: u8) -> Self {
        Four {
            three: Three::new(a, b, c),
            fourth: One::new(d),
        }
    }

    /// The first offset of `hay` with one of the bytes.
    #[inline]
    pub fn find(&self, hay: &[u8]) -> Option<usize> {
        let first = self.three.find(hay);
        self.fourth
            .find(&hay[..first.unwrap_or(hay.len())])
            .or(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
            let four = Four::new(b'(', b')', b'[', b']');
            prop_assert_eq!(four.find(hay), scan(b"()[]").first().copied());
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
    }
}
