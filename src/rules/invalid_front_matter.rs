//! GL307 invalid-front-matter: a Wiki.js header that the git-storage import cannot use: YAML
//! that does not parse (the whole file, header included, becomes the page), `tags` as a list
//! (the import fails), no title, over-long fields, `published:` instead of `isPublished:`.

use serde_norway::Value;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::front_matter::{Field, FrontMatter};
use crate::finding::{Applicability, Edit, Severity};
use crate::document::{Dialect, DialectSource};

pub const RULE: RuleDef = RuleDef {
    id: Rule::InvalidFrontMatter,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let Some(fm) = &doc.front_matter else {
        unclosed_header(ctx, sink);
        return;
    };
    let value = match &fm.parsed {
        Err(e) => {
            yaml_error(ctx, sink, fm, e.offset, &e.message);
            return;
        }
        Ok(v) => v,
    };
    // Without configuration a page is read as a Wiki.js page unless it holds MkDocs syntax: a
    // header of other tools' keys, with no title and no key only Wiki.js writes (an agent skill
    // file's `name` and `description`, a decision record's `status`), is theirs, not one the
    // wiki imports.
    if doc.dialect_source == DialectSource::Detected
        && !fm.names_a_wiki_page()
        && fm.holds_a_key_wikijs_ignores()
    {
        return;
    }
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => {
            let f = sink
                .finding(
                    Rule::InvalidFrontMatter,
                    fm.range.clone(),
                    "front matter is empty",
                )
                .with_help(title_help(ctx));
            sink.push(f);
            return;
        }
        _ => {
            let f = sink
                .finding(
                    Rule::InvalidFrontMatter,
                    fm.yaml_range.clone(),
                    "front matter is not a list of `key: value` lines",
                )
                .with_help("Wiki.js reads `title`, `description`, `tags` and `isPublished`");
            sink.push(f);
            return;
        }
    };
    // A header has a handful of keys: a scan compares them, where a look-up would copy the
    // key into a new value and hash it.
    let get = |k: &str| {
        map.iter()
            .find(|(key, _)| key.as_str() == Some(k))
            .map(|(_, v)| v)
    };

    // Title.
    match get("title") {
        None => {
            let f = sink
                .finding(
                    Rule::InvalidFrontMatter,
                    fm.range.start..fm.range.start + 3,
                    "front matter has no `title`",
                )
                .with_help(title_help(ctx));
            sink.push(f);
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            let r = field_range(fm, "title");
            let f = sink
                .finding(Rule::InvalidFrontMatter, r, "`title` is empty")
                .with_help(title_help(ctx));
            sink.push(f);
        }
        _ => {}
    }
    for key in ["title", "description"] {
        if let Some(Value::String(s)) = get(key) {
            let n = s.chars().count();
            if n > 255 {
                let f = sink
                    .finding(
                        Rule::InvalidFrontMatter,
                        field_range(fm, key),
                        format!("`{key}` has {n} characters; Wiki.js allows at most 255"),
                    )
                    .with_help(format!("shorten the {key}"));
                sink.push(f);
            }
        }
    }

    // Tags.
    match get("tags") {
        Some(Value::Sequence(items)) => {
            let words: Option<Vec<String>> = items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
                .collect();
            let mut f = sink
                .finding(
                    Rule::InvalidFrontMatter,
                    field_range(fm, "tags"),
                    "`tags` is a YAML list",
                )
                .with_label("Wiki.js's import fails on a list")
                .with_help("write the tags on one line, separated by `, `: `tags: a, b`");
            if let (Some(words), Some(field)) = (words, fm.field("tags"))
                && let Some(range) = tags_block(doc.text.as_str(), fm, field)
                && words.iter().all(|w| !w.contains(", ") && !w.contains('\n'))
            {
                f = f.with_fix(
                    Applicability::Safe,
                    "write the tags as one comma-separated line",
                    vec![Edit::replace(range, format!("tags: {}", words.join(", ")))],
                );
            }
            sink.push(f);
        }
        Some(Value::String(s)) if has_tight_comma(s) => {
            let field = fm.field("tags");
            let mut f = sink
                .finding(
                    Rule::InvalidFrontMatter,
                    field_range(fm, "tags"),
                    format!("tags `{s}` are separated by `,` without a space"),
                )
                .with_label("Wiki.js splits tags on `, ` only: this is one tag")
                .with_help("separate tags with a comma and a space");
            if let Some(field) = field
                && field.value == *s
            {
                let fixed: Vec<&str> = s.split(',').map(str::trim).collect();
                f = f.with_fix(
                    Applicability::Safe,
                    "separate the tags with `, `",
                    vec![Edit::replace(field.value_range.clone(), fixed.join(", "))],
                );
            }
            sink.push(f);
        }
        _ => {}
    }

    // `published` is what Wiki.js writes, but the import reads `isPublished`.
    if let Some(Value::Bool(false)) = get("published")
        && get("isPublished").is_none()
    {
        let f = sink
            .finding(
                Rule::InvalidFrontMatter,
                field_range(fm, "published"),
                "`published: false` is ignored when Wiki.js imports the page",
            )
            .with_label("the page is imported as published")
            .with_help("add `isPublished: false` to keep the page unpublished");
        sink.push(f);
    }
}

fn title_help(ctx: &FileContext<'_>) -> String {
    // Wiki.js falls back to the last segment of the page path (extension removed, dots
    // deleted).
    let path = ctx
        .rel_path
        .filter(|p| p.to_str().is_some())
        .map(crate::util::slash_path)
        .and_then(|p| crate::wikijs::path::page_path_from_git_file(&p))
        .map(|(_, path, _)| path);
    match path.as_deref().and_then(|p| p.rsplit('/').next()) {
        Some(last) => format!("add `title: ...`; without it Wiki.js titles the page `{last}`"),
        None => "add `title: ...`; without it Wiki.js titles the page after its path".to_string(),
    }
}

fn has_tight_comma(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == b',' && !w[1].is_ascii_whitespace())
}

/// The key and value of a top-level field, or the header when the field is not found.
fn field_range(fm: &FrontMatter, key: &str) -> std::ops::Range<usize> {
    fm.field(key).map_or(fm.yaml_range.clone(), |f| {
        f.key_range.start..f.value_range.end.max(f.key_range.end)
    })
}

/// The `tags:` line and the `- item` / continuation lines under it.
fn tags_block(text: &str, fm: &FrontMatter, field: &Field) -> Option<std::ops::Range<usize>> {
    let start = field.key_range.start;
    let mut end = text[start..fm.yaml_range.end]
        .find('\n')
        .map_or(fm.yaml_range.end, |i| start + i);
    loop {
        let next = end + 1;
        if next >= fm.yaml_range.end {
            break;
        }
        let line_end = text[next..fm.yaml_range.end]
            .find('\n')
            .map_or(fm.yaml_range.end, |i| next + i);
        let line = &text[next..line_end];
        if line.starts_with([' ', '\t', '-']) {
            end = line_end;
        } else {
            break;
        }
    }
    let slice = text[start..end].trim_end_matches('\r');
    // A flow list that goes on to a line of its own (`tags: [a,` then `b]` unindented) is not
    // all in the block: rewriting the block alone would leave the rest behind.
    let value = slice.split_once(':').map_or("", |(_, v)| v.trim_start());
    if value.starts_with('[') && !slice.trim_end().ends_with(']') {
        return None;
    }
    Some(start..start + slice.len())
}

/// A first line `---` followed by `key: value` lines and no closing `---`: no header for
/// Wiki.js (its pattern needs both delimiters), so the page shows a rule and the fields as text.
fn unclosed_header(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let text = ctx.doc.text.as_str();
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[base..];
    let Some(after) = rest
        .strip_prefix("---\n")
        .or_else(|| rest.strip_prefix("---\r\n"))
    else {
        return;
    };
    let first = after.lines().next().unwrap_or("");
    let is_field = |l: &str| {
        l.split_once(':').is_some_and(|(k, v)| {
            !k.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && (v.is_empty() || v.starts_with(' '))
        })
    };
    if !is_field(first) {
        return;
    }
    let f = sink
        .finding(
            Rule::InvalidFrontMatter,
            base..base + 3,
            "the header is never closed: there is no `---` line after its fields",
        )
        .with_label("Wiki.js reads no header: it shows a line here and the fields as text")
        .with_help("end the header with a `---` line after its last field");
    sink.push(f);
}

/// A field whose quoted value is not closed on its line (`title: "Unclosed`): the YAML parser
/// reads on to the end of the header and fails there.
fn unclosed_quote(fm: &FrontMatter) -> Option<&Field> {
    fm.fields.iter().find(|f| {
        let v = f.value.as_str();
        let Some(q) = v.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return false;
        };
        let body = &v[1..];
        if q == '"' {
            // A closing quote not escaped by a backslash.
            let mut escaped = false;
            !body.chars().any(|c| {
                let close = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                close
            })
        } else {
            // `''` is an escaped quote: an odd count closes.
            body.matches('\'').count() % 2 == 0
        }
    })
}

fn yaml_error(ctx: &FileContext<'_>, sink: &mut Sink<'_>, fm: &FrontMatter, at: usize, msg: &str) {
    let text = ctx.doc.text.as_str();
    if let Some(field) = unclosed_quote(fm) {
        let q = &field.value[..1];
        let f = sink
            .finding(
                Rule::InvalidFrontMatter,
                field.value_range.clone(),
                format!("the `{}` value's quote is never closed", field.key),
            )
            .with_label("Wiki.js imports the whole file, header included, as the page text")
            .with_help(format!("close the quote: `{}: {}{q}`", field.key, field.value))
            .with_fix(
                Applicability::Unsafe,
                "close the quote at the end of the line",
                vec![Edit::insert(field.value_range.end, q)],
            );
        sink.push(f);
        return;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let range = line_start.max(fm.yaml_range.start)..line_end.min(fm.yaml_range.end).max(at);
    let mut f = sink
        .finding(
            Rule::InvalidFrontMatter,
            range,
            format!("front matter is not valid YAML: {msg}"),
        )
        .with_label("Wiki.js imports the whole file, header included, as the page text");
    // The usual cause: an unquoted value containing `: ` or ` #`, or starting with a YAML
    // indicator. Quoting it is mechanical.
    let field = fm
        .fields
        .iter()
        .filter(|f| f.key_range.start <= at)
        .max_by_key(|f| f.key_range.start)
        .filter(|f| needs_quotes(&f.value));
    match field {
        Some(field) => {
            let quoted = format!("'{}'", field.value.replace('\'', "''"));
            f = f
                .with_help(format!("quote the value: `{}: {quoted}`", field.key))
                .with_fix(
                    Applicability::Safe,
                    format!("quote the `{}` value", field.key),
                    vec![Edit::replace(field.value_range.clone(), quoted)],
                );
        }
        None => {
            f = f.with_help("fix the YAML; values containing `: ` must be quoted");
        }
    }
    sink.push(f);
}

/// Whether a plain scalar needs quotes to parse as the text it shows.
fn needs_quotes(v: &str) -> bool {
    if v.is_empty() || v.starts_with(['\'', '"']) {
        return false;
    }
    v.contains(": ")
        || v.ends_with(':')
        || v.contains(" #")
        || v.starts_with("- ")
        || v.starts_with("? ")
        || v.starts_with([
            '[', ']', '{', '}', '*', '&', '!', '|', '>', '%', '@', '`', ',', '#',
        ])
}
