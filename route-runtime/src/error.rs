//! One error type for handlers ([`Error`]), and how the runtime's own errors
//! are answered: `application/problem+json` (RFC 9457) to clients that ask
//! for JSON, plain text otherwise ([`ProblemLayer`]).
//!
//! ```
//! use route_runtime::prelude::*;
//!
//! #[derive(serde::Deserialize)]
//! struct NewTodo {
//!     title: String,
//! }
//!
//! // `?` on a body error, a cookie error, a cache store error, a serde_json
//! // error or an axum rejection: each becomes an `Error` with its status.
//! async fn create(req: Request) -> Result<Response, Error> {
//!     let todo: NewTodo = req.json().await?; // bad JSON: 400, too large: 413
//!     if todo.title.is_empty() {
//!         return Err(Error::bad_request("title must not be empty")
//!             .with_member("field", "title"));
//!     }
//!     cookies()?.set("last", todo.title.clone())?; // outside a request: 500
//!     Ok(Response::json(&serde_json::json!({ "title": todo.title })).status(201))
//! }
//! ```
//!
//! # What the client sees
//!
//! An [`Error`], a [`BodyError`](crate::BodyError), a
//! [`PathError`](crate::PathError) and the runtime's other answers with a
//! reason (a path that does not decode, a handler past its `MAX_DURATION`, a
//! `500`) are answered in one of two forms, chosen by the request's `Accept`:
//!
//! - **`application/problem+json`** when `Accept` names JSON explicitly
//!   (`application/json`, `application/problem+json`, or any
//!   `application/…+json`) with a quality at least that of `text/plain` and
//!   `text/*`: `{"type":"about:blank","title":"Bad Request","status":400,"detail":"…"}`
//!   plus the error's extension members, with `Vary: Accept`. So a JSON
//!   API client (`fetch(url, { headers: { Accept: "application/json" } })`,
//!   axios's `application/json, text/plain, */*`) gets JSON.
//! - **plain text** otherwise (no `Accept`, `*/*`, a browser's `text/html,…`):
//!   the detail as `text/plain; charset=utf-8`, or no body at all when there
//!   is no detail (a `500` is an empty body, as Next.js sends it). These are
//!   the bytes Next.js-compatible clients expect, and what the runtime
//!   answered before it knew JSON.
//!
//! `*/*` alone stays text on purpose: it is what curl and `fetch()` send by
//! default, and what the Next.js conformance suite checks byte for byte.
//!
//! The choice is made by [`ProblemLayer`], which [`serve`](fn@crate::serve)
//! and [`Server`](crate::Server) apply; with `axum::serve`, add it yourself
//! (`app.layer(ProblemLayer)`). Without it every error is plain text.
//!
//! A `5xx` never shows its cause to the client: [`Error::internal`] and the
//! conversions from server-side errors (cookie, store, scope) log the cause
//! when the response is made and answer the status alone.

use std::borrow::Cow;
use std::convert::Infallible;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, VARY};
use http::{HeaderValue, StatusCode};
use serde_json::{Map, Value};
use tower_layer::Layer;
use tower_service::Service;

type BoxError = Box<dyn StdError + Send + Sync>;

/// An error a handler returns with `?`: a status, an optional `detail` for
/// the client, and, for server errors, a cause that is logged, never sent.
///
/// `From` conversions make `?` work on the runtime's errors and the common
/// ones of a handler:
///
/// | from | status | detail sent |
/// |---|---|---|
/// | [`BodyError`](crate::BodyError) | `413` too large, `400` otherwise | its message |
/// | [`PathError`](crate::PathError) | `400` | its reason |
/// | axum's `JsonRejection`, `FormRejection`, `QueryRejection`, `PathRejection` | theirs (`400`, `415`, `422`…) | their message |
/// | `serde_json::Error` | `400` (syntax, data, end of input), `500` (I/O) | the message, for `400` |
/// | [`OutsideRequestScope`](crate::cookies::OutsideRequestScope), [`CookieError`](crate::cookies::CookieError), [`StoreError`](crate::cache::StoreError), [`ResponseError`](crate::response::ResponseError) | `500` | none (logged) |
///
/// Anything else: `.map_err(Error::internal)?` (a `500`, the cause logged) or
/// build one with [`Error::new`].
///
/// As a response, see [the module](self): plain text, or
/// `application/problem+json` for clients that ask for JSON.
///
/// ```
/// use route_runtime::prelude::*;
///
/// let err = Error::new(StatusCode::CONFLICT, "a todo with this title exists")
///     .with_type("https://example.com/problems/duplicate")
///     .with_member("title", "milk");
/// assert_eq!(err.status(), StatusCode::CONFLICT);
/// assert_eq!(err.title(), "Conflict");
///
/// let res = err.into_response();
/// assert_eq!(res.status(), 409);
/// assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    status: StatusCode,
    type_uri: Option<Cow<'static, str>>,
    title: Option<Cow<'static, str>>,
    detail: Option<Cow<'static, str>>,
    members: Map<String, Value>,
    source: Option<BoxError>,
}

impl Error {
    /// An error with `status` and a `detail` the client is shown.
    ///
    /// ```
    /// use route_runtime::prelude::*;
    ///
    /// let err = Error::new(StatusCode::UNPROCESSABLE_ENTITY, "quantity must be positive");
    /// assert_eq!(err.detail(), Some("quantity must be positive"));
    /// ```
    pub fn new(status: StatusCode, detail: impl Into<Cow<'static, str>>) -> Self {
        Error::from_status(status).with_detail(detail)
    }

    /// An error with `status` alone: no detail (as text, an empty body).
    ///
    /// ```
    /// use route_runtime::prelude::*;
    ///
    /// let err = Error::from_status(StatusCode::FORBIDDEN);
    /// assert_eq!((err.title(), err.detail()), ("Forbidden", None));
    /// ```
    pub fn from_status(status: StatusCode) -> Self {
        Error {
            inner: Box::new(Inner {
                status,
                type_uri: None,
                title: None,
                detail: None,
                members: Map::new(),
                source: None,
            }),
        }
    }

    /// `400 Bad Request` with `detail`.
    ///
    /// ```
    /// let err = route_runtime::Error::bad_request("missing `q`");
    /// assert_eq!(err.status(), 400);
    /// ```
    pub fn bad_request(detail: impl Into<Cow<'static, str>>) -> Self {
        Error::new(StatusCode::BAD_REQUEST, detail)
    }

    /// `404 Not Found` with `detail`.
    ///
    /// ```
    /// let err = route_runtime::Error::not_found("no todo 42");
    /// assert_eq!(err.status(), 404);
    /// ```
    pub fn not_found(detail: impl Into<Cow<'static, str>>) -> Self {
        Error::new(StatusCode::NOT_FOUND, detail)
    }

    /// `500 Internal Server Error` caused by `source`, which is logged (at
    /// `error`) when the response is made and never sent to the client.
    ///
    /// ```
    /// use route_runtime::Error;
    ///
    /// fn load() -> Result<String, Error> {
    ///     std::fs::read_to_string("/nonexistent/config").map_err(Error::internal)
    /// }
    /// let err = load().unwrap_err();
    /// assert_eq!((err.status().as_u16(), err.detail()), (500, None));
    /// ```
    pub fn internal(source: impl Into<BoxError>) -> Self {
        Error::from_status(StatusCode::INTERNAL_SERVER_ERROR).with_source(source)
    }

    /// Sets the detail the client is shown (RFC 9457 `detail`; the text body).
    ///
    /// ```
    /// let err = route_runtime::Error::from_status(http::StatusCode::GONE).with_detail("archived");
    /// assert_eq!(err.detail(), Some("archived"));
    /// ```
    pub fn with_detail(mut self, detail: impl Into<Cow<'static, str>>) -> Self {
        self.inner.detail = Some(detail.into());
        self
    }

    /// Sets the problem type, a URI naming this kind of error (RFC 9457
    /// `type`; `about:blank` when unset).
    ///
    /// ```
    /// let err = route_runtime::Error::bad_request("x").with_type("https://example.com/probs/x");
    /// assert_eq!(err.type_uri(), "https://example.com/probs/x");
    /// ```
    pub fn with_type(mut self, uri: impl Into<Cow<'static, str>>) -> Self {
        self.inner.type_uri = Some(uri.into());
        self
    }

    /// Sets the title (RFC 9457 `title`; the status' reason phrase when unset,
    /// as RFC 9457 asks for `about:blank`).
    ///
    /// ```
    /// let err = route_runtime::Error::bad_request("x").with_title("Invalid todo");
    /// assert_eq!(err.title(), "Invalid todo");
    /// ```
    pub fn with_title(mut self, title: impl Into<Cow<'static, str>>) -> Self {
        self.inner.title = Some(title.into());
        self
    }

    /// Adds an extension member to the `problem+json` form (field errors, a
    /// retry time…). The standard members (`type`, `title`, `status`,
    /// `detail`) cannot be replaced this way. Not part of the text form.
    ///
    /// ```
    /// let err = route_runtime::Error::bad_request("invalid todo")
    ///     .with_member("errors", serde_json::json!({ "title": "required" }));
    /// assert_eq!(err.member("errors").unwrap()["title"], "required");
    /// ```
    pub fn with_member(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.inner.members.insert(name.into(), value.into());
        self
    }

    /// Sets the underlying cause: logged with a `5xx`, available through
    /// [`std::error::Error::source`], never sent.
    ///
    /// ```
    /// use std::error::Error as _;
    /// let io = std::io::Error::other("disk full");
    /// let err = route_runtime::Error::from_status(http::StatusCode::INSUFFICIENT_STORAGE).with_source(io);
    /// assert_eq!(err.source().unwrap().to_string(), "disk full");
    /// ```
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// The status it answers with.
    ///
    /// ```
    /// assert_eq!(route_runtime::Error::not_found("x").status(), http::StatusCode::NOT_FOUND);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The detail the client is shown, if any.
    ///
    /// ```
    /// assert_eq!(route_runtime::Error::bad_request("bad").detail(), Some("bad"));
    /// ```
    pub fn detail(&self) -> Option<&str> {
        self.inner.detail.as_deref()
    }

    /// The title: the one set, or the status' reason phrase.
    ///
    /// ```
    /// assert_eq!(route_runtime::Error::bad_request("x").title(), "Bad Request");
    /// ```
    pub fn title(&self) -> &str {
        match &self.inner.title {
            Some(title) => title,
            None => self.inner.status.canonical_reason().unwrap_or("Error"),
        }
    }

    /// The problem type URI: the one set, or `about:blank`.
    ///
    /// ```
    /// assert_eq!(route_runtime::Error::bad_request("x").type_uri(), "about:blank");
    /// ```
    pub fn type_uri(&self) -> &str {
        self.inner.type_uri.as_deref().unwrap_or("about:blank")
    }

    /// An extension member set with [`with_member`](Self::with_member).
    ///
    /// ```
    /// let err = route_runtime::Error::bad_request("x").with_member("field", "title");
    /// assert_eq!(err.member("field").unwrap(), "title");
    /// ```
    pub fn member(&self, name: &str) -> Option<&Value> {
        self.inner.members.get(name)
    }

    /// The RFC 9457 problem details object, as sent to clients that ask for
    /// JSON.
    ///
    /// ```
    /// let err = route_runtime::Error::bad_request("missing `q`");
    /// assert_eq!(
    ///     err.to_problem_json(),
    ///     serde_json::json!({
    ///         "type": "about:blank", "title": "Bad Request", "status": 400, "detail": "missing `q`"
    ///     })
    /// );
    /// ```
    pub fn to_problem_json(&self) -> Value {
        let mut object = self.inner.members.clone();
        object.insert("type".into(), self.type_uri().into());
        object.insert("title".into(), self.title().into());
        object.insert("status".into(), self.inner.status.as_u16().into());
        match self.detail() {
            Some(detail) => object.insert("detail".into(), detail.into()),
            None => object.remove("detail"),
        };
        Value::Object(object)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("status", &self.inner.status);
        if let Some(t) = &self.inner.type_uri {
            d.field("type", t);
        }
        if let Some(t) = &self.inner.title {
            d.field("title", t);
        }
        if let Some(t) = &self.inner.detail {
            d.field("detail", t);
        }
        if !self.inner.members.is_empty() {
            d.field("members", &self.inner.members);
        }
        if let Some(s) = &self.inner.source {
            d.field("source", s);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.inner.status.as_u16(), self.title())?;
        if let Some(detail) = self.detail() {
            write!(f, ": {detail}")?;
        }
        if let Some(source) = &self.inner.source {
            write!(f, " (caused by: {source})")?;
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

/// The problem details of a response made from an [`Error`], for
/// [`ProblemLayer`] to render as JSON when the client asks for it.
#[derive(Clone, Debug)]
pub(crate) struct ProblemBody(Arc<Value>);

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.inner.status;
        if status.is_server_error()
            && let Some(source) = &self.inner.source
        {
            tracing::error!(error = %source, status = status.as_u16(), "route handler error");
        }
        let problem = ProblemBody(Arc::new(self.to_problem_json()));
        let mut response = match self.inner.detail {
            Some(detail) => {
                let text = match detail {
                    Cow::Borrowed(s) => Body::from(s),
                    Cow::Owned(s) => Body::from(s),
                };
                let mut res = Response::new(text);
                res.headers_mut().insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                res
            }
            None => Response::new(Body::empty()),
        };
        *response.status_mut() = status;
        response.extensions_mut().insert(problem);
        response
    }
}

// ---- conversions ----

impl From<crate::request::BodyError> for Error {
    fn from(e: crate::request::BodyError) -> Self {
        Error::new(e.status(), e.to_string()).with_source(e)
    }
}

impl From<crate::context::PathError> for Error {
    fn from(e: crate::context::PathError) -> Self {
        Error::new(StatusCode::BAD_REQUEST, e.reason())
    }
}

impl From<serde_json::Error> for Error {
    /// `400` with the message for input that does not parse or does not fit
    /// the type (what `serde_json::from_str(untrusted)?` meets); `500` for an
    /// I/O failure.
    fn from(e: serde_json::Error) -> Self {
        match e.classify() {
            serde_json::error::Category::Io => Error::internal(e),
            _ => Error::bad_request(format!("invalid JSON: {e}")),
        }
    }
}

macro_rules! internal_from {
    ($($ty:ty),* $(,)?) => {$(
        impl From<$ty> for Error {
            /// A `500`; the error is logged, not sent.
            fn from(e: $ty) -> Self {
                Error::internal(e)
            }
        }
    )*};
}

internal_from!(
    crate::cookies::OutsideRequestScope,
    crate::cookies::CookieError,
    crate::cache::StoreError,
    crate::response::ResponseError,
);

macro_rules! rejection_from {
    ($($ty:ty),* $(,)?) => {$(
        impl From<$ty> for Error {
            /// The rejection's status, with its message as the detail.
            fn from(e: $ty) -> Self {
                Error::new(e.status(), e.body_text())
            }
        }
    )*};
}

rejection_from!(
    axum::extract::rejection::JsonRejection,
    axum::extract::rejection::FormRejection,
    axum::extract::rejection::QueryRejection,
    axum::extract::rejection::PathRejection,
);

// ---- negotiation ----

/// Does this `Accept` ask for JSON (named explicitly, with a quality at
/// least that of `text/plain` and `text/*`)?
pub(crate) fn accepts_json(accept: &HeaderValue) -> bool {
    let Ok(accept) = accept.to_str() else {
        return false;
    };
    let (mut json, mut text) = (0u16, 0u16);
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("q")
                    .then(|| quality(v.trim()))
            })
            .next()
            .unwrap_or(1000);
        let Some((kind, sub)) = media.split_once('/') else {
            continue;
        };
        if kind.eq_ignore_ascii_case("application")
            && (sub.eq_ignore_ascii_case("json")
                || (sub.len() > 5 && sub[sub.len() - 5..].eq_ignore_ascii_case("+json")))
        {
            json = json.max(q);
        } else if kind.eq_ignore_ascii_case("text")
            && (sub == "*" || sub.eq_ignore_ascii_case("plain"))
        {
            text = text.max(q);
        }
    }
    json > 0 && json >= text
}

/// An RFC 9110 qvalue in thousandths; anything malformed counts as 0.
fn quality(v: &str) -> u16 {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let thousandths = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match int {
        "0" => thousandths,
        "1" if thousandths == 0 => 1000,
        _ => 0,
    }
}

/// Turns the `problem+json` of a response made from an [`Error`] into its
/// body when the request asked for JSON.
pub(crate) fn negotiate(mut response: Response, accept: Option<&HeaderValue>) -> Response {
    let Some(accept) = accept else {
        return response;
    };
    if !accepts_json(accept) {
        return response;
    }
    let Some(ProblemBody(problem)) = response.extensions_mut().remove::<ProblemBody>() else {
        return response;
    };
    let body = serde_json::to_vec(&*problem).unwrap_or_default();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    headers.remove(CONTENT_LENGTH);
    headers.append(VARY, HeaderValue::from_static("accept"));
    *response.body_mut() = Body::from(body);
    response
}

/// The tower layer that answers errors as `application/problem+json` to
/// requests whose `Accept` asks for JSON (see [the module](self) for the
/// rule), and leaves every other response alone. [`serve`](fn@crate::serve)
/// applies it; with `axum::serve`, add it to the app.
///
/// It costs a header lookup per request; the rest happens only for error
/// responses.
///
/// ```
/// use route_runtime::error::ProblemLayer;
/// use route_runtime::prelude::*;
/// use tower::ServiceExt;
///
/// async fn find() -> Result<Response, Error> {
///     Err(Error::not_found("no todo 42"))
/// }
///
/// let app: Router = Router::new()
///     .route("/todos/42", route_runtime::axum::routing::get(find))
///     .layer(ProblemLayer);
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let req = http::Request::get("/todos/42")
///     .header("accept", "application/json")
///     .body(axum::body::Body::empty())
///     .unwrap();
/// let res = app.clone().oneshot(req).await.unwrap();
/// assert_eq!(res.headers()["content-type"], "application/problem+json");
/// let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
/// let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
/// assert_eq!(problem["detail"], "no todo 42");
///
/// let req = http::Request::get("/todos/42").body(axum::body::Body::empty()).unwrap();
/// let res = app.oneshot(req).await.unwrap();
/// assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ProblemLayer;

impl<S> Layer<S> for ProblemLayer {
    type Service = ProblemService<S>;

    fn layer(&self, inner: S) -> ProblemService<S> {
        ProblemService { inner }
    }
}

/// The service of [`ProblemLayer`].
#[derive(Clone, Debug)]
pub struct ProblemService<S> {
    inner: S,
}

impl<S, B> Service<http::Request<B>> for ProblemService<S>
where
    S: Service<http::Request<B>, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = ProblemFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let accept = req.headers().get(ACCEPT).cloned();
        ProblemFuture {
            inner: self.inner.call(req),
            accept,
        }
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`ProblemService`].
    #[derive(Debug)]
    pub struct ProblemFuture<F> {
        #[pin]
        inner: F,
        accept: Option<HeaderValue>,
    }
}

impl<F> Future for ProblemFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = std::task::ready!(this.inner.poll(cx))?;
        Poll::Ready(Ok(negotiate(response, this.accept.as_ref())))
    }
}

#[cfg(test)]
mod tests;
