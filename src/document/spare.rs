//! The fact lists of the last page a thread finished, emptied and kept for its next page.
//!
//! A page's lists grow as the walk fills them: each growth is an allocation, a copy and a
//! free, and the new memory is touched for the first time (a page fault). A check reads
//! hundreds of pages of similar size one after another on each worker, so the lists of the
//! page before, emptied, are nearly always big enough for the next one.
//!
//! Only the buffers are kept, never their contents, and only up to [`MOST`] bytes each: a huge
//! page's lists are freed as before, so a thread keeps at most eleven such buffers (5.5 MiB),
//! for as long as it lives (the language server's threads included).

use super::{BlockQuote, Document, Emphasis, Heading, HtmlTag, Link, TextBlock, TextRun};
use std::cell::RefCell;
use std::ops::Range;

/// The most bytes a kept list's room may take: 10,922 text runs of 48 bytes, as many as a page
/// of about 250 KiB of prose has.
const MOST: usize = 512 * 1024;

#[derive(Default)]
pub(super) struct Lists {
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub code_spans: Vec<Range<usize>>,
    pub code_blocks: Vec<Range<usize>>,
    pub html: Vec<HtmlTag>,
    pub blocks: Vec<TextBlock>,
    pub quotes: Vec<BlockQuote>,
    pub emphasis: Vec<Emphasis>,
    pub texts: Vec<TextRun>,
    pub list_items: Vec<Range<usize>>,
    pub soft_breaks: Vec<Range<usize>>,
}

thread_local! {
    static SPARE: RefCell<Lists> = RefCell::new(Lists::default());
}

/// The thread's kept lists (empty), leaving it none: a page parsed while another is parsed on
/// the same thread (never today) would start with fresh lists.
pub(super) fn take() -> Lists {
    SPARE.with(|s| s.take())
}

/// Keeps `doc`'s lists, emptied, for the thread's next page, where each has more room than the
/// one kept; `doc` is left with empty lists.
pub(super) fn give(doc: &mut Document) {
    fn keep<T>(kept: &mut Vec<T>, used: &mut Vec<T>) {
        let mut used = std::mem::take(used);
        let bytes = used.capacity().saturating_mul(std::mem::size_of::<T>());
        if used.capacity() > kept.capacity() && bytes <= MOST {
            used.clear();
            *kept = used;
        }
    }
    // `try_with`: a document dropped while the thread exits keeps nothing.
    let _ = SPARE.try_with(|s| {
        let Ok(mut s) = s.try_borrow_mut() else {
            return;
        };
        keep(&mut s.headings, &mut doc.headings);
        keep(&mut s.links, &mut doc.links);
        keep(&mut s.code_spans, &mut doc.code_spans);
        keep(&mut s.code_blocks, &mut doc.code_blocks);
        keep(&mut s.html, &mut doc.html);
        keep(&mut s.blocks, &mut doc.blocks);
        keep(&mut s.quotes, &mut doc.quotes);
        keep(&mut s.emphasis, &mut doc.emphasis);
        keep(&mut s.texts, &mut doc.texts);
        keep(&mut s.list_items, &mut doc.list_items);
        keep(&mut s.soft_breaks, &mut doc.soft_breaks);
    });
}
