//! A body larger than the compression threshold.

use route_runtime::{route, Response};
use serde_json::{json, Value};

#[route]
pub async fn GET() -> Response {
    let items: Vec<Value> = (0..200)
        .map(|i| json!({ "i": i, "name": format!("item {i}") }))
        .collect();
    Response::json(&json!({ "count": items.len(), "items": items }))
}
