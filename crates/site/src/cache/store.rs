//! Every fixed page by path: an index over the pages embedded at build time, made in well under
//! a millisecond at start-up (no body is copied).

use super::CachedResource;
use std::collections::HashMap;
use std::sync::Arc;

/// `Cache-Control` for pages: reusable for an hour, after which a conditional request is cheap.
pub const PAGE_CACHE_CONTROL: &str = "public, max-age=3600";
/// `Cache-Control` for assets whose URL changes with their content.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// Every fixed resource by path.
#[derive(Debug, Clone, Default)]
pub struct ResponseCache {
    resources: HashMap<&'static str, Arc<CachedResource>>,
}

impl ResponseCache {
    /// The index over the embedded pages.
    pub fn embedded() -> ResponseCache {
        let pages = siteerror_pages::pages();
        let mut resources = HashMap::with_capacity(pages.len());
        for page in pages {
            resources.insert(page.path(), Arc::new(CachedResource::embedded(page)));
        }
        ResponseCache { resources }
    }

    /// The resource at `path`.
    pub fn get(&self, path: &str) -> Option<&Arc<CachedResource>> {
        self.resources.get(path)
    }

    /// Every cached path, sorted (for the static export and the tests).
    pub fn paths(&self) -> Vec<&str> {
        let mut p: Vec<&str> = self.resources.keys().copied().collect();
        p.sort_unstable();
        p
    }

    /// How many resources are cached.
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }
}
