//! A dynamic segment, percent-decoded: `/users/a%2Fb` gives `id: "a/b"`.

use route_runtime::{route, Response, RouteContext};
use serde_json::json;

#[route]
pub async fn GET(ctx: RouteContext<"/users/[id]">) -> Response {
    Response::json(&json!({ "id": ctx.params.id }))
}
