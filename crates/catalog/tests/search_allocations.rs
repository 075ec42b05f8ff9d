//! Searching allocates for the query and the results, not for every entry of the catalog: the
//! search data is prepared once, when the catalog loads. (Each query used to rebuild every
//! entry's words: some 50,000 allocations.)
//!
//! This file holds one test on purpose: it counts allocations with a global allocator.

use siteerror_catalog::Catalog;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts the allocations of the current thread, so the test harness's own threads do not count.
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with` because the allocator also runs while thread-locals are being torn down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call is passed unchanged to the system allocator; counting touches no memory
// that the caller owns.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn allocations_during<T>(f: impl FnOnce() -> T) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    let n = ALLOCATIONS.with(Cell::get) - before;
    drop(out);
    n
}

/// The query's words, the phrases made of them, and the result vector growing by doubling.
const BUDGET: usize = 32;

#[test]
fn a_query_allocates_only_for_its_words_and_its_results() {
    let catalog = Catalog::embedded().expect("valid catalog");
    let entries = catalog.entries().len();
    assert!(
        entries > 4 * BUDGET,
        "the catalog is large enough for this test to mean something"
    );
    for query in [
        "too many",
        "not found",
        "forbiden",
        "4xx",
        "what does the 404 status code mean",
        "zzzzzz",
    ] {
        let n = allocations_during(|| catalog.search(query));
        assert!(n <= BUDGET, "search({query:?}) allocated {n} times");
    }
    for query in ["blog", "4044", "forbiden", "/blog/post-1"] {
        let n = allocations_during(|| catalog.suggest(query, 5));
        assert!(n <= BUDGET, "suggest({query:?}) allocated {n} times");
    }
}
