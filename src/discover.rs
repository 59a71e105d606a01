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
    let layout = Layout::of(config);
    let locale = rel
        .as_ref()
        .and_then(|r| layout.split(r))
        .map(|(l, _)| l.to_string());
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

/// A language code as mkdocs-static-i18n recognises one in a file name (its `RE_LOCALE`):
/// `fr`, `zh-Hant`, `pt-BR`, `zh-Hant-TW`, `pt_BR`.
pub(crate) fn language_code(code: &str) -> bool {
    let lower2 = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase());
    let upper2 = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());
    let script = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic());
    if let Some((lang, region)) = code.split_once('_') {
        return lower2(lang) && upper2(region);
    }
    let mut parts = code.split('-');
    if !parts.next().is_some_and(lower2) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    match rest.as_slice() {
        [] => true,
        [x] => script(x) || upper2(x),
        [s, r] => script(s) && upper2(r),
        _ => false,
    }
}

/// How the guides tree says which locale a page is written in.
#[derive(Debug, Clone, Copy)]
pub enum Layout<'c> {
    /// A folder per locale (`da/setup.md`): Wiki.js's git storage, and mkdocs-static-i18n's
    /// folder structure, whose settings come along where the guides root is its `docs_dir`
    /// ([`Config::i18n_folders`]): the folders are then read as the plugin reads them (`pt-BR/`
    /// is the locale `pt-br`). A file directly under the root has no locale.
    Folders(Option<&'c crate::mkdocs::I18n>),
    /// mkdocs-static-i18n's suffix structure (its default): the language before the
    /// extension (`setup.fr.md`), and a page without one in the default language
    /// (`setup.md`, or `setup.en.md` written out). Every page has a locale.
    Suffixes(&'c crate::mkdocs::I18n),
}

impl<'c> Layout<'c> {
    /// The layout of the guides root `config` reads ([`Config::i18n_suffixes`]).
    pub fn of(config: &'c Config) -> Layout<'c> {
        match config.i18n_suffixes() {
            Some(i18n) => Layout::Suffixes(i18n),
            None => Layout::Folders(config.i18n_folders()),
        }
    }

    /// The locale of the file at `rel` (relative to the guides root) and its path without it:
    /// `da/setup.md` is `da` and `setup.md`; with suffixes `setup.fr.md` is `fr` and
    /// `setup.md`. `None` for a file in no locale (or whose path is not UTF-8 where the
    /// locale is read).
    pub fn split<'r>(&self, rel: &'r Path) -> Option<(&'r str, std::borrow::Cow<'r, Path>)>
    where
        'c: 'r,
    {
        use std::borrow::Cow;
        match self {
            Layout::Folders(i18n) => {
                let mut comps = rel.components();
                let first = comps.next()?.as_os_str().to_str()?;
                let rest = comps.as_path();
                // A file directly under the root has no locale folder.
                if rest.as_os_str().is_empty() {
                    return None;
                }
                let locale = match i18n {
                    // As the plugin reads a folder: a configured language as written (`pt-BR`
                    // is the locale `pt-br`), or any code of a language's shape; `pt-br/`
                    // where the configuration writes `pt-BR` holds default-language pages.
                    Some(i) => i
                        .configured(first)
                        .or_else(|| language_code(first).then_some(first))?,
                    None if crate::util::is_locale(first) => first,
                    None => return None,
                };
                Some((locale, Cow::Borrowed(rest)))
            }
            Layout::Suffixes(i18n) => {
                let name = rel.file_name()?.to_str()?;
                // The plugin reads a configured language (a page `setup` with the suffix
                // `pt-BR` is in the locale `pt-br`), or any code of a language's shape (its
                // `RE_LOCALE`): the suffix `de` is German even where German is not built.
                let locale = |code: &'r str| -> Option<&'r str> {
                    i18n.configured(code)
                        .or_else(|| language_code(code).then_some(code))
                };
                // `setup.fr.md`: the last two dots hold the language and the extension.
                let split = name.rsplit_once('.').and_then(|(stem, ext)| {
                    let (base, code) = stem.rsplit_once('.')?;
                    if base.is_empty() {
                        return None;
                    }
                    Some((base, locale(code)?, ext))
                });
                match split {
                    Some((base, lang, ext)) => Some((
                        lang,
                        Cow::Owned(rel.with_file_name(format!("{base}.{ext}"))),
                    )),
                    None => Some((i18n.default.as_str(), Cow::Borrowed(rel))),
                }
            }
        }
    }

    /// [`Layout::split`], for a file whose path does not write its locale as Wiki.js reads a
    /// locale folder: the language before the extension (`setup.fr.md`), or a folder that
    /// spells it otherwise (`pt-BR/setup.md` for `pt-br`). `None` for `da/setup.md` (Wiki.js's
    /// own reading of the path gives its locale) and for a file in no locale.
    pub fn respelled<'r>(&self, rel: &'r Path) -> Option<(&'r str, std::borrow::Cow<'r, Path>)>
    where
        'c: 'r,
    {
        self.split(rel)
            .filter(|(locale, _)| matches!(self, Layout::Suffixes(_)) || !rel.starts_with(locale))
    }

    /// The file a link from a page in `locale` to `file` (relative to the guides root) is
    /// served from, when that is another file: where the language is written before the
    /// extension, mkdocs-static-i18n serves a link from a French page to `setup.md` (a file in
    /// no language, the default one's) as `setup.fr.md`. `None` for the folder layout, a page
    /// in the default language, or a file that names its language.
    pub fn localised(&self, locale: &str, file: &Path) -> Option<PathBuf> {
        let Layout::Suffixes(i18n) = self else {
            return None;
        };
        if locale == i18n.default {
            return None;
        }
        match self.split(file)? {
            (l, std::borrow::Cow::Borrowed(rest)) if l == i18n.default => {
                Some(self.place(locale, rest))
            }
            _ => None,
        }
    }

    /// [`Layout::place`], or where the language is written before the extension and `locale` is
    /// the default one, the page written with it (`setup.en.md`) when `exists` says only that
    /// one is there.
    pub fn find(&self, locale: &str, rest: &Path, exists: impl Fn(&Path) -> bool) -> PathBuf {
        let placed = self.place(locale, rest);
        if let Layout::Suffixes(i18n) = self
            && locale == i18n.default
            && !exists(&placed)
        {
            let written = self.with_language(i18n.written(locale), rest);
            if exists(&written) {
                return written;
            }
        }
        placed
    }

    /// The file of the page `rest` (a path without its locale, as [`Layout::split`] gives it)
    /// in `locale`: `da/setup.md`; with suffixes `setup.fr.md`, and `setup.md` in the default
    /// language.
    pub fn place(&self, locale: &str, rest: &Path) -> PathBuf {
        match self {
            Layout::Folders(i18n) => {
                Path::new(i18n.map_or(locale, |i| i.written(locale))).join(rest)
            }
            Layout::Suffixes(i18n) if locale == i18n.default => rest.to_path_buf(),
            Layout::Suffixes(i18n) => self.with_language(i18n.written(locale), rest),
        }
    }

    /// `rest` with the language `code` written before its extension (`setup.fr.md`).
    fn with_language(&self, code: &str, rest: &Path) -> PathBuf {
        let stem = rest.file_stem().map(|s| s.to_string_lossy());
        let name = match (stem, rest.extension()) {
            (Some(stem), Some(ext)) => format!("{stem}.{code}.{}", ext.to_string_lossy()),
            (Some(stem), None) => format!("{stem}.{code}"),
            (None, _) => return rest.to_path_buf(),
        };
        rest.with_file_name(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_code_has_the_plugins_shape() {
        for code in ["fr", "pt-BR", "zh-Hant", "zh-Hant-TW", "pt_BR"] {
            assert!(language_code(code), "{code}");
        }
        for code in [
            "1",
            "fra",
            "pt-br",
            "release_1",
            "v1",
            "FR",
            "zh-Hant-tw",
            "a-b-c-d",
        ] {
            assert!(!language_code(code), "{code}");
        }
    }

    #[test]
    fn suffixes_split_place_and_find_as_the_plugin_names_files() {
        let text = "plugins:\n  - i18n:\n      languages:\n        - locale: en\n          \
                    default: true\n        - locale: fr\n";
        let i18n = crate::mkdocs::Project::parse(text, Path::new("mkdocs.yml"))
            .expect("parse")
            .i18n
            .expect("i18n");
        let layout = Layout::Suffixes(&i18n);
        let split = |p: &str| {
            layout
                .split(Path::new(p))
                .map(|(l, rest)| (l.to_string(), rest.into_owned()))
        };
        assert_eq!(
            split("a/setup.fr.md"),
            Some(("fr".into(), "a/setup.md".into()))
        );
        assert_eq!(split("setup.md"), Some(("en".into(), "setup.md".into())));
        assert_eq!(split("setup.en.md"), Some(("en".into(), "setup.md".into())));
        // Dots that are no language stay in the name; a language not configured is one still.
        assert_eq!(
            split("notes/release_1.2.md"),
            Some(("en".into(), "notes/release_1.2.md".into()))
        );
        assert_eq!(split("b.de.md"), Some(("de".into(), "b.md".into())));
        assert_eq!(split(".fr.md"), Some(("en".into(), ".fr.md".into())));
        assert_eq!(
            layout.place("fr", Path::new("a/setup.md")),
            Path::new("a/setup.fr.md")
        );
        assert_eq!(
            layout.place("en", Path::new("a/setup.md")),
            Path::new("a/setup.md")
        );
        // The default language written out is found when only it is there.
        let only_written = |p: &Path| p == Path::new("a/setup.en.md");
        assert_eq!(
            layout.find("en", Path::new("a/setup.md"), only_written),
            Path::new("a/setup.en.md")
        );
        assert_eq!(
            layout.localised("fr", Path::new("setup.md")),
            Some(PathBuf::from("setup.fr.md"))
        );
        assert_eq!(layout.localised("fr", Path::new("setup.en.md")), None);
        assert_eq!(layout.localised("en", Path::new("setup.md")), None);
        // Folders: the first folder, when it is a locale and holds the file.
        let folders = Layout::Folders(None);
        let (l, rest) = folders.split(Path::new("da/a/b.md")).expect("da");
        assert_eq!((l, rest.as_ref()), ("da", Path::new("a/b.md")));
        assert!(folders.split(Path::new("da.md")).is_none());
        assert!(folders.split(Path::new("img/a.png")).is_none());
        assert_eq!(
            folders.place("da", Path::new("a/b.md")),
            Path::new("da/a/b.md")
        );
        assert!(folders.respelled(Path::new("da/a/b.md")).is_none());
    }

    #[test]
    fn a_language_written_pt_br_is_the_locale_pt_br_in_both_structures() {
        let i18n = |structure: &str| {
            let text = format!(
                "plugins:\n  - i18n:\n      docs_structure: {structure}\n      languages:\n        \
                 - locale: en\n          default: true\n        - locale: pt-BR\n"
            );
            crate::mkdocs::Project::parse(&text, Path::new("mkdocs.yml"))
                .expect("parse")
                .i18n
                .expect("i18n")
        };
        let owned = |s: Option<(&str, std::borrow::Cow<'_, Path>)>| {
            s.map(|(l, rest)| (l.to_string(), rest.into_owned()))
        };
        let suffix = i18n("suffix");
        let layout = Layout::Suffixes(&suffix);
        let split = |p: &str| owned(layout.split(Path::new(p)));
        assert_eq!(
            split("a/setup.pt-BR.md"),
            Some(("pt-br".into(), "a/setup.md".into()))
        );
        // The plugin reads no language in `pt-br` (its region must be in capitals).
        assert_eq!(
            split("setup.pt-br.md"),
            Some(("en".into(), "setup.pt-br.md".into()))
        );
        assert_eq!(
            layout.place("pt-br", Path::new("a/setup.md")),
            Path::new("a/setup.pt-BR.md")
        );
        assert_eq!(
            layout.localised("pt-br", Path::new("setup.md")),
            Some(PathBuf::from("setup.pt-BR.md"))
        );
        let folder = i18n("folder");
        let layout = Layout::Folders(Some(&folder));
        assert_eq!(
            owned(layout.split(Path::new("pt-BR/a/b.md"))),
            Some(("pt-br".into(), "a/b.md".into()))
        );
        assert_eq!(
            owned(layout.respelled(Path::new("pt-BR/a/b.md"))),
            Some(("pt-br".into(), "a/b.md".into()))
        );
        assert!(layout.respelled(Path::new("en/a/b.md")).is_none());
        // As the plugin reads folders: any code of a language's shape is one, configured or
        // not; `pt-br/` where the configuration writes `pt-BR` is none, nor is `img/`.
        assert_eq!(
            owned(layout.split(Path::new("de-AT/a/b.md"))),
            Some(("de-AT".into(), "a/b.md".into()))
        );
        assert!(layout.split(Path::new("pt-br/a/b.md")).is_none());
        assert!(layout.split(Path::new("img/a.png")).is_none());
        assert_eq!(
            layout.place("pt-br", Path::new("a/b.md")),
            Path::new("pt-BR/a/b.md")
        );
    }
}
