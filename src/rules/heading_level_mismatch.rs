//! GL409 heading-level-mismatch: a translated heading at another level than its source's.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Related, Severity};
use crate::translation::language_name;
use crate::workspace::Pair;

pub const RULE: RuleDef = RuleDef {
    id: Rule::HeadingLevelMismatch,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Pair(check),
};

/// `#` written `level` times: how a level reads in a message.
fn marks(level: u8) -> String {
    "#".repeat(usize::from(level))
}

pub fn check(pairs: &[Pair<'_>], sink: &mut Sink<'_>) {
    let rule = Rule::HeadingLevelMismatch;
    for p in pairs {
        if p.report.page_untranslated || !sink.wants_on(rule, p.target) {
            continue;
        }
        let (src, tgt) = (p.source_units, p.target_units);
        let source = language_name(&p.source.locale.clone().unwrap_or_default());
        for m in &p.report.levels {
            let sec = &tgt.sections[m.section];
            let src_sec = &src.sections[m.source_section];
            let shifted = m.expected != src_sec.level;
            let help = if shifted {
                let k = m.expected.abs_diff(src_sec.level);
                format!(
                    "make it a level {} heading (`{} ...`): the page's other headings are {k} \
                     level{} {} the {source} page's, and its {source} heading (`{}` line {}) is \
                     level {}",
                    m.expected,
                    marks(m.expected),
                    if k == 1 { "" } else { "s" },
                    if m.expected > src_sec.level { "below" } else { "above" },
                    p.source_rel(),
                    src_sec.line,
                    src_sec.level
                )
            } else {
                format!(
                    "make it a level {} heading (`{} ...`), as its {source} heading is (`{}` line \
                     {}), so that the table of contents nests as in the {source} page",
                    m.expected,
                    marks(m.expected),
                    p.source_rel(),
                    src_sec.line
                )
            };
            let mut f = sink
                .finding_on(
                    rule,
                    p.target,
                    tgt.section_range(m.section),
                    if shifted {
                        format!(
                            "the heading of {} is level {} (`{}`); the page's outline puts it \
                             at level {}",
                            sec.name(),
                            m.level,
                            marks(m.level),
                            m.expected
                        )
                    } else {
                        format!(
                            "the heading of {} is level {} (`{}`); its {source} heading is level {}",
                            sec.name(),
                            m.level,
                            marks(m.level),
                            src_sec.level
                        )
                    },
                )
                .with_label(format!("level {} expected", m.expected))
                .with_help(help)
                .with_related(Related {
                    path: p.source.path.clone(),
                    range: src.section_range(m.source_section),
                    message: format!("the {source} heading, level {}", src_sec.level),
                });
            // The marks are rewritten where they are known to be: a `#` heading of the page
            // itself (not one from a file it includes, whose place is the include line).
            if sec.atx && tgt.included.is_none() {
                let start = sec.range.start;
                f = f.with_fix(
                    Applicability::Unsafe,
                    format!("make it a level {} heading", m.expected),
                    vec![Edit::replace(
                        start..start + usize::from(m.level),
                        marks(m.expected),
                    )],
                );
            }
            sink.push(f);
        }
    }
}
