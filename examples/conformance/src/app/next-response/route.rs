//! `NextResponse.json(body, { status, headers })`.

use route_runtime::{route, Response};
use serde_json::json;

#[route]
pub async fn GET() -> Response {
    Response::json(&json!({ "ok": true }))
        .status(201)
        .header("x-custom", "yes")
}
