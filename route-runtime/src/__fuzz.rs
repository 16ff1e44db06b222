//! The internals that the `cargo fuzz` targets in `fuzz/` call, behind the
//! non-default `fuzzing` feature. Not public API. Everything else the targets
//! need is public already (`RequestCookies::from_headers`, `SetCookie`,
//! `SearchParams`, `Request::form_data`).

/// What the router does with a request path: serve, 308 or 400.
#[derive(Debug, PartialEq, Eq)]
pub enum PathCheck {
    /// Served as it is.
    Canonical,
    /// 308 to this path.
    Redirect(String),
    /// 400.
    Invalid,
}

/// [`crate::path::check`], the check every request path goes through.
pub fn check(path: &str) -> PathCheck {
    match crate::path::check(path) {
        crate::path::PathCheck::Canonical => PathCheck::Canonical,
        crate::path::PathCheck::Redirect(to) => PathCheck::Redirect(to),
        crate::path::PathCheck::Invalid(_) => PathCheck::Invalid,
    }
}

/// [`crate::path::decode`]: one path segment, percent-decoded, as params are.
pub fn decode(seg: &str) -> Option<String> {
    crate::path::decode(seg).ok().map(|s| s.into_owned())
}

/// The `Set-Cookie` value the cookie store writes for `cookie` (normalized
/// like Next.js: `Path=/` by default, `Expires` beside a non-zero `Max-Age`).
pub fn set_cookie_header(cookie: crate::cookies::SetCookie) -> String {
    cookie.normalized().to_string()
}
