//! `request.text()`: UTF-8, invalid bytes as U+FFFD.

use route_runtime::{route, BodyError, Request, Response};
use serde_json::json;

#[route]
pub async fn POST(req: Request) -> Result<Response, BodyError> {
    let content_type = req
        .headers()
        .get("content-type")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let text = req.text().await?;
    Ok(Response::json(&json!({
        // JS `string.length` counts UTF-16 code units.
        "length": text.encode_utf16().count(),
        "text": text,
        "contentType": content_type,
    })))
}
