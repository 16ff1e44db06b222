//! `redirect()` from a POST handler: 307, whatever the body.

use route_runtime::{redirect, route, Response};

#[route]
pub async fn POST() -> Response {
    redirect("/api/hello")
}
