//! Redirect chains, loops, downgrades, retries, timeouts and the HEAD→GET fallback, against test
//! servers on 127.0.0.1 only.

use axum::Router;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use siteerror_checker::{AddressPolicy, CheckOptions, Checker, Outcome, Severity, StaticResolver, tls_with_roots};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn redirect(status: u16, to: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [(header::LOCATION, to.to_string())],
    )
        .into_response()
}

async fn server() -> SocketAddr {
    let hits = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/ok", any(|| async { "fine" }))
        .route("/a", any(|| async { redirect(301, "/b") }))
        .route("/b", any(|| async { redirect(302, "/c") }))
        .route("/c", any(|| async { redirect(308, "/ok") }))
        .route("/loop1", any(|| async { redirect(302, "/loop2") }))
        .route("/loop2", any(|| async { redirect(302, "/loop1") }))
        .route("/no-location", any(|| async { StatusCode::FOUND }))
        .route("/gone", any(|| async { redirect(301, "/missing") }))
        .route("/missing", any(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/no-head",
            any(|m: Method| async move {
                if m == Method::HEAD {
                    StatusCode::METHOD_NOT_ALLOWED.into_response()
                } else {
                    "ok".into_response()
                }
            }),
        )
        .route(
            "/busy",
            any(move || {
                let hits = hits.clone();
                async move {
                    if hits.fetch_add(1, Ordering::SeqCst) == 0 {
                        (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response()
                    } else {
                        "ok".into_response()
                    }
                }
            }),
        )
        .route(
            "/slow",
            any(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route(
            "/chain/{n}",
            any(|axum::extract::Path(n): axum::extract::Path<u32>| async move {
                if n == 0 {
                    "end".into_response()
                } else {
                    redirect(301, &format!("/chain/{}", n - 1))
                }
            }),
        )
        .route("/big", any(|| async { "x".repeat(10 * 1024 * 1024) }))
        .route(
            "/ua",
            any(|h: HeaderMap| async move {
                h.get(header::USER_AGENT)
                    .map(|v| v.to_str().unwrap_or("").to_string())
                    .unwrap_or_default()
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn checker() -> Checker {
    Checker::new(
        AddressPolicy::permissive(),
        CheckOptions {
            hop_timeout: Duration::from_millis(1500),
            ..CheckOptions::default()
        },
    )
}

#[tokio::test]
async fn follows_a_chain_and_records_every_hop() {
    let addr = server().await;
    let r = checker().check(&format!("http://{addr}/a")).await;
    assert!(matches!(r.outcome, Outcome::Final { status: 200 }), "{:?}", r.outcome);
    let statuses: Vec<u16> = r.hops.iter().map(|h| h.status).collect();
    assert_eq!(statuses, [301, 302, 308, 200]);
    assert_eq!(r.hops[0].location.as_deref(), Some("/b"));
    assert_eq!(r.hops[0].method, "HEAD");
    assert_eq!(r.hops[0].remote_addr, addr);
    assert_eq!(r.hops[0].http_version, "HTTP/1.1");
    assert_eq!(r.final_url.as_deref(), Some(format!("http://{addr}/ok").as_str()));
    assert_eq!(
        r.chain().to_string(),
        format!(
            "http://{addr}/a --[301]--> http://{addr}/b --[302]--> http://{addr}/c --[308]--> http://{addr}/ok --[200]"
        )
    );
    let words: Vec<&str> = r.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        words
            .iter()
            .any(|m| m.contains("3 redirects: link straight to the final URL")),
        "{words:?}"
    );
    assert!(
        words
            .iter()
            .any(|m| m.contains("302 is a temporary redirect") && m.contains("301 or 308")),
        "{words:?}"
    );
    assert!(words.iter().any(|m| m.contains("relative Location")), "{words:?}");
}

#[tokio::test]
async fn loops_missing_locations_and_bad_ends() {
    let addr = server().await;
    let c = checker();
    let r = c.check(&format!("http://{addr}/loop1")).await;
    assert!(matches!(r.outcome, Outcome::Loop), "{:?}", r.outcome);
    assert_eq!(r.hops.len(), 2);
    assert!(
        r.findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.message.contains("loop"))
    );

    let r = c.check(&format!("http://{addr}/no-location")).await;
    assert!(matches!(r.outcome, Outcome::RedirectWithoutLocation { status: 302 }));

    let r = c.check(&format!("http://{addr}/gone")).await;
    assert!(matches!(r.outcome, Outcome::Final { status: 404 }));
    assert!(
        r.findings
            .iter()
            .any(|f| f.message == "Ends in 404." && f.code == Some(404))
    );
}

#[tokio::test]
async fn too_many_redirects_stops_at_the_limit() {
    let addr = server().await;
    let c = Checker::new(
        AddressPolicy::permissive(),
        CheckOptions {
            max_redirects: 3,
            ..CheckOptions::default()
        },
    );
    let r = c.check(&format!("http://{addr}/chain/12")).await;
    assert!(
        matches!(r.outcome, Outcome::TooManyRedirects { limit: 3 }),
        "{:?}",
        r.outcome
    );
    assert_eq!(r.hops.len(), 4);
    let ok = c.check(&format!("http://{addr}/chain/3")).await;
    assert!(matches!(ok.outcome, Outcome::Final { status: 200 }), "{:?}", ok.outcome);
}

#[tokio::test]
async fn head_refused_falls_back_to_get() {
    let addr = server().await;
    let r = checker().check(&format!("http://{addr}/no-head")).await;
    assert!(matches!(r.outcome, Outcome::Final { status: 200 }), "{:?}", r.outcome);
    assert_eq!(r.hops[0].method, "GET");
    assert!(r.hops[0].fell_back_to_get);
}

#[tokio::test]
async fn retries_after_429_honouring_retry_after() {
    let addr = server().await;
    let started = std::time::Instant::now();
    let r = checker().check(&format!("http://{addr}/busy")).await;
    assert!(matches!(r.outcome, Outcome::Final { status: 200 }), "{:?}", r.outcome);
    assert_eq!(r.hops[0].retries, 1);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited for Retry-After: 1"
    );
}

#[tokio::test]
async fn hop_and_total_timeouts() {
    let addr = server().await;
    let r = checker().check(&format!("http://{addr}/slow")).await;
    assert!(
        matches!(&r.outcome, Outcome::Timeout { which } if which == "hop"),
        "{:?}",
        r.outcome
    );
    let c = Checker::new(
        AddressPolicy::permissive(),
        CheckOptions {
            hop_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_millis(300),
            ..CheckOptions::default()
        },
    );
    let r = c.check(&format!("http://{addr}/slow")).await;
    assert!(
        matches!(&r.outcome, Outcome::Timeout { which } if which == "total"),
        "{:?}",
        r.outcome
    );
}

#[tokio::test]
async fn bodies_are_capped_and_never_returned() {
    let addr = server().await;
    let c = Checker::new(
        AddressPolicy::permissive(),
        CheckOptions {
            method: siteerror_checker::MethodChoice::Get,
            ..CheckOptions::default()
        },
    );
    let r = c.check(&format!("http://{addr}/big")).await;
    assert!(matches!(r.outcome, Outcome::Final { status: 200 }));
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("xxxxxxxx"), "the body never appears in a report");
}

#[tokio::test]
async fn names_resolve_through_the_injected_resolver() {
    let addr = server().await;
    let resolver = StaticResolver::new().with("site.test", &["127.0.0.1".parse::<IpAddr>().unwrap()]);
    let c = checker().with_resolver(Arc::new(resolver));
    let r = c.check(&format!("http://site.test:{}/ok", addr.port())).await;
    assert!(matches!(r.outcome, Outcome::Final { status: 200 }), "{:?}", r.outcome);
    let r = c.check(&format!("http://unknown.test:{}/ok", addr.port())).await;
    assert!(matches!(r.outcome, Outcome::Refused { .. }), "{:?}", r.outcome);
}

/// An HTTPS server (certificate for `secure.test`) that redirects to plain HTTP.
async fn https_downgrader(to: String) -> (SocketAddr, rustls::RootCertStore) {
    use hyper::service::service_fn;
    let ck = rcgen::generate_simple_self_signed(vec!["secure.test".to_string()]).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ck.cert.der().clone()).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(ck.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![ck.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { break };
            let (acceptor, to) = (acceptor.clone(), to.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else { return };
                let svc = service_fn(move |_req| {
                    let to = to.clone();
                    async move {
                        Ok::<_, std::convert::Infallible>(
                            hyper::Response::builder()
                                .status(301)
                                .header("location", to)
                                .body(http_body_util::Empty::<bytes::Bytes>::new())
                                .unwrap(),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), svc)
                    .await;
            });
        }
    });
    (addr, roots)
}

#[tokio::test]
async fn https_to_http_downgrade_is_reported() {
    let plain = server().await;
    let (tls_addr, roots) = https_downgrader(format!("http://{plain}/ok")).await;
    let resolver = StaticResolver::new().with("secure.test", &["127.0.0.1".parse::<IpAddr>().unwrap()]);
    let c = checker()
        .with_resolver(Arc::new(resolver))
        .with_tls(tls_with_roots(roots));
    let r = c.check(&format!("https://secure.test:{}/", tls_addr.port())).await;
    assert!(matches!(r.outcome, Outcome::Final { status: 200 }), "{:?}", r.outcome);
    assert_eq!(r.hops[0].status, 301);
    assert!(
        r.findings
            .iter()
            .any(|f| f.severity == Severity::Warning && f.message.contains("Downgrade")),
        "{:?}",
        r.findings
    );

    // Without the test root, the TLS handshake fails and the report says so.
    let strict_tls = checker().with_resolver(Arc::new(
        StaticResolver::new().with("secure.test", &["127.0.0.1".parse::<IpAddr>().unwrap()]),
    ));
    let r = strict_tls
        .check(&format!("https://secure.test:{}/", tls_addr.port()))
        .await;
    assert!(
        matches!(&r.outcome, Outcome::Error { message } if message.contains("TLS")),
        "{:?}",
        r.outcome
    );
}

#[tokio::test]
async fn bulk_checks_report_every_url() {
    let addr = server().await;
    let urls: Vec<String> = (0..40).map(|i| format!("http://{addr}/chain/{}", i % 4)).collect();
    let bulk = siteerror_checker::BulkOptions {
        concurrency: 8,
        per_host: 4,
        host_spacing: Duration::ZERO,
    };
    let mut rx = checker().check_many(urls.clone(), &bulk);
    let mut seen = vec![false; urls.len()];
    while let Some((i, r)) = rx.recv().await {
        assert_eq!(r.input, urls[i]);
        assert!(matches!(r.outcome, Outcome::Final { status: 200 }));
        seen[i] = true;
    }
    assert!(seen.iter().all(|s| *s));
}
