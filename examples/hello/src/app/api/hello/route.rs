use route_runtime::{route, Response};

#[route]
pub async fn GET() -> Response {
    Response::json(&serde_json::json!({ "message": "Hello World" }))
}
