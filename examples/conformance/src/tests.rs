//! A few routes through the real router, driven with `oneshot`.

use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use route_runtime::axum::http::{header, Method, Request, StatusCode};
use route_runtime::axum::response::Response;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn send(method: Method, uri: &str, body: Body) -> (Response<()>, Vec<u8>) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .body(body)
        .expect("request");
    let res = super::app().oneshot(req).await.expect("infallible");
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes().to_vec();
    (Response::from_parts(parts, ()), bytes)
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {bytes:?}"))
}

#[tokio::test]
async fn dynamic_and_catch_all_params() {
    let (res, body) = send(Method::GET, "/users/caf%C3%A9", Body::empty()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json(&body), json!({ "id": "café" }));

    let (_, body) = send(Method::GET, "/docs", Body::empty()).await;
    assert_eq!(
        json(&body),
        json!({ "hasSlug": false, "slug": null, "params": {}, "pathname": "/docs" })
    );

    let (_, body) = send(Method::GET, "/blog/a%2Fb/c%20d", Body::empty()).await;
    assert_eq!(
        json(&body),
        json!({ "slug": ["a/b", "c d"], "pathname": "/blog/a%2Fb/c%20d" })
    );
}

#[tokio::test]
async fn private_folder_is_not_routed_and_percent_5f_is() {
    let (res, _) = send(Method::GET, "/_private", Body::empty()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (res, body) = send(Method::GET, "/_underscore", Body::empty()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        json(&body),
        json!({ "underscore": true, "pathname": "/_underscore" })
    );
}

#[tokio::test]
async fn form_body_and_bad_json() {
    let form = Body::from("name=Ada+Lovelace&tag=a&tag=b%2Bc");
    let req = Request::post("/body/form")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form)
        .expect("request");
    let res = super::app().oneshot(req).await.expect("infallible");
    let body = res.into_body().collect().await.expect("body").to_bytes();
    assert_eq!(
        json(&body),
        json!({
            "name": "Ada Lovelace",
            "email": null,
            "tags": ["a", "b+c"],
            "entries": [["name", "Ada Lovelace"], ["tag", "a"], ["tag", "b+c"]],
        })
    );

    let (res, _) = send(Method::POST, "/body/json", Body::from("{not json")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let (res, body) = send(Method::POST, "/body/json-safe", Body::from("{not json")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(&body), json!({ "ok": false, "error": "SyntaxError" }));
}

#[tokio::test]
async fn methods_and_cookies() {
    let (res, _) = send(Method::OPTIONS, "/only-get", Body::empty()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, OPTIONS");
    let (res, _) = send(Method::DELETE, "/only-get", Body::empty()).await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);

    let (res, _) = send(Method::POST, "/cookies/set", Body::empty()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cookies: Vec<_> = res.headers().get_all(header::SET_COOKIE).iter().collect();
    assert_eq!(cookies, ["posted=yes; Path=/; HttpOnly"]);
}
