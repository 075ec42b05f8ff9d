//! The playground's options (`delay`, `header=Name:Value`, `body=none`) from an arbitrary query
//! string and arbitrary `X-SiteError-Delay`, `X-SiteError-Header` and `X-SiteError-Body` request
//! headers. Properties checked:
//! - nothing panics, whatever the bytes;
//! - accepted options stay within the limits: a delay of at most `PLAYGROUND_MAX_DELAY_MS`, at
//!   most `PLAYGROUND_MAX_EXTRA_HEADERS` extra headers, each value at most
//!   `PLAYGROUND_MAX_HEADER_VALUE` bytes;
//! - every header name accepted is `settable`, and none is one a proxy or server in front acts
//!   on (`X-Accel-*`, `X-Sendfile*`, `X-Forwarded-*`, `X-Real-IP`, `X-LIGHTTPD-*`, `Set-Cookie`,
//!   `Location`, `Content-Type`, hop-by-hop fields);
//! - an accepted `Cache-Control` starts with `private` and keeps no directive for shared caches;
//! - parsing is idempotent: accepted options written back as a query string parse to the same
//!   options.
//!
//! Input: the first line is the query string; each further line is one request header, its first
//! byte choosing the field (`D` delay, `H` header, `B` body, anything else an unrelated field)
//! and the rest its value (lines that are not a valid header value are dropped).
#![no_main]

use http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;
use siteerror_site::limits::{PLAYGROUND_MAX_DELAY_MS, PLAYGROUND_MAX_EXTRA_HEADERS, PLAYGROUND_MAX_HEADER_VALUE};
use siteerror_site::routes::playground::options::{Options, parse_options, settable};

const FORBIDDEN_PREFIXES: &[&str] = &["x-accel", "x-sendfile", "x-forwarded", "x-real-ip", "x-lighttpd"];
const FORBIDDEN_NAMES: &[&str] = &[
    "set-cookie",
    "location",
    "content-type",
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "connection",
    "upgrade",
    "keep-alive",
    "strict-transport-security",
    "content-security-policy",
    "access-control-allow-origin",
];
const SHARED_CACHE_DIRECTIVES: &[&str] = &["public", "private", "s-maxage", "proxy-revalidate"];

fn request_headers<'a>(lines: impl Iterator<Item = &'a [u8]>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in lines {
        let Some((&which, value)) = line.split_first() else {
            continue;
        };
        let name = match which {
            b'D' => "x-siteerror-delay",
            b'H' => "x-siteerror-header",
            b'B' => "x-siteerror-body",
            _ => "x-siteerror-other",
        };
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(HeaderName::from_static(name), value);
        }
    }
    headers
}

/// The query string that asks for `options` and nothing else.
fn as_query(options: &Options) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("delay", &options.delay.as_millis().to_string());
    for (name, value) in &options.headers {
        let value = std::str::from_utf8(value.as_bytes()).expect("accepted values come from a str");
        query.append_pair("header", &format!("{name}:{value}"));
    }
    if options.no_body {
        query.append_pair("body", "none");
    }
    query.finish()
}

fn check_within_limits(options: &Options, asked: &str) {
    assert!(
        options.delay.as_millis() <= u128::from(PLAYGROUND_MAX_DELAY_MS),
        "{asked:?}: {options:?}"
    );
    assert!(
        options.headers.len() <= PLAYGROUND_MAX_EXTRA_HEADERS,
        "{asked:?}: {options:?}"
    );
    for (name, value) in &options.headers {
        let name = name.as_str();
        assert!(settable(name), "{asked:?}: {name} is not settable");
        assert!(
            !FORBIDDEN_PREFIXES.iter().any(|p| name.starts_with(p)) && !FORBIDDEN_NAMES.contains(&name),
            "{asked:?}: {name} was accepted"
        );
        assert!(
            value.len() <= PLAYGROUND_MAX_HEADER_VALUE,
            "{asked:?}: {name} is {} bytes",
            value.len()
        );
        if name == "cache-control" {
            let value = String::from_utf8_lossy(value.as_bytes());
            let mut directives = value.split(',').map(str::trim);
            assert_eq!(directives.next(), Some("private"), "{asked:?}: cache-control {value:?}");
            for d in directives {
                let directive = d.split('=').next().unwrap_or("").trim().to_ascii_lowercase();
                assert!(
                    !SHARED_CACHE_DIRECTIVES.contains(&directive.as_str()),
                    "{asked:?}: cache-control {value:?}"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut lines = data.split(|&b| b == b'\n');
    let query = String::from_utf8_lossy(lines.next().unwrap_or_default());
    let headers = request_headers(lines);
    let Ok(options) = parse_options(&query, &headers) else {
        return;
    };
    let asked = format!("{query} {headers:?}");
    check_within_limits(&options, &asked);

    let again_query = as_query(&options);
    let again = parse_options(&again_query, &HeaderMap::new())
        .unwrap_or_else(|e| panic!("{asked:?} gave {options:?}, but {again_query:?} is refused: {e}"));
    assert_eq!(again.delay, options.delay, "{asked:?} -> {again_query:?}");
    assert_eq!(again.headers, options.headers, "{asked:?} -> {again_query:?}");
    assert_eq!(again.no_body, options.no_body, "{asked:?} -> {again_query:?}");
});
