//! The corpora of the translation benchmark and how its cost is measured: `check` with
//! translations configured against the same `check` with no target locale (no translation pass
//! at all), on the same files, in the same process.
//!
//! - shared: the benchmark corpus of `corpus::write`, each Danish page a translation of part of
//!   its English one;
//! - typical: every fully translated page pair of `tests/fixtures/translation/pairs`, copied
//!   `COPIES` times, one Danish page in four with its second half left in (copied) English,
//!   plus the seed pair once (half of it a newer English text than the source);
//! - worst case: the seed pair `COPIES` times: every translation half English that differs from
//!   its source, so the language identifier runs on every English unit.
//!
//! Shared by `benches/translation.rs` and `examples/translation_cost.rs`, which include it next
//! to `benches/corpus/mod.rs` as `mod corpus`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use guide_lint::config::{Config, ConfigFile, DialectRule};
use guide_lint::{CheckOptions, Dialect, check};

/// Copies of each page pair in the typical and worst-case corpora.
pub const COPIES: usize = 20;

/// A corpus: its name and how to lay it out under a directory (returns the number of files).
pub type Maker = fn(&Path, usize) -> usize;

/// The three corpora, with the size parameter each takes (pages of the shared corpus, copies of
/// the others).
pub const CORPORA: &[(&str, Maker, usize)] = &[
    ("shared", shared, 1_000),
    ("typical", typical, COPIES),
    ("worst case", worst_case, COPIES),
];

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("corpus page")
}

fn write(dir: &Path, locale: &str, name: &str, text: &str) {
    let p = dir.join(locale).join(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// `text` with its second half replaced by the second half of `en`.
fn half_english(text: &str, en: &str) -> String {
    let cut = text.len() / 2;
    let cut = text[cut..].find("\n\n").map_or(text.len(), |j| cut + j);
    let en_cut = en.len() / 2;
    let en_cut = en[en_cut..].find("\n\n").map_or(en.len(), |j| en_cut + j);
    format!("{}{}", &text[..cut], &en[en_cut..])
}

fn seed_pair() -> (String, String) {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    (
        read(&seeds.join("000_96c5de40a4f96d87.txt")),
        read(&seeds.join("002_ed018420886e4baa.txt")),
    )
}

/// The typical corpus.
pub fn typical(dir: &Path, copies: usize) -> usize {
    let pairs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translation/pairs");
    let mut names: Vec<String> = std::fs::read_dir(pairs.join("en"))
        .expect("pairs")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut files = 0;
    for copy in 0..copies {
        for (i, name) in names.iter().enumerate() {
            let en = read(&pairs.join("en").join(name));
            let da = read(&pairs.join("da").join(name));
            let da = if (copy + i) % 4 == 0 {
                half_english(&da, &en)
            } else {
                da
            };
            let file = format!("{}-{copy}.md", name.trim_end_matches(".md"));
            write(dir, "en", &file, &en);
            write(dir, "da", &file, &da);
            files += 2;
        }
    }
    let (en, da) = seed_pair();
    write(dir, "en", "move.md", &en);
    write(dir, "da", "move.md", &da);
    files + 2
}

/// The shared benchmark corpus of `pages` bilingual pages, moved under the root [`config`]
/// expects.
pub fn shared(dir: &Path, pages: usize) -> usize {
    let tmp = dir.join("corpus");
    std::fs::create_dir_all(&tmp).expect("corpus folder");
    let stats = crate::corpus::write(&tmp, pages, 2023).expect("write corpus");
    for locale in ["en", "da"] {
        std::fs::rename(tmp.join("guides").join(locale), dir.join(locale)).expect("move corpus");
    }
    std::fs::remove_dir_all(&tmp).expect("remove corpus leftovers");
    stats.files as usize
}

/// The worst-case corpus.
pub fn worst_case(dir: &Path, copies: usize) -> usize {
    let (en, da) = seed_pair();
    for copy in 0..copies {
        write(dir, "en", &format!("move-{copy}.md"), &en);
        write(dir, "da", &format!("move-{copy}.md"), &da);
    }
    2 * copies
}

/// The configuration of a corpus laid out under `root`: with the translation pass
/// (`translated`, target locale `da`) or without it (no target locale).
pub fn config(root: &Path, translated: bool) -> Config {
    let file = ConfigFile {
        guides: PathBuf::from("."),
        source_locale: "en".into(),
        target_locales: if translated {
            vec!["da".into()]
        } else {
            Vec::new()
        },
        dialects: vec![
            DialectRule {
                path: "en/**".into(),
                dialect: Dialect::Mkdocs,
            },
            DialectRule {
                path: "da/**".into(),
                dialect: Dialect::Wikijs,
            },
        ],
        ..ConfigFile::default()
    };
    Config::from_parts(file, None, root.to_path_buf()).expect("config")
}

/// Wall and CPU times of `check` without and with the translation pass.
#[derive(Debug, Clone, Default)]
pub struct Cost {
    pub without: Vec<Duration>,
    pub with: Vec<Duration>,
    /// CPU time of all threads (Linux; empty elsewhere): less disturbed than wall time by other
    /// load on the machine.
    pub cpu_without: Vec<Duration>,
    pub cpu_with: Vec<Duration>,
}

/// CPU time of every thread of this process so far, from `/proc/self/task/*/schedstat`
/// (nanoseconds; Linux only).
fn cpu_time() -> Option<Duration> {
    let mut ns = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        ns += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(ns))
}

fn ratio_of(with: &[Duration], without: &[Duration]) -> f64 {
    let mut r: Vec<f64> = with
        .iter()
        .zip(without)
        .map(|(w, o)| w.as_secs_f64() / o.as_secs_f64().max(1e-9))
        .collect();
    r.sort_by(f64::total_cmp);
    match r.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => r[n / 2],
        n => (r[n / 2 - 1] + r[n / 2]) / 2.0,
    }
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    match v.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2,
    }
}

impl Cost {
    pub fn median_without(&self) -> Duration {
        median(&self.without)
    }

    pub fn median_with(&self) -> Duration {
        median(&self.with)
    }

    /// The median of the per-round ratios of wall times (with / without, measured back to
    /// back), which other load on the machine disturbs less than the ratio of two medians.
    pub fn ratio(&self) -> f64 {
        ratio_of(&self.with, &self.without)
    }

    /// The same for CPU time (NaN where it cannot be read).
    pub fn cpu_ratio(&self) -> f64 {
        ratio_of(&self.cpu_with, &self.cpu_without)
    }
}

/// Times `check` on `paths` without and with the translation pass, `rounds` times each,
/// alternating (after one warm-up run of each).
pub fn measure(root: &Path, rounds: usize) -> Cost {
    let paths = vec![root.to_path_buf()];
    let options = CheckOptions::default();
    let configs = [config(root, false), config(root, true)];
    for c in &configs {
        check(&paths, c, &options);
    }
    let mut cost = Cost::default();
    for round in 0..rounds {
        // Alternate which goes first, so a slow spell hits both sides alike.
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let cpu = cpu_time();
            let start = Instant::now();
            let report = check(&paths, &configs[i], &options);
            let t = start.elapsed();
            let cpu = cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
            std::hint::black_box(report);
            let (wall, cpus) = if i == 0 {
                (&mut cost.without, &mut cost.cpu_without)
            } else {
                (&mut cost.with, &mut cost.cpu_with)
            };
            wall.push(t);
            cpus.extend(cpu);
        }
    }
    cost
}
