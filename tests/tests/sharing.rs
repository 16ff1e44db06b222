//! Sharing code between route files (`fixtures/shared`): a `_lib` folder is
//! never routed and not compiled by `routes!`; the crate declares it as a
//! module and route files use it through `crate::`. A route file's own
//! helpers are an inline `mod`.

use route_runtime::axum::http::StatusCode;
use route_tests::get;
use serde_json::{json, Value};

// The shared helpers: a module of the crate (here the test crate), kept in
// the app's `_lib` folder.
#[path = "../fixtures/shared/_lib/mod.rs"]
mod shared;

route_runtime::routes!(mod app = "../fixtures/shared");

#[tokio::test]
async fn route_files_share_a_crate_module() {
    let app: route_runtime::Router = app::router();
    let (res, body) = get(&app, "/hello").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body, json!({ "to": "world", "text": "Hello, world!" }));

    let (res, body) = get(&app, "/users/42").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body, json!({ "to": "user 42", "text": "Hello, user 42!" }));

    // `_lib` is not a route.
    let (res, _) = get(&app, "/_lib").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(shared::greeting("x"), "Hello, x!");
}
