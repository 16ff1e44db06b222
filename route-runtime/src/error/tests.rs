//! `Error` and the problem+json negotiation, through `Server::into_router`
//! (what `serve()` runs) with `oneshot`.

use axum::Router;
use axum::body::Body;
use axum::routing::{get, post};
use http::{HeaderValue, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

use super::{Error, accepts_json};
use crate::Server;
use crate::request::Request;

#[test]
fn accept_names_json_explicitly() {
    let json = [
        "application/json",
        "application/problem+json",
        "application/vnd.api+json",
        "APPLICATION/JSON",
        "application/json, text/plain, */*", // axios
        "text/plain;q=0.5, application/json",
        "application/json;q=0.5, */*",
        "text/html, application/json;q=1.0",
        "application/json; charset=utf-8; q=0.9, text/*;q=0.9",
    ];
    for accept in json {
        assert!(accepts_json(&HeaderValue::from_static(accept)), "{accept}");
    }
    let text = [
        "*/*",
        "",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "text/plain",
        "application/json;q=0",
        "application/json;q=0.000",
        "application/json;q=0.5, text/plain",
        "application/json;q=0.5, text/*;q=0.8",
        "application/json;q=nope",
        "application/json;q=1.5",
        "application/jsonx",
        "application/+json",
        "json",
    ];
    for accept in text {
        assert!(!accepts_json(&HeaderValue::from_static(accept)), "{accept}");
    }
}

#[derive(serde::Deserialize)]
struct NewTodo {
    #[allow(dead_code)]
    title: String,
}

async fn create(req: Request) -> Result<Response, Error> {
    let _todo: NewTodo = req.json().await?;
    Ok(Response::empty(201))
}

use crate::Response;

async fn find() -> Result<Response, Error> {
    Err(Error::not_found("no todo 42")
        .with_type("https://example.com/problems/missing")
        .with_member("id", 42))
}

async fn broken() -> Result<Response, Error> {
    Err(Error::internal(std::io::Error::other(
        "db password is hunter2",
    )))
}

async fn parse(req: Request) -> Result<Response, Error> {
    let text = req.text().await?;
    let value: Value = serde_json::from_str(&text)?;
    Ok(Response::json(&value))
}

async fn outside() -> Result<Response, Error> {
    crate::cookies()?;
    Ok(Response::text("unreachable"))
}

async fn bad_path() -> axum::response::Response {
    crate::router::plain(StatusCode::BAD_REQUEST, "invalid percent-encoding in path")
}

async fn query(
    q: Result<axum::extract::Query<NewTodo>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Error> {
    let _ = q?;
    Ok(Response::empty(204))
}

fn app() -> Router {
    let app = Router::new()
        .route("/todos", post(create))
        .route("/todos/42", get(find))
        .route("/broken", get(broken))
        .route("/parse", post(parse))
        .route("/outside", get(outside))
        .route("/bad-path", get(bad_path))
        .route("/query", get(query))
        .layer(crate::BodyLimit::new(64).layer());
    Server::new(app).into_router()
}

async fn call(
    method: &str,
    uri: &str,
    accept: Option<&str>,
    body: &str,
) -> (StatusCode, http::HeaderMap, String) {
    let mut req = http::Request::builder().method(method).uri(uri);
    if let Some(accept) = accept {
        req = req.header("accept", accept);
    }
    let req = req.body(Body::from(body.to_string())).unwrap();
    let res = app().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

const JSON: Option<&str> = Some("application/json");

fn as_problem(headers: &http::HeaderMap, body: &str) -> Value {
    assert_eq!(headers["content-type"], "application/problem+json");
    assert_eq!(headers["vary"], "accept");
    serde_json::from_str(body).unwrap()
}

#[tokio::test]
async fn a_bad_json_body_is_400_text_or_problem_json() {
    // Without a JSON Accept: the same text as before (and as the conformance suite expects).
    for accept in [None, Some("*/*"), Some("text/html")] {
        let (status, headers, body) = call("POST", "/todos", accept, "{").await;
        assert_eq!(status, 400, "{accept:?}");
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
        assert!(
            body.starts_with("invalid JSON body: EOF while parsing"),
            "{body}"
        );
        assert!(headers.get("vary").is_none());
    }
    let (status, headers, body) = call("POST", "/todos", JSON, "{").await;
    assert_eq!(status, 400);
    let problem = as_problem(&headers, &body);
    assert_eq!(problem["type"], "about:blank");
    assert_eq!(problem["title"], "Bad Request");
    assert_eq!(problem["status"], 400);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .starts_with("invalid JSON body: EOF")
    );
    assert_eq!(problem.as_object().unwrap().len(), 4);

    let (status, headers, body) = call("POST", "/todos", JSON, "").await;
    assert_eq!(status, 400);
    assert_eq!(
        as_problem(&headers, &body)["detail"],
        "empty body where JSON was expected"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_either_way() {
    let big = format!("{{\"title\":\"{}\"}}", "x".repeat(100));
    let (status, headers, body) = call("POST", "/todos", None, &big).await;
    assert_eq!(status, 413);
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(body, "request body is larger than the limit of 64 bytes");
    let (status, headers, body) =
        call("POST", "/todos", Some("application/problem+json"), &big).await;
    assert_eq!(status, 413);
    let problem = as_problem(&headers, &body);
    assert_eq!(problem["title"], "Payload Too Large");
    assert_eq!(
        problem["detail"],
        "request body is larger than the limit of 64 bytes"
    );
}

#[tokio::test]
async fn a_users_error_carries_its_type_and_members() {
    let (status, headers, body) = call("GET", "/todos/42", None, "").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::NOT_FOUND, "no todo 42")
    );
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    let (status, headers, body) = call(
        "GET",
        "/todos/42",
        Some("application/json, text/plain, */*"),
        "",
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        as_problem(&headers, &body),
        json!({
            "type": "https://example.com/problems/missing",
            "title": "Not Found",
            "status": 404,
            "detail": "no todo 42",
            "id": 42,
        })
    );
}

#[tokio::test]
async fn server_errors_never_show_their_cause() {
    let (status, headers, body) = call("GET", "/broken", None, "").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "")
    );
    assert!(headers.get("content-type").is_none());
    let (status, headers, body) = call("GET", "/broken", JSON, "").await;
    assert_eq!(status, 500);
    assert!(!body.contains("hunter2"));
    assert_eq!(
        as_problem(&headers, &body),
        json!({ "type": "about:blank", "title": "Internal Server Error", "status": 500 })
    );
    // `cookies()` outside a request scope: `?` into `Error`, a 500.
    let (status, headers, body) = call("GET", "/outside", JSON, "").await;
    assert_eq!(status, 500);
    assert_eq!(as_problem(&headers, &body)["status"], 500);
    assert!(!body.contains("request scope"));
}

#[tokio::test]
async fn serde_json_errors_are_400() {
    let (status, _, body) = call("POST", "/parse", None, "[1,").await;
    assert_eq!(status, 400);
    assert!(body.starts_with("invalid JSON: "), "{body}");
    let (status, _, body) = call("POST", "/parse", None, "[1]").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "[1]"));
}

#[tokio::test]
async fn the_runtimes_plain_answers_follow_accept() {
    let (status, headers, body) = call("GET", "/bad-path", None, "").await;
    assert_eq!(status, 400);
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(body, "invalid percent-encoding in path");
    let (_, headers, body) = call("GET", "/bad-path", JSON, "").await;
    assert_eq!(
        as_problem(&headers, &body)["detail"],
        "invalid percent-encoding in path"
    );
}

#[tokio::test]
async fn axum_rejections_convert_with_their_status() {
    let (status, _, body) = call("GET", "/query?nope=1", None, "").await;
    assert_eq!(status, 400);
    assert!(body.contains("missing field `title`"), "{body}");
    let (status, _, _) = call("GET", "/query?title=a", None, "").await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn compressed_problems_are_problem_json() {
    let req = http::Request::post("/todos")
        .header("accept", "application/json")
        .header("accept-encoding", "gzip")
        .body(Body::from("{"))
        .unwrap();
    let res = app().oneshot(req).await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert!(res.headers().get("content-length").is_none());
}

#[test]
fn conversions_pick_statuses() {
    use crate::request::BodyError;
    assert_eq!(Error::from(BodyError::TooLarge { limit: 1 }).status(), 413);
    assert_eq!(Error::from(BodyError::EmptyJson).status(), 400);
    let store = crate::cache::StoreError::new("redis down");
    let err = Error::from(store);
    assert_eq!((err.status().as_u16(), err.detail()), (500, None));
    assert!(err.to_string().contains("redis down"));
    let io = serde_json::Error::io(std::io::Error::other("x"));
    assert_eq!(Error::from(io).status(), 500);
    let cookie = crate::SetCookie::new("bad name", "1")
        .validate()
        .unwrap_err();
    assert_eq!(Error::from(cookie).status(), 500);
    // A member cannot replace a standard one.
    let err = Error::bad_request("d")
        .with_member("status", 200)
        .with_member("detail", "x");
    assert_eq!(err.to_problem_json()["status"], 400);
    assert_eq!(err.to_problem_json()["detail"], "d");
    let err = Error::from_status(StatusCode::FORBIDDEN).with_member("detail", "x");
    assert!(err.to_problem_json().get("detail").is_none());
}
