//! GL404 missing-section: a source section with no aligned counterpart in the translation.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::finding::{Related, Severity};
use crate::translation::language_name;
use crate::workspace::Pair;

pub const RULE: RuleDef = RuleDef {
    id: Rule::MissingSection,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::Pair(check),
};

pub fn check(pairs: &[Pair<'_>], sink: &mut Sink<'_>) {
    let rule = Rule::MissingSection;
    for p in pairs {
        if p.report.page_untranslated || !sink.wants_on(rule, p.target) {
            continue;
        }
        let (src, tgt) = (p.source_units, p.target_units);
        let al = &p.report.alignment;
        let source = language_name(&p.source.locale.clone().unwrap_or_default());
        for &i in &p.report.missing_sections {
            let sec = &src.sections[i];
            // Where the section belongs: before the translation of the next aligned section.
            let next = (i + 1..src.sections.len()).find_map(|k| al.source_sections[k]);
            let range = match next {
                Some(j) => {
                    let t = &tgt.sections[j];
                    t.heading
                        .map(|h| tgt.units[h].range.clone())
                        .unwrap_or(t.range.start..t.range.start)
                }
                None => {
                    let end = tgt.units.last().map_or(tgt.body_start, |u| u.range.end);
                    end..end
                }
            };
            let where_ = if next.is_some() {
                "it belongs before this section"
            } else {
                "it belongs at the end of the page"
            };
            let heading_range = sec
                .heading
                .map(|h| src.units[h].range.clone())
                .unwrap_or(sec.range.start..sec.range.start);
            sink.push(
                sink.finding_on(
                    rule,
                    p.target,
                    range,
                    format!(
                        "{source} {} (line {}) has no counterpart in the translation",
                        sec.name(),
                        sec.line
                    ),
                )
                .with_label(where_)
                .with_help(format!(
                    "translate the section from `{}` line {}",
                    p.source_rel(),
                    sec.line
                ))
                .with_related(Related {
                    path: p.source.path.clone(),
                    range: heading_range,
                    message: "the missing section".into(),
                }),
            );
        }
    }
}
