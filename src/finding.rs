//! Findings: what a rule reports, with byte ranges and optional fixes.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use crate::rule::Rule;
pub use crate::rule::Severity;

/// How safely a fix may be applied (ruff's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[derive(serde::Deserialize)]
pub enum Applicability {
    /// Shown as a suggestion only; never applied automatically.
    DisplayOnly,
    /// Applied with `--unsafe-fixes`: may change meaning.
    Unsafe,
    /// Applied by `--fix`: meaning preserved.
    Safe,
}

/// Replace `range` of the original text with `content`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub content: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, content: impl Into<String>) -> Self {
        Self {
            range,
            content: content.into(),
        }
    }
    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Self::replace(at..at, content)
    }
    pub fn delete(range: Range<usize>) -> Self {
        Self::replace(range, "")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, e.g. "prepend `/` to the path".
    pub message: String,
    pub edits: Vec<Edit>,
}

/// A secondary location (for example, the English text a Danish finding refers to).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Related {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// Shared by the page's findings: a hostile page can make millions.
    pub path: std::sync::Arc<std::path::Path>,
    pub range: Range<usize>,
    /// What is wrong; lowercase, no trailing period. Most messages and helps are fixed
    /// texts, borrowed rather than copied into each finding: a hostile page can make millions
    /// of findings.
    pub message: Cow<'static, str>,
    /// Label text shown under the span (defaults to the message).
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<Cow<'static, str>>,
    /// Boxed: few findings have one, and every finding would carry its room.
    pub fix: Option<Box<Fix>>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn with_fix(
        mut self,
        applicability: Applicability,
        message: impl Into<String>,
        edits: Vec<Edit>,
    ) -> Self {
        self.fix = Some(Box::new(Fix {
            applicability,
            message: message.into(),
            edits,
        }));
        self
    }
    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// The order of output: file, position, code.
    pub fn sort_key(&self) -> (&std::path::Path, usize, usize, &'static str, &str) {
        (
            &*self.path,
            self.range.start,
            self.range.end,
            self.rule.code(),
            &self.message,
        )
    }
}
