//! The docs' first example.

use route_runtime::{route, Response};
use serde_json::json;

#[route]
pub async fn GET() -> Response {
    Response::json(&json!({ "message": "Hello World" }))
}
