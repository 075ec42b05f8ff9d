//! The server's URL checker under its own limits, not the checker library's defaults: at most
//! `CHECKER_MAX_CONCURRENT` check requests at once over all clients (then 503 with
//! `Retry-After`), and `Retry-After` waits cut to `CHECKER_MAX_RETRY_WAIT`. Targets are test
//! servers on 127.0.0.1; each request comes from its own client address, so the per-client
//! limits (checker_limits.rs) stay out of the way.

mod common;
use axum::extract::State;
use axum::response::IntoResponse;
use common::*;
use http::StatusCode;
use siteerror_site::limits::{CHECKER_MAX_CONCURRENT, CHECKER_MAX_RETRY_WAIT};
use siteerror_site::{SiteConfig, app};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// How long a test waits for something that should happen at once before it fails, rather
/// than hanging. Never an assertion about speed.
const PATIENCE: Duration = Duration::from_secs(60);

/// A loopback server whose every request is held, unanswered, until `release` is sent `true`;
/// each request reports its arrival on `arrived`.
struct HeldTarget {
    addr: SocketAddr,
    arrived: mpsc::UnboundedReceiver<()>,
    release: watch::Sender<bool>,
}

async fn held_target() -> HeldTarget {
    #[derive(Clone)]
    struct Held {
        arrived: mpsc::UnboundedSender<()>,
        release: watch::Receiver<bool>,
    }
    async fn hold(State(mut held): State<Held>) -> &'static str {
        let _ = held.arrived.send(());
        let _ = held.release.wait_for(|go| *go).await;
        "released"
    }
    let (arrived_tx, arrived) = mpsc::unbounded_channel();
    let (release, release_rx) = watch::channel(false);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let target = axum::Router::new()
        .route("/slow", axum::routing::get(hold))
        .with_state(Held {
            arrived: arrived_tx,
            release: release_rx,
        });
    tokio::spawn(async move { axum::serve(listener, target).await.unwrap() });
    HeldTarget { addr, arrived, release }
}

/// The `n`th test client's address.
fn client(n: usize) -> IpAddr {
    IpAddr::from([198, 51, 100, u8::try_from(n).expect("under 256 clients")])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_checker_answers_503_with_retry_after() {
    let mut target = held_target().await;
    let site = site_checking_loopback(SiteConfig::default());
    let body = format!(r#"{{"urls": ["http://{}/slow"]}}"#, target.addr);

    // Every slot taken by a check whose target has not answered yet.
    let mut running = Vec::new();
    for n in 0..CHECKER_MAX_CONCURRENT {
        let req = check_request(&body, client(n), "application/json");
        running.push(tokio::spawn(send_to(app(site.clone()), req)));
    }
    for n in 0..CHECKER_MAX_CONCURRENT {
        tokio::time::timeout(PATIENCE, target.arrived.recv())
            .await
            .unwrap_or_else(|_| panic!("only {n} checks reached the target"))
            .expect("the target is running");
    }

    // One more, from a client with nothing running: the checker is busy.
    let busy = send_to(
        app(site.clone()),
        check_request(&body, client(CHECKER_MAX_CONCURRENT), "application/json"),
    )
    .await;
    assert_eq!(busy.status, 503, "{}", busy.text());
    let retry_after: u64 = busy
        .header("retry-after")
        .expect("Retry-After on a 503")
        .parse()
        .expect("Retry-After in seconds");
    assert!(retry_after >= 1);
    let j = busy.json();
    assert_eq!(j["status"], 503);
    assert!(j["error"].as_str().is_some_and(|e| e.contains("busy")), "{j}");

    // Released, every held check finishes with the target's answer, and the slots are free again.
    target.release.send(true).unwrap();
    for (n, check) in running.into_iter().enumerate() {
        let r = tokio::time::timeout(PATIENCE, check)
            .await
            .expect("a released check finishes")
            .unwrap();
        assert_eq!(r.status, 200, "check {n}: {}", r.text());
        assert_eq!(r.json()["results"][0]["final_status"], 200, "check {n}");
    }
    let again = send_to(
        app(site),
        check_request(&body, client(CHECKER_MAX_CONCURRENT + 1), "application/json"),
    )
    .await;
    assert_eq!(again.status, 200, "{}", again.text());
}

/// A loopback server that answers its first request 429 with `Retry-After: 8`, and 200 after;
/// it counts the requests.
async fn once_too_many() -> (SocketAddr, Arc<AtomicUsize>) {
    async fn answer(State(seen): State<Arc<AtomicUsize>>) -> axum::response::Response {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(http::header::RETRY_AFTER, "8")],
                "slow down",
            )
                .into_response()
        } else {
            "fine".into_response()
        }
    }
    let seen = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let target = axum::Router::new()
        .route("/limited", axum::routing::get(answer))
        .with_state(seen.clone());
    tokio::spawn(async move { axum::serve(listener, target).await.unwrap() });
    (addr, seen)
}

/// The server honours `Retry-After` only up to `CHECKER_MAX_RETRY_WAIT` (3 s), where the
/// checker library would wait up to 10 s. No report field records the wait, so the check's own
/// time budget tells the two apart without measuring anything: asked to wait 8 s within a 6 s
/// budget, a 3 s wait leaves time to retry and see the 200, while an 8 s wait would run out the
/// budget and report a timeout with no hops.
#[tokio::test]
async fn retry_after_waits_are_capped_by_the_servers_limit() {
    assert_eq!(CHECKER_MAX_RETRY_WAIT, Duration::from_secs(3));
    let (addr, seen) = once_too_many().await;
    let site = site_checking_loopback(SiteConfig::default());
    let body = format!(r#"{{"urls": ["http://{addr}/limited"], "timeout_ms": 6000}}"#);
    let r = send_to(app(site), check_request(&body, client(1), "application/json")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let result = &r.json()["results"][0];
    assert_eq!(result["outcome"]["kind"], "final", "{result}");
    assert_eq!(result["final_status"], 200, "{result}");
    let hops = result["hops"].as_array().unwrap();
    assert_eq!(hops.len(), 1, "{result}");
    assert_eq!(hops[0]["retries"], 1, "one retry after the 429: {result}");
    // Asked to wait 8 s, the server's checker waited its own 3 s.
    assert_eq!(hops[0]["waits"][0]["asked_ms"], 8000, "{result}");
    assert_eq!(hops[0]["waits"][0]["waited_ms"], 3000, "{result}");
    assert_eq!(seen.load(Ordering::SeqCst), 2, "the 429, then the retry");
}
