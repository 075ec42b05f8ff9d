//! How long a connection may stay quiet. The socket is wrapped so that a read the connection is
//! waiting on fails with `TimedOut` once the connection has been quiet too long for what it is
//! doing, and so does a write the client does not take:
//!
//! - no request in progress and no byte of the next one: the idle timeout, counted from when the
//!   connection opened or the last response ended;
//! - the first bytes of a request head have come: the header timeout, counted from the first;
//! - a request in progress: no limit here (a handler may take its time; a request body that
//!   stops arriving is [`StallTimedBody`](super::body_timeout::StallTimedBody)'s concern);
//! - a response the client does not read: the body timeout, counted from when the write stalled.
//!
//! hyper 1.x has a `header_read_timeout`, but it starts whenever the connection waits for a
//! request head, which includes the wait between keep-alive requests: it cannot tell a slow head
//! from an idle connection, so it would cut idle connections at the header timeout. Whether a
//! request is in progress is known to the connection's service, which marks it here.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

/// What one connection is doing, shared by its socket wrapper and its service.
#[derive(Debug)]
pub(super) struct ConnectionActivity {
    opened: Instant,
    /// Requests started on this connection.
    started: AtomicU64,
    /// Requests whose response has not ended.
    in_progress: AtomicU64,
    /// When the last response ended, in milliseconds after `opened`.
    idle_since_ms: AtomicU64,
    /// The task of a read left waiting, without a deadline, while a request was in progress. hyper
    /// polls the socket then (to notice a client that hangs up) and does not poll it again when
    /// the connection turns idle, so the end of the request wakes it to set the idle deadline.
    waiting_reader: Mutex<Option<Waker>>,
}

/// Marks a request in progress until dropped (when its response body has been sent or given up).
#[derive(Debug)]
pub(super) struct RequestInProgress(Arc<ConnectionActivity>);

impl ConnectionActivity {
    /// A connection opened at `opened`, idle since then.
    pub(super) fn new(opened: Instant) -> Arc<ConnectionActivity> {
        Arc::new(ConnectionActivity {
            opened,
            started: AtomicU64::new(0),
            in_progress: AtomicU64::new(0),
            idle_since_ms: AtomicU64::new(0),
            waiting_reader: Mutex::new(None),
        })
    }

    /// A request head has been read; the request is in progress until the guard drops.
    pub(super) fn request_started(self: &Arc<Self>) -> RequestInProgress {
        self.started.fetch_add(1, Ordering::AcqRel);
        self.in_progress.fetch_add(1, Ordering::AcqRel);
        RequestInProgress(self.clone())
    }

    fn busy(&self) -> bool {
        self.in_progress.load(Ordering::Acquire) > 0
    }

    fn wake_reader_when_idle(&self, waker: &Waker) {
        let mut waiting = self.waiting_reader.lock().unwrap_or_else(PoisonError::into_inner);
        if !waiting.as_ref().is_some_and(|w| w.will_wake(waker)) {
            *waiting = Some(waker.clone());
        }
    }

    fn idle_since(&self) -> Instant {
        self.opened + Duration::from_millis(self.idle_since_ms.load(Ordering::Acquire))
    }
}

impl Drop for RequestInProgress {
    fn drop(&mut self) {
        let since = self.0.opened.elapsed().as_millis();
        self.0
            .idle_since_ms
            .store(u64::try_from(since).unwrap_or(u64::MAX), Ordering::Release);
        if self.0.in_progress.fetch_sub(1, Ordering::AcqRel) == 1 {
            let waiting = self
                .0
                .waiting_reader
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(waker) = waiting {
                waker.wake();
            }
        }
    }
}

/// The timeouts [`QuietLimitedIo`] applies.
#[derive(Debug, Clone, Copy)]
pub(super) struct QuietLimits {
    /// No request in progress.
    pub(super) idle: Duration,
    /// From the first byte of a request head to its end.
    pub(super) head: Duration,
    /// A write the client does not take.
    pub(super) write_stall: Duration,
}

/// A TCP connection whose reads and writes fail with `TimedOut` once it has been quiet too long.
#[derive(Debug)]
pub(super) struct QuietLimitedIo {
    stream: TcpStream,
    /// Bytes read before hyper had the connection, which it reads first.
    prefix: Vec<u8>,
    prefix_read: usize,
    activity: Arc<ConnectionActivity>,
    limits: QuietLimits,
    /// `started` as last seen: when it moves on, the head being timed has been read.
    seen_started: u64,
    head_started: Option<Instant>,
    read_timer: Alarm,
    write_stalled_since: Option<Instant>,
    write_timer: Alarm,
}

impl QuietLimitedIo {
    /// Wraps `stream`, whose requests `activity` tracks, to be read from `prefix` on.
    pub(super) fn new(
        stream: TcpStream,
        prefix: Vec<u8>,
        activity: Arc<ConnectionActivity>,
        limits: QuietLimits,
    ) -> Self {
        QuietLimitedIo {
            stream,
            prefix,
            prefix_read: 0,
            activity,
            limits,
            seen_started: 0,
            head_started: None,
            read_timer: Alarm::default(),
            write_stalled_since: None,
            write_timer: Alarm::default(),
        }
    }

    /// Forgets the head being timed once its request has started.
    fn catch_up(&mut self) {
        let started = self.activity.started.load(Ordering::Acquire);
        if started != self.seen_started {
            self.seen_started = started;
            self.head_started = None;
        }
    }

    /// Bytes arrived: with no request in progress, they begin a request head.
    fn on_bytes(&mut self) {
        self.catch_up();
        if self.head_started.is_none() && !self.activity.busy() {
            self.head_started = Some(Instant::now());
        }
    }

    /// When a read that is waiting now must give up, if ever.
    fn read_deadline(&mut self) -> Option<Instant> {
        self.catch_up();
        if self.activity.busy() {
            return None;
        }
        Some(match self.head_started {
            Some(first_byte) => first_byte + self.limits.head,
            None => self.activity.idle_since() + self.limits.idle,
        })
    }

    fn write_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let since = *self.write_stalled_since.get_or_insert_with(Instant::now);
        match self.write_timer.poll_until(since + self.limits.write_stall, cx) {
            Poll::Ready(()) => Poll::Ready(timed_out("the client stopped reading the response")),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn timed_out(what: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, what)
}

impl AsyncRead for QuietLimitedIo {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.prefix_read < this.prefix.len() {
            let rest = &this.prefix[this.prefix_read..];
            let n = rest.len().min(buf.remaining());
            buf.put_slice(&rest[..n]);
            this.prefix_read += n;
            if this.prefix_read == this.prefix.len() {
                this.prefix = Vec::new();
                this.prefix_read = 0;
            }
            this.on_bytes();
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.on_bytes();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                let Some(deadline) = this.read_deadline() else {
                    this.activity.wake_reader_when_idle(cx.waker());
                    return Poll::Pending;
                };
                match this.read_timer.poll_until(deadline, cx) {
                    Poll::Ready(()) if this.head_started.is_some() => {
                        Poll::Ready(Err(timed_out("the request head did not arrive in time")))
                    }
                    Poll::Ready(()) => Poll::Ready(Err(timed_out("the connection was idle too long"))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl AsyncWrite for QuietLimitedIo {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_write(cx, buf) {
            Poll::Pending => this.write_pending(cx).map(Err),
            done => {
                this.write_stalled_since = None;
                done
            }
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_write_vectored(cx, bufs) {
            Poll::Pending => this.write_pending(cx).map(Err),
            done => {
                this.write_stalled_since = None;
                done
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// One timer, made on first use and moved to each new deadline.
#[derive(Debug, Default)]
struct Alarm {
    sleep: Option<Pin<Box<Sleep>>>,
    deadline: Option<Instant>,
}

impl Alarm {
    /// Ready once `deadline` has passed; until then the task is woken at `deadline`.
    fn poll_until(&mut self, deadline: Instant, cx: &mut Context<'_>) -> Poll<()> {
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if self.deadline != Some(deadline) {
            sleep.as_mut().reset(deadline);
            self.deadline = Some(deadline);
        }
        sleep.as_mut().poll(cx)
    }
}
