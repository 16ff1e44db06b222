//! A catch-all segment: `/docs/a/b/c` gives `slug == ["a", "b", "c"]`;
//! `/docs` alone is not matched (use `[[...slug]]` for that).

use route_runtime::{route, Response, RouteContext};

#[route]
pub async fn GET(ctx: RouteContext<"/docs/[...slug]">) -> Response {
    let slug = ctx.params.slug;
    let depth = slug.len();
    Response::json(&serde_json::json!({ "slug": slug, "depth": depth }))
}
