//! A header appended twice, and the handler's own Vary and Cache-Control.

use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    Response::new("multi")
        .append_header("x-multi", "a")
        .append_header("x-multi", "b")
        .header("cache-control", "public, max-age=60")
        .header("vary", "Origin")
        .header("content-type", "text/plain; charset=utf-8")
}
