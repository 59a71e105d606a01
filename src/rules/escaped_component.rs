//! GL112 escaped-component: a component written as text (`&lt;a identity="old" ...&gt;` or
//! `\<span identity ...>`): the reader sees the markup, and the page script finds no element.

use std::ops::Range;
use std::sync::LazyLock;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::EscapedComponent,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// The start of an escaped `<a>` or `<span>` start tag that carries an identity, up to the
/// escaped `>` that ends it (on the same line).
static ESCAPED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r#"(?i)(?:&lt;|&#0*60;|&#x0*3c;|\\<)(a|span)(?:\s|&nbsp;)[^\n<>]*?\b(?:data-)?identity\s*=[^\n<>]*?(?:&gt;|&#0*62;|&#x0*3e;|>)"#,
    )
    .expect("valid regex")
});

/// The page searches that tell whether an escaped component can be there, set up once:
/// `identity` as it is written (`identity`, `Identity`, `IDENTITY`: HTML attribute names are
/// case-insensitive), then `&lt;` (or `&LT;`, an entity too), `&#` or `\<`. Vectorised
/// searches (`memmem::find` would set up a searcher at every call; a case-insensitive regex
/// reads a page three times slower).
static NEEDLES: LazyLock<[memchr::memmem::Finder<'static>; 6]> = LazyLock::new(|| {
    [&b"dentity"[..], b"DENTITY", b"&lt;", b"&LT;", b"&#", b"\\<"].map(memchr::memmem::Finder::new)
});

/// The entities an editor writes for markup characters, and what they stand for.
const ENTITIES: &[(&str, &str)] = &[
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", "\""),
    ("&#34;", "\""),
    ("&#39;", "'"),
    ("&apos;", "'"),
    ("&amp;", "&"),
    ("&nbsp;", " "),
    ("&#60;", "<"),
    ("&#62;", ">"),
    ("&#x3c;", "<"),
    ("&#x3e;", ">"),
    ("&#x3C;", "<"),
    ("&#x3E;", ">"),
];

/// `text` with the markup entities decoded and a leading `\` before `<` dropped.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.strip_prefix('\\').unwrap_or(text);
    'outer: while !rest.is_empty() {
        if rest.starts_with('&') {
            for (entity, ch) in ENTITIES {
                // `get`: the bytes after `&` may end inside a character (`&gt--׹>`).
                if rest
                    .get(..entity.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(entity))
                {
                    out.push_str(ch);
                    rest = &rest[entity.len()..];
                    continue 'outer;
                }
            }
        }
        let c = rest.chars().next().unwrap_or('\0');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The escaped end tag (`&lt;/a&gt;`, `\</a>`) after `from` on the same line, if any.
fn escaped_end(text: &str, from: usize, name: &str) -> Option<Range<usize>> {
    let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    let line = &text[from..line_end];
    let lower = line.to_ascii_lowercase();
    for open in ["&lt;/", "\\</"] {
        let Some(i) = lower.find(&format!("{open}{name}")) else {
            continue;
        };
        let after = i + open.len() + name.len();
        for close in ["&gt;", ">"] {
            if lower[after..].starts_with(close) {
                return Some(from + i..from + after + close.len());
            }
        }
    }
    None
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    let text = &doc.text;
    // Nearly every page has no escaped component: skip the regex unless one could be there.
    let has = |needle: &memchr::memmem::Finder<'_>| needle.find(text.as_bytes()).is_some();
    let [identity, upper, lt, upper_lt, amp_hash, backslash_lt] = &*NEEDLES;
    if !((has(identity) || has(upper))
        && (has(lt) || has(upper_lt) || has(amp_hash) || has(backslash_lt)))
    {
        return;
    }
    for c in ESCAPED.captures_iter(text) {
        let (Some(m), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if doc.in_code(m.start()) {
            continue;
        }
        let name = name.as_str().to_ascii_lowercase();
        let tag = unescape(m.as_str());
        let mut edits = vec![Edit::replace(m.range(), tag.clone())];
        if let Some(end) = escaped_end(text, m.end(), &name) {
            edits.push(Edit::replace(end, format!("</{name}>")));
        }
        let f = sink
            .finding(
                Rule::EscapedComponent,
                m.range(),
                format!("component `<{name}>` is written as text"),
            )
            .with_label("the reader sees this markup, and the page script finds no element")
            .with_help(
                "write the tag itself, not its escaped form (an editor that escapes HTML \
                 does this on paste)",
            )
            .with_fix(
                Applicability::Unsafe,
                format!("write `{tag}` as HTML"),
                edits,
            );
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entity_prefix_before_a_multibyte_character_is_text() {
        assert_eq!(unescape("&gt--\u{5f9}>"), "&gt--\u{5f9}>");
        assert_eq!(unescape("&g\u{5f9}"), "&g\u{5f9}");
    }
}
