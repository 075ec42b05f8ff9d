//! Every fixed page by path, built once from the presentation crate's page list.

use super::{CachedResource, Effort, Representation};
use http::HeaderValue;
use siteerror_present::Media;
use siteerror_present::pages::{Freshness, Page, PageBody};
use std::collections::HashMap;
use std::sync::Arc;

/// `Cache-Control` for pages: reusable for an hour, after which a conditional request is cheap.
pub const PAGE_CACHE_CONTROL: &str = "public, max-age=3600";
/// `Cache-Control` for assets whose URL changes with their content.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// Every pre-rendered resource by path. Paths that show the same page share one resource.
#[derive(Debug, Clone, Default)]
pub struct ResponseCache {
    resources: HashMap<String, Arc<CachedResource>>,
}

impl ResponseCache {
    /// Compresses every page (each on its own thread, a few at a time) into a cache; `common`
    /// headers (security policy) go on every response.
    pub fn build(pages: Vec<Page>, common: &http::HeaderMap) -> ResponseCache {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = pages.len().div_ceil(threads).max(1);
        let built: Vec<(String, CachedResource)> = std::thread::scope(|s| {
            let handles: Vec<_> = pages
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|p| (p.path.clone(), resource(p, common)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        });
        let mut resources = HashMap::with_capacity(built.len());
        for (path, res) in built {
            resources.insert(path, Arc::new(res));
        }
        ResponseCache { resources }
    }

    /// The resource at `path`.
    pub fn get(&self, path: &str) -> Option<&Arc<CachedResource>> {
        self.resources.get(path)
    }

    /// Every cached path, sorted (for the static export and the tests).
    pub fn paths(&self) -> Vec<&str> {
        let mut p: Vec<&str> = self.resources.keys().map(String::as_str).collect();
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

fn resource(page: &Page, common: &http::HeaderMap) -> CachedResource {
    let cache_control = HeaderValue::from_static(match page.freshness {
        Freshness::Page => PAGE_CACHE_CONTROL,
        Freshness::Immutable => IMMUTABLE_CACHE_CONTROL,
    });
    let (reps, vary) = match &page.body {
        PageBody::Negotiated { html, json, text } => (
            vec![
                Representation::new(Media::Html, html.clone(), Effort::Best),
                Representation::new(Media::Json, json.clone(), Effort::Best),
                Representation::new(Media::Text, text.clone(), Effort::Best),
            ],
            crate::headers::VARY_NEGOTIATED,
        ),
        PageBody::Single { media, content } => (
            vec![Representation::new(*media, content.clone(), Effort::Best)],
            crate::headers::VARY_ENCODING,
        ),
    };
    CachedResource::new(
        http::StatusCode::OK,
        reps,
        cache_control,
        HeaderValue::from_static(vary),
        common,
    )
}
