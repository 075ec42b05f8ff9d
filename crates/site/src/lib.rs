//! The siteerror web site: pages rendered once at start-up into a response cache, content
//! negotiation (HTML, JSON, text), the JSON API, and exemplary errors of our own.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod cache;
pub mod cheat;
pub mod checker;
pub mod compare;
pub mod errors;
pub mod negotiate;
pub mod pages;
pub mod playground;
pub mod quiz;
pub mod render;
pub mod respond;
pub mod snippets;
pub mod text;
pub mod views;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header::{self, HeaderValue};
use http::{Method, StatusCode};
use siteerror_catalog::{Catalog, Class};
use std::sync::Arc;

pub use cache::ResponseCache;
pub use render::{RenderError, Renderer};

/// The methods of routed resources other than GET and HEAD (OPTIONS is answered for every one).
const ROUTED_METHODS: &[(&str, &str)] = &[
    ("/api/v1/check", "POST"),
    ("/api/v1/quiz/answer", "POST"),
    ("/url-checker", "GET, HEAD, POST"),
];

/// Request targets longer than this many bytes get 414 (no page has an address near it).
pub const MAX_TARGET_BYTES: usize = 2048;

/// Everything the server needs, built once at start-up.
#[derive(Debug)]
pub struct Site {
    /// The validated catalog.
    pub catalog: Catalog,
    /// The templates.
    pub renderer: Renderer,
    /// Every pre-rendered page.
    pub cache: ResponseCache,
    /// The URL checker, with the server's address policy.
    pub checker: Option<checker::CheckerService>,
    /// The playground's limits.
    pub playground: playground::Playground,
    /// The address the server listens on, once bound (the Expect demo connects to it).
    pub listen_addr: std::sync::OnceLock<std::net::SocketAddr>,
    /// Comparisons without a curated page, kept once rendered.
    pub kept_comparisons: compare::KeptComparisons,
}

impl Site {
    /// Renders every page of `catalog`.
    pub fn new(catalog: Catalog) -> Result<Site, RenderError> {
        let mut renderer = Renderer::new()?;
        renderer.add_global("stylesheet", pages::stylesheet_path());
        renderer.add_global("checker_js", pages::checker_js_path());
        renderer.add_global("playground_js", pages::playground_js_path());
        renderer.add_global("quiz_js", pages::quiz_js_path());
        renderer.add_global("nav_classes", Class::ALL.map(|c| (c.id(), c.label())));
        let cache = pages::build(&catalog, &renderer)?;
        let mut site = Site {
            catalog,
            renderer,
            cache,
            checker: None,
            playground: playground::Playground::default(),
            listen_addr: std::sync::OnceLock::new(),
            kept_comparisons: compare::KeptComparisons::default(),
        };
        site.checker = Some(site.checker_service(siteerror_checker::AddressPolicy::strict()));
        Ok(site)
    }

    /// A checker service with `policy`, naming statuses from the catalog.
    pub fn checker_service(&self, policy: siteerror_checker::AddressPolicy) -> checker::CheckerService {
        let names: std::collections::HashMap<u16, String> = self
            .catalog
            .entries()
            .iter()
            .filter(|e| e.source == siteerror_catalog::Source::Iana)
            .map(|e| (e.code, e.name.clone()))
            .collect();
        checker::CheckerService::new(policy, Arc::new(move |code| names.get(&code).cloned()))
    }
}

impl Site {
    /// Serves a cached resource for GET or HEAD, or our 406 when no representation fits.
    pub fn serve_cached(
        &self,
        resource: &cache::CachedResource,
        headers: &http::HeaderMap,
        method: &Method,
    ) -> Response {
        match respond::cached(resource, headers, method) {
            Ok(resp) => resp,
            Err(respond::Unservable::NotAcceptable(media)) => self.not_acceptable(&media, headers, method),
        }
    }

    /// Serves the cached resource at `path`, or our 404.
    pub fn serve_path(&self, path: &str, headers: &http::HeaderMap, method: &Method) -> Response {
        match self.cache.get(path) {
            Some(resource) => self.serve_cached(resource, headers, method),
            None => self.not_found(path, headers, method),
        }
    }
}

/// The whole site as an axum router.
pub fn app(site: Arc<Site>) -> Router {
    Router::new()
        .route("/search", get(search_page))
        .route("/code/{*code}", get(code_redirect))
        .route("/healthz", get(healthz))
        .route("/playground", get(playground::page))
        .route("/playground/expect-demo", get(playground::expect_demo))
        .route("/url-checker", get(cached_page).post(checker::form_check))
        .route("/api/v1/check", axum::routing::post(checker::api_check))
        .route("/compare", get(compare::index))
        .route("/compare/{pair}", get(compare::page))
        .route("/compare/{pair}/", get(without_trailing_slash))
        .route("/quiz/{round}/", get(without_trailing_slash))
        .route("/api/v1/compare/{a}/{b}", get(compare::api))
        .route("/quiz/new", get(quiz::new_round))
        .route("/quiz/{round}", get(quiz::play))
        .route("/api/v1/quiz", get(quiz::api_round))
        .route("/api/v1/quiz/answer", axum::routing::post(quiz::api_answer))
        .merge(api::routes())
        .route_layer(middleware::from_fn_with_state(site.clone(), method_policy))
        .route("/status/{*code}", axum::routing::any(playground::status))
        .route("/random/{*codes}", axum::routing::any(playground::random))
        .route("/anything", axum::routing::any(playground::anything))
        .route("/anything/{*path}", axum::routing::any(playground::anything))
        .fallback(pages)
        .layer(middleware::from_fn(playground::expect_guard))
        .layer(middleware::map_response(with_security_headers))
        .with_state(site)
}

async fn with_security_headers(mut resp: Response) -> Response {
    // Cached responses carry them already; one lookup tells.
    if !resp.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        respond::security_headers(resp.headers_mut());
    }
    resp
}

/// For routed (dynamic) resources: 501 for unrecognized methods, OPTIONS answered from the
/// route's methods, and our own 405 page in place of the router's empty one.
async fn method_policy(State(site): State<Arc<Site>>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let headers = req.headers().clone();
    let json_only = req.uri().path().starts_with("/api/");
    let path = req.uri().path().to_string();
    if !respond::is_known_method(&method) {
        return site.not_implemented(&headers, &method);
    }
    let resp = next.run(req).await;
    if resp.status() != StatusCode::METHOD_NOT_ALLOWED {
        return resp;
    }
    let allow = format!(
        "{}, OPTIONS",
        ROUTED_METHODS
            .iter()
            .find(|(p, _)| *p == path)
            .map_or("GET, HEAD", |(_, m)| *m)
    );
    if method == Method::OPTIONS {
        return options(&allow);
    }
    site.method_not_allowed(&allow, &headers, &method, json_only)
}

fn options(allow: &str) -> Response {
    match HeaderValue::from_str(allow) {
        Ok(v) => (StatusCode::NO_CONTENT, [(header::ALLOW, v)]).into_response(),
        Err(_) => StatusCode::NO_CONTENT.into_response(),
    }
}

/// Pre-rendered pages, and the 404 for everything else.
async fn pages(State(site): State<Arc<Site>>, req: Request) -> Response {
    let (method, headers) = (req.method(), req.headers());
    let target_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target_len > MAX_TARGET_BYTES {
        return site.uri_too_long(headers, method);
    }
    if !respond::is_known_method(method) {
        return site.not_implemented(headers, method);
    }
    let path = req.uri().path();
    let Some(resource) = site.cache.get(path) else {
        if path.len() > 1 && path.ends_with('/') && site.cache.get(path.trim_end_matches('/')).is_some() {
            return permanent_redirect(path.trim_end_matches('/'));
        }
        return site.not_found(path, headers, method);
    };
    match *method {
        Method::GET | Method::HEAD => site.serve_cached(resource, headers, method),
        Method::OPTIONS => options(respond::PAGE_ALLOW),
        _ => site.method_not_allowed(respond::PAGE_ALLOW, headers, method, path.starts_with("/api/")),
    }
}

/// A pre-rendered page behind a route that also takes other methods (`/url-checker`).
async fn cached_page(State(site): State<Arc<Site>>, req: Request) -> Response {
    site.serve_path(req.uri().path(), req.headers(), req.method())
}

/// 308 to a path on this site (the target keeps the method).
pub fn permanent_redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// `/compare/401-vs-407/` and `/quiz/{round}/`: 308 to the address without the slash, query kept.
async fn without_trailing_slash(req: Request) -> Response {
    let path = req.uri().path().trim_end_matches('/');
    match req.uri().query() {
        Some(q) => permanent_redirect(&format!("{path}?{q}")),
        None => permanent_redirect(path),
    }
}

/// `/code/{code}` is the original site's address for a code page: 308 to `/{code}`.
async fn code_redirect(State(site): State<Arc<Site>>, req: Request) -> Response {
    let path = req.uri().path();
    let code = path.trim_start_matches("/code/").trim_end_matches('/');
    let target = format!("/{code}");
    if !code.is_empty() && !code.contains('/') && site.cache.get(&target).is_some() {
        return permanent_redirect(&target);
    }
    site.not_found(path, req.headers(), req.method())
}

async fn healthz() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        "ok\n",
    )
        .into_response()
}

#[derive(serde::Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// `/search?q=`: works without JavaScript; negotiated like every page.
async fn search_page(State(site): State<Arc<Site>>, req: Request) -> Response {
    let query = req.uri().query().unwrap_or("");
    let q: SearchQuery = serde_urlencoded_query(query);
    let view = views::search(&site.catalog, &q.q);
    let media = negotiate::choose_media(req.headers(), &negotiate::Media::ALL).unwrap_or(negotiate::Media::Html);
    let ctx = minijinja::context! {
        s => &view,
        query => &view.query,
        title => if view.query.is_empty() { "Search".to_string() } else { format!("Search: {}", view.query) },
        description => "Search HTTP status codes by number, class, name or keyword.",
        canonical => "/search",
    };
    let body = match media {
        negotiate::Media::Json => Ok(serde_json::to_string_pretty(&view).unwrap_or_default() + "\n"),
        negotiate::Media::Text => site.renderer.render("search.txt", ctx),
        _ => site.renderer.render("search.html", ctx),
    };
    match body {
        Ok(body) => respond::dynamic(
            StatusCode::OK,
            media,
            body,
            req.method(),
            "public, max-age=300",
            respond::VARY_NEGOTIATED,
        ),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Splits a query string into decoded pairs, in order: bad percent-encoding is decoded lossily,
/// never rejected.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    let dec = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (dec(k), dec(v))
        })
        .collect()
}

/// Parses a query string leniently into `T` (the last value of a repeated key wins).
pub(crate) fn serde_urlencoded_query<T: serde::de::DeserializeOwned + Default>(query: &str) -> T {
    let pairs = query_pairs(query);
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default()
}
