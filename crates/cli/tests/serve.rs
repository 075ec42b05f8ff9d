//! The real server on 127.0.0.1: raw bytes for inputs a router never sees (huge targets,
//! garbage request lines), HEAD framing, and graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_siteerror"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stderr(Stdio::piped())
            .spawn()
            .expect("start siteerror serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let line = lines.next().expect("a start-up line").expect("utf-8");
        let addr = line
            .rsplit("http://")
            .next()
            .expect("address in start-up line")
            .trim()
            .to_string();
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    /// Sends raw bytes and returns everything the server answers until it closes or goes quiet.
    fn raw(&self, bytes: &[u8]) -> String {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = s.write_all(bytes);
        let mut out = Vec::new();
        let mut buf = [0u8; 65536];
        loop {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    out.extend_from_slice(&buf[..n]);
                    if response_complete(&out) {
                        break;
                    }
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

fn response_complete(out: &[u8]) -> bool {
    let text = String::from_utf8_lossy(out);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let len = head.lines().find_map(|l| {
        l.to_ascii_lowercase()
            .strip_prefix("content-length:")
            .map(|v| v.trim().parse::<usize>().unwrap_or(0))
    });
    match len {
        Some(n) => body.len() >= n || head.starts_with("HTTP/1.1 304") || head.contains("HEAD"),
        None => false,
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status(resp: &str) -> &str {
    resp.split(' ').nth(1).unwrap_or("")
}

#[test]
fn raw_http_edge_cases() {
    let server = Server::start();

    let ok = server.raw(b"GET /417 HTTP/1.1\r\nHost: x\r\nUser-Agent: curl/8\r\nAccept: */*\r\n\r\n");
    assert_eq!(status(&ok), "200", "{ok}");
    assert!(ok.contains("417 Expectation Failed"));

    let head = server.raw(b"HEAD /417 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&head), "200");
    let get_len = ok.lines().find(|l| l.starts_with("content-length")).map(str::to_string);
    assert!(
        head.to_ascii_lowercase().contains("content-length: "),
        "HEAD keeps Content-Length: {head}"
    );
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head:?}");
    assert!(get_len.is_some());

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

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = Server::start();
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    for _ in 0..100 {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("still running 5 s after SIGTERM");
}
