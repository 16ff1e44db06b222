//! The generated code names everything by absolute path: it compiles and
//! serves with `Result`, `Option`, `Ok`, `Some`, `Box`, `String`, `Vec`,
//! `Router` and an `axum` module shadowed in the caller's scope.
#![allow(dead_code, non_camel_case_types, clippy::all)]

use route_tests::get;

#[derive(Clone, Debug)]
pub struct AppState {
    pub greeting: &'static str,
}

type Result = ();
type Option = ();
struct Ok;
struct Some;
struct Box;
struct String;
struct Vec;
struct Router;
struct Clone;
struct Send;
mod axum {}
mod serde {}
mod core {}

#[tokio::test]
async fn generated_code_is_hygienic() {
    let app: route_runtime::axum::Router =
        route_runtime::routes!("../fixtures/app").with_state(AppState {
            greeting: "hygienic",
        });
    let (res, body) = get(&app, "/state").await;
    assert_eq!(res.status(), 200);
    assert_eq!(body, "hygienic");
    let (_, body) = get(&app, "/docs/a").await;
    assert!(body.contains("\"slug\":[\"a\"]"), "{body}");
}

#[test]
fn the_openapi_document_is_hygienic_too() {
    let (_router, doc) = route_runtime::routes!("../fixtures/app", openapi);
    let doc = doc.into_value();
    assert!(doc["paths"]["/state"]["get"].is_object());
    assert!(doc["paths"]["/teams/{team}/members/{member}"]["get"].is_object());
}
