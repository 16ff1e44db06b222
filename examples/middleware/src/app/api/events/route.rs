use futures_util::stream;
use route_runtime::prelude::*;

/// Server-sent events, for an `EventSource` on another origin.
#[route]
pub async fn GET() -> Response {
    let events = ["one", "two", "three"].map(|n| Event::default().event("tick").data(n));
    Response::sse(stream::iter(events))
}
