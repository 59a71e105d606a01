//! GL407 outdated-translation: the source text of an aligned unit changed since the
//! translation was accepted (`translations.lock`), or the source page has a unit added since,
//! in a section the translation has.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::finding::{Related, Severity};
use crate::translation::language_name;
use crate::workspace::Pair;

pub const RULE: RuleDef = RuleDef {
    id: Rule::OutdatedTranslation,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::Pair(check),
};

pub fn check(pairs: &[Pair<'_>], sink: &mut Sink<'_>) {
    let rule = Rule::OutdatedTranslation;
    for p in pairs {
        if !sink.wants_on(rule, p.target) {
            continue;
        }
        let source = language_name(&p.source.locale.clone().unwrap_or_default());
        for o in &p.report.outdated {
            let u = &p.target_units.units[o.unit];
            let su = &p.source_units.units[o.source_unit];
            sink.push(
                sink.finding_on(
                    rule,
                    p.target,
                    u.range.clone(),
                    format!(
                        "the {source} {} changed since this translation was accepted",
                        su.kind.describe()
                    ),
                )
                .with_label(format!("translated from the old {source}"))
                .with_help(format!(
                    "{source} before: \"{}\"\n{source} now:    \"{}\"\nupdate the translation, then run `guide-lint translations accept {}`",
                    o.before,
                    o.after,
                    p.target_rel()
                ))
                .with_related(Related {
                    path: p.source.path.clone(),
                    range: su.range.clone(),
                    message: format!("the {source} text now"),
                }),
            );
        }
        for a in &p.report.added {
            let su = &p.source_units.units[a.source_unit];
            let kind = su.kind.describe();
            // After the unit it follows, or at the section's heading (its start, for the
            // intro).
            let (range, label) = match a.after {
                Some(t) => (
                    p.target_units.units[t].range.clone(),
                    format!("the new {kind} belongs after this"),
                ),
                None => {
                    let sec = &p.target_units.sections[a.section];
                    let range = match sec.heading {
                        Some(h) => p.target_units.units[h].range.clone(),
                        None => sec.range.start..sec.range.start,
                    };
                    (range, format!("the new {kind} belongs in this section"))
                }
            };
            sink.push(
                sink.finding_on(
                    rule,
                    p.target,
                    range,
                    format!("the {source} page has a {kind} added since this translation was accepted"),
                )
                .with_label(label)
                .with_help(format!(
                    "{source} {kind} (line {}): \"{}\"\ntranslate it, then run `guide-lint translations accept {}`",
                    su.line,
                    su.text,
                    p.target_rel()
                ))
                .with_related(Related {
                    path: p.source.path.clone(),
                    range: su.range.clone(),
                    message: format!("added to the {source} page"),
                }),
            );
        }
    }
}
