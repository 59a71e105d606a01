//! Cost of the translation pass (units, language identification, alignment, GL4xx) on a
//! generated bilingual corpus: `check` with translations configured against the same `check`
//! with no target locale (no translation pass at all). The pass must not double the time.
//!
//! Three generated corpora:
//! - the shared benchmark corpus (`benches/corpus`, as `cargo bench --bench check` uses it),
//!   `CORPUS_PAGES` bilingual pages, each Danish page a translation of part of its English one;
//! - typical: every fully translated page pair of `tests/fixtures/translation/pairs`, copied
//!   `COPIES` times, one Danish page in four with its second half left in (copied) English,
//!   plus the seed pair once (half of it a newer English text than the source);
//! - worst case: the seed pair `COPIES` times: every translation half English that differs
//!   from its source, so the language identifier runs on every English unit.
//!
//! Run: `cargo bench --bench translation` (add `-- --quick` for a short run).

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};

mod corpus;

/// Pages of the shared corpus (each an English and a Danish file).
const CORPUS_PAGES: usize = 1_000;
use guide_lint::config::{Config, ConfigFile, DialectRule};
use guide_lint::{CheckOptions, Dialect, check};

const COPIES: usize = 20;

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

/// The typical corpus; returns the number of files.
fn typical(dir: &Path) -> usize {
    let pairs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translation/pairs");
    let mut names: Vec<String> = std::fs::read_dir(pairs.join("en"))
        .expect("pairs")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut files = 0;
    for copy in 0..COPIES {
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

/// The shared benchmark corpus, moved under the root `config` expects; returns the number of
/// files.
fn shared(dir: &Path) -> usize {
    let tmp = dir.join("corpus");
    std::fs::create_dir_all(&tmp).expect("corpus folder");
    let stats = corpus::write(&tmp, CORPUS_PAGES, 2023).expect("write corpus");
    for locale in ["en", "da"] {
        std::fs::rename(tmp.join("guides").join(locale), dir.join(locale)).expect("move corpus");
    }
    std::fs::remove_dir_all(&tmp).expect("remove corpus leftovers");
    stats.files as usize
}

/// The worst-case corpus; returns the number of files.
fn worst_case(dir: &Path) -> usize {
    let (en, da) = seed_pair();
    for copy in 0..COPIES {
        write(dir, "en", &format!("move-{copy}.md"), &en);
        write(dir, "da", &format!("move-{copy}.md"), &da);
    }
    2 * COPIES
}

fn config(root: &Path, translated: bool) -> Config {
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

fn bench(c: &mut Criterion) {
    let options = CheckOptions::default();
    for (corpus, make) in [
        ("shared", shared as fn(&Path) -> usize),
        ("typical", typical as fn(&Path) -> usize),
        ("worst case", worst_case as fn(&Path) -> usize),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = make(dir.path());
        let paths = vec![dir.path().to_path_buf()];
        let mut group = c.benchmark_group(format!("check, {corpus} corpus ({files} files)"));
        group.sample_size(10);
        for (name, translated) in [
            ("without translation pass", false),
            ("with translation pass", true),
        ] {
            let cfg = config(dir.path(), translated);
            let report = check(&paths, &cfg, &options);
            assert_eq!(report.files_checked, files);
            group.bench_function(name, |b| b.iter(|| check(&paths, &cfg, &options)));
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
