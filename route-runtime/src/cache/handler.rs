//! [`Cached`]: an axum handler that serves a GET handler from the cache.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::handler::Handler;
use axum::response::{IntoResponseParts, Response, ResponseParts};
use bytes::{Bytes, BytesMut};
use futures_util::{StreamExt, stream};
use http::header::{CACHE_CONTROL, CONTENT_LENGTH, SET_COOKIE, TRANSFER_ENCODING};
use http::{HeaderValue, Method, Request, StatusCode, Uri};
use tokio::sync::OnceCell;

use super::config::{CacheMode, Dynamic, SegmentConfig};
use super::flight::{self, Outcome, Role};
use super::prerender::Prerendering;
use super::store::{CacheEntry, LockToken};
use super::{Cache, Counters, global};
use crate::router::RouterState;

const LOG: &str = "route_runtime::cache";

/// Cache tags set by a response, in addition to the route's config tags.
/// Returned as a response part, it never reaches the client:
///
/// ```
/// use route_runtime::cache::CacheTags;
/// async fn handler() -> (CacheTags, &'static str) {
///     (CacheTags::new(["posts", "post:1"]), "hello")
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CacheTags(pub Vec<String>);

impl CacheTags {
    /// Tags from any list of strings.
    pub fn new<I, T>(tags: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: Into<String>,
    {
        CacheTags(tags.into_iter().map(Into::into).collect())
    }
}

impl IntoResponseParts for CacheTags {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Self::Error> {
        match res.extensions_mut().get_mut::<CacheTags>() {
            Some(existing) => existing.0.extend(self.0),
            None => {
                res.extensions_mut().insert(self);
            }
        }
        Ok(res)
    }
}

/// A request extension marking a static render: the handler is running for
/// the cache, on a request stripped of headers, cookies and query.
///
/// Request-data helpers check it: under [`Dynamic::Error`] reading headers
/// or cookies is an error naming the route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaticRender {
    /// The route pattern, like `/blog/[slug]`.
    pub route: &'static str,
    /// The route's `DYNAMIC` setting.
    pub dynamic: Dynamic,
}

type PathLoader = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Vec<String>> + Send>> + Send + Sync>;

/// The paths from `generate_static_params`, loaded once.
#[derive(Clone)]
struct StaticPaths {
    loader: PathLoader,
    loaded: Arc<OnceCell<Arc<HashSet<String>>>>,
}

impl StaticPaths {
    async fn get(&self) -> Arc<HashSet<String>> {
        let set = self
            .loaded
            .get_or_init(|| async { Arc::new((self.loader)().await.into_iter().collect()) })
            .await;
        Arc::clone(set)
    }
}

/// Wraps a route's GET handler so its responses are cached per request path,
/// following the route's [`SegmentConfig`].
///
/// `Cached<H>` is itself an axum [`Handler`]: mount it with `axum::routing::get`.
/// HEAD requests (which `get` routes here too) are served from the same entry.
///
/// ```
/// use axum::{routing::get, Router};
/// use route_runtime::cache::{Cached, Revalidate, SegmentConfig};
///
/// async fn products() -> String { "…".into() }
///
/// const CONFIG: SegmentConfig = SegmentConfig::new()
///     .revalidate(Revalidate::Seconds(60))
///     .dynamic_params(false)
///     .static_params(true);
/// let handler = Cached::new(products, "/products/[pid]", CONFIG, &["GET"])
///     .static_paths(|| async { vec!["/products/1".to_owned(), "/products/2".to_owned()] });
/// let app: Router = Router::new().route("/products/{pid}", get(handler));
/// # let _ = app;
/// ```
#[derive(Clone)]
pub struct Cached<H> {
    inner: H,
    route: &'static str,
    config: SegmentConfig,
    mode: CacheMode,
    /// [`Rules::strips_request`](route_rules::Rules::strips_request).
    strips_request: bool,
    /// [`Rules::restricts_params`](route_rules::Rules::restricts_params).
    restricts_params: bool,
    cache_control: Option<HeaderValue>,
    cache: Option<Cache>,
    static_paths: Option<StaticPaths>,
    /// Set once a render asked for a real request ([`connection()`](crate::connection())):
    /// the route renders per request from then on, as Next.js makes it dynamic.
    went_dynamic: Arc<AtomicBool>,
}

impl<H> fmt::Debug for Cached<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cached")
            .field("route", &self.route)
            .field("config", &self.config)
            .field("mode", &self.mode)
            .field("cache", &self.cache)
            .field("has_static_paths", &self.static_paths.is_some())
            .finish_non_exhaustive()
    }
}

impl<H> Cached<H> {
    /// Wraps `inner`, the GET handler of the route file whose URL pattern is
    /// `route` (Next's notation, groups removed: `/blog/[slug]`; for a route
    /// without dynamic segments, its request path), whose file exports
    /// `methods` and has `config`.
    /// When [`SegmentConfig::mode`] says dynamic, `inner` runs on every
    /// request (on a stripped request under `ForceStatic`/`Error`, and only
    /// for listed params under `DYNAMIC_PARAMS = false`).
    pub fn new(inner: H, route: &'static str, config: SegmentConfig, methods: &[&str]) -> Self {
        let rules = config.rules(methods);
        let mode = config.mode(methods);
        Cached {
            inner,
            route,
            config,
            mode,
            strips_request: rules.strips_request(),
            restricts_params: rules.restricts_params(),
            cache_control: mode
                .cache_control()
                .and_then(|cc| HeaderValue::from_str(&cc).ok()),
            cache: None,
            static_paths: None,
            went_dynamic: Arc::default(),
        }
    }

    /// Uses `cache` instead of the process-wide [`global`] one.
    pub fn with_cache(mut self, cache: Cache) -> Self {
        self.cache = Some(cache);
        self
    }

    /// The paths `generate_static_params` lists (request paths, percent-encoded
    /// as a client sends them), loaded on first need. With
    /// `DYNAMIC_PARAMS = false` every other path is a 404; the list is kept
    /// apart from the store, so an evicted entry is rendered again, never a 404.
    pub fn static_paths<F, Fut>(mut self, loader: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Vec<String>> + Send + 'static,
    {
        self.static_paths = Some(StaticPaths {
            loader: Arc::new(move || Box::pin(loader())),
            loaded: Arc::default(),
        });
        self
    }

    /// The paths given to [`static_paths`](Self::static_paths) (empty without),
    /// for [`prerender`](super::prerender).
    pub async fn known_paths(&self) -> Vec<String> {
        match &self.static_paths {
            Some(p) => {
                let mut v: Vec<String> = p.get().await.iter().cloned().collect();
                v.sort();
                v
            }
            None => Vec::new(),
        }
    }

    /// The paths to render before serving ([`prerender`](super::prerender)):
    /// none for a dynamic route; the route itself when it has no dynamic
    /// segment; otherwise the [`static_paths`](Self::static_paths).
    pub async fn prerender_paths(&self) -> Vec<String> {
        match self.mode {
            CacheMode::Dynamic => Vec::new(),
            CacheMode::Static { .. } if !self.route.contains('[') => vec![self.route.to_owned()],
            CacheMode::Static { .. } => self.known_paths().await,
        }
    }

    /// How this route is cached.
    pub fn mode(&self) -> CacheMode {
        self.mode
    }

    /// Whether `generate_static_params` lists the request path `key`.
    async fn is_listed(&self, key: &str) -> bool {
        match &self.static_paths {
            Some(p) => p.get().await.contains(key),
            None => false,
        }
    }

    fn cache(&self) -> Cache {
        self.cache.clone().unwrap_or_else(|| global().clone())
    }

    fn marker(&self) -> StaticRender {
        StaticRender {
            route: self.route,
            dynamic: self.config.dynamic,
        }
    }
}

impl<H, T, S> Handler<T, S> for Cached<H>
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    type Future = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn call(self, req: Request<Body>, state: S) -> Self::Future {
        Box::pin(serve(self, req, state))
    }
}

/// A render's result before it is shared.
enum Rendered {
    /// Complete, 2xx, no Set-Cookie, within the size cap.
    Cacheable(Arc<CacheEntry>),
    /// Anything else, passed through as the handler made it.
    PassThrough(Response),
    /// The handler asked for a real request ([`connection()`](crate::connection())):
    /// the render was dropped there.
    NeedsRequest,
}

/// The request a cached render sees: GET, the path, no headers, no query,
/// and the original extensions (route params live there) plus [`StaticRender`].
#[derive(Clone)]
struct RenderRequest {
    uri: Uri,
    extensions: http::Extensions,
}

impl RenderRequest {
    fn new(parts: &http::request::Parts, marker: StaticRender) -> Self {
        let mut extensions = parts.extensions.clone();
        extensions.insert(marker);
        let path = parts.uri.path();
        let uri = Uri::try_from(path).unwrap_or_else(|_| Uri::from_static("/"));
        // The URI the client sent (kept by axum for `nest`) loses its query too.
        if let Some(original) = extensions.get::<axum::extract::OriginalUri>() {
            let stripped = Uri::try_from(original.0.path()).unwrap_or_else(|_| uri.clone());
            extensions.insert(axum::extract::OriginalUri(stripped));
        }
        RenderRequest { uri, extensions }
    }

    fn build(&self) -> Request<Body> {
        let mut req = Request::new(Body::empty());
        *req.method_mut() = Method::GET;
        *req.uri_mut() = self.uri.clone();
        *req.extensions_mut() = self.extensions.clone();
        req
    }
}

/// A GET or HEAD of a cached route: the request path is the cache key.
async fn serve<H, T, S>(this: Cached<H>, req: Request<Body>, state: S) -> Response
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    let head = match *req.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => return this.inner.call(req, state).await,
    };
    let key = req.uri().path().to_owned();
    if this.restricts_params && !this.is_listed(&key).await {
        tracing::debug!(target: LOG, route = this.route, path = %key, "not a static param: 404");
        return empty(StatusCode::NOT_FOUND);
    }
    let static_mode = match this.mode {
        CacheMode::Static { revalidate } => Some(revalidate),
        CacheMode::Dynamic if this.strips_request => None,
        CacheMode::Dynamic => return this.inner.call(req, state).await,
    };
    if crate::draft::is_draft_request(req.headers()) {
        return serve_draft(this, req, state, &key).await;
    }
    if this.went_dynamic.load(Ordering::Relaxed) {
        if req.extensions().get::<Prerendering>().is_some() {
            return empty(StatusCode::NO_CONTENT); // nothing to prerender
        }
        return this.inner.call(req, state).await;
    }
    let (parts, _) = req.into_parts();
    match static_mode {
        Some(revalidate) => serve_static(this, parts, state, key, revalidate, head).await,
        None => serve_stripped(this, parts, state, head).await,
    }
}

/// Draft mode: the real request, rendered now, never stored, and marked so
/// that no shared cache keeps the answer either.
async fn serve_draft<H, T, S>(this: Cached<H>, req: Request<Body>, state: S, key: &str) -> Response
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    tracing::debug!(target: LOG, route = this.route, path = %key, "DRAFT: rendering per request");
    let mut res = this.inner.call(req, state).await;
    res.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static(crate::draft::DRAFT_CACHE_CONTROL),
    );
    res
}

/// `force-static` in a file that also exports POST & co. is not cached
/// (Next's rule), but its GET still sees the stripped request.
async fn serve_stripped<H, T, S>(
    this: Cached<H>,
    parts: http::request::Parts,
    state: S,
    head: bool,
) -> Response
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    let mut stripped = RenderRequest::new(&parts, this.marker()).build();
    if head {
        *stripped.method_mut() = Method::HEAD;
    }
    this.inner.call(stripped, state).await
}

/// A cached route: from the store when there is an entry (regenerated in
/// the background once stale), else rendered once for all waiting requests.
async fn serve_static<H, T, S>(
    this: Cached<H>,
    parts: http::request::Parts,
    state: S,
    key: String,
    revalidate: Option<std::time::Duration>,
    head: bool,
) -> Response
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    let cache = this.cache();
    let counters = &cache.inner.counters;
    let entry = match cache.inner.store.get(&key).await {
        Ok(Some(entry)) => entry,
        Ok(None) => {
            Counters::bump(&counters.misses);
            tracing::debug!(target: LOG, route = this.route, path = %key, "MISS: rendering");
            return serve_miss(&this, &cache, parts, state, &key, head).await;
        }
        Err(err) => {
            Counters::bump(&counters.store_errors);
            tracing::warn!(target: LOG, route = this.route, path = %key, error = %err,
                "cache store unavailable: serving dynamically");
            return render_uncached(&this, &cache, parts, state, head).await;
        }
    };
    // Past its `expire` (set by `revalidate_tag_with`): rendered inline, as a miss.
    let now = cache.now_ms();
    if entry.is_expired(now) {
        Counters::bump(&counters.misses);
        tracing::debug!(target: LOG, route = this.route, path = %key, "EXPIRED: rendering");
        return serve_miss(&this, &cache, parts, state, &key, head).await;
    }
    let age = entry.age(now);
    if revalidate.is_some_and(|r| age >= r) || entry.is_marked_stale(now) {
        Counters::bump(&counters.stale);
        tracing::debug!(target: LOG, route = this.route, path = %key, ?age, "STALE: serving old entry, regenerating");
        let render_req = RenderRequest::new(&parts, this.marker());
        regenerate_in_background(&this, &cache, &key, &render_req, state, entry.created_at_ms);
    } else {
        Counters::bump(&counters.hits);
        tracing::debug!(target: LOG, route = this.route, path = %key, ?age, "HIT");
    }
    entry_response(&entry, this.cache_control.as_ref(), head)
}

/// No entry: one request of this process renders (and stores, if it holds
/// the store's lock), the others wait for its entry.
async fn serve_miss<H, T, S>(
    this: &Cached<H>,
    cache: &Cache,
    parts: http::request::Parts,
    state: S,
    key: &str,
    head: bool,
) -> Response
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    let cache_control = this.cache_control.as_ref();
    loop {
        match cache.inner.flights.join(key) {
            Role::Leader(leader) => {
                let lock = take_lock(cache, key).await;
                let render_req = RenderRequest::new(&parts, this.marker());
                let rendered = render(this, cache, &render_req, state.clone()).await;
                let outcome = match &rendered {
                    Rendered::Cacheable(entry) => {
                        if lock.is_some() {
                            store_entry(cache, key, entry).await;
                        }
                        Outcome::Entry(Arc::clone(entry))
                    }
                    Rendered::PassThrough(_) | Rendered::NeedsRequest => Outcome::RenderYourself,
                };
                release_lock(cache, lock).await;
                leader.finish(outcome);
                return finish(this, rendered, parts, state, head).await;
            }
            Role::Follower(rx) => match flight::wait(rx).await {
                Some(Outcome::Entry(entry)) => return entry_response(&entry, cache_control, head),
                Some(Outcome::RenderYourself) => {
                    return render_uncached(this, cache, parts, state, head).await;
                }
                None => continue, // the leader was cancelled: try again
            },
        }
    }
}

/// Renders for this request only (the store is down, or the leader's render
/// could not be shared).
async fn render_uncached<H, T, S>(
    this: &Cached<H>,
    cache: &Cache,
    parts: http::request::Parts,
    state: S,
    head: bool,
) -> Response
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    if this.went_dynamic.load(Ordering::Relaxed) {
        return this
            .inner
            .clone()
            .call(Request::from_parts(parts, Body::empty()), state)
            .await;
    }
    let render_req = RenderRequest::new(&parts, this.marker());
    let rendered = render(this, cache, &render_req, state.clone()).await;
    finish(this, rendered, parts, state, head).await
}

/// The response for a render: the entry, the handler's own answer, or (when
/// the render asked for a real request) the handler run on the request.
async fn finish<H, T, S>(
    this: &Cached<H>,
    rendered: Rendered,
    parts: http::request::Parts,
    state: S,
    head: bool,
) -> Response
where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    match rendered {
        Rendered::Cacheable(entry) => entry_response(&entry, this.cache_control.as_ref(), head),
        Rendered::PassThrough(res) => res,
        Rendered::NeedsRequest => {
            if parts.extensions.get::<Prerendering>().is_some() {
                // Nothing to prerender: the route renders per request.
                return empty(StatusCode::NO_CONTENT);
            }
            let req = Request::from_parts(parts, Body::empty());
            this.inner.clone().call(req, state).await
        }
    }
}

/// Starts one regeneration of `key` unless one is already running here or,
/// through the store's lock, on another instance.
fn regenerate_in_background<H, T, S>(
    this: &Cached<H>,
    cache: &Cache,
    key: &str,
    render_req: &RenderRequest,
    state: S,
    stale_created_at: u64,
) where
    H: Handler<T, S>,
    T: 'static,
    S: RouterState,
{
    let Role::Leader(leader) = cache.inner.flights.join(key) else {
        return; // someone in this process is already at it
    };
    let (this, cache, key, render_req) = (
        this.clone(),
        cache.clone(),
        key.to_owned(),
        render_req.clone(),
    );
    tokio::spawn(async move {
        let Some(lock) = take_lock(&cache, &key).await else {
            tracing::debug!(target: LOG, path = %key, "regeneration running elsewhere");
            return;
        };
        // Under the lock: another instance may have replaced the entry since our read.
        if let Ok(Some(current)) = cache.inner.store.get(&key).await
            && current.created_at_ms > stale_created_at
        {
            release_lock(&cache, Some(lock)).await;
            leader.finish(Outcome::Entry(current));
            return;
        }
        Counters::bump(&cache.inner.counters.regenerations);
        let outcome = match render(&this, &cache, &render_req, state).await {
            Rendered::Cacheable(entry) => {
                store_entry(&cache, &key, &entry).await;
                tracing::debug!(target: LOG, route = this.route, path = %key, "regenerated");
                Outcome::Entry(entry)
            }
            Rendered::PassThrough(res) => {
                tracing::warn!(target: LOG, route = this.route, path = %key, status = %res.status(),
                    "regeneration gave an uncacheable response: keeping the stale entry");
                Outcome::RenderYourself
            }
            Rendered::NeedsRequest => Outcome::RenderYourself,
        };
        release_lock(&cache, Some(lock)).await;
        leader.finish(outcome);
    });
}

// The store calls around a render, shared with cached fns
// (`function.rs`): a store error is counted and logged, never the caller's.

/// The regeneration lock of `key`, or `None` (held elsewhere, or the store
/// failed: then nothing is stored).
pub(super) async fn take_lock(cache: &Cache, key: &str) -> Option<LockToken> {
    match cache.inner.store.try_lock(key, cache.inner.lock_ttl).await {
        Ok(lock) => lock,
        Err(err) => {
            Counters::bump(&cache.inner.counters.store_errors);
            tracing::warn!(target: LOG, key, error = %err, "cache lock unavailable: not storing");
            None
        }
    }
}

/// Releases `lock`, if there is one (a failure leaves it to expire).
pub(super) async fn release_lock(cache: &Cache, lock: Option<LockToken>) {
    if let Some(lock) = lock
        && let Err(err) = cache.inner.store.unlock(&lock).await
    {
        tracing::warn!(target: LOG, key = %lock.key, error = %err, "cache unlock failed; the lock will expire");
    }
}

/// Stores `entry` under `key`.
pub(super) async fn store_entry(cache: &Cache, key: &str, entry: &Arc<CacheEntry>) {
    if let Err(err) = cache.inner.store.put(key, Arc::clone(entry)).await {
        Counters::bump(&cache.inner.counters.store_errors);
        tracing::warn!(target: LOG, key, error = %err, "could not store the cache entry");
    }
}

/// Runs the handler on the stripped request and buffers a cacheable answer;
/// stops it where it asks for a real request.
async fn render<H, T, S>(this: &Cached<H>, cache: &Cache, req: &RenderRequest, state: S) -> Rendered
where
    H: Handler<T, S>,
    S: RouterState,
{
    let bailout = crate::connection::Bailout::default();
    let mut request = req.build();
    request.extensions_mut().insert(bailout.clone());
    // Cached functions called by the handler use this cache and hand it their tags.
    let call =
        super::function::render_scope(cache.clone(), this.inner.clone().call(request, state));
    let (res, fn_tags) = tokio::select! {
        rendered = call => rendered,
        () = bailout.wait() => return needs_request(this),
    };
    if bailout.fired() {
        return needs_request(this);
    }
    buffer(this, cache, res, fn_tags).await
}

fn needs_request<H>(this: &Cached<H>) -> Rendered {
    if !this.went_dynamic.swap(true, Ordering::Relaxed) {
        tracing::info!(target: LOG, route = this.route,
            "the route asked for a real request (`connection()`) while rendered for the cache: \
             rendered per request from now on");
    }
    Rendered::NeedsRequest
}

/// Buffers a 2xx answer without `Set-Cookie` into an entry, up to the cap.
async fn buffer<H>(
    this: &Cached<H>,
    cache: &Cache,
    res: Response,
    fn_tags: Vec<String>,
) -> Rendered {
    let (mut parts, body) = res.into_parts();
    if !parts.status.is_success() || parts.headers.contains_key(SET_COOKIE) {
        tracing::debug!(target: LOG, route = this.route, status = %parts.status,
            set_cookie = parts.headers.contains_key(SET_COOKIE), "response not cacheable");
        return Rendered::PassThrough(Response::from_parts(parts, body));
    }
    let max = cache.inner.max_body_bytes;
    let mut data = body.into_data_stream();
    let mut buf = BytesMut::new();
    while let Some(chunk) = data.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(err) => {
                tracing::warn!(target: LOG, route = this.route, error = %err, "body failed while caching");
                let body = stream::iter([Ok(buf.freeze()), Err(err)]);
                return Rendered::PassThrough(Response::from_parts(parts, Body::from_stream(body)));
            }
        };
        if buf.len() + chunk.len() > max {
            tracing::debug!(target: LOG, route = this.route, max, "body over the cache cap: streamed, not cached");
            let head = stream::iter([Ok::<Bytes, axum::Error>(buf.freeze()), Ok(chunk)]);
            return Rendered::PassThrough(Response::from_parts(
                parts,
                Body::from_stream(head.chain(data)),
            ));
        }
        buf.extend_from_slice(&chunk);
    }
    for name in [CACHE_CONTROL, CONTENT_LENGTH, TRANSFER_ENCODING] {
        parts.headers.remove(name);
    }
    let mut tags: Vec<String> = this.config.tags.iter().map(|t| (*t).to_owned()).collect();
    if let Some(extra) = parts.extensions.get::<CacheTags>() {
        tags.extend(extra.0.iter().cloned());
    }
    tags.extend(fn_tags);
    tags.sort();
    tags.dedup();
    Rendered::Cacheable(Arc::new(CacheEntry {
        status: parts.status,
        headers: parts.headers,
        body: buf.freeze(),
        tags,
        route: this.route.to_owned(),
        created_at_ms: cache.now_ms(),
        stale_at_ms: None,
        expires_at_ms: None,
    }))
}

fn entry_response(entry: &CacheEntry, cache_control: Option<&HeaderValue>, head: bool) -> Response {
    let body = if head {
        Body::empty()
    } else {
        Body::from(entry.body.clone())
    };
    let mut res = Response::new(body);
    *res.status_mut() = entry.status;
    *res.headers_mut() = entry.headers.clone();
    if head {
        res.headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(entry.body.len()));
    }
    if let Some(cc) = cache_control {
        res.headers_mut().insert(CACHE_CONTROL, cc.clone());
    }
    res
}

fn empty(status: StatusCode) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = status;
    res
}
