//! `generate_static_params` with `DYNAMIC_PARAMS = false`: only the listed
//! products exist (prerendered and cached); `/products/3` is a 404.

use route_runtime::{route, Response, RouteContext};
use serde_json::json;

pub const DYNAMIC_PARAMS: bool = false;

pub fn generate_static_params() -> Vec<super::Params> {
    vec![
        super::Params { pid: "1".into() },
        super::Params { pid: "2".into() },
    ]
}

#[route]
pub async fn GET(ctx: RouteContext<"/products/[pid]">) -> Response {
    Response::json(&json!({ "pid": ctx.params.pid }))
}
