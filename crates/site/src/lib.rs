//! The siteerror web server, HTTP only: content negotiation, conditional requests, the response
//! cache, limits, errors and the routes. Everything a page shows comes from the presentation
//! crate (`siteerror-present`); this crate decides which page, in which representation and
//! coding, with which status and headers.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod access_log;
pub mod cache;
mod config;
pub mod error;
mod headers;
pub mod http;
pub mod limits;
pub mod metrics;
mod rate;
pub mod routes;
pub mod server;

pub use config::SiteConfig;
pub use error::SiteError;
pub use routes::app;

use ::http::{HeaderMap, Method};
use axum::response::Response;
use cache::{CachedResource, KeptPages, ResponseCache};
use routes::checker::CheckerService;
use routes::playground::Playground;
use siteerror_catalog::Catalog;
use siteerror_present::{RenderError, Renderer};
use std::net::SocketAddr;
use std::sync::OnceLock;

/// Everything the server needs, built once at start-up and never changed after.
#[derive(Debug)]
pub struct Site {
    catalog: Catalog,
    renderer: Renderer,
    pages: ResponseCache,
    kept: KeptPages,
    checker: Option<CheckerService>,
    playground: Playground,
    listen_addr: OnceLock<SocketAddr>,
    trusted_proxies: std::sync::Arc<Vec<ipnet::IpNet>>,
    metrics: Option<std::sync::Arc<metrics::Metrics>>,
}

impl Site {
    /// A site over `catalog`, serving the pages embedded at build time (nothing is rendered or
    /// compressed here) and rendering only what depends on the request.
    pub fn new(catalog: Catalog, config: SiteConfig) -> Result<Site, RenderError> {
        let renderer = Renderer::new()?;
        let pages = ResponseCache::embedded();
        let checker = config
            .checker_policy
            .map(|policy| CheckerService::new(&catalog, policy, config.checker_resolver.clone()));
        Ok(Site {
            catalog,
            renderer,
            pages,
            kept: KeptPages::new(limits::KEPT_PAGES_ESTIMATE, limits::KEPT_PAGES_MAX_BYTES),
            checker,
            playground: Playground::new(config.playground_rate),
            listen_addr: OnceLock::new(),
            trusted_proxies: std::sync::Arc::new(config.trusted_proxies),
            metrics: config.metrics.then(Default::default),
        })
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The templates.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// Every fixed page.
    pub fn pages(&self) -> &ResponseCache {
        &self.pages
    }

    /// Pages made on request and kept.
    pub fn kept_pages(&self) -> &KeptPages {
        &self.kept
    }

    /// The metrics, when kept.
    pub fn metrics(&self) -> Option<&std::sync::Arc<metrics::Metrics>> {
        self.metrics.as_ref()
    }

    /// Counts how a page was found, when metrics are kept.
    pub(crate) fn count_page(&self, outcome: metrics::CacheOutcome) {
        if let Some(m) = &self.metrics {
            m.page(outcome);
        }
    }

    /// Records the address the server listens on (the Expect demo connects to it). Only the
    /// first call has an effect.
    pub fn set_listen_addr(&self, addr: SocketAddr) {
        let _ = self.listen_addr.set(addr);
    }

    /// Forgets rate-limit state of clients whose allowance is full again; the server calls it
    /// now and then, off the request path.
    pub fn sweep_rate_limits(&self) {
        self.playground.sweep();
        if let Some(c) = &self.checker {
            c.sweep();
        }
    }

    /// Serves a cached resource for GET or HEAD, or 406 when no representation fits.
    pub fn serve_cached(&self, resource: &CachedResource, headers: &HeaderMap, method: &Method) -> Response {
        match crate::http::respond::cached(resource, headers, method) {
            Ok(resp) => resp,
            Err(crate::http::respond::NotAcceptable(available)) => {
                axum::response::IntoResponse::into_response(SiteError::NotAcceptable { available })
            }
        }
    }
}
