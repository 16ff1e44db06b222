//! Optional catch-all: `/docs` gives params `{}`, `/docs/a/b` gives `slug: ["a", "b"]`.

use route_runtime::{route, Request, Response, RouteContext};
use serde_json::json;

#[route]
pub async fn GET(req: Request, ctx: RouteContext<"/docs/[[...slug]]">) -> Response {
    Response::json(&json!({
        "hasSlug": ctx.params.slug.is_some(),
        "slug": ctx.params.slug,
        "params": ctx.params,
        "pathname": req.next_url().pathname(),
    }))
}
