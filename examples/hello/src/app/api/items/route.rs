//! One route, every method Next.js supports: GET, HEAD, POST, PUT, DELETE,
//! PATCH and OPTIONS. Anything else is answered `405` with an `Allow` header.

use route_runtime::{route, BodyError, Request, Response};

#[route]
pub async fn GET() -> Response {
    Response::json(&serde_json::json!({ "items": ["apple", "pear"] }))
}

#[route]
pub async fn HEAD() -> Response {
    Response::empty(200).header("x-items-count", "2")
}

#[route]
pub async fn POST(req: Request) -> Result<Response, BodyError> {
    let item: serde_json::Value = req.json().await?;
    Ok(Response::json(&serde_json::json!({ "created": item })).status(201))
}

#[route]
pub async fn PUT(req: Request) -> Result<Response, BodyError> {
    let item: serde_json::Value = req.json().await?;
    Ok(Response::json(&serde_json::json!({ "replaced": item })))
}

#[route]
pub async fn DELETE() -> Response {
    Response::empty(204)
}

#[route]
pub async fn PATCH(req: Request) -> Result<Response, BodyError> {
    let patch: serde_json::Value = req.json().await?;
    Ok(Response::json(&serde_json::json!({ "patched": patch })))
}

// If `OPTIONS` is not defined, it is answered automatically with an `Allow`
// header listing the methods above; defining it takes over.
#[route]
pub async fn OPTIONS() -> Response {
    Response::empty(204).header("allow", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
}
