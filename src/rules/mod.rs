//! The rules. Each rule is one file, `src/rules/<name>.rs`, that declares what the rule does in
//! a [`RuleDef`] (`pub const RULE`) next to its check function; its user documentation is
//! `rules/<CODE>-<name>.md`. The one list of rules, a line each, is `rule_list!` in
//! `src/rule.rs`: the registry below is made from it. `docs/adding-a-rule.md` walks through
//! adding one.
//!
//! Rules only report: every finding goes to the [`Sink`], and the sink's final pass
//! ([`support::sink::settle`]) alone decides which findings are kept (each file's rule set and dialect,
//! its severities, its suppression comments).

use std::cell::OnceCell;
use std::path::Path;

use crate::config::Config;
use crate::document::{Dialect, Document};
use crate::finding::{Finding, Severity};
use crate::workspace::{Pair, WorkspaceContext};

pub use crate::rule::Rule;
pub use support::sink::{PageRules, Sink};

pub mod component;
pub mod support;

/// What a rule is and does, declared by the rule's own file:
///
/// ```ignore
/// pub const RULE: RuleDef = RuleDef {
///     id: Rule::NestedStrong,
///     severity: Severity::Warning,
///     dialects: Dialects::All,
///     check: Check::File(check),
/// };
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RuleDef {
    /// The rule's id: its line in `rule_list!` (`src/rule.rs`) gives its code and name.
    pub id: Rule,
    /// The severity unless the configuration changes it.
    pub severity: Severity,
    /// The dialects whose pages the rule checks.
    pub dialects: Dialects,
    /// What the rule looks at (its scope), and the function that looks.
    pub check: Check,
}

/// Which dialects a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialects {
    All,
    Only(Dialect),
}

impl Dialects {
    /// Whether a page of `dialect` is checked.
    pub fn include(self, dialect: Dialect) -> bool {
        match self {
            Dialects::All => true,
            Dialects::Only(d) => d == dialect,
        }
    }
}

/// A rule's scope and check function: one signature per scope.
#[derive(Clone, Copy)]
pub enum Check {
    /// One page at a time (in parallel), on its parsed [`Document`].
    File(fn(&FileContext<'_>, &mut Sink<'_>)),
    /// All pages at once, on their summaries (links to other pages, ids, assets, locales).
    Workspace(fn(&WorkspaceContext<'_>, &mut Sink<'_>)),
    /// Each translation with its source page, aligned unit by unit.
    Pair(fn(&[Pair<'_>], &mut Sink<'_>)),
    /// Judged by the sink's final pass from the pages' suppression comments (GL001, GL002).
    Suppressions,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Check::File(_) => "File",
            Check::Workspace(_) => "Workspace",
            Check::Pair(_) => "Pair",
            Check::Suppressions => "Suppressions",
        })
    }
}

/// The registry, made from the one list: a module per rule, its declaration and its doc.
macro_rules! registry {
    ($( $id:ident = $code:ident $name:literal $module:ident, )*) => {
        $( pub mod $module; )*

        /// Every rule's declaration, in the order of [`Rule::ALL`].
        pub static RULES: &[RuleDef] = &[ $( $module::RULE, )* ];

        /// Every rule's user documentation (Markdown), in the order of [`Rule::ALL`].
        static DOCS: &[&str] = &[
            $( include_str!(concat!("../../rules/", stringify!($code), "-", $name, ".md")), )*
        ];

        // Each rule file declares the rule its line in the list names.
        const _: () = {
            $(
                assert!(
                    $module::RULE.id as usize == Rule::$id as usize,
                    concat!("src/rules/", stringify!($module), ".rs does not declare ", stringify!($code)),
                );
            )*
        };
    };
}

crate::rule_list!(registry);

/// A rule's declaration.
pub fn def(rule: Rule) -> &'static RuleDef {
    &RULES[rule as usize]
}

/// What the registry knows of a rule, read from its file and its doc.
pub trait RuleMeta {
    /// The severity unless the configuration changes it.
    fn default_severity(self) -> Severity;
    /// The dialects whose pages the rule checks.
    fn dialects(self) -> Dialects;
    /// Whether the rule runs across pages (on their summaries), not on one page alone.
    fn is_workspace(&self) -> bool;
    /// The rule's user documentation (Markdown).
    fn doc(self) -> &'static str;
    /// The first line of the doc's "What it does": a one-sentence summary.
    fn summary(self) -> &'static str;
}

impl RuleMeta for Rule {
    fn default_severity(self) -> Severity {
        def(self).severity
    }
    fn dialects(self) -> Dialects {
        def(self).dialects
    }
    fn is_workspace(&self) -> bool {
        matches!(def(*self).check, Check::Workspace(_) | Check::Pair(_))
    }
    fn doc(self) -> &'static str {
        DOCS[self as usize]
    }
    fn summary(self) -> &'static str {
        section(self.doc(), "What it does")
            .and_then(|s| s.lines().map(str::trim).find(|l| !l.is_empty()))
            .unwrap_or("")
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
            severity: RULES.iter().map(|r| r.severity).collect(),
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

/// What a file rule sees: the page, and what several rules read of it, found once on first use.
pub struct FileContext<'a> {
    pub doc: &'a Document,
    pub config: &'a Config,
    /// Path relative to the guides root, when the file is under it.
    pub rel_path: Option<&'a Path>,
    /// The page's locale (first folder under the guides root), when known.
    pub locale: Option<&'a str>,
    pub rules: &'a RuleSet,
    components: OnceCell<Vec<component::Component<'a>>>,
    attr_blocks: OnceCell<Vec<support::attrs::AttrBlock>>,
    sized_images: OnceCell<Vec<crate::wikijs::imsize::SizedImage>>,
}

impl<'a> FileContext<'a> {
    pub fn new(
        doc: &'a Document,
        config: &'a Config,
        rel_path: Option<&'a Path>,
        locale: Option<&'a str>,
        rules: &'a RuleSet,
    ) -> Self {
        FileContext {
            doc,
            config,
            rel_path,
            locale,
            rules,
            components: OnceCell::new(),
            attr_blocks: OnceCell::new(),
            sized_images: OnceCell::new(),
        }
    }

    /// The page's components (`<a identity ...>` and the like).
    pub fn components(&self) -> &[component::Component<'a>] {
        self.components
            .get_or_init(|| component::components(self.doc, &self.config.file.components))
    }

    /// The page's `{...}` attribute blocks.
    pub fn attr_blocks(&self) -> &[support::attrs::AttrBlock] {
        self.attr_blocks
            .get_or_init(|| support::attrs::attr_blocks(self.doc, self.sized_images()))
    }

    /// The page's Wiki.js sized images (`![alt](src =WxH)`, [`Document::sized_images`]): read
    /// once, for the several rules that look at them.
    pub fn sized_images(&self) -> &[crate::wikijs::imsize::SizedImage] {
        self.sized_images.get_or_init(|| self.doc.sized_images())
    }
}

/// Runs every file rule on one document.
pub fn check_file(ctx: &FileContext<'_>) -> Vec<Finding> {
    let mut sink = Sink::for_page(ctx.rules, ctx.doc);
    for def in RULES {
        if let Check::File(check) = def.check
            && sink.wants(def.id)
        {
            check(ctx, &mut sink);
        }
    }
    sink.into_findings()
}

/// Runs every workspace rule of `rules`, then every translation-pair rule, on the page summaries
/// (phase 2).
///
/// `compared` holds what the comparison of links across pairs (GL406) reads of the pairs
/// compared before (in the file pass, or kept in the cache), by translation: with those this
/// pass compares, it is every pair's.
pub fn check_workspace(
    ctx: &WorkspaceContext<'_>,
    rules: &RuleSet,
    mut compared: translation_markup_mismatch::ComparedLinks,
) -> Vec<Finding> {
    let mut sink = Sink::for_pages(rules);
    for def in RULES {
        if let Check::Workspace(check) = def.check
            && sink.wants(def.id)
        {
            check(ctx, &mut sink);
        }
    }
    let pair_rules = || {
        RULES.iter().filter_map(|def| match def.check {
            Check::Pair(check) => Some((def.id, check)),
            _ => None,
        })
    };
    if pair_rules().any(|(id, _)| sink.wants(id)) {
        let pairs = ctx.translation_pairs();
        for (id, check) in pair_rules() {
            if sink.wants(id) {
                check(&pairs, &mut sink);
            }
        }
        if sink.wants(Rule::TranslationMarkupMismatch) {
            for p in &pairs {
                compared.insert(
                    p.target.path.clone(),
                    (
                        p.source.path.clone(),
                        translation_markup_mismatch::pair_links(p),
                    ),
                );
            }
            // The pairs of linked pages outside the pages checked (`fix` of some pages), where
            // their summaries hold their whole units: compared for their section ids alone.
            let source = ctx.config.file.source_locale.as_str();
            let whole = |i: usize| {
                ctx.pages[i]
                    .translation
                    .as_ref()
                    .is_some_and(|u| !u.outline)
            };
            let wanted: Vec<(usize, usize)> =
                translation_markup_mismatch::linked_pairs(ctx.pages, &compared, source)
                    .into_iter()
                    .filter(|&(t, s)| whole(t) && whole(s))
                    .collect();
            translation_markup_mismatch::compare_for_ids(
                ctx.pages,
                &wanted,
                ctx.translations_lock,
                source,
                &mut compared,
            );
            let found = translation_markup_mismatch::across_pairs(
                ctx.pages,
                &compared,
                &ctx.config.file.source_locale,
            );
            let mut findings = sink.into_findings();
            findings.extend(found);
            return findings;
        }
    }
    sink.into_findings()
}

/// Ranges sorted by start (nesting allowed, as for links around images), asked whether they
/// hold a position many times (a page's links, for each of its texts): by binary search,
/// then a look back through the 64 ranges that start last before it. With the furthest end
/// reached by each prefix, a position that every range starting before it ends before (most
/// positions) is answered without the look back.
pub(crate) struct SortedRanges {
    ranges: Vec<std::ops::Range<usize>>,
    /// `reach[i]`: the largest end among `ranges[..=i]`.
    reach: Vec<usize>,
    /// Whether the ranges are sorted by start, as [`SortedRanges::cursor`] needs to step
    /// through them (the binary search answers either way).
    sorted: bool,
}

impl SortedRanges {
    pub(crate) fn new(ranges: Vec<std::ops::Range<usize>>) -> Self {
        let mut furthest = 0;
        let reach = ranges
            .iter()
            .map(|r| {
                furthest = furthest.max(r.end);
                furthest
            })
            .collect();
        let sorted = ranges.is_sorted_by_key(|r| r.start);
        SortedRanges {
            ranges,
            reach,
            sorted,
        }
    }

    /// [`SortedRanges::contains`] for a rule that asks at (mostly) rising positions.
    pub(crate) fn cursor(&self) -> RangesCursor<'_> {
        RangesCursor { set: self, i: 0 }
    }

    /// Whether `at` falls inside one of the 64 ranges that start last at or before it; when
    /// no range that starts at or before it ends after it, none holds it.
    #[inline]
    pub(crate) fn contains(&self, at: usize) -> bool {
        if self.ranges.is_empty() {
            return false;
        }
        let i = self.ranges.partition_point(|r| r.start <= at);
        self.holds(i, at)
    }

    /// Whether one of the 64 ranges before `i` (the ranges that start at or before `at`)
    /// holds `at`.
    #[inline]
    fn holds(&self, i: usize, at: usize) -> bool {
        i > 0
            && self.reach[i - 1] > at
            && self.ranges[..i]
                .iter()
                .rev()
                .take(64)
                .any(|r| r.contains(&at))
    }
}

/// [`SortedRanges::contains`] with the count of ranges that start at or before the last
/// position asked, moved from there: a few steps forward at most before a binary search of
/// the rest, or searched again when the position lies before the last.
pub(crate) struct RangesCursor<'a> {
    set: &'a SortedRanges,
    i: usize,
}

impl RangesCursor<'_> {
    #[inline]
    pub(crate) fn contains(&mut self, at: usize) -> bool {
        let ranges = &self.set.ranges;
        if !self.set.sorted || ranges.is_empty() {
            return self.set.contains(at);
        }
        let i = crate::util::partition_from(ranges, self.i, at);
        self.i = i;
        self.set.holds(i, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The binary search and look back without the reach.
    fn in_sorted_ranges(ranges: &[std::ops::Range<usize>], at: usize) -> bool {
        let i = ranges.partition_point(|r| r.start <= at);
        ranges[..i].iter().rev().take(64).any(|r| r.contains(&at))
    }

    /// Ranges from (start, length) pairs, sorted by start or left as generated.
    fn ranges_of(pairs: Vec<(usize, usize)>, sorted: bool) -> Vec<std::ops::Range<usize>> {
        let mut ranges: Vec<std::ops::Range<usize>> =
            pairs.into_iter().map(|(s, n)| s..s + n).collect();
        if sorted {
            ranges.sort_by_key(|r| r.start);
        }
        ranges
    }

    proptest! {
        /// The ranges with their reach answer what the look back alone answers, sorted or
        /// not, nested or not.
        #[test]
        fn sorted_ranges_answer_as_the_look_back(
            ranges in proptest::collection::vec((0usize..300, 0usize..120), 0..150),
            sorted in any::<bool>(),
        ) {
            let ranges = ranges_of(ranges, sorted);
            let set = SortedRanges::new(ranges.clone());
            for at in 0..450 {
                prop_assert_eq!(set.contains(at), in_sorted_ranges(&ranges, at), "{}", at);
            }
        }

        /// The cursor answers what the look back answers, at positions that mostly rise, with
        /// jumps back and far ahead.
        #[test]
        fn ranges_cursor_answers_as_the_look_back(
            ranges in proptest::collection::vec((0usize..300, 0usize..120), 0..150),
            steps in proptest::collection::vec((0usize..10, 0usize..450), 0..200),
            sorted in any::<bool>(),
        ) {
            let ranges = ranges_of(ranges, sorted);
            let set = SortedRanges::new(ranges.clone());
            let mut cursor = set.cursor();
            let mut at = 0;
            for (kind, n) in steps {
                at = match kind {
                    0 => n,
                    1 => at + n,
                    _ => at + n % 12,
                };
                prop_assert_eq!(cursor.contains(at), in_sorted_ranges(&ranges, at), "{}", at);
            }
        }
    }
}
