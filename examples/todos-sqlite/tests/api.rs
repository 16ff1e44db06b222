//! The todos API over a real in-memory SQLite database (migrations applied),
//! driven with `oneshot`.

use http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use route_runtime::axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn app() -> Router {
    let pool = todos_sqlite::connect("sqlite::memory:").await.unwrap();
    todos_sqlite::app(pool)
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    body: Value,
}

async fn send(app: &Router, method: Method, uri: &str, body: &str) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
    };
    Reply {
        status,
        location,
        body,
    }
}

async fn create(app: &Router, title: &str) -> Value {
    let res = send(
        app,
        Method::POST,
        "/api/todos",
        &json!({ "title": title }).to_string(),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.body
}

fn titles(body: &Value) -> Vec<&str> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn create_read_update_delete() {
    let app = app().await;
    let res = send(
        &app,
        Method::POST,
        "/api/todos",
        r#"{"title":"  Buy milk "}"#,
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let id = res.body["id"].as_i64().unwrap();
    assert_eq!(
        res.location.as_deref(),
        Some(format!("/api/todos/{id}").as_str())
    );
    assert_eq!(res.body["title"], "Buy milk");
    assert_eq!(res.body["done"], false);
    assert!(res.body["created_at"].as_str().unwrap().ends_with('Z'));

    let res = send(&app, Method::GET, &format!("/api/todos/{id}"), "").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body["title"], "Buy milk");

    let res = send(
        &app,
        Method::PATCH,
        &format!("/api/todos/{id}"),
        r#"{"done":true}"#,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        (res.body["title"].as_str(), res.body["done"].as_bool()),
        (Some("Buy milk"), Some(true))
    );

    let res = send(
        &app,
        Method::PATCH,
        &format!("/api/todos/{id}"),
        r#"{"title":"Buy oat milk"}"#,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        (res.body["title"].as_str(), res.body["done"].as_bool()),
        (Some("Buy oat milk"), Some(true))
    );

    let res = send(&app, Method::DELETE, &format!("/api/todos/{id}"), "").await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert_eq!(res.body, Value::Null);

    let res = send(&app, Method::GET, &format!("/api/todos/{id}"), "").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.body, json!({ "error": format!("todo {id} not found") }));
}

#[tokio::test]
async fn missing_rows_are_404() {
    let app = app().await;
    for method in [Method::GET, Method::DELETE] {
        let res = send(&app, method.clone(), "/api/todos/999", "").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{method}");
        assert_eq!(res.body, json!({ "error": "todo 999 not found" }));
    }
    let res = send(&app, Method::PATCH, "/api/todos/999", r#"{"done":true}"#).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_input_is_400_with_field_errors() {
    let app = app().await;
    let long = "x".repeat(201);
    let cases: Vec<(String, Value)> = vec![
        (
            r#"{"title":""}"#.into(),
            json!({ "title": "must not be empty" }),
        ),
        (
            r#"{"title":"   "}"#.into(),
            json!({ "title": "must not be empty" }),
        ),
        ("{}".into(), json!({ "title": "is required" })),
        (
            r#"{"title":7}"#.into(),
            json!({ "title": "must be a string" }),
        ),
        (
            json!({ "title": long }).to_string(),
            json!({ "title": "must be at most 200 characters" }),
        ),
        (
            r#"{"title":"","done":"yes"}"#.into(),
            json!({ "title": "must not be empty", "done": "must be true or false" }),
        ),
        (
            r#"{"titel":"typo"}"#.into(),
            json!({ "body": "unknown field(s): titel", "title": "is required" }),
        ),
        ("[1]".into(), json!({ "body": "must be a JSON object" })),
    ];
    for (body, errors) in cases {
        let res = send(&app, Method::POST, "/api/todos", &body).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(res.body, json!({ "errors": errors }), "{body}");
    }
    // Not JSON at all: the reason is in `errors.body`.
    for body in ["", "{\"title\":"] {
        let res = send(&app, Method::POST, "/api/todos", body).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{body:?}");
        assert!(
            res.body["errors"]["body"].is_string(),
            "{body:?}: {}",
            res.body
        );
    }

    let id = create(&app, "Walk the dog").await["id"].as_i64().unwrap();
    let res = send(
        &app,
        Method::PATCH,
        &format!("/api/todos/{id}"),
        r#"{"title":""}"#,
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        res.body,
        json!({ "errors": { "title": "must not be empty" } })
    );

    for uri in ["/api/todos/abc", "/api/todos/0", "/api/todos/-3"] {
        let res = send(&app, Method::GET, uri, "").await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(
            res.body,
            json!({ "errors": { "id": "must be a positive whole number" } })
        );
    }

    // Nothing was written by the refused requests.
    let res = send(&app, Method::GET, "/api/todos", "").await;
    assert_eq!(titles(&res.body), ["Walk the dog"]);
}

#[tokio::test]
async fn duplicate_titles_are_409() {
    let app = app().await;
    create(&app, "Buy milk").await;
    let other = create(&app, "Buy bread").await["id"].as_i64().unwrap();

    let res = send(&app, Method::POST, "/api/todos", r#"{"title":"buy MILK"}"#).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(
        res.body,
        json!({ "error": "a todo titled \"buy MILK\" already exists" })
    );

    let res = send(
        &app,
        Method::PATCH,
        &format!("/api/todos/{other}"),
        r#"{"title":"Buy milk"}"#,
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(
        res.body,
        json!({ "error": "a todo titled \"Buy milk\" already exists" })
    );

    // Renaming a todo to its own title is not a clash.
    let res = send(
        &app,
        Method::PATCH,
        &format!("/api/todos/{other}"),
        r#"{"title":"Buy bread"}"#,
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn list_paginates_and_searches() {
    let app = app().await;
    for i in 1..=25 {
        let title = if i % 5 == 0 {
            format!("Call mum #{i}")
        } else {
            format!("Task {i:02}")
        };
        create(&app, &title).await;
    }
    create(&app, "100% done_ish").await;

    let res = send(&app, Method::GET, "/api/todos", "").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        (
            res.body["page"].as_i64(),
            res.body["per_page"].as_i64(),
            res.body["total"].as_i64()
        ),
        (Some(1), Some(20), Some(26))
    );
    assert_eq!(titles(&res.body).len(), 20);
    assert_eq!(titles(&res.body)[0], "Task 01");

    let res = send(&app, Method::GET, "/api/todos?page=3&per_page=10", "").await;
    assert_eq!(
        titles(&res.body),
        [
            "Task 21",
            "Task 22",
            "Task 23",
            "Task 24",
            "Call mum #25",
            "100% done_ish"
        ]
    );
    assert_eq!(res.body["total"], 26);

    let res = send(&app, Method::GET, "/api/todos?page=9&per_page=10", "").await;
    assert_eq!(titles(&res.body), Vec::<&str>::new());

    // Search is a case-insensitive substring match; % and _ are literal.
    let res = send(&app, Method::GET, "/api/todos?q=MUM&per_page=2", "").await;
    assert_eq!(res.body["total"], 5);
    assert_eq!(titles(&res.body), ["Call mum #5", "Call mum #10"]);
    let res = send(&app, Method::GET, "/api/todos?q=%25+done_", "").await;
    assert_eq!(titles(&res.body), ["100% done_ish"]);
    let res = send(&app, Method::GET, "/api/todos?q=_", "").await;
    assert_eq!(titles(&res.body), ["100% done_ish"]);

    for (query, field, message) in [
        (
            "page=0",
            "page",
            "must be a whole number from 1 to 4294967295",
        ),
        (
            "page=two",
            "page",
            "must be a whole number from 1 to 4294967295",
        ),
        (
            "per_page=101",
            "per_page",
            "must be a whole number from 1 to 100",
        ),
        (
            "per_page=-1",
            "per_page",
            "must be a whole number from 1 to 100",
        ),
    ] {
        let res = send(&app, Method::GET, &format!("/api/todos?{query}"), "").await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(res.body, json!({ "errors": { field: message } }), "{query}");
    }
}

#[tokio::test]
async fn data_survives_across_requests_on_a_file_database() {
    let dir = std::env::temp_dir().join(format!("todos-sqlite-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("todos.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    {
        let app = todos_sqlite::app(todos_sqlite::connect(&url).await.unwrap());
        create(&app, "Persist me").await;
    }
    // A second pool on the same file: migrations are not re-applied, the row is there.
    let app = todos_sqlite::app(todos_sqlite::connect(&url).await.unwrap());
    let res = send(&app, Method::GET, "/api/todos", "").await;
    assert_eq!(titles(&res.body), ["Persist me"]);
    let _ = std::fs::remove_dir_all(&dir);
}
