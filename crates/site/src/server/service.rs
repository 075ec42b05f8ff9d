//! The service one connection's requests go to: it marks each request in progress (for the
//! idle and header timeouts), answers protocol errors before routing, gives the router the
//! client's address as axum's `ConnectInfo` (the per-client rate limits read it), and times the
//! request body.

use super::body_timeout::StallTimedBody;
use super::protocol::ProtocolRefusal;
use super::quiet::{ConnectionActivity, RequestInProgress};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{Request, Response};
use hyper::body::{Frame, Incoming, SizeHint};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tower::ServiceExt;

/// The service of one connection.
#[derive(Debug, Clone)]
pub(super) struct ConnectionService {
    router: Router,
    peer: SocketAddr,
    activity: Arc<ConnectionActivity>,
    body_timeout: Duration,
}

impl ConnectionService {
    /// Routes requests from `peer` to `router`.
    pub(super) fn new(
        router: Router,
        peer: SocketAddr,
        activity: Arc<ConnectionActivity>,
        body_timeout: Duration,
    ) -> ConnectionService {
        ConnectionService {
            router,
            peer,
            activity,
            body_timeout,
        }
    }
}

type Answer = Pin<Box<dyn Future<Output = Result<Response<TrackedBody>, Infallible>> + Send>>;

impl hyper::service::Service<Request<Incoming>> for ConnectionService {
    type Response = Response<TrackedBody>;
    type Error = Infallible;
    type Future = Answer;

    fn call(&self, req: Request<Incoming>) -> Answer {
        let in_progress = self.activity.request_started();
        if let Some(refusal) = ProtocolRefusal::of(&req) {
            refusal.log(&req);
            let resp = TrackedBody::wrap(refusal.response(), in_progress);
            return Box::pin(std::future::ready(Ok(resp)));
        }
        let (mut parts, body) = req.into_parts();
        parts.extensions.insert(ConnectInfo(self.peer));
        let req = Request::from_parts(parts, StallTimedBody::new(body, self.body_timeout));
        let router = self.router.clone();
        Box::pin(async move {
            let Ok(resp) = router.oneshot(req).await;
            Ok(TrackedBody::wrap(resp, in_progress))
        })
    }
}

/// A response body that keeps its request marked in progress until hyper has sent it (or given
/// up on it) and drops it.
#[derive(Debug)]
pub(super) struct TrackedBody {
    inner: Body,
    _in_progress: RequestInProgress,
}

impl TrackedBody {
    fn wrap(resp: Response<Body>, in_progress: RequestInProgress) -> Response<TrackedBody> {
        resp.map(|inner| TrackedBody {
            inner,
            _in_progress: in_progress,
        })
    }
}

impl hyper::body::Body for TrackedBody {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
