//! `cookies().delete(name)`: sent expired, while `has` stays true for this request.

use route_runtime::cookies::CookieError;
use route_runtime::{cookies, route, Response};
use serde_json::json;

#[route]
pub async fn GET() -> Result<Response, CookieError> {
    let store = cookies()?;
    let before = store.has("c");
    store.delete("c")?;
    Ok(Response::json(
        &json!({ "before": before, "after": store.has("c") }),
    ))
}
