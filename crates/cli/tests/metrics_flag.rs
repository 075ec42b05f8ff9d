//! `serve --metrics-addr` serves /metrics on a listener of its own, counting open connections;
//! the public site has no /metrics. Loopback only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn metrics_live_apart_from_the_site() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_siteerror"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "127.0.0.1:0",
            "--quiet",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr_of = |line: String| {
        line.rsplit("http://")
            .next()
            .unwrap()
            .trim()
            .trim_end_matches("/metrics")
            .to_string()
    };
    let site = addr_of(lines.next().unwrap().unwrap());
    let metrics = addr_of(lines.next().unwrap().unwrap());
    std::thread::spawn(move || for _ in lines {});

    assert!(get(&site, "/417").starts_with("HTTP/1.1 200"));
    assert!(get(&site, "/metrics").starts_with("HTTP/1.1 404"));
    let held = TcpStream::connect(&site).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let text = get(&metrics, "/metrics");
    let _ = child.kill();
    let _ = child.wait();
    drop(held);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(
        text.contains("siteerror_requests_total{route=\"page\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(text.contains("siteerror_open_connections 1"), "{text}");
}
