//! Docs: read a cookie with `cookies()` and echo it in a `Set-Cookie` header.
//!
//! ```js
//! const cookieStore = await cookies()
//! const token = cookieStore.get('token')
//! return new Response('Hello, Next.js!', {
//!   status: 200,
//!   headers: { 'Set-Cookie': `token=${token.value}` },
//! })
//! ```

use route_runtime::prelude::*;

#[route]
pub async fn GET() -> Result<Response, OutsideRequestScope> {
    let cookie_store = cookies()?;
    let token = cookie_store.get("token");
    let value = token.as_ref().map_or("none", |t| t.value());
    Ok(Response::text("Hello, Next.js!")
        .status(200)
        .header("set-cookie", format!("token={value}")))
}
