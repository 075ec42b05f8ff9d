//! The response cache: every page that does not depend on the request is rendered once at
//! start-up into identity, gzip and Brotli bytes with a strong ETag each, so that serving it is a
//! map lookup, an `If-None-Match` check and an encoding choice.

use crate::negotiate::{Coding, Media};
use bytes::Bytes;
use http::header::{self, HeaderMap};
use http::{HeaderValue, StatusCode};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;

/// Brotli quality for pre-compressed pages: near the top of the scale, since it is paid once.
const BROTLI_QUALITY: u32 = 10;
const BROTLI_WINDOW: u32 = 22;

/// One encoded copy of a representation.
#[derive(Debug, Clone)]
pub struct Encoded {
    /// The bytes sent.
    pub bytes: Bytes,
    /// The strong ETag of these bytes.
    pub etag: HeaderValue,
    /// Every header of a 200 with these bytes, built once (see [`CachedResource::seal`]).
    pub headers: HeaderMap,
}

/// One representation (HTML, JSON or text) of a resource, in every coding we offer.
#[derive(Debug, Clone)]
pub struct Representation {
    /// Which representation this is.
    pub media: Media,
    /// Identity, gzip and Brotli copies.
    pub identity: Encoded,
    /// gzip copy.
    pub gzip: Encoded,
    /// Brotli copy.
    pub brotli: Encoded,
}

impl Representation {
    /// Compresses `body` both ways, as well as is worth it for a page rendered once at start-up,
    /// and computes the ETags.
    pub fn new(media: Media, body: impl Into<Bytes>) -> Representation {
        Representation::compressed(media, body.into(), 9, BROTLI_QUALITY)
    }

    /// The same with quick compression, for pages rendered on a request and kept afterwards:
    /// a fraction of a millisecond for a page, at a few percent larger output.
    pub fn quick(media: Media, body: impl Into<Bytes>) -> Representation {
        Representation::compressed(media, body.into(), 6, 5)
    }

    fn compressed(media: Media, body: Bytes, gzip_level: u32, brotli_quality: u32) -> Representation {
        let digest = Sha256::digest(&body);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let tag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{hex}{suffix}\"")).expect("hex digits are a valid header value")
        };
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(gzip_level));
        gz.write_all(&body).expect("writing to a Vec cannot fail");
        let gzip = gz.finish().expect("writing to a Vec cannot fail");
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, brotli_quality, BROTLI_WINDOW);
            w.write_all(&body).expect("writing to a Vec cannot fail");
        }
        let encoded = |bytes: Bytes, etag| Encoded {
            bytes,
            etag,
            headers: HeaderMap::new(),
        };
        Representation {
            media,
            identity: encoded(body, tag("")),
            gzip: encoded(gzip.into(), tag("-gz")),
            brotli: encoded(br.into(), tag("-br")),
        }
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

/// A resource: its status (200 for pages) and its representations.
#[derive(Debug, Clone)]
pub struct CachedResource {
    /// The status every representation is sent with.
    pub status: StatusCode,
    /// The representations, in server preference order.
    pub representations: Vec<Representation>,
    /// `Cache-Control` for this resource.
    pub cache_control: HeaderValue,
}

impl CachedResource {
    /// A resource with its header maps built: call once, after the representations are final.
    pub fn new(status: StatusCode, representations: Vec<Representation>, cache_control: HeaderValue) -> Self {
        let vary = if representations.len() > 1 {
            crate::respond::VARY_NEGOTIATED
        } else {
            crate::respond::VARY_ENCODING
        };
        CachedResource::with_vary(status, representations, cache_control, vary)
    }

    /// The same with a given `Vary`: for one representation picked from several by `Accept`.
    pub fn with_vary(
        status: StatusCode,
        representations: Vec<Representation>,
        cache_control: HeaderValue,
        vary: &'static str,
    ) -> Self {
        let mut res = CachedResource {
            status,
            representations,
            cache_control,
        };
        let vary = HeaderValue::from_static(vary);
        for rep in &mut res.representations {
            let content_type = HeaderValue::from_static(rep.media.content_type());
            for (coding, enc) in [
                (None, &mut rep.identity),
                (Some("gzip"), &mut rep.gzip),
                (Some("br"), &mut rep.brotli),
            ] {
                let h = &mut enc.headers;
                h.insert(header::ETAG, enc.etag.clone());
                h.insert(header::CACHE_CONTROL, res.cache_control.clone());
                h.insert(header::VARY, vary.clone());
                h.insert(header::CONTENT_TYPE, content_type.clone());
                h.insert(header::CONTENT_LENGTH, HeaderValue::from(enc.bytes.len()));
                if let Some(c) = coding {
                    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
                }
                crate::respond::security_headers(h);
            }
        }
        res
    }

    /// The media types this resource has, in preference order.
    pub fn media(&self) -> Vec<Media> {
        self.representations.iter().map(|r| r.media).collect()
    }

    /// The representation of one media type.
    pub fn get(&self, media: Media) -> Option<&Representation> {
        self.representations.iter().find(|r| r.media == media)
    }
}

/// Every pre-rendered resource by path.
#[derive(Debug, Clone, Default)]
pub struct ResponseCache {
    resources: HashMap<String, CachedResource>,
}

impl ResponseCache {
    /// Adds (or replaces) the resource at `path`.
    pub fn insert(&mut self, path: impl Into<String>, resource: CachedResource) {
        self.resources.insert(path.into(), resource);
    }

    /// The resource at `path`.
    pub fn get(&self, path: &str) -> Option<&CachedResource> {
        self.resources.get(path)
    }

    /// Every cached path, sorted (for the static export and the tests).
    pub fn paths(&self) -> Vec<&str> {
        let mut p: Vec<&str> = self.resources.keys().map(String::as_str).collect();
        p.sort_unstable();
        p
    }

    /// How many resources are cached.
    pub fn len(&self) -> usize {
        self.resources.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty()
    }
}

/// Weak comparison of an `If-None-Match` field against our ETag (RFC 9110 Section 13.1.2).
pub fn if_none_match_matches(field: &str, etag: &HeaderValue) -> bool {
    let ours = etag.to_str().unwrap_or("");
    let ours = ours.strip_prefix("W/").unwrap_or(ours);
    field
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == ours)
}
