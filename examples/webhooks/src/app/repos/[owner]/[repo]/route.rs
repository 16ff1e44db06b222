//! A cached page the webhook purges: rendered on first request, then served
//! from the cache for an hour, unless a push webhook revalidates it first.

use std::sync::atomic::Ordering;

use route_runtime::prelude::*;

use crate::WebhookState;

pub const REVALIDATE: Revalidate = Revalidate::Seconds(3600);

#[route]
pub async fn GET(
    State(state): State<WebhookState>,
    ctx: RouteContext<"/repos/[owner]/[repo]">,
) -> (CacheTags, Response) {
    let full_name = format!("{}/{}", ctx.params.owner, ctx.params.repo);
    let render = state.renders.fetch_add(1, Ordering::SeqCst);
    (
        CacheTags::new([format!("repo:{full_name}")]),
        Response::json(&serde_json::json!({ "repo": full_name, "render": render })),
    )
}
