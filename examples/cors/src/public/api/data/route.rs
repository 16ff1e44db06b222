//! No CORS code here: the layer in `lib.rs` adds the headers and answers
//! preflights with this route's methods (`GET, HEAD, OPTIONS, POST`).

use route_runtime::{route, BodyError, Request, Response};

#[route]
pub async fn GET() -> Response {
    Response::json(&serde_json::json!({ "data": [1, 2, 3] }))
}

#[route]
pub async fn POST(request: Request) -> Result<Response, BodyError> {
    let value: serde_json::Value = request.json().await?;
    Ok(Response::json(&serde_json::json!({ "received": value })).status(201))
}
