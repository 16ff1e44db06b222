//! `request.json()` with the error caught and turned into a 400.

use route_runtime::{route, Request, Response};
use serde_json::json;

#[route]
pub async fn POST(req: Request) -> Response {
    match req.json_value().await {
        Ok(res) => Response::json(&json!({ "ok": true, "res": res })),
        // JS names a JSON parse error `SyntaxError`.
        Err(_) => Response::json(&json!({ "ok": false, "error": "SyntaxError" })).status(400),
    }
}
