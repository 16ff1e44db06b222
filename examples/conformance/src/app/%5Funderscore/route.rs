//! The folder `%5Funderscore` makes the URL segment `/_underscore`
//! (a leading `_` would make the folder private).

use route_runtime::{route, Request, Response};
use serde_json::json;

#[route]
pub async fn GET(req: Request) -> Response {
    Response::json(&json!({ "underscore": true, "pathname": req.next_url().pathname() }))
}
