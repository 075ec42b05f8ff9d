//! The playground's live endpoints: `/status/{code}` and `/random/{codes}` answer with any status
//! on demand (with the headers the RFC ties to it), `/anything` describes the request. Options:
//! `delay`, `header=Name:Value` (from an allow-list) and `body=none`, as query parameters or as
//! `X-SiteError-Delay`, `X-SiteError-Header` and `X-SiteError-Body` request headers. Limits are
//! explicit: a capped delay (over the cap is a 400), a per-client rate and a global cap on
//! requests held open by delays.

use crate::negotiate::{Media, choose_media};
use crate::{Site, query_pairs, respond};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use serde::Serialize;
use sha2::Digest;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The longest delay a caller may ask for; a longer one is refused with 400, never clamped.
pub const MAX_DELAY_MS: u64 = 10_000;
/// Requests held open by a delay at once, over all clients.
pub const MAX_DELAYED: usize = 256;
/// Playground requests one client may make per minute.
pub const PER_CLIENT_PER_MINUTE: f64 = 600.0;
/// The largest request body `/anything` reads.
pub const MAX_ANYTHING_BODY: u64 = 10 * 1024 * 1024;
/// Extra response headers a caller may ask for at most, and their longest value.
pub const MAX_EXTRA_HEADERS: usize = 10;
const MAX_HEADER_VALUE: usize = 256;
/// Entries (after expanding ranges) a `/random/` list may hold at most.
pub const MAX_RANDOM_CHOICES: usize = 400;

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

/// Headers CORS lets scripts read.
const EXPOSED: &str = "Location, Retry-After, WWW-Authenticate, Link";

/// Shared limits of the playground.
pub struct Playground {
    delayed: Arc<Semaphore>,
    limiter: Option<crate::checker::RateLimiter>,
}

impl std::fmt::Debug for Playground {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Playground")
    }
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new(PER_CLIENT_PER_MINUTE)
    }
}

impl Playground {
    /// Limits with `per_minute` requests per client address; 0 turns the per-client limit off
    /// (for benchmarks on loopback), leaving the cap on delayed requests.
    pub fn new(per_minute: f64) -> Self {
        Playground {
            delayed: Arc::new(Semaphore::new(MAX_DELAYED)),
            limiter: (per_minute > 0.0).then(|| crate::checker::RateLimiter::new(per_minute)),
        }
    }

    fn take(&self, ip: IpAddr) -> Result<(), u64> {
        self.limiter.as_ref().map_or(Ok(()), |l| l.take(ip))
    }
}

/// What the caller asked for besides the status.
#[derive(Debug, Default)]
struct Options {
    delay: Duration,
    headers: Vec<(HeaderName, HeaderValue)>,
    no_body: bool,
}

fn parse_options(query: &str, headers: &HeaderMap) -> Result<Options, String> {
    let pairs = query_pairs(query);
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
        match k.as_str() {
            "delay" => delay = Some(v),
            "header" => extra.push(v),
            "body" => body = Some(v),
            _ => {}
        }
    }
    if let Some(d) = delay {
        let ms: u64 = d
            .trim()
            .parse()
            .map_err(|_| format!("delay must be a whole number of milliseconds, not {:?}", truncate(&d)))?;
        if ms > MAX_DELAY_MS {
            return Err(format!("delay is capped at {MAX_DELAY_MS} ms; {ms} ms was asked for"));
        }
        options.delay = Duration::from_millis(ms);
    }
    if extra.len() > MAX_EXTRA_HEADERS {
        return Err(format!("at most {MAX_EXTRA_HEADERS} extra headers"));
    }
    for h in extra {
        if h.contains(['\r', '\n']) {
            return Err("header values cannot contain CR or LF".into());
        }
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| format!("header must look like Name:Value, not {:?}", truncate(&h)))?;
        let name = name.trim().to_ascii_lowercase();
        let allowed = HEADER_ALLOW_LIST.contains(&name.as_str())
            || (name.starts_with("x-")
                && !name.starts_with("x-siteerror")
                && !name.starts_with("x-frame")
                && !name.starts_with("x-content-type"));
        if !allowed {
            return Err(format!(
                "the header {:?} cannot be set here; allowed: {}, and X- headers",
                truncate(&name),
                HEADER_ALLOW_LIST.join(", ")
            ));
        }
        let value = value.trim();
        if value.len() > MAX_HEADER_VALUE {
            return Err(format!("header values are limited to {MAX_HEADER_VALUE} bytes"));
        }
        let name = HeaderName::try_from(name.as_str())
            .map_err(|_| format!("{:?} is not a valid header name", truncate(&name)))?;
        let value = HeaderValue::try_from(value).map_err(|_| "header values must be visible ASCII".to_string())?;
        options.headers.push((name, value));
    }
    match body.as_deref().map(str::trim) {
        None | Some("") => {}
        Some("none") => options.no_body = true,
        Some(other) => return Err(format!("body takes only the value none, not {:?}", truncate(other))),
    }
    Ok(options)
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

fn client_ip(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip())
}

fn cors(headers: &mut HeaderMap) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED));
}

/// A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.
fn preflight(req: &Request) -> Option<Response> {
    let h = req.headers();
    if req.method() != Method::OPTIONS
        || !h.contains_key(header::ORIGIN)
        || !h.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        return None;
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    let out = resp.headers_mut();
    cors(out);
    out.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    // Echo the requested headers only when they are a plain list of tokens.
    if let Some(asked) = h.get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        && asked
            .to_str()
            .is_ok_and(|s| s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_, ".contains(&b)))
    {
        out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
    }
    out.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    out.insert(
        header::VARY,
        HeaderValue::from_static("Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
    );
    Some(resp)
}

/// What the handlers need of a request after its body is gone (`Request` is not `Sync`, so it
/// cannot be held across an await).
struct Asked {
    method: Method,
    headers: HeaderMap,
    ip: IpAddr,
}

impl Asked {
    fn of(req: &Request) -> Asked {
        Asked {
            method: req.method().clone(),
            headers: req.headers().clone(),
            ip: client_ip(req),
        }
    }
}

/// 429 with `Retry-After` when the client has used its allowance.
fn rate_limited(site: &Site, req: &Asked, wait: u64) -> Response {
    let mut r = bad(
        site,
        req,
        StatusCode::TOO_MANY_REQUESTS,
        format!("too many playground requests; try again in {wait} s"),
    );
    r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
    r
}

/// 413 for a body over the limit; the rest of it is not read, so the connection closes.
fn too_large(site: &Site, req: &Asked) -> Response {
    let mut r = bad(
        site,
        req,
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("/anything reads at most {MAX_ANYTHING_BODY} bytes"),
    );
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

fn bad(site: &Site, req: &Asked, status: StatusCode, message: String) -> Response {
    let page = crate::errors::ErrorPage {
        heading: message.clone(),
        message,
        ..Default::default()
    };
    let mut r = site.error(status, page, &req.headers, &req.method);
    cors(r.headers_mut());
    r
}

/// Admits a request: the per-client rate, then (for delays) the global cap.
#[allow(clippy::result_large_err)] // the error is the response itself
fn admit(site: &Site, req: &Asked, options: &Options) -> Result<Option<tokio::sync::OwnedSemaphorePermit>, Response> {
    let limited = |wait: u64, message: String| {
        let mut r = bad(site, req, StatusCode::TOO_MANY_REQUESTS, message);
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
        r
    };
    if let Err(wait) = site.playground.take(req.ip) {
        return Err(limited(
            wait,
            format!("too many playground requests from your address; try again in {wait} s"),
        ));
    }
    if options.delay.is_zero() {
        return Ok(None);
    }
    site.playground
        .delayed
        .clone()
        .try_acquire_owned()
        .map(Some)
        .map_err(|_| limited(5, "too many delayed requests are open; try again shortly".into()))
}

#[derive(Serialize)]
struct StatusBody<'a> {
    code: u16,
    name: Option<&'a str>,
    page: Option<String>,
    note: Option<String>,
}

/// The headers a response with `code` carries on the playground (RFC-required or recommended).
fn tied_headers(code: u16, body_len: usize) -> Vec<(HeaderName, String)> {
    let realm = "Basic realm=\"siteerror playground\", charset=\"UTF-8\"".to_string();
    match code {
        300 | 301 | 302 | 303 | 307 | 308 => vec![(header::LOCATION, "/status/200".into())],
        304 => vec![
            (header::ETAG, "\"playground\"".into()),
            (header::CACHE_CONTROL, "max-age=60".into()),
        ],
        401 => vec![(header::WWW_AUTHENTICATE, realm)],
        405 => vec![(header::ALLOW, "GET, HEAD, OPTIONS".into())],
        407 => vec![(header::PROXY_AUTHENTICATE, realm)],
        416 => vec![(header::CONTENT_RANGE, format!("bytes */{body_len}"))],
        426 => vec![
            (header::UPGRADE, "HTTP/3.0".into()),
            (header::CONNECTION, "Upgrade".into()),
        ],
        413 | 429 | 503 => vec![(header::RETRY_AFTER, "5".into())],
        451 => vec![(header::LINK, "</451>; rel=\"blocked-by\"".into())],
        _ => Vec::new(),
    }
}

async fn answer(site: &Site, req: Asked, code: u16, options: Options) -> Response {
    let req = &req;
    if (100..200).contains(&code) {
        let message = format!(
            "{code} is an interim (1xx) status: it can precede a final response but never be one, so no server can answer with it alone. 100 Continue is sent when a request carries Expect: 100-continue and the server will read the body (try curl -H 'Expect: 100-continue' --data-binary @file against /anything); 103 Early Hints carries Link headers before the final response."
        );
        return bad(site, req, StatusCode::BAD_REQUEST, message);
    }
    let permit = match admit(site, req, &options) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !options.delay.is_zero() {
        // If the client goes away, hyper drops this future and the wait ends with it.
        tokio::time::sleep(options.delay).await;
    }
    drop(permit);
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
    let meanings = site.catalog.meanings(&code.to_string());
    let iana = meanings.iter().find(|e| e.source == siteerror_catalog::Source::Iana);
    let note = match (iana, meanings.is_empty()) {
        (Some(_), _) => None,
        (None, false) => Some(format!(
            "{code} is not registered with IANA; vendors use it: see /{code}."
        )),
        (None, true) => Some(format!(
            "{code} is unassigned in the IANA registry; clients treat it as {}00.",
            code / 100
        )),
    };
    let body = StatusBody {
        code,
        name: iana.map(|e| e.name.as_str()).or(status.canonical_reason()),
        page: (!meanings.is_empty()).then(|| format!("/{code}")),
        note,
    };
    let forbids_body = matches!(code, 204 | 304) || code == 205 || req.method == Method::HEAD || options.no_body;
    let media = choose_media(&req.headers, &[Media::Json, Media::Html, Media::Text]).unwrap_or(Media::Json);
    let text = match media {
        Media::Html => {
            let ctx = minijinja::context! { b => &body };
            site.renderer.render("status.html", ctx).unwrap_or_default()
        }
        Media::Text => format!(
            "{code} {}\n{}{}",
            body.name.unwrap_or(""),
            body.page
                .as_ref()
                .map(|p| format!("About this code: {p}\n"))
                .unwrap_or_default(),
            body.note.as_ref().map(|n| format!("{n}\n")).unwrap_or_default()
        ),
        _ => serde_json::to_string_pretty(&body).unwrap_or_default() + "\n",
    };
    let len = text.len();
    let mut resp = if forbids_body || code == 205 {
        let mut r = Response::new(Body::empty());
        if code == 205 || (options.no_body && !matches!(code, 204 | 304)) {
            r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(0));
        }
        if req.method == Method::HEAD && !options.no_body && !matches!(code, 204 | 205 | 304) {
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
            r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        }
        r
    } else {
        let mut r = Response::new(Body::from(text));
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
        r
    };
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    for (name, value) in tied_headers(code, len) {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(header::VARY, HeaderValue::from_static("Accept, User-Agent"));
    for (name, value) in options.headers {
        h.insert(name, value);
    }
    cors(h);
    resp
}

/// `/status/{code}`, any method.
pub async fn status(State(site): State<Arc<Site>>, req: Request) -> Response {
    if let Some(r) = preflight(&req) {
        return r;
    }
    let asked = Asked::of(&req);
    let raw = req.uri().path().trim_start_matches("/status/").to_string();
    let code = match raw.parse::<u16>() {
        Ok(c) if raw.len() == 3 && (100..=599).contains(&c) => c,
        _ => {
            return bad(
                &site,
                &asked,
                StatusCode::NOT_FOUND,
                format!(
                    "/status/ takes a three-digit status code from 200 to 599, not {:?}",
                    truncate(&raw)
                ),
            );
        }
    };
    let options = match parse_options(req.uri().query().unwrap_or(""), req.headers()) {
        Ok(o) => o,
        Err(m) => return bad(&site, &asked, StatusCode::BAD_REQUEST, m),
    };
    drop(req);
    answer(&site, asked, code, options).await
}

/// Parses `200,201,500-504` or `200:3,500:1` into weighted choices.
pub fn parse_choices(spec: &str) -> Result<Vec<(u16, u32)>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (range, weight) = match part.split_once(':') {
            Some((r, w)) => (
                r,
                w.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|w| (1..=100).contains(w))
                    .ok_or_else(|| format!("weight in {:?} must be 1 to 100", truncate(part)))?,
            ),
            None => (part, 1),
        };
        let (a, b) = match range.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u16>(), b.trim().parse::<u16>()),
            None => (range.trim().parse::<u16>(), range.trim().parse::<u16>()),
        };
        let (Ok(a), Ok(b)) = (a, b) else {
            return Err(format!("{:?} is not a code or a range", truncate(part)));
        };
        if !(200..=599).contains(&a) || !(200..=599).contains(&b) || a > b {
            return Err(format!(
                "{:?}: codes must be 200 to 599, ranges low-high",
                truncate(part)
            ));
        }
        for c in a..=b {
            out.push((c, weight));
            if out.len() > MAX_RANDOM_CHOICES {
                return Err(format!("at most {MAX_RANDOM_CHOICES} codes in one list"));
            }
        }
    }
    if out.is_empty() {
        return Err("give at least one code, like /random/200,500".into());
    }
    Ok(out)
}

/// `/random/{codes}`, any method.
pub async fn random(State(site): State<Arc<Site>>, req: Request) -> Response {
    if let Some(r) = preflight(&req) {
        return r;
    }
    let asked = Asked::of(&req);
    let spec = percent_encoding::percent_decode_str(req.uri().path().trim_start_matches("/random/"))
        .decode_utf8_lossy()
        .into_owned();
    let choices = match parse_choices(&spec) {
        Ok(c) => c,
        Err(m) => return bad(&site, &asked, StatusCode::BAD_REQUEST, m),
    };
    let options = match parse_options(req.uri().query().unwrap_or(""), req.headers()) {
        Ok(o) => o,
        Err(m) => return bad(&site, &asked, StatusCode::BAD_REQUEST, m),
    };
    drop(req);
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut pick = fastrand::u32(0..total);
    let mut code = choices[0].0;
    for (c, w) in &choices {
        if pick < *w {
            code = *c;
            break;
        }
        pick -= w;
    }
    answer(&site, asked, code, options).await
}

#[derive(Serialize)]
struct Described {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body_bytes: u64,
    body_sha256: String,
}

/// `/anything` and `/anything/{path}`: the request described as JSON (never the body itself).
pub async fn anything(State(site): State<Arc<Site>>, req: Request) -> Response {
    if let Some(r) = preflight(&req) {
        return r;
    }
    // Refuse an oversized body from its declared length, before reading any of it: with
    // `Expect: 100-continue`, no 100 is sent and the client never uploads.
    let asked = Asked::of(&req);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_ANYTHING_BODY) {
        return too_large(&site, &asked);
    }
    if let Err(wait) = site.playground.take(asked.ip) {
        return rate_limited(&site, &asked, wait);
    }
    let (parts, body) = req.into_parts();
    let mut hasher = sha2::Sha256::new();
    let mut count: u64 = 0;
    let mut stream = body.into_data_stream();
    use futures_util::StreamExt;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else { break };
        count += chunk.len() as u64;
        if count > MAX_ANYTHING_BODY {
            return too_large(&site, &asked);
        }
        hasher.update(&chunk);
    }
    let described = Described {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: query_pairs(parts.uri.query().unwrap_or("")),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
        body_bytes: count,
        body_sha256: hasher.finalize().iter().map(|b| format!("{b:02x}")).collect(),
    };
    let body = serde_json::to_string_pretty(&described).unwrap_or_default() + "\n";
    let mut r = respond::dynamic(
        StatusCode::OK,
        Media::Json,
        body,
        &parts.method,
        "no-store",
        "Accept-Encoding",
    );
    cors(r.headers_mut());
    r
}

/// Server-wide `Expect` handling (RFC 9110 Section 10.1.1): an expectation other than
/// `100-continue` gets 417 at once, without reading the body. `100-continue` itself is left to
/// hyper, which sends `100 Continue` only when a handler starts reading the body; handlers that
/// answer from the headers alone (413, 404, a page) answer without a 100.
pub async fn expect_guard(req: Request, next: axum::middleware::Next) -> Response {
    let unmet = req.headers().get_all(header::EXPECT).iter().any(|v| {
        v.to_str().map_or(true, |s| {
            s.split(',')
                .map(str::trim)
                .any(|m| !m.is_empty() && !m.eq_ignore_ascii_case("100-continue"))
        })
    });
    if !unmet {
        return next.run(req).await;
    }
    let body = "417 Expectation Failed\nThis server supports only the 100-continue expectation (RFC 9110 Section 10.1.1).\nSend the request again without the Expect header, or with Expect: 100-continue.\n";
    let mut r = (
        StatusCode::EXPECTATION_FAILED,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response();
    // The body was not read: close the connection rather than read and discard an upload.
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

#[derive(Debug, Serialize, serde::Deserialize, Default)]
struct PlaygroundForm {
    #[serde(default)]
    method: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    delay: String,
    #[serde(default)]
    header: String,
}

/// Methods the playground form offers.
const FORM_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Validates the form into a path on this site, or says what is wrong.
fn form_target(form: &PlaygroundForm) -> Result<String, String> {
    let status = form.status.trim();
    let mut target = if status.len() == 3 && status.bytes().all(|b| b.is_ascii_digit()) {
        if !status.parse::<u16>().is_ok_and(|c| (100..=599).contains(&c)) {
            return Err(format!("{status} is not a status code: use 200 to 599"));
        }
        format!("/status/{status}")
    } else {
        parse_choices(status)?;
        format!("/random/{}", status.replace(' ', ""))
    };
    let mut query = Vec::new();
    let delay = form.delay.trim();
    if !delay.is_empty() && delay != "0" {
        let ms: u64 = delay
            .parse()
            .map_err(|_| "the delay must be a whole number of milliseconds".to_string())?;
        if ms > MAX_DELAY_MS {
            return Err(format!("the delay is capped at {MAX_DELAY_MS} ms"));
        }
        query.push(format!("delay={ms}"));
    }
    if !form.header.trim().is_empty() {
        parse_options(&format!("header={}", enc(form.header.trim())), &HeaderMap::new())?;
        query.push(format!("header={}", enc(form.header.trim())));
    }
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query.join("&"));
    }
    Ok(target)
}

/// `/playground`: choose a method, status, delay and header; see the curl command; send it.
pub async fn page(State(site): State<Arc<Site>>, req: Request) -> Response {
    let mut form: PlaygroundForm = crate::serde_urlencoded_query(req.uri().query().unwrap_or(""));
    form.method = form.method.to_ascii_uppercase();
    if !FORM_METHODS.contains(&form.method.as_str()) {
        form.method = "GET".into();
    }
    let submitted = !form.status.trim().is_empty();
    if !submitted {
        form.status = "200".into();
    }
    let (target, error) = if submitted {
        match form_target(&form) {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(e)),
        }
    } else {
        (None, None)
    };
    // Only a plain host[:port] from the request goes into the curl command; anything else is
    // replaced, and the template escapes it either way.
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty() && h.len() < 100 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost:8080")
        .to_string();
    let curl = target.as_ref().map(|t| {
        let method = match form.method.as_str() {
            "GET" => String::new(),
            "HEAD" => " --head".into(),
            m => format!(" -X {m}"),
        };
        format!("curl -i{method} 'http://{host}{t}'")
    });
    let ctx = minijinja::context! {
        form => &form,
        methods => FORM_METHODS,
        max_delay => MAX_DELAY_MS,
        target => &target,
        curl => &curl,
        error => &error,
        demo_continue => format!("head -c 2000000 /dev/urandom > upload.bin\ncurl -v --data-binary @upload.bin http://{host}/anything"),
        demo_417 => format!("curl -v -H 'Expect: please-be-fast' --data-binary @upload.bin http://{host}/anything"),
        title => "API playground",
        description => "Any HTTP status on demand, delays, headers, and how Expect: 100-continue works.",
        canonical => "/playground",
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let media = choose_media(req.headers(), &Media::ALL).unwrap_or(Media::Html);
    let body = match media {
        Media::Json => Ok(serde_json::to_string_pretty(&serde_json::json!({"target": target, "curl": curl, "error": error})).unwrap_or_default() + "\n"),
        Media::Text => Ok(match (&curl, &error) {
            (Some(c), _) => format!("{c}\n"),
            (None, Some(e)) => format!("{e}\n"),
            _ => "Any status on demand: /status/{code}, /random/{codes}, /anything. Options: delay, header=Name:Value, body=none.\n".into(),
        }),
        _ => site.renderer.render("playground.html", ctx),
    };
    match body {
        Ok(b) => respond::dynamic(status, media, b, req.method(), "no-store", respond::VARY_NEGOTIATED),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The two live `Expect` demonstrations the playground page offers.
const DEMO_BODY: &str = "abcdefghijklmnopqrstuvwxyz";

/// `/playground/expect-demo?case=continue|unmet`: the server opens a connection to its own
/// listener, performs the exchange byte by byte and shows the transcript, since browsers may not
/// send `Expect` themselves. It only ever connects to its own listening address.
pub async fn expect_demo(State(site): State<Arc<Site>>, req: Request) -> Response {
    let asked = Asked::of(&req);
    let case: PlaygroundDemo = crate::serde_urlencoded_query(req.uri().query().unwrap_or(""));
    drop(req);
    let Some(addr) = site.listen_addr.get().copied() else {
        return bad(
            &site,
            &asked,
            StatusCode::SERVICE_UNAVAILABLE,
            "the demo needs the server's own listener, which this instance does not have".into(),
        );
    };
    if let Err(wait) = site.playground.take(asked.ip) {
        return rate_limited(&site, &asked, wait);
    }
    let expectation = match case.case.as_str() {
        "continue" | "" => "100-continue",
        "unmet" => "please-be-fast",
        other => {
            return bad(
                &site,
                &asked,
                StatusCode::BAD_REQUEST,
                format!("case must be continue or unmet, not {:?}", truncate(other)),
            );
        }
    };
    let transcript = match tokio::time::timeout(Duration::from_secs(5), demo_exchange(addr, expectation)).await {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => format!("The demo connection failed: {e}\n"),
        Err(_) => "The demo timed out.\n".to_string(),
    };
    respond::dynamic(
        StatusCode::OK,
        Media::Text,
        transcript,
        &asked.method,
        "no-store",
        "Accept-Encoding",
    )
}

#[derive(serde::Deserialize, Default)]
struct PlaygroundDemo {
    #[serde(default)]
    case: String,
}

async fn demo_exchange(addr: SocketAddr, expectation: &str) -> std::io::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let started = std::time::Instant::now();
    let ms = || started.elapsed().as_millis();
    let mut out = String::new();
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let head = format!(
        "POST /anything HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nExpect: {expectation}\r\nConnection: close\r\n\r\n",
        DEMO_BODY.len()
    );
    s.write_all(head.as_bytes()).await?;
    for line in head.trim_end().lines() {
        out.push_str(&format!("{:>5} ms  → {line}\n", ms()));
    }
    out.push_str(&format!(
        "{:>5} ms    (headers sent; the client now waits before sending its {} bytes)\n",
        ms(),
        DEMO_BODY.len()
    ));
    // Read the first response head, whatever it is.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !String::from_utf8_lossy(&buf).contains("\r\n\r\n") {
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (first, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    for line in first.lines() {
        out.push_str(&format!("{:>5} ms  ← {line}\n", ms()));
    }
    let mut remainder = rest.to_string();
    if first.starts_with("HTTP/1.1 100") {
        s.write_all(DEMO_BODY.as_bytes()).await?;
        out.push_str(&format!(
            "{:>5} ms  → {DEMO_BODY}   (the body, sent after 100 Continue)\n",
            ms()
        ));
        let mut tail = Vec::new();
        s.read_to_end(&mut tail).await?;
        remainder.push_str(&String::from_utf8_lossy(&tail));
        for line in remainder.lines() {
            out.push_str(&format!("{:>5} ms  ← {line}\n", ms()));
        }
        out.push_str(
            "\nThe server answered 100 Continue because it would read the body, then the final 200 describing it.\n",
        );
    } else {
        let mut tail = Vec::new();
        let _ = s.read_to_end(&mut tail).await;
        remainder.push_str(&String::from_utf8_lossy(&tail));
        for line in remainder.lines().filter(|l| !l.is_empty()) {
            out.push_str(&format!("{:>5} ms  ← {line}\n", ms()));
        }
        out.push_str(
            "\nThe server answered at once with a final status and closed the connection; the body was never sent.\n",
        );
    }
    Ok(out)
}
