//! The JSON API under `/api/v1`. Fixed documents (every entry, one entry, the OpenAPI file) are
//! pre-rendered in the response cache; the routes here handle queries.

use crate::errors::ErrorPage;
use crate::views::{self, ApiEntry};
use crate::{Site, respond, serde_urlencoded_query};
use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::get;
use http::StatusCode;
use siteerror_catalog::{Class, Source};
use std::sync::Arc;

/// The API's routed endpoints.
pub fn routes() -> Router<Arc<Site>> {
    Router::new()
        .route("/api/v1/codes", get(codes))
        .route("/api/v1/search", get(search))
}

#[derive(serde::Deserialize, Default)]
struct CodesQuery {
    class: Option<String>,
    source: Option<String>,
}

fn bad_request(site: &Site, req: &Request, message: String) -> Response {
    let page = ErrorPage {
        heading: "Bad request".into(),
        message,
        json_only: true,
        ..ErrorPage::default()
    };
    site.error(StatusCode::BAD_REQUEST, page, req.headers(), req.method())
}

fn json_response(req: &Request, body: String) -> Response {
    respond::dynamic(
        StatusCode::OK,
        crate::negotiate::Media::Json,
        body,
        req.method(),
        crate::pages::PAGE_CACHE_CONTROL,
        respond::VARY_ENCODING,
    )
}

/// `GET /api/v1/codes?class=4xx&source=iana`: every entry, optionally filtered.
async fn codes(State(site): State<Arc<Site>>, req: Request) -> Response {
    let query = req.uri().query().unwrap_or("");
    if query.is_empty()
        && let Some(res) = site.cache.get("/api/v1/codes")
        && let Ok(resp) = respond::cached(res, req.headers(), req.method())
    {
        return resp;
    }
    let q: CodesQuery = serde_urlencoded_query(query);
    let class = match q.class.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => match Class::from_id(c) {
            Some(class) => Some(class),
            None => {
                return bad_request(
                    &site,
                    &req,
                    format!(
                        "class must be one of 1xx, 2xx, 3xx, 4xx, 5xx; got {:?}",
                        c.chars().take(20).collect::<String>()
                    ),
                );
            }
        },
    };
    let source = match q.source.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match Source::from_id(s) {
            Some(source) => Some(source),
            None => {
                let ids: Vec<&str> = Source::ALL.iter().map(|s| s.id()).collect();
                return bad_request(
                    &site,
                    &req,
                    format!(
                        "source must be one of {}; got {:?}",
                        ids.join(", "),
                        s.chars().take(20).collect::<String>()
                    ),
                );
            }
        },
    };
    let list: Vec<ApiEntry> = site
        .catalog
        .entries()
        .iter()
        .filter(|e| class.is_none_or(|c| e.class() == Some(c)))
        .filter(|e| source.is_none_or(|s| e.source == s))
        .map(ApiEntry::new)
        .collect();
    json_response(&req, serde_json::to_string_pretty(&list).unwrap_or_default() + "\n")
}

#[derive(serde::Deserialize, Default)]
struct SearchQuery {
    q: Option<String>,
}

/// `GET /api/v1/search?q=`: results best first, with "did you mean" suggestions.
async fn search(State(site): State<Arc<Site>>, req: Request) -> Response {
    let q: SearchQuery = serde_urlencoded_query(req.uri().query().unwrap_or(""));
    let Some(q) = q.q.filter(|q| !q.trim().is_empty()) else {
        return bad_request(
            &site,
            &req,
            "the q parameter is required, like /api/v1/search?q=not+found".into(),
        );
    };
    let view = views::search(&site.catalog, &q);
    json_response(&req, serde_json::to_string_pretty(&view).unwrap_or_default() + "\n")
}
