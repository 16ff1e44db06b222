//! Cookies: the ones a request sent ([`RequestCookies`]), cookies to set
//! ([`SetCookie`], formatted exactly like Next.js), and the request-scoped
//! [`cookies()`] store and [`headers()`] of Next.js' `next/headers`.
//!
//! ```
//! use route_runtime::cookies::{cookies, CookieError, SetCookie};
//! use route_runtime::Response;
//!
//! async fn handler() -> Result<Response, CookieError> {
//!     let store = cookies()?;
//!     let visits: u32 = store.get("visits").and_then(|c| c.value().parse().ok()).unwrap_or(0);
//!     store.set_with(SetCookie::new("visits", (visits + 1).to_string()).http_only(true))?;
//!     Ok(Response::text(format!("visit {}", visits + 1)))
//! }
//! ```

mod request;
mod set_cookie;
mod store;

use std::fmt;

pub use request::{RequestCookie, RequestCookies};
pub use set_cookie::{Priority, SameSite, SetCookie};
#[allow(unused_imports)] // for `crate::__private` (generated handlers)
#[cfg(test)]
pub(crate) use store::scope;
pub use store::{CookieStore, OutsideRequestScope, RequestHeaders, cookies, headers};
pub(crate) use store::{Precedence, merge_set_cookies};
pub(crate) use store::{Scope, current_scope, enter_request, leave, run_in};

/// A cookie could not be set: an invalid name or attribute, or the response
/// was already sent.
///
/// As a response it is a `500` with an empty body, and the error is logged.
///
/// ```
/// use route_runtime::cookies::SetCookie;
/// let err = SetCookie::new("bad name", "1").validate().unwrap_err();
/// assert!(err.to_string().contains("invalid cookie name"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieError {
    message: String,
}

impl CookieError {
    pub(crate) fn new(message: String) -> Self {
        CookieError { message }
    }
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CookieError {}

impl From<OutsideRequestScope> for CookieError {
    fn from(e: OutsideRequestScope) -> Self {
        CookieError::new(e.to_string())
    }
}

impl axum::response::IntoResponse for CookieError {
    fn into_response(self) -> axum::response::Response {
        crate::answer::internal_error(&self)
    }
}

#[cfg(test)]
mod tests;
