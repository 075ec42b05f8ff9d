//! The limits the server puts on connections, and their defaults, written once. `siteerror
//! serve` takes its flags' defaults from these constants; the README quotes them.

use std::time::Duration;

/// Longest time from the first byte of a request head to its end; a client that is slower is
/// disconnected without an answer.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest time a connection may wait without a request in progress: after it opens, and
/// between two keep-alive requests.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Longest pause inside a request body (the handler then reads an error and answers 400, and the
/// connection closes), and longest time a response may wait for the client to read it.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections open at once, over all clients (lowered further when the open-file limit is
/// smaller; see [`RESERVED_FILES`]).
pub const MAX_CONNECTIONS: usize = 10_000;
/// Connections open at once from one client: one IPv4 address, or one IPv6 /64.
pub const MAX_CONNECTIONS_PER_CLIENT: usize = 256;
/// After a shutdown signal, how long requests in flight may take to finish before their
/// connections are closed.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// The largest request head (request line and header fields, with their line ends) the server
/// reads; a larger one gets 431 and the connection closes. It is also the connection's read
/// buffer, so it bounds what a connection with an unfinished head costs. hyper's minimum is 8 KiB.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// File descriptors kept free for everything but accepted connections (the listener, the URL
/// checker's outgoing connections, the runtime's own), when the open-file limit lowers the
/// connection cap.
pub const RESERVED_FILES: u64 = 512;

/// The connection limits of one server; [`ServerLimits::default`] has every default above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerLimits {
    pub(super) header_timeout: Duration,
    pub(super) idle_timeout: Duration,
    pub(super) body_timeout: Duration,
    pub(super) max_connections: usize,
    pub(super) max_connections_per_client: usize,
    pub(super) shutdown_grace: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_timeout: HEADER_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
            max_connections_per_client: MAX_CONNECTIONS_PER_CLIENT,
            shutdown_grace: SHUTDOWN_GRACE,
        }
    }
}

impl ServerLimits {
    /// Sets the longest time from a request head's first byte to its end.
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = timeout;
        self
    }

    /// Sets the longest wait with no request in progress.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Sets the longest pause inside a request body or in reading a response.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// Sets the connections open at once, over all clients (at least 1).
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// Sets the connections open at once from one client (at least 1).
    pub fn max_connections_per_client(mut self, n: usize) -> Self {
        self.max_connections_per_client = n.max(1);
        self
    }

    /// Sets how long requests in flight may take to finish after a shutdown signal.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }
}
