//! The rule registry: typed rule ids, defaults, docs, and the per-file runner.
//!
//! One rule, one file. Each file holds the rule's check function; its user documentation lives
//! in `rules/<CODE>-<name>.md` and is compiled in with `include_str!`.

use std::path::Path;

use crate::config::Config;
use crate::document::{Dialect, Document};
use crate::finding::{Finding, Severity};
use crate::workspace::{WorkspaceContext, WorkspaceSink};

pub mod component;
pub mod support;

mod absolute_component_path;
mod broken_anchor;
mod broken_page_link;
pub mod conflict_marker;
mod dom_clobbered_id;
mod dropped_fence_attributes;
mod duplicate_id;
mod editor_only_markup;
mod empty_tabset;
mod escaped_component;
mod extra_section;
mod file_style_page_link;
mod filename_alt_text;
mod invalid_component_tag;
mod invalid_front_matter;
mod invalid_image_size;
mod invalid_page_path;
mod linkified_file_name;
mod misnamed_default_attribute;
mod misplaced_callout_class;
mod missing_asset;
mod missing_component_path;
mod missing_default;
mod missing_section;
mod missing_server_inputs;
mod missing_translation;
pub mod mkdocs_extension_not_enabled;
mod mkdocs_syntax_in_wikijs;
mod nested_strong;
mod orphan_translation;
mod outdated_translation;
mod page_path_collision;
mod relative_component_path;
mod sanitized_component_attribute;
mod self_closing_non_void;
mod stray_emphasis_marker;
mod swallowed_brace_text;
mod translation_markup_mismatch;
mod unbalanced_parentheses;
pub mod unconvertible_content_tabs;
mod unknown_callout_class;
mod unknown_component_attribute;
mod unknown_identity;
mod unquoted_admonition_title;
mod unsafe_html;
mod unsupported_attribute;
mod unsupported_component_element;
mod untranslated_page;
pub mod untranslated_text;
mod wrong_locale_link;

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
    UnsupportedComponentElement = "GL111", "unsupported-component-element", Error, All, "GL111-unsupported-component-element.md";
    EscapedComponent = "GL112", "escaped-component", Error, All, "GL112-escaped-component.md";
    BrokenAnchor = "GL201", "broken-anchor", Error, All, "GL201-broken-anchor.md";
    BrokenPageLink = "GL202", "broken-page-link", Error, All, "GL202-broken-page-link.md";
    FileStylePageLink = "GL203", "file-style-page-link", Error, Dialects::Only(Dialect::Wikijs), "GL203-file-style-page-link.md";
    MissingAsset = "GL204", "missing-asset", Error, All, "GL204-missing-asset.md";
    FilenameAltText = "GL205", "filename-alt-text", Warning, All, "GL205-filename-alt-text.md";
    WrongLocaleLink = "GL206", "wrong-locale-link", Warning, All, "GL206-wrong-locale-link.md";
    DomClobberedId = "GL207", "dom-clobbered-id", Warning, Dialects::Only(Dialect::Wikijs), "GL207-dom-clobbered-id.md";
    LinkifiedFileName = "GL208", "linkified-file-name", Warning, Dialects::Only(Dialect::Wikijs), "GL208-linkified-file-name.md";
    DuplicateId = "GL209", "duplicate-id", Warning, All, "GL209-duplicate-id.md";
    MkdocsSyntaxInWikijs = "GL301", "mkdocs-syntax-in-wikijs", Error, Dialects::Only(Dialect::Wikijs), "GL301-mkdocs-syntax-in-wikijs.md";
    UnquotedAdmonitionTitle = "GL302", "unquoted-admonition-title", Error, Dialects::Only(Dialect::Mkdocs), "GL302-unquoted-admonition-title.md";
    UnknownCalloutClass = "GL303", "unknown-callout-class", Warning, Dialects::Only(Dialect::Wikijs), "GL303-unknown-callout-class.md";
    MisplacedCalloutClass = "GL304", "misplaced-callout-class", Error, Dialects::Only(Dialect::Wikijs), "GL304-misplaced-callout-class.md";
    SelfClosingNonVoid = "GL305", "self-closing-non-void", Error, All, "GL305-self-closing-non-void.md";
    NestedStrong = "GL306", "nested-strong", Warning, All, "GL306-nested-strong.md";
    InvalidFrontMatter = "GL307", "invalid-front-matter", Error, Dialects::Only(Dialect::Wikijs), "GL307-invalid-front-matter.md";
    StrayEmphasisMarker = "GL308", "stray-emphasis-marker", Warning, All, "GL308-stray-emphasis-marker.md";
    UnbalancedParentheses = "GL309", "unbalanced-parentheses", Warning, All, "GL309-unbalanced-parentheses.md";
    SwallowedBraceText = "GL310", "swallowed-brace-text", Error, All, "GL310-swallowed-brace-text.md";
    InvalidImageSize = "GL311", "invalid-image-size", Error, Dialects::Only(Dialect::Wikijs), "GL311-invalid-image-size.md";
    UnsupportedAttribute = "GL312", "unsupported-attribute", Warning, Dialects::Only(Dialect::Wikijs), "GL312-unsupported-attribute.md";
    PagePathCollision = "GL313", "page-path-collision", Error, All, "GL313-page-path-collision.md";
    UnsafeHtml = "GL314", "unsafe-html", Error, All, "GL314-unsafe-html.md";
    EditorOnlyMarkup = "GL315", "editor-only-markup", Warning, Dialects::Only(Dialect::Wikijs), "GL315-editor-only-markup.md";
    DroppedFenceAttributes = "GL316", "dropped-fence-attributes", Warning, Dialects::Only(Dialect::Wikijs), "GL316-dropped-fence-attributes.md";
    InvalidPagePath = "GL317", "invalid-page-path", Error, All, "GL317-invalid-page-path.md";
    EmptyTabset = "GL318", "empty-tabset", Error, Dialects::Only(Dialect::Wikijs), "GL318-empty-tabset.md";
    UnconvertibleContentTabs = "GL319", "unconvertible-content-tabs", Error, Dialects::Only(Dialect::Mkdocs), "GL319-unconvertible-content-tabs.md";
    ConflictMarker = "GL320", "conflict-marker", Error, All, "GL320-conflict-marker.md";
    MkdocsExtensionNotEnabled = "GL321", "mkdocs-extension-not-enabled", Error, Dialects::Only(Dialect::Mkdocs), "GL321-mkdocs-extension-not-enabled.md";
    MissingTranslation = "GL401", "missing-translation", Info, All, "GL401-missing-translation.md";
    UntranslatedPage = "GL402", "untranslated-page", Error, All, "GL402-untranslated-page.md";
    UntranslatedText = "GL403", "untranslated-text", Error, All, "GL403-untranslated-text.md";
    MissingSection = "GL404", "missing-section", Error, All, "GL404-missing-section.md";
    ExtraSection = "GL405", "extra-section", Warning, All, "GL405-extra-section.md";
    TranslationMarkupMismatch = "GL406", "translation-markup-mismatch", Warning, All, "GL406-translation-markup-mismatch.md";
    OutdatedTranslation = "GL407", "outdated-translation", Warning, All, "GL407-outdated-translation.md";
    OrphanTranslation = "GL408", "orphan-translation", Warning, All, "GL408-orphan-translation.md";
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

/// Rules are stored by code (the cache), so a stored finding never names the wrong rule.
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code() == code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule code `{code}`")))
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
use crate::document::line_index::floor_char_boundary;

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

    pub fn push(&mut self, mut finding: Finding) {
        if self.wants(finding.rule) {
            // Every renderer slices the text at a finding's range: keep it inside the text and
            // on character boundaries whatever a rule computed. (Fix edits are checked where
            // they are applied.)
            let text = &self.ctx.doc.text;
            let start = floor_char_boundary(text, finding.range.start);
            let mut end = finding.range.end.clamp(start, text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            finding.range = start..end;
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
    unsupported_component_element::check(c, &mut sink);
    escaped_component::check(ctx, &mut sink);
    filename_alt_text::check(ctx, &mut sink);
    linkified_file_name::check(ctx, &mut sink);
    // Attribute blocks, found once for the three rules that read them.
    let attr_rules = [
        Rule::MkdocsSyntaxInWikijs,
        Rule::SwallowedBraceText,
        Rule::UnsupportedAttribute,
        Rule::MkdocsExtensionNotEnabled,
    ];
    let blocks = if attr_rules.iter().any(|r| sink.wants(*r)) {
        support::attrs::attr_blocks(ctx.doc)
    } else {
        Vec::new()
    };
    mkdocs_syntax_in_wikijs::check(ctx, &blocks, &mut sink);
    unquoted_admonition_title::check(ctx, &mut sink);
    unknown_callout_class::check(ctx, &mut sink);
    misplaced_callout_class::check(ctx, &mut sink);
    self_closing_non_void::check(ctx, &mut sink);
    nested_strong::check(ctx, &mut sink);
    invalid_front_matter::check(ctx, &mut sink);
    stray_emphasis_marker::check(ctx, &mut sink);
    unbalanced_parentheses::check(ctx, &mut sink);
    swallowed_brace_text::check(ctx, &blocks, &mut sink);
    invalid_image_size::check(ctx, &mut sink);
    unsupported_attribute::check(ctx, &blocks, &mut sink);
    unsafe_html::check(ctx, &mut sink);
    editor_only_markup::check(ctx, &mut sink);
    dropped_fence_attributes::check(ctx, &mut sink);
    invalid_page_path::check(ctx, &mut sink);
    empty_tabset::check(ctx, &mut sink);
    unconvertible_content_tabs::check(ctx, &mut sink);
    conflict_marker::check(ctx, &mut sink);
    mkdocs_extension_not_enabled::check(ctx, &blocks, &mut sink);
    sink.findings
}

impl Rule {
    /// Whether the rule runs in the workspace phase (on page summaries) rather than on one
    /// page: see [`check_workspace`].
    pub fn is_workspace(self) -> bool {
        matches!(
            self,
            Rule::BrokenAnchor
                | Rule::BrokenPageLink
                | Rule::FileStylePageLink
                | Rule::MissingAsset
                | Rule::WrongLocaleLink
                | Rule::DomClobberedId
                | Rule::DuplicateId
                | Rule::PagePathCollision
                | Rule::MissingTranslation
                | Rule::UntranslatedPage
                | Rule::UntranslatedText
                | Rule::MissingSection
                | Rule::ExtraSection
                | Rule::TranslationMarkupMismatch
                | Rule::OutdatedTranslation
                | Rule::OrphanTranslation
        )
    }
}

/// Runs every workspace rule on the page summaries (phase 2), with the same filtering as
/// [`check_file`]: disabled rules, rules of another dialect, and pages that were only
/// summarised for context produce nothing.
pub fn check_workspace(ctx: &WorkspaceContext<'_>) -> Vec<Finding> {
    let mut sink = WorkspaceSink::new(ctx);
    broken_anchor::check(ctx, &mut sink);
    broken_page_link::check(ctx, &mut sink);
    file_style_page_link::check(ctx, &mut sink);
    missing_asset::check(ctx, &mut sink);
    wrong_locale_link::check(ctx, &mut sink);
    dom_clobbered_id::check(ctx, &mut sink);
    duplicate_id::check(ctx, &mut sink);
    page_path_collision::check(ctx, &mut sink);
    missing_translation::check(ctx, &mut sink);
    orphan_translation::check(ctx, &mut sink);
    const PAIR_RULES: &[Rule] = &[
        Rule::UntranslatedPage,
        Rule::UntranslatedText,
        Rule::MissingSection,
        Rule::ExtraSection,
        Rule::TranslationMarkupMismatch,
        Rule::OutdatedTranslation,
    ];
    if PAIR_RULES.iter().any(|r| sink.wants(*r)) {
        let pairs = crate::translation::workspace_pairs(ctx);
        untranslated_page::check(&pairs, &mut sink);
        untranslated_text::check(&pairs, &mut sink);
        missing_section::check(&pairs, &mut sink);
        extra_section::check(&pairs, &mut sink);
        translation_markup_mismatch::check(&pairs, &mut sink);
        outdated_translation::check(&pairs, &mut sink);
    }
    sink.findings
}

/// Whether `at` falls inside one of `ranges`, which are sorted by start (nesting allowed, as
/// for links around images). Binary search, then a bounded look back.
pub(crate) fn in_sorted_ranges(ranges: &[std::ops::Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.start <= at);
    ranges[..i].iter().rev().take(64).any(|r| r.contains(&at))
}

/// A component rule's inputs: the file and its components.
pub type ComponentCheck<'a, 'b> = (&'a FileContext<'a>, &'b [component::Component<'a>]);
