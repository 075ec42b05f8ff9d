//! The HTTP/1.1 server `siteerror serve` runs the router on, built to be exposed as it is:
//! timeouts for slow heads, idle connections and stalled bodies; caps on open connections in
//! total and per client, kept under the open-file limit; small header buffers; RFC 9112's Host
//! rules and an answer to `CONNECT`; TCP_NODELAY; and a graceful shutdown with a deadline.
//!
//! It is hyper's HTTP/1 connection over tokio, as in `axum::serve`, which offers none of these
//! limits. In front of hyper, plain requests for fixed pages take a direct path that writes the
//! bytes embedded at build time straight from the connection's buffer. Each concern has its own
//! module: [`limits`] (the defaults), `admission` (connection caps), `open_files`, `head`
//! (request heads, read before hyper allocates its buffers), `direct` (the direct path, with
//! `date` and `file_bodies` for it), `quiet` (idle and header timeouts), `body_timeout`, `protocol` (answers before
//! routing), `service` (one connection's requests under hyper) and `connection` (one
//! connection).

mod admission;
mod body_timeout;
mod connection;
mod date;
mod direct;
mod file_bodies;
mod head;
pub mod limits;
mod open_files;
mod protocol;
mod quiet;
mod service;

pub use limits::ServerLimits;

use crate::Site;
use admission::Admission;
use connection::ConnectionSettings;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Where a server is in its life, as its connections see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Serving.
    Serving,
    /// Finish the request in flight, then close.
    Graceful,
    /// Close now.
    Now,
}

/// How long the accept loop pauses after an error that is not one connection's (out of file
/// descriptors or memory), so that it does not spin.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);
/// After the grace period, how long dropped connections get to close.
const CLOSE_WAIT: Duration = Duration::from_secs(1);

/// Serves `site` on `listener` within `limits` until `shutdown` resolves; then stops accepting,
/// lets requests in flight finish for up to the shutdown grace period, and closes what is left.
/// Open connections are counted in the site's metrics, when it keeps them.
pub async fn serve<F>(site: Arc<Site>, listener: TcpListener, limits: ServerLimits, shutdown: F)
where
    F: Future<Output = ()> + Send,
{
    let max_total = open_files::connection_ceiling(limits.max_connections);
    if max_total < limits.max_connections {
        tracing::warn!(
            max_connections = max_total,
            "the open-file limit lowers the connection cap"
        );
    }
    let admission = Admission::new(max_total, limits.max_connections_per_client);
    let grace = limits.shutdown_grace;
    let metrics = site.metrics().cloned();
    let settings = ConnectionSettings::new(site, limits);
    let (stop_tx, stop_rx) = watch::channel(Stop::Serving);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
        };
        let admitted = match admission.admit(peer.ip()) {
            Ok(admitted) => admitted,
            Err(why) => {
                tracing::debug!(%peer, ?why, "connection refused");
                admission::refuse(stream);
                continue;
            }
        };
        // Small responses must not wait for Nagle's algorithm.
        let _ = stream.set_nodelay(true);
        let counted = metrics.as_ref().map(|m| m.connection());
        let run = connection::run(stream, peer, admitted, settings.clone(), stop_rx.clone());
        tokio::spawn(async move {
            run.await;
            drop(counted);
        });
    }
    drop(listener);
    drop(stop_rx);
    stop_tx.send_replace(Stop::Graceful);
    // Every connection task holds a receiver: all are gone when the sender is closed.
    if tokio::time::timeout(grace, stop_tx.closed()).await.is_err() {
        tracing::warn!(
            open = admission.open(),
            "closing the connections still open after the shutdown grace period"
        );
        stop_tx.send_replace(Stop::Now);
        let _ = tokio::time::timeout(CLOSE_WAIT, stop_tx.closed()).await;
    }
}

/// Errors that concern one connection only (it went away before it was accepted).
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}
