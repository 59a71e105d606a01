//! The only file-system walker: finds guide pages under the given paths (respecting
//! `.gitignore`), and says for each its locale and path relative to the guides root.

use std::path::{Path, PathBuf};

use crate::config::Config;

/// A page file to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageFile {
    /// Path as shown to the user (as given, or joined from a walked directory).
    pub path: PathBuf,
    /// Path relative to the guides root (`da/move.md`), when under it.
    pub rel: Option<PathBuf>,
    /// Locale folder (`da`), when the file is under `<guides>/<locale>/`.
    pub locale: Option<String>,
}

/// A path that could not be walked or read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Extensions read as pages.
pub const PAGE_EXTENSIONS: &[&str] = &["md"];

/// Suffix of the files `sync --pull` saves beside a guide (the wiki's version of the page, to
/// merge by hand): not guide pages.
pub const PULLED_SUFFIX: &str = ".remote.md";

fn is_page(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PAGE_EXTENSIONS.contains(&e))
        && !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(PULLED_SUFFIX))
}

/// Whether a folder name looks like a Wiki.js locale (`da`, `pt-br`).
pub fn is_locale(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 2 && b.iter().all(u8::is_ascii_lowercase))
        || (b.len() == 5
            && b[2] == b'-'
            && b[..2].iter().all(u8::is_ascii_lowercase)
            && b[3..].iter().all(u8::is_ascii_lowercase))
}

/// Walks `paths` (files or directories); sorted, de-duplicated.
///
/// The repository boundary is kept here, for every command (docs/security.md): a symbolic link
/// whose target lies outside the repository is reported with its target and never read, and a
/// FIFO, socket or device is reported as skipped and never opened. Linked folders are not
/// walked into.
pub fn discover(paths: &[PathBuf], config: &Config) -> (Vec<PageFile>, Vec<WalkError>) {
    let root = config.guides_root();
    let abs_root = std::fs::canonicalize(&root).ok();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for given in paths {
        // A path named on the command line is the caller's choice; a link named there still
        // must not lead out of the repository.
        if std::fs::symlink_metadata(given).is_ok_and(|m| m.file_type().is_symlink())
            && let Linked::Error(e) = linked(given, config)
        {
            errors.push(e);
            continue;
        }
        match std::fs::metadata(given) {
            Err(e) => errors.push(WalkError {
                path: given.clone(),
                message: crate::document::io_message(&e),
            }),
            Ok(m) if m.is_file() => files.push(page(given.clone(), &root, abs_root.as_deref())),
            // A FIFO, socket or device given by name: reading it could block or never end.
            Ok(m) if !m.is_dir() => errors.push(special(given.clone(), &m)),
            Ok(_) => {
                let walker = ignore::WalkBuilder::new(given)
                    .hidden(true)
                    .git_ignore(true)
                    .require_git(false)
                    .sort_by_file_path(|a, b| a.cmp(b))
                    .build();
                for entry in walker {
                    match entry {
                        // Links first: whatever their name, one leading out is reported.
                        Ok(e) if e.path_is_symlink() && e.depth() > 0 => {
                            match linked(e.path(), config) {
                                Linked::Page => {
                                    files.push(page(e.into_path(), &root, abs_root.as_deref()))
                                }
                                Linked::Skip => {}
                                Linked::Error(err) => errors.push(err),
                            }
                        }
                        Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                            if is_page(e.path()) {
                                files.push(page(e.into_path(), &root, abs_root.as_deref()));
                            }
                        }
                        Ok(e) if e.file_type().is_some_and(|t| t.is_dir()) => {}
                        // Neither file, folder nor link: a FIFO, a socket or a device.
                        Ok(e) => match std::fs::symlink_metadata(e.path()) {
                            Ok(m) => errors.push(special(e.into_path(), &m)),
                            Err(err) => errors.push(WalkError {
                                path: e.into_path(),
                                message: crate::document::io_message(&err),
                            }),
                        },
                        Err(err) => errors.push(walk_error(err, given)),
                    }
                }
            }
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    errors.sort();
    (files, errors)
}

enum Linked {
    /// A link to a page inside the repository: read as a page.
    Page,
    /// A link to something else inside the repository (a folder, a file that is not a page).
    Skip,
    Error(WalkError),
}

/// What to do with a symbolic link met in the tree (or named on the command line).
fn linked(path: &Path, config: &Config) -> Linked {
    let shown_target = || {
        std::fs::read_link(path)
            .map(|t| crate::logsafe::path(&t))
            .unwrap_or_else(|_| "?".into())
    };
    let target = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(err) if is_page(path) => {
            return Linked::Error(WalkError {
                path: path.to_path_buf(),
                message: format!(
                    "broken symbolic link: {}",
                    crate::document::io_message(&err)
                ),
            });
        }
        Err(_) => return Linked::Skip,
    };
    if !config.is_inside_boundary(&target) {
        return Linked::Error(WalkError {
            path: path.to_path_buf(),
            message: format!(
                "symbolic link to {} (resolves to {}), outside the repository: not read",
                shown_target(),
                crate::logsafe::path(&target)
            ),
        });
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_file() && is_page(path) => Linked::Page,
        Ok(m) if !m.is_file() && !m.is_dir() && is_page(path) => {
            let mut e = special(path.to_path_buf(), &m);
            e.message = format!("symbolic link to {}: {}", shown_target(), e.message);
            Linked::Error(e)
        }
        Ok(_) => Linked::Skip,
        Err(err) => Linked::Error(WalkError {
            path: path.to_path_buf(),
            message: crate::document::io_message(&err),
        }),
    }
}

/// The report of a FIFO, socket or device: skipped, never opened.
fn special(path: PathBuf, m: &std::fs::Metadata) -> WalkError {
    let kind = crate::fsutil::special_kind(m).unwrap_or("not a regular file");
    WalkError {
        path,
        message: format!("skipped: {kind}, not a regular file or a directory (never opened)"),
    }
}

/// Every file under `root` that Wiki.js's git storage would import as a page (`.md`, `.html`,
/// `.adoc`), as paths relative to `root`, sorted. Unreadable entries are skipped: the walk of
/// the checked paths reports them.
pub fn list_page_like_files(root: &Path) -> Vec<PathBuf> {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    let mut out = Vec::new();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let page_like = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "md" | "html" | "adoc"));
        if page_like && let Ok(rel) = entry.path().strip_prefix(root) {
            out.push(rel.to_path_buf());
        }
    }
    out
}

/// The page file `path` is, as [`discover`] would list it (its locale and path relative to the
/// guides root), whether the file exists or not: an editor's buffer may not be saved yet.
pub fn page_file(path: &Path, config: &Config) -> PageFile {
    let root = config.guides_root();
    let abs_root = std::fs::canonicalize(&root).ok();
    page(path.to_path_buf(), &root, abs_root.as_deref())
}

fn walk_error(err: ignore::Error, given: &Path) -> WalkError {
    let mut path = given.to_path_buf();
    let mut e = &err;
    let message = loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            ignore::Error::Io(io) => break crate::document::io_message(io),
            other => break other.to_string(),
        }
    };
    WalkError { path, message }
}

fn page(path: PathBuf, root: &Path, abs_root: Option<&Path>) -> PageFile {
    let rel = path
        .strip_prefix(root)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| {
            let abs = std::fs::canonicalize(&path).ok()?;
            abs.strip_prefix(abs_root?).ok().map(Path::to_path_buf)
        });
    let locale = rel.as_ref().and_then(|r| {
        let mut comps = r.components();
        let first = comps.next()?.as_os_str().to_str()?;
        comps.next()?; // a file directly under the root has no locale folder
        is_locale(first).then(|| first.to_string())
    });
    PageFile { path, rel, locale }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_saved_by_sync_pull_are_not_pages() {
        let dir = tempfile::tempdir().unwrap();
        let da = dir.path().join("da");
        std::fs::create_dir_all(&da).unwrap();
        for f in ["move.md", "move.remote.md", "move.remote.js", "notes.txt"] {
            std::fs::write(da.join(f), "x").unwrap();
        }
        let config = Config::load(None, dir.path()).unwrap();
        let (files, errors) = discover(&[dir.path().to_path_buf()], &config);
        assert!(errors.is_empty());
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["move.md"]);
    }
}
