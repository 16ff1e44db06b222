//! The docs' CORS example, with an explicit OPTIONS (preflight) handler.

use route_runtime::{route, BodyError, Request, Response};
use serde_json::json;

const CORS: [(&str, &str); 3] = [
    ("access-control-allow-origin", "*"),
    (
        "access-control-allow-methods",
        "GET, POST, PUT, DELETE, OPTIONS",
    ),
    (
        "access-control-allow-headers",
        "Content-Type, Authorization",
    ),
];

fn with_cors(mut res: Response) -> Response {
    for (name, value) in CORS {
        res = res.header(name, value);
    }
    res
}

#[route]
pub async fn GET() -> Response {
    with_cors(Response::text("Hello, Next.js!").status(200))
}

#[route]
pub async fn POST(req: Request) -> Result<Response, BodyError> {
    let body = req.text().await?;
    Ok(with_cors(Response::json(&json!({ "echoed": body }))))
}

#[route]
pub async fn OPTIONS() -> Response {
    with_cors(Response::empty(204)).header("access-control-max-age", "86400")
}
