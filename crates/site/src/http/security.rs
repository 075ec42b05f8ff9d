//! The headers every response carries, so the site can be exposed as it is: a strict Content
//! Security Policy (no inline script or style anywhere), no sniffing, no framing.

use http::header::{self, HeaderMap, HeaderName, HeaderValue};

const FIXED: [(HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// The security headers, in the order they are sent.
pub fn fields() -> impl Iterator<Item = (HeaderName, HeaderValue)> {
    FIXED
        .into_iter()
        .map(|(name, value)| (name, HeaderValue::from_static(value)))
}

/// Adds the security headers a response does not have yet.
pub fn add_security_headers(headers: &mut HeaderMap) {
    for (name, value) in FIXED {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
}

/// Adds the security headers unless the response has them already: cached responses carry them,
/// and one lookup tells.
pub fn ensure_security_headers(headers: &mut HeaderMap) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        add_security_headers(headers);
    }
}
