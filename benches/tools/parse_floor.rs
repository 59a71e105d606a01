//! The floor under `check`: read every Markdown file under the given folders and parse it with
//! comrak, with the options guide-lint parses pages with, on the same threads. Nothing else.
//!
//! ```text
//! cargo run --release --features bench-tools --bin guide-lint-parse-floor -- DIR...
//! ```
//!
//! `benches/compare-rumdl.sh` runs it beside `guide-lint check` and `rumdl check`: the ratio of
//! `check`'s CPU time to this program's says how much `check` spends beyond reading and parsing.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The binary's allocator, so the floor allocates as `check` does.
#[global_allocator]
static GLOBAL: guide_lint::allocator::WordAligned = guide_lint::allocator::WordAligned;

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: guide-lint-parse-floor DIR...");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for dir in &dirs {
        collect(dir, &mut files);
    }
    let (bytes, nodes) = files
        .par_iter()
        .map(|path| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return (0, 0);
            };
            let arena = comrak::Arena::new();
            let options = guide_lint::document::comrak_options_for(&text);
            let root = comrak::parse_document(&arena, &text, &options);
            (text.len(), root.descendants().count())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{} files, {bytes} bytes, {nodes} nodes", files.len());
}

/// Every `.md` file under `dir`, hidden folders skipped (as `check`'s walker skips them).
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        match entry.file_type() {
            Ok(t) if t.is_dir() && !hidden => collect(&path, out),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "md") => out.push(path),
            _ => {}
        }
    }
}
