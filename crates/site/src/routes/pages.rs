//! Fixed pages from the response cache, the 404 for everything else, and the small routes
//! around them (`/code/{code}`, trailing slashes, `/healthz`).

use crate::Site;
use crate::error::SiteError;
use crate::headers::PAGE_ALLOW;
use crate::http::{methods, respond};
use crate::metrics::CacheOutcome;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderValue};
use http::{Method, StatusCode};
use std::sync::Arc;

/// Pre-rendered pages, and the 404 for everything else.
pub async fn fallback(State(site): State<Arc<Site>>, req: Request) -> Result<Response, SiteError> {
    let method = req.method();
    if !methods::is_known(method) {
        return Err(SiteError::NotImplemented { method: method.clone() });
    }
    let path = req.uri().path();
    let Some(resource) = site.pages().get(path) else {
        let trimmed = path.trim_end_matches('/');
        if path.len() > 1 && path.ends_with('/') && site.pages().get(trimmed).is_some() {
            return Ok(respond::permanent_redirect(trimmed));
        }
        return Err(SiteError::NotFound { path: path.to_string() });
    };
    match *method {
        Method::GET | Method::HEAD => {
            site.count_page(CacheOutcome::Fixed);
            Ok(site.serve_cached(resource, req.headers(), method))
        }
        Method::OPTIONS => Ok(respond::options(PAGE_ALLOW)),
        _ => Err(SiteError::MethodNotAllowed {
            method: method.clone(),
            allow: HeaderValue::from_static(PAGE_ALLOW),
        }),
    }
}

/// A pre-rendered page behind a route that also takes other methods (`/url-checker`).
pub async fn cached_page(State(site): State<Arc<Site>>, req: Request) -> Result<Response, SiteError> {
    let path = req.uri().path();
    let resource = site
        .pages()
        .get(path)
        .ok_or_else(|| SiteError::NotFound { path: path.to_string() })?;
    Ok(site.serve_cached(resource, req.headers(), req.method()))
}

/// `/compare/401-vs-407/` and `/quiz/{round}/`: 308 to the address without the slash, query kept.
pub async fn without_trailing_slash(req: Request) -> Response {
    let path = req.uri().path().trim_end_matches('/');
    match req.uri().query() {
        Some(q) => respond::permanent_redirect(&format!("{path}?{q}")),
        None => respond::permanent_redirect(path),
    }
}

/// `/code/{code}` is the original site's address for a code page: 308 to `/{code}`.
pub async fn code_redirect(State(site): State<Arc<Site>>, req: Request) -> Result<Response, SiteError> {
    let path = req.uri().path();
    let code = path.trim_start_matches("/code/").trim_end_matches('/');
    let target = format!("/{code}");
    if !code.is_empty() && !code.contains('/') && site.pages().get(&target).is_some() {
        return Ok(respond::permanent_redirect(&target));
    }
    Err(SiteError::NotFound { path: path.to_string() })
}

/// Liveness: answers as long as the server accepts and serves requests.
pub async fn healthz() -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "ok\n",
    )
        .into_response()
}
