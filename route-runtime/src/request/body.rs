//! Reading request bodies: size limits ([`BodyLimit`]), errors ([`BodyError`])
//! and the chunk stream ([`BodyStream`]).

use std::error::Error as StdError;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::Stream;
use http::StatusCode;
use http_body::Body as _;
use http_body_util::{BodyDataStream, BodyExt, LengthLimitError, Limited};

type BoxError = Box<dyn StdError + Send + Sync>;

/// The largest request body read by [`Request`](crate::request::Request), per route.
///
/// Two numbers:
/// - `body`: for `text()`, `json()`, `bytes()`, an urlencoded `form_data()`
///   and the streamed `body()`. Default 1 MiB ([`BodyLimit::DEFAULT_BODY`]).
/// - `multipart`: for a `multipart/form-data` `form_data()`. Default 10 MiB
///   ([`BodyLimit::DEFAULT_MULTIPART`]).
///
/// A body over the limit gives [`BodyError::TooLarge`], answered
/// `413 Payload Too Large`. A `Content-Length` over the limit is refused before
/// anything is read; a body without one is cut off as soon as it goes over.
///
/// The limit is read from the request extensions, so set it with
/// [`BodyLimit::layer`] (or `axum::Extension(limit)`) on the whole app or on
/// one route. The innermost layer wins and replaces the outer one whole (both
/// numbers), so a route's `BodyLimit::multipart(..)` goes back to the default
/// for non-multipart bodies. axum's own `DefaultBodyLimit` does not apply to
/// [`Request`](crate::request::Request); it governs axum's extractors only.
///
/// ```
/// use axum::{routing::post, Router};
/// use route_runtime::request::{BodyLimit, Request};
///
/// async fn upload(req: Request) -> String {
///     match req.form_data().await {
///         Ok(form) => format!("{} fields", form.len()),
///         Err(e) => e.to_string(),
///     }
/// }
///
/// let app: Router = Router::new()
///     // this route takes uploads up to 100 MiB
///     .route("/upload", post(upload).layer(BodyLimit::multipart(100 << 20).layer()))
///     // every other route: JSON and text up to 64 KiB
///     .layer(BodyLimit::new(64 << 10).with_multipart(1 << 20).layer());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyLimit {
    body: usize,
    multipart: usize,
}

impl BodyLimit {
    /// The default limit for buffered and streamed bodies: 1 MiB.
    pub const DEFAULT_BODY: usize = 1 << 20;
    /// The default limit for multipart bodies: 10 MiB.
    pub const DEFAULT_MULTIPART: usize = 10 << 20;

    /// Limits every body, multipart included, to `bytes`.
    ///
    /// ```
    /// use route_runtime::request::BodyLimit;
    ///
    /// let limit = BodyLimit::new(4096);
    /// assert_eq!((limit.body(), limit.multipart_limit()), (4096, 4096));
    /// ```
    pub const fn new(bytes: usize) -> Self {
        BodyLimit {
            body: bytes,
            multipart: bytes,
        }
    }

    /// The default limits, with multipart bodies limited to `bytes`.
    ///
    /// ```
    /// use route_runtime::request::BodyLimit;
    ///
    /// let limit = BodyLimit::multipart(50 << 20);
    /// assert_eq!((limit.body(), limit.multipart_limit()), (1 << 20, 50 << 20));
    /// ```
    pub const fn multipart(bytes: usize) -> Self {
        BodyLimit {
            body: Self::DEFAULT_BODY,
            multipart: bytes,
        }
    }

    /// The same limits, with multipart bodies limited to `bytes`.
    ///
    /// ```
    /// use route_runtime::request::BodyLimit;
    ///
    /// let limit = BodyLimit::new(1024).with_multipart(1 << 20);
    /// assert_eq!((limit.body(), limit.multipart_limit()), (1024, 1 << 20));
    /// ```
    pub const fn with_multipart(self, bytes: usize) -> Self {
        BodyLimit {
            multipart: bytes,
            ..self
        }
    }

    /// The limit for text, JSON, bytes, urlencoded forms and streamed bodies.
    ///
    /// ```
    /// use route_runtime::request::BodyLimit;
    ///
    /// assert_eq!(BodyLimit::default().body(), BodyLimit::DEFAULT_BODY);
    /// ```
    pub const fn body(&self) -> usize {
        self.body
    }

    /// The limit for `multipart/form-data` bodies.
    ///
    /// ```
    /// use route_runtime::request::BodyLimit;
    ///
    /// assert_eq!(BodyLimit::default().multipart_limit(), BodyLimit::DEFAULT_MULTIPART);
    /// ```
    pub const fn multipart_limit(&self) -> usize {
        self.multipart
    }

    /// A tower layer that applies this limit to the requests it wraps
    /// (an [`axum::Extension`] holding it).
    ///
    /// ```
    /// use axum::{routing::post, Router};
    /// use route_runtime::request::BodyLimit;
    ///
    /// let app: Router = Router::new()
    ///     .route("/hook", post(|| async { "ok" }))
    ///     .layer(BodyLimit::new(256 << 10).layer());
    /// ```
    pub const fn layer(self) -> axum::Extension<BodyLimit> {
        axum::Extension(self)
    }

    pub(crate) fn of(extensions: &http::Extensions) -> Self {
        extensions.get::<BodyLimit>().copied().unwrap_or_default()
    }
}

impl Default for BodyLimit {
    /// 1 MiB for bodies, 10 MiB for multipart.
    fn default() -> Self {
        BodyLimit {
            body: Self::DEFAULT_BODY,
            multipart: Self::DEFAULT_MULTIPART,
        }
    }
}

/// Why a request body could not be read or decoded.
///
/// Implements [`IntoResponse`]: `413 Payload Too Large` for
/// [`TooLarge`](BodyError::TooLarge), `400 Bad Request` for everything else,
/// with a short `text/plain` message saying what was wrong (or its
/// `application/problem+json` form, for a client that asks for JSON: see
/// [`Error`](crate::Error)). So `?` in a handler returning
/// `Result<_, BodyError>` (or `Result<_, route_runtime::Error>`) answers the
/// client properly:
///
/// ```
/// use axum::response::IntoResponse;
/// use route_runtime::request::{BodyError, Request};
///
/// async fn post(req: Request) -> Result<axum::Json<serde_json::Value>, BodyError> {
///     let value: serde_json::Value = req.json().await?;
///     Ok(axum::Json(value))
/// }
///
/// let response = BodyError::EmptyJson.into_response();
/// assert_eq!(response.status(), 400);
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// The body was already consumed by an earlier read.
    AlreadyRead,
    /// The body is larger than the route's [`BodyLimit`] (`limit` bytes).
    TooLarge {
        /// The limit that was exceeded, in bytes.
        limit: usize,
    },
    /// Reading the body from the connection failed (the client went away, bad chunked encoding...).
    ReadFailed(axum::Error),
    /// The body is empty (or only whitespace) where JSON was expected.
    EmptyJson,
    /// The body is not valid JSON, or not the JSON shape the handler asked for.
    InvalidJson(serde_json::Error),
    /// `form_data()` on a body that is neither urlencoded nor multipart.
    UnsupportedFormContentType {
        /// The request's `Content-Type`, if any.
        content_type: Option<String>,
    },
    /// A `multipart/form-data` body that cannot be parsed.
    MalformedMultipart(BoxError),
}

impl BodyError {
    /// The HTTP status this error answers with: 413 for
    /// [`TooLarge`](BodyError::TooLarge), 400 otherwise.
    ///
    /// ```
    /// use route_runtime::request::BodyError;
    ///
    /// assert_eq!(BodyError::TooLarge { limit: 10 }.status(), http::StatusCode::PAYLOAD_TOO_LARGE);
    /// assert_eq!(BodyError::AlreadyRead.status(), http::StatusCode::BAD_REQUEST);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            BodyError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// Maps an error of a [`Limited`] body.
    pub(crate) fn from_limited(err: BoxError, limit: usize) -> Self {
        if err.is::<LengthLimitError>() {
            return BodyError::TooLarge { limit };
        }
        match err.downcast::<axum::Error>() {
            Ok(err) => BodyError::ReadFailed(*err),
            Err(err) => BodyError::ReadFailed(axum::Error::new(err)),
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::AlreadyRead => f.write_str("request body already read"),
            BodyError::TooLarge { limit } => {
                write!(f, "request body is larger than the limit of {limit} bytes")
            }
            BodyError::ReadFailed(err) => write!(f, "failed to read request body: {err}"),
            BodyError::EmptyJson => f.write_str("empty body where JSON was expected"),
            BodyError::InvalidJson(err) => write!(f, "invalid JSON body: {err}"),
            BodyError::UnsupportedFormContentType { content_type } => write!(
                f,
                "form data needs Content-Type application/x-www-form-urlencoded or \
                 multipart/form-data, got {}",
                content_type.as_deref().unwrap_or("none")
            ),
            BodyError::MalformedMultipart(err) => write!(f, "malformed multipart body: {err}"),
        }
    }
}

impl StdError for BodyError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            BodyError::ReadFailed(err) => Some(err),
            BodyError::InvalidJson(err) => Some(err),
            BodyError::MalformedMultipart(err) => Some(err.as_ref()),
            _ => None,
        }
    }
}

impl IntoResponse for BodyError {
    /// Its [`status`](Self::status) and message, as an [`Error`](crate::Error)
    /// answers: plain text, or `application/problem+json` for a client that
    /// asks for JSON.
    fn into_response(self) -> Response {
        crate::Error::from(self).into_response()
    }
}

/// Reads the whole body, refusing more than `limit` bytes.
pub(crate) async fn collect(body: Body, limit: usize) -> Result<Bytes, BodyError> {
    if body.size_hint().lower() > limit as u64 {
        return Err(BodyError::TooLarge { limit });
    }
    Limited::new(body, limit)
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .map_err(|err| BodyError::from_limited(err, limit))
}

/// The request body as a stream of [`Bytes`] chunks, from
/// [`Request::body`](crate::request::Request::body).
///
/// Limited like every body: past the route's [`BodyLimit`] the stream yields
/// [`BodyError::TooLarge`] and then ends. After any error it ends.
///
/// ```
/// use futures_util::StreamExt;
/// use route_runtime::request::{BodyError, Request};
///
/// async fn webhook(req: Request) -> Result<String, BodyError> {
///     let mut body = req.body()?;
///     let mut total = 0;
///     while let Some(chunk) = body.next().await {
///         total += chunk?.len();
///     }
///     Ok(format!("{total} bytes"))
/// }
/// ```
pub struct BodyStream {
    state: StreamState,
    limit: usize,
}

enum StreamState {
    Reading(BodyDataStream<Limited<Body>>),
    /// The `Content-Length` is over the limit: yield `TooLarge`, then end.
    Refused,
    Done,
}

impl BodyStream {
    pub(crate) fn new(body: Body, limit: usize) -> Self {
        let state = if body.size_hint().lower() > limit as u64 {
            StreamState::Refused
        } else {
            StreamState::Reading(Limited::new(body, limit).into_data_stream())
        };
        BodyStream { state, limit }
    }

    /// The body's limit in bytes.
    ///
    /// ```
    /// # async fn f(req: route_runtime::request::Request) -> Result<(), route_runtime::request::BodyError> {
    /// let body = req.body()?;
    /// assert_eq!(body.limit(), route_runtime::request::BodyLimit::DEFAULT_BODY);
    /// # Ok(()) }
    /// ```
    pub fn limit(&self) -> usize {
        self.limit
    }
}

impl Stream for BodyStream {
    type Item = Result<Bytes, BodyError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let limit = self.limit;
        let item = match &mut self.state {
            StreamState::Done => return Poll::Ready(None),
            StreamState::Refused => Some(Err(BodyError::TooLarge { limit })),
            StreamState::Reading(inner) => match std::task::ready!(Pin::new(inner).poll_next(cx)) {
                Some(Ok(chunk)) => return Poll::Ready(Some(Ok(chunk))),
                Some(Err(err)) => Some(Err(BodyError::from_limited(err, limit))),
                None => None,
            },
        };
        self.state = StreamState::Done;
        Poll::Ready(item)
    }
}

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyStream")
            .field("limit", &self.limit)
            .field("done", &matches!(self.state, StreamState::Done))
            .finish()
    }
}
