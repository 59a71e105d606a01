//! GL002 invalid-suppression: a suppression comment guide-lint cannot act on (an unknown rule,
//! a misspelt directive, an `enable` without its `disable`). Judged by the sink's final pass from
//! the page's comments (`src/suppress.rs`).

use super::{Check, Dialects, Rule, RuleDef};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::InvalidSuppression,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Suppressions,
};
