//! Shared by the tests: the seeds laid out as a guides tree, a render context whose output does
//! not depend on where the tree is, and fixture trees copied into temporary folders.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use guide_lint::render::RenderContext;
use guide_lint::{CheckOptions, CheckReport, Config};

pub const PAGE: &str = "move-to-another-mastodon-server.md";

/// The root `guide-lint.yml`'s settings for a `guides/` tree.
pub const CONFIG: &str = "guides: guides\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"en/**\"\n    dialect: mkdocs\n  - path: \"da/**\"\n    dialect: wikijs\ncomponents:\n  identities: [old, new]\n  server-inputs:\n    old: from-server\n    new: to-server\n";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary repository: `guide-lint.yml`, `guides/en/<page>` (English seed, mkdocs) and
/// `guides/da/<page>` (Danish seed, wikijs).
pub fn seeds() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds = manifest().join("tests/fixtures/seeds");
    for (locale, seed) in [
        ("en", "000_96c5de40a4f96d87.txt"),
        ("da", "002_ed018420886e4baa.txt"),
    ] {
        let to = dir.path().join("guides").join(locale);
        std::fs::create_dir_all(&to).expect("mkdir");
        std::fs::copy(seeds.join(seed), to.join(PAGE)).expect("copy seed");
    }
    std::fs::write(dir.path().join("guide-lint.yml"), CONFIG).expect("write config");
    dir
}

/// Writes `files` (path relative to the root, contents) under a fresh temporary repository
/// with the standard config plus `extra_config`.
pub fn tree(files: &[(&str, &[u8])], extra_config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, bytes) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
    }
    std::fs::write(
        dir.path().join("guide-lint.yml"),
        format!("{CONFIG}{extra_config}"),
    )
    .expect("write config");
    dir
}

/// Checks the guides of a repository made by [`seeds`] or [`tree`].
pub fn check(root: &Path) -> CheckReport {
    let config = Config::load(Some(&root.join("guide-lint.yml")), root).expect("config");
    guide_lint::check(&[config.guides_root()], &config, &CheckOptions::default())
}

/// Paths relative to `root`, a fixed project URL and no elapsed time.
pub fn context(root: &Path) -> RenderContext {
    RenderContext {
        root: Some(root.to_path_buf()),
        cwd: root.to_path_buf(),
        project_url: Some("https://example.org/guide-lint".into()),
        elapsed: Duration::ZERO,
        ..RenderContext::default()
    }
}

/// Replaces the temporary root in text output (human and concise show paths as given).
pub fn redact(text: &str, root: &Path) -> String {
    let root = root.to_string_lossy();
    text.replace(root.as_ref(), "[ROOT]")
}

/// Copies the folders and files of `from` into `to` (created when missing).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for e in std::fs::read_dir(from).expect("read fixture folder") {
        let e = e.expect("folder entry");
        let target = to.join(e.file_name());
        let kind = e.file_type().expect("entry kind");
        if kind.is_dir() {
            copy_tree(&e.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(e.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir`, depth first (none when it cannot be read).
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
