//! GL330 unclosed-code-fence: a fenced code block that no closing fence ends. Wiki.js
//! (CommonMark) shows the rest of the page, or of the block's quote or list item, as code;
//! Python-Markdown reads no code block at all, and shows the fence line as text and the code as
//! Markdown. Either way the page is not what its author wrote.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnclosedCodeFence,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let text = doc.text.as_str();
    for &start in &doc.unclosed_fences {
        let line_end = text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |i| start + i);
        let line = text.get(start..line_end).unwrap_or("").trim_end();
        // The fence as written, after the quote markers and indentation the block starts
        // after (`> ```sh`): its character and length.
        let bare = line.trim_start_matches([' ', '\t', '>']);
        let fence_char = bare.chars().next().filter(|c| matches!(c, '`' | '~'));
        let Some(fence_char) = fence_char else {
            continue;
        };
        let fence: String = bare.chars().take_while(|&c| c == fence_char).collect();
        let at = start + (line.len() - bare.len());
        let range = at..at + bare.len();
        // How far the block reaches: the end of the page, or of its quote or list item.
        let reach = doc
            .code_blocks
            .iter()
            .find(|r| r.start == start)
            .map_or(text.len(), |r| r.end);
        let to_the_end = text.get(reach..).is_none_or(|rest| rest.trim().is_empty());
        let label = match doc.dialect {
            Dialect::Wikijs if to_the_end => "Wiki.js shows the rest of the page as code",
            Dialect::Wikijs => "Wiki.js shows the rest of its list item or quote as code",
            Dialect::Mkdocs => {
                "MkDocs reads no code block here: the fence shows as text, the code as Markdown"
            }
        };
        let marks = if fence_char == '`' {
            "backticks"
        } else {
            "tildes"
        };
        let language = bare[fence.len()..].split_whitespace().next().unwrap_or("");
        let message = if language.is_empty() || language.contains('`') {
            "code block is never closed".to_string()
        } else {
            format!("`{language}` code block is never closed")
        };
        let f = sink
            .finding(Rule::UnclosedCodeFence, range, message)
            .with_label(label)
            .with_help(format!(
                "end the code with a line of {} {marks} or more, indented as the opening fence",
                fence.chars().count()
            ));
        sink.push(f);
    }
}
