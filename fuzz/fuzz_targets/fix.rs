//! Any UTF-8 page through `--fix` (safe and unsafe): the fixes settle in one run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        guide_lint_fuzz_support::fix_settles(text);
    }
});

#[path = "support.rs"]
mod guide_lint_fuzz_support;
