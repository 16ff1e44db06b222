//! `/openapi.json` and `/docs`: the document the tree builds, served, and
//! checked by `openapi-spec-validator` (Python; `.ci/run` installs it, a
//! loud `SKIPPED` line where it cannot be had).

use std::path::Path;

use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use route_runtime::axum::body::Body;
use serde_json::Value;
use tower::ServiceExt;

async fn get(uri: &str) -> (StatusCode, String, String) {
    let pool = todos_sqlite::connect("sqlite::memory:").await.unwrap();
    let res = todos_sqlite::app(pool)
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, kind, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn openapi_json_is_the_document_of_every_route() {
    let (status, kind, body) = get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/json");
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Todos");
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        paths,
        [
            "/api/instance",
            "/api/todos",
            "/api/todos/stats",
            "/api/todos/{id}",
            "/docs",
            "/openapi.json"
        ]
    );
    let item = &doc["paths"]["/api/todos/{id}"];
    assert_eq!(item["parameters"][0]["name"], "id");
    for method in ["get", "patch", "delete", "head", "options"] {
        assert!(item[method]["responses"].is_object(), "{method}");
    }
    // The handlers answer `Response`s: `#[openapi::operation(..)]` names
    // the bodies.
    let post = &doc["paths"]["/api/todos"]["post"];
    assert_eq!(
        post["summary"],
        "Creates a todo: `201` with its `Location`."
    );
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewTodo"
    );
    assert_eq!(
        post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Todo"
    );
    assert_eq!(
        post["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
    let query: Vec<&str> = doc["paths"]["/api/todos"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(query, ["page", "per_page", "q"]);
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Todo"]["required"],
        serde_json::json!(["id", "title", "done", "created_at"])
    );
    assert_eq!(schemas["NewTodo"]["additionalProperties"], false);
    assert_eq!(
        doc["paths"]["/api/todos/{id}"]["delete"]["responses"]["204"]["description"],
        "No Content"
    );
    assert_eq!(
        doc["paths"]["/api/todos"]["summary"],
        "`GET /api/todos?page=&per_page=&q=` lists, `POST /api/todos` creates."
    );

    // Validated as served.
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/openapi/todos-sqlite.json");
    match route_runtime::openapi::validate(&body, &file).expect("write the document") {
        route_runtime::openapi::Validation::Valid(text) => println!("{text}"),
        route_runtime::openapi::Validation::Invalid(text) => panic!("{}: {text}", file.display()),
        route_runtime::openapi::Validation::Skipped(why) => println!("SKIPPED: {why}"),
    }
}

#[tokio::test]
async fn docs_is_a_page_of_every_operation() {
    let (status, kind, page) = get("/docs").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/html"), "{kind}");
    for op in [
        "GET /api/todos",
        "POST /api/todos",
        "GET /api/todos/{id}",
        "PATCH /api/todos/{id}",
        "DELETE /api/todos/{id}",
        "GET /openapi.json",
    ] {
        assert!(page.contains(&format!("<code>{op}</code>")), "{op}");
    }
    assert!(page.contains(r#"href="/openapi.json""#));
    assert!(!page.contains("<script"), "self-contained, no script");
}
