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
                    .with_help(NO_ALT_HELP);
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

/// What to write instead of a file name.
macro_rules! help_text {
    () => {
        "describe what the image shows: screen readers read the alt text, and it is shown when \
         the image cannot load"
    };
}

fn help() -> &'static str {
    help_text!()
}

/// The help for an `<img>` without `alt`: the same, and what a decorative image takes (a
/// constant, not formatted for each finding).
const NO_ALT_HELP: &str = concat!(
    help_text!(),
    "; write `alt=\"\"` if the image is only decoration"
);

/// The last path segment of a URL, without query or fragment. Byte searches: the
/// separators are ASCII, and a `data:` URL can be long.
fn file_name(src: &str) -> &str {
    let path = &src[..memchr::memchr2(b'?', b'#', src.as_bytes()).unwrap_or(src.len())];
    &path[memchr::memrchr(b'/', path.as_bytes()).map_or(0, |i| i + 1)..]
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

#[cfg(test)]
mod tests {
    use super::{NO_ALT_HELP, file_name, help};

    #[test]
    fn the_constant_help_is_the_formatted_one() {
        assert_eq!(
            NO_ALT_HELP,
            format!("{}; write `alt=\"\"` if the image is only decoration", help())
        );
    }

    #[test]
    fn file_name_as_split() {
        for src in [
            "", "a", "/", "a/b.png", "a/b.png?x=/y#z", "#a/b", "?", "a#b?c/d", "é/ü.png", "x/",
        ] {
            let path = src.split(['?', '#']).next().unwrap_or(src);
            assert_eq!(file_name(src), path.rsplit('/').next().unwrap_or(path), "{src:?}");
        }
    }
}
