//! A cached GET (`Dynamic::ForceStatic`): rendered once, then served from the
//! cache with `Cache-Control: s-maxage=31536000`. It is rendered without the
//! request's headers, cookies and query string.

use route_runtime::cache::Dynamic;
use route_runtime::cookies::OutsideRequestScope;
use route_runtime::{headers, route, Request, Response};
use serde_json::json;

pub const DYNAMIC: Dynamic = Dynamic::ForceStatic;

#[route]
pub async fn GET(req: Request) -> Result<Response, OutsideRequestScope> {
    let h = headers()?;
    let url = req.next_url();
    Ok(Response::json(&json!({
        "time": crate::now_ms(),
        "userAgent": h.get("user-agent"),
        "search": url.search(),
        "q": url.search_params().get("q"),
        "url": req.url().as_str(),
    })))
}
