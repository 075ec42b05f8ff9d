//! Requests answered before routing, because HTTP itself says how:
//!
//! - RFC 9112 Section 3.2: "A server MUST respond with a 400 (Bad Request) status code to any
//!   HTTP/1.1 request message that lacks a Host header field and to any request message that
//!   contains more than one Host header field line or a Host header field with an invalid field
//!   value." hyper passes such requests on as they are.
//! - `CONNECT` asks for a tunnel (RFC 9110 Section 9.3.6), which only a proxy provides; this
//!   server is not one. Section 9.3.6 notes that most origin servers do not implement CONNECT,
//!   and Section 15.6.2 makes 501 the answer for a method the server supports for no resource
//!   (405 would claim that some other resource of ours takes it). A 2xx would also be wrong twice
//!   over: it means "the tunnel is open" and must carry no body framing, which is why hyper
//!   closed the connection without an answer when a route said 200 to it.
//!
//! The answers are fixed, short and plain text, like hyper's own for a malformed request, and are
//! logged on the access log's target.

use axum::body::Body;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Request, Response, StatusCode, Version};

/// Why a request is answered before routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ProtocolRefusal {
    /// An HTTP/1.1 request without `Host`.
    MissingHost,
    /// More than one `Host` field line.
    SeveralHosts,
    /// A `Host` value that is not `uri-host [ ":" port ]`.
    InvalidHost,
    /// A request for a tunnel.
    Connect,
}

impl ProtocolRefusal {
    /// The refusal `req` earns, if any.
    pub(super) fn of<B>(req: &Request<B>) -> Option<ProtocolRefusal> {
        if req.method() == Method::CONNECT {
            return Some(ProtocolRefusal::Connect);
        }
        host_refusal(req.version(), req.headers())
    }

    fn status(self) -> StatusCode {
        match self {
            ProtocolRefusal::Connect => StatusCode::NOT_IMPLEMENTED,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    fn message(self) -> &'static str {
        match self {
            ProtocolRefusal::MissingHost => "An HTTP/1.1 request needs a Host header field (RFC 9112 Section 3.2).\n",
            ProtocolRefusal::SeveralHosts => {
                "A request may carry one Host header field, not several (RFC 9112 Section 3.2).\n"
            }
            ProtocolRefusal::InvalidHost => {
                "The Host header field must be a host name or address, optionally with :port (RFC 9112 Section 3.2).\n"
            }
            ProtocolRefusal::Connect => {
                "This server is not a proxy: it opens no tunnels, so CONNECT is not implemented.\n"
            }
        }
    }

    /// The answer, which closes the connection: a client this confused should start afresh.
    pub(super) fn response(self) -> Response<Body> {
        let message = self.message();
        let mut resp = Response::new(Body::from(message));
        *resp.status_mut() = self.status();
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(message.len()));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(header::CONNECTION, HeaderValue::from_static("close"));
        crate::http::security::add_security_headers(h);
        resp
    }

    /// Writes the access-log line the router would have written.
    pub(super) fn log<B>(self, req: &Request<B>) {
        crate::access_log::write(
            req.method().as_str(),
            req.uri().path(),
            self.status().as_u16(),
            Some(self.message().len() as u64),
            std::time::Instant::now(),
        );
    }
}

fn host_refusal(version: Version, headers: &HeaderMap) -> Option<ProtocolRefusal> {
    let mut hosts = headers.get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (None, _) if version == Version::HTTP_11 => Some(ProtocolRefusal::MissingHost),
        (None, _) => None,
        (Some(_), Some(_)) => Some(ProtocolRefusal::SeveralHosts),
        (Some(host), None) if !is_valid_host(host.as_bytes()) => Some(ProtocolRefusal::InvalidHost),
        (Some(_), None) => None,
    }
}

/// `Host = uri-host [ ":" port ]` (RFC 9110 Section 7.2, with RFC 3986's grammar). An empty
/// value is valid: a client sends one when the target has no authority.
pub(super) fn is_valid_host(value: &[u8]) -> bool {
    let (host, port) = if value.first() == Some(&b'[') {
        let Some(end) = value.iter().position(|&b| b == b']') else {
            return false;
        };
        if !is_ip_literal(&value[1..end]) {
            return false;
        }
        (&value[..0], &value[end + 1..])
    } else {
        match value.iter().position(|&b| b == b':') {
            Some(colon) => (&value[..colon], &value[colon..]),
            None => (value, &value[value.len()..]),
        }
    };
    is_reg_name(host) && (port.is_empty() || (port[0] == b':' && port[1..].iter().all(u8::is_ascii_digit)))
}

/// The inside of `[...]`: an IPv6 address or an `IPvFuture`.
fn is_ip_literal(inside: &[u8]) -> bool {
    if let Some(future) = inside.strip_prefix(b"v").or_else(|| inside.strip_prefix(b"V")) {
        let Some(dot) = future.iter().position(|&b| b == b'.') else {
            return false;
        };
        let (version, rest) = (&future[..dot], &future[dot + 1..]);
        return !version.is_empty()
            && version.iter().all(u8::is_ascii_hexdigit)
            && !rest.is_empty()
            && rest.iter().all(|&b| is_unreserved(b) || is_sub_delim(b) || b == b':');
    }
    std::str::from_utf8(inside).is_ok_and(|s| s.parse::<std::net::Ipv6Addr>().is_ok())
}

/// `reg-name = *( unreserved / pct-encoded / sub-delims )`, which also covers IPv4 addresses.
fn is_reg_name(name: &[u8]) -> bool {
    let mut i = 0;
    while i < name.len() {
        match name[i] {
            b'%' => {
                if !name
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
                {
                    return false;
                }
                i += 3;
            }
            b if is_unreserved(b) || is_sub_delim(b) => i += 1,
            _ => return false,
        }
    }
    true
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_values_follow_the_uri_grammar() {
        for ok in [
            "",
            "example.com",
            "example.com:8080",
            "127.0.0.1",
            "127.0.0.1:80",
            "[::1]",
            "[2001:db8::1]:443",
            "[v1.fe:80]",
            "xn--bcher-kva.example",
            "a%2Db",
            "host:",
        ] {
            assert!(is_valid_host(ok.as_bytes()), "{ok:?} is a valid Host");
        }
        for bad in [
            "user@example.com",
            "example.com:80:80",
            "example.com:http",
            "exa mple.com",
            "[::1",
            "[not-v6]",
            "[::1]x",
            "a%2",
            "a%zz",
            "example.com/path",
            "[v.x]",
        ] {
            assert!(!is_valid_host(bad.as_bytes()), "{bad:?} is not a valid Host");
        }
    }

    fn req(version: Version, hosts: &[&str]) -> Request<()> {
        let mut r = Request::builder().version(version).uri("/").body(()).unwrap();
        for h in hosts {
            r.headers_mut().append(header::HOST, HeaderValue::from_str(h).unwrap());
        }
        r
    }

    #[test]
    fn http_1_1_needs_exactly_one_valid_host() {
        assert_eq!(
            ProtocolRefusal::of(&req(Version::HTTP_11, &[])),
            Some(ProtocolRefusal::MissingHost)
        );
        assert_eq!(ProtocolRefusal::of(&req(Version::HTTP_11, &["a"])), None);
        assert_eq!(
            ProtocolRefusal::of(&req(Version::HTTP_11, &["a", "a"])),
            Some(ProtocolRefusal::SeveralHosts)
        );
        assert_eq!(ProtocolRefusal::of(&req(Version::HTTP_10, &[])), None);
        assert_eq!(
            ProtocolRefusal::of(&req(Version::HTTP_10, &["a", "b"])),
            Some(ProtocolRefusal::SeveralHosts)
        );
        assert_eq!(
            ProtocolRefusal::of(&req(Version::HTTP_10, &["a b"])),
            Some(ProtocolRefusal::InvalidHost)
        );
    }

    #[test]
    fn connect_is_not_implemented_and_says_so() {
        let connect = Request::builder()
            .method(Method::CONNECT)
            .uri("example.com:443")
            .header(header::HOST, "example.com:443")
            .body(())
            .unwrap();
        let refusal = ProtocolRefusal::of(&connect).unwrap();
        let resp = refusal.response();
        assert_eq!(resp.status(), StatusCode::NOT_IMPLEMENTED);
        assert_eq!(resp.headers()[header::CONNECTION], "close");
        assert_eq!(
            resp.headers()[header::CONTENT_LENGTH],
            refusal.message().len().to_string().as_str()
        );
    }
}
