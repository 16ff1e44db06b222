//! The incoming request: [`Request`], Next.js' `NextRequest`.
//!
//! `Request` is an axum extractor. Take it as the (last) argument of a route
//! handler to read the method, headers, URL and body:
//!
//! ```
//! use axum::Json;
//! use route_runtime::request::{BodyError, Request};
//! use serde_json::{json, Value};
//!
//! async fn post(req: Request) -> Result<Json<Value>, BodyError> {
//!     let query = req.search_params().get("q").map(str::to_owned);
//!     let body: Value = req.json().await?;
//!     Ok(Json(json!({ "q": query, "body": body })))
//! }
//! ```
//!
//! # Bodies
//!
//! The body can be read once, by one of [`text`](Request::text),
//! [`json`](Request::json), [`json_value`](Request::json_value),
//! [`bytes`](Request::bytes), [`form_data`](Request::form_data) or
//! [`body`](Request::body) (a stream). A second read gives
//! [`BodyError::AlreadyRead`]. Every read is limited by the route's
//! [`BodyLimit`] (1 MiB, 10 MiB for multipart, by default).

mod body;
mod form;
mod next_url;
#[cfg(test)]
mod tests;

use std::convert::Infallible;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use axum::body::Body;
use axum::extract::{FromRequest, OriginalUri};
use bytes::Bytes;
use http::request::Parts;
use http::{Extensions, HeaderMap, Method, Uri, Version};
use serde::de::DeserializeOwned;

pub use body::{BodyError, BodyLimit, BodyStream};
pub use form::{FormData, FormFile, FormValue};
pub use next_url::{NextUrl, SearchParams};

use form::FormKind;
use next_url::HostSource;

/// An incoming HTTP request, Next's `NextRequest`.
///
/// An infallible axum extractor that consumes the body, so it must be a
/// handler's last argument. The URL is parsed lazily, on first use, and the
/// body is not read until one of the body methods is called.
///
/// ```
/// use axum::{routing::get, Router};
/// use route_runtime::request::Request;
///
/// async fn search(req: Request) -> String {
///     let url = req.next_url();
///     format!("{} {:?}", url.pathname(), url.search_params().get("query"))
/// }
///
/// let app: Router = Router::new().route("/search", get(search));
/// ```
pub struct Request {
    parts: Parts,
    body: Mutex<Option<Body>>,
    next_url: OnceLock<NextUrl>,
}

impl Request {
    /// Builds a request from its parts and body; other runtime modules use it
    /// to make a request from scratch (for example one without headers,
    /// cookies or query).
    ///
    /// ```
    /// use axum::body::Body;
    /// use route_runtime::request::Request;
    ///
    /// let (parts, ()) = http::Request::get("/cache/static").body(()).unwrap().into_parts();
    /// let req = Request::from_parts(parts, Body::empty());
    /// assert_eq!(req.next_url().pathname(), "/cache/static");
    /// assert!(req.headers().is_empty());
    /// ```
    pub fn from_parts(parts: Parts, body: Body) -> Self {
        Request {
            parts,
            body: Mutex::new(Some(body)),
            next_url: OnceLock::new(),
        }
    }

    /// Gives the request back as an axum request. The URI and extensions are
    /// those axum routed with; a body that was already read is empty.
    ///
    /// ```
    /// use route_runtime::request::Request;
    ///
    /// let req = Request::from(axum::extract::Request::new(axum::body::Body::from("hi")));
    /// let inner: axum::extract::Request = req.into_inner();
    /// assert_eq!(inner.method(), http::Method::GET);
    /// ```
    pub fn into_inner(self) -> axum::extract::Request {
        let body = self.take_body_lenient().unwrap_or_else(Body::empty);
        axum::extract::Request::from_parts(self.parts, body)
    }

    /// The request method (`request.method`). `HEAD` requests served by a GET
    /// handler report `HEAD`.
    ///
    /// ```
    /// # let req = route_runtime::request::Request::from(axum::extract::Request::new(axum::body::Body::empty()));
    /// assert_eq!(req.method(), http::Method::GET);
    /// ```
    pub fn method(&self) -> &Method {
        &self.parts.method
    }

    /// The request headers (`request.headers`); names are case-insensitive.
    ///
    /// ```
    /// # let req = route_runtime::request::Request::from(axum::extract::Request::new(axum::body::Body::empty()));
    /// assert!(req.headers().get("x-missing").is_none());
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// One header's value as text, like Fetch's `headers.get(name)` (what
    /// `request.headers.get(name)` gives in Next.js):
    ///
    /// - A header sent several times gives every value, in the order received,
    ///   joined with `", "`. `Cookie` lines are joined with `"; "` into one
    ///   valid `Cookie` header (RFC 9113 §8.2.3; undici and Node do the same).
    ///   `Set-Cookie` is joined with `", "` like any other, as Fetch's `get`
    ///   does; its values one by one (Fetch's `getSetCookie()`) are
    ///   `req.headers().get_all("set-cookie")`.
    /// - Bytes ≥ 0x80 (obs-text, such as raw UTF-8) are read as latin1, one
    ///   character U+0080..=U+00FF per byte, as undici decodes them: the value
    ///   is neither hidden nor altered, and `c as u8` over its characters
    ///   gives the bytes back. [`headers`](Self::headers) has the raw bytes.
    /// - `None` when the header is absent or `name` is not a header name.
    ///
    /// [`headers().get`](crate::cookies::RequestHeaders::get) follows the
    /// same policy.
    ///
    /// ```
    /// use axum::body::Body;
    /// use http::HeaderValue;
    /// use route_runtime::Request;
    ///
    /// let req = Request::from(
    ///     http::Request::get("/")
    ///         .header("accept", "text/html")
    ///         .header("Accept", "application/json")
    ///         .header("cookie", "a=1")
    ///         .header("cookie", "b=2")
    ///         .header("x-name", HeaderValue::from_bytes("café".as_bytes()).unwrap())
    ///         .body(Body::empty())
    ///         .unwrap(),
    /// );
    /// assert_eq!(req.header("Accept").as_deref(), Some("text/html, application/json"));
    /// assert_eq!(req.header("cookie").as_deref(), Some("a=1; b=2"));
    /// assert_eq!(req.header("x-absent"), None);
    ///
    /// // raw UTF-8 arrives as latin1, like in Next.js; the bytes come back intact
    /// let name = req.header("x-name").unwrap();
    /// assert_eq!(name, "cafÃ©");
    /// let bytes: Vec<u8> = name.chars().map(|c| c as u8).collect();
    /// assert_eq!(String::from_utf8(bytes).unwrap(), "café");
    /// ```
    pub fn header(&self, name: &str) -> Option<String> {
        crate::header_text::fetch_get(self.headers(), name)
    }

    /// The URI axum routed with (under `Router::nest`, the rest of the path).
    /// Use [`next_url`](Request::next_url) for the URL as the client sent it.
    ///
    /// ```
    /// # let req = route_runtime::request::Request::from(axum::extract::Request::new(axum::body::Body::empty()));
    /// assert_eq!(req.uri(), "/");
    /// ```
    pub fn uri(&self) -> &Uri {
        &self.parts.uri
    }

    /// The HTTP version.
    ///
    /// ```
    /// # let req = route_runtime::request::Request::from(axum::extract::Request::new(axum::body::Body::empty()));
    /// assert_eq!(req.version(), http::Version::HTTP_11);
    /// ```
    pub fn version(&self) -> Version {
        self.parts.version
    }

    /// The request extensions (state added by layers).
    ///
    /// ```
    /// # let req = route_runtime::request::Request::from(axum::extract::Request::new(axum::body::Body::empty()));
    /// assert!(req.extensions().get::<u32>().is_none());
    /// ```
    pub fn extensions(&self) -> &Extensions {
        &self.parts.extensions
    }

    /// The request extensions, mutably.
    ///
    /// ```
    /// # let mut req = route_runtime::request::Request::from(axum::extract::Request::new(axum::body::Body::empty()));
    /// req.extensions_mut().insert(7u32);
    /// assert_eq!(req.extensions().get::<u32>(), Some(&7));
    /// ```
    pub fn extensions_mut(&mut self) -> &mut Extensions {
        &mut self.parts.extensions
    }

    /// The URL as the client sent it (`request.nextUrl`): the path from axum's
    /// [`OriginalUri`] when present (so the full path under `Router::nest`),
    /// the host from the `Host` header.
    ///
    /// ```
    /// use route_runtime::request::Request;
    ///
    /// let req = Request::from(
    ///     http::Request::get("/search?query=a+b").header("host", "example.com")
    ///         .body(axum::body::Body::empty()).unwrap(),
    /// );
    /// assert_eq!(req.next_url().pathname(), "/search");
    /// assert_eq!(req.next_url().search_params().get("query"), Some("a b"));
    /// assert_eq!(req.next_url().href(), "http://example.com/search?query=a+b");
    /// ```
    pub fn next_url(&self) -> &NextUrl {
        self.next_url.get_or_init(|| {
            let uri = match self.parts.extensions.get::<OriginalUri>() {
                Some(OriginalUri(original)) => original,
                None => &self.parts.uri,
            };
            let path_and_query = uri
                .path_and_query()
                .cloned()
                .unwrap_or_else(|| http::uri::PathAndQuery::from_static("/"));
            let host = match self.parts.headers.get(http::header::HOST) {
                Some(value) => Some(HostSource::Header(value.clone())),
                None => uri.authority().cloned().map(HostSource::Authority),
            };
            NextUrl::from_source(path_and_query, host)
        })
    }

    /// The absolute URL (`request.url`), `http://<Host or localhost>/<path>?<query>`.
    /// See [`NextUrl::url`].
    ///
    /// ```
    /// # let req = route_runtime::request::Request::from(http::Request::get("/a?b=1").body(axum::body::Body::empty()).unwrap());
    /// assert_eq!(req.url().as_str(), "http://localhost/a?b=1");
    /// ```
    pub fn url(&self) -> &url::Url {
        self.next_url().url()
    }

    /// The query parameters (`request.nextUrl.searchParams`).
    ///
    /// ```
    /// # let req = route_runtime::request::Request::from(http::Request::get("/s?a=1&a=2").body(axum::body::Body::empty()).unwrap());
    /// assert_eq!(req.search_params().get_all("a"), ["1", "2"]);
    /// ```
    pub fn search_params(&self) -> &SearchParams {
        self.next_url().search_params()
    }

    /// The request cookies (`request.cookies`).
    pub fn cookies(&self) -> crate::cookies::RequestCookies {
        crate::cookies::RequestCookies::from_headers(self.headers())
    }

    /// Reads the body as UTF-8 text (`await request.text()`): invalid bytes
    /// become U+FFFD and a leading byte order mark is dropped.
    ///
    /// ```
    /// # async fn f(req: route_runtime::request::Request) -> Result<(), route_runtime::request::BodyError> {
    /// let text: String = req.text().await?;
    /// # Ok(()) }
    /// ```
    pub async fn text(&self) -> Result<String, BodyError> {
        let bytes = self.bytes().await?;
        Ok(utf8_decode(bytes))
    }

    /// Reads the body as JSON into `T` (`await request.json()`), whatever the
    /// `Content-Type`. An empty body is [`BodyError::EmptyJson`]; invalid JSON,
    /// or JSON of the wrong shape, is [`BodyError::InvalidJson`].
    ///
    /// ```
    /// # async fn f(req: route_runtime::request::Request) -> Result<(), route_runtime::request::BodyError> {
    /// #[derive(serde::Deserialize)]
    /// struct Login { name: String }
    /// let login: Login = req.json().await?;
    /// # Ok(()) }
    /// ```
    pub async fn json<T: DeserializeOwned>(&self) -> Result<T, BodyError> {
        let text = self.text().await?;
        if text.trim_matches(JSON_WHITESPACE).is_empty() {
            return Err(BodyError::EmptyJson);
        }
        serde_json::from_str(&text).map_err(BodyError::InvalidJson)
    }

    /// Reads the body as any JSON value; [`json`](Request::json) into
    /// [`serde_json::Value`].
    ///
    /// ```
    /// # async fn f(req: route_runtime::request::Request) -> Result<(), route_runtime::request::BodyError> {
    /// let value = req.json_value().await?;
    /// let name = value["name"].as_str();
    /// # Ok(()) }
    /// ```
    pub async fn json_value(&self) -> Result<serde_json::Value, BodyError> {
        self.json().await
    }

    /// Reads the raw body (`await request.arrayBuffer()`).
    ///
    /// ```
    /// # async fn f(req: route_runtime::request::Request) -> Result<(), route_runtime::request::BodyError> {
    /// let bytes: bytes::Bytes = req.bytes().await?;
    /// # Ok(()) }
    /// ```
    pub async fn bytes(&self) -> Result<Bytes, BodyError> {
        let limit = BodyLimit::of(self.extensions()).body();
        body::collect(self.take_body()?, limit).await
    }

    /// Reads a form body (`await request.formData()`):
    /// `application/x-www-form-urlencoded` or `multipart/form-data`.
    ///
    /// Any other `Content-Type` gives
    /// [`BodyError::UnsupportedFormContentType`] and leaves the body unread,
    /// so another read may follow.
    ///
    /// ```
    /// # async fn f(req: route_runtime::request::Request) -> Result<(), route_runtime::request::BodyError> {
    /// let form = req.form_data().await?;
    /// let name = form.get_text("name");
    /// if let Some(file) = form.get_file("upload") {
    ///     println!("{} ({}, {} bytes)", file.name(), file.content_type(), file.size());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn form_data(&self) -> Result<FormData, BodyError> {
        let kind = FormKind::of(self.headers())?;
        let limit = BodyLimit::of(self.extensions());
        let body = self.take_body()?;
        match kind {
            FormKind::UrlEncoded => form::read_urlencoded(body, limit.body()).await,
            FormKind::Multipart { boundary } => {
                form::read_multipart(body, boundary, limit.multipart_limit()).await
            }
        }
    }

    /// The body as a stream of chunks, for large uploads and webhooks
    /// (`request.body`). Limited to the route's [`BodyLimit::body`]; see
    /// [`BodyStream`].
    ///
    /// ```
    /// # async fn f(req: route_runtime::request::Request) -> Result<(), route_runtime::request::BodyError> {
    /// use futures_util::StreamExt;
    /// let mut body = req.body()?;
    /// while let Some(chunk) = body.next().await {
    ///     let chunk = chunk?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn body(&self) -> Result<BodyStream, BodyError> {
        let limit = BodyLimit::of(self.extensions()).body();
        Ok(BodyStream::new(self.take_body()?, limit))
    }

    /// Whether the body has been consumed (`request.bodyUsed`).
    ///
    /// ```
    /// # let req = route_runtime::request::Request::from(axum::extract::Request::new(axum::body::Body::empty()));
    /// assert!(!req.body_used());
    /// ```
    pub fn body_used(&self) -> bool {
        self.body
            .lock()
            .map(|body| body.is_none())
            .unwrap_or_else(|poisoned| poisoned.into_inner().is_none())
    }

    fn take_body(&self) -> Result<Body, BodyError> {
        self.take_body_lenient().ok_or(BodyError::AlreadyRead)
    }

    fn take_body_lenient(&self) -> Option<Body> {
        // The lock is only held to take the body out; a poisoned lock still
        // holds a valid Option.
        match self.body.lock() {
            Ok(mut body) => body.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }
}

/// JSON's insignificant whitespace (RFC 8259), as `JSON.parse` skips it.
const JSON_WHITESPACE: &[char] = &[' ', '\t', '\n', '\r'];

/// WHATWG "UTF-8 decode": drop a leading BOM, replace invalid bytes with U+FFFD.
fn utf8_decode(bytes: Bytes) -> String {
    let bytes = if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.slice(3..)
    } else {
        bytes
    };
    match String::from_utf8(Vec::from(bytes)) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    }
}

impl<S: Send + Sync> FromRequest<S> for Request {
    type Rejection = Infallible;

    async fn from_request(req: axum::extract::Request, _state: &S) -> Result<Self, Infallible> {
        Ok(Request::from(req))
    }
}

impl From<axum::extract::Request> for Request {
    /// Wraps an axum request; nothing is parsed or read.
    fn from(req: axum::extract::Request) -> Self {
        let (parts, body) = req.into_parts();
        Request::from_parts(parts, body)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", self.method())
            .field("uri", self.uri())
            .field("version", &self.version())
            .field("headers", self.headers())
            .field("body_used", &self.body_used())
            .finish_non_exhaustive()
    }
}
