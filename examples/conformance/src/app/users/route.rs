//! A static route next to the dynamic `/users/[id]`.

use route_runtime::{route, Request, Response};
use serde_json::json;

#[route]
pub async fn GET(req: Request) -> Response {
    Response::json(&json!({ "users": ["1", "2"], "pathname": req.next_url().pathname() }))
}
