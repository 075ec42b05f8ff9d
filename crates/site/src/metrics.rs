//! Operations metrics in the OpenMetrics text format (which Prometheus reads), served on a
//! listener of their own (`serve --metrics-addr`), never on the public one. Counting is a few
//! atomic operations per request; gauges that mirror state (checker slots, kept pages, tracked
//! clients) are read when scraped, not kept up to date on the request path.

use crate::Site;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    outcome: &'static str,
}

/// How a page was found.
#[derive(Debug, Clone, Copy)]
pub enum CacheOutcome {
    /// A fixed page from the response cache.
    Fixed,
    /// A page made earlier on request and kept.
    Kept,
    /// Made now (and kept for next time).
    Rendered,
}

/// Every metric the server keeps.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    rate_limited: Family<RouteLabels, Counter>,
    cache: Family<CacheLabels, Counter>,
    open_connections: Gauge,
    checker_slots: Gauge,
    delayed_requests: Gauge,
    kept_pages: Gauge<f64, AtomicU64>,
    rate_limit_clients: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("siteerror");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("requests", "Requests answered, by route and status", requests.clone());
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 50 µs to about 3 s.
            Histogram::new(exponential_buckets(0.000_05, 2.0, 16))
        });
        registry.register("request_duration_seconds", "Time to answer, by route", latency.clone());
        let rate_limited = Family::<RouteLabels, Counter>::default();
        registry.register(
            "rate_limited",
            "Requests refused with 429, by route",
            rate_limited.clone(),
        );
        let cache = Family::<CacheLabels, Counter>::default();
        registry.register(
            "page_cache",
            "Pages served from the fixed cache, the kept store, or rendered",
            cache.clone(),
        );
        let open_connections = Gauge::default();
        registry.register(
            "open_connections",
            "Client connections open now",
            open_connections.clone(),
        );
        let checker_slots = Gauge::default();
        registry.register("checker_slots_in_use", "URL checks running now", checker_slots.clone());
        let delayed_requests = Gauge::default();
        registry.register(
            "playground_delayed_requests",
            "Playground requests held open by a delay",
            delayed_requests.clone(),
        );
        let kept_pages = Gauge::<f64, AtomicU64>::default();
        registry.register("kept_pages", "Pages made on request and kept", kept_pages.clone());
        let rate_limit_clients = Gauge::default();
        registry.register(
            "rate_limit_clients",
            "Clients the rate limiters track",
            rate_limit_clients.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            rate_limited,
            cache,
            open_connections,
            checker_slots,
            delayed_requests,
            kept_pages,
            rate_limit_clients,
        }
    }
}

impl Metrics {
    /// Counts a connection as open until the returned guard is dropped.
    pub fn connection(self: &Arc<Self>) -> ConnectionGuard {
        self.open_connections.inc();
        ConnectionGuard(self.clone())
    }

    /// Counts how a page was found.
    pub fn page(&self, outcome: CacheOutcome) {
        let outcome = match outcome {
            CacheOutcome::Fixed => "fixed",
            CacheOutcome::Kept => "kept",
            CacheOutcome::Rendered => "rendered",
        };
        self.cache.get_or_create(&CacheLabels { outcome }).inc();
    }

    /// Counts a request of `route` answered with `status`, started at `started`.
    pub(crate) fn observe(&self, route: &'static str, status: StatusCode, started: Instant) {
        self.requests
            .get_or_create(&RequestLabels {
                route,
                status: status.as_u16(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels { route })
            .observe(started.elapsed().as_secs_f64());
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.rate_limited.get_or_create(&RouteLabels { route }).inc();
        }
    }
}

/// Keeps a connection counted while it is open.
pub struct ConnectionGuard(Arc<Metrics>);

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        self.0.open_connections.dec();
    }
}

/// The route a path belongs to, as a label: a handful of fixed values, never the path itself
/// (which a caller chooses, and which would grow the label set without bound).
pub(crate) fn route_of(path: &str) -> &'static str {
    const PREFIXES: [(&str, &str); 13] = [
        ("/api/v1/check", "api_check"),
        ("/api/v1/compare/", "api_compare"),
        ("/api/v1/quiz", "api_quiz"),
        ("/api/v1/search", "api_search"),
        ("/api/", "api"),
        ("/status/", "status"),
        ("/random/", "random"),
        ("/anything", "anything"),
        ("/compare", "compare"),
        ("/quiz", "quiz"),
        ("/search", "search"),
        ("/url-checker", "url_checker"),
        ("/playground", "playground"),
    ];
    if path == "/healthz" {
        return "healthz";
    }
    PREFIXES
        .iter()
        .find(|(p, _)| path.starts_with(p))
        .map_or("page", |(_, r)| *r)
}

/// `GET /metrics` on the metrics listener.
pub async fn scrape(State(site): State<Arc<Site>>) -> Response {
    let Some(metrics) = site.metrics.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    metrics
        .checker_slots
        .set(site.checker.as_ref().map_or(0, |c| c.slots_in_use()) as i64);
    metrics.delayed_requests.set(site.playground.delayed_in_use() as i64);
    metrics.kept_pages.set(site.kept.len() as f64);
    metrics
        .rate_limit_clients
        .set((site.playground.tracked() + site.checker.as_ref().map_or(0, |c| c.tracked())) as i64);
    let mut body = String::new();
    if prometheus_client::encoding::text::encode(&mut body, &metrics.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// The metrics listener's router: `GET /metrics` only.
pub fn metrics_app(site: Arc<Site>) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .with_state(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_a_fixed_set() {
        assert_eq!(route_of("/417"), "page");
        assert_eq!(route_of("/status/503"), "status");
        assert_eq!(route_of("/api/v1/codes/417"), "api");
        assert_eq!(route_of("/api/v1/check"), "api_check");
        assert_eq!(route_of("/healthz"), "healthz");
    }

    #[test]
    fn counts_appear_in_the_text() {
        let m = Metrics::default();
        m.observe("page", StatusCode::OK, Instant::now());
        m.observe("status", StatusCode::TOO_MANY_REQUESTS, Instant::now());
        m.page(CacheOutcome::Fixed);
        let mut body = String::new();
        prometheus_client::encoding::text::encode(&mut body, &m.registry).unwrap();
        assert!(
            body.contains("siteerror_requests_total{route=\"page\",status=\"200\"} 1"),
            "{body}"
        );
        assert!(
            body.contains("siteerror_rate_limited_total{route=\"status\"} 1"),
            "{body}"
        );
        assert!(
            body.contains("siteerror_page_cache_total{outcome=\"fixed\"} 1"),
            "{body}"
        );
        assert!(body.contains("siteerror_request_duration_seconds_bucket"), "{body}");
    }
}
