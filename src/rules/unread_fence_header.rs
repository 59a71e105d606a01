//! GL329 unread-fence-header: a fence line pymdownx.superfences does not read
//! (```` ```py title=a.py ````, ```` ```shell script ````): the block is not a code block on the
//! built page, its backticks become an inline code span and the lines after it text.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::document::fences::{
    OptionWord, Reading, opening_fence, option_words, options_of, quoted, split_language,
};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnreadFenceHeader,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    // A file outside the project's docs_dir (a README, a contributor guide) is shown by the
    // forge, which reads any fence line.
    if ctx.rel_path.is_none() && ctx.config.mkdocs.is_some() {
        return;
    }
    let Some(settings) = ctx.config.fence_settings() else {
        // The project lists its extensions without superfences: MkDocs' own fenced_code
        // reads the fences.
        if ctx.config.mkdocs.is_some() {
            fenced_code(ctx, sink);
        }
        return;
    };
    if settings.relaxed_headers {
        return;
    }
    let hooks = ctx.config.mkdocs.as_ref().is_some_and(|p| p.page_hooks);
    let doc = ctx.doc;
    let at = |s: &str| s.as_ptr() as usize - doc.text.as_ptr() as usize;
    for r in &doc.code_blocks {
        // An indented code block that shows a fence line is no fence.
        if doc.indented_code.binary_search(&r.start).is_ok() {
            continue;
        }
        let Some(first) = doc.text.get(r.clone()).and_then(|t| t.lines().next()) else {
            continue;
        };
        let Some((_, _, info)) = opening_fence(first) else {
            continue;
        };
        let Some(options) = options_of(info) else {
            continue;
        };
        let words = option_words(options);
        // A custom fence's own validator reads its options (which, is not known), and so does
        // markdown-exec's for a block it runs (`exec="on"`, and its `tree` and `pyodide`
        // blocks).
        let lang = split_language(info).0;
        if settings
            .custom_fences
            .iter()
            .any(|c| c == lang || c == "*")
            || words.iter().any(|w| w.key == "exec")
            || matches!(lang, "tree" | "pyodide")
        {
            continue;
        }
        let range = at(options)..at(options) + options.len();
        if !settings.use_pygments {
            sink.push(
                sink.finding(
                    Rule::UnreadFenceHeader,
                    range,
                    "pymdownx.superfences reads no options on a fence line where \
                     pymdownx.highlight's `use_pygments` is off",
                )
                .with_label("the block is shown as text, not as code")
                .with_help(
                    "write them in braces after the language (```` ```py { title=\"a.py\" } ````), \
                     which it reads",
                ),
            );
            continue;
        }
        // A project's page hooks may take words off fence lines before they are rendered
        // (pytest-examples' `lint="skip"`): only one of highlight's own options written so
        // that it is not read is told then.
        let unread: Vec<&OptionWord<'_>> =
            words.iter().filter(|w| w.reading != Reading::Read).collect();
        if hooks && unread.iter().any(|w| w.reading == Reading::Unknown) {
            continue;
        }
        let Some(first_unread) = unread.first() else {
            continue;
        };
        let word = first_unread.word;
        let (reason, help) = match first_unread.reading {
            Reading::Unquoted => (
                format!("`{word}` is not quoted"),
                match quote_for(first_unread.value) {
                    Some(q) => format!("quote the value: `{}={q}{}{q}`", first_unread.key, first_unread.value),
                    None => "quote the value (it holds both kinds of quotes: reword it)".to_string(),
                },
            ),
            Reading::BadValue => (
                format!("`{word}` is not a value it reads"),
                "`hl_lines` takes line numbers and ranges separated by spaces \
                 (`hl_lines=\"1 3-5\"`), `linenums` the first line's number (`linenums=\"1\"`)"
                    .to_string(),
            ),
            _ => (
                format!("`{word}` is not an option it knows"),
                "after the language, a fence line takes `title`, `hl_lines` and `linenums` \
                 (quoted); put other attributes in braces (```` ```py { data-x=\"1\" } ````), \
                 and write the language as one word"
                    .to_string(),
            ),
        };
        let more = match unread.len() {
            1 => String::new(),
            2 => " (and one more word)".to_string(),
            n => format!(" (and {} more words)", n - 1),
        };
        let mut f = sink
            .finding(
                Rule::UnreadFenceHeader,
                range,
                format!("pymdownx.superfences does not read this fence line: {reason}{more}"),
            )
            .with_label("the block is shown as text, not as code")
            .with_help(help);
        // Values that only lack their quotes: quoted, the line is read as the author meant.
        if unread.iter().all(|w| w.reading == Reading::Unquoted) {
            let edits: Option<Vec<Edit>> = unread
                .iter()
                .map(|w| {
                    let quote = quote_for(w.value)?;
                    let start = at(w.word) + w.key.len() + 1;
                    Some(Edit::replace(
                        start..at(w.word) + w.word.len(),
                        format!("{quote}{}{quote}", w.value),
                    ))
                })
                .collect();
            if let Some(edits) = edits {
                f = f.with_fix(Applicability::Safe, "quote the values", edits);
            }
        }
        sink.push(f);
    }
}

/// The quote a value can be put in: double, else single when it holds a double one.
fn quote_for(value: &str) -> Option<char> {
    if !value.contains('"') {
        Some('"')
    } else if !value.contains('\'') {
        Some('\'')
    } else {
        None
    }
}

/// The fence lines Python-Markdown's fenced_code does not read, on a project that does not
/// enable superfences: after the fence, `{ attributes }` alone, or a language and at most
/// `hl_lines="..."`. Only fences at the start of a line are fenced_code's (a nested one is
/// GL321's).
fn fenced_code(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let hooks = ctx.config.mkdocs.as_ref().is_some_and(|p| p.page_hooks);
    if hooks {
        return;
    }
    for r in &doc.code_blocks {
        if doc.indented_code.binary_search(&r.start).is_ok()
            || (r.start > 0 && doc.text.as_bytes().get(r.start - 1) != Some(&b'\n'))
        {
            continue;
        }
        let Some(first) = doc.text.get(r.clone()).and_then(|t| t.lines().next()) else {
            continue;
        };
        // At the start of its line: fenced_code reads no indented fence.
        let Some((_, _, info)) = opening_fence(first).filter(|_| !first.starts_with([' ', '\t'])) else {
            continue;
        };
        let info = info.trim_matches([' ', '\t']);
        if info.starts_with('{') && info.ends_with('}') {
            continue;
        }
        let rest = split_language(info).1.trim_matches([' ', '\t']);
        let hl_lines = rest
            .strip_prefix("hl_lines=")
            .and_then(quoted)
            .is_some();
        if rest.is_empty() || hl_lines {
            continue;
        }
        let start = r.start + (rest.as_ptr() as usize - first.as_ptr() as usize);
        sink.push(
            sink.finding(
                Rule::UnreadFenceHeader,
                start..start + rest.len(),
                format!(
                    "MkDocs' fenced_code does not read this fence line: `{rest}` after the language"
                ),
            )
            .with_label("the block is shown as text, not as code")
            .with_help(
                "without pymdownx.superfences, a fence line takes a language and `hl_lines=\"...\"`, \
                 or `{ attributes }` alone (```` ```{ .py title=\"a.py\" } ````); enable \
                 pymdownx.superfences and pymdownx.highlight in mkdocs.yml for `title` and \
                 `linenums` after the language",
            ),
        );
    }
}
