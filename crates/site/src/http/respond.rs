//! Turning a cached resource or a rendered body into a response: representation and coding
//! choice, `If-None-Match`, HEAD, and redirects on this site.

use super::conditional::not_modified;
use super::fields::RequestFields;
use super::negotiate::{choose_coding, choose_media};
use super::security::fields as security_fields;
use crate::cache::{CachedResource, Coding, Encoded};
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use siteerror_present::Media;

pub use crate::headers::{PAGE_ALLOW, VARY_ENCODING, VARY_NEGOTIATED};

/// Why a cached resource cannot be served as asked.
#[derive(Debug)]
pub struct NotAcceptable(pub Vec<Media>);

/// What a cached resource answers one GET or HEAD with: the representation and coding chosen,
/// or a 304 when `If-None-Match` matches. Both the router and the server's direct path send it,
/// field for field.
#[derive(Debug)]
pub struct CachedAnswer<'a> {
    resource: &'a CachedResource,
    media: Media,
    coding: Coding,
    encoded: &'a Encoded,
    unchanged: bool,
}

impl<'a> CachedAnswer<'a> {
    /// Picks the representation and coding `req` asks for, and whether it has them already.
    pub fn choose<F: RequestFields + ?Sized>(resource: &'a CachedResource, req: &F) -> Result<Self, NotAcceptable> {
        let reps = resource.representations();
        let unacceptable = || NotAcceptable(resource.media().collect());
        let rep = match reps {
            [only] => only,
            _ => {
                let mut available = [Media::Html; 3];
                let n = reps.len().min(available.len());
                for (slot, r) in available.iter_mut().zip(reps) {
                    *slot = r.media();
                }
                let media = choose_media(req, &available[..n]).ok_or_else(unacceptable)?;
                resource.get(media).ok_or_else(unacceptable)?
            }
        };
        let coding = choose_coding(req).ok_or_else(unacceptable)?;
        let encoded = rep.encoded(coding);
        let unchanged = resource.status() == StatusCode::OK && not_modified(req, encoded.etag());
        Ok(CachedAnswer {
            resource,
            media: rep.media(),
            coding,
            encoded,
            unchanged,
        })
    }

    /// The status: the resource's, or 304.
    pub fn status(&self) -> StatusCode {
        if self.unchanged {
            StatusCode::NOT_MODIFIED
        } else {
            self.resource.status()
        }
    }

    /// The header fields, in the order they are sent. A 304 carries the validators and caching
    /// fields a 200 would have (RFC 9110 Section 15.4.5), and no content fields.
    pub fn fields(&self) -> impl Iterator<Item = (HeaderName, HeaderValue)> + use<'a> {
        let caching = [
            (header::ETAG, self.encoded.etag().clone()),
            (header::CACHE_CONTROL, self.resource.cache_control().clone()),
            (header::VARY, self.resource.vary().clone()),
        ];
        let content = (!self.unchanged).then(|| {
            [
                Some((
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(self.media.content_type()),
                )),
                Some((header::CONTENT_LENGTH, self.encoded.length().clone())),
                self.coding
                    .token()
                    .map(|token| (header::CONTENT_ENCODING, HeaderValue::from_static(token))),
            ]
        });
        caching
            .into_iter()
            .chain(security_fields())
            .chain(content.into_iter().flatten().flatten())
    }

    /// The body a GET gets (shared, never copied): empty for a 304.
    pub fn body(&self) -> Bytes {
        if self.unchanged {
            Bytes::new()
        } else {
            self.encoded.bytes().clone()
        }
    }

    /// The response, with the body left out for HEAD.
    pub fn into_response(self, method: &Method) -> Response {
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = self.status();
        let h = resp.headers_mut();
        h.reserve(12);
        for (name, value) in self.fields() {
            h.insert(name, value);
        }
        if method != Method::HEAD {
            *resp.body_mut() = Body::from(self.body());
        }
        resp
    }
}

/// Serves a cached resource for GET or HEAD: picks the representation and coding, answers 304
/// when `If-None-Match` matches, and leaves the body out for HEAD. The body is shared, never
/// copied, and the headers are built from values made once.
pub fn cached(resource: &CachedResource, req: &HeaderMap, method: &Method) -> Result<Response, NotAcceptable> {
    Ok(CachedAnswer::choose(resource, req)?.into_response(method))
}

/// A response whose body is rendered per request: not compressed, not kept.
pub fn dynamic(
    status: StatusCode,
    media: Media,
    body: String,
    method: &Method,
    cache_control: &'static str,
    vary: &'static str,
) -> Response {
    let len = body.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media.content_type()));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    h.insert(header::VARY, HeaderValue::from_static(vary));
    resp
}

/// A redirect to a path on this site (`to` is built by us from validated parts).
pub fn redirect(status: StatusCode, to: &str, cache_control: &'static str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => (
            status,
            [
                (header::LOCATION, location),
                (header::CACHE_CONTROL, HeaderValue::from_static(cache_control)),
            ],
        )
            .into_response(),
        // Our paths are ASCII; a failure here means the path came from the request unchecked.
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// 308 to a path on this site (the target keeps the method).
pub fn permanent_redirect(to: &str) -> Response {
    redirect(StatusCode::PERMANENT_REDIRECT, to, "public, max-age=3600")
}

/// 204 with `Allow`, the answer to OPTIONS.
pub fn options(allow: &'static str) -> Response {
    (
        StatusCode::NO_CONTENT,
        [(header::ALLOW, HeaderValue::from_static(allow))],
    )
        .into_response()
}
