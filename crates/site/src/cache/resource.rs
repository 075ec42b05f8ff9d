//! One resource in memory: its representations (HTML, JSON, text), each in every coding we
//! offer, with a strong ETag and the whole header map of a 200 built once, so that serving it
//! is a lookup, an `If-None-Match` check and an encoding choice.

use super::compress::{self, Effort};
use bytes::Bytes;
use http::header::{self, HeaderMap};
use http::{HeaderValue, StatusCode};
use sha2::{Digest, Sha256};
use siteerror_present::Media;

/// Content codings every kept representation has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    /// No coding.
    Identity,
    /// `gzip`.
    Gzip,
    /// `br` (Brotli).
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` token, or `None` for identity.
    pub fn token(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }
}

/// One encoded copy of a representation.
#[derive(Debug, Clone)]
pub struct Encoded {
    bytes: Bytes,
    etag: HeaderValue,
    headers: HeaderMap,
}

impl Encoded {
    /// The bytes sent.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The strong ETag of these bytes.
    pub fn etag(&self) -> &HeaderValue {
        &self.etag
    }

    /// Every header of a 200 with these bytes.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

/// One representation (HTML, JSON or text) of a resource, in every coding we offer.
#[derive(Debug, Clone)]
pub struct Representation {
    media: Media,
    identity: Encoded,
    gzip: Encoded,
    brotli: Encoded,
}

impl Representation {
    /// Compresses `body` both ways with `effort`, and computes the ETags.
    pub fn new(media: Media, body: impl Into<Bytes>, effort: Effort) -> Representation {
        let body = body.into();
        let digest = Sha256::digest(&body);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let encoded = |bytes: Vec<u8>, suffix: &str| Encoded {
            bytes: bytes.into(),
            etag: etag(&hex, suffix),
            headers: HeaderMap::new(),
        };
        Representation {
            media,
            gzip: encoded(compress::gzip(&body, effort), "-gz"),
            brotli: encoded(compress::brotli(&body, effort), "-br"),
            identity: Encoded {
                etag: etag(&hex, ""),
                bytes: body,
                headers: HeaderMap::new(),
            },
        }
    }

    /// Which representation this is.
    pub fn media(&self) -> Media {
        self.media
    }

    /// The copy for a coding.
    pub fn encoded(&self, coding: Coding) -> &Encoded {
        match coding {
            Coding::Identity => &self.identity,
            Coding::Gzip => &self.gzip,
            Coding::Brotli => &self.brotli,
        }
    }
}

fn etag(hex: &str, suffix: &str) -> HeaderValue {
    // Hex digits and a dash between quotes are always a valid header value.
    HeaderValue::from_str(&format!("\"{hex}{suffix}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// A resource: its status (200 for pages) and its representations.
#[derive(Debug, Clone)]
pub struct CachedResource {
    status: StatusCode,
    representations: Vec<Representation>,
}

impl CachedResource {
    /// A resource with every header map built: `Cache-Control`, `Vary`, `Content-Type`,
    /// `Content-Length`, `ETag`, `Content-Encoding`, plus `common` (the security headers).
    pub fn new(
        status: StatusCode,
        mut representations: Vec<Representation>,
        cache_control: HeaderValue,
        vary: HeaderValue,
        common: &HeaderMap,
    ) -> Self {
        for rep in &mut representations {
            let content_type = HeaderValue::from_static(rep.media.content_type());
            for (coding, enc) in [
                (Coding::Identity, &mut rep.identity),
                (Coding::Gzip, &mut rep.gzip),
                (Coding::Brotli, &mut rep.brotli),
            ] {
                let h = &mut enc.headers;
                h.insert(header::ETAG, enc.etag.clone());
                h.insert(header::CACHE_CONTROL, cache_control.clone());
                h.insert(header::VARY, vary.clone());
                h.insert(header::CONTENT_TYPE, content_type.clone());
                h.insert(header::CONTENT_LENGTH, HeaderValue::from(enc.bytes.len()));
                if let Some(c) = coding.token() {
                    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
                }
                for (name, value) in common {
                    h.insert(name, value.clone());
                }
            }
        }
        CachedResource {
            status,
            representations,
        }
    }

    /// The status every representation is sent with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The representations, in server preference order.
    pub fn representations(&self) -> &[Representation] {
        &self.representations
    }

    /// The media types this resource has, in preference order.
    pub fn media(&self) -> impl Iterator<Item = Media> + '_ {
        self.representations.iter().map(|r| r.media)
    }

    /// The representation of one media type.
    pub fn get(&self, media: Media) -> Option<&Representation> {
        self.representations.iter().find(|r| r.media == media)
    }
}
