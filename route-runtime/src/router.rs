//! The runtime half of `routes!`: path canonicalisation around every route,
//! the fallback, automatic `OPTIONS`, `405` with `Allow`, and panics as `500`.
//!
//! The generated router is a plain `axum::Router` with one `Router::route`
//! per path, so matching, `MatchedPath`, `route_layer` and `nest` are axum's.
//! Paths that are not canonical never reach a handler as they are: trailing
//! slashes and `//` are redirected (308, as Next.js does), and so are dot
//! segments (308 to the resolved path: served in place they would slip past
//! the layers a user puts around the router), undecodable paths are a 400.

use std::any::Any;
use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use axum::Router;
use axum::extract::{OriginalUri, Request};
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use futures_util::FutureExt;
use futures_util::future::CatchUnwind;
use http::{HeaderValue, StatusCode, header};
use std::task::{Context, Poll};
use tokio::task::futures::TaskLocalFuture;
use tower::ServiceExt;

use crate::call::{Call, RouteCall};
use crate::path::{self, PathCheck};

type BoxFuture<T = Response> = Pin<Box<dyn Future<Output = T> + Send>>;

/// The paths of one static route: its URL, or what `generate_static_params` lists.
pub type StaticPaths = fn() -> BoxFuture<Vec<String>>;

/// What a `routes!` tree knows about itself at run time, carried by its own
/// fallback and routes (no process-global registry: two trees in one app,
/// nested or merged, each keep theirs).
#[derive(Debug)]
pub struct Tree {
    statics: &'static [StaticPaths],
}

impl Tree {
    /// A tree whose static routes are `statics`.
    pub const fn new(statics: &'static [StaticPaths]) -> Self {
        Tree { statics }
    }
}

/// Asks a tree for its static routes: [`prerender`] sends a request carrying
/// it to a path no route serves (`/%ff`: not UTF-8, so a catch-all refuses it
/// before its handler), and the tree's fallback answers with [`TreeStatics`].
/// Only the non-canonical path looks for it: nothing is added to the
/// requests that are served.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PrerenderProbe;

/// The answer to a [`PrerenderProbe`], in the response's extensions: the
/// static routes of each tree the fallback serves.
#[derive(Clone, Debug)]
struct TreeStatics(Vec<&'static [StaticPaths]>);

/// The trees a fallback (or a route's path check) answers for: its own, or
/// those [`merge!`](crate::merge) put together.
#[derive(Clone, Copy, Debug)]
enum Trees {
    One(&'static Tree),
    Many(&'static [&'static Tree]),
}

impl Trees {
    fn statics(self) -> TreeStatics {
        TreeStatics(match self {
            Trees::One(tree) => vec![tree.statics],
            Trees::Many(trees) => trees.iter().map(|t| t.statics).collect(),
        })
    }
}

/// The probe's path, below a mount point.
const PROBE_PATH: &str = "%FF";

/// Adds the tree's fallback; called once per `routes!`.
pub fn finish<S: RouterState>(router: Router<S>, tree: &'static Tree) -> Router<S> {
    router.fallback(Fallback {
        trees: Trees::One(tree),
    })
}

/// Adds the fallback of several trees merged into `router` (each by its
/// `routes()`, which has none: axum keeps one fallback per router); what
/// [`merge!`](crate::merge) expands to.
pub fn finish_merged<S: RouterState>(
    router: Router<S>,
    trees: &'static [&'static Tree],
) -> Router<S> {
    router.fallback(Fallback {
        trees: Trees::Many(trees),
    })
}

/// One router serving several `routes!` trees side by side, each keeping its
/// own `405`, automatic `OPTIONS` and prerendered static routes, with one
/// fallback for all of them (canonical-path redirects, the prerender's
/// probe). Takes the trees' modules, `routes!(mod ..)`:
///
/// ```
/// // Two folders of route files (`tests/fixtures/merge` in this repository).
/// route_runtime::routes!(mod shop = "../../tests/fixtures/merge/shop");
/// route_runtime::routes!(mod admin = "../../tests/fixtures/merge/admin");
///
/// let app: route_runtime::axum::Router = route_runtime::merge!(shop, admin);
/// ```
///
/// Their URLs must not overlap (axum refuses two routes for one path).
/// `shop::router().merge(admin::router())` does not work: axum refuses to
/// merge two routers that both have a fallback, and each tree's router has
/// its own; `merge!` takes each tree's `routes()` instead. To mount trees
/// under different prefixes, `Router::nest` each one's `router()`. A tree
/// with a `proxy.rs` cannot be merged: its proxy runs before all routing,
/// so it is the whole app.
#[macro_export]
macro_rules! merge {
    ($($($tree:ident)::+),+ $(,)?) => {{
        static __TREES: &[&$crate::__private::Tree] = &[$(&$($tree)::+::__TREE),+];
        $crate::__private::finish_merged(
            $crate::__private::axum::Router::new() $(.merge($($tree)::+::routes()))+,
            __TREES,
        )
    }};
}

/// A route handler as `routes!` mounts it: the function `#[route]` writes
/// for the user's handler (`async fn(Request, S) -> Response`, which extracts
/// each argument itself), plus what every generated route does around it:
/// the canonical-path check (routes with params only: a static pattern only
/// matches its own path), the request scope of `cookies()`/`headers()`
/// (files that use them only), and a panic answered as `500` while the
/// server keeps serving.
///
/// Built for compile time at a thousand routes: all the work around the
/// handler is in non-generic code (`before` and `RouteFuture`, compiled
/// once for the whole app), and the handler's future is boxed, as axum's own
/// handlers box theirs, so the only code generated per handler is its own
/// future and one `Box::pin`. One allocation per request, the same one axum
/// makes for a hand-written handler.
#[derive(Clone, Copy, Debug)]
pub struct RouteFn<F> {
    handler: F,
    around: Around,
}

/// What runs around a [`RouteFn`]'s handler.
#[derive(Clone, Copy, Debug)]
struct Around {
    tree: &'static Tree,
    check_path: bool,
    scope: bool,
}

impl<F> RouteFn<F> {
    /// Wraps `handler` of `tree`: `check_path` for routes with params,
    /// `scope` for files that use `cookies()`/`headers()`.
    pub const fn new(handler: F, tree: &'static Tree, check_path: bool, scope: bool) -> Self {
        RouteFn {
            handler,
            around: Around {
                tree,
                check_path,
                scope,
            },
        }
    }
}

impl<F, S> Handler<(), S> for RouteFn<F>
where
    F: RouteCall<S>,
    S: RouterState,
{
    type Future = RouteFuture;

    fn call(self, req: Request, state: S) -> RouteFuture {
        match before(&req, self.around) {
            Before::Run(scope) => RouteFuture::run(self.handler.call(req, state), scope),
            Before::Answer(res) => RouteFuture::answer(res),
        }
    }
}

/// What [`before`] decided.
enum Before {
    /// Run the handler, in this request scope if there is one.
    Run(Option<crate::cookies::Scope>),
    /// Answer this, without calling the handler.
    Answer(Response),
}

/// What happens before a [`RouteFn`]'s handler runs, for every route: the
/// path check (an answer of its own for a path that is not canonical), then
/// the request scope, if the file uses one. Not generic: compiled once.
fn before(req: &Request, around: Around) -> Before {
    if around.check_path {
        match path::check(req.uri().path()) {
            PathCheck::Canonical => {}
            other => return Before::Answer(not_canonical(other, req, Trees::One(around.tree))),
        }
    }
    if !around.scope {
        return Before::Run(None);
    }
    Before::Run(Some(crate::cookies::enter_request(req)))
}

/// `Clone + Send + Sync + 'static`, the bounds of an axum router's state, as
/// one trait: one obligation for the compiler to carry per handler instead of
/// four (it matters at a thousand routes).
pub trait RouterState: Clone + Send + Sync + 'static {}

impl<S: Clone + Send + Sync + 'static> RouterState for S {}

/// A handler's boxed future, caught if it panics.
type Guarded = CatchUnwind<AssertUnwindSafe<BoxFuture>>;

pin_project_lite::pin_project! {
    /// The future of a [`RouteFn`]: one type for every route.
    #[project = RouteFutureProj]
    pub enum RouteFuture {
        /// The handler, no request scope.
        Plain { #[pin] inner: Guarded },
        /// The handler inside the request scope of `cookies()`/`headers()`.
        Scoped {
            #[pin] inner: TaskLocalFuture<crate::cookies::Scope, Guarded>,
            scope: crate::cookies::Scope,
        },
        /// A redirect or a 400 for a path that is not canonical.
        Other { #[pin] inner: std::future::Ready<Response> },
    }
}

impl RouteFuture {
    /// Runs `handler`, in `scope` if there is one.
    fn run(handler: BoxFuture, scope: Option<crate::cookies::Scope>) -> Self {
        let inner = AssertUnwindSafe(handler).catch_unwind();
        match scope {
            None => RouteFuture::Plain { inner },
            Some(scope) => RouteFuture::Scoped {
                inner: crate::cookies::run_in(scope.clone(), inner),
                scope,
            },
        }
    }

    /// Answers `res` without calling the handler.
    fn answer(res: Response) -> Self {
        RouteFuture::Other {
            inner: std::future::ready(res),
        }
    }
}

impl std::fmt::Debug for RouteFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RouteFuture")
    }
}

impl Future for RouteFuture {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        match self.project() {
            RouteFutureProj::Plain { inner } => {
                inner.poll(cx).map(|r| r.unwrap_or_else(panic_response))
            }
            RouteFutureProj::Scoped { inner, scope } => inner.poll(cx).map(|r| {
                let mut res = r.unwrap_or_else(panic_response);
                crate::cookies::leave(scope, &mut res);
                res
            }),
            RouteFutureProj::Other { inner } => inner.poll(cx),
        }
    }
}

/// The answer to a path that is not canonical: never the handler's.
fn not_canonical(check: PathCheck, req: &Request, trees: Trees) -> Response {
    if req.extensions().get::<PrerenderProbe>().is_some() {
        let mut res = StatusCode::NOT_FOUND.into_response();
        res.extensions_mut().insert(trees.statics());
        return res;
    }
    match check {
        PathCheck::Canonical => StatusCode::NOT_FOUND.into_response(),
        PathCheck::Invalid(reason) => plain(StatusCode::BAD_REQUEST, reason),
        PathCheck::Redirect(_) => redirect_canonical(req),
    }
}

/// 308 to the path without the trailing slash or empty segments, relative,
/// with the query kept, computed on the path the client sent (so it is right
/// under `Router::nest` too).
fn redirect_canonical(req: &Request) -> Response {
    let original = req
        .extensions()
        .get::<OriginalUri>()
        .map(|o| &o.0)
        .unwrap_or(req.uri());
    let mut location = match path::check(original.path()) {
        PathCheck::Redirect(p) => p,
        _ => original.path().to_string(),
    };
    if let Some(q) = original.query() {
        location.push('?');
        location.push_str(q);
    }
    match HeaderValue::try_from(location) {
        Ok(value) => (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, value)]).into_response(),
        Err(_) => plain(StatusCode::BAD_REQUEST, "invalid request path"),
    }
}

/// The fallback of a generated router: a redirect to the canonical path, a
/// 400, or a plain 404 (which allocates nothing).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fallback {
    trees: Trees,
}

impl<S: RouterState> Handler<(), S> for Fallback {
    type Future = std::future::Ready<Response>;

    fn call(self, req: Request, _state: S) -> Self::Future {
        std::future::ready(not_canonical(
            path::check(req.uri().path()),
            &req,
            self.trees,
        ))
    }
}

/// An answer made only of a status and an `Allow` header: the `405` for a
/// method the route does not export (with `Allow`, as RFC 9110 requires;
/// Next.js omits it) and the automatic `OPTIONS` (`204`).
///
/// A tower `Service` rather than a handler: it needs no state, so the
/// compiler has nothing to infer for it (which keeps large apps quick to
/// type-check).
#[derive(Clone, Copy, Debug)]
pub struct AllowAnswer {
    status: StatusCode,
    allow: &'static str,
    /// The route has params: a non-canonical path is a 308 or a 400 here
    /// too, whatever the method (`None` for static routes).
    tree: Option<&'static Tree>,
}

impl AllowAnswer {
    /// `405 Method Not Allowed` with `Allow: allow`.
    pub const fn method_not_allowed(allow: &'static str) -> Self {
        AllowAnswer {
            status: StatusCode::METHOD_NOT_ALLOWED,
            allow,
            tree: None,
        }
    }

    /// `204 No Content` with `Allow: allow`: the automatic `OPTIONS`.
    pub const fn options(allow: &'static str) -> Self {
        AllowAnswer {
            status: StatusCode::NO_CONTENT,
            allow,
            tree: None,
        }
    }

    /// The same answer, after the canonical-path check of a route with
    /// params (of `tree`).
    pub const fn checking_path(self, tree: &'static Tree) -> Self {
        AllowAnswer {
            tree: Some(tree),
            ..self
        }
    }
}

impl tower::Service<Request> for AllowAnswer {
    type Response = Response;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if let Some(tree) = self.tree {
            match path::check(req.uri().path()) {
                PathCheck::Canonical => {}
                other => {
                    return std::future::ready(Ok(not_canonical(other, &req, Trees::One(tree))));
                }
            }
        }
        let allow = HeaderValue::from_static(self.allow);
        std::future::ready(Ok((self.status, [(header::ALLOW, allow)]).into_response()))
    }
}

/// The same answer as a handler: how a folder's middleware wraps it.
impl<S: RouterState> Handler<(), S> for AllowAnswer {
    type Future = std::future::Ready<Response>;

    fn call(mut self, req: Request, _state: S) -> Self::Future {
        match tower::Service::<Request>::call(&mut self, req).into_inner() {
            Ok(res) => std::future::ready(res),
            Err(never) => match never {},
        }
    }
}

/// Marks the `OPTIONS` request the CORS layer sends to learn a route's
/// `Allow` list (see [`crate::cors`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct AllowProbe;

/// A route file's own `OPTIONS` handler: it runs for every `OPTIONS` but the
/// probe the CORS layer sends to learn the route's methods, which is answered
/// like the automatic `OPTIONS` (`204` with `Allow`) without calling it.
#[derive(Clone, Copy, Debug)]
pub struct OwnOptions<H> {
    inner: H,
    allow: &'static str,
}

impl<H> OwnOptions<H> {
    /// Wraps the `OPTIONS` handler of a route whose `Allow` list is `allow`.
    pub const fn new(inner: H, allow: &'static str) -> Self {
        OwnOptions { inner, allow }
    }
}

impl<H, T, S> Handler<T, S> for OwnOptions<H>
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    type Future = futures_util::future::Either<std::future::Ready<Response>, H::Future>;

    fn call(self, req: Request, state: S) -> Self::Future {
        use futures_util::future::Either;
        if req.extensions().get::<AllowProbe>().is_some() {
            let allow = HeaderValue::from_static(self.allow);
            return Either::Left(std::future::ready(
                (StatusCode::NO_CONTENT, [(header::ALLOW, allow)]).into_response(),
            ));
        }
        Either::Right(self.inner.call(req, state))
    }
}

/// The method router of a route file outside any middleware, as the
/// generated chain builds it: each handler named once (`.get(h)`), wrapped
/// here in its [`RouteFn`]; `.finish()` adds the automatic `OPTIONS` unless
/// the file has its own. One short call per handler, for the compiler to
/// check at every `cargo check`.
#[derive(Debug)]
pub struct Methods<S> {
    router: MethodRouter<S, Infallible>,
    around: Around,
    allow: &'static str,
    own_options: bool,
}

macro_rules! methods_setters {
    ($($method:ident $with:ident),*) => {
        $(
            #[doc = concat!("Adds the `", stringify!($method), "` handler.")]
            pub fn $method<F: RouteCall<S>>(self, handler: F) -> Self {
                let around = self.around;
                self.$with(RouteFn { handler, around })
            }

            #[doc = concat!("Adds the `", stringify!($method), "` handler, wrapped (a cached GET, a body limit, a timeout).")]
            pub fn $with<H: Handler<T, S>, T: 'static>(mut self, handler: H) -> Self {
                self.router = self.router.$method(handler);
                self
            }
        )*
    };
}

impl<S: RouterState> Methods<S> {
    /// The route of `tree` whose `Allow` list is `allow`: `check_path` for
    /// routes with params, `scope` for files that use `cookies()`/`headers()`.
    pub fn new(tree: &'static Tree, allow: &'static str, check_path: bool, scope: bool) -> Self {
        Methods {
            router: methods(allow, check_path.then_some(tree)),
            around: Around {
                tree,
                check_path,
                scope,
            },
            allow,
            own_options: false,
        }
    }

    methods_setters!(get get_with, post post_with, put put_with, patch patch_with, delete delete_with, head head_with);

    /// Adds the file's own `OPTIONS` handler (the CORS probe still gets the
    /// `Allow` list).
    pub fn options<F: RouteCall<S>>(self, handler: F) -> Self {
        let around = self.around;
        self.options_with(RouteFn { handler, around })
    }

    /// Adds the file's own `OPTIONS` handler, wrapped.
    pub fn options_with<H: Handler<T, S>, T: 'static>(mut self, handler: H) -> Self {
        self.router = self.router.options(OwnOptions::new(handler, self.allow));
        self.own_options = true;
        self
    }

    /// The method router: with the automatic `OPTIONS` (`204` and `Allow`)
    /// when the file has none.
    pub fn finish(self) -> MethodRouter<S, Infallible> {
        if self.own_options {
            return self.router;
        }
        let answer = AllowAnswer::options(self.allow);
        let answer = match self.around.check_path {
            true => answer.checking_path(self.around.tree),
            false => answer,
        };
        self.router.options_service(answer)
    }
}

/// What a plain route's [`Methods`] starts from: its `Allow` list, whether
/// its path is checked (it has params), whether its file enters the request
/// scope (`cookies()`/`headers()`).
pub type MethodsKind = (&'static str, bool, bool);

/// The plain routes of a generated tree (no middleware, no config wrapper),
/// chained: `.r(path, kind)` starts a route, ending the one before;
/// `.get(h)`, `.post(h)`.. add its handlers; `.finish()` gives the router.
/// `Router::new().route(path, Methods::new(..).get(h()).finish())` has
/// three more calls and a longer path per route: `routes!` writes a link per
/// route file, which the compiler lowers, resolves and hashes again at every
/// `cargo check`.
#[derive(Debug)]
pub struct Links<S> {
    router: Router<S>,
    tree: &'static Tree,
    kinds: &'static [MethodsKind],
    current: Option<(&'static str, Methods<S>)>,
}

macro_rules! links_setters {
    ($($method:ident),*) => {
        $(
            #[doc = concat!("Adds the current route's `", stringify!($method), "` handler (the fn `#[route]` wrote).")]
            pub fn $method(mut self, handler: fn() -> Call<S>) -> Self {
                self.current = self.current.map(|(path, m)| (path, m.$method(handler())));
                self
            }
        )*
    };
}

impl<S: RouterState> Links<S> {
    /// No routes yet, for the tree `tree`, whose plain routes are of the
    /// `kinds`.
    pub fn new(tree: &'static Tree, kinds: &'static [MethodsKind]) -> Self {
        Links {
            router: Router::new(),
            tree,
            kinds,
            current: None,
        }
    }

    /// Starts the route at `path`, of `kinds[kind]`.
    pub fn r(mut self, path: &'static str, kind: usize) -> Self {
        self.end_route();
        let (allow, check_path, scope) = self.kinds[kind];
        self.current = Some((path, Methods::new(self.tree, allow, check_path, scope)));
        self
    }

    links_setters!(get, post, put, patch, delete, head, options);

    /// The router, with every route.
    pub fn finish(mut self) -> Router<S> {
        self.end_route();
        self.router
    }

    fn end_route(&mut self) {
        if let Some((path, methods)) = self.current.take() {
            let router = std::mem::replace(&mut self.router, Router::new());
            self.router = router.route(path, methods.finish());
        }
    }
}

/// The method router of one route file, before its handlers are added: the
/// `405` for the methods it does not export (after the path check, for a
/// route with params: pass its `tree`).
pub fn methods<S: RouterState>(
    allow: &'static str,
    tree: Option<&'static Tree>,
) -> MethodRouter<S, Infallible> {
    let answer = AllowAnswer::method_not_allowed(allow);
    let answer = match tree {
        Some(tree) => answer.checking_path(tree),
        None => answer,
    };
    MethodRouter::new().fallback_service(answer)
}

pub(crate) fn panic_response(panic: Box<dyn Any + Send>) -> Response {
    let msg = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    tracing::error!(panic = msg, "route handler panicked");
    // As Next.js answers a handler that throws: `500 Internal Server Error`
    // with no body and no content type (problem+json when asked for JSON).
    crate::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR).into_response()
}

/// A short `text/plain` response (`application/problem+json` for a client
/// that asks for JSON: see [`crate::error`]).
pub(crate) fn plain(status: StatusCode, text: &'static str) -> Response {
    crate::Error::new(status, text).into_response()
}

/// Renders every static route of the `routes!` tree served at the root of
/// `router` (routes with `DYNAMIC = ForceStatic`/`Error`, `REVALIDATE`, or
/// `generate_static_params`), so they are cached before the first request,
/// as `next build` prerenders them. [`serve`](fn@crate::serve) calls it
/// before it accepts connections; call it yourself when you serve with
/// `axum::serve`. A tree mounted with `Router::nest("/api", ..)` is found
/// with [`prerender_nested`].
///
/// The tree is asked through the router, so it works whatever layers are
/// around it (a layer that refuses the request means nothing is prerendered:
/// the static routes are then rendered on their first request). Any other
/// failure (a panic, a `Dynamic::Error` route reading request data) is
/// returned, naming the path.
///
/// ```no_run
/// # async fn run(app: axum::Router) -> Result<(), route_runtime::cache::PrerenderError> {
/// route_runtime::prerender(app.clone()).await?;
/// # Ok(()) }
/// ```
pub async fn prerender(router: Router) -> Result<usize, crate::cache::PrerenderError> {
    prerender_nested(router, &[""]).await
}

/// [`prerender`] for the trees mounted at each of `mounts` (`""` is the
/// root, `"/api"` a tree under `Router::nest("/api", ..)`).
///
/// ```no_run
/// # async fn run(app: axum::Router) -> Result<(), route_runtime::cache::PrerenderError> {
/// route_runtime::prerender_nested(app.clone(), &["", "/api"]).await?;
/// # Ok(()) }
/// ```
pub async fn prerender_nested(
    router: Router,
    mounts: &[&str],
) -> Result<usize, crate::cache::PrerenderError> {
    let mut paths = Vec::new();
    for mount in mounts {
        let mount = mount.trim_end_matches('/');
        let Some(statics) = tree_statics(&router, mount).await else {
            continue;
        };
        let jobs: Vec<StaticPaths> = statics.into_iter().flatten().copied().collect();
        for job in jobs {
            paths.extend(job().await.into_iter().map(|p| format!("{mount}{p}")));
        }
    }
    crate::cache::prerender(router, paths).await
}

/// The static routes of the tree at `mount`, asked through `router`.
async fn tree_statics(router: &Router, mount: &str) -> Option<Vec<&'static [StaticPaths]>> {
    let mut req = http::Request::get(format!("{mount}/{PROBE_PATH}"))
        .body(axum::body::Body::empty())
        .ok()?;
    req.extensions_mut().insert(PrerenderProbe);
    let res = match router.clone().oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    };
    let found = res.extensions().get::<TreeStatics>().map(|t| t.0.clone());
    if found.is_none() {
        tracing::debug!(
            mount,
            status = res.status().as_u16(),
            "no routes! tree answered the prerender probe"
        );
    }
    found
}

/// Runs a handler with a value added to the request extensions: how a route
/// file's `BODY_LIMIT` reaches [`Request`](crate::Request)'s body readers.
#[derive(Clone, Copy, Debug)]
pub struct WithExtension<H, E> {
    inner: H,
    extension: E,
}

impl<H, E> WithExtension<H, E> {
    /// Wraps `inner`; every request it handles carries `extension`.
    pub const fn new(inner: H, extension: E) -> Self {
        WithExtension { inner, extension }
    }
}

impl<H, E, T, S> Handler<T, S> for WithExtension<H, E>
where
    H: Handler<T, S>,
    E: Clone + Send + Sync + 'static,
    T: 'static,
    S: RouterState,
{
    type Future = H::Future;

    fn call(self, mut req: Request, state: S) -> Self::Future {
        req.extensions_mut().insert(self.extension);
        self.inner.call(req, state)
    }
}

/// Runs a handler with a time limit (`MAX_DURATION`): past it, the request is
/// answered `504 Gateway Timeout` and the handler's future is dropped.
#[derive(Clone, Copy, Debug)]
pub struct Timeout<H> {
    inner: H,
    limit: std::time::Duration,
}

impl<H> Timeout<H> {
    /// Wraps `inner` with a limit of `seconds`.
    pub fn new(inner: H, seconds: u64) -> Self {
        Timeout {
            inner,
            limit: std::time::Duration::from_secs(seconds),
        }
    }
}

impl<H, T, S> Handler<T, S> for Timeout<H>
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    type Future = BoxFuture;

    fn call(self, req: Request, state: S) -> Self::Future {
        Box::pin(async move {
            match tokio::time::timeout(self.limit, self.inner.call(req, state)).await {
                Ok(res) => res,
                Err(_) => plain(StatusCode::GATEWAY_TIMEOUT, "Gateway Timeout"),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{Blocking, unit0};

    static TREE: Tree = Tree::new(&[]);
    static KINDS: [MethodsKind; 2] = [
        ("GET, HEAD, OPTIONS", false, false),
        ("GET, HEAD, OPTIONS, POST", false, false),
    ];

    fn hi() -> &'static str {
        "hi"
    }

    fn call_hi() -> Call<()> {
        unit0::call0::<_, _, Blocking, _, ()>(hi)
    }

    async fn send(
        router: &Router,
        method: &str,
        path: &str,
    ) -> (StatusCode, Option<String>, String) {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap_or_default();
        let res = router
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| match e {});
        let allow = res
            .headers()
            .get(header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), 1024)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        (status, allow, body)
    }

    /// Each `.r(..)` ends the route before it, `.finish()` the last one:
    /// every route answers its own methods, the `405` and `OPTIONS` with
    /// its kind's `Allow` list.
    #[tokio::test]
    async fn links_chain_every_route_with_its_kind() {
        let router: Router = Links::new(&TREE, &KINDS)
            .r("/a", 0)
            .get(call_hi)
            .r("/b", 1)
            .get(call_hi)
            .post(call_hi)
            .finish();
        let hi = Some("hi");
        let cases = [
            ("GET", "/a", StatusCode::OK, None, hi),
            (
                "POST",
                "/a",
                StatusCode::METHOD_NOT_ALLOWED,
                Some(KINDS[0].0),
                None,
            ),
            ("POST", "/b", StatusCode::OK, None, hi),
            (
                "OPTIONS",
                "/b",
                StatusCode::NO_CONTENT,
                Some(KINDS[1].0),
                None,
            ),
            ("GET", "/c", StatusCode::NOT_FOUND, None, None),
        ];
        for (method, path, status, allow, body) in cases {
            let (got_status, got_allow, got_body) = send(&router, method, path).await;
            assert_eq!(
                (got_status, got_allow.as_deref()),
                (status, allow),
                "{method} {path}"
            );
            if let Some(body) = body {
                assert_eq!(got_body, body, "{method} {path}");
            }
        }
    }
}
