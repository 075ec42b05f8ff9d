//! `/playground`: choose a method, status, delay and header; see the curl command; send it.

use super::options::parse_options;
use super::status::parse_choices;
use crate::Site;
use crate::error::SiteError;
use crate::headers::VARY_NEGOTIATED;
use crate::http::negotiate::choose_media;
use crate::http::query::Query;
use crate::http::respond;
use crate::limits::PLAYGROUND_MAX_DELAY_MS;
use axum::extract::State;
use axum::response::Response;
use http::header::{self, HeaderMap};
use http::{Method, StatusCode};
use siteerror_present::Media;
use siteerror_present::playground::{FORM_METHODS, PlaygroundForm, PlaygroundView};
use std::sync::Arc;

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Validates the form into a path on this site, or says what is wrong.
fn form_target(form: &PlaygroundForm) -> Result<String, String> {
    let status = form.status.trim();
    let mut target = if status.len() == 3 && status.bytes().all(|b| b.is_ascii_digit()) {
        if !status.parse::<u16>().is_ok_and(|c| (100..=599).contains(&c)) {
            return Err(format!("{status} is not a status code: use 200 to 599"));
        }
        format!("/status/{status}")
    } else {
        parse_choices(status)?;
        format!("/random/{}", status.replace(' ', ""))
    };
    let mut query = Vec::new();
    let delay = form.delay.trim();
    if !delay.is_empty() && delay != "0" {
        let ms: u64 = delay
            .parse()
            .map_err(|_| "the delay must be a whole number of milliseconds".to_string())?;
        if ms > PLAYGROUND_MAX_DELAY_MS {
            return Err(format!("the delay is capped at {PLAYGROUND_MAX_DELAY_MS} ms"));
        }
        query.push(format!("delay={ms}"));
    }
    if !form.header.trim().is_empty() {
        parse_options(&format!("header={}", enc(form.header.trim())), &HeaderMap::new())?;
        query.push(format!("header={}", enc(form.header.trim())));
    }
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query.join("&"));
    }
    Ok(target)
}

/// `GET /playground`.
pub async fn page(
    State(site): State<Arc<Site>>,
    method: Method,
    headers: HeaderMap,
    Query(mut form): Query<PlaygroundForm>,
) -> Result<Response, SiteError> {
    form.method = form.method.to_ascii_uppercase();
    if !FORM_METHODS.contains(&form.method.as_str()) {
        form.method = "GET".into();
    }
    let submitted = !form.status.trim().is_empty();
    if !submitted {
        form.status = "200".into();
    }
    let (target, error) = if submitted {
        match form_target(&form) {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(e)),
        }
    } else {
        (None, None)
    };
    // Only a plain host[:port] from the request goes into the curl command; anything else is
    // replaced, and the template escapes it either way.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty() && h.len() < 100 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost:8080");
    let curl = target.as_ref().map(|t| {
        let m = match form.method.as_str() {
            "GET" => String::new(),
            "HEAD" => " --head".into(),
            m => format!(" -X {m}"),
        };
        format!("curl -i{m} 'http://{host}{t}'")
    });
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let view = PlaygroundView {
        form: &form,
        target,
        curl,
        error,
        host,
        max_delay: PLAYGROUND_MAX_DELAY_MS,
    };
    let media = choose_media(&headers, &Media::ALL).unwrap_or(Media::Html);
    let body = view
        .render(site.renderer(), media)
        .map_err(|e| SiteError::internal("rendering the playground", e))?;
    Ok(respond::dynamic(
        status,
        media,
        body,
        &method,
        "no-store",
        VARY_NEGOTIATED,
    ))
}
