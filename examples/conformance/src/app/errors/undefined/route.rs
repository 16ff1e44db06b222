//! The JS handler returns nothing (`undefined`), which Next.js answers with a
//! 500. A Rust handler cannot return "nothing": its return type must be a
//! response, so the closest twin is an explicit empty 500.

use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    Response::empty(500)
}
