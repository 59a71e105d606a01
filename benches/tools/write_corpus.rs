//! Writes the check benchmark's generated bilingual corpus (benches/corpus/) to a folder, with its
//! `guide-lint.yml`, for `benches/compare-rumdl.sh` to time the binaries on.
//!
//! ```text
//! cargo run --release --features bench-tools --bin guide-lint-write-corpus -- [--small] DIR [PAGES]
//! ```
//!
//! `--small` writes pages of about 600 bytes instead of about 10 KB (`corpus::small_pages`):
//! many files with little text, where the cost per file shows.

#[path = "../corpus/mod.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let small = args.next_if(|a| a == "--small").is_some();
    let Some(dir) = args.next().filter(|d| !d.starts_with('-')) else {
        eprintln!("usage: guide-lint-write-corpus [--small] DIR [PAGES]");
        std::process::exit(2);
    };
    let pages = args.next().and_then(|p| p.parse().ok()).unwrap_or(1_000);
    let dir = std::path::PathBuf::from(dir);
    match std::fs::create_dir_all(&dir).and_then(|()| {
        if small {
            corpus::write_small(&dir, pages, 2023)
        } else {
            corpus::write(&dir, pages, 2023)
        }
    }) {
        Ok(stats) => println!("{} files, {} bytes", stats.files, stats.bytes),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(2);
        }
    }
}
