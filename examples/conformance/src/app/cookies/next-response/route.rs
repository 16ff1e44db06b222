//! Cookies set on the response itself (`NextResponse.cookies`).

use route_runtime::cookies::SetCookie;
use route_runtime::{route, Response};
use serde_json::json;

#[route]
pub async fn GET() -> Response {
    Response::json(&json!({ "ok": true }))
        .cookie(SetCookie::new("nr", "v").http_only(true).max_age(60))
        .delete_cookie("gone")
}
