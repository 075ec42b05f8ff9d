//! The playground's options: `delay`, `header=Name:Value` and `body=none`, from the query string
//! or `X-SiteError-Delay`, `X-SiteError-Header` and `X-SiteError-Body` request headers.

use super::shown;
use crate::http::query::pairs;
use crate::limits::{PLAYGROUND_MAX_DELAY_MS, PLAYGROUND_MAX_EXTRA_HEADERS, PLAYGROUND_MAX_HEADER_VALUE};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::Duration;

/// Response headers a caller may set with `header=`, by name. Nothing a proxy or a server in
/// front of us acts on is here (`X-Accel-*`, `X-Sendfile`, `X-LIGHTTPD-*`, `X-Forwarded-*`,
/// `X-Real-IP`, `Set-Cookie`, `Location`, `Content-Type`, hop-by-hop fields, security policy),
/// and `Cache-Control` is rewritten so a shared cache never keeps the answer.
pub const HEADER_ALLOW_LIST: &[&str] = &[
    "cache-control",
    "etag",
    "last-modified",
    "expires",
    "age",
    "vary",
    "retry-after",
    "www-authenticate",
    "proxy-authenticate",
    "link",
    "content-language",
    "accept-ranges",
    "allow",
    "warning",
    "server-timing",
    "ratelimit",
    "ratelimit-policy",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-request-id",
    "x-correlation-id",
    "x-robots-tag",
];

/// Any header under this prefix may be set too: a namespace of our own that no proxy acts on,
/// for testing clients with custom headers.
pub const CUSTOM_HEADER_PREFIX: &str = "x-playground-";

/// Whether a caller may set the response header `name` (lower case).
pub fn settable(name: &str) -> bool {
    HEADER_ALLOW_LIST.contains(&name)
        || (name.starts_with(CUSTOM_HEADER_PREFIX) && name.len() > CUSTOM_HEADER_PREFIX.len())
}

/// A caller's `Cache-Control`, made safe for a response a caller shaped: `private` first, and
/// without the directives meant for shared caches (`public`, `s-maxage`, `proxy-revalidate`).
pub fn private_cache_control(value: &str) -> String {
    let kept: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .filter(|d| {
            let name = d.split('=').next().unwrap_or("").trim().to_ascii_lowercase();
            !matches!(name.as_str(), "public" | "private" | "s-maxage" | "proxy-revalidate")
        })
        .collect();
    std::iter::once("private").chain(kept).collect::<Vec<_>>().join(", ")
}

/// What the caller asked for besides the status.
#[derive(Debug, Default)]
pub struct Options {
    /// How long to wait before answering.
    pub delay: Duration,
    /// Extra response headers.
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Send no body.
    pub no_body: bool,
}

impl Options {
    /// Whether nothing was asked for besides the status.
    pub fn is_plain(&self) -> bool {
        self.delay.is_zero() && self.headers.is_empty() && !self.no_body
    }
}

/// The request headers that carry options.
static DELAY_FIELD: HeaderName = HeaderName::from_static("x-siteerror-delay");
static HEADER_FIELD: HeaderName = HeaderName::from_static("x-siteerror-header");
static BODY_FIELD: HeaderName = HeaderName::from_static("x-siteerror-body");

/// Reads the options from the query string and the `X-SiteError-*` request headers (the query
/// wins); the error is the message for a 400.
pub fn parse_options(query: &str, headers: &HeaderMap) -> Result<Options, String> {
    if query.is_empty()
        && ![&DELAY_FIELD, &HEADER_FIELD, &BODY_FIELD]
            .iter()
            .any(|f| headers.contains_key(*f))
    {
        return Ok(Options::default());
    }
    let pairs = pairs(query);
    let mut options = Options::default();
    let mut delay: Option<String> = headers
        .get(&DELAY_FIELD)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut extra: Vec<String> = headers
        .get_all(&HEADER_FIELD)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let mut body = headers
        .get(&BODY_FIELD)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    for (k, v) in pairs {
        match k.as_ref() {
            "delay" => delay = Some(v.into_owned()),
            "header" => extra.push(v.into_owned()),
            "body" => body = Some(v.into_owned()),
            _ => {}
        }
    }
    if let Some(d) = delay {
        let ms: u64 = d
            .trim()
            .parse()
            .map_err(|_| format!("delay must be a whole number of milliseconds, not {:?}", shown(&d)))?;
        if ms > PLAYGROUND_MAX_DELAY_MS {
            return Err(format!(
                "delay is capped at {PLAYGROUND_MAX_DELAY_MS} ms; {ms} ms was asked for"
            ));
        }
        options.delay = Duration::from_millis(ms);
    }
    if extra.len() > PLAYGROUND_MAX_EXTRA_HEADERS {
        return Err(format!("at most {PLAYGROUND_MAX_EXTRA_HEADERS} extra headers"));
    }
    for h in extra {
        if h.contains(['\r', '\n']) {
            return Err("header values cannot contain CR or LF".into());
        }
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| format!("header must look like Name:Value, not {:?}", shown(&h)))?;
        let name = name.trim().to_ascii_lowercase();
        if !settable(&name) {
            return Err(format!(
                "the header {:?} cannot be set here; allowed: {}, and names starting with {CUSTOM_HEADER_PREFIX}",
                shown(&name),
                HEADER_ALLOW_LIST.join(", ")
            ));
        }
        let value = value.trim();
        let value = if name == "cache-control" {
            std::borrow::Cow::Owned(private_cache_control(value))
        } else {
            std::borrow::Cow::Borrowed(value)
        };
        if value.len() > PLAYGROUND_MAX_HEADER_VALUE {
            return Err(format!(
                "header values are limited to {PLAYGROUND_MAX_HEADER_VALUE} bytes"
            ));
        }
        let name = HeaderName::try_from(name.as_str())
            .map_err(|_| format!("{:?} is not a valid header name", shown(&name)))?;
        let value =
            HeaderValue::try_from(value.as_ref()).map_err(|_| "header values must be visible ASCII".to_string())?;
        options.headers.push((name, value));
    }
    match body.as_deref().map(str::trim) {
        None | Some("") => {}
        Some("none") => options.no_body = true,
        Some(other) => return Err(format!("body takes only the value none, not {:?}", shown(other))),
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(h: &str) -> Result<Options, String> {
        parse_options(&format!("header={}", h.replace(' ', "%20")), &HeaderMap::new())
    }

    #[test]
    fn headers_a_proxy_acts_on_cannot_be_set() {
        for h in [
            "X-Accel-Redirect:/internal/secret.txt",
            "X-Accel-Buffering:no",
            "X-Sendfile:/etc/passwd",
            "X-Sendfile-Type:X-Accel-Redirect",
            "X-LIGHTTPD-send-file:/etc/passwd",
            "X-Forwarded-For:1.2.3.4",
            "X-Forwarded-Host:evil.example",
            "X-Real-IP:1.2.3.4",
            "Set-Cookie:a=b",
            "Location:https://evil.example/",
            "Content-Type:text/html",
            "X-Frame-Options:ALLOW",
            "X-Playground-:empty",
        ] {
            assert!(set(h).is_err(), "{h} was accepted");
        }
        assert!(set("X-Playground-Trace:abc").is_ok());
        assert!(set("X-Request-Id:42").is_ok());
    }

    #[test]
    fn a_callers_cache_control_is_never_public() {
        let o = set("Cache-Control:public, max-age=86400, s-maxage=86400").unwrap();
        assert_eq!(o.headers[0].1, "private, max-age=86400");
        assert_eq!(private_cache_control("no-cache"), "private, no-cache");
        assert_eq!(private_cache_control("PUBLIC"), "private");
    }
}
