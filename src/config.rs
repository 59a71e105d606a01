//! `guide-lint.yml`: strict (unknown keys and wrong types are errors that point at the line).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::document::Dialect;
use crate::error::Error;
use crate::finding::Severity;
use crate::rule::{RuleLayer, Selector};

pub const FILE_NAME: &str = "guide-lint.yml";

/// The check cache's folder name in the project, unless `cache-dir` moves it.
pub const CACHE_DIR_NAME: &str = ".guide-lint-cache";

/// The configuration file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Folder holding `<locale>/<page>.md`, relative to the config file (default: the
    /// `docs_dir` of the MkDocs project, when there is one, else `guides`).
    #[serde(default = "default_guides")]
    pub guides: PathBuf,
    /// The MkDocs project's `mkdocs.yml` (or Zensical's `zensical.toml`), relative to the config
    /// file (default: `zensical.toml` or `mkdocs.yml` beside the config file, when one exists).
    /// Its pages are read as MkDocs, and its `markdown_extensions` decide which MkDocs syntax
    /// they may use.
    #[serde(default)]
    pub mkdocs: Option<PathBuf>,
    /// Locale the guides are written in.
    #[serde(default = "default_source_locale")]
    pub source_locale: String,
    /// Locales the guides are translated into (default: the locale folders beside the source
    /// locale's, see [`Config::load`]).
    #[serde(default)]
    pub target_locales: Vec<String>,
    /// Dialect per path glob (relative to `guides`), first match wins; unmatched files are
    /// detected.
    #[serde(default)]
    pub dialects: Vec<DialectRule>,
    #[serde(default)]
    pub components: Components,
    /// The wiki's assets, as a folder mirroring what the wiki serves: the file
    /// `<assets>/<folder>/<file>` is served at `/<folder>/<file>`. Relative to the config file.
    /// Without it, links to assets are not checked (GL204).
    #[serde(default)]
    pub assets: Option<PathBuf>,
    /// Pages that exist on the wiki but not in the guides folder, as globs over
    /// `/<locale>/<path>` (`/da/tips`, `/*/getting-started`, `/en/help/**`). Links to them are
    /// not broken (GL202).
    #[serde(default)]
    pub known_pages: Vec<String>,
    /// Rules to run (replaces the default, `ALL`).
    #[serde(default)]
    pub select: Option<Vec<Selector>>,
    /// Rules to run in addition to `select`.
    #[serde(default)]
    pub extend_select: Vec<Selector>,
    /// Rules not to run.
    #[serde(default)]
    pub ignore: Vec<Selector>,
    /// Severity per rule selector.
    #[serde(default)]
    pub severity: SeverityMap,
    /// Rule settings for the files matching a glob (relative to `guides`), applied in order.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Options of the rules that have them.
    #[serde(default)]
    pub options: RuleOptions,
    #[serde(default)]
    pub build: BuildConfig,
    /// `guide-lint sync`.
    #[serde(default)]
    pub sync: SyncConfig,
    /// The check cache's folder, relative to the config file (default: `.guide-lint-cache`).
    #[serde(default)]
    pub cache_dir: Option<PathBuf>,
}

/// How `guide-lint sync` talks to the wiki.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SyncConfig {
    /// The state file, relative to the config file (default: `<guides>/.wiki-sync.yml`).
    #[serde(default)]
    pub state: Option<PathBuf>,
    /// The environment variable holding the wiki's API key.
    #[serde(default = "default_token_env")]
    pub token_env: String,
    /// Seconds one GraphQL request may take.
    #[serde(default = "default_timeout")]
    pub timeout: u64,
    /// Retries of a request that failed for a transient reason (5xx, reset connection,
    /// timeout), with exponential backoff.
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// Git storage: commit author, `Name <email>` (default: git's configured identity).
    #[serde(default)]
    pub author: Option<String>,
}

impl Default for SyncConfig {
    fn default() -> Self {
        Self {
            state: None,
            token_env: default_token_env(),
            timeout: default_timeout(),
            retries: default_retries(),
            author: None,
        }
    }
}

fn default_token_env() -> String {
    crate::util::DEFAULT_TOKEN_ENV.into()
}
fn default_timeout() -> u64 {
    30
}
fn default_retries() -> u32 {
    3
}

/// `build:`: how `guide-lint build` lays out the Wiki.js git-storage tree.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildConfig {
    /// Output tree, relative to the config file (`--out` overrides).
    #[serde(default = "default_out")]
    pub out: PathBuf,
    /// Folder for the page scripts (default: the output folder's path plus `.scripts`; `--scripts`
    /// overrides). Never inside the output tree: Wiki.js would import the files as assets.
    #[serde(default)]
    pub scripts: Option<PathBuf>,
    /// The wiki's primary locale (default: `source-locale`).
    #[serde(default)]
    pub primary_locale: Option<String>,
    /// Write the primary locale's pages under their locale folder too, like Wiki.js's git storage
    /// with `alwaysNamespace` on (default off, as in Wiki.js).
    #[serde(default)]
    pub always_namespace: bool,
    /// Rewrites of asset URLs (images and file links), first match wins: a URL that starts with
    /// `from` (as written, or resolved against the page to a path under the guides root) gets
    /// `to` instead of that prefix.
    #[serde(default)]
    pub assets: Vec<AssetMapping>,
    /// Callout class per MkDocs admonition type, over the built-in map (`is-info`, `is-success`,
    /// `is-warning`, `is-danger`, or `""` for a plain quote).
    #[serde(default)]
    pub callouts: BTreeMap<String, String>,
    /// Keep `<!-- guide-lint-... -->` suppression comments in built pages (Wiki.js shows HTML
    /// comments in the page source, so they are dropped by default).
    #[serde(default)]
    pub keep_suppression_comments: bool,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AssetMapping {
    pub from: String,
    pub to: String,
}

/// An asset URL as `build.assets` maps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedAsset {
    /// The URL the built page uses (query and fragment kept).
    pub url: String,
    /// The asset's file under the guides root (`en/img/a.png`, `/`-separated, not
    /// percent-decoded), when the URL names one there.
    pub source: Option<String>,
}

impl Default for BuildConfig {
    fn default() -> Self {
        Self {
            out: default_out(),
            scripts: None,
            primary_locale: None,
            always_namespace: false,
            assets: Vec::new(),
            callouts: BTreeMap::new(),
            keep_suppression_comments: false,
        }
    }
}

fn default_out() -> PathBuf {
    PathBuf::from("build/wiki")
}

/// Callout classes Wiki.js styles.
pub const CALLOUT_CLASSES: &[&str] = &["is-info", "is-success", "is-warning", "is-danger"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DialectRule {
    #[serde(deserialize_with = "glob_string")]
    pub path: String,
    pub dialect: Dialect,
}

/// Rule settings for the files whose path (relative to `guides`) matches `path`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    #[serde(deserialize_with = "glob_string")]
    pub path: String,
    #[serde(default)]
    pub select: Option<Vec<Selector>>,
    #[serde(default)]
    pub extend_select: Vec<Selector>,
    #[serde(default)]
    pub ignore: Vec<Selector>,
    #[serde(default)]
    pub severity: SeverityMap,
}

/// `severity:` entries in the order written: `GL105: error`, `nested-strong: info`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeverityMap(pub Vec<(Selector, Severity)>);

impl<'de> Deserialize<'de> for SeverityMap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = SeverityMap;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map from rule selectors to `error`, `warning` or `info`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<SeverityMap, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Selector>()? {
                    let value = map.next_value::<Severity>()?;
                    out.push((key, value));
                }
                Ok(SeverityMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Options of the rules that have them, keyed by rule name (or code).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleOptions {
    #[serde(default, alias = "GL109")]
    pub unknown_component_attribute: UnknownComponentAttributeOptions,
}

/// GL109 unknown-component-attribute.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UnknownComponentAttributeOptions {
    /// More attribute names a component may carry (for a page script that reads them).
    #[serde(default)]
    pub extra_attributes: Vec<String>,
}

/// serde's "unknown field `x`, expected one of `a`, `b`, ..." as "unknown field `x`; did you
/// mean `a`?" when one of the expected keys is a likely typo of it.
fn suggest_field(message: &str) -> Option<String> {
    let at = message.find("unknown field `")?;
    let rest = &message[at + "unknown field `".len()..];
    let unknown = &rest[..rest.find('`')?];
    let expected = &rest[rest.find("expected")?..];
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let guess = crate::util::closest(
        unknown,
        candidates.iter().copied(),
        crate::util::Nearness::TYPO,
    )?;
    Some(format!(
        "{}unknown field `{unknown}`; did you mean `{guess}`?",
        &message[..at]
    ))
}

/// A glob, checked while reading so that a bad one is reported at its line.
fn glob_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a path glob such as `da/**`")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
            Glob::new(s)
                .map(|_| s.to_string())
                .map_err(|e| E::custom(format!("invalid glob `{s}`: {}", e.kind())))
        }
    }
    d.deserialize_str(V)
}

/// The guide components the page script drives.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Components {
    /// Allowed `identity` values.
    #[serde(default = "default_identities")]
    pub identities: Vec<String>,
    /// The `<input id>` that holds each identity's server.
    #[serde(default = "default_server_inputs")]
    pub server_inputs: BTreeMap<String, String>,
}

impl Default for Components {
    fn default() -> Self {
        Self {
            identities: default_identities(),
            server_inputs: default_server_inputs(),
        }
    }
}

fn default_guides() -> PathBuf {
    PathBuf::from("guides")
}
fn default_source_locale() -> String {
    "en".into()
}
fn default_identities() -> Vec<String> {
    vec!["old".into(), "new".into()]
}
fn default_server_inputs() -> BTreeMap<String, String> {
    [("old", "from-server"), ("new", "to-server")]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

impl Default for ConfigFile {
    fn default() -> Self {
        Self {
            guides: default_guides(),
            mkdocs: None,
            source_locale: default_source_locale(),
            target_locales: Vec::new(),
            dialects: Vec::new(),
            components: Components::default(),
            assets: None,
            known_pages: Vec::new(),
            select: None,
            extend_select: Vec::new(),
            ignore: Vec::new(),
            severity: SeverityMap::default(),
            overrides: Vec::new(),
            options: RuleOptions::default(),
            build: BuildConfig::default(),
            sync: SyncConfig::default(),
            cache_dir: None,
        }
    }
}

/// The languages of `codes` guide-lint reads as locales (`fr`, `pt-br`; not `pt_BR`).
fn locales_of(codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .filter(|l| crate::util::is_locale(l))
        .cloned()
        .collect()
}

/// How each tab syntax a MkDocs project enables gives tabs their ids ([`Config::tab_ids`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TabSyntaxIds {
    /// pymdownx.tabbed (`=== "Android"`).
    pub tabbed: Option<crate::wikijs::slug::TabIds>,
    /// pymdownx.blocks.tab (`/// tab | Android`).
    pub blocks: Option<crate::wikijs::slug::TabIds>,
}

/// Which ids the lines of MkDocs pages' code blocks get ([`Config::code_line_ids`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLineAnchors<'c> {
    /// None: pymdownx.superfences is off, or pymdownx.highlight gives lines no ids.
    None,
    /// The project lists its extensions: these.
    Known(&'c crate::document::fences::FenceSettings),
    /// Not known (no `mkdocs.yml`, or one that lists no extensions, which Zensical fills with
    /// its defaults): links to lines of the page's code blocks are not judged.
    Unknown,
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: ConfigFile,
    /// The config file, when one was found.
    pub path: Option<PathBuf>,
    /// Directory paths in the config are relative to.
    pub root: PathBuf,
    /// The repository: the nearest folder holding `.git` at or above `root`, else `root`;
    /// absolute, links resolved. Nothing outside it is read or written unless
    /// `allow_outside_repository` (docs/security.md).
    pub repository: PathBuf,
    /// `--allow-outside-repository`: the configured folders may lie outside the repository
    /// (the guides folder is then trusted as if it were inside).
    pub allow_outside_repository: bool,
    dialect_globs: Vec<(GlobSet, Dialect)>,
    /// The MkDocs project the guides belong to, when there is one.
    pub mkdocs: Option<crate::mkdocs::Project>,
    /// `--dialect`: every page is read in this dialect.
    forced_dialect: Option<Dialect>,
    /// The guides root is the `docs_dir` of a MkDocs project translated with
    /// mkdocs-static-i18n's suffix structure: a page's language is written before its
    /// extension (`setup.fr.md`), not as a folder ([`Config::i18n_suffixes`]).
    i18n_suffixes: bool,
    /// Whether the guides root is the `docs_dir` of a MkDocs project whose plugin keeps each
    /// language in a folder ([`Config::i18n_folders`]).
    i18n_folders: bool,
    /// Whether the file writes `target-locales`: then an empty list means no translation at
    /// all, not the locale folders found ([`Config::load`]).
    targets_given: bool,
    known_pages: GlobSet,
    override_globs: Vec<(GlobSet, RuleLayer)>,
}

impl Config {
    /// The Wiki.js callout class `build` gives an admonition of this type (`""`: a plain
    /// quote): `build.callouts`, over the built-in map (docs/configuration.md). A question
    /// (`question`, `help`, `faq`) is information, not a warning.
    pub fn callout_class(&self, kind: &str) -> String {
        if let Some(c) = self.file.build.callouts.get(kind) {
            return c.clone();
        }
        match kind {
            "note" | "info" | "abstract" | "summary" | "tldr" | "todo" | "example" | "seealso"
            | "question" | "help" | "faq" => "is-info",
            "tip" | "hint" | "important" | "success" | "check" | "done" => "is-success",
            "warning" | "caution" | "attention" => "is-warning",
            "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "is-danger",
            "quote" | "cite" => "",
            _ => "is-info",
        }
        .to_string()
    }

    /// Loads `path`, or the defaults when `path` is `None` (rooted at `cwd`).
    ///
    /// Without `target-locales`, the target locales are the locale folders found under the
    /// guides root (`da/`, `pt-br/`) beside the source locale's, so translations are compared
    /// without any configuration.
    ///
    /// The configured folders (guides, assets, build output and scripts, sync state) must lie
    /// inside the repository ([`Config::check_boundary`]); see [`Config::load_allowing_outside`].
    pub fn load(path: Option<&Path>, cwd: &Path) -> Result<Config, Error> {
        Config::load_with(path, cwd, false)
    }

    /// The configuration of the project in `dir` (a project found below a run's own, see
    /// [`nested_projects`]): its `guide-lint.yml`, else its MkDocs or Zensical project's.
    pub fn load_project(dir: &Path, allow_outside: bool) -> Result<Config, Error> {
        let own = dir.join(FILE_NAME);
        let file = own.is_file().then_some(own.as_path());
        Config::load_with(file, dir, allow_outside)
    }

    /// [`Config::load`], accepting configured folders outside the repository
    /// (`--allow-outside-repository`).
    pub fn load_allowing_outside(path: Option<&Path>, cwd: &Path) -> Result<Config, Error> {
        Config::load_with(path, cwd, true)
    }

    fn load_with(path: Option<&Path>, cwd: &Path, allow_outside: bool) -> Result<Config, Error> {
        let mut config = match path {
            None => {
                let mut config = Config::from_file(ConfigFile::default(), None, cwd.to_path_buf())?;
                if let Some(file) = crate::mkdocs::project_file(cwd) {
                    config.attach_mkdocs(Path::new(file), true)?;
                    config.take_i18n_locales();
                }
                config
            }
            Some(path) => {
                let text = crate::fsutil::read_config(path).map_err(|e| Error::Io {
                    path: path.to_path_buf(),
                    message: crate::document::io_message(&e),
                })?;
                Config::parse(&text, path)?
            }
        };
        config.allow_outside_repository = allow_outside;
        if !allow_outside {
            config.check_boundary()?;
        }
        // Where the language is written before the extension, a page without one is in the
        // plugin's default language: that is the source, whatever `source-locale` says.
        if let Some(default) = config.i18n_suffixes().map(|i| i.default.clone()) {
            config.file.source_locale = default;
        }
        let plugin = config.i18n_site().cloned();
        if plugin.is_some() {
            // The locales as guide-lint names the plugin's languages: a `guide-lint.yml` may
            // write `pt-BR`, as `mkdocs.yml` does, for the locale `pt-br`.
            let file = &mut config.file;
            file.source_locale = crate::mkdocs::I18n::locale_for(&file.source_locale);
            for l in &mut file.target_locales {
                *l = crate::mkdocs::I18n::locale_for(l);
            }
        }
        if config.file.target_locales.is_empty() && !config.targets_given {
            // The languages the plugin builds, or the locale folders there are (`target-locales:
            // []` asks for none: no translation pass).
            config.file.target_locales = match &plugin {
                Some(i18n) => locales_of(&i18n.others),
                None => config.locale_folders(),
            };
        }
        Ok(config)
    }

    /// Refuses configured folders that resolve (links included) outside the repository: a
    /// configuration that came with a pull request must not make guide-lint read `/` or write
    /// into a home folder.
    pub fn check_boundary(&self) -> Result<(), Error> {
        let mut folders = vec![("guides", self.guides_root())];
        if let Some(a) = self.assets_root() {
            folders.push(("assets", a));
        }
        folders.push(("build.out", self.build_out()));
        if self.file.build.scripts.is_some() {
            folders.push(("build.scripts", self.build_scripts(&self.build_out())));
        }
        if self.file.sync.state.is_some() {
            folders.push(("sync.state", self.sync_state_path()));
        }
        if self.file.cache_dir.is_some() {
            folders.push(("cache-dir", self.cache_dir()));
        }
        for (key, folder) in folders {
            let resolved = crate::fsutil::resolve(&folder);
            if !resolved.starts_with(&self.repository) {
                let file = self
                    .path
                    .as_deref()
                    .map_or_else(|| FILE_NAME.to_string(), crate::logsafe::path);
                return Err(Error::Usage(format!(
                    "`{key}` in {file} is {}, which resolves to {}, outside the repository {} \
                     (the git work tree holding the configuration): pass \
                     --allow-outside-repository to use it{}",
                    crate::logsafe::path(&folder),
                    crate::logsafe::path(&resolved),
                    crate::logsafe::path(&self.repository),
                    if key == "build.out" || key == "build.scripts" {
                        " (or give the folder on the command line, `build --out DIR` or \
                         `--scripts DIR`: a path given there is the caller's choice)"
                    } else {
                        ""
                    },
                )));
            }
        }
        Ok(())
    }

    /// Whether `path` (a file or a link's target) lies inside the repository, its links
    /// resolved; with `--allow-outside-repository`, inside the guides folder also counts.
    pub fn is_inside_boundary(&self, path: &Path) -> bool {
        self.boundary().contains(path)
    }

    /// The repository boundary as a value of its own, for work that outlives the
    /// configuration's borrow ([`Config::is_inside_boundary`]).
    pub fn boundary(&self) -> Boundary {
        Boundary {
            repository: self.repository.clone(),
            guides: self
                .allow_outside_repository
                .then(|| crate::fsutil::resolve(&self.guides_root())),
        }
    }

    /// The locale folders under the guides root other than the source locale's, sorted; none
    /// when the source locale has no folder.
    pub fn locale_folders(&self) -> Vec<String> {
        let root = self.guides_root();
        let source = &self.file.source_locale;
        if !root.join(source).is_dir() {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(&root) else {
            return Vec::new();
        };
        let mut found: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| crate::util::is_locale(name) && name != source)
            .collect();
        found.sort();
        found
    }

    /// Parses a config file's text; `path` names it in errors and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            serde_norway::from_str(text).map_err(|e| {
                let offset = e.location().map_or(0, |l| l.index()).min(text.len());
                // An error found at the end (`ignore: [GL1` never closed) points at the last
                // character written, so that the snippet shows a mark.
                let offset = if text.get(offset..).is_some_and(|t| t.trim().is_empty()) {
                    text.trim_end().char_indices().last().map_or(0, |(i, _)| i)
                } else {
                    offset
                };
                let message = e.to_string();
                let message = match message.find(" at line ") {
                    Some(i) => message[..i].to_string(),
                    None => message,
                };
                let message = suggest_field(&message).unwrap_or(message);
                Error::Config {
                    path: path.to_path_buf(),
                    text: text.to_string(),
                    offset,
                    message,
                }
            })?
        };
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let given = serde_norway::from_str::<serde_norway::Value>(text).ok();
        let given = |key: &str| given.as_ref().is_some_and(|v| v.get(key).is_some());
        let guides_given = given("guides");
        let named = file.mkdocs.clone();
        let mut cfg = Config::from_file(file, Some(path.to_path_buf()), root)?;
        cfg.targets_given = given("target-locales");
        cfg.validate(text)?;
        match named {
            Some(m) => cfg.attach_mkdocs(&m, !guides_given)?,
            None => {
                if let Some(beside) = crate::mkdocs::project_file(&cfg.root) {
                    cfg.attach_mkdocs(Path::new(beside), !guides_given)?;
                } else if let Some(inside) = cfg.source_project() {
                    cfg.attach_mkdocs(&inside, false)?;
                }
            }
        }
        Ok(cfg)
    }

    /// A MkDocs project translated with mkdocs-static-i18n (a folder per language under
    /// `docs_dir`, or the language before the extension of each page): its default language is
    /// the source locale, and the other languages it builds are the target locales. A language
    /// whose code is no locale guide-lint reads (`pt_BR`) is left out: its pages are not paired.
    fn take_i18n_locales(&mut self) {
        let Some(i18n) = self.mkdocs.as_ref().and_then(|p| p.i18n.as_ref()) else {
            return;
        };
        if !(i18n.folder || self.i18n_suffixes) || !crate::util::is_locale(&i18n.default) {
            return;
        }
        self.file.source_locale = i18n.default.clone();
        self.file.target_locales = locales_of(&i18n.others);
    }

    /// The mkdocs-static-i18n settings of the MkDocs project whose `docs_dir` is the guides
    /// root, when it writes each page's language before its extension (the plugin's suffix
    /// structure: `setup.fr.md` is the French `setup.md`) and its default language is a
    /// locale guide-lint reads.
    pub fn i18n_suffixes(&self) -> Option<&crate::mkdocs::I18n> {
        if !self.i18n_suffixes {
            return None;
        }
        self.mkdocs.as_ref().and_then(|p| p.i18n.as_ref())
    }

    /// The mkdocs-static-i18n settings the guides root is read through, in either structure
    /// ([`Config::i18n_suffixes`], [`Config::i18n_folders`]).
    pub fn i18n_site(&self) -> Option<&crate::mkdocs::I18n> {
        self.i18n_suffixes().or(self.i18n_folders())
    }

    /// The mkdocs-static-i18n settings of the MkDocs project whose `docs_dir` is the guides
    /// root, when it keeps each language's pages in a folder of its own (the plugin's folder
    /// structure) and its default language is a locale guide-lint reads: the folders are read
    /// as the plugin reads them (`pt-BR/` is the locale `pt-br`; `pt-br/` there is no language).
    pub fn i18n_folders(&self) -> Option<&crate::mkdocs::I18n> {
        if !self.i18n_folders {
            return None;
        }
        self.mkdocs.as_ref().and_then(|p| p.i18n.as_ref())
    }

    /// Reads the MkDocs project at `rel` (relative to the config root); its `docs_dir` becomes
    /// the guides root when `set_guides`.
    fn attach_mkdocs(&mut self, rel: &Path, set_guides: bool) -> Result<(), Error> {
        let path = if self.root == Path::new(".") {
            rel.to_path_buf()
        } else {
            self.root.join(rel)
        };
        let project = crate::mkdocs::Project::load(&path)?;
        if set_guides {
            let dir = rel.parent().unwrap_or(Path::new(""));
            self.file.guides = dir.join(&project.docs_dir);
        }
        let structure = project
            .i18n
            .as_ref()
            .filter(|i| crate::util::is_locale(&i.default))
            .map(|i| i.folder);
        self.mkdocs = Some(project);
        // Decided once: resolving both folders costs a look at the disk.
        let docs_dir = structure.is_some() && self.guides_root_is_docs_dir();
        self.i18n_suffixes = docs_dir && structure == Some(false);
        self.i18n_folders = docs_dir && structure == Some(true);
        Ok(())
    }

    /// `--dialect`: reads every page in `dialect`, whatever the configuration says.
    pub fn force_dialect(&mut self, dialect: Dialect) {
        self.forced_dialect = Some(dialect);
    }

    /// The dialect `--dialect` forces for this run, if any.
    pub fn forced_dialect(&self) -> Option<Dialect> {
        self.forced_dialect
    }

    /// Builds a configuration from parts (tests and embedders).
    pub fn from_parts(
        file: ConfigFile,
        path: Option<PathBuf>,
        root: PathBuf,
    ) -> Result<Config, Error> {
        Config::from_file(file, path, root)
    }

    fn from_file(file: ConfigFile, path: Option<PathBuf>, root: PathBuf) -> Result<Config, Error> {
        let glob = |pattern: &str, key: &str| {
            let glob = Glob::new(pattern).map_err(|e| {
                Error::Usage(format!("invalid glob `{pattern}` in `{key}`: {}", e.kind()))
            })?;
            GlobSetBuilder::new()
                .add(glob)
                .build()
                .map_err(|e| Error::Usage(e.to_string()))
        };
        let mut dialect_globs = Vec::new();
        for rule in &file.dialects {
            dialect_globs.push((glob(&rule.path, "dialects")?, rule.dialect));
        }
        let mut override_globs = Vec::new();
        for o in &file.overrides {
            let layer = RuleLayer {
                select: o.select.clone(),
                extend_select: o.extend_select.clone(),
                ignore: o.ignore.clone(),
                severity: o.severity.0.clone(),
            };
            override_globs.push((glob(&o.path, "overrides")?, layer));
        }
        let mut known = GlobSetBuilder::new();
        for pattern in &file.known_pages {
            let glob = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    Error::Usage(format!("invalid glob `{pattern}` in `known-pages`: {e}"))
                })?;
            known.add(glob);
        }
        let known_pages = known.build().map_err(|e| Error::Usage(e.to_string()))?;
        let repository = repository_of(&root);
        Ok(Config {
            file,
            path,
            repository,
            allow_outside_repository: false,
            root,
            dialect_globs,
            mkdocs: None,
            forced_dialect: None,
            i18n_suffixes: false,
            i18n_folders: false,
            targets_given: false,
            known_pages,
            override_globs,
        })
    }

    /// Semantic checks serde cannot express, pointing at the offending line.
    fn validate(&self, text: &str) -> Result<(), Error> {
        let err = |needle: &str, message: String| Error::Config {
            path: self.path.clone().unwrap_or_default(),
            text: text.to_string(),
            offset: text.find(needle).unwrap_or(0),
            message,
        };
        for id in self.file.components.server_inputs.keys() {
            if !self.file.components.identities.contains(id) {
                return Err(err(
                    id,
                    format!("`server-inputs` names identity `{id}`, which is not in `identities`"),
                ));
            }
        }
        for id in &self.file.components.identities {
            if id.is_empty() {
                return Err(err("identities", "an identity cannot be empty".into()));
            }
        }
        if self.file.sync.timeout == 0 {
            return Err(err(
                "timeout",
                "`sync.timeout` must be at least 1 second".into(),
            ));
        }
        if self.file.sync.retries > 10 {
            return Err(err("retries", "`sync.retries` must be at most 10".into()));
        }
        if let Some(author) = &self.file.sync.author
            && crate::util::parse_author(author).is_err()
        {
            return Err(err(
                "author",
                format!("`sync.author` must be `Name <email>`, not `{author}`"),
            ));
        }
        if self.file.sync.token_env.trim().is_empty() {
            return Err(err("token-env", "`sync.token-env` cannot be empty".into()));
        }
        for (kind, class) in &self.file.build.callouts {
            if !class.is_empty() && !CALLOUT_CLASSES.contains(&class.as_str()) {
                return Err(err(
                    &format!("{kind}:"),
                    format!(
                        "`callouts` maps `{kind}` to `{class}`, which Wiki.js does not style (use {} or \"\")",
                        CALLOUT_CLASSES.join(", ")
                    ),
                ));
            }
        }
        for m in &self.file.build.assets {
            if m.from.is_empty() || !(m.to.starts_with('/') || m.to.contains("://")) {
                return Err(err(
                    &m.to,
                    format!(
                        "asset mapping `{}` -> `{}`: `from` must not be empty and `to` must start with `/` (or be a URL)",
                        m.from, m.to
                    ),
                ));
            }
        }
        if let Some(l) = &self.file.build.primary_locale
            && !crate::util::is_locale(l)
        {
            return Err(err(
                "primary-locale",
                format!("`primary-locale` `{l}` is not a locale like `en` or `pt-br`"),
            ));
        }
        // A locale names a folder of the guides and a segment of every page path: one plain
        // name (`en`, `pt-br`), not empty and not a way out of the folder.
        let plain = |l: &str| !l.is_empty() && l != "." && l != ".." && !l.contains(['/', '\\']);
        for (key, l) in std::iter::once(("source-locale", &self.file.source_locale)).chain(
            self.file
                .target_locales
                .iter()
                .map(|l| ("target-locales", l)),
        ) {
            if !plain(l) {
                return Err(err(
                    key,
                    format!(
                        "`{key}` has `{}`, which is no locale: write one like `en` or `pt-br`",
                        crate::logsafe::text(l)
                    ),
                ));
            }
        }
        if self.file.target_locales.contains(&self.file.source_locale) {
            return Err(err(
                "target-locales",
                format!(
                    "`target-locales` contains the source locale `{}`",
                    self.file.source_locale
                ),
            ));
        }
        Ok(())
    }

    /// Finds `guide-lint.yml` in `dir` or its ancestors (see [`locate`] for a run's whole
    /// search).
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// How the MkDocs project's `toc` makes heading ids (its default without a project).
    pub fn toc(&self) -> crate::wikijs::slug::TocSlugs {
        self.mkdocs.as_ref().map(|p| p.toc).unwrap_or_default()
    }

    /// How content tabs get their ids on the MkDocs project's pages, per syntax; `None` for a
    /// syntax the project does not enable (`=== "Tab"` or `/// tab` is then no tab).
    pub fn tab_ids(&self) -> TabSyntaxIds {
        let of =
            |syntax: Option<crate::mkdocs::Syntax>,
             ids: fn(&crate::mkdocs::Project) -> crate::wikijs::slug::TabIds| {
                syntax
                    .filter(|s| self.enables(*s))
                    .map(|_| self.mkdocs.as_ref().map(ids).unwrap_or_default())
            };
        TabSyntaxIds {
            tabbed: of(Some(crate::mkdocs::Syntax::Tabs), |p| p.tabbed),
            blocks: of(self.block_syntax("tab"), |p| p.block_tabs),
        }
    }

    /// How MkDocs pages' fences are read, where pymdownx.superfences reads them: the
    /// project's settings, or the extensions' defaults where the project lists no extensions.
    pub fn fence_settings(
        &self,
    ) -> Option<std::borrow::Cow<'_, crate::document::fences::FenceSettings>> {
        use std::borrow::Cow;
        if !self.enables(crate::mkdocs::Syntax::NestedFences) {
            return None;
        }
        Some(match &self.mkdocs {
            Some(p) if p.extensions_listed => Cow::Borrowed(&p.fences),
            _ => Cow::Owned(Default::default()),
        })
    }

    /// Which ids pymdownx.highlight gives the lines of MkDocs pages' code blocks.
    pub fn code_line_ids(&self) -> CodeLineAnchors<'_> {
        use crate::mkdocs::Syntax;
        match &self.mkdocs {
            _ if !self.enables(Syntax::NestedFences) => CodeLineAnchors::None,
            Some(p) if p.extensions_listed => {
                if p.fences.any() {
                    CodeLineAnchors::Known(&p.fences)
                } else {
                    CodeLineAnchors::None
                }
            }
            _ => CodeLineAnchors::Unknown,
        }
    }

    /// The guides root as a path usable from the working directory.
    pub fn guides_root(&self) -> PathBuf {
        let joined = if self.root == Path::new(".") {
            self.file.guides.clone()
        } else {
            self.root.join(&self.file.guides)
        };
        // Without `.` components (`guides: .` in a project below the working directory), so
        // that the paths shown under it read `site/da/page.md`, not `site/./da/page.md`.
        let clean: PathBuf = joined
            .components()
            .filter(|c| *c != std::path::Component::CurDir)
            .collect();
        if clean.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            clean
        }
    }

    /// Whether a page (`/da/tips`) is declared in `known-pages` as existing on the wiki.
    pub fn is_known_page(&self, wiki_path: &str) -> bool {
        !self.file.known_pages.is_empty() && self.known_pages.is_match(wiki_path)
    }

    /// How `build.assets` maps `url`, written on the page `rel` (under the guides root): the first
    /// rule whose `from` starts the URL as written, or the URL resolved against the page.
    pub fn map_asset(&self, url: &str, rel: &Path) -> Option<MappedAsset> {
        if crate::util::has_scheme(url) || url.starts_with('#') || url.is_empty() {
            return None;
        }
        let maps = &self.file.build.assets;
        if maps.is_empty() {
            return None;
        }
        let (path, _, _) = crate::util::split_url(url);
        let dir = rel.parent().unwrap_or(Path::new(""));
        let resolved = if url.starts_with('/') {
            None
        } else {
            crate::util::resolve_relative(dir, url)
        };
        let source = match path.strip_prefix('/') {
            Some(abs) => crate::util::resolve_relative(Path::new(""), abs),
            None => crate::util::resolve_relative(dir, path),
        }
        .filter(|s| !s.is_empty());
        for m in maps {
            if let Some(rest) = url.strip_prefix(m.from.as_str()) {
                return Some(MappedAsset {
                    url: format!("{}{rest}", m.to),
                    source,
                });
            }
            if let Some(r) = &resolved
                && let Some(rest) = r.strip_prefix(m.from.trim_start_matches('/'))
            {
                return Some(MappedAsset {
                    url: format!("{}{rest}", m.to),
                    source,
                });
            }
        }
        None
    }

    /// The assets root as a path usable from the working directory, when configured; in a
    /// MkDocs site with no guide-lint configuration, its `docs_dir` (MkDocs copies the images
    /// and files beside the pages into the site as they are).
    pub fn assets_root(&self) -> Option<PathBuf> {
        match &self.file.assets {
            Some(a) => Some(self.root.join(a)),
            None if self.is_mkdocs_only() => self.mkdocs.as_ref().map(|p| p.docs_root()),
            None => None,
        }
    }

    /// The check cache's folder: `cache-dir`, else `.guide-lint-cache`, beside the config file
    /// (or in the folder `check` runs in, without one).
    pub fn cache_dir(&self) -> PathBuf {
        self.root.join(
            self.file
                .cache_dir
                .as_deref()
                .unwrap_or(Path::new(CACHE_DIR_NAME)),
        )
    }

    /// The rule settings of the configuration's top level.
    pub fn rule_layer(&self) -> RuleLayer {
        RuleLayer {
            select: self.file.select.clone(),
            extend_select: self.file.extend_select.clone(),
            ignore: self.file.ignore.clone(),
            severity: self.file.severity.0.clone(),
        }
    }

    /// The per-path overrides: the glob set (relative to the guides root) and its settings.
    pub fn override_layers(&self) -> &[(GlobSet, RuleLayer)] {
        &self.override_globs
    }

    /// The build output folder (config `build.out`, relative to the config file).
    pub fn build_out(&self) -> PathBuf {
        self.root.join(&self.file.build.out)
    }

    /// The page-script folder: `build.scripts`, or the output folder plus `.scripts`.
    pub fn build_scripts(&self, out: &Path) -> PathBuf {
        match &self.file.build.scripts {
            Some(s) => self.root.join(s),
            None => scripts_beside(out),
        }
    }

    /// The sync state file as a path usable from the working directory.
    pub fn sync_state_path(&self) -> PathBuf {
        match &self.file.sync.state {
            Some(p) => self.root.join(p),
            None => self.guides_root().join(".wiki-sync.yml"),
        }
    }

    /// The wiki's primary locale.
    pub fn primary_locale(&self) -> &str {
        self.file
            .build
            .primary_locale
            .as_deref()
            .unwrap_or(&self.file.source_locale)
    }

    /// The folders that are this configuration's own project, resolved: the folder of its
    /// `guide-lint.yml` (or of the MkDocs project it was read from, or the working directory
    /// without either) first, then the folder of the MkDocs configuration it names. A project
    /// found below them is another one ([`nested_projects`]).
    pub fn own_folders(&self) -> Vec<PathBuf> {
        [
            Some(self.root.as_path()),
            self.mkdocs.as_ref().and_then(|p| p.path.parent()),
        ]
        .into_iter()
        .flatten()
        .map(|p| {
            crate::fsutil::resolve(if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            })
        })
        .collect()
    }

    /// Whether a folder found below the run's own holding a project file (`folder`, resolved)
    /// is this configuration's all the same: a MkDocs project (no `guide-lint.yml` of its own)
    /// that builds the source locale's guides of a `guide-lint.yml`, its `docs_dir` being their
    /// folder or inside it (`guides/mkdocs.yml` with `docs_dir: en`). Those pages, and the
    /// translations beside them, are the guides the file names: a run of their own would take
    /// both locales away from the translation pass. A MkDocs site elsewhere (`site/` of a
    /// wiki's repository whose `guide-lint.yml` says `guides: .`) stays a project of its own.
    pub fn claims(&self, folder: &Path) -> bool {
        if self.path.is_none() || folder.join(FILE_NAME).is_file() {
            return false;
        }
        let guides = crate::fsutil::resolve(&self.guides_root());
        let Some(file) =
            crate::mkdocs::project_file(folder).filter(|_| folder.starts_with(&guides))
        else {
            return false;
        };
        let source = guides.join(&self.file.source_locale);
        crate::mkdocs::Project::load(&folder.join(file))
            .is_ok_and(|p| crate::fsutil::resolve(&p.docs_root()).starts_with(&source))
    }

    /// The MkDocs project a `guide-lint.yml` that names none and has none beside it reads: one
    /// it claims ([`Config::claims`]) in the guides root or in the source locale's folder
    /// (`guides/mkdocs.yml` with `docs_dir: en`, `guides/en/mkdocs.yml`), relative to the root.
    fn source_project(&self) -> Option<PathBuf> {
        let (guides, source) = (&self.file.guides, &self.file.source_locale);
        let here = self.guides_root();
        [
            (guides.clone(), here.clone()),
            (guides.join(source), here.join(source)),
        ]
        .into_iter()
        .find_map(|(dir, at)| {
            let file = crate::mkdocs::project_file(&at)?;
            self.claims(&crate::fsutil::resolve(&at))
                .then(|| dir.join(file))
        })
    }

    /// Whether the project is a MkDocs site with no guide-lint configuration: found through
    /// `mkdocs.yml` alone. Such a project is published with MkDocs; rules about what a build for
    /// Wiki.js cannot convert do not apply to it (`guide-lint build` still reports them).
    pub fn is_mkdocs_only(&self) -> bool {
        self.path.is_none() && self.mkdocs.is_some()
    }

    /// Whether the guides root is the MkDocs project's `docs_dir`, the folder MkDocs builds
    /// the site from: then a relative link that leaves the guides root leaves the site.
    pub fn guides_root_is_docs_dir(&self) -> bool {
        self.mkdocs.as_ref().is_some_and(|p| {
            let docs = p.docs_root();
            let guides = self.guides_root();
            docs == guides || crate::fsutil::resolve(&docs) == crate::fsutil::resolve(&guides)
        })
    }

    /// Whether the guides root is the MkDocs project's `docs_dir` or a folder inside it: every
    /// file there is published with the site.
    pub fn guides_root_in_docs_dir(&self) -> bool {
        self.guides_root_is_docs_dir()
            || self.mkdocs.as_ref().is_some_and(|p| {
                let docs = crate::fsutil::resolve(&p.docs_root());
                crate::fsutil::resolve(&self.guides_root()).starts_with(docs)
            })
    }

    /// How the file at `rel` (relative to the guides root) takes part in the MkDocs site:
    /// left out by the project's `exclude_docs` or `draft_docs` (and MkDocs' own exclusions,
    /// `.*` and `/templates/`), or on it. Only a file under the project's `docs_dir` can be
    /// left out; without a MkDocs project every file is on the site.
    pub fn site_inclusion(&self, rel: &Path) -> crate::mkdocs::Inclusion {
        use crate::mkdocs::Inclusion;
        let Some(project) = &self.mkdocs else {
            return Inclusion::Included;
        };
        // MkDocs' own exclusions name hidden files and a `templates` folder: a path with
        // neither, in a project that excludes nothing else, is on the site.
        let defaults = rel.components().any(|c| {
            let name = c.as_os_str().as_encoded_bytes();
            name.first() == Some(&b'.') || name == b"templates"
        });
        if !defaults && !project.site_files.is_set() {
            return Inclusion::Included;
        }
        // Compared without `.` components: `guides: .` holds `docs`.
        let plain = |p: PathBuf| -> PathBuf {
            p.components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .collect()
        };
        let docs = plain(project.docs_root());
        let guides = plain(self.guides_root());
        let under_docs = if docs == guides {
            Some(rel)
        } else if let Ok(d) = docs.strip_prefix(&guides) {
            // `docs_dir` below the guides root (`guides/en` under `guides`).
            rel.strip_prefix(d).ok()
        } else if self.guides_root_is_docs_dir() {
            // The same folder, spelled otherwise (resolved only then).
            Some(rel)
        } else {
            None
        };
        under_docs.map_or(Inclusion::Included, |r| project.site_files.inclusion(r))
    }

    /// Whether a relative link in a MkDocs site with no guide-lint configuration names a file
    /// beside the pages (an image, or a link to a file that is no page: `files/a.pdf`), which
    /// MkDocs copies into the site: the assets root is then `docs_dir` (GL204 checks it).
    pub fn mkdocs_site_file(&self, path: &str, image: bool) -> bool {
        let last = path.rsplit('/').next().unwrap_or(path);
        let scheme = path.split_once(':').is_some_and(|(s, _)| !s.contains('/'));
        self.is_mkdocs_only()
            && !path.is_empty()
            && !path.starts_with('/')
            && !scheme
            && (image || (last.contains('.') && !last.ends_with(".md")))
    }

    /// Whether MkDocs syntax is legal in this project: enabled by the MkDocs project's
    /// `markdown_extensions`; without a MkDocs project, every syntax guide-lint knows is.
    pub fn enables(&self, syntax: crate::mkdocs::Syntax) -> bool {
        self.mkdocs.as_ref().is_none_or(|p| p.enables(syntax))
    }

    /// The syntax of a pymdownx block of this name (lowercased), the MkDocs project's own
    /// types included ([`crate::mkdocs::Project::block_syntax`]).
    pub fn block_syntax(&self, name: &str) -> Option<crate::mkdocs::Syntax> {
        match &self.mkdocs {
            Some(p) => p.block_syntax(name),
            None => crate::mkdocs::Syntax::of_block(name),
        }
    }

    /// The admonition type a pymdownx block shows as, when it is an admonition or details
    /// block the project enables: its `type` option, else the type a block the project adds
    /// names ([`Config::block_class`]), else its own name (`/// warning`: `warning`; the
    /// generic `/// admonition` and `/// details`: `note`). Lowercased, as MkDocs writes it.
    pub fn block_admonition_type(
        &self,
        b: &crate::document::pymdown_blocks::Block,
    ) -> Option<String> {
        use crate::mkdocs::Syntax;
        let syntax = self.block_syntax(&b.name).filter(|&s| self.enables(s))?;
        let class = self.block_class(&b.name);
        let own = match syntax {
            Syntax::BlockAdmonition => class.unwrap_or(if b.name == "admonition" {
                "note"
            } else {
                &b.name
            }),
            Syntax::BlockDetails => class.unwrap_or("note"),
            _ => return None,
        };
        let kind = b
            .option("type")
            .filter(|t| !t.is_empty() && t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
            .unwrap_or(own);
        Some(kind.to_ascii_lowercase())
    }

    /// The admonition type a block the MkDocs project adds shows as (`/// details-new` with
    /// `class: new`: `new`); `None` for the names pymdownx defines.
    pub fn block_class(&self, name: &str) -> Option<&str> {
        self.mkdocs
            .as_ref()?
            .block_types
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.class.as_str())
    }

    /// The block names the MkDocs project adds that `build` makes callouts, for `sync --pull`
    /// to bring such a callout back as the guide's block.
    pub fn callout_block_names(&self) -> Vec<String> {
        self.mkdocs
            .as_ref()
            .map(|p| {
                p.block_types
                    .iter()
                    .filter(|t| {
                        matches!(
                            t.syntax,
                            crate::mkdocs::Syntax::BlockAdmonition
                                | crate::mkdocs::Syntax::BlockDetails
                        )
                    })
                    .map(|t| t.name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The configured dialect for a path relative to the guides root: `--dialect`, else the
    /// first matching `dialects` glob, else MkDocs in a MkDocs project; `None` leaves it to
    /// detection.
    pub fn dialect_for(&self, rel: &Path) -> Option<Dialect> {
        self.forced_dialect.or_else(|| {
            self.dialect_globs
                .iter()
                .find(|(set, _)| set.is_match(rel))
                .map(|(_, d)| *d)
                .or_else(|| self.mkdocs.as_ref().map(|_| Dialect::Mkdocs))
        })
    }

    /// The dialect of a file that may lie outside the guides root (`rel` is `None` then):
    /// only `--dialect` applies to such a file.
    pub fn dialect_of(&self, rel: Option<&Path>) -> Option<Dialect> {
        match rel {
            Some(rel) => self.dialect_for(rel),
            None => self.forced_dialect,
        }
    }
}

/// Where a run may read: the repository, and with `--allow-outside-repository` the guides
/// folder wherever it lies (docs/security.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boundary {
    repository: PathBuf,
    /// The resolved guides folder, when it is trusted outside the repository.
    guides: Option<PathBuf>,
}

impl Boundary {
    /// The boundary of a repository at `repository` (resolved), for tests.
    #[cfg(test)]
    pub fn for_tests(repository: &Path) -> Boundary {
        Boundary {
            repository: repository.to_path_buf(),
            guides: None,
        }
    }

    /// Whether `path` (a file or a link's target) lies inside, its links resolved.
    pub fn contains(&self, path: &Path) -> bool {
        let resolved = crate::fsutil::resolve(path);
        resolved.starts_with(&self.repository)
            || self
                .guides
                .as_ref()
                .is_some_and(|g| resolved.starts_with(g))
    }
}

/// The projects among `found` (folders holding a project's configuration, as a walk lists
/// them: [`crate::loader::Listing::projects`]) that are nested in a run with `config`: every one but
/// the run's own (the folder of its `guide-lint.yml` or MkDocs project, and the folder of the
/// `mkdocs.yml` it names) and those it claims ([`Config::claims`]), and none inside another one
/// taken (that one's run finds it). Sorted.
pub fn nested_projects(found: &[PathBuf], config: &Config) -> Vec<PathBuf> {
    if found.is_empty() {
        return Vec::new();
    }
    let own = config.own_folders();
    let mut nested: Vec<PathBuf> = Vec::new();
    let mut sorted: Vec<&PathBuf> = found.iter().collect();
    sorted.sort();
    for folder in sorted {
        if nested.iter().any(|n| folder.starts_with(n)) {
            continue;
        }
        let resolved = crate::fsutil::resolve(folder);
        if own.contains(&resolved) || config.claims(&resolved) {
            continue;
        }
        nested.push(folder.clone());
    }
    nested
}

/// The project below a run's own (`config`) that `path` (a page or a folder) lies in: the
/// nearest folder at or above it (its own folder, for a file), links resolved, holding a
/// `guide-lint.yml` or a MkDocs project file that the configuration does not claim
/// ([`Config::claims`]), short of its own folders ([`Config::own_folders`]) and inside the
/// first of them; resolved. `None` when there is none.
/// What a walk of the folders finds as [`nested_projects`], for a path named inside one.
pub fn project_of_path(path: &Path, config: &Config) -> Option<PathBuf> {
    let own = config.own_folders();
    let root = own.first()?.clone();
    let start = match path.parent() {
        _ if path.is_dir() => path,
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // Resolved, so that a project above the working directory is found too (`check .` in
    // `site/docs/`, under a `guide-lint.yml` at the top of the repository).
    let start = crate::fsutil::resolve(start);
    for folder in start.ancestors() {
        if own.iter().any(|o| o == folder) || !folder.starts_with(&root) {
            return None;
        }
        let guide_lint = folder.join(FILE_NAME).is_file();
        if guide_lint || crate::mkdocs::project_file(folder).is_some() && !config.claims(folder) {
            return Some(folder.to_path_buf());
        }
    }
    None
}

pub use crate::fsutil::repository_of;

/// Where the configuration of a run from a folder is, when none is named ([`locate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// A `guide-lint.yml` (in the folder or above).
    File(PathBuf),
    /// A MkDocs project (`mkdocs.yml` or `zensical.toml`) in `dir`, `up` folders above the one
    /// searched from (0: that folder itself).
    Mkdocs { dir: PathBuf, up: usize },
    /// Neither.
    Nothing,
}

/// Where the configuration of a run from `dir` (the working directory, or the language
/// server's workspace folder) is, the first that applies:
/// 1. a MkDocs project in `dir`, unless a `guide-lint.yml` is there too: the project being
///    checked, even inside a repository whose `guide-lint.yml` lies further up;
/// 2. the nearest `guide-lint.yml` in `dir` or above, within the repository holding `dir` (the
///    git work tree; without one, `dir` itself);
/// 3. the nearest MkDocs project above `dir`, within that work tree (not from inside its `.git`
///    folder): a run from a project's `docs_dir` checks that project, as a run from its top
///    does, and not the configuration of an outer repository it sits in. Outside any work tree,
///    the nearest MkDocs project above whose docs_dir holds `dir`, below any `guide-lint.yml`
///    found;
/// 4. the nearest `guide-lint.yml` further up.
pub fn locate(dir: &Path) -> Located {
    let found = Config::discover(dir);
    let here = found.as_deref().and_then(Path::parent) == Some(dir);
    if !here && crate::mkdocs::project_file(dir).is_some() {
        return Located::Mkdocs {
            dir: dir.to_path_buf(),
            up: 0,
        };
    }
    let repository = repository_of(dir);
    let inside = |p: &Path| crate::fsutil::resolve(p).starts_with(&repository);
    if let Some(file) = found.as_deref().filter(|f| f.parent().is_some_and(inside)) {
        return Located::File(file.to_path_buf());
    }
    let resolved = crate::fsutil::resolve(dir);
    let in_git_folder = resolved
        .strip_prefix(&repository)
        .is_ok_and(|r| r.components().any(|c| c.as_os_str() == ".git"));
    // Outside any git work tree (an unpacked archive), the search goes on up, but takes only a
    // MkDocs project whose docs_dir holds `dir`, and not one above a nearer `guide-lint.yml`.
    let no_work_tree = !repository.join(".git").exists();
    if !in_git_folder {
        for (up, above) in resolved.ancestors().enumerate().skip(1) {
            let within = above.starts_with(&repository);
            if !within && !no_work_tree {
                break;
            }
            if !within
                && found
                    .as_deref()
                    .and_then(Path::parent)
                    .is_some_and(|f| crate::fsutil::resolve(f).starts_with(above))
            {
                break;
            }
            if let Some(file) = crate::mkdocs::project_file(above)
                && (within || docs_dir_holds(&above.join(file), &resolved))
            {
                // Named through `dir` as given when that is the same folder (a workspace
                // opened through a link keeps its paths), else resolved.
                let mut given = dir.to_path_buf();
                (0..up).for_each(|_| {
                    given.pop();
                });
                let dir = if crate::fsutil::resolve(&given) == above {
                    given
                } else {
                    above.to_path_buf()
                };
                return Located::Mkdocs { dir, up };
            }
        }
    }
    match found {
        Some(file) => Located::File(file),
        None => Located::Nothing,
    }
}

/// Whether the MkDocs project `file`'s docs_dir holds the folder `dir` (resolved). The docs_dir
/// must lie below the project's folder, as MkDocs requires (a `docs_dir: .` would adopt every
/// folder below), and a project in a folder anyone may write to (`/tmp`) is not taken: anyone
/// could have put it there.
fn docs_dir_holds(file: &Path, dir: &Path) -> bool {
    let Some(folder) = file.parent() else {
        return false;
    };
    if writable_by_anyone(folder) {
        return false;
    }
    let folder = crate::fsutil::resolve(folder);
    crate::mkdocs::Project::load(file).is_ok_and(|p| {
        let docs = crate::fsutil::resolve(&p.docs_root());
        docs != folder && docs.starts_with(&folder) && dir.starts_with(docs)
    })
}

/// Whether anyone may create files in `folder` (its mode has the other-write bit: `/tmp`).
#[cfg(unix)]
fn writable_by_anyone(folder: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(folder).is_ok_and(|m| m.permissions().mode() & 0o002 != 0)
}

#[cfg(not(unix))]
fn writable_by_anyone(_folder: &Path) -> bool {
    false
}

/// `build/wiki` -> `build/wiki.scripts`.
pub fn scripts_beside(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "wiki".into());
    name.push(".scripts");
    out.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse(text, Path::new("dir/guide-lint.yml"))
    }

    /// Where a run from a folder finds its configuration: a MkDocs project in the folder before
    /// a `guide-lint.yml` above; a `guide-lint.yml` in the work tree before a MkDocs project
    /// above; a MkDocs project above (within the work tree) before an outer repository's
    /// `guide-lint.yml`.
    #[test]
    fn a_run_locates_its_configuration() {
        let tmp = tempfile::tempdir().unwrap();
        let top = crate::fsutil::resolve(tmp.path());
        let docs = top.join("site/docs/setup");
        std::fs::create_dir_all(&docs).unwrap();
        let touch = |rel: &str| std::fs::write(top.join(rel), "site_name: x\n").unwrap();
        let site = top.join("site");
        assert_eq!(locate(&docs), Located::Nothing);
        touch("site/mkdocs.yml");
        // No work tree (an unpacked archive): the project whose docs_dir holds the folder, and
        // no other.
        assert_eq!(
            locate(&docs),
            Located::Mkdocs {
                dir: site.clone(),
                up: 2
            }
        );
        std::fs::create_dir_all(top.join("site/notes")).unwrap();
        assert_eq!(locate(&top.join("site/notes")), Located::Nothing);
        // ... nor one above a nearer `guide-lint.yml`.
        touch("site/docs/guide-lint.yml");
        assert_eq!(
            locate(&docs),
            Located::File(top.join("site/docs/guide-lint.yml"))
        );
        std::fs::remove_file(top.join("site/docs/guide-lint.yml")).unwrap();
        assert_eq!(
            locate(&site),
            Located::Mkdocs {
                dir: site.clone(),
                up: 0
            }
        );
        std::fs::create_dir(top.join(".git")).unwrap();
        let project = Located::Mkdocs {
            dir: site.clone(),
            up: 2,
        };
        assert_eq!(locate(&docs), project);
        // Not from inside the work tree's `.git` folder.
        std::fs::create_dir_all(top.join(".git/refs")).unwrap();
        assert_eq!(locate(&top.join(".git/refs")), Located::Nothing);
        // The work tree's `guide-lint.yml` (which may name the MkDocs project) wins over a
        // MkDocs project above, not over one here.
        touch("guide-lint.yml");
        let file = Located::File(top.join("guide-lint.yml"));
        assert_eq!(locate(&docs), file);
        assert!(matches!(locate(&site), Located::Mkdocs { up: 0, .. }));
        touch("site/guide-lint.yml");
        assert_eq!(locate(&site), Located::File(site.join("guide-lint.yml")));
        std::fs::remove_file(site.join("guide-lint.yml")).unwrap();
        // The project is a repository of its own inside the outer one (a vendored library): the
        // outer `guide-lint.yml` is another repository's.
        std::fs::create_dir(site.join(".git")).unwrap();
        assert_eq!(locate(&docs), project);
        // A MkDocs project above the work tree is another repository's too.
        std::fs::remove_dir(site.join(".git")).unwrap();
        std::fs::remove_file(top.join("guide-lint.yml")).unwrap();
        std::fs::create_dir(top.join("site/docs/.git")).unwrap();
        assert_eq!(locate(&docs), Located::Nothing);
    }

    /// A folder reached through a link keeps the name it was given.
    #[cfg(unix)]
    #[test]
    fn a_project_above_a_linked_folder_keeps_its_name() {
        let tmp = tempfile::tempdir().unwrap();
        let top = crate::fsutil::resolve(tmp.path());
        std::fs::create_dir_all(top.join("real/.git")).unwrap();
        std::fs::create_dir_all(top.join("real/docs")).unwrap();
        std::fs::write(top.join("real/mkdocs.yml"), "site_name: x\n").unwrap();
        std::os::unix::fs::symlink(top.join("real"), top.join("link")).unwrap();
        assert_eq!(
            locate(&top.join("link/docs")),
            Located::Mkdocs {
                dir: top.join("link"),
                up: 1
            }
        );
    }

    #[test]
    fn full_config() {
        let c = parse(
            "guides: guides\nsource-locale: en\ntarget-locales: [da]\ndialects:\n  - path: \"en/**\"\n    dialect: mkdocs\ncomponents:\n  identities: [old, new]\n  server-inputs: {old: from-server, new: to-server}\n",
        )
        .unwrap();
        assert_eq!(c.guides_root(), Path::new("dir/guides"));
        assert_eq!(c.dialect_for(Path::new("en/x.md")), Some(Dialect::Mkdocs));
        assert_eq!(c.dialect_for(Path::new("da/x.md")), None);
    }

    fn config_error(text: &str) -> (usize, String) {
        match parse(text) {
            Err(Error::Config {
                offset, message, ..
            }) => (offset, message),
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn known_pages_and_assets() {
        let c = parse("known-pages: [\"/*/tips\", \"/da/help/**\"]\nassets: ../assets\n").unwrap();
        assert!(c.is_known_page("/da/tips"));
        assert!(c.is_known_page("/en/tips"));
        assert!(c.is_known_page("/da/help/a/b"));
        assert!(!c.is_known_page("/da/x/tips"));
        assert_eq!(c.assets_root(), Some(PathBuf::from("dir/../assets")));
        let (_, message) = config_error("known-pages: /da/tips\n");
        assert!(message.contains("invalid type"), "{message}");
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let text = "guides: guides\nsource_locale: en\n";
        let (offset, message) = config_error(text);
        assert!(
            message.contains("unknown field `source_locale`"),
            "{message}"
        );
        assert_eq!(&text[offset..offset + 13], "source_locale");
    }

    /// A locale is one plain name: empty, `..` or a path is refused at its line (it named no
    /// folder, and messages read "no `` source page").
    #[test]
    fn locales_that_are_no_names_are_refused() {
        for (text, key) in [
            ("source-locale: \"\"\n", "source-locale"),
            ("source-locale: \"..\"\n", "source-locale"),
            ("target-locales: [da, en/../da]\n", "target-locales"),
        ] {
            let (offset, message) = config_error(text);
            assert!(message.contains("which is no locale"), "{text}: {message}");
            assert_eq!(&text[offset..offset + key.len()], key);
        }
    }

    /// Without `target-locales` the locale folders beside the source locale's are the targets;
    /// `target-locales: []` turns the translation pass off however the folders are named.
    #[test]
    fn target_locales_default_to_the_locale_folders_unless_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        for folder in ["guides/en", "guides/da"] {
            std::fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
        }
        let config = dir.path().join(FILE_NAME);
        let targets = |text: &str| {
            std::fs::write(&config, text).expect("write");
            Config::load(Some(&config), dir.path())
                .expect("loads")
                .file
                .target_locales
        };
        assert_eq!(targets("guides: guides\n"), ["da"]);
        assert!(targets("guides: guides\ntarget-locales: []\n").is_empty());
        assert_eq!(targets("guides: guides\ntarget-locales: [da]\n"), ["da"]);
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let text = "guides: guides\ntarget-locales: da\n";
        let (offset, message) = config_error(text);
        assert!(message.contains("invalid type"), "{message}");
        assert!(offset >= 15, "{offset}");
        let text = "dialects:\n  - path: x\n    dialect: markdown\n";
        let (offset, message) = config_error(text);
        assert!(message.contains("unknown variant `markdown`"), "{message}");
        assert_eq!(&text[offset..offset + 8], "markdown");
    }

    #[test]
    fn build_section() {
        let c = parse("build:\n  out: out/wiki\n  always-namespace: true\n  primary-locale: da\n  assets:\n    - from: img/\n      to: /guide/\n  callouts: {example: is-success, quote: \"\"}\n").unwrap();
        assert_eq!(c.build_out(), Path::new("dir/out/wiki"));
        assert_eq!(
            c.build_scripts(&c.build_out()),
            Path::new("dir/out/wiki.scripts")
        );
        assert_eq!(c.primary_locale(), "da");
        assert!(c.file.build.always_namespace);
        assert_eq!(c.file.build.assets[0].to, "/guide/");
        let (_, m) = config_error("build:\n  callouts: {note: is-blue}\n");
        assert!(m.contains("is-blue"), "{m}");
        let (_, m) = config_error("build:\n  assets: [{from: img/, to: guide/}]\n");
        assert!(m.contains("must start with `/`"), "{m}");
        let text = "build:\n  outdir: x\n";
        let (offset, m) = config_error(text);
        assert!(m.contains("unknown field `outdir`"), "{m}");
        assert_eq!(&text[offset..offset + 6], "outdir");
        assert_eq!(parse("").unwrap().primary_locale(), "en");
    }

    #[test]
    fn sync_keys() {
        let c = parse(
            "sync:\n  state: wiki-state.yml\n  token-env: WIKI_KEY\n  timeout: 5\n  retries: 0\n  author: Bot <bot@example.org>\n",
        )
        .unwrap();
        assert_eq!(c.sync_state_path(), Path::new("dir/wiki-state.yml"));
        assert_eq!(c.file.sync.token_env, "WIKI_KEY");
        let d = parse("guides: g\n").unwrap();
        assert_eq!(d.sync_state_path(), Path::new("dir/g/.wiki-sync.yml"));
        let (offset, message) = config_error("sync:\n  author: nobody\n");
        assert!(message.contains("Name <email>"), "{message}");
        assert!(offset > 0);
        let (_, message) = config_error("sync:\n  tokenenv: X\n");
        assert!(message.contains("unknown field `tokenenv`"), "{message}");
        let (_, message) = config_error("sync:\n  timeout: 0\n");
        assert!(message.contains("at least 1 second"), "{message}");
    }

    #[test]
    fn server_input_for_unknown_identity() {
        let (_, message) = config_error("components:\n  server-inputs: {olde: x}\n");
        assert!(message.contains("olde"), "{message}");
    }

    /// The text at an error's offset, up to the end of its line.
    fn at(text: &str, offset: usize) -> &str {
        let rest = &text[offset..];
        &rest[..rest.find('\n').unwrap_or(rest.len())]
    }

    const RULES: &str = "select: [GL1, GL001]\nextend-select: [unknown-identity]\nignore: [GL105]\nseverity:\n  GL109: error\n  missing-default: info\noverrides:\n  - path: \"da/**\"\n    ignore: [GL110]\n    severity: {GL1: warning}\noptions:\n  unknown-component-attribute:\n    extra-attributes: [data-track]\nbuild:\n  keep-suppression-comments: true\n";

    #[test]
    fn rule_keys() {
        let c = parse(RULES).unwrap();
        assert_eq!(c.file.select.as_ref().map(Vec::len), Some(2));
        assert_eq!(
            c.file.severity.0,
            [
                ("GL109".parse().unwrap(), Severity::Error),
                ("GL105".parse().unwrap(), Severity::Info)
            ]
        );
        assert_eq!(c.override_layers().len(), 1);
        assert_eq!(
            c.file.options.unknown_component_attribute.extra_attributes,
            ["data-track"]
        );
        assert!(c.file.build.keep_suppression_comments);
        let settings = crate::RuleSettings::from_config(&c, RuleLayer::default());
        let da = settings.for_path(Some(Path::new("da/x.md")));
        let en = settings.for_path(Some(Path::new("en/x.md")));
        use crate::Rule;
        assert!(en.is_enabled(Rule::SanitizedComponentAttribute));
        assert!(!da.is_enabled(Rule::SanitizedComponentAttribute));
        assert!(!en.is_enabled(Rule::MissingDefault));
        assert_eq!(
            en.severity(Rule::UnknownComponentAttribute),
            Severity::Error
        );
        assert_eq!(
            da.severity(Rule::UnknownComponentAttribute),
            Severity::Warning
        );
        assert!(en.is_enabled(Rule::UnusedSuppression));
        assert!(!en.is_enabled(Rule::InvalidSuppression));
    }

    #[test]
    fn mistakes_in_rule_keys_point_at_them() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "select: [GL1O2]\n",
                "GL1O2",
                "unknown rule `GL1O2`; did you mean `GL102`?",
            ),
            (
                "ignore: [GL1, GL9]\n",
                "GL9]",
                "rule selector `GL9` matches no rule",
            ),
            (
                "severity:\n  GL105: fatal\n",
                "fatal",
                "unknown variant `fatal`",
            ),
            (
                "severity:\n  missing-defualt: info\n",
                "missing-defualt: info",
                "did you mean `missing-default`",
            ),
            (
                "overrides:\n  - path: da/**\n    ignroe: [GL1]\n",
                "ignroe: [GL1]",
                "overrides[0]: unknown field `ignroe`; did you mean `ignore`?",
            ),
            (
                "colour: auto\n",
                "colour: auto",
                "unknown field `colour`, expected one of `guides`",
            ),
            (
                "overrides:\n  - path: \"da/[\"\n",
                "\"da/[\"",
                "invalid glob `da/[`",
            ),
            (
                "dialects:\n  - path: \"{en\"\n    dialect: mkdocs\n",
                "\"{en\"",
                "invalid glob `{en`",
            ),
            (
                "options:\n  nested-strong: {}\n",
                "nested-strong: {}",
                "unknown field `nested-strong`",
            ),
            (
                "options:\n  GL109:\n    extra-attribute: [x]\n",
                "extra-attribute: [x]",
                "unknown field `extra-attribute`",
            ),
            (
                "build:\n  keep-comments: true\n",
                "keep-comments: true",
                "unknown field `keep-comments`",
            ),
            (
                "components:\n  identities: [old]\n  server-input: {}\n",
                "server-input: {}",
                "unknown field `server-input`",
            ),
            ("select: GL1\n", "GL1", "invalid type"),
        ];
        for (text, want_at, want_message) in cases {
            let (offset, message) = config_error(text);
            assert!(
                message.contains(want_message),
                "{text:?}: message {message:?} lacks {want_message:?}"
            );
            assert!(
                at(text, offset).starts_with(want_at),
                "{text:?}: {message}: points at {:?}, not {want_at:?}",
                at(text, offset)
            );
        }
    }
}
