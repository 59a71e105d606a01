//! The sink: where every rule's findings go, and the one place that decides which are kept.
//!
//! Rules push findings into a [`Sink`] (one per page in the file pass, one for the workspace
//! pass) and ask it whether a rule is wanted, to skip work nobody will see. Nothing is dropped
//! on the way in; [`settle`] then takes every finding of the run at once and applies, in this
//! order, for the page each finding is on:
//!
//! 1. the page must have been checked (pages read only as context get no findings);
//! 2. the rule must be enabled for the page (`select`, `ignore`, per-path overrides, the command
//!    line) and apply to its dialect;
//! 3. the page's severity for the rule (the `severity` settings);
//! 4. the page's suppression comments, which also yield GL001 and GL002.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::document::line_index::{ceil_char_boundary, floor_char_boundary};
use crate::document::{Dialect, Document};
use crate::finding::Finding;
use crate::rules::{Rule, RuleMeta, RuleSet, support::selector::RuleSettings};
use crate::suppress::FileSuppressions;
use crate::workspace::PageSummary;

/// Collects the findings of a pass.
pub struct Sink<'a> {
    rules: &'a RuleSet,
    /// The page of a file pass: its path, dialect and text.
    page: Option<(&'a Path, Dialect, &'a str)>,
    /// The page's path, shared by its findings (a hostile page can make millions).
    shared: Option<std::sync::Arc<Path>>,
    findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    /// The sink of one page's file rules.
    pub fn for_page(rules: &'a RuleSet, doc: &'a Document) -> Self {
        Sink {
            rules,
            page: Some((doc.path.as_path(), doc.dialect, doc.text.as_str())),
            shared: Some(std::sync::Arc::from(doc.path.as_path())),
            findings: Vec::new(),
        }
    }

    /// The sink of the workspace pass, with the rules enabled for at least one page.
    pub fn for_pages(rules: &'a RuleSet) -> Self {
        Sink {
            rules,
            page: None,
            shared: None,
            findings: Vec::new(),
        }
    }

    /// Whether anyone will see `rule`'s findings: it is enabled, and in a file pass it applies
    /// to the page's dialect.
    pub fn wants(&self, rule: Rule) -> bool {
        self.rules.is_enabled(rule)
            && self
                .page
                .is_none_or(|(_, dialect, _)| rule.dialects().include(dialect))
    }

    /// Whether anyone will see `rule`'s findings on `page` (a workspace pass): it is enabled,
    /// applies to the page's dialect, and the page was checked.
    pub fn wants_on(&self, rule: Rule, page: &PageSummary) -> bool {
        page.checked && self.rules.is_enabled(rule) && rule.dialects().include(page.dialect)
    }

    /// Starts a finding on the page of a file pass; callers add help and fixes with the
    /// builder methods.
    pub fn finding(
        &self,
        rule: Rule,
        range: Range<usize>,
        message: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Finding {
        let path = self.page.map(|(p, _, _)| p).unwrap_or(Path::new(""));
        self.new_finding(rule, path, range, message.into())
    }

    /// Starts a finding on `page` (a workspace pass).
    pub fn finding_on(
        &self,
        rule: Rule,
        page: &PageSummary,
        range: Range<usize>,
        message: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Finding {
        self.new_finding(rule, &page.path, range, message.into())
    }

    fn new_finding(
        &self,
        rule: Rule,
        path: &Path,
        range: Range<usize>,
        message: std::borrow::Cow<'static, str>,
    ) -> Finding {
        // The page's findings share its path.
        let path = match &self.shared {
            Some(shared) if **shared == *path => shared.clone(),
            _ => path.into(),
        };
        Finding {
            rule,
            severity: self.rules.severity(rule),
            path,
            range,
            message,
            label: None,
            help: None,
            fix: None,
            related: Vec::new(),
        }
    }

    /// [`Sink::push`] for a finding about `link`: one written in a file the page includes is
    /// placed on the include line, so its message names the file and no fix is offered (the
    /// text to edit is in the other file).
    pub fn push_for_link(&mut self, mut finding: Finding, link: &crate::workspace::LinkRef) {
        if link.included.is_some() {
            finding.message = format!("{}{}", finding.message, link.where_written()).into();
            finding.fix = None;
        }
        self.push(finding);
    }

    pub fn push(&mut self, mut finding: Finding) {
        if let Some((_, _, text)) = self.page {
            // Every renderer slices the text at a finding's range: keep it inside the text and
            // on character boundaries whatever a rule computed. (Fix edits are checked where
            // they are applied.)
            let start = floor_char_boundary(text, finding.range.start);
            let end = ceil_char_boundary(text, finding.range.end.clamp(start, text.len()));
            finding.range = start..end;
        }
        self.findings.push(finding);
    }

    /// The findings pushed, for [`settle`].
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// What the final pass knows of a checked page.
#[derive(Debug, Clone)]
pub struct PageRules {
    /// The page's rule set (its per-path overrides applied).
    pub rules: RuleSet,
    pub dialect: Dialect,
    pub suppressions: FileSuppressions,
}

/// The final pass over every finding of a run (file and workspace rules alike), by the page
/// each is on: see the module documentation. `pages` holds every checked page.
pub fn settle(
    findings: Vec<Finding>,
    mut pages: BTreeMap<PathBuf, PageRules>,
    settings: &RuleSettings,
) -> Vec<Finding> {
    // The suppressions are moved out first, so that the look-ups below borrow the pages
    // instead of copying each one's path and rule set.
    let mut suppressions: BTreeMap<PathBuf, FileSuppressions> = pages
        .iter_mut()
        .filter(|(_, s)| !s.suppressions.is_empty())
        .map(|(p, s)| (p.clone(), std::mem::take(&mut s.suppressions)))
        .collect();
    // Hashed look-ups (foldhash): a tree compares paths component by component, once per
    // finding.
    let lookup: foldhash::HashMap<&Path, &PageRules> =
        pages.iter().map(|(p, s)| (p.as_path(), s)).collect();
    let findings = findings
        .into_iter()
        .filter_map(|mut f| {
            let page = lookup.get(&*f.path)?;
            if !page.rules.is_enabled(f.rule) || !f.rule.dialects().include(page.dialect) {
                return None;
            }
            f.severity = page.rules.severity(f.rule);
            Some(f)
        })
        .collect();
    let base = settings.for_path(None);
    crate::suppress::apply(findings, &mut suppressions, &|p: &Path, rule| {
        let set = lookup.get(p).map_or(&base, |s| &s.rules);
        set.is_enabled(rule).then(|| set.severity(rule))
    })
}
