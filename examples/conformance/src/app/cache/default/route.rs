//! No segment config: every GET runs again.

use route_runtime::{route, Response};
use serde_json::json;

#[route]
pub async fn GET() -> Response {
    Response::json(&json!({ "time": crate::now_ms() }))
}
