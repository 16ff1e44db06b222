//! Cookies: the ones a request sent ([`RequestCookies`]), and the
//! request-scoped store of Next.js' `cookies()` from `next/headers`.

mod request;

pub use request::{RequestCookie, RequestCookies};
