//! GL304 misplaced-callout-class: a `{.is-info}` line that does not land on the blockquote:
//! after a blank line (an empty paragraph gets the class), after a quote that ends with a list
//! (the list gets it), on a quote that ends a list item (the list gets it), or inside the quote
//! (shown as text, or given to one paragraph).

use super::unknown_callout_class::{CALLOUT_CLASSES, intended_callout};
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::{BlockQuote, Container, Document};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::MisplacedCalloutClass,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

fn callout_class(content: &str) -> Option<&str> {
    content
        .trim_matches(['{', '}'])
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('.'))
        .find(|c| CALLOUT_CLASSES.contains(c) || intended_callout(c).is_some())
}

/// The quote's last block when it is one that a following line never continues lazily (only
/// a paragraph is continued, which is how a class line reaches the quote).
fn closed_by(q: &BlockQuote) -> Option<&'static str> {
    match q.last_child? {
        "code block" => Some("code block"),
        "heading" => Some("heading"),
        "table" => Some("table"),
        "html" => Some("HTML block"),
        _ => None,
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let text = doc.text.as_str();
    let mut reported: Vec<std::ops::Range<usize>> = Vec::new();

    // A class line separated from its quote by a blank line.
    for ap in &doc.attr_paragraphs {
        let Some(class) = callout_class(&ap.content) else {
            continue;
        };
        let ap_line = line_start(text, ap.range.start);
        // Inside a quote of its own (`> {.is-info}` after a blank line)?
        let own = doc
            .quotes
            .iter()
            .find(|q| q.range.start <= ap.range.start && ap.range.end <= q.range.end);
        if let Some(q) = own
            && line_start(text, q.range.start) != ap_line
        {
            continue; // the last line of a longer quote: the class reaches the quote
        }
        let anchor = own.map_or(ap_line, |q| line_start(text, q.range.start));
        let prev = doc
            .quotes
            .iter()
            .filter(|q| q.range.end <= anchor && q.depth == 0)
            .max_by_key(|q| q.range.end);
        let gap_ok = |q: &BlockQuote| text[q.range.end..anchor].trim().is_empty();
        let f = match prev.filter(|q| gap_ok(q)) {
            Some(q) if closed_by(q).is_some() => {
                // Blank line or not, the quote's last block is one a line never continues.
                let what = closed_by(q).unwrap_or("block");
                sink.finding(
                    Rule::MisplacedCalloutClass,
                    ap.range.clone(),
                    format!("`.{class}` follows a quote that ends with a {what}"),
                )
                .with_label(format!(
                    "a {what} cannot be continued by the class line: Wiki.js gives the class to an \
                     empty paragraph; the quote stays plain"
                ))
                .with_help(format!(
                    "end the quote with a line of text after the {what} (`> ...`) and put the \
                     class line directly under it"
                ))
            }
            Some(q) => {
                let mut f = sink
                    .finding(
                        Rule::MisplacedCalloutClass,
                        ap.range.clone(),
                        format!("`.{class}` is separated from its quote by a blank line"),
                    )
                    .with_label(
                        "Wiki.js gives the class to an empty paragraph; the quote stays plain",
                    )
                    .with_help("put the class line directly under the quote's last line");
                let nl = text[q.range.end..].find('\n').map(|i| q.range.end + i + 1);
                if q.last_child == Some("paragraph")
                    && let Some(nl) = nl
                    && nl < anchor
                {
                    f = f.with_fix(
                        Applicability::Safe,
                        "remove the blank line",
                        vec![Edit::delete(nl..anchor)],
                    );
                }
                f
            }
            None => sink
                .finding(
                    Rule::MisplacedCalloutClass,
                    ap.range.clone(),
                    format!("`.{class}` does not follow a quote"),
                )
                .with_label("Wiki.js gives the class to an empty paragraph")
                .with_help("a callout is a blockquote with the class line directly under it"),
        };
        reported.push(ap.range.clone());
        sink.push(f);
    }

    // A class line that reaches a list instead of the quote.
    for q in &doc.quotes {
        let Some((range, classes)) = &q.class_line else {
            continue;
        };
        let Some(class) = classes
            .iter()
            .find(|c| CALLOUT_CLASSES.contains(&c.as_str()) || intended_callout(c).is_some())
        else {
            continue;
        };
        if reported
            .iter()
            .any(|r| r.start <= range.start && range.end <= r.end)
        {
            continue;
        }
        let problem = if q.ends_list_item {
            Some((
                "the quote ends a list item, so Wiki.js gives the class to the list",
                "end the list item with a line of text after the quote, or move the quote out \
                 of the list",
            ))
        } else if q.last_child == Some("list") {
            Some((
                "the quote ends with a list, so Wiki.js gives the class to the list",
                "end the quote with a paragraph after the list",
            ))
        } else {
            None
        };
        if let Some((label, help)) = problem {
            reported.push(range.clone());
            let f = sink
                .finding(
                    Rule::MisplacedCalloutClass,
                    range.clone(),
                    format!("`.{class}` does not reach the quote"),
                )
                .with_label(label)
                .with_help(help);
            sink.push(f);
        }
    }

    // A class line inside the quote that is not its last line.
    inside_quotes(doc, sink, &reported);
}

fn inside_quotes(doc: &Document, sink: &mut Sink<'_>, reported: &[std::ops::Range<usize>]) {
    let class_lines: std::collections::HashSet<usize> = doc
        .quotes
        .iter()
        .filter_map(|q| q.class_line.as_ref().map(|(r, _)| r.start))
        .collect();
    for b in &doc.blocks {
        if !b.containers.contains(&Container::BlockQuote) {
            continue;
        }
        for (i, piece) in b.pieces.iter().enumerate() {
            let Some(src) = doc.text.get(piece.clone()) else {
                continue;
            };
            let t = src.trim();
            if !(t.starts_with('{') && t.ends_with('}')) {
                continue;
            }
            let Some(class) = callout_class(t) else {
                continue;
            };
            let lead = src.len() - src.trim_start().len();
            let range = piece.start + lead..piece.start + lead + t.len();
            if class_lines.contains(&range.start)
                || reported
                    .iter()
                    .any(|r| r.start <= range.start && range.end <= r.end)
            {
                continue;
            }
            let last = i + 1 == b.pieces.len();
            let label = if last {
                "Wiki.js gives the class to this paragraph, not to the quote"
            } else {
                "not the quote's last line: Wiki.js shows it as text"
            };
            let f = sink
                .finding(
                    Rule::MisplacedCalloutClass,
                    range,
                    format!("`.{class}` is inside the quote"),
                )
                .with_label(label)
                .with_help("put the class line directly under the quote's last line");
            sink.push(f);
        }
    }
}
