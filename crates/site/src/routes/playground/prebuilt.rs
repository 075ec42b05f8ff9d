//! Answers of `/status/{code}` and `/random/{codes}` kept once built: without options, a GET or
//! HEAD with `code` in one representation always gets the same answer, so it is built the first
//! time it is asked for and cloned after (a header map and a shared body), instead of looking
//! the code up, rendering its note and assembling its headers on every request.

use crate::error::SiteError;
use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use siteerror_present::Media;
use std::sync::OnceLock;

/// The codes a playground answer can have (1xx are refused before an answer is built).
const CODES: std::ops::RangeInclusive<u16> = 200..=599;
/// The representations a playground answer comes in.
const MEDIA: [Media; 3] = [Media::Json, Media::Html, Media::Text];

/// A whole playground answer: what a response is made of.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct StatusAnswer {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    /// Empty when the status or the method forbids a body.
    pub(super) body: Bytes,
}

impl StatusAnswer {
    pub(super) fn into_response(self) -> Response {
        let body = if self.body.is_empty() {
            Body::empty()
        } else {
            Body::from(self.body)
        };
        let mut resp = Response::new(body);
        *resp.status_mut() = self.status;
        *resp.headers_mut() = self.headers;
        resp
    }
}

/// One slot per code, representation and method (GET or HEAD), filled on first use. A slot is
/// a pointer, so the table stays small while few codes are asked for.
pub(crate) struct PrebuiltAnswers {
    slots: Box<[OnceLock<Box<StatusAnswer>>]>,
}

impl PrebuiltAnswers {
    pub(crate) fn new() -> PrebuiltAnswers {
        let count = CODES.len() * MEDIA.len() * 2;
        PrebuiltAnswers {
            slots: (0..count).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The answer to a plain GET (or HEAD) with `code` in `media`, built by `build` the first
    /// time. A code or representation the table has no slot for, or a failed build, is built
    /// each time (and the failure returned).
    pub(super) fn answer(
        &self,
        code: u16,
        media: Media,
        head: bool,
        build: impl FnOnce() -> Result<StatusAnswer, SiteError>,
    ) -> Result<StatusAnswer, SiteError> {
        let Some(slot) = self.slot(code, media, head) else {
            return build();
        };
        if let Some(kept) = slot.get() {
            return Ok((**kept).clone());
        }
        let built = build()?;
        Ok((**slot.get_or_init(|| Box::new(built))).clone())
    }

    fn slot(&self, code: u16, media: Media, head: bool) -> Option<&OnceLock<Box<StatusAnswer>>> {
        if !CODES.contains(&code) {
            return None;
        }
        let m = MEDIA.iter().position(|&x| x == media)?;
        let index = (usize::from(code - CODES.start()) * MEDIA.len() + m) * 2 + usize::from(head);
        self.slots.get(index)
    }
}

impl std::fmt::Debug for PrebuiltAnswers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrebuiltAnswers")
            .field("built", &self.slots.iter().filter(|s| s.get().is_some()).count())
            .finish()
    }
}
