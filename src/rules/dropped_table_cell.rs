//! GL332 dropped-table-cell: a table row with more cells than the table has columns. Both
//! sites build each row from the header's columns and drop the cells past them, without a
//! word: a `|` written in a cell's text (`Ctrl | Cmd`, `<kbd>|</kbd>`) splits the cell, and the
//! text after it is not on the page.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::Severity;
use crate::util::plural;
use std::ops::Range;

pub const RULE: RuleDef = RuleDef {
    id: Rule::DroppedTableCell,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    for row in &doc.table_rows {
        // Python-Markdown reads a table only where a block starts: the lines of one right
        // after a paragraph's text are more of that paragraph, and every cell shows.
        if row.after_text && doc.dialect == Dialect::Mkdocs {
            continue;
        }
        let Some(text) = doc.text.get(row.range.clone()) else {
            continue;
        };
        let columns = usize::try_from(row.columns).unwrap_or(usize::MAX);
        let cells = cells(text);
        let Some(past) = cells.get(columns..) else {
            continue;
        };
        // Cells with something in them: an empty one after the last column (`| a | b ||`)
        // loses nothing.
        let shown: Vec<Range<usize>> = past
            .iter()
            .filter_map(|c| {
                let cell = &text[c.clone()];
                let lead = cell.len() - cell.trim_start().len();
                let content = cell.trim();
                (!content.is_empty()).then(|| c.start + lead..c.start + lead + content.len())
            })
            .collect();
        let (Some(first), Some(last)) = (shown.first(), shown.last()) else {
            continue;
        };
        let range = row.range.start + first.start..row.range.start + last.end;
        let message = match shown.as_slice() {
            [one] => format!(
                "cell {} is past the table's {} and is not shown",
                quoted(&text[one.clone()]),
                plural(columns, "column", "columns")
            ),
            more => format!(
                "{} cells are past the table's {} and are not shown",
                more.len(),
                plural(columns, "column", "columns")
            ),
        };
        let f = sink
            .finding(Rule::DroppedTableCell, range, message)
            .with_label(format!(
                "the row has {}, its header row {}",
                plural(cells.len(), "cell", "cells"),
                plural(columns, "cell", "cells")
            ))
            .with_help(
                "write a `|` that is part of a cell's text as `\\|` (or inside backticks); a \
                 new column needs a cell in the header row and in the delimiter row as well",
            );
        sink.push(f);
    }
}

/// A cell's text as the message quotes it, in backticks (two, with spaces, around text that
/// holds one): control characters escaped, cut to 40 characters.
fn quoted(cell: &str) -> String {
    let shown = crate::logsafe::shortened(cell, 40);
    if shown.contains('`') {
        format!("`` {shown} ``")
    } else {
        format!("`{shown}`")
    }
}

/// The cells of a table row (`row`: its text from its first character to its last), as ranges
/// of `row`, split as markdown-it 11 and Python-Markdown split them: at each `|` that no
/// backslash escapes and no code span holds, without one leading and one trailing `|`.
pub(crate) fn cells(row: &str) -> Vec<Range<usize>> {
    let b = row.as_bytes();
    let start = usize::from(b.first() == Some(&b'|'));
    let mut end = b.len();
    if end > start && b[end - 1] == b'|' && !escaped(b, end - 1) {
        end -= 1;
    }
    let spans = crate::util::code_spans(&b[..end], true);
    let mut spans = spans.iter().peekable();
    let mut out = Vec::new();
    let mut cell = start;
    let mut i = start;
    while i < end {
        while spans.next_if(|s| s.end <= i).is_some() {}
        if let Some(s) = spans.peek()
            && s.start <= i
        {
            i = s.end;
            continue;
        }
        match b[i] {
            b'\\' => i += 1,
            b'|' => {
                out.push(cell..i);
                cell = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(cell..end);
    out
}

/// Whether the byte at `at` follows an odd number of backslashes.
fn escaped(b: &[u8], at: usize) -> bool {
    b[..at].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(row: &str) -> Vec<&str> {
        cells(row).into_iter().map(|r| &row[r]).collect()
    }

    #[test]
    fn cells_are_split_at_pipes_outside_code_and_escapes() {
        assert_eq!(split("| a | b |"), [" a ", " b "]);
        assert_eq!(split("a | b"), ["a ", " b"]);
        assert_eq!(split("| `a|b` | c \\| d | e"), [" `a|b` ", " c \\| d ", " e"]);
        assert_eq!(split("| a | b \\|"), [" a ", " b \\|"]);
        assert_eq!(split("| a | b ||"), [" a ", " b ", ""]);
        assert_eq!(split("| ``x`|`y`` | `open | z"), [" ``x`|`y`` ", " `open ", " z"]);
        assert_eq!(split("|"), [""]);
        assert_eq!(split("\\`|`"), ["\\`", "`"]);
    }
}
