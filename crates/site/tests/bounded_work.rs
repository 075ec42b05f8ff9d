//! No request makes the server do unbounded work: long queries are cut before searching, and a
//! 404 looks for close matches only in the last 40 characters of one path segment.

mod common;
use common::*;

#[tokio::test]
async fn a_long_search_is_cut_before_it_is_searched() {
    let word = "a".repeat(2000);
    let r = get(&format!("/api/v1/search?q={word}"), &[]).await;
    assert_eq!(r.status, 200);
    let q = r.json()["query"].as_str().unwrap().len();
    assert!(q <= siteerror_present::views::MAX_QUERY_BYTES, "searched {q} bytes");

    let words = "too many ".repeat(150);
    let r = get(&format!("/search?q={}", words.replace(' ', "+")), &[JSON]).await;
    assert_eq!(r.status, 200);
    assert!(r.json()["query"].as_str().unwrap().len() <= siteerror_present::views::MAX_QUERY_BYTES);
}

#[tokio::test]
async fn a_long_query_string_on_any_route_is_414() {
    let long = "x".repeat(siteerror_site::limits::MAX_TARGET_BYTES);
    for path in [
        "/search?q=",
        "/api/v1/search?q=",
        "/status/200?header=X-Playground-A:",
        "/compare?a=",
    ] {
        let r = get(&format!("{path}{long}"), &[JSON]).await;
        assert_eq!(r.status, 414, "{path}");
    }
}
