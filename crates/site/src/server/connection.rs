//! One accepted connection, from its first byte to its close, and its part in a shutdown: on the
//! signal it finishes the request in flight (hyper's graceful shutdown) and closes; at the end of
//! the grace period it is dropped, which closes it, whatever it was doing.

use super::admission::Admitted;
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
    // Until its first byte, a connection costs this task and its socket, not hyper's buffers: a
    // flood of silent connections stays cheap.
    tokio::select! {
        _ = stop.wait_for(|s| *s != Stop::Serving) => return,
        readable = tokio::time::timeout(limits.idle_timeout, stream.readable()) => {
            if !matches!(readable, Ok(Ok(()))) {
                return;
            }
        }
    }
    let activity = ConnectionActivity::new(opened);
    let quiet = QuietLimits {
        idle: limits.idle_timeout,
        head: limits.header_timeout,
        write_stall: limits.body_timeout,
    };
    let io = TokioIo::new(QuietLimitedIo::new(stream, activity.clone(), quiet));
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
