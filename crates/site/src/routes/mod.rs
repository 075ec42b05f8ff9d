//! The router: which handler answers which path, and the [`edge`] every request passes through
//! (request-target limit, method policy, `Expect`, error pages, security headers, access log).

pub mod api;
pub mod checker;
pub mod compare;
mod edge;
pub mod pages;
pub mod playground;
pub mod quiz;
pub mod search;

use crate::Site;
use crate::error::SiteError;
use crate::http::methods;
use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, post};
use http::header::{self, HeaderValue};
use http::{Method, StatusCode};
use std::sync::Arc;

/// The whole site as an axum router.
pub fn app(site: Arc<Site>) -> Router {
    let routes = Router::new()
        .route("/search", routed(get(search::page)))
        .route("/code/{*code}", routed(get(pages::code_redirect)))
        .route("/healthz", routed(get(pages::healthz)))
        .route("/playground", routed(get(playground::form::page)))
        .route("/playground/expect-demo", routed(get(playground::expect::demo)))
        .route(
            "/url-checker",
            routed(get(pages::cached_page).post(checker::form_check)),
        )
        .route("/api/v1/check", routed(post(checker::api_check)))
        .route("/compare", routed(get(compare::index)))
        .route("/compare/{pair}", routed(get(compare::page)))
        .route("/compare/{pair}/", routed(get(pages::without_trailing_slash)))
        .route("/quiz/{round}/", routed(get(pages::without_trailing_slash)))
        .route("/api/v1/compare/{a}/{b}", routed(get(compare::api)))
        .route("/quiz/new", routed(get(quiz::new_round)))
        .route("/quiz/{round}", routed(get(quiz::play)))
        .route("/api/v1/quiz", routed(get(quiz::api_round)))
        .route("/api/v1/quiz/answer", routed(post(quiz::api_answer)))
        .route("/api/v1/codes", routed(get(api::codes)))
        .route("/api/v1/search", routed(get(api::search)))
        .route("/status/{*code}", any(playground::status::status))
        .route("/random/{*codes}", any(playground::status::random))
        .route("/anything", any(playground::anything::anything))
        .route("/anything/{*path}", any(playground::anything::anything))
        .fallback(pages::fallback)
        .with_state(site.clone());
    // The edge wraps the whole router (not each route), so it sees a route's 405 after the
    // router has added its `Allow`.
    Router::new().fallback_service(edge::Edge::new(site, routes))
}

/// Marks the router's own answer to a method a route does not take.
#[derive(Clone, Copy)]
struct MethodMismatch;

/// A routed resource: a method it does not take reaches [`method_policy`] as a marked 405, to
/// which the router adds `Allow`.
fn routed(methods: MethodRouter<Arc<Site>>) -> MethodRouter<Arc<Site>> {
    methods.fallback(|| async {
        let mut resp = StatusCode::METHOD_NOT_ALLOWED.into_response();
        resp.extensions_mut().insert(MethodMismatch);
        resp
    })
}

/// On top of the router's own 405 for routed resources (which lists the route's methods in
/// `Allow`): 501 for methods HTTP does not define, 204 with `Allow` for OPTIONS, and our 405
/// page. Handlers' own 405s (the playground's `/status/405`) pass through.
fn method_policy(method: &Method, resp: Response) -> Response {
    if resp.extensions().get::<MethodMismatch>().is_none() {
        return resp;
    }
    if !methods::is_known(method) {
        return SiteError::NotImplemented { method: method.clone() }.into_response();
    }
    let routed = resp
        .headers()
        .get(header::ALLOW)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("GET, HEAD");
    let mut allow: Vec<&str> = routed.split(',').map(str::trim).filter(|m| !m.is_empty()).collect();
    allow.push("OPTIONS");
    let allow = HeaderValue::from_str(&allow.join(", ")).unwrap_or(HeaderValue::from_static("GET, HEAD, OPTIONS"));
    if method == Method::OPTIONS {
        return (StatusCode::NO_CONTENT, [(header::ALLOW, allow)]).into_response();
    }
    SiteError::MethodNotAllowed {
        method: method.clone(),
        allow,
    }
    .into_response()
}
