//! Nothing a caller chooses can steer a proxy in front of us or poison a shared cache: the
//! playground refuses headers proxies act on, names in `Vary` every request header that shaped
//! an answer, and never lets a caller make an answer public.

mod common;
use common::*;

#[tokio::test]
async fn headers_that_steer_a_proxy_are_refused() {
    for h in [
        "X-Accel-Redirect:/internal/secret.txt",
        "X-Sendfile:/etc/passwd",
        "X-LIGHTTPD-send-file:/etc/passwd",
        "X-Forwarded-Host:evil.example",
        "X-Real-IP:203.0.113.9",
    ] {
        let r = get(&format!("/status/200?header={h}"), &[JSON]).await;
        assert_eq!(r.status, 400, "{h}");
        let name = h.split(':').next().unwrap();
        assert!(r.header(name).is_none(), "{h} was sent");
        // The same through the request-header form of the option.
        let r = get("/status/200", &[JSON, ("x-siteerror-header", h)]).await;
        assert_eq!(r.status, 400, "{h} via X-SiteError-Header");
    }
}

#[tokio::test]
async fn answers_shaped_by_request_headers_say_so_and_stay_private() {
    let r = get(
        "/status/401",
        &[
            JSON,
            ("x-siteerror-header", "WWW-Authenticate:Basic realm=\"attacker\""),
        ],
    )
    .await;
    assert_eq!(r.status, 401);
    let vary = r.header("vary").unwrap().to_ascii_lowercase();
    for name in [
        "accept",
        "user-agent",
        "x-siteerror-header",
        "x-siteerror-delay",
        "x-siteerror-body",
    ] {
        assert!(vary.split(',').any(|v| v.trim() == name), "Vary {vary:?} lacks {name}");
    }
    assert_eq!(r.header("cache-control"), Some("no-store"));

    let r = get("/status/401?header=Cache-Control:public,max-age=86400", &[JSON]).await;
    assert_eq!(r.status, 401);
    let cc = r.header("cache-control").unwrap();
    assert!(cc.starts_with("private"), "{cc}");
    assert!(!cc.contains("public"), "{cc}");

    // The playground's own 304 is private too.
    let r = get("/status/304", &[]).await;
    assert!(r.header("cache-control").unwrap().starts_with("private"));
}
