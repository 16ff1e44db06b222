//! `Dynamic::ForceDynamic`: every GET runs again, no Cache-Control.

use route_runtime::cache::Dynamic;
use route_runtime::{route, Response};
use serde_json::json;

pub const DYNAMIC: Dynamic = Dynamic::ForceDynamic;

#[route]
pub async fn GET() -> Response {
    Response::json(&json!({ "time": crate::now_ms() }))
}
