//! HTML fragments tokenised with html5gum (a WHATWG tokenizer), keeping every attribute in
//! source order with the byte ranges of its name and value.

use std::borrow::Cow;
use std::ops::Range;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// One attribute as written. Names are lowercased by the tokenizer, as browsers do; values
/// have character references decoded (`&quot;` -> `"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: Name,
    pub name_range: Range<usize>,
    pub value: String,
    /// The value's text between its quotes (or the bare value); `None` for `<input disabled>`.
    pub value_range: Option<Range<usize>>,
    /// A second attribute of the same name: browsers ignore it.
    pub duplicate: bool,
}

/// A lowercased tag or attribute name, read as a `str`. The names guide pages use most are
/// shared constants: a page of components does not allocate a name per tag and attribute.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Cow<'static, str>);

/// The names [`Name`] shares rather than allocating (lowercase elements and attributes).
fn known_name(name: &[u8]) -> Option<&'static str> {
    macro_rules! known {
        ($($n:literal),* $(,)?) => {
            match name {
                $(n if n == $n.as_bytes() => Some($n),)*
                _ => None,
            }
        };
    }
    known!(
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "button",
        "code",
        "details",
        "div",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "iframe",
        "img",
        "input",
        "kbd",
        "label",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "source",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "video",
        "align",
        "alt",
        "class",
        "default",
        "default-value",
        "height",
        "href",
        "id",
        "identity",
        "markdown",
        "name",
        "path",
        "placeholder",
        "prefix",
        "rel",
        "src",
        "style",
        "tag",
        "target",
        "title",
        "type",
        "value",
        "width"
    )
}

impl Name {
    /// `name` lowercased (ASCII letters only, as HTML does).
    pub fn lowercase(name: &str) -> Name {
        // Names are mostly written in lowercase already: looked up as they are.
        if !name.bytes().any(|b| b.is_ascii_uppercase()) {
            return match known_name(name.as_bytes()) {
                Some(known) => Name(Cow::Borrowed(known)),
                None => Name(Cow::Owned(name.to_string())),
            };
        }
        let lower = name.to_ascii_lowercase();
        match known_name(lower.as_bytes()) {
            Some(known) => Name(Cow::Borrowed(known)),
            None => Name(Cow::Owned(lower)),
        }
    }

    /// A name as html5gum gives it (lowercased already, possibly not UTF-8).
    fn from_bytes(name: &[u8]) -> Name {
        match Self::known(name) {
            Some(known) => Name(Cow::Borrowed(known)),
            None => Name(Cow::Owned(String::from_utf8_lossy(name).into_owned())),
        }
    }

    fn known(name: &[u8]) -> Option<&'static str> {
        known_name(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl From<&str> for Name {
    fn from(name: &str) -> Name {
        Name(Cow::Owned(name.to_string()))
    }
}

impl From<String> for Name {
    fn from(name: String) -> Name {
        Name(Cow::Owned(name))
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
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
    pub name: Name,
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
    name: Name,
    start: usize,
    attrs: Vec<Attr>,
}

/// Tokenises `fragment`; `map` turns an offset inside `fragment` into a file offset.
///
/// Most fragments are one plain tag (`<span identity="new">`, `</a>`, `<!-- note -->`) or a
/// block of them: those are read by [`simple`], which gives up on anything else (character
/// references, raw-text elements, unclosed tags, unusual names...); html5gum reads the rest.
pub fn tokenize(fragment: &str, block: bool, map: &dyn Fn(usize) -> usize) -> Vec<HtmlTag> {
    let mut tags = Vec::new();
    tokenize_into(fragment, block, map, &mut tags);
    tags
}

/// [`tokenize`], appending the tags to `out`.
pub fn tokenize_into(
    fragment: &str,
    block: bool,
    map: &dyn Fn(usize) -> usize,
    out: &mut Vec<HtmlTag>,
) {
    let from = out.len();
    if simple(fragment, out).is_none() {
        out.truncate(from);
        out.extend(html5gum_tags(fragment));
    }
    finish(fragment, &mut out[from..], block, map);
}

/// The tags html5gum reads in `fragment`, in fragment offsets.
fn html5gum_tags(fragment: &str) -> Vec<HtmlTag> {
    let mut c = Collector::default();
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                c.name = Name::from_bytes(name);
                c.start = span.start;
                c.attrs.clear();
            }
            CallbackEvent::AttributeName { name } => {
                c.attrs.push(Attr {
                    name: Name::from_bytes(name),
                    name_range: span.start..span.end,
                    value: String::new(),
                    value_range: None,
                    duplicate: false,
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
                    name: Name::from_bytes(name),
                    range: span.start..span.end,
                    attrs: Vec::new(),
                    block: false,
                });
            }
            CallbackEvent::Comment { value } => {
                c.tags.push(HtmlTag {
                    kind: TagKind::Comment(String::from_utf8_lossy(value).into_owned()),
                    name: Name::default(),
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
    c.tags
}

/// Marks duplicate attributes, and turns fragment offsets into file offsets.
fn finish(fragment: &str, tags: &mut [HtmlTag], block: bool, map: &dyn Fn(usize) -> usize) {
    for tag in tags {
        mark_duplicates(&mut tag.attrs);
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
}

/// Marks each attribute named like an earlier one of its tag. A set rather than comparing every
/// pair when a tag has many (a generated page can hold a tag of thousands).
fn mark_duplicates(attrs: &mut [Attr]) {
    if attrs.len() <= 16 {
        for i in 1..attrs.len() {
            let (before, rest) = attrs.split_at_mut(i);
            rest[0].duplicate = before.iter().any(|a| a.name == rest[0].name);
        }
        return;
    }
    let mut seen = std::collections::HashSet::with_capacity(attrs.len());
    for a in attrs.iter_mut() {
        a.duplicate = !seen.insert(a.name.clone());
    }
}

/// Elements whose content html5gum reads as text (`naive_next_state`): a fragment holding one
/// is left to it.
const RAW_TEXT: &[&str] = &[
    "textarea",
    "title",
    "plaintext",
    "script",
    "style",
    "iframe",
    "xmp",
    "noembed",
    "noframe",
    "noscript",
];

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0C')
}

/// A byte of a tag or attribute name [`simple`] reads (html5gum takes more).
fn is_name_byte(b: u8) -> bool {
    NAME_BYTES[usize::from(b)]
}

/// The bytes of a plain tag or attribute name, as a table (names are read byte by byte, and
/// a page of components holds many).
const NAME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.' | b'@');
        i += 1;
    }
    table
};

/// The tags of `fragment` as html5gum reads them (in fragment offsets, duplicates not yet
/// marked), when every `<` in it is text or opens a plain tag: a start tag with quoted or
/// simple unquoted attribute values and no character reference, an end tag without
/// attributes, or a comment without `--` inside. `None` for anything else, which html5gum
/// reads (checked against it by a property test).
fn simple(fragment: &str, tags: &mut Vec<HtmlTag>) -> Option<()> {
    let b = fragment.as_bytes();
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'<', &b[at..]) {
        let lt = at + i;
        match b.get(lt + 1) {
            Some(c) if c.is_ascii_alphabetic() => {
                let (tag, end) = start_tag(fragment, lt)?;
                if RAW_TEXT.contains(&tag.name.as_str()) {
                    return None;
                }
                tags.push(tag);
                at = end;
            }
            Some(b'/') => {
                let name_end =
                    lt + 2 + b[lt + 2..].iter().take_while(|&&c| is_name_byte(c)).count();
                if name_end == lt + 2 || !b[lt + 2].is_ascii_alphabetic() {
                    return None;
                }
                let gt = name_end + b[name_end..].iter().take_while(|&&c| is_space(c)).count();
                if b.get(gt) != Some(&b'>') {
                    return None;
                }
                tags.push(HtmlTag {
                    kind: TagKind::End,
                    name: Name::lowercase(&fragment[lt + 2..name_end]),
                    range: lt..gt + 1,
                    attrs: Vec::new(),
                    block: false,
                });
                at = gt + 1;
            }
            Some(b'!') => {
                let body = lt + 4;
                if !b[lt..].starts_with(b"<!--") {
                    return None;
                }
                let len = memchr::memmem::find(&b[body..], b"--")?;
                let text = &b[body..body + len];
                if !b[body + len..].starts_with(b"-->")
                    || text.starts_with(b">")
                    || text.starts_with(b"->")
                    || text.iter().any(|&c| c == 0 || c == b'\r')
                {
                    return None;
                }
                tags.push(HtmlTag {
                    kind: TagKind::Comment(fragment[body..body + len].to_string()),
                    name: Name::default(),
                    range: lt..body + len + 3,
                    attrs: Vec::new(),
                    block: false,
                });
                at = body + len + 3;
            }
            Some(b'?') => return None,
            // `<` before a space, a digit, other punctuation or the end is text.
            _ => at = lt + 1,
        }
    }
    Some(())
}

/// A start tag at `lt` (`<` then an ASCII letter) and where it ends, when it is plain.
fn start_tag(fragment: &str, lt: usize) -> Option<(HtmlTag, usize)> {
    let b = fragment.as_bytes();
    // Every range below starts and ends next to an ASCII byte (or the fragment's end).
    let text = |r: Range<usize>| fragment.get(r);
    let name_end = lt + 1 + b[lt + 1..].iter().take_while(|&&c| is_name_byte(c)).count();
    let name = Name::lowercase(text(lt + 1..name_end)?);
    let mut attrs = Vec::new();
    let mut i = name_end;
    loop {
        let before = i;
        while b.get(i).is_some_and(|&c| is_space(c)) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => {
                let kind = TagKind::Start {
                    self_closing: false,
                };
                return Some((tag(kind, name, lt..i + 1, attrs), i + 1));
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                let kind = TagKind::Start { self_closing: true };
                return Some((tag(kind, name, lt..i + 2, attrs), i + 2));
            }
            // Attributes are apart from the name and from each other.
            c if is_name_byte(c) && i > before => {}
            _ => return None,
        }
        let start = i;
        while b.get(i).is_some_and(|&c| is_name_byte(c)) {
            i += 1;
        }
        let name_range = start..i;
        let mut j = i;
        while b.get(j).is_some_and(|&c| is_space(c)) {
            j += 1;
        }
        let mut value_range = None;
        if b.get(j) == Some(&b'=') {
            j += 1;
            while b.get(j).is_some_and(|&c| is_space(c)) {
                j += 1;
            }
            match *b.get(j)? {
                q @ (b'"' | b'\'') => {
                    let len = memchr::memchr(q, &b[j + 1..])?;
                    let value = j + 1..j + 1 + len;
                    if memchr::memchr3(b'&', b'\r', 0, &b[value.clone()]).is_some() {
                        return None;
                    }
                    i = value.end + 1;
                    // A quoted value is followed by a space, `/>` or `>`.
                    if !b
                        .get(i)
                        .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
                    {
                        return None;
                    }
                    value_range = Some(value);
                }
                _ => {
                    let len = b[j..]
                        .iter()
                        .take_while(|&&c| !is_space(c) && c != b'>')
                        .count();
                    let value = j..j + len;
                    if len == 0
                        || b[value.clone()].iter().any(|&c| {
                            matches!(c, b'"' | b'\'' | b'<' | b'=' | b'`' | b'&' | b'\r' | 0)
                        })
                    {
                        return None;
                    }
                    i = value.end;
                    value_range = Some(value);
                }
            }
        } else if !b
            .get(i)
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            // `<a b"c">`, `<a bé>`: html5gum reads those names its own way.
            return None;
        }
        let value = match &value_range {
            Some(r) => text(r.clone())?.to_string(),
            None => String::new(),
        };
        attrs.push(Attr {
            name: Name::lowercase(text(name_range.clone())?),
            name_range,
            // An empty value is where `finish` finds it, as for html5gum (which reports none).
            value_range: value_range.filter(|r| !r.is_empty()),
            value,
            duplicate: false,
        });
    }
}

fn tag(kind: TagKind, name: Name, range: Range<usize>, attrs: Vec<Attr>) -> HtmlTag {
    HtmlTag {
        kind,
        name,
        range,
        attrs,
        block: false,
    }
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
    use proptest::prelude::*;

    fn tags(s: &str) -> Vec<HtmlTag> {
        tokenize(s, false, &|i| i)
    }

    #[test]
    fn names_read_as_their_lowercase_text() {
        for written in [
            "span",
            "SPAN",
            "Span",
            "a",
            "A",
            "identity",
            "IDENTITY",
            "data-x",
            "Default-Value",
            "my-component",
            "x",
            "",
            "h7",
            "spans",
            "img2",
            "é",
            "DIVé",
        ] {
            let lower = written.to_ascii_lowercase();
            let name = Name::lowercase(written);
            assert_eq!(name, lower.as_str());
            assert_eq!(name.as_str(), lower);
            assert_eq!(format!("{name:?}"), format!("{lower:?}"));
            assert_eq!(format!("{name}"), lower);
            assert_eq!(Name::from_bytes(lower.as_bytes()), name);
            assert_eq!(name, Name::from(lower.as_str()));
        }
        // Not UTF-8 (html5gum can report such bytes): read as lossy text.
        assert_eq!(Name::from_bytes(b"a\xffb"), "a\u{fffd}b");
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

    /// The fast reader and html5gum, both finished with file offsets equal to fragment ones.
    fn both(s: &str) -> (Option<Vec<HtmlTag>>, Vec<HtmlTag>) {
        let id = |i| i;
        let mut fast = Vec::new();
        let fast = simple(s, &mut fast).map(|()| {
            finish(s, &mut fast, false, &id);
            fast
        });
        let mut slow = html5gum_tags(s);
        finish(s, &mut slow, false, &id);
        (fast, slow)
    }

    #[test]
    fn plain_tags_take_the_fast_path() {
        for s in [
            r#"<span identity="old" tag="code" default="old-server.com">"#,
            "</span>",
            "<!-- guide-lint-disable GL101 -->",
            r#"<a identity="new" target="_blank" path="/settings/export">"#,
            "<br/>",
            "<img src=x.png width=100 alt='Æble, pære'>",
            "<div>\n  <p align=\"center\">text & more <b>bold</b></p>\n</div>\n",
            "a < b <input disabled id=\"x\" />",
            "<a path=\"\" x = '' y= z disabled>",
        ] {
            let (fast, slow) = both(s);
            assert_eq!(fast.as_ref(), Some(&slow), "{s:?}");
            assert!(!slow.is_empty(), "{s:?}");
        }
    }

    #[test]
    fn unusual_tags_are_left_to_html5gum() {
        for s in [
            "<a title=\"a&amp;b\">",
            "<script>var a = '<b>';</script>",
            "<a b=\"c\"d>",
            "<!DOCTYPE html>",
            "<!-- a -- b -->",
            "<a",
            "</ a>",
            "<?php ?>",
            "<a b=>",
        ] {
            assert_eq!(simple(s, &mut Vec::new()), None, "{s:?}");
        }
    }

    /// Pieces that make tags, broken tags and text: random sequences of them hit every branch
    /// of the fast reader and many of html5gum's error paths.
    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "<",
            ">",
            "/",
            "=",
            "\"",
            "'",
            " ",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "\x0C",
            "-",
            "!",
            "?",
            "&",
            "&amp;",
            "&#47;",
            "a",
            "B",
            "x1",
            "span",
            "SPAN",
            "identity",
            "data-path",
            "_:.@",
            "script",
            "title",
            "Æ",
            "é",
            "\0",
            "\u{1}",
            "`",
            "<!--",
            "-->",
            "--",
            "<!",
            "</",
            "/>",
            "<a ",
            "</a>",
            "=\"",
            "\" ",
            "='",
            "' ",
            "<b x=\"1\">",
            "<!-- c -->",
            "\u{FFFF}",
        ])
    }

    /// A plain tag (or text) with random spacing and quoting.
    fn shaped() -> impl Strategy<Value = String> {
        let name = proptest::sample::select(vec!["a", "span", "Img", "x-y", "br", "P"]);
        let attr = (
            proptest::sample::select(vec!["id", "Path", "data-x", "a:b", "@click", "id"]),
            proptest::sample::select(vec!["", " ", "\n"]),
            proptest::sample::select(vec![
                "",
                "=\"v\"",
                "='v w'",
                "=v",
                "=\"\"",
                "=''",
                "=\"a>b\"",
                "=/x/",
                "=\"Æ\"",
                " = \"s\"",
                "=\"a&amp;b\"",
                "='&lt'",
                "=&#47;",
                "=\"x\ry\"",
                "=\"\0\"",
            ]),
        );
        let attrs = proptest::collection::vec(attr, 0..4);
        let end = proptest::sample::select(vec![">", "/>", " >", " />", "\n>"]);
        (name, attrs, end, 0..4u8, "[a-z <>&\n]{0,6}").prop_map(|(n, attrs, end, kind, text)| {
            match kind {
                0 => {
                    let mut s = format!("<{n}");
                    for (a, sep, v) in attrs {
                        s.push(' ');
                        s.push_str(a);
                        s.push_str(sep);
                        s.push_str(v);
                    }
                    s.push_str(end);
                    s
                }
                1 => format!("</{n}{}", if end.contains('/') { ">" } else { end }),
                2 => format!("<!--{text}-->"),
                _ => text,
            }
        })
    }

    /// Whatever the fast reader reads of `s`, html5gum reads the same.
    fn agree(s: &str) -> Result<(), TestCaseError> {
        let (fast, slow) = both(s);
        if let Some(fast) = fast {
            prop_assert_eq!(fast, slow, "{:?}", s);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn the_fast_reader_agrees_with_html5gum(
            pieces in proptest::collection::vec(piece(), 0..24),
        ) {
            agree(&pieces.concat())?;
        }

        #[test]
        fn the_fast_reader_agrees_with_html5gum_on_plain_tags(
            parts in proptest::collection::vec(shaped(), 1..8),
        ) {
            agree(&parts.concat())?;
        }
    }

    #[test]
    fn many_attributes_are_marked_duplicate_once_repeated() {
        let mut s = String::from("<a");
        for i in 0..40 {
            s.push_str(&format!(" a{} x{}", i % 20, i));
        }
        s.push('>');
        let t = tags(&s);
        let dup: Vec<bool> = t[0].attrs.iter().map(|a| a.duplicate).collect();
        let want: Vec<bool> = (0..80).map(|i| i / 2 >= 20 && i % 2 == 0).collect();
        assert_eq!(dup, want);
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
