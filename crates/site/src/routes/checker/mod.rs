//! The URL checker's web surfaces: `POST /api/v1/check` (JSON, or NDJSON as each URL finishes)
//! and the `/url-checker` form that works without JavaScript.

mod service;

pub use service::{CheckRequest, CheckerService, validate_urls};

use crate::Site;
use crate::error::SiteError;
use crate::headers::{VARY_ENCODING, VARY_NEGOTIATED};
use crate::http::client::ClientAddr;
use crate::http::negotiate::choose_media;
use crate::http::{body, respond};
use crate::limits::CHECKER_MAX_BODY_BYTES;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::header;
use http::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use siteerror_checker::UrlReport;
use siteerror_present::json::pretty;
use siteerror_present::{Media, checker_page};
use std::collections::HashMap;
use std::sync::Arc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::ReceiverStream;

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
        if site.catalog().get(&code.to_string()).is_some() {
            links.insert(code, format!("/{code}"));
        }
    }
    CheckResult {
        chain: report.chain().to_string(),
        report,
        links,
    }
}

fn service(site: &Site) -> Result<&CheckerService, SiteError> {
    site.checker.as_ref().ok_or_else(|| {
        SiteError::refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "the URL checker is not enabled on this server",
        )
    })
}

/// `POST /api/v1/check`.
pub async fn api_check(State(site): State<Arc<Site>>, client: ClientAddr, req: Request) -> Result<Response, SiteError> {
    let (parts, raw) = req.into_parts();
    let svc = service(&site)?;
    let parsed: CheckRequest = body::json(&parts.headers, raw, CHECKER_MAX_BODY_BYTES).await?;
    let (urls, options) = svc.validate(parsed)?;
    let permit = svc.admit(client.key())?;
    let wants_stream = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/x-ndjson"));
    if wants_stream {
        // Each line is one URL's result as it finishes; the slot is held until the last one.
        let rx = svc.start(urls, options);
        let site = site.clone();
        let lines = ReceiverStream::new(rx).map(move |(i, report)| {
            let _held = &permit;
            let line = serde_json::json!({ "index": i, "result": result(&site, report) });
            Ok::<Bytes, std::convert::Infallible>(Bytes::from(line.to_string() + "\n"))
        });
        return Ok((
            [
                (header::CONTENT_TYPE, "application/x-ndjson"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            Body::from_stream(lines),
        )
            .into_response());
    }
    let reports = svc.run(urls, options).await;
    drop(permit);
    let results: Vec<CheckResult> = reports.into_iter().map(|r| result(&site, r)).collect();
    let body = pretty(&serde_json::json!({ "results": results }))
        .map_err(|e| SiteError::internal("writing check results", e))?;
    Ok(respond::dynamic(
        StatusCode::OK,
        Media::Json,
        body,
        &Method::POST,
        "no-store",
        VARY_ENCODING,
    ))
}

/// The form's field.
#[derive(Deserialize, Default)]
struct FormInput {
    #[serde(default)]
    urls: String,
}

/// `POST /url-checker`: the form, without JavaScript. Answers the same page with results; a
/// form over the body limit is a 413 that names the limit.
pub async fn form_check(
    State(site): State<Arc<Site>>,
    client: ClientAddr,
    req: Request,
) -> Result<Response, SiteError> {
    let (parts, raw) = req.into_parts();
    let media = choose_media(&parts.headers, &Media::ALL).unwrap_or(Media::Html);
    let form: FormInput = body::form(&parts.headers, raw, CHECKER_MAX_BODY_BYTES).await?;
    let urls: Vec<String> = form
        .urls
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let svc = service(&site)?;
    let (status, results, error) = if urls.is_empty() {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Vec::new(),
            Some("Enter at least one URL, one per line.".to_string()),
        )
    } else if urls.len() > checker_page::MAX_URLS {
        let message = format!(
            "Enter at most {} URLs; you entered {}.",
            checker_page::MAX_URLS,
            urls.len()
        );
        (StatusCode::UNPROCESSABLE_ENTITY, Vec::new(), Some(message))
    } else {
        let permit = svc.admit(client.key())?;
        let reports = svc.run(urls.clone(), svc.base_options().clone()).await;
        drop(permit);
        let results: Vec<CheckResult> = reports.into_iter().map(|r| result(&site, r)).collect();
        (StatusCode::OK, results, None)
    };
    let body = checker_page::render(site.renderer(), media, &urls, &results, error.as_deref())
        .map_err(|e| SiteError::internal("rendering the URL checker page", e))?;
    Ok(respond::dynamic(
        status,
        media,
        body,
        &Method::POST,
        "no-store",
        VARY_NEGOTIATED,
    ))
}
