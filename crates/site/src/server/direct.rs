//! The direct path: a plain GET or HEAD of a fixed page, the bulk of a guide's traffic, answered
//! straight from the connection's buffer with the bytes embedded at build time, without building
//! a request, a router call or a response.
//!
//! Only what it can answer exactly as the router would is taken: HTTP/1.1, `GET` or `HEAD`, a
//! target that is the path of a fixed page (no query), exactly one valid `Host`, no body
//! (`Content-Length` and `Transfer-Encoding` absent), no `Expect` or `Upgrade`, and no
//! `Connection` option but `keep-alive`. The representation, coding and 304 come from the same
//! [`CachedAnswer`] the router uses, and the head is written as hyper writes it, field for field
//! (a test compares the two for every fixed page). Anything else, including a request this
//! path could not parse, goes to hyper with the bytes read so far, which then has the
//! connection to the end: the direct path never answers what hyper would refuse.

use super::date;
use super::file_bodies::{FileBodies, SENDFILE_MIN};
use super::protocol::is_valid_host;
use crate::Site;
use crate::access_log;
use crate::http::fields::RequestFields;
use crate::http::respond::CachedAnswer;
use crate::metrics::{self, CacheOutcome};
use bytes::Bytes;
use http::StatusCode;
use http::header::{CONNECTION, CONTENT_LENGTH, EXPECT, HOST, TRANSFER_ENCODING, UPGRADE};
use std::io::{self, IoSlice};
use std::time::{Duration, Instant};
use tokio::io::Interest;
use tokio::net::TcpStream;

/// The most field lines a direct request may have; a request with more goes to hyper.
const MAX_FIELDS: usize = 48;

/// A response the direct path has ready for one request.
#[derive(Debug)]
pub(super) struct DirectAnswer {
    /// Status line and header fields, with the blank line that ends them.
    head: Vec<u8>,
    /// Empty for HEAD and 304.
    body: Bytes,
    /// How many bytes of the buffer the request took.
    pub(super) consumed: usize,
}

/// The direct answer to the request at the start of `buf`, if this path takes it.
pub(super) fn answer(site: &Site, buf: &[u8]) -> Option<DirectAnswer> {
    let log = access_log::enabled();
    let started = (site.metrics().is_some() || log).then(Instant::now);
    let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut req = httparse::Request::new(&mut fields);
    let Ok(httparse::Status::Complete(consumed)) = req.parse(buf) else {
        return None;
    };
    if req.version != Some(1) {
        return None;
    }
    let head_only = match req.method? {
        "GET" => false,
        "HEAD" => true,
        _ => return None,
    };
    let path = req.path?;
    let fields: &[httparse::Header<'_>] = req.headers;
    if !is_plain(fields) {
        return None;
    }
    let resource = site.pages().get(path)?;
    let chosen = CachedAnswer::choose(resource, fields).ok()?;

    let status = chosen.status();
    let mut head = Vec::with_capacity(768);
    head.extend_from_slice(b"HTTP/1.1 ");
    head.extend_from_slice(status.as_str().as_bytes());
    head.push(b' ');
    head.extend_from_slice(status.canonical_reason().unwrap_or("<none>").as_bytes());
    head.extend_from_slice(b"\r\n");
    for (name, value) in chosen.fields() {
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"date: ");
    head.extend_from_slice(&date::now());
    head.extend_from_slice(b"\r\n\r\n");
    let body = if head_only { Bytes::new() } else { chosen.body() };

    site.count_page(CacheOutcome::Fixed);
    if let Some(started) = started {
        if let Some(metrics) = site.metrics() {
            metrics.observe(metrics::route_of(path), status, started);
        }
        if log {
            // A 304 has no `Content-Length`; a HEAD has GET's.
            let bytes = (status != StatusCode::NOT_MODIFIED).then(|| chosen.body().len() as u64);
            access_log::write(req.method.unwrap_or_default(), path, status.as_u16(), bytes, started);
        }
    }
    Some(DirectAnswer { head, body, consumed })
}

/// A request with nothing the direct path leaves to hyper: one valid `Host`, no body, no
/// expectation, upgrade or connection option but `keep-alive`.
fn is_plain(fields: &[httparse::Header<'_>]) -> bool {
    let mut hosts = fields.field_values(HOST);
    let one_valid_host = hosts.next().is_some_and(is_valid_host) && hosts.next().is_none();
    one_valid_host
        && !fields.has_field(CONTENT_LENGTH)
        && !fields.has_field(TRANSFER_ENCODING)
        && !fields.has_field(EXPECT)
        && !fields.has_field(UPGRADE)
        && fields.field_values(CONNECTION).all(|v| {
            v.split(|&b| b == b',')
                .all(|option| option.trim_ascii().eq_ignore_ascii_case(b"keep-alive"))
        })
}

impl DirectAnswer {
    /// Writes the answer; fails with `TimedOut` when the client takes nothing for `stall`. A body
    /// of [`SENDFILE_MIN`] or more that `files` can locate goes from the executable file with
    /// `sendfile`, after the head sent with `MSG_MORE` (so that both leave in the same segments);
    /// anything else goes in one vectored write.
    pub(super) async fn write(
        &self,
        stream: &TcpStream,
        stall: Duration,
        files: Option<&FileBodies>,
    ) -> io::Result<()> {
        let from_file = files
            .filter(|_| self.body.len() >= SENDFILE_MIN)
            .and_then(|f| f.locate(&self.body));
        let Some((file, at)) = from_file else {
            return self.write_from_memory(stream, stall).await;
        };
        let mut head = &self.head[..];
        while !head.is_empty() {
            let flags = rustix::net::SendFlags::MORE | rustix::net::SendFlags::NOSIGNAL;
            let sent = when_writable(stream, stall, || Ok(rustix::net::send(stream, head, flags)?)).await?;
            head = &head[sent..];
        }
        let mut offset = at;
        let end = at + self.body.len() as u64;
        while offset < end {
            let left = usize::try_from(end - offset).unwrap_or(usize::MAX);
            when_writable(stream, stall, || {
                Ok(rustix::fs::sendfile(stream, file, Some(&mut offset), left)?)
            })
            .await?;
        }
        Ok(())
    }

    async fn write_from_memory(&self, stream: &TcpStream, stall: Duration) -> io::Result<()> {
        let (mut head, mut body) = (&self.head[..], &self.body[..]);
        while !head.is_empty() || !body.is_empty() {
            let bufs = [IoSlice::new(head), IoSlice::new(body)];
            let written = when_writable(stream, stall, || stream.try_write_vectored(&bufs)).await?;
            let from_head = written.min(head.len());
            head = &head[from_head..];
            body = &body[written - from_head..];
        }
        Ok(())
    }
}

/// Runs the write `op` on `stream`, waiting for the socket when it would block; fails with
/// `TimedOut` after `stall` without progress, and with `WriteZero` when nothing was written.
async fn when_writable(
    stream: &TcpStream,
    stall: Duration,
    mut op: impl FnMut() -> io::Result<usize>,
) -> io::Result<usize> {
    loop {
        match stream.try_io(Interest::WRITABLE, &mut op) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                tokio::time::timeout(stall, stream.writable())
                    .await
                    .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
            }
            done => return done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SiteConfig;
    use crate::server::connection::{ConnectionSettings, serve_http_for_test};
    use crate::server::{ServerLimits, Stop};
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn site() -> Arc<Site> {
        Arc::new(Site::new(siteerror_catalog::Catalog::embedded().unwrap(), SiteConfig::default()).unwrap())
    }

    /// The request variants every fixed page is asked with: a browser, curl, a JSON client, a
    /// revalidation, HEAD, and several `Accept-Encoding` and `Connection` spellings.
    fn variants(site: &Site, path: &str) -> Vec<String> {
        let browser = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n\
                       Accept-Encoding: gzip, deflate, br, zstd\r\nUser-Agent: Mozilla/5.0\r\n\
                       Connection: keep-alive\r\n";
        let etag = site.pages().get(path).unwrap().representations()[0]
            .encoded(crate::cache::Coding::Gzip)
            .etag()
            .to_str()
            .unwrap()
            .to_owned();
        [
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{browser}\r\n"),
            format!("GET {path} HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"),
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nAccept-Encoding: gzip;q=1, br;q=0.5\r\n\r\n"),
            format!("GET {path} HTTP/1.1\r\nhost: [::1]:80\r\naccept-encoding: gzip\r\nIf-None-Match: W/{etag}\r\n\r\n"),
            format!("HEAD {path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br\r\n\r\n"),
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nAccept-Encoding: identity\r\n\r\n"),
        ]
        .into()
    }

    /// The bytes with the `date` field's value blanked.
    fn undated(mut bytes: Vec<u8>) -> Vec<u8> {
        let at = bytes.windows(8).position(|w| w == b"\r\ndate: ").expect("a date field") + 8;
        bytes[at..at + date::DATE_LEN].fill(b'-');
        bytes
    }

    /// Reads one response (head, then `content-length` bytes unless it is for HEAD or a 304).
    async fn read_response(client: &mut tokio::net::TcpStream, head_only: bool) -> Vec<u8> {
        let mut got = Vec::new();
        let mut byte = [0u8; 1];
        while !got.ends_with(b"\r\n\r\n") {
            client.read_exact(&mut byte).await.unwrap();
            got.push(byte[0]);
        }
        let text = String::from_utf8_lossy(&got).to_lowercase();
        let length = text
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .map_or(0, |v| v.trim().parse::<usize>().unwrap());
        if !head_only && !text.starts_with("http/1.1 304") {
            let mut body = vec![0; length];
            client.read_exact(&mut body).await.unwrap();
            got.extend(body);
        }
        got
    }

    #[tokio::test]
    async fn every_fixed_page_is_answered_byte_for_byte_as_hyper_answers_it() {
        let site = site();
        let settings = ConnectionSettings::new(site.clone(), ServerLimits::default());
        let paths = site.pages().paths();
        assert!(paths.len() > 300, "{} pages", paths.len());
        let (_stop_tx, stop) = tokio::sync::watch::channel(Stop::Serving);
        for variant in 0..variants(&site, paths[0]).len() {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let mut client = tokio::net::TcpStream::connect(listener.local_addr().unwrap())
                .await
                .unwrap();
            let (server, peer) = listener.accept().await.unwrap();
            // hyper serves this connection from the first request on; each later one is written.
            let first = variants(&site, paths[0]).swap_remove(variant);
            let hyper = tokio::spawn(serve_http_for_test(
                server,
                first.into_bytes(),
                peer,
                settings.clone(),
                stop.clone(),
            ));
            for (i, path) in paths.iter().enumerate() {
                let request = variants(&site, path).swap_remove(variant);
                if i > 0 {
                    client.write_all(request.as_bytes()).await.unwrap();
                }
                let head_only = request.starts_with("HEAD");
                let from_hyper = read_response(&mut client, head_only).await;
                let direct =
                    answer(&site, request.as_bytes()).unwrap_or_else(|| panic!("direct path refused {request:?}"));
                assert_eq!(direct.consumed, request.len());
                let mut from_direct = direct.head.clone();
                from_direct.extend_from_slice(&direct.body);
                assert_eq!(
                    String::from_utf8_lossy(&undated(from_direct)),
                    String::from_utf8_lossy(&undated(from_hyper)),
                    "{request:?}"
                );
            }
            drop(client);
            hyper.await.unwrap();
        }
    }

    #[test]
    fn requests_the_direct_path_leaves_to_hyper() {
        let site = site();
        let taken = "GET /417 HTTP/1.1\r\nHost: x\r\n\r\n";
        assert!(answer(&site, taken.as_bytes()).is_some());
        for refused in [
            "GET /417 HTTP/1.0\r\nHost: x\r\n\r\n",
            "GET /417 HTTP/1.1\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: a b\r\n\r\n",
            "GET /417?x=1 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET http://x/417 HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /417 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            "OPTIONS /417 HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
            "GET /417 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\nAccept: image/png\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity;q=0\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n",
            "GET /417 HTTP/1.1\r\nHost: x\r\n",
        ] {
            assert!(answer(&site, refused.as_bytes()).is_none(), "{refused:?}");
        }
        let many_fields: String = (0..MAX_FIELDS).map(|i| format!("X-{i}: y\r\n")).collect();
        let crowded = format!("GET /417 HTTP/1.1\r\nHost: x\r\n{many_fields}\r\n");
        assert!(answer(&site, crowded.as_bytes()).is_none());
    }

    #[tokio::test]
    async fn a_large_body_sent_from_the_file_arrives_whole() {
        let site = site();
        let files = FileBodies::open().expect("the test binary embeds the pages");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut client = tokio::net::TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (server, _) = listener.accept().await.unwrap();
        let mut expected = Vec::new();
        for path in ["/417", "/cheat-sheet", "/404", "/favicon.svg"] {
            let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
            let answer = answer(&site, request.as_bytes()).unwrap();
            answer
                .write(&server, Duration::from_secs(5), Some(&files))
                .await
                .unwrap();
            expected.extend_from_slice(&answer.head);
            expected.extend_from_slice(&answer.body);
            if path == "/417" {
                assert!(answer.body.len() >= SENDFILE_MIN && files.locate(&answer.body).is_some());
            }
        }
        drop(server);
        let mut got = Vec::new();
        client.read_to_end(&mut got).await.unwrap();
        assert_eq!(got.len(), expected.len());
        assert!(got == expected);
    }

    #[test]
    fn pipelined_requests_are_taken_one_at_a_time() {
        let site = site();
        let two = b"GET /417 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /404 HTTP/1.1\r\nHost: x\r\n\r\n";
        let first = answer(&site, two).unwrap();
        assert_eq!(first.consumed, 30);
        let second = answer(&site, &two[first.consumed..]).unwrap();
        assert!(second.body.is_empty(), "HEAD has no body");
        assert!(second.head.starts_with(b"HTTP/1.1 200 OK\r\n"));
    }
}
