//! The quiz's script in a real browser (headless Chromium driven over WebDriver on loopback):
//! answering by click and by number key grades through the API without a page load, marks the
//! right choice and moves focus to the next question's link. Skips without chromedriver, except
//! in CI (`SITEERROR_REQUIRE_CHROMIUM=1`).

mod common;
use common::*;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A WebDriver session, spoken in HTTP/1.1 over loopback with nothing but std.
struct Driver {
    addr: SocketAddr,
    session: String,
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = call(self.addr, "DELETE", &format!("/session/{}", self.session), None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn call(addr: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<Value> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    // Read the head, then exactly Content-Length bytes: chromedriver keeps connections open.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        let n = s.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed before the response head"));
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no Content-Length in {head}")))?;
    while raw.len() < head_end + len {
        let n = s.read(&mut buf)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&raw[head_end..]).into_owned();
    let json = text.as_str();
    serde_json::from_str(json).map_err(|e| std::io::Error::other(format!("{e}: {text}")))
}

impl Driver {
    fn start(browser: &str, driver: &str) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while call(addr, "GET", "/status", None).map_or(true, |v| v["value"]["ready"] != true) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not become ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": browser,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
        }}}});
        let v = call(addr, "POST", "/session", Some(&caps)).expect("new session");
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Driver { addr, session, child }
    }

    fn cmd(&self, method: &str, what: &str, body: Value) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        let v = call(self.addr, method, &path, Some(&body)).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(v["value"]["error"].is_null(), "{what}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "url", json!({"url": url}));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd("POST", "execute/sync", json!({"script": script, "args": []}))
    }

    /// Waits until `script` returns something other than null (errors while a page loads count
    /// as not yet).
    fn wait_for(&self, script: &str) -> Value {
        let started = Instant::now();
        let path = format!("/session/{}/execute/sync", self.session);
        loop {
            let v = call(self.addr, "POST", &path, Some(&json!({"script": script, "args": []})));
            if let Ok(v) = v {
                if v["value"].get("error").is_none() && !v["value"].is_null() {
                    return v["value"].clone();
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "timed out waiting for: {script}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn press(&self, key: &str) {
        self.cmd(
            "POST",
            "actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
            ]}]}),
        );
    }
}

const FEEDBACK: &str = "var f = document.querySelector('.js-feedback .feedback'); return f ? f.textContent : null;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_get_instant_feedback_without_a_page_load() {
    let Some((browser, Some(driver))) = chromium(true) else {
        return;
    };
    let site = serve_on_loopback().await;
    let round = SITE.catalog().quiz_round(77);
    let id = round.id.clone();
    tokio::task::spawn_blocking(move || {
        let d = Driver::start(&browser, &driver);
        // Question 1: click the right choice.
        let first = &round.questions[0];
        d.go(&format!("http://{site}/quiz/{id}"));
        d.js("window.__samePage = true; return null;");
        let right = first.answer;
        let button = d.cmd(
            "POST",
            "element",
            json!({"using": "css selector", "value": format!("button.choice[value=\"{right}\"]")}),
        );
        let eid = button
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap()
            .to_string();
        d.cmd("POST", &format!("element/{eid}/click"), json!({}));
        let text = d.wait_for(FEEDBACK);
        assert!(text.as_str().unwrap().starts_with("Right!"), "{text}");
        assert_eq!(
            d.js("return window.__samePage === true;"),
            true,
            "the answer loaded a new page"
        );
        assert_eq!(d.js("return location.search;"), "", "the address did not change");
        assert_eq!(
            d.js("return Array.from(document.querySelectorAll('button.choice')).every(b => b.disabled);"),
            true
        );
        assert_eq!(
            d.js("return document.querySelector('button.choice.right').value;"),
            right.to_string()
        );
        assert_eq!(
            d.js("return document.activeElement.className;"),
            "next",
            "focus moves to the next link"
        );
        let next = d.js("return document.activeElement.getAttribute('href');");
        assert_eq!(next, format!("/quiz/{id}?a={right}"));

        // Question 2, from the keyboard: Enter follows the focused link, then a number key answers wrong.
        d.press("\u{E007}");
        d.wait_for("return location.search === '' ? null : location.search;");
        let second = &round.questions[1];
        let wrong = (second.answer + 1) % second.choices.len();
        d.js("window.__samePage = true; return null;");
        d.press(&(wrong + 1).to_string());
        let text = d.wait_for(FEEDBACK);
        let text = text.as_str().unwrap();
        assert!(text.starts_with("Not quite."), "{text}");
        assert_eq!(d.js("return window.__samePage === true;"), true);
        assert_eq!(
            d.js("return document.querySelector('button.choice.wrong').value;"),
            wrong.to_string()
        );
        assert_eq!(
            d.js("return document.querySelector('button.choice.right').value;"),
            second.answer.to_string()
        );
        let next = d.js("return document.querySelector('a.next').getAttribute('href');");
        assert_eq!(next, format!("/quiz/{id}?a={right}{wrong}"));
        assert_eq!(
            d.js("return document.querySelectorAll('section.feedback').length;"),
            1,
            "no second, server-side feedback"
        );
    })
    .await
    .unwrap();
}
