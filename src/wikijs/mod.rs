//! Wiki.js 2.5 semantics as code: heading ids, link handling, page and asset paths, and the
//! sanitizer's id filter (WIKIJS.md). Also the MkDocs counterparts that pages converted from
//! MkDocs Material were written against (Python-Markdown slugs, relative `.md` links).
//!
//! Each submodule is self-contained, never prints and never panics on any input.

pub mod dom;
pub mod emoji;
pub mod graphql;
pub mod imsize;
pub mod link;
pub mod path;
pub mod slug;
