//! One log line per request (method, path, status, bytes, duration) through `tracing`, at the
//! `info` level of the `siteerror::access` target. The subscriber decides where it goes and in
//! which format; with none installed (or `--quiet`), this costs a level check.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header::CONTENT_LENGTH;
use std::time::Instant;

/// The access-log layer.
pub async fn access_log(req: Request, next: Next) -> Response {
    if !tracing::enabled!(target: "siteerror::access", tracing::Level::INFO) {
        return next.run(req).await;
    }
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    let bytes = resp
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    tracing::info!(
        target: "siteerror::access",
        method = %method,
        path = %path,
        status = resp.status().as_u16(),
        bytes = bytes,
        duration_us = started.elapsed().as_micros() as u64,
        "request"
    );
    resp
}
