//! Every page that depends only on the content, rendered and compressed when the binary was
//! built (see `build.rs`) and embedded in it: serving one is a lookup in a sorted table, with no
//! rendering, no compression and no allocation at start-up. The command line's `siteerror CODE`
//! reads its text from here too.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use siteerror_present::Media;
pub use siteerror_present::pages::Freshness;

include!(concat!(env!("OUT_DIR"), "/pages.rs"));

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pages.bin"));

fn slice((at, len): (usize, usize)) -> &'static [u8] {
    BLOB.get(at..at + len).unwrap_or_default()
}

fn text(part: (usize, usize)) -> &'static str {
    // The build script wrote these from `String`s.
    std::str::from_utf8(slice(part)).unwrap_or_default()
}

/// One embedded page.
#[derive(Debug)]
pub struct RawPage {
    path: &'static str,
    freshness: Freshness,
    reps: &'static [RawRep],
}

/// One representation of an embedded page: identity, gzip and Brotli copies.
#[derive(Debug)]
pub struct RawRep {
    media: Media,
    etags: [&'static str; 3],
    parts: [(usize, usize); 3],
    lengths: [&'static str; 3],
}

/// An entry's terminal text and JSON.
#[derive(Debug)]
pub struct RawEntry {
    key: &'static str,
    plain: (usize, usize),
    ansi: (usize, usize),
    json: (usize, usize),
}

/// A number as written and its meanings.
#[derive(Debug)]
pub struct RawCode {
    code: &'static str,
    keys: &'static [&'static str],
    json: (usize, usize),
}

/// Which copy of a representation (its content coding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The bytes as rendered.
    Identity = 0,
    /// gzip.
    Gzip = 1,
    /// Brotli.
    Brotli = 2,
}

impl RawPage {
    /// The path it is served at.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// How long it may be kept.
    pub fn freshness(&self) -> Freshness {
        self.freshness
    }

    /// Its representations, in server preference order.
    pub fn reps(&self) -> &'static [RawRep] {
        self.reps
    }
}

impl RawRep {
    /// The media type.
    pub fn media(&self) -> Media {
        self.media
    }

    /// The bytes of one copy.
    pub fn bytes(&self, copy: Encoding) -> &'static [u8] {
        slice(self.parts[copy as usize])
    }

    /// The length of one copy, written out for `Content-Length`.
    pub fn length(&self, copy: Encoding) -> &'static str {
        self.lengths[copy as usize]
    }

    /// The strong ETag of one copy, quotes included: a digest of the identity bytes, with
    /// `-gz` or `-br` for the compressed copies.
    pub fn etag(&self, copy: Encoding) -> &'static str {
        self.etags[copy as usize]
    }
}

/// Every embedded byte: each page's bytes are a part of this one block, which the server may
/// send from the executable file itself (see the site crate's `server::file_bodies`).
pub fn blob() -> &'static [u8] {
    BLOB
}

/// Every embedded page, sorted by path.
pub fn pages() -> &'static [RawPage] {
    PAGES
}

/// The page at `path`.
pub fn page(path: &str) -> Option<&'static RawPage> {
    PAGES
        .binary_search_by(|p| p.path.cmp(path))
        .ok()
        .and_then(|i| PAGES.get(i))
}

/// What `siteerror CODE` prints for one entry.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    /// The entry's key.
    pub key: &'static str,
    /// The code page as text, without colour.
    pub plain: &'static str,
    /// The same with ANSI colour.
    pub ansi: &'static str,
    /// The API's JSON for the entry.
    pub json: &'static str,
}

/// The terminal text of the entry with `key`.
pub fn entry(key: &str) -> Option<Terminal> {
    let e = ENTRIES
        .binary_search_by(|e| e.key.cmp(key))
        .ok()
        .and_then(|i| ENTRIES.get(i))?;
    Some(Terminal {
        key: e.key,
        plain: text(e.plain),
        ansi: text(e.ansi),
        json: text(e.json),
    })
}

/// The meanings of a number as written (`"417"`, `"403.14"`), in catalog order, and the JSON
/// array of all of them.
pub fn meanings(code: &str) -> Option<(Vec<Terminal>, &'static str)> {
    let c = CODES
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .and_then(|i| CODES.get(i))?;
    Some((c.keys.iter().filter_map(|k| entry(k)).collect(), text(c.json)))
}
