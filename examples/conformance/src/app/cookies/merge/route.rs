//! `cookies().set()` and raw `Set-Cookie` headers on the returned response:
//! the response's own cookies come first, the store's after.

use route_runtime::cookies::CookieError;
use route_runtime::{cookies, route, Response};

#[route]
pub async fn GET() -> Result<Response, CookieError> {
    cookies()?.set("fromStore", "1")?;
    Ok(Response::text("merged")
        .append_header("set-cookie", "fromResponse=2; Path=/")
        .append_header("set-cookie", "fromResponse2=3"))
}
