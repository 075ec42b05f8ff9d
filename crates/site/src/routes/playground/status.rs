//! `/status/{code}` and `/random/{codes}`: any status on demand, with the headers its RFC ties
//! to it and a short note as the body (except where the status or the method forbids one).

use super::options::{Options, parse_options};
use super::prebuilt::StatusAnswer;
use super::{cors, preflight, refuse, shown};
use crate::Site;
use crate::error::SiteError;
use crate::http::client::ClientAddr;
use crate::http::negotiate::choose_media;
use crate::http::security::add_security_headers;
use crate::limits::RANDOM_MAX_CHOICES;
use axum::extract::{Request, State};
use axum::response::Response;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode, Uri};
use siteerror_catalog::Source;
use siteerror_present::Media;
use siteerror_present::playground::StatusNote;
use std::sync::Arc;

/// `Vary` of a live endpoint's answer.
const VARY_PLAYGROUND: &str = "Accept, User-Agent, X-SiteError-Delay, X-SiteError-Header, X-SiteError-Body";

/// What the answer needs of the request once its body is gone (`Request` is not `Sync`, so it
/// cannot be held across an await).
struct Asked {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    client: ClientAddr,
}

/// The headers a response with `code` carries on the playground (RFC-required or recommended).
fn tied_headers(code: u16, body_len: usize) -> Vec<(HeaderName, String)> {
    let realm = "Basic realm=\"siteerror playground\", charset=\"UTF-8\"".to_string();
    match code {
        300 | 301 | 302 | 303 | 307 | 308 => vec![(header::LOCATION, "/status/200".into())],
        304 => vec![
            (header::ETAG, "\"playground\"".into()),
            (header::CACHE_CONTROL, "private, max-age=60".into()),
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

/// The note a live endpoint sends about `code`.
fn note_for(site: &Site, code: u16, status: StatusCode) -> StatusNote {
    let meanings = site.catalog().meanings(&code.to_string());
    let iana = meanings.iter().find(|e| e.source == Source::Iana);
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
    StatusNote {
        code,
        name: iana
            .map(|e| e.name.clone())
            .or(status.canonical_reason().map(str::to_string)),
        page: (!meanings.is_empty()).then(|| format!("/{code}")),
        note,
    }
}

async fn answer(site: &Site, req: Asked, code: u16, options: Options) -> Result<Response, SiteError> {
    if (100..200).contains(&code) {
        return Err(SiteError::bad_request(format!(
            "{code} is an interim (1xx) status: it can precede a final response but never be one, so no server can answer with it alone. 100 Continue is sent when a request carries Expect: 100-continue and the server will read the body (try curl -H 'Expect: 100-continue' --data-binary @file against /anything); 103 Early Hints carries Link headers before the final response."
        )));
    }
    site.playground.take(req.client.key())?;
    if !options.delay.is_zero() {
        let _held = site.playground.hold()?;
        // If the client goes away, hyper drops this future and the wait ends with it.
        tokio::time::sleep(options.delay).await;
    }
    let media = choose_media(&req.headers, &[Media::Json, Media::Html, Media::Text]).unwrap_or(Media::Json);
    let answer = if options.is_plain() && (req.method == Method::GET || req.method == Method::HEAD) {
        let head = req.method == Method::HEAD;
        site.playground
            .prebuilt
            .answer(code, media, head, || prebuild(site, &req.method, code, media))?
    } else {
        build(site, &req.method, code, media, options)?
    };
    Ok(answer.into_response())
}

/// The answer to a request without options, as it leaves the server: with the security headers,
/// which the edge would add.
fn prebuild(site: &Site, method: &Method, code: u16, media: Media) -> Result<StatusAnswer, SiteError> {
    let mut answer = build(site, method, code, media, Options::default())?;
    add_security_headers(&mut answer.headers);
    Ok(answer)
}

/// The answer with `code` in `media` to `method` with `options`.
fn build(site: &Site, method: &Method, code: u16, media: Media, options: Options) -> Result<StatusAnswer, SiteError> {
    let status = StatusCode::from_u16(code).map_err(|e| SiteError::bad_request(e.to_string()))?;
    let note = note_for(site, code, status);
    let forbids_body = matches!(code, 204 | 205 | 304) || method == Method::HEAD || options.no_body;
    let text = note
        .render(site.renderer(), media)
        .map_err(|e| SiteError::internal("rendering a playground answer", e))?;
    let len = text.len();
    let mut h = HeaderMap::new();
    let body = if forbids_body {
        if code == 205 || (options.no_body && !matches!(code, 204 | 304)) {
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(0));
        }
        if method == Method::HEAD && !options.no_body && !matches!(code, 204 | 205 | 304) {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        }
        Bytes::new()
    } else {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
        Bytes::from(text)
    };
    for (name, value) in tied_headers(code, len) {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    for (name, value) in options.headers {
        h.insert(name, value);
    }
    // Everything that shaped this answer: the representation, and the options, which may come
    // from request headers. A caller's own Vary is kept after ours.
    let vary = match h.get(header::VARY).and_then(|v| v.to_str().ok()) {
        Some(theirs) => HeaderValue::from_str(&format!("{VARY_PLAYGROUND}, {theirs}"))
            .unwrap_or(HeaderValue::from_static(VARY_PLAYGROUND)),
        None => HeaderValue::from_static(VARY_PLAYGROUND),
    };
    h.insert(header::VARY, vary);
    cors(&mut h);
    Ok(StatusAnswer {
        status,
        headers: h,
        body,
    })
}

fn asked(req: Request) -> Asked {
    let (parts, _) = req.into_parts();
    let client = ClientAddr::of(&parts);
    Asked {
        method: parts.method,
        uri: parts.uri,
        headers: parts.headers,
        client,
    }
}

/// `/status/{code}`, any method.
pub async fn status(State(site): State<Arc<Site>>, req: Request) -> Response {
    if let Some(r) = preflight(req.method(), req.headers()) {
        return r;
    }
    let asked = asked(req);
    let raw = asked.uri.path().trim_start_matches("/status/");
    let code = match raw.parse::<u16>() {
        Ok(c) if raw.len() == 3 && (100..=599).contains(&c) => c,
        _ => {
            return refuse(SiteError::refused(
                StatusCode::NOT_FOUND,
                format!(
                    "/status/ takes a three-digit status code from 200 to 599, not {:?}",
                    shown(raw)
                ),
            ));
        }
    };
    let options = match parse_options(asked.uri.query().unwrap_or(""), &asked.headers) {
        Ok(o) => o,
        Err(m) => return refuse(SiteError::bad_request(m)),
    };
    answer(&site, asked, code, options).await.unwrap_or_else(refuse)
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
                    .ok_or_else(|| format!("weight in {:?} must be 1 to 100", shown(part)))?,
            ),
            None => (part, 1),
        };
        let (a, b) = match range.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u16>(), b.trim().parse::<u16>()),
            None => (range.trim().parse::<u16>(), range.trim().parse::<u16>()),
        };
        let (Ok(a), Ok(b)) = (a, b) else {
            return Err(format!("{:?} is not a code or a range", shown(part)));
        };
        if !(200..=599).contains(&a) || !(200..=599).contains(&b) || a > b {
            return Err(format!("{:?}: codes must be 200 to 599, ranges low-high", shown(part)));
        }
        for c in a..=b {
            out.push((c, weight));
            if out.len() > RANDOM_MAX_CHOICES {
                return Err(format!("at most {RANDOM_MAX_CHOICES} codes in one list"));
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
    if let Some(r) = preflight(req.method(), req.headers()) {
        return r;
    }
    let asked = asked(req);
    let spec =
        percent_encoding::percent_decode_str(asked.uri.path().trim_start_matches("/random/")).decode_utf8_lossy();
    let choices = match parse_choices(&spec) {
        Ok(c) => c,
        Err(m) => return refuse(SiteError::bad_request(m)),
    };
    let options = match parse_options(asked.uri.query().unwrap_or(""), &asked.headers) {
        Ok(o) => o,
        Err(m) => return refuse(SiteError::bad_request(m)),
    };
    let total: u32 = choices.iter().map(|(_, w)| w).sum();
    let mut pick = fastrand::u32(0..total.max(1));
    let mut code = choices.first().map_or(200, |c| c.0);
    for (c, w) in &choices {
        if pick < *w {
            code = *c;
            break;
        }
        pick -= w;
    }
    answer(&site, asked, code, options).await.unwrap_or_else(refuse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SiteConfig;
    use crate::http::security::ensure_security_headers;

    fn fields(h: &HeaderMap) -> Vec<(String, HeaderValue)> {
        h.iter().map(|(n, v)| (n.to_string(), v.clone())).collect()
    }

    #[test]
    fn a_kept_answer_is_the_answer_built_fresh() {
        let site = Site::new(siteerror_catalog::Catalog::embedded().unwrap(), SiteConfig::default()).unwrap();
        for code in 200..=599 {
            for media in [Media::Json, Media::Html, Media::Text] {
                for method in [Method::GET, Method::HEAD] {
                    let head = method == Method::HEAD;
                    let prebuilt = &site.playground.prebuilt;
                    let first = prebuilt
                        .answer(code, media, head, || prebuild(&site, &method, code, media))
                        .unwrap();
                    let kept = prebuilt
                        .answer(code, media, head, || panic!("{code} {media:?} {method} was not kept"))
                        .unwrap();
                    // Fresh, as the edge finishes it.
                    let mut fresh = build(&site, &method, code, media, Options::default()).unwrap();
                    ensure_security_headers(&mut fresh.headers);
                    for got in [first, kept] {
                        assert_eq!(got.status, fresh.status, "{code} {media:?} {method}");
                        assert_eq!(
                            fields(&got.headers),
                            fields(&fresh.headers),
                            "{code} {media:?} {method}"
                        );
                        assert_eq!(got.body, fresh.body, "{code} {media:?} {method}");
                    }
                }
            }
        }
    }
}
