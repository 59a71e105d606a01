//! GL320 conflict-marker: a merge conflict left in the page, `<<<<<<<` ... `=======` ...
//! `>>>>>>>` opening three lines in that order (as `sync --pull` and git write them), also when
//! the lines are indented (in a list item) or quoted (`> `, in a callout).

use std::ops::Range;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::ConflictMarker,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// The conflicts in `text`: for each, the byte range of its `<<<<<<<` line and the 1-based
/// lines of its first and last marker.
pub fn conflicts(text: &str) -> Vec<(Range<usize>, usize, usize)> {
    let marker = |line: &str, m: &str| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    };
    let mut out = Vec::new();
    // Every conflict has a `<<<<<<<` line: a page without the string (nearly every page) is
    // not read line by line. `memmem` looks for it vectorised (`str::contains` reads byte by
    // byte).
    if crate::util::find_bytes!(text.as_bytes(), b"<<<<<<<").is_none() {
        return out;
    }
    let mut open: Option<(Range<usize>, usize)> = None;
    let mut separated = false;
    let mut offset = 0;
    for (n, raw) in text.split_inclusive('\n').enumerate() {
        let (lead, line) = unquote(raw.trim_end_matches(['\n', '\r']));
        let start = offset + lead;
        offset += raw.len();
        if marker(line, "<<<<<<<") {
            open = Some((start..start + line.len(), n + 1));
            separated = false;
        } else if open.is_some() && line == "=======" {
            separated = true;
        } else if separated
            && marker(line, ">>>>>>>")
            && let Some((range, first)) = open.take()
        {
            out.push((range, first, n + 1));
            separated = false;
        }
    }
    out
}

/// A line without its indentation and blockquote markers (`> `): how many bytes were taken off,
/// and the rest. A `>>>>>>>` marker is not a quote marker (no space follows its first `>`).
fn unquote(line: &str) -> (usize, &str) {
    let mut rest = line;
    loop {
        let t = rest.trim_start_matches([' ', '\t']);
        match t.strip_prefix('>') {
            Some(after) if after.is_empty() || after.starts_with([' ', '\t']) => rest = after,
            _ => return (line.len() - t.len(), t),
        }
    }
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    if !sink.wants(Rule::ConflictMarker) {
        return;
    }
    for (range, first, last) in conflicts(&ctx.doc.text) {
        let f = sink
            .finding(
                Rule::ConflictMarker,
                range,
                format!("unresolved merge conflict (lines {first}-{last})"),
            )
            .with_label("the guide's text and another version, between conflict markers")
            .with_help(
                "keep the right text (from either side, or both), then delete the three marker \
                 lines `<<<<<<<`, `=======` and `>>>>>>>`",
            );
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::conflicts;

    #[test]
    fn a_conflict_needs_all_three_markers_in_order() {
        let text = "a\n<<<<<<< guide\nx\n=======\ny\n>>>>>>> wiki da/move\n";
        assert_eq!(conflicts(text), vec![(2..15, 2, 6)]);
        // A setext heading, a quote of quotes, markers out of order: no conflict.
        assert!(conflicts("Title\n=======\n").is_empty());
        assert!(conflicts("<<<<<<< a\nx\n>>>>>>> b\n").is_empty());
        assert!(conflicts(">>>>>>> b\n=======\n<<<<<<< a\n").is_empty());
        assert!(conflicts("<<<<<<<< a\n=======\n>>>>>>> b\n").is_empty());
        // Indented in a list item, or quoted in a callout: still a conflict, on the marker.
        let item = "1. Stop it\n   <<<<<<< guide\n   x\n   =======\n   y\n   >>>>>>> wiki\n";
        assert_eq!(conflicts(item), vec![(14..27, 2, 6)]);
        let quote = "> a\n> <<<<<<< guide\n> x\n> =======\n> >>>>>>> wiki\n{.is-info}\n";
        assert_eq!(conflicts(quote), vec![(6..19, 2, 5)]);
        assert_eq!(
            conflicts("<<<<<<<\r\nx\r\n=======\r\n>>>>>>>\r\n").len(),
            1,
            "CRLF, no labels"
        );
    }
}
