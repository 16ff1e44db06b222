//! A relative redirect keeps its Location as written.

use route_runtime::{redirect, route, Response};

#[route]
pub async fn GET() -> Response {
    redirect("/api/hello?from=redirect")
}
