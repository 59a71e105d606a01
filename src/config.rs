//! `guide-lint.yml`: strict (unknown keys and wrong types are errors that point at the line).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::document::Dialect;
use crate::error::Error;

pub const FILE_NAME: &str = "guide-lint.yml";

/// The configuration file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Folder holding `<locale>/<page>.md`, relative to the config file.
    #[serde(default = "default_guides")]
    pub guides: PathBuf,
    /// Locale the guides are written in.
    #[serde(default = "default_source_locale")]
    pub source_locale: String,
    /// Locales the guides are translated into.
    #[serde(default)]
    pub target_locales: Vec<String>,
    /// Dialect per path glob (relative to `guides`), first match wins; unmatched files are
    /// detected.
    #[serde(default)]
    pub dialects: Vec<DialectRule>,
    #[serde(default)]
    pub components: Components,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DialectRule {
    pub path: String,
    pub dialect: Dialect,
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
            source_locale: default_source_locale(),
            target_locales: Vec::new(),
            dialects: Vec::new(),
            components: Components::default(),
        }
    }
}

/// The resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: ConfigFile,
    /// The config file, when one was found.
    pub path: Option<PathBuf>,
    /// Directory paths in the config are relative to.
    pub root: PathBuf,
    dialect_globs: Vec<(GlobSet, Dialect)>,
}

impl Config {
    /// Loads `path`, or the defaults when `path` is `None` (rooted at `cwd`).
    pub fn load(path: Option<&Path>, cwd: &Path) -> Result<Config, Error> {
        let Some(path) = path else {
            return Config::from_file(ConfigFile::default(), None, cwd.to_path_buf());
        };
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            message: crate::document::io_message(&e),
        })?;
        Config::parse(&text, path)
    }

    /// Parses a config file's text; `path` names it in errors and anchors relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            serde_norway::from_str(text).map_err(|e| {
                let offset = e.location().map_or(0, |l| l.index()).min(text.len());
                let message = e.to_string();
                let message = match message.find(" at line ") {
                    Some(i) => message[..i].to_string(),
                    None => message,
                };
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
        let cfg = Config::from_file(file, Some(path.to_path_buf()), root)?;
        cfg.validate(text)?;
        Ok(cfg)
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
        let mut dialect_globs = Vec::new();
        for rule in &file.dialects {
            let glob = Glob::new(&rule.path).map_err(|e| {
                Error::Usage(format!("invalid glob `{}` in `dialects`: {e}", rule.path))
            })?;
            let set = GlobSetBuilder::new()
                .add(glob)
                .build()
                .map_err(|e| Error::Usage(e.to_string()))?;
            dialect_globs.push((set, rule.dialect));
        }
        Ok(Config {
            file,
            path,
            root,
            dialect_globs,
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

    /// Finds `guide-lint.yml` in `dir` or its ancestors.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// The guides root as a path usable from the working directory.
    pub fn guides_root(&self) -> PathBuf {
        if self.root == Path::new(".") {
            self.file.guides.clone()
        } else {
            self.root.join(&self.file.guides)
        }
    }

    /// The configured dialect for a path relative to the guides root, if any glob matches.
    pub fn dialect_for(&self, rel: &Path) -> Option<Dialect> {
        self.dialect_globs
            .iter()
            .find(|(set, _)| set.is_match(rel))
            .map(|(_, d)| *d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse(text, Path::new("dir/guide-lint.yml"))
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
    fn unknown_key_points_at_its_line() {
        let text = "guides: guides\nsource_locale: en\n";
        let (offset, message) = config_error(text);
        assert!(
            message.contains("unknown field `source_locale`"),
            "{message}"
        );
        assert_eq!(&text[offset..offset + 13], "source_locale");
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
    fn server_input_for_unknown_identity() {
        let (_, message) = config_error("components:\n  server-inputs: {olde: x}\n");
        assert!(message.contains("olde"), "{message}");
    }
}
