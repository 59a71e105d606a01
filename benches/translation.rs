//! Cost of the translation pass (units, language identification, alignment, GL4xx) on a
//! generated bilingual corpus: `check` with translations configured against the same `check`
//! with no target locale (no translation pass at all). The pass must not double the time.
//!
//! The corpus: every fully translated page pair of `tests/fixtures/translation/pairs` and the
//! seed pair, copied `COPIES` times; one Danish page in four has its second half left in
//! English, so untranslated text is judged too.
//!
//! Run: `cargo bench --bench translation` (add `-- --quick` for a short run).

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use guide_lint::config::{Config, ConfigFile, DialectRule};
use guide_lint::{CheckOptions, Dialect, check};

const COPIES: usize = 20;

fn corpus(dir: &Path) -> usize {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pairs = manifest.join("tests/fixtures/translation/pairs");
    let mut sources: Vec<(String, String, String)> = Vec::new();
    for entry in std::fs::read_dir(pairs.join("en")).expect("pairs") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let en = std::fs::read_to_string(pairs.join("en").join(&name)).expect("en");
        let da = std::fs::read_to_string(pairs.join("da").join(&name)).expect("da");
        sources.push((name.trim_end_matches(".md").to_string(), en, da));
    }
    let seeds = manifest.join("tests/fixtures/seeds");
    sources.push((
        "move".into(),
        std::fs::read_to_string(seeds.join("000_96c5de40a4f96d87.txt")).expect("seed"),
        std::fs::read_to_string(seeds.join("002_ed018420886e4baa.txt")).expect("seed"),
    ));
    sources.sort();
    let mut files = 0;
    for copy in 0..COPIES {
        for (i, (name, en, da)) in sources.iter().enumerate() {
            let da = if (copy + i) % 4 == 0 {
                // The second half still in English.
                let cut = da.len() / 2;
                let cut = da[cut..].find("\n\n").map_or(da.len(), |j| cut + j);
                let en_cut = en.len() / 2;
                let en_cut = en[en_cut..].find("\n\n").map_or(en.len(), |j| en_cut + j);
                format!("{}{}", &da[..cut], &en[en_cut..])
            } else {
                da.clone()
            };
            for (locale, text) in [("en", en.as_str()), ("da", da.as_str())] {
                let p = dir.join(locale).join(format!("{name}-{copy}.md"));
                std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
                std::fs::write(p, text).expect("write");
                files += 1;
            }
        }
    }
    files
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
    let dir = tempfile::tempdir().expect("temp dir");
    let files = corpus(dir.path());
    let paths = vec![dir.path().to_path_buf()];
    let options = CheckOptions::default();
    let mut group = c.benchmark_group(format!("check {files} files"));
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

criterion_group!(benches, bench);
criterion_main!(benches);
