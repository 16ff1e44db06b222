//! Docs: read cookies from the request itself (`request.cookies`).

use route_runtime::{route, Request, Response};

#[route]
pub async fn GET(req: Request) -> Response {
    let cookies = req.cookies();
    let token = cookies.get("token");
    let all: Vec<(&str, &str)> = cookies
        .get_all()
        .iter()
        .map(|c| (c.name.as_str(), c.value.as_str()))
        .collect();
    Response::json(&serde_json::json!({ "token": token, "all": all }))
}
