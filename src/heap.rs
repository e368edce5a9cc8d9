//! The widget's wasm's memory allocator, in place of std's dlmalloc (7 KB of the wasm's code).
//!
//! Every block has a power-of-two size, at least 8 bytes, and each size has its own list of
//! freed blocks; a request takes the first block of its size's list, or else carves a new one
//! from the pages the module grows. Nothing is split or merged, so a freed block only ever
//! serves a request of its own size: a form that mounts, registers and unmounts again reuses
//! the blocks of the first time, and the memory stays flat. Rounding up to a power of two
//! costs at most twice the bytes asked for, on a heap of a few hundred KB.
//!
//! Blocks are aligned to their size (up to a page), so any free block of a size serves any
//! request of that size, whatever its alignment. Carving one skips to the next multiple of its
//! size; the memory skipped goes onto the free lists as smaller blocks, aligned the same way.

use core::alloc::Layout;
use core::ptr::null_mut;

/// A wasm page: what memory grows by, and the most a block is aligned to (blocks are aligned to
/// their size, up to this).
const PAGE: usize = 65_536;

/// The allocator's state: the free lists by size (`1 << index` bytes) and the part of the last
/// grown memory not carved yet (`top..end`).
pub struct Heap {
    free: [*mut u8; usize::BITS as usize],
    top: usize,
    end: usize,
}

/// Adds memory to the heap: given the bytes needed, returns where the added memory starts and
/// ends, or `None` when there is no more.
pub type Grow = fn(usize) -> Option<(usize, usize)>;

impl Heap {
    /// An empty heap: the first request grows memory.
    pub const fn new() -> Self {
        Heap {
            free: [null_mut(); usize::BITS as usize],
            top: 0,
            end: 0,
        }
    }

    /// The free list a layout's blocks belong to: log2 of the block size.
    fn class(layout: Layout) -> usize {
        let size = layout.size().max(layout.align()).max(8);
        (usize::BITS - (size - 1).leading_zeros()) as usize
    }

    /// A block for `layout`, or null when memory cannot grow (or the alignment asked for is
    /// over a page's, which no type of the widget has).
    ///
    /// # Safety
    /// The blocks on the free lists must be ones this heap handed out and was given back.
    pub unsafe fn alloc(&mut self, layout: Layout, grow: Grow) -> *mut u8 {
        if layout.align() > PAGE {
            return null_mut();
        }
        let class = Self::class(layout);
        let block = self.free[class];
        if !block.is_null() {
            self.free[class] = *(block as *mut *mut u8);
            return block;
        }
        let size = 1 << class;
        let align = size.min(PAGE);
        let mut start = self.top.next_multiple_of(align);
        if start.checked_add(size).is_none_or(|last| last > self.end) {
            let Some((from, to)) = grow(size + align) else {
                return null_mut();
            };
            if from != self.end {
                self.spill(self.end);
                self.top = from;
            }
            self.end = to;
            start = self.top.next_multiple_of(align);
        }
        self.spill(start);
        self.top = start + size;
        start as *mut u8
    }

    /// Puts the memory from `top` to `to` on the free lists, as the largest blocks that keep
    /// every block aligned to its size.
    unsafe fn spill(&mut self, to: usize) {
        while self.top < to {
            let class = self.top.trailing_zeros().min((to - self.top).ilog2());
            self.dealloc(
                self.top as *mut u8,
                Layout::from_size_align_unchecked(1 << class, 1),
            );
            self.top += 1 << class;
        }
    }

    /// Gives a block back.
    ///
    /// # Safety
    /// `block` came from [`Heap::alloc`] (or [`Heap::realloc`]) with this `layout`, and is not
    /// used again.
    pub unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        let class = Self::class(layout);
        *(block as *mut *mut u8) = self.free[class];
        self.free[class] = block;
    }

    /// Resizes a block: the same block while the new size fits its class, else a new one with
    /// the contents copied.
    ///
    /// # Safety
    /// As [`Heap::dealloc`]; `new_size` is not zero and, with `layout.align()`, a valid layout.
    pub unsafe fn realloc(
        &mut self,
        block: *mut u8,
        layout: Layout,
        new_size: usize,
        grow: Grow,
    ) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if Self::class(new) == Self::class(layout) {
            return block;
        }
        let moved = self.alloc(new, grow);
        if !moved.is_null() {
            core::ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
            self.dealloc(block, layout);
        }
        moved
    }
}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

/// The allocator the widget's own wasm (`src/main.rs`) registers with `#[global_allocator]`.
/// The library registers none: a Leptos app that embeds the component keeps its own.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub struct Allocator(core::cell::UnsafeCell<Heap>);

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod wasm {
    use super::{Allocator, Heap, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    fn grow(bytes: usize) -> Option<(usize, usize)> {
        let pages = bytes.div_ceil(PAGE);
        let old = core::arch::wasm32::memory_grow(0, pages);
        (old != usize::MAX).then(|| (old * PAGE, (old + pages) * PAGE))
    }

    impl Allocator {
        /// An allocator with an empty heap.
        pub const fn new() -> Self {
            Allocator(UnsafeCell::new(Heap::new()))
        }
    }

    impl Default for Allocator {
        fn default() -> Self {
            Self::new()
        }
    }

    // SAFETY: this build has one thread (no `atomics` target feature), and none of the heap's
    // methods allocates, so no call can start while another runs.
    unsafe impl Sync for Allocator {}

    unsafe impl GlobalAlloc for Allocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).alloc(layout, grow)
        }

        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            (*self.0.get()).dealloc(block, layout)
        }

        unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            (*self.0.get()).realloc(block, layout, new_size, grow)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 64;

    thread_local! {
        /// The test's "memory": 4 MiB, aligned and handed out 64 KiB at a time like wasm pages.
        static ARENA: usize = (Box::leak(vec![0u128; CHUNK * (CHUNKS + 1) / 16].into_boxed_slice())
            .as_mut_ptr() as usize)
            .next_multiple_of(CHUNK);
        static GROWN: Cell<usize> = const { Cell::new(0) };
        /// Chunks to skip before the next one, to make grown memory non-contiguous.
        static GAP: Cell<usize> = const { Cell::new(0) };
    }

    fn grow(bytes: usize) -> Option<(usize, usize)> {
        let chunks = bytes.div_ceil(CHUNK);
        let first = GROWN.get() + GAP.replace(0);
        if first + chunks > CHUNKS {
            return None;
        }
        GROWN.set(first + chunks);
        let base = ARENA.with(|a| *a);
        Some((base + first * CHUNK, base + (first + chunks) * CHUNK))
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    /// The mixed requests of one round: sizes 1 to 5,000 bytes, alignments 1 to 64.
    fn round() -> Vec<Layout> {
        (0..400)
            .map(|i| layout(1 + (i * 37) % 5_000, 1 << (i % 7)))
            .collect()
    }

    #[test]
    fn blocks_are_aligned_and_never_overlap() {
        let mut heap = Heap::new();
        let blocks: Vec<_> = round()
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let block = unsafe { heap.alloc(l, grow) };
                assert!(!block.is_null());
                assert_eq!(block as usize % l.align(), 0, "{l:?}");
                unsafe { block.write_bytes(i as u8, l.size()) };
                (block, l, i as u8)
            })
            .collect();
        for (block, l, fill) in &blocks {
            let bytes = unsafe { std::slice::from_raw_parts(*block, l.size()) };
            assert!(
                bytes.iter().all(|b| b == fill),
                "a later block overwrote {l:?}"
            );
        }
    }

    #[test]
    fn memory_stays_flat_when_the_same_requests_come_again() {
        let mut heap = Heap::new();
        let mut grown_after_first = 0;
        for repeat in 0..100 {
            let blocks: Vec<_> = round()
                .into_iter()
                .map(|l| (unsafe { heap.alloc(l, grow) }, l))
                .collect();
            for (block, l) in blocks.into_iter().rev() {
                unsafe { heap.dealloc(block, l) };
            }
            if repeat == 0 {
                grown_after_first = GROWN.get();
            }
        }
        assert_eq!(GROWN.get(), grown_after_first);
        // No more than twice the bytes asked for, plus the last chunk's unused end.
        let asked: usize = round().iter().map(|l| l.size().max(l.align())).sum();
        assert!(
            GROWN.get() * CHUNK <= 2 * asked + CHUNK,
            "{} chunks",
            GROWN.get()
        );
    }

    #[test]
    fn realloc_keeps_the_contents_and_the_block_while_it_fits() {
        let mut heap = Heap::new();
        let small = layout(20, 4);
        let block = unsafe { heap.alloc(small, grow) };
        unsafe { block.copy_from(b"abcdefghijklmnopqrst".as_ptr(), 20) };
        let same = unsafe { heap.realloc(block, small, 32, grow) };
        assert_eq!(same, block, "32 bytes fit the 32-byte block");
        let moved = unsafe { heap.realloc(same, layout(32, 4), 1_000, grow) };
        assert_ne!(moved, block);
        assert_eq!(
            unsafe { std::slice::from_raw_parts(moved, 20) },
            b"abcdefghijklmnopqrst"
        );
        // The old block went back to its list.
        assert_eq!(unsafe { heap.alloc(layout(30, 8), grow) }, block);
    }

    #[test]
    fn every_block_is_aligned_to_its_size_and_the_skipped_memory_is_used() {
        let mut heap = Heap::new();
        let first = unsafe { heap.alloc(layout(8, 1), grow) } as usize;
        let wide = unsafe { heap.alloc(layout(100, 128), grow) } as usize;
        assert_eq!(wide % 128, 0);
        assert_eq!(
            wide,
            first + 128,
            "the next multiple of 128 after the 8-byte block"
        );
        // The 120 bytes between them became blocks of 8, 16, 32 and 64 bytes.
        for size in [8, 16, 32, 64] {
            let block = unsafe { heap.alloc(layout(size, 1), grow) } as usize;
            assert!(
                block > first && block + size <= wide,
                "{size} bytes at {block:#x}"
            );
            assert_eq!(block % size, 0);
        }
    }

    #[test]
    fn memory_that_is_not_contiguous_is_used_from_its_start() {
        let mut heap = Heap::new();
        unsafe { heap.alloc(layout(100, 8), grow) };
        GAP.set(3);
        let before = GROWN.get();
        let block = unsafe { heap.alloc(layout(2 * CHUNK, 8), grow) };
        let base = ARENA.with(|a| *a);
        assert_eq!(block as usize, base + (before + 3) * CHUNK);
    }

    #[test]
    fn a_request_memory_cannot_hold_gets_null() {
        let mut heap = Heap::new();
        assert!(unsafe { heap.alloc(layout(CHUNK * CHUNKS, 8), grow) }.is_null());
        assert!(
            unsafe { heap.alloc(layout(8, 2 * CHUNK), grow) }.is_null(),
            "over a page's alignment"
        );
        assert!(
            !unsafe { heap.alloc(layout(100, 8), grow) }.is_null(),
            "smaller ones still work"
        );
    }
}
