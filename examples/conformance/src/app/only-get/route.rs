//! Only GET: HEAD and OPTIONS are automatic, other methods are a 405.

use route_runtime::{route, Request, Response};
use serde_json::json;

#[route]
pub async fn GET(req: Request) -> Response {
    let method = req.method().as_str();
    Response::json(&json!({ "method": method, "only": "GET" })).header("x-seen-method", method)
}
