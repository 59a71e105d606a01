//! Cost of the translation pass (units, language identification, alignment, GL4xx) on
//! generated bilingual corpora: `check` with translations configured against the same `check`
//! with no target locale (no translation pass at all). The pass must not double the time.
//!
//! The corpora (shared, typical, worst case) are described in `benches/corpus/bilingual.rs`.
//! Criterion times each side; then, for each corpus, the bench prints the ratio of the two,
//! measured back to back in alternating rounds (median of the per-round ratios, wall and CPU
//! time), which other load on the machine disturbs far less than two separate medians.
//!
//! Run: `cargo bench --bench translation` (add `-- --quick` for a short run). Set
//! `GUIDE_LINT_RATIO_ROUNDS` to change the number of rounds of the ratio (default 11).

use criterion::{Criterion, criterion_group, criterion_main};

mod corpus;

#[path = "corpus/bilingual.rs"]
mod bilingual;

use guide_lint::{CheckOptions, check};

/// The binary's allocator, so the figures are the binary's.
#[global_allocator]
static GLOBAL: guide_lint::allocator::WordAligned = guide_lint::allocator::WordAligned;

fn bench(c: &mut Criterion) {
    let options = CheckOptions::default();
    let rounds: usize = std::env::var("GUIDE_LINT_RATIO_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11);
    let mut ratios = Vec::new();
    for &(corpus, make, size) in bilingual::CORPORA {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = make(dir.path(), size);
        let paths = vec![dir.path().to_path_buf()];
        let name = format!("check, {corpus} corpus ({files} files)");
        let mut group = c.benchmark_group(&name);
        group.sample_size(10);
        for (label, translated) in [
            ("without translation pass", false),
            ("with translation pass", true),
        ] {
            let cfg = bilingual::config(dir.path(), translated);
            let report = check(&paths, &cfg, &options);
            assert_eq!(report.files_checked, files);
            group.bench_function(label, |b| b.iter(|| check(&paths, &cfg, &options)));
        }
        group.finish();
        let cost = bilingual::measure(dir.path(), rounds);
        let line = format!(
            "{name}: without {:.1} ms, with {:.1} ms; translation pass ratio {:.2} (CPU time {:.2}), median of {rounds} alternating rounds",
            cost.median_without().as_secs_f64() * 1e3,
            cost.median_with().as_secs_f64() * 1e3,
            cost.ratio(),
            cost.cpu_ratio(),
        );
        eprintln!("{line}");
        ratios.push(line);
    }
    eprintln!("\ntranslation pass cost:");
    for line in ratios {
        eprintln!("  {line}");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
