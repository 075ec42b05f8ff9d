//! `Expect` (RFC 9110 Section 10.1.1) for the whole server, and the playground's live
//! demonstration of `Expect: 100-continue` and 417.

use super::{refuse, shown};
use crate::Site;
use crate::error::SiteError;
use crate::headers::VARY_ENCODING;
use crate::http::client::ClientAddr;
use crate::http::query::Query;
use crate::http::respond;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use siteerror_present::Media;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Server-wide `Expect` handling (RFC 9110 Section 10.1.1): whether the request carries an
/// expectation other than `100-continue`, which gets [`expectation_failed`] at once, without
/// reading the body. `100-continue` itself is left to hyper, which sends `100 Continue` only
/// when a handler starts reading the body; handlers that answer from the headers alone (413,
/// 404, a page) answer without a 100.
pub(crate) fn unmet(headers: &HeaderMap) -> bool {
    headers.get_all(header::EXPECT).iter().any(|v| {
        v.to_str().map_or(true, |s| {
            s.split(',')
                .map(str::trim)
                .any(|m| !m.is_empty() && !m.eq_ignore_ascii_case("100-continue"))
        })
    })
}

/// The 417 for an [`unmet`] expectation.
pub(crate) fn expectation_failed() -> Response {
    let body = "417 Expectation Failed\nThis server supports only the 100-continue expectation (RFC 9110 Section 10.1.1).\nSend the request again without the Expect header, or with Expect: 100-continue.\n";
    let mut r = (
        StatusCode::EXPECTATION_FAILED,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response();
    // The body was not read: close the connection rather than read and discard an upload.
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// The two live `Expect` demonstrations the playground page offers.
const DEMO_BODY: &str = "abcdefghijklmnopqrstuvwxyz";

/// `/playground/expect-demo?case=continue|unmet`: the server opens a connection to its own
/// listener, performs the exchange byte by byte and shows the transcript, since browsers may not
/// send `Expect` themselves. It only ever connects to its own listening address.
pub async fn demo(
    State(site): State<Arc<Site>>,
    client: ClientAddr,
    method: Method,
    Query(case): Query<PlaygroundDemo>,
) -> Response {
    run_demo(&site, client, &method, &case).await.unwrap_or_else(refuse)
}

async fn run_demo(
    site: &Site,
    client: ClientAddr,
    method: &Method,
    case: &PlaygroundDemo,
) -> Result<Response, SiteError> {
    let addr = site.listen_addr.get().copied().ok_or_else(|| {
        SiteError::refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "the demo needs the server's own listener, which this instance does not have",
        )
    })?;
    site.playground.take(client.key())?;
    let expectation = match case.case.as_str() {
        "continue" | "" => "100-continue",
        "unmet" => "please-be-fast",
        other => {
            return Err(SiteError::bad_request(format!(
                "case must be continue or unmet, not {:?}",
                shown(other)
            )));
        }
    };
    let transcript = match tokio::time::timeout(Duration::from_secs(5), demo_exchange(addr, expectation)).await {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => format!("The demo connection failed: {e}\n"),
        Err(_) => "The demo timed out.\n".to_string(),
    };
    Ok(respond::dynamic(
        StatusCode::OK,
        Media::Text,
        transcript,
        method,
        "no-store",
        VARY_ENCODING,
    ))
}

/// `/playground/expect-demo`'s parameter.
#[derive(serde::Deserialize, Default)]
pub struct PlaygroundDemo {
    #[serde(default)]
    case: String,
}

async fn demo_exchange(addr: SocketAddr, expectation: &str) -> std::io::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let started = std::time::Instant::now();
    let ms = || started.elapsed().as_millis();
    let mut out = String::new();
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let head = format!(
        "POST /anything HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nExpect: {expectation}\r\nConnection: close\r\n\r\n",
        DEMO_BODY.len()
    );
    s.write_all(head.as_bytes()).await?;
    for line in head.trim_end().lines() {
        out.push_str(&format!("{:>5} ms  → {line}\n", ms()));
    }
    out.push_str(&format!(
        "{:>5} ms    (headers sent; the client now waits before sending its {} bytes)\n",
        ms(),
        DEMO_BODY.len()
    ));
    // Read the first response head, whatever it is.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !String::from_utf8_lossy(&buf).contains("\r\n\r\n") {
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (first, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    for line in first.lines() {
        out.push_str(&format!("{:>5} ms  ← {line}\n", ms()));
    }
    let mut remainder = rest.to_string();
    if first.starts_with("HTTP/1.1 100") {
        s.write_all(DEMO_BODY.as_bytes()).await?;
        out.push_str(&format!(
            "{:>5} ms  → {DEMO_BODY}   (the body, sent after 100 Continue)\n",
            ms()
        ));
        let mut tail = Vec::new();
        s.read_to_end(&mut tail).await?;
        remainder.push_str(&String::from_utf8_lossy(&tail));
        for line in remainder.lines() {
            out.push_str(&format!("{:>5} ms  ← {line}\n", ms()));
        }
        out.push_str(
            "\nThe server answered 100 Continue because it would read the body, then the final 200 describing it.\n",
        );
    } else {
        let mut tail = Vec::new();
        let _ = s.read_to_end(&mut tail).await;
        remainder.push_str(&String::from_utf8_lossy(&tail));
        for line in remainder.lines().filter(|l| !l.is_empty()) {
            out.push_str(&format!("{:>5} ms  ← {line}\n", ms()));
        }
        out.push_str(
            "\nThe server answered at once with a final status and closed the connection; the body was never sent.\n",
        );
    }
    Ok(out)
}
