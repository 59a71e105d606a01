//! Helpers shared by the rules, not rules themselves (so they have no doc in `rules/`):
//! attribute-block parsing, rule selectors and per-path rule settings, and the sink.

pub mod attrs;
pub mod selector;
pub mod sink;
