//! Front matter in Wiki.js's format: `---` on the first line, YAML, `---`.
//!
//! Wiki.js (`docs/wikijs.md#header-on-import`) matches `^---\n(YAML)\n---` and parses the YAML with
//! js-yaml. We keep both the parsed value (for GL307's checks) and the raw `key: value` lines
//! with their byte ranges, so findings and fixes point at the exact field.

use std::ops::Range;

/// One `key: value` line of the header, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub key_range: Range<usize>,
    /// The raw value text after `key:` (trimmed), as written.
    pub value: String,
    pub value_range: Range<usize>,
}

/// A YAML error inside the header, at a byte offset of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The whole header, both `---` lines included, up to and including the closing line's
    /// line break.
    pub range: Range<usize>,
    /// The YAML between the delimiters.
    pub yaml_range: Range<usize>,
    pub fields: Vec<Field>,
    /// The parsed header, or why it does not parse.
    pub parsed: Result<serde_norway::Value, YamlError>,
}

impl FrontMatter {
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The header's top-level keys: the parsed mapping's when the YAML parses (a quoted
    /// `"title"`, `title : x`, `{title: x}` included, as js-yaml reads them), else the fields
    /// the line scan found.
    fn top_level_keys(&self) -> Vec<&str> {
        match &self.parsed {
            Ok(serde_norway::Value::Mapping(map)) => {
                map.keys().filter_map(serde_norway::Value::as_str).collect()
            }
            Ok(_) => Vec::new(),
            Err(_) => self.fields.iter().map(|f| f.key.as_str()).collect(),
        }
    }

    /// Whether the header holds a key Wiki.js writes or reads and MkDocs page metadata does
    /// not: `editor`, `dateCreated` and `published` (what its git storage writes on every page),
    /// `isPublished` (what its importer reads; `build` and `sync` write it). Any case: `Editor:`
    /// is a mistake on a Wiki.js page, not MkDocs metadata.
    pub fn written_for_wikijs(&self) -> bool {
        self.top_level_keys().iter().any(|k| {
            ["editor", "datecreated", "published", "ispublished"]
                .iter()
                .any(|w| k.eq_ignore_ascii_case(w))
        })
    }

    /// Whether the header names a Wiki.js page: [`FrontMatter::written_for_wikijs`], or a
    /// `title` (what a Wiki.js page is imported with), or no key at all (an empty header, or one
    /// that does not read). A header of other keys alone (`glightbox: false`, `hide: [toc]`,
    /// `icon: lucide/book`) is MkDocs page metadata as likely.
    pub fn names_a_wiki_page(&self) -> bool {
        let keys = self.top_level_keys();
        keys.is_empty()
            || keys.iter().any(|k| k.eq_ignore_ascii_case("title"))
            || self.written_for_wikijs()
    }

    /// Whether the header holds a key Wiki.js neither writes nor reads ([`WIKIJS_KEYS`], any
    /// case): an agent skill file's `name`, a decision record's `status`, a site generator's
    /// `sidebar_position` or `layout`. With no title and no key only Wiki.js writes
    /// ([`FrontMatter::names_a_wiki_page`]), such a header is another tool's.
    pub fn holds_a_key_wikijs_ignores(&self) -> bool {
        self.top_level_keys()
            .iter()
            .any(|k| !WIKIJS_KEYS.iter().any(|w| k.eq_ignore_ascii_case(w)))
    }

    /// Whether the header holds a key that only Material for MkDocs or a MkDocs plugin reads
    /// from a page ([`MKDOCS_KEYS`]). With a header that names no Wiki.js page
    /// ([`FrontMatter::names_a_wiki_page`]), that makes it MkDocs page metadata. A header of
    /// other keys alone (`author: x`) says nothing either way.
    pub fn holds_mkdocs_key(&self) -> bool {
        self.top_level_keys()
            .iter()
            .any(|k| MKDOCS_KEYS.contains(k))
    }
}

/// The header keys Wiki.js 2.5's git storage writes (`title`, `description`, `published`,
/// `date`, `tags`, `editor`, `dateCreated`) or reads on import (`isPublished` too); see
/// `docs/wikijs.md#header-on-import`.
const WIKIJS_KEYS: [&str; 8] = [
    "title",
    "description",
    "published",
    "date",
    "tags",
    "editor",
    "dateCreated",
    "isPublished",
];

/// Page metadata keys that Material for MkDocs and MkDocs plugins read and Wiki.js neither writes
/// nor reads (it writes `title`, `description`, `published`, `date`, `tags`, `editor` and
/// `dateCreated`, reads `isPublished` too on import, and ignores every other key; see
/// `docs/wikijs.md#header-on-import`), and that other Markdown tools do not use as well:
/// Material's `icon` and `hide`, mkdocs-glightbox's `glightbox`, mkdocs-macros'
/// `render_macros`. (`status`, `template`, `search`, `authors` and `categories` are MkDocs
/// metadata too, but also what decision records, blogs and other site generators write.)
///
/// Written as those tools read them: YAML keys are case-sensitive there.
const MKDOCS_KEYS: [&str; 4] = ["icon", "hide", "glightbox", "render_macros"];

/// Whether the text (after a byte order mark, if any) starts with a header that holds a key
/// Wiki.js writes or reads and MkDocs page metadata does not
/// ([`FrontMatter::written_for_wikijs`]; see `docs/wikijs.md`).
pub fn written_by_wikijs(text: &str) -> bool {
    parse(text, if text.starts_with('\u{feff}') { 3 } else { 0 })
        .is_some_and(|f| f.written_for_wikijs())
}

/// Finds and parses the header at `base` (the offset after a BOM). Returns `None` when the file
/// has no header. An opening `---` without a closing one is not a header (Wiki.js's regex does
/// not match it either), so it stays content.
pub fn parse(text: &str, base: usize) -> Option<FrontMatter> {
    let (yaml_range, end) = delimit(text, base)?;
    let mut fields = Vec::new();
    let mut pos = yaml_range.start;
    while pos < yaml_range.end {
        let line_end = next_line_break(text, pos);
        if let Some(field) = scan_field(text[pos..line_end].trim_end_matches('\r'), pos) {
            fields.push(field);
        }
        pos = line_end + 1;
    }
    let parsed = parse_yaml(&text[yaml_range.clone()], yaml_range.start, text);
    Some(FrontMatter {
        range: base..end,
        yaml_range,
        fields,
        parsed,
    })
}

/// Where the header at `base` ends (after its closing line's line break), without reading its
/// YAML; `None` when the file has no header.
pub fn header_end(text: &str, base: usize) -> Option<usize> {
    delimit(text, base).map(|(_, end)| end)
}

/// The header at `base`: the YAML between its delimiters, and where the header ends.
fn delimit(text: &str, base: usize) -> Option<(Range<usize>, usize)> {
    let rest = &text[base..];
    let first_len = if rest.starts_with("---\n") {
        4
    } else if rest.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let yaml_start = base + first_len;
    let mut pos = yaml_start;
    while pos < text.len() {
        let line_end = next_line_break(text, pos);
        if text[pos..line_end].trim_end_matches('\r') == "---" {
            let end = if line_end < text.len() {
                line_end + 1
            } else {
                line_end
            };
            return Some((yaml_start..pos, end));
        }
        pos = line_end + 1;
    }
    None
}

/// Where the line starting at `pos` ends: its `\n`, or the end of `text`. A byte search: a
/// header's lines are short, and `str::find` set up a searcher for each.
fn next_line_break(text: &str, pos: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i)
}

fn scan_field(line: &str, pos: usize) -> Option<Field> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let key = &line[..colon];
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    let after = &line[colon + 1..];
    let lead = after.len() - after.trim_start().len();
    let value = after.trim();
    let value_start = pos + colon + 1 + lead;
    Some(Field {
        key: key.to_string(),
        key_range: pos..pos + colon,
        value: value.to_string(),
        value_range: value_start..value_start + value.len(),
    })
}

/// The largest header handed to the YAML parser. Wiki.js headers are a few hundred bytes.
pub const MAX_HEADER_SIZE: usize = 64 << 10;
/// The deepest nesting of flow collections (`[`, `{`) or indentation levels a header may have.
/// The YAML scanner's cost grows faster than the input with nesting depth.
pub const MAX_HEADER_DEPTH: usize = 64;

/// Refuses a header the YAML parser should not see: larger than [`MAX_HEADER_SIZE`] or nested
/// deeper than [`MAX_HEADER_DEPTH`]. One pass, before parsing. Returns the message and the
/// offset in `yaml`.
fn guard(yaml: &str) -> Option<(String, usize)> {
    if yaml.len() > MAX_HEADER_SIZE {
        return Some((
            format!(
                "header is {} KiB; guide-lint reads headers of at most {} KiB",
                yaml.len().div_ceil(1024),
                MAX_HEADER_SIZE >> 10
            ),
            0,
        ));
    }
    // No flow collection and no indented line (a Wiki.js header: `key: value` lines): one
    // level of nesting at most, found by two vectorised searches instead of a look at each
    // byte.
    let b = yaml.as_bytes();
    if memchr::memchr2(b'[', b'{', b).is_none()
        && !b.starts_with(b" ")
        && !b.starts_with(b"\t")
        && crate::util::find_bytes!(b, b"\n ").is_none()
        && crate::util::find_bytes!(b, b"\n\t").is_none()
    {
        return None;
    }
    // Flow nesting, counted outside quoted scalars (an over-count only refuses sooner).
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut indents: Vec<usize> = Vec::new();
    let mut line_start = true;
    for (i, &b) in yaml.as_bytes().iter().enumerate() {
        if line_start && quote.is_none() && depth == 0 {
            // Block nesting: the number of distinct indentation levels open at this line.
            let rest = &yaml.as_bytes()[i..];
            let indent = rest.iter().take_while(|&&c| c == b' ').count();
            let blank = matches!(rest.get(indent), None | Some(b'\n' | b'\r' | b'#'));
            if !blank {
                while indents.last().is_some_and(|&d| d >= indent) {
                    indents.pop();
                }
                indents.push(indent);
                if indents.len() > MAX_HEADER_DEPTH {
                    return Some((too_deep(indents.len()), i));
                }
            }
        }
        line_start = b == b'\n';
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_HEADER_DEPTH {
                    return Some((too_deep(depth), i));
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b'\n') if depth == 0 => quote = None,
            _ => {}
        }
        if b == b'\n' && quote.is_some_and(|q| q == b'\'') && depth == 0 {
            // An apostrophe in plain text (`title: it's`) is not a quote.
            quote = None;
        }
    }
    None
}

fn too_deep(depth: usize) -> String {
    format!("header nested {depth} levels deep; guide-lint reads at most {MAX_HEADER_DEPTH}")
}

fn parse_yaml(yaml: &str, offset: usize, text: &str) -> Result<serde_norway::Value, YamlError> {
    if yaml.trim().is_empty() {
        return Ok(serde_norway::Value::Null);
    }
    if let Some((message, at)) = guard(yaml) {
        return Err(YamlError {
            message,
            offset: super::line_index::floor_char_boundary(text, offset + at),
        });
    }
    if let Some(value) = simple_yaml(yaml) {
        return Ok(value);
    }
    serde_norway::from_str::<serde_norway::Value>(yaml).map_err(|e| {
        let at = e.location().map_or(0, |l| l.index()).min(yaml.len());
        let message = e.to_string();
        // serde_norway appends " at line X column Y" to its message; the position is shown by the
        // renderer instead.
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        YamlError {
            message,
            offset: super::line_index::floor_char_boundary(text, offset + at),
        }
    })
}

/// The header as serde_norway reads it, when it is only `key: value` lines (blank lines
/// between) of plain one-line values: most Wiki.js headers (`title: Tips & Tricks`,
/// `published: true`, `date: 2023-01-02T17:43:00.117Z`). `None` for anything else (quotes,
/// lists, indentation, comments, numbers, a repeated key...), which serde_norway reads
/// (checked against it by a property test).
fn simple_yaml(yaml: &str) -> Option<serde_norway::Value> {
    // Sized once for its lines (a header's keys), not grown (and rehashed) as they come.
    let mut map = serde_norway::Mapping::with_capacity(
        memchr::memchr_iter(b'\n', yaml.as_bytes()).count() + 1,
    );
    let mut at = 0;
    while at < yaml.len() {
        let end = next_line_break(yaml, at);
        let line = &yaml[at..end];
        at = end + 1;
        if line.is_empty() {
            continue;
        }
        // Far below the YAML scanner's limit on the length of a key's line.
        if line.len() > 512 {
            return None;
        }
        let colon = memchr::memchr(b':', line.as_bytes())?;
        let (key, after) = (&line[..colon], &line[colon + 1..]);
        if !(after.is_empty() || after.starts_with(' ')) {
            return None;
        }
        let value = after.trim_matches(' ');
        let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !key_ok || !plain_value(value) {
            return None;
        }
        // A repeated key is serde_norway's error to report.
        if map.insert(scalar(key)?, scalar(value)?).is_some() {
            return None;
        }
    }
    (!map.is_empty()).then_some(serde_norway::Value::Mapping(map))
}

/// Whether `value` (trimmed) is a plain YAML scalar of one line that [`scalar`] may resolve: no
/// indicator first, no `: ` or ` #` inside, no flow brackets, and only characters YAML prints
/// (no tab, carriage return, NEL, line or paragraph separator, byte order mark).
fn plain_value(value: &str) -> bool {
    if value.is_empty() {
        return true;
    }
    let starts_indicator = value.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`',
    ]);
    !starts_indicator
        && !value.ends_with(':')
        && !value
            .as_bytes()
            .windows(2)
            .any(|w| w == b": " || w == b" #")
        && value.chars().all(|c| match c {
            '[' | ']' | '{' | '}' => false,
            ' '..='~' => true,
            '\u{A0}'..='\u{D7FF}' => !matches!(c, '\u{2028}' | '\u{2029}'),
            '\u{E000}'..='\u{FFFD}' => c != '\u{FEFF}',
            c => c >= '\u{10000}',
        })
}

/// A plain scalar resolved as serde_norway resolves it, when that is sure without parsing a
/// number: null, a boolean, or a string no number parser accepts. `None` for the rest.
fn scalar(s: &str) -> Option<serde_norway::Value> {
    use serde_norway::Value;
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    (!maybe_number(s)).then(|| Value::String(s.to_string()))
}

/// Whether serde_norway might read the plain scalar `s` as a number: integers (decimal, `0x`,
/// `0o`, `0b`, signed) and floats (`1.5`, `1e3`, `-.5`, `.inf`, `.nan`) need a digit or a dot
/// and are read by Rust's integer and float parsers, which refuse `_` and a second `.`; their
/// letters are hex digits, radix prefixes and those of `.inf` and `.nan` (`inf`, `infinity` and
/// `nan` without the dot parse too, but serde_norway keeps only finite floats). Anything else
/// (`0.4.3`, `04_01_enum`, `v1.2`) is a string.
fn maybe_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().any(|&c| c.is_ascii_digit() || c == b'.')
        && b.iter().filter(|&&c| c == b'.').count() <= 1
        && b.iter().all(|&c| {
            c.is_ascii_hexdigit()
                || matches!(
                    c,
                    b'.' | b'+' | b'-' | b'x' | b'o' | b'i' | b'n' | b'I' | b'N'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_header_written_by_wikijs_is_told_from_mkdocs_metadata() {
        let wikijs = "---\ntitle: Tips\ndescription: \npublished: true\ndate: 2023-01-02T17:43:00.117Z\n\
                      tags: a, b\neditor: markdown\ndateCreated: 2023-01-02T14:38:56.051Z\n---\n\nText\n";
        assert!(written_by_wikijs(wikijs));
        assert!(written_by_wikijs(&format!(
            "\u{feff}{}",
            wikijs.replace('\n', "\r\n")
        )));
        for header in [
            "dateCreated: 2023-01-02",
            "published: false",
            "isPublished: false",
            "\"editor\": markdown",
            "Editor : markdown",
            "{title: Hej, published: true}",
        ] {
            assert!(
                written_by_wikijs(&format!("---\n{header}\n---\n")),
                "{header}"
            );
        }
        for mkdocs in [
            "---\ntitle: Post\ndate: 2024-03-20\ntags:\n  - test\n---\n# Post\n",
            "---\nmeta:\n  editor: vim\n---\n",
            "# No header\n\neditor: markdown\n",
            "---\neditor: markdown\n",
            "",
        ] {
            assert!(!written_by_wikijs(mkdocs), "{mkdocs:?}");
        }
    }

    #[test]
    fn plain_headers_take_the_fast_path() {
        let yaml = "title: Skift af server, del 0\ndescription: \npublished: true\n\ndate: 2023-01-02T17:43:00.117Z\ntags: mastodon, new to mastodon\neditor: markdown\n";
        let fast = simple_yaml(yaml).expect("plain");
        assert_eq!(Some(fast), serde_norway::from_str(yaml).ok());
        // Version-like and snake-case titles are strings, not numbers: no parse needed.
        for plain in ["title: 0.4.3\n", "title: 04_01_enum\n", "title: v1.2\n"] {
            let fast = simple_yaml(plain).expect(plain);
            assert_eq!(Some(fast), serde_norway::from_str(plain).ok(), "{plain:?}");
        }
        for other in [
            "title: 'quoted'\n",
            "n: 12\n",
            "x: 1.5\n",
            "a: b # note\n",
            "tags:\n  - a\n",
            "a: x\na: y\n",
            "title: Step 1: export\n",
        ] {
            assert_eq!(simple_yaml(other), None, "{other:?}");
        }
    }

    fn yaml_line() -> impl Strategy<Value = String> {
        let key = proptest::sample::select(vec![
            "title", "Title", "a-b", "x_1", "true", "null", "on", "y", "tags", "t", "1a", "~",
        ]);
        let sep = proptest::sample::select(vec![": ", ":", ":  ", ":x", " : ", ":\t"]);
        let indent = proptest::sample::select(vec!["", "", "", " ", "- ", "#"]);
        (indent, key, sep, proptest::collection::vec(piece(), 0..3))
            .prop_map(|(indent, key, sep, value)| format!("{indent}{key}{sep}{}\n", value.concat()))
    }

    /// Pieces of values: scalars of every type serde_norway resolves, indicators, and what
    /// is close to them.
    fn piece() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "true",
            "True",
            "",
            "~",
            "null",
            "1",
            "0x1F",
            "1.5",
            ".inf",
            "-1",
            "+1",
            "007",
            "1e3",
            "1_000",
            "a b",
            "it's",
            "C#",
            " #c",
            "x #y",
            "Æble",
            "a: b",
            "a:b",
            "[a]",
            "a, b",
            "-x",
            "'q'",
            "\"q\"",
            "2023-01-02T17:43:00.117Z",
            "nan",
            "inf",
            "-inf",
            "\t",
            "\u{85}",
            "\u{2028}",
            "end:",
            "&a",
            "*a",
            "!t",
            "|",
            ">",
            "%",
            "@",
            "`",
            "?",
            " ",
            "\r",
            "{",
            "}",
            "é",
            "\u{FEFF}",
            "\u{1}",
            "0o7",
            "-.5",
            "1.",
            "e",
            "E5",
            "0.4.3",
            "04_01_enum",
            "v1.2",
            "0b101",
            "-0x1f",
            "+.inf",
            ".NaN",
            "-.INF",
            "1.5e-3",
            "0X1F",
            "infinity",
            "1.5.",
            "_",
            "beta",
        ])
    }

    proptest! {
        #[test]
        fn the_fast_header_reader_agrees_with_serde_norway(
            lines in proptest::collection::vec(yaml_line(), 1..6),
            blank in proptest::bool::ANY,
        ) {
            let mut yaml = lines.concat();
            if blank {
                yaml.insert(0, '\n');
            }
            if let Some(fast) = simple_yaml(&yaml) {
                let slow = serde_norway::from_str::<serde_norway::Value>(&yaml);
                prop_assert_eq!(Some(fast), slow.ok(), "{:?}", yaml);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// A value of a well-formed `key: value` line is resolved as serde_norway resolves it
        /// (most such headers take the fast path, which the test above rarely reaches).
        #[test]
        fn the_fast_header_reader_types_values_as_serde_norway(
            value in proptest::collection::vec(piece(), 1..4),
        ) {
            let yaml = format!("title: {}\ntags: x\n", value.concat());
            if let Some(fast) = simple_yaml(&yaml) {
                let slow = serde_norway::from_str::<serde_norway::Value>(&yaml);
                prop_assert_eq!(Some(fast), slow.ok(), "{:?}", yaml);
            }
        }
    }

    #[test]
    fn deep_or_large_headers_are_refused_before_parsing() {
        let deep = format!(
            "---\nk: {}{}\n---\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let fm = parse(&deep, 0).expect("a header");
        let err = fm.parsed.expect_err("refused");
        assert!(
            err.message.contains("nested 65 levels deep"),
            "{}",
            err.message
        );
        assert_eq!(&deep[err.offset..err.offset + 1], "[");

        let mut block = String::from("---\n");
        for d in 0..100 {
            block.push_str(&format!("{}k{d}:\n", " ".repeat(d)));
        }
        block.push_str("---\n");
        let err = parse(&block, 0)
            .expect("a header")
            .parsed
            .expect_err("refused");
        assert!(
            err.message.contains("nested 65 levels deep"),
            "{}",
            err.message
        );

        let large = format!("---\nk: '{}'\n---\n", "a".repeat(MAX_HEADER_SIZE));
        let err = parse(&large, 0)
            .expect("a header")
            .parsed
            .expect_err("refused");
        assert!(err.message.contains("KiB"), "{}", err.message);

        // Ordinary headers, quotes and apostrophes included, pass.
        let ok = "---\ntitle: it's [not] {deep}\ntags: [a, [b, c]]\nx: \"[[[\"\n---\n";
        assert!(parse(ok, 0).expect("a header").parsed.is_ok());
    }

    const WIKIJS: &str = "---\ntitle: Tips & Tricks\ndescription: \npublished: true\ndate: 2023-01-02T17:43:00.117Z\ntags: mastodon, new to mastodon\neditor: markdown\ndateCreated: 2023-01-02T14:38:56.051Z\n---\n\ncontent\n";

    #[test]
    fn wikijs_header_fields_and_ranges() {
        let fm = parse(WIKIJS, 0).unwrap();
        assert_eq!(
            &WIKIJS[fm.range.clone()],
            &WIKIJS[..WIKIJS.find("\n\ncontent").unwrap() + 1]
        );
        let title = fm.field("title").unwrap();
        assert_eq!(&WIKIJS[title.value_range.clone()], "Tips & Tricks");
        assert_eq!(fm.field("description").unwrap().value, "");
        assert!(fm.parsed.is_ok());
        assert_eq!(fm.fields.len(), 7);
    }

    #[test]
    fn yaml_error_points_into_the_header() {
        let text = "---\ntitle: Step 1: export\n---\nbody\n";
        let fm = parse(text, 0).unwrap();
        let err = fm.parsed.unwrap_err();
        assert!(err.offset >= 4 && err.offset < 25, "{err:?}");
    }

    #[test]
    fn crlf_and_bom_headers() {
        let text = "\u{feff}---\r\ntitle: X\r\n---\r\nbody";
        let fm = parse(text, 3).unwrap();
        assert_eq!(fm.field("title").unwrap().value, "X");
        assert_eq!(&text[fm.range.end..], "body");
    }

    #[test]
    fn unclosed_header_is_content() {
        assert!(parse("---\ntitle: x\n", 0).is_none());
        assert!(parse("--- x\n", 0).is_none());
    }
}
