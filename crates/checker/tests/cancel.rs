//! Work is tied to whoever asked for it: dropping the receiver of `check_many` cancels the
//! checks in progress and starts no more. Loopback only.

use siteerror_checker::{AddressPolicy, BulkOptions, CheckOptions, Checker};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A server that counts connections and answers each request only after `delay`.
async fn slow_server(delay: Duration) -> (std::net::SocketAddr, Arc<AtomicUsize>, Arc<AtomicUsize>) {
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
                let _ = s.read(&mut buf).await;
                // Answer after the delay, unless the client closes first.
                let closed_early = tokio::select! {
                    () = tokio::time::sleep(delay) => false,
                    r = s.read(&mut buf) => matches!(r, Ok(0) | Err(_)),
                };
                if !closed_early {
                    let _ = s
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
                        .await;
                    while matches!(s.read(&mut buf).await, Ok(n) if n > 0) {}
                }
                c.fetch_add(1, Ordering::SeqCst);
            });
        }
    });
    (addr, opened, closed)
}

#[tokio::test]
async fn dropping_the_receiver_cancels_the_checks() {
    let (addr, opened, _) = slow_server(Duration::from_secs(2)).await;
    let checker = Checker::new(AddressPolicy::permissive(), CheckOptions::default());
    let urls: Vec<String> = (0..20).map(|i| format!("http://{addr}/{i}")).collect();
    let bulk = BulkOptions {
        concurrency: 2,
        per_host: 2,
        host_spacing: Duration::ZERO,
    };
    let rx = checker.check_many(urls, &bulk);
    // Let the first two checks reach the server, then go away.
    for _ in 0..100 {
        if opened.load(Ordering::SeqCst) >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(rx);
    // Long enough for several more checks to start if nothing cancelled them: each answer
    // takes 2 s, so without cancellation the two slots would pass to later URLs.
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert_eq!(
        opened.load(Ordering::SeqCst),
        2,
        "checks went on after the receiver was dropped"
    );
}

#[tokio::test]
async fn a_cancelled_check_closes_its_connection() {
    let (addr, opened, closed) = slow_server(Duration::from_secs(30)).await;
    let checker = Checker::new(AddressPolicy::permissive(), CheckOptions::default());
    let bulk = BulkOptions {
        concurrency: 1,
        per_host: 1,
        host_spacing: Duration::ZERO,
    };
    let rx = checker.check_many(vec![format!("http://{addr}/held")], &bulk);
    for _ in 0..100 {
        if opened.load(Ordering::SeqCst) >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(rx);
    for _ in 0..100 {
        if closed.load(Ordering::SeqCst) >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(closed.load(Ordering::SeqCst), 1, "the connection stayed open");
}
