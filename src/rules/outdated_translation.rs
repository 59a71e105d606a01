//! GL407 outdated-translation: the source text of an aligned unit changed since the
//! translation was accepted (`translations.lock`).

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
    }
}
