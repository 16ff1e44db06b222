//! Private folder: excluded from routing (and not compiled), so `/_private` is a 404.

use route_runtime::{route, Response};
use serde_json::json;

#[route]
pub async fn GET() -> Response {
    Response::json(&json!({ "shouldNotBeReachable": true }))
}
