//! The cached-fn app through a real router, driven with `oneshot`: what the
//! cached functions save, and what a write does to them. One test, in
//! order: the app's database and the process-wide cache are shared.

use std::time::Duration;

use http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn send(method: Method, uri: &str, body: Value) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = cached_fn::app().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

async fn get(uri: &str) -> Value {
    let (status, body) = send(Method::GET, uri, Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    body
}

#[tokio::test]
async fn reads_are_cached_and_writes_revalidate() {
    // The list: one database read for two requests.
    let reads = cached_fn::db_reads();
    let first = get("/api/posts").await;
    assert_eq!(first, json!([{ "id": 1, "title": "Hello" }]));
    assert_eq!(get("/api/posts").await, first);
    assert_eq!(
        cached_fn::db_reads(),
        reads + 1,
        "the second read was cached"
    );

    // POST + revalidate_tag("posts"): the next list is fresh, inline.
    let (status, created) = send(Method::POST, "/api/posts", json!({ "title": "Second" })).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created, json!({ "id": 2, "title": "Second" }));
    let list = get("/api/posts").await;
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");
    assert_eq!(cached_fn::db_reads(), reads + 2);

    // One post, cached under its own tag.
    assert_eq!(
        get("/api/posts/1").await,
        json!({ "id": 1, "title": "Hello" })
    );
    assert_eq!(get("/api/posts/1").await["title"], "Hello");
    assert_eq!(cached_fn::db_reads(), reads + 3);
    let (status, _) = send(Method::GET, "/api/posts/99", Value::Null).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // PATCH + revalidate_tag_with("post-1", MAX): the next read is the old
    // title (stale), while the new one is fetched in the background.
    let (status, renamed) = send(Method::PATCH, "/api/posts/1", json!({ "title": "Hi" })).await;
    assert_eq!(
        (status, renamed["title"].clone()),
        (StatusCode::OK, json!("Hi"))
    );
    assert_eq!(get("/api/posts/1").await["title"], "Hello", "stale once");
    let mut title = Value::Null;
    for _ in 0..500 {
        title = get("/api/posts/1").await["title"].clone();
        if title == "Hi" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert_eq!(title, "Hi", "refreshed in the background");
    // And the list, expired by the PATCH, has it at once.
    assert_eq!(get("/api/posts").await[0]["title"], "Hi");

    let stats = route_runtime::cache::stats();
    assert!(
        stats.fn_hits >= 3 && stats.fn_stale >= 1 && stats.fn_refreshes >= 1,
        "{stats:?}"
    );
}
