//! One HTTP request to already-checked addresses: connect (TLS for https), send, read the head
//! and at most a capped part of the body, which is then dropped unread.

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use url::Url;

/// What one request brought back.
#[derive(Debug, Clone)]
pub(crate) struct HopResponse {
    pub status: u16,
    pub reason: String,
    pub location: Option<String>,
    pub version: String,
    pub remote: SocketAddr,
    pub ttfb: Duration,
    pub total: Duration,
    pub retry_after: Option<Duration>,
}

pub(crate) struct HopRequest<'a> {
    pub url: &'a Url,
    pub method: Method,
    pub headers: &'a [(HeaderName, HeaderValue)],
    pub addrs: &'a [IpAddr],
    pub max_body: usize,
    pub tls: &'a Arc<rustls::ClientConfig>,
    pub user_agent: &'a str,
}

fn host_header(url: &Url) -> String {
    let host = match url.host() {
        Some(url::Host::Ipv6(v6)) => format!("[{v6}]"),
        Some(h) => h.to_string(),
        None => String::new(),
    };
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    }
}

/// `Retry-After` as delta-seconds. An HTTP-date is not parsed; the caller falls back to backoff.
fn retry_after(value: Option<&HeaderValue>) -> Option<Duration> {
    let secs: u64 = value?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(secs))
}

trait Io: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send> Io for T {}

async fn connect(req: &HopRequest<'_>) -> Result<(Box<dyn Io>, SocketAddr), String> {
    let port = req.url.port_or_known_default().unwrap_or(80);
    let mut last = String::from("no address to connect to");
    for ip in req.addrs {
        let addr = SocketAddr::new(*ip, port);
        match TcpStream::connect(addr).await {
            Ok(tcp) => {
                let _ = tcp.set_nodelay(true);
                if req.url.scheme() != "https" {
                    return Ok((Box::new(tcp), addr));
                }
                let name = match req.url.host() {
                    Some(url::Host::Domain(d)) => ServerName::try_from(d.to_string()).map_err(|e| e.to_string())?,
                    Some(url::Host::Ipv4(v4)) => ServerName::IpAddress(IpAddr::V4(v4).into()),
                    Some(url::Host::Ipv6(v6)) => ServerName::IpAddress(IpAddr::V6(v6).into()),
                    None => return Err("no host".into()),
                };
                let tls = tokio_rustls::TlsConnector::from(req.tls.clone());
                return match tls.connect(name, tcp).await {
                    Ok(stream) => Ok((Box::new(stream), addr)),
                    Err(e) => Err(format!("TLS handshake with {addr} failed: {e}")),
                };
            }
            Err(e) => last = format!("cannot connect to {addr}: {e}"),
        }
    }
    Err(last)
}

/// Sends one request. Errors are plain words for the report.
pub(crate) async fn fetch(req: HopRequest<'_>) -> Result<HopResponse, String> {
    let started = Instant::now();
    let (io, remote) = connect(&req).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(TokioIo::new(io))
        .await
        .map_err(|e| format!("HTTP handshake failed: {e}"))?;
    let conn_task = tokio::spawn(async move {
        let _ = conn.await;
    });
    let target = match req.url.query() {
        Some(q) => format!("{}?{q}", req.url.path()),
        None => req.url.path().to_string(),
    };
    let mut builder = Request::builder()
        .method(req.method.clone())
        .uri(target)
        .header(header::HOST, host_header(req.url))
        .header(header::USER_AGENT, req.user_agent)
        .header(header::ACCEPT, "*/*")
        .header(header::CONNECTION, "close");
    for (name, value) in req.headers {
        builder = builder.header(name, value);
    }
    let request = builder
        .body(Empty::new())
        .map_err(|e| format!("cannot build the request: {e}"))?;
    let resp = sender
        .send_request(request)
        .await
        .map_err(|e| format!("no valid response: {e}"));
    let resp = match resp {
        Ok(r) => r,
        Err(e) => {
            conn_task.abort();
            return Err(e);
        }
    };
    let ttfb = started.elapsed();
    let status = resp.status();
    let reason = resp
        .extensions()
        .get::<hyper::ext::ReasonPhrase>()
        .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned())
        .or_else(|| status.canonical_reason().map(str::to_string))
        .unwrap_or_default();
    let location = resp
        .headers()
        .get(header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let version = format!("{:?}", resp.version());
    let retry_after = retry_after(resp.headers().get(header::RETRY_AFTER));
    // Read at most `max_body` bytes, then drop the rest with the connection. Nothing is kept.
    let mut body = resp.into_body();
    let mut read = 0usize;
    while read < req.max_body {
        match body.frame().await {
            Some(Ok(frame)) => read += frame.data_ref().map_or(0, Bytes::len),
            _ => break,
        }
    }
    drop(body);
    conn_task.abort();
    Ok(HopResponse {
        status: status.as_u16(),
        reason,
        location,
        version,
        remote,
        ttfb,
        total: started.elapsed(),
        retry_after,
    })
}
