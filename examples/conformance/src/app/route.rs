//! `app/route.rs` is served at `/` (a route handler at the app root).

use route_runtime::{route, Response};
use serde_json::json;

#[route]
pub async fn GET() -> Response {
    Response::json(&json!({ "route": "/" }))
}
