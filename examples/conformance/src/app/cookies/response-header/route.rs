//! The docs' example: read a cookie and send it back in a raw `Set-Cookie`.

use route_runtime::cookies::OutsideRequestScope;
use route_runtime::{cookies, route, Response};

#[route]
pub async fn GET() -> Result<Response, OutsideRequestScope> {
    let token = cookies()?.get("token");
    let value = token.as_ref().map_or("none", |t| t.value());
    Ok(Response::text("Hello, Next.js!")
        .status(200)
        .header("set-cookie", format!("token={value}")))
}
