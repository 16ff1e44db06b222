//! Streaming bodies and server-sent events.

use std::convert::Infallible;

use axum::body::Body;
use axum::response::IntoResponse;
use axum::response::sse::Sse;
use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStream};

use super::Response;

/// One server-sent event, built with `data`, `event`, `id`, `retry`, `comment`
/// (axum's [`Event`](axum::response::sse::Event)).
///
/// ```
/// let e = route_runtime::response::Event::default().event("tick").id("1").data("0");
/// ```
pub use axum::response::sse::Event;

impl Response {
    /// A body streamed from `stream`: each item (`Bytes`, `String`, `Vec<u8>`,
    /// `&'static str`) is sent as soon as it is produced, with chunked
    /// encoding and no `Content-Type` unless one is set.
    ///
    /// ```
    /// use futures_util::stream;
    /// let res = route_runtime::Response::stream(stream::iter(["<p>One</p>", "<p>Two</p>"]));
    /// assert!(res.headers().get("content-type").is_none());
    /// ```
    pub fn stream<S>(stream: S) -> Response
    where
        S: Stream + Send + 'static,
        S::Item: Into<Bytes>,
    {
        // Fused: the compression layer may poll once more after the end,
        // which streams like `stream::unfold` answer with a panic.
        Response::new(Body::from_stream(
            stream
                .fuse()
                .map(|chunk| Ok::<Bytes, Infallible>(chunk.into())),
        ))
    }

    /// Like [`stream`](Self::stream), for a stream that can fail: an `Err`
    /// item aborts the response (the connection is closed without the final
    /// chunk, so the client sees an incomplete body, not a truncated success).
    ///
    /// ```
    /// use futures_util::stream;
    /// let items = stream::iter([Ok("a"), Err(std::io::Error::other("disk gone"))]);
    /// let res = route_runtime::Response::try_stream(items);
    /// ```
    pub fn try_stream<S>(stream: S) -> Response
    where
        S: TryStream + Send + 'static,
        S::Ok: Into<Bytes>,
        S::Error: Into<axum::BoxError>,
    {
        use futures_util::TryStreamExt;
        Response::new(Body::from_stream(
            stream.into_stream().fuse().map_ok(Into::into),
        ))
    }

    /// Server-sent events: `Content-Type: text/event-stream`,
    /// `Cache-Control: no-cache`, each event framed (`event:`, `id:`, `data:`
    /// lines, a blank line) and flushed as soon as it is produced.
    ///
    /// ```
    /// use futures_util::stream;
    /// use route_runtime::{response::Event, Response};
    /// let events = stream::iter((0..3).map(|i| Event::default().data(i.to_string())));
    /// let res = Response::sse(events);
    /// assert_eq!(res.headers()["content-type"], "text/event-stream");
    /// ```
    pub fn sse<S>(events: S) -> Response
    where
        S: Stream<Item = Event> + Send + 'static,
    {
        Response::from_response(Sse::new(events.fuse().map(Ok::<Event, Infallible>)))
    }

    /// [`sse`](Self::sse) with a comment sent every 15 s while no event comes,
    /// so that proxies keep the connection open. Call it inside a handler
    /// (it needs the Tokio runtime for its timer).
    ///
    /// ```
    /// use futures_util::stream;
    /// use route_runtime::{response::Event, Response};
    /// async fn GET() -> Response {
    ///     Response::sse_keep_alive(stream::pending::<Event>())
    /// }
    /// ```
    pub fn sse_keep_alive<S>(events: S) -> Response
    where
        S: Stream<Item = Event> + Send + 'static,
    {
        let sse = Sse::new(events.fuse().map(Ok::<Event, Infallible>))
            .keep_alive(axum::response::sse::KeepAlive::default());
        Response::from_response(sse.into_response())
    }
}
