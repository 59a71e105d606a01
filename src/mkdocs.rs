//! `mkdocs.yml`: what guide-lint reads from a MkDocs project (see docs/mkdocs.md).
//!
//! Only `docs_dir`, `markdown_extensions`, `use_directory_urls`, `exclude_docs`, `draft_docs`
//! and `INHERIT` matter here; every other key is ignored. The file
//! is read leniently: MkDocs configurations carry Python tags (`!!python/name:...`,
//! `!ENV`) that are kept as opaque values.

use std::path::{Path, PathBuf};

use serde_norway::Value;

use crate::document::fences::FenceSettings;
use crate::error::Error;
use crate::wikijs::slug::{NormalForm, SlugCase, Slugify, TabIds, TocSlugs};

pub const FILE_NAME: &str = "mkdocs.yml";
/// The other name MkDocs and Zensical look for, when there is no `mkdocs.yml`.
pub const YAML_FILE: &str = "mkdocs.yaml";
/// Zensical's configuration (the Material team's successor to MkDocs, which reads the same
/// pages): the same settings under `[project]`, in TOML.
pub const ZENSICAL_FILE: &str = "zensical.toml";

/// ProperDocs' configuration (the maintained fork of MkDocs 1.6, which reads the same file
/// and looks for it first under its own names: `properdocs.yml`, `properdocs.yaml`, then
/// MkDocs').
pub const PROPERDOCS_FILES: [&str; 2] = ["properdocs.yml", "properdocs.yaml"];

/// The names a project configuration is found by: in the order Zensical tries them, with
/// ProperDocs' names before MkDocs' (as ProperDocs tries them; MkDocs tries the last two in
/// the same order).
pub const PROJECT_FILES: [&str; 5] = [
    ZENSICAL_FILE,
    PROPERDOCS_FILES[0],
    PROPERDOCS_FILES[1],
    FILE_NAME,
    YAML_FILE,
];

/// The project configuration in `dir`: `zensical.toml` when there is one (Zensical prefers it),
/// else ProperDocs' `properdocs.yml` or `properdocs.yaml`, else `mkdocs.yml`, else
/// `mkdocs.yaml`.
pub fn project_file(dir: &Path) -> Option<&'static str> {
    PROJECT_FILES.into_iter().find(|f| dir.join(f).is_file())
}

/// The parts of a MkDocs configuration that decide how its pages are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The `mkdocs.yml` file.
    pub path: PathBuf,
    /// `docs_dir`, relative to the `mkdocs.yml` folder (default `docs`).
    pub docs_dir: PathBuf,
    /// The names in `markdown_extensions`, as written (`admonition`, `pymdownx.details`).
    pub extensions: Vec<String>,
    /// The block names the project adds with the `types` option of pymdownx.blocks.admonition
    /// and pymdownx.blocks.details (`/// new`, `/// details-new`), lowercased.
    pub block_types: Vec<BlockType>,
    /// pymdownx.blocks.admonition has a `types` list: it replaces the extension's own names
    /// (`note`, `warning`…), so a name left out of it is no block (`admonition` always is).
    pub admonition_types_listed: bool,
    /// pymdownx.blocks.caption has a `types` list: it replaces the extension's own names
    /// (`caption`, `figure-caption`, `table-caption`).
    pub caption_types_listed: bool,
    /// The configuration lists its extensions. A `zensical.toml` without `markdown_extensions`
    /// gets Zensical's own defaults, which guide-lint does not assume: every syntax then counts
    /// as enabled.
    pub extensions_listed: bool,
    /// pymdownx.snippets' options, when the project enables it (see [`crate::snippets`]).
    pub snippets: Option<Snippets>,
    /// `use_directory_urls` (default true): `setup/tips.md` is served at `setup/tips/`, so a
    /// relative URL MkDocs does not rewrite (raw HTML's `<img src>`) is resolved from there.
    pub use_directory_urls: bool,
    /// The configurations `INHERIT` merged this one over, nearest first (resolved paths).
    pub inherited: Vec<PathBuf>,
    /// The files under `docs_dir` the site leaves out (`exclude_docs`, `draft_docs`).
    pub site_files: SiteFiles,
    /// The mkdocs-static-i18n plugin's settings, when the project enables it.
    pub i18n: Option<I18n>,
    /// The names in `plugins`, as written (`search`, `print-site`).
    pub plugins: Vec<String>,
    /// The files plugins write into the site (paths relative to its root): mkdocs-rss-plugin's
    /// feeds ([`plugin_files`]).
    pub plugin_files: Vec<String>,
    /// The scripts mkdocs-gen-files runs (`plugins: - gen-files: scripts:`), as written.
    pub gen_files_scripts: Vec<String>,
    /// The folders under `docs_dir` those scripts may write pages into: every name their text
    /// gives as a string literal ([`Project::load`], [`script_folders`]).
    pub generated_folders: Vec<String>,
    /// How the `toc` extension makes heading ids (its `slugify` and `separator` options).
    pub toc: TocSlugs,
    /// How pymdownx.tabbed makes content tabs' ids (its `slugify`, `separator` and
    /// `combine_header_slug` options).
    pub tabbed: TabIds,
    /// The same options of pymdownx.blocks.tab (`/// tab | Android`).
    pub block_tabs: TabIds,
    /// How pymdownx.superfences reads fences and pymdownx.highlight gives code lines ids
    /// (`anchor_linenums`, `line_spans`).
    pub fences: FenceSettings,
    /// The project runs its own Python on each page's Markdown before it is rendered (MkDocs'
    /// `hooks`, the mkdocs-simple-hooks plugin): what the renderer reads is not known to be the
    /// text (pytest-examples' `test="skip"` words, removed by such a hook from fence lines).
    pub page_hooks: bool,
}

/// The Markdown extensions a plugin enables by itself when the site is built, added to those
/// `markdown_extensions` lists (with their default options when it does not list them):
/// mkdocs-gallery (`gallery`) merges its own list into the configuration as it loads.
fn plugin_extensions(plugins: &[String]) -> impl Iterator<Item = &'static str> + '_ {
    const GALLERY: &[&str] = &[
        "attr_list",
        "admonition",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.snippets",
        "pymdownx.emoji",
    ];
    plugins
        .iter()
        .filter(|p| p.as_str() == "gallery")
        .flat_map(|_| GALLERY.iter().copied())
}

/// The page mkdocs-print-site-plugin adds to the site's root.
const PRINT_PAGE: &str = "print_page.md";

/// The names of `plugins` (a list of names and one-key mappings, or a mapping of names to
/// options, as MkDocs accepts both; a table of tables in `zensical.toml`).
fn plugin_names(plugins: Option<&Value>) -> Vec<String> {
    match plugins {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| match i {
                Value::String(s) => Some(s.clone()),
                Value::Mapping(m) if m.len() == 1 => {
                    m.keys().next().and_then(Value::as_str).map(str::to_string)
                }
                _ => None,
            })
            .collect(),
        Some(Value::Mapping(m)) => m
            .keys()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The options of the plugin named `name` in `plugins` (a list of names and one-key mappings,
/// or a mapping of names to options): `Null` when it is named without any, `None` when it is
/// not there.
fn plugin_options(plugins: Option<&Value>, name: &str) -> Option<Value> {
    match plugins? {
        Value::Sequence(items) => items.iter().find_map(|i| match i {
            Value::String(s) if s == name => Some(Value::Null),
            Value::Mapping(m) => m.get(name).cloned(),
            _ => None,
        }),
        Value::Mapping(m) => m.get(name).cloned(),
        _ => None,
    }
}

/// The files plugins write into the site, which pages may link to with no file of their own
/// under `docs_dir`: mkdocs-rss-plugin's (`rss`) feeds, `feed_rss_created.xml`,
/// `feed_rss_updated.xml`, `feed_json_created.json` and `feed_json_updated.json` at the site's
/// root unless `feeds_filenames` names them otherwise, the RSS ones unless `rss_feed_enabled`
/// is false and the JSON ones unless `json_feed_enabled` is (the plugin's `config.py`). A
/// plugin turned off with `enabled: false` writes none; a value MkDocs reads from the
/// environment (`!ENV`) counts as on.
fn plugin_files(plugins: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(rss) = plugin_options(plugins, "rss") {
        let on = |key: &str| rss.get(key).and_then(Value::as_bool).unwrap_or(true);
        if on("enabled") {
            let names = rss.get("feeds_filenames");
            let name = |key: &str, default: &str| {
                names
                    .and_then(|n| n.get(key))
                    .and_then(Value::as_str)
                    .unwrap_or(default)
                    .trim_start_matches('/')
                    .to_string()
            };
            if on("rss_feed_enabled") {
                out.push(name("rss_created", "feed_rss_created.xml"));
                out.push(name("rss_updated", "feed_rss_updated.xml"));
            }
            if on("json_feed_enabled") {
                out.push(name("json_created", "feed_json_created.json"));
                out.push(name("json_updated", "feed_json_updated.json"));
            }
        }
    }
    out
}

/// The scripts of mkdocs-gen-files (`- gen-files: scripts: [scripts/gen_ref_pages.py]`).
fn gen_files_scripts(plugins: Option<&Value>) -> Vec<String> {
    plugin_options(plugins, "gen-files")
        .and_then(|o| match o.get("scripts") {
            Some(Value::Sequence(items)) => Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

/// The largest script of mkdocs-gen-files read for the folders it names.
const MAX_SCRIPT: u64 = 1 << 20;

/// The names a mkdocs-gen-files script gives as string literals that could be a folder of the
/// site (`"reference"`, `OUTPUT_DIR_NAME = "api_reference"`, `Path("docs", "reference")`): a
/// script writes its pages with `mkdocs_gen_files.open(path)`, where `path` is built from such
/// names (mkdocstrings' recipe writes `reference/<module>.md`), so a page missing under one of
/// them may be one the script writes when the site is built. The first part of a literal
/// path counts (`"reference/index.md"` names `reference`).
fn script_folders(text: &str) -> Vec<String> {
    static LITERAL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#""([A-Za-z0-9_.-]+)(?:/[^"\\\n]*)?"|'([A-Za-z0-9_.-]+)(?:/[^'\\\n]*)?'"#,
        )
        .expect("valid regex")
    });
    let mut out: Vec<String> = LITERAL
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str())
        .filter(|n| !n.starts_with('.') && !n.ends_with(".py") && !n.ends_with(".md"))
        .map(str::to_string)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// What the mkdocs-static-i18n plugin (`plugins: - i18n:`) says of a translated site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct I18n {
    /// `docs_structure: folder`: each language's pages under `docs_dir/<locale>/`, and files
    /// outside every language folder shared. The plugin's default is `suffix`
    /// (`page.fr.md` beside `page.md`: `crate::discover::Layout::Suffixes`).
    pub folder: bool,
    /// The language marked `default: true`: the one the site is written in.
    pub default: String,
    /// The other languages the site builds (`build: true`, the plugin's default), in order;
    /// the language switcher's `null` entry is none.
    pub others: Vec<String>,
    /// `fallback_to_default` (default true): a page missing from a language is built from the
    /// default language's, so a link to it works.
    pub fallback: bool,
    /// The languages whose code the configuration writes otherwise than guide-lint names their
    /// locale, as `(locale, code)`: `("pt-br", "pt-BR")`. [`I18n::default`] and
    /// [`I18n::others`] hold the locales ([`I18n::locale_for`]); file and folder names hold the
    /// code as written ([`I18n::written`]).
    pub spellings: Vec<(String, String)>,
}

impl I18n {
    /// The locale guide-lint names the plugin's language `code` by: in lower case, with `-`
    /// for `_`, as Wiki.js names locales (`pt-BR` and `pt_BR` are `pt-br`), when that is a
    /// locale guide-lint reads (`xx` or `xx-yy`); else the code as written (`zh-Hant`, whose
    /// pages are then compared with none).
    pub fn locale_for(code: &str) -> String {
        let locale = code.to_ascii_lowercase().replace('_', "-");
        if crate::util::is_locale(&locale) {
            locale
        } else {
            code.to_string()
        }
    }

    /// The code file and folder names write `locale` with (`pt-BR` for `pt-br`): the one the
    /// configuration spells it with.
    pub fn written<'a>(&'a self, locale: &'a str) -> &'a str {
        self.spellings
            .iter()
            .find(|(l, _)| l == locale)
            .map_or(locale, |(_, code)| code.as_str())
    }

    /// The locale of the configured language a file or folder name writes as `code` (`pt-BR`
    /// is `pt-br`); `None` for a code the configuration does not spell so (`pt-br` where it
    /// writes `pt-BR`: the plugin reads no language there).
    pub fn configured<'a>(&'a self, code: &str) -> Option<&'a str> {
        std::iter::once(&self.default)
            .chain(&self.others)
            .find(|l| self.written(l) == code)
            .map(String::as_str)
    }

    /// The files the plugin's folder structure looks for, in order, when a page being built
    /// in the language `current` links `file` (relative to `docs_dir`), besides `file` itself:
    /// the same path in `current`'s folder, then (with `fallback_to_default`) in the default
    /// language's, then outside every language folder (a shared image). As the plugin's
    /// `I18nFiles.get_file_from_path` orders them, less the files `current`'s site lacks: the
    /// default language's (shared files included) are in another language's site only with
    /// `fallback_to_default` (`reconfigure_files`).
    ///
    /// With the suffix structure, the same file with the language before its extension
    /// (`image.fr.png` for `image.png`), then with the default language's, as the plugin's
    /// suffix `get_file_from_path` orders them, then (with `fallback_to_default`) `file`
    /// itself: a link to `setup.md` from a French page goes to the French page, and with the
    /// fallback the default language's page stands in for a missing one.
    pub fn candidates(&self, file: &Path, current: &str) -> Vec<PathBuf> {
        if !self.folder {
            let with = |lang: &str| {
                let ext = file.extension().map(|e| e.to_string_lossy().into_owned());
                let stem = file.file_stem()?.to_string_lossy().into_owned();
                let name = match ext {
                    Some(ext) => format!("{stem}.{lang}.{ext}"),
                    None => format!("{stem}.{lang}"),
                };
                Some(file.with_file_name(name))
            };
            let mut out: Vec<PathBuf> = with(self.written(current)).into_iter().collect();
            // The default language's files are in another language's site only with the
            // fallback; the page's language may be the default one.
            if self.fallback || current == self.default {
                out.extend(with(self.written(&self.default)));
            }
            out.dedup();
            // A file without a language is the default language's: with
            // `fallback_to_default`, every language's site has it.
            if self.fallback {
                out.push(file.to_path_buf());
            }
            return out;
        }
        // Files outside every language folder are the default language's: in another
        // language's site only with the fallback.
        let shared = self.fallback || current == self.default;
        let default = Path::new(self.written(&self.default));
        let current = Path::new(self.written(current));
        let mut out = Vec::with_capacity(3);
        if let Ok(rest) = file.strip_prefix(current) {
            if self.fallback {
                out.push(default.join(rest));
            }
            if shared {
                out.push(rest.to_path_buf());
            }
        } else if let Ok(rest) = file.strip_prefix(default) {
            if self.fallback {
                out.push(current.join(rest));
            }
            if shared {
                out.push(rest.to_path_buf());
            }
        } else {
            out.push(current.join(file));
            if self.fallback {
                out.push(default.join(file));
            }
        }
        out.retain(|c| c != file && !c.as_os_str().is_empty());
        out
    }

    /// The language of the page at `rel` (relative to `docs_dir`), as the plugin builds it: its
    /// language folder with the folder structure (`locale`, as the page's path gives it), else
    /// the language before its extension (`setup.fr.md`), else the default language.
    pub fn language_of<'a>(&'a self, rel: &'a Path, locale: Option<&'a str>) -> &'a str {
        if self.folder {
            return locale.unwrap_or(&self.default);
        }
        let suffix = rel
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.rsplit_once('.'))
            .map(|(_, l)| l);
        suffix
            .and_then(|l| self.configured(l))
            .unwrap_or(&self.default)
    }

    /// The plugin's entry in `plugins` (a list of names and one-key mappings, or a mapping of
    /// names to options, as MkDocs accepts both), when it is there.
    fn of(plugins: Option<&Value>) -> Option<I18n> {
        let options = plugin_options(plugins, "i18n")?;
        let folder = options.get("docs_structure").and_then(Value::as_str) == Some("folder");
        let fallback = options
            .get("fallback_to_default")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let only = options.get("build_only_locale").and_then(Value::as_str);
        let mut default = None;
        let mut others = Vec::new();
        let mut spellings = Vec::new();
        if let Some(Value::Sequence(languages)) = options.get("languages") {
            for l in languages {
                let Some(locale) = l.get("locale").and_then(Value::as_str) else {
                    continue;
                };
                let flag = |k: &str, d: bool| l.get(k).and_then(Value::as_bool).unwrap_or(d);
                // `build_only_locale` makes that language the default and the only one built.
                let (is_default, built) = match only {
                    Some(o) => (locale == o, locale == o),
                    None => (flag("default", false), flag("build", true)),
                };
                if locale == "null" || !built {
                    continue;
                }
                let code = locale;
                let locale = I18n::locale_for(code);
                if locale != code {
                    spellings.push((locale.clone(), code.to_string()));
                }
                if is_default && default.is_none() {
                    default = Some(locale);
                } else {
                    others.push(locale);
                }
            }
        }
        // Without a default language to build, the plugin refuses the configuration.
        Some(I18n {
            folder,
            default: default?,
            others,
            fallback,
            spellings,
        })
    }
}

/// How a file under `docs_dir` takes part in the site, as MkDocs 1.5+ decides it from
/// `exclude_docs` and `draft_docs` (gitignore patterns relative to `docs_dir`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inclusion {
    /// On the site.
    Included,
    /// Named by `draft_docs`: shown by `mkdocs serve`, left out by `mkdocs build`.
    Draft,
    /// Named by `exclude_docs`, or by MkDocs' own exclusions (`.*`, `/templates/`): never on
    /// the site.
    Excluded,
}

/// `exclude_docs` and `draft_docs`: which files under `docs_dir` the site leaves out. MkDocs
/// always excludes `.*` (hidden files and folders) and `/templates/`, and adds the project's
/// `exclude_docs` to these. Zensical reads the same keys under `[project]`.
#[derive(Clone)]
pub struct SiteFiles {
    /// The patterns as written, for comparing and hashing (the matchers are built from them).
    exclude_lines: Vec<String>,
    draft_lines: Vec<String>,
    exclude: ignore::gitignore::Gitignore,
    draft: Option<ignore::gitignore::Gitignore>,
}

/// Why a link to a file the site excludes is broken, for the findings that report one.
pub const EXCLUDED_HELP: &str = "the project's `exclude_docs` (or MkDocs' own exclusion of \
     hidden files and of `/templates/`) leaves this file out of the site, so the link is broken \
     there";

/// The files MkDocs leaves out of every site.
const DEFAULT_EXCLUDE: [&str; 2] = [".*", "/templates/"];

impl Default for SiteFiles {
    fn default() -> Self {
        SiteFiles::new(Vec::new(), Vec::new()).unwrap_or_else(|_| SiteFiles {
            exclude_lines: Vec::new(),
            draft_lines: Vec::new(),
            exclude: ignore::gitignore::Gitignore::empty(),
            draft: None,
        })
    }
}

impl std::fmt::Debug for SiteFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteFiles")
            .field("exclude_docs", &self.exclude_lines)
            .field("draft_docs", &self.draft_lines)
            .finish()
    }
}

impl PartialEq for SiteFiles {
    fn eq(&self, other: &Self) -> bool {
        self.exclude_lines == other.exclude_lines && self.draft_lines == other.draft_lines
    }
}

impl Eq for SiteFiles {}

impl SiteFiles {
    /// The matchers of `exclude_docs` and `draft_docs`, each a list of gitignore lines. An
    /// invalid pattern is an error (MkDocs refuses the configuration too), naming the line.
    fn new(exclude_lines: Vec<String>, draft_lines: Vec<String>) -> Result<SiteFiles, String> {
        let build = |key: &str, lines: &mut dyn Iterator<Item = &str>| {
            // The patterns are matched against paths relative to `docs_dir`.
            let mut b = ignore::gitignore::GitignoreBuilder::new("");
            for line in lines {
                b.add_line(None, line)
                    .map_err(|e| format!("`{key}`: `{}` is no pattern: {e}", shorten(line)))?;
            }
            b.build()
                .map_err(|e| format!("`{key}`: its patterns cannot be matched: {e}"))
        };
        let exclude = build(
            "exclude_docs",
            &mut DEFAULT_EXCLUDE
                .into_iter()
                .chain(exclude_lines.iter().map(String::as_str)),
        )?;
        let draft = if draft_lines.is_empty() {
            None
        } else {
            Some(build(
                "draft_docs",
                &mut draft_lines.iter().map(String::as_str),
            )?)
        };
        Ok(SiteFiles {
            exclude_lines,
            draft_lines,
            exclude,
            draft,
        })
    }

    /// The settings as `setting` gives them (from a `mkdocs.yml` or a `zensical.toml`, whose
    /// text `text` at `path` an error shows).
    fn read(
        setting: impl Fn(&str) -> Option<Value>,
        text: &str,
        path: &Path,
    ) -> Result<SiteFiles, Error> {
        let lines = |key: &str| pattern_lines(setting(key).as_ref(), key);
        lines("exclude_docs")
            .and_then(|e| Ok((e, lines("draft_docs")?)))
            .and_then(|(e, d)| SiteFiles::new(e, d))
            .map_err(|message| Error::Config {
                path: path.to_path_buf(),
                text: text.to_string(),
                offset: key_offset(text, &["exclude_docs", "draft_docs"]),
                message,
            })
    }

    /// Whether the project sets `exclude_docs` or `draft_docs`.
    pub fn is_set(&self) -> bool {
        !self.exclude_lines.is_empty() || !self.draft_lines.is_empty()
    }

    /// How the file at `rel` (relative to `docs_dir`, `/`-separated or not) takes part in the
    /// site. As in MkDocs, exclusion is decided first, then drafts; a pattern naming a folder
    /// names every file under it.
    pub fn inclusion(&self, rel: &Path) -> Inclusion {
        let matches = |g: &ignore::gitignore::Gitignore| {
            !rel.has_root() && g.matched_path_or_any_parents(rel, false).is_ignore()
        };
        if matches(&self.exclude) {
            Inclusion::Excluded
        } else if self.draft.as_ref().is_some_and(matches) {
            Inclusion::Draft
        } else {
            Inclusion::Included
        }
    }
}

/// A setting's value with MkDocs' `!ENV` tag read as MkDocs reads it (pyyaml_env_tag):
/// `!ENV NAME` is the variable's value, `!ENV [A, B, default]` the first variable set, else the
/// last item; the value is typed as YAML types a plain scalar (`false` is a boolean). Unset with
/// no default, it is null (the setting's default). Any other value is kept; `var` reads the
/// environment.
fn env_tag(value: Value, var: impl Fn(&str) -> Option<String>) -> Value {
    let Value::Tagged(t) = value else {
        return value;
    };
    if t.tag != "ENV" {
        return Value::Tagged(t);
    }
    let (names, default) = match &t.value {
        Value::Sequence(items) if items.len() > 1 => {
            (&items[..items.len() - 1], items.last().cloned())
        }
        Value::Sequence(items) => (&items[..], None),
        one => (std::slice::from_ref(one), None),
    };
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    for name in names.iter().filter_map(scalar) {
        if let Some(set) = var(&name) {
            // A plain scalar's type: one line, read as YAML reads it (never a mapping).
            return match serde_norway::from_str::<Value>(&set) {
                Ok(v @ (Value::Bool(_) | Value::Number(_) | Value::Null)) => v,
                _ => Value::String(set),
            };
        }
    }
    default.unwrap_or(Value::Null)
}

/// A value from the configuration as a message shows it: control characters escaped, and cut
/// to its first 120 characters (a value of megabytes would fill the terminal).
fn shorten(value: &str) -> String {
    crate::logsafe::shortened(value, 120)
}

/// Where the first of `keys` is written in `text` (0 when none is: the setting came from an
/// inherited file).
fn key_offset(text: &str, keys: &[&str]) -> usize {
    keys.iter().filter_map(|k| text.find(k)).min().unwrap_or(0)
}

/// The gitignore lines of a pattern setting (`exclude_docs: |` a multiline string, as MkDocs
/// requires). `Ok(None)` when the setting is absent or tagged (`!ENV`, read when MkDocs runs);
/// an error names the setting when it is something else (a list: MkDocs refuses it).
fn pattern_lines(value: Option<&Value>, key: &str) -> Result<Vec<String>, String> {
    match value {
        None | Some(Value::Null) | Some(Value::Tagged(_)) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(s.lines().map(str::to_string).collect()),
        Some(_) => Err(format!(
            "`{key}` must be a multiline string of gitignore patterns (`{key}: |` then one \
             pattern per line), as MkDocs requires"
        )),
    }
}

/// The options of pymdownx.snippets that decide what a page includes (the extension's defaults
/// unless `mkdocs.yml` sets them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippets {
    /// `base_path`: where snippet paths are looked up, in order, relative to the project's
    /// folder (default: the project's folder).
    pub base_paths: Vec<PathBuf>,
    /// `auto_append`: files included at the end of every page.
    pub auto_append: Vec<String>,
    /// `check_paths`: a snippet that cannot be found fails MkDocs' build (else it is dropped).
    pub check_paths: bool,
    /// `restrict_base_path` (default on): a snippet path must stay inside its base path.
    pub restrict_base_path: bool,
    /// `dedent_subsections`: lines and sections taken from a file lose their common indent.
    pub dedent_subsections: bool,
    /// `url_download`: snippets named by a URL are downloaded (guide-lint does not).
    pub url_download: bool,
    /// A `base_path` entry guide-lint does not follow: a bare `!relative` (beside the page
    /// being built), an `!ENV` tag (read when MkDocs runs), or a value that is no path. A
    /// snippet found in no other base path may be there, so it is not told missing.
    pub unfollowed_base: bool,
}

impl Default for Snippets {
    fn default() -> Self {
        Snippets {
            base_paths: vec![PathBuf::from(".")],
            auto_append: Vec::new(),
            check_paths: false,
            restrict_base_path: true,
            dedent_subsections: false,
            url_download: false,
            unfollowed_base: false,
        }
    }
}

impl Snippets {
    /// The options as `markdown_extensions` sets them (`base_path` a string or a list), in a
    /// project whose `docs_dir` is `docs_dir`.
    fn from_options(options: &Value, docs_dir: &Path) -> Snippets {
        let mut out = Snippets::default();
        let strings = |v: Option<&Value>| -> Option<Vec<String>> {
            match v? {
                Value::String(s) => Some(vec![s.clone()]),
                Value::Sequence(items) => Some(
                    items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                ),
                _ => None,
            }
        };
        let bases = match options.get("base_path") {
            Some(Value::Sequence(items)) => Some(items.iter().collect()),
            Some(one) => Some(vec![one]),
            None => None,
        };
        if let Some(bases) = bases {
            let read: Vec<Option<PathBuf>> = bases.iter().map(|b| base_path(b, docs_dir)).collect();
            out.unfollowed_base = read.iter().any(Option::is_none);
            out.base_paths = read.into_iter().flatten().collect();
        }
        if let Some(files) = strings(options.get("auto_append")) {
            out.auto_append = files;
        }
        let flag = |name: &str, default: bool| {
            options
                .get(name)
                .and_then(Value::as_bool)
                .unwrap_or(default)
        };
        out.check_paths = flag("check_paths", false);
        out.restrict_base_path = flag("restrict_base_path", true);
        out.dedent_subsections = flag("dedent_subsections", false);
        out.url_download = flag("url_download", false);
        out
    }
}

/// One `base_path` entry, relative to the project's folder: a path, or MkDocs' `!relative` tag
/// (MkDocs 1.5) with `$config_dir` (the project's folder) or `$docs_dir` (its `docs_dir`),
/// each optionally followed by `/` and a path under it. `None` for anything else, which is not
/// followed: a bare `!relative` (the folder of the page being built), `!ENV`, a value that is no
/// path, and a `$` prefix MkDocs refuses.
fn base_path(value: &Value, docs_dir: &Path) -> Option<PathBuf> {
    match value {
        Value::String(s) => Some(PathBuf::from(s)),
        Value::Tagged(t) if t.tag == "relative" => {
            let s = t.value.as_str()?;
            let (prefix, rest) = s.split_once('/').unwrap_or((s, ""));
            let dir = match prefix {
                "$config_dir" => PathBuf::from("."),
                "$docs_dir" => docs_dir.to_path_buf(),
                _ => return None,
            };
            Some(if rest.is_empty() { dir } else { dir.join(rest) })
        }
        _ => None,
    }
}

/// A pymdownx block name that a project's `mkdocs.yml` adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockType {
    pub name: String,
    /// [`Syntax::BlockAdmonition`] or [`Syntax::BlockDetails`].
    pub syntax: Syntax,
    /// The admonition type it shows as (its CSS class): its `class`, else its name.
    pub class: String,
}

/// The MkDocs syntax guide-lint knows, with the extension that makes it legal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `!!! note`: `admonition`.
    Admonition,
    /// `??? note`: `pymdownx.details`.
    Details,
    /// `=== "Tab"`: `pymdownx.tabbed`.
    Tabs,
    /// `{: .class }` / `{ width=50% }`: `attr_list`.
    AttrList,
    /// `<div markdown>`, `<figure markdown>`: `md_in_html`.
    MarkdownInHtml,
    /// `++ctrl+c++`: `pymdownx.keys`.
    Keys,
    /// `[^1]: note`: `footnotes`.
    Footnotes,
    /// `Term` then `:   definition`: `def_list`.
    DefinitionLists,
    /// A fenced code block inside an admonition, tab, list or quote, or indented: MkDocs'
    /// `fenced_code` reads fences at the start of a line only; `pymdownx.superfences`.
    NestedFences,
    /// `:material-check:` icons: `pymdownx.emoji` (with Material's icon index).
    Icons,
    /// `/// note | Title` … `///`: `pymdownx.blocks.admonition`.
    BlockAdmonition,
    /// `/// details | Summary` … `///`: `pymdownx.blocks.details`.
    BlockDetails,
    /// `/// html | div.result` … `///`: `pymdownx.blocks.html`.
    BlockHtml,
    /// `/// caption` … `///`: `pymdownx.blocks.caption`.
    BlockCaption,
    /// `/// define` … `///`: `pymdownx.blocks.definition`.
    BlockDefinition,
    /// `/// tab | Title` … `///`: `pymdownx.blocks.tab`.
    BlockTab,
}

impl Syntax {
    /// The extension names that enable the syntax (any one suffices).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Syntax::Admonition => &["admonition"],
            Syntax::Details => &["pymdownx.details"],
            Syntax::Tabs => &["pymdownx.tabbed"],
            // `extra` (Python-Markdown) and `pymdownx.extra` bundle both.
            Syntax::AttrList => &["attr_list", "extra", "pymdownx.extra"],
            Syntax::MarkdownInHtml => &["md_in_html", "extra", "pymdownx.extra"],
            Syntax::Keys => &["pymdownx.keys"],
            Syntax::Footnotes => &["footnotes", "extra", "pymdownx.extra"],
            Syntax::DefinitionLists => &["def_list", "extra", "pymdownx.extra"],
            Syntax::NestedFences => &["pymdownx.superfences", "pymdownx.extra"],
            Syntax::Icons => &["pymdownx.emoji"],
            Syntax::BlockAdmonition => &["pymdownx.blocks.admonition"],
            Syntax::BlockDetails => &["pymdownx.blocks.details"],
            Syntax::BlockHtml => &["pymdownx.blocks.html"],
            Syntax::BlockCaption => &["pymdownx.blocks.caption"],
            Syntax::BlockDefinition => &["pymdownx.blocks.definition"],
            Syntax::BlockTab => &["pymdownx.blocks.tab"],
        }
    }

    /// The extension to name in a message (the first of [`Syntax::extensions`]).
    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// The syntax of a pymdownx block of this name (lowercased): pymdownx.blocks.admonition's
    /// own type names and `admonition`, `details`, `html`, `define` and `tab`, and the
    /// caption types (`caption`, `figure-caption`, `table-caption`).
    pub fn of_block(name: &str) -> Option<Syntax> {
        Some(match name {
            "admonition" | "note" | "attention" | "caution" | "danger" | "error" | "tip"
            | "hint" | "warning" | "important" => Syntax::BlockAdmonition,
            "details" => Syntax::BlockDetails,
            "html" => Syntax::BlockHtml,
            // pymdownx.blocks.caption's own types.
            "caption" | "figure-caption" | "table-caption" => Syntax::BlockCaption,
            "define" => Syntax::BlockDefinition,
            "tab" => Syntax::BlockTab,
            _ => return None,
        })
    }

    /// The syntax of an admonition with this marker: `!!!` or `???`/`???+`.
    pub fn of_admonition_marker(marker: &str) -> Syntax {
        if marker.starts_with('?') {
            Syntax::Details
        } else {
            Syntax::Admonition
        }
    }

    /// How the syntax looks, for messages.
    pub fn example(self) -> &'static str {
        match self {
            Syntax::Admonition => "`!!! note` admonitions",
            Syntax::Details => "`??? note` collapsible blocks",
            Syntax::Tabs => "`=== \"Tab\"` content tabs",
            Syntax::AttrList => "`{ ... }` attribute lists",
            Syntax::MarkdownInHtml => "`markdown` on HTML blocks",
            Syntax::Keys => "`++ctrl+c++` keys",
            Syntax::Footnotes => "`[^1]` footnotes",
            Syntax::DefinitionLists => "`: definition` lists",
            Syntax::NestedFences => {
                "fenced code inside other blocks (a fence at the start of a top-level line needs \
                 nothing)"
            }
            Syntax::Icons => "`:material-check:` icons",
            Syntax::BlockAdmonition => "`/// note` blocks",
            Syntax::BlockDetails => "`/// details` blocks",
            Syntax::BlockHtml => "`/// html` blocks",
            Syntax::BlockCaption => "`/// caption` blocks",
            Syntax::BlockDefinition => "`/// define` blocks",
            Syntax::BlockTab => "`/// tab` blocks",
        }
    }
}

impl BlockType {
    /// The types an extension's options add: the `types` list of pymdownx.blocks.admonition
    /// and pymdownx.blocks.details, each a name (`new`) or a mapping with a `name` and an
    /// optional `class` (`{name: details-new, class: new}`).
    fn from_options(extension: &str, options: &Value) -> Vec<BlockType> {
        let syntax = match extension {
            "pymdownx.blocks.admonition" => Syntax::BlockAdmonition,
            "pymdownx.blocks.details" => Syntax::BlockDetails,
            // Caption types: a name, or `{name, prefix, classes}` (no `class`).
            "pymdownx.blocks.caption" => Syntax::BlockCaption,
            _ => return Vec::new(),
        };
        let Some(Value::Sequence(types)) = options.get("types") else {
            return Vec::new();
        };
        let word = |s: &str| {
            let s = s.trim().to_ascii_lowercase();
            (!s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .then_some(s)
        };
        types
            .iter()
            .filter_map(|t| {
                let (name, class) = match t {
                    Value::String(n) => (word(n)?, None),
                    Value::Mapping(_) => (
                        word(t.get("name")?.as_str()?)?,
                        t.get("class").and_then(Value::as_str).and_then(word),
                    ),
                    _ => return None,
                };
                Some(BlockType {
                    class: class.unwrap_or_else(|| name.clone()),
                    name,
                    syntax,
                })
            })
            .collect()
    }
}

impl Project {
    /// Reads `path`. Errors name the file; a missing or malformed `docs_dir` falls back to
    /// MkDocs' default, `docs`.
    pub fn load(path: &Path) -> Result<Project, Error> {
        let text = crate::fsutil::read_config(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            message: crate::document::io_message(&e),
        })?;
        let mut project = if path.extension().is_some_and(|e| e == "toml") {
            Project::parse_zensical(&text, path)?
        } else {
            Project::parse(&text, path)?
        };
        project.generated_folders = project.read_gen_files_scripts();
        Ok(project)
    }

    /// The folders the project's mkdocs-gen-files scripts name ([`script_folders`]). A script
    /// is found relative to the configuration's folder, as the plugin runs it from there, and
    /// read only when it is a regular file inside the repository, of at most [`MAX_SCRIPT`]
    /// bytes; one that is not is passed over.
    fn read_gen_files_scripts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for script in &self.gen_files_scripts {
            let path = self.dir().join(script);
            let resolved = crate::fsutil::resolve(&path);
            if !resolved.starts_with(crate::fsutil::repository_of(self.dir())) {
                continue;
            }
            let Ok(file) = crate::fsutil::open_nonblocking(&resolved) else {
                continue;
            };
            if !file
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() <= MAX_SCRIPT)
            {
                continue;
            }
            let mut text = String::new();
            use std::io::Read;
            if file.take(MAX_SCRIPT).read_to_string(&mut text).is_ok() {
                out.extend(script_folders(&text));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Reads a `zensical.toml`: `[project]`'s `docs_dir` and `markdown_extensions`, a table of
    /// tables whose dotted names (`pymdownx.details`) TOML nests
    /// (`[project.markdown_extensions.pymdownx.details]`).
    pub fn parse_zensical(text: &str, path: &Path) -> Result<Project, Error> {
        use toml_edit::Item;
        let doc = text
            .parse::<toml_edit::DocumentMut>()
            .map_err(|e| Error::Config {
                path: path.to_path_buf(),
                text: text.to_string(),
                offset: e.span().map_or(0, |s| s.start).min(text.len()),
                message: format!(
                    "cannot read the Zensical configuration: {}",
                    e.message().trim_end()
                ),
            })?;
        let project = doc.get("project").and_then(Item::as_table_like);
        let docs_dir = project
            .and_then(|p| p.get("docs_dir"))
            .and_then(Item::as_str)
            .filter(|s| !s.trim().is_empty())
            .map_or_else(|| PathBuf::from("docs"), PathBuf::from);
        let use_directory_urls = project
            .and_then(|p| p.get("use_directory_urls"))
            .and_then(Item::as_bool)
            .unwrap_or(true);
        let mut out = Project {
            path: path.to_path_buf(),
            docs_dir,
            extensions: Vec::new(),
            block_types: Vec::new(),
            admonition_types_listed: false,
            caption_types_listed: false,
            extensions_listed: false,
            snippets: None,
            use_directory_urls,
            inherited: Vec::new(),
            site_files: SiteFiles::default(),
            i18n: None,
            plugins: Vec::new(),
            plugin_files: Vec::new(),
            gen_files_scripts: Vec::new(),
            generated_folders: Vec::new(),
            toc: TocSlugs::default(),
            tabbed: TabIds::default(),
            block_tabs: TabIds::default(),
            fences: FenceSettings::default(),
            page_hooks: false,
        };
        let plugins = project.and_then(|p| p.get("plugins")).map(toml_to_yaml);
        out.plugins = plugin_names(plugins.as_ref());
        out.plugin_files = plugin_files(plugins.as_ref());
        out.gen_files_scripts = gen_files_scripts(plugins.as_ref());
        out.site_files = SiteFiles::read(
            |key| project.and_then(|p| p.get(key)).map(toml_to_yaml),
            text,
            path,
        )?;
        if let Some(list) = project.and_then(|p| p.get("markdown_extensions")) {
            out.extensions_listed = true;
            zensical_extensions(list, "", &mut out);
        } else {
            // Every syntax counts as enabled: snippets too, with the extension's defaults.
            out.snippets = Some(Snippets::default());
        }
        Ok(out)
    }

    /// Reads a `mkdocs.yml` at `path`: with `INHERIT`, merged over the configuration it
    /// names, as MkDocs merges them ([`inherit`]).
    pub fn parse(text: &str, path: &Path) -> Result<Project, Error> {
        let mut chain = Vec::new();
        let value = inherit(yaml_value(text, path)?, text, path, &mut chain)?;
        // The files inherited, after this one's own entry.
        let inherited = chain.into_iter().skip(1).collect();
        let mut value = value;
        if let Some(m) = value.as_mapping_mut() {
            for key in [
                "docs_dir",
                "use_directory_urls",
                "exclude_docs",
                "draft_docs",
            ] {
                if let Some(v) = m.get_mut(key) {
                    *v = env_tag(std::mem::take(v), |name| std::env::var(name).ok());
                }
            }
        }
        let docs_dir = value
            .get("docs_dir")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map_or_else(|| PathBuf::from("docs"), PathBuf::from);
        let mut extensions = Vec::new();
        let mut block_types = Vec::new();
        let mut admonition_types_listed = false;
        let mut caption_types_listed = false;
        let mut snippets = None;
        let mut toc = TocSlugs::default();
        let mut tabbed = TabIds::default();
        let mut block_tabs = TabIds::default();
        let mut fences = FenceSettings::default();
        // Each item a name, or a map of names to their options.
        let items: Vec<&Value> = match value.get("markdown_extensions") {
            Some(Value::Sequence(items)) => items.iter().collect(),
            Some(m @ Value::Mapping(_)) => vec![m],
            _ => Vec::new(),
        };
        for item in items {
            match item {
                Value::String(s) => {
                    if s == "pymdownx.snippets" {
                        snippets = Some(Snippets::default());
                    }
                    extensions.push(s.clone());
                }
                Value::Mapping(m) => {
                    for (k, v) in m {
                        if let Some(name) = k.as_str() {
                            if name == "pymdownx.snippets" {
                                snippets = Some(Snippets::from_options(v, &docs_dir));
                            }
                            if is_toc(name) {
                                toc = toc_slugs(v);
                            }
                            if name == "pymdownx.tabbed" {
                                tabbed = tab_ids(v);
                            }
                            if name == "pymdownx.blocks.tab" {
                                block_tabs = tab_ids(v);
                            }
                            fence_settings(name, v, &mut fences);
                            extensions.push(name.to_string());
                            block_types.extend(BlockType::from_options(name, v));
                            admonition_types_listed |= name == "pymdownx.blocks.admonition"
                                && matches!(v.get("types"), Some(Value::Sequence(_)));
                            caption_types_listed |= name == "pymdownx.blocks.caption"
                                && matches!(v.get("types"), Some(Value::Sequence(_)));
                        }
                    }
                }
                _ => {}
            }
        }
        let plugins = plugin_names(value.get("plugins"));
        for name in plugin_extensions(&plugins) {
            if !extensions.iter().any(|e| e == name) {
                if name == "pymdownx.snippets" && snippets.is_none() {
                    snippets = Some(Snippets::default());
                }
                extensions.push(name.to_string());
            }
        }
        let use_directory_urls = value
            .get("use_directory_urls")
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let site_files = SiteFiles::read(|key| value.get(key).cloned(), text, path)?;
        Ok(Project {
            path: path.to_path_buf(),
            docs_dir,
            extensions,
            block_types,
            admonition_types_listed,
            caption_types_listed,
            extensions_listed: true,
            snippets,
            use_directory_urls,
            inherited,
            site_files,
            i18n: I18n::of(value.get("plugins")),
            plugins,
            plugin_files: plugin_files(value.get("plugins")),
            gen_files_scripts: gen_files_scripts(value.get("plugins")),
            generated_folders: Vec::new(),
            toc,
            tabbed,
            block_tabs,
            fences,
            page_hooks: matches!(value.get("hooks"), Some(Value::Sequence(h)) if !h.is_empty())
                || plugin_names(value.get("plugins"))
                    .iter()
                    .any(|p| p == "mkdocs-simple-hooks" || p == "simple-hooks"),
        })
    }

    /// Whether `rel` (a path under `docs_dir`, `/`-separated) is a page a plugin the project
    /// enables adds to the site, with no file of its own: mkdocs-print-site-plugin's
    /// `print_page.md`, the whole site on one page.
    pub fn generated_page(&self, rel: &str) -> bool {
        (self.plugins.iter().any(|p| p == "print-site") && rel == PRINT_PAGE)
            || rel
                .split_once('/')
                .is_some_and(|(folder, _)| self.generated_folders.iter().any(|f| f == folder))
    }

    /// Whether `served` (a path of the site, relative to its root) is a file a plugin writes
    /// into the site ([`Project::plugin_files`]), or the address of a page a plugin adds
    /// ([`Project::generated_page`]): `print_page.html`, or `print_page/index.html` with
    /// directory URLs.
    pub fn generated_file(&self, served: &str) -> bool {
        if self.plugin_files.iter().any(|f| f == served) {
            return true;
        }
        let Some(stem) = PRINT_PAGE.strip_suffix(".md") else {
            return false;
        };
        let address = if self.use_directory_urls {
            served.strip_suffix("/index.html")
        } else {
            served.strip_suffix(".html")
        };
        address == Some(stem) && self.generated_page(PRINT_PAGE)
    }

    /// The syntax of a pymdownx block of this name (lowercased): the project's own types
    /// first, then the names pymdownx defines ([`Syntax::of_block`]).
    pub fn block_syntax(&self, name: &str) -> Option<Syntax> {
        if let Some(t) = self.block_types.iter().find(|t| t.name == name) {
            return Some(t.syntax);
        }
        match Syntax::of_block(name) {
            Some(Syntax::BlockAdmonition)
                if self.admonition_types_listed && name != "admonition" =>
            {
                None
            }
            Some(Syntax::BlockCaption) if self.caption_types_listed => None,
            other => other,
        }
    }

    /// The folder `docs_dir` is relative to.
    pub fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    /// `docs_dir` as a path usable from the working directory.
    pub fn docs_root(&self) -> PathBuf {
        if self.dir() == Path::new(".") {
            self.docs_dir.clone()
        } else {
            self.dir().join(&self.docs_dir)
        }
    }

    /// Whether the syntax's extension is enabled (`markdown.extensions.admonition` counts as
    /// `admonition`).
    /// Whether `markdown_extensions` names the extension (`pymdownx.magiclink`).
    pub fn has_extension(&self, name: &str) -> bool {
        self.extensions
            .iter()
            .any(|e| e.strip_prefix("markdown.extensions.").unwrap_or(e) == name)
    }

    pub fn enables(&self, syntax: Syntax) -> bool {
        !self.extensions_listed
            || self.extensions.iter().any(|e| {
                let e = e.strip_prefix("markdown.extensions.").unwrap_or(e);
                syntax.extensions().contains(&e)
            })
    }
}

/// The YAML of a MkDocs configuration. A byte order mark, which MkDocs' YAML reader skips
/// (and this one would take for the start of a second document), is skipped.
fn yaml_value(text: &str, path: &Path) -> Result<Value, Error> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    if body.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_norway::from_str(&keep_python_tags(body)).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        text: text.to_string(),
        offset: (bom + e.location().map_or(0, |l| l.index())).min(text.len()),
        message: format!("cannot read the MkDocs configuration: {e}"),
    })
}

/// The text with each Python tag (`!!python/name:...`, `!!python/object/apply:...`) written as
/// a local tag of the same length (`!_python/name:...`): the YAML reader drops the `!!` tags
/// it does not know, and the `toc` extension's `slugify` is named by one ([`toc_slugs`]).
/// Offsets in the text are unchanged, so errors point where they did.
fn keep_python_tags(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains("!!python/") {
        std::borrow::Cow::Owned(text.replace("!!python/", "!_python/"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// How many configurations an `INHERIT` chain may hold.
const MAX_INHERIT: usize = 16;

/// The configuration `value` (the text `text` of `path`) with its `INHERIT` key resolved, as
/// MkDocs resolves it: the file it names, relative to `path`'s folder, is read (with its own
/// `INHERIT`), and `value` is merged over it: a mapping in both is merged key by key, any other
/// value (a list such as `markdown_extensions`) replaces the inherited one. The file must lie,
/// links resolved, inside the repository holding `path` (docs/security.md), and be a regular
/// file; a cycle, or a chain longer than [`MAX_INHERIT`], is an error. `chain` gets the files
/// of the chain, `path`'s first (resolved).
fn inherit(
    mut value: Value,
    text: &str,
    path: &Path,
    chain: &mut Vec<PathBuf>,
) -> Result<Value, Error> {
    let Some(named) = value.as_mapping_mut().and_then(|m| m.remove("INHERIT")) else {
        return Ok(value);
    };
    let error = |message: String| Error::Config {
        path: path.to_path_buf(),
        text: text.to_string(),
        offset: text.find("INHERIT").unwrap_or(0),
        message,
    };
    let Some(rel) = named.as_str().filter(|r| !r.trim().is_empty()) else {
        return Err(error(
            "`INHERIT` must name a configuration file (a path relative to this one)".into(),
        ));
    };
    let folder = path.parent().unwrap_or(Path::new(""));
    let parent = folder.join(rel);
    // What the file names, as it can be shown (its text is anyone's: no escapes reach the log,
    // and a name of megabytes is not repeated whole).
    let rel = shorten(rel);
    let resolved = crate::fsutil::resolve(&parent);
    let repository = crate::fsutil::repository_of(if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    });
    if !resolved.starts_with(&repository) {
        return Err(error(format!(
            "`INHERIT` names {rel}, which resolves to {}, outside the repository {}: not read",
            crate::logsafe::path(&resolved),
            crate::logsafe::path(&repository)
        )));
    }
    if !std::fs::metadata(&resolved).is_ok_and(|m| m.is_file()) {
        return Err(error(format!(
            "`INHERIT` names {rel}, which is not a file (MkDocs stops on it too)"
        )));
    }
    if chain.is_empty() {
        chain.push(crate::fsutil::resolve(path));
    }
    if chain.contains(&resolved) {
        return Err(error(format!(
            "`INHERIT` names {rel}, which inherits this file again: a cycle"
        )));
    }
    if chain.len() >= MAX_INHERIT {
        return Err(error(format!(
            "`INHERIT` chains more than {MAX_INHERIT} configurations"
        )));
    }
    chain.push(resolved.clone());
    let parent_text = crate::fsutil::read_config(&resolved).map_err(|e| Error::Io {
        path: parent.clone(),
        message: crate::document::io_message(&e),
    })?;
    let base = inherit(
        yaml_value(&parent_text, &parent)?,
        &parent_text,
        &parent,
        chain,
    )?;
    Ok(merge(base, value))
}

/// `over` merged over `base`, as MkDocs merges an inheriting configuration over the one it
/// inherits (mergedeep's replacing strategy): mappings key by key, anything else replaced.
fn merge(base: Value, over: Value) -> Value {
    match (base, over) {
        (Value::Mapping(mut base), Value::Mapping(over)) => {
            for (k, v) in over {
                let merged = match base.remove(&k) {
                    Some(b) => merge(b, v),
                    None => v,
                };
                base.insert(k, merged);
            }
            Value::Mapping(base)
        }
        (_, over) => over,
    }
}

/// The packages whose extensions a `zensical.toml` names with dots, nested as tables.
const NAMESPACES: &[&str] = &[
    "pymdownx",
    "pymdownx.blocks",
    "markdown",
    "markdown.extensions",
    "material",
    "material.extensions",
    "zensical",
    "zensical.extensions",
];

/// The extensions of a `markdown_extensions` table under `prefix`, with their options.
fn zensical_extensions(item: &toml_edit::Item, prefix: &str, out: &mut Project) {
    let Some(table) = item.as_table_like() else {
        return;
    };
    for (key, value) in table.iter() {
        let name = if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        };
        if NAMESPACES.contains(&name.as_str()) && value.is_table_like() {
            zensical_extensions(value, &name, out);
            continue;
        }
        let options = toml_to_yaml(value);
        if name == "pymdownx.snippets" {
            out.snippets = Some(Snippets::from_options(&options, &out.docs_dir));
        }
        if is_toc(&name) {
            out.toc = toc_slugs(&options);
        }
        if name == "pymdownx.tabbed" {
            out.tabbed = tab_ids(&options);
        }
        if name == "pymdownx.blocks.tab" {
            out.block_tabs = tab_ids(&options);
        }
        fence_settings(&name, &options, &mut out.fences);
        out.block_types
            .extend(BlockType::from_options(&name, &options));
        out.admonition_types_listed |= name == "pymdownx.blocks.admonition"
            && matches!(options.get("types"), Some(Value::Sequence(_)));
        out.caption_types_listed |= name == "pymdownx.blocks.caption"
            && matches!(options.get("types"), Some(Value::Sequence(_)));
        out.extensions.push(name);
    }
}

/// Whether an extension's name is Python-Markdown's `toc`.
fn is_toc(name: &str) -> bool {
    name == "toc" || name == "markdown.extensions.toc"
}

/// Reads pymdownx.highlight's options that give code lines ids or change what a fence line may
/// hold, and pymdownx.superfences' own, into `ids` (the two extensions are listed apart, in
/// either order).
fn fence_settings(name: &str, options: &Value, ids: &mut FenceSettings) {
    match name {
        "pymdownx.highlight" => {
            let text = |key: &str| {
                options
                    .get(key)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let flag = |key: &str| options.get(key).and_then(Value::as_bool);
            ids.anchors = text("line_anchors").or_else(|| {
                flag("anchor_linenums")
                    .unwrap_or(false)
                    .then(|| "__codelineno".to_string())
            });
            ids.spans = text("line_spans");
            ids.linenums = flag("linenums");
            ids.stripnl = flag("stripnl").unwrap_or(true);
            // Highlighted in the browser instead: no ids.
            ids.use_pygments = flag("use_pygments").unwrap_or(true);
            if !ids.use_pygments {
                ids.anchors = None;
                ids.spans = None;
            }
        }
        "pymdownx.superfences" => {
            ids.relaxed_headers = options
                .get("relaxed_headers")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            ids.custom_fences = options
                .get("custom_fences")
                .and_then(Value::as_sequence)
                .map(|fences| {
                    fences
                        .iter()
                        .filter(|f| f.get("class").is_some())
                        .filter_map(|f| f.get("name").and_then(Value::as_str))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
        }
        _ => {}
    }
}

/// pymdownx.tabbed's `slugify`, `separator` and `combine_header_slug` options: without a
/// function (its default, `0`), tabs keep their numbered ids.
fn tab_ids(options: &Value) -> TabIds {
    let slugify = match options.get("slugify") {
        None | Some(Value::Null) | Some(Value::Bool(false)) | Some(Value::Number(_)) => None,
        Some(_) => Some(toc_slugs(options)),
    };
    TabIds {
        slugify,
        combine_header_slug: options
            .get("combine_header_slug")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }
}

/// The `toc` extension's `slugify` and `separator` options (`options` as written under
/// `toc:`), as [`TocSlugs`]. The function is read from a Python tag
/// (`!!python/name:markdown.extensions.toc.slugify_unicode`,
/// `!!python/object/apply:pymdownx.slugs.slugify` with its `kwds`) or from Zensical's table
/// (`{ object = "pymdownx.slugs.slugify", kwds = { case = "lower" } }`); one guide-lint does not
/// know is [`Slugify::Unknown`].
fn toc_slugs(options: &Value) -> TocSlugs {
    let mut out = TocSlugs::default();
    match options.get("separator") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s.chars().count() == 1 => {
            out.separator = s.chars().next().unwrap_or('-');
        }
        Some(_) => out.slugify = Slugify::Unknown,
    }
    let Some(value) = options.get("slugify") else {
        return out;
    };
    let (function, kwds): (Option<String>, Option<&Value>) = match value {
        Value::Null => return out,
        Value::Tagged(t) => {
            // `!!python/...`, read as `!_python/...` ([`keep_python_tags`]).
            let tag = t.tag.to_string();
            let tag = tag.trim_start_matches('!');
            let tag = tag.strip_prefix('_').unwrap_or(tag);
            if let Some(name) = tag.strip_prefix("python/name:") {
                (Some(name.to_string()), None)
            } else if let Some(name) = tag.strip_prefix("python/object/apply:") {
                (
                    Some(name.to_string()),
                    Some(t.value.get("kwds").unwrap_or(&Value::Null)),
                )
            } else {
                (None, None)
            }
        }
        Value::Mapping(_) => (
            value
                .get("object")
                .and_then(Value::as_str)
                .map(str::to_string),
            Some(value.get("kwds").unwrap_or(&Value::Null)),
        ),
        _ => (None, None),
    };
    let pymdownx = |case: SlugCase, percent_encode: bool| Slugify::Pymdownx {
        case,
        percent_encode,
        normalize: NormalForm::Nfc,
    };
    let slugify = match (function.as_deref(), kwds) {
        (Some("markdown.extensions.toc.slugify"), None) => Slugify::Default,
        (Some("markdown.extensions.toc.slugify_unicode"), None) => Slugify::Unicode,
        (Some("pymdownx.slugs.slugify"), Some(kwds)) => pymdownx_slugify(kwds),
        (Some("pymdownx.slugs.uslugify"), None) => pymdownx(SlugCase::Lower, false),
        (Some("pymdownx.slugs.uslugify_encoded"), None) => pymdownx(SlugCase::Lower, true),
        (Some("pymdownx.slugs.uslugify_cased"), None) => pymdownx(SlugCase::Keep, false),
        (Some("pymdownx.slugs.uslugify_cased_encoded"), None) => pymdownx(SlugCase::Keep, true),
        (Some("pymdownx.slugs.gfm"), None) => pymdownx(SlugCase::LowerAscii, false),
        (Some("pymdownx.slugs.gfm_encoded"), None) => pymdownx(SlugCase::LowerAscii, true),
        _ => Slugify::Unknown,
    };
    if out.slugify != Slugify::Unknown {
        out.slugify = slugify;
    }
    out
}

/// `pymdownx.slugs.slugify(**kwds)`: `case`, `percent_encode` and `normalize`, each with its
/// default when left out; a value the function does not take is [`Slugify::Unknown`].
fn pymdownx_slugify(kwds: &Value) -> Slugify {
    let case = match kwds.get("case") {
        None | Some(Value::Null) => Some(SlugCase::Keep),
        Some(v) => match v.as_str() {
            Some("none") => Some(SlugCase::Keep),
            Some("lower") => Some(SlugCase::Lower),
            Some("lower-ascii") => Some(SlugCase::LowerAscii),
            Some("fold") => Some(SlugCase::Fold),
            _ => None,
        },
    };
    let percent_encode = match kwds.get("percent_encode") {
        None | Some(Value::Null) => Some(false),
        Some(v) => v.as_bool(),
    };
    let normalize = match kwds.get("normalize") {
        None => Some(NormalForm::Nfc),
        Some(v) => match v.as_str() {
            Some("NFC") => Some(NormalForm::Nfc),
            Some("NFD") => Some(NormalForm::Nfd),
            Some("NFKC") => Some(NormalForm::Nfkc),
            Some("NFKD") => Some(NormalForm::Nfkd),
            _ => None,
        },
    };
    match (case, percent_encode, normalize) {
        (Some(case), Some(percent_encode), Some(normalize)) => Slugify::Pymdownx {
            case,
            percent_encode,
            normalize,
        },
        _ => Slugify::Unknown,
    }
}

/// A TOML item as the YAML value the options are read from (strings, numbers, booleans,
/// arrays and tables; a date is left out).
fn toml_to_yaml(item: &toml_edit::Item) -> Value {
    use toml_edit::Item;
    match item {
        Item::Value(v) => toml_value_to_yaml(v),
        Item::Table(t) => Value::Mapping(
            t.iter()
                .map(|(k, v)| (Value::String(k.to_string()), toml_to_yaml(v)))
                .collect(),
        ),
        Item::ArrayOfTables(a) => Value::Sequence(
            a.iter()
                .map(|t| toml_to_yaml(&Item::Table(t.clone())))
                .collect(),
        ),
        Item::None => Value::Null,
    }
}

fn toml_value_to_yaml(v: &toml_edit::Value) -> Value {
    use toml_edit::Value as T;
    match v {
        T::String(s) => Value::String(s.value().clone()),
        T::Integer(i) => Value::Number((*i.value()).into()),
        T::Float(f) => Value::Number((*f.value()).into()),
        T::Boolean(b) => Value::Bool(*b.value()),
        T::Array(a) => Value::Sequence(a.iter().map(toml_value_to_yaml).collect()),
        T::InlineTable(t) => Value::Mapping(
            t.iter()
                .map(|(k, v)| (Value::String(k.to_string()), toml_value_to_yaml(v)))
                .collect(),
        ),
        T::Datetime(_) => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `toc` extension's `slugify` and `separator`, from each way a site names them.
    #[test]
    fn toc_slugify_is_read_from_the_configuration() {
        let toc = |options: &str| {
            let text =
                format!("site_name: S\nmarkdown_extensions:\n  - attr_list\n  - toc:\n{options}");
            Project::parse(&text, Path::new("mkdocs.yml")).unwrap().toc
        };
        let lower = Slugify::Pymdownx {
            case: SlugCase::Lower,
            percent_encode: false,
            normalize: NormalForm::Nfc,
        };
        assert_eq!(toc("      permalink: true\n"), TocSlugs::default());
        assert_eq!(
            toc(
                "      slugify: !!python/object/apply:pymdownx.slugs.slugify\n        kwds:\n          case: lower\n"
            ),
            TocSlugs {
                slugify: lower,
                separator: '-'
            }
        );
        assert_eq!(
            toc(
                "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: fold, percent_encode: true, normalize: NFKD}}\n      separator: _\n"
            ),
            TocSlugs {
                slugify: Slugify::Pymdownx {
                    case: SlugCase::Fold,
                    percent_encode: true,
                    normalize: NormalForm::Nfkd
                },
                separator: '_'
            }
        );
        assert_eq!(
            toc("      slugify: !!python/object/apply:pymdownx.slugs.slugify\n").slugify,
            Slugify::Pymdownx {
                case: SlugCase::Keep,
                percent_encode: false,
                normalize: NormalForm::Nfc
            }
        );
        assert_eq!(
            toc("      slugify: !!python/name:markdown.extensions.toc.slugify_unicode\n").slugify,
            Slugify::Unicode
        );
        assert_eq!(
            toc("      slugify: !!python/name:pymdownx.slugs.uslugify\n").slugify,
            lower
        );
        // A site's own function, an option the function does not take, a long separator.
        for unknown in [
            "      slugify: !!python/name:hooks.slugs.my_slugify\n",
            "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: upper}}\n",
            "      separator: '--'\n",
        ] {
            assert_eq!(toc(unknown).slugify, Slugify::Unknown, "{unknown}");
        }
        // Written with its module's name.
        let text = "markdown_extensions:\n  - markdown.extensions.toc:\n      slugify: !!python/name:pymdownx.slugs.gfm\n";
        assert_eq!(
            Project::parse(text, Path::new("mkdocs.yml"))
                .unwrap()
                .toc
                .slugify,
            Slugify::Pymdownx {
                case: SlugCase::LowerAscii,
                percent_encode: false,
                normalize: NormalForm::Nfc
            }
        );
        // Zensical names the function in a table.
        let z = Project::parse_zensical(
            "[project.markdown_extensions.toc]\nslugify = { object = \"pymdownx.slugs.slugify\", kwds = { case = \"lower\" } }\n",
            Path::new("zensical.toml"),
        )
        .unwrap();
        assert_eq!(z.toc.slugify, lower);
        // pymdownx.tabbed's own options: without `slugify`, numbered ids.
        let tabbed = |options: &str| {
            let text = format!("markdown_extensions:\n  - pymdownx.tabbed:\n{options}");
            Project::parse(&text, Path::new("mkdocs.yml"))
                .unwrap()
                .tabbed
        };
        assert_eq!(tabbed("      alternate_style: true\n"), TabIds::default());
        let text = "markdown_extensions:\n  - pymdownx.blocks.tab:\n      combine_header_slug: true\n      \
                    slugify: !!python/name:pymdownx.slugs.uslugify\n";
        let blocks = Project::parse(text, Path::new("mkdocs.yml"))
            .unwrap()
            .block_tabs;
        assert!(blocks.combine_header_slug);
        assert_eq!(blocks.slugify.map(|s| s.slugify), Some(lower));
        assert_eq!(
            tabbed(
                "      combine_header_slug: true\n      separator: _\n      \
                 slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
            ),
            TabIds {
                slugify: Some(TocSlugs {
                    slugify: lower,
                    separator: '_'
                }),
                combine_header_slug: true
            }
        );
    }

    #[test]
    fn code_line_ids_are_read_from_highlight_and_superfences() {
        let read = |text: &str| {
            Project::parse(text, Path::new("mkdocs.yml"))
                .unwrap()
                .fences
        };
        // Material's recommended setup, the extensions in either order.
        let ids = read(
            "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        \
             - name: mermaid\n          class: mermaid\n          \
             format: !!python/name:pymdownx.superfences.fence_code_format\n  \
             - pymdownx.highlight:\n      anchor_linenums: true\n      line_spans: __span\n      \
             pygments_lang_class: true\n",
        );
        assert_eq!(ids.anchors.as_deref(), Some("__codelineno"));
        assert_eq!(ids.spans.as_deref(), Some("__span"));
        assert_eq!(ids.custom_fences, ["mermaid"]);
        assert!(ids.stripnl && ids.linenums.is_none());
        let own = read(
            "markdown_extensions:\n  - pymdownx.highlight:\n      line_anchors: L\n      \
             linenums: false\n      stripnl: false\n",
        );
        assert_eq!(own.anchors.as_deref(), Some("L"));
        assert_eq!((own.linenums, own.stripnl), (Some(false), false));
        // Highlighted in the browser, or the extension's defaults: no ids.
        assert!(
            !read(
                "markdown_extensions:\n  - pymdownx.highlight:\n      anchor_linenums: true\n      \
             use_pygments: false\n"
            )
            .any()
        );
        assert!(!read("markdown_extensions:\n  - pymdownx.highlight\n").any());
        let z = Project::parse_zensical(
            "[project.markdown_extensions.pymdownx.highlight]\nanchor_linenums = true\n\
             [project.markdown_extensions.pymdownx.superfences]\n\
             custom_fences = [{ name = \"mermaid\", class = \"mermaid\" }]\n",
            Path::new("zensical.toml"),
        )
        .unwrap();
        assert_eq!(z.fences.anchors.as_deref(), Some("__codelineno"));
        // Page hooks, which may rewrite fence lines before they are read.
        let hooks = |text: &str| {
            Project::parse(text, Path::new("mkdocs.yml"))
                .unwrap()
                .page_hooks
        };
        assert!(hooks("hooks:\n  - hooks/pages.py\n"));
        assert!(hooks(
            "plugins:\n  - mkdocs-simple-hooks:\n      hooks:\n        on_page_markdown: 'docs.p:f'\n"
        ));
        assert!(!hooks("hooks: []\nplugins:\n  - search\n"));
        assert_eq!(z.fences.custom_fences, ["mermaid"]);
    }

    #[test]
    fn site_files_are_matched_as_mkdocs_matches_them() {
        let text = "site_name: Guide\nexclude_docs: |\n  # fragments\n  includes/\n  *.py\n  \
                    !keep.py\n  /root-only.md\ndraft_docs: |\n  blog/draft-*.md\n  includes/\n";
        let p = Project::parse(text, Path::new("mkdocs.yml")).unwrap();
        let of = |rel: &str| p.site_files.inclusion(Path::new(rel));
        assert_eq!(of("index.md"), Inclusion::Included);
        assert_eq!(of("includes/abbr.md"), Inclusion::Excluded);
        assert_eq!(of("deep/includes/abbr.md"), Inclusion::Excluded);
        assert_eq!(of("scripts/run.py"), Inclusion::Excluded);
        assert_eq!(of("scripts/keep.py"), Inclusion::Included);
        assert_eq!(of("root-only.md"), Inclusion::Excluded);
        assert_eq!(of("sub/root-only.md"), Inclusion::Included);
        // MkDocs' own exclusions, always.
        assert_eq!(of(".hidden.md"), Inclusion::Excluded);
        assert_eq!(of("a/.notes/x.md"), Inclusion::Excluded);
        assert_eq!(of("templates/page.md"), Inclusion::Excluded);
        assert_eq!(of("sub/templates/page.md"), Inclusion::Included);
        // Exclusion is decided first.
        assert_eq!(of("blog/draft-one.md"), Inclusion::Draft);
        assert_eq!(of("blog/post.md"), Inclusion::Included);
        // A project without the settings: only MkDocs' own.
        let plain = Project::parse("site_name: Guide\n", Path::new("mkdocs.yml")).unwrap();
        assert!(!plain.site_files.is_set());
        assert_eq!(
            plain.site_files.inclusion(Path::new("includes/a.md")),
            Inclusion::Included
        );
        assert_eq!(
            plain.site_files.inclusion(Path::new("templates/a.md")),
            Inclusion::Excluded
        );
        // `!ENV` is read when MkDocs runs: nothing is assumed.
        let env = Project::parse("exclude_docs: !ENV DRAFTS\n", Path::new("mkdocs.yml")).unwrap();
        assert!(!env.site_files.is_set());
        // Zensical reads the same settings under `[project]`.
        let z = Project::parse_zensical(
            "[project]\nexclude_docs = '''\nincludes/\n'''\ndraft_docs = \"wip.md\"\n",
            Path::new("zensical.toml"),
        )
        .unwrap();
        assert_eq!(
            z.site_files.inclusion(Path::new("includes/a.md")),
            Inclusion::Excluded
        );
        assert_eq!(
            z.site_files.inclusion(Path::new("wip.md")),
            Inclusion::Draft
        );
    }

    #[test]
    fn the_i18n_plugin_is_read_as_it_reads_itself() {
        let text = "plugins:\n  - search\n  - i18n:\n      docs_structure: folder\n      \
                    languages:\n        - locale: en\n          default: true\n          name: \
                    English\n        - locale: null\n          name: Help\n          fixed_link: \
                    /help/\n        - locale: fr\n          name: Français\n        - locale: de\n          \
                    build: false\n";
        let i = Project::parse(text, Path::new("mkdocs.yml"))
            .unwrap()
            .i18n
            .unwrap();
        assert!(i.folder && i.fallback);
        assert_eq!(
            (i.default.as_str(), &i.others[..]),
            ("en", &["fr".to_string()][..])
        );
        let files = |f: &str, current: &str| -> Vec<String> {
            i.candidates(Path::new(f), current)
                .iter()
                .map(|p| crate::util::slash_path(p))
                .collect()
        };
        // From the French pages: the French file, then the English one, then a shared one.
        assert_eq!(files("fr/setup.md", "fr"), ["en/setup.md", "setup.md"]);
        assert_eq!(files("en/setup.md", "fr"), ["fr/setup.md", "setup.md"]);
        assert_eq!(
            files("assets/logo.png", "fr"),
            ["fr/assets/logo.png", "en/assets/logo.png"]
        );
        // The mapping form of `plugins`, the suffix structure (the plugin's default), no
        // fallback, and `build_only_locale`.
        let text = "plugins:\n  i18n:\n    fallback_to_default: false\n    build_only_locale: fr\n    \
                    languages:\n      - locale: en\n        default: true\n      - locale: fr\n";
        let i = Project::parse(text, Path::new("mkdocs.yml"))
            .unwrap()
            .i18n
            .unwrap();
        assert!(!i.folder && !i.fallback);
        assert_eq!((i.default.as_str(), i.others.len()), ("fr", 0));
        // Without the fallback, another language's site has none of the default language's
        // files.
        assert_eq!(
            i.candidates(Path::new("a.md"), "en"),
            [PathBuf::from("a.en.md")]
        );
        assert_eq!(
            i.candidates(Path::new("a.md"), "fr"),
            [PathBuf::from("a.fr.md")]
        );
        let folders = I18n {
            folder: true,
            default: "en".into(),
            others: vec!["fr".into()],
            ..i.clone()
        };
        assert_eq!(
            folders.candidates(Path::new("fr/setup.md"), "fr"),
            Vec::<PathBuf>::new()
        );
        assert_eq!(
            folders.candidates(Path::new("assets/logo.png"), "fr"),
            [PathBuf::from("fr/assets/logo.png")]
        );
        assert_eq!(
            folders.candidates(Path::new("en/setup.md"), "fr"),
            Vec::<PathBuf>::new()
        );
        // The default language's site has the shared files.
        assert_eq!(
            folders.candidates(Path::new("en/img/a.png"), "en"),
            [PathBuf::from("img/a.png")]
        );
        // The suffix structure: the language before the extension, then the default one, then
        // (with the fallback, on by default) the file without a language.
        let text = "plugins:\n  - i18n:\n      languages:\n        - locale: en\n          \
                    default: true\n        - locale: fr\n";
        let i = Project::parse(text, Path::new("mkdocs.yml"))
            .unwrap()
            .i18n
            .unwrap();
        assert_eq!(i.language_of(Path::new("a/setup.fr.md"), None), "fr");
        assert_eq!(i.language_of(Path::new("a/setup.md"), None), "en");
        assert_eq!(i.language_of(Path::new("notes.1.2.md"), None), "en");
        assert_eq!(
            i.candidates(Path::new("img/logo.png"), "fr"),
            [
                PathBuf::from("img/logo.fr.png"),
                PathBuf::from("img/logo.en.png"),
                PathBuf::from("img/logo.png")
            ]
        );
        assert_eq!(
            i.candidates(Path::new("setup.md"), "en"),
            [PathBuf::from("setup.en.md"), PathBuf::from("setup.md")]
        );
        // Codes with a region in capitals (`pt-BR`, `pt_BR`) are the locale `pt-br`, as Wiki.js
        // names it; file and folder names keep the code as written. A code of another shape
        // (`zh-Hant`) stays as written, no locale guide-lint reads.
        let text = "plugins:\n  - i18n:\n      languages:\n        - locale: en\n          \
                    default: true\n        - locale: pt-BR\n        - locale: zh_TW\n        \
                    - locale: zh-Hant\n";
        let i = Project::parse(text, Path::new("mkdocs.yml"))
            .unwrap()
            .i18n
            .unwrap();
        assert_eq!(i.others, ["pt-br", "zh-tw", "zh-Hant"]);
        assert_eq!((i.written("pt-br"), i.written("zh-tw")), ("pt-BR", "zh_TW"));
        assert_eq!((i.written("en"), i.written("zh-Hant")), ("en", "zh-Hant"));
        assert_eq!(i.configured("pt-BR"), Some("pt-br"));
        assert_eq!(i.configured("pt-br"), None);
        assert_eq!(i.language_of(Path::new("a/setup.pt-BR.md"), None), "pt-br");
        assert_eq!(i.language_of(Path::new("a/setup.pt-br.md"), None), "en");
        assert_eq!(
            i.candidates(Path::new("setup.md"), "pt-br"),
            [
                PathBuf::from("setup.pt-BR.md"),
                PathBuf::from("setup.en.md"),
                PathBuf::from("setup.md")
            ]
        );
        let folders = I18n {
            folder: true,
            ..i.clone()
        };
        assert_eq!(
            folders.candidates(Path::new("pt-BR/setup.md"), "pt-br"),
            [PathBuf::from("en/setup.md"), PathBuf::from("setup.md")]
        );
        // No default language: the plugin refuses the configuration, and nothing is assumed.
        let text = "plugins:\n  - i18n:\n      languages:\n        - locale: en\n";
        assert!(
            Project::parse(text, Path::new("mkdocs.yml"))
                .unwrap()
                .i18n
                .is_none()
        );
        assert!(
            Project::parse("plugins: [search]\n", Path::new("mkdocs.yml"))
                .unwrap()
                .i18n
                .is_none()
        );
    }

    #[test]
    fn env_tags_are_read_as_mkdocs_reads_them() {
        let tagged = |text: &str| -> Value { serde_norway::from_str(text).unwrap() };
        let env = |name: &str| match name {
            "DOCS" => Some("pages".to_string()),
            "FLAG" => Some("false".to_string()),
            _ => None,
        };
        let read = |text: &str| env_tag(tagged(text), env);
        assert_eq!(read("!ENV DOCS"), Value::String("pages".into()));
        assert_eq!(read("!ENV FLAG"), Value::Bool(false));
        assert_eq!(read("!ENV UNSET"), Value::Null);
        assert_eq!(
            read("!ENV [UNSET, DOCS, site]"),
            Value::String("pages".into())
        );
        assert_eq!(read("!ENV [UNSET, site]"), Value::String("site".into()));
        assert_eq!(read("!ENV [UNSET]"), Value::Null);
        assert_eq!(read("!relative $docs_dir"), tagged("!relative $docs_dir"));
        assert_eq!(read("docs"), Value::String("docs".into()));
        // In a configuration: the default when the variable is unset.
        let p = Project::parse(
            "docs_dir: !ENV [GUIDE_LINT_TEST_UNSET_DOCS_DIR, site]\n",
            Path::new("mkdocs.yml"),
        )
        .unwrap();
        assert_eq!(p.docs_dir, PathBuf::from("site"));
    }

    #[test]
    fn site_file_settings_mkdocs_refuses_are_errors() {
        // A list, where MkDocs wants a multiline string.
        let text = "site_name: Guide\nexclude_docs:\n  - includes/\n";
        let Err(Error::Config {
            message, offset, ..
        }) = Project::parse(text, Path::new("mkdocs.yml"))
        else {
            panic!("a list is refused");
        };
        assert!(
            message.contains("`exclude_docs` must be a multiline string"),
            "{message}"
        );
        assert_eq!(offset, text.find("exclude_docs").unwrap());
        let Err(Error::Config { message, .. }) = Project::parse_zensical(
            "[project]\nexclude_docs = ['a']\n",
            Path::new("zensical.toml"),
        ) else {
            panic!("a list is refused");
        };
        assert!(message.contains("`exclude_docs`"), "{message}");
    }

    #[test]
    fn reads_docs_dir_and_extensions_past_python_tags() {
        let text = "site_name: Guide\ndocs_dir: src/pages\nmarkdown_extensions:\n  - admonition\n  - \
                    pymdownx.details\n  - pymdownx.superfences:\n      custom_fences:\n        - name: \
                    mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n  \
                    - markdown.extensions.attr_list\n  - toc:\n      permalink: true\n";
        let p = Project::parse(text, Path::new("site/mkdocs.yml")).unwrap();
        assert_eq!(p.docs_dir, PathBuf::from("src/pages"));
        assert_eq!(p.docs_root(), PathBuf::from("site/src/pages"));
        assert!(p.enables(Syntax::Admonition));
        assert!(p.enables(Syntax::Details));
        assert!(p.enables(Syntax::AttrList));
        assert!(!p.enables(Syntax::Tabs));
        assert!(!p.enables(Syntax::Keys));
        assert!(!p.enables(Syntax::MarkdownInHtml));
    }

    /// `base_path` entries as MkDocs reads them: paths relative to the project's folder, and its
    /// `!relative` tag (`$config_dir`, `$docs_dir`, each with an optional path after `/`; bare,
    /// the page's folder, which is not followed but remembered).
    #[test]
    fn relative_base_paths() {
        let text = "docs_dir: src/pages\nmarkdown_extensions:\n  - pymdownx.snippets:\n      \
                    base_path:\n        - includes\n        - !relative $config_dir\n        \
                    - !relative $docs_dir/snippets\n        - !relative $config_dir/x/y\n        \
                    - !relative $site_dir\n        - !ENV [BASE, fallback]\n";
        let p = Project::parse(text, Path::new("mkdocs.yml")).unwrap();
        let s = p.snippets.unwrap();
        let want: Vec<PathBuf> = ["includes", ".", "src/pages/snippets", "./x/y"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(s.base_paths, want);
        // `$site_dir` and `!ENV` are not followed.
        assert!(s.unfollowed_base);
        let text = "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [a, !relative $docs_dir]\n";
        let s = Project::parse(text, Path::new("mkdocs.yml"))
            .unwrap()
            .snippets
            .unwrap();
        assert_eq!(s.base_paths, [PathBuf::from("a"), PathBuf::from("docs")]);
        assert!(!s.unfollowed_base);
        for bare in [
            "!relative",
            "[!relative, docs]",
            "!relative ''",
            "~",
            "!ENV [SNIPS, docs]",
        ] {
            let text =
                format!("markdown_extensions:\n  - pymdownx.snippets:\n      base_path: {bare}\n");
            let s = Project::parse(&text, Path::new("mkdocs.yml"))
                .unwrap()
                .snippets
                .unwrap();
            assert!(s.unfollowed_base, "{bare}");
        }
    }

    #[test]
    fn options_maps_and_bundles_count() {
        let text = "markdown_extensions:\n  - pymdownx.extra\n  - pymdownx.tabbed: {alternate_style: true}\n  \
                    - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n  \
                    - pymdownx.keys: {}\n";
        let p = Project::parse(text, Path::new("mkdocs.yml")).unwrap();
        assert!(p.enables(Syntax::AttrList));
        assert!(p.enables(Syntax::MarkdownInHtml));
        assert!(p.enables(Syntax::Tabs));
        assert!(p.enables(Syntax::Keys));
        assert!(!p.enables(Syntax::Admonition));
        assert!(!p.enables(Syntax::Details));
        assert_eq!(Syntax::of_admonition_marker("???+"), Syntax::Details);
        assert_eq!(Syntax::of_admonition_marker("!!!"), Syntax::Admonition);
    }

    #[test]
    fn block_types_of_the_blocks_extensions() {
        let text = "markdown_extensions:\n  - pymdownx.blocks.admonition:\n      types:\n        - new\n        \
                    - Settings\n        - {name: bad name}\n  - pymdownx.blocks.details:\n      types:\n        \
                    - {name: details-new, class: new}\n        - name: details-plain\n  - pymdownx.blocks.html\n";
        let p = Project::parse(text, Path::new("mkdocs.yml")).unwrap();
        let types: Vec<(&str, Syntax, &str)> = p
            .block_types
            .iter()
            .map(|t| (t.name.as_str(), t.syntax, t.class.as_str()))
            .collect();
        assert_eq!(
            types,
            [
                ("new", Syntax::BlockAdmonition, "new"),
                ("settings", Syntax::BlockAdmonition, "settings"),
                ("details-new", Syntax::BlockDetails, "new"),
                ("details-plain", Syntax::BlockDetails, "details-plain"),
            ]
        );
        assert_eq!(p.block_syntax("new"), Some(Syntax::BlockAdmonition));
        assert_eq!(p.block_syntax("details-new"), Some(Syntax::BlockDetails));
        // The list replaces pymdownx's own names; `admonition` stays.
        assert_eq!(p.block_syntax("note"), None);
        assert_eq!(p.block_syntax("admonition"), Some(Syntax::BlockAdmonition));
        assert_eq!(p.block_syntax("details"), Some(Syntax::BlockDetails));
        assert_eq!(p.block_syntax("tab"), Some(Syntax::BlockTab));
        let plain = Project::parse(
            "markdown_extensions:\n  - pymdownx.blocks.admonition\n",
            Path::new("mkdocs.yml"),
        )
        .unwrap();
        assert_eq!(plain.block_syntax("note"), Some(Syntax::BlockAdmonition));
        assert_eq!(plain.block_syntax("new"), None);
        assert!(p.enables(Syntax::BlockHtml) && p.enables(Syntax::BlockDetails));
    }

    #[test]
    fn zensical_toml_is_read_like_mkdocs_yml() {
        let text = "[project]\nsite_name = \"Demo\"\ndocs_dir = \"pages\"\n\n\
                    [project.markdown_extensions.admonition]\n\
                    [project.markdown_extensions.toc]\npermalink = \"¤\"\n\
                    [project.markdown_extensions.pymdownx.details]\n\
                    [project.markdown_extensions.pymdownx.tabbed]\nalternate_style = true\n\
                    [project.markdown_extensions.pymdownx.blocks.admonition]\n\
                    types = [\"new\", \"note\"]\n\
                    [[project.markdown_extensions.pymdownx.blocks.details.types]]\n\
                    name = \"details-new\"\nclass = \"new\"\n";
        let p = Project::parse_zensical(text, Path::new("site/zensical.toml")).unwrap();
        assert_eq!(p.docs_root(), PathBuf::from("site/pages"));
        assert_eq!(
            p.extensions,
            [
                "admonition",
                "toc",
                "pymdownx.details",
                "pymdownx.tabbed",
                "pymdownx.blocks.admonition",
                "pymdownx.blocks.details"
            ]
        );
        assert!(p.enables(Syntax::Details) && p.enables(Syntax::Tabs));
        assert!(!p.enables(Syntax::Keys) && !p.enables(Syntax::AttrList));
        assert_eq!(p.block_syntax("new"), Some(Syntax::BlockAdmonition));
        assert_eq!(p.block_syntax("warning"), None);
        assert_eq!(p.block_syntax("details-new"), Some(Syntax::BlockDetails));
        // No extension list: Zensical's defaults, not assumed; everything counts as enabled.
        let bare =
            Project::parse_zensical("[project]\nsite_name = \"x\"\n", Path::new("zensical.toml"))
                .unwrap();
        assert_eq!(bare.docs_root(), PathBuf::from("docs"));
        assert!(bare.enables(Syntax::Keys));
        let e = Project::parse_zensical("[project\n", Path::new("zensical.toml")).unwrap_err();
        assert!(e.to_string().contains("Zensical"), "{e}");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let p = Project::parse(
            "\u{feff}site_name: x\nmarkdown_extensions:\n  - admonition\n",
            Path::new("mkdocs.yml"),
        )
        .unwrap();
        assert!(p.enables(Syntax::Admonition) && !p.enables(Syntax::Details));
        let e = Project::parse("\u{feff}site_name: [x\n", Path::new("mkdocs.yml")).unwrap_err();
        assert!(e.to_string().contains("MkDocs"), "{e}");
    }

    #[test]
    fn defaults_and_errors() {
        let p = Project::parse("site_name: x\n", Path::new("mkdocs.yml")).unwrap();
        assert_eq!(p.docs_root(), PathBuf::from("docs"));
        assert!(p.extensions.is_empty());
        let e = Project::parse("site_name: [x\n", Path::new("mkdocs.yml")).unwrap_err();
        assert!(e.to_string().contains("MkDocs"), "{e}");
    }

    /// `INHERIT` as MkDocs reads it: mappings merged key by key (the inheriting file wins),
    /// lists replaced whole, chains followed; a cycle, a chain too long and a missing file are
    /// errors naming the inheriting file.
    #[test]
    fn inherit_merges_as_mkdocs_merges() {
        let tmp = tempfile::tempdir().unwrap();
        let root = crate::fsutil::resolve(tmp.path());
        std::fs::create_dir(root.join(".git")).unwrap();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write(
            "base.yml",
            "docs_dir: base-docs\nuse_directory_urls: false\nmarkdown_extensions:\n  - admonition\n",
        );
        write(
            "mid.yml",
            "INHERIT: base.yml\nmarkdown_extensions:\n  - pymdownx.details\n  - pymdownx.snippets:\n      base_path: [parts]\n",
        );
        write("en/mkdocs.yml", "INHERIT: ../mid.yml\ndocs_dir: pages\n");
        let p = Project::load(&root.join("en/mkdocs.yml")).unwrap();
        assert_eq!(p.docs_dir, PathBuf::from("pages"));
        assert!(!p.use_directory_urls);
        // The middle file's list replaced the base's.
        assert_eq!(p.extensions, ["pymdownx.details", "pymdownx.snippets"]);
        assert!(p.snippets.is_some());
        assert_eq!(p.inherited, [root.join("mid.yml"), root.join("base.yml")]);
        // Nested mappings merge key by key.
        let merged = merge(
            serde_norway::from_str("theme:\n  name: material\n  palette: {a: 1}\n").unwrap(),
            serde_norway::from_str("theme:\n  palette: {b: 2}\n").unwrap(),
        );
        assert_eq!(
            merged,
            serde_norway::from_str::<Value>("theme:\n  name: material\n  palette: {a: 1, b: 2}\n")
                .unwrap()
        );

        write("a.yml", "INHERIT: b.yml\n");
        write("b.yml", "INHERIT: a.yml\n");
        let e = Project::load(&root.join("a.yml")).unwrap_err().to_string();
        assert!(e.contains("a cycle"), "{e}");
        for k in 0..20 {
            write(&format!("c{k}.yml"), &format!("INHERIT: c{}.yml\n", k + 1));
        }
        write("c20.yml", "site_name: x\n");
        let e = Project::load(&root.join("c0.yml")).unwrap_err().to_string();
        assert!(e.contains("more than 16"), "{e}");
        write("d.yml", "INHERIT: gone.yml\n");
        let e = Project::load(&root.join("d.yml")).unwrap_err().to_string();
        assert!(e.contains("gone.yml") && e.contains("not a file"), "{e}");
    }

    #[test]
    fn mkdocs_gallery_enables_its_extensions() {
        let p = Project::parse(
            "markdown_extensions:\n  - toc:\n      permalink: true\nplugins:\n  - search\n  - gallery:\n      examples_dirs: examples\n",
            Path::new("/site/mkdocs.yml"),
        )
        .expect("parse");
        assert!(p.enables(Syntax::Admonition));
        assert!(p.has_extension("attr_list") && p.has_extension("toc"));
        assert!(p.snippets.is_some());
        let without = Project::parse(
            "markdown_extensions:\n  - toc\nplugins:\n  - search\n",
            Path::new("/site/mkdocs.yml"),
        )
        .expect("parse");
        assert!(!without.enables(Syntax::Admonition) && without.snippets.is_none());
    }

    #[test]
    fn the_print_site_plugin_adds_its_page() {
        let parse = |text: &str| Project::parse(text, Path::new("mkdocs.yml")).unwrap();
        // Listed by name, with options, or as a mapping; directory URLs or not.
        for text in [
            "plugins:\n  - search\n  - print-site\n",
            "plugins:\n  - print-site:\n      add_cover_page: true\n",
            "plugins:\n  print-site: {}\n",
        ] {
            let p = parse(text);
            assert!(p.plugins.iter().any(|n| n == "print-site"), "{text}");
            assert!(p.generated_page("print_page.md"), "{text}");
            assert!(p.generated_file("print_page/index.html"), "{text}");
            assert!(!p.generated_file("print_page.html"), "{text}");
        }
        let flat = parse("use_directory_urls: false\nplugins:\n  - print-site\n");
        assert!(flat.generated_file("print_page.html"));
        assert!(!flat.generated_file("print_page/index.html"));
        // Without the plugin, or another page: nothing is added.
        let plain = parse("plugins:\n  - search\n");
        assert_eq!(plain.plugins, ["search"]);
        assert!(
            !plain.generated_page("print_page.md")
                && !plain.generated_file("print_page/index.html")
        );
        assert!(!flat.generated_page("how-to/print_page.md") && !flat.generated_file("print.html"));
        let z = Project::parse_zensical(
            "[project]\nsite_name = \"x\"\n[project.plugins.print-site]\n",
            Path::new("zensical.toml"),
        )
        .unwrap();
        assert!(z.generated_page("print_page.md"));
    }

    #[test]
    fn folders_are_the_literals_a_gen_files_script_gives() {
        let script = "\"\"\"Generate the API reference pages.\"\"\"\nOUT = \"api_reference\"\n\
            root = Path(__file__).parent\nnav_file = 'reference/nav.txt'\n\
            with mkdocs_gen_files.open(Path(OUT, doc), \"w\") as fd:\n\
            fd.write(f\"::: {ident}\")\nx = \"gen_ref_pages.py\"\ny = \".hidden\"\nz = \"a b\"\n";
        assert_eq!(script_folders(script), ["api_reference", "reference", "w"]);
        let p = Project::parse(
            "plugins:\n  - search\n  - gen-files:\n      scripts:\n      - scripts/gen.py\n",
            Path::new("mkdocs.yml"),
        )
        .unwrap();
        assert_eq!(p.gen_files_scripts, ["scripts/gen.py"]);
        let mut p = p;
        p.generated_folders = vec!["reference".into()];
        assert!(p.generated_page("reference/pkg/mod.md"));
        assert!(!p.generated_page("reference.md") && !p.generated_page("guide/reference/x.md"));
    }

    #[test]
    fn the_rss_plugin_writes_its_feeds() {
        let files = |text: &str| {
            Project::parse(text, Path::new("mkdocs.yml"))
                .unwrap()
                .plugin_files
        };
        let all = [
            "feed_rss_created.xml",
            "feed_rss_updated.xml",
            "feed_json_created.json",
            "feed_json_updated.json",
        ];
        assert_eq!(files("plugins:\n  - rss\n"), all);
        assert_eq!(
            files("plugins:\n  rss:\n    enabled: !ENV [RSS, false]\n"),
            all
        );
        assert_eq!(
            files(
                "plugins:\n  - rss:\n      rss_feed_enabled: false\n      feeds_filenames:\n        json_created: /feeds/new.json\n"
            ),
            ["feeds/new.json", "feed_json_updated.json"]
        );
        assert!(files("plugins:\n  - rss:\n      enabled: false\n").is_empty());
        assert!(files("plugins:\n  - search\n").is_empty());
        let z = Project::parse_zensical(
            "[project]\nsite_name = \"x\"\n[project.plugins.rss]\njson_feed_enabled = false\n",
            Path::new("zensical.toml"),
        )
        .unwrap();
        assert_eq!(
            z.plugin_files,
            ["feed_rss_created.xml", "feed_rss_updated.xml"]
        );
    }
}
