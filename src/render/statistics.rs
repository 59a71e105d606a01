//! `--statistics`: how many findings each rule produced (instead of the findings).

use std::collections::BTreeMap;

use serde::Serialize;

use super::model;
use crate::CheckReport;
use crate::finding::{Applicability, Severity};

/// One rule's count (per severity, when per-path overrides give a rule several).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub count: usize,
    /// Of them, repaired by `--fix`.
    pub fixable: usize,
    /// Of them, repaired only by `--fix --unsafe-fixes`.
    pub unsafe_fixable: usize,
}

/// `--statistics --output-format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statistics {
    pub schema_version: u32,
    pub tool: model::Tool,
    pub summary: model::Summary,
    pub statistics: Vec<RuleCount>,
}

/// Counts per rule, most frequent first (then by code).
pub fn counts(report: &CheckReport) -> Vec<RuleCount> {
    let mut map: BTreeMap<(&'static str, Severity), RuleCount> = BTreeMap::new();
    for f in &report.findings {
        let e = map
            .entry((f.rule.code(), f.severity))
            .or_insert_with(|| RuleCount {
                code: f.rule.code(),
                name: f.rule.name(),
                severity: f.severity,
                count: 0,
                fixable: 0,
                unsafe_fixable: 0,
            });
        e.count += 1;
        match f.fix.as_ref().map(|x| x.applicability) {
            Some(Applicability::Safe) => e.fixable += 1,
            Some(Applicability::Unsafe) => e.unsafe_fixable += 1,
            _ => {}
        }
    }
    let mut v: Vec<RuleCount> = map.into_values().collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    v
}

/// A table: count, code, name, severity, and how many are fixable.
pub fn text(report: &CheckReport) -> String {
    let rows = counts(report);
    let count_w = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let name_w = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rows {
        let mut fix = Vec::new();
        if r.fixable > 0 {
            fix.push(format!("{} fixable", r.fixable));
        }
        if r.unsafe_fixable > 0 {
            fix.push(format!("{} unsafe-fixable", r.unsafe_fixable));
        }
        let line = format!(
            "{:>count_w$}  {}  {:<name_w$}  {:<7}  {}",
            r.count,
            r.code,
            r.name,
            r.severity.as_str(),
            fix.join(", ")
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn json(report: &CheckReport) -> String {
    let s = Statistics {
        schema_version: model::SCHEMA_VERSION,
        tool: model::TOOL,
        summary: model::summary(report),
        statistics: counts(report),
    };
    let mut out = serde_json::to_string_pretty(&s).unwrap_or_default();
    out.push('\n');
    out
}

/// One rule count per line.
pub fn json_lines(report: &CheckReport) -> String {
    counts(report)
        .iter()
        .map(|c| serde_json::to_string(c).unwrap_or_default() + "\n")
        .collect()
}
