//! Any UTF-8 page through every rule and every output format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        guide_lint_fuzz_support::check_and_render(text);
    }
});

#[path = "support.rs"]
mod guide_lint_fuzz_support;
