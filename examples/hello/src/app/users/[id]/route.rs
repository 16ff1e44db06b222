//! A dynamic segment: `/users/42` gives `ctx.params.id == "42"`.

use route_runtime::prelude::*;

#[route]
pub async fn GET(_req: Request, ctx: RouteContext<"/users/[id]">) -> Response {
    let id = ctx.params.id;
    Response::json(&serde_json::json!({ "id": id }))
}
