//! The edge: the one layer every routed request passes through, around the whole router.
//!
//! It used to be seven `axum::middleware::from_fn` layers; each boxed its future and cloned the
//! stack per request, which cost a third of a `/status/200`'s CPU time. Here the same steps run
//! in one service with a concrete future, in the same order as those layers did:
//!
//! - on the way in: start the clock (metrics, access log), resolve the client behind a trusted
//!   proxy, keep what an error page needs of the request, then 414 for a request target over
//!   [`MAX_TARGET_BYTES`] and 417 for an unmet `Expect`, both without calling the router;
//! - on the way out: the method policy for the router's own 405, the error page, the security
//!   headers, the access-log line and the request count.

use super::method_policy;
use crate::Site;
use crate::error::{self, SiteError};
use crate::http::client;
use crate::http::security;
use crate::limits::MAX_TARGET_BYTES;
use crate::metrics::Metrics;
use crate::routes::playground::expect;
use crate::{access_log, metrics};
use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::future::RouteFuture;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;
use tower::Service;

/// The router wrapped in the edge's steps.
#[derive(Clone)]
pub(super) struct Edge {
    site: Arc<Site>,
    routes: Router,
}

impl Edge {
    /// `routes`, answering for `site`.
    pub(super) fn new(site: Arc<Site>, routes: Router) -> Edge {
        Edge { site, routes }
    }
}

impl Service<Request> for Edge {
    type Response = Response;
    type Error = Infallible;
    type Future = EdgeFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: Request) -> EdgeFuture {
        let metrics = self.site.metrics();
        let log = access_log::enabled();
        let started = (metrics.is_some() || log).then(Instant::now);
        let counted = metrics.map(|m| (m.clone(), metrics::route_of(req.uri().path())));
        let line = if log {
            started.map(|at| access_log::Line::start(&req, at))
        } else {
            None
        };
        client::resolve(&self.site.trusted_proxies, &mut req);
        let finish = Finish {
            site: self.site.clone(),
            asked: error::Asked::of(&req),
            started,
            counted,
            line,
        };
        let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
        let state = if target > MAX_TARGET_BYTES {
            State::Early(SiteError::UriTooLong.into_response(), finish)
        } else if expect::unmet(req.headers()) {
            State::Early(expect::expectation_failed(), finish)
        } else {
            State::Routing(self.routes.call(req), finish)
        };
        EdgeFuture { state }
    }
}

/// What the way out needs, kept from the way in.
struct Finish {
    site: Arc<Site>,
    asked: error::Asked,
    started: Option<Instant>,
    counted: Option<(Arc<Metrics>, &'static str)>,
    line: Option<access_log::Line>,
}

impl Finish {
    /// The response steps, in the order the layers ran them.
    fn run(self, resp: Response) -> Response {
        let mut resp = error::render(&self.site, &self.asked, resp);
        security::ensure_security_headers(resp.headers_mut());
        if let Some(line) = self.line {
            line.finish(&resp);
        }
        if let (Some((metrics, route)), Some(started)) = (self.counted, self.started) {
            metrics.observe(route, resp.status(), started);
        }
        resp
    }
}

/// The edge's answer to one request.
pub(super) struct EdgeFuture {
    state: State,
}

enum State {
    /// Answered before the router (414, 417).
    Early(Response, Finish),
    /// The router is answering.
    Routing(RouteFuture<Infallible>, Finish),
    /// The answer has been given.
    Done,
}

impl Future for EdgeFuture {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let (resp, finish) = match std::mem::replace(&mut this.state, State::Done) {
            State::Early(resp, finish) => (resp, finish),
            State::Routing(mut routing, finish) => match Pin::new(&mut routing).poll(cx) {
                Poll::Pending => {
                    this.state = State::Routing(routing, finish);
                    return Poll::Pending;
                }
                Poll::Ready(Ok(resp)) => (method_policy(&finish.asked.method, resp), finish),
                Poll::Ready(Err(never)) => match never {},
            },
            State::Done => panic!("the edge's future was polled after it had answered"),
        };
        Poll::Ready(Ok(finish.run(resp)))
    }
}
