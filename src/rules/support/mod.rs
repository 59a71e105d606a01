//! Helpers shared by the rules, not rules themselves (so they have no doc in `rules/`):
//! attribute-block parsing, the positions of a few bytes in a page, rule selectors and
//! per-path rule settings, and the sink.

pub mod attrs;
pub(crate) mod includes;
pub mod positions;
pub mod selector;
pub mod sink;
pub(crate) mod web_address;
