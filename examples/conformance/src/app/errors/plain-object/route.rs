//! The JS handler returns a plain object instead of a `Response`, which
//! Next.js answers with a 500. In Rust a value that is not a response does
//! not compile (`IntoResponse`), so the closest twin is an explicit empty 500.

use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    Response::empty(500)
}
