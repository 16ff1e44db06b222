//! `notFound()` inside a handler: 404, empty body.

use route_runtime::{not_found, route, Response};

#[route]
pub async fn GET() -> Response {
    not_found()
}
