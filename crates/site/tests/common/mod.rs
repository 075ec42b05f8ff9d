//! Shared test helpers: one rendered site per test binary, and a way to send it requests.
#![allow(dead_code)]

use axum::body::Body;
use http::{Request, Response};
use http_body_util::BodyExt;
use siteerror_catalog::Catalog;
use siteerror_site::{Site, SiteConfig, app};
use std::sync::{Arc, LazyLock};
use tower::ServiceExt;

pub static SITE: LazyLock<Arc<Site>> = LazyLock::new(|| {
    Arc::new(Site::new(Catalog::embedded().expect("valid catalog"), SiteConfig::default()).expect("site renders"))
});

/// A finished response: status, headers and the whole body.
pub struct Reply {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

pub async fn send(req: Request<Body>) -> Reply {
    send_to(app(SITE.clone()), req).await
}

/// Sends `req` to `router` (a site a test built for itself) and reads the whole reply.
pub async fn send_to(router: axum::Router, req: Request<Body>) -> Reply {
    let resp: Response<Body> = router.oneshot(req).await.expect("infallible");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, headers, body }
}

/// A site whose URL checker may also reach 127.0.0.1/32 (and nothing else the strict policy
/// refuses), for checks of test servers on loopback.
pub fn site_checking_loopback(config: SiteConfig) -> Arc<Site> {
    let mut policy = siteerror_checker::AddressPolicy::strict();
    policy.exceptions.push("127.0.0.1/32".parse().expect("a network"));
    Arc::new(
        Site::new(
            Catalog::embedded().expect("valid catalog"),
            config.checker_policy(policy),
        )
        .expect("site renders"),
    )
}

/// `POST /api/v1/check` with a JSON body, from client address `client` (as a real connection
/// would report it), so that per-client limits count each test client on its own.
pub fn check_request(body: &str, client: std::net::IpAddr, accept: &str) -> Request<Body> {
    let mut req = Request::post("/api/v1/check")
        .header("content-type", "application/json")
        .header("accept", accept)
        .body(Body::from(body.to_string()))
        .expect("valid request");
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(client, 40000)));
    req
}

pub async fn get(path: &str, headers: &[(&str, &str)]) -> Reply {
    request("GET", path, headers).await
}

pub async fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut b = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    send(b.body(Body::empty()).expect("valid request")).await
}

pub const HTML: (&str, &str) = (
    "accept",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
);
pub const JSON: (&str, &str) = ("accept", "application/json");

/// The full path of the first of `names` found on `PATH`.
pub fn find_on_path(names: &[&str]) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
            .map(|p| p.display().to_string())
    })
}

/// Chromium and, when `driver` is set, chromedriver: `None` (the caller skips) when missing,
/// except that CI sets `SITEERROR_REQUIRE_CHROMIUM` and a missing tool fails the test.
pub fn chromium(driver: bool) -> Option<(String, Option<String>)> {
    let browser = find_on_path(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = if driver { find_on_path(&["chromedriver"]) } else { None };
    match browser {
        Some(b) if !driver || chromedriver.is_some() => Some((b, chromedriver)),
        _ => {
            assert!(
                std::env::var("SITEERROR_REQUIRE_CHROMIUM").is_err(),
                "SITEERROR_REQUIRE_CHROMIUM is set but chromium{} is missing",
                if driver { " or chromedriver" } else { "" }
            );
            eprintln!(
                "skipped: chromium{} not on PATH",
                if driver { " or chromedriver" } else { "" }
            );
            None
        }
    }
}

/// Serves the site on a free loopback port, for tests that need a real socket (browsers).
pub async fn serve_on_loopback() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(SITE.clone())).await });
    addr
}
