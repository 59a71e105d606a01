//! Heading ids ("slugs") as Wiki.js 2.5 and MkDocs (Python-Markdown `toc`) compute them.
//!
//! Both dialects are reproduced exactly, including their quirks, so that `#fragment` links can be
//! checked against the ids the published page really carries (`docs/wikijs.md#heading-ids`).
//!
//! * Wiki.js 2.5 (`server/modules/rendering/html-core/renderer.js`) sets every heading's id to
//!   `uslug($(h).text())` (uslug 1.0.4), or to the explicit `{#id}` when there is one, then prefixes
//!   `h-` when the id starts with an ASCII digit, then makes it unique with `-1`, `-2`, ...
//! * MkDocs uses Python-Markdown's `toc` extension: `slugify(text, '-')` (ASCII-only, the default
//!   `slugify`, not `slugify_unicode`), made unique with `_1`, `_2`, ...
//!
//! The caller passes the heading's *rendered text*: markup stripped, inline code text included,
//! entities decoded, emoji already turned into their characters (Wiki.js renders `:tada:` as 🎉,
//! which the slug then drops).

use unicode_normalization::UnicodeNormalization;

/// BMP code points that uslug 1.0.4 keeps: the union of its `L`, `N` and `M` tables (Unicode
/// letters, numbers and marks as listed one by one in `UnicodeData.txt`), as inclusive ranges.
///
/// Generated from `uslug/lib/{L,N,M}.js`. The tables list the big ideograph/syllable blocks only
/// by their first and last code point (that is how `UnicodeData.txt` lists them), which is why
/// uslug special-cases the CJK and Hangul ranges, and why, for example, most of CJK Extension A
/// (U+3401..U+4DB4) is dropped. Code points above U+FFFF never match: uslug walks UTF-16 code
/// units, and a lone surrogate is in none of the tables.
#[rustfmt::skip]
const USLUG_KEEP: &[(u16, u16)] = &[
    (0x0030, 0x0039), (0x0041, 0x005A), (0x0061, 0x007A), (0x00AA, 0x00AA), (0x00B2, 0x00B3), (0x00B5, 0x00B5),
    (0x00B9, 0x00BA), (0x00BC, 0x00BE), (0x00C0, 0x00D6), (0x00D8, 0x00F6), (0x00F8, 0x02C1), (0x02C6, 0x02D1),
    (0x02E0, 0x02E4), (0x02EC, 0x02EC), (0x02EE, 0x02EE), (0x0300, 0x0374), (0x0376, 0x0377), (0x037A, 0x037D),
    (0x037F, 0x037F), (0x0386, 0x0386), (0x0388, 0x038A), (0x038C, 0x038C), (0x038E, 0x03A1), (0x03A3, 0x03F5),
    (0x03F7, 0x0481), (0x0483, 0x052F), (0x0531, 0x0556), (0x0559, 0x0559), (0x0561, 0x0587), (0x0591, 0x05BD),
    (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x05D0, 0x05EA), (0x05F0, 0x05F2),
    (0x0610, 0x061A), (0x0620, 0x0669), (0x066E, 0x06D3), (0x06D5, 0x06DC), (0x06DF, 0x06E8), (0x06EA, 0x06FC),
    (0x06FF, 0x06FF), (0x0710, 0x074A), (0x074D, 0x07B1), (0x07C0, 0x07F5), (0x07FA, 0x07FA), (0x0800, 0x082D),
    (0x0840, 0x085B), (0x08A0, 0x08B4), (0x08E3, 0x0963), (0x0966, 0x096F), (0x0971, 0x0983), (0x0985, 0x098C),
    (0x098F, 0x0990), (0x0993, 0x09A8), (0x09AA, 0x09B0), (0x09B2, 0x09B2), (0x09B6, 0x09B9), (0x09BC, 0x09C4),
    (0x09C7, 0x09C8), (0x09CB, 0x09CE), (0x09D7, 0x09D7), (0x09DC, 0x09DD), (0x09DF, 0x09E3), (0x09E6, 0x09F1),
    (0x09F4, 0x09F9), (0x0A01, 0x0A03), (0x0A05, 0x0A0A), (0x0A0F, 0x0A10), (0x0A13, 0x0A28), (0x0A2A, 0x0A30),
    (0x0A32, 0x0A33), (0x0A35, 0x0A36), (0x0A38, 0x0A39), (0x0A3C, 0x0A3C), (0x0A3E, 0x0A42), (0x0A47, 0x0A48),
    (0x0A4B, 0x0A4D), (0x0A51, 0x0A51), (0x0A59, 0x0A5C), (0x0A5E, 0x0A5E), (0x0A66, 0x0A75), (0x0A81, 0x0A83),
    (0x0A85, 0x0A8D), (0x0A8F, 0x0A91), (0x0A93, 0x0AA8), (0x0AAA, 0x0AB0), (0x0AB2, 0x0AB3), (0x0AB5, 0x0AB9),
    (0x0ABC, 0x0AC5), (0x0AC7, 0x0AC9), (0x0ACB, 0x0ACD), (0x0AD0, 0x0AD0), (0x0AE0, 0x0AE3), (0x0AE6, 0x0AEF),
    (0x0AF9, 0x0AF9), (0x0B01, 0x0B03), (0x0B05, 0x0B0C), (0x0B0F, 0x0B10), (0x0B13, 0x0B28), (0x0B2A, 0x0B30),
    (0x0B32, 0x0B33), (0x0B35, 0x0B39), (0x0B3C, 0x0B44), (0x0B47, 0x0B48), (0x0B4B, 0x0B4D), (0x0B56, 0x0B57),
    (0x0B5C, 0x0B5D), (0x0B5F, 0x0B63), (0x0B66, 0x0B6F), (0x0B71, 0x0B77), (0x0B82, 0x0B83), (0x0B85, 0x0B8A),
    (0x0B8E, 0x0B90), (0x0B92, 0x0B95), (0x0B99, 0x0B9A), (0x0B9C, 0x0B9C), (0x0B9E, 0x0B9F), (0x0BA3, 0x0BA4),
    (0x0BA8, 0x0BAA), (0x0BAE, 0x0BB9), (0x0BBE, 0x0BC2), (0x0BC6, 0x0BC8), (0x0BCA, 0x0BCD), (0x0BD0, 0x0BD0),
    (0x0BD7, 0x0BD7), (0x0BE6, 0x0BF2), (0x0C00, 0x0C03), (0x0C05, 0x0C0C), (0x0C0E, 0x0C10), (0x0C12, 0x0C28),
    (0x0C2A, 0x0C39), (0x0C3D, 0x0C44), (0x0C46, 0x0C48), (0x0C4A, 0x0C4D), (0x0C55, 0x0C56), (0x0C58, 0x0C5A),
    (0x0C60, 0x0C63), (0x0C66, 0x0C6F), (0x0C78, 0x0C7E), (0x0C81, 0x0C83), (0x0C85, 0x0C8C), (0x0C8E, 0x0C90),
    (0x0C92, 0x0CA8), (0x0CAA, 0x0CB3), (0x0CB5, 0x0CB9), (0x0CBC, 0x0CC4), (0x0CC6, 0x0CC8), (0x0CCA, 0x0CCD),
    (0x0CD5, 0x0CD6), (0x0CDE, 0x0CDE), (0x0CE0, 0x0CE3), (0x0CE6, 0x0CEF), (0x0CF1, 0x0CF2), (0x0D01, 0x0D03),
    (0x0D05, 0x0D0C), (0x0D0E, 0x0D10), (0x0D12, 0x0D3A), (0x0D3D, 0x0D44), (0x0D46, 0x0D48), (0x0D4A, 0x0D4E),
    (0x0D57, 0x0D57), (0x0D5F, 0x0D63), (0x0D66, 0x0D75), (0x0D7A, 0x0D7F), (0x0D82, 0x0D83), (0x0D85, 0x0D96),
    (0x0D9A, 0x0DB1), (0x0DB3, 0x0DBB), (0x0DBD, 0x0DBD), (0x0DC0, 0x0DC6), (0x0DCA, 0x0DCA), (0x0DCF, 0x0DD4),
    (0x0DD6, 0x0DD6), (0x0DD8, 0x0DDF), (0x0DE6, 0x0DEF), (0x0DF2, 0x0DF3), (0x0E01, 0x0E3A), (0x0E40, 0x0E4E),
    (0x0E50, 0x0E59), (0x0E81, 0x0E82), (0x0E84, 0x0E84), (0x0E87, 0x0E88), (0x0E8A, 0x0E8A), (0x0E8D, 0x0E8D),
    (0x0E94, 0x0E97), (0x0E99, 0x0E9F), (0x0EA1, 0x0EA3), (0x0EA5, 0x0EA5), (0x0EA7, 0x0EA7), (0x0EAA, 0x0EAB),
    (0x0EAD, 0x0EB9), (0x0EBB, 0x0EBD), (0x0EC0, 0x0EC4), (0x0EC6, 0x0EC6), (0x0EC8, 0x0ECD), (0x0ED0, 0x0ED9),
    (0x0EDC, 0x0EDF), (0x0F00, 0x0F00), (0x0F18, 0x0F19), (0x0F20, 0x0F33), (0x0F35, 0x0F35), (0x0F37, 0x0F37),
    (0x0F39, 0x0F39), (0x0F3E, 0x0F47), (0x0F49, 0x0F6C), (0x0F71, 0x0F84), (0x0F86, 0x0F97), (0x0F99, 0x0FBC),
    (0x0FC6, 0x0FC6), (0x1000, 0x1049), (0x1050, 0x109D), (0x10A0, 0x10C5), (0x10C7, 0x10C7), (0x10CD, 0x10CD),
    (0x10D0, 0x10FA), (0x10FC, 0x1248), (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258), (0x125A, 0x125D),
    (0x1260, 0x1288), (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5), (0x12B8, 0x12BE), (0x12C0, 0x12C0),
    (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310), (0x1312, 0x1315), (0x1318, 0x135A), (0x135D, 0x135F),
    (0x1369, 0x137C), (0x1380, 0x138F), (0x13A0, 0x13F5), (0x13F8, 0x13FD), (0x1401, 0x166C), (0x166F, 0x167F),
    (0x1681, 0x169A), (0x16A0, 0x16EA), (0x16EE, 0x16F8), (0x1700, 0x170C), (0x170E, 0x1714), (0x1720, 0x1734),
    (0x1740, 0x1753), (0x1760, 0x176C), (0x176E, 0x1770), (0x1772, 0x1773), (0x1780, 0x17D3), (0x17D7, 0x17D7),
    (0x17DC, 0x17DD), (0x17E0, 0x17E9), (0x17F0, 0x17F9), (0x180B, 0x180D), (0x1810, 0x1819), (0x1820, 0x1877),
    (0x1880, 0x18AA), (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1920, 0x192B), (0x1930, 0x193B), (0x1946, 0x196D),
    (0x1970, 0x1974), (0x1980, 0x19AB), (0x19B0, 0x19C9), (0x19D0, 0x19DA), (0x1A00, 0x1A1B), (0x1A20, 0x1A5E),
    (0x1A60, 0x1A7C), (0x1A7F, 0x1A89), (0x1A90, 0x1A99), (0x1AA7, 0x1AA7), (0x1AB0, 0x1ABE), (0x1B00, 0x1B4B),
    (0x1B50, 0x1B59), (0x1B6B, 0x1B73), (0x1B80, 0x1BF3), (0x1C00, 0x1C37), (0x1C40, 0x1C49), (0x1C4D, 0x1C7D),
    (0x1CD0, 0x1CD2), (0x1CD4, 0x1CF6), (0x1CF8, 0x1CF9), (0x1D00, 0x1DF5), (0x1DFC, 0x1F15), (0x1F18, 0x1F1D),
    (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D),
    (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4), (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC),
    (0x1FD0, 0x1FD3), (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC), (0x2070, 0x2071),
    (0x2074, 0x2079), (0x207F, 0x2089), (0x2090, 0x209C), (0x20D0, 0x20F0), (0x2102, 0x2102), (0x2107, 0x2107),
    (0x210A, 0x2113), (0x2115, 0x2115), (0x2119, 0x211D), (0x2124, 0x2124), (0x2126, 0x2126), (0x2128, 0x2128),
    (0x212A, 0x212D), (0x212F, 0x2139), (0x213C, 0x213F), (0x2145, 0x2149), (0x214E, 0x214E), (0x2150, 0x2189),
    (0x2460, 0x249B), (0x24EA, 0x24FF), (0x2776, 0x2793), (0x2C00, 0x2C2E), (0x2C30, 0x2C5E), (0x2C60, 0x2CE4),
    (0x2CEB, 0x2CF3), (0x2CFD, 0x2CFD), (0x2D00, 0x2D25), (0x2D27, 0x2D27), (0x2D2D, 0x2D2D), (0x2D30, 0x2D67),
    (0x2D6F, 0x2D6F), (0x2D7F, 0x2D96), (0x2DA0, 0x2DA6), (0x2DA8, 0x2DAE), (0x2DB0, 0x2DB6), (0x2DB8, 0x2DBE),
    (0x2DC0, 0x2DC6), (0x2DC8, 0x2DCE), (0x2DD0, 0x2DD6), (0x2DD8, 0x2DDE), (0x2DE0, 0x2DFF), (0x2E2F, 0x2E2F),
    (0x3005, 0x3007), (0x3021, 0x302F), (0x3031, 0x3035), (0x3038, 0x303C), (0x3041, 0x3096), (0x3099, 0x309A),
    (0x309D, 0x309F), (0x30A1, 0x30FA), (0x30FC, 0x30FF), (0x3105, 0x312D), (0x3131, 0x318E), (0x3192, 0x3195),
    (0x31A0, 0x31BA), (0x31F0, 0x31FF), (0x3220, 0x3229), (0x3248, 0x324F), (0x3251, 0x325F), (0x3280, 0x3289),
    (0x32B1, 0x32BF), (0x3400, 0x3400), (0x4DB5, 0x4DB5), (0x4E00, 0x4E00), (0x9FD5, 0x9FD5), (0xA000, 0xA48C),
    (0xA4D0, 0xA4FD), (0xA500, 0xA60C), (0xA610, 0xA62B), (0xA640, 0xA672), (0xA674, 0xA67D), (0xA67F, 0xA6F1),
    (0xA717, 0xA71F), (0xA722, 0xA788), (0xA78B, 0xA7AD), (0xA7B0, 0xA7B7), (0xA7F7, 0xA827), (0xA830, 0xA835),
    (0xA840, 0xA873), (0xA880, 0xA8C4), (0xA8D0, 0xA8D9), (0xA8E0, 0xA8F7), (0xA8FB, 0xA8FB), (0xA8FD, 0xA8FD),
    (0xA900, 0xA92D), (0xA930, 0xA953), (0xA960, 0xA97C), (0xA980, 0xA9C0), (0xA9CF, 0xA9D9), (0xA9E0, 0xA9FE),
    (0xAA00, 0xAA36), (0xAA40, 0xAA4D), (0xAA50, 0xAA59), (0xAA60, 0xAA76), (0xAA7A, 0xAAC2), (0xAADB, 0xAADD),
    (0xAAE0, 0xAAEF), (0xAAF2, 0xAAF6), (0xAB01, 0xAB06), (0xAB09, 0xAB0E), (0xAB11, 0xAB16), (0xAB20, 0xAB26),
    (0xAB28, 0xAB2E), (0xAB30, 0xAB5A), (0xAB5C, 0xAB65), (0xAB70, 0xABEA), (0xABEC, 0xABED), (0xABF0, 0xABF9),
    (0xAC00, 0xAC00), (0xD7A3, 0xD7A3), (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9),
    (0xFB00, 0xFB06), (0xFB13, 0xFB17), (0xFB1D, 0xFB28), (0xFB2A, 0xFB36), (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E),
    (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFBB1), (0xFBD3, 0xFD3D), (0xFD50, 0xFD8F), (0xFD92, 0xFDC7),
    (0xFDF0, 0xFDFB), (0xFE00, 0xFE0F), (0xFE20, 0xFE2F), (0xFE70, 0xFE74), (0xFE76, 0xFEFC), (0xFF10, 0xFF19),
    (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0xFF66, 0xFFBE), (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF), (0xFFD2, 0xFFD7),
    (0xFFDA, 0xFFDC),
];

/// The code points uslug turns into a space: its `Z` table (separators, as of the Unicode
/// version it was generated from; U+180E is not in it).
fn uslug_is_separator(c: char) -> bool {
    matches!(
        c,
        '\u{20}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

fn uslug_keeps(c: char) -> bool {
    let cp = c as u32;
    if cp > 0xFFFF {
        return false;
    }
    let cp = cp as u16;
    USLUG_KEEP
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `uslug(text)` with uslug 1.0.4's default options (`allowedChars: '-_~'`, `lower: true`,
/// `spaces: false`): the slug Wiki.js builds from a heading's text, *before* its `h-` prefix and
/// duplicate numbering (see [`wikijs_slug`]).
///
/// Algorithm, step by step as uslug does it:
/// 1. NFKC-normalize (fullwidth `１` becomes `1`, `ﬁ` becomes `fi`, U+3000 becomes a space).
/// 2. For each UTF-16 code unit: CJK Unified Ideographs U+4E00..U+9FFF and Hangul syllables
///    U+AC00..U+D7A3 are kept; `、` `。` (U+3001, U+3002) become a space; `-`, `_`, `~` are kept;
///    letters, numbers and marks (uslug's tables, see `USLUG_KEEP`) are kept; separators
///    (`Z*`, including no-break spaces) become a space; everything else (punctuation, symbols,
///    emoji, controls, any character outside the BMP) is dropped.
/// 3. Trim spaces, turn every run of spaces and `-` into one `-`, lowercase (full Unicode
///    lowercase mapping, as JavaScript's `toLowerCase`).
///
/// Leading and trailing `-` are *not* trimmed (`- a` gives `-a`). The result may be empty (a
/// heading made only of punctuation or emoji).
pub fn uslug(text: &str) -> String {
    if text.is_ascii() {
        return uslug_ascii(text);
    }
    uslug_any(text)
}

/// [`uslug`] of an ASCII text in one pass over its bytes. NFKC leaves ASCII as it is; of
/// ASCII, uslug keeps letters, digits, `-`, `_`, `~`, and the space (its one ASCII
/// separator). Then, as [`collapse_lower`] does: spaces at either end go, a run of spaces and
/// `-` becomes one `-`, and letters are lowercased.
fn uslug_ascii(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    // The run of spaces and `-` since the last kept character: none, spaces only, or with a
    // `-` (which no trimming removes).
    #[derive(PartialEq)]
    enum Run {
        None,
        Spaces,
        Dash,
    }
    let mut run = Run::None;
    for b in text.bytes() {
        match b {
            b' ' if run == Run::None => run = Run::Spaces,
            b'-' => run = Run::Dash,
            b'_' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => {
                // Spaces alone before the first kept character are trimmed.
                if run == Run::Dash || (run == Run::Spaces && !slug.is_empty()) {
                    slug.push('-');
                }
                run = Run::None;
                slug.push(char::from(b.to_ascii_lowercase()));
            }
            _ => {}
        }
    }
    if run == Run::Dash {
        slug.push('-');
    }
    slug
}

/// [`uslug`] of any text.
fn uslug_any(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    for c in text.nfkc() {
        let cp = c as u32;
        if (0x4E00..=0x9FFF).contains(&cp) || (0xAC00..=0xD7A3).contains(&cp) {
            kept.push(c);
            continue;
        }
        // "Japanese ideographic punctuation": uslug pushes a space and goes on checking, so
        // U+3000 (also a separator) yields two spaces; either way they collapse below. After
        // NFKC only U+3001 and U+3002 can still occur here.
        if (0x3000..=0x3002).contains(&cp) || (0xFF01..=0xFF02).contains(&cp) {
            kept.push(' ');
        }
        if matches!(c, '-' | '_' | '~') {
            kept.push(c);
            continue;
        }
        if uslug_keeps(c) {
            kept.push(c);
        } else if uslug_is_separator(c) {
            kept.push(' ');
        }
    }
    collapse_lower(&kept)
}

/// uslug's last step on the kept characters: trimmed, runs of spaces and `-` made one `-`,
/// lowercased.
fn collapse_lower(kept: &str) -> String {
    // Only ASCII spaces and `-` can be whitespace at this point: every other JavaScript `\s`
    // character is either a separator (already a space) or dropped.
    let trimmed = kept.trim_matches(' ');
    let mut slug = String::with_capacity(trimmed.len());
    let mut in_run = false;
    for c in trimmed.chars() {
        if c == ' ' || c == '-' {
            if !in_run {
                slug.push('-');
                in_run = true;
            }
        } else {
            slug.push(c);
            in_run = false;
        }
    }
    if slug.is_ascii() {
        slug.make_ascii_lowercase();
        return slug;
    }
    slug.to_lowercase()
}

/// The id Wiki.js 2.5 gives a heading with this rendered text (before duplicate numbering; see
/// [`SlugCounter`]).
///
/// This is [`uslug`] plus Wiki.js's own rule "cannot start with a number (CSS selector
/// limitation)": when the slug starts with an ASCII digit `0`-`9` (JavaScript `/^\d/`, which
/// does not match other scripts' digits), `h-` is prepended.
///
/// Examples (probed on Wiki.js): `2. Export your data` -> `h-2-export-your-data`;
/// `Move/change Mastodon server` -> `movechange-mastodon-server`;
/// `What's new — v2.5 (beta)!` -> `whats-new-v25-beta`; `C++ & C#` -> `c-c`.
///
/// An empty result is returned as `""`: Wiki.js then sets `id=""` on the heading (its anchor
/// becomes `href="#"`), so no `#fragment` can reach it. A second such heading on the page gets
/// `-1` (see [`SlugCounter::unique`]).
pub fn wikijs_slug(text: &str) -> String {
    wikijs_prefix_digit(uslug(text))
}

/// The id Wiki.js 2.5 gives a heading that carries an explicit id (`## Title {#my-id}`), before
/// duplicate numbering.
///
/// Wiki.js takes the explicit id instead of the slug, but still applies its leading-digit rule:
/// `{#2fa}` becomes `h-2fa`. The id is otherwise used as written (no slugging, no lowercasing).
/// Explicit ids go through the same duplicate numbering as generated ones.
pub fn wikijs_explicit_id(id: &str) -> String {
    wikijs_prefix_digit(id.to_string())
}

fn wikijs_prefix_digit(slug: String) -> String {
    if slug.starts_with(|c: char| c.is_ascii_digit()) {
        format!("h-{slug}")
    } else {
        slug
    }
}

/// Python's `str.isspace()` restricted to ASCII, which is what `\s` and `strip()` mean once the
/// text is ASCII: includes the information separators U+001C..U+001F.
fn py_ascii_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{1C}'..='\u{1F}' | ' '
    )
}

/// The id GitHub gives a heading when it shows a Markdown file (github-slugger): the text
/// lowercased, every character but letters, digits, marks, `-`, `_` and spaces removed, each
/// space made a `-` (`Policies & Rules` -> `policies--rules`, `Rincón` -> `rincón`). Repeats get
/// `-1`, `-2` from the caller.
pub fn github_slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || is_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Whether `c` is a combining mark (kept by GitHub's slugs, as in NFD text).
fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// The id MkDocs gives a heading with this rendered text: Python-Markdown `toc`'s default
/// `slugify(value, separator='-')` (the ASCII-only one), before duplicate numbering.
///
/// ```text
/// value = unicodedata.normalize('NFKD', value)
/// value = value.encode('ascii', 'ignore').decode('ascii')
/// value = re.sub(r'[^\w\s-]', '', value).strip().lower()
/// return re.sub(r'[-\s]+', '-', value)
/// ```
///
/// So every non-ASCII character that has no ASCII base letter is dropped: `å` keeps its `a`
/// (NFKD splits off the ring), but `æ`, `ø`, `ß`, CJK and emoji vanish completely. Only
/// whitespace is stripped at the ends; leading/trailing `-` stay. There is no digit prefix:
/// `2. Export your data` -> `2-export-your-data`. The result may be empty (MkDocs then
/// numbers it `_1`, see [`SlugCounter`]).
pub fn mkdocs_slug(text: &str) -> String {
    let keep = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || py_ascii_space(c);
    // The ASCII characters of the text's NFKD form, decomposed one character at a time: NFKD
    // only reorders combining marks, which are not ASCII, and an ASCII character decomposes
    // to itself (so most headings are only filtered). Checked against `nfkd()` by a property
    // test.
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            if keep(c) {
                ascii.push(c);
            }
        } else {
            unicode_normalization::char::decompose_compatible(c, |d| {
                if d.is_ascii() && keep(d) {
                    ascii.push(d);
                }
            });
        }
    }
    ascii_slug(&ascii)
}

/// The slug of a heading's kept ASCII characters: trimmed, lowercased, and each run of dashes
/// and spaces made one dash.
fn ascii_slug(ascii: &str) -> String {
    let stripped = ascii.trim_matches(py_ascii_space).to_ascii_lowercase();
    let mut slug = String::with_capacity(stripped.len());
    let mut in_run = false;
    for c in stripped.chars() {
        if c == '-' || py_ascii_space(c) {
            if !in_run {
                slug.push('-');
                in_run = true;
            }
        } else {
            slug.push(c);
            in_run = false;
        }
    }
    slug
}

/// How a MkDocs site's Python-Markdown `toc` extension makes heading ids: its `slugify` and
/// `separator` options (`markdown_extensions: - toc: slugify: ...`). The default is
/// Python-Markdown's own ASCII `slugify` with `-` ([`mkdocs_slug`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TocSlugs {
    pub slugify: Slugify,
    /// The `separator` option: one character (a longer one is read as [`Slugify::Unknown`]).
    pub separator: char,
}

impl Default for TocSlugs {
    fn default() -> Self {
        TocSlugs {
            slugify: Slugify::Default,
            separator: '-',
        }
    }
}

/// How pymdownx.tabbed gives content tabs (`=== "Android"`) their ids: `__tabbed_<set>_<tab>`
/// by default, or, with its `slugify` option, the slug of the tab's title (with its own
/// `separator`), after the slug of the heading above the tab set with `combine_header_slug`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TabIds {
    pub slugify: Option<TocSlugs>,
    pub combine_header_slug: bool,
}

/// A `slugify` function MkDocs sites configure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Slugify {
    /// `markdown.extensions.toc.slugify`: NFKD, ASCII only, lowercased.
    #[default]
    Default,
    /// `markdown.extensions.toc.slugify_unicode`: as `Default`, with every Unicode letter and
    /// number kept.
    Unicode,
    /// `pymdownx.slugs.slugify(case=..., percent_encode=..., normalize=...)`, and the older
    /// functions it replaced (`uslugify`, `gfm`, ...): Unicode letters and numbers kept, each
    /// space one separator.
    Pymdownx {
        case: SlugCase,
        percent_encode: bool,
        normalize: NormalForm,
    },
    /// A function guide-lint does not know (a site's own): its ids cannot be computed.
    Unknown,
}

/// pymdownx.slugs' `case` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SlugCase {
    /// `none` (the default): the case as written.
    #[default]
    Keep,
    /// `lower`: Python's `str.lower()`.
    Lower,
    /// `lower-ascii`: only `A`-`Z` lowercased (as GitHub does).
    LowerAscii,
    /// `fold`: Python's `str.casefold()` (full Unicode case folding).
    Fold,
}

/// pymdownx.slugs' `normalize` option, a Unicode normalization form (default NFC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NormalForm {
    #[default]
    Nfc,
    Nfd,
    Nfkc,
    Nfkd,
}

impl TocSlugs {
    /// The id the site's `toc` gives a heading with this rendered text, before duplicate
    /// numbering; `None` when the site's function is [`Slugify::Unknown`].
    pub fn slug(&self, text: &str) -> Option<String> {
        let sep = self.separator;
        match self.slugify {
            Slugify::Default if sep == '-' => Some(mkdocs_slug(text)),
            Slugify::Default => {
                let ascii: String = text.nfkd().filter(char::is_ascii).collect();
                Some(python_markdown_slug(&ascii, sep))
            }
            Slugify::Unicode => Some(python_markdown_slug(text, sep)),
            Slugify::Pymdownx {
                case,
                percent_encode,
                normalize,
            } => Some(pymdownx_slug(text, sep, case, percent_encode, normalize)),
            Slugify::Unknown => None,
        }
    }
}

/// Python's `str.isspace()`: what `strip()` removes and what `\s` matches in a `str` pattern.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}

/// Python's `\w` in a `str` pattern: letters, numbers and `_` (`str.isalnum()`).
fn py_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    static WORD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"^[\p{L}\p{N}]$").expect("a valid pattern"));
    let mut buf = [0; 4];
    WORD.is_match(c.encode_utf8(&mut buf))
}

/// Python-Markdown's `slugify(value, separator, unicode)` after its ASCII step (`value` is
/// ASCII when `unicode` is false):
///
/// ```text
/// value = re.sub(r'[^\w\s-]', '', value).strip().lower()
/// return re.sub(r'[{}\s]+'.format(separator), separator, value)
/// ```
fn python_markdown_slug(value: &str, sep: char) -> String {
    let kept: String = value
        .chars()
        .filter(|&c| py_word(c) || py_space(c) || c == '-')
        .collect();
    let lower = kept.trim_matches(py_space).to_lowercase();
    let mut slug = String::with_capacity(lower.len());
    let mut in_run = false;
    for c in lower.chars() {
        if c == sep || py_space(c) {
            if !in_run {
                slug.push(sep);
                in_run = true;
            }
        } else {
            slug.push(c);
            in_run = false;
        }
    }
    slug
}

/// pymdownx.slugs' `_uslugify(text, sep, case, percent_encode, normalize)`:
///
/// ```text
/// slug = RE_TAGS.sub('', unicodedata.normalize(normalize, text)).strip()   # </?[^>]*>
/// slug = slug.lower() / casefold() / [A-Z] lowered, by case
/// slug = RE_SEP.sub(sep, RE_INVALID_SLUG_CHAR.sub('', slug))               # ' ', [^\w\- ]
/// return quote(slug.encode('utf-8')) if percent_encode else slug
/// ```
///
/// Each space is one separator (`A & B` -> `a--b`); other whitespace inside is dropped.
fn pymdownx_slug(
    text: &str,
    sep: char,
    case: SlugCase,
    percent_encode: bool,
    normalize: NormalForm,
) -> String {
    let normal: String = match normalize {
        NormalForm::Nfc => text.nfc().collect(),
        NormalForm::Nfd => text.nfd().collect(),
        NormalForm::Nfkc => text.nfkc().collect(),
        NormalForm::Nfkd => text.nfkd().collect(),
    };
    let untagged = strip_tags(&normal);
    let stripped = untagged.trim_matches(py_space);
    let cased = match case {
        SlugCase::Keep => stripped.to_string(),
        SlugCase::Lower => stripped.to_lowercase(),
        SlugCase::LowerAscii => stripped.to_ascii_lowercase(),
        SlugCase::Fold => caseless::default_case_fold_str(stripped),
    };
    let slug: String = cased
        .chars()
        .filter(|&c| py_word(c) || c == '-' || c == ' ')
        .map(|c| if c == ' ' { sep } else { c })
        .collect();
    if !percent_encode {
        return slug;
    }
    // `urllib.parse.quote`: letters, digits, `_.-~` and `/` kept, every other byte `%XX`.
    let mut out = String::with_capacity(slug.len());
    for b in slug.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `re.sub(r'</?[^>]*>', '', text)`: every `<`, an optional `/`, then up to the next `>`.
fn strip_tags(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('<') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open + 1..].find('>') {
            Some(close) => rest = &rest[open + 1 + close + 1..],
            None => {
                out.push_str(&rest[open..]);
                return std::borrow::Cow::Owned(out);
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Which renderer's duplicate-id numbering a [`SlugCounter`] reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlugStyle {
    /// Wiki.js 2.5: a taken id `x` becomes the first free one of `x-1`, `x-2`, ...
    WikiJs,
    /// Python-Markdown `toc` (MkDocs): a taken or empty id becomes `x_1`, `x_2`, ...; an id that
    /// already ends in `_<n>` is counted on from `n` (`step_2` taken -> `step_3`).
    MkDocs,
}

/// Makes heading ids unique within one page, the way the dialect's renderer does.
///
/// Feed the headings in document order. The set of ids it checks against differs by dialect:
///
/// * Wiki.js only compares heading ids with earlier heading ids; explicit `{#id}`s (see
///   [`wikijs_explicit_id`]) are passed through [`unique`](Self::unique) like generated slugs.
///   Ids elsewhere on the page (`<span id>`, footnotes) are not considered.
/// * MkDocs first collects *every* id already present in the page (explicit heading ids from
///   attr_list, raw HTML ids): [`reserve`](Self::reserve) all of them before the first call to
///   `unique`. Explicit heading ids are kept as they are and are not passed to `unique`.
#[derive(Debug, Clone)]
pub struct SlugCounter {
    style: SlugStyle,
    /// Keyed by text the page's author chose: a seeded hasher (foldhash, randomly seeded per
    /// process), so no page can be written to collide, and much cheaper than SipHash on ids.
    used: foldhash::HashSet<String>,
    /// Per base slug, the last number given to it: ids are only ever added, so every number up
    /// to it is still taken and the next search starts after it (100,000 identical headings
    /// cost 100,000 probes, not 5 billion).
    last: foldhash::HashMap<String, u128>,
}

impl SlugCounter {
    /// An empty counter for one page.
    pub fn new(style: SlugStyle) -> Self {
        Self::with_capacity(style, 0)
    }

    /// An empty counter with room for `ids` ids without growing.
    pub fn with_capacity(style: SlugStyle, ids: usize) -> Self {
        SlugCounter {
            style,
            used: foldhash::HashSet::with_capacity_and_hasher(ids, Default::default()),
            last: foldhash::HashMap::default(),
        }
    }

    /// The style this counter numbers duplicates in.
    pub fn style(&self) -> SlugStyle {
        self.style
    }

    /// Marks an id as taken without numbering it (MkDocs: ids already in the page; Wiki.js: not
    /// needed in normal use).
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// Whether `id` has been returned by [`unique`](Self::unique) or reserved.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// Returns the id the renderer gives a heading whose base id is `slug`, and records it.
    ///
    /// * [`SlugStyle::WikiJs`]: `slug` if not taken, else the first free `slug-1`, `slug-2`, ...
    ///   (counting restarts at 1 for each heading). An empty slug is kept the first time and
    ///   becomes `-1`, `-2`, ... afterwards.
    /// * [`SlugStyle::MkDocs`]: `slug` if not taken and not empty; else, when `slug` ends in
    ///   `_<digits>`, the first free `<base>_<n+1>`, `<base>_<n+2>`, ..., otherwise the first
    ///   free `slug_1`, `slug_2`, ... (an empty slug becomes `_1`).
    pub fn unique(&mut self, slug: String) -> String {
        // A free id (the usual case) is taken with one lookup.
        let free_as_is = match self.style {
            SlugStyle::WikiJs => true,
            SlugStyle::MkDocs => !slug.is_empty(),
        };
        if free_as_is && !self.used.contains(slug.as_str()) {
            self.used.insert(slug.clone());
            return slug;
        }
        // Taken (or an empty MkDocs slug): numbered, the search starting after the last number
        // this slug was given. One candidate buffer, reused while the numbers are taken.
        let (mut base, mut n, sep) = match self.style {
            SlugStyle::WikiJs => (slug.as_str(), 0, '-'),
            SlugStyle::MkDocs => {
                let (base, n0) = split_mkdocs_count(&slug);
                (base, n0, '_')
            }
        };
        let last = self.last.get_mut(slug.as_str());
        n = last.as_deref().copied().unwrap_or(0).max(n);
        let mut candidate = String::with_capacity(slug.len() + 4);
        loop {
            if sep == '_' && n == u128::MAX {
                // A count past u128 (Python's int would go on): number the whole slug instead,
                // so the search ends.
                base = &slug;
                n = 0;
            }
            n = n.saturating_add(1);
            candidate.clear();
            candidate.push_str(base);
            candidate.push(sep);
            crate::util::push_number(&mut candidate, n);
            if !self.used.contains(candidate.as_str()) {
                break;
            }
        }
        match last {
            Some(l) => *l = n,
            None => {
                self.last.insert(slug, n);
            }
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// Python-Markdown's `IDCOUNT_RE = r'^(.*)_([0-9]+)$'`: splits `base_12` into (`base`, 12);
/// anything else is (`slug`, 0). Python's `int()` has no upper bound; absurdly long digit runs
/// saturate here, which only matters for ids nobody writes.
fn split_mkdocs_count(slug: &str) -> (&str, u128) {
    if let Some(pos) = slug.rfind('_') {
        let digits = &slug[pos + 1..];
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let n = digits.bytes().fold(0u128, |acc, b| {
                acc.saturating_mul(10).saturating_add(u128::from(b - b'0'))
            });
            return (&slug[..pos], n);
        }
    }
    (slug, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each `slugify` a MkDocs site configures, against the ids Python-Markdown 3.11.4 and
    /// pymdown-extensions 13.1.2 compute for the same texts (the table was printed by them).
    #[test]
    fn toc_slugify_functions_match_python() {
        fn toc(slugify: Slugify, separator: char) -> TocSlugs {
            TocSlugs { slugify, separator }
        }
        fn pymdownx(case: SlugCase, percent_encode: bool, normalize: NormalForm) -> Slugify {
            Slugify::Pymdownx {
                case,
                percent_encode,
                normalize,
            }
        }
        let cases = [
            (
                toc(Slugify::Default, '-'),
                "Rincón de ayuda",
                "rincon-de-ayuda",
            ),
            (
                toc(Slugify::Default, '-'),
                "Flyt din konto: trin 2",
                "flyt-din-konto-trin-2",
            ),
            (
                toc(Slugify::Default, '-'),
                "Policies & Rules",
                "policies-rules",
            ),
            (
                toc(Slugify::Default, '-'),
                "  Straße — Æbler og Øl  ",
                "strae-bler-og-l",
            ),
            (toc(Slugify::Default, '-'), "Use <div> tags", "use-div-tags"),
            (toc(Slugify::Default, '-'), "ΣΑΣ test", "test"),
            (toc(Slugify::Default, '-'), "İstanbul", "istanbul"),
            (toc(Slugify::Default, '-'), "a_b-c  d", "a_b-c-d"),
            (toc(Slugify::Default, '-'), "数据 导出", ""),
            (toc(Slugify::Default, '-'), "Café ﬁnal ①", "cafe-final-1"),
            (toc(Slugify::Default, '-'), "x\ty", "x-y"),
            (
                toc(Slugify::Default, '-'),
                "Hello_World - v1.2",
                "hello_world-v12",
            ),
            (toc(Slugify::Default, '-'), "e\u{301}cole", "ecole"),
            (toc(Slugify::Default, '-'), "Ünïcödé__tést", "unicode__test"),
            (toc(Slugify::Default, '-'), "100% done!", "100-done"),
            (toc(Slugify::Default, '-'), "über-uns (FAQ)", "uber-uns-faq"),
            (
                toc(Slugify::Default, '_'),
                "Rincón de ayuda",
                "rincon_de_ayuda",
            ),
            (
                toc(Slugify::Default, '_'),
                "Flyt din konto: trin 2",
                "flyt_din_konto_trin_2",
            ),
            (
                toc(Slugify::Default, '_'),
                "Policies & Rules",
                "policies_rules",
            ),
            (
                toc(Slugify::Default, '_'),
                "  Straße — Æbler og Øl  ",
                "strae_bler_og_l",
            ),
            (toc(Slugify::Default, '_'), "Use <div> tags", "use_div_tags"),
            (toc(Slugify::Default, '_'), "ΣΑΣ test", "test"),
            (toc(Slugify::Default, '_'), "İstanbul", "istanbul"),
            (toc(Slugify::Default, '_'), "a_b-c  d", "a_b-c_d"),
            (toc(Slugify::Default, '_'), "数据 导出", ""),
            (toc(Slugify::Default, '_'), "Café ﬁnal ①", "cafe_final_1"),
            (toc(Slugify::Default, '_'), "x\ty", "x_y"),
            (
                toc(Slugify::Default, '_'),
                "Hello_World - v1.2",
                "hello_world_-_v12",
            ),
            (toc(Slugify::Default, '_'), "e\u{301}cole", "ecole"),
            (toc(Slugify::Default, '_'), "Ünïcödé__tést", "unicode_test"),
            (toc(Slugify::Default, '_'), "100% done!", "100_done"),
            (toc(Slugify::Default, '_'), "über-uns (FAQ)", "uber-uns_faq"),
            (
                toc(Slugify::Unicode, '-'),
                "Rincón de ayuda",
                "rincón-de-ayuda",
            ),
            (
                toc(Slugify::Unicode, '-'),
                "Flyt din konto: trin 2",
                "flyt-din-konto-trin-2",
            ),
            (
                toc(Slugify::Unicode, '-'),
                "Policies & Rules",
                "policies-rules",
            ),
            (
                toc(Slugify::Unicode, '-'),
                "  Straße — Æbler og Øl  ",
                "straße-æbler-og-øl",
            ),
            (toc(Slugify::Unicode, '-'), "Use <div> tags", "use-div-tags"),
            (toc(Slugify::Unicode, '-'), "ΣΑΣ test", "σας-test"),
            (toc(Slugify::Unicode, '-'), "İstanbul", "i\u{307}stanbul"),
            (toc(Slugify::Unicode, '-'), "a_b-c  d", "a_b-c-d"),
            (toc(Slugify::Unicode, '-'), "数据 导出", "数据-导出"),
            (toc(Slugify::Unicode, '-'), "Café ﬁnal ①", "café-ﬁnal-①"),
            (toc(Slugify::Unicode, '-'), "x\ty", "x-y"),
            (
                toc(Slugify::Unicode, '-'),
                "Hello_World - v1.2",
                "hello_world-v12",
            ),
            (toc(Slugify::Unicode, '-'), "e\u{301}cole", "ecole"),
            (toc(Slugify::Unicode, '-'), "Ünïcödé__tést", "ünïcödé__tést"),
            (toc(Slugify::Unicode, '-'), "100% done!", "100-done"),
            (toc(Slugify::Unicode, '-'), "über-uns (FAQ)", "über-uns-faq"),
            (
                toc(Slugify::Unicode, '_'),
                "Rincón de ayuda",
                "rincón_de_ayuda",
            ),
            (
                toc(Slugify::Unicode, '_'),
                "Flyt din konto: trin 2",
                "flyt_din_konto_trin_2",
            ),
            (
                toc(Slugify::Unicode, '_'),
                "Policies & Rules",
                "policies_rules",
            ),
            (
                toc(Slugify::Unicode, '_'),
                "  Straße — Æbler og Øl  ",
                "straße_æbler_og_øl",
            ),
            (toc(Slugify::Unicode, '_'), "Use <div> tags", "use_div_tags"),
            (toc(Slugify::Unicode, '_'), "ΣΑΣ test", "σας_test"),
            (toc(Slugify::Unicode, '_'), "İstanbul", "i\u{307}stanbul"),
            (toc(Slugify::Unicode, '_'), "a_b-c  d", "a_b-c_d"),
            (toc(Slugify::Unicode, '_'), "数据 导出", "数据_导出"),
            (toc(Slugify::Unicode, '_'), "Café ﬁnal ①", "café_ﬁnal_①"),
            (toc(Slugify::Unicode, '_'), "x\ty", "x_y"),
            (
                toc(Slugify::Unicode, '_'),
                "Hello_World - v1.2",
                "hello_world_-_v12",
            ),
            (toc(Slugify::Unicode, '_'), "e\u{301}cole", "ecole"),
            (toc(Slugify::Unicode, '_'), "Ünïcödé__tést", "ünïcödé_tést"),
            (toc(Slugify::Unicode, '_'), "100% done!", "100_done"),
            (toc(Slugify::Unicode, '_'), "über-uns (FAQ)", "über-uns_faq"),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "Rincón de ayuda",
                "rincón-de-ayuda",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "Flyt din konto: trin 2",
                "flyt-din-konto-trin-2",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "Policies & Rules",
                "policies--rules",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "  Straße — Æbler og Øl  ",
                "straße--æbler-og-øl",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "Use <div> tags",
                "use--tags",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "ΣΑΣ test",
                "σας-test",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "İstanbul",
                "istanbul",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "a_b-c  d",
                "a_b-c--d",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "数据 导出",
                "数据-导出",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "Café ﬁnal ①",
                "café-ﬁnal-①",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "x\ty",
                "xy",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "Hello_World - v1.2",
                "hello_world---v12",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "e\u{301}cole",
                "école",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "Ünïcödé__tést",
                "ünïcödé__tést",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "100% done!",
                "100-done",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfc), '-'),
                "über-uns (FAQ)",
                "über-uns-faq",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "Rincón de ayuda",
                "Rincón-de-ayuda",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "Flyt din konto: trin 2",
                "Flyt-din-konto-trin-2",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "Policies & Rules",
                "Policies--Rules",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "  Straße — Æbler og Øl  ",
                "Straße--Æbler-og-Øl",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "Use <div> tags",
                "Use--tags",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "ΣΑΣ test",
                "ΣΑΣ-test",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "İstanbul",
                "İstanbul",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "a_b-c  d",
                "a_b-c--d",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "数据 导出",
                "数据-导出",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "Café ﬁnal ①",
                "Café-ﬁnal-①",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "x\ty",
                "xy",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "Hello_World - v1.2",
                "Hello_World---v12",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "e\u{301}cole",
                "école",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "Ünïcödé__tést",
                "Ünïcödé__tést",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "100% done!",
                "100-done",
            ),
            (
                toc(pymdownx(SlugCase::Keep, false, NormalForm::Nfc), '-'),
                "über-uns (FAQ)",
                "über-uns-FAQ",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "Rincón de ayuda",
                "rincón-de-ayuda",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "Flyt din konto: trin 2",
                "flyt-din-konto-trin-2",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "Policies & Rules",
                "policies--rules",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "  Straße — Æbler og Øl  ",
                "straße--Æbler-og-Øl",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "Use <div> tags",
                "use--tags",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "ΣΑΣ test",
                "ΣΑΣ-test",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "İstanbul",
                "İstanbul",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "a_b-c  d",
                "a_b-c--d",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "数据 导出",
                "数据-导出",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "Café ﬁnal ①",
                "café-ﬁnal-①",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "x\ty",
                "xy",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "Hello_World - v1.2",
                "hello_world---v12",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "e\u{301}cole",
                "école",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "Ünïcödé__tést",
                "Ünïcödé__tést",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "100% done!",
                "100-done",
            ),
            (
                toc(pymdownx(SlugCase::LowerAscii, false, NormalForm::Nfc), '-'),
                "über-uns (FAQ)",
                "über-uns-faq",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "Rincón de ayuda",
                "rincón-de-ayuda",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "Flyt din konto: trin 2",
                "flyt-din-konto-trin-2",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "Policies & Rules",
                "policies--rules",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "  Straße — Æbler og Øl  ",
                "strasse--æbler-og-øl",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "Use <div> tags",
                "use--tags",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "ΣΑΣ test",
                "σασ-test",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "İstanbul",
                "istanbul",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "a_b-c  d",
                "a_b-c--d",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "数据 导出",
                "数据-导出",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "Café ﬁnal ①",
                "café-final-①",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "x\ty",
                "xy",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "Hello_World - v1.2",
                "hello_world---v12",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "e\u{301}cole",
                "école",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "Ünïcödé__tést",
                "ünïcödé__tést",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "100% done!",
                "100-done",
            ),
            (
                toc(pymdownx(SlugCase::Fold, false, NormalForm::Nfc), '-'),
                "über-uns (FAQ)",
                "über-uns-faq",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "Rincón de ayuda",
                "rinc%C3%B3n-de-ayuda",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "Flyt din konto: trin 2",
                "flyt-din-konto-trin-2",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "Policies & Rules",
                "policies--rules",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "  Straße — Æbler og Øl  ",
                "stra%C3%9Fe--%C3%A6bler-og-%C3%B8l",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "Use <div> tags",
                "use--tags",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "ΣΑΣ test",
                "%CF%83%CE%B1%CF%82-test",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "İstanbul",
                "istanbul",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "a_b-c  d",
                "a_b-c--d",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "数据 导出",
                "%E6%95%B0%E6%8D%AE-%E5%AF%BC%E5%87%BA",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "Café ﬁnal ①",
                "caf%C3%A9-%EF%AC%81nal-%E2%91%A0",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "x\ty",
                "xy",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "Hello_World - v1.2",
                "hello_world---v12",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "e\u{301}cole",
                "%C3%A9cole",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "Ünïcödé__tést",
                "%C3%BCn%C3%AFc%C3%B6d%C3%A9__t%C3%A9st",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "100% done!",
                "100-done",
            ),
            (
                toc(pymdownx(SlugCase::Lower, true, NormalForm::Nfc), '-'),
                "über-uns (FAQ)",
                "%C3%BCber-uns-faq",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "Rincón de ayuda",
                "rincon_de_ayuda",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "Flyt din konto: trin 2",
                "flyt_din_konto_trin_2",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "Policies & Rules",
                "policies__rules",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "  Straße — Æbler og Øl  ",
                "straße__æbler_og_øl",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "Use <div> tags",
                "use__tags",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "ΣΑΣ test",
                "σας_test",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "İstanbul",
                "istanbul",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "a_b-c  d",
                "a_b-c__d",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "数据 导出",
                "数据_导出",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "Café ﬁnal ①",
                "cafe_final_1",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "x\ty",
                "xy",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "Hello_World - v1.2",
                "hello_world_-_v12",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "e\u{301}cole",
                "ecole",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "Ünïcödé__tést",
                "unicode__test",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "100% done!",
                "100_done",
            ),
            (
                toc(pymdownx(SlugCase::Lower, false, NormalForm::Nfkd), '_'),
                "über-uns (FAQ)",
                "uber-uns_faq",
            ),
        ];
        for (toc, text, id) in cases {
            assert_eq!(toc.slug(text).as_deref(), Some(id), "{toc:?} of {text:?}");
        }
        assert_eq!(toc(Slugify::Unknown, '-').slug("Setup"), None);
    }

    #[test]
    fn github_slugs() {
        assert_eq!(
            github_slug("Policies & Mandatory Rules"),
            "policies--mandatory-rules"
        );
        assert_eq!(
            github_slug("Puerto Rico: Rincón and Beyond"),
            "puerto-rico-rincón-and-beyond"
        );
        assert_eq!(github_slug("`config_file` (v2.0)"), "config_file-v20");
    }
    use proptest::prelude::*;

    proptest! {
        /// The one-pass ASCII slug is the slug of the general path (NFKC, uslug's tables,
        /// trimming and collapsing), for any ASCII text.
        #[test]
        fn ascii_slug_matches_the_general_path(text in "[ -~\t\n]{0,40}") {
            prop_assert_eq!(uslug_ascii(&text), uslug_any(&text));
        }

        #[test]
        fn ascii_slug_matches_on_runs(text in "[ \\-aZ9_~.]{0,24}") {
            prop_assert_eq!(uslug_ascii(&text), uslug_any(&text));
        }

        /// MkDocs' slug, decomposing one character at a time, is the slug of the whole text's
        /// NFKD form (combining marks in any order, compatibility characters, Hangul, ...).
        #[test]
        fn mkdocs_slug_matches_whole_text_nfkd(
            text in "[ -~\t\u{1c}\u{b}éåÆøßñ\u{300}\u{301}\u{327}\u{316}ﬁ²２Ｅ①한글Å\u{212b}ǅ]{0,24}"
        ) {
            prop_assert_eq!(mkdocs_slug(&text), mkdocs_slug_nfkd(&text));
        }
    }

    /// [`mkdocs_slug`] as Python-Markdown writes it: NFKD of the whole text, then ASCII only.
    fn mkdocs_slug_nfkd(text: &str) -> String {
        let ascii: String = text
            .nfkd()
            .filter(|c| c.is_ascii())
            .filter(|&c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || py_ascii_space(c))
            .collect();
        ascii_slug(&ascii)
    }

    #[test]
    fn ascii_headings_slug_as_through_normalisation() {
        // A character outside the BMP is dropped by uslug: the text then takes the general
        // (NFKC) path, and must give the slug the ASCII path gives.
        for b in 0u8..0x80 {
            let c = b as char;
            for text in [format!("x{c}y"), format!("{c} A{c}{c}b {c}"), c.to_string()] {
                assert_eq!(uslug(&text), uslug(&format!("{text}\u{1F600}")), "{text:?}");
            }
        }
        assert_eq!(uslug("A b~c_d-e\tf! "), "a-b~c_d-ef");
        assert_eq!(uslug(" -- x"), "-x");
    }

    #[test]
    fn keep_table_is_sorted_and_disjoint() {
        assert!(USLUG_KEEP.iter().all(|&(lo, hi)| lo <= hi));
        assert!(USLUG_KEEP.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn wikijs_probed_examples() {
        assert_eq!(wikijs_slug("2. Export your data"), "h-2-export-your-data");
        assert_eq!(
            wikijs_slug("Move/change Mastodon server"),
            "movechange-mastodon-server"
        );
        assert_eq!(
            wikijs_slug("What's new — v2.5 (beta)!"),
            "whats-new-v25-beta"
        );
        assert_eq!(wikijs_slug("C++ & C#"), "c-c");
    }

    #[test]
    fn mkdocs_examples() {
        assert_eq!(mkdocs_slug("2. Export your data"), "2-export-your-data");
        assert_eq!(
            mkdocs_slug("1. Configuration (optional)"),
            "1-configuration-optional"
        );
        assert_eq!(
            mkdocs_slug("Flyt/skift Mastodon server"),
            "flytskift-mastodon-server"
        );
        assert_eq!(
            mkdocs_slug("Move/change Mastodon server"),
            "movechange-mastodon-server"
        );
        assert_eq!(
            mkdocs_slug("What's new — v2.5 (beta)!"),
            "whats-new-v25-beta"
        );
        assert_eq!(mkdocs_slug("C++ & C#"), "c-c");
    }

    #[test]
    fn emoji_is_dropped() {
        assert_eq!(wikijs_slug("🎉 Party time"), "party-time");
        assert_eq!(mkdocs_slug("🎉 Party time"), "party-time");
        assert_eq!(wikijs_slug("Party 🎉 time 🎉"), "party-time");
        // Symbols in the BMP (So) are dropped too.
        assert_eq!(wikijs_slug("✅ Done ★"), "done");
    }

    #[test]
    fn inline_code_text_counts() {
        // `## Run `guide-lint check` now` renders as text "Run guide-lint check now".
        assert_eq!(
            wikijs_slug("Run guide-lint check now"),
            "run-guide-lint-check-now"
        );
        assert_eq!(wikijs_slug("The main.rs file"), "the-mainrs-file");
        assert_eq!(mkdocs_slug("The main.rs file"), "the-mainrs-file");
        assert_eq!(
            wikijs_slug("Use snake_case ~here~"),
            "use-snake_case-~here~"
        );
        assert_eq!(mkdocs_slug("Use snake_case ~here~"), "use-snake_case-here");
    }

    #[test]
    fn danish_letters() {
        let h = "Ændr din profil på øen";
        assert_eq!(wikijs_slug(h), "ændr-din-profil-på-øen");
        // NFKD + ASCII: æ and ø have no decomposition and vanish, å keeps its a.
        assert_eq!(mkdocs_slug(h), "ndr-din-profil-pa-en");
        assert_eq!(mkdocs_slug("Æble på øen"), "ble-pa-en");
        assert_eq!(wikijs_slug("Æble på øen"), "æble-på-øen");
        assert_eq!(
            wikijs_slug("Flyt/skift Mastodon server"),
            "flytskift-mastodon-server"
        );
    }

    #[test]
    fn cjk_and_hangul() {
        assert_eq!(wikijs_slug("移動 サーバー"), "移動-サーバー");
        assert_eq!(mkdocs_slug("移動 サーバー"), "");
        assert_eq!(wikijs_slug("서버 이동"), "서버-이동");
        // Ideographic full stop and comma become separators.
        assert_eq!(wikijs_slug("移動。サーバー、設定"), "移動-サーバー-設定");
        // Ideographic space is NFKC-normalized to a space.
        assert_eq!(wikijs_slug("移動\u{3000}設定"), "移動-設定");
        // Fullwidth punctuation normalizes to ASCII punctuation and is dropped.
        assert_eq!(wikijs_slug("設定！"), "設定");
        // Outside the BMP (CJK Extension B) uslug sees surrogates and drops them.
        assert_eq!(wikijs_slug("a\u{20000}b"), "ab");
    }

    #[test]
    fn combining_marks() {
        // Decomposed é (e + U+0301) is composed by NFKC and kept.
        assert_eq!(wikijs_slug("Cafe\u{301} au lait"), "café-au-lait");
        assert_eq!(mkdocs_slug("Cafe\u{301} au lait"), "cafe-au-lait");
        // A mark without base letter is kept by uslug (category M).
        assert_eq!(wikijs_slug("a \u{301}b"), "a-\u{301}b");
    }

    #[test]
    fn fullwidth_digits_and_compatibility_forms() {
        assert_eq!(wikijs_slug("２. Ｅｘｐｏｒｔ"), "h-2-export");
        assert_eq!(mkdocs_slug("２. Ｅｘｐｏｒｔ"), "2-export");
        assert_eq!(wikijs_slug("ﬁle"), "file");
        assert_eq!(wikijs_slug("x²"), "x2");
        assert_eq!(mkdocs_slug("x²"), "x2");
    }

    #[test]
    fn leading_digit() {
        assert_eq!(wikijs_slug("1"), "h-1");
        assert_eq!(wikijs_slug("10 tips"), "h-10-tips");
        assert_eq!(wikijs_slug("v1 tips"), "v1-tips");
        // Only ASCII digits trigger the prefix (JavaScript /^\d/).
        assert_eq!(wikijs_slug("٣ steps"), "٣-steps");
        // The digit test happens after slugging: leading punctuation is gone first.
        assert_eq!(wikijs_slug("(3) Import"), "h-3-import");
        assert_eq!(wikijs_explicit_id("2fa"), "h-2fa");
        assert_eq!(wikijs_explicit_id("My-Id"), "My-Id");
        assert_eq!(mkdocs_slug("10 tips"), "10-tips");
    }

    #[test]
    fn only_punctuation_and_empty() {
        assert_eq!(wikijs_slug("!!! ???"), "");
        assert_eq!(wikijs_slug(""), "");
        assert_eq!(mkdocs_slug("!!! ???"), "");
        assert_eq!(mkdocs_slug(""), "");
        assert_eq!(wikijs_slug("🎉"), "");
    }

    #[test]
    fn hyphens_and_whitespace() {
        assert_eq!(wikijs_slug("  a  -  b  "), "a-b");
        assert_eq!(wikijs_slug("- a -"), "-a-");
        assert_eq!(mkdocs_slug("- a -"), "-a-");
        assert_eq!(wikijs_slug("a\u{A0}b\tc"), "a-bc");
        assert_eq!(mkdocs_slug("a\u{A0}b\tc"), "a-b-c");
        assert_eq!(wikijs_slug("a\u{2009}b"), "a-b");
        assert_eq!(wikijs_slug("a — b"), "a-b");
        assert_eq!(mkdocs_slug("a — b"), "a-b");
    }

    #[test]
    fn lowercase_is_unicode_aware() {
        assert_eq!(wikijs_slug("ÆØÅ ΣΟΦΟΣ"), "æøå-σοφος");
        assert_eq!(wikijs_slug("STRASSE Straße"), "strasse-straße");
        assert_eq!(mkdocs_slug("Straße"), "strae");
    }

    #[test]
    fn wikijs_duplicates() {
        let mut c = SlugCounter::new(SlugStyle::WikiJs);
        assert_eq!(c.unique(wikijs_slug("Intro")), "intro");
        assert_eq!(c.unique(wikijs_slug("Intro")), "intro-1");
        assert_eq!(c.unique(wikijs_slug("Intro")), "intro-2");
        assert_eq!(c.unique(wikijs_slug("Intro 1")), "intro-1-1");
        assert_eq!(c.unique(wikijs_slug("🎉")), "");
        assert_eq!(c.unique(wikijs_slug("!!")), "-1");
        assert_eq!(c.unique(wikijs_explicit_id("intro")), "intro-3");
        assert!(c.contains("intro-3"));
        assert_eq!(c.style(), SlugStyle::WikiJs);
    }

    #[test]
    fn mkdocs_duplicates() {
        let mut c = SlugCounter::new(SlugStyle::MkDocs);
        c.reserve("setup");
        assert_eq!(c.unique(mkdocs_slug("Setup")), "setup_1");
        assert_eq!(c.unique(mkdocs_slug("Intro")), "intro");
        assert_eq!(c.unique(mkdocs_slug("Intro")), "intro_1");
        assert_eq!(c.unique(mkdocs_slug("Intro")), "intro_2");
        assert_eq!(c.unique(mkdocs_slug("Step_2")), "step_2");
        assert_eq!(c.unique(mkdocs_slug("Step_2")), "step_3");
        assert_eq!(c.unique(mkdocs_slug("移動")), "_1");
        assert_eq!(c.unique(mkdocs_slug("🎉")), "_2");
        assert_eq!(
            c.unique("x_99999999999999999999999999999999999999999".to_string()),
            "x_99999999999999999999999999999999999999999"
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "\u{0}",
            "\u{FFFF}",
            "\u{10FFFF}",
            "\u{D7FF}",
            "İ",
            "_",
            "-",
            "~",
            "\u{301}",
        ] {
            let _ = wikijs_slug(s);
            let _ = mkdocs_slug(s);
            let mut c = SlugCounter::new(SlugStyle::MkDocs);
            let _ = c.unique(s.to_string());
            let _ = c.unique(s.to_string());
        }
    }
}
