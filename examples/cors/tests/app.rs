//! Both CORS styles through a real router, driven with `oneshot`.

use http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use tower::ServiceExt;

async fn send(req: http::request::Builder, body: &str) -> (StatusCode, HeaderMap, String) {
    let res = cors::app()
        .oneshot(req.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

fn preflight(uri: &str, method: &str) -> http::request::Builder {
    Request::builder()
        .method(Method::OPTIONS)
        .uri(uri)
        .header(header::ORIGIN, "https://client.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
}

#[tokio::test]
async fn explicit_handlers_set_the_docs_headers() {
    let (status, headers, body) = send(
        Request::builder()
            .uri("/api/hello")
            .header(header::ORIGIN, "https://client.example"),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "Hello, Next.js!");
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_METHODS],
        "GET, POST, PUT, DELETE, OPTIONS"
    );
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_HEADERS],
        "Content-Type, Authorization"
    );

    let (status, headers, body) = send(
        Request::builder().method(Method::POST).uri("/api/hello"),
        "ping",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, r#"{"echoed":"ping"}"#);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
}

#[tokio::test]
async fn explicit_options_handler_answers_the_preflight() {
    let (status, headers, body) = send(preflight("/api/hello", "POST"), "").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(body, "");
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(headers[header::ACCESS_CONTROL_MAX_AGE], "86400");
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_METHODS],
        "GET, POST, PUT, DELETE, OPTIONS"
    );
}

#[tokio::test]
async fn layer_answers_preflights_with_the_routes_methods() {
    let (status, headers, body) = send(preflight("/public/api/data", "POST"), "").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(body, "");
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_HEADERS], "*");
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_METHODS],
        "GET, HEAD, OPTIONS, POST"
    );
}

#[tokio::test]
async fn layer_adds_headers_to_ordinary_answers() {
    let (status, headers, body) = send(
        Request::builder()
            .uri("/public/api/data")
            .header(header::ORIGIN, "https://client.example"),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, r#"{"data":[1,2,3]}"#);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");

    let (status, headers, body) = send(
        Request::builder()
            .method(Method::POST)
            .uri("/public/api/data")
            .header(header::ORIGIN, "https://client.example"),
        r#"{"n":1}"#,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body, r#"{"received":{"n":1}}"#);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");

    // A plain OPTIONS (no Origin) still gets the route's own `Allow`.
    let (status, headers, _) = send(
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/public/api/data"),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers[header::ALLOW], "GET, HEAD, OPTIONS, POST");
}

#[tokio::test]
async fn the_explicit_tree_has_no_layer() {
    // Only the layered tree is under /public; the explicit tree is untouched.
    let (status, _, _) = send(Request::builder().uri("/public/api/hello"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(Request::builder().uri("/api/data"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
