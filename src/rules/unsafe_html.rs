//! GL314 unsafe-html: `<script>`, `<iframe>`, `<object>`, `<embed>`, `on*=` handlers and
//! `javascript:` URLs: Wiki.js's sanitizer removes them, so whatever they were meant to do does
//! not happen (and on a wiki with sanitizing off they are a security hole).

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::TagKind;
use crate::finding::Severity;

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnsafeHtml,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

const REMOVED_ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "frame", "frameset", "applet",
];
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
];

/// Whether `v`, without its whitespace and control characters and lowercased, starts with
/// `javascript:` or `vbscript:`. Compared character by character as it is lowercased (a
/// character's lowercase may be several), so nothing is allocated and the comparison stops at
/// the first character that differs from both.
fn is_script_url(v: &str) -> bool {
    const SCHEMES: [&[u8]; 2] = [b"javascript:", b"vbscript:"];
    // How far each scheme has matched; `None` once it cannot match.
    let mut at = [Some(0usize); 2];
    let lowered = v
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase);
    for c in lowered {
        for (k, scheme) in SCHEMES.iter().enumerate() {
            if let Some(n) = at[k] {
                at[k] = (scheme.get(n).map(|&b| char::from(b)) == Some(c)).then_some(n + 1);
                if at[k] == Some(scheme.len()) {
                    return true;
                }
            }
        }
        if at.iter().all(Option::is_none) {
            return false;
        }
    }
    false
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    // A MkDocs site without guide-lint configuration is published by MkDocs, which keeps its
    // scripts and iframes: nothing here passes through Wiki.js's sanitizer.
    if ctx.config.is_mkdocs_only() && doc.dialect == crate::document::Dialect::Mkdocs {
        return;
    }
    for tag in &doc.html {
        let TagKind::Start { .. } = tag.kind else {
            continue;
        };
        if REMOVED_ELEMENTS.contains(&tag.name.as_str()) {
            let help = if tag.name == "script" {
                "page scripts cannot live in the content; Wiki.js runs per-page JavaScript only \
                 from the page's script property (`guide-lint build` writes it)"
            } else {
                "Wiki.js removes this element; link to the content instead"
            };
            let f = sink
                .finding(
                    Rule::UnsafeHtml,
                    tag.range.clone(),
                    format!("`<{}>` is removed by Wiki.js's sanitizer", tag.name),
                )
                .with_help(help);
            sink.push(f);
        }
        for a in tag.attrs.iter().filter(|a| !a.duplicate) {
            if a.name.starts_with("on") && a.name.len() > 2 {
                let f = sink
                    .finding(
                        Rule::UnsafeHtml,
                        a.name_range.start
                            ..a.value_range.clone().map_or(a.name_range.end, |r| r.end),
                        format!(
                            "event handler `{}` is removed by Wiki.js's sanitizer",
                            a.name
                        ),
                    )
                    .with_help(
                        "Wiki.js strips `on*` attributes; behaviour belongs in the page script",
                    );
                sink.push(f);
            } else if URL_ATTRS.contains(&a.name.as_str()) && is_script_url(&a.value) {
                let f = sink
                    .finding(
                        Rule::UnsafeHtml,
                        a.value_range.clone().unwrap_or(a.name_range.clone()),
                        "`javascript:` URL is removed by Wiki.js's sanitizer",
                    )
                    .with_help("the link stops working on Wiki.js; use a normal URL");
                sink.push(f);
            }
        }
    }
    for l in &doc.links {
        if is_script_url(&l.url) {
            let f = sink
                .finding(
                    Rule::UnsafeHtml,
                    l.url_range.clone().unwrap_or(l.range.clone()),
                    "`javascript:` link is not allowed",
                )
                .with_label("Wiki.js shows the Markdown as plain text")
                .with_help("use a normal URL");
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_script_url;

    /// What the check answered when it lowercased a copy of the whole value.
    fn by_copy(v: &str) -> bool {
        let cleaned: String = v
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_lowercase();
        cleaned.starts_with("javascript:") || cleaned.starts_with("vbscript:")
    }

    #[test]
    fn script_urls_as_lowercasing_a_copy_finds_them() {
        for v in [
            "javascript:alert(1)",
            " Java\tScript:void(0)",
            "JAVA\u{0}SCRIPT:x",
            "vbscript:msgbox",
            "VBScript :x",
            "javascrİpt:x",
            "javascript",
            "java",
            "",
            "https://example.com/javascript:",
            "\u{212A}javascript:",
            "ja\u{2028}vascript:",
        ] {
            assert_eq!(is_script_url(v), by_copy(v), "{v:?}");
        }
        assert!(is_script_url(" Java\tScript:void(0)"));
        assert!(!is_script_url("javascrİpt:x"));
    }
}
