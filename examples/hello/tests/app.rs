//! The hello app through a real router, driven with `oneshot`.

use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use route_runtime::axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use tower::ServiceExt;

async fn send(method: Method, uri: &str, body: &str) -> (StatusCode, http::HeaderMap, String) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    let res = hello::app().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test]
async fn api_hello_says_hello_world() {
    let (status, headers, body) = send(Method::GET, "/api/hello", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(json(&body), json!({ "message": "Hello World" }));
}

#[tokio::test]
async fn seven_methods_on_one_route() {
    let (status, _, body) = send(Method::GET, "/api/items", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body), json!({ "items": ["apple", "pear"] }));

    let (status, headers, body) = send(Method::HEAD, "/api/items", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-items-count"], "2");
    assert_eq!(body, "");

    let (status, _, body) = send(Method::POST, "/api/items", r#"{"name":"plum"}"#).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(json(&body), json!({ "created": { "name": "plum" } }));

    let (status, _, body) = send(Method::PUT, "/api/items", r#"["fig"]"#).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body), json!({ "replaced": ["fig"] }));

    let (status, _, body) = send(Method::PATCH, "/api/items", r#"{"done":true}"#).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body), json!({ "patched": { "done": true } }));

    let (status, _, body) = send(Method::DELETE, "/api/items", "").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(body, "");

    let (status, headers, _) = send(Method::OPTIONS, "/api/items", "").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        headers[header::ALLOW],
        "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    );
}

#[tokio::test]
async fn bad_json_is_a_400_and_unknown_methods_a_405() {
    let (status, _, body) = send(Method::POST, "/api/items", "{not json").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!body.is_empty(), "the 400 says what was wrong");

    let (status, headers, _) = send(Method::POST, "/api/hello", "").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::ALLOW], "GET, HEAD, OPTIONS");
}

#[tokio::test]
async fn dynamic_segment_is_decoded_into_route_context() {
    let (status, _, body) = send(Method::GET, "/users/42", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body), json!({ "id": "42" }));

    let (_, _, body) = send(Method::GET, "/users/ada%20lovelace", "").await;
    assert_eq!(json(&body), json!({ "id": "ada lovelace" }));

    let (status, _, _) = send(Method::GET, "/users/42/posts", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn catch_all_takes_every_remaining_segment() {
    let (status, _, body) = send(Method::GET, "/docs/a/b/c", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body), json!({ "slug": ["a", "b", "c"], "depth": 3 }));

    let (status, _, _) = send(Method::GET, "/docs", "").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a catch-all needs at least one segment"
    );
}

#[tokio::test]
async fn route_group_is_not_a_url_segment() {
    let (status, headers, body) = send(Method::GET, "/about", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/plain;charset=UTF-8");
    assert_eq!(body, "About us");

    let (status, _, _) = send(Method::GET, "/(marketing)/about", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
