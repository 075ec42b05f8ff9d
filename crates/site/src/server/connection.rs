//! One accepted connection, from its first byte to its close, and its part in a shutdown: on the
//! signal it finishes the request in flight (hyper's graceful shutdown) and closes; at the end of
//! the grace period it is dropped, which closes it, whatever it was doing. Its first request head
//! is read by `first_head`, then hyper serves it.

use super::admission::Admitted;
use super::first_head::{self, FirstHead};
use super::limits::MAX_HEAD_BYTES;
use super::quiet::{ConnectionActivity, QuietLimitedIo, QuietLimits};
use super::service::ConnectionService;
use super::{ServerLimits, Stop};
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
    pub(super) router: Router,
    pub(super) limits: ServerLimits,
}

/// Serves `stream` until it closes, times out, or the server stops.
pub(super) async fn run(
    stream: TcpStream,
    peer: SocketAddr,
    admitted: Admitted,
    settings: Arc<ConnectionSettings>,
    mut stop: watch::Receiver<Stop>,
) {
    // Given back when this task ends, however it ends.
    let _admitted = admitted;
    let opened = Instant::now();
    let limits = &settings.limits;
    let head = tokio::select! {
        _ = stop.wait_for(|s| *s != Stop::Serving) => return,
        head = first_head::read(&stream, opened, limits.idle_timeout, limits.header_timeout, MAX_HEAD_BYTES) => head,
    };
    let FirstHead::Ready(head) = head else {
        return;
    };
    // Boxed: the task of a connection still reading its first head stays small.
    Box::pin(serve_http(stream, head, peer, opened, &settings, stop)).await;
}

/// Serves HTTP on `stream`, whose first bytes, `head`, have been read.
async fn serve_http(
    stream: TcpStream,
    head: Vec<u8>,
    peer: SocketAddr,
    opened: Instant,
    settings: &ConnectionSettings,
    mut stop: watch::Receiver<Stop>,
) {
    let limits = &settings.limits;
    let activity = ConnectionActivity::new(opened);
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
