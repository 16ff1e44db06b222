//! Per-folder middleware (`middleware.rs`) and the app's `proxy.rs`.
//!
//! A `middleware.rs` in a folder of the app exports one
//! [`#[middleware]`](macro@crate::middleware) function and applies to every
//! route at or below that folder, outermost folder first. Two shapes:
//!
//! ```ignore
//! // app/admin/middleware.rs: a function, axum's `from_fn` shape. It may take
//! // extractors (and `State`) before the request.
//! use route_runtime::prelude::*;
//!
//! #[middleware]
//! pub async fn middleware(req: Request, next: Next) -> impl IntoResponse {
//!     if req.header("authorization").is_none() {
//!         return Response::text("unauthorized").status(401).into_response();
//!     }
//!     next.run(req).await
//! }
//! ```
//!
//! ```ignore
//! // app/api/middleware.rs: a tower layer (CORS, a timeout, tower-http's auth).
//! use route_runtime::prelude::*;
//!
//! #[middleware]
//! pub fn layer() -> route_runtime::cors::Cors {
//!     route_runtime::cors::Cors::permissive()
//! }
//! ```
//!
//! A folder's middleware runs for every request that reaches one of its
//! routes, whatever the method: the route's handlers, the automatic `HEAD`
//! and `OPTIONS`, and the `405` for a method the route does not export. It
//! is part of the route itself (not a layer around the router), so no path,
//! however spelled, reaches a handler without passing it; a path that no
//! route serves gets the tree's `404` without any folder's middleware
//! (`proxy.rs` sees those).
//!
//! Two kinds of request skip folder middleware because they run no handler
//! code a client asked for: the prerender of static routes at startup (as
//! `next build` renders pages without running middleware; at request time
//! the middleware runs around the cached answer) and the probe the CORS
//! layer sends a route to learn its `Allow` list.
//!
//! `proxy.rs`, at the root of the app only, is Next.js 16's `proxy.ts`: one
//! `#[middleware]` function (or layer) that runs before routing, for every
//! request (404s included). It can answer, redirect, add request or
//! response headers, or rewrite the path: a request it passes on with a new
//! URI is routed by that URI.

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::FutureExt;
use futures_util::future::Either;
use http::StatusCode;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_layer::Layer;
use tower_service::Service;

use crate::router::RouterState;

type BoxFuture<T = Response> = Pin<Box<dyn Future<Output = T> + Send>>;

/// The rest of the chain, as a middleware sees it: the inner folders'
/// middleware and the route, or (in `proxy.rs`) the router.
///
/// [`Next::run`] passes the request on; `Next` is also a tower `Service`, so
/// a layer's service wraps it.
///
/// ```
/// use route_runtime::axum::response::Response;
/// use route_runtime::middleware::Next;
/// use route_runtime::Request;
///
/// async fn timing(req: Request, next: Next) -> Response {
///     let start = std::time::Instant::now();
///     let mut res = next.run(req).await;
///     let ms = start.elapsed().as_millis().to_string();
///     res.headers_mut().insert("server-timing", ms.parse().unwrap());
///     res
/// }
/// ```
#[derive(Clone)]
pub struct Next {
    inner: BoxCloneSyncService<Request, Response, Infallible>,
}

impl Next {
    fn new<S>(service: S) -> Self
    where
        S: Service<Request, Response = Response, Error = Infallible>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Future: Send + 'static,
    {
        Next {
            inner: BoxCloneSyncService::new(service),
        }
    }

    /// Passes the request on and returns what the rest of the chain
    /// answered. Takes an axum request or a [`crate::Request`] (whose body,
    /// if the middleware has not read it, goes along).
    pub async fn run(self, req: impl Into<Request>) -> Response {
        match self.inner.oneshot(req.into()).await {
            Ok(res) => res,
            Err(never) => match never {},
        }
    }
}

impl std::fmt::Debug for Next {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Next")
    }
}

impl Service<Request> for Next {
    type Response = Response;
    type Error = Infallible;
    type Future = <BoxCloneSyncService<Request, Response, Infallible> as Service<Request>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        self.inner.call(req)
    }
}

impl From<crate::Request> for Request {
    /// [`crate::Request::into_inner`].
    fn from(req: crate::Request) -> Self {
        req.into_inner()
    }
}

/// The request argument of a `#[middleware]` function: an axum request or a
/// [`crate::Request`].
pub trait MiddlewareRequest: Sized {
    /// Makes the argument from the request.
    fn from_request(req: Request) -> Self;
}

impl MiddlewareRequest for Request {
    fn from_request(req: Request) -> Self {
        req
    }
}

impl MiddlewareRequest for crate::Request {
    fn from_request(req: Request) -> Self {
        crate::Request::from(req)
    }
}

/// One folder's middleware, as the generated router holds it: the
/// function `#[middleware]` writes (or the layer), type-erased so that a
/// route's handler type does not grow with its chain.
pub struct Middleware<S> {
    run: Arc<dyn Fn(Request, S, Next) -> BoxFuture + Send + Sync>,
}

impl<S> Clone for Middleware<S> {
    fn clone(&self) -> Self {
        Middleware {
            run: Arc::clone(&self.run),
        }
    }
}

impl<S> std::fmt::Debug for Middleware<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Middleware")
    }
}

impl<S: RouterState> Middleware<S> {
    /// A middleware function: `async fn(request, state, next) -> Response`,
    /// which `#[middleware]` writes from the user's function.
    pub fn from_fn<F, Fut>(f: F) -> Self
    where
        F: Fn(Request, S, Next) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Response> + Send + 'static,
    {
        Middleware {
            run: Arc::new(move |req, state, next| Box::pin(f(req, state, next))),
        }
    }

    /// A tower layer: its service wraps [`Next`].
    pub fn from_layer<L>(layer: L) -> Self
    where
        L: FolderLayer,
    {
        Middleware {
            run: Arc::new(move |req, _state, next| layer.serve(req, next)),
        }
    }

    /// Runs the middleware; a panic in it (or in its layer) is a `500`, as
    /// a handler's is, and the server keeps serving.
    fn call(&self, req: Request, state: S, next: Next) -> BoxFuture {
        let run = Arc::clone(&self.run);
        Box::pin(async move {
            let fut = AssertUnwindSafe(async move { run(req, state, next).await });
            match fut.catch_unwind().await {
                Ok(res) => res,
                Err(panic) => crate::router::panic_response(panic),
            }
        })
    }
}

/// A tower layer that can be a folder's middleware: its service takes a
/// request, answers an `http::Response` with an `http_body::Body`, and never
/// fails (as for axum's `Router::layer`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a folder's middleware layer",
    label = "not a tower `Layer` whose service answers requests without an error",
    note = "a `#[middleware]` fn without `async` returns a tower layer (e.g. `Cors`, `tower_http::timeout::TimeoutLayer`) whose service is `Service<Request, Error = Infallible>`"
)]
pub trait FolderLayer: Send + Sync + 'static {
    /// Runs `req` through the layer's service around `next`.
    fn serve(&self, req: Request, next: Next) -> BoxFuture;
}

impl<L, Svc, B> FolderLayer for L
where
    L: Layer<Next, Service = Svc> + Send + Sync + 'static,
    Svc: Service<Request, Response = http::Response<B>> + Send + 'static,
    Svc::Error: Into<Infallible>,
    Svc::Future: Send + 'static,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    fn serve(&self, req: Request, next: Next) -> BoxFuture {
        // Made here, not in the future: `Middleware::call` catches a panic
        // of either (tower-http's CORS layer panics on a configuration it
        // cannot serve).
        let service = self.layer(next);
        Box::pin(async move {
            match service.oneshot(req).await {
                Ok(res) => res.map(Body::new),
                Err(err) => match err.into() {},
            }
        })
    }
}

/// Requests that pass a folder's middleware by: the prerender of a static
/// route, and the CORS layer's probe for a route's `Allow` list. Both are
/// marked with extensions only this crate sets.
fn bypasses(req: &Request) -> bool {
    let ext = req.extensions();
    ext.get::<crate::router::AllowProbe>().is_some()
        || ext.get::<crate::cache::Prerendering>().is_some()
        || ext.get::<crate::router::PrerenderProbe>().is_some()
}

/// A route entry (a handler, the automatic `OPTIONS`, the `405`) inside one
/// folder's middleware.
#[derive(Clone, Debug)]
pub struct Folder<H, S> {
    inner: H,
    middleware: Middleware<S>,
}

impl<H, S> Folder<H, S> {
    /// `inner`, run by `middleware`.
    pub fn new(inner: H, middleware: &Middleware<S>) -> Self {
        Folder {
            inner,
            middleware: middleware.clone(),
        }
    }
}

impl<H, T, S> Handler<T, S> for Folder<H, S>
where
    H: Handler<T, S>,
    T: Send + 'static,
    S: RouterState,
{
    type Future = Either<H::Future, BoxFuture>;

    fn call(self, req: Request, state: S) -> Self::Future {
        if bypasses(&req) {
            return Either::Left(self.inner.call(req, state));
        }
        let next = Next::new(self.inner.with_state(state.clone()));
        Either::Right(self.middleware.call(req, state, next))
    }
}

/// The router's state, carried from `proxy.rs` to the routes it routes to
/// (the routes of a tree with a proxy live in a router of their own, which
/// the proxy calls).
#[derive(Clone)]
struct CarriedState<S>(S);

/// `proxy.rs` around a tree's routes: the tree's router, built once, called
/// by the proxy's [`Next`] with the state.
pub struct Proxy<S> {
    inner: Router,
    middleware: Middleware<S>,
}

impl<S> Clone for Proxy<S> {
    fn clone(&self) -> Self {
        Proxy {
            inner: self.inner.clone(),
            middleware: self.middleware.clone(),
        }
    }
}

impl<S> std::fmt::Debug for Proxy<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Proxy")
    }
}

/// The tree as `proxy.rs` wraps it: a router with nothing but this proxy
/// as its fallback, so it runs before the tree's own routing.
pub fn with_proxy<S: RouterState>(routes: Router, middleware: Middleware<S>) -> Router<S> {
    Router::new().fallback(Proxy {
        inner: routes,
        middleware,
    })
}

impl<S: RouterState> Handler<(), S> for Proxy<S> {
    type Future = BoxFuture;

    fn call(self, req: Request, state: S) -> Self::Future {
        let routes = WithState {
            inner: self.inner,
            state: state.clone(),
        };
        if bypasses(&req) {
            return Box::pin(async move { Next::new(routes).run(req).await });
        }
        self.middleware.call(req, state, Next::new(routes))
    }
}

/// The tree's routes, called with the state they need.
#[derive(Clone)]
struct WithState<S> {
    inner: Router,
    state: S,
}

impl<S: RouterState> Service<Request> for WithState<S> {
    type Response = Response;
    type Error = Infallible;
    type Future = <Router as Service<Request>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        <Router as Service<Request>>::poll_ready(&mut self.inner, cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        req.extensions_mut()
            .insert(CarriedState(self.state.clone()));
        self.inner.call(req)
    }
}

/// A route entry of a tree with a proxy: takes the state the proxy carried.
#[derive(Clone, Copy, Debug)]
pub struct Stateful<H, S> {
    inner: H,
    _state: std::marker::PhantomData<fn() -> S>,
}

impl<H, S> Stateful<H, S> {
    /// `inner`, given the carried state.
    pub const fn new(inner: H) -> Self {
        Stateful {
            inner,
            _state: std::marker::PhantomData,
        }
    }
}

impl<H, T, S> Handler<T, ()> for Stateful<H, S>
where
    H: Handler<T, S>,
    T: Send + 'static,
    S: RouterState,
{
    type Future = Either<H::Future, std::future::Ready<Response>>;

    fn call(self, mut req: Request, _state: ()) -> Self::Future {
        match req.extensions_mut().remove::<CarriedState<S>>() {
            Some(CarriedState(state)) => Either::Left(self.inner.call(req, state)),
            None => {
                // Only the proxy's `Next` reaches these routes, and it adds the
                // state; a request without one was built some other way.
                tracing::error!(
                    "a route of a tree with proxy.rs was called without the tree's state"
                );
                Either::Right(std::future::ready(
                    StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                ))
            }
        }
    }
}
