//! GL107 missing-server-inputs: the page uses components but lacks an input the script reads.

use super::component::attr_span;
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::{Attr, HtmlTag};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::MissingServerInputs,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// Elements whose `value` the script can read.
const INPUT_ELEMENTS: &[&str] = &["input", "textarea", "select"];

/// `from_server`, `From Server`, `fromserver` -> `fromserver`: ids people write for an input.
fn fold(id: &str) -> String {
    id.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    if !sink.wants(Rule::MissingServerInputs) || components.is_empty() {
        return;
    }
    let inputs = &ctx.config.file.components.server_inputs;
    // `getElementById` compares ids exactly.
    let elements: Vec<(&HtmlTag, &Attr)> = ctx
        .doc
        .html
        .iter()
        .filter(|t| t.is_start() && INPUT_ELEMENTS.contains(&t.name.as_str()))
        .filter_map(|t| t.attr("id").map(|a| (t, a)))
        .collect();
    let configured = |id: &str| inputs.values().any(|v| v == id);
    for (identity, input) in inputs {
        if elements.iter().any(|(_, a)| a.value == *input) {
            continue;
        }
        let Some(first) = components.iter().find(|c| c.identity.value == *identity) else {
            continue;
        };
        // An input whose id is almost the configured one (`from_server`, `From-Server`,
        // `from-sever`) and is not another configured input.
        let near = elements.iter().find(|(_, a)| {
            !configured(&a.value)
                && (fold(&a.value) == fold(input)
                    || strsim::damerau_levenshtein(&fold(&a.value), &fold(input)) <= 2)
        });
        // The id on an element that has no value (`<div id="from-server">`).
        let wrong_element = ctx.doc.html.iter().find_map(|t| {
            let id = t.attr("id").filter(|a| a.value == *input)?;
            (t.is_start() && !INPUT_ELEMENTS.contains(&t.name.as_str())).then_some((t, id))
        });
        let f = match (near, wrong_element) {
            (_, Some((tag, id))) => sink
                .finding(
                    Rule::MissingServerInputs,
                    attr_span(id),
                    format!("the page has no `<input id=\"{input}\">` for identity `{identity}`"),
                )
                .with_label(format!("a `<{}>` has no value to read", tag.name))
                .with_help(format!(
                    "make it `<input id=\"{input}\" placeholder=\"...\" class=\"server-selector\" />`"
                )),
            (Some((_, id)), None) => {
                let mut f = sink
                    .finding(
                        Rule::MissingServerInputs,
                        attr_span(id),
                        format!(
                            "input id `{}` is not `{input}`, the input the page script reads for identity `{identity}`",
                            id.value
                        ),
                    )
                    .with_label(format!("the `{identity}` components never get a server"))
                    .with_help(format!("rename the id to `{input}`"));
                if let Some(r) = &id.value_range
                    && !ctx.doc.text[r.clone()].contains('&')
                {
                    f = f.with_fix(
                        Applicability::Unsafe,
                        format!("rename the id to `{input}`"),
                        vec![Edit::replace(r.clone(), input.clone())],
                    );
                }
                f
            }
            (None, None) => sink
                .finding(
                    Rule::MissingServerInputs,
                    attr_span(first.identity),
                    format!("the page has no `<input id=\"{input}\">` for identity `{identity}`"),
                )
                .with_label(format!("this `{identity}` component never gets a server"))
                .with_help(format!(
                    "add `<input id=\"{input}\" placeholder=\"...\" class=\"server-selector\" />` where the reader enters the `{identity}` server"
                )),
        };
        sink.push(f);
    }
}
