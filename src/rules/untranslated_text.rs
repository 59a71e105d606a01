//! GL403 untranslated-text: a run of translation units still in the source language (or equal
//! to the source), one finding per run, naming the section.

use super::{Check, Dialects, Rule, RuleDef, Sink};
use crate::finding::{Related, Severity};
use crate::translation::compare::Reason;
use crate::translation::language_name;
use crate::workspace::Pair;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UntranslatedText,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::Pair(check),
};

pub fn check(pairs: &[Pair<'_>], sink: &mut Sink<'_>) {
    let rule = Rule::UntranslatedText;
    for p in pairs {
        if p.report.page_untranslated || !sink.wants_on(rule, p.target) {
            continue;
        }
        let units = p.target_units;
        let source = language_name(&p.source.locale.clone().unwrap_or_default());
        let target = language_name(p.locale);
        for run in &p.report.runs {
            let section = &units.sections[run.section];
            let n = run.units.len();
            let kinds = describe_kinds(run.units.iter().map(|&u| units.units[u].kind.describe()));
            let message = if run.whole_section && !section.is_intro() {
                format!("{} is not translated: its text is {source}", section.name())
            } else {
                format!("{source} text in {}", section.name())
            };
            let (first_line, last_line) = (run.first_line, run.last_line);
            let lines = if first_line == last_line {
                format!("line {first_line}")
            } else {
                format!("lines {first_line}-{last_line}")
            };
            let equal_only = run.units.iter().all(|&u| {
                matches!(
                    p.report.reasons[u],
                    Some(Reason::EqualToSource | Reason::NearSource)
                )
            });
            let partial: Vec<&str> = run.part.as_deref().into_iter().collect();
            let label = if partial.len() == run.units.len() {
                let first = partial[0];
                let shown: String = first.chars().take(60).collect();
                let more = if first.chars().count() > 60 {
                    "..."
                } else {
                    ""
                };
                let what = if first_line == last_line {
                    "a sentence"
                } else {
                    "lines"
                };
                format!("{what} in {source}: \"{shown}{more}\" ({lines})")
            } else if equal_only {
                format!("{kinds} copied from the {source} page ({lines})")
            } else {
                format!("{kinds} in {source} ({lines})")
            };
            // Text the page includes (pymdownx.snippets) is placed on its include line (a
            // block's first line, above the names): the file is what to translate.
            let included =
                crate::document::SnippetNotation::names_at(&p.target.snippets, &run.range);
            let help = if included.is_empty() {
                format!(
                    "translate {} into {target}; names, commands, URLs and code may stay as they are",
                    if n == 1 { "it" } else { "them" }
                )
            } else {
                format!(
                    "this is the text of the included {}: include {} instead",
                    describe_names(&included),
                    if included.len() == 1 {
                        format!("a {target} version of it")
                    } else {
                        format!("{target} versions of them")
                    }
                )
            };
            let mut f = sink
                .finding_on(rule, p.target, run.range.clone(), message)
                .with_label(label)
                .with_help(help);
            if let (Some(&first), Some(&last)) = (run.source_units.first(), run.source_units.last())
            {
                let su = &p.source_units.units;
                f = f.with_related(Related {
                    path: p.source.path.clone(),
                    range: su[first].range.start..su[last].range.end,
                    message: format!("the {source} text"),
                });
            }
            sink.push(f);
        }
    }
}

/// "file `a.md`", "files `a.md` and `b.md`".
fn describe_names(names: &[String]) -> String {
    match names {
        [one] => format!("file {one}"),
        [first @ .., last] => format!("files {} and {last}", first.join(", ")),
        [] => String::new(),
    }
}

/// "2 paragraphs and a list item".
pub fn describe_kinds<'a>(kinds: impl Iterator<Item = &'a str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for k in kinds {
        match counts.iter_mut().find(|(x, _)| *x == k) {
            Some((_, n)) => *n += 1,
            None => counts.push((k, 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, n)| {
            if *n == 1 {
                format!(
                    "{} {k}",
                    if k.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    }
                )
            } else {
                format!("{n} {k}s")
            }
        })
        .collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        _ => format!(
            "{} and {}",
            parts[..parts.len() - 1].join(", "),
            parts[parts.len() - 1]
        ),
    }
}
