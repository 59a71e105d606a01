//! The binary's allocator: mimalloc, each request sent to the entry point that fits its
//! alignment.
//!
//! The `mimalloc` crate sends every request to mimalloc's aligned entry points
//! (`mi_malloc_aligned` and its kin), whatever the alignment asked. For a block over 1 KiB whose
//! size class is not a power of two, those cannot prove the alignment from the size class and
//! fall back to over-allocating it (the size plus the alignment) and marking its page as holding
//! interior pointers, which makes every free on that page slower. Almost every block Rust asks
//! for needs at most a machine word's alignment (strings, vectors of words, the parse tree's
//! nodes), and every block mimalloc hands out starts on a multiple of a word: its size classes
//! are whole words and its pages start on larger boundaries. Such requests go to the plain entry
//! points (`mi_malloc`, `mi_zalloc`, `mi_realloc`); the rare larger alignments keep the aligned
//! ones. On a check of 794 real pages: 1.5 % fewer instructions, the 13,700 over-allocations
//! gone (docs/performance.md).
//!
//! This is the only module of the crate with `unsafe` code (the crate denies it elsewhere).
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment every block from mimalloc has: its size classes are whole machine words.
const WORD: usize = std::mem::size_of::<usize>();

/// mimalloc as the global allocator (`#[global_allocator] static A: WordAligned = WordAligned;`).
pub struct WordAligned;

// SAFETY: every block comes from mimalloc, which is thread-safe, returns null when out of
// memory, and frees any block it handed out with `mi_free` whichever entry point allocated it.
// A block from a plain entry point is aligned to a word (see above), so it meets any layout
// whose alignment is at most a word; larger alignments go to the aligned entry points.
unsafe impl GlobalAlloc for WordAligned {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the size and alignment come from a valid `Layout`.
        unsafe { by_alignment(layout, mi::mi_malloc, mi::mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe { by_alignment(layout, mi::mi_zalloc, mi::mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: the caller passes a block this allocator returned; `mi_free` frees a block
        // from any of mimalloc's entry points.
        unsafe { mi::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller passes a block this allocator returned with `layout`; the new
        // block keeps the alignment `layout` asked for, as `alloc` does.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

/// `plain(size)` when every block meets the layout's alignment, `aligned(size, alignment)`
/// otherwise. Inlined, so each caller calls mimalloc's function directly.
///
/// # Safety
/// `plain` and `aligned` are mimalloc's allocation functions of one kind (plain or zeroed).
#[inline(always)]
unsafe fn by_alignment(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: mimalloc's functions take any size and a power-of-two alignment, which a
    // `Layout` has.
    unsafe {
        if layout.align() <= WORD {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sizes around mimalloc's class boundaries (small, 1 KiB, pages, large blocks).
    const SIZES: &[usize] = &[
        1, 7, 8, 9, 15, 16, 17, 24, 31, 33, 48, 63, 65, 100, 127, 129, 1000, 1023, 1024, 1025,
        1500, 3000, 4095, 4097, 5000, 20_000, 65_537, 300_000, 2_000_000,
    ];
    const ALIGNS: &[usize] = &[1, 2, 4, 8, 16, 32, 64, 4096, 65_536];

    fn layouts() -> impl Iterator<Item = Layout> {
        SIZES.iter().flat_map(|&size| {
            ALIGNS
                .iter()
                .filter_map(move |&align| Layout::from_size_align(size, align).ok())
        })
    }

    #[test]
    fn every_block_is_aligned_as_asked_holds_its_bytes_and_is_zeroed_when_asked() {
        let a = WordAligned;
        for layout in layouts() {
            // SAFETY: non-zero sizes; each block is written within its size and freed once. The
            // first block is dirtied and freed, so that the zeroed one may reuse it.
            unsafe {
                let dirty = a.alloc(layout);
                assert!(!dirty.is_null(), "{layout:?}");
                assert_eq!(dirty as usize % layout.align(), 0, "{layout:?}");
                std::ptr::write_bytes(dirty, 0xFF, layout.size());
                assert_eq!(*dirty.add(layout.size() - 1), 0xFF);
                a.dealloc(dirty, layout);
                let p = a.alloc_zeroed(layout);
                assert_eq!(p as usize % layout.align(), 0, "{layout:?}");
                let bytes = std::slice::from_raw_parts(p, layout.size());
                assert!(bytes.iter().all(|&b| b == 0), "{layout:?}");
                a.dealloc(p, layout);
            }
        }
    }

    #[test]
    fn a_grown_or_shrunk_block_keeps_its_bytes_and_alignment() {
        let a = WordAligned;
        for layout in layouts() {
            for &new_size in SIZES {
                // SAFETY: as above; the block is reallocated with the layout it was made with.
                unsafe {
                    let p = a.alloc(layout);
                    for i in 0..layout.size() {
                        *p.add(i) = (i % 251) as u8;
                    }
                    let q = a.realloc(p, layout, new_size);
                    assert!(!q.is_null());
                    assert_eq!(q as usize % layout.align(), 0, "{layout:?} -> {new_size}");
                    for i in 0..layout.size().min(new_size) {
                        assert_eq!(
                            *q.add(i),
                            (i % 251) as u8,
                            "{layout:?} -> {new_size} at {i}"
                        );
                    }
                    let grown =
                        Layout::from_size_align(new_size, layout.align()).expect("valid layout");
                    a.dealloc(q, grown);
                }
            }
        }
    }
}
