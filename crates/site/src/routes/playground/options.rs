//! The playground's options: `delay`, `header=Name:Value` and `body=none`, from the query string
//! or `X-SiteError-Delay`, `X-SiteError-Header` and `X-SiteError-Body` request headers.

use super::shown;
use crate::http::query::pairs;
use crate::limits::{PLAYGROUND_MAX_DELAY_MS, PLAYGROUND_MAX_EXTRA_HEADERS, PLAYGROUND_MAX_HEADER_VALUE};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::Duration;

/// Response headers a caller may set with `header=`. Content-Type, Set-Cookie, Location,
/// hop-by-hop fields and security policy are never on it.
const HEADER_ALLOW_LIST: &[&str] = &[
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
];

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

/// Reads the options from the query string and the `X-SiteError-*` request headers (the query
/// wins); the error is the message for a 400.
pub fn parse_options(query: &str, headers: &HeaderMap) -> Result<Options, String> {
    let pairs = pairs(query);
    let mut options = Options::default();
    let mut delay: Option<String> = headers
        .get("x-siteerror-delay")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut extra: Vec<String> = headers
        .get_all("x-siteerror-header")
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let mut body = headers
        .get("x-siteerror-body")
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
        let allowed = HEADER_ALLOW_LIST.contains(&name.as_str())
            || (name.starts_with("x-")
                && !name.starts_with("x-siteerror")
                && !name.starts_with("x-frame")
                && !name.starts_with("x-content-type"));
        if !allowed {
            return Err(format!(
                "the header {:?} cannot be set here; allowed: {}, and X- headers",
                shown(&name),
                HEADER_ALLOW_LIST.join(", ")
            ));
        }
        let value = value.trim();
        if value.len() > PLAYGROUND_MAX_HEADER_VALUE {
            return Err(format!(
                "header values are limited to {PLAYGROUND_MAX_HEADER_VALUE} bytes"
            ));
        }
        let name = HeaderName::try_from(name.as_str())
            .map_err(|_| format!("{:?} is not a valid header name", shown(&name)))?;
        let value = HeaderValue::try_from(value).map_err(|_| "header values must be visible ASCII".to_string())?;
        options.headers.push((name, value));
    }
    match body.as_deref().map(str::trim) {
        None | Some("") => {}
        Some("none") => options.no_body = true,
        Some(other) => return Err(format!("body takes only the value none, not {:?}", shown(other))),
    }
    Ok(options)
}
