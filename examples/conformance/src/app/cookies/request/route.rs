//! Reading cookies from the request itself (`request.cookies`).

use route_runtime::{route, Request, Response};
use serde_json::json;

#[route]
pub async fn GET(req: Request) -> Response {
    let cookies = req.cookies();
    let all: Vec<[&str; 2]> = cookies
        .get_all()
        .iter()
        .map(|c| [c.name.as_str(), c.value.as_str()])
        .collect();
    Response::json(&json!({ "token": cookies.get("token"), "all": all }))
}
