//! The playground's live endpoints: any status with its tied headers, options, limits and CORS.

mod common;
use common::*;

#[tokio::test]
async fn any_status_with_the_headers_it_needs() {
    let cases: &[(u16, &str, &str)] = &[
        (301, "location", "/status/200"),
        (308, "location", "/status/200"),
        (
            401,
            "www-authenticate",
            "Basic realm=\"siteerror playground\", charset=\"UTF-8\"",
        ),
        (405, "allow", "GET, HEAD, OPTIONS"),
        (
            407,
            "proxy-authenticate",
            "Basic realm=\"siteerror playground\", charset=\"UTF-8\"",
        ),
        (426, "upgrade", "HTTP/3.0"),
        (429, "retry-after", "5"),
        (503, "retry-after", "5"),
        (451, "link", "</451>; rel=\"blocked-by\""),
    ];
    for (code, name, value) in cases {
        for method in ["GET", "POST", "DELETE"] {
            let r = request(method, &format!("/status/{code}"), &[JSON]).await;
            assert_eq!(r.status, *code, "{method} /status/{code}");
            assert_eq!(r.header(name), Some(*value), "{code} {name}");
            assert_eq!(r.json()["code"], *code);
        }
    }
    let range = get("/status/416", &[JSON]).await;
    assert!(range.header("content-range").is_some_and(|v| v.starts_with("bytes */")));
    let page = get("/status/404", &[JSON]).await.json();
    assert_eq!(page["page"], "/404");
    assert_eq!(page["name"], "Not Found");
}

#[tokio::test]
async fn no_content_where_the_code_or_method_forbids_it() {
    for code in [204, 205, 304] {
        let r = get(&format!("/status/{code}"), &[JSON]).await;
        assert_eq!(r.status, code);
        assert!(r.body.is_empty(), "{code} has no content");
    }
    assert_eq!(get("/status/205", &[]).await.header("content-length"), Some("0"));
    let head = request("HEAD", "/status/500", &[JSON]).await;
    assert_eq!(head.status, 500);
    assert!(head.body.is_empty());
    let none = get("/status/500?body=none", &[JSON]).await;
    assert_eq!(none.status, 500);
    assert!(none.body.is_empty());
}

#[tokio::test]
async fn unassigned_vendor_and_interim_codes() {
    let u = get("/status/299", &[JSON]).await;
    assert_eq!(u.status, 299);
    assert!(u.json()["note"].as_str().unwrap().contains("unassigned"));
    let v = get("/status/499", &[JSON]).await.json();
    assert!(v["note"].as_str().unwrap().contains("vendors"));
    for code in [100, 101, 103, 199] {
        let r = get(&format!("/status/{code}"), &[("accept", "text/plain")]).await;
        assert_eq!(r.status, 400, "{code} cannot be a final response");
        assert!(r.text().contains("100 Continue") && r.text().contains("103 Early Hints"));
    }
    assert_eq!(get("/status/600", &[]).await.status, 404);
    assert_eq!(get("/status/abc", &[]).await.status, 404);
    assert_eq!(get("/status/2000", &[]).await.status, 404);
}

#[tokio::test]
async fn options_delay_headers_and_their_limits() {
    let started = std::time::Instant::now();
    let r = get("/status/202?delay=200", &[]).await;
    assert_eq!(r.status, 202);
    assert!(started.elapsed() >= std::time::Duration::from_millis(190));
    let h = get("/status/200", &[("x-siteerror-delay", "50")]).await;
    assert_eq!(h.status, 200);

    assert_eq!(
        get("/status/200?delay=10001", &[]).await.status,
        400,
        "over the cap is refused, not clamped"
    );
    assert_eq!(get("/status/200?delay=soon", &[]).await.status, 400);

    let extra = get(
        "/status/200?header=Cache-Control:max-age%3D60&header=X-Playground-Test:1",
        &[],
    )
    .await;
    assert_eq!(extra.header("cache-control"), Some("private, max-age=60"));
    assert_eq!(extra.header("x-playground-test"), Some("1"));
    let via_header = get("/status/200", &[("x-siteerror-header", "ETag: \"v1\"")]).await;
    assert_eq!(via_header.header("etag"), Some("\"v1\""));
    for bad in [
        "Content-Type:text/html",
        "Set-Cookie:a=b",
        "Location:https://evil.example/",
        "Connection:close",
        "Transfer-Encoding:chunked",
        "X-SiteError-Delay:1",
        "Content-Security-Policy:none",
        "Cache-Control:a%0d%0aSet-Cookie:x=y",
    ] {
        let r = get(&format!("/status/200?header={bad}"), &[]).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.header("set-cookie").is_none());
    }
}

#[tokio::test]
async fn random_picks_from_lists_ranges_and_weights() {
    for _ in 0..30 {
        let r = get("/random/200,201,500-504", &[]).await;
        assert!([200, 201, 500, 501, 502, 503, 504].contains(&r.status), "{}", r.status);
    }
    for _ in 0..10 {
        assert_eq!(get("/random/418:1", &[]).await.status, 418);
    }
    for bad in [
        "/random/abc",
        "/random/100",
        "/random/200-599,200-599",
        "/random/200:0",
        "/random/300-200",
    ] {
        assert_eq!(get(bad, &[]).await.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn anything_describes_the_request_without_the_body() {
    use axum::body::Body;
    let req = http::Request::post("/anything/some/path?a=1&a=2")
        .header("content-type", "text/plain")
        .body(Body::from("<script>alert(1)</script>"))
        .unwrap();
    let r = send(req).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["path"], "/anything/some/path");
    assert_eq!(v["query"][1][1], "2");
    assert_eq!(v["body_bytes"], 25);
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(b"<script>alert(1)</script>")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(v["body_sha256"], want);
    assert_eq!(v["body_sha256"].as_str().unwrap().len(), 64);
    assert!(!r.text().contains("<script>"), "the body is never echoed");
}

#[tokio::test]
async fn cors_is_open_and_preflight_answered() {
    let r = get("/status/429", &[("origin", "https://app.example")]).await;
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("Location, Retry-After, WWW-Authenticate, Link")
    );
    let p = request(
        "OPTIONS",
        "/status/500",
        &[
            ("origin", "https://app.example"),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "x-siteerror-delay"),
        ],
    )
    .await;
    assert_eq!(p.status, 204);
    assert!(p.header("access-control-allow-methods").unwrap().contains("PUT"));
    assert_eq!(p.header("access-control-allow-headers"), Some("x-siteerror-delay"));
}

#[tokio::test]
async fn unmet_expectations_get_417_everywhere() {
    for path in ["/", "/417", "/anything", "/status/200", "/api/v1/codes"] {
        let r = request("GET", path, &[("expect", "teapot")]).await;
        assert_eq!(r.status, 417, "{path}");
    }
    assert_eq!(
        request("GET", "/", &[("expect", "100-Continue")]).await.status,
        200,
        "case-insensitive"
    );
}

#[tokio::test]
async fn the_playground_page_builds_the_request() {
    let page = get("/playground", &[HTML]).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("id=\"playground-form\"")
            && html.contains("100 Continue")
            && html.contains("417 Expectation Failed")
    );
    let r = get(
        "/playground?method=post&status=503&delay=2000&header=Retry-After%3A+9",
        &[HTML, ("host", "example.test:8080")],
    )
    .await;
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(
        html.contains(
            "curl -i -X POST &#39;http://example.test:8080/status/503?delay=2000&amp;header=Retry%2DAfter%3A%209&#39;"
        ),
        "{html}"
    );
    let list = get("/playground?status=200:3,500:1", &[JSON]).await.json();
    assert_eq!(list["target"], "/random/200:3,500:1");
    let bad = get("/playground?status=999", &[JSON]).await;
    assert_eq!(bad.status, 400);
    let hostile = get("/playground?status=200", &[HTML, ("host", "<script>")])
        .await
        .text();
    assert!(!hostile.contains("<script>") && hostile.contains("localhost:8080"));
    let code_page = get("/503", &[HTML]).await.text();
    assert!(
        code_page.contains("href=\"/status/503\""),
        "every code page links Try it"
    );
}

/// At most `PLAYGROUND_MAX_DELAYED` requests are held open by a delay at once: with that many
/// waiting, one more delayed request gets 429 with `Retry-After`, while an undelayed one still
/// gets its status; once they end, delays are accepted again. The site is the test's own (its
/// per-client limit off), so its held requests block no other test.
#[tokio::test]
async fn delayed_requests_held_open_are_capped() {
    use axum::body::Body;
    use siteerror_site::limits::{PLAYGROUND_MAX_DELAY_MS, PLAYGROUND_MAX_DELAYED};
    use std::future::Future;
    use std::pin::Pin;
    use std::task::Poll;
    use tower::ServiceExt;

    let site = std::sync::Arc::new(
        siteerror_site::Site::new(
            siteerror_catalog::Catalog::embedded().unwrap(),
            siteerror_site::SiteConfig::default().playground_rate(0),
        )
        .unwrap(),
    );
    let router = siteerror_site::app(site);
    let delayed = format!("/status/200?delay={PLAYGROUND_MAX_DELAY_MS}");
    let req = |path: &str| http::Request::get(path).body(Body::empty()).unwrap();

    // Each request is polled once, by hand: that runs it up to its delay (nothing before the
    // delay waits), so all of them hold their place before the next request is made.
    type Pending = Pin<Box<dyn Future<Output = Result<http::Response<Body>, std::convert::Infallible>> + Send>>;
    let mut held: Vec<Pending> = Vec::new();
    for n in 0..PLAYGROUND_MAX_DELAYED {
        let mut call: Pending = Box::pin(router.clone().oneshot(req(&delayed)));
        let first = std::future::poll_fn(|cx| Poll::Ready(call.as_mut().poll(cx))).await;
        assert!(first.is_pending(), "delayed request {n} answered before its delay");
        held.push(call);
    }

    let over = send_to(router.clone(), req(&delayed)).await;
    assert_eq!(over.status, 429, "{}", over.text());
    assert!(
        over.header("retry-after")
            .is_some_and(|s| s.parse::<u64>().is_ok_and(|n| n >= 1)),
        "{:?}",
        over.headers
    );
    assert!(over.text().contains("too many delayed requests"), "{}", over.text());
    let undelayed = send_to(router.clone(), req("/status/201")).await;
    assert_eq!(undelayed.status, 201, "requests without a delay are not held back");

    // The held requests end (their clients went away): their places are free again.
    drop(held);
    let after = send_to(router, req("/status/202?delay=1")).await;
    assert_eq!(after.status, 202);
}
