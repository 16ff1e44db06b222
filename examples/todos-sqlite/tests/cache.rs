//! The cached `GET /api/todos/stats` after writes: rendered at startup from
//! the database as it is then, served from the cache (a row inserted behind
//! the API's back is not seen), and rendered afresh after each write through
//! the API, which revalidates the tag `todos`.
//!
//! Its own test binary: routes use the process-wide cache.

use http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use route_runtime::axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn send(app: &Router, method: Method, uri: &str, body: &str) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, body)
}

async fn stats(app: &Router) -> (i64, i64, u64) {
    let (status, body) = send(app, Method::GET, "/api/todos/stats", "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (
        body["total"].as_i64().unwrap(),
        body["done"].as_i64().unwrap(),
        body["render"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn writes_revalidate_the_cached_stats() {
    let pool = todos_sqlite::connect("sqlite::memory:").await.unwrap();
    let app = todos_sqlite::app(pool.clone());
    // What `serve()` does before it accepts requests: the stats are
    // prerendered from the empty database.
    assert_eq!(route_runtime::prerender(app.clone()).await.unwrap(), 1);
    assert_eq!(stats(&app).await, (0, 0, 1));

    // A write that does not revalidate (straight into the database): the
    // cached answer stays, for up to REVALIDATE = 60 s. This is the trap.
    sqlx::query("INSERT INTO todos (title) VALUES ('behind the API')")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(stats(&app).await, (0, 0, 1));

    // A write through the API revalidates: the next read renders afresh.
    let (status, todo) = send(&app, Method::POST, "/api/todos", r#"{"title":"milk"}"#).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(stats(&app).await, (2, 0, 2));
    assert_eq!(stats(&app).await, (2, 0, 2), "served from the cache again");

    let uri = format!("/api/todos/{}", todo["id"]);
    let (status, _) = send(&app, Method::PATCH, &uri, r#"{"done":true}"#).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats(&app).await, (2, 1, 3));

    let (status, _) = send(&app, Method::DELETE, &uri, "").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(stats(&app).await, (1, 0, 4));

    let (status, body) = send(&app, Method::GET, "/api/instance", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["stats_renders"], json!(4));
}
