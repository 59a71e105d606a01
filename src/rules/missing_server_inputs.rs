//! GL107 missing-server-inputs: the page uses components but lacks an input the script reads.

use super::{ComponentCheck, Rule, Sink};

pub(crate) fn check((ctx, components): ComponentCheck<'_, '_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::MissingServerInputs) || components.is_empty() {
        return;
    }
    let inputs = &ctx.config.file.components.server_inputs;
    let ids: Vec<&str> = ctx
        .doc
        .html
        .iter()
        .filter(|t| t.is_start() && t.name == "input")
        .filter_map(|t| t.attr("id").map(|a| a.value.as_str()))
        .collect();
    for (identity, input) in inputs {
        if ids.contains(&input.as_str()) {
            continue;
        }
        let Some(first) = components.iter().find(|c| c.identity.value == *identity) else {
            continue;
        };
        let f = sink
            .finding(
                Rule::MissingServerInputs,
                first.tag.range.clone(),
                format!("the page has no `<input id=\"{input}\">` for identity `{identity}`"),
            )
            .with_label(format!("this `{identity}` component never gets a server"))
            .with_help(format!(
                "add `<input id=\"{input}\" placeholder=\"...\" class=\"server-selector\" />` where the reader enters the `{identity}` server"
            ));
        sink.push(f);
    }
}
