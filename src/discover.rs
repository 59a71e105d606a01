//! What a guide page file is: which files are pages, and for each its locale and path relative
//! to the guides root. The walk that finds them, and the reading, are the loader's
//! (`src/loader.rs`).

use std::path::{Path, PathBuf};

use crate::config::Config;

/// A page file to check.
#[derive(Debug, Clone)]
pub struct PageFile {
    /// Path as shown to the user (as given, or joined from a walked directory).
    pub path: PathBuf,
    /// Path relative to the guides root (`da/move.md`), when under it.
    pub rel: Option<PathBuf>,
    /// Locale folder (`da`), when the file is under `<guides>/<locale>/`.
    pub locale: Option<String>,
    /// The walk that listed the page found a regular file there, not a link (its folder's
    /// listing says so): the read does not look at the path again (the loader's
    /// `read_text`). What the walk found is no part of the page's identity: two page files
    /// compare by their path, relative path and locale alone.
    pub walked_regular: bool,
}

impl PageFile {
    fn key(&self) -> (&PathBuf, &Option<PathBuf>, &Option<String>) {
        (&self.path, &self.rel, &self.locale)
    }
}

impl PartialEq for PageFile {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for PageFile {}

impl PartialOrd for PageFile {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PageFile {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// Extensions read as pages.
pub const PAGE_EXTENSIONS: &[&str] = &["md"];

/// Suffix of the files `sync --pull` saves beside a guide (the wiki's version of the page, to
/// merge by hand): not guide pages.
pub const PULLED_SUFFIX: &str = ".remote.md";

/// Whether a file is read as a page: a `.md` file, except those `sync --pull` saves.
pub fn is_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PAGE_EXTENSIONS.contains(&e))
        && !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(PULLED_SUFFIX))
}

/// The page file `path` is, as the loader's walk would list it (its locale and path relative to the
/// guides root), whether the file exists or not: an editor's buffer may not be saved yet.
pub fn page_file(path: &Path, config: &Config) -> PageFile {
    let root = config.guides_root();
    let abs_root = std::fs::canonicalize(&root).ok();
    page(path.to_path_buf(), &root, abs_root.as_deref(), config)
}

/// The page file of `path`, with the guides root as given and resolved.
///
/// A file under a MkDocs project's `docs_dir` that the project leaves out of its site
/// (`exclude_docs`, and MkDocs' own `.*` and `/templates/`) is no guide page: it is read as
/// the files beside `docs_dir` are (a repository's README), and links to it from the site's
/// pages are broken there. A draft (`draft_docs`) is a page.
pub(crate) fn page(
    path: PathBuf,
    root: &Path,
    abs_root: Option<&Path>,
    config: &Config,
) -> PageFile {
    let rel = path
        .strip_prefix(root)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| {
            // Resolved only when the root exists: otherwise no spelling of the path is under it,
            // and resolving every file of a walk costs a working-directory lookup and a link
            // read per folder of its path.
            let abs_root = abs_root?;
            let abs = std::fs::canonicalize(&path).ok()?;
            abs.strip_prefix(abs_root).ok().map(Path::to_path_buf)
        })
        .filter(|r| config.site_inclusion(r) != crate::mkdocs::Inclusion::Excluded);
    let locale = rel.as_ref().and_then(|r| {
        let mut comps = r.components();
        let first = comps.next()?.as_os_str().to_str()?;
        comps.next()?; // a file directly under the root has no locale folder
        crate::util::is_locale(first).then(|| first.to_string())
    });
    // A walk of the guides root `.` lists `./da/x.md`: shown as `da/x.md`, as written by hand.
    let path = match path.strip_prefix(".") {
        Ok(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => path,
    };
    PageFile {
        path,
        rel,
        locale,
        walked_regular: false,
    }
}
