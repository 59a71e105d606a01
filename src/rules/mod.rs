//! The rule registry: typed rule ids, defaults, docs, and the per-file runner.
//!
//! One rule, one file. Each file holds the rule's check function; its user documentation lives
//! in `rules/<CODE>-<name>.md` and is compiled in with `include_str!`.

use std::path::Path;

use crate::config::Config;
use crate::document::{Dialect, Document};
use crate::finding::{Finding, Severity};

pub mod component;
pub mod selector;

mod absolute_component_path;
mod invalid_component_tag;
mod misnamed_default_attribute;
mod missing_component_path;
mod missing_default;
mod missing_server_inputs;
mod relative_component_path;
mod sanitized_component_attribute;
mod unknown_component_attribute;
mod unknown_identity;

/// Which dialects a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialects {
    All,
    Only(Dialect),
}

macro_rules! registry {
    ($( $variant:ident = $code:literal, $name:literal, $sev:ident, $dialects:expr, $doc:literal; )*) => {
        /// A rule, by its stable code and name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            pub fn code(self) -> &'static str {
                match self { $( Rule::$variant => $code, )* }
            }

            pub fn name(self) -> &'static str {
                match self { $( Rule::$variant => $name, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( Rule::$variant => Severity::$sev, )* }
            }

            pub fn dialects(self) -> Dialects {
                match self { $( Rule::$variant => $dialects, )* }
            }

            /// The rule's user documentation (Markdown).
            pub fn doc(self) -> &'static str {
                match self { $( Rule::$variant => include_str!(concat!("../../rules/", $doc)), )* }
            }

            /// The doc's file name under `rules/`.
            pub fn doc_file(self) -> &'static str {
                match self { $( Rule::$variant => $doc, )* }
            }
        }
    };
}

use Dialects::All;

registry! {
    UnusedSuppression = "GL001", "unused-suppression", Warning, All, "GL001-unused-suppression.md";
    InvalidSuppression = "GL002", "invalid-suppression", Warning, All, "GL002-invalid-suppression.md";
    UnknownIdentity = "GL101", "unknown-identity", Error, All, "GL101-unknown-identity.md";
    RelativeComponentPath = "GL102", "relative-component-path", Error, All, "GL102-relative-component-path.md";
    MissingComponentPath = "GL103", "missing-component-path", Error, All, "GL103-missing-component-path.md";
    MisnamedDefaultAttribute = "GL104", "misnamed-default-attribute", Error, All, "GL104-misnamed-default-attribute.md";
    MissingDefault = "GL105", "missing-default", Warning, All, "GL105-missing-default.md";
    InvalidComponentTag = "GL106", "invalid-component-tag", Error, All, "GL106-invalid-component-tag.md";
    MissingServerInputs = "GL107", "missing-server-inputs", Error, All, "GL107-missing-server-inputs.md";
    AbsoluteComponentPath = "GL108", "absolute-component-path", Error, All, "GL108-absolute-component-path.md";
    UnknownComponentAttribute = "GL109", "unknown-component-attribute", Warning, All, "GL109-unknown-component-attribute.md";
    SanitizedComponentAttribute = "GL110", "sanitized-component-attribute", Error, Dialects::Only(Dialect::Wikijs), "GL110-sanitized-component-attribute.md";
}

impl Rule {
    /// Parses a code (`GL102`, case-insensitive) or a name (`relative-component-path`).
    pub fn parse(s: &str) -> Option<Rule> {
        let s = s.trim();
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(s) || r.name() == s)
    }

    /// The first line of the doc after the title: a one-sentence summary.
    pub fn summary(self) -> &'static str {
        section(self.doc(), "What it does")
            .and_then(|s| s.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or("")
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code(), self.name())
    }
}

/// The body of `## <title>` in a rule doc.
pub fn section<'d>(doc: &'d str, title: &str) -> Option<&'d str> {
    let head = format!("## {title}");
    let start = doc.find(&head)? + head.len();
    let rest = &doc[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Which rules run, and at which severity.
#[derive(Debug, Clone)]
pub struct RuleSet {
    enabled: Vec<bool>,
    severity: Vec<Severity>,
}

impl Default for RuleSet {
    fn default() -> Self {
        Self {
            enabled: vec![true; Rule::ALL.len()],
            severity: Rule::ALL.iter().map(|r| r.default_severity()).collect(),
        }
    }
}

impl RuleSet {
    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.enabled[rule as usize]
    }
    pub fn set_enabled(&mut self, rule: Rule, on: bool) {
        self.enabled[rule as usize] = on;
    }
    pub fn severity(&self, rule: Rule) -> Severity {
        self.severity[rule as usize]
    }
    pub fn set_severity(&mut self, rule: Rule, severity: Severity) {
        self.severity[rule as usize] = severity;
    }
}

/// What a file rule sees.
pub struct FileContext<'a> {
    pub doc: &'a Document,
    pub config: &'a Config,
    /// Path relative to the guides root, when the file is under it.
    pub rel_path: Option<&'a Path>,
    /// The page's locale (first folder under the guides root), when known.
    pub locale: Option<&'a str>,
    pub rules: &'a RuleSet,
}

/// Collects a file's findings; drops those of disabled rules.
pub struct Sink<'a> {
    ctx: &'a FileContext<'a>,
    pub findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(ctx: &'a FileContext<'a>) -> Self {
        Self {
            ctx,
            findings: Vec::new(),
        }
    }

    /// Whether `rule` runs on this file (enabled, and for this dialect).
    pub fn wants(&self, rule: Rule) -> bool {
        self.ctx.rules.is_enabled(rule)
            && match rule.dialects() {
                Dialects::All => true,
                Dialects::Only(d) => d == self.ctx.doc.dialect,
            }
    }

    /// Starts a finding; callers add help and fixes with the builder methods.
    pub fn finding(
        &self,
        rule: Rule,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity: self.ctx.rules.severity(rule),
            path: self.ctx.doc.path.clone(),
            range,
            message: message.into(),
            label: None,
            help: None,
            fix: None,
            related: Vec::new(),
        }
    }

    pub fn push(&mut self, finding: Finding) {
        if self.wants(finding.rule) {
            self.findings.push(finding);
        }
    }
}

/// Runs every file rule on one document.
pub fn check_file(ctx: &FileContext<'_>) -> Vec<Finding> {
    let mut sink = Sink::new(ctx);
    let components = component::components(ctx.doc, &ctx.config.file.components);
    let c = (ctx, &components[..]);
    unknown_identity::check(c, &mut sink);
    relative_component_path::check(c, &mut sink);
    missing_component_path::check(c, &mut sink);
    misnamed_default_attribute::check(c, &mut sink);
    missing_default::check(c, &mut sink);
    invalid_component_tag::check(c, &mut sink);
    missing_server_inputs::check(c, &mut sink);
    absolute_component_path::check(c, &mut sink);
    unknown_component_attribute::check(c, &mut sink);
    sanitized_component_attribute::check(c, &mut sink);
    sink.findings
}

/// A component rule's inputs: the file and its components.
pub type ComponentCheck<'a, 'b> = (&'a FileContext<'a>, &'b [component::Component<'a>]);
