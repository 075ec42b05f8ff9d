//! The SSRF guard end to end. If the guard broke, these checks would try to connect beyond
//! loopback, so they run inside a network namespace that has only a loopback interface: the test
//! re-executes itself under `unshare -n` (root, or a user namespace, is needed). CI sets
//! `SITEERROR_REQUIRE_NETNS=1`, so there the test cannot be skipped.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use siteerror_checker::{AddressPolicy, CheckOptions, Checker, Outcome, Refusal, StaticResolver};
use std::net::IpAddr;
use std::process::Command;
use std::sync::Arc;

const IN_NETNS: &str = "SITEERROR_IN_NETNS";

#[test]
fn guard_inside_a_loopback_only_network_namespace() {
    if std::env::var_os(IN_NETNS).is_some() {
        return inner();
    }
    let required = std::env::var_os("SITEERROR_REQUIRE_NETNS").is_some();
    let probe = Command::new("unshare")
        .args(["-n", "sh", "-c", "ip link set lo up"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        assert!(
            !required,
            "cannot create a network namespace (unshare -n and ip are needed, as root)"
        );
        eprintln!("skipped: cannot create a network namespace here");
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let status = Command::new("unshare")
        .args([
            "-n",
            "sh",
            "-c",
            "ip link set lo up && exec \"$0\" guard_inside_a_loopback_only_network_namespace --exact --nocapture",
        ])
        .arg(exe)
        .env(IN_NETNS, "1")
        .status()
        .unwrap();
    assert!(status.success(), "the guard tests failed inside the namespace");
}

fn inner() {
    // /proc/self/net/dev lists this network namespace's interfaces (/sys/class/net would show the
    // host's unless sysfs were remounted).
    let dev = std::fs::read_to_string("/proc/self/net/dev").unwrap();
    let interfaces: Vec<String> = dev
        .lines()
        .skip(2)
        .filter_map(|l| l.split(':').next())
        .map(|n| n.trim().to_string())
        .collect();
    assert_eq!(interfaces, ["lo"], "refusing to run outside a loopback-only namespace");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            redirects_to_blocked_addresses_stop_at_that_hop().await;
            names_with_any_blocked_address_are_refused().await;
            literal_forms_are_refused_without_a_request().await;
        });
}

fn strict_with_local_server() -> AddressPolicy {
    let mut p = AddressPolicy::strict();
    p.exceptions.push("127.0.0.1/32".parse().unwrap());
    p
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

async fn redirects_to_blocked_addresses_stop_at_that_hop() {
    let app = Router::new().route(
        "/to/{*target}",
        get(|axum::extract::Path(t): axum::extract::Path<String>| async move {
            (StatusCode::FOUND, [(header::LOCATION, format!("http://{t}"))]).into_response()
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let resolver = StaticResolver::new()
        .with("inside.test", &[ip("127.0.0.2")])
        .with("meta.test", &[ip("169.254.169.254")]);
    let c = Checker::new(strict_with_local_server(), CheckOptions::default()).with_resolver(Arc::new(resolver));
    for target in [
        "10.0.0.1/",
        "169.254.169.254/latest/meta-data/",
        "[::ffff:127.0.0.2]/",
        "inside.test/",
        "meta.test/",
        "2130706434/",
        "0x7f.2/",
    ] {
        let r = c.check(&format!("http://{addr}/to/{target}")).await;
        assert_eq!(r.hops.len(), 1, "{target}: only the first hop is requested");
        assert_eq!(r.hops[0].status, 302);
        assert!(
            matches!(
                r.outcome,
                Outcome::Refused {
                    refusal: Refusal::Address { .. }
                }
            ),
            "{target}: {:?}",
            r.outcome
        );
    }
    let port = c.check(&format!("http://{addr}/to/example.com:22/")).await;
    assert!(
        matches!(
            port.outcome,
            Outcome::Refused {
                refusal: Refusal::Port { port: 22, .. }
            }
        ),
        "{:?}",
        port.outcome
    );
}

async fn names_with_any_blocked_address_are_refused() {
    let resolver = StaticResolver::new()
        .with("mixed.test", &[ip("93.184.216.34"), ip("10.0.0.1")])
        .with("mixed6.test", &[ip("2606:4700::1111"), ip("fd00::1")])
        .with("wrapped.test", &[ip("64:ff9b::a9fe:a9fe")]);
    let c = Checker::new(AddressPolicy::strict(), CheckOptions::default()).with_resolver(Arc::new(resolver));
    for name in ["mixed.test", "mixed6.test", "wrapped.test"] {
        let r = c.check(&format!("http://{name}/")).await;
        assert!(r.hops.is_empty(), "{name}: nothing is requested");
        assert!(
            matches!(
                r.outcome,
                Outcome::Refused {
                    refusal: Refusal::Address { .. }
                }
            ),
            "{name}: {:?}",
            r.outcome
        );
    }
}

async fn literal_forms_are_refused_without_a_request() {
    let c = Checker::new(AddressPolicy::strict(), CheckOptions::default());
    for url in [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/",
        "http://[fe80::1]/",
        "http://0/",
        "http://100.64.0.1/",
        "http://192.168.1.1:8080/",
        "http://[2002:7f00:1::]/",
    ] {
        let r = c.check(url).await;
        assert!(r.hops.is_empty(), "{url}");
        assert!(matches!(r.outcome, Outcome::Refused { .. }), "{url}: {:?}", r.outcome);
    }
}
