//! Catch-all segment: `/blog/a/b/c` gives `slug: ["a", "b", "c"]`; `/blog` is a 404.

use route_runtime::{route, Request, Response, RouteContext};
use serde_json::json;

#[route]
pub async fn GET(req: Request, ctx: RouteContext<"/blog/[...slug]">) -> Response {
    Response::json(&json!({ "slug": ctx.params.slug, "pathname": req.next_url().pathname() }))
}
