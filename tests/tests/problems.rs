//! The runtime's own errors from a generated router (`fixtures/app`), as
//! `serve()` answers them: plain text as before without a JSON `Accept`,
//! `application/problem+json` (RFC 9457) when `Accept` names JSON.

use route_runtime::axum::body::Body;
use route_runtime::axum::http::{Request, StatusCode};
use route_runtime::axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

#[derive(Clone, Debug)]
pub struct AppState {
    pub greeting: &'static str,
}

fn app() -> Router {
    let app = route_runtime::routes!("../fixtures/app").with_state(AppState { greeting: "hi" });
    route_runtime::Server::new(app).into_router()
}

async fn call(
    method: &str,
    uri: &str,
    accept: Option<&str>,
    body: &str,
) -> (StatusCode, Option<String>, String) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(accept) = accept {
        req = req.header("accept", accept);
    }
    let res = app()
        .oneshot(req.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    (
        status,
        content_type,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

const JSON: Option<&str> = Some("application/json");
const TEXT: Option<&str> = Some("text/plain; charset=utf-8");
const PROBLEM: Option<&str> = Some("application/problem+json");

fn problem(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test]
async fn an_undecodable_path_is_400_text_or_problem_json() {
    for accept in [None, Some("*/*")] {
        let (status, ct, body) = call("GET", "/users/%ZZ", accept, "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(ct.as_deref(), TEXT);
        assert!(!body.is_empty() && !body.starts_with('{'), "{body}");
    }
    let (_, _, text) = call("GET", "/users/%ZZ", None, "").await;
    let (status, ct, body) = call("GET", "/users/%ZZ", JSON, "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(ct.as_deref(), PROBLEM);
    assert_eq!(
        problem(&body),
        json!({ "type": "about:blank", "title": "Bad Request", "status": 400, "detail": text })
    );
}

#[tokio::test]
async fn a_route_body_limit_is_413_text_or_problem_json() {
    let big = "x".repeat(17);
    let (status, ct, text) = call("POST", "/small-upload", None, &big).await;
    assert_eq!(
        (status, ct.as_deref()),
        (StatusCode::PAYLOAD_TOO_LARGE, TEXT)
    );
    assert_eq!(text, "request body is larger than the limit of 16 bytes");
    let (status, ct, body) = call(
        "POST",
        "/small-upload",
        Some("application/problem+json"),
        &big,
    )
    .await;
    assert_eq!(
        (status, ct.as_deref()),
        (StatusCode::PAYLOAD_TOO_LARGE, PROBLEM)
    );
    assert_eq!(problem(&body)["detail"], text);
    assert_eq!(problem(&body)["title"], "Payload Too Large");
}

#[tokio::test]
async fn a_panic_is_an_empty_500_or_a_problem_without_detail() {
    let (status, ct, body) = call("GET", "/panic", None, "").await;
    assert_eq!(
        (status, ct, body.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, None, "")
    );
    let (status, ct, body) = call("GET", "/panic", JSON, "").await;
    assert_eq!(
        (status, ct.as_deref()),
        (StatusCode::INTERNAL_SERVER_ERROR, PROBLEM)
    );
    assert_eq!(
        problem(&body),
        json!({ "type": "about:blank", "title": "Internal Server Error", "status": 500 })
    );
}

#[tokio::test]
async fn successes_404_and_405_are_untouched_by_a_json_accept() {
    let (status, ct, body) = call("GET", "/api/hello", JSON, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(ct.as_deref(), PROBLEM);
    assert!(!body.is_empty());
    let (status, _, body) = call("GET", "/nope", JSON, "").await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, ""));
    let (status, _, body) = call("GET", "/only-post", JSON, "").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "")
    );
}
