//! One HTTP request to already-checked addresses: connect (TLS for https), send, read the head
//! and at most a capped part of the body, which is then dropped unread.

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
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

type Sender = hyper::client::conn::http1::SendRequest<Empty<Bytes>>;

/// Idle keep-alive connections by (scheme, host, port). A connection is only ever made to an
/// address the policy checked for that host, so reusing it for the same host is as safe as the
/// first request was. The pool is bounded: a connection idle longer than the idle timeout is
/// closed, and past the total cap the longest-idle one goes first.
pub(crate) struct ConnPool {
    idle: std::sync::Mutex<std::collections::HashMap<PoolKey, Vec<Idle>>>,
    idle_timeout: Duration,
    max_total: usize,
}

struct Idle {
    sender: Sender,
    addr: SocketAddr,
    since: std::time::Instant,
}

/// Scheme, host and port.
type PoolKey = (String, String, u16);

/// Idle connections kept per host at most.
const MAX_IDLE_PER_HOST: usize = 32;
/// Idle connections kept over all hosts at most.
pub(crate) const MAX_IDLE_TOTAL: usize = 256;
/// How long an idle connection is kept for reuse.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

impl Default for ConnPool {
    fn default() -> Self {
        ConnPool::new(IDLE_TIMEOUT, MAX_IDLE_TOTAL)
    }
}

impl ConnPool {
    pub(crate) fn new(idle_timeout: Duration, max_total: usize) -> Self {
        ConnPool {
            idle: std::sync::Mutex::new(std::collections::HashMap::new()),
            idle_timeout,
            max_total,
        }
    }

    fn key(url: &Url) -> PoolKey {
        (
            url.scheme().to_string(),
            url.host_str().unwrap_or_default().to_ascii_lowercase(),
            url.port_or_known_default().unwrap_or(0),
        )
    }

    fn take(&self, url: &Url) -> Option<(Sender, SocketAddr)> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        let list = idle.get_mut(&Self::key(url))?;
        while let Some(conn) = list.pop() {
            if !conn.sender.is_closed() && conn.since.elapsed() < self.idle_timeout {
                return Some((conn.sender, conn.addr));
            }
        }
        None
    }

    fn put(&self, url: &Url, sender: Sender, addr: SocketAddr) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        // Dropping a sender closes its connection. The pool holds at most `max_total`
        // connections, so this sweep is short.
        let timeout = self.idle_timeout;
        idle.retain(|_, list| {
            list.retain(|c| !c.sender.is_closed() && c.since.elapsed() < timeout);
            !list.is_empty()
        });
        let total: usize = idle.values().map(Vec::len).sum();
        if total >= self.max_total {
            let oldest = idle
                .iter()
                .filter_map(|(k, list)| list.first().map(|c| (c.since, k.clone())))
                .min_by_key(|(since, _)| *since);
            match oldest {
                Some((_, key)) => {
                    if let Some(list) = idle.get_mut(&key) {
                        list.remove(0);
                    }
                }
                None => return,
            }
        }
        let list = idle.entry(Self::key(url)).or_default();
        if list.len() < MAX_IDLE_PER_HOST && self.max_total > 0 {
            list.push(Idle {
                sender,
                addr,
                since: std::time::Instant::now(),
            });
        }
    }

    /// Idle connections held now.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .map(Vec::len)
            .sum()
    }
}

pub(crate) struct HopRequest<'a> {
    pub url: &'a Url,
    pub method: Method,
    pub headers: &'a [(HeaderName, HeaderValue)],
    pub addrs: &'a [IpAddr],
    pub max_body: usize,
    pub tls: &'a Arc<rustls::ClientConfig>,
    pub user_agent: &'a str,
    pub pool: &'a ConnPool,
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

/// `Retry-After` (RFC 9110 Section 10.2.3): delay-seconds, or an HTTP-date counted from now (a
/// date in the past means no wait). Anything else is ignored, and the caller backs off instead.
fn retry_after(value: Option<&HeaderValue>) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
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

async fn open(req: &HopRequest<'_>) -> Result<(Sender, SocketAddr), String> {
    let (io, remote) = connect(req).await?;
    let (sender, conn) = hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(TokioIo::new(io))
        .await
        .map_err(|e| format!("HTTP handshake failed: {e}"))?;
    // The connection ends when its sender is dropped (or the peer closes it).
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok((sender, remote))
}

/// Sends one request, on an idle connection to the same host when there is one. Errors are plain
/// words for the report.
pub(crate) async fn fetch(req: HopRequest<'_>) -> Result<HopResponse, String> {
    let started = Instant::now();
    let (mut sender, remote, resp) = send(&req).await?;
    let ttfb = started.elapsed();
    let status = resp.status();
    let reason = reason_phrase(&resp);
    let location = resp
        .headers()
        .get(header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let version = format!("{:?}", resp.version());
    let retry_after = retry_after(resp.headers().get(header::RETRY_AFTER));
    let complete = drain_body(resp.into_body(), req.max_body).await;
    // Only a connection whose response was read to the end can carry another request.
    if complete && sender.ready().await.is_ok() {
        req.pool.put(req.url, sender, remote);
    }
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

/// The request's path and query, as sent on the request line.
fn request_target(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

fn build_request(req: &HopRequest<'_>, target: &str) -> Result<Request<Empty<Bytes>>, String> {
    let mut builder = Request::builder()
        .method(req.method.clone())
        .uri(target)
        .header(header::HOST, host_header(req.url))
        .header(header::USER_AGENT, req.user_agent)
        .header(header::ACCEPT, "*/*");
    for (name, value) in req.headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Empty::new())
        .map_err(|e| format!("cannot build the request: {e}"))
}

/// Sends the request and waits for the response head, returning the connection it went on.
async fn send(req: &HopRequest<'_>) -> Result<(Sender, SocketAddr, Response<Incoming>), String> {
    let target = request_target(req.url);
    // A pooled connection may have been closed by the server meanwhile: then open a new one.
    let mut attempt = req.pool.take(req.url);
    loop {
        let reused = attempt.is_some();
        let (mut sender, remote) = match attempt.take() {
            Some(pair) => pair,
            None => open(req).await?,
        };
        if sender.ready().await.is_err() {
            if reused {
                continue;
            }
            return Err("the connection closed before the request".into());
        }
        match sender.send_request(build_request(req, &target)?).await {
            Ok(resp) => return Ok((sender, remote, resp)),
            Err(_) if reused => continue,
            Err(e) => return Err(format!("no valid response: {e}")),
        }
    }
}

/// The reason phrase the server sent, or the standard one for the status.
fn reason_phrase(resp: &Response<Incoming>) -> String {
    resp.extensions()
        .get::<hyper::ext::ReasonPhrase>()
        .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned())
        .or_else(|| resp.status().canonical_reason().map(str::to_string))
        .unwrap_or_default()
}

/// Reads at most `max_body` bytes and drops the body; the rest is never read. Returns whether the
/// body was read to its end.
async fn drain_body(mut body: Incoming, max_body: usize) -> bool {
    let mut read = 0usize;
    while read <= max_body {
        match body.frame().await {
            Some(Ok(frame)) => read += frame.data_ref().map_or(0, Bytes::len),
            Some(Err(_)) => return false,
            None => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client connection to a loopback listener that accepts and holds the socket.
    async fn sender() -> (Sender, SocketAddr) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((s, _)) = listener.accept().await {
                held.push(s);
            }
        });
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (sender, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(tcp))
            .await
            .unwrap();
        tokio::spawn(conn);
        (sender, addr)
    }

    fn url(host: &str) -> Url {
        Url::parse(&format!("http://{host}/")).unwrap()
    }

    #[tokio::test]
    async fn idle_connections_expire() {
        let pool = ConnPool::new(Duration::ZERO, 8);
        let (s, a) = sender().await;
        pool.put(&url("a.test"), s, a);
        assert!(pool.take(&url("a.test")).is_none());
        let pool = ConnPool::new(Duration::from_secs(60), 8);
        let (s, a) = sender().await;
        pool.put(&url("a.test"), s, a);
        assert!(pool.take(&url("a.test")).is_some());
    }

    #[tokio::test]
    async fn the_pool_holds_at_most_its_total_over_all_hosts() {
        let pool = ConnPool::new(Duration::from_secs(60), 3);
        for host in ["a.test", "b.test", "c.test", "d.test", "e.test"] {
            let (s, a) = sender().await;
            pool.put(&url(host), s, a);
            assert!(pool.len() <= 3);
        }
        assert_eq!(pool.len(), 3);
        // The longest idle went first.
        assert!(pool.take(&url("a.test")).is_none());
        assert!(pool.take(&url("e.test")).is_some());
    }
}

#[cfg(test)]
mod retry_after_tests {
    use super::retry_after;
    use http::HeaderValue;
    use std::time::{Duration, SystemTime};

    #[test]
    fn seconds_and_dates_are_read() {
        assert_eq!(
            retry_after(Some(&HeaderValue::from_static("8"))),
            Some(Duration::from_secs(8))
        );
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        let d = retry_after(Some(&HeaderValue::from_str(&soon).unwrap())).unwrap();
        assert!(d > Duration::from_secs(110) && d <= Duration::from_secs(120), "{d:?}");
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(retry_after(Some(&past)), Some(Duration::ZERO));
        assert_eq!(retry_after(Some(&HeaderValue::from_static("soon"))), None);
        assert_eq!(retry_after(None), None);
    }
}
