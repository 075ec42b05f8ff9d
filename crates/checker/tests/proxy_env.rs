//! The checker never goes through a proxy named in the environment (`http_proxy` and friends):
//! a link checker that did could be steered by whoever sets the variables, and would report
//! what the proxy says instead of what the site says.
//!
//! The environment is process-wide, and setting it while other threads may read it is undefined
//! behaviour, so the test never changes its own: it re-executes this test binary as a child
//! process (filtered to this one test) with the variables set through
//! [`std::process::Command::env`], pointing at a local listener that records every connection.

use siteerror_checker::{AddressPolicy, CheckOptions, Checker, Outcome};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Set in the child: the URL it checks.
const CHILD_TARGET: &str = "SITEERROR_PROXY_TEST_TARGET";

/// Every spelling of the proxy variables that HTTP clients commonly honour.
const PROXY_VARIABLES: &[&str] = &[
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
];

/// A listener on 127.0.0.1 that counts the connections it accepts. Each connection is answered
/// by `respond`; `None` holds it open and silent, so a client sent there can only time out.
fn counting_listener(respond: Option<&'static str>) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let held: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            seen.fetch_add(1, Ordering::SeqCst);
            match respond {
                Some(response) => {
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    let _ = stream.write_all(response.as_bytes());
                }
                None => held.lock().expect("not poisoned").push(stream),
            }
        }
    });
    (addr, count)
}

#[test]
fn proxy_variables_are_ignored() {
    if let Some(target) = std::env::var_os(CHILD_TARGET) {
        return check_in_child(&target.to_string_lossy());
    }

    let (site, site_hits) = counting_listener(Some(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
    ));
    let (proxy, proxy_hits) = counting_listener(None);
    let proxy_url = format!("http://{proxy}");

    let mut child = Command::new(std::env::current_exe().expect("the test binary's path"));
    child
        .args([
            "proxy_variables_are_ignored",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_TARGET, format!("http://{site}/"))
        // Clients skip the proxy for hosts listed here; none may be, or the test proves nothing.
        .env_remove("no_proxy")
        .env_remove("NO_PROXY");
    for name in PROXY_VARIABLES {
        child.env(name, &proxy_url);
    }
    let out = child.output().expect("run the test binary again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);

    assert_eq!(
        proxy_hits.load(Ordering::SeqCst),
        0,
        "the checker connected to the proxy named in the environment"
    );
    assert!(
        out.status.success(),
        "the check failed in the child:\n{stdout}\n{stderr}"
    );
    // A filter that matched nothing would also succeed.
    assert!(
        stdout.contains("1 passed"),
        "the child did not run the check:\n{stdout}\n{stderr}"
    );
    assert_eq!(
        site_hits.load(Ordering::SeqCst),
        1,
        "the checker went to the site directly"
    );
}

/// Runs in the child, whose environment names the proxy.
fn check_in_child(target: &str) {
    for name in PROXY_VARIABLES {
        assert!(std::env::var_os(name).is_some(), "{name} is set in the child");
    }
    let checker = Checker::new(
        AddressPolicy::permissive(),
        CheckOptions {
            hop_timeout: Duration::from_secs(3),
            method: siteerror_checker::MethodChoice::Get,
            ..CheckOptions::default()
        },
    );
    let report = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(checker.check(target));
    assert!(
        matches!(report.outcome, Outcome::Final { status: 200 }),
        "{:?}",
        report.outcome
    );
}
