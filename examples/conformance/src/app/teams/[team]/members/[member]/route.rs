//! Two dynamic segments.

use route_runtime::{route, Request, Response, RouteContext};
use serde_json::json;

#[route]
pub async fn GET(req: Request, ctx: RouteContext<"/teams/[team]/members/[member]">) -> Response {
    Response::json(&json!({ "params": ctx.params, "pathname": req.next_url().pathname() }))
}
