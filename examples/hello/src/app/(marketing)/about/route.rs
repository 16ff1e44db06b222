//! A route group: `(marketing)` organises files and is not part of the URL,
//! so this is `GET /about`.

use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    Response::text("About us")
}
