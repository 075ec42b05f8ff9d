//! Request heads are read here, before hyper sees the connection. hyper allocates an 8 KiB
//! write buffer as a connection is handed to it and a read buffer of 8 KiB (growing to 24 KiB
//! under a 16 KiB head limit) at its first read, so a flood of connections that never finish a
//! head (slowloris, or 15 KiB of header fields and then silence: the usual attacks, which send
//! no valid request first) would cost 16 to 32 KiB each. Read here, a head in progress costs its
//! own bytes, and a connection waiting for its next request holds no buffer at all. A complete
//! head goes to the direct path (`direct`) or, with whatever followed it, to hyper.
//!
//! hyper gets the connection early, without waiting for the head to end, when the first byte
//! cannot start a request (a TLS handshake, say), so that it answers 400 at once, and when the
//! head is over the limit, so that it answers 431. The idle timeout runs until the first byte,
//! the header timeout from it.

use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::time::Instant;

/// How reading a head ended.
#[derive(Debug)]
pub(super) enum Head {
    /// Bytes for hyper: a complete head (with whatever followed it), or bytes it should refuse.
    Ready(Vec<u8>),
    /// The client closed or failed, or was too slow; there is no one to answer.
    Gone,
}

/// The smallest buffer for a head: most heads fit it.
const INITIAL_BUFFER: usize = 1024;

/// Reads from `stream`, after the bytes already in `buf`, until a head is complete, or hyper must
/// judge it, or the client goes away or is too slow: `idle` from `idle_from` until the first
/// byte, `head` from it.
pub(super) async fn read(
    stream: &mut TcpStream,
    mut buf: Vec<u8>,
    idle_from: Instant,
    idle: Duration,
    head: Duration,
    max: usize,
) -> Head {
    let mut first_byte = buf.is_empty();
    let mut deadline = if first_byte {
        idle_from + idle
    } else {
        Instant::now() + head
    };
    if !first_byte && (!can_start_request(buf[0]) || buf.len() > max || head_ends_after(&buf, 0)) {
        return Head::Ready(buf);
    }
    loop {
        if buf.len() == buf.capacity() {
            // Double, up to one byte over the limit: enough to tell a head is too large.
            let target = (buf.capacity() * 2).clamp(INITIAL_BUFFER, max + 1);
            buf.reserve_exact(target - buf.len());
        }
        let scanned = buf.len().saturating_sub(2);
        // tokio's own read (not `try_read`): after a short read it takes the socket as drained,
        // which saves a system call that would only say "nothing yet" before each next request.
        match tokio::time::timeout_at(deadline, stream.read_buf(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return Head::Gone,
            Ok(Ok(_)) => {}
        }
        if first_byte {
            first_byte = false;
            deadline = Instant::now() + head;
            if !can_start_request(buf[0]) {
                return Head::Ready(buf);
            }
        }
        if buf.len() > max || head_ends_after(&buf, scanned) {
            return Head::Ready(buf);
        }
    }
}

/// A request starts with a method (a token) or, tolerated before it, an empty line.
fn can_start_request(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~\r\n".contains(&b)
}

/// Whether the empty line that ends a head (`\r\n\r\n`, or `\n\n`, which hyper also accepts)
/// is in `buf`, looking from `from` on.
fn head_ends_after(buf: &[u8], from: usize) -> bool {
    buf[from..].iter().enumerate().any(|(i, &b)| {
        let at = from + i;
        b == b'\n' && (buf.get(at + 1) == Some(&b'\n') || buf.get(at + 1..at + 3) == Some(b"\r\n"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_head_is_found_across_reads() {
        let head = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        assert!(head_ends_after(head, 0));
        // The blank line arrived in pieces: scanning resumes two bytes back.
        assert!(head_ends_after(head, head.len() - 3));
        assert!(!head_ends_after(b"GET / HTTP/1.1\r\nHost: x\r\n", 0));
        assert!(head_ends_after(b"GET / HTTP/1.0\n\n", 0));
        assert!(!head_ends_after(b"GET / HTTP/1.0\r\n", 0));
    }

    #[test]
    fn only_a_token_or_a_line_end_starts_a_request() {
        assert!(can_start_request(b'G'));
        assert!(can_start_request(b'\r'));
        assert!(!can_start_request(0x16), "a TLS handshake");
        assert!(!can_start_request(b' '));
    }

    #[tokio::test]
    async fn a_head_is_read_whole_and_a_silent_client_is_let_go() {
        let secs = Duration::from_secs(5);
        use tokio::io::AsyncWriteExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (mut server, _) = listener.accept().await.unwrap();
        client.write_all(b"GET / HTTP/1.1\r\nHo").await.unwrap();
        let sent_rest = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            client.write_all(b"st: x\r\n\r\nbody").await.unwrap();
        };
        let (head, ()) = tokio::join!(
            read(&mut server, Vec::new(), Instant::now(), secs, secs, 16 * 1024),
            sent_rest
        );
        match head {
            Head::Ready(bytes) => assert!(bytes.starts_with(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
            Head::Gone => panic!("the head was complete"),
        }

        // A pipelined head already read is handed back without waiting.
        let pipelined = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n".to_vec();
        let short = Duration::from_millis(50);
        match read(&mut server, pipelined.clone(), Instant::now(), short, short, 16 * 1024).await {
            Head::Ready(bytes) => assert_eq!(bytes, pipelined),
            Head::Gone => panic!("the head was complete"),
        }

        let _silent = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (mut server, _) = listener.accept().await.unwrap();
        assert!(matches!(
            read(&mut server, Vec::new(), Instant::now(), short, secs, 16 * 1024).await,
            Head::Gone
        ));
    }
}
