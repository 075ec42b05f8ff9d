//! Which accepted connections may stay: at most so many over all clients and so many per client
//! (an IPv4 address, or an IPv6 /64, as the rate limits count them). One that may not is answered
//! with a fixed 503 written straight to the socket, without a task, a parser or a router, and
//! closed: refusing must cost less than what a flood of connections would.

use crate::http::client::ClientKey;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::net::TcpStream;

/// The whole answer to a connection over a cap. `Retry-After` is short: the cap is about
/// connections held open, which free up as soon as their clients finish.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: text/plain; charset=utf-8\r\n\
content-length: 40\r\n\
retry-after: 5\r\n\
cache-control: no-store\r\n\
connection: close\r\n\
\r\n\
Too many open connections; retry later.\n";

/// Open connections, counted in total and per client.
#[derive(Debug)]
pub(super) struct Admission {
    max_total: usize,
    max_per_client: usize,
    open: Mutex<OpenConnections>,
}

#[derive(Debug, Default)]
struct OpenConnections {
    total: usize,
    per_client: HashMap<ClientKey, usize>,
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refused {
    /// The server holds its maximum of connections.
    Total,
    /// This client holds its maximum of connections.
    Client,
}

/// A place among the open connections, given back when dropped.
#[derive(Debug)]
pub(super) struct Admitted {
    admission: Arc<Admission>,
    client: ClientKey,
}

impl Admission {
    /// Counts connections against `max_total` and `max_per_client`.
    pub(super) fn new(max_total: usize, max_per_client: usize) -> Arc<Admission> {
        Arc::new(Admission {
            max_total,
            max_per_client,
            open: Mutex::new(OpenConnections::default()),
        })
    }

    /// A place for a connection from `ip`, unless that would pass a cap.
    pub(super) fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Admitted, Refused> {
        let client = ClientKey::of(ip);
        // The counts stay right even if a holder panicked: every change is one statement.
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.total >= self.max_total {
            return Err(Refused::Total);
        }
        let mine = open.per_client.entry(client).or_insert(0);
        if *mine >= self.max_per_client {
            return Err(Refused::Client);
        }
        *mine += 1;
        open.total += 1;
        Ok(Admitted {
            admission: self.clone(),
            client,
        })
    }

    /// Connections open now.
    pub(super) fn open(&self) -> usize {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).total
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.admission.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.per_client.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                open.per_client.remove(&self.client);
            }
        }
    }
}

/// Answers a refused connection with the fixed 503, if the socket takes it at once, and closes
/// it. Never waits: a client that is not reading gets the close alone.
pub(super) fn refuse(stream: TcpStream) {
    let _ = stream.try_write(REFUSAL);
    drop(stream);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_is_well_framed() {
        let text = std::str::from_utf8(REFUSAL).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let declared: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(declared, body.len());
    }

    #[test]
    fn caps_count_per_client_and_in_total_and_free_on_drop() {
        let admission = Admission::new(3, 2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "2001:db8:0:1::1".parse().unwrap();
        let b_same_64: IpAddr = "2001:db8:0:1::2".parse().unwrap();
        let a1 = admission.admit(a).unwrap();
        let _a2 = admission.admit(a).unwrap();
        assert_eq!(admission.admit(a).unwrap_err(), Refused::Client);
        let _b1 = admission.admit(b).unwrap();
        assert_eq!(admission.admit(b_same_64).unwrap_err(), Refused::Total);
        drop(a1);
        assert_eq!(admission.open(), 2);
        let _b2 = admission.admit(b_same_64).unwrap();
        assert_eq!(admission.admit(b).unwrap_err(), Refused::Total);
    }
}
