//! One accepted connection, from its first byte to its close, and its part in a shutdown: on the
//! signal it finishes the request in flight and closes; at the end of the grace period it is
//! dropped, which closes it, whatever it was doing.
//!
//! Its request heads are read by `head`. Plain requests for fixed pages are answered by the
//! direct path (`direct`), one after another; the first request that path does not take hands
//! the connection, with the bytes read so far, to hyper, which serves it from then on.

use super::admission::Admitted;
use super::direct;
use super::file_bodies::FileBodies;
use super::head::{self, Head};
use super::limits::MAX_HEAD_BYTES;
use super::quiet::{ConnectionActivity, QuietLimitedIo, QuietLimits};
use super::service::ConnectionService;
use super::{ServerLimits, Stop};
use crate::Site;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;

/// What every connection of one server shares.
#[derive(Debug)]
pub(super) struct ConnectionSettings {
    pub(super) http: http1::Builder,
    pub(super) site: Arc<Site>,
    pub(super) router: Router,
    pub(super) limits: ServerLimits,
    /// Large fixed-page bodies from the executable file, where the system allows.
    pub(super) file_bodies: Option<FileBodies>,
}

impl ConnectionSettings {
    /// The settings for serving `site` within `limits`.
    pub(super) fn new(site: Arc<Site>, limits: ServerLimits) -> Arc<ConnectionSettings> {
        let mut http = http1::Builder::new();
        // hyper's own header timeout stays off: see `quiet` for why, and what replaces it.
        http.header_read_timeout(None)
            .max_buf_size(MAX_HEAD_BYTES)
            .max_header_size(MAX_HEAD_BYTES);
        let file_bodies = FileBodies::open();
        if file_bodies.is_none() {
            tracing::debug!("fixed pages are written from memory: the executable file could not be read");
        }
        Arc::new(ConnectionSettings {
            http,
            router: crate::app(site.clone()),
            site,
            limits,
            file_bodies,
        })
    }
}

/// Serves `stream` until it closes, times out, or the server stops.
pub(super) async fn run(
    mut stream: TcpStream,
    peer: SocketAddr,
    admitted: Admitted,
    settings: Arc<ConnectionSettings>,
    mut stop: watch::Receiver<Stop>,
) {
    // Given back when this task ends, however it ends.
    let _admitted = admitted;
    let limits = &settings.limits;
    let mut idle_from = Instant::now();
    // Bytes read past the last request (pipelined requests); none while the connection waits.
    let mut pending = Vec::new();
    loop {
        let head = tokio::select! {
            _ = stop.wait_for(|s| *s != Stop::Serving) => return,
            head = head::read(&mut stream, pending, idle_from, limits.idle_timeout, limits.header_timeout, MAX_HEAD_BYTES) => head,
        };
        let Head::Ready(mut bytes) = head else {
            return;
        };
        let Some(answer) = direct::answer(&settings.site, &bytes) else {
            // Boxed: the task of a connection served directly stays small.
            Box::pin(serve_http(stream, bytes, peer, idle_from, &settings, stop)).await;
            return;
        };
        let sent = tokio::select! {
            sent = answer.write(&stream, limits.body_timeout, settings.file_bodies.as_ref()) => sent,
            _ = stop.wait_for(|s| *s == Stop::Now) => return,
        };
        if sent.is_err() || *stop.borrow() != Stop::Serving {
            return;
        }
        bytes.drain(..answer.consumed);
        pending = if bytes.is_empty() { Vec::new() } else { bytes };
        idle_from = Instant::now();
    }
}

/// [`serve_http`] for the direct path's tests, which compare the two.
#[cfg(test)]
pub(super) async fn serve_http_for_test(
    stream: TcpStream,
    head: Vec<u8>,
    peer: SocketAddr,
    settings: Arc<ConnectionSettings>,
    stop: watch::Receiver<Stop>,
) {
    serve_http(stream, head, peer, Instant::now(), &settings, stop).await;
}

/// Serves HTTP on `stream` with hyper, from `head`, the bytes read so far; the connection has
/// been idle since `idle_from`.
async fn serve_http(
    stream: TcpStream,
    head: Vec<u8>,
    peer: SocketAddr,
    idle_from: Instant,
    settings: &ConnectionSettings,
    mut stop: watch::Receiver<Stop>,
) {
    let limits = &settings.limits;
    let activity = ConnectionActivity::new(idle_from);
    let quiet = QuietLimits {
        idle: limits.idle_timeout,
        head: limits.header_timeout,
        write_stall: limits.body_timeout,
    };
    let io = TokioIo::new(QuietLimitedIo::new(stream, head, activity.clone(), quiet));
    let service = ConnectionService::new(settings.router.clone(), peer, activity, limits.body_timeout);
    let mut conn = pin!(settings.http.serve_connection(io, service));
    let ended = tokio::select! {
        ended = conn.as_mut() => Some(ended),
        _ = stop.wait_for(|s| *s != Stop::Serving) => None,
    };
    let ended = match ended {
        Some(ended) => ended,
        None => {
            conn.as_mut().graceful_shutdown();
            tokio::select! {
                ended = conn.as_mut() => ended,
                _ = stop.wait_for(|s| *s == Stop::Now) => return,
            }
        }
    };
    if let Err(e) = ended {
        // Timeouts, resets and malformed requests end here; none is the server's fault.
        tracing::debug!(%peer, error = %e, "connection closed");
    }
}
