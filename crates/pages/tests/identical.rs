//! The embedded pages are exactly what rendering at run time produces, and each compressed copy
//! decodes to them.

use siteerror_catalog::Catalog;
use siteerror_pages::{Encoding, page, pages};
use siteerror_present::Renderer;
use siteerror_present::pages::{PageBody, SitePages};
use std::io::Read;

#[test]
fn every_embedded_page_is_what_rendering_now_gives() {
    let catalog = Catalog::embedded().unwrap();
    let renderer = Renderer::new().unwrap();
    let rendered = SitePages::render(&catalog, &renderer).unwrap().into_pages();
    assert_eq!(rendered.len(), pages().len(), "a page is missing or extra");
    for p in &rendered {
        let embedded = page(&p.path).unwrap_or_else(|| panic!("{} is not embedded", p.path));
        let bodies: Vec<&str> = match &p.body {
            PageBody::Negotiated { html, json, text } => vec![html, json, text],
            PageBody::Single { content, .. } => vec![content],
        };
        assert_eq!(embedded.reps().len(), bodies.len(), "{}", p.path);
        for (rep, body) in embedded.reps().iter().zip(bodies) {
            assert!(
                rep.bytes(Encoding::Identity) == body.as_bytes(),
                "{} {:?} differs",
                p.path,
                rep.media()
            );
            assert_eq!(rep.length(Encoding::Identity), body.len().to_string());
        }
    }
}

#[test]
fn compressed_copies_decode_to_the_identity() {
    for p in pages().iter().step_by(7) {
        for rep in p.reps() {
            let identity = rep.bytes(Encoding::Identity);
            let mut gz = Vec::new();
            flate2::read::GzDecoder::new(rep.bytes(Encoding::Gzip))
                .read_to_end(&mut gz)
                .unwrap();
            assert!(gz == identity, "{} gzip", p.path());
            let mut br = Vec::new();
            brotli::Decompressor::new(rep.bytes(Encoding::Brotli), 4096)
                .read_to_end(&mut br)
                .unwrap();
            assert!(br == identity, "{} brotli", p.path());
            assert_ne!(rep.etag(Encoding::Identity), rep.etag(Encoding::Gzip));
            assert!(rep.etag(Encoding::Brotli).starts_with('"') && rep.etag(Encoding::Brotli).ends_with("-br\""));
        }
    }
}

#[test]
fn the_terminal_text_of_417_is_its_page_text() {
    let t = siteerror_pages::entry("417").unwrap();
    let text = page("/417").unwrap().reps()[2].bytes(Encoding::Identity);
    assert_eq!(t.plain.as_bytes(), text);
    assert!(t.ansi.contains("\u{1b}["));
    let (meanings, json) = siteerror_pages::meanings("499").unwrap();
    assert!(meanings.len() >= 2);
    assert!(json.trim_start().starts_with('['));
}
