//! GL333 unread-table: a table whose delimiter row has fewer cells than its header row (on a
//! MkDocs page, a different number). The site reads no table there: the rows show as a
//! paragraph of text, pipes and dashes included.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::{BlockKind, Container, Dialect};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnreadTable,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let text = doc.text.as_str();
    if memchr::memchr(b'|', text.as_bytes()).is_none() {
        return;
    }
    for b in &doc.blocks {
        let Some(para) = text.get(b.range.clone()) else {
            continue;
        };
        if b.kind != BlockKind::Paragraph || memchr::memchr(b'|', para.as_bytes()).is_none() {
            continue;
        }
        let quoted = b.containers.contains(&Container::BlockQuote);
        // Each line of the paragraph without its indentation and quote markers, and where
        // that rest starts.
        let mut lines = Vec::new();
        let mut at = b.range.start;
        for line in para.split_inclusive('\n') {
            let mut rest = line.trim_end();
            loop {
                let trimmed = rest.trim_start();
                match trimmed.strip_prefix('>') {
                    Some(r) if quoted => rest = r,
                    _ => {
                        rest = trimmed;
                        break;
                    }
                }
            }
            lines.push((at + (line.trim_end().len() - rest.len()), rest));
            at += line.len();
        }
        for pair in lines.windows(2) {
            let [(start, header), (delimiter_at, delimiter)] = pair else {
                continue;
            };
            if !header.contains('|') || !delimiter_row(delimiter) {
                continue;
            }
            let columns = super::dropped_table_cell::cells(header).len();
            let marks = super::dropped_table_cell::cells(delimiter).len();
            // markdown-it 11 reads a table whose delimiter row has more cells than its header
            // (it ignores the rest of the row); Python-Markdown, like GFM, wants as many.
            if columns == marks || (columns < marks && doc.dialect == Dialect::Wikijs) {
                continue;
            }
            let range = *start..delimiter_at + delimiter.len();
            let f = sink
                .finding(
                    Rule::UnreadTable,
                    range,
                    format!(
                        "table's header row has {columns} cells and its delimiter row {marks}: \
                         no table is shown, only these lines as text"
                    ),
                )
                .with_label("read as a paragraph")
                .with_help(format!(
                    "give the delimiter row one `---` for each of the header's {columns} cells \
                     (or the header one cell for each column); write a `|` that is part of a \
                     cell's text as `\\|`"
                ));
            sink.push(f);
        }
    }
}

/// A table's delimiter row as both sites read it ([`crate::document::is_delimiter_row`]), with
/// at least one pipe: a line of dashes alone is a heading's underline or a rule.
fn delimiter_row(line: &str) -> bool {
    line.contains('|') && crate::document::is_delimiter_row(line.trim())
}

#[cfg(test)]
mod tests {
    use super::delimiter_row;

    #[test]
    fn delimiter_rows_are_dashes_between_pipes() {
        assert!(delimiter_row("|---|:--:|"));
        assert!(delimiter_row("--- | ---"));
        assert!(delimiter_row("| -: |"));
        assert!(!delimiter_row("---"));
        assert!(!delimiter_row("| a | b |"));
        assert!(!delimiter_row("|   | --- |"));
        assert!(!delimiter_row("| - - |"));
    }
}
