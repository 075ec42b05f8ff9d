//! Our own error responses: a real status, a helpful page in the representation the client asked
//! for (HTML, JSON `{"error", "status"}` or text), and suggestions where we can make them.

use crate::Site;
use crate::negotiate::{Media, choose_media};
use crate::respond;
use crate::views::{EntryLink, number_note};
use axum::response::Response;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use minijinja::context;
use serde::Serialize;

/// One error to report.
#[derive(Debug, Default)]
pub struct ErrorPage {
    /// The heading (`"Page not found"`).
    pub heading: String,
    /// What happened, one or two sentences.
    pub message: String,
    /// An extra note (what the registry says about a number, say).
    pub note: Option<String>,
    /// Close matches.
    pub suggestions: Vec<EntryLink>,
    /// A class page to point to (`"4xx"`), for numbers.
    pub class: Option<&'static str>,
    /// `Allow` for 405 and OPTIONS.
    pub allow: Option<String>,
    /// Answer in JSON whatever `Accept` says (API paths).
    pub json_only: bool,
}

#[derive(Serialize)]
struct JsonError<'a> {
    error: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    class: Option<String>,
    #[serde(skip_serializing_if = "<[EntryLink]>::is_empty")]
    suggestions: &'a [EntryLink],
}

fn emoji(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "🔍",
        405 | 501 => "🚫",
        406 => "🤝",
        414 => "📏",
        _ => "⚠️",
    }
}

impl Site {
    /// Renders `page` with `status`, negotiated like any page.
    pub fn error(&self, status: StatusCode, page: ErrorPage, req: &HeaderMap, method: &Method) -> Response {
        let media = if page.json_only {
            Media::Json
        } else {
            choose_media(req, &Media::ALL).unwrap_or(Media::Html)
        };
        let reason = status.canonical_reason().unwrap_or("");
        let status_has_page = self.catalog.get(status.as_str()).is_some();
        let ctx = context! {
            status => status.as_u16(),
            reason => reason,
            heading => &page.heading,
            message => &page.message,
            note => &page.note,
            class => page.class.map(|c| (format!("/category/{c}"), c, siteerror_catalog::Class::from_id(c).map(|k| k.label()))),
            suggestions => &page.suggestions,
            emoji => emoji(status),
            status_has_page => status_has_page,
            title => format!("{} {}", status.as_u16(), page.heading),
            description => &page.message,
            canonical => "/",
        };
        let body = match media {
            Media::Json => {
                let message = if page.message.is_empty() {
                    &page.heading
                } else {
                    &page.message
                };
                let mut s = serde_json::to_string_pretty(&JsonError {
                    error: message,
                    status: status.as_u16(),
                    note: page.note.as_deref(),
                    class: page.class.map(|c| format!("/category/{c}")),
                    suggestions: &page.suggestions,
                })
                .expect("error JSON serializes");
                s.push('\n');
                Ok(s)
            }
            Media::Text => self.renderer.render("error.txt", ctx),
            _ => self.renderer.render("error.html", ctx),
        };
        // A template bug must not turn an error page into a panic: fall back to plain text.
        let (media, body) = match body {
            Ok(b) => (media, b),
            Err(_) => (
                Media::Text,
                format!("{} {}\n{}\n", status.as_u16(), page.heading, page.message),
            ),
        };
        let cache_control = if status == StatusCode::NOT_FOUND {
            "public, max-age=300"
        } else {
            "no-store"
        };
        let vary = if page.json_only {
            respond::VARY_ENCODING
        } else {
            respond::VARY_NEGOTIATED
        };
        let mut resp = respond::dynamic(status, media, body, method, cache_control, vary);
        if let Some(allow) = page.allow.as_deref().and_then(|a| HeaderValue::from_str(a).ok()) {
            resp.headers_mut().insert(header::ALLOW, allow);
        }
        resp
    }

    /// 404 for a path we have no page for, with close matches and what the IANA registry says
    /// when the path is a number.
    pub fn not_found(&self, path: &str, req: &HeaderMap, method: &Method) -> Response {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let last = decoded.trim_matches('/').rsplit('/').next().unwrap_or("").to_string();
        let shown: String = last.chars().take(40).collect();
        let json_only = path.starts_with("/api/");
        let mut page = ErrorPage {
            heading: "Page not found".into(),
            message: format!("There is no page at {}.", truncate(&decoded, 80)),
            json_only,
            ..ErrorPage::default()
        };
        if let Ok(code) = last.parse::<u16>() {
            let note = number_note(&self.catalog, code);
            page.class = note.class;
            page.note = Some(match (note.status, note.range, note.class) {
                ("unassigned", Some(range), Some(class)) => format!(
                    "{code} is unassigned in the IANA HTTP Status Code Registry (the range {range} is free), so it has no standard meaning. A client that receives it treats it as {}00, the first code of the {class} class.",
                    &class[..1]
                ),
                ("assigned", _, _) => format!(
                    "{code} is registered with IANA as {}.",
                    self.catalog.registry().name(code).unwrap_or("a status code")
                ),
                _ => format!(
                    "{code} is outside 100–599, so it is not an HTTP status code at all: status codes are three digits, and the first digit gives the class."
                ),
            });
        }
        if !last.is_empty() {
            page.suggestions = self
                .catalog
                .suggest(&shown, 5)
                .into_iter()
                .map(EntryLink::new)
                .collect();
        }
        if json_only {
            page.message = format!("no such resource: {}", truncate(&decoded, 80));
        }
        self.error(StatusCode::NOT_FOUND, page, req, method)
    }

    /// 405 with `Allow` for a method the resource does not support.
    pub fn method_not_allowed(&self, allow: &str, req: &HeaderMap, method: &Method, json_only: bool) -> Response {
        let page = ErrorPage {
            heading: "Method not allowed".into(),
            message: format!(
                "This resource does not support {}. It supports {allow}.",
                truncate(method.as_str(), 20)
            ),
            allow: Some(allow.to_string()),
            json_only,
            ..ErrorPage::default()
        };
        self.error(StatusCode::METHOD_NOT_ALLOWED, page, req, method)
    }

    /// 501 for a method nobody here recognizes (RFC 9110 Section 9.1).
    pub fn not_implemented(&self, req: &HeaderMap, method: &Method) -> Response {
        let page = ErrorPage {
            heading: "Method not implemented".into(),
            message: format!(
                "{} is not a method this server recognizes. RFC 9110 Section 9.1 asks an origin server to answer an unrecognized method with 501, and 405 is kept for known methods a resource does not allow.",
                truncate(method.as_str(), 20)
            ),
            ..ErrorPage::default()
        };
        self.error(StatusCode::NOT_IMPLEMENTED, page, req, &Method::GET)
    }

    /// 406 when no representation fits `Accept`.
    pub fn not_acceptable(&self, available: &[Media], req: &HeaderMap, method: &Method) -> Response {
        let list: Vec<&str> = available.iter().map(|m| m.content_type()).collect();
        let page = ErrorPage {
            heading: "Not acceptable".into(),
            message: format!(
                "This resource is available as {}; the request's Accept or Accept-Encoding rules all of them out.",
                list.join(", ")
            ),
            ..ErrorPage::default()
        };
        // Send the error in a representation the client can read, ignoring Accept.
        let mut h = req.clone();
        h.remove(header::ACCEPT);
        h.remove(header::ACCEPT_ENCODING);
        self.error(StatusCode::NOT_ACCEPTABLE, page, &h, method)
    }

    /// 414 for a target longer than we accept.
    pub fn uri_too_long(&self, req: &HeaderMap, method: &Method) -> Response {
        let page = ErrorPage {
            heading: "URI too long".into(),
            message: format!(
                "This server accepts request targets of up to {} bytes. No page here has a longer address.",
                crate::MAX_TARGET_BYTES
            ),
            ..ErrorPage::default()
        };
        self.error(StatusCode::URI_TOO_LONG, page, req, method)
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}
