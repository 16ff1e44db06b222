//! Server-sent events: three events, 150 ms apart.

use std::time::Duration;

use futures_util::stream;
use route_runtime::response::Event;
use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    let events = stream::unfold(0, |i| async move {
        if i == 3 {
            return None;
        }
        if i > 0 {
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        Some((Event::default().data(i.to_string()), i + 1))
    });
    Response::sse(events)
}
