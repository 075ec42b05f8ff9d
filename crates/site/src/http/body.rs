//! Request bodies: JSON for the API and form fields for the pages, each read up to a limit.
//! Over the limit is a 413 that says what the limit is, never a silent truncation.

use crate::error::SiteError;
use axum::body::Body;
use http::header::{self, HeaderMap, HeaderValue};
use http::{HeaderName, StatusCode};
use serde::de::DeserializeOwned;

fn content_type_is(headers: &HeaderMap, media: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(media))
}

async fn read(body: Body, max: usize, what: &str) -> Result<axum::body::Bytes, SiteError> {
    axum::body::to_bytes(body, max).await.map_err(|e| {
        // A length error means the body went over the limit; anything else is a broken body
        // (a malformed chunk, a connection closed early).
        let inner = e.into_inner();
        if inner.is::<http_body_util::LengthLimitError>() {
            SiteError::too_large(max as u64, what)
        } else {
            SiteError::bad_request(format!("the request body could not be read: {inner}"))
        }
    })
}

/// Reads a JSON body of at most `max` bytes: 415 (with `Accept-Post`) unless it is
/// `application/json`, 413 when too large, 400 when not JSON, 422 when it does not fit `T`.
pub async fn json<T: DeserializeOwned>(headers: &HeaderMap, body: Body, max: usize) -> Result<T, SiteError> {
    if !content_type_is(headers, "application/json") {
        return Err(SiteError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as application/json",
        )
        .with_header(
            HeaderName::from_static("accept-post"),
            HeaderValue::from_static("application/json"),
        ));
    }
    let bytes = read(body, max, "the body").await?;
    serde_json::from_slice(&bytes).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            SiteError::bad_request(format!("the body is not valid JSON: {e}"))
        } else {
            SiteError::unprocessable(format!("the JSON does not match the schema: {e}"))
        }
    })
}

/// Reads an `application/x-www-form-urlencoded` body of at most `max` bytes into `T`.
pub async fn form<T: DeserializeOwned>(headers: &HeaderMap, body: Body, max: usize) -> Result<T, SiteError> {
    if headers.contains_key(header::CONTENT_TYPE) && !content_type_is(headers, "application/x-www-form-urlencoded") {
        return Err(SiteError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the form as application/x-www-form-urlencoded",
        )
        .with_header(
            HeaderName::from_static("accept-post"),
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        ));
    }
    let bytes = read(body, max, "the form").await?;
    let text = std::str::from_utf8(&bytes).map_err(|_| SiteError::bad_request("the form is not UTF-8"))?;
    super::query::parse(text)
}
