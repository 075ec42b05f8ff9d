//! `/anything` and `/anything/{path}`: the request described as JSON (method, path, query,
//! headers, and the body's size and SHA-256, never the body itself). The body is read only when
//! the declared length is within the limit, so `Expect: 100-continue` gets its 100 only then.

use super::{cors, preflight, refuse};
use crate::Site;
use crate::error::SiteError;
use crate::headers::VARY_ENCODING;
use crate::http::client::ClientAddr;
use crate::http::query::pairs;
use crate::http::respond;
use crate::limits::ANYTHING_MAX_BODY;
use axum::extract::{Request, State};
use axum::response::Response;
use http::StatusCode;
use http::header;
use serde::Serialize;
use sha2::Digest;
use siteerror_present::Media;
use siteerror_present::json::pretty;
use std::sync::Arc;
use tokio_stream::StreamExt;

#[derive(Serialize)]
struct Described {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body_bytes: u64,
    body_sha256: String,
}

/// `/anything`, any method.
pub async fn anything(State(site): State<Arc<Site>>, req: Request) -> Response {
    if let Some(r) = preflight(req.method(), req.headers()) {
        return r;
    }
    describe(&site, req).await.unwrap_or_else(refuse)
}

async fn describe(site: &Site, req: Request) -> Result<Response, SiteError> {
    let too_large = || SiteError::too_large(ANYTHING_MAX_BODY, "/anything reads a body that");
    // Refuse an oversized body from its declared length, before reading any of it: with
    // `Expect: 100-continue`, no 100 is sent and the client never uploads.
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > ANYTHING_MAX_BODY) {
        return Err(too_large());
    }
    let (parts, body) = req.into_parts();
    site.playground.take(ClientAddr::of(&parts).key())?;
    let mut hasher = sha2::Sha256::new();
    let mut count: u64 = 0;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        // A body that breaks off or is malformed (bad chunked framing) is the client's error.
        let chunk = chunk.map_err(|e| SiteError::bad_request(format!("the request body could not be read: {e}")))?;
        count += chunk.len() as u64;
        if count > ANYTHING_MAX_BODY {
            return Err(too_large());
        }
        hasher.update(&chunk);
    }
    let described = Described {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: pairs(parts.uri.query().unwrap_or(""))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
        body_bytes: count,
        body_sha256: hasher.finalize().iter().map(|b| format!("{b:02x}")).collect(),
    };
    let body = pretty(&described).map_err(|e| SiteError::internal("describing a request", e))?;
    let mut r = respond::dynamic(
        StatusCode::OK,
        Media::Json,
        body,
        &parts.method,
        "no-store",
        VARY_ENCODING,
    );
    cors(r.headers_mut());
    Ok(r)
}
