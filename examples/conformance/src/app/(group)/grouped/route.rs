//! Route group: `(group)` is not part of the URL, so this is `/grouped`.

use route_runtime::{route, Request, Response};
use serde_json::json;

#[route]
pub async fn GET(req: Request) -> Response {
    Response::json(&json!({ "grouped": true, "pathname": req.next_url().pathname() }))
}
