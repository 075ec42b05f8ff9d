//! A request's header fields, read the same way whether hyper parsed them into a `HeaderMap` or
//! the server's direct path left them as `httparse` found them in the connection's buffer, so
//! that negotiation and conditional requests give one answer either way.

use http::{HeaderMap, HeaderName};

/// Where a request's header fields can be read from.
pub trait RequestFields {
    /// The value of every field line called `name`, in the order received.
    fn field_values<'a>(&'a self, name: HeaderName) -> impl Iterator<Item = &'a [u8]> + 'a;

    /// Whether any field line is called `name`.
    fn has_field(&self, name: HeaderName) -> bool {
        self.field_values(name).next().is_some()
    }

    /// The first field line called `name`.
    fn first_field(&self, name: HeaderName) -> Option<&[u8]> {
        self.field_values(name).next()
    }
}

impl RequestFields for HeaderMap {
    fn field_values<'a>(&'a self, name: HeaderName) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.get_all(name).into_iter().map(|v| v.as_bytes())
    }
}

impl RequestFields for [httparse::Header<'_>] {
    fn field_values<'a>(&'a self, name: HeaderName) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name.as_str()))
            .map(|h| h.value)
    }
}

/// A field value as text when it is visible ASCII (tabs allowed), as `HeaderValue::to_str`
/// reads it; `None` otherwise, so that both kinds of fields skip the same values.
pub fn visible_ascii(value: &[u8]) -> Option<&str> {
    if value.iter().all(|&b| b == b'\t' || (32..127).contains(&b)) {
        std::str::from_utf8(value).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use http::header::{ACCEPT, USER_AGENT};

    #[test]
    fn both_sources_read_the_same_values() {
        let mut map = HeaderMap::new();
        map.append(ACCEPT, HeaderValue::from_static("text/html"));
        map.append(ACCEPT, HeaderValue::from_static("*/*;q=0.1"));
        let raw = [
            httparse::Header {
                name: "Accept",
                value: b"text/html",
            },
            httparse::Header {
                name: "user-agent",
                value: b"x",
            },
            httparse::Header {
                name: "ACCEPT",
                value: b"*/*;q=0.1",
            },
        ];
        let from_map: Vec<&[u8]> = map.field_values(ACCEPT).collect();
        let from_raw: Vec<&[u8]> = raw[..].field_values(ACCEPT).collect();
        assert_eq!(from_map, from_raw);
        assert!(raw[..].has_field(USER_AGENT));
        assert!(!map.has_field(USER_AGENT));
    }

    #[test]
    fn only_visible_ascii_is_text() {
        for value in [&b"gzip, br"[..], b"a\tb", b""] {
            let ours = visible_ascii(value);
            let http = HeaderValue::from_bytes(value)
                .ok()
                .and_then(|v| v.to_str().ok().map(str::to_owned));
            assert_eq!(ours.map(str::to_owned), http, "{value:?}");
        }
        assert_eq!(visible_ascii("café".as_bytes()), None);
        assert_eq!(HeaderValue::from_bytes("café".as_bytes()).unwrap().to_str().ok(), None);
        assert_eq!(visible_ascii(b"a\x7fb"), None);
    }
}
