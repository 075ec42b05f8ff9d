//! The playground's live endpoints: `/status/{code}` and `/random/{codes}` answer with any status
//! on demand (with the headers the RFC ties to it), `/anything` describes the request, and the
//! `/playground` page builds such requests. Options: `delay`, `header=Name:Value` (from an
//! allow-list) and `body=none`, as query parameters or as `X-SiteError-*` request headers.
//! Limits are explicit: a capped delay (over the cap is a 400, never clamped), a per-client rate
//! and a global cap on requests held open by delays.

pub mod anything;
pub mod expect;
pub mod form;
pub mod options;
mod prebuilt;
pub mod status;

use crate::error::SiteError;
use crate::http::client::ClientKey;
use crate::limits::PLAYGROUND_MAX_DELAYED;
use crate::rate::RateLimit;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Headers CORS lets scripts read.
const EXPOSED: &str = "Location, Retry-After, WWW-Authenticate, Link";

/// Shared limits of the playground.
pub struct Playground {
    delayed: Arc<Semaphore>,
    limiter: Option<RateLimit>,
    prebuilt: prebuilt::PrebuiltAnswers,
}

impl std::fmt::Debug for Playground {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Playground")
            .field("delayed_free", &self.delayed.available_permits())
            .field("prebuilt", &self.prebuilt)
            .finish()
    }
}

impl Playground {
    /// Limits with `per_minute` requests per client; 0 turns the per-client limit off (for
    /// benchmarks on loopback), leaving the cap on delayed requests.
    pub fn new(per_minute: u32) -> Self {
        Playground {
            delayed: Arc::new(Semaphore::new(PLAYGROUND_MAX_DELAYED)),
            limiter: RateLimit::per_minute(per_minute),
            prebuilt: prebuilt::PrebuiltAnswers::new(),
        }
    }

    /// Takes one request from the client's allowance, or the 429 to send.
    pub fn take(&self, client: ClientKey) -> Result<(), SiteError> {
        match &self.limiter {
            Some(l) => l.take(client).map_err(|wait| {
                SiteError::too_many_requests(
                    wait,
                    format!("too many playground requests from your address; try again in {wait} s"),
                )
            }),
            None => Ok(()),
        }
    }

    /// A place among the requests held open by a delay, or the 429 to send.
    pub fn hold(&self) -> Result<OwnedSemaphorePermit, SiteError> {
        self.delayed
            .clone()
            .try_acquire_owned()
            .map_err(|_| SiteError::too_many_requests(5, "too many delayed requests are open; try again shortly"))
    }

    /// Requests held open by a delay now.
    pub fn delayed_in_use(&self) -> usize {
        crate::limits::PLAYGROUND_MAX_DELAYED.saturating_sub(self.delayed.available_permits())
    }

    /// Clients the per-client limit tracks.
    pub fn tracked(&self) -> usize {
        self.limiter.as_ref().map_or(0, RateLimit::tracked)
    }

    /// Forgets rate-limit state of clients whose allowance is full again.
    pub fn sweep(&self) {
        if let Some(l) = &self.limiter {
            l.sweep();
        }
    }
}

/// Opens the response to scripts on any origin.
pub(crate) fn cors(headers: &mut HeaderMap) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED));
}

/// A playground error: rendered like every error, and open to scripts like every answer.
pub(crate) fn refuse(error: SiteError) -> Response {
    let mut r = error.into_response();
    cors(r.headers_mut());
    r
}

/// A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.
pub(crate) fn preflight(method: &Method, h: &HeaderMap) -> Option<Response> {
    if method != Method::OPTIONS
        || !h.contains_key(header::ORIGIN)
        || !h.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        return None;
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    let out = resp.headers_mut();
    cors(out);
    out.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    // Echo the requested headers only when they are a plain list of tokens.
    if let Some(asked) = h.get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        && asked
            .to_str()
            .is_ok_and(|s| s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_, ".contains(&b)))
    {
        out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
    }
    out.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    out.insert(
        header::VARY,
        HeaderValue::from_static("Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
    );
    Some(resp)
}

/// At most 40 characters of `s`, for messages that echo input.
pub(crate) fn shown(s: &str) -> String {
    s.chars().take(40).collect()
}
