//! Fenced code blocks as pymdownx.superfences reads their opening lines, and the ids
//! pymdownx.highlight gives their lines (`<a id="__codelineno-0-3">` with `anchor_linenums`,
//! `<span id="__span-0-3">` with `line_spans`). docs/mkdocs.md says how each was compared with
//! a built site.

use super::Document;

/// How a MkDocs project reads fences: pymdownx.highlight's options that give code blocks' lines
/// ids or change what a fence line may hold, and pymdownx.superfences' own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FenceSettings {
    /// `line_anchors`, which `anchor_linenums` alone sets to `__codelineno`.
    pub anchors: Option<String>,
    /// `line_spans`.
    pub spans: Option<String>,
    /// `linenums`: numbers on every block (`Some(true)`), on none even where a block asks
    /// (`Some(false)`), on the blocks that ask (`None`, the default).
    pub linenums: Option<bool>,
    /// `stripnl`: leading and trailing blank lines are left out (the default).
    pub stripnl: bool,
    /// The names of superfences' custom fences (`mermaid`), which highlight does not
    /// highlight.
    pub custom_fences: Vec<String>,
    /// `use_pygments`: off, superfences takes no `key="value"` option on a fence line.
    pub use_pygments: bool,
    /// Superfences' `relaxed_headers`: a fence line it cannot read is a fence all the same.
    pub relaxed_headers: bool,
}

impl Default for FenceSettings {
    fn default() -> Self {
        FenceSettings {
            anchors: None,
            spans: None,
            linenums: None,
            stripnl: true,
            custom_fences: Vec::new(),
            use_pygments: true,
            relaxed_headers: false,
        }
    }
}

impl FenceSettings {
    /// Whether code lines get ids at all.
    pub fn any(&self) -> bool {
        self.anchors.is_some() || self.spans.is_some()
    }

    /// The prefixes of the ids (`__codelineno`, `__span`).
    pub fn prefixes(&self) -> impl Iterator<Item = &str> {
        self.anchors
            .iter()
            .chain(self.spans.iter())
            .map(String::as_str)
    }
}

/// A highlighted code block's lines, as ids name them: `<prefix>-<id>-<line>` for each line
/// from `first` to `last`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodeLines {
    /// The block's number on the page (from 0, in page order) or its own `#id`.
    pub id: String,
    pub first: u32,
    pub last: u32,
}

/// The lines of a page's highlighted code blocks, as ids name them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageCodeLines {
    pub blocks: Vec<CodeLines>,
    /// The blocks are numbered as pymdownx.highlight numbers them ([`Blocks::all_read`]).
    pub known: bool,
}

/// What superfences reads on a fence's opening line: the language, the block's `#id` and the
/// first number of `linenums="3"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FenceHeader<'a> {
    pub lang: &'a str,
    pub id: Option<&'a str>,
    pub linestart: Option<u32>,
}

/// A fenced code block as superfences takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence<'a> {
    pub header: FenceHeader<'a>,
    /// The `#id` written in the header, where it is in the page.
    pub id_range: Option<std::ops::Range<usize>>,
    /// Its lines of code (between the fences).
    pub lines: Vec<&'a str>,
}

/// The page's fenced code blocks as pymdownx.superfences reads them, in page order (the order
/// it numbers them).
pub struct Blocks<'a> {
    pub fences: Vec<Fence<'a>>,
    /// Every block was read as superfences reads it. False when a fence's opening line is one
    /// it passes by (```` ```py title=foo ````, an unknown option, an unclosed block), after
    /// which it may take a closing fence for an opening one, or an indented code block shows a
    /// fence line, which it reads as a block before it sees the indentation: its count of the
    /// blocks after that is not known.
    pub all_read: bool,
}

/// The page's fenced code blocks as pymdownx.superfences reads them ([`Blocks`]).
pub fn superfences_blocks(doc: &Document) -> Blocks<'_> {
    let mut all_read = true;
    let mut ranges: Vec<&std::ops::Range<usize>> = Vec::with_capacity(doc.code_blocks.len());
    for r in &doc.code_blocks {
        if doc.indented_code.binary_search(&r.start).is_ok() {
            let shows_fence = doc.text.get(r.clone()).is_some_and(|code| {
                code.lines().any(|l| {
                    let l = l.trim_start();
                    l.starts_with("```") || l.starts_with("~~~")
                })
            });
            all_read &= !shows_fence;
        } else {
            ranges.push(r);
        }
    }
    ranges.sort_by_key(|r| r.start);
    let mut fences = Vec::with_capacity(ranges.len());
    for r in ranges {
        match doc.text.get(r.clone()).and_then(|src| fence(r.start, src)) {
            Some(f) => fences.push(f),
            None => all_read = false,
        }
    }
    Blocks { fences, all_read }
}

/// A fence's opening line read: its character, the length of its run, and what follows the
/// run (the info string). `None` for a line that opens no fence.
pub fn opening_fence(line: &str) -> Option<(char, usize, &str)> {
    let opening = line.trim_start();
    let c = opening.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = opening.len() - opening.trim_start_matches(c).len();
    (len >= 3).then(|| (c, len, &opening[len..]))
}

/// Whether `line` closes a fence of `len` times `c`: that character alone, at least as many
/// times, past any container's marks (indentation, `>`).
pub fn closes(line: &str, c: char, len: usize) -> bool {
    let line = line.trim_start_matches([' ', '\t', '>']).trim_end();
    line.len() >= len && line.trim_start_matches(c).is_empty()
}

/// The block at `start` whose source is `src` (from its opening fence), when superfences
/// takes it for a fenced block.
fn fence(start: usize, src: &str) -> Option<Fence<'_>> {
    let mut lines = src.lines();
    let first = lines.next()?;
    let (char, fence_len, info) = opening_fence(first)?;
    let info_at = start + (info.as_ptr() as usize - first.as_ptr() as usize);
    let (header, id_range) = header(info, info_at)?;
    let mut body: Vec<&str> = lines.collect();
    // Unclosed, superfences takes it for no block.
    let closing = body.pop()?;
    if !closes(closing, char, fence_len) {
        return None;
    }
    Some(Fence {
        header,
        id_range,
        lines: body,
    })
}

/// Reads a fence's info string (what follows the backticks) as superfences does: a language
/// word, then either `{ attributes }` or `key="value"` options. `None` when superfences does not
/// take the line for a fence (an unknown option, a word it does not read).
pub fn header(info: &str, at: usize) -> Option<(FenceHeader<'_>, Option<std::ops::Range<usize>>)> {
    let (lang, rest) = split_language(info);
    let rest_trimmed = rest.trim_matches(BLANK);
    let offset = |s: &str| at + (s.as_ptr() as usize - info.as_ptr() as usize);
    let mut out = FenceHeader {
        lang,
        id: None,
        linestart: None,
    };
    let mut id_range = None;
    if rest_trimmed.is_empty() {
        return Some((out, None));
    }
    if let Some(attrs) = rest_trimmed
        .strip_prefix('{')
        .and_then(|a| a.strip_suffix('}'))
    {
        let mut classes = Vec::new();
        for token in attribute_tokens(attrs) {
            if let Some(id) = token.strip_prefix('#') {
                out.id = Some(id);
                id_range = Some(offset(id)..offset(id) + id.len());
            } else if let Some(class) = token.strip_prefix('.') {
                classes.push(class);
            } else if let Some(("linenums", value)) = token.split_once('=') {
                out.linestart = linestart(unquote(value));
            }
        }
        if out.lang.is_empty() {
            out.lang = classes.first().copied().unwrap_or("");
        }
        return Some((out, id_range));
    }
    // `key="value"` options: highlight's own, each with a value it accepts; any other word
    // makes superfences pass the line by.
    for word in option_words(rest_trimmed) {
        match word.reading {
            Reading::Read => {
                if word.key == "linenums" {
                    out.linestart = linestart(word.value);
                }
            }
            _ => return None,
        }
    }
    Some((out, None))
}

/// A word of a fence line's options (after the language), and how superfences reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionWord<'a> {
    /// The whole word, as written.
    pub word: &'a str,
    /// The option's name (the word before `=`; the whole word without one).
    pub key: &'a str,
    /// Its value, without quotes.
    pub value: &'a str,
    pub reading: Reading,
}

/// How superfences reads a word of a fence line's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// An option it takes (`title="a.py"`, `hl_lines="1 3"`, `linenums="2"`).
    Read,
    /// One of its options, with a value it would take, but not in quotes (`title=a.py`).
    Unquoted,
    /// One of its options, with a value it does not take (`hl_lines="1,3"`).
    BadValue,
    /// A word that is none of its options (`nowrap`, `foo="x"`, `data-x="1"`).
    Unknown,
}

/// The options pymdownx.highlight takes on a fence line.
pub const OPTIONS: [&str; 4] = ["title", "hl_lines", "linenums", "title_mode"];

/// The words after a fence line's language, outside braces, as superfences reads them.
pub fn option_words(rest: &str) -> Vec<OptionWord<'_>> {
    attribute_tokens(rest)
        .into_iter()
        .map(|word| {
            let (key, raw) = word.split_once('=').unwrap_or((word, ""));
            let value = quoted(raw).unwrap_or(raw);
            let name = key.starts_with(|c: char| c.is_ascii_alphabetic())
                && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            let valid = match key {
                "linenums" => linestart(value).is_some(),
                "hl_lines" => {
                    !value.trim().is_empty()
                        && value.split([' ', '\t']).filter(|s| !s.is_empty()).all(|r| {
                            r.split_once('-')
                                .map_or(digits(r), |(a, b)| digits(a) && digits(b))
                        })
                }
                _ => true,
            };
            let reading = if !name || !OPTIONS.contains(&key) || !word.contains('=') {
                Reading::Unknown
            } else if !valid {
                Reading::BadValue
            } else if quoted(raw).is_none() {
                Reading::Unquoted
            } else {
                Reading::Read
            };
            OptionWord {
                word,
                key,
                value,
                reading,
            }
        })
        .collect()
}

/// Where a fence line's options start (after the fence, the blanks and the language), when it
/// has options rather than `{ attributes }`: what [`option_words`] reads.
pub fn options_of(info: &str) -> Option<&str> {
    let rest = split_language(info).1.trim_matches(BLANK);
    let attributes = rest.starts_with('{') && rest.ends_with('}');
    (!rest.is_empty() && !attributes).then_some(rest)
}

const BLANK: [char; 2] = [' ', '\t'];

/// A fence line's language (`py`, `.py`, `c++`; empty when the line has none) and what follows
/// it, as superfences reads them: a word of `[\w#.+-]` after an optional `.`, ended by a blank
/// or the line's end.
pub fn split_language(info: &str) -> (&str, &str) {
    let rest = info.trim_start_matches(BLANK);
    let dotted = rest.strip_prefix('.').unwrap_or(rest);
    let end = dotted
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '#' | '.' | '+' | '-')))
        .unwrap_or(dotted.len());
    if end > 0 && (end == dotted.len() || dotted[end..].starts_with(BLANK)) {
        (&dotted[..end], &dotted[end..])
    } else {
        ("", rest)
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A value in double or single quotes, without them.
pub fn quoted(value: &str) -> Option<&str> {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
}

fn unquote(value: &str) -> &str {
    quoted(value).unwrap_or(value)
}

/// The first number of a `linenums` value (`"3"`, `"1 2 3"`), as highlight reads it.
fn linestart(value: &str) -> Option<u32> {
    let end = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    value[..end].parse().ok()
}

/// An attribute list's words, split at blanks outside quotes.
fn attribute_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                start.get_or_insert(i);
            }
            (None, ' ' | '\t') => {
                if let Some(s) = start.take() {
                    out.push(&text[s..i]);
                }
            }
            (None, _) => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The lines of each block pymdownx.highlight highlights among a page's `blocks`
/// ([`superfences_blocks`]), with the ids their
/// lines get: blocks numbered from 0 in page order (custom fences such as `mermaid` are not
/// highlighted and take no number), a block's own `#id` in place of its number, lines
/// numbered from its `linenums` start where line numbers are on, after leading and trailing
/// blank lines are left out (`stripnl`).
pub fn code_lines(blocks: &Blocks<'_>, ids: &FenceSettings) -> PageCodeLines {
    let mut out = Vec::new();
    for (n, f) in blocks
        .fences
        .iter()
        .filter(|f| !ids.custom_fences.iter().any(|c| c == f.header.lang))
        .enumerate()
    {
        // Python-Markdown empties blank lines before superfences reads them.
        let blank = |l: &&str| l.trim_start_matches('>').trim().is_empty();
        let mut lines = f.lines.as_slice();
        if ids.stripnl {
            while lines.first().is_some_and(blank) {
                lines = &lines[1..];
            }
            while lines.last().is_some_and(blank) {
                lines = &lines[..lines.len() - 1];
            }
        } else if lines.len() > 1 && lines.last().is_some_and(blank) {
            // Pygments takes the last newline for the end of the line before.
            lines = &lines[..lines.len() - 1];
        }
        let count = u32::try_from(lines.len().max(1)).unwrap_or(u32::MAX);
        let first = match f.header.linestart {
            Some(start) if start >= 1 && ids.linenums != Some(false) => start,
            _ => 1,
        };
        out.push(CodeLines {
            id: f
                .header
                .id
                .map_or_else(|| n.to_string(), ToString::to_string),
            first,
            last: first.saturating_add(count - 1),
        });
    }
    PageCodeLines {
        blocks: out,
        known: blocks.all_read,
    }
}

/// Whether `fragment` names a code line's id on a page with these blocks: `Some(Ok(()))` when
/// the line exists (or the page's numbering is not known), `Some(Err(help))` when the fragment
/// has a line id's shape but names no line, `None` when it is no line id.
pub fn check_line_id(
    fragment: &str,
    ids: &FenceSettings,
    page: &PageCodeLines,
) -> Option<Result<(), String>> {
    let (prefix, rest) = ids.prefixes().find_map(|p| {
        let rest = fragment.strip_prefix(p)?.strip_prefix('-')?;
        Some((p, rest))
    })?;
    let (block, line) = rest.rsplit_once('-')?;
    let line: u32 = line.parse().ok().filter(|_| digits(line))?;
    if !page.known {
        return Some(Ok(()));
    }
    let blocks = &page.blocks;
    if let Some(b) = blocks.iter().find(|b| b.id == block) {
        if (b.first..=b.last).contains(&line) {
            return Some(Ok(()));
        }
        return Some(Err(if b.first == b.last {
            format!(
                "code block `{}` has one line: `#{prefix}-{}-{}`",
                b.id, b.id, b.first
            )
        } else {
            format!(
                "code block `{}` has lines {} to {}: `#{prefix}-{}-{}` to `#{prefix}-{}-{}`",
                b.id, b.first, b.last, b.id, b.first, b.id, b.last
            )
        }));
    }
    let last = blocks.iter().filter_map(|b| b.id.parse::<u32>().ok()).max();
    Some(Err(match last {
        None => "the page has no highlighted code block that is numbered".to_string(),
        Some(last) => format!(
            "pymdownx.highlight numbers a page's code blocks from 0 in page order; the last \
             here is `{last}`"
        ),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mkdocs(text: &str) -> Document {
        Document::parse(
            std::path::PathBuf::from("page.md"),
            text.to_string(),
            Some(super::super::Dialect::Mkdocs),
        )
    }

    #[test]
    fn headers_as_superfences_reads_them() {
        fn h(info: &str) -> Option<(&str, Option<&str>, Option<u32>)> {
            header(info, 0).map(|(h, _)| (h.lang, h.id, h.linestart))
        }
        assert_eq!(h("py"), Some(("py", None, None)));
        assert_eq!(h(" .py"), Some(("py", None, None)));
        assert_eq!(h(""), Some(("", None, None)));
        assert_eq!(
            h("py linenums=\"3\" hl_lines=\"1 2-3\" title=\"a.py\""),
            Some(("py", None, Some(3)))
        );
        assert_eq!(h("py linenums='5 2'"), Some(("py", None, Some(5))));
        assert_eq!(
            h("{ .python #setup linenums=\"2\" data-x=1 }"),
            Some(("python", Some("setup"), Some(2)))
        );
        assert_eq!(h("c++ { #a }"), Some(("c++", Some("a"), None)));
        // Words superfences passes the line by for.
        for rejected in [
            "py title=foo",
            "py foo=\"x\"",
            "py hl_lines=\"a\"",
            "py linenums=\"x\"",
            "py nowrap",
        ] {
            assert_eq!(h(rejected), None, "{rejected}");
        }
        // Where the id is written.
        let (_, range) = header("{ .py #setup }", 10).unwrap();
        assert_eq!(range, Some(17..22));
    }

    #[test]
    fn blocks_numbered_as_highlight_numbers_them() {
        let doc = mkdocs(
            "# T\n\n```bash\n\necho one\necho two\n\n```\n\n    indented\n\n```mermaid\ngraph\n```\n\n\
             > ```py\n> a\n>\n> b\n> ```\n\n``` { .py #named }\nx\n```\n\n```py linenums=\"7\"\nq\nr\n```\n",
        );
        let blocks = superfences_blocks(&doc);
        assert!(blocks.all_read);
        let ids = FenceSettings {
            anchors: Some("__codelineno".to_string()),
            custom_fences: vec!["mermaid".to_string()],
            ..FenceSettings::default()
        };
        let lines = code_lines(&blocks, &ids);
        let got: Vec<(&str, u32, u32)> = lines
            .blocks
            .iter()
            .map(|b| (b.id.as_str(), b.first, b.last))
            .collect();
        assert_eq!(
            got,
            [("0", 1, 2), ("1", 1, 3), ("named", 1, 1), ("3", 7, 8)]
        );
        // `linenums: false` turns a block's own start off; without `stripnl` the blank lines
        // count, the last one excepted.
        let plain = FenceSettings {
            linenums: Some(false),
            stripnl: false,
            ..ids.clone()
        };
        let lines = code_lines(&blocks, &plain);
        assert_eq!((lines.blocks[0].first, lines.blocks[0].last), (1, 3));
        assert_eq!((lines.blocks[3].first, lines.blocks[3].last), (1, 2));

        let check = |fragment: &str| check_line_id(fragment, &ids, &code_lines(&blocks, &ids));
        assert_eq!(check("__codelineno-0-2"), Some(Ok(())));
        assert_eq!(check("__codelineno-named-1"), Some(Ok(())));
        assert_eq!(check("__codelineno-3-7"), Some(Ok(())));
        assert_eq!(
            check("__codelineno-3-9"),
            Some(Err(
                "code block `3` has lines 7 to 8: `#__codelineno-3-7` to `#__codelineno-3-8`"
                    .to_string()
            ))
        );
        assert_eq!(
            check("__codelineno-named-2"),
            Some(Err(
                "code block `named` has one line: `#__codelineno-named-1`".to_string()
            ))
        );
        assert!(
            check("__codelineno-4-1")
                .unwrap()
                .unwrap_err()
                .contains("the last here is `3`")
        );
        assert_eq!(check("__span-0-1"), None);
        assert_eq!(check("__codelineno-0-x"), None);
        assert_eq!(check("setup"), None);
    }

    #[test]
    fn a_fence_superfences_passes_by_leaves_the_numbering_unknown() {
        for text in [
            "# T\n\n```py title=foo\nx\n```\n\n```py\ny\n```\n",
            "# T\n\nText:\n\n    ```py\n    x\n    ```\n\n```py\ny\n```\n",
        ] {
            let doc = mkdocs(text);
            let blocks = superfences_blocks(&doc);
            assert!(!blocks.all_read, "{text}");
            let ids = FenceSettings {
                spans: Some("__span".to_string()),
                ..FenceSettings::default()
            };
            assert_eq!(
                check_line_id("__span-7-7", &ids, &code_lines(&blocks, &ids)),
                Some(Ok(()))
            );
        }
    }
}
