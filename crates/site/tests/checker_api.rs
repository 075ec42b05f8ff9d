//! `POST /api/v1/check` and the `/url-checker` form: validation, refusals under the server's
//! policy, rate limiting. Targets are a test server on 127.0.0.1, allowed by an exception.

mod common;
use axum::body::Body;
use common::*;
use http::Request;
use siteerror_checker::AddressPolicy;
use std::sync::Arc;

async fn post_json(body: &str) -> Reply {
    send(
        Request::post("/api/v1/check")
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn bad_bodies_get_400_or_422_with_json_errors() {
    let cases: &[(&str, u16)] = &[
        ("not json", 400),
        ("{\"urls\": [", 400),
        ("{}", 422),
        ("{\"urls\": []}", 422),
        ("{\"urls\": \"http://x\"}", 422),
        ("{\"urls\": [\"http://a/\"], \"max_redirects\": 99}", 422),
        ("{\"urls\": [\"http://a/\"], \"method\": \"POST\"}", 422),
        ("{\"urls\": [\"http://a/\"], \"timeout_ms\": 5}", 422),
        ("{\"urls\": [\"http://a/\"], \"surprise\": 1}", 422),
    ];
    for (body, want) in cases {
        let r = post_json(body).await;
        assert_eq!(r.status, *want, "{body}");
        assert_eq!(r.json()["status"], *want);
        assert!(r.json()["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    let many: Vec<String> = (0..21).map(|i| format!("\"http://a/{i}\"")).collect();
    assert_eq!(
        post_json(&format!("{{\"urls\": [{}]}}", many.join(","))).await.status,
        422
    );
    let form = send(
        Request::post("/api/v1/check")
            .header("content-type", "text/plain")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(form.status, 415);
    let get = request("GET", "/api/v1/check", &[]).await;
    assert_eq!(get.status, 405);
    assert_eq!(
        get.header("allow"),
        Some("POST, OPTIONS"),
        "{:?} {}",
        get.headers,
        get.text()
    );
}

#[tokio::test]
async fn the_server_policy_refuses_private_targets_before_connecting() {
    let r = post_json(r#"{"urls": ["http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/", "file:///etc/passwd", "http://u:p@example.com/"]}"#).await;
    assert_eq!(r.status, 200);
    let results = r.json()["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 5);
    for res in &results {
        assert_eq!(res["outcome"]["kind"], "refused", "{res}");
        assert!(res["hops"].as_array().unwrap().is_empty());
    }
    assert_eq!(results[1]["outcome"]["refusal"]["class"], "link-local");
}

#[tokio::test]
async fn checks_a_local_chain_when_allowed_and_links_statuses() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let target = axum::Router::new()
        .route(
            "/old",
            axum::routing::get(|| async { axum::response::Redirect::permanent("/new") }),
        )
        .route("/new", axum::routing::get(|| async { "here" }));
    tokio::spawn(async move { axum::serve(listener, target).await.unwrap() });

    let mut policy = AddressPolicy::strict();
    policy.exceptions.push("127.0.0.1/32".parse().unwrap());
    let config = siteerror_site::SiteConfig::default().checker_policy(policy);
    let site = siteerror_site::Site::new(siteerror_catalog::Catalog::embedded().unwrap(), config).unwrap();
    let app = siteerror_site::app(Arc::new(site));
    let req = Request::post("/api/v1/check")
        .header("content-type", "application/json")
        .body(Body::from(format!("{{\"urls\": [\"http://{addr}/old\"]}}")))
        .unwrap();
    let resp = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let body = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let r = &v["results"][0];
    assert_eq!(
        r["chain"],
        format!("http://{addr}/old --[308]--> http://{addr}/new --[200]")
    );
    assert_eq!(r["hops"][0]["status_name"], "Permanent Redirect");
    assert_eq!(r["links"]["308"], "/308");

    // The form, without JavaScript, shows the same chain with each status linked to its page.
    let form = Request::post("/url-checker")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .body(Body::from(format!("urls=http%3A%2F%2F{addr}%2Fold")))
        .unwrap();
    let resp = tower::ServiceExt::oneshot(app, form).await.unwrap();
    assert_eq!(resp.status(), 200);
    let html = String::from_utf8(
        http_body_util::BodyExt::collect(resp.into_body())
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(
        html.contains("href=\"/308\">[308]</a>") && html.contains("href=\"/200\">[200]</a>"),
        "{html}"
    );
    assert!(html.contains("1 redirect: link straight to the final URL"));
}

#[tokio::test]
async fn the_form_explains_empty_and_oversized_input() {
    let empty = send(
        Request::post("/url-checker")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("urls="))
            .unwrap(),
    )
    .await;
    assert_eq!(empty.status, 422);
    assert!(empty.text().contains("Enter at least one URL"));

    // One byte over the checker's body limit (64 KiB), with and without a Content-Length: a 413
    // that names the limit, not a page of results for a truncated list.
    let limit = siteerror_site::limits::CHECKER_MAX_BODY_BYTES;
    assert_eq!(limit, 65536);
    let urls = "http%3A%2F%2Fexample.com%2F%0A".repeat(limit / 30 + 1);
    let body = format!("urls={urls}")[..limit + 1].to_string();
    for with_length in [false, true] {
        let mut req = Request::post("/url-checker")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html");
        if with_length {
            req = req.header("content-length", body.len());
        }
        let big = send(req.body(Body::from(body.clone())).unwrap()).await;
        assert_eq!(big.status, 413, "content-length sent: {with_length}");
        let text = big.text();
        assert!(text.contains("65536"), "the limit is named: {text}");
        assert!(!text.contains("Enter at least one URL"));
    }
    // At the limit exactly, the form is read (and refused for its content, not its size).
    let at_limit = format!("urls={}", "+".repeat(limit - 5));
    let read = send(
        Request::post("/url-checker")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(at_limit))
            .unwrap(),
    )
    .await;
    assert_eq!(read.status, 422, "{}", read.text());
    assert!(read.text().contains("Enter at least one URL"));
    let page = get("/url-checker", &[HTML]).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text()
            .contains("<form class=\"checker\" action=\"/url-checker\" method=\"post\"")
    );
}

#[tokio::test]
async fn clients_are_rate_limited_with_retry_after() {
    let site = Arc::new(
        siteerror_site::Site::new(
            siteerror_catalog::Catalog::embedded().unwrap(),
            siteerror_site::SiteConfig::default(),
        )
        .unwrap(),
    );
    let app = siteerror_site::app(site);
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..15 {
        let req = Request::post("/api/v1/check")
            .header("content-type", "application/json")
            .body(Body::from(r#"{"urls": ["http://10.0.0.1/"]}"#))
            .unwrap();
        let resp = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
        statuses.push(resp.status().as_u16());
        if resp.status() == 429 {
            retry_after = resp
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
        }
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 10, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 5);
    assert!(retry_after.is_some_and(|s| s.parse::<u64>().unwrap() >= 1));
}

/// A test server on 127.0.0.1: `/ok` is 200, `/gone` 410, `/old` a 308 to `/ok`.
async fn loopback_target() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let target = axum::Router::new()
        .route("/ok", axum::routing::get(|| async { "here" }))
        .route(
            "/gone",
            axum::routing::get(|| async { (http::StatusCode::GONE, "gone") }),
        )
        .route(
            "/old",
            axum::routing::get(|| async { axum::response::Redirect::permanent("/ok") }),
        );
    tokio::spawn(async move { axum::serve(listener, target).await.unwrap() });
    addr
}

#[tokio::test]
async fn ndjson_streams_one_line_per_url_with_its_index() {
    let addr = loopback_target().await;
    let site = site_checking_loopback(siteerror_site::SiteConfig::default());
    // 127.0.0.2 is outside the exception: refused before connecting (and loopback all the same).
    let urls = [
        format!("http://{addr}/ok"),
        format!("http://{addr}/gone"),
        format!("http://{addr}/old"),
        "http://127.0.0.2/".to_string(),
    ];
    let body = serde_json::json!({ "urls": urls }).to_string();
    let r = send_to(
        siteerror_site::app(site),
        check_request(&body, [192, 0, 2, 1].into(), "application/x-ndjson"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let text = r.text();
    assert!(text.ends_with('\n'), "every line is terminated: {text:?}");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object a line ({e}): {l}")))
        .collect();
    assert_eq!(lines.len(), urls.len(), "{text}");
    let mut by_index: Vec<Option<&serde_json::Value>> = vec![None; urls.len()];
    for line in &lines {
        let keys: Vec<&str> = line.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["index", "result"], "{line}");
        let i = line["index"].as_u64().unwrap() as usize;
        assert!(by_index[i].replace(&line["result"]).is_none(), "index {i} twice");
    }
    let results: Vec<&serde_json::Value> = by_index.into_iter().map(|r| r.expect("every index")).collect();
    for (url, res) in urls.iter().zip(&results) {
        assert_eq!(res["input"], *url);
    }
    assert_eq!(results[0]["final_status"], 200);
    assert_eq!(results[0]["chain"], format!("http://{addr}/ok --[200]"));
    assert_eq!(results[1]["final_status"], 410);
    assert_eq!(results[1]["links"]["410"], "/410");
    assert_eq!(
        results[2]["chain"],
        format!("http://{addr}/old --[308]--> http://{addr}/ok --[200]")
    );
    assert_eq!(results[3]["outcome"]["kind"], "refused");
    assert!(results[3]["hops"].as_array().unwrap().is_empty());
}
