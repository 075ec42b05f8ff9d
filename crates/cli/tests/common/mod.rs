//! A `siteerror serve` process on 127.0.0.1 for the tests, and raw HTTP/1.1 to talk to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server, killed when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// Starts `siteerror serve --addr 127.0.0.1:0` with `extra` arguments.
    pub fn start_with(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_siteerror"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
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
    pub fn raw(&self, bytes: &[u8]) -> String {
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

pub fn status(resp: &str) -> &str {
    resp.split(' ').nth(1).unwrap_or("")
}

/// The Content-Length of a response head.
pub fn content_length(head: &str) -> Option<usize> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().expect("a number"))
    })
}
