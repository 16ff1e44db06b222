//! `Dynamic::ForceStatic` next to a POST handler: as in Next.js, a file that
//! also exports a method that changes data is not cached (the GET runs every
//! time).

use route_runtime::cache::Dynamic;
use route_runtime::{route, Request, Response};
use serde_json::json;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

#[route]
pub async fn GET(req: Request) -> Response {
    Response::json(&json!({ "time": crate::now_ms(), "search": req.next_url().search() }))
}

#[route]
pub async fn POST() -> Response {
    Response::json(&json!({ "time": crate::now_ms(), "method": "POST" }))
}
