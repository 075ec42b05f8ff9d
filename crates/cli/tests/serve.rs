//! The real server on 127.0.0.1: raw bytes for inputs a router never sees (huge targets,
//! garbage request lines), HEAD framing, and graceful shutdown on SIGTERM.

mod common;
use common::{Server, content_length, status};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn raw_http_edge_cases() {
    let server = Server::start();

    let ok = server.raw(b"GET /417 HTTP/1.1\r\nHost: x\r\nUser-Agent: curl/8\r\nAccept: */*\r\n\r\n");
    assert_eq!(status(&ok), "200", "{ok}");
    assert!(ok.contains("417 Expectation Failed"));

    // HEAD with the same request headers: GET's headers, Content-Length included, and no body.
    let (get_head, get_body) = ok.split_once("\r\n\r\n").expect("a complete GET response");
    assert_eq!(content_length(get_head), Some(get_body.len()), "GET frames its body");
    let head =
        server.raw(b"HEAD /417 HTTP/1.1\r\nHost: x\r\nUser-Agent: curl/8\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&head), "200");
    let (head_head, head_body) = head.split_once("\r\n\r\n").expect("a complete HEAD response");
    assert_eq!(
        content_length(head_head),
        Some(get_body.len()),
        "HEAD's Content-Length is GET's body length: {head}"
    );
    assert_eq!(head_body, "", "HEAD has no body");

    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(10_000)
    );
    assert_eq!(status(&server.raw(long.as_bytes())), "414");

    let huge = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(1_000_000)
    );
    let resp = server.raw(huge.as_bytes());
    let code = status(&resp);
    assert!(code.starts_with('4'), "a megabyte target gets a 4xx, got {resp:.200}");

    let garbage = server.raw(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n");
    assert!(garbage.is_empty() || status(&garbage) == "400", "{garbage:.200}");

    let bad_method = server.raw(b"BREW /417 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&bad_method), "501");

    // The server is still answering after all of that.
    let again = server.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&again), "200");
}

/// SIGTERM stops the server cleanly (exit status 0, `siteerror: stopped`) even when it arrives
/// the moment the ready line does: the handlers once went in only after that line, and a signal
/// in between killed the process outright. The signal comes from a shell that is already
/// running and waiting on a pipe, so it follows the ready line within microseconds, not the
/// milliseconds starting a `kill` process would take; a few rounds make the window hard to miss.
#[cfg(unix)]
#[test]
fn sigterm_right_after_the_ready_line_stops_the_server_cleanly() {
    use std::sync::mpsc;
    for round in 0..5 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_siteerror"))
            .args(["serve", "--addr", "127.0.0.1:0", "--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start siteerror serve");
        let pid = child.id().to_string();
        let mut signaller = Command::new("sh")
            .args(["-c", "read _ && kill -TERM \"$0\"", &pid])
            .stdin(Stdio::piped())
            .spawn()
            .expect("sh");
        let mut trigger = signaller.stdin.take().unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut ready = String::new();
        stderr.read_line(&mut ready).unwrap();
        trigger.write_all(b"\n").unwrap();
        drop(trigger);
        assert!(ready.contains("serving on http://"), "round {round}: {ready:?}");
        assert!(signaller.wait().unwrap().success(), "round {round}: kill failed");

        // The rest of standard error, which ends when the process does.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = stderr.read_to_string(&mut rest);
            let _ = tx.send(rest);
        });
        let Ok(rest) = rx.recv_timeout(Duration::from_secs(30)) else {
            let _ = child.kill();
            panic!("round {round}: still running 30 s after SIGTERM");
        };
        let status = child.wait().unwrap();
        assert!(
            status.success(),
            "round {round}: exit status {status}; stderr: {rest:?}"
        );
        assert!(rest.contains("siteerror: stopped"), "round {round}: {rest:?}");
    }
}

/// Reads from `s` until `pattern` appears, the peer closes, or 3 s pass.
fn read_until(s: &mut TcpStream, pattern: &str) -> String {
    s.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while std::time::Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if String::from_utf8_lossy(&out).contains(pattern) {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 9110 Section 10.1.1, byte for byte: 100 only when the body will be read; a final status at
/// once otherwise; 417 for an expectation other than 100-continue.
#[test]
fn expect_100_continue_exactly() {
    let server = Server::start();

    // Acceptable: 100 Continue before any body is sent, then the final answer.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"POST /anything HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        .unwrap();
    let interim = read_until(&mut s, "\r\n\r\n");
    assert!(interim.starts_with("HTTP/1.1 100 Continue\r\n"), "{interim:?}");
    s.write_all(b"hello").unwrap();
    let fin = read_until(&mut s, "body_sha256");
    assert!(fin.starts_with("HTTP/1.1 200 OK\r\n"), "{fin:?}");
    assert!(fin.contains("\"body_bytes\": 5"));

    // Too large by its Content-Length: 413 at once, no 100, body never read.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"POST /anything HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\nExpect: 100-continue\r\n\r\n")
        .unwrap();
    let r = read_until(&mut s, "\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 413 Payload Too Large\r\n"), "{r:?}");
    assert!(!r.contains("100 Continue"));

    // A path that takes no body: its final answer at once, no 100.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"POST /417 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        .unwrap();
    let r = read_until(&mut s, "\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"), "{r:?}");
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"PUT /status/201 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        .unwrap();
    let r = read_until(&mut s, "\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 201 Created\r\n"), "{r:?}");

    // Any other expectation: 417 at once, and the body is not read.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"POST /anything HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: something-else\r\n\r\n")
        .unwrap();
    let r = read_until(&mut s, "\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 417 Expectation Failed\r\n"), "{r:?}");
    assert!(!r.contains("100 Continue"));
    let r = server.raw(b"GET /status/417 HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\nConnection: close\r\n\r\n");
    assert!(r.starts_with("HTTP/1.1 417 Expectation Failed\r\n"), "{r:?}");
}

/// curl sends `Expect: 100-continue` by itself for a 2 MiB upload; the server answers 100, reads
/// every byte and reports the right size and SHA-256.
#[test]
fn curl_uploads_two_mebibytes_through_100_continue() {
    if Command::new("curl").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "curl is needed in CI");
        eprintln!("skipped: no curl binary");
        return;
    }
    let server = Server::start();
    let data: Vec<u8> = (0..2 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let file = std::env::temp_dir().join(format!("siteerror-upload-{}.bin", std::process::id()));
    std::fs::write(&file, &data).unwrap();
    let out = Command::new("curl")
        .args(["-sS", "-v", "--data-binary"])
        .arg(format!("@{}", file.display()))
        .arg(format!("http://{}/anything", server.addr))
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    let trace = String::from_utf8_lossy(&out.stderr);
    assert!(
        trace.contains("> Expect: 100-continue"),
        "curl sent the expectation: {trace}"
    );
    assert!(
        trace.contains("< HTTP/1.1 100 Continue"),
        "the server answered 100: {trace}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["body_bytes"], 2 * 1024 * 1024);
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(v["body_sha256"], want);
}

/// The per-client limit counts each client address on its own: a client at 127.0.0.2 is not
/// held back by one at 127.0.0.1 that used up its allowance.
#[test]
fn rate_limits_are_per_client_address() {
    let server = Server::start_with(&["--playground-rate", "2"]);
    let from = |source: &str| -> String {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
            let mut s = socket.connect(server.addr.parse().unwrap()).await.unwrap();
            s.write_all(b"GET /status/200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .await
                .unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).await.unwrap();
            out
        })
    };
    assert!(from("127.0.0.1").starts_with("HTTP/1.1 200"));
    assert!(from("127.0.0.1").starts_with("HTTP/1.1 200"));
    let third = from("127.0.0.1");
    assert!(third.starts_with("HTTP/1.1 429"), "{third}");
    assert!(third.to_ascii_lowercase().contains("retry-after:"));
    assert!(
        from("127.0.0.2").starts_with("HTTP/1.1 200"),
        "another address has its own allowance"
    );
}

/// The playground's live demos perform the Expect exchange against the server itself.
#[test]
fn live_expect_demos_show_the_exchange() {
    let server = Server::start();
    let ok = server.raw(b"GET /playground/expect-demo?case=continue HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let hundred = ok
        .find("\u{2190} HTTP/1.1 100 Continue")
        .expect("100 Continue in the transcript");
    let body = ok
        .find("\u{2192} abcdefghijklmnopqrstuvwxyz")
        .expect("the body after 100");
    let fin = ok.find("\u{2190} HTTP/1.1 200 OK").expect("final 200");
    assert!(hundred < body && body < fin, "{ok}");
    let unmet = server.raw(b"GET /playground/expect-demo?case=unmet HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(unmet.contains("\u{2190} HTTP/1.1 417 Expectation Failed"), "{unmet}");
    assert!(
        !unmet.contains("\u{2192} abcdefghijklmnopqrstuvwxyz"),
        "the body is never sent"
    );
}

#[test]
fn the_access_log_has_a_line_for_every_request_however_it_was_answered() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_siteerror"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("start siteerror serve");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first.rsplit("http://").next().unwrap().trim().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let server = Server {
        child,
        addr: addr.clone(),
    };
    // The direct path, hyper, an error page and a refusal before routing.
    let asked = [
        ("GET /417 HTTP/1.1\r\nHost: x\r\n\r\n", "/417", 200),
        ("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "/healthz", 200),
        ("GET /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n", "/no-such-page", 404),
        ("GET /418 HTTP/1.1\r\n\r\n", "/418", 400),
    ];
    for (request, _, code) in asked {
        assert_eq!(status(&server.raw(request.as_bytes())), code.to_string());
    }
    let mut logged = Vec::new();
    while logged.len() < asked.len() {
        let line = rx
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("access lines so far: {logged:?}"));
        let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        if v["target"] == "siteerror::access" {
            logged.push((
                v["fields"]["path"].as_str().unwrap().to_owned(),
                v["fields"]["status"].as_u64().unwrap(),
            ));
        }
    }
    for (_, path, code) in asked {
        assert!(logged.contains(&(path.to_owned(), code)), "{path} {code}: {logged:?}");
    }
}
