//! GL306 nested-strong: `**These steps on the **new** server**`: bold inside bold looks like
//! the rest of the sentence, so the emphasis the author wanted is invisible.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::NestedStrong,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// The most characters of the bold text a message quotes.
const QUOTED: usize = 80;

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    for e in doc
        .emphasis
        .iter()
        .filter(|e| e.strong && e.inside_strong > 0)
    {
        let Some(src) = doc.text.get(e.range.clone()) else {
            continue;
        };
        let marker = &src[..src.len().min(2)];
        if !(marker == "**" || marker == "__") || !src.ends_with(marker) || src.len() < 5 {
            continue;
        }
        let single = &marker[..1];
        // Quoted at most [`QUOTED`] characters long: a run of nested bold holds each level's
        // text again, which would make the messages grow with the square of the run.
        let quoted = crate::logsafe::shortened(src, QUOTED);
        let inner = crate::logsafe::shortened(&src[2..src.len() - 2], QUOTED);
        let mut f = sink
            .finding(
                Rule::NestedStrong,
                e.range.clone(),
                format!("bold text `{quoted}` is inside bold text"),
            )
            .with_label("looks the same as the text around it")
            .with_help(format!(
                "to stand out inside bold, use italics: `{single}{inner}{single}`"
            ));
        f = f.with_fix(
            Applicability::Unsafe,
            "make the inner text italic",
            vec![
                Edit::replace(e.range.start..e.range.start + 2, single),
                Edit::replace(e.range.end - 2..e.range.end, single),
            ],
        );
        sink.push(f);
    }
}
