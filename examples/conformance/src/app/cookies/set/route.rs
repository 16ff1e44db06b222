//! `cookies().set(..)` with every attribute.

use cookie::time::OffsetDateTime;
use route_runtime::cookies::{CookieError, Priority, SameSite, SetCookie};
use route_runtime::{cookies, route, Response};
use serde_json::json;

/// 2030-01-01T00:00:00Z.
const Y2030: i64 = 1_893_456_000;

#[route]
pub async fn GET() -> Result<Response, CookieError> {
    let store = cookies()?;
    store.set("b", "1")?;
    store.set_with(
        SetCookie::new("session", "abc123")
            .http_only(true)
            .max_age(3600)
            .path("/")
            .same_site(SameSite::Lax)
            .secure(true),
    )?;
    let expires = OffsetDateTime::from_unix_timestamp(Y2030).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    store.set_with(
        SetCookie::new("prefs", "dark mode;=")
            .path("/cookies")
            .same_site(SameSite::Strict)
            .expires(expires)
            .domain("example.com"),
    )?;
    store.set_with(
        SetCookie::new("none", "x")
            .same_site(SameSite::None)
            .secure(true)
            .partitioned(true)
            .priority(Priority::High),
    )?;
    // The same name twice: the last one wins.
    store.set("dup", "first")?;
    store.set("dup", "second")?;
    Ok(Response::json(&json!({ "ok": true })))
}

#[route]
pub async fn POST() -> Result<Response, CookieError> {
    cookies()?.set_with(SetCookie::new("posted", "yes").http_only(true))?;
    Ok(Response::empty(204))
}
