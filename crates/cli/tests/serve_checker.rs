//! `siteerror serve --checker-port`: the server's URL checker connects to the ports given and
//! no longer to the default ones (80, 443, 8080, 8443).
//!
//! Every URL here is on loopback, so nothing can leave the machine even if a check were wrong:
//! 127.0.0.1 (allowed with `--checker-allow 127.0.0.1/32`, where a test server answers) and
//! 127.0.0.2 (outside that exception, refused as a loopback address once its port passes). A
//! port refusal happens before any lookup or connection, and the address refusal that shows a
//! port passed happens before connecting too.

mod common;
use common::{Server, status};
use serde_json::Value;

/// A server on 127.0.0.1 answering 200 to everything, in a thread of its own; its port.
fn loopback_target() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = axum::Router::new().fallback(|| async { "target" });
                axum::serve(listener, app).await.unwrap();
            });
    });
    port
}

/// Each URL's result from the server's `POST /api/v1/check`.
fn check(server: &Server, urls: &[String]) -> Vec<Value> {
    let body = serde_json::json!({ "urls": urls }).to_string();
    let req = format!(
        "POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let resp = server.raw(req.as_bytes());
    assert_eq!(status(&resp), "200", "{resp}");
    let (_, json) = resp.split_once("\r\n\r\n").expect("a complete response");
    let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let results = v["results"].as_array().expect("results").clone();
    assert_eq!(results.len(), urls.len());
    results
}

fn refused_port(result: &Value) -> Option<u64> {
    let refusal = &result["outcome"]["refusal"];
    (refusal["kind"] == "port").then(|| refusal["port"].as_u64().expect("the port"))
}

fn refused_as_loopback(result: &Value) -> bool {
    let refusal = &result["outcome"]["refusal"];
    refusal["kind"] == "address" && refusal["class"] == "loopback"
}

#[test]
fn checker_port_replaces_the_default_ports() {
    let port = loopback_target();
    let p = port.to_string();
    let server = Server::start_with(&["--checker-allow", "127.0.0.1/32", "--checker-port", &p]);

    let defaults = [
        ("http://127.0.0.2/", 80),
        ("https://127.0.0.2/", 443),
        ("http://127.0.0.2:8080/", 8080),
        ("https://127.0.0.2:8443/", 8443),
    ];
    let mut urls: Vec<String> = defaults.iter().map(|(u, _)| u.to_string()).collect();
    urls.push(format!("http://127.0.0.2:{port}/"));
    urls.push(format!("http://127.0.0.1:{port}/"));
    let results = check(&server, &urls);
    for ((url, default_port), result) in defaults.iter().zip(&results) {
        assert_eq!(refused_port(result), Some(*default_port), "{url}: {result}");
        assert!(result["hops"].as_array().unwrap().is_empty(), "{url}");
    }
    let past_the_port = &results[defaults.len()];
    assert!(
        refused_as_loopback(past_the_port),
        "port {port} is allowed, so only the address is refused: {past_the_port}"
    );
    assert!(past_the_port["hops"].as_array().unwrap().is_empty());
    let reached = &results[defaults.len() + 1];
    assert_eq!(reached["outcome"]["kind"], "final", "{reached}");
    assert_eq!(reached["final_status"], 200, "{reached}");

    // Without --checker-port the same port is refused, and 8080 is allowed again.
    drop(server);
    let server = Server::start_with(&["--checker-allow", "127.0.0.1/32"]);
    let results = check(
        &server,
        &[
            format!("http://127.0.0.2:{port}/"),
            "http://127.0.0.2:8080/".to_string(),
        ],
    );
    assert_eq!(refused_port(&results[0]), Some(u64::from(port)), "{}", results[0]);
    assert!(refused_as_loopback(&results[1]), "{}", results[1]);
}
