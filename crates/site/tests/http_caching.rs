//! Negotiation, conditional requests, compression and HEAD on pre-rendered pages.

mod common;
use common::*;
use std::io::Read;

#[tokio::test]
async fn browsers_get_html_programs_json_terminals_text() {
    let html = get("/417", &[HTML]).await;
    assert_eq!(html.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(html.text().starts_with("<!doctype html>"));

    let json = get("/417", &[JSON]).await;
    assert_eq!(json.header("content-type"), Some("application/json"));
    assert_eq!(json.json()["name"], "Expectation Failed");

    let text = get("/417", &[("accept", "text/plain")]).await;
    assert_eq!(text.header("content-type"), Some("text/plain; charset=utf-8"));
    assert!(text.text().starts_with("417 Expectation Failed"));

    let curl = get("/417", &[("accept", "*/*"), ("user-agent", "curl/8.5.0")]).await;
    assert_eq!(curl.header("content-type"), Some("text/plain; charset=utf-8"));
    assert!(!curl.text().contains('\x1b'), "no colour escapes over HTTP");

    let none = get("/417", &[]).await;
    assert_eq!(none.header("content-type"), Some("text/html; charset=utf-8"));
}

#[tokio::test]
async fn every_negotiated_response_says_what_it_varies_on() {
    for path in ["/", "/417", "/category/4xx"] {
        let r = get(path, &[HTML]).await;
        let vary = r.header("vary").unwrap_or("");
        for field in ["Accept", "Accept-Encoding"] {
            assert!(
                vary.split(", ").any(|v| v == field),
                "{path}: Vary {vary:?} lacks {field}"
            );
        }
        assert!(
            r.header("cache-control").is_some_and(|c| c.contains("max-age")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn unacceptable_media_gets_406() {
    let r = get("/417", &[("accept", "image/png")]).await;
    assert_eq!(r.status, 406);
    assert!(r.text().contains("text/html"), "406 lists what is available");
}

#[tokio::test]
async fn if_none_match_answers_304_with_the_validators() {
    let first = get("/404", &[HTML]).await;
    let etag = first.header("etag").expect("etag").to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "strong etag {etag}");

    let again = get("/404", &[HTML, ("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert!(again.header("cache-control").is_some() && again.header("vary").is_some());

    let weak = get("/404", &[HTML, ("if-none-match", &format!("W/{etag}"))]).await;
    assert_eq!(weak.status, 304, "If-None-Match uses weak comparison");
    let list = get("/404", &[HTML, ("if-none-match", &format!("\"nope\", {etag}"))]).await;
    assert_eq!(list.status, 304);
    let star = get("/404", &[HTML, ("if-none-match", "*")]).await;
    assert_eq!(star.status, 304);

    let other = get("/404", &[HTML, ("if-none-match", "\"something-else\"")]).await;
    assert_eq!(other.status, 200);

    let json = get("/404", &[JSON, ("if-none-match", &etag)]).await;
    assert_eq!(json.status, 200, "the JSON representation has its own ETag");
    assert_ne!(json.header("etag"), Some(etag.as_str()));
}

#[tokio::test]
async fn compressed_copies_decode_to_the_same_bytes() {
    let plain = get("/503", &[HTML]).await;
    assert_eq!(plain.header("content-encoding"), None);

    let gz = get("/503", &[HTML, ("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&gz.body), plain.body);
    assert!(gz.body.len() < plain.body.len() / 2);

    let br = get("/503", &[HTML, ("accept-encoding", "gzip, deflate, br, zstd")]).await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    let mut out = Vec::new();
    brotli::Decompressor::new(&br.body[..], 4096)
        .read_to_end(&mut out)
        .unwrap();
    assert_eq!(out, plain.body);
    assert!(br.body.len() <= gz.body.len());

    let etags = [plain.header("etag"), gz.header("etag"), br.header("etag")];
    assert!(
        etags[0] != etags[1] && etags[1] != etags[2] && etags[0] != etags[2],
        "each coding has its own strong ETag: {etags:?}"
    );
    assert_eq!(br.header("content-length"), Some(br.body.len().to_string().as_str()));
}

#[tokio::test]
async fn head_sends_the_headers_of_get_and_no_body() {
    let g = get("/200", &[HTML, ("accept-encoding", "br")]).await;
    let h = request("HEAD", "/200", &[HTML, ("accept-encoding", "br")]).await;
    assert_eq!(h.status, 200);
    assert!(h.body.is_empty());
    for name in [
        "content-type",
        "content-length",
        "etag",
        "content-encoding",
        "vary",
        "cache-control",
    ] {
        assert_eq!(h.header(name), g.header(name), "{name}");
    }
}

#[tokio::test]
async fn the_stylesheet_is_cached_forever_under_a_hashed_name() {
    let html = get("/", &[HTML]).await.text();
    let href = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("stylesheet link");
    assert!(href.starts_with("/static/site.") && href.ends_with(".css"));
    let css = get(href, &[("accept", "text/css,*/*;q=0.1")]).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.header("cache-control").is_some_and(|c| c.contains("immutable")));
    assert!(css.text().contains("prefers-color-scheme: dark"));
}

#[tokio::test]
async fn security_headers_on_every_response() {
    for path in ["/", "/417", "/nope", "/api/v1/codes"] {
        let r = get(path, &[]).await;
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert!(
            r.header("content-security-policy")
                .is_some_and(|c| c.contains("default-src 'self'")),
            "{path}"
        );
    }
}

/// `x-gzip` is gzip (RFC 9110 Section 8.4.1.3); `*;q=0` refuses every coding not listed,
/// identity included (Section 12.5.3), so it is a 406 unless a listed coding is available.
#[tokio::test]
async fn x_gzip_and_star_q0_in_accept_encoding() {
    let plain = get("/503", &[HTML]).await;

    let x = get("/503", &[HTML, ("accept-encoding", "x-gzip")]).await;
    assert_eq!(x.status, 200);
    assert_eq!(x.header("content-encoding"), Some("gzip"));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&x.body[..]).read_to_end(&mut out).unwrap();
    assert_eq!(out, plain.body);

    let none = get("/503", &[HTML, ("accept-encoding", "*;q=0")]).await;
    assert_eq!(none.status, 406, "identity is excluded too");
    assert_eq!(none.header("content-encoding"), None);

    let gz = get("/503", &[HTML, ("accept-encoding", "gzip, *;q=0")]).await;
    assert_eq!(gz.status, 200);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&gz.body), plain.body);
}

fn gunzip(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body).read_to_end(&mut out).unwrap();
    out
}
