//! A handler that fails after an await: a panic is a 500 with an empty body.

use std::time::Duration;

use route_runtime::{route, Response};

#[route]
pub async fn POST() -> Response {
    tokio::time::sleep(Duration::from_millis(10)).await;
    panic!("async boom")
}
