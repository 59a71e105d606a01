//! Rule ids: every rule's stable code and name, and the selectors that pick rules
//! (`ALL`, a code prefix such as `GL1`, a code, a name) in the configuration, on the command line
//! and in suppression comments.
//!
//! The one list of rules is [`crate::rule_list!`]: a line per rule, naming its id, code, name
//! and the module under `src/rules/` that declares what it does (default severity, dialects,
//! scope, check; see `docs/adding-a-rule.md`). Everything else about a rule is read from that
//! module.

use std::fmt;
use std::str::FromStr;

/// How serious a finding is. Rules have a default; configuration may change it. (Findings
/// carry it: `crate::finding` re-exports it.)
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// The one list of rules, in code order: `Id = CODE "name" module,`. The module is the file
/// `src/rules/<module>.rs` that declares the rule; its doc is `rules/<CODE>-<name>.md`; its
/// fixtures are `tests/fixtures/rules/<CODE>-<name>/`.
///
/// `rule_list!(then)` calls the macro `then!` with the list, so that the rule ids here, the
/// rule registry in `src/rules/mod.rs` and the rule tests in `tests/rules.rs` are all made from
/// it.
#[macro_export]
macro_rules! rule_list {
    ($then:ident) => {
        $then! {
            UnusedSuppression = GL001 "unused-suppression" unused_suppression,
            InvalidSuppression = GL002 "invalid-suppression" invalid_suppression,
            UnknownIdentity = GL101 "unknown-identity" unknown_identity,
            RelativeComponentPath = GL102 "relative-component-path" relative_component_path,
            MissingComponentPath = GL103 "missing-component-path" missing_component_path,
            MisnamedDefaultAttribute = GL104 "misnamed-default-attribute" misnamed_default_attribute,
            MissingDefault = GL105 "missing-default" missing_default,
            InvalidComponentTag = GL106 "invalid-component-tag" invalid_component_tag,
            MissingServerInputs = GL107 "missing-server-inputs" missing_server_inputs,
            AbsoluteComponentPath = GL108 "absolute-component-path" absolute_component_path,
            UnknownComponentAttribute = GL109 "unknown-component-attribute" unknown_component_attribute,
            SanitizedComponentAttribute = GL110 "sanitized-component-attribute" sanitized_component_attribute,
            UnsupportedComponentElement = GL111 "unsupported-component-element" unsupported_component_element,
            EscapedComponent = GL112 "escaped-component" escaped_component,
            BrokenAnchor = GL201 "broken-anchor" broken_anchor,
            BrokenPageLink = GL202 "broken-page-link" broken_page_link,
            FileStylePageLink = GL203 "file-style-page-link" file_style_page_link,
            MissingAsset = GL204 "missing-asset" missing_asset,
            FilenameAltText = GL205 "filename-alt-text" filename_alt_text,
            WrongLocaleLink = GL206 "wrong-locale-link" wrong_locale_link,
            DomClobberedId = GL207 "dom-clobbered-id" dom_clobbered_id,
            LinkifiedFileName = GL208 "linkified-file-name" linkified_file_name,
            DuplicateId = GL209 "duplicate-id" duplicate_id,
            MissingSnippet = GL210 "missing-snippet" missing_snippet,
            MkdocsSyntaxInWikijs = GL301 "mkdocs-syntax-in-wikijs" mkdocs_syntax_in_wikijs,
            UnquotedAdmonitionTitle = GL302 "unquoted-admonition-title" unquoted_admonition_title,
            UnknownCalloutClass = GL303 "unknown-callout-class" unknown_callout_class,
            MisplacedCalloutClass = GL304 "misplaced-callout-class" misplaced_callout_class,
            SelfClosingNonVoid = GL305 "self-closing-non-void" self_closing_non_void,
            NestedStrong = GL306 "nested-strong" nested_strong,
            InvalidFrontMatter = GL307 "invalid-front-matter" invalid_front_matter,
            StrayEmphasisMarker = GL308 "stray-emphasis-marker" stray_emphasis_marker,
            UnbalancedParentheses = GL309 "unbalanced-parentheses" unbalanced_parentheses,
            SwallowedBraceText = GL310 "swallowed-brace-text" swallowed_brace_text,
            InvalidImageSize = GL311 "invalid-image-size" invalid_image_size,
            UnsupportedAttribute = GL312 "unsupported-attribute" unsupported_attribute,
            PagePathCollision = GL313 "page-path-collision" page_path_collision,
            UnsafeHtml = GL314 "unsafe-html" unsafe_html,
            EditorOnlyMarkup = GL315 "editor-only-markup" editor_only_markup,
            DroppedFenceAttributes = GL316 "dropped-fence-attributes" dropped_fence_attributes,
            InvalidPagePath = GL317 "invalid-page-path" invalid_page_path,
            EmptyTabset = GL318 "empty-tabset" empty_tabset,
            UnconvertibleContentTabs = GL319 "unconvertible-content-tabs" unconvertible_content_tabs,
            ConflictMarker = GL320 "conflict-marker" conflict_marker,
            MkdocsExtensionNotEnabled = GL321 "mkdocs-extension-not-enabled" mkdocs_extension_not_enabled,
            AdmonitionBodyAsCode = GL322 "admonition-body-as-code" admonition_body_as_code,
            MalformedAttributeList = GL323 "malformed-attribute-list" malformed_attribute_list,
            TabsetSwallowsSections = GL324 "tabset-swallows-sections" tabset_swallows_sections,
            UnindentedBlockBody = GL325 "unindented-block-body" unindented_block_body,
            UnclosedKeys = GL326 "unclosed-keys" unclosed_keys,
            UndefinedFootnote = GL327 "undefined-footnote" undefined_footnote,
            ContentTabsAsSections = GL328 "content-tabs-as-sections" content_tabs_as_sections,
            UnreadFenceHeader = GL329 "unread-fence-header" unread_fence_header,
            UnclosedCodeFence = GL330 "unclosed-code-fence" unclosed_code_fence,
            UndefinedReferenceLink = GL331 "undefined-reference-link" undefined_reference_link,
            DroppedTableCell = GL332 "dropped-table-cell" dropped_table_cell,
            UnreadTable = GL333 "unread-table" unread_table,
            MissingTranslation = GL401 "missing-translation" missing_translation,
            UntranslatedPage = GL402 "untranslated-page" untranslated_page,
            UntranslatedText = GL403 "untranslated-text" untranslated_text,
            MissingSection = GL404 "missing-section" missing_section,
            ExtraSection = GL405 "extra-section" extra_section,
            TranslationMarkupMismatch = GL406 "translation-markup-mismatch" translation_markup_mismatch,
            OutdatedTranslation = GL407 "outdated-translation" outdated_translation,
            OrphanTranslation = GL408 "orphan-translation" orphan_translation,
            HeadingLevelMismatch = GL409 "heading-level-mismatch" heading_level_mismatch,
        }
    };
}

macro_rules! rule_ids {
    ($( $id:ident = $code:ident $name:literal $module:ident, )*) => {
        /// A rule, by its stable code and name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $( $id, )* }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$id, )* ];

            pub fn code(self) -> &'static str {
                match self { $( Rule::$id => stringify!($code), )* }
            }

            pub fn name(self) -> &'static str {
                match self { $( Rule::$id => $name, )* }
            }

            /// The rule's doc file under `rules/`: `<CODE>-<name>.md`.
            pub fn doc_file(self) -> &'static str {
                match self { $( Rule::$id => concat!(stringify!($code), "-", $name, ".md"), )* }
            }
        }
    };
}

rule_list!(rule_ids);

impl Rule {
    /// Parses a code (`GL102`, case-insensitive) or a name (`relative-component-path`).
    pub fn parse(s: &str) -> Option<Rule> {
        let s = s.trim();
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(s) || r.name() == s)
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

/// Picks a set of rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    /// Every rule.
    All,
    /// Every rule whose code starts with this (upper-case) prefix, e.g. `GL1` or `GL10`.
    Prefix(String),
    /// One rule, by code or name.
    Rule(Rule),
}

impl Selector {
    pub fn matches(&self, rule: Rule) -> bool {
        match self {
            Selector::All => true,
            Selector::Prefix(p) => rule.code().starts_with(p.as_str()),
            Selector::Rule(r) => *r == rule,
        }
    }

    /// How specific the selector is: a larger number wins.
    pub fn specificity(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Prefix(p) => p.len(),
            Selector::Rule(_) => usize::MAX,
        }
    }

    /// The rules it selects.
    pub fn rules(&self) -> impl Iterator<Item = Rule> + '_ {
        Rule::ALL.iter().copied().filter(|r| self.matches(*r))
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::All => f.write_str("ALL"),
            Selector::Prefix(p) => f.write_str(p),
            Selector::Rule(r) => f.write_str(r.code()),
        }
    }
}

/// Why a selector was rejected; the message names the closest valid selector when one is near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError(pub String);

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SelectorError {}

impl FromStr for Selector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("all") {
            return Ok(Selector::All);
        }
        if let Some(rule) = Rule::parse(t) {
            return Ok(Selector::Rule(rule));
        }
        let upper = t.to_ascii_uppercase();
        let is_prefix_shape = upper.len() >= 2
            && upper.starts_with("GL")
            && upper[2..].bytes().all(|b| b.is_ascii_digit());
        if is_prefix_shape && Rule::ALL.iter().any(|r| r.code().starts_with(&upper)) {
            return Ok(Selector::Prefix(upper));
        }
        let mut message = if t.is_empty() {
            "empty rule selector".to_string()
        } else if is_prefix_shape {
            format!("rule selector `{t}` matches no rule")
        } else {
            format!("unknown rule `{t}`")
        };
        if let Some(guess) = closest_rule(t) {
            message.push_str(&format!("; did you mean `{guess}`?"));
        } else if !t.is_empty() {
            message.push_str(
                "; use a code (`GL102`), a code prefix (`GL1`), a rule name or `ALL` \
                 (`guide-lint rules` lists them)",
            );
        }
        Err(SelectorError(message))
    }
}

impl<'de> serde::Deserialize<'de> for Selector {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Parsing inside the visitor lets the YAML reader attach the scalar's position to the
        // error.
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Selector;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a rule code, code prefix, rule name or `ALL`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Selector, E> {
                s.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// One layer of rule settings (the configuration, a per-path override, or the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleLayer {
    /// Replaces the enabled set when present.
    pub select: Option<Vec<Selector>>,
    /// Adds rules.
    pub extend_select: Vec<Selector>,
    /// Removes rules.
    pub ignore: Vec<Selector>,
    /// Severity per selector, in the order written (most specific wins, then the last).
    pub severity: Vec<(Selector, Severity)>,
}

impl RuleLayer {
    /// Whether the layer changes nothing.
    pub fn is_empty(&self) -> bool {
        self.select.is_none()
            && self.extend_select.is_empty()
            && self.ignore.is_empty()
            && self.severity.is_empty()
    }
}

/// The rule code or name closest to a mistyped one (`GL1O2` -> `GL102`), if any is close.
pub fn closest_rule(typed: &str) -> Option<&'static str> {
    // A code written with a letter that looks like a digit (`GL1O2`, `GL2l0`, `GL10S`): one
    // rule, though other codes are as few edits away.
    if let Some(digits) = typed
        .get(2..)
        .filter(|_| typed[..2].eq_ignore_ascii_case("GL"))
    {
        let digits: String = digits
            .chars()
            .map(|c| match c {
                'O' | 'o' => '0',
                'I' | 'l' | 'i' => '1',
                'Z' | 'z' => '2',
                'S' | 's' => '5',
                'B' => '8',
                c => c,
            })
            .collect();
        let code = format!("GL{digits}");
        if let Some(r) = Rule::ALL.iter().find(|r| r.code() == code) {
            return Some(r.code());
        }
    }
    let candidates = Rule::ALL
        .iter()
        .flat_map(|r| [r.code(), r.name()])
        .collect::<Vec<_>>();
    crate::util::closest(
        typed,
        candidates.iter().copied(),
        crate::util::Nearness::TYPO,
    )
}

#[cfg(test)]
mod tests {
    use super::closest_rule;

    #[test]
    fn a_mistyped_rule_gets_the_one_it_was_likely_meant_for() {
        // A letter for a digit, though every `GL1x2` is one edit away.
        assert_eq!(closest_rule("GL1O2"), Some("GL102"));
        assert_eq!(closest_rule("gl1o2"), Some("GL102"));
        assert_eq!(closest_rule("GL2l0"), Some("GL210"));
        assert_eq!(closest_rule("GL10S"), Some("GL105"));
        assert_eq!(closest_rule("nested-strng"), Some("nested-strong"));
        // One edit from several codes: no guess.
        assert_eq!(closest_rule("GL1X2"), None);
        assert_eq!(closest_rule("GLé"), None);
    }
}
