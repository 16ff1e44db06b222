//! Docs: CORS headers set by the handler, and an explicit `OPTIONS` handler
//! for the preflight.
//!
//! ```js
//! export async function GET(request) {
//!   return new Response('Hello, Next.js!', {
//!     status: 200,
//!     headers: {
//!       'Access-Control-Allow-Origin': '*',
//!       'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
//!       'Access-Control-Allow-Headers': 'Content-Type, Authorization',
//!     },
//!   })
//! }
//! ```

use route_runtime::prelude::*;

#[route]
pub async fn OPTIONS() -> Response {
    with_cors(Response::empty(204)).header("Access-Control-Max-Age", "86400")
}

/// The docs' three headers, on every answer of this route.
fn with_cors(res: Response) -> Response {
    res.header("Access-Control-Allow-Origin", "*")
        .header(
            "Access-Control-Allow-Methods",
            "GET, POST, PUT, DELETE, OPTIONS",
        )
        .header(
            "Access-Control-Allow-Headers",
            "Content-Type, Authorization",
        )
}

#[route]
pub async fn GET(_request: Request) -> Response {
    with_cors(Response::text("Hello, Next.js!").status(200))
}

#[route]
pub async fn POST(request: Request) -> Result<Response, BodyError> {
    let body = request.text().await?;
    Ok(with_cors(Response::json(
        &serde_json::json!({ "echoed": body }),
    )))
}
