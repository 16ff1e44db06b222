use route_runtime::prelude::*;

/// Only reached with the admin token (see `admin/middleware.rs`).
#[route]
pub async fn GET() -> Response {
    Response::json(&serde_json::json!({ "users": 42 }))
}

#[route]
pub async fn DELETE() -> Response {
    Response::json(&serde_json::json!({ "reset": true }))
}
