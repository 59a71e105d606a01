//! GL001 unused-suppression: a `guide-lint-disable` comment that silences nothing. Judged by the
//! sink's final pass, after every other rule has run (`src/suppress.rs` reads the comments).

use super::{Check, Dialects, Rule, RuleDef};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnusedSuppression,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Suppressions,
};
