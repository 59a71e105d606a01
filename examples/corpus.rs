//! Writes the benchmark corpus to a directory and times `check` on it.
//!
//! ```text
//! cargo run --release --example corpus -- /tmp/corpus [PAGES]
//! cd /tmp/corpus && guide-lint check --output-format concise | tail -1
//! ```
//!
//! Prints files/s and MB/s for the best of three in-process runs of `check`.

use std::time::Instant;

use guide_lint::{CheckOptions, Config, check};

#[path = "../benches/corpus/mod.rs"]
mod corpus;

/// The binary's allocator, so the figures are the binary's.
#[global_allocator]
static GLOBAL: guide_lint::allocator::WordAligned = guide_lint::allocator::WordAligned;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: corpus DIR [PAGES]");
        std::process::exit(2);
    };
    let pages = args.next().and_then(|p| p.parse().ok()).unwrap_or(5_000);
    let dir = std::path::PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(2);
    }
    let stats = match corpus::write(&dir, pages, 2023) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    let config = match Config::load(Some(&dir.join("guide-lint.yml")), &dir) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let paths = [config.guides_root()];
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut findings = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let cpu = cpu_seconds();
        let report = check(&paths, &config, &CheckOptions::default());
        best = best.min(start.elapsed().as_secs_f64());
        if let (Some(before), Some(after)) = (cpu, cpu_seconds()) {
            best_cpu = best_cpu.min(after - before);
        }
        findings = report.findings.len();
    }
    let mb = stats.bytes as f64 / 1e6;
    println!(
        "{} files ({pages} bilingual pages), {mb:.1} MB, {findings} findings, {} threads",
        stats.files,
        rayon::current_num_threads()
    );
    println!(
        "check: {best:.3} s = {:.0} files/s, {:.1} MB/s",
        stats.files as f64 / best,
        mb / best
    );
    if best_cpu.is_finite() {
        // CPU time is less sensitive to other load on the machine than wall time.
        println!(
            "cpu:   {best_cpu:.3} s (all threads) = {:.0} files/s, {:.1} MB/s per core",
            stats.files as f64 / best_cpu,
            mb / best_cpu
        );
    }
}

/// User + system CPU time of this process, from /proc (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Linux reports clock ticks; USER_HZ is 100 on every mainstream configuration.
    Some((utime + stime) / 100.0)
}
