//! The JSON API's routed endpoints under `/api/v1`. Fixed documents (every entry, one entry,
//! the OpenAPI file) come from the response cache; the routes here answer queries.

use crate::Site;
use crate::cache::PAGE_CACHE_CONTROL;
use crate::error::SiteError;
use crate::headers::VARY_ENCODING;
use crate::http::query::Query;
use crate::http::respond;
use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, Method, StatusCode};
use siteerror_catalog::{Class, Source};
use siteerror_present::Media;
use siteerror_present::json::pretty;
use siteerror_present::views::{self, ApiEntry};
use std::sync::Arc;

/// `/api/v1/codes`'s filters.
#[derive(serde::Deserialize, Default)]
pub struct CodesQuery {
    class: Option<String>,
    source: Option<String>,
}

fn json_response(method: &Method, body: String) -> Response {
    respond::dynamic(
        StatusCode::OK,
        Media::Json,
        body,
        method,
        PAGE_CACHE_CONTROL,
        VARY_ENCODING,
    )
}

fn shown(s: &str) -> String {
    s.chars().take(20).collect()
}

/// `GET /api/v1/codes?class=4xx&source=iana`: every entry, optionally filtered.
pub async fn codes(
    State(site): State<Arc<Site>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<CodesQuery>,
) -> Result<Response, SiteError> {
    let class = q.class.as_deref().filter(|c| !c.is_empty());
    let source = q.source.as_deref().filter(|s| !s.is_empty());
    if class.is_none()
        && source.is_none()
        && let Some(res) = site.pages().get("/api/v1/codes")
    {
        return Ok(site.serve_cached(res, &headers, &method));
    }
    let class = class
        .map(|c| {
            Class::from_id(c).ok_or_else(|| {
                SiteError::bad_request(format!(
                    "class must be one of 1xx, 2xx, 3xx, 4xx, 5xx; got {:?}",
                    shown(c)
                ))
            })
        })
        .transpose()?;
    let source = source
        .map(|s| {
            Source::from_id(s).ok_or_else(|| {
                let ids: Vec<&str> = Source::ALL.iter().map(|s| s.id()).collect();
                SiteError::bad_request(format!("source must be one of {}; got {:?}", ids.join(", "), shown(s)))
            })
        })
        .transpose()?;
    let list: Vec<ApiEntry> = site
        .catalog()
        .entries()
        .iter()
        .filter(|e| class.is_none_or(|c| e.class() == Some(c)))
        .filter(|e| source.is_none_or(|s| e.source == s))
        .map(ApiEntry::new)
        .collect();
    let body = pretty(&list).map_err(|e| SiteError::internal("listing entries", e))?;
    Ok(json_response(&method, body))
}

/// `/api/v1/search`'s parameter.
#[derive(serde::Deserialize, Default)]
pub struct SearchQuery {
    q: Option<String>,
}

/// `GET /api/v1/search?q=`: results best first, with "did you mean" suggestions.
pub async fn search(
    State(site): State<Arc<Site>>,
    method: Method,
    Query(q): Query<SearchQuery>,
) -> Result<Response, SiteError> {
    let Some(q) = q.q.filter(|q| !q.trim().is_empty()) else {
        return Err(SiteError::bad_request(
            "the q parameter is required, like /api/v1/search?q=not+found",
        ));
    };
    let view = views::search(site.catalog(), &q);
    let body = pretty(&view).map_err(|e| SiteError::internal("searching", e))?;
    Ok(json_response(&method, body))
}

#[cfg(test)]
mod tests {
    use crate::limits::{CHECKER_MAX_REDIRECTS, CHECKER_MAX_URLS, CHECKER_TIMEOUT_MS_RANGE};

    /// The API description states the server's limits; they are defined once, in `limits`.
    #[test]
    fn the_openapi_description_states_the_checker_limits() {
        let doc: serde_json::Value = serde_json::from_str(siteerror_present::assets::OPENAPI).unwrap();
        let req = &doc["components"]["schemas"]["CheckRequest"]["properties"];
        assert_eq!(req["urls"]["maxItems"], CHECKER_MAX_URLS);
        assert_eq!(req["max_redirects"]["maximum"], CHECKER_MAX_REDIRECTS);
        assert_eq!(req["timeout_ms"]["minimum"], CHECKER_TIMEOUT_MS_RANGE.0);
        assert_eq!(req["timeout_ms"]["maximum"], CHECKER_TIMEOUT_MS_RANGE.1);
    }
}
