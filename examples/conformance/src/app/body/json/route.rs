//! The docs' request-body example. A body that is not JSON is a 400 with the
//! reason (`BodyError`), where Next.js answers an empty 500.

use route_runtime::{route, BodyError, Request, Response};
use serde_json::json;

#[route]
pub async fn POST(req: Request) -> Result<Response, BodyError> {
    let res = req.json_value().await?;
    Ok(Response::json(&json!({ "res": res })))
}

#[route]
pub async fn PUT(req: Request) -> Result<Response, BodyError> {
    let res = req.json_value().await?;
    Ok(Response::json(&json!({ "res": res, "method": "PUT" })))
}
