//! GL316 dropped-fence-attributes: words after the language of a fenced code block
//! (```` ```js {.line-numbers} ````, ```` ```python title="a.py" ````): Wiki.js's highlighter
//! builds its own `<pre>` from the language alone, so they do nothing.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::DroppedFenceAttributes,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    for r in &doc.code_blocks {
        // An indented code block that shows a fence line is no fence.
        if doc.indented_code.binary_search(&r.start).is_ok() {
            continue;
        }
        let Some(src) = doc.text.get(r.clone()) else {
            continue;
        };
        let first = src.lines().next().unwrap_or("");
        let trimmed = first.trim_start();
        let fence_char = match trimmed.as_bytes().first() {
            Some(b'`') => '`',
            Some(b'~') => '~',
            _ => continue,
        };
        let fence_len = trimmed.len() - trimmed.trim_start_matches(fence_char).len();
        if fence_len < 3 {
            continue;
        }
        let info_start = r.start + (first.len() - trimmed.len()) + fence_len;
        let info = first[first.len() - trimmed.len() + fence_len..].trim_end();
        let lead = info.len() - info.trim_start().len();
        let info_trim = info.trim_start();
        if info_trim.is_empty() {
            continue;
        }
        let (lang, rest) = match info_trim.find(char::is_whitespace) {
            Some(i) => (&info_trim[..i], info_trim[i..].trim_start()),
            None => (info_trim, ""),
        };
        // ```` ```{.python} ````, ```` ``` title="a.py" ````: attributes only, no language
        // (markdown-it would take `title="a.py"` up to its first space for one).
        let attrs_only = lang.starts_with('{') || is_attribute(lang);
        let (extra_start, extra) = if attrs_only {
            (info_start + lead, info_trim)
        } else if rest.is_empty() {
            continue;
        } else {
            let off = info_trim.len() - rest.len();
            (info_start + lead + off, rest)
        };
        let range = extra_start..extra_start + extra.len();
        let mut f = sink
            .finding(
                Rule::DroppedFenceAttributes,
                range.clone(),
                format!("`{extra}` on a code block is ignored by Wiki.js"),
            )
            .with_help(
                "Wiki.js uses only the language word after the fence; titles, line numbers and \
                 classes on code blocks are dropped",
            );
        if is_attribute(lang) {
            // Only attributes: markdown-it makes a language class of the first word, which
            // highlights nothing. The block without them looks the same.
            f = f.with_fix(
                Applicability::Safe,
                "remove the ignored words",
                vec![Edit::delete(info_start..range.end)],
            );
        } else if !lang.starts_with('{') {
            // Remove the ignored words and the space before them: the output is unchanged.
            let space_start = info_start + lead + lang.len();
            f = f.with_fix(
                Applicability::Safe,
                "remove the ignored words",
                vec![Edit::delete(space_start..range.end)],
            );
        }
        sink.push(f);
    }
}

/// Whether the first word of a fence's info string is a `key=value` attribute
/// (pymdownx.superfences' `title="a.py"`, `linenums="1"`) rather than a language: no language
/// name holds `=`.
fn is_attribute(word: &str) -> bool {
    word.split_once('=').is_some_and(|(key, _)| {
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}
