//! The request-scoped `cookies()` and `headers()` of Next.js' `next/headers`.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderName, HeaderValue};

use super::{CookieError, RequestCookies, SetCookie};

tokio::task_local! {
    static SCOPE: Arc<ScopeState>;
}

/// What one request shares with `cookies()`, `headers()`, `after()`,
/// `connection()` and `draft_mode()`.
#[derive(Debug)]
pub(crate) struct ScopeState {
    headers: HeaderMap,
    /// Set while a cached route renders statically (see
    /// [`StaticRender`](crate::cache::StaticRender)).
    render: Option<RenderScope>,
    store: Mutex<Store>,
    /// The work `after()` queued while the handler ran.
    pub(crate) after: crate::after::Queue,
}

/// A static render, as the request scope sees it.
#[derive(Debug, Clone)]
pub(crate) struct RenderScope {
    pub(crate) route: &'static str,
    pub(crate) dynamic: crate::cache::Dynamic,
    /// How `connection()` tells the cache to render per request instead.
    pub(crate) bailout: Option<crate::connection::Bailout>,
}

#[derive(Debug, Default)]
struct Store {
    /// Request cookies plus cookies set so far; built on first use so that a
    /// request that never touches cookies pays nothing.
    entries: Option<Entries>,
    /// Set once the handler has returned and its cookies have been written.
    finished: bool,
}

#[derive(Debug)]
struct Entry {
    cookie: SetCookie,
    modified: bool,
}

/// Cookies in Next.js' map order, with each name's position: `get`, `has`
/// and `set` are lookups, so a handler that deletes every cookie a request
/// sent does work linear in their number, not quadratic.
#[derive(Debug, Default)]
struct Entries {
    list: Vec<Entry>,
    position: HashMap<String, usize>,
}

impl Entries {
    fn from_request(headers: &HeaderMap) -> Entries {
        let mut entries = Entries::default();
        for c in RequestCookies::from_headers(headers) {
            entries.set(Entry {
                cookie: SetCookie::new(c.name, c.value).path("/"),
                modified: false,
            });
        }
        entries
    }

    fn get(&self, name: &str) -> Option<&Entry> {
        self.position.get(name).and_then(|&i| self.list.get(i))
    }

    /// Replaces the entry of the same name in place, or appends it.
    fn set(&mut self, entry: Entry) {
        match self.position.get(entry.cookie.name()) {
            Some(&i) => {
                if let Some(slot) = self.list.get_mut(i) {
                    *slot = entry;
                }
            }
            None => {
                self.position
                    .insert(entry.cookie.name().to_owned(), self.list.len());
                self.list.push(entry);
            }
        }
    }
}

impl ScopeState {
    fn lock(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves the list whole (every update
        // is a single push or assignment), so a poisoned lock is still usable.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn read<R>(&self, f: impl FnOnce(&Entries) -> R) -> R {
        let mut store = self.lock();
        f(entries(&mut store, &self.headers))
    }

    fn write(&self, cookie: SetCookie) -> Result<(), CookieError> {
        cookie.validate()?;
        let mut store = self.lock();
        if store.finished {
            return Err(CookieError::new(format!(
                "cookie `{}` was set after the response was sent; set cookies before the handler returns",
                cookie.name()
            )));
        }
        entries(&mut store, &self.headers).set(Entry {
            cookie: cookie.normalized(),
            modified: true,
        });
        Ok(())
    }

    /// Sets a cookie, checked like `cookies().set_with(..)`.
    pub(crate) fn set_cookie(&self, cookie: SetCookie) -> Result<(), CookieError> {
        self.write(cookie)
    }

    /// The request's headers.
    pub(crate) fn request_headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The static render in progress, if any.
    pub(crate) fn render(&self) -> Option<&RenderScope> {
        self.render.as_ref()
    }

    /// Whether the response has been produced (the handler returned).
    pub(crate) fn finished(&self) -> bool {
        self.lock().finished
    }

    /// Marks the scope finished and takes the cookies to send.
    fn finish(&self) -> Vec<SetCookie> {
        let mut store = self.lock();
        store.finished = true;
        match store.entries.take() {
            None => Vec::new(),
            Some(entries) => entries
                .list
                .into_iter()
                .filter(|e| e.modified)
                .map(|e| e.cookie)
                .collect(),
        }
    }
}

fn entries<'a>(store: &'a mut Store, headers: &HeaderMap) -> &'a mut Entries {
    store
        .entries
        .get_or_insert_with(|| Entries::from_request(headers))
}

/// The request scope of one handler call: what `cookies()` and `headers()`
/// see while it runs (see [`enter`], [`run_in`] and [`leave`]).
pub(crate) type Scope = Arc<ScopeState>;

/// Opens a request scope over `headers`. `denied` names a route being
/// rendered statically under `Dynamic::Error`: reading request data there is
/// an error naming it.
#[cfg(test)]
pub(crate) fn enter(headers: HeaderMap, denied: Option<&'static str>) -> Scope {
    let render = denied.map(|route| RenderScope {
        route,
        dynamic: crate::cache::Dynamic::Error,
        bailout: None,
    });
    open(headers, render)
}

/// Opens the request scope of `req`: its headers, and the static render it
/// is part of (a [`StaticRender`](crate::cache::StaticRender) extension).
pub(crate) fn enter_request(req: &http::Request<axum::body::Body>) -> Scope {
    let render = req
        .extensions()
        .get::<crate::cache::StaticRender>()
        .map(|r| RenderScope {
            route: r.route,
            dynamic: r.dynamic,
            bailout: req
                .extensions()
                .get::<crate::connection::Bailout>()
                .cloned(),
        });
    open(req.headers().clone(), render)
}

fn open(headers: HeaderMap, render: Option<RenderScope>) -> Scope {
    Arc::new(ScopeState {
        headers,
        render,
        store: Mutex::default(),
        after: crate::after::Queue::default(),
    })
}

/// A scope for work that runs once the response is sent: the request's
/// headers, its cookies as read-only, no static render.
pub(crate) fn after_response(headers: HeaderMap) -> Scope {
    Arc::new(ScopeState {
        headers,
        render: None,
        store: Mutex::new(Store {
            entries: None,
            finished: true,
        }),
        after: crate::after::Queue::default(),
    })
}

impl Drop for ScopeState {
    /// Work `after()` queued for a response that never came (the handler's
    /// future was dropped: the client went away, a `MAX_DURATION` ran out)
    /// still runs, as Next.js runs it when a response does not complete.
    fn drop(&mut self) {
        let tasks = self.after.take();
        if !tasks.is_empty() {
            let scope = after_response(std::mem::take(&mut self.headers));
            crate::after::launch(scope, tasks);
        }
    }
}

/// `fut`, polled with the scope set (a tokio task-local).
pub(crate) fn run_in<F: Future>(
    scope: Scope,
    fut: F,
) -> tokio::task::futures::TaskLocalFuture<Scope, F> {
    SCOPE.scope(scope, fut)
}

/// Closes the scope: the cookies the handler set are appended to its
/// response, merged like Next.js (nothing to do, and no allocation, when it
/// set none), and the work `after()` queued runs once the response's body
/// has been sent.
pub(crate) fn leave(scope: &Scope, response: &mut axum::response::Response) {
    let pending = scope.finish();
    if !pending.is_empty() {
        merge_set_cookies(response.headers_mut(), pending, Precedence::Existing);
    }
    let tasks = scope.after.take();
    if !tasks.is_empty() {
        crate::after::run_after_body(Arc::clone(scope), tasks, response);
    }
}

/// Runs `fut` (a route handler) with `cookies()` and `headers()` available,
/// then appends the cookies it set to the response, merged like Next.js.
#[cfg(test)]
pub(crate) async fn scope<F>(
    headers: HeaderMap,
    denied: Option<&'static str>,
    fut: F,
) -> axum::response::Response
where
    F: Future<Output = axum::response::Response>,
{
    let state = enter(headers, denied);
    let mut response = run_in(Arc::clone(&state), fut).await;
    leave(&state, &mut response);
    response
}

/// Which side wins when the response already has a `Set-Cookie` for a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Precedence {
    /// `cookies().set(..)`: the handler's own `Set-Cookie` header wins.
    Existing,
    /// `NextResponse.cookies.set(..)`: the new cookie replaces the header.
    New,
}

/// Next.js' `ResponseCookies` merge: the response's `Set-Cookie` headers are
/// parsed into a map by name (re-serialized, so `Path=/` is added), `extra`
/// is set into it, and the map is written back in insertion order. A header
/// that does not parse as a cookie is kept verbatim.
pub(crate) fn merge_set_cookies(headers: &mut HeaderMap, extra: Vec<SetCookie>, wins: Precedence) {
    let mut slots = Slots::default();
    for raw in headers.get_all(SET_COOKIE) {
        match raw.to_str().ok().and_then(SetCookie::parse) {
            Some(cookie) => slots.set(cookie.normalized(), true),
            None => slots.list.push(Slot::Raw(raw.clone())),
        }
    }
    for cookie in extra {
        slots.set(cookie, wins == Precedence::New);
    }
    headers.remove(SET_COOKIE);
    for slot in slots.list {
        let value = match slot {
            Slot::Raw(raw) => raw,
            Slot::Cookie(cookie) => match HeaderValue::try_from(cookie.to_string()) {
                Ok(v) => v,
                // validate() rules this out for cookies we build; a parsed
                // header re-serialized from valid parts is valid too.
                Err(_) => continue,
            },
        };
        headers.append(SET_COOKIE, value);
    }
}

/// The `Set-Cookie` map of [`merge_set_cookies`], with each cookie name's
/// position so that merging n cookies is linear in n.
#[derive(Default)]
struct Slots {
    list: Vec<Slot>,
    position: HashMap<String, usize>,
}

enum Slot {
    Cookie(SetCookie),
    Raw(HeaderValue),
}

impl Slots {
    /// Appends `cookie`, or puts it in place of the one of the same name
    /// when `replace`.
    fn set(&mut self, cookie: SetCookie, replace: bool) {
        match self.position.get(cookie.name()) {
            Some(&i) if replace => {
                if let Some(slot) = self.list.get_mut(i) {
                    *slot = Slot::Cookie(cookie);
                }
            }
            Some(_) => {}
            None => {
                self.position
                    .insert(cookie.name().to_owned(), self.list.len());
                self.list.push(Slot::Cookie(cookie));
            }
        }
    }
}

/// The current request scope, whatever is being rendered; `api` names the
/// function asking, for the error.
pub(crate) fn current_scope(api: &'static str) -> Result<Scope, OutsideRequestScope> {
    SCOPE
        .try_with(Arc::clone)
        .map_err(|_| OutsideRequestScope::outside(api))
}

fn current(api: &'static str) -> Result<Arc<ScopeState>, OutsideRequestScope> {
    let state = current_scope(api)?;
    match &state.render {
        Some(r) if r.dynamic == crate::cache::Dynamic::Error => {
            Err(OutsideRequestScope::static_render(api, r.route))
        }
        _ => Ok(state),
    }
}

/// The request's cookie store, Next.js' `await cookies()`.
///
/// Returns an error instead of panicking when called outside a route handler
/// (in a spawned task, a background job, a test without a request). Like the
/// JS version, which throws there, that is a programming error; the `Result`
/// lets the handler turn it into a 500 with `?` rather than crash the task.
///
/// ```
/// use route_runtime::cookies::{cookies, OutsideRequestScope};
///
/// async fn handler() -> Result<route_runtime::Response, OutsideRequestScope> {
///     let store = cookies()?;
///     let theme = store.get("theme").map(|c| c.value().to_owned());
///     Ok(route_runtime::Response::text(theme.unwrap_or_default()))
/// }
/// assert!(cookies().is_err()); // not inside a request
/// ```
pub fn cookies() -> Result<CookieStore, OutsideRequestScope> {
    current("cookies()").map(|state| CookieStore { state })
}

/// The request's headers, Next.js' `await headers()` (read-only).
///
/// Fails outside a route handler, like [`cookies()`].
///
/// ```
/// use route_runtime::cookies::headers;
/// async fn handler() -> Result<String, route_runtime::cookies::OutsideRequestScope> {
///     Ok(headers()?.get("user-agent").unwrap_or_default())
/// }
/// assert!(headers().is_err());
/// ```
pub fn headers() -> Result<RequestHeaders, OutsideRequestScope> {
    current("headers()").map(|state| RequestHeaders { state })
}

/// `cookies()` or `headers()` was called outside a route handler.
///
/// As a response it is a `500` with an empty body, and the error is logged.
///
/// ```
/// use route_runtime::cookies::{cookies, OutsideRequestScope};
/// let err: OutsideRequestScope = cookies().unwrap_err();
/// assert!(err.to_string().contains("outside"));
/// ```
///
/// It is also the error while a `DYNAMIC = Dynamic::Error` route is rendered:
/// such a route is rendered once, without a request, and reading request
/// data there is the mistake Next.js reports at build time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutsideRequestScope {
    static_route: Option<&'static str>,
    /// The function called: `cookies()`, `connection()`, ...
    api: &'static str,
}

impl OutsideRequestScope {
    pub(crate) fn outside(api: &'static str) -> Self {
        OutsideRequestScope {
            static_route: None,
            api,
        }
    }

    pub(crate) fn static_render(api: &'static str, route: &'static str) -> Self {
        OutsideRequestScope {
            static_route: Some(route),
            api,
        }
    }

    /// The route being rendered statically, when that is why request data
    /// was refused.
    pub fn static_route(&self) -> Option<&'static str> {
        self.static_route
    }
}

impl std::fmt::Display for OutsideRequestScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let api = self.api;
        match self.static_route {
            Some(route) => write!(
                f,
                "route `{route}` has `DYNAMIC = Dynamic::Error` but called `{api}` \
                 while being rendered statically: remove the call, \
                 or use `Dynamic::ForceStatic` (request data is then empty) or `Dynamic::ForceDynamic`"
            ),
            None => write!(
                f,
                "`{api}` was called outside a request scope: `cookies()`, `headers()`, `after()`, \
                 `connection()` and `draft_mode()` work while a handler made by `routes!` runs, in \
                 route files that name them (a handler that reaches them through another module: add \
                 e.g. `use route_runtime::{{cookies, headers}};` to its route.rs), and not in spawned tasks",
            ),
        }
    }
}

impl std::error::Error for OutsideRequestScope {}

impl axum::response::IntoResponse for OutsideRequestScope {
    fn into_response(self) -> axum::response::Response {
        crate::answer::internal_error(&self)
    }
}

/// The request-scoped cookie store returned by [`cookies()`].
///
/// Reads see the request's cookies and those set earlier in this request;
/// cookies set here are sent with the response (after the response's own
/// `Set-Cookie` headers; the last `set` of a name wins). Cheap to clone.
///
/// ```
/// use route_runtime::cookies::{cookies, CookieError, SameSite, SetCookie};
/// async fn login() -> Result<route_runtime::Response, CookieError> {
///     let store = cookies()?;
///     store.set_with(SetCookie::new("session", "abc").http_only(true).same_site(SameSite::Lax))?;
///     Ok(route_runtime::Response::empty(204))
/// }
/// ```
#[derive(Clone, Debug)]
pub struct CookieStore {
    state: Arc<ScopeState>,
}

impl CookieStore {
    /// The cookie named `name`: `{name, value, path: "/"}` for a request
    /// cookie, or the cookie as set earlier in this request.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
    /// let token = route_runtime::cookies::cookies()?.get("token");
    /// # Ok(()) }
    /// ```
    pub fn get(&self, name: &str) -> Option<SetCookie> {
        self.state
            .read(|entries| entries.get(name).map(|e| e.cookie.clone()))
    }

    /// Every cookie, request cookies first (in the order sent), then new ones.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
    /// for c in route_runtime::cookies::cookies()?.get_all() {
    ///     println!("{}={}", c.name(), c.value());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get_all(&self) -> Vec<SetCookie> {
        self.state
            .read(|entries| entries.list.iter().map(|e| e.cookie.clone()).collect())
    }

    /// Whether a cookie named `name` exists (still `true` after [`delete`](Self::delete), as in Next.js).
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
    /// let logged_in = route_runtime::cookies::cookies()?.has("session");
    /// # Ok(()) }
    /// ```
    pub fn has(&self, name: &str) -> bool {
        self.state.read(|entries| entries.get(name).is_some())
    }

    /// Sets `name=value; Path=/`.
    ///
    /// Fails if `name` is not a valid cookie name (it would corrupt the header)
    /// or if the response was already sent. The value may be anything: it is
    /// written `encodeURIComponent`-encoded.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::CookieError> {
    /// route_runtime::cookies::cookies()?.set("theme", "dark")?;
    /// # Ok(()) }
    /// ```
    pub fn set(
        &self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Result<(), CookieError> {
        self.state.write(SetCookie::new(name, value))
    }

    /// Sets a cookie with attributes (`cookies().set({..})`).
    ///
    /// ```no_run
    /// # use route_runtime::cookies::{cookies, SetCookie};
    /// # fn f() -> Result<(), route_runtime::cookies::CookieError> {
    /// cookies()?.set_with(SetCookie::new("session", "abc").max_age(3600).secure(true))?;
    /// # Ok(()) }
    /// ```
    pub fn set_with(&self, cookie: impl Into<SetCookie>) -> Result<(), CookieError> {
        self.state.write(cookie.into())
    }

    /// Deletes a cookie: sends `name=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::CookieError> {
    /// route_runtime::cookies::cookies()?.delete("session")?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, name: impl Into<String>) -> Result<(), CookieError> {
        self.state.write(SetCookie::removal(name))
    }
}

/// The request's headers, as returned by [`headers()`]. Names are
/// case-insensitive. Cheap to clone.
///
/// ```no_run
/// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
/// let h = route_runtime::cookies::headers()?;
/// let referer: Option<String> = h.get("Referer");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct RequestHeaders {
    state: Arc<ScopeState>,
}

impl RequestHeaders {
    /// The header's value, like Fetch's `headers.get(name)`, with the policy
    /// of [`Request::header`](crate::Request::header):
    ///
    /// - A header sent several times gives every value, in the order received,
    ///   joined with `", "`; `Cookie` lines with `"; "` (one valid `Cookie`
    ///   header, RFC 9113 §8.2.3, as undici and Node join them). `Set-Cookie`
    ///   is joined with `", "` like any other, as Fetch's `get` does;
    ///   [`get_set_cookie`](Self::get_set_cookie) gives its values one by one.
    /// - Bytes ≥ 0x80 (obs-text, such as raw UTF-8) are read as latin1, one
    ///   character U+0080..=U+00FF per byte, as undici decodes them: the value
    ///   is neither hidden nor altered (`c as u8` over its characters gives
    ///   the bytes back; [`as_map`](Self::as_map) has them raw).
    /// - `None` when the header is absent or `name` is not a header name.
    ///
    /// ```
    /// # use axum::{body::Body, routing::get, Router};
    /// # use tower::ServiceExt;
    /// use route_runtime::cookies::{headers, OutsideRequestScope};
    ///
    /// async fn handler() -> Result<String, OutsideRequestScope> {
    ///     let h = headers()?;
    ///     Ok(format!("{:?} {:?} {:?}", h.get("Accept"), h.get("cookie"), h.get("x-name")))
    /// }
    /// # // the request scope that `routes!` gives a route file naming `headers`
    /// # use axum::response::IntoResponse;
    /// # static TREE: route_runtime::__private::Tree = route_runtime::__private::Tree::new(&[]);
    /// # let handler = |_: axum::extract::Request, _: ()| async { handler().await.into_response() };
    /// # let handler = route_runtime::__private::RouteFn::new(handler, &TREE, false, true);
    /// # let app: Router = Router::new().route("/", get(handler));
    /// let req = http::Request::get("/")
    ///     .header("accept", "text/html")
    ///     .header("accept", "application/json")
    ///     .header("cookie", "a=1")
    ///     .header("cookie", "b=2")
    ///     .header("x-name", http::HeaderValue::from_bytes("café".as_bytes()).unwrap())
    ///     .body(Body::empty())
    ///     .unwrap();
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let res = app.oneshot(req).await.unwrap();
    /// let body = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    /// assert_eq!(
    ///     body,
    ///     r#"Some("text/html, application/json") Some("a=1; b=2") Some("cafÃ©")"#
    /// );
    /// # });
    /// ```
    pub fn get(&self, name: &str) -> Option<String> {
        crate::header_text::fetch_get(&self.state.headers, name)
    }

    /// Every `Set-Cookie` value, one by one (Fetch's `getSetCookie()`), read
    /// as latin1 like [`get`](Self::get). Requests rarely carry one; the list
    /// is empty then.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
    /// let set_cookies: Vec<String> = route_runtime::cookies::headers()?.get_set_cookie();
    /// # Ok(()) }
    /// ```
    pub fn get_set_cookie(&self) -> Vec<String> {
        let values = self.state.headers.get_all(SET_COOKIE);
        values
            .iter()
            .map(|v| crate::header_text::latin1(v.as_bytes()))
            .collect()
    }

    /// Whether the request has the header.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
    /// let has_auth = route_runtime::cookies::headers()?.has("authorization");
    /// # Ok(()) }
    /// ```
    pub fn has(&self, name: &str) -> bool {
        self.state.headers.contains_key(name)
    }

    /// Every header, as `(name, value)` pairs.
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
    /// for (name, value) in route_runtime::cookies::headers()?.iter() { let _ = (name, value); }
    /// # Ok(()) }
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
        self.state.headers.iter()
    }

    /// The underlying [`HeaderMap`].
    ///
    /// ```no_run
    /// # fn f() -> Result<(), route_runtime::cookies::OutsideRequestScope> {
    /// let n = route_runtime::cookies::headers()?.as_map().len();
    /// # Ok(()) }
    /// ```
    pub fn as_map(&self) -> &HeaderMap {
        &self.state.headers
    }
}
