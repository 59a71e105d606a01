//! Text that goes to a terminal or a CI log (human and concise output, errors, progress): it
//! must not move the cursor, change colours or start a line of its own, and no line may start a
//! GitHub Actions workflow command (docs/security.md).
//!
//! - [`text`] escapes control characters in one field (a message, a title, a server's answer):
//!   `\n`, `\r`, `\t`, `\x1b`, `\u{202e}` (C0, DEL, C1, and the Unicode controls that reorder
//!   or break lines);
//! - [`path`] shows a file name as it is, or, when it holds such characters (or starts like a
//!   workflow command), in double quotes with the same escapes, as git does;
//! - [`lines`] is the last pass over everything printed: a line whose first visible characters
//!   are `::`, and any `##[`, get a backslash (`\::error`, `##\[`), so the runner never reads
//!   them as commands.

use std::borrow::Cow;
use std::path::Path;

/// Whether `c` is escaped: C0 controls, DEL, C1 controls, and the invisible Unicode characters
/// that change how a line reads ([`is_invisible`]).
fn needs_escape(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// The invisible Unicode characters that change how a line reads: bidirectional overrides and
/// isolates, line and paragraph separators, the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
            c,
            '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// [`text`] of the first `max` characters, `…` marking the cut: a value quoted in a message,
/// which could be megabytes long (cut before it is escaped, so the cost is the quote's, not
/// the value's).
pub fn shortened(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", text(&s[..i])),
        None => text(s).into_owned(),
    }
}

/// One field with its control characters escaped (see the module doc), and `##[` broken.
pub fn text(s: &str) -> Cow<'_, str> {
    if is_plain(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out.replace("##[", "##\\["))
}

/// Whether [`text`] leaves `s` as it is: printable ASCII (one byte test each) or, past that, no
/// character to escape; and no `##[`.
fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    let clean = b.iter().all(|c| (0x20..0x7f).contains(c)) || !s.chars().any(needs_escape);
    clean && crate::util::find_bytes!(b, b"##[").is_none()
}

/// One line of a diff's text: [`text`], except that tabs and a byte-order mark stay as they are
/// (neither moves the cursor, and a diff must show the line as it is wherever that is safe).
pub fn diff_text(s: &str) -> Cow<'_, str> {
    let escaped = |c: char| needs_escape(c) && !matches!(c, '\t' | '\u{feff}');
    if !s.chars().any(escaped) && !s.contains("##[") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escaped(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out.replace("##[", "##\\["))
}

/// [`text`], keeping line feeds (help texts of several lines; [`lines`] still guards each).
pub fn multiline(s: &str) -> Cow<'_, str> {
    if !s.contains('\n') {
        return text(s);
    }
    let parts: Vec<Cow<str>> = s.split('\n').map(text).collect();
    if parts.iter().all(|p| matches!(p, Cow::Borrowed(_))) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(parts.join("\n"))
}

/// A file name for people: as it is when it reads safely; otherwise in double quotes with its
/// control characters, `"` and `\` escaped, and bytes that are not UTF-8 as `\xNN`.
pub fn path(p: &Path) -> String {
    let (pieces, invalid) = pieces(p);
    let s = p.to_string_lossy();
    let trimmed = s.trim_start();
    let quote = invalid
        || s.chars().any(needs_escape)
        || s.contains("##[")
        || trimmed.starts_with("::")
        || trimmed.len() != s.len()
        || s.starts_with('"');
    if !quote {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for piece in pieces {
        match piece {
            Ok('"') => out.push_str("\\\""),
            Ok('\\') => out.push_str("\\\\"),
            Ok(c) if needs_escape(c) => push_escaped(&mut out, c),
            Ok(c) => out.push(c),
            Err(b) => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out.replace("##[", "##\\[")
}

/// The path's characters, with the bytes that are not UTF-8 (Unix) as `Err`, and whether there
/// were any.
#[cfg(unix)]
fn pieces(p: &Path) -> (Vec<Result<char, u8>>, bool) {
    use std::os::unix::ffi::OsStrExt as _;
    let mut out = Vec::new();
    let mut invalid = false;
    for chunk in p.as_os_str().as_bytes().utf8_chunks() {
        out.extend(chunk.valid().chars().map(Ok));
        for b in chunk.invalid() {
            invalid = true;
            out.push(Err(*b));
        }
    }
    (out, invalid)
}

#[cfg(not(unix))]
fn pieces(p: &Path) -> (Vec<Result<char, u8>>, bool) {
    (p.to_string_lossy().chars().map(Ok).collect(), false)
}

/// Whether a line, after leading white space and colour codes, starts a workflow command.
pub fn starts_command(line: &str) -> bool {
    let mut rest = line;
    loop {
        let t = rest.trim_start();
        if let Some(after) = t.strip_prefix('\u{1b}') {
            // A CSI sequence: ESC [ parameters final-byte.
            if let Some(csi) = after.strip_prefix('[') {
                let end = csi
                    .char_indices()
                    .find(|(_, c)| ('\u{40}'..='\u{7e}').contains(c))
                    .map_or(csi.len(), |(i, c)| i + c.len_utf8());
                rest = &csi[end..];
                continue;
            }
            return false;
        }
        return t.starts_with("::");
    }
}

/// The last pass over printed text: every line (split at LF and at CR, as a CI runner splits
/// them) that would start a workflow command gets a backslash before its first `::`, and every
/// `##[` becomes `##\[`. Everything else is kept byte for byte.
pub fn lines(s: &str) -> Cow<'_, str> {
    if !risky(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut start = 0;
    for (i, c) in s.char_indices().filter(|(_, c)| *c == '\n' || *c == '\r') {
        push_line(&mut out, &s[start..i]);
        out.push(c);
        start = i + c.len_utf8();
    }
    push_line(&mut out, &s[start..]);
    Cow::Owned(out.replace("##[", "##\\["))
}

/// Whether [`lines`] changes anything: a `##[`, or a line that starts a command. A line starts
/// one only where `::` is in it, so only the lines holding a `::` are looked at, each once.
fn risky(s: &str) -> bool {
    let b = s.as_bytes();
    if crate::util::find_bytes!(b, b"##[").is_some() {
        return true;
    }
    let colons = memchr::memmem::Finder::new("::");
    let mut from = 0;
    while let Some(at) = colons.find(&b[from..]).map(|i| from + i) {
        let start = memchr::memrchr2(b'\n', b'\r', &b[..at]).map_or(0, |p| p + 1);
        let end = memchr::memchr2(b'\n', b'\r', &b[at..]).map_or(b.len(), |p| at + p);
        if starts_command(&s[start..end]) {
            return true;
        }
        from = end;
    }
    false
}

fn push_line(out: &mut String, line: &str) {
    if starts_command(line)
        && let Some(at) = line.find("::")
    {
        out.push_str(&line[..at]);
        out.push('\\');
        out.push_str(&line[at..]);
    } else {
        out.push_str(line);
    }
}

/// A page's text for a source excerpt, with the characters [`text`] escapes replaced the same
/// way except line feeds, carriage returns and tabs (the excerpt's own layout), and a map from
/// offsets in the page to offsets in the excerpt text.
#[derive(Debug)]
pub struct Source {
    pub text: String,
    /// (offset in the page just after an escaped character, bytes added up to there).
    shifts: Vec<(usize, usize)>,
}

impl Source {
    /// `None` when the text has nothing to escape (the page is shown as it is).
    pub fn new(page: &str) -> Option<Source> {
        let (mut at, mut c) = next_escaped(page, 0)?;
        let mut text = String::with_capacity(page.len() + 16);
        let mut shifts = Vec::new();
        let mut copied = 0;
        loop {
            text.push_str(&page[copied..at]);
            let before = text.len();
            push_escaped(&mut text, c);
            let added = text.len() - before - c.len_utf8();
            let total = shifts.last().map_or(0, |(_, t)| *t) + added;
            copied = at + c.len_utf8();
            shifts.push((copied, total));
            match next_escaped(page, copied) {
                Some(next) => (at, c) = next,
                None => break,
            }
        }
        text.push_str(&page[copied..]);
        Some(Source { text, shifts })
    }

    /// Where a page offset lands in [`Source::text`].
    pub fn offset(&self, at: usize) -> usize {
        let i = self.shifts.partition_point(|(end, _)| *end <= at);
        at + if i == 0 { 0 } else { self.shifts[i - 1].1 }
    }
}

/// Whether [`Source`] escapes `c`: what [`text`] escapes but the excerpt's own layout.
fn escaped_in_source(c: char) -> bool {
    needs_escape(c) && !matches!(c, '\n' | '\r' | '\t')
}

/// Whether a character [`Source`] escapes can start with byte `b`: a C0 control but the
/// layout's three, DEL, and the lead bytes of the C1 controls (`C2`) and of the invisible
/// characters (`E2`, `EF`). Every such byte is ASCII or a lead byte, so a character starts
/// there.
#[inline]
fn may_start_escaped(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        | (b == 0x7f)
        | (b == 0xc2)
        | (b == 0xe2)
        | (b == 0xef)
}

/// The first character at or after `from` (a character boundary) that [`Source`] escapes, and
/// where it is. The page is tested 64 bytes at a time for a byte that may start one (a test the
/// compiler vectorises), and only such bytes are decoded: a page of plain text costs one pass
/// over its bytes, not a decoding of every character.
fn next_escaped(page: &str, mut from: usize) -> Option<(usize, char)> {
    let bytes = page.as_bytes();
    while from < bytes.len() {
        let end = (from + 64).min(bytes.len());
        let chunk = &bytes[from..end];
        if chunk
            .iter()
            .fold(false, |hit, &b| hit | may_start_escaped(b))
        {
            for (k, &b) in chunk.iter().enumerate() {
                if may_start_escaped(b)
                    && let Some(c) = page.get(from + k..).and_then(|s| s.chars().next())
                    && escaped_in_source(c)
                {
                    return Some((from + k, c));
                }
            }
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_lose_their_control_characters() {
        assert_eq!(text("plain `x` æøå"), "plain `x` æøå");
        assert!(matches!(text("plain"), Cow::Borrowed(_)));
        assert_eq!(
            text("a\n::error file=x,line=1::b"),
            "a\\n::error file=x,line=1::b"
        );
        assert_eq!(text("\u{1b}[31mred\u{1b}[0m"), "\\x1b[31mred\\x1b[0m");
        assert_eq!(text("cr\rtab\tdel\u{7f}"), "cr\\rtab\\tdel\\x7f");
        assert_eq!(text("rtl\u{202e}txt\u{85}"), "rtl\\u{202e}txt\\u{85}");
        assert_eq!(text("old ##[error]x"), "old ##\\[error]x");
        assert_eq!(multiline("a\nb\u{1b}"), "a\nb\\x1b");
    }

    #[test]
    fn odd_names_are_quoted() {
        assert_eq!(path(Path::new("guides/da/flyt.md")), "guides/da/flyt.md");
        assert_eq!(
            path(Path::new("g/x\n::error file=x,line=1::y.md")),
            "\"g/x\\n::error file=x,line=1::y.md\""
        );
        assert_eq!(path(Path::new("::warning::x.md")), "\"::warning::x.md\"");
        assert_eq!(
            path(Path::new("a\u{1b}]0;t\u{7}\"b")),
            "\"a\\x1b]0;t\\x07\\\"b\""
        );
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            let p = Path::new(std::ffi::OsStr::from_bytes(b"a\\b\xff.md"));
            assert_eq!(path(p), "\"a\\\\b\\xff.md\"");
        }
    }

    #[test]
    fn no_line_starts_a_workflow_command() {
        assert_eq!(lines("ok\nfine :: here\n"), "ok\nfine :: here\n");
        assert_eq!(
            lines("a\n::error file=x::y\n  ::warning::z\rb\r::notice::n"),
            "a\n\\::error file=x::y\n  \\::warning::z\rb\r\\::notice::n"
        );
        assert_eq!(lines("\u{1b}[1m::error::x\n"), "\u{1b}[1m\\::error::x\n");
        assert_eq!(lines("x ##[error]y"), "x ##\\[error]y");
    }

    proptest::proptest! {
        /// The quick tests (`::` and `##[` looked for first) judge every text as a plain scan
        /// of each line and character does.
        #[test]
        fn quick_tests_agree_with_a_scan_of_every_line(
            s in "[ a:#\\[\n\r\t\u{1b}\u{85}\u{202e}é]{0,40}"
        ) {
            let scan = s.contains("##[") || s.split(['\n', '\r']).any(starts_command);
            proptest::prop_assert_eq!(risky(&s), scan);
            let plain = !s.chars().any(needs_escape) && !s.contains("##[");
            proptest::prop_assert_eq!(is_plain(&s), plain);
        }

        /// The excerpt text, found by testing bytes and decoding only the bytes that may start
        /// an escaped character, is what escaping every character in turn gives. The alphabet
        /// holds each escaped character, its neighbours that are not escaped and share its lead
        /// byte (`\u{a0}`, `\u{2019}`, `\u{2030}`, `\u{fefe}`), and long runs of plain text so
        /// that the 64-byte chunks are crossed.
        #[test]
        fn source_text_is_every_character_escaped_in_turn(
            s in "([a-z\t\n\r\u{0}\u{1b}\u{7f}\u{80}\u{9f}\u{a0}\u{200e}\u{200f}\u{2019}\u{2028}\u{2029}\u{202a}\u{202e}\u{2030}\u{2066}\u{2069}\u{feff}\u{fefe}æ]|[a-z ]{20,70}){0,12}"
        ) {
            let mut text = String::new();
            let mut shifts: Vec<(usize, usize)> = Vec::new();
            for (i, c) in s.char_indices() {
                if needs_escape(c) && !matches!(c, '\n' | '\r' | '\t') {
                    let before = text.len();
                    push_escaped(&mut text, c);
                    let added = text.len() - before - c.len_utf8();
                    let total = shifts.last().map_or(0, |(_, t)| *t) + added;
                    shifts.push((i + c.len_utf8(), total));
                } else {
                    text.push(c);
                }
            }
            let fast = Source::new(&s);
            proptest::prop_assert_eq!(fast.is_none(), shifts.is_empty());
            if let Some(fast) = fast {
                proptest::prop_assert_eq!(fast.text, text);
                proptest::prop_assert_eq!(fast.shifts, shifts);
            }
        }
    }

    #[test]
    fn source_excerpts_keep_their_layout_and_offsets() {
        assert!(Source::new("plain\r\n\ttext").is_none());
        let page = "a\u{1b}[2Jb\nc\u{202e}d";
        let s = Source::new(page).unwrap();
        assert_eq!(s.text, "a\\x1b[2Jb\nc\\u{202e}d");
        for (at, ch) in [(0, 'a'), (5, 'b'), (7, 'c'), (11, 'd')] {
            assert_eq!(page[at..].chars().next(), Some(ch));
            assert_eq!(s.text[s.offset(at)..].chars().next(), Some(ch), "{at}");
        }
        assert_eq!(s.offset(page.len()), s.text.len());
    }
}
