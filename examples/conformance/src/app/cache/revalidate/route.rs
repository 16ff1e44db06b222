//! Incremental regeneration: served from the cache, regenerated in the
//! background at most every 2 seconds (stale-while-revalidate).

use route_runtime::cache::Revalidate;
use route_runtime::{route, Response};
use serde_json::json;

pub const REVALIDATE: Revalidate = Revalidate::Seconds(2);

#[route]
pub async fn GET() -> Response {
    Response::json(&json!({ "time": crate::now_ms() }))
}
