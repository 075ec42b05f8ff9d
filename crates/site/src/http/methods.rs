//! Request methods: which ones HTTP defines (others get 501, RFC 9110 Section 9.1).

use http::Method;

/// Methods RFC 9110 (and RFC 5789 for PATCH) define; others are unrecognized and get 501.
pub fn is_known(method: &Method) -> bool {
    matches!(
        method.as_str(),
        "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE" | "PATCH"
    )
}
