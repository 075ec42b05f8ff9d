//! A request body that stops arriving: while a handler waits for the next piece of a body, a
//! timer runs; when it fires, the handler reads an error instead (and answers 400, as for any
//! body that breaks off), and the connection closes after that answer, since the rest of the
//! body was never read. A handler that is busy elsewhere is not timed: only its waiting is.

use hyper::body::{Body, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// The error a handler reads from a body that stopped arriving.
#[derive(Debug, thiserror::Error)]
#[error("no part of the request body arrived for {} s", .0.as_secs())]
pub(super) struct BodyStalled(Duration);

/// A request body whose pieces must arrive within a time of each other.
#[derive(Debug)]
pub(super) struct StallTimedBody<B> {
    inner: B,
    limit: Duration,
    /// Made on the first wait only: most bodies are empty or arrive with their head.
    timer: Option<Pin<Box<Sleep>>>,
    /// Whether `timer` counts from the current wait.
    armed: bool,
    stalled: bool,
}

impl<B> StallTimedBody<B> {
    /// Wraps `inner`, allowing `limit` between two of its pieces.
    pub(super) fn new(inner: B, limit: Duration) -> Self {
        StallTimedBody {
            inner,
            limit,
            timer: None,
            armed: false,
            stalled: false,
        }
    }
}

impl<B> Body for StallTimedBody<B>
where
    B: Body + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = B::Data;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        if this.stalled {
            return Poll::Ready(Some(Err(BodyStalled(this.limit).into())));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.armed = false;
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                if !this.armed {
                    let deadline = Instant::now() + this.limit;
                    this.timer
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)))
                        .as_mut()
                        .reset(deadline);
                    this.armed = true;
                }
                let expired = this.timer.as_mut().is_some_and(|t| t.as_mut().poll(cx).is_ready());
                if expired {
                    this.stalled = true;
                    return Poll::Ready(Some(Err(BodyStalled(this.limit).into())));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
