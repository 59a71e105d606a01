//! The cost of the translation pass, without criterion: writes the translation benchmark's
//! corpora and prints, for each, the median wall time of `check` without and with the pass
//! and the median ratio of rounds run back to back.
//!
//! ```text
//! cargo run --release --example translation_cost -- [ROUNDS] [CORPUS]
//! ```
//!
//! `CORPUS` (`shared`, `typical` or `worst`) runs one corpus only; `GUIDE_LINT_LOOP=SECONDS`
//! instead runs `check` with the pass on it for that long (for a profiler);
//! `GUIDE_LINT_RUNS=N` with `GUIDE_LINT_PASS=with|without` runs `check` N times on one thread
//! and stops (what `benches/instructions.sh` counts under callgrind).

use std::time::{Duration, Instant};

#[path = "../benches/corpus/mod.rs"]
mod corpus;

#[path = "../benches/corpus/bilingual.rs"]
mod bilingual;

/// The binary's allocator, so the figures are the binary's.
#[global_allocator]
static GLOBAL: guide_lint::allocator::WordAligned = guide_lint::allocator::WordAligned;

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(11);
    let only = args.next();
    let lap: Option<f64> = std::env::var("GUIDE_LINT_LOOP")
        .ok()
        .and_then(|s| s.parse().ok());
    if let Ok(out) = std::env::var("GUIDE_LINT_WRITE") {
        // Lays the corpora out under OUT/<name>/ and stops (for comparing outputs).
        for &(name, make, size) in bilingual::CORPORA {
            let dir = std::path::Path::new(&out).join(name.replace(' ', "-"));
            std::fs::create_dir_all(&dir).expect("corpus folder");
            make(&dir, size);
        }
        return;
    }
    let runs: Option<usize> = std::env::var("GUIDE_LINT_RUNS")
        .ok()
        .and_then(|s| s.parse().ok());
    for &(name, make, size) in bilingual::CORPORA {
        if only.as_deref().is_some_and(|o| !name.starts_with(o)) {
            continue;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let files = make(dir.path(), size);
        if let Some(n) = runs {
            let with = std::env::var("GUIDE_LINT_PASS").is_ok_and(|p| p == "with");
            let cfg = bilingual::config(dir.path(), with);
            let paths = vec![dir.path().to_path_buf()];
            for _ in 0..n {
                std::hint::black_box(guide_lint::check(
                    &paths,
                    &cfg,
                    &guide_lint::CheckOptions::default(),
                ));
            }
            continue;
        }
        if let Some(secs) = lap {
            let without = std::env::var_os("GUIDE_LINT_LOOP_WITHOUT").is_some();
            let cfg = bilingual::config(dir.path(), !without);
            let paths = vec![dir.path().to_path_buf()];
            let start = Instant::now();
            let mut n = 0;
            while start.elapsed() < Duration::from_secs_f64(secs) {
                std::hint::black_box(guide_lint::check(
                    &paths,
                    &cfg,
                    &guide_lint::CheckOptions::default(),
                ));
                n += 1;
            }
            println!("{name}: {n} runs");
            continue;
        }
        let cost = bilingual::measure(dir.path(), rounds);
        println!(
            "{name:>10} ({files} files): without {:>8.1} ms, with {:>8.1} ms, ratio {:.2}, CPU ratio {:.2} (medians of {rounds})",
            cost.median_without().as_secs_f64() * 1e3,
            cost.median_with().as_secs_f64() * 1e3,
            cost.ratio(),
            cost.cpu_ratio()
        );
    }
}
