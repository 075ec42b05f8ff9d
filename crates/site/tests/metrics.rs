//! Operations metrics: counted per route and status, read on a router of their own.

use axum::body::Body;
use http::Request;
use siteerror_catalog::Catalog;
use siteerror_site::{Site, SiteConfig, app, metrics::metrics_app};
use std::sync::Arc;
use tower::ServiceExt;

async fn status_of(router: &axum::Router, path: &str) -> u16 {
    let req = Request::get(path).body(Body::empty()).unwrap();
    router.clone().oneshot(req).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn requests_pages_and_refusals_are_counted() {
    let config = SiteConfig::default().metrics(true).playground_rate(1);
    let site = Arc::new(Site::new(Catalog::embedded().unwrap(), config).unwrap());
    let public = app(site.clone());
    assert_eq!(status_of(&public, "/417").await, 200);
    assert_eq!(status_of(&public, "/417").await, 200);
    assert_eq!(status_of(&public, "/no-such-page").await, 404);
    assert_eq!(status_of(&public, "/status/200").await, 200);
    assert_eq!(status_of(&public, "/status/200").await, 429);
    // The public site has no /metrics.
    assert_eq!(status_of(&public, "/metrics").await, 404);

    let resp = metrics_app(site)
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let body = axum::body::to_bytes(resp.into_body(), 1 << 20).await.unwrap();
    let text = String::from_utf8(body.to_vec()).unwrap();
    for line in [
        "siteerror_requests_total{route=\"page\",status=\"200\"} 2",
        "siteerror_requests_total{route=\"page\",status=\"404\"} 2",
        "siteerror_requests_total{route=\"status\",status=\"429\"} 1",
        "siteerror_rate_limited_total{route=\"status\"} 1",
        "siteerror_page_cache_total{outcome=\"fixed\"} 2",
        "siteerror_checker_slots_in_use 0",
        "siteerror_open_connections 0",
    ] {
        assert!(text.contains(line), "no {line:?} in\n{text}");
    }
}
