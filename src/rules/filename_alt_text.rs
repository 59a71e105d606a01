//! GL205 filename-alt-text: an image whose alt text is empty or just its file name.

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::{Dialect, LinkKind};
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::FilenameAltText,
    severity: Severity::Warning,
    dialects: Dialects::All,
    check: Check::File(check),
};

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    // Borrowed: a page of a million images must not copy each one's text and address.
    let mut images: Vec<(std::ops::Range<usize>, std::borrow::Cow<'_, str>, &str)> = doc
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Image)
        .map(|l| (l.range.clone(), l.text.as_str().into(), l.url.as_str()))
        .collect();
    let sized = if doc.dialect == Dialect::Wikijs {
        ctx.sized_images()
    } else {
        &[]
    };
    images.extend(
        sized
            .iter()
            .filter(|i| i.is_valid())
            .map(|i| (i.range.clone(), unescape(&i.alt), i.src.as_str())),
    );
    for (range, alt, src) in images {
        let alt = alt.trim();
        let file = file_name(src);
        // `![](logo.svg)` renders as `<img alt="">`: a decorative image, accepted like one.
        if is_file_name(alt, file) {
            let f = sink
                .finding(
                    Rule::FilenameAltText,
                    range,
                    format!("image alt text is the file name `{alt}`"),
                )
                .with_help(help());
            sink.push(f);
        }
    }
    for tag in doc.html.iter().filter(|t| t.is_start() && t.name == "img") {
        let src = tag.attr("src").map_or("", |a| a.value.as_str());
        match tag.attr("alt") {
            None => {
                let f = sink
                    .finding(
                        Rule::FilenameAltText,
                        tag.range.clone(),
                        "image has no `alt` attribute",
                    )
                    .with_help(format!(
                        "{}; write `alt=\"\"` if the image is only decoration",
                        help()
                    ));
                sink.push(f);
            }
            Some(a)
                if is_file_name(a.value.trim(), file_name(src)) && !a.value.trim().is_empty() =>
            {
                let range = a.value_range.clone().unwrap_or(tag.range.clone());
                let f = sink
                    .finding(
                        Rule::FilenameAltText,
                        range,
                        format!("image alt text is the file name `{}`", a.value.trim()),
                    )
                    .with_help(help());
                sink.push(f);
            }
            Some(_) => {}
        }
    }
}

fn help() -> &'static str {
    "describe what the image shows: screen readers read the alt text, and it is shown when the \
     image cannot load"
}

/// The last path segment of a URL, without query or fragment.
fn file_name(src: &str) -> &str {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether `alt` is the file name (`export.png`), or its stem when the stem reads as a file
/// name rather than words (`migrate-account`, `IMG_0042`). Case-insensitive, percent-decoded.
fn is_file_name(alt: &str, file: &str) -> bool {
    if file.is_empty() || alt.is_empty() {
        return false;
    }
    if alt.is_ascii() && file.is_ascii() && !file.contains('%') {
        // Nothing to decode, and lowercasing is ASCII's: compared in place, without the
        // copies below.
        if alt.eq_ignore_ascii_case(file) {
            return true;
        }
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        return alt.eq_ignore_ascii_case(stem)
            && !alt.contains(char::is_whitespace)
            && stem.contains(['_', '-', '.']);
    }
    let file = decode(file);
    let alt = alt.to_lowercase();
    let lower = file.to_lowercase();
    if alt == lower {
        return true;
    }
    let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
    alt == stem && !alt.contains(char::is_whitespace) && stem.contains(['_', '-', '.'])
}

fn decode(s: &str) -> String {
    crate::workspace::decode_fragment(s)
}

/// Backslash escapes in a label as written.
fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\\') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(n) = chars.next()
        {
            if !n.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(n);
        } else {
            out.push(c);
        }
    }
    out.into()
}
