//! `GET /api/posts/1` reads one post (a cached function); `PATCH
//! /api/posts/1` with `{"title": ".."}` renames it and marks `post-1` stale:
//! the next read still answers the old title while the new one is fetched
//! in the background (Next 16's `revalidateTag(tag, "max")`).

use route_runtime::prelude::*;
use serde::Deserialize;

use crate::data;

#[derive(Deserialize)]
pub struct Rename {
    title: String,
}

fn parse_id(raw: &str) -> Option<u32> {
    raw.parse().ok()
}

#[route]
pub async fn GET(ctx: RouteContext<"/api/posts/[id]">) -> Response {
    match parse_id(&ctx.params.id) {
        Some(id) => match data::post(id).await {
            Some(post) => Response::json(&post),
            None => not_found(),
        },
        None => not_found(),
    }
}

#[route]
pub async fn PATCH(ctx: RouteContext<"/api/posts/[id]">, Json(body): Json<Rename>) -> Response {
    let Some(post) = parse_id(&ctx.params.id).and_then(|id| data::rename(id, body.title)) else {
        return not_found();
    };
    // Stale-while-revalidate: fine for a title; the list expires now.
    let marked = revalidate_tag_with(&format!("post-{}", post.id), CacheLife::MAX).await;
    let expired = revalidate_tag("posts").await;
    if let Err(err) = marked.and(expired) {
        eprintln!("revalidation failed (the cache will catch up): {err}");
    }
    Response::json(&post)
}
