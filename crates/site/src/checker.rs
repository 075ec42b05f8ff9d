//! The URL checker's web surfaces: `POST /api/v1/check`, and the `/url-checker` form that works
//! without JavaScript. Checks are rate-limited per client address and bounded in total.

use crate::errors::ErrorPage;
use crate::negotiate::{Media, choose_media};
use crate::{Site, respond};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderValue};
use http::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use siteerror_checker::{AddressPolicy, BulkOptions, CheckOptions, Checker, MethodChoice, UrlReport};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// At most this many URLs in one check request.
pub const MAX_URLS: usize = 20;
/// The largest request body accepted by the check endpoints.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Check requests one client may start per minute.
pub const PER_CLIENT_PER_MINUTE: f64 = 10.0;
/// Check requests running at once, over all clients.
pub const MAX_CONCURRENT_CHECKS: usize = 16;
/// Redirects a caller may ask for at most.
pub const MAX_REDIRECTS_LIMIT: usize = 20;
/// Time budget a caller may ask for, per URL, in milliseconds.
pub const TIMEOUT_MS_RANGE: (u64, u64) = (100, 30_000);

/// The checker as the server runs it.
pub struct CheckerService {
    checker: Checker,
    limiter: RateLimiter,
    slots: Arc<Semaphore>,
}

impl std::fmt::Debug for CheckerService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckerService")
            .field("checker", &self.checker)
            .finish()
    }
}

impl CheckerService {
    /// A service with `policy` (the server uses [`AddressPolicy::strict`] plus `--checker-allow`).
    pub fn new(policy: AddressPolicy, names: siteerror_checker::StatusNames) -> Self {
        let options = CheckOptions {
            total_timeout: Duration::from_secs(20),
            max_retry_wait: Duration::from_secs(3),
            ..CheckOptions::default()
        };
        CheckerService {
            checker: Checker::new(policy, options).with_status_names(names),
            limiter: RateLimiter::new(PER_CLIENT_PER_MINUTE),
            slots: Arc::new(Semaphore::new(MAX_CONCURRENT_CHECKS)),
        }
    }

    /// Uses another resolver (tests).
    pub fn with_resolver(mut self, resolver: Arc<dyn siteerror_checker::Resolve>) -> Self {
        self.checker = self.checker.with_resolver(resolver);
        self
    }
}

/// A token bucket per client address.
pub(crate) struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    pub(crate) fn new(per_minute: f64) -> Self {
        RateLimiter {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token, or says how many seconds until one is free.
    pub(crate) fn take(&self, ip: IpAddr) -> Result<(), u64> {
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let rate = self.per_minute / 60.0;
        if map.len() > 100_000 {
            // Forget clients whose bucket has refilled: they are no different from new ones.
            let full = Duration::from_secs_f64(self.per_minute / rate);
            map.retain(|_, (_, t)| now.duration_since(*t) < full);
        }
        let (tokens, last) = map.entry(ip).or_insert((self.per_minute, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * rate).min(self.per_minute);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil() as u64)
        }
    }
}

/// The JSON body of `POST /api/v1/check`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// 1 to 20 URLs.
    pub urls: Vec<String>,
    /// Redirects to follow at most (default 10, up to 20).
    pub max_redirects: Option<usize>,
    /// `auto` (HEAD, then GET if needed), `head` or `get`.
    pub method: Option<String>,
    /// Time budget per URL in milliseconds (100 to 30000).
    pub timeout_ms: Option<u64>,
}

/// One URL's result as the API returns it.
#[derive(Debug, Serialize)]
pub struct CheckResult {
    /// The report.
    #[serde(flatten)]
    pub report: UrlReport,
    /// The chain, `a --[301]--> b --[200]`.
    pub chain: String,
    /// Status code pages for the statuses seen.
    pub links: HashMap<u16, String>,
}

fn result(site: &Site, report: UrlReport) -> CheckResult {
    let mut links = HashMap::new();
    let codes = report
        .hops
        .iter()
        .map(|h| h.status)
        .chain(report.findings.iter().filter_map(|f| f.code));
    for code in codes {
        if site.catalog.get(&code.to_string()).is_some() {
            links.insert(code, format!("/{code}"));
        }
    }
    CheckResult {
        chain: report.chain().to_string(),
        report,
        links,
    }
}

fn client_ip(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip())
}

/// Reads a JSON request body of at most `max` bytes: 415 (with `Accept-Post`) unless it is
/// `application/json`, 413 when too large, 400 when not JSON, 422 when it does not fit `T`.
pub(crate) async fn read_json_body<T: serde::de::DeserializeOwned>(
    site: &Site,
    headers: &http::HeaderMap,
    body: axum::body::Body,
    max: usize,
) -> Result<T, Response> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim_start().starts_with("application/json"));
    if !is_json {
        let mut r = json_error(
            site,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as application/json".into(),
            headers,
        );
        r.headers_mut().insert(
            http::HeaderName::from_static("accept-post"),
            HeaderValue::from_static("application/json"),
        );
        return Err(r);
    }
    let body = axum::body::to_bytes(body, max).await.map_err(|_| {
        json_error(
            site,
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body must be at most {max} bytes"),
            headers,
        )
    })?;
    serde_json::from_slice(&body).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            json_error(
                site,
                StatusCode::BAD_REQUEST,
                format!("the body is not valid JSON: {e}"),
                headers,
            )
        } else {
            json_error(
                site,
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("the JSON does not match the schema: {e}"),
                headers,
            )
        }
    })
}

pub(crate) fn json_error(site: &Site, status: StatusCode, message: String, req_headers: &http::HeaderMap) -> Response {
    site.error(
        status,
        ErrorPage {
            heading: message.clone(),
            message,
            json_only: true,
            ..ErrorPage::default()
        },
        req_headers,
        &Method::POST,
    )
}

/// Validates a request into URLs and options, or the 4xx to send.
fn validate(req: CheckRequest) -> Result<(Vec<String>, CheckOptions), String> {
    if req.urls.is_empty() || req.urls.len() > MAX_URLS {
        return Err(format!("urls must hold 1 to {MAX_URLS} URLs, not {}", req.urls.len()));
    }
    if let Some(bad) = req.urls.iter().find(|u| u.trim().is_empty() || u.len() > 2048) {
        return Err(format!(
            "every URL must be 1 to 2048 characters; got one of {}",
            bad.len()
        ));
    }
    let mut options = CheckOptions::default();
    if let Some(n) = req.max_redirects {
        if n > MAX_REDIRECTS_LIMIT {
            return Err(format!("max_redirects must be at most {MAX_REDIRECTS_LIMIT}"));
        }
        options.max_redirects = n;
    }
    options.method = match req.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("auto") => MethodChoice::Auto,
        Some("head") => MethodChoice::Head,
        Some("get") => MethodChoice::Get,
        Some(_) => return Err("method must be auto, head or get".into()),
    };
    if let Some(ms) = req.timeout_ms {
        if !(TIMEOUT_MS_RANGE.0..=TIMEOUT_MS_RANGE.1).contains(&ms) {
            return Err(format!(
                "timeout_ms must be between {} and {}",
                TIMEOUT_MS_RANGE.0, TIMEOUT_MS_RANGE.1
            ));
        }
        options.total_timeout = Duration::from_millis(ms);
        options.hop_timeout = options.hop_timeout.min(options.total_timeout);
    }
    Ok((req.urls, options))
}

/// Reserves a slot for one check request: rate limit, then the global bound.
#[allow(clippy::result_large_err)] // the error is the response to send, built once per refusal
fn admit(
    site: &Site,
    svc: &CheckerService,
    ip: IpAddr,
    headers: &http::HeaderMap,
) -> Result<tokio::sync::OwnedSemaphorePermit, Response> {
    if let Err(wait) = svc.limiter.take(ip) {
        let mut r = json_error(
            site,
            StatusCode::TOO_MANY_REQUESTS,
            format!("too many checks from your address; try again in {wait} s"),
            headers,
        );
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return Err(r);
    }
    svc.slots.clone().try_acquire_owned().map_err(|_| {
        let mut r = json_error(
            site,
            StatusCode::SERVICE_UNAVAILABLE,
            "the checker is busy; try again shortly".into(),
            headers,
        );
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(5));
        r
    })
}

async fn run(svc: &CheckerService, urls: Vec<String>, options: CheckOptions) -> Vec<UrlReport> {
    let checker = svc.checker.clone().with_options(options);
    let mut rx = checker.check_many(
        urls.clone(),
        &BulkOptions {
            concurrency: 8,
            per_host: 2,
            host_spacing: Duration::from_millis(100),
        },
    );
    let mut out: Vec<Option<UrlReport>> = vec![None; urls.len()];
    while let Some((i, r)) = rx.recv().await {
        out[i] = Some(r);
    }
    out.into_iter().flatten().collect()
}

/// `POST /api/v1/check`.
pub async fn api_check(State(site): State<Arc<Site>>, req: Request) -> Response {
    let headers = req.headers().clone();
    let Some(svc) = site.checker.as_ref() else {
        return json_error(
            &site,
            StatusCode::SERVICE_UNAVAILABLE,
            "the URL checker is not enabled on this server".into(),
            &headers,
        );
    };
    let ip = client_ip(&req);
    let parsed: CheckRequest = match read_json_body(&site, &headers, req.into_body(), MAX_BODY_BYTES).await {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let (urls, options) = match validate(parsed) {
        Ok(v) => v,
        Err(message) => return json_error(&site, StatusCode::UNPROCESSABLE_ENTITY, message, &headers),
    };
    let permit = match admit(&site, svc, ip, &headers) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let wants_stream = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/x-ndjson"));
    if wants_stream {
        return stream(site.clone(), urls, options, permit);
    }
    let reports = run(svc, urls, options).await;
    drop(permit);
    let results: Vec<CheckResult> = reports.into_iter().map(|r| result(&site, r)).collect();
    let body = serde_json::to_string_pretty(&serde_json::json!({ "results": results })).unwrap_or_default() + "\n";
    respond::dynamic(
        StatusCode::OK,
        Media::Json,
        body,
        &Method::POST,
        "no-store",
        respond::VARY_ENCODING,
    )
}

/// Newline-delimited JSON, one line per URL as it finishes (for the page's live results).
fn stream(
    site: Arc<Site>,
    urls: Vec<String>,
    options: CheckOptions,
    permit: tokio::sync::OwnedSemaphorePermit,
) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(MAX_URLS);
    tokio::spawn(async move {
        let _permit = permit;
        let Some(svc) = site.checker.as_ref() else { return };
        let checker = svc.checker.clone().with_options(options);
        let mut rx = checker.check_many(
            urls,
            &BulkOptions {
                concurrency: 8,
                per_host: 2,
                host_spacing: Duration::from_millis(100),
            },
        );
        while let Some((i, report)) = rx.recv().await {
            let line = serde_json::json!({ "index": i, "result": result(&site, report) });
            if tx.send(Ok(Bytes::from(line.to_string() + "\n"))).await.is_err() {
                break;
            }
        }
    });
    let body = Body::from_stream(tokio_stream_from(rx));
    (
        [
            (header::CONTENT_TYPE, "application/x-ndjson"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

#[derive(Deserialize, Default)]
struct FormInput {
    #[serde(default)]
    urls: String,
}

/// `POST /url-checker`: the form, without JavaScript. Answers the same page with results.
pub async fn form_check(State(site): State<Arc<Site>>, req: Request) -> Response {
    let headers = req.headers().clone();
    let ip = client_ip(&req);
    let media = choose_media(&headers, &Media::ALL).unwrap_or(Media::Html);
    let body = axum::body::to_bytes(req.into_body(), MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let form: FormInput = crate::serde_urlencoded_query(&String::from_utf8_lossy(&body));
    let urls: Vec<String> = form
        .urls
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let mut error = None;
    let mut results = Vec::new();
    match site.checker.as_ref() {
        None => error = Some("The URL checker is not enabled on this server.".to_string()),
        Some(_) if urls.is_empty() => error = Some("Enter at least one URL, one per line.".to_string()),
        Some(_) if urls.len() > MAX_URLS => {
            error = Some(format!("Enter at most {MAX_URLS} URLs; you entered {}.", urls.len()))
        }
        Some(svc) => match admit(&site, svc, ip, &headers) {
            Err(resp) => return resp,
            Ok(permit) => {
                let reports = run(svc, urls.clone(), CheckOptions::default()).await;
                drop(permit);
                results = reports.into_iter().map(|r| result(&site, r)).collect();
            }
        },
    }
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let ctx = minijinja::context! {
        results => &results, error => &error, urls => urls.join("\n"), max_urls => MAX_URLS,
        title => "URL checker", description => "Follow every redirect hop of up to 20 URLs.", canonical => "/url-checker",
    };
    let rendered = match media {
        Media::Json => Ok(
            serde_json::to_string_pretty(&serde_json::json!({ "results": results, "error": error }))
                .unwrap_or_default()
                + "\n",
        ),
        Media::Text => site.renderer.render("url_checker.txt", &ctx),
        _ => site.renderer.render("url_checker.html", &ctx),
    };
    match rendered {
        Ok(body) => respond::dynamic(status, media, body, &Method::POST, "no-store", respond::VARY_NEGOTIATED),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
