//! HTML fragments tokenised with html5gum (a WHATWG tokenizer), keeping every attribute in
//! source order with the byte ranges of its name and value.

use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// One attribute as written. Names are lowercased by the tokenizer, as browsers do; values
/// have character references decoded (`&quot;` -> `"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub name_range: Range<usize>,
    pub value: String,
    /// The value's text between its quotes (or the bare value); `None` for `<input disabled>`.
    pub value_range: Option<Range<usize>>,
    /// A second attribute of the same name: browsers ignore it.
    pub duplicate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagKind {
    Start { self_closing: bool },
    End,
    Comment(String),
}

/// A tag in a page's HTML, in file byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlTag {
    pub kind: TagKind,
    /// Lowercased tag name (empty for comments).
    pub name: String,
    /// `<` to `>` inclusive.
    pub range: Range<usize>,
    pub attrs: Vec<Attr>,
    /// Whether the tag sits in an HTML block (`true`) or inline in a paragraph (`false`).
    pub block: bool,
}

impl HtmlTag {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name && !a.duplicate)
    }

    /// The attribute `name`, or else `data-name` (how the page script reads component
    /// attributes).
    pub fn attr_or_data(&self, name: &str) -> Option<&Attr> {
        self.attr(name).or_else(|| {
            self.attrs.iter().find(|a| {
                !a.duplicate
                    && a.name
                        .strip_prefix("data-")
                        .is_some_and(|rest| rest == name)
            })
        })
    }

    pub fn is_start(&self) -> bool {
        matches!(self.kind, TagKind::Start { .. })
    }

    pub fn self_closing(&self) -> bool {
        matches!(self.kind, TagKind::Start { self_closing: true })
    }
}

/// HTML void elements (they never have content or an end tag).
pub const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

pub fn is_void(name: &str) -> bool {
    VOID_ELEMENTS.contains(&name)
}

#[derive(Default)]
struct Collector {
    tags: Vec<HtmlTag>,
    name: String,
    start: usize,
    attrs: Vec<Attr>,
}

/// Tokenises `fragment`; `map` turns an offset inside `fragment` into a file offset.
pub fn tokenize(fragment: &str, block: bool, map: &dyn Fn(usize) -> usize) -> Vec<HtmlTag> {
    let mut c = Collector::default();
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                c.name = String::from_utf8_lossy(name).into_owned();
                c.start = span.start;
                c.attrs.clear();
            }
            CallbackEvent::AttributeName { name } => {
                let name = String::from_utf8_lossy(name).into_owned();
                let duplicate = c.attrs.iter().any(|a| a.name == name);
                c.attrs.push(Attr {
                    name,
                    name_range: span.start..span.end,
                    value: String::new(),
                    value_range: None,
                    duplicate,
                });
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some(a) = c.attrs.last_mut() {
                    a.value.push_str(&String::from_utf8_lossy(value));
                    let r = a.value_range.get_or_insert(span.start..span.end);
                    r.end = span.end;
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                c.tags.push(HtmlTag {
                    kind: TagKind::Start { self_closing },
                    name: std::mem::take(&mut c.name),
                    range: c.start..span.end,
                    attrs: std::mem::take(&mut c.attrs),
                    block: false,
                });
            }
            CallbackEvent::EndTag { name } => {
                c.attrs.clear();
                c.tags.push(HtmlTag {
                    kind: TagKind::End,
                    name: String::from_utf8_lossy(name).into_owned(),
                    range: span.start..span.end,
                    attrs: Vec::new(),
                    block: false,
                });
            }
            CallbackEvent::Comment { value } => {
                c.tags.push(HtmlTag {
                    kind: TagKind::Comment(String::from_utf8_lossy(value).into_owned()),
                    name: String::new(),
                    range: span.start..span.end,
                    attrs: Vec::new(),
                    block: false,
                });
            }
            _ => {}
        }
        None::<()>
    });
    // `<script>`, `<style>`, `<textarea>`... hold text, not tags.
    emitter.naively_switch_states(true);
    let tokenizer = Tokenizer::new_with_emitter(fragment, emitter);
    for _ in tokenizer.flatten() {}
    let mut tags = c.tags;
    for tag in &mut tags {
        tag.block = block;
        tag.range = map(tag.range.start)..map(tag.range.end);
        for a in &mut tag.attrs {
            a.value_range = match a.value_range.take() {
                Some(r) => Some(fix_value_range(fragment, r, map)),
                None => empty_value_at(fragment, a.name_range.end).map(|at| map(at)..map(at)),
            };
            a.name_range = map(a.name_range.start)..map(a.name_range.end);
        }
    }
    tags
}

/// html5gum reports a value's exact span (inside the quotes, character references as written);
/// clamp it to the fragment so a malformed tag can never yield an out-of-range offset.
fn fix_value_range(fragment: &str, r: Range<usize>, map: &dyn Fn(usize) -> usize) -> Range<usize> {
    let end = r.end.min(fragment.len());
    let start = r.start.min(end);
    map(start)..map(end)
}

/// Where an attribute without a value event has its (empty) value: after `=` and an opening
/// quote, so fixes can insert there (`path=""`). `None` when the attribute has no `=` at all
/// (`<input disabled>`).
fn empty_value_at(fragment: &str, name_end: usize) -> Option<usize> {
    let rest = fragment.get(name_end..)?;
    let after_ws = rest.trim_start_matches(is_html_space);
    let after_eq = after_ws.strip_prefix('=')?;
    let value = after_eq.trim_start_matches(is_html_space);
    let at = fragment.len() - value.len();
    Some(if value.starts_with(['"', '\'']) {
        at + 1
    } else {
        at
    })
}

fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<HtmlTag> {
        tokenize(s, false, &|i| i)
    }

    #[test]
    fn attributes_in_order_with_value_ranges() {
        let s = r#"<span identity="new" tag=code prefix='@u@' default-value="a&amp;b"></span>"#;
        let t = tags(s);
        assert_eq!(t.len(), 2);
        let names: Vec<_> = t[0].attrs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["identity", "tag", "prefix", "default-value"]);
        for a in &t[0].attrs {
            assert_eq!(&s[a.name_range.clone()], a.name, "{a:?}");
        }
        let vr = |n: &str| &s[t[0].attr(n).unwrap().value_range.clone().unwrap()];
        assert_eq!(vr("identity"), "new");
        assert_eq!(vr("tag"), "code");
        assert_eq!(vr("prefix"), "@u@");
        assert_eq!(vr("default-value"), "a&amp;b");
        assert_eq!(t[0].attr("default-value").unwrap().value, "a&b");
        assert_eq!(t[1].kind, TagKind::End);
    }

    #[test]
    fn self_closing_case_and_duplicates() {
        let s = r#"<DIV Style="x" style="y"/><input id="a" disabled />"#;
        let t = tags(s);
        assert_eq!(t[0].name, "div");
        assert!(t[0].self_closing());
        assert!(t[0].attrs[1].duplicate);
        assert_eq!(t[0].attr("style").unwrap().value, "x");
        assert_eq!(&s[t[0].range.clone()], r#"<DIV Style="x" style="y"/>"#);
        assert_eq!(t[1].attr("disabled").unwrap().value_range, None);
        assert_eq!(
            &s[t[1].attr("id").unwrap().value_range.clone().unwrap()],
            "a"
        );
    }

    #[test]
    fn empty_and_unquoted_values() {
        let s = r#"<a path="" identity=old>"#;
        let t = tags(s);
        assert_eq!(t[0].attr("path").unwrap().value, "");
        assert_eq!(
            &s[t[0].attr("identity").unwrap().value_range.clone().unwrap()],
            "old"
        );
    }

    #[test]
    fn value_ranges_are_exact_for_every_quoting() {
        let s = "<a path=/settings/ b=x/ c='/y/' d=\"&#47;s&amp;t\">";
        let t = tags(s);
        let vr = |n: &str| &s[t[0].attr(n).unwrap().value_range.clone().unwrap()];
        assert_eq!(vr("path"), "/settings/");
        assert_eq!(vr("b"), "x/");
        assert_eq!(vr("c"), "/y/");
        assert_eq!(vr("d"), "&#47;s&amp;t");
        assert_eq!(t[0].attr("d").unwrap().value, "/s&t");
    }

    #[test]
    fn empty_values_have_a_position_between_the_quotes() {
        let s = "<a path=\"\" x = '' y= z disabled>";
        let t = tags(s);
        let at = |n: &str| t[0].attr(n).unwrap().value_range.clone();
        assert_eq!(at("path"), Some(9..9));
        assert_eq!(at("x"), Some(16..16));
        assert_eq!(t[0].attr("y").unwrap().value, "z");
        assert_eq!(at("disabled"), None);
    }

    #[test]
    fn multi_line_tags_with_crlf() {
        let s = "<span\r\n  IDENTITY=\"OLD\"\r\n  tag=code>";
        let t = tags(s);
        let a = t[0].attr("identity").unwrap();
        assert_eq!(&s[a.name_range.clone()], "IDENTITY");
        assert_eq!(&s[a.value_range.clone().unwrap()], "OLD");
        assert_eq!(a.value, "OLD");
        assert_eq!(
            &s[t[0].attr("tag").unwrap().value_range.clone().unwrap()],
            "code"
        );
    }

    #[test]
    fn raw_text_elements_hold_no_tags() {
        let t = tags(
            "<script>var a = '<a identity=old>';</script><textarea><span identity=new></textarea><b>",
        );
        let names: Vec<_> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["script", "script", "textarea", "textarea", "b"]);
    }

    #[test]
    fn value_ranges_keep_spaces_and_slashes_inside_quotes() {
        let s = r#"<a path=" /x/ " data-path='/y/' p=/z/>"#;
        let t = tags(s);
        let vr = |n: &str| &s[t[0].attr(n).unwrap().value_range.clone().unwrap()];
        assert_eq!(vr("path"), " /x/ ");
        assert_eq!(vr("data-path"), "/y/");
        assert_eq!(vr("p"), "/z/");
        assert_eq!(t[0].attr("path").unwrap().value, " /x/ ");
    }

    #[test]
    fn comments() {
        let t = tags("<!-- guide-lint-disable GL101 -->");
        assert_eq!(
            t[0].kind,
            TagKind::Comment(" guide-lint-disable GL101 ".into())
        );
    }
}
