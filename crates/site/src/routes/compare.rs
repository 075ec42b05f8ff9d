//! `/compare/{a}-vs-{b}` for any pair (curated pairs come from the response cache; others are
//! rendered on their first request and kept), the `/compare` form, and
//! `GET /api/v1/compare/{a}/{b}`.

use crate::Site;
use crate::cache::{CachedResource, PAGE_CACHE_CONTROL, Representation};
use crate::error::SiteError;
use crate::headers::{VARY_ENCODING, VARY_NEGOTIATED};
use crate::http::negotiate::choose_media;
use crate::http::query::Query;
use crate::http::respond;
use crate::metrics::CacheOutcome;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::header::{self, HeaderValue};
use http::{HeaderMap, Method, StatusCode};
use siteerror_catalog::{Catalog, PairError, StatusEntry, compare_path};
use siteerror_present::Media;
use siteerror_present::compare;
use siteerror_present::text::Palette;
use siteerror_present::views::EntryLink;
use std::sync::Arc;

fn shown(token: &str) -> String {
    let t: String = token.chars().take(40).collect();
    if t.len() < token.len() { format!("{t}…") } else { t }
}

/// 404 for an address that is not `{a}-vs-{b}`.
fn not_a_pair() -> SiteError {
    SiteError::page(
        StatusCode::NOT_FOUND,
        "Not a comparison",
        "A comparison's address names two codes: /compare/401-vs-403, or keys like /compare/nginx-499-vs-504.",
    )
}

/// The answer to a pair the catalog refuses: 404 for unknown codes and the same code twice;
/// 300 listing each comparison for a number with several meanings (with `Location` naming a
/// curated one).
fn pair_error(catalog: &Catalog, err: PairError<'_>) -> SiteError {
    match err {
        PairError::Unknown { tokens } => {
            let names: Vec<String> = tokens.iter().map(|t| format!("“{}”", shown(t))).collect();
            let message = match names.as_slice() {
                [a, b] => {
                    format!("Neither {a} nor {b} is a status code in the catalog, so there is nothing to compare.")
                }
                _ => format!(
                    "{} is not a status code in the catalog, so there is nothing to compare.",
                    names.join(", ")
                ),
            };
            let mut suggestions: Vec<EntryLink> = Vec::new();
            for t in &tokens {
                for e in catalog.suggest(&shown(t), 5) {
                    if !suggestions.iter().any(|s| s.key == e.key) {
                        suggestions.push(EntryLink::new(e));
                    }
                }
            }
            SiteError::page(StatusCode::NOT_FOUND, "Unknown code in comparison", message).with_suggestions(suggestions)
        }
        PairError::Same(e) => {
            let suggestions = catalog
                .comparisons_with(&e.key)
                .filter_map(|c| {
                    let other = if c.a == e.key { &c.b } else { &c.a };
                    let mut link = EntryLink::new(catalog.get(other)?);
                    link.url = c.path();
                    Some(link)
                })
                .collect();
            SiteError::page(
                StatusCode::NOT_FOUND,
                "Two different codes, please",
                format!(
                    "This address compares {} with itself. Pick a second code to compare it with.",
                    e.display_code()
                ),
            )
            .with_suggestions(suggestions)
        }
        PairError::Ambiguous {
            token,
            meanings,
            other_token,
            other,
        } => ambiguous(catalog, &token, &meanings, &other_token, &other),
        _ => not_a_pair(),
    }
}

/// 300: each meaning is a comparison of its own; point to each, and prefer a curated one.
fn ambiguous(
    catalog: &Catalog,
    token: &str,
    meanings: &[&StatusEntry],
    other_token: &str,
    others: &[&StatusEntry],
) -> SiteError {
    let mut preferred = None;
    let mut suggestions: Vec<EntryLink> = Vec::new();
    for m in meanings {
        for o in others.iter().filter(|o| o.key != m.key) {
            let mut link = EntryLink::new(m);
            let (a, b) = catalog.canonical_order(m, o);
            link.url = compare_path(&a.key, &b.key);
            if others.len() > 1 {
                link.name = format!("{} vs {} {} ({})", m.name, o.display_code(), o.name, o.source.label());
            }
            if catalog.comparison(&m.key, &o.key).is_some() {
                preferred.get_or_insert(link.url.clone());
            }
            suggestions.push(link);
        }
    }
    let mut err = SiteError::page(
        StatusCode::MULTIPLE_CHOICES,
        format!("Which {}?", shown(token)),
        format!(
            "{} means different things to different vendors. Choose the meaning to compare with {}.",
            shown(token),
            shown(other_token)
        ),
    )
    .with_suggestions(suggestions);
    if let Some(loc) = preferred.and_then(|p| HeaderValue::from_str(&p).ok()) {
        err = err.with_header(header::LOCATION, loc);
    }
    err
}

/// The comparison of `x` and `y` as `media`: kept after its first rendering.
fn comparison(
    site: &Site,
    x: &str,
    y: &str,
    headers: &HeaderMap,
    method: &Method,
    api: bool,
) -> Result<Response, SiteError> {
    let catalog = site.catalog();
    let (a, b) = catalog.pair(x, y).map_err(|e| pair_error(catalog, e))?;
    let (media, vary) = if api {
        (Media::Json, VARY_ENCODING)
    } else {
        (
            choose_media(headers, &Media::ALL).unwrap_or(Media::Html),
            VARY_NEGOTIATED,
        )
    };
    let key = (compare_path(&a.key, &b.key), media, api);
    let resource = match site.kept_pages().get(&key) {
        Some(r) => {
            site.count_page(CacheOutcome::Kept);
            r
        }
        None => {
            site.count_page(CacheOutcome::Rendered);
            let v = compare::view(catalog, a, b);
            let body = compare::render(site.renderer(), &v, media, &Palette::plain())
                .map_err(|e| SiteError::internal("rendering a comparison", e))?;
            let resource = Arc::new(CachedResource::new(
                StatusCode::OK,
                vec![Representation::new(media, body)],
                HeaderValue::from_static(PAGE_CACHE_CONTROL),
                HeaderValue::from_static(vary),
            ));
            site.kept_pages().keep(key, resource.clone());
            resource
        }
    };
    Ok(site.serve_cached(&resource, headers, method))
}

/// `GET /compare/{a}-vs-{b}`: curated pairs come from the cache; any other pair is rendered.
pub async fn page(
    State(site): State<Arc<Site>>,
    Path(pair): Path<String>,
    req: Request,
) -> Result<Response, SiteError> {
    if let Some(resource) = site.pages().get(req.uri().path()) {
        site.count_page(CacheOutcome::Fixed);
        return Ok(site.serve_cached(resource, req.headers(), req.method()));
    }
    let Some((x, y)) = pair.split_once("-vs-") else {
        return Err(not_a_pair());
    };
    comparison(&site, x, y, req.headers(), req.method(), false)
}

/// `GET /api/v1/compare/{a}/{b}`.
pub async fn api(
    State(site): State<Arc<Site>>,
    Path((x, y)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, SiteError> {
    comparison(&site, &x, &y, &headers, &method, true)
}

/// The `/compare` form's fields.
#[derive(serde::Deserialize, Default)]
pub struct PickQuery {
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
}

/// `GET /compare`: the form and the curated list; with `?a=…&b=…`, 303 to the comparison.
pub async fn index(
    State(site): State<Arc<Site>>,
    method: Method,
    headers: HeaderMap,
    Query(q): Query<PickQuery>,
) -> Result<Response, SiteError> {
    let (x, y) = (q.a.trim(), q.b.trim());
    if x.is_empty() && y.is_empty() {
        let resource = site.pages().get("/compare").ok_or_else(|| SiteError::NotFound {
            path: "/compare".into(),
        })?;
        return Ok(site.serve_cached(resource, &headers, &method));
    }
    if x.is_empty() || y.is_empty() {
        return Err(SiteError::page(
            StatusCode::BAD_REQUEST,
            "Two codes, please",
            "Give both codes to compare, like /compare?a=401&b=403.",
        ));
    }
    let catalog = site.catalog();
    let (a, b) = catalog.pair(x, y).map_err(|e| pair_error(catalog, e))?;
    Ok(respond::redirect(
        StatusCode::SEE_OTHER,
        &compare_path(&a.key, &b.key),
        PAGE_CACHE_CONTROL,
    ))
}
