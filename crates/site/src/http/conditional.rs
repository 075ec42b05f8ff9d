//! Conditional requests (RFC 9110 Section 13): `If-None-Match` against our strong ETags.

use super::fields::{RequestFields, visible_ascii};
use http::header::{HeaderValue, IF_NONE_MATCH};

/// Weak comparison of one `If-None-Match` field value against our ETag (RFC 9110 Section
/// 13.1.2): `*` matches anything, and `W/` prefixes are ignored on both sides.
pub fn if_none_match_matches(field: &str, etag: &HeaderValue) -> bool {
    let ours = etag.to_str().unwrap_or("");
    let ours = ours.strip_prefix("W/").unwrap_or(ours);
    field
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == ours)
}

/// Whether any `If-None-Match` field of the request matches `etag`.
pub fn not_modified<F: RequestFields + ?Sized>(req: &F, etag: &HeaderValue) -> bool {
    req.field_values(IF_NONE_MATCH)
        .filter_map(visible_ascii)
        .any(|f| if_none_match_matches(f, etag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_weakly() {
        let ours = HeaderValue::from_static("\"abc\"");
        assert!(if_none_match_matches("\"abc\"", &ours));
        assert!(if_none_match_matches("W/\"abc\"", &ours));
        assert!(if_none_match_matches("\"x\", \"abc\"", &ours));
        assert!(if_none_match_matches("*", &ours));
        assert!(!if_none_match_matches("\"abcd\"", &ours));
    }
}
