//! One resource in memory: its representations (HTML, JSON, text), each in every coding we
//! offer with a strong ETag and its length written out. Fixed pages point into the bytes
//! embedded at build time; pages made on request own theirs. Either way, serving one copies no
//! body and builds its headers from values made once.

use super::compress;
use bytes::Bytes;
use http::{HeaderValue, StatusCode};
use sha2::{Digest, Sha256};
use siteerror_pages::{Encoding, RawPage};
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

    const ALL: [Coding; 3] = [Coding::Identity, Coding::Gzip, Coding::Brotli];
}

/// One encoded copy of a representation.
#[derive(Debug, Clone)]
pub struct Encoded {
    bytes: Bytes,
    etag: HeaderValue,
    length: HeaderValue,
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

    /// `Content-Length`.
    pub fn length(&self) -> &HeaderValue {
        &self.length
    }
}

/// `bytes` in an allocation of exactly their length.
fn exact(bytes: Vec<u8>) -> Bytes {
    Bytes::from(bytes.into_boxed_slice())
}

/// One representation (HTML, JSON or text) of a resource, in every coding we offer.
#[derive(Debug, Clone)]
pub struct Representation {
    media: Media,
    copies: [Encoded; 3],
}

impl Representation {
    /// Compresses `body` both ways, quickly, and computes the ETags (pages made on request).
    /// Each copy is kept in an allocation of exactly its size: a rendered page's `String`, and
    /// the compressors' output, grow by doubling and could hold up to twice their bytes.
    pub fn new(media: Media, body: impl Into<Vec<u8>>) -> Representation {
        let body = exact(body.into());
        let digest = Sha256::digest(&body);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let encoded = |bytes: Bytes, suffix: &str| Encoded {
            etag: HeaderValue::from_str(&format!("\"{hex}{suffix}\""))
                .unwrap_or_else(|_| HeaderValue::from_static("\"\"")),
            length: HeaderValue::from(bytes.len()),
            bytes,
        };
        let gzip = exact(compress::gzip(&body));
        let brotli = exact(compress::brotli(&body));
        Representation {
            media,
            copies: [encoded(body, ""), encoded(gzip, "-gz"), encoded(brotli, "-br")],
        }
    }

    /// A representation embedded at build time: nothing is copied.
    pub fn embedded(rep: &'static siteerror_pages::RawRep) -> Representation {
        let copy = |e: Encoding| Encoded {
            bytes: Bytes::from_static(rep.bytes(e)),
            etag: HeaderValue::from_static(rep.etag(e)),
            length: HeaderValue::from_static(rep.length(e)),
        };
        Representation {
            media: rep.media(),
            copies: [copy(Encoding::Identity), copy(Encoding::Gzip), copy(Encoding::Brotli)],
        }
    }

    /// Which representation this is.
    pub fn media(&self) -> Media {
        self.media
    }

    /// The copy for a coding.
    pub fn encoded(&self, coding: Coding) -> &Encoded {
        match coding {
            Coding::Identity => &self.copies[0],
            Coding::Gzip => &self.copies[1],
            Coding::Brotli => &self.copies[2],
        }
    }

    /// The bytes of every copy together.
    pub fn total_bytes(&self) -> usize {
        Coding::ALL.iter().map(|c| self.encoded(*c).bytes.len()).sum()
    }
}

/// A resource: its status (200 for pages), its representations, and the caching fields every
/// answer with it carries.
#[derive(Debug, Clone)]
pub struct CachedResource {
    status: StatusCode,
    representations: Vec<Representation>,
    cache_control: HeaderValue,
    vary: HeaderValue,
}

impl CachedResource {
    /// A resource of `representations`.
    pub fn new(
        status: StatusCode,
        representations: Vec<Representation>,
        cache_control: HeaderValue,
        vary: HeaderValue,
    ) -> Self {
        CachedResource {
            status,
            representations,
            cache_control,
            vary,
        }
    }

    /// A page embedded at build time.
    pub fn embedded(page: &'static RawPage) -> Self {
        let reps: Vec<Representation> = page.reps().iter().map(Representation::embedded).collect();
        let cache_control = HeaderValue::from_static(match page.freshness() {
            siteerror_pages::Freshness::Page => super::PAGE_CACHE_CONTROL,
            siteerror_pages::Freshness::Immutable => super::IMMUTABLE_CACHE_CONTROL,
        });
        let vary = HeaderValue::from_static(if reps.len() > 1 {
            crate::headers::VARY_NEGOTIATED
        } else {
            crate::headers::VARY_ENCODING
        });
        CachedResource::new(StatusCode::OK, reps, cache_control, vary)
    }

    /// The status every representation is sent with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The representations, in server preference order.
    pub fn representations(&self) -> &[Representation] {
        &self.representations
    }

    /// `Cache-Control`.
    pub fn cache_control(&self) -> &HeaderValue {
        &self.cache_control
    }

    /// `Vary`.
    pub fn vary(&self) -> &HeaderValue {
        &self.vary
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
