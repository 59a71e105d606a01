//! Writes the check benchmark's generated bilingual corpus (benches/corpus/) to a folder, with its
//! `guide-lint.yml`, for `benches/compare-rumdl.sh` to time the binaries on.
//!
//! ```text
//! cargo run --release --features bench-tools --bin guide-lint-write-corpus -- DIR [PAGES]
//! ```

#[path = "../corpus/mod.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: guide-lint-write-corpus DIR [PAGES]");
        std::process::exit(2);
    };
    let pages = args.next().and_then(|p| p.parse().ok()).unwrap_or(1_000);
    let dir = std::path::PathBuf::from(dir);
    match std::fs::create_dir_all(&dir).and_then(|()| corpus::write(&dir, pages, 2023)) {
        Ok(stats) => println!("{} files, {} bytes", stats.files, stats.bytes),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(2);
        }
    }
}
