//! All seven methods exported explicitly.

use route_runtime::{route, Request, Response};
use serde_json::json;

fn reply(req: &Request, method: &str) -> Response {
    Response::json(&json!({ "method": method, "seen": req.method().as_str() }))
        .header("x-handler", method)
}

#[route]
pub async fn GET(req: Request) -> Response {
    reply(&req, "GET")
}

/// An explicit HEAD: no body, a marker header to show which handler ran.
#[route]
pub async fn HEAD() -> Response {
    Response::empty(200).header("x-handler", "HEAD")
}

#[route]
pub async fn POST(req: Request) -> Response {
    reply(&req, "POST")
}

#[route]
pub async fn PUT(req: Request) -> Response {
    reply(&req, "PUT")
}

#[route]
pub async fn PATCH(req: Request) -> Response {
    reply(&req, "PATCH")
}

#[route]
pub async fn DELETE(req: Request) -> Response {
    reply(&req, "DELETE")
}

#[route]
pub async fn OPTIONS() -> Response {
    Response::empty(204)
        .header("x-handler", "OPTIONS")
        .header("allow", "custom-from-handler")
}
