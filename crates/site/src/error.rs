//! The server's one error type. Handlers return `Result<Response, SiteError>`; a `SiteError`
//! becomes a response with the right status and headers at once, and [`render_errors`] (a
//! middleware around every route) gives it its body: a helpful page in the representation the
//! client asked for (HTML, JSON `{"error", "status"}` or text), with close matches where there
//! are some. Every 500 is logged with its cause.

use crate::Site;
use crate::http::negotiate::choose_media;
use crate::http::respond;
use crate::limits::MAX_TARGET_BYTES;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use siteerror_present::Media;
use siteerror_present::error_page::ErrorView;
use siteerror_present::views::{EntryLink, number_note};
use std::sync::Arc;

/// What went wrong with a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SiteError {
    /// Nothing lives at this path (404 with close matches).
    #[error("no page at {path}")]
    NotFound {
        /// The path as requested.
        path: String,
    },
    /// A known method the resource does not allow (405 with `Allow`).
    #[error("{method} is not allowed here")]
    MethodNotAllowed {
        /// The method.
        method: Method,
        /// What the resource allows (the `Allow` field).
        allow: HeaderValue,
    },
    /// A method HTTP does not define (501, RFC 9110 Section 9.1).
    #[error("{method} is not a method this server recognizes")]
    NotImplemented {
        /// The method.
        method: Method,
    },
    /// No representation fits `Accept` or `Accept-Encoding` (406).
    #[error("no acceptable representation")]
    NotAcceptable {
        /// What the resource has.
        available: Vec<Media>,
    },
    /// The request target is over [`MAX_TARGET_BYTES`] (414).
    #[error("request target too long")]
    UriTooLong,
    /// The request was refused with a message: bad input (400, 413, 415, 422), a limit (429,
    /// 503), or a choice to make (300).
    #[error("{status}: {view_message}", view_message = .view.message)]
    Refused {
        /// The status.
        status: StatusCode,
        /// What the page says.
        view: Box<ErrorView>,
        /// Headers that go with it (`Retry-After`, `Accept-Post`, `Location`, `Connection`).
        headers: HeaderMap,
    },
    /// Our own failure (500), logged with its cause.
    #[error("{context}: {source}")]
    Internal {
        /// What was being done.
        context: &'static str,
        /// Why it failed.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl SiteError {
    /// A refusal with `status`, where the message is also the heading.
    pub fn refused(status: StatusCode, message: impl Into<String>) -> SiteError {
        let message = message.into();
        SiteError::page(status, message.clone(), message)
    }

    /// A refusal with `status`, a heading and a message.
    pub fn page(status: StatusCode, heading: impl Into<String>, message: impl Into<String>) -> SiteError {
        SiteError::Refused {
            status,
            view: Box::new(ErrorView {
                heading: heading.into(),
                message: message.into(),
                ..ErrorView::default()
            }),
            headers: HeaderMap::new(),
        }
    }

    /// 400 with a message.
    pub fn bad_request(message: impl Into<String>) -> SiteError {
        SiteError::refused(StatusCode::BAD_REQUEST, message)
    }

    /// 422 with a message.
    pub fn unprocessable(message: impl Into<String>) -> SiteError {
        SiteError::refused(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// 429 with `Retry-After`.
    pub fn too_many_requests(retry_after: u64, message: impl Into<String>) -> SiteError {
        SiteError::refused(StatusCode::TOO_MANY_REQUESTS, message).with_header(header::RETRY_AFTER, retry_after)
    }

    /// 503 with `Retry-After`.
    pub fn busy(retry_after: u64, message: impl Into<String>) -> SiteError {
        SiteError::refused(StatusCode::SERVICE_UNAVAILABLE, message).with_header(header::RETRY_AFTER, retry_after)
    }

    /// 413 for a body over `limit` bytes. The rest of the body is not read, so the connection
    /// closes after the answer.
    pub fn too_large(limit: u64, what: &str) -> SiteError {
        SiteError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("{what} may be at most {limit} bytes; this one is larger"),
        )
        .with_header(header::CONNECTION, HeaderValue::from_static("close"))
    }

    /// A template or serialization failure: a logged 500.
    pub fn internal(context: &'static str, source: impl std::error::Error + Send + Sync + 'static) -> SiteError {
        SiteError::Internal {
            context,
            source: Box::new(source),
        }
    }

    /// Adds a response header (only to refusals; other errors set their own).
    pub fn with_header(mut self, name: HeaderName, value: impl Into<HeaderValue>) -> SiteError {
        if let SiteError::Refused { headers, .. } = &mut self {
            headers.insert(name, value.into());
        }
        self
    }

    /// Adds a note under the message.
    pub fn with_note(mut self, note: impl Into<String>) -> SiteError {
        if let SiteError::Refused { view, .. } = &mut self {
            view.note = Some(note.into());
        }
        self
    }

    /// Adds suggestions.
    pub fn with_suggestions(mut self, suggestions: Vec<EntryLink>) -> SiteError {
        if let SiteError::Refused { view, .. } = &mut self {
            view.suggestions = suggestions;
        }
        self
    }

    /// The status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            SiteError::NotFound { .. } => StatusCode::NOT_FOUND,
            SiteError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            SiteError::NotImplemented { .. } => StatusCode::NOT_IMPLEMENTED,
            SiteError::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            SiteError::UriTooLong => StatusCode::URI_TOO_LONG,
            SiteError::Refused { status, .. } => *status,
            SiteError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The error a response carries until [`render_errors`] gives it a body.
#[derive(Clone)]
struct Pending(Arc<SiteError>);

impl IntoResponse for SiteError {
    fn into_response(self) -> Response {
        let mut resp = self.status().into_response();
        let h = resp.headers_mut();
        match &self {
            SiteError::MethodNotAllowed { allow, .. } => {
                h.insert(header::ALLOW, allow.clone());
            }
            SiteError::Refused { headers, .. } => {
                for (name, value) in headers {
                    h.insert(name, value.clone());
                }
            }
            _ => {}
        }
        resp.extensions_mut().insert(Pending(Arc::new(self)));
        resp
    }
}

/// What the error page needs of the request, kept before the handler takes it: cheap clones
/// (the field values share the request's buffer).
pub(crate) struct Asked {
    pub(crate) method: Method,
    accept: Option<HeaderValue>,
    user_agent: Option<HeaderValue>,
    json_only: bool,
}

impl Asked {
    /// What `req` asks of an error page.
    pub(crate) fn of(req: &Request) -> Asked {
        Asked {
            method: req.method().clone(),
            accept: req.headers().get(header::ACCEPT).cloned(),
            user_agent: req.headers().get(header::USER_AGENT).cloned(),
            json_only: req.uri().path().starts_with("/api/"),
        }
    }

    fn headers(&self) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(a) = &self.accept {
            h.insert(header::ACCEPT, a.clone());
        }
        if let Some(ua) = &self.user_agent {
            h.insert(header::USER_AGENT, ua.clone());
        }
        h
    }
}

/// Gives every [`SiteError`] its body, negotiated like any page (API paths always get JSON).
pub async fn render_errors(State(site): State<Arc<Site>>, req: Request, next: Next) -> Response {
    let asked = Asked::of(&req);
    let resp = next.run(req).await;
    render(&site, &asked, resp)
}

/// `resp` with its body, when it carries a [`SiteError`] that has none yet; else `resp` itself.
pub(crate) fn render(site: &Site, asked: &Asked, mut resp: Response) -> Response {
    let Some(Pending(error)) = resp.extensions_mut().remove::<Pending>() else {
        return resp;
    };
    let status = resp.status();
    if let SiteError::Internal { context, source } = &*error {
        tracing::error!(status = status.as_u16(), %context, cause = %source, "answered 500");
    }
    let media = if asked.json_only {
        Media::Json
    } else if matches!(*error, SiteError::NotAcceptable { .. }) {
        // Send the 406 in a representation anyone can read, whatever Accept says.
        Media::Html
    } else {
        choose_media(&asked.headers(), &Media::ALL).unwrap_or(Media::Html)
    };
    let view = site.error_view(&error, asked.json_only);
    let reason = status.canonical_reason().unwrap_or("");
    let has_page = site.catalog().get(status.as_str()).is_some();
    let (media, body) = match view.render(site.renderer(), status.as_u16(), reason, has_page, media) {
        Ok(body) => (media, body),
        Err(e) => {
            // The page itself failed: say so in the log, and still answer with the status.
            tracing::error!(status = status.as_u16(), cause = %e, "error page failed to render");
            (Media::Text, view.fallback_text(status.as_u16()))
        }
    };
    let cache_control = if status == StatusCode::NOT_FOUND {
        "public, max-age=300"
    } else {
        "no-store"
    };
    let vary = if asked.json_only {
        respond::VARY_ENCODING
    } else {
        respond::VARY_NEGOTIATED
    };
    let rendered = respond::dynamic(status, media, body, &asked.method, cache_control, vary);
    let (parts, body) = rendered.into_parts();
    let h = resp.headers_mut();
    for (name, value) in parts.headers {
        if let Some(name) = name {
            h.insert(name, value);
        }
    }
    *resp.body_mut() = body;
    resp
}

impl Site {
    /// What the error page says.
    fn error_view(&self, error: &SiteError, json_only: bool) -> ErrorView {
        let method_name = |m: &Method| truncate(m.as_str(), 20);
        match error {
            SiteError::NotFound { path } => self.not_found_view(path, json_only),
            SiteError::MethodNotAllowed { method, allow } => ErrorView {
                heading: "Method not allowed".into(),
                message: format!(
                    "This resource does not support {}. It supports {}.",
                    method_name(method),
                    allow.to_str().unwrap_or("other methods")
                ),
                ..ErrorView::default()
            },
            SiteError::NotImplemented { method } => ErrorView {
                heading: "Method not implemented".into(),
                message: format!(
                    "{} is not a method this server recognizes. RFC 9110 Section 9.1 asks an origin server to answer an unrecognized method with 501, and 405 is kept for known methods a resource does not allow.",
                    method_name(method)
                ),
                ..ErrorView::default()
            },
            SiteError::NotAcceptable { available } => {
                let list: Vec<&str> = available.iter().map(|m| m.content_type()).collect();
                ErrorView {
                    heading: "Not acceptable".into(),
                    message: format!(
                        "This resource is available as {}; the request's Accept or Accept-Encoding rules all of them out.",
                        list.join(", ")
                    ),
                    ..ErrorView::default()
                }
            }
            SiteError::UriTooLong => ErrorView {
                heading: "URI too long".into(),
                message: format!(
                    "This server accepts request targets of up to {MAX_TARGET_BYTES} bytes. No page here has a longer address."
                ),
                ..ErrorView::default()
            },
            SiteError::Refused { view, .. } => (**view).clone(),
            SiteError::Internal { .. } => ErrorView {
                heading: "Internal server error".into(),
                message: "Something went wrong on our side while making this page. It has been logged.".into(),
                ..ErrorView::default()
            },
        }
    }

    /// 404 with close matches, and what the IANA registry says when the path is a number.
    fn not_found_view(&self, path: &str, json_only: bool) -> ErrorView {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let last = decoded.trim_matches('/').rsplit('/').next().unwrap_or("");
        let shown: String = last.chars().take(40).collect();
        let mut view = ErrorView {
            heading: "Page not found".into(),
            message: if json_only {
                format!("no such resource: {}", truncate(&decoded, 80))
            } else {
                format!("There is no page at {}.", truncate(&decoded, 80))
            },
            ..ErrorView::default()
        };
        let all_digits = !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit());
        if all_digits && last.parse::<u16>().is_err() {
            view.note = Some(format!(
                "{} is outside 100–599, so it is not an HTTP status code at all: status codes are three digits, and the first digit gives the class.",
                truncate(last, 20)
            ));
        }
        if let Ok(code) = last.parse::<u16>() {
            let note = number_note(self.catalog(), code);
            view.class = note.class;
            view.note = Some(match (note.status, note.range, note.class) {
                ("unassigned", Some(range), Some(class)) => format!(
                    "{code} is unassigned in the IANA HTTP Status Code Registry (the range {range} is free), so it has no standard meaning. A client that receives it treats it as {}00, the first code of the {class} class.",
                    &class[..1]
                ),
                ("assigned", _, _) => format!(
                    "{code} is registered with IANA as {}.",
                    self.catalog().registry().name(code).unwrap_or("a status code")
                ),
                _ => format!(
                    "{code} is outside 100–599, so it is not an HTTP status code at all: status codes are three digits, and the first digit gives the class."
                ),
            });
        }
        if !shown.is_empty() {
            view.suggestions = self
                .catalog()
                .suggest(&shown, 5)
                .into_iter()
                .map(EntryLink::new)
                .collect();
        }
        view
    }
}

/// `s` cut to `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SiteConfig;
    use axum::Router;
    use axum::routing::get;
    use std::io::Write;
    use std::sync::Mutex;
    use tower::ServiceExt;

    /// Collects what the subscriber writes.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_internal_error_is_a_logged_500_with_a_page() {
        let site = Arc::new(Site::new(siteerror_catalog::Catalog::embedded().unwrap(), SiteConfig::default()).unwrap());
        let app = Router::new()
            .route(
                "/boom",
                get(|| async {
                    Err::<Response, _>(SiteError::internal(
                        "rendering a test page",
                        std::io::Error::other("template exploded"),
                    ))
                }),
            )
            .layer(axum::middleware::from_fn_with_state(site, render_errors));
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let resp = rt.block_on(async {
            let req = http::Request::get("/boom")
                .header(header::ACCEPT, "application/json")
                .body(axum::body::Body::empty())
                .unwrap();
            app.oneshot(req).await.unwrap()
        });
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(resp.headers()[header::CONTENT_TYPE], "application/json");
        let body = rt.block_on(axum::body::to_bytes(resp.into_body(), 4096)).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["status"], 500);
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(
            log.contains("template exploded") && log.contains("rendering a test page"),
            "{log}"
        );
    }
}
