//! What a pair's comparison keeps for the comparison of links across pairs (GL406): a
//! translation's link to `other.md#fragment` should lead to the section of the translated
//! `other` page that the source page's link leads to in the source `other` page. Which section
//! that is follows from the other pair's alignment, so each pair's comparison keeps, besides its
//! findings, the ids of its aligned sections and its links to sections of other pages with the
//! fragments the aligned source section's links have
//! ([`crate::rules::translation_markup_mismatch::pair_links`]); the pairs are put together once
//! every pair is compared or its comparison taken from the cache
//! ([`crate::rules::translation_markup_mismatch::across_pairs`]).

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// What a pair's comparison keeps for the comparison across pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairLinks {
    /// For each aligned pair of sections with headings: the source section's id and the
    /// translation's.
    pub ids: Vec<(String, String)>,
    /// The translation's own links with a fragment to another page, each in a section aligned
    /// with a source section that links to the same page with a fragment.
    pub links: Vec<SectionLink>,
}

/// A translation's link to a section of another page, with what the source page's aligned
/// section links to on that page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionLink {
    /// The linked page's path (as in `PageKey::path`), in the translation's locale.
    pub page: String,
    /// The fragment, decoded.
    pub fragment: String,
    /// The link's url, as the page gives it (entities and escapes resolved).
    pub url: String,
    /// The link's url as written, and its fragment's range.
    pub url_range: Range<usize>,
    pub fragment_range: Option<Range<usize>>,
    /// The fragments of the aligned source section's links to the same page (in the source
    /// locale), in page order, with the url range of each.
    pub expected: Vec<(String, Range<usize>)>,
}
