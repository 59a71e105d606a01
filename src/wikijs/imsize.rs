//! Images with a size, `![alt](src =WxH)`, as markdown-it-imsize 2 (on by default in Wiki.js,
//! `docs/wikijs.md#image-size`) parses them. comrak does not know the syntax and leaves such an image
//! as literal text, so the images are recovered from the page's text runs.
//!
//! markdown-it-imsize: after the destination (and an optional title), a space, then `=`, then a
//! width of digits and `%`, a mandatory `x`, and a height of digits and `%`, then optional spaces
//! and `)`. Anything else after the space (`=300`, `= 300x200`, `=300X200`, `=300px`) makes the
//! whole image fail: markdown-it renders the source as literal text.

use std::ops::Range;

/// An image written with Wiki.js's size syntax (valid or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizedImage {
    /// `![` to `)` inclusive.
    pub range: Range<usize>,
    pub alt: String,
    pub src: String,
    pub src_range: Range<usize>,
    /// The size as written, from `=` to before the closing spaces and `)`.
    pub size_range: Range<usize>,
    /// Width and height when imsize accepts the size; `None` when the image renders as text.
    pub size: Option<(String, String)>,
}

impl SizedImage {
    pub fn is_valid(&self) -> bool {
        self.size.is_some()
    }
}

/// markdown-it-imsize's `parseImageSize` at the start of `s` (which starts after `=`): returns
/// (width, height, bytes consumed) or `None`.
pub fn parse_size(s: &str) -> Option<(String, String, usize)> {
    let b = s.as_bytes();
    if b.is_empty() || !(b[0] == b'x' || b[0].is_ascii_digit()) {
        return None;
    }
    let num = |from: usize| {
        let mut i = from;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'%') {
            i += 1;
        }
        i
    };
    let w_end = num(0);
    if b.get(w_end) != Some(&b'x') {
        return None;
    }
    let h_end = num(w_end + 1);
    Some((
        s[..w_end].to_string(),
        s[w_end + 1..h_end].to_string(),
        h_end,
    ))
}

/// Every `![alt](src ... =...)` in the given literal texts, each with the offset of its start in
/// the page (the caller leaves out code). `Document::sized_images` reads a page's.
///
/// Each `![` is first parsed by scanning ahead ([`scan_ahead`]), which on ordinary text reads a
/// few bytes past it. A text whose scans together read more than a few times its length (a
/// million `![` that each scan to its end) has its remaining images parsed through a [`Lookup`]
/// instead, built once: linear in the text (plus a logarithm), never quadratic.
pub fn sized_images_in<'t>(texts: impl IntoIterator<Item = (&'t str, usize)>) -> Vec<SizedImage> {
    sized_images_with_budget(texts, SCAN_BUDGET)
}

/// How many bytes per byte of a text its scans may read before [`sized_images_in`] builds a
/// [`Lookup`] for it (plus [`SCAN_SLACK`], so that short texts never build one).
const SCAN_BUDGET: usize = 4;
const SCAN_SLACK: usize = 256;

fn sized_images_with_budget<'t>(
    texts: impl IntoIterator<Item = (&'t str, usize)>,
    per_byte: usize,
) -> Vec<SizedImage> {
    let mut out = Vec::new();
    for (text, offset) in texts {
        let Some(first) = image_open(text, 0) else {
            continue;
        };
        let mut budget = text
            .len()
            .saturating_mul(per_byte)
            .saturating_add(SCAN_SLACK);
        let mut look: Option<Lookup> = None;
        let mut from = first;
        while let Some(start) = image_open(text, from) {
            let found = match &look {
                Some(look) => scan(text, start, look),
                None => match scan_ahead(text, start, &mut budget) {
                    Ok(found) => found,
                    Err(OverBudget) => scan(text, start, look.insert(Lookup::new(text))),
                },
            };
            match found {
                Some(mut img) => {
                    from = img.range.end;
                    img.range = offset + img.range.start..offset + img.range.end;
                    img.src_range = offset + img.src_range.start..offset + img.src_range.end;
                    img.size_range = offset + img.size_range.start..offset + img.size_range.end;
                    out.push(img);
                }
                None => from = start + 2,
            }
        }
    }
    out
}

/// Whether `text` has an image's `![`: what `text.contains("![")` answers, by looking for
/// the `!` (a byte search) rather than searching for the two-byte string, whose set-up is
/// most of the cost on the many short texts of a page. Called once per text of a page.
pub fn has_image_open(text: &str) -> bool {
    image_open(text, 0).is_some()
}

/// The first `![` at or after byte `from` of `text`. `memchr` on the byte, not `str::find`
/// on the character: on a text of a few dozen bytes its set-up is most of the cost.
fn image_open(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut from = from;
    while let Some(i) = memchr::memchr(b'!', b.get(from..)?) {
        let at = from + i;
        if b.get(at + 1) == Some(&b'[') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Precomputed answers to the questions [`scan`] asks, so that a text of a million `![` costs
/// a million lookups rather than a million scans to its end.
struct Lookup {
    /// `(open, close)` of every matched `[`...`]` (backslash escapes honoured), by `open`.
    brackets: Vec<(usize, usize)>,
    /// Positions of `>`, `)`, `"`, `'`, and of spaces and tabs.
    gt: Vec<usize>,
    close_paren: Vec<usize>,
    dquote: Vec<usize>,
    squote: Vec<usize>,
    blank: Vec<usize>,
    /// For each position `p`, the first `)` at or after it that closes more parentheses than
    /// were opened since `p` (`u32::MAX`: none).
    unbalanced: Vec<u32>,
}

impl Lookup {
    fn new(s: &str) -> Self {
        let b = s.as_bytes();
        let mut brackets = Vec::new();
        let mut stack = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 1,
                b'[' => stack.push(i),
                b']' => {
                    if let Some(open) = stack.pop() {
                        brackets.push((open, i));
                    }
                }
                _ => {}
            }
            i += 1;
        }
        brackets.sort_unstable();
        let all = |f: fn(u8) -> bool| -> Vec<usize> {
            b.iter()
                .enumerate()
                .filter(|&(_, &c)| f(c))
                .map(|(i, _)| i)
                .collect()
        };
        // Balance before position k: P[k]. The first `)` at j >= p with P[j + 1] = P[p] - 1.
        let mut unbalanced = vec![u32::MAX; b.len() + 1];
        let mut balance = vec![0i64; b.len() + 1];
        for (k, &c) in b.iter().enumerate() {
            balance[k + 1] = balance[k]
                + match c {
                    b'(' => 1,
                    b')' => -1,
                    _ => 0,
                };
        }
        // The nearest position after `p` with each balance, indexed by balance - lowest (a
        // table, not a hash map: one hash per byte of a 1 MB text was most of this cost).
        let lowest = balance.iter().copied().min().unwrap_or(0);
        let highest = balance.iter().copied().max().unwrap_or(0);
        let slot = |v: i64| usize::try_from(v - lowest).ok();
        let mut first_at = vec![usize::MAX; usize::try_from(highest - lowest).unwrap_or(0) + 1];
        for p in (0..=b.len()).rev() {
            if let Some(&k) = slot(balance[p] - 1).and_then(|i| first_at.get(i))
                && k != usize::MAX
            {
                unbalanced[p] = u32::try_from(k - 1).unwrap_or(u32::MAX);
            }
            if let Some(i) = slot(balance[p]) {
                first_at[i] = p;
            }
        }
        Lookup {
            brackets,
            gt: all(|c| c == b'>'),
            close_paren: all(|c| c == b')'),
            dquote: all(|c| c == b'"'),
            squote: all(|c| c == b'\''),
            blank: all(|c| c == b' ' || c == b'\t'),
            unbalanced,
        }
    }

    fn next(v: &[usize], i: usize) -> Option<usize> {
        v.get(v.partition_point(|&p| p < i)).copied()
    }

    fn bracket_close(&self, open: usize) -> Option<usize> {
        let k = self.brackets.partition_point(|&(o, _)| o < open);
        self.brackets
            .get(k)
            .filter(|&&(o, _)| o == open)
            .map(|&(_, c)| c)
    }
}

/// Parses one image at `start` (`![`) of `s`; only images with a ` =` size part are returned.
fn scan(s: &str, start: usize, look: &Lookup) -> Option<SizedImage> {
    let b = s.as_bytes();
    // Label: balanced brackets, backslash escapes.
    let mut i = look.bracket_close(start + 1)?;
    if b.get(i + 1) != Some(&b'(') {
        return None;
    }
    let alt = s.get(start + 2..i)?;
    i += 2;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    // Destination.
    let src_start = i;
    if b.get(i) == Some(&b'<') {
        i = Lookup::next(&look.gt, i).map_or(b.len(), |g| g + 1);
    } else {
        let blank = Lookup::next(&look.blank, i).unwrap_or(b.len());
        let paren = look.unbalanced.get(i).map_or(b.len(), |&u| u as usize);
        i = blank.min(paren).min(b.len());
    }
    let src_end = i.min(b.len());
    let src = s.get(src_start..src_end)?.trim_matches(['<', '>']);
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    // Optional title.
    if let Some(&q) = b.get(i)
        && matches!(q, b'"' | b'\'' | b'(')
        && i > src_end
    {
        let closers = match q {
            b'"' => &look.dquote,
            b'\'' => &look.squote,
            _ => &look.close_paren,
        };
        let j = Lookup::next(closers, i + 1)?;
        i = j + 1;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    if b.get(i) != Some(&b'=') || i == src_end {
        return None;
    }
    // The size runs to the closing parenthesis.
    let size_start = i;
    let close = Lookup::next(&look.close_paren, i)?;
    sized(s, start, alt, src, src_start..src_end, size_start, close)
}

/// The reads of [`scan_ahead`] went past their budget.
#[derive(Debug)]
struct OverBudget;

/// [`scan`] by scanning ahead from `start` instead of looking up: each byte read costs one of
/// `budget`, and running out gives up with [`OverBudget`].
fn scan_ahead(s: &str, start: usize, budget: &mut usize) -> Result<Option<SizedImage>, OverBudget> {
    let b = s.as_bytes();
    let mut spend = |n: usize| -> Result<(), OverBudget> {
        *budget = budget.checked_sub(n).ok_or(OverBudget)?;
        Ok(())
    };
    // Label: balanced brackets, backslash escapes.
    let mut i = start + 2;
    let mut depth = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    spend(i - start)?;
    if i >= b.len() || b.get(i + 1) != Some(&b'(') {
        return Ok(None);
    }
    let Some(alt) = s.get(start + 2..i) else {
        return Ok(None);
    };
    i += 2;
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    // Destination.
    let src_start = i;
    if b.get(i) == Some(&b'<') {
        while i < b.len() && b[i] != b'>' {
            i += 1;
        }
        i += 1;
    } else {
        let mut parens = 0;
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' => break,
                b'(' => parens += 1,
                b')' if parens == 0 => break,
                b')' => parens -= 1,
                _ => {}
            }
            i += 1;
        }
    }
    spend(i - src_start)?;
    let src_end = i.min(b.len());
    let Some(src) = s.get(src_start..src_end) else {
        return Ok(None);
    };
    let src = src.trim_matches(['<', '>']);
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    // Optional title.
    if let Some(&q) = b.get(i)
        && matches!(q, b'"' | b'\'' | b'(')
        && i > src_end
    {
        let close = if q == b'(' { b')' } else { q };
        let mut j = i + 1;
        while j < b.len() && b[j] != close {
            j += 1;
        }
        spend(j - i)?;
        if j >= b.len() {
            return Ok(None);
        }
        i = j + 1;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    if b.get(i) != Some(&b'=') || i == src_end {
        return Ok(None);
    }
    // The size runs to the closing parenthesis.
    let size_start = i;
    let Some(close) = memchr::memchr(b')', &b[i..]).map(|c| i + c) else {
        spend(b.len() - i)?;
        return Ok(None);
    };
    spend(close - i)?;
    Ok(sized(
        s,
        start,
        alt,
        src,
        src_start..src_end,
        size_start,
        close,
    ))
}

/// The image from `start` (`![`) to `close` (its `)`), its size starting at `size_start` (`=`).
fn sized(
    s: &str,
    start: usize,
    alt: &str,
    src: &str,
    src_range: Range<usize>,
    size_start: usize,
    close: usize,
) -> Option<SizedImage> {
    let size_text = s.get(size_start..close)?.trim_end();
    let size_range = size_start..size_start + size_text.len();
    let size = parse_size(&size_text[1..])
        .filter(|(_, _, used)| *used == size_text.len() - 1 && s.as_bytes()[size_start - 1] == b' ')
        .map(|(w, h, _)| (w, h));
    Some(SizedImage {
        range: start..close + 1,
        alt: alt.to_string(),
        src: src.to_string(),
        src_range,
        size_range,
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Dialect, Document};

    /// The lookups give what scanning ahead gives, at every `![` of texts built from the
    /// characters the syntax reads.
    #[test]
    fn lookups_agree_with_scanning() {
        let alphabet: Vec<&str> = vec![
            "![", "]", "[", "(", ")", " ", "=", "1", "x", "<", ">", "\"", "'", "\\", "a", "é", "%",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..(seed % 24) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            seed = seed.wrapping_add(0x9E37_79B9);
            let look = Lookup::new(&s);
            for (start, _) in s.match_indices("![") {
                assert_eq!(
                    scan(&s, start, &look),
                    scan_ahead(&s, start, &mut { usize::MAX }).unwrap(),
                    "{s:?} at {start}"
                );
            }
            // Whatever the budget, when it runs out (at once, part way, or never).
            let all = sized_images_with_budget([(s.as_str(), 7)], usize::MAX / 2);
            for per_byte in [0, 1] {
                assert_eq!(
                    sized_images_with_budget([(s.as_str(), 7)], per_byte),
                    all,
                    "{s:?}"
                );
            }
        }
    }

    /// A text of many `![` that each scan to its end runs out of its budget and goes on through
    /// the lookups: the images found are those scanning finds.
    #[test]
    fn scanning_gives_way_to_lookups() {
        let mut text = "![a](b (c =1x1 ".repeat(2000);
        text.push_str("![z](/z.png =1x2)");
        let mut budget = text.len() * SCAN_BUDGET + SCAN_SLACK;
        let mut ran_out = false;
        for (start, _) in text.match_indices("![") {
            ran_out |= scan_ahead(&text, start, &mut budget).is_err();
        }
        assert!(ran_out);
        let imgs = sized_images_in([(text.as_str(), 0)]);
        assert_eq!(
            imgs.last().map(|i| &text[i.range.clone()]),
            Some("![z](/z.png =1x2)")
        );
        assert_eq!(
            imgs,
            sized_images_with_budget([(text.as_str(), 0)], usize::MAX / 2)
        );
    }

    fn images(text: &str) -> Vec<SizedImage> {
        let doc = Document::parse("t.md".into(), text.into(), Some(Dialect::Wikijs));
        doc.sized_images()
    }

    #[test]
    fn valid_sizes() {
        for (src, w, h) in [
            ("![a](/x.png =50%x)", "50%", ""),
            ("![a](/x.png =300x200)", "300", "200"),
            ("![a](/x.png =x200)", "", "200"),
            ("![a](/x.png \"t\" =300x)", "300", ""),
            ("![a](/x.png =300x200 )", "300", "200"),
        ] {
            let imgs = images(src);
            assert_eq!(imgs.len(), 1, "{src}");
            assert_eq!(imgs[0].size, Some((w.into(), h.into())), "{src}");
            assert_eq!(imgs[0].src, "/x.png");
            assert_eq!(imgs[0].alt, "a");
        }
    }

    #[test]
    fn invalid_sizes_are_found_with_their_range() {
        let text = "see ![export.png](/a/export.png =300){.align-right}\n";
        let imgs = images(text);
        assert_eq!(imgs.len(), 1);
        assert!(!imgs[0].is_valid());
        assert_eq!(&text[imgs[0].size_range.clone()], "=300");
        assert_eq!(&text[imgs[0].src_range.clone()], "/a/export.png");
        assert_eq!(
            &text[imgs[0].range.clone()],
            "![export.png](/a/export.png =300)"
        );
        for bad in ["=300X200", "= 300x200", "=300px", "=300x200px"] {
            let t = format!("![a](/x.png {bad})");
            let imgs = images(&t);
            assert_eq!(imgs.len(), 1, "{t}");
            assert!(!imgs[0].is_valid(), "{t}");
        }
    }

    #[test]
    fn plain_images_and_code_are_not_sized_images() {
        assert!(images("![a](/x.png)").is_empty());
        assert!(images("`![a](/x.png =300)`").is_empty());
        assert!(images("```\n![a](/x.png =300)\n```\n").is_empty());
        assert!(images("![a](/x.png=300x200)").is_empty());
        assert!(images("![unclosed](/x.png =3").is_empty());
        assert!(images("![é](/é.png =3").is_empty());
    }
}
