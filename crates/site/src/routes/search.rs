//! `/search?q=`: works without JavaScript, negotiated like every page.

use crate::Site;
use crate::error::SiteError;
use crate::headers::VARY_NEGOTIATED;
use crate::http::negotiate::choose_media;
use crate::http::query::Query;
use crate::http::respond;
use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, Method, StatusCode};
use siteerror_present::Media;
use siteerror_present::views;
use std::sync::Arc;

/// The search form's field.
#[derive(serde::Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// `GET /search?q=`.
pub async fn page(
    State(site): State<Arc<Site>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<SearchQuery>,
) -> Result<Response, SiteError> {
    let view = views::search(site.catalog(), &q.q);
    let media = choose_media(&headers, &Media::ALL).unwrap_or(Media::Html);
    let body = views::render_search(site.renderer(), &view, media)
        .map_err(|e| SiteError::internal("rendering search results", e))?;
    Ok(respond::dynamic(
        StatusCode::OK,
        media,
        body,
        &method,
        "public, max-age=300",
        VARY_NEGOTIATED,
    ))
}
