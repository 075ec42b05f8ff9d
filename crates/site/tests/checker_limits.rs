//! The server's checker holds its limits per client and in total, and its work ends when the
//! client goes away. Every target is a loopback server of the test's own.

use axum::body::Body;
use axum::extract::ConnectInfo;
use http::Request;
use siteerror_checker::AddressPolicy;
use siteerror_site::{Site, SiteConfig, app, limits::CHECKER_MAX_PER_CLIENT};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

/// A server that takes requests and never answers; counts connections opened and closed.
async fn silent_server() -> (SocketAddr, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (opened, closed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (o, c) = (opened.clone(), closed.clone());
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            o.fetch_add(1, Ordering::SeqCst);
            let c = c.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                while matches!(s.read(&mut buf).await, Ok(n) if n > 0) {}
                let _ = s.shutdown().await;
                c.fetch_add(1, Ordering::SeqCst);
            });
        }
    });
    (addr, opened, closed)
}

fn check(target: SocketAddr, from: [u8; 4]) -> Request<Body> {
    let mut req = Request::post("/api/v1/check")
        .header("content-type", "application/json")
        .body(Body::from(format!(
            "{{\"urls\": [\"http://{target}/slow\"], \"method\": \"get\"}}"
        )))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((from, 40000))));
    req
}

async fn wait_until(counter: &AtomicUsize, n: usize) {
    for _ in 0..250 {
        if counter.load(Ordering::SeqCst) >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("waited for {n}, have {}", counter.load(Ordering::SeqCst));
}

#[tokio::test]
async fn one_client_gets_its_share_and_leaving_frees_it() {
    let (target, opened, closed) = silent_server().await;
    let mut policy = AddressPolicy::strict();
    policy.exceptions.push("127.0.0.1/32".parse().unwrap());
    let site = Arc::new(
        Site::new(
            siteerror_catalog::Catalog::embedded().unwrap(),
            SiteConfig::default().checker_policy(policy),
        )
        .unwrap(),
    );
    let router = app(site);
    let alice = [192, 0, 2, 1];
    let mut running = Vec::new();
    for _ in 0..CHECKER_MAX_PER_CLIENT {
        let r = router.clone();
        running.push(tokio::spawn(async move { r.oneshot(check(target, alice)).await }));
    }
    wait_until(&opened, CHECKER_MAX_PER_CLIENT).await;

    // One more from the same client is refused; another client is not.
    let refused = router.clone().oneshot(check(target, alice)).await.unwrap();
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let r = router.clone();
    let bob = tokio::spawn(async move { r.oneshot(check(target, [192, 0, 2, 2])).await });
    wait_until(&opened, CHECKER_MAX_PER_CLIENT + 1).await;

    // The clients go away: their checks stop, the connections close, the slots come back.
    for t in &running {
        t.abort();
    }
    bob.abort();
    wait_until(&closed, CHECKER_MAX_PER_CLIENT + 1).await;
    let r = router.clone();
    let again = tokio::spawn(async move { r.oneshot(check(target, alice)).await });
    wait_until(&opened, CHECKER_MAX_PER_CLIENT + 2).await;
    assert!(!again.is_finished(), "the check was refused at once instead of running");
    again.abort();
}
