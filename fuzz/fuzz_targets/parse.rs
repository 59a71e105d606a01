//! Any bytes through decoding, the nesting check and the parse: no panic, and every fact's
//! range inside the text on character boundaries.
#![no_main]

use guide_lint::document::{Document, check_nesting, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data.to_vec()) else {
        return;
    };
    if check_nesting(&text).is_err() {
        return;
    }
    for dialect in [None, Some(guide_lint::Dialect::Mkdocs)] {
        let doc = Document::parse("fuzz.md".into(), text.clone(), dialect);
        let ok = |r: &std::ops::Range<usize>| {
            r.start <= r.end
                && r.end <= doc.text.len()
                && doc.text.is_char_boundary(r.start)
                && doc.text.is_char_boundary(r.end)
        };
        assert!(doc.links.iter().all(|l| ok(&l.range)));
        assert!(doc.html.iter().all(|t| ok(&t.range)));
        assert!(doc.blocks.iter().all(|b| ok(&b.range)));
        assert!(doc.headings.iter().all(|h| ok(&h.range)));
    }
});
