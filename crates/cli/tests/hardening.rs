//! The real server on 127.0.0.1, attacked the cheap ways: slow heads, idle connections, bodies
//! that stop, too many connections, huge heads, missing or doubled Host, CONNECT; and a SIGTERM
//! with a request in flight. Timeouts are set to a second by flags; the reads here wait far
//! longer, so a working server passes quickly and a broken one fails instead of hanging.
//!
//! Starting a server renders every page, which takes seconds in a debug build, so the tests that
//! can share one server with [`SHARED_FLAGS`] do (see [`shared_server`]).

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long any check here waits for the server to answer or close.
const PATIENCE: Duration = Duration::from_secs(10);

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_siteerror"))
            .args(["serve", "--addr", "127.0.0.1:0", "--quiet"])
            .args(flags)
            .stderr(Stdio::piped())
            .spawn()
            .expect("start siteerror serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let line = lines.next().expect("a start-up line").expect("utf-8");
        let addr = line.rsplit("http://").next().expect("address").trim().to_string();
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        s
    }
}

/// Short header and body timeouts, a long idle timeout: what the tests of [`shared_server`] need.
const SHARED_FLAGS: &[&str] = &["--header-timeout", "1", "--idle-timeout", "60", "--body-timeout", "1"];

/// One server with [`SHARED_FLAGS`] for every test that holds it at the same time (tests run in
/// parallel, so usually for all of them); it stops when the last holder is done.
fn shared_server() -> Arc<Server> {
    static SHARED: Mutex<Weak<Server>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(server) = shared.upgrade() {
        return server;
    }
    let server = Arc::new(Server::start(SHARED_FLAGS));
    *shared = Arc::downgrade(&server);
    server
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the peer did, as seen from the client.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// It sent these bytes and then closed (or reset) the connection.
    Closed(String),
    /// It sent these bytes and kept the connection open past our patience.
    StillOpen(String),
}

/// Reads until the server closes the connection, or `PATIENCE` passes.
fn read_to_close(s: &mut TcpStream) -> Outcome {
    let mut out = Vec::new();
    let mut buf = [0u8; 16384];
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => return Outcome::Closed(String::from_utf8_lossy(&out).into_owned()),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return Outcome::Closed(String::from_utf8_lossy(&out).into_owned()),
        }
    }
    Outcome::StillOpen(String::from_utf8_lossy(&out).into_owned())
}

/// Reads one response with a Content-Length body (or none), leaving the connection open.
fn read_response(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 16384];
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if let Some(end) = complete_response(&out) {
            out.truncate(end);
            break;
        }
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The length of the first complete response in `out`, if there is one.
fn complete_response(out: &[u8]) -> Option<usize> {
    let head_end = out.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&out[..head_end]).to_ascii_lowercase();
    let len = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse::<usize>().unwrap_or(0));
    (out.len() >= head_end + len).then_some(head_end + len)
}

fn status(resp: &str) -> &str {
    resp.split(' ').nth(1).unwrap_or("")
}

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
/// A fixed page, which the server answers on its direct path.
const PAGE: &[u8] = b"GET /417 HTTP/1.1\r\nHost: x\r\n\r\n";

/// Sends one more header line every 100 ms, as a slowloris client does, until the server hangs
/// up (true) or our patience ends (false). The server must not answer.
fn trickle_until_closed(s: &mut TcpStream) -> bool {
    let deadline = Instant::now() + PATIENCE;
    let mut buf = [0u8; 1024];
    while Instant::now() < deadline {
        if s.write_all(b"X-Slow: yes\r\n").is_err() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(n) => panic!("no answer was expected, got {:?}", String::from_utf8_lossy(&buf[..n])),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn a_slow_request_head_is_cut_at_the_header_timeout() {
    let server = shared_server();
    // As the first request of a connection (read before hyper has the connection)...
    let mut s = server.connect();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
    assert!(
        trickle_until_closed(&mut s),
        "a first head still unfinished after the header timeout"
    );
    // ...and after a request on a kept-alive connection (read by hyper)...
    let mut s = server.connect();
    s.write_all(HEALTHZ).unwrap();
    assert_eq!(status(&read_response(&mut s)), "200");
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
    assert!(
        trickle_until_closed(&mut s),
        "a later head still unfinished after the header timeout"
    );
    // ...and after a fixed page answered by the direct path.
    let mut s = server.connect();
    s.write_all(PAGE).unwrap();
    assert_eq!(status(&read_response(&mut s)), "200");
    s.write_all(b"GET /417 HTTP/1.1\r\nHost: x\r\n").unwrap();
    assert!(
        trickle_until_closed(&mut s),
        "a head after a direct answer still unfinished after the header timeout"
    );
}

#[test]
fn bytes_that_cannot_start_a_request_get_400_at_once() {
    let server = shared_server();
    let mut s = server.connect();
    // The start of a TLS handshake: no line end ever comes.
    s.write_all(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03").unwrap();
    match read_to_close(&mut s) {
        Outcome::Closed(resp) => assert_eq!(status(&resp), "400", "{resp:?}"),
        Outcome::StillOpen(resp) => panic!("still open: {resp:?}"),
    }
}

#[test]
fn a_head_ended_by_bare_line_feeds_is_served() {
    let server = shared_server();
    let mut s = server.connect();
    s.write_all(b"GET /healthz HTTP/1.0\n\n").unwrap();
    assert_eq!(status(&read_response(&mut s)), "200");
}

#[test]
fn idle_connections_are_closed_at_the_idle_timeout() {
    let server = Server::start(&["--idle-timeout", "1", "--header-timeout", "60"]);

    // Silent from the start.
    let mut silent = server.connect();
    assert_eq!(read_to_close(&mut silent), Outcome::Closed(String::new()));

    // Idle after a keep-alive request, served by hyper or by the direct path.
    for request in [HEALTHZ, PAGE] {
        let mut s = server.connect();
        s.write_all(request).unwrap();
        assert_eq!(status(&read_response(&mut s)), "200");
        assert_eq!(read_to_close(&mut s), Outcome::Closed(String::new()));
    }
}

#[test]
fn the_header_timeout_does_not_cut_idle_keep_alive_connections() {
    let server = shared_server();
    let mut hyper = server.connect();
    let mut direct = server.connect();
    hyper.write_all(HEALTHZ).unwrap();
    assert_eq!(status(&read_response(&mut hyper)), "200");
    direct.write_all(PAGE).unwrap();
    assert_eq!(status(&read_response(&mut direct)), "200");
    // Idle for longer than the header timeout, then a second request on the same connections.
    std::thread::sleep(Duration::from_millis(2500));
    hyper.write_all(HEALTHZ).unwrap();
    assert_eq!(status(&read_response(&mut hyper)), "200");
    direct.write_all(PAGE).unwrap();
    assert_eq!(status(&read_response(&mut direct)), "200");
}

#[test]
fn direct_answers_and_hyper_share_a_connection_and_pipelined_requests() {
    let server = shared_server();
    let mut s = server.connect();
    // Direct, then a route (hyper takes the connection over), then the page again from hyper.
    s.write_all(PAGE).unwrap();
    let direct = read_response(&mut s);
    s.write_all(HEALTHZ).unwrap();
    assert_eq!(read_response(&mut s).lines().last(), Some("ok"));
    s.write_all(PAGE).unwrap();
    let routed = read_response(&mut s);
    let body = |r: &str| r.split_once("\r\n\r\n").map(|(_, b)| b.to_owned());
    assert_eq!(status(&direct), "200");
    assert_eq!(status(&routed), "200");
    assert_eq!(body(&direct), body(&routed));

    // Three requests in one write: two for the direct path, then one it leaves to hyper.
    let mut s = server.connect();
    let pipelined = [PAGE, b"HEAD /404 HTTP/1.1\r\nHost: x\r\n\r\n", HEALTHZ].concat();
    s.write_all(&pipelined).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 16384];
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline && !got.ends_with(b"ok\n") {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    let text = String::from_utf8_lossy(&got);
    let first = complete_response(&got).expect("the first answer");
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text:.200}");
    // The HEAD answer carries the length a GET would have, and no body.
    let second = &text[first..];
    assert!(second.starts_with("HTTP/1.1 200 OK\r\n"), "{second:.200}");
    let head_end = second.find("\r\n\r\n").expect("a head") + 4;
    assert!(second[head_end..].starts_with("HTTP/1.1 200 OK\r\n"), "{second:.400}");
    assert!(text.ends_with("\r\n\r\nok\n"), "{text:.200}");
}

#[test]
fn a_body_shorter_than_its_content_length_is_given_up_on() {
    let server = shared_server();
    let mut s = server.connect();
    s.write_all(
        b"POST /anything HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly ten b",
    )
    .unwrap();
    match read_to_close(&mut s) {
        Outcome::Closed(resp) => assert!(
            resp.is_empty() || matches!(status(&resp), "400" | "408"),
            "a stalled body gets 400, 408 or a close: {resp:.300}"
        ),
        Outcome::StillOpen(resp) => panic!("a stalled body keeps its connection: {resp:.300}"),
    }
}

#[test]
fn connections_over_the_per_client_cap_are_refused() {
    let server = Server::start(&["--max-connections-per-client", "5"]);
    let mut held: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut s = server.connect();
            // An answer proves the server has taken the connection.
            s.write_all(HEALTHZ).unwrap();
            assert_eq!(status(&read_response(&mut s)), "200");
            s
        })
        .collect();

    let mut sixth = server.connect();
    let _ = sixth.write_all(HEALTHZ);
    match read_to_close(&mut sixth) {
        Outcome::Closed(resp) => assert!(
            resp.is_empty() || status(&resp) == "503",
            "the sixth connection is answered 503 or closed: {resp:.300}"
        ),
        Outcome::StillOpen(resp) => panic!("the sixth connection stays open: {resp:.300}"),
    }

    // The five still work.
    held[0].write_all(HEALTHZ).unwrap();
    assert_eq!(status(&read_response(&mut held[0])), "200");

    // A closed one frees its place.
    held.pop();
    let deadline = Instant::now() + PATIENCE;
    loop {
        let mut s = server.connect();
        let _ = s.write_all(HEALTHZ);
        if status(&read_response(&mut s)) == "200" {
            break;
        }
        assert!(Instant::now() < deadline, "a closed connection never freed its place");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_request_head_over_16_kib_gets_431_and_the_connection_closes() {
    let server = shared_server();
    let head = |bytes: usize| {
        let mut req = b"GET /healthz HTTP/1.1\r\nHost: x\r\n".to_vec();
        while req.len() < bytes {
            req.extend_from_slice(format!("X-Filler-{}: {}\r\n", req.len(), "f".repeat(200)).as_bytes());
        }
        req.extend_from_slice(b"\r\n");
        req
    };

    let mut s = server.connect();
    s.write_all(&head(12 * 1024)).unwrap();
    assert_eq!(
        status(&read_response(&mut s)),
        "200",
        "a 12 KiB head is within the limit"
    );

    // As a connection's first request, and as its second.
    for first in [&b""[..], HEALTHZ] {
        let mut s = server.connect();
        if !first.is_empty() {
            s.write_all(first).unwrap();
            assert_eq!(status(&read_response(&mut s)), "200");
        }
        s.write_all(&head(20 * 1024)).unwrap();
        match read_to_close(&mut s) {
            Outcome::Closed(resp) => assert!(
                matches!(status(&resp), "431" | "400"),
                "a 20 KiB head gets 431: {resp:.300}"
            ),
            Outcome::StillOpen(resp) => panic!("the connection stays open after {resp:.300}"),
        }
    }
}

#[test]
fn host_must_be_there_once_and_valid() {
    let server = shared_server();
    let ask = |req: &str| {
        let mut s = server.connect();
        s.write_all(req.as_bytes()).unwrap();
        read_response(&mut s)
    };
    let no_host = ask("GET /healthz HTTP/1.1\r\n\r\n");
    assert_eq!(status(&no_host), "400", "{no_host}");
    assert!(no_host.contains("Host"), "the answer says why: {no_host}");
    assert_eq!(
        status(&ask("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n")),
        "400"
    );
    assert_eq!(
        status(&ask("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")),
        "400"
    );
    assert_eq!(status(&ask("GET /healthz HTTP/1.1\r\nHost: user@a\r\n\r\n")), "400");
    assert_eq!(
        status(&ask("GET /healthz HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n")),
        "400"
    );
    // HTTP/1.0 needs no Host; a port and an IPv6 literal are fine.
    assert_eq!(status(&ask("GET /healthz HTTP/1.0\r\n\r\n")), "200");
    assert_eq!(
        status(&ask("GET /healthz HTTP/1.1\r\nHost: example.com:8080\r\n\r\n")),
        "200"
    );
    assert_eq!(status(&ask("GET /healthz HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n")), "200");
}

#[test]
fn connect_is_answered_501_not_dropped() {
    let server = shared_server();
    for req in [
        "CONNECT /anything HTTP/1.1\r\nHost: x\r\n\r\n",
        "CONNECT /417 HTTP/1.1\r\nHost: x\r\n\r\n",
        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
    ] {
        let mut s = server.connect();
        s.write_all(req.as_bytes()).unwrap();
        match read_to_close(&mut s) {
            Outcome::Closed(resp) => {
                assert_eq!(status(&resp), "501", "{req:?} -> {resp:.300}");
                assert!(resp.contains("not a proxy"), "{resp}");
            }
            Outcome::StillOpen(resp) => panic!("{req:?} leaves the connection open: {resp:.300}"),
        }
    }
}

#[cfg(unix)]
fn sigterm(server: &Server) {
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
}

#[cfg(unix)]
fn wait_for_exit(server: &mut Server) -> std::process::ExitStatus {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "still running long after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn sigterm_lets_a_request_in_flight_finish() {
    let mut server = Server::start(&[]);
    let mut s = server.connect();
    s.write_all(b"GET /status/200?delay=1500 HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    // The request has reached its handler well before its delay is over.
    std::thread::sleep(Duration::from_millis(500));
    sigterm(&server);
    let resp = read_response(&mut s);
    assert_eq!(status(&resp), "200", "{resp:.300}");
    assert!(wait_for_exit(&mut server).success());
}

#[cfg(unix)]
#[test]
fn sigterm_cuts_a_request_that_outlasts_the_grace_period() {
    let mut server = Server::start(&["--shutdown-grace", "1"]);
    let mut s = server.connect();
    s.write_all(b"GET /status/200?delay=8000 HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    sigterm(&server);
    assert_eq!(read_to_close(&mut s), Outcome::Closed(String::new()));
    assert!(wait_for_exit(&mut server).success());
}

#[test]
fn a_broken_chunked_body_is_a_400() {
    let server = shared_server();
    let mut s = server.connect();
    s.write_all(
        b"POST /anything HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n",
    )
    .unwrap();
    let resp = read_response(&mut s);
    assert_eq!(status(&resp), "400", "{resp:.300}");
}
