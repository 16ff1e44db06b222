//! Reading cookies through `cookies()`.

use route_runtime::cookies::OutsideRequestScope;
use route_runtime::{cookies, route, Response};
use serde_json::json;

#[route]
pub async fn GET() -> Result<Response, OutsideRequestScope> {
    let store = cookies()?;
    let all: Vec<[String; 2]> = store
        .get_all()
        .iter()
        .map(|c| [c.name().to_owned(), c.value().to_owned()])
        .collect();
    Ok(Response::json(&json!({
        "token": store.get("token"),
        "has": store.has("token"),
        "all": all,
    })))
}
