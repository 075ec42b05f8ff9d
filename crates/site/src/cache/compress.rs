//! Compression of a page made on a request: quick settings (a fraction of a millisecond for a
//! page, a few percent larger than the best), since a request waits for it. Fixed pages are
//! compressed at their best when the binary is built (`crates/pages/build.rs`).

use std::io::Write;

const GZIP_LEVEL: u32 = 6;
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;

/// `body` gzip-compressed.
pub(crate) fn gzip(body: &[u8]) -> Vec<u8> {
    let mut gz =
        flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::new(GZIP_LEVEL));
    // Writing into a Vec cannot fail; an error here would be a bug in flate2.
    let _ = gz.write_all(body);
    gz.finish().unwrap_or_default()
}

/// `body` Brotli-compressed.
pub(crate) fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        let _ = w.write_all(body);
    }
    out
}
