//! `GET /api/posts?page=1` lists a page of posts (a cached function);
//! `POST /api/posts` with `{"title": ".."}` creates one and expires the
//! `posts` tag, so that the next list includes it.

use route_runtime::prelude::*;
use serde::Deserialize;

use crate::data;

#[derive(Deserialize)]
pub struct NewPost {
    title: String,
}

#[route]
pub async fn GET(request: Request) -> Response {
    let page = request
        .search_params()
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    Response::json(&data::posts(page).await)
}

#[route]
pub async fn POST(Json(new): Json<NewPost>) -> Response {
    let post = data::insert(new.title);
    // Expire now: the author's next read sees the new post.
    if let Err(err) = revalidate_tag("posts").await {
        eprintln!("revalidate_tag failed (the cache will catch up): {err}");
    }
    Response::json(&post).status(201)
}
