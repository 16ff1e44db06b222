//! Docs: read headers with `headers()` (or `request.headers`) and send one back.
//!
//! ```js
//! const headersList = await headers()
//! const referer = headersList.get('referer')
//! return new Response('Hello, Next.js!', { status: 200, headers: { referer: referer } })
//! ```

use route_runtime::cookies::OutsideRequestScope;
use route_runtime::{headers, route, Request, Response};

#[route]
pub async fn GET(req: Request) -> Result<Response, OutsideRequestScope> {
    let headers_list = headers()?;
    let referer = headers_list.get("referer");
    // The same headers, through the request (`request.headers.get(..)`).
    let user_agent = req
        .headers()
        .get("user-agent")
        .and_then(|v| v.to_str().ok());
    let mut res =
        Response::json(&serde_json::json!({ "referer": referer, "userAgent": user_agent }))
            .status(200);
    if let Some(referer) = referer {
        res = res.header("referer", referer);
    }
    Ok(res)
}
