//! The serde model behind every machine format: findings with resolved positions and display
//! paths. `json` and `json-lines` serialise it as is (the versioned schema in
//! `docs/json-schema.md`); `sarif`, `github`, `rdjson` and `junit` are built from it.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::RenderContext;
use crate::CheckReport;
use crate::document::LineIndex;
use crate::finding::{Applicability, Finding, Severity};

/// Version of the JSON schema. Bumped on any incompatible change (a field removed, renamed or
/// retyped); new fields may be added within a version.
pub const SCHEMA_VERSION: u32 = 1;

/// A position in a file. `line` and `column` are 1-based; `column` counts UTF-8 bytes from the
/// start of the line; `offset` is the 0-based byte offset in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    /// 1-based column in UTF-16 code units (SARIF's and GitHub's default).
    #[serde(skip)]
    pub utf16_column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonEdit {
    pub start: Position,
    pub end: Position,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonFix {
    /// `safe` (applied by `--fix`), `unsafe` (`--fix --unsafe-fixes`) or `display-only`.
    pub applicability: &'static str,
    pub message: String,
    pub edits: Vec<JsonEdit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonRelated {
    pub file: String,
    pub start: Position,
    pub end: Position,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonFinding {
    pub file: String,
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The rule's documentation, when the project URL is known.
    pub url: Option<String>,
    pub start: Position,
    pub end: Position,
    pub fix: Option<JsonFix>,
    pub related: Vec<JsonRelated>,
}

/// A file or path that could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonFileError {
    pub file: String,
    pub message: String,
    /// Where reading stopped (invalid UTF-8), when known. `utf16_column` is not serialised.
    pub position: Option<Position>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    /// Findings `--fix` repairs.
    pub fixable: usize,
    /// Findings only `--fix --unsafe-fixes` repairs.
    pub unsafe_fixable: usize,
    /// Files that could not be checked.
    pub file_errors: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

/// The whole report (`--output-format json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonReport {
    pub schema_version: u32,
    pub tool: Tool,
    pub summary: Summary,
    pub findings: Vec<JsonFinding>,
    pub errors: Vec<JsonFileError>,
}

pub const TOOL: Tool = Tool {
    name: "guide-lint",
    version: env!("CARGO_PKG_VERSION"),
};

/// The applicability's name in every format.
pub fn applicability_name(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

/// Counts of a report.
pub fn summary(report: &CheckReport) -> Summary {
    let mut s = Summary {
        files_checked: report.files_checked,
        file_errors: report.errors.len(),
        ..Summary::default()
    };
    for f in &report.findings {
        match f.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => s.info += 1,
        }
        match f.fix.as_ref().map(|x| x.applicability) {
            Some(Applicability::Safe) => s.fixable += 1,
            Some(Applicability::Unsafe) => s.unsafe_fixable += 1,
            _ => {}
        }
    }
    s
}

/// Line indexes of the report's sources, built once per file.
pub struct Positions<'r> {
    report: &'r CheckReport,
    /// Keyed by the path's bytes: hashing them is cheaper than comparing paths component by
    /// component in an ordered map, once or twice per finding.
    indexes: HashMap<&'r OsStr, LineIndex>,
    /// The last path asked for and what the report holds for it: findings come sorted by file,
    /// so most look-ups are for the same file as the one before.
    last: Option<(&'r OsStr, Held<'r>)>,
}

/// What the report holds for a file's positions.
#[derive(Clone, Copy)]
enum Held<'r> {
    Text(&'r OsStr, &'r str),
    Places(&'r crate::document::Places),
    Nothing,
}

impl<'r> Positions<'r> {
    pub fn new(report: &'r CheckReport) -> Self {
        Self {
            report,
            indexes: HashMap::new(),
            last: None,
        }
    }

    fn held(&mut self, path: &Path) -> Held<'r> {
        if let Some((p, held)) = self.last
            && p == path.as_os_str()
        {
            return held;
        }
        let report = self.report;
        let (key, held) = match report.sources.get_key_value(path) {
            Some((key, text)) => (key.as_os_str(), Held::Text(key.as_os_str(), text.as_str())),
            None => match report.places.get_key_value(path) {
                Some((key, places)) => (key.as_os_str(), Held::Places(places)),
                None => {
                    self.last = None;
                    return Held::Nothing;
                }
            },
        };
        self.last = Some((key, held));
        held
    }

    /// The position of `offset` in `path`: from its text, or from the places the check cache
    /// kept (line 1, column `offset + 1` when neither is available, which never happens for a
    /// finding's own file).
    pub fn at(&mut self, path: &Path, offset: usize) -> Position {
        let unknown = Position {
            line: 1,
            column: offset + 1,
            offset,
            utf16_column: offset + 1,
        };
        let (key, text) = match self.held(path) {
            Held::Text(key, text) => (key, text),
            Held::Places(places) => {
                return places.get(offset).map_or(unknown, |p| Position {
                    line: p.line,
                    column: p.column,
                    offset: p.offset,
                    utf16_column: p.utf16_column,
                });
            }
            Held::Nothing => return unknown,
        };
        let idx = self
            .indexes
            .entry(key)
            .or_insert_with(|| LineIndex::new(text));
        let offset = offset.min(text.len());
        let lc = idx.line_col(offset);
        let utf16_column = idx.utf16_column(text, offset);
        Position {
            line: lc.line,
            column: lc.column,
            offset,
            utf16_column,
        }
    }
}

impl RenderContext {
    /// A path as machine formats show it: relative to the root, `/`-separated; absolute when
    /// outside the root; as given when no root is set.
    pub fn display_path(&self, path: &Path) -> String {
        let Some(root) = &self.root else {
            return crate::util::slash_path(path);
        };
        let abs = normalize(&if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.cwd.join(path)
        });
        match abs.strip_prefix(normalize(root)) {
            Ok(rel) => crate::util::slash_path(rel),
            Err(_) => crate::util::slash_path(&abs),
        }
    }

    /// The rule documentation's URL, when the project URL is known.
    pub fn rule_url(&self, rule: crate::Rule) -> Option<String> {
        self.project_url
            .as_ref()
            .map(|b| format!("{b}/blob/main/rules/{}", rule.doc_file()))
    }
}

/// Removes `.` and resolves `..` lexically (no file-system access, symlinks untouched).
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Builds the JSON model of a finding.
pub fn finding(f: &Finding, pos: &mut Positions<'_>, ctx: &RenderContext) -> JsonFinding {
    JsonFinding {
        file: ctx.display_path(&f.path),
        code: f.rule.code(),
        name: f.rule.name(),
        severity: f.severity,
        message: f.message.to_string(),
        help: f.help.as_deref().map(str::to_string),
        url: ctx.rule_url(f.rule),
        start: pos.at(&f.path, f.range.start),
        end: pos.at(&f.path, f.range.end),
        fix: f.fix.as_ref().map(|fix| JsonFix {
            applicability: applicability_name(fix.applicability),
            message: fix.message.clone(),
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit {
                    start: pos.at(&f.path, e.range.start),
                    end: pos.at(&f.path, e.range.end),
                    content: e.content.clone(),
                })
                .collect(),
        }),
        related: f
            .related
            .iter()
            .map(|r| JsonRelated {
                file: ctx.display_path(&r.path),
                start: pos.at(&r.path, r.range.start),
                end: pos.at(&r.path, r.range.end),
                message: r.message.clone(),
            })
            .collect(),
    }
}

/// Builds the JSON model of an unreadable file.
pub fn file_error(e: &crate::FileError, ctx: &RenderContext) -> JsonFileError {
    JsonFileError {
        file: ctx.display_path(&e.path),
        message: e.message.clone(),
        position: e.position.map(|(line, column, offset)| Position {
            line,
            column,
            offset,
            utf16_column: column,
        }),
    }
}

/// The whole report but its findings (`findings` is empty): `--output-format json` prints them
/// one by one into it.
pub fn report_outline(report: &CheckReport, ctx: &RenderContext) -> JsonReport {
    JsonReport {
        schema_version: SCHEMA_VERSION,
        tool: TOOL,
        summary: summary(report),
        findings: Vec::new(),
        errors: report.errors.iter().map(|e| file_error(e, ctx)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_byte_columns() {
        let mut report = CheckReport::default();
        let text = "æ𐐀b\nx";
        report.sources.insert(PathBuf::from("a.md"), text.into());
        let mut pos = Positions::new(&report);
        let b = pos.at(Path::new("a.md"), text.find('b').unwrap());
        assert_eq!((b.line, b.column, b.utf16_column), (1, 7, 4));
        let x = pos.at(Path::new("a.md"), text.find('x').unwrap());
        assert_eq!((x.line, x.column, x.utf16_column, x.offset), (2, 1, 1, 8));
    }

    #[test]
    fn display_paths_are_relative_to_the_root() {
        let ctx = RenderContext {
            root: Some(PathBuf::from("/repo")),
            cwd: PathBuf::from("/repo/sub"),
            ..RenderContext::default()
        };
        assert_eq!(
            ctx.display_path(Path::new("../guides/en/a.md")),
            "guides/en/a.md"
        );
        assert_eq!(ctx.display_path(Path::new("./x.md")), "sub/x.md");
        assert_eq!(
            ctx.display_path(Path::new("/elsewhere/x.md")),
            "/elsewhere/x.md"
        );
        let plain = RenderContext::default();
        assert_eq!(plain.display_path(Path::new("guides/a.md")), "guides/a.md");
    }
}
