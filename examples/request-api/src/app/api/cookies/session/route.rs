//! Setting and deleting cookies with the `cookies()` store.
//!
//! ```js
//! export async function POST() {
//!   const cookieStore = await cookies()
//!   cookieStore.set('session', 'abc123', { httpOnly: true, maxAge: 3600, path: '/', sameSite: 'lax', secure: true })
//!   cookieStore.set('theme', 'dark')
//!   return new Response(null, { status: 204 })
//! }
//! export async function DELETE() {
//!   const cookieStore = await cookies()
//!   cookieStore.delete('session')
//!   return Response.json({ deleted: 'session' })
//! }
//! ```

use route_runtime::cookies::{CookieError, SameSite, SetCookie};
use route_runtime::{cookies, route, Response};

#[route]
pub async fn POST() -> Result<Response, CookieError> {
    let cookie_store = cookies()?;
    cookie_store.set_with(
        SetCookie::new("session", "abc123")
            .http_only(true)
            .max_age(3600)
            .path("/")
            .same_site(SameSite::Lax)
            .secure(true),
    )?;
    cookie_store.set("theme", "dark")?;
    Ok(Response::empty(204))
}

#[route]
pub async fn DELETE() -> Result<Response, CookieError> {
    let cookie_store = cookies()?;
    cookie_store.delete("session")?;
    Ok(Response::json(&serde_json::json!({ "deleted": "session" })))
}
