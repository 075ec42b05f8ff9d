//! One log line per request (method, path, status, bytes, duration) through `tracing`, at the
//! `info` level of the `siteerror::access` target. The subscriber decides where it goes and in
//! which format; with none installed (or `--quiet`), this costs a level check.

use axum::extract::Request;
use axum::response::Response;
use http::Method;
use http::header::CONTENT_LENGTH;
use std::time::Instant;

/// Whether access-log lines go anywhere.
pub(crate) fn enabled() -> bool {
    tracing::enabled!(target: "siteerror::access", tracing::Level::INFO)
}

/// Writes one line: `bytes` is the answer's `Content-Length`, when it has one.
pub(crate) fn write(method: &str, path: &str, status: u16, bytes: Option<u64>, started: Instant) {
    tracing::info!(
        target: "siteerror::access",
        method = %method,
        path = %path,
        status = status,
        bytes = bytes,
        duration_us = started.elapsed().as_micros() as u64,
        "request"
    );
}

/// The access-log line of a request being answered.
pub(crate) struct Line {
    started: Instant,
    method: Method,
    path: String,
}

impl Line {
    /// The line of `req`, started at `started`.
    pub(crate) fn start(req: &Request, started: Instant) -> Line {
        Line {
            started,
            method: req.method().clone(),
            path: req.uri().path().to_string(),
        }
    }

    /// Logs the line, now that `resp` is the answer.
    pub(crate) fn finish(self, resp: &Response) {
        let bytes = resp
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        write(
            self.method.as_str(),
            &self.path,
            resp.status().as_u16(),
            bytes,
            self.started,
        );
    }
}
