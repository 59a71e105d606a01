//! GL406 translation-markup-mismatch: aligned sections differ in language-neutral content
//! (components, link targets, code, images).

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::translation::language_name;
use crate::workspace::Pair;
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::TranslationMarkupMismatch,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Pair(check),
};

pub fn check(pairs: &[Pair<'_>], sink: &mut Sink<'_>) {
    let rule = Rule::TranslationMarkupMismatch;
    for p in pairs {
        if p.report.page_untranslated || !sink.wants_on(rule, p.target) {
            continue;
        }
        let tgt = p.target_units;
        let source = language_name(&p.source.locale.clone().unwrap_or_default());
        for m in &p.report.mismatches {
            let sec = &tgt.sections[m.section];
            let src_line = m.source_line;
            let mut parts = Vec::new();
            if !m.missing.is_empty() {
                parts.push(format!("missing here: {}", m.missing.join(", ")));
            }
            if !m.extra.is_empty() {
                parts.push(format!(
                    "not in the {source} section: {}",
                    m.extra.join(", ")
                ));
            }
            let label = if m.extra.is_empty() {
                format!("{} missing", m.missing.len())
            } else if m.missing.is_empty() {
                format!("{} not in the {source}", m.extra.len())
            } else {
                format!(
                    "{} missing, {} not in the {source}",
                    m.missing.len(),
                    m.extra.len()
                )
            };
            sink.push(
                sink.finding_on(
                    rule,
                    p.target,
                    m.range.clone(),
                    format!(
                        "{} differs from its {source} section in links, code, components or callouts",
                        sec.name()
                    ),
                )
                .with_label(label)
                .with_help(match m.source_code_body {
                    Some(line) => format!(
                        "{}; keep them as in `{}` line {src_line} (its line {line} shows prose as \
                         a code block, GL322: correct the {source} page there, do not copy it)",
                        parts.join("; "),
                        p.source_rel()
                    ),
                    None => format!(
                        "{}; keep them as in `{}` line {src_line}",
                        parts.join("; "),
                        p.source_rel()
                    ),
                }),
            );
        }
    }
}
