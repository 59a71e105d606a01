//! Any UTF-8 page built as a Danish Wiki.js page from an English MkDocs page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        guide_lint_fuzz_support::build(text);
    }
});

#[path = "support.rs"]
mod guide_lint_fuzz_support;
