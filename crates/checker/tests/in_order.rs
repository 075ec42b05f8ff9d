//! `check_in_order`: reports in the order of the input whatever order the checks finish in, no
//! more than a window of URLs started past one that hangs, and nothing started once the caller
//! has gone away. Loopback only.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::any;
use siteerror_checker::{AddressPolicy, BulkOptions, CheckOptions, Checker, InOrder, Outcome, REORDER_WINDOW_PER_SLOT};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::watch;

/// A server where `/held` answers only once `release` is sent `true`, `/ok/...` at once (counted)
/// and `/chain` redirects to `/ok/chain`.
struct HeldServer {
    addr: SocketAddr,
    served: Arc<AtomicUsize>,
    held_arrived: Arc<AtomicUsize>,
    release: watch::Sender<bool>,
}

async fn held_server() -> HeldServer {
    let (release, released) = watch::channel(false);
    let served = Arc::new(AtomicUsize::new(0));
    let held_arrived = Arc::new(AtomicUsize::new(0));
    let (s, h) = (served.clone(), held_arrived.clone());
    let app = Router::new()
        .route(
            "/held",
            any(move || {
                let mut released = released.clone();
                let h = h.clone();
                async move {
                    h.fetch_add(1, Ordering::SeqCst);
                    let _ = released.wait_for(|r| *r).await;
                    "finally"
                }
            }),
        )
        .route(
            "/ok/{n}",
            any(move || {
                let s = s.clone();
                async move {
                    s.fetch_add(1, Ordering::SeqCst);
                    "ok"
                }
            }),
        )
        .route(
            "/chain",
            any(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/ok/chain")]).into_response() }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    HeldServer {
        addr,
        served,
        held_arrived,
        release,
    }
}

fn bulk(concurrency: usize) -> BulkOptions {
    BulkOptions {
        concurrency,
        per_host: concurrency,
        host_spacing: Duration::ZERO,
    }
}

/// Waits (10 s at most) until `counter` reaches `n`.
async fn reach(counter: &AtomicUsize, n: usize) {
    for _ in 0..500 {
        if counter.load(Ordering::SeqCst) >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("only {} of {n} arrived", counter.load(Ordering::SeqCst));
}

async fn drain(mut reports: InOrder) -> Vec<siteerror_checker::UrlReport> {
    let mut out = Vec::new();
    while let Some(r) = reports.next().await {
        out.push(r);
    }
    out
}

#[tokio::test]
async fn reports_come_in_input_order_though_the_first_finishes_last() {
    let server = held_server().await;
    let addr = server.addr;
    let mut urls = vec![format!("http://{addr}/held")];
    urls.extend((0..20).map(|i| format!("http://{addr}/ok/{i}")));
    urls.push(format!("http://{addr}/chain"));
    let checker = Checker::new(AddressPolicy::permissive(), CheckOptions::default());
    let reports = checker.check_in_order(urls.clone(), &bulk(4));
    // Every URL after the first is answered before the first is.
    reach(&server.served, 21).await;
    server.release.send(true).unwrap();
    let got = drain(reports).await;
    let inputs: Vec<&str> = got.iter().map(|r| r.input.as_str()).collect();
    assert_eq!(inputs, urls);
    assert!(got.iter().all(|r| matches!(r.outcome, Outcome::Final { status: 200 })));
    assert_eq!(
        got[21].chain().to_string(),
        format!("http://{addr}/chain --[301]--> http://{addr}/ok/chain --[200]")
    );
}

#[tokio::test]
async fn a_url_that_hangs_holds_back_at_most_a_window_of_later_urls() {
    let server = held_server().await;
    let addr = server.addr;
    let mut urls = vec![format!("http://{addr}/held")];
    urls.extend((0..3 * REORDER_WINDOW_PER_SLOT).map(|i| format!("http://{addr}/ok/{i}")));
    let checker = Checker::new(AddressPolicy::permissive(), CheckOptions::default());
    let reports = checker.check_in_order(urls.clone(), &bulk(2));
    // The window is 2 × REORDER_WINDOW_PER_SLOT URLs, the held one among them.
    let window = 2 * REORDER_WINDOW_PER_SLOT;
    reach(&server.served, window - 1).await;
    // Long enough for the free slot to run many more quick URLs, were they allowed to start.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.served.load(Ordering::SeqCst), window - 1);
    server.release.send(true).unwrap();
    let got = drain(reports).await;
    assert_eq!(got.len(), urls.len());
    assert!(got.iter().zip(&urls).all(|(r, u)| &r.input == u));
    assert_eq!(server.served.load(Ordering::SeqCst), urls.len() - 1);
}

#[tokio::test]
async fn dropping_the_reports_starts_no_more_checks() {
    let server = held_server().await;
    let addr = server.addr;
    let mut urls = vec![format!("http://{addr}/held")];
    urls.extend((0..10).map(|i| format!("http://{addr}/ok/{i}")));
    let checker = Checker::new(AddressPolicy::permissive(), CheckOptions::default());
    let reports = checker.check_in_order(urls, &bulk(1));
    reach(&server.held_arrived, 1).await;
    drop(reports);
    server.release.send(true).unwrap();
    // Long enough for the ten quick URLs to run, had the checks gone on.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.served.load(Ordering::SeqCst), 0);
}
