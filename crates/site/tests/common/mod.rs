//! Shared test helpers: one rendered site per test binary, and a way to send it requests.
#![allow(dead_code)]

use axum::body::Body;
use http::{Request, Response};
use http_body_util::BodyExt;
use siteerror_catalog::Catalog;
use siteerror_site::{Site, app};
use std::sync::{Arc, LazyLock};
use tower::ServiceExt;

pub static SITE: LazyLock<Arc<Site>> =
    LazyLock::new(|| Arc::new(Site::new(Catalog::embedded().expect("valid catalog")).expect("site renders")));

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
    let resp: Response<Body> = app(SITE.clone()).oneshot(req).await.expect("infallible");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.expect("body").to_bytes().to_vec();
    Reply { status, headers, body }
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
