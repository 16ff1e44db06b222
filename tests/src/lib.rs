//! Cross-crate tests of `route-runtime`: fixture apps under `fixtures/`,
//! trybuild UI cases under `ui/`, rebuild tests. Helpers shared by the tests
//! live here.

use route_runtime::axum::body::Body;
use route_runtime::axum::http::{Method, Request, Response};
use route_runtime::axum::Router;
use tower::ServiceExt;

/// Sends one request through `app` with `oneshot` and returns the response
/// and its body as a string.
pub async fn send(app: &Router, method: Method, uri: &str, body: &str) -> (Response<Body>, String) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body.to_string()))
        .expect("valid request");
    let res = app.clone().oneshot(req).await.expect("infallible");
    let (parts, body) = res.into_parts();
    let bytes = http_body_util::BodyExt::collect(body)
        .await
        .expect("body")
        .to_bytes();
    (
        Response::from_parts(parts, Body::empty()),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// `GET uri` through `app`.
pub async fn get(app: &Router, uri: &str) -> (Response<Body>, String) {
    send(app, Method::GET, uri, "").await
}

// The `href!` fixture tree, its `href!` exported as `route_tests::fixture_href!`:
// how an app's integration tests (another crate) build the app's links.
//
// At file level, not inside an inline `mod { }`: rust-analyzer loads a tree's
// route files only there (see the README's "Your first app").
route_runtime::routes!(pub mod linked = "../fixtures/href", href_export = fixture_href);
