//! Renders every fixed page with the presentation crate when the binary is built, compresses each
//! representation (gzip and Brotli; the strongest settings in release builds, quick ones
//! otherwise), computes strong ETags, and writes one blob of bytes plus a generated index
//! (`pages.rs`) that `src/lib.rs` includes. The content is validated here in full first, so a
//! broken content file fails the build with the file and the field.
//!
//! Terminal text for `siteerror CODE` (with and without colour) and its JSON are made here too,
//! so the command line prints a code without loading or rendering anything.

use sha2::Digest;
use siteerror_catalog::Catalog;
use siteerror_present::Media;
use siteerror_present::Renderer;
use siteerror_present::code_page::code_page_context;
use siteerror_present::pages::{Freshness, PageBody, SitePages};
use siteerror_present::text::Palette;
use siteerror_present::views::ApiEntry;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

/// The blob, with identical byte strings stored once.
#[derive(Default)]
struct Blob {
    bytes: Vec<u8>,
    seen: HashMap<[u8; 32], (usize, usize)>,
}

impl Blob {
    fn add(&mut self, data: &[u8]) -> (usize, usize) {
        let digest: [u8; 32] = sha2::Sha256::digest(data).into();
        *self.seen.entry(digest).or_insert_with(|| {
            let at = self.bytes.len();
            self.bytes.extend_from_slice(data);
            (at, data.len())
        })
    }
}

struct Compression {
    gzip: u32,
    brotli: u32,
}

/// One representation, compressed: identity, gzip, Brotli, and the identity's digest.
struct Encoded {
    media: Media,
    copies: [Vec<u8>; 3],
    hex: String,
}

fn encode(media: Media, body: &[u8], c: &Compression) -> Encoded {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(c.gzip));
    gz.write_all(body).expect("gzip into memory");
    let gzip = gz.finish().expect("gzip into memory");
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, c.brotli, 22);
        w.write_all(body).expect("brotli into memory");
    }
    let digest = sha2::Sha256::digest(body);
    let hex = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    Encoded {
        media,
        copies: [body.to_vec(), gzip, br],
        hex,
    }
}

fn media_path(m: Media) -> &'static str {
    match m {
        Media::Html => "Media::Html",
        Media::Json => "Media::Json",
        Media::Text => "Media::Text",
        Media::Css => "Media::Css",
        Media::Svg => "Media::Svg",
        Media::Js => "Media::Js",
    }
}

/// Compresses every page's representations on all cores.
fn compress_all(pages: &[siteerror_present::pages::Page], c: &Compression) -> Vec<Vec<Encoded>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = pages.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = pages
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|p| match &p.body {
                            PageBody::Negotiated { html, json, text } => vec![
                                encode(Media::Html, html.as_bytes(), c),
                                encode(Media::Json, json.as_bytes(), c),
                                encode(Media::Text, text.as_bytes(), c),
                            ],
                            PageBody::Single { media, content } => vec![encode(*media, content.as_bytes(), c)],
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a compression thread panicked"))
            .collect()
    })
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let compression = if release {
        Compression { gzip: 9, brotli: 11 }
    } else {
        Compression { gzip: 6, brotli: 5 }
    };

    let catalog = Catalog::validated().unwrap_or_else(|e| panic!("{e}"));
    let renderer = Renderer::new().unwrap_or_else(|e| panic!("{e}"));
    let mut pages = SitePages::render(&catalog, &renderer)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_pages();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    pages.dedup_by(|a, b| a.path == b.path);
    let encoded = compress_all(&pages, &compression);

    let mut blob = Blob::default();
    let mut rs = String::new();
    rs.push_str("/// Every fixed page, sorted by path.\npub(crate) static PAGES: &[RawPage] = &[\n");
    for (page, reps) in pages.iter().zip(&encoded) {
        let freshness = match page.freshness {
            Freshness::Page => "Freshness::Page",
            Freshness::Immutable => "Freshness::Immutable",
        };
        let _ = write!(
            rs,
            "    RawPage {{ path: {:?}, freshness: {freshness}, reps: &[",
            page.path
        );
        for e in reps {
            let parts: Vec<(usize, usize)> = e.copies.iter().map(|c| blob.add(c)).collect();
            let _ = write!(
                rs,
                "RawRep {{ media: {}, etags: [{:?}, {:?}, {:?}], parts: [{}], lengths: [{}] }}, ",
                media_path(e.media),
                format!("\"{}\"", e.hex),
                format!("\"{}-gz\"", e.hex),
                format!("\"{}-br\"", e.hex),
                parts
                    .iter()
                    .map(|(a, l)| format!("({a}, {l})"))
                    .collect::<Vec<_>>()
                    .join(", "),
                parts
                    .iter()
                    .map(|(_, l)| format!("{:?}", l.to_string()))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        rs.push_str("] },\n");
    }
    rs.push_str("];\n\n");
    terminal_tables(&catalog, &renderer, &mut blob, &mut rs);
    std::fs::write(out.join("pages.bin"), &blob.bytes).expect("write pages.bin");
    std::fs::write(out.join("pages.rs"), rs).expect("write pages.rs");
}

/// For `siteerror CODE`: per entry key, the code page's text with and without colour and its
/// JSON; per number as written, its keys and the JSON of all its meanings.
fn terminal_tables(catalog: &Catalog, renderer: &Renderer, blob: &mut Blob, rs: &mut String) {
    let mut keys: Vec<&siteerror_catalog::StatusEntry> = catalog.entries().iter().collect();
    keys.sort_by(|a, b| a.key.cmp(&b.key));
    rs.push_str("/// Per entry key: plain text, coloured text, JSON; sorted by key.\npub(crate) static ENTRIES: &[RawEntry] = &[\n");
    for e in &keys {
        let ctx = code_page_context(catalog, renderer, e).unwrap_or_else(|err| panic!("{err}"));
        let mut texts = Vec::new();
        for palette in [Palette::plain(), Palette::ansi()] {
            let text = renderer
                .render("code.txt", minijinja::context! { color => palette, ..ctx.clone() })
                .unwrap_or_else(|err| panic!("{err}"));
            texts.push(blob.add(text.as_bytes()));
        }
        let json = siteerror_present::json::pretty(&ApiEntry::new(e)).unwrap_or_else(|err| panic!("{err}"));
        let json = blob.add(json.as_bytes());
        let _ = writeln!(
            rs,
            "    RawEntry {{ key: {:?}, plain: {:?}, ansi: {:?}, json: {:?} }},",
            e.key, texts[0], texts[1], json
        );
    }
    rs.push_str("];\n\n");
    let mut codes = catalog.display_codes();
    codes.sort();
    rs.push_str("/// Per number as written: its keys in catalog order and the JSON of all of them; sorted.\npub(crate) static CODES: &[RawCode] = &[\n");
    for code in codes {
        let meanings = catalog.meanings(&code);
        let list: Vec<ApiEntry> = meanings.iter().map(|e| ApiEntry::new(e)).collect();
        let json = siteerror_present::json::pretty(&list).unwrap_or_else(|err| panic!("{err}"));
        let json = blob.add(json.as_bytes());
        let keys: Vec<String> = meanings.iter().map(|e| format!("{:?}", e.key)).collect();
        let _ = writeln!(
            rs,
            "    RawCode {{ code: {code:?}, keys: &[{}], json: {json:?} }},",
            keys.join(", ")
        );
    }
    rs.push_str("];\n");
}
