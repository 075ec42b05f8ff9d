//! Bad input gets the right 4xx (or 501 for an unrecognized method, as RFC 9110 Section 9.1 asks),
//! never a 5xx otherwise, and a helpful page.

mod common;
use common::*;

#[tokio::test]
async fn a_table_of_bad_requests_and_their_statuses() {
    let long = format!("/{}", "a".repeat(5000));
    let cases: &[(&str, &str, u16)] = &[
        ("GET", "/abc", 404),
        ("GET", "/4044", 404),
        ("GET", "/%ff", 404),
        ("GET", "/%00", 404),
        ("GET", "/4177777777777777", 404),
        ("GET", "/299", 404),
        ("GET", "/999", 404),
        ("GET", "/0", 404),
        ("GET", "/-1", 404),
        ("GET", "/417/extra", 404),
        ("GET", "/category/6xx", 404),
        ("GET", "/api/v1/codes/999", 404),
        ("GET", "/api/v1/codes?class=9xx", 400),
        ("GET", "/api/v1/codes?source=acme", 400),
        ("GET", "/api/v1/search", 400),
        ("GET", "/api/v1/search?q=", 400),
        ("GET", "/search?q=%ff%fe", 200),
        ("GET", "/search?q=%", 200),
        ("GET", "/code/417", 308),
        ("GET", "/code/4177", 404),
        ("GET", "/code/", 404),
        ("GET", "/417/", 308),
        ("GET", long.as_str(), 414),
        ("POST", "/417", 405),
        ("PUT", "/", 405),
        ("DELETE", "/category/4xx", 405),
        ("PATCH", "/search", 405),
        ("POST", "/api/v1/codes", 405),
        ("TRACE", "/417", 405),
        ("POST", "/does-not-exist", 404),
        ("OPTIONS", "/417", 204),
        ("OPTIONS", "/search", 204),
        ("BREW", "/417", 501),
        ("BREW", "/search", 501),
    ];
    for (method, path, want) in cases {
        let r = request(method, path, &[HTML]).await;
        assert_eq!(r.status, *want, "{method} {}", &path[..path.len().min(60)]);
    }
}

#[tokio::test]
async fn not_found_is_friendly_and_suggests_close_codes() {
    let r = get("/4044", &[HTML]).await;
    assert_eq!(r.status, 404);
    let html = r.text();
    assert!(
        html.contains("Did you mean") && html.contains("href=\"/404\""),
        "{html}"
    );
    assert!(html.contains("<!doctype html>"));

    // A number outside 100–599 is explained as such, and a near miss of a real code suggests it.
    let near = get("/4177", &[JSON]).await;
    assert_eq!(near.status, 404);
    let j = near.json();
    assert!(j["note"].as_str().is_some_and(|n| n.contains("outside 100–599")), "{j}");
    assert!(j.get("class").is_none(), "4177 is in no class: {j}");
    let keys: Vec<&str> = j["suggestions"]
        .as_array()
        .map(|s| s.iter().filter_map(|e| e["key"].as_str()).collect())
        .unwrap_or_default();
    assert!(keys.contains(&"417"), "{keys:?}");
    let text = get("/4177", &[("accept", "text/plain")]).await.text();
    assert!(text.contains("Did you mean") && text.contains("/417"), "{text}");

    // A number far out of range is not mistaken for the 417 it starts with.
    let far = get("/4177777777777777", &[JSON]).await;
    assert_eq!(far.status, 404);
    let j = far.json();
    assert!(j.get("class").is_none(), "{j}");
    assert!(j.get("suggestions").is_none(), "nothing is near a 16-digit number: {j}");
    let note = j["note"].as_str().expect("a note for any number");
    assert!(note.contains("outside 100–599"), "{note}");

    let unassigned = get("/299", &[HTML]).await.text();
    assert!(
        unassigned.contains("unassigned in the IANA HTTP Status Code Registry"),
        "{unassigned}"
    );
    assert!(unassigned.contains("227–299"));
    assert!(unassigned.contains("href=\"/category/2xx\""), "points to its class");
    let u430 = get("/432", &[HTML]).await;
    assert_eq!(u430.status, 404);
    assert!(u430.text().contains("unassigned in the IANA") && u430.text().contains("href=\"/category/4xx\""));
    let j = get("/432", &[JSON]).await.json();
    assert_eq!(j["status"], 404);
    assert_eq!(j["class"], "/category/4xx");
}

#[tokio::test]
async fn method_not_allowed_says_what_is() {
    let r = request("POST", "/417", &[HTML]).await;
    assert_eq!(r.header("allow"), Some("GET, HEAD, OPTIONS"));
    assert!(r.text().contains("Method not allowed"));
    let o = request("OPTIONS", "/417", &[]).await;
    assert_eq!(o.header("allow"), Some("GET, HEAD, OPTIONS"));
    assert!(o.body.is_empty());
    let s = request("DELETE", "/search", &[]).await;
    assert_eq!(s.status, 405);
    assert_eq!(s.header("allow"), Some("GET, HEAD, OPTIONS"));
}

#[tokio::test]
async fn garbage_is_never_reflected_as_markup() {
    let r = get("/%3Cscript%3Ealert(1)%3C%2Fscript%3E", &[HTML]).await;
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("<script>"));
    let s = get("/search?q=%3Cimg%20src%3Dx%3E", &[HTML]).await;
    assert!(!s.text().contains("<img src=x>"));
}

#[tokio::test]
async fn code_redirect_is_permanent_and_keeps_the_method() {
    let r = get("/code/417", &[]).await;
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/417"));
}
