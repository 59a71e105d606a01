//! GL402 untranslated-page: (nearly) the whole translation is in the source language.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::translation::{UnitState, language_name};
use crate::workspace::Pair;
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UntranslatedPage,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::Pair(check),
};

pub fn check(pairs: &[Pair<'_>], sink: &mut Sink<'_>) {
    let rule = Rule::UntranslatedPage;
    for p in pairs {
        if !p.report.page_untranslated || !sink.wants_on(rule, p.target) {
            continue;
        }
        let states = &p.report.states;
        let units = p.target_units;
        let c = crate::translation::compare::page_counts(&units.units, states);
        let share = (100 * c.untranslated_words)
            .checked_div(c.judged_words)
            .unwrap_or(100)
            .min(100);
        let range = units
            .units
            .iter()
            .zip(states)
            .find(|(u, s)| **s == UnitState::Untranslated && !u.kind.is_header())
            .map_or(units.body_start..units.body_start, |(u, _)| u.range.clone());
        let source = language_name(&p.source.locale.clone().unwrap_or_default());
        sink.push(
            sink.finding_on(
                rule,
                p.target,
                range,
                format!(
                    "the page is not translated: {share} % of its text is {source} ({} of {} words)",
                    c.untranslated_words, c.judged_words
                ),
            )
            .with_label(format!("{source} from here on"))
            .with_help(format!(
                "translate the page into {}, or leave it out of `{}` until it is translated",
                language_name(p.locale),
                p.locale
            )),
        );
    }
}
