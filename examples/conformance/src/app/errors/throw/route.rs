//! A handler that throws: a panic is a 500 with an empty body.

use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    panic!("boom from route handler")
}
