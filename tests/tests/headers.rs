//! Request headers sent more than once, through the fixture app's
//! `/headers` route: `headers().get` and `Request::header` both give Fetch's
//! `headers.get` (values joined with `, `, `Cookie` lines with `; `, bytes
//! read as latin1), and the cookie parser reads every `Cookie` line.

use route_runtime::axum::body::Body;
use route_runtime::axum::http::{HeaderValue, Request, StatusCode};
use route_runtime::axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

#[derive(Clone, Debug)]
pub struct AppState {
    pub greeting: &'static str,
}

fn app() -> Router {
    route_runtime::routes!("../fixtures/app").with_state(AppState { greeting: "hi" })
}

#[tokio::test]
async fn repeated_headers_read_alike_through_both_apis() {
    let names = ["accept", "cookie", "x-name", "x-forwarded-for", "x-absent"];
    let query: Vec<String> = names.iter().map(|n| format!("name={n}")).collect();
    let req = Request::get(format!("/headers?{}", query.join("&")))
        .header("accept", "text/html")
        .header("x-forwarded-for", "10.0.0.1")
        .header("cookie", "session=abc; theme=dark")
        .header("Accept", "application/json")
        .header("cookie", "theme=light; lang=en")
        .header("x-forwarded-for", "10.0.0.2")
        .header(
            "x-name",
            HeaderValue::from_bytes("café".as_bytes()).expect("obs-text"),
        )
        .body(Body::empty())
        .expect("request");
    let res = app().oneshot(req).await.expect("infallible");
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    let body: Value = serde_json::from_slice(&bytes).expect("JSON");
    let expected = json!([
        "text/html, application/json",
        "session=abc; theme=dark; theme=light; lang=en",
        "cafÃ©",
        "10.0.0.1, 10.0.0.2",
        null,
    ]);
    assert_eq!(body["headers"], expected);
    assert_eq!(body["request"], expected);
    assert_eq!(
        body["cookies"],
        json!([
            {"name": "session", "value": "abc"},
            {"name": "theme", "value": "light"},
            {"name": "lang", "value": "en"},
        ])
    );
}
