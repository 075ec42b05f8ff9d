//! Compression of a representation into its gzip and Brotli copies.

use std::io::Write;

/// How hard to compress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// For pages made once at start-up: near the top of the scale, since it is paid once.
    Best,
    /// For pages made on a request and kept: a fraction of a millisecond for a page, at a few
    /// percent larger output.
    Quick,
}

impl Effort {
    fn gzip_level(self) -> u32 {
        match self {
            Effort::Best => 9,
            Effort::Quick => 6,
        }
    }

    fn brotli_quality(self) -> u32 {
        match self {
            Effort::Best => 10,
            Effort::Quick => 5,
        }
    }
}

const BROTLI_WINDOW: u32 = 22;

/// `body` gzip-compressed.
pub(crate) fn gzip(body: &[u8], effort: Effort) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::new(effort.gzip_level()),
    );
    // Writing into a Vec cannot fail; an error here would be a bug in flate2.
    let _ = gz.write_all(body);
    gz.finish().unwrap_or_default()
}

/// `body` Brotli-compressed.
pub(crate) fn brotli(body: &[u8], effort: Effort) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, effort.brotli_quality(), BROTLI_WINDOW);
        let _ = w.write_all(body);
    }
    out
}
