//! `check` on a generated corpus of 5,000 bilingual pages (10,000 files), the whole run: walk,
//! read, parse, rules, sort. Reports files/s and MB/s.
//!
//! `cargo bench --bench check`. Set `GUIDE_LINT_BENCH_PAGES` to change the corpus size.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use guide_lint::{CheckOptions, Config, check};

mod corpus;

/// The binary's allocator, so the figures are the binary's.
#[global_allocator]
static GLOBAL: guide_lint::allocator::WordAligned = guide_lint::allocator::WordAligned;

fn bench_check(c: &mut Criterion) {
    let pages = std::env::var("GUIDE_LINT_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let stats = corpus::write(dir.path(), pages, 2023).expect("write corpus");
    let config =
        Config::load(Some(&dir.path().join("guide-lint.yml")), dir.path()).expect("corpus config");
    let paths = [config.guides_root()];
    let options = CheckOptions::default();

    // Sanity: every file is checked, and the corpus has findings to sort and render.
    let report = check(&paths, &config, &options);
    assert_eq!(report.files_checked as u64, stats.files);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    eprintln!(
        "corpus: {} files, {:.1} MB, {} findings, {} threads",
        stats.files,
        stats.bytes as f64 / 1e6,
        report.findings.len(),
        rayon::current_num_threads()
    );

    let mut group = c.benchmark_group("check");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::ElementsAndBytes {
            elements: stats.files,
            bytes: stats.bytes,
        });
    group.bench_function(format!("corpus-{pages}-pages"), |b| {
        b.iter(|| check(&paths, &config, &options))
    });
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
