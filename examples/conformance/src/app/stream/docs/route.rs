//! The docs' streaming example: three chunks, 200 ms apart, each sent as soon
//! as it is produced.

use std::time::Duration;

use futures_util::stream;
use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    let chunks = stream::unfold(0, |i| async move {
        let chunk = match i {
            0 => "<p>One</p>",
            1 => "<p>Two</p>",
            2 => "<p>Three</p>",
            _ => return None,
        };
        if i > 0 {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Some((chunk, i + 1))
    });
    Response::stream(chunks)
}
