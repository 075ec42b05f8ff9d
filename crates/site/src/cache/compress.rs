//! Compression of a page made on a request: quick settings (a fraction of a millisecond for a
//! page, a few percent larger than the best), since a request waits for it. Fixed pages are
//! compressed at their best when the binary is built (`crates/pages/build.rs`).

use std::io::Write;

const GZIP_LEVEL: u32 = 6;
const BROTLI_QUALITY: u32 = 5;
/// The largest Brotli window (4 MiB); a page gets the smallest that holds it whole.
const BROTLI_MAX_WINDOW: u32 = 22;
/// The smallest window used (256 KiB). At quality 5 the brotli crate takes 4 to 5 ms for a
/// 7 KiB page with a window of 64 KiB or less (it zeroes a large table for every page), and
/// 0.2 ms from 128 KiB on, measured in a release build.
const BROTLI_MIN_WINDOW: u32 = 18;

/// `body` gzip-compressed.
pub(crate) fn gzip(body: &[u8]) -> Vec<u8> {
    let mut gz =
        flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::new(GZIP_LEVEL));
    // Writing into a Vec cannot fail; an error here would be a bug in flate2.
    let _ = gz.write_all(body);
    gz.finish().unwrap_or_default()
}

/// `body` Brotli-compressed. The window is the smallest that holds the whole body (within the
/// bounds above): a larger one finds nothing more, and the encoder allocates its ring buffer by
/// the window's size (4 MiB at the largest, for a page of a few KiB).
pub(crate) fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4);
    let window = (usize::BITS - body.len().max(1).leading_zeros()).clamp(BROTLI_MIN_WINDOW, BROTLI_MAX_WINDOW);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, window);
        let _ = w.write_all(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn both_codings_give_the_body_back() {
        for len in [0usize, 1, 1000, 1025, 70_000, 5_000_000] {
            let body: Vec<u8> = (0..len)
                .map(|i| b"abcdefghij klmnop\n"[(i * 7 + i / 13) % 18])
                .collect();
            let mut back = Vec::new();
            brotli::Decompressor::new(&super::brotli(&body)[..], 4096)
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, body, "brotli, {len} bytes");
            back.clear();
            flate2::read::GzDecoder::new(&super::gzip(&body)[..])
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, body, "gzip, {len} bytes");
        }
    }
}
