//! Turning a cached resource or an error into a response: negotiation, conditional requests,
//! HEAD, and the headers every response carries.

use crate::cache::{CachedResource, if_none_match_matches};
use crate::negotiate::{Media, choose_coding, choose_media};
use axum::body::Body;
use axum::response::Response;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};

/// `Vary` for negotiated resources: the representation depends on `Accept` (and, for clients
/// that send only `*/*`, on `User-Agent`), the coding on `Accept-Encoding`.
pub const VARY_NEGOTIATED: &str = "Accept, Accept-Encoding, User-Agent";
/// `Vary` for resources with one representation.
pub const VARY_ENCODING: &str = "Accept-Encoding";

/// The methods every page allows.
pub const PAGE_ALLOW: &str = "GET, HEAD, OPTIONS";

/// The headers every response carries, so the site can be exposed as it is.
pub fn security_headers(headers: &mut HeaderMap) {
    const FIXED: [(HeaderName, &str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in FIXED {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
}

/// Methods RFC 9110 (and RFC 5789 for PATCH) define; others are unrecognized and get 501.
pub fn is_known_method(method: &Method) -> bool {
    matches!(
        method.as_str(),
        "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE" | "PATCH"
    )
}

/// What went wrong when a cached resource cannot be served as asked.
pub enum Unservable {
    /// No representation matches `Accept` (or `Accept-Encoding` refuses identity and everything else).
    NotAcceptable(Vec<Media>),
}

/// Serves a cached resource for GET or HEAD: picks the representation and coding, answers 304
/// when `If-None-Match` matches, and leaves the body out for HEAD.
pub fn cached(resource: &CachedResource, req: &HeaderMap, method: &Method) -> Result<Response, Unservable> {
    let negotiated = resource.representations.len() > 1;
    let rep = if negotiated {
        let media = choose_media(req, &resource.media()).ok_or_else(|| Unservable::NotAcceptable(resource.media()))?;
        resource
            .get(media)
            .ok_or_else(|| Unservable::NotAcceptable(resource.media()))?
    } else {
        resource
            .representations
            .first()
            .ok_or_else(|| Unservable::NotAcceptable(Vec::new()))?
    };
    let coding = choose_coding(req).ok_or_else(|| Unservable::NotAcceptable(resource.media()))?;
    let encoded = rep.encoded(coding);

    let not_modified = req
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|f| if_none_match_matches(f, &encoded.etag));
    if not_modified && resource.status == StatusCode::OK {
        // A 304 carries the validators and caching fields a 200 would have (RFC 9110 Section 15.4.5).
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = StatusCode::NOT_MODIFIED;
        let h = resp.headers_mut();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = encoded.headers.get(&name) {
                h.insert(name, v.clone());
            }
        }
        security_headers(h);
        return Ok(resp);
    }

    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(encoded.bytes.clone())
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = resource.status;
    *resp.headers_mut() = encoded.headers.clone();
    Ok(resp)
}

/// A response whose body is rendered per request (errors, search): negotiated but not compressed.
pub fn dynamic(
    status: StatusCode,
    media: Media,
    body: String,
    method: &Method,
    cache_control: &'static str,
    vary: &'static str,
) -> Response {
    let len = body.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, media.content_type())
        .header(header::CONTENT_LENGTH, len)
        .header(header::CACHE_CONTROL, cache_control)
        .header(header::VARY, vary)
        .body(body)
        .expect("valid parts")
}
