//! `headers()` and `request.headers()` see the same values; `referer` is
//! echoed back as a response header.

use route_runtime::cookies::OutsideRequestScope;
use route_runtime::{headers, route, Request, Response};
use serde_json::json;

#[route]
pub async fn GET(req: Request) -> Result<Response, OutsideRequestScope> {
    let list = headers()?;
    let referer = list.get("referer");
    let custom = req
        .headers()
        .get("x-custom")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let body = json!({
        "referer": referer,
        "userAgent": list.get("user-agent"),
        "custom": custom,
        "customViaHeaders": list.get("X-Custom"),
    });
    let mut res = Response::new(body.to_string())
        .status(200)
        .header("content-type", "application/json");
    if let Some(referer) = referer {
        res = res.header("referer", referer);
    }
    Ok(res)
}
