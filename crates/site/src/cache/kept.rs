//! Pages rendered on a request (comparisons of pairs without a curated page) and kept for the
//! next one, in a bounded store that evicts the least useful entries (quick_cache's S3-FIFO)
//! instead of emptying itself when full.

use super::CachedResource;
use siteerror_present::Media;
use std::sync::Arc;

/// What a kept page is filed under: its canonical path, the representation, and whether the
/// JSON API asked (the API's answer differs from the page's JSON in `Vary`).
pub type KeptKey = (String, Media, bool);

#[derive(Clone)]
struct BodyWeight;

impl quick_cache::Weighter<KeptKey, Arc<CachedResource>> for BodyWeight {
    fn weight(&self, key: &KeptKey, val: &Arc<CachedResource>) -> u64 {
        let body: usize = val.representations().iter().map(|r| r.total_bytes()).sum();
        (body + key.0.len() + 512) as u64
    }
}

/// The bounded store.
pub struct KeptPages {
    cache: quick_cache::sync::Cache<KeptKey, Arc<CachedResource>, BodyWeight>,
}

impl std::fmt::Debug for KeptPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptPages").field("len", &self.len()).finish()
    }
}

impl KeptPages {
    /// A store of at most `max_bytes` of bodies, sized for about `estimate` pages.
    pub fn new(estimate: usize, max_bytes: u64) -> KeptPages {
        KeptPages {
            cache: quick_cache::sync::Cache::with_weighter(estimate, max_bytes, BodyWeight),
        }
    }

    /// The page kept under `key`.
    pub fn get(&self, key: &KeptKey) -> Option<Arc<CachedResource>> {
        self.cache.get(key)
    }

    /// Keeps a page.
    pub fn keep(&self, key: KeptKey, page: Arc<CachedResource>) {
        self.cache.insert(key, page);
    }

    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.cache.len()
    }

    /// The bytes held, as the store counts them.
    pub fn weight(&self) -> u64 {
        self.cache.weight()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Representation;
    use http::{HeaderValue, StatusCode};

    fn page(n: usize) -> Arc<CachedResource> {
        let body = format!("page {n} ").repeat(200);
        Arc::new(CachedResource::new(
            StatusCode::OK,
            vec![Representation::new(Media::Html, body)],
            HeaderValue::from_static("no-store"),
            HeaderValue::from_static("Accept-Encoding"),
        ))
    }

    #[test]
    fn a_full_store_evicts_some_pages_and_keeps_the_rest() {
        let kept = KeptPages::new(16, 40_000);
        for n in 0..200 {
            kept.keep((format!("/p/{n}"), Media::Html, false), page(n));
            assert!(kept.weight() <= 40_000);
        }
        // Not emptied when full: it still holds pages, and the newest is among them.
        assert!(kept.len() > 1 && kept.len() < 200, "{}", kept.len());
    }
}
