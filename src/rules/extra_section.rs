//! GL405 extra-section: a translation section with no counterpart in the source page.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::translation::language_name;
use crate::workspace::Pair;
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::ExtraSection,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Pair(check),
};

pub fn check(pairs: &[Pair<'_>], sink: &mut Sink<'_>) {
    let rule = Rule::ExtraSection;
    for p in pairs {
        if p.report.page_untranslated || !sink.wants_on(rule, p.target) {
            continue;
        }
        let tgt = p.target_units;
        let source = language_name(&p.source.locale.clone().unwrap_or_default());
        for &j in &p.report.extra_sections {
            let sec = &tgt.sections[j];
            let range = tgt.section_range(j);
            sink.push(
                sink.finding_on(
                    rule,
                    p.target,
                    range,
                    format!("{} has no counterpart in the {source} page", sec.name()),
                )
                .with_label("not in the source page")
                .with_help(format!(
                    "add the section to `{}` first, or remove it here if the source dropped it",
                    p.source_rel()
                )),
            );
        }
    }
}
