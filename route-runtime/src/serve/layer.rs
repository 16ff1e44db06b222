//! The per-request work of [`serve`](super::serve), as one tower layer: a
//! tracing span with the matched route, the request id, compression, and
//! panics answered 500.
//!
//! One layer instead of the five tower-http ones it replaces because
//! `Router::layer` wraps every route in a boxed service per layer, cloned and
//! dropped on every request; and because each piece here does only what the
//! request needs:
//!
//! - the span's fields are evaluated only when the span is enabled (the
//!   default filter, `info`, enables it), and recorded with `Display` (no
//!   escaping) — the counter behind a made-up request id is not even
//!   incremented when nothing listens;
//! - a request id the client sent in `x-request-id` is echoed on the
//!   response and names the span; otherwise the span gets a per-process id
//!   (`<prefix>-<n>`), formatted only by the subscriber, and no header is
//!   added to the request or the response (Next.js adds none);
//! - a request without `Accept-Encoding` skips the compression layer
//!   entirely (its body is not wrapped);
//! - the panic guard is `catch_unwind` around the call and each poll, with no
//!   boxing of the response body;
//! - errors are answered as `application/problem+json` to clients that ask
//!   for JSON ([`ProblemService`], inside the compression), which costs an
//!   `Accept` lookup per request.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::MatchedPath;
use axum::response::{IntoResponse, Response};
use http::header::ACCEPT_ENCODING;
use http::{HeaderName, HeaderValue, Request, StatusCode};
use tower_http::compression::{Compression, DefaultPredicate};
use tower_layer::Layer;
use tower_service::Service;
use tracing::Span;

use crate::error::{ProblemLayer, ProblemService};

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Applied with `Router::layer`, so that the matched route is known.
#[derive(Clone, Copy, Debug)]
pub(super) struct ServeLayer {
    pub(super) compression: bool,
}

impl<S> Layer<S> for ServeLayer {
    type Service = ServeService<S>;

    fn layer(&self, inner: S) -> ServeService<S> {
        ServeService {
            inner: Compression::new(ProblemLayer.layer(inner)),
            compression: self.compression,
        }
    }
}

#[derive(Clone)]
pub(super) struct ServeService<S> {
    inner: Compression<ProblemService<S>>,
    compression: bool,
}

impl<S> fmt::Debug for ServeService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServeService")
            .field("compression", &self.compression)
            .finish_non_exhaustive()
    }
}

impl<S> Service<Request<Body>> for ServeService<S>
where
    S: Service<Request<Body>, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = ServeFuture<crate::error::ProblemFuture<S::Future>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.get_mut().poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let echo = req.headers().get(&X_REQUEST_ID).cloned();
        let span = make_span(&req, echo.as_ref());
        let compress = self.compression && req.headers().contains_key(ACCEPT_ENCODING);
        let called = {
            let _entered = span.enter();
            catch_unwind(AssertUnwindSafe(|| {
                if compress {
                    Inner::Compressed {
                        fut: self.inner.call(req),
                    }
                } else {
                    Inner::Plain {
                        fut: self.inner.get_mut().call(req),
                    }
                }
            }))
        };
        ServeFuture {
            inner: called.ok(),
            span,
            echo,
        }
    }
}

fn make_span(req: &Request<Body>, echo: Option<&HeaderValue>) -> Span {
    let method = req.method().as_str();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|path| tracing::field::display(path.as_str()));
    // Field values are evaluated only when the span is enabled.
    match echo.and_then(|id| id.to_str().ok()) {
        Some(id) => tracing::info_span!("request", method = %method, route, request_id = %id),
        None => tracing::info_span!(
            "request",
            method = %method,
            route,
            request_id = %MadeId(NEXT_ID.fetch_add(1, Ordering::Relaxed)),
        ),
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A request id made here: a per-process prefix and a counter, formatted
/// only when a subscriber records it.
struct MadeId(u64);

impl fmt::Display for MadeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        static PREFIX: OnceLock<u64> = OnceLock::new();
        let prefix = PREFIX.get_or_init(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            (nanos as u64) ^ u64::from(std::process::id())
        });
        write!(f, "{prefix:x}-{}", self.0)
    }
}

pin_project_lite::pin_project! {
    #[project = InnerProj]
    enum Inner<F> {
        Compressed { #[pin] fut: tower_http::compression::ResponseFuture<F, DefaultPredicate> },
        Plain { #[pin] fut: F },
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`ServeService`].
    pub(super) struct ServeFuture<F> {
        // `None`: the call itself panicked.
        #[pin]
        inner: Option<Inner<F>>,
        span: Span,
        echo: Option<HeaderValue>,
    }
}

impl<F> Future for ServeFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let _entered = this.span.enter();
        let Some(inner) = this.inner.as_pin_mut() else {
            return Poll::Ready(Ok(panic_response()));
        };
        let polled = catch_unwind(AssertUnwindSafe(|| match inner.project() {
            InnerProj::Compressed { fut } => {
                fut.poll(cx).map(|res| res.map(|res| res.map(Body::new)))
            }
            InnerProj::Plain { fut } => fut.poll(cx),
        }));
        let mut response = match polled {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(Ok(response))) => response,
            Ok(Poll::Ready(Err(never))) => match never {},
            Err(_panic) => panic_response(),
        };
        if let Some(id) = this.echo.take()
            && !response.headers().contains_key(&X_REQUEST_ID)
        {
            response.headers_mut().insert(X_REQUEST_ID.clone(), id);
        }
        Poll::Ready(Ok(response))
    }
}

fn panic_response() -> Response {
    tracing::error!("a handler panicked; answering 500");
    // As Next.js answers a handler that throws: the status alone, no body
    // (outside the problem+json negotiation, which the panic unwound).
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
