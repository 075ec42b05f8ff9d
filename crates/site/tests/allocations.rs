//! Serving a fixed page allocates almost nothing: no header map is cloned, `Accept` and
//! `Accept-Encoding` are read once without building strings, and the body is shared. This counts
//! the allocations of the responder for the common requests; the figures are in BENCHMARKS.md.

use http::{HeaderMap, HeaderValue, Method};
use siteerror_catalog::Catalog;
use siteerror_site::http::respond::cached;
use siteerror_site::{Site, SiteConfig};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed straight to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `dealloc`, and `new_size` is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.append(*k, HeaderValue::from_static(v));
    }
    h
}

/// Allocations of one call, the least of a few runs (another thread of the test harness could
/// allocate at the same moment, never fewer).
fn allocations_of(f: impl Fn()) -> usize {
    (0..5)
        .map(|_| {
            let before = ALLOCATIONS.load(Ordering::SeqCst);
            f();
            ALLOCATIONS.load(Ordering::SeqCst) - before
        })
        .min()
        .unwrap_or(usize::MAX)
}

#[test]
fn serving_a_fixed_page_makes_few_allocations() {
    let site = Site::new(Catalog::embedded().unwrap(), SiteConfig::default()).unwrap();
    let page = site.pages().get("/417").unwrap().clone();
    let etag = {
        let r = cached(&page, &headers(&[("accept-encoding", "br")]), &Method::GET).unwrap();
        r.headers()["etag"].to_str().unwrap().to_string()
    };
    let browser = headers(&[
        (
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ),
        ("accept-encoding", "gzip, deflate, br, zstd"),
        (
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
        ),
    ]);
    let curl = headers(&[("accept", "*/*"), ("user-agent", "curl/8.11.1")]);
    let json = headers(&[("accept", "application/json"), ("accept-encoding", "gzip")]);
    let mut revalidate = headers(&[("accept-encoding", "br")]);
    revalidate.insert("if-none-match", HeaderValue::from_str(&etag).unwrap());
    let mut report = Vec::new();
    for (name, req) in [
        ("browser", &browser),
        ("curl", &curl),
        ("json", &json),
        ("304", &revalidate),
    ] {
        let n = allocations_of(|| {
            let resp = cached(&page, req, &Method::GET).unwrap();
            std::hint::black_box(resp);
        });
        report.push(format!("{name}: {n}"));
        // The response itself: its header map (indices and entries) and the boxed body.
        assert!(n <= 4, "{name}: {n} allocations");
    }
    println!("allocations per fixed-page response: {}", report.join(", "));
}
